/* test_model.c - the governance model against oracles written here: softmax
 * extremes, the closed-form multinomial logit (probabilities exactly, choice
 * frequencies within a binomial tolerance), the initial-alignment rule,
 * capacity stocks (closed form after one and two steps), invariants (poles
 * fixed, stocks >= 0, probabilities sum to 1, counts consistent under sync
 * and async), events, and every bad-input path of init and events. */
#include "gs_test.h"

#include <stdlib.h>
#include <string.h>

#include "../../models/model.h"
#include "../../models/model_impl.h"
#include "../../sim/config.h"
#include "../../sim/rng.h"
#include "world_fixture.h"

static gsl_rng *rng(uint64_t seed, uint64_t rep)
{
    gs_err e = {0};
    gsl_rng *r = gs_rng_alloc(seed, GS_RNG_DYNAMICS, 0, rep, &e);
    assert_non_null(r);
    return r;
}

static gs_model *model_init(const gs_world *w, const gs_params *p, gsl_rng *r)
{
    gs_err e = {0};
    gs_model *m = gs_model_alloc(w, &e);
    assert_non_null(m);
    if (gs_model_init(m, w, p, r, &e) != GS_OK) fail_msg("init: %s", e.msg);
    return m;
}

/* Everything but attractiveness and pressure off. */
static void plain_params(gs_params *p)
{
    gs_params_defaults(p);
    for (int l = 0; l < GS_NLAYER; l++) p->gamma[l] = 0;
    for (int t = 0; t < GS_NTIE; t++) p->tau[t] = 0;
    p->delta = p->delta_hedge = 0;
    p->kappa = 0;
    p->eta = 0;
    p->pole[GS_US].budget = p->pole[GS_CN].budget = 0;
}

static void check_probs(const gs_model *m, double tol)
{
    const float *pr = gs_model_prob(m);
    for (int32_t i = 0; i < m->n; i++) {
        double s = 0;
        for (int o = 0; o < GS_NOPT; o++) {
            if (!isfinite(pr[3 * i + o]) || pr[3 * i + o] < 0 || pr[3 * i + o] > 1)
                fail_msg("prob[%d][%d] = %g", (int)i, o, (double)pr[3 * i + o]);
            s += pr[3 * i + o];
        }
        assert_near(s, 1.0, tol);
    }
}

static void softmax_extremes(void **state)
{
    (void)state;
    gs_world *w = fx_world(12);
    fx_poles(w, 0, 1);
    fx_ring(w, GS_L_TRADE);
    for (int32_t i = 2; i < 12; i += 2) w->attr[GS_A_NATO][i] = 1;
    gs_params p;
    gs_params_defaults(&p);
    p.lambda = 0;
    gsl_rng *r = rng(1, 0);
    gs_model *m = model_init(w, &p, r);
    for (int s = 0; s < 5; s++) {
        const float *pr = gs_model_prob(m);
        for (int32_t i = 2; i < 12; i++)
            for (int o = 0; o < GS_NOPT; o++) assert_near(pr[3 * i + o], 1.0 / 3.0, 1e-7);
        gs_model_step(m, w, r);
    }
    /* lambda = 50 with utilities in the hundreds: no overflow, a clear winner. */
    p.lambda = 50;
    p.tau[GS_TIE_TREATY] = 100;
    p.delta = 100;
    p.delta_hedge = -100;
    p.pole[GS_US].budget = p.pole[GS_CN].budget = 10;
    p.kappa = 100;
    gs_err e = {0};
    assert_int_equal(gs_model_init(m, w, &p, r, &e), GS_OK);
    for (int s = 0; s < 20; s++) {
        check_probs(m, 1e-6);
        gs_model_step(m, w, r);
    }
    const float *pr = gs_model_prob(m);
    for (int32_t i = 2; i < 12; i += 2) assert_near(pr[3 * i + GS_US], 1.0, 1e-6);
    gs_model_free(m);
    gsl_rng_free(r);
    fx_free(w);
}

