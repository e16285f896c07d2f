/* db_webhooks.c - inbound delivery ids seen, outbound subscriptions and their deliveries
 * (schema/003_webhooks.sql). See db_webhooks.h for the payload of the outbound events. */
#include "db_webhooks.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "db.h"
#include "db_internal.h"
#include "mem.h"
#include "status.h"
#include "webhook_verify.h"

static const char SQL_WH_SEEN_FIND[] =
    "SELECT article_id, outcome FROM webhook_seen WHERE source = ?1 AND delivery_id = ?2";
static const char SQL_WH_SEEN_INSERT[] =
    "INSERT INTO webhook_seen (source, delivery_id, article_id, outcome, seen_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_WH_SEEN_PRUNE[] = "DELETE FROM webhook_seen WHERE seen_at < ?1";

static const char SQL_SUB_INSERT[] =
    "INSERT INTO subscriptions (url, events, secret, created_at) VALUES (?1, ?2, ?3, ?4)";
static const char SQL_SUB_GET[] =
    "SELECT id, url, events, created_at FROM subscriptions WHERE id = ?1";
static const char SQL_SUB_DELETE[] = "DELETE FROM subscriptions WHERE id = ?1";
static const char SQL_SUB_LIST[] = "SELECT id, url, events, created_at FROM subscriptions"
                                   " WHERE id < ?1 ORDER BY id DESC LIMIT ?2";

/* One row per matching subscription, its payload built here so that it is the article as it
 * stands inside the transaction (before the delete, for article.deleted). The expressions are
 * evaluated per row produced: without subscribers the statement costs one look-up, which
 * matters since it runs with every annotated article. ?1 article, ?2 event name, ?3 event bit,
 * ?4 now. msg_id: 128 random bits, the webhook-id of every attempt. */
static const char SQL_DLV_ENQUEUE[] =
    "INSERT INTO deliveries (subscription_id, event, msg_id, payload, next_attempt_at,"
    " created_at)"
    " SELECT s.id, ?2, 'msg_' || lower(hex(randomblob(16))),"
    " json_object('type', ?2, 'timestamp', ?4, 'data', json_object("
    "  'id', a.id, 'status', a.status, 'source', a.source, 'external_id', a.external_id,"
    "  'title', a.title, 'url', a.url, 'published_at', a.published_at,"
    "  'received_at', a.received_at, 'annotated_at', a.annotated_at, 'error', a.error,"
    "  'counts', json_object('actors', coalesce(json_array_length(n.json, '$.actors'), 0),"
    "   'claims', coalesce(json_array_length(n.json, '$.claims'), 0),"
    "   'tariffs', coalesce(json_array_length(n.json, '$.tariffs'), 0)),"
    "  'href', '/v1/articles/' || a.id)),"
    " ?4, ?4"
    " FROM articles a CROSS JOIN subscriptions s"
    " LEFT JOIN article_annotations n ON n.article_id = a.id"
    " WHERE a.id = ?1 AND (s.events & ?3) != 0 ORDER BY s.id";

#define DELIVERY_COLUMNS                                                                           \
    "id, subscription_id, event, msg_id, status, attempts, next_attempt_at, last_status,"          \
    " last_error, created_at, finished_at"

static const char SQL_DLV_LIST[] = "SELECT " DELIVERY_COLUMNS " FROM deliveries"
                                   " WHERE subscription_id = ?1 AND id < ?2"
                                   " ORDER BY id DESC LIMIT ?3";
static const char SQL_DLV_ATTEMPTS[] =
    "SELECT attempt, at, status_code, error, duration_ms FROM delivery_attempts"
    " WHERE delivery_id = ?1 ORDER BY attempt";
static const char SQL_DLV_DUE[] =
    "SELECT d.id, d.subscription_id, d.event, d.msg_id, d.status, d.attempts,"
    " d.next_attempt_at, d.last_status, d.last_error, d.created_at, d.finished_at,"
    " d.payload, s.url, s.secret"
    " FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id"
    " WHERE d.status = 'pending' AND d.next_attempt_at <= ?1"
    " ORDER BY d.next_attempt_at, d.id LIMIT ?2";
static const char SQL_DLV_NEXT_DUE[] =
    "SELECT min(next_attempt_at) FROM deliveries WHERE status = 'pending'";
