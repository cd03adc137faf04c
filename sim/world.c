/* world.c - building the world: the pipeline, missing values, derived
 * attributes, per-nation overrides, and lookups (world.h).
 *
 * Pipeline of gs_world_build for world.kind = data:
 *   1. read and validate the nation table (world_data.c);
 *   2. find the poles: USA (GS_US) and CHN (GS_CN) must both be there;
 *   3. impute missing cells (policy below), flagging each in imputed[i];
 *   4. apply the scenario's [nation.ISO3] overrides (validated like the
 *      table; an overridden cell is no longer "imputed");
 *   5. derive bri from bri_year/bri_exit;
 *   6. build the layers (world_layers.c), which also yields trade
 *      dependences over the full gravity weights;
 *   7. derive chipdep, threat, tradedep_cn and tradedep_us;
 *   8. replace the layers named in world.edges by the user's (world_io.c).
 * Synthetic kinds (er, ba, ws, sbm, lattice, complete) replace 1-3 and 5-6
 * by world_synth.c; 4, 7 and 8 are the same.
 *
 * Missing values (nations.csv cells left empty).  Each is imputed, never
 * silently 0, and the bit of its attribute is set in imputed[i] (`govsim
 * world` prints the count per column):
 *   - gdp_per_capita, when gdp_usd and population are both given:
 *     gdp_usd / population;
 *   - otherwise, for population, gdp_usd, gdp_per_capita, internet_pct,
 *     electricity_pct and libdem: the median of the nations of the same M49
 *     subregion that have a value in the file; if none has, the median of the
 *     same M49 region; if none has, the median of all nations.  Medians are
 *     taken over given values only, never over imputed ones, so the order in
 *     which cells are filled does not matter;
 *   - a column with no value at all (or absent): population and gdp_usd are
 *     an error; gdp_per_capita becomes gdp_usd / population (of the imputed
 *     figures); internet_pct and electricity_pct become 50 and libdem 0.5
 *     (neutral midpoints), all flagged.
 * Memberships are never empty (world_data.c); empty bri_year / bri_exit mean
 * "never signed" / "not exited"; empty derived cells take their rule.
 *
 * Derived attributes (each overridable by a column of the same name in the
 * nation table, or by `ATTR = x` in [nation.ISO3]):
 *   bri          1 when a BRI cooperation document is in force at
 *                scenario.start: bri_year <= start and (no bri_exit or
 *                bri_exit > start); else 0.
 *   tradedep_cn  share of China in i's gravity trade: g(i,CHN) / sum_j g(i,j)
 *                over all j != i, with the full gravity weights g of
 *                world_layers.c (not only the top-k partners kept as edges).
 *                0 for China itself.
 *   tradedep_us  the same for the United States.
 *                Synthetic worlds: the weight of i's edge to the pole over
 *                i's total edge weight in the generated graph (1/(n-1) for
 *                complete worlds).
 *   chipdep      dependence on the U.S.-controlled advanced-chip supply chain
 *                that export controls can squeeze:
 *                    chipdep_i = (1 - cap_i) * internet_pct_i / 100
 *                where cap_i is the nation's own capability in the chip
 *                supply chain (a coarse judgment after the shares of
 *                semiconductor value added in SIA/BCG 2021, "Strengthening the
 *                Global Semiconductor Supply Chain in an Uncertain Era"): USA
 *                0.9 (design, EDA, equipment), TWN 0.7 (leading-edge
 *                foundry), KOR 0.6 (memory, foundry), JPN 0.5 (equipment,
 *                materials), NLD 0.5 (lithography), CHN 0.3 (mature nodes;
 *                itself the target), every other nation 0.  Internet use stands for how much of
 *                the economy runs on digital services and hence on chips.
 *   threat       security threat perceived in the region, by M49 subregion:
 *                Eastern Asia 0.6 (Taiwan Strait, Korean peninsula), Western
 *                Asia 0.6 (wars in the Middle East), Eastern Europe 0.6
 *                (Russia's war on Ukraine), every other subregion 0.3.  The
 *                poles' values are not used.  Scenario events change it.
 *
 * Overrides ([nation.ISO3] sections, c->overrides): ATTR = number for any
 * attribute (range-checked like the table), alignment = hedge|us|cn (initial
 * alignment, init_align), track = none|multilateral|us_led|dual (initial
 * standards track, init_track).  Overriding an input attribute (gdp_usd,
 * nato, bri_year, ...) happens before layers and derived attributes are
 * built, so they follow it. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "world_impl.h"

int gs_world_alloc_nodes(gs_world *w, int32_t n, gs_err *e)
{
    size_t sn = (size_t)n;
    w->n = n;
    w->pole[GS_HEDGE] = w->pole[GS_US] = w->pole[GS_CN] = -1;
    w->iso3 = gs_calloc(sn, sizeof *w->iso3, "nations", e);
    w->name = gs_calloc(sn, sizeof *w->name, "nations", e);
    w->region = gs_calloc(sn, sizeof *w->region, "nations", e);
    w->subregion = gs_calloc(sn, sizeof *w->subregion, "nations", e);
    w->imputed = gs_calloc(sn, sizeof *w->imputed, "nations", e);
    w->init_align = gs_malloc(sn, sizeof *w->init_align, "nations", e);
    w->init_track = gs_malloc(sn, sizeof *w->init_track, "nations", e);
    if (!w->iso3 || !w->name || !w->region || !w->subregion || !w->imputed || !w->init_align ||
        !w->init_track)
        return GS_ERUN;
    memset(w->init_align, -1, sn);
    memset(w->init_track, -1, sn);
    for (int a = 0; a < GS_NATTR; a++) {
        w->attr[a] = gs_malloc(sn, sizeof *w->attr[a], "nation attributes", e);
        if (!w->attr[a]) return GS_ERUN;
        for (size_t i = 0; i < sn; i++) w->attr[a][i] = NAN;
    }
    for (int l = 0; l < GS_NLAYER; l++)
        if (gs_csr_empty(&w->layer[l], n, e) != GS_OK) return GS_ERUN;
    return GS_OK;
}

int32_t gs_world_intern(char ***names, int32_t *count, const char *s, gs_err *e)
{
    for (int32_t k = 0; k < *count; k++)
        if (!strcmp((*names)[k], s)) return k;
    char **nn = realloc(*names, ((size_t)*count + 1) * sizeof *nn);
    if (!nn) return gs_err_set(e, GS_ERUN, "out of memory (names)"), -1;
    *names = nn;
    nn[*count] = strdup(s);
    if (!nn[*count]) return gs_err_set(e, GS_ERUN, "out of memory (names)"), -1;
    return (*count)++;
}

void gs_world_free(gs_world *w)
{
    if (!w) return;
    if (w->name && w->kind == GS_WORLD_DATA)
        for (int32_t i = 0; i < w->n; i++) free(w->name[i]);
    free(w->name);
    free(w->iso3);
    free(w->region);
    free(w->subregion);
    for (int32_t k = 0; k < w->nregions; k++) free(w->region_names[k]);
    free(w->region_names);
    for (int32_t k = 0; k < w->nsubregions; k++) free(w->subregion_names[k]);
    free(w->subregion_names);
    for (int a = 0; a < GS_NATTR; a++) free(w->attr[a]);
    free(w->imputed);
    free(w->init_align);
    free(w->init_track);
    for (int l = 0; l < GS_NLAYER; l++) gs_csr_free(&w->layer[l]);
    free(w->source);
    free(w);
}

int32_t gs_world_find(const gs_world *w, const char *iso3)
{
    for (int32_t i = 0; i < w->n; i++)
        if (!strcmp(w->iso3[i], iso3)) return i;
    return -1;
}

/* ------------------------------------------------------------------------
 * Imputation. */

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median of the given values of attribute a among nodes with grp[i] == g
 * (grp NULL: all); NAN when there are none.  buf has room for n. */
