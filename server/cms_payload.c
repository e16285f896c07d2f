/* CMS webhook payloads to article events.
 *
 * Every adapter resolves its fields to borrowed json_t values first, then one builder checks
 * their types and converts them, so the error messages and the conversions (HTML to text,
 * dates) are the same for every kind. A field is named in messages by its path in the payload
 * ("post.current.title", "entry.title", or the configured pointer).
 */
#include "cms_payload.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "buf.h"
#include "civil.h"
#include "html_text.h"
#include "mem.h"
#include "status.h"

#define ID_MAX 256          /* longest external id accepted */
#define BLOCKS_MAX_DEPTH 32 /* Strapi rich text nesting followed before giving up */

/* A field as found in the payload: a borrowed value and the path naming it in messages. */
struct field {
    const json_t *v; /* NULL when absent; JSON null counts as absent */
    char path[96];
};

/* What the adapters hand to the builder. */
struct found {
    enum cms_event_type type;
    struct field id, title, body, html, url, date;
    bool title_is_html; /* WordPress title.rendered carries entities */
    bool body_guess;    /* Strapi: a string starting with '<' is HTML, an array is blocks */
    unsigned html_flags;
};

static void fail(char *detail, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail(char *detail, const char *fmt, ...)
{
    if (detail == NULL)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, CMS_DETAIL_LEN, fmt, ap);
    va_end(ap);
}

static const char *json_kind(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
        return "an integer";
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    case JSON_NULL:
        return "null";
    }
    return "unknown";
}

/* ---- field lookup ---- */

static void field_set(struct field *f, const json_t *v, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void field_set(struct field *f, const json_t *v, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->path, sizeof f->path, fmt, ap);
    va_end(ap);
    f->v = json_is_null(v) ? NULL : v;
}

/* Takes the first of keys present (not null) in obj; keeps the first key's name otherwise. */
static void field_keys(struct field *f, const json_t *obj, const char *prefix, const char *keys)
{
    char key[48];
    const char *k = keys;
    f->v = NULL;
    bool named = false;
    while (*k) {
        size_t n = strcspn(k, "|");
        snprintf(key, sizeof key, "%.*s", (int)n, k);
        const json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
        if (!named || (v && !json_is_null(v))) {
            field_set(f, v, "%s%s%s", prefix, *prefix ? "." : "", key);
            named = true;
        }
        if (f->v)
            return;
        k += n;
        if (*k == '|')
            k++;
    }
}

bool cms_payload_pointer_valid(const char *ptr)
{
    if (ptr == NULL)
        return false;
    if (*ptr == '\0')
        return true;
    if (*ptr != '/')
        return false;
    for (const char *p = ptr; *p; p++)
        if (*p == '~' && p[1] != '0' && p[1] != '1')
            return false;
    return true;
}

int cms_payload_pointer(const json_t *root, const char *ptr, const json_t **out)
{
    if (!cms_payload_pointer_valid(ptr))
        return TW_EINVAL;
    const json_t *cur = root;
    const char *p = ptr;
    struct buf tok;
    buf_init(&tok);
    int rc = 0;
    while (*p == '/') {
        p++;
        buf_reset(&tok);
        for (; *p && *p != '/'; p++) {
            if (*p == '~') {
                buf_putc(&tok, p[1] == '1' ? '/' : '~');
                p++;
            } else {
                buf_putc(&tok, *p);
            }
        }
        const char *t = tok.data ? tok.data : "";
        if (json_is_object(cur)) {
            cur = json_object_get(cur, t);
        } else if (json_is_array(cur)) {
            /* An index is "0" or digits without a leading zero; "-" (past the end) and
             * anything else name nothing. */
            size_t n = strlen(t), idx = 0;
            bool ok = n > 0 && n < 10 && (n == 1 || t[0] != '0');
            for (size_t i = 0; ok && i < n; i++) {
                ok = t[i] >= '0' && t[i] <= '9';
                idx = idx * 10 + (size_t)(t[i] - '0');
            }
            cur = ok ? json_array_get(cur, idx) : NULL;
        } else {
            cur = NULL;
        }
        if (cur == NULL) {
            rc = TW_ENOTFOUND;
            break;
        }
    }
    buf_cleanup(&tok);
    if (rc == 0)
        *out = cur;
    return rc;
}

