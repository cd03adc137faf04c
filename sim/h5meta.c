/* h5meta.c - the description part of a govsim HDF5 file, written once by
 * gs_h5_create (h5out.c): root attributes and provenance, the coordinate
 * datasets and dimension scales, per-nation data, the edge table and the
 * sweep values.  Layout and decisions: the header of h5out.c. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "h5out_impl.h"
#include "sha256.h"
#include "summary.h"
#include "version.h"

/* Names of the root-level dimension scales, by D_*. */
static const char *const dim_names[ND] = {"point",  "replicate", "time", "nation", "option",
                                          "track",  "region",    "stat", "edge"};

/* Units of the nation attributes, by gs_attr_names entry ("" = none). */
static const char *attr_units(const char *name)
{
    static const char *const map[][2] = {
        {"capital_lat", "degrees_north"}, {"capital_lon", "degrees_east"},
        {"population", "persons"},        {"gdp_usd", "USD"},
        {"gdp_per_capita", "USD"},        {"internet_pct", "percent"},
        {"electricity_pct", "percent"},   {"bri_year", "year"},
        {"bri_exit", "year"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(map[i][0], name)) return map[i][1];
    return "1";
}

/* Writes n strings (get(ctx, i)) as a fixed-length string dataset [axis]. */
typedef const char *(*str_get)(const void *ctx, size_t i);

static hid_t strings_write(gs_h5 *h, hid_t loc, const char *name, size_t n, str_get get,
                           const void *ctx, int axis)
{
    size_t width = 1;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(get(ctx, i));
        if (l > width) width = l;
    }
    hsize_t dim = n, c;
    hid_t t = gs_h5u_str_type(width), d = -1;
    char *buf = calloc(n ? n : 1, width);
    if (t < 0 || !buf) goto fail;
    for (size_t i = 0; i < n; i++) memcpy(buf + i * width, get(ctx, i), strlen(get(ctx, i)));
    d = gs_h5u_dataset(loc, name, t, 1, &dim, gs_h5u_maybe_chunk(1, &dim, width, &c), t, NULL);
    if (d < 0 || (n && H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) ||
        gs_h5u_attr_str(d, "_Encoding", "utf-8") < 0)
        goto fail;
    if (axis >= 0 && h && attach(d, h, 1, &axis) < 0) goto fail;
    free(buf);
    H5Tclose(t);
    return d;
fail:
    free(buf);
    if (t >= 0) H5Tclose(t);
    if (d >= 0) H5Dclose(d);
    return -1;
}

static const char *get_strv(const void *ctx, size_t i)
{
    const char *s = ((const char *const *)ctx)[i];
    return s ? s : "";
}
static const char *get_iso3(const void *ctx, size_t i)
{
    const gs_world *w = ctx;
    return w->iso3[i];
}

/* Writes all n elements of the 1-D dataset d (chunk: its chunk length, or
 * NULL when contiguous).  With zc (a chunk writer big enough for one chunk
 * of esize-byte elements whose memory layout is the file type's), chunks
 * are compressed by libdeflate and stored whole (h5chunk.h) instead of
 * going through HDF5's zlib when the dataset is closed, which cost most
 * of writing the edge table; same filters, same values. */
