/* test_world.c - the world builder on the 17-nation fixture
 * (tests/fixtures/world/): layers exactly as the rules say (counts computed
 * by hand in the comments), CSR invariants, the gravity formula on 3-nation
 * hand examples, imputation values and flags, derived attributes, overrides,
 * subsets, user edge lists (CSV and GraphML) and the GraphML round trip. */
#include "gs_test.h"

#include <igraph.h>
#include <stdlib.h>
#include <string.h>

#include "../../sim/config.h"
#include "../../sim/world.h"

/* A file of tests/fixtures/world/. */
static const char *fixture(const char *name)
{
    char rel[512];
    snprintf(rel, sizeof rel, "tests/fixtures/world/%s", name);
    return gs_test_path(rel);
}


static void small_cfg(gs_config *c)
{
    gs_test_config_init(c);
    snprintf(c->p.world_nations, GS_PATH_MAX, "%s", fixture("nations_small.csv"));
    snprintf(c->p.world_borders, GS_PATH_MAX, "%s", fixture("borders_small.csv"));
}

static gs_world *build_ok(const gs_config *c)
{
    gs_err e = {0};
    gs_world *w = gs_world_build(c, &e);
    if (!w) fail_msg("gs_world_build: %s", e.msg);
    return w;
}

static int32_t node(const gs_world *w, const char *iso3)
{
    int32_t i = gs_world_find(w, iso3);
    if (i < 0) fail_msg("no node %s", iso3);
    return i;
}

/* Weight of edge i-j in a layer (0 when absent). */
static double ew(const gs_csr *c, int32_t i, int32_t j)
{
    for (int64_t k = c->rowptr[i]; k < c->rowptr[i + 1]; k++)
        if (c->col[k] == j) return c->w[k];
    return 0;
}

static double ewn(const gs_world *w, int l, const char *a, const char *b)
{
    return ew(&w->layer[l], node(w, a), node(w, b));
}

/* Symmetric, rows strictly increasing (no duplicates), no self-loops,
 * positive weights, wsum = row sums, nnz = rowptr[n]. */
static void check_csr(const gs_world *w, int l)
{
    const gs_csr *c = &w->layer[l];
    assert_int_equal(c->rowptr[0], 0);
    assert_int_equal(c->rowptr[w->n], c->nnz);
    assert_true(c->nnz % 2 == 0);
    for (int32_t i = 0; i < w->n; i++) {
        double s = 0;
        for (int64_t k = c->rowptr[i]; k < c->rowptr[i + 1]; k++) {
            int32_t j = c->col[k];
            if (j == i) fail_msg("layer %s: self-loop at %s", gs_layer_names[l], w->iso3[i]);
            if (k > c->rowptr[i] && c->col[k - 1] >= j) fail_msg("layer %s: row %d unsorted", gs_layer_names[l], i);
            if (!(c->w[k] > 0)) fail_msg("layer %s: weight %g", gs_layer_names[l], (double)c->w[k]);
            if (ew(c, j, i) != c->w[k])
                fail_msg("layer %s: %s-%s not symmetric", gs_layer_names[l], w->iso3[i], w->iso3[j]);
            s += c->w[k];
        }
        assert_near(c->wsum[i], s, 1e-9 * (1 + s));
    }
}

static int64_t nedges(const gs_world *w, int l)
{
    return w->layer[l].nnz / 2;
}

