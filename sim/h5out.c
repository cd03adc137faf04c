/* h5out.c - the HDF5 writer (h5out.h): layout of DESIGN.md §4.
 *
 * Decisions written down here (the file owns them):
 * - Format: libver bounds fixed to (1.10, 1.10): fixed-array chunk indexes
 *   and v2 object headers; readable by HDF5 >= 1.10 (h5py, netCDF-C 4.6+).
 * - Reproducible bytes: every group, dataset and dimension scale is created
 *   with object time tracking off (the root group through the file creation
 *   list); nothing else in the file depends on the clock except `created`,
 *   which comes from SOURCE_DATE_EPOCH when set; tasks must arrive in
 *   (point, replicate) order and are written in that order.
 * - Strings: coordinate and text datasets are fixed-length UTF-8 (NULLPAD,
 *   width = longest entry) with `_Encoding = "utf-8"` so that xarray decodes
 *   them to str; attributes are variable-length UTF-8 (h5netcdf and h5py give
 *   str for them, while fixed-length one-character attributes such as
 *   units = "1" would come back as bytes).
 * - Per-nation attributes live in /nation_attrs/<name> [nation] (all of
 *   gs_attr_names, plus `imputed`, a bit mask per nation); /nation_name,
 *   /region_of, /population and /gdp are also at the top level for
 *   convenience.  Every axis of every dataset, in every group, is attached to
 *   the root-level dimension scale of that name (h5netcdf needs that).
 * - Chunks: result datasets [point, replicate, time, ...] are chunked
 *   [1, rc, T, ...] with rc = min(R, 64) replicates (fewer when a block of
 *   rc full trajectories would exceed GS_H5_BLOCK_BYTES in memory), whole time
 *   axis and whole inner axes, then the nation axis (then time) is halved
 *   until the largest per-nation chunk (prob) is at most GS_H5_CHUNK_BYTES =
 *   1 MiB, HDF5's default chunk-cache size, so default readers cache whole
 *   chunks.  /alignment and /standard use the same nation split as /prob, so
 *   one nation across all replicates is one chunk row (ceil(R/rc) chunks) of
 *   each.  Filters per variable (vars[], see F_COUNTS): shuffle + deflate 1
 *   for /prob, deflate 5 for the uint8 states, deflate 1 unshuffled for the
 *   shares of counts, none for the real-valued shares and metrics.  The
 *   writer buffers one block of rc replicates per variable and writes whole
 *   chunks, so these datasets have no chunk cache: a chunk is compressed and
 *   stored when written rather than held (and compressed in a burst) until
 *   close.
 * - Whole chunks are stored directly (h5chunk.c: our shuffle, libdeflate's
 *   zlib format, H5Dwrite_chunk), not through HDF5's filter pipeline:
 *   libdeflate compresses these chunks markedly faster than zlib at the
 *   same level, and the pipeline's copies and per-call set-up go; readers
 *   see the same filters and values.  A block is written so when it holds every
 *   replicate of its chunk row (an edge block is padded with the fill value
 *   to the full chunk); the last, partial block of an interrupted run, a
 *   /summary slab of part of the time axis (read-back path) and result
 *   datasets of a single chunk (see one_chunk) go through H5Dwrite.  On a
 *   big-endian host everything does.
 * - /prob is stored with BitRound (Klöwer et al. 2021) to GS_H5_PROB_BITS
 *   mantissa bits (relative error <= 2^-(bits+1)), attribute
 *   `quantization`; the low mantissa bits of a probability are noise that
 *   deflate cannot compress, and a 1,000-replicate baseline must stay small.
 * - Fill values: 255 for uint8, NaN for floats, also as `_FillValue`
 *   attributes: failed or missing tasks read as missing in xarray.
 * - /summary/<var> is created with the results and written one point at a
 *   time as soon as the point is complete (tasks arrive in point order),
 *   from an in-memory copy of that point's share and scalar series (R rows
 *   per variable, at most GS_H5_SUMMARY_BYTES; the tasks' rows are stored
 *   there directly and blocks are written to the file from it), so close
 *   need not re-read the results and memory does not grow with the number
 *   of points.  Nothing is NaN-filled ahead: gs_h5_write_task sets every row
 *   up to its task's (skipped replicates' and failed tasks' to the fill
 *   value) and a point's rows past the last task are filled when it is
 *   summarised, so each page of the copy is first touched by data; the
 *   copy is 2 MiB-aligned with transparent huge pages advised (big_alloc).
 *   When the copy would be too large, and for points never run (an
 *   interrupted .partial), the point is read back from the file instead
 *   (one block of times at a time); either way gs_summary sees the same
 *   values in the same order.
 * - Completeness is explicit: root attributes complete (1 in a finished
 *   file, 0 in the .partial an interrupted run leaves), tasks_done (tasks
 *   written, done or failed) and tasks_total; /tasks/status is 0 done,
 *   1 failed, and 2 pending (never run) in an interrupted .partial, whose
 *   flag_meanings then list the third value.
 * The file's description written at create (root attributes, coordinates,
 * nation data, edges, sweep values) is in h5meta.c, the state both share
 * in h5out_impl.h; the generic helpers (attributes, string types, chunked
 * datasets) are in h5util.c; whole-chunk writes in h5chunk.c; the extra
 * tables of compare and sensitivity in h5extra.c. */
#include "h5out.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <hdf5.h>
#include <hdf5_hl.h>
#include <omp.h>

#include "h5out_impl.h"
#include "sha256.h"
#include "summary.h"
#include "version.h"

#define GS_H5_BLOCK_BYTES ((size_t)256 << 20)
#define GS_H5_MAX_RC 64
#define GS_H5_PROB_BITS 13
#define GS_H5_SUMMARY_DEFLATE 1 /* /summary: shuffle + deflate 1 */
#ifndef GS_H5_SUMMARY_BYTES /* in-memory point copy, or read-back slab, for /summary */
#define GS_H5_SUMMARY_BYTES ((size_t)64 << 20)
#endif

/* File and memory types, and sizes, of the element types T_*. */
static hid_t file_type(int t)
{
    return t == T_U8 ? H5T_STD_U8LE : t == T_F32 ? H5T_IEEE_F32LE : H5T_IEEE_F64LE;
}
static hid_t mem_type(int t)
{
    return t == T_U8 ? H5T_NATIVE_UINT8 : t == T_F32 ? H5T_NATIVE_FLOAT : H5T_NATIVE_DOUBLE;
}
static size_t type_size(int t) { return t == T_U8 ? 1 : t == T_F32 ? 4 : 8; }

typedef struct var_def {
    const char *name;
    int type;
    int ninner;
    int inner[2];  /* D_* of the axes after time */
    int full_only; /* omitted at output.level = shares */
    const char *long_name;
    const char *units;   /* NULL when none applies (categorical) */
    const char *flags;   /* flag_meanings of a categorical variable */
    int shuffle, level;  /* filters of [point, replicate, ...]: shuffle, deflate (0 none) */
} var_def;

