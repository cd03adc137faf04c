/* world_fixture.h - small gs_world structs built by hand for unit tests:
 * n nations with plain default attributes, optional poles, and CSR layers
 * from an edge list.  No files, no igraph; self-contained (this file is
 * linked into every unit test binary).  Helpers abort on out of memory. */
#ifndef GS_WORLD_FIXTURE_H
#define GS_WORLD_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "../../sim/h5out.h"
#include "../../sim/world.h"

/* n nations "N0", "N1", ... in one region and subregion; attributes:
 * population 1e7, gdp_usd 1e11, gdp_per_capita 1e4, internet_pct 50,
 * electricity_pct 90, libdem 0.5, memberships 0, bri_year/bri_exit NaN,
 * chipdep/tradedep/threat 0.  No poles (pole[] = -1), no edges,
 * init_align/init_track all -1. */
gs_world *fx_world(int32_t n);

/* Marks nodes us and cn as the poles (-1 for none). */
void fx_poles(gs_world *w, int32_t us, int32_t cn);

/* Sets attribute a of every nation to v. */
void fx_attr_all(gs_world *w, int a, double v);

/* Replaces layer l by the m undirected edges (src[k], dst[k]) with weights
 * wt[k] (wt NULL: 1).  Each edge is stored in both rows; wsum is filled. */
void fx_layer(gs_world *w, int l, size_t m, const int32_t *src, const int32_t *dst,
              const double *wt);

/* A ring on layer l: edges (i, i+1 mod n), weight 1. */
void fx_ring(gs_world *w, int l);

void fx_free(gs_world *w); /* accepts NULL */

/* A writer description of npoints x nreps tasks of ntimes output times on
 * w at output level `level`; config "[scenario]\n", command "test",
 * scenario "test.ini", seed 1, no sweep keys or priors (set them after). */
gs_h5_meta fx_meta(const gs_world *w, int64_t npoints, int64_t nreps, int32_t ntimes,
                   const double *times, int level);

#endif
