/* test_model_fast.c - the performance paths of models/ give exactly what the
 * plain definitions give (tests/bench, docs/performance.md):
 * - gs_mdl_gather's exact fast sums (constant, small-integer and general
 *   weights; rows longer than a 16-bit counter) equal the left-to-right
 *   double sums bit for bit, and layers are classified as documented;
 * - gs_mdl_tally equals plain counting, past 65535 entries;
 * - gs_rng_uniform_fill equals successive gsl_rng_uniform calls and leaves
 *   the stream where they would (Philox and another GSL type); tell, seek
 *   and uniform_at agree with sequential draws;
 * - at output.level = shares the step skips the probabilities of nations
 *   that keep their option: the dynamics are identical to level full, prob
 *   is NULL, and an event rebuilds the probabilities of the last step (or
 *   of init) exactly, so that a swing strategy switched on by the event
 *   reads what it would have read; also from GS_MDL_PF_MIN nations on,
 *   where the sparse passes prefetch.  The shares-level step runs chunk by
 *   chunk (model.c, step_chunked) while the full-level one runs stage by
 *   stage, so this also checks that the two orders give the same states
 *   and leave the stream at the same place. */
#include "gs_test.h"

#include <gsl/gsl_rng.h>
#include <stdlib.h>
#include <string.h>

#include "../../models/gather.h"
#include "../../models/model.h"
#include "../../models/model_impl.h"
#include "../../sim/config.h"
#include "../../sim/rng.h"
#include "world_fixture.h"

/* A random graph on n nodes, m undirected edges, weights from wfn. */
static gs_world *random_world(int32_t n, size_t m, double (*wfn)(gsl_rng *), uint64_t seed)
{
    gs_err e = {0};
    gsl_rng *r = gs_rng_alloc(seed, GS_RNG_DESIGN, 9, 0, &e);
    assert_non_null(r);
    int32_t *s = malloc(m * sizeof *s), *d = malloc(m * sizeof *d);
    double *wt = malloc(m * sizeof *wt);
    assert_true(s && d && wt);
    for (size_t k = 0; k < m; k++) {
        s[k] = (int32_t)gsl_rng_uniform_int(r, (unsigned long)n);
        do
            d[k] = (int32_t)gsl_rng_uniform_int(r, (unsigned long)n);
        while (d[k] == s[k]);
        wt[k] = wfn(r);
    }
    gs_world *w = fx_world(n);
    fx_layer(w, GS_L_TRADE, m, s, d, wt);
    free(s);
    free(d);
    free(wt);
    gsl_rng_free(r);
    return w;
}

static double w_const(gsl_rng *r)
{
    (void)r;
    return 0.2; /* stored as the float 0.2f: not a whole number, not dyadic */
}
static double w_int(gsl_rng *r)
{
    return (double)(1 + gsl_rng_uniform_int(r, 3));
}
static double w_any(gsl_rng *r)
{
    return 1e-3 + 100 * gsl_rng_uniform(r);
}

/* gather against the definition for every node and 3 or 4 states. */
static void check_gather(const gs_world *w, int kind)
{
    gs_err e = {0};
    const gs_csr *L = &w->layer[GS_L_TRADE];
    gs_mdl_layer lay;
    assert_int_equal(gs_mdl_layer_init(&lay, L, &e), GS_OK);
    assert_int_equal(lay.kind, kind);
    uint8_t *s = malloc((size_t)w->n);
    assert_non_null(s);
    for (int ns = 3; ns <= 4; ns++) {
        for (int32_t i = 0; i < w->n; i++)
            s[i] = (uint8_t)((i * 7 + i / 3) % ns);
        for (int32_t i = 0; i < w->n; i++) {
            double want[4] = {0, 0, 0, 0}, got[4] = {-1, -1, -1, -1};
            for (int64_t k = L->rowptr[i]; k < L->rowptr[i + 1]; k++)
                want[s[L->col[k]]] += L->w[k];
            gs_mdl_gather(L, &lay, i, s, ns, got);
            for (int k = 0; k < ns; k++)
                if (got[k] != want[k])
                    fail_msg("kind %d node %d state %d: %.17g != %.17g", kind, (int)i, k, got[k],
                             want[k]);
        }
    }
    free(s);
    gs_mdl_layer_free(&lay);
}

static void test_gather_exact(void **state)
{
    (void)state;
    gs_world *w = random_world(300, 4000, w_const, 1);
    check_gather(w, GS_WSUM_CONST);
    fx_free(w);
    w = random_world(300, 4000, w_int, 2);
    check_gather(w, GS_WSUM_INT);
    fx_free(w);
    w = random_world(300, 4000, w_any, 3);
    check_gather(w, GS_WSUM_ANY);
    fx_free(w);
}

