/* subscriptions.c - /v1/subscriptions: who tradewire tells when an article is annotated,
 * fails or is deleted (the sending is deliveries.c's job).
 *
 * Managing subscriptions is an admin operation: every handler first checks
 * "Authorization: Bearer <token>" against the token given at start-up (constant time: ctcmp.h).
 * Without a configured token the endpoints are off (403), since an open endpoint would let
 * anyone point tradewire at internal URLs; with a missing or wrong token they answer 401.
 * A subscription's secret is answered once, by the POST that created it.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ctcmp.h"
#include "db.h"
#include "db_webhooks.h"
#include "handlers.h"
#include "jsonw.h"
#include "params.h"
#include "problem.h"
#include "status.h"

#define DELIVERIES_LIMIT_DEFAULT 20
#define DELIVERIES_LIMIT_MAX 100

/* True when the request carries the admin token; otherwise writes the 403 or 401. */
static bool authorized(const struct http_req *req, struct http_resp *resp)
{
    const struct handler_ctx *ctx = req->ctx;
    if (ctx->admin_token == NULL || ctx->admin_token[0] == '\0') {
        problem_set(resp, 403, "subscriptions are disabled: start tradewire with --admin-token "
                               "(or TRADEWIRE_ADMIN_TOKEN) to manage them");
        return false;
    }
    const char *auth = http_req_header(req, "Authorization");
    bool ok = false;
    if (auth != NULL && strncasecmp(auth, "Bearer ", 7) == 0) {
        const char *tok = auth + 7;
        while (*tok == ' ')
            tok++;
        ok = ctcmp_bytes(tok, strlen(tok), ctx->admin_token, strlen(ctx->admin_token));
    }
    if (!ok) {
        http_resp_header(resp, "WWW-Authenticate", "Bearer realm=\"tradewire\"");
        problem_set(resp, 401, auth == NULL ? "this admin endpoint needs Authorization: Bearer "
                                              "<admin token>"
                                            : "the admin token is wrong");
    }
    return ok;
}

/* ---- output ---- */

static void put_events(struct buf *b, unsigned events)
{
    buf_puts(b, ",\"events\":[");
    bool first = true;
    for (unsigned bit = 1; bit <= WEBHOOK_EVENTS_ALL; bit <<= 1) {
        if ((events & bit) == 0)
            continue;
        if (!first)
            buf_putc(b, ',');
        jsonw_cstr(b, webhook_event_name(bit));
        first = false;
    }
    buf_putc(b, ']');
}

/* with_secret only for the creation's answer. */
static void put_subscription(struct buf *b, const struct subscription *s, bool with_secret)
{
    char href[64];
    snprintf(href, sizeof href, "/v1/subscriptions/%lld", (long long)s->id);
    buf_printf(b, "{\"id\":%lld", (long long)s->id);
    jsonw_field_str(b, "url", s->url);
    put_events(b, s->events);
    if (with_secret)
        jsonw_field_str(b, "secret", s->secret);
    jsonw_field_str(b, "created_at", s->created_at);
    jsonw_field_str(b, "href", href);
    buf_printf(b, ",\"deliveries_href\":\"%s/deliveries\"}", href);
}

static void put_delivery(struct buf *b, const struct delivery *d)
{
    buf_printf(b, "{\"id\":%lld", (long long)d->id);
    jsonw_field_int(b, "subscription_id", d->subscription_id);
    jsonw_field_str(b, "event", webhook_event_name(d->event));
    jsonw_field_str(b, "webhook_id", d->msg_id);
    jsonw_field_str(b, "status", delivery_status_name(d->status));
    jsonw_field_int(b, "attempt_count", d->attempts);
    jsonw_field_str(b, "next_attempt_at", d->status == DELIVERY_PENDING ? d->next_attempt_at
                                                                          : NULL);
    if (d->last_status > 0)
        jsonw_field_int(b, "last_status", d->last_status);
    else
        buf_puts(b, ",\"last_status\":null");
    jsonw_field_str(b, "last_error", d->last_error);
    jsonw_field_str(b, "created_at", d->created_at);
    jsonw_field_str(b, "finished_at", d->finished_at);
    buf_puts(b, ",\"attempts\":[");
    for (size_t i = 0; i < d->ntries; i++) {
        const struct delivery_attempt *t = &d->tries[i];
        if (i > 0)
            buf_putc(b, ',');
        buf_printf(b, "{\"attempt\":%d", t->attempt);
        jsonw_field_str(b, "at", t->at);
        if (t->status_code > 0)
            jsonw_field_int(b, "status_code", t->status_code);
        else
            buf_puts(b, ",\"status_code\":null");
        jsonw_field_str(b, "error", t->error);
        jsonw_field_int(b, "duration_ms", t->duration_ms);
        buf_putc(b, '}');
    }
    buf_puts(b, "]}");
}

