/* ensemble.c - shared steps of the simulation commands (ensemble.h). */
#include "ensemble.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd_common.h"
#include "h5read.h"
#include "parallel.h"
#include "sha256.h"
#include "version.h"

/* gs_par_agree value for "nothing to do": larger than any exit code a
 * rank may bring, so that every rank ends (rank 0 alone decides it). */
#define ENS_SKIP 1000

static void journal_path(const gs_ens *x, char *buf, size_t len)
{
    snprintf(buf, len, "%s.journal", x->path);
}

/* Whether the complete file at path is the output m describes: same
 * command, config, seed and govsim build (then, by the determinism rule,
 * it holds the same bytes an uninterrupted run would write). */
static int same_output(const char *path, const gs_h5_meta *m)
{
    gs_err e = {0};
    gs_h5r *r = gs_h5r_open(path, &e);
    if (!r) return 0;
    char sha[65], buf[GS_JOURNAL_COMMAND], seed[32];
    const char *text = m->config_text ? m->config_text : "";
    gs_sha256_hex(text, strlen(text), sha);
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)m->seed);
    int same = 1;
    struct {
        const char *name, *want;
    } attrs[] = {{"command", m->command},       {"config_sha256", sha}, {"seed", seed},
                 {"govsim_version", gs_version}, {"git_commit", gs_git_commit}};
    for (size_t i = 0; i < sizeof attrs / sizeof attrs[0] && same; i++)
        same = gs_h5r_attr(r, attrs[i].name, buf, sizeof buf) == 0 &&
               !strcmp(buf, attrs[i].want ? attrs[i].want : "");
    /* files from before the attribute existed are complete by construction */
    if (same && gs_h5r_attr(r, "complete", buf, sizeof buf) == 0) same = !strcmp(buf, "1");
    gs_h5r_close(r);
    return same;
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 || errno != ENOENT;
}

static int fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "govsim: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    return code;
}

/* The journal of a resumable command, before its output is created.
 * Returns 0 (x->journal set, or x->skip), or the printed error's code;
 * *force is the --force the output is created with. */
static int journal_setup(gs_ens *x, gs_h5_meta *m, size_t payload, int *force)
{
    const gs_opts *o = x->o;
    char jp[GS_PATH_MAX + 16];
    journal_path(x, jp, sizeof jp);
    gs_err e = {0};
    gs_journal_head head;
    memset(&head, 0, sizeof head);
    gs_journal_identity(m, payload, head.identity);
    int have = exists(jp);

    if (o->resume && !have) {
        if (exists(x->path)) {
            if (same_output(x->path, m)) {
                printf("govsim: %s is already complete; nothing to resume\n", x->path);
                x->skip = 1;
                return 0;
            }
            return fail(GS_EINPUT,
                        "%s exists and was made by another command, config or govsim build; "
                        "nothing to resume (--force without --resume overwrites it)",
                        x->path);
        }
        return fail(GS_EINPUT, "%s: no interrupted run to resume (run without --resume to start)",
                    jp);
    }
    if (o->resume) {
        int empty = 0;
        gs_journal *j = gs_journal_open(jp, &head, &empty, &e);
        if (!j && !empty) return gs_cmd_report(&e);
        if (j) {
            uint8_t id[32];
            gs_journal_identity(m, payload, id);
            if (memcmp(id, head.identity, 32) != 0 || head.payload != payload ||
                head.npoints != (uint64_t)m->npoints ||
                head.nreplicates != (uint64_t)m->nreplicates) {
                gs_journal_close(j);
                return fail(GS_EINPUT,
                            "%s belongs to another run (%s), or to another config, seed or "
                            "govsim build; --force without --resume starts over",
                            jp, head.command);
            }
            if (gs_journal_tasks(j) == x->ntasks && exists(x->path) &&
                same_output(x->path, m)) {
                /* killed after the final rename, before the journal went */
                gs_journal_close(j);
                unlink(jp);
                printf("govsim: %s is already complete; nothing to resume\n", x->path);
                x->skip = 1;
                return 0;
            }
            memcpy(x->created, head.created, sizeof x->created);
            x->created[sizeof x->created - 1] = '\0';
            m->created = x->created;
            *force = head.force || o->force;
            x->journal = j;
            return 0;
        }
        /* empty: killed while writing the header; nothing finished: start
         * over as a new run with the same --force */
        head.force = o->force;
    } else if (have && !o->force) {
        return fail(GS_EINPUT,
                    "%s holds the finished tasks of an interrupted run: add --resume to finish "
                    "it, or --force to start over",
                    jp);
    } else {
        head.force = o->force;
    }
    *force = head.force;
    /* the checks gs_h5_create makes, before a journal exists */
    struct stat st;
    if (stat(x->path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) return fail(GS_EINPUT, "%s: is a directory", x->path);
        if (!head.force) return fail(GS_EINPUT, "%s exists; use --force to overwrite", x->path);
    }
    if (gs_h5_created(x->created, &e) != GS_OK) return gs_cmd_report(&e);
    m->created = x->created;
    head.npoints = (uint64_t)m->npoints;
    head.nreplicates = (uint64_t)m->nreplicates;
    head.seed = m->seed;
    head.payload = payload;
    memcpy(head.created, x->created, sizeof head.created);
    snprintf(head.command, sizeof head.command, "%s", m->command ? m->command : "");
    x->journal = gs_journal_create(jp, &head, &e);
    if (!x->journal) {
        /* an unwritable place is the user's to fix, like gs_h5_create's */
        if (e.code == GS_ERUN && strstr(e.msg, "cannot create")) e.code = GS_EINPUT;
        return gs_cmd_report(&e);
    }
    return 0;
}

