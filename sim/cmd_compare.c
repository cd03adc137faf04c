/* cmd_compare.c - `govsim compare A.ini B.ini`: both scenarios with common
 * random numbers, paired differences B - A of final outcomes with bootstrap
 * 95% intervals, per-region differences, and the nations whose final option
 * changes most often.
 *
 * Decisions:
 * - Common random numbers: both run with A's seed and A's replicate count
 *   (after -s/-r), and B's tasks use the streams of point 0 like A's, so
 *   replicate r of A and of B draw the same numbers (priors included).
 * - --set applies to both scenarios; a [sweep] section is ignored (each
 *   scenario runs its own parameters as one point).
 * - The file holds A as point 0 and B as point 1 in the standard layout
 *   (A's output.level for both), /config is A's resolved text and /config_b
 *   B's; root attributes scenario_a, scenario_b.  Results under /compare:
 *   outcome (coordinate), a_mean, b_mean, diff_mean, diff_lo, diff_hi
 *   [outcome]; region_diff [region, option] (mean paired difference of the
 *   final count share per region); nation_change [nation] (share of the
 *   replicates, both done, whose final alignment differs).
 * - Both worlds must list the same nations in the same order and the same
 *   regions, share the time axis, and have the same [prior] keys.
 * - majority_time: see compare.h (first output time with a bloc above one
 *   half; "never" is the end time + dt). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_common.h"
#include "compare.h"
#include "design.h"
#include "ensemble.h"
#include "interrupt.h"
#include "parallel.h"
#include "rng.h"
#include "run.h"

#define NBOOT 2000
#define TOP_NATIONS 10

typedef struct cmp_ctx {
    int64_t R;
    int32_t n, nreg;
    const double *times;
    double dt;
    int which;        /* 0 while A runs, 1 while B runs */
    double *out[2];   /* [R][GS_CMP_NOUT] final outcomes; NaN when failed */
    double *reg[2];   /* [R][nreg * 3] final count shares by region */
    uint8_t *align_a; /* [R][n] A's final alignment; 255 when A failed */
    int64_t *changed; /* [n] replicates whose final alignment differs */
    int64_t npaired;  /* replicates done in both */
} cmp_ctx;

static int on_task(void *vctx, int64_t point, int64_t r, const gs_traj *t,
                   const double *prior_values, gs_err *e)
{
    (void)point;
    (void)prior_values;
    (void)e;
    cmp_ctx *x = vctx;
    double *o = x->out[x->which] + r * GS_CMP_NOUT;
    double *g = x->reg[x->which] + r * (int64_t)x->nreg * GS_NOPT;
    if (t->status != 0) {
        for (int k = 0; k < GS_CMP_NOUT; k++)
            o[k] = NAN;
        for (int64_t k = 0; k < (int64_t)x->nreg * GS_NOPT; k++)
            g[k] = NAN;
        return GS_OK;
    }
    gs_compare_outcomes(t, x->times, x->dt, o);
    memcpy(g, t->share_region + (size_t)(t->nt - 1) * (size_t)x->nreg * GS_NOPT,
           (size_t)x->nreg * GS_NOPT * sizeof *g);
    return GS_OK;
}

static int on_final(void *vctx, int64_t point, int64_t r, const uint8_t *align,
                    const uint8_t *track, gs_err *e)
{
    (void)point;
    (void)track;
    (void)e;
    cmp_ctx *x = vctx;
    uint8_t *a = x->align_a + r * x->n;
    if (x->which == 0) {
        if (align)
            memcpy(a, align, (size_t)x->n);
        else
            memset(a, 255, (size_t)x->n);
        return GS_OK;
    }
    if (!align || a[0] == 255) return GS_OK;
    for (int32_t i = 0; i < x->n; i++)
        x->changed[i] += a[i] != align[i];
    x->npaired++;
    return GS_OK;
}

/* Both scenarios must describe the same nations, regions, time axis and
 * priors; the message says what differs. */
