/* model.c - the model's lifecycle: workspace allocation, the start of a
 * replicate (initial alignment and tracks), timed events, and the step as
 * one call per stage (poles act, stocks decay, nations realign, nations
 * revise standards), or, where the stages allow it, the same stages one
 * chunk of nations at a time (step_chunked; same values).  Equations and
 * defaults: models/README.md. */
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../sim/config.h" /* GS_EV_* only */
#include "../sim/rng.h"
#include "model_impl.h"

gs_model *gs_model_alloc(const gs_world *w, gs_err *e)
{
    if (!w || w->n < 1) {
        gs_err_set(e, GS_EINPUT, "model: the world has no nations");
        return NULL;
    }
    gs_model *m = gs_calloc(1, sizeof *m, "model", e);
    if (!m) return NULL;
    size_t n = (size_t)w->n;
    m->n = w->n;
    m->ustat = gs_malloc(3 * n, sizeof *m->ustat, "model utilities", e);
    m->need_cap = gs_malloc(n, sizeof *m->need_cap, "model needs", e);
    m->align = gs_malloc(n, 1, "model alignment", e);
    m->align_next = gs_malloc(n, 1, "model alignment", e);
    m->track = gs_malloc(n, 1, "model tracks", e);
    m->track_next = gs_malloc(n, 1, "model tracks", e);
    m->prob = gs_malloc(3 * n, sizeof *m->prob, "model probabilities", e);
    m->stock = gs_malloc(2 * n, sizeof *m->stock, "model stocks", e);
    m->gdp = gs_malloc(n, sizeof *m->gdp, "model GDP", e);
    m->pinc = gs_malloc(2 * n, sizeof *m->pinc, "model allocations", e);
    m->perm = gs_malloc(n, sizeof *m->perm, "model order", e);
    m->phi_z = gs_malloc(n, sizeof *m->phi_z, "model thresholds", e);
    m->ubuf = gs_malloc(4 * GS_MDL_CHUNK, sizeof *m->ubuf, "model draws", e);
    m->rvbuf = gs_malloc(2 * GS_MDL_CHUNK, sizeof *m->rvbuf, "model draws", e);
    m->pkbuf = gs_malloc(4, GS_MDL_PK_BYTES(n), "model packed states", e);
    m->pku = gs_malloc(4 * 256, sizeof *m->pku, "model packed states", e);
    if (!m->ubuf || !m->rvbuf || !m->pkbuf || !m->pku || !m->ustat || !m->need_cap || !m->align ||
        !m->align_next || !m->track || !m->track_next || !m->prob || !m->stock || !m->gdp ||
        !m->pinc || !m->perm || !m->phi_z) {
        gs_model_free(m);
        return NULL;
    }
    gs_mdl_pk_unit_init(m->pku);
    return m;
}

void gs_model_free(gs_model *m)
{
    if (!m) return;
    for (int a = 0; a < GS_NATTR; a++)
        free(m->attr_buf[a]);
    for (int l = 0; l < GS_NLAYER; l++)
        gs_mdl_layer_free(&m->lay[l]);
    free(m->land_q);
    free(m->land_s);
    free(m->ustat);
    free(m->need_cap);
    free(m->align);
    free(m->align_next);
    free(m->track);
    free(m->track_next);
    free(m->prob);
    free(m->stock);
    free(m->gdp);
    free(m->pinc);
    free(m->perm);
    free(m->phi_z);
    free(m->ubuf);
    free(m->rvbuf);
    free(m->pkbuf);
    free(m->pku);
    free(m);
}

static void count_all(gs_model *m)
{
    int64_t c[4];
    gs_mdl_tally(m->align, m->n, c);
    for (int o = 0; o < GS_NOPT; o++)
        m->count[o] = c[o];
    gs_mdl_tally(m->track, m->n, m->tcount);
    memset(m->dcount, 0, sizeof m->dcount);
    memset(m->dtcount, 0, sizeof m->dtcount);
    m->pk_valid = 0; /* new states: the packed copies are stale */
}