/* Resolves a configured pointer (or the first present of defaults, "|"-separated) under base.
 * Returns 0 or TW_EINVAL for a bad configured pointer. */
static int field_pointer(struct field *f, const json_t *base, const char *prefix,
                         const char *configured, const char *defaults, char *detail)
{
    char one[64];
    const char *list = configured ? NULL : defaults;
    f->v = NULL;
    f->path[0] = '\0';
    if (configured) {
        const json_t *v = NULL;
        int rc = cms_payload_pointer(base, configured, &v);
        if (rc == TW_EINVAL) {
            fail(detail, "mapping pointer \"%s\" is not a valid JSON pointer", configured);
            return TW_EINVAL;
        }
        field_set(f, rc == 0 ? v : NULL, "%s%s", prefix, configured);
        return 0;
    }
    while (list && *list) {
        size_t n = strcspn(list, "|");
        snprintf(one, sizeof one, "%.*s", (int)n, list);
        const json_t *v = NULL;
        bool got = cms_payload_pointer(base, one, &v) == 0 && !json_is_null(v);
        if (got || f->path[0] == '\0')
            field_set(f, got ? v : NULL, "%s%s", prefix, one);
        if (got)
            return 0;
        list += n;
        if (*list == '|')
            list++;
    }
    return 0;
}

/* ---- conversions ---- */

/* Plain text from a CMS: CRLF and CR become LF, other control characters go, ends trimmed. */
static char *clean_text(const char *s)
{
    struct buf b;
    buf_init(&b);
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '\r') {
            buf_putc(&b, '\n');
            if (p[1] == '\n')
                p++;
        } else if (c >= 0x20 || c == '\n' || c == '\t') {
            if (c != 0x7f)
                buf_putc(&b, (char)c);
        }
    }
    char *t = buf_steal(&b);
    size_t start = 0, end = strlen(t);
    while (start < end && isspace((unsigned char)t[start]))
        start++;
    while (end > start && isspace((unsigned char)t[end - 1]))
        end--;
    char *r = xstrndup(t + start, end - start);
    free(t);
    return r;
}

/* Titles are one line: every run of white space, line breaks included, becomes a space. */
static char *one_line(char *s)
{
    char *w = s;
    bool space = false;
    for (const char *r = s; *r; r++) {
        if (isspace((unsigned char)*r)) {
            space = w != s;
            continue;
        }
        if (space)
            *w++ = ' ';
        space = false;
        *w++ = *r;
    }
    *w = '\0';
    return s;
}

static int html_to_text(const char *html, unsigned flags, char **out, const char *path,
                        char *detail)
{
    if (html_text_convert_flags(html, strlen(html), flags, out, NULL) != 0) {
        fail(detail, "%s could not be read as HTML", path);
        return TW_EINVAL;
    }
    return 0;
}

/* Strapi "blocks" rich text: an array of {type, children} nodes whose leaves are
 * {type: "text", text}. Top-level blocks and list items are paragraphs. */
static void blocks_text(const json_t *nodes, struct buf *b, int depth)
{
    if (depth > BLOCKS_MAX_DEPTH || !json_is_array(nodes))
        return;
    for (size_t i = 0; i < json_array_size(nodes); i++) {
        const json_t *n = json_array_get(nodes, i);
        const char *type = json_string_value(json_object_get(n, "type"));
        const char *text = json_string_value(json_object_get(n, "text"));
        bool para = depth == 0 || (type && strcmp(type, "list-item") == 0);
        if (para && b->len > 0 && (b->len < 2 || strcmp(b->data + b->len - 2, "\n\n") != 0))
            buf_puts(b, "\n\n");
        if (text)
            buf_puts(b, text);
        blocks_text(json_object_get(n, "children"), b, depth + 1);
    }
}

