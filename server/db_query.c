/* db_query.c - helpers of the dashboard queries (db_query_*.c): dates, cursors, error details,
 * enum names, and the readers and cleanups of rows that several queries return. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "buf.h"
#include "civil.h"
#include "db_query_internal.h"
#include "mem.h"
#include "status.h"

int dq_invalid(struct db_query_err *err, const char *fmt, ...)
{
    if (err != NULL) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->detail, sizeof err->detail, fmt, ap);
        va_end(ap);
    }
    return TW_EINVAL;
}

int dq_window_init(struct dq_window *w, const char *since, const char *until,
                   struct db_query_err *err)
{
    memset(w, 0, sizeof *w);
    w->bounded = since != NULL || until != NULL;
    strcpy(w->since, DQ_DATE_MIN);
    strcpy(w->until, DQ_DATE_MAX);
    if (since != NULL && civil_rfc3339_utc(since, w->since, sizeof w->since) != TW_OK)
        return dq_invalid(err, "since must be an RFC 3339 date-time, such as 2026-03-01T00:00:00Z");
    if (until != NULL && civil_rfc3339_utc(until, w->until, sizeof w->until) != TW_OK)
        return dq_invalid(err, "until must be an RFC 3339 date-time, such as 2026-04-01T00:00:00Z");
    return TW_OK;
}

int64_t dq_fts_rowid(int kind, int day, int64_t id, int length_class)
{
    return (int64_t)(((uint64_t)kind << DQ_FTS_KIND_SHIFT) | ((uint64_t)day << DQ_FTS_DAY_SHIFT) |
                     (((uint64_t)id & DQ_FTS_ID_LAST) << DQ_FTS_ID_SHIFT) |
                     ((uint64_t)length_class & DQ_FTS_LENGTH_LAST));
}

int64_t dq_fts_id(int64_t rowid)
{
    return (rowid >> DQ_FTS_ID_SHIFT) & DQ_FTS_ID_LAST;
}

int dq_fts_day(const char *date, bool *exact)
{
    int y, m, d;
    *exact = false;
    if (!civil_digits(date, 4, &y) || date[4] != '-' || !civil_digits(date + 5, 2, &m) ||
        date[7] != '-' || !civil_digits(date + 8, 2, &d))
        return 0;
    int64_t day = civil_days(y, m, d) - civil_days(1900, 1, 1);
    *exact = day >= 0 && day <= DQ_FTS_DAY_LAST;
    return day < 0 ? 0 : day > DQ_FTS_DAY_LAST ? DQ_FTS_DAY_LAST : (int)day;
}

int dq_check_limit(int limit, struct db_query_err *err)
{
    if (limit < 1 || limit > DB_QUERY_MAX_LIMIT)
        return dq_invalid(err, "limit must be between 1 and %d", DB_QUERY_MAX_LIMIT);
    return TW_OK;
}

/* ---- cursors ----
 * Payload: the tag, then per field 'i' <decimal> ';' or 's' <byte length> ':' <bytes>. It is
 * not signed: a forged cursor can only ask for a page of what the same query would show. */

void dq_cursor_init(struct dq_cursor *c, char tag)
{
    memset(c, 0, sizeof *c);
    c->tag = tag;
}

void dq_cursor_cleanup(struct dq_cursor *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->f[i].s);
    memset(c, 0, sizeof *c);
}

void dq_cursor_int(struct dq_cursor *c, int64_t v)
{
    if (c->n == DQ_CURSOR_FIELDS)
        return;
    c->f[c->n].text = false;
    c->f[c->n].i = v;
    c->n++;
}

void dq_cursor_text(struct dq_cursor *c, const char *s)
{
    if (c->n == DQ_CURSOR_FIELDS)
        return;
    c->f[c->n].text = true;
    c->f[c->n].s = xstrdup(s != NULL ? s : "");
    c->n++;
}

char *dq_cursor_encode(const struct dq_cursor *c)
{
    struct buf b;
    buf_init(&b);
    buf_putc(&b, c->tag);
    for (size_t i = 0; i < c->n; i++) {
        if (c->f[i].text) {
            buf_printf(&b, "s%zu:", strlen(c->f[i].s));
            buf_puts(&b, c->f[i].s);
        } else {
            buf_printf(&b, "i%" PRId64 ";", c->f[i].i);
        }
    }
    char *out = base64_encode(b.data, b.len, BASE64_URL);
    buf_cleanup(&b);
    return out;
}

char *dq_cursor_date_id(char tag, const char *date, int64_t id)
{
    struct dq_cursor c;
    dq_cursor_init(&c, tag);
    dq_cursor_text(&c, date);
    dq_cursor_int(&c, id);
    char *out = dq_cursor_encode(&c);
    dq_cursor_cleanup(&c);
    return out;
}

