/* test_landscape.c - Axelrod-Bennett landscapes (models/landscape.c) and
 * their loaders (sim/landscape_io.c): a hand-computed 3-actor example,
 * Gray-code enumeration against brute force, the local-minimum definition
 * with ties and the descent tie-break, annealing on a balanced instance, the
 * world formula, and every loader error with FILE:LINE. */
#include "gs_test.h"

#include <stdlib.h>
#include <string.h>

#include "../../models/landscape.h"
#include "../../sim/landscape_io.h"
#include "../../sim/rng.h"

static gs_land *make(int32_t n, const double *s, const double *pu)
{
    /* pu: upper triangle row by row (p01, p02, ..., p12, ...). */
    gs_err e = {0};
    gs_land *l = gs_land_alloc(n, &e);
    assert_non_null(l);
    int k = 0;
    for (int32_t i = 0; i < n; i++) {
        char nm[8];
        snprintf(nm, sizeof nm, "%c", 'A' + i);
        assert_int_equal(gs_land_set_name(l, i, nm, &e), GS_OK);
        l->s[i] = s[i];
        for (int32_t j = i + 1; j < n; j++) {
            l->p[i * n + j] = l->p[j * n + i] = pu[k];
            k++;
        }
    }
    assert_int_equal(gs_land_check(l, &e), GS_OK);
    return l;
}

static void cfg_camp(uint32_t cfg, int32_t n, uint8_t *camp)
{
    for (int32_t i = 0; i < n; i++) camp[i] = (cfg >> i) & 1u;
}

/* s = (1,2,3), p_AB = 1, p_AC = -1, p_BC = 2.  With A alone:
 * E = 2 (1*2*1 + 1*3*(-1)) = -2; frustrations -1, 2, -3; switches 2, 20, 30.
 * The four canonical configurations have E = 0, 28, 18, -2; the last is the
 * only minimum and every configuration descends to it. */
static void hand_example(void **state)
{
    (void)state;
    const double s[] = {1, 2, 3}, pu[] = {1, -1, 2};
    gs_land *l = make(3, s, pu);
    uint8_t camp[3] = {0, 1, 1};
    assert_near(gs_land_energy(l, camp), -2, 1e-15);
    double fr[3], dl[3];
    gs_land_terms(l, camp, fr, dl);
    assert_near(fr[0], -1, 1e-15);
    assert_near(fr[1], 2, 1e-15);
    assert_near(fr[2], -3, 1e-15);
    assert_near(dl[0], 2, 1e-15);
    assert_near(dl[1], 20, 1e-15);
    assert_near(dl[2], 30, 1e-15);
    assert_near(gs_land_scale(l), 2 * (2 + 3 + 12), 1e-15);

    gs_err e = {0};
    double E[4];
    gs_land_result *res = gs_land_enumerate(l, NULL, E, &e);
    assert_non_null(res);
    assert_near(E[0], 0, 1e-15);
    assert_near(E[1], 28, 1e-15);
    assert_near(E[2], 18, 1e-15);
    assert_near(E[3], -2, 1e-15);
    assert_int_equal(res->nmin, 1);
    assert_int_equal(res->min[0].config, 6);
    assert_int_equal(res->min[0].basin, 4);
    assert_int_equal(res->nconfig, 4);
    assert_near(res->min[0].energy, -2, 1e-15);
    gs_land_result_free(res);
    gs_land_free(l);
}

static gs_land *random_instance(int32_t n, uint64_t seed, int integer)
{
    gs_err e = {0};
    gsl_rng *r = gs_rng_alloc(seed, GS_RNG_DESIGN, 0, 0, &e);
    assert_non_null(r);
    gs_land *l = gs_land_alloc(n, &e);
    assert_non_null(l);
    for (int32_t i = 0; i < n; i++) {
        char nm[16];
        snprintf(nm, sizeof nm, "a%d", (int)i);
        gs_land_set_name(l, i, nm, &e);
        l->s[i] = integer ? 1 : 0.1 + 2 * gsl_rng_uniform(r);
        for (int32_t j = i + 1; j < n; j++)
            l->p[i * n + j] = l->p[j * n + i] =
                integer ? (double)gsl_rng_uniform_int(r, 3) - 1 : 2 * gsl_rng_uniform(r) - 1;
    }
    gsl_rng_free(r);
    assert_int_equal(gs_land_check(l, &e), GS_OK);
    return l;
}

