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

/* Ranking reads each match's position lists to score it, and a common term matches tens of
 * thousands of rows in 100,000 articles (16 ms for "currency" ranked whole): each kind ranks
 * only its DB_SEARCH_CANDIDATES newest matches (highest rowid: the most recently stored), and
 * the page is the best of those. Without since/until a first pass (SQL_SEARCH_NEWEST, rowids
 * alone, no scoring) finds the lowest rowid each kind keeps; the ranking pass then scores only
 * the rows at or above it: one full-text cursor each, as every cursor sets the query up again
 * (bm25 counts each phrase's rows, a prefix query merges the doclists of every term it covers).
 * ?1 query, ?2/?3 the rowid range of the kinds asked for, ?4/?5/?6 the lowest rowid kept of
 * titles, bodies and claims, ?8/?9 the cursor (rank, rowid), ?10 limit. The page is ranked
 * before anything else is read; snippets and article references are fetched for its rows
 * alone. Ties in rank go by rowid. */
static const char SQL_SEARCH[] =
    "SELECT f.rowid, f.rank FROM search_fts f"
    " WHERE search_fts MATCH ?1 AND f.rowid >= ?2 AND f.rowid < ?3"
    " AND f.rowid >= CASE WHEN f.rowid >= 844424930131968 THEN ?6"
    "  WHEN f.rowid >= 562949953421312 THEN ?5 ELSE ?4 END"
    " AND (f.rank, f.rowid) > (?8, ?9) ORDER BY f.rank, f.rowid LIMIT ?10";
static const char SQL_SEARCH_NEWEST[] =
    "SELECT rowid FROM search_fts WHERE search_fts MATCH ?1 AND rowid >= ?2 AND rowid < ?3"
    " ORDER BY rowid DESC";
/* With since/until each kind's newest matches are counted within the window, which needs each
 * match's date: here in one statement, a subquery per kind that stops at the cap. ?1 query,
 * ?2/?3, ?4/?5, ?6/?7 the rowid ranges of titles, bodies and claims (empty for a kind not asked
 * for: the constant test skips its cursor), ?8/?9 the cursor, ?10 limit, ?11/?12 the window,
 * ?13 the candidates per kind. */
#define NEWEST_DATED(lo, hi, join)                                                                 \
    "SELECT rowid, rank FROM (SELECT f.rowid, f.rank FROM search_fts f CROSS JOIN " join           \
    " WHERE " lo " < " hi " AND search_fts MATCH ?1 AND f.rowid >= " lo " AND f.rowid < " hi       \
    " AND d.article_date >= ?11 AND d.article_date < ?12 ORDER BY f.rowid DESC LIMIT ?13)"
/* A title's or body's date is read from the covering index articles_id_date (the date is a
 * virtual column, which the table would compute again for every hit), a claim's from its row.
 * CROSS JOIN keeps the full-text table outside, read in rowid order. */
#define ARTICLE_DATE "articles d INDEXED BY articles_id_date ON d.id = f.rowid % 281474976710656"
#define CLAIM_DATE "claims d ON d.id = f.rowid - 844424930131968"
#define RANKED(kinds)                                                                              \
    "SELECT rowid, rank FROM (" kinds ") WHERE (rank, rowid) > (?8, ?9)"                           \
    " ORDER BY rank, rowid LIMIT ?10"
static const char SQL_SEARCH_DATED[] =
    RANKED(NEWEST_DATED("?2", "?3", ARTICLE_DATE) " UNION ALL " NEWEST_DATED(
        "?4", "?5", ARTICLE_DATE) " UNION ALL " NEWEST_DATED("?6", "?7", CLAIM_DATE));
/* The snippets of a page's hits: U+0001/U+0002 around each matched term (turned into offsets),
 * an ellipsis where text is left out. One statement walks the matches between the page's
 * lowest and highest rowid (?2/?3) and computes the snippet of those in ?4 (a JSON array) alone:
 * a statement per hit set the query up again each time, which for a prefix query merges the
 * doclists of every term it covers (0.7 ms for "export*", 14 ms a page). The unary + keeps the
 * list from driving the table, which would set the query up once per rowid again. */
static const char SQL_SEARCH_SNIPPET[] =
    "SELECT rowid, snippet(search_fts, 0, char(1), char(2), '…', 24) FROM search_fts"
    " WHERE search_fts MATCH ?1 AND rowid >= ?2 AND rowid <= ?3"
    " AND +rowid IN (SELECT value FROM json_each(?4))";
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

/* The snippets of the n hits whose rowids are rowids, into items; a hit deleted since it was
 * ranked gets an empty one. One pass per kind on the page: a page mixing titles and claims
 * spans nearly the whole table between its lowest and highest rowid (24,000 matches of
 * "trade", 2.7 ms to walk), while each kind's hits lie among that kind's newest candidates. */
