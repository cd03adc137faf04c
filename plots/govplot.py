"""govplot.py - load govsim HDF5 files into labelled arrays and draw the figures.

Every govsim command writes one HDF5 file (layout: DESIGN.md section 4).
`load(path)` opens it with xarray (h5netcdf engine: every axis carries a
dimension scale, so dimensions come out named) and h5py (groups, attributes),
and returns a `Run`: the root variables as xarray DataArrays plus the nation
table, edges, sweep values, /summary, and the /compare and /sensitivity
groups when the file has them.  Large per-nation arrays (/alignment, /prob,
/standard) stay lazy; they are absent at `output.level = shares` and the
figures that need them say so.

Each `fig_*` function returns a matplotlib Figure (no pyplot state: safe in
scripts, tests and notebooks).  Fixed colour-blind-safe colours per option
and track (Okabe-Ito) across every figure; titles give scenario and seed.
Time series show the mean over replicates with a 5-95% band (quantiles over
replicates, linear interpolation as GSL's gsl_stats_quantile_from_sorted_data).

Command line (Debian's interpreter):
    /usr/bin/python3 plots/govplot.py FILE.h5 --out DIR [--svg]
writes every figure the file's contents allow and prints the paths.
"""
import argparse
import os
import re
import sys

import h5py
import matplotlib

if __name__ == "__main__":
    matplotlib.use("Agg")
import matplotlib.patches  # noqa: E402
import matplotlib.patheffects  # noqa: E402
import matplotlib.ticker  # noqa: E402
import matplotlib.transforms  # noqa: E402
import numpy as np  # noqa: E402
import xarray as xr  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.colors import LinearSegmentedColormap, Normalize  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

OPTIONS = ("hedge", "us", "cn")
TRACKS = ("none", "multilateral", "us_led", "dual")
# Okabe-Ito: distinguishable under the common colour-vision deficiencies.
OPTION_COLORS = {"hedge": "#999999", "us": "#0072B2", "cn": "#D55E00"}
TRACK_COLORS = {"none": "#BBBBBB", "multilateral": "#E69F00", "us_led": "#56B4E9",
                "dual": "#009E73"}
OPTION_LABELS = {"hedge": "hedge", "us": "U.S. offer", "cn": "China's offer"}
NEUTRAL = "#333333"
# P(cn) - P(us): blue (us) through light grey to vermillion (cn).
DIVERGING = LinearSegmentedColormap.from_list(
    "govsim_us_cn", ["#0072B2", "#7FB2D6", "#F2F2F2", "#EAAE80", "#D55E00"])
SHARE_VARS = (("share_count", "share of nations"),
              ("share_population", "population-weighted share"),
              ("share_gdp", "GDP-weighted share"))
BAND = (0.05, 0.95)
# Bubble area: 1 pt^2 per million people (India ~ 1,400 pt^2), so maps of
# different runs share one scale; the floor keeps microstates visible.
BUBBLE_PT2_PER_PERSON = 1e-6
BUBBLE_MIN_PT2 = 4.0
DPI = 150


# ----------------------------------------------------------------- loading

def _s(x):
    """HDF5 string (bytes, numpy bytes, str, 0-d array) -> str."""
    if isinstance(x, np.ndarray) and x.ndim == 0:
        x = x[()]
    if isinstance(x, (bytes, np.bytes_)):
        return x.decode("utf-8", "replace").rstrip("\0")
    return str(x)


def _attr(v):
    if isinstance(v, (bytes, np.bytes_, str)):
        return _s(v)
    if isinstance(v, np.ndarray):
        if v.dtype.kind in "SOU":
            return [_s(x) for x in v.ravel()]
        return v[()] if v.ndim == 0 else v
    if isinstance(v, np.generic):
        return v.item()
    return v


def _decode_coords(ds):
    """Fixed-length HDF5 strings arrive as bytes: make every coordinate str."""
    for name in list(ds.coords):
        c = ds.coords[name]
        if c.dtype.kind in "SO" and c.size and isinstance(c.values.ravel()[0], (bytes, np.bytes_)):
            ds = ds.assign_coords({name: [_s(x) for x in c.values]})
    return ds


