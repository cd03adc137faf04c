/* test_journal.c - the checkpoint of resumable commands (journal.c) and
 * the runner's interruption (run.c, interrupt.c): records survive a close
 * and reopen byte for byte; a torn or corrupted tail is cut at the first bad
 * record; foreign, empty and damaged files are told apart; the identity
 * digest changes with anything that changes the output; a signal stops a
 * run at a batch boundary with the finished tasks committed and journaled,
 * and a run resumed from the journal hands the callbacks exactly what an
 * uninterrupted run does. */
#include "gs_test.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../sim/config.h"
#include "../../sim/interrupt.h"
#include "../../sim/journal.h"
#include "../../sim/run.h"
#include "world_fixture.h"

#define PAYLOAD 100

static const char *jpath(const char *name)
{
    static char buf[4][512];
    static int slot;
    char *b = buf[slot++ % 4];
    snprintf(b, 512, "%s/%s", gs_test_dir(), name);
    unlink(b);
    return b;
}

static void head_make(gs_journal_head *h, uint64_t payload)
{
    memset(h, 0, sizeof *h);
    for (int i = 0; i < 32; i++) h->identity[i] = (uint8_t)(i * 7 + 1);
    h->npoints = 3;
    h->nreplicates = 4;
    h->seed = 99;
    h->payload = payload;
    h->force = 1;
    strcpy(h->created, "1970-01-01T00:00:00Z");
    strcpy(h->command, "govsim sweep x.ini --vary a=1,2,3");
}

static void fill(unsigned char *p, int64_t task)
{
    for (int i = 0; i < PAYLOAD; i++) p[i] = (unsigned char)(task * 31 + i);
}

/* Writes n records 0..n-1 to a new journal at path. */
static void write_records(const char *path, int64_t n)
{
    gs_journal_head h;
    head_make(&h, PAYLOAD);
    gs_err e = {0};
    gs_journal *j = gs_journal_create(path, &h, &e);
    assert_non_null(j);
    for (int64_t k = 0; k < n; k++) {
        unsigned char *p = gs_journal_reserve(j, k, &e);
        assert_non_null(p);
        fill(p, k);
    }
    assert_int_equal(gs_journal_checkpoint(j, 1, &e), GS_OK);
    gs_journal_close(j);
}

static long file_size(const char *path)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return (long)st.st_size;
}

static void roundtrip(void **state)
{
    (void)state;
    const char *p = jpath("rt.journal");
    write_records(p, 5);
    assert_int_equal(file_size(p), GS_JOURNAL_HEADER + 5 * (PAYLOAD + 16));
    gs_journal_head h, want;
    head_make(&want, PAYLOAD);
    int empty = 1;
    gs_err e = {0};
    gs_journal *j = gs_journal_open(p, &h, &empty, &e);
    assert_non_null(j);
    assert_int_equal(empty, 0);
    assert_int_equal(gs_journal_tasks(j), 5);
    assert_memory_equal(h.identity, want.identity, 32);
    assert_int_equal(h.npoints, 3);
    assert_int_equal(h.nreplicates, 4);
    assert_int_equal(h.seed, 99);
    assert_int_equal(h.payload, PAYLOAD);
    assert_int_equal(h.force, 1);
    assert_string_equal(h.created, want.created);
    assert_string_equal(h.command, want.command);
    unsigned char expect[PAYLOAD];
    for (int64_t k = 0; k < 5; k++) {
        const void *r = gs_journal_read(j, k, &e);
        assert_non_null(r);
        fill(expect, k);
        assert_memory_equal(r, expect, PAYLOAD);
    }
    assert_null(gs_journal_read(j, 5, &e)); /* not recorded */
    /* appending continues where the journal ends; out of order is refused */
    gs_err oe = {0};
    assert_null(gs_journal_reserve(j, 7, &oe));
    assert_int_equal(oe.code, GS_ERUN);
    unsigned char *r = gs_journal_reserve(j, 5, &e);
    assert_non_null(r);
    fill(r, 5);
    assert_int_equal(gs_journal_checkpoint(j, 0, &e), GS_OK);
    gs_journal_close(j);
    j = gs_journal_open(p, &h, &empty, &e);
    assert_non_null(j);
    assert_int_equal(gs_journal_tasks(j), 6);
    fill(expect, 5);
    assert_memory_equal(gs_journal_read(j, 5, &e), expect, PAYLOAD);
    gs_journal_close(j);
}

