/* world_layers.c - the network layers of a data world, built in igraph and
 * converted to CSR, plus the igraph error guard the world module uses.
 *
 * Layers (DESIGN.md §3).  Every layer is undirected, without self-loops; a
 * pair listed twice in one layer gets one edge whose weight is the sum.
 *   border    land borders (borders.csv), weight world.w_border each.
 *   trade     gravity: g(i,j) = (G_i^a G_j^b + G_j^a G_i^b) / 2 / D_ij^c with
 *             G the GDP in current USD, D the great-circle (haversine, R =
 *             6371 km) distance between capitals floored at 100 km (two
 *             capitals closer than that, or a data error putting them on
 *             the same point, would otherwise dominate the layer), and
 *             a, b, c = world.trade_a/b/c.  The two directed flows are
 *             averaged so that the weight is symmetric for any a != b (for
 *             a == b it is the plain gravity term).  Each nation keeps its
 *             world.trade_k heaviest partners; the union of those choices
 *             is the edge set (so a nation may have more than k partners),
 *             each edge carrying g(i,j).  The weights are then scaled so
 *             that the mean edge weight is 1: raw gravity values span
 *             twenty orders of magnitude and their unit is arbitrary, so this
 *             gives gamma_trade the same scale as the unit-weight layers.
 *   alliance  pairs of nations in the same U.S. treaty system: NATO members
 *             pairwise, Rio Treaty parties pairwise, and ANZUS (AUS-NZL, when
 *             both are us_treaty allies).  The other bilateral treaty allies
 *             (JPN, KOR, PHL, THA) each form a system with the U.S. alone,
 *             so they get no alliance edge: their tie to the U.S. enters the
 *             utility through tau_treaty, not as a hub edge.  w_alliance per
 *             shared system.
 *   bloc      SCO co-members pairwise, BRICS co-members pairwise, and nations
 *             with a BRI document in force that are in the same M49 region
 *             pairwise; w_bloc per shared bloc (summed).
 *   region    same M49 subregion pairwise, weight w_region (weak).
 * Tie-derived layers (alliance, bloc, region) never have an edge incident to
 * a pole (USA, CHN): the poles' ties enter only via tau (no double count).
 * Border and trade layers include the poles as ordinary nodes.  Edges of
 * weight 0 (a layer weight set to 0) are dropped. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "world_impl.h"

/* ------------------------------------------------------------------------
 * igraph guard.  igraph's error handler gets no context pointer, so the last
 * message has to live in a thread-local buffer: the only mutable static in
 * the module, and harmless because igraph runs on the main thread only. */
static _Thread_local char igraph_msg[512];

static void record_error(const char *reason, const char *file, int line, igraph_error_t err)
{
    (void)file;
    (void)line;
    snprintf(igraph_msg, sizeof igraph_msg, "%s", reason ? reason : igraph_strerror(err));
    for (char *c = igraph_msg; *c; c++)
        if (*c == '\n' || *c == '\r') *c = ' ';
    size_t l = strlen(igraph_msg);
    while (l && igraph_msg[l - 1] == ' ') igraph_msg[--l] = '\0';
    IGRAPH_FINALLY_FREE();
}

void gs_igraph_begin(gs_igraph_guard *g, int attributes)
{
    igraph_msg[0] = '\0';
    g->old_err = igraph_set_error_handler(record_error);
    g->old_warn = igraph_set_warning_handler(igraph_warning_handler_ignore);
    g->attributes = attributes;
    g->old_attr = attributes ? igraph_set_attribute_table(&igraph_cattribute_table) : NULL;
}

void gs_igraph_end(gs_igraph_guard *g)
{
    if (g->attributes) igraph_set_attribute_table(g->old_attr);
    igraph_set_warning_handler(g->old_warn);
    igraph_set_error_handler(g->old_err);
}

const char *gs_igraph_msg(void)
{
    return igraph_msg;
}

int gs_igraph_fail(igraph_error_t rc, gs_err *e, const char *what)
{
    if (rc == IGRAPH_ENOMEM) return gs_err_set(e, GS_ERUN, "%s: out of memory", what);
    return gs_err_set(e, GS_ERUN, "%s: igraph: %s", what,
                      igraph_msg[0] ? igraph_msg : igraph_strerror(rc));
}

/* ------------------------------------------------------------------------
 * CSR conversion. */

void gs_csr_free(gs_csr *c)
{
    if (!c) return;
    free(c->rowptr);
    free(c->col);
    free(c->w);
    free(c->wsum);
    memset(c, 0, sizeof *c);
}

