/* test_world_input.c - every bad-input path of the world builder gives one
 * line naming the file, the line (where a file has lines) and the column,
 * with code GS_EINPUT, and builds nothing: nation table cells and header,
 * border table, user edge lists (CSV and GraphML, including malformed XML),
 * and [nation.ISO3] overrides. */
#include "gs_test.h"

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


/* Building c fails with GS_EINPUT and a one-line message containing each
 * non-NULL want. */
static void expect_fail(const gs_config *c, const char *want1, const char *want2)
{
    gs_err e = {0};
    gs_world *w = gs_world_build(c, &e);
    if (w) {
        gs_world_free(w);
        fail_msg("built a world; expected an error with '%s'", want1);
    }
    if (e.code != GS_EINPUT) fail_msg("code %d (%s), expected GS_EINPUT", e.code, e.msg);
    if (strchr(e.msg, '\n')) fail_msg("message spans lines: %s", e.msg);
    if (!strstr(e.msg, want1)) fail_msg("message '%s' lacks '%s'", e.msg, want1);
    if (want2 && !strstr(e.msg, want2)) fail_msg("message '%s' lacks '%s'", e.msg, want2);
}

#define HEADER                                                                          \
    "iso3,name,region,subregion,capital_lat,capital_lon,population,gdp_usd,internet_pct," \
    "libdem,nato,bri_year,bri_exit\n"
#define ROW_USA "USA,United States,Americas,Northern America,38.9,-77.0,335e6,27e12,92,0.75,1,,\n"
#define ROW_CHN "CHN,China,Asia,Eastern Asia,39.9,116.4,1.41e9,17.8e12,77,0.05,0,2013,\n"

/* A table whose line 4 is row; expects "FILE:4: column 'col': msg". */
static void bad_row(const char *row, const char *col, const char *msg)
{
    char text[2048], want[1200];
    snprintf(text, sizeof text, HEADER ROW_USA ROW_CHN "%s\n", row);
    gs_config c;
    gs_test_config_init(&c);
    snprintf(c.p.world_nations, GS_PATH_MAX, "%s", gs_test_write("bad_nations.csv", text));
    if (col)
        snprintf(want, sizeof want, "%.900s:4: column '%s': ", c.p.world_nations, col);
    else
        snprintf(want, sizeof want, "%.900s:4: ", c.p.world_nations);
    expect_fail(&c, want, msg);
}

static void nations_cells(void **state)
{
    (void)state;
    bad_row("USA,Again,Americas,Northern America,0,0,1,1,1,0.5,0,,", "iso3",
            "duplicate ISO3 'USA' (first on line 2)");
    bad_row("usa,X,Americas,Northern America,0,0,1,1,1,0.5,0,,", "iso3", "not an ISO3 code");
    bad_row("ABCD,X,Americas,Northern America,0,0,1,1,1,0.5,0,,", "iso3", "not an ISO3 code");
    bad_row("AAA,X,Americas,Northern America,0,0,many,1,1,0.5,0,,", "population",
            "expected a number, got 'many'");
    bad_row("AAA,X,Americas,Northern America,0,0,nan,1,1,0.5,0,,", "population", "finite");
    bad_row("AAA,X,Americas,Northern America,0,0,1,inf,1,0.5,0,,", "gdp_usd", "finite");
    bad_row("AAA,X,Americas,Northern America,0,0,-5,1,1,0.5,0,,", "population", "must be >= 0");
    bad_row("AAA,X,Americas,Northern America,0,0,5,-1,1,0.5,0,,", "gdp_usd", "must be >= 0");
    bad_row("AAA,X,Americas,Northern America,91,0,5,1,1,0.5,0,,", "capital_lat",
            "must be in [-90, 90]");
    bad_row("AAA,X,Americas,Northern America,0,-181,5,1,1,0.5,0,,", "capital_lon",
            "must be in [-180, 180]");
    bad_row("AAA,X,Americas,Northern America,,0,5,1,1,0.5,0,,", "capital_lat", "empty");
    bad_row("AAA,X,Americas,Northern America,0,0,5,1,101,0.5,0,,", "internet_pct",
            "must be in [0, 100]");
    bad_row("AAA,X,Americas,Northern America,0,0,5,1,50,1.5,0,,", "libdem", "must be in [0, 1]");
    bad_row("AAA,X,Americas,Northern America,0,0,5,1,50,0.5,2,,", "nato", "must be 0 or 1");
    bad_row("AAA,X,Americas,Northern America,0,0,5,1,50,0.5,,,", "nato", "empty");
    bad_row("AAA,X,Americas,Northern America,0,0,5,1,50,0.5,0,,2020", "bri_exit",
            "bri_exit without bri_year");
    bad_row("AAA,X,Americas,Northern America,0,0,5,1,50,0.5,0,2019,2015", "bri_exit",
            "before bri_year");
    bad_row("AAA,X,Americas,Northern America,0,0,5,1,50,0.5,0,1066,", "bri_year",
            "must be in [1900, 2200]");
    bad_row("AAA,,Americas,Northern America,0,0,5,1,50,0.5,0,,", "name", "empty");
    bad_row("AAA,X,,Northern America,0,0,5,1,50,0.5,0,,", "region", "empty");
    bad_row("AAA,X,Europe,Northern America,0,0,5,1,50,0.5,0,,", "subregion",
            "subregion 'Northern America' is in region 'Americas' on line 2");
    bad_row("AAA,X,Americas,Northern America,0,0,5,1,50,0.5,0", NULL, "11 fields, expected 13");
    bad_row("AAA,\"X,Americas,Northern America,0,0,5,1,50,0.5,0,,", NULL, "unterminated quote");
}

