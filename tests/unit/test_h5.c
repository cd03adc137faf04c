/* test_h5.c - the HDF5 writer: writes a small file (2 points x 3 replicates
 * x 5 times on a hand-built 4-nation world) through gs_h5_create /
 * write_task / add_events / close and reads every dataset, dimension scale
 * and attribute back with the HDF5 C API; checks the summaries against
 * statistics computed here, the task table, the event log, the .partial
 * protocol, the refusal to overwrite, and byte identity of two writes.
 *
 * With GS_H5_FIXTURE=PATH set, the file is also copied to PATH (the Python
 * xarray test uses it). */
#include "gs_test.h"
#include "world_fixture.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hdf5.h>
#include <hdf5_hl.h>

#include "../../sim/h5out.h"
#include "../../sim/h5read.h"
#include "../../sim/sha256.h"
#include "../../sim/summary.h"

#define NN 4
#define NP 2
#define NR 3
#define NT 5
#define NREG 4

/* ---- the tiny world ---------------------------------------------------- */

typedef struct fixture {
    gs_world w;
    char iso3[NN][12];
    char *names[NN];
    char *regions[NREG];
    int32_t region[NN];
    double attr[GS_NATTR][NN];
    uint32_t imputed[NN];
    double times[NT];
} fixture;

static void csr_build(gs_csr *g, int n, int ne, const int (*ed)[2], const float *wt)
{
    g->rowptr = calloc((size_t)n + 1, sizeof *g->rowptr);
    g->col = calloc((size_t)(2 * ne + 1), sizeof *g->col);
    g->w = calloc((size_t)(2 * ne + 1), sizeof *g->w);
    g->wsum = calloc((size_t)n, sizeof *g->wsum);
    for (int k = 0; k < ne; k++) {
        g->rowptr[ed[k][0] + 1]++;
        g->rowptr[ed[k][1] + 1]++;
    }
    for (int i = 0; i < n; i++) g->rowptr[i + 1] += g->rowptr[i];
    int64_t *fillp = calloc((size_t)n, sizeof *fillp);
    for (int i = 0; i < n; i++) fillp[i] = g->rowptr[i];
    /* rows sorted by column: insert edges in column order */
    for (int j = 0; j < n; j++)
        for (int k = 0; k < ne; k++)
            for (int s = 0; s < 2; s++)
                if (ed[k][1 - s] == j) {
                    int i = ed[k][s];
                    g->col[fillp[i]] = j;
                    g->w[fillp[i]++] = wt[k];
                    g->wsum[i] += wt[k];
                }
    free(fillp);
    g->nnz = g->rowptr[n];
}

static void csr_free(gs_csr *g)
{
    free(g->rowptr);
    free(g->col);
    free(g->w);
    free(g->wsum);
}

static void fixture_init(fixture *f)
{
    memset(f, 0, sizeof *f);
    static const char *iso[NN] = {"USA", "CHN", "FRA", "KEN"};
    static const char *nm[NN] = {"United States", "China", "France", "Kenya"};
    static const char *rg[NREG] = {"Africa", "Americas", "Asia", "Europe"};
    static const int32_t reg[NN] = {1, 2, 3, 0};
    for (int i = 0; i < NN; i++) {
        strcpy(f->iso3[i], iso[i]);
        f->names[i] = (char *)nm[i];
        f->region[i] = reg[i];
        f->imputed[i] = i == 3 ? 1u << GS_A_LIBDEM : 0;
    }
    for (int r = 0; r < NREG; r++) f->regions[r] = (char *)rg[r];
    for (int a = 0; a < GS_NATTR; a++)
        for (int i = 0; i < NN; i++) {
            f->attr[a][i] = a * 10.0 + i;
            f->w.attr[a] = f->attr[a];
        }
    for (int k = 0; k < NT; k++) f->times[k] = 2025.5 + 0.25 * k;
    gs_world *w = &f->w;
    w->n = NN;
    w->iso3 = f->iso3;
    w->name = f->names;
    w->region = f->region;
    w->region_names = f->regions;
    w->nregions = NREG;
    w->imputed = f->imputed;
    w->pole[GS_US] = 0;
    w->pole[GS_CN] = 1;
    w->source = "hand-built test world";
    static const int trade[3][2] = {{0, 1}, {0, 2}, {2, 3}};
    static const float tw[3] = {2.0f, 1.0f, 0.5f};
    static const int border[1][2] = {{3, 2}};
    static const float bw[1] = {1.0f};
    csr_build(&w->layer[GS_L_TRADE], NN, 3, trade, tw);
    csr_build(&w->layer[GS_L_BORDER], NN, 1, border, bw);
    csr_build(&w->layer[GS_L_ALLIANCE], NN, 0, NULL, NULL); /* empty; bloc, region NULL */
}

static void fixture_free(fixture *f)
{
    for (int l = 0; l < GS_NLAYER; l++) csr_free(&f->w.layer[l]);
}

/* ---- synthetic trajectories: every value a function of its indices ---- */

static double share_val(int p, int r, int k, int j, int var)
{
    return 0.01 * (var + 1) + 0.1 * p + 0.07 * ((r * 5 + k * 3 + j) % 7);
}
static uint8_t align_val(int p, int r, int k, int i) { return (uint8_t)((p + r + k + i) % 3); }
static uint8_t track_val(int p, int r, int k, int i) { return (uint8_t)((p + 2 * r + k + i) % 4); }
static float prob_val(int p, int r, int k, int i, int o)
{
    if (p + r + k + i + o == 0) return 1.0f / 3; /* not exact in 13 bits: rounded */
    return (float)((p + r + k + i + o) % 8) / 8.0f + 1.0f / 64; /* exact in 15 bits */
}
static int failed_task(int p, int r) { return p == 1 && r == 1; }