int gs_csr_empty(gs_csr *c, int32_t n, gs_err *e)
{
    memset(c, 0, sizeof *c);
    c->rowptr = gs_calloc((size_t)n + 1, sizeof *c->rowptr, "layer", e);
    c->col = gs_malloc(1, sizeof *c->col, "layer", e);
    c->w = gs_malloc(1, sizeof *c->w, "layer", e);
    c->wsum = gs_calloc((size_t)n, sizeof *c->wsum, "layer", e);
    if (!c->rowptr || !c->col || !c->w || !c->wsum) {
        gs_csr_free(c);
        return GS_ERUN;
    }
    return GS_OK;
}

typedef struct {
    int32_t c;
    float w;
} entry;

static int entry_cmp(const void *a, const void *b)
{
    int32_t x = ((const entry *)a)->c, y = ((const entry *)b)->c;
    return (x > y) - (x < y);
}

/* Sorts one row by column: insertion sort for the short rows that dominate,
 * qsort for hubs. */
static void sort_row(entry *r, int64_t len)
{
    if (len > 32) {
        qsort(r, (size_t)len, sizeof *r, entry_cmp);
        return;
    }
    for (int64_t i = 1; i < len; i++) {
        entry x = r[i];
        int64_t j = i;
        while (j > 0 && r[j - 1].c > x.c) {
            r[j] = r[j - 1];
            j--;
        }
        r[j] = x;
    }
}

/* Edges are kept when their weight is > 0 as the float the CSR stores: a
 * positive double below the smallest float (a gravity weight between tiny
 * economies at large exponents) would be stored as 0, against w > 0. */
int gs_csr_from_igraph(gs_csr *out, const igraph_t *g, const igraph_vector_t *weights, gs_err *e)
{
    int rc = GS_ERUN;
    int64_t n = igraph_vcount(g), m = igraph_ecount(g);
    entry *ent = NULL;
    int64_t *cur = NULL;
    memset(out, 0, sizeof *out);
    if (n > INT32_MAX) return gs_err_set(e, GS_EINPUT, "graph of %lld nodes is too large",
                                         (long long)n);
    out->rowptr = gs_calloc((size_t)n + 1, sizeof *out->rowptr, "layer", e);
    out->wsum = gs_calloc((size_t)n ? (size_t)n : 1, sizeof *out->wsum, "layer", e);
    cur = gs_malloc((size_t)n + 1, sizeof *cur, "layer", e);
    if (!out->rowptr || !out->wsum || !cur) goto done;
    for (int64_t k = 0; k < m; k++) {
        int64_t a = IGRAPH_FROM(g, k), b = IGRAPH_TO(g, k);
        double wk = weights ? VECTOR(*weights)[k] : 1.0;
        if (a == b || !((float)wk > 0)) continue;
        out->rowptr[a + 1]++;
        out->rowptr[b + 1]++;
    }
    for (int64_t i = 0; i < n; i++) out->rowptr[i + 1] += out->rowptr[i];
    int64_t nnz = out->rowptr[n];
    ent = gs_malloc((size_t)nnz ? (size_t)nnz : 1, sizeof *ent, "layer", e);
    if (!ent) goto done;
    memcpy(cur, out->rowptr, ((size_t)n + 1) * sizeof *cur);
    for (int64_t k = 0; k < m; k++) {
        int64_t a = IGRAPH_FROM(g, k), b = IGRAPH_TO(g, k);
        double wk = weights ? VECTOR(*weights)[k] : 1.0;
        if (a == b || !((float)wk > 0)) continue;
        ent[cur[a]++] = (entry){(int32_t)b, (float)wk};
        ent[cur[b]++] = (entry){(int32_t)a, (float)wk};
    }
    /* Sort rows and merge parallel edges, compacting in place. */
    int64_t wpos = 0;
    for (int64_t i = 0; i < n; i++) {
        int64_t s = out->rowptr[i], t = out->rowptr[i + 1];
        sort_row(ent + s, t - s);
        out->rowptr[i] = wpos;
        for (int64_t k = s; k < t; k++) {
            if (wpos > out->rowptr[i] && ent[wpos - 1].c == ent[k].c)
                ent[wpos - 1].w += ent[k].w;
            else
                ent[wpos++] = ent[k];
        }
    }
    out->rowptr[n] = wpos;
    out->nnz = wpos;
    out->col = gs_malloc((size_t)wpos ? (size_t)wpos : 1, sizeof *out->col, "layer", e);
    out->w = gs_malloc((size_t)wpos ? (size_t)wpos : 1, sizeof *out->w, "layer", e);
    if (!out->col || !out->w) goto done;
    for (int64_t k = 0; k < wpos; k++) {
        out->col[k] = ent[k].c;
        out->w[k] = ent[k].w;
    }
    for (int64_t i = 0; i < n; i++) {
        double s = 0;
        for (int64_t k = out->rowptr[i]; k < out->rowptr[i + 1]; k++) s += out->w[k];
        out->wsum[i] = s;
    }
    rc = GS_OK;
done:
    free(ent);
    free(cur);
    if (rc != GS_OK) gs_csr_free(out);
    return rc;
}

