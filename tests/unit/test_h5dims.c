/* test_h5dims.c - dimension scales attached in bulk.
 *
 * The writer no longer calls H5DSattach_scale once per axis: it writes each
 * dataset's DIMENSION_LIST once and each scale's REFERENCE_LIST once
 * (h5util.h gs_h5u_dimlist_write / gs_h5u_reflist_append / gs_h5u_attach,
 * h5meta.c gs_h5m_attach / gs_h5m_dims_flush).  Checked here:
 * - the helpers against HDF5 itself: two files with the same objects, one
 *   attached with H5DSattach_scale, one with the helpers, hold attributes
 *   of equal types (H5Tequal, and the layout H5DS documents) and equal
 *   contents in the same order; H5DSattach_scale and H5DSdetach_scale then
 *   extend and shrink the helpers' lists exactly as their own; misuse fails;
 * - files from the public writer API (gs_h5_create ... close, and
 *   close_partial; with sweep values, priors, events and an extra table
 *   attached by h5extra.c between create and close): every axis of every
 *   dataset has exactly its expected scale (H5DSget_num_scales,
 *   H5DSiterate_scales, H5DSis_attached), every scale's REFERENCE_LIST holds
 *   exactly the (dataset, axis) pairs attached to it, and /point's in the
 *   order of the attachments;
 * - a world large enough for the edge table to be chunked (its chunks are
 *   stored whole through h5chunk.c): values and filters of the /edges
 *   columns. */
#include "gs_test.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hdf5.h>
#include <hdf5_hl.h>

#include "../../sim/h5out.h"
#include "../../sim/h5util.h"
#include "world_fixture.h"

#define NAMELEN 96
#define MAXENT 256

/* Path of the object reference r points to, in file loc. */
static void ref_name(hid_t loc, hobj_ref_t r, char out[NAMELEN])
{
    hid_t o = H5Rdereference2(loc, H5P_DEFAULT, H5R_OBJECT, &r);
    assert_true(o >= 0);
    assert_true(H5Iget_name(o, out, NAMELEN) > 0);
    H5Oclose(o);
}

/* One REFERENCE_LIST entry, resolved. */
typedef struct entry {
    char name[NAMELEN];
    int dim;
} entry;

/* Reads the REFERENCE_LIST of scale (in H5DS's own memory layout) into
 * ent[MAXENT]; returns the entry count; *ftype receives the attribute's
 * type (caller closes). */
static int read_reflist(hid_t scale, entry *ent, hid_t *ftype)
{
    typedef struct {
        hobj_ref_t ref;
        int dim;
    } raw;
    hid_t a = H5Aopen(scale, "REFERENCE_LIST", H5P_DEFAULT);
    assert_true(a >= 0);
    hid_t s = H5Aget_space(a);
    int n = (int)H5Sget_simple_extent_npoints(s);
    assert_true(n > 0 && n <= MAXENT);
    hid_t mt = H5Tcreate(H5T_COMPOUND, sizeof(raw));
    H5Tinsert(mt, "dataset", HOFFSET(raw, ref), H5T_STD_REF_OBJ);
    H5Tinsert(mt, "dimension", HOFFSET(raw, dim), H5T_NATIVE_INT);
    raw *buf = calloc((size_t)n, sizeof *buf);
    assert_true(H5Aread(a, mt, buf) >= 0);
    for (int i = 0; i < n; i++) {
        ref_name(scale, buf[i].ref, ent[i].name);
        ent[i].dim = buf[i].dim;
    }
    if (ftype) *ftype = H5Aget_type(a);
    free(buf);
    H5Tclose(mt);
    H5Sclose(s);
    H5Aclose(a);
    return n;
}

/* Reads the DIMENSION_LIST of d (rank axes): the path of the one scale of
 * each axis into names[i] ("" when none), the number of scales per axis
 * into count[i]; *ftype receives the attribute's type. */
static void read_dimlist(hid_t d, int rank, char names[][NAMELEN], int *count, hid_t *ftype)
{
    hid_t a = H5Aopen(d, "DIMENSION_LIST", H5P_DEFAULT);
    assert_true(a >= 0);
    hid_t t = H5Aget_type(a), s = H5Aget_space(a);
    assert_int_equal(H5Sget_simple_extent_npoints(s), rank);
    hvl_t buf[8];
    assert_true(rank <= 8 && H5Aread(a, t, buf) >= 0);
    for (int i = 0; i < rank; i++) {
        count[i] = (int)buf[i].len;
        names[i][0] = 0;
        if (buf[i].len) ref_name(d, ((hobj_ref_t *)buf[i].p)[0], names[i]);
    }
    H5Dvlen_reclaim(t, s, H5P_DEFAULT, buf);
    if (ftype) *ftype = H5Tcopy(t);
    H5Tclose(t);
    H5Sclose(s);
    H5Aclose(a);
}

