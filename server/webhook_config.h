/* webhook_config.h - the inbound webhook sources tradewire accepts, from the command line
 * (--webhook SOURCE=KIND:SECRET, repeatable) and from a JSON file (--webhook-config PATH).
 *
 * A source is the last segment of POST /v1/webhooks/{source} and the `source` its articles are
 * stored under. KIND is standard, ghost, wordpress, strapi or generic (cms_payload.h); SECRET
 * is what webhook_verify.h parses for the kind's scheme: a whsec_ key (standard), Ghost's
 * secret (ghost), or "Header-Name: value" / a bare bearer token (the others).
 *
 * The file holds {"sources": [{...}, ...]}, each entry:
 *   "source"       name, 1..63 of [A-Za-z0-9._-]                          (required)
 *   "kind"         as above                                               (required)
 *   "secret"       as above; with "token_header" it is that header's value (required)
 *   "token_header" the header carrying the token (token kinds), e.g. "X-Tradewire-Token"
 *   "id_header"    a header carrying a per-delivery id (token kinds), e.g.
 *                  "X-WC-Webhook-Delivery-ID"; without it the id is the body's hash
 *   "mapping"      {"id", "title", "body", "html", "url", "date", "event"}: JSON pointers
 *                  (strapi, relative to "entry"; generic, to the root: id and body or html are
 *                  then required)
 * A generic source given with --webhook has no mapping, so it belongs in the file.
 *
 * Threads: built on the main thread before other threads start; afterwards read-only, shared
 * by the HTTP threads.
 */
#ifndef TW_WEBHOOK_CONFIG_H
#define TW_WEBHOOK_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "cms_payload.h"
#include "webhook_verify.h"

#define WEBHOOK_SOURCE_MAX 63

struct webhook_source {
    char *name;
    enum cms_kind kind;
    struct webhook_secret *secret;
    char *token_header; /* token kinds: the header webhook_verify checks; else NULL */
    char *id_header;    /* NULL when none */
    bool has_mapping;
    struct cms_mapping map; /* its strings owned by this source */
};

struct webhook_sources {
    struct webhook_source *items;
    size_t n;
};

/* Adds the source of "SOURCE=KIND:SECRET". Returns 0, or TW_EINVAL with one line in err
 * (malformed spec, unknown kind, bad secret, a name already configured, generic without
 * mapping). */
int webhook_config_add_spec(struct webhook_sources *ws, const char *spec, char *err,
                            size_t errlen);
/* Adds the sources of the JSON file at path (format above). Returns 0, TW_EIO (unreadable) or
 * TW_EINVAL, with one line in err; on failure nothing of the file was added. */
int webhook_config_load_file(struct webhook_sources *ws, const char *path, char *err,
                             size_t errlen);
/* The source called name, or NULL. */
const struct webhook_source *webhook_config_find(const struct webhook_sources *ws,
                                                 const char *name);
/* Frees every source (secrets wiped); NULL-safe, leaves *ws empty. */
void webhook_config_cleanup(struct webhook_sources *ws);

#endif
