/* design.c - sweep designs (design.h): grids, Latin hypercubes and Sobol
 * sequences over the parameter table. */
#include "design.h"

#include <errno.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"

/* Largest number of values one grid dimension may list. */
#define MAX_DIM_VALUES 10000000LL

const char *gs_design_forbidden(int idx)
{
    if (idx < 0 || (size_t)idx >= gs_nparams) return "unknown key";
    const gs_param_def *d = &gs_param_table[idx];
    if (!strncmp(d->name, "scenario.", 9)) {
        if (!strcmp(d->name, "scenario.start") || !strcmp(d->name, "scenario.dt") ||
            !strcmp(d->name, "scenario.steps"))
            return "it changes the time axis, which every point of one file shares; run "
                   "separate scenarios instead";
        return "it is a property of the run, not of a point (use -s, -r or separate "
               "scenarios)";
    }
    if (!strncmp(d->name, "output.", 7))
        return "it changes the shape of the output, which every point of one file shares";
    if (!strncmp(d->name, "world.", 6))
        return "every point of a sweep shares one world (nations and network layers); run "
               "separate scenarios instead";
    if (d->type == GS_PT_STRING || d->type == GS_PT_PATH)
        return "only numbers, bools and enums can be swept";
    return NULL;
}

void gs_design_format(int idx, double v, char *buf, size_t len)
{
    const gs_param_def *d = &gs_param_table[idx];
    if (d->type == GS_PT_ENUM || d->type == GS_PT_BOOL) {
        gs_params p;
        memset(&p, 0, sizeof p);
        gs_param_set_number(&p, idx, v);
        gs_param_format(&p, idx, buf, len);
        return;
    }
    snprintf(buf, len, "%g", v);
}

void gs_design_free(gs_design *d)
{
    if (!d) return;
    if (d->dims)
        for (int32_t k = 0; k < d->ndims; k++)
            free(d->dims[k].values);
    free(d->dims);
    free(d->values);
    free(d->keys);
    free(d);
}

/* Strict number: the whole of s, finite. */
static int parse_number(const char *s, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return end != s && *end == '\0' && errno != ERANGE && isfinite(*v) ? 0 : -1;
}

/* Checks one grid value against the table (range, integer-ness). */
static int check_value(int idx, double v, const char *where, gs_err *e)
{
    const gs_param_def *d = &gs_param_table[idx];
    if (d->type == GS_PT_INT && v != nearbyint(v))
        return gs_err_set(e, GS_EINPUT, "%s: %s is an integer, got %g", where, d->name, v);
    if ((d->type == GS_PT_REAL || d->type == GS_PT_INT) && (v < d->min || v > d->max))
        return gs_err_set(e, GS_EINPUT, "%s: %s = %g is out of range [%g, %g]", where, d->name, v,
                          d->min, d->max);
    return GS_OK;
}

/* A list "a,b,c": each token parsed by the table's own parser. */
static int parse_list(gs_design_dim *dim, const char *spec, const char *where, gs_err *e)
{
    int64_t n = 1;
    for (const char *s = spec; *s; s++)
        n += *s == ',';
    if (n > MAX_DIM_VALUES)
        return gs_err_set(e, GS_EINPUT, "%s: more than %lld values", where,
                          (long long)MAX_DIM_VALUES);
    dim->values = gs_calloc((size_t)n, sizeof(double), "sweep values", e);
    if (!dim->values) return GS_ERUN;
    dim->nvalues = 0;
    const char *s = spec;
    char tok[GS_TEXT_MAX];
    for (;;) {
        const char *comma = strchr(s, ',');
        size_t l = comma ? (size_t)(comma - s) : strlen(s);
        while (l && (*s == ' ' || *s == '\t'))
            s++, l--;
        while (l && (s[l - 1] == ' ' || s[l - 1] == '\t'))
            l--;
        if (l == 0) return gs_err_set(e, GS_EINPUT, "%s: empty value in the list", where);
        if (l >= sizeof tok) return gs_err_set(e, GS_EINPUT, "%s: value too long", where);
        memcpy(tok, s, l);
        tok[l] = '\0';
        gs_params scratch;
        memset(&scratch, 0, sizeof scratch);
        gs_err pe = {0};
        if (gs_param_set(&scratch, dim->param, tok, &pe) != GS_OK)
            return gs_err_set(e, GS_EINPUT, "%s: %s", where, pe.msg);
        dim->values[dim->nvalues++] = gs_param_number(&scratch, dim->param);
        if (!comma) break;
        s = comma + 1;
    }
    return GS_OK;
}

