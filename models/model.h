/* model.h - the governance model's public interface (DESIGN.md §3).
 *
 * A gs_model is one replicate's workspace: a private copy of the parameters
 * and of the nation attributes that events may change, the quantities
 * precomputed from them (needs, access, attractiveness, static utility
 * parts), and the state (alignment, standards track, capacity stocks,
 * choice probabilities).  Allocate one per worker thread and re-initialise
 * it for each replicate: nothing is allocated inside a step.
 *
 * models/ sees plain C only: the world's arrays, gs_params and a GSL
 * generator; it knows nothing of INI, HDF5 or MPI. */
#ifndef GS_MODEL_H
#define GS_MODEL_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

#include "../sim/err.h"
#include "../sim/params.h"
#include "../sim/world.h"

typedef struct gs_model gs_model;

/* A scenario event resolved against a world: applied by gs_model_event()
 * at the start of the step whose time reaches ev.time. */
typedef struct gs_mevent {
    double time;
    int param;          /* gs_param_table index, or -1 for a nation attribute */
    int attr;           /* GS_A_* when param == -1 */
    int op;             /* GS_EV_SET / GS_EV_SCALE / GS_EV_ADD (config.h) */
    double value;       /* numeric operand */
    const char *text;   /* value as written (enum and string parameters, op set) */
    const uint8_t *mask; /* n entries, 1 = affected; NULL = all nations */
} gs_mevent;

/* Allocates a workspace sized for w.  NULL with e set on out of memory. */
gs_model *gs_model_alloc(const gs_world *w, gs_err *e);
void gs_model_free(gs_model *m); /* accepts NULL */

/* Starts a replicate: copies p, resets attributes from w, precomputes, and
 * draws the initial state from r where the rule is random (then n Gaussian
 * threshold deviates, always, so the stream does not depend on the rules).
 * Fills prob for the initial state (but see gs_model_prob).  GS_EINPUT when a parameter combination
 * is unusable (message names the key; alignment.rule = landscape needs
 * n <= 5000 and a positive gdp_usd and a libdem for every nation), when w is
 * not the world m was allocated for, or when an init_align/init_track
 * override is out of range; GS_ERUN when out of memory (a small table per
 * constant-weight layer, models/gather.h; the n x n landscape matrix). */
int gs_model_init(gs_model *m, const gs_world *w, const gs_params *p, gsl_rng *r, gs_err *e);

/* Applies one event; writes the old value (mean over the subset for
 * attributes) to *old_value and the new one to *new_value for the log, then
 * recomputes what depends on it. */
int gs_model_event(gs_model *m, const gs_world *w, const gs_mevent *ev, double *old_value,
                   double *new_value, gs_err *e);

/* One step (one_time_step): poles allocate budgets, capacity stocks decay
 * and accumulate, nations revise alignment, nations revise standards.
 * Cannot fail. */
void gs_model_step(gs_model *m, const gs_world *w, gsl_rng *r);

/* Read access to the state (arrays of length n, prob of length 3n:
 * prob[3*i + o]).  Valid until the next call that changes m.
 * gs_model_prob is NULL at output.level = shares with sync updates and no
 * pole targeting by swing (after init and after each step): nobody reads
 * the probabilities there, so a step computes them only for the nations
 * that revise (most of its work saved; the draws and the dynamics are the
 * same; an event rebuilds them first, in case it turns a swing strategy
 * on). */
const uint8_t *gs_model_alignment(const gs_model *m);
const uint8_t *gs_model_track(const gs_model *m);
const float *gs_model_prob(const gs_model *m);
const double *gs_model_stock(const gs_model *m); /* stock[2*i + (o-1)], % of GDP */
int64_t gs_model_switches(const gs_model *m);    /* alignment switches in the last step */
const gs_params *gs_model_params(const gs_model *m);

/* Interoperability (DESIGN.md §3): the trade-weighted share of partner pairs
 * whose tracks share a standard (dual shares one with every adopted track,
 * none with nothing), over the edges of trade (CSR, both directions stored:
 * the ratio is the same).  When trade is NULL or has no edges, every
 * unordered pair of the n nations counts with weight 1 (the implicit
 * complete graph).  NaN when n < 2 or the total weight is 0.  Pure; any
 * thread. */
double gs_interop(const gs_csr *trade, const uint8_t *track, int32_t n);

#endif
