/* check_db_webhooks.c - webhook storage on the real migrations: inbound replays and deletions,
 * subscriptions, deliveries queued in the same transaction as the change they report, and
 * the delivery thread's reads and records. */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"

#include "db.h"
#include "db_internal.h"
#include "db_webhooks.h"
#include "log.h"
#include "status.h"
#include "webhook_verify.h"

static struct db *db;

static void setup(void)
{
    log_set_level(LOG_ERROR);
    ck_assert_int_eq(db_open(":memory:", &db), TW_OK);
    ck_assert_int_eq(db_migrate(db), TW_OK);
}

static void teardown(void)
{
    db_close(db);
    db = NULL;
}

/* Runs a one-value query of the test's own (tests may look under the storage API). */
static int64_t query_int(const char *sql)
{
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db->h, sql, -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void exec(const char *sql)
{
    ck_assert_int_eq(sqlite3_exec(db->h, sql, NULL, NULL, NULL), SQLITE_OK);
}

static struct article_in article(const char *source, const char *ext, const char *title,
                                 const char *body)
{
    return (struct article_in){.title = title,
                               .url = "https://news.example.com/steel",
                               .source = source,
                               .external_id = ext,
                               .published_at = "2026-03-02T10:00:00Z",
                               .body = body,
                               .body_len = strlen(body)};
}

static int64_t subscribe(const char *url, unsigned events)
{
    struct subscription s;
    ck_assert_int_eq(db_subscription_create(db, url, events, NULL, &s), TW_OK);
    int64_t id = s.id;
    db_subscription_cleanup(&s);
    return id;
}

/* Submits an article and claims its job. */
static int64_t submit_and_claim(const char *ext, struct job *j)
{
    struct article_in in = article("wire", ext, "Steel duties rise",
                                   "Washington raised duties on steel to 25% on Monday.");
    int64_t id = 0;
    enum submit_outcome o;
    size_t n = 0;
    ck_assert_int_eq(db_article_submit(db, &in, 0, &id, &o), TW_OK);
    ck_assert_int_eq(db_job_claim(db, j, 1, &n), TW_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(j->article_id, id);
    return id;
}

static const char ANN_JSON[] = "{\"actors\":[{\"id\":1},{\"id\":2}],\"claims\":[{\"id\":1}],"
                               "\"tariffs\":[{\"id\":1},{\"id\":2},{\"id\":3}]}";

/* The payload of the only delivery of subscription sub (parsed; decref it). */
static json_t *only_payload(int64_t sub)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT payload FROM deliveries WHERE subscription_id = %lld",
             (long long)sub);
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db->h, sql, -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    json_error_t err;
    json_t *j = json_loads((const char *)sqlite3_column_text(st, 0), 0, &err);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    ck_assert_ptr_nonnull(j);
    return j;
}

/* ---- pure helpers ---- */