class Run:
    """One govsim file, loaded.

    ds           xarray Dataset of the root variables (lazy), coordinates
                 point, replicate, time (decimal years), nation (ISO3),
                 option, track, region, stat
    attrs        root attributes (str / int)
    config       resolved INI text ('' when absent)
    nations      Dataset over nation: name, region, lat, lon, population,
                 gdp (each present when the file has it)
    summary      {var: DataArray [stat, ...]} from /summary
    sweep        {key: numpy array [point]} from /sweep
    edges        {source, target, weight, layer: numpy arrays, layer_names:
                 list} or None
    compare      Dataset of /compare (outcome, region, option, nation) or None
    sensitivity  Dataset of /sensitivity (outcome, parameter) or None
    run["share_count"] is run.ds["share_count"].
    """

    def __init__(self, path):
        self.path = path
        self._h5 = h5py.File(path, "r")
        f = self._h5
        self.attrs = {k: _attr(v) for k, v in f.attrs.items()}
        self.config = _s(f["config"][()]) if "config" in f else ""
        # compound tables (events, tasks) are read with h5py, not xarray
        drop = [k for k, v in f.items()
                if isinstance(v, h5py.Dataset) and v.dtype.names is not None]
        self._dsets = []
        self.ds = self._open(None, drop)
        self.summary = self._group("summary")
        self.sweep = {}
        if isinstance(f.get("sweep"), h5py.Group):
            for k, v in f["sweep"].items():
                if isinstance(v, h5py.Dataset):
                    self.sweep[k] = np.asarray(v[()], dtype=float)
        self.compare = self._group_ds("compare")
        self.sensitivity = self._group_ds("sensitivity")
        self.edges = self._edges()
        self.nations = self._nations()

    # -- file access
    def _open(self, group, drop=()):
        ds = xr.open_dataset(self.path, engine="h5netcdf", group=group, phony_dims="access",
                             drop_variables=list(drop) or None)
        self._dsets.append(ds)
        ds = _decode_coords(ds)
        if group is not None:
            # dimensions whose scale lives at the root carry no coordinate here
            root = getattr(self, "ds", None)
            for d in ds.dims:
                if d not in ds.coords and root is not None and d in root.coords:
                    ds = ds.assign_coords({d: root.coords[d].values})
        return ds

    def _group(self, name):
        g = self._h5.get(name)
        if not isinstance(g, h5py.Group):
            return {}
        ds = self._open(name)
        return {k: ds[k] for k in ds.data_vars}

    def _group_ds(self, name):
        g = self._h5.get(name)
        if not isinstance(g, h5py.Group):
            return None
        ds = self._open(name)
        for k in ds.data_vars:
            if ds[k].dtype.kind in "SO":
                ds[k] = ds[k].copy(data=np.array([_s(x) for x in ds[k].values.ravel()],
                                                 dtype=object).reshape(ds[k].shape))
        return ds

    def _find(self, *names):
        """First dataset among names (root, then /nation_attrs, /nations)."""
        for n in names:
            for pre in ("", "nation_attrs/", "nations/", "attrs/"):
                d = self._h5.get(pre + n)
                if isinstance(d, h5py.Dataset):
                    return d[()]
        return None

    def _nations(self):
        if "nation" not in self.ds.coords:
            return None
        iso = [str(x) for x in self.ds.coords["nation"].values]
        n = len(iso)
        out = xr.Dataset(coords={"nation": iso})
        name = self._find("nation_name", "name")
        if name is not None:
            out["name"] = ("nation", [_s(x) for x in name])
        reg = self._find("region_of")
        if reg is not None:
            if reg.dtype.kind in "iu" and "region" in self.ds.coords:
                rn = [str(x) for x in self.ds.coords["region"].values]
                reg = [rn[int(i)] if 0 <= int(i) < len(rn) else "" for i in reg]
            else:
                reg = [_s(x) for x in reg]
            out["region"] = ("nation", reg)
        for key, names in (("lat", ("capital_lat", "lat", "latitude")),
                           ("lon", ("capital_lon", "lon", "longitude")),
                           ("population", ("population",)),
                           ("gdp", ("gdp", "gdp_usd")),
                           ("global_south", ("global_south",))):
            v = self._find(*names)
            if v is not None and np.ndim(v) == 1 and len(v) == n:
                out[key] = ("nation", np.asarray(v, dtype=float))
        return out

    def _edges(self):
        g = self._h5.get("edges")
        if not isinstance(g, h5py.Group) or "source" not in g or "target" not in g:
            return None
        e = {k: g[k][()] for k in ("source", "target", "weight", "layer") if k in g}
        if "weight" not in e:
            e["weight"] = np.ones(len(e["source"]))
        names = "border trade alliance bloc region".split()
        values = list(range(len(names)))
        if "layer" in g:
            a = g["layer"].attrs
            if "flag_meanings" in a:
                names = _s(a["flag_meanings"]).split()
                values = (list(np.asarray(a["flag_values"]).ravel()) if "flag_values" in a
                          else list(range(len(names))))
        else:
            e["layer"] = np.ones(len(e["source"]), dtype=np.uint8)
        e["layer_codes"] = dict(zip(names, [int(v) for v in values]))
        if e["source"].dtype.kind in "SO":  # endpoints given as ISO3 codes
            idx = {c: i for i, c in enumerate(str(x) for x in self.ds.coords["nation"].values)}
            for k in ("source", "target"):
                e[k] = np.array([idx.get(_s(x), -1) for x in e[k]])
        return e

    # -- convenience
    def __getitem__(self, name):
        return self.ds[name]

    def __contains__(self, name):
        return name in self.ds.data_vars

    def close(self):
        for d in self._dsets:
            d.close()
        self._h5.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def npoints(self):
        return int(self.ds.sizes.get("point", 1))

    @property
    def nreplicates(self):
        return int(self.ds.sizes.get("replicate", 0))

    @property
    def times(self):
        return np.asarray(self.ds.coords["time"].values, dtype=float)

    @property
    def level(self):
        return "full" if ("prob" in self or "alignment" in self) else "shares"

    @property
    def scenario(self):
        """Scenario name: the scenario_name attribute, else [scenario] name of
        the config, else the file stem."""
        if self.attrs.get("scenario_name"):
            return str(self.attrs["scenario_name"])
        return _scenario_name(self.config, self.attrs.get("scenario") or self.path)

    @property
    def seed(self):
        return self.attrs.get("seed", "?")

    def label(self, point=None):
        """'scenario · seed S · R replicates' (+ the point's sweep values)."""
        s = "%s · seed %s · %d replicates" % (self.scenario, self.seed, self.nreplicates)
        if point is not None and self.npoints > 1:
            vals = ", ".join("%s = %.3g" % (k, v[point]) for k, v in self.sweep.items())
            s += " · point %d%s" % (point, " (%s)" % vals if vals else "")
        return s


def load(path):
    """Opens a govsim HDF5 file; returns a Run (close it, or use `with`).
    Raises OSError when the file cannot be read, ValueError when it is not a
    govsim file."""
    r = Run(path)
    conv = r.attrs.get("conventions", "")
    if not str(conv).startswith("govsim"):
        r.close()
        raise ValueError("%s: not a govsim file (conventions = %r)" % (path, conv))
    return r


# ------------------------------------------------------------- statistics

def band(da, dim="replicate", q=BAND):
    """(mean, lo, hi) over dim, ignoring missing (failed tasks: NaN)."""
    da = da.astype(float)
    lo_hi = da.quantile(list(q), dim=dim, skipna=True)
    return (da.mean(dim, skipna=True), lo_hi.isel(quantile=0, drop=True),
            lo_hi.isel(quantile=1, drop=True))