static void torn_tail(void **state)
{
    (void)state;
    const char *p = jpath("torn.journal");
    long rec = PAYLOAD + 16;
    write_records(p, 4);
    assert_int_equal(truncate(p, GS_JOURNAL_HEADER + 4 * rec - 3), 0);
    gs_journal_head h;
    int empty;
    gs_err e = {0};
    gs_journal *j = gs_journal_open(p, &h, &empty, &e);
    assert_non_null(j);
    assert_int_equal(gs_journal_tasks(j), 3);
    gs_journal_close(j);
    assert_int_equal(file_size(p), GS_JOURNAL_HEADER + 3 * rec); /* tail cut */

    /* a flipped byte in record 1: records 1 and 2 go */
    FILE *f = fopen(p, "r+b");
    assert_non_null(f);
    fseek(f, GS_JOURNAL_HEADER + rec + 20, SEEK_SET);
    int c = fgetc(f);
    fseek(f, GS_JOURNAL_HEADER + rec + 20, SEEK_SET);
    fputc(c ^ 0x10, f);
    fclose(f);
    j = gs_journal_open(p, &h, &empty, &e);
    assert_non_null(j);
    assert_int_equal(gs_journal_tasks(j), 1);
    gs_journal_close(j);

    /* a zero-filled tail (a power cut after the size grew) is torn too */
    f = fopen(p, "ab");
    assert_non_null(f);
    for (long i = 0; i < 2 * rec; i++) fputc(0, f);
    fclose(f);
    j = gs_journal_open(p, &h, &empty, &e);
    assert_non_null(j);
    assert_int_equal(gs_journal_tasks(j), 1);
    gs_journal_close(j);
}

static void bad_files(void **state)
{
    (void)state;
    gs_journal_head h;
    int empty;
    gs_err e = {0};
    assert_null(gs_journal_open(jpath("missing.journal"), &h, &empty, &e));
    assert_int_equal(e.code, GS_EINPUT);
    assert_int_equal(empty, 0);

    /* killed while writing the header: empty, no error */
    const char *p = gs_test_write("short.journal", "GSJRNL");
    gs_err e2 = {0};
    assert_null(gs_journal_open(p, &h, &empty, &e2));
    assert_int_equal(e2.code, 0);
    assert_int_equal(empty, 1);
    p = gs_test_write("zero.journal", "");
    assert_null(gs_journal_open(p, &h, &empty, &e2));
    assert_int_equal(e2.code, 0);
    assert_int_equal(empty, 1);

    /* somebody else's file, short or long */
    p = gs_test_write("foreign.journal", "hello");
    gs_err e3 = {0};
    assert_null(gs_journal_open(p, &h, &empty, &e3));
    assert_int_equal(e3.code, GS_EINPUT);
    assert_non_null(strstr(e3.msg, "not a govsim journal"));
    char *big = malloc(8000);
    assert_non_null(big);
    memset(big, 'x', 7999);
    big[7999] = '\0';
    p = gs_test_write("foreign2.journal", big);
    free(big);
    gs_err e4 = {0};
    assert_null(gs_journal_open(p, &h, &empty, &e4));
    assert_non_null(strstr(e4.msg, "not a govsim journal"));

    /* a damaged header */
    const char *q = jpath("hdr.journal");
    write_records(q, 2);
    FILE *f = fopen(q, "r+b");
    assert_non_null(f);
    fseek(f, 200, SEEK_SET); /* inside the command text */
    fputc('!', f);
    fclose(f);
    gs_err e5 = {0};
    assert_null(gs_journal_open(q, &h, &empty, &e5));
    assert_int_equal(e5.code, GS_EINPUT);
    assert_non_null(strstr(e5.msg, "damaged journal header"));
}

/* ---- identity ------------------------------------------------------------- */

