/* cmd_check.c - `govsim check`. */
#include "cli.h"

int gs_cmd_check(const gs_opts *o)
{
    (void)o;
    return gs_cmd_unavailable("check");
}
