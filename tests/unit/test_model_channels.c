/* test_model_channels.c - the model's levers move outcomes the way the
 * equations say, tested with common random numbers: two arms that differ in
 * one parameter run replicate r on the same Philox stream (seed, dynamics,
 * 0, r), 200 replicates, one-sided paired test at 99% (mean paired
 * difference > 2.33 sd / sqrt(200)).  And per-year rates: dt = 0.25 and
 * dt = 0.125 give the same mean shares at t = 5 years (400 replicates each,
 * two-sample z-test, |z| < 3.5). */
#include "gs_test.h"

#include <stdlib.h>
#include <string.h>

#include "../../models/model.h"
#include "../../sim/rng.h"
#include "world_fixture.h"

#define NW 62
#define REPS 200

/* 60 nations and two poles (USA = 0, CHN = 1) with spread-out attributes:
 * the first 16 non-poles are U.S. partners, every other nation Global
 * South; a trade ring plus chords, a border ring. */
static gs_world *world(void)
{
    gs_world *w = fx_world(NW);
    fx_poles(w, 0, 1);
    double **a = w->attr;
    for (int32_t i = 0; i < NW; i++) {
        double u = (double)((i * 37) % NW) / NW, v = (double)((i * 53) % NW) / NW;
        a[GS_A_INTERNET][i] = 20 + 75 * u;
        a[GS_A_ELECTRICITY][i] = 40 + 60 * v;
        a[GS_A_GDPPC][i] = 800 * pow(60, u);
        a[GS_A_GDP][i] = 2e10 * (1 + 20 * v * u);
        a[GS_A_LIBDEM][i] = 0.1 + 0.8 * v;
        a[GS_A_CHIPDEP][i] = (double)((i * 17) % NW) / NW;
        a[GS_A_TRADEDEP_CN][i] = 0.5 * (double)((i * 29) % NW) / NW;
        a[GS_A_THREAT][i] = 0.3 * u;
        a[GS_A_GLOBAL_SOUTH][i] = i % 2;
        a[GS_A_NATO][i] = i >= 2 && i < 18;
        a[GS_A_SCO][i] = i >= 50;
        a[GS_A_BRI][i] = i % 3 == 0;
    }
    a[GS_A_LIBDEM][0] = 0.75;
    a[GS_A_LIBDEM][1] = 0.03;
    fx_ring(w, GS_L_BORDER);
    int32_t s[NW], d[NW];
    for (int32_t i = 0; i < NW; i++) {
        s[i] = i;
        d[i] = (i + 7) % NW;
    }
    fx_layer(w, GS_L_TRADE, NW, s, d, NULL);
    return w;
}

typedef double (*metric_fn)(const gs_world *w, const uint8_t *a);

static double run(const gs_world *w, const gs_params *p, uint64_t rep, int64_t steps,
                  metric_fn f)
{
    gs_err e = {0};
    gsl_rng *r = gs_rng_alloc(99, GS_RNG_DYNAMICS, 0, rep, &e);
    gs_model *m = gs_model_alloc(w, &e);
    assert_non_null(r);
    assert_non_null(m);
    if (gs_model_init(m, w, p, r, &e) != GS_OK) fail_msg("%s", e.msg);
    for (int64_t s = 0; s < steps; s++) gs_model_step(m, w, r);
    double v = f(w, gs_model_alignment(m));
    gs_model_free(m);
    gsl_rng_free(r);
    return v;
}

static double share_where(const uint8_t *a, int o, const int *in, int32_t n)
{
    double k = 0, c = 0;
    for (int32_t i = 0; i < n; i++)
        if (in[i]) {
            k++;
            c += a[i] == o;
        }
    return c / k;
}

static double us_nonpartners(const gs_world *w, const uint8_t *a)
{
    int in[NW];
    for (int32_t i = 0; i < NW; i++) in[i] = i > 1 && !(w->attr[GS_A_NATO][i] > 0.5);
    return share_where(a, GS_US, in, NW);
}

static double cn_chipdep_high(const gs_world *w, const uint8_t *a)
{
    /* chipdep is a permutation of k/62: the median is 31/62. */
    int in[NW];
    for (int32_t i = 0; i < NW; i++) in[i] = i > 1 && w->attr[GS_A_CHIPDEP][i] > 31.0 / NW;
    return share_where(a, GS_CN, in, NW);
}

static double cn_south(const gs_world *w, const uint8_t *a)
{
    int in[NW];
    for (int32_t i = 0; i < NW; i++) in[i] = i > 1 && w->attr[GS_A_GLOBAL_SOUTH][i] > 0.5;
    return share_where(a, GS_CN, in, NW);
}

