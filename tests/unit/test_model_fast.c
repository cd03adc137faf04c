/* test_model_fast.c - the performance paths of models/ give exactly what the
 * plain definitions give (tests/bench, docs/performance.md):
 * - gs_mdl_gather's exact fast sums (constant, small-integer and general
 *   weights; rows longer than a 16-bit counter) equal the left-to-right
 *   double sums bit for bit, and layers are classified as documented;
 *   and so do the same sums from packed states (gs_mdl_gather_pk), which
 *   gs_mdl_pack fills for any range;
 * - gs_mdl_tally equals plain counting, past 65535 entries;
 * - gs_rng_uniform_fill equals successive gsl_rng_uniform calls and leaves
 *   the stream where they would (Philox and another GSL type); tell, seek
 *   and uniform_at agree with sequential draws, on streams with every
 *   counter and key word set; gs_rng_pairs_below lists exactly the pairs
 *   whose first draw is below p, for every alignment of the stream;
 * - at output.level = shares the step skips the probabilities of nations
 *   that keep their option: the dynamics are identical to level full, prob
 *   is NULL, and an event rebuilds the probabilities of the last step (or
 *   of init) exactly, so that a swing strategy switched on by the event
 *   reads what it would have read; also from GS_MDL_PF_MIN nations on,
 *   where the sparse passes prefetch, and from GS_MDL_PK_MIN on, where
 *   the gathers read packed states (also after staged steps, which leave
 *   the packed copies stale).  The shares-level step runs chunk by chunk
 *   (model.c, step_chunked) while the full-level one runs stage by stage,
 *   so this also checks that the two orders give the same states, leave
 *   the stream at the same place, and keep the option and track counts
 *   (updated by each step's changes) equal to tallies of the states. */
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
    uint8_t *s = malloc((size_t)w->n), *pk = malloc(GS_MDL_PK_BYTES(w->n));
    uint64_t pku[4 * 256];
    assert_true(s && pk);
    gs_mdl_pk_unit_init(pku);
    for (int ns = 3; ns <= 4; ns++) {
        for (int32_t i = 0; i < w->n; i++)
            s[i] = (uint8_t)((i * 7 + i / 3) % ns);
        gs_mdl_pack(s, 0, w->n, pk);
        for (int32_t i = 0; i < w->n; i++) {
            double want[4] = {0, 0, 0, 0}, got[4] = {-1, -1, -1, -1};
            for (int64_t k = L->rowptr[i]; k < L->rowptr[i + 1]; k++)
                want[s[L->col[k]]] += L->w[k];
            gs_mdl_gather(L, &lay, i, s, ns, got);
            for (int k = 0; k < ns; k++)
                if (got[k] != want[k])
                    fail_msg("kind %d node %d state %d: %.17g != %.17g", kind, (int)i, k, got[k],
                             want[k]);
            gs_mdl_gather_pk(L, &lay, i, pk, pku, ns, got);
            for (int k = 0; k < ns; k++)
                if (got[k] != want[k])
                    fail_msg("packed, kind %d node %d state %d: %.17g != %.17g", kind, (int)i, k,
                             got[k], want[k]);
        }
    }
    free(s);
    free(pk);
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

/* gs_mdl_pack over whole and partial quads, in one pass or range by range
 * (as the chunked step packs chunk by chunk), read back by gs_mdl_pk_get. */
