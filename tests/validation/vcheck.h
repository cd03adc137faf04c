/* vcheck.h - helpers shared by the validation programs check_*.c (not a
 * check itself: run.sh compiles only check_*.c, which include this file).
 *
 * The harness protocol (tests/validation/README.md): one line per check on
 * stdout, six tab-separated fields, verdict PASS or FAIL; details of a
 * failure on stderr; exit 0 whenever the rows were printed. */
#ifndef GS_VCHECK_H
#define GS_VCHECK_H

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../models/model.h"
#include "../../sim/rng.h"

#define VC_SEED 20250723u

/* Mode: 1 for `full` (make validate), 0 for `quick` (make test). */
static inline int vc_mode(int argc, char **argv)
{
    if (argc != 2 || (strcmp(argv[1], "quick") && strcmp(argv[1], "full"))) {
        fprintf(stderr, "usage: %s quick|full\n", argv[0]);
        exit(2);
    }
    return !strcmp(argv[1], "full");
}

/* Tabs would break the table: a field never holds one. */
static inline void vc_field(const char *s, int last)
{
    for (; *s; s++)
        putchar(*s == '\t' || *s == '\n' ? ' ' : *s);
    putchar(last ? '\n' : '\t');
}

static inline void vc_row(const char *check, const char *source, const char *expected,
                          const char *measured, const char *tol, int pass)
{
    vc_field(check, 0);
    vc_field(source, 0);
    vc_field(expected, 0);
    vc_field(measured, 0);
    vc_field(tol, 0);
    vc_field(pass ? "PASS" : "FAIL", 1);
    fflush(stdout);
}

static inline void *vc_alloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    return p;
}

static inline gsl_rng *vc_rng(uint64_t replicate)
{
    gs_err e = {0};
    gsl_rng *r = gs_rng_alloc(VC_SEED, GS_RNG_DYNAMICS, 0, replicate, &e);
    if (!r) {
        fprintf(stderr, "%s\n", e.msg);
        exit(1);
    }
    return r;
}

/* Defaults with everything that is not under test switched off: no budgets
 * (strategy none), no standards revisions, dt = 1 year; output.level =
 * shares, so that sync steps may skip the probabilities of nations that do
 * not revise (the checks read states, not prob; the draws are the same). */
static inline void vc_quiet_params(gs_params *p)
{
    gs_params_defaults(p);
    p->dt = 1;
    for (int o = GS_US; o <= GS_CN; o++) {
        p->pole[o].budget = 0;
        p->pole[o].strategy = GS_STRAT_NONE;
    }
    p->std_rate = 0;
    p->out_level = GS_OUT_SHARES;
}

static inline gs_model *vc_model(const gs_world *w, const gs_params *p, gsl_rng *r)
{
    gs_err e = {0};
    gs_model *m = gs_model_alloc(w, &e);
    if (!m || gs_model_init(m, w, p, r, &e) != GS_OK) {
        fprintf(stderr, "model: %s\n", e.msg);
        exit(1);
    }
    return m;
}

/* Pearson chi-square of counts against expected probabilities over k cells,
 * cells with expected count < 5 pooled into one (and the pool merged with
 * the next smallest cell while it is still below 5).  Writes the degrees of
 * freedom (cells after pooling - 1); returns the statistic. */
typedef struct vc_cell {
    double ex, obs;
} vc_cell;

static inline int vc_by_expected(const void *a, const void *b)
{
    double x = ((const vc_cell *)a)->ex, y = ((const vc_cell *)b)->ex;
    return x < y ? -1 : x > y ? 1 : 0;
}

static inline double vc_chisq(const double *count, const double *prob, size_t k, double total,
                              int *df)
{
    vc_cell *cell = vc_alloc(k, sizeof *cell);
    for (size_t c = 0; c < k; c++)
        cell[c] = (vc_cell){prob[c] * total, count[c]};
    qsort(cell, k, sizeof *cell, vc_by_expected);
    double pe = 0, po = 0, x2 = 0;
    size_t c = 0;
    int cells = 0;
    for (; c < k && cell[c].ex < 5; c++) {
        pe += cell[c].ex;
        po += cell[c].obs;
    }
    if (pe > 0 && pe < 5 && c < k) {
        pe += cell[c].ex;
        po += cell[c].obs;
        c++;
    }
    if (pe > 0) {
        x2 += (po - pe) * (po - pe) / pe;
        cells++;
    }
    for (; c < k; c++) {
        double d = cell[c].obs - cell[c].ex;
        x2 += d * d / cell[c].ex;
        cells++;
    }
    *df = cells - 1;
    free(cell);
    return x2;
}

#endif
