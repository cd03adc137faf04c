/* test_sobol.c - the Saltelli design and the Sobol index estimators,
 * checked on the Ishigami function (a = 7, b = 0.1), whose indices are known
 * in closed form, and on functions with exactly known structure. */
#include "gs_test.h"

#include <gsl/gsl_qrng.h>
#include <stdlib.h>
#include <string.h>

#include "../../sim/rng.h"
#include "../../sim/sobol.h"

#define ISHI_A 7.0
#define ISHI_B 0.1

static double ishigami(const double *u)
{
    double x1 = -M_PI + 2 * M_PI * u[0], x2 = -M_PI + 2 * M_PI * u[1], x3 = -M_PI + 2 * M_PI * u[2];
    return sin(x1) + ISHI_A * sin(x2) * sin(x2) + ISHI_B * pow(x3, 4) * sin(x1);
}

/* Closed-form indices (Ishigami & Homma 1990; Sobol' & Levitan 1999). */
static void ishigami_exact(double *s1, double *st)
{
    double a = ISHI_A, b = ISHI_B, p4 = pow(M_PI, 4), p8 = pow(M_PI, 8);
    double v1 = 0.5 * pow(1 + b * p4 / 5, 2), v2 = a * a / 8,
           v13 = b * b * p8 * (1.0 / 18 - 1.0 / 50);
    double v = v1 + v2 + v13;
    s1[0] = v1 / v;
    s1[1] = v2 / v;
    s1[2] = 0;
    st[0] = (v1 + v13) / v;
    st[1] = v2 / v;
    st[2] = v13 / v;
}

static double *run_design(const gs_saltelli *s, double (*f)(const double *))
{
    int64_t np = gs_saltelli_npoints(s);
    double *y = malloc((size_t)np * sizeof *y), u[40];
    assert_non_null(y);
    for (int64_t p = 0; p < np; p++) {
        gs_saltelli_point(s, p, u);
        y[p] = f(u);
    }
    return y;
}

static void exact_values_match_literature(void **state)
{
    (void)state;
    double s1[3], st[3];
    ishigami_exact(s1, st);
    assert_near(s1[0], 0.3139, 5e-5);
    assert_near(s1[1], 0.4424, 5e-5);
    assert_near(st[0], 0.5576, 5e-5);
    assert_near(st[1], 0.4424, 5e-5);
    assert_near(st[2], 0.2437, 5e-5);
}

static void ishigami_indices(void **state)
{
    (void)state;
    gs_err e = {0};
    int64_t n = 1 << 14;
    gs_saltelli *s = gs_saltelli_alloc(3, n, &e);
    assert_non_null(s);
    assert_int_equal(gs_saltelli_npoints(s), n * 5);
    double *y = run_design(s, ishigami);
    double s1[3], s1l[3], s1h[3], st[3], stl[3], sth[3], x1[3], xt[3];
    gsl_rng *r = gs_rng_alloc(1, GS_RNG_DESIGN, 2, 0, &e);
    assert_int_equal(gs_sobol_indices(3, n, y, 200, 0.95, r, s1, s1l, s1h, st, stl, sth, &e),
                     GS_OK);
    ishigami_exact(x1, xt);
    for (int i = 0; i < 3; i++) {
        assert_near(s1[i], x1[i], 0.03);
        assert_near(st[i], xt[i], 0.03);
        /* The intervals bracket the estimate and are a few hundredths wide. */
        assert_true(s1l[i] <= s1[i] && s1[i] <= s1h[i]);
        assert_true(stl[i] <= st[i] && st[i] <= sth[i]);
        assert_true(s1h[i] - s1l[i] < 0.1 && s1h[i] - s1l[i] > 0);
        assert_true(sth[i] - stl[i] < 0.1 && sth[i] - stl[i] > 0);
    }
    gsl_rng_free(r);
    free(y);
    gs_saltelli_free(s);
}

/* Additive linear f = sum c_i u_i: S1 = ST = c_i^2 / sum c^2 exactly in the
 * limit; no interactions, so ST = S1. */
static double linear(const double *u)
{
    return 1 * u[0] + 2 * u[1] + 3 * u[2] + 0 * u[3];
}

static void linear_indices(void **state)
{
    (void)state;
    gs_err e = {0};
    gs_saltelli *s = gs_saltelli_alloc(4, 4096, &e);
    assert_non_null(s);
    double *y = run_design(s, linear);
    double s1[4], s1l[4], s1h[4], st[4], stl[4], sth[4];
    assert_int_equal(gs_sobol_indices(4, 4096, y, 0, 0.95, NULL, s1, s1l, s1h, st, stl, sth, &e),
                     GS_OK);
    double c2[4] = {1, 4, 9, 0};
    for (int i = 0; i < 4; i++) {
        assert_near(s1[i], c2[i] / 14, 0.01);
        assert_near(st[i], c2[i] / 14, 0.01);
        assert_true(isnan(s1l[i]) && isnan(sth[i])); /* nboot = 0: no intervals */
    }
    /* A parameter with no effect has ST exactly 0: f(A) = f(AB_3). */
    assert_true(st[3] == 0.0);
    free(y);
    gs_saltelli_free(s);
}

