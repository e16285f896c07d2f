/* db_query_claims.c - GET /v1/claims: claims across articles, newest article first, filtered by
 * speaker, article, directness, article date and a full-text query over the claim text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db_query_internal.h"
#include "mem.h"
#include "status.h"

/* Keyset on (article_date, id), newest first. Parameters: ?1 speaker id, ?2 normalised
 * speaker name, ?3 article, ?4 direct, ?5 since, ?6/?7 the upper bound (article_date, id) that
 * until and the cursor make together, ?8 full-text query, ?9 limit. The variants differ in
 * what drives them: the article's claims, one speaker's claims in date order, the speakers of
 * a name, the full-text hits, or the date index. Claim rows of search_fts are those from
 * DQ_FTS_CLAIMS_SQL up, and DQ_FTS_ID_OF gives a claim's id (db_query_internal.h). */
#define CLAIM_COLS                                                                                 \
    "c.id, c.article_id, a.title, c.article_date, c.speaker_id, s.name, s.type, s.country,"        \
    " c.direct, c.cue, c.start_cp, c.end_cp, c.text"
#define CLAIM_JOIN " JOIN articles a ON a.id = c.article_id LEFT JOIN actors s ON s.id = c.speaker_id"
#define CLAIM_FILTERS                                                                              \
    " AND (?1 IS NULL OR c.speaker_id = ?1)"                                                       \
    " AND (?2 IS NULL OR c.speaker_id IN (SELECT id FROM actors WHERE norm_name = ?2))"            \
    " AND (?3 IS NULL OR c.article_id = ?3) AND (?4 IS NULL OR c.direct = ?4)"                     \
    " AND c.article_date >= ?5 AND c.article_date <= ?6 AND (c.article_date, c.id) < (?6, ?7)"
#define CLAIM_FTS_FILTER                                                                           \
    " AND (?8 IS NULL OR c.id IN (SELECT " DQ_FTS_ID_OF("rowid") " FROM search_fts"          \
    "  WHERE search_fts MATCH ?8 AND rowid >= " DQ_FTS_CLAIMS_SQL "))"
#define CLAIM_ORDER " ORDER BY c.article_date DESC, c.id DESC LIMIT ?9"

static const char SQL_CLAIMS_ALL[] = "SELECT " CLAIM_COLS " FROM claims c" CLAIM_JOIN
                                     " WHERE 1" CLAIM_FILTERS CLAIM_FTS_FILTER CLAIM_ORDER;
static const char SQL_CLAIMS_SPEAKER[] = "SELECT " CLAIM_COLS " FROM claims c" CLAIM_JOIN
                                         " WHERE c.speaker_id = ?1" CLAIM_FILTERS
                                             CLAIM_FTS_FILTER CLAIM_ORDER;
static const char SQL_CLAIMS_SPEAKERS[] =
    "SELECT " CLAIM_COLS " FROM claims c" CLAIM_JOIN
    " WHERE c.speaker_id IN (SELECT id FROM actors WHERE norm_name = ?2)" CLAIM_FILTERS
        CLAIM_FTS_FILTER CLAIM_ORDER;
static const char SQL_CLAIMS_ARTICLE[] = "SELECT " CLAIM_COLS " FROM claims c" CLAIM_JOIN
                                         " WHERE c.article_id = ?3" CLAIM_FILTERS
                                             CLAIM_FTS_FILTER CLAIM_ORDER;
/* A full-text query alone (with directness and dates at most) is listed from the full-text
 * index: its claim rows are numbered in (day, id) order (004_search_by_date.sql), so walking
 * them down from the upper bound's day meets the claims nearly in list order, and the walk
 * stops once it holds a page and has finished that page's last day (text_page_ids). A
 * frequent word costs its page, not its thousands of matches. Parameters: WALK ?1 query,
 * ?2/?3 the claim rowids of the days from since to the upper bound, ?4 since, ?5/?6 the upper
 * bound (article_date, id), ?7 direct; PAGE ?1 the page's claim ids, a JSON array. */
static const char SQL_CLAIMS_WALK[] =
    "SELECT f.rowid, c.id FROM search_fts f CROSS JOIN claims c ON c.id = " DQ_FTS_ID_OF("f.rowid")
    " WHERE search_fts MATCH ?1 AND f.rowid >= ?2 AND f.rowid <= ?3"
    " AND c.article_date >= ?4 AND c.article_date <= ?5 AND (c.article_date, c.id) < (?5, ?6)"
    " AND (?7 IS NULL OR c.direct = ?7) ORDER BY f.rowid DESC";
