/* test_design.c - sweep designs: grid order, ranges, replacement of [sweep]
 * keys by --vary, Latin hypercube strata, Sobol points, refused keys and
 * every bad SPEC. */
#include "gs_test.h"

#include <gsl/gsl_qrng.h>
#include <stdlib.h>
#include <string.h>

#include "../../sim/design.h"

/* A config without a file: defaults, plus the [sweep] and [prior] the test
 * adds. */
typedef struct fixture {
    gs_config c;
    gs_sweep_dim sweep[2];
    double v0[2], v1[3];
    gs_prior prior;
} fixture;

static void fixture_init(fixture *f)
{
    memset(f, 0, sizeof *f);
    gs_params_defaults(&f->c.p);
}

static void add_sweep(fixture *f, const char *key, double *values, size_t n)
{
    gs_sweep_dim *d = &f->sweep[f->c.nsweep];
    snprintf(d->key, sizeof d->key, "%s", key);
    d->param = gs_param_find(key);
    d->nvalues = n;
    d->values = values;
    d->where.file = "s.ini";
    d->where.line = 12;
    f->c.sweep = f->sweep;
    f->c.nsweep++;
}

static gs_design *build(fixture *f, const char *const *vary, size_t nvary, gs_err *e)
{
    gs_err_clear(e);
    return gs_design_build(&f->c, vary, nvary, 99, e);
}

static double val(const gs_design *d, int k, int64_t p)
{
    return d->values[(int64_t)k * d->npoints + p];
}

static void no_dims_is_one_point(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    gs_err e = {0};
    gs_design *d = build(&f, NULL, 0, &e);
    assert_non_null(d);
    assert_int_equal(d->npoints, 1);
    assert_int_equal(d->ndims, 0);
    gs_params p = f.c.p;
    gs_design_apply(d, 0, &p);
    assert_memory_equal(&p, &f.c.p, sizeof p);
    gs_design_free(d);
}

/* [sweep] first (slowest), then --vary, last fastest. */
static void grid_order(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    f.v0[0] = 0.5;
    f.v0[1] = 1.5;
    add_sweep(&f, "cn.budget", f.v0, 2);
    const char *vary[] = {"us.compute=0,0.5,1", "alignment.update=sync,async"};
    gs_err e = {0};
    gs_design *d = build(&f, vary, 2, &e);
    assert_non_null(d);
    assert_int_equal(d->ndims, 3);
    assert_int_equal(d->npoints, 12);
    assert_string_equal(d->keys[0], "cn.budget");
    assert_string_equal(d->keys[1], "us.compute");
    assert_string_equal(d->keys[2], "alignment.update");
    for (int64_t p = 0; p < 12; p++) {
        assert_near(val(d, 0, p), p < 6 ? 0.5 : 1.5, 0);
        assert_near(val(d, 1, p), 0.5 * (double)((p / 2) % 3), 0);
        assert_near(val(d, 2, p), (double)(p % 2), 0);
    }
    gs_params p = f.c.p;
    gs_design_apply(d, 9, &p); /* 1.5, 0.5, async */
    assert_near(p.pole[GS_CN].budget, 1.5, 0);
    assert_near(p.pole[GS_US].feat[GS_F_COMPUTE], 0.5, 0);
    assert_int_equal(p.align_update, GS_UPDATE_ASYNC);
    char buf[64];
    gs_design_format(d->dims[2].param, 1, buf, sizeof buf);
    assert_string_equal(buf, "async");
    gs_design_free(d);
}

