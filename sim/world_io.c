/* world_io.c - users' own edge lists (CSV or GraphML) and GraphML export.
 *
 * world.edges names a file of extra edges:
 *   .csv      columns source, target, layer and optionally weight (default 1);
 *             source and target are node codes (ISO3), layer is one of
 *             border, trade, alliance, bloc, region, weight > 0 and finite.
 *   .graphml  read with igraph: the node code is the vertex attribute
 *             "iso3" if present, else the GraphML node id ("id"), else
 *             "name"; edges carry a string attribute "layer" and optionally a
 *             numeric "weight" (default 1).  Directed files are read as
 *             undirected.
 * Every layer the file names REPLACES the layer of that name built from the
 * data (so a user can swap the gravity trade layer for observed trade); the
 * layers it does not name are kept.  Pairs listed twice in a layer get one
 * edge whose weight is the sum.  User layers are taken as given, including
 * edges incident to the poles.  Trade dependences (world.c) keep coming from
 * the gravity model.  Errors are one line: "FILE:LINE: ..." for CSV,
 * "FILE: ..." or "FILE:LINE: malformed GraphML: ..." for GraphML.
 *
 * gs_world_export_graphml writes the merged graph for Gephi and NetworkX. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "world_impl.h"

/* Edges being collected per layer. */
typedef struct {
    igraph_vector_int_t edges[GS_NLAYER];
    igraph_vector_t wts[GS_NLAYER];
    unsigned named; /* bit l: the file names layer l */
    int ready;
} user_edges;

static int ue_init(user_edges *u, gs_err *e)
{
    memset(u, 0, sizeof *u);
    for (int l = 0; l < GS_NLAYER; l++) {
        if (igraph_vector_int_init(&u->edges[l], 0)) goto oom;
        if (igraph_vector_init(&u->wts[l], 0)) {
            igraph_vector_int_destroy(&u->edges[l]);
            goto oom;
        }
        u->ready = l + 1;
    }
    return GS_OK;
oom:
    for (int l = 0; l < u->ready; l++) {
        igraph_vector_int_destroy(&u->edges[l]);
        igraph_vector_destroy(&u->wts[l]);
    }
    u->ready = 0;
    return gs_err_set(e, GS_ERUN, "out of memory (edge list)");
}

static void ue_free(user_edges *u)
{
    for (int l = 0; l < u->ready; l++) {
        igraph_vector_int_destroy(&u->edges[l]);
        igraph_vector_destroy(&u->wts[l]);
    }
    u->ready = 0;
}

static int ue_add(user_edges *u, int layer, int32_t a, int32_t b, double wt, gs_err *e)
{
    u->named |= 1u << layer;
    if (igraph_vector_int_push_back(&u->edges[layer], a) ||
        igraph_vector_int_push_back(&u->edges[layer], b) ||
        igraph_vector_push_back(&u->wts[layer], wt))
        return gs_err_set(e, GS_ERUN, "out of memory (edge list)");
    return GS_OK;
}

static int layer_index(const char *s)
{
    for (int l = 0; l < GS_NLAYER; l++)
        if (!strcmp(s, gs_layer_names[l])) return l;
    return -1;
}

#define LAYER_LIST "border, trade, alliance, bloc, region"

