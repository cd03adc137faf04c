/* outlock.c - one writer per output path (outlock.h). */
#include "outlock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

struct gs_lock {
    int fd;     /* -1 when running unlocked (no flock on this file system) */
    char *path; /* PATH.lock */
};

/* "PID COMMAND" of the holder, from the lock file, as "process PID
 * (COMMAND)"; the holder may not have written it yet. */
static void holder_text(int fd, char *buf, size_t len)
{
    char raw[600];
    ssize_t n = pread(fd, raw, sizeof raw - 1, 0);
    if (n <= 0) {
        snprintf(buf, len, "another process");
        return;
    }
    raw[n] = '\0';
    char *nl = strchr(raw, '\n');
    if (nl) *nl = '\0';
    char *end;
    long pid = strtol(raw, &end, 10);
    if (end == raw || pid <= 0) {
        snprintf(buf, len, "another process");
        return;
    }
    while (*end == ' ') end++;
    if (*end)
        snprintf(buf, len, "process %ld (%.400s)", pid, end);
    else
        snprintf(buf, len, "process %ld", pid);
}

gs_lock *gs_lock_take(const char *path, const char *command, gs_err *e)
{
    if (!path || !*path) {
        gs_err_set(e, GS_EINPUT, "output file name is empty");
        return NULL;
    }
    gs_lock *l = gs_calloc(1, sizeof *l, "output lock", e);
    if (!l) return NULL;
    l->fd = -1;
    size_t len = strlen(path) + 6;
    l->path = gs_malloc(len, 1, "output lock", e);
    if (!l->path) goto fail;
    snprintf(l->path, len, "%s.lock", path);

    /* A few rounds: each lost race (the holder removed the file between our
     * open and our flock) costs one. */
    for (int round = 0; round < 20; round++) {
        int fd = open(l->path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) {
            gs_err_set(e, GS_EINPUT, "cannot create %s (to write %s): %s", l->path, path,
                       strerror(errno));
            goto fail;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int err = errno;
            if (err == EWOULDBLOCK) {
                char who[512];
                holder_text(fd, who, sizeof who);
                close(fd);
                gs_err_set(e, GS_EINPUT,
                           "%s.partial is being written by %s; wait or choose another -o", path,
                           who);
                goto fail;
            }
            if (err == ENOLCK || err == EOPNOTSUPP || err == ENOSYS) {
                close(fd); /* no locks here: go on unlocked, leave the file alone */
                free(l->path);
                l->path = NULL;
                return l;
            }
            close(fd);
            gs_err_set(e, GS_ERUN, "%s: cannot lock: %s", l->path, strerror(err));
            goto fail;
        }
        /* Locked.  Still the file the path names?  (The previous holder
         * unlinks it just before releasing.) */
        struct stat a, b;
        if (fstat(fd, &a) != 0 || stat(l->path, &b) != 0 || a.st_dev != b.st_dev ||
            a.st_ino != b.st_ino) {
            close(fd);
            continue;
        }
        char text[600];
        int tl = snprintf(text, sizeof text, "%ld %.500s\n", (long)getpid(),
                          command ? command : "govsim");
        if (tl < 0) tl = 0;
        if ((size_t)tl >= sizeof text) tl = (int)sizeof text - 1;
        /* The text is for messages only: failing to write it is harmless. */
        ssize_t wr = -1;
        if (ftruncate(fd, 0) == 0) wr = pwrite(fd, text, (size_t)tl, 0);
        (void)wr;
        l->fd = fd;
        return l;
    }
    gs_err_set(e, GS_ERUN, "%s: cannot lock: the file keeps changing", l->path);
fail:
    free(l->path);
    free(l);
    return NULL;
}

void gs_lock_release(gs_lock *l)
{
    if (!l) return;
    if (l->fd >= 0) {
        /* Unlink while holding the lock: a waiter that opened this file
         * sees that the path moved on (gs_lock_take's stat check). */
        if (l->path) unlink(l->path);
        close(l->fd);
    }
    free(l->path);
    free(l);
}
