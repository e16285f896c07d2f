/* http.c - libmicrohttpd glue: the three-phase access handler (headers, body chunks, final
 * call), the body cap, routing, the request log line and metrics.
 *
 * Each connection's state is a struct request in *req_cls, touched only by the MHD thread that
 * owns the connection. Pitfalls of libmicrohttpd 0.9.75 handled here:
 * - a response queued on the first call (headers only) makes MHD answer "Connection: close",
 *   so every answer except an early 413 is queued on a later call;
 * - MHD has no connection timeout by default: MHD_OPTION_CONNECTION_TIMEOUT is always set;
 * - a response can only be queued before the body is read or after all of it has been, so a
 *   body that crosses the cap is discarded chunk by chunk (never buffered) and the 413 goes out
 *   at its end; a client that asked "Expect: 100-continue" with a Content-Length over the cap
 *   gets the 413 at once instead.
 */
#include "http.h"

#include <arpa/inet.h>
#include <assert.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "cors.h"
#include "etag.h"
#include "log.h"
#include "mem.h"
#include "metrics.h"
#include "problem.h"
#include "router.h"
#include "status.h"

/* Memory pool of a connection (MHD's default is 32 KB): request line, headers, read buffer. */
#define HTTP_CONN_MEMORY (64u * 1024)

/* Largest over-limit body read and dropped so that its sender still gets the 413. */
#define HTTP_DISCARD_MAX (64ull * 1024 * 1024)

struct http_server {
    struct MHD_Daemon *daemon;
    pthread_t flusher;
    bool flusher_started;
    atomic_bool stopping;
    struct http_config cfg;
    uint16_t port;
    uint32_t rid_seed;
    atomic_uint_fast64_t rid_counter;
};

struct request {
    uint64_t start_ns;
    int route;    /* index into the route table, or a negative tw_status */
    bool too_big; /* the body crossed max_body: the rest is discarded */
    size_t target_len; /* bytes of path and decoded query arguments */
    int status;   /* answered status, 0 until queued */
    struct buf body;
    struct http_req req;
    char allow[64];
    char rid[HTTP_REQUEST_ID_MAX];
};

/* ---- request and response structs ---- */

void http_resp_init(struct http_resp *r)
{
    memset(r, 0, sizeof *r);
    r->status = 200;
    buf_init(&r->body);
}

void http_resp_cleanup(struct http_resp *r)
{
    buf_cleanup(&r->body);
    for (size_t i = 0; i < r->nheaders; i++)
        free(r->headers[i].value);
    r->nheaders = 0;
}

void http_resp_header(struct http_resp *r, const char *name, const char *value)
{
    assert(r->nheaders < HTTP_MAX_HEADERS);
    if (r->nheaders >= HTTP_MAX_HEADERS)
        return;
    r->headers[r->nheaders].name = name;
    r->headers[r->nheaders].value = xstrdup(value);
    r->nheaders++;
}

const char *http_resp_header_get(const struct http_resp *r, const char *name)
{
    for (size_t i = 0; i < r->nheaders; i++) {
        if (strcasecmp(r->headers[i].name, name) == 0)
            return r->headers[i].value;
    }
    return NULL;
}

const char *http_req_query(const struct http_req *r, const char *key)
{
    for (size_t i = 0; i < r->nquery; i++) {
        if (strcmp(r->query[i].key, key) == 0)
            return r->query[i].value;
    }
    return NULL;
}

const char *http_req_header(const struct http_req *r, const char *name)
{
    if (r->conn != NULL)
        return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
    for (size_t i = 0; i < r->nheaders; i++) {
        if (strcasecmp(r->headers[i].key, name) == 0)
            return r->headers[i].value;
    }
    return NULL;
}

const char *http_reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    }
    return "Unknown";
}

/* ---- the request log ----
 *
 * One line per request, in log.c's format, but buffered: a write(2) and a strftime per request
 * halved the throughput of GET /v1/articles/{id} (measured with bench/query.sh). Lines go into
 * one of a few shards (a thread keeps its shard, so the mutex is uncontended), each written out
 * whole when it passes ACCESS_FLUSH_BYTES, by the flusher thread every ACCESS_FLUSH_MS, and at
 * http_stop. A kill -9 can lose the last ACCESS_FLUSH_MS of request lines, never a line half.
 * Shared state: each shard under its own mutex; the shard counter is atomic.
 */
