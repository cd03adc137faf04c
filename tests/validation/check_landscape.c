/* check_landscape.c - validation check 6: the Axelrod-Bennett landscape.
 *
 *   check_landscape quick|full
 *
 * 6a  On random symmetric instances of 2 to 12 actors (continuous sizes and
 *     propensities, and integer ones full of exact ties), the enumerator of
 *     models/landscape.c agrees with an independent brute-force oracle
 *     written here from the definition: the energy of every configuration,
 *     the set of local minima (no single switch lowers E by more than
 *     1e-12 * scale; ties count as minima) and every basin size under the
 *     documented descent (largest decrease first; decreases within the
 *     tolerance of the largest tie, lowest actor index wins).
 * 6b  Balanced propensities p_ij = sigma_i sigma_j w_ij (w > 0 symmetric,
 *     sigma = +-1): the split by sigma is the unique global minimum up to
 *     swapping camp labels (Axelrod & Bennett 1993, after Cartwright &
 *     Harary 1956's structural balance), with E* = -sum_{sigma_i != sigma_j}
 *     s_i s_j w_ij (ordered pairs).  Full mode adds n = 20 (exact basins) and n = 28
 *     (sampled basins).
 * 6c  Annealed logit dynamics (the path for more than 30 actors) finds that
 *     ground state on balanced instances of 40 (quick) and 40, 60, 100 (full)
 *     actors.
 *
 * Prints one tab-separated line per check: check, source, expected,
 * measured, tolerance, verdict; details of any failure go to stderr.  Fixed
 * seeds.  Exit 0 when every line was printed (verdicts included), 1 on an
 * internal error. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../models/landscape.h"
#include "../../sim/rng.h"

#define SEED 20250723u

/* ---- the oracle: definition-level code, sharing nothing with the model ---- */

/* E over ordered pairs for a full n-bit configuration c. */
static double oracle_energy(int n, const double *s, const double *p, unsigned c)
{
    double E = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            if (j != i && (((c >> i) ^ (c >> j)) & 1u)) E += s[i] * s[j] * p[i * n + j];
    return E;
}

/* Label symmetry: the representative keeps actor 0 in camp A (bit 0 clear). */
static unsigned canon(int n, unsigned c)
{
    return (c & 1u) ? (~c) & ((1u << n) - 1) : c;
}

typedef struct oracle {
    int n;
    double scale, tol;
    double *E;       /* 2^n: every labelled configuration */
    unsigned *dest;  /* 2^(n-1): minimum each canonical configuration descends to */
    int *ismin;      /* 2^(n-1) */
} oracle;

static int oracle_run(oracle *o, int n, const double *s, const double *p)
{
    unsigned full = 1u << n, half = full >> 1;
    o->n = n;
    o->E = malloc(full * sizeof *o->E);
    o->dest = malloc(half * sizeof *o->dest);
    o->ismin = malloc(half * sizeof *o->ismin);
    if (!o->E || !o->dest || !o->ismin) return -1;
    o->scale = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            if (j != i) o->scale += s[i] * s[j] * fabs(p[i * n + j]);
    o->tol = 1e-12 * o->scale;
    for (unsigned c = 0; c < full; c++) o->E[c] = oracle_energy(n, s, p, c);
    for (unsigned k = 0; k < half; k++) {
        unsigned c = k << 1;
        o->ismin[k] = 1;
        for (int i = 0; i < n; i++)
            if (o->E[c ^ (1u << i)] - o->E[c] < -o->tol) o->ismin[k] = 0;
    }
    for (unsigned k = 0; k < half; k++) {
        unsigned c = k << 1;
        for (;;) {
            double dE[32], best = 0;
            for (int i = 0; i < n; i++) {
                dE[i] = o->E[c ^ (1u << i)] - o->E[c];
                if (dE[i] < best) best = dE[i];
            }
            if (best >= -o->tol) break;
            int pick = -1;
            for (int i = 0; i < n && pick < 0; i++)
                if (dE[i] < -o->tol && dE[i] <= best + o->tol) pick = i;
            c = canon(n, c ^ (1u << pick));
        }
        o->dest[k] = c >> 1;
    }
    return 0;
}

