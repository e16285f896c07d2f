/* handlers.h - the API's route table and the handlers behind it.
 *
 * Each handler reads a struct http_req and fills a struct http_resp (http.h), reaching the rest
 * of the service through req->ctx, a struct handler_ctx. They never see libmicrohttpd, so unit
 * tests call them directly.
 * Threads: handlers run on the HTTP threads, many at once; they share only the handler_ctx,
 * whose members are thread-safe (the db pool, workers_notify, metrics atomics) or read-only.
 */
#ifndef TW_HANDLERS_H
#define TW_HANDLERS_H

#include <stddef.h>
#include <stdint.h>

#include "http.h"
#include "router.h"

struct db_pool;
struct workers;
struct metrics;
struct webhook_sources;

struct handler_ctx {
    struct db_pool *pool;     /* borrowed per request */
    struct workers *workers;  /* NULL in unit tests: no notification */
    struct metrics *metrics;  /* NULL: /metrics shows no HTTP counters */
    int64_t queue_max;        /* POST answers 503 when this many jobs wait */
    const struct webhook_sources *webhooks; /* inbound sources; NULL or empty: all 404 */
    const char *admin_token;  /* bearer token of /v1/subscriptions; NULL: they answer 403 */
};

extern const struct route handlers_routes[];
extern const size_t handlers_nroutes;

void articles_create(struct http_req *req, struct http_resp *resp);
void articles_list(struct http_req *req, struct http_resp *resp);
void articles_get(struct http_req *req, struct http_resp *resp);
void articles_delete(struct http_req *req, struct http_resp *resp);
/* Drops the cached rendering of article id (GET serves done articles from a cache). Any code
 * that changes a stored article outside POST and DELETE /v1/articles must call it after its
 * commit. Any thread. */
void articles_cache_invalidate(int64_t id);
void health_live(struct http_req *req, struct http_resp *resp);
void health_ready(struct http_req *req, struct http_resp *resp);
void metrics_handler(struct http_req *req, struct http_resp *resp);
void actors_list(struct http_req *req, struct http_resp *resp);
void actors_get(struct http_req *req, struct http_resp *resp);
void claims_list(struct http_req *req, struct http_resp *resp);
void tariffs_list(struct http_req *req, struct http_resp *resp);
void tariffs_summary(struct http_req *req, struct http_resp *resp);
void search_handler(struct http_req *req, struct http_resp *resp);
/* POST /v1/webhooks/{source}: an inbound CMS webhook (webhooks.c). */
void webhooks_receive(struct http_req *req, struct http_resp *resp);
/* /v1/subscriptions: outbound webhook subscriptions, admin only (subscriptions.c). */
void subscriptions_create(struct http_req *req, struct http_resp *resp);
void subscriptions_list(struct http_req *req, struct http_resp *resp);
void subscriptions_get(struct http_req *req, struct http_resp *resp);
void subscriptions_delete(struct http_req *req, struct http_resp *resp);
void subscriptions_deliveries(struct http_req *req, struct http_resp *resp);
/* GET /, /app.css, /app.js, /favicon.svg and /openapi.json: the embedded files. */
void static_file(struct http_req *req, struct http_resp *resp);
/* Hashes the embedded files for their ETags; serve.c calls it at start-up (static_file also
 * does, once, for unit tests). Any thread. */
void static_files_init(void);

#endif