def final_probs(run, point=0, time=-1):
    """Mean over replicates of the final choice probabilities, [nation, option],
    from /prob, else the frequency of each final alignment in /alignment.
    None when the file has neither (output.level = shares)."""
    if "prob" in run:
        p = run["prob"].isel(point=point, time=time).astype(float)
        return p.mean("replicate", skipna=True).transpose("nation", "option")
    if "alignment" in run:
        a = run["alignment"].isel(point=point, time=time).values.astype(float)
        a[(a < 0) | (a > 2)] = np.nan  # fill value of failed tasks
        freq = np.stack([np.nanmean(np.where(np.isnan(a), np.nan, a == o), axis=0)
                         for o in range(3)], -1)
        return xr.DataArray(freq, dims=("nation", "option"),
                            coords={"nation": run.ds.coords["nation"].values,
                                    "option": list(OPTIONS)})
    return None


def modal_alignment(run, point=0, time=-1):
    """Most frequent final option per nation over replicates (from
    /alignment, else argmax of mean /prob), as option codes; None at level
    shares.  Ties go to the lower code (hedge, then us)."""
    if "alignment" in run:
        a = run["alignment"].isel(point=point, time=time).values
        counts = np.stack([(a == o).sum(axis=0) for o in range(3)], -1)
        return counts.argmax(-1)
    p = final_probs(run, point, time)
    return None if p is None else np.asarray(p.values).argmax(-1)


def final_outcome(run, outcome, option=None, time=-1):
    """The outcome at the final time as [point, replicate]: outcome is a
    root variable; option picks an option or track when it has one."""
    da = run[outcome].isel(time=time)
    for dim in ("option", "track"):
        if dim in da.dims:
            if option is None:
                raise ValueError("%s needs an %s" % (outcome, dim))
            da = da.sel({dim: option})
    return da.astype(float)


# ---------------------------------------------------------------- drawing

def _fig(w, h):
    fig = Figure(figsize=(w, h), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _ribbon(ax, x, da, color, label, key):
    """Mean line + 5-95% band of da [replicate, time]; artists get gids
    'mean:KEY' and 'band:KEY' so tests find them."""
    m, lo, hi = band(da)
    b = ax.fill_between(x, lo.values, hi.values, color=color, alpha=0.22, linewidth=0)
    b.set_gid("band:" + key)
    (ln,) = ax.plot(x, m.values, color=color, lw=2, label=label)
    ln.set_gid("mean:" + key)
    return ln


def _time_axis(ax, x, ylabel, unit=True):
    ax.set_xlim(x[0], x[-1])
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
    ax.xaxis.set_major_formatter(matplotlib.ticker.FormatStrFormatter("%g"))
    if unit:
        ax.set_ylim(0, 1)
    ax.set_ylabel(ylabel)
    ax.set_xlabel("year")
    ax.grid(True, color="#E5E5E5", lw=0.6)
    ax.set_axisbelow(True)


def _option_legend(ax, options=OPTIONS, extra=(), anchor=(1.02, 0.5), loc="center left"):
    """Legend of the option colours (+ extra (label, colour, (ls, lw))) and
    the band, outside ax on the right (constrained layout makes room)."""
    h = [Line2D([], [], color=OPTION_COLORS[o], lw=2) for o in options]
    h += [Line2D([], [], color=c, lw=ls_lw[1], ls=ls_lw[0]) for _, c, ls_lw in extra]
    lab = [OPTION_LABELS[o] for o in options] + [e[0] for e in extra]
    h.append(matplotlib.patches.Patch(color="#777777", alpha=0.3))
    lab.append("5-95% of replicates")
    ax.legend(h, lab, loc=loc, bbox_to_anchor=anchor, frameon=False, fontsize=9)


def _gid_bars(bars, gid):
    """Tags every rectangle of a BarContainer (containers take no gid)."""
    for r in bars:
        r.set_gid(gid)


def _need(run, *names):
    missing = [n for n in names if n not in run]
    if missing:
        raise ValueError("%s has no %s" % (run.path, ", ".join("/" + m for m in missing)))


def fig_shares(run, point=0):
    """Bloc shares over time: count, population- and GDP-weighted panels."""
    _need(run, *[v for v, _ in SHARE_VARS])
    x = run.times
    fig = _fig(12, 4.2)
    axes = fig.subplots(1, 3, sharey=True)
    for ax, (var, ylab) in zip(axes, SHARE_VARS):
        da = run[var].isel(point=point)
        for o in OPTIONS:
            _ribbon(ax, x, da.sel(option=o), OPTION_COLORS[o], OPTION_LABELS[o],
                    "%s:%s" % (var, o))
        _time_axis(ax, x, ylab)
        ax.set_title(ylab.replace("share", "").strip().capitalize() or "Count")
    axes[0].set_title("Count (one nation, one vote)")
    axes[1].set_title("Population-weighted")
    axes[2].set_title("GDP-weighted")
    axes[0].set_ylabel("share")
    for ax in axes[1:]:
        ax.set_ylabel("")
    fig.suptitle("Bloc shares over time\n" + run.label(point))
    _option_legend(axes[-1])
    return fig


def fig_global_south(run, point=0):
    """Global South shares over time, with all nations (dashed) for reference."""
    _need(run, "share_global_south")
    x = run.times
    fig = _fig(7, 4.5)
    ax = fig.subplots()
    gs = run["share_global_south"].isel(point=point)
    allc = run["share_count"].isel(point=point) if "share_count" in run else None
    for o in OPTIONS:
        _ribbon(ax, x, gs.sel(option=o), OPTION_COLORS[o], OPTION_LABELS[o],
                "share_global_south:" + o)
        if allc is not None:
            (ln,) = ax.plot(x, allc.sel(option=o).mean("replicate").values,
                            color=OPTION_COLORS[o], lw=1.2, ls="--")
            ln.set_gid("ref:share_count:" + o)
    _time_axis(ax, x, "share of Global South nations")
    fig.suptitle("Global South alignment\n" + run.label(point))
    extra = (("all nations (mean)", "#555555", ("--", 1.2)),) if allc is not None else ()
    _option_legend(ax, extra=extra)
    return fig


def fig_regions(run, point=0, ncols=3):
    """Count shares per region over time, one small panel per region."""
    _need(run, "share_region")
    x = run.times
    sr = run["share_region"].isel(point=point)
    regions = [str(r) for r in sr.coords["region"].values]
    nrows = int(np.ceil(len(regions) / ncols))
    fig = _fig(3.6 * ncols, 2.6 * nrows + 1.0)
    axes = np.atleast_1d(fig.subplots(nrows, ncols, sharex=True, sharey=True, squeeze=False)).ravel()
    for ax, reg in zip(axes, regions):
        for o in OPTIONS:
            _ribbon(ax, x, sr.sel(region=reg, option=o), OPTION_COLORS[o], OPTION_LABELS[o],
                    "share_region:%s:%s" % (reg, o))
        _time_axis(ax, x, "")
        ax.set_title(reg, fontsize=10)
    for i, ax in enumerate(axes[:len(regions)]):
        if i + ncols < len(regions):  # a panel below carries the time axis
            ax.tick_params(labelbottom=False)
            ax.set_xlabel("")
        else:  # sharex hid them on every row but the last
            ax.tick_params(labelbottom=True)
        if i % ncols:
            ax.tick_params(labelleft=False)
    for ax in axes[len(regions):]:
        ax.set_visible(False)
    fig.supylabel("share of the region's nations")
    fig.suptitle("Bloc shares by region\n" + run.label(point))
    _option_legend(axes[min(ncols, len(regions)) - 1], anchor=(1.04, 1.0), loc="upper left")
    return fig


def bubble_sizes(population):
    """Marker areas (pt^2) proportional to population, floored for visibility."""
    return np.maximum(np.asarray(population, float) * BUBBLE_PT2_PER_PERSON, BUBBLE_MIN_PT2)


def _graticule(ax):
    ax.set_xlim(-180, 180)
    ax.set_ylim(-50, 72)
    ax.set_aspect("equal")
    ax.set_xticks(np.arange(-180, 181, 60))
    ax.set_yticks(np.arange(-30, 61, 30))
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(
        lambda v, _: "%d°%s" % (abs(v), "E" if v > 0 else "W" if v < 0 else "")))
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(
        lambda v, _: "%d°%s" % (abs(v), "N" if v > 0 else "S" if v < 0 else "")))
    ax.grid(True, color="#E0E0E0", lw=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=8)