/* Splits spec at ':' into at most 4 fields (copied into f). */
static int split_colon(const char *spec, char f[4][64])
{
    int n = 0;
    const char *s = spec;
    for (;;) {
        const char *c = strchr(s, ':');
        size_t l = c ? (size_t)(c - s) : strlen(s);
        if (n >= 4 || l >= 64) return -1;
        memcpy(f[n], s, l);
        f[n][l] = '\0';
        n++;
        if (!c) break;
        s = c + 1;
    }
    return n;
}

/* Parses one SPEC for dimension dim (key and param already set).  A
 * sampled spec naming a method sets *method and *nsamples. */
static int parse_spec(gs_design_dim *dim, const char *spec, const char *where, int *method,
                      int64_t *nsamples, int *method_set, gs_err *e)
{
    const gs_param_def *d = &gs_param_table[dim->param];
    int numeric = d->type == GS_PT_REAL || d->type == GS_PT_INT;
    if (!*spec) return gs_err_set(e, GS_EINPUT, "%s: empty SPEC", where);
    if (!strchr(spec, ':')) return parse_list(dim, spec, where, e);

    char f[4][64];
    int nf = split_colon(spec, f);
    if (nf < 0)
        return gs_err_set(e, GS_EINPUT,
                          "%s: expected a,b,c | start:stop:step | LO:HI | lhs:N[:LO:HI] | "
                          "sobol:N[:LO:HI]",
                          where);
    if (!strcmp(f[0], "lhs") || !strcmp(f[0], "sobol")) {
        int m = f[0][0] == 'l' ? GS_DESIGN_LHS : GS_DESIGN_SOBOL;
        char *end;
        errno = 0;
        long long n = nf >= 2 ? strtoll(f[1], &end, 10) : 0;
        if (nf != 2 && nf != 4)
            return gs_err_set(e, GS_EINPUT, "%s: expected %s:N or %s:N:LO:HI", where, f[0], f[0]);
        if (!f[1][0] || *end || errno || n < 1 || n > GS_DESIGN_MAX_POINTS)
            return gs_err_set(e, GS_EINPUT, "%s: N must be an integer in [1, %lld], got '%s'",
                              where, (long long)GS_DESIGN_MAX_POINTS, f[1]);
        if (*method_set && (*method != m || *nsamples != n))
            return gs_err_set(e, GS_EINPUT,
                              "%s: every sampled dimension must use the same design; another "
                              "--vary already asked for %s:%lld",
                              where, *method == GS_DESIGN_LHS ? "lhs" : "sobol",
                              (long long)*nsamples);
        /* The command line's method replaces the [sweep] section's. */
        *method = m;
        *nsamples = n;
        *method_set = 1;
        dim->sampled = 1;
        if (nf == 2) {
            dim->lo = d->min;
            dim->hi = d->max;
        } else if (parse_number(f[2], &dim->lo) || parse_number(f[3], &dim->hi)) {
            return gs_err_set(e, GS_EINPUT, "%s: LO and HI must be numbers", where);
        }
    } else if (nf == 2) {
        dim->sampled = 1;
        if (parse_number(f[0], &dim->lo) || parse_number(f[1], &dim->hi))
            return gs_err_set(e, GS_EINPUT,
                              "%s: expected a,b,c | start:stop:step | LO:HI | lhs:N[:LO:HI] | "
                              "sobol:N[:LO:HI]",
                              where);
    } else if (nf == 3) {
        double a, b, st;
        if (parse_number(f[0], &a) || parse_number(f[1], &b) || parse_number(f[2], &st))
            return gs_err_set(e, GS_EINPUT, "%s: start:stop:step must be three numbers", where);
        if (!numeric)
            return gs_err_set(e, GS_EINPUT, "%s: %s is a %s: list its values (a,b,c)", where,
                              d->name, d->type == GS_PT_ENUM ? "choice" : "bool");
        if (st == 0 || (b - a) / st < 0)
            return gs_err_set(e, GS_EINPUT,
                              "%s: step must be non-zero and lead from start to "
                              "stop",
                              where);
        /* stop is included when it lies on the grid up to rounding. */
        double cnt = floor((b - a) / st + 1e-9) + 1;
        if (cnt > (double)MAX_DIM_VALUES)
            return gs_err_set(e, GS_EINPUT, "%s: more than %lld values", where,
                              (long long)MAX_DIM_VALUES);
        dim->nvalues = (int64_t)cnt;
        dim->values = gs_calloc((size_t)dim->nvalues, sizeof(double), "sweep values", e);
        if (!dim->values) return GS_ERUN;
        for (int64_t i = 0; i < dim->nvalues; i++) {
            double v = a + (double)i * st;
            if (fabs(v - b) <= 1e-9 * fabs(st)) v = b; /* the exact stop, not 0.30000000000000004 */
            if (fabs(v) < 1e-12 * fabs(st)) v = 0;
            if (check_value(dim->param, v, where, e) != GS_OK) return e->code;
            dim->values[i] = v;
        }
        return GS_OK;
    } else {
        return gs_err_set(e, GS_EINPUT,
                          "%s: expected a,b,c | start:stop:step | LO:HI | lhs:N[:LO:HI] | "
                          "sobol:N[:LO:HI]",
                          where);
    }
    /* A sampled dimension. */
    if (!numeric)
        return gs_err_set(e, GS_EINPUT, "%s: %s is a %s: it can only be listed (a,b,c)", where,
                          d->name, d->type == GS_PT_ENUM ? "choice" : "bool");
    if (!(dim->lo < dim->hi)) return gs_err_set(e, GS_EINPUT, "%s: LO must be below HI", where);
    if (dim->lo < d->min || dim->hi > d->max)
        return gs_err_set(e, GS_EINPUT, "%s: [%g, %g] leaves the range of %s [%g, %g]", where,
                          dim->lo, dim->hi, d->name, d->min, d->max);
    if (!isfinite(dim->hi - dim->lo))
        return gs_err_set(e, GS_EINPUT, "%s: the interval of %s must be finite; give LO:HI", where,
                          d->name);
    return GS_OK;
}

