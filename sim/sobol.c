/* sobol.c - Saltelli design and Sobol index estimators (sobol.h). */
#include "sobol.h"

#include <gsl/gsl_qrng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int32_t gs_saltelli_max_k(void)
{
    return (int32_t)(gsl_qrng_sobol->max_dimension / 2);
}

void gs_saltelli_free(gs_saltelli *s)
{
    if (!s) return;
    free(s->a);
    free(s->b);
    free(s);
}

gs_saltelli *gs_saltelli_alloc(int32_t k, int64_t n, gs_err *e)
{
    if (k < 1 || n < 2) {
        gs_err_set(e, GS_EINPUT, "sensitivity: need at least 1 parameter and 2 base samples");
        return NULL;
    }
    if (k > gs_saltelli_max_k()) {
        gs_err_set(e, GS_EINPUT,
                   "sensitivity: %d parameters need a %d-dimensional Sobol sequence, but GSL's "
                   "generator supports %u dimensions (at most %d parameters)",
                   (int)k, 2 * (int)k, gsl_qrng_sobol->max_dimension, (int)gs_saltelli_max_k());
        return NULL;
    }
    if (n > (int64_t)1 << 40) {
        gs_err_set(e, GS_EINPUT, "sensitivity: too many base samples");
        return NULL;
    }
    gs_saltelli *s = gs_calloc(1, sizeof *s, "saltelli design", e);
    double *row = NULL;
    gsl_qrng *q = NULL;
    if (!s) return NULL;
    s->k = k;
    s->n = n;
    s->a = gs_calloc((size_t)n * (size_t)k, sizeof *s->a, "saltelli design", e);
    s->b = gs_calloc((size_t)n * (size_t)k, sizeof *s->b, "saltelli design", e);
    row = gs_calloc(2 * (size_t)k, sizeof *row, "saltelli design", e);
    if (!s->a || !s->b || !row) goto fail;
    q = gsl_qrng_alloc(gsl_qrng_sobol, 2 * (unsigned)k);
    if (!q) {
        gs_err_set(e, GS_ERUN, "out of memory (sobol sequence)");
        goto fail;
    }
    for (int64_t j = 0; j < n; j++) {
        gsl_qrng_get(q, row);
        memcpy(s->a + j * k, row, (size_t)k * sizeof *row);
        memcpy(s->b + j * k, row + k, (size_t)k * sizeof *row);
    }
    gsl_qrng_free(q);
    free(row);
    return s;
fail:
    free(row);
    gs_saltelli_free(s);
    return NULL;
}

int64_t gs_saltelli_npoints(const gs_saltelli *s)
{
    return s->n * (s->k + 2);
}

void gs_saltelli_point(const gs_saltelli *s, int64_t point, double *u)
{
    int64_t block = point / s->n, j = point % s->n;
    const double *a = s->a + j * s->k, *b = s->b + j * s->k;
    if (block == 0) {
        memcpy(u, a, (size_t)s->k * sizeof *u);
    } else if (block == 1) {
        memcpy(u, b, (size_t)s->k * sizeof *u);
    } else {
        memcpy(u, a, (size_t)s->k * sizeof *u);
        u[block - 2] = b[block - 2];
    }
}

/* Estimates on the rows rows[0..m-1] (indices into 0..n-1, repeats
 * allowed).  fA = y, fB = y + n, fABi = y + (2 + i) n. */
