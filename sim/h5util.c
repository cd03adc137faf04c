/* h5util.c - small HDF5 helpers of the govsim writers (h5util.h). */
#include "h5util.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The most useful line of HDF5's error stack: the system's "error message =
 * '...'" anywhere in it when there is one (disk full, permission denied),
 * else the innermost description. */
typedef struct reason_walk {
    char *buf;
    int have_sys;
} reason_walk;

static herr_t walk_cb(unsigned n, const H5E_error2_t *err, void *data)
{
    reason_walk *w = data;
    if (!err->desc || w->have_sys) return 0;
    const char *m = strstr(err->desc, "error message = '");
    if (m) {
        snprintf(w->buf, 256, "%s", m + 17);
        char *q = strchr(w->buf, '\'');
        if (q) *q = 0;
        w->have_sys = 1;
    } else if (n == 0) {
        snprintf(w->buf, 256, "%s", err->desc);
    }
    return 0;
}

void gs_h5u_reason(char buf[256])
{
    int err = errno; /* before HDF5 calls that may change it */
    buf[0] = 0;
    reason_walk w = {buf, 0};
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, walk_cb, &w);
    /* A write that failed where HDF5 ignores the result (a chunk flushed
     * while closing a dataset) leaves only errno: the stack then describes
     * a later, generic failure.  These codes can only come from a failed
     * write, so they are the better reason. */
    if (!w.have_sys &&
        (err == ENOSPC || err == EFBIG || err == EDQUOT || err == EIO || err == EROFS))
        snprintf(buf, 256, "%s", strerror(err));
    if (!buf[0]) snprintf(buf, 256, "HDF5 error");
}

void gs_h5u_no_atexit(void)
{
    /* Effective only before the library initialises (the first HDF5 call);
     * a later call merely fails, harmlessly. */
    H5dont_atexit();
}

void gs_h5u_push(const char *msg)
{
    H5Epush2(H5E_DEFAULT, __FILE__, __func__, __LINE__, H5E_ERR_CLS, H5E_ARGS, H5E_BADVALUE, "%s",
             msg);
}

hid_t gs_h5u_str_type(size_t width)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t < 0) return t;
    if (H5Tset_size(t, width ? width : 1) < 0 || H5Tset_strpad(t, H5T_STR_NULLPAD) < 0 ||
        H5Tset_cset(t, H5T_CSET_UTF8) < 0) {
        H5Tclose(t);
        return -1;
    }
    return t;
}

hid_t gs_h5u_group(hid_t loc, const char *name)
{
    hid_t gcpl = H5Pcreate(H5P_GROUP_CREATE);
    if (gcpl < 0) return -1;
    hid_t g = -1;
    if (H5Pset_obj_track_times(gcpl, 0) >= 0)
        g = H5Gcreate2(loc, name, H5P_DEFAULT, gcpl, H5P_DEFAULT);
    H5Pclose(gcpl);
    return g;
}

/* Scalar variable-length UTF-8 string attribute. */
int gs_h5u_attr_str(hid_t obj, const char *name, const char *value)
{
    int rc = -1;
    hid_t t = H5Tcopy(H5T_C_S1), s = H5Screate(H5S_SCALAR), a = -1;
    if (t < 0 || s < 0 || H5Tset_size(t, H5T_VARIABLE) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0)
        goto done;
    a = H5Acreate2(obj, name, t, s, H5P_DEFAULT, H5P_DEFAULT);
    if (a < 0) goto done;
    const char *v = value ? value : "";
    rc = H5Awrite(a, t, &v) < 0 ? -1 : 0;
done:
    if (a >= 0) H5Aclose(a);
    if (s >= 0) H5Sclose(s);
    if (t >= 0) H5Tclose(t);
    return rc;
}

/* Numeric attribute of n values (n == 0: scalar). */
int gs_h5u_attr_num(hid_t obj, const char *name, hid_t ftype, hid_t mtype, size_t n,
                    const void *value)
{
    hsize_t dim = n;
    hid_t s = n ? H5Screate_simple(1, &dim, NULL) : H5Screate(H5S_SCALAR);
    if (s < 0) return -1;
    hid_t a = H5Acreate2(obj, name, ftype, s, H5P_DEFAULT, H5P_DEFAULT);
    int rc = a < 0 || H5Awrite(a, mtype, value) < 0 ? -1 : 0;
    if (a >= 0) H5Aclose(a);
    H5Sclose(s);
    return rc;
}

/* long_name, units (when not NULL) and, for a categorical variable, CF
 * flag_values 0..k-1 with flag_meanings. */
int gs_h5u_describe(hid_t d, const char *long_name, const char *units, const char *flags)
{
    if (gs_h5u_attr_str(d, "long_name", long_name) < 0) return -1;
    if (units && gs_h5u_attr_str(d, "units", units) < 0) return -1;
    if (flags) {
        uint8_t v[16];
        size_t k = 1;
        for (const char *p = flags; *p; p++) k += *p == ' ';
        for (size_t i = 0; i < k && i < 16; i++) v[i] = (uint8_t)i;
        if (gs_h5u_attr_num(d, "flag_values", H5T_STD_U8LE, H5T_NATIVE_UINT8, k, v) < 0 ||
            gs_h5u_attr_str(d, "flag_meanings", flags) < 0)
            return -1;
    }
    return 0;
}

