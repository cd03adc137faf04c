/* h5chunk.h - whole chunks stored with H5Dwrite_chunk (sim/h5*.c only: this
 * header exposes HDF5 types).
 *
 * The writer stores each chunk of its result and /summary datasets exactly
 * once and whole.  HDF5's own path for that (H5Dwrite through the filter
 * pipeline, zlib's deflate) costs more than the data's compression itself:
 * here a block is cut into chunks (padded with the fill value where a chunk
 * extends past the block), shuffled and compressed with libdeflate in the
 * zlib format that HDF5's deflate filter reads, and handed to
 * H5Dwrite_chunk.  Readers see an ordinary shuffle/deflate dataset.  The
 * bytes in the file are the file type's little-endian ones: callers use
 * this only on a little-endian host (GS_H5C_NATIVE) and with file types
 * whose memory layout is the native one. */
#ifndef GS_H5CHUNK_H
#define GS_H5CHUNK_H

#include <stddef.h>

#include <hdf5.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define GS_H5C_NATIVE 1 /* memory bytes are the LE file bytes */
#else
#define GS_H5C_NATIVE 0
#endif

typedef struct gs_h5c gs_h5c;

/* A chunk writer for chunks of at most max_bytes uncompressed: its gather,
 * shuffle and output buffers; compressors are made per deflate level on
 * first use.  NULL when out of memory.  Free with gs_h5c_free. */
gs_h5c *gs_h5c_alloc(size_t max_bytes);

void gs_h5c_free(gs_h5c *c);

/* Stores the chunks of dataset d that cover a block: src is a dense
 * row-major array of extent[0] x ... x extent[rank-1] elements of esize
 * bytes (the file type's bytes) whose first element is at dataset
 * coordinates base[], a multiple of chunk[] on every axis.  Every chunk
 * meeting the block is written whole, parts outside extent[] set to the
 * one-element pattern fill: so the block must be all of the data those
 * chunks will ever hold (a chunk already in the file is replaced).  The
 * dataset's filters must be [shuffle (when shuffle)] then [deflate at level
 * (when level > 0)], as gs_h5u_dataset_nocache makes them.  A chunk that
 * deflate cannot shrink is stored with deflate marked skipped in its
 * filter mask, as HDF5 does for an optional filter.  rank <= 5.  Returns 0,
 * or -1 on an HDF5 failure (on HDF5's error stack) or a chunk larger than
 * max_bytes or a compressor that cannot be allocated (errno ENOMEM). */
int gs_h5c_write(gs_h5c *c, hid_t d, int rank, const hsize_t *base, const hsize_t *chunk,
                 const hsize_t *extent, const void *src, size_t esize, const void *fill,
                 int shuffle, int level);

#endif