/* ---- POST /v1/subscriptions ---- */

/* Reads {url, events, secret?} into the out-params (borrowed from doc); writes the 400. */
static bool read_body(const json_t *doc, const char **url, unsigned *events, const char **secret,
                      struct http_resp *resp)
{
    if (!json_is_object(doc)) {
        problem_set(resp, 400, "the body must be a JSON object {url, events, secret?}");
        return false;
    }
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)(uintptr_t)doc, key, v) {
        if (strcmp(key, "url") != 0 && strcmp(key, "events") != 0 && strcmp(key, "secret") != 0) {
            problem_set(resp, 400, "unknown field '%.60s' (want url, events, secret)", key);
            return false;
        }
    }
    const json_t *u = json_object_get(doc, "url");
    if (!json_is_string(u) || subscription_url_check(json_string_value(u)) != TW_OK ||
        strlen(json_string_value(u)) != json_string_length(u)) {
        problem_set(resp, 400, "field 'url' must be an absolute http:// or https:// URL with a "
                               "host, without spaces or fragment, at most %d bytes",
                    SUBSCRIPTION_URL_MAX);
        return false;
    }
    *url = json_string_value(u);
    const json_t *ev = json_object_get(doc, "events");
    if (!json_is_array(ev) || json_array_size(ev) == 0) {
        problem_set(resp, 400, "field 'events' must be a non-empty array of article.annotated, "
                               "article.failed, article.deleted");
        return false;
    }
    *events = 0;
    for (size_t i = 0; i < json_array_size(ev); i++) {
        const char *name = json_string_value(json_array_get(ev, i));
        unsigned bit = 0;
        if (name == NULL || webhook_event_parse(name, &bit) != TW_OK) {
            problem_set(resp, 400, "events[%zu] is not one of article.annotated, "
                                   "article.failed, article.deleted", i);
            return false;
        }
        *events |= bit;
    }
    const json_t *s = json_object_get(doc, "secret");
    *secret = NULL;
    if (s != NULL && !json_is_null(s)) {
        if (!json_is_string(s)) {
            problem_set(resp, 400, "field 'secret' must be a string whsec_<base64>");
            return false;
        }
        *secret = json_string_value(s);
    }
    return true;
}

void subscriptions_create(struct http_req *req, struct http_resp *resp)
{
    const struct handler_ctx *ctx = req->ctx;
    json_t *doc = NULL;
    struct subscription sub = {0};
    if (!authorized(req, resp))
        return;
    json_error_t jerr;
    doc = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
    if (doc == NULL) {
        problem_set(resp, 400, "malformed JSON: %s (line %d, column %d)", jerr.text, jerr.line,
                    jerr.column);
        goto out;
    }
    const char *url = NULL, *secret = NULL;
    unsigned events = 0;
    if (!read_body(doc, &url, &events, &secret, resp))
        goto out;
    struct db *db = db_pool_acquire(ctx->pool);
    int rc = db_subscription_create(db, url, events, secret, &sub);
    db_pool_release(ctx->pool, db);
    if (rc == TW_EINVAL) {
        problem_set(resp, 400, "field 'secret' must be a Standard Webhooks secret "
                               "whsec_<base64 key>, or be left out");
        goto out;
    }
    if (rc != TW_OK) {
        problem_from_status(resp, rc, "cannot create the subscription");
        goto out;
    }
    char href[64];
    snprintf(href, sizeof href, "/v1/subscriptions/%lld", (long long)sub.id);
    http_resp_header(resp, "Location", href);
    http_resp_header(resp, "Cache-Control", "no-store");
    resp->status = 201;
    put_subscription(&resp->body, &sub, true);
out:
    db_subscription_cleanup(&sub);
    json_decref(doc);
}

/* ---- GET /v1/subscriptions, GET and DELETE /v1/subscriptions/{id} ---- */

