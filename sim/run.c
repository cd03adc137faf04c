/* run.c - the ensemble runner (run.h, run_impl.h).
 *
 * Tasks are numbered point-major: task = point * R + replicate.  They run in
 * batches: the threads of one OpenMP team fill a batch of trajectory buffers
 * (any thread may take any task: each task's streams depend only on its
 * (seed, point, replicate)), then the main thread commits the batch in task
 * order - with several threads while the others already run the next batch
 * (two batches of slots, see gs_run).  Memory is bounded by the batch, not
 * by the number of tasks.  With
 * several MPI ranks the same pieces run under the task farm of parallel.c:
 * workers execute batches, rank 0 commits them in task order.
 *
 * Reliability: a signal (interrupt.h) is polled before every task and model
 * step; a task it cuts is dropped, the tasks before it are committed, and
 * the run returns with res->interrupted.  With a journal (journal.h), each
 * committed task's packed slot - the same bytes an MPI worker ships - is
 * appended, and a batch's records reach the kernel right after its commit,
 * before the batch after it is committed (the checkpoint); a resumed run first commits the journal's tasks
 * from those bytes, so the writer sees exactly what an uninterrupted run
 * gives it. */
#include "run.h"

#include <math.h>
#include <omp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../models/model.h"
#include "interrupt.h"
#include "journal.h"
#include "observe.h"
#include "parallel.h"
#include "prior.h"
#include "rng.h"
#include "run_impl.h"

#define GS_BATCH_PER_THREAD 16

/* traj status of a task cut by a signal (0 done, 1 failed): never
 * committed, never written. */
#define TASK_INTERRUPTED 2

/* Events of the config, resolved against the world once per run. */
typedef struct resolved_events {
    size_t n;
    gs_mevent *ev;
    uint8_t **masks; /* n masks (NULL = all nations) */
} resolved_events;

static void events_free(resolved_events *r)
{
    if (!r->ev) return;
    for (size_t i = 0; i < r->n; i++)
        free(r->masks[i]);
    free(r->masks);
    free(r->ev);
    r->ev = NULL;
}

static int events_resolve(const gs_config *c, const gs_world *w, resolved_events *r, gs_err *e)
{
    memset(r, 0, sizeof *r);
    r->n = c->nevents;
    r->ev = gs_calloc(c->nevents, sizeof *r->ev, "events", e);
    r->masks = gs_calloc(c->nevents, sizeof *r->masks, "events", e);
    if (!r->ev || !r->masks) goto fail;
    for (size_t i = 0; i < c->nevents; i++) {
        const gs_event *ce = &c->events[i];
        gs_mevent *m = &r->ev[i];
        m->time = ce->time;
        m->param = ce->param;
        m->attr = ce->param < 0 ? gs_attr_find(ce->attr) : -1;
        m->op = (int)ce->op;
        m->value = ce->value;
        m->text = ce->text;
        if (ce->param < 0 && m->attr < 0) {
            gs_err_set(e, GS_EINPUT, "%s:%d: [event %s]: unknown nation attribute '%s'",
                       ce->where.file ? ce->where.file : "?", ce->where.line, ce->name, ce->attr);
            goto fail;
        }
        if (ce->subset[0]) {
            r->masks[i] = gs_malloc((size_t)w->n, 1, "event subset", e);
            if (!r->masks[i]) goto fail;
            gs_err se = {0};
            if (gs_world_subset(w, ce->subset, r->masks[i], &se) != GS_OK) {
                gs_err_set(e, GS_EINPUT, "%s:%d: [event %s]: %s",
                           ce->where.file ? ce->where.file : "?", ce->where.line, ce->name, se.msg);
                goto fail;
            }
            m->mask = r->masks[i];
        }
    }
    return GS_OK;
fail:
    if (!r->masks) {
        free(r->ev);
        r->ev = NULL;
        return e ? e->code : GS_ERUN;
    }
    events_free(r);
    return e ? e->code : GS_ERUN;
}

double *gs_run_times(const gs_params *p, int32_t *ntimes, gs_err *e)
{
    int32_t nt = gs_traj_ntimes(p);
    double *t = gs_malloc((size_t)nt, sizeof *t, "time axis", e);
    if (!t) return NULL;
    for (int32_t k = 0; k < nt; k++)
        t[k] = p->start + (double)gs_traj_step_of(p, k) * p->dt;
    *ntimes = nt;
    return t;
}

/* One worker's private workspace. */
typedef struct worker {
    gs_model *model;
    gsl_rng *rng;
} worker;

