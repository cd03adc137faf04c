/* check_3_voter.c - validation check 3: the voter model.
 *
 *   check_3_voter quick|full
 *
 * alignment.rule = voter with two options (us, cn) and no poles: a revising
 * nation copies the option of a neighbour drawn with probability
 * proportional to edge weight.
 *
 * 3a/3b  Exit probability on a Barabasi-Albert graph (world.kind = ba,
 *     N = 1000, m = 3; the poles the generator places are removed, so every
 *     node is free).  `us` starts on the 20% of nodes with the highest
 *     degree.  For the node-update voter model the degree-weighted
 *     magnetisation sum_i k_i x_i / sum_i k_i is a martingale, so the
 *     probability of `us` consensus is the initial degree-weighted `us`
 *     share (Suchecki, Eguiluz & San Miguel 2005; Sood & Redner 2005), not
 *     the plain share 0.2.  The model runs `sync` with rho = 0.8: every
 *     revising node copies from last step's state, so E[change of the
 *     weighted magnetisation] = rho sum_ij A_ij (x_j - x_i) = 0 exactly and
 *     the martingale argument holds step by step (rho < 1 avoids the
 *     period-2 flips of fully synchronous copying).  Binomial 99.9%
 *     interval; 1000 replicates (quick 120).
 * 3c  Mean consensus time on the complete graph (world.kind = complete,
 *     implicit: a revising nation copies a uniformly drawn other nation),
 *     N = 100, us share x = 0.5 and 0.2 at the start.  For random
 *     single-node updates, time counted in sweeps (N updates per unit
 *     time), T(x) = -N [x ln x + (1-x) ln(1-x)] (large-N limit; Redner
 *     2001, "A Guide to First-Passage Processes"; Sood & Redner 2005).  Time
 *     mapping: with alignment.rate r and scenario.dt, a nation revises with
 *     rho = 1 - exp(-r dt) per step, so one step is rho expected updates per
 *     nation and the measured time is steps * rho sweeps (= t rho / dt for
 *     t in years, about r t).  The model runs `async` with rho = 0.02, so
 *     that a step's few revisions in random order approximate independent
 *     single-node updates (at rho = 1, a step would be a permutation sweep,
 *     a different process).  Compared with the exact mean of the
 *     finite-N chain (solved here) within 4 standard errors, 2000 runs per
 *     x (quick 200); the formula is shown, and the gap between the two
 *     (about one sweep at N = 100) is the formula's finite-N error.
 *     VOTER_RHO=r in the environment replaces rho = 0.02 (models/README.md
 *     quotes what rho = 1, 0.2 and 0.05 give). */
#include "vcheck.h"

#include "../../sim/config.h"
#include "../unit/world_fixture.c"

/* Number of `us` nations, or -1 while both options are present. */
static long consensus(const gs_model *m, int n)
{
    const uint8_t *a = gs_model_alignment(m);
    long us = 0;
    for (int i = 0; i < n; i++)
        us += a[i] == GS_US;
    return us == 0 || us == n ? us : -1;
}

static gs_world *ba_world(void)
{
    gs_err e = {0};
    gs_config *c = gs_config_defaults(&e);
    const char *sets[] = {"world.kind=ba", "world.n=1000", "world.degree=6", "scenario.seed=7"};
    for (size_t k = 0; c && k < sizeof sets / sizeof sets[0]; k++)
        if (gs_config_set(c, sets[k], &e) != GS_OK) {
            gs_config_free(c);
            c = NULL;
        }
    gs_world *w = c ? gs_world_build(c, &e) : NULL;
    gs_config_free(c);
    if (!w) {
        fprintf(stderr, "ba world: %s\n", e.msg);
        exit(1);
    }
    /* The voter model here has no fixed nodes: drop the poles. */
    w->pole[GS_US] = w->pole[GS_CN] = -1;
    return w;
}

typedef struct node_deg {
    double k;
    int i;
} node_deg;

static int cmp_deg(const void *a, const void *b)
{
    const node_deg *x = a, *y = b;
    if (x->k != y->k) return x->k > y->k ? -1 : 1;
    return x->i - y->i;
}