/* Gray-code energies equal the definition, and the minima are exactly the
 * configurations no single switch improves (checked by brute force). */
static void gray_equals_bruteforce(void **state)
{
    (void)state;
    for (int integer = 0; integer < 2; integer++) {
        int32_t n = 10;
        gs_land *l = random_instance(n, 99 + (uint64_t)integer, integer);
        uint32_t N = 1u << (n - 1);
        double *E = malloc(N * sizeof *E);
        assert_non_null(E);
        gs_err e = {0};
        gs_land_result *res = gs_land_enumerate(l, NULL, E, &e);
        assert_non_null(res);
        double tol = res->tol;
        uint8_t camp[10];
        size_t nmin = 0;
        uint64_t total = 0;
        for (uint32_t k = 0; k < N; k++) {
            cfg_camp(k << 1, n, camp);
            double Ek = gs_land_energy(l, camp);
            assert_near(E[k], Ek, 1e-12 * res->scale);
            int ismin = 1;
            for (int32_t i = 0; i < n; i++) {
                camp[i] ^= 1;
                if (gs_land_energy(l, camp) - Ek < -tol) ismin = 0;
                camp[i] ^= 1;
            }
            if (ismin) {
                size_t q;
                for (q = 0; q < res->nmin && res->min[q].config != (k << 1); q++) {}
                if (q == res->nmin) fail_msg("configuration %u is a minimum but not listed", k);
                assert_near(res->min[q].energy, Ek, 1e-12 * res->scale);
                nmin++;
            }
        }
        assert_int_equal(nmin, res->nmin);
        for (size_t q = 0; q < res->nmin; q++) {
            total += res->min[q].basin;
            if (q) assert_true(res->min[q - 1].energy <= res->min[q].energy);
        }
        assert_int_equal(total, N);
        gs_land_result_free(res);
        free(E);
        gs_land_free(l);
    }
}

/* Four actors of size 1, p_01 = 1, all else 0: every configuration with
 * actors 0 and 1 together has E = 0 and only zero-cost switches, so all four
 * are minima (ties count).  From {1} in camp B switching 0 or 1 both lower E
 * by 2: the lowest index, 0, wins, which (actor 0 stays in camp A) makes
 * actors 1-3 switch: 0b0010 -> 0b1100. */
static void ties_are_minima(void **state)
{
    (void)state;
    const double s[] = {1, 1, 1, 1}, pu[] = {1, 0, 0, 0, 0, 0};
    gs_land *l = make(4, s, pu);
    gs_err e = {0};
    gs_land_result *res = gs_land_enumerate(l, NULL, NULL, &e);
    assert_non_null(res);
    assert_int_equal(res->nmin, 4);
    for (size_t q = 0; q < 4; q++) {
        assert_int_equal(res->min[q].config & 2u, 0);
        assert_near(res->min[q].energy, 0, 0);
        assert_int_equal(res->min[q].basin, 2);
    }
    /* Sorted by energy, then config. */
    assert_int_equal(res->min[0].config, 0);
    assert_int_equal(res->min[3].config, 12);
    uint8_t camp[4] = {0, 1, 0, 0};
    double F[4];
    assert_int_equal(gs_land_descend(l, camp, res->tol, F), 1);
    assert_int_equal(camp[0], 1);
    assert_int_equal(camp[1], 1);
    assert_int_equal(camp[2], 0);
    assert_int_equal(camp[3], 0);
    gs_land_result_free(res);

    /* A decrease within 1e-12 * scale of zero is a tie, not an improvement. */
    l->p[0 * 4 + 2] = l->p[2 * 4 + 0] = 1e-14;
    res = gs_land_enumerate(l, NULL, NULL, &e);
    assert_non_null(res);
    assert_int_equal(res->nmin, 4);
    gs_land_result_free(res);
    l->p[0 * 4 + 2] = l->p[2 * 4 + 0] = 1e-6;
    res = gs_land_enumerate(l, NULL, NULL, &e);
    assert_non_null(res);
    assert_int_equal(res->nmin, 2); /* actor 2 now prefers actor 0's camp */
    gs_land_result_free(res);
    gs_land_free(l);
}