int cms_payload_date_unix(long long secs, char out[CMS_DATE_LEN])
{
    /* 0001-01-01 and 9999-12-31T23:59:59 */
    if (secs < -62135596800LL || secs > 253402300799LL)
        return TW_EINVAL;
    time_t t = (time_t)secs;
    struct tm tm;
    if (gmtime_r(&t, &tm) == NULL)
        return TW_EINVAL;
    /* The moduli tell the compiler each field's width; the range check above made them no-ops. */
    snprintf(out, CMS_DATE_LEN, "%04u-%02u-%02uT%02u:%02u:%02uZ",
             (unsigned)(tm.tm_year + 1900) % 10000u, (unsigned)(tm.tm_mon + 1) % 100u,
             (unsigned)tm.tm_mday % 100u, (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u,
             (unsigned)tm.tm_sec % 100u);
    return 0;
}

/* Reads exactly n digits at *p and moves past them. */
static bool digits(const char **p, int n, int *out)
{
    if (!civil_digits(*p, n, out))
        return false;
    *p += n;
    return true;
}

/* Parses an ISO 8601 date-time into unix seconds (see cms_payload_date). */
static int date_secs(const char *in, long long *out)
{
    const char *p = in;
    int y, mo, d, h = 0, mi = 0, s = 0, oh = 0, om = 0, sign = 0;
    if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) || *p++ != '-' ||
        !digits(&p, 2, &d))
        return TW_EINVAL;
    if (*p == 'T' || *p == 't' || *p == ' ') {
        p++;
        if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi))
            return TW_EINVAL;
        if (*p == ':') {
            p++;
            if (!digits(&p, 2, &s))
                return TW_EINVAL;
            if (*p == '.' || *p == ',') {
                p++;
                if (*p < '0' || *p > '9')
                    return TW_EINVAL;
                while (*p >= '0' && *p <= '9')
                    p++;
            }
        }
        if (*p == 'Z' || *p == 'z') {
            p++;
        } else if (*p == '+' || *p == '-') {
            sign = *p++ == '+' ? 1 : -1;
            if (!digits(&p, 2, &oh))
                return TW_EINVAL;
            if (*p == ':')
                p++;
            if (*p && !digits(&p, 2, &om))
                return TW_EINVAL;
        }
    }
    if (*p != '\0')
        return TW_EINVAL;
    if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > civil_month_days(y, mo) ||
        h > 23 || mi > 59 || s > 59 || oh > 23 || om > 59)
        return TW_EINVAL;
    long long secs = civil_days(y, mo, d) * 86400LL + h * 3600 + mi * 60 + s;
    *out = secs - sign * (oh * 3600LL + om * 60LL);
    return 0;
}

int cms_payload_date(const char *in, char out[CMS_DATE_LEN])
{
    long long secs;
    if (date_secs(in, &secs) != 0)
        return TW_EINVAL;
    return cms_payload_date_unix(secs, out);
}

/* ---- events ---- */

/* Reads an event name by keyword; false when none matches. */
static bool event_from_words(const char *s, enum cms_event_type *out)
{
    static const struct {
        const char *word;
        enum cms_event_type type;
    } words[] = {
        {"unpublish", CMS_EVENT_DELETED}, {"delete", CMS_EVENT_DELETED},
        {"trash", CMS_EVENT_DELETED},     {"remove", CMS_EVENT_DELETED},
        {"update", CMS_EVENT_UPDATED},    {"edit", CMS_EVENT_UPDATED},
        {"modif", CMS_EVENT_UPDATED},     {"publish", CMS_EVENT_PUBLISHED},
        {"create", CMS_EVENT_PUBLISHED},  {"add", CMS_EVENT_PUBLISHED},
        {"insert", CMS_EVENT_PUBLISHED},  {"new", CMS_EVENT_PUBLISHED},
    };
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        if (strcasestr(s, words[i].word)) {
            *out = words[i].type;
            return true;
        }
    }
    return false;
}

static int check_type(const struct field *f, json_type want, const char *name, char *detail)
{
    if (f->v && json_typeof(f->v) != want) {
        fail(detail, "%s must be %s, not %s", f->path, name, json_kind(f->v));
        return TW_EINVAL;
    }
    return 0;
}