static void exit_probability(int full)
{
    const int R = full ? 1000 : 120;
    gs_world *w = ba_world();
    const int n = w->n, top = n / 5;
    const gs_csr *L = &w->layer[GS_L_TRADE];
    node_deg *d = vc_alloc((size_t)n, sizeof *d);
    double ktot = 0, kus = 0;
    for (int i = 0; i < n; i++) {
        d[i] = (node_deg){L->wsum[i], i};
        ktot += L->wsum[i];
    }
    qsort(d, (size_t)n, sizeof *d, cmp_deg);
    for (int i = 0; i < n; i++)
        w->init_align[i] = GS_CN;
    for (int r = 0; r < top; r++) {
        w->init_align[d[r].i] = GS_US;
        kus += d[r].k;
    }
    double rho_w = kus / ktot, plain = (double)top / n;
    gs_params p;
    vc_quiet_params(&p);
    p.align_rule = GS_ALIGN_VOTER;
    p.voter_layer = GS_LAYERSEL_TRADE;
    p.align_update = GS_UPDATE_SYNC;
    p.align_rate = log(5.0); /* rho = 0.8 with dt = 1 */
    gs_err e = {0};
    gs_model *m = gs_model_alloc(w, &e);
    long wins = 0, unfinished = 0;
    double tsum = 0;
    for (int rep = 0; rep < R; rep++) {
        gsl_rng *r = vc_rng((uint64_t)rep);
        if (!m || gs_model_init(m, w, &p, r, &e) != GS_OK) {
            fprintf(stderr, "3a: %s\n", e.msg);
            exit(1);
        }
        long k, c = -1;
        for (k = 1; k <= 200000 && c < 0; k++) {
            gs_model_step(m, w, r);
            c = consensus(m, n);
        }
        if (c < 0)
            unfinished++;
        else
            wins += c == n;
        tsum += (double)k;
        gsl_rng_free(r);
    }
    double ph = (double)wins / R, se = sqrt(rho_w * (1 - rho_w) / R);
    char exp_[200], meas[200], tol[120];
    snprintf(exp_, sizeof exp_, "P(us wins) = degree-weighted share %.4f", rho_w);
    snprintf(meas, sizeof meas, "%ld/%d = %.4f (mean %.0f steps)%s", wins, R, ph, tsum / R,
             unfinished ? "; some runs did not reach consensus" : "");
    snprintf(tol, sizeof tol, "3.29 SE = %.4f (99.9%%)", 3.29 * se);
    int pass = !unfinished && fabs(ph - rho_w) <= 3.29 * se;
    vc_row("3a voter exit probability, BA N = 1000 m = 3, us on top-degree 20%",
           "Suchecki et al. 2005; Sood & Redner 2005", exp_, meas, tol, pass);
    if (!pass)
        fprintf(stderr,
                "3a: us won %ld of %d runs (%.4f), degree-weighted share %.4f, %ld "
                "unfinished\n",
                wins, R, ph, rho_w, unfinished);
    se = sqrt(ph * (1 - ph) / R);
    snprintf(exp_, sizeof exp_, "P(us wins) != plain share %.2f", plain);
    snprintf(meas, sizeof meas, "%.4f, %.1f SE from %.2f", ph, fabs(ph - plain) / se, plain);
    pass = fabs(ph - plain) > 3.29 * se;
    vc_row("3b voter exit probability differs from the plain share",
           "Sood & Redner 2005 (degree heterogeneity)", exp_, meas, "> 3.29 SE", pass);
    if (!pass)
        fprintf(stderr, "3b: exit probability %.4f is not distinguishable from %.2f\n", ph, plain);
    gs_model_free(m);
    gs_world_free(w);
    free(d);
}

/* Exact mean consensus time (in sweeps) of the random single-update voter
 * chain on the complete graph of N nodes, started from k `us` nodes:
 * 2 p_k T_k - p_k T_{k+1} - p_k T_{k-1} = 1, p_k = k(N-k)/(N(N-1)),
 * T_0 = T_N = 0 (Thomas algorithm), divided by N. */