static double median_of(const gs_world *w, const uint32_t *given, int a, const int32_t *grp,
                        int32_t g, double *buf)
{
    int32_t m = 0;
    for (int32_t i = 0; i < w->n; i++)
        if ((given[i] >> a & 1u) && (!grp || grp[i] == g)) buf[m++] = w->attr[a][i];
    if (m == 0) return NAN;
    qsort(buf, (size_t)m, sizeof *buf, cmp_dbl);
    return m % 2 ? buf[m / 2] : 0.5 * (buf[m / 2 - 1] + buf[m / 2]);
}

/* Fills the empty cells of attribute a (see the header); fallback is the
 * value for a column with no value at all (NAN: an error). */
static int impute_column(gs_world *w, const uint32_t *given, int a, double fallback,
                         const char *path, double *buf, gs_err *e)
{
    double *sub = NULL, *reg = NULL;
    int32_t missing = 0;
    for (int32_t i = 0; i < w->n; i++) missing += !(given[i] >> a & 1u) && isnan(w->attr[a][i]);
    if (!missing) return GS_OK;
    double all = median_of(w, given, a, NULL, 0, buf);
    if (isnan(all)) {
        if (isnan(fallback))
            return gs_err_set(e, GS_EINPUT, "%s: column '%s' has no value at all: nothing to "
                                            "impute from",
                              path, gs_attr_names[a]);
        for (int32_t i = 0; i < w->n; i++)
            if (isnan(w->attr[a][i])) {
                w->attr[a][i] = fallback;
                w->imputed[i] |= 1u << a;
            }
        return GS_OK;
    }
    sub = gs_malloc((size_t)w->nsubregions, sizeof *sub, "imputation", e);
    reg = gs_malloc((size_t)w->nregions, sizeof *reg, "imputation", e);
    if (!sub || !reg) {
        free(sub);
        free(reg);
        return GS_ERUN;
    }
    for (int32_t s = 0; s < w->nsubregions; s++) sub[s] = median_of(w, given, a, w->subregion, s, buf);
    for (int32_t r = 0; r < w->nregions; r++) reg[r] = median_of(w, given, a, w->region, r, buf);
    for (int32_t i = 0; i < w->n; i++) {
        if ((given[i] >> a & 1u) || !isnan(w->attr[a][i])) continue;
        double v = sub[w->subregion[i]];
        if (isnan(v)) v = reg[w->region[i]];
        if (isnan(v)) v = all;
        w->attr[a][i] = v;
        w->imputed[i] |= 1u << a;
    }
    free(sub);
    free(reg);
    return GS_OK;
}

