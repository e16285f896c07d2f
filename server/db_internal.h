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
    ST__COUNT
};

struct db {
    sqlite3 *h;
    sqlite3_stmt *stmt[ST__COUNT];
    char *path;
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