/* Filters, chosen on a 1,000-replicate baseline at shares, where deflate is
 * most of the writer's CPU: the shares of counts (count, Global South,
 * region, track) take few values, which repeat as whole 8-byte patterns
 * that deflate matches best unshuffled (smaller and cheaper than shuffle +
 * deflate 5); switches are mostly 0; with libdeflate (h5chunk.c) level 1
 * is clearly faster than level 2 on these chunks for slightly more
 * compressed bytes.  The population- and GDP-weighted
 * shares and the three network metrics are sums of unrelated reals, which
 * deflate hardly shrinks: they are stored as they are.  /prob (full) keeps
 * shuffle, at level 1.  Every choice is about bytes on disk only: readers
 * undo the filters (HDF5 built-ins); `make bench` reports the file sizes. */
#define F_COUNTS 0, 1
#define F_REALS 0, 0

static const var_def vars[NVAR] = {
    {"alignment", T_U8, 1, {D_NATION, 0}, 1, "alignment of each nation", NULL, "hedge us cn", 1, 5},
    {"prob", T_F32, 2, {D_NATION, D_OPTION}, 1,
     "probability of each option at the nation's last revision (softmax of utilities)", "1", NULL,
     1, 1},
    {"standard", T_U8, 1, {D_NATION, 0}, 1, "standards track of each nation", NULL,
     "none multilateral us_led dual", 1, 5},
    {"share_count", T_F64, 1, {D_OPTION, 0}, 0, "share of nations choosing each option", "1", NULL,
     F_COUNTS},
    {"share_population", T_F64, 1, {D_OPTION, 0}, 0,
     "population-weighted share of nations choosing each option", "1", NULL, F_REALS},
    {"share_gdp", T_F64, 1, {D_OPTION, 0}, 0, "GDP-weighted share of nations choosing each option",
     "1", NULL, F_REALS},
    {"share_global_south", T_F64, 1, {D_OPTION, 0}, 0,
     "share of Global South (G77) nations choosing each option", "1", NULL, F_COUNTS},
    {"share_region", T_F64, 2, {D_REGION, D_OPTION}, 0,
     "share of each region's nations choosing each option", "1", NULL, F_COUNTS},
    {"standard_share", T_F64, 1, {D_TRACK, 0}, 0, "share of nations on each standards track", "1",
     NULL, F_COUNTS},
    {"interoperability", T_F64, 0, {0, 0}, 0,
     "trade-weighted share of trade-layer partner pairs whose tracks share a standard", "1", NULL,
     F_REALS},
    {"assortativity", T_F64, 0, {0, 0}, 0,
     "nominal assortativity of alignment on the weighted trade layer", "1", NULL, F_REALS},
    {"modularity", T_F64, 0, {0, 0}, 0,
     "modularity of the alignment partition of the weighted trade layer", "1", NULL, F_REALS},
    {"switches", T_F64, 0, {0, 0}, 0, "number of alignment changes since the previous output time",
     "1", NULL, F_COUNTS},
};





/* Whether chunk c covers all of dims: HDF5 then indexes the dataset's only
 * chunk in its layout message (the single-chunk index), and HDF5 1.10.8
 * reads such a chunk stored by H5Dwrite_chunk back through the handle that
 * stored it without undoing its filters (the file itself is right, and so
 * is a read through a reopened dataset, tests/unit/test_h5chunk.c).  The
 * result datasets are read back through their handles (summary_readback),
 * so theirs go through H5Dwrite; /summary datasets are never read here and
 * take the direct path whatever their shape (a single `govsim run` makes
 * every one of them a single chunk). */
static int one_chunk(int rank, const hsize_t *dims, const hsize_t *c)
{
    for (int a = 0; a < rank; a++)
        if (c[a] < dims[a]) return 0;
    return 1;
}

/* The fill value of type t as file bytes (little-endian host). */
static const void *fill_bytes(int t)
{
    static const uint8_t f8 = 255;
    static const float f32 = NAN;
    static const double f64 = NAN;
    return t == T_U8 ? (const void *)&f8 : t == T_F32 ? (const void *)&f32 : (const void *)&f64;
}

static void fill_rows(int type, void *buf, size_t from, size_t count)
{
    if (type == T_U8) {
        memset((uint8_t *)buf + from, 255, count);
    } else if (type == T_F32) {
        float *f = buf;
        for (size_t i = 0; i < count; i++) f[from + i] = NAN;
    } else {
        double *f = buf;
        for (size_t i = 0; i < count; i++) f[from + i] = NAN;
    }
}

/* Result datasets and their block buffers. */
static int results_create(gs_h5 *h, gs_err *e)
{
    /* replicates per block: at most 64, and a block of every variable fits
     * in GS_H5_BLOCK_BYTES */
    size_t rowbytes = 0;
    for (int v = 0; v < NVAR; v++) {
        size_t inner = 1;
        for (int k = 0; k < vars[v].ninner; k++) inner *= h->dimlen[vars[v].inner[k]];
        h->row[v] = (size_t)h->T * inner;
        if (!(vars[v].full_only && h->level != GS_OUT_FULL))
            rowbytes += h->row[v] * type_size(vars[v].type);
    }
    h->rc = h->R < GS_H5_MAX_RC ? h->R : GS_H5_MAX_RC;
    while (h->rc > 1 && (size_t)h->rc * rowbytes > GS_H5_BLOCK_BYTES) h->rc = (h->rc + 1) / 2;

    /* the nation split of the largest per-nation variable, shared by all */
    hsize_t nation_chunk = h->dimlen[D_NATION];
    if (h->level == GS_OUT_FULL) {
        hsize_t dims[5] = {(hsize_t)h->P, (hsize_t)h->R, (hsize_t)h->T, h->dimlen[D_NATION],
                           GS_NOPT},
                cap[5] = {1, (hsize_t)h->rc, 0, 0, 0}, c[5];
        int shrink[2] = {3, 2};
        gs_h5u_chunk_shape(5, dims, cap, sizeof(float), shrink, 2, c);
        nation_chunk = c[3];
    }
    for (int v = 0; v < NVAR; v++) {
        const var_def *vd = &vars[v];
        if (vd->full_only && h->level != GS_OUT_FULL) continue;
        int rank = 3 + vd->ninner, axes[5] = {D_POINT, D_REPLICATE, D_TIME};
        hsize_t dims[5] = {(hsize_t)h->P, (hsize_t)h->R, (hsize_t)h->T},
                cap[5] = {1, (hsize_t)h->rc, 0, 0, 0}, c[5];
        for (int k = 0; k < vd->ninner; k++) {
            axes[3 + k] = vd->inner[k];
            dims[3 + k] = h->dimlen[vd->inner[k]];
            if (vd->inner[k] == D_NATION) cap[3 + k] = nation_chunk;
        }
        int shrink[3] = {rank - 1, 2, 1}; /* the nation axis when there is one */
        for (int k = 0; k < vd->ninner; k++)
            if (vd->inner[k] == D_NATION) shrink[0] = 3 + k;
        gs_h5u_chunk_shape(rank, dims, cap, type_size(vd->type), shrink, 3, c);
        memcpy(h->chunk[v], c, sizeof c);
        h->direct[v] = !one_chunk(rank, dims, c);
        uint8_t f8 = 255;
        float f32 = NAN;
        double f64 = NAN;
        const void *fill = vd->type == T_U8 ? (const void *)&f8
                           : vd->type == T_F32 ? (const void *)&f32 : (const void *)&f64;
        /* block_flush writes whole chunks once: no chunk cache */
        hid_t d = gs_h5u_dataset_nocache(h->file, vd->name, file_type(vd->type), rank, dims, c,
                                         mem_type(vd->type), fill, vd->shuffle, vd->level);
        if ((h->dset[v] = d) < 0 || gs_h5u_describe(d, vd->long_name, vd->units, vd->flags) < 0 ||
            gs_h5u_attr_num(d, "_FillValue", file_type(vd->type), mem_type(vd->type), 0, fill) < 0 ||
            attach(d, h, rank, axes) < 0)
            return h5_fail(h, vd->name, e);
        if (v == V_PROB) {
            char q[96];
            snprintf(q, sizeof q, "BitRound: %d mantissa bits kept (relative error <= 2^-%d)",
                     GS_H5_PROB_BITS, GS_H5_PROB_BITS + 1);
            if (gs_h5u_attr_str(d, "quantization", q) < 0) return h5_fail(h, vd->name, e);
        }
        /* rows are set as tasks arrive (gs_h5_write_task): nothing to fill */
        h->buf[v] = gs_malloc((size_t)h->rc * (h->row[v] ? h->row[v] : 1),
                              type_size(vd->type), "output block", e);
        if (!h->buf[v]) return GS_ERUN;
    }
    return GS_OK;
}