static int build_id(const struct field *f, char **out, char *detail)
{
    if (f->v == NULL) {
        fail(detail, "missing %s", f->path);
        return TW_EINVAL;
    }
    if (json_is_integer(f->v)) {
        *out = xasprintf("%" JSON_INTEGER_FORMAT, json_integer_value(f->v));
        return 0;
    }
    if (!json_is_string(f->v)) {
        fail(detail, "%s must be a string or an integer, not %s", f->path, json_kind(f->v));
        return TW_EINVAL;
    }
    char *id = clean_text(json_string_value(f->v));
    if (*id == '\0' || strlen(id) > ID_MAX || strchr(id, '\n')) {
        fail(detail, "%s must be a non-empty single line of at most %d bytes", f->path, ID_MAX);
        free(id);
        return TW_EINVAL;
    }
    *out = id;
    return 0;
}

static int build_date(const struct field *f, char **out, char *detail)
{
    char d[CMS_DATE_LEN];
    if (f->v == NULL)
        return 0;
    if (json_is_integer(f->v)) {
        long long v = json_integer_value(f->v);
        /* Past 10^11 seconds (year 5138) it is surely milliseconds. */
        if (cms_payload_date_unix(v > 100000000000LL || v < -100000000000LL ? v / 1000 : v, d) !=
            0) {
            fail(detail, "%s is out of range", f->path);
            return TW_EINVAL;
        }
    } else if (json_is_string(f->v)) {
        const char *s = json_string_value(f->v);
        if (*s == '\0' || strncmp(s, "0000-00-00", 10) == 0)
            return 0; /* WordPress's "no date yet" */
        if (cms_payload_date(s, d) != 0) {
            fail(detail, "%s is not an RFC 3339 date-time", f->path);
            return TW_EINVAL;
        }
    } else {
        fail(detail, "%s must be a string or an integer, not %s", f->path, json_kind(f->v));
        return TW_EINVAL;
    }
    *out = xstrdup(d);
    return 0;
}

static int body_text(const struct found *fd, char **out, const struct field **used, char *detail)
{
    const struct field *f = fd->body.v ? &fd->body : &fd->html;
    bool html = f == &fd->html;
    *used = f;
    if (f->v == NULL) {
        fail(detail, "missing %s", fd->body.path[0] ? fd->body.path : fd->html.path);
        return TW_EINVAL;
    }
    if (fd->body_guess && json_is_array(f->v)) {
        struct buf b;
        buf_init(&b);
        blocks_text(f->v, &b, 0);
        char *raw = buf_steal(&b);
        *out = clean_text(raw);
        free(raw);
        return 0;
    }
    if (!json_is_string(f->v)) {
        fail(detail, "%s must be a string, not %s", f->path, json_kind(f->v));
        return TW_EINVAL;
    }
    const char *s = json_string_value(f->v);
    if (fd->body_guess) {
        const char *p = s;
        while (isspace((unsigned char)*p))
            p++;
        html = *p == '<';
    }
    if (html)
        return html_to_text(s, fd->html_flags, out, f->path, detail);
    *out = clean_text(s);
    return 0;
}

/* The body as text; an article without any text is refused, since there is nothing to read. */
static int build_body(const struct found *fd, char **out, char *detail)
{
    const struct field *used = NULL;
    char *text = NULL;
    int rc = body_text(fd, &text, &used, detail);
    if (rc != 0)
        return rc;
    if (*text == '\0') {
        fail(detail, "%s has no text", used->path);
        free(text);
        return TW_EINVAL;
    }
    *out = text;
    return 0;
}

static int build(const struct found *fd, struct cms_event *out, char *detail)
{
    struct cms_event ev = {.type = fd->type};
    int rc = TW_EINVAL;
    if (check_type(&fd->title, JSON_STRING, "a string", detail) != 0 ||
        check_type(&fd->url, JSON_STRING, "a string", detail) != 0)
        goto out;
    if (build_id(&fd->id, &ev.external_id, detail) != 0)
        goto out;
    if (fd->type != CMS_EVENT_DELETED) {
        if (fd->title.v) {
            const char *t = json_string_value(fd->title.v);
            if (fd->title_is_html) {
                if (html_to_text(t, 0, &ev.title, fd->title.path, detail) != 0)
                    goto out;
            } else {
                ev.title = clean_text(t);
            }
            one_line(ev.title);
        }
        if (fd->url.v)
            ev.url = clean_text(json_string_value(fd->url.v));
        if (build_body(fd, &ev.body, detail) != 0 ||
            build_date(&fd->date, &ev.published_at, detail) != 0)
            goto out;
    }
    *out = ev;
    return 0;
out:
    cms_event_cleanup(&ev);
    return rc;
}

