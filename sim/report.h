/* report.h - the final-shares table printed after a run: per option the
 * count-, population-, GDP-weighted and Global South shares, per standards
 * track the count share, and interoperability; each as mean, 5-95% band
 * over replicates and Monte Carlo standard error of the mean. */
#ifndef GS_REPORT_H
#define GS_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "err.h"
#include "traj.h"

/* Number of final quantities recorded per replicate. */
#define GS_REPORT_NVAR (4 * 3 + 4 + 1)

typedef struct gs_report {
    int64_t nrep, cap;
    double *v; /* [cap][GS_REPORT_NVAR] */
} gs_report;

gs_report *gs_report_alloc(int64_t nreplicates, gs_err *e);
void gs_report_free(gs_report *r); /* accepts NULL */

/* Records the last time slot of a finished trajectory (failed ones are
 * skipped by the caller). */
void gs_report_add(gs_report *r, const gs_traj *t);

/* Prints the table (title is a short heading such as the scenario name). */
void gs_report_print(const gs_report *r, FILE *out, const char *title);

/* Names of the recorded quantities, in order ("share_count.us", ...). */
const char *gs_report_name(int k);

/* Fills mean, q05, q95 and mcse of quantity k over the recorded replicates
 * (sorts a copy in work, which has room for r->nrep doubles). */
void gs_report_stat(const gs_report *r, int k, double *work, double *mean, double *q05,
                    double *q95, double *mcse);

#endif
