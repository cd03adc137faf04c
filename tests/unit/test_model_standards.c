/* test_model_standards.c - standards tracks and the voter rule against
 * oracles: interoperability by hand, the track logit's closed form, Bass
 * adoption on the implicit complete graph (q = 0: 1 - e^{-pT}; q > 0: the
 * mean-field recursion), threshold adoption with shares exactly equal to phi,
 * the voter rule's copy probabilities, and the logit's unrolled
 * compatibility sums against the loop that defines them. */
#include "gs_test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../models/model.h"
#include "../../models/model_impl.h"
#include "../../sim/rng.h"
#include "world_fixture.h"

static void interop(void **state)
{
    (void)state;
    gs_world *w = fx_world(4);
    int32_t s[] = {0, 1, 2}, d[] = {1, 2, 3};
    double wt[] = {2, 1, 3};
    fx_layer(w, GS_L_TRADE, 3, s, d, wt);
    uint8_t t[] = {GS_T_USLED, GS_T_DUAL, GS_T_MULTI, GS_T_NONE};
    assert_near(gs_interop(&w->layer[GS_L_TRADE], t, 4), 3.0 / 6.0, 1e-15);
    /* Complete graph: of the 6 pairs only (us_led, dual), (multi, dual). */
    assert_near(gs_interop(NULL, t, 4), 2.0 / 6.0, 1e-15);
    assert_near(gs_interop(&w->layer[GS_L_BORDER], t, 4), 2.0 / 6.0, 1e-15);
    uint8_t same[] = {GS_T_MULTI, GS_T_MULTI, GS_T_MULTI, GS_T_MULTI};
    assert_near(gs_interop(&w->layer[GS_L_TRADE], same, 4), 1, 0);
    assert_near(gs_interop(NULL, same, 4), 1, 0);
    uint8_t none[] = {0, 0, 0, 0};
    assert_near(gs_interop(NULL, none, 4), 0, 0);
    assert_true(isnan(gs_interop(NULL, t, 1)));
    assert_true(isnan(gs_interop(NULL, NULL, 4)));
    fx_free(w);
}

/* USA pole (0, us_led), nation 1 tied only to it and aligned us, CHN (2)
 * isolated.  Alignment frozen (rate 0), tracks revised every step. */
static void track_logit_closed_form(void **state)
{
    (void)state;
    gs_world *w = fx_world(3);
    fx_poles(w, 0, 2);
    int32_t s[] = {0}, d[] = {1};
    fx_layer(w, GS_L_TRADE, 1, s, d, NULL);
    w->init_align[1] = GS_US;
    w->init_track[1] = GS_T_NONE;
    gs_params p;
    gs_params_defaults(&p);
    p.align_rate = 0;
    p.std_rate = 100;
    p.std_delta = 0; /* no inertia: independent draws */
    p.std_theta = 1.5;
    p.std_pull = 0.5;
    p.std_voice = 1;
    p.std_lambda = 1.3;
    gsl_rng *r;
    gs_model *m = gs_test_model_start(w, &p, 4, 0, &r);
    double vu = p.pole[GS_US].feat[GS_F_STANDARDS_VOICE];
    double vc = p.pole[GS_CN].feat[GS_F_STANDARDS_VOICE];
    double v[4] = {0, vc - p.std_cost, p.std_theta + p.std_pull + vu - p.std_cost,
                   p.std_theta + vu + vc - p.std_cost_dual};
    double P[4], sum = 0;
    for (int k = 0; k < 4; k++) sum += (P[k] = exp(p.std_lambda * v[k]));
    const int T = 20000;
    long cnt[4] = {0};
    for (int t = 0; t < T; t++) {
        gs_model_step(m, w, r);
        cnt[gs_model_track(m)[1]]++;
        assert_int_equal(gs_model_track(m)[0], GS_T_USLED); /* poles keep their track */
        assert_int_equal(gs_model_track(m)[2], GS_T_MULTI);
    }
    for (int k = 0; k < 4; k++) {
        P[k] /= sum;
        assert_near((double)cnt[k] / T, P[k], 4 * sqrt(P[k] * (1 - P[k]) / T));
    }
    gs_model_free(m);
    gsl_rng_free(r);
    fx_free(w);
}