static const char SQL_DLV_ATTEMPT_INSERT[] =
    "INSERT INTO delivery_attempts (delivery_id, attempt, at, status_code, error, duration_ms)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
/* Only a delivery still pending moves on: one whose subscription went meanwhile is gone. */
static const char SQL_DLV_UPDATE[] =
    "UPDATE deliveries SET status = ?2, attempts = ?3, next_attempt_at = ?4, last_status = ?5,"
    " last_error = ?6, finished_at = ?7 WHERE id = ?1 AND status = 'pending'";
static const char SQL_DLV_PRUNE[] =
    "DELETE FROM deliveries WHERE status != 'pending' AND finished_at < ?1";

/* ---- names ---- */

static const char *const outcome_names[] = {"created", "updated", "unchanged", "deleted", "absent"};

const char *inbound_outcome_name(enum inbound_outcome o)
{
    return (unsigned)o < sizeof outcome_names / sizeof *outcome_names ? outcome_names[o]
                                                                      : "unknown";
}

static enum inbound_outcome outcome_parse(const char *name)
{
    for (size_t i = 0; i < sizeof outcome_names / sizeof *outcome_names; i++)
        if (name != NULL && strcmp(name, outcome_names[i]) == 0)
            return (enum inbound_outcome)i;
    return INBOUND_UNCHANGED; /* the CHECK constraint makes this unreachable */
}

static const char *const event_names[] = {"article.annotated", "article.failed", "article.deleted"};

const char *webhook_event_name(unsigned event)
{
    for (unsigned i = 0; i < 3; i++)
        if (event == 1u << i)
            return event_names[i];
    return "unknown";
}

int webhook_event_parse(const char *name, unsigned *out)
{
    for (unsigned i = 0; i < 3; i++) {
        if (name != NULL && strcmp(name, event_names[i]) == 0) {
            *out = 1u << i;
            return TW_OK;
        }
    }
    return TW_EINVAL;
}

static const char *const delivery_status_names[] = {"pending", "delivered", "dead"};

const char *delivery_status_name(enum delivery_status s)
{
    return (unsigned)s < 3 ? delivery_status_names[s] : "unknown";
}

static enum delivery_status delivery_status_parse(const char *name)
{
    for (unsigned i = 0; i < 3; i++)
        if (name != NULL && strcmp(name, delivery_status_names[i]) == 0)
            return (enum delivery_status)i;
    return DELIVERY_DEAD; /* the CHECK constraint makes this unreachable */
}

void db_webhooks_time(int64_t ms, char *out, size_t cap)
{
    time_t sec = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&sec, &tm);
    size_t n = strftime(out, cap, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out + n, cap - n, ".%03dZ", (int)(ms % 1000));
}

/* ---- the delivery thread's wake-up ----
 * notify_mu guards the pair and is held during a call, so that unregistering waits for a call
 * in progress (the delivery thread's struct may then be freed). */
static pthread_mutex_t notify_mu = PTHREAD_MUTEX_INITIALIZER;
static void (*notify_fn)(void *);
static void *notify_arg;

void db_webhooks_set_notify(void (*fn)(void *arg), void *arg)
{
    pthread_mutex_lock(&notify_mu);
    notify_fn = fn;
    notify_arg = arg;
    pthread_mutex_unlock(&notify_mu);
}

void db_deliveries_committed(void)
{
    pthread_mutex_lock(&notify_mu);
    if (notify_fn != NULL)
        notify_fn(notify_arg);
    pthread_mutex_unlock(&notify_mu);
}

/* ---- inbound ---- */

/* Looks up (source, delivery_id): 0 with *seen (and the stored result when seen). */
static int seen_find(struct db *db, const char *source, const char *delivery_id, bool *seen,
                     struct inbound_result *r)
{
    sqlite3_stmt *st = db_stmt(db, ST_WH_SEEN_FIND, "webhook_seen_find", SQL_WH_SEEN_FIND);
    if (st == NULL)
        return TW_EDB;
    db_bind_text(st, 1, source);
    db_bind_text(st, 2, delivery_id);
    int rc = sqlite3_step(st);
    int status = TW_OK;
    *seen = rc == SQLITE_ROW;
    if (rc == SQLITE_ROW) {
        r->replay = true;
        r->article_id = sqlite3_column_int64(st, 0);
        r->outcome = outcome_parse((const char *)sqlite3_column_text(st, 1));
    } else if (rc != SQLITE_DONE) {
        status = db_fail(db, "webhook_seen_find", rc);
    }
    db_done(st);
    return status;
}

