/* articles.c - /v1/articles: submit, read, list and delete articles.
 *
 * Responses are written straight into the response buffer with a small JSON string escaper
 * rather than built as jansson trees: a GET copies the stored body once and splices the
 * engine's stored annotations_json text as it is (it is already JSON), never re-serialising it.
 * POST parses once with jansson, after http.c has enforced the size cap.
 */
#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "db.h"
#include "handlers.h"
#include "jsonw.h"
#include "mem.h"
#include "params.h"
#include "problem.h"
#include "status.h"
#include "utf8.h"
#include "workers.h"

/* ---- output ---- */

/* The article as the API shows it; full adds body and annotations. */
static void put_article(struct buf *b, const struct article *a, bool full)
{
    buf_printf(b, "{\"id\":%lld", (long long)a->id);
    jsonw_field_str(b, "title", a->title);
    jsonw_field_str(b, "url", a->url);
    jsonw_field_str(b, "source", a->source);
    jsonw_field_str(b, "external_id", a->external_id);
    jsonw_field_str(b, "published_at", a->published_at);
    jsonw_field_str(b, "received_at", a->received_at);
    jsonw_field_str(b, "annotated_at", a->annotated_at);
    jsonw_field_str(b, "status", article_status_name(a->status));
    if (a->status == ARTICLE_FAILED)
        jsonw_field_str(b, "error", a->error != NULL ? a->error : "annotation failed");
    if (full) {
        buf_puts(b, ",\"body\":");
        if (a->body != NULL)
            jsonw_str(b, a->body, a->body_len);
        else
            buf_puts(b, "null");
        if (a->status == ARTICLE_DONE && a->annotations_json != NULL) {
            buf_puts(b, ",\"annotations\":");
            buf_puts(b, a->annotations_json);
        }
    }
    buf_putc(b, '}');
}

/* ---- the cache of rendered done articles ----
 *
 * DESIGN. GET /v1/articles/{id} of a done article is the hot read, and a done article does not
 * change until a POST resubmits it or a DELETE removes it, both of which go through this file.
 * So the rendered document is kept in a direct-mapped table of CACHE_SLOTS slots (id modulo),
 * documents up to CACHE_DOC_MAX bytes, at most CACHE_TTL_MS old (a bound on staleness should
 * some future path change articles without calling articles_cache_invalidate).
 * Shared state: each slot under its own mutex; cache_gen is atomic. A GET remembers cache_gen
 * before reading the database and stores its document only if no invalidation happened since,
 * so a reader that raced a resubmission never puts the old text back.
 */
#define CACHE_SLOTS 512
#define CACHE_DOC_MAX 65536
#define CACHE_TTL_MS 1000

struct cache_slot {
    pthread_mutex_t mu;
    int64_t id; /* 0: empty */
    uint64_t born_ms;
    char *doc;
    size_t len;
};

static struct cache_slot cache[CACHE_SLOTS] = {
    [0 ... CACHE_SLOTS - 1] = {.mu = PTHREAD_MUTEX_INITIALIZER},
};
static atomic_uint_fast64_t cache_gen;

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static struct cache_slot *slot_of(int64_t id)
{
    return &cache[(uint64_t)id % CACHE_SLOTS];
}

/* Appends the cached document of id to out; false when there is none fresh. */
static bool cache_get(int64_t id, struct buf *out)
{
    struct cache_slot *c = slot_of(id);
    bool hit = false;
    pthread_mutex_lock(&c->mu);
    if (c->id == id && now_ms() - c->born_ms < CACHE_TTL_MS) {
        buf_append(out, c->doc, c->len);
        hit = true;
    }
    pthread_mutex_unlock(&c->mu);
    return hit;
}

static void cache_put(int64_t id, uint64_t gen_before, const char *doc, size_t len)
{
    if (len > CACHE_DOC_MAX)
        return;
    struct cache_slot *c = slot_of(id);
    char *copy = xmalloc(len);
    memcpy(copy, doc, len);
    pthread_mutex_lock(&c->mu);
    if (atomic_load(&cache_gen) == gen_before) {
        char *old = c->doc;
        c->id = id;
        c->born_ms = now_ms();
        c->doc = copy;
        c->len = len;
        copy = old;
    }
    pthread_mutex_unlock(&c->mu);
    free(copy);
}

void articles_cache_invalidate(int64_t id)
{
    atomic_fetch_add(&cache_gen, 1);
    struct cache_slot *c = slot_of(id);
    char *old = NULL;
    pthread_mutex_lock(&c->mu);
    if (c->id == id) {
        old = c->doc;
        c->doc = NULL;
        c->len = 0;
        c->id = 0;
    }
    pthread_mutex_unlock(&c->mu);
    free(old);
}

/* ---- input checks ---- */

/* Compares the media type of a Content-Type header (parameters ignored) with want. */
static bool media_type_is(const char *ct, const char *want)
{
    size_t n = strlen(want);
    while (*ct == ' ' || *ct == '\t')
        ct++;
    if (strncasecmp(ct, want, n) != 0)
        return false;
    ct += n;
    while (*ct == ' ' || *ct == '\t')
        ct++;
    return *ct == '\0' || *ct == ';';
}

