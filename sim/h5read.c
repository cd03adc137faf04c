/* h5read.c - reading govsim output files (h5read.h). */
#include "h5read.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <hdf5.h>

#include "h5util.h"
#include "params.h"

#define GS_H5R_CACHE ((size_t)32 << 20) /* chunk cache per dataset: whole chunk rows */

struct gs_h5r {
    char *path;
    hid_t file;
};

static hid_t mem_of(gs_h5r_type t)
{
    switch (t) {
    case GS_H5R_DOUBLE: return H5T_NATIVE_DOUBLE;
    case GS_H5R_FLOAT: return H5T_NATIVE_FLOAT;
    case GS_H5R_UINT8: return H5T_NATIVE_UINT8;
    case GS_H5R_INT32: return H5T_NATIVE_INT32;
    default: return H5T_NATIVE_INT64;
    }
}

gs_h5r *gs_h5r_open(const char *path, gs_err *e)
{
    gs_h5u_no_atexit();
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL); /* errors are one line, ours */
    struct stat st;
    if (!path || stat(path, &st) != 0) {
        gs_err_set(e, GS_EINPUT, "%s: %s", path ? path : "(null)", strerror(errno));
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        gs_err_set(e, GS_EINPUT, "%s: is a directory", path);
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        gs_err_set(e, GS_EINPUT, "%s: %s", path, strerror(errno));
        return NULL;
    }
    fclose(f);
    if (H5Fis_hdf5(path) <= 0) {
        H5Eclear2(H5E_DEFAULT);
        gs_err_set(e, GS_EINPUT, "%s: not a govsim output file", path);
        return NULL;
    }
    gs_h5r *r = gs_calloc(1, sizeof *r, "reader", e);
    if (!r) return NULL;
    r->file = -1;
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    /* room for a row of chunks: reading one nation across replicates decompresses each once */
    if (fapl >= 0) {
        H5Pset_cache(fapl, 0, 1021, GS_H5R_CACHE, 0.75);
        H5Pset_file_locking(fapl, 1, 1); /* file systems without locks: read anyway */
    }
    r->file = H5Fopen(path, H5F_ACC_RDONLY, fapl >= 0 ? fapl : H5P_DEFAULT);
    if (fapl >= 0) H5Pclose(fapl);
    r->path = strdup(path);
    char conv[64];
    if (r->file < 0 || !r->path || gs_h5r_attr(r, "conventions", conv, sizeof conv) != 0 ||
        strncmp(conv, "govsim-", 7) != 0) {
        H5Eclear2(H5E_DEFAULT);
        gs_err_set(e, GS_EINPUT, "%s: not a govsim output file", path);
        gs_h5r_close(r);
        return NULL;
    }
    if (strcmp(conv, "govsim-1") != 0) {
        gs_err_set(e, GS_EINPUT, "%s: unsupported conventions '%s' (this govsim reads govsim-1)",
                   path, conv);
        gs_h5r_close(r);
        return NULL;
    }
    return r;
}

void gs_h5r_close(gs_h5r *r)
{
    if (!r) return;
    if (r->file >= 0) H5Fclose(r->file);
    free(r->path);
    free(r);
}

int gs_h5r_attr(const gs_h5r *r, const char *name, char *buf, size_t len)
{
    if (len) buf[0] = 0;
    if (!r || r->file < 0 || H5Aexists(r->file, name) <= 0) return -1;
    hid_t a = H5Aopen(r->file, name, H5P_DEFAULT);
    if (a < 0) return -1;
    hid_t t = H5Aget_type(a), s = H5Aget_space(a);
    int rc = -1;
    if (t < 0 || s < 0 || H5Sget_simple_extent_npoints(s) != 1) goto done;
    H5T_class_t cls = H5Tget_class(t);
    if (cls == H5T_STRING) {
        hid_t mt = H5Tcopy(t);
        if (mt < 0) goto done;
        if (H5Tis_variable_str(t) > 0) {
            char *v = NULL;
            if (H5Aread(a, mt, &v) >= 0 && v) {
                snprintf(buf, len, "%s", v);
                H5free_memory(v);
                rc = 0;
            }
        } else {
            size_t sz = H5Tget_size(t);
            char *v = calloc(1, sz + 1);
            if (v && H5Aread(a, mt, v) >= 0) {
                snprintf(buf, len, "%s", v);
                rc = 0;
            }
            free(v);
        }
        H5Tclose(mt);
    } else if (cls == H5T_INTEGER) {
        if (H5Tget_sign(t) == H5T_SGN_NONE) {
            unsigned long long v;
            if (H5Aread(a, H5T_NATIVE_ULLONG, &v) >= 0) rc = snprintf(buf, len, "%llu", v) < 0;
        } else {
            long long v;
            if (H5Aread(a, H5T_NATIVE_LLONG, &v) >= 0) rc = snprintf(buf, len, "%lld", v) < 0;
        }
    }
done:
    if (s >= 0) H5Sclose(s);
    if (t >= 0) H5Tclose(t);
    H5Aclose(a);
    H5Eclear2(H5E_DEFAULT);
    return rc;
}

