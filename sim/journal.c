/* journal.c - the checkpoint of a resumable command (journal.h).
 *
 * Records are buffered (at most about GS_JOURNAL_BUFFER bytes, at least one
 * record) and written with one pwrite per checkpoint; their checksums are
 * computed when they are written, after the runner has filled them.  The
 * checksum is a 64-bit multiply-xorshift hash: it guards against torn and
 * zero-filled tails, not against an adversary, and runs at memory speed. */
#include "journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sha256.h"
#include "version.h"

#define MAGIC "GSJRNL\0\1"
#define FORMAT 1u
#define ENDIAN_MARK 0x01020304u
#define GS_JOURNAL_BUFFER ((size_t)1 << 20)
#define REC_OVERHEAD 16 /* int64 task + uint64 checksum */

/* Header field offsets. */
enum {
    H_MAGIC = 0,
    H_FORMAT = 8,
    H_HEADER = 12,
    H_RECORD = 16,
    H_PAYLOAD = 24,
    H_NPOINTS = 32,
    H_NREPS = 40,
    H_SEED = 48,
    H_FORCE = 56,
    H_ENDIAN = 60,
    H_IDENTITY = 64,
    H_CREATED = 96,
    H_COMMAND = 128,
    H_SUM = GS_JOURNAL_HEADER - 8
};
_Static_assert(H_COMMAND + GS_JOURNAL_COMMAND <= H_SUM, "journal header fields overlap");

struct gs_journal {
    char *path;
    int fd;
    uint64_t payload, record;   /* bytes */
    int64_t ntasks;             /* records in the file */
    int64_t nbuf, capbuf;       /* records waiting in buf */
    unsigned char *buf;         /* capbuf records */
    unsigned char *rbuf;        /* one record, for reads */
    double last_sync;           /* monotonic seconds */
};

static uint64_t mix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

