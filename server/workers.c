/* workers.c - the annotation worker pool.
 *
 * DESIGN
 * Each worker thread owns one struct db (opened by workers_start on the main thread so that an
 * error is reported at once, then adopted by the thread) and loops: claim a small batch of
 * queued jobs from the database, annotate each, and store the results together with their
 * status changes in one transaction (db_job_complete_batch; the commit and the hot index pages
 * are shared, which matters more than the batch's latency). The database is the queue, so a
 * job survives a crash and is found again at the next start (after db_job_requeue_stale). A
 * failing job goes back to the queue until max_attempts; a job claimed more often than that
 * was in hand at every crash, so it is failed without running the engine again.
 *
 * Shared state, all in struct workers: mu guards stopping and wakeups; cv is where idle workers
 * wait. wakeups counts notifications not yet consumed, so a notify that lands while every
 * worker is busy is not lost: the next worker to go idle claims again at once. The timed wait
 * is only a safety net for jobs that arrive without a notify (another process, a retry). The
 * stats are atomics and a lock-free histogram, read by any thread.
 */
#include "workers.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "log.h"
#include "mem.h"
#include "status.h"

/* Jobs a worker claims, and stores, per transaction. Each store transaction has a fixed cost
 * (a new FTS5 segment, the hot index pages) that a batch shares. */
#define WORKERS_BATCH 16
/* After a short batch the queue has run dry: a worker pauses this long so that its next claim
 * takes the articles that arrived meanwhile in one transaction, instead of one each. Measured
 * with bench/ingest.sh (8 connections): ~930 -> ~1,080 articles/s and a quarter less server
 * CPU per article; the cost is at most this much latency per article. */
#define WORKERS_GATHER_NS 2000000L
/* How long an idle worker sleeps before polling the database anyway. */
#define WORKERS_IDLE_POLL_NS 1000000000L
/* Pause after a database error so that a broken disk does not spin a core. */
#define WORKERS_ERROR_PAUSE_NS 200000000L

struct worker {
    pthread_t thread;
    bool started;
    struct db *db; /* owned by the worker thread once it runs */
    struct workers *pool;
    size_t index;
};

struct workers {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stopping;    /* guarded by mu */
    uint64_t wakeups; /* guarded by mu */
    const struct annotator *annotator;
    int max_attempts;
    struct worker *w;
    size_t n;
    atomic_uint_fast64_t annotated, failed_attempts, failed_articles;
    struct histogram duration;
};

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static bool is_stopping(struct workers *p)
{
    pthread_mutex_lock(&p->mu);
    bool s = p->stopping;
    pthread_mutex_unlock(&p->mu);
    return s;
}

/* Sleeps until a notify, stop, or timeout_ns has passed. */
static void idle_wait(struct workers *p, long timeout_ns)
{
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline); /* cv runs on this clock: see workers_start */
    deadline.tv_nsec += timeout_ns;
    deadline.tv_sec += deadline.tv_nsec / 1000000000L;
    deadline.tv_nsec %= 1000000000L;
    pthread_mutex_lock(&p->mu);
    int rc = 0;
    while (!p->stopping && p->wakeups == 0 && rc == 0)
        rc = pthread_cond_timedwait(&p->cv, &p->mu, &deadline);
    if (p->wakeups > 0)
        p->wakeups--;
    pthread_mutex_unlock(&p->mu);
}

/* Records a failed attempt of j; logs when even that cannot be stored (the job then stays
 * processing until the next start requeues it). */
static void fail_job(struct worker *w, const struct job *j, const char *reason)
{
    struct workers *p = w->pool;
    atomic_fetch_add_explicit(&p->failed_attempts, 1, memory_order_relaxed);
    int rc = db_job_fail(w->db, j, reason, p->max_attempts);
    if (rc == TW_OK && j->attempts >= p->max_attempts) {
        atomic_fetch_add_explicit(&p->failed_articles, 1, memory_order_relaxed);
        log_warn("article %lld failed after %d attempts: %s", (long long)j->article_id, j->attempts,
                 reason);
    } else if (rc != TW_OK && rc != TW_ECONFLICT) {
        log_error("cannot record failure of job %lld: %s", (long long)j->id, tw_status_str(rc));
    }
}

