/* sha256.h - SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), written here so that webhook
 * signatures need no crypto library.
 *
 * Streaming contexts (init, update..., final) and one-shot helpers. Digests are raw bytes;
 * hex.h and base64.h print them. Comparing a digest with a received one must go through
 * ctcmp.h, never memcmp.
 * Threads: any; a context belongs to its caller and the functions keep no state.
 */
#ifndef TW_SHA256_H
#define TW_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_LEN 32
#define SHA256_BLOCK_LEN 64

struct sha256 {
    uint32_t h[8];
    uint64_t nbytes;                       /* message bytes hashed so far */
    unsigned char block[SHA256_BLOCK_LEN]; /* the partial block not yet compressed */
    size_t used;                           /* bytes of block in use */
};

struct sha256_hmac {
    struct sha256 inner; /* keyed with K ^ ipad, then fed the message */
    struct sha256 outer; /* keyed with K ^ opad, fed the inner digest at the end */
};

/* Starts a hash. */
void sha256_init(struct sha256 *c);
/* Feeds n bytes (n may be 0; p may then be NULL). */
void sha256_update(struct sha256 *c, const void *p, size_t n);
/* Writes the digest to out and wipes c; c must be re-initialised before reuse. */
void sha256_final(struct sha256 *c, unsigned char out[SHA256_DIGEST_LEN]);
/* One shot: out = SHA-256(p[0..n)). */
void sha256(const void *p, size_t n, unsigned char out[SHA256_DIGEST_LEN]);

/* Starts an HMAC-SHA256 with a key of any length (longer than a block: hashed first). */
void sha256_hmac_init(struct sha256_hmac *c, const void *key, size_t key_len);
void sha256_hmac_update(struct sha256_hmac *c, const void *p, size_t n);
/* Writes the MAC to out and wipes c. */
void sha256_hmac_final(struct sha256_hmac *c, unsigned char out[SHA256_DIGEST_LEN]);
/* One shot: out = HMAC-SHA256(key, msg). */
void sha256_hmac(const void *key, size_t key_len, const void *msg, size_t n,
                 unsigned char out[SHA256_DIGEST_LEN]);

#endif
