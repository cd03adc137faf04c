/* summary.c - ensemble statistics over replicates, see summary.h. */
#include "summary.h"

#include <math.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

const char *const gs_stat_names[GS_NSTAT] = {"mean", "q05", "q50", "q95", "mcse"};

size_t gs_summary(const double *x, size_t stride, size_t n, double *work, double out[GS_NSTAT])
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        double v = x[i * stride];
        if (!isnan(v)) work[m++] = v;
    }
    if (m == 0) {
        for (int s = 0; s < GS_NSTAT; s++) out[s] = NAN;
        return 0;
    }
    gsl_sort(work, 1, m);
    out[GS_STAT_MEAN] = gsl_stats_mean(work, 1, m);
    out[GS_STAT_Q05] = gsl_stats_quantile_from_sorted_data(work, 1, m, 0.05);
    out[GS_STAT_Q50] = gsl_stats_quantile_from_sorted_data(work, 1, m, 0.50);
    out[GS_STAT_Q95] = gsl_stats_quantile_from_sorted_data(work, 1, m, 0.95);
    out[GS_STAT_MCSE] = m < 2 ? NAN : gsl_stats_sd(work, 1, m) / sqrt((double)m);
    return m;
}
