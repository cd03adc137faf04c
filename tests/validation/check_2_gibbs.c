/* check_2_gibbs.c - validation check 2: the stationary law of logit dynamics.
 *
 *   check_2_gibbs quick|full
 *
 * With no inertia (delta = delta_h = 0), no budgets, no events, symmetric
 * layer weights and network.normalize = sum, the model's neighbour term is
 * the identity interaction M = I: i's utility for o gains gamma_l w^l_ij for
 * every neighbour j holding o, and the same amount is in j's utility for o
 * when i holds it.  The utilities are then differences of one potential
 *
 *   Phi(a) = sum_i v_i(a_i) + sum_{i<j} sum_l gamma_l w^l_ij [a_i = a_j]
 *
 * (poles are fixed fields: their edges enter v_i), and a single-site logit
 * update P(a_i = o) ~ exp(lambda U_i(o)) is a heat-bath step for
 * pi(a) ~ exp(lambda Phi(a)) (Blume 1993; Brock & Durlauf 2001).  With
 * alignment.rate = 50 and dt = 1 (rho = 1 - e^-50, 1 in double) and
 * alignment.update = async, every step is a sweep of such updates in a
 * fresh random order, which keeps pi invariant.
 *
 * 2a  Eight free nations and two poles on two weighted layers with
 *     membership ties and regime distances as fields: one chain, a sample
 *     every 10 sweeps after 1000 sweeps of burn-in, 10^6 samples (quick
 *     10^5), against pi computed here by enumerating the 3^8 states from
 *     the documented utility (nothing shared with models/); Pearson
 *     chi-square with cells of expected count < 5 pooled; pass at p > 1e-3.
 * 2b  Negative control: delta = delta_h = 0.5 on the same world.  The update
 *     then depends on the current option and pi is not its stationary law:
 *     the same test must reject (the row passes when p < 1e-3).
 * 2c  Negative control: a star (hub and 7 leaves) with normalize = share:
 *     the hub divides by its 7 neighbours, the leaves by 1, so the coupling
 *     is not symmetric and no potential exists: must reject.  2c' is the
 *     same star with normalize = sum, which must pass, so that 2c's
 *     rejection is the normalisation's doing.
 * 2d  The landscape rule with equal sizes s = 1/n: a camp switch is a logit
 *     on -lambda dE_i / s_i = -lambda n dE_i, a heat-bath step for
 *     pi(camps) ~ exp(-lambda n E) with E the Axelrod-Bennett energy of the
 *     world formula (recomputed here from the documented formula).
 *
 * Fixed seeds; rows per tests/validation/README.md. */
#include "vcheck.h"

#include "../unit/world_fixture.c"

#define NFREE 8
#define NSTATE 6561 /* 3^8 */

/* ---- the world of 2a/2b/2d ---- */

static const double libdem[10] = {0.1, 0.3, 0.5, 0.7, 0.9, 0.2, 0.6, 0.8, 0.9, 0.1};
typedef struct edge {
    int a, b;
    double w;
} edge;
/* Weights exactly representable in float (the CSR stores float). */
static const edge trade_e[] = {{0, 1, 1.25}, {1, 2, 0.5}, {2, 3, 1.5}, {3, 4, 0.75}, {4, 5, 1.0},
                               {5, 6, 1.25}, {6, 7, 0.5}, {7, 0, 1.0}, {0, 4, 0.75}, {2, 6, 1.0},
                               {9, 5, 1.5},  {9, 6, 1.0}, {9, 2, 0.5}, {8, 0, 1.0}};
static const edge alliance_e[] = {{0, 1, 1}, {0, 7, 1}, {1, 7, 1}, {3, 5, 1},
                                  {8, 0, 1}, {8, 1, 1}, {8, 7, 1}};
#define NTRADE (sizeof trade_e / sizeof trade_e[0])
#define NALLY (sizeof alliance_e / sizeof alliance_e[0])

static void set_layer(gs_world *w, int l, const edge *e, size_t m)
{
    int32_t s[32], d[32];
    double wt[32];
    for (size_t k = 0; k < m; k++) {
        s[k] = e[k].a;
        d[k] = e[k].b;
        wt[k] = e[k].w;
    }
    fx_layer(w, l, m, s, d, wt);
}