static void small_layers(void **state)
{
    (void)state;
    gs_config c;
    small_cfg(&c);
    gs_world *w = build_ok(&c);
    assert_int_equal(w->n, 17);
    assert_int_equal(w->kind, GS_WORLD_DATA);
    assert_int_equal(w->pole[GS_US], node(w, "USA"));
    assert_int_equal(w->pole[GS_CN], node(w, "CHN"));
    assert_int_equal(w->nregions, 4);
    assert_int_equal(w->nsubregions, 9);
    assert_string_equal(w->name[node(w, "KOR")], "South Korea");
    assert_string_equal(w->subregion_names[w->subregion[node(w, "NZL")]],
                        "Australia and New Zealand");
    for (int l = 0; l < GS_NLAYER; l++) check_csr(w, l);
    /* Borders: 12 rows, CAN,USA repeats USA,CAN: 11 pairs. */
    assert_int_equal(nedges(w, GS_L_BORDER), 11);
    assert_near(ewn(w, GS_L_BORDER, "MEX", "USA"), 1, 0);
    assert_near(ewn(w, GS_L_BORDER, "CAN", "USA"), 1, 0);
    assert_near(ewn(w, GS_L_BORDER, "CAN", "MEX"), 0, 0);
    /* Alliance: NATO without USA (CAN DEU FRA BEL ITA) = 10 pairs, Rio without
     * USA = BRA alone, ANZUS AUS-NZL = 1; JPN and KOR none. */
    assert_int_equal(nedges(w, GS_L_ALLIANCE), 11);
    assert_near(ewn(w, GS_L_ALLIANCE, "AUS", "NZL"), 1, 0);
    assert_near(ewn(w, GS_L_ALLIANCE, "CAN", "ITA"), 1, 0);
    assert_int_equal(w->layer[GS_L_ALLIANCE].rowptr[node(w, "JPN") + 1] -
                         w->layer[GS_L_ALLIANCE].rowptr[node(w, "JPN")],
                     0);
    /* Bloc: SCO without CHN (IND RUS PAK KAZ) = 6 pairs; BRICS without CHN
     * (BRA IND RUS) adds BRA-IND, BRA-RUS and IND-RUS again (weight 2); BRI in
     * force: PAK, KAZ (Asia) again (weight 2); ITA exited 2023. */
    assert_int_equal(nedges(w, GS_L_BLOC), 8);
    assert_near(ewn(w, GS_L_BLOC, "IND", "RUS"), 2, 0);
    assert_near(ewn(w, GS_L_BLOC, "PAK", "KAZ"), 2, 0);
    assert_near(ewn(w, GS_L_BLOC, "BRA", "IND"), 1, 0);
    assert_near(ewn(w, GS_L_BLOC, "IND", "PAK"), 1, 0);
    /* Region: MEX-BRA, JPN-KOR, IND-PAK, DEU-FRA-BEL (3), AUS-NZL = 7. */
    assert_int_equal(nedges(w, GS_L_REGION), 7);
    assert_near(ewn(w, GS_L_REGION, "JPN", "KOR"), 0.2, 1e-7);
    assert_near(ewn(w, GS_L_REGION, "CAN", "USA"), 0, 0);
    /* No hub edges to the poles in tie-derived layers. */
    for (int l = GS_L_ALLIANCE; l <= GS_L_REGION; l++)
        for (int p = GS_US; p <= GS_CN; p++)
            assert_int_equal(w->layer[l].rowptr[w->pole[p] + 1] - w->layer[l].rowptr[w->pole[p]], 0);
    /* Trade includes the poles; mean edge weight 1. */
    const gs_csr *t = &w->layer[GS_L_TRADE];
    double sum = 0;
    for (int64_t k = 0; k < t->nnz; k++) sum += t->w[k];
    assert_near(sum / (double)t->nnz, 1.0, 1e-6);
    assert_true(ewn(w, GS_L_TRADE, "CAN", "USA") > 0);
    /* BRI flags. */
    assert_near(w->attr[GS_A_BRI][node(w, "PAK")], 1, 0);
    assert_near(w->attr[GS_A_BRI][node(w, "KAZ")], 1, 0);
    assert_near(w->attr[GS_A_BRI][node(w, "ITA")], 0, 0);
    assert_near(w->attr[GS_A_BRI][node(w, "USA")], 0, 0);
    assert_true(isnan(w->attr[GS_A_BRI_YEAR][node(w, "USA")]));
    for (int32_t i = 0; i < w->n; i++) {
        assert_int_equal(w->init_align[i], -1);
        assert_int_equal(w->init_track[i], -1);
    }
    assert_non_null(w->source);
    gs_world_free(w);
}

