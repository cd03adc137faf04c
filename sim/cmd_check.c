/* cmd_check.c - `govsim check`: loads a scenario with its base chain and
 * --set overrides, and prints the resolved config with the origin of every
 * value.  It reads scenario files only: the world (data tables, edge
 * lists) is validated by the commands that build it. */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "config.h"

int gs_cmd_check(const gs_opts *o)
{
    gs_err e = {0};
    char *text = NULL;
    gs_config *c = gs_config_load(o->pos[0], o->sets, o->nset, &e);
    if (c) text = gs_config_text(c, 1, &e);
    int rc = 0;
    if (!text) {
        rc = gs_cli_fail(e.code ? e.code : 1, e.msg);
    } else if (fputs(text, stdout) == EOF || fflush(stdout) != 0) {
        rc = gs_cli_fail(1, "check: cannot write to standard output");
    }
    free(text);
    gs_config_free(c);
    return rc;
}