def _need_map(run):
    nat = run.nations
    if nat is None or "lat" not in nat or "lon" not in nat:
        raise ValueError("%s has no capital coordinates" % run.path)
    return nat


def fig_world_map(run, point=0, time=-1, label_top=10):
    """World bubble map: capitals at lon/lat, area by population, colour
    = mean final P(cn) - P(us) over replicates (alignment frequencies when
    /prob is absent); nations whose modal final option is hedge get a dark
    dashed ring.  Drawn largest first so small nations stay on top."""
    nat = _need_map(run)
    p = final_probs(run, point, time)
    if p is None:
        raise ValueError("%s has no per-nation output (output.level = shares)" % run.path)
    diff = (p.sel(option="cn") - p.sel(option="us")).values
    modal = modal_alignment(run, point, time)
    pop = nat["population"].values if "population" in nat else np.full(len(diff), 1e7)
    order = np.argsort(-pop, kind="stable")
    lon, lat = nat["lon"].values[order], nat["lat"].values[order]
    fig = _fig(12, 5.1)
    ax = fig.subplots()
    _graticule(ax)
    sc = ax.scatter(lon, lat, s=bubble_sizes(pop)[order], c=diff[order], cmap=DIVERGING,
                    norm=Normalize(-1, 1), edgecolors="white", linewidths=0.4, zorder=3)
    sc.set_gid("nations")
    # hedgers: a dark outline over their bubble (which is near white anyway)
    hedge = order[modal[order] == 0]
    hs = ax.scatter(nat["lon"].values[hedge], nat["lat"].values[hedge],
                    s=bubble_sizes(pop)[hedge], facecolors="none", edgecolors=NEUTRAL,
                    linewidths=0.9, zorder=4)
    hs.set_gid("hedgers")
    halo = [matplotlib.patheffects.withStroke(linewidth=2, foreground="white")]
    for i in order[:label_top]:
        ax.annotate(str(nat.nation.values[i]), (nat["lon"].values[i], nat["lat"].values[i]),
                    fontsize=7, ha="center", va="center", color="black", zorder=5,
                    path_effects=halo)
    cb = fig.colorbar(sc, ax=ax, shrink=0.7, pad=0.01)
    src = "P(cn) − P(us)" if "prob" in run else "freq(cn) − freq(us)"
    cb.set_label("mean final %s over replicates" % src)
    cb.set_ticks([-1, -0.5, 0, 0.5, 1])
    cb.set_ticklabels(["−1 U.S.", "−0.5", "0", "0.5", "+1 China"])
    # legend: population scale and the hedge ring
    # legend: population scale (Line2D markersize is the diameter: sqrt of area)
    hand = [Line2D([], [], ls="", marker="o", ms=np.sqrt(bubble_sizes([v])[0]),
                   mfc="#CCCCCC", mec="white") for v in (1e7, 1e8, 1e9)]
    hand.append(Line2D([], [], ls="", marker="o", ms=11, mfc="#F2F2F2", mec=NEUTRAL, mew=0.9))
    ax.legend(hand, ["10 million people", "100 million", "1 billion",
                     "most frequent final\nchoice: hedge"],
              loc="upper center", bbox_to_anchor=(0.5, -0.07), ncol=4, fontsize=8,
              borderpad=1.8, handlelength=3.2, handletextpad=0.8, columnspacing=2.0,
              frameon=False)
    fig.suptitle("Final alignment, %g\n%s" % (run.times[time], run.label(point)))
    return fig