START_TEST(test_url_check)
{
    const char *good[] = {"http://example.com",        "https://example.com/hooks/tw?x=1",
                          "HTTPS://Example.com:8443/", "http://127.0.0.1:9/h",
                          "http://[::1]:8080/hook",    "https://user:pw@example.com/h"};
    const char *bad[] = {"",
                         "ftp://example.com/",
                         "file:///etc/passwd",
                         "example.com/hook",
                         "http://",
                         "http:///path",
                         "https://:443/",
                         "http://example.com:0/",
                         "http://example.com:65536/",
                         "http://example.com:80a/",
                         "http://exa mple.com/",
                         "http://example.com/a\nb",
                         "http://example.com/#frag",
                         "http://[::1/",
                         "javascript:alert(1)"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        ck_assert_msg(subscription_url_check(good[i]) == TW_OK, "rejected %s", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        ck_assert_msg(subscription_url_check(bad[i]) == TW_EINVAL, "accepted %s", bad[i]);
    ck_assert_int_eq(subscription_url_check(NULL), TW_EINVAL);
    char longurl[SUBSCRIPTION_URL_MAX + 2];
    memset(longurl, 'a', sizeof longurl - 1);
    longurl[sizeof longurl - 1] = '\0';
    memcpy(longurl, "http://a/", 9);
    ck_assert_int_eq(subscription_url_check(longurl), TW_EINVAL);
    longurl[SUBSCRIPTION_URL_MAX] = '\0';
    ck_assert_int_eq(subscription_url_check(longurl), TW_OK);
}
END_TEST

START_TEST(test_event_names)
{
    unsigned e = 0;
    ck_assert_int_eq(webhook_event_parse("article.annotated", &e), TW_OK);
    ck_assert_uint_eq(e, WEBHOOK_EVENT_ANNOTATED);
    ck_assert_int_eq(webhook_event_parse("article.failed", &e), TW_OK);
    ck_assert_uint_eq(e, WEBHOOK_EVENT_FAILED);
    ck_assert_int_eq(webhook_event_parse("article.deleted", &e), TW_OK);
    ck_assert_uint_eq(e, WEBHOOK_EVENT_DELETED);
    ck_assert_int_eq(webhook_event_parse("article.published", &e), TW_EINVAL);
    ck_assert_int_eq(webhook_event_parse(NULL, &e), TW_EINVAL);
    ck_assert_str_eq(webhook_event_name(WEBHOOK_EVENT_DELETED), "article.deleted");
    ck_assert_str_eq(webhook_event_name(3), "unknown");
    ck_assert_str_eq(delivery_status_name(DELIVERY_DEAD), "dead");
    ck_assert_str_eq(inbound_outcome_name(INBOUND_ABSENT), "absent");
    char t[32];
    db_webhooks_time(1764199521123LL, t, sizeof t);
    ck_assert_str_eq(t, "2025-11-26T23:25:21.123Z");
}
END_TEST

/* ---- subscriptions ---- */

START_TEST(test_subscription_create_get_delete)
{
    struct subscription s, g;
    ck_assert_int_eq(db_subscription_create(db, "https://hooks.example.com/tw",
                                            WEBHOOK_EVENT_ANNOTATED | WEBHOOK_EVENT_DELETED, NULL,
                                            &s),
                     TW_OK);
    ck_assert_int_gt(s.id, 0);
    /* a generated secret, usable for signing, shown once */
    ck_assert_ptr_nonnull(s.secret);
    ck_assert_int_eq(strncmp(s.secret, "whsec_", 6), 0);
    struct webhook_secret *ws = NULL;
    ck_assert_int_eq(webhook_secret_parse(WEBHOOK_SCHEME_STANDARD, s.secret, &ws), TW_OK);
    webhook_secret_free(ws);
    ck_assert_ptr_nonnull(s.created_at);

    ck_assert_int_eq(db_subscription_get(db, s.id, &g), TW_OK);
    ck_assert_str_eq(g.url, "https://hooks.example.com/tw");
    ck_assert_uint_eq(g.events, WEBHOOK_EVENT_ANNOTATED | WEBHOOK_EVENT_DELETED);
    ck_assert_ptr_null(g.secret);
    ck_assert_str_eq(g.created_at, s.created_at);
    db_subscription_cleanup(&g);

    /* two subscriptions never share a generated secret */
    struct subscription s2;
    ck_assert_int_eq(db_subscription_create(db, "http://127.0.0.1:9/", 1, NULL, &s2), TW_OK);
    ck_assert_str_ne(s.secret, s2.secret);

    ck_assert_int_eq(db_subscription_delete(db, s.id), TW_OK);
    ck_assert_int_eq(db_subscription_get(db, s.id, &g), TW_ENOTFOUND);
    ck_assert_int_eq(db_subscription_delete(db, s.id), TW_ENOTFOUND);
    db_subscription_cleanup(&s);
    db_subscription_cleanup(&s2);
}
END_TEST

START_TEST(test_subscription_validation)
{
    struct subscription s;
    const char *given = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    ck_assert_int_eq(db_subscription_create(db, "http://example.com/h", 1, given, &s), TW_OK);
    ck_assert_str_eq(s.secret, given);
    db_subscription_cleanup(&s);
    ck_assert_int_eq(db_subscription_create(db, "ftp://example.com/", 1, NULL, &s), TW_EINVAL);
    ck_assert_int_eq(db_subscription_create(db, "http://example.com/", 0, NULL, &s), TW_EINVAL);
    ck_assert_int_eq(db_subscription_create(db, "http://example.com/", 8, NULL, &s), TW_EINVAL);
    ck_assert_int_eq(db_subscription_create(db, "http://example.com/", 1, "whsec_!!", &s),
                     TW_EINVAL);
    ck_assert_int_eq(db_subscription_create(db, "http://example.com/", 1, "c2VjcmV0", &s),
                     TW_EINVAL); /* whsec_ prefix required */
    ck_assert_int_eq(query_int("SELECT count(*) FROM subscriptions"), 1);
}
END_TEST

START_TEST(test_subscription_list_pages)
{
    int64_t ids[5];
    for (int i = 0; i < 5; i++)
        ids[i] = subscribe("http://example.com/h", WEBHOOK_EVENTS_ALL);
    struct subscription *items = NULL;
    size_t n = 0;
    bool more = false;
    ck_assert_int_eq(db_subscription_list(db, 0, 3, &items, &n, &more), TW_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert(more);
    ck_assert_int_eq(items[0].id, ids[4]);
    ck_assert_int_eq(items[2].id, ids[2]);
    ck_assert_ptr_null(items[0].secret);
    int64_t cursor = items[2].id;
    for (size_t i = 0; i < n; i++)
        db_subscription_cleanup(&items[i]);
    free(items);
    ck_assert_int_eq(db_subscription_list(db, cursor, 3, &items, &n, &more), TW_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert(!more);
    ck_assert_int_eq(items[1].id, ids[0]);
    for (size_t i = 0; i < n; i++)
        db_subscription_cleanup(&items[i]);
    free(items);
    ck_assert_int_eq(db_subscription_list(db, 0, 0, &items, &n, &more), TW_EINVAL);
}
END_TEST

/* ---- inbound ---- */

START_TEST(test_inbound_replay_changes_nothing)
{
    struct article_in in = article("ghost", "post-1", "Steel duties rise",
                                   "Washington raised duties on steel to 25% on Monday.");
    struct inbound_result r;
    ck_assert_int_eq(db_webhook_submit(db, "ghost", "msg_1", &in, 0, &r), TW_OK);
    ck_assert(!r.replay);
    ck_assert_int_eq(r.outcome, INBOUND_CREATED);
    int64_t id = r.article_id;
    ck_assert_int_gt(id, 0);

    /* the same delivery again, even with other content: answered from the record */
    struct article_in changed = article("ghost", "post-1", "Steel duties fall",
                                        "Washington cut duties on steel to 10% on Tuesday.");
    ck_assert_int_eq(db_webhook_submit(db, "ghost", "msg_1", &changed, 0, &r), TW_OK);
    ck_assert(r.replay);
    ck_assert_int_eq(r.outcome, INBOUND_CREATED);
    ck_assert_int_eq(r.article_id, id);
    struct article a;
    ck_assert_int_eq(db_article_get(db, id, &a), TW_OK);
    ck_assert_str_eq(a.title, "Steel duties rise");
    db_article_cleanup(&a);
    ck_assert_int_eq(query_int("SELECT count(*) FROM articles"), 1);
    ck_assert_int_eq(query_int("SELECT count(*) FROM jobs"), 1);
    ck_assert_int_eq(query_int("SELECT count(*) FROM webhook_seen"), 1);

    /* a new delivery id with the same content: a resubmission, unchanged */
    ck_assert_int_eq(db_webhook_submit(db, "ghost", "msg_2", &in, 0, &r), TW_OK);
    ck_assert(!r.replay);
    ck_assert_int_eq(r.outcome, INBOUND_UNCHANGED);
    ck_assert_int_eq(r.article_id, id);
    /* a new delivery id with new content: updated */
    ck_assert_int_eq(db_webhook_submit(db, "ghost", "msg_3", &changed, 0, &r), TW_OK);
    ck_assert(!r.replay);
    ck_assert_int_eq(r.outcome, INBOUND_UPDATED);
    ck_assert_int_eq(r.article_id, id);
    ck_assert_int_eq(db_webhook_submit(db, "ghost", "msg_3", &in, 0, &r), TW_OK);
    ck_assert(r.replay);
    ck_assert_int_eq(r.outcome, INBOUND_UPDATED);

    /* the same delivery id from another source is another delivery */
    struct article_in other = article("strapi", "post-1", "Steel duties rise",
                                      "Washington raised duties on steel to 25% on Monday.");
    ck_assert_int_eq(db_webhook_submit(db, "strapi", "msg_1", &other, 0, &r), TW_OK);
    ck_assert(!r.replay);
    ck_assert_int_eq(r.outcome, INBOUND_CREATED);
    ck_assert_int_ne(r.article_id, id);
    ck_assert_int_eq(query_int("SELECT count(*) FROM articles"), 2);
}
END_TEST

START_TEST(test_inbound_source_and_ids_validated)
{
    struct article_in in = article("ghost", "post-1", "T", "Body text.");
    struct inbound_result r;
    ck_assert_int_eq(db_webhook_submit(db, "strapi", "m", &in, 0, &r), TW_EINVAL);
    ck_assert_int_eq(db_webhook_submit(db, "ghost", "", &in, 0, &r), TW_EINVAL);
    ck_assert_int_eq(db_webhook_submit(db, "", "m", &in, 0, &r), TW_EINVAL);
    ck_assert_int_eq(db_webhook_delete(db, "ghost", "m", NULL, &r), TW_EINVAL);
    /* in->source NULL: stored under the webhook's source */
    in.source = NULL;
    ck_assert_int_eq(db_webhook_submit(db, "ghost", "m", &in, 0, &r), TW_OK);
    struct article a;
    ck_assert_int_eq(db_article_get(db, r.article_id, &a), TW_OK);
    ck_assert_str_eq(a.source, "ghost");
    db_article_cleanup(&a);
    ck_assert_int_eq(query_int("SELECT count(*) FROM articles"), 1);
}
END_TEST

START_TEST(test_inbound_queue_full_records_nothing)
{
    struct article_in a1 = article("ghost", "p1", "One", "First body.");
    struct article_in a2 = article("ghost", "p2", "Two", "Second body.");
    struct inbound_result r;
    ck_assert_int_eq(db_webhook_submit(db, "ghost", "d1", &a1, 1, &r), TW_OK);
    ck_assert_int_eq(db_webhook_submit(db, "ghost", "d2", &a2, 1, &r), TW_EBUSY);
    ck_assert_int_eq(query_int("SELECT count(*) FROM webhook_seen"), 1);
    ck_assert_int_eq(query_int("SELECT count(*) FROM articles"), 1);
    /* the sender's retry, once there is room, is processed */
    ck_assert_int_eq(db_webhook_submit(db, "ghost", "d2", &a2, 0, &r), TW_OK);
    ck_assert(!r.replay);
    ck_assert_int_eq(r.outcome, INBOUND_CREATED);
}
END_TEST

START_TEST(test_inbound_delete)
{
    int64_t sub = subscribe("http://example.com/h", WEBHOOK_EVENT_DELETED);
    struct article_in in = article("ghost", "post-9", "Tariff truce", "Both sides paused.");
    struct article_in keep = article("strapi", "post-9", "Tariff truce", "Both sides paused.");
    struct inbound_result r;
    ck_assert_int_eq(db_webhook_submit(db, "ghost", "c1", &in, 0, &r), TW_OK);
    int64_t id = r.article_id;
    ck_assert_int_eq(db_webhook_submit(db, "strapi", "c1", &keep, 0, &r), TW_OK);
    int64_t kept = r.article_id;

    ck_assert_int_eq(db_webhook_delete(db, "ghost", "d1", "post-9", &r), TW_OK);
    ck_assert(!r.replay);
    ck_assert_int_eq(r.outcome, INBOUND_DELETED);
    ck_assert_int_eq(r.article_id, id);
    struct article a;
    ck_assert_int_eq(db_article_get(db, id, &a), TW_ENOTFOUND);
    ck_assert_int_eq(db_article_get(db, kept, &a), TW_OK); /* other source untouched */
    db_article_cleanup(&a);
    /* its article.deleted delivery, queued with the deletion, describes the article */
    json_t *p = only_payload(sub);
    ck_assert_str_eq(json_string_value(json_object_get(p, "type")), "article.deleted");
    json_t *data = json_object_get(p, "data");
    ck_assert_int_eq(json_integer_value(json_object_get(data, "id")), id);
    ck_assert_str_eq(json_string_value(json_object_get(data, "title")), "Tariff truce");
    ck_assert_str_eq(json_string_value(json_object_get(data, "external_id")), "post-9");
    json_decref(p);

    /* replayed: nothing more */
    ck_assert_int_eq(db_webhook_delete(db, "ghost", "d1", "post-9", &r), TW_OK);
    ck_assert(r.replay);
    ck_assert_int_eq(r.outcome, INBOUND_DELETED);
    ck_assert_int_eq(query_int("SELECT count(*) FROM deliveries"), 1);
    /* a new deletion of what is gone: absent, recorded */
    ck_assert_int_eq(db_webhook_delete(db, "ghost", "d2", "post-9", &r), TW_OK);
    ck_assert(!r.replay);
    ck_assert_int_eq(r.outcome, INBOUND_ABSENT);
    ck_assert_int_eq(r.article_id, 0);
    ck_assert_int_eq(db_webhook_delete(db, "ghost", "d2", "post-9", &r), TW_OK);
    ck_assert(r.replay);
    ck_assert_int_eq(r.outcome, INBOUND_ABSENT);
    ck_assert_int_eq(query_int("SELECT count(*) FROM articles"), 1);
}
END_TEST

START_TEST(test_inbound_prune)
{
    struct article_in in = article("ghost", "p1", "One", "First body.");
    struct inbound_result r;
    ck_assert_int_eq(db_webhook_submit(db, "ghost", "old", &in, 0, &r), TW_OK);
    exec("UPDATE webhook_seen SET seen_at = '2026-01-01T00:00:00.000Z'");
    ck_assert_int_eq(db_webhook_submit(db, "ghost", "new", &in, 0, &r), TW_OK);
    int64_t n = 0;
    ck_assert_int_eq(db_webhook_seen_prune(db, "2026-01-08T00:00:00.000Z", &n), TW_OK);
    ck_assert_int_eq(n, 1);
    ck_assert_int_eq(query_int("SELECT count(*) FROM webhook_seen WHERE delivery_id = 'new'"), 1);
    /* forgotten: the old id is processed again (here unchanged content) */
    ck_assert_int_eq(db_webhook_submit(db, "ghost", "old", &in, 0, &r), TW_OK);
    ck_assert(!r.replay);
    ck_assert_int_eq(r.outcome, INBOUND_UNCHANGED);
}
END_TEST

/* ---- deliveries queued with the change they report ---- */

START_TEST(test_enqueue_on_complete)
{
    int64_t s_ann = subscribe("http://example.com/a", WEBHOOK_EVENT_ANNOTATED);
    int64_t s_fail = subscribe("http://example.com/f", WEBHOOK_EVENT_FAILED);
    int64_t s_all = subscribe("http://example.com/all", WEBHOOK_EVENTS_ALL);
    struct job j;
    int64_t id = submit_and_claim("e1", &j);
    struct annotations empty = {0};
    ck_assert_int_eq(db_job_complete(db, &j, &empty, ANN_JSON), TW_OK);
    db_job_cleanup(&j);
    ck_assert_int_eq(query_int("SELECT count(*) FROM deliveries"), 2);
    ck_assert_int_eq(query_int("SELECT count(*) FROM deliveries WHERE subscription_id = 2"), 0);

    json_t *p = only_payload(s_ann);
    ck_assert_str_eq(json_string_value(json_object_get(p, "type")), "article.annotated");
    ck_assert_ptr_nonnull(json_string_value(json_object_get(p, "timestamp")));
    json_t *d = json_object_get(p, "data");
    ck_assert_int_eq(json_integer_value(json_object_get(d, "id")), id);
    ck_assert_str_eq(json_string_value(json_object_get(d, "status")), "done");
    ck_assert_str_eq(json_string_value(json_object_get(d, "source")), "wire");
    ck_assert_str_eq(json_string_value(json_object_get(d, "external_id")), "e1");
    ck_assert_str_eq(json_string_value(json_object_get(d, "title")), "Steel duties rise");
    ck_assert_str_eq(json_string_value(json_object_get(d, "url")),
                     "https://news.example.com/steel");
    ck_assert_ptr_nonnull(json_string_value(json_object_get(d, "annotated_at")));
    ck_assert(json_is_null(json_object_get(d, "error")));
    json_t *counts = json_object_get(d, "counts");
    ck_assert_int_eq(json_integer_value(json_object_get(counts, "actors")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(counts, "claims")), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(counts, "tariffs")), 3);
    char href[64];
    snprintf(href, sizeof href, "/v1/articles/%lld", (long long)id);
    ck_assert_str_eq(json_string_value(json_object_get(d, "href")), href);
    json_decref(p);

    /* each delivery its own webhook-id, pending and due now */
    ck_assert_int_eq(query_int("SELECT count(DISTINCT msg_id) FROM deliveries"), 2);
    ck_assert_int_eq(query_int("SELECT count(*) FROM deliveries WHERE msg_id LIKE 'msg\\_%' "
                               "ESCAPE '\\' AND length(msg_id) = 36 AND status = 'pending' "
                               "AND next_attempt_at = created_at AND attempts = 0"),
                     2);
    (void)s_fail;
    (void)s_all;
}
END_TEST

START_TEST(test_enqueue_on_batch_complete)
{
    int64_t sub = subscribe("http://example.com/a", WEBHOOK_EVENT_ANNOTATED);
    struct article_in a1 = article("wire", "b1", "One", "First body.");
    struct article_in a2 = article("wire", "b2", "Two", "Second body.");
    int64_t id;
    enum submit_outcome o;
    ck_assert_int_eq(db_article_submit(db, &a1, 0, &id, &o), TW_OK);
    ck_assert_int_eq(db_article_submit(db, &a2, 0, &id, &o), TW_OK);
    struct job jobs[2];
    size_t n = 0;
    ck_assert_int_eq(db_job_claim(db, jobs, 2, &n), TW_OK);
    ck_assert_uint_eq(n, 2);
    /* the second article is deleted meanwhile: its stale result queues nothing */
    ck_assert_int_eq(db_article_delete(db, jobs[1].article_id), TW_OK);
    struct annotations empty = {0};
    struct job_result r[2] = {{.job = &jobs[0], .ann = &empty, .annotations_json = "{}"},
                              {.job = &jobs[1], .ann = &empty, .annotations_json = "{}"}};
    ck_assert_int_eq(db_job_complete_batch(db, r, 2), TW_OK);
    ck_assert_int_eq(r[0].status, TW_OK);
    ck_assert_int_eq(r[1].status, TW_ECONFLICT);
    ck_assert_int_eq(query_int("SELECT count(*) FROM deliveries"), 1);
    json_t *p = only_payload(sub);
    json_t *d = json_object_get(p, "data");
    ck_assert_int_eq(json_integer_value(json_object_get(d, "id")), jobs[0].article_id);
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(d, "counts"), "actors")),
                     0);
    json_decref(p);
    db_job_cleanup(&jobs[0]);
    db_job_cleanup(&jobs[1]);
}
END_TEST