static void imputation(void **state)
{
    (void)state;
    gs_config c;
    small_cfg(&c);
    gs_world *w = build_ok(&c);
    const uint32_t bi = 1u << GS_A_INTERNET, be = 1u << GS_A_ELECTRICITY,
                   bl = 1u << GS_A_LIBDEM, bp = 1u << GS_A_POPULATION,
                   bg = 1u << GS_A_GDPPC;
    /* KOR internet: Eastern Asia median of CHN 77, JPN 83. */
    assert_near(w->attr[GS_A_INTERNET][node(w, "KOR")], 80, 1e-12);
    assert_int_equal(w->imputed[node(w, "KOR")] & bi, bi);
    /* BEL: Western Europe medians (DEU 91, FRA 85; 100, 100; libdem DEU 0.8). */
    int32_t bel = node(w, "BEL");
    assert_near(w->attr[GS_A_INTERNET][bel], 88, 1e-12);
    assert_near(w->attr[GS_A_ELECTRICITY][bel], 100, 1e-12);
    assert_near(w->attr[GS_A_LIBDEM][bel], 0.8, 1e-12);
    assert_int_equal(w->imputed[bel] & (bi | be | bl), bi | be | bl);
    /* FRA libdem from DEU only, never from the imputed BEL. */
    assert_near(w->attr[GS_A_LIBDEM][node(w, "FRA")], 0.8, 1e-12);
    /* KAZ: Central Asia has no libdem: Asia median of .05 .75 .70 .30 .20 = .30. */
    assert_near(w->attr[GS_A_LIBDEM][node(w, "KAZ")], 0.30, 1e-12);
    assert_int_equal(w->imputed[node(w, "KAZ")] & bl, bl);
    /* NZL population: AUS's (the only given value in its subregion). */
    int32_t nzl = node(w, "NZL");
    assert_near(w->attr[GS_A_POPULATION][nzl], 27e6, 1e-3);
    assert_int_equal(w->imputed[nzl] & bp, bp);
    /* gdp_per_capita: ratio where gdp and population are given... */
    int32_t usa = node(w, "USA");
    assert_near(w->attr[GS_A_GDPPC][usa], 27.7e12 / 335e6, 1e-6);
    assert_int_equal(w->imputed[usa] & bg, bg);
    /* ... given where given (no flag) ... */
    int32_t can = node(w, "CAN");
    assert_near(w->attr[GS_A_GDPPC][can], 52500, 0);
    assert_int_equal(w->imputed[can], 0);
    /* ... else the median chain over given values: only CAN's, globally. */
    assert_near(w->attr[GS_A_GDPPC][nzl], 52500, 0);
    assert_int_equal(w->imputed[nzl] & bg, bg);
    /* Nothing else was touched: DEU only has its gdp_per_capita flag. */
    assert_int_equal(w->imputed[node(w, "DEU")], bg);
    int total = 0;
    for (int32_t i = 0; i < w->n; i++)
        for (int a = 0; a < GS_NATTR; a++) {
            total += (int)(w->imputed[i] >> a & 1u);
            if (isnan(w->attr[a][i]) && a != GS_A_BRI_YEAR && a != GS_A_BRI_EXIT)
                fail_msg("%s %s is NaN", w->iso3[i], gs_attr_names[a]);
        }
    /* 16 gdp_per_capita + KOR, BEL internet + BEL electricity + FRA, BEL, KAZ
     * libdem + NZL population. */
    assert_int_equal(total, 16 + 2 + 1 + 3 + 1);
    gs_world_free(w);
}

/* The gravity term as the test computes it independently. */
static double hav(double la1, double lo1, double la2, double lo2)
{
    double r = M_PI / 180, a = sin((la2 - la1) * r / 2), b = sin((lo2 - lo1) * r / 2);
    return 2 * 6371.0 * asin(sqrt(a * a + cos(la1 * r) * cos(la2 * r) * b * b));
}

static double grav(const gs_world *w, int32_t i, int32_t j)
{
    const double *la = w->attr[GS_A_LAT], *lo = w->attr[GS_A_LON], *g = w->attr[GS_A_GDP];
    double d = hav(la[i], lo[i], la[j], lo[j]);
    return g[i] * g[j] / (d < 100 ? 100 : d);
}

