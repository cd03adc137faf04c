/* poles.c - the poles as actors: each year pole o spends budget B_o (% of
 * world GDP) on capacity in other nations, split by a targeting strategy;
 * what a nation receives accumulates as a stock in % of its own GDP and
 * decays at a yearly rate (models/README.md, "Poles").  No randomness.
 *
 * Speed: the uniform, need and centrality strategies depend only on
 * parameters and attributes, so what each nation receives per step is
 * computed once per init and event (gs_mdl_poles_precompute); swing and
 * allies depend on the state and are weighed each step.  Decay and
 * allocation then run as one pass over the stocks, with the same operations
 * in the same order as decaying everything first and adding each pole's
 * allocation after.  An allies pole's weights are not stored: the stock
 * pass recomputes each one from the alignment and GDP it reads anyway (two
 * multiplications), which at a million nations is cheaper than writing a
 * stream of weights in one pass and reading it back in the next. */
#include <math.h>

#include "model_impl.h"

/* POLE_DYNAMIC: weights stored in pinc by weigh_range (swing); POLE_ALLIES:
 * dynamic too, weights recomputed where they are used (allies_weight). */
enum { POLE_OFF, POLE_STATIC, POLE_DYNAMIC, POLE_ALLIES };

/* Nation i's plane-o entry of pinc (planar: each pole's entries contiguous,
 * so a pass that needs one pole's streams only that one). */
static inline double *pinc_of(const gs_model *m, int o)
{
    return m->pinc + (size_t)(o - 1) * (size_t)m->n;
}

/* Intensity x GDP of nation i for an allies pole o, 0 for non-recipients:
 * weight() below for this one strategy, with the same recipients and the
 * same product as weigh_range gives the others.  Without a branch on the
 * alignment: whether a nation is aligned with o is a coin toss for the
 * branch predictor, and a mispredicted branch per nation cost more than the
 * rest of the pass. */
static inline double allies_weight(const gs_model *m, const uint8_t *al, int o, int32_t i)
{
    /* Mostly reward the aligned; a tenth for the rest keeps a foothold. */
    static const double f[2] = {0.1, 1.0};
    double g = m->gdp[i];
    double v = f[al[i] == o] * g;
    if (gs_mdl_is_pole(m, i) || !(g > 0)) v = 0;
    return v > 0 ? v : 0;
}

/* Intensity of pole o's effort in nation i under a strategy.  Recipients
 * are non-pole nations with a positive GDP; the USD a nation receives are
 * proportional to intensity x GDP, so that its stock in % of its own GDP is
 * proportional to the intensity: a strategy says where the effort is
 * heavier, not that a microstate gets as many dollars as Nigeria. */
static inline double weight(const gs_model *m, const gs_world *w, int o, int strategy, int32_t i)
{
    switch (strategy) {
    case GS_STRAT_UNIFORM:
        return 1.0;
    case GS_STRAT_NEED:
        return m->need_cap[i];
    case GS_STRAT_SWING: {
        /* Where the choice is closest to a coin flip for this pole, from the
         * probabilities of the last step. */
        double q = m->prob[3 * i + o];
        return q * (1.0 - q);
    }
    case GS_STRAT_CENTRALITY: {
        const gs_csr *t = &w->layer[GS_L_TRADE];
        return t->nnz > 0 && t->wsum ? t->wsum[i] : 1.0;
    }
    }
    return 0.0;
}

/* Weighs pole o's recipients among nations [i0, i1) (weight x GDP, 0 for
 * non-recipients, alignment read from al) and adds them to *sum in nation
 * order; stores them in o's plane of pinc unless o is an allies pole. */
