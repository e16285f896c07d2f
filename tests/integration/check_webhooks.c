/* check_webhooks.c - webhooks end to end against the real binary: inbound deliveries of each
 * CMS kind (signed, replayed, tampered, stale, malformed), the admin-only subscriptions API,
 * and outbound deliveries to a receiver thread in this process that fails twice then accepts,
 * or that is down across a restart of tradewire. The node test (tests/webhooks) does the same
 * with the npm standardwebhooks reference implementation. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base64.h"
#include "hex.h"
#include "integration.h"
#include "mem.h"
#include "sha256.h"
#include "webhook_verify.h"

/* 32 key bytes 0x01..0x20; SECRET is their whsec_ form. */
static unsigned char key[32];
static char secret[80];
static char cfg_dir[256];
static char cfg_path[300];
#define GHOST_KEY "ghost-admin-secret-5c1e"
#define WP_TOKEN "wp-token-0b7d"
#define STRAPI_TOKEN "strapi-token-93fa"
#define GEN_TOKEN "generic-token-2f11"
#define ADMIN "admin-token-7e42"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static const char *const server_args[] = {
    "--workers", "1", "--threads", "2", "--admin-token", ADMIN, "--delivery-backoff-ms", "100",
    "--delivery-max-attempts", "30", "--webhook-config", cfg_path, "--webhook", NULL /* [13] */,
    "--webhook", "ghost=ghost:" GHOST_KEY, "--webhook", "wp=wordpress:X-Tradewire-Token: " WP_TOKEN,
    "--webhook", "strapi=strapi:" STRAPI_TOKEN, NULL,
};
static char std_spec[100];
static const char *args[sizeof server_args / sizeof *server_args];

static void setup(void)
{
    for (size_t i = 0; i < sizeof key; i++)
        key[i] = (unsigned char)(i + 1);
    char b64[64];
    base64_encode_to(key, sizeof key, BASE64_STD, b64);
    snprintf(secret, sizeof secret, "whsec_%s", b64);
    snprintf(std_spec, sizeof std_spec, "cms=standard:%s", secret);
    memcpy(args, server_args, sizeof args);
    args[13] = std_spec;

    snprintf(cfg_dir, sizeof cfg_dir, "/tmp/tradewire-whcfg-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(cfg_dir));
    snprintf(cfg_path, sizeof cfg_path, "%s/webhooks.json", cfg_dir);
    FILE *f = fopen(cfg_path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("{\"sources\": [{\"source\": \"feed\", \"kind\": \"generic\", \"secret\": \"" GEN_TOKEN
          "\", \"token_header\": \"X-Feed-Token\", \"id_header\": \"X-Feed-Delivery\", "
          "\"mapping\": {\"id\": \"/story/uid\", \"title\": \"/story/headline\", \"html\": "
          "\"/story/content\", \"event\": \"/action\"}}]}\n", f);
    fclose(f);
    ck_assert_int_eq(tw_server_start(&srv, args), 0);
}

static void teardown(void)
{
    server_teardown();
    unlink(cfg_path);
    rmdir(cfg_dir);
}

/* POSTs body to /v1/webhooks/{source}{query} with the header lines given. */
static void post_hook(const char *source_query, const char *headers, const char *body,
                      struct tw_resp *r)
{
    char path[200];
    snprintf(path, sizeof path, "/v1/webhooks/%s", source_query);
    char *u = url(path);
    ck_assert_int_eq(tw_http("POST", u, "application/json", body, strlen(body), headers, r), 0);
    free(u);
}

/* A Standard Webhooks delivery signed with k at time ts. */
static void post_standard(const unsigned char *k, const char *id, long long ts, const char *body,
                          struct tw_resp *r)
{
    char *sig = webhook_sign_standard(k, 32, id, ts, body, strlen(body));
    char headers[512];
    snprintf(headers, sizeof headers, "webhook-id: %s\nwebhook-timestamp: %lld\n"
             "webhook-signature: %s", id, ts, sig);
    free(sig);
    post_hook("cms", headers, body, r);
}

static long long now_unix(void)
{
    return (long long)time(NULL);
}

static json_t *get_json(const char *path, long want_status)
{
    struct tw_resp r;
    req("GET", path, NULL, &r);
    ck_assert_msg(r.status == want_status, "GET %s: %ld %.300s", path, r.status, r.body);
    json_t *doc = body_json(&r);
    tw_resp_cleanup(&r);
    return doc;
}

static size_t article_count(void)
{
    json_t *doc = get_json("/v1/articles", 200);
    size_t n = json_array_size(json_object_get(doc, "items"));
    json_decref(doc);
    return n;
}

static int64_t result_id(const struct tw_resp *r)
{
    json_t *doc = body_json(r);
    int64_t id = json_integer_value(json_object_get(doc, "id"));
    json_decref(doc);
    return id;
}

static void assert_result(const struct tw_resp *r, long status, const char *outcome, bool replay)
{
    ck_assert_msg(r->status == status, "status %ld, want %ld: %.300s", r->status, status, r->body);
    json_t *doc = body_json(r);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "outcome")), outcome);
    ck_assert(json_is_true(json_object_get(doc, "replay")) == replay);
    json_decref(doc);
}

