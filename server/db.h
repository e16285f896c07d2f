/* db.h - tradewire's storage: the only module family that speaks SQL (db.c, db_*.c), so that a
 * second backend can replace it without touching handlers or workers.
 *
 * A struct db is one SQLite connection with its prepared statements. It belongs to one thread:
 * each worker opens its own; the HTTP threads share a small pool (db_pool_*), each borrowing a
 * connection for one request. The schema comes from the embedded schema/NNN_*.sql migrations,
 * applied by db_migrate() at start, before any other thread runs.
 *
 * Threads: a struct db only on the thread that holds it (asserted in debug builds); the pool
 * functions from any thread.
 */
#ifndef TW_DB_H
#define TW_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "annotate.h"

struct db;
struct db_pool;

/* Opens (creating it when absent) the database at path, ":memory:" included, with WAL,
 * foreign keys, synchronous=NORMAL and a busy timeout. Returns 0 or TW_EDB.
 * ":memory:" is private to the one connection (SQLite's rule): good for single-connection
 * tests, but the pool and the workers each open their own, so `serve` needs a file. */
int db_open(const char *path, struct db **out);
/* NULL-safe; finalizes the statements and closes the connection. */
void db_close(struct db *db);
/* The calling thread takes over db, which its previous holder no longer touches (e.g. a
 * connection workers_start opens for a worker thread). Only the debug owner check cares. */
void db_adopt(struct db *db);
/* Applies the migrations newer than PRAGMA user_version, each in its own transaction. */
int db_migrate(struct db *db);

/* A pool of n read/write connections for the HTTP threads. */
int db_pool_new(const char *path, size_t n, struct db_pool **out);
void db_pool_free(struct db_pool *pool);
/* Borrows a connection (waits when all are lent); give it back with db_pool_release. */
struct db *db_pool_acquire(struct db_pool *pool);
void db_pool_release(struct db_pool *pool, struct db *db);

enum article_status { ARTICLE_QUEUED, ARTICLE_PROCESSING, ARTICLE_DONE, ARTICLE_FAILED };
const char *article_status_name(enum article_status s);
/* Parses "queued", ... ; returns 0 or TW_EINVAL. */
int article_status_parse(const char *name, enum article_status *out);

/* What a client submits. Strings are borrowed, NUL-terminated, valid UTF-8; NULL when absent. */
struct article_in {
    const char *title, *url, *source, *external_id;
    const char *published_at; /* RFC 3339, already validated */
    const char *body;
    size_t body_len;
};

enum submit_outcome {
    SUBMIT_CREATED,   /* a new article and its job */
    SUBMIT_UNCHANGED, /* same (source, external_id) and same content: nothing queued */
    SUBMIT_UPDATED,   /* same (source, external_id), new content: stored and queued again */
};

/* Stores the article and its job in one transaction and returns after the commit.
 * TW_EBUSY when queue_max jobs are already queued or processing (nothing stored; queue_max
 * <= 0: no bound), or when the database stayed locked past the busy timeout. An unchanged
 * resubmission is answered even when the queue is full, as it queues nothing. */
int db_article_submit(struct db *db, const struct article_in *in, int64_t queue_max,
                      int64_t *id_out, enum submit_outcome *outcome_out);

/* An article as stored. Strings are heap copies (NULL when absent); free with
 * db_article_cleanup. annotations_json holds the engine's JSON text when status is done. */
struct article {
    int64_t id;
    char *title, *url, *source, *external_id, *published_at;
    char *received_at, *annotated_at; /* RFC 3339 UTC */
    enum article_status status;
    char *error;
    char *body;
    size_t body_len;
    char *annotations_json;
};
void db_article_cleanup(struct article *a);

/* Returns 0, or TW_ENOTFOUND. */
int db_article_get(struct db *db, int64_t id, struct article *out);
/* Removes the article, its job, its mentions, claims and tariff figures. 0 or TW_ENOTFOUND. */
int db_article_delete(struct db *db, int64_t id);

/* Filters of GET /v1/articles; NULL or 0 means "any". */
struct article_filter {
    const char *source;
    bool has_status;
    enum article_status status;
    const char *since, *until; /* RFC 3339 (any offset), on received_at: since <= t < until */
    int64_t before_id;         /* keyset cursor: only ids below it (0: from the newest) */
    int limit;                 /* 1..500 */
};
/* Fills *out with up to limit articles, newest first, without body and annotations
 * (body NULL). *n_out gets the count; *more_out whether more follow. Free each with
 * db_article_cleanup and the array with free(). */
int db_article_list(struct db *db, const struct article_filter *f, struct article **out,
                    size_t *n_out, bool *more_out);

/* A job a worker holds. */
struct job {
    int64_t id, article_id;
    int attempts;
    char *body; /* heap copy of the article body */
    size_t body_len;
};
void db_job_cleanup(struct job *j);

/* Claims up to max queued jobs (oldest first) for this worker, marking them and their articles
 * processing, in one transaction. *n_out gets how many (0 when none wait). Each job's
 * attempts counts this one: an attempt that a crash interrupted counts too. */
int db_job_claim(struct db *db, struct job *jobs, size_t max, size_t *n_out);
/* Stores the annotations of a claimed job (actors merged across articles, mentions, claims,
 * tariffs, and the JSON text served by GET) and marks the article done, in one transaction.
 * TW_ECONFLICT when the job is no longer ours (the article was deleted, or resubmitted with
 * new content and queued again): nothing is stored and the result is stale. */
int db_job_complete(struct db *db, const struct job *j, const struct annotations *a,
                    const char *annotations_json);
/* One finished job for db_job_complete_batch. */
struct job_result {
    const struct job *job;
    const struct annotations *ann;
    const char *annotations_json;
    int status; /* out: 0 stored, or TW_ECONFLICT when the job was gone (its result dropped) */
};
/* db_job_complete for n jobs in one transaction, which shares the commit and the index pages
 * between them. Returns 0 (each r[i].status says what became of it), or an error after which
 * nothing was stored (retry the jobs one by one to find the culprit). */
int db_job_complete_batch(struct db *db, struct job_result *r, size_t n);
/* Records a failed attempt: back to queued while attempts < max_attempts, else the job ends
 * and the article is failed with error (its reason, shown by GET). TW_ECONFLICT when the job
 * is no longer ours (see db_job_complete). */
int db_job_fail(struct db *db, const struct job *j, const char *error, int max_attempts);
/* Gives back a claimed job that was not worked on (shutdown): queued again, the attempt not
 * counted. 0, or TW_ECONFLICT when the job is gone (article deleted or resubmitted). */
int db_job_release(struct db *db, const struct job *j);
/* At start: jobs left processing by a crash go back to queued. *n_out gets how many. */
int db_job_requeue_stale(struct db *db, int64_t *n_out);
/* Number of queued and processing jobs (one counter row: cheap enough for every request). */
int db_job_depth(struct db *db, int64_t *out);

/* Answers a trivial query (for /readyz). */
int db_ping(struct db *db);

#endif
