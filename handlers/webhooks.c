/* webhooks.c - POST /v1/webhooks/{source}: articles pushed by a CMS.
 *
 * Order matters, and each step answers before the next one runs:
 *   unknown source 404 -> signature or token (webhook_verify.h: a missing header 400, a failed
 *   check 401; nothing has been parsed or stored yet) -> JSON and the kind's payload shape
 *   (400) -> one transaction storing the article (or deleting it) together with the delivery
 *   id, so a replay or retry of the same id answers 200 and changes nothing.
 * Annotation happens later on the workers: this answers within milliseconds, as Ghost (about
 * 2 s) and others expect. It never answers 410, which makes Ghost drop the webhook: a deletion
 * of an article tradewire does not have is a 200 like any other.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cms_payload.h"
#include "db.h"
#include "db_webhooks.h"
#include "handlers.h"
#include "jsonw.h"
#include "params.h"
#include "problem.h"
#include "status.h"
#include "webhook_config.h"
#include "webhook_verify.h"
#include "workers.h"

/* The request headers any scheme reads (the known delivery-id headers of webhook_verify.c
 * included); the token kinds add their configured ones. */
static const char *const signature_headers[] = {
    "webhook-id", "webhook-timestamp", "webhook-signature", "X-Ghost-Signature",
    "X-WC-Webhook-Delivery-ID",
};
#define NSIG (sizeof signature_headers / sizeof *signature_headers)

/* Copies into h the headers src's scheme may read; returns how many are present. */
static size_t collect_headers(const struct http_req *req, const struct webhook_source *src,
                              struct webhook_header h[NSIG + 2])
{
    size_t n = 0;
    const char *names[NSIG + 2];
    size_t nn = 0;
    for (size_t i = 0; i < NSIG; i++)
        names[nn++] = signature_headers[i];
    if (src->token_header != NULL)
        names[nn++] = src->token_header;
    if (src->id_header != NULL)
        names[nn++] = src->id_header;
    for (size_t i = 0; i < nn; i++) {
        const char *v = http_req_header(req, names[i]);
        if (v != NULL)
            h[n++] = (struct webhook_header){.name = names[i], .value = v};
    }
    return n;
}

/* The answer of every accepted delivery: what happened, and where the article lives. */
static void put_result(struct http_resp *resp, const char *source, const char *delivery_id,
                       const char *event, const char *outcome, bool replay, int64_t id)
{
    struct buf *b = &resp->body;
    buf_puts(b, "{\"source\":");
    jsonw_cstr(b, source);
    jsonw_field_str(b, "delivery_id", delivery_id);
    jsonw_field_str(b, "event", event);
    jsonw_field_str(b, "outcome", outcome);
    jsonw_field_bool(b, "replay", replay);
    if (id > 0) {
        char href[48];
        snprintf(href, sizeof href, "/v1/articles/%lld", (long long)id);
        jsonw_field_int(b, "id", id);
        jsonw_field_str(b, "href", href);
        if (!replay && resp->status == 202)
            http_resp_header(resp, "Location", href);
    } else {
        buf_puts(b, ",\"id\":null,\"href\":null");
    }
    buf_putc(b, '}');
}