/* The closed form, written from DESIGN.md §3 with only beta_compute on. */
static void oracle(const gs_params *p, const gs_world *w, int32_t i, double P[3])
{
    double need = 1 - w->attr[GS_A_INTERNET][i] / 100;
    int partner = w->attr[GS_A_NATO][i] > 0.5;
    double ec = p->pole[GS_US].export_controls;
    double g = partner ? 1 : p->pole[GS_US].nonpartner * (1 - ec);
    double a_us = p->pole[GS_US].feat[GS_F_COMPUTE] * g * need;
    double a_cn = p->pole[GS_CN].feat[GS_F_COMPUTE] * need;
    double p_cn = p->pi_ec * ec * w->attr[GS_A_CHIPDEP][i];
    double p_us = p->pi_lev * p->pole[GS_CN].leverage * w->attr[GS_A_TRADEDEP_CN][i];
    double u[3] = {p->omega * (a_us + a_cn - p_us - p_cn), a_us - p_us, a_cn - p_cn};
    double s = 0;
    for (int o = 0; o < 3; o++) s += (P[o] = exp(p->lambda * u[o]));
    for (int o = 0; o < 3; o++) P[o] /= s;
}

static void logit_closed_form(void **state)
{
    (void)state;
    const int32_t n = 6;
    gs_world *w = fx_world(n);
    double internet[] = {10, 30, 50, 70, 90, 20}, chip[] = {0, 0.5, 1, 0.2, 0.8, 0.4};
    for (int32_t i = 0; i < n; i++) {
        w->attr[GS_A_INTERNET][i] = internet[i];
        w->attr[GS_A_CHIPDEP][i] = chip[i];
        w->attr[GS_A_TRADEDEP_CN][i] = 0.1 * i;
    }
    w->attr[GS_A_NATO][0] = w->attr[GS_A_NATO][3] = 1;
    gs_params p;
    plain_params(&p);
    for (int k = 0; k < GS_NFEAT; k++) p.beta[k] = 0;
    p.beta[GS_F_COMPUTE] = 2; /* any positive weight: A divides by the sum */
    p.lambda = 4;
    p.align_rate = 100; /* rho = 1 - e^-25: each step an independent draw */
    gsl_rng *r = rng(7, 0);
    gs_model *m = model_init(w, &p, r);
    const int T = 20000;
    long cnt[6][3] = {{0}};
    for (int t = 0; t < T; t++) {
        gs_model_step(m, w, r);
        const float *pr = gs_model_prob(m);
        for (int32_t i = 0; i < n; i++) {
            double P[3];
            oracle(&p, w, i, P);
            if (t == 0)
                for (int o = 0; o < 3; o++) assert_near(pr[3 * i + o], P[o], 1e-6);
            cnt[i][gs_model_alignment(m)[i]]++;
        }
    }
    for (int32_t i = 0; i < n; i++) {
        double P[3];
        oracle(&p, w, i, P);
        for (int o = 0; o < 3; o++)
            assert_near((double)cnt[i][o] / T, P[o], 4 * sqrt(P[o] * (1 - P[o]) / T));
    }
    gs_model_free(m);
    gsl_rng_free(r);
    fx_free(w);
}

