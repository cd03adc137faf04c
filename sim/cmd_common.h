/* cmd_common.h - steps every simulation command shares: load and override a
 * scenario, build its world, choose the output path, print errors. */
#ifndef GS_CMD_COMMON_H
#define GS_CMD_COMMON_H

#include "cli.h"
#include "config.h"
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

#endif
