/* test_parallel.c - the ensemble runner and the serial side of
 * parallel.c: every task's results do not depend on the thread count or on
 * the batch split (the property the MPI farm relies on), a packed slot
 * unpacks to the same bytes, the writer-facing point offset and common
 * streams, a failing task is counted and reported, and the serial build's
 * process functions are no-ops. */
#include "gs_test.h"

#include <stdlib.h>
#include <string.h>

#include "../../sim/config.h"
#include "../../sim/parallel.h"
#include "../../sim/run.h"
#include "../../sim/run_impl.h"
#include "world_fixture.h"

#define NP 3
#define NR 5

/* Everything a task leaves: final count shares, interoperability, final
 * alignment (first nations), status. */
typedef struct rec {
    double share[NP * NR][3];
    double interop[NP * NR];
    uint8_t align[NP * NR][8];
    int status[NP * NR];
    int64_t seen, order_ok;
    int64_t last_task;
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
    if (t->status == 0) {
        memcpy(r->share[task], t->share_count + (size_t)(t->nt - 1) * 3, sizeof r->share[task]);
        r->interop[task] = t->interoperability[t->nt - 1];
    }
    return GS_OK;
}

static int on_final(void *ctx, int64_t point, int64_t replicate, const uint8_t *align,
                    const uint8_t *track, gs_err *e)
{
    (void)track;
    (void)e;
    rec *r = ctx;
    if (align) memcpy(r->align[point * NR + replicate], align, 8);
    return GS_OK;
}

/* Point p: cn.budget = p (a visible effect per point). */
static int point_params(void *ctx, int64_t point, gs_params *out, gs_err *e)
{
    (void)e;
    if (ctx) return GS_OK; /* "same": every point keeps the config's values */
    out->pole[GS_CN].budget = (double)point;
    out->pole[GS_CN].feat[GS_F_COMPUTE] = point == 2 ? 0.9 : 0.3;
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
    f->c->p.steps = 6;
    f->c->p.out_level = GS_OUT_FULL;
    f->w = fx_world(16);
    fx_poles(f->w, 0, 1);
    int32_t src[15], dst[15];
    for (int i = 0; i < 15; i++) {
        src[i] = i;
        dst[i] = (i * 7 + 3) % 16;
        if (dst[i] == src[i]) dst[i] = (dst[i] + 1) % 16;
    }
    fx_layer(f->w, GS_L_TRADE, 15, src, dst, NULL);
}

static void fixture_free(fixture *f)
{
    gs_world_free(f->w);
    gs_config_free(f->c);
}

static void run_same(const fixture *f, int threads, int common, int same, rec *r,
                     gs_run_result *res)
{
    memset(r, 0, sizeof *r);
    r->last_task = -1;
    gs_run_spec s = {
        .config = f->c,
        .world = f->w,
        .npoints = NP,
        .nreplicates = NR,
        .seed = 42,
        .threads = threads,
        .quiet = 1,
        .level = GS_OUT_FULL,
        .point_params = point_params,
        .on_task = on_task,
        .on_final = on_final,
        .task_ctx = r,
        .common_streams = common,
    };
    int same_flag = 1;
    if (same) s.point_ctx = &same_flag;
    gs_err e = {0};
    if (gs_run(&s, res, &e) != GS_OK) fail_msg("gs_run: %s", e.msg);
}

static void run_with(const fixture *f, int threads, int common, rec *r, gs_run_result *res)
{
    run_same(f, threads, common, 0, r, res);
}

static void threads_do_not_matter(void **state)
{
    (void)state;
    fixture f;
    fixture_make(&f);
    rec *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
    gs_run_result ra, rb;
    run_with(&f, 1, 0, a, &ra);
    run_with(&f, 2, 0, b, &rb);
    assert_int_equal(a->seen, NP * NR);
    assert_int_equal(a->order_ok, NP * NR); /* committed in task order */
    assert_int_equal(b->order_ok, NP * NR);
    assert_memory_equal(a, b, sizeof *a);
    assert_int_equal(ra.tasks_done, rb.tasks_done);
    /* Streams are keyed by replicate: replicates differ somewhere. */
    int differ = 0;
    for (int t = 1; t < NR; t++)
        differ |= memcmp(a->align[0], a->align[t], 8) != 0 || a->interop[0] != a->interop[t];
    assert_true(differ);
    free(a);
    free(b);
    fixture_free(&f);
}

/* With common streams, points with the same parameters give the same
 * tasks; with streams keyed by the point, they do not. */
static void common_streams(void **state)
{
    (void)state;
    fixture f;
    fixture_make(&f);
    rec *r = calloc(1, sizeof *r), *q = calloc(1, sizeof *q), *d = calloc(1, sizeof *d);
    gs_run_result res;
    run_same(&f, 2, 1, 1, r, &res);
    for (int p = 1; p < NP; p++) {
        assert_memory_equal(r->align[0], r->align[p * NR], 8 * NR);
        assert_memory_equal(r->share[0], r->share[p * NR], sizeof r->share[0] * NR);
    }
    run_same(&f, 2, 0, 1, q, &res);
    assert_memory_equal(r->align[0], q->align[0], 8 * NR); /* point 0: same streams */
    int differ = 0;
    for (int p = 1; p < NP; p++)
        differ |= memcmp(q->share[0], q->share[p * NR], sizeof q->share[0] * NR) != 0;
    assert_true(differ);
    /* Common streams with different parameters: point 0 unchanged. */
    run_with(&f, 1, 1, d, &res);
    assert_memory_equal(d->align[0], q->align[0], 8 * NR);
    free(r);
    free(q);
    free(d);
    fixture_free(&f);
}

