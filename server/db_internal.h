/* db_internal.h - what db.c shares with the db_<table>.c files; nothing outside server/db*.c
 * includes it.
 *
 * Each db_<table>.c keeps its SQL as static const char at its top and gets the statement with
 * db_stmt(), which prepares it on first use, once per connection (SQLITE_PREPARE_PERSISTENT),
 * into the slot its enum db_stmt_id names. db_close() finalizes every slot.
 *
 * Threads: the thread that holds the struct db (see db.h).
 */
#ifndef TW_DB_INTERNAL_H
#define TW_DB_INTERNAL_H

#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "db.h"

enum db_stmt_id {
    ST_BEGIN,
    ST_COMMIT,
    ST_ROLLBACK,
    ST_PING,
    /* db_articles.c */
    ST_ARTICLE_FIND,
    ST_ARTICLE_INSERT,
    ST_BODY_PUT,
    ST_ARTICLE_UPDATE,
    ST_ARTICLE_GET,
    ST_ARTICLE_DELETE,
    ST_ARTICLE_LIST_ALL,
    ST_ARTICLE_LIST_SOURCE,
    ST_ARTICLE_LIST_STATUS,
    ST_ARTICLE_LIST_TIME,
    /* db_jobs.c */
    ST_QUEUE_DEPTH,
    ST_JOB_INSERT,
    ST_JOB_DELETE_FOR_ARTICLE,
    ST_JOB_CLAIM_SELECT,
    ST_JOB_CLAIM_MARK,
    ST_JOB_ARTICLE_STATUS,
    ST_JOB_FINISH,
    ST_JOB_RETRY,
    ST_JOB_RELEASE,
    ST_JOB_ARTICLE_FAILED,
    ST_JOB_REQUEUE_ARTICLES,
    ST_JOB_REQUEUE_JOBS,
    /* db_annotations.c */
    ST_ANN_CLEAR_MENTIONS,
    ST_ANN_CLEAR_CLAIMS,
    ST_ANN_CLEAR_TARIFFS,
    ST_ANN_CLEAR_JSON,
    ST_ANN_JSON_PUT,
    ST_ACTOR_FIND,
    ST_ACTOR_INSERT,
    ST_ACTOR_UPDATE,
    ST_MENTION_INSERT,
    ST_CLAIM_INSERT,
    ST_TARIFF_INSERT,
    ST_PRODUCT_INSERT,
    ST_ARTICLE_DONE,
    /* db_webhooks.c */
    ST_WH_SEEN_FIND,
    ST_WH_SEEN_INSERT,
    ST_WH_SEEN_PRUNE,
    ST_SUB_INSERT,
    ST_SUB_GET,
    ST_SUB_DELETE,
    ST_SUB_LIST,
    ST_DLV_ENQUEUE,
    ST_DLV_LIST,
    ST_DLV_ATTEMPTS,
    ST_DLV_DUE,
    ST_DLV_NEXT_DUE,
    ST_DLV_ATTEMPT_INSERT,
    ST_DLV_UPDATE,
    ST_DLV_PRUNE,
    /* db_query_*.c (the dashboard queries; ST_Q__FIRST..ST_Q__LAST, which a test EXPLAINs) */
    ST_Q_ACTORS_ART_ALL,
    ST_Q_ACTORS_ART_TYPE,
    ST_Q_ACTORS_ART_COUNTRY,
    ST_Q_ACTORS_ART_Q,
    ST_Q_ACTORS_NAME_ALL,
    ST_Q_ACTORS_NAME_TYPE,
    ST_Q_ACTORS_NAME_COUNTRY,
    ST_Q_ACTORS_NAME_Q,
    ST_Q_ACTORS_RECENT_ALL,
    ST_Q_ACTORS_RECENT_TYPE,
    ST_Q_ACTORS_RECENT_COUNTRY,
    ST_Q_ACTORS_RECENT_Q,
    ST_Q_ACTORS_WINDOW,
    ST_Q_ACTORS_SPAN,
    ST_Q_ACTOR_GET,
    ST_Q_ACTOR_ALIASES,
    ST_Q_ACTOR_ROLES,
    ST_Q_ACTOR_CO,
    ST_Q_ACTOR_IDS_BY_NAME,
    ST_Q_CLAIMS_ALL,
    ST_Q_CLAIMS_SPEAKER,
    ST_Q_CLAIMS_SPEAKERS,
    ST_Q_CLAIMS_ARTICLE,
    ST_Q_TARIFFS_ALL,
    ST_Q_TARIFFS_IMPOSER,
    ST_Q_TARIFFS_TARGET,
    ST_Q_TARIFFS_PARTY,
    ST_Q_TARIFFS_PRODUCT,
    ST_Q_TARIFF_BODY,
    ST_Q_SUMMARY_KIND,
    ST_Q_SUMMARY_ANY,
    ST_Q_SEARCH,
    ST_Q_SEARCH_HIT,
    ST_Q_ACTOR_WINDOW_ONE,
    ST_Q_ACTORS_LATEST,
    ST_Q_CLAIMS_WALK,
    ST_Q_CLAIMS_PAGE,
    ST__COUNT,
    ST_Q__FIRST = ST_Q_ACTORS_ART_ALL,
    ST_Q__LAST = ST_Q_CLAIMS_PAGE
};