static void flat_landscape_refused(void **state)
{
    (void)state;
    gs_err e = {0};
    gs_land *l = gs_land_alloc(22, &e);
    for (int i = 0; i < 22; i++) l->s[i] = 1;
    assert_int_equal(gs_land_check(l, &e), GS_OK);
    assert_null(gs_land_enumerate(l, NULL, NULL, &e));
    assert_int_equal(e.code, GS_EINPUT);
    assert_non_null(strstr(e.msg, "local minima"));
    gs_err_clear(&e);
    gs_land *big = gs_land_alloc(31, &e);
    assert_null(gs_land_enumerate(big, NULL, NULL, &e));
    assert_non_null(strstr(e.msg, "2 to 30 actors"));
    gs_land_free(big);
    gs_land_free(l);
}

/* Balanced propensities p_ij = sigma_i sigma_j w_ij: annealing on 40 actors
 * finds the split by sigma, the unique ground state. */
static void anneal_balanced(void **state)
{
    (void)state;
    gs_err e = {0};
    int32_t n = 40;
    gsl_rng *r = gs_rng_alloc(7, GS_RNG_DESIGN, 0, 0, &e);
    gs_land *l = gs_land_alloc(n, &e);
    int sigma[40];
    for (int32_t i = 0; i < n; i++) {
        sigma[i] = gsl_rng_uniform(r) < 0.5 ? 1 : -1;
        l->s[i] = 0.5 + gsl_rng_uniform(r);
        gs_land_set_name(l, i, "x", &e);
    }
    for (int32_t i = 0; i < n; i++)
        for (int32_t j = i + 1; j < n; j++)
            l->p[i * n + j] = l->p[j * n + i] = sigma[i] * sigma[j] * (0.1 + gsl_rng_uniform(r));
    assert_int_equal(gs_land_check(l, &e), GS_OK);
    gs_land_result *res = gs_land_solve(l, 200, 5, r, &e);
    assert_non_null(res);
    assert_int_equal(res->method, GS_LAND_ANNEAL);
    assert_int_equal(res->basin_kind, GS_LAND_BASIN_RUNS);
    uint8_t want[40];
    for (int32_t i = 0; i < n; i++) want[i] = sigma[i] != sigma[0];
    assert_memory_equal(res->min[0].camp, want, (size_t)n);
    assert_near(res->min[0].energy, gs_land_energy(l, want), 0);
    uint64_t runs = 0;
    for (size_t q = 0; q < res->nmin; q++) runs += res->min[q].basin;
    assert_int_equal(runs, 5);
    /* Every other configuration is worse: try all single switches. */
    for (int32_t i = 0; i < n; i++) {
        want[i] ^= 1;
        assert_true(gs_land_energy(l, want) > res->min[0].energy);
        want[i] ^= 1;
    }
    gs_land_result_free(res);
    gs_land_free(l);
    gsl_rng_free(r);
}

static void check_rejects(void **state)
{
    (void)state;
    const double s[] = {1, 2, 3}, pu[] = {1, -1, 2};
    gs_land *l = make(3, s, pu);
    gs_err e = {0};
    l->p[0 * 3 + 1] = 1.5;
    assert_int_equal(gs_land_check(l, &e), GS_EINPUT);
    assert_string_equal(e.msg, "landscape: p[A][B] = 1.5 but p[B][A] = 1");
    l->p[0 * 3 + 1] = 1;
    gs_err_clear(&e);
    l->p[1 * 3 + 1] = 0.5;
    assert_int_equal(gs_land_check(l, &e), GS_EINPUT);
    assert_non_null(strstr(e.msg, "diagonal"));
    l->p[1 * 3 + 1] = 0;
    gs_err_clear(&e);
    l->s[2] = 0;
    assert_int_equal(gs_land_check(l, &e), GS_EINPUT);
    assert_non_null(strstr(e.msg, "size of 'C'"));
    gs_land_free(l);
}