static int seen_insert(struct db *db, const char *source, const char *delivery_id,
                       const struct inbound_result *r, const char *now)
{
    sqlite3_stmt *st = db_stmt(db, ST_WH_SEEN_INSERT, "webhook_seen_insert", SQL_WH_SEEN_INSERT);
    if (st == NULL)
        return TW_EDB;
    db_bind_text(st, 1, source);
    db_bind_text(st, 2, delivery_id);
    if (r->article_id > 0)
        sqlite3_bind_int64(st, 3, r->article_id);
    else
        sqlite3_bind_null(st, 3);
    db_bind_text(st, 4, inbound_outcome_name(r->outcome));
    db_bind_text(st, 5, now);
    return db_exec_stmt(db, st, "webhook_seen_insert");
}

/* The replay check of both inbound paths: first as a plain read so that a replay does not
 * queue behind the writers, then again under the write lock. 0 with *seen; when not seen, the
 * write transaction is open (db_begin done) and the caller ends it. */
static int begin_unless_seen(struct db *db, const char *source, const char *delivery_id,
                             bool *seen, struct inbound_result *r)
{
    if (source == NULL || source[0] == '\0' || delivery_id == NULL || delivery_id[0] == '\0')
        return TW_EINVAL;
    int status = seen_find(db, source, delivery_id, seen, r);
    if (status != TW_OK || *seen)
        return status;
    status = db_begin(db);
    if (status != TW_OK)
        return status;
    status = seen_find(db, source, delivery_id, seen, r);
    if (status != TW_OK || *seen)
        db_rollback(db);
    return status;
}

int db_end_queued(struct db *db, int status, int64_t queued)
{
    if (status != TW_OK) {
        db_rollback(db);
        return status;
    }
    status = db_commit(db);
    if (status == TW_OK && queued > 0)
        db_deliveries_committed();
    return status;
}

int db_webhook_submit(struct db *db, const char *source, const char *delivery_id,
                      const struct article_in *in, int64_t queue_max, struct inbound_result *out)
{
    db_assert_owner(db);
    struct inbound_result r = {0};
    bool seen = false;
    if (in->source != NULL && (source == NULL || strcmp(in->source, source) != 0))
        return TW_EINVAL;
    int status = begin_unless_seen(db, source, delivery_id, &seen, &r);
    if (status != TW_OK || seen)
        goto out;
    struct article_in art = *in;
    art.source = source;
    char now[32];
    db_now(now, sizeof now);
    enum submit_outcome so = SUBMIT_CREATED;
    status = db_article_submit_locked(db, &art, queue_max, now, &r.article_id, &so);
    if (status == TW_OK) {
        r.outcome = so == SUBMIT_CREATED   ? INBOUND_CREATED
                    : so == SUBMIT_UPDATED ? INBOUND_UPDATED
                                           : INBOUND_UNCHANGED;
        status = seen_insert(db, source, delivery_id, &r, now);
    }
    status = db_end_queued(db, status, 0);
out:
    if (status == TW_OK)
        *out = r;
    return status;
}

int db_webhook_delete(struct db *db, const char *source, const char *delivery_id,
                      const char *external_id, struct inbound_result *out)
{
    db_assert_owner(db);
    struct inbound_result r = {0};
    bool seen = false, found = false;
    int64_t queued = 0;
    if (external_id == NULL || external_id[0] == '\0')
        return TW_EINVAL;
    int status = begin_unless_seen(db, source, delivery_id, &seen, &r);
    if (status != TW_OK || seen)
        goto out;
    char now[32];
    db_now(now, sizeof now);
    status = db_article_find_locked(db, source, external_id, &found, &r.article_id, NULL);
    if (status == TW_OK && found) {
        r.outcome = INBOUND_DELETED;
        status =
            db_deliveries_enqueue_locked(db, r.article_id, WEBHOOK_EVENT_DELETED, now, &queued);
        if (status == TW_OK)
            status = db_article_delete_locked(db, r.article_id);
    } else if (status == TW_OK) {
        r.outcome = INBOUND_ABSENT;
        r.article_id = 0;
    }
    if (status == TW_OK)
        status = seen_insert(db, source, delivery_id, &r, now);
    status = db_end_queued(db, status, queued);
out:
    if (status == TW_OK)
        *out = r;
    return status;
}

