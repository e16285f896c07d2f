#include "hex.h"

#include "mem.h"
#include "status.h"

void hex_encode_to(const void *p, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[s[i] >> 4];
        out[2 * i + 1] = digits[s[i] & 15];
    }
    out[2 * n] = '\0';
}

char *hex_encode(const void *p, size_t n)
{
    char *out = xmalloc(2 * n + 1);
    hex_encode_to(p, n, out);
    return out;
}

static int nibble(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int hex_decode_to(const char *s, size_t n, unsigned char *out, size_t cap, size_t *out_len)
{
    if (n % 2)
        return TW_EINVAL;
    if (n / 2 > cap)
        return TW_ETOOBIG;
    for (size_t i = 0; i < n; i += 2) {
        int hi = nibble((unsigned char)s[i]), lo = nibble((unsigned char)s[i + 1]);
        if (hi < 0 || lo < 0)
            return TW_EINVAL;
        out[i / 2] = (unsigned char)(hi << 4 | lo);
    }
    *out_len = n / 2;
    return 0;
}
