/* world_fixture.c - see world_fixture.h. */
#include "world_fixture.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *fx_alloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) {
        fprintf(stderr, "world_fixture: out of memory\n");
        abort();
    }
    return p;
}

static char *fx_strdup(const char *s)
{
    char *d = fx_alloc(strlen(s) + 1, 1);
    memcpy(d, s, strlen(s) + 1);
    return d;
}

gs_world *fx_world(int32_t n)
{
    gs_world *w = fx_alloc(1, sizeof *w);
    size_t un = (size_t)n;
    w->n = n;
    w->kind = 0;
    w->iso3 = fx_alloc(un, sizeof *w->iso3);
    w->name = fx_alloc(un, sizeof *w->name);
    w->region = fx_alloc(un, sizeof *w->region);
    w->subregion = fx_alloc(un, sizeof *w->subregion);
    w->nregions = w->nsubregions = 1;
    w->region_names = fx_alloc(1, sizeof(char *));
    w->subregion_names = fx_alloc(1, sizeof(char *));
    w->region_names[0] = fx_strdup("R0");
    w->subregion_names[0] = fx_strdup("S0");
    for (int32_t i = 0; i < n; i++) {
        snprintf(w->iso3[i], sizeof w->iso3[i], "N%d", (int)(i % 1000000));
        w->name[i] = fx_strdup(w->iso3[i]);
    }
    for (int a = 0; a < GS_NATTR; a++) w->attr[a] = fx_alloc(un, sizeof(double));
    fx_attr_all(w, GS_A_POPULATION, 1e7);
    fx_attr_all(w, GS_A_GDP, 1e11);
    fx_attr_all(w, GS_A_GDPPC, 1e4);
    fx_attr_all(w, GS_A_INTERNET, 50);
    fx_attr_all(w, GS_A_ELECTRICITY, 90);
    fx_attr_all(w, GS_A_LIBDEM, 0.5);
    fx_attr_all(w, GS_A_BRI_YEAR, NAN);
    fx_attr_all(w, GS_A_BRI_EXIT, NAN);
    w->imputed = fx_alloc(un, sizeof *w->imputed);
    w->pole[0] = w->pole[1] = w->pole[2] = -1;
    w->init_align = fx_alloc(un, 1);
    w->init_track = fx_alloc(un, 1);
    memset(w->init_align, -1, un);
    memset(w->init_track, -1, un);
    for (int l = 0; l < GS_NLAYER; l++) fx_layer(w, l, 0, NULL, NULL, NULL);
    w->source = fx_strdup("test fixture");
    return w;
}

void fx_poles(gs_world *w, int32_t us, int32_t cn)
{
    w->pole[1] = us;
    w->pole[2] = cn;
}

void fx_attr_all(gs_world *w, int a, double v)
{
    for (int32_t i = 0; i < w->n; i++) w->attr[a][i] = v;
}

static void csr_free(gs_csr *g)
{
    free(g->rowptr);
    free(g->col);
    free(g->w);
    free(g->wsum);
    memset(g, 0, sizeof *g);
}

void fx_layer(gs_world *w, int l, size_t m, const int32_t *src, const int32_t *dst,
              const double *wt)
{
    gs_csr *g = &w->layer[l];
    csr_free(g);
    size_t n = (size_t)w->n;
    g->rowptr = fx_alloc(n + 1, sizeof *g->rowptr);
    g->col = fx_alloc(2 * m, sizeof *g->col);
    g->w = fx_alloc(2 * m, sizeof *g->w);
    g->wsum = fx_alloc(n, sizeof *g->wsum);
    for (size_t k = 0; k < m; k++) {
        g->rowptr[src[k] + 1]++;
        g->rowptr[dst[k] + 1]++;
    }
    for (size_t i = 0; i < n; i++) g->rowptr[i + 1] += g->rowptr[i];
    int64_t *fill = fx_alloc(n, sizeof *fill);
    for (size_t i = 0; i < n; i++) fill[i] = g->rowptr[i];
    for (size_t k = 0; k < m; k++) {
        double x = wt ? wt[k] : 1.0;
        int32_t a = src[k], b = dst[k];
        g->col[fill[a]] = b;
        g->w[fill[a]++] = (float)x;
        g->col[fill[b]] = a;
        g->w[fill[b]++] = (float)x;
        g->wsum[a] += x;
        g->wsum[b] += x;
    }
    free(fill);
    g->nnz = (int64_t)(2 * m);
}

void fx_ring(gs_world *w, int l)
{
    size_t n = (size_t)w->n;
    int32_t *s = fx_alloc(n, sizeof *s), *d = fx_alloc(n, sizeof *d);
    for (size_t i = 0; i < n; i++) {
        s[i] = (int32_t)i;
        d[i] = (int32_t)((i + 1) % n);
    }
    fx_layer(w, l, n, s, d, NULL);
    free(s);
    free(d);
}

void fx_free(gs_world *w)
{
    if (!w) return;
    free(w->iso3);
    for (int32_t i = 0; i < w->n; i++) free(w->name[i]);
    free(w->name);
    free(w->region);
    free(w->subregion);
    free(w->region_names[0]);
    free(w->subregion_names[0]);
    free(w->region_names);
    free(w->subregion_names);
    for (int a = 0; a < GS_NATTR; a++) free(w->attr[a]);
    free(w->imputed);
    free(w->init_align);
    free(w->init_track);
    for (int l = 0; l < GS_NLAYER; l++) csr_free(&w->layer[l]);
    free(w->source);
    free(w);
}

gs_h5_meta fx_meta(const gs_world *w, int64_t npoints, int64_t nreps, int32_t ntimes,
                   const double *times, int level)
{
    gs_h5_meta m = {0};
    m.world = w;
    m.config_text = "[scenario]\n";
    m.command = "test";
    m.scenario = "test.ini";
    m.seed = 1;
    m.npoints = npoints;
    m.nreplicates = nreps;
    m.ntimes = ntimes;
    m.times = times;
    m.level = level;
    return m;
}
