/* integration.h - the integration suites and the helpers they share (helpers.c). */
#ifndef TW_INTEGRATION_H
#define TW_INTEGRATION_H

#include <check.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "tw_server.h"

Suite *api_suite(void);
Suite *faults_suite(void);
Suite *http_suite(void);
Suite *query_suite(void);
Suite *webhooks_suite(void);

/* The server of the running test (checked fixtures start one per test). */
extern struct tw_server srv;

/* Checked fixture: a server with default options. The teardown asserts that SIGTERM makes it
 * exit 0 and that its log has no error line. */
void server_setup(void);
void server_teardown(void);
/* Stops srv, asserting exit 0 and a clean log. */
void server_stop_clean(void);

/* The URL of path on srv (static buffer per call site is not needed: returns a heap string). */
char *url(const char *path);
/* POSTs a JSON document to /v1/articles. */
void post_json(const char *json, struct tw_resp *r);
/* Parses r's body as JSON (asserts that it is). New reference. */
json_t *body_json(const struct tw_resp *r);
/* Asserts r is an RFC 9457 problem with this status; when detail_has is not NULL, that the
 * detail contains it. */
void assert_problem(const struct tw_resp *r, long status, const char *detail_has);
/* Polls GET /v1/articles/{id} until done or failed (or timeout_s); returns the last document. */
json_t *wait_final(int64_t id, double timeout_s);

/* One request to srv with extra headers (NULL, or "Name: value" lines separated by '\n'). */
void req(const char *method, const char *path, const char *headers, struct tw_resp *r);
bool has_header(const struct tw_resp *r, const char *name);
/* Asserts header name is present with exactly this value. */
void assert_header(const struct tw_resp *r, const char *name, const char *want);
/* True for a strong ETag as http.c makes them: a quoted 32-digit hex hash. */
bool strong_etag(const char *tag);
/* POSTs an article (JSON) and waits until it is annotated; returns its id. */
int64_t post_done(const char *json);
/* GETs path, then again with If-None-Match set to its ETag, to a list holding it, to W/ of it
 * and to "*": each a 304 without a body and with the same ETag and Cache-Control: no-cache;
 * another tag gets the 200. */
void assert_revalidates(const char *path);

#endif
