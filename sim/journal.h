/* journal.h - the checkpoint of a resumable command (run, sweep).
 *
 * Beside PATH.partial the runner keeps PATH.journal: a header saying which
 * output it belongs to, then one fixed-size record per finished task, in
 * task order (point-major), each holding the task's whole result (the
 * runner's packed slot: trajectories, prior draws, applied events, status
 * and message) and a checksum.  A SIGKILL or a power cut in the middle of
 * an HDF5 write can leave PATH.partial unreadable; the journal is enough to
 * rebuild it: `--resume` re-creates PATH.partial from scratch, writes the
 * journal's tasks in order, then runs the rest, and the finished file is the
 * same, byte for byte, as the one an uninterrupted run writes.
 *
 * Format (native byte order: resume on the machine type that wrote it):
 *   header  GS_JOURNAL_HEADER bytes: magic "GSJRNL\0\1", format version,
 *           sizes, npoints, nreplicates, seed, --force, the identity digest
 *           (SHA-256 of everything besides the tasks that decides the
 *           output's bytes: program version and commit, command, config
 *           text, shape, sweep values, world), the output's `created`
 *           time, the command line (for messages), a checksum.
 *   record  int64 task index, payload, uint64 checksum of both.
 * A record is torn when the file ends inside it or its checksum or index is
 * wrong; it and everything after it are dropped at open.
 *
 * Durability: records are handed to the kernel (write) after every batch of
 * tasks, so a killed process loses only the batch it was running; they are
 * forced to disk (fdatasync) when at least GS_JOURNAL_SYNC_SECONDS passed
 * since the last time, and when the run stops, so that a power cut loses at
 * most about that much work while tiny tasks do not pay a disk flush each. */
#ifndef GS_JOURNAL_H
#define GS_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "h5out.h"

#define GS_JOURNAL_HEADER 4096
#define GS_JOURNAL_SYNC_SECONDS 1.0
#define GS_JOURNAL_COMMAND 3900 /* bytes of the command line kept in the header */

typedef struct gs_journal gs_journal;

/* What a journal belongs to. */
typedef struct gs_journal_head {
    uint8_t identity[32];         /* gs_journal_identity() */
    uint64_t npoints, nreplicates;
    uint64_t seed;
    uint64_t payload;             /* bytes of one task's payload */
    int force;                    /* the command had --force: PATH may be replaced */
    char created[32];             /* the output's `created` attribute */
    char command[GS_JOURNAL_COMMAND]; /* command line, for messages (truncated) */
} gs_journal_head;

/* The identity digest of the output m describes, for tasks of payload
 * bytes each. */
void gs_journal_identity(const gs_h5_meta *m, uint64_t payload, uint8_t out[32]);

/* Creates (or truncates) path with header h and forces it to disk (file
 * and directory).  GS_ERUN "PATH: cannot create: REASON" on failure. */
gs_journal *gs_journal_create(const char *path, const gs_journal_head *h, gs_err *e);

/* Opens path to resume: reads the header into *h, counts the valid records
 * (gs_journal_tasks) and cuts a torn tail off.  When the file is shorter
 * than a header (killed while creating it: nothing finished), returns NULL
 * with e untouched and *empty = 1.  GS_EINPUT "PATH: REASON" when it cannot
 * be read or is not an intact govsim journal. */
gs_journal *gs_journal_open(const char *path, gs_journal_head *h, int *empty, gs_err *e);

/* Number of finished tasks recorded: 0..K-1. */
int64_t gs_journal_tasks(const gs_journal *j);

/* The payload of record k < gs_journal_tasks() (valid until the next
 * call). */
const void *gs_journal_read(gs_journal *j, int64_t k, gs_err *e);

/* Space for the payload of the next task, which must be task number
 * gs_journal_tasks(): the caller fills payload bytes there before the next
 * journal call.  NULL with e set on a write failure. */
void *gs_journal_reserve(gs_journal *j, int64_t task, gs_err *e);

/* Hands the reserved records to the kernel; forces them to disk when
 * sync, or when GS_JOURNAL_SYNC_SECONDS have passed since the last time.
 * GS_ERUN "PATH: write failed: REASON" (e.g. "File too large"). */
int gs_journal_checkpoint(gs_journal *j, int sync, gs_err *e);

/* The journal's path. */
const char *gs_journal_path(const gs_journal *j);

/* Closes the file (it stays; records not yet checkpointed are dropped) and
 * frees j; accepts NULL. */
void gs_journal_close(gs_journal *j);

#endif