int gs_model_init(gs_model *m, const gs_world *w, const gs_params *p, gsl_rng *r, gs_err *e)
{
    if (!m || !w || !p || !r) return gs_err_set(e, GS_EINPUT, "model: missing argument");
    if (w->n != m->n)
        return gs_err_set(e, GS_EINPUT, "model: workspace sized for %d nations, world has %d",
                          (int)m->n, (int)w->n);
    if (gs_mdl_check_rules(p, e) != GS_OK) return e ? e->code : GS_EINPUT;
    for (int o = GS_US; o <= GS_CN; o++)
        if (w->pole[o] >= w->n || w->pole[o] < -1)
            return gs_err_set(e, GS_EINPUT, "model: pole index %d out of range", (int)w->pole[o]);
    /* The weight classes are taken from this world at every start (O(nnz),
     * well under one step), so a workspace never holds a stale class. */
    for (int l = 0; l < GS_NLAYER; l++) {
        gs_mdl_layer_free(&m->lay[l]);
        if (gs_mdl_layer_init(&m->lay[l], &w->layer[l], e) != GS_OK) return GS_ERUN;
    }
    m->p = *p;
    for (int a = 0; a < GS_NATTR; a++)
        m->attr[a] = w->attr[a];
    gs_mdl_precompute(m, w);
    int lrc = gs_mdl_land_prepare(m, w, e); /* rule landscape only */
    if (lrc != GS_OK) return lrc;

    const int32_t n = m->n;
    for (int32_t i = 0; i < n; i++) {
        int a;
        if (w->init_align && w->init_align[i] >= 0) {
            a = w->init_align[i];
            if (a >= GS_NOPT)
                return gs_err_set(e, GS_EINPUT,
                                  "model: initial alignment %d of %s is not an option", a,
                                  w->iso3 ? w->iso3[i] : "?");
        } else if (p->align_init == GS_INIT_TIES) {
            a = gs_mdl_ties_rule(m, i);
        } else if (p->align_init == GS_INIT_RANDOM) {
            a = (int)gsl_rng_uniform_int(r, GS_NOPT);
        } else {
            a = GS_HEDGE;
        }
        if (i == m->pole[GS_US]) a = GS_US;
        if (i == m->pole[GS_CN]) a = GS_CN;
        m->align[i] = (uint8_t)a;
    }
    for (int32_t i = 0; i < n; i++) {
        int t;
        if (w->init_track && w->init_track[i] >= 0) {
            t = w->init_track[i];
            if (t >= GS_NTRACK)
                return gs_err_set(e, GS_EINPUT, "model: initial track %d of %s is not a track", t,
                                  w->iso3 ? w->iso3[i] : "?");
        } else {
            /* 2025: allies follow U.S.-led frameworks, China's partners the
             * ITU/ISO/IEC track it backs, hedgers have adopted neither. */
            t = m->align[i] == GS_US ? GS_T_USLED : m->align[i] == GS_CN ? GS_T_MULTI : GS_T_NONE;
        }
        m->track[i] = (uint8_t)t;
    }
    /* Per-nation threshold deviates are drawn whatever the rule, so that the
     * dynamics stream does not depend on standards.rule. */
    for (int32_t i = 0; i < n; i++)
        m->phi_z[i] = gsl_ran_gaussian_ziggurat(r, 1.0);
    for (int32_t i = 0; i < n; i++)
        m->perm[i] = i;
    memset(m->stock, 0, 2 * (size_t)n * sizeof *m->stock);
    m->switches = 0;
    count_all(m);
    gs_mdl_align_probs(m, w);
    return GS_OK;
}

/* Sections whose keys describe the run rather than the model: an event there
 * has nothing to change. */
static int runtime_key(const char *name)
{
    static const char *const fixed[] = {"scenario.", "world.", "output.", "landscape."};
    for (size_t k = 0; k < sizeof fixed / sizeof fixed[0]; k++)
        if (!strncmp(name, fixed[k], strlen(fixed[k]))) return 1;
    return 0;
}

static double apply_op(int op, double old, double v)
{
    return op == GS_EV_SCALE ? old * v : op == GS_EV_ADD ? old + v : v;
}

static int param_event(gs_model *m, const gs_mevent *ev, double *oldv, double *newv, gs_err *e)
{
    const gs_param_def *d = &gs_param_table[ev->param];
    if (runtime_key(d->name))
        return gs_err_set(e, GS_EINPUT,
                          "event on %s: only model parameters can change during a run", d->name);
    gs_params q = m->p; /* change a copy: a failed event leaves the model as it was */
    *oldv = gs_param_number(&q, ev->param);
    if (d->type == GS_PT_REAL) {
        double nv = apply_op(ev->op, *oldv, ev->value);
        if (!isfinite(nv) || nv < d->min || nv > d->max)
            return gs_err_set(e, GS_EINPUT, "event on %s: result %g is out of range [%g, %g]",
                              d->name, nv, d->min, d->max);
        *gs_param_real_ptr(&q, ev->param) = nv;
    } else {
        if (ev->op != GS_EV_SET)
            return gs_err_set(e, GS_EINPUT, "event on %s: only op = set applies to a %s parameter",
                              d->name, d->type == GS_PT_ENUM ? "choice" : "non-real");
        char buf[64];
        const char *text = ev->text;
        if (!text || !text[0]) {
            snprintf(buf, sizeof buf, "%.17g", ev->value);
            text = buf;
        }
        if (gs_param_set(&q, ev->param, text, e) != GS_OK) return e ? e->code : GS_EINPUT;
    }
    if (gs_mdl_check_rules(&q, e) != GS_OK) return e ? e->code : GS_EINPUT;
    if (q.align_rule == GS_ALIGN_LANDSCAPE && m->n > GS_LAND_MODEL_MAX)
        return gs_err_set(e, GS_EINPUT, "event on %s: alignment.rule = landscape needs N <= %d",
                          d->name, GS_LAND_MODEL_MAX);
    m->p = q;
    *newv = gs_param_number(&m->p, ev->param);
    return GS_OK;
}