/* 64-bit checksum of n bytes, chained from h. */
static uint64_t sum64(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (; n >= 8; n -= 8, b += 8) {
        uint64_t w;
        memcpy(&w, b, 8);
        h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
        h ^= h >> 29;
    }
    uint64_t w = 0;
    memcpy(&w, b, n);
    h = (h ^ w ^ ((uint64_t)n << 56)) * 0x9E3779B97F4A7C15ULL;
    return mix64(h);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---- identity ---------------------------------------------------------- */

static void feed(gs_sha256 *s, const void *p, size_t n)
{
    uint64_t len = n;
    gs_sha256_update(s, &len, sizeof len);
    if (n) gs_sha256_update(s, p, n);
}
static void feed_str(gs_sha256 *s, const char *t)
{
    feed(s, t ? t : "", t ? strlen(t) : 0);
}
static void feed_u64(gs_sha256 *s, uint64_t v)
{
    feed(s, &v, sizeof v);
}
/* Large arrays go through the fast checksum (a world of 10^7 nations). */
static void feed_array(gs_sha256 *s, const void *p, size_t n)
{
    feed_u64(s, p ? sum64(n, p, n) : 0);
}

void gs_journal_identity(const gs_h5_meta *m, uint64_t payload, uint8_t out[32])
{
    gs_sha256 s;
    gs_sha256_init(&s);
    feed_str(&s, "govsim-journal-1");
    feed_str(&s, gs_version);
    feed_str(&s, gs_git_commit);
    feed_str(&s, m->command);
    feed_str(&s, m->scenario);
    feed_str(&s, m->config_text);
    feed_u64(&s, m->seed);
    feed_u64(&s, (uint64_t)m->npoints);
    feed_u64(&s, (uint64_t)m->nreplicates);
    feed_u64(&s, (uint64_t)m->ntimes);
    feed(&s, m->times, (size_t)m->ntimes * sizeof *m->times);
    feed_u64(&s, (uint64_t)m->level);
    feed_u64(&s, (uint64_t)m->nsweep);
    for (int32_t k = 0; k < m->nsweep; k++) feed_str(&s, m->sweep_keys[k]);
    if (m->nsweep > 0)
        feed_array(&s, m->sweep_values,
                   (size_t)m->nsweep * (size_t)m->npoints * sizeof *m->sweep_values);
    feed_u64(&s, (uint64_t)m->nprior);
    for (int32_t k = 0; k < m->nprior; k++) feed_str(&s, m->prior_keys[k]);
    feed_u64(&s, payload);
    const gs_world *w = m->world;
    if (w) {
        size_t n = (size_t)w->n;
        feed_u64(&s, n);
        feed_u64(&s, (uint64_t)w->nregions);
        feed_str(&s, w->source);
        feed_array(&s, w->iso3, n * sizeof *w->iso3);
        feed_array(&s, w->region, n * sizeof *w->region);
        for (int a = 0; a < GS_NATTR; a++) feed_array(&s, w->attr[a], n * sizeof(double));
        feed_array(&s, w->init_align, n);
        feed_array(&s, w->init_track, n);
        for (int l = 0; l < GS_NLAYER; l++) {
            const gs_csr *c = &w->layer[l];
            feed_u64(&s, c->rowptr ? (uint64_t)c->rowptr[n] : 0);
            if (!c->rowptr) continue;
            feed_array(&s, c->rowptr, (n + 1) * sizeof *c->rowptr);
            feed_array(&s, c->col, (size_t)c->rowptr[n] * sizeof *c->col);
            feed_array(&s, c->w, (size_t)c->rowptr[n] * sizeof *c->w);
        }
    }
    gs_sha256_final(&s, out);
}

/* ---- header ------------------------------------------------------------ */

static void put32(unsigned char *b, int off, uint32_t v) { memcpy(b + off, &v, 4); }
static void put64(unsigned char *b, int off, uint64_t v) { memcpy(b + off, &v, 8); }
static uint32_t get32(const unsigned char *b, int off)
{
    uint32_t v;
    memcpy(&v, b + off, 4);
    return v;
}
static uint64_t get64(const unsigned char *b, int off)
{
    uint64_t v;
    memcpy(&v, b + off, 8);
    return v;
}

static uint64_t record_bytes(uint64_t payload)
{
    return payload + REC_OVERHEAD;
}

/* Writes all n bytes at off (pwrite may write less). */
static int write_all(int fd, const void *p, size_t n, off_t off)
{
    const char *c = p;
    while (n) {
        ssize_t w = pwrite(fd, c, n, off);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (w == 0) {
            errno = EIO;
            return -1;
        }
        c += w;
        n -= (size_t)w;
        off += w;
    }
    return 0;
}

/* Reads all n bytes at off; 1 when the file ends first, -1 on error. */
static int read_all(int fd, void *p, size_t n, off_t off)
{
    char *c = p;
    while (n) {
        ssize_t r = pread(fd, c, n, off);
        if (r < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (r == 0) return 1;
        c += r;
        n -= (size_t)r;
        off += r;
    }
    return 0;
}

static gs_journal *journal_new(const char *path, uint64_t payload, gs_err *e)
{
    gs_journal *j = gs_calloc(1, sizeof *j, "journal", e);
    if (!j) return NULL;
    j->fd = -1;
    j->payload = payload;
    j->record = record_bytes(payload);
    j->path = strdup(path);
    j->capbuf = (int64_t)(GS_JOURNAL_BUFFER / j->record);
    if (j->capbuf < 1) j->capbuf = 1;
    j->buf = gs_malloc((size_t)j->capbuf, (size_t)j->record, "journal buffer", e);
    j->rbuf = gs_malloc(1, (size_t)j->record, "journal buffer", e);
    if (!j->path || !j->buf || !j->rbuf) {
        gs_err_set(e, GS_ERUN, "out of memory (journal)");
        gs_journal_close(j);
        return NULL;
    }
    j->last_sync = now_seconds();
    return j;
}

/* fsync of the directory holding path, so that a new file's name survives
 * a power cut.  Best effort: some file systems refuse it. */
static void sync_dir(const char *path)
{
    char *d = strdup(path);
    if (!d) return;
    char *slash = strrchr(d, '/');
    const char *dir = ".";
    if (slash == d)
        dir = "/";
    else if (slash) {
        *slash = '\0';
        dir = d;
    }
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(d);
}

gs_journal *gs_journal_create(const char *path, const gs_journal_head *h, gs_err *e)
{
    if (!path || !h || !h->payload) {
        gs_err_set(e, GS_ERUN, "gs_journal_create: bad arguments");
        return NULL;
    }
    gs_journal *j = journal_new(path, h->payload, e);
    if (!j) return NULL;
    unsigned char hb[GS_JOURNAL_HEADER];
    memset(hb, 0, sizeof hb);
    memcpy(hb + H_MAGIC, MAGIC, 8);
    put32(hb, H_FORMAT, FORMAT);
    put32(hb, H_HEADER, GS_JOURNAL_HEADER);
    put64(hb, H_RECORD, j->record);
    put64(hb, H_PAYLOAD, j->payload);
    put64(hb, H_NPOINTS, h->npoints);
    put64(hb, H_NREPS, h->nreplicates);
    put64(hb, H_SEED, h->seed);
    put32(hb, H_FORCE, h->force ? 1u : 0u);
    put32(hb, H_ENDIAN, ENDIAN_MARK);
    memcpy(hb + H_IDENTITY, h->identity, 32);
    memcpy(hb + H_CREATED, h->created, strnlen(h->created, 31));
    memcpy(hb + H_COMMAND, h->command, strnlen(h->command, GS_JOURNAL_COMMAND - 1));
    put64(hb, H_SUM, sum64(0, hb, H_SUM));

    j->fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (j->fd < 0) {
        gs_err_set(e, GS_ERUN, "%s: cannot create: %s", path, strerror(errno));
        goto fail;
    }
    if (write_all(j->fd, hb, sizeof hb, 0) != 0 || fdatasync(j->fd) != 0) {
        gs_err_set(e, GS_ERUN, "%s: write failed: %s", path, strerror(errno));
        goto fail;
    }
    sync_dir(path);
    return j;
fail:
    if (j->fd >= 0) unlink(path);
    gs_journal_close(j);
    return NULL;
}

gs_journal *gs_journal_open(const char *path, gs_journal_head *h, int *empty, gs_err *e)
{
    *empty = 0;
    memset(h, 0, sizeof *h);
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        gs_err_set(e, GS_EINPUT, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    unsigned char hb[GS_JOURNAL_HEADER];
    if (fstat(fd, &st) != 0) {
        gs_err_set(e, GS_EINPUT, "%s: cannot read: %s", path, strerror(errno));
        close(fd);
        return NULL;
    }
    if (st.st_size < GS_JOURNAL_HEADER) {
        /* killed while writing the header (it starts with the magic), or
         * some other file */
        size_t n = st.st_size < 8 ? (size_t)st.st_size : 8;
        int ours = read_all(fd, hb, n, 0) == 0 && memcmp(hb, MAGIC, n) == 0;
        close(fd);
        if (!ours) {
            gs_err_set(e, GS_EINPUT, "%s: not a govsim journal", path);
            return NULL;
        }
        *empty = 1;
        return NULL;
    }
    int r = read_all(fd, hb, sizeof hb, 0);
    if (r != 0) {
        gs_err_set(e, GS_EINPUT, "%s: cannot read: %s", path, r < 0 ? strerror(errno) : "short");
        close(fd);
        return NULL;
    }
    if (memcmp(hb + H_MAGIC, MAGIC, 8) != 0 || get32(hb, H_HEADER) != GS_JOURNAL_HEADER) {
        gs_err_set(e, GS_EINPUT, "%s: not a govsim journal", path);
        close(fd);
        return NULL;
    }
    if (get32(hb, H_FORMAT) != FORMAT || get32(hb, H_ENDIAN) != ENDIAN_MARK) {
        gs_err_set(e, GS_EINPUT, "%s: written by another govsim version or machine type", path);
        close(fd);
        return NULL;
    }
    uint64_t payload = get64(hb, H_PAYLOAD);
    if (get64(hb, H_SUM) != sum64(0, hb, H_SUM) || payload == 0 ||
        get64(hb, H_RECORD) != record_bytes(payload)) {
        gs_err_set(e, GS_EINPUT, "%s: damaged journal header", path);
        close(fd);
        return NULL;
    }
    memcpy(h->identity, hb + H_IDENTITY, 32);
    h->npoints = get64(hb, H_NPOINTS);
    h->nreplicates = get64(hb, H_NREPS);
    h->seed = get64(hb, H_SEED);
    h->payload = payload;
    h->force = get32(hb, H_FORCE) != 0;
    memcpy(h->created, hb + H_CREATED, 31);
    h->created[31] = '\0';
    memcpy(h->command, hb + H_COMMAND, GS_JOURNAL_COMMAND - 1);
    h->command[GS_JOURNAL_COMMAND - 1] = '\0';

    gs_journal *j = journal_new(path, payload, e);
    if (!j) {
        close(fd);
        return NULL;
    }
    j->fd = fd;
    /* Count the intact records; the first torn one ends the journal. */
    uint64_t max = (uint64_t)(st.st_size - GS_JOURNAL_HEADER) / j->record;
    uint64_t total = h->npoints * h->nreplicates;
    if (max > total) max = total;
    int64_t k = 0;
    for (; (uint64_t)k < max; k++) {
        off_t off = (off_t)GS_JOURNAL_HEADER + (off_t)k * (off_t)j->record;
        if (read_all(fd, j->rbuf, (size_t)j->record, off) != 0) break;
        int64_t task;
        uint64_t sum;
        memcpy(&task, j->rbuf, 8);
        memcpy(&sum, j->rbuf + j->record - 8, 8);
        if (task != k || sum != sum64(0, j->rbuf, (size_t)j->record - 8)) break;
    }
    j->ntasks = k;
    off_t end = (off_t)GS_JOURNAL_HEADER + (off_t)k * (off_t)j->record;
    if (end < st.st_size && ftruncate(fd, end) != 0) {
        gs_err_set(e, GS_EINPUT, "%s: cannot cut the torn tail: %s", path, strerror(errno));
        gs_journal_close(j);
        return NULL;
    }
    return j;
}

int64_t gs_journal_tasks(const gs_journal *j)
{
    return j ? j->ntasks : 0;
}

const char *gs_journal_path(const gs_journal *j)
{
    return j ? j->path : "";
}

const void *gs_journal_read(gs_journal *j, int64_t k, gs_err *e)
{
    if (!j || k < 0 || k >= j->ntasks - j->nbuf) {
        gs_err_set(e, GS_ERUN, "gs_journal_read: record %lld out of range", (long long)k);
        return NULL;
    }
    off_t off = (off_t)GS_JOURNAL_HEADER + (off_t)k * (off_t)j->record;
    int r = read_all(j->fd, j->rbuf, (size_t)j->record, off);
    if (r != 0) {
        gs_err_set(e, GS_ERUN, "%s: read failed: %s", j->path, r < 0 ? strerror(errno) : "short");
        return NULL;
    }
    uint64_t sum;
    memcpy(&sum, j->rbuf + j->record - 8, 8);
    if (sum != sum64(0, j->rbuf, (size_t)j->record - 8)) {
        gs_err_set(e, GS_ERUN, "%s: record %lld changed on disk", j->path, (long long)k);
        return NULL;
    }
    return j->rbuf + 8;
}

/* Writes the buffered records (checksums first). */
static int flush(gs_journal *j, gs_err *e)
{
    if (!j->nbuf) return GS_OK;
    for (int64_t i = 0; i < j->nbuf; i++) {
        unsigned char *rec = j->buf + (size_t)i * j->record;
        uint64_t sum = sum64(0, rec, (size_t)j->record - 8);
        memcpy(rec + j->record - 8, &sum, 8);
    }
    int64_t first = j->ntasks - j->nbuf;
    off_t off = (off_t)GS_JOURNAL_HEADER + (off_t)first * (off_t)j->record;
    if (write_all(j->fd, j->buf, (size_t)j->nbuf * (size_t)j->record, off) != 0)
        return gs_err_set(e, GS_ERUN, "%s: write failed: %s", j->path, strerror(errno));
    j->nbuf = 0;
    return GS_OK;
}

void *gs_journal_reserve(gs_journal *j, int64_t task, gs_err *e)
{
    if (!j || task != j->ntasks) {
        gs_err_set(e, GS_ERUN, "journal: task %lld out of order", (long long)task);
        return NULL;
    }
    if (j->nbuf == j->capbuf && flush(j, e) != GS_OK) return NULL;
    unsigned char *rec = j->buf + (size_t)j->nbuf * j->record;
    memcpy(rec, &task, 8);
    j->nbuf++;
    j->ntasks++;
    return rec + 8;
}

int gs_journal_checkpoint(gs_journal *j, int sync, gs_err *e)
{
    if (!j) return GS_OK;
    int rc = flush(j, e);
    if (rc != GS_OK) return rc;
    double t = now_seconds();
    if (sync || t - j->last_sync >= GS_JOURNAL_SYNC_SECONDS) {
        if (fdatasync(j->fd) != 0)
            return gs_err_set(e, GS_ERUN, "%s: write failed: %s", j->path, strerror(errno));
        j->last_sync = t;
    }
    return GS_OK;
}

void gs_journal_close(gs_journal *j)
{
    if (!j) return;
    if (j->fd >= 0) close(j->fd);
    free(j->path);
    free(j->buf);
    free(j->rbuf);
    free(j);
}
