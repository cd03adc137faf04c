/* test_h5chunk.c - whole chunks stored directly (h5chunk.c) read back as
 * the same values as H5Dwrite of the same block, for every filter set the
 * writer uses, edge chunks along every axis, incompressible data; and the
 * writer's block paths end to end: 70 replicates (a full block of 64 and
 * an edge block of 6) with skipped and failed tasks, and an interrupted
 * run's partial block (closed with gs_h5_close_partial), read back value
 * by value with their summaries. */
#include "gs_test.h"

#include <stdlib.h>
#include <string.h>

#include <hdf5.h>

#include "../../sim/h5chunk.h"
#include "../../sim/h5out.h"
#include "../../sim/h5util.h"
#include "../../sim/summary.h"
#include "world_fixture.h"

/* ---- gs_h5c_write against H5Dwrite ------------------------------------- */

/* dataset [2, 10, 7, 5] chunked [1, 4, 3, 5]: replicate and time have edge
 * chunks (10 = 4 + 4 + 2, 7 = 3 + 3 + 1). */
static const hsize_t dims[4] = {2, 10, 7, 5}, chunk[4] = {1, 4, 3, 5};

static double value(size_t r, size_t t, size_t j, int noise)
{
    if (noise) { /* incompressible: deflate cannot shrink it */
        uint64_t x = (r * 7 + t) * 5 + j + 1;
        x *= 0x9E3779B97F4A7C15u;
        x ^= x >> 29;
        x *= 0xBF58476D1CE4E5B9u;
        double d;
        x = (x & 0x000FFFFFFFFFFFFFu) | 0x3FF0000000000000u; /* [1, 2): no NaN */
        memcpy(&d, &x, sizeof d);
        return d;
    }
    return (double)((r + 2 * t + 3 * j) % 7) / 7.0;
}

/* Writes block [point 1, replicates r0 .. r0+nr-1] into a (directly) and
 * b (H5Dwrite), reads both whole and compares them, fill included. */
