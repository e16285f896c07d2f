#include "base64.h"

#include <stdlib.h>

#include "mem.h"
#include "status.h"

static const char std_alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char url_alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

size_t base64_encoded_len(size_t n, enum base64_variant v)
{
    if (v == BASE64_STD)
        return (n + 2) / 3 * 4;
    return n / 3 * 4 + (n % 3 ? n % 3 + 1 : 0);
}

size_t base64_encode_to(const void *p, size_t n, enum base64_variant v, char *out)
{
    const unsigned char *s = p;
    const char *alpha = v == BASE64_STD ? std_alpha : url_alpha;
    char *o = out;
    size_t i = 0;
    for (; i + 3 <= n; i += 3) {
        unsigned long w = (unsigned long)s[i] << 16 | (unsigned long)s[i + 1] << 8 | s[i + 2];
        *o++ = alpha[w >> 18 & 63];
        *o++ = alpha[w >> 12 & 63];
        *o++ = alpha[w >> 6 & 63];
        *o++ = alpha[w & 63];
    }
    if (n - i == 1) {
        unsigned long w = (unsigned long)s[i] << 16;
        *o++ = alpha[w >> 18 & 63];
        *o++ = alpha[w >> 12 & 63];
        if (v == BASE64_STD) {
            *o++ = '=';
            *o++ = '=';
        }
    } else if (n - i == 2) {
        unsigned long w = (unsigned long)s[i] << 16 | (unsigned long)s[i + 1] << 8;
        *o++ = alpha[w >> 18 & 63];
        *o++ = alpha[w >> 12 & 63];
        *o++ = alpha[w >> 6 & 63];
        if (v == BASE64_STD)
            *o++ = '=';
    }
    *o = '\0';
    return (size_t)(o - out);
}

char *base64_encode(const void *p, size_t n, enum base64_variant v)
{
    char *out = xmalloc(base64_encoded_len(n, v) + 1);
    base64_encode_to(p, n, v, out);
    return out;
}

/* The 6-bit value of c in the variant's alphabet, or -1. */
static int sextet(unsigned char c, enum base64_variant v)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (v == BASE64_STD)
        return c == '+' ? 62 : c == '/' ? 63 : -1;
    return c == '-' ? 62 : c == '_' ? 63 : -1;
}

int base64_decode_to(const char *s, size_t n, enum base64_variant v, unsigned char *out, size_t cap,
                     size_t *out_len)
{
    size_t pad = 0;
    if (n >= 1 && s[n - 1] == '=')
        pad = n >= 2 && s[n - 2] == '=' ? 2 : 1;
    if (pad && n % 4 != 0)
        return TW_EINVAL;
    if (v == BASE64_STD && n % 4 != 0)
        return TW_EINVAL;
    size_t data = n - pad; /* characters that carry bits */
    if (data % 4 == 1)
        return TW_EINVAL; /* 6 bits cannot make a byte */
    size_t len = data / 4 * 3 + (data % 4 ? data % 4 - 1 : 0);
    if (len > cap)
        return TW_ETOOBIG;
    unsigned long acc = 0;
    unsigned bits = 0;
    size_t o = 0;
    for (size_t i = 0; i < data; i++) {
        int x = sextet((unsigned char)s[i], v);
        if (x < 0)
            return TW_EINVAL; /* also catches '=' before the end */
        acc = (acc << 6 | (unsigned long)x) & 0xFFFFFF;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (unsigned char)(acc >> bits);
        }
    }
    /* Left-over bits must be zero: "QQ==" is "A", "QR==" is not accepted. */
    if (bits && (acc & ((1UL << bits) - 1)))
        return TW_EINVAL;
    *out_len = o;
    return 0;
}

int base64_decode(const char *s, size_t n, enum base64_variant v, unsigned char **out,
                  size_t *out_len)
{
    size_t cap = n / 4 * 3 + 3;
    unsigned char *p = xmalloc(cap + 1);
    size_t len;
    int rc = base64_decode_to(s, n, v, p, cap, &len);
    if (rc != 0) {
        free(p);
        return rc == TW_ETOOBIG ? TW_EINVAL : rc;
    }
    p[len] = '\0';
    *out = p;
    *out_len = len;
    return 0;
}
