/* summary.c - ensemble statistics over replicates, see summary.h.
 *
 * The writer summarises every (point, time, component) of the share and
 * scalar series at close, so this runs ~40 times per replicate's worth of
 * data.  The statistics are GSL's, on the sorted values (the mean and sd
 * are running sums in that order, so the order is part of the result): the
 * values are sorted here by counting when they take few distinct values,
 * else by a radix sort on the leading bits, instead of gsl_sort's heapsort.
 * Two sorts of the same doubles give the same array unless they hold both
 * -0.0 and +0.0 (equal, yet different bits): such input goes to gsl_sort,
 * so the result is gsl_sort's in every case. */
#include "summary.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

const char *const gs_stat_names[GS_NSTAT] = {"mean", "q05", "q50", "q95", "mcse"};

static inline uint64_t key_get(const double *p)
{
    uint64_t u;
    memcpy(&u, p, sizeof u);
    return u;
}
static inline void key_put(double *p, uint64_t u) { memcpy(p, &u, sizeof u); }

/* The sorts below work on keys: a double's bits mapped to an unsigned
 * integer of the same order (negative: all bits flipped; otherwise the
 * sign bit set), valid for every double but NaN, with -0.0 < +0.0. */
static inline uint64_t key_of(uint64_t bits)
{
    return bits ^ ((bits >> 63) ? ~(uint64_t)0 : (uint64_t)1 << 63);
}
static inline uint64_t bits_of(uint64_t key)
{
    return key ^ ((key >> 63) ? (uint64_t)1 << 63 : ~(uint64_t)0);
}

/* Ascending sort of the keys a[0..n-1] (stored in doubles' storage) by LSD
 * radix sort, one byte per pass, through tmp[n]: branch-free, where a
 * comparison sort mispredicts about every other comparison on replicate
 * values; a byte that every key shares costs no pass. */
static void radix_keys(double *a, size_t n, double *tmp)
{
    size_t cnt[8][256];
    memset(cnt, 0, sizeof cnt);
    for (size_t i = 0; i < n; i++) {
        uint64_t u = key_get(&a[i]);
        for (int d = 0; d < 8; d++) cnt[d][(u >> (8 * d)) & 255]++;
    }
    double *src = a, *dst = tmp;
    for (int d = 0; d < 8; d++) {
        size_t *c = cnt[d], sum = 0;
        if (c[(key_get(&src[0]) >> (8 * d)) & 255] == n) continue; /* one value: nothing moves */
        for (int b = 0; b < 256; b++) {
            size_t x = c[b];
            c[b] = sum;
            sum += x;
        }
        for (size_t i = 0; i < n; i++) {
            uint64_t u = key_get(&src[i]);
            key_put(&dst[c[(u >> (8 * d)) & 255]++], u);
        }
        double *t = src;
        src = dst;
        dst = t;
    }
    if (src != a) memcpy(a, src, n * sizeof *a);
}

/* Ascending sort of a[0..n-1] (no NaN, no -0.0), through tmp[n], for the
 * replicates of a real-valued series: a stable LSD radix sort on only the
 * 16 highest bits in which the keys differ (two byte passes, where
 * radix_keys needs one per differing byte, seven for most such series),
 * then an insertion pass that orders the keys sharing those 16 bits -
 * nearly sorted input, so it moves little and its loop exit predicts
 * well.  When it moves more than 4 n (values bunched far below the
 * spread, e.g. one outlier), the keys go to radix_keys.  The result is
 * the ascending order of the keys either way: the same array. */
static void top16_sort(double *a, size_t n, double *tmp)
{
    uint64_t or_ = 0, and_ = ~(uint64_t)0;
    for (size_t i = 0; i < n; i++) {
        uint64_t u = key_of(key_get(&a[i]));
        key_put(&a[i], u);
        or_ |= u;
        and_ &= u;
    }
    uint64_t diff = or_ ^ and_;
    if (diff) {
        int hb = 63 - __builtin_clzll(diff), sh = hb + 1 - 16 > 0 ? hb + 1 - 16 : 0;
        size_t c0[256], c1[256], s0 = 0, s1 = 0;
        memset(c0, 0, sizeof c0);
        memset(c1, 0, sizeof c1);
        for (size_t i = 0; i < n; i++) {
            uint64_t u = key_get(&a[i]) >> sh;
            c0[u & 255]++;
            c1[(u >> 8) & 255]++;
        }
        for (int b = 0; b < 256; b++) {
            size_t x = c0[b], y = c1[b];
            c0[b] = s0;
            c1[b] = s1;
            s0 += x;
            s1 += y;
        }
        for (size_t i = 0; i < n; i++) {
            uint64_t u = key_get(&a[i]);
            key_put(&tmp[c0[(u >> sh) & 255]++], u);
        }
        for (size_t i = 0; i < n; i++) {
            uint64_t u = key_get(&tmp[i]);
            key_put(&a[c1[(u >> (sh + 8)) & 255]++], u);
        }
        size_t moves = 0;
        for (size_t i = 1; i < n && moves <= 4 * n; i++) {
            uint64_t x = key_get(&a[i]);
            size_t j = i;
            for (; j > 0 && key_get(&a[j - 1]) > x; j--)
                key_put(&a[j], key_get(&a[j - 1]));
            key_put(&a[j], x);
            moves += i - j;
        }
        if (moves > 4 * n) radix_keys(a, n, tmp); /* still a permutation of the keys */
    }
    for (size_t i = 0; i < n; i++)
        key_put(&a[i], bits_of(key_get(&a[i])));
}

