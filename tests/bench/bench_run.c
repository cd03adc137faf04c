/* bench_run.c - replicate-runs per second of a scenario through the library
 * API, with and without the HDF5 writer, so that the writer's share of the
 * run time is measured without adding anything to the CLI.
 *
 * Usage: bench_run SCENARIO.ini REPLICATES THREADS LEVEL WRITE RUNS [OUT.h5]
 *   LEVEL  shares | full;  WRITE  1 = gs_run with a gs_h5 writer (to OUT.h5,
 *   as `govsim run` does), 0 = gs_run with out = NULL (trajectories are
 *   still observed and buffered, only not written).
 * Times gs_run (plus gs_h5_create and gs_h5_close when writing) RUNS times
 * after one untimed warm-up run of a tenth of the replicates (the world is
 * built once, outside the timing) and prints on stdout the medians
 *   <wall seconds> <CPU seconds, all threads> <gs_h5_close seconds> <bytes>
 * (bytes of the file, 0 without writer).  On a shared machine the CPU time
 * is the steadier figure for one thread. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
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

/* CPU seconds (user + system) of the whole process, every thread. */
static double cpu_now(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)u.ru_utime.tv_sec + 1e-6 * (double)u.ru_utime.tv_usec +
           (double)u.ru_stime.tv_sec + 1e-6 * (double)u.ru_stime.tv_usec;
}

typedef struct timing {
    double wall, cpu, close; /* seconds: whole run, CPU of the run, gs_h5_close */
} timing;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* One run of R replicates into *t; -1 on failure (message on stderr). */
static int one_run(const gs_config *c, const gs_world *w, const char *text, int64_t reps,
                   int threads, int write, const char *out, timing *t)
{
    gs_err e = {0};
    int32_t nt = 0;
    double *times = gs_run_times(&c->p, &nt, &e);
    if (!times) goto fail;
    double t0 = now(), c0 = cpu_now();
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
            .threads = threads,
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
    double t1 = now();
    if (h && gs_h5_close(h, &e) != GS_OK) goto fail;
    t->wall = now() - t0;
    t->cpu = cpu_now() - c0;
    t->close = now() - t1;
    free(times);
    if (res.tasks_failed) {
        fprintf(stderr, "bench_run: %lld tasks failed: %s\n", (long long)res.tasks_failed,
                res.first_failure);
        return -1;
    }
    return 0;
fail:
    free(times);
    fprintf(stderr, "bench_run: %s\n", e.msg);
    return -1;
}

static double median_of(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
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
    timing tm, all[99];
    if (one_run(c, w, text, warm, threads, write, out, &tm) < 0) return 1;
    for (int k = 0; k < runs; k++)
        if (one_run(c, w, text, reps, threads, write, out, &all[k]) < 0) return 1;
    double v[3][99];
    for (int k = 0; k < runs; k++) {
        v[0][k] = all[k].wall;
        v[1][k] = all[k].cpu;
        v[2][k] = all[k].close;
    }
    struct stat st;
    long long bytes = write && stat(out, &st) == 0 ? (long long)st.st_size : 0;
    printf("%.6f %.6f %.6f %lld\n", median_of(v[0], runs), median_of(v[1], runs),
           median_of(v[2], runs), bytes);
    if (write) remove(out);
    free(text);
    gs_world_free(w);
    gs_config_free(c);
    return 0;
}
