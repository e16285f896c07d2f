/* Handlers called directly with a hand-built struct http_req, over a real database file. */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "suites.h"

#include "db.h"
#include "handlers.h"
#include "log.h"
#include "metrics.h"
#include "status.h"

static char dbpath[64];
static struct db_pool *pool;
static struct handler_ctx ctx;

static void setup(void)
{
    log_set_level(LOG_WARN); /* the migration line is expected */
    snprintf(dbpath, sizeof dbpath, "/tmp/tw-handlers-%d.db", (int)getpid());
    struct db *db = NULL;
    ck_assert_int_eq(db_open(dbpath, &db), TW_OK);
    ck_assert_int_eq(db_migrate(db), TW_OK);
    db_close(db);
    ck_assert_int_eq(db_pool_new(dbpath, 1, &pool), TW_OK);
    ctx = (struct handler_ctx){.pool = pool, .queue_max = 100};
}

static void teardown(void)
{
    db_pool_free(pool);
    char p[80];
    unlink(dbpath);
    snprintf(p, sizeof p, "%s-wal", dbpath);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", dbpath);
    unlink(p);
}

static void req_init(struct http_req *req, const char *method, const char *path, const char *ct,
                     const char *body)
{
    memset(req, 0, sizeof *req);
    req->method = method;
    req->path = path;
    req->content_type = ct;
    req->body = body != NULL ? body : "";
    req->body_len = body != NULL ? strlen(body) : 0;
    req->request_id = "test";
    req->ctx = &ctx;
}

/* Runs handler and returns the response's JSON (NULL for an empty body). */
static json_t *call(void (*handler)(struct http_req *, struct http_resp *), struct http_req *req,
                    struct http_resp *resp)
{
    http_resp_init(resp);
    handler(req, resp);
    if (resp->body.len == 0)
        return NULL;
    json_t *doc = json_loadb(resp->body.data, resp->body.len, 0, NULL);
    ck_assert_msg(doc != NULL, "not JSON: %s", resp->body.data);
    return doc;
}

static int64_t create(const char *ct, const char *body, int want)
{
    struct http_req req;
    struct http_resp resp;
    req_init(&req, "POST", "/v1/articles", ct, body);
    json_t *doc = call(articles_create, &req, &resp);
    ck_assert_msg(resp.status == want, "%d: %s", resp.status, resp.body.data);
    int64_t id = json_integer_value(json_object_get(doc, "id"));
    json_decref(doc);
    http_resp_cleanup(&resp);
    return id;
}

START_TEST(test_create_and_get)
{
    int64_t id = create("application/json",
                        "{\"title\":\"Steel\",\"body\":\"Tariffs rose.\",\"source\":\"w\","
                        "\"external_id\":\"1\",\"published_at\":\"2026-01-02T03:04:05+01:00\"}",
                        202);
    ck_assert_int_gt(id, 0);
    struct http_req req;
    struct http_resp resp;
    req_init(&req, "POST", "/v1/articles", "application/json",
             "{\"title\":\"Steel\",\"body\":\"Tariffs rose.\",\"source\":\"w\","
             "\"external_id\":\"1\",\"published_at\":\"2026-01-02T03:04:05+01:00\"}");
    json_t *doc = call(articles_create, &req, &resp);
    ck_assert_int_eq(resp.status, 200); /* same content: nothing queued */
    ck_assert_int_eq(json_integer_value(json_object_get(doc, "id")), id);
    json_decref(doc);
    http_resp_cleanup(&resp);

    req_init(&req, "GET", "/v1/articles/1", NULL, NULL);
    snprintf(req.params[0], sizeof req.params[0], "%lld", (long long)id);
    req.nparams = 1;
    doc = call(articles_get, &req, &resp);
    ck_assert_int_eq(resp.status, 200);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "title")), "Steel");
    ck_assert_str_eq(json_string_value(json_object_get(doc, "body")), "Tariffs rose.");
    ck_assert_str_eq(json_string_value(json_object_get(doc, "status")), "queued");
    ck_assert(json_is_null(json_object_get(doc, "url")));
    ck_assert(json_object_get(doc, "annotations") == NULL);
    json_decref(doc);
    http_resp_cleanup(&resp);

    int64_t id2 = create("text/plain", "Line one.\n\tQuoted \"text\" and \\ here.", 202);
    snprintf(req.params[0], sizeof req.params[0], "%lld", (long long)id2);
    doc = call(articles_get, &req, &resp);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "body")),
                     "Line one.\n\tQuoted \"text\" and \\ here.");
    json_decref(doc);
    http_resp_cleanup(&resp);
}
END_TEST