/* Chunk shape: starts from cap (0 = whole axis; never more than the axis),
 * then halves the axes listed in shrink, in order, until the chunk holds at
 * most GS_H5_CHUNK_BYTES, and balances each split axis so that its chunks
 * are of (nearly) equal size. */
void gs_h5u_chunk_shape(int rank, const hsize_t *dims, const hsize_t *cap, size_t esize,
                        const int *shrink, int nshrink, hsize_t *c)
{
    size_t bytes = esize;
    for (int i = 0; i < rank; i++) {
        c[i] = cap && cap[i] && cap[i] < dims[i] ? cap[i] : dims[i];
        if (c[i] < 1) c[i] = 1;
        bytes *= c[i];
    }
    for (int k = 0; k < nshrink; k++) {
        int a = shrink[k], split = 0;
        while (bytes > GS_H5_CHUNK_BYTES && c[a] > 1) {
            bytes /= c[a];
            c[a] = (c[a] + 1) / 2;
            bytes *= c[a];
            split = 1;
        }
        /* only axes split here are balanced: the caller's caps (the
         * replicate block) must stay as given */
        hsize_t nchunks = (dims[a] + c[a] - 1) / c[a];
        if (split && nchunks > 0) c[a] = (dims[a] + nchunks - 1) / nchunks;
    }
}

/* Creates dataset name under loc.  chunk == NULL: contiguous, unfiltered;
 * otherwise chunked with shuffle + deflate.  A dataset with an empty axis
 * is always contiguous (HDF5 refuses a chunk larger than a fixed axis).
 * fill: one value of mtype, or NULL. */
static hid_t dataset(hid_t loc, const char *name, hid_t ftype, int rank, const hsize_t *dims,
                     const hsize_t *chunk, hid_t mtype, const void *fill, int nocache, int shuffle,
                     int level)
{
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE), dapl = H5P_DEFAULT, s = -1, d = -1;
    if (dcpl < 0) return -1;
    if (nocache && chunk) {
        if ((dapl = H5Pcreate(H5P_DATASET_ACCESS)) < 0) goto done;
        if (H5Pset_chunk_cache(dapl, 0, 0, 1.0) < 0) goto done;
    }
    int empty = 0;
    for (int i = 0; i < rank; i++) empty |= dims[i] == 0;
    if (H5Pset_obj_track_times(dcpl, 0) < 0) goto done;
    if (chunk && !empty &&
        (H5Pset_chunk(dcpl, rank, chunk) < 0 || (shuffle && H5Pset_shuffle(dcpl) < 0) ||
         (level > 0 && H5Pset_deflate(dcpl, (unsigned)level) < 0)))
        goto done;
    if (fill && H5Pset_fill_value(dcpl, mtype, fill) < 0) goto done;
    s = rank ? H5Screate_simple(rank, dims, NULL) : H5Screate(H5S_SCALAR);
    if (s < 0) goto done;
    d = H5Dcreate2(loc, name, ftype, s, H5P_DEFAULT, dcpl, dapl);
done:
    if (s >= 0) H5Sclose(s);
    if (dapl >= 0 && dapl != H5P_DEFAULT) H5Pclose(dapl);
    H5Pclose(dcpl);
    return d;
}

hid_t gs_h5u_dataset(hid_t loc, const char *name, hid_t ftype, int rank, const hsize_t *dims,
                     const hsize_t *chunk, hid_t mtype, const void *fill)
{
    return dataset(loc, name, ftype, rank, dims, chunk, mtype, fill, 0, 1, GS_H5_DEFLATE);
}

hid_t gs_h5u_dataset_nocache(hid_t loc, const char *name, hid_t ftype, int rank,
                             const hsize_t *dims, const hsize_t *chunk, hid_t mtype,
                             const void *fill, int shuffle, int level)
{
    if (level < 0 || level > 9) return -1;
    return dataset(loc, name, ftype, rank, dims, chunk, mtype, fill, 1, shuffle, level);
}

/* Chunk only what is big enough to gain from compression. */
const hsize_t *gs_h5u_maybe_chunk(int rank, const hsize_t *dims, size_t esize, hsize_t *c)
{
    size_t bytes = esize;
    for (int i = 0; i < rank; i++) bytes *= dims[i];
    if (bytes < 16384) return NULL;
    int all[4] = {0, 1, 2, 3};
    gs_h5u_chunk_shape(rank, dims, NULL, esize, all, rank, c);
    return c;
}

/* ---- dimension scales, attached in bulk ------------------------------- */

#define DIMENSION_LIST "DIMENSION_LIST"
#define REFERENCE_LIST "REFERENCE_LIST"

