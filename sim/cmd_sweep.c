/* cmd_sweep.c - `govsim sweep`: every point of a design (design.h) with R
 * replicates each, into one HDF5 file, and a compact table of final shares.
 *
 * Streaming: the design holds the points' values (ndims x npoints doubles,
 * which /sweep stores); the parameters of a point are made on the fly by
 * the runner's point callback; trajectories go to the writer as they finish
 * and the table keeps only its first and last rows.  Memory does not grow
 * with the number of points beyond those values.  Resumable: an interrupted
 * sweep leaves its journal and `--resume` finishes it (ensemble.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_common.h"
#include "design.h"
#include "ensemble.h"
#include "interrupt.h"
#include "parallel.h"
#include "run.h"

#define HEAD_ROWS 8
#define TAIL_ROWS 4

typedef struct row {
    int64_t point;
    double mean[GS_NOPT]; /* by option code */
    int64_t ok, failed;
} row;

typedef struct sweep_ctx {
    const gs_design *d;
    int64_t R;
    row cur; /* the point being accumulated */
    row head[HEAD_ROWS];
    row tail[TAIL_ROWS]; /* ring: the last rows */
    int64_t nrows;
} sweep_ctx;

static int point_params(void *ctx, int64_t point, gs_params *out, gs_err *e)
{
    (void)e;
    gs_design_apply(((sweep_ctx *)ctx)->d, point, out);
    return GS_OK;
}

static int on_task(void *vctx, int64_t point, int64_t replicate, const gs_traj *t,
                   const double *prior_values, gs_err *e)
{
    (void)prior_values;
    (void)e;
    sweep_ctx *x = vctx;
    if (replicate == 0) {
        memset(&x->cur, 0, sizeof x->cur);
        x->cur.point = point;
    }
    if (t->status == 0) {
        const double *s = t->share_count + (size_t)(t->nt - 1) * GS_NOPT;
        for (int o = 0; o < GS_NOPT; o++)
            x->cur.mean[o] += s[o];
        x->cur.ok++;
    } else {
        x->cur.failed++;
    }
    if (replicate == x->R - 1) {
        for (int o = 0; o < GS_NOPT; o++)
            x->cur.mean[o] = x->cur.ok ? x->cur.mean[o] / (double)x->cur.ok : NAN;
        if (x->nrows < HEAD_ROWS)
            x->head[x->nrows] = x->cur;
        else
            x->tail[x->nrows % TAIL_ROWS] = x->cur;
        x->nrows++;
    }
    return GS_OK;
}

static void print_row(const sweep_ctx *x, const row *r, const int *width)
{
    char buf[64];
    printf("  %7lld", (long long)r->point);
    for (int32_t k = 0; k < x->d->ndims; k++) {
        gs_design_format(x->d->dims[k].param, x->d->values[(int64_t)k * x->d->npoints + r->point],
                         buf, sizeof buf);
        printf("  %*s", width[k], buf);
    }
    const int opt[3] = {GS_US, GS_CN, GS_HEDGE};
    for (int i = 0; i < 3; i++) {
        if (isnan(r->mean[opt[i]]))
            printf("  %6s", "-");
        else
            printf("  %6.3f", r->mean[opt[i]]);
    }
    if (r->failed) printf("  %lld of %lld failed", (long long)r->failed, (long long)x->R);
    printf("\n");
}

