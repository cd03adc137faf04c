/* test_model_landscape.c - the alignment rule `landscape` (models/README.md,
 * "Rule landscape") against an oracle written here from the documented
 * formula: sizes are GDP shares, p_ij = w_alliance A_ij + w_trade T_ij -
 * w_regime |libdem_i - libdem_j|, and a revising nation joins camp us with
 * probability 1 / (1 + exp(2 lambda (h_cn - h_us))), h_c = sum over camp c
 * of s_j p_ij.  Also: hedgers leave hedge at their first revision, poles stay,
 * the draw frequencies, events move the landscape, and every input error. */
#include "gs_test.h"

#include <stdlib.h>
#include <string.h>

#include "../../models/model.h"
#include "../../sim/rng.h"
#include "world_fixture.h"

/* Six nations: USA pole 0, CHN pole 1, four free nations with different
 * GDPs, regimes, memberships and trade ties. */
static gs_world *six(void)
{
    gs_world *w = fx_world(6);
    fx_poles(w, 0, 1);
    double gdp[6] = {25, 18, 4, 2, 1, 0.5}, lib[6] = {0.8, 0.1, 0.7, 0.2, 0.5, 0.9};
    for (int i = 0; i < 6; i++) {
        w->attr[GS_A_GDP][i] = gdp[i] * 1e12;
        w->attr[GS_A_LIBDEM][i] = lib[i];
    }
    w->attr[GS_A_NATO][0] = w->attr[GS_A_NATO][2] = 1;
    w->attr[GS_A_US_TREATY][0] = w->attr[GS_A_US_TREATY][5] = 1;
    w->attr[GS_A_SCO][1] = w->attr[GS_A_SCO][3] = 1;
    w->attr[GS_A_BRICS][1] = w->attr[GS_A_BRICS][3] = w->attr[GS_A_BRICS][4] = 1;
    int32_t s[] = {0, 0, 1, 1, 2, 3, 4}, d[] = {2, 4, 3, 4, 5, 4, 5};
    double wt[] = {3, 1, 2, 2.5, 0.5, 1, 1.5};
    fx_layer(w, GS_L_TRADE, 7, s, d, wt);
    return w;
}

/* Oracle: P(camp us) of nation i given the others' options a. */
static double oracle_pus(const gs_world *w, const gs_params *p, const uint8_t *a, int i)
{
    static const int groups[] = {GS_A_NATO, GS_A_RIO, GS_A_US_TREATY, GS_A_SCO, GS_A_BRICS};
    const gs_csr *T = &w->layer[GS_L_TRADE];
    double tot = 0, h[3] = {0, 0, 0};
    for (int j = 0; j < w->n; j++)
        tot += w->attr[GS_A_GDP][j];
    for (int j = 0; j < w->n; j++) {
        if (j == i) continue;
        int shared = 0;
        for (int g = 0; g < 5; g++)
            shared += w->attr[groups[g]][i] > 0.5 && w->attr[groups[g]][j] > 0.5;
        double wij = 0;
        for (int64_t k = T->rowptr[i]; k < T->rowptr[i + 1]; k++)
            if (T->col[k] == j) wij += T->w[k];
        double t = wij > 0 ? wij / sqrt(T->wsum[i] * T->wsum[j]) : 0;
        double pij = p->land_w_alliance * shared + p->land_w_trade * t -
                     p->land_w_regime * fabs(w->attr[GS_A_LIBDEM][i] - w->attr[GS_A_LIBDEM][j]);
        h[a[j]] += w->attr[GS_A_GDP][j] / tot * pij;
    }
    return 1 / (1 + exp(2 * p->lambda * (h[GS_CN] - h[GS_US])));
}

static void params(gs_params *p)
{
    gs_params_defaults(p);
    p->align_rule = GS_ALIGN_LANDSCAPE;
    p->dt = 1;
    p->align_rate = 100; /* rho = 1 */
    p->std_rate = 0;
    p->land_w_alliance = 1;
    p->land_w_trade = 2;
    p->land_w_regime = 1.5;
    p->lambda = 3;
}

/* prob equals the oracle for every state reached, sync and async; hedge
 * has probability 0; poles are degenerate and never move. */