#define STD_BODY(type, id, html)                                                                 \
    "{\"type\":\"" type "\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"data\":{\"external_id\":\"" \
    id "\",\"title\":\"Steel duties\",\"url\":\"https://news.example/steel\","                  \
    "\"published_at\":\"2026-11-20T09:30:00+01:00\",\"html\":\"" html "\"}}"

/* Nested markup, entities, a script and a style: only the prose is stored. */
#define HTML1                                                                                    \
    "<div class='story'><h2>Brussels acts</h2><p>The <b>European Commission</b> said on "      \
    "Tuesday it would impose a <i>25&#37; duty</i> on steel &amp; aluminium&nbsp;imports.</p>" \
    "<script>document.write('<p>injected</p>')</script><style>p{color:red}</style>"           \
    "<ul><li>Start: <em>March&nbsp;1</em></li></ul></div>"
#define TEXT1                                                                                    \
    "Brussels acts\n\nThe European Commission said on Tuesday it would impose a 25% duty on "   \
    "steel & aluminium imports.\n\nStart: March 1"

START_TEST(test_standard_publish_replay_update_delete)
{
    struct tw_resp r;
    long long ts = now_unix();
    double t0 = now_s();
    post_standard(key, "msg_2Kb1", ts, STD_BODY("article.published", "st-1", HTML1), &r);
    double dt = now_s() - t0;
    assert_result(&r, 202, "created", false);
    ck_assert_msg(dt < 0.5, "the webhook took %.3f s to answer", dt);
    char loc[64];
    ck_assert(tw_resp_header(&r, "Location", loc, sizeof loc));
    int64_t id = result_id(&r);
    tw_resp_cleanup(&r);

    /* The same id again (a retry): 200, nothing changes. */
    post_standard(key, "msg_2Kb1", ts, STD_BODY("article.published", "st-1", HTML1), &r);
    assert_result(&r, 200, "created", true);
    ck_assert_int_eq(result_id(&r), id);
    tw_resp_cleanup(&r);

    json_t *doc = wait_final(id, 10);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "status")), "done");
    ck_assert_str_eq(json_string_value(json_object_get(doc, "body")), TEXT1);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "source")), "cms");
    ck_assert_str_eq(json_string_value(json_object_get(doc, "external_id")), "st-1");
    ck_assert_str_eq(json_string_value(json_object_get(doc, "published_at")),
                     "2026-11-20T08:30:00Z");
    /* Offsets refer to the stored text. */
    const json_t *actors = json_object_get(json_object_get(doc, "annotations"), "actors");
    ck_assert_uint_gt(json_array_size(actors), 0);
    const char *body = json_string_value(json_object_get(doc, "body"));
    size_t k;
    const json_t *a;
    json_array_foreach(actors, k, a) {
        size_t m;
        const json_t *mention;
        json_array_foreach(json_object_get(a, "mentions"), m, mention) {
            const char *text = json_string_value(json_object_get(mention, "text"));
            json_int_t start = json_integer_value(json_object_get(mention, "start"));
            ck_assert(strncmp(body + start, text, strlen(text)) == 0);
        }
    }
    json_decref(doc);

    /* An edit: same external id, new delivery id: the article is updated and annotated again. */
    post_standard(key, "msg_2Kb2", now_unix(),
                  STD_BODY("article.updated", "st-1", "<p>Washington raised tariffs on steel "
                                                      "to 50 percent.</p>"), &r);
    assert_result(&r, 202, "updated", false);
    ck_assert_int_eq(result_id(&r), id);
    tw_resp_cleanup(&r);
    doc = wait_final(id, 10);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "body")),
                     "Washington raised tariffs on steel to 50 percent.");
    json_decref(doc);
    ck_assert_uint_eq(article_count(), 1);

    /* Deleted, then a deletion of something never stored: both 200, never 410. */
    post_standard(key, "msg_2Kb3", now_unix(), STD_BODY("article.deleted", "st-1", ""), &r);
    assert_result(&r, 200, "deleted", false);
    tw_resp_cleanup(&r);
    char path[64];
    snprintf(path, sizeof path, "/v1/articles/%lld", (long long)id);
    req("GET", path, NULL, &r);
    ck_assert_int_eq(r.status, 404);
    tw_resp_cleanup(&r);
    post_standard(key, "msg_2Kb4", now_unix(), STD_BODY("article.deleted", "never", ""), &r);
    assert_result(&r, 200, "absent", false);
    tw_resp_cleanup(&r);
    ck_assert_uint_eq(article_count(), 0);
}
END_TEST

