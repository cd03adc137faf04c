/* cmd_params.c - `govsim params`: the parameter table, plain or Markdown. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "params.h"

int gs_cmd_params(const gs_opts *o)
{
    int md = 0;
    if (o->format) {
        if (!strcmp(o->format, "md"))
            md = 1;
        else if (strcmp(o->format, "text") != 0) {
            fprintf(stderr, "govsim: params: --format expects md or text, got '%s'\n",
                    o->format);
            return 2;
        }
    }
    gs_params_print(stdout, md);
    return 0;
}