static gs_world *world10(void)
{
    gs_world *w = fx_world(10);
    fx_poles(w, 8, 9);
    for (int i = 0; i < 10; i++)
        w->attr[GS_A_LIBDEM][i] = libdem[i];
    w->attr[GS_A_NATO][0] = 1;
    w->attr[GS_A_MNNA][1] = 1;
    w->attr[GS_A_SCO][2] = 1;
    w->attr[GS_A_BRICS][3] = 1;
    w->attr[GS_A_BRI][4] = 1;
    w->attr[GS_A_NAM][5] = 1;
    w->attr[GS_A_RIO][6] = 1;
    w->attr[GS_A_US_TREATY][7] = 1;
    w->attr[GS_A_SCO][7] = 1;
    w->attr[GS_A_NAM][3] = 1;
    set_layer(w, GS_L_TRADE, trade_e, NTRADE);
    set_layer(w, GS_L_ALLIANCE, alliance_e, NALLY);
    return w;
}

/* Parameters for the Gibbs test: only ties, regime and neighbour terms. */
static void gibbs_params(gs_params *p)
{
    vc_quiet_params(p);
    for (int k = 0; k < GS_NFEAT; k++)
        p->beta[k] = 0; /* A = 0 */
    p->pi_ec = p->pi_lev = 0;
    for (int l = 0; l < GS_NLAYER; l++)
        p->gamma[l] = 0;
    p->gamma[GS_L_TRADE] = 0.6;
    p->gamma[GS_L_ALLIANCE] = 0.4;
    p->delta = p->delta_hedge = 0;
    p->normalize = GS_NORM_SUM;
    p->align_update = GS_UPDATE_ASYNC;
    p->align_init = GS_INIT_RANDOM;
    p->align_rate = 50;
    p->lambda = 1;
}

/* ---- the oracle: the documented utility, written from models/README.md ---- */

static int member(const gs_world *w, int a, int i)
{
    return w->attr[a][i] > 0.5;
}

/* Static field v_i(o) of free nation i, poles' edges included. */
static void fields(const gs_world *w, const gs_params *p, int i, double v[3])
{
    double tie = member(w, GS_A_NATO, i) || member(w, GS_A_US_TREATY, i) ? 1
                 : member(w, GS_A_RIO, i)                                ? 0.5
                                                                         : 0;
    double x = w->attr[GS_A_LIBDEM][i];
    int pu = w->pole[GS_US], pc = w->pole[GS_CN];
    v[GS_HEDGE] = p->tau[GS_TIE_NAM] * member(w, GS_A_NAM, i);
    v[GS_US] = p->tau[GS_TIE_TREATY] * tie + p->tau[GS_TIE_MNNA] * member(w, GS_A_MNNA, i);
    v[GS_CN] = p->tau[GS_TIE_BRI] * member(w, GS_A_BRI, i) +
               p->tau[GS_TIE_SCO] * member(w, GS_A_SCO, i) +
               p->tau[GS_TIE_BRICS] * member(w, GS_A_BRICS, i);
    if (pu >= 0) v[GS_US] -= p->eta * fabs(x - w->attr[GS_A_LIBDEM][pu]);
    if (pc >= 0) v[GS_CN] -= p->eta * fabs(x - w->attr[GS_A_LIBDEM][pc]);
    for (int l = 0; l < GS_NLAYER; l++) {
        const gs_csr *L = &w->layer[l];
        for (int64_t k = L->rowptr[i]; k < L->rowptr[i + 1]; k++) {
            if (L->col[k] == pu) v[GS_US] += p->gamma[l] * L->w[k];
            if (L->col[k] == pc) v[GS_CN] += p->gamma[l] * L->w[k];
        }
    }
}

/* pi over the 3^nf states of the free nations 0..nf-1 (state index
 * sum_i a_i 3^i), from Phi with the weights as given (sum form). */
