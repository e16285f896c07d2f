/* embedded.h - files compiled into the binary: the schema/ migrations, the lexicons of
 * server/annotate/lexicons and the dashboard under web/. tools/embed.c makes the table at build time.
 *
 * Threads: any (the table is constant).
 */
#ifndef TW_EMBEDDED_H
#define TW_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
    const char *path; /* as in the source tree, e.g. "schema/001_init.sql" */
    const char *data; /* NUL-terminated */
    size_t len;
};

/* Terminated by an entry whose path is NULL, sorted by path. */
extern const struct embedded_file embedded_files[];

/* Returns the file stored under path, or NULL. */
const struct embedded_file *embedded_find(const char *path);

#endif
