/* metrics.c - GET /metrics: the counters of server/metrics.c, the workers' figures and the
 * queue depth, in Prometheus text format. */
#include "db.h"
#include "handlers.h"
#include "metrics.h"
#include "status.h"
#include "workers.h"

void metrics_handler(struct http_req *req, struct http_resp *resp)
{
    const struct handler_ctx *ctx = req->ctx;
    int64_t depth = -1;
    if (ctx->pool != NULL) {
        struct db *db = db_pool_acquire(ctx->pool);
        if (db_job_depth(db, &depth) != TW_OK)
            depth = -1;
        db_pool_release(ctx->pool, db);
    }
    struct workers_stats ws;
    if (ctx->workers != NULL)
        workers_stats(ctx->workers, &ws);
    metrics_render(ctx->metrics, ctx->workers != NULL ? &ws : NULL, depth, &resp->body);
    resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
    http_resp_header(resp, "Cache-Control", "no-store");
}