/* Loads actors and matrix texts; returns the error message ("" on success). */
static const char *load(const char *actors, const char *matrix, gs_land **out)
{
    static char msg[GS_ERR_MSG];
    char ap[1024], mp[1024];
    snprintf(ap, sizeof ap, "%s", gs_test_write("actors.csv", actors));
    snprintf(mp, sizeof mp, "%s", gs_test_write("matrix.csv", matrix));
    gs_err e = {0};
    gs_land *l = gs_land_read(ap, mp, &e);
    msg[0] = '\0';
    if (!l) {
        /* Strip the temporary directory for comparisons. */
        const char *d = gs_test_dir();
        size_t dl = strlen(d);
        const char *m = e.msg;
        char *w = msg;
        while (*m) {
            if (!strncmp(m, d, dl)) {
                m += dl + 1;
                continue;
            }
            *w++ = *m++;
        }
        *w = '\0';
    }
    if (out)
        *out = l;
    else
        gs_land_free(l);
    return msg;
}

static const char *ACT = "name,size,extra\nA,1,x\nB,2,y\nC,3,z\n";
static const char *MAT = "actor,A,B,C\nA,0,1,-1\nB,1,0,2\nC,-1,2,0\n";

static void loader_reads(void **state)
{
    (void)state;
    gs_land *l = NULL;
    assert_string_equal(load(ACT, "x,C,A,B\nB,2,1,0\nC,0,-1,2\nA,-1,0,1\n", &l), "");
    assert_non_null(l);
    assert_int_equal(l->n, 3);
    assert_string_equal(l->name[2], "C");
    assert_near(l->s[1], 2, 0);
    assert_near(l->p[0 * 3 + 1], 1, 0);
    assert_near(l->p[2 * 3 + 0], -1, 0);
    assert_near(l->p[1 * 3 + 2], 2, 0);
    uint8_t camp[3] = {0, 1, 1};
    assert_near(gs_land_energy(l, camp), -2, 1e-15);
    gs_land_free(l);
}