/* Checks a key for a dimension; fills dim->key and dim->param. */
static int dim_key(gs_design_dim *dim, const char *key, size_t keylen, const gs_config *c,
                   const char *where, gs_err *e)
{
    if (keylen == 0 || keylen >= sizeof dim->key)
        return gs_err_set(e, GS_EINPUT, "%s: expected KEY=SPEC", where);
    memcpy(dim->key, key, keylen);
    dim->key[keylen] = '\0';
    dim->param = gs_param_find(dim->key);
    if (dim->param < 0) {
        const char *near = gs_param_nearest(dim->key);
        if (near)
            return gs_err_set(e, GS_EINPUT, "%s: unknown key '%s' (did you mean %s?)", where,
                              dim->key, near);
        return gs_err_set(e, GS_EINPUT, "%s: unknown key '%s' (govsim params lists them)", where,
                          dim->key);
    }
    const char *why = gs_design_forbidden(dim->param);
    if (why) return gs_err_set(e, GS_EINPUT, "%s: %s cannot be swept: %s", where, dim->key, why);
    for (size_t i = 0; i < c->npriors; i++)
        if (c->priors[i].param == dim->param)
            return gs_err_set(e, GS_EINPUT,
                              "%s: %s has a [prior] (each replicate draws it); it cannot also "
                              "be swept",
                              where, dim->key);
    return GS_OK;
}

int gs_design_interval(const gs_config *c, const char *kv, gs_design_dim *out, gs_err *e)
{
    char where[GS_TEXT_MAX + 16];
    snprintf(where, sizeof where, "--vary %.*s", GS_TEXT_MAX, kv);
    memset(out, 0, sizeof *out);
    const char *eq = strchr(kv, '=');
    if (!eq) return gs_err_set(e, GS_EINPUT, "%s: expected KEY=LO:HI", where);
    if (dim_key(out, kv, (size_t)(eq - kv), c, where, e) != GS_OK) return e->code;
    char f[4][64];
    int nf = split_colon(eq + 1, f);
    if (nf != 2 || !strcmp(f[0], "lhs") || !strcmp(f[0], "sobol"))
        return gs_err_set(e, GS_EINPUT, "%s: expected KEY=LO:HI", where);
    int method = GS_DESIGN_GRID, set = 0;
    int64_t n = 1;
    if (parse_spec(out, eq + 1, where, &method, &n, &set, e) != GS_OK) {
        free(out->values);
        out->values = NULL;
        return e->code;
    }
    return GS_OK;
}

