/* test_world_synth.c - synthetic worlds: one seed builds one world bit for
 * bit (graph and attributes), another seed another; each generator gives the
 * graph its definition implies (exact edge counts where the model fixes them,
 * regular degrees for ws with p = 0 and for lattices, the sbm's block mixing
 * within a binomial tolerance); attribute distributions match their
 * documented laws; node codes, poles, derived attributes; impossible sizes are
 * input errors. */
#include "gs_test.h"

#include <stdlib.h>
#include <string.h>

#include "../../sim/config.h"
#include "../../sim/world.h"

static gs_config cfg(int kind, int64_t n, double degree, int64_t seed)
{
    gs_config c;
    memset(&c, 0, sizeof c);
    gs_params_defaults(&c.p);
    c.p.world_kind = kind;
    c.p.world_n = n;
    c.p.world_degree = degree;
    c.p.seed = seed;
    return c;
}

static gs_world *build_ok(const gs_config *c)
{
    gs_err e = {0};
    gs_world *w = gs_world_build(c, &e);
    if (!w) fail_msg("gs_world_build: %s", e.msg);
    return w;
}

static int same_layer(const gs_csr *a, const gs_csr *b, int32_t n)
{
    return a->nnz == b->nnz &&
           !memcmp(a->rowptr, b->rowptr, (size_t)(n + 1) * sizeof *a->rowptr) &&
           !memcmp(a->col, b->col, (size_t)a->nnz * sizeof *a->col) &&
           !memcmp(a->w, b->w, (size_t)a->nnz * sizeof *a->w);
}

static int same_attrs(const gs_world *a, const gs_world *b)
{
    for (int k = 0; k < GS_NATTR; k++)
        if (memcmp(a->attr[k], b->attr[k], (size_t)a->n * sizeof(double))) return 0;
    return 1;
}

static int64_t deg(const gs_world *w, int32_t i)
{
    const gs_csr *t = &w->layer[GS_L_TRADE];
    return t->rowptr[i + 1] - t->rowptr[i];
}

static void reproducible(void **state)
{
    (void)state;
    const int kinds[] = {GS_WORLD_ER, GS_WORLD_BA, GS_WORLD_WS, GS_WORLD_SBM, GS_WORLD_LATTICE};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        gs_config c = cfg(kinds[k], 400, 6, 12345);
        gs_world *a = build_ok(&c), *b = build_ok(&c);
        c.p.seed = 12346;
        gs_world *d = build_ok(&c);
        assert_int_equal(a->n, 400);
        for (int l = 0; l < GS_NLAYER; l++)
            if (!same_layer(&a->layer[l], &b->layer[l], a->n))
                fail_msg("kind %d: layer %d differs for the same seed", kinds[k], l);
        assert_true(same_attrs(a, b));
        /* Another seed: other attributes and, except for the lattice, another graph. */
        assert_false(same_attrs(a, d));
        if (kinds[k] != GS_WORLD_LATTICE)
            assert_false(same_layer(&a->layer[GS_L_TRADE], &d->layer[GS_L_TRADE], a->n));
        gs_world_free(a);
        gs_world_free(b);
        gs_world_free(d);
    }
}