static void bass_complete(void **state)
{
    (void)state;
    const int32_t n = 20000;
    for (int withq = 0; withq <= 1; withq++) {
        gs_world *w = fx_world(n);
        w->implicit_complete = 1;
        gs_params p;
        gs_params_defaults(&p);
        p.std_rule = GS_STD_BASS;
        p.align_init = GS_INIT_HEDGE;
        p.align_rate = 0;
        p.bass_p = 0.3;
        p.bass_q = withq ? 1.5 : 0;
        gsl_rng *r;
        gs_model *m = gs_test_model_start(w, &p, 8 + withq, 0, &r);
        double F = 0;
        for (int s = 0; s < 8; s++) {
            F += (1 - F) * -expm1(-(p.bass_p + p.bass_q * F) * p.dt);
            gs_model_step(m, w, r);
        }
        long adopted = 0;
        for (int32_t i = 0; i < n; i++) {
            int t = gs_model_track(m)[i];
            if (t != GS_T_NONE) {
                adopted++;
                assert_int_equal(t, GS_T_DUAL); /* hedgers take both tracks */
            }
        }
        double got = (double)adopted / n;
        if (!withq) assert_near(F, 1 - exp(-0.3 * 2), 1e-12);
        assert_near(got, F, withq ? 0.01 : 4 * sqrt(F * (1 - F) / n));
        gs_model_free(m);
        gsl_rng_free(r);
        fx_free(w);
    }
}

/* Star: centre 0 and leaves 1..10, leaf 1 adopted; the centre's adopted
 * share is exactly 1/10. */
static int star_adopts(double phi, const double *wt)
{
    gs_world *w = fx_world(12); /* node 11 isolated */
    int32_t s[10], d[10];
    for (int k = 0; k < 10; k++) {
        s[k] = 0;
        d[k] = k + 1;
    }
    fx_layer(w, GS_L_TRADE, 10, s, d, wt);
    for (int32_t i = 0; i < 12; i++) w->init_track[i] = GS_T_NONE;
    w->init_track[1] = GS_T_MULTI;
    gs_params p;
    gs_params_defaults(&p);
    p.std_rule = GS_STD_THRESHOLD;
    p.std_phi = phi;
    p.std_rate = 100;
    p.align_rate = 0;
    p.align_init = GS_INIT_HEDGE;
    gsl_rng *r;
    gs_model *m = gs_test_model_start(w, &p, 5, 0, &r);
    gs_model_step(m, w, r);
    int got = gs_model_track(m)[0] != GS_T_NONE;
    if (got) assert_int_equal(gs_model_track(m)[0], GS_T_DUAL);
    for (int s2 = 0; s2 < 5; s2++) gs_model_step(m, w, r);
    assert_int_equal(gs_model_track(m)[11], GS_T_NONE); /* isolated: never */
    assert_int_equal(gs_model_track(m)[1], GS_T_MULTI);  /* adoption is absorbing */
    gs_model_free(m);
    gsl_rng_free(r);
    fx_free(w);
    return got;
}

static void threshold_exact(void **state)
{
    (void)state;
    /* 0.1 as a double is a little above 1/10: equality must still count. */
    assert_true(star_adopts(0.1, NULL));
    assert_false(star_adopts(0.1000001, NULL));
    assert_true(star_adopts(0.09, NULL));
    double wt[10] = {3, 3, 3, 3, 3, 3, 3, 3, 3, 3};
    assert_true(star_adopts(0.1, wt));
    wt[0] = 0.25; /* non-integral (exact in float): 0.25 / 27.25 */
    assert_true(star_adopts(0.25 / 27.25, wt));
    assert_false(star_adopts(0.25 / 27.25 * (1 + 1e-9), wt));
    /* Per-nation thresholds stay in [0,1]. */
    gs_world *w = fx_world(500);
    gs_params p;
    gs_params_defaults(&p);
    p.std_phi_sd = 1;
    gsl_rng *r;
    gs_model *m = gs_test_model_start(w, &p, 6, 0, &r);
    int lo = 0, hi = 0;
    for (int32_t i = 0; i < 500; i++) {
        double f = gs_mdl_phi(m, i);
        assert_true(f >= 0 && f <= 1);
        lo += f == 0;
        hi += f == 1;
    }
    assert_true(lo > 0 && hi > 0);
    gs_model_free(m);
    gsl_rng_free(r);
    fx_free(w);
}

