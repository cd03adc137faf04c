/* cmd_common.c - shared command steps (cmd_common.h). */
#include "cmd_common.h"

#include "../models/model.h"
#include "rng.h"

#include <stdio.h>
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