static const char SQL_CLAIMS_PAGE[] =
    "SELECT " CLAIM_COLS " FROM claims c" CLAIM_JOIN
    " WHERE c.id IN (SELECT value FROM json_each(?1)) ORDER BY c.article_date DESC, c.id DESC"
    " LIMIT ?2";

/* How many actors carry a normalised name (two at most are told apart). */
static const char SQL_ACTOR_IDS_BY_NAME[] = "SELECT id FROM actors WHERE norm_name = ?1 LIMIT 2";

void db_claim_page_cleanup(struct db_claim_page *p)
{
    if (p == NULL)
        return;
    for (size_t i = 0; i < p->n; i++)
        dq_claim_record_cleanup(&p->items[i]);
    free(p->items);
    free(p->next_cursor);
    memset(p, 0, sizeof *p);
}

static void read_claim(sqlite3_stmt *st, struct db_claim_record *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    dq_read_article_ref(st, 1, &r->article);
    r->has_speaker = sqlite3_column_type(st, 4) != SQLITE_NULL;
    if (r->has_speaker)
        dq_read_actor_ref(st, 4, &r->speaker);
    r->direct = sqlite3_column_int(st, 8) != 0;
    r->cue = db_column_strdup(st, 9);
    r->start = sqlite3_column_int64(st, 10);
    r->end = sqlite3_column_int64(st, 11);
    r->text = db_column_strdup(st, 12);
    if (r->text == NULL)
        r->text = xstrdup("");
}

/* The actors a speaker name means: *n gets 0, 1 (with *id) or 2 (several). */
static int speaker_ids(struct db *db, const char *norm, int *n, int64_t *id)
{
    sqlite3_stmt *st =
        db_stmt(db, ST_Q_ACTOR_IDS_BY_NAME, "q_actor_ids_by_name", SQL_ACTOR_IDS_BY_NAME);
    if (st == NULL)
        return TW_EDB;
    sqlite3_bind_text(st, 1, norm, -1, SQLITE_STATIC);
    int rc, count = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (count == 0)
            *id = sqlite3_column_int64(st, 0);
        count++;
    }
    int status = rc == SQLITE_DONE ? TW_OK : db_fail(db, "q_actor_ids_by_name", rc);
    db_done(st);
    *n = count;
    return status;
}

/* The ids of the claims that can make the first need of the list of f->q from the upper bound
 * (ud, uid) down to since, as a JSON array into ids: every match of the days down to the
 * need-th match's day. A later day holds later claims; within a day the page statement sorts
 * them. An FTS5 syntax error is TW_EINVAL. */
static int text_page_ids(struct db *db, const struct db_claim_filter *f, const char *since,
                         const char *ud, int64_t uid, size_t need, struct buf *ids,
                         struct db_query_err *err)
{
    sqlite3_stmt *st = db_stmt(db, ST_Q_CLAIMS_WALK, "q_claims_walk", SQL_CLAIMS_WALK);
    if (st == NULL)
        return TW_EDB;
    bool exact;
    int dlo = strcmp(since, DQ_DATE_MIN) != 0 ? dq_fts_day(since, &exact) : 0;
    int dhi = strcmp(ud, DQ_DATE_MAX) != 0 ? dq_fts_day(ud, &exact) : DQ_FTS_DAY_LAST;
    sqlite3_bind_text(st, 1, f->q, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, dq_fts_rowid(3, dlo, 0, 0));
    sqlite3_bind_int64(st, 3, dq_fts_rowid(3, dhi, DQ_FTS_ID_LAST, DQ_FTS_LENGTH_LAST));
    sqlite3_bind_text(st, 4, since, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, ud, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, uid);
    if (f->has_direct)
        sqlite3_bind_int(st, 7, f->direct ? 1 : 0);
    size_t got = 0;
    int64_t last_day = -1;
    int rc;
    buf_puts(ids, "[");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t day = sqlite3_column_int64(st, 0) >> DQ_FTS_DAY_SHIFT;
        if (got >= need && day != last_day)
            break;
        buf_printf(ids, "%s%lld", got++ ? "," : "", (long long)sqlite3_column_int64(st, 1));
        last_day = day;
    }
    buf_puts(ids, "]");
    int status = rc == SQLITE_ROW || rc == SQLITE_DONE
                     ? TW_OK
                     : dq_step_fail(db, "q_claims_walk", rc, true, err);
    db_done(st);
    return status;
}

int db_claim_list(struct db *db, const struct db_claim_filter *f, struct db_claim_page *out,
                  struct db_query_err *err)
{
    struct dq_window w;
    struct dq_cursor cur;
    struct buf norm;
    dq_cursor_init(&cur, 'c');
    buf_init(&norm);
    int status = dq_check_limit(f->limit, err);
    if (status == TW_OK && (f->speaker_id < 0 || f->article_id < 0))
        status = dq_invalid(err, "speaker and article ids must be positive");
    if (status == TW_OK)
        status = dq_window_init(&w, f->since, f->until, err);
    if (status == TW_OK && f->cursor != NULL)
        status = dq_cursor_decode(f->cursor, 'c', "si", &cur, err);

