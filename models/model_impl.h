/* model_impl.h - the inside of a gs_model, shared by the files of models/.
 *
 * Not part of the public API (model.h is).  The model is split by stage, as
 * in OpenABM's one_time_step: offer.c precomputes what changes only at init
 * and at events (needs, access, attractiveness, the static utility part, the
 * initial state rules), poles.c runs the poles' budgets and the capacity
 * stocks, align.c the alignment rules, standards.c the standards rules and
 * interoperability, model.c the lifecycle and events.  Every array is
 * allocated once in gs_model_alloc; a step only reads and writes them. */
#ifndef GS_MODEL_IMPL_H
#define GS_MODEL_IMPL_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

#include "gather.h"
#include "model.h"

struct gs_model {
    int32_t n;
    gs_params p; /* private copy: events change it */

    /* Nation attributes, copy-on-write: attr[a] points into the world until
     * an event changes attribute a; then into attr_buf[a] (allocated at the
     * first such event and kept for later replicates). */
    const double *attr[GS_NATTR];
    double *attr_buf[GS_NATTR];

    /* Precomputed at init and after every event (offer.c). */
    int32_t pole[GS_NOPT];       /* node of USA / CHN, -1 when absent */
    double rho, rho_s;           /* per-step revision probabilities */
    double decay_f[GS_NOPT];     /* per-step stock decay factor exp(-decay dt) */
    double world_gdp;            /* sum of gdp over nations with gdp > 0 */
    double xpole[GS_NOPT];       /* regime position of each pole */
    int has_xpole[GS_NOPT];      /* 0 when the pole is absent: no regime term */
    double *ustat;               /* 3n: static utility part ustat[3i + o] */
    double *need_cap;            /* n: capacity need (need strategy) */
    double std_const[GS_NTRACK]; /* voice and cost terms of each track */

    /* State. */
    uint8_t *align, *align_next; /* double buffer for sync updates */
    uint8_t *track, *track_next;
    float *prob;            /* 3n */
    double *stock;          /* 2n: stock[2i + o - 1], % of GDP */
    double *gdp;            /* n: GDP, missing read as 0 (poles.c) */
    double *pinc;           /* 2n, planar: pinc[(o - 1) n + i] is nation i's
                             * stock increment from pole o under a static
                             * strategy, or this step's weight under swing;
                             * unused under allies (poles.c) */
    int pole_mode[GS_NOPT]; /* poles.c: off, static, dynamic, allies */
    int stk_mode[GS_NOPT];  /* this step's pole modes (gs_mdl_stocks_begin) */
    double stk_k[GS_NOPT];  /* this step's scale of a dynamic pole */
    int stk_ahead;          /* the next step's allies totals are in stk_sum
                             * (poles.c) */
    double stk_sum[GS_NOPT];
    int32_t *perm;             /* n: async visiting order */
    double *phi_z;             /* n: standard normal deviate of each threshold */
    int64_t count[GS_NOPT];    /* current alignment counts (complete graph) */
    int64_t tcount[GS_NTRACK]; /* current track counts (complete graph) */
    /* A sync step's changes to count and tcount, added by the stage's
     * finish: the same counts as tallying the new states, without a pass
     * over them. */
    int64_t dcount[4], dtcount[4];
    int64_t switches;
    unsigned gamma_layers; /* bit l: gamma_l != 0 and layer l has edges */
    double *ubuf;          /* 4 * GS_MDL_CHUNK: a chunk's draws, its revisers' draws */
    int32_t *rvbuf;        /* 2 * GS_MDL_CHUNK: a chunk's revisers (two lists) */
    /* Packed copies of align and track (gather.h) for the chunked step
     * (model.c): pkbuf holds two pairs (align's, track's), one for the
     * states now and one filled for the next step; pk_cur says which is
     * now's, pk_valid whether it matches the states (a staged step or an
     * init makes it stale).  pk_a and pk_t point to now's while a chunked
     * step runs, NULL otherwise: the gathers read packed states only
     * through them.  pku: the count table (gs_mdl_pk_unit_init). */
    uint8_t *pkbuf;
    int pk_valid, pk_cur;
    const uint8_t *pk_a, *pk_t;
    uint64_t *pku;
    int prob_state; /* GS_PROB_*: whether prob holds every nation's
                     * law of the last step (align.c) */

    /* How each layer's weights are summed (gather.h), from the world at
     * allocation. */
    gs_mdl_layer lay[GS_NLAYER];

    /* Rule landscape (align_land.c): q[i*n + j] = s_j p_ij and the sizes s,
     * allocated at the first init that needs them, kept, NULL otherwise. */
    double *land_q, *land_s;
};

/* Pulled track of each alignment option: hedge -> dual, us -> us_led,
 * cn -> multilateral (models/README.md, standards). */
extern const uint8_t gs_mdl_pulled_track[GS_NOPT];

/* offer.c */
/* Value of attribute a of nation i, NaN read as 0 (a missing membership is
 * no membership). */