/* One slot of a batch. */
typedef struct slot {
    int64_t point, replicate;
    gs_params params; /* the point's parameters, before prior draws */
    gs_traj *traj;
    double *prior_values;               /* npriors */
    double *ev_old, *ev_new;            /* per event; NAN when not applied */
    uint8_t *final_align, *final_track; /* n each, when on_final is set */
} slot;

struct gs_runner {
    const gs_run_spec *s;
    resolved_events rev;
    int nthreads;
    worker *wk; /* nthreads, or NULL without models */
    slot *sl;
    int64_t batch;
    gs_h5_event *logbuf; /* one entry per event */
    gs_params point_params;
    int64_t params_point; /* whose parameters point_params holds; -1 none */
    size_t slot_bytes;
    int replaying; /* committing tasks read from the journal: not appended again */
};

/* Runs one task into sl.  Never fails as a whole: model errors mark the
 * trajectory failed; a pending signal (interrupt.h), polled before the task
 * and before every step, marks it TASK_INTERRUPTED, so that an interrupt
 * takes effect within one model step. */
static void run_task(const gs_run_spec *s, const resolved_events *rev, worker *wk, slot *sl)
{
    const gs_world *w = s->world;
    gs_traj *t = sl->traj;
    gs_params p = sl->params;
    gs_err e = {0};
    t->status = 0;
    t->message[0] = '\0';
    for (size_t i = 0; i < rev->n; i++)
        sl->ev_old[i] = sl->ev_new[i] = NAN;

    if (gs_intr_pending()) goto interrupted;
    uint64_t sp = s->common_streams ? 0 : (uint64_t)sl->point;
    gs_rng_rekey(wk->rng, s->seed, GS_RNG_PRIOR, sp, (uint64_t)sl->replicate);
    if (s->config->npriors) gs_prior_draw(s->config, &p, wk->rng, sl->prior_values);
    gs_rng_rekey(wk->rng, s->seed, GS_RNG_DYNAMICS, sp, (uint64_t)sl->replicate);
    if (gs_model_init(wk->model, w, &p, wk->rng, &e) != GS_OK) goto failed;

    int32_t k = 0;
    gs_observe(w, gs_model_alignment(wk->model), gs_model_track(wk->model),
               gs_model_prob(wk->model), 0.0, t, 0);
    size_t ei = 0;
    double switches = 0;
    int64_t next_out = t->nt > 1 ? gs_traj_step_of(&p, 1) : -1;
    for (int64_t step = 1; step <= p.steps; step++) {
        if (gs_intr_pending()) goto interrupted;
        /* Events apply at the start of the step whose time reaches them. */
        double tend = p.start + (double)step * p.dt;
        while (ei < rev->n && rev->ev[ei].time <= tend + 1e-9 * fabs(tend)) {
            if (gs_model_event(wk->model, w, &rev->ev[ei], &sl->ev_old[ei], &sl->ev_new[ei], &e) !=
                GS_OK)
                goto failed;
            ei++;
        }
        gs_model_step(wk->model, w, wk->rng);
        switches += (double)gs_model_switches(wk->model);
        if (step == next_out) {
            k++;
            gs_observe(w, gs_model_alignment(wk->model), gs_model_track(wk->model),
                       gs_model_prob(wk->model), switches, t, k);
            switches = 0;
            next_out = k + 1 < t->nt ? gs_traj_step_of(&p, k + 1) : -1;
        }
    }
    if (sl->final_align) {
        memcpy(sl->final_align, gs_model_alignment(wk->model), (size_t)w->n);
        memcpy(sl->final_track, gs_model_track(wk->model), (size_t)w->n);
    }
    return;
failed:
    t->status = 1;
    snprintf(t->message, sizeof t->message, "%.250s", e.msg);
    return;
interrupted:
    t->status = TASK_INTERRUPTED;
}

/* ---- packing ----------------------------------------------------------- */

/* The arrays of a slot, in packing order (sizes as traj.c allocates them). */
typedef struct span {
    void *p;
    size_t bytes;
} span;
#define MAX_SPANS 20