static int ignore(struct cms_event *out, char *detail, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int ignore(struct cms_event *out, char *detail, const char *fmt, ...)
{
    memset(out, 0, sizeof *out);
    out->type = CMS_EVENT_IGNORED;
    if (detail) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(detail, CMS_DETAIL_LEN, fmt, ap);
        va_end(ap);
    }
    return 0;
}

/* ---- adapters ---- */

static int parse_standard(const json_t *root, struct cms_event *out, char *detail)
{
    struct found fd = {0};
    const json_t *type = json_object_get(root, "type");
    const json_t *data = json_object_get(root, "data");
    if (type == NULL) {
        fail(detail, "missing type");
        return TW_EINVAL;
    }
    if (!json_is_string(type)) {
        fail(detail, "type must be a string, not %s", json_kind(type));
        return TW_EINVAL;
    }
    const char *t = json_string_value(type);
    if (strcmp(t, "article.published") == 0)
        fd.type = CMS_EVENT_PUBLISHED;
    else if (strcmp(t, "article.updated") == 0)
        fd.type = CMS_EVENT_UPDATED;
    else if (strcmp(t, "article.deleted") == 0)
        fd.type = CMS_EVENT_DELETED;
    else
        return ignore(out, detail, "type \"%.60s\" is not handled", t);
    if (data == NULL) {
        fail(detail, "missing data");
        return TW_EINVAL;
    }
    if (!json_is_object(data)) {
        fail(detail, "data must be an object, not %s", json_kind(data));
        return TW_EINVAL;
    }
    field_keys(&fd.id, data, "data", "external_id");
    field_keys(&fd.title, data, "data", "title");
    field_keys(&fd.body, data, "data", "body");
    field_keys(&fd.html, data, "data", "html");
    field_keys(&fd.url, data, "data", "url");
    field_keys(&fd.date, data, "data", "published_at");
    return build(&fd, out, detail);
}

/* Ghost's payload, as its webhook serializer builds it (TryGhost/Ghost,
 * ghost/core/core/server/services/webhooks/serialize.js): {"post": {"current": <the post as the
 * Admin API serialises it, with the html and plaintext formats>, "previous": <only the changed
 * fields, before the change>}}; for a deleted post current is {} and previous holds the old
 * values. The event name travels only in the webhook's configuration, never in the body. */
