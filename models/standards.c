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
        for (int k = 0; k < GS_NTRACK; k++) c[k] = (double)(m->tcount[k] - (t[i] == k));
        return (double)(m->n - 1);
    }
    int sel = m->p.std_layer;
    if (!integral && sel != GS_LAYERSEL_ALL) {
        /* One layer: its sums are exactly the ones below (gather.h). */
        const gs_csr *L = &w->layer[sel];
        if (L->nnz == 0) return 0;
        gs_mdl_gather(L, &m->lay[sel], i, t, GS_NTRACK, c);
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
                       double u1, double u2)
{
    const gs_params *p = &m->p;
    int cur = t[i];
    if (!(u1 < m->rho_s)) return cur;
    double c[GS_NTRACK], v[GS_NTRACK], ex[GS_NTRACK];
    double tot = track_weights(m, w, i, t, c, NULL);
    int pulled = gs_mdl_pulled_track[m->align[i]];
    double mx = -INFINITY;
    for (int k = 0; k < GS_NTRACK; k++) {
        double compat = 0;
        if (tot > 0)
            for (int j = 0; j < GS_NTRACK; j++)
                if (compatible(k, j)) compat += c[j];
        v[k] = p->std_theta * (tot > 0 ? compat / tot : 0.0) + p->std_pull * (k == pulled) +
               m->std_const[k] + p->std_delta * (k == cur);
        if (v[k] > mx) mx = v[k];
    }
    double sum = 0;
    for (int k = 0; k < GS_NTRACK; k++) {
        double x = p->std_lambda * (v[k] - mx);
        ex[k] = x == 0 ? 1.0 : exp(x); /* exp(+-0) is exactly 1 */
        sum += ex[k];
    }
    double target = u2 * sum, cum = 0;
    int pick = cur;
    for (int k = 0; k < GS_NTRACK; k++) {
        if (ex[k] == 0) continue;
        pick = k;
        cum += ex[k];
        if (target < cum) break;
    }
    return pick;
}

static int bass_track(const gs_model *m, const gs_world *w, int32_t i, const uint8_t *t,
                      double u1)
{
    int cur = t[i];
    if (cur != GS_T_NONE) return cur;
    double c[GS_NTRACK];
    double tot = track_weights(m, w, i, t, c, NULL);
    double F = tot > 0 ? (tot - c[GS_T_NONE]) / tot : 0.0;
    double h = m->p.bass_p + m->p.bass_q * F;
    return u1 < -expm1(-h * m->p.dt) ? gs_mdl_pulled_track[m->align[i]] : cur;
}

static int threshold_track(const gs_model *m, const gs_world *w, int32_t i, const uint8_t *t,
                           double u1)
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
    return adopted - gs_mdl_phi(m, i) * tot >= -tol ? gs_mdl_pulled_track[m->align[i]] : cur;
}

static void recount_tracks(gs_model *m)
{
    gs_mdl_tally(m->track, m->n, m->tcount);
}

void gs_mdl_standards_update(gs_model *m, const gs_world *w, gsl_rng *r)
{
    const int32_t n = m->n;
    const int async = m->p.align_update == GS_UPDATE_ASYNC;
    /* Async reuses this step's visiting order from the alignment stage. */
    uint8_t *dst = async ? m->track : m->track_next;
    double *ub = m->ubuf;
    for (int32_t k = 0; k < n; k++) {
        int32_t i = async ? m->perm[k] : k;
        if (k % GS_MDL_CHUNK == 0) /* draws of the next chunk, in call order */
            gs_rng_uniform_fill(r, ub, 2 * (size_t)(n - k > GS_MDL_CHUNK ? GS_MDL_CHUNK : n - k));
        double u1 = ub[2 * (k % GS_MDL_CHUNK)], u2 = ub[2 * (k % GS_MDL_CHUNK) + 1];
        int cur = m->track[i], nw = cur;
        if (!gs_mdl_is_pole(m, i)) {
            switch (m->p.std_rule) {
            case GS_STD_LOGIT: nw = logit_track(m, w, i, m->track, u1, u2); break;
            case GS_STD_BASS: nw = bass_track(m, w, i, m->track, u1); break;
            case GS_STD_THRESHOLD: nw = threshold_track(m, w, i, m->track, u1); break;
            }
        }
        dst[i] = (uint8_t)nw;
        if (async && nw != cur) {
            m->tcount[cur]--;
            m->tcount[nw]++;
        }
    }
    if (!async) {
        uint8_t *t = m->track;
        m->track = m->track_next;
        m->track_next = t;
        recount_tracks(m);
    }
}

double gs_interop(const gs_csr *trade, const uint8_t *track, int32_t n)
{
    if (!track || n < 2) return NAN;
    if (!trade || trade->nnz == 0) {
        /* Implicit complete graph: every unordered pair with weight 1. */
        double c[GS_NTRACK] = {0, 0, 0, 0};
        for (int32_t i = 0; i < n; i++) c[track[i] & 3]++;
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
