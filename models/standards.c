/* standards.c - which AI-standards track each nation follows, and global
 * interoperability (DESIGN.md §3, models/README.md "Standards").
 *
 * Tracks are bit sets: none 0, multilateral 1, us_led 2, dual 3 = both, so
 * two tracks share a standard exactly when (a & b) != 0.  Rules: `logit`
 * (compatibility with partners, pull of the alignment, the poles' voice,
 * costs, inertia), `bass` (Bass 1969 hazard) and `threshold` (Watts 2002);
 * in the last two "adopted" means track != none, adoption is absorbing and an
 * adopter takes the track its alignment pulls to.  Like align.c, every
 * nation draws exactly two uniforms per step whatever the rule. */
#include <math.h>
#include <string.h>

#include "../sim/rng.h"
#include "model_impl.h"

static inline int compatible(int a, int b)
{
    return (a & b) != 0;
}

/* Weight of each track among i's partners on the standards layer(s); sets
 * *integral, when integral is not NULL, when every weight is a whole number
 * (exact threshold test). */
static double track_weights(const gs_model *m, const gs_world *w, int32_t i, const uint8_t *t,
                            double c[GS_NTRACK], int *integral)
{
    c[0] = c[1] = c[2] = c[3] = 0;
    if (integral) *integral = 1;
    if (w->implicit_complete) {
        if (m->n < 2) return 0;
        for (int k = 0; k < GS_NTRACK; k++)
            c[k] = (double)(m->tcount[k] - (t[i] == k));
        return (double)(m->n - 1);
    }
    int sel = m->p.std_layer;
    if (!integral && sel != GS_LAYERSEL_ALL) {
        /* One layer: its sums are exactly the ones below (gather.h). */
        const gs_csr *L = &w->layer[sel];
        if (L->nnz == 0) return 0;
        gs_mdl_gather_states(m, w, sel, i, t, GS_NTRACK, c);
        return c[0] + c[1] + c[2] + c[3];
    }
    for (int l = 0; l < GS_NLAYER; l++) {
        if (sel != GS_LAYERSEL_ALL && sel != l) continue;
        const gs_csr *L = &w->layer[l];
        if (L->nnz == 0) continue;
        for (int64_t e = L->rowptr[i]; e < L->rowptr[i + 1]; e++) {
            double x = L->w[e];
            c[t[L->col[e]]] += x;
            if (integral && x != floor(x)) *integral = 0;
        }
    }
    return c[0] + c[1] + c[2] + c[3];
}

