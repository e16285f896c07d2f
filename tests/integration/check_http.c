/* check_http.c - what http.c adds to every answer, against a live server: the embedded
 * dashboard and openapi.json, ETag / If-None-Match / Cache-Control, CORS and preflights,
 * OPTIONS, and the cap on the request target. */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "integration.h"
#include "mem.h"

#define CSP "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
#define DASH "https://dash.example.com"

START_TEST(test_dashboard_files)
{
    static const char *const files[][2] = {
        {"/", "text/html; charset=utf-8"},
        {"/app.css", "text/css; charset=utf-8"},
        {"/app.js", "text/javascript; charset=utf-8"},
        {"/favicon.svg", "image/svg+xml"},
        {"/openapi.json", "application/json; charset=utf-8"},
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        struct tw_resp r;
        req("GET", files[i][0], NULL, &r);
        ck_assert_msg(r.status == 200, "GET %s: %ld", files[i][0], r.status);
        assert_header(&r, "Content-Type", files[i][1]);
        assert_header(&r, "Content-Security-Policy", CSP);
        assert_header(&r, "X-Content-Type-Options", "nosniff");
        ck_assert_uint_gt(r.len, 10);
        tw_resp_cleanup(&r);
        assert_revalidates(files[i][0]);
    }
    struct tw_resp r;
    req("GET", "/", NULL, &r);
    ck_assert(strncasecmp(r.body, "<!doctype html>", 15) == 0);
    size_t page_len = r.len;
    tw_resp_cleanup(&r);
    req("GET", "/openapi.json", NULL, &r);
    json_t *doc = body_json(&r);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "openapi")), "3.1.0");
    ck_assert_ptr_nonnull(json_object_get(json_object_get(doc, "paths"), "/v1/search"));
    json_decref(doc);
    tw_resp_cleanup(&r);
    /* HEAD: the headers of the GET, no body. */
    req("HEAD", "/", NULL, &r);
    ck_assert_int_eq(r.status, 200);
    ck_assert_uint_eq(r.len, 0);
    char cl[32];
    ck_assert(tw_resp_header(&r, "Content-Length", cl, sizeof cl));
    ck_assert_uint_eq(strtoul(cl, NULL, 10), page_len);
    tw_resp_cleanup(&r);
    /* Only the files: no directory listing, no path tricks. */
    static const char *const missing[] = {"/index.html", "/web/app.js", "/../openapi.json",
                                          "/app.js/", "/favicon.ico"};
    for (size_t i = 0; i < sizeof missing / sizeof *missing; i++) {
        req("GET", missing[i], NULL, &r);
        assert_problem(&r, 404, NULL);
        tw_resp_cleanup(&r);
    }
}
END_TEST

START_TEST(test_api_etags)
{
    int64_t id = post_done("{\"title\":\"Steel\",\"body\":\"Canada will raise its duty on U.S. "
                           "steel to 25 percent, Trade Minister Ann Lee said.\"}");
    char path[64];
    snprintf(path, sizeof path, "/v1/articles/%lld", (long long)id);
    assert_revalidates(path);
    assert_revalidates("/v1/articles");
    assert_revalidates("/v1/articles?limit=1");

    /* A change of the list changes its tag: the old one no longer gives 304. */
    struct tw_resp r;
    char tag[64], hdr[100];
    req("GET", "/v1/articles", NULL, &r);
    ck_assert(tw_resp_header(&r, "ETag", tag, sizeof tag));
    tw_resp_cleanup(&r);
    post_done("{\"body\":\"Japan will keep its rice tariff, the farm ministry said.\"}");
    snprintf(hdr, sizeof hdr, "If-None-Match: %s", tag);
    req("GET", "/v1/articles", hdr, &r);
    ck_assert_int_eq(r.status, 200);
    tw_resp_cleanup(&r);

    /* Health, readiness and metrics are never stored, and carry no ETag. */
    static const char *const live[] = {"/healthz", "/readyz", "/metrics"};
    for (size_t i = 0; i < sizeof live / sizeof *live; i++) {
        req("GET", live[i], "If-None-Match: *", &r);
        ck_assert_int_eq(r.status, 200);
        assert_header(&r, "Cache-Control", "no-store");
        ck_assert(!has_header(&r, "ETag"));
        tw_resp_cleanup(&r);
    }
    /* Errors carry no ETag, and If-None-Match does not turn them into 304s. */
    req("GET", "/v1/articles/99999", "If-None-Match: *", &r);
    assert_problem(&r, 404, NULL);
    ck_assert(!has_header(&r, "ETag"));
    tw_resp_cleanup(&r);
}
END_TEST

