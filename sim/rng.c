/* rng.c - Philox4x64-10 as a gsl_rng_type (see rng.h).
 *
 * Counter layout: ctr = {block, point, replicate, purpose}, key = {seed,
 * "govsim" tag}.  Each block gives four 64-bit words; get() hands out their
 * upper 32 bits (GSL's integer interface expects a fixed max), get_double()
 * uses the top 53 bits of one word.  The bulk paths (uniform_at,
 * pairs_below) compute runs of blocks with the same rounds, written out
 * (philox_run), and give the same words. */
#include "rng.h"

#include <Random123/philox.h>
#include <math.h>
#include <string.h>

typedef struct {
    philox4x64_ctr_t ctr;
    philox4x64_key_t key;
    philox4x64_ctr_t out;
    int next; /* index of the next unused word of out; 4 = exhausted */
} philox_state;

static void refill(philox_state *s)
{
    s->out = philox4x64(s->ctr, s->key);
    s->ctr.v[0]++;
    s->next = 0;
}

static uint64_t next_word(philox_state *s)
{
    if (s->next >= 4) refill(s);
    return s->out.v[s->next++];
}

static void philox_set(void *vstate, unsigned long seed)
{
    philox_state *s = vstate;
    memset(s, 0, sizeof *s);
    s->key.v[0] = (uint64_t)seed;
    s->key.v[1] = 0x676f7673696d3031ULL; /* "govsim01" */
    s->next = 4;
}

static unsigned long philox_get(void *vstate)
{
    return (unsigned long)(next_word(vstate) >> 32);
}

static double philox_get_double(void *vstate)
{
    return (double)(next_word(vstate) >> 11) * 0x1.0p-53;
}

static const gsl_rng_type philox_type = {"philox4x64-10",      0xffffffffUL, 0,
                                         sizeof(philox_state), philox_set,   philox_get,
                                         philox_get_double};
const gsl_rng_type *gs_rng_philox = &philox_type;

void gs_rng_rekey(gsl_rng *r, uint64_t seed, uint32_t purpose, uint64_t point, uint64_t replicate)
{
    philox_state *s = r->state;
    philox_set(s, 0);
    s->key.v[0] = seed;
    s->ctr.v[1] = point;
    s->ctr.v[2] = replicate;
    s->ctr.v[3] = purpose;
}

gsl_rng *gs_rng_alloc(uint64_t seed, uint32_t purpose, uint64_t point, uint64_t replicate,
                      gs_err *e)
{
    gsl_rng *r = gsl_rng_alloc(gs_rng_philox);
    if (!r) {
        gs_err_set(e, GS_ERUN, "out of memory (random stream)");
        return NULL;
    }
    gs_rng_rekey(r, seed, purpose, point, replicate);
    return r;
}

uint64_t gs_rng_u64(gsl_rng *r)
{
    return next_word(r->state);
}

void gs_rng_uniform_fill(gsl_rng *r, double *out, size_t n)
{
    if (r->type != gs_rng_philox) {
        for (size_t k = 0; k < n; k++)
            out[k] = gsl_rng_uniform(r);
        return;
    }
    /* Whole blocks back to back (gs_rng_uniform_at), then the state where
     * n calls would leave it. */
    uint64_t pos = gs_rng_tell(r);
    gs_rng_uniform_at(r, pos, out, n);
    gs_rng_seek(r, pos + n);
}

int gs_rng_seekable(const gsl_rng *r)
{
    return r && r->type == gs_rng_philox;
}

/* After refill the state holds block ctr.v[0] - 1 with `next` words used;
 * an exhausted or fresh state (next = 4) is at the start of block ctr.v[0]:
 * both are word 4 (ctr.v[0] - 1) + next (mod 2^64). */
uint64_t gs_rng_tell(const gsl_rng *r)
{
    const philox_state *s = r->state;
    return 4 * (s->ctr.v[0] - 1) + (uint64_t)s->next;
}

void gs_rng_seek(gsl_rng *r, uint64_t pos)
{
    philox_state *s = r->state;
    s->ctr.v[0] = pos / 4;
    s->next = 4;
    if (pos % 4) {
        refill(s);
        s->next = (int)(pos % 4);
    }
}

static inline double word_uniform(uint64_t x)
{
    return (double)(x >> 11) * 0x1.0p-53;
}