def fig_standards(run, point=0):
    """Standards-track shares and interoperability over time."""
    _need(run, "standard_share")
    x = run.times
    has_io = "interoperability" in run
    fig = _fig(12 if has_io else 7, 4.4)
    axes = np.atleast_1d(fig.subplots(1, 2 if has_io else 1))
    ss = run["standard_share"].isel(point=point)
    hand = []
    for t in TRACKS:
        hand.append(_ribbon(axes[0], x, ss.sel(track=t), TRACK_COLORS[t], t.replace("_", "-"),
                            "standard_share:" + t))
    _time_axis(axes[0], x, "share of nations")
    axes[0].set_title("Standards track adopted")
    axes[0].legend(hand, ["none", "multilateral (ITU/ISO/IEC)", "U.S.-led", "dual"],
                   fontsize=8, loc="best", framealpha=0.9)
    if has_io:
        _ribbon(axes[1], x, run["interoperability"].isel(point=point), NEUTRAL,
                "interoperability", "interoperability")
        _time_axis(axes[1], x, "trade-weighted share of compatible pairs")
        axes[1].set_title("Interoperability")
    fig.suptitle("Standards\n%s · lines: mean, bands: 5-95%% of replicates" % run.label(point))
    return fig


def fig_dynamics(run, point=0):
    """Network metrics over time: alignment assortativity and modularity on
    the trade layer, and alignment switches per output step."""
    vars_ = [v for v in ("assortativity", "modularity", "switches") if v in run]
    if not vars_:
        raise ValueError("%s has no network metrics" % run.path)
    x = run.times
    fig = _fig(4 * len(vars_), 3.8)
    axes = np.atleast_1d(fig.subplots(1, len(vars_)))
    titles = {"assortativity": "Alignment assortativity (trade)",
              "modularity": "Modularity of the blocs (trade)",
              "switches": "Alignment switches per output step"}
    for ax, v in zip(axes, vars_):
        _ribbon(ax, x, run[v].isel(point=point), NEUTRAL, v, v)
        _time_axis(ax, x, v, unit=False)
        ax.set_title(titles[v], fontsize=10)
    fig.suptitle("Network dynamics\n%s · lines: mean, bands: 5-95%% of replicates"
                 % run.label(point))
    return fig


def network_positions(run):
    """Fixed layout: capital (lon, lat) of each nation, [nation, 2]."""
    nat = _need_map(run)
    return np.column_stack([nat["lon"].values, nat["lat"].values])


def fig_network(run, layer="trade", point=0, time=-1):
    """The trade layer on a fixed geographic layout (capital lon/lat), edge
    width by weight, nodes coloured by modal final alignment over replicates
    and sized by weighted degree in the layer."""
    if run.edges is None:
        raise ValueError("%s has no /edges" % run.path)
    modal = modal_alignment(run, point, time)
    if modal is None:
        raise ValueError("%s has no per-nation output (output.level = shares)" % run.path)
    pos = network_positions(run)
    e = run.edges
    code = e["layer_codes"].get(layer)
    if code is None:
        raise ValueError("%s: no layer %r in /edges" % (run.path, layer))
    sel = np.asarray(e["layer"]) == code
    src, dst = np.asarray(e["source"])[sel], np.asarray(e["target"])[sel]
    w = np.asarray(e["weight"], float)[sel]
    ok = (src >= 0) & (dst >= 0)
    src, dst, w = src[ok], dst[ok], w[ok]
    fig = _fig(12, 4.9)
    ax = fig.subplots()
    _graticule(ax)
    wmax = w.max() if len(w) else 1.0
    rel = np.sqrt(w / wmax)
    ecol = np.zeros((len(w), 4))
    ecol[:, :3] = 0.45
    ecol[:, 3] = 0.05 + 0.45 * rel  # faint weak ties, visible strong ones
    lc = LineCollection(np.stack([pos[src], pos[dst]], 1).reshape(-1, 2, 2), colors=ecol,
                        linewidths=0.3 + 2.2 * rel, zorder=2)
    lc.set_gid("edges")
    ax.add_collection(lc)
    strength = np.zeros(len(pos))
    np.add.at(strength, src, w)
    np.add.at(strength, dst, w)
    smax = strength.max() if strength.max() > 0 else 1.0
    sizes = 12 + 180 * strength / smax
    cols = [OPTION_COLORS[OPTIONS[m]] for m in modal]
    sc = ax.scatter(pos[:, 0], pos[:, 1], s=sizes, c=cols, edgecolors="#222222",
                    linewidths=0.5, zorder=3)
    sc.set_gid("nodes")
    hand = [Line2D([], [], ls="", marker="o", ms=8, mfc=OPTION_COLORS[o], mec="#222222",
                   mew=0.5) for o in OPTIONS]
    ax.legend(hand, ["most frequent final choice: " + OPTION_LABELS[o] for o in OPTIONS],
              loc="upper center", bbox_to_anchor=(0.5, -0.07), ncol=3, fontsize=8,
              frameon=False)
    fig.suptitle("%s layer (%d edges; width by weight, node size by weighted degree)\n%s"
                 % (layer.capitalize(), len(w), run.label(point)))
    return fig


def _need_group(run, name):
    g = getattr(run, name)
    if g is None:
        raise ValueError("%s has no /%s group" % (run.path, name))
    return g


def _scenario_name(config, path):
    """[scenario] name of an INI text, else the stem of path."""
    m = re.search(r"^\s*\[scenario\]\s*$(.*?)(^\s*\[|\Z)", config or "", re.M | re.S)
    if m:
        n = re.search(r"^\s*name\s*=\s*([^;\n]+)", m.group(1), re.M)
        if n and n.group(1).strip():
            return n.group(1).strip()
    return os.path.splitext(os.path.basename(str(path)))[0]