static void oracle_free(oracle *o)
{
    free(o->E);
    free(o->dest);
    free(o->ismin);
}

/* ---- instances ---- */

/* kind 0: s in [0.1, 2.1), p in [-1, 1); kind 1: s = 1, p in {-1, 0, 1};
 * kind 2: s in {1, 2, 3}, p in {-2..2} (exact ties and equal energies). */
static gs_land *instance(gsl_rng *r, int n, int kind)
{
    gs_err e = {0};
    gs_land *l = gs_land_alloc(n, &e);
    if (!l) return NULL;
    for (int i = 0; i < n; i++) {
        char nm[16];
        snprintf(nm, sizeof nm, "a%d", i);
        if (gs_land_set_name(l, i, nm, &e)) {
            gs_land_free(l);
            return NULL;
        }
        l->s[i] = kind == 0 ? 0.1 + 2 * gsl_rng_uniform(r)
                  : kind == 1 ? 1
                              : 1 + (double)gsl_rng_uniform_int(r, 3);
    }
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            double v = kind == 0   ? 2 * gsl_rng_uniform(r) - 1
                       : kind == 1 ? (double)gsl_rng_uniform_int(r, 3) - 1
                                   : (double)gsl_rng_uniform_int(r, 5) - 2;
            l->p[i * n + j] = l->p[j * n + i] = v;
        }
    return l;
}

static void row(const char *check, const char *source, const char *expected, const char *measured,
                const char *tol, int pass)
{
    printf("%s\t%s\t%s\t%s\t%s\t%s\n", check, source, expected, measured, tol,
           pass ? "PASS" : "FAIL");
}

/* 6a.  Returns 0 after printing its line, -1 on an internal error. */
static int check_oracle(int quick)
{
    int ninst = quick ? 150 : 3000, agree = 0;
    double maxdev = 0;
    char first[256] = "";
    gs_err e = {0};
    gsl_rng *r = gs_rng_alloc(SEED, GS_RNG_DESIGN, 6, 1, &e);
    if (!r) return -1;
    for (int t = 0; t < ninst; t++) {
        int n = 2 + (int)gsl_rng_uniform_int(r, 11), kind = t % 3;
        gs_land *l = instance(r, n, kind);
        unsigned half = 1u << (n - 1);
        double *E = malloc(half * sizeof *E);
        oracle o = {0};
        if (!l || !E || oracle_run(&o, n, l->s, l->p)) return -1;
        gs_land_result *res = gs_land_enumerate(l, NULL, E, &e);
        if (!res) {
            fprintf(stderr, "6a: instance %d: %s\n", t, e.msg);
            return -1;
        }
        char why[256] = "";
        /* energies */
        for (unsigned k = 0; k < half && !why[0]; k++) {
            double d = fabs(E[k] - o.E[k << 1]) / (o.scale > 0 ? o.scale : 1);
            if (d > maxdev) maxdev = d;
            if (d > 1e-9)
                snprintf(why, sizeof why, "E(config 0x%x) = %.17g vs oracle %.17g", k << 1, E[k],
                         o.E[k << 1]);
        }
        /* minima and basins */
        size_t nmin = 0;
        for (unsigned k = 0; k < half; k++) nmin += (size_t)o.ismin[k];
        if (!why[0] && nmin != res->nmin)
            snprintf(why, sizeof why, "%zu local minima vs oracle %zu", res->nmin, nmin);
        for (size_t q = 0; q < res->nmin && !why[0]; q++) {
            unsigned k = res->min[q].config >> 1;
            uint64_t b = 0;
            for (unsigned c = 0; c < half; c++) b += o.dest[c] == k;
            if (!o.ismin[k])
                snprintf(why, sizeof why, "config 0x%x listed as a minimum, oracle disagrees",
                         res->min[q].config);
            else if (b != res->min[q].basin)
                snprintf(why, sizeof why, "basin of 0x%x = %llu vs oracle %llu",
                         res->min[q].config, (unsigned long long)res->min[q].basin,
                         (unsigned long long)b);
            else if (fabs(res->min[q].energy - o.E[k << 1]) > o.tol + 1e-15)
                snprintf(why, sizeof why, "E of minimum 0x%x = %.17g vs oracle %.17g",
                         res->min[q].config, res->min[q].energy, o.E[k << 1]);
        }
        if (why[0]) {
            fprintf(stderr, "6a: instance %d (n=%d, kind %d): %s\n", t, n, kind, why);
            if (!first[0])
                snprintf(first, sizeof first, "instance %d (n=%d, kind %d): %.200s", t, n, kind,
                         why);
        } else {
            agree++;
        }
        gs_land_result_free(res);
        oracle_free(&o);
        free(E);
        gs_land_free(l);
    }
    gsl_rng_free(r);
    char expected[64], measured[400];
    snprintf(expected, sizeof expected, "%d/%d instances identical", ninst, ninst);
    if (first[0])
        snprintf(measured, sizeof measured, "%d/%d; first difference: %s", agree, ninst, first);
    else
        snprintf(measured, sizeof measured, "%d/%d; max |E - oracle|/scale = %.1e", agree, ninst,
                 maxdev);
    row("6a landscape enumerator = brute-force oracle (n 2-12)",
        "Axelrod & Bennett 1993 (definition)", expected, measured,
        "E 1e-9*scale; minima, basins exact", agree == ninst);
    return 0;
}