static void weigh_range(gs_model *m, const gs_world *w, const uint8_t *al, int o, int32_t i0,
                        int32_t i1, double *sum)
{
    const int strategy = m->p.pole[o].strategy; /* allies: allies_weight */
    double *wt = pinc_of(m, o), s = *sum;
    if (strategy == GS_STRAT_ALLIES) {
        for (int32_t i = i0; i < i1; i++)
            s += allies_weight(m, al, o, i);
        *sum = s;
        return;
    }
    for (int32_t i = i0; i < i1; i++) {
        double v = 0;
        double g = m->gdp[i];
        if (!gs_mdl_is_pole(m, i) && g > 0) v = weight(m, w, o, strategy, i) * g;
        wt[i] = v > 0 ? v : 0;
        s += wt[i];
    }
    *sum = s;
}

/* All of pole o's recipients; returns the total. */
static double weigh(gs_model *m, const gs_world *w, int o)
{
    double sum = 0;
    weigh_range(m, w, m->align, o, 0, m->n, &sum);
    return sum;
}

/* k of pole o for a total weight sum: nation i then books k * wt_i / GDP_i
 * percentage points.  USD this step = B/100 * world GDP * dt; nation i gets
 * the share wt_i/sum and books 100 * USD / GDP_i percentage points, which
 * is 100 * spend * wt_i / (sum * GDP_i). */
static double pole_k(const gs_model *m, int o, double sum)
{
    double spend = m->p.pole[o].budget / 100.0 * m->world_gdp * m->p.dt;
    return 100.0 * spend / sum;
}

static int pole_on(const gs_model *m, int o)
{
    const gs_pole_params *pp = &m->p.pole[o];
    return pp->strategy != GS_STRAT_NONE && pp->budget > 0 && m->world_gdp > 0;
}

void gs_mdl_poles_precompute(gs_model *m, const gs_world *w)
{
    m->stk_ahead = 0; /* weights weighed ahead are stale now */
    for (int32_t i = 0; i < m->n; i++)
        m->gdp[i] = gs_mdl_attr(m, GS_A_GDP, i);
    m->pole_mode[GS_HEDGE] = POLE_OFF;
    for (int o = GS_US; o <= GS_CN; o++) {
        int s = m->p.pole[o].strategy;
        m->pole_mode[o] = POLE_OFF;
        if (!pole_on(m, o)) continue;
        if (s == GS_STRAT_SWING || s == GS_STRAT_ALLIES) {
            m->pole_mode[o] = s == GS_STRAT_ALLIES ? POLE_ALLIES : POLE_DYNAMIC;
            continue;
        }
        double sum = weigh(m, w, o);
        if (!(sum > 0)) continue; /* nobody to target: the budget is not spent */
        double k = pole_k(m, o, sum), *inc = pinc_of(m, o);
        for (int32_t i = 0; i < m->n; i++)
            if (inc[i] > 0) inc[i] = k * inc[i] / m->gdp[i];
        m->pole_mode[o] = POLE_STATIC;
    }
}

void gs_mdl_stocks_begin(gs_model *m, const gs_world *w)
{
    for (int o = GS_HEDGE; o <= GS_CN; o++) {
        m->stk_mode[o] = m->pole_mode[o];
        m->stk_k[o] = 0;
        if (m->stk_mode[o] == POLE_DYNAMIC || m->stk_mode[o] == POLE_ALLIES) {
            double sum = m->stk_ahead ? m->stk_sum[o] : weigh(m, w, o);
            if (sum > 0)
                m->stk_k[o] = pole_k(m, o, sum);
            else
                m->stk_mode[o] = POLE_OFF;
        }
        m->stk_sum[o] = 0; /* gs_mdl_stocks_ahead adds the next step's */
    }
    m->stk_ahead = 0;
}

int gs_mdl_stocks_can_ahead(const gs_model *m)
{
    for (int o = GS_US; o <= GS_CN; o++)
        if (m->pole_mode[o] == POLE_DYNAMIC) return 0; /* swing: from this step's prob */
    return 1;
}