/* Reads a decimal int64 (optional '-') up to term; advances *p. */
static bool read_int(const char **p, const char *end, char term, int64_t *out)
{
    const char *s = *p;
    bool neg = s < end && *s == '-';
    if (neg)
        s++;
    if (s >= end || *s < '0' || *s > '9')
        return false;
    uint64_t v = 0;
    for (; s < end && *s >= '0' && *s <= '9'; s++) {
        if (v > (UINT64_MAX - 9) / 10)
            return false;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    if (s >= end || *s != term || v > (uint64_t)INT64_MAX + (neg ? 1 : 0))
        return false;
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    *p = s + 1;
    return true;
}

int dq_cursor_decode(const char *s, char tag, const char *layout, struct dq_cursor *c,
                     struct db_query_err *err)
{
    dq_cursor_init(c, tag);
    unsigned char *raw = NULL;
    size_t len = 0;
    if (s == NULL || strlen(s) > 4096 ||
        base64_decode(s, strlen(s), BASE64_URL, &raw, &len) != TW_OK)
        return dq_invalid(err, "cursor is not one this list returned");
    const char *p = (const char *)raw, *end = p + len;
    bool ok = len > 0 && *p++ == tag;
    for (const char *l = layout; ok && *l != '\0'; l++) {
        if (p >= end || *p++ != *l) {
            ok = false;
        } else if (*l == 'i') {
            int64_t v = 0;
            ok = read_int(&p, end, ';', &v);
            if (ok)
                dq_cursor_int(c, v);
        } else {
            int64_t n = 0;
            ok = read_int(&p, end, ':', &n) && n >= 0 && n <= end - p &&
                 memchr(p, '\0', (size_t)n) == NULL;
            if (ok) {
                char *t = xstrndup(p, (size_t)n);
                dq_cursor_text(c, t);
                free(t);
                p += n;
            }
        }
    }
    free(raw);
    if (!ok || p != end) {
        dq_cursor_cleanup(c);
        dq_cursor_init(c, tag);
        return dq_invalid(err, "cursor is not one this list returned");
    }
    return TW_OK;
}

int dq_step_fail(struct db *db, const char *name, int rc, bool fts, struct db_query_err *err)
{
    if (fts && (rc & 0xff) == SQLITE_ERROR) {
        /* FTS5 reports query errors as "fts5: syntax error near ..." or "no such column" (a
         * column filter): the caller's input, so not logged. */
        const char *msg = sqlite3_errmsg(db->h);
        if (strncmp(msg, "fts5: ", 6) == 0)
            msg += 6;
        return dq_invalid(err, "q is not a valid full-text query: %s", msg);
    }
    return db_fail(db, name, rc);
}

bool dq_actor_type(const char *s, enum actor_type *out)
{
    for (int t = ACTOR_PERSON; s != NULL && t <= ACTOR_ORGANIZATION; t++) {
        if (strcmp(s, actor_type_name((enum actor_type)t)) == 0) {
            *out = (enum actor_type)t;
            return true;
        }
    }
    return false;
}

bool dq_tariff_kind(const char *s, enum tariff_kind *out)
{
    for (int k = TARIFF_RATE; s != NULL && k <= TARIFF_COVERED_VALUE; k++) {
        if (strcmp(s, tariff_kind_name((enum tariff_kind)k)) == 0) {
            *out = (enum tariff_kind)k;
            return true;
        }
    }
    return false;
}

bool dq_tariff_cmp(const char *s, enum tariff_cmp *out)
{
    for (int k = CMP_EQ; s != NULL && k <= CMP_APPROX; k++) {
        if (strcmp(s, tariff_cmp_name((enum tariff_cmp)k)) == 0) {
            *out = (enum tariff_cmp)k;
            return true;
        }
    }
    return false;
}

bool dq_tariff_change(const char *s, enum tariff_change *out)
{
    for (int k = CHANGE_IMPOSE; s != NULL && k <= CHANGE_CURRENT; k++) {
        if (strcmp(s, tariff_change_name((enum tariff_change)k)) == 0) {
            *out = (enum tariff_change)k;
            return true;
        }
    }
    return false;
}

void dq_read_article_ref(sqlite3_stmt *st, int col, struct db_article_ref *ref)
{
    ref->id = sqlite3_column_int64(st, col);
    ref->title = db_column_strdup(st, col + 1);
    ref->date = db_column_strdup(st, col + 2);
    if (ref->date == NULL)
        ref->date = xstrdup("");
}

void dq_article_ref_cleanup(struct db_article_ref *ref)
{
    free(ref->title);
    free(ref->date);
    memset(ref, 0, sizeof *ref);
}

void dq_read_actor_ref(sqlite3_stmt *st, int col, struct db_actor_ref *ref)
{
    memset(ref, 0, sizeof *ref);
    ref->id = sqlite3_column_int64(st, col);
    ref->name = db_column_strdup(st, col + 1);
    if (ref->name == NULL)
        ref->name = xstrdup("");
    if (!dq_actor_type((const char *)sqlite3_column_text(st, col + 2), &ref->type))
        ref->type = ACTOR_ORGANIZATION; /* the CHECK constraint makes this unreachable */
    const char *country = (const char *)sqlite3_column_text(st, col + 3);
    if (country != NULL)
        snprintf(ref->country, sizeof ref->country, "%s", country);
}

void dq_actor_ref_cleanup(struct db_actor_ref *ref)
{
    free(ref->name);
    memset(ref, 0, sizeof *ref);
}

void dq_claim_record_cleanup(struct db_claim_record *r)
{
    dq_article_ref_cleanup(&r->article);
    dq_actor_ref_cleanup(&r->speaker);
    free(r->cue);
    free(r->text);
    memset(r, 0, sizeof *r);
}

void dq_tariff_record_cleanup(struct db_tariff_record *r)
{
    dq_article_ref_cleanup(&r->article);
    free(r->sentence);
    free(r->unit);
    free(r->per);
    free(r->imposer);
    free(r->target);
    for (size_t i = 0; i < r->nproducts; i++)
        free(r->products[i]);
    free(r->products);
    free(r->text);
    memset(r, 0, sizeof *r);
}

void dq_bind_text_or(sqlite3_stmt *st, int i, const char *s, const char *dflt)
{
    sqlite3_bind_text(st, i, s != NULL ? s : dflt, -1, SQLITE_TRANSIENT);
}