static int check_compatible(const gs_config *ca, const gs_config *cb, const gs_world *wa,
                            const gs_world *wb, gs_err *e)
{
    if (wa->n != wb->n)
        return gs_err_set(e, GS_EINPUT,
                          "compare: A and B must have the same nations (A has %d, B has %d)",
                          (int)wa->n, (int)wb->n);
    for (int32_t i = 0; i < wa->n; i++)
        if (strcmp(wa->iso3[i], wb->iso3[i]) != 0)
            return gs_err_set(e, GS_EINPUT,
                              "compare: A and B must have the same nations (nation %d is %s in "
                              "A, %s in B)",
                              (int)i, wa->iso3[i], wb->iso3[i]);
    int regions_differ = wa->nregions != wb->nregions;
    for (int32_t r = 0; !regions_differ && r < wa->nregions; r++)
        regions_differ = wa->region_names && wb->region_names &&
                         strcmp(wa->region_names[r], wb->region_names[r]) != 0;
    if (regions_differ)
        return gs_err_set(e, GS_EINPUT, "compare: A and B must have the same regions");
    const gs_params *a = &ca->p, *b = &cb->p;
    if (a->start != b->start || a->dt != b->dt || a->steps != b->steps ||
        a->out_every != b->out_every)
        return gs_err_set(e, GS_EINPUT,
                          "compare: A and B must share the time axis (scenario.start, "
                          "scenario.dt, scenario.steps, output.every)");
    int priors_differ = ca->npriors != cb->npriors;
    for (size_t k = 0; !priors_differ && k < ca->npriors; k++)
        priors_differ = strcmp(ca->priors[k].key, cb->priors[k].key) != 0;
    if (priors_differ)
        return gs_err_set(e, GS_EINPUT,
                          "compare: A and B must have the same [prior] keys in the same order");
    return GS_OK;
}

/* Paired statistics, printed and stored. */
typedef struct stats {
    double a[GS_CMP_NOUT], b[GS_CMP_NOUT], d[GS_CMP_NOUT], lo[GS_CMP_NOUT], hi[GS_CMP_NOUT];
    double *region; /* [nreg][3] */
    double *change; /* [n] */
} stats;

static int compute(const cmp_ctx *x, uint64_t seed, stats *s, gs_err *e)
{
    gsl_rng *r = gs_rng_alloc(seed, GS_RNG_DESIGN, GS_DESIGN_STREAM_COMPARE, 0, e);
    if (!r) return GS_ERUN;
    int rc = GS_OK;
    for (int k = 0; k < GS_CMP_NOUT && rc == GS_OK; k++)
        rc = gs_compare_paired(x->R, x->out[0] + k, x->out[1] + k, GS_CMP_NOUT, NBOOT, 0.95, r,
                               &s->a[k], &s->b[k], &s->d[k], &s->lo[k], &s->hi[k], e);
    for (int64_t k = 0; k < (int64_t)x->nreg * GS_NOPT && rc == GS_OK; k++) {
        double am, bm, lo, hi;
        rc = gs_compare_paired(x->R, x->reg[0] + k, x->reg[1] + k, (size_t)x->nreg * GS_NOPT, 0,
                               0.95, NULL, &am, &bm, &s->region[k], &lo, &hi, e);
    }
    for (int32_t i = 0; i < x->n; i++)
        s->change[i] = x->npaired ? (double)x->changed[i] / (double)x->npaired : NAN;
    gsl_rng_free(r);
    return rc;
}

static int store(gs_h5 *h, const cmp_ctx *x, const stats *s, const char *pa, const char *pb,
                 const char *text_b, gs_err *e)
{
    const char *names[GS_CMP_NOUT];
    for (int k = 0; k < GS_CMP_NOUT; k++)
        names[k] = gs_compare_outcome_name(k);
    int64_t no = GS_CMP_NOUT, rd[2] = {x->nreg, GS_NOPT}, nn = x->n;
    const char *od[1] = {"/compare/outcome"}, *rdn[2] = {"/region", "/option"},
               *nd[1] = {"/nation"};
    int rc;
    if ((rc = gs_h5_write_text(h, "", "config_b", text_b,
                               "resolved configuration of scenario B (INI)", e)) ||
        (rc = gs_h5_write_attr(h, "/", "scenario_a", pa, e)) ||
        (rc = gs_h5_write_attr(h, "/", "scenario_b", pb, e)) ||
        (rc = gs_h5_write_strings(h, "compare", "outcome", no, names, 1, "final outcome compared",
                                  e)) ||
        (rc = gs_h5_write_table(h, "compare", "a_mean", 1, &no, od, s->a,
                                "mean of scenario A over replicates", e)) ||
        (rc = gs_h5_write_table(h, "compare", "b_mean", 1, &no, od, s->b,
                                "mean of scenario B over replicates", e)) ||
        (rc = gs_h5_write_table(h, "compare", "diff_mean", 1, &no, od, s->d,
                                "mean paired difference B - A", e)) ||
        (rc = gs_h5_write_table(h, "compare", "diff_lo", 1, &no, od, s->lo,
                                "2.5% percentile-bootstrap bound of the mean difference", e)) ||
        (rc = gs_h5_write_table(h, "compare", "diff_hi", 1, &no, od, s->hi,
                                "97.5% percentile-bootstrap bound of the mean difference", e)) ||
        (rc = gs_h5_write_table(h, "compare", "region_diff", 2, rd, rdn, s->region,
                                "mean paired difference B - A of the final count share by "
                                "region",
                                e)) ||
        (rc = gs_h5_write_table(h, "compare", "nation_change", 1, &nn, nd, s->change,
                                "share of replicates whose final alignment differs between A "
                                "and B",
                                e)))
        return rc;
    return GS_OK;
}