static void nations_file(const char *text, const char *want_after_path, const char *want2)
{
    char want[1200];
    gs_config c;
    gs_test_config_init(&c);
    snprintf(c.p.world_nations, GS_PATH_MAX, "%s", gs_test_write("bad_table.csv", text));
    snprintf(want, sizeof want, "%.900s%s", c.p.world_nations, want_after_path);
    expect_fail(&c, want, want2);
}

static void nations_header(void **state)
{
    (void)state;
    nations_file("iso3,name,region,subregion,capital_lat,capital_lon,population\n" ROW_USA,
                 ":1: missing column 'gdp_usd'", NULL);
    nations_file("iso3,name,region,subregion,capital_lat,capital_lon,populaton,gdp_usd\n",
                 ":1: unknown column 'populaton'", "did you mean 'population'?");
    nations_file("iso3,name,region,subregion,capital_lat,capital_lon,population,gdp_usd,"
                 "qqqqqqqq\n",
                 ":1: unknown column 'qqqqqqqq'", NULL);
    nations_file("iso3,name,region,subregion,capital_lat,capital_lon,population,gdp_usd,nato,"
                 "nato\n",
                 ":1: duplicate column 'nato'", NULL);
    nations_file(HEADER, ": no nations", NULL);
    nations_file("", ": empty file", NULL);
    /* Poles. */
    nations_file(HEADER ROW_USA, ": no row for CHN", "poles USA and CHN");
    nations_file(HEADER ROW_CHN, ": no row for USA", NULL);
    /* A column without any value cannot be imputed. */
    nations_file(HEADER "USA,U,A,B,0,0,,1,50,0.5,0,,\nCHN,C,A,B,0,1,,1,50,0.5,0,,\n",
                 ": column 'population' has no value at all", NULL);
    gs_config c;
    gs_test_config_init(&c);
    expect_fail(&c, "world.nations: no nation table given", NULL);
    snprintf(c.p.world_nations, GS_PATH_MAX, "%s/no/such/file.csv", gs_test_dir());
    expect_fail(&c, "no/such/file.csv: cannot open", NULL);
    snprintf(c.p.world_nations, GS_PATH_MAX, "%s", gs_test_dir());
    expect_fail(&c, "is a directory", NULL);
}

static void small_cfg(gs_config *c)
{
    gs_test_config_init(c);
    snprintf(c->p.world_nations, GS_PATH_MAX, "%s", fixture("nations_small.csv"));
}

static void borders_bad(const char *text, const char *want_after_path, const char *want2)
{
    char want[1200];
    gs_config c;
    small_cfg(&c);
    snprintf(c.p.world_borders, GS_PATH_MAX, "%s", gs_test_write("bad_borders.csv", text));
    snprintf(want, sizeof want, "%.900s%s", c.p.world_borders, want_after_path);
    expect_fail(&c, want, want2);
}

