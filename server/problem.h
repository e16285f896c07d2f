/* problem.h - error answers as application/problem+json (RFC 9457).
 *
 * Every error the API gives goes through problem_set(), so all of them carry type, title, status
 * and detail the same way. type is "about:blank", so title is the status's reason phrase and
 * detail says what was wrong with this request (naming the field when there is one).
 * Threads: any (writes only the caller's response).
 */
#ifndef TW_PROBLEM_H
#define TW_PROBLEM_H

#include "http.h"

#define PROBLEM_JSON "application/problem+json"

/* Replaces resp's status and body with a problem document; detail is printf-formatted and may
 * contain any bytes (invalid UTF-8 is repaired). Headers already added are kept. */
void problem_set(struct http_resp *resp, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* problem_set() with the HTTP status and a detail derived from a tw_status code. */
void problem_from_status(struct http_resp *resp, int tw_status, const char *what);

#endif
