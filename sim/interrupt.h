/* interrupt.h - graceful stop on SIGINT, SIGTERM and SIGHUP.
 *
 * A command that can stop cleanly (run, sweep, compare, sensitivity)
 * installs the handler just before it opens its output.  The handler only
 * records the signal in a volatile sig_atomic_t; the runner polls it between
 * model steps and between tasks (run.c), commits the tasks finished so far
 * in order, and returns with gs_run_result.interrupted set, so that the
 * command can leave a resumable file and exit 128 + signal.
 *
 * The handler is installed with SA_RESETHAND: a second signal of the same
 * kind takes its default action (a user pressing Ctrl-C twice means "now").
 * Signals ignored when govsim started (nohup, a background job of a shell
 * without job control) stay ignored, as make and the shells do.
 *
 * The flag is process-wide state, the one mutable static of the module: a
 * signal handler has no other place to leave a mark. */
#ifndef GS_INTERRUPT_H
#define GS_INTERRUPT_H

/* Installs the handler for SIGINT, SIGTERM and SIGHUP (each unless it was
 * ignored at startup) and clears the flag.  Async-signal-safe handler;
 * call from the main thread. */
void gs_intr_install(void);

/* The signal received since gs_intr_install (the first one), or 0.  Cheap:
 * one volatile read; any thread may call it. */
int gs_intr_pending(void);

/* Sets the flag as if signal sig had arrived (tests, and the MPI
 * coordinator when a worker saw the signal first). */
void gs_intr_set(int sig);

/* Clears the flag (tests). */
void gs_intr_clear(void);

#endif
