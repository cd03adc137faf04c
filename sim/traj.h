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
} gs_traj;

gs_traj *gs_traj_alloc(int32_t n, int32_t nt, int32_t nregions, int level, gs_err *e);
void gs_traj_free(gs_traj *t); /* accepts NULL */

/* Number of output times for p: the initial state, every out_every-th step,
 * and always the last step. */
int32_t gs_traj_ntimes(const gs_params *p);
/* Step index (0 = initial state) of output time k. */
int64_t gs_traj_step_of(const gs_params *p, int32_t k);

#endif
