/* h5chunk.c - whole chunks stored with H5Dwrite_chunk (h5chunk.h).
 *
 * Shuffle is HDF5's (H5Zshuffle.c): byte j of element i goes to
 * j * nelem + i, a no-op for one-byte elements; deflate is the zlib format
 * (header, raw deflate, Adler-32) that HDF5's deflate filter inflates with
 * zlib's uncompress.  libdeflate compresses the same data to other (valid)
 * bytes than zlib at the same level, so files written here differ from
 * HDF5's own in their compressed bytes, never in the values they hold. */
#include "h5chunk.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>

#define GS_H5C_MAX_RANK 5
#define GS_H5C_LEVELS 10 /* deflate levels 1-9 (index 0 unused) */

struct gs_h5c {
    size_t max; /* largest chunk, bytes */
    unsigned char *gather, *shuf, *z;
    struct libdeflate_compressor *zc[GS_H5C_LEVELS];
};

gs_h5c *gs_h5c_alloc(size_t max_bytes)
{
    gs_h5c *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->max = max_bytes ? max_bytes : 1;
    c->gather = malloc(c->max);
    c->shuf = malloc(c->max);
    c->z = malloc(c->max);
    if (!c->gather || !c->shuf || !c->z) {
        gs_h5c_free(c);
        return NULL;
    }
    return c;
}

void gs_h5c_free(gs_h5c *c)
{
    if (!c) return;
    for (int l = 0; l < GS_H5C_LEVELS; l++)
        libdeflate_free_compressor(c->zc[l]);
    free(c->gather);
    free(c->shuf);
    free(c->z);
    free(c);
}

/* n copies of the esize-byte pattern fill at dst. */
static void pad(unsigned char *dst, size_t n, size_t esize, const unsigned char *fill)
{
    if (esize == 1) {
        memset(dst, fill[0], n);
        return;
    }
    for (size_t i = 0; i < n; i++)
        memcpy(dst + i * esize, fill, esize);
}

/* The chunk of shape chunk[] at offset off[] of block src (extent[]) into
 * dst, dense, fill where the chunk lies outside the block: one run along
 * the last axis at a time. */
static void gather(unsigned char *dst, const unsigned char *src, int rank, const hsize_t *extent,
                   const hsize_t *chunk, const hsize_t *off, size_t es, const unsigned char *fill)
{
    size_t stride[GS_H5C_MAX_RANK], nouter = 1, last = (size_t)chunk[rank - 1];
    stride[rank - 1] = 1;
    for (int a = rank - 2; a >= 0; a--)
        stride[a] = stride[a + 1] * (size_t)extent[a + 1];
    for (int a = 0; a < rank - 1; a++)
        nouter *= (size_t)chunk[a];
    size_t run = 0; /* elements of a run inside the block along the last axis */
    if (off[rank - 1] < extent[rank - 1]) {
        hsize_t left = extent[rank - 1] - off[rank - 1];
        run = left < chunk[rank - 1] ? (size_t)left : last;
    }
    hsize_t idx[GS_H5C_MAX_RANK] = {0};
    for (size_t k = 0; k < nouter; k++) {
        int inside = run > 0;
        size_t s = (size_t)off[rank - 1];
        for (int a = 0; a < rank - 1; a++) {
            hsize_t g = off[a] + idx[a];
            inside &= g < extent[a];
            s += (size_t)g * stride[a];
        }
        size_t n = inside ? run : 0;
        if (n) memcpy(dst, src + s * es, n * es);
        if (n < last) pad(dst + n * es, last - n, es, fill);
        dst += last * es;
        for (int a = rank - 2; a >= 0; a--) { /* next outer index, row-major */
            if (++idx[a] < chunk[a]) break;
            idx[a] = 0;
        }
    }
}

/* HDF5's shuffle of n bytes of esize-byte elements (n a multiple). */
static void shuffle(unsigned char *dst, const unsigned char *src, size_t n, size_t esize)
{
    size_t nelem = n / esize;
    for (size_t j = 0; j < esize; j++) {
        unsigned char *d = dst + j * nelem;
        const unsigned char *s = src + j;
        for (size_t i = 0; i < nelem; i++)
            d[i] = s[i * esize];
    }
}

int gs_h5c_write(gs_h5c *c, hid_t d, int rank, const hsize_t *base, const hsize_t *chunk,
                 const hsize_t *extent, const void *src, size_t esize, const void *fill,
                 int shuffle_on, int level)
{
    if (rank < 1 || rank > GS_H5C_MAX_RANK || level < 0 || level >= GS_H5C_LEVELS) return -1;
    size_t bytes = esize;
    hsize_t nch[GS_H5C_MAX_RANK];
    int whole = 1; /* the block is exactly one chunk: no gather */
    for (int a = 0; a < rank; a++) {
        if (chunk[a] < 1 || extent[a] < 1) return -1;
        bytes *= (size_t)chunk[a];
        nch[a] = (extent[a] + chunk[a] - 1) / chunk[a];
        whole &= extent[a] == chunk[a];
    }
    if (bytes > c->max) return -1;
    if (level > 0 && !c->zc[level]) {
        c->zc[level] = libdeflate_alloc_compressor(level);
        if (!c->zc[level]) {
            errno = ENOMEM;
            return -1;
        }
    }
    hsize_t k[GS_H5C_MAX_RANK] = {0}, off[GS_H5C_MAX_RANK], at[GS_H5C_MAX_RANK];
    for (;;) {
        for (int a = 0; a < rank; a++) {
            off[a] = k[a] * chunk[a];
            at[a] = base[a] + off[a];
        }
        const unsigned char *raw = src;
        if (!whole) {
            gather(c->gather, src, rank, extent, chunk, off, esize, fill);
            raw = c->gather;
        }
        if (shuffle_on && esize > 1) {
            shuffle(c->shuf, raw, bytes, esize);
            raw = c->shuf;
        }
        const void *out = raw;
        size_t size = bytes;
        uint32_t mask = 0;
        if (level > 0) {
            size_t z = libdeflate_zlib_compress(c->zc[level], raw, bytes, c->z, bytes);
            if (z) {
                out = c->z;
                size = z;
            } else { /* incompressible: stored as it is, deflate skipped */
                mask = 1u << (shuffle_on ? 1 : 0);
            }
        }
        if (H5Dwrite_chunk(d, H5P_DEFAULT, mask, at, size, out) < 0) return -1;
        int a = rank - 1; /* next chunk, row-major */
        while (a >= 0 && ++k[a] == nch[a])
            k[a--] = 0;
        if (a < 0) break;
    }
    return 0;
}
