/* cors.c - origin matching and the CORS response headers.
 *
 * Origins compare case-insensitively (scheme and host are; browsers send them in lower case,
 * an operator may not type them so). With "*" configured the answer is the same for every
 * origin, so no Vary is needed; with a list, every answer says Vary: Origin, including those to
 * requests without an Origin header, or a shared cache could hand one origin's answer (with its
 * Access-Control-Allow-Origin) to another. */
#include "cors.h"

#include <string.h>
#include <strings.h>

bool cors_origin_valid(const char *s)
{
    if (strcmp(s, "*") == 0)
        return true;
    const char *p;
    if (strncasecmp(s, "http://", 7) == 0)
        p = s + 7;
    else if (strncasecmp(s, "https://", 8) == 0)
        p = s + 8;
    else
        return false;
    if (*p == '[') {
        const char *close = strchr(p, ']');
        if (close == NULL || close == p + 1)
            return false;
        for (const char *q = p + 1; q < close; q++) {
            bool ok = (*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'f') ||
                      (*q >= 'A' && *q <= 'F') || *q == ':' || *q == '.';
            if (!ok)
                return false;
        }
        p = close + 1;
    } else {
        const char *start = p;
        while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
               *p == '-' || *p == '.')
            p++;
        if (p == start || *start == '.' || *start == '-')
            return false;
    }
    if (*p == ':') {
        p++;
        int digits = 0;
        while (*p >= '0' && *p <= '9' && digits < 6) {
            p++;
            digits++;
        }
        if (digits == 0 || digits > 5)
            return false;
    }
    return *p == '\0';
}

void cors_decorate(const struct http_cors *cfg, const char *origin, bool preflight,
                   struct http_resp *resp)
{
    if (cfg == NULL || cfg->norigins == 0)
        return;
    bool any = false, listed = false;
    for (size_t i = 0; i < cfg->norigins; i++) {
        if (strcmp(cfg->origins[i], "*") == 0)
            any = true;
        else if (origin != NULL && strcasecmp(cfg->origins[i], origin) == 0)
            listed = true;
    }
    if (!any)
        http_resp_header(resp, "Vary", "Origin");
    if (origin == NULL || (!any && !listed))
        return;
    http_resp_header(resp, "Access-Control-Allow-Origin", any ? "*" : origin);
    if (preflight) {
        http_resp_header(resp, "Access-Control-Allow-Methods", CORS_ALLOW_METHODS);
        http_resp_header(resp, "Access-Control-Allow-Headers", CORS_ALLOW_HEADERS);
        http_resp_header(resp, "Access-Control-Max-Age", CORS_MAX_AGE);
    } else {
        http_resp_header(resp, "Access-Control-Expose-Headers", CORS_EXPOSE_HEADERS);
    }
}
