/* world_synth.c - synthetic worlds from igraph's generators, for theory
 * (known results on known graphs) and for scale (up to 10^7 nodes and more).
 *
 * world.kind and the graph (undirected, simple, unit weights), with
 * n = world.n and d = world.degree:
 *   er       G(n, m) with m = round(n d / 2) edges (igraph_erdos_renyi_game_gnm).
 *   ba       Barabasi-Albert preferential attachment, m = round(d / 2) edges
 *            per new node, attachment proportional to total degree + 1
 *            (igraph_barabasi_game, psumtree: no multi-edges).  Mean degree
 *            is about 2m.
 *   ws       Watts-Strogatz ring with nei = round(d / 2) neighbours on each
 *            side, rewired with probability world.ws_p.
 *   sbm      stochastic block model with B = world.sbm_blocks blocks of equal
 *            size (the first n mod B blocks get one node more), within-block
 *            probability p_in = r p_out with r = world.sbm_ratio, and p_out
 *            chosen so that the expected degree is d:
 *            p_out = d / (r (s - 1) + (n - s)), s = n / B.  p_in > 1 is an
 *            error.
 *   lattice  2-D square lattice with periodic boundaries (a torus); n must be
 *            a perfect square (side = sqrt(n)); nodes within r lattice steps
 *            are linked, r >= 1 being the radius whose degree 2r(r+1) is
 *            closest to d (d = 6 gives r = 1: the four nearest neighbours).
 *            The side must exceed 2r.
 *   complete no stored edges: implicit_complete = 1 and the model reads global
 *            counts (10^7 nodes would need 5 * 10^13 edges).
 * The graph is the trade layer (weights 1); the other layers are empty.
 *
 * Nodes are coded "N" + the node index, zero-padded to six digits or to the
 * width of n - 1 when larger ("N000042", "N0000042" when n > 10^6); names
 * point to the codes.  The poles are nodes 0 (us) and 1 (cn): for ba those
 * are the two oldest and typically highest-degree nodes.
 *
 * Attributes are drawn, node by node in index order, from the stream
 * (seed, GS_RNG_WORLD, 0, 0):
 *   population       lognormal, median 10^7, log-s.d. 1.5
 *   gdp_per_capita   lognormal, median 6,000 USD, log-s.d. 1.2
 *   gdp_usd          population * gdp_per_capita
 *   internet_pct     100 * Beta(2.5, 1.5)   (mean 62.5)
 *   electricity_pct  100 * Beta(5, 1)       (mean 83)
 *   libdem           uniform on [0, 1]
 *   capital_lat/lon  uniform on the sphere
 *   memberships      0 (no institutional ties; bri_year/bri_exit none)
 *   global_south     1 when gdp_per_capita is below the median
 *   region           "block k" (sbm: the node's block), else "synthetic";
 *                    the subregion is the same name.
 * Derived attributes then follow world.c's rules.  igraph's RNG is seeded
 * with the same seed, so one seed gives one world, bit for bit. */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "world_impl.h"

static const char *const kind_names[] = {"data", "er", "ba", "ws", "sbm", "lattice", "complete"};

/* The generator's own parameters, checked before anything big is allocated. */
typedef struct {
    int64_t m;        /* er: edges; ba: edges per node */
    int64_t nei;      /* ws: neighbours per side; lattice: radius */
    int64_t side;     /* lattice */
    double p_in, p_out; /* sbm */
} synth_plan;

