/* tariffs.c - GET /v1/tariffs (tariff figures across articles, each with its article and
 * sentence) and GET /v1/tariffs/summary (the same filters, grouped for charts). */
#include "db_query.h"
#include "handlers.h"
#include "jsonw.h"
#include "params.h"
#include "problem.h"
#include "records.h"
#include "status.h"

#define CAPITALS "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define PRODUCT_MAX_CHARS 100
#define DEFAULT_GROUP_BY "imposer,target,month"

/* The filters both endpoints take. False with the problem written. */
static bool read_filter(const struct http_req *req, struct http_resp *resp,
                        struct db_tariff_filter *f)
{
    static const char *const kinds[] = {"rate", "covered_value", NULL};
    static const enum tariff_kind kind_values[] = {TARIFF_RATE, TARIFF_COVERED_VALUE};
    static const char *const changes[] = {"impose", "raise", "cut", "remove", "suspend",
                                          "threaten", "propose", "current", NULL};
    static const enum tariff_change change_values[] = {
        CHANGE_IMPOSE,  CHANGE_RAISE,    CHANGE_CUT,     CHANGE_REMOVE,
        CHANGE_SUSPEND, CHANGE_THREATEN, CHANGE_PROPOSE, CHANGE_CURRENT};
    int kind = -1, change = -1;
    const char *unit = NULL;
    if (!params_limit(req, resp, &f->limit) || !params_cursor(req, resp, &f->cursor) ||
        !params_code(req, "imposer", 2, CAPITALS, NULL,
                     "an ISO 3166-1 alpha-2 code in capitals (or EU), such as US", resp,
                     &f->imposer) ||
        !params_code(req, "target", 2, CAPITALS, "*",
                     "an ISO 3166-1 alpha-2 code in capitals (or EU), such as CN, or *", resp,
                     &f->target) ||
        !params_text(req, "product", PRODUCT_MAX_CHARS, resp, &f->product) ||
        !params_enum(req, "kind", kinds, resp, &kind) ||
        !params_code(req, "unit", 3, CAPITALS, "percent",
                     "percent or an ISO 4217 currency code in capitals, such as USD", resp,
                     &unit) ||
        !params_enum(req, "change", changes, resp, &change) ||
        !params_micros(req, "min_value", resp, &f->has_min, &f->min_micros) ||
        !params_micros(req, "max_value", resp, &f->has_max, &f->max_micros) ||
        !params_date(req, "since", resp, &f->since) || !params_date(req, "until", resp, &f->until))
        return false;
    f->unit = unit;
    if (kind >= 0) {
        f->has_kind = true;
        f->kind = kind_values[kind];
    }
    if (change >= 0) {
        f->has_change = true;
        f->change = change_values[change];
    }
    if (f->has_min && f->has_max && f->min_micros > f->max_micros) {
        problem_set(resp, 400, "query parameter 'min_value' is above 'max_value'");
        return false;
    }
    return true;
}

void tariffs_list(struct http_req *req, struct http_resp *resp)
{
    const struct handler_ctx *ctx = req->ctx;
    struct db_tariff_filter f = {.limit = PARAMS_LIMIT_DEFAULT};
    if (!read_filter(req, resp, &f))
        return;
    struct db_tariff_page page = {0};
    struct db_query_err err = {{0}};
    struct db *db = db_pool_acquire(ctx->pool);
    int rc = db_tariff_list(db, &f, &page, &err);
    db_pool_release(ctx->pool, db);
    if (rc != TW_OK) {
        records_fail(resp, rc, &err, "cannot list tariff figures");
        return;
    }
    buf_puts(&resp->body, "{\"items\":");
    records_tariffs(&resp->body, page.items, page.n);
    jsonw_page_end(&resp->body, page.next_cursor);
    db_tariff_page_cleanup(&page);
}

/* One TariffSummaryRow: unit (always a key), the requested keys, then the figures. */
static void put_group(struct buf *b, const struct db_tariff_group *g,
                      const enum db_tariff_key *keys, size_t nkeys)
{
    buf_puts(b, "{\"unit\":");
    jsonw_cstr(b, g->unit);
    for (size_t k = 0; k < nkeys; k++) {
        switch (keys[k]) {
        case DB_TKEY_IMPOSER: jsonw_field_str(b, "imposer", g->imposer); break;
        case DB_TKEY_TARGET: jsonw_field_str(b, "target", g->target); break;
        case DB_TKEY_PRODUCT: jsonw_field_str(b, "product", g->product); break;
        case DB_TKEY_CHANGE: jsonw_field_str(b, "change", tariff_change_name(g->change)); break;
        case DB_TKEY_DAY: jsonw_field_str(b, "day", g->period); break;
        case DB_TKEY_WEEK: jsonw_field_str(b, "week", g->period); break;
        case DB_TKEY_MONTH: jsonw_field_str(b, "month", g->period); break;
        }
    }
    jsonw_field_int(b, "count", g->count);
    jsonw_field_micros(b, "min", g->min_micros);
    jsonw_field_micros(b, "max", g->max_micros);
    jsonw_field_micros(b, "latest", g->latest_micros);
    jsonw_field_str(b, "latest_at", g->latest_at);
    buf_putc(b, '}');
}

void tariffs_summary(struct http_req *req, struct http_resp *resp)
{
    const struct handler_ctx *ctx = req->ctx;
    struct db_tariff_filter f = {.limit = PARAMS_LIMIT_DEFAULT};
    if (!read_filter(req, resp, &f))
        return;
    if (!f.has_kind) { /* the document's default here: rates, so units do not mix by kind */
        f.has_kind = true;
        f.kind = TARIFF_RATE;
    }
    const char *group_by = DEFAULT_GROUP_BY;
    if (!params_text(req, "group_by", 100, resp, &group_by))
        return;
    enum db_tariff_key keys[DB_TKEY_MAX];
    size_t nkeys = 0;
    struct db_query_err err = {{0}};
    int rc = db_tariff_keys_parse(group_by, keys, &nkeys, &err);
    if (rc != TW_OK) {
        records_fail(resp, rc, &err, "query parameter 'group_by'");
        return;
    }
    struct db_tariff_summary_page page = {0};
    struct db *db = db_pool_acquire(ctx->pool);
    rc = db_tariff_summary(db, &f, keys, nkeys, &page, &err);
    db_pool_release(ctx->pool, db);
    if (rc != TW_OK) {
        records_fail(resp, rc, &err, "cannot summarise tariff figures");
        return;
    }
    struct buf *b = &resp->body;
    buf_puts(b, "{\"items\":[");
    for (size_t i = 0; i < page.n; i++) {
        if (i > 0)
            buf_putc(b, ',');
        put_group(b, &page.items[i], keys, nkeys);
    }
    buf_putc(b, ']');
    jsonw_page_end(b, page.next_cursor);
    db_tariff_summary_page_cleanup(&page);
}