static int fetch_snippets(struct db *db, const char *q, const int64_t *rowids, size_t n,
                          struct db_search_hit *items)
{
    if (n == 0)
        return TW_OK;
    sqlite3_stmt *st = db_stmt(db, ST_Q_SEARCH_SNIPPET, "q_search_snippet", SQL_SEARCH_SNIPPET);
    if (st == NULL)
        return TW_EDB;
    int status = TW_OK;
    struct buf list;
    buf_init(&list);
    for (int k = 0; status == TW_OK && k < 3; k++) {
        int64_t lo = INT64_MAX, hi = INT64_MIN;
        buf_reset(&list);
        buf_puts(&list, "[");
        for (size_t i = 0; i < n; i++) {
            if ((rowids[i] >> KIND_SHIFT) - 1 != k)
                continue;
            lo = rowids[i] < lo ? rowids[i] : lo;
            hi = rowids[i] > hi ? rowids[i] : hi;
            buf_printf(&list, "%s%lld", list.len > 1 ? "," : "", (long long)rowids[i]);
        }
        if (lo > hi)
            continue;
        buf_puts(&list, "]");
        sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, lo);
        sqlite3_bind_int64(st, 3, hi);
        sqlite3_bind_text(st, 4, list.data, (int)list.len, SQLITE_STATIC);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            int64_t rowid = sqlite3_column_int64(st, 0);
            for (size_t i = 0; i < n; i++)
                if (rowids[i] == rowid && items[i].snippet == NULL)
                    set_snippet(&items[i], (const char *)sqlite3_column_text(st, 1));
        }
        if (rc != SQLITE_DONE)
            status = db_fail(db, "q_search_snippet", rc);
        db_done(st);
    }
    buf_cleanup(&list);
    for (size_t i = 0; status == TW_OK && i < n; i++)
        if (items[i].snippet == NULL)
            set_snippet(&items[i], ""); /* deleted since it was ranked */
    return status;
}

/* The lowest rowid of each kind's DB_SEARCH_CANDIDATES newest matches of q in [lo, hi) into
 * cut (the kind's first rowid when it has fewer). One walk per kind, each stopping at the cap:
 * a single walk down from the claims read every claim and body match to reach the titles' cap
 * (24,000 rows for "trade"). An FTS5 syntax error is TW_EINVAL. */
static int newest_cutoffs(struct db *db, const char *q, int64_t lo, int64_t hi, int64_t cut[3],
                          struct db_query_err *err)
{
    sqlite3_stmt *st = db_stmt(db, ST_Q_SEARCH_NEWEST, "q_search_newest", SQL_SEARCH_NEWEST);
    if (st == NULL)
        return TW_EDB;
    int status = TW_OK;
    for (int k = 0; k < 3; k++)
        cut[k] = KIND_BASE(k);
    for (int k = 0; status == TW_OK && k < 3; k++) {
        int64_t klo = KIND_BASE(k) > lo ? KIND_BASE(k) : lo;
        int64_t khi = KIND_BASE(k + 1) < hi ? KIND_BASE(k + 1) : hi;
        if (klo >= khi)
            continue;
        sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, klo);
        sqlite3_bind_int64(st, 3, khi);
        int rc, seen = 0;
        while (seen < DB_SEARCH_CANDIDATES && (rc = sqlite3_step(st)) == SQLITE_ROW) {
            cut[k] = sqlite3_column_int64(st, 0);
            seen++;
        }
        if (seen < DB_SEARCH_CANDIDATES && rc != SQLITE_DONE)
            status = dq_step_fail(db, "q_search_newest", rc, true, err);
        db_done(st);
    }
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
    int64_t lo = f->has_kind ? KIND_BASE(f->kind) : KIND_BASE(DB_SEARCH_TITLE);
    int64_t hi = f->has_kind ? KIND_BASE(f->kind + 1) : KIND_BASE(DB_SEARCH_CLAIM + 1);
    if (w.bounded) {
        for (int k = DB_SEARCH_TITLE; k <= DB_SEARCH_CLAIM; k++) {
            bool asked = !f->has_kind || (int)f->kind == k;
            sqlite3_bind_int64(st, 2 + 2 * k, asked ? KIND_BASE(k) : 0);
            sqlite3_bind_int64(st, 3 + 2 * k, asked ? KIND_BASE(k + 1) : 0);
        }
        db_bind_text(st, 11, w.since);
        db_bind_text(st, 12, w.until);
        sqlite3_bind_int(st, 13, DB_SEARCH_CANDIDATES);
    } else {
        int64_t cut[3];
        status = newest_cutoffs(db, f->q, lo, hi, cut, err);
        sqlite3_bind_int64(st, 2, lo);
        sqlite3_bind_int64(st, 3, hi);
        for (int k = 0; k < 3; k++)
            sqlite3_bind_int64(st, 4 + k, status == TW_OK ? cut[k] : 0);
    }
    sqlite3_bind_double(st, 8, after_rank);
    sqlite3_bind_int64(st, 9, after_rowid);
    sqlite3_bind_int(st, 10, f->limit + 1); /* one more tells whether a next page exists */

    struct db_search_hit *items = xcalloc((size_t)f->limit, sizeof *items);
    int64_t *rowids = xcalloc((size_t)f->limit, sizeof *rowids);
    double last_rank = 0;
    size_t n = 0;
    bool more = false;
    int rc = SQLITE_DONE;
    while (status == TW_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
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
    if (status == TW_OK)
        status = fetch_snippets(db, f->q, rowids, n, items);
    for (size_t i = 0; status == TW_OK && i < n; i++)
        status = fetch_ref(db, rowids[i], &items[i]);
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
