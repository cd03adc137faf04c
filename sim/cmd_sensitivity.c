/* cmd_sensitivity.c - `govsim sensitivity SCENARIO --vary KEY=LO:HI...`:
 * variance-based (Sobol) sensitivity of final outcomes to the varied
 * parameters, from a Saltelli design (sobol.h).
 *
 * Decisions:
 * - Design: N base samples (--samples, default 256) give N (k + 2) points
 *   over the k parameters, each run with R replicates (-r); the model
 *   output of a point is the mean over its replicates.
 * - Common random numbers: replicate r of every design point draws from
 *   the streams of (seed, point 0, r), so the replicate mean is a
 *   deterministic function of the parameters and the indices apportion
 *   the variance the parameters cause, not Monte Carlo noise (a parameter
 *   the dynamics ignore gets exactly 0).  The indices then describe the
 *   model averaged over these R realisations: raise -r until they settle.
 * - Outcomes (final time): count shares of us, cn and hedge, the Global
 *   South's cn share, the multilateral track's share, interoperability.
 * - Intervals: percentile bootstrap over the N base rows, 1000 resamples,
 *   streams (seed, GS_RNG_DESIGN, GS_DESIGN_STREAM_SOBOL_BOOT, outcome).
 * - File: trajectories in the standard layout with /sweep/<key> holding
 *   each design point's values; /sensitivity/parameter and
 *   /sensitivity/outcome (coordinates), S1, S1_lo, S1_hi, ST, ST_lo, ST_hi
 *   [outcome, parameter], and point_mean [outcome, point] (the model
 *   outputs the indices come from).
 * - A [sweep] section of the scenario is ignored (noted in the output). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_common.h"
#include "design.h"
#include "ensemble.h"
#include "interrupt.h"
#include "parallel.h"
#include "rng.h"
#include "run.h"
#include "sobol.h"

#define DEFAULT_SAMPLES 256
#define NBOOT 1000
#define NOUT 6

static const char *const out_names[NOUT] = {"share_count.us",
                                            "share_count.cn",
                                            "share_count.hedge",
                                            "share_global_south.cn",
                                            "standard_share.multilateral",
                                            "interoperability"};

typedef struct sens_ctx {
    const gs_saltelli *sal;
    const gs_design_dim *dims;
    int32_t k;
    int64_t npoints;
    double *values; /* [k][npoints]: each point's parameter values */
    double *y;      /* [NOUT][npoints]: sums, then means over replicates */
    int64_t *cnt;   /* [npoints]: replicates done */
} sens_ctx;

static int point_params(void *vctx, int64_t point, gs_params *out, gs_err *e)
{
    (void)e;
    const sens_ctx *x = vctx;
    for (int32_t i = 0; i < x->k; i++)
        gs_param_set_number(out, x->dims[i].param, x->values[(int64_t)i * x->npoints + point]);
    return GS_OK;
}

static int on_task(void *vctx, int64_t point, int64_t replicate, const gs_traj *t,
                   const double *prior_values, gs_err *e)
{
    (void)replicate;
    (void)prior_values;
    (void)e;
    sens_ctx *x = vctx;
    if (t->status != 0) return GS_OK;
    size_t last = (size_t)t->nt - 1;
    double v[NOUT] = {t->share_count[last * GS_NOPT + GS_US],
                      t->share_count[last * GS_NOPT + GS_CN],
                      t->share_count[last * GS_NOPT + GS_HEDGE],
                      t->share_global_south[last * GS_NOPT + GS_CN],
                      t->standard_share[last * GS_NTRACK + GS_T_MULTI],
                      t->interoperability[last]};
    for (int o = 0; o < NOUT; o++)
        x->y[o * x->npoints + point] += v[o];
    x->cnt[point]++;
    return GS_OK;
}

typedef struct indices {
    double *s1, *s1_lo, *s1_hi, *st, *st_lo, *st_hi; /* [NOUT][k] */
} indices;