/* The sampled block's unit-cube points u[s * nsd + j]. */
static double *sample_block(int method, int64_t n, int32_t nsd, uint64_t seed, gs_err *e)
{
    double *u = gs_calloc((size_t)n * (size_t)nsd, sizeof *u, "design", e);
    if (!u) return NULL;
    if (method == GS_DESIGN_SOBOL) {
        if ((unsigned)nsd > gsl_qrng_sobol->max_dimension) {
            gs_err_set(e, GS_EINPUT,
                       "sobol:%lld: %d sampled dimensions, but GSL's Sobol generator supports "
                       "at most %u; use lhs:N",
                       (long long)n, (int)nsd, gsl_qrng_sobol->max_dimension);
            free(u);
            return NULL;
        }
        gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)nsd);
        if (!q) {
            gs_err_set(e, GS_ERUN, "out of memory (sobol sequence)");
            free(u);
            return NULL;
        }
        for (int64_t s = 0; s < n; s++)
            gsl_qrng_get(q, u + s * nsd);
        gsl_qrng_free(q);
        return u;
    }
    /* Latin hypercube: per dimension a random permutation of the N strata
     * and a uniform jitter inside each stratum. */
    gsl_rng *r = gs_rng_alloc(seed, GS_RNG_DESIGN, GS_DESIGN_STREAM_LHS, 0, e);
    size_t *perm = gs_calloc((size_t)n, sizeof *perm, "design", e);
    if (!r || !perm) {
        if (r) gsl_rng_free(r);
        free(perm);
        free(u);
        return NULL;
    }
    for (int32_t j = 0; j < nsd; j++) {
        for (int64_t s = 0; s < n; s++)
            perm[s] = (size_t)s;
        gsl_ran_shuffle(r, perm, (size_t)n, sizeof *perm);
        for (int64_t s = 0; s < n; s++)
            u[s * nsd + j] = ((double)perm[s] + gsl_rng_uniform(r)) / (double)n;
    }
    gsl_rng_free(r);
    free(perm);
    return u;
}

