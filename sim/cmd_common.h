/* cmd_common.h - steps every simulation command shares: load and override a
 * scenario, build its world, choose the output path, print errors. */
#ifndef GS_CMD_COMMON_H
#define GS_CMD_COMMON_H

#include "cli.h"
#include "config.h"
#include "h5out.h"
#include "run.h"
#include "world.h"

/* Loads path with the command's --set overrides, then applies -r and -s.
 * Prints the one-line error and returns its code on failure (*out NULL). */
int gs_cmd_load_config(const gs_opts *o, const char *path, gs_config **out);

/* Builds the world of c; prints the one-line error on failure. */
int gs_cmd_build_world(const gs_config *c, gs_world **out);

/* The output path: -o when given, else results/<scenario.name><suffix>.h5.
 * Writes into buf. */
void gs_cmd_out_path(const gs_opts *o, const gs_config *c, const char *suffix, char *buf,
                     size_t len);

/* Prints "govsim: <msg>" for e and returns its code (GS_ERUN when unset). */
int gs_cmd_report(const gs_err *e);

/* Threads for -j (default 1). */
int gs_cmd_threads(const gs_opts *o);

/* The run every command starts from: config c on world w, one point, c's
 * replicates, seed and output level, and o's -j and -q; the command adds
 * its points, callbacks and output. */
gs_run_spec gs_cmd_spec(const gs_opts *o, const gs_config *c, const gs_world *w);

/* The output metadata every simulation command fills the same way: the
 * resolved config text, the time axis, the prior keys, seed, level, command
 * line and scenario path of c on world w, for one point (callers set
 * npoints and sweep fields after).  Owns the arrays meta points to; free
 * with gs_cmd_meta_free (also after a failed init).  Prints the error. */
typedef struct gs_cmd_meta {
    gs_h5_meta meta;
    char *text;
    double *times;
    const char **prior_keys;
} gs_cmd_meta;

int gs_cmd_meta_init(const gs_opts *o, const gs_config *c, const gs_world *w, const char *scenario,
                     gs_cmd_meta *m);
void gs_cmd_meta_free(gs_cmd_meta *m);

#endif