START_TEST(test_enqueue_on_final_failure_only)
{
    int64_t sub = subscribe("http://example.com/f", WEBHOOK_EVENT_FAILED);
    struct job j;
    int64_t id = submit_and_claim("f1", &j);
    ck_assert_int_eq(db_job_fail(db, &j, "engine crashed", 2), TW_OK); /* retried: no event */
    db_job_cleanup(&j);
    ck_assert_int_eq(query_int("SELECT count(*) FROM deliveries"), 0);
    size_t n = 0;
    ck_assert_int_eq(db_job_claim(db, &j, 1, &n), TW_OK);
    ck_assert_int_eq(j.attempts, 2);
    ck_assert_int_eq(db_job_fail(db, &j, "engine crashed", 2), TW_OK);
    db_job_cleanup(&j);
    json_t *p = only_payload(sub);
    ck_assert_str_eq(json_string_value(json_object_get(p, "type")), "article.failed");
    json_t *d = json_object_get(p, "data");
    ck_assert_int_eq(json_integer_value(json_object_get(d, "id")), id);
    ck_assert_str_eq(json_string_value(json_object_get(d, "status")), "failed");
    ck_assert_str_eq(json_string_value(json_object_get(d, "error")), "engine crashed");
    json_decref(p);
}
END_TEST

