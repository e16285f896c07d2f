/* jsonw.c - see jsonw.h. Strings copy runs of plain bytes at once and escape only what JSON
 * requires (quote, backslash, control characters). */
#include "jsonw.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

void jsonw_str(struct buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    buf_putc(b, '"');
    size_t run = 0; /* start of the bytes not yet copied */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        buf_append(b, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': buf_puts(b, "\\\""); break;
        case '\\': buf_puts(b, "\\\\"); break;
        case '\n': buf_puts(b, "\\n"); break;
        case '\r': buf_puts(b, "\\r"); break;
        case '\t': buf_puts(b, "\\t"); break;
        default: {
            char esc[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], '\0'};
            buf_puts(b, esc);
        }
        }
    }
    buf_append(b, s + run, n - run);
    buf_putc(b, '"');
}

void jsonw_cstr(struct buf *b, const char *s)
{
    if (s == NULL)
        buf_puts(b, "null");
    else
        jsonw_str(b, s, strlen(s));
}

void jsonw_micros(struct buf *b, int64_t micros)
{
    char out[32];
    uint64_t mag = micros < 0 ? (uint64_t)0 - (uint64_t)micros : (uint64_t)micros;
    uint64_t whole = mag / 1000000, frac = mag % 1000000;
    int n = snprintf(out, sizeof out, "%s%" PRIu64, micros < 0 ? "-" : "", whole);
    if (frac != 0) {
        int m = snprintf(out + n, sizeof out - (size_t)n, ".%06" PRIu64, frac);
        n += m;
        while (out[n - 1] == '0')
            n--;
        out[n] = '\0';
    }
    buf_append(b, out, (size_t)n);
}

void jsonw_key(struct buf *b, const char *key)
{
    buf_puts(b, ",\"");
    buf_puts(b, key);
    buf_puts(b, "\":");
}

void jsonw_field_str(struct buf *b, const char *key, const char *s)
{
    jsonw_key(b, key);
    jsonw_cstr(b, s);
}

void jsonw_field_int(struct buf *b, const char *key, int64_t v)
{
    jsonw_key(b, key);
    buf_printf(b, "%" PRId64, v);
}

void jsonw_field_bool(struct buf *b, const char *key, bool v)
{
    jsonw_key(b, key);
    buf_puts(b, v ? "true" : "false");
}

void jsonw_field_micros(struct buf *b, const char *key, int64_t micros)
{
    jsonw_key(b, key);
    jsonw_micros(b, micros);
}

void jsonw_page_end(struct buf *b, const char *next_cursor)
{
    buf_puts(b, ",\"next_cursor\":");
    jsonw_cstr(b, next_cursor);
    buf_putc(b, '}');
}