void gs_mdl_stocks_ahead(gs_model *m, const gs_world *w, int32_t i0, int32_t i1, const uint8_t *al)
{
    for (int o = GS_US; o <= GS_CN; o++)
        if (m->pole_mode[o] == POLE_ALLIES) weigh_range(m, w, al, o, i0, i1, &m->stk_sum[o]);
}

/* Pole o's increment of nation i's stock c (decayed already) this step, o
 * in mode `mode` with scale k: static increments are stored whole (0 for
 * non-recipients, and adding +0 to a stock, never -0, leaves it as it is);
 * dynamic weights are stored or, for allies, recomputed from the alignment
 * before the step. */
static inline double stock_add(const gs_model *m, int mode, int o, double k, const double *inc,
                               int32_t i, double c)
{
    if (mode == POLE_STATIC) return c + inc[i];
    double v = mode == POLE_DYNAMIC  ? inc[i]
               : mode == POLE_ALLIES ? allies_weight(m, m->align, o, i)
                                     : 0;
    return v > 0 ? c + k * v / m->gdp[i] : c;
}

/* The pass of gs_mdl_stocks_range with the poles' modes mu, mc: inlined
 * with constant modes for the usual pairs, so that each copy's loop holds
 * only its own modes' work (the loop is bound by its instruction count). */
static inline __attribute__((always_inline)) void stocks_pass(gs_model *m, int32_t i0, int32_t i1,
                                                              const int mu, const int mc)
{
    const double ku = m->stk_k[GS_US], kc = m->stk_k[GS_CN];
    const double fu = m->decay_f[GS_US], fc = m->decay_f[GS_CN];
    const double *incu = pinc_of(m, GS_US), *incc = pinc_of(m, GS_CN), *gdp = m->gdp;
    const int su = mu == POLE_STATIC || mu == POLE_DYNAMIC,
              sc = mc == POLE_STATIC || mc == POLE_DYNAMIC;
    double *c = m->stock;
    /* The chunked step (model.c) comes back to these streams every
     * GS_MDL_CHUNK nations, after the other stages have run, and the
     * hardware prefetchers have dropped them by then: at sizes where they
     * do not fit in cache, ask for the lines 64 nations ahead (at a
     * chunk's end, the next chunk's first lines), once per line (four
     * nations' stocks, eight nations' GDP or increments); a plane of pinc
     * only when it is read.  Hints only. */
    const int32_t ahead = 64, lim = m->n >= GS_MDL_PF_MIN ? m->n - ahead : 0;
    for (int32_t i = i0; i < i1; i++) {
        if (i < lim && !(i & 3)) {
            __builtin_prefetch(&c[2 * (i + ahead)]);
            if (!(i & 7)) {
                __builtin_prefetch(&gdp[i + ahead]);
                if (su) __builtin_prefetch(&incu[i + ahead]);
                if (sc) __builtin_prefetch(&incc[i + ahead]);
            }
        }
        double cu = c[2 * i] * fu, cc = c[2 * i + 1] * fc;
        c[2 * i] = stock_add(m, mu, GS_US, ku, incu, i, cu);
        c[2 * i + 1] = stock_add(m, mc, GS_CN, kc, incc, i, cc);
    }
}

void gs_mdl_stocks_range(gs_model *m, int32_t i0, int32_t i1)
{
    const int mu = m->stk_mode[GS_US], mc = m->stk_mode[GS_CN];
    if (mu == POLE_ALLIES && mc == POLE_STATIC) /* the defaults */
        stocks_pass(m, i0, i1, POLE_ALLIES, POLE_STATIC);
    else if (mu == POLE_STATIC && mc == POLE_STATIC)
        stocks_pass(m, i0, i1, POLE_STATIC, POLE_STATIC);
    else
        stocks_pass(m, i0, i1, mu, mc);
}

void gs_mdl_stocks_step(gs_model *m, const gs_world *w)
{
    gs_mdl_stocks_begin(m, w);
    gs_mdl_stocks_range(m, 0, m->n);
}