START_TEST(test_create_refusals)
{
    static const struct {
        const char *ct, *body;
        int status;
        const char *detail;
    } cases[] = {
        {"application/json", "", 400, "empty"},
        {"application/json", "{", 400, "malformed"},
        {"application/json", "{\"body\":1}", 400, "'body'"},
        {"application/json", "{\"body\":\"x\",\"url\":[]}", 400, "'url'"},
        {"application/json", "{\"body\":\"x\",\"published_at\":\"2026-02-30T00:00:00Z\"}", 400,
         "'published_at'"},
        {"application/json", "{\"body\":\"x\\u0000\"}", 400, "NUL"},
        {"text/plain", "\xc0\xaf", 400, "UTF-8"},
        {"text/html", "<p>", 415, "Content-Type"},
        {NULL, "x", 415, "absent"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct http_req req;
        struct http_resp resp;
        req_init(&req, "POST", "/v1/articles", cases[i].ct, cases[i].body);
        json_t *doc = call(articles_create, &req, &resp);
        ck_assert_int_eq(resp.status, cases[i].status);
        ck_assert_str_eq(resp.content_type, "application/problem+json");
        const char *d = json_string_value(json_object_get(doc, "detail"));
        ck_assert_msg(strstr(d, cases[i].detail) != NULL, "case %zu: %s", i, d);
        json_decref(doc);
        http_resp_cleanup(&resp);
    }
}
END_TEST

START_TEST(test_queue_full)
{
    ctx.queue_max = 1;
    create("text/plain", "first", 202);
    struct http_req req;
    struct http_resp resp;
    req_init(&req, "POST", "/v1/articles", "text/plain", "second");
    json_t *doc = call(articles_create, &req, &resp);
    ck_assert_int_eq(resp.status, 503);
    ck_assert_ptr_nonnull(http_resp_header_get(&resp, "Retry-After"));
    json_decref(doc);
    http_resp_cleanup(&resp);
    req_init(&req, "GET", "/readyz", NULL, NULL);
    doc = call(health_ready, &req, &resp);
    ck_assert_int_eq(resp.status, 503);
    json_decref(doc);
    http_resp_cleanup(&resp);
}
END_TEST

START_TEST(test_get_and_delete_unknown)
{
    static const char *const ids[] = {"999", "abc", "0", "-3", "1;DROP TABLE articles", "01x"};
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
        struct http_req req;
        struct http_resp resp;
        req_init(&req, "GET", "/v1/articles/x", NULL, NULL);
        snprintf(req.params[0], sizeof req.params[0], "%s", ids[i]);
        req.nparams = 1;
        json_decref(call(articles_get, &req, &resp));
        ck_assert_int_eq(resp.status, 404);
        http_resp_cleanup(&resp);
        json_decref(call(articles_delete, &req, &resp));
        ck_assert_int_eq(resp.status, 404);
        http_resp_cleanup(&resp);
    }
}
END_TEST

START_TEST(test_list_and_delete)
{
    int64_t ids[5];
    for (int i = 0; i < 5; i++) {
        char body[32];
        snprintf(body, sizeof body, "story %d", i);
        ids[i] = create("text/plain", body, 202);
    }
    struct http_req req;
    struct http_resp resp;
    req_init(&req, "GET", "/v1/articles", NULL, NULL);
    req.query[0] = (struct http_param){"limit", "2"};
    req.nquery = 1;
    json_t *doc = call(articles_list, &req, &resp);
    ck_assert_int_eq(resp.status, 200);
    const json_t *items = json_object_get(doc, "items");
    ck_assert_uint_eq(json_array_size(items), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(items, 0), "id")), ids[4]);
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(items, 1), "id")), ids[3]);
    char cursor[64];
    snprintf(cursor, sizeof cursor, "%s", json_string_value(json_object_get(doc, "next_cursor")));
    json_decref(doc);
    http_resp_cleanup(&resp);

    req.query[1] = (struct http_param){"cursor", cursor};
    req.nquery = 2;
    doc = call(articles_list, &req, &resp);
    items = json_object_get(doc, "items");
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(items, 0), "id")), ids[2]);
    json_decref(doc);
    http_resp_cleanup(&resp);

    req.query[1] = (struct http_param){"cursor", "MTIz!"};
    json_decref(call(articles_list, &req, &resp));
    ck_assert_int_eq(resp.status, 400);
    http_resp_cleanup(&resp);

    req_init(&req, "DELETE", "/v1/articles/x", NULL, NULL);
    snprintf(req.params[0], sizeof req.params[0], "%lld", (long long)ids[0]);
    req.nparams = 1;
    ck_assert_ptr_null(call(articles_delete, &req, &resp));
    ck_assert_int_eq(resp.status, 204);
    http_resp_cleanup(&resp);
    json_decref(call(articles_get, &req, &resp));
    ck_assert_int_eq(resp.status, 404);
    http_resp_cleanup(&resp);
}
END_TEST