/* A charset parameter other than UTF-8 (or its subset US-ASCII) is refused. */
static bool charset_ok(const char *ct)
{
    const char *p = strcasestr(ct, "charset=");
    if (p == NULL)
        return true;
    p += 8;
    if (*p == '"')
        p++;
    return strncasecmp(p, "utf-8", 5) == 0 || strncasecmp(p, "utf8", 4) == 0 ||
           strncasecmp(p, "us-ascii", 8) == 0;
}

/* ---- POST /v1/articles ---- */

/* Reads optional string field key of doc into *out (NULL when absent or null). Writes the
 * problem and returns false when it is another type or holds a NUL. */
static bool opt_string(const json_t *doc, const char *key, const char **out, size_t *len,
                       struct http_resp *resp)
{
    const json_t *v = json_object_get(doc, key);
    *out = NULL;
    if (v == NULL || json_is_null(v))
        return true;
    if (!json_is_string(v)) {
        problem_set(resp, 400, "field '%s' must be a string", key);
        return false;
    }
    size_t n = json_string_length(v);
    const char *s = json_string_value(v);
    if (memchr(s, '\0', n) != NULL) {
        problem_set(resp, 400, "field '%s' contains a NUL character", key);
        return false;
    }
    *out = s;
    if (len != NULL)
        *len = n;
    return true;
}

/* Fills *in from a JSON body. Returns the parsed root (the caller decrefs it; in's strings
 * point into it) or NULL with the problem written. */
static json_t *parse_json_article(const struct http_req *req, struct article_in *in,
                                  struct http_resp *resp)
{
    json_error_t err;
    /* NULs are let through the parser so that the check below can name their field. */
    json_t *doc = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL,
                             &err);
    if (doc == NULL) {
        /* jansson reports bad UTF-8 as an undecodable byte; say it in the client's terms. */
        bool bad_utf8 = strstr(err.text, "decode byte") != NULL || strstr(err.text, "UTF-8");
        problem_set(resp, 400, "malformed JSON%s: %s (line %d, column %d)",
                    bad_utf8 ? " (invalid UTF-8)" : "", err.text, err.line, err.column);
        return NULL;
    }
    if (!json_is_object(doc)) {
        problem_set(resp, 400, "the body must be a JSON object");
        goto fail;
    }
    if (json_object_get(doc, "body") == NULL || json_is_null(json_object_get(doc, "body"))) {
        problem_set(resp, 400, "field 'body' is required");
        goto fail;
    }
    if (!opt_string(doc, "body", &in->body, &in->body_len, resp) ||
        !opt_string(doc, "title", &in->title, NULL, resp) ||
        !opt_string(doc, "url", &in->url, NULL, resp) ||
        !opt_string(doc, "source", &in->source, NULL, resp) ||
        !opt_string(doc, "external_id", &in->external_id, NULL, resp) ||
        !opt_string(doc, "published_at", &in->published_at, NULL, resp))
        goto fail;
    if (in->body_len == 0) {
        problem_set(resp, 400, "field 'body' must not be empty");
        goto fail;
    }
    if (in->published_at != NULL && !params_rfc3339_valid(in->published_at)) {
        problem_set(resp, 400, "field 'published_at' must be an RFC 3339 date-time, "
                               "such as 2026-03-01T14:05:00Z");
        goto fail;
    }
    return doc;
fail:
    json_decref(doc);
    return NULL;
}

void articles_create(struct http_req *req, struct http_resp *resp)
{
    const struct handler_ctx *ctx = req->ctx;
    struct article_in in = {0};
    json_t *doc = NULL;
    struct db *db = NULL;
    struct article a = {0};
    const char *ct = req->content_type;

    if (ct == NULL || !charset_ok(ct) ||
        (!media_type_is(ct, "application/json") && !media_type_is(ct, "text/plain"))) {
        problem_set(resp, 415, "Content-Type must be application/json or text/plain "
                               "(UTF-8), not %s", ct != NULL ? ct : "absent");
        goto out;
    }
    if (req->body_len == 0) {
        problem_set(resp, 400, "the request body is empty; field 'body' is required");
        goto out;
    }
    if (media_type_is(ct, "application/json")) {
        doc = parse_json_article(req, &in, resp);
        if (doc == NULL)
            goto out;
    } else {
        if (!utf8_valid(req->body, req->body_len)) {
            problem_set(resp, 400, "field 'body' is not valid UTF-8 text (or holds a NUL)");
            goto out;
        }
        in.body = req->body;
        in.body_len = req->body_len;
    }

    db = db_pool_acquire(ctx->pool);
    int64_t id = 0;
    enum submit_outcome outcome;
    int rc = db_article_submit(db, &in, ctx->queue_max, &id, &outcome);
    if (rc == TW_EBUSY) {
        problem_set(resp, 503, "the annotation queue is full (%lld jobs); retry later",
                    (long long)ctx->queue_max);
        http_resp_header(resp, "Retry-After", "1");
        goto out;
    }
    if (rc != TW_OK) {
        problem_from_status(resp, rc, "cannot store the article");
        goto out;
    }
    if (outcome == SUBMIT_UNCHANGED) {
        rc = db_article_get(db, id, &a);
        if (rc != TW_OK) {
            problem_from_status(resp, rc, "cannot read the article back");
            goto out;
        }
        resp->status = 200;
        put_article(&resp->body, &a, true);
        goto out;
    }
    if (outcome == SUBMIT_UPDATED)
        articles_cache_invalidate(id);
    if (ctx->workers != NULL)
        workers_notify(ctx->workers);
    char location[48];
    snprintf(location, sizeof location, "/v1/articles/%lld", (long long)id);
    http_resp_header(resp, "Location", location);
    resp->status = 202;
    buf_printf(&resp->body, "{\"id\":%lld,\"status\":\"queued\",\"updated\":%s,\"href\":",
               (long long)id, outcome == SUBMIT_UPDATED ? "true" : "false");
    jsonw_str(&resp->body, location, strlen(location));
    buf_putc(&resp->body, '}');
out:
    db_article_cleanup(&a);
    if (db != NULL)
        db_pool_release(ctx->pool, db);
    json_decref(doc);
}

