/* gs_test.c - shared helpers of the unit tests (see gs_test.h). */
#include "gs_test.h"

#include "../../models/model.h"
#include "../../sim/config.h"
#include "../../sim/rng.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void gs_test_near(double got, double want, double tol, const char *expr, const char *file, int line)
{
    if (isnan(got) || isnan(want) || fabs(got - want) > tol) {
        print_error("%s = %.17g, expected %.17g +- %.3g\n", expr, got, want, tol);
        _fail(file, line);
    }
}

static char test_dir[512];

/* Removes the temporary directory when the test process ends, so test runs
 * leave nothing behind in $TMPDIR.  Skipped when GS_TEST_KEEP is set (to
 * look at the files a failing test wrote). */
static void remove_test_dir(void)
{
    if (!test_dir[0] || getenv("GS_TEST_KEEP")) return;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", test_dir);
    if (system(cmd) != 0) fprintf(stderr, "gs_test: could not remove %s\n", test_dir);
}

const char *gs_test_dir(void)
{
    char *dir = test_dir;
    if (!dir[0]) {
        const char *t = getenv("TMPDIR");
        snprintf(dir, sizeof test_dir, "%s/gstest.XXXXXX", t && *t ? t : "/tmp");
        if (!mkdtemp(dir)) {
            perror("mkdtemp");
            abort();
        }
        atexit(remove_test_dir);
    }
    return dir;
}

const char *gs_test_tmp(const char *name)
{
    static char paths[8][1024];
    static int slot;
    char *p = paths[slot++ % 8];
    snprintf(p, 1024, "%s/%s", gs_test_dir(), name);
    return p;
}

const char *gs_test_write(const char *name, const char *text)
{
    const char *p = gs_test_tmp(name);
    FILE *f = fopen(p, "w");
    if (!f) {
        perror(p);
        abort();
    }
    fputs(text, f);
    fclose(f);
    return p;
}

const char *gs_test_path(const char *rel)
{
    static char paths[8][1024];
    static int slot;
    const char *top = getenv("TOP");
    char *p = paths[slot++ % 8];
    snprintf(p, 1024, "%s/%s", top && *top ? top : ".", rel);
    return p;
}

void gs_test_config_init(gs_config *c)
{
    memset(c, 0, sizeof *c);
    gs_params_defaults(&c->p);
}

gs_model *gs_test_model_start(const gs_world *w, const gs_params *p, uint64_t seed, uint64_t rep,
                              gsl_rng **r)
{
    gs_err e = {0};
    *r = gs_rng_alloc(seed, GS_RNG_DYNAMICS, 0, rep, &e);
    gs_model *m = gs_model_alloc(w, &e);
    assert_non_null(*r);
    assert_non_null(m);
    if (gs_model_init(m, w, p, *r, &e) != GS_OK) fail_msg("%s", e.msg);
    return m;
}
