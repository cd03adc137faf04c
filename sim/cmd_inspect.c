/* cmd_inspect.c - `govsim inspect`. */
#include "cli.h"

int gs_cmd_inspect(const gs_opts *o)
{
    (void)o;
    return gs_cmd_unavailable("inspect");
}
