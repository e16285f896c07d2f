/* params.c - see params.h. Messages name the parameter first and say what would be accepted,
 * so a client can fix its request from the detail alone. */
#include "params.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base64.h"
#include "civil.h"
#include "problem.h"
#include "status.h"
#include "utf8.h"

bool params_rfc3339_valid(const char *s)
{
    char utc[32];
    return civil_rfc3339_utc(s, utc, sizeof utc) == TW_OK;
}

bool params_parse_id(const char *s, int64_t *out)
{
    if (s[0] < '1' || s[0] > '9' || strlen(s) > 19)
        return false;
    int64_t v = 0;
    for (const char *p = s; *p != '\0'; p++) {
        if (!isdigit((unsigned char)*p))
            return false;
        if (v > (INT64_MAX - (*p - '0')) / 10)
            return false;
        v = v * 10 + (*p - '0');
    }
    *out = v;
    return true;
}

bool params_path_id(const struct http_req *req, struct http_resp *resp, const char *resource,
                    int64_t *out)
{
    if (params_parse_id(req->params[0], out))
        return true;
    problem_set(resp, 404, "no %s has id '%s' (ids are positive integers)", resource,
                req->params[0]);
    return false;
}

bool params_limit(const struct http_req *req, struct http_resp *resp, int *out)
{
    const char *v = http_req_query(req, "limit");
    if (v == NULL)
        return true;
    int n = 0;
    bool ok = v[0] >= '1' && v[0] <= '9' && strlen(v) <= 3;
    for (const char *p = v; ok && *p != '\0'; p++) {
        ok = isdigit((unsigned char)*p);
        n = n * 10 + (*p - '0');
    }
    if (!ok || n > PARAMS_LIMIT_MAX) {
        problem_set(resp, 400, "query parameter 'limit' must be an integer from 1 to %d",
                    PARAMS_LIMIT_MAX);
        return false;
    }
    *out = n;
    return true;
}

bool params_cursor(const struct http_req *req, struct http_resp *resp, const char **out)
{
    const char *v = http_req_query(req, "cursor");
    if (v == NULL)
        return true;
    size_t n = strlen(v);
    bool ok = n > 0 && n <= PARAMS_CURSOR_MAX;
    for (size_t i = 0; ok && i < n; i++)
        ok = isalnum((unsigned char)v[i]) || v[i] == '-' || v[i] == '_' || v[i] == '=';
    if (!ok) {
        problem_set(resp, 400, "query parameter 'cursor' is malformed; pass the next_cursor "
                               "of a previous page");
        return false;
    }
    *out = v;
    return true;
}

bool params_date(const struct http_req *req, const char *name, struct http_resp *resp,
                 const char **out)
{
    const char *v = http_req_query(req, name);
    if (v == NULL)
        return true;
    if (!params_rfc3339_valid(v)) {
        problem_set(resp, 400, "query parameter '%s' must be an RFC 3339 date-time, such as "
                               "2026-03-01T00:00:00Z", name);
        return false;
    }
    *out = v;
    return true;
}

bool params_id(const struct http_req *req, const char *name, struct http_resp *resp,
               int64_t *out)
{
    const char *v = http_req_query(req, name);
    if (v == NULL)
        return true;
    if (!params_parse_id(v, out)) {
        problem_set(resp, 400, "query parameter '%s' must be a positive integer id", name);
        return false;
    }
    return true;
}

bool params_enum(const struct http_req *req, const char *name, const char *const *values,
                 struct http_resp *resp, int *out)
{
    const char *v = http_req_query(req, name);
    if (v == NULL)
        return true;
    char list[256];
    size_t used = 0;
    list[0] = '\0';
    for (int i = 0; values[i] != NULL; i++) {
        if (strcmp(values[i], v) == 0) {
            *out = i;
            return true;
        }
        size_t n = strlen(values[i]);
        if (used + n + 3 < sizeof list) {
            memcpy(list + used, i > 0 ? ", " : "", i > 0 ? 2 : 0);
            used += i > 0 ? 2 : 0;
            memcpy(list + used, values[i], n + 1);
            used += n;
        }
    }
    problem_set(resp, 400, "query parameter '%s' must be one of %s", name, list);
    return false;
}

