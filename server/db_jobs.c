/* db_jobs.c - the job queue kept in the database: a row per queued or processing article,
 * claimed in batches by the workers, deleted when its article is done or failed.
 *
 * A claimed job is identified by its row id. Resubmitting an article with new content replaces
 * its job by a new row, and deleting the article deletes its job, so a worker still holding the
 * old id finds it gone (TW_ECONFLICT) and drops its now stale result. */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_internal.h"
#include "db_webhooks.h"
#include "mem.h"
#include "status.h"

static const char SQL_QUEUE_DEPTH[] = "SELECT jobs FROM queue_depth WHERE id = 1";

static const char SQL_JOB_INSERT[] = "INSERT INTO jobs (article_id, queued_at) VALUES (?1, ?2)";
static const char SQL_JOB_DELETE_FOR_ARTICLE[] = "DELETE FROM jobs WHERE article_id = ?1";

static const char SQL_JOB_CLAIM_SELECT[] =
    "SELECT j.id, j.article_id, j.attempts, a.body FROM jobs j"
    " JOIN article_bodies a ON a.article_id = j.article_id"
    " WHERE j.state = 'queued' ORDER BY j.id LIMIT ?1";
static const char SQL_JOB_CLAIM_MARK[] =
    "UPDATE jobs SET state = 'processing', attempts = attempts + 1, claimed_at = ?2"
    " WHERE id = ?1";
static const char SQL_JOB_ARTICLE_STATUS[] = "UPDATE articles SET status = ?2 WHERE id = ?1";

/* Ends a job that is still ours: 1 change, or 0 when it was replaced or deleted. */
static const char SQL_JOB_FINISH[] = "DELETE FROM jobs WHERE id = ?1 AND state = 'processing'";
static const char SQL_JOB_RETRY[] =
    "UPDATE jobs SET state = 'queued', last_error = ?2 WHERE id = ?1 AND state = 'processing'";
static const char SQL_JOB_RELEASE[] =
    "UPDATE jobs SET state = 'queued', attempts = max(attempts - 1, 0)"
    " WHERE id = ?1 AND state = 'processing'";
static const char SQL_JOB_ARTICLE_FAILED[] =
    "UPDATE articles SET status = 'failed', error = ?2, annotated_at = ?3 WHERE id = ?1";

static const char SQL_JOB_REQUEUE_ARTICLES[] =
    "UPDATE articles SET status = 'queued'"
    " WHERE id IN (SELECT article_id FROM jobs WHERE state = 'processing')";
static const char SQL_JOB_REQUEUE_JOBS[] =
    "UPDATE jobs SET state = 'queued' WHERE state = 'processing'";

int db_jobs_depth_locked(struct db *db, int64_t *out)
{
    sqlite3_stmt *st = db_stmt(db, ST_QUEUE_DEPTH, "queue_depth", SQL_QUEUE_DEPTH);
    if (st == NULL)
        return TW_EDB;
    int rc = sqlite3_step(st);
    int status = TW_OK;
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    else
        status = db_fail(db, "queue_depth", rc == SQLITE_DONE ? SQLITE_CORRUPT : rc);
    db_done(st);
    return status;
}

int db_jobs_enqueue_locked(struct db *db, int64_t article_id, const char *now)
{
    sqlite3_stmt *del = db_stmt(db, ST_JOB_DELETE_FOR_ARTICLE, "job_delete_for_article",
                                SQL_JOB_DELETE_FOR_ARTICLE);
    sqlite3_stmt *ins = db_stmt(db, ST_JOB_INSERT, "job_insert", SQL_JOB_INSERT);
    if (del == NULL || ins == NULL)
        return TW_EDB;
    sqlite3_bind_int64(del, 1, article_id);
    int status = db_exec_stmt(db, del, "job_delete_for_article");
    if (status != TW_OK)
        return status;
    sqlite3_bind_int64(ins, 1, article_id);
    db_bind_text(ins, 2, now);
    return db_exec_stmt(db, ins, "job_insert");
}

void db_job_cleanup(struct job *j)
{
    if (j == NULL)
        return;
    free(j->body);
    memset(j, 0, sizeof *j);
}