static void identity_changes(void **state)
{
    (void)state;
    gs_world *w = fx_world(8);
    double times[3] = {2025.5, 2026, 2026.5}, sweep[2] = {0.5, 1.0};
    const char *keys[1] = {"cn.budget"};
    gs_h5_meta m = {.world = w,
                    .config_text = "[scenario]\nsteps = 2\n",
                    .command = "govsim sweep x.ini --vary cn.budget=0.5,1",
                    .scenario = "x.ini",
                    .seed = 1,
                    .npoints = 2,
                    .nreplicates = 3,
                    .ntimes = 3,
                    .times = times,
                    .level = GS_OUT_SHARES,
                    .nsweep = 1,
                    .sweep_keys = keys,
                    .sweep_values = sweep};
    uint8_t a[32], b[32];
    gs_journal_identity(&m, 500, a);
    gs_journal_identity(&m, 500, b);
    assert_memory_equal(a, b, 32);
    gs_h5_meta v = m;
    v.seed = 2;
    gs_journal_identity(&v, 500, b);
    assert_memory_not_equal(a, b, 32);
    v = m;
    v.config_text = "[scenario]\nsteps = 3\n";
    gs_journal_identity(&v, 500, b);
    assert_memory_not_equal(a, b, 32);
    double sweep2[2] = {0.5, 1.5};
    v = m;
    v.sweep_values = sweep2;
    gs_journal_identity(&v, 500, b);
    assert_memory_not_equal(a, b, 32);
    gs_journal_identity(&m, 501, b);
    assert_memory_not_equal(a, b, 32);
    w->attr[GS_A_POPULATION][3] += 1; /* the world changed under the same config */
    gs_journal_identity(&m, 500, b);
    assert_memory_not_equal(a, b, 32);
    fx_free(w);
}

/* ---- runner: interruption and resume ---------------------------------------- */

#define NP 3
#define NR 20
#define NT (NP * NR)

typedef struct rec {
    double share[NT][3];
    int status[NT];
    int64_t seen, order_ok, last_task;
    int64_t stop_at; /* raise the interrupt flag when this task commits; -1 never */
} rec;

static int on_task(void *ctx, int64_t point, int64_t replicate, const gs_traj *t,
                   const double *prior_values, gs_err *e)
{
    (void)prior_values;
    (void)e;
    rec *r = ctx;
    int64_t task = point * NR + replicate;
    if (task == r->last_task + 1) r->order_ok++;
    r->last_task = task;
    r->seen++;
    r->status[task] = t->status;
    memcpy(r->share[task], t->share_count + (size_t)(t->nt - 1) * 3, sizeof r->share[task]);
    if (task == r->stop_at) gs_intr_set(SIGINT);
    return GS_OK;
}

static int point_params(void *ctx, int64_t point, gs_params *out, gs_err *e)
{
    (void)ctx;
    (void)e;
    out->pole[GS_CN].budget = 0.5 * (double)point;
    return GS_OK;
}

typedef struct fixture {
    gs_config *c;
    gs_world *w;
} fixture;

static void fixture_make(fixture *f)
{
    gs_err e = {0};
    f->c = gs_config_defaults(&e);
    assert_non_null(f->c);
    f->c->p.steps = 5;
    f->c->p.out_level = GS_OUT_SHARES;
    f->w = fx_world(12);
    fx_poles(f->w, 0, 1);
    fx_ring(f->w, GS_L_TRADE);
}

static gs_run_spec spec_of(const fixture *f, rec *r, gs_journal *j)
{
    memset(r, 0, sizeof *r);
    r->last_task = -1;
    r->stop_at = -1;
    return (gs_run_spec){.config = f->c,
                         .world = f->w,
                         .npoints = NP,
                         .nreplicates = NR,
                         .seed = 7,
                         .threads = 1,
                         .quiet = 1,
                         .level = GS_OUT_SHARES,
                         .point_params = point_params,
                         .on_task = on_task,
                         .task_ctx = r,
                         .journal = j};
}

