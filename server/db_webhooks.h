/* db_webhooks.h - storage of webhooks in both directions (tables of schema/003_webhooks.sql).
 *
 * Inbound: the delivery ids already processed per source, recorded in the same transaction as
 * the article they submitted or deleted, so that a replay or a CMS retry answers 200 and
 * changes nothing (db_webhook_submit, db_webhook_delete; pruned by db_webhook_seen_prune).
 *
 * Outbound: subscriptions (url, events, whsec_ secret) and the deliveries owed to them. The
 * storage layer queues a delivery for every matching subscription in the same transaction as
 * the change it reports (an article annotated, failed or deleted: db_jobs.c, db_articles.c),
 * so a crash never loses one; the delivery thread (deliveries.c) reads the due ones, sends
 * them and records each attempt here.
 *
 * Payload of every event (built in SQL when the event is queued, the bytes then sent as is):
 *   {"type": "article.annotated" | "article.failed" | "article.deleted",
 *    "timestamp": "<RFC 3339 UTC of the event>",
 *    "data": {"id", "status", "source", "external_id", "title", "url", "published_at",
 *             "received_at", "annotated_at", "error",
 *             "counts": {"actors", "claims", "tariffs"}, "href": "/v1/articles/<id>"}}
 * Absent fields are null; counts are those of the stored annotations (0 when none); for
 * article.deleted the data is the article as it was just before the deletion.
 *
 * Threads: like db.h, a struct db only on the thread that holds it; db_webhooks_set_notify
 * from the main thread (the delivery thread's start and stop); the pure helpers from any.
 */
#ifndef TW_DB_WEBHOOKS_H
#define TW_DB_WEBHOOKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

/* ---- inbound ---- */

enum inbound_outcome {
    INBOUND_CREATED,   /* a new article, queued for annotation */
    INBOUND_UPDATED,   /* new content for a known (source, external_id): queued again */
    INBOUND_UNCHANGED, /* same content as stored: nothing queued */
    INBOUND_DELETED,   /* the article was deleted */
    INBOUND_ABSENT,    /* a deletion of an article we do not have: nothing to do */
};
const char *inbound_outcome_name(enum inbound_outcome o);

struct inbound_result {
    bool replay;                  /* the delivery id was seen before: nothing was changed now */
    int64_t article_id;           /* the article concerned, 0 for INBOUND_ABSENT */
    enum inbound_outcome outcome; /* for a replay, the outcome of the first delivery */
};

/* Stores a published or updated article that arrived as delivery delivery_id of source, and
 * records the id, in one transaction; or, when (source, delivery_id) was seen before, changes
 * nothing and reports the first delivery's result with replay set. in->source must be source
 * or NULL (the article is stored under source). Returns 0 and *out, TW_EINVAL (empty source
 * or delivery id, or another in->source), TW_ETOOBIG, TW_EBUSY (queue full: nothing stored,
 * the id not recorded, so the sender's retry is processed), or TW_EDB. */
int db_webhook_submit(struct db *db, const char *source, const char *delivery_id,
                      const struct article_in *in, int64_t queue_max, struct inbound_result *out);
/* Deletes the article (source, external_id) that delivery delivery_id of source announced
 * deleted, queueing its article.deleted deliveries, and records the id, in one transaction;
 * INBOUND_ABSENT when there is no such article (the id is recorded all the same). Replays as
 * above. Returns 0 and *out, TW_EINVAL, or TW_EDB/TW_EBUSY. */
int db_webhook_delete(struct db *db, const char *source, const char *delivery_id,
                      const char *external_id, struct inbound_result *out);
/* Forgets inbound delivery ids seen before `before` (RFC 3339 UTC with milliseconds, as
 * db_webhooks_time() writes it). *n_out gets how many. */
int db_webhook_seen_prune(struct db *db, const char *before, int64_t *n_out);

/* ---- outbound subscriptions ---- */

/* The events a subscription may ask for, as bits. */
enum webhook_event {
    WEBHOOK_EVENT_ANNOTATED = 1,
    WEBHOOK_EVENT_FAILED = 2,
    WEBHOOK_EVENT_DELETED = 4,
};
#define WEBHOOK_EVENTS_ALL 7u
/* "article.annotated", ...; "unknown" for anything but one bit. */
const char *webhook_event_name(unsigned event);
/* Parses "article.annotated", "article.failed" or "article.deleted": 0 and *out, or TW_EINVAL. */
int webhook_event_parse(const char *name, unsigned *out);

/* Longest subscription URL accepted. */
#define SUBSCRIPTION_URL_MAX 2048
/* Whether url may receive deliveries: an absolute http:// or https:// URL (scheme in any case)
 * with a host, at most SUBSCRIPTION_URL_MAX bytes, without spaces, control characters or a
 * fragment. Returns 0 or TW_EINVAL. Pure: for the handler's validation, and checked again by
 * db_subscription_create. */
int subscription_url_check(const char *url);

