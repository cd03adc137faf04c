/* landscape.c - Axelrod-Bennett landscapes: energy, exact enumeration with
 * basins, and annealed logit dynamics (see landscape.h and
 * models/README.md §6).
 *
 * The work horse is the switch field F_i = sum_{j != i} s_j p_ij (1 - 2 d_ij):
 * actor i's switch changes E by dE_i = 2 s_i F_i, and when actor a switches
 * every other field moves by -/+ 2 s_a p_aj (a and j were together / apart)
 * while F_a changes sign.  So one Gray-code step costs O(n), and the local
 * minimum test and the descent choice read the same n numbers. */
#include "landscape.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/* More minima than this is a flat landscape (e.g. all p = 0): refuse rather
 * than print millions of lines or exhaust memory. */
#define GS_LAND_MAX_MINIMA 1000000
/* Fields and E are recomputed from the definition every this many switches. */
#define GS_LAND_REFRESH 256
/* Gray-code block: configurations per independently started block. */
#define GS_LAND_BLOCK_BITS 16
/* Resolved marker in the basin table (indices stay below 2^29). */
#define RESOLVED 0x80000000u

gs_land *gs_land_alloc(int32_t n, gs_err *e)
{
    if (n < 1) {
        gs_err_set(e, GS_EINPUT, "landscape: need at least one actor, got %d", (int)n);
        return NULL;
    }
    gs_land *l = gs_calloc(1, sizeof *l, "landscape", e);
    if (!l) return NULL;
    l->n = n;
    l->name = gs_calloc((size_t)n, sizeof *l->name, "landscape names", e);
    l->s = gs_calloc((size_t)n, sizeof *l->s, "landscape sizes", e);
    l->p = gs_calloc((size_t)n * (size_t)n, sizeof *l->p, "propensity matrix", e);
    if (!l->name || !l->s || !l->p) {
        gs_land_free(l);
        return NULL;
    }
    return l;
}

void gs_land_free(gs_land *l)
{
    if (!l) return;
    if (l->name)
        for (int32_t i = 0; i < l->n; i++) free(l->name[i]);
    free(l->name);
    free(l->s);
    free(l->p);
    free(l);
}

int gs_land_set_name(gs_land *l, int32_t i, const char *name, gs_err *e)
{
    char *c = strdup(name);
    if (!c) return gs_err_set(e, GS_ERUN, "out of memory (actor name)");
    free(l->name[i]);
    l->name[i] = c;
    return GS_OK;
}

/* Actor i's name for messages ("#i" when unnamed). */
static const char *nm(const gs_land *l, int32_t i, char *buf, size_t len)
{
    if (l->name && l->name[i]) return l->name[i];
    snprintf(buf, len, "#%d", (int)i);
    return buf;
}

int gs_land_check(const gs_land *l, gs_err *e)
{
    if (!l || l->n < 2)
        return gs_err_set(e, GS_EINPUT, "landscape: need at least 2 actors, got %d",
                          l ? (int)l->n : 0);
    int32_t n = l->n;
    char a[32], b[32];
    for (int32_t i = 0; i < n; i++)
        if (!isfinite(l->s[i]) || !(l->s[i] > 0))
            return gs_err_set(e, GS_EINPUT, "landscape: size of '%s' is %.17g, must be > 0",
                              nm(l, i, a, sizeof a), l->s[i]);
    for (int32_t i = 0; i < n; i++) {
        if (l->p[(size_t)i * n + i] != 0)
            return gs_err_set(e, GS_EINPUT, "landscape: p[%s][%s] = %.17g, the diagonal must be 0",
                              nm(l, i, a, sizeof a), nm(l, i, a, sizeof a),
                              l->p[(size_t)i * n + i]);
        for (int32_t j = 0; j < n; j++) {
            double x = l->p[(size_t)i * n + j], y = l->p[(size_t)j * n + i];
            if (!isfinite(x))
                return gs_err_set(e, GS_EINPUT, "landscape: p[%s][%s] = %g is not finite",
                                  nm(l, i, a, sizeof a), nm(l, j, b, sizeof b), x);
            if (x != y)
                return gs_err_set(e, GS_EINPUT, "landscape: p[%s][%s] = %.17g but p[%s][%s] = %.17g",
                                  nm(l, i, a, sizeof a), nm(l, j, b, sizeof b), x,
                                  nm(l, j, b, sizeof b), nm(l, i, a, sizeof a), y);
        }
    }
    return GS_OK;
}

