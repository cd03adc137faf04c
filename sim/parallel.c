/* parallel.c - processes (parallel.h): serial no-ops, or with -DGS_MPI the
 * MPI task farm.  The only file in govsim that includes mpi.h.
 *
 * Protocol (MPI_COMM_WORLD, rank 0 = coordinator and writer):
 *   rank 0 -> worker  TAG_WORK    int64 {first task, count}; count 0 = stop
 *   worker -> rank 0  TAG_RESULT  int64 {first, count} + count packed slots
 *   worker -> rank 0  TAG_ERROR   int32 code + message (GS_ERR_MSG bytes)
 * A worker answers every TAG_WORK with exactly one message, so rank 0
 * always knows whom it waits for.  Chunks are numbered; rank 0 keeps at
 * most WINDOW(nworkers) chunks beyond the next one to commit, so its
 * memory stays bounded when one worker is slow.  After a failure rank 0
 * hands out nothing more, drains the chunks in flight, then stops every
 * worker.  A signal (interrupt.h) is handled the same way, except that it
 * is no failure: the chunks drained are committed in order up to the first
 * task the signal cut (workers see the signal too when mpirun forwards it),
 * and gs_run_result.interrupted is set.  With a journal (resumable
 * commands) rank 0 first replays its recorded tasks, then hands out the
 * rest, and checkpoints after every chunk it commits. */
#include "parallel.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interrupt.h"
#include "run_impl.h"

#ifdef GS_MPI

#include <limits.h>
#include <mpi.h>
#include <signal.h>
#include <time.h>

enum { TAG_WORK = 1, TAG_RESULT = 2, TAG_ERROR = 3 };

/* Tasks per chunk and thread: enough to amortise a message, few enough to
 * balance. */
#define CHUNK_PER_THREAD 8
/* Largest message (bytes): MPI counts are int. */
#define MAX_MESSAGE ((size_t)1 << 30)
#define WINDOW(nw) (2 * (int64_t)(nw) + 2)
#define RESULT_HEADER (2 * sizeof(int64_t))
#define ERROR_BYTES (sizeof(int32_t) + GS_ERR_MSG)

static void finalize_at_exit(void)
{
    int ini = 0, fin = 0;
    MPI_Initialized(&ini);
    MPI_Finalized(&fin);
    if (ini && !fin) MPI_Finalize();
}

int gs_par_init(int *argc, char ***argv)
{
    int provided = 0;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) return -1;
    if (atexit(finalize_at_exit) != 0) return -1;
    if (gs_par_rank() > 0) {
        /* One voice: rank 0 reports for everyone. */
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)) return -1;
    }
    return 0;
}

int gs_par_exit(int rc)
{
    int ini = 0, fin = 0;
    MPI_Initialized(&ini);
    MPI_Finalized(&fin);
    if (rc != 0 && ini && !fin && gs_par_size() > 1) {
        fflush(stdout);
        fflush(stderr);
        MPI_Abort(MPI_COMM_WORLD, rc);
    }
    return rc;
}

int gs_par_rank(void)
{
    int ini = 0, r = 0;
    MPI_Initialized(&ini);
    if (ini) MPI_Comm_rank(MPI_COMM_WORLD, &r);
    return r;
}

int gs_par_size(void)
{
    int ini = 0, n = 1;
    MPI_Initialized(&ini);
    if (ini) MPI_Comm_size(MPI_COMM_WORLD, &n);
    return n;
}