static int set_article_status(struct db *db, int64_t article_id, const char *status_name)
{
    sqlite3_stmt *st =
        db_stmt(db, ST_JOB_ARTICLE_STATUS, "job_article_status", SQL_JOB_ARTICLE_STATUS);
    if (st == NULL)
        return TW_EDB;
    sqlite3_bind_int64(st, 1, article_id);
    db_bind_text(st, 2, status_name);
    return db_exec_stmt(db, st, "job_article_status");
}

/* Reads up to max queued jobs into jobs (bodies copied); *n gets how many. */
static int select_queued(struct db *db, struct job *jobs, size_t max, size_t *n)
{
    sqlite3_stmt *st = db_stmt(db, ST_JOB_CLAIM_SELECT, "job_claim_select", SQL_JOB_CLAIM_SELECT);
    if (st == NULL)
        return TW_EDB;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)max);
    int rc = SQLITE_DONE;
    *n = 0;
    while (*n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct job *j = &jobs[(*n)++];
        j->id = sqlite3_column_int64(st, 0);
        j->article_id = sqlite3_column_int64(st, 1);
        j->attempts = sqlite3_column_int(st, 2) + 1; /* counting the one starting now */
        j->body = db_column_strdup(st, 3);
        j->body_len = (size_t)sqlite3_column_bytes(st, 3);
        if (j->body == NULL)
            j->body = xstrdup("");
    }
    int status = *n == max || rc == SQLITE_DONE ? TW_OK : db_fail(db, "job_claim_select", rc);
    db_done(st);
    return status;
}

int db_job_claim(struct db *db, struct job *jobs, size_t max, size_t *n_out)
{
    db_assert_owner(db);
    size_t n = 0;
    char now[32];
    db_now(now, sizeof now);
    if (max == 0) {
        *n_out = 0;
        return TW_OK;
    }
    sqlite3_stmt *mark = db_stmt(db, ST_JOB_CLAIM_MARK, "job_claim_mark", SQL_JOB_CLAIM_MARK);
    if (mark == NULL)
        return TW_EDB;
    int status = db_begin(db);
    if (status != TW_OK)
        return status;
    status = select_queued(db, jobs, max, &n);
    for (size_t i = 0; status == TW_OK && i < n; i++) {
        sqlite3_bind_int64(mark, 1, jobs[i].id);
        db_bind_text(mark, 2, now);
        status = db_exec_stmt(db, mark, "job_claim_mark");
        if (status == TW_OK)
            status = set_article_status(db, jobs[i].article_id, "processing");
    }
    if (status == TW_OK && n > 0)
        status = db_commit(db);
    else
        db_rollback(db); /* nothing claimed: nothing to write */
    if (status != TW_OK) {
        for (size_t i = 0; i < n; i++)
            db_job_cleanup(&jobs[i]);
        return status;
    }
    *n_out = n;
    return TW_OK;
}

/* Deletes job j if it is still ours: 0, TW_ECONFLICT when it is gone, or an error. */
static int finish_job(struct db *db, const struct job *j)
{
    sqlite3_stmt *st = db_stmt(db, ST_JOB_FINISH, "job_finish", SQL_JOB_FINISH);
    if (st == NULL)
        return TW_EDB;
    sqlite3_bind_int64(st, 1, j->id);
    int status = db_exec_stmt(db, st, "job_finish");
    if (status == TW_OK && sqlite3_changes(db->h) == 0)
        status = TW_ECONFLICT;
    return status;
}

int db_job_complete(struct db *db, const struct job *j, const struct annotations *a,
                    const char *annotations_json)
{
    struct job_result r = {.job = j, .ann = a, .annotations_json = annotations_json};
    int status = db_job_complete_batch(db, &r, 1);
    return status == TW_OK ? r.status : status;
}

int db_job_complete_batch(struct db *db, struct job_result *r, size_t n)
{
    db_assert_owner(db);
    char now[32];
    db_now(now, sizeof now);
    int status = db_begin(db);
    if (status != TW_OK)
        return status;
    int64_t queued = 0;
    for (size_t i = 0; status == TW_OK && i < n; i++) {
        r[i].status = finish_job(db, r[i].job);
        if (r[i].status == TW_OK)
            status =
                db_annotations_store_locked(db, r[i].job, r[i].ann, r[i].annotations_json, now);
        else if (r[i].status != TW_ECONFLICT)
            status = r[i].status;
        /* Outbound webhooks: article.annotated is queued in the same transaction as the
         * result, so that a crash loses neither. */
        int64_t q = 0;
        if (status == TW_OK && r[i].status == TW_OK)
            status = db_deliveries_enqueue_locked(db, r[i].job->article_id, WEBHOOK_EVENT_ANNOTATED,
                                                  now, &q);
        queued += q;
    }
    return db_end_queued(db, status, queued);
}