static void closed_form(void **state)
{
    (void)state;
    gs_world *w = six();
    gs_params p;
    params(&p);
    for (int mode = 0; mode < 2; mode++) {
        p.align_update = mode ? GS_UPDATE_ASYNC : GS_UPDATE_SYNC;
        p.align_init = GS_INIT_RANDOM;
        gsl_rng *r;
        gs_model *m = gs_test_model_start(w, &p, 11, (uint64_t)mode, &r);
        uint8_t prev[6];
        memcpy(prev, gs_model_alignment(m), 6);
        for (int step = 0; step < 30; step++) {
            const uint8_t *a = gs_model_alignment(m);
            const float *pr = gs_model_prob(m);
            assert_int_equal(a[0], GS_US);
            assert_int_equal(a[1], GS_CN);
            assert_near(pr[3 * 0 + GS_US], 1, 0);
            assert_near(pr[3 * 1 + GS_CN], 1, 0);
            /* sync: prob is the law each nation drew from, i.e. of the
             * state before the last step (at init: the initial state) */
            if (mode == 0)
                for (int i = 2; i < 6; i++) {
                    assert_near(pr[3 * i + GS_HEDGE], 0, 0);
                    assert_near(pr[3 * i + GS_US], oracle_pus(w, &p, prev, i), 1e-6);
                    assert_near(pr[3 * i + GS_US] + pr[3 * i + GS_CN], 1, 1e-6);
                }
            memcpy(prev, a, 6);
            gs_model_step(m, w, r);
            a = gs_model_alignment(m);
            for (int i = 2; i < 6; i++)
                assert_int_not_equal(a[i], GS_HEDGE);
        }
        gs_model_free(m);
        gsl_rng_free(r);
    }
    fx_free(w);
}

/* Hedgers choose a camp at their first revision, with the same logit. */
static void hedgers_join(void **state)
{
    (void)state;
    gs_world *w = six();
    gs_params p;
    params(&p);
    p.align_init = GS_INIT_HEDGE;
    const int R = 20000;
    long us[6] = {0};
    uint8_t start_state[6] = {GS_US, GS_CN, GS_HEDGE, GS_HEDGE, GS_HEDGE, GS_HEDGE};
    double want[6];
    for (int i = 2; i < 6; i++)
        want[i] = oracle_pus(w, &p, start_state, i);
    for (int rep = 0; rep < R; rep++) {
        gsl_rng *r;
        gs_model *m = gs_test_model_start(w, &p, 11, 100 + (uint64_t)rep, &r);
        const uint8_t *a = gs_model_alignment(m);
        for (int i = 2; i < 6; i++)
            assert_int_equal(a[i], GS_HEDGE);
        gs_model_step(m, w, r);
        a = gs_model_alignment(m);
        for (int i = 2; i < 6; i++) {
            assert_int_not_equal(a[i], GS_HEDGE);
            us[i] += a[i] == GS_US;
        }
        gs_model_free(m);
        gsl_rng_free(r);
    }
    /* Against only the poles' fields: 4 binomial sd. */
    for (int i = 2; i < 6; i++)
        assert_near((double)us[i] / R, want[i], 4 * sqrt(want[i] * (1 - want[i]) / R) + 1e-12);
    /* The oracle is not trivial: nation 2 (NATO, liberal, trades with the
     * USA) leans us, nation 3 (SCO, BRICS, illiberal) leans cn. */
    assert_true(want[2] > 0.6);
    assert_true(want[3] < 0.4);
    fx_free(w);
}

/* Low temperature: the dynamics end in a local minimum of the landscape and
 * stay there (no single switch lowers E: every nation's camp has the larger
 * field). */
static void cold_ends_in_minimum(void **state)
{
    (void)state;
    gs_world *w = six();
    gs_params p;
    params(&p);
    p.lambda = 50;
    p.align_init = GS_INIT_RANDOM;
    p.align_update = GS_UPDATE_ASYNC;
    gsl_rng *r;
    gs_model *m = gs_test_model_start(w, &p, 11, 7, &r);
    for (int k = 0; k < 50; k++)
        gs_model_step(m, w, r);
    const uint8_t *a = gs_model_alignment(m);
    for (int i = 2; i < 6; i++) {
        double pus = oracle_pus(w, &p, a, i);
        assert_true(a[i] == GS_US ? pus > 0.5 : pus < 0.5);
    }
    gs_model_free(m);
    gsl_rng_free(r);
    fx_free(w);
}