START_TEST(test_options_and_long_targets)
{
    struct tw_resp r;
    req("OPTIONS", "/v1/articles/12", NULL, &r);
    ck_assert_int_eq(r.status, 204);
    assert_header(&r, "Allow", "GET, DELETE, OPTIONS");
    ck_assert(!has_header(&r, "Access-Control-Allow-Origin"));
    tw_resp_cleanup(&r);
    req("OPTIONS", "/nowhere", NULL, &r);
    assert_problem(&r, 404, NULL);
    tw_resp_cleanup(&r);
    /* Without --cors-origin an Origin changes nothing. */
    req("GET", "/healthz", "Origin: " DASH, &r);
    ck_assert(!has_header(&r, "Access-Control-Allow-Origin"));
    ck_assert(!has_header(&r, "Vary"));
    tw_resp_cleanup(&r);

    /* Query strings: 9 KB and 40 KB get a problem+json 414, and the server stays up. */
    static const size_t sizes[] = {9000, 40000};
    for (size_t i = 0; i < 2; i++) {
        char *q = xmalloc(sizes[i] + 64);
        int n = snprintf(q, 64, "/v1/articles?source=");
        memset(q + n, 'a', sizes[i]);
        q[(size_t)n + sizes[i]] = '\0';
        req("GET", q, NULL, &r);
        assert_problem(&r, 414, "longer than");
        tw_resp_cleanup(&r);
        free(q);
    }
    /* Many parameters: the target length counts, not the number kept. */
    struct buf many;
    buf_init(&many);
    buf_puts(&many, "/v1/articles?limit=1");
    for (int i = 0; i < 100; i++)
        buf_printf(&many, "&x%d=1", i);
    req("GET", many.data, NULL, &r);
    ck_assert_int_eq(r.status, 200);
    tw_resp_cleanup(&r);
    buf_cleanup(&many);
    req("GET", "/healthz", NULL, &r);
    ck_assert_int_eq(r.status, 200);
    tw_resp_cleanup(&r);
}
END_TEST

/* ---- CORS: servers started with origins ---- */

static void cors_setup(void)
{
    const char *extra[] = {"--workers", "1", "--threads", "2", "--cors-origin", DASH,
                           "--cors-origin", "http://localhost:5173", NULL};
    ck_assert_int_eq(tw_server_start(&srv, extra), 0);
}

START_TEST(test_cors_listed_origins)
{
    struct tw_resp r;
    req("GET", "/v1/articles", "Origin: " DASH, &r);
    ck_assert_int_eq(r.status, 200);
    assert_header(&r, "Access-Control-Allow-Origin", DASH);
    assert_header(&r, "Access-Control-Expose-Headers", "ETag, Location, Retry-After, X-Request-Id");
    assert_header(&r, "Vary", "Origin");
    tw_resp_cleanup(&r);
    /* Errors too, or the page could not read the problem. */
    req("GET", "/v1/articles?limit=0", "Origin: http://localhost:5173", &r);
    assert_problem(&r, 400, "limit");
    assert_header(&r, "Access-Control-Allow-Origin", "http://localhost:5173");
    tw_resp_cleanup(&r);
    /* Another origin: no CORS header, but Vary all the same. */
    static const char *const others[] = {"Origin: https://evil.example.com",
                                         "Origin: https://dash.example.com.evil.net",
                                         "Origin: null", NULL};
    for (size_t i = 0; others[i] != NULL; i++) {
        req("GET", "/v1/articles", others[i], &r);
        ck_assert_int_eq(r.status, 200);
        ck_assert(!has_header(&r, "Access-Control-Allow-Origin"));
        ck_assert(!has_header(&r, "Access-Control-Expose-Headers"));
        assert_header(&r, "Vary", "Origin");
        tw_resp_cleanup(&r);
    }
    req("GET", "/v1/articles", NULL, &r);
    assert_header(&r, "Vary", "Origin");
    tw_resp_cleanup(&r);
}
END_TEST

