/* db_query_internal.h - what the db_query_*.c files share (db_query.c): dates, cursors, error
 * details and the readers of rows common to several queries. Nothing outside server/db_query*.c
 * includes it (tests may, to look under the API).
 *
 * Threads: any for the pure helpers; the db-taking ones on the thread that holds db.
 */
#ifndef TW_DB_QUERY_INTERNAL_H
#define TW_DB_QUERY_INTERNAL_H

#include <stdarg.h>

#include "db_internal.h"
#include "db_query.h"

/* Stored dates are 24 characters ("1987-02-26T15:01:01.000Z"); these bound every one. */
#define DQ_DATE_MIN ""
#define DQ_DATE_MAX "~"
#define DQ_DATE_LEN 24

/* Writes a problem detail into err (NULL-safe) and returns TW_EINVAL. */
int dq_invalid(struct db_query_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* since/until of a request, normalised; absent bounds become DQ_DATE_MIN/DQ_DATE_MAX. */
struct dq_window {
    bool bounded; /* since or until was given */
    char since[32], until[32];
};
int dq_window_init(struct dq_window *w, const char *since, const char *until,
                   struct db_query_err *err);

/* search_fts rowids (004_search_by_date.sql): kind << 61 | day << 40 | id << 8 | length class,
 * kind 1 title, 2 body (id: the article's), 3 claim (id: the claim's), day the article date's
 * day count from 1900-01-01 clamped to 0..DQ_FTS_DAY_LAST, the length class 16 * log2(2 +
 * spaces). Descending rowid within a kind is newest first. */
#define DQ_FTS_KIND_SHIFT 61
#define DQ_FTS_DAY_SHIFT 40
#define DQ_FTS_ID_SHIFT 8
#define DQ_FTS_DAY_LAST ((1 << 21) - 1)
#define DQ_FTS_ID_LAST ((INT64_C(1) << 32) - 1)
#define DQ_FTS_LENGTH_LAST 255
/* The same in SQL text: body rows start at DQ_FTS_BODIES_SQL (2 << 61), claim rows at
 * DQ_FTS_CLAIMS_SQL (3 << 61), and DQ_FTS_ID_OF(rowid) is a row's id. */
#define DQ_FTS_BODIES_SQL "4611686018427387904"
#define DQ_FTS_CLAIMS_SQL "6917529027641081856"
#define DQ_FTS_ID_OF(rowid) "((" rowid " >> 8) & 4294967295)"
/* The rowid of kind (1..3), day, id and length class. */
int64_t dq_fts_rowid(int kind, int day, int64_t id, int length_class);
/* The id of a rowid. */
int64_t dq_fts_id(int64_t rowid);
/* The day of a stored date ("1987-02-26T15:01:01.000Z"), clamped as the schema clamps it;
 * *exact is false when clamping moved it (its rows then need their dates compared). */
int dq_fts_day(const char *date, bool *exact);

/* 1..DB_QUERY_MAX_LIMIT, else TW_EINVAL. */
int dq_check_limit(int limit, struct db_query_err *err);

/* An opaque cursor: a tag naming the query and sort that made it, then typed fields (integers
 * or text), base64url-encoded. A cursor read with another tag or field layout is TW_EINVAL. */
#define DQ_CURSOR_FIELDS 8
struct dq_cursor {
    char tag;
    size_t n;
    struct {
        bool text;
        int64_t i;
        char *s; /* heap, NUL-terminated */
    } f[DQ_CURSOR_FIELDS];
};
void dq_cursor_init(struct dq_cursor *c, char tag);
void dq_cursor_cleanup(struct dq_cursor *c);
void dq_cursor_int(struct dq_cursor *c, int64_t v);
void dq_cursor_text(struct dq_cursor *c, const char *s);
/* The encoded cursor; the caller frees it. */
char *dq_cursor_encode(const struct dq_cursor *c);
/* The encoded cursor of lists in (article date, id) order: tag, then date and id. */
char *dq_cursor_date_id(char tag, const char *date, int64_t id);
/* Decodes s, which must carry tag and the field types of layout ('i' integer, 's' text, e.g.
 * "is"). 0, or TW_EINVAL with err's detail set; *c is initialised either way. */
int dq_cursor_decode(const char *s, char tag, const char *layout, struct dq_cursor *c,
                     struct db_query_err *err);

/* Maps a failed step: an SQLITE_ERROR of a statement that carries a full-text query is the
 * query's fault (TW_EINVAL, with FTS5's message as the detail and nothing logged); anything
 * else goes through db_fail. */
int dq_step_fail(struct db *db, const char *name, int rc, bool fts, struct db_query_err *err);

/* Enum names stored as text back to enums; false for an unknown name. */
bool dq_actor_type(const char *s, enum actor_type *out);
bool dq_tariff_kind(const char *s, enum tariff_kind *out);
bool dq_tariff_cmp(const char *s, enum tariff_cmp *out);
bool dq_tariff_change(const char *s, enum tariff_change *out);

/* Fills ref from the columns id, title, date starting at col. */
void dq_read_article_ref(sqlite3_stmt *st, int col, struct db_article_ref *ref);
void dq_article_ref_cleanup(struct db_article_ref *ref);
/* Fills ref from the columns id, name, type, country starting at col. */
void dq_read_actor_ref(sqlite3_stmt *st, int col, struct db_actor_ref *ref);
void dq_actor_ref_cleanup(struct db_actor_ref *ref);

void dq_claim_record_cleanup(struct db_claim_record *r);
void dq_tariff_record_cleanup(struct db_tariff_record *r);

/* Binds s as text, or the bound value dflt when s is NULL. */
void dq_bind_text_or(sqlite3_stmt *st, int i, const char *s, const char *dflt);

/* The per-month cursor of the windowed actor list by article count: several are open at once,
 * so it is prepared per page rather than kept in a statement slot (the plan test reads it). */
extern const char DQ_SQL_ACTORS_MONTH_TOP[];

#endif
