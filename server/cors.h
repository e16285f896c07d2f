/* cors.h - Cross-Origin Resource Sharing (Fetch standard, "CORS protocol") for the API: which
 * origins may read answers, and the preflight answer.
 *
 * Configured with a list of origins ("https://dash.example.com") or "*". When the list is empty
 * no CORS header is ever sent. An origin not in the list gets no CORS header either (the browser
 * then refuses to hand the answer to the page); the server never echoes an arbitrary origin.
 * Threads: any (the configuration, a struct http_cors of http.h, is read-only once the server
 * runs).
 */
#ifndef TW_CORS_H
#define TW_CORS_H

#include <stdbool.h>
#include <stddef.h>

#include "http.h"

#define CORS_ALLOW_METHODS "GET, POST, DELETE"
#define CORS_ALLOW_HEADERS "Content-Type, If-None-Match, X-Request-Id"
#define CORS_EXPOSE_HEADERS "ETag, Location, Retry-After, X-Request-Id"
#define CORS_MAX_AGE "600"

/* True when s is "*" or a serialised origin: http or https, "://", a host of letters, digits,
 * '-', '.' (or a bracketed IPv6 literal), an optional ":port", and nothing after it (no path,
 * no trailing slash), as browsers send it in the Origin header. */
bool cors_origin_valid(const char *s);

/* Adds the CORS headers an answer to this request needs: Vary: Origin whenever the answer
 * depends on the origin, and for an allowed origin Access-Control-Allow-Origin and -Expose-
 * Headers. For a preflight (preflight true: OPTIONS with Access-Control-Request-Method) of an
 * allowed origin it adds -Allow-Methods, -Allow-Headers and -Max-Age instead of -Expose-Headers.
 * origin may be NULL (no Origin header). cfg may be NULL (CORS off); an origin "*" in it
 * allows every origin. */
void cors_decorate(const struct http_cors *cfg, const char *origin, bool preflight,
                   struct http_resp *resp);

#endif