/* A --vary for a key that [sweep] names replaces it in place. */
static void vary_replaces_sweep(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    f.v0[0] = 0.5;
    f.v0[1] = 1.5;
    f.v1[0] = 0.1;
    f.v1[1] = 0.2;
    f.v1[2] = 0.3;
    add_sweep(&f, "cn.budget", f.v0, 2);
    add_sweep(&f, "us.budget", f.v1, 3);
    const char *vary[] = {"cn.budget=0:1:0.25"};
    gs_err e = {0};
    gs_design *d = build(&f, vary, 1, &e);
    assert_non_null(d);
    assert_int_equal(d->ndims, 2);
    assert_string_equal(d->keys[0], "cn.budget");
    assert_int_equal(d->npoints, 15);
    /* The range includes its stop exactly, with no accumulated rounding. */
    assert_int_equal(d->dims[0].nvalues, 5);
    assert_true(d->dims[0].values[4] == 1.0);
    assert_true(d->dims[0].values[3] == 0.75);
    assert_near(val(d, 0, 14), 1.0, 0);
    assert_near(val(d, 1, 14), 0.3, 0);
    gs_design_free(d);
    /* The same key twice on the command line is an error. */
    const char *twice[] = {"cn.budget=1", "cn.budget=2"};
    assert_null(build(&f, twice, 2, &e));
    assert_non_null(strstr(e.msg, "already varied"));
}

static void ranges(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    gs_err e = {0};
    const char *v1[] = {"cn.compute=1:0:-0.1"}; /* descending */
    gs_design *d = build(&f, v1, 1, &e);
    assert_non_null(d);
    assert_int_equal(d->npoints, 11);
    assert_true(val(d, 0, 0) == 1.0 && val(d, 0, 10) == 0.0);
    assert_near(val(d, 0, 3), 0.7, 1e-15);
    gs_design_free(d);
    const char *v2[] = {"world.trade_k=1"}; /* refused below; int range next */
    assert_null(build(&f, v2, 1, &e));
    const char *v3[] = {"landscape.anneal_sweeps=10:20:5"};
    d = build(&f, v3, 1, &e);
    assert_non_null(d);
    assert_int_equal(d->npoints, 3);
    gs_params p = f.c.p;
    gs_design_apply(d, 2, &p);
    assert_int_equal(p.land_anneal_sweeps, 20);
    gs_design_free(d);
}

/* Latin hypercube: in every dimension each of the N strata holds exactly
 * one point; the same seed gives the same points, another seed others. */
static void latin_hypercube(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    gs_err e = {0};
    const char *vary[] = {"cn.budget=lhs:50:0:2", "us.compute=0.2:0.4", "us.security=0,1"};
    gs_design *d = build(&f, vary, 3, &e);
    assert_non_null(d);
    assert_int_equal(d->method, GS_DESIGN_LHS);
    assert_int_equal(d->nsamples, 50);
    assert_int_equal(d->npoints, 100);
    double lo[2] = {0, 0.2}, hi[2] = {2, 0.4};
    int dimk[2] = {0, 1};
    for (int j = 0; j < 2; j++) {
        int seen[50] = {0};
        for (int64_t s = 0; s < 50; s++) {
            double x = val(d, dimk[j], s);
            assert_true(x >= lo[j] && x <= hi[j]);
            int stratum = (int)((x - lo[j]) / (hi[j] - lo[j]) * 50);
            assert_true(stratum >= 0 && stratum < 50);
            seen[stratum]++;
        }
        for (int s = 0; s < 50; s++)
            assert_int_equal(seen[s], 1);
    }
    /* The grid dimension is slowest: the block repeats for each value. */
    for (int64_t s = 0; s < 50; s++) {
        assert_true(val(d, 0, s) == val(d, 0, 50 + s));
        assert_near(val(d, 2, s), 0, 0);
        assert_near(val(d, 2, 50 + s), 1, 0);
    }
    gs_design *d2 = build(&f, vary, 3, &e);
    assert_memory_equal(d->values, d2->values, sizeof(double) * 3 * 100);
    gs_design_free(d2);
    gs_err_clear(&e);
    d2 = gs_design_build(&f.c, vary, 3, 100, &e);
    assert_true(memcmp(d->values, d2->values, sizeof(double) * 100) != 0);
    gs_design_free(d2);
    gs_design_free(d);

    /* Integer keys take the nearest integer; the range defaults to the
     * table's. */
    const char *iv[] = {"landscape.anneal_sweeps=lhs:8:1:100", "alignment.omega=lhs:8"};
    d = build(&f, iv, 2, &e);
    assert_non_null(d);
    for (int64_t s = 0; s < 8; s++) {
        assert_true(val(d, 0, s) == nearbyint(val(d, 0, s)));
        assert_true(val(d, 1, s) >= 0 && val(d, 1, s) <= 1);
    }
    gs_design_free(d);
}