static void derived(void **state)
{
    (void)state;
    gs_config c;
    small_cfg(&c);
    gs_world *w = build_ok(&c);
    const double *cd = w->attr[GS_A_CHIPDEP], *th = w->attr[GS_A_THREAT];
    assert_near(cd[node(w, "USA")], 0.1 * 0.92, 1e-12);
    assert_near(cd[node(w, "JPN")], 0.5 * 0.83, 1e-12);
    assert_near(cd[node(w, "KOR")], 0.4 * 0.80, 1e-12); /* imputed internet */
    assert_near(cd[node(w, "CHN")], 0.7 * 0.77, 1e-12);
    assert_near(cd[node(w, "DEU")], 0.91, 1e-12);
    assert_near(th[node(w, "JPN")], 0.6, 0);
    assert_near(th[node(w, "RUS")], 0.6, 0);
    assert_near(th[node(w, "DEU")], 0.3, 0);
    assert_near(th[node(w, "IND")], 0.3, 0);
    /* Trade dependence over the full gravity weights (a = b = c = 1). */
    int32_t us = w->pole[GS_US], cn = w->pole[GS_CN];
    for (int32_t i = 0; i < w->n; i++) {
        double tot = 0;
        for (int32_t j = 0; j < w->n; j++)
            if (j != i) tot += grav(w, i, j);
        double wus = i == us ? 0 : grav(w, i, us) / tot, wcn = i == cn ? 0 : grav(w, i, cn) / tot;
        assert_near(w->attr[GS_A_TRADEDEP_US][i], wus, 1e-9);
        assert_near(w->attr[GS_A_TRADEDEP_CN][i], wcn, 1e-9);
    }
    assert_true(w->attr[GS_A_TRADEDEP_US][node(w, "CAN")] > 0.5);
    assert_near(w->attr[GS_A_TRADEDEP_CN][cn], 0, 0);
    gs_world_free(w);
}

/* Trade layer: every nation is linked to its k heaviest gravity partners,
 * and nothing else is in the layer (union of the top-k lists). */
static void trade_topk(void **state)
{
    (void)state;
    gs_config c;
    small_cfg(&c);
    c.p.trade_k = 3;
    gs_world *w = build_ok(&c);
    int32_t n = w->n;
    uint8_t *want = calloc((size_t)n * n, 1);
    for (int32_t i = 0; i < n; i++) {
        for (int t = 0; t < 3; t++) {
            int32_t best = -1;
            for (int32_t j = 0; j < n; j++)
                if (j != i && !want[i * n + j] && (best < 0 || grav(w, i, j) > grav(w, i, best)))
                    best = j;
            want[i * n + best] = 1;
        }
    }
    int64_t expect = 0;
    for (int32_t i = 0; i < n; i++)
        for (int32_t j = i + 1; j < n; j++) {
            int in = want[i * n + j] || want[j * n + i];
            expect += in;
            if (in != (ew(&w->layer[GS_L_TRADE], i, j) > 0))
                fail_msg("trade edge %s-%s: expected %d", w->iso3[i], w->iso3[j], in);
        }
    assert_int_equal(nedges(w, GS_L_TRADE), expect);
    /* Weights proportional to gravity: ratio of two edges. */
    assert_near(ewn(w, GS_L_TRADE, "USA", "CAN") / ewn(w, GS_L_TRADE, "USA", "MEX"),
                grav(w, node(w, "USA"), node(w, "CAN")) / grav(w, node(w, "USA"), node(w, "MEX")),
                1e-5);
    free(want);
    gs_world_free(w);
}

static const char *three_nations(double lon_cn, double lon_x)
{
    static char buf[1024];
    snprintf(buf, sizeof buf,
             "iso3,name,region,subregion,capital_lat,capital_lon,population,gdp_usd\n"
             "USA,U,R,S1,0,0,1000,1e12\n"
             "CHN,C,R,S2,0,%g,1000,2e12\n"
             "XXX,X,R,S3,0,%g,1000,4e12\n",
             lon_cn, lon_x);
    return buf;
}