static int vec_data(hid_t d, hid_t mtype, size_t esize, size_t n, const hsize_t *chunk,
                    const void *data, gs_h5c *zc)
{
    if (!n) return 0;
    if (zc && chunk && GS_H5C_NATIVE) {
        static const unsigned char zero[8] = {0}; /* the default fill value */
        hsize_t base = 0, ext = n;
        return gs_h5c_write(zc, d, 1, &base, chunk, &ext, data, esize, zero, 1, GS_H5_DEFLATE);
    }
    return H5Dwrite(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0 ? -1 : 0;
}

/* A 1-D numeric dataset [axis] from memory, with long_name/units (zc: see
 * vec_data; NULL = through HDF5). */
static int vector_write(gs_h5 *h, hid_t loc, const char *name, hid_t ftype, hid_t mtype,
                        size_t esize, size_t n, const void *data, int axis,
                        const char *long_name, const char *units, gs_h5c *zc)
{
    hsize_t dim = n, c;
    const hsize_t *chunk = gs_h5u_maybe_chunk(1, &dim, esize, &c);
    hid_t d = gs_h5u_dataset(loc, name, ftype, 1, &dim, chunk, mtype, NULL);
    int rc = -1;
    if (d < 0) return -1;
    if (vec_data(d, mtype, esize, n, chunk, data, zc) < 0 ||
        gs_h5u_describe(d, long_name, units, NULL) < 0 || attach(d, h, 1, &axis) < 0)
        goto done;
    rc = 0;
done:
    H5Dclose(d);
    return rc;
}

/* ---- dimension scales ---------------------------------------------------
 * Every axis of every dataset is attached to a root-level scale.  Attaching
 * with H5DSattach_scale, once per axis, rewrote the dataset's DIMENSION_LIST
 * and the scale's whole REFERENCE_LIST each time (about half of the cost of
 * gs_h5_create): instead a dataset's DIMENSION_LIST is written once, when
 * it is attached, and the scales' entries are collected in h->pend and
 * written once per scale by gs_h5m_dims_flush (h5util.h says how the
 * attributes are the ones H5DSattach_scale writes). */

int gs_h5m_attach(gs_h5 *h, hid_t d, int rank, const int *axes)
{
    hobj_ref_t sref[5];
    gs_h5u_dsref ent = {0, 0};
    if (rank < 1 || rank > 5) {
        gs_h5u_push("attach: bad rank");
        return -1;
    }
    for (int i = 0; i < rank; i++) {
        int a = axes[i];
        /* a scale's reference is its address: made once */
        if (!h->scale_ref[a] && gs_h5u_obj_ref(h->scale[a], &h->scale_ref[a]) < 0) return -1;
        sref[i] = h->scale_ref[a];
    }
    if (gs_h5u_obj_ref(d, &ent.dataset) < 0 || gs_h5u_dimlist_write(d, rank, sref) < 0)
        return -1;
    for (int i = 0; i < rank; i++) {
        int a = axes[i];
        if (h->npend[a] == h->cappend[a]) {
            size_t cap = h->cappend[a] ? 2 * h->cappend[a] : 32;
            gs_h5u_dsref *p = realloc(h->pend[a], cap * sizeof *p);
            if (!p) {
                gs_h5u_push("out of memory");
                return -1;
            }
            h->pend[a] = p;
            h->cappend[a] = cap;
        }
        ent.dim = (unsigned)i;
        h->pend[a][h->npend[a]++] = ent;
    }
    return 0;
}

int gs_h5m_dims_flush(gs_h5 *h)
{
    for (int a = 0; a < ND; a++) {
        if (!h->npend[a]) continue;
        if (gs_h5u_reflist_append(h->scale[a], h->pend[a], h->npend[a]) < 0) return -1;
        h->npend[a] = 0;
    }
    return 0;
}

void gs_h5m_dims_free(gs_h5 *h)
{
    for (int a = 0; a < ND; a++) {
        free(h->pend[a]);
        h->pend[a] = NULL;
        h->npend[a] = h->cappend[a] = 0;
    }
}

/* A dimension scale holding 0..n-1 (written in slabs so that large edge
 * counts need no large buffer). */
hid_t gs_h5m_index_scale(gs_h5 *h, const char *name, size_t n, const char *long_name)
{
    hsize_t dim = n, c;
    hid_t d = gs_h5u_dataset(h->file, name, H5T_STD_I64LE, 1, &dim,
                             gs_h5u_maybe_chunk(1, &dim, 8, &c), H5T_NATIVE_INT64, NULL);
    if (d < 0) return -1;
    int64_t buf[4096];
    for (size_t i0 = 0; i0 < n; i0 += 4096) {
        hsize_t start = i0, cnt = n - i0 < 4096 ? n - i0 : 4096;
        for (hsize_t i = 0; i < cnt; i++) buf[i] = (int64_t)(i0 + i);
        hid_t fs = H5Dget_space(d), ms = H5Screate_simple(1, &cnt, NULL);
        herr_t r = fs < 0 || ms < 0 ? -1
                   : H5Sselect_hyperslab(fs, H5S_SELECT_SET, &start, NULL, &cnt, NULL);
        if (r >= 0) r = H5Dwrite(d, H5T_NATIVE_INT64, ms, fs, H5P_DEFAULT, buf);
        if (fs >= 0) H5Sclose(fs);
        if (ms >= 0) H5Sclose(ms);
        if (r < 0) {
            H5Dclose(d);
            return -1;
        }
    }
    if (H5DSset_scale(d, name) < 0 || gs_h5u_describe(d, long_name, NULL, NULL) < 0) {
        H5Dclose(d);
        return -1;
    }
    return d;
}
/* ---- create ----------------------------------------------------------- */

int gs_h5_created(char buf[32], gs_err *e)
{
    time_t t;
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        errno = 0;
        long long v = strtoll(sde, &end, 10);
        if (errno || *end || v < 0)
            return gs_err_set(e, GS_EINPUT, "SOURCE_DATE_EPOCH: '%s' is not a non-negative integer",
                              sde);
        t = (time_t)v;
    } else {
        t = time(NULL);
    }
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
        return gs_err_set(e, GS_EINPUT, "SOURCE_DATE_EPOCH: out of range");
    return GS_OK;
}