void webhooks_receive(struct http_req *req, struct http_resp *resp)
{
    const struct handler_ctx *ctx = req->ctx;
    const char *name = req->params[0];
    struct webhook_header h[NSIG + 2];
    char *delivery_id = NULL;
    json_t *doc = NULL;
    struct cms_event ev = {0}; /* all NULL until parsed: cleaned up either way */
    struct db *db = NULL;
    char detail[CMS_DETAIL_LEN];

    const struct webhook_source *src = webhook_config_find(ctx->webhooks, name);
    if (src == NULL) {
        problem_set(resp, 404, "no webhook source '%s' is configured", name);
        goto out;
    }
    size_t nh = collect_headers(req, src, h);
    int rc = webhook_verify(src->secret, h, nh, req->body, req->body_len, (int64_t)time(NULL));
    if (rc == TW_EINVAL) {
        enum webhook_scheme scheme = webhook_secret_scheme(src->secret);
        problem_set(resp, 400, "the %s header%s missing or malformed",
                    scheme == WEBHOOK_SCHEME_STANDARD ? "webhook-id, webhook-timestamp or "
                                                        "webhook-signature"
                    : scheme == WEBHOOK_SCHEME_GHOST  ? "X-Ghost-Signature"
                                                      : src->token_header,
                    scheme == WEBHOOK_SCHEME_STANDARD ? "s are" : " is");
        goto out;
    }
    if (rc != TW_OK) {
        problem_set(resp, 401, "the webhook signature or token does not match the secret "
                               "configured for source '%s' (or its timestamp is more than "
                               "%d seconds away)", name, WEBHOOK_TOLERANCE_SEC);
        goto out;
    }
    delivery_id = webhook_delivery_id(src->secret, h, nh, req->body, req->body_len);
    if (delivery_id == NULL) {
        problem_set(resp, 400, "the delivery has no id header");
        goto out;
    }

    const char *hint = NULL;
    if (!params_text(req, "event", 100, resp, &hint))
        goto out;
    json_error_t jerr;
    doc = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
    if (doc == NULL) {
        problem_set(resp, 400, "malformed JSON: %s (line %d, column %d)", jerr.text, jerr.line,
                    jerr.column);
        goto out;
    }
    if (cms_payload_parse(src->kind, src->has_mapping ? &src->map : NULL, doc, hint, &ev,
                          detail) != TW_OK) {
        problem_set(resp, 400, "the %s payload does not have the expected shape: %s",
                    cms_payload_kind_name(src->kind), detail);
        goto out;
    }
    const char *event = cms_payload_event_name(ev.type);
    if (ev.type == CMS_EVENT_IGNORED) {
        resp->status = 200;
        buf_puts(&resp->body, "{\"source\":");
        jsonw_cstr(&resp->body, name);
        jsonw_field_str(&resp->body, "delivery_id", delivery_id);
        jsonw_field_str(&resp->body, "event", event);
        jsonw_field_str(&resp->body, "outcome", "ignored");
        jsonw_field_str(&resp->body, "detail", detail);
        buf_putc(&resp->body, '}');
        goto out;
    }
    if (ev.type != CMS_EVENT_DELETED && (ev.body == NULL || ev.body[0] == '\0')) {
        problem_set(resp, 400, "the article's body is empty once its markup is removed");
        goto out;
    }

    struct inbound_result r = {0};
    db = db_pool_acquire(ctx->pool);
    if (ev.type == CMS_EVENT_DELETED) {
        rc = db_webhook_delete(db, name, delivery_id, ev.external_id, &r);
    } else {
        struct article_in in = {
            .title = ev.title,
            .url = ev.url,
            .source = name,
            .external_id = ev.external_id,
            .published_at = ev.published_at,
            .body = ev.body,
            .body_len = strlen(ev.body),
        };
        rc = db_webhook_submit(db, name, delivery_id, &in, ctx->queue_max, &r);
    }
    if (rc == TW_EBUSY) {
        /* The id was not recorded: the CMS's retry will be processed. */
        problem_set(resp, 503, "the annotation queue is full or the database is busy; "
                               "retry later");
        http_resp_header(resp, "Retry-After", "1");
        goto out;
    }
    if (rc != TW_OK) {
        problem_from_status(resp, rc, "cannot store the webhook's article");
        goto out;
    }
    if (!r.replay && r.article_id > 0 && r.outcome != INBOUND_UNCHANGED)
        articles_cache_invalidate(r.article_id);
    if (!r.replay && (r.outcome == INBOUND_CREATED || r.outcome == INBOUND_UPDATED) &&
        ctx->workers != NULL)
        workers_notify(ctx->workers);
    /* 202 when annotation is now pending, 200 when the delivery is complete as it stands. */
    resp->status = !r.replay && (r.outcome == INBOUND_CREATED || r.outcome == INBOUND_UPDATED)
                       ? 202
                       : 200;
    put_result(resp, name, delivery_id, event, inbound_outcome_name(r.outcome), r.replay,
               r.article_id);
out:
    if (db != NULL)
        db_pool_release(ctx->pool, db);
    cms_event_cleanup(&ev);
    json_decref(doc);
    free(delivery_id);
}
