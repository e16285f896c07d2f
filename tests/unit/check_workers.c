/* check_workers.c - the worker pool end to end on a temporary database: jobs annotated and
 * stored, a notify waking an idle worker, retries ending in a failed article, and a stop that
 * leaves no job half-done. */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "suites.h"

#include "annotate.h"
#include "db.h"
#include "db_internal.h"
#include "log.h"
#include "status.h"
#include "workers.h"

static char tmpdir[64];
static char dbpath[128];
static struct db *db;
static struct annotator *an;

static const char WIRE[] =
    "WASHINGTON (Reuters) - U.S. President Donald Trump said on Thursday he would impose a 25% "
    "tariff on steel imports from China, a move Beijing called unacceptable. \"We will defend "
    "our interests,\" Chinese Commerce Minister Wang Wentao said in a statement.";

static void setup(void)
{
    log_set_level(LOG_WARN);
    strcpy(tmpdir, "/tmp/tw_check_workers_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    snprintf(dbpath, sizeof dbpath, "%s/w.db", tmpdir);
    ck_assert_int_eq(db_open(dbpath, &db), TW_OK);
    ck_assert_int_eq(db_migrate(db), TW_OK);
    an = annotator_new();
}

static void teardown(void)
{
    db_close(db);
    annotator_free(an);
    char p[160];
    const char *suffix[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s%s", dbpath, suffix[i]);
        unlink(p);
    }
    rmdir(tmpdir);
}

static struct workers *start(size_t n, int max_attempts)
{
    struct workers_config cfg = {
        .db_path = dbpath, .nworkers = n, .max_attempts = max_attempts, .annotator = an};
    struct workers *w = NULL;
    ck_assert_int_eq(workers_start(&cfg, &w), TW_OK);
    return w;
}

static int64_t submit_body(const char *ext, const char *body, size_t len)
{
    struct article_in in = {
        .source = "wire", .external_id = ext, .title = "Steel", .body = body, .body_len = len};
    int64_t id = 0;
    enum submit_outcome o;
    ck_assert_int_eq(db_article_submit(db, &in, 0, &id, &o), TW_OK);
    return id;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Waits (up to 20 s) until the article leaves queued/processing; returns its status. */
static enum article_status wait_settled(int64_t id)
{
    double deadline = now_s() + 20;
    for (;;) {
        struct article a;
        ck_assert_int_eq(db_article_get(db, id, &a), TW_OK);
        enum article_status s = a.status;
        db_article_cleanup(&a);
        if (s == ARTICLE_DONE || s == ARTICLE_FAILED)
            return s;
        ck_assert_msg(now_s() < deadline, "article %lld still %s", (long long)id,
                      article_status_name(s));
        usleep(2000);
    }
}

/* Reads the stats once annotated and failed_articles reach what the test expects (or 5 s
 * passed): a worker counts a result just after its commit, so the database can be ahead. */
static void stats_after(struct workers *w, uint64_t annotated, uint64_t failed,
                        struct workers_stats *st)
{
    double deadline = now_s() + 5;
    workers_stats(w, st);
    while ((st->annotated < annotated || st->failed_articles < failed) && now_s() < deadline) {
        usleep(1000);
        workers_stats(w, st);
    }
}

START_TEST(test_pool_annotates_and_stores)
{
    struct workers *w = start(2, 3);
    enum { N = 40 };
    int64_t ids[N];
    char ext[16];
    for (int i = 0; i < N; i++) {
        snprintf(ext, sizeof ext, "n%d", i);
        ids[i] = submit_body(ext, WIRE, strlen(WIRE));
        workers_notify(w);
    }
    for (int i = 0; i < N; i++)
        ck_assert_int_eq(wait_settled(ids[i]), ARTICLE_DONE);

    struct article a;
    ck_assert_int_eq(db_article_get(db, ids[N - 1], &a), TW_OK);
    ck_assert_ptr_nonnull(a.annotations_json);
    ck_assert_ptr_nonnull(a.annotated_at);
    json_error_t err;
    json_t *root = json_loads(a.annotations_json, 0, &err);
    ck_assert_ptr_nonnull(root);
    ck_assert(json_is_array(json_object_get(root, "actors")));
    ck_assert(json_is_array(json_object_get(root, "claims")));
    ck_assert(json_is_array(json_object_get(root, "tariffs")));
    /* compact: no ", " or ": " between tokens of the top level */
    ck_assert_ptr_null(strstr(a.annotations_json, "\": ["));
    json_decref(root);
    db_article_cleanup(&a);

    int64_t depth = -1;
    ck_assert_int_eq(db_job_depth(db, &depth), TW_OK);
    ck_assert_int_eq(depth, 0);
    struct workers_stats st;
    stats_after(w, N, 0, &st);
    ck_assert_uint_eq(st.annotated, N);
    ck_assert_uint_eq(st.duration.count, N);
    ck_assert_uint_eq(st.failed_attempts, 0);
    workers_stop(w);
}
END_TEST

START_TEST(test_notify_wakes_idle_worker_before_poll)
{
    struct workers *w = start(1, 3);
    usleep(100000); /* let the worker find nothing and go to sleep */
    double t0 = now_s();
    int64_t id = submit_body("wake", WIRE, strlen(WIRE));
    workers_notify(w);
    ck_assert_int_eq(wait_settled(id), ARTICLE_DONE);
    /* the idle poll is 1 s; a notify must be much faster than that */
    ck_assert_msg(now_s() - t0 < 0.5, "took %.3f s", now_s() - t0);
    workers_stop(w);
}
END_TEST

START_TEST(test_failing_job_retried_then_failed)
{
    log_set_level(LOG_ERROR); /* the failed article is logged as a warning */
    struct workers *w = start(2, 3);
    static const char bad[] = "Tariffs \xff\xfe broken bytes";
    int64_t id = submit_body("bad", bad, sizeof bad - 1);
    int64_t good = submit_body("good", WIRE, strlen(WIRE));
    workers_notify(w);
    ck_assert_int_eq(wait_settled(id), ARTICLE_FAILED);
    ck_assert_int_eq(wait_settled(good), ARTICLE_DONE);
    struct article a;
    ck_assert_int_eq(db_article_get(db, id, &a), TW_OK);
    ck_assert_ptr_nonnull(a.error);
    ck_assert_ptr_nonnull(strstr(a.error, "annotation failed"));
    ck_assert_ptr_null(a.annotations_json);
    db_article_cleanup(&a);
    struct workers_stats st;
    stats_after(w, 1, 1, &st);
    ck_assert_uint_eq(st.failed_attempts, 3);
    ck_assert_uint_eq(st.failed_articles, 1);
    ck_assert_uint_eq(st.annotated, 1);
    workers_stop(w);
}
END_TEST

START_TEST(test_stop_leaves_nothing_processing)
{
    struct workers *w = start(2, 3);
    enum { N = 300 };
    char ext[16];
    for (int i = 0; i < N; i++) {
        snprintf(ext, sizeof ext, "s%d", i);
        submit_body(ext, WIRE, strlen(WIRE));
    }
    workers_notify(w);
    workers_notify(w);
    usleep(20000);
    workers_stop(w);
    /* every job is either done (and gone) or back in the queue: none held */
    struct article_filter f = {.has_status = true, .status = ARTICLE_PROCESSING, .limit = 10};
    struct article *items = NULL;
    size_t n = 9;
    bool more = true;
    ck_assert_int_eq(db_article_list(db, &f, &items, &n, &more), TW_OK);
    ck_assert_uint_eq(n, 0);
    free(items);
    int64_t requeued = -1;
    ck_assert_int_eq(db_job_requeue_stale(db, &requeued), TW_OK);
    ck_assert_int_eq(requeued, 0);

    /* a new pool finishes the rest */
    w = start(2, 3);
    workers_notify(w);
    int64_t depth = 1;
    double deadline = now_s() + 30;
    while (depth > 0 && now_s() < deadline) {
        ck_assert_int_eq(db_job_depth(db, &depth), TW_OK);
        usleep(5000);
    }
    ck_assert_int_eq(depth, 0);
    workers_stop(w);
}
END_TEST

static int64_t query_int(const char *sql)
{
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db->h, sql, -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

START_TEST(test_resubmit_and_delete_while_processing)
{
    static const char NEWER[] = "SAO PAULO, March 3 - Brazilian soybean exporters said on "
                                "Monday that shipments to Europe fell 12% in February.";
    struct workers *w = start(2, 3);
    enum { N = 60 };
    int64_t ids[N];
    char ext[16];
    for (int i = 0; i < N; i++) {
        snprintf(ext, sizeof ext, "r%d", i);
        ids[i] = submit_body(ext, WIRE, strlen(WIRE));
        workers_notify(w);
    }
    /* while the workers are at it: new text for every article, and every fifth deleted */
    for (int i = 0; i < N; i++) {
        snprintf(ext, sizeof ext, "r%d", i);
        ck_assert_int_eq(submit_body(ext, NEWER, strlen(NEWER)), ids[i]);
        workers_notify(w);
        if (i % 5 == 0)
            ck_assert_int_eq(db_article_delete(db, ids[i]), TW_OK);
    }
    for (int i = 0; i < N; i++)
        if (i % 5 != 0)
            ck_assert_int_eq(wait_settled(ids[i]), ARTICLE_DONE);
    workers_stop(w);

    ck_assert_int_eq(query_int("SELECT count(*) FROM articles"), N - N / 5);
    ck_assert_int_eq(query_int("SELECT count(*) FROM jobs"), 0);
    ck_assert_int_eq(query_int("SELECT jobs FROM queue_depth"), 0);
    /* no result of the old text survived: every stored mention is in its article's body */
    ck_assert_int_eq(query_int("SELECT count(*) FROM mentions m JOIN article_bodies b"
                               " ON b.article_id = m.article_id WHERE instr(b.body, m.text) = 0"),
                     0);
    ck_assert_int_eq(query_int("SELECT count(*) FROM article_annotations"
                               " WHERE instr(json, 'Trump') > 0"),
                     0);
    ck_assert_int_eq(query_int("SELECT count(*) FROM article_annotations"), N - N / 5);
    ck_assert_int_eq(query_int("SELECT count(*) FROM mentions WHERE article_id NOT IN"
                               " (SELECT id FROM articles)"),
                     0);
}
END_TEST

START_TEST(test_job_that_kept_crashing_is_abandoned)
{
    log_set_level(LOG_ERROR);
    int64_t id = submit_body("crash", WIRE, strlen(WIRE));
    /* three runs that each died with the job in hand */
    for (int i = 0; i < 3; i++) {
        struct job j;
        size_t n = 0;
        int64_t requeued = 0;
        ck_assert_int_eq(db_job_claim(db, &j, 1, &n), TW_OK);
        ck_assert_uint_eq(n, 1);
        db_job_cleanup(&j);
        ck_assert_int_eq(db_job_requeue_stale(db, &requeued), TW_OK);
        ck_assert_int_eq(requeued, 1);
    }
    struct workers *w = start(1, 3);
    workers_notify(w);
    ck_assert_int_eq(wait_settled(id), ARTICLE_FAILED);
    struct article a;
    ck_assert_int_eq(db_article_get(db, id, &a), TW_OK);
    ck_assert_ptr_nonnull(strstr(a.error, "abandoned"));
    db_article_cleanup(&a);
    struct workers_stats st;
    stats_after(w, 0, 1, &st);
    ck_assert_uint_eq(st.duration.count, 0); /* never handed to the engine */
    ck_assert_uint_eq(st.failed_articles, 1);
    workers_stop(w);
}
END_TEST

START_TEST(test_start_rejects_bad_config)
{
    struct workers *w = NULL;
    struct workers_config cfg = {
        .db_path = dbpath, .nworkers = 0, .max_attempts = 3, .annotator = an};
    ck_assert_int_eq(workers_start(&cfg, &w), TW_EINVAL);
    cfg.nworkers = 1;
    cfg.db_path = "/nonexistent-dir/sub/x.db";
    log_set_level(LOG_ERROR + 1); /* the open failure is expected */
    ck_assert_int_eq(workers_start(&cfg, &w), TW_EDB);
    ck_assert_ptr_null(w);
    workers_stop(NULL);
    workers_notify(NULL);
}
END_TEST

Suite *workers_suite(void)
{
    Suite *s = suite_create("workers");
    TCase *tc = tcase_create("pool");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_pool_annotates_and_stores);
    tcase_add_test(tc, test_notify_wakes_idle_worker_before_poll);
    tcase_add_test(tc, test_failing_job_retried_then_failed);
    tcase_add_test(tc, test_stop_leaves_nothing_processing);
    tcase_add_test(tc, test_resubmit_and_delete_while_processing);
    tcase_add_test(tc, test_job_that_kept_crashing_is_abandoned);
    tcase_add_test(tc, test_start_rejects_bad_config);
    suite_add_tcase(s, tc);
    return s;
}
