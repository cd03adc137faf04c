/* offer.c - what the two poles offer each nation, and what that is worth to
 * it: needs from attributes, the poles' access rules, attractiveness, and the
 * static part of the alignment utility (DESIGN.md §3, models/README.md).
 * All of it changes only at init and at events, so it is computed here once
 * and the step reads flat arrays.  Also the initial-state rules. */
#include <math.h>

#include "model_impl.h"

const uint8_t gs_mdl_pulled_track[GS_NOPT] = {GS_T_DUAL, GS_T_USLED, GS_T_MULTI};

double gs_mdl_attr(const gs_model *m, int a, int32_t i)
{
    double v = m->attr[a] ? m->attr[a][i] : 0.0;
    return isfinite(v) ? v : 0.0;
}

static double clamp01(double v)
{
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

/* Memberships are 0/1 in the data; an event may write any number, so read
 * "more than half" as member. */
static int member(const gs_model *m, int a, int32_t i)
{
    return gs_mdl_attr(m, a, i) > 0.5;
}

static int us_partner(const gs_model *m, int32_t i)
{
    return member(m, GS_A_NATO, i) || member(m, GS_A_RIO, i) || member(m, GS_A_US_TREATY, i) ||
           member(m, GS_A_MNNA, i);
}

/* tie_treaty: 1 for NATO and the bilateral/ANZUS treaties; 0.5 for the Rio
 * Treaty alone, a hemispheric pact that is dormant in practice (Mexico left
 * in 2004, four more parties in 2012-14) and whose parties hedge in AI
 * (models/README.md). */
static double us_treaty_tie(const gs_model *m, int32_t i)
{
    if (member(m, GS_A_NATO, i) || member(m, GS_A_US_TREATY, i)) return 1.0;
    return member(m, GS_A_RIO, i) ? 0.5 : 0.0;
}

/* Drivers of the needs map, each scaled to [0,1]; lo and hi are the logs
 * of needs.gdppc_lo and _hi. */
static double driver(const gs_model *m, int d, int32_t i, double lo, double hi)
{
    switch (d) {
    case GS_ND_INTERNET:
        return clamp01(gs_mdl_attr(m, GS_A_INTERNET, i) / 100.0);
    case GS_ND_ELECTRICITY:
        return clamp01(gs_mdl_attr(m, GS_A_ELECTRICITY, i) / 100.0);
    case GS_ND_INCOME: {
        double g = gs_mdl_attr(m, GS_A_GDPPC, i);
        if (g <= 0) return 0.0;
        return clamp01((log(g) - lo) / (hi - lo));
    }
    case GS_ND_THREAT:
        return clamp01(gs_mdl_attr(m, GS_A_THREAT, i));
    case GS_ND_LIBDEM:
        return clamp01(gs_mdl_attr(m, GS_A_LIBDEM, i));
    case GS_ND_G7:
        return member(m, GS_A_G7, i);
    case GS_ND_SOUTH:
        return member(m, GS_A_GLOBAL_SOUTH, i);
    case GS_ND_NAM:
        return member(m, GS_A_NAM, i);
    }
    return 0.0;
}

/* Every driver of nation i that some need weighs (the others stay 0). */
static void drivers(const gs_model *m, int32_t i, double drv[GS_NND])
{
    double lo = log(m->p.need_gdppc_lo), hi = log(m->p.need_gdppc_hi);
    for (int d = 0; d < GS_NND; d++) {
        int used = 0;
        for (int k = 0; k < GS_NFEAT; k++)
            used |= m->p.need_w[k][d] != 0;
        drv[d] = used ? driver(m, d, i, lo, hi) : 0.0;
    }
}

static double need_of(const gs_params *p, int k, const double drv[GS_NND])
{
    double v = p->need_base[k];
    for (int d = 0; d < GS_NND; d++)
        if (p->need_w[k][d] != 0) v += p->need_w[k][d] * drv[d];
    return clamp01(v);
}

double gs_mdl_need(const gs_model *m, int32_t i, int k)
{
    double drv[GS_NND];
    drivers(m, i, drv);
    return need_of(&m->p, k, drv);
}

/* Access of a nation (a U.S. partner or not) to feature k of pole o. */
static double access_of(const gs_model *m, int partner, int o, int k)
{
    /* China's plan offers its package to all ("AI as a global public good");
     * the U.S. plan serves partners first and export controls cut frontier
     * chips and compute to everyone else (the access channel).  A security
     * guarantee is what makes a partner: non-partners get none of it. */
    if (o != GS_US || partner) return 1.0;
    if (k == GS_F_SECURITY) return 0.0;
    const gs_pole_params *u = &m->p.pole[GS_US];
    double g = u->nonpartner;
    if (k == GS_F_FRONTIER || k == GS_F_COMPUTE) g *= 1.0 - u->export_controls;
    return g;
}

double gs_mdl_access(const gs_model *m, int32_t i, int o, int k)
{
    return access_of(m, o == GS_US && us_partner(m, i), o, k);
}

static double attract(const gs_model *m, int partner, int o, const double *need)
{
    double num = 0, den = 0;
    for (int k = 0; k < GS_NFEAT; k++) {
        double b = m->p.beta[k];
        if (b == 0) continue;
        den += b;
        num += b * m->p.pole[o].feat[k] * access_of(m, partner, o, k) * need[k];
    }
    return den > 0 ? num / den : 0.0;
}

double gs_mdl_attract(const gs_model *m, int32_t i, int o)
{
    double need[GS_NFEAT];
    for (int k = 0; k < GS_NFEAT; k++)
        need[k] = gs_mdl_need(m, i, k);
    return attract(m, us_partner(m, i), o, need);
}

int gs_mdl_check_rules(const gs_params *p, gs_err *e)
{
    if (!(p->need_gdppc_hi > p->need_gdppc_lo))
        return gs_err_set(e, GS_EINPUT, "needs.gdppc_hi (%g) must exceed needs.gdppc_lo (%g)",
                          p->need_gdppc_hi, p->need_gdppc_lo);
    return GS_OK;
}

void gs_mdl_precompute(gs_model *m, const gs_world *w)
{
    const gs_params *p = &m->p;
    int32_t n = m->n;
    m->pole[GS_HEDGE] = -1;
    m->pole[GS_US] = w->pole[GS_US];
    m->pole[GS_CN] = w->pole[GS_CN];
    m->rho = -expm1(-p->align_rate * p->dt);
    m->rho_s = -expm1(-p->std_rate * p->dt);
    m->gamma_layers = 0;
    for (int l = 0; l < GS_NLAYER; l++)
        if (p->gamma[l] != 0 && w->layer[l].nnz > 0) m->gamma_layers |= 1u << l;
    for (int o = GS_US; o <= GS_CN; o++) {
        m->decay_f[o] = exp(-p->pole[o].decay * p->dt);
        m->has_xpole[o] = m->pole[o] >= 0;
        m->xpole[o] = m->has_xpole[o] ? gs_mdl_attr(m, GS_A_LIBDEM, m->pole[o]) : 0.0;
    }
    m->world_gdp = 0;
    for (int32_t i = 0; i < n; i++) {
        double g = gs_mdl_attr(m, GS_A_GDP, i);
        if (g > 0) m->world_gdp += g;
    }

    const double ec = p->pole[GS_US].export_controls, lev = p->pole[GS_CN].leverage;
    for (int32_t i = 0; i < n; i++) {
        double *u = &m->ustat[3 * i];
        double need[GS_NFEAT], drv[GS_NND];
        drivers(m, i, drv);
        for (int k = 0; k < GS_NFEAT; k++)
            need[k] = need_of(p, k, drv);
        m->need_cap[i] = need[GS_F_CAPACITY];
        int partner = us_partner(m, i);
        double a_us = attract(m, partner, GS_US, need), a_cn = attract(m, partner, GS_CN, need);
        double x = clamp01(gs_mdl_attr(m, GS_A_LIBDEM, i));
        double p_cn = p->pi_ec * ec * gs_mdl_attr(m, GS_A_CHIPDEP, i);
        double p_us = p->pi_lev * lev * gs_mdl_attr(m, GS_A_TRADEDEP_CN, i);
        u[GS_US] = a_us - p_us + p->tau[GS_TIE_TREATY] * us_treaty_tie(m, i) +
                   p->tau[GS_TIE_MNNA] * member(m, GS_A_MNNA, i);
        u[GS_CN] = a_cn - p_cn + p->tau[GS_TIE_BRI] * member(m, GS_A_BRI, i) +
                   p->tau[GS_TIE_SCO] * member(m, GS_A_SCO, i) +
                   p->tau[GS_TIE_BRICS] * member(m, GS_A_BRICS, i);
        for (int o = GS_US; o <= GS_CN; o++)
            if (m->has_xpole[o]) u[o] -= p->eta * fabs(x - m->xpole[o]);
        u[GS_HEDGE] = p->omega * (a_us + a_cn) - p->omega * (p_us + p_cn) +
                      p->tau[GS_TIE_NAM] * member(m, GS_A_NAM, i);
    }

    gs_mdl_poles_precompute(m, w);

    /* Track terms that do not depend on the nation: the poles' voice in the
     * forum of each track (dual gives a seat in both) and the yearly cost. */
    double v_us = p->pole[GS_US].feat[GS_F_STANDARDS_VOICE];
    double v_cn = p->pole[GS_CN].feat[GS_F_STANDARDS_VOICE];
    m->std_const[GS_T_NONE] = 0;
    m->std_const[GS_T_MULTI] = p->std_voice * v_cn - p->std_cost;
    m->std_const[GS_T_USLED] = p->std_voice * v_us - p->std_cost;
    m->std_const[GS_T_DUAL] = p->std_voice * (v_us + v_cn) - p->std_cost_dual;
}

int gs_mdl_ties_rule(const gs_model *m, int32_t i)
{
    /* Treaty alliances weigh twice a designation (MNNA) and a bloc
     * membership; the Rio Treaty, dormant for most parties, half.  A
     * Non-Aligned Movement tradition raises the bar for leaving hedge; China
     * needs a wider margin because SCO and BRICS membership are looser
     * commitments than a defence treaty (models/README.md checks the rule
     * against India, Brazil, Turkey, ...). */
    double su = 2.0 * (member(m, GS_A_NATO, i) || member(m, GS_A_US_TREATY, i)) +
                0.5 * member(m, GS_A_RIO, i) + member(m, GS_A_MNNA, i);
    double sc = member(m, GS_A_SCO, i) + member(m, GS_A_BRICS, i) + 0.5 * member(m, GS_A_BRI, i);
    double margin = 1.0 + member(m, GS_A_NAM, i);
    if (su - sc >= margin) return GS_US;
    if (sc - su >= margin + 0.5) return GS_CN;
    return GS_HEDGE;
}
