/* db_query_search.c - GET /v1/search: FTS5 over article titles, bodies and claims, best first,
 * with highlighted snippets.
 *
 * search_fts holds the three kinds in one table so that they rank on one scale. A row's rowid
 * is kind << 61 | day << 40 | id << 8 | length class (004_search_by_date.sql, DQ_FTS_* in
 * db_query_internal.h): a kind is a rowid range, newest first is descending rowid within it,
 * and a since/until window is a narrower range, all of which FTS5 applies while it reads the
 * doclists. */
#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "db_query_internal.h"
#include "db_query_rank.h"
#include "db_query_snippet.h"
#include "mem.h"
#include "status.h"

/* Ranking reads each match's position lists and length, and a common term matches tens of
 * thousands of rows in 100,000 articles: each kind ranks only its DB_SEARCH_CANDIDATES newest
 * matches in the window, and the page is the best of those. One statement, a subquery per
 * kind, each a full-text cursor that walks its rowid range down and stops at the cap; tw_rank
 * (db_query_rank.h) scores them. ?1 query, ?2/?3 since/until, ?4/?5 the cursor (rank, rowid),
 * ?6 limit, ?7 candidates per kind; per kind (titles ?8.., bodies ?12.., claims ?16..) the
 * rowid range [lo, hi] of the window (lo > hi: the kind is not asked for, and the constant
 * test skips its cursor) and the inner range [ilo, ihi] of whole days inside the window, whose
 * rows need no date check: a row outside it (on the first or last day, or on a clamped day)
 * is kept when its date, read from the covering index articles_id_date or the claim row, is
 * in the window. Ties in rank go by rowid. */
#define CANDIDATES(lo, hi, ilo, ihi, in_window)                                                    \
    "SELECT * FROM (SELECT f.rowid AS r, tw_rank(search_fts, ?1) AS s FROM search_fts f"           \
    " WHERE " lo " <= " hi " AND search_fts MATCH ?1 AND f.rowid >= " lo " AND f.rowid <= " hi     \
    " AND (f.rowid >= " ilo " AND f.rowid <= " ihi " OR EXISTS (" in_window "))"                   \
    " ORDER BY f.rowid DESC LIMIT ?7)"
#define ARTICLE_IN_WINDOW                                                                          \
    "SELECT 1 FROM articles d INDEXED BY articles_id_date WHERE d.id = " DQ_FTS_ID_OF("f.rowid")  \
    " AND d.article_date >= ?2 AND d.article_date < ?3"
#define CLAIM_IN_WINDOW                                                                            \
    "SELECT 1 FROM claims d WHERE d.id = " DQ_FTS_ID_OF("f.rowid")                                \
    " AND d.article_date >= ?2 AND d.article_date < ?3"
static const char SQL_SEARCH[] =
    "SELECT r, s FROM (" CANDIDATES("?8", "?9", "?10", "?11", ARTICLE_IN_WINDOW)
    " UNION ALL " CANDIDATES("?12", "?13", "?14", "?15", ARTICLE_IN_WINDOW)
    " UNION ALL " CANDIDATES("?16", "?17", "?18", "?19", CLAIM_IN_WINDOW)
    ") WHERE (s, r) > (?4, ?5) ORDER BY s, r LIMIT ?6";
/* The article of a hit, from its rowid, and the hit's text, for its snippet. */
static const char SQL_SEARCH_HIT[] =
    "SELECT a.id, a.title, a.article_date,"
    " CASE WHEN ?1 >= " DQ_FTS_CLAIMS_SQL
    "  THEN (SELECT text FROM claims WHERE id = " DQ_FTS_ID_OF("?1") ")"
    "  WHEN ?1 >= " DQ_FTS_BODIES_SQL
    "  THEN (SELECT body FROM article_bodies WHERE article_id = a.id) ELSE a.title END"
    " FROM articles a WHERE a.id ="
    " CASE WHEN ?1 >= " DQ_FTS_CLAIMS_SQL
    "  THEN (SELECT article_id FROM claims WHERE id = " DQ_FTS_ID_OF("?1") ")"
    "  ELSE " DQ_FTS_ID_OF("?1") " END";

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

/* The article of the hit at rowid and its snippet; a hit deleted since it was ranked keeps its
 * id and gets an empty date and snippet. */
static int fetch_hit(struct db *db, int64_t rowid, struct db_search_hit *hit)
{
    sqlite3_stmt *st = db_stmt(db, ST_Q_SEARCH_HIT, "q_search_hit", SQL_SEARCH_HIT);
    if (st == NULL)
        return TW_EDB;
    sqlite3_bind_int64(st, 1, rowid);
    int rc = sqlite3_step(st);
    int status = TW_OK;
    if (rc == SQLITE_ROW) {
        dq_read_article_ref(st, 0, &hit->article);
        const char *text = (const char *)sqlite3_column_text(st, 3);
        size_t n = 0;
        const struct rank_hit *hits = search_rank_hits(db->rank, rowid, &n);
        if (text != NULL)
            status = dq_snippet(db->rank, text, (size_t)sqlite3_column_bytes(st, 3), hits, n, hit);
    } else if (rc == SQLITE_DONE) {
        hit->article.id = dq_fts_id(rowid);
        hit->article.date = xstrdup("");
    } else {
        status = db_fail(db, "q_search_hit", rc);
    }
    if (status == TW_OK && hit->snippet == NULL)
        hit->snippet = xstrdup("");
    db_done(st);
    return status;
}