static int read_csv(const gs_world *w, const char *path, const int32_t *index, user_edges *u,
                    gs_err *e)
{
    int rc = GS_EINPUT;
    gs_csv *c = gs_csv_open(path, e);
    if (!c) return e ? e->code : GS_EINPUT;
    int cs = gs_csv_require(c, "source", e), ct = cs < 0 ? -1 : gs_csv_require(c, "target", e);
    int cl = ct < 0 ? -1 : gs_csv_require(c, "layer", e), cw = gs_csv_col(c, "weight");
    if (cs < 0 || ct < 0 || cl < 0) goto done;
    for (int k = 0; k < gs_csv_ncols(c); k++)
        if (k != cs && k != ct && k != cl && k != cw) {
            const char *cands[] = {"source", "target", "layer", "weight"};
            const char *near = gs_world_nearest(gs_csv_colname(c, k), cands, 4);
            rc = gs_err_set(e, GS_EINPUT, "%s:%d: unknown column '%s' (%s%s%s)", path,
                            gs_csv_line(c), gs_csv_colname(c, k), near ? "did you mean '" : "",
                            near ? near : "columns: source,target,layer,weight",
                            near ? "'?" : "");
            goto done;
        }
    int r;
    while ((r = gs_csv_next(c, e)) == 1) {
        int32_t v[2];
        const int cols[2] = {cs, ct};
        if (gs_world_csv_pair(w, index, c, cols, v, e) != GS_OK) {
            rc = e->code;
            goto done;
        }
        if (v[0] == v[1]) {
            rc = gs_csv_fail(c, -1, e, "self-loop %s-%s", w->iso3[v[0]], w->iso3[v[1]]);
            goto done;
        }
        int l = layer_index(gs_csv_field(c, cl));
        if (l < 0) {
            rc = gs_csv_fail(c, cl, e, "undeclared layer '%s' (layers: " LAYER_LIST ")",
                             gs_csv_field(c, cl));
            goto done;
        }
        double wt = 1;
        if (cw >= 0) {
            int q = gs_csv_double(c, cw, &wt, e);
            if (q < 0) goto done;
            if (q == 1) {
                rc = gs_csv_fail(c, cw, e, "empty (required when the column is there)");
                goto done;
            }
            if (!(wt > 0)) {
                rc = gs_csv_fail(c, cw, e, "weight must be > 0, got %g", wt);
                goto done;
            }
        }
        if ((rc = ue_add(u, l, v[0], v[1], wt, e)) != GS_OK) goto done;
    }
    rc = r < 0 ? (e ? e->code : GS_EINPUT) : GS_OK;
done:
    gs_csv_close(c);
    return rc;
}

/* Type of a vertex or edge attribute of g, or -1 when absent. */
static int attr_type(const igraph_t *g, int vertex, const char *name)
{
    igraph_strvector_t vn, en;
    igraph_vector_int_t vt, et;
    int t = -1;
    if (igraph_strvector_init(&vn, 0)) return -1;
    if (igraph_strvector_init(&en, 0)) goto s1;
    if (igraph_vector_int_init(&vt, 0)) goto s2;
    if (igraph_vector_int_init(&et, 0)) goto s3;
    if (igraph_cattribute_list(g, NULL, NULL, &vn, &vt, &en, &et) == IGRAPH_SUCCESS) {
        igraph_strvector_t *names = vertex ? &vn : &en;
        igraph_vector_int_t *types = vertex ? &vt : &et;
        for (igraph_integer_t k = 0; k < igraph_strvector_size(names); k++)
            if (!strcmp(igraph_strvector_get(names, k), name)) t = (int)VECTOR(*types)[k];
    }
    igraph_vector_int_destroy(&et);
s3:
    igraph_vector_int_destroy(&vt);
s2:
    igraph_strvector_destroy(&en);
s1:
    igraph_strvector_destroy(&vn);
    return t;
}

