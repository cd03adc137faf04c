/* test_h5util.c - the writer's helpers: SHA-256 against the FIPS 180-2
 * test vectors (including the incremental interface across block
 * boundaries), and the ensemble statistics of summary.h against values
 * worked out by hand. */
#include "gs_test.h"

#include <stdlib.h>
#include <string.h>

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
    double x[5] = {4, 1, 5, 3, 2}, work[5], out[GS_NSTAT];
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_vectors),
        cmocka_unit_test(test_sha256_incremental),
        cmocka_unit_test(test_summary_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