static int slot_spans(const gs_runner *r, const slot *sl, span *sp)
{
    const gs_traj *t = sl->traj;
    size_t nt = (size_t)t->nt, n = (size_t)t->n, nr = (size_t)(t->nregions ? t->nregions : 1);
    size_t d = sizeof(double);
    int k = 0;
    if (t->level == GS_OUT_FULL) {
        sp[k++] = (span){t->alignment, nt * n};
        sp[k++] = (span){t->prob, nt * n * GS_NOPT * sizeof(float)};
        sp[k++] = (span){t->standard, nt * n};
    }
    sp[k++] = (span){t->share_count, nt * GS_NOPT * d};
    sp[k++] = (span){t->share_population, nt * GS_NOPT * d};
    sp[k++] = (span){t->share_gdp, nt * GS_NOPT * d};
    sp[k++] = (span){t->share_global_south, nt * GS_NOPT * d};
    sp[k++] = (span){t->share_region, nt * nr * GS_NOPT * d};
    sp[k++] = (span){t->standard_share, nt * GS_NTRACK * d};
    sp[k++] = (span){t->interoperability, nt * d};
    sp[k++] = (span){t->assortativity, nt * d};
    sp[k++] = (span){t->modularity, nt * d};
    sp[k++] = (span){t->switches, nt * d};
    sp[k++] = (span){sl->prior_values, r->s->config->npriors * d};
    sp[k++] = (span){sl->ev_old, r->rev.n * d};
    sp[k++] = (span){sl->ev_new, r->rev.n * d};
    if (sl->final_align) {
        sp[k++] = (span){sl->final_align, n};
        sp[k++] = (span){sl->final_track, n};
    }
    return k;
}

/* Header: point, replicate, status, message. */
#define HEADER_BYTES (2 * sizeof(int64_t) + sizeof(int32_t) + sizeof(((gs_traj *)0)->message))

size_t gs_runner_slot_bytes(const gs_runner *r)
{
    return r->slot_bytes;
}

void gs_runner_pack(const gs_runner *r, int64_t b, void *buf)
{
    const slot *sl = &r->sl[b];
    char *o = buf;
    int32_t st = sl->traj->status;
    memcpy(o, &sl->point, sizeof(int64_t));
    memcpy(o + 8, &sl->replicate, sizeof(int64_t));
    memcpy(o + 16, &st, sizeof st);
    memcpy(o + 20, sl->traj->message, sizeof sl->traj->message);
    o += HEADER_BYTES;
    span sp[MAX_SPANS];
    int k = slot_spans(r, sl, sp);
    for (int i = 0; i < k; i++) {
        if (sp[i].bytes) memcpy(o, sp[i].p, sp[i].bytes);
        o += sp[i].bytes;
    }
}

void gs_runner_unpack(gs_runner *r, int64_t b, const void *buf)
{
    slot *sl = &r->sl[b];
    const char *o = buf;
    int32_t st;
    memcpy(&sl->point, o, sizeof(int64_t));
    memcpy(&sl->replicate, o + 8, sizeof(int64_t));
    memcpy(&st, o + 16, sizeof st);
    memcpy(sl->traj->message, o + 20, sizeof sl->traj->message);
    sl->traj->message[sizeof sl->traj->message - 1] = '\0';
    sl->traj->status = st;
    o += HEADER_BYTES;
    span sp[MAX_SPANS];
    int k = slot_spans(r, sl, sp);
    for (int i = 0; i < k; i++) {
        if (sp[i].bytes) memcpy(sp[i].p, o, sp[i].bytes);
        o += sp[i].bytes;
    }
}

/* ---- the runner -------------------------------------------------------- */

void gs_runner_free(gs_runner *r)
{
    if (!r) return;
    if (r->wk)
        for (int i = 0; i < r->nthreads; i++) {
            gs_model_free(r->wk[i].model);
            if (r->wk[i].rng) gsl_rng_free(r->wk[i].rng);
        }
    if (r->sl)
        for (int64_t b = 0; b < r->batch; b++) {
            gs_traj_free(r->sl[b].traj);
            free(r->sl[b].prior_values);
            free(r->sl[b].ev_old);
            free(r->sl[b].ev_new);
            free(r->sl[b].final_align);
            free(r->sl[b].final_track);
        }
    free(r->wk);
    free(r->sl);
    free(r->logbuf);
    events_free(&r->rev);
    free(r);
}