double gs_mdl_phi(const gs_model *m, int32_t i)
{
    double v = m->p.std_phi + m->p.std_phi_sd * m->phi_z[i];
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

static int logit_track(const gs_model *m, const gs_world *w, int32_t i, const uint8_t *t,
                       const uint8_t *al, double u1, double u2)
{
    const gs_params *p = &m->p;
    int cur = t[i];
    if (!(u1 < m->rho_s)) return cur;
    double c[GS_NTRACK], v[GS_NTRACK], ex[GS_NTRACK];
    double tot = track_weights(m, w, i, t, c, NULL);
    int pulled = gs_mdl_pulled_track[al[i]];
    int kmx = 0;
    double mx = -INFINITY;
    double compat[GS_NTRACK];
    gs_mdl_compat(c, compat);
    for (int k = 0; k < GS_NTRACK; k++) {
        v[k] = p->std_theta * (tot > 0 ? compat[k] / tot : 0.0) + p->std_pull * (k == pulled) +
               m->std_const[k] + p->std_delta * (k == cur);
        kmx = v[k] > mx ? k : kmx;
        mx = v[k] > mx ? v[k] : mx;
    }
    /* Which track is largest varies from reviser to reviser and defeats the
     * branch predictor, so exp is called on the three others whatever their
     * value (exp(+-0) is exactly 1, the value of the shortcut) and only the
     * largest takes the shortcut.  (Alignment keeps its branches: there one
     * option leads for most revisers, and they measured faster.) */
    static const int8_t other[GS_NTRACK][3] = {{1, 2, 3}, {0, 2, 3}, {0, 1, 3}, {0, 1, 2}};
    for (int k = 0; k < GS_NTRACK - 1; k++) {
        int o = other[kmx][k];
        ex[o] = exp(p->std_lambda * (v[o] - mx));
    }
    double x = p->std_lambda * (v[kmx] - mx); /* 0 unless v holds a NaN */
    ex[kmx] = x == 0 ? 1.0 : exp(x);
    double sum = ex[0] + ex[1] + ex[2] + ex[3];
    /* The first track with weight whose cumulated weight passes u2 * sum
     * (else the last with weight), as selects: adding a zero weight leaves
     * cum as it was, and nothing after `done` changes the pick. */
    double target = u2 * sum, cum = 0;
    int pick = cur, done = 0;
    for (int k = 0; k < GS_NTRACK; k++) {
        int live = (ex[k] != 0) & !done;
        cum += ex[k];
        pick = live ? k : pick;
        done |= live & (target < cum);
    }
    return pick;
}

static int bass_track(const gs_model *m, const gs_world *w, int32_t i, const uint8_t *t,
                      const uint8_t *al, double u1)
{
    int cur = t[i];
    if (cur != GS_T_NONE) return cur;
    double c[GS_NTRACK];
    double tot = track_weights(m, w, i, t, c, NULL);
    double F = tot > 0 ? (tot - c[GS_T_NONE]) / tot : 0.0;
    double h = m->p.bass_p + m->p.bass_q * F;
    return u1 < -expm1(-h * m->p.dt) ? gs_mdl_pulled_track[al[i]] : cur;
}

static int threshold_track(const gs_model *m, const gs_world *w, int32_t i, const uint8_t *t,
                           const uint8_t *al, double u1)
{
    int cur = t[i];
    if (cur != GS_T_NONE || !(u1 < m->rho_s)) return cur;
    double c[GS_NTRACK];
    int integral;
    double tot = track_weights(m, w, i, t, c, &integral);
    if (!(tot > 0)) return cur; /* no neighbour, no cascade */
    double adopted = tot - c[GS_T_NONE];
    /* share >= phi, i.e. adopted - phi * tot >= 0.  With whole weights the
     * gap is 0 or at least 10^-d for a phi of d decimals; the tolerance only
     * absorbs the rounding of phi * tot, so equality counts as reaching. */
    double tol = integral ? 1e-9 : 1e-12 * tot;
    return adopted - gs_mdl_phi(m, i) * tot >= -tol ? gs_mdl_pulled_track[al[i]] : cur;
}

/* New track of nation i from its draws u1, u2 (the rule's dispatch), pulled
 * by its option in al. */
static inline int update_track(const gs_model *m, const gs_world *w, int32_t i, const uint8_t *al,
                               double u1, double u2)
{
    if (gs_mdl_is_pole(m, i)) return m->track[i];
    switch (m->p.std_rule) {
    case GS_STD_LOGIT:
        return logit_track(m, w, i, m->track, al, u1, u2);
    case GS_STD_BASS:
        return bass_track(m, w, i, m->track, al, u1);
    case GS_STD_THRESHOLD:
        return threshold_track(m, w, i, m->track, al, u1);
    }
    return m->track[i];
}

unsigned gs_mdl_standards_layers(const gs_model *m, const gs_world *w)
{
    unsigned mask = 0;
    if (w->implicit_complete) return 0;
    for (int l = 0; l < GS_NLAYER; l++)
        if ((m->p.std_layer == GS_LAYERSEL_ALL || m->p.std_layer == l) && w->layer[l].nnz > 0)
            mask |= 1u << l;
    return mask;
}

int gs_mdl_standards_sparse(const gs_model *m)
{
    return m->p.align_update == GS_UPDATE_SYNC && m->p.std_rule != GS_STD_BASS;
}

/* Under logit and threshold only the nations with u1 < rho_s can move: the
 * others keep their track without a look at their partners (gather.h,
 * sparse passes). */
void gs_mdl_standards_chunk(gs_model *m, const gs_world *w, int32_t k0, int32_t k1,
                            const int32_t *rv, const double *u1, const double *u2, int nr,
                            const uint8_t *align, unsigned layers, int pf)
{
    uint8_t *dst = m->track_next;
    memcpy(dst + k0, m->track + k0, (size_t)(k1 - k0));
    const int d = GS_MDL_PF_DIST;
    int sh;
    const uint8_t *hs = gs_mdl_hint_states(m, m->track, &sh);
    int64_t dc[4] = {0, 0, 0, 0};
    for (int j = pf ? -3 * d : 0; j < nr; j++) {
        if (pf) gs_mdl_prefetch_ahead(w->layer, m->lay, layers, hs, sh, rv, nr, j, d);
        if (j < 0) continue;
        int32_t i = rv[j];
        int cur = m->track[i];
        int nw = update_track(m, w, i, align, u1[j], u2[j]);
        dst[i] = (uint8_t)nw;
        dc[cur]--;
        dc[nw]++;
    }
    for (int k = 0; k < 4; k++)
        m->dtcount[k] += dc[k];
}

void gs_mdl_standards_finish(gs_model *m)
{
    uint8_t *t = m->track;
    m->track = m->track_next;
    m->track_next = t;
    for (int k = 0; k < GS_NTRACK; k++) {
        m->tcount[k] += m->dtcount[k];
        m->dtcount[k] = 0;
    }
}

void gs_mdl_standards_update(gs_model *m, const gs_world *w, gsl_rng *r)
{
    const int32_t n = m->n;
    const int async = m->p.align_update == GS_UPDATE_ASYNC;
    /* Async reuses this step's visiting order from the alignment stage. */
    uint8_t *dst = async ? m->track : m->track_next;
    const int sparse = gs_mdl_standards_sparse(m);
    m->pk_valid = 0; /* the packed copies are the chunked step's */
    const int pf = sparse && n >= GS_MDL_PF_MIN;
    const unsigned layers = pf ? gs_mdl_standards_layers(m, w) : 0;
    double *ub = m->ubuf;
    for (int32_t k0 = 0; k0 < n; k0 += GS_MDL_CHUNK) {
        int32_t k1 = n - k0 > GS_MDL_CHUNK ? k0 + GS_MDL_CHUNK : n;
        gs_rng_uniform_fill(r, ub, 2 * (size_t)(k1 - k0)); /* in call order */
        if (sparse) {
            double *u1 = ub + 2 * GS_MDL_CHUNK, *u2 = ub + 3 * GS_MDL_CHUNK;
            int nr = gs_mdl_revisers(ub, k0, k1, m->rho_s, m->rvbuf, u1, u2);
            gs_mdl_standards_chunk(m, w, k0, k1, m->rvbuf, u1, u2, nr, m->align, layers, pf);
            continue;
        }
        for (int32_t k = k0; k < k1; k++) {
            int32_t i = async ? m->perm[k] : k;
            int cur = m->track[i];
            int nw = update_track(m, w, i, m->align, ub[2 * (k - k0)], ub[2 * (k - k0) + 1]);
            dst[i] = (uint8_t)nw;
            if (!async) {
                m->dtcount[cur]--;
                m->dtcount[nw]++;
            } else if (nw != cur) {
                m->tcount[cur]--;
                m->tcount[nw]++;
            }
        }
    }
    if (!async) gs_mdl_standards_finish(m);
}

double gs_interop(const gs_csr *trade, const uint8_t *track, int32_t n)
{
    if (!track || n < 2) return NAN;
    if (!trade || trade->nnz == 0) {
        /* Implicit complete graph: every unordered pair with weight 1. */
        double c[GS_NTRACK] = {0, 0, 0, 0};
        for (int32_t i = 0; i < n; i++)
            c[track[i] & 3]++;
        double ok = 0;
        for (int a = 0; a < GS_NTRACK; a++)
            for (int b = a; b < GS_NTRACK; b++) {
                if (!compatible(a, b)) continue;
                ok += a == b ? c[a] * (c[a] - 1) / 2 : c[a] * c[b];
            }
        return ok / ((double)n * (double)(n - 1) / 2);
    }
    double ok = 0, all = 0;
    for (int32_t i = 0; i < n; i++)
        for (int64_t e = trade->rowptr[i]; e < trade->rowptr[i + 1]; e++) {
            double x = trade->w[e];
            all += x;
            if (compatible(track[i], track[trade->col[e]])) ok += x;
        }
    return all > 0 ? ok / all : NAN;
}