static int parse_ghost(const json_t *root, const char *hint, struct cms_event *out, char *detail)
{
    struct found fd = {0};
    const char *res = json_object_get(root, "post") ? "post" : "page";
    const json_t *wrap = json_object_get(root, res);
    if (wrap == NULL) {
        fail(detail, "missing post (or page)");
        return TW_EINVAL;
    }
    if (!json_is_object(wrap)) {
        fail(detail, "%s must be an object, not %s", res, json_kind(wrap));
        return TW_EINVAL;
    }
    const json_t *cur = json_object_get(wrap, "current");
    const json_t *prev = json_object_get(wrap, "previous");
    if (cur && !json_is_object(cur)) {
        fail(detail, "%s.current must be an object, not %s", res, json_kind(cur));
        return TW_EINVAL;
    }
    if (prev && !json_is_object(prev)) {
        fail(detail, "%s.previous must be an object, not %s", res, json_kind(prev));
        return TW_EINVAL;
    }
    if (cur == NULL && prev == NULL) {
        fail(detail, "missing %s.current", res);
        return TW_EINVAL;
    }
    bool gone = cur == NULL || json_object_size(cur) == 0;
    const char *status = json_string_value(json_object_get(cur, "status"));
    const char *pstatus = json_string_value(json_object_get(prev, "status"));

    if (hint && *hint) {
        if (strstr(hint, ".published.edited"))
            fd.type = CMS_EVENT_UPDATED;
        else if (strstr(hint, ".published"))
            fd.type = CMS_EVENT_PUBLISHED;
        else if (strstr(hint, ".deleted") || strstr(hint, ".unpublished"))
            fd.type = CMS_EVENT_DELETED;
        else
            return ignore(out, detail, "event \"%.60s\" is not handled", hint);
    } else if (gone) {
        fd.type = CMS_EVENT_DELETED;
    } else if (status && strcmp(status, "published") != 0) {
        if (pstatus && strcmp(pstatus, "published") == 0)
            fd.type = CMS_EVENT_DELETED;
        else
            return ignore(out, detail, "%s status \"%.40s\" is not published", res, status);
    } else if (pstatus || prev == NULL || json_object_size(prev) == 0) {
        fd.type = CMS_EVENT_PUBLISHED; /* a status change (pstatus is not "published") */
    } else {
        fd.type = CMS_EVENT_UPDATED;
    }

    char where[24];
    if (fd.type == CMS_EVENT_DELETED && gone) {
        snprintf(where, sizeof where, "%s.previous", res);
        field_keys(&fd.id, prev, where, "id");
        return build(&fd, out, detail);
    }
    snprintf(where, sizeof where, "%s.current", res);
    if (gone) {
        fail(detail, "%s is empty", where);
        return TW_EINVAL;
    }
    field_keys(&fd.id, cur, where, "id");
    field_keys(&fd.title, cur, where, "title");
    field_keys(&fd.html, cur, where, "html");
    field_keys(&fd.body, cur, where, "plaintext");
    /* html is preferred: the text then follows our own paragraph rules. */
    if (fd.html.v) {
        fd.body.v = NULL;
        fd.body.path[0] = '\0';
    }
    field_keys(&fd.url, cur, where, "url");
    field_keys(&fd.date, cur, where, "published_at");
    return build(&fd, out, detail);
}

/* WordPress wraps titles and contents as {"rendered": "..."} in REST resources. */
static void wp_rendered(struct field *f, const char *prefix, const char *key)
{
    if (json_is_object(f->v)) {
        const json_t *r = json_object_get(f->v, "rendered");
        field_set(f, r, "%s%s%s.rendered", prefix, *prefix ? "." : "", key);
    }
}

static int parse_wordpress(const json_t *root, const char *hint, struct cms_event *out,
                           char *detail)
{
    struct found fd = {0};
    const json_t *post = json_object_get(root, "post");
    const char *prefix = json_is_object(post) ? "post" : "";
    if (!json_is_object(post))
        post = root;

    field_keys(&fd.id, post, prefix, "ID|id");
    if (fd.id.v == NULL && post != root)
        field_keys(&fd.id, root, "", "post_id");
    field_keys(&fd.title, post, prefix, "post_title|title");
    if (json_is_object(fd.title.v)) {
        wp_rendered(&fd.title, prefix, "title");
        fd.title_is_html = true; /* rendered titles carry entities ("&#8211;") */
    }
    field_keys(&fd.html, post, prefix, "post_content|content");
    if (json_is_object(fd.html.v))
        wp_rendered(&fd.html, prefix, "content");
    else if (strstr(fd.html.path, "post_content"))
        fd.html_flags = HTML_TEXT_NEWLINES; /* raw content: blank lines are paragraphs */
    field_keys(&fd.url, root, "", "post_permalink");
    if (fd.url.v == NULL) {
        field_keys(&fd.url, post, prefix, "link|guid");
        if (json_is_object(fd.url.v))
            wp_rendered(&fd.url, prefix, "guid");
    }
    field_keys(&fd.date, post, prefix, "post_date_gmt|date_gmt");

    struct field status, modified;
    field_keys(&status, post, prefix, "post_status|status");
    field_keys(&modified, post, prefix, "post_modified_gmt|modified_gmt");
    if (check_type(&status, JSON_STRING, "a string", detail) != 0)
        return TW_EINVAL;
    const char *st = status.v ? json_string_value(status.v) : NULL;

    static const char *const event_keys[] = {"action", "event", "hook"};
    const char *word = hint;
    for (size_t i = 0; (word == NULL || *word == '\0') && i < 3; i++)
        word = json_string_value(json_object_get(root, event_keys[i]));
    if (word && *word) {
        if (!event_from_words(word, &fd.type))
            return ignore(out, detail, "event \"%.60s\" is not handled", word);
    } else if (st == NULL) {
        fail(detail, "missing %s and no event name", status.path);
        return TW_EINVAL;
    } else if (strcmp(st, "trash") == 0) {
        fd.type = CMS_EVENT_DELETED;
    } else {
        fd.type = CMS_EVENT_PUBLISHED;
        const char *pub = json_string_value(fd.date.v), *mod = json_string_value(modified.v);
        long long t1, t2;
        /* A minute of slack covers the save that publishes. */
        if (pub && mod && date_secs(pub, &t1) == 0 && date_secs(mod, &t2) == 0 && t2 - t1 > 60)
            fd.type = CMS_EVENT_UPDATED;
    }
    if (st && strcmp(st, "publish") != 0 && fd.type != CMS_EVENT_DELETED) {
        if (fd.type == CMS_EVENT_PUBLISHED)
            return ignore(out, detail, "post status \"%.40s\" is not publish", st);
        fd.type = CMS_EVENT_DELETED; /* an update that took it off the site */
    }
    return build(&fd, out, detail);
}