/* Writes slab out [GS_NSTAT][nt][inner] of /summary/<vars[v]> at point p,
 * times t0..t0+nt-1. */
static herr_t summary_slab(gs_h5 *h, int v, int64_t p, size_t t0, size_t nt, const double *out)
{
    int rank = 3 + vars[v].ninner;
    if (h->zc && h->sdirect[v] && t0 == 0 && nt == (size_t)h->T) { /* the whole point */
        hsize_t base[5] = {0, (hsize_t)p, 0, 0, 0}, extent[5] = {GS_NSTAT, 1, nt, 0, 0};
        for (int k = 0; k < vars[v].ninner; k++)
            extent[3 + k] = h->dimlen[vars[v].inner[k]];
        return gs_h5c_write(h->zc, h->sdset[v], rank, base, h->schunk[v], extent, out,
                            sizeof(double), fill_bytes(T_F64), 1, GS_H5_SUMMARY_DEFLATE);
    }
    hsize_t ws[5] = {0, (hsize_t)p, t0, 0, 0}, wcnt[5] = {GS_NSTAT, 1, nt, 0, 0};
    for (int k = 0; k < vars[v].ninner; k++) wcnt[3 + k] = h->dimlen[vars[v].inner[k]];
    hid_t fs = H5Dget_space(h->sdset[v]), ms = H5Screate_simple(rank, wcnt, NULL);
    herr_t r = fs < 0 || ms < 0 ? -1 : H5Sselect_hyperslab(fs, H5S_SELECT_SET, ws, NULL, wcnt, NULL);
    if (r >= 0) r = H5Dwrite(h->sdset[v], H5T_NATIVE_DOUBLE, ms, fs, H5P_DEFAULT, out);
    if (fs >= 0) H5Sclose(fs);
    if (ms >= 0) H5Sclose(ms);
    return r;
}

/* Summary of point p of variable v read back from the file, one block of
 * times at a time (the point is not in memory: too large, or never run). */
static int summary_readback(gs_h5 *h, int v, int64_t p, gs_err *e)
{
    const var_def *vd = &vars[v];
    size_t m = h->row[v] / (size_t)h->T;
    int rank = 3 + vd->ninner, rc = GS_OK;
    size_t tb = GS_H5_SUMMARY_BYTES / ((size_t)h->R * m * sizeof(double));
    if (tb < 1) tb = 1;
    if (tb > (size_t)h->T) tb = (size_t)h->T;
    double *in = gs_malloc((size_t)h->R * tb * m, sizeof *in, "summary", e);
    double *out = gs_malloc(GS_NSTAT * tb * m, sizeof *out, "summary", e);
    if (!in || !out) {
        rc = GS_ERUN;
        goto done;
    }
    for (size_t t0 = 0; t0 < (size_t)h->T; t0 += tb) {
        size_t nt = (size_t)h->T - t0 < tb ? (size_t)h->T - t0 : tb;
        hsize_t rs[5] = {(hsize_t)p, 0, t0, 0, 0}, rcnt[5] = {1, (hsize_t)h->R, nt, 0, 0};
        for (int k = 0; k < vd->ninner; k++) rcnt[3 + k] = h->dimlen[vd->inner[k]];
        hid_t fs = H5Dget_space(h->dset[v]), ms = H5Screate_simple(rank, rcnt, NULL);
        herr_t r = fs < 0 || ms < 0 ? -1
                   : H5Sselect_hyperslab(fs, H5S_SELECT_SET, rs, NULL, rcnt, NULL);
        if (r >= 0) r = H5Dread(h->dset[v], H5T_NATIVE_DOUBLE, ms, fs, H5P_DEFAULT, in);
        if (fs >= 0) H5Sclose(fs);
        if (ms >= 0) H5Sclose(ms);
        for (size_t t = 0; r >= 0 && t < nt; t++)
            for (size_t j = 0; j < m; j++) {
                double st[GS_NSTAT];
                gs_summary(in + t * m + j, nt * m, (size_t)h->R, h->swork, st);
                for (int s = 0; s < GS_NSTAT; s++) out[((size_t)s * nt + t) * m + j] = st[s];
            }
        if (r >= 0) r = summary_slab(h, v, p, t0, nt, out);
        if (r < 0) {
            rc = h5_fail(h, "summary", e);
            goto done;
        }
    }
done:
    free(in);
    free(out);
    return rc;
}

/* Summarises every point from snext up to (excluding) end: the point held
 * in memory from sbuf (then resets sbuf to missing), any other by reading
 * it back.  The results of those points must already be flushed. */
static int summaries_upto(gs_h5 *h, int64_t end, gs_err *e)
{
    for (; h->snext < end; h->snext++) {
        int64_t p = h->snext;
        for (int v = V_SHARE_COUNT; v < NVAR; v++) {
            size_t m = h->row[v] / (size_t)h->T, T = (size_t)h->T;
            if (h->sdset[v] < 0 || m == 0) continue;
            if (!h->sbuf[v] || p != h->spoint) {
                int rc = summary_readback(h, v, p, e);
                if (rc) return rc;
                continue;
            }
            /* series (t, j) is column t * m + j of sbuf ([R][n]), read
             * in place with stride n; 64 at a time, each group on one of
             * the threads (independent series, disjoint outputs: the same
             * bits for any thread count).  Inside the runner's parallel
             * region (a sweep's commit) nesting is off: one thread. */
            const size_t R = (size_t)h->R, n = T * m;
            fill_rows(T_F64, h->sbuf[v], (size_t)h->srow * n, (R - (size_t)h->srow) * n);
            const long ngroups = (long)((n + 63) / 64);
#pragma omp parallel for num_threads(h->threads) schedule(dynamic, 1) if (h->threads > 1 && ngroups > 1)
            for (long g = 0; g < ngroups; g++) {
                double st[64 * GS_NSTAT];
                size_t c0 = (size_t)g * 64, nc = n - c0 < 64 ? n - c0 : 64;
                double *work = h->swork + (size_t)omp_get_thread_num() * 5 * R;
                gs_summary_cols(h->sbuf[v] + c0, 1, n, nc, R, work, st);
                for (size_t c = 0; c < nc; c++)
                    for (int s = 0; s < GS_NSTAT; s++)
                        h->sout[(size_t)s * T * m + c0 + c] = st[c * GS_NSTAT + s];
            }
            if (summary_slab(h, v, p, 0, T, h->sout) < 0) return h5_fail(h, "summary", e);
        }
    }
    return GS_OK;
}