gs_runner *gs_runner_alloc(const gs_run_spec *s, int64_t batch, int with_models, gs_err *e)
{
    gs_runner *r = gs_calloc(1, sizeof *r, "runner", e);
    if (!r) return NULL;
    const gs_config *c = s->config;
    const gs_world *w = s->world;
    r->s = s;
    r->nthreads = s->threads;
    r->batch = batch;
    r->params_point = -1;
    if (events_resolve(c, w, &r->rev, e) != GS_OK) {
        free(r);
        return NULL;
    }
    int32_t nt = gs_traj_ntimes(&c->p);
    r->sl = gs_calloc((size_t)batch, sizeof *r->sl, "batch", e);
    r->logbuf = gs_calloc(r->rev.n ? r->rev.n : 1, sizeof *r->logbuf, "event log", e);
    if (!r->sl || !r->logbuf) goto fail;
    if (with_models) {
        r->wk = gs_calloc((size_t)r->nthreads, sizeof *r->wk, "workers", e);
        if (!r->wk) goto fail;
        for (int i = 0; i < r->nthreads; i++) {
            r->wk[i].model = gs_model_alloc(w, e);
            r->wk[i].rng = gs_rng_alloc(s->seed, GS_RNG_DYNAMICS, 0, 0, e);
            if (!r->wk[i].model || !r->wk[i].rng) goto fail;
        }
    }
    for (int64_t b = 0; b < batch; b++) {
        slot *sl = &r->sl[b];
        sl->traj = gs_traj_alloc(w->n, nt, w->nregions, s->level, e);
        sl->prior_values = gs_calloc(c->npriors ? c->npriors : 1, sizeof(double), "priors", e);
        sl->ev_old = gs_calloc(r->rev.n ? r->rev.n : 1, sizeof(double), "event log", e);
        sl->ev_new = gs_calloc(r->rev.n ? r->rev.n : 1, sizeof(double), "event log", e);
        if (!sl->traj || !sl->prior_values || !sl->ev_old || !sl->ev_new) goto fail;
        if (s->on_final) {
            sl->final_align = gs_calloc((size_t)w->n, 1, "final state", e);
            sl->final_track = gs_calloc((size_t)w->n, 1, "final state", e);
            if (!sl->final_align || !sl->final_track) goto fail;
        }
    }
    span sp[MAX_SPANS];
    int k = slot_spans(r, &r->sl[0], sp);
    r->slot_bytes = HEADER_BYTES;
    for (int i = 0; i < k; i++)
        r->slot_bytes += sp[i].bytes;
    return r;
fail:
    gs_runner_free(r);
    return NULL;
}

int64_t gs_runner_batch(const gs_runner *r)
{
    return r->batch;
}

/* Tasks first..first+nb-1 into slots s0..s0+nb-1, with their point
 * parameters, computed here (the calling thread), in order. */
static int batch_prepare(gs_runner *r, int64_t s0, int64_t first, int64_t nb, gs_err *e)
{
    const gs_run_spec *s = r->s;
    for (int64_t b = 0; b < nb; b++) {
        int64_t task = first + b;
        slot *sl = &r->sl[s0 + b];
        sl->point = task / s->nreplicates;
        sl->replicate = task % s->nreplicates;
        if (sl->point != r->params_point) {
            r->point_params = s->config->p;
            r->params_point = -1;
            int rc;
            if (s->point_params &&
                (rc = s->point_params(s->point_ctx, sl->point, &r->point_params, e)) != GS_OK)
                return rc;
            r->params_point = sl->point;
        }
        sl->params = r->point_params;
    }
    return GS_OK;
}

int gs_runner_execute(gs_runner *r, int64_t first, int64_t nb, gs_err *e)
{
    const gs_run_spec *s = r->s;
    if (!r->wk || nb < 1 || nb > r->batch)
        return gs_err_set(e, GS_ERUN, "gs_runner_execute: bad batch");
    int rc = batch_prepare(r, 0, first, nb, e);
    if (rc != GS_OK) return rc;
    worker *wk = r->wk;
    const resolved_events *rev = &r->rev;
    slot *sl = r->sl;
#pragma omp parallel for num_threads(r->nthreads) schedule(dynamic, 1)
    for (int64_t b = 0; b < nb; b++)
        run_task(s, rev, &wk[omp_get_thread_num()], &sl[b]);
    return GS_OK;
}