struct db {
    sqlite3 *h;
    sqlite3_stmt *stmt[ST__COUNT];
    char *path;
    struct search_rank *rank; /* tw_rank()'s statistics for the current search */
    bool writing; /* holds the process's write mutex (db_begin .. db_commit/db_rollback) */
#ifndef NDEBUG
    pthread_t owner; /* the one thread allowed to use this connection */
#endif
};

/* Asserts (debug builds) that the calling thread holds db. */
void db_assert_owner(const struct db *db);

/* Returns the statement of slot id, preparing sql on first use; NULL after logging when it
 * cannot be prepared. The statement is reset and unbound by the caller (db_done()). */
sqlite3_stmt *db_stmt(struct db *db, enum db_stmt_id id, const char *name, const char *sql);
/* Resets st and clears its bindings; NULL-safe. */
void db_done(sqlite3_stmt *st);

/* Logs the connection's error with what failed (a statement name, never user text) and maps
 * the SQLite code rc: busy/locked -> TW_EBUSY, constraint -> TW_ECONFLICT, else TW_EDB. */
int db_fail(struct db *db, const char *what, int rc);

/* BEGIN IMMEDIATE, COMMIT and ROLLBACK. db_rollback never fails (it logs). */
int db_begin(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);

/* Runs a statement that returns no rows to completion (binds already made), then resets it.
 * Returns 0 or a mapped error. */
int db_exec_stmt(struct db *db, sqlite3_stmt *st, const char *name);

/* Binds s as text, or NULL when s is NULL. */
int db_bind_text(sqlite3_stmt *st, int i, const char *s);
/* Returns a heap copy of column i, or NULL when it is NULL. */
char *db_column_strdup(sqlite3_stmt *st, int i);

/* The current time as RFC 3339 UTC with milliseconds, into out (at least 32 bytes). */
void db_now(char *out, size_t cap);

/* Shared between db_articles.c and db_jobs.c, inside the caller's transaction. */
int db_jobs_depth_locked(struct db *db, int64_t *out);
int db_jobs_enqueue_locked(struct db *db, int64_t article_id, const char *now);
/* The inside of db_article_submit, for callers that store more in the same transaction
 * (db_webhooks.c records an inbound delivery id with its article). Runs in the caller's open
 * transaction (db_begin done); the caller commits, or rolls back on error. Same results as
 * db_article_submit; on SUBMIT_UNCHANGED nothing was written. now is db_now()'s text. */
int db_article_submit_locked(struct db *db, const struct article_in *in, int64_t queue_max,
                             const char *now, int64_t *id_out, enum submit_outcome *outcome_out);
/* Looks up (source, external_id) in the caller's transaction: 0 with *found, and *id (and
 * *hash unless NULL) when found; or an error. */
int db_article_find_locked(struct db *db, const char *source, const char *external_id, bool *found,
                           int64_t *id, int64_t *hash);
/* Deletes article id (cascading to its job and annotations) in the caller's transaction.
 * 0 or TW_ENOTFOUND. Callers queue its article.deleted deliveries first (db_webhooks.c). */
int db_article_delete_locked(struct db *db, int64_t id);

/* Outbound webhooks (db_webhooks.c). Queues, in the caller's transaction, one delivery of
 * event (a WEBHOOK_EVENT_* bit of db_webhooks.h) about article_id for every subscription to it,
 * its payload taken from the article as it now stands (so article.deleted is queued before the
 * delete). *queued gets how many (0 without subscribers). */
int db_deliveries_enqueue_locked(struct db *db, int64_t article_id, unsigned event, const char *now,
                                 int64_t *queued);
/* After the commit of a transaction that queued deliveries: wakes the delivery thread. */
void db_deliveries_committed(void);
/* Ends a write transaction that may have queued deliveries: on status != TW_OK rolls back and
 * returns status; else commits and, when queued > 0, wakes the delivery thread. With queued 0
 * it is the plain commit-or-rollback that any write path can end with. */
int db_end_queued(struct db *db, int status, int64_t queued);

/* The key that merges actors across articles: ASCII lower case, periods and apostrophes
 * dropped, other punctuation and spaces folded to one space ("U.S." and "us" meet). */
void db_actor_normalize(const char *name, struct buf *out);
/* Deletes the article's mentions, claims and tariffs (db_annotations.c). */
int db_annotations_clear_locked(struct db *db, int64_t article_id);
/* Stores the annotations of job j (whose body the spans point into) and marks its article done
 * (db_annotations.c). */
int db_annotations_store_locked(struct db *db, const struct job *j, const struct annotations *a,
                                const char *annotations_json, const char *now);


#endif
