/* h5out.h - the HDF5 writer: the only module (with h5read.c) that touches HDF5.
 *
 * One file per command, laid out as DESIGN.md §4.  The file is written to
 * PATH.partial and renamed to PATH by gs_h5_close(); an existing PATH is
 * refused unless force is set.  Tasks must be written in (point, replicate)
 * order so that the bytes do not depend on thread or rank count.  Every
 * object is created with time tracking off; `created` comes from
 * SOURCE_DATE_EPOCH when set. */
#ifndef GS_H5OUT_H
#define GS_H5OUT_H

#include <stdint.h>

#include "config.h"
#include "err.h"
#include "traj.h"
#include "world.h"

/* Everything the file says about how it was made, and its shape. */
typedef struct gs_h5_meta {
    const gs_world *world;
    const gs_config *config;   /* resolved config (parameters of point 0 for sweeps) */
    const char *config_text;   /* gs_config_text(config, 0): stored and hashed */
    const char *command;       /* command line without -j/-o/-q/--force */
    const char *scenario;      /* scenario path as given */
    uint64_t seed;
    int64_t npoints, nreplicates;
    int32_t ntimes;
    const double *times;       /* ntimes decimal years */
    int level;                 /* GS_OUT_FULL or GS_OUT_SHARES */
    /* sweeps: nsweep keys, values[k * npoints + point]; 0 for a run */
    int32_t nsweep;
    const char *const *sweep_keys;
    const double *sweep_values;
    /* priors: nprior keys whose per-(point, replicate) draws are stored under
     * /prior/<key> [point, replicate]; 0 when none */
    int32_t nprior;
    const char *const *prior_keys;
    /* the `created` attribute ("YYYY-MM-DDTHH:MM:SSZ"), or NULL for now
     * (gs_h5_created); --resume passes the interrupted run's time, so the
     * resumed file is the same, byte for byte, as an uninterrupted one */
    const char *created;
    /* threads that may compute /summary when a point is complete outside
     * any parallel region (at close); 0 or 1: the calling thread only.
     * HDF5 itself is only ever called from the calling thread. */
    int threads;
} gs_h5_meta;

/* One applied event, for /events. */
typedef struct gs_h5_event {
    int64_t point, replicate;
    double time;
    const char *name, *key, *subset;
    double old_value, new_value;
} gs_h5_event;

typedef struct gs_h5 gs_h5;

/* Creates PATH.partial and writes the static parts (root attributes,
 * /config, coordinates with dimension scales, nation attributes, edges,
 * /sweep).  Fails with GS_EINPUT when PATH exists and !force (nothing is
 * touched), GS_ERUN on an I/O error (the .partial is removed). */
gs_h5 *gs_h5_create(const char *path, int force, const gs_h5_meta *meta, gs_err *e);

/* Writes one finished task.  prior_values: the nprior drawn values of this
 * task (NULL when nprior == 0).  Tasks must come in (point, replicate) order;
 * a failed task (t->status != 0) is recorded in /tasks with its message and
 * its data left as fill values. */
int gs_h5_write_task(gs_h5 *h, int64_t point, int64_t replicate, const gs_traj *t,
                     const double *prior_values, gs_err *e);

/* Appends applied events (any order; sorted by point, replicate, time when
 * written at close). */
int gs_h5_add_events(gs_h5 *h, const gs_h5_event *ev, size_t n, gs_err *e);

/* Writes /summary/<var> (stat = mean, q05, q50, q95, mcse over replicates,
 * per point and time), /events and /tasks, the root attributes complete = 1,
 * tasks_done and tasks_total, flushes, closes and renames PATH.partial to
 * PATH.  On failure the .partial is removed.  Frees h. */
int gs_h5_close(gs_h5 *h, gs_err *e);

/* Closes and removes PATH.partial (after an error elsewhere).  Frees h;
 * accepts NULL. */
void gs_h5_abort(gs_h5 *h);

/* After an interruption: writes what gs_h5_close writes (summaries over the
 * tasks written so far, /events, /tasks with status 2 = pending for the
 * tasks never written, /prior) with root attributes complete = 0 and
 * tasks_done = the number of tasks written, and closes PATH.partial
 * without renaming it: a valid, readable file that says how far it got.
 * On failure the .partial is removed.  Frees h. */
int gs_h5_close_partial(gs_h5 *h, gs_err *e);

/* The `created` text for now: SOURCE_DATE_EPOCH when set, else the clock,
 * as "YYYY-MM-DDTHH:MM:SSZ".  GS_EINPUT when SOURCE_DATE_EPOCH is bad. */
int gs_h5_created(char buf[32], gs_err *e);

/* ---- extra tables (implemented in sim/h5extra.c) -------------------------
 * For commands that store results beyond the trajectories (compare,
 * sensitivity).  Call between the last gs_h5_write_task and gs_h5_close.
 * Every object is created with time tracking off; strings follow this
 * writer's conventions (fixed-length UTF-8 datasets with _Encoding,
 * variable-length UTF-8 attributes).  group is a path below the root
 * ("compare", "" for the root) and is created when missing.  All return
 * GS_ERUN with "PATH: cannot write ...: reason" on failure. */

/* float64 dataset group/name of the given rank (1..4) and dims; axis k is
 * attached to the dimension scale at the absolute path dim_names[k] (an
 * existing coordinate: "/region", "/option", or one made by
 * gs_h5_write_strings).  long_name may be NULL. */
int gs_h5_write_table(gs_h5 *h, const char *group, const char *name, int rank,
                      const int64_t *dims, const char *const *dim_names, const double *data,
                      const char *long_name, gs_err *e);

/* n strings as a fixed-length UTF-8 dataset group/name [n]; when as_scale,
 * it becomes the dimension scale (coordinate) called name. */
int gs_h5_write_strings(gs_h5 *h, const char *group, const char *name, int64_t n,
                        const char *const *strings, int as_scale, const char *long_name,
                        gs_err *e);

/* A scalar UTF-8 string dataset at group/name (e.g. "", "config_b"). */
int gs_h5_write_text(gs_h5 *h, const char *group, const char *name, const char *text,
                     const char *long_name, gs_err *e);

/* A string attribute name = value on the object at path ("/" = root). */
int gs_h5_write_attr(gs_h5 *h, const char *path, const char *name, const char *value,
                     gs_err *e);

/* The HDF5 file id (hid_t) of h, for sim/h5extra.c only; -1 when h is NULL. */
long long gs_h5_file_id(gs_h5 *h);

#endif
