/* base64.h - base64 of RFC 4648: the standard alphabet (section 4) and the URL-safe one
 * (section 5).
 *
 * Decoding is strict, because it reads signatures and secrets an attacker may send: no white
 * space, no characters outside the alphabet, no data after padding, and the unused low bits of
 * the last character must be zero (so each byte string has exactly one accepted encoding).
 * BASE64_STD requires the '=' padding; BASE64_URL encodes without padding and decodes with or
 * without it (padding, when present, must be right).
 * Threads: any (pure functions).
 */
#ifndef TW_BASE64_H
#define TW_BASE64_H

#include <stddef.h>

enum base64_variant { BASE64_STD, BASE64_URL };

/* Length of the encoding of n bytes, without the terminating NUL. */
size_t base64_encoded_len(size_t n, enum base64_variant v);
/* Writes the encoding of p[0..n) and a NUL to out, which holds base64_encoded_len(n, v) + 1
 * bytes. Returns the length written (without the NUL). */
size_t base64_encode_to(const void *p, size_t n, enum base64_variant v, char *out);
/* Returns the encoding as a heap string the caller frees. */
char *base64_encode(const void *p, size_t n, enum base64_variant v);
/* Decodes s[0..n) into out (cap bytes); *out_len gets the length. Returns 0, TW_EINVAL for bad
 * input, or TW_ETOOBIG when the result does not fit in cap. out is garbage on failure. */
int base64_decode_to(const char *s, size_t n, enum base64_variant v, unsigned char *out, size_t cap,
                     size_t *out_len);
/* Same, into a heap buffer (NUL-terminated for convenience) that the caller frees: *out and
 * *out_len are written only on success. Returns 0 or TW_EINVAL. */
int base64_decode(const char *s, size_t n, enum base64_variant v, unsigned char **out,
                  size_t *out_len);

#endif
