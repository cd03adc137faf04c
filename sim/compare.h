/* compare.h - paired differences of two scenarios run with common random
 * numbers, with percentile-bootstrap intervals, and the final outcomes a
 * comparison reports.
 *
 * Replicate r of A and of B share their random streams, so the difference
 * d_r = b_r - a_r removes most of the noise both share; its mean over
 * replicates is the effect of going from A to B.  The interval is the
 * percentile bootstrap of that mean: resample the R pairs with replacement
 * nboot times, take the (1 - level)/2 and (1 + level)/2 quantiles of the
 * resampled means.  Pairs with a non-finite value (a failed replicate, an
 * undefined share) are left out. */
#ifndef GS_COMPARE_H
#define GS_COMPARE_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

#include "err.h"
#include "params.h"
#include "traj.h"

/* The final outcomes compared, in order: share_count.{hedge,us,cn},
 * share_population.*, share_gdp.*, share_global_south.*,
 * standard_share.{none,multilateral,us_led,dual}, interoperability,
 * majority_time. */
#define GS_CMP_NOUT (4 * GS_NOPT + GS_NTRACK + 2)

/* Name of outcome k ("share_count.us", ..., "majority_time"). */
const char *gs_compare_outcome_name(int k);

/* First output time at which the count share of us or of cn exceeds 0.5
 * (a majority aligned with one pole; hedging is no bloc); when none does,
 * the end time plus one step (times[nt - 1] + dt), so that "never" ranks
 * after every time that happened. */
double gs_compare_majority_time(const gs_traj *t, const double *times, double dt);

/* The GS_CMP_NOUT final outcomes of a finished trajectory into out
 * (times: the output times, dt: the step length). */
void gs_compare_outcomes(const gs_traj *t, const double *times, double dt, double *out);

/* Paired statistics of n pairs (a[i], b[i]) with a stride between
 * consecutive replicates (1 for plain arrays): the means of a and b, the
 * mean difference b - a and its percentile-bootstrap interval at the given
 * level from nboot resamples drawn from r.  All NAN when no pair is usable;
 * lo = hi = the mean when nboot is 0 or a single pair is usable.  The mean
 * difference and every resampled mean are sums of the differences divided
 * by the count, so equal inputs give exactly 0.  GS_ERUN when out of
 * memory. */
int gs_compare_paired(int64_t n, const double *a, const double *b, size_t stride, int64_t nboot,
                      double level, gsl_rng *r, double *a_mean, double *b_mean, double *diff_mean,
                      double *lo, double *hi, gs_err *e);

#endif
