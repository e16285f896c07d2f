/* helpers.c - fixtures and assertions shared by the integration suites. */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "integration.h"
#include "mem.h"

struct tw_server srv;

void server_setup(void)
{
    const char *extra[] = {"--workers", "2", "--threads", "2", NULL};
    ck_assert_int_eq(tw_server_start(&srv, extra), 0);
}

void server_stop_clean(void)
{
    tw_http_reset();
    int status = tw_server_stop(&srv);
    ck_assert_msg(status == 0, "server exit status %d (log %s)", status, srv.log);
    /* Like libevdev's test log handler: an ERROR line the test did not expect fails it. */
    ck_assert_msg(tw_server_log_count(&srv, " error ") == 0, "error lines in %s", srv.log);
}

void server_teardown(void)
{
    if (srv.pid > 0)
        server_stop_clean();
    tw_server_cleanup(&srv);
}

char *url(const char *path)
{
    return xasprintf("%s%s", srv.base, path);
}

void post_json(const char *json, struct tw_resp *r)
{
    char *u = url("/v1/articles");
    int rc = tw_http("POST", u, "application/json", json, strlen(json), NULL, r);
    free(u);
    ck_assert_int_eq(rc, 0);
}

json_t *body_json(const struct tw_resp *r)
{
    json_error_t err;
    json_t *doc = json_loadb(r->body, r->len, 0, &err);
    ck_assert_msg(doc != NULL, "response is not JSON (%s): %.200s", err.text, r->body);
    return doc;
}

void assert_problem(const struct tw_resp *r, long status, const char *detail_has)
{
    char ct[128];
    ck_assert_msg(r->status == status, "status %ld, want %ld: %.300s", r->status, status,
                  r->body);
    ck_assert(tw_resp_header(r, "Content-Type", ct, sizeof ct));
    ck_assert_str_eq(ct, "application/problem+json");
    json_t *doc = body_json(r);
    ck_assert(json_is_string(json_object_get(doc, "type")));
    ck_assert(json_is_string(json_object_get(doc, "title")));
    ck_assert_int_eq(json_integer_value(json_object_get(doc, "status")), status);
    const char *detail = json_string_value(json_object_get(doc, "detail"));
    ck_assert_ptr_nonnull(detail);
    if (detail_has != NULL)
        ck_assert_msg(strstr(detail, detail_has) != NULL, "detail '%s' lacks '%s'", detail,
                      detail_has);
    json_decref(doc);
}

json_t *wait_final(int64_t id, double timeout_s)
{
    char path[64];
    snprintf(path, sizeof path, "/v1/articles/%lld", (long long)id);
    char *u = url(path);
    json_t *doc = NULL;
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        struct tw_resp r;
        ck_assert_int_eq(tw_http("GET", u, NULL, NULL, 0, NULL, &r), 0);
        ck_assert_msg(r.status == 200, "GET %s answered %ld", path, r.status);
        json_decref(doc);
        doc = body_json(&r);
        tw_resp_cleanup(&r);
        const char *st = json_string_value(json_object_get(doc, "status"));
        if (st != NULL && (strcmp(st, "done") == 0 || strcmp(st, "failed") == 0))
            break;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if ((double)(now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9 > timeout_s)
            break;
        struct timespec ts = {0, 10 * 1000000L};
        nanosleep(&ts, NULL);
    }
    free(u);
    return doc;
}

/* One request to srv with extra headers (NULL or "Name: value" lines), asserting no transport
 * error. */
void req(const char *method, const char *path, const char *headers, struct tw_resp *r)
{
    char *u = url(path);
    ck_assert_int_eq(tw_http(method, u, NULL, NULL, 0, headers, r), 0);
    free(u);
}

bool has_header(const struct tw_resp *r, const char *name)
{
    char v[512];
    return tw_resp_header(r, name, v, sizeof v);
}

void assert_header(const struct tw_resp *r, const char *name, const char *want)
{
    char v[512];
    ck_assert_msg(tw_resp_header(r, name, v, sizeof v), "no %s header", name);
    ck_assert_str_eq(v, want);
}

bool strong_etag(const char *tag)
{
    regex_t re;
    ck_assert_int_eq(regcomp(&re, "^\"[0-9a-f]{32}\"$", REG_EXTENDED | REG_NOSUB), 0);
    bool ok = regexec(&re, tag, 0, NULL, 0) == 0;
    regfree(&re);
    return ok;
}

int64_t post_done(const char *json)
{
    struct tw_resp r;
    post_json(json, &r);
    ck_assert_msg(r.status == 202, "POST answered %ld: %s", r.status, r.body);
    json_t *doc = body_json(&r);
    int64_t id = json_integer_value(json_object_get(doc, "id"));
    json_decref(doc);
    tw_resp_cleanup(&r);
    json_decref(wait_final(id, 20));
    return id;
}

/* GET path, then again with If-None-Match: its ETag, a list holding it, W/ of it and "*" all
 * answer 304 without a body; another tag answers 200 with the same ETag. */
void assert_revalidates(const char *path)
{
    struct tw_resp r;
    char tag[64], again[64];
    req("GET", path, NULL, &r);
    ck_assert_msg(r.status == 200, "GET %s: %ld", path, r.status);
    ck_assert_msg(tw_resp_header(&r, "ETag", tag, sizeof tag), "GET %s has no ETag", path);
    ck_assert_msg(strong_etag(tag), "ETag %s of %s", tag, path);
    assert_header(&r, "Cache-Control", "no-cache");
    tw_resp_cleanup(&r);

    char hdr[4][200];
    snprintf(hdr[0], sizeof hdr[0], "If-None-Match: %s", tag);
    snprintf(hdr[1], sizeof hdr[1], "If-None-Match: \"0000\", %s", tag);
    snprintf(hdr[2], sizeof hdr[2], "If-None-Match: W/%s", tag);
    snprintf(hdr[3], sizeof hdr[3], "If-None-Match: *");
    for (int i = 0; i < 4; i++) {
        req("GET", path, hdr[i], &r);
        ck_assert_msg(r.status == 304, "GET %s with %s: %ld", path, hdr[i], r.status);
        ck_assert_uint_eq(r.len, 0);
        ck_assert(tw_resp_header(&r, "ETag", again, sizeof again));
        ck_assert_str_eq(again, tag);
        assert_header(&r, "Cache-Control", "no-cache");
        ck_assert(!has_header(&r, "Content-Type"));
        tw_resp_cleanup(&r);
    }
    req("GET", path, "If-None-Match: \"0123456789abcdef0123456789abcdef\"", &r);
    ck_assert_int_eq(r.status, 200);
    ck_assert_uint_gt(r.len, 0);
    ck_assert(tw_resp_header(&r, "ETag", again, sizeof again));
    ck_assert_str_eq(again, tag);
    tw_resp_cleanup(&r);
}