int gs_h5m_root_attrs(gs_h5 *h, const gs_h5_meta *m, const char *created)
{
    char sha[65];
    const char *text = m->config_text ? m->config_text : "";
    gs_sha256_hex(text, strlen(text), sha);
    hid_t r = h->file;
    uint64_t seed = m->seed;
    const char *scen_name = m->config ? m->config->p.scenario_name : "";
    if (gs_h5u_attr_str(r, "conventions", "govsim-1") < 0 ||
        gs_h5u_attr_str(r, "govsim_version", gs_version) < 0 ||
        gs_h5u_attr_str(r, "git_commit", gs_git_commit) < 0 || gs_h5u_attr_str(r, "created", created) < 0 ||
        gs_h5u_attr_str(r, "scenario", m->scenario) < 0 ||
        gs_h5u_attr_str(r, "scenario_name", scen_name) < 0 ||
        gs_h5u_attr_num(r, "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, 0, &seed) < 0 ||
        gs_h5u_attr_str(r, "rng", "philox4x64-10") < 0 || gs_h5u_attr_str(r, "config_sha256", sha) < 0 ||
        gs_h5u_attr_str(r, "command", m->command) < 0 ||
        gs_h5u_attr_str(r, "output_level", m->level == GS_OUT_FULL ? "full" : "shares") < 0 ||
        gs_h5u_attr_str(r, "world", m->world->source) < 0)
        return -1;
    /* /config: the resolved INI text, a scalar fixed-length string */
    size_t len = strlen(text);
    hid_t t = gs_h5u_str_type(len), d = -1;
    int rc = -1;
    if (t < 0) return -1;
    d = gs_h5u_dataset(r, "config", t, 0, NULL, NULL, t, NULL);
    if (d < 0) goto done;
    char *buf = calloc(1, len ? len : 1);
    if (!buf) goto done;
    memcpy(buf, text, len);
    int w = H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0;
    free(buf);
    if (w || gs_h5u_attr_str(d, "_Encoding", "utf-8") < 0 ||
        gs_h5u_attr_str(d, "long_name", "resolved scenario configuration (INI)") < 0)
        goto done;
    rc = 0;
done:
    if (d >= 0) H5Dclose(d);
    H5Tclose(t);
    return rc;
}

/* Coordinates: the dimension scales every other dataset attaches to. */
int gs_h5m_coordinates(gs_h5 *h, const gs_h5_meta *m)
{
    const gs_world *w = m->world;
    hsize_t dim;
    hid_t c;
    if ((h->scale[D_POINT] = gs_h5m_index_scale(h, "point", (size_t)m->npoints,
                                         "parameter point index")) < 0 ||
        (h->scale[D_REPLICATE] = gs_h5m_index_scale(h, "replicate", (size_t)m->nreplicates,
                                             "replicate index")) < 0 ||
        (h->scale[D_EDGE] = gs_h5m_index_scale(h, "edge", (size_t)h->dimlen[D_EDGE],
                                        "network edge index")) < 0)
        return -1;

    dim = (hsize_t)m->ntimes;
    hsize_t cc;
    c = gs_h5u_dataset(h->file, "time", H5T_IEEE_F64LE, 1, &dim,
                       gs_h5u_maybe_chunk(1, &dim, 8, &cc), H5T_NATIVE_DOUBLE, NULL);
    if ((h->scale[D_TIME] = c) < 0 ||
        H5Dwrite(c, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, m->times) < 0 ||
        H5DSset_scale(c, "time") < 0 || gs_h5u_describe(c, "time (decimal year)", "year", NULL) < 0)
        return -1;

    if ((h->scale[D_NATION] = strings_write(NULL, h->file, "nation", (size_t)w->n, get_iso3,
                                            w, -1)) < 0 ||
        H5DSset_scale(h->scale[D_NATION], "nation") < 0 ||
        gs_h5u_describe(h->scale[D_NATION], "nation (ISO 3166-1 alpha-3 code)", NULL, NULL) < 0)
        return -1;

    struct {
        int d;
        size_t n;
        const char *const *names;
        const char *long_name;
    } cat[] = {{D_OPTION, GS_NOPT, gs_option_names, "alignment option"},
               {D_TRACK, GS_NTRACK, gs_track_names, "standards track"},
               {D_STAT, GS_NSTAT, gs_stat_names, "ensemble statistic over replicates"},
               {D_REGION, (size_t)w->nregions, (const char *const *)w->region_names,
                "region (UN M49)"}};
    char **fallback = NULL;
    int rc = -1;
    if (w->nregions > 0 && !w->region_names) { /* synthetic worlds may leave them unnamed */
        fallback = calloc((size_t)w->nregions, sizeof *fallback);
        if (!fallback) return -1;
        for (int32_t r = 0; r < w->nregions; r++) {
            fallback[r] = malloc(24);
            if (!fallback[r]) goto done;
            snprintf(fallback[r], 24, "region%d", (int)r);
        }
        cat[3].names = (const char *const *)fallback;
    }
    for (size_t k = 0; k < sizeof cat / sizeof cat[0]; k++) {
        hid_t d = strings_write(NULL, h->file, dim_names[cat[k].d], cat[k].n, get_strv,
                                cat[k].names, -1);
        if ((h->scale[cat[k].d] = d) < 0 || H5DSset_scale(d, dim_names[cat[k].d]) < 0 ||
            gs_h5u_describe(d, cat[k].long_name, NULL, NULL) < 0)
            goto done;
    }
    rc = 0;
done:
    if (fallback)
        for (int32_t r = 0; r < w->nregions; r++) free(fallback[r]);
    free(fallback);
    return rc;
}

/* /nation_name, /region_of, /population, /gdp and /nation_attrs/<attr>. */
int gs_h5m_nation_data(gs_h5 *h, const gs_world *w)
{
    size_t n = (size_t)w->n;
    int rc = -1, ax = D_NATION;
    hid_t g = -1, d = -1;
    double *nanv = malloc(n * sizeof *nanv);
    int32_t *reg = malloc(n * sizeof *reg);
    const char **names = malloc(n * sizeof *names);
    if (!nanv || !reg || !names) goto done;
    for (size_t i = 0; i < n; i++) {
        nanv[i] = NAN;
        reg[i] = w->region ? w->region[i] : (w->nregions > 0 ? 0 : -1);
        names[i] = w->name && w->name[i] ? w->name[i] : w->iso3[i];
    }
    if ((d = strings_write(h, h->file, "nation_name", n, get_strv, names, ax)) < 0 ||
        gs_h5u_describe(d, "nation name", NULL, NULL) < 0)
        goto done;
    H5Dclose(d);
    d = -1;
    if (vector_write(h, h->file, "region_of", H5T_STD_I32LE, H5T_NATIVE_INT32, 4, n, reg, ax,
                     "index of the nation's region along the region axis", NULL, NULL) < 0)
        goto done;
    const double *pop = w->attr[GS_A_POPULATION] ? w->attr[GS_A_POPULATION] : nanv;
    const double *gdp = w->attr[GS_A_GDP] ? w->attr[GS_A_GDP] : nanv;
    if (vector_write(h, h->file, "population", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 8, n, pop, ax,
                     "population", "persons", NULL) < 0 ||
        vector_write(h, h->file, "gdp", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 8, n, gdp, ax,
                     "gross domestic product (current US dollars)", "USD", NULL) < 0)
        goto done;
    if ((g = gs_h5u_group(h->file, "nation_attrs")) < 0) goto done;
    for (int a = 0; a < GS_NATTR; a++) {
        char ln[128];
        snprintf(ln, sizeof ln, "nation attribute %s", gs_attr_names[a]);
        if (vector_write(h, g, gs_attr_names[a], H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 8, n,
                         w->attr[a] ? w->attr[a] : nanv, ax, ln, attr_units(gs_attr_names[a]),
                         NULL) < 0)
            goto done;
    }
    if (w->imputed) {
        hsize_t dim = n, c;
        d = gs_h5u_dataset(g, "imputed", H5T_STD_U32LE, 1, &dim, gs_h5u_maybe_chunk(1, &dim, 4, &c),
                           H5T_NATIVE_UINT32, NULL);
        if (d < 0 || H5Dwrite(d, H5T_NATIVE_UINT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, w->imputed) < 0 ||
            attach(d, h, 1, &ax) < 0 ||
            gs_h5u_attr_str(d, "long_name",
                     "imputed attributes: bit a set when attribute a (order of "
                     "attribute_order) was imputed") < 0)
            goto done;
        char order[1024] = "";
        for (int a = 0; a < GS_NATTR; a++) {
            strncat(order, gs_attr_names[a], sizeof order - strlen(order) - 2);
            if (a + 1 < GS_NATTR) strcat(order, " ");
        }
        if (gs_h5u_attr_str(d, "attribute_order", order) < 0) goto done;
    }
    rc = 0;
done:
    if (d >= 0) H5Dclose(d);
    if (g >= 0) H5Gclose(g);
    free(nanv);
    free(reg);
    free(names);
    return rc;
}

int64_t gs_h5m_edge_count(const gs_world *w)
{
    int64_t ne = 0;
    for (int l = 0; l < GS_NLAYER; l++) {
        const gs_csr *g = &w->layer[l];
        if (!g->rowptr) continue;
        for (int32_t i = 0; i < w->n; i++)
            for (int64_t k = g->rowptr[i]; k < g->rowptr[i + 1]; k++) ne += g->col[k] > i;
    }
    return ne;
}

/* /edges/{source,target,weight,layer} [edge]: each undirected edge once
 * (i < j), layers in gs_layer_names order, rows in node order. */
int gs_h5m_edges_write(gs_h5 *h, const gs_world *w)
{
    size_t ne = (size_t)h->dimlen[D_EDGE];
    int rc = -1, ax = D_EDGE;
    hid_t g = gs_h5u_group(h->file, "edges");
    int32_t *src = malloc((ne ? ne : 1) * sizeof *src), *dst = malloc((ne ? ne : 1) * sizeof *dst);
    float *wt = malloc((ne ? ne : 1) * sizeof *wt);
    uint8_t *ly = malloc(ne ? ne : 1);
    gs_h5c *zc = NULL;
    if (g < 0 || !src || !dst || !wt || !ly) goto done;
    size_t k = 0;
    for (int l = 0; l < GS_NLAYER; l++) {
        const gs_csr *c = &w->layer[l];
        if (!c->rowptr) continue;
        for (int32_t i = 0; i < w->n; i++)
            for (int64_t e = c->rowptr[i]; e < c->rowptr[i + 1]; e++)
                if (c->col[e] > i && k < ne) {
                    src[k] = i;
                    dst[k] = c->col[e];
                    wt[k] = c->w ? c->w[e] : 1.0f;
                    ly[k++] = (uint8_t)l;
                }
    }
    char flags[256] = "";
    for (int l = 0; l < GS_NLAYER; l++) {
        strcat(flags, gs_layer_names[l]);
        if (l + 1 < GS_NLAYER) strcat(flags, " ");
    }
    /* one chunk writer for the four columns when they are chunked (big
     * enough to compress): its largest chunk */
    hsize_t dim = ne, c4, c1;
    const hsize_t *ch4 = gs_h5u_maybe_chunk(1, &dim, 4, &c4);
    const hsize_t *ch1 = gs_h5u_maybe_chunk(1, &dim, 1, &c1);
    if (GS_H5C_NATIVE && (ch4 || ch1)) {
        size_t b4 = ch4 ? (size_t)c4 * 4 : 0, b1 = ch1 ? (size_t)c1 : 0;
        if (!(zc = gs_h5c_alloc(b4 > b1 ? b4 : b1))) {
            gs_h5u_push("out of memory");
            goto done;
        }
    }
    if (vector_write(h, g, "source", H5T_STD_I32LE, H5T_NATIVE_INT32, 4, ne, src, ax,
                     "edge source (index along the nation axis)", NULL, zc) < 0 ||
        vector_write(h, g, "target", H5T_STD_I32LE, H5T_NATIVE_INT32, 4, ne, dst, ax,
                     "edge target (index along the nation axis)", NULL, zc) < 0 ||
        vector_write(h, g, "weight", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, 4, ne, wt, ax,
                     "edge weight", "1", zc) < 0)
        goto done;
    hid_t d = gs_h5u_dataset(g, "layer", H5T_STD_U8LE, 1, &dim, ch1, H5T_NATIVE_UINT8, NULL);
    if (d < 0) goto done;
    int bad = vec_data(d, H5T_NATIVE_UINT8, 1, ne, ch1, ly, zc) < 0 ||
              gs_h5u_describe(d, "network layer of the edge", NULL, flags) < 0 || attach(d, h, 1, &ax) < 0;
    H5Dclose(d);
    if (bad) goto done;
    rc = 0;
done:
    gs_h5c_free(zc);
    if (g >= 0) H5Gclose(g);
    free(src);
    free(dst);
    free(wt);
    free(ly);
    return rc;
}

int gs_h5m_sweep_write(gs_h5 *h, const gs_h5_meta *m)
{
    if (m->nsweep <= 0) return 0;
    hid_t g = gs_h5u_group(h->file, "sweep");
    if (g < 0) return -1;
    int rc = 0, ax = D_POINT;
    for (int32_t k = 0; k < m->nsweep && rc == 0; k++) {
        char ln[256];
        snprintf(ln, sizeof ln, "value of %s at each point", m->sweep_keys[k]);
        int pi = gs_param_find(m->sweep_keys[k]);
        const char *units = pi >= 0 && gs_param_table[pi].unit[0] ? gs_param_table[pi].unit : NULL;
        rc = vector_write(h, g, m->sweep_keys[k], H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 8,
                          (size_t)m->npoints, m->sweep_values + (size_t)k * (size_t)m->npoints, ax,
                          ln, units, NULL);
    }
    H5Gclose(g);
    return rc;
}

