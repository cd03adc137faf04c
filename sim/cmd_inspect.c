/* cmd_inspect.c - `govsim inspect FILE.h5 [--nations]`: what run made a
 * file, its dimensions, and its final-shares table.
 *
 * The table is the one `govsim run` prints (report.h), rebuilt from the
 * file's last output time, so the two always agree.  Failed tasks are left
 * out.  --nations adds per nation, for each point: the share of replicates
 * whose final alignment is each option (the empirical probability of the
 * final option, not the mean of /prob) and the share of replicates in which
 * the nation's alignment at some later output time differs from its
 * alignment at the first output time ("switched at least once"); this needs
 * output.level = full. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "h5read.h"
#include "params.h"
#include "report.h"
#include "traj.h"

typedef struct inspect_ctx {
    const char *file;
    gs_h5r *r;
    gs_h5r_dims d;
    double *times;
    uint8_t *status;     /* [P][R] */
    char **sweep_keys;   /* /sweep/<key> */
    size_t nsweep;
    double *sweep;       /* [nsweep][P] */
} inspect_ctx;

static void ctx_free(inspect_ctx *c)
{
    free(c->times);
    free(c->status);
    free(c->sweep);
    gs_h5r_strings_free(c->sweep_keys, c->nsweep);
    gs_h5r_close(c->r);
}

static int fail_e(const gs_err *e)
{
    return gs_cli_fail(e->code ? e->code : GS_ERUN, e->msg);
}

static void print_header(const inspect_ctx *c)
{
    char v[4096], w[256];
    gs_h5r *r = c->r;
    printf("file      %s\n", c->file);
    gs_h5r_attr(r, "scenario", v, sizeof v);
    gs_h5r_attr(r, "scenario_name", w, sizeof w);
    printf("scenario  %s%s%s%s\n", v, w[0] ? " (" : "", w, w[0] ? ")" : "");
    gs_h5r_attr(r, "command", v, sizeof v);
    printf("command   %s\n", v);
    gs_h5r_attr(r, "seed", v, sizeof v);
    gs_h5r_attr(r, "rng", w, sizeof w);
    printf("seed      %s (%s)\n", v, w);
    gs_h5r_attr(r, "govsim_version", v, sizeof v);
    gs_h5r_attr(r, "git_commit", w, sizeof w);
    printf("version   govsim %s (commit %s)\n", v, w);
    gs_h5r_attr(r, "created", v, sizeof v);
    printf("created   %s\n", v);
    gs_h5r_attr(r, "config_sha256", v, sizeof v);
    printf("config    sha256 %s\n", v);
    if (gs_h5r_attr(r, "world", v, sizeof v) == 0 && v[0]) printf("world     %s\n", v);
    const gs_h5r_dims *d = &c->d;
    printf("shape     %lld point%s x %lld replicate%s x %lld time%s", (long long)d->npoints,
           d->npoints == 1 ? "" : "s", (long long)d->nreplicates, d->nreplicates == 1 ? "" : "s",
           (long long)d->ntimes, d->ntimes == 1 ? "" : "s");
    if (d->ntimes > 0) printf(" (%.2f to %.2f)", c->times[0], c->times[d->ntimes - 1]);
    printf(" x %lld nations, %lld regions, %lld edges; level %s\n", (long long)d->nnations,
           (long long)d->nregions, (long long)d->nedges,
           d->level == GS_OUT_FULL ? "full" : "shares");
    int64_t done = 0, failed = 0, missing = 0;
    for (int64_t i = 0; i < d->npoints * d->nreplicates; i++) {
        if (c->status[i] == 0) done++;
        else if (c->status[i] == 1) failed++;
        else missing++;
    }
    printf("tasks     %lld done, %lld failed", (long long)done, (long long)failed);
    if (missing) printf(", %lld not run", (long long)missing);
    printf("\nevents    %lld applied\n", (long long)d->nevents);
    if (c->nsweep) {
        printf("sweep    ");
        for (size_t k = 0; k < c->nsweep; k++) printf(" %s", c->sweep_keys[k]);
        printf("\n");
    }
}