void subscriptions_list(struct http_req *req, struct http_resp *resp)
{
    const struct handler_ctx *ctx = req->ctx;
    int limit = PARAMS_LIMIT_DEFAULT;
    int64_t before = 0;
    if (!authorized(req, resp) || !params_limit(req, resp, &limit) ||
        !params_id_cursor(req, resp, &before))
        return;
    struct subscription *items = NULL;
    size_t n = 0;
    bool more = false;
    struct db *db = db_pool_acquire(ctx->pool);
    int rc = db_subscription_list(db, before, limit, &items, &n, &more);
    db_pool_release(ctx->pool, db);
    if (rc != TW_OK) {
        problem_from_status(resp, rc, "cannot list subscriptions");
        return;
    }
    buf_puts(&resp->body, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            buf_putc(&resp->body, ',');
        put_subscription(&resp->body, &items[i], false);
    }
    buf_putc(&resp->body, ']');
    char cur[32];
    if (more && n > 0)
        params_id_cursor_encode(items[n - 1].id, cur);
    jsonw_page_end(&resp->body, more && n > 0 ? cur : NULL);
    for (size_t i = 0; i < n; i++)
        db_subscription_cleanup(&items[i]);
    free(items);
}

void subscriptions_get(struct http_req *req, struct http_resp *resp)
{
    const struct handler_ctx *ctx = req->ctx;
    int64_t id;
    if (!authorized(req, resp) || !params_path_id(req, resp, "subscription", &id))
        return;
    struct subscription sub = {0};
    struct db *db = db_pool_acquire(ctx->pool);
    int rc = db_subscription_get(db, id, &sub);
    db_pool_release(ctx->pool, db);
    if (rc == TW_ENOTFOUND)
        problem_set(resp, 404, "no subscription has id %lld", (long long)id);
    else if (rc != TW_OK)
        problem_from_status(resp, rc, "cannot read the subscription");
    else
        put_subscription(&resp->body, &sub, false);
    db_subscription_cleanup(&sub);
}

void subscriptions_delete(struct http_req *req, struct http_resp *resp)
{
    const struct handler_ctx *ctx = req->ctx;
    int64_t id;
    if (!authorized(req, resp) || !params_path_id(req, resp, "subscription", &id))
        return;
    struct db *db = db_pool_acquire(ctx->pool);
    int rc = db_subscription_delete(db, id);
    db_pool_release(ctx->pool, db);
    if (rc == TW_ENOTFOUND)
        problem_set(resp, 404, "no subscription has id %lld", (long long)id);
    else if (rc != TW_OK)
        problem_from_status(resp, rc, "cannot delete the subscription");
    else
        resp->status = 204;
}

/* ---- GET /v1/subscriptions/{id}/deliveries ---- */

void subscriptions_deliveries(struct http_req *req, struct http_resp *resp)
{
    const struct handler_ctx *ctx = req->ctx;
    int64_t id, before = 0;
    int limit = DELIVERIES_LIMIT_DEFAULT;
    if (!authorized(req, resp) || !params_path_id(req, resp, "subscription", &id) ||
        !params_limit(req, resp, &limit) || !params_id_cursor(req, resp, &before))
        return;
    if (limit > DELIVERIES_LIMIT_MAX) {
        problem_set(resp, 400, "query parameter 'limit' must be 1 to %d for deliveries",
                    DELIVERIES_LIMIT_MAX);
        return;
    }
    struct delivery *items = NULL;
    size_t n = 0;
    bool more = false;
    struct db *db = db_pool_acquire(ctx->pool);
    int rc = db_delivery_list(db, id, before, limit, &items, &n, &more);
    db_pool_release(ctx->pool, db);
    if (rc == TW_ENOTFOUND) {
        problem_set(resp, 404, "no subscription has id %lld", (long long)id);
        return;
    }
    if (rc != TW_OK) {
        problem_from_status(resp, rc, "cannot list the deliveries");
        return;
    }
    buf_puts(&resp->body, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            buf_putc(&resp->body, ',');
        put_delivery(&resp->body, &items[i]);
    }
    buf_putc(&resp->body, ']');
    char cur[32];
    if (more && n > 0)
        params_id_cursor_encode(items[n - 1].id, cur);
    jsonw_page_end(&resp->body, more && n > 0 ? cur : NULL);
    for (size_t i = 0; i < n; i++)
        db_delivery_cleanup(&items[i]);
    free(items);
}