static void same_as_h5dwrite(hid_t file, int type, int shuffle, int level, hsize_t r0, hsize_t nr,
                             int noise)
{
    static int k = 0;
    char na[32], nb[32];
    snprintf(na, sizeof na, "a%d", k);
    snprintf(nb, sizeof nb, "b%d", k++);
    hid_t ft = type == 1 ? H5T_STD_U8LE : type == 4 ? H5T_IEEE_F32LE : H5T_IEEE_F64LE;
    hid_t mt = type == 1 ? H5T_NATIVE_UINT8 : type == 4 ? H5T_NATIVE_FLOAT : H5T_NATIVE_DOUBLE;
    size_t es = (size_t)type;
    uint8_t f8 = 255;
    float f32 = NAN;
    double f64 = NAN;
    const void *fill = type == 1 ? (void *)&f8 : type == 4 ? (void *)&f32 : (void *)&f64;
    hid_t da = gs_h5u_dataset_nocache(file, na, ft, 4, dims, chunk, mt, fill, shuffle, level);
    hid_t db = gs_h5u_dataset_nocache(file, nb, ft, 4, dims, chunk, mt, fill, shuffle, level);
    assert_true(da >= 0 && db >= 0);
    size_t row = (size_t)(dims[2] * dims[3]), n = (size_t)nr * row;
    unsigned char *blk = malloc(n * es);
    for (size_t r = 0; r < nr; r++)
        for (size_t t = 0; t < dims[2]; t++)
            for (size_t j = 0; j < dims[3]; j++) {
                size_t i = r * row + t * dims[3] + j;
                double v = value(r0 + r, t, j, noise);
                if (type == 1)
                    blk[i] = (uint8_t)(v * 7 + 0.5);
                else if (type == 4)
                    ((float *)blk)[i] = (float)v;
                else
                    ((double *)blk)[i] = v;
            }
    hsize_t base[4] = {1, r0, 0, 0}, extent[4] = {1, nr, dims[2], dims[3]};
    gs_h5c *c = gs_h5c_alloc(4 * 3 * 5 * 8);
    assert_non_null(c);
    assert_int_equal(gs_h5c_write(c, da, 4, base, chunk, extent, blk, es, fill, shuffle, level), 0);
    /* a chunk larger than the writer's buffers is refused */
    gs_h5c *small = gs_h5c_alloc(16);
    assert_int_equal(gs_h5c_write(small, da, 4, base, chunk, extent, blk, es, fill, shuffle, level),
                     -1);
    H5Eclear2(H5E_DEFAULT);
    gs_h5c_free(small);
    gs_h5c_free(c);
    hid_t fs = H5Dget_space(db), ms = H5Screate_simple(4, extent, NULL);
    assert_true(H5Sselect_hyperslab(fs, H5S_SELECT_SET, base, NULL, extent, NULL) >= 0);
    assert_true(H5Dwrite(db, mt, ms, fs, H5P_DEFAULT, blk) >= 0);
    H5Sclose(fs);
    H5Sclose(ms);
    size_t all = (size_t)(dims[0] * dims[1]) * row;
    unsigned char *ra = malloc(all * es), *rb = malloc(all * es);
    assert_true(H5Dread(da, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, ra) >= 0);
    assert_true(H5Dread(db, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, rb) >= 0);
    assert_memory_equal(ra, rb, all * es); /* NaN fill: same bits both ways */
    /* a slab across chunks, as the writer's summary read-back takes it */
    hsize_t s0[4] = {1, 0, 2, 0}, sn[4] = {1, dims[1], 3, dims[3]};
    size_t nslab = (size_t)(sn[1] * sn[2] * sn[3]);
    unsigned char *sa = malloc(nslab * es), *sb = malloc(nslab * es);
    for (int k2 = 0; k2 < 2; k2++) {
        hid_t d2 = k2 ? db : da, f2 = H5Dget_space(d2), m2 = H5Screate_simple(4, sn, NULL);
        assert_true(H5Sselect_hyperslab(f2, H5S_SELECT_SET, s0, NULL, sn, NULL) >= 0);
        assert_true(H5Dread(d2, mt, m2, f2, H5P_DEFAULT, k2 ? sb : sa) >= 0);
        H5Sclose(f2);
        H5Sclose(m2);
    }
    assert_memory_equal(sa, sb, nslab * es);
    free(sa);
    free(sb);
    /* and the block is where it belongs, every other element the fill */
    size_t nblock = 0;
    for (size_t i = 0; i < all; i++) {
        size_t p = i / ((size_t)dims[1] * row), r = i / row % (size_t)dims[1];
        int in = p == 1 && r >= r0 && r < r0 + nr;
        if (in) {
            assert_memory_equal(ra + i * es, blk + (((r - r0) * row) + i % row) * es, es);
            nblock++;
        } else {
            assert_memory_equal(ra + i * es, fill, es);
        }
    }
    assert_int_equal(nblock, n);
    free(ra);
    free(rb);
    free(blk);
    H5Dclose(da);
    H5Dclose(db);
}

/* A new file name under the test directory in the writer's format
 * (libver bounds 1.10: fixed-array chunk indexes). */
static hid_t create_v110(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", gs_test_dir(), name);
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    assert_true(H5Pset_libver_bounds(fapl, H5F_LIBVER_V110, H5F_LIBVER_V110) >= 0);
    hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    H5Pclose(fapl);
    assert_true(f >= 0);
    return f;
}

static void test_direct_vs_h5dwrite(void **state)
{
    (void)state;
    hid_t f = create_v110("chunks.h5");
    /* the writer's filter sets: deflate (counts), none (reals), shuffle +
     * deflate (prob, summaries), uint8 shuffle + deflate 5 (states) */
    for (int noise = 0; noise < 2; noise++) {
        same_as_h5dwrite(f, 8, 0, 1, 4, 4, noise); /* one whole chunk row */
        same_as_h5dwrite(f, 8, 0, 1, 8, 2, noise); /* edge: 2 of 4 replicates */
        same_as_h5dwrite(f, 8, 0, 1, 4, 3, noise); /* padded inside the dataset */
        same_as_h5dwrite(f, 8, 0, 0, 0, 4, noise);
        same_as_h5dwrite(f, 8, 1, 1, 8, 2, noise);
        same_as_h5dwrite(f, 4, 1, 1, 0, 4, noise);
        same_as_h5dwrite(f, 4, 1, 1, 8, 2, noise);
        same_as_h5dwrite(f, 1, 1, 5, 8, 2, noise);
        same_as_h5dwrite(f, 1, 0, 0, 4, 4, noise);
    }
    H5Fclose(f);
}

