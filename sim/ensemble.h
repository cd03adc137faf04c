/* ensemble.h - steps the simulation commands (run, sweep, compare,
 * sensitivity) share around gs_run(): opening the output on the writing rank
 * only, with every MPI rank agreeing to go on, and closing it with the
 * report of failed tasks; and the reliability rules of an output:
 *
 * - One writer per path: the output's lock (outlock.h) is taken before
 *   anything is created; a second command writing the same path exits 2
 *   naming the process that holds it.
 * - Interruption (interrupt.h): SIGINT/SIGTERM/SIGHUP stop the run at the
 *   next model step.  run and sweep (resumable) leave PATH.partial, a valid
 *   file with root attributes complete = 0 and tasks_done, and PATH.journal
 *   (journal.h), print "interrupted after K of N tasks; resume with: ...
 *   --resume" and exit 128 + signal (130 for SIGINT, 143 for SIGTERM).
 *   compare and sensitivity cannot resume: they remove their .partial and
 *   exit the same way.
 * - --resume: needs PATH.journal written by the same command, config, seed
 *   and govsim build (else one line, exit 2); rebuilds PATH.partial from the
 *   journal and runs the remaining tasks: the finished file is the same,
 *   byte for byte, as an uninterrupted run's.  With no journal: exit 2,
 *   unless PATH is already complete and was made by the same command and
 *   config, which is said and exits 0 (so a loop of `--resume` ends).
 * - Without --resume, a journal left by an interrupted run is not thrown
 *   away silently: exit 2 asking for --resume or --force.
 * - A runtime failure (disk full, file size limit) removes PATH.partial and
 *   keeps the journal when it holds finished tasks: fix the cause, then
 *   --resume.  PATH itself is only ever replaced by the final rename. */
#ifndef GS_ENSEMBLE_H
#define GS_ENSEMBLE_H

#include "cli.h"
#include "h5out.h"
#include "journal.h"
#include "outlock.h"
#include "run.h"

/* The output of one command (on rank 0; other ranks hold nothing). */
typedef struct gs_ens {
    char path[GS_PATH_MAX];
    const gs_opts *o;
    int resumable;       /* run, sweep: journal and --resume */
    int64_t ntasks;
    gs_lock *lock;
    gs_journal *journal; /* resumable commands: pass to the run spec */
    gs_h5 *h;            /* the writer: pass to the run spec */
    int skip;            /* --resume found the output complete: nothing to run */
    char created[32];
} gs_ens;

/* Collective.  rc: this rank's status so far (0, or the exit code of an
 * error it already printed).  On rank 0, when rc is 0: takes the lock,
 * deals with the journal of a resumable command (payload: the spec's
 * gs_run_task_bytes; 0 otherwise), creates the output (x->h; m->created is
 * set when resuming).  Then all ranks agree: returns 0 when every rank may
 * run (x->skip = 1: nothing to run, exit 0), else the exit code (printed
 * once, by rank 0; nothing is left behind).  x need not be initialised. */
int gs_ens_open(int rc, gs_ens *x, const char *path, const gs_opts *o, int resumable,
                gs_h5_meta *m, size_t payload);

/* After gs_run (and after writing any extra tables), on every rank: rc and
 * e are the status so far, res gs_run's counts.  Error: printed, .partial
 * removed, journal kept when useful (see above); returns rc.  Interrupted:
 * as above; returns 128 + signal.  Otherwise closes the output (rename to
 * PATH) and removes the journal; returns 0 or the close error's code.
 * Releases the lock in every case. */
int gs_ens_finish(gs_ens *x, int rc, const gs_err *e, const gs_run_result *res);

/* After a successful gs_ens_finish on rank 0: prints "wrote PATH" and
 * reports failed tasks on stderr ("N of M tasks failed (listed in /tasks);
 * first: ...").  Returns 0, or 1 when a task failed. */
int gs_ens_report(const gs_ens *x, const gs_run_result *res);

/* Releases whatever x still holds (error paths): removes the .partial,
 * closes the journal (removed when it holds no finished task), releases
 * the lock.  Accepts an x that gs_ens_open never saw only when zeroed. */
void gs_ens_abort(gs_ens *x);

/* The line that says where the spread comes from, or "" without priors. */
const char *gs_ens_prior_note(const gs_config *c);

#endif