/* Runs a pruning DELETE bound to `before` in a transaction of its own. */
static int prune(struct db *db, enum db_stmt_id id, const char *name, const char *sql,
                 const char *before, int64_t *n_out)
{
    db_assert_owner(db);
    sqlite3_stmt *st = db_stmt(db, id, name, sql);
    if (st == NULL)
        return TW_EDB;
    int status = db_begin(db);
    if (status != TW_OK)
        return status;
    db_bind_text(st, 1, before);
    status = db_exec_stmt(db, st, name);
    int64_t n = status == TW_OK ? sqlite3_changes64(db->h) : 0;
    if (status == TW_OK)
        status = db_commit(db);
    else
        db_rollback(db);
    if (status == TW_OK)
        *n_out = n;
    return status;
}

int db_webhook_seen_prune(struct db *db, const char *before, int64_t *n_out)
{
    return prune(db, ST_WH_SEEN_PRUNE, "webhook_seen_prune", SQL_WH_SEEN_PRUNE, before, n_out);
}

/* ---- subscriptions ---- */

int subscription_url_check(const char *url)
{
    if (url == NULL)
        return TW_EINVAL;
    size_t len = strlen(url), skip;
    if (len > SUBSCRIPTION_URL_MAX)
        return TW_EINVAL;
    if (strncasecmp(url, "https://", 8) == 0)
        skip = 8;
    else if (strncasecmp(url, "http://", 7) == 0)
        skip = 7;
    else
        return TW_EINVAL;
    for (const unsigned char *p = (const unsigned char *)url; *p != '\0'; p++)
        if (*p <= 0x20 || *p == 0x7f || *p == '#')
            return TW_EINVAL;
    /* The authority runs to the first '/', '?'; after any userinfo, a host must remain. */
    const char *auth = url + skip;
    size_t alen = strcspn(auth, "/?");
    const char *at = memchr(auth, '@', alen);
    const char *host = at != NULL ? at + 1 : auth;
    size_t hlen = alen - (size_t)(host - auth);
    if (hlen == 0 || host[0] == ':')
        return TW_EINVAL;
    if (host[0] == '[') { /* an IPv6 literal must close */
        const char *close = memchr(host, ']', hlen);
        if (close == NULL)
            return TW_EINVAL;
        host = close + 1;
        hlen = alen - (size_t)(host - auth);
        if (hlen > 0 && host[0] != ':')
            return TW_EINVAL;
    } else if (memchr(host, '[', hlen) != NULL || memchr(host, ']', hlen) != NULL) {
        return TW_EINVAL;
    }
    const char *colon = hlen > 0 ? memchr(host, ':', hlen) : NULL;
    if (colon != NULL) { /* a port: 1..65535, digits only */
        size_t plen = hlen - (size_t)(colon + 1 - host);
        long port = 0;
        if (plen == 0 || plen > 5)
            return TW_EINVAL;
        for (size_t i = 1; i <= plen; i++) {
            if (colon[i] < '0' || colon[i] > '9')
                return TW_EINVAL;
            port = port * 10 + (colon[i] - '0');
        }
        if (port < 1 || port > 65535)
            return TW_EINVAL;
    }
    return TW_OK;
}

static void wipe_free(char *s)
{
    if (s == NULL)
        return;
    volatile char *p = s;
    while (*p != '\0')
        *p++ = '\0';
    free(s);
}

void db_subscription_cleanup(struct subscription *s)
{
    if (s == NULL)
        return;
    free(s->url);
    wipe_free(s->secret);
    free(s->created_at);
    memset(s, 0, sizeof *s);
}

/* Fills s from the id, url, events, created_at columns of the current row. */
static void read_subscription(sqlite3_stmt *st, struct subscription *s)
{
    memset(s, 0, sizeof *s);
    s->id = sqlite3_column_int64(st, 0);
    s->url = db_column_strdup(st, 1);
    s->events = (unsigned)sqlite3_column_int(st, 2);
    s->created_at = db_column_strdup(st, 3);
}