double gs_land_scale(const gs_land *l)
{
    int32_t n = l->n;
    double sc = 0;
    for (int32_t i = 0; i < n; i++) {
        double row = 0;
        for (int32_t j = 0; j < n; j++)
            if (j != i) row += l->s[j] * fabs(l->p[(size_t)i * n + j]);
        sc += l->s[i] * row;
    }
    return sc;
}

double gs_land_energy(const gs_land *l, const uint8_t *camp)
{
    int32_t n = l->n;
    double E = 0;
    for (int32_t i = 0; i < n; i++) {
        double row = 0;
        const double *pi = l->p + (size_t)i * n;
        for (int32_t j = 0; j < n; j++)
            if (camp[j] != camp[i]) row += l->s[j] * pi[j];
        E += l->s[i] * row;
    }
    return E;
}

void gs_land_terms(const gs_land *l, const uint8_t *camp, double *frustration, double *delta)
{
    int32_t n = l->n;
    for (int32_t i = 0; i < n; i++) {
        double same = 0, diff = 0;
        const double *pi = l->p + (size_t)i * n;
        for (int32_t j = 0; j < n; j++) {
            if (j == i) continue;
            if (camp[j] == camp[i])
                same += l->s[j] * pi[j];
            else
                diff += l->s[j] * pi[j];
        }
        if (frustration) frustration[i] = l->s[i] * diff;
        if (delta) delta[i] = 2 * l->s[i] * (same - diff);
    }
}

/* The same from a bitmask (n <= 30), also setting the spins x_i = +1 in
 * camp A, -1 in camp B. */
static double deltas_cfg(const gs_land *l, uint32_t cfg, double *D, double *x)
{
    int32_t n = l->n;
    double E = 0;
    for (int32_t i = 0; i < n; i++) {
        double same = 0, diff = 0;
        const double *pi = l->p + (size_t)i * n;
        uint32_t ci = (cfg >> i) & 1u;
        for (int32_t j = 0; j < n; j++) {
            if (j == i) continue;
            if (((cfg >> j) & 1u) == ci)
                same += l->s[j] * pi[j];
            else
                diff += l->s[j] * pi[j];
        }
        D[i] = 2 * l->s[i] * (same - diff);
        x[i] = ci ? -1.0 : 1.0;
        E += l->s[i] * diff;
    }
    return E;
}

/* The descent rule: -1 at a local minimum (no D_i < -tol), else the lowest
 * index among the actors with D_i < -tol and D_i within tol of the smallest
 * D.  The enumerator, the sampler, the annealer and (independently written)
 * the validation oracle all follow this one rule. */
static int choose(const double *D, int32_t n, double tol)
{
    /* Four running minima break the compare chain (this is the hot loop of
     * the enumeration); the minimum is the same whatever the grouping. */
    double b0 = 0, b1 = 0, b2 = 0, b3 = 0;
    int32_t i4 = n & ~3;
    for (int32_t i = 0; i < i4; i += 4) {
        b0 = D[i] < b0 ? D[i] : b0;
        b1 = D[i + 1] < b1 ? D[i + 1] : b1;
        b2 = D[i + 2] < b2 ? D[i + 2] : b2;
        b3 = D[i + 3] < b3 ? D[i + 3] : b3;
    }
    for (int32_t i = i4; i < n; i++) b0 = D[i] < b0 ? D[i] : b0;
    double best = b0 < b1 ? b0 : b1;
    best = best < b2 ? best : b2;
    best = best < b3 ? best : b3;
    if (!(best < -tol)) return -1;
    for (int32_t i = 0; i < n; i++)
        if (D[i] < -tol && D[i] <= best + tol) return (int)i;
    return -1; /* unreachable: the minimiser itself qualifies */
}

/* 1 when some switch lowers E by more than tol: the test of choose() < 0
 * without the choice. */
static int improvable(const double *D, int32_t n, double tol)
{
    for (int32_t i = 0; i < n; i++)
        if (D[i] < -tol) return 1;
    return 0;
}

/* Switches actor a of a bitmask configuration, updating D, the spins and E.
 * Q[a*n + j] = 4 s_a s_j p_aj (zero diagonal): D_j moves by -x_a x_j Q_aj,
 * a branch-free loop over one contiguous row. */
