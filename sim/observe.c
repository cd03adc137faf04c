/* observe.c - what is recorded at each output time (observe.h).
 *
 * All shares are plain counts or weighted sums over the n nations (the poles
 * included: they hold their option like anyone else), so the share vectors
 * sum to 1 wherever they are defined.  The network metrics read the trade
 * layer's CSR arrays directly: they run once per output time per task on
 * every thread, where igraph (not thread-safe here) may not be called.
 * An implicit complete world (no edge lists) is treated as the complete
 * graph with unit weights, from label counts.  Within a task, the trade
 * metrics and the shares are kept up to date from one output time to the
 * next in exact integer units (the gs_obs_state of the buffer, rebuilt at
 * output time 0), which gives the same bits as summing afresh. */
#include "observe.h"

#include <math.h>
#include <stdlib.h>
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

/* ---- the trade metrics, incrementally ------------------------------------
 *
 * Between two output times only a few nations change alignment or track
 * (about 14 of 195 in the baseline), yet trade_metrics() sums over every
 * trade edge: that was a third of the CPU time of a baseline replicate.
 * The sums can be updated edge by edge instead when they are exact (the
 * shares likewise, nation by nation: shares_build): trade weights are
 * floats, so each is a whole multiple of unit = 2^(smallest exponent - 150);
 * when the weights add up to less than 2^53 units, every sum of any subset
 * in any order is a whole number of units below 2^53, which a double holds
 * exactly, so each addition of trade_metrics() is exact and its results
 * equal the integer sums below times unit - the same bits (baseline: 2^50.9
 * units).  Worlds that fail this test keep trade_metrics(). */

static inline int64_t units_of(const gs_csr *g, int64_t e, double scale)
{
    return (int64_t)((g->w ? (double)g->w[e] : 1.0) * scale); /* exact: checked at build */
}

/* Adds W units of trade entry s -> d with these labels and tracks. */
static inline void contrib(gs_obs_state *o, int64_t W, int32_t s, int32_t d, uint8_t ls,
                           uint8_t ld, uint8_t ts, uint8_t td)
{
    if (ls < GS_NOPT && ld < GS_NOPT) {
        o->E[ls][ld] += W;
        o->tot += W;
    }
    if (d > s && compatible(ts, td)) o->iok += W;
}

static int obs_arrays(gs_obs_state *o, int32_t n, int32_t nregions)
{
    if (o->nregions != nregions || !o->rcount) {
        free(o->rcount);
        o->rcount = malloc(((size_t)nregions + 1) * GS_NOPT * sizeof *o->rcount);
        o->nregions = o->rcount ? nregions : 0;
        if (!o->rcount) return -1;
    }
    if (o->n != n) {
        free(o->label);
        free(o->track);
        free(o->mark);
        free(o->changed);
        o->label = malloc((size_t)n);
        o->track = malloc((size_t)n);
        o->mark = calloc((size_t)n, 1);
        o->changed = malloc((size_t)n * sizeof *o->changed);
        o->n = o->label && o->track && o->mark && o->changed ? n : 0;
        if (!o->n) return -1;
    }
    return 0;
}

/* Weight vector k of the shares (NULL: one per nation). */
static const double *share_weights(const gs_world *w, int k)
{
    return k == 1 ? w->attr[GS_A_POPULATION]
           : k == 2 ? w->attr[GS_A_GDP]
           : k == 3 ? w->attr[GS_A_GLOBAL_SOUTH] : NULL;
}

/* Units of nation i in a share of weights wt: weighted_shares() leaves out
 * weights that are not > 0. */
static inline int64_t share_units(const double *wt, int32_t i, double scale)
{
    double x = wt ? wt[i] : 1.0;
    return x > 0 ? (int64_t)(x * scale) : 0;
}

/* The unit of the share sums of weights wt (a power of two dividing every
 * weight > 0), or 0 when the weights add up to 2^53 units or more (a sum
 * could round, as with fractional GDP of wide range).  Populations and
 * GDPs in whole units pass: the baseline's add up to 2^30 and 2^40 units. */