static void traj_fill(gs_traj *t, int p, int r)
{
    t->status = 0;
    t->message[0] = 0;
    if (failed_task(p, r)) {
        t->status = 1;
        snprintf(t->message, sizeof t->message, "model diverged at step %d", 3);
    }
    for (int k = 0; k < NT; k++) {
        for (int o = 0; o < GS_NOPT; o++) {
            t->share_count[k * 3 + o] = share_val(p, r, k, o, 0);
            t->share_population[k * 3 + o] = share_val(p, r, k, o, 1);
            t->share_gdp[k * 3 + o] = share_val(p, r, k, o, 2);
            t->share_global_south[k * 3 + o] = share_val(p, r, k, o, 3);
            for (int g = 0; g < NREG; g++)
                t->share_region[(k * NREG + g) * 3 + o] = share_val(p, r, k, g * 3 + o, 4);
        }
        for (int s = 0; s < GS_NTRACK; s++) t->standard_share[k * 4 + s] = share_val(p, r, k, s, 5);
        t->interoperability[k] = share_val(p, r, k, 0, 6);
        t->assortativity[k] = p == 0 && r == 0 && k == 2 ? NAN : share_val(p, r, k, 0, 7);
        t->modularity[k] = share_val(p, r, k, 0, 8);
        t->switches[k] = (double)((p + r + k) % 3);
        if (t->level == GS_OUT_FULL)
            for (int i = 0; i < NN; i++) {
                t->alignment[k * NN + i] = align_val(p, r, k, i);
                t->standard[k * NN + i] = track_val(p, r, k, i);
                for (int o = 0; o < 3; o++) t->prob[(k * NN + i) * 3 + o] = prob_val(p, r, k, i, o);
            }
    }
}

static const char *cfg_text = "[scenario]\nname = test\nsteps = 4\n";
static const char *sweep_keys[1] = {"us.export_controls"};
static const double sweep_vals[NP] = {0.25, 0.75};
static const char *prior_keys[1] = {"cn.budget"};

static gs_h5_meta meta_of(const fixture *f, int level)
{
    gs_h5_meta m = fx_meta(&f->w, NP, NR, NT, f->times, level);
    m.config_text = cfg_text;
    m.command = "govsim sweep test.ini --vary us.export_controls=0.25,0.75";
    m.seed = 18446744073709551557ull; /* needs all 64 bits */
    m.nsweep = 1;
    m.sweep_keys = sweep_keys;
    m.sweep_values = sweep_vals;
    m.nprior = 1;
    m.prior_keys = prior_keys;
    return m;
}

/* Writes the whole test file; returns GS_OK or the first error. */
static int write_file(const fixture *f, const char *path, int level, int force)
{
    gs_err e = {0};
    gs_h5_meta m = meta_of(f, level);
    gs_h5 *h = gs_h5_create(path, force, &m, &e);
    if (!h) return e.code;
    gs_traj *t = gs_traj_alloc(NN, NT, NREG, level, &e);
    assert_non_null(t);
    int rc = GS_OK;
    gs_h5_event ev[3] = {{1, 2, 2026.0, "late", "cn.budget", "", 1.0, 2.0},
                         {0, 1, 2026.25, "b", "nation.threat", "JPN KOR", 0.5, 0.75},
                         {0, 1, 2025.75, "a", "us.export_controls", "", 0.0, 1.0}};
    for (int p = 0; p < NP && !rc; p++)
        for (int r = 0; r < NR && !rc; r++) {
            traj_fill(t, p, r);
            double prior = 10.0 * p + r;
            rc = gs_h5_write_task(h, p, r, t, &prior, &e);
            if (!rc && p == 0 && r == 1) rc = gs_h5_add_events(h, ev, 3, &e);
        }
    gs_traj_free(t);
    if (rc) {
        gs_h5_abort(h);
        return rc;
    }
    return gs_h5_close(h, &e);
}

/* ---- readers ----------------------------------------------------------- */

static int exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    *len = fread(b, 1, (size_t)n, f);
    b[*len] = 0;
    fclose(f);
    return b;
}

static void attr_string(hid_t obj, const char *name, char *out, size_t len)
{
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    assert_true(a >= 0);
    hid_t t = H5Aget_type(a);
    assert_int_equal(H5Tget_class(t), H5T_STRING);
    out[0] = 0;
    if (H5Tis_variable_str(t)) {
        char *s = NULL;
        hid_t mt = H5Tcopy(H5T_C_S1);
        H5Tset_size(mt, H5T_VARIABLE);
        H5Tset_cset(mt, H5T_CSET_UTF8);
        assert_true(H5Aread(a, mt, &s) >= 0);
        snprintf(out, len, "%s", s);
        H5free_memory(s);
        H5Tclose(mt);
    } else {
        size_t sz = H5Tget_size(t);
        char *buf = calloc(1, sz + 1);
        assert_true(H5Aread(a, t, buf) >= 0);
        snprintf(out, len, "%s", buf);
        free(buf);
    }
    H5Tclose(t);
    H5Aclose(a);
}

static void check_attr(hid_t obj, const char *name, const char *want)
{
    char got[4096];
    attr_string(obj, name, got, sizeof got);
    if (strcmp(got, want)) {
        print_error("attribute %s = '%s', expected '%s'\n", name, got, want);
        fail();
    }
}

/* Opens path under f and checks its shape. */
static hid_t open_checked(hid_t f, const char *path, int rank, const hsize_t *dims)
{
    hid_t d = H5Dopen2(f, path, H5P_DEFAULT);
    if (d < 0) {
        print_error("dataset %s missing\n", path);
        fail();
    }
    hid_t s = H5Dget_space(d);
    assert_int_equal(H5Sget_simple_extent_ndims(s), rank);
    hsize_t got[8];
    H5Sget_simple_extent_dims(s, got, NULL);
    for (int i = 0; i < rank; i++)
        if (got[i] != dims[i]) {
            print_error("%s: axis %d has %llu, expected %llu\n", path, i,
                        (unsigned long long)got[i], (unsigned long long)dims[i]);
            fail();
        }
    H5Sclose(s);
    return d;
}

static herr_t scale_name_cb(hid_t did, unsigned dim, hid_t dsid, void *data)
{
    (void)did;
    (void)dim;
    H5Iget_name(dsid, data, 64);
    return 1;
}

/* Axis i of d is attached to the root scale "/<names[i]>". */
static void check_dims(hid_t d, const char *path, int rank, const char *const *names)
{
    for (int i = 0; i < rank; i++) {
        char got[64] = "", want[64];
        assert_int_equal(H5DSget_num_scales(d, (unsigned)i), 1);
        H5DSiterate_scales(d, (unsigned)i, NULL, scale_name_cb, got);
        snprintf(want, sizeof want, "/%s", names[i]);
        if (strcmp(got, want)) {
            print_error("%s axis %d: scale '%s', expected '%s'\n", path, i, got, want);
            fail();
        }
    }
}