static void print_results(const cmp_ctx *x, const stats *s, const gs_config *ca,
                          const gs_config *cb, const gs_world *w, const char *pa, const char *pb)
{
    printf("\ncompare: A = %s (%s), B = %s (%s)\n", ca->p.scenario_name, pa, cb->p.scenario_name,
           pb);
    printf("%lld replicates with common random numbers (seed %lld); paired differences B - A "
           "of final outcomes, mean [95%% bootstrap interval]%s\n\n",
           (long long)x->R, (long long)ca->p.seed, gs_ens_prior_note(ca));
    printf("  %-28s %9s %9s %9s  %s\n", "outcome", "A", "B", "B - A", "[95% interval]");
    for (int k = 0; k < GS_CMP_NOUT; k++) {
        const char *fmt = k == GS_CMP_NOUT - 1 ? "  %-28s %9.2f %9.2f %+9.3f  [%+.3f, %+.3f]\n"
                                               : "  %-28s %9.3f %9.3f %+9.3f  [%+.3f, %+.3f]\n";
        printf(fmt, gs_compare_outcome_name(k), s->a[k], s->b[k], s->d[k], s->lo[k], s->hi[k]);
    }
    printf("  (majority_time: first year a bloc holds more than half of the nations; never = "
           "end + dt)\n");

    if (x->nreg > 0) {
        printf("\n  final count share by region, B - A: %9s %9s %9s\n", "us", "cn", "hedge");
        for (int32_t r = 0; r < x->nreg; r++) {
            const double *d = s->region + (size_t)r * GS_NOPT;
            printf("  %-36s %+9.3f %+9.3f %+9.3f\n", w->region_names ? w->region_names[r] : "?",
                   d[GS_US], d[GS_CN], d[GS_HEDGE]);
        }
    }

    /* Top nations by how often their final option differs (ties: index). */
    int32_t top[TOP_NATIONS];
    int ntop = 0;
    for (int32_t i = 0; i < x->n; i++) {
        if (!(s->change[i] > 0)) continue;
        int pos = ntop < TOP_NATIONS ? ntop : TOP_NATIONS;
        while (pos > 0 && s->change[top[pos - 1]] < s->change[i])
            pos--;
        if (pos >= TOP_NATIONS) continue;
        int last = ntop < TOP_NATIONS ? ntop : TOP_NATIONS - 1;
        for (int j = last; j > pos; j--)
            top[j] = top[j - 1];
        top[pos] = i;
        if (ntop < TOP_NATIONS) ntop++;
    }
    if (ntop == 0) {
        printf("\n  no nation's final option differs between A and B in any replicate\n");
    } else {
        printf("\n  nations whose final option changes most often (share of %lld replicates):\n",
               (long long)x->npaired);
        for (int j = 0; j < ntop; j++)
            printf("  %-8s %-32.32s %6.3f\n", w->iso3[top[j]],
                   w->name && w->name[top[j]] ? w->name[top[j]] : "", s->change[top[j]]);
    }
}

