/* check_5_watts.c - validation check 5: Watts (2002) global cascades.
 *
 *   check_5_watts quick|full
 *
 * standards.rule = threshold on Erdos-Renyi graphs G(N, M), N = 10^4,
 * M = round(N z / 2) edges (igraph_erdos_renyi_game_gnm, a new graph every
 * trial), every threshold phi = 0.18, one adopter drawn uniformly at the
 * start (its initial track set to multilateral), everyone else none.  With
 * standards.rate = 100 and dt = 1 (rho_s = 1 - e^-100, 1 in double) every
 * non-adopter revises every step, synchronously: a nation adopts when the
 * adopted share of its neighbours reaches 0.18; the run stops when a step
 * adds no adopter (sync and deterministic from there on, so nothing can
 * change any more).  A global cascade is more than 10% of the nations
 * adopting.
 *
 * 5a  cascades in at least 60% of 400 trials at z = 2, 3, 4 (quick: 100);
 * 5b  in at most 1% of 400 trials at z = 0.5, 0.9, 7 and 10 (quick: 100,
 *     at most 1 cascade);
 * 5c  the whole curve z = 0.5 ... 10 (full mode; quick: the seven z above),
 *     with the analytic window of the branching condition
 *     sum_{k=1}^{K*} k (k-1) p_k = z, K* = floor(1/phi) = 5, p_k Poisson(z):
 *     z in (1.02, 5.76).  Checked: every z where cascades occur in more
 *     than 5% of trials lies within the window widened by 1.5 on the upper
 *     side (finite N moves the upper edge: at z near 6 the vulnerable
 *     cluster is small but a 10^4-node graph still percolates it now and
 *     then) and by nothing on the lower side.
 * Alignment is frozen (voter rule on the empty border layer, rate 0). */
#include <igraph/igraph.h>

#include "vcheck.h"

#include "../unit/world_fixture.c"

#define N 10000
#define PHI 0.18

/* Poisson branching condition of Watts (2002) for uniform threshold phi. */
static double branching(double z)
{
    int kstar = (int)floor(1.0 / PHI);
    double s = 0, pk = exp(-z); /* p_0 */
    for (int k = 1; k <= kstar; k++) {
        pk *= z / k;
        s += k * (k - 1.0) * pk;
    }
    return s - z;
}

static double bisect(double lo, double hi)
{
    for (int it = 0; it < 60; it++) {
        double mid = 0.5 * (lo + hi);
        if ((branching(mid) > 0) == (branching(lo) > 0))
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

typedef struct zres {
    double z;
    int trials, cascades;
    double size; /* mean final adopted share over the cascades */
} zres;

static void run_z(gs_world *w, gs_model *m, double z, int trials, uint64_t stream0, zres *out)
{
    gs_params p;
    vc_quiet_params(&p);
    p.align_rule = GS_ALIGN_VOTER;
    p.voter_layer = GS_LAYERSEL_BORDER; /* empty: alignment stays put, cheaply */
    p.align_rate = 0;
    p.align_init = GS_INIT_HEDGE;
    p.std_rule = GS_STD_THRESHOLD;
    p.std_layer = GS_LAYERSEL_TRADE;
    p.std_rate = 100;
    p.std_phi = PHI;
    p.std_phi_sd = 0;
    igraph_integer_t M = (igraph_integer_t)llround(N * z / 2);
    int32_t *src = vc_alloc((size_t)M, sizeof *src), *dst = vc_alloc((size_t)M, sizeof *dst);
    out->z = z;
    out->trials = trials;
    out->cascades = 0;
    out->size = 0;
    for (int t = 0; t < trials; t++) {
        gsl_rng *r = vc_rng(stream0 + (uint64_t)t);
        igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)gs_rng_u64(r));
        igraph_t g;
        igraph_vector_int_t el;
        if (igraph_erdos_renyi_game_gnm(&g, N, M, IGRAPH_UNDIRECTED, IGRAPH_NO_LOOPS) ||
            igraph_vector_int_init(&el, 0) || igraph_get_edgelist(&g, &el, 0)) {
            fprintf(stderr, "igraph failed\n");
            exit(1);
        }
        for (igraph_integer_t k = 0; k < M; k++) {
            src[k] = (int32_t)VECTOR(el)[2 * k];
            dst[k] = (int32_t)VECTOR(el)[2 * k + 1];
        }
        igraph_vector_int_destroy(&el);
        igraph_destroy(&g);
        fx_layer(w, GS_L_TRADE, (size_t)M, src, dst, NULL);
        int seed = (int)gsl_rng_uniform_int(r, N);
        w->init_track[seed] = GS_T_MULTI;
        gs_err e = {0};
        if (gs_model_init(m, w, &p, r, &e) != GS_OK) {
            fprintf(stderr, "model: %s\n", e.msg);
            exit(1);
        }
        w->init_track[seed] = -1;
        long before = 1, now = 1;
        do {
            before = now;
            gs_model_step(m, w, r);
            const uint8_t *tr = gs_model_track(m);
            now = 0;
            for (int i = 0; i < N; i++)
                now += tr[i] != GS_T_NONE;
        } while (now != before);
        if (now > N / 10) {
            out->cascades++;
            out->size += (double)now / N;
        }
        gsl_rng_free(r);
    }
    if (out->cascades) out->size /= out->cascades;
    free(src);
    free(dst);
}