/* One balanced instance; returns 1 when the sigma split is the unique
 * global minimum with the closed-form energy, 0 otherwise (why filled). */
static int balanced_one(gsl_rng *r, int n, int anneal, int64_t sweeps, char *why, size_t len)
{
    gs_err e = {0};
    gs_land *l = gs_land_alloc(n, &e);
    int *sigma = malloc((size_t)n * sizeof *sigma);
    uint8_t *want = malloc((size_t)n);
    double *E = NULL;
    int ok = 0;
    if (!l || !sigma || !want) goto done;
    for (int i = 0; i < n; i++) {
        char nm[16];
        snprintf(nm, sizeof nm, "a%d", i);
        gs_land_set_name(l, i, nm, &e);
        sigma[i] = gsl_rng_uniform(r) < 0.5 ? 1 : -1;
        l->s[i] = 0.1 + 2 * gsl_rng_uniform(r);
    }
    double Estar = 0;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            double w = 0.05 + gsl_rng_uniform(r);
            l->p[i * n + j] = l->p[j * n + i] = sigma[i] * sigma[j] * w;
            if (sigma[i] != sigma[j]) Estar -= 2 * l->s[i] * l->s[j] * w;
        }
    for (int i = 0; i < n; i++) want[i] = sigma[i] != sigma[0];
    gs_land_result *res;
    if (anneal) {
        res = gs_land_anneal(l, sweeps, 4, r, &e);
    } else {
        if (n <= 20) E = malloc(((size_t)1 << (n - 1)) * sizeof *E);
        res = gs_land_enumerate(l, r, E, &e);
    }
    if (!res) {
        snprintf(why, len, "n=%d: %.200s", n, e.msg);
        goto done;
    }
    const gs_land_min *g = &res->min[0];
    if (memcmp(g->camp, want, (size_t)n)) {
        snprintf(why, len, "n=%d: global minimum is not the sigma split (E %.17g vs E* %.17g)", n,
                 g->energy, Estar);
    } else if (fabs(g->energy - Estar) > 1e-9 * res->scale) {
        snprintf(why, len, "n=%d: E = %.17g vs closed form %.17g", n, g->energy, Estar);
    } else if (res->nmin > 1 && !(res->min[1].energy > g->energy + res->tol)) {
        snprintf(why, len, "n=%d: second minimum ties the ground state", n);
    } else {
        ok = 1;
        if (E)
            for (size_t k = 0; k < ((size_t)1 << (n - 1)); k++)
                if ((uint32_t)(k << 1) != g->config && !(E[k] > g->energy + res->tol)) {
                    snprintf(why, len, "n=%d: config 0x%zx has E %.17g <= E* %.17g", n, k << 1,
                             E[k], g->energy);
                    ok = 0;
                    break;
                }
    }
    gs_land_result_free(res);
