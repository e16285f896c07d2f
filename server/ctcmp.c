#include "ctcmp.h"

#include "sha256.h"

bool ctcmp_mem(const void *a, const void *b, size_t n)
{
    /* Volatile so that the compiler cannot turn the loop into an early-exit memcmp. */
    const volatile unsigned char *x = a;
    const volatile unsigned char *y = b;
    unsigned char diff = 0;
    for (size_t i = 0; i < n; i++)
        diff |= x[i] ^ y[i];
    return diff == 0;
}

bool ctcmp_bytes(const void *a, size_t alen, const void *b, size_t blen)
{
    unsigned char ha[SHA256_DIGEST_LEN], hb[SHA256_DIGEST_LEN];
    sha256(a, alen, ha);
    sha256(b, blen, hb);
    /* Equal digests with unequal lengths would be a SHA-256 collision; the length test is
     * evaluated without branching on the digest comparison. */
    bool same = ctcmp_mem(ha, hb, sizeof ha);
    return same & (alen == blen);
}