int gs_ens_open(int rc, gs_ens *x, const char *path, const gs_opts *o, int resumable,
                gs_h5_meta *m, size_t payload)
{
    memset(x, 0, sizeof *x);
    x->o = o;
    x->resumable = resumable;
    snprintf(x->path, sizeof x->path, "%s", path ? path : "");
    if (rc == 0 && gs_par_rank() == 0) {
        gs_err e = {0};
        x->ntasks = m->npoints * m->nreplicates;
        int force = o->force;
        x->lock = gs_lock_take(x->path, o->command_line, &e);
        if (!x->lock) rc = gs_cmd_report(&e);
        if (rc == 0 && resumable) {
            if (payload == 0)
                rc = gs_cli_fail(GS_ERUN, "cannot size the journal");
            else
                rc = journal_setup(x, m, payload, &force);
        }
        if (rc == 0 && !x->skip) {
            x->h = gs_h5_create(x->path, force, m, &e);
            if (!x->h) rc = gs_cmd_report(&e);
        }
        if (rc == 0 && x->skip) rc = ENS_SKIP;
    }
    int all = gs_par_agree(rc);
    if (all == ENS_SKIP) {
        gs_ens_abort(x);
        x->skip = 1;
        return 0;
    }
    if (all != 0) {
        gs_ens_abort(x);
        return rc ? rc : all;
    }
    return 0;
}

/* s, shell-quoted when it needs it, into buf. */
static void quote(const char *s, char *buf, size_t len)
{
    if (!strpbrk(s, " \t'\"$\\`;&|<>*?()[]{}!#~") && *s) {
        snprintf(buf, len, "%s", s);
        return;
    }
    size_t k = 0;
    if (k + 1 < len) buf[k++] = '\'';
    for (const char *c = s; *c && k + 5 < len; c++) {
        if (*c == '\'') {
            memcpy(buf + k, "'\\''", 4);
            k += 4;
        } else {
            buf[k++] = *c;
        }
    }
    if (k + 1 < len) buf[k++] = '\'';
    buf[k] = '\0';
}

