/* sha256.h - SHA-256 (FIPS 180-4) for the config_sha256 provenance attribute.
 *
 * A small self-contained implementation so that hashing the resolved config
 * needs no new dependency.  Plain C, no state outside the context. */
#ifndef GS_SHA256_H
#define GS_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct gs_sha256 {
    uint32_t h[8];
    uint64_t nbytes;     /* total message length so far */
    uint8_t buf[64];
    size_t nbuf;         /* bytes waiting in buf */
} gs_sha256;

/* Incremental interface: init, update any number of times, final (writes
 * the 32-byte digest; the context must be re-initialised afterwards). */
void gs_sha256_init(gs_sha256 *s);
void gs_sha256_update(gs_sha256 *s, const void *data, size_t len);
void gs_sha256_final(gs_sha256 *s, uint8_t digest[32]);

/* One-shot: the digest of data[0..len) as 64 lowercase hex digits and a NUL
 * in hex (65 bytes).  data may be NULL when len is 0. */
void gs_sha256_hex(const void *data, size_t len, char hex[65]);

#endif
