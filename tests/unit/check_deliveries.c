/* check_deliveries.c - the delivery thread against a real HTTP receiver: a thread with a plain
 * socket on 127.0.0.1 that answers scripted statuses (or never answers) and records each
 * request. Retries with backoff, signatures checked with webhook_verify on the receiving side,
 * timeouts, dead deliveries, and a receiver down across a restart of the thread. */
#include <arpa/inet.h>
#include <check.h>
#include <curl/curl.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "suites.h"

#include "db.h"
#include "db_internal.h"
#include "db_webhooks.h"
#include "deliveries.h"
#include "log.h"
#include "status.h"
#include "webhook_verify.h"

/* ---- the receiver ---- */

#define RECV_MAX_REQUESTS 32
#define RECV_HANG (-1) /* a scripted "status" that never answers */

struct recv_request {
    char id[128], timestamp[32], signature[256], content_type[64], path[128];
    char *body;
    size_t body_len;
};

struct receiver {
    int fd;
    unsigned port;
    pthread_t thread;
    pthread_mutex_t mu; /* guards everything below */
    bool stop;
    int script[8]; /* status of request i; past the end, the last one */
    size_t nscript;
    struct recv_request req[RECV_MAX_REQUESTS];
    size_t nreq;
};

static bool recv_stopping(struct receiver *r)
{
    pthread_mutex_lock(&r->mu);
    bool s = r->stop;
    pthread_mutex_unlock(&r->mu);
    return s;
}

/* Copies header name's value from the raw header block into out ("" when absent). */
static void header_value(const char *head, const char *name, char *out, size_t cap)
{
    out[0] = '\0';
    size_t nlen = strlen(name);
    for (const char *line = strstr(head, "\r\n"); line != NULL; line = strstr(line, "\r\n")) {
        line += 2;
        if (strncasecmp(line, name, nlen) == 0 && line[nlen] == ':') {
            const char *v = line + nlen + 1;
            while (*v == ' ')
                v++;
            size_t vlen = strcspn(v, "\r\n");
            snprintf(out, cap, "%.*s", (int)(vlen < cap ? vlen : cap - 1), v);
            return;
        }
    }
}

/* Reads one request from c (headers, then Content-Length bytes); false on EOF or error. */
static bool read_request(int c, struct recv_request *q)
{
    char buf[65536];
    size_t len = 0;
    char *end = NULL;
    while (end == NULL) {
        if (len == sizeof buf - 1)
            return false;
        ssize_t n = read(c, buf + len, sizeof buf - 1 - len);
        if (n <= 0)
            return false;
        len += (size_t)n;
        buf[len] = '\0';
        end = strstr(buf, "\r\n\r\n");
    }
    *end = '\0';
    char cl[32];
    header_value(buf, "Content-Length", cl, sizeof cl);
    size_t body_len = (size_t)strtoul(cl, NULL, 10), have = len - (size_t)(end + 4 - buf);
    memset(q, 0, sizeof *q);
    sscanf(buf, "POST %127s", q->path);
    header_value(buf, "webhook-id", q->id, sizeof q->id);
    header_value(buf, "webhook-timestamp", q->timestamp, sizeof q->timestamp);
    header_value(buf, "webhook-signature", q->signature, sizeof q->signature);
    header_value(buf, "Content-Type", q->content_type, sizeof q->content_type);
    q->body = malloc(body_len + 1);
    memcpy(q->body, end + 4, have < body_len ? have : body_len);
    while (have < body_len) {
        ssize_t n = read(c, q->body + have, body_len - have);
        if (n <= 0) {
            free(q->body);
            q->body = NULL;
            return false;
        }
        have += (size_t)n;
    }
    q->body[body_len] = '\0';
    q->body_len = body_len;
    return true;
}

static void serve_one(struct receiver *r, int c)
{
    struct recv_request q;
    if (!read_request(c, &q))
        return;
    pthread_mutex_lock(&r->mu);
    size_t i = r->nreq;
    int status = r->script[i < r->nscript ? i : r->nscript - 1];
    if (r->nreq < RECV_MAX_REQUESTS)
        r->req[r->nreq++] = q;
    else
        free(q.body);
    pthread_mutex_unlock(&r->mu);
    if (status == RECV_HANG) {
        /* until the client gives up (its timeout) or the receiver stops */
        char b[256];
        struct pollfd p = {.fd = c, .events = POLLIN};
        while (!recv_stopping(r)) {
            if (poll(&p, 1, 20) > 0 && read(c, b, sizeof b) <= 0)
                break;
        }
        return;
    }
    char resp[128];
    int n = snprintf(resp, sizeof resp,
                     "HTTP/1.1 %d Scripted\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
                     status);
    ck_assert_int_eq(write(c, resp, (size_t)n), n);
}

