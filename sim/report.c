/* report.c - final-shares tables over replicates (report.h). */
#include "report.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "params.h"

static const char *const var_names[GS_REPORT_NVAR] = {
    "share_count.hedge",        "share_count.us",         "share_count.cn",
    "share_population.hedge",   "share_population.us",    "share_population.cn",
    "share_gdp.hedge",          "share_gdp.us",           "share_gdp.cn",
    "share_global_south.hedge", "share_global_south.us",  "share_global_south.cn",
    "standard_share.none",      "standard_share.multilateral", "standard_share.us_led",
    "standard_share.dual",      "interoperability"};

const char *gs_report_name(int k)
{
    return (k >= 0 && k < GS_REPORT_NVAR) ? var_names[k] : "?";
}

gs_report *gs_report_alloc(int64_t nreplicates, gs_err *e)
{
    gs_report *r = gs_calloc(1, sizeof *r, "report", e);
    if (!r) return NULL;
    r->cap = nreplicates > 0 ? nreplicates : 1;
    r->v = gs_calloc((size_t)r->cap * GS_REPORT_NVAR, sizeof *r->v, "report", e);
    if (!r->v) {
        free(r);
        return NULL;
    }
    return r;
}

void gs_report_free(gs_report *r)
{
    if (!r) return;
    free(r->v);
    free(r);
}

void gs_report_add(gs_report *r, const gs_traj *t)
{
    if (r->nrep >= r->cap) return;
    double *v = r->v + r->nrep * GS_REPORT_NVAR;
    size_t last = (size_t)t->nt - 1;
    memcpy(v + 0, t->share_count + last * 3, 3 * sizeof *v);
    memcpy(v + 3, t->share_population + last * 3, 3 * sizeof *v);
    memcpy(v + 6, t->share_gdp + last * 3, 3 * sizeof *v);
    memcpy(v + 9, t->share_global_south + last * 3, 3 * sizeof *v);
    memcpy(v + 12, t->standard_share + last * 4, 4 * sizeof *v);
    v[16] = t->interoperability[last];
    r->nrep++;
}

void gs_report_stat(const gs_report *r, int k, double *work, double *mean, double *q05,
                    double *q95, double *mcse)
{
    size_t n = 0;
    for (int64_t i = 0; i < r->nrep; i++) {
        double x = r->v[i * GS_REPORT_NVAR + k];
        if (!isnan(x)) work[n++] = x;
    }
    if (n == 0) {
        *mean = *q05 = *q95 = *mcse = NAN;
        return;
    }
    gsl_sort(work, 1, n);
    *mean = gsl_stats_mean(work, 1, n);
    *q05 = gsl_stats_quantile_from_sorted_data(work, 1, n, 0.05);
    *q95 = gsl_stats_quantile_from_sorted_data(work, 1, n, 0.95);
    *mcse = n > 1 ? gsl_stats_sd_m(work, 1, n, *mean) / sqrt((double)n) : NAN;
}

void gs_report_print(const gs_report *r, FILE *out, const char *title)
{
    double *work = malloc((size_t)(r->nrep ? r->nrep : 1) * sizeof *work);
    if (!work) return;
    fprintf(out, "\n%s: final state over %lld replicate%s (mean [5%%, 95%%] +- MCSE)\n", title,
            (long long)r->nrep, r->nrep == 1 ? "" : "s");
    static const char *const rows[4] = {"nations (count)", "population", "GDP",
                                        "Global South (count)"};
    fprintf(out, "\n  %-22s %-29s %-29s %-29s\n", "alignment share", "us", "cn", "hedge");
    static const int order[3] = {GS_US, GS_CN, GS_HEDGE};
    double m, lo, hi, se;
    char cell[64];
    for (int row = 0; row < 4; row++) {
        fprintf(out, "  %-22s", rows[row]);
        for (int j = 0; j < 3; j++) {
            gs_report_stat(r, row * 3 + order[j], work, &m, &lo, &hi, &se);
            snprintf(cell, sizeof cell, "%.3f [%.3f, %.3f] +-%.3f", m, lo, hi,
                     isnan(se) ? 0.0 : se);
            fprintf(out, " %-29s", cell);
        }
        fputc('\n', out);
    }
    fprintf(out, "\n  %-22s", "standards track");
    for (int tr = 0; tr < GS_NTRACK; tr++) fprintf(out, " %-29s", gs_track_names[tr]);
    fprintf(out, "\n  %-22s", "nations (count)");
    for (int tr = 0; tr < GS_NTRACK; tr++) {
        gs_report_stat(r, 12 + tr, work, &m, &lo, &hi, &se);
        snprintf(cell, sizeof cell, "%.3f [%.3f, %.3f] +-%.3f", m, lo, hi, isnan(se) ? 0.0 : se);
        fprintf(out, " %-29s", cell);
    }
    gs_report_stat(r, 16, work, &m, &lo, &hi, &se);
    fprintf(out, "\n\n  interoperability       %.3f [%.3f, %.3f] +-%.3f\n", m, lo, hi,
            isnan(se) ? 0.0 : se);
    free(work);
}