START_TEST(test_cors_preflight)
{
    struct tw_resp r;
    req("OPTIONS", "/v1/articles",
        "Origin: " DASH "\nAccess-Control-Request-Method: POST\n"
        "Access-Control-Request-Headers: content-type, x-request-id",
        &r);
    ck_assert_int_eq(r.status, 204);
    ck_assert_uint_eq(r.len, 0);
    assert_header(&r, "Access-Control-Allow-Origin", DASH);
    assert_header(&r, "Access-Control-Allow-Methods", "GET, POST, DELETE");
    assert_header(&r, "Access-Control-Allow-Headers", "Content-Type, If-None-Match, X-Request-Id");
    assert_header(&r, "Access-Control-Max-Age", "600");
    assert_header(&r, "Vary", "Origin");
    assert_header(&r, "Allow", "POST, GET, OPTIONS");
    tw_resp_cleanup(&r);
    req("OPTIONS", "/v1/articles/7",
        "Origin: https://evil.example.com\nAccess-Control-Request-Method: DELETE", &r);
    ck_assert_int_eq(r.status, 204);
    ck_assert(!has_header(&r, "Access-Control-Allow-Origin"));
    ck_assert(!has_header(&r, "Access-Control-Allow-Methods"));
    tw_resp_cleanup(&r);
    /* A preflight is not a request: nothing was created or deleted. */
    req("GET", "/v1/articles", NULL, &r);
    json_t *doc = body_json(&r);
    ck_assert_uint_eq(json_array_size(json_object_get(doc, "items")), 0);
    json_decref(doc);
    tw_resp_cleanup(&r);
}
END_TEST

START_TEST(test_cors_wildcard_from_env)
{
    server_stop_clean();
    tw_server_cleanup(&srv);
    setenv("TRADEWIRE_CORS_ORIGIN", "*", 1);
    const char *extra[] = {"--workers", "1", NULL};
    int rc = tw_server_start(&srv, extra);
    unsetenv("TRADEWIRE_CORS_ORIGIN");
    ck_assert_int_eq(rc, 0);
    struct tw_resp r;
    req("GET", "/healthz", "Origin: https://anyone.example.org", &r);
    assert_header(&r, "Access-Control-Allow-Origin", "*");
    ck_assert(!has_header(&r, "Vary"));
    tw_resp_cleanup(&r);
}
END_TEST

START_TEST(test_cors_bad_origin_refused_at_start)
{
    server_stop_clean();
    tw_server_cleanup(&srv);
    const char *extra[] = {"--cors-origin", "https://dash.example.com/app", NULL};
    ck_assert_int_eq(tw_server_start(&srv, extra), -1);
    ck_assert_int_ge(tw_server_log_count(&srv, "--cors-origin"), 1);
}
END_TEST

Suite *http_suite(void)
{
    Suite *s = suite_create("http");
    TCase *tc = tcase_create("caching");
    tcase_add_checked_fixture(tc, server_setup, server_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_dashboard_files);
    tcase_add_test(tc, test_api_etags);
    tcase_add_test(tc, test_options_and_long_targets);
    suite_add_tcase(s, tc);

    tc = tcase_create("cors");
    tcase_add_checked_fixture(tc, cors_setup, server_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_cors_listed_origins);
    tcase_add_test(tc, test_cors_preflight);
    tcase_add_test(tc, test_cors_wildcard_from_env);
    tcase_add_test(tc, test_cors_bad_origin_refused_at_start);
    suite_add_tcase(s, tc);
    return s;
}