static int compute(sens_ctx *x, int64_t n, uint64_t seed, indices *ix, gs_err *e)
{
    for (int o = 0; o < NOUT; o++)
        for (int64_t p = 0; p < x->npoints; p++) {
            double *y = &x->y[o * x->npoints + p];
            *y = x->cnt[p] ? *y / (double)x->cnt[p] : NAN;
        }
    for (int o = 0; o < NOUT; o++) {
        gsl_rng *r = gs_rng_alloc(seed, GS_RNG_DESIGN, GS_DESIGN_STREAM_SOBOL_BOOT, (uint64_t)o, e);
        if (!r) return GS_ERUN;
        size_t at = (size_t)o * (size_t)x->k;
        int rc = gs_sobol_indices(x->k, n, x->y + o * x->npoints, NBOOT, 0.95, r, ix->s1 + at,
                                  ix->s1_lo + at, ix->s1_hi + at, ix->st + at, ix->st_lo + at,
                                  ix->st_hi + at, e);
        gsl_rng_free(r);
        if (rc != GS_OK) return rc;
    }
    return GS_OK;
}

static int store(gs_h5 *h, const sens_ctx *x, const indices *ix, gs_err *e)
{
    const char **pn = gs_calloc((size_t)x->k, sizeof *pn, "names", e);
    if (!pn) return GS_ERUN;
    for (int32_t i = 0; i < x->k; i++)
        pn[i] = x->dims[i].key;
    int64_t dims[2] = {NOUT, x->k}, pdims[2] = {NOUT, x->npoints};
    const char *dn[2] = {"/sensitivity/outcome", "/sensitivity/parameter"};
    const char *pdn[2] = {"/sensitivity/outcome", "/point"};
    struct {
        const char *name;
        const double *v;
        const char *long_name;
    } tab[] = {{"S1", ix->s1, "first-order Sobol index (Saltelli et al. 2010)"},
               {"S1_lo", ix->s1_lo, "2.5% bootstrap bound of S1"},
               {"S1_hi", ix->s1_hi, "97.5% bootstrap bound of S1"},
               {"ST", ix->st, "total Sobol index (Jansen 1999)"},
               {"ST_lo", ix->st_lo, "2.5% bootstrap bound of ST"},
               {"ST_hi", ix->st_hi, "97.5% bootstrap bound of ST"}};
    int rc = gs_h5_write_strings(h, "sensitivity", "parameter", x->k, pn, 1, "varied parameter", e);
    if (!rc)
        rc = gs_h5_write_strings(h, "sensitivity", "outcome", NOUT, out_names, 1,
                                 "final outcome (mean over replicates per design point)", e);
    for (size_t t = 0; t < sizeof tab / sizeof tab[0] && !rc; t++)
        rc = gs_h5_write_table(h, "sensitivity", tab[t].name, 2, dims, dn, tab[t].v,
                               tab[t].long_name, e);
    if (!rc)
        rc = gs_h5_write_table(h, "sensitivity", "point_mean", 2, pdims, pdn, x->y,
                               "outcome at each design point, mean over replicates", e);
    free(pn);
    return rc;
}

