/* cmd_run.c - `govsim run`. */
#include "cli.h"

int gs_cmd_run(const gs_opts *o)
{
    (void)o;
    return gs_cmd_unavailable("run");
}