static void ties_rule(void **state)
{
    (void)state;
    enum { JPN, IND, RUS, BRA, IRN, PAK, TUR, IDN, ARG, XXX, USA, CHN, N };
    gs_world *w = fx_world(N);
    double **a = w->attr;
    a[GS_A_US_TREATY][JPN] = a[GS_A_MNNA][JPN] = 1;
    a[GS_A_SCO][IND] = a[GS_A_BRICS][IND] = a[GS_A_NAM][IND] = 1;
    a[GS_A_SCO][RUS] = a[GS_A_BRICS][RUS] = 1;
    a[GS_A_RIO][BRA] = a[GS_A_MNNA][BRA] = a[GS_A_BRICS][BRA] = 1;
    a[GS_A_SCO][IRN] = a[GS_A_BRICS][IRN] = a[GS_A_BRI][IRN] = a[GS_A_NAM][IRN] = 1;
    a[GS_A_SCO][PAK] = a[GS_A_BRI][PAK] = a[GS_A_MNNA][PAK] = a[GS_A_NAM][PAK] = 1;
    a[GS_A_NATO][TUR] = a[GS_A_BRI][TUR] = 1;
    a[GS_A_BRICS][IDN] = a[GS_A_BRI][IDN] = a[GS_A_NAM][IDN] = 1;
    a[GS_A_RIO][ARG] = a[GS_A_MNNA][ARG] = a[GS_A_BRI][ARG] = 1;
    a[GS_A_NATO][XXX] = 1;
    w->init_align[XXX] = GS_CN; /* override wins over the rule */
    w->init_align[CHN] = GS_US; /* but never over a pole's own option */
    fx_poles(w, USA, CHN);
    gs_params p;
    gs_params_defaults(&p);
    gsl_rng *r = rng(3, 0);
    gs_model *m = model_init(w, &p, r);
    const uint8_t want[N] = {GS_US, GS_HEDGE, GS_CN, GS_HEDGE, GS_CN,    GS_HEDGE,
                             GS_US, GS_HEDGE, GS_US, GS_CN,    GS_US,    GS_CN};
    const uint8_t wtrack[N] = {GS_T_USLED, GS_T_NONE,  GS_T_MULTI, GS_T_NONE,
                               GS_T_MULTI, GS_T_NONE,  GS_T_USLED, GS_T_NONE,
                               GS_T_USLED, GS_T_MULTI, GS_T_USLED, GS_T_MULTI};
    for (int i = 0; i < N; i++) {
        assert_int_equal(gs_model_alignment(m)[i], want[i]);
        assert_int_equal(gs_model_track(m)[i], wtrack[i]);
    }
    /* alignment.init = hedge and random. */
    w->init_align[XXX] = w->init_align[CHN] = -1;
    p.align_init = GS_INIT_HEDGE;
    gs_err e = {0};
    assert_int_equal(gs_model_init(m, w, &p, r, &e), GS_OK);
    for (int i = 0; i < USA; i++) assert_int_equal(gs_model_alignment(m)[i], GS_HEDGE);
    assert_int_equal(gs_model_alignment(m)[USA], GS_US);
    gs_model_free(m);
    fx_free(w);

    const int32_t big = 30000;
    w = fx_world(big);
    p.align_init = GS_INIT_RANDOM;
    m = model_init(w, &p, r);
    long c[3] = {0};
    for (int32_t i = 0; i < big; i++) c[gs_model_alignment(m)[i]]++;
    for (int o = 0; o < 3; o++)
        assert_near((double)c[o] / big, 1.0 / 3, 4 * sqrt(2.0 / 9 / big));
    gs_model_free(m);
    gsl_rng_free(r);
    fx_free(w);
}

static void stocks_closed_form(void **state)
{
    (void)state;
    const int32_t n = 5;
    gs_world *w = fx_world(n);
    fx_poles(w, 0, 1);
    double W = 0;
    for (int32_t i = 0; i < n; i++) {
        W += (w->attr[GS_A_GDP][i] = 1e11 * (i + 1));
        w->attr[GS_A_GDPPC][i] = 1000.0 * (1 + 3 * i); /* different capacity needs */
    }
    gs_params p;
    gs_params_defaults(&p);
    p.pole[GS_US].budget = 0.5;
    p.pole[GS_US].strategy = GS_STRAT_UNIFORM;
    p.pole[GS_US].decay = 0.3;
    p.pole[GS_CN].budget = 0.2;
    p.pole[GS_CN].strategy = GS_STRAT_NEED;
    gsl_rng *r = rng(5, 0);
    gs_model *m = model_init(w, &p, r);
    gs_model_step(m, w, r);
    const double *c = gs_model_stock(m);
    /* Uniform: the same % of GDP for the three recipients. */
    double recip = W - w->attr[GS_A_GDP][0] - w->attr[GS_A_GDP][1];
    double first[5];
    for (int32_t i = 2; i < n; i++) {
        first[i] = 100 * (0.5 / 100 * W * p.dt) / recip;
        assert_near(c[2 * i], first[i], 1e-12 * first[i]);
    }
    assert_near(c[0], 0, 0);
    assert_near(c[1], 0, 0);
    assert_near(c[2 * 0 + 1], 0, 0);
    /* need strategy: USD received proportional to capacity need x GDP. */
    double needsum = 0;
    for (int32_t i = 2; i < n; i++)
        needsum += gs_mdl_need(m, i, GS_F_CAPACITY) * w->attr[GS_A_GDP][i];
    for (int32_t i = 2; i < n; i++) {
        double got = c[2 * i + 1] / 100 * w->attr[GS_A_GDP][i];
        double want = 0.2 / 100 * W * p.dt * gs_mdl_need(m, i, GS_F_CAPACITY) *
                      w->attr[GS_A_GDP][i] / needsum;
        assert_true(want > 0);
        assert_near(got, want, 1e-9 * want);
    }
    gs_model_step(m, w, r);
    for (int32_t i = 2; i < n; i++) {
        double want = first[i] * exp(-0.3 * p.dt) + first[i];
        assert_near(c[2 * i], want, 1e-12 * want);
    }
    gs_model_free(m);
    gsl_rng_free(r);
    fx_free(w);
}