static void borders(void **state)
{
    (void)state;
    borders_bad("a,b\nUSA,CAN\nXYZ,CAN\n", ":3: column 'a': unknown ISO3 'XYZ'", NULL);
    borders_bad("a,b\nUSA,CAN\nCAN,ZZZ\n", ":3: column 'b': unknown ISO3 'ZZZ'", NULL);
    borders_bad("a,b\nUSA,USA\n", ":2: 'USA' borders itself", NULL);
    borders_bad("a,c\nUSA,CAN\n", ":1: missing column 'b'", NULL);
    borders_bad("a,b,km\nUSA,CAN,8891\n", ":1: unknown column 'km'", NULL);
    borders_bad("a,b\nUSA,\n", ":2: column 'b': empty", NULL);
    borders_bad("a,b\nUSA,CAN,MEX\n", ":2: 3 fields, expected 2", NULL);
}

static void edges_bad(const char *name, const char *text, const char *want_after_path,
                      const char *want2)
{
    char want[1200];
    gs_config c;
    small_cfg(&c);
    snprintf(c.p.world_edges, GS_PATH_MAX, "%s", gs_test_write(name, text));
    snprintf(want, sizeof want, "%.900s%s", c.p.world_edges, want_after_path);
    expect_fail(&c, want, want2);
}

static void edges_csv(void **state)
{
    (void)state;
    const char *h = "source,target,layer,weight\n";
    char t[512];
#define E(rows, want, want2)                               \
    snprintf(t, sizeof t, "%s%s", h, rows);               \
    edges_bad("bad_edges.csv", t, want, want2)
    E("USA,CAN,trade,1\nUSA,XYZ,trade,1\n", ":3: column 'target': unknown ISO3 'XYZ'", NULL);
    E("QQQ,CAN,trade,1\n", ":2: column 'source': unknown ISO3 'QQQ'", NULL);
    E("USA,USA,trade,1\n", ":2: self-loop USA-USA", NULL);
    E("USA,CAN,trades,1\n", ":2: column 'layer': undeclared layer 'trades'",
      "border, trade, alliance, bloc, region");
    E("USA,CAN,trade,-1\n", ":2: column 'weight': weight must be > 0", NULL);
    E("USA,CAN,trade,0\n", ":2: column 'weight': weight must be > 0", NULL);
    E("USA,CAN,trade,nan\n", ":2: column 'weight': value must be finite", NULL);
    E("USA,CAN,trade,heavy\n", ":2: column 'weight': expected a number", NULL);
    E("USA,CAN,trade,\n", ":2: column 'weight': empty", NULL);
    E("USA,,trade,1\n", ":2: column 'target': empty", NULL);
#undef E
    edges_bad("bad_edges2.csv", "source,target,weight\nUSA,CAN,1\n", ":1: missing column 'layer'",
              NULL);
    /* The header's own line, after comments. */
    edges_bad("bad_edges4.csv", "# my edges\nsource,target\nUSA,CAN\n", ":2: missing column 'layer'",
              NULL);
    edges_bad("bad_edges3.csv", "source,target,layer,wieght\nUSA,CAN,trade,1\n",
              ":1: unknown column 'wieght'", "did you mean 'weight'?");
    edges_bad("bad_edges.txt", "source,target,layer\n", ": unknown edge-list format", NULL);
    gs_config c;
    small_cfg(&c);
    snprintf(c.p.world_edges, GS_PATH_MAX, "%s/missing.csv", gs_test_dir());
    expect_fail(&c, "missing.csv: cannot open", NULL);
    snprintf(c.p.world_edges, GS_PATH_MAX, "%s/missing.graphml", gs_test_dir());
    expect_fail(&c, "missing.graphml: cannot open", NULL);
}

#define GML_HEAD                                                                      \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                      \
    "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"                       \
    "<key id=\"l\" for=\"edge\" attr.name=\"layer\" attr.type=\"string\"/>\n"           \
    "<key id=\"w\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n"          \
    "<graph edgedefault=\"undirected\">\n"
#define GML_TAIL "</graph></graphml>\n"

