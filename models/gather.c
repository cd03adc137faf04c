/* gather.c - classifying a layer's edge weights for the exact fast sums of
 * gather.h. */
#include "gather.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int gs_mdl_layer_init(gs_mdl_layer *lay, const gs_csr *L, gs_err *e)
{
    memset(lay, 0, sizeof *lay);
    if (!L->rowptr || L->nnz == 0) return GS_OK; /* GS_WSUM_NONE */
    int same = 1, whole = 1;
    float c = L->w[0], wmax = 0;
    for (int64_t k = 0; k < L->nnz; k++) {
        float x = L->w[k];
        if (x != c) same = 0;
        /* A weight outside (0, GS_WSUM_INTMAX] or not whole (NaN included)
         * takes the general path.  In that range the integer cast is
         * floor, without a libm call per entry (this runs at every init). */
        if (!(x > 0 && x <= GS_WSUM_INTMAX && x == (float)(int)x)) whole = 0;
        if (x > wmax) wmax = x;
    }
    /* nnz is rowptr[n]; the row lengths give the largest count. */
    int64_t maxdeg = 0;
    for (int64_t i = 0; L->rowptr[i] < L->nnz; i++) {
        int64_t d = L->rowptr[i + 1] - L->rowptr[i];
        if (d > maxdeg) maxdeg = d;
    }
    lay->maxdeg = maxdeg;
    if (same && isfinite(c)) {
        lay->kind = GS_WSUM_CONST;
        lay->wmax = 1;
        lay->csum = gs_malloc((size_t)maxdeg + 1, sizeof *lay->csum, "model layer sums", e);
        if (!lay->csum) return GS_ERUN;
        lay->csum[0] = 0;
        for (int64_t k = 1; k <= maxdeg; k++)
            lay->csum[k] = lay->csum[k - 1] + (double)c;
    } else if (whole) {
        lay->kind = GS_WSUM_INT;
        lay->wmax = (int32_t)wmax;
    } else {
        lay->kind = GS_WSUM_ANY;
    }
    return GS_OK;
}

void gs_mdl_layer_free(gs_mdl_layer *lay)
{
    free(lay->csum);
    memset(lay, 0, sizeof *lay);
}

void gs_mdl_pk_unit_init(uint64_t t[4 * 256])
{
    for (int q = 0; q < 4; q++)
        for (int b = 0; b < 256; b++)
            t[b << 2 | q] = gs_mdl_unit[(b >> (2 * q)) & 3];
}

void gs_mdl_pack(const uint8_t *s, int32_t i0, int32_t i1, uint8_t *pk)
{
    int32_t i = i0;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (; i1 - i >= 4; i += 4) {
        /* four states < 4 in one word: s[i + q] at bit 8q moves to bit 2q */
        uint32_t x;
        memcpy(&x, s + i, sizeof x);
        x |= x >> 6;
        x |= x >> 12;
        pk[i >> 2] = (uint8_t)x;
    }
#endif
    if (i < i1) {
        unsigned b = 0;
        for (int q = 0; i + q < i1; q++)
            b |= (unsigned)s[i + q] << (2 * q);
        pk[i >> 2] = (uint8_t)b;
    }
}
