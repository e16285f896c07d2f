/* hex.h - lowercase hexadecimal encoding of bytes (digests in signatures and delivery ids).
 *
 * Threads: any (pure functions).
 */
#ifndef TW_HEX_H
#define TW_HEX_H

#include <stddef.h>

/* Writes 2n lowercase hex digits and a NUL to out (2n + 1 bytes). */
void hex_encode_to(const void *p, size_t n, char *out);
/* Returns the encoding as a heap string the caller frees. */
char *hex_encode(const void *p, size_t n);
/* Decodes s[0..n) (either case, even length, nothing else) into out (cap bytes); *out_len gets
 * the length. Returns 0, TW_EINVAL for bad input, or TW_ETOOBIG when it does not fit. */
int hex_decode_to(const char *s, size_t n, unsigned char *out, size_t cap, size_t *out_len);

#endif
