/* db_query_search.c - GET /v1/search: FTS5 over article titles, bodies and claims, best first,
 * with highlighted snippets.
 *
 * search_fts (002_query.sql) holds the three kinds in one table so that bm25 ranks them on one
 * scale; a row's kind is its rowid's high bits: (1 << 48) + article id for a title, (2 << 48) +
 * article id for a body, (3 << 48) + claim id for a claim. A kind filter is then a rowid range,
 * which FTS5 applies while it reads the doclists. */
#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db_query_internal.h"
#include "mem.h"
#include "status.h"

#define KIND_SHIFT 48
#define KIND_BASE(k) ((int64_t)((k) + 1) << KIND_SHIFT)
#define ID_MASK (((int64_t)1 << KIND_SHIFT) - 1)

/* ?1 query, ?2/?3 the rowid range of the kinds asked for, ?4/?5 the cursor (rank, rowid),
 * ?6 limit, ?7/?8 the window. The page is ranked before anything else is read; snippets and
 * article references are fetched for its rows alone. Ties in rank go by rowid. */
static const char SQL_SEARCH[] =
    "SELECT f.rowid, f.rank FROM search_fts f"
    " WHERE search_fts MATCH ?1 AND f.rowid >= ?2 AND f.rowid < ?3"
    " AND (f.rank, f.rowid) > (?4, ?5) ORDER BY f.rank, f.rowid LIMIT ?6";
/* With since/until each hit needs its article's date before it is ranked: a claim's is in its
 * row, a title's or body's in the covering index articles_id_date (the date is a virtual
 * column, which the table would compute again for every hit). */
static const char SQL_SEARCH_DATED[] =
    "SELECT f.rowid, f.rank FROM search_fts f"
    " LEFT JOIN claims c ON f.rowid > 844424930131968 AND c.id = f.rowid - 844424930131968"
    " LEFT JOIN articles a INDEXED BY articles_id_date"
    "  ON f.rowid < 844424930131968 AND a.id = f.rowid % 281474976710656"
    " WHERE search_fts MATCH ?1 AND f.rowid >= ?2 AND f.rowid < ?3"
    " AND coalesce(c.article_date, a.article_date) >= ?7"
    " AND coalesce(c.article_date, a.article_date) < ?8"
    " AND (f.rank, f.rowid) > (?4, ?5) ORDER BY f.rank, f.rowid LIMIT ?6";
/* The snippet of one hit: U+0001/U+0002 around each matched term (turned into offsets), an
 * ellipsis where text is left out. */
static const char SQL_SEARCH_SNIPPET[] =
    "SELECT snippet(search_fts, 0, char(1), char(2), '…', 24) FROM search_fts"
    " WHERE search_fts MATCH ?1 AND rowid = ?2";
/* The article of a hit, from its rowid. */
static const char SQL_SEARCH_REF[] =
    "SELECT a.id, a.title, a.article_date FROM articles a WHERE a.id ="
    " CASE WHEN ?1 > 844424930131968"
    "  THEN (SELECT article_id FROM claims WHERE id = ?1 - 844424930131968)"
    "  ELSE ?1 % 281474976710656 END";

static const char *const kind_names[] = {"title", "body", "claim"};

const char *db_search_kind_name(enum db_search_kind k)
{
    return (unsigned)k <= DB_SEARCH_CLAIM ? kind_names[k] : "unknown";
}

int db_search_kind_parse(const char *s, enum db_search_kind *out)
{
    for (size_t i = 0; s != NULL && i < 3; i++) {
        if (strcmp(s, kind_names[i]) == 0) {
            *out = (enum db_search_kind)i;
            return TW_OK;
        }
    }
    return TW_EINVAL;
}

void db_search_page_cleanup(struct db_search_page *p)
{
    if (p == NULL)
        return;
    for (size_t i = 0; i < p->n; i++) {
        dq_article_ref_cleanup(&p->items[i].article);
        free(p->items[i].snippet);
        free(p->items[i].highlights);
    }
    free(p->items);
    free(p->next_cursor);
    memset(p, 0, sizeof *p);
}

/* Takes the markers out of FTS5's snippet s into hit: the text, and the marked stretches as
 * code point offsets. */
static void set_snippet(struct db_search_hit *hit, const char *s)
{
    struct buf b;
    buf_init(&b);
    buf_puts(&b, "");
    size_t cap = 0;
    int64_t cp = 0, open = -1;
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p == 1) {
            open = cp;
        } else if (*p == 2) {
            if (open >= 0 && cp > open) {
                xgrow((void **)&hit->highlights, &cap, hit->nhighlights + 1,
                      sizeof *hit->highlights);
                hit->highlights[hit->nhighlights++] = (struct db_highlight){open, cp};
            }
            open = -1;
        } else {
            buf_putc(&b, (char)*p);
            cp += (*p & 0xC0) != 0x80;
        }
    }
    hit->snippet = buf_steal(&b);
}

static int fetch_snippet(struct db *db, const char *q, int64_t rowid, struct db_search_hit *hit)
{
    sqlite3_stmt *st = db_stmt(db, ST_Q_SEARCH_SNIPPET, "q_search_snippet", SQL_SEARCH_SNIPPET);
    if (st == NULL)
        return TW_EDB;
    sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, rowid);
    int rc = sqlite3_step(st);
    int status = TW_OK;
    if (rc == SQLITE_ROW)
        set_snippet(hit, (const char *)sqlite3_column_text(st, 0));
    else if (rc == SQLITE_DONE)
        set_snippet(hit, ""); /* deleted since it was ranked */
    else
        status = db_fail(db, "q_search_snippet", rc);
    db_done(st);
    return status;
}