/* Annotates job j into *ann and *json_out (compact JSON text, to free); on failure records
 * the failed attempt and returns false (ann is then cleaned up). */
static bool annotate_job(struct worker *w, const struct job *j, struct annotations *ann,
                         char **json_out)
{
    struct workers *p = w->pool;
    uint64_t t0 = now_ns();
    int rc = annotate(p->annotator, j->body, j->body_len, ann);
    histogram_observe(&p->duration, now_ns() - t0);
    if (rc != TW_OK) {
        char reason[96];
        snprintf(reason, sizeof reason, "annotation failed: %s", tw_status_str(rc));
        fail_job(w, j, reason);
        annotations_cleanup(ann);
        return false;
    }
    json_t *json = annotations_to_json(ann, j->body);
    *json_out = json != NULL ? json_dumps(json, JSON_COMPACT) : NULL;
    json_decref(json);
    if (*json_out == NULL) {
        fail_job(w, j, "cannot serialise annotations");
        annotations_cleanup(ann);
        return false;
    }
    return true;
}

/* Counts a stored result, or explains why it was not stored. */
static void settle(struct worker *w, const struct job *j, int rc)
{
    if (rc == TW_OK) {
        atomic_fetch_add_explicit(&w->pool->annotated, 1, memory_order_relaxed);
    } else if (rc == TW_ECONFLICT) {
        /* the article was deleted or resubmitted meanwhile: the result is stale */
        log_debug("job %lld dropped: its article changed", (long long)j->id);
    } else {
        char reason[96];
        snprintf(reason, sizeof reason, "cannot store annotations: %s", tw_status_str(rc));
        fail_job(w, j, reason);
    }
}

/* Works through a claimed batch: annotates each job, then stores all results in one
 * transaction (one by one if that fails, so that one bad job cannot sink the others). On
 * stop, the job in hand finishes and the rest go back to the queue unattempted. */
static void run_batch(struct worker *w, struct job *jobs, size_t n)
{
    struct workers *p = w->pool;
    struct annotations ann[WORKERS_BATCH];
    char *json[WORKERS_BATCH] = {NULL};
    struct job_result res[WORKERS_BATCH];
    size_t nres = 0, done = 0;
    for (; done < n && (done == 0 || !is_stopping(p)); done++) {
        if (jobs[done].attempts > p->max_attempts) {
            /* Every allowed attempt was claimed and none finished: the process died each time
             * (db_job_requeue_stale gave the job back). Running it again would crash again. */
            fail_job(w, &jobs[done], "abandoned: every attempt ended with the service stopping");
            continue;
        }
        if (annotate_job(w, &jobs[done], &ann[nres], &json[nres])) {
            res[nres] = (struct job_result){
                .job = &jobs[done], .ann = &ann[nres], .annotations_json = json[nres]};
            nres++;
        }
    }
    for (size_t i = done; i < n; i++) {
        int rc = db_job_release(w->db, &jobs[i]);
        if (rc != TW_OK && rc != TW_ECONFLICT)
            log_error("worker %zu cannot release job %lld: %s", w->index, (long long)jobs[i].id,
                      tw_status_str(rc));
    }
    if (nres > 0 && db_job_complete_batch(w->db, res, nres) == TW_OK) {
        for (size_t i = 0; i < nres; i++)
            settle(w, res[i].job, res[i].status);
    } else {
        for (size_t i = 0; i < nres; i++)
            settle(w, res[i].job, db_job_complete(w->db, res[i].job, &ann[i], json[i]));
    }
    for (size_t i = 0; i < nres; i++) {
        annotations_cleanup(&ann[i]);
        free(json[i]);
    }
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    struct workers *p = w->pool;
    struct job jobs[WORKERS_BATCH];
    db_adopt(w->db);
    while (!is_stopping(p)) {
        size_t n = 0;
        int rc = db_job_claim(w->db, jobs, WORKERS_BATCH, &n);
        if (rc != TW_OK) {
            if (rc != TW_EBUSY)
                log_error("worker %zu cannot claim jobs: %s", w->index, tw_status_str(rc));
            idle_wait(p, WORKERS_ERROR_PAUSE_NS);
            continue;
        }
        if (n == 0) {
            idle_wait(p, WORKERS_IDLE_POLL_NS);
            continue;
        }
        run_batch(w, jobs, n);
        for (size_t i = 0; i < n; i++)
            db_job_cleanup(&jobs[i]);
        if (n < WORKERS_BATCH) {
            struct timespec gather = {0, WORKERS_GATHER_NS};
            nanosleep(&gather, NULL);
        }
    }
    return NULL;
}

