/* http.h - the HTTP front end over libmicrohttpd, and the request/response structs handlers use.
 *
 * http.c is the only file that includes microhttpd.h. It runs an epoll thread pool, accumulates
 * each request body into a buffer capped at max_body (answering 413 without buffering past the
 * cap), routes with router.c, calls the handler with a struct http_req / struct http_resp, and
 * writes one log line per request with its X-Request-Id. Handlers never see MHD types, so unit
 * tests build a struct http_req by hand and call them directly.
 *
 * What every answer gets without the handler's help (http.c, after the handler returns):
 * - a GET or HEAD answered 200 gets Cache-Control: no-cache unless the handler set one, and,
 *   unless that is no-store, a strong ETag of its body (unless the handler set one); when the
 *   request's If-None-Match matches that ETag the answer becomes a 304 without a body;
 * - OPTIONS on a known path is answered 204 with Allow (a CORS preflight, too);
 * - the CORS headers of cors.h, when origins are configured;
 * - a request target (path and query) longer than HTTP_MAX_TARGET is a 414 problem.
 *
 * Threads: http_start/http_stop from the main thread. Handlers run on the HTTP threads, one
 * request per thread at a time; a struct http_req/http_resp belongs to that thread alone.
 */
#ifndef TW_HTTP_H
#define TW_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define HTTP_MAX_PARAMS 2     /* path parameters such as {id} */
#define HTTP_PARAM_MAX 64     /* longest path parameter, NUL included; longer ones do not match */
#define HTTP_MAX_QUERY 32     /* query arguments kept; the rest are ignored */
#define HTTP_MAX_HEADERS 16   /* extra response headers */
#define HTTP_MAX_REQ_HEADERS 16 /* request headers a hand-built struct http_req can carry */
#define HTTP_MAX_TARGET 8192  /* longest path + query string answered; longer is a 414 */
#define HTTP_REQUEST_ID_MAX 65

struct http_param {
    const char *key, *value; /* value "" for "?flag" */
};

struct http_req {
    const char *method;       /* "GET", "POST", ... */
    const char *path;         /* decoded, without the query string */
    const char *content_type; /* NULL when absent */
    const char *request_id;
    const char *body;         /* NUL-terminated at body[body_len] ("" when there is none) */
    size_t body_len;
    struct http_param query[HTTP_MAX_QUERY];
    size_t nquery;
    char params[HTTP_MAX_PARAMS][HTTP_PARAM_MAX]; /* filled by router_match */
    size_t nparams;
    void *ctx; /* the application's context (struct handler_ctx), borrowed */
    /* Request headers, read through http_req_header(). The server leaves this array empty and
     * answers from the connection (every header, any count); unit tests fill it by hand. */
    struct http_param headers[HTTP_MAX_REQ_HEADERS];
    size_t nheaders;
    void *conn; /* private to http.c: the connection the headers come from, or NULL */
};

struct http_header {
    const char *name; /* static string */
    char *value;      /* owned */
};

struct http_resp {
    int status;               /* 200 until a handler says otherwise */
    const char *content_type; /* static string; NULL: application/json; charset=utf-8 */
    struct buf body;
    struct http_header headers[HTTP_MAX_HEADERS];
    size_t nheaders;
};

#define HTTP_JSON "application/json; charset=utf-8"

void http_resp_init(struct http_resp *r);
void http_resp_cleanup(struct http_resp *r);
/* Adds a header (name static, value copied). Asserts there is room. */
void http_resp_header(struct http_resp *r, const char *name, const char *value);
/* The value of a response header, or NULL. */
const char *http_resp_header_get(const struct http_resp *r, const char *name);
/* The first value of query argument key, or NULL. */
const char *http_req_query(const struct http_req *r, const char *key);
/* The value of request header name (compared case-insensitively; the first one when the client
 * sent several), or NULL. The string lives as long as the request. Any handler may call it. */
const char *http_req_header(const struct http_req *r, const char *name);
/* The reason phrase of an HTTP status ("Not Found"); "Unknown" for codes it does not know. */
const char *http_reason(int status);

struct route;
struct metrics;

/* Which origins may read answers (cors.h); norigins 0: no CORS headers. */
struct http_cors {
    const char *const *origins; /* borrowed; outlive the server */
    size_t norigins;
};

struct http_config {
    const char *bind; /* IPv4 or IPv6 literal */
    uint16_t port;    /* 0: any free port */
    unsigned threads;
    size_t max_body;
    unsigned timeout_s;
    const struct route *routes; /* borrowed; outlive the server */
    size_t nroutes;
    struct metrics *metrics; /* borrowed, may be NULL */
    void *ctx;               /* handed to handlers as req->ctx */
    struct http_cors cors;
};

struct http_server;

/* Binds and starts serving. Returns 0, TW_EINVAL for an address it cannot parse, or TW_EIO when
 * the socket cannot be bound (logged). */
int http_start(const struct http_config *cfg, struct http_server **out);
/* The port actually bound (useful with port 0). */
uint16_t http_port(const struct http_server *s);
/* Stops accepting and closes every connection, letting running handlers return first; frees s.
 * NULL-safe. */
void http_stop(struct http_server *s);

#endif