/* n bytes for the point copy, freed with free(): 2 MiB-aligned and marked
 * for transparent huge pages when that large, because the copy is first
 * touched as tasks arrive and a 4 KiB page fault costs several
 * microseconds on a VM (a 1,000-replicate point is ~12 MB: 3,000 faults
 * against 6). */
static void *big_alloc(size_t n, gs_err *e)
{
    const size_t huge = (size_t)2 << 20;
    if (n >= huge) {
        void *p = NULL;
        size_t r = (n + huge - 1) / huge * huge;
        if (posix_memalign(&p, huge, r) == 0) {
#ifdef MADV_HUGEPAGE
            (void)madvise(p, r, MADV_HUGEPAGE); /* advice: failing is harmless */
#endif
            return p;
        }
    }
    return gs_malloc(n ? n : 1, 1, "summary", e);
}

/* /summary/<var> [stat, point, time, inner...] for the share and scalar
 * series (filled by summaries_upto), and the per-point buffers behind
 * them when they fit in GS_H5_SUMMARY_BYTES. */
static int summaries_create(gs_h5 *h, gs_err *e)
{
    hid_t g = gs_h5u_group(h->file, "summary");
    if (g < 0) return h5_fail(h, "summary", e);
    size_t bytes = 0, outmax = 0;
    for (int v = V_SHARE_COUNT; v < NVAR; v++) {
        const var_def *vd = &vars[v];
        int rank = 3 + vd->ninner, axes[5] = {D_STAT, D_POINT, D_TIME};
        hsize_t dims[5] = {GS_NSTAT, (hsize_t)h->P, (hsize_t)h->T}, cap[5] = {0, 1, 0, 0, 0},
                c[5];
        for (int k = 0; k < vd->ninner; k++) {
            axes[3 + k] = vd->inner[k];
            dims[3 + k] = h->dimlen[vd->inner[k]];
        }
        int shrink[2] = {2, 0};
        gs_h5u_chunk_shape(rank, dims, cap, 8, shrink, 2, c);
        memcpy(h->schunk[v], c, sizeof c);
        h->sdirect[v] = 1; /* never read back (one_chunk) */
        double nanv = NAN;
        char ln[256];
        snprintf(ln, sizeof ln, "%s: ensemble statistic over replicates", vd->long_name);
        /* written once, one point (whole chunks) at a time: no chunk cache */
        hid_t d = gs_h5u_dataset_nocache(g, vd->name, H5T_IEEE_F64LE, rank, dims, c,
                                         H5T_NATIVE_DOUBLE, &nanv, 1, GS_H5_SUMMARY_DEFLATE);
        if ((h->sdset[v] = d) < 0 || gs_h5u_describe(d, ln, vd->units, NULL) < 0 ||
            gs_h5u_attr_num(d, "_FillValue", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 0, &nanv) < 0 ||
            attach(d, h, rank, axes) < 0) {
            H5Gclose(g);
            return h5_fail(h, "summary", e);
        }
        bytes += (size_t)h->R * h->row[v] * sizeof(double);
        if (GS_NSTAT * h->row[v] > outmax) outmax = GS_NSTAT * h->row[v];
    }
    H5Gclose(g);
    /* gs_summary_cols: 5R per thread */
    h->swork = gs_malloc(5 * (size_t)h->R * (size_t)h->threads, sizeof *h->swork, "summary", e);
    if (!h->swork) return GS_ERUN;
    if (bytes > GS_H5_SUMMARY_BYTES || outmax == 0) return GS_OK; /* read back instead */
    h->sout = gs_malloc(outmax, sizeof *h->sout, "summary", e);
    if (!h->sout) return GS_ERUN;
    /* one arena, each variable's copy on a 64-byte boundary; rows are set
     * as tasks arrive and NaN-padded when the point is summarised, so
     * nothing is filled here */
    size_t off[NVAR] = {0}, total = 0;
    for (int v = V_SHARE_COUNT; v < NVAR; v++) {
        off[v] = total;
        total += ((size_t)h->R * h->row[v] + 7) / 8 * 8;
    }
    h->sarena = big_alloc(total * sizeof(double), e);
    if (!h->sarena) return GS_ERUN;
    for (int v = V_SHARE_COUNT; v < NVAR; v++) {
        if (h->row[v] == 0) continue;
        h->sbuf[v] = (double *)h->sarena + off[v];
        free(h->buf[v]); /* the block's rows live in sbuf */
        h->buf[v] = NULL;
    }
    return GS_OK;
}

/* The direct chunk writer (h5chunk.h), sized for the largest chunk of the
 * result and /summary datasets; none on a big-endian host, where every
 * chunk goes through H5Dwrite. */
static int direct_create(gs_h5 *h, gs_err *e)
{
    if (!GS_H5C_NATIVE) return GS_OK;
    size_t max = 0;
    for (int v = 0; v < NVAR; v++) {
        int rank = 3 + vars[v].ninner;
        size_t b = type_size(vars[v].type), sb = sizeof(double);
        for (int a = 0; a < rank; a++) {
            b *= (size_t)h->chunk[v][a];
            sb *= (size_t)h->schunk[v][a];
        }
        if (h->dset[v] >= 0 && h->row[v] && b > max) max = b;
        if (h->sdset[v] >= 0 && h->row[v] && sb > max) max = sb;
    }
    if (!max) return GS_OK;
    h->zc = gs_h5c_alloc(max);
    if (!h->zc) return gs_err_set(e, GS_ERUN, "out of memory (chunk buffers)");
    return GS_OK;
}

static void h5_free(gs_h5 *h)
{
    if (!h) return;
    for (int v = 0; v < NVAR; v++) {
        if (h->dset[v] >= 0) H5Dclose(h->dset[v]);
        if (h->sdset[v] >= 0) H5Dclose(h->sdset[v]);
        free(h->buf[v]);
    }
    free(h->sarena);
    gs_h5c_free(h->zc);
    free(h->sout);
    free(h->swork);
    for (int d = 0; d < ND; d++)
        if (h->scale[d] >= 0) H5Dclose(h->scale[d]);
    if (h->file >= 0) H5Fclose(h->file);
    if (h->message)
        for (int64_t i = 0; i < h->P * h->R; i++) free(h->message[i]);
    free(h->message);
    free(h->status);
    if (h->prior_keys)
        for (int32_t k = 0; k < h->nprior; k++) free(h->prior_keys[k]);
    free(h->prior_keys);
    free(h->prior);
    for (size_t i = 0; i < h->nev; i++) {
        free(h->ev[i].name);
        free(h->ev[i].key);
        free(h->ev[i].subset);
    }
    free(h->ev);
    gs_h5m_dims_free(h);
    free(h->path);
    free(h->partial);
    free(h);
}

