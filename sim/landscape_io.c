/* landscape_io.c - landscape instances from CSV files or from the world
 * (landscape_io.h).  Every table goes through the shared strict reader
 * (csv.h), so each bad cell is reported as "FILE:LINE: ...". */
#include "landscape_io.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

/* A dense n x n matrix beyond this is not worth building (800 MB). */
#define GS_LAND_MAX_ACTORS 10000

/* Shortest %g text that reads back as v, so that two different values never
 * print alike in a message. */
static const char *num(double v, char *buf, size_t len)
{
    for (int prec = 6; prec <= 17; prec++) {
        snprintf(buf, len, "%.*g", prec, v);
        if (strtod(buf, NULL) == v) break;
    }
    return buf;
}

/* Stable merge sort of idx[0..n) by key: descending (desc) or by string
 * names (names != NULL, ascending), ties by index.  Hand-written because
 * qsort takes no context and the keys live in caller arrays. */
static int lessthan(int32_t a, int32_t b, const double *key, char *const *names)
{
    if (names) {
        int c = strcmp(names[a], names[b]);
        return c ? c < 0 : a < b;
    }
    if (key[a] != key[b]) return key[a] > key[b];
    return a < b;
}

static int sort_idx(int32_t *idx, int32_t n, const double *key, char *const *names, gs_err *e)
{
    if (n < 2) return GS_OK;
    int32_t *tmp = gs_malloc((size_t)n, sizeof *tmp, "sorting", e);
    if (!tmp) return GS_ERUN;
    int32_t *a = idx, *b = tmp;
    for (int32_t w = 1; w < n; w *= 2) {
        for (int32_t lo = 0; lo < n; lo += 2 * w) {
            int32_t mid = lo + w < n ? lo + w : n;
            int32_t hi = (int64_t)lo + 2 * w < n ? lo + 2 * w : n;
            int32_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) b[k++] = lessthan(a[j], a[i], key, names) ? a[j++] : a[i++];
            while (i < mid) b[k++] = a[i++];
            while (j < hi) b[k++] = a[j++];
        }
        int32_t *t = a;
        a = b;
        b = t;
    }
    if (a != idx) memcpy(idx, a, (size_t)n * sizeof *idx);
    free(tmp);
    return GS_OK;
}