static void gibbs_law(const gs_world *w, const gs_params *p, int nf, double *pi, size_t nstate)
{
    double v[NFREE][3], J[NFREE][NFREE];
    for (int i = 0; i < nf; i++)
        fields(w, p, i, v[i]);
    memset(J, 0, sizeof J);
    for (int l = 0; l < GS_NLAYER; l++) {
        const gs_csr *L = &w->layer[l];
        for (int i = 0; i < nf; i++)
            for (int64_t k = L->rowptr[i]; k < L->rowptr[i + 1]; k++)
                if (L->col[k] < nf) J[i][L->col[k]] += p->gamma[l] * L->w[k];
    }
    double mx = -INFINITY;
    for (size_t s = 0; s < nstate; s++) {
        int a[NFREE];
        size_t t = s;
        for (int i = 0; i < nf; i++, t /= 3)
            a[i] = (int)(t % 3);
        double phi = 0;
        for (int i = 0; i < nf; i++) {
            phi += v[i][a[i]];
            for (int j = i + 1; j < nf; j++)
                if (a[i] == a[j]) phi += J[i][j];
        }
        pi[s] = p->lambda * phi;
        if (pi[s] > mx) mx = pi[s];
    }
    double z = 0;
    for (size_t s = 0; s < nstate; s++)
        z += pi[s] = exp(pi[s] - mx);
    for (size_t s = 0; s < nstate; s++)
        pi[s] /= z;
}

/* ---- the chain ---- */

/* Runs the model's chain: burn-in sweeps, then nsample samples thin sweeps
 * apart; counts the states of the free nations (base 3, or base 2 over
 * camps when camps != 0: bit i set when nation i is cn). */
static void run_chain(const gs_world *w, const gs_params *p, int nf, int camps, long nsample,
                      uint64_t stream, double *count, size_t nstate)
{
    gsl_rng *r = vc_rng(stream);
    gs_model *m = vc_model(w, p, r);
    memset(count, 0, nstate * sizeof *count);
    for (int k = 0; k < 1000; k++)
        gs_model_step(m, w, r);
    for (long s = 0; s < nsample; s++) {
        for (int k = 0; k < 10; k++)
            gs_model_step(m, w, r);
        const uint8_t *a = gs_model_alignment(m);
        size_t idx = 0;
        for (int i = nf - 1; i >= 0; i--)
            idx = camps ? 2 * idx + (a[i] == GS_CN) : 3 * idx + a[i];
        count[idx]++;
    }
    gs_model_free(m);
    gsl_rng_free(r);
}

typedef struct verdict {
    double x2, pval;
    int df;
} verdict;

static verdict test_law(const double *count, const double *pi, size_t nstate, long nsample)
{
    verdict v;
    v.x2 = vc_chisq(count, pi, nstate, (double)nsample, &v.df);
    v.pval = gsl_cdf_chisq_Q(v.x2, v.df);
    return v;
}

static void report(const char *check, const char *source, long nsample, verdict v, int negative)
{
    char exp[160], meas[160];
    if (negative)
        snprintf(exp, sizeof exp, "rejects: p < 1e-3 (%ld samples)", nsample);
    else
        snprintf(exp, sizeof exp, "p > 1e-3 (%ld samples, 1 every 10 sweeps)", nsample);
    snprintf(meas, sizeof meas, "X2 = %.1f, df = %d, p = %.3g", v.x2, v.df, v.pval);
    int pass = negative ? v.pval < 1e-3 : v.pval > 1e-3;
    vc_row(check, source, exp, meas, "chi-square, cells < 5 pooled", pass);
    if (!pass)
        fprintf(stderr, "%s: %s (p = %.3g)\n", check,
                negative ? "the test did not reject a chain that is not Gibbs"
                         : "the chain's state frequencies differ from exp(lambda Phi)",
                v.pval);
}

/* ---- 2c: the star ---- */

static gs_world *star(void)
{
    gs_world *w = fx_world(8);
    int32_t s[7], d[7];
    for (int k = 0; k < 7; k++) {
        s[k] = 0;
        d[k] = k + 1;
    }
    fx_layer(w, GS_L_TRADE, 7, s, d, NULL);
    w->attr[GS_A_NATO][1] = w->attr[GS_A_NATO][2] = 1;
    w->attr[GS_A_SCO][3] = w->attr[GS_A_BRICS][3] = 1;
    w->attr[GS_A_NAM][4] = 1;
    w->attr[GS_A_MNNA][5] = 1;
    return w;
}

/* ---- 2d: the landscape rule ---- */

/* E of a full camp assignment (0 = us camp, 1 = cn camp) over all n nations,
 * from the documented formula with equal sizes 1/n. */