/* The design: A and B come from one 2k-dimensional Sobol sequence and AB_i
 * takes column i from B. */
static void design_layout(void **state)
{
    (void)state;
    gs_err e = {0};
    gs_saltelli *s = gs_saltelli_alloc(2, 8, &e);
    assert_non_null(s);
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, 4);
    double row[4], u[2];
    for (int j = 0; j < 8; j++) {
        gsl_qrng_get(q, row);
        gs_saltelli_point(s, j, u); /* A */
        assert_true(u[0] == row[0] && u[1] == row[1]);
        gs_saltelli_point(s, 8 + j, u); /* B */
        assert_true(u[0] == row[2] && u[1] == row[3]);
        gs_saltelli_point(s, 16 + j, u); /* AB_0 */
        assert_true(u[0] == row[2] && u[1] == row[1]);
        gs_saltelli_point(s, 24 + j, u); /* AB_1 */
        assert_true(u[0] == row[0] && u[1] == row[3]);
    }
    gsl_qrng_free(q);
    gs_saltelli_free(s);
}

static double constant(const double *u)
{
    (void)u;
    return 0.25;
}

static void degenerate_inputs(void **state)
{
    (void)state;
    gs_err e = {0};
    /* Too many parameters for GSL's 40-dimensional Sobol generator. */
    assert_int_equal(gs_saltelli_max_k(), 20);
    assert_null(gs_saltelli_alloc(21, 64, &e));
    assert_int_equal(e.code, GS_EINPUT);
    assert_non_null(strstr(e.msg, "40 dimensions"));
    gs_err_clear(&e);
    assert_null(gs_saltelli_alloc(0, 64, &e));
    assert_int_equal(e.code, GS_EINPUT);
    gs_err_clear(&e);
    gs_saltelli *big = gs_saltelli_alloc(20, 4, &e); /* the maximum is accepted */
    assert_non_null(big);
    gs_saltelli_free(big);

    /* A constant output has V = 0: indices undefined, not 0/0 garbage. */
    gs_saltelli *s = gs_saltelli_alloc(2, 64, &e);
    double *y = run_design(s, constant);
    double s1[2], s1l[2], s1h[2], st[2], stl[2], sth[2];
    gsl_rng *r = gs_rng_alloc(1, GS_RNG_DESIGN, 2, 0, &e);
    assert_int_equal(gs_sobol_indices(2, 64, y, 50, 0.95, r, s1, s1l, s1h, st, stl, sth, &e),
                     GS_OK);
    assert_true(isnan(s1[0]) && isnan(st[1]) && isnan(s1l[0]) && isnan(sth[1]));

    /* Failed design points (NaN outputs) are left out, not propagated. */
    double *y2 = run_design(s, linear);
    y2[3] = NAN;      /* a row of A */
    y2[64 + 5] = NAN; /* a row of B */
    assert_int_equal(gs_sobol_indices(2, 64, y2, 50, 0.95, r, s1, s1l, s1h, st, stl, sth, &e),
                     GS_OK);
    assert_true(isfinite(s1[0]) && isfinite(st[1]) && isfinite(s1l[0]));
    assert_int_equal(gs_sobol_indices(2, 64, y2, 50, 2.0, r, s1, s1l, s1h, st, stl, sth, &e),
                     GS_EINPUT);
    gsl_rng_free(r);
    free(y);
    free(y2);
    gs_saltelli_free(s);
}

/* The same stream gives the same intervals: bootstrap is reproducible. */
static void bootstrap_reproducible(void **state)
{
    (void)state;
    gs_err e = {0};
    gs_saltelli *s = gs_saltelli_alloc(3, 256, &e);
    double *y = run_design(s, ishigami);
    double a[6][3], b[6][3];
    for (int rep = 0; rep < 2; rep++) {
        gsl_rng *r = gs_rng_alloc(42, GS_RNG_DESIGN, 2, 0, &e);
        double(*o)[3] = rep ? b : a;
        gs_sobol_indices(3, 256, y, 100, 0.95, r, o[0], o[1], o[2], o[3], o[4], o[5], &e);
        gsl_rng_free(r);
    }
    assert_memory_equal(a, b, sizeof a);
    free(y);
    gs_saltelli_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exact_values_match_literature),
        cmocka_unit_test(ishigami_indices),
        cmocka_unit_test(linear_indices),
        cmocka_unit_test(design_layout),
        cmocka_unit_test(degenerate_inputs),
        cmocka_unit_test(bootstrap_reproducible),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
