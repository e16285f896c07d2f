/* router.h - maps a method and a path to a handler through a constant route table.
 *
 * A pattern is a path whose segments may be "{name}" placeholders, each matching one non-empty
 * segment (no '/') of at most HTTP_PARAM_MAX - 1 bytes; the values land in req->params in order.
 * Threads: any (the table is constant; router_match writes only the caller's req).
 */
#ifndef TW_ROUTER_H
#define TW_ROUTER_H

#include <stddef.h>

#include "http.h"

struct route {
    const char *method;  /* "GET", "POST", "DELETE", ... */
    const char *pattern; /* "/v1/articles/{id}" */
    void (*handler)(struct http_req *req, struct http_resp *resp);
};

/* Finds the route for method and path. Returns its index and fills req->params; or
 * TW_ENOTFOUND when no pattern matches the path; or TW_EUNSUPPORTED when patterns match but none
 * with this method, writing the methods that do into allow ("GET, DELETE"). HEAD matches GET. */
int router_match(const struct route *routes, size_t nroutes, const char *method,
                 const char *path, struct http_req *req, char *allow, size_t allow_len);

#endif
