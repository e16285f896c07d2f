/* router.c - a linear scan of the route table: with a dozen routes this is faster than any
 * structure worth building, and the order of the table is the order of precedence. */
#include "router.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "status.h"

/* Matches path against pattern segment by segment, copying placeholders into req->params. */
static bool match_path(const char *pattern, const char *path, struct http_req *req)
{
    const char *p = pattern, *s = path;
    size_t nparams = 0;
    while (*p != '\0' && *s != '\0') {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            const char *seg_end = strchrnul(s, '/');
            size_t n = (size_t)(seg_end - s);
            if (close == NULL || n == 0 || n >= HTTP_PARAM_MAX || nparams >= HTTP_MAX_PARAMS)
                return false;
            if (req != NULL) {
                memcpy(req->params[nparams], s, n);
                req->params[nparams][n] = '\0';
            }
            nparams++;
            p = close + 1;
            s = seg_end;
            continue;
        }
        if (*p != *s)
            return false;
        p++;
        s++;
    }
    if (*p != '\0' || *s != '\0')
        return false;
    if (req != NULL)
        req->nparams = nparams;
    return true;
}

int router_match(const struct route *routes, size_t nroutes, const char *method,
                 const char *path, struct http_req *req, char *allow, size_t allow_len)
{
    bool path_matched = false;
    const char *want = strcmp(method, "HEAD") == 0 ? "GET" : method;
    for (size_t i = 0; i < nroutes; i++) {
        if (strcmp(routes[i].method, want) != 0)
            continue;
        if (match_path(routes[i].pattern, path, req))
            return (int)i;
    }
    size_t used = 0;
    if (allow_len > 0)
        allow[0] = '\0';
    for (size_t i = 0; i < nroutes; i++) {
        if (!match_path(routes[i].pattern, path, NULL))
            continue;
        path_matched = true;
        if (allow_len > used) {
            int n = snprintf(allow + used, allow_len - used, "%s%s", used > 0 ? ", " : "",
                             routes[i].method);
            if (n > 0)
                used += (size_t)n;
            if (used >= allow_len)
                used = allow_len - 1;
        }
    }
    return path_matched ? TW_EUNSUPPORTED : TW_ENOTFOUND;
}
