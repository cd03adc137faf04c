/* parallel.h - processes: the one module that knows MPI.
 *
 * parallel.c is compiled twice: plainly for `govsim`, where every function
 * here is a serial no-op (one rank, rank 0), and with -DGS_MPI by mpicc for
 * `govsim-mpi` (tools/build_mpi.sh), where it runs the task farm that
 * gs_run() uses when there are several ranks (run_impl.h: gs_par_run).
 *
 * The farm: every rank runs the same command (loads the same scenario,
 * builds the same world and design: all deterministic), rank 0 alone opens
 * the output.  Rank 0 hands out chunks of consecutive tasks to the other
 * ranks as they become free (dynamic load balancing), receives the finished
 * trajectories, and commits them in task order, holding out-of-order chunks
 * in a bounded window; it is the only writer.  Since a task's streams depend
 * only on (seed, point, replicate), the file is the same, byte for byte, for
 * any number of ranks and threads.  Rank 0 only coordinates: run K + 1
 * ranks for K computing ones, each with -j threads.
 *
 * Ranks other than 0 send their stdout and stderr to /dev/null, so that
 * messages appear once; their failures reach rank 0 as messages. */
#ifndef GS_PARALLEL_H
#define GS_PARALLEL_H

/* Starts MPI (thread level FUNNELED: only the main thread calls MPI) and
 * arranges MPI_Finalize at exit; silences ranks > 0.  Serial build: does
 * nothing.  Call once, first thing in main.  Returns 0, or -1 when MPI
 * cannot start (the caller exits 1). */
int gs_par_init(int *argc, char ***argv);

/* Called with main's exit status: returns it.  With several ranks, a
 * non-zero status ends the whole job (MPI_Abort with that status), because
 * the other ranks may be waiting for this one in a collective step and
 * would otherwise wait forever; a zero status finalizes normally at exit.
 * Serial build: returns rc. */
int gs_par_exit(int rc);

/* This process's rank (0 in the serial build) and the number of ranks. */
int gs_par_rank(void);
int gs_par_size(void);

/* Collective: every rank passes its status; all get the largest (so that a
 * failure on any rank, e.g. rank 0 unable to create the output, stops every
 * rank before gs_run).  Serial build: returns rc. */
int gs_par_agree(int rc);

/* Whether this is an MPI build (for messages). */
int gs_par_is_mpi_build(void);

#endif
