/* h5util.h - small HDF5 helpers shared by the govsim writers (sim/h5*.c
 * only: this header exposes HDF5 types).
 *
 * They carry the file conventions of h5out.c in one place: every object
 * created with time tracking off (byte-reproducible files), fixed-length
 * NULLPAD UTF-8 string datasets, variable-length UTF-8 attributes, CF
 * long_name/units/flag_values/flag_meanings, shuffle + deflate chunks of at
 * most GS_H5_CHUNK_BYTES.  Functions return a negative value (or -1 hid_t)
 * on an HDF5 failure, leaving the error on HDF5's stack for gs_h5u_reason. */
#ifndef GS_H5UTIL_H
#define GS_H5UTIL_H

#include <stddef.h>

#include <hdf5.h>

/* Largest uncompressed chunk: HDF5's default chunk-cache size, so that a
 * reader with default settings caches whole chunks. */
#define GS_H5_CHUNK_BYTES ((size_t)1 << 20)
#define GS_H5_DEFLATE 5 /* gs_h5u_dataset's deflate level */

/* One line saying why the last HDF5 call failed: the system's "error
 * message" on the error stack when there is one, such as "No space left on
 * device", else the innermost description; when the stack holds no system
 * error but errno says a write failed (ENOSPC, EFBIG, EDQUOT, EIO, EROFS:
 * a chunk flushed where HDF5 drops the result), strerror(errno).  Does not
 * clear the stack. */
void gs_h5u_reason(char buf[256]);

/* Tells HDF5 not to shut itself down at exit; call before any other HDF5
 * call.  After a failed write (disk full, file size limit) HDF5 1.10 can
 * keep a file it could not close in its tables, and its exit handler then
 * closes it again and crashes (SIGSEGV in H5F__close_cb).  govsim closes
 * every object it opens on the way out, so the handler has nothing else to
 * do; its free lists stay reachable until the process ends. */
void gs_h5u_no_atexit(void);

/* Puts msg (such as "out of memory") on HDF5's error stack: for a failure
 * outside HDF5 in a helper that reports its errors through that stack
 * (gs_h5u_reason then says msg). */
void gs_h5u_push(const char *msg);

/* Fixed-length UTF-8 NULLPAD string type of width bytes (>= 1).  Caller
 * closes. */
hid_t gs_h5u_str_type(size_t width);

/* Group name under loc, time tracking off.  Caller closes. */
hid_t gs_h5u_group(hid_t loc, const char *name);

/* Scalar variable-length UTF-8 string attribute (value NULL = ""). */
int gs_h5u_attr_str(hid_t obj, const char *name, const char *value);

/* Numeric attribute of n values of file type ftype from memory of type
 * mtype (n == 0: a scalar). */
int gs_h5u_attr_num(hid_t obj, const char *name, hid_t ftype, hid_t mtype, size_t n,
                    const void *value);

/* long_name, units (when not NULL) and, for a categorical variable (flags =
 * space-separated meanings, at most 16), uint8 flag_values 0..k-1 and
 * flag_meanings. */
int gs_h5u_describe(hid_t d, const char *long_name, const char *units, const char *flags);

/* Chunk shape c[rank]: starts from cap (0 = whole axis; never more than the
 * axis), then halves the axes listed in shrink, in order, until the chunk
 * holds at most GS_H5_CHUNK_BYTES; each axis split here is balanced so that
 * its chunks are of (nearly) equal size (capped axes stay as given). */
void gs_h5u_chunk_shape(int rank, const hsize_t *dims, const hsize_t *cap, size_t esize,
                        const int *shrink, int nshrink, hsize_t *c);

/* c filled for a dataset big enough (>= 16 KiB) to gain from compression
 * (rank <= 4), else NULL: the chunk argument of gs_h5u_dataset. */
const hsize_t *gs_h5u_maybe_chunk(int rank, const hsize_t *dims, size_t esize, hsize_t *c);

/* Dataset name under loc (rank 0 = scalar), time tracking off.  chunk NULL:
 * contiguous and unfiltered; else chunked with shuffle + deflate.  A dataset
 * with an empty axis is always contiguous (HDF5 refuses a chunk larger than
 * a fixed axis).  fill: one value of mtype for the fill value, or NULL.
 * Caller closes. */