/* A sampled [sweep] (method = lhs:N, bounds lo:hi); a --vary method
 * replaces the section's. */
static void sampled_sweep_section(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    snprintf(f.c.sweep_method, sizeof f.c.sweep_method, "lhs");
    f.c.sweep_n = 10;
    f.v0[0] = 0.5;
    f.v0[1] = 1.5;
    add_sweep(&f, "cn.budget", f.v0, 2);
    f.sweep[0].kind = GS_SWEEP_BOUNDS;
    const char *grid[] = {"us.compute=0,1"};
    gs_err e = {0};
    gs_design *d = build(&f, grid, 1, &e);
    assert_non_null(d);
    assert_int_equal(d->method, GS_DESIGN_LHS);
    assert_int_equal(d->npoints, 20);
    int seen[10] = {0};
    for (int64_t s = 0; s < 10; s++) {
        double x = val(d, 0, s);
        assert_true(x >= 0.5 && x <= 1.5);
        seen[(int)((x - 0.5) * 10)]++;
        assert_near(val(d, 1, s), 0, 0);
        assert_near(val(d, 1, 10 + s), 1, 0);
    }
    for (int s = 0; s < 10; s++)
        assert_int_equal(seen[s], 1);
    gs_design_free(d);
    const char *sob[] = {"us.compute=sobol:4:0:1"};
    d = build(&f, sob, 1, &e);
    assert_non_null(d);
    assert_int_equal(d->method, GS_DESIGN_SOBOL);
    assert_int_equal(d->npoints, 4);
    assert_near(val(d, 0, 0), 1.0, 1e-15); /* Sobol starts at the centre */
    assert_near(val(d, 1, 0), 0.5, 1e-15);
    gs_design_free(d);
}

static void sobol_points(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    gs_err e = {0};
    const char *vary[] = {"cn.budget=sobol:16:0:2", "us.compute=0:1"};
    gs_design *d = build(&f, vary, 2, &e);
    assert_non_null(d);
    assert_int_equal(d->method, GS_DESIGN_SOBOL);
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, 2);
    double u[2];
    for (int64_t s = 0; s < 16; s++) {
        gsl_qrng_get(q, u);
        assert_near(val(d, 0, s), 2 * u[0], 1e-15);
        assert_near(val(d, 1, s), u[1], 1e-15);
    }
    gsl_qrng_free(q);
    gs_design_free(d);

    /* 41 sampled dimensions: more than GSL's Sobol generator supports. */
    const char *many[41];
    char buf[41][64];
    int nk = 0;
    for (size_t i = 0; i < gs_nparams && nk < 41; i++) {
        const gs_param_def *pd = &gs_param_table[i];
        if (pd->type != GS_PT_REAL || gs_design_forbidden((int)i) || !(pd->max - pd->min < 1e6))
            continue;
        if (nk)
            snprintf(buf[nk], sizeof buf[nk], "%s=%g:%g", pd->name, pd->min, pd->max);
        else
            snprintf(buf[nk], sizeof buf[nk], "%s=sobol:8", pd->name);
        many[nk] = buf[nk];
        nk++;
    }
    assert_int_equal(nk, 41);
    assert_null(build(&f, many, 41, &e));
    assert_int_equal(e.code, GS_EINPUT);
    assert_non_null(strstr(e.msg, "41 sampled dimensions"));
    assert_non_null(strstr(e.msg, "at most 40"));
    /* 40 is fine. */
    d = build(&f, many, 40, &e);
    assert_non_null(d);
    assert_int_equal(d->npoints, 8);
    gs_design_free(d);
}

/* Keys that cannot be swept, and every malformed SPEC, give one clear
 * GS_EINPUT message naming the --vary. */