int gs_runner_commit(gs_runner *r, int64_t b, gs_run_result *res, gs_err *e)
{
    const gs_run_spec *s = r->s;
    const gs_config *c = s->config;
    const slot *x = &r->sl[b];
    int rc;
    if (x->traj->status == TASK_INTERRUPTED) {
        /* Under MPI a worker may see the signal before rank 0 does. */
        int sig = gs_intr_pending();
        res->interrupted = sig ? sig : SIGTERM;
        return GS_OK;
    }
    int ok = x->traj->status == 0;
    if (ok) {
        res->tasks_done++;
    } else {
        if (!res->tasks_failed)
            snprintf(res->first_failure, sizeof res->first_failure,
                     "point %lld replicate %lld: %.180s",
                     (long long)(x->point + s->write_point_offset), (long long)x->replicate,
                     x->traj->message);
        res->tasks_failed++;
    }
    if (s->out) {
        int64_t wp = x->point + s->write_point_offset;
        rc = gs_h5_write_task(s->out, wp, x->replicate, x->traj,
                              c->npriors ? x->prior_values : NULL, e);
        if (rc != GS_OK) return rc;
        /* The event log keeps replicate 0 of each point: events are
         * deterministic, so other replicates repeat it (unless a prior
         * changes the old value, which /prior records). */
        if (x->replicate == 0 && r->rev.n) {
            size_t nl = 0;
            for (size_t i = 0; i < r->rev.n; i++) {
                if (isnan(x->ev_old[i]) && isnan(x->ev_new[i])) continue;
                r->logbuf[nl] = (gs_h5_event){wp,
                                              x->replicate,
                                              c->events[i].time,
                                              c->events[i].name,
                                              c->events[i].key,
                                              c->events[i].subset,
                                              x->ev_old[i],
                                              x->ev_new[i]};
                nl++;
            }
            if (nl && (rc = gs_h5_add_events(s->out, r->logbuf, nl, e)) != GS_OK) return rc;
        }
    }
    if (s->on_task && (rc = s->on_task(s->task_ctx, x->point, x->replicate, x->traj,
                                       c->npriors ? x->prior_values : NULL, e)) != GS_OK)
        return rc;
    if (s->on_final &&
        (rc = s->on_final(s->task_ctx, x->point, x->replicate, ok ? x->final_align : NULL,
                          ok ? x->final_track : NULL, e)) != GS_OK)
        return rc;
    if (s->journal && !r->replaying) {
        /* The task's whole result, exactly as an MPI worker ships it: a
         * replay commits the same bytes, so the file comes out the same. */
        void *p = gs_journal_reserve(s->journal, x->point * s->nreplicates + x->replicate, e);
        if (!p) return e && e->code ? e->code : GS_ERUN;
        gs_runner_pack(r, b, p);
    }
    return GS_OK;
}

int gs_runner_replay(gs_runner *r, gs_run_result *res, int64_t *next, gs_err *e)
{
    const gs_run_spec *s = r->s;
    *next = 0;
    if (!s->journal) return GS_OK;
    int64_t n = gs_journal_tasks(s->journal);
    int rc = GS_OK;
    r->replaying = 1;
    for (int64_t k = 0; k < n; k++) {
        const void *p = gs_journal_read(s->journal, k, e);
        if (!p) {
            rc = e && e->code ? e->code : GS_ERUN;
            break;
        }
        gs_runner_unpack(r, 0, p);
        const slot *x = &r->sl[0];
        if (x->point != k / s->nreplicates || x->replicate != k % s->nreplicates ||
            (x->traj->status != 0 && x->traj->status != 1)) {
            rc = gs_err_set(e, GS_EINPUT, "%s: record %lld does not hold task %lld",
                            gs_journal_path(s->journal), (long long)k, (long long)k);
            break;
        }
        if ((rc = gs_runner_commit(r, 0, res, e)) != GS_OK) break;
        if ((k & 1023) == 0) gs_runner_progress(r, k + 1, 0);
    }
    r->replaying = 0;
    *next = n;
    return rc;
}

int gs_runner_checkpoint(gs_runner *r, int sync, gs_err *e)
{
    return r->s->journal ? gs_journal_checkpoint(r->s->journal, sync, e) : GS_OK;
}

void gs_runner_progress(const gs_runner *r, int64_t done, int final)
{
    const gs_run_spec *s = r->s;
    if (s->quiet || !isatty(2)) return;
    int64_t total = s->npoints * s->nreplicates;
    fprintf(stderr, "\r  %lld/%lld tasks (%.0f%%)%s", (long long)done, (long long)total,
            total ? 100.0 * (double)done / (double)total : 100.0, final ? "\n" : "");
    fflush(stderr);
}

/* Commits slots s0..s0+nb-1 in task order, up to the first task a signal
 * cut short, then the checkpoint: this batch's tasks reach the journal. */
static int batch_commit(gs_runner *r, int64_t s0, int64_t nb, gs_run_result *res, gs_err *e)
{
    int rc = GS_OK;
    for (int64_t b = 0; b < nb && !res->interrupted && rc == GS_OK; b++)
        rc = gs_runner_commit(r, s0 + b, res, e);
    return rc != GS_OK ? rc : gs_runner_checkpoint(r, 0, e);
}

