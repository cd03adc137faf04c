/* main.c - govsim's entry point: parses the command line, dispatches to the
 * command, and turns its result into the exit status.  The only place that
 * exits. */
#include <errno.h>
#include <signal.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "parallel.h"
#include "version.h"

typedef struct command {
    const char *name;
    int (*fn)(const gs_opts *);
    int minpos, maxpos;
    const char *flags; /* accepted flags, space-separated, e.g. "-o -r -s" */
    const char *usage;
    const char *help;
} command;

static const command commands[] = {
    {"run", gs_cmd_run, 1, 1, "-o -r -s -j --set --force --resume -q",
     "govsim run SCENARIO.ini [-o FILE.h5] [-r REPLICATES] [-s SEED] [-j THREADS]\n"
     "                        [--set KEY=VALUE]... [--force] [--resume] [-q]",
     "Runs a scenario (replicates in parallel with -j) and writes trajectories to HDF5\n"
     "(default results/<scenario>.h5); prints final shares with 5-95% bands."},
    {"sweep", gs_cmd_sweep, 1, 1, "-o -r -s -j --set --vary --force --resume -q",
     "govsim sweep SCENARIO.ini [--vary KEY=SPEC]... [-o FILE.h5] [-r R] [-s SEED] [-j N]\n"
     "                          [--set KEY=VALUE]... [--force] [--resume] [-q]",
     "Runs every point of a grid from [sweep] and --vary. SPEC: a,b,c | start:stop:step |\n"
     "lhs:N[:LO:HI] | sobol:N[:LO:HI] | LO:HI (joins the lhs/sobol block of another key)."},
    {"compare", gs_cmd_compare, 2, 2, "-o -r -s -j --set --force -q",
     "govsim compare A.ini B.ini [-o FILE.h5] [-r R] [-s SEED] [-j N] [--force] [-q]",
     "Runs both scenarios with common random numbers and reports paired differences\n"
     "of final outcomes with bootstrap 95% intervals."},
    {"sensitivity", gs_cmd_sensitivity, 1, 1,
     "-o -r -s -j --set --vary --method --samples --force -q",
     "govsim sensitivity SCENARIO.ini --vary KEY=LO:HI... [--method sobol] [--samples N]\n"
     "                                [-o FILE.h5] [-r R] [-s SEED] [-j N] [--force] [-q]",
     "First-order and total Sobol indices of final outcomes to the varied parameters."},
    {"landscape", gs_cmd_landscape, 0, 1, "--actors --propensity --set -s -q",
     "govsim landscape SCENARIO.ini | --actors F.csv --propensity F.csv",
     "Axelrod-Bennett landscape: every local minimum of the two-camp energy, with basins."},
    {"world", gs_cmd_world, 1, 1, "--export --nation --set -s -q",
     "govsim world SCENARIO.ini [--export FILE.graphml] [--nation ISO3] [--set KEY=VALUE]...\n"
     "                          [-s SEED]",
     "Prints the world a scenario builds: layers, degrees, components, imputed cells,\n"
     "top trade partners; --export writes the merged graph as GraphML."},
    {"check", gs_cmd_check, 1, 1, "--set",
     "govsim check SCENARIO.ini [--set KEY=VALUE]...",
     "Validates a scenario and prints the resolved config: every key with where its\n"
     "value came from (default, FILE:LINE, or --set)."},
    {"params", gs_cmd_params, 0, 0, "--format",
     "govsim params [--format md]",
     "Lists every parameter: key, type, default, range, unit and description."},
    {"inspect", gs_cmd_inspect, 1, 1, "--nations",
     "govsim inspect FILE.h5 [--nations]",
     "Says what run made a file, its dimensions and final shares; --nations adds\n"
     "per-nation final probabilities and switching shares."},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage_all(FILE *f)
{
    fprintf(f, "govsim %s - nations choosing between China's and the U.S.'s AI offers\n\n",
            gs_version);
    fprintf(f, "usage: govsim COMMAND [options]   (govsim COMMAND --help for details)\n\n");
    fprintf(f, "commands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++) {
        const char *nl = strchr(commands[i].help, '\n');
        int len = nl ? (int)(nl - commands[i].help) : (int)strlen(commands[i].help);
        fprintf(f, "  %-12s %.*s\n", commands[i].name, len, commands[i].help);
    }
    fprintf(f, "\noptions: --help, --version.  Exit status: 0 ok, 1 runtime failure, "
               "2 usage or input error,\n"
               "128+signal interrupted (resumable with --resume).\n");
}

static int accepts(const command *c, const char *flag)
{
    size_t l = strlen(flag);
    const char *p = c->flags;
    while ((p = strstr(p, flag)) != NULL) {
        if ((p == c->flags || p[-1] == ' ') && (p[l] == ' ' || p[l] == '\0')) return 1;
        p += l;
    }
    return 0;
}

static int parse_int(const char *cmd, const char *flag, const char *s, long long lo,
                     long long hi, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || errno || v < lo || v > hi) {
        fprintf(stderr, "govsim: %s: %s expects an integer in [%lld, %lld], got '%s'\n", cmd,
                flag, lo, hi, s);
        return -1;
    }
    *out = v;
    return 0;
}

