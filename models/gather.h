/* gather.h - per-node sums of neighbour edge weights by neighbour state: the
 * hot loop of the step (align.c, standards.c).
 *
 * The model sums, for nation i and a layer, the weights of i's edges whose
 * far end is in state s (s < 4), left to right in edge order, in double.
 * Results must stay bit-identical to that definition (the determinism tests
 * compare whole files), so faster paths are used only where they are exact:
 *   GS_WSUM_CONST  every weight of the layer is the same float c.  The sum of
 *                  k copies of c added one by one depends on k only: count the
 *                  neighbours per state with integer adds, then read the sum
 *                  from csum[k], tabulated once (csum[k] = csum[k-1] + c).
 *                  Covers unit-weight layers (synthetic worlds; border and
 *                  alliance) and constant ones (region).
 *   GS_WSUM_INT    every weight is a whole number <= GS_WSUM_INTMAX: integer
 *                  sums are exact in double in any order (they stay far below
 *                  2^53), so sum them as integers (bloc: weights 1 and 2).
 *   GS_WSUM_ANY    anything else (gravity trade weights): the sums in edge
 *                  order, as defined.
 * Counting packs four 16-bit counters into one 64-bit word: one table load
 * (gs_mdl_unit) and one integer add per edge, no store-to-load dependency
 * between consecutive edges
 * (the plain acc[s[j]] += w loop waits for the previous store whenever two
 * neighbours in a row share a state).  Chunks of at most 65535 / wmax edges
 * keep every field from overflowing.  Layers are classified once per
 * workspace (gs_mdl_layers_init), not per step.  The _pk variants read the
 * states from a packed copy (two bits per nation; below) and give the same
 * sums. */
#ifndef GS_GATHER_H
#define GS_GATHER_H

#include <stdint.h>

#include "../sim/world.h"

enum { GS_WSUM_NONE, GS_WSUM_CONST, GS_WSUM_INT, GS_WSUM_ANY };
#define GS_WSUM_INTMAX 255

/* gs_mdl_unit[s] = 2^(16 s): a count of one in state s's 16-bit field (a
 * load instead of a variable shift, which costs x86 three micro-ops). */
static const uint64_t gs_mdl_unit[4] = {1, (uint64_t)1 << 16, (uint64_t)1 << 32, (uint64_t)1 << 48};

typedef struct gs_mdl_layer {
    int kind;     /* GS_WSUM_* */
    int32_t wmax; /* GS_WSUM_INT: largest weight; GS_WSUM_CONST: 1 */
    double *csum; /* GS_WSUM_CONST: csum[k], k = 0..maxdeg; else NULL */
    int64_t maxdeg;
} gs_mdl_layer;

/* Classifies layer L into lay (allocates csum).  GS_ERUN when out of
 * memory.  O(nnz). */
int gs_mdl_layer_init(gs_mdl_layer *lay, const gs_csr *L, gs_err *e);
void gs_mdl_layer_free(gs_mdl_layer *lay); /* accepts a zeroed lay */

/* Per-state counts (weights as integers for GS_WSUM_INT; 1 per edge for
 * GS_WSUM_CONST) of i's edges in L, states read from s (each < 4). */
static inline void gs_mdl_count(const gs_csr *L, const gs_mdl_layer *lay, int32_t i,
                                const uint8_t *s, uint64_t cnt[4])
{
    const int32_t *col = L->col;
    int64_t e = L->rowptr[i], end = L->rowptr[i + 1];
    cnt[0] = cnt[1] = cnt[2] = cnt[3] = 0;
    if (lay->kind == GS_WSUM_CONST) {
        while (e < end) {
            int64_t stop = end - e > 65535 ? e + 65535 : end;
            uint64_t p = 0;
            for (; e < stop; e++)
                p += gs_mdl_unit[s[col[e]]];
            for (int k = 0; k < 4; k++)
                cnt[k] += (p >> (16 * k)) & 0xffff;
        }
    } else {
        const float *w = L->w;
        int64_t chunk = 65535 / lay->wmax;
        while (e < end) {
            int64_t stop = end - e > chunk ? e + chunk : end;
            uint64_t p = 0;
            for (; e < stop; e++)
                p += (uint64_t)(uint32_t)w[e] * gs_mdl_unit[s[col[e]]];
            for (int k = 0; k < 4; k++)
                cnt[k] += (p >> (16 * k)) & 0xffff;
        }
    }
}