#define ACCESS_SHARDS 8
#define ACCESS_FLUSH_BYTES 16384
#define ACCESS_FLUSH_MS 100

struct access_shard {
    pthread_mutex_t mu;
    struct buf b;
    time_t stamp_sec;  /* the second stamp[] formats */
    char stamp[24];    /* "2026-11-26T23:28:54" */
};

static struct access_shard shards[ACCESS_SHARDS] = {
    [0 ... ACCESS_SHARDS - 1] = {.mu = PTHREAD_MUTEX_INITIALIZER},
};
static atomic_uint next_shard;
static _Thread_local int my_shard = -1;

static void shard_flush_locked(struct access_shard *sh)
{
    size_t off = 0;
    while (off < sh->b.len) {
        ssize_t w = write(STDERR_FILENO, sh->b.data + off, sh->b.len - off);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    buf_reset(&sh->b);
}

static void access_flush_all(void)
{
    for (int i = 0; i < ACCESS_SHARDS; i++) {
        pthread_mutex_lock(&shards[i].mu);
        if (shards[i].b.len > 0)
            shard_flush_locked(&shards[i]);
        pthread_mutex_unlock(&shards[i].mu);
    }
}

/* Writes v / 1000 "." v % 1000 (three digits) into out, or v alone when integer is set. */
static void put_fixed3(char *out, unsigned long long v, int integer)
{
    char tmp[32];
    int n = 0;
    unsigned long long whole = integer ? v : v / 1000;
    do {
        tmp[n++] = (char)('0' + whole % 10);
        whole /= 10;
    } while (whole > 0);
    size_t o = 0;
    while (n > 0)
        out[o++] = tmp[--n];
    if (!integer) {
        unsigned frac = (unsigned)(v % 1000);
        out[o++] = '.';
        out[o++] = (char)('0' + frac / 100);
        out[o++] = (char)('0' + frac / 10 % 10);
        out[o++] = (char)('0' + frac % 10);
    }
    out[o] = '\0';
}

static void access_log(const struct request *r, uint64_t dur_ns, const char *note)
{
    if (!log_enabled(LOG_INFO))
        return;
    if (my_shard < 0)
        my_shard = (int)(atomic_fetch_add(&next_shard, 1) % ACCESS_SHARDS);
    struct access_shard *sh = &shards[my_shard];
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    pthread_mutex_lock(&sh->mu);
    if (ts.tv_sec != sh->stamp_sec || sh->stamp[0] == '\0') {
        struct tm tm;
        gmtime_r(&ts.tv_sec, &tm);
        strftime(sh->stamp, sizeof sh->stamp, "%Y-%m-%dT%H:%M:%S", &tm);
        sh->stamp_sec = ts.tv_sec;
    }
    /* Formatted by hand: vsnprintf was a visible share of a GET's time. */
    unsigned long long us = (unsigned long long)(dur_ns / 1000);
    char num[48];
    struct buf *b = &sh->b;
    buf_puts(b, sh->stamp);
    put_fixed3(num, (unsigned long long)ts.tv_nsec / 1000000, 0);
    buf_puts(b, num + 1); /* "0.123" without its "0": the milliseconds of the stamp */
    buf_puts(b, "Z info  ");
    buf_puts(b, r->req.method);
    buf_putc(b, ' ');
    size_t plen = strlen(r->req.path);
    buf_append(b, r->req.path, plen > 512 ? 512 : plen);
    buf_putc(b, ' ');
    if (r->status != 0) {
        put_fixed3(num, (unsigned long long)r->status, 1);
        buf_puts(b, num);
    } else {
        buf_putc(b, '-');
    }
    buf_putc(b, ' ');
    put_fixed3(num, us, 0);
    buf_puts(b, num);
    buf_puts(b, "ms id=");
    buf_puts(b, r->rid);
    buf_puts(b, note);
    buf_putc(b, '\n');
    if (sh->b.len >= ACCESS_FLUSH_BYTES)
        shard_flush_locked(sh);
    pthread_mutex_unlock(&sh->mu);
}

static void *flusher_main(void *arg)
{
    struct http_server *s = arg;
    while (!atomic_load(&s->stopping)) {
        struct timespec ts = {0, ACCESS_FLUSH_MS * 1000000L};
        nanosleep(&ts, NULL);
        access_flush_all();
    }
    return NULL;
}

/* ---- the access handler ---- */

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* A client's id is echoed only when it is short and made of token characters, so it can go
 * into a header and a log line as it is. */
static bool request_id_ok(const char *s)
{
    size_t n = 0;
    for (; s[n] != '\0'; n++) {
        char c = s[n];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || c == '.' || c == ':';
        if (!ok || n + 1 >= HTTP_REQUEST_ID_MAX)
            return false;
    }
    return n > 0;
}

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    struct request *r = cls;
    struct http_req *req = &r->req;
    (void)kind;
    /* Every argument counts towards the target's length, kept or not. */
    r->target_len += strlen(key) + (value != NULL ? strlen(value) : 0) + 2;
    if (req->nquery >= HTTP_MAX_QUERY)
        return MHD_YES;
    req->query[req->nquery].key = key;
    req->query[req->nquery].value = value != NULL ? value : "";
    req->nquery++;
    return MHD_YES;
}

