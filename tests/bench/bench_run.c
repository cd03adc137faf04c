/* bench_run.c - replicate-runs per second of a scenario through the library
 * API, with and without the HDF5 writer, so that the writer's share of the
 * run time is measured without adding anything to the CLI.
 *
 * Usage: bench_run SCENARIO.ini REPLICATES THREADS LEVEL WRITE RUNS [OUT.h5]
 *   LEVEL  shares | full;  WRITE  1 = gs_run with a gs_h5 writer (to OUT.h5,
 *   as `govsim run` does), 0 = gs_run with out = NULL (trajectories are
 *   still observed and buffered, only not written), 2 = both, alternately.
 * Times gs_run (plus gs_h5_create and gs_h5_close when writing) RUNS times
 * after one untimed warm-up run of a tenth of the replicates (the world is
 * built once, outside the timing) and prints on stdout the medians
 *   <wall seconds> <CPU seconds, all threads> <gs_h5_close seconds> <bytes>
 *   <writer CPU seconds>
 * (bytes of the file, 0 without writer; the writer's CPU: see below).  On a shared machine the CPU
 * time is the steadier figure for one thread.  WRITE = 2 times RUNS pairs of runs, one with the
 * writer and one without, in alternating order, and appends <CPU seconds without writer> <writer's
 * share of the CPU time, %> the share being the median over the pairs of (with - without) / with:
 * the two runs of a pair are seconds apart, so a change in the machine's
 * speed over the minutes of a benchmark does not enter the difference as
 * it does between two separate sets of runs.  The output file of a timed
 * run is removed after it, untimed: the next run's rename would otherwise
 * pay for freeing the previous file's pages, which is deleting an old
 * result, not writing a new one.
 *
 * The writer's own time is also measured directly: built with
 * -Wl,--wrap=gs_h5_write_task (tests/bench/run.sh), every call the runner
 * makes to the writer passes through __wrap_gs_h5_write_task, which adds
 * the calling thread's CPU time in it; with gs_h5_create and gs_h5_close
 * timed the same way that is all the CPU time of the writer at -j1 (where
 * the /summary statistics run on the calling thread too).  The median of
 * that over the runs is the fifth figure printed (0 without writer).  It
 * leaves out what the writer costs the rest of the run indirectly (caches
 * refilled after it), which the difference of the paired runs includes. */
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

/* Thread CPU seconds (the writer runs on the calling thread). */
static double thread_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* CPU seconds spent in gs_h5_write_task so far (see the header). */
static double write_cpu;

int __real_gs_h5_write_task(gs_h5 *h, int64_t point, int64_t replicate, const gs_traj *t,
                            const double *prior_values, gs_err *e);
int __wrap_gs_h5_write_task(gs_h5 *h, int64_t point, int64_t replicate, const gs_traj *t,
                            const double *prior_values, gs_err *e);
int __wrap_gs_h5_write_task(gs_h5 *h, int64_t point, int64_t replicate, const gs_traj *t,
                            const double *prior_values, gs_err *e)
{
    double t0 = thread_cpu();
    int rc = __real_gs_h5_write_task(h, point, replicate, t, prior_values, e);
    write_cpu += thread_cpu() - t0;
    return rc;
}

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
    double writer;           /* CPU seconds in gs_h5_create, _write_task and _close */
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
    double t0 = now(), c0 = cpu_now(), k0 = thread_cpu(), w0 = write_cpu, kc = 0;
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
        kc = thread_cpu() - k0;
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
    double t1 = now(), k1 = thread_cpu();
    if (h && gs_h5_close(h, &e) != GS_OK) goto fail;
    t->wall = now() - t0;
    t->cpu = cpu_now() - c0;
    t->close = now() - t1;
    t->writer = h ? kc + (write_cpu - w0) + (thread_cpu() - k1) : 0;
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
    if (reps < 1 || threads < 1 || runs < 1 || runs > 99 || write < 0 || write > 2) return 2;
    int paired = write == 2;
    if (paired) write = 1;
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
    timing tm, all[99], bare[99];
    struct stat st;
    long long bytes = 0;
    if (one_run(c, w, text, warm, threads, write, out, &tm) < 0) return 1;
    if (write) remove(out);
    for (int k = 0; k < runs; k++) {
        if (paired && k % 2 && one_run(c, w, text, reps, threads, 0, out, &bare[k]) < 0) return 1;
        if (one_run(c, w, text, reps, threads, write, out, &all[k]) < 0) return 1;
        if (write && stat(out, &st) == 0) bytes = (long long)st.st_size;
        if (write) remove(out);
        if (paired && !(k % 2) && one_run(c, w, text, reps, threads, 0, out, &bare[k]) < 0)
            return 1;
    }
    double v[6][99];
    for (int k = 0; k < runs; k++) {
        v[0][k] = all[k].wall;
        v[1][k] = all[k].cpu;
        v[2][k] = all[k].close;
        v[5][k] = all[k].writer;
        if (paired) {
            v[3][k] = bare[k].cpu;
            v[4][k] = 100 * (all[k].cpu - bare[k].cpu) / all[k].cpu;
        }
    }
    printf("%.6f %.6f %.6f %lld %.6f", median_of(v[0], runs), median_of(v[1], runs),
           median_of(v[2], runs), bytes, median_of(v[5], runs));
    if (paired) printf(" %.6f %.2f", median_of(v[3], runs), median_of(v[4], runs));
    printf("\n");
    free(text);
    gs_world_free(w);
    gs_config_free(c);
    return 0;
}