static void edges_graphml(void **state)
{
    (void)state;
    gs_config c;
    small_cfg(&c);
    snprintf(c.p.world_edges, GS_PATH_MAX, "%s", fixture("malformed.graphml"));
    char want[1200];
    snprintf(want, sizeof want, "%.900s:6: malformed GraphML: ", c.p.world_edges);
    expect_fail(&c, want, "mismatch");
    edges_bad("notxml.graphml", "source,target,layer\nUSA,CAN,trade\n", ":1: malformed GraphML: ",
              NULL);
    edges_bad("empty.graphml", "", ": malformed GraphML: empty file", NULL);
    edges_bad("unknown_node.graphml",
              GML_HEAD "<node id=\"USA\"/><node id=\"XYZ\"/>\n"
                       "<edge source=\"USA\" target=\"XYZ\"><data key=\"l\">trade</data></edge>\n" GML_TAIL,
              ": node 'XYZ' (id of node 2): unknown ISO3", NULL);
    edges_bad("bad_layer.graphml",
              GML_HEAD "<node id=\"USA\"/><node id=\"CAN\"/>\n"
                       "<edge source=\"USA\" target=\"CAN\"><data key=\"l\">tarde</data></edge>\n" GML_TAIL,
              ": edge 1 (", "undeclared layer 'tarde'");
    edges_bad("self.graphml",
              GML_HEAD "<node id=\"USA\"/>\n"
                       "<edge source=\"USA\" target=\"USA\"><data key=\"l\">trade</data></edge>\n" GML_TAIL,
              ": edge 1: self-loop USA-USA", NULL);
    edges_bad("neg.graphml",
              GML_HEAD "<node id=\"USA\"/><node id=\"CAN\"/>\n"
                       "<edge source=\"USA\" target=\"CAN\"><data key=\"l\">trade</data>"
                       "<data key=\"w\">-2</data></edge>\n" GML_TAIL,
              ": edge 1 (", "weight must be > 0 and finite, got -2");
    edges_bad("nolayer.graphml",
              "<?xml version=\"1.0\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
              "<graph edgedefault=\"undirected\"><node id=\"USA\"/><node id=\"CAN\"/>\n"
              "<edge source=\"USA\" target=\"CAN\"/>\n" GML_TAIL,
              ": edges need a string attribute 'layer'", NULL);
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
    o.where.line = 12;
    return o;
}

static void override_bad(gs_nation_override o, const char *want, const char *want2)
{
    gs_config c;
    small_cfg(&c);
    gs_nation_override arr[2] = {ov("JPN", "chipdep", "0.5"), o};
    c.overrides = arr;
    c.noverrides = 2;
    expect_fail(&c, want, want2);
}

static void overrides(void **state)
{
    (void)state;
    char want[1200];
    snprintf(want, sizeof want, "scen.ini:12: [nation.XYZ]: no such nation in %.900s",
             fixture("nations_small.csv"));
    override_bad(ov("XYZ", "chipdep", "0.5"), want, NULL);
    override_bad(ov("JPN", "chipdepp", "0.5"), "scen.ini:12: [nation.JPN]: unknown key 'chipdepp'",
                 NULL);
    override_bad(ov("JPN", "libdem", "2"), "scen.ini:12: [nation.JPN]: libdem: must be in [0, 1]",
                 NULL);
    override_bad(ov("JPN", "nato", "0.5"), "scen.ini:12: [nation.JPN]: nato: must be 0 or 1", NULL);
    override_bad(ov("JPN", "gdp_usd", "lots"),
                 "scen.ini:12: [nation.JPN]: gdp_usd: expected a number, got 'lots'", NULL);
    override_bad(ov("JPN", "alignment", "china"),
                 "scen.ini:12: [nation.JPN]: alignment: expected hedge, us or cn", NULL);
    override_bad(ov("JPN", "track", "both"), "scen.ini:12: [nation.JPN]: track: expected", NULL);
    override_bad(ov("JPN", "bri_exit", "2024"), "[nation.JPN]: bri_exit: bri_exit without bri_year",
                 NULL);
    /* Synthetic worlds name their own nodes. */
    gs_config c;
    gs_test_config_init(&c);
    c.p.world_kind = GS_WORLD_ER;
    c.p.world_n = 50;
    gs_nation_override o = ov("USA", "chipdep", "0.5");
    c.overrides = &o;
    c.noverrides = 1;
    expect_fail(&c, "scen.ini:12: [nation.USA]: no such nation in the synthetic world", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nations_cells), cmocka_unit_test(nations_header),
        cmocka_unit_test(borders),       cmocka_unit_test(edges_csv),
        cmocka_unit_test(edges_graphml), cmocka_unit_test(overrides),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