/* The rowid ranges of one kind (1..3) for days [dlo, dhi], whole days inside the window
 * [ilo, ihi], into r (lo, hi, inner lo, inner hi). */
static void kind_ranges(int kind, int dlo, int dhi, int ilo, int ihi, int64_t r[4])
{
    if (dlo > dhi) {
        r[0] = 1, r[1] = 0, r[2] = 1, r[3] = 0;
        return;
    }
    r[0] = dq_fts_rowid(kind, dlo, 0, 0);
    r[1] = dq_fts_rowid(kind, dhi, DQ_FTS_ID_LAST, DQ_FTS_LENGTH_LAST);
    r[2] = ilo <= ihi ? dq_fts_rowid(kind, ilo, 0, 0) : 1;
    r[3] = ilo <= ihi ? dq_fts_rowid(kind, ihi, DQ_FTS_ID_LAST, DQ_FTS_LENGTH_LAST) : 0;
}

/* The days of the window [since, until) as rowid days: [*dlo, *dhi] holds every row in it,
 * [*ilo, *ihi] the days whose rows are all in it. A bound at midnight falls on a day
 * boundary; a clamped one (before 1900, after 7641) never does. */
static void window_days(const struct dq_window *w, int *dlo, int *dhi, int *ilo, int *ihi)
{
    static const char midnight[] = "T00:00:00.000Z";
    bool exact;
    *dlo = 0, *ilo = 0;
    if (strcmp(w->since, DQ_DATE_MIN) != 0) {
        *dlo = dq_fts_day(w->since, &exact);
        *ilo = *dlo + !(exact && strcmp(w->since + 10, midnight) == 0);
    }
    *dhi = DQ_FTS_DAY_LAST, *ihi = DQ_FTS_DAY_LAST;
    if (strcmp(w->until, DQ_DATE_MAX) != 0) {
        *dhi = dq_fts_day(w->until, &exact);
        if (exact && strcmp(w->until + 10, midnight) == 0)
            *ihi = --*dhi; /* until is exclusive: nothing of its day */
        else
            *ihi = *dhi - 1;
    }
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
    sqlite3_stmt *st = NULL;
    if (status == TW_OK) {
        st = db_stmt(db, ST_Q_SEARCH, "q_search", SQL_SEARCH);
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
    search_rank_reset(db->rank);
    sqlite3_bind_text(st, 1, f->q, -1, SQLITE_TRANSIENT);
    db_bind_text(st, 2, w.since);
    db_bind_text(st, 3, w.until);
    sqlite3_bind_double(st, 4, after_rank);
    sqlite3_bind_int64(st, 5, after_rowid);
    sqlite3_bind_int(st, 6, f->limit + 1); /* one more tells whether a next page exists */
    sqlite3_bind_int(st, 7, DB_SEARCH_CANDIDATES);
    int dlo, dhi, ilo, ihi;
    window_days(&w, &dlo, &dhi, &ilo, &ihi);
    for (int k = DB_SEARCH_TITLE; k <= DB_SEARCH_CLAIM; k++) {
        int64_t r[4];
        bool asked = !f->has_kind || (int)f->kind == k;
        kind_ranges(k + 1, asked ? dlo : 1, asked ? dhi : 0, ilo, ihi, r);
        for (int i = 0; i < 4; i++)
            sqlite3_bind_int64(st, 8 + 4 * k + i, r[i]);
    }

    struct db_search_hit *items = xcalloc((size_t)f->limit, sizeof *items);
    int64_t *rowids = xcalloc((size_t)f->limit, sizeof *rowids);
    double last_rank = 0;
    size_t n = 0;
    bool more = false;
    int rc = SQLITE_DONE;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == (size_t)f->limit) {
            more = true;
            break;
        }
        int64_t rowid = sqlite3_column_int64(st, 0);
        last_rank = sqlite3_column_double(st, 1);
        struct db_search_hit *hit = &items[n];
        rowids[n++] = rowid;
        int kind = (int)(rowid >> DQ_FTS_KIND_SHIFT) - 1;
        hit->kind = kind >= 0 && kind <= DB_SEARCH_CLAIM ? (enum db_search_kind)kind
                                                         : DB_SEARCH_BODY;
        hit->claim_id = hit->kind == DB_SEARCH_CLAIM ? dq_fts_id(rowid) : 0;
        hit->rank = -last_rank;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        status = dq_step_fail(db, "q_search", rc, true, err);
    db_done(st);
    for (size_t i = 0; status == TW_OK && i < n; i++)
        status = fetch_hit(db, rowids[i], &items[i]);
    search_rank_reset(db->rank);
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
