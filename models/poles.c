/* poles.c - the poles as actors: each year pole o spends budget B_o (% of
 * world GDP) on capacity in other nations, split by a targeting strategy;
 * what a nation receives accumulates as a stock in % of its own GDP and
 * decays at a yearly rate (models/README.md, "Poles").  No randomness. */
#include <math.h>

#include "model_impl.h"

void gs_mdl_stocks_decay(gs_model *m)
{
    const double fu = m->decay_f[GS_US], fc = m->decay_f[GS_CN];
    double *c = m->stock;
    for (int32_t i = 0; i < m->n; i++) {
        c[2 * i] *= fu;
        c[2 * i + 1] *= fc;
    }
}

/* Intensity of pole o's effort in nation i under a strategy.  Recipients
 * are non-pole nations with a positive GDP; the USD a nation receives are
 * proportional to intensity x GDP, so that its stock in % of its own GDP is
 * proportional to the intensity: a strategy says where the effort is
 * heavier, not that a microstate gets as many dollars as Nigeria. */
static double weight(const gs_model *m, const gs_world *w, int o, int strategy, int32_t i)
{
    switch (strategy) {
    case GS_STRAT_UNIFORM: return 1.0;
    case GS_STRAT_NEED: return m->need_cap[i];
    case GS_STRAT_SWING: {
        /* Where the choice is closest to a coin flip for this pole, from the
         * probabilities of the last step. */
        double q = m->prob[3 * i + o];
        return q * (1.0 - q);
    }
    case GS_STRAT_ALLIES:
        /* Mostly reward the aligned; a tenth for the rest keeps a foothold. */
        return m->align[i] == o ? 1.0 : 0.1;
    case GS_STRAT_CENTRALITY: {
        const gs_csr *t = &w->layer[GS_L_TRADE];
        return t->nnz > 0 && t->wsum ? t->wsum[i] : 1.0;
    }
    }
    return 0.0;
}

void gs_mdl_poles_act(gs_model *m, const gs_world *w)
{
    const double dt = m->p.dt;
    double *wt = m->scratch;
    for (int o = GS_US; o <= GS_CN; o++) {
        const gs_pole_params *pp = &m->p.pole[o];
        if (pp->strategy == GS_STRAT_NONE || !(pp->budget > 0) || !(m->world_gdp > 0)) continue;
        double sum = 0;
        for (int32_t i = 0; i < m->n; i++) {
            double v = 0;
            double g = gs_mdl_attr(m, GS_A_GDP, i);
            if (!gs_mdl_is_pole(m, i) && g > 0) v = weight(m, w, o, pp->strategy, i) * g;
            wt[i] = v > 0 ? v : 0;
            sum += wt[i];
        }
        if (!(sum > 0)) continue; /* nobody to target: the budget is not spent */
        /* USD this step = B/100 * world GDP * dt; nation i gets the share
         * wt[i]/sum and books 100 * USD / GDP_i percentage points, which is
         * 100 * spend * intensity_i / sum. */
        double spend = pp->budget / 100.0 * m->world_gdp * dt;
        double k = 100.0 * spend / sum;
        double *c = m->stock + (o - 1);
        for (int32_t i = 0; i < m->n; i++)
            if (wt[i] > 0) c[2 * i] += k * wt[i] / gs_mdl_attr(m, GS_A_GDP, i);
    }
}
