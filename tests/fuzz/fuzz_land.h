/* fuzz_land.h - shared part of the landscape loader targets: reads an
 * actors table and a propensity matrix with gs_land_read and checks what a
 * successful read promises (>= 2 actors, names set, sizes finite and > 0, a
 * symmetric finite matrix with a zero diagonal: gs_land_check agrees). */
#ifndef GS_FUZZ_LAND_H
#define GS_FUZZ_LAND_H

#include "../../sim/landscape_io.h"
#include "fuzz_common.h"

static void fz_read_land(const char *actors, const char *matrix)
{
    gs_err e = {0, ""};
    gs_land *l = gs_land_read(actors, matrix, &e);
    if (!l) {
        fz_check_error(e.code, e.msg);
        return;
    }
    if (l->n < 2 || gs_land_check(l, &e) != GS_OK) {
        fprintf(stderr, "fuzz: gs_land_read accepted an invalid landscape (n=%d): %s\n",
                (int)l->n, e.msg);
        abort();
    }
    for (int32_t i = 0; i < l->n; i++)
        if (!l->name[i] || !l->name[i][0]) {
            fprintf(stderr, "fuzz: actor %d has no name\n", (int)i);
            abort();
        }
    gs_land_free(l);
}

#endif
