/* test_world_data.c - the baseline world from scenarios/data/: row count and
 * key facts (NATO has 32 members, China and India are the two most populous,
 * the USA is the top gravity partner of both Canada and Mexico), every layer
 * a valid symmetric CSR (so every border is symmetric), no hub edge to a pole
 * in the tie layers, each imputed cell exactly an empty cell of the table,
 * membership counts equal to the table's, BRI exits applied.  Skipped, with a
 * message, when the data files are absent. */
#include "gs_test.h"

#include <stdlib.h>
#include <string.h>

#include "../../sim/config.h"
#include "../../sim/csv.h"
#include "../../sim/world.h"

static char nations[1024], borders[1024];

static int have_data(void)
{
    snprintf(nations, sizeof nations, "%s", gs_test_path("scenarios/data/nations.csv"));
    snprintf(borders, sizeof borders, "%s", gs_test_path("scenarios/data/borders.csv"));
    FILE *f = fopen(nations, "r"), *g = fopen(borders, "r");
    int ok = f && g;
    if (f) fclose(f);
    if (g) fclose(g);
    return ok;
}

static gs_world *baseline(void)
{
    gs_config c;
    memset(&c, 0, sizeof c);
    gs_params_defaults(&c.p);
    snprintf(c.p.world_nations, GS_PATH_MAX, "%s", nations);
    snprintf(c.p.world_borders, GS_PATH_MAX, "%s", borders);
    gs_err e = {0};
    gs_world *w = gs_world_build(&c, &e);
    if (!w) fail_msg("baseline world: %s", e.msg);
    return w;
}

#define SKIP_WITHOUT_DATA()                                                              \
    do {                                                                                 \
        if (!have_data()) {                                                              \
            print_message("SKIP: %s or %s absent: no baseline data to test\n", nations, \
                          borders);                                                      \
            skip();                                                                      \
        }                                                                                \
    } while (0)

static int32_t node(const gs_world *w, const char *iso3)
{
    int32_t i = gs_world_find(w, iso3);
    if (i < 0) fail_msg("no node %s", iso3);
    return i;
}

static double ew(const gs_csr *c, int32_t i, int32_t j)
{
    for (int64_t k = c->rowptr[i]; k < c->rowptr[i + 1]; k++)
        if (c->col[k] == j) return c->w[k];
    return 0;
}

/* The heaviest trade partner of i. */
static int32_t top_partner(const gs_world *w, int32_t i)
{
    const gs_csr *t = &w->layer[GS_L_TRADE];
    int32_t best = -1;
    float bw = 0;
    for (int64_t k = t->rowptr[i]; k < t->rowptr[i + 1]; k++)
        if (t->w[k] > bw) {
            bw = t->w[k];
            best = t->col[k];
        }
    return best;
}

static void key_facts(void **state)
{
    (void)state;
    SKIP_WITHOUT_DATA();
    gs_world *w = baseline();
    /* 193 UN members + TWN (+ PSE). */
    assert_true(w->n >= 194 && w->n <= 196);
    assert_true(gs_world_find(w, "TWN") >= 0);
    double nato = 0;
    for (int32_t i = 0; i < w->n; i++) nato += w->attr[GS_A_NATO][i];
    assert_near(nato, 32, 0);
    /* China and India, in either order, are the two most populous. */
    int32_t a = -1, b = -1;
    const double *pop = w->attr[GS_A_POPULATION];
    for (int32_t i = 0; i < w->n; i++) {
        if (a < 0 || pop[i] > pop[a]) {
            b = a;
            a = i;
        } else if (b < 0 || pop[i] > pop[b]) {
            b = i;
        }
    }
    int ci = (a == node(w, "CHN") && b == node(w, "IND")) || (a == node(w, "IND") && b == node(w, "CHN"));
    if (!ci) fail_msg("two most populous: %s, %s", w->iso3[a], w->iso3[b]);
    int32_t us = node(w, "USA");
    assert_int_equal(top_partner(w, node(w, "CAN")), us);
    assert_int_equal(top_partner(w, node(w, "MEX")), us);
    assert_true(w->attr[GS_A_TRADEDEP_US][node(w, "CAN")] > w->attr[GS_A_TRADEDEP_CN][node(w, "CAN")]);
    assert_true(w->attr[GS_A_TRADEDEP_US][node(w, "MEX")] > w->attr[GS_A_TRADEDEP_CN][node(w, "MEX")]);
    assert_int_equal(w->pole[GS_US], us);
    assert_int_equal(w->pole[GS_CN], node(w, "CHN"));
    /* BRI exits: Italy (2023) and Panama (2025) are out at 2025.5. */
    assert_near(w->attr[GS_A_BRI][node(w, "ITA")], 0, 0);
    assert_near(w->attr[GS_A_BRI][node(w, "PAN")], 0, 0);
    assert_near(w->attr[GS_A_BRI][node(w, "PAK")], 1, 0);
    gs_world_free(w);
}