static double share_unit(const double *wt, int32_t n)
{
    if (!wt) return 1.0;
    int lbmin = 2000;
    for (int32_t i = 0; i < n; i++) {
        double x = wt[i];
        if (!(x > 0)) continue;
        uint64_t u;
        memcpy(&u, &x, sizeof u);
        int ex = (int)((u >> 52) & 2047);
        if (ex == 0 || ex == 2047) return 0; /* subnormal, inf */
        uint64_t sig = (u & (((uint64_t)1 << 52) - 1)) | (uint64_t)1 << 52;
        /* x = sig 2^(ex - 1075); its lowest set bit, a power of two, read
         * from the exponent of its exact conversion to double */
        double low = (double)(sig & (~sig + 1));
        uint64_t lu;
        memcpy(&lu, &low, sizeof lu);
        int lb = ex - 1075 + (int)((lu >> 52) & 2047) - 1023;
        if (lb < lbmin) lbmin = lb;
    }
    if (lbmin == 2000) return 1.0; /* no weight > 0: every sum is 0 */
    if (lbmin < -1000) return 0;
    double scale = ldexp(1.0, -lbmin);
    int64_t total = 0;
    for (int32_t i = 0; i < n; i++) {
        double v = wt[i] > 0 ? wt[i] * scale : 0;
        if (!(v < 9007199254740992.0)) return 0;
        total += (int64_t)v;
        if (total >= (int64_t)1 << 53) return 0;
    }
    return ldexp(1.0, lbmin);
}

/* The share, region and track sums of o from scratch. */
static void shares_build(gs_obs_state *o, const gs_world *w, const uint8_t *align,
                         const uint8_t *track)
{
    int32_t n = w->n;
    memset(o->sh, 0, sizeof o->sh);
    memset(o->shtot, 0, sizeof o->shtot);
    for (int k = 0; k < 4; k++) {
        const double *wt = share_weights(w, k);
        o->shunit[k] = share_unit(wt, n);
        o->shscale[k] = o->shunit[k] > 0 ? 1.0 / o->shunit[k] : 0;
        if (o->shunit[k] > 0)
            for (int32_t i = 0; i < n; i++) {
                int64_t W = share_units(wt, i, o->shscale[k]);
                if (W && align[i] < GS_NOPT) {
                    o->sh[k][align[i]] += W;
                    o->shtot[k] += W;
                }
            }
    }
    memset(o->rcount, 0, (size_t)o->nregions * GS_NOPT * sizeof *o->rcount);
    for (int32_t i = 0; i < n; i++) {
        int32_t r = w->region ? w->region[i] : 0;
        if (r < 0 || r >= o->nregions || align[i] >= GS_NOPT) continue;
        o->rcount[(size_t)r * GS_NOPT + align[i]]++;
    }
    memset(o->tcount, 0, sizeof o->tcount);
    for (int32_t i = 0; i < n; i++)
        if (track[i] < GS_NTRACK) o->tcount[track[i]]++;
}

/* Nation i changed alignment a0 -> a1 and/or track t0 -> t1. */
static void shares_move(gs_obs_state *o, const gs_world *w, int32_t i, uint8_t a0, uint8_t a1,
                        uint8_t t0, uint8_t t1)
{
    if (a0 != a1) {
        for (int k = 0; k < 4; k++) {
            if (!(o->shunit[k] > 0)) continue;
            int64_t W = share_units(share_weights(w, k), i, o->shscale[k]);
            if (a0 < GS_NOPT) {
                o->sh[k][a0] -= W;
                o->shtot[k] -= W;
            }
            if (a1 < GS_NOPT) {
                o->sh[k][a1] += W;
                o->shtot[k] += W;
            }
        }
        int32_t r = w->region ? w->region[i] : 0;
        if (r >= 0 && r < o->nregions) {
            if (a0 < GS_NOPT) o->rcount[(size_t)r * GS_NOPT + a0]--;
            if (a1 < GS_NOPT) o->rcount[(size_t)r * GS_NOPT + a1]++;
        }
    }
    if (t0 != t1) {
        if (t0 < GS_NTRACK) o->tcount[t0]--;
        if (t1 < GS_NTRACK) o->tcount[t1]++;
    }
}

/* Builds o for output time k from scratch; 0 when usable, else -1 (o->w
 * NULL; o->bad = w when the weights fail the exactness test). */
