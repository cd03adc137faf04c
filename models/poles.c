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
 * allocation after. */
#include <math.h>

#include "model_impl.h"

enum { POLE_OFF, POLE_STATIC, POLE_DYNAMIC };

/* Intensity of pole o's effort in nation i under a strategy.  Recipients
 * are non-pole nations with a positive GDP; the USD a nation receives are
 * proportional to intensity x GDP, so that its stock in % of its own GDP is
 * proportional to the intensity: a strategy says where the effort is
 * heavier, not that a microstate gets as many dollars as Nigeria. */
static inline double weight(const gs_model *m, const gs_world *w, const uint8_t *al, int o,
                            int strategy, int32_t i)
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
    case GS_STRAT_ALLIES:
        /* Mostly reward the aligned; a tenth for the rest keeps a foothold. */
        return al[i] == o ? 1.0 : 0.1;
    case GS_STRAT_CENTRALITY: {
        const gs_csr *t = &w->layer[GS_L_TRADE];
        return t->nnz > 0 && t->wsum ? t->wsum[i] : 1.0;
    }
    }
    return 0.0;
}

/* Weighs pole o's recipients among nations [i0, i1) into pinc[2i + o - 1]
 * (weight x GDP, 0 for non-recipients, alignment read from al) and adds
 * them to *sum in nation order. */
static void weigh_range(gs_model *m, const gs_world *w, const uint8_t *al, int o, int32_t i0,
                        int32_t i1, double *sum)
{
    const int strategy = m->p.pole[o].strategy;
    double *wt = m->pinc + (o - 1), s = *sum;
    for (int32_t i = i0; i < i1; i++) {
        double v = 0;
        double g = m->gdp[i];
        if (!gs_mdl_is_pole(m, i) && g > 0) v = weight(m, w, al, o, strategy, i) * g;
        wt[2 * i] = v > 0 ? v : 0;
        s += wt[2 * i];
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
            m->pole_mode[o] = POLE_DYNAMIC;
            continue;
        }
        double sum = weigh(m, w, o);
        if (!(sum > 0)) continue; /* nobody to target: the budget is not spent */
        double k = pole_k(m, o, sum), *inc = m->pinc + (o - 1);
        for (int32_t i = 0; i < m->n; i++)
            if (inc[2 * i] > 0) inc[2 * i] = k * inc[2 * i] / m->gdp[i];
        m->pole_mode[o] = POLE_STATIC;
    }
}

void gs_mdl_stocks_begin(gs_model *m, const gs_world *w)
{
    for (int o = GS_HEDGE; o <= GS_CN; o++) {
        m->stk_mode[o] = m->pole_mode[o];
        m->stk_k[o] = 0;
        if (m->stk_mode[o] == POLE_DYNAMIC) {
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
        if (m->pole_mode[o] == POLE_DYNAMIC && m->p.pole[o].strategy != GS_STRAT_ALLIES) return 0;
    return 1;
}

void gs_mdl_stocks_ahead(gs_model *m, const gs_world *w, int32_t i0, int32_t i1, const uint8_t *al)
{
    for (int o = GS_US; o <= GS_CN; o++)
        if (m->pole_mode[o] == POLE_DYNAMIC) weigh_range(m, w, al, o, i0, i1, &m->stk_sum[o]);
}

void gs_mdl_stocks_range(gs_model *m, int32_t i0, int32_t i1)
{
    const int mu = m->stk_mode[GS_US], mc = m->stk_mode[GS_CN];
    const double ku = m->stk_k[GS_US], kc = m->stk_k[GS_CN];
    const double fu = m->decay_f[GS_US], fc = m->decay_f[GS_CN];
    const double *inc = m->pinc, *gdp = m->gdp;
    double *c = m->stock;
    /* The chunked step (model.c) comes back to these three streams every
     * GS_MDL_CHUNK nations, after the other stages have run, and the
     * hardware prefetchers have dropped them by then: at sizes where they
     * do not fit in cache, ask for the lines 64 nations ahead (at a
     * chunk's end, the next chunk's first lines).  Hints only. */
    const int32_t ahead = 64, lim = m->n >= GS_MDL_PF_MIN ? m->n - ahead : 0;
    for (int32_t i = i0; i < i1; i++) {
        if (i < lim) {
            __builtin_prefetch(&c[2 * (i + ahead)]);
            __builtin_prefetch(&inc[2 * (i + ahead)]);
            __builtin_prefetch(&gdp[i + ahead]);
        }
        double cu = c[2 * i] * fu, cc = c[2 * i + 1] * fc;
        /* A static increment is 0 for non-recipients, and adding +0 to a
         * stock (never -0) leaves it as it is. */
        if (mu == POLE_STATIC)
            cu += inc[2 * i];
        else if (mu == POLE_DYNAMIC && inc[2 * i] > 0)
            cu += ku * inc[2 * i] / gdp[i];
        if (mc == POLE_STATIC)
            cc += inc[2 * i + 1];
        else if (mc == POLE_DYNAMIC && inc[2 * i + 1] > 0)
            cc += kc * inc[2 * i + 1] / gdp[i];
        c[2 * i] = cu;
        c[2 * i + 1] = cc;
    }
}

void gs_mdl_stocks_step(gs_model *m, const gs_world *w)
{
    gs_mdl_stocks_begin(m, w);
    gs_mdl_stocks_range(m, 0, m->n);
}
