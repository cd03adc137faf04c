/* world_impl.h - internals shared by the files of the world module
 * (world.c, world_data.c, world_layers.c, world_synth.c, world_io.c).
 *
 * Not for other modules: they see gs_world through world.h only, and never
 * igraph types.  Everything here runs on the main thread (igraph). */
#ifndef GS_WORLD_IMPL_H
#define GS_WORLD_IMPL_H

#include <igraph.h>

#include "csv.h"
#include "world.h"

/* --- igraph error handling (world_layers.c) ------------------------------
 * igraph's default error handler aborts.  gs_igraph_begin() installs a
 * handler that frees igraph's temporaries and records the message, silences
 * igraph's warnings, and (attributes != 0) installs the C attribute table that
 * GraphML needs; gs_igraph_end() restores what was there before.  Calls nest
 * correctly as long as each begin has its end. */
typedef struct gs_igraph_guard {
    igraph_error_handler_t *old_err;
    igraph_warning_handler_t *old_warn;
    igraph_attribute_table_t *old_attr;
    int attributes;
} gs_igraph_guard;

void gs_igraph_begin(gs_igraph_guard *g, int attributes);
void gs_igraph_end(gs_igraph_guard *g);
/* The message of the last error igraph reported on this thread ("" if none). */
const char *gs_igraph_msg(void);
/* Turns a failed igraph call into e: GS_ERUN "what: out of memory" for
 * IGRAPH_ENOMEM, else GS_ERUN "what: igraph: <message>".  Returns GS_ERUN. */
int gs_igraph_fail(igraph_error_t rc, gs_err *e, const char *what);

/* --- nodes (world.c) ---------------------------------------------------- */
/* Allocates every per-node array of w for n nodes: attributes NAN, imputed 0,
 * init_align/init_track -1, poles -1, codes "", names n NULL pointers to
 * fill; every layer an empty CSR.  GS_ERUN when out of memory. */
int gs_world_alloc_nodes(gs_world *w, int32_t n, gs_err *e);
/* Index of s in the string table (*names, *count), appending a copy when new;
 * -1 with e set when out of memory. */
int32_t gs_world_intern(char ***names, int32_t *count, const char *s, gs_err *e);

/* --- data tables (world_data.c) ----------------------------------------- */
/* Reads and validates the nation table at path into w (which must be
 * zeroed): codes, names, regions, attributes (empty cell = NAN).  *given gets
 * a per-nation bitmask (bit a set when attribute a had a value in the file);
 * the caller frees it.  *has_col gets the bitmask of attribute columns the
 * file has.  Does not impute or derive.  GS_EINPUT "FILE:LINE: ...". */
int gs_world_read_nations(gs_world *w, const char *path, uint32_t **given, uint32_t *has_col,
                          gs_err *e);
/* Reads the land-border table (a,b) into edges (pairs of node indices,
 * each undirected pair once, a < b, sorted).  Unknown ISO3, self-borders,
 * missing columns: GS_EINPUT "FILE:LINE: ...". */
int gs_world_read_borders(const gs_world *w, const char *path, igraph_vector_int_t *edges,
                          gs_err *e);
/* Checks v as a value of attribute a (the ranges the nation table enforces:
 * percentages in [0,100], libdem and derived shares in [0,1], memberships 0
 * or 1, years in [1900,2200], population and GDP >= 0, coordinates).  0 when
 * valid; else -1 with why (a phrase such as "must be 0 or 1") filled. */
int gs_world_check_value(int a, double v, char *why, size_t len);
/* A sorted index of node codes for fast lookup (n entries); caller frees. */
int32_t *gs_world_index(const gs_world *w, gs_err *e);
/* Node of code in the index from gs_world_index, or -1. */
int32_t gs_world_lookup(const gs_world *w, const int32_t *index, const char *code);
/* Reads the ISO3 codes in columns cols[0] and cols[1] of the current row of
 * c into node indices v[0], v[1].  GS_EINPUT with "FILE:LINE: column 'x':
 * ..." for an empty cell or a code not in the nation table.  Self-pairs are
 * left to the caller (borders and edges word them differently). */
int gs_world_csv_pair(const gs_world *w, const int32_t *index, const gs_csv *c,
                      const int cols[2], int32_t v[2], gs_err *e);
/* Closest candidate to name by edit distance (NULL when none is within a
 * third of the length): for "did you mean" hints. */
const char *gs_world_nearest(const char *name, const char *const *cands, int ncands);

/* --- layers (world_layers.c) -------------------------------------------- */
void gs_csr_free(gs_csr *c);
/* An empty layer for n nodes (rowptr and wsum zero). */
int gs_csr_empty(gs_csr *c, int32_t n, gs_err *e);
/* CSR of an undirected igraph graph with n vertices: each edge stored in both
 * rows, rows sorted by column, self-loops dropped, parallel edges merged by
 * summing their weights.  weights (length ecount) may be NULL: unit weights.
 * out must be zeroed or freed; on error it is left freed. */
int gs_csr_from_igraph(gs_csr *out, const igraph_t *g, const igraph_vector_t *weights, gs_err *e);
/* Same, from an edge vector (pairs) and weights, building the igraph graph
 * on the way (DESIGN.md: layers are built in igraph). */
int gs_csr_from_edges(gs_csr *out, int32_t n, const igraph_vector_int_t *edges,
                      const igraph_vector_t *weights, gs_err *e);
/* The igraph graph of one CSR layer: one edge per undirected pair (i < j),
 * weights (may be NULL) in edge order.  g and weights must be uninitialised;
 * on success the caller destroys them. */
int gs_csr_to_igraph(const gs_csr *c, int32_t n, igraph_t *g, igraph_vector_t *weights,
                     gs_err *e);
/* Builds the border, trade, alliance, bloc and region layers of a data world
 * (borders from gs_world_read_borders, may be NULL) and writes the trade
 * dependences on each pole, computed over the full gravity weights, into
 * dep_us[i] and dep_cn[i] (arrays of n). */
int gs_world_build_data_layers(gs_world *w, const gs_params *p, const igraph_vector_int_t *borders,
                               double *dep_us, double *dep_cn, gs_err *e);
/* The symmetric gravity weight between nations i and j (see world_layers.c):
 * (G_i^a G_j^b + G_j^a G_i^b) / 2 / max(d_ij, GS_TRADE_DMIN_KM)^c, with GDP
 * scaled by gscale and distance in units of 1000 km (scales cancel out of
 * every use: the layer is normalised and dependences are shares). */
#define GS_TRADE_DMIN_KM 100.0
double gs_world_gravity(const gs_world *w, const gs_params *p, double gscale, int32_t i,
                        int32_t j);

/* --- synthetic worlds (world_synth.c) ------------------------------------ */
/* Fills the zeroed w with a synthetic world of kind p->world_kind: nodes,
 * attributes, regions, the generated graph as the trade layer (other layers
 * empty), poles at nodes 0 (us) and 1 (cn).  GS_EINPUT for impossible sizes. */
int gs_world_synth(gs_world *w, const gs_params *p, gs_err *e);

/* --- user edge lists (world_io.c) ----------------------------------------- */
/* Reads path (.csv: source,target,layer[,weight]; .graphml) and replaces
 * every layer the file names by the file's edges for that layer. */
int gs_world_read_edges(gs_world *w, const char *path, gs_err *e);

#endif
