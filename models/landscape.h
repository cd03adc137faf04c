/* landscape.h - Axelrod-Bennett landscape theory of aggregation.
 *
 * Actors i = 0..n-1 with sizes s_i > 0 and a symmetric propensity matrix p
 * (zero diagonal) split into two camps.  The energy of a configuration is
 *
 *     E = sum_i sum_{j != i} s_i s_j p_ij d_ij,   d_ij = 1 iff i, j in different camps
 *
 * (Axelrod & Bennett 1993, "A Landscape Theory of Aggregation"; Axelrod et
 * al. 1995).  The double sum runs over ordered pairs, so every unordered pair
 * counts twice, as in the paper; only differences and ordering matter.  A
 * configuration is a local minimum when no single actor's switch lowers E;
 * ties (a switch that leaves E unchanged) count as minima.  The rules,
 * tolerances and tie-breaks are documented in models/README.md §6.
 *
 * Representation.  Swapping the two camp labels leaves E unchanged, so actor
 * 0 is always in camp A: for n <= 30 a configuration is a uint32 bitmask with
 * bit i set when actor i is in camp B (bit 0 never set), and the 2^(n-1)
 * configurations are indexed by config >> 1.  Switching actor 0 therefore
 * means "everyone else switches" (config ^ (2^n - 2)).  For more actors a
 * configuration is an array of n bytes (0 = camp A, 1 = camp B).
 *
 * Plain C: this module knows nothing of CSV or INI; sim/ builds a gs_land
 * (sim/landscape_io.h) and prints the result.  It reads the world (world.h)
 * only in gs_land_world_fill(), the documented formula that both
 * `govsim landscape` and the alignment rule `landscape` use. */
#ifndef GS_LANDSCAPE_H
#define GS_LANDSCAPE_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

#include "../sim/err.h"
#include "../sim/params.h"
#include "../sim/world.h"

/* Exact enumeration up to this many actors (2^29 configurations). */
#define GS_LAND_MAX_EXACT 30
/* Exact basins (a 2^(n-1) uint32 table, 128 MiB at n = 26) up to this many. */
#define GS_LAND_MAX_BASIN 26
/* Random starts used to estimate basin shares for 26 < n <= 30. */
#define GS_LAND_BASIN_SAMPLES 65536
/* Relative tolerance: |x| <= GS_LAND_RTOL * scale counts as zero. */
#define GS_LAND_RTOL 1e-12

enum { GS_LAND_ENUMERATE = 0, GS_LAND_ANNEAL = 1 };
enum {
    GS_LAND_BASIN_EXACT = 0,   /* every configuration descended */
    GS_LAND_BASIN_SAMPLED = 1, /* GS_LAND_BASIN_SAMPLES uniform random starts */
    GS_LAND_BASIN_RUNS = 2     /* annealing: runs that ended in this minimum */
};

/* One instance: n actors, names, sizes and the propensity matrix. */
typedef struct gs_land {
    int32_t n;
    char **name; /* n names, owned (NULL until set) */
    double *s;   /* n sizes, > 0 */
    double *p;   /* n*n row-major: p[i*n + j] */
} gs_land;

/* One local minimum. */
typedef struct gs_land_min {
    uint32_t config; /* n <= 30: bit i set = actor i in camp B; 0 for annealing */
    double energy;   /* recomputed from the definition (not the running sum) */
    uint64_t basin;  /* starts (configurations, samples or runs) that end here */
    uint8_t *camp;   /* n entries, 0 = camp A (holds actor 0), 1 = camp B; owned */
} gs_land_min;

typedef struct gs_land_result {
    int32_t n;
    int method;       /* GS_LAND_ENUMERATE or GS_LAND_ANNEAL */
    int basin_kind;   /* GS_LAND_BASIN_* */
    uint64_t nconfig; /* configurations enumerated: 2^(n-1) (0 for annealing) */
    uint64_t nstart;  /* denominator of basin shares: nconfig, samples or runs */
    int64_t sweeps;   /* annealing sweeps per run (0 for enumeration) */
    double scale;     /* sum_i sum_{j != i} s_i s_j |p_ij| */
    double tol;       /* GS_LAND_RTOL * scale */
    size_t nmin;
    gs_land_min *min; /* sorted by energy, then config (then camp bytes) */
} gs_land_result;

/* Allocates an instance of n >= 1 actors with zero sizes and propensities
 * and no names.  NULL with e set (GS_ERUN) when out of memory. */
gs_land *gs_land_alloc(int32_t n, gs_err *e);
void gs_land_free(gs_land *l); /* accepts NULL */

/* Copies name into actor i's slot.  GS_ERUN when out of memory. */
int gs_land_set_name(gs_land *l, int32_t i, const char *name, gs_err *e);

/* Checks an instance: n >= 2, every size finite and > 0, every propensity
 * finite, a zero diagonal and an exactly symmetric matrix.  GS_EINPUT with a
 * message naming the actors ("p[A][B] = x but p[B][A] = y"). */
