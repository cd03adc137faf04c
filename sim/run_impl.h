/* run_impl.h - the runner's pieces, for the MPI task farm (parallel.c)
 * only; commands use run.h.
 *
 * A gs_runner owns the per-thread model workspaces and a batch of task
 * slots.  gs_runner_execute() fills slots 0..nb-1 with consecutive tasks and
 * runs them (OpenMP); gs_runner_commit() hands one slot to the writer and
 * the callbacks.  Between ranks a slot travels as the bytes of
 * gs_runner_pack() (same architecture on every rank: raw native bytes). */
#ifndef GS_RUN_IMPL_H
#define GS_RUN_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "run.h"

typedef struct gs_runner gs_runner;

/* Slots for batch tasks; models for spec->threads workers when
 * with_models (a pure coordinator needs none). */
gs_runner *gs_runner_alloc(const gs_run_spec *s, int64_t batch, int with_models, gs_err *e);
void gs_runner_free(gs_runner *r); /* accepts NULL */

int64_t gs_runner_batch(const gs_runner *r);

/* Runs tasks first..first+nb-1 (nb <= batch) into slots 0..nb-1; point
 * parameters come from the spec's callback on the calling thread.  Fails
 * only when that callback fails (model errors mark the task). */
int gs_runner_execute(gs_runner *r, int64_t first, int64_t nb, gs_err *e);

/* Commits slot b: writer, event log, on_task and on_final, counts in res,
 * and the spec's journal.  A slot whose task was cut by a signal is not
 * committed: res->interrupted is set instead (the caller stops there). */
int gs_runner_commit(gs_runner *r, int64_t b, gs_run_result *res, gs_err *e);

/* With a journal: commits its recorded tasks (0..K-1) from it, in order,
 * without appending them again; *next = K (0 without a journal). */
int gs_runner_replay(gs_runner *r, gs_run_result *res, int64_t *next, gs_err *e);

/* With a journal: hands the tasks committed since the last call to the
 * kernel (sync: and to the disk).  A no-op without one. */
int gs_runner_checkpoint(gs_runner *r, int sync, gs_err *e);

/* Bytes of one packed slot, and the packing itself. */
size_t gs_runner_slot_bytes(const gs_runner *r);
void gs_runner_pack(const gs_runner *r, int64_t b, void *buf);
void gs_runner_unpack(gs_runner *r, int64_t b, const void *buf);

/* Progress line on stderr (nothing when quiet or not a terminal). */
void gs_runner_progress(const gs_runner *r, int64_t done, int final);

/* The MPI task farm (parallel.c): rank 0 hands out chunks of tasks and
 * commits results in task order; other ranks execute.  Collective: every
 * rank calls it with the same spec.  Only called when there are several
 * ranks. */
int gs_par_run(const gs_run_spec *s, gs_run_result *res, gs_err *e);

#endif