static int impute(gs_world *w, const uint32_t *given, const char *path, gs_err *e)
{
    double *buf = gs_malloc((size_t)w->n, sizeof *buf, "imputation", e);
    if (!buf) return GS_ERUN;
    const uint32_t both = 1u << GS_A_GDP | 1u << GS_A_POPULATION;
    int rc = GS_OK;
    for (int32_t i = 0; i < w->n; i++)
        if (!(given[i] >> GS_A_GDPPC & 1u) && (given[i] & both) == both &&
            w->attr[GS_A_POPULATION][i] > 0) {
            w->attr[GS_A_GDPPC][i] = w->attr[GS_A_GDP][i] / w->attr[GS_A_POPULATION][i];
            w->imputed[i] |= 1u << GS_A_GDPPC;
        }
    static const struct {
        int a;
        double fallback;
    } cols[] = {{GS_A_POPULATION, NAN}, {GS_A_GDP, NAN},         {GS_A_INTERNET, 50},
                {GS_A_ELECTRICITY, 50}, {GS_A_LIBDEM, 0.5},      {GS_A_GDPPC, -1}};
    for (size_t k = 0; k < sizeof cols / sizeof cols[0] && rc == GS_OK; k++)
        rc = impute_column(w, given, cols[k].a, cols[k].fallback, path, buf, e);
    /* gdp_per_capita with no value at all: the ratio of the (imputed) totals. */
    for (int32_t i = 0; i < w->n && rc == GS_OK; i++)
        if (w->attr[GS_A_GDPPC][i] == -1) {
            double pop = w->attr[GS_A_POPULATION][i];
            w->attr[GS_A_GDPPC][i] = pop > 0 ? w->attr[GS_A_GDP][i] / pop : 0;
        }
    free(buf);
    return rc;
}

/* ------------------------------------------------------------------------
 * Derived attributes (rules in the header). */

static double chip_capability(const char *iso3)
{
    static const struct {
        const char *iso3;
        double cap;
    } tab[] = {{"USA", 0.9}, {"TWN", 0.7}, {"KOR", 0.6}, {"JPN", 0.5}, {"NLD", 0.5}, {"CHN", 0.3}};
    for (size_t k = 0; k < sizeof tab / sizeof tab[0]; k++)
        if (!strcmp(tab[k].iso3, iso3)) return tab[k].cap;
    return 0;
}

static double region_threat(const char *subregion)
{
    static const char *const high[] = {"Eastern Asia", "Western Asia", "Eastern Europe"};
    for (size_t k = 0; k < sizeof high / sizeof high[0]; k++)
        if (!strcmp(high[k], subregion)) return 0.6;
    return 0.3;
}

