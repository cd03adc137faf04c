/* test_h5util.c - the writer's helpers: SHA-256 against the FIPS 180-2
 * test vectors (including the incremental interface across block
 * boundaries), and the ensemble statistics of summary.h against values
 * worked out by hand and, bit for bit, against GSL's own sort, mean and sd
 * (gs_summary sorts by its own radix sorts: the statistics of the sorted values must
 * be the very bits gsl_sort gives, ties, negatives and signed zeros
 * included). */
#include "gs_test.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "../../sim/sha256.h"
#include "../../sim/summary.h"

static void test_sha256_vectors(void **state)
{
    (void)state;
    char hex[65];
    gs_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    gs_sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    gs_sha256_hex(NULL, 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const char *m2 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"; /* 448 bits */
    gs_sha256_hex(m2, strlen(m2), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_sha256_incremental(void **state)
{
    (void)state;
    /* one million 'a' (FIPS 180-2 appendix B.3), fed in uneven pieces */
    char *a = malloc(1000000);
    memset(a, 'a', 1000000);
    gs_sha256 s;
    uint8_t d[32];
    gs_sha256_init(&s);
    size_t done = 0, step = 1;
    while (done < 1000000) {
        size_t k = step < 1000000 - done ? step : 1000000 - done;
        gs_sha256_update(&s, a + done, k);
        done += k;
        step = step * 3 % 997 + 1;
    }
    gs_sha256_final(&s, d);
    char hex[65];
    for (int i = 0; i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", d[i]);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    /* the one-shot and the incremental forms agree at every length around
     * the 55/56/64-byte padding boundaries */
    for (size_t n = 50; n < 130; n++) {
        char one[65];
        gs_sha256_hex(a, n, one);
        gs_sha256_init(&s);
        gs_sha256_update(&s, a, n / 2);
        gs_sha256_update(&s, a + n / 2, n - n / 2);
        gs_sha256_final(&s, d);
        for (int i = 0; i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", d[i]);
        assert_string_equal(hex, one);
    }
    free(a);
}

static void test_summary_values(void **state)
{
    (void)state;
    /* 1..5 (in disorder): mean 3; q05 at h = 0.2 -> 1.2; median 3; q95 at
     * h = 3.8 -> 4.8; sd = sqrt(2.5), mcse = sqrt(2.5 / 5) */
    double x[5] = {4, 1, 5, 3, 2}, work[10], out[GS_NSTAT]; /* work: 2 n */
    assert_int_equal(gs_summary(x, 1, 5, work, out), 5);
    assert_near(out[GS_STAT_MEAN], 3, 1e-15);
    assert_near(out[GS_STAT_Q05], 1.2, 1e-14);
    assert_near(out[GS_STAT_Q50], 3, 1e-15);
    assert_near(out[GS_STAT_Q95], 4.8, 1e-14);
    assert_near(out[GS_STAT_MCSE], sqrt(0.5), 1e-14);
    assert_near(x[0], 4, 0); /* input untouched */
    assert_string_equal(gs_stat_names[GS_STAT_Q95], "q95");

    /* stride and NaN exclusion: every other value, one NaN */
    double y[8] = {10, -1, NAN, -1, 30, -1, 20, -1};
    assert_int_equal(gs_summary(y, 2, 4, work, out), 3);
    assert_near(out[GS_STAT_MEAN], 20, 1e-14);
    assert_near(out[GS_STAT_Q50], 20, 1e-14);
    assert_near(out[GS_STAT_Q05], 11, 1e-12);  /* h = 0.1: 10 + 0.1 * 10 */
    assert_near(out[GS_STAT_Q95], 29, 1e-12);  /* h = 1.9: 20 + 0.9 * 10 */
    assert_near(out[GS_STAT_MCSE], 10 / sqrt(3), 1e-12);

    /* one valid value: no spread */
    double z[3] = {NAN, 7, NAN};
    assert_int_equal(gs_summary(z, 1, 3, work, out), 1);
    assert_near(out[GS_STAT_MEAN], 7, 0);
    assert_near(out[GS_STAT_Q05], 7, 0);
    assert_near(out[GS_STAT_Q95], 7, 0);
    assert_true(isnan(out[GS_STAT_MCSE]));

    /* nothing valid: everything NaN */
    double u[2] = {NAN, NAN};
    assert_int_equal(gs_summary(u, 1, 2, work, out), 0);
    for (int s = 0; s < GS_NSTAT; s++) assert_true(isnan(out[s]));
    assert_int_equal(gs_summary(u, 1, 0, work, out), 0);
    assert_true(isnan(out[GS_STAT_MEAN]));
}

/* The statistics as summary.h defines them, straight from GSL. */
static void summary_ref(const double *x, size_t n, double out[GS_NSTAT])
{
    double *w = malloc((n ? n : 1) * sizeof *w);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i])) w[m++] = x[i];
    gsl_sort(w, 1, m);
    out[GS_STAT_MEAN] = gsl_stats_mean(w, 1, m);
    out[GS_STAT_Q05] = gsl_stats_quantile_from_sorted_data(w, 1, m, 0.05);
    out[GS_STAT_Q50] = gsl_stats_quantile_from_sorted_data(w, 1, m, 0.50);
    out[GS_STAT_Q95] = gsl_stats_quantile_from_sorted_data(w, 1, m, 0.95);
    out[GS_STAT_MCSE] = m < 2 ? NAN : gsl_stats_sd(w, 1, m) / sqrt((double)m);
    free(w);
}

static int same_bits(const double *a, const double *b, int n)
{
    return memcmp(a, b, (size_t)n * sizeof *a) == 0;
}

static void test_summary_matches_gsl(void **state)
{
    (void)state;
    enum { NMAX = 3000 };
    double *x = malloc(NMAX * sizeof *x), *work = malloc(2 * NMAX * sizeof *work);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 7);
    size_t sizes[] = {1, 2, 3, 17, 100, 1000, NMAX};
    for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++)
        for (int kind = 0; kind < 8; kind++) {
            size_t n = sizes[si];
            for (size_t i = 0; i < n; i++) {
                double u = gsl_rng_uniform(g);
                switch (kind) {
                case 0: x[i] = u; break;                                        /* reals */
                case 1: x[i] = (double)gsl_rng_uniform_int(g, 196) / 195; break; /* shares */
                case 6: x[i] = ((double)gsl_rng_uniform_int(g, 41) - 20) / 7; break; /* few */
                case 2: x[i] = (u - 0.5) * 1e6; break;                          /* signs */
                case 3: x[i] = u < 0.1 ? NAN : ldexp(u, (int)gsl_rng_uniform_int(g, 200) - 100); break;
                case 4: x[i] = u < 0.5 ? 0.0 : (u < 0.7 ? -0.0 : u - 0.85); break; /* signed zeros */
                case 7: x[i] = i == n / 2 ? 1e6 : 0.5 + 1e-9 * u; break; /* bunched + outlier */
                default: x[i] = u < 0.3 ? -INFINITY : (u < 0.6 ? INFINITY : 3.0); break;
                }
            }
            double got[GS_NSTAT], want[GS_NSTAT];
            size_t m = gs_summary(x, 1, n, work, got);
            summary_ref(x, n, want);
            size_t valid = 0;
            for (size_t i = 0; i < n; i++) valid += !isnan(x[i]);
            assert_int_equal(m, valid);
            if (!same_bits(got, want, GS_NSTAT))
                fail_msg("n = %zu, kind %d: %.17g %.17g %.17g %.17g %.17g vs %.17g %.17g %.17g "
                         "%.17g %.17g",
                         n, kind, got[0], got[1], got[2], got[3], got[4], want[0], want[1], want[2],
                         want[3], want[4]);
            /* sorted: the median of an odd count is a value of the input */
            if ((kind == 1 || kind == 6) && m % 2) {
                int found = 0;
                for (size_t i = 0; i < n; i++) found |= x[i] == got[GS_STAT_Q50];
                assert_true(found);
            }
        }
    gsl_rng_free(g);
    free(x);
    free(work);
}

