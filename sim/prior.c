/* prior.c - per-replicate parameter draws from the [prior] section. */
#include "prior.h"

#include <gsl/gsl_randist.h>
#include <math.h>

static double triangular(gsl_rng *r, double lo, double mode, double hi)
{
    double u = gsl_rng_uniform(r);
    double f = (mode - lo) / (hi - lo);
    if (u < f) return lo + sqrt(u * (hi - lo) * (mode - lo));
    return hi - sqrt((1 - u) * (hi - lo) * (hi - mode));
}

void gs_prior_draw(const gs_config *c, gs_params *p, gsl_rng *r, double *values)
{
    for (size_t k = 0; k < c->npriors; k++) {
        const gs_prior *pr = &c->priors[k];
        const gs_param_def *d = &gs_param_table[pr->param];
        double v = 0;
        switch (pr->kind) {
        case GS_PRIOR_UNIFORM:
            v = pr->a + (pr->b - pr->a) * gsl_rng_uniform(r);
            break;
        case GS_PRIOR_NORMAL: {
            int tries = 0;
            do {
                v = pr->a + gsl_ran_gaussian(r, pr->b);
            } while ((v < d->min || v > d->max) && ++tries < 1000);
            break;
        }
        case GS_PRIOR_BETA:
            v = gsl_ran_beta(r, pr->a, pr->b);
            break;
        case GS_PRIOR_TRIANGULAR:
            v = triangular(r, pr->a, pr->b, pr->c);
            break;
        }
        if (v < d->min) v = d->min;
        if (v > d->max) v = d->max;
        if (d->type == GS_PT_INT) v = nearbyint(v);
        double *f = gs_param_real_ptr(p, pr->param);
        if (f)
            *f = v;
        else if (d->type == GS_PT_INT)
            *(int64_t *)((char *)p + d->offset) = (int64_t)v;
        if (values) values[k] = v;
    }
}