static gs_world *three(double lon_cn, double lon_x, double a, double b, double cc, int64_t k)
{
    gs_config c;
    gs_test_config_init(&c);
    snprintf(c.p.world_nations, GS_PATH_MAX, "%s", gs_test_write("three.csv", three_nations(lon_cn, lon_x)));
    c.p.trade_a = a;
    c.p.trade_b = b;
    c.p.trade_c = cc;
    c.p.trade_k = k;
    return build_ok(&c);
}

/* Capitals on the equator at 0, 90 and 180 degrees: distances pi R / 2,
 * pi R and pi R / 2; GDPs 1, 2, 4 (x 10^12). */
static void gravity_hand(void **state)
{
    (void)state;
    /* a = b = 1, c = 2: g(U,C) = 2 / (piR/2)^2 = 8 u, g(U,X) = 4 / (piR)^2 = 4 u,
     * g(C,X) = 8 / (piR/2)^2 = 32 u; mean 44/3 u. */
    gs_world *w = three(90, 180, 1, 1, 2, 2);
    assert_int_equal(nedges(w, GS_L_TRADE), 3);
    assert_near(ewn(w, GS_L_TRADE, "USA", "CHN"), 8 * 3 / 44.0, 1e-6);
    assert_near(ewn(w, GS_L_TRADE, "USA", "XXX"), 4 * 3 / 44.0, 1e-6);
    assert_near(ewn(w, GS_L_TRADE, "CHN", "XXX"), 32 * 3 / 44.0, 1e-6);
    int32_t x = node(w, "XXX"), u = node(w, "USA"), cn = node(w, "CHN");
    assert_near(w->attr[GS_A_TRADEDEP_US][x], 4 / 36.0, 1e-12);
    assert_near(w->attr[GS_A_TRADEDEP_CN][x], 32 / 36.0, 1e-12);
    assert_near(w->attr[GS_A_TRADEDEP_CN][u], 8 / 12.0, 1e-12);
    assert_near(w->attr[GS_A_TRADEDEP_US][cn], 8 / 40.0, 1e-12);
    assert_near(w->attr[GS_A_TRADEDEP_US][u], 0, 0);
    gs_world_free(w);
    /* k = 1: U keeps C (8), C keeps X (32), X keeps C: edges U-C and C-X,
     * mean 20. */
    w = three(90, 180, 1, 1, 2, 1);
    assert_int_equal(nedges(w, GS_L_TRADE), 2);
    assert_near(ewn(w, GS_L_TRADE, "USA", "CHN"), 0.4, 1e-6);
    assert_near(ewn(w, GS_L_TRADE, "CHN", "XXX"), 1.6, 1e-6);
    assert_near(ewn(w, GS_L_TRADE, "USA", "XXX"), 0, 0);
    /* Dependences still use all partners. */
    assert_near(w->attr[GS_A_TRADEDEP_US][node(w, "XXX")], 4 / 36.0, 1e-12);
    gs_world_free(w);
    /* a = 2, b = 0, c = 1: symmetric weight (G_i^2 + G_j^2) / 2 / d:
     * U-C 5/2 / (piR/2) = 5 v, U-X 17/2 / piR = 8.5 v, C-X 20/2 / (piR/2) = 20 v. */
    w = three(90, 180, 2, 0, 1, 2);
    double mean = (5 + 8.5 + 20) / 3;
    assert_near(ewn(w, GS_L_TRADE, "USA", "CHN"), 5 / mean, 1e-6);
    assert_near(ewn(w, GS_L_TRADE, "USA", "XXX"), 8.5 / mean, 1e-6);
    assert_near(ewn(w, GS_L_TRADE, "CHN", "XXX"), 20 / mean, 1e-6);
    gs_world_free(w);
    /* Distance floor: C 0.05 degrees (5.6 km) from U counts as 100 km. */
    w = three(0.05, 90, 1, 1, 1, 2);
    double d_ux = M_PI * 6371.0 / 2, d_cx = hav(0, 0.05, 0, 90);
    double g_uc = 2 / 100.0, g_ux = 4 / d_ux, g_cx = 8 / d_cx;
    mean = (g_uc + g_ux + g_cx) / 3;
    assert_near(ewn(w, GS_L_TRADE, "USA", "CHN"), g_uc / mean, 1e-5);
    assert_near(ewn(w, GS_L_TRADE, "USA", "XXX"), g_ux / mean, 1e-5);
    assert_near(gs_world_haversine_km(0, 0, 0, 90), d_ux, 1e-9);
    assert_near(gs_world_haversine_km(90, 0, -90, 0), M_PI * 6371.0, 1e-9);
    gs_world_free(w);
}