#define GS_FEW 64     /* distinct values sorted by few_sort */
#define GS_FEW_SLOTS 128 /* its hash table: power of two, > GS_FEW */

/* Ascending sort of a[0..n-1] (no NaN, no -0.0) when it holds at most GS_FEW
 * distinct values, as the replicates of a share of counts do (a share of
 * 195 nations takes a few dozen values over 1,000 replicates): counts each
 * value in a small hash table, sorts the distinct values and writes each
 * out as often as it occurs - the same array as any sort, since equal
 * doubles other than +-0 have the same bits.  Returns -1, a untouched,
 * when there are more distinct values. */
static int few_sort(double *a, size_t n)
{
    uint64_t key[GS_FEW_SLOTS];
    size_t cnt[GS_FEW_SLOTS], d = 0;
    uint8_t used[GS_FEW_SLOTS];
    memset(used, 0, sizeof used);
    for (size_t i = 0; i < n; i++) {
        uint64_t u = key_get(&a[i]);
        size_t h = (size_t)((u * 0x9E3779B97F4A7C15u) >> 57); /* 7 bits */
        while (used[h] && key[h] != u) h = (h + 1) & (GS_FEW_SLOTS - 1);
        if (!used[h]) {
            if (d == GS_FEW) return -1;
            used[h] = 1;
            key[h] = u;
            cnt[h] = 0;
            d++;
        }
        cnt[h]++;
    }
    double v[GS_FEW];
    size_t c[GS_FEW], k = 0;
    for (size_t h = 0; h < GS_FEW_SLOTS; h++) {
        if (!used[h]) continue;
        double x;
        memcpy(&x, &key[h], sizeof x);
        size_t j = k++; /* insertion into v[0..k) */
        while (j > 0 && v[j - 1] > x) {
            v[j] = v[j - 1];
            c[j] = c[j - 1];
            j--;
        }
        v[j] = x;
        c[j] = cnt[h];
    }
    size_t o = 0;
    for (size_t j = 0; j < k; j++)
        for (size_t r = 0; r < c[j]; r++) a[o++] = v[j];
    return 0;
}

/* Sorts the m valid values gathered into work (tmp: m more doubles). */
static void sort_valid(double *work, size_t m, int negzero, double *tmp)
{
    if (m == 0) return;
    if (negzero)
        gsl_sort(work, 1, m);
    else if (few_sort(work, m) != 0)
        top16_sort(work, m, tmp);
}

/* The valid (not NaN) values of x[0], x[stride], ... sorted into work[0..m)
 * (tmp: n more doubles); returns m. */
static size_t sorted_valid(const double *x, size_t stride, size_t n, double *work, double *tmp)
{
    size_t m = 0;
    int negzero = 0;
    for (size_t i = 0; i < n; i++) {
        double v = x[i * stride];
        if (isnan(v)) continue;
        negzero |= v == 0 && signbit(v);
        work[m++] = v;
    }
    sort_valid(work, m, negzero, tmp);
    return m;
}

/* Quantiles and mcse of sorted a[0..m) (m > 0) with its mean and sd. */
static void finish(const double *a, size_t m, double mean, double sd, double out[GS_NSTAT])
{
    out[GS_STAT_MEAN] = mean;
    out[GS_STAT_Q05] = gsl_stats_quantile_from_sorted_data(a, 1, m, 0.05);
    out[GS_STAT_Q50] = gsl_stats_quantile_from_sorted_data(a, 1, m, 0.50);
    out[GS_STAT_Q95] = gsl_stats_quantile_from_sorted_data(a, 1, m, 0.95);
    out[GS_STAT_MCSE] = m < 2 ? NAN : sd / sqrt((double)m);
}