/* The MPI farm moves slots as bytes: unpacking a packed slot into another
 * runner reproduces what the writer and callbacks see. */
static void pack_roundtrip(void **state)
{
    (void)state;
    fixture f;
    fixture_make(&f);
    rec *a = calloc(1, sizeof *a);
    a->last_task = -1;
    gs_run_spec s = {.config = f.c,
                     .world = f.w,
                     .npoints = NP,
                     .nreplicates = NR,
                     .seed = 42,
                     .threads = 2,
                     .quiet = 1,
                     .level = GS_OUT_FULL,
                     .point_params = point_params,
                     .on_task = on_task,
                     .on_final = on_final,
                     .task_ctx = a};
    gs_err e = {0};
    gs_runner *w = gs_runner_alloc(&s, 4, 1, &e);
    gs_runner *c = gs_runner_alloc(&s, 1, 0, &e);
    assert_non_null(w);
    assert_non_null(c);
    size_t sb = gs_runner_slot_bytes(w);
    assert_int_equal(sb, gs_runner_slot_bytes(c));
    char *buf = malloc(sb), *buf2 = malloc(sb);
    gs_run_result res = {0};
    /* chunks of 4, 4, 4, 3 in order, committed through the coordinator */
    for (int64_t first = 0; first < NP * NR; first += 4) {
        int64_t nb = NP * NR - first < 4 ? NP * NR - first : 4;
        assert_int_equal(gs_runner_execute(w, first, nb, &e), GS_OK);
        for (int64_t t = 0; t < nb; t++) {
            gs_runner_pack(w, t, buf);
            gs_runner_unpack(c, 0, buf);
            gs_runner_pack(c, 0, buf2);
            assert_memory_equal(buf, buf2, sb);
            assert_int_equal(gs_runner_commit(c, 0, &res, &e), GS_OK);
        }
    }
    rec *b = calloc(1, sizeof *b);
    gs_run_result rb;
    run_with(&f, 1, 0, b, &rb);
    assert_memory_equal(a, b, sizeof *a);
    assert_int_equal(res.tasks_done + res.tasks_failed, NP * NR);
    free(buf);
    free(buf2);
    free(a);
    free(b);
    gs_runner_free(w);
    gs_runner_free(c);
    fixture_free(&f);
}

/* A failing task (an event out of range at point 2 only) is counted and
 * named, the others are done. */
static void failing_task(void **state)
{
    (void)state;
    fixture f;
    fixture_make(&f);
    gs_event ev;
    memset(&ev, 0, sizeof ev);
    snprintf(ev.name, sizeof ev.name, "boost");
    ev.time = f.c->p.start + 2 * f.c->p.dt;
    snprintf(ev.key, sizeof ev.key, "cn.compute");
    ev.param = gs_param_find("cn.compute");
    ev.op = GS_EV_SCALE;
    ev.value = 1.5;
    f.c->events = &ev;
    f.c->nevents = 1;
    rec *r = calloc(1, sizeof *r);
    gs_run_result res;
    run_with(&f, 2, 0, r, &res);
    assert_int_equal(res.tasks_failed, NR);
    assert_int_equal(res.tasks_done, 2 * NR);
    assert_non_null(strstr(res.first_failure, "point 2 replicate 0"));
    assert_non_null(strstr(res.first_failure, "out of range"));
    for (int t = 0; t < NP * NR; t++)
        assert_int_equal(r->status[t], t >= 2 * NR);
    f.c->events = NULL;
    f.c->nevents = 0;
    free(r);
    fixture_free(&f);
}

static void bad_arguments(void **state)
{
    (void)state;
    fixture f;
    fixture_make(&f);
    gs_run_spec s = {.config = f.c, .world = f.w, .npoints = 0, .nreplicates = 1, .threads = 1};
    gs_run_result res;
    gs_err e = {0};
    assert_int_equal(gs_run(&s, &res, &e), GS_EINPUT);
    s.npoints = 1;
    s.threads = 0;
    gs_err_clear(&e);
    assert_int_equal(gs_run(&s, &res, &e), GS_EINPUT);
    fixture_free(&f);
}

static void serial_process_functions(void **state)
{
    (void)state;
    int argc = 1;
    char *args[] = {"test", NULL}, **argv = args;
    assert_int_equal(gs_par_init(&argc, &argv), 0);
    assert_int_equal(gs_par_rank(), 0);
    assert_int_equal(gs_par_size(), 1);
    assert_int_equal(gs_par_agree(2), 2);
    assert_int_equal(gs_par_agree(0), 0);
    assert_int_equal(gs_par_exit(1), 1);
    assert_int_equal(gs_par_is_mpi_build(), 0);
    gs_err e = {0};
    gs_run_result res;
    assert_int_equal(gs_par_run(NULL, &res, &e), GS_ERUN);
    assert_non_null(strstr(e.msg, "not an MPI build"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(threads_do_not_matter), cmocka_unit_test(common_streams),
        cmocka_unit_test(pack_roundtrip),        cmocka_unit_test(failing_task),
        cmocka_unit_test(bad_arguments),         cmocka_unit_test(serial_process_functions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