static void *receiver_main(void *arg)
{
    struct receiver *r = arg;
    struct pollfd p = {.fd = r->fd, .events = POLLIN};
    while (!recv_stopping(r)) {
        if (poll(&p, 1, 20) <= 0)
            continue;
        int c = accept(r->fd, NULL, NULL);
        if (c < 0)
            continue;
        serve_one(r, c);
        close(c);
    }
    return NULL;
}

/* Starts a receiver on 127.0.0.1:port (0: any free port) answering script[0..n). */
static struct receiver *receiver_start(unsigned port, const int *script, size_t n)
{
    struct receiver *r = calloc(1, sizeof *r);
    pthread_mutex_init(&r->mu, NULL);
    memcpy(r->script, script, n * sizeof *script);
    r->nscript = n;
    r->fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge(r->fd, 0);
    int one = 1;
    setsockopt(r->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(r->fd, (struct sockaddr *)&a, sizeof a), 0);
    ck_assert_int_eq(listen(r->fd, 16), 0);
    socklen_t alen = sizeof a;
    ck_assert_int_eq(getsockname(r->fd, (struct sockaddr *)&a, &alen), 0);
    r->port = ntohs(a.sin_port);
    ck_assert_int_eq(pthread_create(&r->thread, NULL, receiver_main, r), 0);
    return r;
}

static size_t receiver_count(struct receiver *r)
{
    pthread_mutex_lock(&r->mu);
    size_t n = r->nreq;
    pthread_mutex_unlock(&r->mu);
    return n;
}

static void receiver_stop(struct receiver *r)
{
    pthread_mutex_lock(&r->mu);
    r->stop = true;
    pthread_mutex_unlock(&r->mu);
    pthread_join(r->thread, NULL);
    close(r->fd);
    for (size_t i = 0; i < r->nreq; i++)
        free(r->req[i].body);
    pthread_mutex_destroy(&r->mu);
    free(r);
}

/* ---- fixture ---- */

static char tmpdir[64];
static char dbpath[128];
static struct db *db; /* the test's own connection */

