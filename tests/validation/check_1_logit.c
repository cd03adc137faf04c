/* check_1_logit.c - validation check 1: multinomial logit choice frequencies.
 *
 *   check_1_logit quick|full
 *
 * On the 195-nation world of scenarios/baseline.ini with every coupling off
 * (gamma = 0, delta = delta_h = 0, no budgets, no ties: tau = 0) a nation's
 * choice law does not depend on anyone's state, so with alignment.rate = 100
 * and dt = 1 (rho = 1) every step is one independent draw per nation from
 * P_i(o) = exp(lambda U_i(o)) / sum_o' exp(lambda U_i(o')) (McFadden 1974).
 * U is recomputed here from the documented formulas of models/README.md
 * (needs map, access rules, attractiveness, regime distance, pressure
 * channel, hedge weight omega) without calling models/:
 *
 * 1a  the model's prob equals the closed form, every nation and option
 *     (|difference| <= 1e-6: prob is stored as float);
 * 1b  over K steps (full 20 000, quick 2 000) the frequencies match the
 *     closed form: Pearson chi-square per nation (2 df), summed over the
 *     193 non-pole nations (386 df), p > 1e-3; and the smallest per-nation
 *     p-value above 1e-3 / 193 (Bonferroni), so that one nation far off
 *     cannot hide in the sum.
 *
 * lambda = 2 spreads the probabilities (about 0.05 to 0.9). */
#include "vcheck.h"

#include "../../sim/config.h"