/* A dataset of one chunk (HDF5's single-chunk index) stored directly holds
 * what was written: read after reopening it (HDF5 1.10.8 reads it back
 * through the open handle with its filters not undone, which is why the
 * writer sends such datasets through H5Dwrite). */
static void test_single_chunk(void **state)
{
    (void)state;
    hid_t f = create_v110("single.h5");
    hsize_t one[3] = {1, 6, 4};
    double nanv = NAN, x[24], y[24];
    for (int i = 0; i < 24; i++)
        x[i] = (double)(i % 5) / 4.0;
    hid_t d =
        gs_h5u_dataset_nocache(f, "s", H5T_IEEE_F64LE, 3, one, one, H5T_NATIVE_DOUBLE, &nanv, 0, 1);
    assert_true(d >= 0);
    gs_h5c *c = gs_h5c_alloc(sizeof x);
    hsize_t base[3] = {0, 0, 0};
    assert_int_equal(gs_h5c_write(c, d, 3, base, one, one, x, 8, &nanv, 0, 1), 0);
    gs_h5c_free(c);
    H5Dclose(d);
    d = H5Dopen2(f, "s", H5P_DEFAULT);
    assert_true(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, y) >= 0);
    assert_memory_equal(x, y, sizeof x);
    H5Dclose(d);
    H5Fclose(f);
}

/* ---- the writer's blocks: 70 replicates, skips, failures, partial ------- */

#define WN 3
#define WT 4
#define WR 70

static double share(int r, int k, int j)
{
    return (double)((r * 3 + k + j) % 11) / 10.0;
}
static double real(int r, int k)
{
    return 0.001 * r + 0.37 * k + 1e-9 * (r * r % 13);
}

/* skipped (never written) and failed tasks of point 1 */
static int skipped(int p, int r)
{
    return p == 1 && (r == 3 || r == 64 || r == 65);
}
static int failed(int p, int r)
{
    return p == 1 && (r == 10 || r == 69);
}

static void fill_traj(gs_traj *t, int p, int r)
{
    t->status = failed(p, r);
    snprintf(t->message, sizeof t->message, "%s", t->status ? "failed" : "");
    for (int k = 0; k < WT; k++) {
        for (int o = 0; o < GS_NOPT; o++) {
            double s = share(r + 100 * p, k, o);
            t->share_count[k * 3 + o] = s;
            t->share_population[k * 3 + o] = s + real(r, k);
            t->share_gdp[k * 3 + o] = s;
            t->share_global_south[k * 3 + o] = s;
            t->share_region[k * 3 + o] = s;
        }
        for (int s = 0; s < GS_NTRACK; s++)
            t->standard_share[k * 4 + s] = share(r, k, s);
        t->interoperability[k] = real(r + p, k);
        t->assortativity[k] = real(r, k + p);
        t->modularity[k] = real(r, k);
        t->switches[k] = (double)((r + k) % 3);
        if (t->level == GS_OUT_FULL)
            for (int i = 0; i < WN; i++) {
                t->alignment[k * WN + i] = (uint8_t)((r + k + i) % 3);
                t->standard[k * WN + i] = (uint8_t)((r + i) % 4);
                for (int o = 0; o < 3; o++)
                    t->prob[(k * WN + i) * 3 + o] = (float)((r + k + i + o) % 8) / 8.0f;
            }
    }
}

/* Writes points 0 and 1 (2 x 70 tasks, some skipped), or with stop > 0
 * only the first stop tasks, then gs_h5_close_partial. */
static void write_run(const char *path, gs_world *w, int level, int stop)
{
    gs_err e = {0};
    double times[WT] = {2025, 2026, 2027, 2028};
    gs_h5_meta m = fx_meta(w, 2, WR, WT, times, level);
    gs_h5 *h = gs_h5_create(path, 1, &m, &e);
    assert_non_null(h);
    gs_traj *t = gs_traj_alloc(WN, WT, 1, level, &e);
    assert_non_null(t);
    int n = 0;
    for (int p = 0; p < 2; p++)
        for (int r = 0; r < WR; r++) {
            if (skipped(p, r) || (stop > 0 && n >= stop)) continue;
            fill_traj(t, p, r);
            assert_int_equal(gs_h5_write_task(h, p, r, t, NULL, &e), GS_OK);
            n++;
        }
    gs_traj_free(t);
    if (stop > 0)
        assert_int_equal(gs_h5_close_partial(h, &e), GS_OK);
    else
        assert_int_equal(gs_h5_close(h, &e), GS_OK);
}

