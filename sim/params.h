/* params.h - the parameter struct and the one parameter table.
 *
 * Every scenario key lives in one table (params.def): name, type, default,
 * range, unit, choices and a one-line doc.  That table drives INI parsing,
 * range checks, `govsim params`, scenarios/README.md and the resolved config
 * text stored in every output.  gs_params is the plain C struct the model
 * reads; the table maps each key to a field by offset.  models/ includes this
 * header and nothing else from sim/ except world.h: both are plain C. */
#ifndef GS_PARAMS_H
#define GS_PARAMS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"

/* Alignment options (DESIGN.md §3): hedge 0, us 1, cn 2.  Pole arrays are
 * indexed by option code; index GS_HEDGE is unused there. */
enum { GS_HEDGE = 0, GS_US = 1, GS_CN = 2, GS_NOPT = 3 };
/* Standards tracks. */
enum { GS_T_NONE = 0, GS_T_MULTI = 1, GS_T_USLED = 2, GS_T_DUAL = 3, GS_NTRACK = 4 };
/* Plan features, in the order of DESIGN.md §3. */
enum {
    GS_F_COMPUTE,
    GS_F_ENERGY,
    GS_F_CAPACITY,
    GS_F_OPEN_MODELS,
    GS_F_FRONTIER,
    GS_F_SECURITY,
    GS_F_STANDARDS_VOICE,
    GS_F_MULTILATERALISM,
    GS_F_DATA,
    GS_F_SOVEREIGNTY,
    GS_NFEAT
};
/* Network layers. */
enum { GS_L_BORDER, GS_L_TRADE, GS_L_ALLIANCE, GS_L_BLOC, GS_L_REGION, GS_NLAYER };
/* Institutional ties with a coefficient tau_t in the utility. */
enum { GS_TIE_TREATY, GS_TIE_MNNA, GS_TIE_BRI, GS_TIE_SCO, GS_TIE_BRICS, GS_TIE_NAM, GS_NTIE };

/* Drivers of the needs map (models/README.md): nation attributes scaled to
 * [0,1]; need[k] = clamp(need_base[k] + sum_d need_w[k][d] * driver_d). */
enum { GS_ND_INTERNET, GS_ND_ELECTRICITY, GS_ND_INCOME, GS_ND_THREAT, GS_ND_LIBDEM, GS_ND_G7,
       GS_ND_SOUTH, GS_ND_NAM, GS_NND };

/* Enumerated parameter values; the order matches the `choices` strings of
 * params.def (a unit test checks that). */
enum { GS_WORLD_DATA, GS_WORLD_ER, GS_WORLD_BA, GS_WORLD_WS, GS_WORLD_SBM, GS_WORLD_LATTICE,
       GS_WORLD_COMPLETE };
enum { GS_ALIGN_LOGIT, GS_ALIGN_VOTER, GS_ALIGN_LANDSCAPE };
enum { GS_UPDATE_SYNC, GS_UPDATE_ASYNC };
enum { GS_NORM_SHARE, GS_NORM_SUM };
enum { GS_INIT_TIES, GS_INIT_HEDGE, GS_INIT_RANDOM };
enum { GS_STRAT_UNIFORM, GS_STRAT_NEED, GS_STRAT_SWING, GS_STRAT_ALLIES, GS_STRAT_CENTRALITY,
       GS_STRAT_NONE };
enum { GS_STD_LOGIT, GS_STD_THRESHOLD, GS_STD_BASS };
enum { GS_LAYERSEL_BORDER, GS_LAYERSEL_TRADE, GS_LAYERSEL_ALLIANCE, GS_LAYERSEL_BLOC,
       GS_LAYERSEL_REGION, GS_LAYERSEL_ALL };
enum { GS_OUT_FULL, GS_OUT_SHARES };

extern const char *const gs_option_names[GS_NOPT]; /* "hedge", "us", "cn" */
extern const char *const gs_track_names[GS_NTRACK]; /* "none", ... "dual" */
extern const char *const gs_feature_names[GS_NFEAT];
extern const char *const gs_layer_names[GS_NLAYER];
extern const char *const gs_tie_names[GS_NTIE];

#define GS_PATH_MAX 1024
#define GS_TEXT_MAX 256
typedef char gs_path[GS_PATH_MAX];
typedef char gs_text[GS_TEXT_MAX];