int gs_csr_from_edges(gs_csr *out, int32_t n, const igraph_vector_int_t *edges,
                      const igraph_vector_t *weights, gs_err *e)
{
    igraph_t g;
    gs_igraph_guard guard;
    gs_igraph_begin(&guard, 0);
    igraph_error_t irc = igraph_create(&g, edges, n, IGRAPH_UNDIRECTED);
    int rc;
    if (irc != IGRAPH_SUCCESS) {
        rc = gs_igraph_fail(irc, e, "building a layer");
    } else {
        rc = gs_csr_from_igraph(out, &g, weights, e);
        igraph_destroy(&g);
    }
    gs_igraph_end(&guard);
    return rc;
}

int gs_csr_to_igraph(const gs_csr *c, int32_t n, igraph_t *g, igraph_vector_t *weights,
                     gs_err *e)
{
    igraph_vector_int_t ev;
    int64_t m = c->nnz / 2 + 1;
    igraph_error_t irc = igraph_vector_int_init(&ev, 0);
    if (irc != IGRAPH_SUCCESS) return gs_igraph_fail(irc, e, "layer graph");
    if ((irc = igraph_vector_int_reserve(&ev, 2 * m)) != IGRAPH_SUCCESS) goto fail_ev;
    if (weights) {
        if ((irc = igraph_vector_init(weights, 0)) != IGRAPH_SUCCESS) goto fail_ev;
        if ((irc = igraph_vector_reserve(weights, m)) != IGRAPH_SUCCESS) goto fail_w;
    }
    for (int32_t i = 0; i < n; i++)
        for (int64_t k = c->rowptr[i]; k < c->rowptr[i + 1]; k++) {
            if (c->col[k] <= i) continue;
            igraph_vector_int_push_back(&ev, i); /* reserved: cannot fail */
            igraph_vector_int_push_back(&ev, c->col[k]);
            if (weights) igraph_vector_push_back(weights, c->w[k]);
        }
    if ((irc = igraph_create(g, &ev, n, IGRAPH_UNDIRECTED)) != IGRAPH_SUCCESS) goto fail_w;
    igraph_vector_int_destroy(&ev);
    return GS_OK;
fail_w:
    if (weights) igraph_vector_destroy(weights);
fail_ev:
    igraph_vector_int_destroy(&ev);
    return gs_igraph_fail(irc, e, "layer graph");
}

/* ------------------------------------------------------------------------
 * Gravity. */

double gs_world_haversine_km(double lat1, double lon1, double lat2, double lon2)
{
    const double rad = M_PI / 180.0;
    double p1 = lat1 * rad, p2 = lat2 * rad;
    double dp = (lat2 - lat1) * rad, dl = (lon2 - lon1) * rad;
    double s = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
    if (s > 1) s = 1;
    if (s < 0) s = 0;
    return 2 * GS_EARTH_RADIUS_KM * asin(sqrt(s));
}

