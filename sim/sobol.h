/* sobol.h - variance-based sensitivity analysis: the Saltelli design and
 * the first-order and total Sobol indices with bootstrap intervals.
 *
 * Design (Saltelli 2002; Saltelli et al. 2010): two N x k matrices A and B
 * of points in the unit cube, taken from one 2k-dimensional Sobol sequence
 * (A the first k coordinates, B the last k), and for each parameter i the
 * matrix AB_i = A with column i from B.  The model runs N (k + 2) points, in
 * this order:
 *     [0, N)                 rows of A
 *     [N, 2N)                rows of B
 *     [(2 + i) N, (3 + i) N) rows of AB_i,  i = 0..k-1
 *
 * Estimators, with f_A, f_B, f_ABi the outputs and V the variance of the
 * 2N outputs of A and B together:
 *     S1_i = mean_j f_B(j) (f_ABi(j) - f_A(j)) / V       Saltelli et al. 2010
 *            (with f_B centred on the mean of A and B: same expectation,
 *            much smaller variance when the outputs are far from 0)
 *     ST_i = mean_j (f_A(j) - f_ABi(j))^2 / (2 V)        Jansen 1999
 * Rows whose outputs are not finite (a failed design point) are left out
 * of the sums that use them.  Intervals: percentile bootstrap over the rows
 * j (the same resampled rows for every parameter). */
#ifndef GS_SOBOL_H
#define GS_SOBOL_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

#include "err.h"

typedef struct gs_saltelli {
    int32_t k;     /* parameters */
    int64_t n;     /* base samples N */
    double *a, *b; /* N x k each, row-major, in [0, 1) */
} gs_saltelli;

/* Largest k: the Sobol sequence has 2k dimensions and GSL's generator
 * supports gsl_qrng_sobol->max_dimension (40). */
int32_t gs_saltelli_max_k(void);

/* Allocates the design of k parameters and n base samples.  GS_EINPUT when
 * k < 1, n < 2 or k > gs_saltelli_max_k() (message says why); GS_ERUN when
 * out of memory. */
gs_saltelli *gs_saltelli_alloc(int32_t k, int64_t n, gs_err *e);
void gs_saltelli_free(gs_saltelli *s); /* accepts NULL */

/* Number of model runs: n (k + 2). */
int64_t gs_saltelli_npoints(const gs_saltelli *s);

/* The unit-cube coordinates of design point `point` (see the order above)
 * into u[0..k-1]. */
void gs_saltelli_point(const gs_saltelli *s, int64_t point, double *u);

/* Indices of one output.  y: the n (k + 2) outputs in design order.
 * nboot bootstrap resamples (0: no intervals, lo = hi = NAN) drawn from r;
 * level: the interval's coverage (0.95).  Writes s1, s1_lo, s1_hi, st,
 * st_lo, st_hi (k entries each); all NAN when V is 0 or fewer than two rows
 * are usable.  GS_ERUN when out of memory. */
int gs_sobol_indices(int32_t k, int64_t n, const double *y, int64_t nboot, double level, gsl_rng *r,
                     double *s1, double *s1_lo, double *s1_hi, double *st, double *st_lo,
                     double *st_hi, gs_err *e);

#endif
