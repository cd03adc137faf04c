/* ensemble.c - shared steps of the ensemble commands (ensemble.h). */
#include "ensemble.h"

#include <stdio.h>

#include "cmd_common.h"
#include "parallel.h"

int gs_ens_open(int rc, const char *path, int force, const gs_h5_meta *m, gs_h5 **h)
{
    *h = NULL;
    if (rc == 0 && gs_par_rank() == 0) {
        gs_err e = {0};
        *h = gs_h5_create(path, force, m, &e);
        if (!*h) rc = gs_cmd_report(&e);
    }
    int all = gs_par_agree(rc);
    if (all != 0) {
        gs_h5_abort(*h);
        *h = NULL;
        return rc ? rc : all;
    }
    return 0;
}

int gs_ens_close(gs_h5 *h, const char *path, const gs_run_result *res)
{
    gs_err e = {0};
    if (h && gs_h5_close(h, &e) != GS_OK) return gs_cmd_report(&e);
    if (h) printf("\n  wrote %s\n", path);
    if (res->tasks_failed) {
        fprintf(stderr, "govsim: %lld of %lld tasks failed (listed in /tasks); first: %s\n",
                (long long)res->tasks_failed, (long long)(res->tasks_failed + res->tasks_done),
                res->first_failure);
        return 1;
    }
    return 0;
}

const char *gs_ens_prior_note(const gs_config *c)
{
    return c->npriors ? " (bands include parameter uncertainty from [prior])" : "";
}