static enum MHD_Result send_response(struct MHD_Connection *conn, struct request *r,
                                     struct http_resp *resp)
{
    size_t len = resp->body.len;
    char *data = buf_steal(&resp->body);
    struct MHD_Response *mr = MHD_create_response_from_buffer_with_free_callback(len, data, free);
    if (mr == NULL) {
        free(data);
        return MHD_NO;
    }
    if (resp->status != 204 && resp->status != 304)
        MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE,
                                resp->content_type != NULL ? resp->content_type : HTTP_JSON);
    MHD_add_response_header(mr, "X-Request-Id", r->rid);
    for (size_t i = 0; i < resp->nheaders; i++)
        MHD_add_response_header(mr, resp->headers[i].name, resp->headers[i].value);
    enum MHD_Result ok = MHD_queue_response(conn, (unsigned)resp->status, mr);
    MHD_destroy_response(mr);
    if (ok == MHD_YES)
        r->status = resp->status;
    return ok;
}

static enum MHD_Result first_call(struct http_server *srv, struct MHD_Connection *conn,
                                  const char *url, const char *method, struct request *r)
{
    r->start_ns = now_ns();
    buf_init(&r->body);
    struct http_req *req = &r->req;
    req->method = method;
    req->path = url;
    req->ctx = srv->cfg.ctx;
    req->conn = conn;
    req->content_type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                    MHD_HTTP_HEADER_CONTENT_TYPE);
    const char *rid = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Request-Id");
    if (rid != NULL && request_id_ok(rid)) {
        snprintf(r->rid, sizeof r->rid, "%s", rid);
    } else {
        uint64_t n = atomic_fetch_add(&srv->rid_counter, 1);
        snprintf(r->rid, sizeof r->rid, "%08x%08llx", srv->rid_seed, (unsigned long long)n);
    }
    req->request_id = r->rid;
    r->target_len = strlen(url);
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_query, r);
    r->route = router_match(srv->cfg.routes, srv->cfg.nroutes, method, url, req, r->allow,
                            sizeof r->allow);

    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_CONTENT_LENGTH);
    unsigned long long announced = cl != NULL ? strtoull(cl, NULL, 10) : 0;
    if (announced > srv->cfg.max_body) {
        r->too_big = true;
        /* A client that waits for "100 Continue" gets the 413 at once and sends nothing. One
         * that sends its body regardless (urllib, most libraries) would meet a reset rather
         * than the 413 if MHD closed under it, so that body is read and dropped, never stored,
         * up to HTTP_DISCARD_MAX; past that the connection is not worth keeping. */
        const char *expect = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                         MHD_HTTP_HEADER_EXPECT);
        bool waits = expect != NULL && strcasecmp(expect, "100-continue") == 0;
        if (!waits && announced <= HTTP_DISCARD_MAX)
            return MHD_YES;
        struct http_resp resp;
        http_resp_init(&resp);
        problem_set(&resp, 413, "the body is %s bytes; the limit is %zu", cl, srv->cfg.max_body);
        enum MHD_Result ok = send_response(conn, r, &resp);
        http_resp_cleanup(&resp);
        return ok;
    }
    return MHD_YES;
}

