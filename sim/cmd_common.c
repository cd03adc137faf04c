/* cmd_common.c - shared command steps (cmd_common.h). */
#include "cmd_common.h"

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