START_TEST(test_enqueue_on_delete)
{
    int64_t sub = subscribe("http://example.com/d", WEBHOOK_EVENT_DELETED);
    struct job j;
    int64_t id = submit_and_claim("d1", &j);
    struct annotations empty = {0};
    ck_assert_int_eq(db_job_complete(db, &j, &empty, ANN_JSON), TW_OK);
    db_job_cleanup(&j);
    ck_assert_int_eq(query_int("SELECT count(*) FROM deliveries"), 0); /* not subscribed */
    ck_assert_int_eq(db_article_delete(db, id), TW_OK);
    json_t *p = only_payload(sub);
    ck_assert_str_eq(json_string_value(json_object_get(p, "type")), "article.deleted");
    json_t *d = json_object_get(p, "data");
    ck_assert_str_eq(json_string_value(json_object_get(d, "status")), "done");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(d, "counts"), "tariffs")),
                     3);
    json_decref(p);
    ck_assert_int_eq(db_article_delete(db, id), TW_ENOTFOUND);
    ck_assert_int_eq(query_int("SELECT count(*) FROM deliveries"), 1);
}
END_TEST

/* A delivery that cannot be written undoes the change it reports: one transaction. */
START_TEST(test_enqueue_shares_the_transaction)
{
    subscribe("http://example.com/all", WEBHOOK_EVENTS_ALL);
    struct job j;
    int64_t id = submit_and_claim("t1", &j);
    log_set_level((enum log_level)(LOG_ERROR + 1)); /* the refusals below log expected errors */
    exec("CREATE TEMP TRIGGER no_deliveries BEFORE INSERT ON deliveries"
         " BEGIN SELECT RAISE(ABORT, 'refused'); END");
    struct annotations empty = {0};
    ck_assert_int_ne(db_job_complete(db, &j, &empty, ANN_JSON), TW_OK);
    struct article a;
    ck_assert_int_eq(db_article_get(db, id, &a), TW_OK);
    ck_assert_int_eq(a.status, ARTICLE_PROCESSING); /* not done: the completion rolled back */
    ck_assert_ptr_null(a.annotations_json);
    db_article_cleanup(&a);
    ck_assert_int_eq(query_int("SELECT count(*) FROM jobs"), 1);
    ck_assert_int_ne(db_article_delete(db, id), TW_OK);
    ck_assert_int_eq(query_int("SELECT count(*) FROM articles"), 1);

    exec("DROP TRIGGER no_deliveries");
    ck_assert_int_eq(db_job_complete(db, &j, &empty, ANN_JSON), TW_OK);
    db_job_cleanup(&j);
    ck_assert_int_eq(query_int("SELECT count(*) FROM deliveries"), 1);
    ck_assert_int_eq(query_int("SELECT count(*) FROM articles WHERE status = 'done'"), 1);
}
END_TEST

