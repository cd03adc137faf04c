/* world_data.c - reading the nation and border tables, strictly.
 *
 * The nation table (scenarios/data/nations.csv or a user's world.nations)
 * has one row per nation.  Required columns: iso3, name, region, subregion,
 * capital_lat, capital_lon (never empty), population, gdp_usd (may be empty:
 * imputed, see world.c).  Optional columns: every other attribute of
 * gs_attr_names (gdp_per_capita, internet_pct, electricity_pct, libdem, the
 * memberships nato ... global_south, bri_year and bri_exit, and the derived
 * attributes bri, chipdep, tradedep_cn, tradedep_us, threat, which override
 * their rule where a cell has a value), plus any column whose name ends in
 * "_year" (the source year of a figure: read by people, ignored by the
 * model).  Any other column is an error, with the nearest valid name.
 *
 * Cell rules: membership columns hold 0 or 1 and are never empty (an absent
 * membership column means 0 for everyone); bri_year and bri_exit are years
 * and empty means none; bri_exit needs bri_year.  Every violation is one line
 * "FILE:LINE: column 'x': message" with code GS_EINPUT. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "world_impl.h"

enum { K_REQ, K_NUM, K_MEMBER, K_OPT01, K_YEAR };

typedef struct {
    int kind;
    double lo, hi;
} colspec;

/* Per attribute: how its column is checked (indexed by GS_A_*). */
static const colspec specs[GS_NATTR] = {
    [GS_A_LAT] = {K_REQ, -90, 90},
    [GS_A_LON] = {K_REQ, -180, 180},
    [GS_A_POPULATION] = {K_NUM, 0, HUGE_VAL},
    [GS_A_GDP] = {K_NUM, 0, HUGE_VAL},
    [GS_A_GDPPC] = {K_NUM, 0, HUGE_VAL},
    [GS_A_INTERNET] = {K_NUM, 0, 100},
    [GS_A_ELECTRICITY] = {K_NUM, 0, 100},
    [GS_A_LIBDEM] = {K_NUM, 0, 1},
    [GS_A_NATO] = {K_MEMBER, 0, 1},
    [GS_A_RIO] = {K_MEMBER, 0, 1},
    [GS_A_US_TREATY] = {K_MEMBER, 0, 1},
    [GS_A_MNNA] = {K_MEMBER, 0, 1},
    [GS_A_BRI] = {K_OPT01, 0, 1},
    [GS_A_BRI_YEAR] = {K_YEAR, 1900, 2200},
    [GS_A_BRI_EXIT] = {K_YEAR, 1900, 2200},
    [GS_A_SCO] = {K_MEMBER, 0, 1},
    [GS_A_BRICS] = {K_MEMBER, 0, 1},
    [GS_A_G7] = {K_MEMBER, 0, 1},
    [GS_A_EU] = {K_MEMBER, 0, 1},
    [GS_A_NAM] = {K_MEMBER, 0, 1},
    [GS_A_GLOBAL_SOUTH] = {K_MEMBER, 0, 1},
    [GS_A_CHIPDEP] = {K_NUM, 0, 1},
    [GS_A_TRADEDEP_CN] = {K_NUM, 0, 1},
    [GS_A_TRADEDEP_US] = {K_NUM, 0, 1},
    [GS_A_THREAT] = {K_NUM, 0, 1},
};

int gs_world_check_value(int a, double v, char *why, size_t len)
{
    const colspec *s = &specs[a];
    if (!isfinite(v)) {
        snprintf(why, len, "must be a finite number");
        return -1;
    }
    if (s->kind == K_MEMBER || s->kind == K_OPT01) {
        if (v != 0 && v != 1) {
            snprintf(why, len, "must be 0 or 1, got %g", v);
            return -1;
        }
        return 0;
    }
    if (v < s->lo || v > s->hi) {
        if (isinf(s->hi))
            snprintf(why, len, "must be >= %g, got %g", s->lo, v);
        else
            snprintf(why, len, "must be in [%g, %g], got %g", s->lo, s->hi, v);
        return -1;
    }
    return 0;
}

