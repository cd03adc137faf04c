/* observe.c - what is recorded at each output time (observe.h).
 *
 * All shares are plain counts or weighted sums over the n nations (the poles
 * included: they hold their option like anyone else), so the share vectors
 * sum to 1 wherever they are defined.  The network metrics read the trade
 * layer's CSR arrays directly: they run once per output time per task on
 * every thread, where igraph (not thread-safe here) may not be called.
 * An implicit complete world (no edge lists) is treated as the complete
 * graph with unit weights, from label counts. */
#include "observe.h"

#include <math.h>
#include <string.h>

#define GS_OBS_MAXLABEL 16 /* label alphabets here have 3 (options) or 4 (tracks) */

static double mixing_complete(int32_t n, const uint8_t *label, int nlabels,
                              double E[GS_OBS_MAXLABEL][GS_OBS_MAXLABEL]);
static double assort_of(double E[GS_OBS_MAXLABEL][GS_OBS_MAXLABEL], double tot, int nlabels);
static double modularity_of(double E[GS_OBS_MAXLABEL][GS_OBS_MAXLABEL], double tot, int nlabels);

/* Shares of each option among nations i with mask weight wt[i] (NULL = 1):
 * out[o] = sum of wt over nations choosing o / sum of wt; NaN when the
 * total weight is 0.  Nations with NaN or negative weight are left out. */
static void weighted_shares(const gs_world *w, const uint8_t *align, const double *wt,
                            double out[GS_NOPT])
{
    double s[GS_NOPT] = {0}, tot = 0;
    for (int32_t i = 0; i < w->n; i++) {
        double x = wt ? wt[i] : 1.0;
        if (!(x > 0) || align[i] >= GS_NOPT) continue; /* also skips NaN */
        s[align[i]] += x;
        tot += x;
    }
    for (int o = 0; o < GS_NOPT; o++) out[o] = tot > 0 ? s[o] / tot : NAN;
}

/* Tracks a and b share a standard: dual speaks both, none speaks nothing. */
static int compatible(uint8_t a, uint8_t b)
{
    if (a == GS_T_NONE || b == GS_T_NONE || a >= GS_NTRACK || b >= GS_NTRACK) return 0;
    return a == GS_T_DUAL || b == GS_T_DUAL || a == b;
}

/* One pass over the trade edges for the three network metrics: the mixing
 * matrix E of label with its total (each undirected edge in both directions,
 * entries with a label out of range skipped, as mixing() builds them) and
 * the interoperability of track (each undirected edge once, j > i).  Each
 * sum takes the same terms in the same order as separate passes, so the
 * results are the same bits; one pass instead of three, and the chains of
 * additions of the metrics overlap.  Returns the interoperability (NaN when
 * the weight is 0); *etot gets E's total. */
static double trade_metrics(const gs_csr *g, int32_t n, const uint8_t *label,
                            const uint8_t *track, double E[GS_OBS_MAXLABEL][GS_OBS_MAXLABEL],
                            double *etot)
{
    double tot = 0, itot = 0, iok = 0;
    memset(E, 0, sizeof(double) * GS_OBS_MAXLABEL * GS_OBS_MAXLABEL);
    for (int32_t i = 0; i < n; i++) {
        const uint8_t li = label[i], ti = track[i];
        for (int64_t e = g->rowptr[i]; e < g->rowptr[i + 1]; e++) {
            int32_t j = g->col[e];
            double x = g->w ? g->w[e] : 1.0;
            if (li < GS_NOPT && label[j] < GS_NOPT) {
                E[li][label[j]] += x;
                tot += x;
            }
            if (j > i) { /* each undirected edge once */
                itot += x;
                if (compatible(ti, track[j])) iok += x;
            }
        }
    }
    *etot = tot;
    return itot > 0 ? iok / itot : NAN;
}