/* A star: node 0 has 70,000 neighbours, more than a 16-bit field holds. */
static void test_gather_long_rows(void **state)
{
    (void)state;
    const int32_t n = 70001;
    int32_t *s = malloc((size_t)(n - 1) * sizeof *s), *d = malloc((size_t)(n - 1) * sizeof *d);
    double *wt = malloc((size_t)(n - 1) * sizeof *wt);
    assert_true(s && d && wt);
    for (int32_t k = 0; k < n - 1; k++) {
        s[k] = 0;
        d[k] = k + 1;
    }
    for (int pass = 0; pass < 2; pass++) {
        for (int32_t k = 0; k < n - 1; k++)
            wt[k] = pass == 0 ? 1.0 : (double)(255 - k % 2);
        gs_world *w = fx_world(n);
        fx_layer(w, GS_L_TRADE, (size_t)(n - 1), s, d, wt);
        check_gather(w, pass == 0 ? GS_WSUM_CONST : GS_WSUM_INT);
        fx_free(w);
    }
    free(s);
    free(d);
    free(wt);
}

static void test_tally(void **state)
{
    (void)state;
    const int32_t n = 200000;
    uint8_t *s = malloc((size_t)n);
    assert_non_null(s);
    int64_t want[4] = {0, 0, 0, 0}, got[4];
    for (int32_t i = 0; i < n; i++) {
        s[i] = (uint8_t)(i < 150000 ? 2 : (i * 13) % 4); /* one count past 65535 */
        want[s[i]]++;
    }
    gs_mdl_tally(s, n, got);
    for (int k = 0; k < 4; k++)
        assert_int_equal(got[k], want[k]);
    free(s);
}

static void fill_matches(gsl_rng *a, gsl_rng *b)
{
    static const size_t len[] = {1, 3, 2, 7, 256, 5, 1000, 4, 1};
    double buf[1000];
    for (size_t t = 0; t < sizeof len / sizeof len[0]; t++) {
        gs_rng_uniform_fill(b, buf, len[t]);
        for (size_t k = 0; k < len[t]; k++) {
            double x = gsl_rng_uniform(a);
            if (x != buf[k]) fail_msg("draw %zu of %zu: %.17g != %.17g", k, len[t], buf[k], x);
        }
    }
    assert_true(gsl_rng_get(a) == gsl_rng_get(b)); /* same place in the stream */
}

static void test_uniform_fill(void **state)
{
    (void)state;
    gs_err e = {0};
    gsl_rng *a = gs_rng_alloc(5, GS_RNG_DYNAMICS, 2, 3, &e),
            *b = gs_rng_alloc(5, GS_RNG_DYNAMICS, 2, 3, &e);
    assert_true(a && b);
    fill_matches(a, b);
    gsl_rng_free(a);
    gsl_rng_free(b);
    a = gsl_rng_alloc(gsl_rng_mt19937);
    b = gsl_rng_alloc(gsl_rng_mt19937);
    assert_true(a && b);
    fill_matches(a, b);
    gsl_rng_free(a);
    gsl_rng_free(b);
}

/* Stream positions: tell counts the words handed out; uniform_at reads any
 * stretch without moving the stream and equals the draws after a seek;
 * seek lands where that many draws would (stretches start and end inside
 * and at the edges of Philox's 4-word blocks). */
static void test_seek(void **state)
{
    (void)state;
    gs_err e = {0};
    gsl_rng *a = gs_rng_alloc(9, GS_RNG_DYNAMICS, 1, 4, &e),
            *b = gs_rng_alloc(9, GS_RNG_DYNAMICS, 1, 4, &e);
    assert_true(a && b && gs_rng_seekable(a));
    assert_false(gs_rng_seekable(NULL));
    assert_true(gs_rng_tell(a) == 0);
    double seq[64], at[64];
    for (int k = 0; k < 64; k++)
        seq[k] = gsl_rng_uniform(a);
    assert_true(gs_rng_tell(a) == 64);
    static const uint64_t pos[] = {0, 1, 2, 3, 4, 5, 7, 8, 13, 31, 40};
    static const size_t len[] = {1, 2, 3, 4, 5, 9, 16, 23};
    for (size_t p = 0; p < sizeof pos / sizeof pos[0]; p++)
        for (size_t l = 0; l < sizeof len / sizeof len[0]; l++) {
            gs_rng_uniform_at(b, pos[p], at, len[l]);
            for (size_t k = 0; k < len[l]; k++)
                if (at[k] != seq[pos[p] + k])
                    fail_msg("word %zu from %zu: %.17g != %.17g", k, (size_t)pos[p], at[k],
                             seq[pos[p] + k]);
            assert_true(gs_rng_tell(b) == 0); /* not moved */
        }
    for (size_t p = 0; p < sizeof pos / sizeof pos[0]; p++) {
        gs_rng_seek(b, pos[p]);
        assert_true(gs_rng_tell(b) == pos[p]);
        assert_true(gsl_rng_uniform(b) == seq[pos[p]]);
        gs_rng_uniform_fill(b, at, 11);
        assert_memory_equal(at, seq + pos[p] + 1, 11 * sizeof(double));
        assert_true(gs_rng_tell(b) == pos[p] + 12);
    }
    gsl_rng *m = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(m);
    assert_false(gs_rng_seekable(m));
    gsl_rng_free(m);
    gsl_rng_free(a);
    gsl_rng_free(b);
}

