/* prior.h - parameter uncertainty: each replicate draws its own values of
 * the parameters named in the scenario's [prior] section. */
#ifndef GS_PRIOR_H
#define GS_PRIOR_H

#include <gsl/gsl_rng.h>

#include "config.h"

/* Draws one value of every prior of c into p (in the order of c->priors)
 * from r, writing the drawn values to values[k] (may be NULL).  Normal
 * draws outside the parameter's range are redrawn (truncated normal);
 * after 1000 failed draws the value is clamped (documented in
 * scenarios/README.md).  Cannot fail: priors were validated at load. */
void gs_prior_draw(const gs_config *c, gs_params *p, gsl_rng *r, double *values);

#endif