static void derive_bri(gs_world *w, const uint32_t *given, double start)
{
    for (int32_t i = 0; i < w->n; i++) {
        if (given[i] >> GS_A_BRI & 1u) continue;
        double y = w->attr[GS_A_BRI_YEAR][i], x = w->attr[GS_A_BRI_EXIT][i];
        w->attr[GS_A_BRI][i] = (!isnan(y) && y <= start && (isnan(x) || x > start)) ? 1 : 0;
    }
}

static void derive_rest(gs_world *w, const uint32_t *given, const double *dep_us,
                        const double *dep_cn)
{
    for (int32_t i = 0; i < w->n; i++) {
        if (!(given[i] >> GS_A_CHIPDEP & 1u))
            w->attr[GS_A_CHIPDEP][i] =
                (1 - chip_capability(w->iso3[i])) * w->attr[GS_A_INTERNET][i] / 100;
        if (!(given[i] >> GS_A_THREAT & 1u))
            w->attr[GS_A_THREAT][i] = region_threat(w->subregion_names[w->subregion[i]]);
        if (!(given[i] >> GS_A_TRADEDEP_US & 1u)) w->attr[GS_A_TRADEDEP_US][i] = dep_us[i];
        if (!(given[i] >> GS_A_TRADEDEP_CN & 1u)) w->attr[GS_A_TRADEDEP_CN][i] = dep_cn[i];
    }
}

/* Trade dependence on the poles in a graph world: weight of the edge to the
 * pole over the node's total weight. */
static void graph_dependence(const gs_world *w, double *dep_us, double *dep_cn)
{
    const gs_csr *t = &w->layer[GS_L_TRADE];
    for (int32_t i = 0; i < w->n; i++) {
        dep_us[i] = dep_cn[i] = 0;
        if (w->implicit_complete) {
            if (i != w->pole[GS_US]) dep_us[i] = 1.0 / (w->n - 1);
            if (i != w->pole[GS_CN]) dep_cn[i] = 1.0 / (w->n - 1);
            continue;
        }
        if (!(t->wsum[i] > 0)) continue;
        for (int64_t k = t->rowptr[i]; k < t->rowptr[i + 1]; k++) {
            if (t->col[k] == w->pole[GS_US]) dep_us[i] += t->w[k] / t->wsum[i];
            if (t->col[k] == w->pole[GS_CN]) dep_cn[i] += t->w[k] / t->wsum[i];
        }
    }
}

/* ------------------------------------------------------------------------
 * Overrides. */

