/* cmd_compare.c - `govsim compare`. */
#include "cli.h"

int gs_cmd_compare(const gs_opts *o)
{
    (void)o;
    return gs_cmd_unavailable("compare");
}
