/* config.h - a resolved scenario: parameters plus the scenario's sections.
 *
 * gs_config_load() reads a scenario INI file through inih's
 * ini_parse_stream() with a line reader of our own (the Debian build of inih
 * reports no line numbers, cuts lines at 199 characters, takes only ';' as an
 * inline comment and treats indented lines as continuations), follows the
 * `[scenario] base =` chain, applies `--set` overrides, and validates every
 * key against the parameter table.  Precedence: defaults < base chain (the
 * farthest ancestor first) < this file < --set.  Only this module knows INI. */
#ifndef GS_CONFIG_H
#define GS_CONFIG_H

#include "params.h"

/* Where a parameter's value came from: file == NULL and line == 0 means the
 * built-in default; file == "--set" means the command line. */
typedef struct gs_origin {
    const char *file; /* interned, owned by the config */
    int line;
} gs_origin;

typedef enum { GS_EV_SET, GS_EV_SCALE, GS_EV_ADD } gs_evop;

/* [event NAME]: time = 2027.0, key = cn.budget | nation.threat,
 * op = set|scale|add, value = 0.5, subset = (optional) ISO3 list, region,
 * subregion or group (nato, rio, us_treaty, mnna, bri, sco, brics, g7, eu,
 * nam, global_south).  Subsets apply to nation attributes only. */
typedef struct gs_event {
    char name[64];
    double time;
    char key[128];
    int param;          /* index in gs_param_table, or -1 for a nation attribute */
    char attr[64];      /* nation attribute name when param == -1 */
    gs_evop op;
    double value;       /* for enum/string parameters with op=set: see text */
    char text[GS_TEXT_MAX]; /* the value as written (for enum/string set) */
    char subset[GS_TEXT_MAX]; /* as written; "" = all nations */
    gs_origin where;
} gs_event;

/* One [sweep] dimension: key = 0.1, 0.2, 0.3  or  key = 0:1:0.25. */
typedef struct gs_sweep_dim {
    char key[128];
    int param;
    size_t nvalues;
    double *values;    /* owned */
    char **texts;      /* owned; value texts (enum sweeps), parallel to values */
    gs_origin where;
} gs_sweep_dim;

/* One [prior] line: key = uniform(lo, hi) | normal(mu, sd) | beta(a, b) |
 * triangular(lo, mode, hi). */
typedef enum { GS_PRIOR_UNIFORM, GS_PRIOR_NORMAL, GS_PRIOR_BETA, GS_PRIOR_TRIANGULAR } gs_prior_kind;
typedef struct gs_prior {
    char key[128];
    int param;
    gs_prior_kind kind;
    double a, b, c;
    gs_origin where;
} gs_prior;

/* One [nation.ISO3] line: attr = value. */
typedef struct gs_nation_override {
    char iso3[8];
    char attr[64];
    char text[GS_TEXT_MAX]; /* value as written (alignment = us is text) */
    double value;           /* parsed when numeric, else NAN */
    gs_origin where;
} gs_nation_override;

typedef struct gs_config {
    gs_params p;
    gs_origin origin[256];   /* per parameter index; sized >= gs_nparams (checked) */
    char *path;              /* the scenario file as given */
    gs_event *events;
    size_t nevents;
    gs_sweep_dim *sweep;
    size_t nsweep;
    gs_prior *priors;
    size_t npriors;
    gs_nation_override *overrides;
    size_t noverrides;
    char **files;            /* interned file names (origins point here) */
    size_t nfiles;
} gs_config;

/* Loads path with the given "KEY=VALUE" overrides (nset may be 0).  Path
 * parameters are resolved relative to the directory of the file that set
 * them (a --set path is relative to the working directory).  Returns NULL
 * and fills e ("FILE:LINE: message", code GS_EINPUT, or GS_ERUN when out of
 * memory) on any error; the caller owns the result. */
gs_config *gs_config_load(const char *path, const char *const *sets, size_t nset, gs_err *e);

/* A config with defaults only and no file (tests, synthetic runs). */
gs_config *gs_config_defaults(gs_err *e);

void gs_config_free(gs_config *c);

/* Applies one "KEY=VALUE" to an existing config as the command line would
 * (sweeps reuse this).  Returns GS_EINPUT with "--set: message" on error. */
int gs_config_set(gs_config *c, const char *kv, gs_err *e);

/* The resolved config as INI text: every parameter, sections in table order,
 * then events, sweep, priors and nation overrides; with_origin adds a
 * "; from FILE:LINE" comment per key (`govsim check`).  The text without
 * origins is what outputs store and hash.  Caller frees. */
char *gs_config_text(const gs_config *c, int with_origin, gs_err *e);

/* Attribute names an [event] or [nation.ISO3] section may name. */
int gs_config_is_nation_attr(const char *name);

#endif
