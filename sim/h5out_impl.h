/* h5out_impl.h - the inside of a gs_h5 writer, shared by h5out.c (results,
 * /summary, tasks, close) and h5meta.c (the file's description written at
 * create: root attributes, coordinates and dimension scales, nation data,
 * edges, sweep values).  Private to sim/h5*.c: exposes HDF5 types. */
#ifndef GS_H5OUT_IMPL_H
#define GS_H5OUT_IMPL_H

#include <stdint.h>

#include <hdf5.h>
#include <hdf5_hl.h>

#include "h5chunk.h"
#include "h5out.h"
#include "h5util.h"

/* Dimensions (root-level dimension scales). */
enum { D_POINT, D_REPLICATE, D_TIME, D_NATION, D_OPTION, D_TRACK, D_REGION, D_STAT, D_EDGE, ND };

/* Per-task result variables: [point, replicate, time, inner...]. */
enum {
    V_ALIGNMENT,
    V_PROB,
    V_STANDARD,
    V_SHARE_COUNT,
    V_SHARE_POPULATION,
    V_SHARE_GDP,
    V_SHARE_GLOBAL_SOUTH,
    V_SHARE_REGION,
    V_STANDARD_SHARE,
    V_INTEROPERABILITY,
    V_ASSORTATIVITY,
    V_MODULARITY,
    V_SWITCHES,
    NVAR
};
enum { T_U8, T_F32, T_F64 };

typedef struct ev_rec {
    int64_t point, replicate;
    double time;
    char *name, *key, *subset;
    double old_value, new_value;
    size_t seq; /* arrival order: ties keep it */
} ev_rec;

struct gs_h5 {
    char *path, *partial;
    int force;
    hid_t file;
    hid_t scale[ND];
    hsize_t dimlen[ND];
    int level;
    int64_t P, R;
    int32_t T;
    hid_t dset[NVAR];      /* -1 when omitted */
    hsize_t chunk[NVAR][5], schunk[NVAR][5]; /* chunk shapes of dset[v], sdset[v] */
    int direct[NVAR], sdirect[NVAR]; /* whole chunks of dset[v], sdset[v] via gs_h5c_write */
    size_t row[NVAR];      /* elements per replicate row: T * inner */
    void *buf[NVAR];       /* block buffer: rc rows (NULL when sbuf holds them) */
    int64_t rc;            /* replicates per block (= chunk) */
    int64_t blk_point, blk_r0, blk_lo, blk_hi; /* rows lo..hi received; blk_point < 0: empty */
    int64_t last_point, last_rep;
    hid_t sdset[NVAR];     /* /summary/<var>, -1 when none */
    double *sbuf[NVAR];    /* [R][T][inner] of point spoint, also the block's rows
                            * of those variables; all NULL: read back */
    void *sarena;          /* one allocation behind every sbuf[v] */
    int64_t srow;          /* sbuf rows 0..srow-1 hold point spoint (values or NaN) */
    gs_h5c *zc;            /* whole chunks, when written directly (else NULL) */
    double *sout, *swork;  /* [GS_NSTAT][T][inner] slab, [threads][5R] gs_summary workspaces */
    int threads;           /* for the statistics of a complete point (meta) */
    int64_t spoint, snext; /* point held in sbuf (-1 none); first point not summarised */
    uint8_t *status;       /* [P*R], 255 = never written */
    char **message;        /* [P*R], NULL when none */
    int32_t nprior;
    char **prior_keys;
    double *prior;         /* [nprior][P*R] */
    ev_rec *ev;
    size_t nev, capev;
    /* dimension scales: attachments of each scale[d] made by attach() and
     * not yet in its REFERENCE_LIST (gs_h5m_dims_flush), in call order, and
     * the scale's object reference (0 = not made yet) */
    gs_h5u_dsref *pend[ND];
    size_t npend[ND], cappend[ND];
    hobj_ref_t scale_ref[ND];
};

/* One line for a failed HDF5 call: "PATH.partial: cannot write WHAT: why". */
static inline int h5_fail(gs_h5 *h, const char *what, gs_err *e)
{
    char why[256];
    gs_h5u_reason(why);
    H5Eclear2(H5E_DEFAULT);
    return gs_err_set(e, GS_ERUN, "%s: cannot write %s: %s", h ? h->partial : "?", what, why);
}

/* h5meta.c */
/* Axis i of dataset d (fresh: no DIMENSION_LIST yet; 1 <= rank <= 5)
 * attached to the root-level scale h->scale[axes[i]], as rank calls
 * H5DSattach_scale(d, scale, i) would leave it, except that the scales'
 * REFERENCE_LIST entries wait in h->pend until gs_h5m_dims_flush: d's
 * DIMENSION_LIST is written here.  Returns 0, or -1 with the HDF5 error
 * stack set. */
int gs_h5m_attach(gs_h5 *h, hid_t d, int rank, const int *axes);
/* Appends the waiting entries to each scale's REFERENCE_LIST.  Call before
 * anything else can attach to a root-level scale (gs_h5u_attach in
 * h5extra.c) and before the scales are closed, so that every list holds
 * its entries in the order of the attachments.  Returns 0 or -1 (HDF5
 * error stack set; the file is then to be abandoned). */
int gs_h5m_dims_flush(gs_h5 *h);
/* Frees the waiting lists (h5_free). */
void gs_h5m_dims_free(gs_h5 *h);

/* Attaches the root-level scale of each axis to dataset d: see
 * gs_h5m_attach. */
static inline int attach(hid_t d, gs_h5 *h, int rank, const int *axes)
{
    return gs_h5m_attach(h, d, rank, axes);
}

/* A dimension scale holding 0..n-1 (written in slabs). */
hid_t gs_h5m_index_scale(gs_h5 *h, const char *name, size_t n, const char *long_name);
/* Undirected edges over all layers (each stored once). */
int64_t gs_h5m_edge_count(const gs_world *w);
/* The parts of the file written at create; each returns 0, or -1 with the
 * HDF5 error stack set (the caller reports it with h5_fail). */
int gs_h5m_root_attrs(gs_h5 *h, const gs_h5_meta *m, const char *created);
int gs_h5m_coordinates(gs_h5 *h, const gs_h5_meta *m);
int gs_h5m_nation_data(gs_h5 *h, const gs_world *w);
int gs_h5m_edges_write(gs_h5 *h, const gs_world *w);
int gs_h5m_sweep_write(gs_h5 *h, const gs_h5_meta *m);

#endif