/* Appends s to the provenance command line, quoting when needed. */
static void cmdline_add(char **buf, size_t *len, size_t *cap, const char *s)
{
    size_t need = strlen(s) * 4 + 4;
    if (*len + need >= *cap) {
        size_t ncap = (*cap + need) * 2;
        char *nb = realloc(*buf, ncap);
        if (!nb) return;
        *buf = nb;
        *cap = ncap;
    }
    if (*len) (*buf)[(*len)++] = ' ';
    int quote = strpbrk(s, " \t'\"$\\") != NULL || !*s;
    if (quote) (*buf)[(*len)++] = '\'';
    for (const char *c = s; *c; c++) {
        if (*c == '\'' && quote) {
            memcpy(*buf + *len, "'\\''", 4);
            *len += 4;
        } else {
            (*buf)[(*len)++] = *c;
        }
    }
    if (quote) (*buf)[(*len)++] = '\'';
    (*buf)[*len] = '\0';
}

int main(int argc, char **argv)
{
#ifdef __GLIBC__
    /* HDF5's deflate filter sets up zlib for every chunk it compresses
     * (~270 kB of window and hash), above glibc's default mmap threshold:
     * each chunk then costs an mmap, page faults and a munmap with TLB
     * shootdowns, which made a sweep of 10,000 tiny points 3x slower
     * (docs/performance.md).  Keep such blocks in the heap, and the heap's
     * top for reuse; only very large arrays (worlds) still get their own
     * mappings, returned at free. */
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
#endif
    /* Past a file-size limit (ulimit -f) a write raises SIGXFSZ, whose
     * default action kills the process without a word; ignored, the write
     * fails with EFBIG and the writer reports "File too large". */
    signal(SIGXFSZ, SIG_IGN);
    /* govsim-mpi: MPI starts first (a no-op in govsim; see parallel.h). */
    if (gs_par_init(&argc, &argv) != 0) {
        fprintf(stderr, "govsim: cannot start MPI\n");
        return 1;
    }
    if (argc < 2) {
        usage_all(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage_all(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
        printf("govsim %s (commit %s)\n", gs_version, gs_git_commit);
        return 0;
    }
    const command *c = NULL;
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(argv[1], commands[i].name)) c = &commands[i];
    if (!c) {
        fprintf(stderr, "govsim: unknown command '%s' (govsim --help lists them)\n", argv[1]);
        return 2;
    }

    gs_opts o;
    memset(&o, 0, sizeof o);
    o.cmd = c->name;
    o.sets = calloc((size_t)argc, sizeof *o.sets);
    o.vary = calloc((size_t)argc, sizeof *o.vary);
    char *cl = NULL;
    size_t cllen = 0, clcap = 0;
    cmdline_add(&cl, &cllen, &clcap, "govsim");
    cmdline_add(&cl, &cllen, &clcap, c->name);
    int rc = 2;
    if (!o.sets || !o.vary) {
        fprintf(stderr, "govsim: out of memory\n");
        rc = 1;
        goto done;
    }
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            printf("usage: %s\n\n%s\n", c->usage, c->help);
            rc = 0;
            goto done;
        }
        if (a[0] == '-' && a[1] != '\0') {
            /* Accept --flag=value as well as --flag value. */
            char flag[64];
            const char *val = NULL;
            const char *eq = a[1] == '-' ? strchr(a, '=') : NULL;
            if (eq && (size_t)(eq - a) < sizeof flag) {
                memcpy(flag, a, (size_t)(eq - a));
                flag[eq - a] = '\0';
                val = eq + 1;
            } else {
                snprintf(flag, sizeof flag, "%s", a);
            }
            if (!accepts(c, flag)) {
                fprintf(stderr, "govsim: %s: unknown option '%s' (govsim %s --help)\n", c->name,
                        flag, c->name);
                goto done;
            }
            int boolean = !strcmp(flag, "--force") || !strcmp(flag, "--resume") ||
                          !strcmp(flag, "-q") || !strcmp(flag, "--nations");
            if (!boolean && !val) {
                if (i + 1 >= argc) {
                    fprintf(stderr, "govsim: %s: option %s needs a value\n", c->name, flag);
                    goto done;
                }
                val = argv[++i];
            }
            long long v;
            int keep = 1; /* part of the provenance command line? */
            if (!strcmp(flag, "-o")) {
                o.out = val;
                keep = 0;
            } else if (!strcmp(flag, "-r")) {
                if (parse_int(c->name, flag, val, 1, 10000000, &v)) goto done;
                o.replicates = v;
            } else if (!strcmp(flag, "-s")) {
                if (parse_int(c->name, flag, val, 0, 9007199254740992LL, &v)) goto done;
                o.seed = (uint64_t)v;
                o.has_seed = 1;
            } else if (!strcmp(flag, "-j")) {
                if (parse_int(c->name, flag, val, 1, 4096, &v)) goto done;
                o.threads = (int)v;
                keep = 0;
            } else if (!strcmp(flag, "--set")) {
                if (!strchr(val, '=')) {
                    fprintf(stderr, "govsim: --set: expected KEY=VALUE, got '%s'\n", val);
                    goto done;
                }
                o.sets[o.nset++] = val;
            } else if (!strcmp(flag, "--vary")) {
                if (!strchr(val, '=')) {
                    fprintf(stderr, "govsim: --vary: expected KEY=SPEC, got '%s'\n", val);
                    goto done;
                }
                o.vary[o.nvary++] = val;
            } else if (!strcmp(flag, "--force")) {
                o.force = 1;
                keep = 0;
            } else if (!strcmp(flag, "--resume")) {
                o.resume = 1;
                keep = 0;
            } else if (!strcmp(flag, "-q")) {
                o.quiet = 1;
                keep = 0;
            } else if (!strcmp(flag, "--nations")) {
                o.nations = 1;
            } else if (!strcmp(flag, "--export")) {
                o.export_path = val;
            } else if (!strcmp(flag, "--nation")) {
                o.nation = val;
            } else if (!strcmp(flag, "--actors")) {
                o.actors = val;
            } else if (!strcmp(flag, "--propensity")) {
                o.propensity = val;
            } else if (!strcmp(flag, "--method")) {
                o.method = val;
            } else if (!strcmp(flag, "--samples")) {
                if (parse_int(c->name, flag, val, 2, 100000000, &v)) goto done;
                o.samples = v;
            } else if (!strcmp(flag, "--format")) {
                o.format = val;
            }
            if (keep) {
                cmdline_add(&cl, &cllen, &clcap, flag);
                if (!boolean) cmdline_add(&cl, &cllen, &clcap, val);
            }
            continue;
        }
        if (o.npos >= GS_MAX_POS || o.npos >= c->maxpos) {
            fprintf(stderr, "govsim: %s: unexpected argument '%s' (govsim %s --help)\n",
                    c->name, a, c->name);
            goto done;
        }
        o.pos[o.npos++] = a;
        cmdline_add(&cl, &cllen, &clcap, a);
    }
    if (o.npos < c->minpos) {
        fprintf(stderr, "govsim: %s: missing argument\nusage: %s\n", c->name, c->usage);
        goto done;
    }
    o.command_line = cl;
    rc = c->fn(&o);
done:
    free(cl);
    free(o.sets);
    free(o.vary);
    return gs_par_exit(rc); /* govsim-mpi: a failing rank ends the job */
}
