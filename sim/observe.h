/* observe.h - what the runner records at each output time: shares by option
 * (count, population-, GDP-weighted, Global South), per region, standards
 * shares, interoperability, and the network metrics (alignment
 * assortativity and modularity on the trade layer) computed from the CSR
 * arrays.  Plain C: safe on any thread. */
#ifndef GS_OBSERVE_H
#define GS_OBSERVE_H

#include <stdint.h>

#include "traj.h"
#include "world.h"

/* Records time slot k of t from the state arrays (align, track: n entries;
 * prob: 3n, may be NULL at level shares; switches: alignment changes since the
 * previous output).  Cannot fail. */
void gs_observe(const gs_world *w, const uint8_t *align, const uint8_t *track, const float *prob,
                double switches, gs_traj *t, int32_t k);

/* Nominal assortativity of a categorical node label on a weighted undirected
 * CSR graph (Newman 2003, weighted mixing matrix).  NaN when undefined
 * (no edges, or one category only: the denominator is 0). */
double gs_assortativity(const gs_csr *g, int32_t n, const uint8_t *label, int nlabels);

/* Weighted modularity Q of the partition given by label (Newman-Girvan,
 * resolution 1).  0 when the graph has no edges. */
double gs_modularity(const gs_csr *g, int32_t n, const uint8_t *label, int nlabels);

#endif
