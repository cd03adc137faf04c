/* h5extra.c - extra tables in an output file (h5out.h, "extra tables"):
 * the results of compare and sensitivity, beside the trajectories the
 * writer lays out.  Follows the writer's conventions (see h5out.c): time
 * tracking off on every object, fixed-length NULLPAD UTF-8 string datasets
 * with _Encoding = "utf-8", variable-length UTF-8 attributes, and every axis
 * attached to a dimension scale so that xarray (h5netcdf) names it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>
#include <hdf5_hl.h>

#include "h5out.h"
#include "h5util.h"

/* "FILE: cannot write WHAT: reason" (gs_h5u_reason: HDF5's innermost error,
 * or the system error behind it). */
static int fail(hid_t file, const char *what, gs_err *e)
{
    char why[256], name[512] = "?";
    gs_h5u_reason(why);
    H5Eclear2(H5E_DEFAULT);
    if (file >= 0) H5Fget_name(file, name, sizeof name);
    return gs_err_set(e, GS_ERUN, "%s: cannot write %s: %s", name, what, why);
}

/* Opens group (creating it, time tracking off, when missing); "" = root. */
static hid_t group_open(hid_t file, const char *group)
{
    if (!group || !*group) return H5Gopen2(file, "/", H5P_DEFAULT);
    htri_t ex = H5Lexists(file, group, H5P_DEFAULT);
    if (ex > 0) return H5Gopen2(file, group, H5P_DEFAULT);
    if (ex < 0) return -1;
    return gs_h5u_group(file, group);
}

/* A contiguous dataset with time tracking off (rank 0: scalar). */
static hid_t dataset_create(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims)
{
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE), s = -1, d = -1;
    if (dcpl < 0) return -1;
    if (H5Pset_obj_track_times(dcpl, 0) < 0) goto done;
    s = rank ? H5Screate_simple(rank, dims, NULL) : H5Screate(H5S_SCALAR);
    if (s < 0) goto done;
    d = H5Dcreate2(loc, name, type, s, H5P_DEFAULT, dcpl, H5P_DEFAULT);
done:
    if (s >= 0) H5Sclose(s);
    H5Pclose(dcpl);
    return d;
}

int gs_h5_write_table(gs_h5 *h, const char *group, const char *name, int rank, const int64_t *dims,
                      const char *const *dim_names, const double *data, const char *long_name,
                      gs_err *e)
{
    hid_t file = (hid_t)gs_h5_file_id(h);
    if (file < 0 || !name || rank < 1 || rank > 4 || !dims || !dim_names || !data)
        return gs_err_set(e, GS_ERUN, "gs_h5_write_table: bad arguments");
    hsize_t hd[4];
    size_t total = 1;
    for (int k = 0; k < rank; k++) {
        if (dims[k] < 0) return gs_err_set(e, GS_ERUN, "gs_h5_write_table: negative size");
        hd[k] = (hsize_t)dims[k];
        total *= (size_t)dims[k];
    }
    hid_t g = group_open(file, group), d = -1, sc[4] = {-1, -1, -1, -1};
    int rc = -1;
    if (g < 0) goto done;
    d = dataset_create(g, name, H5T_IEEE_F64LE, rank, hd);
    if (d < 0) goto done;
    if (total && H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) goto done;
    if (long_name && gs_h5u_attr_str(d, "long_name", long_name) < 0) goto done;
    for (int k = 0; k < rank; k++)
        if ((sc[k] = H5Dopen2(file, dim_names[k], H5P_DEFAULT)) < 0) goto done;
    if (gs_h5u_attach(d, rank, sc) < 0) goto done;
    rc = 0;
done:
    for (int k = 0; k < rank; k++)
        if (sc[k] >= 0) H5Dclose(sc[k]);
    if (d >= 0) H5Dclose(d);
    if (g >= 0) H5Gclose(g);
    return rc ? fail(file, name, e) : GS_OK;
}

int gs_h5_write_strings(gs_h5 *h, const char *group, const char *name, int64_t n,
                        const char *const *strings, int as_scale, const char *long_name, gs_err *e)
{
    hid_t file = (hid_t)gs_h5_file_id(h);
    if (file < 0 || !name || n < 0 || (n && !strings))
        return gs_err_set(e, GS_ERUN, "gs_h5_write_strings: bad arguments");
    size_t width = 1;
    for (int64_t i = 0; i < n; i++) {
        size_t l = strings[i] ? strlen(strings[i]) : 0;
        if (l > width) width = l;
    }
    char *buf = calloc(n ? (size_t)n : 1, width);
    hid_t g = group_open(file, group), t = gs_h5u_str_type(width), d = -1;
    hsize_t dim = (hsize_t)n;
    int rc = -1;
    if (!buf || g < 0 || t < 0) goto done;
    for (int64_t i = 0; i < n; i++)
        if (strings[i]) memcpy(buf + (size_t)i * width, strings[i], strlen(strings[i]));
    d = dataset_create(g, name, t, 1, &dim);
    if (d < 0 || (n && H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) ||
        gs_h5u_attr_str(d, "_Encoding", "utf-8") < 0)
        goto done;
    if (as_scale && H5DSset_scale(d, name) < 0) goto done;
    if (long_name && gs_h5u_attr_str(d, "long_name", long_name) < 0) goto done;
    rc = 0;
done:
    free(buf);
    if (d >= 0) H5Dclose(d);
    if (t >= 0) H5Tclose(t);
    if (g >= 0) H5Gclose(g);
    return rc ? fail(file, name, e) : GS_OK;
}

int gs_h5_write_text(gs_h5 *h, const char *group, const char *name, const char *text,
                     const char *long_name, gs_err *e)
{
    hid_t file = (hid_t)gs_h5_file_id(h);
    if (file < 0 || !name || !text)
        return gs_err_set(e, GS_ERUN, "gs_h5_write_text: bad arguments");
    size_t len = strlen(text);
    hid_t g = group_open(file, group), t = gs_h5u_str_type(len), d = -1;
    int rc = -1;
    if (g < 0 || t < 0) goto done;
    d = dataset_create(g, name, t, 0, NULL);
    if (d < 0) goto done;
    /* A zero-length text is stored as one NUL byte (HDF5 has no 0-width
     * strings), which readers decode as "". */
    char zero = '\0';
    if (H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, len ? text : &zero) < 0 ||
        gs_h5u_attr_str(d, "_Encoding", "utf-8") < 0 ||
        (long_name && gs_h5u_attr_str(d, "long_name", long_name) < 0))
        goto done;
    rc = 0;
done:
    if (d >= 0) H5Dclose(d);
    if (t >= 0) H5Tclose(t);
    if (g >= 0) H5Gclose(g);
    return rc ? fail(file, name, e) : GS_OK;
}

int gs_h5_write_attr(gs_h5 *h, const char *path, const char *name, const char *value, gs_err *e)
{
    hid_t file = (hid_t)gs_h5_file_id(h);
    if (file < 0 || !path || !name)
        return gs_err_set(e, GS_ERUN, "gs_h5_write_attr: bad arguments");
    hid_t o = H5Oopen(file, path, H5P_DEFAULT);
    int rc = o < 0 || gs_h5u_attr_str(o, name, value) < 0 ? -1 : 0;
    if (o >= 0) H5Oclose(o);
    return rc ? fail(file, name, e) : GS_OK;
}