START_TEST(test_standard_refusals_store_nothing)
{
    struct tw_resp r;
    const char *body = STD_BODY("article.published", "st-2", "<p>Text.</p>");
    long long ts = now_unix();
    char *sig = webhook_sign_standard(key, 32, "msg_x", ts, body, strlen(body));
    char headers[512];

    /* Tampered body: the signature was made for another one. */
    snprintf(headers, sizeof headers, "webhook-id: msg_x\nwebhook-timestamp: %lld\n"
             "webhook-signature: %s", ts, sig);
    char *tampered = xstrdup(body);
    tampered[strlen(tampered) - 5] = 'X';
    post_hook("cms", headers, tampered, &r);
    assert_problem(&r, 401, NULL);
    tw_resp_cleanup(&r);
    free(tampered);
    free(sig);

    /* Stale and future timestamps, correctly signed for them. */
    post_standard(key, "msg_old", ts - 600, body, &r);
    assert_problem(&r, 401, NULL);
    tw_resp_cleanup(&r);
    post_standard(key, "msg_new", ts + 600, body, &r);
    assert_problem(&r, 401, NULL);
    tw_resp_cleanup(&r);

    /* Wrong secret. */
    unsigned char other[32];
    memcpy(other, key, sizeof other);
    other[0] ^= 0x80;
    post_standard(other, "msg_w", ts, body, &r);
    assert_problem(&r, 401, NULL);
    tw_resp_cleanup(&r);

    /* Missing headers: each one in turn. */
    sig = webhook_sign_standard(key, 32, "msg_m", ts, body, strlen(body));
    char id_h[64], ts_h[64], sig_h[128];
    snprintf(id_h, sizeof id_h, "webhook-id: msg_m");
    snprintf(ts_h, sizeof ts_h, "webhook-timestamp: %lld", ts);
    snprintf(sig_h, sizeof sig_h, "webhook-signature: %s", sig);
    const char *pairs[3][2] = {{ts_h, sig_h}, {id_h, sig_h}, {id_h, ts_h}};
    for (size_t i = 0; i < 3; i++) {
        snprintf(headers, sizeof headers, "%s\n%s", pairs[i][0], pairs[i][1]);
        post_hook("cms", headers, body, &r);
        assert_problem(&r, 400, "webhook-");
        tw_resp_cleanup(&r);
    }
    free(sig);

    /* A payload of the wrong shape, correctly signed: 400, and the id is not burnt. */
    post_standard(key, "msg_shape", ts, "{\"type\":\"article.published\",\"data\":{\"title\":7}}",
                  &r);
    assert_problem(&r, 400, "shape");
    tw_resp_cleanup(&r);
    post_standard(key, "msg_json", ts, "{not json", &r);
    assert_problem(&r, 400, "JSON");
    tw_resp_cleanup(&r);

    /* An unknown source. */
    post_hook("nope", "webhook-id: a", body, &r);
    assert_problem(&r, 404, "nope");
    tw_resp_cleanup(&r);

    ck_assert_uint_eq(article_count(), 0);
}
END_TEST

/* Ghost: X-Ghost-Signature: sha256=<hex HMAC(secret, body + t)>, t=<ms>. */
static void post_ghost(const char *secret_key, const char *query, const char *body,
                       long long t_ms, struct tw_resp *r)
{
    char msg[4096];
    int n = snprintf(msg, sizeof msg, "%s%lld", body, t_ms);
    ck_assert_int_lt(n, (int)sizeof msg);
    unsigned char mac[SHA256_DIGEST_LEN];
    sha256_hmac(secret_key, strlen(secret_key), msg, (size_t)n, mac);
    char hex[2 * SHA256_DIGEST_LEN + 1];
    hex_encode_to(mac, sizeof mac, hex);
    char headers[256];
    snprintf(headers, sizeof headers, "X-Ghost-Signature: sha256=%s, t=%lld", hex, t_ms);
    post_hook(query, headers, body, r);
}

#define GHOST_BODY                                                                              \
    "{\"post\":{\"current\":{\"id\":\"6561f0a2\",\"title\":\"Ottawa answers\",\"status\":"    \
    "\"published\",\"html\":\"<p>Canada&rsquo;s finance minister said Ottawa would retaliate."  \
    "</p>\",\"url\":\"https://blog.example/ottawa/\",\"published_at\":"                        \
    "\"2026-11-20T10:00:00.000Z\"},\"previous\":{\"status\":\"draft\"}}}"

