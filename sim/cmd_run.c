/* cmd_run.c - `govsim run`: one scenario, R replicates, one HDF5 file and a
 * printed table of final shares.  Resumable: an interrupted run leaves its
 * journal and `--resume` finishes it (ensemble.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_common.h"
#include "ensemble.h"
#include "parallel.h"
#include "h5out.h"
#include "interrupt.h"
#include "report.h"
#include "run.h"

static int collect(void *ctx, int64_t point, int64_t replicate, const gs_traj *t,
                   const double *prior_values, gs_err *e)
{
    (void)point;
    (void)replicate;
    (void)prior_values;
    (void)e;
    if (t->status == 0) gs_report_add(ctx, t);
    return GS_OK;
}

int gs_cmd_run(const gs_opts *o)
{
    gs_config *c = NULL;
    gs_world *w = NULL;
    gs_report *rep = NULL;
    gs_ens ens;
    gs_cmd_meta cm = {0};
    gs_err e = {0};
    int rc;
    char out[GS_PATH_MAX];
    memset(&ens, 0, sizeof ens);

    if ((rc = gs_cmd_load_config(o, o->pos[0], &c))) return rc;
    if ((rc = gs_cmd_build_world(c, &w))) goto done;
    gs_cmd_out_path(o, c, "", out, sizeof out);

    if ((rc = gs_cmd_meta_init(o, c, w, o->pos[0], &cm))) goto done;
    if (!(rep = gs_report_alloc(c->p.replicates, &e))) {
        rc = gs_cmd_report(&e);
        goto done;
    }
    gs_run_spec spec = gs_cmd_spec(o, c, w);
    spec.on_task = collect;
    spec.task_ctx = rep;
    size_t payload = gs_run_task_bytes(&spec, &e);
    rc = payload ? 0 : gs_cmd_report(&e);
    /* From here a signal stops the run cleanly (interrupt.h). */
    gs_intr_install();
    /* govsim-mpi: rank 0 alone writes; every rank agrees before running. */
    if ((rc = gs_ens_open(rc, &ens, out, o, 1, &cm.meta, payload)) != 0 || ens.skip) goto done;
    spec.out = ens.h;
    spec.journal = ens.journal;
    gs_run_result res;
    rc = gs_run(&spec, &res, &e);
    if ((rc = gs_ens_finish(&ens, rc, &e, &res)) != 0) goto done;
    if (gs_par_rank() != 0) goto done; /* MPI workers: nothing to write or print */
    if (c->npriors)                    /* the spread over replicates includes the prior draws */
        printf("\n(bands include parameter uncertainty from [prior]: %zu parameter%s drawn per "
               "replicate)\n",
               c->npriors, c->npriors == 1 ? "" : "s");
    gs_report_print(rep, stdout, c->p.scenario_name);
    rc = gs_ens_report(&ens, &res);
done:
    gs_ens_abort(&ens);
    gs_cmd_meta_free(&cm);
    gs_report_free(rep);
    gs_world_free(w);
    gs_config_free(c);
    return rc;
}