START_TEST(test_health_and_metrics)
{
    static const struct route routes[] = {{"GET", "/a", health_live}, {"POST", "/b", health_live}};
    struct http_req req;
    struct http_resp resp;
    req_init(&req, "GET", "/healthz", NULL, NULL);
    json_t *doc = call(health_live, &req, &resp);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "status")), "ok");
    json_decref(doc);
    http_resp_cleanup(&resp);
    req_init(&req, "GET", "/readyz", NULL, NULL);
    json_decref(call(health_ready, &req, &resp));
    ck_assert_int_eq(resp.status, 200);
    http_resp_cleanup(&resp);

    ctx.metrics = metrics_new(routes, 2);
    metrics_observe(ctx.metrics, 1, 404, 2000000);
    metrics_observe(ctx.metrics, 9, 200, 1000); /* out of range: counted as unmatched */
    create("text/plain", "queued one", 202);
    req_init(&req, "GET", "/metrics", NULL, NULL);
    http_resp_init(&resp);
    metrics_handler(&req, &resp);
    ck_assert(strncmp(resp.content_type, "text/plain", 10) == 0);
    ck_assert(strstr(resp.body.data,
                     "tradewire_http_requests_total{route=\"POST /b\",status=\"404\"} 1"));
    ck_assert(strstr(resp.body.data,
                     "tradewire_http_requests_total{route=\"unmatched\",status=\"200\"} 1"));
    ck_assert(strstr(resp.body.data, "tradewire_http_request_duration_seconds_count 2"));
    ck_assert(strstr(resp.body.data, "tradewire_queue_depth 1\n"));
    http_resp_cleanup(&resp);
    metrics_free(ctx.metrics);
    ctx.metrics = NULL;
}
END_TEST

/* Marks every queued job done with empty annotations, as a worker would. */
static void complete_all(void)
{
    struct db *db = db_pool_acquire(pool);
    struct job jobs[8];
    size_t n = 0;
    ck_assert_int_eq(db_job_claim(db, jobs, 8, &n), TW_OK);
    for (size_t i = 0; i < n; i++) {
        struct annotations a;
        memset(&a, 0, sizeof a);
        ck_assert_int_eq(db_job_complete(db, &jobs[i], &a,
                                         "{\"actors\":[],\"claims\":[],\"tariffs\":[]}"),
                         TW_OK);
        db_job_cleanup(&jobs[i]);
    }
    db_pool_release(pool, db);
}

static json_t *get_article(int64_t id, int want)
{
    struct http_req req;
    struct http_resp resp;
    req_init(&req, "GET", "/v1/articles/x", NULL, NULL);
    snprintf(req.params[0], sizeof req.params[0], "%lld", (long long)id);
    req.nparams = 1;
    json_t *doc = call(articles_get, &req, &resp);
    ck_assert_int_eq(resp.status, want);
    http_resp_cleanup(&resp);
    return doc;
}

START_TEST(test_cached_done_article_follows_changes)
{
    const char *v1 = "{\"source\":\"w\",\"external_id\":\"c\",\"body\":\"Old text.\"}";
    const char *v2 = "{\"source\":\"w\",\"external_id\":\"c\",\"body\":\"New text.\"}";
    int64_t id = create("application/json", v1, 202);
    complete_all();
    for (int i = 0; i < 2; i++) { /* the second GET is served from the cache */
        json_t *doc = get_article(id, 200);
        ck_assert_str_eq(json_string_value(json_object_get(doc, "status")), "done");
        ck_assert_str_eq(json_string_value(json_object_get(doc, "body")), "Old text.");
        ck_assert(json_is_object(json_object_get(doc, "annotations")));
        json_decref(doc);
    }
    ck_assert_int_eq(create("application/json", v2, 202), id);
    json_t *doc = get_article(id, 200);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "status")), "queued");
    ck_assert_str_eq(json_string_value(json_object_get(doc, "body")), "New text.");
    json_decref(doc);
    complete_all();
    json_decref(get_article(id, 200)); /* cached again */

    struct http_req req;
    struct http_resp resp;
    req_init(&req, "DELETE", "/v1/articles/x", NULL, NULL);
    snprintf(req.params[0], sizeof req.params[0], "%lld", (long long)id);
    req.nparams = 1;
    ck_assert_ptr_null(call(articles_delete, &req, &resp));
    ck_assert_int_eq(resp.status, 204);
    http_resp_cleanup(&resp);
    json_decref(get_article(id, 404));
}
END_TEST

Suite *handlers_suite(void)
{
    Suite *s = suite_create("handlers");
    TCase *tc = tcase_create("articles");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_create_and_get);
    tcase_add_test(tc, test_create_refusals);
    tcase_add_test(tc, test_queue_full);
    tcase_add_test(tc, test_get_and_delete_unknown);
    tcase_add_test(tc, test_list_and_delete);
    tcase_add_test(tc, test_health_and_metrics);
    tcase_add_test(tc, test_cached_done_article_follows_changes);
    suite_add_tcase(s, tc);
    return s;
}