done:
    free(E);
    free(sigma);
    free(want);
    gs_land_free(l);
    return ok;
}

static void check_balanced(int quick)
{
    gs_err e = {0};
    gsl_rng *r = gs_rng_alloc(SEED, GS_RNG_DESIGN, 6, 2, &e);
    int ninst = quick ? 60 : 600, nbig = quick ? 0 : 2, good = 0, total = 0;
    char first[300] = "", why[256];
    for (int t = 0; t < ninst + nbig; t++) {
        int n = t < ninst ? 2 + (int)gsl_rng_uniform_int(r, 11) : t == ninst ? 20 : 28;
        why[0] = '\0';
        total++;
        if (balanced_one(r, n, 0, 0, why, sizeof why)) {
            good++;
        } else {
            fprintf(stderr, "6b: instance %d: %s\n", t, why);
            if (!first[0]) snprintf(first, sizeof first, "instance %d: %.250s", t, why);
        }
    }
    gsl_rng_free(r);
    char expected[96], measured[400];
    snprintf(expected, sizeof expected, "sigma split unique global min in %d/%d", total, total);
    snprintf(measured, sizeof measured, "%d/%d%s%s", good, total, first[0] ? "; first failure: " : "",
             first);
    row(quick ? "6b landscape balanced p: sigma split unique (n 2-12)"
              : "6b landscape balanced p: sigma split unique (n 2-12, 20, 28)",
        "Axelrod & Bennett 1993; Cartwright & Harary 1956", expected, measured,
        "gap > 1e-12*scale; E* 1e-9*scale", good == total);
}

static void check_anneal(int quick)
{
    gs_err e = {0};
    gsl_rng *r = gs_rng_alloc(SEED, GS_RNG_DESIGN, 6, 3, &e);
    static const int sizes[] = {40, 60, 100};
    int ninst = quick ? 1 : 3, good = 0;
    char first[300] = "", why[256];
    for (int t = 0; t < ninst; t++) {
        why[0] = '\0';
        if (balanced_one(r, sizes[t], 1, quick ? 300 : 2000, why, sizeof why)) {
            good++;
        } else {
            fprintf(stderr, "6c: %s\n", why);
            if (!first[0]) snprintf(first, sizeof first, "%.250s", why);
        }
    }
    gsl_rng_free(r);
    char expected[96], measured[400];
    snprintf(expected, sizeof expected, "ground state found in %d/%d", ninst, ninst);
    snprintf(measured, sizeof measured, "%d/%d%s%s", good, ninst, first[0] ? "; " : "", first);
    row(quick ? "6c landscape annealing finds balanced ground state (n 40)"
              : "6c landscape annealing finds balanced ground state (n 40, 60, 100)",
        "Axelrod & Bennett 1993 (n > 30 path)", expected, measured,
        quick ? "4 runs x 300 sweeps" : "4 runs x 2000 sweeps", good == ninst);
}

int main(int argc, char **argv)
{
    if (argc != 2 || (strcmp(argv[1], "quick") && strcmp(argv[1], "full"))) {
        fprintf(stderr, "usage: check_landscape quick|full\n");
        return 2;
    }
    int quick = !strcmp(argv[1], "quick");
    if (check_oracle(quick)) {
        fprintf(stderr, "check_landscape: internal error (out of memory?)\n");
        return 1;
    }
    check_balanced(quick);
    check_anneal(quick);
    return 0;
}