static int plan(const gs_params *p, synth_plan *sp, gs_err *e)
{
    int64_t n = p->world_n;
    double d = p->world_degree;
    memset(sp, 0, sizeof *sp);
    if (n > INT32_MAX)
        return gs_err_set(e, GS_EINPUT, "world.n = %lld: at most %d nodes", (long long)n, INT32_MAX);
    switch (p->world_kind) {
    case GS_WORLD_ER: {
        double m = llround((double)n * d / 2), max = (double)n * (double)(n - 1) / 2;
        if (m > max)
            return gs_err_set(e, GS_EINPUT, "world.degree = %g: an er world of %lld nodes has at "
                                            "most degree %lld",
                              d, (long long)n, (long long)(n - 1));
        sp->m = (int64_t)m;
        break;
    }
    case GS_WORLD_BA:
        sp->m = llround(d / 2);
        if (sp->m < 1)
            return gs_err_set(e, GS_EINPUT, "world.degree = %g: a ba world needs degree >= 1 "
                                            "(m = round(degree/2) edges per node)",
                              d);
        if (sp->m >= n)
            return gs_err_set(e, GS_EINPUT, "world.degree = %g is too large for %lld nodes", d,
                              (long long)n);
        break;
    case GS_WORLD_WS:
        sp->nei = llround(d / 2);
        if (sp->nei < 1)
            return gs_err_set(e, GS_EINPUT, "world.degree = %g: a ws world needs degree >= 1", d);
        if (2 * sp->nei >= n)
            return gs_err_set(e, GS_EINPUT, "world.degree = %g is too large for a ws ring of %lld "
                                            "nodes",
                              d, (long long)n);
        break;
    case GS_WORLD_SBM: {
        int64_t b = p->world_sbm_blocks;
        if (b > n)
            return gs_err_set(e, GS_EINPUT, "world.sbm_blocks = %lld exceeds world.n = %lld",
                              (long long)b, (long long)n);
        double s = (double)n / (double)b, r = p->world_sbm_ratio;
        double denom = b == 1 ? (double)(n - 1) : r * (s - 1) + ((double)n - s);
        sp->p_out = denom > 0 ? d / denom : 0;
        sp->p_in = b == 1 ? sp->p_out : r * sp->p_out;
        if (sp->p_in > 1)
            return gs_err_set(e, GS_EINPUT, "world.degree = %g with world.sbm_ratio = %g needs a "
                                            "within-block probability %g > 1",
                              d, r, sp->p_in);
        break;
    }
    case GS_WORLD_LATTICE: {
        int64_t side = llround(sqrt((double)n));
        if (side * side != n)
            return gs_err_set(e, GS_EINPUT, "world.n = %lld: a lattice world needs a perfect square "
                                            "(e.g. %lld or %lld)",
                              (long long)n, (long long)((side - 1) * (side - 1)),
                              (long long)(side * side > n ? side * side : (side + 1) * (side + 1)));
        int64_t r = 1;
        while (fabs(2.0 * (r + 1) * (r + 2) - d) < fabs(2.0 * r * (r + 1) - d)) r++;
        if (side <= 2 * r)
            return gs_err_set(e, GS_EINPUT, "world.n = %lld: a lattice of side %lld is too small "
                                            "for radius %lld (degree %g)",
                              (long long)n, (long long)side, (long long)r, d);
        sp->side = side;
        sp->nei = r;
        break;
    }
    case GS_WORLD_COMPLETE:
        break;
    default:
        return gs_err_set(e, GS_EINPUT, "world.kind %d is not a synthetic kind", p->world_kind);
    }
    return GS_OK;
}

/* Block sizes of an sbm world (equal, remainder to the first blocks). */
static int64_t block_size(int64_t n, int64_t b, int64_t k)
{
    return n / b + (k < n % b ? 1 : 0);
}

static int regions(gs_world *w, const gs_params *p, gs_err *e)
{
    if (p->world_kind != GS_WORLD_SBM) {
        if (gs_world_intern(&w->region_names, &w->nregions, "synthetic", e) < 0 ||
            gs_world_intern(&w->subregion_names, &w->nsubregions, "synthetic", e) < 0)
            return GS_ERUN;
        return GS_OK; /* region[] and subregion[] are already 0 */
    }
    int64_t b = p->world_sbm_blocks, i = 0;
    for (int64_t k = 0; k < b; k++) {
        char nm[32];
        snprintf(nm, sizeof nm, "block %lld", (long long)k + 1);
        if (gs_world_intern(&w->region_names, &w->nregions, nm, e) < 0 ||
            gs_world_intern(&w->subregion_names, &w->nsubregions, nm, e) < 0)
            return GS_ERUN;
        for (int64_t s = block_size(w->n, b, k); s > 0; s--, i++)
            w->region[i] = w->subregion[i] = (int32_t)k;
    }
    return GS_OK;
}

static int attributes(gs_world *w, const gs_params *p, gs_err *e)
{
    gsl_rng *r = gs_rng_alloc((uint64_t)p->seed, GS_RNG_WORLD, 0, 0, e);
    if (!r) return GS_ERUN;
    double **a = w->attr;
    for (int32_t i = 0; i < w->n; i++) {
        a[GS_A_POPULATION][i] = gsl_ran_lognormal(r, log(1e7), 1.5);
        a[GS_A_GDPPC][i] = gsl_ran_lognormal(r, log(6000.0), 1.2);
        a[GS_A_GDP][i] = a[GS_A_POPULATION][i] * a[GS_A_GDPPC][i];
        a[GS_A_INTERNET][i] = 100 * gsl_ran_beta(r, 2.5, 1.5);
        a[GS_A_ELECTRICITY][i] = 100 * gsl_ran_beta(r, 5, 1);
        a[GS_A_LIBDEM][i] = gsl_rng_uniform(r);
        a[GS_A_LAT][i] = asin(2 * gsl_rng_uniform(r) - 1) * 180 / M_PI;
        a[GS_A_LON][i] = 360 * gsl_rng_uniform(r) - 180;
        for (int t = GS_A_NATO; t <= GS_A_GLOBAL_SOUTH; t++)
            if (t != GS_A_BRI_YEAR && t != GS_A_BRI_EXIT) a[t][i] = 0;
    }
    gsl_rng_free(r);
    double *tmp = gs_malloc((size_t)w->n, sizeof *tmp, "synthetic world", e);
    if (!tmp) return GS_ERUN;
    memcpy(tmp, a[GS_A_GDPPC], (size_t)w->n * sizeof *tmp);
    double med = gsl_stats_median(tmp, 1, (size_t)w->n); /* quickselect; reorders tmp */
    free(tmp);
    for (int32_t i = 0; i < w->n; i++) a[GS_A_GLOBAL_SOUTH][i] = a[GS_A_GDPPC][i] < med;
    return GS_OK;
}