static int parse_strapi(const struct cms_mapping *map, const json_t *root, struct cms_event *out,
                        char *detail)
{
    struct found fd = {.body_guess = true};
    const json_t *ev = json_object_get(root, "event");
    const json_t *entry = json_object_get(root, "entry");
    if (ev == NULL) {
        fail(detail, "missing event");
        return TW_EINVAL;
    }
    if (!json_is_string(ev)) {
        fail(detail, "event must be a string, not %s", json_kind(ev));
        return TW_EINVAL;
    }
    const char *e = json_string_value(ev);
    if (strncmp(e, "entry.", 6) != 0)
        return ignore(out, detail, "event \"%.60s\" is not handled", e);
    if (entry == NULL) {
        fail(detail, "missing entry");
        return TW_EINVAL;
    }
    if (!json_is_object(entry)) {
        fail(detail, "entry must be an object, not %s", json_kind(entry));
        return TW_EINVAL;
    }
    /* With draft & publish on, publishedAt is present and null on drafts. */
    const json_t *pub = json_object_get(entry, "publishedAt");
    bool draft = pub != NULL && json_is_null(pub);
    if (strcmp(e, "entry.publish") == 0)
        fd.type = CMS_EVENT_PUBLISHED;
    else if (strcmp(e, "entry.create") == 0 && !draft)
        fd.type = CMS_EVENT_PUBLISHED;
    else if (strcmp(e, "entry.update") == 0 && !draft)
        fd.type = CMS_EVENT_UPDATED;
    else if (strcmp(e, "entry.unpublish") == 0 || strcmp(e, "entry.delete") == 0)
        fd.type = CMS_EVENT_DELETED;
    else if (draft)
        return ignore(out, detail, "%s of a draft is not handled", e);
    else
        return ignore(out, detail, "event \"%.60s\" is not handled", e);

    const struct cms_mapping none = {0};
    if (map == NULL)
        map = &none;
    /* Strapi 5's documentId is stable across the draft and published versions; id is not. */
    if (field_pointer(&fd.id, entry, "entry", map->id, "/documentId|/id", detail) != 0 ||
        field_pointer(&fd.title, entry, "entry", map->title, "/title", detail) != 0 ||
        field_pointer(&fd.body, entry, "entry", map->body, "/body|/content", detail) != 0 ||
        field_pointer(&fd.html, entry, "entry", map->html, NULL, detail) != 0 ||
        field_pointer(&fd.url, entry, "entry", map->url, "/url|/slug", detail) != 0 ||
        field_pointer(&fd.date, entry, "entry", map->date, "/publishedAt", detail) != 0)
        return TW_EINVAL;
    if (map->html && map->body == NULL) {
        fd.body.v = NULL; /* an explicit html mapping wins over the default body fields */
        fd.body.path[0] = '\0';
    }
    if (fd.html.v && fd.body.v == NULL)
        fd.body_guess = false;
    return build(&fd, out, detail);
}