/* An attribute event (nation 4 joins NATO) rebuilds the matrix. */
static void event_moves_landscape(void **state)
{
    (void)state;
    gs_world *w = six();
    gs_params p;
    params(&p);
    p.align_rate = 0; /* nobody moves: compare laws on one state */
    p.align_init = GS_INIT_RANDOM;
    gsl_rng *r;
    gs_model *m = gs_test_model_start(w, &p, 11, 3, &r);
    double before = gs_model_prob(m)[3 * 4 + GS_US];
    uint8_t mask[6] = {0, 0, 0, 0, 1, 0};
    gs_mevent ev = {0};
    ev.param = -1;
    ev.attr = GS_A_NATO;
    ev.op = 0; /* set */
    ev.value = 1;
    ev.mask = mask;
    gs_err e = {0};
    double o, nv;
    assert_int_equal(gs_model_event(m, w, &ev, &o, &nv, &e), GS_OK);
    gs_model_step(m, w, r);
    const uint8_t *a = gs_model_alignment(m);
    double after = gs_model_prob(m)[3 * 4 + GS_US];
    assert_true(after > before);
    w->attr[GS_A_NATO][4] = 1; /* the oracle reads the world */
    assert_near(after, oracle_pus(w, &p, a, 4), 1e-6);
    gs_model_free(m);
    gsl_rng_free(r);
    fx_free(w);
}

static void input_errors(void **state)
{
    (void)state;
    gs_params p;
    params(&p);
    gs_err e = {0};
    gsl_rng *r = gs_rng_alloc(1, GS_RNG_DYNAMICS, 0, 0, &e);
    /* N > 5000: refused at init and for an event. */
    gs_world *big = fx_world(5001);
    gs_model *m = gs_model_alloc(big, &e);
    assert_non_null(m);
    assert_int_equal(gs_model_init(m, big, &p, r, &e), GS_EINPUT);
    assert_non_null(strstr(e.msg, "alignment.rule = landscape needs N <= 5000"));
    gs_params q;
    gs_params_defaults(&q);
    q.std_rate = 0;
    gs_err_clear(&e);
    assert_int_equal(gs_model_init(m, big, &q, r, &e), GS_OK);
    gs_mevent ev = {0};
    ev.param = gs_param_find("alignment.rule");
    ev.op = 0;
    ev.text = "landscape";
    double o, nv;
    assert_int_equal(gs_model_event(m, big, &ev, &o, &nv, &e), GS_EINPUT);
    assert_non_null(strstr(e.msg, "N <= 5000"));
    assert_int_equal(gs_model_params(m)->align_rule, GS_ALIGN_LOGIT);
    gs_model_free(m);
    fx_free(big);
    /* A nation without libdem or with no GDP. */
    gs_world *w = six();
    m = gs_model_alloc(w, &e);
    w->attr[GS_A_LIBDEM][3] = NAN;
    gs_err_clear(&e);
    assert_int_equal(gs_model_init(m, w, &p, r, &e), GS_EINPUT);
    assert_non_null(strstr(e.msg, "N3 has no libdem"));
    w->attr[GS_A_LIBDEM][3] = 0.2;
    w->attr[GS_A_GDP][5] = -1;
    gs_err_clear(&e);
    assert_int_equal(gs_model_init(m, w, &p, r, &e), GS_EINPUT);
    assert_non_null(strstr(e.msg, "N5 has gdp_usd = -1"));
    /* An event that leaves a nation without GDP fails; the model then keeps
     * every option as it is instead of reading a missing matrix. */
    w->attr[GS_A_GDP][5] = 5e11;
    gs_err_clear(&e);
    assert_int_equal(gs_model_init(m, w, &p, r, &e), GS_OK);
    uint8_t mask[6] = {0, 0, 1, 0, 0, 0};
    gs_mevent ae = {0};
    ae.param = -1;
    ae.attr = GS_A_GDP;
    ae.op = 0;
    ae.value = 0;
    ae.mask = mask;
    assert_int_equal(gs_model_event(m, w, &ae, &o, &nv, &e), GS_EINPUT);
    assert_non_null(strstr(e.msg, "N2 has gdp_usd = 0"));
    uint8_t before[6];
    memcpy(before, gs_model_alignment(m), 6);
    gs_model_step(m, w, r);
    assert_memory_equal(gs_model_alignment(m), before, 6);
    gs_model_free(m);
    gsl_rng_free(r);
    fx_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(closed_form),          cmocka_unit_test(hedgers_join),
        cmocka_unit_test(cold_ends_in_minimum), cmocka_unit_test(event_moves_landscape),
        cmocka_unit_test(input_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