static int ov_fail(const gs_nation_override *o, gs_err *e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int ov_fail(const gs_nation_override *o, gs_err *e, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (o->where.file)
        return gs_err_set(e, GS_EINPUT, "%s:%d: [nation.%s]: %s", o->where.file, o->where.line,
                          o->iso3, msg);
    return gs_err_set(e, GS_EINPUT, "[nation.%s]: %s", o->iso3, msg);
}

static int name_index(const char *const *names, int count, const char *s)
{
    for (int k = 0; k < count; k++)
        if (!strcmp(names[k], s)) return k;
    return -1;
}

static int apply_overrides(gs_world *w, const gs_config *c, uint32_t *given, const char *table,
                           gs_err *e)
{
    if (c->noverrides == 0) return GS_OK; /* spare 10^7-node worlds the index */
    int32_t *index = gs_world_index(w, e);
    if (!index) return GS_ERUN;
    int rc = GS_OK;
    for (size_t k = 0; k < c->noverrides && rc == GS_OK; k++) {
        const gs_nation_override *o = &c->overrides[k];
        int32_t i = gs_world_lookup(w, index, o->iso3);
        if (i < 0) {
            rc = ov_fail(o, e, "no such nation in %s", table);
            break;
        }
        /* The config loader may already have stored the code in value. */
        int coded = !isnan(o->value) && o->value >= 0 && o->value == (int)o->value;
        if (!strcmp(o->attr, "alignment")) {
            int v = coded && o->value < GS_NOPT ? (int)o->value
                                                : name_index(gs_option_names, GS_NOPT, o->text);
            if (v < 0)
                rc = ov_fail(o, e, "alignment: expected hedge, us or cn, got '%s'", o->text);
            else
                w->init_align[i] = (int8_t)v;
            continue;
        }
        if (!strcmp(o->attr, "track")) {
            int v = coded && o->value < GS_NTRACK ? (int)o->value
                                                  : name_index(gs_track_names, GS_NTRACK, o->text);
            if (v < 0)
                rc = ov_fail(o, e, "track: expected none, multilateral, us_led or dual, got '%s'",
                             o->text);
            else
                w->init_track[i] = (int8_t)v;
            continue;
        }
        int a = gs_attr_find(o->attr);
        if (a < 0) {
            rc = ov_fail(o, e, "unknown key '%s'", o->attr);
            break;
        }
        char why[160];
        if (isnan(o->value)) {
            rc = ov_fail(o, e, "%s: expected a number, got '%s'", o->attr, o->text);
            break;
        }
        if (gs_world_check_value(a, o->value, why, sizeof why)) {
            rc = ov_fail(o, e, "%s: %s", o->attr, why);
            break;
        }
        if (a == GS_A_BRI_EXIT && isnan(w->attr[GS_A_BRI_YEAR][i])) {
            rc = ov_fail(o, e, "%s: bri_exit without bri_year", o->attr);
            break;
        }
        w->attr[a][i] = o->value;
        w->imputed[i] &= ~(1u << a);
        given[i] |= 1u << a;
    }
    free(index);
    return rc;
}

/* ------------------------------------------------------------------------
 * The pipeline. */

static int data_world(gs_world *w, const gs_config *c, uint32_t **given, double *dep[2],
                      gs_err *e)
{
    const gs_params *p = &c->p;
    const char *path = p->world_nations;
    uint32_t has_col;
    int rc;
    igraph_vector_int_t borders;
    int have_b = 0;
    if (!path[0])
        return gs_err_set(e, GS_EINPUT, "world.nations: no nation table given (world.kind = "
                                        "data needs one)");
    if ((rc = gs_world_read_nations(w, path, given, &has_col, e)) != GS_OK) return rc;
    w->pole[GS_US] = gs_world_find(w, "USA");
    w->pole[GS_CN] = gs_world_find(w, "CHN");
    if (w->pole[GS_US] < 0 || w->pole[GS_CN] < 0)
        return gs_err_set(e, GS_EINPUT, "%s: no row for %s: the poles USA and CHN must both be "
                                        "in the nation table",
                          path, w->pole[GS_US] < 0 ? "USA" : "CHN");
    if ((rc = impute(w, *given, path, e)) != GS_OK) return rc;
    if ((rc = apply_overrides(w, c, *given, path, e)) != GS_OK) return rc;
    derive_bri(w, *given, p->start);
    for (int s = 0; s < 2; s++) {
        dep[s] = gs_calloc((size_t)w->n, sizeof *dep[s], "trade dependence", e);
        if (!dep[s]) return GS_ERUN;
    }
    if (p->world_borders[0]) {
        if (igraph_vector_int_init(&borders, 0))
            return gs_err_set(e, GS_ERUN, "out of memory (border table)");
        have_b = 1;
        rc = gs_world_read_borders(w, p->world_borders, &borders, e);
    }
    if (rc == GS_OK)
        rc = gs_world_build_data_layers(w, p, have_b ? &borders : NULL, dep[0], dep[1],
                                        e);
    if (have_b) igraph_vector_int_destroy(&borders);
    return rc;
}

gs_world *gs_world_build(const gs_config *c, gs_err *e)
{
    const gs_params *p = &c->p;
    gs_world *w = gs_calloc(1, sizeof *w, "world", e);
    uint32_t *given = NULL;
    double *dep[2] = {NULL, NULL};
    int rc = GS_ERUN;
    gs_igraph_guard guard;
    if (!w) return NULL;
    gs_igraph_begin(&guard, 0);
    w->kind = p->world_kind;
    if (p->world_kind == GS_WORLD_DATA) {
        if ((rc = data_world(w, c, &given, dep, e)) != GS_OK) goto done;
    } else {
        if ((rc = gs_world_synth(w, p, e)) != GS_OK) goto done;
        rc = GS_ERUN;
        given = gs_calloc((size_t)w->n, sizeof *given, "world", e);
        dep[0] = gs_calloc((size_t)w->n, sizeof *dep[0], "world", e);
        dep[1] = gs_calloc((size_t)w->n, sizeof *dep[1], "world", e);
        if (!given || !dep[0] || !dep[1]) goto done;
        if ((rc = apply_overrides(w, c, given, "the synthetic world", e)) != GS_OK) goto done;
        graph_dependence(w, dep[0], dep[1]);
    }
    derive_rest(w, given, dep[0], dep[1]);
    if (p->world_edges[0]) {
        if (w->implicit_complete) {
            rc = gs_err_set(e, GS_EINPUT, "world.edges cannot be combined with world.kind = "
                                          "complete (its graph is implicit)");
            goto done;
        }
        if ((rc = gs_world_read_edges(w, p->world_edges, e)) != GS_OK) goto done;
    }
    if (p->world_kind == GS_WORLD_DATA) {
        size_t len = strlen(p->world_nations) + strlen(p->world_borders) +
                     strlen(p->world_edges) + 64;
        w->source = gs_malloc(len, 1, "world", e);
        if (!w->source) {
            rc = GS_ERUN;
            goto done;
        }
        snprintf(w->source, len, "data: nations %s, borders %s%s%s", p->world_nations,
                 p->world_borders[0] ? p->world_borders : "(none)",
                 p->world_edges[0] ? ", edges " : "", p->world_edges);
    }
    rc = GS_OK;
done:
    gs_igraph_end(&guard);
    free(given);
    free(dep[0]);
    free(dep[1]);
    if (rc != GS_OK) {
        gs_world_free(w);
        return NULL;
    }
    return w;
}

/* ------------------------------------------------------------------------
 * Subsets. */

static const struct {
    const char *name;
    int attr;
} groups[] = {{"nato", GS_A_NATO}, {"rio", GS_A_RIO},     {"us_treaty", GS_A_US_TREATY},
              {"mnna", GS_A_MNNA}, {"bri", GS_A_BRI},     {"sco", GS_A_SCO},
              {"brics", GS_A_BRICS}, {"g7", GS_A_G7},     {"eu", GS_A_EU},
              {"nam", GS_A_NAM},   {"global_south", GS_A_GLOBAL_SOUTH}};

/* Marks the nations named by one item (whole region/subregion/group name or
 * ISO3 code, case-insensitive).  1 if it matched, 0 if not. */
static int mark_item(const gs_world *w, const char *item, uint8_t *mask)
{
    if (!strcasecmp(item, "all")) {
        memset(mask, 1, (size_t)w->n);
        return 1;
    }
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
        if (!strcasecmp(item, groups[g].name)) {
            for (int32_t i = 0; i < w->n; i++)
                if (w->attr[groups[g].attr][i] == 1) mask[i] = 1;
            return 1;
        }
    for (int32_t r = 0; r < w->nregions; r++)
        if (!strcasecmp(item, w->region_names[r])) {
            for (int32_t i = 0; i < w->n; i++)
                if (w->region[i] == r) mask[i] = 1;
            return 1;
        }
    for (int32_t s = 0; s < w->nsubregions; s++)
        if (!strcasecmp(item, w->subregion_names[s])) {
            for (int32_t i = 0; i < w->n; i++)
                if (w->subregion[i] == s) mask[i] = 1;
            return 1;
        }
    for (int32_t i = 0; i < w->n; i++)
        if (!strcasecmp(item, w->iso3[i])) {
            mask[i] = 1;
            return 1;
        }
    return 0;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s)) s++;
    size_t l = strlen(s);
    while (l && isspace((unsigned char)s[l - 1])) s[--l] = '\0';
    return s;
}