def compare_names(run):
    """(name of A, name of B) of a `govsim compare` file."""
    cb = _s(run._h5["config_b"][()]) if "config_b" in run._h5 else ""
    return (_scenario_name(run.config, run.attrs.get("scenario_a", "A")),
            _scenario_name(cb, run.attrs.get("scenario_b", "B")))


def _compare_title(run, what, diff=True):
    a, b = compare_names(run)
    head = "%s: %s − %s" % (what, b, a) if diff else "%s: A = %s, B = %s" % (what, a, b)
    return "%s\nseed %s · %d paired replicates (common random numbers)" % (
        head, run.seed, run.nreplicates)


def fig_compare(run):
    """Forest plot of paired differences B - A of final outcomes with their
    bootstrap 95% intervals; filled markers where the interval excludes 0.
    Outcomes measured in years (names ending in _time) get their own panel."""
    c = _need_group(run, "compare")
    outs = [str(o) for o in c["outcome"].values]
    m, lo, hi = (np.asarray(c[k].values, float) for k in ("diff_mean", "diff_lo", "diff_hi"))
    am = np.asarray(c["a_mean"].values, float) if "a_mean" in c else None
    bm = np.asarray(c["b_mean"].values, float) if "b_mean" in c else None
    groups = [(idx, lab) for idx, lab in (
        ([i for i, o in enumerate(outs) if not o.endswith("_time")],
         "paired difference of the final value (B − A)"),
        ([i for i, o in enumerate(outs) if o.endswith("_time")],
         "paired difference (B − A), years")) if idx]
    sizes = [len(idx) + 1.2 for idx, _ in groups]
    fig = _fig(9.5, 1.3 + 0.34 * sum(sizes))
    axes = np.atleast_1d(fig.subplots(len(groups), 1, height_ratios=sizes, squeeze=False)).ravel()
    for ax, (idx, xlab) in zip(axes, groups):
        idx = np.asarray(idx)
        y = np.arange(len(idx))[::-1]
        ax.axvline(0, color="black", lw=1)
        ci = ax.hlines(y, lo[idx], hi[idx], color=NEUTRAL, lw=2)
        ci.set_gid("ci")
        (pt,) = ax.plot(m[idx], y, ls="", marker="o", ms=6, color=NEUTRAL, mfc="white")
        pt.set_gid("diff")
        sig = (lo[idx] > 0) | (hi[idx] < 0)
        if sig.any():
            (ps,) = ax.plot(m[idx][sig], y[sig], ls="", marker="o", ms=6, color=NEUTRAL)
            ps.set_gid("diff_significant")
        ax.set_yticks(y)
        ax.set_yticklabels([outs[i] for i in idx], fontsize=9)
        ax.set_ylim(-0.7, len(idx) - 0.3)
        ax.set_xlabel(xlab + "; filled: 95% interval excludes 0", fontsize=9)
        ax.grid(True, axis="x", color="#E5E5E5")
        ax.set_axisbelow(True)
        if am is not None and bm is not None:
            tr = matplotlib.transforms.blended_transform_factory(ax.transAxes, ax.transData)
            for yi, i in zip(y, idx):
                f = "%.1f → %.1f" if max(abs(am[i]), abs(bm[i])) >= 100 else "%.3f → %.3f"
                ax.text(1.02, yi, f % (am[i], bm[i]), transform=tr, va="center", fontsize=8)
            ax.text(1.02, len(idx) - 0.45, "A → B (means)", transform=tr, fontsize=8,
                    weight="bold")
    fig.suptitle(_compare_title(run, "Effect on final outcomes"))
    return fig


def fig_compare_shares(run):
    """Bloc shares over time of A (point 0, solid) and B (point 1, dashed)
    in a compare file: count, population- and GDP-weighted panels, each
    with its 5-95% band over the paired replicates."""
    _need_group(run, "compare")
    _need(run, *[v for v, _ in SHARE_VARS])
    if run.npoints < 2:
        raise ValueError("%s holds no trajectories of B" % run.path)
    names = compare_names(run)
    x = run.times
    fig = _fig(12, 4.4)
    axes = fig.subplots(1, 3, sharey=True)
    for ax, (var, ylab) in zip(axes, SHARE_VARS):
        for p, tag, ls, alpha in ((0, "A", "-", 0.18), (1, "B", "--", 0.12)):
            da = run[var].isel(point=p)
            for o in OPTIONS:
                m, lo, hi = band(da.sel(option=o))
                b = ax.fill_between(x, lo.values, hi.values, color=OPTION_COLORS[o],
                                    alpha=alpha, lw=0)
                b.set_gid("band:%s:%s:%s" % (tag, var, o))
                (ln,) = ax.plot(x, m.values, color=OPTION_COLORS[o], lw=2, ls=ls)
                ln.set_gid("mean:%s:%s:%s" % (tag, var, o))
        _time_axis(ax, x, "")
    axes[0].set_title("Count (one nation, one vote)")
    axes[1].set_title("Population-weighted")
    axes[2].set_title("GDP-weighted")
    axes[0].set_ylabel("share")
    extra = (("A: " + names[0], "#555555", ("-", 2)), ("B: " + names[1], "#555555", ("--", 2)))
    _option_legend(axes[-1], extra=extra)
    fig.suptitle(_compare_title(run, "Bloc shares over time", diff=False))
    return fig


def fig_compare_regions(run):
    """Mean paired difference (B - A) of the final count share per region
    and option, as grouped horizontal bars."""
    c = _need_group(run, "compare")
    if "region_diff" not in c:
        raise ValueError("%s has no /compare/region_diff" % run.path)
    rd = c["region_diff"]
    regions = [str(r) for r in rd.coords["region"].values] if "region" in rd.coords \
        else ["region %d" % i for i in range(rd.shape[0])]
    opts = [str(o) for o in rd.coords["option"].values] if "option" in rd.coords else list(OPTIONS)
    vals = np.asarray(rd.transpose(*rd.dims).values, float)
    fig = _fig(8, 1.2 + 0.55 * len(regions))
    ax = fig.subplots()
    y = np.arange(len(regions))[::-1]
    h = 0.8 / len(opts)
    for k, o in enumerate(opts):
        bars = ax.barh(y + (1 - k) * h, vals[:, k], height=h,
                       color=OPTION_COLORS.get(o, NEUTRAL), label=OPTION_LABELS.get(o, o))
        _gid_bars(bars, "region_diff:" + o)
    ax.axvline(0, color="black", lw=1)
    ax.set_yticks(y)
    ax.set_yticklabels(regions)
    ax.set_xlabel("mean paired difference of the final share of nations (B − A)")
    ax.legend(fontsize=8, loc="best")
    ax.grid(True, axis="x", color="#E5E5E5")
    ax.set_axisbelow(True)
    fig.suptitle(_compare_title(run, "By region"))
    return fig