static void print_table(const sweep_ctx *x, const gs_config *c, const char *out)
{
    const gs_design *d = x->d;
    int *width = calloc((size_t)d->ndims + 1, sizeof *width);
    if (!width) return;
    printf("\n%s: %lld points x %lld replicates; final count shares, mean over replicates%s\n\n",
           c->p.scenario_name, (long long)d->npoints, (long long)x->R, gs_ens_prior_note(c));
    printf("  %7s", "point");
    for (int32_t k = 0; k < d->ndims; k++) {
        width[k] = (int)strlen(d->keys[k]);
        if (width[k] < 8) width[k] = 8;
        printf("  %*s", width[k], d->keys[k]);
    }
    printf("  %6s  %6s  %6s\n", "us", "cn", "hedge");
    int64_t nh = x->nrows < HEAD_ROWS ? x->nrows : HEAD_ROWS;
    for (int64_t i = 0; i < nh; i++)
        print_row(x, &x->head[i], width);
    if (x->nrows > HEAD_ROWS) {
        int64_t ntail = x->nrows - HEAD_ROWS < TAIL_ROWS ? x->nrows - HEAD_ROWS : TAIL_ROWS;
        int64_t skipped = x->nrows - HEAD_ROWS - ntail;
        if (skipped > 0)
            printf("  ... %lld more points not shown (every point is in %s: /sweep, "
                   "/share_count, /summary)\n",
                   (long long)skipped, out);
        for (int64_t i = x->nrows - ntail; i < x->nrows; i++)
            print_row(x, &x->tail[i % TAIL_ROWS], width);
    }
    free(width);
}

int gs_cmd_sweep(const gs_opts *o)
{
    gs_config *c = NULL;
    gs_world *w = NULL;
    gs_design *d = NULL;
    gs_ens ens;
    gs_cmd_meta cm = {0};
    sweep_ctx x;
    gs_err e = {0};
    int rc;
    char out[GS_PATH_MAX] = "";
    size_t payload = 0;
    memset(&x, 0, sizeof x);
    memset(&ens, 0, sizeof ens);

    if ((rc = gs_cmd_load_config(o, o->pos[0], &c))) return rc;
    d = gs_design_build(c, o->vary, o->nvary, (uint64_t)c->p.seed, &e);
    if (!d) {
        rc = gs_cmd_report(&e);
        goto setup_done;
    }
    if ((rc = gs_cmd_build_world(c, &w))) goto setup_done;
    gs_cmd_out_path(o, c, "_sweep", out, sizeof out);
    if (c->p.replicates > INT64_MAX / d->npoints) {
        rc = gs_cli_fail(2, "sweep: too many tasks (points x replicates)");
        goto setup_done;
    }

    if ((rc = gs_cmd_meta_init(o, c, w, o->pos[0], &cm))) goto setup_done;
    cm.meta.npoints = d->npoints;
    cm.meta.nsweep = d->ndims;
    cm.meta.sweep_keys = d->keys;
    cm.meta.sweep_values = d->values;
    rc = 0;
setup_done:;
    gs_run_spec spec;
    memset(&spec, 0, sizeof spec);
    if (rc == 0) {
        spec = gs_cmd_spec(o, c, w);
        spec.npoints = d->npoints;
        spec.point_params = point_params;
        spec.point_ctx = &x;
        spec.on_task = on_task;
        spec.task_ctx = &x;
    }
    if (rc == 0 && !(payload = gs_run_task_bytes(&spec, &e))) rc = gs_cmd_report(&e);
    /* From here a signal stops the sweep cleanly (interrupt.h). */
    gs_intr_install();
    /* Every rank gets here (errors so far are the same on every rank, or
     * reported by gs_ens_open). */
    if ((rc = gs_ens_open(rc, &ens, out, o, 1, &cm.meta, payload)) != 0 || ens.skip) goto done;
    spec.out = ens.h;
    spec.journal = ens.journal;
    x.d = d;
    x.R = c->p.replicates;
    gs_run_result res;
    rc = gs_run(&spec, &res, &e);
    if ((rc = gs_ens_finish(&ens, rc, &e, &res)) != 0) goto done;
    if (gs_par_rank() == 0) print_table(&x, c, out);
    rc = gs_ens_report(&ens, &res);
done:
    gs_ens_abort(&ens);
    gs_cmd_meta_free(&cm);
    gs_design_free(d);
    gs_world_free(w);
    gs_config_free(c);
    return rc;
}
