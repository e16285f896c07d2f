/* actors.c - GET /v1/actors (actors merged across articles, with counts) and
 * GET /v1/actors/{id} (one actor with aliases, roles, claims, co-actors and tariff figures). */
#include "db_query.h"
#include "handlers.h"
#include "jsonw.h"
#include "params.h"
#include "problem.h"
#include "records.h"
#include "status.h"

#define CAPITALS "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define Q_MAX_CHARS 200

/* The members of an ActorSummary after its ActorRef ones. */
static void put_counts(struct buf *b, const struct db_actor_summary *s)
{
    jsonw_field_int(b, "articles", s->articles);
    jsonw_field_int(b, "mentions", s->mentions);
    jsonw_field_int(b, "claims", s->claims);
    jsonw_field_str(b, "first_seen", s->first_seen);
    jsonw_field_str(b, "last_seen", s->last_seen);
}

static void put_strings(struct buf *b, const char *key, char *const *v, size_t n)
{
    jsonw_key(b, key);
    buf_putc(b, '[');
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            buf_putc(b, ',');
        jsonw_cstr(b, v[i]);
    }
    buf_putc(b, ']');
}

void actors_list(struct http_req *req, struct http_resp *resp)
{
    static const char *const types[] = {"person", "country", "organization", NULL};
    static const enum actor_type type_values[] = {ACTOR_PERSON, ACTOR_COUNTRY,
                                                  ACTOR_ORGANIZATION};
    static const char *const sorts[] = {"articles", "name", "recent", NULL};
    static const enum db_actor_sort sort_values[] = {DB_ACTOR_SORT_ARTICLES, DB_ACTOR_SORT_NAME,
                                                     DB_ACTOR_SORT_RECENT};
    const struct handler_ctx *ctx = req->ctx;
    struct db_actor_filter f = {.limit = PARAMS_LIMIT_DEFAULT};
    int type = -1, sort = 0;
    if (!params_limit(req, resp, &f.limit) || !params_cursor(req, resp, &f.cursor) ||
        !params_enum(req, "type", types, resp, &type) ||
        !params_code(req, "country", 2, CAPITALS, NULL,
                     "an ISO 3166-1 alpha-2 code in capitals, such as US", resp, &f.country) ||
        !params_text(req, "q", Q_MAX_CHARS, resp, &f.q) ||
        !params_date(req, "since", resp, &f.since) || !params_date(req, "until", resp, &f.until) ||
        !params_enum(req, "sort", sorts, resp, &sort))
        return;
    if (type >= 0) {
        f.has_type = true;
        f.type = type_values[type];
    }
    f.sort = sort_values[sort];

    struct db_actor_page page = {0};
    struct db_query_err err = {{0}};
    struct db *db = db_pool_acquire(ctx->pool);
    int rc = db_actor_list(db, &f, &page, &err);
    db_pool_release(ctx->pool, db);
    if (rc != TW_OK) {
        records_fail(resp, rc, &err, "cannot list actors");
        return;
    }
    struct buf *b = &resp->body;
    buf_puts(b, "{\"items\":[");
    for (size_t i = 0; i < page.n; i++) {
        buf_puts(b, i > 0 ? ",{" : "{");
        records_actor_ref_members(b, &page.items[i].actor);
        put_counts(b, &page.items[i]);
        buf_putc(b, '}');
    }
    buf_putc(b, ']');
    jsonw_page_end(b, page.next_cursor);
    db_actor_page_cleanup(&page);
}

void actors_get(struct http_req *req, struct http_resp *resp)
{
    const struct handler_ctx *ctx = req->ctx;
    int64_t id;
    if (!params_path_id(req, resp, "actor", &id))
        return;
    struct db_actor_detail d = {0};
    struct db *db = db_pool_acquire(ctx->pool);
    int rc = db_actor_get(db, id, &d);
    db_pool_release(ctx->pool, db);
    if (rc == TW_ENOTFOUND) {
        problem_set(resp, 404, "no actor has id %lld", (long long)id);
        return;
    }
    if (rc != TW_OK) {
        records_fail(resp, rc, NULL, "cannot read the actor");
        return;
    }
    struct buf *b = &resp->body;
    buf_putc(b, '{');
    records_actor_ref_members(b, &d.summary.actor);
    put_counts(b, &d.summary);
    put_strings(b, "aliases", d.aliases, d.naliases);
    put_strings(b, "roles", d.roles, d.nroles);
    jsonw_key(b, "recent_claims");
    records_claims(b, d.claims, d.nclaims);
    jsonw_key(b, "co_actors");
    buf_putc(b, '[');
    for (size_t i = 0; i < d.nco_actors; i++) {
        buf_puts(b, i > 0 ? ",{" : "{");
        records_actor_ref_members(b, &d.co_actors[i].actor);
        jsonw_field_int(b, "articles", d.co_actors[i].articles);
        buf_putc(b, '}');
    }
    buf_putc(b, ']');
    jsonw_key(b, "tariffs");
    records_tariffs(b, d.tariffs, d.ntariffs);
    buf_putc(b, '}');
    db_actor_detail_cleanup(&d);
}