int db_subscription_create(struct db *db, const char *url, unsigned events, const char *secret,
                           struct subscription *out)
{
    db_assert_owner(db);
    char *sec = NULL;
    struct webhook_secret *parsed = NULL;
    int status = TW_OK;
    if (subscription_url_check(url) != TW_OK || events == 0 || (events & ~WEBHOOK_EVENTS_ALL))
        return TW_EINVAL;
    if (secret == NULL) {
        sec = webhook_secret_generate();
        if (sec == NULL)
            return TW_EIO;
    } else {
        /* whsec_ required here (the parser also takes bare base64) so that what is stored is
         * what every Standard Webhooks library expects to be given. */
        if (strncmp(secret, "whsec_", 6) != 0 ||
            webhook_secret_parse(WEBHOOK_SCHEME_STANDARD, secret, &parsed) != TW_OK)
            return TW_EINVAL;
        webhook_secret_free(parsed);
        sec = xstrdup(secret);
    }
    sqlite3_stmt *st = db_stmt(db, ST_SUB_INSERT, "subscription_insert", SQL_SUB_INSERT);
    if (st == NULL) {
        status = TW_EDB;
        goto out;
    }
    char now[32];
    db_now(now, sizeof now);
    status = db_begin(db);
    if (status != TW_OK)
        goto out;
    db_bind_text(st, 1, url);
    sqlite3_bind_int(st, 2, (int)events);
    db_bind_text(st, 3, sec);
    db_bind_text(st, 4, now);
    status = db_exec_stmt(db, st, "subscription_insert");
    int64_t id = sqlite3_last_insert_rowid(db->h);
    if (status == TW_OK)
        status = db_commit(db);
    else
        db_rollback(db);
    if (status == TW_OK) {
        *out = (struct subscription){.id = id,
                                     .url = xstrdup(url),
                                     .events = events,
                                     .secret = sec,
                                     .created_at = xstrdup(now)};
        sec = NULL;
    }
out:
    wipe_free(sec);
    return status;
}

int db_subscription_get(struct db *db, int64_t id, struct subscription *out)
{
    db_assert_owner(db);
    sqlite3_stmt *st = db_stmt(db, ST_SUB_GET, "subscription_get", SQL_SUB_GET);
    if (st == NULL)
        return TW_EDB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    int status = TW_OK;
    if (rc == SQLITE_ROW)
        read_subscription(st, out);
    else if (rc == SQLITE_DONE)
        status = TW_ENOTFOUND;
    else
        status = db_fail(db, "subscription_get", rc);
    db_done(st);
    return status;
}

int db_subscription_delete(struct db *db, int64_t id)
{
    db_assert_owner(db);
    sqlite3_stmt *st = db_stmt(db, ST_SUB_DELETE, "subscription_delete", SQL_SUB_DELETE);
    if (st == NULL)
        return TW_EDB;
    int status = db_begin(db);
    if (status != TW_OK)
        return status;
    sqlite3_bind_int64(st, 1, id);
    status = db_exec_stmt(db, st, "subscription_delete");
    if (status == TW_OK && sqlite3_changes(db->h) == 0)
        status = TW_ENOTFOUND;
    return db_end_queued(db, status, 0);
}

int db_subscription_list(struct db *db, int64_t before_id, int limit, struct subscription **out,
                         size_t *n_out, bool *more_out)
{
    db_assert_owner(db);
    if (limit < 1 || limit > 500 || before_id < 0)
        return TW_EINVAL;
    sqlite3_stmt *st = db_stmt(db, ST_SUB_LIST, "subscription_list", SQL_SUB_LIST);
    if (st == NULL)
        return TW_EDB;
    sqlite3_bind_int64(st, 1, before_id > 0 ? before_id : INT64_MAX);
    sqlite3_bind_int(st, 2, limit + 1); /* one more tells whether a next page exists */
    struct subscription *items = xcalloc((size_t)limit, sizeof *items);
    size_t n = 0;
    bool more = false;
    int rc, status = TW_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == (size_t)limit) {
            more = true;
            break;
        }
        read_subscription(st, &items[n++]);
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        status = db_fail(db, "subscription_list", rc);
    db_done(st);
    if (status != TW_OK) {
        for (size_t i = 0; i < n; i++)
            db_subscription_cleanup(&items[i]);
        free(items);
        return status;
    }
    *out = items;
    *n_out = n;
    *more_out = more;
    return TW_OK;
}