static void loader_errors(void **state)
{
    (void)state;
    /* actors */
    assert_string_equal(load("name,weight\nA,1\n", MAT, NULL), "actors.csv:1: missing column 'size'");
    assert_string_equal(load("name,size\nA,1\nB,abc\nC,1\n", MAT, NULL),
                        "actors.csv:3: column 'size': expected a number, got 'abc'");
    assert_string_equal(load("name,size\nA,1\nB,nan\nC,1\n", MAT, NULL),
                        "actors.csv:3: column 'size': value must be finite, got 'nan'");
    assert_string_equal(load("name,size\nA,1\nB,inf\nC,1\n", MAT, NULL),
                        "actors.csv:3: column 'size': value must be finite, got 'inf'");
    assert_string_equal(load("name,size\nA,1\nB,0\nC,1\n", MAT, NULL),
                        "actors.csv:3: column 'size': size of actor 'B' must be > 0, got 0");
    assert_string_equal(load("name,size\nA,1\nB,-2\nC,1\n", MAT, NULL),
                        "actors.csv:3: column 'size': size of actor 'B' must be > 0, got -2");
    assert_string_equal(load("name,size\nA,1\nB,\nC,1\n", MAT, NULL),
                        "actors.csv:3: column 'size': missing size of actor 'B'");
    assert_string_equal(load("name,size\nA,1\n,2\nC,1\n", MAT, NULL),
                        "actors.csv:3: column 'name': empty actor name");
    assert_string_equal(load("name,size\nA,1\nB,2\n\nA,3\n", MAT, NULL),
                        "actors.csv:5: duplicate actor 'A' (first on line 2)");
    assert_string_equal(load("name,size\nA,1\n", MAT, NULL),
                        "actors.csv:2: 1 actor, a landscape needs at least 2");
    assert_string_equal(load("name,size\nA,1,2\nB,1\n", MAT, NULL),
                        "actors.csv:2: 3 fields, expected 2 (as in the header)");
    /* matrix */
    assert_string_equal(load(ACT, "actor,A,B,C\nA,0,1,-1\nB,1.5,0,2\nC,-1,2,0\n", NULL),
                        "matrix.csv:3: p[B][A] = 1.5 but p[A][B] = 1 (line 2)");
    assert_string_equal(load(ACT, "actor,A,B,C\nA,0,1,-1\nB,1,0,2\nC,-1,2.0000000000000004,0\n", NULL),
                        "matrix.csv:4: p[C][B] = 2.0000000000000004 but p[B][C] = 2 (line 3)");
    assert_string_equal(load(ACT, "actor,A,B,C\nA,0,1,-1\nB,1,0.5,2\nC,-1,2,0\n", NULL),
                        "matrix.csv:3: column 'B': p[B][B] = 0.5: the diagonal must be 0");
    assert_string_equal(load(ACT, "actor,A,B,C\nA,0,1,-1\nB,1,0,x2\nC,-1,2,0\n", NULL),
                        "matrix.csv:3: column 'C': expected a number, got 'x2'");
    assert_string_equal(load(ACT, "actor,A,B,C\nA,0,1,-1\nB,1,0,NaN\nC,-1,2,0\n", NULL),
                        "matrix.csv:3: column 'C': value must be finite, got 'NaN'");
    assert_string_equal(load(ACT, "actor,A,B,C\nA,0,1,-1\nB,1,0,-inf\nC,-1,2,0\n", NULL),
                        "matrix.csv:3: column 'C': value must be finite, got '-inf'");
    assert_string_equal(load(ACT, "actor,A,B,C\nA,0,1,-1\nB,1,0,\nC,-1,2,0\n", NULL),
                        "matrix.csv:3: column 'C': empty cell p[B][C]");
    assert_string_equal(load(ACT, "actor,A,B,D\nA,0,1,-1\n", NULL),
                        "matrix.csv:1: column 'D' is not an actor of actors.csv");
    assert_string_equal(load(ACT, "A,B,C\nA,0,1\nB,1,0\nC,-1,2\n", NULL),
                        "matrix.csv:1: no column for actor 'A' (the first column holds row names)");
    assert_string_equal(load(ACT, "actor,A,B,C\nA,0,1,-1\nX,1,0,2\n", NULL),
                        "matrix.csv:3: column 'actor': row 'X' is not an actor of actors.csv");
    assert_string_equal(load(ACT, "actor,A,B,C\nA,0,1,-1\nA,0,1,-1\n", NULL),
                        "matrix.csv:3: column 'actor': duplicate row 'A' (first on line 2)");
    assert_string_equal(load(ACT, "actor,A,B,C\nA,0,1,-1\nC,-1,2,0\n", NULL),
                        "matrix.csv:3: no row for actor 'B'");
    assert_string_equal(load(ACT, "actor,A,B,C\nA,0,1\n", NULL),
                        "matrix.csv:2: 3 fields, expected 4 (as in the header)");
    assert_string_equal(load(ACT, "", NULL), "matrix.csv: empty file (expected a header row)");
}

/* A hand-built world of 4 nations: order by GDP, GDP shares, alliances,
 * trade intensity w / sqrt(W_i W_j), regime distance; top = 3 drops the
 * smallest and renormalises. */