static double clamp01(double v)
{
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

/* Attribute value, NaN read as 0 (README: missing values read as 0). */
static double at(const gs_world *w, int a, int i)
{
    double v = w->attr[a][i];
    return isfinite(v) ? v : 0;
}

static int mem(const gs_world *w, int a, int i)
{
    return at(w, a, i) > 0.5;
}

/* U_i(o) from models/README.md, with gamma, delta, tau and stocks at 0. */
static void utility(const gs_world *w, const gs_params *p, int i, double U[3])
{
    double drv[GS_NND];
    drv[GS_ND_INTERNET] = clamp01(at(w, GS_A_INTERNET, i) / 100);
    drv[GS_ND_ELECTRICITY] = clamp01(at(w, GS_A_ELECTRICITY, i) / 100);
    double g = at(w, GS_A_GDPPC, i);
    drv[GS_ND_INCOME] = g <= 0 ? 0
                               : clamp01((log(g) - log(p->need_gdppc_lo)) /
                                         (log(p->need_gdppc_hi) - log(p->need_gdppc_lo)));
    drv[GS_ND_THREAT] = clamp01(at(w, GS_A_THREAT, i));
    drv[GS_ND_LIBDEM] = clamp01(at(w, GS_A_LIBDEM, i));
    drv[GS_ND_G7] = mem(w, GS_A_G7, i);
    drv[GS_ND_SOUTH] = mem(w, GS_A_GLOBAL_SOUTH, i);
    drv[GS_ND_NAM] = mem(w, GS_A_NAM, i);
    int partner = mem(w, GS_A_NATO, i) || mem(w, GS_A_RIO, i) || mem(w, GS_A_US_TREATY, i) ||
                  mem(w, GS_A_MNNA, i);
    double A[3] = {0, 0, 0}, bsum = 0;
    for (int k = 0; k < GS_NFEAT; k++) {
        double need = p->need_base[k];
        for (int d = 0; d < GS_NND; d++)
            need += p->need_w[k][d] * drv[d];
        need = clamp01(need);
        bsum += p->beta[k];
        for (int o = GS_US; o <= GS_CN; o++) {
            double acc = 1;
            if (o == GS_US && !partner) {
                const gs_pole_params *u = &p->pole[GS_US];
                acc = k == GS_F_SECURITY ? 0 : u->nonpartner;
                if (k == GS_F_FRONTIER || k == GS_F_COMPUTE) acc *= 1 - u->export_controls;
            }
            A[o] += p->beta[k] * p->pole[o].feat[k] * acc * need;
        }
    }
    for (int o = GS_US; o <= GS_CN; o++)
        A[o] = bsum > 0 ? A[o] / bsum : 0;
    double Pcn = p->pi_ec * p->pole[GS_US].export_controls * at(w, GS_A_CHIPDEP, i);
    double Pus = p->pi_lev * p->pole[GS_CN].leverage * at(w, GS_A_TRADEDEP_CN, i);
    double x = clamp01(at(w, GS_A_LIBDEM, i));
    U[GS_US] = A[GS_US] - Pus - p->eta * fabs(x - at(w, GS_A_LIBDEM, w->pole[GS_US]));
    U[GS_CN] = A[GS_CN] - Pcn - p->eta * fabs(x - at(w, GS_A_LIBDEM, w->pole[GS_CN]));
    U[GS_HEDGE] = p->omega * (A[GS_US] + A[GS_CN]) - p->omega * (Pus + Pcn);
}

int main(int argc, char **argv)
{
    int full = vc_mode(argc, argv);
    long K = full ? 20000 : 2000;
    const char *src = "McFadden 1974 (multinomial logit)";
    gs_err e = {0};
    gs_config *c = gs_config_load("scenarios/baseline.ini", NULL, 0, &e);
    gs_world *w = c ? gs_world_build(c, &e) : NULL;
    if (!w) {
        fprintf(stderr, "world: %s\n", e.msg);
        return 1;
    }
    gs_params p = c->p;
    for (int o = GS_US; o <= GS_CN; o++) {
        p.pole[o].budget = 0;
        p.pole[o].strategy = GS_STRAT_NONE;
    }
    for (int l = 0; l < GS_NLAYER; l++)
        p.gamma[l] = 0;
    for (int t = 0; t < GS_NTIE; t++)
        p.tau[t] = 0;
    p.delta = p.delta_hedge = 0;
    p.lambda = 2;
    p.align_rate = 100;
    p.dt = 1;
    p.std_rate = 0;
    int n = w->n;
    double(*P)[3] = vc_alloc((size_t)n, sizeof *P);
    double(*cnt)[3] = vc_alloc((size_t)n, sizeof *cnt);
    for (int i = 0; i < n; i++) {
        double U[3], mx = -INFINITY, z = 0;
        utility(w, &p, i, U);
        for (int o = 0; o < 3; o++)
            mx = fmax(mx, p.lambda * U[o]);
        for (int o = 0; o < 3; o++)
            z += P[i][o] = exp(p.lambda * U[o] - mx);
        for (int o = 0; o < 3; o++)
            P[i][o] /= z;
    }

    gsl_rng *r = vc_rng(1);
    gs_model *m = vc_model(w, &p, r);
    const float *prob = gs_model_prob(m);
    double maxd = 0, pmin = 1, pmax = 0;
    int worst = -1;
    for (int i = 0; i < n; i++) {
        if (i == w->pole[GS_US] || i == w->pole[GS_CN]) continue;
        for (int o = 0; o < 3; o++) {
            double d = fabs(prob[3 * i + o] - P[i][o]);
            if (d > maxd) {
                maxd = d;
                worst = i;
            }
            pmin = fmin(pmin, P[i][o]);
            pmax = fmax(pmax, P[i][o]);
        }
    }
    char exp_[160], meas[200];
    snprintf(exp_, sizeof exp_, "closed form for %d nations (P in [%.3f, %.3f])", n - 2, pmin,
             pmax);
    if (maxd <= 1e-6)
        snprintf(meas, sizeof meas, "max |prob - closed form| = %.1e", maxd);
    else
        snprintf(meas, sizeof meas, "max |prob - closed form| = %.1e at %s", maxd, w->iso3[worst]);
    vc_row("1a logit probabilities = closed form (no coupling)", src, exp_, meas, "1e-6 (float)",
           maxd <= 1e-6);
    if (maxd > 1e-6 && worst >= 0)
        fprintf(stderr, "1a: %s: model %.7f %.7f %.7f vs closed form %.7f %.7f %.7f\n",
                w->iso3[worst], prob[3 * worst], prob[3 * worst + 1], prob[3 * worst + 2],
                P[worst][0], P[worst][1], P[worst][2]);

    for (long k = 0; k < K; k++) {
        gs_model_step(m, w, r);
        const uint8_t *a = gs_model_alignment(m);
        for (int i = 0; i < n; i++)
            cnt[i][a[i]]++;
    }
    double sum = 0, minp = 1;
    int df = 0, at_min = -1, nn = 0;
    for (int i = 0; i < n; i++) {
        if (i == w->pole[GS_US] || i == w->pole[GS_CN]) continue;
        int d;
        double x2 = vc_chisq(cnt[i], P[i], 3, (double)K, &d);
        double pv = d > 0 ? gsl_cdf_chisq_Q(x2, d) : 1;
        sum += x2;
        df += d;
        nn++;
        if (pv < minp) {
            minp = pv;
            at_min = i;
        }
    }
    double ptot = gsl_cdf_chisq_Q(sum, df);
    int pass = ptot > 1e-3 && minp > 1e-3 / nn;
    snprintf(exp_, sizeof exp_, "frequencies = closed form (%ld draws per nation)", K);
    snprintf(meas, sizeof meas, "sum X2 = %.1f, df = %d, p = %.3g; min nation p = %.2g (%s)", sum,
             df, ptot, minp, at_min >= 0 ? w->iso3[at_min] : "-");
    vc_row("1b logit choice frequencies, 193 nations", src, exp_, meas,
           "p > 1e-3; min p > 1e-3/193", pass);
    if (!pass && at_min >= 0)
        fprintf(stderr, "1b: %s: counts %.0f %.0f %.0f, expected %.1f %.1f %.1f\n", w->iso3[at_min],
                cnt[at_min][0], cnt[at_min][1], cnt[at_min][2], K * P[at_min][0], K * P[at_min][1],
                K * P[at_min][2]);
    gs_model_free(m);
    gsl_rng_free(r);
    gs_world_free(w);
    gs_config_free(c);
    free(P);
    free(cnt);
    return 0;
}