def fig_compare_nations(run, top=20):
    """The nations whose final option differs between A and B most often."""
    c = _need_group(run, "compare")
    if "nation_change" not in c:
        raise ValueError("%s has no /compare/nation_change" % run.path)
    v = np.asarray(c["nation_change"].values, float)
    iso = [str(x) for x in (c["nation_change"].coords["nation"].values
                            if "nation" in c["nation_change"].coords else range(len(v)))]
    order = np.argsort(-v, kind="stable")[:top]
    names = iso
    if run.nations is not None and "name" in run.nations and len(run.nations.nation) == len(v):
        names = ["%s (%s)" % (n, i) for n, i in zip(run.nations["name"].values, iso)]
    fig = _fig(8, 1.2 + 0.3 * len(order))
    ax = fig.subplots()
    y = np.arange(len(order))[::-1]
    bars = ax.barh(y, v[order], color=NEUTRAL, height=0.7)
    _gid_bars(bars, "nation_change")
    ax.set_yticks(y)
    ax.set_yticklabels([names[i] for i in order], fontsize=8)
    top_v = float(np.nanmax(v[order])) if len(order) else 1.0
    ax.set_xlim(0, min(1.0, max(0.05, 1.15 * top_v)))
    ax.set_xlabel("share of paired replicates whose final option differs")
    ax.grid(True, axis="x", color="#E5E5E5")
    ax.set_axisbelow(True)
    fig.suptitle(_compare_title(run, "Nations that change most"))
    return fig


def _grid(a, b):
    """(ua, ub, index) when points (a[p], b[p]) form a full grid, else None."""
    ua, ub = np.unique(a), np.unique(b)
    if len(ua) * len(ub) != len(a):
        return None
    ia, ib = np.searchsorted(ua, a), np.searchsorted(ub, b)
    if len(set(zip(ia, ib))) != len(a):
        return None
    return ua, ub, ia, ib


def _outcome_label(outcome, option):
    return outcome + ("[%s]" % option if option else "")


def fig_sweep(run, outcome="share_count", option="cn", keys=None):
    """Final outcome across sweep points (mean over replicates): a line with
    a 5-95% band for one key, a heatmap for two keys on a full grid, else
    one scatter panel per key."""
    keys = list(keys or run.sweep)
    if not keys:
        raise ValueError("%s has no /sweep" % run.path)
    y = final_outcome(run, outcome, option)
    m, lo, hi = (v.values for v in band(y))
    lab = _outcome_label(outcome, option)
    # axes and colours span the data: sweeps are about differences between points
    g = _grid(run.sweep[keys[0]], run.sweep[keys[1]]) if len(keys) == 2 else None
    if len(keys) == 1:
        x = run.sweep[keys[0]]
        o = np.argsort(x, kind="stable")
        fig = _fig(7, 4.5)
        ax = fig.subplots()
        col = OPTION_COLORS.get(option, TRACK_COLORS.get(option, NEUTRAL))
        b = ax.fill_between(x[o], lo[o], hi[o], color=col, alpha=0.22, lw=0)
        b.set_gid("band:sweep")
        (ln,) = ax.plot(x[o], m[o], color=col, lw=2, marker="o")
        ln.set_gid("mean:sweep")
        ax.set_xlabel(keys[0])
        ax.set_ylabel("final " + lab)
        ax.grid(True, color="#E5E5E5")
    elif g is not None:
        ua, ub, ia, ib = g
        grid = np.full((len(ub), len(ua)), np.nan)
        grid[ib, ia] = m
        fig = _fig(1.6 + 0.9 * max(len(ua), 4), 1.6 + 0.6 * max(len(ub), 4))
        ax = fig.subplots()
        # colour spans the data (the cells are labelled with their values)
        im = ax.imshow(grid, origin="lower", aspect="auto", cmap="viridis")
        im.set_gid("heatmap")
        for (r, cidx), v in np.ndenumerate(grid):
            if np.isfinite(v):
                rgba = im.cmap(im.norm(v))
                lum = 0.299 * rgba[0] + 0.587 * rgba[1] + 0.114 * rgba[2]
                ax.text(cidx, r, "%.2f" % v, ha="center", va="center", fontsize=8,
                        color="black" if lum > 0.5 else "white")
        ax.set_xticks(range(len(ua)))
        ax.set_xticklabels(["%.3g" % v for v in ua])
        ax.set_yticks(range(len(ub)))
        ax.set_yticklabels(["%.3g" % v for v in ub])
        ax.set_xlabel(keys[0])
        ax.set_ylabel(keys[1])
        fig.colorbar(im, ax=ax, label="mean final " + lab)
    else:
        n = len(keys)
        ncols = min(n, 3)
        nrows = int(np.ceil(n / ncols))
        fig = _fig(4 * ncols, 3.2 * nrows + 0.8)
        axes = np.atleast_1d(fig.subplots(nrows, ncols, sharey=True, squeeze=False)).ravel()
        for ax, k in zip(axes, keys):
            sc = ax.scatter(run.sweep[k], m, s=14, color=NEUTRAL, alpha=0.7)
            sc.set_gid("points:" + k)
            ax.set_xlabel(k)
            ax.grid(True, color="#E5E5E5")
        for ax in axes[n:]:
            ax.set_visible(False)
        fig.supylabel("mean final " + lab)
    fig.suptitle("Sweep: final %s (mean over replicates)\n%s · seed %s · %d points × %d replicates"
                 % (lab, run.scenario, run.seed, run.npoints, run.nreplicates))
    return fig