static void test_pack(void **state)
{
    (void)state;
    for (int32_t n = 0; n <= 70; n++) {
        uint8_t s[70], pk[18], pr[18];
        for (int32_t i = 0; i < n; i++)
            s[i] = (uint8_t)((i * 5 + i / 7) % 4);
        memset(pk, 0xff, sizeof pk);
        gs_mdl_pack(s, 0, n, pk);
        for (int32_t i = 0; i < n; i++)
            assert_int_equal(gs_mdl_pk_get(pk, i), s[i]);
        if (n % 4) assert_int_equal(pk[n / 4] >> (2 * (n % 4)), 0); /* zeros past n */
        memset(pr, 0xff, sizeof pr);
        for (int32_t i0 = 0; i0 < n; i0 += 8)
            gs_mdl_pack(s, i0, n - i0 > 8 ? i0 + 8 : n, pr);
        assert_memory_equal(pr, pk, GS_MDL_PK_BYTES(n));
    }
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

/* The bulk paths compute their blocks with the rounds written out (rng.c,
 * philox_run): the same words as Random123's philox4x64 (the sequential
 * draws) on streams whose key and counter words are all set, small and
 * large. */
static void test_uniform_at_streams(void **state)
{
    (void)state;
    static const uint64_t seed[] = {0, 1, 0x9e3779b97f4a7c15ULL, UINT64_MAX};
    static const uint64_t point[] = {0, 3, 0x8000000000000007ULL, UINT64_MAX};
    static const uint64_t rep[] = {0, 17, 123456789, UINT64_MAX - 1};
    gs_err e = {0};
    for (int t = 0; t < 4; t++)
        for (uint32_t purpose = 1; purpose <= 5; purpose += 4) {
            gsl_rng *a = gs_rng_alloc(seed[t], purpose, point[(t + 1) % 4], rep[(t + 2) % 4], &e),
                    *b = gs_rng_alloc(seed[t], purpose, point[(t + 1) % 4], rep[(t + 2) % 4], &e);
            assert_true(a && b);
            double seq[203], at[203];
            for (int k = 0; k < 203; k++)
                seq[k] = gsl_rng_uniform(a);
            for (uint64_t pos = 0; pos < 8; pos++) {
                gs_rng_uniform_at(b, pos, at, 203 - (size_t)pos);
                assert_memory_equal(at, seq + pos, (203 - pos) * sizeof(double));
            }
            gsl_rng_free(a);
            gsl_rng_free(b);
        }
}

/* gs_rng_pairs_below against the pairs of gs_rng_uniform_at, for every
 * position of the stream in a block (pairs within blocks' halves, or
 * straddling two blocks), lengths around whole blocks, and thresholds
 * below, at and above the draws (p equal to a draw: that draw is not
 * below it). */
static void test_pairs_below(void **state)
{
    (void)state;
    gs_err e = {0};
    gsl_rng *r = gs_rng_alloc(21, GS_RNG_DYNAMICS, 4, 2, &e);
    assert_non_null(r);
    enum { NP = 300 };
    double all[2 * NP + 16], u1[NP], u2[NP];
    int32_t idx[NP];
    gs_rng_uniform_at(r, 0, all, 2 * NP + 16);
    const double p[] = {0.0, -1.0, NAN, 1e-300, 0.12, all[3], all[40], 0.5, 0.999, 1.0, 2.0};
    static const size_t np[] = {0, 1, 2, 3, 4, 5, 7, 64, NP};
    for (uint64_t pos = 0; pos < 12; pos++)
        for (size_t a = 0; a < sizeof np / sizeof np[0]; a++)
            for (size_t b = 0; b < sizeof p / sizeof p[0]; b++) {
                size_t m = gs_rng_pairs_below(r, pos, np[a], p[b], 1000, idx, u1, u2), j = 0;
                for (size_t k = 0; k < np[a]; k++) {
                    double x = all[pos + 2 * k], y = all[pos + 2 * k + 1];
                    if (!(x < p[b])) continue;
                    if (j >= m || idx[j] != 1000 + (int32_t)k || u1[j] != x || u2[j] != y)
                        fail_msg("pos %d, %d pairs, p %g: pair %d missing or wrong", (int)pos,
                                 (int)np[a], p[b], (int)k);
                    j++;
                }
                assert_int_equal(m, j);
            }
    assert_true(gs_rng_tell(r) == 0); /* not moved */
    gsl_rng_free(r);
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

static gs_mevent strategy_event(const char *strategy)
{
    gs_mevent ev = {0};
    ev.param = gs_param_find("us.strategy");
    assert_true(ev.param >= 0);
    ev.attr = -1;
    ev.op = GS_EV_SET;
    ev.text = strategy;
    return ev;
}

/* count and tcount (kept up by each step's changes) against tallies. */
static void check_counts(const gs_model *m)
{
    int64_t c[4];
    gs_mdl_tally(m->align, m->n, c);
    for (int o = 0; o < GS_NOPT; o++)
        assert_int_equal(m->count[o], c[o]);
    gs_mdl_tally(m->track, m->n, c);
    for (int k = 0; k < GS_NTRACK; k++)
        assert_int_equal(m->tcount[k], c[k]);
}

/* Runs a full-level and a shares-level model on one stream; the swing
 * event comes before step `at` (0: before the first step), and when `back`
 * is past it, an event before step `back` sets the allies strategy again
 * (the shares-level steps run chunked again from there). */
static void lazy_run(int at, int back, int32_t n)
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
    gs_mevent ev = strategy_event("swing"), ev_back = strategy_event("allies");
    int64_t skipped = 0;
    for (int step = 0; step < 12; step++) {
        if (step == back && back > at) {
            double o, v;
            assert_int_equal(gs_model_event(mf, w, &ev_back, &o, &v, &e), GS_OK);
            assert_int_equal(gs_model_event(ms, w, &ev_back, &o, &v, &e), GS_OK);
        }
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
        check_counts(mf);
        check_counts(ms);
    }
    /* lazy until swing is on, full after, lazy again once it is off */
    assert_int_equal(skipped, at + (back > at ? 12 - back : 0));
    gs_model_free(mf);
    gs_model_free(ms);
    gsl_rng_free(rf);
    gsl_rng_free(rs);
    fx_free(w);
}

static void test_lazy_probs_after_init(void **state)
{
    (void)state;
    lazy_run(0, 0, 400);
}

static void test_lazy_probs_after_steps(void **state)
{
    (void)state;
    lazy_run(5, 8, 400);
}

/* From GS_MDL_PF_MIN nations on, the sparse passes list the revisers and
 * prefetch their rows: the dynamics stay those of the dense full-level
 * pass (the gravity-weighted ring and border layers included). */
static void test_lazy_large_world(void **state)
{
    (void)state;
    lazy_run(7, 0, GS_MDL_PF_MIN + 1000);
}

/* From GS_MDL_PK_MIN nations on, the chunked step's gathers read packed
 * states: built at its first step, kept chunk by chunk, stale after the
 * staged steps between the two events and rebuilt after them. */
static void test_lazy_packed_world(void **state)
{
    (void)state;
    lazy_run(3, 6, GS_MDL_PK_MIN + 1001);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gather_exact),
        cmocka_unit_test(test_gather_long_rows),
        cmocka_unit_test(test_pack),
        cmocka_unit_test(test_tally),
        cmocka_unit_test(test_uniform_fill),
        cmocka_unit_test(test_seek),
        cmocka_unit_test(test_uniform_at_streams),
        cmocka_unit_test(test_pairs_below),
        cmocka_unit_test(test_lazy_probs_after_init),
        cmocka_unit_test(test_lazy_probs_after_steps),
        cmocka_unit_test(test_lazy_large_world),
        cmocka_unit_test(test_lazy_packed_world),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