/* Revalidation, after the handler: see http.h. */
static void conditional(const struct http_req *req, struct http_resp *resp)
{
    if (resp->status != 200 ||
        (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0))
        return;
    const char *cc = http_resp_header_get(resp, "Cache-Control");
    if (cc == NULL) {
        http_resp_header(resp, "Cache-Control", "no-cache");
        cc = "no-cache";
    }
    if (strstr(cc, "no-store") != NULL)
        return;
    const char *tag = http_resp_header_get(resp, "ETag");
    if (tag == NULL) {
        char computed[ETAG_MAX];
        etag_of(resp->body.data, resp->body.len, computed);
        http_resp_header(resp, "ETag", computed);
        tag = http_resp_header_get(resp, "ETag");
    }
    const char *inm = http_req_header(req, "If-None-Match");
    if (inm != NULL && etag_none_match(inm, tag)) {
        resp->status = 304;
        buf_reset(&resp->body);
    }
}

static void dispatch(struct http_server *srv, struct request *r, struct http_resp *resp)
{
    struct http_req *req = &r->req;
    bool preflight = false;
    if (r->target_len > HTTP_MAX_TARGET) {
        problem_set(resp, 414, "the request target (path and query) is longer than %d bytes",
                    HTTP_MAX_TARGET);
    } else if (strcmp(req->method, "OPTIONS") == 0 && r->route == TW_EUNSUPPORTED) {
        /* No route takes OPTIONS: a known path answers it here, preflight or not. */
        char allow[sizeof r->allow + 16];
        snprintf(allow, sizeof allow, "%s, OPTIONS", r->allow);
        http_resp_header(resp, "Allow", allow);
        resp->status = 204;
        preflight = http_req_header(req, "Access-Control-Request-Method") != NULL;
    } else if (r->too_big) {
        problem_set(resp, 413, "the body is larger than the limit of %zu bytes",
                    srv->cfg.max_body);
    } else if (r->route == TW_ENOTFOUND) {
        problem_set(resp, 404, "no resource at %s", req->path);
    } else if (r->route == TW_EUNSUPPORTED) {
        problem_set(resp, 405, "%s is not allowed on %s; allowed: %s", req->method, req->path,
                    r->allow);
        http_resp_header(resp, "Allow", r->allow);
    } else {
        req->body = r->body.data != NULL ? r->body.data : "";
        req->body_len = r->body.len;
        srv->cfg.routes[r->route].handler(req, resp);
        conditional(req, resp);
    }
    http_resp_header(resp, "X-Content-Type-Options", "nosniff");
    cors_decorate(&srv->cfg.cors, http_req_header(req, "Origin"), preflight, resp);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **req_cls)
{
    struct http_server *srv = cls;
    struct request *r = *req_cls;
    (void)version;
    if (r == NULL) {
        r = xcalloc(1, sizeof *r);
        *req_cls = r;
        return first_call(srv, conn, url, method, r);
    }
    if (*upload_data_size > 0) {
        /* Only a routed request keeps its body; the cap is checked before each append. */
        if (!r->too_big && r->route >= 0) {
            if (*upload_data_size > srv->cfg.max_body - r->body.len) {
                r->too_big = true;
                buf_cleanup(&r->body);
            } else {
                buf_append(&r->body, upload_data, *upload_data_size);
            }
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (r->status != 0)
        return MHD_YES;
    struct http_resp resp;
    http_resp_init(&resp);
    dispatch(srv, r, &resp);
    enum MHD_Result ok = send_response(conn, r, &resp);
    http_resp_cleanup(&resp);
    return ok;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct http_server *srv = cls;
    struct request *r = *req_cls;
    (void)conn;
    if (r == NULL)
        return;
    uint64_t dur = now_ns() - r->start_ns;
    if (r->status != 0) {
        size_t route = r->route >= 0 ? (size_t)r->route : srv->cfg.nroutes;
        metrics_observe(srv->cfg.metrics, route, r->status, dur);
        access_log(r, dur, "");
    } else {
        const char *why = toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? " (timeout, no answer)"
                          : toe == MHD_REQUEST_TERMINATED_CLIENT_ABORT ? " (client abort, no answer)"
                          : toe == MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN ? " (shutdown, no answer)"
                                                                          : " (error, no answer)";
        access_log(r, dur, why);
    }
    buf_cleanup(&r->body);
    free(r);
    *req_cls = NULL;
}

/* ---- start and stop ---- */

static unsigned connection_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return 1000;
    /* Room for 1,000 concurrent clients needs more than the usual soft limit of 1024. */
    if (rl.rlim_cur < rl.rlim_max && rl.rlim_cur < 65536) {
        rl.rlim_cur = rl.rlim_max < 65536 ? rl.rlim_max : 65536;
        setrlimit(RLIMIT_NOFILE, &rl);
        getrlimit(RLIMIT_NOFILE, &rl);
    }
    rlim_t room = rl.rlim_cur > 256 ? rl.rlim_cur - 128 : rl.rlim_cur / 2;
    return room > 20000 ? 20000 : (unsigned)room;
}

int http_start(const struct http_config *cfg, struct http_server **out)
{
    struct sockaddr_in sin;
    struct sockaddr_in6 sin6;
    struct sockaddr *sa;
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
    memset(&sin, 0, sizeof sin);
    memset(&sin6, 0, sizeof sin6);
    if (inet_pton(AF_INET, cfg->bind, &sin.sin_addr) == 1) {
        sin.sin_family = AF_INET;
        sin.sin_port = htons(cfg->port);
        sa = (struct sockaddr *)&sin;
    } else if (inet_pton(AF_INET6, cfg->bind, &sin6.sin6_addr) == 1) {
        sin6.sin6_family = AF_INET6;
        sin6.sin6_port = htons(cfg->port);
        sa = (struct sockaddr *)&sin6;
        flags |= MHD_USE_IPv6;
    } else {
        log_error("cannot parse bind address %s", cfg->bind);
        return TW_EINVAL;
    }

    struct http_server *s = xcalloc(1, sizeof *s);
    s->cfg = *cfg;
    if (getrandom(&s->rid_seed, sizeof s->rid_seed, 0) != (ssize_t)sizeof s->rid_seed)
        s->rid_seed = (uint32_t)time(NULL);
    atomic_init(&s->rid_counter, 1);

    s->daemon = MHD_start_daemon(
        flags, cfg->port, NULL, NULL, on_request, s,
        MHD_OPTION_SOCK_ADDR, sa,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(cfg->threads > 0 ? cfg->threads : 1),
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->timeout_s,
        MHD_OPTION_CONNECTION_LIMIT, connection_limit(),
        /* Room for a request target well past HTTP_MAX_TARGET, so that a long query string gets
         * our 414 problem; past this MHD answers its own (HTML) 414, with no hook to change it. */
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_CONN_MEMORY,
        MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        MHD_OPTION_END);
    if (s->daemon == NULL) {
        log_error("cannot listen on %s port %u", cfg->bind, (unsigned)cfg->port);
        free(s);
        return TW_EIO;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info != NULL ? info->port : cfg->port;
    s->flusher_started = pthread_create(&s->flusher, NULL, flusher_main, s) == 0;
    *out = s;
    return TW_OK;
}

uint16_t http_port(const struct http_server *s)
{
    return s->port;
}

void http_stop(struct http_server *s)
{
    if (s == NULL)
        return;
    MHD_stop_daemon(s->daemon);
    atomic_store(&s->stopping, true);
    if (s->flusher_started)
        pthread_join(s->flusher, NULL);
    access_flush_all();
    free(s);
}