/* The type H5DS gives REFERENCE_LIST: compound of 16 bytes, "dataset" an
 * object reference at 0, "dimension" a native int at 8. */
static void check_reflist_type(hid_t t)
{
    assert_int_equal(H5Tget_class(t), H5T_COMPOUND);
    assert_int_equal(H5Tget_size(t), 16);
    assert_int_equal(H5Tget_nmembers(t), 2);
    char *m0 = H5Tget_member_name(t, 0), *m1 = H5Tget_member_name(t, 1);
    assert_string_equal(m0, "dataset");
    assert_string_equal(m1, "dimension");
    H5free_memory(m0);
    H5free_memory(m1);
    assert_int_equal(H5Tget_member_offset(t, 0), 0);
    assert_int_equal(H5Tget_member_offset(t, 1), 8);
    hid_t t0 = H5Tget_member_type(t, 0), t1 = H5Tget_member_type(t, 1);
    assert_true(H5Tequal(t0, H5T_STD_REF_OBJ) > 0);
    assert_true(H5Tequal(t1, H5T_NATIVE_INT) > 0);
    H5Tclose(t0);
    H5Tclose(t1);
}

/* ---- the helpers against H5DSattach_scale ------------------------------- */

/* Scales a [3] and b [4]; datasets x [3, 4], y [4, 3], z [3, 3] (a on both
 * axes), g/w [4] and v [3], all unattached. */