static void print_results(const sens_ctx *x, const indices *ix, const gs_config *c, int64_t n,
                          int64_t R)
{
    printf("\n%s: Sobol indices of %d parameters; %lld base samples x (%d + 2) = %lld points x "
           "%lld replicates%s\n",
           c->p.scenario_name, (int)x->k, (long long)n, (int)x->k, (long long)x->npoints,
           (long long)R, gs_ens_prior_note(c));
    printf("first-order S1 (Saltelli 2010) and total ST (Jansen 1999) of the replicate mean "
           "(common random numbers across points), 95%% bootstrap intervals; sorted by ST\n");
    if (c->nsweep) printf("note: the scenario's [sweep] section is ignored\n");
    int32_t *ord = malloc((size_t)x->k * sizeof *ord);
    if (!ord) return;
    for (int o = 0; o < NOUT; o++) {
        const double *st = ix->st + (size_t)o * (size_t)x->k;
        for (int32_t i = 0; i < x->k; i++)
            ord[i] = i;
        for (int32_t i = 1; i < x->k; i++) { /* insertion sort, NaN last */
            int32_t v = ord[i], j = i;
            while (j > 0 && (isnan(st[ord[j - 1]]) ? !isnan(st[v]) : st[ord[j - 1]] < st[v])) {
                ord[j] = ord[j - 1];
                j--;
            }
            ord[j] = v;
        }
        printf("\n  %s\n  %-32s %24s %24s\n", out_names[o], "parameter", "S1 [95%]", "ST [95%]");
        for (int32_t j = 0; j < x->k; j++) {
            size_t a = (size_t)o * (size_t)x->k + (size_t)ord[j];
            if (isnan(ix->st[a]) && isnan(ix->s1[a])) {
                printf("  %-32s %24s %24s\n", x->dims[ord[j]].key, "- (no variance)", "-");
                continue;
            }
            char b1[64], b2[64];
            snprintf(b1, sizeof b1, "%6.3f [%6.3f, %6.3f]", ix->s1[a], ix->s1_lo[a], ix->s1_hi[a]);
            snprintf(b2, sizeof b2, "%6.3f [%6.3f, %6.3f]", ix->st[a], ix->st_lo[a], ix->st_hi[a]);
            printf("  %-32s %24s %24s\n", x->dims[ord[j]].key, b1, b2);
        }
    }
    free(ord);
}