static int obs_build(gs_obs_state *o, const gs_world *w, const uint8_t *align,
                     const uint8_t *track, int32_t nregions, int32_t k)
{
    const gs_csr *g = &w->layer[GS_L_TRADE];
    int32_t n = w->n;
    o->w = NULL;
    if (w->implicit_complete || !g->rowptr) return -1;
    int64_t nnz = g->rowptr[n];
    if (nnz < 1 || (k > 0 && o->bad == w)) return -1;
    o->bad = w;
    double unit = 1.0;
    if (g->w) { /* positive normal floats only */
        int emin = 255;
        for (int64_t e = 0; e < nnz; e++) {
            uint32_t u;
            memcpy(&u, &g->w[e], sizeof u);
            int ex = (int)((u >> 23) & 255);
            if (ex == 0 || ex == 255 || (u >> 31)) return -1;
            if (ex < emin) emin = ex;
        }
        unit = ldexp(1.0, emin - 150);
    }
    double scale = 1.0 / unit; /* a power of two: exact */
    int64_t total = 0;
    for (int64_t e = 0; e < nnz; e++) {
        double v = (g->w ? (double)g->w[e] : 1.0) * scale;
        if (!(v < 9007199254740992.0)) return -1; /* 2^53 */
        total += (int64_t)v;
        if (total >= (int64_t)1 << 53) return -1;
    }
    if (obs_arrays(o, n, nregions)) return -1;
    o->bad = NULL;
    memset(o->E, 0, sizeof o->E);
    o->tot = o->itot = o->iok = 0;
    for (int32_t i = 0; i < n; i++)
        for (int64_t e = g->rowptr[i]; e < g->rowptr[i + 1]; e++) {
            int32_t j = g->col[e];
            int64_t W = units_of(g, e, scale);
            contrib(o, W, i, j, align[i], align[j], track[i], track[j]);
            if (j > i) o->itot += W;
        }
    shares_build(o, w, align, track);
    memcpy(o->label, align, (size_t)n);
    memcpy(o->track, track, (size_t)n);
    o->unit = unit;
    o->scale = scale;
    o->k = k;
    o->w = w;
    return 0;
}

/* E and tot: moves W units of an entry from labels (a0, b0) to (a1, b1). */
static inline void move_label(gs_obs_state *o, int64_t W, uint8_t a0, uint8_t b0, uint8_t a1,
                              uint8_t b1)
{
    if (a0 < GS_NOPT && b0 < GS_NOPT) {
        o->E[a0][b0] -= W;
        o->tot -= W;
    }
    if (a1 < GS_NOPT && b1 < GS_NOPT) {
        o->E[a1][b1] += W;
        o->tot += W;
    }
}

/* Moves o from output time k - 1 to k: every entry with an end that changed
 * alignment or track loses its old contribution and gains its new one
 * (out-entries of the changed nations, and their in-entries from nations
 * that did not change: each entry once); an end that changed track only
 * leaves E alone, one that changed alignment only leaves iok alone. */
static void obs_update(gs_obs_state *o, const gs_world *w, const uint8_t *align,
                       const uint8_t *track, int32_t k)
{
    const gs_csr *g = &w->layer[GS_L_TRADE];
    int32_t n = w->n, nc = 0;
    uint8_t *ol = o->label, *ot = o->track;
    for (int32_t i = 0; i < n; i++)
        if (align[i] != ol[i] || track[i] != ot[i]) {
            o->changed[nc++] = i;
            o->mark[i] = 1;
        }
    for (int32_t c = 0; c < nc; c++) {
        const int32_t i = o->changed[c];
        const uint8_t li0 = ol[i], li1 = align[i], ti0 = ot[i], ti1 = track[i];
        const int dl = li0 != li1, dt = ti0 != ti1;
        shares_move(o, w, i, li0, li1, ti0, ti1);
        for (int64_t e = g->rowptr[i]; e < g->rowptr[i + 1]; e++) {
            const int32_t j = g->col[e];
            const uint8_t lj0 = ol[j], lj1 = align[j], tj0 = ot[j], tj1 = track[j];
            const int el = dl || lj0 != lj1, et = j > i && (dt || tj0 != tj1);
            if (!el && !et) continue;
            const int64_t W = units_of(g, e, o->scale);
            if (el) move_label(o, W, li0, lj0, li1, lj1);
            if (et) o->iok += W * (compatible(ti1, tj1) - compatible(ti0, tj0));
        }
        /* The in-entries (s -> i): layers are symmetric (world.h), so they
         * are i's own row read the other way, with the same weights. */
        for (int64_t e = g->rowptr[i]; e < g->rowptr[i + 1]; e++) {
            const int32_t s = g->col[e];
            const int et = dt && i > s;
            if (o->mark[s] || (!dl && !et)) continue; /* a changed s: done as its out-entry */
            const int64_t W = units_of(g, e, o->scale);
            if (dl) move_label(o, W, ol[s], li0, ol[s], li1);
            if (et) o->iok += W * (compatible(ot[s], ti1) - compatible(ot[s], ti0));
        }
    }
    for (int32_t c = 0; c < nc; c++) {
        int32_t i = o->changed[c];
        ol[i] = align[i];
        ot[i] = track[i];
        o->mark[i] = 0;
    }
    o->k = k;
}

