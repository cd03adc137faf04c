/* outlock.h - one writer per output path.
 *
 * Before a command creates PATH.partial (or touches PATH.journal) it takes an
 * exclusive kernel lock (flock) on PATH.lock, a small file holding the
 * holder's pid and command line.  A second command writing the same path
 * finds the lock taken and refuses, naming the holder.  The lock is the
 * kernel's, not the file's existence: a lock file left by a killed process
 * (SIGKILL, power cut) does not block anybody, because the kernel dropped
 * the lock with the process.  The holder removes the file when it releases
 * the lock; a process that locked a file just removed by its holder sees
 * that the path now names another file (or none) and tries again.
 *
 * On a file system without flock support (ENOLCK, EOPNOTSUPP: some NFS
 * mounts) the command goes on unlocked rather than refusing to work. */
#ifndef GS_OUTLOCK_H
#define GS_OUTLOCK_H

#include "err.h"

typedef struct gs_lock gs_lock;

/* Takes the lock of output path for a command described by command (stored
 * in the lock file for the message of a second writer).  Fails with
 * GS_EINPUT: "PATH.partial is being written by process PID (COMMAND); wait
 * or choose another -o" when another process holds it, or "cannot create
 * PATH.lock (to write PATH): REASON" when the directory is not writable. */
gs_lock *gs_lock_take(const char *path, const char *command, gs_err *e);

/* Removes the lock file and releases the lock; accepts NULL.  (Exiting
 * releases the lock too; only the file would stay behind.) */
void gs_lock_release(gs_lock *l);

#endif
