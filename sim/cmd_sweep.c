/* cmd_sweep.c - `govsim sweep`. */
#include "cli.h"

int gs_cmd_sweep(const gs_opts *o)
{
    (void)o;
    return gs_cmd_unavailable("sweep");
}
