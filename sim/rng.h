/* rng.h - counter-based random streams (Random123 Philox4x64-10) wrapped as
 * a gsl_rng_type, so that GSL's distributions draw from them.
 *
 * Why: byte reproducibility for any thread or rank count needs one
 * independent stream per (seed, point, replicate), with no global generator
 * and no dependence on the order in which tasks run.  Philox is keyed by 128
 * bits; GSL's own generators take a 32-bit seed.  A stream is fully named by
 * (seed, purpose, point, replicate); purpose separates the uses of one task
 * (dynamics, prior draws, world generation) so that adding draws to one use
 * never shifts another. */
#ifndef GS_RNG_H
#define GS_RNG_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

#include "err.h"

enum {
    GS_RNG_DYNAMICS = 1, /* the model's step */
    GS_RNG_PRIOR = 2,    /* per-replicate parameter draws */
    GS_RNG_WORLD = 3,    /* synthetic world generation */
    GS_RNG_INIT = 4,     /* initial state */
    GS_RNG_DESIGN = 5,   /* sweep designs (lhs), bootstrap */
};

extern const gsl_rng_type *gs_rng_philox;

/* Allocates a generator on the stream (seed, purpose, point, replicate).
 * Returns NULL with e set (GS_ERUN) when out of memory.  Free with
 * gsl_rng_free(). */
gsl_rng *gs_rng_alloc(uint64_t seed, uint32_t purpose, uint64_t point, uint64_t replicate,
                      gs_err *e);

/* Re-keys an existing generator (from gs_rng_alloc) onto another stream and
 * restarts it: lets a worker reuse one generator across tasks. */
void gs_rng_rekey(gsl_rng *r, uint64_t seed, uint32_t purpose, uint64_t point, uint64_t replicate);

/* A uniform 64-bit word (for hashing-grade needs such as seeding igraph). */
uint64_t gs_rng_u64(gsl_rng *r);

/* Fills out[0..n) with the next n gsl_rng_uniform(r) values, exactly as n
 * calls would give them, leaving r where those calls would: the hot loops
 * draw a chunk at a time (whole Philox blocks back to back, no call per
 * draw).  Any gsl_rng works; other types fall back to the calls. */
void gs_rng_uniform_fill(gsl_rng *r, double *out, size_t n);

/* Stream positions, in uniforms (64-bit words) from the start of r's stream:
 * the counter-based stream can be read anywhere, so that a step may take
 * the draws of two stages chunk by chunk, each at its own place.  Only for
 * generators from gs_rng_alloc (gs_rng_seekable). */
int gs_rng_seekable(const gsl_rng *r);
/* How many words r has handed out. */
uint64_t gs_rng_tell(const gsl_rng *r);
/* Moves r so that its next word is word pos (as if exactly pos words had
 * been drawn since the stream started). */
void gs_rng_seek(gsl_rng *r, uint64_t pos);
/* Fills out[0..n) with the uniforms of words pos..pos+n-1, exactly as
 * gs_rng_uniform_fill would after gs_rng_seek(r, pos), without moving r. */
void gs_rng_uniform_at(const gsl_rng *r, uint64_t pos, double *out, size_t n);

/* Thinning: of the npairs pairs of uniforms (words pos + 2k, pos + 2k + 1,
 * k < npairs), lists those whose first uniform is below p, in ascending k:
 * idx[j] = i0 + k, and u1[j], u2[j] the pair's two uniforms, exactly the
 * values gs_rng_uniform_at gives them.  Returns how many were listed.  idx,
 * u1 and u2 must hold npairs entries (all may be written); i0 + npairs must
 * fit in int32_t.  Does not move r.  Only for generators from gs_rng_alloc
 * (gs_rng_seekable).  Why: in a stage where a tenth of the nations act, the
 * others' draws are compared as integers, never converted or stored. */
size_t gs_rng_pairs_below(const gsl_rng *r, uint64_t pos, size_t npairs, double p, int32_t i0,
                          int32_t *idx, double *u1, double *u2);

#endif
