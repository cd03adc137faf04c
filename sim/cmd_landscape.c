/* cmd_landscape.c - `govsim landscape`. */
#include "cli.h"

int gs_cmd_landscape(const gs_opts *o)
{
    (void)o;
    return gs_cmd_unavailable("landscape");
}
