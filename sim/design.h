/* design.h - sweep designs: which parameter values each point of a sweep
 * takes.
 *
 * A design has dimensions, one per swept key, from the scenario's [sweep]
 * section and the command line's --vary KEY=SPEC (a --vary for a key that
 * [sweep] also names replaces it in place; further --vary keys follow in
 * command-line order).  SPEC is one of
 *
 *   a,b,c              a list (one value is a list too): a grid dimension
 *   start:stop:step    an arithmetic range, stop included: a grid dimension
 *   LO:HI              an interval: a sampled dimension
 *   lhs:N[:LO:HI]      Latin hypercube of N points over [LO, HI] (default:
 *                      the key's range in the parameter table)
 *   sobol:N[:LO:HI]    the first N points of GSL's Sobol sequence (the
 *                      all-0 point is skipped by GSL; it starts at 0.5)
 *
 * The sampled dimensions form one block of N points with one method; every
 * LO:HI dimension joins the block a lhs:N or sobol:N names (the method and N
 * must agree).  The points are the product of the grid dimensions (the
 * first one slowest) with the sampled block (fastest):
 *   point = ((g0 * n1 + g1) * n2 + ...) * N + s.
 * Integer parameters take the nearest integer of a sampled value; enum and
 * bool parameters may only be listed.
 *
 * Keys that change the output's shape or are properties of the run cannot
 * be swept: scenario.*, output.*, world.* (all points share one world),
 * string and path parameters, and keys with a [prior] (each replicate draws
 * those).
 *
 * Streams: a design draws from (seed, GS_RNG_DESIGN, GS_DESIGN_STREAM_*, 0);
 * other users of GS_RNG_DESIGN take the other sub-streams listed here, so
 * that the lhs points do not move when a bootstrap changes. */
#ifndef GS_DESIGN_H
#define GS_DESIGN_H

#include <stdint.h>

#include "config.h"
#include "err.h"
#include "params.h"

enum { GS_DESIGN_GRID = 0, GS_DESIGN_LHS = 1, GS_DESIGN_SOBOL = 2 };

/* Sub-streams (the rng "point" field) of GS_RNG_DESIGN. */
enum {
    GS_DESIGN_STREAM_LHS = 0,       /* Latin hypercube permutations and jitter */
    GS_DESIGN_STREAM_COMPARE = 1,   /* compare: bootstrap of paired differences */
    GS_DESIGN_STREAM_SOBOL_BOOT = 2 /* sensitivity: bootstrap of the indices */
};

/* Largest number of points a design may have (the writer holds
 * ndims * npoints values). */
#define GS_DESIGN_MAX_POINTS 100000000LL

typedef struct gs_design_dim {
    char key[128];
    int param;       /* index in gs_param_table */
    int sampled;     /* 1: part of the lhs/sobol block */
    int from_vary;   /* 1: given by --vary (else by [sweep]) */
    int64_t nvalues; /* grid: number of values */
    double *values;  /* grid: owned, nvalues */
    double lo, hi;   /* sampled: the interval */
} gs_design_dim;

typedef struct gs_design {
    int32_t ndims;
    gs_design_dim *dims;
    int method;        /* GS_DESIGN_* of the sampled block (GRID: none) */
    int64_t nsamples;  /* size of the sampled block; 1 when none */
    int64_t npoints;   /* product of grid sizes times nsamples (1 when no dims) */
    double *values;    /* [ndims][npoints]: values[k * npoints + point] */
    const char **keys; /* ndims names (point into dims[k].key), for the writer */
} gs_design;

/* Builds the design of config c with the given "KEY=SPEC" strings (nvary may
 * be 0), drawing lhs points from seed.  Every value is checked against the
 * parameter table here, so that applying a point cannot fail later.  A
 * design without dimensions has one point.  Returns NULL with e set:
 * GS_EINPUT with "--vary KEY=SPEC: message" or "FILE:LINE: message" for the
 * [sweep] section, GS_ERUN when out of memory.  Caller frees. */
gs_design *gs_design_build(const gs_config *c, const char *const *vary, size_t nvary, uint64_t seed,
                           gs_err *e);

void gs_design_free(gs_design *d); /* accepts NULL */

/* Sets point's values in p (the other fields are left alone).  point must
 * be in [0, npoints). */
void gs_design_apply(const gs_design *d, int64_t point, gs_params *p);

/* Parses "KEY=LO:HI" (a parameter of a sensitivity analysis) into out
 * (key, param, sampled = 1, lo, hi; no values to free): the key must be
 * sweepable (see above), real or integer, with LO < HI inside its range.
 * GS_EINPUT with "--vary KV: message" otherwise. */
int gs_design_interval(const gs_config *c, const char *kv, gs_design_dim *out, gs_err *e);

/* Why key idx cannot be swept (a sentence to follow "KEY cannot be swept: "),
 * or NULL when it can. */
const char *gs_design_forbidden(int idx);

/* Formats value v of parameter idx for tables (an enum's choice name, a
 * bool as true/false, numbers with %g). */
void gs_design_format(int idx, double v, char *buf, size_t len);

#endif
