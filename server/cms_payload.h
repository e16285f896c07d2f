/* cms_payload.h - turning the parsed JSON body of a CMS webhook into one article event.
 *
 * Each kind of source has an adapter; all of them produce the same struct cms_event, with the
 * body always as clean text (HTML goes through html_text.h, so annotation offsets refer to the
 * stored text) and dates normalised to RFC 3339 UTC ("2025-03-04T05:06:07Z").
 *
 * What each kind accepts:
 *   CMS_STANDARD  the Standard Webhooks envelope {"type", "timestamp", "data"}; type
 *       "article.published", "article.updated" or "article.deleted"; data has "external_id"
 *       (string or integer), "title", "body" (text) or "html", "url", "published_at".
 *   CMS_GHOST  Ghost's {"post": {"current": {...}, "previous": {...}}} (or "page"), fields "id",
 *       "title", "html" (preferred) or "plaintext", "url", "published_at", "status". Ghost does
 *       not put the event name in the body: pass it as event_hint when known ("post.published",
 *       "post.published.edited", "post.deleted", "post.unpublished"); without it the event is
 *       inferred: current empty means deleted (the id is then previous.id), a status change to
 *       "published" (or no previous) means published, further edits of a published post mean
 *       updated, a post leaving "published" means deleted, and drafts are ignored.
 *   CMS_WORDPRESS  a post in any of three shapes: WP Webhooks' {"post_id", "post": {WP_Post},
 *       "post_permalink"}, a bare WP_Post {"ID", "post_title", "post_content", "post_status",
 *       "post_date_gmt", "guid"}, or the REST API / WooCommerce-style resource {"id",
 *       "title": {"rendered"}, "content": {"rendered"}, "link", "date_gmt", "status"}. The event
 *       comes from event_hint, else from a top-level "action", "event" or "hook" string, read
 *       by keyword (delete/trash/unpublish, update/edit, publish/create/add), else from the
 *       status ("trash" deleted, "publish" published, or updated when modified over a minute
 *       after the date). A post whose status is not "publish" is ignored when published and
 *       deleted when updated (it left the site). Raw post_content keeps blank-line paragraphs.
 *   CMS_STRAPI  {"event": "entry.create|entry.update|entry.publish|entry.unpublish|entry.delete",
 *       "model", "entry": {...}}. entry.create and entry.update of a draft (publishedAt null)
 *       are ignored; other events (media.*) too. Fields from the mapping, relative to "entry",
 *       defaults: id /documentId then /id, title /title, body /body then /content (a string
 *       starting with '<' is HTML, other strings Markdown/plain text, an array Strapi "blocks"
 *       rich text), url /url then /slug, date /publishedAt.
 *   CMS_GENERIC  any JSON: the mapping's pointers, relative to the root; id and body or html are
 *       required. With an event pointer its string is read by keyword as for WordPress; without
 *       one every delivery is "published" (an upsert).
 *
 * Threads: any; html_text_global_init() must have run (see html_text.h).
 */
#ifndef TW_CMS_PAYLOAD_H
#define TW_CMS_PAYLOAD_H

#include <jansson.h>
#include <stdbool.h>

#include "webhook_verify.h"

enum cms_kind { CMS_STANDARD, CMS_GHOST, CMS_WORDPRESS, CMS_STRAPI, CMS_GENERIC };

enum cms_event_type {
    CMS_EVENT_PUBLISHED,
    CMS_EVENT_UPDATED,
    CMS_EVENT_DELETED,
    CMS_EVENT_IGNORED, /* well formed but nothing to store (a draft, a media event): answer 2xx */
};

/* RFC 6901 JSON pointers ("" is the whole document, "/a/0/b~1c" ...); NULL keeps the kind's
 * default. Only CMS_STRAPI (relative to "entry") and CMS_GENERIC (to the root) read them. */
struct cms_mapping {
    const char *id;
    const char *title;
    const char *body; /* plain text */
    const char *html; /* HTML, converted to text; used when body is absent */
    const char *url;
    const char *date;  /* RFC 3339 / ISO 8601 string, or unix seconds or milliseconds */
    const char *event; /* CMS_GENERIC only */
};

struct cms_event {
    enum cms_event_type type;
    char *external_id;  /* never NULL unless ignored */
    char *title;        /* NULL when absent */
    char *body;         /* clean text; NULL for deleted and ignored events */
    char *url;          /* NULL when absent */
    char *published_at; /* RFC 3339 UTC, NULL when absent */
};

/* Room for a detail message, NUL included. */
#define CMS_DETAIL_LEN 200
/* "YYYY-MM-DDTHH:MM:SSZ" and a NUL. */
#define CMS_DATE_LEN 21

/* Parses "standard", "ghost", "wordpress", "strapi", "generic"; 0 or TW_EINVAL. */
int cms_payload_kind_parse(const char *name, enum cms_kind *out);
const char *cms_payload_kind_name(enum cms_kind kind);
/* How a kind's deliveries are authenticated: STANDARD and GHOST by their signatures, the rest
 * by a shared token. */
enum webhook_scheme cms_payload_kind_scheme(enum cms_kind kind);
const char *cms_payload_event_name(enum cms_event_type type);

/* Builds *out from root. event_hint (may be NULL) is the event name when the transport carries
 * it outside the body (see above). Returns 0 and fills *out (release it with
 * cms_event_cleanup; for CMS_EVENT_IGNORED detail says why), or TW_EINVAL with detail naming
 * the field and what is wrong ("data.title must be a string, not an integer"). map may be
 * NULL. detail may be NULL. *out is written only on success. */
int cms_payload_parse(enum cms_kind kind, const struct cms_mapping *map, const json_t *root,
                      const char *event_hint, struct cms_event *out, char *detail);
/* Frees the strings of ev; NULL-safe. */
void cms_event_cleanup(struct cms_event *ev);

/* True when ptr is a syntactically valid RFC 6901 pointer: check configured mappings at
 * startup. */
bool cms_payload_pointer_valid(const char *ptr);
/* Resolves ptr in root. Returns 0 and *out (borrowed from root), TW_EINVAL when ptr is not a
 * valid pointer, or TW_ENOTFOUND. */
int cms_payload_pointer(const json_t *root, const char *ptr, const json_t **out);

/* Normalises an ISO 8601 / RFC 3339 date-time to RFC 3339 UTC in out: "YYYY-MM-DD",
 * "YYYY-MM-DD[T ]hh:mm[:ss[.fraction]]" with "Z", "+hh:mm", "+hhmm", "+hh" or nothing (UTC).
 * Fractions are dropped. Returns 0 or TW_EINVAL. */
int cms_payload_date(const char *in, char out[CMS_DATE_LEN]);
/* Same from unix seconds. Returns 0 or TW_EINVAL (outside years 1-9999). */
int cms_payload_date_unix(long long secs, char out[CMS_DATE_LEN]);

#endif