static void estimate(int32_t k, int64_t n, const double *y, const int64_t *rows, int64_t m,
                     double *s1, double *st)
{
    const double *fa = y, *fb = y + n;
    /* V over A and B together (rows where both are finite), two-pass. */
    double sum = 0;
    int64_t cnt = 0;
    for (int64_t t = 0; t < m; t++) {
        int64_t j = rows[t];
        if (!isfinite(fa[j]) || !isfinite(fb[j])) continue;
        sum += fa[j] + fb[j];
        cnt += 2;
    }
    double v = NAN, mean = cnt ? sum / (double)cnt : 0;
    if (cnt >= 4) {
        double ss = 0;
        for (int64_t t = 0; t < m; t++) {
            int64_t j = rows[t];
            if (!isfinite(fa[j]) || !isfinite(fb[j])) continue;
            ss += (fa[j] - mean) * (fa[j] - mean) + (fb[j] - mean) * (fb[j] - mean);
        }
        v = ss / (double)(cnt - 1);
    }
    for (int32_t i = 0; i < k; i++) {
        const double *fab = y + (2 + i) * n;
        double a1 = 0, at = 0;
        int64_t c = 0;
        for (int64_t t = 0; t < m; t++) {
            int64_t j = rows[t];
            if (!isfinite(fa[j]) || !isfinite(fb[j]) || !isfinite(fab[j])) continue;
            /* Centring f_B changes nothing in expectation (the mean of
             * f_ABi - f_A is 0) but removes the mean's large contribution
             * to the estimator's variance. */
            a1 += (fb[j] - mean) * (fab[j] - fa[j]);
            at += (fa[j] - fab[j]) * (fa[j] - fab[j]);
            c++;
        }
        if (c < 2 || !(v > 0)) {
            s1[i] = st[i] = NAN;
        } else {
            s1[i] = a1 / (double)c / v;
            st[i] = at / (double)c / (2 * v);
        }
    }
}

int gs_sobol_indices(int32_t k, int64_t n, const double *y, int64_t nboot, double level, gsl_rng *r,
                     double *s1, double *s1_lo, double *s1_hi, double *st, double *st_lo,
                     double *st_hi, gs_err *e)
{
    if (k < 1 || n < 2 || !y || (nboot > 0 && !r) || !(level > 0 && level < 1))
        return gs_err_set(e, GS_EINPUT, "gs_sobol_indices: bad arguments");
    int rc = GS_OK;
    int64_t *rows = gs_calloc((size_t)n, sizeof *rows, "bootstrap", e);
    double *bs1 = NULL, *bst = NULL, *tmp1 = NULL, *tmpt = NULL;
    if (!rows) return GS_ERUN;
    for (int64_t j = 0; j < n; j++)
        rows[j] = j;
    estimate(k, n, y, rows, n, s1, st);
    for (int32_t i = 0; i < k; i++)
        s1_lo[i] = s1_hi[i] = st_lo[i] = st_hi[i] = NAN;
    if (nboot <= 0) goto done;

    bs1 = gs_calloc((size_t)nboot * (size_t)k, sizeof *bs1, "bootstrap", e);
    bst = gs_calloc((size_t)nboot * (size_t)k, sizeof *bst, "bootstrap", e);
    tmp1 = gs_calloc((size_t)k, sizeof *tmp1, "bootstrap", e);
    tmpt = gs_calloc((size_t)k, sizeof *tmpt, "bootstrap", e);
    if (!bs1 || !bst || !tmp1 || !tmpt) {
        rc = GS_ERUN;
        goto done;
    }
    for (int64_t b = 0; b < nboot; b++) {
        for (int64_t j = 0; j < n; j++)
            rows[j] = (int64_t)gsl_rng_uniform_int(r, (unsigned long)n);
        estimate(k, n, y, rows, n, tmp1, tmpt);
        for (int32_t i = 0; i < k; i++) {
            bs1[i * nboot + b] = tmp1[i];
            bst[i * nboot + b] = tmpt[i];
        }
    }
    double plo = (1 - level) / 2, phi = 1 - plo;
    for (int32_t i = 0; i < k; i++) {
        double *x1 = bs1 + i * nboot, *xt = bst + i * nboot;
        /* A resample with a NaN index (V = 0) gives no interval. */
        int ok = isfinite(s1[i]);
        for (int64_t b = 0; b < nboot && ok; b++)
            ok = isfinite(x1[b]) && isfinite(xt[b]);
        if (!ok) continue;
        gsl_sort(x1, 1, (size_t)nboot);
        gsl_sort(xt, 1, (size_t)nboot);
        s1_lo[i] = gsl_stats_quantile_from_sorted_data(x1, 1, (size_t)nboot, plo);
        s1_hi[i] = gsl_stats_quantile_from_sorted_data(x1, 1, (size_t)nboot, phi);
        st_lo[i] = gsl_stats_quantile_from_sorted_data(xt, 1, (size_t)nboot, plo);
        st_hi[i] = gsl_stats_quantile_from_sorted_data(xt, 1, (size_t)nboot, phi);
    }
done:
    free(rows);
    free(bs1);
    free(bst);
    free(tmp1);
    free(tmpt);
    return rc;
}