static int fetch_ref(struct db *db, int64_t rowid, struct db_search_hit *hit)
{
    sqlite3_stmt *st = db_stmt(db, ST_Q_SEARCH_REF, "q_search_ref", SQL_SEARCH_REF);
    if (st == NULL)
        return TW_EDB;
    sqlite3_bind_int64(st, 1, rowid);
    int rc = sqlite3_step(st);
    int status = TW_OK;
    if (rc == SQLITE_ROW) {
        dq_read_article_ref(st, 0, &hit->article);
    } else if (rc == SQLITE_DONE) { /* deleted since it was ranked */
        hit->article.id = rowid & ID_MASK;
        hit->article.date = xstrdup("");
    } else {
        status = db_fail(db, "q_search_ref", rc);
    }
    db_done(st);
    return status;
}

int db_search(struct db *db, const struct db_search_filter *f, struct db_search_page *out,
              struct db_query_err *err)
{
    struct dq_window w;
    struct dq_cursor cur;
    dq_cursor_init(&cur, 'S');
    int status = dq_check_limit(f->limit, err);
    if (status == TW_OK && (f->q == NULL || f->q[0] == '\0'))
        status = dq_invalid(err, "q must not be empty");
    if (status == TW_OK && f->has_kind && (unsigned)f->kind > DB_SEARCH_CLAIM)
        status = dq_invalid(err, "kind must be title, body or claim");
    if (status == TW_OK)
        status = dq_window_init(&w, f->since, f->until, err);
    if (status == TW_OK && f->cursor != NULL)
        status = dq_cursor_decode(f->cursor, 'S', "ii", &cur, err);
    const char *name = w.bounded ? "q_search_dated" : "q_search";
    sqlite3_stmt *st = NULL;
    if (status == TW_OK) {
        st = w.bounded ? db_stmt(db, ST_Q_SEARCH_DATED, name, SQL_SEARCH_DATED)
                       : db_stmt(db, ST_Q_SEARCH, name, SQL_SEARCH);
        if (st == NULL)
            status = TW_EDB;
    }
    if (status != TW_OK) {
        dq_cursor_cleanup(&cur);
        return status;
    }
    /* The cursor's rank travels as the bits of the double, so it compares exactly. */
    double after_rank = -DBL_MAX;
    int64_t after_rowid = 0;
    if (f->cursor != NULL) {
        memcpy(&after_rank, &cur.f[0].i, sizeof after_rank);
        after_rowid = cur.f[1].i;
    }
    dq_cursor_cleanup(&cur);
    sqlite3_bind_text(st, 1, f->q, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, f->has_kind ? KIND_BASE(f->kind) : KIND_BASE(DB_SEARCH_TITLE));
    sqlite3_bind_int64(st, 3,
                       f->has_kind ? KIND_BASE(f->kind + 1) : KIND_BASE(DB_SEARCH_CLAIM + 1));
    sqlite3_bind_double(st, 4, after_rank);
    sqlite3_bind_int64(st, 5, after_rowid);
    sqlite3_bind_int(st, 6, f->limit + 1); /* one more tells whether a next page exists */
    if (w.bounded) {
        db_bind_text(st, 7, w.since);
        db_bind_text(st, 8, w.until);
    }

    struct db_search_hit *items = xcalloc((size_t)f->limit, sizeof *items);
    int64_t *rowids = xcalloc((size_t)f->limit, sizeof *rowids);
    double last_rank = 0;
    size_t n = 0;
    bool more = false;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == (size_t)f->limit) {
            more = true;
            break;
        }
        int64_t rowid = sqlite3_column_int64(st, 0);
        last_rank = sqlite3_column_double(st, 1);
        struct db_search_hit *hit = &items[n];
        rowids[n++] = rowid;
        int kind = (int)(rowid >> KIND_SHIFT) - 1;
        hit->kind = kind >= 0 && kind <= DB_SEARCH_CLAIM ? (enum db_search_kind)kind
                                                         : DB_SEARCH_BODY;
        hit->claim_id = hit->kind == DB_SEARCH_CLAIM ? rowid & ID_MASK : 0;
        hit->rank = -last_rank;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        status = dq_step_fail(db, name, rc, true, err);
    db_done(st);
    for (size_t i = 0; status == TW_OK && i < n; i++) {
        status = fetch_snippet(db, f->q, rowids[i], &items[i]);
        if (status == TW_OK)
            status = fetch_ref(db, rowids[i], &items[i]);
    }
    out->next_cursor = NULL;
    if (status == TW_OK && more) {
        struct dq_cursor next;
        int64_t bits;
        memcpy(&bits, &last_rank, sizeof bits);
        dq_cursor_init(&next, 'S');
        dq_cursor_int(&next, bits);
        dq_cursor_int(&next, rowids[n - 1]);
        out->next_cursor = dq_cursor_encode(&next);
        dq_cursor_cleanup(&next);
    }
    free(rowids);
    if (status != TW_OK) {
        struct db_search_page tmp = {.items = items, .n = n};
        db_search_page_cleanup(&tmp);
        return status;
    }
    out->items = items;
    out->n = n;
    return TW_OK;
}