int main(int argc, char **argv)
{
    int full = vc_mode(argc, argv);
    const int trials = full ? 400 : 100;
    const double zfull[] = {0.5, 0.9, 1.0, 1.25, 1.5, 2, 3, 4, 5, 5.5, 6, 6.5, 7, 8, 10};
    const double zquick[] = {0.5, 0.9, 2, 3, 4, 7, 10};
    const double *zs = full ? zfull : zquick;
    size_t nz = full ? sizeof zfull / sizeof zfull[0] : sizeof zquick / sizeof zquick[0];
    igraph_set_error_handler(igraph_error_handler_printignore);
    gs_world *w = fx_world(N);
    gs_err e = {0};
    gs_model *m = gs_model_alloc(w, &e);
    if (!m) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    zres *res = vc_alloc(nz, sizeof *res);
    for (size_t k = 0; k < nz; k++) {
        run_z(w, m, zs[k], trials, 1000000 * (uint64_t)(k + 1), &res[k]);
        fprintf(stderr, "z = %g: %d/%d cascades, mean size %.3f\n", res[k].z, res[k].cascades,
                res[k].trials, res[k].size);
    }
    const char *src = "Watts 2002";
    char exp_[200], meas[400], tol[100];

    /* 5a */
    int pass = 1;
    size_t len = 0;
    for (size_t k = 0; k < nz; k++)
        if (zs[k] == 2 || zs[k] == 3 || zs[k] == 4) {
            double f = (double)res[k].cascades / trials;
            len += (size_t)snprintf(meas + len, sizeof meas - len, "%sz=%g: %.3f", len ? ", " : "",
                                    zs[k], f);
            if (f < 0.6) {
                pass = 0;
                fprintf(stderr, "5a: z = %g: cascades in %.3f of trials, expected >= 0.6\n", zs[k],
                        f);
            }
        }
    snprintf(exp_, sizeof exp_, "cascade frequency >= 0.60 (%d trials each)", trials);
    vc_row("5a Watts global cascades inside the window, ER N = 10^4, phi = 0.18, z = 2, 3, 4", src,
           exp_, meas, ">= 0.60", pass);

    /* 5b */
    pass = 1;
    len = 0;
    int cap = trials / 100;
    for (size_t k = 0; k < nz; k++)
        if (zs[k] == 0.5 || zs[k] == 0.9 || zs[k] == 7 || zs[k] == 10) {
            len += (size_t)snprintf(meas + len, sizeof meas - len, "%sz=%g: %d", len ? ", " : "",
                                    zs[k], res[k].cascades);
            if (res[k].cascades > cap) {
                pass = 0;
                fprintf(stderr, "5b: z = %g: %d cascades in %d trials, expected at most %d\n",
                        zs[k], res[k].cascades, trials, cap);
            }
        }
    snprintf(exp_, sizeof exp_, "at most %d cascades of %d trials (1%%)", cap, trials);
    snprintf(tol, sizeof tol, "<= %d", cap);
    vc_row("5b Watts: no global cascades outside the window, z = 0.5, 0.9, 7, 10", src, exp_, meas,
           tol, pass);

    /* 5c */
    double lo = bisect(0.5, 3), hi = bisect(3, 9);
    pass = 1;
    len = 0;
    for (size_t k = 0; k < nz; k++) {
        double f = (double)res[k].cascades / trials;
        len +=
            (size_t)snprintf(meas + len, sizeof meas - len, "%s%g:%.2f", len ? " " : "", zs[k], f);
        if (f > 0.05 && (zs[k] < lo || zs[k] > hi + 1.5)) {
            pass = 0;
            fprintf(stderr, "5c: z = %g: cascades in %.3f of trials, outside (%.2f, %.2f + 1.5)\n",
                    zs[k], f, lo, hi);
        }
    }
    snprintf(exp_, sizeof exp_, "window z in (%.2f, %.2f) (branching condition)", lo, hi);
    vc_row("5c Watts cascade frequency over z (z:frequency)", src, exp_, meas,
           "frequency > 0.05 only for lo <= z <= hi + 1.5", pass);
    gs_model_free(m);
    fx_free(w);
    free(res);
    return 0;
}
