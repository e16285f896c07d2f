/* params.h - the query parameters every list handler reads, parsed and checked in one place:
 * limit, cursor, dates, ids, enumerations, booleans, numbers and bounded text.
 *
 * Each params_* reader takes the parameter's name, leaves *out alone when the parameter is
 * absent (so the caller presets the default), and on bad input writes a 400 problem naming the
 * parameter into resp and returns false. A handler reads its parameters in a chain of these
 * and returns at the first false.
 * Threads: any (they write only the caller's outputs).
 */
#ifndef TW_PARAMS_H
#define TW_PARAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http.h"

#define PARAMS_LIMIT_DEFAULT 50
#define PARAMS_LIMIT_MAX 500
#define PARAMS_CURSOR_MAX 512 /* longest cursor accepted (they are far shorter) */

/* True for an RFC 3339 date-time: 2026-03-01T14:05:00Z, with optional fraction and an offset
 * (calendar-checked: no 2026-02-30). */
bool params_rfc3339_valid(const char *s);
/* Parses a decimal id: 1 .. INT64_MAX, digits only, no sign, no leading zero. */
bool params_parse_id(const char *s, int64_t *out);

/* The path's {id} (req->params[0]) into *out; a 404 naming the resource ("article") when it
 * is not an id, since no such resource can exist. */
bool params_path_id(const struct http_req *req, struct http_resp *resp, const char *resource,
                    int64_t *out);

/* limit: 1..PARAMS_LIMIT_MAX, else 400. *out keeps the caller's default when absent. */
bool params_limit(const struct http_req *req, struct http_resp *resp, int *out);
/* cursor: passed on opaque (the storage layer decodes it), but refused here when empty, longer
 * than PARAMS_CURSOR_MAX or not made of base64url characters. *out is NULL when absent. */
bool params_cursor(const struct http_req *req, struct http_resp *resp, const char **out);
/* The cursor of lists in id order (articles, subscriptions): base64url of the decimal id of the
 * last item returned. params_id_cursor reads ?cursor into *before_id (left alone when absent)
 * and writes the 400 when it is malformed; params_id_cursor_encode writes the next one. */
bool params_id_cursor(const struct http_req *req, struct http_resp *resp, int64_t *before_id);
void params_id_cursor_encode(int64_t id, char out[32]);
/* An RFC 3339 date-time. *out is NULL when absent. */
bool params_date(const struct http_req *req, const char *name, struct http_resp *resp,
                 const char **out);
/* A positive decimal id. */
bool params_id(const struct http_req *req, const char *name, struct http_resp *resp,
               int64_t *out);
/* One of values (a NULL-terminated list); *out is its index. */
bool params_enum(const struct http_req *req, const char *name, const char *const *values,
                 struct http_resp *resp, int *out);
/* true or false (also 1 or 0). *out gets 1 or 0. */
bool params_bool(const struct http_req *req, const char *name, struct http_resp *resp,
                 int *out);
/* A non-negative decimal number ("25", "0.5", "1e6" is refused) with at most 6 decimals, as
 * millionths (stored values are value_micros). *has is set when present. */
bool params_micros(const struct http_req *req, const char *name, struct http_resp *resp,
                   bool *has, int64_t *out);
/* Text of 1..max_chars code points, valid UTF-8 without control characters. *out is NULL when
 * absent. */
bool params_text(const struct http_req *req, const char *name, size_t max_chars,
                 struct http_resp *resp, const char **out);
/* A code: exactly len characters from set (e.g. the capitals, for ISO codes), or the literal
 * also (NULL: none) such as "*". what describes it in the problem ("an ISO 3166-1 alpha-2 code
 * such as US"). *out is NULL when absent. */
bool params_code(const struct http_req *req, const char *name, size_t len, const char *set,
                 const char *also, const char *what, struct http_resp *resp, const char **out);

#endif
