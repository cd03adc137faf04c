/* test_compare.c - paired differences and their bootstrap intervals; the
 * final outcomes of a comparison (majority time). */
#include "gs_test.h"

#include <gsl/gsl_randist.h>
#include <stdlib.h>
#include <string.h>

#include "../../sim/compare.h"
#include "../../sim/rng.h"

/* Identical inputs give differences of exactly zero, intervals included. */
static void identical_is_exactly_zero(void **state)
{
    (void)state;
    gs_err e = {0};
    gsl_rng *r = gs_rng_alloc(7, GS_RNG_DESIGN, 1, 0, &e);
    double a[50], am, bm, dm, lo, hi;
    for (int i = 0; i < 50; i++)
        a[i] = 0.1 * i + 1.0 / 3.0;
    assert_int_equal(gs_compare_paired(50, a, a, 1, 1000, 0.95, r, &am, &bm, &dm, &lo, &hi, &e),
                     GS_OK);
    assert_true(dm == 0.0 && lo == 0.0 && hi == 0.0);
    assert_true(am == bm);
    gsl_rng_free(r);
}

/* A constant shift: every resampled mean is the shift itself. */
static void constant_shift(void **state)
{
    (void)state;
    gs_err e = {0};
    gsl_rng *r = gs_rng_alloc(7, GS_RNG_DESIGN, 1, 0, &e);
    double a[20], b[20], am, bm, dm, lo, hi;
    for (int i = 0; i < 20; i++) {
        a[i] = i;
        b[i] = i + 0.5;
    }
    gs_compare_paired(20, a, b, 1, 500, 0.95, r, &am, &bm, &dm, &lo, &hi, &e);
    assert_near(am, 9.5, 1e-12);
    assert_near(bm, 10.0, 1e-12);
    assert_true(dm == 0.5 && lo == 0.5 && hi == 0.5);
    gsl_rng_free(r);
}

/* Normal differences: the percentile interval matches the normal-theory
 * one (mean +- 1.96 sd / sqrt(n)) within sampling error, and the pairing
 * removes the shared noise (a and b share a large common component). */
static void normal_interval(void **state)
{
    (void)state;
    gs_err e = {0};
    gsl_rng *g = gs_rng_alloc(3, GS_RNG_DYNAMICS, 0, 0, &e);
    gsl_rng *r = gs_rng_alloc(3, GS_RNG_DESIGN, 1, 0, &e);
    enum { N = 400 };
    double a[N], b[N], am, bm, dm, lo, hi;
    double sd = 0.2, sum = 0, ss = 0;
    for (int i = 0; i < N; i++) {
        double common = gsl_ran_gaussian(g, 10.0);
        double d = 1.0 + gsl_ran_gaussian(g, sd);
        a[i] = common;
        b[i] = common + d;
        sum += d;
    }
    double mean = sum / N;
    for (int i = 0; i < N; i++)
        ss += (b[i] - a[i] - mean) * (b[i] - a[i] - mean);
    double se = sqrt(ss / (N - 1) / N);
    gs_compare_paired(N, a, b, 1, 4000, 0.95, r, &am, &bm, &dm, &lo, &hi, &e);
    assert_near(dm, mean, 1e-12);
    assert_near(dm, 1.0, 4 * sd / sqrt(N));
    assert_near(hi - lo, 2 * 1.96 * se, 0.15 * 2 * 1.96 * se);
    assert_near((lo + hi) / 2, mean, 0.2 * se);
    gsl_rng_free(g);
    gsl_rng_free(r);
}

/* Non-finite pairs are left out; the stride walks interleaved data. */
static void nan_pairs_and_stride(void **state)
{
    (void)state;
    gs_err e = {0};
    gsl_rng *r = gs_rng_alloc(7, GS_RNG_DESIGN, 1, 0, &e);
    /* Interleaved [replicate][2]: column 0 used. */
    double a[8] = {1, -9, 2, -9, NAN, -9, 4, -9};
    double b[8] = {2, -9, 4, -9, 100, -9, 5, -9};
    double am, bm, dm, lo, hi;
    gs_compare_paired(4, a, b, 2, 100, 0.95, r, &am, &bm, &dm, &lo, &hi, &e);
    assert_near(am, 7.0 / 3, 1e-12);
    assert_near(bm, 11.0 / 3, 1e-12);
    assert_near(dm, 4.0 / 3, 1e-12);
    assert_true(lo >= 1.0 - 1e-12 && hi <= 2.0 + 1e-12 && lo <= dm && dm <= hi);
    /* Nothing usable: NaN, not 0. */
    double n1[2] = {NAN, NAN};
    assert_int_equal(gs_compare_paired(2, n1, n1, 1, 100, 0.95, r, &am, &bm, &dm, &lo, &hi, &e),
                     GS_OK);
    assert_true(isnan(dm) && isnan(lo) && isnan(am));
    /* Bad arguments. */
    assert_int_equal(gs_compare_paired(2, n1, n1, 0, 100, 0.95, r, &am, &bm, &dm, &lo, &hi, &e),
                     GS_EINPUT);
    gsl_rng_free(r);
}

static void majority_time_and_outcomes(void **state)
{
    (void)state;
    gs_err e = {0};
    gs_traj *t = gs_traj_alloc(4, 3, 1, GS_OUT_SHARES, &e);
    assert_non_null(t);
    double times[3] = {2025.5, 2025.75, 2026.0};
    double sc[3][3] = {{0.5, 0.25, 0.25}, {0.25, 0.5, 0.25}, {0.0, 0.25, 0.75}};
    memcpy(t->share_count, sc, sizeof sc);
    for (int k = 0; k < 3; k++) {
        for (int o = 0; o < 3; o++) {
            t->share_population[k * 3 + o] = 0.1 * o;
            t->share_gdp[k * 3 + o] = 0.2 * o;
            t->share_global_south[k * 3 + o] = 0.3 * o;
        }
        for (int s = 0; s < 4; s++)
            t->standard_share[k * 4 + s] = 0.25;
        t->interoperability[k] = 0.1 * k;
    }
    /* 0.5 is no majority (strictly more than half); hedge never counts. */
    assert_near(gs_compare_majority_time(t, times, 0.25), 2026.0, 0);
    double out[GS_CMP_NOUT];
    gs_compare_outcomes(t, times, 0.25, out);
    assert_near(out[2], 0.75, 0);
    assert_near(out[5], 0.2, 1e-15);
    assert_near(out[8], 0.4, 1e-15);
    assert_near(out[11], 0.6, 1e-15);
    assert_near(out[13], 0.25, 0);
    assert_near(out[16], 0.2, 1e-15);
    assert_near(out[17], 2026.0, 0);
    assert_string_equal(gs_compare_outcome_name(17), "majority_time");
    assert_string_equal(gs_compare_outcome_name(13), "standard_share.multilateral");
    /* Never a majority: one step after the end. */
    t->share_count[8] = 0.5;
    t->share_count[6] = 0.25;
    assert_near(gs_compare_majority_time(t, times, 0.25), 2026.25, 0);
    /* Hedge above one half is not a bloc majority either. */
    t->share_count[6] = 0.75;
    t->share_count[7] = 0.125;
    t->share_count[8] = 0.125;
    assert_near(gs_compare_majority_time(t, times, 0.25), 2026.25, 0);
    gs_traj_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(identical_is_exactly_zero),
        cmocka_unit_test(constant_shift),
        cmocka_unit_test(normal_interval),
        cmocka_unit_test(nan_pairs_and_stride),
        cmocka_unit_test(majority_time_and_outcomes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
