/* landscape_io.h - where a landscape's actors and propensities come from.
 *
 * Two sources, both ending in a checked gs_land (models/landscape.h):
 *  - user files: an actors table (CSV columns name,size) and a square
 *    propensity matrix (CSV: a header row whose first cell is any label and
 *    whose other cells are the actors' names, then one row per actor whose
 *    first cell is the actor's name).  Every bad cell is an input error
 *    "FILE:LINE: message"; an asymmetric matrix names the offending cell.
 *  - the world: sizes are GDP shares and propensities a documented linear
 *    formula of shared alliances, trade intensity and regime distance
 *    (models/README.md §6). */
#ifndef GS_LANDSCAPE_IO_H
#define GS_LANDSCAPE_IO_H

#include "../models/landscape.h"
#include "err.h"
#include "params.h"
#include "world.h"

/* Reads actors_path and matrix_path.  Actors: required columns name and size
 * (other columns ignored); names non-empty and unique; sizes finite and > 0;
 * at least 2 actors.  Matrix: the header's name cells and the rows' first
 * cells must each be the actors' set (any order; mapped by name); every
 * other cell a finite number; the diagonal 0; p[A][B] == p[B][A] exactly
 * (the same number written twice parses to the same double).  Returns NULL
 * and fills e (GS_EINPUT "FILE:LINE: ...", GS_ERUN out of memory).  The
 * caller frees with gs_land_free(). */
gs_land *gs_land_read(const char *actors_path, const char *matrix_path, gs_err *e);

/* Builds the landscape of the world's nations (all, or the p->land_top
 * largest by GDP), actors ordered by GDP (largest first, ties by world
 * order) and named by ISO3 code:
 *   s_i  = gdp_i / sum of the selected gdp
 *   p_ij = w_alliance * A_ij + w_trade * T_ij - w_regime * |libdem_i - libdem_j|
 * A_ij counts the groups both belong to among nato, rio, us_treaty, sco and
 * brics; T_ij = w_ij / sqrt(W_i W_j) with w_ij the trade layer's edge weight
 * (0 without an edge) and W_i the node's total trade weight.  GS_EINPUT when
 * a selected nation lacks a positive GDP or a finite libdem. */
gs_land *gs_land_from_world(const gs_world *w, const gs_params *p, gs_err *e);

#endif