int gs_land_check(const gs_land *l, gs_err *e);

/* sum_i sum_{j != i} s_i s_j |p_ij|: the largest |E| any configuration can
 * have, and the unit of every tolerance. */
double gs_land_scale(const gs_land *l);

/* E of a configuration given as camp bytes (0/1), straight from the
 * definition in O(n^2). */
double gs_land_energy(const gs_land *l, const uint8_t *camp);

/* Per-actor terms of a configuration, each O(n^2) in total:
 * frustration[i] = sum_{j != i} s_i s_j p_ij d_ij (actor i's contribution,
 * summing to E), and delta[i] = the change of E if actor i alone switched
 * camp (= 2 s_i (sum_{same camp} s_j p_ij - sum_{other camp} s_j p_ij)).
 * Either output may be NULL. */
void gs_land_terms(const gs_land *l, const uint8_t *camp, double *frustration, double *delta);

/* Myopic descent from camp (modified in place) to a local minimum: while some
 * switch lowers E by more than tol, switch the actor whose switch lowers E
 * the most; candidates within tol of the largest decrease tie, and the lowest
 * index wins.  field is a workspace of n doubles.  Returns the number of
 * switches.  Cannot fail (E decreases by more than tol at every switch). */
int64_t gs_land_descend(const gs_land *l, uint8_t *camp, double tol, double *field);

/* Enumerates all 2^(n-1) configurations (actor 0 in camp A) of a checked
 * instance with 2 <= n <= GS_LAND_MAX_EXACT, in Gray-code order within
 * blocks of 2^16 (blocks run in parallel with OpenMP; the result does not
 * depend on the thread count), updating E and the switch fields in O(n) per
 * switch and recomputing both from the definition every 256 switches so that
 * rounding cannot build up.  Lists every local minimum with its basin under
 * gs_land_descend()'s rule: exact for n <= GS_LAND_MAX_BASIN, else estimated
 * from GS_LAND_BASIN_SAMPLES uniform starts drawn from r (r may be NULL when
 * n <= GS_LAND_MAX_BASIN).  energy_out, when not NULL, receives the energy of
 * every configuration at index config >> 1 (2^(n-1) doubles; tests).
 * Returns NULL with e set: GS_EINPUT for n out of range or r missing,
 * GS_ERUN when out of memory. */
gs_land_result *gs_land_enumerate(const gs_land *l, gsl_rng *r, double *energy_out, gs_err *e);

/* Logit (heat-bath) dynamics with annealing, for instances too large to
 * enumerate: `runs` independent runs from uniform random camps, each of
 * `sweeps` sweeps of n random single-actor revisions, where actor i switches
 * with probability 1 / (1 + exp(dE_i / T)) and T falls geometrically from
 * T0 = max_i 2 s_i sum_j s_j |p_ij| to T0 * 1e-6; each run ends with
 * gs_land_descend() and so in a local minimum.  Lists the distinct minima
 * found, basin = runs ending there.  Works for any n >= 2.  NULL with e set
 * on bad arguments (GS_EINPUT) or out of memory (GS_ERUN). */
gs_land_result *gs_land_anneal(const gs_land *l, int64_t sweeps, int64_t runs, gsl_rng *r,
                               gs_err *e);

/* Enumeration for n <= GS_LAND_MAX_EXACT, annealing beyond. */
gs_land_result *gs_land_solve(const gs_land *l, int64_t sweeps, int64_t runs, gsl_rng *r,
                              gs_err *e);

void gs_land_result_free(gs_land_result *res); /* accepts NULL */

/* Sizes and propensities of n actors taken from the world's nations (the
 * documented world formula, models/README.md §6): actor a is
 * nation sel[a] (sel NULL: nation a, n <= w->n), and
 *   s_a  = gdp_a / sum_b gdp_b                      (GDP share among the actors)
 *   p_ab = w_alliance A_ab + w_trade T_ab - w_regime |libdem_a - libdem_b|
 * with A_ab the number of groups both belong to among nato, rio, us_treaty,
 * sco and brics (> 0.5 counts as member), T_ab = the mean over the two rows
 * of w_ab / sqrt(W_a W_b) on w's trade layer (w_ab the edge weight, 0
 * without an edge; W the node's total trade weight over all its partners)
 * and the weights landscape.w_alliance, w_trade, w_regime of p.  attr holds
 * the GS_NATTR attribute arrays to read (NULL: w->attr; the model passes its
 * copy, which events may have changed).  Writes s[n] and prop[n*n]
 * (row-major, zero diagonal, exactly symmetric).  GS_EINPUT naming the
 * nation when an actor lacks a positive finite gdp_usd or a finite libdem;
 * GS_ERUN when out of memory (sel != NULL needs an index of w->n entries).
 * Pure; any thread. */
int gs_land_world_fill(const gs_world *w, const double *const *attr, const gs_params *p,
                       const int32_t *sel, int32_t n, double *s, double *prop, gs_err *e);

#endif