gs_design *gs_design_build(const gs_config *c, const char *const *vary, size_t nvary, uint64_t seed,
                           gs_err *e)
{
    if (!c || (nvary && !vary)) {
        gs_err_set(e, GS_EINPUT, "gs_design_build: bad arguments");
        return NULL;
    }
    gs_design *d = gs_calloc(1, sizeof *d, "design", e);
    double *u = NULL;
    if (!d) return NULL;
    d->dims = gs_calloc(c->nsweep + nvary + 1, sizeof *d->dims, "design", e);
    if (!d->dims) goto fail;
    d->method = GS_DESIGN_GRID;
    d->nsamples = 1;
    if (!strcmp(c->sweep_method, "lhs") || !strcmp(c->sweep_method, "sobol")) {
        d->method = c->sweep_method[0] == 'l' ? GS_DESIGN_LHS : GS_DESIGN_SOBOL;
        d->nsamples = c->sweep_n;
    }
    int method_set = 0; /* by a --vary */
    char where[GS_TEXT_MAX + 160];

    /* [sweep] dimensions first, in file order. */
    for (size_t i = 0; i < c->nsweep; i++) {
        const gs_sweep_dim *sd = &c->sweep[i];
        gs_design_dim *dim = &d->dims[d->ndims];
        snprintf(where, sizeof where, "%s:%d: [sweep] %s", sd->where.file ? sd->where.file : "?",
                 sd->where.line, sd->key);
        if (dim_key(dim, sd->key, strlen(sd->key), c, where, e) != GS_OK) goto fail;
        if (sd->nvalues < 1) {
            gs_err_set(e, GS_EINPUT, "%s: no values", where);
            goto fail;
        }
        if (sd->kind == GS_SWEEP_BOUNDS) {
            /* lo:hi of a sampled [sweep] (the loader checked the method). */
            dim->sampled = 1;
            dim->lo = sd->values[0];
            dim->hi = sd->values[1];
            if (sd->nvalues != 2 || !(dim->lo < dim->hi) || d->method == GS_DESIGN_GRID) {
                gs_err_set(e, GS_EINPUT, "%s: bounds lo:hi need method = lhs:N or sobol:N", where);
                goto fail;
            }
            d->ndims++;
            continue;
        }
        dim->nvalues = (int64_t)sd->nvalues;
        dim->values = gs_calloc(sd->nvalues, sizeof(double), "sweep values", e);
        if (!dim->values) goto fail;
        d->ndims++; /* the design owns values now: a bad value below frees them */
        for (size_t v = 0; v < sd->nvalues; v++) {
            double x = sd->values[v];
            if (sd->texts && sd->texts[v]) {
                gs_params scratch;
                memset(&scratch, 0, sizeof scratch);
                gs_err pe = {0};
                if (gs_param_set(&scratch, dim->param, sd->texts[v], &pe) != GS_OK) {
                    gs_err_set(e, GS_EINPUT, "%s: %s", where, pe.msg);
                    goto fail;
                }
                x = gs_param_number(&scratch, dim->param);
            }
            if (check_value(dim->param, x, where, e) != GS_OK) goto fail;
            dim->values[v] = x;
        }
    }
    /* --vary: replaces a [sweep] key in place, else appends. */
    for (size_t i = 0; i < nvary; i++) {
        const char *kv = vary[i];
        const char *eq = strchr(kv, '=');
        snprintf(where, sizeof where, "--vary %.*s", GS_TEXT_MAX, kv);
        gs_design_dim nd;
        memset(&nd, 0, sizeof nd);
        if (!eq) {
            gs_err_set(e, GS_EINPUT, "%s: expected KEY=SPEC", where);
            goto fail;
        }
        if (dim_key(&nd, kv, (size_t)(eq - kv), c, where, e) != GS_OK ||
            parse_spec(&nd, eq + 1, where, &d->method, &d->nsamples, &method_set, e) != GS_OK) {
            free(nd.values);
            goto fail;
        }
        nd.from_vary = 1;
        int32_t at = d->ndims;
        for (int32_t k = 0; k < d->ndims; k++)
            if (d->dims[k].param == nd.param) {
                if (d->dims[k].from_vary) {
                    free(nd.values);
                    gs_err_set(e, GS_EINPUT, "%s: %s is already varied by another --vary", where,
                               nd.key);
                    goto fail;
                }
                at = k;
            }
        if (at < d->ndims)
            free(d->dims[at].values);
        else
            d->ndims++;
        d->dims[at] = nd;
    }

    /* Sizes. */
    int32_t nsd = 0;
    double np = 1;
    for (int32_t k = 0; k < d->ndims; k++) {
        if (d->dims[k].sampled)
            nsd++;
        else
            np *= (double)d->dims[k].nvalues;
    }
    if (nsd && d->method == GS_DESIGN_GRID) {
        const char *key = "";
        for (int32_t k = d->ndims - 1; k >= 0; k--)
            if (d->dims[k].sampled) key = d->dims[k].key;
        gs_err_set(e, GS_EINPUT,
                   "--vary %s=LO:HI: an interval needs a sampled design: give one key as "
                   "lhs:N[:LO:HI] or sobol:N[:LO:HI]",
                   key);
        goto fail;
    }
    if (!nsd) {
        d->method = GS_DESIGN_GRID;
        d->nsamples = 1;
    }
    np *= (double)d->nsamples;
    if (np > (double)GS_DESIGN_MAX_POINTS) {
        gs_err_set(e, GS_EINPUT, "sweep: the design has %.0f points; at most %lld are allowed", np,
                   (long long)GS_DESIGN_MAX_POINTS);
        goto fail;
    }
    d->npoints = (int64_t)np;

    d->keys = gs_calloc((size_t)d->ndims + 1, sizeof *d->keys, "design", e);
    d->values =
        gs_calloc((size_t)d->ndims * (size_t)d->npoints + 1, sizeof *d->values, "design values", e);
    if (!d->keys || !d->values) goto fail;
    if (nsd && !(u = sample_block(d->method, d->nsamples, nsd, seed, e))) goto fail;

    /* Materialise values[k][point]: grid index by mixed radix, first
     * dimension slowest; the sampled block is the fastest axis. */
    int64_t stride = d->nsamples;
    for (int32_t k = d->ndims - 1; k >= 0; k--) {
        gs_design_dim *dim = &d->dims[k];
        d->keys[k] = dim->key;
        if (dim->sampled) continue;
        for (int64_t p = 0; p < d->npoints; p++)
            d->values[(int64_t)k * d->npoints + p] = dim->values[(p / stride) % dim->nvalues];
        stride *= dim->nvalues;
    }
    int32_t j = 0;
    for (int32_t k = 0; k < d->ndims; k++) {
        gs_design_dim *dim = &d->dims[k];
        if (!dim->sampled) continue;
        int isint = gs_param_table[dim->param].type == GS_PT_INT;
        for (int64_t p = 0; p < d->npoints; p++) {
            double x = dim->lo + u[(p % d->nsamples) * nsd + j] * (dim->hi - dim->lo);
            if (isint) x = nearbyint(x);
            if (x > dim->hi) x = dim->hi;
            d->values[(int64_t)k * d->npoints + p] = x;
        }
        j++;
    }
    free(u);
    return d;
fail:
    free(u);
    gs_design_free(d);
    return NULL;
}

void gs_design_apply(const gs_design *d, int64_t point, gs_params *p)
{
    for (int32_t k = 0; k < d->ndims; k++)
        gs_param_set_number(p, d->dims[k].param, d->values[(int64_t)k * d->npoints + point]);
}