static int read_graphml(const gs_world *w, const char *path, const int32_t *index, user_edges *u,
                        gs_err *e)
{
    int rc = GS_EINPUT, have_g = 0;
    int32_t *map = NULL;
    igraph_t g;
    FILE *f = fopen(path, "r");
    if (!f) return gs_err_set(e, GS_EINPUT, "%s: cannot open: %s", path, strerror(errno));
    /* libxml2 calls an empty file "extra content at the end": say it plainly. */
    int ch = fgetc(f);
    if (ch == EOF) {
        fclose(f);
        return gs_err_set(e, GS_EINPUT, "%s: malformed GraphML: empty file", path);
    }
    ungetc(ch, f);
    igraph_error_t irc = igraph_read_graph_graphml(&g, f, 0);
    fclose(f);
    if (irc != IGRAPH_SUCCESS) {
        if (irc == IGRAPH_ENOMEM) return gs_err_set(e, GS_ERUN, "%s: out of memory", path);
        const char *m = gs_igraph_msg();
        int line = 0, off = 0;
        if (sscanf(m, "Line %d: %n", &line, &off) == 1 && off > 0)
            return gs_err_set(e, GS_EINPUT, "%s:%d: malformed GraphML: %s", path, line, m + off);
        return gs_err_set(e, GS_EINPUT, "%s: malformed GraphML: %s", path,
                          m[0] ? m : igraph_strerror(irc));
    }
    have_g = 1;
    const char *vattr = NULL;
    static const char *const vcands[] = {"iso3", "id", "name"};
    for (int k = 0; k < 3 && !vattr; k++)
        if (attr_type(&g, 1, vcands[k]) == IGRAPH_ATTRIBUTE_STRING) vattr = vcands[k];
    if (!vattr && igraph_vcount(&g) > 0) {
        rc = gs_err_set(e, GS_EINPUT, "%s: nodes have no string attribute iso3, id or name to "
                                      "identify them",
                        path);
        goto done;
    }
    int lt = attr_type(&g, 0, "layer"), wtt = attr_type(&g, 0, "weight");
    if (igraph_ecount(&g) > 0 && lt != IGRAPH_ATTRIBUTE_STRING) {
        rc = gs_err_set(e, GS_EINPUT, "%s: edges need a string attribute 'layer' (one of "
                                      LAYER_LIST ")",
                        path);
        goto done;
    }
    if (wtt >= 0 && wtt != IGRAPH_ATTRIBUTE_NUMERIC) {
        rc = gs_err_set(e, GS_EINPUT, "%s: the edge attribute 'weight' must be numeric", path);
        goto done;
    }
    igraph_integer_t nv = igraph_vcount(&g), ne = igraph_ecount(&g);
    map = gs_malloc((size_t)nv ? (size_t)nv : 1, sizeof *map, "edge list", e);
    if (!map) {
        rc = GS_ERUN;
        goto done;
    }
    for (igraph_integer_t v = 0; v < nv; v++) {
        const char *code = VAS(&g, vattr, v);
        map[v] = gs_world_lookup(w, index, code);
        if (map[v] < 0) {
            rc = gs_err_set(e, GS_EINPUT, "%s: node '%s' (%s of node %lld): unknown ISO3 (not in "
                                          "the nation table)",
                            path, code, vattr, (long long)v + 1);
            goto done;
        }
    }
    for (igraph_integer_t k = 0; k < ne; k++) {
        int32_t a = map[IGRAPH_FROM(&g, k)], b = map[IGRAPH_TO(&g, k)];
        const char *ln = EAS(&g, "layer", k);
        int l = layer_index(ln);
        double wt = wtt >= 0 ? EAN(&g, "weight", k) : 1.0;
        if (a == b) {
            rc = gs_err_set(e, GS_EINPUT, "%s: edge %lld: self-loop %s-%s", path, (long long)k + 1,
                            w->iso3[a], w->iso3[b]);
            goto done;
        }
        if (l < 0) {
            rc = gs_err_set(e, GS_EINPUT, "%s: edge %lld (%s-%s): undeclared layer '%s' (layers: "
                                          LAYER_LIST ")",
                            path, (long long)k + 1, w->iso3[a], w->iso3[b], ln);
            goto done;
        }
        if (!isfinite(wt) || !(wt > 0)) {
            rc = gs_err_set(e, GS_EINPUT, "%s: edge %lld (%s-%s): weight must be > 0 and finite, "
                                          "got %g",
                            path, (long long)k + 1, w->iso3[a], w->iso3[b], wt);
            goto done;
        }
        if ((rc = ue_add(u, l, a, b, wt, e)) != GS_OK) goto done;
    }
    rc = GS_OK;
done:
    if (have_g) igraph_destroy(&g);
    free(map);
    return rc;
}

static int has_ext(const char *path, const char *ext)
{
    size_t l = strlen(path), k = strlen(ext);
    return l > k && !strcasecmp(path + l - k, ext);
}