/* Actor of name in the name-sorted index, or -1. */
static int32_t lookup(char *const *names, const int32_t *sorted, int32_t n, const char *name)
{
    int32_t lo = 0, hi = n;
    while (lo < hi) {
        int32_t mid = lo + (hi - lo) / 2;
        if (strcmp(names[sorted[mid]], name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && !strcmp(names[sorted[lo]], name) ? sorted[lo] : -1;
}

/* Reads the actors table into growing arrays; returns n or -1. */
static int32_t read_actors(const char *path, char ***names_out, double **sizes_out,
                           int **lines_out, gs_err *e)
{
    gs_csv *c = gs_csv_open(path, e);
    char **names = NULL;
    double *sizes = NULL;
    int *lines = NULL;
    int32_t n = 0, cap = 0;
    if (!c) return -1;
    int cn = gs_csv_require(c, "name", e);
    int cs = cn < 0 ? -1 : gs_csv_require(c, "size", e);
    if (cs < 0) goto fail;
    int r;
    while ((r = gs_csv_next(c, e)) == 1) {
        if (n == GS_LAND_MAX_ACTORS) {
            gs_csv_fail(c, -1, e, "more than %d actors", GS_LAND_MAX_ACTORS);
            goto fail;
        }
        if (n == cap) {
            int32_t nc = cap ? 2 * cap : 64;
            char **nn = realloc(names, (size_t)nc * sizeof *nn);
            if (nn) names = nn;
            double *ns = realloc(sizes, (size_t)nc * sizeof *ns);
            if (ns) sizes = ns;
            int *nl = realloc(lines, (size_t)nc * sizeof *nl);
            if (nl) lines = nl;
            if (!nn || !ns || !nl) {
                gs_err_set(e, GS_ERUN, "out of memory (reading %s)", path);
                goto fail;
            }
            cap = nc;
        }
        const char *name = gs_csv_field(c, cn);
        if (!*name) {
            gs_csv_fail(c, cn, e, "empty actor name");
            goto fail;
        }
        double v = 0;
        int rc = gs_csv_double(c, cs, &v, e);
        if (rc < 0) goto fail;
        if (rc == 1) {
            gs_csv_fail(c, cs, e, "missing size of actor '%s'", name);
            goto fail;
        }
        if (!(v > 0)) {
            gs_csv_fail(c, cs, e, "size of actor '%s' must be > 0, got %s", name,
                        gs_csv_field(c, cs));
            goto fail;
        }
        names[n] = strdup(name);
        if (!names[n]) {
            gs_err_set(e, GS_ERUN, "out of memory (reading %s)", path);
            goto fail;
        }
        sizes[n] = v;
        lines[n] = gs_csv_line(c);
        n++;
    }
    if (r < 0) goto fail;
    if (n < 2) {
        gs_err_set(e, GS_EINPUT, "%s:%d: %d actor%s, a landscape needs at least 2", path,
                   gs_csv_line(c), (int)n, n == 1 ? "" : "s");
        goto fail;
    }
    gs_csv_close(c);
    *names_out = names;
    *sizes_out = sizes;
    *lines_out = lines;
    return n;
fail:
    gs_csv_close(c);
    for (int32_t i = 0; i < n; i++) free(names[i]);
    free(names);
    free(sizes);
    free(lines);
    return -1;
}

gs_land *gs_land_read(const char *actors_path, const char *matrix_path, gs_err *e)
{
    char **names = NULL;
    double *sizes = NULL;
    int *aline = NULL, *rline = NULL;
    int32_t *sorted = NULL, *colact = NULL, *rowseq = NULL;
    gs_land *l = NULL;
    gs_csv *c = NULL;
    char b1[40], b2[40];
    int32_t n = read_actors(actors_path, &names, &sizes, &aline, e);
    if (n < 0) return NULL;

    /* Duplicate names: sort by name, neighbours collide. */
    sorted = gs_malloc((size_t)n, sizeof *sorted, "actors", e);
    if (!sorted) goto fail;
    for (int32_t i = 0; i < n; i++) sorted[i] = i;
    if (sort_idx(sorted, n, NULL, names, e)) goto fail;
    for (int32_t k = 1; k < n; k++)
        if (!strcmp(names[sorted[k]], names[sorted[k - 1]])) {
            /* sorted is stable by index: sorted[k] is the later line. */
            gs_err_set(e, GS_EINPUT, "%s:%d: duplicate actor '%s' (first on line %d)",
                       actors_path, aline[sorted[k]], names[sorted[k]], aline[sorted[k - 1]]);
            goto fail;
        }

    l = gs_land_alloc(n, e);
    if (!l) goto fail;
    for (int32_t i = 0; i < n; i++) {
        l->name[i] = names[i];
        names[i] = NULL;
        l->s[i] = sizes[i];
    }

    c = gs_csv_open(matrix_path, e);
    if (!c) goto fail;
    int ncols = gs_csv_ncols(c);
    colact = gs_malloc((size_t)ncols, sizeof *colact, "matrix columns", e);
    rline = gs_calloc((size_t)n, sizeof *rline, "matrix rows", e);
    rowseq = gs_malloc((size_t)n, sizeof *rowseq, "matrix rows", e);
    if (!colact || !rline || !rowseq) goto fail;
    colact[0] = -1;
    for (int k = 1; k < ncols; k++) {
        colact[k] = lookup(l->name, sorted, n, gs_csv_colname(c, k));
        if (colact[k] < 0) {
            gs_err_set(e, GS_EINPUT, "%s:1: column '%s' is not an actor of %s", matrix_path,
                       gs_csv_colname(c, k), actors_path);
            goto fail;
        }
    }
    /* Header names are unique (csv.h) and all actors: a short header misses one. */
    if (ncols - 1 != n) {
        for (int32_t i = 0; i < n; i++) {
            int k;
            for (k = 1; k < ncols && colact[k] != i; k++) {}
            if (k == ncols) {
                gs_err_set(e, GS_EINPUT,
                           "%s:1: no column for actor '%s' (the first column holds row names)",
                           matrix_path, l->name[i]);
                goto fail;
            }
        }
    }
    int r, nrows = 0;
    while ((r = gs_csv_next(c, e)) == 1) {
        const char *rn = gs_csv_field(c, 0);
        int32_t a = lookup(l->name, sorted, n, rn);
        if (a < 0) {
            gs_csv_fail(c, 0, e, "row '%s' is not an actor of %s", rn, actors_path);
            goto fail;
        }
        if (rline[a]) {
            gs_csv_fail(c, 0, e, "duplicate row '%s' (first on line %d)", rn, rline[a]);
            goto fail;
        }
        rline[a] = gs_csv_line(c);
        rowseq[nrows++] = a;
        for (int k = 1; k < ncols; k++) {
            double v = 0;
            int rc = gs_csv_double(c, k, &v, e);
            if (rc < 0) goto fail;
            if (rc == 1) {
                gs_csv_fail(c, k, e, "empty cell p[%s][%s]", rn, gs_csv_colname(c, k));
                goto fail;
            }
            if (colact[k] == a && v != 0) {
                gs_csv_fail(c, k, e, "p[%s][%s] = %s: the diagonal must be 0", rn, rn,
                            num(v, b1, sizeof b1));
                goto fail;
            }
            l->p[(size_t)a * n + colact[k]] = v;
        }
    }
    if (r < 0) goto fail;
    for (int32_t i = 0; i < n; i++)
        if (!rline[i]) {
            gs_err_set(e, GS_EINPUT, "%s:%d: no row for actor '%s'", matrix_path,
                       gs_csv_line(c), l->name[i]);
            goto fail;
        }
    /* Symmetry, reported where it first shows in file order: at the later
     * of the two rows, the earliest column. */
    for (int q = 0; q < nrows; q++) {
        int32_t a = rowseq[q];
        for (int k = 1; k < ncols; k++) {
            int32_t bb = colact[k];
            if (rline[bb] >= rline[a]) continue;
            double x = l->p[(size_t)a * n + bb], y = l->p[(size_t)bb * n + a];
            if (x != y) {
                gs_err_set(e, GS_EINPUT, "%s:%d: p[%s][%s] = %s but p[%s][%s] = %s (line %d)",
                           matrix_path, rline[a], l->name[a], l->name[bb], num(x, b1, sizeof b1),
                           l->name[bb], l->name[a], num(y, b2, sizeof b2), rline[bb]);
                goto fail;
            }
        }
    }
    if (gs_land_check(l, e)) goto fail;
    goto done;
fail:
    gs_land_free(l);
    l = NULL;
done:
    gs_csv_close(c);
    if (names)
        for (int32_t i = 0; i < n; i++) free(names[i]);
    free(names);
    free(sizes);
    free(aline);
    free(rline);
    free(sorted);
    free(colact);
    free(rowseq);
    return l;
}

gs_land *gs_land_from_world(const gs_world *w, const gs_params *p, gs_err *e)
{
    int32_t N = w->n;
    int32_t n = p->land_top > 0 && p->land_top < N ? (int32_t)p->land_top : N;
    gs_land *l = NULL;
    int32_t *order = NULL;
    const double *gdp = w->attr[GS_A_GDP];
    if (n > GS_LAND_MAX_ACTORS) {
        gs_err_set(e, GS_EINPUT,
                   "landscape: %d nations is too many for a dense propensity matrix (at most "
                   "%d); set landscape.top", (int)n, GS_LAND_MAX_ACTORS);
        return NULL;
    }
    if (n < 2) {
        if (N < 2)
            gs_err_set(e, GS_EINPUT, "landscape: the world has %d nation(s), at least 2 needed",
                       (int)N);
        else
            gs_err_set(e, GS_EINPUT, "landscape: landscape.top = %d leaves %d actor, at least 2 "
                       "needed (0 = all nations)", (int)p->land_top, (int)n);
        return NULL;
    }
    /* Every nation needs a GDP, selected or not: the selection sorts by it. */
    for (int32_t i = 0; i < N; i++)
        if (!isfinite(gdp[i]) || !(gdp[i] > 0)) {
            gs_err_set(e, GS_EINPUT,
                       "landscape: nation %s has gdp_usd = %g; landscape sizes are GDP shares "
                       "and need a positive GDP", w->iso3[i], gdp[i]);
            return NULL;
        }
    order = gs_malloc((size_t)N, sizeof *order, "landscape order", e);
    if (!order) goto fail;
    for (int32_t i = 0; i < N; i++) order[i] = i;
    if (sort_idx(order, N, gdp, NULL, e)) goto fail;
    l = gs_land_alloc(n, e);
    if (!l) goto fail;
    for (int32_t a = 0; a < n; a++)
        if (gs_land_set_name(l, a, w->iso3[order[a]], e)) goto fail;
    /* The formula itself lives in models/ (the alignment rule uses it too). */
    if (gs_land_world_fill(w, NULL, p, order, n, l->s, l->p, e)) goto fail;
    if (gs_land_check(l, e)) goto fail;
    goto done;
fail:
    gs_land_free(l);
    l = NULL;
done:
    free(order);
    return l;
}
