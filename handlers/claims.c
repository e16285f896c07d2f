/* claims.c - GET /v1/claims: claims across articles, newest article first, filtered by speaker
 * (an actor id, or a name), article, direct or reported, article date and full text. */
#include "db_query.h"
#include "handlers.h"
#include "jsonw.h"
#include "params.h"
#include "records.h"
#include "status.h"

#define SPEAKER_MAX_CHARS 200
#define Q_MAX_CHARS 500

void claims_list(struct http_req *req, struct http_resp *resp)
{
    const struct handler_ctx *ctx = req->ctx;
    struct db_claim_filter f = {.limit = PARAMS_LIMIT_DEFAULT};
    const char *speaker = NULL;
    int direct = -1;
    if (!params_limit(req, resp, &f.limit) || !params_cursor(req, resp, &f.cursor) ||
        !params_text(req, "speaker", SPEAKER_MAX_CHARS, resp, &speaker) ||
        !params_id(req, "article", resp, &f.article_id) ||
        !params_bool(req, "direct", resp, &direct) ||
        !params_date(req, "since", resp, &f.since) || !params_date(req, "until", resp, &f.until) ||
        !params_text(req, "q", Q_MAX_CHARS, resp, &f.q))
        return;
    /* All digits is an actor id (names are never numbers); anything else is a name. */
    if (speaker != NULL && !params_parse_id(speaker, &f.speaker_id))
        f.speaker_name = speaker;
    if (direct >= 0) {
        f.has_direct = true;
        f.direct = direct == 1;
    }

    struct db_claim_page page = {0};
    struct db_query_err err = {{0}};
    struct db *db = db_pool_acquire(ctx->pool);
    int rc = db_claim_list(db, &f, &page, &err);
    db_pool_release(ctx->pool, db);
    if (rc != TW_OK) {
        records_fail(resp, rc, &err, "cannot list claims");
        return;
    }
    buf_puts(&resp->body, "{\"items\":");
    records_claims(&resp->body, page.items, page.n);
    jsonw_page_end(&resp->body, page.next_cursor);
    db_claim_page_cleanup(&page);
}