static void from_world(void **state)
{
    (void)state;
    gs_world w;
    memset(&w, 0, sizeof w);
    w.n = 4;
    char codes[4][sizeof w.iso3[0]] = {"AAA", "BBB", "CCC", "DDD"};
    w.iso3 = codes;
    double store[GS_NATTR][4];
    for (int a = 0; a < GS_NATTR; a++) {
        for (int i = 0; i < 4; i++) store[a][i] = 0;
        w.attr[a] = store[a];
    }
    double gdp[4] = {1, 4, 2, 3}, lib[4] = {0.9, 0.1, 0.5, 0.8};
    for (int i = 0; i < 4; i++) {
        store[GS_A_GDP][i] = gdp[i];
        store[GS_A_LIBDEM][i] = lib[i];
    }
    store[GS_A_NATO][0] = store[GS_A_NATO][3] = 1;
    store[GS_A_US_TREATY][0] = store[GS_A_US_TREATY][3] = 1;
    store[GS_A_SCO][1] = store[GS_A_SCO][2] = 1;
    /* Trade: edges 0-1 (weight 2), 1-3 (weight 1), 2-3 (weight 4). */
    int64_t rowptr[5] = {0, 1, 3, 4, 6};
    int32_t col[6] = {1, 0, 3, 3, 1, 2};
    float wt[6] = {2, 2, 1, 4, 1, 4};
    double wsum[4] = {2, 3, 4, 5};
    w.layer[GS_L_TRADE] = (gs_csr){rowptr, col, wt, wsum, 6};
    gs_params p;
    gs_params_defaults(&p);
    p.land_w_alliance = 1;
    p.land_w_trade = 2;
    p.land_w_regime = 3;
    gs_err e = {0};
    gs_land *l = gs_land_from_world(&w, &p, &e);
    assert_non_null(l);
    assert_int_equal(l->n, 4);
    /* Order by GDP: BBB(4) DDD(3) CCC(2) AAA(1). */
    assert_string_equal(l->name[0], "BBB");
    assert_string_equal(l->name[1], "DDD");
    assert_string_equal(l->name[2], "CCC");
    assert_string_equal(l->name[3], "AAA");
    assert_near(l->s[0], 0.4, 1e-15);
    assert_near(l->s[3], 0.1, 1e-15);
    /* BBB-DDD: no shared group, trade 1/sqrt(15), regime 0.7. */
    assert_near(l->p[0 * 4 + 1], 2 / sqrt(15.0) - 3 * 0.7, 1e-12);
    /* BBB-CCC: SCO, no trade edge, regime 0.4. */
    assert_near(l->p[0 * 4 + 2], 1 - 3 * 0.4, 1e-12);
    /* DDD-AAA: NATO + us_treaty, no trade edge, regime 0.1. */
    assert_near(l->p[1 * 4 + 3], 2 - 3 * 0.1, 1e-12);
    /* DDD-CCC: trade 4/sqrt(20), regime 0.3. */
    assert_near(l->p[1 * 4 + 2], 2 * 4 / sqrt(20.0) - 3 * 0.3, 1e-12);
    /* BBB-AAA: trade 2/sqrt(6), regime 0.8. */
    assert_near(l->p[3 * 4 + 0], 2 * 2 / sqrt(6.0) - 3 * 0.8, 1e-12);
    assert_near(l->p[2 * 4 + 2], 0, 0);
    gs_land_free(l);

    p.land_top = 3;
    l = gs_land_from_world(&w, &p, &e);
    assert_non_null(l);
    assert_int_equal(l->n, 3);
    assert_near(l->s[0], 4.0 / 9, 1e-15);
    assert_near(l->p[0 * 3 + 1], 2 / sqrt(15.0) - 3 * 0.7, 1e-12);
    gs_land_free(l);

    store[GS_A_GDP][2] = NAN;
    assert_null(gs_land_from_world(&w, &p, &e));
    assert_int_equal(e.code, GS_EINPUT);
    assert_non_null(strstr(e.msg, "CCC"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hand_example),
        cmocka_unit_test(gray_equals_bruteforce),
        cmocka_unit_test(ties_are_minima),
        cmocka_unit_test(flat_landscape_refused),
        cmocka_unit_test(anneal_balanced),
        cmocka_unit_test(check_rejects),
        cmocka_unit_test(loader_reads),
        cmocka_unit_test(loader_errors),
        cmocka_unit_test(from_world),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