static void generators(void **state)
{
    (void)state;
    /* er: exactly round(n d / 2) edges, unit weights. */
    gs_config c = cfg(GS_WORLD_ER, 1000, 6, 1);
    gs_world *w = build_ok(&c);
    assert_int_equal(w->layer[GS_L_TRADE].nnz, 6000);
    for (int64_t k = 0; k < w->layer[GS_L_TRADE].nnz; k++) assert_near(w->layer[GS_L_TRADE].w[k], 1, 0);
    for (int l = 0; l < GS_NLAYER; l++)
        if (l != GS_L_TRADE) assert_int_equal(w->layer[l].nnz, 0);
    gs_world_free(w);
    /* ba, m = 3: node 1 links to node 0, node 2 to both, every later node to 3:
     * 1 + 2 + 3 (n - 3) edges; the oldest node is a hub. */
    c = cfg(GS_WORLD_BA, 2000, 6, 2);
    w = build_ok(&c);
    assert_int_equal(w->layer[GS_L_TRADE].nnz / 2, 3 + 3 * (2000 - 3));
    assert_true(deg(w, 0) > 5 * 6);
    int64_t mind = INT64_MAX;
    for (int32_t i = 0; i < w->n; i++)
        if (deg(w, i) < mind) mind = deg(w, i);
    assert_true(mind >= 2);
    gs_world_free(w);
    /* ws with p = 0: the ring lattice, degree 2 nei = 6 everywhere. */
    c = cfg(GS_WORLD_WS, 500, 6, 3);
    c.p.world_ws_p = 0;
    w = build_ok(&c);
    for (int32_t i = 0; i < w->n; i++) assert_int_equal(deg(w, i), 6);
    assert_true(w->layer[GS_L_TRADE].col[w->layer[GS_L_TRADE].rowptr[10]] == 7);
    gs_world_free(w);
    /* lattice: torus, degree 4 (r = 1) or 12 (r = 2). */
    c = cfg(GS_WORLD_LATTICE, 400, 6, 4);
    w = build_ok(&c);
    for (int32_t i = 0; i < w->n; i++) assert_int_equal(deg(w, i), 4);
    gs_world_free(w);
    c = cfg(GS_WORLD_LATTICE, 400, 12, 4);
    w = build_ok(&c);
    for (int32_t i = 0; i < w->n; i++) assert_int_equal(deg(w, i), 12);
    gs_world_free(w);
    /* complete: implicit, nothing stored. */
    c = cfg(GS_WORLD_COMPLETE, 300, 6, 5);
    w = build_ok(&c);
    assert_int_equal(w->implicit_complete, 1);
    for (int l = 0; l < GS_NLAYER; l++) assert_int_equal(w->layer[l].nnz, 0);
    assert_near(w->attr[GS_A_TRADEDEP_US][5], 1.0 / 299, 1e-15);
    assert_near(w->attr[GS_A_TRADEDEP_US][0], 0, 0);
    assert_near(w->attr[GS_A_TRADEDEP_CN][0], 1.0 / 299, 1e-15);
    gs_world_free(w);
}

/* sbm: blocks are regions; the share of within-block edges is
 * r (s - 1) / (r (s - 1) + n - s) and the mean degree d, within 4 s.d. */
static void sbm(void **state)
{
    (void)state;
    gs_config c = cfg(GS_WORLD_SBM, 2000, 8, 6);
    c.p.world_sbm_blocks = 4;
    c.p.world_sbm_ratio = 10;
    gs_world *w = build_ok(&c);
    assert_int_equal(w->nregions, 4);
    assert_string_equal(w->region_names[2], "block 3");
    assert_int_equal(w->region[0], 0);
    assert_int_equal(w->region[1999], 3);
    assert_int_equal(w->region[500], 1);
    const gs_csr *t = &w->layer[GS_L_TRADE];
    int64_t within = 0;
    for (int32_t i = 0; i < w->n; i++)
        for (int64_t k = t->rowptr[i]; k < t->rowptr[i + 1]; k++)
            within += w->region[i] == w->region[t->col[k]];
    double m = (double)t->nnz / 2, share = (double)within / (double)t->nnz;
    double want = 10.0 * 499 / (10.0 * 499 + 1500);
    assert_near(share, want, 4 * sqrt(want * (1 - want) / m));
    assert_near((double)t->nnz / w->n, 8, 4 * sqrt(8000.0) * 2 / 2000);
    gs_world_free(w);
    /* Uneven blocks: 10 nodes in 3 blocks of 4, 3, 3. */
    c = cfg(GS_WORLD_SBM, 10, 2, 6);
    c.p.world_sbm_blocks = 3;
    c.p.world_sbm_ratio = 2;
    w = build_ok(&c);
    assert_int_equal(w->region[3], 0);
    assert_int_equal(w->region[4], 1);
    assert_int_equal(w->region[7], 2);
    gs_world_free(w);
}