double gs_world_gravity(const gs_world *w, const gs_params *p, double gscale, int32_t i, int32_t j)
{
    const double *lat = w->attr[GS_A_LAT], *lon = w->attr[GS_A_LON], *gdp = w->attr[GS_A_GDP];
    double d = gs_world_haversine_km(lat[i], lon[i], lat[j], lon[j]);
    if (d < GS_TRADE_DMIN_KM) d = GS_TRADE_DMIN_KM;
    double gi = gdp[i] / gscale, gj = gdp[j] / gscale;
    double flow = 0.5 * (pow(gi, p->trade_a) * pow(gj, p->trade_b) +
                         pow(gj, p->trade_a) * pow(gi, p->trade_b));
    return flow / pow(d / 1000.0, p->trade_c);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Trade layer (top-k union of gravity partners, mean weight 1) and the trade
 * dependences over the full gravity weights. */
static int trade_layer(gs_world *w, const gs_params *p, double *dep_us, double *dep_cn,
                       gs_err *e)
{
    int rc = GS_ERUN;
    int32_t n = w->n;
    int64_t k = p->trade_k < n - 1 ? p->trade_k : n - 1;
    int32_t *topj = NULL;
    double *topw = NULL;
    int64_t *pairs = NULL, npairs = 0;
    igraph_vector_int_t edges;
    igraph_vector_t wts;
    int have_e = 0, have_w = 0;
    double gscale = 0;
    for (int32_t i = 0; i < n; i++)
        if (w->attr[GS_A_GDP][i] > gscale) gscale = w->attr[GS_A_GDP][i];
    if (!(gscale > 0)) gscale = 1;

    topj = gs_malloc((size_t)k + 1, sizeof *topj, "trade layer", e);
    topw = gs_malloc((size_t)k + 1, sizeof *topw, "trade layer", e);
    pairs = gs_malloc((size_t)n * (size_t)(k + 1), sizeof *pairs, "trade layer", e);
    if (!topj || !topw || !pairs) goto done;
    int32_t us = w->pole[GS_US], cn = w->pole[GS_CN];
    for (int32_t i = 0; i < n; i++) {
        int64_t cnt = 0;
        double tot = 0;
        for (int32_t j = 0; j < n; j++) {
            if (j == i) continue;
            double g = gs_world_gravity(w, p, gscale, i, j);
            tot += g;
            if (!(g > 0) || k == 0) continue;
            if (cnt == k && g <= topw[k - 1]) continue;
            /* Insert into the descending top list; on ties the lower index
             * (seen first) stays ahead, so the choice is deterministic. */
            int64_t pos = cnt < k ? cnt++ : k - 1;
            while (pos > 0 && topw[pos - 1] < g) {
                topw[pos] = topw[pos - 1];
                topj[pos] = topj[pos - 1];
                pos--;
            }
            topw[pos] = g;
            topj[pos] = j;
        }
        for (int64_t t = 0; t < cnt; t++) {
            int64_t a = i < topj[t] ? i : topj[t], b = i < topj[t] ? topj[t] : i;
            pairs[npairs++] = a * (int64_t)n + b;
        }
        dep_us[i] = (i == us || us < 0 || !(tot > 0)) ? 0 : gs_world_gravity(w, p, gscale, i, us) / tot;
        dep_cn[i] = (i == cn || cn < 0 || !(tot > 0)) ? 0 : gs_world_gravity(w, p, gscale, i, cn) / tot;
    }
    qsort(pairs, (size_t)npairs, sizeof *pairs, cmp_i64);
    if (igraph_vector_int_init(&edges, 0) != IGRAPH_SUCCESS) goto oom;
    have_e = 1;
    if (igraph_vector_init(&wts, 0) != IGRAPH_SUCCESS) goto oom;
    have_w = 1;
    double sum = 0;
    int64_t ne = 0;
    for (int64_t t = 0; t < npairs; t++) {
        if (t > 0 && pairs[t] == pairs[t - 1]) continue;
        int32_t a = (int32_t)(pairs[t] / n), b = (int32_t)(pairs[t] % n);
        double g = gs_world_gravity(w, p, gscale, a, b);
        if (igraph_vector_int_push_back(&edges, a) || igraph_vector_int_push_back(&edges, b) ||
            igraph_vector_push_back(&wts, g))
            goto oom;
        sum += g;
        ne++;
    }
    if (ne > 0 && sum > 0)
        for (int64_t t = 0; t < ne; t++) VECTOR(wts)[t] *= (double)ne / sum;
    rc = gs_csr_from_edges(&w->layer[GS_L_TRADE], n, &edges, &wts, e);
    goto done;
oom:
    rc = gs_err_set(e, GS_ERUN, "out of memory (trade layer)");
done:
    if (have_e) igraph_vector_int_destroy(&edges);
    if (have_w) igraph_vector_destroy(&wts);
    free(topj);
    free(topw);
    free(pairs);
    return rc;
}

/* Appends every pair of members (a clique) with weight wt. */
static int add_clique(igraph_vector_int_t *edges, igraph_vector_t *wts, const int32_t *mem,
                      int32_t nm, double wt)
{
    for (int32_t x = 0; x < nm; x++)
        for (int32_t y = x + 1; y < nm; y++)
            if (igraph_vector_int_push_back(edges, mem[x]) ||
                igraph_vector_int_push_back(edges, mem[y]) || igraph_vector_push_back(wts, wt))
                return GS_ERUN;
    return GS_OK;
}

static int is_pole(const gs_world *w, int32_t i)
{
    return i == w->pole[GS_US] || i == w->pole[GS_CN];
}

/* Members (non-poles) with attribute a == 1 and, when grp != NULL, group
 * value grp[i] == g. */
static int32_t members(const gs_world *w, int a, const int32_t *grp, int32_t g, int32_t *out)
{
    int32_t nm = 0;
    for (int32_t i = 0; i < w->n; i++) {
        if (is_pole(w, i)) continue;
        if (a >= 0 && w->attr[a][i] != 1) continue;
        if (grp && grp[i] != g) continue;
        out[nm++] = i;
    }
    return nm;
}

/* The alliance, bloc and region layers. */
static int tie_layers(gs_world *w, const gs_params *p, gs_err *e)
{
    int rc = GS_ERUN;
    int32_t n = w->n;
    int32_t *mem = gs_malloc((size_t)n, sizeof *mem, "tie layers", e);
    igraph_vector_int_t edges;
    igraph_vector_t wts;
    int have = 0;
    if (!mem) return GS_ERUN;
    if (igraph_vector_int_init(&edges, 0)) goto oom;
    if (igraph_vector_init(&wts, 0)) {
        igraph_vector_int_destroy(&edges);
        goto oom;
    }
    have = 1;
    for (int layer = GS_L_ALLIANCE; layer <= GS_L_REGION; layer++) {
        double wt = p->layer_weight[layer];
        igraph_vector_int_clear(&edges);
        igraph_vector_clear(&wts);
        int32_t nm;
        if (layer == GS_L_ALLIANCE) {
            nm = members(w, GS_A_NATO, NULL, 0, mem);
            if (add_clique(&edges, &wts, mem, nm, wt)) goto oom;
            nm = members(w, GS_A_RIO, NULL, 0, mem);
            if (add_clique(&edges, &wts, mem, nm, wt)) goto oom;
            int32_t aus = gs_world_find(w, "AUS"), nzl = gs_world_find(w, "NZL");
            if (aus >= 0 && nzl >= 0 && w->attr[GS_A_US_TREATY][aus] == 1 &&
                w->attr[GS_A_US_TREATY][nzl] == 1 && !is_pole(w, aus) && !is_pole(w, nzl)) {
                int32_t anzus[2] = {aus, nzl};
                if (add_clique(&edges, &wts, anzus, 2, wt)) goto oom;
            }
        } else if (layer == GS_L_BLOC) {
            nm = members(w, GS_A_SCO, NULL, 0, mem);
            if (add_clique(&edges, &wts, mem, nm, wt)) goto oom;
            nm = members(w, GS_A_BRICS, NULL, 0, mem);
            if (add_clique(&edges, &wts, mem, nm, wt)) goto oom;
            for (int32_t r = 0; r < w->nregions; r++) {
                nm = members(w, GS_A_BRI, w->region, r, mem);
                if (add_clique(&edges, &wts, mem, nm, wt)) goto oom;
            }
        } else {
            for (int32_t s = 0; s < w->nsubregions; s++) {
                nm = members(w, -1, w->subregion, s, mem);
                if (add_clique(&edges, &wts, mem, nm, wt)) goto oom;
            }
        }
        gs_csr_free(&w->layer[layer]);
        if ((rc = gs_csr_from_edges(&w->layer[layer], n, &edges, &wts, e)) != GS_OK) goto done;
    }
    rc = GS_OK;
    goto done;
oom:
    rc = gs_err_set(e, GS_ERUN, "out of memory (tie layers)");
done:
    if (have) {
        igraph_vector_int_destroy(&edges);
        igraph_vector_destroy(&wts);
    }
    free(mem);
    return rc;
}

int gs_world_build_data_layers(gs_world *w, const gs_params *p, const igraph_vector_int_t *borders,
                               double *dep_us, double *dep_cn, gs_err *e)
{
    int rc;
    gs_csr_free(&w->layer[GS_L_BORDER]);
    if (borders) {
        igraph_vector_t wts;
        int64_t m = igraph_vector_int_size(borders) / 2;
        if (igraph_vector_init(&wts, m))
            return gs_err_set(e, GS_ERUN, "out of memory (border layer)");
        igraph_vector_fill(&wts, p->layer_weight[GS_L_BORDER]);
        rc = gs_csr_from_edges(&w->layer[GS_L_BORDER], w->n, borders, &wts, e);
        igraph_vector_destroy(&wts);
    } else {
        rc = gs_csr_empty(&w->layer[GS_L_BORDER], w->n, e);
    }
    if (rc != GS_OK) return rc;
    gs_csr_free(&w->layer[GS_L_TRADE]);
    if ((rc = trade_layer(w, p, dep_us, dep_cn, e)) != GS_OK) return rc;
    return tie_layers(w, p, e);
}