double gs_mdl_attr(const gs_model *m, int a, int32_t i);
/* Need of nation i for feature k, in [0,1]. */
double gs_mdl_need(const gs_model *m, int32_t i, int k);
/* Access g[o][k](i) in [0,1]. */
double gs_mdl_access(const gs_model *m, int32_t i, int o, int k);
/* Attractiveness A[i][o], o in {us, cn}. */
double gs_mdl_attract(const gs_model *m, int32_t i, int o);
/* Recomputes every precomputed quantity from m->p and m->attr. */
void gs_mdl_precompute(gs_model *m, const gs_world *w);
/* Initial alignment of nation i under rule `ties` (no randomness). */
int gs_mdl_ties_rule(const gs_model *m, int32_t i);
/* GS_EINPUT when m->p asks for a rule this version does not implement. */
int gs_mdl_check_rules(const gs_params *p, gs_err *e);

/* poles.c */
/* What depends only on parameters and attributes (end of precompute). */
void gs_mdl_poles_precompute(gs_model *m, const gs_world *w);
/* Stocks decay, then each pole's allocation of this step is added. */
void gs_mdl_stocks_step(gs_model *m, const gs_world *w);
/* The same in two parts: begin weighs the dynamic poles' recipients (from
 * the alignment before the step: call it before any nation realigns), range
 * updates the stocks of nations [i0, i1).  begin, then range over every
 * nation once, is gs_mdl_stocks_step. */
void gs_mdl_stocks_begin(gs_model *m, const gs_world *w);
void gs_mdl_stocks_range(gs_model *m, int32_t i0, int32_t i1);
/* Whether the dynamic poles' totals of the next step can be taken during
 * this one (allies: they depend only on the new alignment). */
int gs_mdl_stocks_can_ahead(const gs_model *m);
/* Adds up the next step's allies weights among nations [i0, i1), whose new
 * alignment al is final, after their stocks of this step are done.  Called
 * for every nation in order during a step, it lets the next
 * gs_mdl_stocks_begin skip its pass over the nations (set m->stk_ahead then;
 * init and events clear it). */
void gs_mdl_stocks_ahead(gs_model *m, const gs_world *w, int32_t i0, int32_t i1, const uint8_t *al);

/* align.c */
/* Fills m->prob for every nation from the current state, without draws
 * (or marks it to be built on demand when the steps skip it). */
void gs_mdl_align_probs(gs_model *m, const gs_world *w);
void gs_mdl_align_update(gs_model *m, const gs_world *w, gsl_rng *r);
/* Rebuilds the last step's prob of every nation when that step skipped
 * some (sync only; before anything changes the model: events). */
void gs_mdl_align_restore(gs_model *m, const gs_world *w);
/* Whether this step's alignment may run sparse, chunk by chunk: sync, and
 * nobody reads the probabilities of the nations that keep their option. */
int gs_mdl_align_sparse(const gs_model *m);
/* Bit l set when the alignment rule reads layer l. */
unsigned gs_mdl_align_layers(const gs_model *m, const gs_world *w);
/* One chunk [k0, k1) of a sparse step: copies the chunk's options to
 * align_next, then draws new ones for its revisers rv[0..nr) (ascending,
 * with their draws u1[j], u2[j]: gs_mdl_revisers or gs_rng_pairs_below);
 * switches and count changes counted.  pf: prefetch the rows of `layers`
 * (large worlds). */
void gs_mdl_align_chunk(gs_model *m, const gs_world *w, int32_t k0, int32_t k1, const int32_t *rv,
                        const double *u1, const double *u2, int nr, unsigned layers, int pf);
/* End of a sparse step once every chunk is done: align_next becomes the
 * state. */
void gs_mdl_align_finish(gs_model *m);

/* align_land.c: the rule landscape (models/README.md) */
#define GS_LAND_MODEL_MAX 5000 /* largest world for the rule: q is n x n */
/* Builds q from the world formula when m->p asks for the rule (else a no-op).
 * GS_EINPUT when n > GS_LAND_MODEL_MAX or a nation lacks gdp or libdem;
 * GS_ERUN out of memory. */
int gs_mdl_land_prepare(gs_model *m, const gs_world *w, gs_err *e);
/* Probabilities of non-pole nation i (written to prob) and, when u1 < rho,
 * its new camp drawn with u2; else its current option. */
int gs_mdl_land_revise(gs_model *m, int32_t i, const uint8_t *a, double u1, double u2);

/* standards.c */
void gs_mdl_standards_update(gs_model *m, const gs_world *w, gsl_rng *r);
/* Whether the standards stage may run sparse, chunk by chunk (sync, and a
 * rule under which only nations with u1 < rho_s can move). */
int gs_mdl_standards_sparse(const gs_model *m);
/* Bit l set when the standards rule reads layer l. */
unsigned gs_mdl_standards_layers(const gs_model *m, const gs_world *w);
/* One chunk [k0, k1) of a sparse stage: copies the chunk's tracks to
 * track_next, then new tracks for its revisers rv[0..nr) with their draws
 * u1[j], u2[j] (as gs_mdl_align_chunk), each pulled by its option in
 * `align` (the alignment after this step's realignment). */
