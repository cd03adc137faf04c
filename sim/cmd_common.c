/* cmd_common.c - shared command steps (cmd_common.h). */
#include "cmd_common.h"

#include "../models/model.h"
#include "rng.h"
#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int gs_cmd_report(const gs_err *e)
{
    int code = e && e->code ? e->code : GS_ERUN;
    fprintf(stderr, "govsim: %s\n", e && e->msg[0] ? e->msg : "unknown error");
    return code;
}

int gs_cmd_load_config(const gs_opts *o, const char *path, gs_config **out)
{
    gs_err e = {0};
    *out = NULL;
    gs_config *c = gs_config_load(path, o->sets, o->nset, &e);
    if (!c) return gs_cmd_report(&e);
    if (o->replicates > 0) c->p.replicates = o->replicates;
    if (o->has_seed) c->p.seed = (int64_t)o->seed;
    *out = c;
    return 0;
}

int gs_cmd_build_world(const gs_config *c, gs_world **out)
{
    gs_err e = {0};
    *out = gs_world_build(c, &e);
    if (!*out) return gs_cmd_report(&e);
    /* A parameter combination the model cannot use is bad input: say so
     * now, with exit 2 and no output file, rather than as R failed tasks.
     * One initialisation on the main thread costs next to nothing. */
    gs_model *m = gs_model_alloc(*out, &e);
    gsl_rng *r = m ? gs_rng_alloc((uint64_t)c->p.seed, GS_RNG_DYNAMICS, 0, 0, &e) : NULL;
    int rc = r ? gs_model_init(m, *out, &c->p, r, &e) : e.code;
    if (r) gsl_rng_free(r);
    gs_model_free(m);
    if (rc != GS_OK) {
        gs_world_free(*out);
        *out = NULL;
        return gs_cmd_report(&e);
    }
    return 0;
}

void gs_cmd_out_path(const gs_opts *o, const gs_config *c, const char *suffix, char *buf,
                     size_t len)
{
    if (o->out)
        snprintf(buf, len, "%s", o->out);
    else
        snprintf(buf, len, "results/%s%s.h5", c->p.scenario_name[0] ? c->p.scenario_name : "run",
                 suffix);
}

int gs_cmd_threads(const gs_opts *o)
{
    return o->threads > 0 ? o->threads : 1;
}

gs_run_spec gs_cmd_spec(const gs_opts *o, const gs_config *c, const gs_world *w)
{
    return (gs_run_spec){
        .config = c,
        .world = w,
        .npoints = 1,
        .nreplicates = c->p.replicates,
        .seed = (uint64_t)c->p.seed,
        .threads = gs_cmd_threads(o),
        .quiet = o->quiet,
        .level = c->p.out_level,
    };
}

int gs_cmd_meta_init(const gs_opts *o, const gs_config *c, const gs_world *w, const char *scenario,
                     gs_cmd_meta *m)
{
    gs_err e = {0};
    int32_t nt = 0;
    memset(m, 0, sizeof *m);
    if (!(m->text = gs_config_text(c, 0, &e)) || !(m->times = gs_run_times(&c->p, &nt, &e)) ||
        !(m->prior_keys = gs_calloc(c->npriors + 1, sizeof *m->prior_keys, "priors", &e)))
        return gs_cmd_report(&e);
    for (size_t k = 0; k < c->npriors; k++)
        m->prior_keys[k] = c->priors[k].key;
    m->meta = (gs_h5_meta){
        .world = w,
        .config = c,
        .config_text = m->text,
        .command = o->command_line,
        .scenario = scenario,
        .seed = (uint64_t)c->p.seed,
        .npoints = 1,
        .nreplicates = c->p.replicates,
        .ntimes = nt,
        .times = m->times,
        .level = c->p.out_level,
        .nprior = (int32_t)c->npriors,
        .prior_keys = m->prior_keys,
        .threads = gs_cmd_threads(o),
    };
    return 0;
}

void gs_cmd_meta_free(gs_cmd_meta *m)
{
    free(m->prior_keys);
    free(m->times);
    free(m->text);
    memset(m, 0, sizeof *m);
}