static void voter(void **state)
{
    (void)state;
    /* 0 USA, 1 CHN; nation 2 tied to USA (weight 3) and CHN (1); nation 3
     * tied to USA only; nation 4 isolated. */
    gs_world *w = fx_world(5);
    fx_poles(w, 0, 1);
    int32_t s[] = {2, 2, 3}, d[] = {0, 1, 0};
    double wt[] = {3, 1, 1};
    fx_layer(w, GS_L_TRADE, 3, s, d, wt);
    gs_params p;
    gs_params_defaults(&p);
    p.align_rule = GS_ALIGN_VOTER;
    p.align_init = GS_INIT_HEDGE;
    p.align_rate = 100;
    gsl_rng *r;
    gs_model *m = gs_test_model_start(w, &p, 12, 0, &r);
    const float *pr = gs_model_prob(m);
    assert_near(pr[3 * 2 + GS_US], 0.75, 1e-7);
    assert_near(pr[3 * 2 + GS_CN], 0.25, 1e-7);
    assert_near(pr[3 * 4 + GS_HEDGE], 1, 0);
    const int T = 8000;
    long us = 0;
    for (int t = 0; t < T; t++) {
        gs_model_step(m, w, r);
        us += gs_model_alignment(m)[2] == GS_US;
        assert_int_equal(gs_model_alignment(m)[3], GS_US);
        assert_int_equal(gs_model_alignment(m)[4], GS_HEDGE);
    }
    assert_near((double)us / T, 0.75, 4 * sqrt(0.75 * 0.25 / T));
    /* voter_layer = all adds the border layer's edges to the draw. */
    int32_t bs[] = {2}, bd[] = {1};
    fx_layer(w, GS_L_BORDER, 1, bs, bd, NULL);
    p.voter_layer = GS_LAYERSEL_ALL;
    gs_err e = {0};
    assert_int_equal(gs_model_init(m, w, &p, r, &e), GS_OK);
    assert_near(gs_model_prob(m)[3 * 2 + GS_US], 0.6, 1e-7);
    gs_model_free(m);
    gsl_rng_free(r);
    fx_free(w);

    /* Complete graph: the copy law is the share of the other nations. */
    w = fx_world(10);
    w->implicit_complete = 1;
    for (int32_t i = 0; i < 10; i++) w->init_align[i] = i < 3 ? GS_US : i < 7 ? GS_CN : GS_HEDGE;
    m = gs_test_model_start(w, &p, 13, 0, &r);
    pr = gs_model_prob(m);
    assert_near(pr[GS_US], 2.0 / 9, 1e-7);
    assert_near(pr[GS_CN], 4.0 / 9, 1e-7);
    assert_near(pr[3 * 9 + GS_HEDGE], 2.0 / 9, 1e-7);
    gs_model_free(m);
    gsl_rng_free(r);
    fx_free(w);
}

/* gs_mdl_compat against the loop over every pair of tracks, bit for bit,
 * on weights that round differently in other orders. */
static void compat_sums(void **state)
{
    (void)state;
    gs_err e = {0};
    gsl_rng *r = gs_rng_alloc(3, GS_RNG_DESIGN, 0, 0, &e);
    assert_non_null(r);
    for (int t = 0; t < 10000; t++) {
        double c[GS_NTRACK], got[GS_NTRACK];
        for (int k = 0; k < GS_NTRACK; k++) /* zeros, tiny and huge weights */
            c[k] = t % 7 == k ? 0.0 : gsl_rng_uniform(r) * pow(10.0, (double)(t % 41) - 20);
        gs_mdl_compat(c, got);
        for (int k = 0; k < GS_NTRACK; k++) {
            double want = 0;
            for (int j = 0; j < GS_NTRACK; j++)
                if ((k & j) != 0) want += c[j];
            if (memcmp(&want, &got[k], sizeof want))
                fail_msg("case %d track %d: %.17g != %.17g", t, k, got[k], want);
        }
    }
    gsl_rng_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(interop),       cmocka_unit_test(track_logit_closed_form),
        cmocka_unit_test(bass_complete), cmocka_unit_test(threshold_exact),
        cmocka_unit_test(voter),         cmocka_unit_test(compat_sums),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
