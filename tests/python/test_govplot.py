"""test_govplot.py - plots/govplot.py against small synthetic govsim files.

The fixtures (tests/python/fixtures/govsim_fixtures.py) write files in the
govsim layout with h5py, with dimension scales as the C writer makes them,
and return the arrays they stored.  These tests check the loaders against
those arrays, then read the numbers back out of every figure's artists (line
y-data, band polygons, bar widths, scatter offsets, sizes and colours, image
arrays) and compare them with the file; finally the command line must write
non-blank PNGs.  Run with Debian's interpreter: /usr/bin/python3.
"""
import contextlib
import io
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(TOP, "plots"))
sys.path.insert(0, os.path.join(HERE, "fixtures"))

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import h5py  # noqa: E402
import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.image as mimage  # noqa: E402
import numpy as np  # noqa: E402
from numpy.testing import assert_allclose, assert_array_equal  # noqa: E402

import govplot as gp  # noqa: E402
import govsim_fixtures as fx  # noqa: E402


def by_gid(fig, gid):
    found = fig.findobj(lambda a: a.get_gid() == gid)
    if not found:
        raise AssertionError("no artist with gid %r" % gid)
    return found


def one(fig, gid):
    found = by_gid(fig, gid)
    assert len(found) == 1, "%d artists with gid %r" % (len(found), gid)
    return found[0]


def band_edges(poly, n):
    """(x, y1, y2) of a fill_between(x, y1, y2) polygon without gaps."""
    v = poly.get_paths()[0].vertices
    lower = v[1:n + 1]
    upper = v[n + 2:2 * n + 2][::-1]
    assert_allclose(lower[:, 0], upper[:, 0])
    return lower[:, 0], lower[:, 1], upper[:, 1]


def stats(x, axis=1):
    """mean, q05, q95 over axis (numpy's linear quantiles = GSL's)."""
    return x.mean(axis), np.quantile(x, 0.05, axis), np.quantile(x, 0.95, axis)


def labels_top_down(ax):
    """y tick labels from the top of the axes down."""
    pairs = sorted(zip(ax.get_yticks(), [t.get_text() for t in ax.get_yticklabels()]),
                   reverse=True)
    return [t for _, t in pairs]


def titles(fig):
    t = fig._suptitle.get_text() if fig._suptitle else ""
    return t + " ".join(ax.get_title() for ax in fig.axes)