static gs_nation_override ov(const char *iso3, const char *attr, const char *text)
{
    gs_nation_override o;
    memset(&o, 0, sizeof o);
    snprintf(o.iso3, sizeof o.iso3, "%s", iso3);
    snprintf(o.attr, sizeof o.attr, "%s", attr);
    snprintf(o.text, sizeof o.text, "%s", text);
    char *end;
    o.value = strtod(text, &end);
    if (end == text || *end) o.value = NAN;
    o.where.file = "scen.ini";
    o.where.line = 7;
    return o;
}

static void overrides(void **state)
{
    (void)state;
    gs_config c;
    small_cfg(&c);
    gs_nation_override o[] = {ov("JPN", "chipdep", "0.25"), ov("JPN", "nato", "1"),
                              ov("KOR", "internet_pct", "50"), ov("JPN", "alignment", "us"),
                              ov("IND", "track", "dual"),      ov("ITA", "bri_exit", "2030"),
                              ov("RUS", "threat", "0.9")};
    c.overrides = o;
    c.noverrides = sizeof o / sizeof o[0];
    gs_world *w = build_ok(&c);
    int32_t jpn = node(w, "JPN"), kor = node(w, "KOR");
    assert_near(w->attr[GS_A_CHIPDEP][jpn], 0.25, 0);
    /* JPN joins NATO: 5 more alliance edges (CAN DEU FRA BEL ITA). */
    assert_int_equal(nedges(w, GS_L_ALLIANCE), 16);
    assert_near(ewn(w, GS_L_ALLIANCE, "JPN", "DEU"), 1, 0);
    /* KOR internet overridden: no longer imputed, chipdep follows. */
    assert_near(w->attr[GS_A_INTERNET][kor], 50, 0);
    assert_int_equal(w->imputed[kor] >> GS_A_INTERNET & 1u, 0);
    assert_near(w->attr[GS_A_CHIPDEP][kor], 0.4 * 0.5, 1e-12);
    assert_int_equal(w->init_align[jpn], GS_US);
    assert_int_equal(w->init_track[node(w, "IND")], GS_T_DUAL);
    /* ITA's exit postponed past the start: BRI in force, a bloc edge to
     * PAK and KAZ? No: ITA is in Europe, alone there, so bloc is unchanged. */
    assert_near(w->attr[GS_A_BRI][node(w, "ITA")], 1, 0);
    assert_int_equal(nedges(w, GS_L_BLOC), 8);
    assert_near(w->attr[GS_A_THREAT][node(w, "RUS")], 0.9, 0);
    gs_world_free(w);
}

