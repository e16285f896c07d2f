/* etag.h - strong entity tags for GET answers, and the If-None-Match test (RFC 9110 8.8.3 and
 * 13.1.2).
 *
 * A tag is a 128-bit hash of the representation's bytes, in hex between double quotes. The hash
 * is a fast non-cryptographic one: a tag only has to change when the bytes do, and hashing every
 * list answer with SHA-256 cost more than the query behind it (140 MB/s here). Files embedded in
 * the binary use their SHA-256 instead (etag_from_digest), computed once.
 * Threads: any (pure functions).
 */
#ifndef TW_ETAG_H
#define TW_ETAG_H

#include <stdbool.h>
#include <stddef.h>

#define ETAG_MAX 36 /* '"' + 32 hex digits + '"' + NUL */

/* Writes the tag of p[0..n) to out. */
void etag_of(const void *p, size_t n, char out[ETAG_MAX]);
/* Writes a tag made of the first 16 bytes of digest (at least 16 bytes long) to out. */
void etag_from_digest(const unsigned char *digest, char out[ETAG_MAX]);
/* True when an If-None-Match header value matches etag: "*", or a comma-separated list of
 * entity tags one of which equals etag by the weak comparison (a W/ prefix is ignored on both
 * sides). A malformed list never matches, so the client gets the full answer. */
bool etag_none_match(const char *if_none_match, const char *etag);

#endif
