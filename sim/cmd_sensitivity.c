/* cmd_sensitivity.c - `govsim sensitivity`. */
#include "cli.h"

int gs_cmd_sensitivity(const gs_opts *o)
{
    (void)o;
    return gs_cmd_unavailable("sensitivity");
}