/* gs_summary_cols (four series at a time, interleaved) against GSL too:
 * series of different kinds and NaN counts, so that the four lanes end at
 * different lengths, one with no valid value, and a count that is not a
 * multiple of four. */
static void test_summary_cols(void **state)
{
    (void)state;
    enum { N = 257, NC = 11 };
    double *x = malloc(N * NC * sizeof *x), *work = malloc(5 * N * sizeof *work);
    double out[NC * GS_NSTAT], want[GS_NSTAT];
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 11);
    for (int c = 0; c < NC; c++)
        for (int i = 0; i < N; i++) {
            double u = gsl_rng_uniform(g);
            double *v = &x[c * N + i];
            if (c == 5 || u < 0.05 * c) *v = NAN; /* series 5: nothing valid */
            else if (c % 3 == 0) *v = (double)gsl_rng_uniform_int(g, 30) / 29; /* few values */
            else if (c % 3 == 1) *v = (gsl_rng_uniform(g) - 0.3) * 1e3;
            else *v = ldexp(u, (int)gsl_rng_uniform_int(g, 40) - 20);
        }
    /* the same series stored row-major ([N][NC]): strided access */
    double *xr = malloc(N * NC * sizeof *xr), outr[NC * GS_NSTAT];
    assert_non_null(xr);
    for (int c = 0; c < NC; c++)
        for (int i = 0; i < N; i++) xr[i * NC + c] = x[c * N + i];
    gs_summary_cols(x, N, 1, NC, N, work, out);
    gs_summary_cols(xr, 1, NC, NC, N, work, outr);
    assert_memory_equal(out, outr, sizeof out);
    free(xr);
    for (int c = 0; c < NC; c++) {
        summary_ref(x + c * N, N, want);
        if (c == 5) {
            for (int s = 0; s < GS_NSTAT; s++) assert_true(isnan(out[c * GS_NSTAT + s]));
            continue;
        }
        if (!same_bits(out + c * GS_NSTAT, want, GS_NSTAT))
            fail_msg("series %d: mean %.17g vs %.17g, mcse %.17g vs %.17g", c,
                     out[c * GS_NSTAT], want[0], out[c * GS_NSTAT + 4], want[4]);
    }
    gsl_rng_free(g);
    free(x);
    free(work);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_vectors),
        cmocka_unit_test(test_sha256_incremental),
        cmocka_unit_test(test_summary_values),
        cmocka_unit_test(test_summary_matches_gsl),
        cmocka_unit_test(test_summary_cols),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
