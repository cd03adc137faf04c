/* bench_run.c - replicate-runs per second of a scenario through the library
 * API, with and without the HDF5 writer, so that the writer's share of the
 * run time is measured without adding anything to the CLI.
 *
 * Usage: bench_run SCENARIO.ini REPLICATES THREADS LEVEL WRITE RUNS [OUT.h5]
 *   LEVEL  shares | full;  WRITE  1 = gs_run with a gs_h5 writer (to OUT.h5,
 *   as `govsim run` does), 0 = gs_run with out = NULL (trajectories are
 *   still observed and buffered, only not written).
 * Times gs_run (plus gs_h5_create and gs_h5_close when writing) RUNS times
 * in wall-clock time after one untimed warm-up run of a tenth of the
 * replicates (the world is built once, outside the timing) and prints
 *   <median seconds> <min seconds> <file bytes or 0>
 * on stdout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../../sim/config.h"
#include "../../sim/h5out.h"
#include "../../sim/run.h"
#include "../../sim/world.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* One run of R replicates; returns seconds, or -1 on failure (message on
 * stderr). */
static double one_run(const gs_config *c, const gs_world *w, const char *text, int64_t reps,
                      int threads, int write, const char *out)
{
    gs_err e = {0};
    int32_t nt = 0;
    double *times = gs_run_times(&c->p, &nt, &e);
    if (!times) goto fail;
    double t0 = now();
    gs_h5 *h = NULL;
    if (write) {
        gs_h5_meta meta = {
            .world = w,
            .config = c,
            .config_text = text,
            .command = "bench_run",
            .scenario = c->path,
            .seed = (uint64_t)c->p.seed,
            .npoints = 1,
            .nreplicates = reps,
            .ntimes = nt,
            .times = times,
            .level = c->p.out_level,
        };
        h = gs_h5_create(out, 1, &meta, &e);
        if (!h) goto fail;
    }
    gs_run_spec spec = {
        .config = c,
        .world = w,
        .npoints = 1,
        .nreplicates = reps,
        .seed = (uint64_t)c->p.seed,
        .threads = threads,
        .quiet = 1,
        .level = c->p.out_level,
        .out = h,
    };
    gs_run_result res;
    if (gs_run(&spec, &res, &e) != GS_OK) {
        gs_h5_abort(h);
        goto fail;
    }
    if (h && gs_h5_close(h, &e) != GS_OK) goto fail;
    double t = now() - t0;
    free(times);
    if (res.tasks_failed) {
        fprintf(stderr, "bench_run: %lld tasks failed: %s\n", (long long)res.tasks_failed,
                res.first_failure);
        return -1;
    }
    return t;
fail:
    free(times);
    fprintf(stderr, "bench_run: %s\n", e.msg);
    return -1;
}

int main(int argc, char **argv)
{
    if (argc < 7) {
        fprintf(stderr, "usage: bench_run SCENARIO.ini REPLICATES THREADS shares|full 0|1 RUNS "
                        "[OUT.h5]\n");
        return 2;
    }
    int64_t reps = atoll(argv[2]);
    int threads = atoi(argv[3]);
    char level[64];
    snprintf(level, sizeof level, "output.level=%s", argv[4]);
    int write = atoi(argv[5]), runs = atoi(argv[6]);
    const char *out = argc > 7 ? argv[7] : "/tmp/govsim_bench_run.h5";
    if (reps < 1 || threads < 1 || runs < 1 || runs > 99) return 2;
    gs_err e = {0};
    const char *sets[] = {level};
    gs_config *c = gs_config_load(argv[1], sets, 1, &e);
    gs_world *w = c ? gs_world_build(c, &e) : NULL;
    char *text = w ? gs_config_text(c, 0, &e) : NULL;
    if (!text) {
        fprintf(stderr, "bench_run: %s\n", e.msg);
        return 1;
    }
    int64_t warm = reps / 10 > 0 ? reps / 10 : 1;
    if (one_run(c, w, text, warm, threads, write, out) < 0) return 1;
    double v[99];
    for (int k = 0; k < runs; k++)
        if ((v[k] = one_run(c, w, text, reps, threads, write, out)) < 0) return 1;
    qsort(v, (size_t)runs, sizeof *v, cmp_double);
    double med = runs % 2 ? v[runs / 2] : 0.5 * (v[runs / 2 - 1] + v[runs / 2]);
    struct stat st;
    long long bytes = write && stat(out, &st) == 0 ? (long long)st.st_size : 0;
    printf("%.6f %.6f %lld\n", med, v[0], bytes);
    if (write) remove(out);
    free(text);
    gs_world_free(w);
    gs_config_free(c);
    return 0;
}