#define read_all(d, mtype, buf) \
    assert_true(H5Dread((d), (mtype), H5S_ALL, H5S_ALL, H5P_DEFAULT, (buf)) >= 0)

/* Every dataset: each axis has a dimension scale (the scales themselves
 * excepted), and a long_name. */
static herr_t visit_cb(hid_t o, const char *name, const H5O_info_t *info, void *data)
{
    int *count = data;
    if (info->type != H5O_TYPE_DATASET) return 0;
    hid_t d = H5Dopen2(o, name, H5P_DEFAULT);
    hid_t s = H5Dget_space(d);
    int rank = H5Sget_simple_extent_ndims(s);
    int scale = H5DSis_scale(d) > 0;
    for (int i = 0; i < rank && !scale; i++)
        if (H5DSget_num_scales(d, (unsigned)i) != 1) {
            print_error("%s: axis %d has no dimension scale\n", name, i);
            fail();
        }
    if (H5Aexists(d, "long_name") <= 0) {
        print_error("%s: no long_name\n", name);
        fail();
    }
    H5Sclose(s);
    H5Dclose(d);
    (*count)++;
    return 0;
}

/* Reference quantile: linear interpolation between order statistics. */
static double quantile(const double *sorted, int n, double f)
{
    double h = (n - 1) * f;
    int lo = (int)floor(h);
    if (lo >= n - 1) return sorted[n - 1];
    return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void check_summary(hid_t f, const char *var, int ninner, const int *inner,
                          const char *const *innames, int which)
{
    char path[64];
    snprintf(path, sizeof path, "/summary/%s", var);
    hsize_t dims[5] = {GS_NSTAT, NP, NT, (hsize_t)(ninner > 0 ? inner[0] : 0),
                       (hsize_t)(ninner > 1 ? inner[1] : 0)};
    hid_t d = open_checked(f, path, 3 + ninner, dims);
    const char *names[5] = {"stat", "point", "time", ninner > 0 ? innames[0] : "",
                            ninner > 1 ? innames[1] : ""};
    check_dims(d, path, 3 + ninner, names);
    size_t m = 1;
    for (int k = 0; k < ninner; k++) m *= (size_t)inner[k];
    double *s = malloc(GS_NSTAT * NP * NT * m * sizeof *s);
    read_all(d, H5T_NATIVE_DOUBLE, s);
    for (int p = 0; p < NP; p++)
        for (int k = 0; k < NT; k++)
            for (size_t j = 0; j < m; j++) {
                double x[NR];
                int n = 0;
                for (int r = 0; r < NR; r++) {
                    if (failed_task(p, r)) continue;
                    double v;
                    if (which == 7 && p == 0 && r == 0 && k == 2) continue; /* NaN assort. */
                    if (which == 9) v = (double)((p + r + k) % 3);
                    else v = share_val(p, r, k, (int)j, which);
                    x[n++] = v;
                }
                qsort(x, (size_t)n, sizeof *x, cmp_d);
                double mean = 0, ss = 0;
                for (int i = 0; i < n; i++) mean += x[i] / n;
                for (int i = 0; i < n; i++) ss += (x[i] - mean) * (x[i] - mean);
                double want[GS_NSTAT] = {mean, quantile(x, n, 0.05), quantile(x, n, 0.5),
                                         quantile(x, n, 0.95), sqrt(ss / (n - 1)) / sqrt(n)};
                for (int st = 0; st < GS_NSTAT; st++)
                    assert_near(s[((st * NP + p) * NT + k) * m + j], want[st], 1e-12);
            }
    free(s);
    check_attr(d, "units", "1");
    H5Dclose(d);
}

static void check_file(const char *path, int level)
{
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(f >= 0);
    /* root attributes */
    check_attr(f, "conventions", "govsim-1");
    check_attr(f, "scenario", "test.ini");
    check_attr(f, "rng", "philox4x64-10");
    check_attr(f, "command", "govsim sweep test.ini --vary us.export_controls=0.25,0.75");
    check_attr(f, "created", "1970-01-02T10:17:36Z"); /* SOURCE_DATE_EPOCH=123456 */
    check_attr(f, "output_level", level == GS_OUT_FULL ? "full" : "shares");
    char sha[65];
    gs_sha256_hex(cfg_text, strlen(cfg_text), sha);
    check_attr(f, "config_sha256", sha);
    char ver[256];
    attr_string(f, "govsim_version", ver, sizeof ver);
    assert_true(strlen(ver) > 0);
    attr_string(f, "git_commit", ver, sizeof ver);
    assert_true(strlen(ver) > 0);
    uint64_t seed = 0;
    hid_t a = H5Aopen(f, "seed", H5P_DEFAULT);
    hid_t at = H5Aget_type(a);
    assert_int_equal(H5Tget_size(at), 8);
    assert_int_equal(H5Tget_sign(at), H5T_SGN_NONE);
    H5Aread(a, H5T_NATIVE_UINT64, &seed);
    H5Tclose(at);
    H5Aclose(a);
    assert_true(seed == 18446744073709551557ull);

    /* /config */
    {
        hid_t d = H5Dopen2(f, "/config", H5P_DEFAULT);
        hid_t t = H5Dget_type(d);
        char buf[256] = {0};
        assert_int_equal(H5Tget_size(t), strlen(cfg_text));
        read_all(d, t, buf);
        assert_string_equal(buf, cfg_text);
        check_attr(d, "_Encoding", "utf-8");
        H5Tclose(t);
        H5Dclose(d);
    }

    /* coordinates */
    struct {
        const char *name;
        hsize_t n;
        const char *vals[5];
    } strs[] = {{"nation", NN, {"USA", "CHN", "FRA", "KEN"}},
                {"option", 3, {"hedge", "us", "cn"}},
                {"track", 4, {"none", "multilateral", "us_led", "dual"}},
                {"region", NREG, {"Africa", "Americas", "Asia", "Europe"}},
                {"stat", 5, {"mean", "q05", "q50", "q95", "mcse"}},
                {"nation_name", NN, {"United States", "China", "France", "Kenya"}}};
    for (size_t k = 0; k < sizeof strs / sizeof strs[0]; k++) {
        hid_t d = open_checked(f, strs[k].name, 1, &strs[k].n);
        hid_t t = H5Dget_type(d);
        size_t w = H5Tget_size(t);
        assert_int_equal(H5Tget_strpad(t), H5T_STR_NULLPAD);
        char *buf = calloc(strs[k].n, w);
        read_all(d, t, buf);
        for (hsize_t i = 0; i < strs[k].n; i++) {
            char one[64] = {0};
            memcpy(one, buf + i * w, w);
            assert_string_equal(one, strs[k].vals[i]);
        }
        free(buf);
        check_attr(d, "_Encoding", "utf-8");
        if (k < 5) {
            assert_true(H5DSis_scale(d) > 0);
            char nm[32] = "";
            H5DSget_scale_name(d, nm, sizeof nm);
            assert_string_equal(nm, strs[k].name);
        } else {
            const char *ax[1] = {"nation"};
            check_dims(d, strs[k].name, 1, ax);
        }
        H5Tclose(t);
        H5Dclose(d);
    }
    {
        hsize_t n = NT;
        hid_t d = open_checked(f, "time", 1, &n);
        double t[NT];
        read_all(d, H5T_NATIVE_DOUBLE, t);
        for (int k = 0; k < NT; k++) assert_near(t[k], 2025.5 + 0.25 * k, 0);
        check_attr(d, "units", "year");
        assert_true(H5DSis_scale(d) > 0);
        H5Dclose(d);
        const char *idx[3] = {"point", "replicate", "edge"};
        hsize_t len[3] = {NP, NR, 4};
        for (int k = 0; k < 3; k++) {
            d = open_checked(f, idx[k], 1, &len[k]);
            int64_t v[8];
            read_all(d, H5T_NATIVE_INT64, v);
            for (hsize_t i = 0; i < len[k]; i++) assert_int_equal(v[i], (int64_t)i);
            assert_true(H5DSis_scale(d) > 0);
            H5Dclose(d);
        }
    }

    /* nation data */
    {
        hsize_t n = NN;
        const char *ax[1] = {"nation"};
        hid_t d = open_checked(f, "region_of", 1, &n);
        int32_t reg[NN];
        read_all(d, H5T_NATIVE_INT32, reg);
        assert_int_equal(reg[0], 1);
        assert_int_equal(reg[3], 0);
        check_dims(d, "region_of", 1, ax);
        H5Dclose(d);
        double v[NN];
        d = open_checked(f, "population", 1, &n);
        read_all(d, H5T_NATIVE_DOUBLE, v);
        assert_near(v[2], GS_A_POPULATION * 10.0 + 2, 0);
        H5Dclose(d);
        d = open_checked(f, "gdp", 1, &n);
        read_all(d, H5T_NATIVE_DOUBLE, v);
        assert_near(v[1], GS_A_GDP * 10.0 + 1, 0);
        check_attr(d, "units", "USD");
        H5Dclose(d);
        for (int at2 = 0; at2 < GS_NATTR; at2++) {
            char p[96];
            snprintf(p, sizeof p, "/nation_attrs/%s", gs_attr_names[at2]);
            d = open_checked(f, p, 1, &n);
            read_all(d, H5T_NATIVE_DOUBLE, v);
            for (int i = 0; i < NN; i++) assert_near(v[i], at2 * 10.0 + i, 0);
            check_dims(d, p, 1, ax);
            H5Dclose(d);
        }
        d = open_checked(f, "/nation_attrs/imputed", 1, &n);
        uint32_t imp[NN];
        read_all(d, H5T_NATIVE_UINT32, imp);
        assert_int_equal(imp[3], 1u << GS_A_LIBDEM);
        assert_int_equal(imp[0], 0);
        H5Dclose(d);
    }

    /* edges: border (2,3); trade (0,1), (0,2), (2,3) */
    {
        hsize_t n = 4;
        const char *ax[1] = {"edge"};
        int32_t src[4], dst[4];
        float wt[4];
        uint8_t ly[4];
        hid_t d = open_checked(f, "/edges/source", 1, &n);
        read_all(d, H5T_NATIVE_INT32, src);
        check_dims(d, "source", 1, ax);
        H5Dclose(d);
        d = open_checked(f, "/edges/target", 1, &n);
        read_all(d, H5T_NATIVE_INT32, dst);
        H5Dclose(d);
        d = open_checked(f, "/edges/weight", 1, &n);
        read_all(d, H5T_NATIVE_FLOAT, wt);
        H5Dclose(d);
        d = open_checked(f, "/edges/layer", 1, &n);
        read_all(d, H5T_NATIVE_UINT8, ly);
        check_attr(d, "flag_meanings", "border trade alliance bloc region");
        H5Dclose(d);
        int es[4][2] = {{2, 3}, {0, 1}, {0, 2}, {2, 3}};
        float ew[4] = {1, 2, 1, 0.5f};
        uint8_t el[4] = {GS_L_BORDER, GS_L_TRADE, GS_L_TRADE, GS_L_TRADE};
        for (int k = 0; k < 4; k++) {
            assert_int_equal(src[k], es[k][0]);
            assert_int_equal(dst[k], es[k][1]);
            assert_near(wt[k], ew[k], 0);
            assert_int_equal(ly[k], el[k]);
        }
    }

    /* sweep and priors */
    {
        hsize_t n = NP, pr[2] = {NP, NR};
        double v[NP * NR];
        hid_t d = open_checked(f, "/sweep/us.export_controls", 1, &n);
        read_all(d, H5T_NATIVE_DOUBLE, v);
        assert_near(v[0], 0.25, 0);
        assert_near(v[1], 0.75, 0);
        const char *ax[2] = {"point", "replicate"};
        check_dims(d, "sweep", 1, ax);
        H5Dclose(d);
        d = open_checked(f, "/prior/cn.budget", 2, pr);
        read_all(d, H5T_NATIVE_DOUBLE, v);
        for (int p = 0; p < NP; p++)
            for (int r = 0; r < NR; r++) assert_near(v[p * NR + r], 10.0 * p + r, 0);
        check_dims(d, "prior", 2, ax);
        H5Dclose(d);
    }

    /* per-nation results */
    hsize_t d4[4] = {NP, NR, NT, NN}, d5[5] = {NP, NR, NT, NN, 3};
    const char *ax4[4] = {"point", "replicate", "time", "nation"};
    const char *ax5[5] = {"point", "replicate", "time", "nation", "option"};
    if (level == GS_OUT_FULL) {
        uint8_t al[NP * NR * NT * NN], st[NP * NR * NT * NN];
        float pr[NP * NR * NT * NN * 3];
        hid_t d = open_checked(f, "alignment", 4, d4);
        read_all(d, H5T_NATIVE_UINT8, al);
        check_dims(d, "alignment", 4, ax4);
        check_attr(d, "flag_meanings", "hedge us cn");
        check_attr(d, "long_name", "alignment of each nation");
        uint8_t fv[3] = {9, 9, 9}, fill = 0;
        hid_t aa = H5Aopen(d, "flag_values", H5P_DEFAULT);
        hid_t at3 = H5Aget_type(aa);
        assert_int_equal(H5Tget_size(at3), 1);
        H5Aread(aa, H5T_NATIVE_UINT8, fv);
        H5Tclose(at3);
        H5Aclose(aa);
        assert_int_equal(fv[0], 0);
        assert_int_equal(fv[1], 1);
        assert_int_equal(fv[2], 2);
        aa = H5Aopen(d, "_FillValue", H5P_DEFAULT);
        H5Aread(aa, H5T_NATIVE_UINT8, &fill);
        H5Aclose(aa);
        assert_int_equal(fill, 255);
        /* chunking: one point, all 3 replicates, all times, all nations */
        hid_t dcpl = H5Dget_create_plist(d);
        hsize_t ch[4];
        assert_int_equal(H5Pget_chunk(dcpl, 4, ch), 4);
        assert_int_equal(ch[0], 1);
        assert_int_equal(ch[1], NR);
        assert_int_equal(ch[2], NT);
        assert_int_equal(ch[3], NN);
        assert_true(H5Pget_nfilters(dcpl) == 2);
        H5Pclose(dcpl);
        H5Dclose(d);
        d = open_checked(f, "standard", 4, d4);
        read_all(d, H5T_NATIVE_UINT8, st);
        check_dims(d, "standard", 4, ax4);
        check_attr(d, "flag_meanings", "none multilateral us_led dual");
        H5Dclose(d);
        d = open_checked(f, "prob", 5, d5);
        read_all(d, H5T_NATIVE_FLOAT, pr);
        check_dims(d, "prob", 5, ax5);
        check_attr(d, "units", "1");
        H5Dclose(d);
        for (int p = 0; p < NP; p++)
            for (int r = 0; r < NR; r++)
                for (int k = 0; k < NT; k++)
                    for (int i = 0; i < NN; i++) {
                        size_t x = ((size_t)(p * NR + r) * NT + k) * NN + i;
                        if (failed_task(p, r)) {
                            assert_int_equal(al[x], 255);
                            assert_int_equal(st[x], 255);
                            assert_true(isnan(pr[x * 3]));
                            continue;
                        }
                        assert_int_equal(al[x], align_val(p, r, k, i));
                        assert_int_equal(st[x], track_val(p, r, k, i));
                        for (int o = 0; o < 3; o++) {
                            double want = prob_val(p, r, k, i, o);
                            if (x + (size_t)o == 0) { /* BitRound, 13 bits: |error| <= 2^-14 */
                                assert_true(pr[0] != (float)want);
                                assert_near(pr[0], want, want * ldexp(1, -14));
                            } else {
                                assert_near(pr[x * 3 + o], want, 0);
                            }
                        }
                    }
    } else {
        assert_true(H5Lexists(f, "alignment", H5P_DEFAULT) == 0);
        assert_true(H5Lexists(f, "prob", H5P_DEFAULT) == 0);
        assert_true(H5Lexists(f, "standard", H5P_DEFAULT) == 0);
    }

    /* share and scalar series */
    struct {
        const char *name;
        int ninner, inner[2], which;
        const char *innames[2];
    } sv[] = {{"share_count", 1, {3, 0}, 0, {"option", ""}},
              {"share_population", 1, {3, 0}, 1, {"option", ""}},
              {"share_gdp", 1, {3, 0}, 2, {"option", ""}},
              {"share_global_south", 1, {3, 0}, 3, {"option", ""}},
              {"share_region", 2, {NREG, 3}, 4, {"region", "option"}},
              {"standard_share", 1, {4, 0}, 5, {"track", ""}},
              {"interoperability", 0, {0, 0}, 6, {"", ""}},
              {"assortativity", 0, {0, 0}, 7, {"", ""}},
              {"modularity", 0, {0, 0}, 8, {"", ""}},
              {"switches", 0, {0, 0}, 9, {"", ""}}};
    for (size_t v = 0; v < sizeof sv / sizeof sv[0]; v++) {
        int rank = 3 + sv[v].ninner;
        hsize_t dims[5] = {NP, NR, NT, (hsize_t)sv[v].inner[0], (hsize_t)sv[v].inner[1]};
        const char *names[5] = {"point", "replicate", "time", sv[v].innames[0], sv[v].innames[1]};
        hid_t d = open_checked(f, sv[v].name, rank, dims);
        check_dims(d, sv[v].name, rank, names);
        check_attr(d, "units", "1");
        size_t m = 1;
        for (int k = 0; k < sv[v].ninner; k++) m *= (size_t)sv[v].inner[k];
        double *x = malloc(NP * NR * NT * m * sizeof *x);
        read_all(d, H5T_NATIVE_DOUBLE, x);
        for (int p = 0; p < NP; p++)
            for (int r = 0; r < NR; r++)
                for (int k = 0; k < NT; k++)
                    for (size_t j = 0; j < m; j++) {
                        double got = x[((size_t)(p * NR + r) * NT + k) * m + j];
                        if (failed_task(p, r) ||
                            (sv[v].which == 7 && p == 0 && r == 0 && k == 2)) {
                            assert_true(isnan(got));
                            continue;
                        }
                        double want = sv[v].which == 9 ? (double)((p + r + k) % 3)
                                                       : share_val(p, r, k, (int)j, sv[v].which);
                        assert_near(got, want, 0);
                    }
        free(x);
        H5Dclose(d);
        check_summary(f, sv[v].name, sv[v].ninner, sv[v].inner, sv[v].innames, sv[v].which);
    }

    /* tasks */
    {
        hsize_t dims[2] = {NP, NR};
        const char *ax[2] = {"point", "replicate"};
        uint8_t s[NP * NR];
        hid_t d = open_checked(f, "/tasks/status", 2, dims);
        read_all(d, H5T_NATIVE_UINT8, s);
        check_dims(d, "status", 2, ax);
        check_attr(d, "flag_meanings", "done failed");
        H5Dclose(d);
        for (int p = 0; p < NP; p++)
            for (int r = 0; r < NR; r++) assert_int_equal(s[p * NR + r], failed_task(p, r));
        d = open_checked(f, "/tasks/message", 2, dims);
        check_dims(d, "message", 2, ax);
        hid_t t = H5Dget_type(d);
        size_t w = H5Tget_size(t);
        assert_int_equal(w, strlen("model diverged at step 3"));
        char *buf = calloc(NP * NR, w);
        read_all(d, t, buf);
        for (int p = 0; p < NP; p++)
            for (int r = 0; r < NR; r++) {
                char one[256] = {0};
                memcpy(one, buf + (size_t)(p * NR + r) * w, w);
                assert_string_equal(one, failed_task(p, r) ? "model diverged at step 3" : "");
            }
        free(buf);
        H5Tclose(t);
        H5Dclose(d);
    }

    /* events: sorted by point, replicate, time */
    {
        hsize_t n = 3;
        hid_t d = open_checked(f, "events", 1, &n);
        const char *ax[1] = {"event"};
        check_dims(d, "events", 1, ax);
        typedef struct {
            int64_t point, replicate;
            double time;
            char name[16], key[32], subset[16];
            double old_value, new_value;
        } row;
        hid_t s16 = H5Tcopy(H5T_C_S1), s32 = H5Tcopy(H5T_C_S1);
        H5Tset_size(s16, 16);
        H5Tset_size(s32, 32);
        H5Tset_cset(s16, H5T_CSET_UTF8); /* HDF5 converts no character sets */
        H5Tset_cset(s32, H5T_CSET_UTF8);
        hid_t mt = H5Tcreate(H5T_COMPOUND, sizeof(row));
        H5Tinsert(mt, "point", HOFFSET(row, point), H5T_NATIVE_INT64);
        H5Tinsert(mt, "replicate", HOFFSET(row, replicate), H5T_NATIVE_INT64);
        H5Tinsert(mt, "time", HOFFSET(row, time), H5T_NATIVE_DOUBLE);
        H5Tinsert(mt, "name", HOFFSET(row, name), s16);
        H5Tinsert(mt, "key", HOFFSET(row, key), s32);
        H5Tinsert(mt, "subset", HOFFSET(row, subset), s16);
        H5Tinsert(mt, "old", HOFFSET(row, old_value), H5T_NATIVE_DOUBLE);
        H5Tinsert(mt, "new", HOFFSET(row, new_value), H5T_NATIVE_DOUBLE);
        row rows[3];
        read_all(d, mt, rows);
        assert_int_equal(rows[0].point, 0);
        assert_near(rows[0].time, 2025.75, 0);
        assert_string_equal(rows[0].name, "a");
        assert_string_equal(rows[0].key, "us.export_controls");
        assert_near(rows[0].new_value, 1.0, 0);
        assert_string_equal(rows[1].name, "b");
        assert_string_equal(rows[1].subset, "JPN KOR");
        assert_near(rows[1].old_value, 0.5, 0);
        assert_int_equal(rows[2].point, 1);
        assert_int_equal(rows[2].replicate, 2);
        assert_string_equal(rows[2].key, "cn.budget");
        H5Tclose(mt);
        H5Tclose(s16);
        H5Tclose(s32);
        H5Dclose(d);
    }

    /* generic: every axis of every dataset has a scale, every one a long_name */
    int count = 0;
    assert_true(H5Ovisit(f, H5_INDEX_NAME, H5_ITER_NATIVE, visit_cb, &count) >= 0);
    assert_true(count >= 40);
    assert_true(H5Fclose(f) >= 0);
}

/* ---- tests -------------------------------------------------------------- */

/* Copies path to $env when set (fixtures for the Python and e2e tests). */
static void copy_fixture(const char *path, const char *env)
{
    const char *fx = getenv(env);
    if (!fx || !*fx) return;
    size_t n;
    char *b = slurp(path, &n);
    FILE *o = fopen(fx, "wb");
    assert_non_null(o);
    assert_int_equal(fwrite(b, 1, n, o), n);
    fclose(o);
    free(b);
}

static void test_write_read_full(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    setenv("SOURCE_DATE_EPOCH", "123456", 1);
    const char *path = gs_test_tmp("full.h5");
    char partial[1100];
    unlink(path);
    snprintf(partial, sizeof partial, "%s.partial", path);
    assert_int_equal(write_file(&f, path, GS_OUT_FULL, 0), GS_OK);
    assert_true(exists(path));
    assert_false(exists(partial)); /* renamed */
    check_file(path, GS_OUT_FULL);
    copy_fixture(path, "GS_H5_FIXTURE");
    unlink(path);
    fixture_free(&f);
}

static void test_write_read_shares(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    setenv("SOURCE_DATE_EPOCH", "123456", 1);
    const char *path = gs_test_tmp("shares.h5");
    unlink(path);
    assert_int_equal(write_file(&f, path, GS_OUT_SHARES, 0), GS_OK);
    check_file(path, GS_OUT_SHARES);
    copy_fixture(path, "GS_H5_FIXTURE_SHARES");
    unlink(path);
    fixture_free(&f);
}

static void test_bytes_reproducible(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    setenv("SOURCE_DATE_EPOCH", "0", 1);
    const char *a = gs_test_tmp("rep_a.h5"), *b = gs_test_tmp("rep_b.h5");
    unlink(a);
    unlink(b);
    assert_int_equal(write_file(&f, a, GS_OUT_FULL, 0), GS_OK);
    usleep(1100000); /* object times, if any were tracked, would now differ */
    assert_int_equal(write_file(&f, b, GS_OUT_FULL, 0), GS_OK);
    size_t na, nb;
    char *x = slurp(a, &na), *y = slurp(b, &nb);
    assert_int_equal(na, nb);
    assert_int_equal(memcmp(x, y, na), 0);
    /* and the clock matters only through `created`: another epoch, another file */
    setenv("SOURCE_DATE_EPOCH", "86400", 1);
    assert_int_equal(write_file(&f, b, GS_OUT_FULL, 1), GS_OK);
    free(y);
    y = slurp(b, &nb);
    assert_true(na != nb || memcmp(x, y, na) != 0);
    free(x);
    free(y);
    unlink(a);
    unlink(b);
    fixture_free(&f);
}

static void test_refuse_overwrite(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    setenv("SOURCE_DATE_EPOCH", "123456", 1);
    const char *path = gs_test_tmp("exists.h5");
    char partial[1100];
    snprintf(partial, sizeof partial, "%s.partial", path);
    FILE *o = fopen(path, "w");
    fputs("precious\n", o);
    fclose(o);
    gs_err e = {0};
    gs_h5_meta m = meta_of(&f, GS_OUT_FULL);
    assert_null(gs_h5_create(path, 0, &m, &e));
    assert_int_equal(e.code, GS_EINPUT);
    assert_non_null(strstr(e.msg, "exists; use --force to overwrite"));
    size_t n;
    char *b = slurp(path, &n);
    assert_string_equal(b, "precious\n");
    free(b);
    assert_false(exists(partial));

    /* --force: the old file stays until the rename; abort keeps it */
    gs_err_clear(&e);
    gs_h5 *h = gs_h5_create(path, 1, &m, &e);
    assert_non_null(h);
    assert_true(exists(partial));
    b = slurp(path, &n);
    assert_string_equal(b, "precious\n");
    free(b);
    gs_h5_abort(h);
    assert_false(exists(partial));
    b = slurp(path, &n);
    assert_string_equal(b, "precious\n");
    free(b);
    gs_h5_abort(NULL);

    /* --force and close: replaced */
    assert_int_equal(write_file(&f, path, GS_OUT_FULL, 1), GS_OK);
    assert_false(exists(partial));
    check_file(path, GS_OUT_FULL);
    unlink(path);
    fixture_free(&f);
}

static void test_bad_inputs(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    gs_err e = {0};
    gs_h5_meta m = meta_of(&f, GS_OUT_FULL);

    /* a directory that does not exist: one line, input error */
    assert_null(gs_h5_create("/nonexistent-dir/x.h5", 0, &m, &e));
    assert_int_equal(e.code, GS_EINPUT);
    assert_non_null(strstr(e.msg, "/nonexistent-dir/x.h5.partial: cannot create"));
    assert_null(strchr(e.msg, '\n'));

    /* a directory as output */
    gs_err_clear(&e);
    assert_null(gs_h5_create(gs_test_dir(), 1, &m, &e));
    assert_int_equal(e.code, GS_EINPUT);
    assert_non_null(strstr(e.msg, "is a directory"));

    /* malformed SOURCE_DATE_EPOCH */
    gs_err_clear(&e);
    setenv("SOURCE_DATE_EPOCH", "yesterday", 1);
    const char *path = gs_test_tmp("bad.h5");
    unlink(path);
    assert_null(gs_h5_create(path, 0, &m, &e));
    assert_int_equal(e.code, GS_EINPUT);
    assert_non_null(strstr(e.msg, "SOURCE_DATE_EPOCH"));
    setenv("SOURCE_DATE_EPOCH", "123456", 1);

    /* bad shapes */
    gs_err_clear(&e);
    m.nreplicates = 0;
    assert_null(gs_h5_create(path, 0, &m, &e));
    assert_int_equal(e.code, GS_ERUN);
    m = meta_of(&f, GS_OUT_FULL);

    /* tasks out of order, out of range, wrong shape; the file is removed */
    gs_err_clear(&e);
    gs_h5 *h = gs_h5_create(path, 0, &m, &e);
    assert_non_null(h);
    gs_traj *t = gs_traj_alloc(NN, NT, NREG, GS_OUT_FULL, &e);
    traj_fill(t, 0, 1);
    assert_int_equal(gs_h5_write_task(h, 0, 1, t, NULL, &e), GS_OK);
    assert_int_equal(gs_h5_write_task(h, 0, 0, t, NULL, &e), GS_ERUN);
    assert_non_null(strstr(e.msg, "order"));
    gs_err_clear(&e);
    assert_int_equal(gs_h5_write_task(h, 0, 1, t, NULL, &e), GS_ERUN);
    gs_err_clear(&e);
    assert_int_equal(gs_h5_write_task(h, 2, 0, t, NULL, &e), GS_ERUN);
    assert_non_null(strstr(e.msg, "out of range"));
    gs_traj *small = gs_traj_alloc(NN, NT - 1, NREG, GS_OUT_FULL, &e);
    gs_err_clear(&e);
    assert_int_equal(gs_h5_write_task(h, 1, 0, small, NULL, &e), GS_ERUN);
    assert_non_null(strstr(e.msg, "shape"));
    gs_traj *shares = gs_traj_alloc(NN, NT, NREG, GS_OUT_SHARES, &e);
    traj_fill(shares, 1, 0);
    gs_err_clear(&e);
    assert_int_equal(gs_h5_write_task(h, 1, 0, shares, NULL, &e), GS_ERUN);
    gs_traj_free(small);
    gs_traj_free(shares);
    gs_traj_free(t);
    gs_h5_abort(h);
    char partial[1100];
    snprintf(partial, sizeof partial, "%s.partial", path);
    assert_false(exists(partial));
    assert_false(exists(path));
    fixture_free(&f);
}

static void write_foreign(const char *path, const char *conventions)
{
    hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    assert_true(f >= 0);
    if (conventions) {
        hid_t t = H5Tcopy(H5T_C_S1), s = H5Screate(H5S_SCALAR);
        H5Tset_size(t, strlen(conventions));
        hid_t a = H5Acreate2(f, "conventions", t, s, H5P_DEFAULT, H5P_DEFAULT);
        assert_true(H5Awrite(a, t, conventions) >= 0);
        H5Aclose(a);
        H5Sclose(s);
        H5Tclose(t);
    }
    H5Fclose(f);
}

static void test_reader(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    setenv("SOURCE_DATE_EPOCH", "123456", 1);
    const char *path = gs_test_tmp("read.h5");
    unlink(path);
    assert_int_equal(write_file(&f, path, GS_OUT_FULL, 0), GS_OK);
    gs_err e = {0};
    gs_h5r *r = gs_h5r_open(path, &e);
    assert_non_null(r);
    gs_h5r_dims d;
    assert_int_equal(gs_h5r_dims_get(r, &d, &e), GS_OK);
    assert_int_equal(d.npoints, NP);
    assert_int_equal(d.nreplicates, NR);
    assert_int_equal(d.ntimes, NT);
    assert_int_equal(d.nnations, NN);
    assert_int_equal(d.nregions, NREG);
    assert_int_equal(d.nedges, 4);
    assert_int_equal(d.nevents, 3);
    assert_int_equal(d.level, GS_OUT_FULL);
    char buf[256];
    assert_int_equal(gs_h5r_attr(r, "seed", buf, sizeof buf), 0);
    assert_string_equal(buf, "18446744073709551557");
    assert_int_equal(gs_h5r_attr(r, "conventions", buf, sizeof buf), 0);
    assert_string_equal(buf, "govsim-1");
    assert_int_equal(gs_h5r_attr(r, "no_such_attr", buf, sizeof buf), -1);
    assert_string_equal(buf, "");
    assert_int_equal(gs_h5r_has(r, "summary/share_count"), 1);
    assert_int_equal(gs_h5r_has(r, "nope/share_count"), 0);
    assert_int_equal(gs_h5r_has(r, "nope"), 0);

    int64_t st[4] = {1, 2, 4, 0}, ct[4] = {1, 1, 1, 3};
    double v[3];
    assert_int_equal(gs_h5r_read(r, "share_count", 4, st, ct, GS_H5R_DOUBLE, v, &e), GS_OK);
    for (int o = 0; o < 3; o++) assert_near(v[o], share_val(1, 2, 4, o, 0), 0);
    int64_t sa[4] = {0, 2, 0, 0}, ca[4] = {1, 1, NT, NN};
    uint8_t al[NT * NN];
    assert_int_equal(gs_h5r_read(r, "alignment", 4, sa, ca, GS_H5R_UINT8, al, &e), GS_OK);
    for (int k = 0; k < NT; k++)
        for (int i = 0; i < NN; i++) assert_int_equal(al[k * NN + i], align_val(0, 2, k, i));
    int64_t bad[4] = {0, 2, 1, 0};
    assert_int_equal(gs_h5r_read(r, "alignment", 4, bad, ca, GS_H5R_UINT8, al, &e), GS_EINPUT);
    assert_non_null(strstr(e.msg, "outside"));
    gs_err_clear(&e);
    assert_int_equal(gs_h5r_read(r, "alignment", 3, sa, ca, GS_H5R_UINT8, al, &e), GS_EINPUT);
    gs_err_clear(&e);
    assert_int_equal(gs_h5r_read(r, "no_such", 1, sa, ca, GS_H5R_UINT8, al, &e), GS_EINPUT);
    gs_err_clear(&e);

    size_t n;
    char **s = gs_h5r_strings(r, "nation", &n, &e);
    assert_non_null(s);
    assert_int_equal(n, NN);
    assert_string_equal(s[3], "KEN");
    gs_h5r_strings_free(s, n);
    s = gs_h5r_strings(r, "tasks/message", &n, &e);
    assert_int_equal(n, NP * NR);
    assert_string_equal(s[1 * NR + 1], "model diverged at step 3");
    assert_string_equal(s[0], "");
    gs_h5r_strings_free(s, n);
    assert_null(gs_h5r_strings(r, "time", &n, &e)); /* not strings */
    assert_int_equal(e.code, GS_EINPUT);
    gs_err_clear(&e);
    s = gs_h5r_list(r, "sweep", &n, &e);
    assert_int_equal(n, 1);
    assert_string_equal(s[0], "us.export_controls");
    gs_h5r_strings_free(s, n);
    s = gs_h5r_list(r, "no_group", &n, &e);
    assert_non_null(s);
    assert_int_equal(n, 0);
    gs_h5r_strings_free(s, n);
    s = gs_h5r_list(r, "summary", &n, &e);
    assert_int_equal(n, 10);
    gs_h5r_strings_free(s, n);
    char *cfg = gs_h5r_config(r, &e);
    assert_string_equal(cfg, cfg_text);
    free(cfg);
    gs_h5r_close(r);
    gs_h5r_close(NULL);

    /* what is not a govsim file: one line each, input error */
    struct {
        const char *name, *want;
    } cases[] = {{"missing.h5", "No such file or directory"},
                 {"text.h5", "not a govsim output file"},
                 {"foreign.h5", "not a govsim output file"},
                 {"future.h5", "unsupported conventions 'govsim-2'"},
                 {"truncated.h5", "not a govsim output file"},
                 {"", "is a directory"}};
    const char *p = gs_test_tmp("text.h5");
    FILE *o = fopen(p, "w");
    fputs("hello\n", o);
    fclose(o);
    write_foreign(gs_test_tmp("foreign.h5"), NULL);
    write_foreign(gs_test_tmp("future.h5"), "govsim-2");
    size_t len;
    char *whole = slurp(path, &len);
    o = fopen(gs_test_tmp("truncated.h5"), "wb");
    fwrite(whole, 1, len / 2, o);
    fclose(o);
    free(whole);
    unlink(gs_test_tmp("missing.h5"));
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        gs_err_clear(&e);
        assert_null(gs_h5r_open(gs_test_tmp(cases[k].name), &e));
        assert_int_equal(e.code, GS_EINPUT);
        if (!strstr(e.msg, cases[k].want)) {
            print_error("%s: '%s' lacks '%s'\n", cases[k].name, e.msg, cases[k].want);
            fail();
        }
        assert_null(strchr(e.msg, '\n'));
        if (cases[k].name[0]) unlink(gs_test_tmp(cases[k].name));
    }
    unlink(path);
    fixture_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_read_full),  cmocka_unit_test(test_write_read_shares),
        cmocka_unit_test(test_bytes_reproducible), cmocka_unit_test(test_refuse_overwrite),
        cmocka_unit_test(test_bad_inputs),        cmocka_unit_test(test_reader),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    rmdir(gs_test_dir()); /* empty unless a test failed and left its files */
    return rc;
}