/* Levenshtein distance, capped buffers (names are short). */
static int edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63) return 1000;
    int d[64][64];
    for (size_t i = 0; i <= la; i++) d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++) d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int c = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
            int x = d[i - 1][j] + 1, y = d[i][j - 1] + 1, z = d[i - 1][j - 1] + c;
            d[i][j] = x < y ? (x < z ? x : z) : (y < z ? y : z);
        }
    return d[la][lb];
}

const char *gs_world_nearest(const char *name, const char *const *cands, int ncands)
{
    const char *best = NULL;
    int bd = 1000;
    for (int i = 0; i < ncands; i++) {
        int d = edit_distance(name, cands[i]);
        if (d < bd) {
            bd = d;
            best = cands[i];
        }
    }
    int lim = (int)strlen(name) / 3 + 1;
    return bd <= lim ? best : NULL;
}

static const char *const fixed_cols[] = {"iso3", "name", "region", "subregion"};
enum { C_ISO3, C_NAME, C_REGION, C_SUBREGION, NFIXED };

static int ends_with(const char *s, const char *suf)
{
    size_t l = strlen(s), k = strlen(suf);
    return l > k && !strcmp(s + l - k, suf);
}

/* Maps each header column to an attribute (>= 0), a fixed column (-1 - C_*),
 * or ignored (INT32_MIN).  Unknown columns are an error. */
static int map_columns(const gs_csv *c, int *map, gs_err *e)
{
    const char *cands[GS_NATTR + NFIXED];
    int nc = 0;
    for (int i = 0; i < NFIXED; i++) cands[nc++] = fixed_cols[i];
    for (int a = 0; a < GS_NATTR; a++) cands[nc++] = gs_attr_names[a];
    for (int k = 0; k < gs_csv_ncols(c); k++) {
        const char *nm = gs_csv_colname(c, k);
        map[k] = INT32_MIN;
        int a = gs_attr_find(nm);
        if (a >= 0) {
            map[k] = a;
            continue;
        }
        int f = -1;
        for (int i = 0; i < NFIXED; i++)
            if (!strcmp(nm, fixed_cols[i])) f = i;
        if (f >= 0) {
            map[k] = -1 - f;
            continue;
        }
        if (ends_with(nm, "_year")) continue;
        const char *near = gs_world_nearest(nm, cands, nc);
        if (near)
            return gs_err_set(e, GS_EINPUT, "%s:%d: unknown column '%s' (did you mean '%s'?)",
                              gs_csv_path(c), gs_csv_line(c), nm, near);
        return gs_err_set(e, GS_EINPUT,
                          "%s:%d: unknown column '%s' (allowed: iso3, name, region, subregion, "
                          "the nation attributes of scenarios/data/README.md, and *_year)",
                          gs_csv_path(c), gs_csv_line(c), nm);
    }
    return GS_OK;
}

static int valid_iso3(const char *s)
{
    return strlen(s) == 3 && isupper((unsigned char)s[0]) && isupper((unsigned char)s[1]) &&
           isupper((unsigned char)s[2]);
}

/* qsort has no context argument: codes travel with their indices. */
typedef struct {
    const char *code;
    int32_t idx;
} keyed;

static int keyed_cmp(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->code, y->code);
    if (c) return c;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

int32_t *gs_world_index(const gs_world *w, gs_err *e)
{
    keyed *k = gs_malloc((size_t)w->n ? (size_t)w->n : 1, sizeof *k, "node index", e);
    int32_t *idx = gs_malloc((size_t)w->n ? (size_t)w->n : 1, sizeof *idx, "node index", e);
    if (!k || !idx) {
        free(k);
        free(idx);
        return NULL;
    }
    for (int32_t i = 0; i < w->n; i++) k[i] = (keyed){w->iso3[i], i};
    qsort(k, (size_t)w->n, sizeof *k, keyed_cmp);
    for (int32_t i = 0; i < w->n; i++) idx[i] = k[i].idx;
    free(k);
    return idx;
}