    /* A name several actors share (a person and an organisation) drives by all of them; a
     * name of one actor is that actor's id, whose index is in date order. */
    int64_t speaker_id = f->speaker_id, named_id = 0;
    int named = 0;
    bool empty = false;
    if (status == TW_OK && f->speaker_name != NULL) {
        db_actor_normalize(f->speaker_name, &norm);
        status = speaker_ids(db, norm.data, &named, &named_id);
        if (named == 0 || (named == 1 && speaker_id != 0 && speaker_id != named_id))
            empty = true;
        else if (named == 1)
            speaker_id = named_id;
    }
    if (status != TW_OK || empty) {
        dq_cursor_cleanup(&cur);
        buf_cleanup(&norm);
        if (status == TW_OK)
            *out = (struct db_claim_page){0};
        return status;
    }

    const char *ud = w.until;
    int64_t uid = 0;
    if (f->cursor != NULL && strcmp(cur.f[0].s, w.until) < 0) {
        ud = cur.f[0].s;
        uid = cur.f[1].i;
    }
    sqlite3_stmt *st;
    const char *name;
    bool by_text = f->article_id == 0 && speaker_id == 0 && named <= 1 && f->q != NULL;
    struct buf ids;
    buf_init(&ids);
    if (by_text)
        status = text_page_ids(db, f, w.since, ud, uid, (size_t)f->limit + 1, &ids, err);
    if (status != TW_OK) {
        name = "q_claims_walk";
        st = NULL;
    } else if (by_text) {
        name = "q_claims_page";
        st = db_stmt(db, ST_Q_CLAIMS_PAGE, name, SQL_CLAIMS_PAGE);
    } else if (f->article_id != 0) {
        name = "q_claims_article";
        st = db_stmt(db, ST_Q_CLAIMS_ARTICLE, name, SQL_CLAIMS_ARTICLE);
    } else if (speaker_id != 0) {
        name = "q_claims_speaker";
        st = db_stmt(db, ST_Q_CLAIMS_SPEAKER, name, SQL_CLAIMS_SPEAKER);
    } else if (named > 1) {
        name = "q_claims_speakers";
        st = db_stmt(db, ST_Q_CLAIMS_SPEAKERS, name, SQL_CLAIMS_SPEAKERS);
    } else {
        name = "q_claims_all";
        st = db_stmt(db, ST_Q_CLAIMS_ALL, name, SQL_CLAIMS_ALL);
    }
    if (st == NULL) {
        dq_cursor_cleanup(&cur);
        buf_cleanup(&norm);
        buf_cleanup(&ids);
        return status != TW_OK ? status : TW_EDB;
    }
    if (by_text) {
        sqlite3_bind_text(st, 1, ids.data, (int)ids.len, SQLITE_STATIC);
        sqlite3_bind_int(st, 2, f->limit + 1);
    } else {
        if (speaker_id != 0)
            sqlite3_bind_int64(st, 1, speaker_id);
        if (named > 1)
            sqlite3_bind_text(st, 2, norm.data, -1, SQLITE_TRANSIENT);
        if (f->article_id != 0)
            sqlite3_bind_int64(st, 3, f->article_id);
        if (f->has_direct)
            sqlite3_bind_int(st, 4, f->direct ? 1 : 0);
        db_bind_text(st, 5, w.since);
        db_bind_text(st, 6, ud);
        sqlite3_bind_int64(st, 7, uid);
        db_bind_text(st, 8, f->q);
        sqlite3_bind_int(st, 9, f->limit + 1); /* one more tells whether a next page exists */
    }

    struct db_claim_record *items = xcalloc((size_t)f->limit, sizeof *items);
    size_t n = 0;
    bool more = false;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == (size_t)f->limit) {
            more = true;
            break;
        }
        read_claim(st, &items[n++]);
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        status = dq_step_fail(db, name, rc, f->q != NULL, err);
    db_done(st);
    dq_cursor_cleanup(&cur);
    buf_cleanup(&norm);
    buf_cleanup(&ids);
    if (status != TW_OK) {
        for (size_t i = 0; i < n; i++)
            dq_claim_record_cleanup(&items[i]);
        free(items);
        return status;
    }
    out->items = items;
    out->n = n;
    out->next_cursor = NULL;
    if (more)
        out->next_cursor = dq_cursor_date_id('c', items[n - 1].article.date, items[n - 1].id);
    return TW_OK;
}