def fig_sobol(run, outcome=None, top=None):
    """First-order (S1) and total (ST) Sobol indices of one outcome, bars
    sorted by ST (largest on top) with bootstrap intervals."""
    s = _need_group(run, "sensitivity")
    outs = [str(o) for o in s["outcome"].values]
    if outcome is None:
        outcome = outs[0]
    if outcome not in outs:
        raise ValueError("%s: no outcome %r in /sensitivity (have %s)"
                         % (run.path, outcome, ", ".join(outs)))
    k = outs.index(outcome)
    params = [str(p) for p in s["parameter"].values]
    get = {n: np.asarray(s[n].transpose("outcome", "parameter").values[k], float)
           for n in ("S1", "S1_lo", "S1_hi", "ST", "ST_lo", "ST_hi") if n in s}
    order = np.argsort(-get["ST"], kind="stable")
    if top:
        order = order[:top]
    y = np.arange(len(order))[::-1]
    fig = _fig(8, 1.5 + 0.42 * len(order))
    ax = fig.subplots()
    h = 0.38
    for name, dy, col in (("ST", h / 2, "#444444"), ("S1", -h / 2, "#AAAAAA")):
        v = get[name][order]
        bars = ax.barh(y + dy, v, height=h, color=col,
                       label={"ST": "total (ST)", "S1": "first-order (S1)"}[name])
        _gid_bars(bars, name)
        if name + "_lo" in get:
            lo, hi = get[name + "_lo"][order], get[name + "_hi"][order]
            err = ax.errorbar(v, y + dy, xerr=[v - lo, hi - v], fmt="none", ecolor="black",
                              elinewidth=1, capsize=2)
            err.lines[2][0].set_gid(name + "_ci")
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(y)
    ax.set_yticklabels([params[i] for i in order])
    ax.set_xlabel("Sobol index (95% bootstrap interval)")
    ax.legend(fontsize=8, loc="lower right")
    ax.grid(True, axis="x", color="#E5E5E5")
    ax.set_axisbelow(True)
    fig.suptitle("Sensitivity of final %s\n%s · seed %s" % (outcome, run.scenario, run.seed))
    return fig


# ------------------------------------------------------------------ output

def save(fig, outdir, name, svg=False):
    """Writes fig as OUTDIR/NAME.png (and .svg); returns the paths."""
    os.makedirs(outdir, exist_ok=True)
    paths = [os.path.join(outdir, name + ".png")]
    fig.savefig(paths[0], dpi=DPI)
    if svg:
        paths.append(os.path.join(outdir, name + ".svg"))
        fig.savefig(paths[1])
    return paths


def show(fig, outdir=None, name=None):
    """In a notebook: saves the figure (when outdir is given) and displays
    it as an embedded PNG; returns the PNG path or None."""
    import io

    from IPython.display import Image, display
    path = None
    if outdir and name:
        path = save(fig, outdir, name)[0]
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    display(Image(data=buf.getvalue()))
    return path


def figures_for(run):
    """[(name, function)] of every figure the file's contents allow."""
    out = []
    multi = run.npoints > 1
    if not multi:
        if all(v in run for v, _ in SHARE_VARS):
            out.append(("shares", fig_shares))
        if "share_global_south" in run:
            out.append(("global_south", fig_global_south))
        if "share_region" in run:
            out.append(("regions", fig_regions))
        if "standard_share" in run:
            out.append(("standards", fig_standards))
        if any(v in run for v in ("assortativity", "modularity", "switches")):
            out.append(("dynamics", fig_dynamics))
        has_map = run.nations is not None and "lat" in run.nations and "lon" in run.nations
        if has_map and run.level == "full":
            out.append(("world_map", fig_world_map))
            if run.edges is not None and "trade" in run.edges["layer_codes"]:
                out.append(("network", fig_network))
    if run.compare is not None:
        if multi and all(v in run for v, _ in SHARE_VARS):
            out.append(("trajectories", fig_compare_shares))
        out.append(("forest", fig_compare))
        if "region_diff" in run.compare:
            out.append(("region_diff", fig_compare_regions))
        if "nation_change" in run.compare:
            out.append(("nation_change", fig_compare_nations))
    if run.sensitivity is not None:
        for o in run.sensitivity["outcome"].values:
            o = str(o)
            out.append(("sobol_" + re.sub(r"[^A-Za-z0-9_.-]", "_", o),
                        lambda r, o=o: fig_sobol(r, o)))
    elif run.sweep and multi and "share_count" in run:
        out.append(("sweep", fig_sweep))
    return out


def write_all(run, outdir, prefix="", svg=False):
    """Writes every figure of figures_for(run); returns the paths."""
    paths = []
    for name, fn in figures_for(run):
        fig = fn(run)
        paths += save(fig, outdir, prefix + name, svg)
    return paths


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="govplot.py", description="Draws every figure a govsim HDF5 file allows.")
    ap.add_argument("file", help="govsim output (.h5)")
    ap.add_argument("--out", required=True, help="directory for the figures")
    ap.add_argument("--svg", action="store_true", help="also write SVG")
    ap.add_argument("--prefix", default=None,
                    help="file name prefix (default: the input's stem and '_')")
    a = ap.parse_args(argv)
    try:
        run = load(a.file)
    except (OSError, ValueError) as e:
        print("govplot: %s" % e, file=sys.stderr)
        return 2
    prefix = a.prefix if a.prefix is not None else \
        os.path.splitext(os.path.basename(a.file))[0] + "_"
    with run:
        paths = write_all(run, a.out, prefix, a.svg)
    for p in paths:
        print(p)
    if not paths:
        print("govplot: %s: nothing to plot" % a.file, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