static int meta_check(const char *path, const gs_h5_meta *m, gs_err *e)
{
    if (!path || !*path) return gs_err_set(e, GS_EINPUT, "output file name is empty");
    if (!m || !m->world || m->world->n < 1 || !m->world->iso3)
        return gs_err_set(e, GS_ERUN, "%s: writer: no world", path);
    if (m->npoints < 1 || m->nreplicates < 1 || m->ntimes < 1 || !m->times ||
        (m->level != GS_OUT_FULL && m->level != GS_OUT_SHARES) || m->nsweep < 0 ||
        (m->nsweep > 0 && (!m->sweep_keys || !m->sweep_values)) || m->nprior < 0 ||
        (m->nprior > 0 && !m->prior_keys) || m->world->nregions < 0)
        return gs_err_set(e, GS_ERUN, "%s: writer: bad shape", path);
    if ((double)m->npoints * (double)m->nreplicates > 1e12)
        return gs_err_set(e, GS_EINPUT, "%s: too many tasks", path);
    return GS_OK;
}

gs_h5 *gs_h5_create(const char *path, int force, const gs_h5_meta *m, gs_err *e)
{
    if (meta_check(path, m, e)) return NULL;
    gs_h5u_no_atexit();
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL); /* errors become one line in gs_err */
    errno = 0; /* gs_h5u_reason may read it after a failed write */
    struct stat st;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            gs_err_set(e, GS_EINPUT, "%s: is a directory", path);
            return NULL;
        }
        if (!force) {
            gs_err_set(e, GS_EINPUT, "%s exists; use --force to overwrite", path);
            return NULL;
        }
    }
    char created[32];
    if (m->created) { /* resuming: the interrupted run's time */
        if (strlen(m->created) >= sizeof created) {
            gs_err_set(e, GS_ERUN, "%s: writer: bad created time", path);
            return NULL;
        }
        strcpy(created, m->created);
    } else if (gs_h5_created(created, e)) {
        return NULL;
    }

    gs_h5 *h = gs_calloc(1, sizeof *h, "writer", e);
    if (!h) return NULL;
    h->file = -1;
    for (int v = 0; v < NVAR; v++) h->dset[v] = h->sdset[v] = -1;
    h->spoint = -1;
    for (int d = 0; d < ND; d++) h->scale[d] = -1;
    h->force = force;
    h->level = m->level;
    h->threads = m->threads > 1 ? m->threads : 1;
    h->P = m->npoints;
    h->R = m->nreplicates;
    h->T = m->ntimes;
    h->blk_point = -1;
    h->last_point = -1;
    h->nprior = m->nprior;
    size_t ntask = (size_t)(h->P * h->R);
    h->path = strdup(path);
    h->partial = malloc(strlen(path) + 9);
    h->status = gs_malloc(ntask, 1, "task table", e);
    h->message = gs_calloc(ntask, sizeof *h->message, "task table", e);
    if (!h->path || !h->partial || !h->status || !h->message) {
        gs_err_set(e, GS_ERUN, "out of memory (writer)");
        goto fail_nofile;
    }
    memset(h->status, 255, ntask);
    sprintf(h->partial, "%s.partial", path);
    if (m->nprior > 0) {
        h->prior_keys = gs_calloc((size_t)m->nprior, sizeof *h->prior_keys, "priors", e);
        h->prior = gs_malloc(ntask * (size_t)m->nprior, sizeof *h->prior, "priors", e);
        if (!h->prior_keys || !h->prior) goto fail_nofile;
        for (size_t i = 0; i < ntask * (size_t)m->nprior; i++) h->prior[i] = NAN;
        for (int32_t k = 0; k < m->nprior; k++)
            if (!(h->prior_keys[k] = strdup(m->prior_keys[k] ? m->prior_keys[k] : "?"))) {
                gs_err_set(e, GS_ERUN, "out of memory (writer)");
                goto fail_nofile;
            }
    }
    const gs_world *w = m->world;
    h->dimlen[D_POINT] = (hsize_t)h->P;
    h->dimlen[D_REPLICATE] = (hsize_t)h->R;
    h->dimlen[D_TIME] = (hsize_t)h->T;
    h->dimlen[D_NATION] = (hsize_t)w->n;
    h->dimlen[D_OPTION] = GS_NOPT;
    h->dimlen[D_TRACK] = GS_NTRACK;
    h->dimlen[D_REGION] = (hsize_t)w->nregions;
    h->dimlen[D_STAT] = GS_NSTAT;
    h->dimlen[D_EDGE] = (hsize_t)gs_h5m_edge_count(w);

    /* a plain open first: an unwritable place is the user's input error,
     * reported with the system's reason */
    int fd = open(h->partial, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        gs_err_set(e, GS_EINPUT, "%s: cannot create: %s", h->partial, strerror(errno));
        goto fail_nofile;
    }
    close(fd);

    hid_t fcpl = H5Pcreate(H5P_FILE_CREATE), fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fcpl >= 0 && fapl >= 0 && H5Pset_obj_track_times(fcpl, 0) >= 0 &&
        H5Pset_libver_bounds(fapl, H5F_LIBVER_V110, H5F_LIBVER_V110) >= 0 &&
        /* lock, but do not fail on file systems without locks (NFS on clusters) */
        H5Pset_file_locking(fapl, 1, 1) >= 0)
        h->file = H5Fcreate(h->partial, H5F_ACC_TRUNC, fcpl, fapl);
    if (fcpl >= 0) H5Pclose(fcpl);
    if (fapl >= 0) H5Pclose(fapl);
    const char *what = h->file < 0                            ? "file"
                       : gs_h5m_root_attrs(h, m, created) < 0 ? "attributes"
                       : gs_h5m_coordinates(h, m) < 0         ? "coordinates"
                       : gs_h5m_nation_data(h, w) < 0         ? "nation data"
                       : gs_h5m_edges_write(h, w) < 0         ? "edges"
                       : gs_h5m_sweep_write(h, m) < 0         ? "sweep values"
                                                              : NULL;
    if (what) {
        h5_fail(h, what, e);
        goto fail;
    }
    if (results_create(h, e) || summaries_create(h, e) || direct_create(h, e)) goto fail;
    /* the scales' REFERENCE_LISTs now, complete: the extra tables
     * (h5extra.c) may extend them (gs_h5u_attach) before close */
    if (gs_h5m_dims_flush(h) < 0) {
        h5_fail(h, "dimension scales", e);
        goto fail;
    }
    return h;
fail:
    gs_h5_abort(h);
    return NULL;
fail_nofile:
    h5_free(h);
    return NULL;
}

/* ---- tasks ------------------------------------------------------------ */