int gs_world_read_edges(gs_world *w, const char *path, gs_err *e)
{
    user_edges u;
    int rc;
    int graphml = has_ext(path, ".graphml") || has_ext(path, ".xml");
    if (!graphml && !has_ext(path, ".csv"))
        return gs_err_set(e, GS_EINPUT, "%s: unknown edge-list format (expected a .csv or "
                                        ".graphml file)",
                          path);
    int32_t *index = gs_world_index(w, e);
    if (!index) return GS_ERUN;
    if ((rc = ue_init(&u, e)) != GS_OK) {
        free(index);
        return rc;
    }
    gs_igraph_guard guard;
    gs_igraph_begin(&guard, graphml);
    rc = graphml ? read_graphml(w, path, index, &u, e) : read_csv(w, path, index, &u, e);
    /* A weight below the smallest float would be dropped by the CSR
     * conversion: say so instead of losing the edge. */
    for (int l = 0; l < GS_NLAYER && rc == GS_OK; l++)
        for (igraph_integer_t t = 0; t < igraph_vector_size(&u.wts[l]); t++)
            if (!((float)VECTOR(u.wts[l])[t] > 0)) {
                int32_t a = (int32_t)VECTOR(u.edges[l])[2 * t];
                int32_t b = (int32_t)VECTOR(u.edges[l])[2 * t + 1];
                rc = gs_err_set(e, GS_EINPUT, "%s: layer '%s', edge %s-%s: weight out of "
                                              "single-precision range (1.4e-45 to 3.4e38, "
                                              "a pair listed twice summed)",
                                path, gs_layer_names[l], w->iso3[a], w->iso3[b]);
                break;
            }
    for (int l = 0; l < GS_NLAYER && rc == GS_OK; l++) {
        if (!(u.named >> l & 1u)) continue;
        gs_csr_free(&w->layer[l]);
        rc = gs_csr_from_edges(&w->layer[l], w->n, &u.edges[l], &u.wts[l], e);
        if (rc != GS_OK) gs_csr_empty(&w->layer[l], w->n, NULL);
    }
    /* CSR weights are floats: a weight (or the sum of a pair listed twice)
     * beyond FLT_MAX became inf. */
    for (int l = 0; l < GS_NLAYER && rc == GS_OK; l++) {
        const gs_csr *c = &w->layer[l];
        if (!(u.named >> l & 1u)) continue;
        for (int32_t i = 0; i < w->n && rc == GS_OK; i++)
            for (int64_t k = c->rowptr[i]; k < c->rowptr[i + 1]; k++)
                if (!isfinite(c->w[k]) || !(c->w[k] > 0)) {
                    rc = gs_err_set(e, GS_EINPUT, "%s: layer '%s', edge %s-%s: weight out of "
                                                  "single-precision range (1.4e-45 to 3.4e38, "
                                                  "a pair listed twice summed)",
                                    path, gs_layer_names[l], w->iso3[i], w->iso3[c->col[k]]);
                    break;
                }
    }
    gs_igraph_end(&guard);
    ue_free(&u);
    free(index);
    return rc;
}

/* ------------------------------------------------------------------------
 * Export. */