/* Philox4x64-10 for runs of blocks of one stream, in which only word 0 of
 * the counter changes: the same rounds as Random123's philox4x64 (checked
 * against it word for word by test_model_fast), with what does not depend on that
 * word computed once per run instead of once per block: the round keys
 * (Random123 bumps the key after each round), round 1's second product
 * and round 2's first.  That leaves 18 of the 20 multiplications. */
typedef struct {
    uint64_t rk0[10], rk1[10]; /* key of round r: key + r W */
    uint64_t a1, c3;           /* round 1's x1 out; counter word 3 */
    uint64_t bh, bl;           /* round 2's first product, high and low */
} philox_run;

static void run_init(philox_run *f, const philox_state *s)
{
    for (int r = 0; r < 10; r++) {
        f->rk0[r] = s->key.v[0] + (uint64_t)r * PHILOX_W64_0;
        f->rk1[r] = s->key.v[1] + (uint64_t)r * PHILOX_W64_1;
    }
    __uint128_t p = (__uint128_t)PHILOX_M4x64_1 * s->ctr.v[2];
    uint64_t a0 = (uint64_t)(p >> 64) ^ s->ctr.v[1] ^ f->rk0[0];
    f->a1 = (uint64_t)p;
    p = (__uint128_t)PHILOX_M4x64_0 * a0;
    f->bh = (uint64_t)(p >> 64);
    f->bl = (uint64_t)p;
    f->c3 = s->ctr.v[3];
}

/* The four words of block b of the run.  A round maps (x0, x1, x2, x3) to
 * (hi(M1 x2) ^ x1 ^ k0, lo(M1 x2), hi(M0 x0) ^ x3 ^ k1, lo(M0 x0)). */
static inline __attribute__((always_inline)) void run_block(const philox_run *f, uint64_t b,
                                                            uint64_t x[4])
{
    const uint64_t M0 = PHILOX_M4x64_0, M1 = PHILOX_M4x64_1;
    __uint128_t p = (__uint128_t)M0 * b; /* round 1: x0 = b varies */
    uint64_t x2 = (uint64_t)(p >> 64) ^ f->c3 ^ f->rk1[0], x3 = (uint64_t)p;
    p = (__uint128_t)M1 * x2; /* round 2 */
    uint64_t x0 = (uint64_t)(p >> 64) ^ f->a1 ^ f->rk0[1], x1 = (uint64_t)p;
    x2 = f->bh ^ x3 ^ f->rk1[1];
    x3 = f->bl;
    _Pragma("GCC unroll 8") for (int r = 2; r < 10; r++)
    {
        __uint128_t p0 = (__uint128_t)M0 * x0, p1 = (__uint128_t)M1 * x2;
        x0 = (uint64_t)(p1 >> 64) ^ x1 ^ f->rk0[r];
        x1 = (uint64_t)p1;
        x2 = (uint64_t)(p0 >> 64) ^ x3 ^ f->rk1[r];
        x3 = (uint64_t)p0;
    }
    x[0] = x0;
    x[1] = x1;
    x[2] = x2;
    x[3] = x3;
}

/* The uniforms of blocks b0 .. b0 + nb - 1 into out.  The loops below are
 * cloned for BMI2, whose mulx spares the register moves that mul's fixed
 * operands cost: they are bound by instruction throughput, not by the
 * multiplier.  The bits do not depend on the clone. */
__attribute__((target_clones("bmi2", "default"))) static void
run_uniforms(const philox_run *f, uint64_t b0, size_t nb, double *out)
{
    for (size_t b = 0; b < nb; b++) {
        uint64_t x[4];
        run_block(f, b0 + b, x);
        for (int j = 0; j < 4; j++)
            out[4 * b + j] = word_uniform(x[j]);
    }
}

void gs_rng_uniform_at(const gsl_rng *r, uint64_t pos, double *out, size_t n)
{
    const philox_state *s = r->state;
    philox_run f;
    size_t k = 0;
    uint64_t b = pos / 4;
    unsigned j = (unsigned)(pos % 4);
    uint64_t x[4];
    if (n == 0) return;
    run_init(&f, s);
    if (j) { /* the tail of a block */
        run_block(&f, b++, x);
        for (; j < 4 && k < n; j++)
            out[k++] = word_uniform(x[j]);
    }
    size_t nb = (n - k) / 4;
    run_uniforms(&f, b, nb, out + k);
    b += nb;
    k += 4 * nb;
    if (k < n) {
        run_block(&f, b, x);
        for (j = 0; k < n; j++)
            out[k++] = word_uniform(x[j]);
    }
}

