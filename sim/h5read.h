/* h5read.h - reading govsim output files (for `govsim inspect`, and for
 * --resume and comparisons later).  With h5out.c the only module that
 * touches HDF5.
 *
 * A file is a govsim file when HDF5 can open it and its root attribute
 * conventions is "govsim-1".  Everything else (missing file, not HDF5, a
 * foreign HDF5 file, a truncated .partial) is refused at open with one line.
 * Reads are by dataset path and hyperslab into plain C arrays; HDF5 converts
 * the element type. */
#ifndef GS_H5READ_H
#define GS_H5READ_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

typedef struct gs_h5r gs_h5r;

/* Element types a read may ask for. */
typedef enum { GS_H5R_DOUBLE, GS_H5R_FLOAT, GS_H5R_UINT8, GS_H5R_INT32, GS_H5R_INT64 } gs_h5r_type;

/* The shape of a file (from its coordinates). */
typedef struct gs_h5r_dims {
    int64_t npoints, nreplicates, ntimes, nnations, nregions, nedges, nevents;
    int level; /* GS_OUT_FULL when /alignment is present, else GS_OUT_SHARES */
} gs_h5r_dims;

/* Opens path read-only.  GS_EINPUT with "PATH: <reason>" when it does not
 * exist or cannot be read, "PATH: not a govsim output file" when it is not
 * HDF5 or lacks conventions = "govsim-1", "PATH: unsupported conventions
 * 'X'" for a later format.  Turns off HDF5's automatic error printing. */
gs_h5r *gs_h5r_open(const char *path, gs_err *e);

/* Closes; accepts NULL. */
void gs_h5r_close(gs_h5r *r);

/* Root attribute name as text into buf (strings as stored, integers in
 * decimal).  Returns 0, or -1 when absent or of another type (buf = ""). */
int gs_h5r_attr(const gs_h5r *r, const char *name, char *buf, size_t len);

/* 1 when the dataset at path exists, else 0. */
int gs_h5r_has(const gs_h5r *r, const char *path);

/* Rank (<= 8) and extents of the dataset at path.  GS_EINPUT when absent. */
int gs_h5r_shape(const gs_h5r *r, const char *path, int *rank, int64_t dims[8], gs_err *e);

/* The file's dimensions.  GS_EINPUT when a coordinate is missing. */
int gs_h5r_dims_get(const gs_h5r *r, gs_h5r_dims *d, gs_err *e);

/* Reads the hyperslab start[0..rank) + count[0..rank) of the dataset at
 * path into out (row-major, prod(count) elements of type).  rank must be
 * the dataset's rank.  GS_EINPUT when the dataset is absent or the slab
 * does not fit, GS_ERUN on a read error. */
int gs_h5r_read(const gs_h5r *r, const char *path, int rank, const int64_t *start,
                const int64_t *count, gs_h5r_type type, void *out, gs_err *e);

/* The n strings of a 1-D or 2-D string dataset (fixed- or variable-length),
 * in row-major order, NUL-terminated.  Free with gs_h5r_strings_free.
 * NULL and e set on error. */
char **gs_h5r_strings(const gs_h5r *r, const char *path, size_t *n, gs_err *e);
void gs_h5r_strings_free(char **s, size_t n);

/* Names of the datasets directly under group (e.g. "sweep"), in name
 * order; *n = 0 and a non-NULL empty list when the group does not exist.
 * Free with gs_h5r_strings_free. */
char **gs_h5r_list(const gs_h5r *r, const char *group, size_t *n, gs_err *e);

/* The stored resolved config text (/config).  Caller frees. */
char *gs_h5r_config(const gs_h5r *r, gs_err *e);

#endif
