/* utf8.h - decoding and repairing UTF-8.
 *
 * Threads: any (pure functions).
 */
#ifndef TW_UTF8_H
#define TW_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes one code point at s[0..n) into *cp and returns its length in bytes (1-4), or 0 when
 * the bytes there are not valid UTF-8 (overlong forms, surrogates and values past U+10FFFF
 * included). n must be at least 1. */
size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* True when s[0..n) is valid UTF-8 with no NUL byte. */
bool utf8_valid(const char *s, size_t n);
/* Returns a heap copy of s[0..n) in which every byte that is not part of valid UTF-8, and every
 * NUL, is replaced by U+FFFD; *out_len gets its length. The caller frees it. */
char *utf8_repair(const char *s, size_t n, size_t *out_len);
/* Number of code points in valid UTF-8 s[0..n). */
size_t utf8_count(const char *s, size_t n);

#endif
