/* align_land.c - the alignment rule `landscape`: nations choose a camp (us
 * or cn) on the Axelrod-Bennett energy landscape of the world
 * (models/README.md §3.3, "Rule landscape"; Axelrod & Bennett 1993, Axelrod et
 * al. 1995).
 *
 * Sizes s_j and propensities p_ij come from the world formula that
 * `govsim landscape` uses (gs_land_world_fill, models/landscape.c), over all
 * nations in world order, read from the model's attribute copy so that
 * events on gdp, libdem or memberships move the landscape.  What the step
 * needs is the size-weighted propensity q_ij = s_j p_ij, precomputed once
 * per init (and after each event) as a dense n x n matrix: a revising nation
 * sums its row over the two camps, O(n) per nation and O(n^2) per step,
 * which is why n is capped at GS_LAND_MODEL_MAX. */
#include <math.h>
#include <stdlib.h>

#include "landscape.h"
#include "model_impl.h"

int gs_mdl_land_prepare(gs_model *m, const gs_world *w, gs_err *e)
{
    if (m->p.align_rule != GS_ALIGN_LANDSCAPE) return GS_OK;
    const int32_t n = m->n;
    if (n > GS_LAND_MODEL_MAX)
        return gs_err_set(e, GS_EINPUT,
                          "alignment.rule = landscape needs N <= %d (a dense %d x %d propensity "
                          "matrix); the world has %d nations",
                          GS_LAND_MODEL_MAX, (int)n, (int)n, (int)n);
    if (n < 2)
        return gs_err_set(e, GS_EINPUT, "alignment.rule = landscape needs at least 2 nations");
    if (!m->land_q) { /* kept for later replicates; freed with the model */
        m->land_q = gs_malloc((size_t)n * (size_t)n, sizeof *m->land_q, "landscape matrix", e);
        if (!m->land_q) return GS_ERUN;
    }
    if (!m->land_s) {
        m->land_s = gs_malloc((size_t)n, sizeof *m->land_s, "landscape sizes", e);
        if (!m->land_s) return GS_ERUN;
    }
    int rc = gs_land_world_fill(w, (const double *const *)m->attr, &m->p, NULL, n, m->land_s,
                                m->land_q, e);
    if (rc != GS_OK) {
        /* Never leave a half-built matrix behind a later step. */
        free(m->land_q);
        m->land_q = NULL;
        return rc;
    }
    for (int32_t i = 0; i < n; i++) {
        double *row = &m->land_q[(size_t)i * (size_t)n];
        for (int32_t j = 0; j < n; j++)
            row[j] *= m->land_s[j];
    }
    return GS_OK;
}

int gs_mdl_land_revise(gs_model *m, int32_t i, const uint8_t *a, double u1, double u2)
{
    const int32_t n = m->n;
    if (!m->land_q) { /* a failed gs_model_event left no matrix: nothing to read */
        float *pr = &m->prob[3 * i];
        pr[0] = pr[1] = pr[2] = 0.0f;
        pr[a[i]] = 1.0f;
        return a[i];
    }
    const double *row = &m->land_q[(size_t)i * (size_t)n];
    /* h[c] = sum over the members j of camp c of s_j p_ij (hedgers are in no
     * camp and count for nobody; q_ii = 0). */
    double h[GS_NOPT] = {0, 0, 0};
    for (int32_t j = 0; j < n; j++)
        h[a[j]] += row[j];
    /* E with i in camp us minus E with i in cn, per unit of i's size:
     * 2 (h[cn] - h[us]) (ordered pairs count twice).  P(us) = 1 / (1 +
     * exp(lambda x)), written with exp of a non-positive number only. */
    double x = 2.0 * m->p.lambda * (h[GS_CN] - h[GS_US]);
    double t = exp(-fabs(x));
    double p_us = x > 0 ? t / (1.0 + t) : 1.0 / (1.0 + t);
    float *pr = &m->prob[3 * i];
    pr[GS_HEDGE] = 0.0f;
    pr[GS_US] = (float)p_us;
    pr[GS_CN] = (float)(1.0 - p_us);
    if (!(u1 < m->rho)) return a[i];
    return u2 < p_us ? GS_US : GS_CN;
}
