/* cli.h - command-line options shared by every govsim command.
 *
 * main() parses argv once into a gs_opts (checking that each flag is one the
 * command accepts) and calls the command's gs_cmd_* function, which returns
 * the exit status: 0 ok, 1 runtime failure, 2 usage or input error.  A
 * command prints its own errors as one line on stderr. */
#ifndef GS_CLI_H
#define GS_CLI_H

#include <stddef.h>
#include <stdint.h>

#define GS_MAX_POS 4

typedef struct gs_opts {
    const char *cmd;
    const char *pos[GS_MAX_POS]; /* positional arguments */
    int npos;
    const char *out;      /* -o */
    int64_t replicates;   /* -r; 0 = from the scenario */
    int has_seed;
    uint64_t seed;        /* -s */
    int threads;          /* -j; 0 = default (1) */
    const char **sets;    /* --set KEY=VALUE, repeatable */
    size_t nset;
    const char **vary;    /* --vary KEY=SPEC, repeatable */
    size_t nvary;
    int force, resume, quiet, nations, md;
    const char *export_path; /* world --export */
    const char *nation;   /* world --nation ISO3 */
    const char *actors, *propensity; /* landscape */
    const char *method;   /* sensitivity --method */
    int64_t samples;      /* sensitivity --samples N (base samples); 0 = default */
    const char *format;   /* params --format */
    char *command_line;   /* the command for provenance, without -j/-o/-q/--force */
} gs_opts;

int gs_cmd_run(const gs_opts *o);
int gs_cmd_sweep(const gs_opts *o);
int gs_cmd_compare(const gs_opts *o);
int gs_cmd_sensitivity(const gs_opts *o);
int gs_cmd_landscape(const gs_opts *o);
int gs_cmd_world(const gs_opts *o);
int gs_cmd_check(const gs_opts *o);
int gs_cmd_params(const gs_opts *o);
int gs_cmd_inspect(const gs_opts *o);

/* Prints "govsim: <cmd>: not available in this version" and returns 2: the
 * answer of a command whose issue has not landed yet. */
int gs_cmd_unavailable(const char *cmd);

/* Prints msg as the one error line ("govsim: msg") and returns code. */
int gs_cli_fail(int code, const char *msg);

#endif
