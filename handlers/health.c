/* health.c - GET /healthz (the process answers) and GET /readyz (the database answers and the
 * queue is below its bound, so a POST would be accepted). */
#include <stdio.h>

#include "db.h"
#include "handlers.h"
#include "problem.h"
#include "status.h"

void health_live(struct http_req *req, struct http_resp *resp)
{
    (void)req;
    http_resp_header(resp, "Cache-Control", "no-store");
    buf_puts(&resp->body, "{\"status\":\"ok\"}");
}

void health_ready(struct http_req *req, struct http_resp *resp)
{
    const struct handler_ctx *ctx = req->ctx;
    http_resp_header(resp, "Cache-Control", "no-store");
    struct db *db = db_pool_acquire(ctx->pool);
    int64_t depth = 0;
    int rc = db_ping(db);
    if (rc == TW_OK)
        rc = db_job_depth(db, &depth);
    db_pool_release(ctx->pool, db);
    if (rc != TW_OK) {
        problem_set(resp, 503, "the database does not answer: %s", tw_status_str(rc));
        http_resp_header(resp, "Retry-After", "5");
        return;
    }
    if (depth >= ctx->queue_max) {
        problem_set(resp, 503, "the annotation queue is full (%lld of %lld jobs)",
                    (long long)depth, (long long)ctx->queue_max);
        http_resp_header(resp, "Retry-After", "5");
        return;
    }
    buf_printf(&resp->body, "{\"status\":\"ready\",\"queue_depth\":%lld}", (long long)depth);
}