START_TEST(test_ghost_signature)
{
    struct tw_resp r;
    long long t = now_unix() * 1000 + 123;
    post_ghost(GHOST_KEY, "ghost", GHOST_BODY, t, &r);
    assert_result(&r, 202, "created", false);
    int64_t id = result_id(&r);
    tw_resp_cleanup(&r);
    /* A retry repeats the signature: a replay. */
    post_ghost(GHOST_KEY, "ghost", GHOST_BODY, t, &r);
    assert_result(&r, 200, "created", true);
    tw_resp_cleanup(&r);
    json_t *doc = wait_final(id, 10);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "body")),
                     "Canada\xe2\x80\x99s finance minister said Ottawa would retaliate.");
    json_decref(doc);

    post_ghost("not-the-secret", "ghost", GHOST_BODY, t + 1, &r);
    assert_problem(&r, 401, NULL);
    tw_resp_cleanup(&r);
    post_ghost(GHOST_KEY, "ghost", GHOST_BODY, (now_unix() - 3600) * 1000, &r);
    assert_problem(&r, 401, NULL);
    tw_resp_cleanup(&r);
    post_hook("ghost", NULL, GHOST_BODY, &r);
    assert_problem(&r, 400, "X-Ghost-Signature");
    tw_resp_cleanup(&r);
    /* The event named in the URL (Ghost has one webhook per event). */
    post_ghost(GHOST_KEY, "ghost?event=post.deleted",
               "{\"post\":{\"current\":{},\"previous\":{\"id\":\"6561f0a2\"}}}", t + 2, &r);
    assert_result(&r, 200, "deleted", false);
    tw_resp_cleanup(&r);
    ck_assert_uint_eq(article_count(), 0);
}
END_TEST

START_TEST(test_token_kinds)
{
    struct tw_resp r;
    const char *wp = "{\"ID\":42,\"post_title\":\"Seoul talks\",\"post_status\":\"publish\","
                     "\"post_content\":\"<p>South Korea&#8217;s trade minister met US officials."
                     "</p>\",\"post_date_gmt\":\"2026-11-20 10:00:00\","
                     "\"guid\":\"https://wp.example/?p=42\"}";
    post_hook("wp", "X-Tradewire-Token: " WP_TOKEN, wp, &r);
    assert_result(&r, 202, "created", false);
    tw_resp_cleanup(&r);
    post_hook("wp", "X-Tradewire-Token: " WP_TOKEN, wp, &r); /* the same body: its hash is the id */
    assert_result(&r, 200, "created", true);
    tw_resp_cleanup(&r);
    post_hook("wp", "X-Tradewire-Token: wrong", wp, &r);
    assert_problem(&r, 401, NULL);
    tw_resp_cleanup(&r);
    post_hook("wp", NULL, wp, &r);
    assert_problem(&r, 400, "X-Tradewire-Token");
    tw_resp_cleanup(&r);

    const char *strapi = "{\"event\":\"entry.publish\",\"model\":\"article\",\"entry\":{\"id\":7,"
                         "\"documentId\":\"k3j2\",\"title\":\"Tokyo\",\"body\":\"Japan said it "
                         "would cut duties on beef.\",\"publishedAt\":\"2026-11-20T10:00:00Z\"}}";
    post_hook("strapi", "Authorization: Bearer " STRAPI_TOKEN, strapi, &r);
    assert_result(&r, 202, "created", false);
    tw_resp_cleanup(&r);
    post_hook("strapi", "Authorization: Bearer nope", strapi, &r);
    assert_problem(&r, 401, NULL);
    tw_resp_cleanup(&r);

    /* Generic, from the config file: pointers into any JSON, delivery id from a header. */
    const char *feed = "{\"action\":\"publish\",\"story\":{\"uid\":\"f-9\",\"headline\":\"Delhi\","
                       "\"content\":\"<p>India raised its tariff on almonds.</p>\"}}";
    post_hook("feed", "X-Feed-Token: " GEN_TOKEN "\nX-Feed-Delivery: d-1", feed, &r);
    assert_result(&r, 202, "created", false);
    int64_t id = result_id(&r);
    tw_resp_cleanup(&r);
    post_hook("feed", "X-Feed-Token: " GEN_TOKEN "\nX-Feed-Delivery: d-1", feed, &r);
    assert_result(&r, 200, "created", true);
    tw_resp_cleanup(&r);
    json_t *doc = wait_final(id, 10);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "source")), "feed");
    ck_assert_str_eq(json_string_value(json_object_get(doc, "body")),
                     "India raised its tariff on almonds.");
    json_decref(doc);
    post_hook("feed", "X-Feed-Token: " GEN_TOKEN "\nX-Feed-Delivery: d-2", "{\"story\":{}}", &r);
    assert_problem(&r, 400, "shape");
    tw_resp_cleanup(&r);
    ck_assert_uint_eq(article_count(), 3);
}
END_TEST