static int generate(gs_world *w, const gs_params *p, const synth_plan *sp, gs_err *e)
{
    igraph_t g;
    igraph_error_t irc = IGRAPH_SUCCESS;
    igraph_integer_t n = w->n;
    igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)p->seed);
    switch (p->world_kind) {
    case GS_WORLD_ER:
        irc = igraph_erdos_renyi_game_gnm(&g, n, sp->m, IGRAPH_UNDIRECTED, IGRAPH_NO_LOOPS);
        break;
    case GS_WORLD_BA:
        irc = igraph_barabasi_game(&g, n, 1.0, sp->m, NULL, 1, 1.0, IGRAPH_UNDIRECTED,
                                   IGRAPH_BARABASI_PSUMTREE, NULL);
        break;
    case GS_WORLD_WS:
        irc = igraph_watts_strogatz_game(&g, 1, n, sp->nei, p->world_ws_p, 0, 0);
        break;
    case GS_WORLD_SBM: {
        int64_t b = p->world_sbm_blocks;
        igraph_matrix_t pref;
        igraph_vector_int_t sizes;
        if ((irc = igraph_matrix_init(&pref, b, b))) break;
        if ((irc = igraph_vector_int_init(&sizes, b))) {
            igraph_matrix_destroy(&pref);
            break;
        }
        for (int64_t x = 0; x < b; x++) {
            VECTOR(sizes)[x] = block_size(n, b, x);
            for (int64_t y = 0; y < b; y++) MATRIX(pref, x, y) = x == y ? sp->p_in : sp->p_out;
        }
        irc = igraph_sbm_game(&g, n, &pref, &sizes, IGRAPH_UNDIRECTED, IGRAPH_NO_LOOPS);
        igraph_matrix_destroy(&pref);
        igraph_vector_int_destroy(&sizes);
        break;
    }
    case GS_WORLD_LATTICE: {
        igraph_vector_int_t dim;
        igraph_vector_bool_t circ;
        if ((irc = igraph_vector_int_init(&dim, 2))) break;
        if ((irc = igraph_vector_bool_init(&circ, 2))) {
            igraph_vector_int_destroy(&dim);
            break;
        }
        VECTOR(dim)[0] = VECTOR(dim)[1] = sp->side;
        VECTOR(circ)[0] = VECTOR(circ)[1] = 1;
        irc = igraph_square_lattice(&g, &dim, sp->nei, IGRAPH_UNDIRECTED, 0, &circ);
        igraph_vector_int_destroy(&dim);
        igraph_vector_bool_destroy(&circ);
        break;
    }
    default:
        return GS_OK;
    }
    if (irc != IGRAPH_SUCCESS) return gs_igraph_fail(irc, e, "generating the world");
    gs_csr_free(&w->layer[GS_L_TRADE]);
    int rc = gs_csr_from_igraph(&w->layer[GS_L_TRADE], &g, NULL, e);
    igraph_destroy(&g);
    return rc;
}

int gs_world_synth(gs_world *w, const gs_params *p, gs_err *e)
{
    synth_plan sp;
    int rc;
    gs_igraph_guard guard;
    if ((rc = plan(p, &sp, e)) != GS_OK) return rc;
    w->kind = p->world_kind;
    if ((rc = gs_world_alloc_nodes(w, (int32_t)p->world_n, e)) != GS_OK) return rc;
    int width = 6;
    for (int64_t x = (int64_t)w->n - 1; x >= 1000000; x /= 10) width++;
    for (int32_t i = 0; i < w->n; i++) {
        char *s = w->iso3[i]; /* "N" + width digits: at most 10 chars for n <= 2^31 */
        s[0] = 'N';
        int32_t v = i;
        for (int d = width; d >= 1; d--, v /= 10) s[d] = (char)('0' + v % 10);
        s[width + 1] = '\0';
        w->name[i] = s;
    }
    if ((rc = regions(w, p, e)) != GS_OK) return rc;
    if ((rc = attributes(w, p, e)) != GS_OK) return rc;
    w->pole[GS_US] = 0;
    w->pole[GS_CN] = 1;
    w->implicit_complete = p->world_kind == GS_WORLD_COMPLETE;
    gs_igraph_begin(&guard, 0);
    rc = generate(w, p, &sp, e);
    gs_igraph_end(&guard);
    if (rc != GS_OK) return rc;
    w->source = gs_malloc(160, 1, "world", e);
    if (!w->source) return GS_ERUN;
    snprintf(w->source, 160, "synthetic %s: n=%d, degree=%g, seed=%lld",
             kind_names[p->world_kind], (int)w->n, p->world_degree, (long long)p->seed);
    return GS_OK;
}