/* With several threads the batches are double-buffered: while the team
 * runs batch k+1 in one half of the slots, thread 0 (the main thread:
 * HDF5, igraph and the callbacks stay on it) first commits batch k from the
 * other half, then joins the loop.  The writer sees the same calls in the
 * same order as without the overlap, so the output does not change; a
 * batch run after the one a signal cut short is dropped uncommitted. */
int gs_run(const gs_run_spec *s, gs_run_result *res, gs_err *e)
{
    if (!s || !res || !s->config || !s->world || s->npoints < 1 || s->nreplicates < 1 ||
        s->threads < 1 || s->first_task < 0 || s->write_point_offset < 0 ||
        s->npoints > INT64_MAX / s->nreplicates)
        return gs_err_set(e, GS_EINPUT, "gs_run: bad arguments");
    memset(res, 0, sizeof *res);
    if (gs_par_size() > 1) return gs_par_run(s, res, e);

    int64_t ntasks = s->npoints * s->nreplicates;
    int64_t batch = (int64_t)s->threads * GS_BATCH_PER_THREAD;
    if (batch > ntasks) batch = ntasks;
    if (s->journal && s->first_task != 0)
        return gs_err_set(e, GS_ERUN, "gs_run: a journal needs first_task = 0");
    int halves = s->threads > 1 ? 2 : 1;
    gs_runner *r = gs_runner_alloc(s, halves * batch, 1, e);
    if (!r) return e && e->code ? e->code : GS_ERUN;
    int64_t start = s->first_task;
    int rc = gs_runner_replay(r, res, &start, e);
    if (rc != GS_OK) goto done;
    int64_t pfirst = 0, pnb = 0, ps0 = 0; /* the batch run but not yet committed */
    int cur = 0, stop = 0;
    for (int64_t first = start; first < ntasks; first += batch) {
        if ((stop = gs_intr_pending()) != 0) break;
        int64_t nb = ntasks - first < batch ? ntasks - first : batch, s0 = cur * batch;
        if ((rc = batch_prepare(r, s0, first, nb, e)) != GS_OK) break;
        int crc = GS_OK;
        worker *wk = r->wk;
        const resolved_events *rev = &r->rev;
        slot *sl = r->sl;
#pragma omp parallel num_threads(r->nthreads)
        {
#pragma omp master
            if (pnb) crc = batch_commit(r, ps0, pnb, res, e);
#pragma omp for schedule(dynamic, 1) nowait
            for (int64_t b = 0; b < nb; b++)
                run_task(s, rev, &wk[omp_get_thread_num()], &sl[s0 + b]);
        }
        if (pnb) {
            int64_t done_to = pfirst + pnb;
            pnb = 0;
            if ((rc = crc) != GS_OK) goto done;
            if (res->interrupted) goto ended;
            gs_runner_progress(r, done_to, 0);
        }
        if (halves == 1) { /* nothing to overlap with: commit now */
            if ((rc = batch_commit(r, s0, nb, res, e)) != GS_OK) goto done;
            if (res->interrupted) goto ended;
            gs_runner_progress(r, first + nb, 0);
            continue;
        }
        pfirst = first;
        pnb = nb;
        ps0 = s0;
        cur ^= 1;
    }
    /* the last batch run (or the one before a signal or an error) */
    if (pnb) {
        int crc = batch_commit(r, ps0, pnb, res, e);
        if (rc == GS_OK) rc = crc;
    }
    if (rc != GS_OK) goto done;
ended:
    if (stop && !res->interrupted) res->interrupted = stop;
    gs_runner_progress(r, res->interrupted ? res->tasks_done + res->tasks_failed : ntasks, 1);
done:
    /* Whatever was committed is kept, even after an error: a resume starts
     * from there.  (After a journal write error this reports nothing new:
     * the first error stays in e.) */
    if (s->journal) {
        int jrc = gs_runner_checkpoint(r, 1, e);
        if (rc == GS_OK) rc = jrc;
    }
    gs_runner_free(r);
    return rc;
}

size_t gs_run_task_bytes(const gs_run_spec *s, gs_err *e)
{
    /* A probe runner: one slot, no models. */
    gs_runner *r = s ? gs_runner_alloc(s, 1, 0, e) : NULL;
    size_t bytes = r ? r->slot_bytes : 0;
    gs_runner_free(r);
    return bytes;
}