static void attributes(void **state)
{
    (void)state;
    gs_config c = cfg(GS_WORLD_BA, 20000, 4, 7);
    gs_world *w = build_ok(&c);
    int32_t n = w->n;
    assert_string_equal(w->iso3[0], "N000000");
    assert_string_equal(w->iso3[19999], "N019999");
    assert_ptr_equal(w->name[42], w->iso3[42]);
    assert_int_equal(gs_world_find(w, "N000042"), 42);
    assert_int_equal(w->pole[GS_US], 0);
    assert_int_equal(w->pole[GS_CN], 1);
    assert_string_equal(w->region_names[0], "synthetic");
    double lp = 0, lg = 0, inet = 0, el = 0, ld = 0, gs = 0;
    for (int32_t i = 0; i < n; i++) {
        lp += log(w->attr[GS_A_POPULATION][i]);
        lg += log(w->attr[GS_A_GDPPC][i]);
        inet += w->attr[GS_A_INTERNET][i];
        el += w->attr[GS_A_ELECTRICITY][i];
        ld += w->attr[GS_A_LIBDEM][i];
        gs += w->attr[GS_A_GLOBAL_SOUTH][i];
        assert_near(w->attr[GS_A_GDP][i], w->attr[GS_A_POPULATION][i] * w->attr[GS_A_GDPPC][i],
                    1e-6 * w->attr[GS_A_GDP][i]);
        assert_near(w->attr[GS_A_NATO][i] + w->attr[GS_A_BRI][i] + w->attr[GS_A_SCO][i], 0, 0);
        assert_true(isnan(w->attr[GS_A_BRI_YEAR][i]));
        assert_near(w->attr[GS_A_THREAT][i], 0.3, 0);
        assert_near(w->attr[GS_A_CHIPDEP][i], w->attr[GS_A_INTERNET][i] / 100, 1e-15);
        assert_true(fabs(w->attr[GS_A_LAT][i]) <= 90 && fabs(w->attr[GS_A_LON][i]) <= 180);
        assert_int_equal(w->imputed[i], 0);
    }
    /* Means within 4 standard errors of the documented laws. */
    assert_near(lp / n, log(1e7), 4 * 1.5 / sqrt(n));
    assert_near(lg / n, log(6000.0), 4 * 1.2 / sqrt(n));
    double sd_i = 100 * sqrt(2.5 * 1.5 / (16.0 * 5.0)), sd_e = 100 * sqrt(5.0 / (36.0 * 7.0));
    assert_near(inet / n, 62.5, 4 * sd_i / sqrt(n));
    assert_near(el / n, 100 * 5.0 / 6, 4 * sd_e / sqrt(n));
    assert_near(ld / n, 0.5, 4 * sqrt(1 / 12.0) / sqrt(n));
    assert_near(gs, n / 2.0, 0); /* below the median of an even count */
    /* Trade dependence on a pole: 1/deg(i) for the pole's neighbours. */
    const gs_csr *t = &w->layer[GS_L_TRADE];
    for (int32_t i = 2; i < 200; i++) {
        int adj = 0;
        for (int64_t k = t->rowptr[i]; k < t->rowptr[i + 1]; k++) adj |= t->col[k] == 0;
        assert_near(w->attr[GS_A_TRADEDEP_US][i], adj ? 1.0 / deg(w, i) : 0, 1e-12);
    }
    gs_world_free(w);
    /* Codes grow a digit past 10^6 nodes. */
    c = cfg(GS_WORLD_COMPLETE, 1000001, 6, 7);
    w = build_ok(&c);
    assert_string_equal(w->iso3[0], "N0000000");
    assert_string_equal(w->iso3[1000000], "N1000000");
    gs_world_free(w);
}

static void expect_fail(const gs_config *c, const char *want)
{
    gs_err e = {0};
    gs_world *w = gs_world_build(c, &e);
    if (w) {
        gs_world_free(w);
        fail_msg("built; expected '%s'", want);
    }
    assert_int_equal(e.code, GS_EINPUT);
    if (!strstr(e.msg, want)) fail_msg("message '%s' lacks '%s'", e.msg, want);
}

static void bad_sizes(void **state)
{
    (void)state;
    gs_config c = cfg(GS_WORLD_LATTICE, 1000, 6, 1);
    expect_fail(&c, "world.n = 1000: a lattice world needs a perfect square (e.g. 961 or 1024)");
    c = cfg(GS_WORLD_LATTICE, 16, 24, 1);
    expect_fail(&c, "too small for radius 3");
    c = cfg(GS_WORLD_BA, 100, 0.4, 1);
    expect_fail(&c, "a ba world needs degree >= 1");
    c = cfg(GS_WORLD_ER, 10, 12, 1);
    expect_fail(&c, "at most degree 9");
    c = cfg(GS_WORLD_WS, 10, 10, 1);
    expect_fail(&c, "too large for a ws ring");
    c = cfg(GS_WORLD_SBM, 100, 50, 1);
    c.p.world_sbm_blocks = 4;
    c.p.world_sbm_ratio = 100;
    expect_fail(&c, "within-block probability");
    c = cfg(GS_WORLD_SBM, 10, 2, 1);
    c.p.world_sbm_blocks = 11;
    expect_fail(&c, "world.sbm_blocks = 11 exceeds world.n = 10");
    c = cfg(GS_WORLD_COMPLETE, 10, 2, 1);
    snprintf(c.p.world_edges, GS_PATH_MAX, "x.csv");
    expect_fail(&c, "world.edges cannot be combined with world.kind = complete");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reproducible), cmocka_unit_test(generators), cmocka_unit_test(sbm),
        cmocka_unit_test(attributes),   cmocka_unit_test(bad_sizes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
