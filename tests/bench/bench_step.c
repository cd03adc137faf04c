/* bench_step.c - the hot loop against its floor, on a synthetic BA world.
 *
 * Usage: bench_step N [SECONDS [step|all [KEY=VALUE ...]]]
 *        (env BENCH_DEGREE: mean degree; `step` skips the floor; each
 *        KEY=VALUE sets a parameter before the world is built, e.g.
 *        `bench_step 1000000 2 step alignment.rate=0` times the step with
 *        nobody revising their alignment: docs/performance.md)
 * Builds world.kind = ba with world.n = N and world.degree = 10 (m = 5, the
 * trade layer; sim/world_synth.c), then times
 *   floor  a gather kernel over the same CSR arrays: per node, for each edge
 *          read the neighbour index, the edge weight and the neighbour's
 *          state byte, accumulate the weight per state, and write one byte
 *          (the state of largest weight) per node: the least work a
 *          network-coupled update can do;
 *   step   gs_model_step with the default parameters (logit, sync, standards
 *          logit, poles at their default strategies, output.level full:
 *          every nation's choice probabilities every step);
 *   step shares  the same at output.level = shares, where a step computes
 *          the probabilities only of the nations that revise and runs its
 *          three stages chunk by chunk (models/model.c);
 *   stage shares  up to N = 10^6, each stage timed alone as the staged
 *          step runs it (stocks, alignment, standards: a whole pass over
 *          the nations each, so they add up to more than the chunked step)
 *          and the step's four uniforms per nation alone, in ns per nation.
 * Each figure is the median over several timed batches (5; 3 when one
 * batch is a single step of more than a second); a batch repeats the kernel
 * until it lasts about SECONDS / 10 (default 2 s in total per figure).
 * Also reports VmHWM (peak resident memory) after the world build, the
 * model's allocation and init, and the timed steps.
 *
 * Output: CSV rows item,value,unit,runs,note (tests/bench/run.sh collects
 * them).  Edge reads are counted as stored CSR entries (both directions of
 * each undirected edge) swept once per step, so floor and step are per the
 * same edge count; ns per nation-update is step time / N. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../models/model.h"
#include "../../models/model_impl.h" /* the stages, for the breakdown */
#include "../../sim/config.h"
#include "../../sim/rng.h"
#include "../../sim/world.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* robust to other load; single thread */
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* Peak resident set (kB) from /proc/self/status, or -1. */
static long vm_hwm_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    if (!f) return -1;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, "VmHWM:", 6)) kb = strtol(line + 6, NULL, 10);
    fclose(f);
    return kb;
}

/* The floor: one sweep of the CSR graph.  Returns a checksum so that the
 * compiler must do the work. */
static unsigned gather(const gs_csr *L, int32_t n, const uint8_t *s, uint8_t *out)
{
    const int64_t *rp = L->rowptr;
    const int32_t *col = L->col;
    const float *w = L->w;
    unsigned chk = 0;
    for (int32_t i = 0; i < n; i++) {
        float acc[4] = {0, 0, 0, 0};
        for (int64_t e = rp[i]; e < rp[i + 1]; e++)
            acc[s[col[e]]] += w[e];
        uint8_t best = acc[1] > acc[0] ? 1 : 0;
        if (acc[2] > acc[best]) best = 2;
        out[i] = best;
        chk += best;
    }
    return chk;
}

typedef struct {
    const gs_world *w;
    gs_model *m;
    gsl_rng *r;
    uint8_t *s, *out;
    double *draws; /* 4n: the breakdown's draws */
    volatile unsigned sink;
} ctx;

static void run_floor(ctx *c)
{
    c->sink += gather(&c->w->layer[GS_L_TRADE], c->w->n, c->s, c->out);
}

static void run_step(ctx *c)
{
    gs_model_step(c->m, c->w, c->r);
}

/* The stages of gs_model_step (models/model.c), one at a time, and the
 * step's four uniforms per nation alone. */
static void run_stocks(ctx *c)
{
    gs_mdl_stocks_step(c->m, c->w);
}
static void run_align(ctx *c)
{
    gs_mdl_align_update(c->m, c->w, c->r);
}
static void run_standards(ctx *c)
{
    gs_mdl_standards_update(c->m, c->w, c->r);
}
static void run_draws(ctx *c)
{
    gs_rng_uniform_fill(c->r, c->draws, 4 * (size_t)c->w->n);
}

