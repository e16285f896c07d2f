/* problem.c - RFC 9457 documents, built with jansson so that a detail quoting client input
 * (a field name, a parse error) is always escaped correctly. */
#include "problem.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "status.h"
#include "utf8.h"

void problem_set(struct http_resp *resp, int status, const char *fmt, ...)
{
    char detail[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    size_t len = n < 0 ? 0 : (size_t)n;
    if (len >= sizeof detail)
        len = sizeof detail - 1;
    size_t fixed_len = 0;
    char *fixed = utf8_repair(detail, len, &fixed_len);
    json_t *doc = json_pack("{s:s, s:s, s:i, s:s%}", "type", "about:blank", "title",
                            http_reason(status), "status", status, "detail", fixed, fixed_len);
    free(fixed);
    char *text = json_dumps(doc, JSON_COMPACT);
    json_decref(doc);
    resp->status = status;
    resp->content_type = PROBLEM_JSON;
    buf_reset(&resp->body);
    buf_puts(&resp->body, text);
    free(text);
}

void problem_from_status(struct http_resp *resp, int tw_status, const char *what)
{
    problem_set(resp, tw_status_http(tw_status), "%s: %s", what, tw_status_str(tw_status));
}
