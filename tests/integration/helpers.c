/* helpers.c - fixtures and assertions shared by the integration suites. */
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
