/* buf.h - a growable byte buffer, always NUL-terminated.
 *
 * Threads: a buf belongs to whoever initialised it; no locking inside.
 */
#ifndef TW_BUF_H
#define TW_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
    char *data; /* NUL-terminated when cap > 0 */
    size_t len;
    size_t cap;
};

void buf_init(struct buf *b);
void buf_cleanup(struct buf *b);
void buf_append(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_reset(struct buf *b);
/* Hands the bytes to the caller (free() them) and leaves b empty. Never NULL. */
char *buf_steal(struct buf *b);

#endif