/* Median seconds per call of fn over `runs` batches of about `batch` s each. */
static double timeit(void (*fn)(ctx *), ctx *c, double batch, int *runs)
{
    double t0 = now();
    fn(c); /* warm-up, and a first estimate */
    double one = now() - t0;
    int reps = one > 0 ? (int)(batch / one) : 1000;
    if (reps < 1) reps = 1;
    int nb = one > 1.0 ? 3 : 5;
    double v[5];
    for (int b = 0; b < nb; b++) {
        t0 = now();
        for (int k = 0; k < reps; k++)
            fn(c);
        v[b] = (now() - t0) / reps;
    }
    *runs = nb;
    return median(v, nb);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_step N [SECONDS [step|all [KEY=VALUE ...]]]\n");
        return 2;
    }
    long long n = atoll(argv[1]);
    double secs = argc > 2 ? atof(argv[2]) : 2.0;
    gs_err e = {0};
    gs_config *cf = gs_config_defaults(&e);
    char kv[64], dg[64];
    snprintf(kv, sizeof kv, "world.n=%lld", n);
    /* BENCH_DEGREE overrides the mean degree (default 10: m = 5). */
    snprintf(dg, sizeof dg, "world.degree=%s",
             getenv("BENCH_DEGREE") ? getenv("BENCH_DEGREE") : "10");
    if (!cf || gs_config_set(cf, "world.kind=ba", &e) || gs_config_set(cf, kv, &e) ||
        gs_config_set(cf, dg, &e)) {
        fprintf(stderr, "bench_step: %s\n", e.msg);
        return 1;
    }
    for (int a = 4; a < argc; a++)
        if (gs_config_set(cf, argv[a], &e)) {
            fprintf(stderr, "bench_step: %s\n", e.msg);
            return 2;
        }
    double tb = now();
    gs_world *w = gs_world_build(cf, &e);
    if (!w) {
        fprintf(stderr, "bench_step: %s\n", e.msg);
        return 1;
    }
    double build_s = now() - tb;
    ctx c = {.w = w};
    c.m = gs_model_alloc(w, &e);
    c.r = gs_rng_alloc(1, GS_RNG_DYNAMICS, 0, 0, &e);
    c.s = malloc((size_t)w->n);
    c.out = malloc((size_t)w->n);
    if (!c.m || !c.r || !c.s || !c.out || gs_model_init(c.m, w, &cf->p, c.r, &e)) {
        fprintf(stderr, "bench_step: %s\n", e.msg[0] ? e.msg : "out of memory");
        return 1;
    }
    memcpy(c.s, gs_model_alignment(c.m), (size_t)w->n);
    const gs_csr *L = &w->layer[GS_L_TRADE];
    double nnz = (double)L->nnz;
    int rf, rs;
    /* A third argument "step" skips the floor (for profiling the step). */
    double tf = argc > 3 && !strcmp(argv[3], "step") ? NAN : timeit(run_floor, &c, secs / 10, &rf);
    double ts = timeit(run_step, &c, secs / 10, &rs);
    long hwm = vm_hwm_kb();
    /* The same step at output.level = shares: probabilities only for the
     * nations that revise (models/model.h, gs_model_prob). */
    gs_params ps = cf->p;
    ps.out_level = GS_OUT_SHARES;
    int rl;
    if (gs_model_init(c.m, w, &ps, c.r, &e)) {
        fprintf(stderr, "bench_step: %s\n", e.msg);
        return 1;
    }
    double tl = timeit(run_step, &c, secs / 10, &rl);
    /* Where a step at shares goes (up to 10^6 nations: each stage is timed
     * on its own, so the figures add up to about the step). */
    struct {
        const char *name;
        void (*fn)(ctx *);
        double t;
        int runs;
    } stage[] = {{"stocks", run_stocks, 0, 0},
                 {"alignment", run_align, 0, 0},
                 {"standards", run_standards, 0, 0},
                 {"draws", run_draws, 0, 0}};
    int nstage = n <= 1000000 ? 4 : 0;
    c.draws = nstage ? malloc(4 * (size_t)w->n * sizeof *c.draws) : NULL;
    if (nstage && !c.draws) nstage = 0;
    for (int k = 0; k < nstage; k++)
        stage[k].t = timeit(stage[k].fn, &c, secs / 20, &stage[k].runs);

    char tag[32];
    snprintf(tag, sizeof tag, "N=%lld", n);
    printf("floor %s,%.4g,edge reads/s,%d,gather kernel; %.0f stored edges\n", tag, nnz / tf, rf,
           nnz);
    printf("step %s,%.4g,edge reads/s,%d,gs_model_step (logit sync)\n", tag, nnz / ts, rs);
    printf("step %s,%.4g,ns/nation-update,%d,\n", tag, 1e9 * ts / (double)w->n, rs);
    printf("step/floor %s,%.3g,ratio,%d,floor time / step time (target >= 0.5 at N=1e6)\n", tag,
           tf / ts, rs);
    printf("step shares %s,%.4g,edge reads/s,%d,same at output.level=shares (prob only for "
           "revising nations)\n",
           tag, nnz / tl, rl);
    printf("step shares %s,%.4g,ns/nation-update,%d,\n", tag, 1e9 * tl / (double)w->n, rl);
    printf("step/floor shares %s,%.3g,ratio,%d,\n", tag, tf / tl, rl);
    for (int k = 0; k < nstage; k++)
        printf("stage shares %s %s,%.3g,ns/nation,%d,%s\n", stage[k].name, tag,
               1e9 * stage[k].t / (double)w->n, stage[k].runs,
               k == 3 ? "the step's 4 uniforms per nation alone (part of alignment and standards)"
                      : "one stage of the step at output.level=shares");
    printf("world build %s,%.3g,s,1,igraph BA + attributes + CSR\n", tag, build_s);
    printf("peak memory %s,%.4g,MiB,1,VmHWM after build + model + steps\n", tag, hwm / 1024.0);
    printf("peak memory/node %s,%.4g,bytes,1,\n", tag, hwm * 1024.0 / (double)w->n);
    printf("peak memory/edge %s,%.4g,bytes,1,per undirected edge (%.0f)\n", tag,
           hwm * 1024.0 / (nnz / 2), nnz / 2);
    free(c.s);
    free(c.out);
    free(c.draws);
    gsl_rng_free(c.r);
    gs_model_free(c.m);
    gs_world_free(w);
    gs_config_free(cf);
    return 0;
}