/* ---- subscriptions ---- */

static void admin_req(const char *method, const char *path, const char *body, const char *token,
                      struct tw_resp *r)
{
    char *u = url(path);
    char auth[128];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    ck_assert_int_eq(tw_http(method, u, body != NULL ? "application/json" : NULL, body,
                             body != NULL ? strlen(body) : 0, token != NULL ? auth : NULL, r),
                     0);
    free(u);
}

START_TEST(test_subscriptions_api)
{
    struct tw_resp r;
    const char *body = "{\"url\":\"https://hooks.example/tw\",\"events\":[\"article.annotated\","
                       "\"article.deleted\"]}";
    admin_req("POST", "/v1/subscriptions", body, NULL, &r);
    assert_problem(&r, 401, NULL);
    tw_resp_cleanup(&r);
    admin_req("POST", "/v1/subscriptions", body, "wrong", &r);
    assert_problem(&r, 401, "wrong");
    tw_resp_cleanup(&r);
    admin_req("POST", "/v1/subscriptions", "{\"url\":\"ftp://x.example/\",\"events\":"
              "[\"article.failed\"]}", ADMIN, &r);
    assert_problem(&r, 400, "url");
    tw_resp_cleanup(&r);
    admin_req("POST", "/v1/subscriptions", "{\"url\":\"http://x.example/\",\"events\":"
              "[\"article.read\"]}", ADMIN, &r);
    assert_problem(&r, 400, "events");
    tw_resp_cleanup(&r);
    admin_req("POST", "/v1/subscriptions", "{\"url\":\"http://x.example/\",\"events\":"
              "[\"article.failed\"],\"secret\":\"plain\"}", ADMIN, &r);
    assert_problem(&r, 400, "secret");
    tw_resp_cleanup(&r);

    admin_req("POST", "/v1/subscriptions", body, ADMIN, &r);
    ck_assert_int_eq(r.status, 201);
    json_t *doc = body_json(&r);
    const char *sec = json_string_value(json_object_get(doc, "secret"));
    ck_assert_ptr_nonnull(sec);
    ck_assert(strncmp(sec, "whsec_", 6) == 0);
    int64_t id = json_integer_value(json_object_get(doc, "id"));
    char loc[64], path[64];
    snprintf(path, sizeof path, "/v1/subscriptions/%lld", (long long)id);
    ck_assert(tw_resp_header(&r, "Location", loc, sizeof loc));
    ck_assert_str_eq(loc, path);
    json_decref(doc);
    tw_resp_cleanup(&r);

    /* The secret is shown once. */
    admin_req("GET", path, NULL, ADMIN, &r);
    ck_assert_int_eq(r.status, 200);
    doc = body_json(&r);
    ck_assert_ptr_null(json_object_get(doc, "secret"));
    ck_assert_str_eq(json_string_value(json_object_get(doc, "url")), "https://hooks.example/tw");
    ck_assert_uint_eq(json_array_size(json_object_get(doc, "events")), 2);
    json_decref(doc);
    tw_resp_cleanup(&r);

    /* Paging: three more, two per page. */
    for (int i = 0; i < 3; i++) {
        admin_req("POST", "/v1/subscriptions", body, ADMIN, &r);
        ck_assert_int_eq(r.status, 201);
        tw_resp_cleanup(&r);
    }
    admin_req("GET", "/v1/subscriptions?limit=2", NULL, ADMIN, &r);
    doc = body_json(&r);
    ck_assert_uint_eq(json_array_size(json_object_get(doc, "items")), 2);
    const char *cursor = json_string_value(json_object_get(doc, "next_cursor"));
    ck_assert_ptr_nonnull(cursor);
    char next[128];
    snprintf(next, sizeof next, "/v1/subscriptions?limit=2&cursor=%s", cursor);
    json_decref(doc);
    tw_resp_cleanup(&r);
    admin_req("GET", next, NULL, ADMIN, &r);
    doc = body_json(&r);
    ck_assert_uint_eq(json_array_size(json_object_get(doc, "items")), 2);
    ck_assert(json_is_null(json_object_get(doc, "next_cursor")));
    json_decref(doc);
    tw_resp_cleanup(&r);

    snprintf(next, sizeof next, "%s/deliveries", path);
    admin_req("GET", next, NULL, ADMIN, &r);
    ck_assert_int_eq(r.status, 200);
    tw_resp_cleanup(&r);
    admin_req("DELETE", path, NULL, ADMIN, &r);
    ck_assert_int_eq(r.status, 204);
    tw_resp_cleanup(&r);
    admin_req("GET", path, NULL, ADMIN, &r);
    assert_problem(&r, 404, NULL);
    tw_resp_cleanup(&r);
    admin_req("GET", next, NULL, ADMIN, &r);
    assert_problem(&r, 404, NULL);
    tw_resp_cleanup(&r);
    admin_req("DELETE", path, NULL, ADMIN, &r);
    assert_problem(&r, 404, NULL);
    tw_resp_cleanup(&r);
}
END_TEST

