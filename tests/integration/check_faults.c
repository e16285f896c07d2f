/* check_faults.c - the server under abuse: huge bodies, a thousand clients at once, a client
 * that never sends its body, a full queue, kill -9 in the middle of a load. */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "integration.h"
#include "mem.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void assert_healthy(void)
{
    struct tw_resp r;
    char *u = url("/healthz");
    ck_assert_int_eq(tw_http("GET", u, NULL, NULL, 0, NULL, &r), 0);
    ck_assert_int_eq(r.status, 200);
    tw_resp_cleanup(&r);
    free(u);
}

/* The server's peak resident memory (VmHWM) in kB, or -1. */
static long server_hwm_kb(void)
{
    char *p = xasprintf("/proc/%d/status", (int)srv.pid);
    FILE *f = fopen(p, "r");
    free(p);
    if (f == NULL)
        return -1;
    char line[256];
    long hwm_kb = -1;
    while (fgets(line, sizeof line, f) != NULL)
        if (sscanf(line, "VmHWM: %ld kB", &hwm_kb) == 1)
            break;
    fclose(f);
    return hwm_kb;
}

START_TEST(test_50mb_body_is_refused_at_once)
{
    long hwm_before = server_hwm_kb();
    ck_assert_int_gt(hwm_before, 0);
    size_t n = 50u * 1024 * 1024;
    char *big = xmalloc(n);
    memset(big, 'a', n);
    memcpy(big, "{\"body\":\"", 9);
    char *u = url("/v1/articles");
    struct tw_resp r;
    /* A client that waits for 100 Continue: refused before it sends a byte of the body. */
    double t0 = now_s();
    ck_assert_int_eq(tw_http("POST", u, "application/json", big, n, "Expect: 100-continue", &r),
                     0);
    double dt = now_s() - t0;
    assert_problem(&r, 413, "limit");
    ck_assert_uint_lt(r.uploaded, 1024 * 1024);
    tw_resp_cleanup(&r);
    ck_assert_msg(dt < 1.0, "413 took %.2f s", dt);

    /* One that sends regardless: the body is read and dropped, and the 413 still arrives. */
    t0 = now_s();
    ck_assert_int_eq(tw_http("POST", u, "application/json", big, n, NULL, &r), 0);
    dt = now_s() - t0;
    assert_problem(&r, 413, "limit");
    tw_resp_cleanup(&r);
    ck_assert_msg(dt < 10.0, "413 took %.2f s", dt);

    /* Chunked, so without a Content-Length: refused at the end, never buffered. */
    CURL *c = curl_easy_init();
    struct curl_slist *h = curl_slist_append(NULL, "Transfer-Encoding: chunked");
    h = curl_slist_append(h, "Content-Type: text/plain");
    curl_easy_setopt(c, CURLOPT_URL, u);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, big);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)n);
    FILE *devnull = fopen("/dev/null", "w");
    curl_easy_setopt(c, CURLOPT_WRITEDATA, devnull);
    ck_assert_int_eq(curl_easy_perform(c), CURLE_OK);
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    ck_assert_int_eq(code, 413);
    fclose(devnull);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    free(u);
    free(big);
    assert_healthy();

    /* The server never held the body: its peak resident memory grew far less than 50 MB
     * (measured as growth, since sanitizer builds start several times larger). */
    long hwm_after = server_hwm_kb();
    ck_assert_msg(hwm_after - hwm_before < 20 * 1024, "server VmHWM grew from %ld to %ld kB",
                  hwm_before, hwm_after);
}
END_TEST

/* Runs n POSTs through one curl multi handle, at most parallel at once (0: all at once).
 * Calls on_done after each transfer with its status (0 on a transport error) and its id;
 * returns the number of 202 answers. */
struct load {
    long *status;
    int64_t *ids;
    size_t done;
    void (*on_done)(struct load *l);
};

static size_t collect(char *p, size_t size, size_t n, void *userdata)
{
    buf_append(userdata, p, size * n);
    return size * n;
}