void gs_observe(const gs_world *w, const uint8_t *align, const uint8_t *track, const float *prob,
                double switches, gs_traj *t, int32_t k)
{
    if (k < 0 || k >= t->nt) return;
    int32_t n = w->n;
    size_t kk = (size_t)k;
    weighted_shares(w, align, NULL, t->share_count + kk * GS_NOPT);
    weighted_shares(w, align, w->attr[GS_A_POPULATION], t->share_population + kk * GS_NOPT);
    weighted_shares(w, align, w->attr[GS_A_GDP], t->share_gdp + kk * GS_NOPT);

    /* Global South: count share among members (a 0/1 attribute as weight) */
    weighted_shares(w, align, w->attr[GS_A_GLOBAL_SOUTH], t->share_global_south + kk * GS_NOPT);
    if (!w->attr[GS_A_GLOBAL_SOUTH])
        for (int o = 0; o < GS_NOPT; o++) t->share_global_south[kk * GS_NOPT + o] = NAN;

    /* per region: counts, then normalise; a region without nations is NaN */
    if (t->nregions > 0) {
        double *sr = t->share_region + kk * (size_t)t->nregions * GS_NOPT;
        memset(sr, 0, (size_t)t->nregions * GS_NOPT * sizeof *sr);
        for (int32_t i = 0; i < n; i++) {
            int32_t r = w->region ? w->region[i] : 0;
            if (r < 0 || r >= t->nregions || align[i] >= GS_NOPT) continue;
            sr[(size_t)r * GS_NOPT + align[i]] += 1;
        }
        for (int32_t r = 0; r < t->nregions; r++) {
            double *x = sr + (size_t)r * GS_NOPT, tot = x[0] + x[1] + x[2];
            for (int o = 0; o < GS_NOPT; o++) x[o] = tot > 0 ? x[o] / tot : NAN;
        }
    }

    double ts[GS_NTRACK] = {0}, ttot = 0;
    for (int32_t i = 0; i < n; i++)
        if (track[i] < GS_NTRACK) {
            ts[track[i]] += 1;
            ttot += 1;
        }
    for (int s = 0; s < GS_NTRACK; s++)
        t->standard_share[kk * GS_NTRACK + s] = ttot > 0 ? ts[s] / ttot : NAN;

    const gs_csr *trade = &w->layer[GS_L_TRADE];
    if (w->implicit_complete) { /* every pair is a partner, weight 1 */
        double E[GS_OBS_MAXLABEL][GS_OBS_MAXLABEL];
        double tot = mixing_complete(n, align, GS_NOPT, E);
        t->assortativity[kk] = assort_of(E, tot, GS_NOPT);
        t->modularity[kk] = modularity_of(E, tot, GS_NOPT);
        /* pairs sharing a standard: within multilateral, within us_led,
         * within dual, and dual with either single track */
        double c1 = ts[GS_T_MULTI], c2 = ts[GS_T_USLED], c3 = ts[GS_T_DUAL];
        double pairs = (double)n * (n - 1) / 2;
        double ok = c1 * (c1 - 1) / 2 + c2 * (c2 - 1) / 2 + c3 * (c3 - 1) / 2 + c3 * (c1 + c2);
        t->interoperability[kk] = pairs > 0 ? ok / pairs : NAN;
    } else {
        t->interoperability[kk] = NAN;
        t->assortativity[kk] = NAN;
        t->modularity[kk] = 0.0;
        if (trade->rowptr) { /* one pass serves the three metrics */
            double E[GS_OBS_MAXLABEL][GS_OBS_MAXLABEL], tot;
            t->interoperability[kk] = trade_metrics(trade, n, align, track, E, &tot);
            t->assortativity[kk] = assort_of(E, tot, GS_NOPT);
            t->modularity[kk] = modularity_of(E, tot, GS_NOPT);
        }
    }
    t->switches[kk] = switches;

    if (t->level == GS_OUT_FULL && t->alignment) {
        size_t sn = (size_t)n;
        memcpy(t->alignment + kk * sn, align, sn);
        memcpy(t->standard + kk * sn, track, sn);
        if (prob)
            memcpy(t->prob + kk * sn * GS_NOPT, prob, sn * GS_NOPT * sizeof *prob);
        else
            for (size_t i = 0; i < sn * GS_NOPT; i++) t->prob[kk * sn * GS_NOPT + i] = NAN;
    }
}

