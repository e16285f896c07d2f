/* etag.c - the tag hash and the If-None-Match parser.
 *
 * The hash runs two 64-bit lanes over 8-byte words (each lane a multiply and a rotate, so the
 * two chains overlap in the pipeline: several GB/s), folds in the length and finishes each lane
 * with an avalanche step that makes every input bit reach every output bit. */
#include "etag.h"

#include <stdint.h>
#include <string.h>

#include "hex.h"

#define LANE_A 0x9e3779b97f4a7c15ull /* odd constants with well-mixed bits */
#define LANE_B 0xd6e8feb86659fd93ull
#define MIX_1 0xbf58476d1ce4e5b9ull
#define MIX_2 0x94d049bb133111ebull

static uint64_t rotl(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

static uint64_t avalanche(uint64_t x)
{
    x ^= x >> 30;
    x *= MIX_1;
    x ^= x >> 27;
    x *= MIX_2;
    x ^= x >> 31;
    return x;
}

/* Writes the n bytes as a quoted lowercase hex string. */
static void put_hex(const unsigned char *bytes, size_t n, char *out)
{
    out[0] = '"';
    hex_encode_to(bytes, n, out + 1);
    out[1 + 2 * n] = '"';
    out[2 + 2 * n] = '\0';
}

void etag_of(const void *p, size_t n, char out[ETAG_MAX])
{
    const unsigned char *s = p;
    uint64_t a = LANE_A ^ (uint64_t)n, b = LANE_B;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        a = rotl((a ^ w) * LANE_B, 29);
        b = rotl((b + w) * LANE_A, 37);
    }
    uint64_t tail = 0;
    if (n > i) /* s may be NULL when n is 0 */
        memcpy(&tail, s + i, n - i);
    a = rotl((a ^ tail) * LANE_B, 29);
    b = rotl((b + tail + (uint64_t)(n - i)) * LANE_A, 37);
    uint64_t h[2] = {avalanche(a + rotl(b, 17)), avalanche(b ^ rotl(a, 41))};
    unsigned char bytes[16];
    memcpy(bytes, h, sizeof bytes);
    put_hex(bytes, sizeof bytes, out);
}

void etag_from_digest(const unsigned char *digest, char out[ETAG_MAX])
{
    put_hex(digest, 16, out);
}

/* The opaque part of etag ("abc" with its quotes), without a W/ prefix. */
static void opaque_of(const char *etag, const char **start, size_t *len)
{
    if (strncmp(etag, "W/", 2) == 0)
        etag += 2;
    *start = etag;
    *len = strlen(etag);
}

bool etag_none_match(const char *inm, const char *etag)
{
    const char *want;
    size_t want_len;
    opaque_of(etag, &want, &want_len);
    const char *p = inm;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (*p == '\0')
            return false;
        if (*p == '*')
            return true;
        if (strncmp(p, "W/", 2) == 0)
            p += 2;
        if (*p != '"')
            return false;
        const char *close = strchr(p + 1, '"');
        if (close == NULL)
            return false;
        size_t len = (size_t)(close + 1 - p);
        if (len == want_len && memcmp(p, want, len) == 0)
            return true;
        p = close + 1;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p != ',' && *p != '\0')
            return false;
    }
}