/* The three metrics of output time kk from o: the doubles trade_metrics()
 * would have summed, then the same formulas. */
static void obs_output(const gs_obs_state *o, gs_traj *t, size_t kk)
{
    double E[GS_OBS_MAXLABEL][GS_OBS_MAXLABEL];
    memset(E, 0, sizeof E);
    for (int a = 0; a < GS_NOPT; a++)
        for (int b = 0; b < GS_NOPT; b++) E[a][b] = (double)o->E[a][b] * o->unit;
    double tot = (double)o->tot * o->unit, itot = (double)o->itot * o->unit,
           iok = (double)o->iok * o->unit;
    t->interoperability[kk] = itot > 0 ? iok / itot : NAN;
    t->assortativity[kk] = assort_of(E, tot, GS_NOPT);
    t->modularity[kk] = modularity_of(E, tot, GS_NOPT);
}

/* Share of weights k from o's sums: what weighted_shares() computes. */
static void shares_out(const gs_obs_state *o, int k, double out[GS_NOPT])
{
    double u = o->shunit[k], tot = (double)o->shtot[k] * u;
    for (int a = 0; a < GS_NOPT; a++) out[a] = tot > 0 ? (double)o->sh[k][a] * u / tot : NAN;
}

void gs_observe(const gs_world *w, const uint8_t *align, const uint8_t *track, const float *prob,
                double switches, gs_traj *t, int32_t k)
{
    if (k < 0 || k >= t->nt) return;
    int32_t n = w->n;
    size_t kk = (size_t)k;

    /* the incremental state, when the world allows it (see obs_build) */
    gs_obs_state *o = &t->obs;
    int inc;
    if (k > 0 && o->w == w && o->k == k - 1) {
        obs_update(o, w, align, track, k); /* the usual case within a task */
        inc = 1;
    } else {
        inc = obs_build(o, w, align, track, t->nregions, k) == 0;
    }

    double *share[4] = {t->share_count + kk * GS_NOPT, t->share_population + kk * GS_NOPT,
                        t->share_gdp + kk * GS_NOPT, t->share_global_south + kk * GS_NOPT};
    for (int s = 0; s < 4; s++) {
        if (inc && o->shunit[s] > 0)
            shares_out(o, s, share[s]);
        else
            weighted_shares(w, align, share_weights(w, s), share[s]);
    }
    /* Global South: count share among members (a 0/1 attribute as weight) */
    if (!w->attr[GS_A_GLOBAL_SOUTH])
        for (int a = 0; a < GS_NOPT; a++) share[3][a] = NAN;

    /* per region: counts, then normalise; a region without nations is NaN */
    if (t->nregions > 0) {
        double *sr = t->share_region + kk * (size_t)t->nregions * GS_NOPT;
        if (inc) {
            for (size_t c = 0; c < (size_t)t->nregions * GS_NOPT; c++)
                sr[c] = (double)o->rcount[c];
        } else {
            memset(sr, 0, (size_t)t->nregions * GS_NOPT * sizeof *sr);
            for (int32_t i = 0; i < n; i++) { /* whole counts: exact in any order */
                int32_t r = w->region ? w->region[i] : 0;
                if (r < 0 || r >= t->nregions || align[i] >= GS_NOPT) continue;
                sr[(size_t)r * GS_NOPT + align[i]] += 1;
            }
        }
        for (int32_t r = 0; r < t->nregions; r++) {
            double *x = sr + (size_t)r * GS_NOPT, tot = x[0] + x[1] + x[2];
            for (int a = 0; a < GS_NOPT; a++) x[a] = tot > 0 ? x[a] / tot : NAN;
        }
    }

    /* whole counts in integers: exact, as the sums of 1.0 they replace */
    double ts[GS_NTRACK], ttot = 0;
    if (inc) {
        for (int s = 0; s < GS_NTRACK; s++) ts[s] = (double)o->tcount[s];
    } else {
        int32_t tc[256] = {0};
        for (int32_t i = 0; i < n; i++) tc[track[i]]++;
        for (int s = 0; s < GS_NTRACK; s++) ts[s] = (double)tc[s];
    }
    for (int s = 0; s < GS_NTRACK; s++) ttot += ts[s];
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
    } else if (inc) {
        obs_output(o, t, kk);
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