START_TEST(test_subscriptions_off_without_admin_token)
{
    const char *extra[] = {"--workers", "1", "--threads", "2", NULL};
    ck_assert_int_eq(tw_server_start(&srv, extra), 0);
    struct tw_resp r;
    admin_req("GET", "/v1/subscriptions", NULL, "anything", &r);
    assert_problem(&r, 403, "--admin-token");
    tw_resp_cleanup(&r);
    admin_req("POST", "/v1/subscriptions", "{}", NULL, &r);
    assert_problem(&r, 403, NULL);
    tw_resp_cleanup(&r);
    /* And no webhook source without configuration. */
    post_hook("cms", NULL, "{}", &r);
    assert_problem(&r, 404, NULL);
    tw_resp_cleanup(&r);
}
END_TEST

/* ---- outbound deliveries: a receiver in a thread ---- */

struct receiver {
    int fd;
    unsigned port;
    pthread_t th;
    atomic_bool stop;
    int fail_first;          /* answer 500 to this many requests first */
    atomic_int requests;     /* requests received */
    atomic_int accepted;     /* answered 2xx */
    atomic_int bad_signatures;
    unsigned char key[64];
    size_t key_len;
    char ids[16][WEBHOOK_ID_MAX + 1]; /* webhook-id of each request */
    char last_body[4096];
};

/* The value of header name in the raw header block, into out; false when absent. */
static bool raw_header(const char *block, const char *name, char *out, size_t cap)
{
    size_t n = strlen(name);
    for (const char *p = strstr(block, "\r\n"); p != NULL; p = strstr(p + 2, "\r\n")) {
        const char *line = p + 2;
        if (strncasecmp(line, name, n) == 0 && line[n] == ':') {
            const char *v = line + n + 1;
            while (*v == ' ')
                v++;
            size_t len = strcspn(v, "\r");
            if (len >= cap)
                return false;
            memcpy(out, v, len);
            out[len] = '\0';
            return true;
        }
    }
    return false;
}

static void serve_one(struct receiver *rc, int c)
{
    char buf[16384];
    size_t len = 0;
    char *end = NULL;
    while (end == NULL && len < sizeof buf - 1) {
        ssize_t k = read(c, buf + len, sizeof buf - 1 - len);
        if (k <= 0)
            return;
        len += (size_t)k;
        buf[len] = '\0';
        end = strstr(buf, "\r\n\r\n");
    }
    if (end == NULL)
        return;
    *end = '\0';
    char v[512];
    size_t clen = raw_header(buf, "Content-Length", v, sizeof v) ? (size_t)atol(v) : 0;
    size_t have = len - (size_t)(end + 4 - buf);
    char *body = end + 4;
    while (have < clen && (size_t)(body - buf) + have < sizeof buf - 1) {
        ssize_t k = read(c, body + have, sizeof buf - 1 - (size_t)(body - buf) - have);
        if (k <= 0)
            return;
        have += (size_t)k;
    }
    body[have] = '\0';
    int nreq = atomic_load(&rc->requests);
    char id[WEBHOOK_ID_MAX + 1] = "", ts[32] = "", sig[512] = "";
    raw_header(buf, "webhook-id", id, sizeof id);
    raw_header(buf, "webhook-timestamp", ts, sizeof ts);
    raw_header(buf, "webhook-signature", sig, sizeof sig);
    if (nreq < 16)
        memcpy(rc->ids[nreq], id, sizeof id);
    struct webhook_header h[] = {
        {"webhook-id", id}, {"webhook-timestamp", ts}, {"webhook-signature", sig}};
    if (webhook_verify_standard(rc->key, rc->key_len, h, 3, body, have, (int64_t)time(NULL)) !=
        0)
        atomic_fetch_add(&rc->bad_signatures, 1);
    snprintf(rc->last_body, sizeof rc->last_body, "%s", body);
    bool fail = nreq < rc->fail_first;
    const char *answer = fail ? "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n"
                                "Connection: close\r\n\r\n"
                              : "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n";
    /* Counted before answering, so a test that sees the 2xx also sees the count. */
    atomic_fetch_add(&rc->requests, 1);
    if (!fail)
        atomic_fetch_add(&rc->accepted, 1);
    ssize_t w = write(c, answer, strlen(answer));
    (void)w;
}