/* "point 3 (cn.budget = 0.5, ...)" or the scenario name for a single point. */
static void point_title(const inspect_ctx *c, int64_t p, char *buf, size_t len)
{
    char name[256];
    if (gs_h5r_attr(c->r, "scenario_name", name, sizeof name) != 0 || !name[0])
        snprintf(name, sizeof name, "%s", "scenario");
    if (c->d.npoints == 1 && !c->nsweep) {
        snprintf(buf, len, "%s", name);
        return;
    }
    size_t o = (size_t)snprintf(buf, len, "%s, point %lld", name, (long long)p);
    for (size_t k = 0; k < c->nsweep && o < len; k++)
        o += (size_t)snprintf(buf + o, len - o, "%s%s = %g", k ? ", " : " (", c->sweep_keys[k],
                              c->sweep[k * (size_t)c->d.npoints + (size_t)p]);
    if (c->nsweep && o < len) snprintf(buf + o, len - o, ")");
}

/* The report table of point p at the last output time. */
static int shares_table(const inspect_ctx *c, int64_t p, gs_err *e)
{
    int64_t R = c->d.nreplicates, T = c->d.ntimes;
    static const char *const opt_vars[4] = {"share_count", "share_population", "share_gdp",
                                            "share_global_south"};
    double *v = gs_malloc((size_t)R * 17, sizeof *v, "inspect", e);
    gs_report *rep = gs_report_alloc(R, e);
    gs_traj *t = gs_traj_alloc(1, 1, 0, GS_OUT_SHARES, e);
    int rc = GS_ERUN;
    if (!v || !rep || !t) goto done;
    for (int k = 0; k < 4; k++) {
        int64_t st[4] = {p, 0, T - 1, 0}, cnt[4] = {1, R, 1, GS_NOPT};
        if ((rc = gs_h5r_read(c->r, opt_vars[k], 4, st, cnt, GS_H5R_DOUBLE, v + (size_t)k * R * 3,
                              e)))
            goto done;
    }
    int64_t st4[4] = {p, 0, T - 1, 0}, cnt4[4] = {1, R, 1, GS_NTRACK};
    if ((rc = gs_h5r_read(c->r, "standard_share", 4, st4, cnt4, GS_H5R_DOUBLE, v + (size_t)R * 12,
                          e)))
        goto done;
    int64_t st3[3] = {p, 0, T - 1}, cnt3[3] = {1, R, 1};
    if ((rc = gs_h5r_read(c->r, "interoperability", 3, st3, cnt3, GS_H5R_DOUBLE,
                          v + (size_t)R * 16, e)))
        goto done;
    for (int64_t r = 0; r < R; r++) {
        if (c->status[p * R + r] != 0) continue; /* failed or not run */
        for (int k = 0; k < 4; k++) {
            double *dst = k == 0   ? t->share_count
                          : k == 1 ? t->share_population
                          : k == 2 ? t->share_gdp
                                   : t->share_global_south;
            memcpy(dst, v + (size_t)k * R * 3 + (size_t)r * 3, 3 * sizeof *dst);
        }
        memcpy(t->standard_share, v + (size_t)R * 12 + (size_t)r * 4, 4 * sizeof(double));
        t->interoperability[0] = v[(size_t)R * 16 + (size_t)r];
        gs_report_add(rep, t);
    }
    char title[1024], full[1100];
    point_title(c, p, title, sizeof title);
    snprintf(full, sizeof full, "%s at %.2f", title, c->times[T - 1]);
    gs_report_print(rep, stdout, full);
    rc = GS_OK;
done:
    free(v);
    gs_report_free(rep);
    gs_traj_free(t);
    return rc;
}

