/* rng.c - Philox4x64-10 as a gsl_rng_type (see rng.h).
 *
 * Counter layout: ctr = {block, point, replicate, purpose}, key = {seed,
 * "govsim" tag}.  Each block gives four 64-bit words; get() hands out their
 * upper 32 bits (GSL's integer interface expects a fixed max), get_double()
 * uses the top 53 bits of one word. */
#include "rng.h"

#include <Random123/philox.h>
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

void gs_rng_uniform_at(const gsl_rng *r, uint64_t pos, double *out, size_t n)
{
    const philox_state *s = r->state;
    philox4x64_ctr_t c = s->ctr, o;
    size_t k = 0;
    unsigned j = (unsigned)(pos % 4);
    c.v[0] = pos / 4;
    if (j) { /* the tail of a block */
        o = philox4x64(c, s->key);
        c.v[0]++;
        for (; j < 4 && k < n; j++)
            out[k++] = (double)(o.v[j] >> 11) * 0x1.0p-53;
    }
    for (; n - k >= 4; k += 4) { /* whole blocks, as in gs_rng_uniform_fill */
        o = philox4x64(c, s->key);
        c.v[0]++;
        for (j = 0; j < 4; j++)
            out[k + j] = (double)(o.v[j] >> 11) * 0x1.0p-53;
    }
    if (k < n) {
        o = philox4x64(c, s->key);
        for (j = 0; k < n; j++)
            out[k++] = (double)(o.v[j] >> 11) * 0x1.0p-53;
    }
}