/* Paired one-sided test that metric(hi) - metric(lo) > 0 (sign = +1) or < 0
 * (sign = -1); prints the figures. */
static void paired(const char *what, const gs_world *w, const gs_params *lo, const gs_params *hi,
                   metric_fn f, int sign)
{
    double s = 0, ss = 0;
    for (uint64_t r = 0; r < REPS; r++) {
        double d = sign * (run(w, hi, r, 40, f) - run(w, lo, r, 40, f));
        s += d;
        ss += d * d;
    }
    double mean = s / REPS, sd = sqrt((ss - REPS * mean * mean) / (REPS - 1));
    printf("  %s: mean paired difference %.4f, sd %.4f, bound %.4f\n", what, mean, sd,
           2.33 * sd / sqrt(REPS));
    assert_true(mean > 2.33 * sd / sqrt(REPS));
}

static void access_channel(void **state)
{
    (void)state;
    gs_world *w = world();
    gs_params lo, hi;
    gs_params_defaults(&lo);
    lo.pi_ec = 0; /* pressure channel off: only access moves */
    /* Weigh the two features the access channel cuts, in both arms, so the
     * effect is well clear of the test's noise. */
    lo.beta[GS_F_FRONTIER] = lo.beta[GS_F_COMPUTE] = 5;
    hi = lo;
    lo.pole[GS_US].export_controls = 0.1;
    hi.pole[GS_US].export_controls = 0.9;
    paired("export controls 0.1 -> 0.9, us share of non-partners", w, &lo, &hi, us_nonpartners,
           -1);
    fx_free(w);
}

static void pressure_channel(void **state)
{
    (void)state;
    gs_world *w = world();
    gs_params lo, hi;
    gs_params_defaults(&lo);
    hi = lo;
    lo.pi_ec = 0;
    hi.pi_ec = 2;
    paired("pi_ec 0 -> 2, cn share above median chip dependence", w, &lo, &hi, cn_chipdep_high,
           -1);
    fx_free(w);
}

static void cn_budget(void **state)
{
    (void)state;
    gs_world *w = world();
    gs_params lo, hi;
    gs_params_defaults(&lo);
    hi = lo;
    lo.pole[GS_CN].budget = 0;
    hi.pole[GS_CN].budget = 1;
    paired("cn.budget 0 -> 1, Global South cn share", w, &lo, &hi, cn_south, +1);
    fx_free(w);
}

static double us_all(const gs_world *w, const uint8_t *a)
{
    (void)w;
    int in[NW];
    for (int32_t i = 0; i < NW; i++) in[i] = i > 1;
    return share_where(a, GS_US, in, NW);
}

static double cn_all(const gs_world *w, const uint8_t *a)
{
    (void)w;
    int in[NW];
    for (int32_t i = 0; i < NW; i++) in[i] = i > 1;
    return share_where(a, GS_CN, in, NW);
}

static void dt_invariance(void **state)
{
    (void)state;
    const int R = 400;
    gs_world *w = world();
    for (int mode = 0; mode <= 1; mode++) {
        gs_params a, b;
        gs_params_defaults(&a);
        a.align_update = mode;
        a.align_init = GS_INIT_HEDGE; /* start away from equilibrium: the path matters */
        a.pole[GS_CN].budget = 0.5;
        a.pole[GS_US].budget = 0.5;
        b = a;
        a.dt = 0.25;
        b.dt = 0.125;
        metric_fn fs[2] = {us_all, cn_all};
        for (int k = 0; k < 2; k++) {
            double sa = 0, ssa = 0, sb = 0, ssb = 0;
            for (int r = 0; r < R; r++) {
                double x = run(w, &a, (uint64_t)r, 20, fs[k]);
                double y = run(w, &b, (uint64_t)r + 100000, 40, fs[k]);
                sa += x;
                ssa += x * x;
                sb += y;
                ssb += y * y;
            }
            double ma = sa / R, mb = sb / R;
            double va = (ssa - R * ma * ma) / (R - 1), vb = (ssb - R * mb * mb) / (R - 1);
            double z = (ma - mb) / sqrt(va / R + vb / R);
            printf("  %s, %s share at t = 5: dt 0.25 %.4f, dt 0.125 %.4f, z = %.2f\n",
                   mode ? "async" : "sync", k ? "cn" : "us", ma, mb, z);
            assert_true(fabs(z) < 3.5);
        }
    }
    fx_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(access_channel),
        cmocka_unit_test(pressure_channel),
        cmocka_unit_test(cn_budget),
        cmocka_unit_test(dt_invariance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