/* Poles fixed, stocks >= 0, probabilities valid, counts consistent, for
 * every strategy and both update modes, on an explicit and on the implicit
 * complete graph. */
static void invariants(void **state)
{
    (void)state;
    for (int complete = 0; complete <= 1; complete++)
        for (int mode = 0; mode <= 1; mode++)
            for (int strat = 0; strat <= GS_STRAT_NONE; strat++) {
                gs_world *w = fx_world(40);
                fx_poles(w, 3, 7);
                if (complete) {
                    w->implicit_complete = 1;
                } else {
                    fx_ring(w, GS_L_TRADE);
                    fx_ring(w, GS_L_BORDER);
                }
                for (int32_t i = 0; i < 40; i++) {
                    w->attr[GS_A_GDP][i] = 1e9 * (1 + i % 7);
                    w->attr[GS_A_CHIPDEP][i] = (i % 5) / 4.0;
                }
                gs_params p;
                gs_params_defaults(&p);
                p.align_update = mode;
                p.align_init = GS_INIT_RANDOM;
                p.pole[GS_US].strategy = strat;
                p.pole[GS_CN].strategy = (strat + 2) % (GS_STRAT_NONE + 1);
                p.pole[GS_US].budget = p.pole[GS_CN].budget = 2;
                p.align_rate = 3;
                gsl_rng *r = rng(11, (uint64_t)strat);
                gs_model *m = model_init(w, &p, r);
                int64_t sw = 0;
                for (int s = 0; s < 30; s++) {
                    uint8_t before[40];
                    memcpy(before, gs_model_alignment(m), 40);
                    gs_model_step(m, w, r);
                    const uint8_t *a = gs_model_alignment(m);
                    assert_int_equal(a[3], GS_US);
                    assert_int_equal(a[7], GS_CN);
                    assert_near(gs_model_prob(m)[3 * 3 + GS_US], 1, 0);
                    assert_near(gs_model_prob(m)[3 * 7 + GS_CN], 1, 0);
                    int64_t d = 0, cnt[3] = {0}, tc[4] = {0};
                    for (int32_t i = 0; i < 40; i++) {
                        d += a[i] != before[i];
                        cnt[a[i]]++;
                        tc[gs_model_track(m)[i]]++;
                        if (gs_model_stock(m)[2 * i] < 0 || gs_model_stock(m)[2 * i + 1] < 0)
                            fail_msg("negative stock at %d", (int)i);
                    }
                    assert_int_equal(d, gs_model_switches(m));
                    sw += d;
                    for (int o = 0; o < 3; o++) assert_int_equal(cnt[o], m->count[o]);
                    for (int k = 0; k < 4; k++) assert_int_equal(tc[k], m->tcount[k]);
                    check_probs(m, 1e-6);
                }
                assert_true(sw > 0); /* the dynamics moved at all */
                if (strat != GS_STRAT_NONE) {
                    double tot = 0;
                    for (int32_t i = 0; i < 80; i++) tot += gs_model_stock(m)[i];
                    assert_true(tot > 0);
                }
                gs_model_free(m);
                gsl_rng_free(r);
                fx_free(w);
            }
}