/* Closes the journal; removes its file when remove. */
static void journal_drop(gs_ens *x, int remove)
{
    if (!x->journal) return;
    char jp[GS_PATH_MAX + 16];
    journal_path(x, jp, sizeof jp);
    gs_journal_close(x->journal);
    x->journal = NULL;
    if (remove) unlink(jp);
}

int gs_ens_finish(gs_ens *x, int rc, const gs_err *e, const gs_run_result *res)
{
    if (gs_par_rank() != 0) return rc ? gs_cmd_report(e) : 0;
    int64_t k = res ? res->tasks_done + res->tasks_failed : 0;
    gs_err ce = {0};
    if (rc == GS_OK && res && res->interrupted) {
        int sig = res->interrupted;
        if (x->resumable) {
            /* the .partial says how far it got; the journal is the
             * checkpoint (already forced to disk by gs_run) */
            int crc = gs_h5_close_partial(x->h, &ce);
            x->h = NULL;
            journal_drop(x, 0);
            if (crc != GS_OK) gs_cmd_report(&ce);
            char q[GS_PATH_MAX * 4 + 8];
            quote(x->path, q, sizeof q);
            fprintf(stderr,
                    "govsim: interrupted after %lld of %lld tasks; resume with: %s -o %s "
                    "--resume\n",
                    (long long)k, (long long)x->ntasks,
                    x->o->command_line ? x->o->command_line : "govsim", q);
        } else {
            gs_h5_abort(x->h);
            x->h = NULL;
            fprintf(stderr,
                    "govsim: interrupted after %lld of %lld tasks; nothing written (%s cannot "
                    "resume)\n",
                    (long long)k, (long long)x->ntasks, x->o->cmd);
        }
        gs_lock_release(x->lock);
        x->lock = NULL;
        return 128 + sig;
    }
    if (rc == GS_OK) {
        rc = gs_h5_close(x->h, &ce);
        x->h = NULL;
        e = &ce;
    }
    if (rc != GS_OK) {
        gs_h5_abort(x->h); /* removes the .partial */
        x->h = NULL;
        /* A runtime failure (disk full, file size limit) after finished
         * tasks: they stay in the journal for --resume.  An input error
         * would change the config, and with it the journal's identity. */
        int keep = x->journal && gs_journal_tasks(x->journal) > 0 && e && e->code == GS_ERUN;
        if (keep) {
            char jp[GS_PATH_MAX + 16];
            journal_path(x, jp, sizeof jp);
            fprintf(stderr, "govsim: %s (finished tasks kept in %s: fix the cause, then add --resume)\n",
                    e->msg[0] ? e->msg : "unknown error", jp);
        } else {
            gs_cmd_report(e);
        }
        journal_drop(x, !keep);
        gs_lock_release(x->lock);
        x->lock = NULL;
        return e && e->code ? e->code : GS_ERUN;
    }
    journal_drop(x, 1); /* after the rename: the output is complete */
    gs_lock_release(x->lock);
    x->lock = NULL;
    return GS_OK;
}

int gs_ens_report(const gs_ens *x, const gs_run_result *res)
{
    if (gs_par_rank() != 0) return 0;
    printf("\n  wrote %s\n", x->path);
    if (res->tasks_failed) {
        fprintf(stderr, "govsim: %lld of %lld tasks failed (listed in /tasks); first: %s\n",
                (long long)res->tasks_failed, (long long)(res->tasks_failed + res->tasks_done),
                res->first_failure);
        return 1;
    }
    return 0;
}

void gs_ens_abort(gs_ens *x)
{
    if (!x) return;
    gs_h5_abort(x->h);
    x->h = NULL;
    journal_drop(x, gs_journal_tasks(x->journal) == 0);
    gs_lock_release(x->lock);
    x->lock = NULL;
}

const char *gs_ens_prior_note(const gs_config *c)
{
    return c->npriors ? " (bands include parameter uncertainty from [prior])" : "";
}
