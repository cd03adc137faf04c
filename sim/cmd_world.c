/* cmd_world.c - `govsim world`. */
#include "cli.h"

int gs_cmd_world(const gs_opts *o)
{
    (void)o;
    return gs_cmd_unavailable("world");
}
