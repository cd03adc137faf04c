/* test_h5_size.c - the size budget of DESIGN.md: a 1,000-replicate baseline
 * (195 nations, 41 output times) at output.level = full must fit in 64 MB.
 *
 * The trajectories are a stand-in for the model with the statistics that
 * matter to compression: each nation's utilities do a random walk in logit
 * space (so every probability changes at every step, the worst case for
 * /prob), nations revise their alignment at a quarterly rate of about 0.12
 * and their track at about 0.05, and the shares and network metrics come
 * from gs_observe on a 195-node world with a 10-partner trade layer.  The
 * file size is printed.  Under AddressSanitizer (slow) 200 replicates are
 * written and the budget is scaled to 200/1000. */
#include "gs_test.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "../../sim/h5out.h"
#include "../../sim/observe.h"
#include "world_fixture.h"

#define N 195
#define T 41
#if defined(__SANITIZE_ADDRESS__)
#define R 200
#else
#define R 1000
#endif

static void softmax(const double *u, int k, float *p)
{
    double m = u[0], s = 0, e[4];
    for (int i = 1; i < k; i++) m = u[i] > m ? u[i] : m;
    for (int i = 0; i < k; i++) s += e[i] = exp(u[i] - m);
    for (int i = 0; i < k; i++) p[i] = (float)(e[i] / s);
}

static int draw(gsl_rng *g, const float *p, int k)
{
    double x = gsl_rng_uniform(g), c = 0;
    for (int i = 0; i < k - 1; i++)
        if (x < (c += p[i])) return i;
    return k - 1;
}

static void test_baseline_size(void **state)
{
    (void)state;
    gs_world *w = fx_world(N);
    /* five regions, population and GDP spread over orders of magnitude */
    for (int32_t r = 0; r < w->nregions; r++) free(w->region_names[r]);
    free(w->region_names);
    w->nregions = 5;
    w->region_names = calloc(5, sizeof(char *));
    static const char *rn[5] = {"Africa", "Americas", "Asia", "Europe", "Oceania"};
    for (int r = 0; r < 5; r++) w->region_names[r] = strdup(rn[r]);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 2025);
    for (int i = 0; i < N; i++) {
        w->region[i] = i % 5;
        w->attr[GS_A_POPULATION][i] = exp(gsl_ran_gaussian(g, 2) + 16);
        w->attr[GS_A_GDP][i] = exp(gsl_ran_gaussian(g, 2) + 24);
        w->attr[GS_A_GLOBAL_SOUTH][i] = i % 3 != 0;
    }
    int32_t src[N * 10], dst[N * 10];
    double wt[N * 10];
    size_t m = 0;
    for (int i = 0; i < N; i++)
        for (int k = 0; k < 5; k++) { /* about 10 partners each */
            int j = (int)gsl_rng_uniform_int(g, N);
            if (j == i) continue;
            src[m] = i;
            dst[m] = j;
            wt[m++] = gsl_rng_uniform(g) + 0.01;
        }
    fx_layer(w, GS_L_TRADE, m, src, dst, wt);

    double times[T];
    for (int k = 0; k < T; k++) times[k] = 2025.5 + 0.25 * k;
    gs_h5_meta meta = fx_meta(w, 1, R, T, times, GS_OUT_FULL);
    meta.config_text = "[scenario]\nname = size\n";
    meta.command = "govsim run baseline.ini -r 1000";
    meta.scenario = "baseline.ini";
    char path[1024];
    snprintf(path, sizeof path, "%s/size.h5", gs_test_dir());
    unlink(path);
    gs_err e = {0};
    gs_h5 *h = gs_h5_create(path, 0, &meta, &e);
    assert_non_null(h);
    gs_traj *t = gs_traj_alloc(N, T, 5, GS_OUT_FULL, &e);
    assert_non_null(t);
    static double u[N][3], us[N][4];
    static uint8_t al[N], tr[N], al0[N];
    static float p[N * 3], ps[4];
    for (int r = 0; r < R; r++) {
        for (int i = 0; i < N; i++) {
            for (int o = 0; o < 3; o++) u[i][o] = gsl_ran_gaussian(g, 1.0);
            for (int s = 0; s < 4; s++) us[i][s] = gsl_ran_gaussian(g, 1.0);
            softmax(u[i], 3, p + 3 * i);
            al[i] = (uint8_t)draw(g, p + 3 * i, 3);
            softmax(us[i], 4, ps);
            tr[i] = (uint8_t)draw(g, ps, 4);
        }
        gs_observe(w, al, tr, p, 0, t, 0);
        for (int k = 1; k < T; k++) {
            memcpy(al0, al, N);
            for (int i = 0; i < N; i++) {
                for (int o = 0; o < 3; o++) u[i][o] += gsl_ran_gaussian(g, 0.1);
                softmax(u[i], 3, p + 3 * i);
                if (gsl_rng_uniform(g) < 0.12) al[i] = (uint8_t)draw(g, p + 3 * i, 3);
                if (gsl_rng_uniform(g) < 0.05) {
                    for (int s = 0; s < 4; s++) us[i][s] += gsl_ran_gaussian(g, 0.1);
                    softmax(us[i], 4, ps);
                    tr[i] = (uint8_t)draw(g, ps, 4);
                }
            }
            double sw = 0;
            for (int i = 0; i < N; i++) sw += al[i] != al0[i];
            gs_observe(w, al, tr, p, sw, t, k);
        }
        assert_int_equal(gs_h5_write_task(h, 0, r, t, NULL, &e), GS_OK);
    }
    assert_int_equal(gs_h5_close(h, &e), GS_OK);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    double mb = (double)st.st_size / 1e6, budget = 64.0 * R / 1000.0;
    printf("# %d replicates x %d times x %d nations, level full: %.2f MB (budget %.1f MB)\n", R,
           T, N, mb, budget);
    assert_true(mb <= budget);
    if (!getenv("GS_H5_KEEP")) unlink(path); /* GS_H5_KEEP=1 keeps it for a look */
    else printf("# kept %s\n", path);
    gs_traj_free(t);
    gsl_rng_free(g);
    gs_world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_baseline_size)};
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    rmdir(gs_test_dir()); /* empty unless a test failed and left its files */
    return rc;
}
