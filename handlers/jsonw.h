/* jsonw.h - writing JSON answers straight into a response buffer.
 *
 * The list and detail handlers print their documents with these instead of building jansson
 * trees: a page of 500 items then costs one pass over the rows and no allocation per value.
 * Field writers emit a leading comma (",\"key\":value"), so an object opens with its first
 * member written by hand ("{\"id\":7") and continues with jsonw_field_*.
 * Threads: any (they write only the caller's buffer).
 */
#ifndef TW_JSONW_H
#define TW_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* s[0..n) as a JSON string; s must be valid UTF-8 (stored text is). */
void jsonw_str(struct buf *b, const char *s, size_t n);
/* A NUL-terminated string, or null when s is NULL. */
void jsonw_cstr(struct buf *b, const char *s);
/* millionths as a decimal number without trailing zeros: 25000000 -> 25, 2500000 -> 2.5. */
void jsonw_micros(struct buf *b, int64_t micros);

void jsonw_field_str(struct buf *b, const char *key, const char *s); /* NULL: null */
void jsonw_field_int(struct buf *b, const char *key, int64_t v);
void jsonw_field_bool(struct buf *b, const char *key, bool v);
void jsonw_field_micros(struct buf *b, const char *key, int64_t micros);
/* ,"key": with nothing after it, for a value the caller writes. */
void jsonw_key(struct buf *b, const char *key);
/* The page tail shared by every list, after its items array: ,"next_cursor":"..."|null}
 * (cursor NULL: the last page). */
void jsonw_page_end(struct buf *b, const char *next_cursor);

#endif