/* One pole's offer and behaviour; indexed by option (GS_US, GS_CN). */
typedef struct gs_pole_params {
    double feat[GS_NFEAT]; /* f[o][k] in [0,1] */
    double budget;         /* yearly capacity budget, % of world GDP */
    int strategy;          /* GS_STRAT_* */
    double decay;          /* yearly decay rate of capacity stocks */
    double export_controls; /* us only: access channel intensity */
    double leverage;        /* cn only: trade leverage intensity */
    double nonpartner;      /* us only: share of the offer open to non-partners */
} gs_pole_params;

typedef struct gs_params {
    /* [scenario] */
    gs_text scenario_name;
    gs_text scenario_description;
    gs_path scenario_base;
    double start, dt;
    int64_t steps, seed, replicates;
    /* [world] */
    int world_kind;
    gs_path world_nations, world_borders, world_edges;
    int64_t world_n;
    double world_degree, world_ws_p, world_sbm_ratio;
    int64_t world_sbm_blocks;
    double trade_a, trade_b, trade_c;
    int64_t trade_k;
    double layer_weight[GS_NLAYER]; /* edge weight scale per layer (region weak) */
    /* [network] */
    int normalize;
    /* [alignment] */
    int align_rule, align_update, align_init, voter_layer;
    double align_rate, lambda;
    double beta[GS_NFEAT];
    double gamma[GS_NLAYER];
    double delta, delta_hedge, eta, kappa, omega, pi_ec, pi_lev;
    double tau[GS_NTIE];
    /* [needs]: the needs map (models/README.md) */
    double need_base[GS_NFEAT];
    double need_w[GS_NFEAT][GS_NND];
    double need_gdppc_lo, need_gdppc_hi;
    /* poles: [us], [cn] */
    gs_pole_params pole[GS_NOPT];
    /* [standards] */
    int std_rule, std_layer;
    double std_rate, std_lambda, std_theta, std_pull, std_voice, std_cost, std_cost_dual;
    double std_delta, std_phi, std_phi_sd, bass_p, bass_q;
    /* [landscape] */
    gs_path land_actors, land_propensity;
    double land_w_alliance, land_w_trade, land_w_regime;
    int64_t land_anneal_sweeps;
    int64_t land_anneal_runs, land_top;
    /* [output] */
    int out_level;
    int64_t out_every;
} gs_params;

typedef enum {
    GS_PT_REAL,
    GS_PT_INT,
    GS_PT_BOOL,
    GS_PT_ENUM,
    GS_PT_STRING,
    GS_PT_PATH
} gs_ptype;

typedef struct gs_param_def {
    const char *name;    /* "section.key" */
    gs_ptype type;
    size_t offset;       /* into gs_params */
    const char *def;     /* default, as text */
    double min, max;     /* inclusive range for real and int */
    const char *unit;    /* "" when dimensionless */
    const char *choices; /* enum: "a|b|c"; NULL otherwise */
    const char *doc;
} gs_param_def;

extern const gs_param_def gs_param_table[];
extern const size_t gs_nparams;

/* Index of the parameter called name, or -1. */
int gs_param_find(const char *name);

/* The valid name closest to name (edit distance), for "did you mean" hints;
 * NULL when nothing is reasonably close.  prefix restricts candidates to a
 * section ("cn.") when non-NULL. */
const char *gs_param_nearest(const char *name);

/* Fills p with every default.  Cannot fail (the table's defaults are checked
 * by a unit test). */
void gs_params_defaults(gs_params *p);

/* Parses text as the value of parameter idx and stores it in p.  On a bad
 * type, NaN/inf, an out-of-range value or an unknown enum choice returns
 * GS_EINPUT with a message "<key>: ..." (the caller prefixes FILE:LINE). */
int gs_param_set(gs_params *p, int idx, const char *text, gs_err *e);

/* Formats the current value of parameter idx into buf (round-trips through
 * gs_param_set exactly: reals use %.17g trimmed). */
void gs_param_format(const gs_params *p, int idx, char *buf, size_t len);

/* Pointer to the double behind a real parameter (NULL for other types);
 * used by sweeps, priors and events to change values without text. */
double *gs_param_real_ptr(gs_params *p, int idx);

/* Stores the numeric value v (a real, an integer, a bool 0/1, an enum's
 * choice index) in parameter idx of p, without range checks (sweep designs,
 * priors). */
void gs_param_set_number(gs_params *p, int idx, double v);

/* The numeric value of parameter idx of p (see gs_param_set_number); NAN
 * for strings and paths. */
double gs_param_number(const gs_params *p, int idx);

/* Writes the table: plain (aligned columns) or Markdown (fmt_md != 0). */
void gs_params_print(FILE *out, int fmt_md);

#endif