/* BitRound to keep bits mantissa bits, round half to even; NaN/inf kept. */
static float bitround(float x, int bits)
{
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    if ((u & 0x7f800000u) == 0x7f800000u) return x;
    int drop = 23 - bits;
    uint32_t half = 1u << (drop - 1), mask = ~((1u << drop) - 1);
    u = (u + (half - 1) + ((u >> drop) & 1u)) & mask;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* Where the rows of variable v for the current block live: the point's
 * summary copy when there is one (rows blk_r0.. of it), else the block
 * buffer. */
static char *block_rows(gs_h5 *h, int v)
{
    if (h->sbuf[v]) return (char *)(h->sbuf[v] + (size_t)h->blk_r0 * h->row[v]);
    return h->buf[v];
}

/* Writes the current block: whole chunks through gs_h5c_write when the
 * block holds every replicate of its chunk row (always, but for the last
 * block of an interrupted run), else the rows received through H5Dwrite,
 * which merges them into what the chunk holds. */
static int block_flush(gs_h5 *h, gs_err *e)
{
    if (h->blk_point < 0) return GS_OK;
    hsize_t rows = (hsize_t)(h->blk_hi - h->blk_lo + 1);
    int64_t nrows = h->R - h->blk_r0 < h->rc ? h->R - h->blk_r0 : h->rc;
    int whole = h->zc && h->blk_lo == 0 && h->blk_hi == nrows - 1;
    for (int v = 0; v < NVAR; v++) {
        if (h->dset[v] < 0 || h->row[v] == 0) continue;
        const var_def *vd = &vars[v];
        int rank = 3 + vd->ninner;
        if (whole && h->direct[v]) {
            hsize_t base[5] = {(hsize_t)h->blk_point, (hsize_t)h->blk_r0, 0, 0, 0},
                    extent[5] = {1, (hsize_t)nrows, (hsize_t)h->T, 0, 0};
            for (int k = 0; k < vd->ninner; k++)
                extent[3 + k] = h->dimlen[vd->inner[k]];
            if (gs_h5c_write(h->zc, h->dset[v], rank, base, h->chunk[v], extent, block_rows(h, v),
                             type_size(vd->type), fill_bytes(vd->type), vd->shuffle, vd->level) < 0)
                return h5_fail(h, vd->name, e);
            continue;
        }
        hsize_t start[5] = {(hsize_t)h->blk_point, (hsize_t)(h->blk_r0 + h->blk_lo), 0, 0, 0},
                count[5] = {1, rows, (hsize_t)h->T, 0, 0};
        for (int k = 0; k < vd->ninner; k++) count[3 + k] = h->dimlen[vd->inner[k]];
        hid_t fs = H5Dget_space(h->dset[v]), ms = H5Screate_simple(rank, count, NULL);
        size_t off = (size_t)h->blk_lo * h->row[v] * type_size(vd->type);
        char *rows_buf = block_rows(h, v);
        herr_t r = fs < 0 || ms < 0 ? -1
                   : H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL);
        if (r >= 0)
            r = H5Dwrite(h->dset[v], mem_type(vd->type), ms, fs, H5P_DEFAULT, rows_buf + off);
        if (fs >= 0) H5Sclose(fs);
        if (ms >= 0) H5Sclose(ms);
        if (r < 0) return h5_fail(h, vd->name, e);
    }
    h->blk_point = -1;
    return GS_OK;
}

static const void *traj_array(const gs_traj *t, int v)
{
    switch (v) {
    case V_ALIGNMENT: return t->alignment;
    case V_PROB: return t->prob;
    case V_STANDARD: return t->standard;
    case V_SHARE_COUNT: return t->share_count;
    case V_SHARE_POPULATION: return t->share_population;
    case V_SHARE_GDP: return t->share_gdp;
    case V_SHARE_GLOBAL_SOUTH: return t->share_global_south;
    case V_SHARE_REGION: return t->share_region;
    case V_STANDARD_SHARE: return t->standard_share;
    case V_INTEROPERABILITY: return t->interoperability;
    case V_ASSORTATIVITY: return t->assortativity;
    case V_MODULARITY: return t->modularity;
    default: return t->switches;
    }
}

int gs_h5_write_task(gs_h5 *h, int64_t point, int64_t replicate, const gs_traj *t,
                     const double *prior_values, gs_err *e)
{
    if (!h || !t) return gs_err_set(e, GS_ERUN, "gs_h5_write_task: NULL argument");
    if (point < 0 || point >= h->P || replicate < 0 || replicate >= h->R)
        return gs_err_set(e, GS_ERUN, "%s: task (%lld, %lld) out of range", h->partial,
                          (long long)point, (long long)replicate);
    if (point < h->last_point || (point == h->last_point && replicate <= h->last_rep))
        return gs_err_set(e, GS_ERUN, "%s: task (%lld, %lld) out of (point, replicate) order",
                          h->partial, (long long)point, (long long)replicate);
    if (t->status == 0 &&
        (t->nt != h->T || t->n != (int32_t)h->dimlen[D_NATION] ||
         t->nregions != (int32_t)h->dimlen[D_REGION] ||
         (h->level == GS_OUT_FULL && (t->level != GS_OUT_FULL || !t->alignment))))
        return gs_err_set(e, GS_ERUN, "%s: trajectory shape does not match the file",
                          h->partial);
    if (point > h->snext) { /* points before this one are complete */
        int rc = block_flush(h, e);
        if (!rc) rc = summaries_upto(h, point, e);
        if (rc) return rc;
    }
    int64_t r0 = replicate / h->rc * h->rc;
    if (h->blk_point >= 0 && (h->blk_point != point || h->blk_r0 != r0)) {
        int rc = block_flush(h, e);
        if (rc) return rc;
    }
    int64_t row = replicate - r0, next = row; /* next: the block's first row not set */
    if (h->blk_point < 0) {
        h->blk_point = point;
        h->blk_r0 = r0;
        h->blk_lo = row;
    } else {
        next = h->blk_hi + 1;
    }
    h->blk_hi = row;
    /* Buffers are not reset between blocks and points: every row up to
     * this task's is set here, skipped replicates' and a failed task's to
     * the fill value, so that what is flushed or summarised never holds a
     * stale row (the point copy sbuf by replicate from srow, a block buffer
     * by row from next). */
    int64_t snext = point == h->spoint ? h->srow : 0;
    for (int v = 0; v < NVAR; v++) {
        if (h->dset[v] < 0 || h->row[v] == 0) continue;
        int type = vars[v].type;
        size_t es = type_size(type), n = h->row[v];
        if (h->sbuf[v])
            fill_rows(T_F64, h->sbuf[v], (size_t)snext * n, (size_t)(replicate - snext) * n);
        else
            fill_rows(type, h->buf[v], (size_t)next * n, (size_t)(row - next) * n);
        char *dst = block_rows(h, v) + (size_t)row * n * es;
        if (t->status != 0) {
            fill_rows(type, dst, 0, n);
            continue;
        }
        memcpy(dst, traj_array(t, v), n * es);
        if (v == V_PROB) {
            float *f = (float *)dst;
            for (size_t i = 0; i < n; i++)
                f[i] = bitround(f[i], GS_H5_PROB_BITS);
        }
    }
    h->spoint = point;
    h->srow = replicate + 1;
    size_t task = (size_t)(point * h->R + replicate);
    h->status[task] = t->status ? 1 : 0;
    if (t->status) {
        size_t len = strnlen(t->message, sizeof t->message);
        h->message[task] = malloc(len + 1);
        if (!h->message[task]) return gs_err_set(e, GS_ERUN, "out of memory (task table)");
        memcpy(h->message[task], t->message, len);
        h->message[task][len] = 0;
    }
    if (prior_values)
        for (int32_t k = 0; k < h->nprior; k++)
            h->prior[(size_t)k * (size_t)(h->P * h->R) + task] = prior_values[k];
    h->last_point = point;
    h->last_rep = replicate;
    return GS_OK;
}

