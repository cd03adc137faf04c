/* cmd_landscape.c - `govsim landscape`: the Axelrod-Bennett landscape of a
 * scenario's world or of user tables.
 *
 *   govsim landscape SCENARIO.ini [--set KEY=VALUE]... [-s SEED] [-q]
 *   govsim landscape --actors F.csv --propensity F.csv [--set ...] [-s SEED] [-q]
 *
 * Source of the instance, first match wins: --actors/--propensity; the
 * scenario's landscape.actors/landscape.propensity; the scenario's world
 * (GDP shares and the propensity formula of landscape_io.h).  Prints the
 * method (exact enumeration up to 30 actors, annealed logit dynamics
 * beyond), every local minimum sorted by energy with both camps and its
 * basin, and the per-actor table of the global minimum.  -q prints the
 * minima only.  Errors: one line, exit 2 (input) or 1 (runtime). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../models/landscape.h"
#include "cli.h"
#include "cmd_common.h"
#include "config.h"
#include "landscape_io.h"
#include "rng.h"

/* --set KEY=VALUE on the defaults, for runs without a scenario file. */
static int apply_sets(const gs_opts *o, gs_params *p, gs_err *e)
{
    for (size_t k = 0; k < o->nset; k++) {
        const char *kv = o->sets[k], *eq = strchr(kv, '=');
        char key[128];
        size_t len = (size_t)(eq - kv);
        if (len >= sizeof key) len = sizeof key - 1;
        memcpy(key, kv, len);
        key[len] = '\0';
        int idx = gs_param_find(key);
        if (idx < 0) {
            const char *near = gs_param_nearest(key);
            return gs_err_set(e, GS_EINPUT, "--set: unknown key '%s'%s%s%s", key,
                              near ? "; did you mean " : "", near ? near : "", near ? "?" : "");
        }
        gs_err e2 = {0};
        if (gs_param_set(p, idx, eq + 1, &e2)) return gs_err_set(e, e2.code, "--set: %s", e2.msg);
    }
    return GS_OK;
}

/* Names of camp c of a minimum, space-separated, on one line. */
static void print_camp(const gs_land *l, const gs_land_min *m, int c)
{
    int32_t count = 0;
    for (int32_t i = 0; i < l->n; i++) count += m->camp[i] == c;
    printf("  camp %c (%d):", c ? 'B' : 'A', (int)count);
    if (!count) printf(" (empty)");
    for (int32_t i = 0; i < l->n; i++)
        if (m->camp[i] == c) printf(" %s", l->name[i]);
    printf("\n");
}

static void print_result(const gs_land *l, const gs_land_result *res, const char *source,
                         uint64_t seed, int quiet)
{
    int32_t n = l->n;
    if (!quiet) {
        printf("landscape: %d actors from %s\n", (int)n, source);
        printf("energy: E = sum_i sum_{j!=i} s_i s_j p_ij d_ij (ordered pairs); scale = "
               "sum s_i s_j |p_ij| = %.10g; ties within %.3g (1e-12 * scale)\n",
               res->scale, res->tol);
        if (res->method == GS_LAND_ENUMERATE) {
            printf("method: exact enumeration of all %" PRIu64 " two-camp configurations "
                   "(actor %s fixed in camp A), Gray-code order\n",
                   res->nconfig, l->name[0]);
            if (res->basin_kind == GS_LAND_BASIN_EXACT)
                printf("basins: myopic descent from every configuration (largest decrease "
                       "first, ties to the lowest actor index)\n");
            else
                printf("basins: estimated from %" PRIu64 " uniform random starts (exact basins "
                       "need at most %d actors), seed %" PRIu64 "\n",
                       res->nstart, GS_LAND_MAX_BASIN, seed);
        } else {
            printf("method: logit dynamics with annealing, not enumeration (more than %d "
                   "actors): %" PRIu64 " runs x %" PRId64 " sweeps, each ending in a myopic "
                   "descent, seed %" PRIu64 "\n",
                   GS_LAND_MAX_EXACT, res->nstart, res->sweeps, seed);
            printf("basins: runs ending in each minimum; minima no run reached are not "
                   "listed\n");
        }
        printf("local minima%s: %zu (sorted by energy)\n",
               res->method == GS_LAND_ANNEAL ? " found" : "", res->nmin);
    }
    const char *unit = res->basin_kind == GS_LAND_BASIN_EXACT     ? "configurations"
                       : res->basin_kind == GS_LAND_BASIN_SAMPLED ? "sampled starts"
                                                                  : "runs";
    for (size_t k = 0; k < res->nmin; k++) {
        const gs_land_min *m = &res->min[k];
        printf("\nminimum %zu: E = %.10g, basin %" PRIu64 " of %" PRIu64 " %s (%.2f%%)\n", k + 1,
               m->energy, m->basin, res->nstart, unit,
               100.0 * (double)m->basin / (double)res->nstart);
        print_camp(l, m, 0);
        print_camp(l, m, 1);
    }
    if (quiet || !res->nmin) return;
    double *fr = malloc((size_t)n * sizeof *fr), *dl = malloc((size_t)n * sizeof *dl);
    if (!fr || !dl) {
        free(fr);
        free(dl);
        return;
    }
    const gs_land_min *g = &res->min[0];
    gs_land_terms(l, g->camp, fr, dl);
    int w = 5;
    for (int32_t i = 0; i < n; i++)
        if ((int)strlen(l->name[i]) > w) w = (int)strlen(l->name[i]);
    printf("\nglobal minimum, per actor: frustration = s_i sum_{j!=i} s_j p_ij d_ij (sums to "
           "E); switch = change of E if the actor alone switched camp (>= 0 at a minimum)\n");
    printf("  %-*s %12s %4s %16s %16s\n", w, "actor", "size", "camp", "frustration", "switch");
    for (int32_t i = 0; i < n; i++)
        printf("  %-*s %12.6g %4c %16.8g %16.8g\n", w, l->name[i], l->s[i],
               g->camp[i] ? 'B' : 'A', fr[i], dl[i]);
    free(fr);
    free(dl);
}