class Files(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        d = cls.tmp.name
        cls.p = {k: os.path.join(d, k + ".h5") for k in
                 ("run", "shares", "vlen", "sweep1", "sweep2", "compare", "sens", "alignonly")}
        cls.t = fx.write_run(cls.p["run"], nrep=7, ntime=6)
        cls.ts = fx.write_run(cls.p["shares"], level="shares", seed=3)
        cls.tf = fx.write_run(cls.p["vlen"], vlen_strings=True, seed=5)
        cls.tw1 = fx.write_run(cls.p["sweep1"], nrep=6,
                               sweep={"cn.compute": [1.0, 0.0, 0.5, 0.25]})
        g1, g2 = np.meshgrid([0.0, 0.5, 1.0], [0.2, 0.6], indexing="ij")
        cls.tw2 = fx.write_run(cls.p["sweep2"], level="shares", nrep=4,
                               sweep={"cn.compute": g1.ravel()[::-1],
                                      "us.export_controls": g2.ravel()[::-1]})
        cls.tc = fx.write_compare(cls.p["compare"])
        cls.tn = fx.write_sensitivity(cls.p["sens"])
        cls.ta = fx.write_run(cls.p["alignonly"], seed=9)
        with h5py.File(cls.p["alignonly"], "a") as f:
            del f["prob"]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def load(self, k):
        r = gp.load(self.p[k])
        self.addCleanup(r.close)
        return r


class Loaders(Files):
    def test_dimensions_and_coordinates(self):
        r = self.load("run")
        self.assertEqual(r["share_count"].dims, ("point", "replicate", "time", "option"))
        self.assertEqual(r["share_region"].dims,
                         ("point", "replicate", "time", "region", "option"))
        self.assertEqual(r["prob"].dims, ("point", "replicate", "time", "nation", "option"))
        self.assertEqual(list(r.ds.nation.values), fx.NATIONS)
        self.assertEqual(list(r.ds.option.values), fx.OPTIONS)
        self.assertEqual(list(r.ds.track.values), fx.TRACKS)
        self.assertEqual(list(r.ds.region.values), fx.REGIONS)
        assert_allclose(r.times, self.t["times"])
        self.assertEqual((r.npoints, r.nreplicates, r.level), (1, 7, "full"))

    def test_values_match_file(self):
        r = self.load("run")
        assert_allclose(r["share_gdp"].values, self.t["share_gdp"])
        assert_array_equal(r["alignment"].values, self.t["alignment"])
        assert_allclose(r["prob"].values, self.t["prob"])
        assert_allclose(r["share_count"].sel(option="cn").isel(replicate=3, time=2).values,
                        self.t["share_count"][:, 3, 2, 2])

    def test_attributes_and_provenance(self):
        r = self.load("run")
        self.assertEqual(r.seed, 7)
        self.assertIsInstance(r.seed, int)
        self.assertEqual(r.attrs["conventions"], "govsim-1")
        self.assertEqual(r.scenario, "toy")  # the scenario_name attribute
        self.assertIn("[scenario]", r.config)
        self.assertEqual(r.label(), "toy · seed 7 · 7 replicates")

    def test_scenario_name_fallbacks(self):
        path = os.path.join(self.tmp.name, "noname.h5")
        fx.write_run(path, seed=4)
        with h5py.File(path, "a") as f:
            del f.attrs["scenario_name"]
        with gp.load(path) as r:
            self.assertEqual(r.scenario, "toy")  # [scenario] name of /config
        with h5py.File(path, "a") as f:
            del f["config"]
        with gp.load(path) as r:
            self.assertEqual(r.scenario, "toy")  # stem of the scenario attribute
            self.assertEqual(r.config, "")

    def test_nation_table(self):
        r = self.load("run")
        n = r.nations
        assert_allclose(n["lat"].values, fx.LAT)
        assert_allclose(n["lon"].values, fx.LON)
        assert_allclose(n["population"].values, fx.POP)
        assert_allclose(n["gdp"].values, fx.GDP)
        self.assertEqual(list(n["name"].values), fx.NAMES)
        self.assertEqual(list(n["region"].values), [fx.REGIONS[i] for i in fx.REGION_OF])

    def test_edges_summary_and_groups(self):
        r = self.load("run")
        e = r.edges
        self.assertEqual(e["layer_codes"]["trade"], 1)
        self.assertEqual(len(e["source"]), len(self.t["edges"]))
        assert_array_equal(e["target"], [x[1] for x in self.t["edges"]])
        s = r.summary["share_count"]
        self.assertEqual(s.dims, ("stat", "point", "time", "option"))
        self.assertEqual(list(s.coords["stat"].values), fx.STATS)
        assert_allclose(s.sel(stat="q95").values, self.t["summary_share_count"][3])
        self.assertIsNone(r.compare)
        self.assertIsNone(r.sensitivity)
        self.assertEqual(r.sweep, {})
        # compound event table: read by h5py, kept out of the xarray Dataset
        self.assertNotIn("events", r)

    def test_variable_length_strings(self):
        r = self.load("vlen")
        self.assertEqual(list(r.ds.nation.values), fx.NATIONS)
        self.assertEqual(list(r.ds.option.values), fx.OPTIONS)
        assert_allclose(r["share_count"].sel(option="us").values,
                        self.tf["share_count"][..., 1])

    def test_shares_level(self):
        r = self.load("shares")
        self.assertEqual(r.level, "shares")
        self.assertNotIn("prob", r)
        self.assertIsNone(gp.final_probs(r))
        self.assertIsNone(gp.modal_alignment(r))
        with self.assertRaises(ValueError):
            gp.fig_world_map(r)
        with self.assertRaises(ValueError):
            gp.fig_network(r)

    def test_sweep_compare_sensitivity_groups(self):
        r = self.load("sweep2")
        self.assertEqual(sorted(r.sweep), ["cn.compute", "us.export_controls"])
        assert_allclose(r.sweep["us.export_controls"], self.tw2["sweep"]["us.export_controls"])
        c = self.load("compare").compare
        self.assertEqual(list(c["outcome"].values), self.tc["outcomes"])
        for k in ("diff_mean", "diff_lo", "diff_hi", "a_mean", "b_mean"):
            assert_allclose(c[k].values, self.tc[k])
        self.assertEqual(c["region_diff"].dims, ("region", "option"))
        self.assertEqual(list(c["region_diff"].coords["region"].values), fx.REGIONS)
        assert_allclose(c["nation_change"].sel(nation="NGA").values,
                        self.tc["nation_change"][fx.NATIONS.index("NGA")])
        s = self.load("sens").sensitivity
        self.assertEqual(list(s["parameter"].values), self.tn["parameters"])
        assert_allclose(s["ST_hi"].values, self.tn["ST_hi"])

    def test_statistics(self):
        r = self.load("run")
        m, lo, hi = gp.band(r["share_count"].isel(point=0))
        em, elo, ehi = stats(self.t["share_count"][0], 0)
        assert_allclose(m.values, em)
        assert_allclose(lo.values, elo)
        assert_allclose(hi.values, ehi)
        assert_allclose(gp.final_probs(r).values, self.t["prob"][0, :, -1].mean(0), rtol=1e-6)
        a = self.t["alignment"][0, :, -1]
        counts = np.stack([(a == o).sum(0) for o in range(3)], -1)
        assert_array_equal(gp.modal_alignment(r), counts.argmax(-1))
        # without /prob: frequencies of the final alignment
        ra = self.load("alignonly")
        a = self.ta["alignment"][0, :, -1]
        assert_allclose(gp.final_probs(ra).values,
                        np.stack([(a == o).mean(0) for o in range(3)], -1))

    def test_failed_replicates_are_ignored(self):
        path = os.path.join(self.tmp.name, "failed.h5")
        t = fx.write_run(path, nrep=5, seed=21)
        with h5py.File(path, "a") as f:
            f["share_count"][0, 2] = np.nan
        with gp.load(path) as r:
            m, lo, hi = gp.band(r["share_count"].isel(point=0))
            keep = np.delete(t["share_count"][0], 2, axis=0)
            assert_allclose(m.values, keep.mean(0))
            assert_allclose(hi.values, np.quantile(keep, 0.95, 0))

    def test_not_a_govsim_file(self):
        path = os.path.join(self.tmp.name, "other.h5")
        with h5py.File(path, "w") as f:
            f.attrs["conventions"] = "CF-1.8"
        with self.assertRaises(ValueError):
            gp.load(path)
        with self.assertRaises(OSError):
            gp.load(os.path.join(self.tmp.name, "missing.h5"))


class Figures(Files):
    def check_ribbon(self, fig, key, x, data, color=None):
        """data [replicate, time]: mean line and 5-95% band of key."""
        m, lo, hi = stats(data, 0)
        ln = one(fig, "mean:" + key)
        assert_allclose(ln.get_xdata(), x)
        assert_allclose(ln.get_ydata(), m)
        bx, blo, bhi = band_edges(one(fig, "band:" + key), len(x))
        assert_allclose(bx, x)
        assert_allclose(blo, lo)
        assert_allclose(bhi, hi)
        if color:
            self.assertEqual(mcolors.to_hex(ln.get_color()), color.lower())

    def test_shares(self):
        r = self.load("run")
        fig = gp.fig_shares(r)
        for var in ("share_count", "share_population", "share_gdp"):
            for k, o in enumerate(fx.OPTIONS):
                self.check_ribbon(fig, "%s:%s" % (var, o), self.t["times"],
                                  self.t[var][0, :, :, k], gp.OPTION_COLORS[o])
        self.assertIn("toy", titles(fig))
        self.assertIn("seed 7", titles(fig))
        self.assertEqual(len(fig.axes), 3)

    def test_global_south(self):
        r = self.load("run")
        fig = gp.fig_global_south(r)
        for k, o in enumerate(fx.OPTIONS):
            self.check_ribbon(fig, "share_global_south:" + o, self.t["times"],
                              self.t["share_global_south"][0, :, :, k], gp.OPTION_COLORS[o])
            assert_allclose(one(fig, "ref:share_count:" + o).get_ydata(),
                            self.t["share_count"][0, :, :, k].mean(0))
        self.assertIn("seed 7", titles(fig))

    def test_regions(self):
        r = self.load("run")
        fig = gp.fig_regions(r)
        for g, reg in enumerate(fx.REGIONS):
            for k, o in enumerate(fx.OPTIONS):
                self.check_ribbon(fig, "share_region:%s:%s" % (reg, o), self.t["times"],
                                  self.t["share_region"][0, :, :, g, k], gp.OPTION_COLORS[o])
        self.assertEqual(sum(ax.get_visible() for ax in fig.axes), len(fx.REGIONS))
        self.assertIn("seed 7", titles(fig))

    def test_world_map(self):
        r = self.load("run")
        fig = gp.fig_world_map(r)
        p = self.t["prob"][0, :, -1].astype(float).mean(0)
        diff = p[:, 2] - p[:, 1]
        order = np.argsort(-np.asarray(fx.POP), kind="stable")
        sc = one(fig, "nations")
        assert_allclose(sc.get_offsets(), np.column_stack([fx.LON, fx.LAT])[order])
        sizes = np.maximum(np.asarray(fx.POP) * 1e-6, gp.BUBBLE_MIN_PT2)
        assert_allclose(sc.get_sizes(), sizes[order])
        self.assertGreater(sizes[order][0], 1000)  # India ~ 1,428 pt^2
        assert_allclose(sc.get_array(), diff[order], rtol=1e-6)
        fig.canvas.draw()
        want = gp.DIVERGING(mcolors.Normalize(-1, 1)(diff[order]))
        assert_allclose(sc.get_facecolors(), want, atol=1e-6)
        # poles: USA P(us) = 1 -> -1 (blue end), CHN +1
        self.assertAlmostEqual(diff[0], -1.0, places=6)
        self.assertAlmostEqual(diff[1], 1.0, places=6)
        # hedgers: modal final alignment hedge, hollow rings on top
        a = self.t["alignment"][0, :, -1]
        modal = np.stack([(a == o).sum(0) for o in range(3)], -1).argmax(-1)
        hs = one(fig, "hedgers")
        hedge = [i for i in order if modal[i] == 0]
        self.assertGreater(len(hedge), 0)
        assert_allclose(hs.get_offsets(), np.column_stack([fx.LON, fx.LAT])[hedge])
        self.assertEqual(len(hs.get_facecolors()), 0)
        self.assertIn("seed 7", titles(fig))

    def test_world_map_from_alignment_frequencies(self):
        r = self.load("alignonly")
        fig = gp.fig_world_map(r)
        a = self.ta["alignment"][0, :, -1]
        diff = (a == 2).mean(0) - (a == 1).mean(0)
        order = np.argsort(-np.asarray(fx.POP), kind="stable")
        assert_allclose(one(fig, "nations").get_array(), diff[order])

    def test_standards(self):
        r = self.load("run")
        fig = gp.fig_standards(r)
        for k, tr in enumerate(fx.TRACKS):
            self.check_ribbon(fig, "standard_share:" + tr, self.t["times"],
                              self.t["standard_share"][0, :, :, k], gp.TRACK_COLORS[tr])
        self.check_ribbon(fig, "interoperability", self.t["times"],
                          self.t["interoperability"][0])
        self.assertIn("seed 7", titles(fig))

    def test_dynamics(self):
        r = self.load("run")
        fig = gp.fig_dynamics(r)
        for v in ("assortativity", "modularity", "switches"):
            self.check_ribbon(fig, v, self.t["times"], self.t[v][0])

    def test_network(self):
        r = self.load("run")
        fig = gp.fig_network(r)
        pos = np.column_stack([fx.LON, fx.LAT])
        trade = [(a, b, w) for a, b, w, layer in self.t["edges"] if layer == 1]
        self.assertEqual(len(trade), len(fx.EDGES))
        segs = one(fig, "edges").get_segments()
        self.assertEqual(len(segs), len(trade))
        for s, (a, b, _) in zip(segs, trade):
            assert_allclose(s, [pos[a], pos[b]])
        w = np.array([x[2] for x in trade])
        assert_allclose(one(fig, "edges").get_linewidths(), 0.3 + 2.2 * np.sqrt(w / w.max()))
        nodes = one(fig, "nodes")
        assert_allclose(nodes.get_offsets(), pos)
        a = self.t["alignment"][0, :, -1]
        modal = np.stack([(a == o).sum(0) for o in range(3)], -1).argmax(-1)
        want = [mcolors.to_rgba(gp.OPTION_COLORS[fx.OPTIONS[m]]) for m in modal]
        assert_allclose(nodes.get_facecolors(), want)
        strength = np.zeros(len(pos))
        for x, y, ww in trade:
            strength[x] += ww
            strength[y] += ww
        assert_allclose(nodes.get_sizes(), 12 + 180 * strength / strength.max())
        self.assertIn("seed 7", titles(fig))

    def test_compare_forest(self):
        r = self.load("compare")
        fig = gp.fig_compare(r)
        outs = self.tc["outcomes"]
        seen = []
        for pts, ci in zip(by_gid(fig, "diff"), by_gid(fig, "ci")):
            ax = pts.axes
            names = labels_top_down(ax)
            idx = [outs.index(n) for n in names]
            y = np.arange(len(idx))[::-1]
            assert_allclose(pts.get_xdata(), self.tc["diff_mean"][idx])
            assert_allclose(pts.get_ydata(), y)
            segs = ci.get_segments()
            assert_allclose([s[0][0] for s in segs], self.tc["diff_lo"][idx])
            assert_allclose([s[1][0] for s in segs], self.tc["diff_hi"][idx])
            assert_allclose([s[0][1] for s in segs], y)
            lo, hi = self.tc["diff_lo"][idx], self.tc["diff_hi"][idx]
            sig = (lo > 0) | (hi < 0)
            filled = [a for a in ax.get_lines() if a.get_gid() == "diff_significant"]
            if sig.any():
                assert_allclose(filled[0].get_xdata(), self.tc["diff_mean"][idx][sig])
            else:
                self.assertEqual(filled, [])
            # the zero line
            self.assertTrue(any(np.allclose(ln.get_xdata(), 0) for ln in ax.get_lines()
                                if ln.get_gid() is None))
            seen.append(names)
        # shares in the first panel, the year-valued outcome in its own
        self.assertEqual(seen, [outs[:-1], ["majority_time"]])
        self.assertIn("seed 11", titles(fig))
        self.assertIn("toy_b − toy_a", titles(fig))  # [scenario] names of B and A

    def test_compare_trajectories(self):
        r = self.load("compare")
        self.assertEqual(gp.compare_names(r), ("toy_a", "toy_b"))
        fig = gp.fig_compare_shares(r)
        for p, tag, ls in ((0, "A", "-"), (1, "B", "--")):
            for var in ("share_count", "share_population", "share_gdp"):
                for k, o in enumerate(fx.OPTIONS):
                    key = "%s:%s:%s" % (tag, var, o)
                    self.check_ribbon(fig, key, self.tc["times"], self.tc[var][p, :, :, k],
                                      gp.OPTION_COLORS[o])
                    self.assertEqual(one(fig, "mean:" + key).get_linestyle(), ls)
        self.assertIn("A = toy_a, B = toy_b", titles(fig))
        with self.assertRaises(ValueError):
            gp.fig_compare_shares(self.load("run"))

    def test_compare_regions(self):
        r = self.load("compare")
        fig = gp.fig_compare_regions(r)
        for k, o in enumerate(fx.OPTIONS):
            bars = by_gid(fig, "region_diff:" + o)
            self.assertEqual(len(bars), len(fx.REGIONS))
            # regions top to bottom: bar y decreases with the region index
            ys = [b.get_y() for b in bars]
            self.assertEqual(ys, sorted(ys, reverse=True))
            assert_allclose([b.get_width() for b in bars], self.tc["region_diff"][:, k])
            self.assertEqual(mcolors.to_hex(bars[0].get_facecolor()), gp.OPTION_COLORS[o].lower())

    def test_compare_nations(self):
        r = self.load("compare")
        fig = gp.fig_compare_nations(r, top=5)
        bars = by_gid(fig, "nation_change")
        v = self.tc["nation_change"]
        order = np.argsort(-v, kind="stable")[:5]
        assert_allclose([b.get_width() for b in bars], v[order])
        ax = bars[0].axes
        self.assertEqual(labels_top_down(ax),
                         ["%s (%s)" % (fx.NAMES[i], fx.NATIONS[i]) for i in order])

    def test_sweep_one_key(self):
        r = self.load("sweep1")
        fig = gp.fig_sweep(r, "share_count", "cn")
        x = np.asarray(self.tw1["sweep"]["cn.compute"])
        o = np.argsort(x)
        y = self.tw1["share_count"][:, :, -1, 2]
        m, lo, hi = stats(y, 1)
        ln = one(fig, "mean:sweep")
        assert_allclose(ln.get_xdata(), x[o])
        assert_allclose(ln.get_ydata(), m[o])
        bx, blo, bhi = band_edges(one(fig, "band:sweep"), len(x))
        assert_allclose(blo, lo[o])
        assert_allclose(bhi, hi[o])
        self.assertEqual(ln.axes.get_xlabel(), "cn.compute")

    def test_sweep_heatmap(self):
        r = self.load("sweep2")
        fig = gp.fig_sweep(r, "standard_share", "dual")
        im = one(fig, "heatmap")
        m = self.tw2["standard_share"][:, :, -1, 3].mean(1)
        a, b = self.tw2["sweep"]["cn.compute"], self.tw2["sweep"]["us.export_controls"]
        grid = np.asarray(im.get_array())
        self.assertEqual(grid.shape, (2, 3))
        for p in range(len(m)):
            i = [0.2, 0.6].index(b[p])
            j = [0.0, 0.5, 1.0].index(a[p])
            self.assertAlmostEqual(grid[i, j], m[p])
        ax = im.axes
        self.assertEqual((ax.get_xlabel(), ax.get_ylabel()), ("cn.compute", "us.export_controls"))

    def test_sweep_scatter_panels(self):
        r = self.load("sens")
        fig = gp.fig_sweep(r, "interoperability")
        m = self.tn["interoperability"][:, :, -1].mean(1)
        for k in self.tn["parameters"]:
            sc = one(fig, "points:" + k)
            assert_allclose(sc.get_offsets(), np.column_stack([self.tn["sweep"][k], m]))

    def test_sobol(self):
        r = self.load("sens")
        for k, outcome in enumerate(self.tn["outcomes"]):
            fig = gp.fig_sobol(r, outcome)
            st = self.tn["ST"][k]
            order = np.argsort(-st, kind="stable")
            for name in ("ST", "S1"):
                bars = by_gid(fig, name)
                assert_allclose([b.get_width() for b in bars], self.tn[name][k][order])
                ys = [b.get_y() for b in bars]
                self.assertEqual(ys, sorted(ys, reverse=True))  # largest ST on top
                ci = one(fig, name + "_ci").get_segments()
                assert_allclose([s[0][0] for s in ci], self.tn[name + "_lo"][k][order])
                assert_allclose([s[1][0] for s in ci], self.tn[name + "_hi"][k][order])
            ax = bars[0].axes
            self.assertEqual(labels_top_down(ax), [self.tn["parameters"][i] for i in order])
            self.assertIn(outcome, titles(fig))
            self.assertIn("seed 13", titles(fig))
        with self.assertRaises(ValueError):
            gp.fig_sobol(r, "no_such_outcome")


class CommandLine(Files):
    def run_cli(self, *args):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = gp.main(list(args))
        return rc, out.getvalue().split(), err.getvalue()

    def assert_not_blank(self, png):
        img = mimage.imread(png)
        self.assertGreater(img.shape[0] * img.shape[1], 100 * 100)
        self.assertGreater(float(img[..., :3].std()), 0.02, png)

    def test_full_run(self):
        d = os.path.join(self.tmp.name, "cli_run")
        rc, paths, _ = self.run_cli(self.p["run"], "--out", d, "--svg")
        self.assertEqual(rc, 0)
        names = sorted(os.path.basename(p) for p in paths)
        want = ["run_%s.%s" % (n, e) for n in ("shares", "global_south", "regions", "standards",
                                               "dynamics", "world_map", "network")
                for e in ("png", "svg")]
        self.assertEqual(names, sorted(want))
        for p in paths:
            self.assertTrue(os.path.getsize(p) > 1000, p)
            if p.endswith(".png"):
                self.assert_not_blank(p)

    def test_other_files(self):
        d = os.path.join(self.tmp.name, "cli_other")
        expect = {"shares": {"shares", "global_south", "regions", "standards", "dynamics"},
                  "sweep2": {"sweep"},
                  "compare": {"trajectories", "forest", "region_diff", "nation_change"},
                  "sens": {"sobol_share_count.cn", "sobol_interoperability"}}
        for k, want in expect.items():
            rc, paths, _ = self.run_cli(self.p[k], "--out", d, "--prefix", "")
            self.assertEqual(rc, 0)
            self.assertEqual({os.path.basename(p)[:-4] for p in paths}, want, k)
            for p in paths:
                self.assert_not_blank(p)

    def test_bad_input(self):
        bad = os.path.join(self.tmp.name, "bad.h5")
        with open(bad, "w") as f:
            f.write("not hdf5\n")
        rc, paths, err = self.run_cli(bad, "--out", self.tmp.name)
        self.assertEqual((rc, paths), (2, []))
        self.assertEqual(len(err.strip().splitlines()), 1)


if __name__ == "__main__":
    unittest.main(verbosity=1)