size_t gs_summary(const double *x, size_t stride, size_t n, double *work, double out[GS_NSTAT])
{
    size_t m = sorted_valid(x, stride, n, work, work + n);
    if (m == 0) {
        for (int s = 0; s < GS_NSTAT; s++) out[s] = NAN;
        return 0;
    }
    double mean = gsl_stats_mean(work, 1, m);
    /* gsl_stats_sd is gsl_stats_sd_m with gsl_stats_mean */
    finish(work, m, mean, m < 2 ? NAN : gsl_stats_sd_m(work, 1, m, mean), out);
    return m;
}

/* gsl_stats_mean and gsl_stats_sd_m (GSL 2.x, statistics/mean_source.c and
 * variance_source.c) of four sorted columns at once: the same long double
 * recurrences, operation for operation, so the same bits (test_h5util
 * checks them against GSL); interleaved because each recurrence is a chain
 * of divisions whose latency, not their number, sets the time.  Columns
 * with m[c] = 0 are skipped. */
static void mean_sd4(const double *const a[4], const size_t m[4], double mean[4], double sd[4])
{
    size_t mmax = 0;
    for (int c = 0; c < 4; c++) mmax = m[c] > mmax ? m[c] : mmax;
    long double u0 = 0, u1 = 0, u2 = 0, u3 = 0;
    for (size_t i = 0; i < mmax; i++) {
        if (i < m[0]) u0 += (a[0][i] - u0) / (i + 1);
        if (i < m[1]) u1 += (a[1][i] - u1) / (i + 1);
        if (i < m[2]) u2 += (a[2][i] - u2) / (i + 1);
        if (i < m[3]) u3 += (a[3][i] - u3) / (i + 1);
    }
    mean[0] = (double)u0;
    mean[1] = (double)u1;
    mean[2] = (double)u2;
    mean[3] = (double)u3;
    long double v0 = 0, v1 = 0, v2 = 0, v3 = 0;
    for (size_t i = 0; i < mmax; i++) {
        if (i < m[0]) {
            const long double d = a[0][i] - mean[0];
            v0 += (d * d - v0) / (i + 1);
        }
        if (i < m[1]) {
            const long double d = a[1][i] - mean[1];
            v1 += (d * d - v1) / (i + 1);
        }
        if (i < m[2]) {
            const long double d = a[2][i] - mean[2];
            v2 += (d * d - v2) / (i + 1);
        }
        if (i < m[3]) {
            const long double d = a[3][i] - mean[3];
            v3 += (d * d - v3) / (i + 1);
        }
    }
    const double var[4] = {(double)v0, (double)v1, (double)v2, (double)v3};
    for (int c = 0; c < 4; c++)
        sd[c] = m[c] < 2 ? NAN : sqrt(var[c] * ((double)m[c] / (double)(m[c] - 1)));
}

void gs_summary_cols(const double *x, size_t ld, size_t stride, size_t ncol, size_t n,
                     double *work, double *out)
{
    double *tmp = work + 4 * n;
    for (size_t c0 = 0; c0 < ncol; c0 += 4) {
        const double *a[4];
        size_t m[4] = {0, 0, 0, 0};
        for (size_t c = 0; c < 4; c++)
            a[c] = work + c * n;
        if (ld == 1 && c0 + 4 <= ncol) {
            /* four adjacent series: one pass over the rows reads each
             * row's four values from one cache line, where four passes
             * (strided, a row apart) would miss on every value */
            const double *p = x + c0;
            int negzero[4] = {0, 0, 0, 0};
            for (size_t i = 0; i < n; i++, p += stride) {
                /* rows lie a stride apart, beyond what the hardware
                 * prefetchers follow: ask for the row 16 ahead */
                if (i + 16 < n) __builtin_prefetch(p + 16 * stride);
                for (size_t c = 0; c < 4; c++) {
                    double v = p[c];
                    if (isnan(v)) continue;
                    negzero[c] |= v == 0 && signbit(v);
                    work[c * n + m[c]++] = v;
                }
            }
            for (size_t c = 0; c < 4; c++)
                sort_valid(work + c * n, m[c], negzero[c], tmp);
        } else {
            for (size_t c = 0; c < 4 && c0 + c < ncol; c++)
                m[c] = sorted_valid(x + (c0 + c) * ld, stride, n, work + c * n, tmp);
        }
        double mean[4], sd[4];
        mean_sd4(a, m, mean, sd);
        for (size_t c = 0; c < 4 && c0 + c < ncol; c++) {
            double *o = out + (c0 + c) * GS_NSTAT;
            if (m[c] == 0)
                for (int s = 0; s < GS_NSTAT; s++) o[s] = NAN;
            else
                finish(a[c], m[c], mean[c], sd[c], o);
        }
    }
}
