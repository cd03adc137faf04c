/* align.c - the alignment rules: multinomial logit (default) and voter.
 *
 * Each step every nation draws exactly two uniforms in a fixed order (a
 * revision draw and a choice draw), whether or not it revises and whatever
 * the rule, so that two runs on the same stream differ only where their
 * probabilities differ: common random numbers for paired comparisons.  The
 * choice probabilities are computed for every nation every step, so prob is
 * a full trajectory (the law a nation would draw from if it revised now). */
#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

#include "../sim/rng.h"
#include "model_impl.h"

/* Sum over layers of gamma_l * S_l(i, o), read from state a. */
static void neighbour_terms(const gs_model *m, const gs_world *w, int32_t i, const uint8_t *a,
                            double s[GS_NOPT])
{
    const int share = m->p.normalize == GS_NORM_SHARE;
    s[0] = s[1] = s[2] = 0;
    if (w->implicit_complete) {
        /* The complete graph stands for the trade layer: every other nation
         * is a neighbour with weight 1. */
        double g = m->p.gamma[GS_L_TRADE];
        if (g == 0 || m->n < 2) return;
        double scale = share ? g / (double)(m->n - 1) : g;
        for (int o = 0; o < GS_NOPT; o++)
            s[o] = scale * (double)(m->count[o] - (a[i] == o));
        return;
    }
    /* the layers with a term, in ascending order (gamma_layers) */
    for (unsigned ls = m->gamma_layers; ls; ls &= ls - 1) {
        int l = __builtin_ctz(ls);
        double g = m->p.gamma[l];
        double acc[4];
        gs_mdl_gather_states(m, w, l, i, a, GS_NOPT, acc);
        if (share) {
            double tot = acc[0] + acc[1] + acc[2];
            if (!(tot > 0)) continue; /* no neighbour in this layer: S = 0 */
            g /= tot;
        }
        for (int o = 0; o < GS_NOPT; o++)
            s[o] += g * acc[o];
    }
}

static void degenerate(float *pr, int o)
{
    pr[0] = pr[1] = pr[2] = 0.0f;
    pr[o] = 1.0f;
}

/* log1p of a capacity stock: most nations hold none, and log1p(+-0) is
 * that zero itself, so the call is skipped for them. */
static inline double log1p_stock(double s)
{
    return s == 0 ? s : log1p(s);
}

/* Logit: fills the unnormalised weights ex[] (max-subtracted, so the largest
 * is exactly 1 and nothing overflows for any lambda) and their sum. */
static double logit_weights(const gs_model *m, const gs_world *w, int32_t i, const uint8_t *a,
                            double ex[GS_NOPT])
{
    const gs_params *p = &m->p;
    double u[GS_NOPT];
    neighbour_terms(m, w, i, a, u);
    const double *st = &m->ustat[3 * i];
    u[GS_HEDGE] += st[GS_HEDGE];
    u[GS_US] += st[GS_US] + p->kappa * log1p_stock(m->stock[2 * i]);
    u[GS_CN] += st[GS_CN] + p->kappa * log1p_stock(m->stock[2 * i + 1]);
    int cur = a[i];
    u[cur] += cur == GS_HEDGE ? p->delta_hedge : p->delta;
    double mx = u[0];
    if (u[1] > mx) mx = u[1];
    if (u[2] > mx) mx = u[2];
    double sum = 0;
    for (int o = 0; o < GS_NOPT; o++) {
        /* exp(+-0) is exactly 1: the largest option needs no call. */
        double x = p->lambda * (u[o] - mx);
        ex[o] = x == 0 ? 1.0 : exp(x);
        sum += ex[o];
    }
    return sum;
}

/* Voter: weights of the options among i's neighbours on the voter layer(s);
 * returns their total (0 when isolated). */
static double voter_weights(const gs_model *m, const gs_world *w, int32_t i, const uint8_t *a,
                            double ex[GS_NOPT])
{
    ex[0] = ex[1] = ex[2] = 0;
    if (w->implicit_complete) {
        if (m->n < 2) return 0;
        for (int o = 0; o < GS_NOPT; o++)
            ex[o] = (double)(m->count[o] - (a[i] == o));
        return (double)(m->n - 1);
    }
    int sel = m->p.voter_layer;
    if (sel != GS_LAYERSEL_ALL) {
        /* One layer: its sums are exactly the ones below (gather.h). */
        if (w->layer[sel].nnz == 0) return 0;
        gs_mdl_gather_states(m, w, sel, i, a, GS_NOPT, ex);
        return ex[0] + ex[1] + ex[2];
    }
    for (int l = 0; l < GS_NLAYER; l++) {
        const gs_csr *L = &w->layer[l];
        if (L->nnz == 0) continue;
        for (int64_t e = L->rowptr[i]; e < L->rowptr[i + 1]; e++)
            ex[a[L->col[e]]] += L->w[e];
    }
    return ex[0] + ex[1] + ex[2];
}