/* Packed states: the same states (each < 4) two bits each, four nations per
 * byte, nation j in bits 2 (j mod 4) .. 2 (j mod 4) + 1 of byte j / 4
 * (GS_MDL_PK_BYTES(n) bytes).  At a million nations the byte arrays (a
 * megabyte per stage) do not stay in a 2 MiB L2 cache between the revisers'
 * visits, and their neighbours' states were the misses the prefetches left;
 * packed, both stages' states take half a megabyte (model.c, step_chunked,
 * from GS_MDL_PK_MIN nations).  The count table t = pku holds, at
 * 4 b + q, gs_mdl_unit of the state at position q of packed byte b: one
 * load per edge, as with bytes, and the index costs a shift, a mask and an
 * address computation. */
#define GS_MDL_PK_BYTES(n) (((size_t)(n) + 3) / 4)
/* Fills the count table t (4 x 256 entries). */
void gs_mdl_pk_unit_init(uint64_t t[4 * 256]);
/* Packs s[i0 .. i1) into pk (i0 a multiple of 4; the byte of a partial
 * last quad gets zeros past i1). */
void gs_mdl_pack(const uint8_t *s, int32_t i0, int32_t i1, uint8_t *pk);

/* The state of nation j in packed states pk. */
static inline unsigned gs_mdl_pk_get(const uint8_t *pk, int32_t j)
{
    return (unsigned)(pk[j >> 2] >> ((j & 3) << 1)) & 3u;
}

/* gs_mdl_count with the states read from packed states pk (count table pku:
 * gs_mdl_pk_unit_init). */
static inline void gs_mdl_count_pk(const gs_csr *L, const gs_mdl_layer *lay, int32_t i,
                                   const uint8_t *pk, const uint64_t *pku, uint64_t cnt[4])
{
    const int32_t *col = L->col;
    int64_t e = L->rowptr[i], end = L->rowptr[i + 1];
    cnt[0] = cnt[1] = cnt[2] = cnt[3] = 0;
    int64_t chunk = lay->kind == GS_WSUM_CONST ? 65535 : 65535 / lay->wmax;
    const float *w = L->w;
    while (e < end) {
        int64_t stop = end - e > chunk ? e + chunk : end;
        uint64_t p = 0;
        if (lay->kind == GS_WSUM_CONST)
            for (; e < stop; e++) {
                int32_t j = col[e];
                p += pku[(unsigned)pk[j >> 2] << 2 | (j & 3)];
            }
        else
            for (; e < stop; e++) {
                int32_t j = col[e];
                p += (uint64_t)(uint32_t)w[e] * pku[(unsigned)pk[j >> 2] << 2 | (j & 3)];
            }
        for (int k = 0; k < 4; k++)
            cnt[k] += (p >> (16 * k)) & 0xffff;
    }
}

/* acc[k] (k < nstates) = the weight of i's edges in L whose far end is in
 * state k, exactly as the left-to-right double sum defines it. */
static inline void gs_mdl_gather(const gs_csr *L, const gs_mdl_layer *lay, int32_t i,
                                 const uint8_t *s, int nstates, double *acc)
{
    if (lay->kind == GS_WSUM_ANY) {
        double a[4] = {0, 0, 0, 0};
        const int32_t *col = L->col;
        const float *w = L->w;
        for (int64_t e = L->rowptr[i]; e < L->rowptr[i + 1]; e++)
            a[s[col[e]]] += w[e];
        for (int k = 0; k < nstates; k++)
            acc[k] = a[k];
        return;
    }
    uint64_t cnt[4];
    gs_mdl_count(L, lay, i, s, cnt);
    if (lay->kind == GS_WSUM_CONST)
        for (int k = 0; k < nstates; k++)
            acc[k] = lay->csum[cnt[k]];
    else
        for (int k = 0; k < nstates; k++)
            acc[k] = (double)cnt[k];
}

/* gs_mdl_gather from packed states pk (the same sums, bit for bit). */
static inline void gs_mdl_gather_pk(const gs_csr *L, const gs_mdl_layer *lay, int32_t i,
                                    const uint8_t *pk, const uint64_t *pku, int nstates,
                                    double *acc)
{
    if (lay->kind == GS_WSUM_ANY) {
        double a[4] = {0, 0, 0, 0};
        const int32_t *col = L->col;
        const float *w = L->w;
        for (int64_t e = L->rowptr[i]; e < L->rowptr[i + 1]; e++)
            a[gs_mdl_pk_get(pk, col[e])] += w[e];
        for (int k = 0; k < nstates; k++)
            acc[k] = a[k];
        return;
    }
    uint64_t cnt[4];
    gs_mdl_count_pk(L, lay, i, pk, pku, cnt);
    if (lay->kind == GS_WSUM_CONST)
        for (int k = 0; k < nstates; k++)
            acc[k] = lay->csum[cnt[k]];
    else
        for (int k = 0; k < nstates; k++)
            acc[k] = (double)cnt[k];
}