static void layers(void **state)
{
    (void)state;
    SKIP_WITHOUT_DATA();
    gs_world *w = baseline();
    for (int l = 0; l < GS_NLAYER; l++) {
        const gs_csr *c = &w->layer[l];
        assert_int_equal(c->rowptr[w->n], c->nnz);
        for (int32_t i = 0; i < w->n; i++)
            for (int64_t k = c->rowptr[i]; k < c->rowptr[i + 1]; k++) {
                int32_t j = c->col[k];
                if (j == i) fail_msg("%s: self-loop %s", gs_layer_names[l], w->iso3[i]);
                if (k > c->rowptr[i] && c->col[k - 1] >= j) fail_msg("%s: unsorted row", gs_layer_names[l]);
                if (ew(c, j, i) != c->w[k])
                    fail_msg("%s: %s-%s not symmetric", gs_layer_names[l], w->iso3[i], w->iso3[j]);
            }
    }
    /* Every row of borders.csv is one border edge (the file lists each pair once). */
    gs_err e = {0};
    gs_csv *csv = gs_csv_open(borders, &e);
    assert_non_null(csv);
    int64_t rows = 0;
    while (gs_csv_next(csv, &e) == 1) {
        rows++;
        int32_t x = node(w, gs_csv_field(csv, 0)), y = node(w, gs_csv_field(csv, 1));
        assert_near(ew(&w->layer[GS_L_BORDER], x, y), 1, 0);
        assert_near(ew(&w->layer[GS_L_BORDER], y, x), 1, 0);
    }
    gs_csv_close(csv);
    assert_int_equal(w->layer[GS_L_BORDER].nnz / 2, rows);
    assert_near(ew(&w->layer[GS_L_BORDER], node(w, "USA"), node(w, "CAN")), 1, 0);
    /* No hub edges to the poles in tie-derived layers. */
    for (int l = GS_L_ALLIANCE; l <= GS_L_REGION; l++)
        for (int p = GS_US; p <= GS_CN; p++) {
            const gs_csr *c = &w->layer[l];
            assert_int_equal(c->rowptr[w->pole[p] + 1] - c->rowptr[w->pole[p]], 0);
            for (int64_t k = 0; k < c->nnz; k++) assert_true(c->col[k] != w->pole[p]);
        }
    /* Alliance: NATO without the U.S. (31) pairwise + Rio without the U.S.
     * (16) pairwise + ANZUS; no nation is in both NATO and Rio but the U.S. */
    assert_int_equal(w->layer[GS_L_ALLIANCE].nnz / 2, 31 * 30 / 2 + 16 * 15 / 2 + 1);
    gs_world_free(w);
}

/* Imputed cells are exactly the empty cells; membership sums match. */
static void against_table(void **state)
{
    (void)state;
    SKIP_WITHOUT_DATA();
    gs_world *w = baseline();
    gs_err e = {0};
    gs_csv *csv = gs_csv_open(nations, &e);
    assert_non_null(csv);
    const int cols[] = {GS_A_POPULATION, GS_A_GDP, GS_A_INTERNET, GS_A_ELECTRICITY, GS_A_LIBDEM};
    const int mem[] = {GS_A_NATO, GS_A_RIO, GS_A_US_TREATY, GS_A_MNNA, GS_A_SCO, GS_A_BRICS,
                       GS_A_G7,   GS_A_EU,  GS_A_NAM,       GS_A_GLOBAL_SOUTH};
    int64_t empty[5] = {0}, member[10] = {0};
    int32_t row = 0;
    while (gs_csv_next(csv, &e) == 1) {
        assert_string_equal(gs_csv_field(csv, gs_csv_col(csv, "iso3")), w->iso3[row]);
        for (int k = 0; k < 5; k++) {
            int q = gs_csv_col(csv, gs_attr_names[cols[k]]);
            int isempty = !*gs_csv_field(csv, q);
            empty[k] += isempty;
            assert_int_equal((int)(w->imputed[row] >> cols[k] & 1u), isempty);
        }
        for (int k = 0; k < 10; k++) member[k] += atoi(gs_csv_field(csv, gs_csv_col(csv, gs_attr_names[mem[k]])));
        row++;
    }
    gs_csv_close(csv);
    assert_int_equal(row, w->n);
    for (int k = 0; k < 10; k++) {
        double s = 0;
        for (int32_t i = 0; i < w->n; i++) s += w->attr[mem[k]][i];
        assert_near(s, (double)member[k], 0);
    }
    for (int32_t i = 0; i < w->n; i++)
        for (int a = 0; a < GS_NATTR; a++)
            if (a != GS_A_BRI_YEAR && a != GS_A_BRI_EXIT && !isfinite(w->attr[a][i]))
                fail_msg("%s: %s not finite", w->iso3[i], gs_attr_names[a]);
    gs_world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(key_facts),
        cmocka_unit_test(layers),
        cmocka_unit_test(against_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