static int attr_event(gs_model *m, const gs_world *w, const gs_mevent *ev, double *oldv,
                      double *newv, gs_err *e)
{
    int a = ev->attr;
    if (a < 0 || a >= GS_NATTR)
        return gs_err_set(e, GS_EINPUT, "event: unknown nation attribute index %d", a);
    if (!isfinite(ev->value))
        return gs_err_set(e, GS_EINPUT, "event on nation.%s: value must be finite",
                          gs_attr_names[a]);
    if (m->attr[a] != m->attr_buf[a] || !m->attr_buf[a]) {
        /* First change of this attribute in this replicate: copy on write. */
        if (!m->attr_buf[a]) {
            m->attr_buf[a] = gs_malloc((size_t)m->n, sizeof(double), "event attribute", e);
            if (!m->attr_buf[a]) return GS_ERUN;
        }
        if (w->attr[a])
            memcpy(m->attr_buf[a], w->attr[a], (size_t)m->n * sizeof(double));
        else
            for (int32_t i = 0; i < m->n; i++)
                m->attr_buf[a][i] = NAN;
        m->attr[a] = m->attr_buf[a];
    }
    double *x = m->attr_buf[a];
    double so = 0, sn = 0;
    int64_t k = 0;
    for (int32_t i = 0; i < m->n; i++) {
        if (ev->mask && !ev->mask[i]) continue;
        double o = x[i];
        x[i] = apply_op(ev->op, o, ev->value);
        so += o;
        sn += x[i];
        k++;
    }
    *oldv = k ? so / (double)k : NAN;
    *newv = k ? sn / (double)k : NAN;
    return GS_OK;
}

int gs_model_event(gs_model *m, const gs_world *w, const gs_mevent *ev, double *old_value,
                   double *new_value, gs_err *e)
{
    double ov = NAN, nv = NAN;
    if (!m || !w || !ev) return gs_err_set(e, GS_EINPUT, "model event: missing argument");
    if (ev->op != GS_EV_SET && ev->op != GS_EV_SCALE && ev->op != GS_EV_ADD)
        return gs_err_set(e, GS_EINPUT, "model event: unknown op %d", ev->op);
    /* An event may turn on a swing strategy, which reads every nation's
     * prob of the last step: rebuild them first if that step skipped some. */
    gs_mdl_align_restore(m, w);
    int rc;
    if (ev->param >= 0) {
        if ((size_t)ev->param >= gs_nparams)
            return gs_err_set(e, GS_EINPUT, "model event: unknown parameter index %d", ev->param);
        rc = param_event(m, ev, &ov, &nv, e);
    } else {
        rc = attr_event(m, w, ev, &ov, &nv, e);
    }
    if (rc != GS_OK) return rc;
    gs_mdl_precompute(m, w);
    if ((rc = gs_mdl_land_prepare(m, w, e)) != GS_OK) return rc;
    if (old_value) *old_value = ov;
    if (new_value) *new_value = nv;
    return GS_OK;
}

/* The same step, chunk by chunk: each chunk of nations goes through the
 * three stages before the next chunk starts, while its stocks, states and
 * draws are still in cache.  Only where the stages allow it: alignment and
 * standards both sync and sparse (output.level = shares), so that a chunk
 * reads nothing another chunk of this step writes, except each nation's
 * own new option; and a seekable stream, so that each stage's draws come
 * from the same place in the stream as in the staged step (alignment: the
 * first 2n words of the step; standards: the next 2n).  Each stage lists a
 * chunk's revisers straight from the stream (gs_rng_pairs_below: the other
 * nations' draws are compared as integers, never converted or stored).
 * In large worlds the gathers read packed copies of the states, which the
 * step keeps for the next one chunk by chunk.  Same values. */