/* Sparse passes: at output.level = shares (alignment) and under the logit
 * and threshold standards rules, only the nations that revise gather.  A
 * pass lists a chunk's revisers first (gs_mdl_revisers), then visits them
 * with prefetch hints issued ahead (gs_mdl_prefetch_ahead): in a large
 * graph their rows lie far apart and each would be a cache miss.  Hints
 * only: no result changes. */

/* Lists in rv the nations i of [k0, k1) whose first draw ub[2(i - k0)] is
 * below rho, with their two draws in u1, u2, and returns how many (the same
 * lists as gs_rng_pairs_below makes from the stream directly).  Branch-free:
 * at rates near 0.1 a branch would mispredict often. */
static inline int gs_mdl_revisers(const double *ub, int32_t k0, int32_t k1, double rho, int32_t *rv,
                                  double *u1, double *u2)
{
    int nr = 0;
    for (int32_t i = k0; i < k1; i++) {
        rv[nr] = i;
        u1[nr] = ub[2 * (i - k0)];
        u2[nr] = ub[2 * (i - k0) + 1];
        nr += ub[2 * (i - k0)] < rho;
    }
    return nr;
}

static inline __attribute__((always_inline)) void gs_mdl_prefetch_rowptr(const gs_csr *L, int32_t i)
{
    __builtin_prefetch(&L->rowptr[i]);
}

static inline __attribute__((always_inline)) void
gs_mdl_prefetch_row(const gs_csr *L, const gs_mdl_layer *lay, int32_t i)
{
    int64_t b = L->rowptr[i], e = L->rowptr[i + 1];
    if (e == b) return;
    __builtin_prefetch(&L->col[b]);
    __builtin_prefetch(&L->col[e - 1]); /* a row may straddle two lines */
    if (lay->kind != GS_WSUM_CONST) {
        __builtin_prefetch(&L->w[b]);
        __builtin_prefetch(&L->w[e - 1]);
    }
}

/* The neighbours' states of i's row (the row itself must be in cache by
 * now): the last misses of a sparse gather; neighbour j's state is in byte
 * s[j >> sh] (sh = 0: bytes; 2: packed).  The first 16 only: a hub's long
 * row streams well enough by itself. */
static inline __attribute__((always_inline)) void gs_mdl_prefetch_states(const gs_csr *L, int32_t i,
                                                                         const uint8_t *s, int sh)
{
    int64_t b = L->rowptr[i], e = L->rowptr[i + 1];
    if (e - b > 16) e = b + 16;
    for (; b < e; b++)
        __builtin_prefetch(&s[L->col[b] >> sh]);
}

/* Before the visit of rv[j] (j from -3d on, so that the pipeline fills
 * before the first visit): the row pointers of rv[j + 3d], the rows of
 * rv[j + 2d] and the neighbours' states of rv[j + d], for each layer of the
 * bit mask `layers` of layer[] (model lay[]), states read from `state`
 * (bytes, or packed when sh = 2; none when state is NULL).
 * GCC drops the prefetches of helpers it does not inline: always_inline. */
static inline __attribute__((always_inline)) void
gs_mdl_prefetch_ahead(const gs_csr *layer, const gs_mdl_layer *lay, unsigned layers,
                      const uint8_t *state, int sh, const int32_t *rv, int nr, int j, int d)
{
    for (int l = 0; layers >> l; l++) {
        if (!(layers >> l & 1)) continue;
        if (j + 3 * d >= 0 && j + 3 * d < nr) gs_mdl_prefetch_rowptr(&layer[l], rv[j + 3 * d]);
        if (j + 2 * d >= 0 && j + 2 * d < nr)
            gs_mdl_prefetch_row(&layer[l], &lay[l], rv[j + 2 * d]);
        if (state && j + d >= 0 && j + d < nr)
            gs_mdl_prefetch_states(&layer[l], rv[j + d], state, sh);
    }
}

#endif
