/* db_articles.c - the articles table: ingest with deduplication, get, delete and the filtered,
 * newest-first list of GET /v1/articles. */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_internal.h"
#include "db_webhooks.h"
#include "mem.h"
#include "status.h"

static const char SQL_ARTICLE_FIND[] =
    "SELECT id, content_hash FROM articles"
    " WHERE ifnull(source, '') = ifnull(?1, '') AND external_id = ?2";

static const char SQL_ARTICLE_INSERT[] =
    "INSERT INTO articles (source, external_id, title, url, published_at, content_hash,"
    " received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char SQL_BODY_PUT[] =
    "INSERT OR REPLACE INTO article_bodies (article_id, body) VALUES (?1, ?2)";

/* A resubmission with new content: the old annotations go, the article is queued again. */
static const char SQL_ARTICLE_UPDATE[] =
    "UPDATE articles SET title = ?2, url = ?3, published_at = ?4, content_hash = ?5,"
    " status = 'queued', error = NULL, annotated_at = NULL WHERE id = ?1";

#define ARTICLE_COLUMNS                                                                            \
    "id, title, url, source, external_id, published_at, received_at, annotated_at, status, error"

static const char SQL_ARTICLE_GET[] =
    "SELECT " ARTICLE_COLUMNS ", b.body, n.json FROM articles"
    " LEFT JOIN article_bodies b ON b.article_id = id"
    " LEFT JOIN article_annotations n ON n.article_id = id WHERE id = ?1";

static const char SQL_ARTICLE_DELETE[] = "DELETE FROM articles WHERE id = ?1";

/* The list comes in four forms that differ only in the leading term, so that the planner can
 * drive each from its index (source, status, received_at or the rowid) with the other filters
 * checked per row. Parameters: ?1 source, ?2 status, ?3 since, ?4 until, ?5 before_id,
 * ?6 limit. since/until are normalised to the stored form, so any RFC 3339 offset compares. */
#define LIST_FILTERS                                                                               \
    " AND (?1 IS NULL OR source = ?1)"                                                             \
    " AND (?2 IS NULL OR status = ?2)"                                                             \
    " AND (?3 IS NULL OR received_at >= strftime('%Y-%m-%dT%H:%M:%fZ', ?3))"                       \
    " AND (?4 IS NULL OR received_at < strftime('%Y-%m-%dT%H:%M:%fZ', ?4))"                        \
    " AND id < ?5 ORDER BY id DESC LIMIT ?6"

static const char SQL_ARTICLE_LIST_ALL[] =
    "SELECT " ARTICLE_COLUMNS " FROM articles WHERE 1" LIST_FILTERS;
static const char SQL_ARTICLE_LIST_SOURCE[] =
    "SELECT " ARTICLE_COLUMNS " FROM articles WHERE source = ?1" LIST_FILTERS;
static const char SQL_ARTICLE_LIST_STATUS[] =
    "SELECT " ARTICLE_COLUMNS " FROM articles WHERE status = ?2" LIST_FILTERS;
static const char SQL_ARTICLE_LIST_TIME[] =
    "SELECT " ARTICLE_COLUMNS " FROM articles INDEXED BY articles_received"
    " WHERE received_at >= ifnull(strftime('%Y-%m-%dT%H:%M:%fZ', ?3), '')"
    " AND received_at < ifnull(strftime('%Y-%m-%dT%H:%M:%fZ', ?4), '~')" LIST_FILTERS;