static void init_errors(void **state)
{
    (void)state;
    gs_world *w = fx_world(4), *w5 = fx_world(5);
    gs_params p;
    gs_params_defaults(&p);
    gsl_rng *r = rng(1, 0);
    gs_err e = {0};
    gs_model *m = gs_model_alloc(w, &e);
    assert_non_null(m);
    p.align_rule = GS_ALIGN_LANDSCAPE; /* landscape sizes need a positive GDP */
    w->attr[GS_A_GDP][3] = 0;
    assert_int_equal(gs_model_init(m, w, &p, r, &e), GS_EINPUT);
    assert_non_null(strstr(e.msg, "N3 has gdp_usd = 0"));
    w->attr[GS_A_GDP][3] = 1e11;
    gs_params_defaults(&p);
    gs_err_clear(&e);
    assert_int_equal(gs_model_init(m, w5, &p, r, &e), GS_EINPUT);
    assert_non_null(strstr(e.msg, "sized for 4"));
    gs_err_clear(&e);
    p.need_gdppc_hi = p.need_gdppc_lo;
    assert_int_equal(gs_model_init(m, w, &p, r, &e), GS_EINPUT);
    assert_non_null(strstr(e.msg, "needs.gdppc_hi"));
    gs_params_defaults(&p);
    gs_err_clear(&e);
    w->init_align[2] = 3;
    assert_int_equal(gs_model_init(m, w, &p, r, &e), GS_EINPUT);
    assert_non_null(strstr(e.msg, "N2"));
    w->init_align[2] = -1;
    w->init_track[1] = 4;
    gs_err_clear(&e);
    assert_int_equal(gs_model_init(m, w, &p, r, &e), GS_EINPUT);
    assert_non_null(strstr(e.msg, "track"));
    w->init_track[1] = -1;
    w->pole[GS_US] = 9;
    gs_err_clear(&e);
    assert_int_equal(gs_model_init(m, w, &p, r, &e), GS_EINPUT);
    w->pole[GS_US] = -1;
    gs_err_clear(&e);
    assert_int_equal(gs_model_init(m, w, NULL, r, &e), GS_EINPUT);
    gs_err_clear(&e);
    assert_null(gs_model_alloc(NULL, &e));
    assert_int_equal(e.code, GS_EINPUT);
    gs_model_free(NULL);
    gs_model_free(m);
    gsl_rng_free(r);
    fx_free(w);
    fx_free(w5);
}

static gs_mevent pev(const char *key, int op, double v, const char *text)
{
    gs_mevent ev = {0};
    ev.param = gs_param_find(key);
    assert_true(ev.param >= 0);
    ev.op = op;
    ev.value = v;
    ev.text = text;
    return ev;
}

