/* compare.c - paired differences with bootstrap intervals (compare.h). */
#include "compare.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const outcome_names[GS_CMP_NOUT] = {
    "share_count.hedge",     "share_count.us",
    "share_count.cn",        "share_population.hedge",
    "share_population.us",   "share_population.cn",
    "share_gdp.hedge",       "share_gdp.us",
    "share_gdp.cn",          "share_global_south.hedge",
    "share_global_south.us", "share_global_south.cn",
    "standard_share.none",   "standard_share.multilateral",
    "standard_share.us_led", "standard_share.dual",
    "interoperability",      "majority_time"};

const char *gs_compare_outcome_name(int k)
{
    return k >= 0 && k < GS_CMP_NOUT ? outcome_names[k] : "?";
}

double gs_compare_majority_time(const gs_traj *t, const double *times, double dt)
{
    for (int32_t k = 0; k < t->nt; k++) {
        const double *s = t->share_count + (size_t)k * GS_NOPT;
        if (s[GS_US] > 0.5 || s[GS_CN] > 0.5) return times[k];
    }
    return times[t->nt - 1] + dt;
}

void gs_compare_outcomes(const gs_traj *t, const double *times, double dt, double *out)
{
    size_t last = (size_t)t->nt - 1;
    memcpy(out + 0, t->share_count + last * GS_NOPT, GS_NOPT * sizeof *out);
    memcpy(out + 3, t->share_population + last * GS_NOPT, GS_NOPT * sizeof *out);
    memcpy(out + 6, t->share_gdp + last * GS_NOPT, GS_NOPT * sizeof *out);
    memcpy(out + 9, t->share_global_south + last * GS_NOPT, GS_NOPT * sizeof *out);
    memcpy(out + 12, t->standard_share + last * GS_NTRACK, GS_NTRACK * sizeof *out);
    out[16] = t->interoperability[last];
    out[17] = gs_compare_majority_time(t, times, dt);
}

int gs_compare_paired(int64_t n, const double *a, const double *b, size_t stride, int64_t nboot,
                      double level, gsl_rng *r, double *a_mean, double *b_mean, double *diff_mean,
                      double *lo, double *hi, gs_err *e)
{
    *a_mean = *b_mean = *diff_mean = *lo = *hi = NAN;
    if (n < 0 || (n > 0 && (!a || !b)) || stride < 1 || (nboot > 0 && !r) ||
        !(level > 0 && level < 1))
        return gs_err_set(e, GS_EINPUT, "gs_compare_paired: bad arguments");
    double *d = gs_calloc(n ? (size_t)n : 1, sizeof *d, "paired differences", e);
    double *bm = NULL;
    if (!d) return GS_ERUN;
    int64_t m = 0;
    double sa = 0, sb = 0, sd = 0;
    for (int64_t i = 0; i < n; i++) {
        double x = a[(size_t)i * stride], y = b[(size_t)i * stride];
        if (!isfinite(x) || !isfinite(y)) continue;
        sa += x;
        sb += y;
        d[m] = y - x;
        sd += d[m];
        m++;
    }
    int rc = GS_OK;
    if (m == 0) goto done;
    *a_mean = sa / (double)m;
    *b_mean = sb / (double)m;
    *diff_mean = sd / (double)m;
    *lo = *hi = *diff_mean;
    if (nboot <= 0 || m < 2) goto done;
    bm = gs_calloc((size_t)nboot, sizeof *bm, "bootstrap", e);
    if (!bm) {
        rc = GS_ERUN;
        goto done;
    }
    for (int64_t t = 0; t < nboot; t++) {
        double s = 0;
        for (int64_t i = 0; i < m; i++)
            s += d[gsl_rng_uniform_int(r, (unsigned long)m)];
        bm[t] = s / (double)m;
    }
    gsl_sort(bm, 1, (size_t)nboot);
    *lo = gsl_stats_quantile_from_sorted_data(bm, 1, (size_t)nboot, (1 - level) / 2);
    *hi = gsl_stats_quantile_from_sorted_data(bm, 1, (size_t)nboot, (1 + level) / 2);
done:
    free(d);
    free(bm);
    return rc;
}