static void flip_cfg(const double *restrict Q, int32_t n, uint32_t *cfg, int32_t a,
                     double *restrict D, double *restrict x, double *E)
{
    const double *qa = Q + (size_t)a * n;
    double xa = x[a];
    *E += D[a];
    for (int32_t j = 0; j < n; j++) D[j] -= xa * x[j] * qa[j];
    D[a] = -D[a];
    x[a] = -xa;
    *cfg ^= 1u << a;
}

/* The same for camp bytes, without a precomputed Q (n may be large). */
static void flip_camp(const gs_land *l, uint8_t *camp, int32_t a, double *D)
{
    int32_t n = l->n;
    double sa4 = 4 * l->s[a];
    const double *pa = l->p + (size_t)a * n;
    for (int32_t j = 0; j < n; j++) {
        if (j == a) continue;
        /* p is symmetric: row a holds p_ja contiguously. */
        D[j] += (camp[j] == camp[a] ? -sa4 : sa4) * l->s[j] * pa[j];
    }
    D[a] = -D[a];
    camp[a] ^= 1u;
}

int64_t gs_land_descend(const gs_land *l, uint8_t *camp, double tol, double *field)
{
    int64_t moves = 0;
    gs_land_terms(l, camp, NULL, field);
    for (;;) {
        int a = choose(field, l->n, tol);
        if (a < 0) break;
        flip_camp(l, camp, a, field);
        moves++;
        if (moves % GS_LAND_REFRESH == 0) gs_land_terms(l, camp, NULL, field);
    }
    return moves;
}

void gs_land_result_free(gs_land_result *res)
{
    if (!res) return;
    if (res->min)
        for (size_t k = 0; k < res->nmin; k++) free(res->min[k].camp);
    free(res->min);
    free(res);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Sort order of the listing: energy, then config, then camp bytes. */
static int min_less(const gs_land_min *x, const gs_land_min *y, int32_t n)
{
    if (x->energy != y->energy) return x->energy < y->energy;
    if (x->config != y->config) return x->config < y->config;
    return memcmp(x->camp, y->camp, (size_t)n) < 0;
}

/* Stable bottom-up merge sort (qsort has no context argument for n, and a
 * file-level variable would be shared mutable state). */
static int sort_minima(gs_land_result *res, gs_err *e)
{
    size_t N = res->nmin;
    if (N < 2) return GS_OK;
    gs_land_min *tmp = gs_malloc(N, sizeof *tmp, "sorting minima", e);
    if (!tmp) return GS_ERUN;
    gs_land_min *a = res->min, *b = tmp;
    for (size_t w = 1; w < N; w *= 2) {
        for (size_t lo = 0; lo < N; lo += 2 * w) {
            size_t mid = lo + w < N ? lo + w : N, hi = lo + 2 * w < N ? lo + 2 * w : N;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) b[k++] = min_less(&a[j], &a[i], res->n) ? a[j++] : a[i++];
            while (i < mid) b[k++] = a[i++];
            while (j < hi) b[k++] = a[j++];
        }
        gs_land_min *t = a;
        a = b;
        b = t;
    }
    if (a != res->min) memcpy(res->min, a, N * sizeof *a);
    free(tmp);
    return GS_OK;
}

