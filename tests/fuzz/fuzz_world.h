/* fuzz_world.h - builds a data world from fuzzed tables (fuzz targets of the
 * nation, border and edge-list loaders) and checks what a successful build
 * promises: CSR layers with columns in range, no self-loops, symmetric
 * rows, finite positive weights, and per-node sums that match. */
#ifndef GS_FUZZ_WORLD_H
#define GS_FUZZ_WORLD_H

#include <math.h>

#include "../../sim/config.h"
#include "../../sim/world.h"
#include "fuzz_common.h"

/* A valid six-nation table: the fixed side when a target fuzzes borders or
 * edges (the poles USA and CHN must be present). */
static const char fz_nations6[] =
    "iso3,name,region,subregion,capital_lat,capital_lon,population,gdp_usd,internet_pct,"
    "electricity_pct,libdem,nato,rio,us_treaty,mnna,bri_year,bri_exit,sco,brics,g7,eu,nam,"
    "global_south\n"
    "USA,United States,Americas,Northern America,38.9,-77.0,335000000,27700000000000,92,100,"
    "0.75,1,1,0,0,,,0,0,1,0,0,0\n"
    "CAN,Canada,Americas,Northern America,45.4,-75.7,40000000,2100000000000,93,100,0.8,1,0,0,"
    "0,,,0,0,1,0,0,0\n"
    "MEX,Mexico,Americas,Latin America and the Caribbean,19.4,-99.1,128000000,1800000000000,"
    "76,100,0.4,0,0,0,0,,,0,0,0,0,0,0\n"
    "CHN,China,Asia,Eastern Asia,39.9,116.4,1410000000,17800000000000,77,100,0.05,0,0,0,0,"
    ",,1,1,0,0,0,0\n"
    "JPN,Japan,Asia,Eastern Asia,35.7,139.7,124000000,4200000000000,83,100,0.75,0,0,1,1,,,0,"
    "0,1,0,0,0\n"
    "KOR,South Korea,Asia,Eastern Asia,37.6,127.0,51700000,1700000000000,97,100,0.7,0,0,1,1,"
    "2013,2020,0,0,0,0,0,0\n";

static void fz_check_world(const gs_world *w)
{
    if (w->n < 2) {
        fprintf(stderr, "fuzz: world with %d nations\n", (int)w->n);
        abort();
    }
    for (int l = 0; l < GS_NLAYER; l++) {
        const gs_csr *c = &w->layer[l];
        if (!c->rowptr || c->rowptr[0] != 0 || c->rowptr[w->n] != c->nnz || c->nnz % 2) {
            fprintf(stderr, "fuzz: layer %d: bad rowptr\n", l);
            abort();
        }
        for (int32_t i = 0; i < w->n; i++) {
            double s = 0;
            for (int64_t k = c->rowptr[i]; k < c->rowptr[i + 1]; k++) {
                int32_t j = c->col[k];
                if (j < 0 || j >= w->n || j == i || !(c->w[k] > 0) || !isfinite(c->w[k])) {
                    fprintf(stderr, "fuzz: layer %d row %d: bad entry col %d weight %g\n", l,
                            (int)i, (int)j, (double)c->w[k]);
                    abort();
                }
                int back = 0; /* the undirected edge is stored in both rows */
                for (int64_t q = c->rowptr[j]; q < c->rowptr[j + 1]; q++)
                    if (c->col[q] == i && c->w[q] == c->w[k]) back = 1;
                if (!back) {
                    fprintf(stderr, "fuzz: layer %d: edge %d-%d not symmetric\n", l, (int)i,
                            (int)j);
                    abort();
                }
                s += c->w[k];
            }
            if (!isfinite(c->wsum[i]) || fabs(c->wsum[i] - s) > 1e-6 * (1 + fabs(s))) {
                fprintf(stderr, "fuzz: layer %d row %d: wsum %g, weights sum to %g\n", l, (int)i,
                        c->wsum[i], s);
                abort();
            }
        }
    }
}

/* Builds the world with the given table paths ("" for none) and checks it;
 * input errors are expected and only checked for being one line. */
static void fz_build_world(const char *nations, const char *borders, const char *edges)
{
    gs_err e = {0, ""};
    gs_config *c = gs_config_defaults(&e);
    if (!c) {
        fprintf(stderr, "fuzz: gs_config_defaults: %s\n", e.msg);
        abort();
    }
    snprintf(c->p.world_nations, sizeof c->p.world_nations, "%s", nations);
    snprintf(c->p.world_borders, sizeof c->p.world_borders, "%s", borders);
    snprintf(c->p.world_edges, sizeof c->p.world_edges, "%s", edges);
    gs_world *w = gs_world_build(c, &e);
    if (w) {
        fz_check_world(w);
        gs_world_free(w);
    } else {
        fz_check_error(e.code, e.msg);
    }
    gs_config_free(c);
}

#endif