/* ---- the delivery thread's side ---- */

START_TEST(test_due_record_and_list)
{
    int64_t sub = subscribe("http://example.com/a", WEBHOOK_EVENT_ANNOTATED);
    struct job j;
    submit_and_claim("r1", &j);
    struct annotations empty = {0};
    ck_assert_int_eq(db_job_complete(db, &j, &empty, ANN_JSON), TW_OK);
    db_job_cleanup(&j);

    struct delivery due[4];
    size_t n = 0;
    ck_assert_int_eq(db_delivery_due(db, "2000-01-01T00:00:00.000Z", due, 4, &n), TW_OK);
    ck_assert_uint_eq(n, 0); /* not due yet at that time */
    ck_assert_int_eq(db_delivery_due(db, "2999-01-01T00:00:00.000Z", due, 4, &n), TW_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(due[0].url, "http://example.com/a");
    ck_assert_int_eq(strncmp(due[0].secret, "whsec_", 6), 0);
    ck_assert_ptr_nonnull(strstr(due[0].payload, "\"article.annotated\""));
    ck_assert_uint_eq(due[0].event, WEBHOOK_EVENT_ANNOTATED);
    ck_assert_int_eq(due[0].attempts, 0);
    int64_t did = due[0].id;
    db_delivery_cleanup(&due[0]);

    struct delivery_outcome fail = {.attempt = 1,
                                    .at = "2026-11-26T10:00:00.000Z",
                                    .status_code = 503,
                                    .error = "HTTP 503",
                                    .duration_ms = 12,
                                    .status = DELIVERY_PENDING,
                                    .next_attempt_at = "2026-11-26T10:00:05.000Z",
                                    .now = "2026-11-26T10:00:00.012Z"};
    ck_assert_int_eq(db_delivery_record(db, did, &fail), TW_OK);
    bool found = false;
    char next[32];
    ck_assert_int_eq(db_delivery_next_due(db, &found, next), TW_OK);
    ck_assert(found);
    ck_assert_str_eq(next, "2026-11-26T10:00:05.000Z");
    ck_assert_int_eq(db_delivery_due(db, "2026-11-26T10:00:04.999Z", due, 4, &n), TW_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(db_delivery_due(db, "2026-11-26T10:00:05.000Z", due, 4, &n), TW_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(due[0].attempts, 1);
    db_delivery_cleanup(&due[0]);

    struct delivery_outcome ok = {.attempt = 2,
                                  .at = "2026-11-26T10:00:05.000Z",
                                  .status_code = 204,
                                  .duration_ms = 3,
                                  .status = DELIVERY_DELIVERED,
                                  .now = "2026-11-26T10:00:05.003Z"};
    ck_assert_int_eq(db_delivery_record(db, did, &ok), TW_OK);
    ck_assert_int_eq(db_delivery_next_due(db, &found, next), TW_OK);
    ck_assert(!found);
    /* no longer pending: a late record of it is refused */
    ck_assert_int_eq(db_delivery_record(db, did, &ok), TW_ENOTFOUND);

    struct delivery *list = NULL;
    bool more = true;
    ck_assert_int_eq(db_delivery_list(db, sub, 0, 10, &list, &n, &more), TW_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert(!more);
    ck_assert_int_eq(list[0].status, DELIVERY_DELIVERED);
    ck_assert_int_eq(list[0].attempts, 2);
    ck_assert_int_eq(list[0].last_status, 204);
    ck_assert_ptr_null(list[0].last_error);
    ck_assert_ptr_null(list[0].next_attempt_at);
    ck_assert_str_eq(list[0].finished_at, "2026-11-26T10:00:05.003Z");
    ck_assert_ptr_null(list[0].payload);
    ck_assert_uint_eq(list[0].ntries, 2);
    ck_assert_int_eq(list[0].tries[0].attempt, 1);
    ck_assert_int_eq(list[0].tries[0].status_code, 503);
    ck_assert_str_eq(list[0].tries[0].error, "HTTP 503");
    ck_assert_int_eq(list[0].tries[0].duration_ms, 12);
    ck_assert_int_eq(list[0].tries[1].status_code, 204);
    ck_assert_ptr_null(list[0].tries[1].error);
    db_delivery_cleanup(&list[0]);
    free(list);

    ck_assert_int_eq(db_delivery_list(db, sub + 100, 0, 10, &list, &n, &more), TW_ENOTFOUND);
    ck_assert_int_eq(db_delivery_list(db, sub, 0, 101, &list, &n, &more), TW_EINVAL);

    /* finished deliveries are pruned after the retention */
    int64_t pruned = 0;
    ck_assert_int_eq(db_delivery_prune(db, "2026-11-26T10:00:05.000Z", &pruned), TW_OK);
    ck_assert_int_eq(pruned, 0);
    ck_assert_int_eq(db_delivery_prune(db, "2026-11-27T00:00:00.000Z", &pruned), TW_OK);
    ck_assert_int_eq(pruned, 1);
    ck_assert_int_eq(query_int("SELECT count(*) FROM delivery_attempts"), 0);
}
END_TEST

START_TEST(test_dead_and_subscription_delete)
{
    int64_t sub = subscribe("http://example.com/a", WEBHOOK_EVENT_ANNOTATED);
    struct job j;
    submit_and_claim("x1", &j);
    struct annotations empty = {0};
    ck_assert_int_eq(db_job_complete(db, &j, &empty, "{}"), TW_OK);
    db_job_cleanup(&j);
    int64_t did = query_int("SELECT id FROM deliveries");
    struct delivery_outcome dead = {.attempt = 1,
                                    .at = "2026-11-26T10:00:00.000Z",
                                    .error = "Connection refused",
                                    .status = DELIVERY_DEAD,
                                    .now = "2026-11-26T10:00:00.001Z"};
    ck_assert_int_eq(db_delivery_record(db, did, &dead), TW_OK);
    struct delivery *list = NULL;
    size_t n = 0;
    bool more;
    ck_assert_int_eq(db_delivery_list(db, sub, 0, 10, &list, &n, &more), TW_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(list[0].status, DELIVERY_DEAD);
    ck_assert_int_eq(list[0].last_status, 0);
    ck_assert_str_eq(list[0].last_error, "Connection refused");
    ck_assert_int_eq(list[0].tries[0].status_code, 0);
    db_delivery_cleanup(&list[0]);
    free(list);
    /* a subscription's deletion takes its deliveries and attempts along */
    ck_assert_int_eq(db_subscription_delete(db, sub), TW_OK);
    ck_assert_int_eq(query_int("SELECT count(*) FROM deliveries"), 0);
    ck_assert_int_eq(query_int("SELECT count(*) FROM delivery_attempts"), 0);
}
END_TEST

/* The hot paths use their indexes: no scan of a growing table. */
START_TEST(test_queries_use_indexes)
{
    const char *sql[] = {
        "SELECT min(next_attempt_at) FROM deliveries WHERE status = 'pending'",
        "SELECT d.id FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id"
        " WHERE d.status = 'pending' AND d.next_attempt_at <= '2026' ORDER BY"
        " d.next_attempt_at, d.id LIMIT 16",
        "SELECT id FROM deliveries WHERE subscription_id = 1 AND id < 9 ORDER BY id DESC LIMIT 5",
        "DELETE FROM webhook_seen WHERE seen_at < '2026'",
        "DELETE FROM deliveries WHERE status != 'pending' AND finished_at < '2026'",
    };
    for (size_t i = 0; i < sizeof sql / sizeof *sql; i++) {
        char eqp[2048];
        snprintf(eqp, sizeof eqp, "EXPLAIN QUERY PLAN %s", sql[i]);
        sqlite3_stmt *st = NULL;
        ck_assert_int_eq(sqlite3_prepare_v2(db->h, eqp, -1, &st, NULL), SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *detail = (const char *)sqlite3_column_text(st, 3);
            bool scan = strncmp(detail, "SCAN ", 5) == 0 && strstr(detail, "INDEX") == NULL;
            ck_assert_msg(!scan, "%s: %s", sql[i], detail);
        }
        sqlite3_finalize(st);
    }
}
END_TEST

Suite *db_webhooks_suite(void)
{
    Suite *s = suite_create("db_webhooks");
    TCase *tc = tcase_create("helpers");
    tcase_add_test(tc, test_url_check);
    tcase_add_test(tc, test_event_names);
    suite_add_tcase(s, tc);

    tc = tcase_create("subscriptions");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_subscription_create_get_delete);
    tcase_add_test(tc, test_subscription_validation);
    tcase_add_test(tc, test_subscription_list_pages);
    suite_add_tcase(s, tc);

    tc = tcase_create("inbound");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_inbound_replay_changes_nothing);
    tcase_add_test(tc, test_inbound_source_and_ids_validated);
    tcase_add_test(tc, test_inbound_queue_full_records_nothing);
    tcase_add_test(tc, test_inbound_delete);
    tcase_add_test(tc, test_inbound_prune);
    suite_add_tcase(s, tc);

    tc = tcase_create("enqueue");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_enqueue_on_complete);
    tcase_add_test(tc, test_enqueue_on_batch_complete);
    tcase_add_test(tc, test_enqueue_on_final_failure_only);
    tcase_add_test(tc, test_enqueue_on_delete);
    tcase_add_test(tc, test_enqueue_shares_the_transaction);
    suite_add_tcase(s, tc);

    tc = tcase_create("deliveries");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_due_record_and_list);
    tcase_add_test(tc, test_dead_and_subscription_delete);
    tcase_add_test(tc, test_queries_use_indexes);
    suite_add_tcase(s, tc);
    return s;
}
