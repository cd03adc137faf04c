/* run.c - the ensemble runner (run.h).
 *
 * Tasks are numbered point-major: task = point * R + replicate.  They run in
 * batches: the threads of one OpenMP team fill a batch of trajectory buffers
 * (any thread may take any task: each task's streams depend only on its
 * (seed, point, replicate)), then the main thread commits the batch in task
 * order.  Memory is bounded by the batch, not by the number of tasks. */
#include "run.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../models/model.h"
#include "observe.h"
#include "prior.h"
#include "rng.h"

#define GS_BATCH_PER_THREAD 16

/* Events of the config, resolved against the world once per run. */
typedef struct resolved_events {
    size_t n;
    gs_mevent *ev;
    uint8_t **masks; /* n masks (NULL = all nations) */
} resolved_events;

static void events_free(resolved_events *r)
{
    if (!r->ev) return;
    for (size_t i = 0; i < r->n; i++) free(r->masks[i]);
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
                       ce->where.file ? ce->where.file : "?", ce->where.line, ce->name,
                       ce->attr);
            goto fail;
        }
        if (ce->subset[0]) {
            r->masks[i] = gs_malloc((size_t)w->n, 1, "event subset", e);
            if (!r->masks[i]) goto fail;
            gs_err se = {0};
            if (gs_world_subset(w, ce->subset, r->masks[i], &se) != GS_OK) {
                gs_err_set(e, GS_EINPUT, "%s:%d: [event %s]: %s",
                           ce->where.file ? ce->where.file : "?", ce->where.line, ce->name,
                           se.msg);
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
    for (int32_t k = 0; k < nt; k++) t[k] = p->start + (double)gs_traj_step_of(p, k) * p->dt;
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
    gs_params params;   /* the point's parameters, before prior draws */
    gs_traj *traj;
    double *prior_values; /* npriors */
    double *ev_old, *ev_new; /* per event; NAN when not applied */
} slot;

/* Runs one task into sl.  Never fails as a whole: model errors mark the
 * trajectory failed. */
static void run_task(const gs_run_spec *s, const resolved_events *rev, worker *wk, slot *sl)
{
    const gs_world *w = s->world;
    gs_traj *t = sl->traj;
    gs_params p = sl->params;
    gs_err e = {0};
    t->status = 0;
    t->message[0] = '\0';
    for (size_t i = 0; i < rev->n; i++) sl->ev_old[i] = sl->ev_new[i] = NAN;

    gs_rng_rekey(wk->rng, s->seed, GS_RNG_PRIOR, (uint64_t)sl->point, (uint64_t)sl->replicate);
    if (s->config->npriors) gs_prior_draw(s->config, &p, wk->rng, sl->prior_values);
    gs_rng_rekey(wk->rng, s->seed, GS_RNG_DYNAMICS, (uint64_t)sl->point,
                 (uint64_t)sl->replicate);
    if (gs_model_init(wk->model, w, &p, wk->rng, &e) != GS_OK) goto failed;

    int32_t k = 0;
    gs_observe(w, gs_model_alignment(wk->model), gs_model_track(wk->model),
               gs_model_prob(wk->model), 0.0, t, 0);
    size_t ei = 0;
    double switches = 0;
    int64_t next_out = t->nt > 1 ? gs_traj_step_of(&p, 1) : -1;
    for (int64_t step = 1; step <= p.steps; step++) {
        /* Events apply at the start of the step whose time reaches them. */
        double tend = p.start + (double)step * p.dt;
        while (ei < rev->n && rev->ev[ei].time <= tend + 1e-9 * fabs(tend)) {
            if (gs_model_event(wk->model, w, &rev->ev[ei], &sl->ev_old[ei], &sl->ev_new[ei],
                               &e) != GS_OK)
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
    return;
failed:
    t->status = 1;
    snprintf(t->message, sizeof t->message, "%.250s", e.msg);
}

static void progress(const gs_run_spec *s, int64_t done, int64_t total, int final)
{
    if (s->quiet || !isatty(2)) return;
    fprintf(stderr, "\r  %lld/%lld tasks (%.0f%%)%s", (long long)done, (long long)total,
            total ? 100.0 * (double)done / (double)total : 100.0, final ? "\n" : "");
    fflush(stderr);
}

int gs_run(const gs_run_spec *s, gs_run_result *res, gs_err *e)
{
    if (!s || !s->config || !s->world || s->npoints < 1 || s->nreplicates < 1 || s->threads < 1)
        return gs_err_set(e, GS_EINPUT, "gs_run: bad arguments");
    memset(res, 0, sizeof *res);
    const gs_config *c = s->config;
    const gs_world *w = s->world;
    int rc = GS_OK;
    int nthreads = s->threads;
    int64_t ntasks = s->npoints * s->nreplicates;
    int64_t batch = (int64_t)nthreads * GS_BATCH_PER_THREAD;
    if (batch > ntasks) batch = ntasks;
    resolved_events rev = {0};
    worker *wk = NULL;
    slot *sl = NULL;
    gs_h5_event *logbuf = NULL;

    rc = events_resolve(c, w, &rev, e);
    if (rc != GS_OK) return rc;
    int32_t nt = gs_traj_ntimes(&c->p);
    wk = gs_calloc((size_t)nthreads, sizeof *wk, "workers", e);
    sl = gs_calloc((size_t)batch, sizeof *sl, "batch", e);
    logbuf = gs_calloc(rev.n ? rev.n : 1, sizeof *logbuf, "event log", e);
    if (!wk || !sl || !logbuf) goto fail;
    for (int i = 0; i < nthreads; i++) {
        wk[i].model = gs_model_alloc(w, e);
        wk[i].rng = gs_rng_alloc(s->seed, GS_RNG_DYNAMICS, 0, 0, e);
        if (!wk[i].model || !wk[i].rng) goto fail;
    }
    for (int64_t b = 0; b < batch; b++) {
        sl[b].traj = gs_traj_alloc(w->n, nt, w->nregions, s->level, e);
        sl[b].prior_values = gs_calloc(c->npriors ? c->npriors : 1, sizeof(double), "priors", e);
        sl[b].ev_old = gs_calloc(rev.n ? rev.n : 1, sizeof(double), "event log", e);
        sl[b].ev_new = gs_calloc(rev.n ? rev.n : 1, sizeof(double), "event log", e);
        if (!sl[b].traj || !sl[b].prior_values || !sl[b].ev_old || !sl[b].ev_new) goto fail;
    }

    gs_params point_params = c->p;
    int64_t params_point = -1;
    for (int64_t first = s->first_task; first < ntasks; first += batch) {
        int64_t nb = ntasks - first < batch ? ntasks - first : batch;
        /* Point parameters are computed on the main thread, in order. */
        for (int64_t b = 0; b < nb; b++) {
            int64_t task = first + b;
            sl[b].point = task / s->nreplicates;
            sl[b].replicate = task % s->nreplicates;
            if (sl[b].point != params_point) {
                point_params = c->p;
                if (s->point_params &&
                    (rc = s->point_params(s->point_ctx, sl[b].point, &point_params, e)) != GS_OK)
                    goto fail;
                params_point = sl[b].point;
            }
            sl[b].params = point_params;
        }
#pragma omp parallel for num_threads(nthreads) schedule(dynamic, 1)
        for (int64_t b = 0; b < nb; b++) run_task(s, &rev, &wk[omp_get_thread_num()], &sl[b]);

        for (int64_t b = 0; b < nb; b++) {
            const slot *x = &sl[b];
            if (x->traj->status == 0) {
                res->tasks_done++;
            } else {
                if (!res->tasks_failed)
                    snprintf(res->first_failure, sizeof res->first_failure,
                             "point %lld replicate %lld: %.180s", (long long)x->point,
                             (long long)x->replicate, x->traj->message);
                res->tasks_failed++;
            }
            if (s->out) {
                rc = gs_h5_write_task(s->out, x->point, x->replicate, x->traj,
                                      c->npriors ? x->prior_values : NULL, e);
                if (rc != GS_OK) goto fail;
                /* The event log keeps replicate 0 of each point: events are
                 * deterministic, so other replicates repeat it (unless a
                 * prior changes the old value, which /prior records). */
                if (x->replicate == 0 && rev.n) {
                    size_t nl = 0;
                    for (size_t i = 0; i < rev.n; i++) {
                        if (isnan(x->ev_old[i]) && isnan(x->ev_new[i])) continue;
                        logbuf[nl] = (gs_h5_event){x->point,         x->replicate,
                                                   c->events[i].time, c->events[i].name,
                                                   c->events[i].key, c->events[i].subset,
                                                   x->ev_old[i],     x->ev_new[i]};
                        nl++;
                    }
                    if (nl && (rc = gs_h5_add_events(s->out, logbuf, nl, e)) != GS_OK) goto fail;
                }
            }
            if (s->on_task &&
                (rc = s->on_task(s->task_ctx, x->point, x->replicate, x->traj,
                                 c->npriors ? x->prior_values : NULL, e)) != GS_OK)
                goto fail;
        }
        progress(s, first + nb, ntasks, 0);
    }
    progress(s, ntasks, ntasks, 1);
    rc = GS_OK;
    goto done;
fail:
    rc = e && e->code ? e->code : GS_ERUN;
done:
    if (wk)
        for (int i = 0; i < nthreads; i++) {
            gs_model_free(wk[i].model);
            if (wk[i].rng) gsl_rng_free(wk[i].rng);
        }
    if (sl)
        for (int64_t b = 0; b < batch; b++) {
            gs_traj_free(sl[b].traj);
            free(sl[b].prior_values);
            free(sl[b].ev_old);
            free(sl[b].ev_new);
        }
    free(wk);
    free(sl);
    free(logbuf);
    events_free(&rev);
    return rc;
}