int gs_h5r_has(const gs_h5r *r, const char *path)
{
    if (!r || r->file < 0) return 0;
    /* check each link along the path: H5Lexists fails on a missing group */
    char buf[512];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + (buf[0] == '/'); (p = strchr(p, '/')); p++) {
        *p = 0;
        int ok = H5Lexists(r->file, buf, H5P_DEFAULT) > 0;
        *p = '/';
        if (!ok) return 0;
    }
    int ok = H5Lexists(r->file, buf, H5P_DEFAULT) > 0;
    H5Eclear2(H5E_DEFAULT);
    return ok;
}

static hid_t open_ds(const gs_h5r *r, const char *path, gs_err *e)
{
    if (!gs_h5r_has(r, path)) {
        gs_err_set(e, GS_EINPUT, "%s: no dataset %s", r ? r->path : "?", path);
        return -1;
    }
    hid_t dapl = H5Pcreate(H5P_DATASET_ACCESS);
    if (dapl >= 0) H5Pset_chunk_cache(dapl, 12421, GS_H5R_CACHE, 0.75);
    hid_t d = H5Dopen2(r->file, path, dapl >= 0 ? dapl : H5P_DEFAULT);
    if (dapl >= 0) H5Pclose(dapl);
    if (d < 0) {
        H5Eclear2(H5E_DEFAULT);
        gs_err_set(e, GS_EINPUT, "%s: cannot open %s", r->path, path);
    }
    return d;
}

int gs_h5r_shape(const gs_h5r *r, const char *path, int *rank, int64_t dims[8], gs_err *e)
{
    hid_t d = open_ds(r, path, e);
    if (d < 0) return GS_EINPUT;
    hid_t s = H5Dget_space(d);
    int rk = s < 0 ? -1 : H5Sget_simple_extent_ndims(s);
    hsize_t hd[8];
    int rc = GS_OK;
    if (rk < 0 || rk > 8 || H5Sget_simple_extent_dims(s, hd, NULL) < 0) {
        rc = gs_err_set(e, GS_EINPUT, "%s: %s: unreadable shape", r->path, path);
    } else {
        *rank = rk;
        for (int i = 0; i < rk; i++) dims[i] = (int64_t)hd[i];
    }
    if (s >= 0) H5Sclose(s);
    H5Dclose(d);
    return rc;
}

int gs_h5r_dims_get(const gs_h5r *r, gs_h5r_dims *d, gs_err *e)
{
    static const char *const coords[] = {"point", "replicate", "time", "nation",
                                         "region", "edge",      "event"};
    int64_t *out[] = {&d->npoints, &d->nreplicates, &d->ntimes, &d->nnations,
                      &d->nregions, &d->nedges,     &d->nevents};
    memset(d, 0, sizeof *d);
    for (size_t k = 0; k < sizeof coords / sizeof coords[0]; k++) {
        int rank;
        int64_t dims[8];
        int rc = gs_h5r_shape(r, coords[k], &rank, dims, e);
        if (rc) return rc;
        if (rank != 1) return gs_err_set(e, GS_EINPUT, "%s: /%s is not 1-D", r->path, coords[k]);
        *out[k] = dims[0];
    }
    d->level = gs_h5r_has(r, "alignment") ? GS_OUT_FULL : GS_OUT_SHARES;
    return GS_OK;
}

int gs_h5r_read(const gs_h5r *r, const char *path, int rank, const int64_t *start,
                const int64_t *count, gs_h5r_type type, void *out, gs_err *e)
{
    int rk;
    int64_t dims[8];
    int rc = gs_h5r_shape(r, path, &rk, dims, e);
    if (rc) return rc;
    if (rk != rank) return gs_err_set(e, GS_EINPUT, "%s: %s has rank %d, not %d", r->path, path, rk, rank);
    hsize_t hs[8], hc[8];
    for (int i = 0; i < rank; i++) {
        if (start[i] < 0 || count[i] < 0 || start[i] + count[i] > dims[i])
            return gs_err_set(e, GS_EINPUT, "%s: %s: slab outside the dataset", r->path, path);
        hs[i] = (hsize_t)start[i];
        hc[i] = (hsize_t)count[i];
    }
    hid_t d = open_ds(r, path, e);
    if (d < 0) return GS_EINPUT;
    hid_t fs = H5Dget_space(d), ms = rank ? H5Screate_simple(rank, hc, NULL) : H5Screate(H5S_SCALAR);
    herr_t h = fs < 0 || ms < 0 ? -1
               : rank ? H5Sselect_hyperslab(fs, H5S_SELECT_SET, hs, NULL, hc, NULL) : 0;
    if (h >= 0) h = H5Dread(d, mem_of(type), ms, fs, H5P_DEFAULT, out);
    if (fs >= 0) H5Sclose(fs);
    if (ms >= 0) H5Sclose(ms);
    H5Dclose(d);
    if (h < 0) {
        H5Eclear2(H5E_DEFAULT);
        return gs_err_set(e, GS_ERUN, "%s: cannot read %s", r->path, path);
    }
    return GS_OK;
}

