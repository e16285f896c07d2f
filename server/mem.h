/* mem.h - allocation that never returns NULL.
 *
 * Out of memory is not a recoverable condition for this service: like Redis and jq we
 * abort with a message instead of threading ENOMEM through every caller.
 * Threads: any.
 */
#ifndef TW_MEM_H
#define TW_MEM_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows *p (an array of *cap elements of elem bytes) so that it holds at least need elements. */
void xgrow(void **p, size_t *cap, size_t need, size_t elem);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Zeroes n bytes at p with volatile stores, which the compiler cannot drop as dead (for keys
 * and secrets about to be freed). */
void xwipe(void *p, size_t n);
/* Returns a heap string formatted like printf. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