/* ---- deliveries ---- */

int db_deliveries_enqueue_locked(struct db *db, int64_t article_id, unsigned event, const char *now,
                                 int64_t *queued)
{
    sqlite3_stmt *st = db_stmt(db, ST_DLV_ENQUEUE, "delivery_enqueue", SQL_DLV_ENQUEUE);
    if (st == NULL)
        return TW_EDB;
    sqlite3_bind_int64(st, 1, article_id);
    sqlite3_bind_text(st, 2, webhook_event_name(event), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, (int)event);
    db_bind_text(st, 4, now);
    int status = db_exec_stmt(db, st, "delivery_enqueue");
    if (status == TW_OK)
        *queued = sqlite3_changes64(db->h);
    return status;
}

void db_delivery_cleanup(struct delivery *d)
{
    if (d == NULL)
        return;
    free(d->msg_id);
    free(d->next_attempt_at);
    free(d->last_error);
    free(d->created_at);
    free(d->finished_at);
    free(d->payload);
    for (size_t i = 0; i < d->ntries; i++) {
        free(d->tries[i].at);
        free(d->tries[i].error);
    }
    free(d->tries);
    free(d->url);
    wipe_free(d->secret);
    memset(d, 0, sizeof *d);
}

/* Fills d from the DELIVERY_COLUMNS of the current row. */
static void read_delivery(sqlite3_stmt *st, struct delivery *d)
{
    memset(d, 0, sizeof *d);
    d->id = sqlite3_column_int64(st, 0);
    d->subscription_id = sqlite3_column_int64(st, 1);
    webhook_event_parse((const char *)sqlite3_column_text(st, 2), &d->event);
    d->msg_id = db_column_strdup(st, 3);
    d->status = delivery_status_parse((const char *)sqlite3_column_text(st, 4));
    d->attempts = sqlite3_column_int(st, 5);
    d->next_attempt_at = db_column_strdup(st, 6);
    d->last_status = sqlite3_column_int(st, 7); /* NULL reads as 0: no answer */
    d->last_error = db_column_strdup(st, 8);
    d->created_at = db_column_strdup(st, 9);
    d->finished_at = db_column_strdup(st, 10);
}

static int read_attempts(struct db *db, struct delivery *d)
{
    sqlite3_stmt *st = db_stmt(db, ST_DLV_ATTEMPTS, "delivery_attempts", SQL_DLV_ATTEMPTS);
    if (st == NULL)
        return TW_EDB;
    sqlite3_bind_int64(st, 1, d->id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        xgrow((void **)&d->tries, &cap, d->ntries + 1, sizeof *d->tries);
        struct delivery_attempt *a = &d->tries[d->ntries++];
        a->attempt = sqlite3_column_int(st, 0);
        a->at = db_column_strdup(st, 1);
        a->status_code = sqlite3_column_int(st, 2);
        a->error = db_column_strdup(st, 3);
        a->duration_ms = sqlite3_column_int64(st, 4);
    }
    int status = rc == SQLITE_DONE ? TW_OK : db_fail(db, "delivery_attempts", rc);
    db_done(st);
    return status;
}

int db_delivery_list(struct db *db, int64_t sub_id, int64_t before_id, int limit,
                     struct delivery **out, size_t *n_out, bool *more_out)
{
    db_assert_owner(db);
    if (limit < 1 || limit > 100 || before_id < 0)
        return TW_EINVAL;
    struct subscription sub;
    int status = db_subscription_get(db, sub_id, &sub);
    if (status != TW_OK)
        return status;
    db_subscription_cleanup(&sub);
    sqlite3_stmt *st = db_stmt(db, ST_DLV_LIST, "delivery_list", SQL_DLV_LIST);
    if (st == NULL)
        return TW_EDB;
    sqlite3_bind_int64(st, 1, sub_id);
    sqlite3_bind_int64(st, 2, before_id > 0 ? before_id : INT64_MAX);
    sqlite3_bind_int(st, 3, limit + 1);
    struct delivery *items = xcalloc((size_t)limit, sizeof *items);
    size_t n = 0;
    bool more = false;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == (size_t)limit) {
            more = true;
            break;
        }
        read_delivery(st, &items[n++]);
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        status = db_fail(db, "delivery_list", rc);
    db_done(st);
    /* The attempts after the list, which needs no statement held open meanwhile. */
    for (size_t i = 0; status == TW_OK && i < n; i++)
        status = read_attempts(db, &items[i]);
    if (status != TW_OK) {
        for (size_t i = 0; i < n; i++)
            db_delivery_cleanup(&items[i]);
        free(items);
        return status;
    }
    *out = items;
    *n_out = n;
    *more_out = more;
    return TW_OK;
}