static double exact_time(int N, int k0)
{
    int n = N - 1;
    double *b = vc_alloc((size_t)n, sizeof *b), *c = vc_alloc((size_t)n, sizeof *c);
    double *a = vc_alloc((size_t)n, sizeof *a), *d = vc_alloc((size_t)n, sizeof *d);
    for (int k = 1; k < N; k++) {
        double pk = (double)k * (N - k) / ((double)N * (N - 1));
        a[k - 1] = c[k - 1] = -pk;
        b[k - 1] = 2 * pk;
        d[k - 1] = 1;
    }
    for (int i = 1; i < n; i++) {
        double f = a[i] / b[i - 1];
        b[i] -= f * c[i - 1];
        d[i] -= f * d[i - 1];
    }
    double *x = vc_alloc((size_t)n, sizeof *x);
    x[n - 1] = d[n - 1] / b[n - 1];
    for (int i = n - 2; i >= 0; i--)
        x[i] = (d[i] - c[i] * x[i + 1]) / b[i];
    double t = x[k0 - 1] / N;
    free(a);
    free(b);
    free(c);
    free(d);
    free(x);
    return t;
}

static void consensus_time(int full, double x, uint64_t stream0)
{
    const int N = 100, R = full ? 2000 : 200;
    const double rho = getenv("VOTER_RHO") ? atof(getenv("VOTER_RHO")) : 0.02;
    gs_world *w = fx_world(N);
    w->implicit_complete = 1;
    int k0 = (int)lround(x * N);
    for (int i = 0; i < N; i++)
        w->init_align[i] = i < k0 ? GS_US : GS_CN;
    gs_params p;
    vc_quiet_params(&p);
    p.align_rule = GS_ALIGN_VOTER;
    p.align_update = GS_UPDATE_ASYNC;
    p.align_rate = -log1p(-rho); /* dt = 1: 1 - exp(-rate) = rho */
    gs_err e = {0};
    gs_model *m = gs_model_alloc(w, &e);
    double s1 = 0, s2 = 0;
    long unfinished = 0;
    for (int rep = 0; rep < R; rep++) {
        gsl_rng *r = vc_rng(stream0 + (uint64_t)rep);
        if (!m || gs_model_init(m, w, &p, r, &e) != GS_OK) {
            fprintf(stderr, "3c: %s\n", e.msg);
            exit(1);
        }
        long k = 0;
        while (consensus(m, N) < 0 && k < 10000000) {
            gs_model_step(m, w, r);
            k++;
        }
        if (consensus(m, N) < 0) unfinished++;
        double t = (double)k * rho; /* sweeps: expected updates per nation */
        s1 += t;
        s2 += t * t;
        gsl_rng_free(r);
    }
    double mean = s1 / R, sd = sqrt((s2 - s1 * s1 / R) / (R - 1)), se = sd / sqrt(R);
    double formula = -N * (x * log(x) + (1 - x) * log(1 - x)), exact = exact_time(N, k0);
    char name[120], exp_[200], meas[200], tol[120];
    snprintf(name, sizeof name, "3c voter consensus time, complete graph N = %d, x = %.1f", N, x);
    snprintf(exp_, sizeof exp_, "-N[x ln x + (1-x) ln(1-x)] = %.2f sweeps (exact chain %.2f)",
             formula, exact);
    snprintf(meas, sizeof meas, "%.2f +- %.2f sweeps (%d runs, async rho = %g)%s", mean, se, R, rho,
             unfinished ? "; unfinished runs" : "");
    snprintf(tol, sizeof tol, "|mean - exact| <= 4 SE = %.2f", 4 * se);
    int pass = !unfinished && fabs(mean - exact) <= 4 * se;
    vc_row(name, "Redner 2001; Sood & Redner 2005", exp_, meas, tol, pass);
    if (!pass)
        fprintf(stderr,
                "3c: x = %.1f: mean consensus time %.2f sweeps, exact chain %.2f, "
                "formula %.2f\n",
                x, mean, exact, formula);
    gs_model_free(m);
    fx_free(w);
}

int main(int argc, char **argv)
{
    int full = vc_mode(argc, argv);
    exit_probability(full);
    consensus_time(full, 0.5, 10000);
    consensus_time(full, 0.2, 20000);
    return 0;
}