static void refused(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    snprintf(f.prior.key, sizeof f.prior.key, "cn.leverage");
    f.prior.param = gs_param_find("cn.leverage");
    f.c.priors = &f.prior;
    f.c.npriors = 1;
    struct {
        const char *vary, *want;
    } cases[] = {
        {"scenario.steps=10,20", "changes the time axis"},
        {"scenario.dt=0.5", "changes the time axis"},
        {"scenario.seed=1,2", "property of the run"},
        {"output.every=1,2", "shape of the output"},
        {"output.level=full,shares", "shape of the output"},
        {"world.n=10,20", "shares one world"},
        {"world.kind=er", "shares one world"},
        {"landscape.actors=a.csv", "only numbers"},
        {"cn.leverage=0,1", "has a [prior]"},
        {"cn.budgte=1,2", "did you mean cn.budget"},
        {"cn.budget", "expected KEY=SPEC"},
        {"=1", "expected KEY=SPEC"},
        {"cn.budget=", "empty SPEC"},
        {"cn.budget=1,,2", "empty value"},
        {"cn.budget=1,x", "expected a number"},
        {"cn.compute=0,2", "out of range"},
        {"cn.compute=0:2:0.5", "out of range"},
        {"cn.compute=0:1:0", "step must be non-zero"},
        {"cn.compute=0:1:-0.1", "step must be non-zero"},
        {"cn.compute=1:0", "LO must be below HI"},
        {"cn.compute=0:1", "needs a sampled design"},
        {"cn.compute=lhs:0", "N must be an integer"},
        {"cn.compute=lhs:x", "N must be an integer"},
        {"cn.compute=lhs:10:0", "expected lhs:N or lhs:N:LO:HI"},
        {"cn.compute=lhs:10:0:3", "leaves the range"},
        {"cn.compute=halton:10", "expected a,b,c"},
        {"cn.compute=1:2:3:4:5", "expected a,b,c"},
        {"alignment.update=lhs:4", "can only be listed"},
        {"alignment.update=sync,bogus", "is not one of"},
        {"alignment.update=0:1:1", "list its values"},
        {"landscape.anneal_sweeps=1.5", "expected an integer"},
        {"landscape.anneal_sweeps=1:2:0.5", "is an integer"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gs_err e = {0};
        const char *v[] = {cases[i].vary};
        gs_design *d = gs_design_build(&f.c, v, 1, 1, &e);
        if (d || e.code != GS_EINPUT || !strstr(e.msg, cases[i].want) ||
            strncmp(e.msg, "--vary ", 7) != 0) {
            gs_design_free(d);
            fail_msg("--vary %s: got code %d '%s', expected '%s'", cases[i].vary, e.code, e.msg,
                     cases[i].want);
        }
    }
    /* Two sampled designs that disagree. */
    gs_err e = {0};
    const char *two[] = {"cn.compute=lhs:10", "us.compute=sobol:10"};
    assert_null(gs_design_build(&f.c, two, 2, 1, &e));
    assert_non_null(strstr(e.msg, "same design"));
    const char *twon[] = {"cn.compute=lhs:10", "us.compute=lhs:12"};
    gs_err_clear(&e);
    assert_null(gs_design_build(&f.c, twon, 2, 1, &e));
    assert_non_null(strstr(e.msg, "same design"));
    /* [sweep] errors name the file and line. */
    fixture g;
    fixture_init(&g);
    g.v0[0] = 5;
    add_sweep(&g, "cn.compute", g.v0, 1);
    gs_err_clear(&e);
    assert_null(gs_design_build(&g.c, NULL, 0, 1, &e));
    assert_non_null(strstr(e.msg, "s.ini:12: [sweep] cn.compute"));
    assert_non_null(strstr(e.msg, "out of range"));
    /* Too many points. */
    const char *huge[] = {"cn.compute=lhs:100000", "us.compute=0:1:0.00001"};
    gs_err_clear(&e);
    assert_null(gs_design_build(&f.c, huge, 2, 1, &e));
    assert_non_null(strstr(e.msg, "at most"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_dims_is_one_point), cmocka_unit_test(grid_order),
        cmocka_unit_test(vary_replaces_sweep),  cmocka_unit_test(ranges),
        cmocka_unit_test(latin_hypercube),      cmocka_unit_test(sampled_sweep_section),
        cmocka_unit_test(sobol_points),         cmocka_unit_test(refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