static double *read_all(hid_t f, const char *name, size_t n)
{
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
    assert_true(d >= 0);
    hid_t s = H5Dget_space(d);
    assert_int_equal((size_t)H5Sget_simple_extent_npoints(s), n);
    double *x = malloc(n * sizeof *x);
    assert_true(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x) >= 0);
    H5Sclose(s);
    H5Dclose(d);
    return x;
}

/* /share_count and /modularity hold each written task's values, NaN for
 * skipped, failed and (partial) unwritten tasks; their summaries are
 * gs_summary of exactly the written values. */
static void check_run(const char *path, int stop, int level)
{
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(f >= 0);
    const char *names[2] = {"share_count", "modularity"},
               *snames[2] = {"summary/share_count", "summary/modularity"};
    size_t inner[2] = {3, 1};
    for (int v = 0; v < 2; v++) {
        size_t row = WT * inner[v];
        double *x = read_all(f, names[v], 2 * WR * row);
        double *s = read_all(f, snames[v], GS_NSTAT * 2 * row);
        int n = 0;
        double col[2][WR * WT * 3];
        for (int p = 0; p < 2; p++)
            for (int r = 0; r < WR; r++) {
                int written = !skipped(p, r) && !(stop > 0 && n >= stop);
                n += written;
                int valid = written && !failed(p, r);
                for (size_t c = 0; c < row; c++) {
                    double got = x[((size_t)p * WR + (size_t)r) * row + c];
                    int k = (int)(c / inner[v]), j = (int)(c % inner[v]);
                    double want = !valid ? NAN : v == 0 ? share(r + 100 * p, k, j) : real(r, k);
                    if (isnan(want))
                        assert_true(isnan(got));
                    else
                        assert_true(got == want);
                    col[p][c * WR + (size_t)r] = got;
                }
            }
        for (int p = 0; p < 2; p++)
            for (size_t c = 0; c < row; c++) {
                double work[2 * WR], st[GS_NSTAT];
                gs_summary(col[p] + c * WR, 1, WR, work, st);
                for (int k = 0; k < GS_NSTAT; k++) {
                    double got = s[((size_t)k * 2 + (size_t)p) * row + c];
                    assert_true(isnan(st[k]) ? isnan(got) : got == st[k]);
                }
            }
        free(x);
        free(s);
    }
    if (level == GS_OUT_FULL) { /* uint8 states through the same paths */
        hid_t d = H5Dopen2(f, "alignment", H5P_DEFAULT);
        uint8_t *a = malloc(2 * WR * WT * WN);
        assert_true(H5Dread(d, H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, a) >= 0);
        int n = 0;
        for (int p = 0; p < 2; p++)
            for (int r = 0; r < WR; r++) {
                int written = !skipped(p, r) && !(stop > 0 && n >= stop);
                n += written;
                int valid = written && !failed(p, r);
                for (int k = 0; k < WT; k++)
                    for (int i = 0; i < WN; i++)
                        assert_int_equal(a[((p * WR + r) * WT + k) * WN + i],
                                         valid ? (r + k + i) % 3 : 255);
            }
        free(a);
        H5Dclose(d);
    }
    H5Fclose(f);
}

static void test_writer_blocks(void **state)
{
    (void)state;
    gs_world *w = fx_world(WN);
    char path[512], partial[540];
    snprintf(path, sizeof path, "%s/blocks.h5", gs_test_dir());
    snprintf(partial, sizeof partial, "%s.partial", path);
    const int levels[2] = {GS_OUT_SHARES, GS_OUT_FULL};
    for (int l = 0; l < 2; l++) {
        int lv = levels[l];
        write_run(path, w, lv, 0);
        check_run(path, 0, lv);
        /* interrupted inside point 1's first block (a partial block: rows
         * 0..39 but for the skipped 3) and inside its second (64..69) */
        int stops[3] = {WR + 39, WR + 61 + 3, 17};
        for (int k = 0; k < 3; k++) {
            remove(partial);
            write_run(path, w, lv, stops[k]);
            check_run(partial, stops[k], lv);
        }
        remove(path);
        remove(partial);
    }
    fx_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_direct_vs_h5dwrite),
        cmocka_unit_test(test_single_chunk),
        cmocka_unit_test(test_writer_blocks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