int workers_start(const struct workers_config *cfg, struct workers **out)
{
    if (cfg->nworkers == 0 || cfg->annotator == NULL || cfg->db_path == NULL ||
        cfg->max_attempts < 1)
        return TW_EINVAL;
    struct workers *p = xcalloc(1, sizeof *p);
    pthread_mutex_init(&p->mu, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC); /* an NTP step must not stretch a wait */
    pthread_cond_init(&p->cv, &attr);
    pthread_condattr_destroy(&attr);
    p->annotator = cfg->annotator;
    p->max_attempts = cfg->max_attempts;
    histogram_init(&p->duration);
    atomic_init(&p->annotated, 0);
    atomic_init(&p->failed_attempts, 0);
    atomic_init(&p->failed_articles, 0);
    p->w = xcalloc(cfg->nworkers, sizeof *p->w);
    p->n = cfg->nworkers;
    int status = TW_OK;
    for (size_t i = 0; status == TW_OK && i < p->n; i++) {
        p->w[i].pool = p;
        p->w[i].index = i;
        status = db_open(cfg->db_path, &p->w[i].db);
    }
    for (size_t i = 0; status == TW_OK && i < p->n; i++) {
        if (pthread_create(&p->w[i].thread, NULL, worker_main, &p->w[i]) != 0) {
            log_error("cannot start worker %zu", i);
            status = TW_EIO;
        } else {
            p->w[i].started = true;
        }
    }
    if (status != TW_OK) {
        workers_stop(p);
        return status;
    }
    log_info("started %zu annotation workers", p->n);
    *out = p;
    return TW_OK;
}

void workers_notify(struct workers *w)
{
    if (w == NULL)
        return;
    pthread_mutex_lock(&w->mu);
    if (w->wakeups < w->n)
        w->wakeups++; /* more than one per worker would only cause empty claims */
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
}

void workers_stop(struct workers *w)
{
    if (w == NULL)
        return;
    pthread_mutex_lock(&w->mu);
    w->stopping = true;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    for (size_t i = 0; i < w->n; i++) {
        if (w->w[i].started)
            pthread_join(w->w[i].thread, NULL);
        if (w->w[i].db != NULL) {
            db_adopt(w->w[i].db);
            db_close(w->w[i].db);
        }
    }
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    free(w->w);
    free(w);
}

void workers_stats(const struct workers *w, struct workers_stats *out)
{
    memset(out, 0, sizeof *out);
    if (w == NULL)
        return;
    out->annotated = atomic_load_explicit(&w->annotated, memory_order_relaxed);
    out->failed_attempts = atomic_load_explicit(&w->failed_attempts, memory_order_relaxed);
    out->failed_articles = atomic_load_explicit(&w->failed_articles, memory_order_relaxed);
    histogram_snapshot(&w->duration, &out->duration);
}