int gs_cmd_compare(const gs_opts *o)
{
    gs_config *ca = NULL, *cb = NULL;
    gs_world *wa = NULL, *wb = NULL;
    gs_ens ens;
    gs_cmd_meta cm = {0}; /* A's: config text, time axis, priors */
    char *text_b = NULL;
    double *times_b = NULL;
    cmp_ctx x;
    stats st;
    gs_err e = {0};
    int rc;
    char out[GS_PATH_MAX] = "";
    memset(&x, 0, sizeof x);
    memset(&st, 0, sizeof st);
    memset(&ens, 0, sizeof ens);

    if ((rc = gs_cmd_load_config(o, o->pos[0], &ca))) return rc;
    if ((rc = gs_cmd_load_config(o, o->pos[1], &cb))) goto setup_done;
    /* Common random numbers: B runs with A's seed and replicate count. */
    cb->p.seed = ca->p.seed;
    cb->p.replicates = ca->p.replicates;
    if ((rc = gs_cmd_build_world(ca, &wa)) || (rc = gs_cmd_build_world(cb, &wb))) goto setup_done;
    if (check_compatible(ca, cb, wa, wb, &e) != GS_OK) {
        rc = gs_cmd_report(&e);
        goto setup_done;
    }
    char suffix[GS_TEXT_MAX + 8];
    snprintf(suffix, sizeof suffix, "_vs_%s", cb->p.scenario_name);
    gs_cmd_out_path(o, ca, suffix, out, sizeof out);

    int32_t nt = 0, ntb = 0;
    int64_t R = ca->p.replicates, n = wa->n, nreg = wa->nregions;
    x.R = R;
    x.n = wa->n;
    x.nreg = wa->nregions;
    x.dt = ca->p.dt;
    if ((rc = gs_cmd_meta_init(o, ca, wa, o->pos[0], &cm))) goto setup_done;
    const double *times = cm.times;
    nt = cm.meta.ntimes;
    if (!(text_b = gs_config_text(cb, 0, &e)) || !(times_b = gs_run_times(&cb->p, &ntb, &e)) ||
        !(x.out[0] = gs_calloc((size_t)R * GS_CMP_NOUT, sizeof(double), "outcomes", &e)) ||
        !(x.out[1] = gs_calloc((size_t)R * GS_CMP_NOUT, sizeof(double), "outcomes", &e)) ||
        !(x.reg[0] = gs_calloc((size_t)(R * nreg * GS_NOPT) + 1, sizeof(double), "regions", &e)) ||
        !(x.reg[1] = gs_calloc((size_t)(R * nreg * GS_NOPT) + 1, sizeof(double), "regions", &e)) ||
        !(x.align_a = gs_calloc((size_t)(R * n), 1, "final alignments", &e)) ||
        !(x.changed = gs_calloc((size_t)n, sizeof(int64_t), "nation changes", &e)) ||
        !(st.region = gs_calloc((size_t)(nreg * GS_NOPT) + 1, sizeof(double), "regions", &e)) ||
        !(st.change = gs_calloc((size_t)n, sizeof(double), "nation changes", &e))) {
        rc = gs_cmd_report(&e);
        goto setup_done;
    }
    if (nt != ntb || memcmp(times, times_b, (size_t)nt * sizeof *times) != 0) {
        rc = gs_cli_fail(2, "compare: A and B must share the time axis");
        goto setup_done;
    }
    x.times = times;
    cm.meta.npoints = 2;
    rc = 0;
setup_done:
    /* A signal stops the runs cleanly; compare does not resume (the
     * .partial goes), but it exits as an interrupted command should. */
    gs_intr_install();
    if ((rc = gs_ens_open(rc, &ens, out, o, 0, &cm.meta, 0)) != 0) goto done;

    gs_run_result res[2];
    memset(res, 0, sizeof res);
    for (int which = 0; which < 2 && rc == GS_OK; which++) {
        x.which = which;
        /* both scenarios run with A's seed and output level */
        gs_run_spec spec = gs_cmd_spec(o, ca, wa);
        spec.config = which ? cb : ca;
        spec.world = which ? wb : wa;
        spec.nreplicates = x.R;
        spec.on_task = on_task;
        spec.on_final = on_final;
        spec.task_ctx = &x;
        spec.out = ens.h;
        spec.write_point_offset = which;
        rc = gs_run(&spec, &res[which], &e);
        if (res[which].interrupted) break;
    }
    res[0].tasks_done += res[1].tasks_done;
    if (!res[0].tasks_failed)
        memcpy(res[0].first_failure, res[1].first_failure, sizeof res[0].first_failure);
    res[0].tasks_failed += res[1].tasks_failed;
    if (!res[0].interrupted) res[0].interrupted = res[1].interrupted;
    int stored = 0;
    if (rc == GS_OK && !res[0].interrupted && gs_par_rank() == 0) {
        rc = compute(&x, (uint64_t)ca->p.seed, &st, &e);
        if (rc == GS_OK) rc = store(ens.h, &x, &st, o->pos[0], o->pos[1], text_b, &e);
        stored = rc == GS_OK;
    }
    if ((rc = gs_ens_finish(&ens, rc, &e, &res[0])) != 0) goto done;
    if (stored) print_results(&x, &st, ca, cb, wa, o->pos[0], o->pos[1]);
    rc = gs_ens_report(&ens, &res[0]);
done:
    gs_ens_abort(&ens);
    gs_cmd_meta_free(&cm);
    free(times_b);
    free(text_b);
    free(x.out[0]);
    free(x.out[1]);
    free(x.reg[0]);
    free(x.reg[1]);
    free(x.align_a);
    free(x.changed);
    free(st.region);
    free(st.change);
    gs_world_free(wa);
    gs_world_free(wb);
    gs_config_free(ca);
    gs_config_free(cb);
    return rc;
}