/* The option of a neighbour drawn with probability proportional to edge
 * weight, from u in [0,1). */
static int voter_pick(const gs_model *m, const gs_world *w, int32_t i, const uint8_t *a,
                      double total, double u)
{
    if (w->implicit_complete) {
        int32_t j = (int32_t)(u * (double)(m->n - 1));
        if (j >= m->n - 1) j = m->n - 2;
        if (j >= i) j++;
        return a[j];
    }
    double target = u * total, cum = 0;
    int last = a[i];
    int sel = m->p.voter_layer;
    for (int l = 0; l < GS_NLAYER; l++) {
        if (sel != GS_LAYERSEL_ALL && sel != l) continue;
        const gs_csr *L = &w->layer[l];
        if (L->nnz == 0) continue;
        for (int64_t e = L->rowptr[i]; e < L->rowptr[i + 1]; e++) {
            cum += L->w[e];
            last = a[L->col[e]];
            if (target < cum) return last;
        }
    }
    return last; /* rounding left target at the very end */
}

/* Probabilities of nation i (written to prob unless keep_prob is 0: a
 * sparse step, whose probabilities nobody reads) and, when u1 < rho, its
 * new option drawn with u2; else its current option. */
static inline int revise(gs_model *m, const gs_world *w, int32_t i, const uint8_t *a, double u1,
                         double u2, int keep_prob)
{
    float *pr = &m->prob[3 * i];
    int cur = a[i];
    if (gs_mdl_is_pole(m, i)) {
        if (keep_prob) degenerate(pr, cur);
        return cur;
    }
    if (m->p.align_rule == GS_ALIGN_LANDSCAPE) return gs_mdl_land_revise(m, i, a, u1, u2);
    double ex[GS_NOPT], sum;
    int voter = m->p.align_rule == GS_ALIGN_VOTER;
    sum = voter ? voter_weights(m, w, i, a, ex) : logit_weights(m, w, i, a, ex);
    if (!(sum > 0)) { /* isolated voter: nobody to copy */
        if (keep_prob) degenerate(pr, cur);
        return cur;
    }
    if (keep_prob)
        for (int o = 0; o < GS_NOPT; o++)
            pr[o] = (float)(ex[o] / sum);
    if (!(u1 < m->rho)) return cur;
    if (voter) return voter_pick(m, w, i, a, sum, u2);
    double t = u2 * sum;
    if (t < ex[0]) return 0;
    if (t < ex[0] + ex[1] || ex[2] == 0) return ex[1] > 0 ? 1 : 0;
    return 2;
}

/* Whether a step may skip the probabilities of the nations that keep their
 * option: nobody reads them at output.level = shares unless a pole targets
 * by swing (from the last step's prob).  Sync only, so that
 * gs_mdl_align_restore can rebuild them from the double buffer. */
int gs_mdl_align_sparse(const gs_model *m)
{
    return m->p.align_update == GS_UPDATE_SYNC && m->p.out_level == GS_OUT_SHARES &&
           m->p.pole[GS_US].strategy != GS_STRAT_SWING &&
           m->p.pole[GS_CN].strategy != GS_STRAT_SWING;
}

void gs_mdl_align_probs(gs_model *m, const gs_world *w)
{
    if (gs_mdl_align_sparse(m)) { /* built on demand by gs_mdl_align_restore */
        m->prob_state = GS_PROB_FROM_ALIGN;
        return;
    }
    /* u1 = 1 is never below rho: probabilities only, nobody revises. */
    for (int32_t i = 0; i < m->n; i++)
        (void)revise(m, w, i, m->align, 1.0, 0.0, 1);
    m->prob_state = GS_PROB_VALID;
}

void gs_mdl_align_restore(gs_model *m, const gs_world *w)
{
    if (m->prob_state == GS_PROB_VALID) return;
    /* The probabilities were due from the state then current: after init,
     * align; after a step, align_next (the state before it, swapped out)
     * with its counts.  The stocks and static utilities are still the ones
     * of that moment: nothing has changed them since. */
    const uint8_t *a = m->prob_state == GS_PROB_FROM_ALIGN ? m->align : m->align_next;
    int64_t now[GS_NOPT], c[4];
    for (int o = 0; o < GS_NOPT; o++)
        now[o] = m->count[o];
    gs_mdl_tally(a, m->n, c);
    for (int o = 0; o < GS_NOPT; o++)
        m->count[o] = c[o];
    for (int32_t i = 0; i < m->n; i++)
        (void)revise(m, w, i, a, 1.0, 0.0, 1);
    for (int o = 0; o < GS_NOPT; o++)
        m->count[o] = now[o];
    m->prob_state = GS_PROB_VALID;
}