static int nations_table(const inspect_ctx *c, int64_t p, char **iso, char **names, gs_err *e)
{
    int64_t R = c->d.nreplicates, T = c->d.ntimes, N = c->d.nnations;
    uint8_t *a = gs_malloc((size_t)(T * N), 1, "inspect", e);
    double *cnt = gs_calloc((size_t)N * 4, sizeof *cnt, "inspect", e); /* 3 options + switched */
    int rc = GS_ERUN;
    if (!a || !cnt) goto done;
    int64_t ndone = 0;
    for (int64_t r = 0; r < R; r++) { /* one replicate at a time: memory T x N */
        if (c->status[p * R + r] != 0) continue;
        int64_t st[4] = {p, r, 0, 0}, ct[4] = {1, 1, T, N};
        if ((rc = gs_h5r_read(c->r, "alignment", 4, st, ct, GS_H5R_UINT8, a, e))) goto done;
        ndone++;
        for (int64_t i = 0; i < N; i++) {
            uint8_t fin = a[(T - 1) * N + i], first = a[i];
            if (fin < GS_NOPT) cnt[i * 4 + fin] += 1;
            int sw = 0;
            for (int64_t k = 1; k < T && !sw; k++) {
                uint8_t x = a[k * N + i];
                sw = x < GS_NOPT && first < GS_NOPT && x != first;
            }
            cnt[i * 4 + 3] += sw;
        }
    }
    char title[1024];
    point_title(c, p, title, sizeof title);
    printf("\n%s: per nation over %lld replicate%s (share of replicates)\n\n", title,
           (long long)ndone, ndone == 1 ? "" : "s");
    printf("  %-6s %-32s %8s %8s %8s %9s\n", "nation", "name", "final us", "final cn",
           "hedge", "switched");
    for (int64_t i = 0; i < N; i++) {
        double nd = ndone ? (double)ndone : NAN;
        printf("  %-6s %-32.32s %8.3f %8.3f %8.3f %9.3f\n", iso[i], names[i],
               cnt[i * 4 + GS_US] / nd, cnt[i * 4 + GS_CN] / nd, cnt[i * 4 + GS_HEDGE] / nd,
               cnt[i * 4 + 3] / nd);
    }
    rc = GS_OK;
done:
    free(a);
    free(cnt);
    return rc;
}

int gs_cmd_inspect(const gs_opts *o)
{
    inspect_ctx c = {0};
    gs_err e = {0};
    char **iso = NULL, **names = NULL;
    size_t niso = 0, nnames = 0;
    int rc = GS_OK;
    c.file = o->pos[0];
    if (!(c.r = gs_h5r_open(c.file, &e))) return fail_e(&e);
    if (gs_h5r_dims_get(c.r, &c.d, &e)) goto fail;
    const gs_h5r_dims *d = &c.d;
    if (d->npoints < 1 || d->nreplicates < 1 || d->ntimes < 1) {
        gs_err_set(&e, GS_EINPUT, "%s: empty output (no points, replicates or times)", c.file);
        goto fail;
    }
    c.times = gs_malloc((size_t)d->ntimes, sizeof *c.times, "inspect", &e);
    c.status = gs_malloc((size_t)(d->npoints * d->nreplicates), 1, "inspect", &e);
    if (!c.times || !c.status) goto fail;
    int64_t z1 = 0, z2[2] = {0, 0}, pr[2] = {d->npoints, d->nreplicates};
    if (gs_h5r_read(c.r, "time", 1, &z1, &d->ntimes, GS_H5R_DOUBLE, c.times, &e) ||
        gs_h5r_read(c.r, "tasks/status", 2, z2, pr, GS_H5R_UINT8, c.status, &e))
        goto fail;
    if (!(c.sweep_keys = gs_h5r_list(c.r, "sweep", &c.nsweep, &e))) goto fail;
    if (c.nsweep) {
        c.sweep = gs_malloc(c.nsweep * (size_t)d->npoints, sizeof *c.sweep, "inspect", &e);
        if (!c.sweep) goto fail;
        for (size_t k = 0; k < c.nsweep; k++) {
            char path[300];
            snprintf(path, sizeof path, "sweep/%s", c.sweep_keys[k]);
            if (gs_h5r_read(c.r, path, 1, &z1, &d->npoints, GS_H5R_DOUBLE,
                            c.sweep + k * (size_t)d->npoints, &e))
                goto fail;
        }
    }
    print_header(&c);
    for (int64_t p = 0; p < d->npoints; p++)
        if (shares_table(&c, p, &e)) goto fail;
    if (o->nations) {
        if (d->level != GS_OUT_FULL) {
            printf("\n--nations: per-nation results are not stored at output.level = shares "
                   "(rerun with --set output.level=full)\n");
        } else {
            if (!(iso = gs_h5r_strings(c.r, "nation", &niso, &e)) ||
                !(names = gs_h5r_strings(c.r, "nation_name", &nnames, &e)))
                goto fail;
            if ((int64_t)niso != d->nnations || nnames != niso) {
                gs_err_set(&e, GS_EINPUT, "%s: /nation and /nation_name disagree", c.file);
                goto fail;
            }
            for (int64_t p = 0; p < d->npoints; p++)
                if (nations_table(&c, p, iso, names, &e)) goto fail;
        }
    }
    goto done;
fail:
    fflush(stdout);
    rc = fail_e(&e);
done:
    gs_h5r_strings_free(iso, niso);
    gs_h5r_strings_free(names, nnames);
    ctx_free(&c);
    return rc;
}