int gs_cmd_sensitivity(const gs_opts *o)
{
    gs_config *c = NULL;
    gs_world *w = NULL;
    gs_saltelli *sal = NULL;
    gs_design_dim *dims = NULL;
    gs_ens ens;
    gs_cmd_meta cm = {0};
    double *u = NULL;
    const char **keys = NULL;
    sens_ctx x;
    indices ix;
    gs_err e = {0};
    int rc;
    char out[GS_PATH_MAX] = "";
    memset(&x, 0, sizeof x);
    memset(&ix, 0, sizeof ix);
    memset(&ens, 0, sizeof ens);
    int64_t n = o->samples > 0 ? o->samples : DEFAULT_SAMPLES;

    if (o->method && strcmp(o->method, "sobol") != 0)
        return gs_cli_fail(2, "sensitivity: --method: only sobol is available");
    if (o->nvary == 0)
        return gs_cli_fail(2, "sensitivity: give the parameters with --vary KEY=LO:HI (one per "
                              "parameter)");
    if ((rc = gs_cmd_load_config(o, o->pos[0], &c))) return rc;
    int32_t k = (int32_t)o->nvary;
    if (!(dims = gs_calloc(o->nvary, sizeof *dims, "parameters", &e)) ||
        !(keys = gs_calloc(o->nvary, sizeof *keys, "parameters", &e))) {
        rc = gs_cmd_report(&e);
        goto setup_done;
    }
    for (int32_t i = 0; i < k; i++) {
        if (gs_design_interval(c, o->vary[i], &dims[i], &e) != GS_OK) {
            rc = gs_cmd_report(&e);
            goto setup_done;
        }
        for (int32_t j = 0; j < i; j++)
            if (dims[j].param == dims[i].param) {
                gs_err_set(&e, GS_EINPUT, "--vary %s: %s is varied twice", o->vary[i], dims[i].key);
                rc = gs_cmd_report(&e);
                goto setup_done;
            }
        keys[i] = dims[i].key;
    }
    if (!(sal = gs_saltelli_alloc(k, n, &e))) {
        rc = gs_cmd_report(&e);
        goto setup_done;
    }
    x.sal = sal;
    x.dims = dims;
    x.k = k;
    x.npoints = gs_saltelli_npoints(sal);
    if (c->p.replicates > INT64_MAX / x.npoints) {
        rc = gs_cli_fail(2, "sensitivity: too many tasks (points x replicates)");
        goto setup_done;
    }
    if (!(x.values = gs_calloc((size_t)(k * x.npoints), sizeof(double), "design", &e)) ||
        !(x.y = gs_calloc((size_t)(NOUT * x.npoints), sizeof(double), "outcomes", &e)) ||
        !(x.cnt = gs_calloc((size_t)x.npoints, sizeof(int64_t), "outcomes", &e)) ||
        !(u = gs_calloc((size_t)k, sizeof(double), "design", &e)) ||
        !(ix.s1 = gs_calloc(NOUT * (size_t)k, sizeof(double), "indices", &e)) ||
        !(ix.s1_lo = gs_calloc(NOUT * (size_t)k, sizeof(double), "indices", &e)) ||
        !(ix.s1_hi = gs_calloc(NOUT * (size_t)k, sizeof(double), "indices", &e)) ||
        !(ix.st = gs_calloc(NOUT * (size_t)k, sizeof(double), "indices", &e)) ||
        !(ix.st_lo = gs_calloc(NOUT * (size_t)k, sizeof(double), "indices", &e)) ||
        !(ix.st_hi = gs_calloc(NOUT * (size_t)k, sizeof(double), "indices", &e))) {
        rc = gs_cmd_report(&e);
        goto setup_done;
    }
    for (int64_t p = 0; p < x.npoints; p++) {
        gs_saltelli_point(sal, p, u);
        for (int32_t i = 0; i < k; i++) {
            double v = dims[i].lo + u[i] * (dims[i].hi - dims[i].lo);
            if (gs_param_table[dims[i].param].type == GS_PT_INT) v = nearbyint(v);
            x.values[(int64_t)i * x.npoints + p] = v;
        }
    }
    if ((rc = gs_cmd_build_world(c, &w))) goto setup_done;
    gs_cmd_out_path(o, c, "_sensitivity", out, sizeof out);

    if ((rc = gs_cmd_meta_init(o, c, w, o->pos[0], &cm))) goto setup_done;
    cm.meta.npoints = x.npoints;
    cm.meta.nsweep = k;
    cm.meta.sweep_keys = keys;
    cm.meta.sweep_values = x.values;
    rc = 0;
setup_done:
    /* A signal stops the run cleanly; sensitivity does not resume (the
     * .partial goes), but it exits as an interrupted command should. */
    gs_intr_install();
    if ((rc = gs_ens_open(rc, &ens, out, o, 0, &cm.meta, 0)) != 0) goto done;
    gs_run_spec spec = gs_cmd_spec(o, c, w);
    spec.npoints = x.npoints;
    spec.point_params = point_params;
    spec.point_ctx = &x;
    spec.on_task = on_task;
    spec.task_ctx = &x;
    spec.out = ens.h;
    spec.common_streams = 1;
    gs_run_result res;
    rc = gs_run(&spec, &res, &e);
    int stored = 0;
    if (rc == GS_OK && !res.interrupted && gs_par_rank() == 0) {
        rc = compute(&x, n, (uint64_t)c->p.seed, &ix, &e);
        if (rc == GS_OK) rc = store(ens.h, &x, &ix, &e);
        stored = rc == GS_OK;
    }
    if ((rc = gs_ens_finish(&ens, rc, &e, &res)) != 0) goto done;
    if (stored) print_results(&x, &ix, c, n, c->p.replicates);
    rc = gs_ens_report(&ens, &res);
done:
    gs_ens_abort(&ens);
    gs_cmd_meta_free(&cm);
    free(keys);
    free(dims);
    free(u);
    free(x.values);
    free(x.y);
    free(x.cnt);
    free(ix.s1);
    free(ix.s1_lo);
    free(ix.s1_hi);
    free(ix.st);
    free(ix.st_lo);
    free(ix.st_hi);
    gs_saltelli_free(sal);
    gs_world_free(w);
    gs_config_free(c);
    return rc;
}