/* Derived-attribute columns in the table override their rules per cell. */
static void derived_columns(void **state)
{
    (void)state;
    gs_config c;
    gs_test_config_init(&c);
    snprintf(c.p.world_nations, GS_PATH_MAX, "%s",
             gs_test_write("derived.csv",
                           "iso3,name,region,subregion,capital_lat,capital_lon,population,gdp_usd,"
                           "internet_pct,chipdep,threat,tradedep_cn,bri,bri_year,bri_year_note_year\n"
                           "USA,U,R,Eastern Asia,0,0,10,100,50,,,,,,\n"
                           "CHN,C,R,Eastern Asia,0,10,10,100,50,0.125,0.5,,,2013,x\n"
                           "AAA,A,R,Eastern Asia,0,20,10,100,50,,,0.75,1,,\n"));
    gs_world *w = build_ok(&c);
    int32_t cn = node(w, "CHN"), a = node(w, "AAA"), us = node(w, "USA");
    assert_near(w->attr[GS_A_CHIPDEP][cn], 0.125, 0);
    assert_near(w->attr[GS_A_THREAT][cn], 0.5, 0);
    assert_near(w->attr[GS_A_THREAT][a], 0.6, 0);
    assert_near(w->attr[GS_A_CHIPDEP][a], 0.5, 1e-12);
    assert_near(w->attr[GS_A_TRADEDEP_CN][a], 0.75, 0);
    assert_near(w->attr[GS_A_BRI][a], 1, 0);  /* given, although no bri_year */
    assert_near(w->attr[GS_A_BRI][cn], 1, 0); /* rule: signed 2013 */
    assert_near(w->attr[GS_A_BRI][us], 0, 0);
    /* Absent membership columns mean 0, absent measures are imputed neutrally. */
    assert_near(w->attr[GS_A_NATO][us], 0, 0);
    assert_near(w->attr[GS_A_LIBDEM][us], 0.5, 0);
    assert_int_equal(w->imputed[us] >> GS_A_LIBDEM & 1u, 1);
    gs_world_free(w);
}

static int count(const uint8_t *m, int32_t n)
{
    int s = 0;
    for (int32_t i = 0; i < n; i++) s += m[i];
    return s;
}

static void subsets(void **state)
{
    (void)state;
    gs_config c;
    small_cfg(&c);
    gs_world *w = build_ok(&c);
    uint8_t m[17];
    gs_err e = {0};
    struct {
        const char *s;
        int n;
    } cases[] = {{"nato", 6},           {"NATO", 6},         {"Eastern Asia", 3},
                 {"eastern asia", 3},   {"JPN KOR", 2},      {"jpn", 1},
                 {"europe", 5},         {"bri", 2},          {"global_south", 3},
                 {"", 17},              {"all", 17},         {"  ", 17},
                 {"JPN,Western Europe,brics", 8},            {"us_treaty", 4},
                 {"g7,eu", 7},          {"sco brics", 6},    {"Oceania", 2}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        gs_err_clear(&e);
        if (gs_world_subset(w, cases[k].s, m, &e) != GS_OK) fail_msg("%s: %s", cases[k].s, e.msg);
        if (count(m, w->n) != cases[k].n)
            fail_msg("subset '%s': %d nations, expected %d", cases[k].s, count(m, w->n), cases[k].n);
    }
    gs_world_subset(w, "JPN KOR", m, &e);
    assert_int_equal(m[node(w, "JPN")], 1);
    assert_int_equal(m[node(w, "CHN")], 0);
    const char *bad[] = {"XYZ", "JPN XYZ", "nato,Atlantis", "natoo"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        gs_err_clear(&e);
        assert_int_equal(gs_world_subset(w, bad[k], m, &e), GS_EINPUT);
        assert_non_null(strstr(e.msg, "unknown name"));
    }
    gs_world_free(w);
}

static void user_edges_check(const char *file)
{
    gs_config c;
    small_cfg(&c);
    snprintf(c.p.world_edges, GS_PATH_MAX, "%s", fixture(file));
    gs_world *w = build_ok(&c);
    for (int l = 0; l < GS_NLAYER; l++) check_csr(w, l);
    assert_int_equal(nedges(w, GS_L_TRADE), 2);
    assert_near(ewn(w, GS_L_TRADE, "USA", "CAN"), 5, 0);
    assert_near(ewn(w, GS_L_TRADE, "USA", "MEX"), 2.5, 0);
    assert_int_equal(nedges(w, GS_L_ALLIANCE), 1);
    assert_near(ewn(w, GS_L_ALLIANCE, "KOR", "JPN"), 3, 0);
    /* Layers the file does not name are kept. */
    assert_int_equal(nedges(w, GS_L_BORDER), 11);
    assert_int_equal(nedges(w, GS_L_BLOC), 8);
    assert_int_equal(nedges(w, GS_L_REGION), 7);
    /* Dependences stay those of the gravity model. */
    assert_true(w->attr[GS_A_TRADEDEP_CN][node(w, "KOR")] > 0);
    gs_world_free(w);
}