/* The weighted mixing matrix E[a][b] (each undirected edge in both
 * directions, as CSR stores it) and its total; entries whose label is out of
 * range are skipped. */
static double mixing(const gs_csr *g, int32_t n, const uint8_t *label, int nlabels,
                     double E[GS_OBS_MAXLABEL][GS_OBS_MAXLABEL])
{
    double tot = 0;
    memset(E, 0, sizeof(double) * GS_OBS_MAXLABEL * GS_OBS_MAXLABEL);
    for (int32_t i = 0; i < n; i++) {
        if (label[i] >= nlabels) continue;
        for (int64_t e = g->rowptr[i]; e < g->rowptr[i + 1]; e++) {
            int32_t j = g->col[e];
            if (label[j] >= nlabels) continue;
            double x = g->w ? g->w[e] : 1.0;
            E[label[i]][label[j]] += x;
            tot += x;
        }
    }
    return tot;
}

/* The same matrix for the implicit complete graph (every pair, weight 1),
 * from label counts alone: O(n), for worlds too big to list their edges. */
static double mixing_complete(int32_t n, const uint8_t *label, int nlabels,
                              double E[GS_OBS_MAXLABEL][GS_OBS_MAXLABEL])
{
    double c[GS_OBS_MAXLABEL] = {0}, tot = 0;
    for (int32_t i = 0; i < n; i++)
        if (label[i] < nlabels) c[label[i]] += 1;
    for (int a = 0; a < nlabels; a++)
        for (int b = 0; b < nlabels; b++) {
            E[a][b] = a == b ? c[a] * (c[a] - 1) : c[a] * c[b]; /* ordered pairs, no loops */
            tot += E[a][b];
        }
    return tot;
}

static double assort_of(double E[GS_OBS_MAXLABEL][GS_OBS_MAXLABEL], double tot, int nlabels)
{
    if (!(tot > 0)) return NAN;
    /* r = (sum_i e_ii - sum_i a_i b_i) / (1 - sum_i a_i b_i), Newman 2003 eq. 2 */
    double tr = 0, ab = 0;
    for (int a = 0; a < nlabels; a++) {
        double ra = 0, cb = 0;
        for (int b = 0; b < nlabels; b++) {
            ra += E[a][b];
            cb += E[b][a];
        }
        tr += E[a][a] / tot;
        ab += (ra / tot) * (cb / tot);
    }
    double den = 1 - ab;
    return fabs(den) < 1e-12 ? NAN : (tr - ab) / den;
}

static double modularity_of(double E[GS_OBS_MAXLABEL][GS_OBS_MAXLABEL], double tot, int nlabels)
{
    if (!(tot > 0)) return 0.0;
    /* Q = sum_c (e_cc - a_c^2): within-community weight share minus the
     * share expected from the degrees alone */
    double q = 0;
    for (int a = 0; a < nlabels; a++) {
        double ra = 0;
        for (int b = 0; b < nlabels; b++) ra += E[a][b];
        q += E[a][a] / tot - (ra / tot) * (ra / tot);
    }
    return q;
}

double gs_assortativity(const gs_csr *g, int32_t n, const uint8_t *label, int nlabels)
{
    if (!g || !g->rowptr || nlabels < 1 || nlabels > GS_OBS_MAXLABEL) return NAN;
    double E[GS_OBS_MAXLABEL][GS_OBS_MAXLABEL];
    double tot = mixing(g, n, label, nlabels, E);
    return assort_of(E, tot, nlabels);
}

double gs_modularity(const gs_csr *g, int32_t n, const uint8_t *label, int nlabels)
{
    if (!g || !g->rowptr || nlabels < 1 || nlabels > GS_OBS_MAXLABEL) return 0.0;
    double E[GS_OBS_MAXLABEL][GS_OBS_MAXLABEL];
    double tot = mixing(g, n, label, nlabels, E);
    return modularity_of(E, tot, nlabels);
}