static double land_energy(const gs_world *w, const gs_params *p, const int *camp)
{
    static const int groups[] = {GS_A_NATO, GS_A_RIO, GS_A_US_TREATY, GS_A_SCO, GS_A_BRICS};
    int n = w->n;
    const gs_csr *T = &w->layer[GS_L_TRADE];
    double E = 0, s = 1.0 / n;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            if (i == j || camp[i] == camp[j]) continue;
            int shared = 0;
            for (int g = 0; g < 5; g++)
                shared += member(w, groups[g], i) && member(w, groups[g], j);
            double wij = 0;
            for (int64_t k = T->rowptr[i]; k < T->rowptr[i + 1]; k++)
                if (T->col[k] == j) wij += T->w[k];
            double t = wij > 0 ? wij / sqrt(T->wsum[i] * T->wsum[j]) : 0;
            double pij = p->land_w_alliance * shared + p->land_w_trade * t -
                         p->land_w_regime * fabs(w->attr[GS_A_LIBDEM][i] - w->attr[GS_A_LIBDEM][j]);
            E += s * s * pij;
        }
    return E;
}

static void land_law(const gs_world *w, const gs_params *p, double *pi)
{
    int camp[10];
    camp[8] = 0; /* us pole */
    camp[9] = 1; /* cn pole */
    double mx = -INFINITY;
    for (int s = 0; s < 256; s++) {
        for (int i = 0; i < NFREE; i++)
            camp[i] = (s >> i) & 1;
        pi[s] = -p->lambda * w->n * land_energy(w, p, camp);
        if (pi[s] > mx) mx = pi[s];
    }
    double z = 0;
    for (int s = 0; s < 256; s++)
        z += pi[s] = exp(pi[s] - mx);
    for (int s = 0; s < 256; s++)
        pi[s] /= z;
}

int main(int argc, char **argv)
{
    int full = vc_mode(argc, argv);
    long nmain = full ? 1000000 : 100000, nneg = full ? 200000 : 30000;
    double *pi = vc_alloc(NSTATE, sizeof *pi), *count = vc_alloc(NSTATE, sizeof *count);
    const char *src = "Blume 1993; Brock & Durlauf 2001 (logit = Gibbs sampler)";
    gs_params p;
    gs_world *w = world10();

    gibbs_params(&p);
    gibbs_law(w, &p, NFREE, pi, NSTATE);
    run_chain(w, &p, NFREE, 0, nmain, 1, count, NSTATE);
    report("2a Gibbs law of async logit: 8 free nations, 2 poles, 2 layers", src, nmain,
           test_law(count, pi, NSTATE, nmain), 0);

    gs_params q = p;
    q.delta = q.delta_hedge = 0.5; /* pi stays the delta = 0 law */
    run_chain(w, &q, NFREE, 0, nneg, 2, count, NSTATE);
    report("2b negative control: inertia delta = delta_h = 0.5", src, nneg,
           test_law(count, pi, NSTATE, nneg), 1);

    gs_world *st = star();
    gibbs_params(&q);
    q.gamma[GS_L_ALLIANCE] = 0;
    q.gamma[GS_L_TRADE] = 1.0;
    double *pi8 = vc_alloc(NSTATE, sizeof *pi8), *c8 = vc_alloc(NSTATE, sizeof *c8);
    gibbs_law(st, &q, 8, pi8, NSTATE);
    run_chain(st, &q, 8, 0, nneg, 3, c8, NSTATE);
    report("2c' star (hub + 7 leaves), normalize = sum", src, nneg, test_law(c8, pi8, NSTATE, nneg),
           0);
    q.normalize = GS_NORM_SHARE;
    run_chain(st, &q, 8, 0, nneg, 4, c8, NSTATE);
    report("2c negative control: star with normalize = share", src, nneg,
           test_law(c8, pi8, NSTATE, nneg), 1);

    gibbs_params(&q);
    q.align_rule = GS_ALIGN_LANDSCAPE;
    q.lambda = 2;
    land_law(w, &q, pi);
    run_chain(w, &q, NFREE, 1, nneg, 5, count, 256);
    report("2d landscape rule, equal sizes: law exp(-lambda n E)",
           "Axelrod & Bennett 1993 energy; Glauber 1963 heat bath", nneg,
           test_law(count, pi, 256, nneg), 0);

    fx_free(st);
    fx_free(w);
    free(pi);
    free(count);
    free(pi8);
    free(c8);
    return 0;
}
