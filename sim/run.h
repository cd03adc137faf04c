/* run.h - the ensemble runner: executes (point, replicate) tasks on a
 * shared world, in parallel with OpenMP, and commits finished trajectories
 * to the writer in (point, replicate) order, so that the output bytes do
 * not depend on the number of threads.
 *
 * Each task draws from its own Philox streams keyed by (seed, point,
 * replicate): prior draws from GS_RNG_PRIOR, the dynamics from
 * GS_RNG_DYNAMICS.  Nothing random is shared between tasks. */
#ifndef GS_RUN_H
#define GS_RUN_H

#include <stdint.h>

#include "config.h"
#include "err.h"
#include "h5out.h"
#include "traj.h"
#include "world.h"

struct gs_journal;

/* Parameters of one point: the runner calls it (from the main thread only)
 * before running the point's replicates; out starts as the config's
 * parameters.  NULL means every point uses the config's parameters. */
typedef int (*gs_point_fn)(void *ctx, int64_t point, gs_params *out, gs_err *e);

/* Receives each finished task, in (point, replicate) order, on the main
 * thread (after the writer, when there is one).  May be NULL. */
typedef int (*gs_task_fn)(void *ctx, int64_t point, int64_t replicate, const gs_traj *t,
                          const double *prior_values, gs_err *e);

/* Receives each finished task's final state (alignment and track of every
 * nation, n entries each) right after on_task, with the same ctx; failed
 * tasks (t->status != 0 in on_task) pass NULL arrays.  May be NULL. */
typedef int (*gs_final_fn)(void *ctx, int64_t point, int64_t replicate, const uint8_t *alignment,
                           const uint8_t *track, gs_err *e);

typedef struct gs_run_spec {
    const gs_config *config;
    const gs_world *world;
    int64_t npoints, nreplicates;
    uint64_t seed;
    int threads; /* >= 1 */
    int quiet;   /* no progress on stderr */
    int level;   /* GS_OUT_FULL / GS_OUT_SHARES for the trajectories */
    gs_point_fn point_params;
    void *point_ctx;
    gs_task_fn on_task;
    void *task_ctx;
    gs_h5 *out;           /* writer, or NULL */
    int64_t first_task;   /* tasks before this index are skipped (resume) */
    gs_final_fn on_final; /* final states (compare), with task_ctx; may be NULL */
    /* Added to the point index given to the writer only: streams,
     * point_params and the callbacks see points 0..npoints-1 (compare
     * writes scenario B, streams of point 0, as point 1). */
    int64_t write_point_offset;
    /* 1: every point draws from the streams of point 0 (common random
     * numbers across points: sensitivity analysis); 0: streams keyed by
     * the point, as usual. */
    int common_streams;
    /* Checkpoint of a resumable command (journal.h), on the committing
     * rank only, or NULL.  Its first gs_journal_tasks() tasks are replayed
     * from it (written and passed to the callbacks as if just run) instead
     * of being run again; every task committed after them is appended.
     * Needs first_task == 0. */
    struct gs_journal *journal;
} gs_run_spec;

typedef struct gs_run_result {
    int64_t tasks_done, tasks_failed; /* committed (done + failed: in task order) */
    char first_failure[256];
    /* The signal that stopped the run (interrupt.h), 0 when it ran to the
     * end.  The first tasks_done + tasks_failed tasks were committed; the
     * others were not (a task cut mid-way is dropped, not committed). */
    int interrupted;
} gs_run_result;

/* Runs every task of spec.  Task failures (a model error) are recorded in
 * the trajectory's status and counted in res, not returned; the return code
 * is for failures of the run itself (bad events, writer errors, out of
 * memory).  A signal caught by interrupt.h stops it at the next model step:
 * GS_OK with res->interrupted set.
 *
 * Under MPI (govsim-mpi with several ranks; see parallel.h) gs_run is
 * collective: every rank calls it with the same spec; rank 0 commits (its
 * writer and callbacks see every task, res counts them), the other ranks
 * execute tasks and must pass out = NULL; their callbacks are never
 * called and their res stays zero. */
int gs_run(const gs_run_spec *spec, gs_run_result *res, gs_err *e);

/* Bytes of one task's journal payload for spec (its packed result). */
size_t gs_run_task_bytes(const gs_run_spec *spec, gs_err *e);

/* Output times (decimal years) of the config: caller frees. */
double *gs_run_times(const gs_params *p, int32_t *ntimes, gs_err *e);

#endif