/* FNV-1a 64 over the content fields, each prefixed by its length (or a marker when absent), so
 * that moving bytes between fields or dropping one changes the hash. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static uint64_t field_hash(uint64_t h, const char *s, size_t n)
{
    uint64_t len = s == NULL ? UINT64_MAX : (uint64_t)n;
    h = fnv(h, &len, sizeof len);
    return s == NULL ? h : fnv(h, s, n);
}

static int64_t content_hash(const struct article_in *in)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    h = field_hash(h, in->body, in->body_len);
    h = field_hash(h, in->title, in->title ? strlen(in->title) : 0);
    h = field_hash(h, in->url, in->url ? strlen(in->url) : 0);
    h = field_hash(h, in->published_at, in->published_at ? strlen(in->published_at) : 0);
    return (int64_t)h;
}

int db_article_find_locked(struct db *db, const char *source, const char *external_id, bool *found,
                           int64_t *id, int64_t *hash)
{
    sqlite3_stmt *st = db_stmt(db, ST_ARTICLE_FIND, "article_find", SQL_ARTICLE_FIND);
    if (st == NULL)
        return TW_EDB;
    db_bind_text(st, 1, source);
    db_bind_text(st, 2, external_id);
    int rc = sqlite3_step(st);
    int status = TW_OK;
    *found = rc == SQLITE_ROW;
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        if (hash != NULL)
            *hash = sqlite3_column_int64(st, 1);
    } else if (rc != SQLITE_DONE) {
        status = db_fail(db, "article_find", rc);
    }
    db_done(st);
    return status;
}

static int check_queue_bound(struct db *db, int64_t queue_max)
{
    int64_t depth = 0;
    int status = db_jobs_depth_locked(db, &depth);
    if (status == TW_OK && queue_max > 0 && depth >= queue_max)
        status = TW_EBUSY;
    return status;
}

static int put_body(struct db *db, int64_t id, const struct article_in *in)
{
    sqlite3_stmt *st = db_stmt(db, ST_BODY_PUT, "body_put", SQL_BODY_PUT);
    if (st == NULL)
        return TW_EDB;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, in->body ? in->body : "", (int)in->body_len, SQLITE_STATIC);
    return db_exec_stmt(db, st, "body_put");
}

static int insert_article(struct db *db, const struct article_in *in, int64_t hash, const char *now,
                          int64_t *id)
{
    sqlite3_stmt *st = db_stmt(db, ST_ARTICLE_INSERT, "article_insert", SQL_ARTICLE_INSERT);
    if (st == NULL)
        return TW_EDB;
    db_bind_text(st, 1, in->source);
    db_bind_text(st, 2, in->external_id);
    db_bind_text(st, 3, in->title);
    db_bind_text(st, 4, in->url);
    db_bind_text(st, 5, in->published_at);
    sqlite3_bind_int64(st, 6, hash);
    db_bind_text(st, 7, now);
    int status = db_exec_stmt(db, st, "article_insert");
    if (status != TW_OK)
        return status;
    int64_t new_id = sqlite3_last_insert_rowid(db->h);
    status = put_body(db, new_id, in);
    if (status == TW_OK)
        *id = new_id;
    return status;
}

static int update_article(struct db *db, int64_t id, const struct article_in *in, int64_t hash)
{
    sqlite3_stmt *st = db_stmt(db, ST_ARTICLE_UPDATE, "article_update", SQL_ARTICLE_UPDATE);
    if (st == NULL)
        return TW_EDB;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, in->title);
    db_bind_text(st, 3, in->url);
    db_bind_text(st, 4, in->published_at);
    sqlite3_bind_int64(st, 5, hash);
    int status = db_exec_stmt(db, st, "article_update");
    if (status == TW_OK)
        status = put_body(db, id, in);
    if (status == TW_OK)
        status = db_annotations_clear_locked(db, id);
    return status;
}

/* db_article_submit_locked with the content hash already computed. */
static int submit_locked(struct db *db, const struct article_in *in, int64_t hash,
                         int64_t queue_max, const char *now, int64_t *id_out,
                         enum submit_outcome *outcome_out)
{
    int64_t id = 0, old_hash = 0;
    enum submit_outcome outcome = SUBMIT_CREATED;
    bool found = false;
    int status = TW_OK;
    if (in->external_id != NULL) {
        status = db_article_find_locked(db, in->source, in->external_id, &found, &id, &old_hash);
        if (status != TW_OK)
            return status;
    }
    if (found && old_hash == hash) {
        *id_out = id;
        *outcome_out = SUBMIT_UNCHANGED;
        return TW_OK;
    }
    status = check_queue_bound(db, queue_max);
    if (status != TW_OK)
        return status;
    if (found) {
        outcome = SUBMIT_UPDATED;
        status = update_article(db, id, in, hash);
    } else {
        status = insert_article(db, in, hash, now, &id);
    }
    if (status == TW_OK)
        status = db_jobs_enqueue_locked(db, id, now);
    if (status == TW_OK) {
        *id_out = id;
        *outcome_out = outcome;
    }
    return status;
}

int db_article_submit_locked(struct db *db, const struct article_in *in, int64_t queue_max,
                             const char *now, int64_t *id_out, enum submit_outcome *outcome_out)
{
    if (in->body_len > (size_t)INT32_MAX)
        return TW_ETOOBIG;
    return submit_locked(db, in, content_hash(in), queue_max, now, id_out, outcome_out);
}

int db_article_submit(struct db *db, const struct article_in *in, int64_t queue_max,
                      int64_t *id_out, enum submit_outcome *outcome_out)
{
    db_assert_owner(db);
    if (in->body_len > (size_t)INT32_MAX)
        return TW_ETOOBIG;
    int64_t hash = content_hash(in), id = 0;
    enum submit_outcome outcome = SUBMIT_CREATED;
    char now[32];
    db_now(now, sizeof now);

    /* Feeds resend what they already sent: answer an unchanged article from a plain read,
     * without queueing behind the writers. Anything else is decided again under the lock. */
    if (in->external_id != NULL) {
        int64_t old_hash = 0;
        bool found = false;
        int status =
            db_article_find_locked(db, in->source, in->external_id, &found, &id, &old_hash);
        if (status != TW_OK)
            return status;
        if (found && old_hash == hash) {
            *id_out = id;
            *outcome_out = SUBMIT_UNCHANGED;
            return TW_OK;
        }
    }

    int status = db_begin(db);
    if (status != TW_OK)
        return status;
    status = submit_locked(db, in, hash, queue_max, now, &id, &outcome);
    if (status == TW_OK && outcome != SUBMIT_UNCHANGED)
        status = db_commit(db);
    else
        db_rollback(db); /* an error, or nothing written: the rollback just ends the transaction */
    if (status == TW_OK) {
        *id_out = id;
        *outcome_out = outcome;
    }
    return status;
}