bool params_bool(const struct http_req *req, const char *name, struct http_resp *resp,
                 int *out)
{
    const char *v = http_req_query(req, name);
    if (v == NULL)
        return true;
    if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0) {
        *out = 1;
        return true;
    }
    if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0) {
        *out = 0;
        return true;
    }
    problem_set(resp, 400, "query parameter '%s' must be true or false", name);
    return false;
}

bool params_micros(const struct http_req *req, const char *name, struct http_resp *resp,
                   bool *has, int64_t *out)
{
    const char *v = http_req_query(req, name);
    if (v == NULL)
        return true;
    const char *p = v;
    int64_t whole = 0, frac = 0;
    int nwhole = 0, nfrac = 0;
    bool ok = true;
    for (; isdigit((unsigned char)*p); p++, nwhole++) {
        if (whole > (INT64_MAX / 1000000 - 9) / 10)
            ok = false;
        else
            whole = whole * 10 + (*p - '0');
    }
    if (*p == '.') {
        for (p++; isdigit((unsigned char)*p); p++, nfrac++) {
            if (nfrac < 6)
                frac = frac * 10 + (*p - '0');
            else if (*p != '0')
                ok = false; /* a seventh significant decimal cannot be stored */
        }
        if (nfrac == 0)
            ok = false;
    }
    if (!ok || nwhole == 0 || *p != '\0') {
        problem_set(resp, 400, "query parameter '%s' must be a non-negative decimal number "
                               "(such as 25 or 2.5)%s", name, v[0] == '-' ? ", not negative" : "");
        return false;
    }
    for (int i = nfrac < 6 ? nfrac : 6; i < 6; i++)
        frac *= 10;
    *has = true;
    *out = whole * 1000000 + frac;
    return true;
}

bool params_text(const struct http_req *req, const char *name, size_t max_chars,
                 struct http_resp *resp, const char **out)
{
    const char *v = http_req_query(req, name);
    if (v == NULL)
        return true;
    size_t n = strlen(v);
    if (n == 0) {
        problem_set(resp, 400, "query parameter '%s' must not be empty", name);
        return false;
    }
    if (!utf8_valid(v, n)) {
        problem_set(resp, 400, "query parameter '%s' is not valid UTF-8", name);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f) {
            problem_set(resp, 400, "query parameter '%s' contains a control character", name);
            return false;
        }
    }
    if (utf8_count(v, n) > max_chars) {
        problem_set(resp, 400, "query parameter '%s' is longer than %zu characters", name,
                    max_chars);
        return false;
    }
    *out = v;
    return true;
}

bool params_code(const struct http_req *req, const char *name, size_t len, const char *set,
                 const char *also, const char *what, struct http_resp *resp, const char **out)
{
    const char *v = http_req_query(req, name);
    if (v == NULL)
        return true;
    bool ok = also != NULL && strcmp(v, also) == 0;
    if (!ok && strlen(v) == len) {
        ok = true;
        for (size_t i = 0; ok && i < len; i++)
            ok = v[i] != '\0' && strchr(set, v[i]) != NULL;
    }
    if (!ok) {
        problem_set(resp, 400, "query parameter '%s' must be %s", name, what);
        return false;
    }
    *out = v;
    return true;
}

bool params_id_cursor(const struct http_req *req, struct http_resp *resp, int64_t *before_id)
{
    const char *cursor = NULL;
    if (!params_cursor(req, resp, &cursor))
        return false;
    if (cursor == NULL)
        return true;
    unsigned char dec[24];
    size_t n = 0;
    bool ok = base64_decode_to(cursor, strlen(cursor), BASE64_URL, dec, sizeof dec - 1, &n) ==
              TW_OK;
    if (ok) {
        dec[n] = '\0';
        ok = memchr(dec, '\0', n) == NULL && params_parse_id((const char *)dec, before_id);
    }
    if (!ok)
        problem_set(resp, 400, "query parameter 'cursor' is malformed; pass the next_cursor "
                               "of a previous page");
    return ok;
}

void params_id_cursor_encode(int64_t id, char out[32])
{
    char dec[24];
    int n = snprintf(dec, sizeof dec, "%lld", (long long)id);
    base64_encode_to(dec, (size_t)n, BASE64_URL, out);
}