static int export_graph(const gs_world *w, FILE *f, gs_err *e)
{
    igraph_t g;
    igraph_vector_int_t ev;
    igraph_vector_t wv, num;
    igraph_strvector_t sv;
    int have_g = 0, rc = GS_ERUN;
    igraph_error_t irc;
    int64_t m = 0;
    for (int l = 0; l < GS_NLAYER; l++) m += w->layer[l].nnz / 2;
    if ((irc = igraph_vector_int_init(&ev, 0))) return gs_igraph_fail(irc, e, "export");
    if ((irc = igraph_vector_init(&wv, 0))) goto f1;
    if ((irc = igraph_vector_init(&num, w->n))) goto f2;
    if ((irc = igraph_strvector_init(&sv, w->n))) goto f3;
    if ((irc = igraph_vector_int_reserve(&ev, 2 * m)) || (irc = igraph_vector_reserve(&wv, m)))
        goto f4;
    for (int l = 0; l < GS_NLAYER; l++) {
        const gs_csr *c = &w->layer[l];
        for (int32_t i = 0; i < w->n; i++)
            for (int64_t k = c->rowptr[i]; k < c->rowptr[i + 1]; k++)
                if (c->col[k] > i) {
                    igraph_vector_int_push_back(&ev, i); /* reserved */
                    igraph_vector_int_push_back(&ev, c->col[k]);
                    igraph_vector_push_back(&wv, c->w[k]);
                }
    }
    if ((irc = igraph_create(&g, &ev, w->n, IGRAPH_UNDIRECTED))) goto f4;
    have_g = 1;
    /* Vertex attributes. */
    for (int32_t i = 0; i < w->n; i++)
        if ((irc = igraph_strvector_set(&sv, i, w->iso3[i]))) goto f4;
    if ((irc = SETVASV(&g, "iso3", &sv))) goto f4;
    for (int32_t i = 0; i < w->n; i++)
        if ((irc = igraph_strvector_set(&sv, i, w->name[i] ? w->name[i] : w->iso3[i]))) goto f4;
    if ((irc = SETVASV(&g, "name", &sv))) goto f4;
    for (int32_t i = 0; i < w->n; i++)
        if ((irc = igraph_strvector_set(&sv, i, w->region_names[w->region[i]]))) goto f4;
    if ((irc = SETVASV(&g, "region", &sv))) goto f4;
    for (int32_t i = 0; i < w->n; i++) VECTOR(num)[i] = w->attr[GS_A_POPULATION][i];
    if ((irc = SETVANV(&g, "population", &num))) goto f4;
    for (int32_t i = 0; i < w->n; i++) VECTOR(num)[i] = w->attr[GS_A_GDP][i];
    if ((irc = SETVANV(&g, "gdp", &num))) goto f4;
    /* Edge attributes, in the order the edges were added (layer by layer). */
    if ((irc = igraph_strvector_resize(&sv, m))) goto f4;
    int64_t k = 0;
    for (int l = 0; l < GS_NLAYER; l++)
        for (int64_t t = 0; t < w->layer[l].nnz / 2; t++, k++)
            if ((irc = igraph_strvector_set(&sv, k, gs_layer_names[l]))) goto f4;
    if ((irc = SETEASV(&g, "layer", &sv))) goto f4;
    if ((irc = SETEANV(&g, "weight", &wv))) goto f4;
    if ((irc = igraph_write_graph_graphml(&g, f, 0))) goto f4;
    rc = GS_OK;
f4:
    igraph_strvector_destroy(&sv);
f3:
    igraph_vector_destroy(&num);
f2:
    igraph_vector_destroy(&wv);
f1:
    igraph_vector_int_destroy(&ev);
    if (have_g) igraph_destroy(&g);
    if (rc != GS_OK) return gs_igraph_fail(irc, e, "export");
    return GS_OK;
}

int gs_world_export_graphml(const gs_world *w, const char *path, gs_err *e)
{
    size_t len = strlen(path) + 16;
    char *tmp = gs_malloc(len, 1, "export", e);
    if (!tmp) return GS_ERUN;
    snprintf(tmp, len, "%s.partial", path);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        int rc = gs_err_set(e, GS_EINPUT, "%s: cannot write: %s", path, strerror(errno));
        free(tmp);
        return rc;
    }
    gs_igraph_guard guard;
    gs_igraph_begin(&guard, 1);
    int rc = export_graph(w, f, e);
    gs_igraph_end(&guard);
    if (fclose(f) != 0 && rc == GS_OK)
        rc = gs_err_set(e, GS_ERUN, "%s: write failed: %s", path, strerror(errno));
    if (rc == GS_OK && rename(tmp, path) != 0)
        rc = gs_err_set(e, GS_ERUN, "%s: cannot rename %s: %s", path, tmp, strerror(errno));
    if (rc != GS_OK) remove(tmp);
    free(tmp);
    return rc;
}