static void user_edges_csv(void **state)
{
    (void)state;
    user_edges_check("edges_small.csv");
}

static void user_edges_graphml(void **state)
{
    (void)state;
    user_edges_check("edges_small.graphml");
}

/* Export, read back with igraph (counts, attributes), and rebuild from the
 * export: the same layers. */
static void graphml_roundtrip(void **state)
{
    (void)state;
    gs_config c;
    small_cfg(&c);
    gs_world *w = build_ok(&c);
    char path[GS_PATH_MAX / 2];
    snprintf(path, sizeof path, "%.400s/export.graphml", gs_test_dir());
    gs_err e = {0};
    if (gs_world_export_graphml(w, path, &e) != GS_OK) fail_msg("export: %s", e.msg);
    int64_t m = 0;
    for (int l = 0; l < GS_NLAYER; l++) m += nedges(w, l);

    igraph_set_error_handler(igraph_error_handler_printignore);
    igraph_attribute_table_t *old = igraph_set_attribute_table(&igraph_cattribute_table);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    igraph_t g;
    assert_int_equal(igraph_read_graph_graphml(&g, f, 0), IGRAPH_SUCCESS);
    fclose(f);
    assert_int_equal(igraph_vcount(&g), w->n);
    assert_int_equal(igraph_ecount(&g), m);
    assert_string_equal(VAS(&g, "iso3", node(w, "KOR")), "KOR");
    assert_string_equal(VAS(&g, "name", node(w, "KOR")), "South Korea");
    assert_string_equal(VAS(&g, "region", node(w, "KOR")), "Asia");
    assert_near(VAN(&g, "gdp", node(w, "KOR")), 1.7e12, 0);
    assert_near(VAN(&g, "population", node(w, "NZL")), 27e6, 0);
    int64_t per[GS_NLAYER] = {0};
    for (igraph_integer_t k = 0; k < igraph_ecount(&g); k++) {
        const char *ln = EAS(&g, "layer", k);
        int l = -1;
        for (int q = 0; q < GS_NLAYER; q++)
            if (!strcmp(ln, gs_layer_names[q])) l = q;
        assert_true(l >= 0);
        per[l]++;
        double wt = EAN(&g, "weight", k);
        assert_near(wt, ew(&w->layer[l], IGRAPH_FROM(&g, k), IGRAPH_TO(&g, k)), 1e-6 * wt);
    }
    for (int l = 0; l < GS_NLAYER; l++) assert_int_equal(per[l], nedges(w, l));
    igraph_destroy(&g);
    igraph_set_attribute_table(old);

    /* Rebuild with the export as world.edges: it names every layer. */
    snprintf(c.p.world_edges, GS_PATH_MAX, "%s", path);
    gs_world *w2 = build_ok(&c);
    for (int l = 0; l < GS_NLAYER; l++) {
        const gs_csr *a = &w->layer[l], *b = &w2->layer[l];
        assert_int_equal(a->nnz, b->nnz);
        assert_memory_equal(a->rowptr, b->rowptr, (size_t)(w->n + 1) * sizeof *a->rowptr);
        assert_memory_equal(a->col, b->col, (size_t)a->nnz * sizeof *a->col);
        for (int64_t k = 0; k < a->nnz; k++) assert_near(b->w[k], a->w[k], 1e-6 * a->w[k]);
    }
    gs_world_free(w2);
    gs_world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(small_layers),      cmocka_unit_test(imputation),
        cmocka_unit_test(derived),           cmocka_unit_test(trade_topk),
        cmocka_unit_test(gravity_hand),      cmocka_unit_test(overrides),
        cmocka_unit_test(derived_columns),   cmocka_unit_test(subsets),
        cmocka_unit_test(user_edges_csv),    cmocka_unit_test(user_edges_graphml),
        cmocka_unit_test(graphml_roundtrip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
