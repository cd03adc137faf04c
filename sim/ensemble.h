/* ensemble.h - steps the ensemble commands (sweep, compare, sensitivity)
 * share around gs_run(): opening the output on the writing rank only, with
 * every MPI rank agreeing to go on, and closing it with the report of
 * failed tasks. */
#ifndef GS_ENSEMBLE_H
#define GS_ENSEMBLE_H

#include "h5out.h"
#include "run.h"

/* Collective.  rc: this rank's status so far (0, or the exit code of an
 * error it already printed).  On rank 0, when rc is 0, creates the output
 * (*h; other ranks get NULL).  Then all ranks agree: returns 0 when every
 * rank may run, else the exit code (an error is printed once, by rank 0;
 * *h is aborted and NULL). */
int gs_ens_open(int rc, const char *path, int force, const gs_h5_meta *m, gs_h5 **h);

/* After a successful gs_run on rank 0: closes h (when not NULL), prints
 * "wrote PATH", and reports failed tasks on stderr ("N of M tasks failed
 * (listed in /tasks); first: ...").  Returns the exit code: 0, 1 when a
 * task failed, or the close error's code. */
int gs_ens_close(gs_h5 *h, const char *path, const gs_run_result *res);

/* The line that says where the spread comes from, or "" without priors. */
const char *gs_ens_prior_note(const gs_config *c);

#endif