static void interrupt_and_resume(void **state)
{
    (void)state;
    fixture f;
    fixture_make(&f);
    rec *full = calloc(1, sizeof *full), *part = calloc(1, sizeof *part),
        *rest = calloc(1, sizeof *rest);
    assert_true(full && part && rest);
    gs_err e = {0};
    gs_run_result res;

    /* uninterrupted, no journal */
    gs_run_spec s = spec_of(&f, full, NULL);
    gs_intr_clear();
    assert_int_equal(gs_run(&s, &res, &e), GS_OK);
    assert_int_equal(res.tasks_done + res.tasks_failed, NT);
    assert_int_equal(res.interrupted, 0);
    assert_int_equal(full->order_ok, NT);

    /* interrupted while task 5 commits: the batch (16 tasks with one
     * thread) is finished and committed, nothing after it */
    const char *p = jpath("run.journal");
    gs_journal_head h;
    memset(&h, 0, sizeof h);
    h.npoints = NP;
    h.nreplicates = NR;
    h.payload = gs_run_task_bytes(&s, &e);
    assert_true(h.payload > 0);
    gs_journal *j = gs_journal_create(p, &h, &e);
    assert_non_null(j);
    s = spec_of(&f, part, j);
    part->stop_at = 5;
    assert_int_equal(gs_run(&s, &res, &e), GS_OK);
    assert_int_equal(res.interrupted, SIGINT);
    int64_t k = res.tasks_done + res.tasks_failed;
    assert_int_equal(k, 16);
    assert_int_equal(part->seen, 16);
    assert_int_equal(gs_journal_tasks(j), 16);
    assert_memory_equal(part->share, full->share, (size_t)k * sizeof full->share[0]);
    gs_journal_close(j);
    gs_intr_clear();

    /* resumed: the journal's 16 tasks replayed, then the other 44 run */
    int empty;
    gs_journal_head h2;
    j = gs_journal_open(p, &h2, &empty, &e);
    assert_non_null(j);
    assert_int_equal(gs_journal_tasks(j), 16);
    s = spec_of(&f, rest, j);
    assert_int_equal(gs_run(&s, &res, &e), GS_OK);
    assert_int_equal(res.interrupted, 0);
    assert_int_equal(res.tasks_done + res.tasks_failed, NT);
    assert_int_equal(rest->order_ok, NT);
    assert_memory_equal(rest->share, full->share, sizeof full->share);
    assert_memory_equal(rest->status, full->status, sizeof full->status);
    assert_int_equal(gs_journal_tasks(j), NT);
    gs_journal_close(j);

    /* a pending signal before the run: nothing runs, nothing is committed */
    s = spec_of(&f, part, NULL);
    gs_intr_set(SIGTERM);
    assert_int_equal(gs_run(&s, &res, &e), GS_OK);
    assert_int_equal(res.interrupted, SIGTERM);
    assert_int_equal(res.tasks_done + res.tasks_failed, 0);
    assert_int_equal(part->seen, 0);
    gs_intr_clear();

    /* a journal needs first_task = 0 */
    gs_err be = {0};
    s = spec_of(&f, part, j = gs_journal_open(p, &h2, &empty, &e));
    s.first_task = 3;
    assert_int_equal(gs_run(&s, &res, &be), GS_ERUN);
    gs_journal_close(j);

    free(full);
    free(part);
    free(rest);
    gs_world_free(f.w);
    gs_config_free(f.c);
}

/* The handler only records the signal; it is installed with SA_RESETHAND. */
static void handler_sets_flag(void **state)
{
    (void)state;
    signal(SIGTERM, SIG_DFL); /* (not ignored, whatever started the test) */
    gs_intr_install();
    assert_int_equal(gs_intr_pending(), 0);
    raise(SIGTERM);
    assert_int_equal(gs_intr_pending(), SIGTERM);
    raise(SIGINT); /* (the SIGINT handler is still there: one shot each) */
    assert_int_equal(gs_intr_pending(), SIGTERM); /* the first signal is reported */
    struct sigaction sa;
    sigaction(SIGTERM, NULL, &sa);
    assert_true(sa.sa_handler == SIG_DFL); /* a second SIGTERM acts at once */
    signal(SIGINT, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    gs_intr_clear();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(roundtrip),
        cmocka_unit_test(torn_tail),
        cmocka_unit_test(bad_files),
        cmocka_unit_test(identity_changes),
        cmocka_unit_test(interrupt_and_resume),
        cmocka_unit_test(handler_sets_flag),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