hid_t gs_h5u_dataset(hid_t loc, const char *name, hid_t ftype, int rank, const hsize_t *dims,
                     const hsize_t *chunk, hid_t mtype, const void *fill);

/* gs_h5u_dataset with chunk caching off (H5Pset_chunk_cache(dapl, 0, 0, 1)):
 * for write-once datasets written in whole chunks, each chunk is then
 * compressed and stored as it is written instead of sitting in the cache
 * until eviction or close.  Partial-chunk writes stay correct (HDF5 reads,
 * merges and rewrites the chunk) but cost a decompression each.  The
 * filters are the caller's: shuffle (0/1), then deflate at level (1-9; 0 =
 * no deflate; out of range: fails), so that data that compresses poorly can
 * be stored as it is, and data that compresses well costs little CPU. */
hid_t gs_h5u_dataset_nocache(hid_t loc, const char *name, hid_t ftype, int rank,
                             const hsize_t *dims, const hsize_t *chunk, hid_t mtype,
                             const void *fill, int shuffle, int level);

/* ---- dimension scales, attached in bulk --------------------------------
 * H5DSattach_scale (HDF5 1.10.8, hl/src/H5DS.c) records one (dataset, axis,
 * scale) attachment in two attributes:
 *   DIMENSION_LIST on the dataset: H5T_VLEN of H5T_STD_REF_OBJ, dataspace
 *     [rank]; entry i lists the scales of axis i (created with every entry
 *     empty at the dataset's first attach, then read, extended, rewritten);
 *   REFERENCE_LIST on the scale: compound of size 16 (its ds_list_t) with
 *     "dataset" H5T_STD_REF_OBJ at offset 0 and "dimension" H5T_NATIVE_INT
 *     at offset 8, dataspace [n]; each call reads the list, deletes the
 *     attribute and creates it again one entry longer (type: the one it
 *     read), so entries are in call order.
 * Together with its checks that is a dozen attribute operations per axis,
 * and the lists are rewritten whole each time: about half of the cost of
 * creating a govsim file.  The helpers below write the same attributes,
 * same types, same entries in the same order, once per dataset and once
 * per scale; H5DSattach_scale, H5DSis_attached, h5py and netCDF/h5netcdf
 * read and extend them as their own. */

/* One REFERENCE_LIST entry, laid out as H5DS's ds_list_t. */
typedef struct gs_h5u_dsref {
    hobj_ref_t dataset; /* the attached dataset */
    unsigned int dim;   /* its axis */
} gs_h5u_dsref;

/* *ref = object reference of obj (a dataset or group of an open file). */
int gs_h5u_obj_ref(hid_t obj, hobj_ref_t *ref);

/* Writes DIMENSION_LIST on dataset d of rank >= 1 (and <= H5S_MAX_RANK):
 * axis i attached to the one scale scales[i] (an object reference, see
 * gs_h5u_obj_ref) -- what rank calls H5DSattach_scale(d, scale_i, i) leave
 * on d.  d must have no DIMENSION_LIST yet and must not be a scale itself;
 * the scales' side is gs_h5u_reflist_append's.  Fails (-1, on HDF5's
 * stack) when the attribute exists. */
int gs_h5u_dimlist_write(hid_t d, int rank, const hobj_ref_t *scales);

/* Appends the n entries (dataset, dim) to the REFERENCE_LIST of scale, in
 * order, creating it when missing -- what n H5DSattach_scale calls leave on
 * the scale (the attribute is read, deleted and created again, as H5DS
 * does: its type stays the one already in the file).  scale must already be
 * a dimension scale (H5DSset_scale: H5DSattach_scale would add CLASS
 * itself); n == 0 does nothing. */
int gs_h5u_reflist_append(hid_t scale, const gs_h5u_dsref *ent, size_t n);

/* Attaches scales[i] to axis i of dataset d, i < rank, at once: what rank
 * calls H5DSattach_scale(d, scales[i], i), in order of i, do to a dataset
 * without DIMENSION_LIST, given scales that are already dimension scales. */
int gs_h5u_attach(hid_t d, int rank, const hid_t *scales);

#endif
