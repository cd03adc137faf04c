/* cmd_world.c - `govsim world SCENARIO [--export FILE.graphml] [--nation ISO3]
 * [--set KEY=VALUE]... [-s SEED]`: builds the scenario's world and prints
 * what it is made of (source, size, per-layer edges, degrees and connected
 * components, imputed cells per column, the five heaviest trade partners of
 * one nation), so that a user can check a world before running on it.
 * --export writes the merged multi-layer graph as GraphML. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "cmd_common.h"
#include "world_impl.h"

/* Connected components of one layer (igraph, main thread); -1 on failure. */
static long long components(const gs_world *w, int l, gs_err *e)
{
    igraph_t g;
    igraph_integer_t no = -1;
    if (gs_csr_to_igraph(&w->layer[l], w->n, &g, NULL, e) != GS_OK) return -1;
    igraph_error_t irc = igraph_connected_components(&g, NULL, NULL, &no, IGRAPH_WEAK);
    igraph_destroy(&g);
    if (irc != IGRAPH_SUCCESS) {
        gs_igraph_fail(irc, e, "components");
        return -1;
    }
    return (long long)no;
}

static int print_layers(const gs_world *w, gs_err *e)
{
    if (w->implicit_complete) {
        printf("layers: implicit complete graph: every pair linked (%.0f pairs, not stored); "
               "the model uses global counts\n",
               (double)w->n * (double)(w->n - 1) / 2);
        return GS_OK;
    }
    printf("%-9s %12s %9s %8s %8s %9s %11s\n", "layer", "edges", "mean_deg", "min_deg",
           "max_deg", "isolated", "components");
    gs_igraph_guard guard;
    gs_igraph_begin(&guard, 0);
    int rc = GS_OK;
    for (int l = 0; l < GS_NLAYER && rc == GS_OK; l++) {
        const gs_csr *c = &w->layer[l];
        int64_t mn = INT64_MAX, mx = 0, iso = 0;
        for (int32_t i = 0; i < w->n; i++) {
            int64_t d = c->rowptr[i + 1] - c->rowptr[i];
            if (d < mn) mn = d;
            if (d > mx) mx = d;
            iso += d == 0;
        }
        long long comp = components(w, l, e);
        if (comp < 0) {
            rc = e->code;
            break;
        }
        printf("%-9s %12lld %9.2f %8lld %8lld %9lld %11lld\n", gs_layer_names[l],
               (long long)(c->nnz / 2), (double)c->nnz / w->n, (long long)mn, (long long)mx,
               (long long)iso, comp);
    }
    gs_igraph_end(&guard);
    return rc;
}

static void print_imputed(const gs_world *w)
{
    int any = 0;
    printf("imputed cells:");
    for (int a = 0; a < GS_NATTR; a++) {
        int64_t cnt = 0;
        for (int32_t i = 0; i < w->n; i++) cnt += w->imputed[i] >> a & 1u;
        if (cnt) {
            printf("%s %s %lld", any ? "," : "", gs_attr_names[a], (long long)cnt);
            any = 1;
        }
    }
    printf("%s\n", any ? "" : " none");
}

static void print_partners(const gs_world *w, int32_t i)
{
    const gs_csr *c = &w->layer[GS_L_TRADE];
    int64_t s = c->rowptr[i], t = c->rowptr[i + 1];
    printf("top trade partners of %s (%s):", w->iso3[i], w->name[i]);
    if (w->implicit_complete) {
        printf(" every node (implicit complete graph)\n");
        return;
    }
    if (s == t) {
        printf(" none\n");
        return;
    }
    int64_t best[5];
    int nb = 0;
    for (int64_t k = s; k < t; k++) {
        if (nb == 5 && c->w[k] <= c->w[best[4]]) continue;
        int pos = nb < 5 ? nb++ : 4;
        while (pos > 0 && c->w[best[pos - 1]] < c->w[k]) {
            best[pos] = best[pos - 1];
            pos--;
        }
        best[pos] = k;
    }
    for (int q = 0; q < nb; q++)
        printf("%s %s %.3g (%.1f%%)", q ? "," : "", w->iso3[c->col[best[q]]], c->w[best[q]],
               100.0 * c->w[best[q]] / c->wsum[i]);
    printf("\n");
}

int gs_cmd_world(const gs_opts *o)
{
    gs_config *c = NULL;
    gs_world *w = NULL;
    gs_err e = {0};
    int rc = gs_cmd_load_config(o, o->pos[0], &c);
    if (rc) return rc;
    if ((rc = gs_cmd_build_world(c, &w)) != 0) goto done;
    int32_t focus = -1;
    if (o->nation) {
        for (int32_t i = 0; i < w->n && focus < 0; i++)
            if (!strcasecmp(w->iso3[i], o->nation)) focus = i;
        if (focus < 0) {
            fprintf(stderr, "govsim: world: --nation: no nation '%s' in the world\n", o->nation);
            rc = GS_EINPUT;
            goto done;
        }
    } else {
        focus = gs_world_find(w, "USA");
        if (focus < 0) focus = w->pole[GS_US] >= 0 ? w->pole[GS_US] : 0;
    }
    printf("world: %s\n", w->source ? w->source : "(unknown)");
    printf("nations: %d", (int)w->n);
    if (w->pole[GS_US] >= 0 && w->pole[GS_CN] >= 0)
        printf("  poles: us = %s, cn = %s", w->iso3[w->pole[GS_US]], w->iso3[w->pole[GS_CN]]);
    printf("  regions: %d  subregions: %d\n", (int)w->nregions, (int)w->nsubregions);
    if ((rc = print_layers(w, &e)) != GS_OK) {
        rc = gs_cmd_report(&e);
        goto done;
    }
    print_imputed(w);
    print_partners(w, focus);
    if (o->export_path) {
        if ((rc = gs_world_export_graphml(w, o->export_path, &e)) != GS_OK) {
            rc = gs_cmd_report(&e);
            goto done;
        }
        int64_t m = 0;
        for (int l = 0; l < GS_NLAYER; l++) m += w->layer[l].nnz / 2;
        printf("exported: %s (%d nodes, %lld edges)\n", o->export_path, (int)w->n, (long long)m);
    }
    rc = 0;
done:
    gs_world_free(w);
    gs_config_free(c);
    return rc;
}