/* ---- GET and DELETE /v1/articles/{id} ---- */

void articles_get(struct http_req *req, struct http_resp *resp)
{
    const struct handler_ctx *ctx = req->ctx;
    int64_t id;
    if (!params_path_id(req, resp, "article", &id))
        return;
    if (cache_get(id, &resp->body))
        return;
    uint64_t gen = atomic_load(&cache_gen);
    struct article a = {0};
    struct db *db = db_pool_acquire(ctx->pool);
    int rc = db_article_get(db, id, &a);
    db_pool_release(ctx->pool, db);
    if (rc == TW_ENOTFOUND) {
        problem_set(resp, 404, "no article has id %lld", (long long)id);
        return;
    }
    if (rc != TW_OK) {
        problem_from_status(resp, rc, "cannot read the article");
        return;
    }
    /* One allocation for the whole document instead of a chain of doublings. */
    void *p = resp->body.data;
    xgrow(&p, &resp->body.cap,
          resp->body.len + a.body_len + 512 +
              (a.annotations_json != NULL ? strlen(a.annotations_json) : 0),
          1);
    resp->body.data = p;
    put_article(&resp->body, &a, true);
    if (a.status == ARTICLE_DONE)
        cache_put(id, gen, resp->body.data, resp->body.len);
    db_article_cleanup(&a);
}

void articles_delete(struct http_req *req, struct http_resp *resp)
{
    const struct handler_ctx *ctx = req->ctx;
    int64_t id;
    if (!params_path_id(req, resp, "article", &id))
        return;
    struct db *db = db_pool_acquire(ctx->pool);
    int rc = db_article_delete(db, id);
    db_pool_release(ctx->pool, db);
    articles_cache_invalidate(id);
    if (rc == TW_ENOTFOUND) {
        problem_set(resp, 404, "no article has id %lld", (long long)id);
        return;
    }
    if (rc != TW_OK) {
        problem_from_status(resp, rc, "cannot delete the article");
        return;
    }
    resp->status = 204;
}

/* ---- GET /v1/articles ---- */

void articles_list(struct http_req *req, struct http_resp *resp)
{
    const struct handler_ctx *ctx = req->ctx;
    struct article_filter f = {.limit = PARAMS_LIMIT_DEFAULT};
    static const char *const statuses[] = {"queued", "processing", "done", "failed", NULL};
    int status = -1;
    if (!params_limit(req, resp, &f.limit) || !params_id_cursor(req, resp, &f.before_id) ||
        !params_enum(req, "status", statuses, resp, &status) ||
        !params_text(req, "source", 1000, resp, &f.source) ||
        !params_date(req, "since", resp, &f.since) || !params_date(req, "until", resp, &f.until))
        return;
    if (status >= 0) {
        if (article_status_parse(statuses[status], &f.status) != TW_OK) {
            problem_set(resp, 500, "status '%s' is not known to the storage", statuses[status]);
            return;
        }
        f.has_status = true;
    }

    struct article *items = NULL;
    size_t n = 0;
    bool more = false;
    struct db *db = db_pool_acquire(ctx->pool);
    int rc = db_article_list(db, &f, &items, &n, &more);
    db_pool_release(ctx->pool, db);
    if (rc != TW_OK) {
        problem_from_status(resp, rc, "cannot list articles");
        return;
    }
    buf_puts(&resp->body, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            buf_putc(&resp->body, ',');
        put_article(&resp->body, &items[i], false);
    }
    char cur[32];
    if (more && n > 0)
        params_id_cursor_encode(items[n - 1].id, cur);
    buf_putc(&resp->body, ']');
    jsonw_page_end(&resp->body, more && n > 0 ? cur : NULL);
    for (size_t i = 0; i < n; i++)
        db_article_cleanup(&items[i]);
    free(items);
}