int db_delivery_due(struct db *db, const char *now, struct delivery *out, size_t max, size_t *n_out)
{
    db_assert_owner(db);
    sqlite3_stmt *st = db_stmt(db, ST_DLV_DUE, "delivery_due", SQL_DLV_DUE);
    if (st == NULL)
        return TW_EDB;
    db_bind_text(st, 1, now);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)max);
    size_t n = 0;
    int rc = SQLITE_DONE;
    while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct delivery *d = &out[n++];
        read_delivery(st, d);
        d->payload = db_column_strdup(st, 11);
        d->url = db_column_strdup(st, 12);
        d->secret = db_column_strdup(st, 13);
    }
    int status = n == max || rc == SQLITE_DONE ? TW_OK : db_fail(db, "delivery_due", rc);
    db_done(st);
    if (status != TW_OK) {
        for (size_t i = 0; i < n; i++)
            db_delivery_cleanup(&out[i]);
        return status;
    }
    *n_out = n;
    return TW_OK;
}

int db_delivery_next_due(struct db *db, bool *found, char next[32])
{
    db_assert_owner(db);
    sqlite3_stmt *st = db_stmt(db, ST_DLV_NEXT_DUE, "delivery_next_due", SQL_DLV_NEXT_DUE);
    if (st == NULL)
        return TW_EDB;
    int rc = sqlite3_step(st);
    int status = TW_OK;
    if (rc == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        *found = t != NULL;
        if (t != NULL)
            snprintf(next, 32, "%s", t);
    } else {
        status = db_fail(db, "delivery_next_due", rc == SQLITE_DONE ? SQLITE_CORRUPT : rc);
    }
    db_done(st);
    return status;
}

int db_delivery_record(struct db *db, int64_t id, const struct delivery_outcome *o)
{
    db_assert_owner(db);
    sqlite3_stmt *ins =
        db_stmt(db, ST_DLV_ATTEMPT_INSERT, "delivery_attempt_insert", SQL_DLV_ATTEMPT_INSERT);
    sqlite3_stmt *upd = db_stmt(db, ST_DLV_UPDATE, "delivery_update", SQL_DLV_UPDATE);
    if (ins == NULL || upd == NULL)
        return TW_EDB;
    bool pending = o->status == DELIVERY_PENDING;
    int status = db_begin(db);
    if (status != TW_OK)
        return status;
    sqlite3_bind_int64(upd, 1, id);
    sqlite3_bind_text(upd, 2, delivery_status_name(o->status), -1, SQLITE_STATIC);
    sqlite3_bind_int(upd, 3, o->attempt);
    db_bind_text(upd, 4, pending ? o->next_attempt_at : NULL);
    if (o->status_code > 0)
        sqlite3_bind_int(upd, 5, o->status_code);
    else
        sqlite3_bind_null(upd, 5);
    db_bind_text(upd, 6, o->error);
    db_bind_text(upd, 7, pending ? NULL : o->now);
    status = db_exec_stmt(db, upd, "delivery_update");
    if (status == TW_OK && sqlite3_changes(db->h) == 0)
        status = TW_ENOTFOUND;
    if (status == TW_OK) {
        sqlite3_bind_int64(ins, 1, id);
        sqlite3_bind_int(ins, 2, o->attempt);
        db_bind_text(ins, 3, o->at);
        if (o->status_code > 0)
            sqlite3_bind_int(ins, 4, o->status_code);
        else
            sqlite3_bind_null(ins, 4);
        db_bind_text(ins, 5, o->error);
        sqlite3_bind_int64(ins, 6, o->duration_ms);
        status = db_exec_stmt(db, ins, "delivery_attempt_insert");
    }
    return db_end_queued(db, status, 0);
}

int db_delivery_prune(struct db *db, const char *before, int64_t *n_out)
{
    return prune(db, ST_DLV_PRUNE, "delivery_prune", SQL_DLV_PRUNE, before, n_out);
}