static void *receiver_main(void *arg)
{
    struct receiver *rc = arg;
    while (!atomic_load(&rc->stop)) {
        struct pollfd p = {.fd = rc->fd, .events = POLLIN};
        if (poll(&p, 1, 50) <= 0)
            continue;
        int c = accept(rc->fd, NULL, NULL);
        if (c < 0)
            continue;
        serve_one(rc, c);
        close(c);
    }
    return NULL;
}

/* Listens on port (0: any) of 127.0.0.1; with run false, only reserves the port number. */
static void receiver_open(struct receiver *rc, unsigned port, bool run)
{
    rc->fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge(rc->fd, 0);
    int one = 1;
    setsockopt(rc->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(rc->fd, (struct sockaddr *)&a, sizeof a), 0);
    socklen_t alen = sizeof a;
    getsockname(rc->fd, (struct sockaddr *)&a, &alen);
    rc->port = ntohs(a.sin_port);
    if (!run) {
        close(rc->fd);
        rc->fd = -1;
        return;
    }
    ck_assert_int_eq(listen(rc->fd, 16), 0);
    atomic_store(&rc->stop, false);
    ck_assert_int_eq(pthread_create(&rc->th, NULL, receiver_main, rc), 0);
}

static void receiver_close(struct receiver *rc)
{
    atomic_store(&rc->stop, true);
    pthread_join(rc->th, NULL);
    close(rc->fd);
}

/* Subscribes http://127.0.0.1:port/hook to article.annotated with the receiver's key. */
static int64_t subscribe(struct receiver *rc)
{
    char b64[100];
    base64_encode_to(rc->key, rc->key_len, BASE64_STD, b64);
    char body[300];
    snprintf(body, sizeof body, "{\"url\":\"http://127.0.0.1:%u/hook\",\"events\":"
             "[\"article.annotated\"],\"secret\":\"whsec_%s\"}", rc->port, b64);
    struct tw_resp r;
    admin_req("POST", "/v1/subscriptions", body, ADMIN, &r);
    ck_assert_msg(r.status == 201, "%ld %s", r.status, r.body);
    int64_t id = result_id(&r);
    tw_resp_cleanup(&r);
    return id;
}

static json_t *deliveries_of(int64_t sub)
{
    char path[80];
    snprintf(path, sizeof path, "/v1/subscriptions/%lld/deliveries", (long long)sub);
    struct tw_resp r;
    admin_req("GET", path, NULL, ADMIN, &r);
    ck_assert_int_eq(r.status, 200);
    json_t *doc = body_json(&r);
    tw_resp_cleanup(&r);
    return doc;
}

static void receiver_init(struct receiver *rc, int fail_first)
{
    memset(rc, 0, sizeof *rc);
    rc->fail_first = fail_first;
    rc->key_len = 32;
    for (size_t i = 0; i < rc->key_len; i++)
        rc->key[i] = (unsigned char)(0xa0 + i);
}

START_TEST(test_delivery_retried_until_accepted)
{
    static struct receiver rc;
    receiver_init(&rc, 2);
    receiver_open(&rc, 0, true);
    int64_t sub = subscribe(&rc);
    struct tw_resp r;
    post_json("{\"body\":\"The United States imposed a 10% tariff on Chinese solar panels.\","
              "\"source\":\"wire\",\"external_id\":\"d-1\"}", &r);
    ck_assert_int_eq(r.status, 202);
    int64_t art = result_id(&r);
    tw_resp_cleanup(&r);
    double t0 = now_s();
    while (atomic_load(&rc.accepted) == 0 && now_s() - t0 < 15)
        sleep_ms(20);
    ck_assert_int_eq(atomic_load(&rc.accepted), 1);
    sleep_ms(500); /* nothing more may come */
    ck_assert_int_eq(atomic_load(&rc.requests), 3);
    ck_assert_int_eq(atomic_load(&rc.accepted), 1);
    ck_assert_int_eq(atomic_load(&rc.bad_signatures), 0);
    ck_assert_str_eq(rc.ids[0], rc.ids[1]);
    ck_assert_str_eq(rc.ids[1], rc.ids[2]);
    json_t *payload = json_loads(rc.last_body, 0, NULL);
    ck_assert_ptr_nonnull(payload);
    ck_assert_str_eq(json_string_value(json_object_get(payload, "type")), "article.annotated");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(payload, "data"), "id")),
                     art);
    json_decref(payload);

    json_t *doc = deliveries_of(sub);
    const json_t *items = json_object_get(doc, "items");
    ck_assert_uint_eq(json_array_size(items), 1);
    const json_t *d = json_array_get(items, 0);
    ck_assert_str_eq(json_string_value(json_object_get(d, "status")), "delivered");
    ck_assert_int_eq(json_integer_value(json_object_get(d, "attempt_count")), 3);
    ck_assert_str_eq(json_string_value(json_object_get(d, "webhook_id")), rc.ids[0]);
    const json_t *tries = json_object_get(d, "attempts");
    ck_assert_uint_eq(json_array_size(tries), 3);
    long want[] = {500, 500, 204};
    for (size_t i = 0; i < 3; i++)
        ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(tries, i),
                                                            "status_code")), want[i]);
    json_decref(doc);
    receiver_close(&rc);
}
END_TEST