unsigned gs_mdl_align_layers(const gs_model *m, const gs_world *w)
{
    unsigned mask = 0;
    if (w->implicit_complete) return 0;
    if (m->p.align_rule == GS_ALIGN_LOGIT) return m->gamma_layers;
    if (m->p.align_rule != GS_ALIGN_VOTER) return 0;
    for (int l = 0; l < GS_NLAYER; l++) {
        int sel = m->p.voter_layer;
        if ((sel == GS_LAYERSEL_ALL || sel == l) && w->layer[l].nnz > 0) mask |= 1u << l;
    }
    return mask;
}

void gs_mdl_align_chunk(gs_model *m, const gs_world *w, int32_t k0, int32_t k1, const int32_t *rv,
                        const double *u1, const double *u2, int nr, unsigned layers, int pf)
{
    uint8_t *dst = m->align_next;
    memcpy(dst + k0, m->align + k0, (size_t)(k1 - k0));
    const int d = GS_MDL_PF_DIST;
    int sh;
    const uint8_t *hs = gs_mdl_hint_states(m, m->align, &sh);
    int64_t dc[4] = {0, 0, 0, 0};
    for (int j = pf ? -3 * d : 0; j < nr; j++) {
        if (pf) {
            gs_mdl_prefetch_ahead(w->layer, m->lay, layers, hs, sh, rv, nr, j, d);
            if (j + 3 * d >= 0 && j + 3 * d < nr) { /* the reviser's own terms */
                /* 24 bytes: a quarter of them straddle two lines */
                __builtin_prefetch(&m->ustat[3 * rv[j + 3 * d]]);
                __builtin_prefetch(&m->ustat[3 * rv[j + 3 * d] + 2]);
                __builtin_prefetch(&m->stock[2 * rv[j + 3 * d]]);
            }
        }
        if (j < 0) continue;
        int32_t i = rv[j];
        int cur = m->align[i];
        int nw = revise(m, w, i, m->align, u1[j], u2[j], 0);
        dst[i] = (uint8_t)nw;
        m->switches += nw != cur;
        dc[cur]--;
        dc[nw]++;
    }
    for (int o = 0; o < 4; o++)
        m->dcount[o] += dc[o];
}

void gs_mdl_align_finish(gs_model *m)
{
    uint8_t *t = m->align;
    m->align = m->align_next;
    m->align_next = t;
    for (int o = 0; o < GS_NOPT; o++) {
        m->count[o] += m->dcount[o];
        m->dcount[o] = 0;
    }
    m->prob_state = GS_PROB_FROM_PREV;
}

void gs_mdl_align_update(gs_model *m, const gs_world *w, gsl_rng *r)
{
    const int32_t n = m->n;
    const int async = m->p.align_update == GS_UPDATE_ASYNC;
    m->switches = 0;
    m->pk_valid = 0; /* the packed copies are the chunked step's */
    if (async) gsl_ran_shuffle(r, m->perm, (size_t)n, sizeof m->perm[0]);
    uint8_t *dst = async ? m->align : m->align_next;
    const int lazy = gs_mdl_align_sparse(m);
    const int pf = n >= GS_MDL_PF_MIN;
    const unsigned layers = pf ? gs_mdl_align_layers(m, w) : 0;
    double *ub = m->ubuf;
    for (int32_t k0 = 0; k0 < n; k0 += GS_MDL_CHUNK) {
        int32_t k1 = n - k0 > GS_MDL_CHUNK ? k0 + GS_MDL_CHUNK : n;
        /* The draws of a chunk of nations at once, in the order of the
         * calls they replace (u1, u2 of each nation in visiting order). */
        gs_rng_uniform_fill(r, ub, 2 * (size_t)(k1 - k0));
        if (lazy) { /* lazy implies sync */
            double *u1 = ub + 2 * GS_MDL_CHUNK, *u2 = ub + 3 * GS_MDL_CHUNK;
            int nr = gs_mdl_revisers(ub, k0, k1, m->rho, m->rvbuf, u1, u2);
            gs_mdl_align_chunk(m, w, k0, k1, m->rvbuf, u1, u2, nr, layers, pf);
            continue;
        }
        for (int32_t k = k0; k < k1; k++) {
            int32_t i = async ? m->perm[k] : k;
            double u1 = ub[2 * (k - k0)], u2 = ub[2 * (k - k0) + 1];
            int cur = m->align[i];
            int nw = revise(m, w, i, m->align, u1, u2, 1);
            dst[i] = (uint8_t)nw;
            if (nw != cur) {
                m->switches++;
                if (async) { /* later nations this step see the change */
                    m->count[cur]--;
                    m->count[nw]++;
                } else { /* added by gs_mdl_align_finish */
                    m->dcount[cur]--;
                    m->dcount[nw]++;
                }
            }
        }
    }
    if (async) {
        m->prob_state = GS_PROB_VALID;
        return;
    }
    gs_mdl_align_finish(m);
    if (!lazy) m->prob_state = GS_PROB_VALID;
}