void gs_mdl_standards_chunk(gs_model *m, const gs_world *w, int32_t k0, int32_t k1,
                            const int32_t *rv, const double *u1, const double *u2, int nr,
                            const uint8_t *align, unsigned layers, int pf);
/* End of a sparse stage: track_next becomes the state. */
void gs_mdl_standards_finish(gs_model *m);
/* Threshold of nation i (standards.phi + phi_sd * z_i, clipped to [0,1]). */
double gs_mdl_phi(const gs_model *m, int32_t i);

/* prob_state: valid; or skipped, to be rebuilt from align (after init) or
 * from align_next (after a step) by gs_mdl_align_restore. */
enum { GS_PROB_VALID, GS_PROB_FROM_ALIGN, GS_PROB_FROM_PREV };

/* Nations whose draws are taken at once (gs_rng_uniform_fill). */
#define GS_MDL_CHUNK 1024

/* Sparse passes (only revisers gather) prefetch from this many nations on,
 * where rows and per-nation arrays outgrow the caches; below it the hints
 * would only cost instructions.  Rows are asked for GS_MDL_PF_DIST revisers
 * ahead. */
#define GS_MDL_PF_MIN 65536
#define GS_MDL_PF_DIST 4
/* From this many nations on the chunked step's gathers read packed states
 * (gather.h): below, the byte arrays stay in cache and packing would only
 * cost (at 10^5 nations it did, at 10^6 it saves; a 2 MiB L2 per core). */
#define GS_MDL_PK_MIN (1 << 19)
/* Below this many nations the packed states of both stages (n / 2 bytes)
 * stay in the L2 cache, and prefetching them only cost: the hints for a
 * reviser's neighbours read its row, and waited for it (at 10^6 the step
 * was faster without them, at 10^7 slower). */
#define GS_MDL_PK_HINT_MIN (1 << 21)

/* The packed copy of the model's state array s (m->align or m->track)
 * while a chunked step reads packed states, else NULL: the one place that
 * decides which copy the gathers read. */
static inline const uint8_t *gs_mdl_packed(const gs_model *m, const uint8_t *s)
{
    return s == m->align ? m->pk_a : s == m->track ? m->pk_t : NULL;
}

/* gs_mdl_gather over layer l of w, with the states read from s, or from
 * its packed copy when there is one (the same sums).  Inlined, so that GCC
 * keeps the two gathers as the separate out-of-line functions they were:
 * one function holding both made the step measurably slower. */
static inline __attribute__((always_inline)) void gs_mdl_gather_states(const gs_model *m,
                                                                       const gs_world *w, int l,
                                                                       int32_t i, const uint8_t *s,
                                                                       int nstates, double *acc)
{
    const uint8_t *pk = gs_mdl_packed(m, s);
    if (pk)
        gs_mdl_gather_pk(&w->layer[l], &m->lay[l], i, pk, m->pku, nstates, acc);
    else
        gs_mdl_gather(&w->layer[l], &m->lay[l], i, s, nstates, acc);
}

/* The states whose lines a sparse pass over state array s prefetches: the
 * bytes, or the packed copy while the gathers read one, or none where that
 * copy stays in cache; *sh: the shift from a nation to its byte. */
static inline const uint8_t *gs_mdl_hint_states(const gs_model *m, const uint8_t *s, int *sh)
{
    const uint8_t *pk = gs_mdl_packed(m, s);
    *sh = pk ? 2 : 0;
    return !pk ? s : m->n >= GS_MDL_PK_HINT_MIN ? pk : NULL;
}

/* compat[k] = the weight c[j] of the partners whose track j shares a
 * standard with track k ((k & j) != 0), added in ascending j from 0 as the
 * plain loop over j does (test_model_standards checks it against that
 * loop): none shares with nobody, multilateral (1) with 1 and 3, us_led (2)
 * with 2 and 3, dual (3) with all three.  Unrolled: the loop over 16 pairs
 * was a fifth of a standards reviser's instructions. */
static inline void gs_mdl_compat(const double c[4], double compat[4])
{
    compat[0] = 0.0;
    compat[1] = (0.0 + c[1]) + c[3];
    compat[2] = (0.0 + c[2]) + c[3];
    compat[3] = ((0.0 + c[1]) + c[2]) + c[3];
}

/* c[k] = number of entries of s[0..n) equal to k (each s < 4). */
static inline void gs_mdl_tally(const uint8_t *s, int32_t n, int64_t c[4])
{
    c[0] = c[1] = c[2] = c[3] = 0;
    for (int32_t i = 0; i < n;) {
        int32_t stop = n - i > 65535 ? i + 65535 : n;
        uint64_t p = 0; /* four 16-bit counters: no store-to-load chain */
        for (; i < stop; i++)
            p += gs_mdl_unit[s[i]];
        for (int k = 0; k < 4; k++)
            c[k] += (int64_t)((p >> (16 * k)) & 0xffff);
    }
}

static inline int gs_mdl_is_pole(const gs_model *m, int32_t i)
{
    return i == m->pole[GS_US] || i == m->pole[GS_CN];
}

#endif
