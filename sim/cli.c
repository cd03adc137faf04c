/* cli.c - small helpers shared by the command implementations. */
#include "cli.h"

#include <stdio.h>

int gs_cmd_unavailable(const char *cmd)
{
    fprintf(stderr, "govsim: %s: not available in this version\n", cmd);
    return 2;
}

int gs_cli_fail(int code, const char *msg)
{
    fprintf(stderr, "govsim: %s\n", msg);
    return code;
}
