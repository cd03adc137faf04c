/* traj.c - per-task trajectory buffers and the output-time schedule (traj.h).
 *
 * Output times are the initial state, every out_every-th step, and always the
 * last step, so that `output.every` never loses the final state the tables
 * report. */
#include "traj.h"

#include <math.h>
#include <stdlib.h>

gs_traj *gs_traj_alloc(int32_t n, int32_t nt, int32_t nregions, int level, gs_err *e)
{
    if (n < 1 || nt < 1 || nregions < 0 || (level != GS_OUT_FULL && level != GS_OUT_SHARES)) {
        gs_err_set(e, GS_ERUN, "gs_traj_alloc: bad size (n %d, nt %d, nregions %d, level %d)",
                   (int)n, (int)nt, (int)nregions, level);
        return NULL;
    }
    gs_traj *t = gs_calloc(1, sizeof *t, "trajectory", e);
    if (!t) return NULL;
    t->n = n;
    t->nt = nt;
    t->nregions = nregions;
    t->level = level;
    size_t snt = (size_t)nt, sn = (size_t)n;
    if (level == GS_OUT_FULL &&
        (!(t->alignment = gs_calloc(snt * sn, 1, "trajectory", e)) ||
         !(t->standard = gs_calloc(snt * sn, 1, "trajectory", e)) ||
         !(t->prob = gs_calloc(snt * sn * GS_NOPT, sizeof(float), "trajectory", e))))
        goto fail;
    double **d[] = {&t->share_count,   &t->share_population, &t->share_gdp,
                    &t->share_global_south, &t->share_region, &t->standard_share,
                    &t->interoperability, &t->assortativity,  &t->modularity,
                    &t->switches};
    size_t len[] = {snt * GS_NOPT, snt * GS_NOPT, snt * GS_NOPT, snt * GS_NOPT,
                    snt * (size_t)(nregions ? nregions : 1) * GS_NOPT,
                    snt * GS_NTRACK, snt, snt, snt, snt};
    for (size_t k = 0; k < sizeof d / sizeof d[0]; k++) {
        if (!(*d[k] = gs_malloc(len[k], sizeof(double), "trajectory", e))) goto fail;
        for (size_t i = 0; i < len[k]; i++) (*d[k])[i] = NAN; /* unobserved slots */
    }
    return t;
fail:
    gs_traj_free(t);
    return NULL;
}

void gs_traj_free(gs_traj *t)
{
    if (!t) return;
    free(t->alignment);
    free(t->prob);
    free(t->standard);
    free(t->share_count);
    free(t->share_population);
    free(t->share_gdp);
    free(t->share_global_south);
    free(t->share_region);
    free(t->standard_share);
    free(t->interoperability);
    free(t->assortativity);
    free(t->modularity);
    free(t->switches);
    free(t->obs.label);
    free(t->obs.track);
    free(t->obs.mark);
    free(t->obs.changed);
    free(t->obs.rcount);
    free(t);
}

int32_t gs_traj_ntimes(const gs_params *p)
{
    int64_t k = p->out_every > 0 ? p->out_every : 1;
    int64_t steps = p->steps > 0 ? p->steps : 0;
    int64_t nt = steps / k + 1 + (steps % k != 0);
    return nt > INT32_MAX ? INT32_MAX : (int32_t)nt;
}

int64_t gs_traj_step_of(const gs_params *p, int32_t k)
{
    int64_t every = p->out_every > 0 ? p->out_every : 1;
    int64_t steps = p->steps > 0 ? p->steps : 0;
    int64_t s = (int64_t)k * every;
    return s < steps ? s : steps;
}