void db_article_cleanup(struct article *a)
{
    if (a == NULL)
        return;
    free(a->title);
    free(a->url);
    free(a->source);
    free(a->external_id);
    free(a->published_at);
    free(a->received_at);
    free(a->annotated_at);
    free(a->error);
    free(a->body);
    free(a->annotations_json);
    memset(a, 0, sizeof *a);
}

/* Fills a from the ARTICLE_COLUMNS of the current row. */
static void read_article(sqlite3_stmt *st, struct article *a)
{
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(st, 0);
    a->title = db_column_strdup(st, 1);
    a->url = db_column_strdup(st, 2);
    a->source = db_column_strdup(st, 3);
    a->external_id = db_column_strdup(st, 4);
    a->published_at = db_column_strdup(st, 5);
    a->received_at = db_column_strdup(st, 6);
    a->annotated_at = db_column_strdup(st, 7);
    const char *status = (const char *)sqlite3_column_text(st, 8);
    if (article_status_parse(status, &a->status) != TW_OK)
        a->status = ARTICLE_FAILED; /* the CHECK constraint makes this unreachable */
    a->error = db_column_strdup(st, 9);
}

int db_article_get(struct db *db, int64_t id, struct article *out)
{
    sqlite3_stmt *st = db_stmt(db, ST_ARTICLE_GET, "article_get", SQL_ARTICLE_GET);
    if (st == NULL)
        return TW_EDB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    int status = TW_OK;
    if (rc == SQLITE_ROW) {
        read_article(st, out);
        out->body = db_column_strdup(st, 10);
        out->body_len = (size_t)sqlite3_column_bytes(st, 10);
        out->annotations_json = db_column_strdup(st, 11);
    } else if (rc == SQLITE_DONE) {
        status = TW_ENOTFOUND;
    } else {
        status = db_fail(db, "article_get", rc);
    }
    db_done(st);
    return status;
}

int db_article_delete_locked(struct db *db, int64_t id)
{
    sqlite3_stmt *st = db_stmt(db, ST_ARTICLE_DELETE, "article_delete", SQL_ARTICLE_DELETE);
    if (st == NULL)
        return TW_EDB;
    sqlite3_bind_int64(st, 1, id);
    int status = db_exec_stmt(db, st, "article_delete");
    if (status == TW_OK && sqlite3_changes(db->h) == 0)
        status = TW_ENOTFOUND;
    return status;
}

int db_article_delete(struct db *db, int64_t id)
{
    db_assert_owner(db);
    char now[32];
    db_now(now, sizeof now);
    int64_t queued = 0;
    int status = db_begin(db);
    if (status != TW_OK)
        return status;
    /* Outbound webhooks: article.deleted is queued in the deletion's own transaction, so that
     * a crash loses neither, and before the row goes, since its payload describes the article.
     * An unknown id queues nothing and the rollback below ends it all. */
    status = db_deliveries_enqueue_locked(db, id, WEBHOOK_EVENT_DELETED, now, &queued);
    if (status == TW_OK)
        status = db_article_delete_locked(db, id);
    return db_end_queued(db, status, queued);
}

int db_article_list(struct db *db, const struct article_filter *f, struct article **out,
                    size_t *n_out, bool *more_out)
{
    if (f->limit < 1 || f->limit > 500 || f->before_id < 0)
        return TW_EINVAL;
    sqlite3_stmt *st;
    if (f->source != NULL)
        st = db_stmt(db, ST_ARTICLE_LIST_SOURCE, "article_list_source", SQL_ARTICLE_LIST_SOURCE);
    else if (f->has_status)
        st = db_stmt(db, ST_ARTICLE_LIST_STATUS, "article_list_status", SQL_ARTICLE_LIST_STATUS);
    else if (f->since != NULL || f->until != NULL)
        st = db_stmt(db, ST_ARTICLE_LIST_TIME, "article_list_time", SQL_ARTICLE_LIST_TIME);
    else
        st = db_stmt(db, ST_ARTICLE_LIST_ALL, "article_list_all", SQL_ARTICLE_LIST_ALL);
    if (st == NULL)
        return TW_EDB;
    db_bind_text(st, 1, f->source);
    db_bind_text(st, 2, f->has_status ? article_status_name(f->status) : NULL);
    db_bind_text(st, 3, f->since);
    db_bind_text(st, 4, f->until);
    sqlite3_bind_int64(st, 5, f->before_id > 0 ? f->before_id : INT64_MAX);
    sqlite3_bind_int(st, 6, f->limit + 1); /* one more tells whether a next page exists */

    struct article *items = xcalloc((size_t)f->limit, sizeof *items);
    size_t n = 0;
    bool more = false;
    int rc, status = TW_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == (size_t)f->limit) {
            more = true;
            break;
        }
        read_article(st, &items[n++]);
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        status = db_fail(db, "article_list", rc);
    db_done(st);
    if (status != TW_OK) {
        for (size_t i = 0; i < n; i++)
            db_article_cleanup(&items[i]);
        free(items);
        return status;
    }
    *out = items;
    *n_out = n;
    *more_out = more;
    return TW_OK;
}