/* Subset syntax: comma-separated items; an item is a region, subregion or
 * group name (names may contain spaces: "Eastern Asia"), or else a list of
 * ISO3 codes and group names separated by spaces ("JPN KOR nato"). */
int gs_world_subset(const gs_world *w, const char *subset, uint8_t *mask, gs_err *e)
{
    memset(mask, 0, (size_t)w->n);
    char *copy = strdup(subset ? subset : "");
    if (!copy) return gs_err_set(e, GS_ERUN, "out of memory (subset)");
    int rc = GS_OK;
    char *all = trim(copy);
    if (!*all) {
        memset(mask, 1, (size_t)w->n);
        free(copy);
        return GS_OK;
    }
    char *save = NULL;
    for (char *item = strtok_r(all, ",", &save); item && rc == GS_OK;
         item = strtok_r(NULL, ",", &save)) {
        item = trim(item);
        if (!*item || mark_item(w, item, mask)) continue;
        char *s2 = NULL;
        for (char *tok = strtok_r(item, " \t", &s2); tok; tok = strtok_r(NULL, " \t", &s2))
            if (!mark_item(w, tok, mask)) {
                rc = gs_err_set(e, GS_EINPUT, "subset '%s': unknown name '%s' (not an ISO3 code, "
                                              "region, subregion or group such as nato, bri, "
                                              "global_south)",
                                subset, tok);
                break;
            }
    }
    free(copy);
    return rc;
}