static void setup(void)
{
    log_set_level(LOG_ERROR);
    ck_assert_int_eq(curl_global_init(CURL_GLOBAL_DEFAULT), CURLE_OK);
    strcpy(tmpdir, "/tmp/tw_check_deliveries_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    snprintf(dbpath, sizeof dbpath, "%s/d.db", tmpdir);
    ck_assert_int_eq(db_open(dbpath, &db), TW_OK);
    ck_assert_int_eq(db_migrate(db), TW_OK);
}

static void teardown(void)
{
    db_close(db);
    char p[160];
    const char *suffix[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s%s", dbpath, suffix[i]);
        unlink(p);
    }
    rmdir(tmpdir);
    curl_global_cleanup();
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void nap_ms(long ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Creates a subscription to article.annotated at the receiver's port; *secret gets its
 * whsec_ secret (free it). */
static int64_t subscribe(unsigned port, char **secret)
{
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/hooks/tradewire", port);
    struct subscription s;
    ck_assert_int_eq(db_subscription_create(db, url, WEBHOOK_EVENT_ANNOTATED, NULL, &s), TW_OK);
    int64_t id = s.id;
    if (secret != NULL)
        *secret = strdup(s.secret);
    db_subscription_cleanup(&s);
    return id;
}

/* An article annotated (as a worker would store it), which queues its deliveries. */
static int64_t annotate_one(const char *ext)
{
    const char *body = "Ottawa said on Friday it would match the new duties on steel.";
    struct article_in in = {.title = "Canada answers steel duties",
                            .source = "wire",
                            .external_id = ext,
                            .body = body,
                            .body_len = strlen(body)};
    int64_t id = 0;
    enum submit_outcome o;
    struct job j;
    size_t n = 0;
    ck_assert_int_eq(db_article_submit(db, &in, 0, &id, &o), TW_OK);
    ck_assert_int_eq(db_job_claim(db, &j, 1, &n), TW_OK);
    ck_assert_uint_eq(n, 1);
    struct annotations empty = {0};
    ck_assert_int_eq(db_job_complete(db, &j, &empty, "{\"actors\":[],\"claims\":[]}"), TW_OK);
    db_job_cleanup(&j);
    return id;
}

/* The only delivery of subscription sub (clean it up). */
static void only_delivery(int64_t sub, struct delivery *out)
{
    struct delivery *list = NULL;
    size_t n = 0;
    bool more = false;
    ck_assert_int_eq(db_delivery_list(db, sub, 0, 10, &list, &n, &more), TW_OK);
    ck_assert_uint_eq(n, 1);
    *out = list[0];
    free(list);
}

/* Waits up to timeout_ms for the only delivery of sub to reach status and attempts >= min. */
static bool wait_delivery(int64_t sub, enum delivery_status status, int min_attempts,
                          long timeout_ms)
{
    int64_t deadline = mono_ms() + timeout_ms;
    do {
        struct delivery d;
        only_delivery(sub, &d);
        bool ok = d.status == status && d.attempts >= min_attempts;
        db_delivery_cleanup(&d);
        if (ok)
            return true;
        nap_ms(10);
    } while (mono_ms() < deadline);
    return false;
}

static struct deliveries *start(int max_attempts, int64_t base_ms, int64_t timeout_ms,
                                int64_t poll_ms)
{
    struct deliveries_config cfg = {.db_path = dbpath,
                                    .max_attempts = max_attempts,
                                    .backoff_base_ms = base_ms,
                                    .backoff_max_ms = 60000,
                                    .timeout_ms = timeout_ms,
                                    .poll_ms = poll_ms};
    struct deliveries *d = NULL;
    ck_assert_int_eq(deliveries_start(&cfg, &d), TW_OK);
    return d;
}

static int64_t time_ms(const char *t)
{
    struct tm tm = {0};
    int ms = 0;
    ck_assert_int_eq(sscanf(t, "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                            &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms),
                     7);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (int64_t)timegm(&tm) * 1000 + ms;
}

/* Verifies request q the way a receiver does, with the subscription's secret. */
static int verify(const char *secret, const struct recv_request *q)
{
    struct webhook_secret *s = NULL;
    ck_assert_int_eq(webhook_secret_parse(WEBHOOK_SCHEME_STANDARD, secret, &s), TW_OK);
    struct webhook_header h[] = {{"webhook-id", q->id},
                                 {"webhook-timestamp", q->timestamp},
                                 {"webhook-signature", q->signature}};
    int rc = webhook_verify(s, h, 3, q->body, q->body_len, (int64_t)time(NULL));
    webhook_secret_free(s);
    return rc;
}

/* ---- tests ---- */

START_TEST(test_fails_twice_then_delivered_once)
{
    int script[] = {500, 503, 204};
    struct receiver *r = receiver_start(0, script, 3);
    char *secret = NULL;
    int64_t sub = subscribe(r->port, &secret);
    /* poll_ms far above the test's wait: only the commit's wake-up can start the first send */
    struct deliveries *d = start(5, 40, 2000, 30000);
    int64_t article = annotate_one("a1");
    ck_assert(wait_delivery(sub, DELIVERY_DELIVERED, 3, 5000));
    nap_ms(150); /* nothing more may come */
    ck_assert_uint_eq(receiver_count(r), 3);

    struct delivery dl;
    only_delivery(sub, &dl);
    ck_assert_int_eq(dl.attempts, 3);
    ck_assert_int_eq(dl.last_status, 204);
    ck_assert_ptr_null(dl.last_error);
    ck_assert_ptr_null(dl.next_attempt_at);
    ck_assert_uint_eq(dl.ntries, 3);
    ck_assert_int_eq(dl.tries[0].status_code, 500);
    ck_assert_str_eq(dl.tries[0].error, "HTTP 500");
    ck_assert_int_eq(dl.tries[1].status_code, 503);
    ck_assert_int_eq(dl.tries[2].status_code, 204);
    /* exponential backoff: >= 40 ms, then >= 80 ms between the attempts */
    int64_t gap1 = time_ms(dl.tries[1].at) - time_ms(dl.tries[0].at);
    int64_t gap2 = time_ms(dl.tries[2].at) - time_ms(dl.tries[1].at);
    ck_assert_int_ge(gap1, 40);
    ck_assert_int_ge(gap2, 80);
    ck_assert_int_lt(gap1, 1000);

    /* what the receiver got: one webhook-id for all attempts, valid signatures */
    for (size_t i = 0; i < 3; i++) {
        const struct recv_request *q = &r->req[i];
        ck_assert_str_eq(q->path, "/hooks/tradewire");
        ck_assert_str_eq(q->content_type, "application/json");
        ck_assert_str_eq(q->id, dl.msg_id);
        ck_assert_int_eq(strncmp(q->signature, "v1,", 3), 0);
        ck_assert_int_eq(verify(secret, q), TW_OK);
    }
    json_error_t err;
    json_t *p = json_loadb(r->req[2].body, r->req[2].body_len, 0, &err);
    ck_assert_ptr_nonnull(p);
    ck_assert_str_eq(json_string_value(json_object_get(p, "type")), "article.annotated");
    json_t *data = json_object_get(p, "data");
    ck_assert_int_eq(json_integer_value(json_object_get(data, "id")), article);
    ck_assert_str_eq(json_string_value(json_object_get(data, "title")),
                     "Canada answers steel duties");
    json_decref(p);
    /* a tampered body or another secret does not verify */
    r->req[2].body[r->req[2].body_len - 2] ^= 1;
    ck_assert_int_eq(verify(secret, &r->req[2]), TW_EAUTH);
    char *other = webhook_secret_generate();
    ck_assert_int_eq(verify(other, &r->req[1]), TW_EAUTH);
    free(other);

    struct deliveries_stats st;
    deliveries_stats(d, &st);
    ck_assert_uint_eq(st.delivered, 1);
    ck_assert_uint_eq(st.failed_attempts, 2);
    ck_assert_uint_eq(st.dead, 0);
    db_delivery_cleanup(&dl);
    deliveries_stop(d);
    receiver_stop(r);
    free(secret);
}
END_TEST

START_TEST(test_dead_after_max_attempts)
{
    int script[] = {500};
    struct receiver *r = receiver_start(0, script, 1);
    int64_t sub = subscribe(r->port, NULL);
    struct deliveries *d = start(3, 10, 2000, 30000);
    annotate_one("dead1");
    ck_assert(wait_delivery(sub, DELIVERY_DEAD, 3, 5000));
    nap_ms(150);
    ck_assert_uint_eq(receiver_count(r), 3);
    struct delivery dl;
    only_delivery(sub, &dl);
    ck_assert_int_eq(dl.attempts, 3);
    ck_assert_int_eq(dl.last_status, 500);
    ck_assert_str_eq(dl.last_error, "HTTP 500");
    ck_assert_ptr_nonnull(dl.finished_at);
    ck_assert_ptr_null(dl.next_attempt_at);
    ck_assert_uint_eq(dl.ntries, 3);
    db_delivery_cleanup(&dl);
    struct deliveries_stats st;
    deliveries_stats(d, &st);
    ck_assert_uint_eq(st.dead, 1);
    ck_assert_uint_eq(st.failed_attempts, 3);
    deliveries_stop(d);
    receiver_stop(r);
}
END_TEST

START_TEST(test_timeout_is_retried)
{
    int script[] = {RECV_HANG, 200};
    struct receiver *r = receiver_start(0, script, 2);
    int64_t sub = subscribe(r->port, NULL);
    struct deliveries *d = start(4, 10, 300, 30000);
    annotate_one("slow1");
    ck_assert(wait_delivery(sub, DELIVERY_DELIVERED, 2, 5000));
    struct delivery dl;
    only_delivery(sub, &dl);
    ck_assert_uint_eq(dl.ntries, 2);
    ck_assert_int_eq(dl.tries[0].status_code, 0); /* no answer */
    ck_assert_ptr_nonnull(dl.tries[0].error);
    ck_assert_ptr_nonnull(strcasestr(dl.tries[0].error, "timed out"));
    ck_assert_int_ge(dl.tries[0].duration_ms, 250);
    ck_assert_int_eq(dl.tries[1].status_code, 200);
    db_delivery_cleanup(&dl);
    ck_assert_uint_eq(receiver_count(r), 2);
    deliveries_stop(d);
    receiver_stop(r);
}
END_TEST

/* The receiver is down while the thread runs and while it restarts; the delivery, kept in
 * SQLite, goes out once the receiver is back and a new thread runs. */
START_TEST(test_down_across_restart)
{
    int ok[] = {200};
    struct receiver *r = receiver_start(0, ok, 1);
    unsigned port = r->port;
    receiver_stop(r); /* the port is now refused */
    int64_t sub = subscribe(port, NULL);
    struct deliveries *d = start(50, 20, 1000, 30000);
    annotate_one("down1");
    ck_assert(wait_delivery(sub, DELIVERY_PENDING, 2, 5000));
    deliveries_stop(d);
    struct delivery dl;
    only_delivery(sub, &dl);
    int before = dl.attempts;
    ck_assert_int_eq(dl.tries[0].status_code, 0);
    ck_assert_ptr_nonnull(dl.tries[0].error); /* connection refused */
    db_delivery_cleanup(&dl);

    r = receiver_start(port, ok, 1);
    nap_ms(100); /* no thread: nothing is sent */
    ck_assert_uint_eq(receiver_count(r), 0);
    d = start(50, 20, 1000, 30000);
    ck_assert(wait_delivery(sub, DELIVERY_DELIVERED, before + 1, 5000));
    nap_ms(100);
    ck_assert_uint_eq(receiver_count(r), 1);
    only_delivery(sub, &dl);
    ck_assert_int_eq(dl.attempts, before + 1);
    ck_assert_int_eq(dl.last_status, 200);
    db_delivery_cleanup(&dl);
    deliveries_stop(d);
    receiver_stop(r);
}
END_TEST

/* A stop does not wait out a hanging request, and that interrupted attempt is not counted:
 * the next start sends it again. */
START_TEST(test_stop_aborts_in_flight)
{
    int script[] = {RECV_HANG, 200};
    struct receiver *r = receiver_start(0, script, 2);
    int64_t sub = subscribe(r->port, NULL);
    struct deliveries *d = start(5, 10, 20000, 30000);
    annotate_one("hang1");
    int64_t deadline = mono_ms() + 5000;
    while (receiver_count(r) == 0 && mono_ms() < deadline)
        nap_ms(5);
    ck_assert_uint_eq(receiver_count(r), 1);
    int64_t t0 = mono_ms();
    deliveries_stop(d);
    ck_assert_int_lt(mono_ms() - t0, 2000);
    struct delivery dl;
    only_delivery(sub, &dl);
    ck_assert_int_eq(dl.status, DELIVERY_PENDING);
    ck_assert_int_eq(dl.attempts, 0);
    ck_assert_uint_eq(dl.ntries, 0);
    db_delivery_cleanup(&dl);
    d = start(5, 10, 20000, 30000);
    ck_assert(wait_delivery(sub, DELIVERY_DELIVERED, 1, 5000));
    ck_assert_uint_eq(receiver_count(r), 2);
    ck_assert_str_eq(r->req[0].id, r->req[1].id);
    deliveries_stop(d);
    receiver_stop(r);
}
END_TEST

/* Deliveries queued while no thread ran (say, before a crash) go out at the next start, and a
 * subscription deleted meanwhile gets nothing. */
START_TEST(test_backlog_sent_at_start)
{
    int ok[] = {200};
    struct receiver *r = receiver_start(0, ok, 1);
    int64_t keep = subscribe(r->port, NULL);
    int64_t gone = subscribe(r->port, NULL);
    for (int i = 0; i < 3; i++) {
        char ext[16];
        snprintf(ext, sizeof ext, "b%d", i);
        annotate_one(ext);
    }
    ck_assert_int_eq(db_subscription_delete(db, gone), TW_OK);
    struct deliveries *d = start(3, 10, 1000, 30000);
    int64_t deadline = mono_ms() + 5000;
    while (receiver_count(r) < 3 && mono_ms() < deadline)
        nap_ms(5);
    nap_ms(100);
    ck_assert_uint_eq(receiver_count(r), 3);
    struct delivery *list = NULL;
    size_t n = 0;
    bool more;
    ck_assert_int_eq(db_delivery_list(db, keep, 0, 10, &list, &n, &more), TW_OK);
    ck_assert_uint_eq(n, 3);
    for (size_t i = 0; i < n; i++) {
        ck_assert_int_eq(list[i].status, DELIVERY_DELIVERED);
        db_delivery_cleanup(&list[i]);
    }
    free(list);
    deliveries_stop(d);
    receiver_stop(r);
}
END_TEST

START_TEST(test_start_validates)
{
    struct deliveries *d = NULL;
    struct deliveries_config cfg = {.db_path = NULL};
    ck_assert_int_eq(deliveries_start(&cfg, &d), TW_EINVAL);
    cfg = (struct deliveries_config){.db_path = dbpath, .max_attempts = -1};
    ck_assert_int_eq(deliveries_start(&cfg, &d), TW_EINVAL);
    deliveries_stop(NULL);
    deliveries_notify(NULL);
}
END_TEST

Suite *deliveries_suite(void)
{
    Suite *s = suite_create("deliveries");
    TCase *tc = tcase_create("delivery");
    tcase_set_timeout(tc, 30);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_fails_twice_then_delivered_once);
    tcase_add_test(tc, test_dead_after_max_attempts);
    tcase_add_test(tc, test_timeout_is_retried);
    suite_add_tcase(s, tc);

    tc = tcase_create("restart");
    tcase_set_timeout(tc, 30);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_down_across_restart);
    tcase_add_test(tc, test_stop_aborts_in_flight);
    tcase_add_test(tc, test_backlog_sent_at_start);
    tcase_add_test(tc, test_start_validates);
    suite_add_tcase(s, tc);
    return s;
}