int gs_h5u_obj_ref(hid_t obj, hobj_ref_t *ref)
{
    return H5Rcreate(ref, obj, ".", H5R_OBJECT, -1) < 0 ? -1 : 0;
}

int gs_h5u_dimlist_write(hid_t d, int rank, const hobj_ref_t *scales)
{
    if (rank < 1 || rank > H5S_MAX_RANK || !scales) {
        gs_h5u_push("dimension list: bad rank or no scales");
        return -1;
    }
    /* one scale per axis: the VL entries point into scales[] (HDF5 only
     * reads them) */
    hvl_t buf[H5S_MAX_RANK];
    for (int i = 0; i < rank; i++) {
        buf[i].len = 1;
        buf[i].p = (void *)&scales[i];
    }
    hsize_t n = (hsize_t)rank;
    int rc = -1;
    hid_t t = H5Tvlen_create(H5T_STD_REF_OBJ), s = H5Screate_simple(1, &n, NULL), a = -1;
    if (t < 0 || s < 0) goto done;
    /* H5Acreate2 fails when the attribute exists: never two lists */
    if ((a = H5Acreate2(d, DIMENSION_LIST, t, s, H5P_DEFAULT, H5P_DEFAULT)) < 0) goto done;
    if (H5Awrite(a, t, buf) < 0) goto done;
    rc = 0;
done:
    if (a >= 0) H5Aclose(a);
    if (s >= 0) H5Sclose(s);
    if (t >= 0) H5Tclose(t);
    return rc;
}

/* The memory type of a REFERENCE_LIST entry: H5DS's H5DS_get_REFLIST_type
 * (and the type it creates the attribute with).  Caller closes. */
static hid_t reflist_type(void)
{
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(gs_h5u_dsref));
    if (t < 0) return -1;
    if (H5Tinsert(t, "dataset", HOFFSET(gs_h5u_dsref, dataset), H5T_STD_REF_OBJ) < 0 ||
        H5Tinsert(t, "dimension", HOFFSET(gs_h5u_dsref, dim), H5T_NATIVE_INT) < 0) {
        H5Tclose(t);
        return -1;
    }
    return t;
}

int gs_h5u_reflist_append(hid_t scale, const gs_h5u_dsref *ent, size_t n)
{
    if (n == 0) return 0;
    int rc = -1;
    gs_h5u_dsref *all = NULL;
    hid_t mt = reflist_type(), ft = -1, s = -1, a = -1;
    if (mt < 0) goto done;
    htri_t ex = H5Aexists(scale, REFERENCE_LIST);
    if (ex < 0) goto done;
    hsize_t old = 0;
    if (ex) { /* keep what is there (attachments since the last write) */
        hssize_t np;
        if ((a = H5Aopen(scale, REFERENCE_LIST, H5P_DEFAULT)) < 0 || (ft = H5Aget_type(a)) < 0 ||
            (s = H5Aget_space(a)) < 0 || (np = H5Sget_simple_extent_npoints(s)) < 0)
            goto done;
        old = (hsize_t)np;
    } else if ((ft = H5Tcopy(mt)) < 0) {
        goto done;
    }
    if (!(all = malloc(((size_t)old + n) * sizeof *all))) {
        gs_h5u_push("out of memory");
        goto done;
    }
    if (old && H5Aread(a, mt, all) < 0) goto done;
    if (a >= 0) {
        H5Aclose(a);
        a = -1;
        H5Sclose(s);
        s = -1;
        /* a dataspace cannot grow: the list is written anew */
        if (H5Adelete(scale, REFERENCE_LIST) < 0) goto done;
    }
    memcpy(all + old, ent, n * sizeof *ent);
    hsize_t total = old + n;
    if ((s = H5Screate_simple(1, &total, NULL)) < 0 ||
        (a = H5Acreate2(scale, REFERENCE_LIST, ft, s, H5P_DEFAULT, H5P_DEFAULT)) < 0 ||
        H5Awrite(a, mt, all) < 0)
        goto done;
    rc = 0;
done:
    free(all);
    if (a >= 0) H5Aclose(a);
    if (s >= 0) H5Sclose(s);
    if (ft >= 0) H5Tclose(ft);
    if (mt >= 0) H5Tclose(mt);
    return rc;
}

int gs_h5u_attach(hid_t d, int rank, const hid_t *scales)
{
    hobj_ref_t sref[H5S_MAX_RANK];
    gs_h5u_dsref ent = {0, 0};
    if (rank < 1 || rank > H5S_MAX_RANK || !scales) {
        gs_h5u_push("attach: bad rank or no scales");
        return -1;
    }
    for (int i = 0; i < rank; i++)
        if (gs_h5u_obj_ref(scales[i], &sref[i]) < 0) return -1;
    if (gs_h5u_obj_ref(d, &ent.dataset) < 0 || gs_h5u_dimlist_write(d, rank, sref) < 0) return -1;
    for (int i = 0; i < rank; i++) {
        ent.dim = (unsigned)i;
        if (gs_h5u_reflist_append(scales[i], &ent, 1) < 0) return -1;
    }
    return 0;
}