static void events(void **state)
{
    (void)state;
    gs_world *w = fx_world(6);
    fx_poles(w, 0, 1);
    w->attr[GS_A_LIBDEM][0] = 0.8;
    w->attr[GS_A_NATO][4] = 1;
    gs_params p;
    gs_params_defaults(&p);
    gsl_rng *r = rng(2, 0);
    gs_model *m = model_init(w, &p, r);
    gs_err e = {0};
    double o, nv;

    gs_mevent ev = pev("cn.budget", GS_EV_SCALE, 3, NULL);
    assert_int_equal(gs_model_event(m, w, &ev, &o, &nv, &e), GS_OK);
    assert_near(o, 0.01, 0);
    assert_near(nv, 0.03, 1e-15);
    assert_near(gs_model_params(m)->pole[GS_CN].budget, 0.03, 1e-15);
    ev = pev("us.export_controls", GS_EV_ADD, 0.3, NULL);
    double a_before = gs_mdl_attract(m, 2, GS_US);
    assert_int_equal(gs_model_event(m, w, &ev, &o, &nv, &e), GS_OK);
    assert_near(nv, 0.9, 1e-12);
    assert_true(gs_mdl_attract(m, 2, GS_US) < a_before); /* non-partner lost access */
    ev = pev("alignment.rate", GS_EV_SET, 2, NULL);
    assert_int_equal(gs_model_event(m, w, &ev, &o, &nv, &e), GS_OK);
    assert_near(m->rho, 1 - exp(-2 * p.dt), 1e-15);

    /* Out of range: error naming the key, nothing changed. */
    ev = pev("us.export_controls", GS_EV_ADD, 0.3, NULL);
    assert_int_equal(gs_model_event(m, w, &ev, &o, &nv, &e), GS_EINPUT);
    assert_non_null(strstr(e.msg, "us.export_controls"));
    assert_near(gs_model_params(m)->pole[GS_US].export_controls, 0.9, 1e-12);

    /* Enum parameters: set by text only. */
    gs_err_clear(&e);
    ev = pev("alignment.update", GS_EV_SET, 0, "async");
    assert_int_equal(gs_model_event(m, w, &ev, &o, &nv, &e), GS_OK);
    assert_near(o, GS_UPDATE_SYNC, 0);
    assert_near(nv, GS_UPDATE_ASYNC, 0);
    ev = pev("alignment.update", GS_EV_SCALE, 2, NULL);
    assert_int_equal(gs_model_event(m, w, &ev, &o, &nv, &e), GS_EINPUT);
    assert_non_null(strstr(e.msg, "alignment.update"));
    gs_err_clear(&e);
    ev = pev("alignment.update", GS_EV_SET, 0, "sideways");
    assert_int_equal(gs_model_event(m, w, &ev, &o, &nv, &e), GS_EINPUT);
    gs_err_clear(&e);
    ev = pev("alignment.rule", GS_EV_SET, 0, "landscape");
    assert_int_equal(gs_model_event(m, w, &ev, &o, &nv, &e), GS_OK);
    assert_int_equal(gs_model_params(m)->align_rule, GS_ALIGN_LANDSCAPE);
    ev = pev("alignment.rule", GS_EV_SET, 0, "voter");
    assert_int_equal(gs_model_event(m, w, &ev, &o, &nv, &e), GS_OK);
    assert_int_equal(gs_model_params(m)->align_rule, GS_ALIGN_VOTER);
    ev = pev("scenario.dt", GS_EV_SET, 0.5, NULL);
    assert_int_equal(gs_model_event(m, w, &ev, &o, &nv, &e), GS_EINPUT);
    assert_non_null(strstr(e.msg, "scenario.dt"));
    gs_err_clear(&e);
    ev.op = 7;
    assert_int_equal(gs_model_event(m, w, &ev, &o, &nv, &e), GS_EINPUT);
    gs_err_clear(&e);

    /* Attributes: subset mask, mean old/new, copy on write, recompute. */
    uint8_t mask[6] = {0, 0, 1, 0, 1, 0};
    gs_mevent ae = {0};
    ae.param = -1;
    ae.attr = GS_A_THREAT;
    ae.op = GS_EV_ADD;
    ae.value = 0.5;
    ae.mask = mask;
    /* Nation 4 is a partner (security is offered to partners only). */
    double sec_before = gs_mdl_need(m, 2, GS_F_SECURITY), u_before = m->ustat[3 * 4 + GS_US];
    double u2_before = m->ustat[3 * 2 + GS_US];
    assert_int_equal(gs_model_event(m, w, &ae, &o, &nv, &e), GS_OK);
    assert_near(o, 0, 0);
    assert_near(nv, 0.5, 0);
    assert_near(gs_mdl_need(m, 2, GS_F_SECURITY), sec_before + 0.5, 1e-12);
    assert_near(gs_mdl_need(m, 3, GS_F_SECURITY), 0, 0);
    assert_true(m->ustat[3 * 4 + GS_US] > u_before);
    assert_near(m->ustat[3 * 2 + GS_US], u2_before, 1e-15); /* non-partner: no offer */
    assert_near(w->attr[GS_A_THREAT][2], 0, 0); /* the shared world is untouched */
    ae.op = GS_EV_SCALE;
    ae.value = 0.5;
    assert_int_equal(gs_model_event(m, w, &ae, &o, &nv, &e), GS_OK);
    assert_near(o, 0.5, 0);
    assert_near(nv, 0.25, 0);
    ae.op = GS_EV_SET;
    ae.mask = NULL;
    ae.attr = GS_A_LIBDEM;
    ae.value = 0.1;
    assert_int_equal(gs_model_event(m, w, &ae, &o, &nv, &e), GS_OK);
    assert_near(nv, 0.1, 1e-15);
    assert_near(m->xpole[GS_US], 0.1, 0); /* the pole's regime moved too */
    ae.value = NAN;
    assert_int_equal(gs_model_event(m, w, &ae, &o, &nv, &e), GS_EINPUT);
    gs_err_clear(&e);
    ae.value = 1;
    ae.attr = GS_NATTR;
    assert_int_equal(gs_model_event(m, w, &ae, &o, &nv, &e), GS_EINPUT);
    gs_err_clear(&e);
    assert_int_equal(gs_model_event(m, w, NULL, &o, &nv, &e), GS_EINPUT);

    /* A new replicate starts from the world again. */
    gs_err_clear(&e);
    assert_int_equal(gs_model_init(m, w, &p, r, &e), GS_OK);
    assert_near(gs_mdl_need(m, 2, GS_F_SECURITY), 0, 0);
    assert_near(m->xpole[GS_US], 0.8, 0);
    assert_near(gs_model_params(m)->pole[GS_CN].budget, 0.01, 0);
    gs_model_free(m);
    gsl_rng_free(r);
    fx_free(w);
}