int gs_par_agree(int rc)
{
    int out = rc;
    if (gs_par_size() > 1) MPI_Allreduce(&rc, &out, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return out;
}

int gs_par_is_mpi_build(void)
{
    return 1;
}

static void send_work(int w, int64_t first, int64_t count)
{
    int64_t msg[2] = {first, count};
    MPI_Send(msg, 2, MPI_INT64_T, w, TAG_WORK, MPI_COMM_WORLD);
}

/* Waits for the next message.  MPI_Probe would spin a core at 100% for
 * the whole run (Open MPI polls), taking it from the workers when ranks
 * share a node; polling with a short sleep costs at most a millisecond of
 * latency per chunk. */
static void wait_message(int source, int tag, MPI_Status *st)
{
    int flag = 0;
    long ns = 1000;
    for (;;) {
        MPI_Iprobe(source, tag, MPI_COMM_WORLD, &flag, st);
        if (flag) return;
        struct timespec ts = {0, ns};
        nanosleep(&ts, NULL);
        if (ns < 1000000) ns *= 2;
    }
}

/* The coordinator: hands out chunks, commits in order. */
static int coordinator(const gs_run_spec *s, gs_runner *r, int64_t chunk, gs_run_result *res,
                       gs_err *e)
{
    int size = gs_par_size(), rc = GS_OK;
    int64_t ntasks = s->npoints * s->nreplicates, first0 = s->first_task;
    if (s->journal) { /* resuming: the journal's tasks first, from rank 0 alone */
        rc = gs_runner_replay(r, res, &first0, e);
        if (rc != GS_OK) size = 1; /* hand out nothing: only the stop messages */
    }
    int64_t nchunks = (ntasks - first0 + chunk - 1) / chunk;
    int64_t window = WINDOW(size - 1);
    size_t sb = gs_runner_slot_bytes(r);
    char **ring = gs_calloc((size_t)window, sizeof *ring, "result window", e);
    int64_t *busy = gs_calloc((size_t)size, sizeof *busy, "workers", e);
    if ((!ring || !busy) && rc == GS_OK) {
        rc = GS_ERUN;
        size = 1; /* nothing handed out: only the stop messages below */
    }
    int64_t next_assign = 0, next_commit = 0;
    int nbusy = 0;
    for (int w = 1; w < size; w++)
        busy[w] = -1;

    for (;;) {
        /* Hand out work to every idle worker, within the window. */
        for (int w = 1; w < size && rc == GS_OK; w++) {
            if (gs_intr_pending() || res->interrupted) break; /* stop: drain only */
            if (busy[w] >= 0) continue;
            if (next_assign >= nchunks || next_assign >= next_commit + window) break;
            int64_t first = first0 + next_assign * chunk;
            int64_t count = ntasks - first < chunk ? ntasks - first : chunk;
            send_work(w, first, count);
            busy[w] = next_assign++;
            nbusy++;
        }
        if (nbusy == 0) break;

        MPI_Status st;
        int count = 0;
        wait_message(MPI_ANY_SOURCE, MPI_ANY_TAG, &st);
        MPI_Get_count(&st, MPI_BYTE, &count);
        char *buf = malloc(count > 0 ? (size_t)count : 1);
        if (!buf) {
            /* A message that cannot be received leaves the protocol with no
             * way out: the one place govsim-mpi aborts the job. */
            fprintf(stderr, "govsim: out of memory receiving a result; aborting the MPI job\n");
            MPI_Abort(MPI_COMM_WORLD, GS_ERUN);
        }
        MPI_Recv(buf, count, MPI_BYTE, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        int w = st.MPI_SOURCE;
        int64_t ci = w > 0 && w < size ? busy[w] : -1;
        if (ci < 0) {
            free(buf);
            if (rc == GS_OK) rc = gs_err_set(e, GS_ERUN, "MPI: unexpected message from rank %d", w);
            continue;
        }
        busy[w] = -1;
        nbusy--;
        if (st.MPI_TAG == TAG_ERROR && (size_t)count == ERROR_BYTES) {
            int32_t code;
            memcpy(&code, buf, sizeof code);
            buf[count - 1] = '\0';
            if (rc == GS_OK) rc = gs_err_set(e, code ? code : GS_ERUN, "%s", buf + sizeof code);
            free(buf);
        } else if (st.MPI_TAG == TAG_RESULT && (size_t)count >= RESULT_HEADER) {
            int64_t hdr[2];
            memcpy(hdr, buf, sizeof hdr);
            int64_t want = first0 + ci * chunk;
            if (hdr[0] != want || (size_t)count != RESULT_HEADER + (size_t)hdr[1] * sb) {
                free(buf);
                if (rc == GS_OK)
                    rc = gs_err_set(e, GS_ERUN, "MPI: malformed result from rank %d", w);
            } else if (rc != GS_OK) {
                free(buf);
            } else {
                ring[ci % window] = buf;
            }
        } else {
            free(buf);
            if (rc == GS_OK) rc = gs_err_set(e, GS_ERUN, "MPI: unexpected message from rank %d", w);
        }
        /* Commit every chunk that is next in order. */
        while (rc == GS_OK && !res->interrupted && next_commit < nchunks &&
               ring[next_commit % window]) {
            char *b = ring[next_commit % window];
            int64_t hdr[2];
            memcpy(hdr, b, sizeof hdr);
            for (int64_t t = 0; t < hdr[1] && rc == GS_OK && !res->interrupted; t++) {
                gs_runner_unpack(r, 0, b + RESULT_HEADER + (size_t)t * sb);
                rc = gs_runner_commit(r, 0, res, e);
            }
            free(b);
            ring[next_commit % window] = NULL;
            next_commit++;
            if (rc == GS_OK) rc = gs_runner_checkpoint(r, 0, e);
            gs_runner_progress(r, hdr[0] + hdr[1], 0);
        }
    }
    /* Stopped by a signal before every chunk was handed out. */
    if (rc == GS_OK && !res->interrupted && next_commit < nchunks)
        res->interrupted = gs_intr_pending() ? gs_intr_pending() : SIGTERM;
    if (rc == GS_OK)
        gs_runner_progress(r, res->interrupted ? res->tasks_done + res->tasks_failed : ntasks, 1);
    if (s->journal) {
        int jrc = gs_runner_checkpoint(r, 1, e);
        if (rc == GS_OK) rc = jrc;
    }
    for (int w = 1; w < gs_par_size(); w++)
        send_work(w, 0, 0);
    if (ring)
        for (int64_t i = 0; i < window; i++)
            free(ring[i]);
    free(ring);
    free(busy);
    return rc;
}

/* A worker: executes chunks until told to stop. */
static int worker(const gs_run_spec *s, int64_t chunk, size_t sb)
{
    gs_err e = {0};
    gs_runner *r = gs_runner_alloc(s, chunk, 1, &e);
    char *buf = r ? malloc(RESULT_HEADER + (size_t)chunk * sb) : NULL;
    if (r && !buf) gs_err_set(&e, GS_ERUN, "out of memory (MPI buffer)");
    int rc = e.code;
    for (;;) {
        int64_t msg[2];
        MPI_Status st;
        wait_message(0, TAG_WORK, &st);
        MPI_Recv(msg, 2, MPI_INT64_T, 0, TAG_WORK, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (msg[1] == 0) break;
        if (e.code == GS_OK && (msg[1] > chunk || msg[1] < 0))
            gs_err_set(&e, GS_ERUN, "MPI: chunk of %lld tasks exceeds %lld", (long long)msg[1],
                       (long long)chunk);
        if (e.code == GS_OK) gs_runner_execute(r, msg[0], msg[1], &e);
        if (e.code != GS_OK) {
            char eb[ERROR_BYTES];
            int32_t code = e.code;
            memset(eb, 0, sizeof eb);
            memcpy(eb, &code, sizeof code);
            snprintf(eb + sizeof code, GS_ERR_MSG, "rank %d: %.990s", gs_par_rank(), e.msg);
            MPI_Send(eb, (int)sizeof eb, MPI_BYTE, 0, TAG_ERROR, MPI_COMM_WORLD);
            rc = e.code;
            continue;
        }
        memcpy(buf, msg, sizeof msg);
        for (int64_t t = 0; t < msg[1]; t++)
            gs_runner_pack(r, t, buf + RESULT_HEADER + (size_t)t * sb);
        MPI_Send(buf, (int)(RESULT_HEADER + (size_t)msg[1] * sb), MPI_BYTE, 0, TAG_RESULT,
                 MPI_COMM_WORLD);
    }
    free(buf);
    gs_runner_free(r);
    return rc;
}

int gs_par_run(const gs_run_spec *s, gs_run_result *res, gs_err *e)
{
    int size = gs_par_size();
    int64_t ntasks = s->npoints * s->nreplicates;
    /* Every rank derives the same chunk size from the same inputs.  A probe
     * runner (one slot, no models) gives the packed size of a task. */
    gs_err pe = {0};
    gs_runner *probe = gs_runner_alloc(s, 1, 0, &pe);
    size_t sb = probe ? gs_runner_slot_bytes(probe) : 0;
    int64_t chunk = (int64_t)s->threads * CHUNK_PER_THREAD;
    int64_t left = ntasks - s->first_task, nw = size - 1;
    int64_t balance = (left + 2 * nw - 1) / (2 * nw); /* >= 2 chunks per worker */
    if (chunk > balance) chunk = balance;
    if (sb && chunk > (int64_t)((MAX_MESSAGE - RESULT_HEADER) / sb))
        chunk = (int64_t)((MAX_MESSAGE - RESULT_HEADER) / sb);
    if (chunk < 1) chunk = 1;
    if (sb > MAX_MESSAGE - RESULT_HEADER && pe.code == GS_OK)
        gs_err_set(&pe, GS_EINPUT,
                   "one task's trajectory (%zu bytes) is too large for an MPI message; use "
                   "output.level = shares or fewer output times",
                   sb);
    /* Everyone must agree to go on, or nobody waits for anybody. */
    int rc = gs_par_agree(pe.code);
    if (rc != GS_OK) {
        gs_runner_free(probe);
        if (pe.code) return gs_err_set(e, pe.code, "%s", pe.msg);
        return gs_err_set(e, rc, "another MPI rank failed to start the run");
    }
    if (gs_par_rank() == 0) {
        rc = coordinator(s, probe, chunk, res, e);
    } else {
        /* A worker's failure went to rank 0, which reports it and decides
         * the exit status; the worker itself ends normally. */
        (void)worker(s, chunk, sb);
        rc = GS_OK;
    }
    gs_runner_free(probe);
    return rc;
}

#else /* serial build */

int gs_par_init(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int gs_par_exit(int rc)
{
    return rc;
}

int gs_par_rank(void)
{
    return 0;
}

int gs_par_size(void)
{
    return 1;
}

int gs_par_agree(int rc)
{
    return rc;
}

int gs_par_is_mpi_build(void)
{
    return 0;
}

int gs_par_run(const gs_run_spec *s, gs_run_result *res, gs_err *e)
{
    (void)s;
    (void)res;
    return gs_err_set(e, GS_ERUN, "gs_par_run: this govsim is not an MPI build");
}

#endif
