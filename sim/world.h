/* world.h - the nations and their network layers, as plain C arrays.
 *
 * A gs_world is built once per run (from the data tables, a user's tables,
 * or a synthetic generator) and is read-only afterwards: every replicate and
 * thread shares it.  Nation attributes are one array per attribute
 * (attr[GS_A_*][i]); layers are CSR adjacency (symmetric: each undirected edge
 * is stored in both rows).  igraph is used to build layers and for metrics in
 * tests, on the main thread only; nothing here exposes igraph types. */
#ifndef GS_WORLD_H
#define GS_WORLD_H

#include <stdint.h>

#include "err.h"
#include "params.h"

/* Numeric nation attributes.  Memberships are 0/1.  Derived attributes
 * (chipdep, tradedep_cn, tradedep_us, threat) are computed by documented
 * rules at load time and may be overridden per nation.  The names (see
 * gs_attr_names) are the CSV columns and the keys of [nation.ISO3] sections
 * and of `nation.<attr>` events. */
enum {
    GS_A_LAT,
    GS_A_LON,
    GS_A_POPULATION,
    GS_A_GDP,
    GS_A_GDPPC,
    GS_A_INTERNET,
    GS_A_ELECTRICITY,
    GS_A_LIBDEM,
    GS_A_NATO,
    GS_A_RIO,
    GS_A_US_TREATY,
    GS_A_MNNA,
    GS_A_BRI,      /* 1 when a BRI document is in force (signed, not exited) */
    GS_A_BRI_YEAR, /* NAN when never signed */
    GS_A_BRI_EXIT, /* NAN when not exited */
    GS_A_SCO,
    GS_A_BRICS,
    GS_A_G7,
    GS_A_EU,
    GS_A_NAM,
    GS_A_GLOBAL_SOUTH,
    GS_A_CHIPDEP,
    GS_A_TRADEDEP_CN,
    GS_A_TRADEDEP_US,
    GS_A_THREAT,
    GS_NATTR
};
extern const char *const gs_attr_names[GS_NATTR];
/* Index of attribute name, or -1. */
int gs_attr_find(const char *name);

/* CSR adjacency of one layer. */
typedef struct gs_csr {
    int64_t *rowptr; /* n + 1 */
    int32_t *col;    /* rowptr[n] entries */
    float *w;        /* edge weights, > 0 */
    double *wsum;    /* per node: sum of its edge weights (0 for isolated) */
    int64_t nnz;     /* rowptr[n]: twice the number of undirected edges */
} gs_csr;

typedef struct gs_world {
    int32_t n;
    int kind;               /* GS_WORLD_* */
    int implicit_complete;  /* kind complete: layers empty, model uses global counts */
    char (*iso3)[12];       /* n codes: ISO3 for data worlds; "N" + zero-padded node
                             * index for synthetic ones ("N000042"; 7 digits and more
                             * when n > 10^6), so that 10^8 nodes fit */
    char **name;            /* n names (synthetic worlds: point into iso3, not owned) */
    int32_t *region;        /* index into region_names */
    int32_t *subregion;     /* index into subregion_names */
    char **region_names;
    int32_t nregions;
    char **subregion_names;
    int32_t nsubregions;
    double *attr[GS_NATTR]; /* attr[a][i] */
    uint32_t *imputed;      /* per nation, bit a set when attr a was imputed */
    int32_t pole[GS_NOPT];  /* node index of USA (GS_US) and CHN (GS_CN); -1 absent */
    int8_t *init_align;     /* n: -1 = use alignment.init rule, else option code */
    int8_t *init_track;     /* n: -1 = default rule, else track code */
    gs_csr layer[GS_NLAYER];
    char *source;           /* human-readable description of where the world came from */
} gs_world;

struct gs_config;

/* Builds the world the config describes: reads and validates the data
 * tables (or generates a synthetic world seeded from p->seed, igraph's RNG
 * seeded too), imputes missing cells (flagged in imputed[]), derives
 * attributes, builds every layer in igraph and converts it to CSR, and
 * applies [nation.ISO3] overrides.  Main thread only.  Returns NULL and
 * fills e ("FILE:LINE: message", GS_EINPUT; GS_ERUN out of memory). */
gs_world *gs_world_build(const struct gs_config *c, gs_err *e);

/* Frees w and everything it owns; accepts NULL. */
void gs_world_free(gs_world *w);

/* Node index of an ISO3 code, or -1 (linear scan; not for hot loops). */
int32_t gs_world_find(const gs_world *w, const char *iso3);

/* Writes the merged multi-layer graph as GraphML (igraph_write_graph_graphml):
 * vertex attributes iso3, name, region, population, gdp; one edge per layer
 * and undirected pair with edge attributes layer (string) and weight.  An
 * implicit complete world is written without edges.  Main thread only.
 * GS_EINPUT when path cannot be written, GS_ERUN on igraph failure. */
int gs_world_export_graphml(const gs_world *w, const char *path, gs_err *e);

/* Great-circle distance in km between two points given in degrees
 * (haversine, Earth radius GS_EARTH_RADIUS_KM). */
#define GS_EARTH_RADIUS_KM 6371.0
double gs_world_haversine_km(double lat1, double lon1, double lat2, double lon2);

/* Resolves a subset text (ISO3 list "JPN KOR", region or subregion name,
 * group name such as nato, bri, global_south; "" = all) to a 0/1 mask of
 * length n.  GS_EINPUT when a name is unknown. */
int gs_world_subset(const gs_world *w, const char *subset, uint8_t *mask, gs_err *e);

#endif