int gs_cmd_landscape(const gs_opts *o)
{
    gs_err e = {0};
    gs_config *cfg = NULL;
    gs_world *world = NULL;
    gs_land *l = NULL;
    gs_land_result *res = NULL;
    gsl_rng *r = NULL;
    gs_params defaults;
    const gs_params *p = &defaults;
    char source[2 * GS_PATH_MAX + 64];
    int rc;

    if ((o->actors != NULL) != (o->propensity != NULL))
        return gs_cli_fail(2, "landscape: --actors and --propensity go together");
    if (o->npos == 0 && !o->actors)
        return gs_cli_fail(2, "landscape: give SCENARIO.ini or --actors F.csv --propensity F.csv");
    if (o->npos) {
        if ((rc = gs_cmd_load_config(o, o->pos[0], &cfg))) return rc;
        p = &cfg->p;
    } else {
        gs_params_defaults(&defaults);
        if (apply_sets(o, &defaults, &e)) goto fail;
        if (o->has_seed) defaults.seed = (int64_t)o->seed;
    }
    const char *ap = o->actors ? o->actors : p->land_actors;
    const char *pp = o->actors ? o->propensity : p->land_propensity;
    if (!ap[0] != !pp[0]) {
        gs_err_set(&e, GS_EINPUT, "%s: landscape.actors and landscape.propensity go together",
                   o->pos[0]);
        goto fail;
    }
    if (ap[0]) {
        snprintf(source, sizeof source, "%s and %s", ap, pp);
        l = gs_land_read(ap, pp, &e);
    } else {
        if ((rc = gs_cmd_build_world(cfg, &world))) goto done;
        if (p->land_top > 0 && p->land_top < world->n)
            snprintf(source, sizeof source, "the world of %s (the %" PRId64 " largest by GDP)",
                     o->pos[0], p->land_top);
        else
            snprintf(source, sizeof source, "the world of %s (all nations)", o->pos[0]);
        l = gs_land_from_world(world, p, &e);
    }
    if (!l) goto fail;
    r = gs_rng_alloc((uint64_t)p->seed, GS_RNG_DYNAMICS, 0, 0, &e);
    if (!r) goto fail;
    res = gs_land_solve(l, p->land_anneal_sweeps, p->land_anneal_runs, r, &e);
    if (!res) goto fail;
    print_result(l, res, source, (uint64_t)p->seed, o->quiet);
    rc = fflush(stdout) ? gs_cli_fail(1, "landscape: cannot write the output") : 0;
    goto done;
fail:
    rc = gs_cmd_report(&e);
done:
    gs_land_result_free(res);
    if (r) gsl_rng_free(r);
    gs_land_free(l);
    gs_world_free(world);
    gs_config_free(cfg);
    return rc;
}