int32_t gs_world_lookup(const gs_world *w, const int32_t *index, const char *code)
{
    int32_t lo = 0, hi = w->n - 1;
    while (lo <= hi) {
        int32_t mid = lo + (hi - lo) / 2;
        int c = strcmp(w->iso3[index[mid]], code);
        if (c == 0) return index[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

int gs_world_csv_pair(const gs_world *w, const int32_t *index, const gs_csv *c, const int cols[2],
                      int32_t v[2], gs_err *e)
{
    for (int s = 0; s < 2; s++) {
        const char *f = gs_csv_field(c, cols[s]);
        if (!*f) return gs_csv_fail(c, cols[s], e, "empty (required)");
        v[s] = gs_world_lookup(w, index, f);
        if (v[s] < 0)
            return gs_csv_fail(c, cols[s], e, "unknown ISO3 '%s' (not in the nation table)", f);
    }
    return GS_OK;
}

/* Parses one row's cells into node i. */
static int read_row(gs_world *w, gs_csv *c, const int *map, int32_t i, uint32_t *given,
                    int32_t *sub_region, int *sub_line, gs_err *e)
{
    int ncols = gs_csv_ncols(c);
    int col_year = -1, col_exit = -1;
    for (int k = 0; k < ncols; k++) {
        const char *f = gs_csv_field(c, k);
        if (map[k] == INT32_MIN) continue;
        if (map[k] < 0) {
            int fc = -1 - map[k];
            if (!*f) return gs_csv_fail(c, k, e, "empty (required)");
            if (fc == C_ISO3) {
                if (!valid_iso3(f))
                    return gs_csv_fail(c, k, e, "'%s' is not an ISO3 code (3 uppercase letters)",
                                       f);
                memcpy(w->iso3[i], f, 4);
            } else if (fc == C_NAME) {
                w->name[i] = strdup(f);
                if (!w->name[i]) return gs_err_set(e, GS_ERUN, "out of memory (names)");
            } else {
                int32_t r = fc == C_REGION
                                ? gs_world_intern(&w->region_names, &w->nregions, f, e)
                                : gs_world_intern(&w->subregion_names, &w->nsubregions, f, e);
                if (r < 0) return GS_ERUN;
                if (fc == C_REGION)
                    w->region[i] = r;
                else
                    w->subregion[i] = r;
            }
            continue;
        }
        int a = map[k];
        const colspec *s = &specs[a];
        double v;
        int r = gs_csv_double(c, k, &v, e);
        if (r < 0) return GS_EINPUT;
        if (r == 1) {
            if (s->kind == K_REQ || s->kind == K_MEMBER)
                return gs_csv_fail(c, k, e, "empty (required%s)",
                                   s->kind == K_MEMBER ? ": write 0 or 1" : "");
            continue;
        }
        char why[128];
        if (gs_world_check_value(a, v, why, sizeof why)) return gs_csv_fail(c, k, e, "%s", why);
        w->attr[a][i] = v;
        given[i] |= 1u << a;
        if (a == GS_A_BRI_YEAR) col_year = k;
        if (a == GS_A_BRI_EXIT) col_exit = k;
    }
    if (col_exit >= 0 && col_year < 0)
        return gs_csv_fail(c, col_exit, e, "bri_exit without bri_year");
    if (col_exit >= 0 && w->attr[GS_A_BRI_EXIT][i] < w->attr[GS_A_BRI_YEAR][i])
        return gs_csv_fail(c, col_exit, e, "bri_exit %g is before bri_year %g",
                           w->attr[GS_A_BRI_EXIT][i], w->attr[GS_A_BRI_YEAR][i]);
    /* One M49 subregion lies in one region. */
    int32_t sr = w->subregion[i];
    if (sub_region[sr] < 0) {
        sub_region[sr] = w->region[i];
        sub_line[sr] = gs_csv_line(c);
    } else if (sub_region[sr] != w->region[i]) {
        return gs_csv_fail(c, gs_csv_col(c, "subregion"), e,
                           "subregion '%s' is in region '%s' on line %d, not '%s'",
                           w->subregion_names[sr], w->region_names[sub_region[sr]],
                           sub_line[sr], w->region_names[w->region[i]]);
    }
    return GS_OK;
}

int gs_world_read_nations(gs_world *w, const char *path, uint32_t **given_out, uint32_t *has_col,
                          gs_err *e)
{
    int rc = GS_EINPUT;
    gs_csv *c = NULL;
    int *map = NULL, *lines = NULL, *sub_line = NULL;
    int32_t *sub_region = NULL;
    uint32_t *given = NULL;
    keyed *k = NULL;
    *given_out = NULL;
    *has_col = 0;

    /* Pass 1: the header and the row count (structural errors surface here). */
    c = gs_csv_open(path, e);
    if (!c) return e ? e->code : GS_EINPUT;
    map = gs_malloc((size_t)gs_csv_ncols(c), sizeof *map, "nation table", e);
    if (!map) goto fail;
    if ((rc = map_columns(c, map, e)) != GS_OK) goto fail;
    const char *req[] = {"iso3",       "name",        "region",     "subregion",
                         "capital_lat", "capital_lon", "population", "gdp_usd"};
    for (size_t q = 0; q < sizeof req / sizeof req[0]; q++)
        if (gs_csv_require(c, req[q], e) < 0) {
            rc = GS_EINPUT;
            goto fail;
        }
    for (int q = 0; q < gs_csv_ncols(c); q++)
        if (map[q] >= 0) *has_col |= 1u << map[q];
    int64_t n = 0;
    int r;
    while ((r = gs_csv_next(c, e)) == 1) n++;
    if (r < 0) {
        rc = e ? e->code : GS_EINPUT;
        goto fail;
    }
    if (n == 0) {
        rc = gs_err_set(e, GS_EINPUT, "%s: no nations (only a header)", path);
        goto fail;
    }
    if (n > INT32_MAX / 2) {
        rc = gs_err_set(e, GS_EINPUT, "%s: too many rows", path);
        goto fail;
    }
    gs_csv_close(c);
    c = NULL;

    if ((rc = gs_world_alloc_nodes(w, (int32_t)n, e)) != GS_OK) goto fail;
    rc = GS_ERUN;
    given = gs_calloc((size_t)n, sizeof *given, "nation table", e);
    lines = gs_malloc((size_t)n, sizeof *lines, "nation table", e);
    /* Subregions are at most n. */
    sub_region = gs_malloc((size_t)n, sizeof *sub_region, "nation table", e);
    sub_line = gs_malloc((size_t)n, sizeof *sub_line, "nation table", e);
    if (!given || !lines || !sub_region || !sub_line) goto fail;
    for (int64_t i = 0; i < n; i++) sub_region[i] = -1;

    /* Pass 2: the cells. */
    c = gs_csv_open(path, e);
    if (!c) {
        rc = e ? e->code : GS_EINPUT;
        goto fail;
    }
    for (int32_t i = 0; i < (int32_t)n; i++) {
        r = gs_csv_next(c, e);
        if (r != 1) {
            rc = r < 0 ? (e ? e->code : GS_EINPUT)
                       : gs_err_set(e, GS_EINPUT, "%s: file changed while reading", path);
            goto fail;
        }
        lines[i] = gs_csv_line(c);
        if ((rc = read_row(w, c, map, i, given, sub_region, sub_line, e)) != GS_OK) goto fail;
    }

    /* Duplicate codes, reported at the earliest second occurrence. */
    k = gs_malloc((size_t)n, sizeof *k, "nation table", e);
    if (!k) {
        rc = GS_ERUN;
        goto fail;
    }
    for (int32_t i = 0; i < (int32_t)n; i++) k[i] = (keyed){w->iso3[i], i};
    qsort(k, (size_t)n, sizeof *k, keyed_cmp);
    int32_t dup = -1, first = -1;
    for (int32_t i = 1; i < (int32_t)n; i++)
        if (!strcmp(k[i].code, k[i - 1].code) && (dup < 0 || lines[k[i].idx] < lines[dup])) {
            dup = k[i].idx;
            first = k[i - 1].idx;
        }
    if (dup >= 0) {
        rc = gs_err_set(e, GS_EINPUT, "%s:%d: column 'iso3': duplicate ISO3 '%s' (first on line %d)",
                        path, lines[dup], w->iso3[dup], lines[first]);
        goto fail;
    }
    /* An absent membership column means "member of nothing". */
    for (int a = 0; a < GS_NATTR; a++)
        if (specs[a].kind == K_MEMBER && !(*has_col & (1u << a)))
            for (int32_t i = 0; i < (int32_t)n; i++) w->attr[a][i] = 0;
    *given_out = given;
    given = NULL;
    rc = GS_OK;
fail:
    gs_csv_close(c);
    free(map);
    free(lines);
    free(sub_region);
    free(sub_line);
    free(given);
    free(k);
    return rc;
}

static int pair_cmp(const void *a, const void *b)
{
    const int64_t *x = a, *y = b;
    return (*x > *y) - (*x < *y);
}

int gs_world_read_borders(const gs_world *w, const char *path, igraph_vector_int_t *edges,
                          gs_err *e)
{
    int rc = GS_EINPUT;
    int64_t *pairs = NULL, np = 0, cap = 0;
    int32_t *index = NULL;
    gs_csv *c = gs_csv_open(path, e);
    if (!c) return e ? e->code : GS_EINPUT;
    int ca = gs_csv_require(c, "a", e), cb = ca < 0 ? -1 : gs_csv_require(c, "b", e);
    if (ca < 0 || cb < 0) goto done;
    for (int k = 0; k < gs_csv_ncols(c); k++)
        if (k != ca && k != cb) {
            rc = gs_err_set(e, GS_EINPUT, "%s:%d: unknown column '%s' (a border table has "
                                          "columns a,b)",
                            path, gs_csv_line(c), gs_csv_colname(c, k));
            goto done;
        }
    index = gs_world_index(w, e);
    if (!index) {
        rc = GS_ERUN;
        goto done;
    }
    int r;
    while ((r = gs_csv_next(c, e)) == 1) {
        int32_t v[2];
        const int cols[2] = {ca, cb};
        if (gs_world_csv_pair(w, index, c, cols, v, e) != GS_OK) {
            rc = e->code;
            goto done;
        }
        if (v[0] == v[1]) {
            rc = gs_csv_fail(c, -1, e, "'%s' borders itself", w->iso3[v[0]]);
            goto done;
        }
        if (np == cap) {
            int64_t ncap = cap ? 2 * cap : 256;
            int64_t *np2 = realloc(pairs, (size_t)ncap * sizeof *pairs);
            if (!np2) {
                rc = gs_err_set(e, GS_ERUN, "out of memory (border table)");
                goto done;
            }
            pairs = np2;
            cap = ncap;
        }
        int32_t lo = v[0] < v[1] ? v[0] : v[1], hi = v[0] < v[1] ? v[1] : v[0];
        pairs[np++] = (int64_t)lo * w->n + hi;
    }
    if (r < 0) {
        rc = e ? e->code : GS_EINPUT;
        goto done;
    }
    /* A border listed twice (a,b and b,a, or repeated) is one border.  A
     * header-only table leaves pairs NULL, which qsort must not be given. */
    if (np > 1) qsort(pairs, (size_t)np, sizeof *pairs, pair_cmp);
    igraph_vector_int_clear(edges);
    for (int64_t t = 0; t < np; t++) {
        if (t && pairs[t] == pairs[t - 1]) continue;
        if (igraph_vector_int_push_back(edges, (igraph_integer_t)(pairs[t] / w->n)) ||
            igraph_vector_int_push_back(edges, (igraph_integer_t)(pairs[t] % w->n))) {
            rc = gs_err_set(e, GS_ERUN, "out of memory (border table)");
            goto done;
        }
    }
    rc = GS_OK;
done:
    gs_csv_close(c);
    free(pairs);
    free(index);
    return rc;
}