int gs_h5_add_events(gs_h5 *h, const gs_h5_event *ev, size_t n, gs_err *e)
{
    if (!h || (n && !ev)) return gs_err_set(e, GS_ERUN, "gs_h5_add_events: NULL argument");
    if (h->nev + n > h->capev) {
        size_t cap = h->capev ? h->capev : 64;
        while (cap < h->nev + n) cap *= 2;
        ev_rec *p = realloc(h->ev, cap * sizeof *p);
        if (!p) return gs_err_set(e, GS_ERUN, "out of memory (event log)");
        h->ev = p;
        h->capev = cap;
    }
    for (size_t i = 0; i < n; i++) {
        ev_rec *r = &h->ev[h->nev];
        r->point = ev[i].point;
        r->replicate = ev[i].replicate;
        r->time = ev[i].time;
        r->old_value = ev[i].old_value;
        r->new_value = ev[i].new_value;
        r->seq = h->nev;
        r->name = strdup(ev[i].name ? ev[i].name : "");
        r->key = strdup(ev[i].key ? ev[i].key : "");
        r->subset = strdup(ev[i].subset ? ev[i].subset : "");
        h->nev++; /* counted before the check so that h5_free frees it */
        if (!r->name || !r->key || !r->subset)
            return gs_err_set(e, GS_ERUN, "out of memory (event log)");
    }
    return GS_OK;
}

/* ---- close ------------------------------------------------------------ */

static int ev_cmp(const void *a, const void *b)
{
    const ev_rec *x = a, *y = b;
    if (x->point != y->point) return x->point < y->point ? -1 : 1;
    if (x->replicate != y->replicate) return x->replicate < y->replicate ? -1 : 1;
    if (x->time != y->time) return x->time < y->time ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int events_write(gs_h5 *h)
{
    if (h->nev) qsort(h->ev, h->nev, sizeof *h->ev, ev_cmp);
    size_t wn = 1, wk = 1, ws = 1;
    for (size_t i = 0; i < h->nev; i++) {
        size_t a = strlen(h->ev[i].name), b = strlen(h->ev[i].key), c = strlen(h->ev[i].subset);
        wn = a > wn ? a : wn;
        wk = b > wk ? b : wk;
        ws = c > ws ? c : ws;
    }
    size_t off_name = 24, off_key = off_name + wn, off_sub = off_key + wk;
    size_t off_old = off_sub + ws, size = off_old + 16;
    hid_t tn = gs_h5u_str_type(wn), tk = gs_h5u_str_type(wk), ts = gs_h5u_str_type(ws);
    /* the same packed layout twice: little-endian in the file, native in
     * memory (HDF5 converts on a big-endian host) */
    hid_t ct = H5Tcreate(H5T_COMPOUND, size), mt = H5Tcreate(H5T_COMPOUND, size);
    hid_t scale = -1, d = -1;
    char *buf = calloc(h->nev ? h->nev : 1, size);
    int rc = -1;
    if (tn < 0 || tk < 0 || ts < 0 || ct < 0 || mt < 0 || !buf) goto done;
    for (int k = 0; k < 2; k++) {
        hid_t c = k ? mt : ct, i64 = k ? H5T_NATIVE_INT64 : H5T_STD_I64LE,
              f64 = k ? H5T_NATIVE_DOUBLE : H5T_IEEE_F64LE;
        if (H5Tinsert(c, "point", 0, i64) < 0 || H5Tinsert(c, "replicate", 8, i64) < 0 ||
            H5Tinsert(c, "time", 16, f64) < 0 || H5Tinsert(c, "name", off_name, tn) < 0 ||
            H5Tinsert(c, "key", off_key, tk) < 0 || H5Tinsert(c, "subset", off_sub, ts) < 0 ||
            H5Tinsert(c, "old", off_old, f64) < 0 || H5Tinsert(c, "new", off_old + 8, f64) < 0)
            goto done;
    }
    for (size_t i = 0; i < h->nev; i++) {
        char *p = buf + i * size;
        const ev_rec *r = &h->ev[i];
        memcpy(p, &r->point, 8);
        memcpy(p + 8, &r->replicate, 8);
        memcpy(p + 16, &r->time, 8);
        memcpy(p + off_name, r->name, strlen(r->name));
        memcpy(p + off_key, r->key, strlen(r->key));
        memcpy(p + off_sub, r->subset, strlen(r->subset));
        memcpy(p + off_old, &r->old_value, 8);
        memcpy(p + off_old + 8, &r->new_value, 8);
    }
    if ((scale = gs_h5m_index_scale(h, "event", h->nev, "applied event index")) < 0) goto done;
    hsize_t dim = h->nev, c;
    d = gs_h5u_dataset(h->file, "events", ct, 1, &dim, gs_h5u_maybe_chunk(1, &dim, size, &c), mt, NULL);
    if (d < 0 || (h->nev && H5Dwrite(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) ||
        gs_h5u_attr_str(d, "long_name",
                 "applied events: task, time (decimal year), event name, key, subset, old and "
                 "new value") < 0 ||
        gs_h5u_attach(d, 1, &scale) < 0)
        goto done;
    rc = 0;
done:
    free(buf);
    if (d >= 0) H5Dclose(d);
    if (scale >= 0) H5Dclose(scale);
    if (ct >= 0) H5Tclose(ct);
    if (mt >= 0) H5Tclose(mt);
    if (tn >= 0) H5Tclose(tn);
    if (tk >= 0) H5Tclose(tk);
    if (ts >= 0) H5Tclose(ts);
    return rc;
}

/* /tasks/status [point, replicate] and /tasks/message.  The pending
 * status (2) exists only in an interrupted .partial (!complete): a finished
 * file keeps the two meanings it can hold. */
static int tasks_write(gs_h5 *h, int complete)
{
    int rc = -1, axes[2] = {D_POINT, D_REPLICATE};
    hsize_t dims[2] = {(hsize_t)h->P, (hsize_t)h->R}, c[2];
    size_t ntask = (size_t)(h->P * h->R), width = 1;
    for (size_t i = 0; i < ntask; i++)
        if (h->message[i] && strlen(h->message[i]) > width) width = strlen(h->message[i]);
    hid_t g = gs_h5u_group(h->file, "tasks"), d = -1, t = gs_h5u_str_type(width);
    char *row = calloc((size_t)h->R, width);
    uint8_t fill = 255;
    if (g < 0 || t < 0 || !row) goto done;
    /* A task never written (an interrupted run's .partial) is pending. */
    for (size_t i = 0; i < ntask; i++)
        if (h->status[i] == 255) h->status[i] = 2;
    d = gs_h5u_dataset(g, "status", H5T_STD_U8LE, 2, dims, gs_h5u_maybe_chunk(2, dims, 1, c),
                       H5T_NATIVE_UINT8, &fill);
    if (d < 0 || H5Dwrite(d, H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, h->status) < 0 ||
        gs_h5u_describe(d, "task status", NULL, complete ? "done failed" : "done failed pending") <
            0 ||
        gs_h5u_attr_num(d, "_FillValue", H5T_STD_U8LE, H5T_NATIVE_UINT8, 0, &fill) < 0 ||
        attach(d, h, 2, axes) < 0)
        goto done;
    H5Dclose(d);
    d = gs_h5u_dataset(g, "message", t, 2, dims, gs_h5u_maybe_chunk(2, dims, width, c), t, NULL);
    if (d < 0 || gs_h5u_attr_str(d, "_Encoding", "utf-8") < 0 ||
        gs_h5u_attr_str(d, "long_name", "why the task failed (empty when done)") < 0 ||
        attach(d, h, 2, axes) < 0)
        goto done;
    for (int64_t p = 0; p < h->P; p++) { /* one point at a time */
        memset(row, 0, (size_t)h->R * width);
        for (int64_t r = 0; r < h->R; r++) {
            const char *m = h->message[p * h->R + r];
            if (m) memcpy(row + (size_t)r * width, m, strlen(m));
        }
        hsize_t start[2] = {(hsize_t)p, 0}, cnt[2] = {1, (hsize_t)h->R};
        hid_t fs = H5Dget_space(d), ms = H5Screate_simple(2, cnt, NULL);
        herr_t r = fs < 0 || ms < 0 ? -1
                   : H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, cnt, NULL);
        if (r >= 0) r = H5Dwrite(d, t, ms, fs, H5P_DEFAULT, row);
        if (fs >= 0) H5Sclose(fs);
        if (ms >= 0) H5Sclose(ms);
        if (r < 0) goto done;
    }
    rc = 0;
done:
    free(row);
    if (d >= 0) H5Dclose(d);
    if (t >= 0) H5Tclose(t);
    if (g >= 0) H5Gclose(g);
    return rc;
}

static int priors_write(gs_h5 *h)
{
    if (h->nprior <= 0) return 0;
    hid_t g = gs_h5u_group(h->file, "prior");
    if (g < 0) return -1;
    int rc = 0, axes[2] = {D_POINT, D_REPLICATE};
    hsize_t dims[2] = {(hsize_t)h->P, (hsize_t)h->R}, c[2];
    for (int32_t k = 0; k < h->nprior && rc == 0; k++) {
        char ln[256];
        snprintf(ln, sizeof ln, "value of %s drawn from its prior for each task", h->prior_keys[k]);
        double nanv = NAN;
        hid_t d = gs_h5u_dataset(g, h->prior_keys[k], H5T_IEEE_F64LE, 2, dims,
                                 gs_h5u_maybe_chunk(2, dims, 8, c), H5T_NATIVE_DOUBLE, &nanv);
        int pi = gs_param_find(h->prior_keys[k]);
        const char *units = pi >= 0 && gs_param_table[pi].unit[0] ? gs_param_table[pi].unit : NULL;
        if (d < 0 ||
            H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                     h->prior + (size_t)k * (size_t)(h->P * h->R)) < 0 ||
            gs_h5u_describe(d, ln, units, NULL) < 0 || attach(d, h, 2, axes) < 0)
            rc = -1;
        if (d >= 0) H5Dclose(d);
    }
    H5Gclose(g);
    return rc;
}