/* Appends pair (i, words u, v) to the lists, raw; a step past it when u is
 * below the threshold c (gs_rng_pairs_below).  Branch-free: at rates near
 * 0.1 a branch would mispredict often. */
static inline __attribute__((always_inline)) size_t pair_keep(size_t m, int32_t i, uint64_t u,
                                                              uint64_t v, uint64_t c, int32_t *idx,
                                                              double *w1, double *w2)
{
    idx[m] = i;
    memcpy(&w1[m], &u, sizeof u); /* the word itself, converted later */
    memcpy(&w2[m], &v, sizeof v);
    return m + ((u >> 11) < c);
}

/* The pairs of words pos0 + 2k, pos0 + 2k + 1 (k < np) whose first word is
 * below c, into the lists (raw words); returns how many.  An even pos0
 * puts each pair in one half of a block; an odd one makes every other pair
 * straddle two blocks (the last word of one, the first of the next). */
__attribute__((target_clones("bmi2", "default"))) static size_t
run_pairs(const philox_run *f, uint64_t pos0, size_t np, uint64_t c, int32_t i0, int32_t *idx,
          double *w1, double *w2)
{
    uint64_t x[4], b = pos0 / 4;
    size_t k = 0, m = 0;
    if (pos0 % 2 == 0) {
        if (pos0 % 4 && np) { /* the second half of a block */
            run_block(f, b++, x);
            m = pair_keep(m, i0, x[2], x[3], c, idx, w1, w2);
            k = 1;
        }
        for (; np - k >= 2; k += 2, b++) {
            run_block(f, b, x);
            m = pair_keep(m, i0 + (int32_t)k, x[0], x[1], c, idx, w1, w2);
            m = pair_keep(m, i0 + (int32_t)k + 1, x[2], x[3], c, idx, w1, w2);
        }
        if (k < np) { /* the first half of a block */
            run_block(f, b, x);
            m = pair_keep(m, i0 + (int32_t)k, x[0], x[1], c, idx, w1, w2);
        }
        return m;
    }
    /* Odd: word j of block b is word 4b + j; a pair starts at word 4b + 1
     * (words 1, 2) or 4b + 3 (word 3, then word 0 of block b + 1). */
    run_block(f, b, x);
    unsigned j = (unsigned)(pos0 % 4);
    while (k < np) {
        if (j == 1) {
            m = pair_keep(m, i0 + (int32_t)k, x[1], x[2], c, idx, w1, w2);
            j = 3;
        } else {
            uint64_t u = x[3];
            run_block(f, ++b, x);
            m = pair_keep(m, i0 + (int32_t)k, u, x[0], c, idx, w1, w2);
            j = 1;
        }
        k++;
    }
    return m;
}

size_t gs_rng_pairs_below(const gsl_rng *r, uint64_t pos, size_t npairs, double p, int32_t i0,
                          int32_t *idx, double *u1, double *u2)
{
    philox_run f;
    /* u = (x >> 11) 2^-53 < p  <=>  (x >> 11) < p 2^53 (an exact scaling)
     * <=>  (x >> 11) < ceil(p 2^53), x >> 11 being a whole number: the
     * words of the nations that do not act are compared, never converted.
     * p >= 1 lets every word through (x >> 11 < 2^53), p <= 0 or NaN none. */
    uint64_t c = p >= 1 ? (uint64_t)1 << 53 : p > 0 ? (uint64_t)ceil(p * 0x1.0p53) : 0;
    run_init(&f, r->state);
    size_t m = run_pairs(&f, pos, npairs, c, i0, idx, u1, u2);
    for (size_t j = 0; j < m; j++) { /* the listed pairs' words to uniforms */
        uint64_t a, b;
        memcpy(&a, &u1[j], sizeof a);
        memcpy(&b, &u2[j], sizeof b);
        u1[j] = word_uniform(a);
        u2[j] = word_uniform(b);
    }
    return m;
}
