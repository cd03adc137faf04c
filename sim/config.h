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
 * nam, global_south).  Subsets apply to nation attributes only.
 *
 * As loaded: time >= scenario.start (an event after the last step is kept
 * and has no effect); key is a parameter outside [scenario], [world] and
 * [output] (those are fixed when a run starts) that is not a string or path,
 * or nation.<attr> with attr a numeric nation attribute; scale and add need
 * a numeric key; with op = set on a parameter, text is a valid value of it
 * (value holds the number, or the choice index of an enum).  subset is
 * stored normalised: items separated by single commas without spaces, each
 * an ISO3 code (three upper-case letters), a group name from the list above
 * (lower case), or a region or subregion name (which may contain spaces,
 * e.g. "JPN,KOR,Southern Asia,nato").  Names are checked against the world
 * when it is built.  Events are sorted by time, stably (base files' events
 * first, in file order); an [event NAME] in a later file of the base chain
 * replaces the event of the same name in place. */
typedef struct gs_event {
    char name[64];
    double time;
    char key[128];
    int param;          /* index in gs_param_table, or -1 for a nation attribute */
    char attr[64];      /* nation attribute name when param == -1 */
    gs_evop op;
    double value;       /* for enum/string parameters with op=set: see text */
    char text[GS_TEXT_MAX]; /* the value as written (for enum/string set) */
    char subset[GS_TEXT_MAX]; /* normalised (see above); "" = all nations */
    gs_origin where;    /* the [event NAME] line */
    int time_line;      /* line of its time key, in where.file */
} gs_event;

/* One [sweep] dimension: key = 0.1, 0.2, 0.3  or  key = 0:1:0.25 (a grid
 * axis; the list may continue on indented lines), or key = lo:hi (bounds,
 * only with method = lhs:N or sobol:N).  Keys are real, int or enum
 * parameters; enum lists name choices.  A range includes stop when it is
 * within 1e-9 (relative) of a step; at most 10^7 values per key. */
enum { GS_SWEEP_LIST, GS_SWEEP_RANGE, GS_SWEEP_BOUNDS };
typedef struct gs_sweep_dim {
    char key[128];
    int param;
    size_t nvalues;
    double *values;    /* owned; for enums the choice index; bounds: {lo, hi} */
    char **texts;      /* owned; value texts (enum sweeps), parallel to values; else NULL */
    gs_origin where;
    int kind;          /* GS_SWEEP_* */
    double start, stop, step; /* as written, for GS_SWEEP_RANGE */
} gs_sweep_dim;

/* One [prior] line: key = uniform(lo, hi) | normal(mu, sd) | beta(a, b) |
 * triangular(lo, mode, hi), for real parameters only.  a, b, c are the
 * arguments in that order (c only for triangular).  Checked: lo < hi,
 * sd > 0, a, b > 0, lo <= mode <= hi; uniform and triangular supports lie in
 * the parameter's range; beta draws on [0, 1], so the range must include
 * [0, 1]; normal's mu lies in the range and draws outside the range are
 * rejected and redrawn (a truncated normal). */
typedef enum { GS_PRIOR_UNIFORM, GS_PRIOR_NORMAL, GS_PRIOR_BETA, GS_PRIOR_TRIANGULAR } gs_prior_kind;
typedef struct gs_prior {
    char key[128];
    int param;
    gs_prior_kind kind;
    double a, b, c;
    gs_origin where;
} gs_prior;

/* One [nation.ISO3] line: attr = value.  ISO3 is three upper-case letters
 * (whether the nation exists is checked by the world builder); attr is a
 * numeric nation attribute (value finite, and 0 or 1 for memberships, in
 * [0, 100] for *_pct, in [0, 1] for libdem, chipdep and tradedep_*), or
 * `alignment` (hedge|us|cn; not for the poles USA and CHN, whose alignment
 * is fixed) or `track` (none|multilateral|us_led|dual) for the initial
 * state, whose value holds the option or track code. */
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
    char **files;            /* interned file names (origins point here): the base
                                chain, farthest ancestor first, then "--set" if used */
    size_t nfiles;
    /* [sweep] method = grid | lhs:N | sobol:N (default grid, sweep_n 0). */
    char sweep_method[16];
    long sweep_n;
    gs_origin sweep_method_where;
} gs_config;

/* Loads path with the given "KEY=VALUE" overrides (nset may be 0).  Path
 * parameters are resolved relative to the directory of the file that set
 * them (a --set path is relative to the working directory): the stored path
 * is that directory joined with the value, usable from the working
 * directory (absolute when the scenario path was).  The base chain is
 * merged: scenario.base is consumed and left empty in the result, and
 * files[] lists the chain.  Returns NULL and fills e ("FILE:LINE: message",
 * code GS_EINPUT, or GS_ERUN when out of memory) on any error; the caller
 * owns the result.  Reads only scenario files, never the data tables. */
gs_config *gs_config_load(const char *path, const char *const *sets, size_t nset, gs_err *e);

/* A config with defaults only and no file (tests, synthetic runs). */
gs_config *gs_config_defaults(gs_err *e);

void gs_config_free(gs_config *c);

/* Applies one "KEY=VALUE" to an existing config as the command line would
 * (sweeps reuse this), then re-runs the checks that depend on the whole
 * config (event times against scenario.start).  Returns GS_EINPUT with
 * "--set: message" (or the event's "FILE:LINE: ...") on error, leaving the
 * config as it was. */
int gs_config_set(gs_config *c, const char *kv, gs_err *e);

/* The resolved config as INI text: every parameter, sections in table order,
 * then events, sweep, priors and nation overrides (sorted by ISO3); with_origin
 * adds a "; default", "; from FILE:LINE" or "; from --set" comment per key
 * and a header naming the base chain (`govsim check`).  The text without
 * origins is what outputs store and hash: deterministic, and loading it
 * again (from the same working directory, as paths are stored as usable
 * from there) gives the same parameters, events, sweep, priors and
 * overrides, as long as every value fits on a 199-character line.  NULL
 * with GS_ERUN when out of memory.  Caller frees. */
char *gs_config_text(const gs_config *c, int with_origin, gs_err *e);

/* 1 when name is a numeric nation attribute, which an event may name as
 * nation.<name> and a [nation.ISO3] section as a key (that section also
 * takes `alignment` and `track`, for which this returns 0). */
int gs_config_is_nation_attr(const char *name);

#endif