/* A world where prob matters: poles, neighbours, budgets, stocks. */
static gs_world *lazy_world(int32_t n)
{
    gs_world *w = random_world(n, 4 * (size_t)n, w_any, 4);
    fx_poles(w, 0, 1);
    fx_ring(w, GS_L_BORDER);
    return w;
}

static void lazy_params(gs_params *p, int level)
{
    gs_params_defaults(p);
    p->out_level = level;
    p->pole[GS_US].budget = p->pole[GS_CN].budget = 5;
    p->kappa = 3;
    p->align_rate = 1.5;
}

static gs_mevent swing_event(void)
{
    gs_mevent ev = {0};
    ev.param = gs_param_find("us.strategy");
    assert_true(ev.param >= 0);
    ev.attr = -1;
    ev.op = GS_EV_SET;
    ev.text = "swing";
    return ev;
}

/* Runs a full-level and a shares-level model on one stream; the swing
 * event comes before step `at` (0: before the first step). */
static void lazy_run(int at, int32_t n)
{
    gs_err e = {0};
    gs_world *w = lazy_world(n);
    gs_params pf, ps;
    lazy_params(&pf, GS_OUT_FULL);
    lazy_params(&ps, GS_OUT_SHARES);
    gsl_rng *rf = gs_rng_alloc(11, GS_RNG_DYNAMICS, 0, 0, &e),
            *rs = gs_rng_alloc(11, GS_RNG_DYNAMICS, 0, 0, &e);
    gs_model *mf = gs_model_alloc(w, &e), *ms = gs_model_alloc(w, &e);
    assert_true(rf && rs && mf && ms);
    assert_int_equal(gs_model_init(mf, w, &pf, rf, &e), GS_OK);
    assert_int_equal(gs_model_init(ms, w, &ps, rs, &e), GS_OK);
    assert_non_null(gs_model_prob(mf));
    assert_null(gs_model_prob(ms));
    gs_mevent ev = swing_event();
    int64_t skipped = 0;
    for (int step = 0; step < 12; step++) {
        if (step == at) {
            double o, v;
            assert_int_equal(gs_model_event(mf, w, &ev, &o, &v, &e), GS_OK);
            assert_int_equal(gs_model_event(ms, w, &ev, &o, &v, &e), GS_OK);
            /* rebuilt exactly: what the swing weights of the next step read */
            assert_non_null(gs_model_prob(ms));
            assert_memory_equal(gs_model_prob(ms), gs_model_prob(mf),
                                3 * (size_t)w->n * sizeof(float));
        }
        gs_model_step(mf, w, rf);
        gs_model_step(ms, w, rs);
        if (!gs_model_prob(ms)) skipped++;
        assert_memory_equal(gs_model_alignment(ms), gs_model_alignment(mf), (size_t)w->n);
        assert_memory_equal(gs_model_track(ms), gs_model_track(mf), (size_t)w->n);
        assert_memory_equal(gs_model_stock(ms), gs_model_stock(mf),
                            2 * (size_t)w->n * sizeof(double));
        assert_int_equal(gs_model_switches(ms), gs_model_switches(mf));
        /* the shares step took its draws chunk by chunk from the places
         * the staged step takes them: both streams end at one place */
        assert_true(gs_rng_tell(rs) == gs_rng_tell(rf));
    }
    assert_int_equal(skipped, at); /* lazy until swing is on, full after */
    gs_model_free(mf);
    gs_model_free(ms);
    gsl_rng_free(rf);
    gsl_rng_free(rs);
    fx_free(w);
}

static void test_lazy_probs_after_init(void **state)
{
    (void)state;
    lazy_run(0, 400);
}

static void test_lazy_probs_after_steps(void **state)
{
    (void)state;
    lazy_run(5, 400);
}

/* From GS_MDL_PF_MIN nations on, the sparse passes list the revisers and
 * prefetch their rows: the dynamics stay those of the dense full-level
 * pass (the gravity-weighted ring and border layers included). */
static void test_lazy_large_world(void **state)
{
    (void)state;
    lazy_run(7, GS_MDL_PF_MIN + 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gather_exact),
        cmocka_unit_test(test_gather_long_rows),
        cmocka_unit_test(test_tally),
        cmocka_unit_test(test_uniform_fill),
        cmocka_unit_test(test_seek),
        cmocka_unit_test(test_lazy_probs_after_init),
        cmocka_unit_test(test_lazy_probs_after_steps),
        cmocka_unit_test(test_lazy_large_world),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