static int chunked(const gs_model *m, const gsl_rng *r)
{
    return gs_mdl_align_sparse(m) && gs_mdl_standards_sparse(m) && gs_rng_seekable(r);
}

static void step_chunked(gs_model *m, const gs_world *w, gsl_rng *r)
{
    const int32_t n = m->n;
    const uint64_t pos = gs_rng_tell(r);
    const int pf = n >= GS_MDL_PF_MIN;
    const unsigned la = pf ? gs_mdl_align_layers(m, w) : 0;
    const unsigned ls = pf ? gs_mdl_standards_layers(m, w) : 0;
    const int C = GS_MDL_CHUNK;
    /* each stage's revisers and their two draws */
    double *u = m->ubuf;
    int32_t *ra = m->rvbuf, *rs = m->rvbuf + C;
    /* packed states: now's (pa, pt) and the next step's (qa, qt) */
    const size_t nq = GS_MDL_PK_BYTES(n);
    uint8_t *pa = m->pkbuf + 2 * (size_t)m->pk_cur * nq, *pt = pa + nq;
    uint8_t *qa = m->pkbuf + 2 * (size_t)!m->pk_cur * nq, *qt = qa + nq;
    const int pk = n >= GS_MDL_PK_MIN;
    if (pk && !m->pk_valid) { /* after init or a staged step */
        gs_mdl_pack(m->align, 0, n, pa);
        gs_mdl_pack(m->track, 0, n, pt);
    }
    m->pk_a = pk ? pa : NULL;
    m->pk_t = pk ? pt : NULL;
    m->switches = 0;
    gs_mdl_stocks_begin(m, w); /* the poles weigh their recipients */
    const int ahead = gs_mdl_stocks_can_ahead(m);
    for (int32_t k0 = 0; k0 < n; k0 += GS_MDL_CHUNK) {
        int32_t k1 = n - k0 > GS_MDL_CHUNK ? k0 + GS_MDL_CHUNK : n;
        size_t np = (size_t)(k1 - k0);
        uint64_t wa = pos + 2 * (uint64_t)k0, ws = pos + 2 * (uint64_t)n + 2 * (uint64_t)k0;
        gs_mdl_stocks_range(m, k0, k1); /* stocks decay, poles allocate */
        int na = (int)gs_rng_pairs_below(r, wa, np, m->rho, k0, ra, u, u + C);
        gs_mdl_align_chunk(m, w, k0, k1, ra, u, u + C, na, la, pf); /* nations realign */
        int ns = (int)gs_rng_pairs_below(r, ws, np, m->rho_s, k0, rs, u + 2 * C, u + 3 * C);
        /* nations revise standards, pulled by their new options */
        gs_mdl_standards_chunk(m, w, k0, k1, rs, u + 2 * C, u + 3 * C, ns, m->align_next, ls, pf);
        /* the poles weigh the next step's recipients while they are here */
        if (ahead) gs_mdl_stocks_ahead(m, w, k0, k1, m->align_next);
        /* the next step's packed states, while these are in cache */
        if (pk) {
            gs_mdl_pack(m->align_next, k0, k1, qa);
            gs_mdl_pack(m->track_next, k0, k1, qt);
        }
    }
    m->stk_ahead = ahead;
    m->pk_a = m->pk_t = NULL;
    m->pk_cur = !m->pk_cur;
    m->pk_valid = pk;
    gs_rng_seek(r, pos + 4 * (uint64_t)n);
    gs_mdl_align_finish(m);
    gs_mdl_standards_finish(m);
}

void gs_model_step(gs_model *m, const gs_world *w, gsl_rng *r)
{
    if (chunked(m, r)) {
        step_chunked(m, w, r);
        return;
    }
    gs_mdl_stocks_step(m, w); /* stocks decay, poles allocate */
    gs_mdl_align_update(m, w, r);
    gs_mdl_standards_update(m, w, r);
}

const uint8_t *gs_model_alignment(const gs_model *m)
{
    return m->align;
}
const uint8_t *gs_model_track(const gs_model *m)
{
    return m->track;
}
const float *gs_model_prob(const gs_model *m)
{
    return m->prob_state == GS_PROB_VALID ? m->prob : NULL;
}
const double *gs_model_stock(const gs_model *m)
{
    return m->stock;
}
int64_t gs_model_switches(const gs_model *m)
{
    return m->switches;
}
const gs_params *gs_model_params(const gs_model *m)
{
    return &m->p;
}