static size_t run_posts(size_t n, long parallel, struct load *l)
{
    CURLM *m = curl_multi_init();
    if (parallel > 0)
        curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, parallel);
    curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, parallel > 0 ? parallel : (long)n);
    CURL **easy = xcalloc(n, sizeof *easy);
    char **bodies = xcalloc(n, sizeof *bodies);
    struct buf *out = xcalloc(n, sizeof *out);
    char *u = url("/v1/articles");
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    h = curl_slist_append(h, "Expect:");
    for (size_t i = 0; i < n; i++) {
        bodies[i] = xasprintf("{\"source\":\"load\",\"external_id\":\"%zu\",\"body\":\"Story %zu: "
                              "Korea said it would raise its beef tariff to %zu percent.\"}",
                              i, i, i % 90);
        buf_init(&out[i]);
        easy[i] = curl_easy_init();
        curl_easy_setopt(easy[i], CURLOPT_URL, u);
        curl_easy_setopt(easy[i], CURLOPT_HTTPHEADER, h);
        curl_easy_setopt(easy[i], CURLOPT_POSTFIELDS, bodies[i]);
        curl_easy_setopt(easy[i], CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(easy[i], CURLOPT_WRITEDATA, &out[i]);
        curl_easy_setopt(easy[i], CURLOPT_PRIVATE, (void *)i);
        curl_easy_setopt(easy[i], CURLOPT_TIMEOUT, 60L);
        curl_multi_add_handle(m, easy[i]);
    }
    size_t accepted = 0;
    int running = 1;
    while (running > 0) {
        curl_multi_perform(m, &running);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(m, &left)) != NULL) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            void *priv = NULL;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
            size_t i = (size_t)priv;
            long code = 0;
            if (msg->data.result == CURLE_OK)
                curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &code);
            l->status[i] = code;
            if (code == 202) {
                json_t *doc = json_loads(out[i].data, 0, NULL);
                l->ids[i] = json_integer_value(json_object_get(doc, "id"));
                json_decref(doc);
                accepted++;
            }
            l->done++;
            if (l->on_done != NULL)
                l->on_done(l);
        }
        if (running > 0)
            curl_multi_poll(m, NULL, 0, 100, NULL);
    }
    for (size_t i = 0; i < n; i++) {
        curl_multi_remove_handle(m, easy[i]);
        curl_easy_cleanup(easy[i]);
        free(bodies[i]);
        buf_cleanup(&out[i]);
    }
    curl_slist_free_all(h);
    curl_multi_cleanup(m);
    free(u);
    free(out);
    free(bodies);
    free(easy);
    return accepted;
}

START_TEST(test_1000_concurrent_posts)
{
    enum { N = 1000 };
    struct load l = {xcalloc(N, sizeof(long)), xcalloc(N, sizeof(int64_t)), 0, NULL};
    size_t ok = run_posts(N, 0, &l);
    for (size_t i = 0; i < N; i++)
        ck_assert_msg(l.status[i] == 202, "POST %zu answered %ld", i, l.status[i]);
    ck_assert_uint_eq(ok, N);
    assert_healthy();
    /* Every one is listed, once: walk the pages of 500. */
    char path[128] = "/v1/articles?limit=500&source=load";
    size_t listed = 0;
    for (int page = 0; page < 4; page++) {
        struct tw_resp r;
        char *u = url(path);
        ck_assert_int_eq(tw_http("GET", u, NULL, NULL, 0, NULL, &r), 0);
        free(u);
        json_t *doc = body_json(&r);
        listed += json_array_size(json_object_get(doc, "items"));
        const char *next = json_string_value(json_object_get(doc, "next_cursor"));
        if (next != NULL)
            snprintf(path, sizeof path, "/v1/articles?limit=500&source=load&cursor=%s", next);
        json_decref(doc);
        tw_resp_cleanup(&r);
        if (next == NULL)
            break;
    }
    ck_assert_uint_eq(listed, N);
    free(l.status);
    free(l.ids);
}
END_TEST

/* A client sends headers announcing a body and then nothing: the connection times out, and
 * meanwhile and afterwards the server answers others. */
START_TEST(test_client_that_never_sends_its_body)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons((uint16_t)srv.port)};
    inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&sin, sizeof sin), 0);
    const char *head = "POST /v1/articles HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\n"
                       "Content-Length: 100\r\n\r\nonly ten b";
    ck_assert_int_eq(write(fd, head, strlen(head)), (ssize_t)strlen(head));
    assert_healthy();
    struct timeval tv = {8, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    double t0 = now_s();
    char buf[512];
    ssize_t got;
    do {
        got = read(fd, buf, sizeof buf);
    } while (got > 0);
    double dt = now_s() - t0;
    ck_assert_msg(got == 0 || errno == ECONNRESET, "read: %s after %.1f s", strerror(errno), dt);
    ck_assert_msg(dt < 6.0, "closed after %.1f s", dt);
    close(fd);
    assert_healthy();
    /* Request lines are flushed every 100 ms. */
    for (int i = 0; i < 50 && tw_server_log_count(&srv, "timeout") == 0; i++)
        usleep(20000);
    ck_assert_int_ge(tw_server_log_count(&srv, "timeout"), 1);
}
END_TEST

