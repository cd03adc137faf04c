/* summary.h - ensemble statistics over replicates (GSL).
 *
 * One definition of "mean, 5-95% band, median and Monte Carlo standard
 * error" shared by the writer's /summary datasets, `govsim inspect` and the
 * comparison tables, so that every printed number matches the file.  NaN
 * values (an undefined metric, a failed task's fill value) are left out. */
#ifndef GS_SUMMARY_H
#define GS_SUMMARY_H

#include <stddef.h>

/* The stat axis of /summary/<var>, in this order. */
enum { GS_STAT_MEAN, GS_STAT_Q05, GS_STAT_Q50, GS_STAT_Q95, GS_STAT_MCSE, GS_NSTAT };
extern const char *const gs_stat_names[GS_NSTAT]; /* "mean", "q05", "q50", "q95", "mcse" */

/* Summarises the n values x[0], x[stride], ..., x[(n-1)*stride]: NaNs are
 * excluded; quantiles by gsl_stats_quantile_from_sorted_data (linear
 * interpolation between order statistics); mcse = sd / sqrt(m) over the m
 * valid values (NaN when m < 2).  Every stat is NaN when no value is valid.
 * work: caller's buffer of at least 2 n doubles (overwritten).  Cannot fail;
 * returns m. */
size_t gs_summary(const double *x, size_t stride, size_t n, double *work, double out[GS_NSTAT]);

/* gs_summary of ncol series of n values each, value i of series c at
 * x[c * ld + i * stride] (so a row-major [n][ncol] block is ld = 1, stride
 * = its row length): its statistics go to out[c * GS_NSTAT + stat], the
 * same bits as gs_summary gives it, several times faster (the writer's
 * /summary).  work: at least 5 n doubles.  Cannot fail. */
void gs_summary_cols(const double *x, size_t ld, size_t stride, size_t ncol, size_t n,
                     double *work, double *out);

#endif