/* complete, tasks_done, tasks_total on the root: whether the file holds
 * every task, and how many it holds (done or failed). */
static int completion_attrs(gs_h5 *h, int complete)
{
    int64_t total = h->P * h->R, written = 0;
    for (int64_t i = 0; i < total; i++) written += h->status[i] != 255;
    uint8_t c = complete ? 1 : 0;
    if (gs_h5u_attr_num(h->file, "complete", H5T_STD_U8LE, H5T_NATIVE_UINT8, 0, &c) < 0 ||
        gs_h5u_attr_num(h->file, "tasks_done", H5T_STD_I64LE, H5T_NATIVE_INT64, 0, &written) < 0 ||
        gs_h5u_attr_num(h->file, "tasks_total", H5T_STD_I64LE, H5T_NATIVE_INT64, 0, &total) < 0)
        return -1;
    return 0;
}

/* gs_h5_close and gs_h5_close_partial: everything up to closing the file. */
static int finish(gs_h5 *h, int complete, gs_err *e)
{
    int rc = block_flush(h, e);
    if (rc) return rc;
    if ((rc = summaries_upto(h, h->P, e))) return rc;
    for (int v = 0; v < NVAR; v++)
        if (h->sdset[v] >= 0) {
            H5Dclose(h->sdset[v]);
            h->sdset[v] = -1;
        }
    if (completion_attrs(h, complete) < 0) return h5_fail(h, "attributes", e);
    if (events_write(h) < 0) return h5_fail(h, "events", e);
    if (tasks_write(h, complete) < 0) return h5_fail(h, "tasks", e);
    if (priors_write(h) < 0) return h5_fail(h, "priors", e);
    if (gs_h5m_dims_flush(h) < 0) return h5_fail(h, "dimension scales", e);
    for (int v = 0; v < NVAR; v++)
        if (h->dset[v] >= 0) {
            H5Dclose(h->dset[v]);
            h->dset[v] = -1;
        }
    for (int d = 0; d < ND; d++)
        if (h->scale[d] >= 0) {
            H5Dclose(h->scale[d]);
            h->scale[d] = -1;
        }
    herr_t cr = H5Fclose(h->file);
    h->file = -1;
    if (cr < 0) return h5_fail(h, "file", e);
    return GS_OK;
}

int gs_h5_close_partial(gs_h5 *h, gs_err *e)
{
    if (!h) return gs_err_set(e, GS_ERUN, "gs_h5_close_partial: NULL writer");
    int rc = finish(h, 0, e);
    if (rc) {
        gs_h5_abort(h);
        return rc;
    }
    h5_free(h);
    return GS_OK;
}

int gs_h5_close(gs_h5 *h, gs_err *e)
{
    if (!h) return gs_err_set(e, GS_ERUN, "gs_h5_close: NULL writer");
    int rc = finish(h, 1, e);
    if (rc) goto fail;
    /* without --force a file that appeared meanwhile is not replaced:
     * link() refuses an existing name, rename() would not */
    if (!h->force && link(h->partial, h->path) == 0) {
        unlink(h->partial);
    } else if (!h->force && errno == EEXIST) {
        rc = gs_err_set(e, GS_EINPUT, "%s appeared while running; output left in %s", h->path,
                        h->partial);
        h5_free(h);
        return rc;
    } else if (rename(h->partial, h->path) != 0) {
        rc = gs_err_set(e, GS_ERUN, "%s: cannot rename to %s: %s", h->partial, h->path,
                        strerror(errno));
        goto fail;
    }
    h5_free(h);
    return GS_OK;
fail:
    gs_h5_abort(h);
    return rc ? rc : GS_ERUN;
}

void gs_h5_abort(gs_h5 *h)
{
    if (!h) return;
    char *partial = h->partial;
    h->partial = NULL;
    h5_free(h);
    if (partial) unlink(partial);
    free(partial);
}

long long gs_h5_file_id(gs_h5 *h)
{
    return h ? (long long)h->file : -1;
}