struct subscription {
    int64_t id;
    char *url;
    unsigned events; /* WEBHOOK_EVENT_* bits */
    char *secret;    /* set only by db_subscription_create: the API shows it once */
    char *created_at;
};
/* NULL-safe; frees the strings (the secret wiped first). */
void db_subscription_cleanup(struct subscription *s);

/* Creates a subscription. secret is a "whsec_<base64>" Standard Webhooks secret, or NULL to
 * have one generated. Returns 0 and *out (its secret set: answer it once), TW_EINVAL (bad url
 * per subscription_url_check, events 0 or beyond WEBHOOK_EVENTS_ALL, or a secret that is not
 * valid whsec_ base64), TW_EIO (no randomness for a secret), or TW_EDB. */
int db_subscription_create(struct db *db, const char *url, unsigned events, const char *secret,
                           struct subscription *out);
/* Returns 0 and *out (secret NULL), or TW_ENOTFOUND. */
int db_subscription_get(struct db *db, int64_t id, struct subscription *out);
/* Deletes the subscription and its deliveries (pending ones are never sent). 0 or
 * TW_ENOTFOUND. */
int db_subscription_delete(struct db *db, int64_t id);
/* Up to limit (1..500) subscriptions with ids below before_id (0: from the newest), newest
 * first, secrets NULL. Free each with db_subscription_cleanup and the array with free(). */
int db_subscription_list(struct db *db, int64_t before_id, int limit, struct subscription **out,
                         size_t *n_out, bool *more_out);

/* ---- outbound deliveries ---- */

enum delivery_status { DELIVERY_PENDING, DELIVERY_DELIVERED, DELIVERY_DEAD };
const char *delivery_status_name(enum delivery_status s);

/* One attempt to deliver. */
struct delivery_attempt {
    int attempt;     /* 1, 2, ... */
    char *at;        /* RFC 3339 UTC, when it started */
    int status_code; /* the HTTP status answered, 0 when none came */
    char *error;     /* why it failed (transport error or "HTTP 500"), NULL when delivered */
    int64_t duration_ms;
};

struct delivery {
    int64_t id, subscription_id;
    unsigned event;
    char *msg_id; /* the webhook-id header, the same at every attempt */
    enum delivery_status status;
    int attempts;
    char *next_attempt_at; /* while pending */
    int last_status;       /* HTTP status of the latest attempt, 0 when none */
    char *last_error;
    char *created_at, *finished_at;
    char *payload;                  /* the JSON body; filled by db_delivery_due only */
    struct delivery_attempt *tries; /* by db_delivery_list: every attempt, oldest first */
    size_t ntries;
    /* by db_delivery_due: where to send it */
    char *url, *secret;
};
/* NULL-safe. */
void db_delivery_cleanup(struct delivery *d);

/* Up to limit (1..100) deliveries of subscription sub_id with ids below before_id (0: from
 * the newest), newest first, each with its attempts. Returns 0, or TW_ENOTFOUND when there is
 * no such subscription, TW_EINVAL for a bad limit. Free each with db_delivery_cleanup and the
 * array with free(). */
int db_delivery_list(struct db *db, int64_t sub_id, int64_t before_id, int limit,
                     struct delivery **out, size_t *n_out, bool *more_out);

/* For the delivery thread: up to max pending deliveries due at now (RFC 3339 as
 * db_webhooks_time() writes it), oldest due first, with payload, url and secret. *n_out gets
 * how many; free each with db_delivery_cleanup. */
int db_delivery_due(struct db *db, const char *now, struct delivery *out, size_t max,
                    size_t *n_out);
/* When the next pending delivery falls due: 0 with *found and next (32 bytes), or an error. */
int db_delivery_next_due(struct db *db, bool *found, char next[32]);

/* The result of one attempt, for db_delivery_record. */
struct delivery_outcome {
    int attempt;     /* the attempt's number: the delivery's attempts + 1 */
    const char *at;  /* when it started */
    int status_code; /* 0 when no HTTP answer came */
    const char *error;
    int64_t duration_ms;
    enum delivery_status status; /* DELIVERED, DEAD, or PENDING for a retry ... */
    const char *next_attempt_at; /* ... at this time */
    const char *now;             /* finished_at when no longer pending */
};
/* Records an attempt of delivery id and its new state, in one transaction. TW_ENOTFOUND when
 * the delivery is gone or no longer pending (its subscription was deleted meanwhile). */
int db_delivery_record(struct db *db, int64_t id, const struct delivery_outcome *o);
/* Deletes deliveries that finished (delivered or dead) before `before`. */
int db_delivery_prune(struct db *db, const char *before, int64_t *n_out);

/* Writes the time ms (milliseconds since the Unix epoch) as the database stores times,
 * "2026-11-26T23:25:21.123Z", into out (at least 32 bytes). */
void db_webhooks_time(int64_t ms, char *out, size_t cap);

/* Registers fn(arg), called (from the committing thread) after each commit that queued
 * deliveries; NULL to unregister. Unregistering waits for a call in progress, so arg may be
 * freed afterwards. */
void db_webhooks_set_notify(void (*fn)(void *arg), void *arg);

#endif