/* Needs and access against the documented map on hand-picked attributes. */
static void needs_and_access(void **state)
{
    (void)state;
    gs_world *w = fx_world(3);
    double **a = w->attr;
    a[GS_A_INTERNET][0] = 80;
    a[GS_A_ELECTRICITY][0] = 40;
    a[GS_A_GDPPC][0] = 500; /* income driver 0 */
    a[GS_A_GDPPC][1] = 60000; /* 1 */
    a[GS_A_GDPPC][2] = sqrt(500.0 * 60000); /* 0.5 on the log scale */
    a[GS_A_THREAT][0] = 0.7;
    a[GS_A_LIBDEM][0] = 0.25;
    a[GS_A_G7][1] = 1;
    a[GS_A_GLOBAL_SOUTH][0] = a[GS_A_NAM][0] = 1;
    a[GS_A_MNNA][1] = 1;
    gs_params p;
    gs_params_defaults(&p);
    gsl_rng *r = rng(1, 0);
    gs_model *m = model_init(w, &p, r);
    assert_near(gs_mdl_need(m, 0, GS_F_COMPUTE), 0.2, 1e-12);
    assert_near(gs_mdl_need(m, 0, GS_F_ENERGY), 0.6, 1e-12);
    assert_near(gs_mdl_need(m, 0, GS_F_CAPACITY), 1, 1e-12);
    assert_near(gs_mdl_need(m, 1, GS_F_CAPACITY), 0, 1e-12);
    assert_near(gs_mdl_need(m, 2, GS_F_CAPACITY), 0.5, 1e-12);
    assert_near(gs_mdl_need(m, 2, GS_F_OPEN_MODELS), 0.75, 1e-12);
    assert_near(gs_mdl_need(m, 0, GS_F_FRONTIER), 0.8, 1e-12);
    assert_near(gs_mdl_need(m, 0, GS_F_SECURITY), 0.7, 1e-12);
    assert_near(gs_mdl_need(m, 1, GS_F_STANDARDS_VOICE), 0, 1e-12);
    assert_near(gs_mdl_need(m, 0, GS_F_MULTILATERALISM), 1, 1e-12);
    assert_near(gs_mdl_need(m, 1, GS_F_MULTILATERALISM), 0.2, 1e-12);
    assert_near(gs_mdl_need(m, 0, GS_F_DATA), 0.7, 1e-12);
    assert_near(gs_mdl_need(m, 0, GS_F_SOVEREIGNTY), 0.75, 1e-12);
    /* Access: partner full, non-partner nonpartner share, cut further on
     * frontier and compute by export controls; China open to all. */
    assert_near(gs_mdl_access(m, 1, GS_US, GS_F_FRONTIER), 1, 0);
    assert_near(gs_mdl_access(m, 0, GS_US, GS_F_ENERGY), 0.7, 1e-15);
    assert_near(gs_mdl_access(m, 0, GS_US, GS_F_FRONTIER), 0.7 * 0.4, 1e-15);
    assert_near(gs_mdl_access(m, 0, GS_US, GS_F_COMPUTE), 0.7 * 0.4, 1e-15);
    assert_near(gs_mdl_access(m, 0, GS_CN, GS_F_FRONTIER), 1, 0);
    assert_near(gs_mdl_access(m, 0, GS_US, GS_F_SECURITY), 0, 0);
    assert_near(gs_mdl_access(m, 1, GS_US, GS_F_SECURITY), 1, 0);
    assert_near(gs_mdl_access(m, 0, GS_CN, GS_F_SECURITY), 1, 0);
    /* All betas zero: attractiveness 0, not NaN. */
    for (int k = 0; k < GS_NFEAT; k++) p.beta[k] = 0;
    gs_err e = {0};
    assert_int_equal(gs_model_init(m, w, &p, r, &e), GS_OK);
    assert_near(gs_mdl_attract(m, 0, GS_CN), 0, 0);
    check_probs(m, 1e-6);
    gs_model_free(m);
    gsl_rng_free(r);
    fx_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(softmax_extremes), cmocka_unit_test(logit_closed_form),
        cmocka_unit_test(ties_rule),        cmocka_unit_test(stocks_closed_form),
        cmocka_unit_test(invariants),       cmocka_unit_test(init_errors),
        cmocka_unit_test(events),           cmocka_unit_test(needs_and_access),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
