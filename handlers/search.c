/* search.c - GET /v1/search: FTS5 over titles, bodies and claims, ranked, with snippets and
 * the code point offsets of the matched terms in them. */
#include "db_query.h"
#include "handlers.h"
#include "jsonw.h"
#include "params.h"
#include "problem.h"
#include "records.h"
#include "status.h"

#define Q_MAX_CHARS 500

void search_handler(struct http_req *req, struct http_resp *resp)
{
    static const char *const kinds[] = {"title", "body", "claim", NULL};
    static const enum db_search_kind kind_values[] = {DB_SEARCH_TITLE, DB_SEARCH_BODY,
                                                      DB_SEARCH_CLAIM};
    const struct handler_ctx *ctx = req->ctx;
    struct db_search_filter f = {.limit = PARAMS_LIMIT_DEFAULT};
    int kind = -1;
    if (!params_text(req, "q", Q_MAX_CHARS, resp, &f.q) ||
        !params_enum(req, "kind", kinds, resp, &kind) ||
        !params_date(req, "since", resp, &f.since) || !params_date(req, "until", resp, &f.until) ||
        !params_limit(req, resp, &f.limit) || !params_cursor(req, resp, &f.cursor))
        return;
    if (f.q == NULL) {
        problem_set(resp, 400, "query parameter 'q' is required: words, \"a phrase\", "
                               "prefix*, AND, OR, NOT");
        return;
    }
    if (kind >= 0) {
        f.has_kind = true;
        f.kind = kind_values[kind];
    }
    struct db_search_page page = {0};
    struct db_query_err err = {{0}};
    struct db *db = db_pool_acquire(ctx->pool);
    int rc = db_search(db, &f, &page, &err);
    db_pool_release(ctx->pool, db);
    if (rc != TW_OK) {
        records_fail(resp, rc, &err, "cannot search");
        return;
    }
    struct buf *b = &resp->body;
    buf_puts(b, "{\"items\":[");
    for (size_t i = 0; i < page.n; i++) {
        const struct db_search_hit *h = &page.items[i];
        buf_puts(b, i > 0 ? ",{\"kind\":" : "{\"kind\":");
        jsonw_cstr(b, db_search_kind_name(h->kind));
        jsonw_key(b, "article");
        records_article_ref(b, &h->article);
        jsonw_key(b, "claim_id");
        if (h->kind == DB_SEARCH_CLAIM)
            buf_printf(b, "%lld", (long long)h->claim_id);
        else
            buf_puts(b, "null");
        jsonw_key(b, "rank");
        buf_printf(b, "%.6g", h->rank);
        jsonw_field_str(b, "snippet", h->snippet);
        jsonw_key(b, "highlights");
        buf_putc(b, '[');
        for (size_t k = 0; k < h->nhighlights; k++)
            buf_printf(b, "%s{\"start\":%lld,\"end\":%lld}", k > 0 ? "," : "",
                       (long long)h->highlights[k].start, (long long)h->highlights[k].end);
        buf_putc(b, ']');
        buf_putc(b, '}');
    }
    buf_putc(b, ']');
    jsonw_page_end(b, page.next_cursor);
    db_search_page_cleanup(&page);
}