START_TEST(test_queue_full_answers_503)
{
    /* One worker, room for one job: a quick run of long stories overflows it. */
    ck_assert_int_eq(tw_server_stop(&srv), 0);
    tw_server_cleanup(&srv);
    const char *extra[] = {"--workers", "1", "--queue-max", "1", NULL};
    ck_assert_int_eq(tw_server_start(&srv, extra), 0);
    struct buf story;
    buf_init(&story);
    buf_puts(&story, "{\"body\":\"");
    for (int i = 0; i < 300; i++)
        buf_puts(&story, "The United States said on Monday it would raise tariffs on Chinese "
                         "steel to 25 percent, Commerce Secretary Jane Doe told reporters. ");
    size_t prefix = story.len;
    int busy = 0;
    for (int i = 0; i < 200 && busy == 0; i++) {
        story.len = prefix;
        buf_printf(&story, "%d\"}", i);
        struct tw_resp r;
        post_json(story.data, &r);
        if (r.status == 503) {
            assert_problem(&r, 503, "queue");
            char ra[16];
            ck_assert(tw_resp_header(&r, "Retry-After", ra, sizeof ra));
            ck_assert_int_gt(atoi(ra), 0);
            busy++;
        } else {
            ck_assert_int_eq(r.status, 202);
        }
        tw_resp_cleanup(&r);
    }
    ck_assert_int_gt(busy, 0);
    buf_cleanup(&story);
}
END_TEST

static void kill_at_half(struct load *l)
{
    if (l->done == 250 && srv.pid > 0)
        tw_server_kill9(&srv);
}

START_TEST(test_kill9_during_load_then_restart)
{
    enum { N = 500 };
    struct load l = {xcalloc(N, sizeof(long)), xcalloc(N, sizeof(int64_t)), 0, kill_at_half};
    size_t accepted = run_posts(N, 16, &l);
    ck_assert_int_eq(srv.pid, 0); /* killed */
    ck_assert_uint_ge(accepted, 250);
    ck_assert_uint_lt(accepted, N);
    const char *extra[] = {"--workers", "2", NULL};
    ck_assert_int_eq(tw_server_restart(&srv, extra), 0);
    tw_http_reset();
    for (size_t i = 0; i < N; i++) {
        if (l.status[i] != 202)
            continue;
        json_t *doc = wait_final(l.ids[i], 60);
        const char *st = json_string_value(json_object_get(doc, "status"));
        ck_assert_msg(st != NULL && strcmp(st, "done") == 0, "article %lld is %s",
                      (long long)l.ids[i], st != NULL ? st : "missing");
        json_decref(doc);
    }
    free(l.status);
    free(l.ids);
}
END_TEST

START_TEST(test_sigint_exits_zero)
{
    kill(srv.pid, SIGINT);
    int status = tw_server_stop(&srv); /* SIGTERM after SIGINT is harmless */
    ck_assert_int_eq(status, 0);
}
END_TEST

static void server_setup_short_timeout(void)
{
    const char *extra[] = {"--workers", "2", "--threads", "2", "--timeout", "1", NULL};
    ck_assert_int_eq(tw_server_start(&srv, extra), 0);
}

Suite *faults_suite(void)
{
    Suite *s = suite_create("faults");
    TCase *tc = tcase_create("abuse");
    tcase_add_checked_fixture(tc, server_setup, server_teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_50mb_body_is_refused_at_once);
    tcase_add_test(tc, test_1000_concurrent_posts);
    tcase_add_test(tc, test_queue_full_answers_503);
    tcase_add_test(tc, test_sigint_exits_zero);
    suite_add_tcase(s, tc);

    tc = tcase_create("timeouts");
    tcase_add_checked_fixture(tc, server_setup_short_timeout, server_teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_client_that_never_sends_its_body);
    tcase_add_test(tc, test_kill9_during_load_then_restart);
    suite_add_tcase(s, tc);
    return s;
}