int db_job_fail(struct db *db, const struct job *j, const char *error, int max_attempts)
{
    db_assert_owner(db);
    char now[32];
    db_now(now, sizeof now);
    int64_t queued = 0;
    int status = db_begin(db);
    if (status != TW_OK)
        return status;
    if (j->attempts >= max_attempts) {
        status = finish_job(db, j);
        sqlite3_stmt *st = NULL;
        if (status == TW_OK) {
            st = db_stmt(db, ST_JOB_ARTICLE_FAILED, "job_article_failed", SQL_JOB_ARTICLE_FAILED);
            status = st != NULL ? TW_OK : TW_EDB;
        }
        if (status == TW_OK) {
            sqlite3_bind_int64(st, 1, j->article_id);
            db_bind_text(st, 2, error != NULL ? error : "annotation failed");
            db_bind_text(st, 3, now);
            status = db_exec_stmt(db, st, "job_article_failed");
        }
        /* Outbound webhooks: article.failed, in the same transaction as the failure. */
        if (status == TW_OK)
            status =
                db_deliveries_enqueue_locked(db, j->article_id, WEBHOOK_EVENT_FAILED, now, &queued);
    } else {
        sqlite3_stmt *st = db_stmt(db, ST_JOB_RETRY, "job_retry", SQL_JOB_RETRY);
        if (st == NULL) {
            status = TW_EDB;
        } else {
            sqlite3_bind_int64(st, 1, j->id);
            db_bind_text(st, 2, error);
            status = db_exec_stmt(db, st, "job_retry");
            if (status == TW_OK && sqlite3_changes(db->h) == 0)
                status = TW_ECONFLICT;
        }
        if (status == TW_OK)
            status = set_article_status(db, j->article_id, "queued");
    }
    return db_end_queued(db, status, queued);
}

int db_job_release(struct db *db, const struct job *j)
{
    db_assert_owner(db);
    sqlite3_stmt *st = db_stmt(db, ST_JOB_RELEASE, "job_release", SQL_JOB_RELEASE);
    if (st == NULL)
        return TW_EDB;
    int status = db_begin(db);
    if (status != TW_OK)
        return status;
    sqlite3_bind_int64(st, 1, j->id);
    status = db_exec_stmt(db, st, "job_release");
    if (status == TW_OK && sqlite3_changes(db->h) == 0)
        status = TW_ECONFLICT;
    if (status == TW_OK)
        status = set_article_status(db, j->article_id, "queued");
    return db_end_queued(db, status, 0);
}

int db_job_requeue_stale(struct db *db, int64_t *n_out)
{
    db_assert_owner(db);
    sqlite3_stmt *arts =
        db_stmt(db, ST_JOB_REQUEUE_ARTICLES, "job_requeue_articles", SQL_JOB_REQUEUE_ARTICLES);
    sqlite3_stmt *jobs = db_stmt(db, ST_JOB_REQUEUE_JOBS, "job_requeue_jobs", SQL_JOB_REQUEUE_JOBS);
    if (arts == NULL || jobs == NULL)
        return TW_EDB;
    int status = db_begin(db);
    if (status != TW_OK)
        return status;
    int64_t n = 0;
    status = db_exec_stmt(db, arts, "job_requeue_articles");
    if (status == TW_OK)
        status = db_exec_stmt(db, jobs, "job_requeue_jobs");
    if (status == TW_OK) {
        n = sqlite3_changes64(db->h);
        status = db_commit(db);
    } else {
        db_rollback(db);
    }
    if (status == TW_OK)
        *n_out = n;
    return status;
}

int db_job_depth(struct db *db, int64_t *out)
{
    db_assert_owner(db);
    int64_t n = 0;
    int status = db_jobs_depth_locked(db, &n);
    if (status == TW_OK)
        *out = n;
    return status;
}