static hid_t helper_file(const char *path, hid_t *obj)
{
    hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    assert_true(f >= 0);
    static const char *const names[7] = {"a", "b", "x", "y", "z", "g/w", "v"};
    const hsize_t dims[7][2] = {{3, 0}, {4, 0}, {3, 4}, {4, 3}, {3, 3}, {4, 0}, {3, 0}};
    const int rank[7] = {1, 1, 2, 2, 2, 1, 1};
    hid_t g = H5Gcreate2(f, "g", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    for (int k = 0; k < 7; k++) {
        hid_t s = H5Screate_simple(rank[k], dims[k], NULL);
        obj[k] = H5Dcreate2(f, names[k], H5T_NATIVE_INT, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        assert_true(obj[k] >= 0);
        H5Sclose(s);
    }
    H5Gclose(g);
    assert_true(H5DSset_scale(obj[0], "a") >= 0);
    assert_true(H5DSset_scale(obj[1], "b") >= 0);
    return f;
}

enum { OA, OB, OX, OY, OZ, OW, OV };

/* Both files' attributes of every dataset and scale are equal: types,
 * resolved contents, order. */
static void compare_files(hid_t *p, hid_t *q)
{
    const int rank[7] = {1, 1, 2, 2, 2, 1, 1};
    for (int k = OX; k <= OV; k++) {
        htri_t ep = H5Aexists(p[k], "DIMENSION_LIST"), eq = H5Aexists(q[k], "DIMENSION_LIST");
        assert_int_equal(ep, eq);
        if (ep <= 0) continue;
        char np[2][NAMELEN], nq[2][NAMELEN];
        int cp[2], cq[2];
        hid_t tp, tq;
        read_dimlist(p[k], rank[k], np, cp, &tp);
        read_dimlist(q[k], rank[k], nq, cq, &tq);
        assert_true(H5Tequal(tp, tq) > 0);
        assert_int_equal(H5Tget_class(tp), H5T_VLEN);
        hid_t base = H5Tget_super(tq);
        assert_true(H5Tequal(base, H5T_STD_REF_OBJ) > 0);
        H5Tclose(base);
        H5Tclose(tp);
        H5Tclose(tq);
        for (int i = 0; i < rank[k]; i++) {
            assert_int_equal(cp[i], cq[i]);
            assert_string_equal(np[i], nq[i]);
        }
    }
    for (int k = OA; k <= OB; k++) {
        entry ep[MAXENT], eq[MAXENT];
        hid_t tp, tq;
        int n = read_reflist(p[k], ep, &tp), m = read_reflist(q[k], eq, &tq);
        assert_int_equal(n, m);
        assert_true(H5Tequal(tp, tq) > 0);
        check_reflist_type(tp);
        H5Tclose(tp);
        H5Tclose(tq);
        for (int i = 0; i < n; i++) {
            assert_string_equal(ep[i].name, eq[i].name);
            assert_int_equal(ep[i].dim, eq[i].dim);
        }
    }
}

static void test_helpers_match_h5ds(void **state)
{
    (void)state;
    hid_t p[7], q[7];
    const char *pp = gs_test_tmp("h5ds.h5"), *qp = gs_test_tmp("bulk.h5");
    hid_t fp = helper_file(pp, p), fq = helper_file(qp, q);

    /* HDF5's way: one call per axis, in this order */
    assert_true(H5DSattach_scale(p[OX], p[OA], 0) >= 0);
    assert_true(H5DSattach_scale(p[OX], p[OB], 1) >= 0);
    assert_true(H5DSattach_scale(p[OY], p[OB], 0) >= 0);
    assert_true(H5DSattach_scale(p[OY], p[OA], 1) >= 0);
    assert_true(H5DSattach_scale(p[OZ], p[OA], 0) >= 0);
    assert_true(H5DSattach_scale(p[OZ], p[OA], 1) >= 0);
    assert_true(H5DSattach_scale(p[OW], p[OB], 0) >= 0);

    /* in bulk: DIMENSION_LISTs, then each scale's entries in call order */
    hobj_ref_t ra, rb, rx, ry, rz;
    assert_int_equal(gs_h5u_obj_ref(q[OA], &ra), 0);
    assert_int_equal(gs_h5u_obj_ref(q[OB], &rb), 0);
    assert_int_equal(gs_h5u_obj_ref(q[OX], &rx), 0);
    assert_int_equal(gs_h5u_obj_ref(q[OY], &ry), 0);
    assert_int_equal(gs_h5u_obj_ref(q[OZ], &rz), 0);
    hobj_ref_t sx[2] = {ra, rb}, sy[2] = {rb, ra}, sz[2] = {ra, ra};
    assert_int_equal(gs_h5u_dimlist_write(q[OX], 2, sx), 0);
    assert_int_equal(gs_h5u_dimlist_write(q[OY], 2, sy), 0);
    assert_int_equal(gs_h5u_dimlist_write(q[OZ], 2, sz), 0);
    gs_h5u_dsref la[4] = {{rx, 0}, {ry, 1}, {rz, 0}, {rz, 1}}, lb[2] = {{rx, 1}, {ry, 0}};
    assert_int_equal(gs_h5u_reflist_append(q[OB], lb, 0), 0); /* nothing: no attribute */
    assert_int_equal(H5Aexists(q[OB], "REFERENCE_LIST"), 0);
    assert_int_equal(gs_h5u_reflist_append(q[OA], la, 4), 0);
    assert_int_equal(gs_h5u_reflist_append(q[OB], lb, 2), 0);
    assert_int_equal(gs_h5u_attach(q[OW], 1, &q[OB]), 0); /* appends to b's list */
    compare_files(p, q);

    /* H5DS's own calls on the helpers' lists: the same as on its lists */
    for (int k = 0; k < 2; k++) {
        hid_t *o = k ? q : p;
        assert_true(H5DSattach_scale(o[OV], o[OA], 0) >= 0);
        assert_int_equal(H5DSis_attached(o[OX], o[OA], 0), 1);
        assert_int_equal(H5DSis_attached(o[OX], o[OB], 1), 1);
        assert_int_equal(H5DSis_attached(o[OX], o[OB], 0), 0);
        assert_int_equal(H5DSis_attached(o[OY], o[OA], 1), 1);
        assert_int_equal(H5DSis_attached(o[OZ], o[OA], 1), 1);
        assert_int_equal(H5DSis_attached(o[OW], o[OB], 0), 1);
        assert_int_equal(H5DSget_num_scales(o[OZ], 1), 1);
    }
    compare_files(p, q);
    entry ent[MAXENT];
    assert_int_equal(read_reflist(q[OA], ent, NULL), 5);
    assert_string_equal(ent[4].name, "/v");
    for (int k = 0; k < 2; k++) {
        hid_t *o = k ? q : p;
        assert_true(H5DSdetach_scale(o[OY], o[OA], 1) >= 0);
        assert_int_equal(H5DSis_attached(o[OY], o[OA], 1), 0);
    }
    compare_files(p, q);
    assert_int_equal(read_reflist(q[OA], ent, NULL), 4);

    /* misuse: a second list on the same dataset, no axes */
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    assert_int_equal(gs_h5u_dimlist_write(q[OX], 2, sx), -1);
    assert_int_equal(gs_h5u_dimlist_write(q[OV], 0, sx), -1);
    assert_int_equal(gs_h5u_dimlist_write(q[OV], 1, NULL), -1);
    H5Eclear2(H5E_DEFAULT);

    for (int k = 0; k < 7; k++) {
        H5Dclose(p[k]);
        H5Dclose(q[k]);
    }
    H5Fclose(fp);
    H5Fclose(fq);
    unlink(pp);
    unlink(qp);
}

/* ---- files of the writer ------------------------------------------------ */

#define NP 2
#define NR 3
#define NT 4

static const char *sweep_keys[1] = {"us.export_controls"};
static const double sweep_vals[NP] = {0.25, 0.75};
static const char *prior_keys[1] = {"cn.budget"};

/* Writes a file of NP x NR tasks on w; an extra table /extra/table
 * [point, outcome] goes in through h5extra.c (gs_h5u_attach on /point
 * after create) before close (partial: gs_h5_close_partial after the
 * first point). */
static void write_file(const gs_world *w, const char *path, int level, int partial)
{
    double times[NT] = {2025, 2026, 2027, 2028};
    gs_h5_meta m = fx_meta(w, NP, NR, NT, times, level);
    m.config_text = "[scenario]\nname = dims\n";
    m.command = "govsim sweep dims.ini";
    m.scenario = "dims.ini";
    m.seed = 7;
    m.nsweep = 1;
    m.sweep_keys = sweep_keys;
    m.sweep_values = sweep_vals;
    m.nprior = 1;
    m.prior_keys = prior_keys;
    gs_err e = {0};
    gs_h5 *h = gs_h5_create(path, 1, &m, &e);
    if (!h) print_error("%s\n", e.msg);
    assert_non_null(h);
    gs_traj *t = gs_traj_alloc(w->n, NT, w->nregions, level, &e);
    assert_non_null(t);
    for (int p = 0; p < (partial ? 1 : NP); p++)
        for (int r = 0; r < NR; r++) {
            double prior = p + 0.5 * r;
            assert_int_equal(gs_h5_write_task(h, p, r, t, &prior, &e), GS_OK);
        }
    gs_traj_free(t);
    gs_h5_event ev = {0, 1, 2026.5, "shock", "nation.threat", "", 0.0, 0.1};
    assert_int_equal(gs_h5_add_events(h, &ev, 1, &e), GS_OK);
    const char *outcomes[2] = {"us", "cn"};
    int64_t dims[2] = {NP, 2};
    const char *dn[2] = {"/point", "/extra/outcome"};
    double data[NP * 2] = {1, 2, 3, 4};
    assert_int_equal(gs_h5_write_strings(h, "extra", "outcome", 2, outcomes, 1, "outcome", &e),
                     GS_OK);
    assert_int_equal(gs_h5_write_table(h, "extra", "table", 2, dims, dn, data, "a table", &e),
                     GS_OK);
    int rc = partial ? gs_h5_close_partial(h, &e) : gs_h5_close(h, &e);
    if (rc) print_error("%s\n", e.msg);
    assert_int_equal(rc, GS_OK);
}

/* The scales the writer attaches to dataset path, by axis: returns the
 * rank, or -1 for a dataset this test does not know (which fails it: a
 * new dataset needs a line here). */
static int expected_axes(const char *path, const char **ax)
{
    static const struct {
        const char *path;
        const char *axes[5];
    } exact[] = {
        {"/alignment", {"point", "replicate", "time", "nation"}},
        {"/standard", {"point", "replicate", "time", "nation"}},
        {"/prob", {"point", "replicate", "time", "nation", "option"}},
        {"/share_count", {"point", "replicate", "time", "option"}},
        {"/share_population", {"point", "replicate", "time", "option"}},
        {"/share_gdp", {"point", "replicate", "time", "option"}},
        {"/share_global_south", {"point", "replicate", "time", "option"}},
        {"/share_region", {"point", "replicate", "time", "region", "option"}},
        {"/standard_share", {"point", "replicate", "time", "track"}},
        {"/interoperability", {"point", "replicate", "time"}},
        {"/assortativity", {"point", "replicate", "time"}},
        {"/modularity", {"point", "replicate", "time"}},
        {"/switches", {"point", "replicate", "time"}},
        {"/nation_name", {"nation"}},
        {"/region_of", {"nation"}},
        {"/population", {"nation"}},
        {"/gdp", {"nation"}},
        {"/events", {"event"}},
        {"/extra/table", {"point", "extra/outcome"}},
    };
    static const struct {
        const char *prefix;
        const char *axes[2];
    } group[] = {{"/nation_attrs/", {"nation"}},
                 {"/edges/", {"edge"}},
                 {"/sweep/", {"point"}},
                 {"/tasks/", {"point", "replicate"}},
                 {"/prior/", {"point", "replicate"}}};
    if (!strcmp(path, "/config")) return 0;
    for (size_t k = 0; k < sizeof exact / sizeof exact[0]; k++)
        if (!strcmp(path, exact[k].path)) {
            int r = 0;
            while (r < 5 && exact[k].axes[r]) {
                ax[r] = exact[k].axes[r];
                r++;
            }
            return r;
        }
    if (!strncmp(path, "/summary/", 9)) { /* [stat, point, time, inner...] */
        char top[NAMELEN];
        snprintf(top, sizeof top, "/%s", path + 9);
        const char *inner[5];
        int r = expected_axes(top, inner);
        if (r < 3) return -1;
        ax[0] = "stat";
        ax[1] = "point";
        ax[2] = "time";
        for (int i = 3; i < r; i++)
            ax[i] = inner[i];
        return r;
    }
    for (size_t k = 0; k < sizeof group / sizeof group[0]; k++)
        if (!strncmp(path, group[k].prefix, strlen(group[k].prefix))) {
            ax[0] = group[k].axes[0];
            ax[1] = group[k].axes[1];
            return ax[1] ? 2 : 1;
        }
    return -1;
}

typedef struct pair {
    char dset[NAMELEN], scale[NAMELEN];
    int dim;
} pair;

typedef struct walk {
    pair p[MAXENT];
    int n;
    char scales[32][NAMELEN];
    int nscales;
} walk;

static herr_t scale_cb(hid_t did, unsigned dim, hid_t dsid, void *data)
{
    (void)did;
    (void)dim;
    assert_true(H5Iget_name(dsid, data, NAMELEN) > 0);
    return 1;
}

/* Every axis of every dataset: exactly one scale, the expected one, as
 * long as the axis, attached both ways (H5DSis_attached); pairs recorded. */
static herr_t visit_cb(hid_t loc, const char *name, const H5O_info_t *info, void *data)
{
    walk *w = data;
    if (info->type != H5O_TYPE_DATASET) return 0;
    hid_t d = H5Dopen2(loc, name, H5P_DEFAULT);
    assert_true(d >= 0);
    char path[NAMELEN];
    snprintf(path, sizeof path, "/%s", name);
    if (H5DSis_scale(d) > 0) {
        assert_true(w->nscales < 32);
        snprintf(w->scales[w->nscales++], NAMELEN, "%s", path);
        assert_int_equal(H5Aexists(d, "DIMENSION_LIST"), 0);
        H5Dclose(d);
        return 0;
    }
    hid_t s = H5Dget_space(d);
    int rank = H5Sget_simple_extent_ndims(s);
    hsize_t dims[8];
    H5Sget_simple_extent_dims(s, dims, NULL);
    H5Sclose(s);
    const char *ax[5] = {0};
    int want = expected_axes(path, ax);
    if (want != rank) {
        print_error("%s: rank %d, expected %d\n", path, rank, want);
        fail();
    }
    for (int i = 0; i < rank; i++) {
        char got[NAMELEN] = "", exp[NAMELEN];
        snprintf(exp, sizeof exp, "/%s", ax[i]);
        assert_int_equal(H5DSget_num_scales(d, (unsigned)i), 1);
        assert_true(H5DSiterate_scales(d, (unsigned)i, NULL, scale_cb, got) >= 0);
        if (strcmp(got, exp)) {
            print_error("%s axis %d: scale '%s', expected '%s'\n", path, i, got, exp);
            fail();
        }
        hid_t sc = H5Dopen2(loc, exp, H5P_DEFAULT);
        assert_int_equal(H5DSis_attached(d, sc, (unsigned)i), 1);
        hid_t ss = H5Dget_space(sc);
        hsize_t len;
        H5Sget_simple_extent_dims(ss, &len, NULL);
        assert_int_equal(len, dims[i]);
        H5Sclose(ss);
        H5Dclose(sc);
        assert_true(w->n < MAXENT);
        pair *p = &w->p[w->n++];
        snprintf(p->dset, NAMELEN, "%s", path);
        snprintf(p->scale, NAMELEN, "%s", exp);
        p->dim = i;
    }
    H5Dclose(d);
    return 0;
}

/* The order in which the writer attaches to /point (create: sweep values,
 * results, summaries; then h5extra's table; close: tasks, priors). */
static int point_order(int level, int partial, entry *want)
{
    static const char *const results[] = {"/alignment",
                                          "/prob",
                                          "/standard",
                                          "/share_count",
                                          "/share_population",
                                          "/share_gdp",
                                          "/share_global_south",
                                          "/share_region",
                                          "/standard_share",
                                          "/interoperability",
                                          "/assortativity",
                                          "/modularity",
                                          "/switches"};
    int n = 0;
    (void)partial;
    snprintf(want[n].name, NAMELEN, "/sweep/%s", sweep_keys[0]);
    want[n++].dim = 0;
    for (int v = 0; v < 13; v++) {
        if (level != GS_OUT_FULL && (v == 0 || v == 1 || v == 2)) continue;
        snprintf(want[n].name, NAMELEN, "%s", results[v]);
        want[n++].dim = 0;
    }
    for (int v = 3; v < 13; v++) {
        snprintf(want[n].name, NAMELEN, "/summary%s", results[v]);
        want[n++].dim = 1;
    }
    snprintf(want[n].name, NAMELEN, "/extra/table");
    want[n++].dim = 0;
    snprintf(want[n].name, NAMELEN, "/tasks/status");
    want[n++].dim = 0;
    snprintf(want[n].name, NAMELEN, "/tasks/message");
    want[n++].dim = 0;
    snprintf(want[n].name, NAMELEN, "/prior/%s", prior_keys[0]);
    want[n++].dim = 0;
    return n;
}

/* All the checks of one writer file. */
static void check_file(const char *path, int level, int partial)
{
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(f >= 0);
    walk *w = calloc(1, sizeof *w);
    assert_true(H5Ovisit(f, H5_INDEX_NAME, H5_ITER_NATIVE, visit_cb, w) >= 0);
    assert_true(w->n >= (level == GS_OUT_FULL ? 90 : 75));
    /* each scale lists exactly the pairs attached to it, each once */
    int listed = 0;
    for (int k = 0; k < w->nscales; k++) {
        hid_t s = H5Dopen2(f, w->scales[k], H5P_DEFAULT);
        entry ent[MAXENT];
        hid_t t;
        int n = read_reflist(s, ent, &t);
        check_reflist_type(t);
        H5Tclose(t);
        int want = 0;
        for (int i = 0; i < w->n; i++)
            want += !strcmp(w->p[i].scale, w->scales[k]);
        if (n != want) {
            print_error("%s: REFERENCE_LIST has %d entries, %d attachments\n", w->scales[k], n,
                        want);
            fail();
        }
        for (int j = 0; j < n; j++) {
            int hits = 0;
            for (int i = 0; i < w->n; i++)
                hits += !strcmp(w->p[i].scale, w->scales[k]) &&
                        !strcmp(w->p[i].dset, ent[j].name) && w->p[i].dim == ent[j].dim;
            if (hits != 1) {
                print_error("%s: entry (%s, %d) matches %d attachments\n", w->scales[k],
                            ent[j].name, ent[j].dim, hits);
                fail();
            }
        }
        listed += n;
        if (!strcmp(w->scales[k], "/point")) {
            entry exp[64];
            int m = point_order(level, partial, exp);
            assert_int_equal(n, m);
            for (int j = 0; j < n; j++) {
                assert_string_equal(ent[j].name, exp[j].name);
                assert_int_equal(ent[j].dim, exp[j].dim);
            }
        }
        H5Dclose(s);
    }
    assert_int_equal(listed, w->n);
    assert_int_equal(w->nscales, 11); /* 9 root axes, /event, /extra/outcome */
    free(w);
    H5Fclose(f);
}

static void test_writer_scales(void **state)
{
    (void)state;
    gs_world *w = fx_world(5);
    fx_ring(w, 0);
    setenv("SOURCE_DATE_EPOCH", "0", 1);
    for (int level = 0; level < 2; level++)
        for (int partial = 0; partial < 2; partial++) {
            int lv = level ? GS_OUT_FULL : GS_OUT_SHARES;
            const char *path = gs_test_tmp("dims.h5");
            char part[1100];
            snprintf(part, sizeof part, "%s.partial", path);
            write_file(w, path, lv, partial);
            check_file(partial ? part : path, lv, partial);
            unlink(path);
            unlink(part);
        }
    fx_free(w);
}

/* /edges chunked (>= 16 KiB per column): values and filters as before. */
static void test_writer_big_edges(void **state)
{
    (void)state;
    const int32_t n = 17000; /* the uint8 layer column chunked too */
    gs_world *w = fx_world(n);
    int32_t *s = malloc((size_t)n * sizeof *s), *d = malloc((size_t)n * sizeof *d);
    double *wt = malloc((size_t)n * sizeof *wt);
    for (int32_t i = 0; i < n; i++) {
        s[i] = i;
        d[i] = (i + 1) % n;
        wt[i] = 1.0 + 0.25 * (i % 7);
    }
    fx_layer(w, 1, (size_t)n, s, d, wt);
    const char *path = gs_test_tmp("edges.h5");
    write_file(w, path, GS_OUT_SHARES, 0);
    check_file(path, GS_OUT_SHARES, 0);

    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    int32_t *src = malloc((size_t)n * 4), *dst = malloc((size_t)n * 4);
    float *wgt = malloc((size_t)n * 4);
    uint8_t *ly = malloc((size_t)n);
    static const char *const cols[4] = {"/edges/source", "/edges/target", "/edges/weight",
                                        "/edges/layer"};
    void *bufs[4] = {src, dst, wgt, ly};
    hid_t mt[4] = {H5T_NATIVE_INT32, H5T_NATIVE_INT32, H5T_NATIVE_FLOAT, H5T_NATIVE_UINT8};
    for (int c = 0; c < 4; c++) {
        hid_t ds = H5Dopen2(f, cols[c], H5P_DEFAULT), pl = H5Dget_create_plist(ds);
        assert_true(ds >= 0);
        assert_int_equal(H5Pget_layout(pl), H5D_CHUNKED);
        assert_int_equal(H5Pget_nfilters(pl), 2);
        unsigned flags, cd[4];
        size_t ncd = 4;
        assert_int_equal(H5Pget_filter2(pl, 0, &flags, &ncd, cd, 0, NULL, NULL),
                         H5Z_FILTER_SHUFFLE);
        ncd = 4;
        assert_int_equal(H5Pget_filter2(pl, 1, &flags, &ncd, cd, 0, NULL, NULL),
                         H5Z_FILTER_DEFLATE);
        assert_int_equal(cd[0], GS_H5_DEFLATE);
        hid_t sp = H5Dget_space(ds);
        assert_int_equal(H5Sget_simple_extent_npoints(sp), n);
        H5Sclose(sp);
        assert_true(H5Dread(ds, mt[c], H5S_ALL, H5S_ALL, H5P_DEFAULT, bufs[c]) >= 0);
        H5Pclose(pl);
        H5Dclose(ds);
    }
    H5Fclose(f);
    /* each ring edge once, i < j, in node order: node 0 has (0, 1) and
     * (0, n-1), then node i has (i, i+1) */
    for (int32_t k = 0; k < n; k++) {
        int32_t a = src[k], b = dst[k];
        assert_true(a < b);
        int32_t i = b == a + 1 ? a : b; /* the ring edge (i, i+1 mod n) */
        assert_true(b == a + 1 || (a == 0 && b == n - 1));
        assert_near(wgt[k], 1.0 + 0.25 * (i % 7), 0);
        assert_int_equal(ly[k], 1);
        if (k > 0) assert_true(src[k - 1] <= a);
    }
    free(src);
    free(dst);
    free(wgt);
    free(ly);
    free(s);
    free(d);
    free(wt);
    unlink(path);
    fx_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_helpers_match_h5ds),
        cmocka_unit_test(test_writer_scales),
        cmocka_unit_test(test_writer_big_edges),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    rmdir(gs_test_dir());
    return rc;
}