void gs_h5r_strings_free(char **s, size_t n)
{
    if (!s) return;
    for (size_t i = 0; i < n; i++) free(s[i]);
    free(s);
}

char **gs_h5r_strings(const gs_h5r *r, const char *path, size_t *n, gs_err *e)
{
    *n = 0;
    hid_t d = open_ds(r, path, e);
    if (d < 0) return NULL;
    hid_t t = H5Dget_type(d), s = H5Dget_space(d);
    char **out = NULL, *buf = NULL;
    hssize_t np = s < 0 ? -1 : H5Sget_simple_extent_npoints(s);
    if (t < 0 || np < 0 || H5Tget_class(t) != H5T_STRING) {
        gs_err_set(e, GS_EINPUT, "%s: %s is not a string dataset", r->path, path);
        goto done;
    }
    size_t cnt = (size_t)np;
    out = gs_calloc(cnt ? cnt : 1, sizeof *out, "strings", e);
    if (!out) goto done;
    if (H5Tis_variable_str(t) > 0) {
        char **v = gs_calloc(cnt ? cnt : 1, sizeof *v, "strings", e);
        if (!v) goto fail;
        if (cnt && H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) < 0) {
            free(v);
            gs_err_set(e, GS_ERUN, "%s: cannot read %s", r->path, path);
            goto fail;
        }
        for (size_t i = 0; i < cnt; i++) {
            out[i] = strdup(v[i] ? v[i] : "");
            H5free_memory(v[i]);
        }
        free(v);
    } else {
        size_t w = H5Tget_size(t);
        buf = gs_calloc(cnt ? cnt : 1, w, "strings", e);
        if (!buf) goto fail;
        if (cnt && H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
            gs_err_set(e, GS_ERUN, "%s: cannot read %s", r->path, path);
            goto fail;
        }
        for (size_t i = 0; i < cnt; i++) {
            out[i] = malloc(w + 1);
            if (out[i]) {
                memcpy(out[i], buf + i * w, w);
                out[i][w] = 0;
            }
        }
    }
    for (size_t i = 0; i < cnt; i++)
        if (!out[i]) {
            gs_err_set(e, GS_ERUN, "out of memory (strings)");
            gs_h5r_strings_free(out, cnt);
            out = NULL;
            goto done;
        }
    *n = cnt;
    goto done;
fail:
    gs_h5r_strings_free(out, cnt);
    out = NULL;
done:
    H5Eclear2(H5E_DEFAULT);
    free(buf);
    if (t >= 0) H5Tclose(t);
    if (s >= 0) H5Sclose(s);
    H5Dclose(d);
    return out;
}

char *gs_h5r_config(const gs_h5r *r, gs_err *e)
{
    size_t n;
    char **s = gs_h5r_strings(r, "config", &n, e);
    if (!s) return NULL;
    char *text = n == 1 ? s[0] : NULL;
    if (n == 1) s[0] = NULL;
    gs_h5r_strings_free(s, n);
    if (!text) gs_err_set(e, GS_EINPUT, "%s: /config is not a scalar string", r->path);
    return text;
}

typedef struct list_ctx {
    char **names;
    size_t n, cap;
    int oom;
} list_ctx;

static herr_t list_cb(hid_t g, const char *name, const H5L_info_t *info, void *data)
{
    (void)info;
    list_ctx *c = data;
    H5O_info_t oi;
    if (H5Oget_info_by_name(g, name, &oi, H5P_DEFAULT) < 0 || oi.type != H5O_TYPE_DATASET)
        return 0;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 16;
        char **p = realloc(c->names, cap * sizeof *p);
        if (!p) return c->oom = 1, -1;
        c->names = p;
        c->cap = cap;
    }
    if (!(c->names[c->n] = strdup(name))) return c->oom = 1, -1;
    c->n++;
    return 0;
}

char **gs_h5r_list(const gs_h5r *r, const char *group, size_t *n, gs_err *e)
{
    *n = 0;
    list_ctx c = {0};
    if (gs_h5r_has(r, group)) {
        hid_t g = H5Gopen2(r->file, group, H5P_DEFAULT);
        if (g < 0 || H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, NULL, list_cb, &c) < 0) {
            if (g >= 0) H5Gclose(g);
            H5Eclear2(H5E_DEFAULT);
            gs_h5r_strings_free(c.names, c.n);
            gs_err_set(e, c.oom ? GS_ERUN : GS_EINPUT, "%s: cannot list /%s", r->path, group);
            return NULL;
        }
        H5Gclose(g);
    }
    if (!c.names && !(c.names = calloc(1, sizeof *c.names))) {
        gs_err_set(e, GS_ERUN, "out of memory (names)");
        return NULL;
    }
    *n = c.n;
    return c.names;
}