/* Position of index idx in the sorted list of minimum indices, or -1. */
static int64_t find_idx(const uint32_t *idx, size_t n, uint32_t key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (idx[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && idx[lo] == key ? (int64_t)lo : -1;
}

/* Follows the successor table to each configuration's minimum, compressing
 * paths, then counts basin sizes per minimum (basin[k] for midx[k]). */
static int resolve_basins(uint32_t *next, uint64_t N, const uint32_t *midx, size_t nmin,
                          uint64_t *basin, gs_err *e)
{
    size_t cap = 64, top;
    uint32_t *stack = gs_malloc(cap, sizeof *stack, "basin path", e);
    if (!stack) return GS_ERUN;
    for (uint64_t k = 0; k < N; k++) {
        if (next[k] & RESOLVED) continue;
        top = 0;
        uint32_t cur = (uint32_t)k, root;
        uint64_t steps = 0;
        for (;;) {
            if (next[cur] & RESOLVED) {
                root = next[cur] & ~RESOLVED;
                break;
            }
            if (top == cap) {
                uint32_t *ns = realloc(stack, 2 * cap * sizeof *stack);
                if (!ns) {
                    free(stack);
                    return gs_err_set(e, GS_ERUN, "out of memory (basin path)");
                }
                stack = ns;
                cap *= 2;
            }
            stack[top++] = cur;
            if (next[cur] == cur) {
                root = cur;
                break;
            }
            cur = next[cur];
            if (++steps > N) {
                free(stack);
                return gs_err_set(e, GS_ERUN, "landscape: descent cycle (internal error)");
            }
        }
        for (size_t t = 0; t < top; t++) next[stack[t]] = root | RESOLVED;
    }
    free(stack);
    for (uint64_t k = 0; k < N; k++) {
        int64_t pos = find_idx(midx, nmin, next[k] & ~RESOLVED);
        if (pos < 0) return gs_err_set(e, GS_ERUN, "landscape: basin ends off the minima (internal error)");
        basin[pos]++;
    }
    return GS_OK;
}

/* Per-thread list of minimum indices. */
typedef struct idx_list {
    uint32_t *v;
    size_t n, cap;
} idx_list;

static int idx_push(idx_list *L, uint32_t x)
{
    if (L->n == L->cap) {
        size_t nc = L->cap ? 2 * L->cap : 256;
        uint32_t *nv = realloc(L->v, nc * sizeof *nv);
        if (!nv) return -1;
        L->v = nv;
        L->cap = nc;
    }
    L->v[L->n++] = x;
    return 0;
}

gs_land_result *gs_land_enumerate(const gs_land *l, gsl_rng *r, double *energy_out, gs_err *e)
{
    if (!l || l->n < 2 || l->n > GS_LAND_MAX_EXACT) {
        gs_err_set(e, GS_EINPUT, "landscape: enumeration needs 2 to %d actors, got %d",
                   GS_LAND_MAX_EXACT, l ? (int)l->n : 0);
        return NULL;
    }
    int32_t n = l->n;
    int m = n - 1;
    uint64_t N = (uint64_t)1 << m;
    int exact = n <= GS_LAND_MAX_BASIN;
    if (!exact && !r) {
        gs_err_set(e, GS_EINPUT, "landscape: sampled basins need a random stream");
        return NULL;
    }
    gs_land_result *res = gs_calloc(1, sizeof *res, "landscape result", e);
    uint32_t *next = NULL, *midx = NULL;
    uint64_t *basin = NULL;
    double *F = NULL, *Q = NULL;
    uint8_t *camp = NULL;
    idx_list *lists = NULL;
    int nthreads = 1;
    if (!res) goto fail;
    res->n = n;
    res->method = GS_LAND_ENUMERATE;
    res->basin_kind = exact ? GS_LAND_BASIN_EXACT : GS_LAND_BASIN_SAMPLED;
    res->nconfig = N;
    res->nstart = exact ? N : GS_LAND_BASIN_SAMPLES;
    res->scale = gs_land_scale(l);
    res->tol = GS_LAND_RTOL * res->scale;
    double tol = res->tol;
    if (exact && !(next = gs_malloc(N, sizeof *next, "basin table", e))) goto fail;
    if (!(Q = gs_malloc((size_t)n * n, sizeof *Q, "switch couplings", e))) goto fail;
    for (int32_t i = 0; i < n; i++)
        for (int32_t j = 0; j < n; j++)
            Q[(size_t)i * n + j] = 4 * l->s[i] * l->s[j] * l->p[(size_t)i * n + j];

    int low = m < GS_LAND_BLOCK_BITS ? m : GS_LAND_BLOCK_BITS;
    uint64_t nblock = N >> low, blen = (uint64_t)1 << low;
#ifdef _OPENMP
    nthreads = omp_get_max_threads();
#endif
    lists = gs_calloc((size_t)nthreads, sizeof *lists, "minima lists", e);
    if (!lists) goto fail;
    int failed = 0; /* 1 out of memory, 2 too many minima */
#pragma omp parallel num_threads(nthreads)
    {
        int tid = 0;
#ifdef _OPENMP
        tid = omp_get_thread_num();
#endif
        idx_list *L = &lists[tid];
        double *D = malloc(2 * (size_t)n * sizeof *D), *x = D ? D + n : NULL;
        if (!D) __atomic_store_n(&failed, 1, __ATOMIC_RELAXED);
#pragma omp for schedule(dynamic, 1)
        for (uint64_t b = 0; b < nblock; b++) {
            if (__atomic_load_n(&failed, __ATOMIC_RELAXED) || !D) continue;
            uint32_t cfg = (uint32_t)((b << low) << 1);
            double E = deltas_cfg(l, cfg, D, x);
            for (uint64_t g = 0; g < blen; g++) {
                uint32_t idx = cfg >> 1;
                if (energy_out) energy_out[idx] = E;
                /* Without a basin table only "minimum or not" matters, and
                 * the first improving switch answers it (most configurations
                 * have many). */
                int a = next ? choose(D, n, tol) : improvable(D, n, tol) ? 0 : -1;
                if (a < 0 && (idx_push(L, idx) || L->n > GS_LAND_MAX_MINIMA)) {
                    __atomic_store_n(&failed, L->n > GS_LAND_MAX_MINIMA ? 2 : 1,
                                     __ATOMIC_RELAXED);
                    break;
                }
                if (next)
                    next[idx] = a < 0 ? idx
                                : a == 0 ? idx ^ (uint32_t)(N - 1)
                                         : idx ^ (1u << (a - 1));
                if (g + 1 == blen) break;
                int bit = __builtin_ctzll(g + 1);
                flip_cfg(Q, n, &cfg, bit + 1, D, x, &E);
                if ((g + 1) % GS_LAND_REFRESH == 0) E = deltas_cfg(l, cfg, D, x);
            }
        }
        free(D);
    }
    if (failed == 2) {
        gs_err_set(e, GS_EINPUT,
                   "landscape: more than %d local minima (a flat landscape: most switches "
                   "change nothing)", GS_LAND_MAX_MINIMA);
        goto fail;
    }
    if (failed) {
        gs_err_set(e, GS_ERUN, "out of memory (landscape enumeration)");
        goto fail;
    }

    /* Merge the per-thread lists into one sorted list of indices. */
    size_t nmin = 0;
    for (int t = 0; t < nthreads; t++) nmin += lists[t].n;
    if (nmin > GS_LAND_MAX_MINIMA) {
        gs_err_set(e, GS_EINPUT,
                   "landscape: more than %d local minima (a flat landscape: most switches "
                   "change nothing)", GS_LAND_MAX_MINIMA);
        goto fail;
    }
    midx = gs_malloc(nmin, sizeof *midx, "minima", e);
    basin = gs_calloc(nmin, sizeof *basin, "basins", e);
    if (!midx || !basin) goto fail;
    size_t k = 0;
    for (int t = 0; t < nthreads; t++) {
        if (lists[t].n) memcpy(midx + k, lists[t].v, lists[t].n * sizeof *midx);
        k += lists[t].n;
    }
    qsort(midx, nmin, sizeof *midx, cmp_u32);

    if (exact) {
        if (resolve_basins(next, N, midx, nmin, basin, e)) goto fail;
    } else {
        F = gs_malloc((size_t)n, sizeof *F, "fields", e);
        camp = gs_malloc((size_t)n, 1, "camps", e);
        if (!F || !camp) goto fail;
        for (uint64_t t = 0; t < GS_LAND_BASIN_SAMPLES; t++) {
            uint32_t cfg = (uint32_t)gsl_rng_uniform_int(r, (unsigned long)N) << 1;
            for (int32_t i = 0; i < n; i++) camp[i] = (cfg >> i) & 1u;
            gs_land_descend(l, camp, tol, F);
            uint32_t c = 0;
            for (int32_t i = 0; i < n; i++) c |= (uint32_t)(camp[i] ^ camp[0]) << i;
            int64_t pos = find_idx(midx, nmin, c >> 1);
            if (pos < 0) {
                gs_err_set(e, GS_ERUN, "landscape: descent ended off the minima (internal error)");
                goto fail;
            }
            basin[pos]++;
        }
    }

    res->min = gs_calloc(nmin, sizeof *res->min, "minima", e);
    if (!res->min) goto fail;
    res->nmin = nmin;
    for (size_t q = 0; q < nmin; q++) {
        gs_land_min *mm = &res->min[q];
        mm->config = midx[q] << 1;
        mm->basin = basin[q];
        mm->camp = gs_malloc((size_t)n, 1, "minimum camps", e);
        if (!mm->camp) goto fail;
        for (int32_t i = 0; i < n; i++) mm->camp[i] = (mm->config >> i) & 1u;
        mm->energy = gs_land_energy(l, mm->camp);
    }
    if (sort_minima(res, e)) goto fail;
    goto done;
fail:
    gs_land_result_free(res);
    res = NULL;
done:
    if (lists)
        for (int t = 0; t < nthreads; t++) free(lists[t].v);
    free(lists);
    free(next);
    free(Q);
    free(midx);
    free(basin);
    free(F);
    free(camp);
    return res;
}

gs_land_result *gs_land_anneal(const gs_land *l, int64_t sweeps, int64_t runs, gsl_rng *r,
                               gs_err *e)
{
    if (!l || l->n < 2 || sweeps < 1 || runs < 1 || !r) {
        gs_err_set(e, GS_EINPUT, "landscape: annealing needs >= 2 actors, sweeps >= 1, "
                                 "runs >= 1 and a random stream");
        return NULL;
    }
    int32_t n = l->n;
    gs_land_result *res = gs_calloc(1, sizeof *res, "landscape result", e);
    double *F = gs_malloc((size_t)n, sizeof *F, "fields", e);
    uint8_t *camp = gs_malloc((size_t)n, 1, "camps", e);
    if (!res || !F || !camp) goto fail;
    res->n = n;
    res->method = GS_LAND_ANNEAL;
    res->basin_kind = GS_LAND_BASIN_RUNS;
    res->nstart = (uint64_t)runs;
    res->sweeps = sweeps;
    res->scale = gs_land_scale(l);
    res->tol = GS_LAND_RTOL * res->scale;
    res->min = gs_calloc((size_t)runs, sizeof *res->min, "minima", e);
    if (!res->min) goto fail;

    /* T0 is the largest |dE| any actor can face: at T0 the dynamics is
     * close to random; 1e-6 * T0 freezes all but negligible actors, and the
     * final descent settles those. */
    double T0 = 0;
    for (int32_t i = 0; i < n; i++) {
        double row = 0;
        for (int32_t j = 0; j < n; j++) row += l->s[j] * fabs(l->p[(size_t)i * n + j]);
        if (2 * l->s[i] * row > T0) T0 = 2 * l->s[i] * row;
    }
    if (!(T0 > 0)) T0 = 1;
    double ratio = sweeps > 1 ? pow(1e-6, 1.0 / (double)(sweeps - 1)) : 1;

    for (int64_t run = 0; run < runs; run++) {
        for (int32_t i = 0; i < n; i++) camp[i] = (uint8_t)gsl_rng_uniform_int(r, 2);
        gs_land_terms(l, camp, NULL, F);
        double T = T0;
        for (int64_t sw = 0; sw < sweeps; sw++) {
            for (int32_t k = 0; k < n; k++) {
                int32_t i = (int32_t)gsl_rng_uniform_int(r, (unsigned long)n);
                double x = F[i] / T;
                double pr = x > 700 ? 0 : x < -700 ? 1 : 1 / (1 + exp(x));
                if (gsl_rng_uniform(r) < pr) flip_camp(l, camp, i, F);
            }
            T *= ratio;
        }
        gs_land_descend(l, camp, res->tol, F);
        if (camp[0])
            for (int32_t i = 0; i < n; i++) camp[i] ^= 1u;
        size_t q;
        for (q = 0; q < res->nmin; q++)
            if (!memcmp(res->min[q].camp, camp, (size_t)n)) break;
        if (q == res->nmin) {
            gs_land_min *mm = &res->min[res->nmin];
            mm->camp = gs_malloc((size_t)n, 1, "minimum camps", e);
            if (!mm->camp) goto fail;
            res->nmin++;
            memcpy(mm->camp, camp, (size_t)n);
            mm->energy = gs_land_energy(l, camp);
            if (n <= 32)
                for (int32_t i = 0; i < n; i++) mm->config |= (uint32_t)camp[i] << i;
        }
        res->min[q].basin++;
    }
    if (sort_minima(res, e)) goto fail;
    free(F);
    free(camp);
    return res;
fail:
    gs_land_result_free(res);
    free(F);
    free(camp);
    return NULL;
}

gs_land_result *gs_land_solve(const gs_land *l, int64_t sweeps, int64_t runs, gsl_rng *r,
                              gs_err *e)
{
    if (l && l->n <= GS_LAND_MAX_EXACT) return gs_land_enumerate(l, r, NULL, e);
    return gs_land_anneal(l, sweeps, runs, r, e);
}

/* The world formula (landscape.h, models/README.md §6).  Shared by
 * `govsim landscape` (sim/landscape_io.c) and the alignment rule
 * `landscape` (models/align_land.c), so both read the same numbers. */
int gs_land_world_fill(const gs_world *w, const double *const *attr, const gs_params *p,
                       const int32_t *sel, int32_t n, double *s, double *prop, gs_err *e)
{
    static const int groups[] = {GS_A_NATO, GS_A_RIO, GS_A_US_TREATY, GS_A_SCO, GS_A_BRICS};
    if (!w || !p || !s || !prop || n < 1 || n > w->n)
        return gs_err_set(e, GS_EINPUT, "landscape: bad arguments to the world formula");
    if (!attr) attr = (const double *const *)w->attr;
    const double *gdp = attr[GS_A_GDP], *lib = attr[GS_A_LIBDEM];
    if (!gdp || !lib)
        return gs_err_set(e, GS_EINPUT, "landscape: the world has no %s column",
                          gdp ? "libdem" : "gdp_usd");
    for (int32_t a = 0; a < n; a++) {
        int32_t i = sel ? sel[a] : a;
        if (!isfinite(gdp[i]) || !(gdp[i] > 0))
            return gs_err_set(e, GS_EINPUT,
                              "landscape: nation %s has gdp_usd = %g; landscape sizes are GDP "
                              "shares and need a positive GDP",
                              w->iso3[i], gdp[i]);
        if (!isfinite(lib[i]))
            return gs_err_set(e, GS_EINPUT, "landscape: nation %s has no libdem value", w->iso3[i]);
    }
    int32_t *actor = NULL;
    if (sel) { /* world node -> actor index, -1 when not selected */
        actor = gs_malloc((size_t)w->n, sizeof *actor, "landscape order", e);
        if (!actor) return GS_ERUN;
        for (int32_t i = 0; i < w->n; i++)
            actor[i] = -1;
        for (int32_t a = 0; a < n; a++)
            actor[sel[a]] = a;
    }
    double total = 0;
    for (int32_t a = 0; a < n; a++)
        total += gdp[sel ? sel[a] : a];
    for (int32_t a = 0; a < n; a++)
        s[a] = gdp[sel ? sel[a] : a] / total;
    /* Trade intensities w_ij / sqrt(W_i W_j), row by row into prop; each
     * pair is then averaged over its two rows (equal for a symmetric layer,
     * and exactly symmetric whatever the rounding). */
    memset(prop, 0, (size_t)n * (size_t)n * sizeof *prop);
    const gs_csr *tr = &w->layer[GS_L_TRADE];
    if (tr->rowptr)
        for (int32_t a = 0; a < n; a++) {
            int32_t i = sel ? sel[a] : a;
            for (int64_t k = tr->rowptr[i]; k < tr->rowptr[i + 1]; k++) {
                int32_t b = actor ? actor[tr->col[k]] : tr->col[k];
                double den = tr->wsum[i] * tr->wsum[tr->col[k]];
                if (b >= 0 && b != a && den > 0) prop[(size_t)a * n + b] += tr->w[k] / sqrt(den);
            }
        }
    for (int32_t a = 0; a < n; a++)
        for (int32_t b = a + 1; b < n; b++) {
            int32_t i = sel ? sel[a] : a, j = sel ? sel[b] : b;
            int shared = 0;
            for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
                shared += attr[groups[g]] && attr[groups[g]][i] > 0.5 && attr[groups[g]][j] > 0.5;
            double trade = 0.5 * (prop[(size_t)a * n + b] + prop[(size_t)b * n + a]);
            double v = p->land_w_alliance * shared + p->land_w_trade * trade -
                       p->land_w_regime * fabs(lib[i] - lib[j]);
            prop[(size_t)a * n + b] = prop[(size_t)b * n + a] = v;
        }
    free(actor);
    return GS_OK;
}