START_TEST(test_delivery_survives_restart)
{
    static struct receiver rc;
    receiver_init(&rc, 0);
    receiver_open(&rc, 0, false); /* a port number, nobody listening */
    int64_t sub = subscribe(&rc);
    struct tw_resp r;
    post_json("{\"body\":\"Mexico said it would answer the steel duties in kind.\"}", &r);
    ck_assert_int_eq(r.status, 202);
    tw_resp_cleanup(&r);
    /* Wait for a failed attempt (connection refused). */
    double t0 = now_s();
    int attempts = 0;
    while (attempts == 0 && now_s() - t0 < 15) {
        json_t *doc = deliveries_of(sub);
        const json_t *d = json_array_get(json_object_get(doc, "items"), 0);
        attempts = d != NULL ? (int)json_integer_value(json_object_get(d, "attempt_count")) : 0;
        if (d != NULL)
            ck_assert_str_eq(json_string_value(json_object_get(d, "status")), "pending");
        json_decref(doc);
        if (attempts == 0)
            sleep_ms(50);
    }
    ck_assert_int_gt(attempts, 0);
    server_stop_clean();

    receiver_open(&rc, rc.port, true);
    ck_assert_int_eq(tw_server_restart(&srv, args), 0);
    t0 = now_s();
    while (atomic_load(&rc.accepted) == 0 && now_s() - t0 < 15)
        sleep_ms(20);
    ck_assert_int_eq(atomic_load(&rc.accepted), 1);
    ck_assert_int_eq(atomic_load(&rc.bad_signatures), 0);
    /* the receiver answers before the delivery thread records it: wait for the record */
    json_t *doc = NULL;
    const json_t *d = NULL;
    for (t0 = now_s(); now_s() - t0 < 10; sleep_ms(20)) {
        json_decref(doc);
        doc = deliveries_of(sub);
        d = json_array_get(json_object_get(doc, "items"), 0);
        if (d != NULL && strcmp(json_string_value(json_object_get(d, "status")), "delivered") == 0)
            break;
    }
    ck_assert_ptr_nonnull(d);
    ck_assert_str_eq(json_string_value(json_object_get(d, "status")), "delivered");
    ck_assert_int_gt(json_integer_value(json_object_get(d, "attempt_count")), attempts);
    json_decref(doc);
    receiver_close(&rc);
}
END_TEST

Suite *webhooks_suite(void)
{
    Suite *s = suite_create("webhooks");
    TCase *in = tcase_create("inbound");
    tcase_add_checked_fixture(in, setup, teardown);
    tcase_set_timeout(in, 30);
    tcase_add_test(in, test_standard_publish_replay_update_delete);
    tcase_add_test(in, test_standard_refusals_store_nothing);
    tcase_add_test(in, test_ghost_signature);
    tcase_add_test(in, test_token_kinds);
    suite_add_tcase(s, in);
    TCase *subs = tcase_create("subscriptions");
    tcase_add_checked_fixture(subs, setup, teardown);
    tcase_add_test(subs, test_subscriptions_api);
    suite_add_tcase(s, subs);
    TCase *off = tcase_create("subscriptions_off");
    tcase_add_checked_fixture(off, NULL, server_teardown);
    tcase_add_test(off, test_subscriptions_off_without_admin_token);
    suite_add_tcase(s, off);
    TCase *out = tcase_create("outbound");
    tcase_add_checked_fixture(out, setup, teardown);
    tcase_set_timeout(out, 60);
    tcase_add_test(out, test_delivery_retried_until_accepted);
    tcase_add_test(out, test_delivery_survives_restart);
    suite_add_tcase(s, out);
    return s;
}
