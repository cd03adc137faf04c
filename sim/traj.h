/* traj.h - one task's (point, replicate) recorded trajectory, in memory.
 *
 * The runner fills one gs_traj per task from the model state at each output
 * step (gs_observe), then hands finished trajectories to the writer in
 * (point, replicate) order.  Layout matches the HDF5 datasets (DESIGN.md §4)
 * with the leading point and replicate axes dropped; time-major. */
#ifndef GS_TRAJ_H
#define GS_TRAJ_H

#include <stdint.h>

#include "err.h"
#include "params.h"
#include "world.h"

/* gs_observe's incremental state (observe.c): the trade-layer sums and the
 * shares in exact integer units, carried from one output time to the next;
 * rebuilt at output time 0 of every task, so it never outlives the task;
 * not part of the results (never packed or written).  Zeroed by
 * gs_traj_alloc, freed by gs_traj_free. */
typedef struct gs_obs_state {
    const gs_world *w;      /* world it was built for; NULL = not usable */
    const gs_world *bad;    /* world found unusable in this task (not tried again) */
    int32_t k;              /* output time it describes */
    double unit, scale;     /* every trade weight is a whole multiple of unit = 1 / scale */
    int64_t E[3][3], tot, itot, iok; /* the trade sums, in units */
    uint8_t *label, *track; /* [n] state at output time k */
    uint8_t *mark;          /* [n] scratch: changed since k */
    int32_t *changed;       /* [n] scratch */
    /* gs_observe's shares, exact in units too (see observe.c): weights k =
     * 0 one per nation, 1 population, 2 GDP, 3 Global South; shunit[k] = 0
     * when that vector's sums could round (then recomputed every time) */
    int64_t sh[4][3], shtot[4];
    double shunit[4], shscale[4];
    int64_t tcount[4];      /* nations per standards track */
    int64_t *rcount;        /* [nregions][3] nations per region and option */
    int32_t nregions;       /* rcount's regions */
    int32_t n;              /* length of the node arrays */
} gs_obs_state;

typedef struct gs_traj {
    int32_t n, nt, nregions;
    int level;                 /* GS_OUT_FULL or GS_OUT_SHARES */
    uint8_t *alignment;        /* [nt][n]      (full only, else NULL) */
    float *prob;               /* [nt][n][3]   (full only) */
    uint8_t *standard;         /* [nt][n]      (full only) */
    double *share_count;       /* [nt][3] */
    double *share_population;  /* [nt][3] */
    double *share_gdp;         /* [nt][3] */
    double *share_global_south; /* [nt][3] */
    double *share_region;      /* [nt][nregions][3] */
    double *standard_share;    /* [nt][4] */
    double *interoperability;  /* [nt] */
    double *assortativity;     /* [nt] */
    double *modularity;        /* [nt] */
    double *switches;          /* [nt]: alignment switches since the previous output */
    int status;                /* 0 done, 1 failed */
    char message[256];         /* why it failed */
    gs_obs_state obs;          /* gs_observe's, see above */
} gs_traj;

gs_traj *gs_traj_alloc(int32_t n, int32_t nt, int32_t nregions, int level, gs_err *e);
void gs_traj_free(gs_traj *t); /* accepts NULL */

/* Number of output times for p: the initial state, every out_every-th step,
 * and always the last step. */
int32_t gs_traj_ntimes(const gs_params *p);
/* Step index (0 = initial state) of output time k. */
int64_t gs_traj_step_of(const gs_params *p, int32_t k);

#endif