static int parse_generic(const struct cms_mapping *map, const json_t *root, struct cms_event *out,
                         char *detail)
{
    struct found fd = {.type = CMS_EVENT_PUBLISHED};
    if (map == NULL || map->id == NULL || (map->body == NULL && map->html == NULL)) {
        fail(detail, "the generic kind needs a mapping with id and body or html");
        return TW_EINVAL;
    }
    struct field ev;
    if (field_pointer(&fd.id, root, "", map->id, NULL, detail) != 0 ||
        field_pointer(&fd.title, root, "", map->title, NULL, detail) != 0 ||
        field_pointer(&fd.body, root, "", map->body, NULL, detail) != 0 ||
        field_pointer(&fd.html, root, "", map->html, NULL, detail) != 0 ||
        field_pointer(&fd.url, root, "", map->url, NULL, detail) != 0 ||
        field_pointer(&fd.date, root, "", map->date, NULL, detail) != 0 ||
        field_pointer(&ev, root, "", map->event, NULL, detail) != 0)
        return TW_EINVAL;
    if (map->event) {
        if (ev.v == NULL) {
            fail(detail, "missing %s", ev.path);
            return TW_EINVAL;
        }
        if (check_type(&ev, JSON_STRING, "a string", detail) != 0)
            return TW_EINVAL;
        const char *e = json_string_value(ev.v);
        if (!event_from_words(e, &fd.type))
            return ignore(out, detail, "event \"%.60s\" is not handled", e);
    }
    return build(&fd, out, detail);
}

int cms_payload_parse(enum cms_kind kind, const struct cms_mapping *map, const json_t *root,
                      const char *event_hint, struct cms_event *out, char *detail)
{
    if (detail)
        detail[0] = '\0';
    if (!json_is_object(root)) {
        fail(detail, "the body must be a JSON object, not %s", root ? json_kind(root) : "nothing");
        return TW_EINVAL;
    }
    switch (kind) {
    case CMS_STANDARD:
        return parse_standard(root, out, detail);
    case CMS_GHOST:
        return parse_ghost(root, event_hint, out, detail);
    case CMS_WORDPRESS:
        return parse_wordpress(root, event_hint, out, detail);
    case CMS_STRAPI:
        return parse_strapi(map, root, out, detail);
    case CMS_GENERIC:
        return parse_generic(map, root, out, detail);
    }
    fail(detail, "unknown source kind");
    return TW_EINVAL;
}

void cms_event_cleanup(struct cms_event *ev)
{
    if (ev == NULL)
        return;
    free(ev->external_id);
    free(ev->title);
    free(ev->body);
    free(ev->url);
    free(ev->published_at);
    memset(ev, 0, sizeof *ev);
}

static const char *const kind_names[] = {
    [CMS_STANDARD] = "standard", [CMS_GHOST] = "ghost",     [CMS_WORDPRESS] = "wordpress",
    [CMS_STRAPI] = "strapi",     [CMS_GENERIC] = "generic",
};

int cms_payload_kind_parse(const char *name, enum cms_kind *out)
{
    for (size_t i = 0; i < sizeof kind_names / sizeof *kind_names; i++) {
        if (strcmp(name, kind_names[i]) == 0) {
            *out = (enum cms_kind)i;
            return 0;
        }
    }
    return TW_EINVAL;
}

const char *cms_payload_kind_name(enum cms_kind kind)
{
    return (size_t)kind < sizeof kind_names / sizeof *kind_names ? kind_names[kind] : "unknown";
}

enum webhook_scheme cms_payload_kind_scheme(enum cms_kind kind)
{
    switch (kind) {
    case CMS_STANDARD:
        return WEBHOOK_SCHEME_STANDARD;
    case CMS_GHOST:
        return WEBHOOK_SCHEME_GHOST;
    default:
        return WEBHOOK_SCHEME_TOKEN;
    }
}

const char *cms_payload_event_name(enum cms_event_type type)
{
    switch (type) {
    case CMS_EVENT_PUBLISHED:
        return "published";
    case CMS_EVENT_UPDATED:
        return "updated";
    case CMS_EVENT_DELETED:
        return "deleted";
    case CMS_EVENT_IGNORED:
        return "ignored";
    }
    return "unknown";
}
