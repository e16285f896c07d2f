/* db_query_actors.c - GET /v1/actors (actors across articles with their counts) and
 * GET /v1/actors/{id} (one actor with aliases, roles, claims, co-actors and tariffs).
 *
 * Unwindowed lists read the counters the triggers of 002_query.sql keep on actors, through one
 * index per (filter, sort), so a page costs the same however many articles there are. A
 * since/until window first tries a page that stops early, looking actors up one at a time
 * (their monthly totals, actor_months, and the (actor, article) rows of the partial months at
 * the window's ends): by recency the window's rows latest first (window_latest), by articles a
 * merge of each month's actors by articles (window_top), by name or with a country or name
 * filter the unwindowed list (window_lazy). Where such a page would not settle within its
 * budget (a short or sparse window), the window is summed whole instead: the monthly totals of
 * its whole months and the rows of its partial months into a hash table (SQLite's GROUP BY
 * sorts the rows, which costs ten times more). A window that holds every article falls back to
 * the counters. On 100,000 articles (bench/archive_build measure) this took the windowed
 * lists' CPU p99 from 17 ms to 6 ms, their median from 2.3 ms to 0.8 ms. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db_query_internal.h"
#include "mem.h"
#include "status.h"

/* Parameters: ?1 type, ?2 country, ?3/?4 the name prefix range on norm_name, ?5/?6 the same on
 * the alias keys, ?7/?8 the cursor (the sort key of the last item seen), ?9/?10 the window,
 * ?11 limit. Each sort has a cursor condition that repeats its leading key alone, so that the
 * planner takes it as a range of the index. */
#define ACTOR_COLS                                                                                 \
    "a.id, a.name, a.type, a.country, a.n_articles, a.n_mentions, a.n_claims, a.first_seen,"       \
    " a.last_seen, a.norm_name"
#define CANDIDATES                                                                                 \
    "SELECT id FROM actors WHERE norm_name >= ?3 AND norm_name < ?4"                               \
    " UNION SELECT actor_id FROM actor_aliases WHERE key >= ?5 AND key < ?6"
#define ACTOR_FILTERS                                                                              \
    " AND a.n_articles > 0 AND (?1 IS NULL OR a.type = ?1) AND (?2 IS NULL OR a.country = ?2)"     \
    " AND (?3 IS NULL OR a.id IN (" CANDIDATES "))"
#define SORT_ART                                                                                   \
    " AND a.n_articles <= ?7 AND (a.n_articles, a.id) < (?7, ?8)"                                  \
    " ORDER BY a.n_articles DESC, a.id DESC LIMIT ?11"
#define SORT_NAME                                                                                  \
    " AND a.norm_name >= ?7 AND (a.norm_name, a.type) > (?7, ?8)"                                  \
    " ORDER BY a.norm_name, a.type LIMIT ?11"
#define SORT_RECENT                                                                                \
    " AND a.last_seen <= ?7 AND (a.last_seen, a.id) < (?7, ?8)"                                    \
    " ORDER BY a.last_seen DESC, a.id DESC LIMIT ?11"
#define FROM_ALL " FROM actors a WHERE 1"
#define FROM_TYPE " FROM actors a WHERE a.type = ?1"
#define FROM_COUNTRY " FROM actors a WHERE a.country = ?2"
#define FROM_Q " FROM (" CANDIDATES ") q CROSS JOIN actors a ON a.id = q.id WHERE 1"

static const char SQL_ACTORS_ART_ALL[] = "SELECT " ACTOR_COLS FROM_ALL ACTOR_FILTERS SORT_ART;
static const char SQL_ACTORS_ART_TYPE[] = "SELECT " ACTOR_COLS FROM_TYPE ACTOR_FILTERS SORT_ART;
static const char SQL_ACTORS_ART_COUNTRY[] =
    "SELECT " ACTOR_COLS FROM_COUNTRY ACTOR_FILTERS SORT_ART;
static const char SQL_ACTORS_ART_Q[] = "SELECT " ACTOR_COLS FROM_Q ACTOR_FILTERS SORT_ART;
static const char SQL_ACTORS_NAME_ALL[] = "SELECT " ACTOR_COLS FROM_ALL ACTOR_FILTERS SORT_NAME;
static const char SQL_ACTORS_NAME_TYPE[] = "SELECT " ACTOR_COLS FROM_TYPE ACTOR_FILTERS SORT_NAME;
static const char SQL_ACTORS_NAME_COUNTRY[] =
    "SELECT " ACTOR_COLS FROM_COUNTRY ACTOR_FILTERS SORT_NAME;
static const char SQL_ACTORS_NAME_Q[] = "SELECT " ACTOR_COLS FROM_Q ACTOR_FILTERS SORT_NAME;
static const char SQL_ACTORS_RECENT_ALL[] =
    "SELECT " ACTOR_COLS FROM_ALL ACTOR_FILTERS SORT_RECENT;
static const char SQL_ACTORS_RECENT_TYPE[] =
    "SELECT " ACTOR_COLS FROM_TYPE ACTOR_FILTERS SORT_RECENT;
static const char SQL_ACTORS_RECENT_COUNTRY[] =
    "SELECT " ACTOR_COLS FROM_COUNTRY ACTOR_FILTERS SORT_RECENT;
static const char SQL_ACTORS_RECENT_Q[] = "SELECT " ACTOR_COLS FROM_Q ACTOR_FILTERS SORT_RECENT;

/* A window [?1, ?6): the (actor, article) rows of [?1, ?2) and [?5, ?6) and the monthly totals
 * of the months [?3, ?4) between them, aggregated by the caller. Columns: actor, articles,
 * mentions, claims, first and last date. */
static const char SQL_ACTORS_WINDOW[] =
    "SELECT actor_id, 1, mentions, claims, article_date, article_date FROM actor_articles"
    " WHERE article_date >= ?1 AND article_date < ?2"
    " UNION ALL SELECT actor_id, articles, mentions, claims, first_seen, last_seen"
    " FROM actor_months WHERE month >= ?3 AND month < ?4"
    " UNION ALL SELECT actor_id, 1, mentions, claims, article_date, article_date"
    " FROM actor_articles WHERE article_date >= ?5 AND article_date < ?6";

/* One actor's counts within the window of SQL_ACTORS_WINDOW (same ?2..?7), ?1 the actor: index
 * ranges of actor_articles_actor_date and actor_months_actor, without the tables. Columns:
 * articles, mentions, claims, first and last date (NULLs when the window holds none). */
static const char SQL_ACTOR_WINDOW_ONE[] =
    "SELECT sum(n), sum(m), sum(c), min(f), max(l) FROM ("
    "SELECT 1 n, mentions m, claims c, article_date f, article_date l FROM actor_articles"
    " WHERE actor_id = ?1 AND article_date >= ?2 AND article_date < ?3"
    " UNION ALL SELECT articles, mentions, claims, first_seen, last_seen FROM actor_months"
    " WHERE actor_id = ?1 AND month >= ?4 AND month < ?5"
    " UNION ALL SELECT 1, mentions, claims, article_date, article_date FROM actor_articles"
    " WHERE actor_id = ?1 AND article_date >= ?6 AND article_date < ?7)";

/* The (actor, article) rows of a window [?1, ?2), latest first (actor_articles_date). */
static const char SQL_ACTORS_LATEST[] =
    "SELECT actor_id, article_date FROM actor_articles"
    " WHERE article_date >= ?1 AND article_date < ?2 ORDER BY article_date DESC, actor_id DESC";

/* One month's actors, most articles first (actor_months_rank). */
const char DQ_SQL_ACTORS_MONTH_TOP[] =
    "SELECT actor_id, articles FROM actor_months WHERE month = ?1"
    " ORDER BY articles DESC, actor_id DESC";

/* The dates of the first and the last article that mentions anyone (two index seeks). */
static const char SQL_ACTORS_SPAN[] = "SELECT (SELECT min(article_date) FROM actor_articles),"
                                      " (SELECT max(article_date) FROM actor_articles)";

static const char SQL_ACTOR_GET[] = "SELECT " ACTOR_COLS " FROM actors a WHERE a.id = ?1";
static const char SQL_ACTOR_ALIASES[] =
    "SELECT alias FROM actor_aliases WHERE actor_id = ?1 ORDER BY n DESC, alias LIMIT 100";
static const char SQL_ACTOR_ROLES[] =
    "SELECT role FROM actor_articles WHERE actor_id = ?1 AND role IS NOT NULL"
    " GROUP BY role ORDER BY max(article_date) DESC, role LIMIT 20";
/* The actor's key range of actor_pairs, sorted here: no index keeps pairs by count, as one
 * would cost a dozen moves per stored article (002_query.sql). */
static const char SQL_ACTOR_CO[] =
    "SELECT a.id, a.name, a.type, a.country, p.articles FROM actor_pairs p"
    " JOIN actors a ON a.id = p.other_id WHERE p.actor_id = ?1"
    " ORDER BY p.articles DESC, p.other_id DESC LIMIT ?2";

int db_actor_sort_parse(const char *s, enum db_actor_sort *out)
{
    static const char *const names[] = {"articles", "name", "recent"};
    for (size_t i = 0; s != NULL && i < 3; i++) {
        if (strcmp(s, names[i]) == 0) {
            *out = (enum db_actor_sort)i;
            return TW_OK;
        }
    }
    return TW_EINVAL;
}

/* The alias key of 002_query.sql (ASCII lower case, periods and apostrophes dropped). */
static void alias_key(const char *s, struct buf *out)
{
    buf_reset(out);
    buf_puts(out, "");
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p == '.' || *p == '\'')
            continue;
        if (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x99) {
            p += 2;
            continue;
        }
        buf_putc(out, (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p));
    }
}

/* Binds [s, s + "\xff") at i, i + 1: every string that starts with s (0xFF never occurs in
 * UTF-8, and text compares bytewise). */
static void bind_prefix(sqlite3_stmt *st, int i, const struct buf *s)
{
    sqlite3_bind_text(st, i, s->data, (int)s->len, SQLITE_TRANSIENT);
    char *hi = xmalloc(s->len + 2);
    memcpy(hi, s->data, s->len);
    hi[s->len] = '\xff';
    hi[s->len + 1] = '\0';
    sqlite3_bind_text(st, i + 1, hi, (int)s->len + 1, free);
}

static void summary_cleanup(struct db_actor_summary *s)
{
    dq_actor_ref_cleanup(&s->actor);
    free(s->first_seen);
    free(s->last_seen);
    memset(s, 0, sizeof *s);
}

void db_actor_page_cleanup(struct db_actor_page *p)
{
    if (p == NULL)
        return;
    for (size_t i = 0; i < p->n; i++)
        summary_cleanup(&p->items[i]);
    free(p->items);
    free(p->next_cursor);
    memset(p, 0, sizeof *p);
}

static void read_summary(sqlite3_stmt *st, struct db_actor_summary *s)
{
    memset(s, 0, sizeof *s);
    dq_read_actor_ref(st, 0, &s->actor);
    s->articles = sqlite3_column_int64(st, 4);
    s->mentions = sqlite3_column_int64(st, 5);
    s->claims = sqlite3_column_int64(st, 6);
    s->first_seen = db_column_strdup(st, 7);
    s->last_seen = db_column_strdup(st, 8);
}

/* Whether window w holds every article that mentions an actor, so that the counters answer. */
static int window_holds_all(struct db *db, const struct dq_window *w, bool *all)
{
    sqlite3_stmt *st = db_stmt(db, ST_Q_ACTORS_SPAN, "q_actors_span", SQL_ACTORS_SPAN);
    if (st == NULL)
        return TW_EDB;
    int rc = sqlite3_step(st);
    int status = TW_OK;
    if (rc == SQLITE_ROW) {
        const char *lo = (const char *)sqlite3_column_text(st, 0);
        const char *hi = (const char *)sqlite3_column_text(st, 1);
        *all = lo == NULL || (strcmp(w->since, lo) <= 0 && strcmp(hi, w->until) < 0);
    } else {
        status = db_fail(db, "q_actors_span", rc);
    }
    db_done(st);
    return status;
}

/* The statement of an unwindowed list, by sort and leading filter. */
static sqlite3_stmt *list_stmt(struct db *db, const struct db_actor_filter *f,
                               enum db_actor_sort sort, const char **name)
{
    static const struct {
        enum db_stmt_id id;
        const char *name, *sql;
    } shapes[3][4] = {
        {{ST_Q_ACTORS_ART_ALL, "q_actors_art_all", SQL_ACTORS_ART_ALL},
         {ST_Q_ACTORS_ART_TYPE, "q_actors_art_type", SQL_ACTORS_ART_TYPE},
         {ST_Q_ACTORS_ART_COUNTRY, "q_actors_art_country", SQL_ACTORS_ART_COUNTRY},
         {ST_Q_ACTORS_ART_Q, "q_actors_art_q", SQL_ACTORS_ART_Q}},
        {{ST_Q_ACTORS_NAME_ALL, "q_actors_name_all", SQL_ACTORS_NAME_ALL},
         {ST_Q_ACTORS_NAME_TYPE, "q_actors_name_type", SQL_ACTORS_NAME_TYPE},
         {ST_Q_ACTORS_NAME_COUNTRY, "q_actors_name_country", SQL_ACTORS_NAME_COUNTRY},
         {ST_Q_ACTORS_NAME_Q, "q_actors_name_q", SQL_ACTORS_NAME_Q}},
        {{ST_Q_ACTORS_RECENT_ALL, "q_actors_recent_all", SQL_ACTORS_RECENT_ALL},
         {ST_Q_ACTORS_RECENT_TYPE, "q_actors_recent_type", SQL_ACTORS_RECENT_TYPE},
         {ST_Q_ACTORS_RECENT_COUNTRY, "q_actors_recent_country", SQL_ACTORS_RECENT_COUNTRY},
         {ST_Q_ACTORS_RECENT_Q, "q_actors_recent_q", SQL_ACTORS_RECENT_Q}},
    };
    /* The name prefix is usually the narrowest filter, then a country, then a type. */
    int shape = f->q != NULL ? 3 : f->country != NULL ? 2 : f->has_type ? 1 : 0;
    int k = sort == DB_ACTOR_SORT_NAME ? 1 : sort == DB_ACTOR_SORT_RECENT ? 2 : 0;
    *name = shapes[k][shape].name;
    return db_stmt(db, shapes[k][shape].id, shapes[k][shape].name, shapes[k][shape].sql);
}

/* Binds the filters (?1..?6) of an unwindowed list; qn and qk hold the normalised prefix. */
static void bind_filters(sqlite3_stmt *st, const struct db_actor_filter *f, struct buf *qn,
                         struct buf *qk)
{
    if (f->has_type)
        sqlite3_bind_text(st, 1, actor_type_name(f->type), -1, SQLITE_STATIC);
    db_bind_text(st, 2, f->country);
    if (f->q != NULL) {
        db_actor_normalize(f->q, qn);
        alias_key(f->q, qk);
        bind_prefix(st, 3, qn);
        bind_prefix(st, 5, qk);
    }
}

/* ---- windows ---- */

/* An actor's counts within a window. */
struct win_entry {
    int64_t id; /* 0: empty slot (actor ids start at 1) */
    int64_t articles, mentions, claims;
    int64_t first, last; /* dates packed by pack_date */
};

/* Open addressing on the actor id, at most half full. */
struct win_map {
    struct win_entry *slot;
    size_t cap, n;
};

static size_t win_hash(int64_t id, size_t cap)
{
    return (size_t)(((uint64_t)id * 0x9E3779B97F4A7C15ULL) >> 20) & (cap - 1);
}

static struct win_entry *win_find(const struct win_map *m, int64_t id)
{
    if (m->cap == 0)
        return NULL;
    for (size_t i = win_hash(id, m->cap);; i = (i + 1) & (m->cap - 1)) {
        if (m->slot[i].id == id)
            return &m->slot[i];
        if (m->slot[i].id == 0)
            return NULL;
    }
}

static struct win_entry *win_add(struct win_map *m, int64_t id)
{
    if (2 * (m->n + 1) > m->cap) {
        struct win_map bigger = {.cap = m->cap ? 2 * m->cap : 1024};
        bigger.slot = xcalloc(bigger.cap, sizeof *bigger.slot);
        for (size_t i = 0; i < m->cap; i++) {
            if (m->slot[i].id == 0)
                continue;
            size_t j = win_hash(m->slot[i].id, bigger.cap);
            while (bigger.slot[j].id != 0)
                j = (j + 1) & (bigger.cap - 1);
            bigger.slot[j] = m->slot[i];
        }
        bigger.n = m->n;
        free(m->slot);
        *m = bigger;
    }
    size_t i = win_hash(id, m->cap);
    while (m->slot[i].id != 0 && m->slot[i].id != id)
        i = (i + 1) & (m->cap - 1);
    if (m->slot[i].id == 0) {
        m->slot[i].id = id;
        m->n++;
    }
    return &m->slot[i];
}

/* The whole months of window w: [*m0, *m1) as "YYYY-MM" (m0 is the first month that starts at
 * or after since, m1 the month that holds until), and the dates where they start (d0, d1), at
 * which the partial months end and begin. Unbounded ends take the whole range of months and
 * leave no partial month. False when the window holds no whole month. */
static bool whole_months(const struct dq_window *w, char m0[32], char m1[32], char d0[64],
                         char d1[64])
{
    static const char month_start[] = "-01T00:00:00.000Z";
    int y, mo;
    if (w->since[0] == '\0') {
        strcpy(m0, "");
        strcpy(d0, "");
    } else if (sscanf(w->since, "%4d-%2d", &y, &mo) == 2) {
        if (strcmp(w->since + 7, month_start) != 0 && ++mo > 12) {
            mo = 1;
            if (++y > 9999)
                return false;
        }
        snprintf(m0, 32, "%04d-%02d", y % 10000, mo);
        snprintf(d0, 64, "%s%s", m0, month_start);
    } else {
        return false;
    }
    if (strcmp(w->until, DQ_DATE_MAX) == 0) {
        strcpy(m1, DQ_DATE_MAX);
        strcpy(d1, DQ_DATE_MAX);
    } else if (sscanf(w->until, "%4d-%2d", &y, &mo) == 2) {
        snprintf(m1, 32, "%04d-%02d", y % 10000, mo);
        snprintf(d1, 64, "%s%s", m1, month_start);
    } else {
        return false;
    }
    return strcmp(m0, m1) < 0;
}

/* A stored date ("1987-02-26T15:01:01.000Z") as the integer 19870226150101000, in the same
 * order: a window's map holds some 17,000 actors, and two strings each made its entries 88 bytes
 * instead of 48. 0 for anything else (stored dates are all of this form). */
static int64_t pack_date(const char *d)
{
    static const char shape[] = "dddd-dd-ddTdd:dd:dd.dddZ";
    if (d == NULL)
        return 0;
    int64_t v = 0;
    for (size_t i = 0; i < DQ_DATE_LEN; i++) {
        if (shape[i] == 'd' && d[i] >= '0' && d[i] <= '9')
            v = v * 10 + (d[i] - '0');
        else if (shape[i] != d[i])
            return 0;
    }
    return d[DQ_DATE_LEN] == '\0' ? v : 0;
}

/* The stored form of a packed date, in a new string ("" for 0). */
static char *unpack_date(int64_t v)
{
    if (v <= 0)
        return xstrdup("");
    char digits[24];
    snprintf(digits, sizeof digits, "%017lld", (long long)v);
    char *out = xmalloc(DQ_DATE_LEN + 1);
    snprintf(out, DQ_DATE_LEN + 1, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2s.%.3sZ", digits, digits + 4,
             digits + 6, digits + 8, digits + 10, digits + 12, digits + 14);
    return out;
}

/* Binds the parts of window w at first .. first + 5: the partial month at its start as a date
 * range, its whole months as a month range, the partial month at its end. */
static void bind_window_parts(sqlite3_stmt *st, int first, const struct dq_window *w)
{
    char m0[32], m1[32], d0[64], d1[64];
    if (whole_months(w, m0, m1, d0, d1)) {
        db_bind_text(st, first, w->since);
        db_bind_text(st, first + 1, d0);
        db_bind_text(st, first + 2, m0);
        db_bind_text(st, first + 3, m1);
        db_bind_text(st, first + 4, d1);
    } else { /* the rows of the whole window, and no month */
        db_bind_text(st, first, w->since);
        db_bind_text(st, first + 1, w->until);
        db_bind_text(st, first + 2, DQ_DATE_MAX);
        db_bind_text(st, first + 3, DQ_DATE_MAX);
        db_bind_text(st, first + 4, DQ_DATE_MAX);
    }
    db_bind_text(st, first + 5, w->until);
}

/* Aggregates the rows of window w (partial months and whole months) into m. */
static int aggregate_window(struct db *db, const struct dq_window *w, struct win_map *m)
{
    sqlite3_stmt *st = db_stmt(db, ST_Q_ACTORS_WINDOW, "q_actors_window", SQL_ACTORS_WINDOW);
    if (st == NULL)
        return TW_EDB;
    bind_window_parts(st, 1, w);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct win_entry *e = win_add(m, sqlite3_column_int64(st, 0));
        int64_t first = pack_date((const char *)sqlite3_column_text(st, 4));
        int64_t last = pack_date((const char *)sqlite3_column_text(st, 5));
        if (e->articles == 0 || first < e->first)
            e->first = first;
        if (e->articles == 0 || last > e->last)
            e->last = last;
        e->articles += sqlite3_column_int64(st, 1);
        e->mentions += sqlite3_column_int64(st, 2);
        e->claims += sqlite3_column_int64(st, 3);
    }
    int status = rc == SQLITE_DONE ? TW_OK : db_fail(db, "q_actors_window", rc);
    db_done(st);
    return status;
}

/* Marks (articles = -1) the entries of m that the type, country and name filters of f leave
 * out, reading the actors they keep from the unwindowed name list (an index range). */
static int filter_window(struct db *db, const struct db_actor_filter *f, struct win_map *m)
{
    if (!f->has_type && f->country == NULL && f->q == NULL)
        return TW_OK;
    const char *name;
    sqlite3_stmt *st = list_stmt(db, f, DB_ACTOR_SORT_NAME, &name);
    if (st == NULL)
        return TW_EDB;
    struct buf qn, qk;
    buf_init(&qn);
    buf_init(&qk);
    bind_filters(st, f, &qn, &qk);
    db_bind_text(st, 7, "");
    db_bind_text(st, 8, "");
    sqlite3_bind_int(st, 11, INT32_MAX);
    for (size_t i = 0; i < m->cap; i++)
        if (m->slot[i].id != 0)
            m->slot[i].articles = -m->slot[i].articles; /* out until the list names it */
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct win_entry *e = win_find(m, sqlite3_column_int64(st, 0));
        if (e != NULL && e->articles < 0)
            e->articles = -e->articles;
    }
    int status = rc == SQLITE_DONE ? TW_OK : db_fail(db, name, rc);
    db_done(st);
    buf_cleanup(&qn);
    buf_cleanup(&qk);
    return status;
}

static int by_articles(const void *a, const void *b)
{
    const struct win_entry *x = *(const struct win_entry *const *)a;
    const struct win_entry *y = *(const struct win_entry *const *)b;
    if (x->articles != y->articles)
        return x->articles < y->articles ? 1 : -1;
    return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

static int by_recent(const void *a, const void *b)
{
    const struct win_entry *x = *(const struct win_entry *const *)a;
    const struct win_entry *y = *(const struct win_entry *const *)b;
    if (x->last != y->last)
        return x->last < y->last ? 1 : -1;
    return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

static void fill_from_entry(struct db_actor_summary *s, const struct win_entry *e)
{
    s->articles = e->articles;
    s->mentions = e->mentions;
    s->claims = e->claims;
    free(s->first_seen);
    free(s->last_seen);
    s->first_seen = unpack_date(e->first);
    s->last_seen = unpack_date(e->last);
}

/* One actor's row (ACTOR_COLS) into s, with the window's counts. */
static int read_actor(struct db *db, const struct win_entry *e, struct db_actor_summary *s)
{
    sqlite3_stmt *st = db_stmt(db, ST_Q_ACTOR_GET, "q_actor_get", SQL_ACTOR_GET);
    if (st == NULL)
        return TW_EDB;
    sqlite3_bind_int64(st, 1, e->id);
    int rc = sqlite3_step(st);
    int status = TW_OK;
    if (rc == SQLITE_ROW) {
        read_summary(st, s);
        fill_from_entry(s, e);
    } else {
        status = db_fail(db, "q_actor_get", rc == SQLITE_DONE ? SQLITE_CORRUPT : rc);
    }
    db_done(st);
    return status;
}

/* Sifts h[i] down the heap h of n entries whose root sorts last under cmp. */
static void sift_down(const struct win_entry **h, size_t n, size_t i,
                      int (*cmp)(const void *, const void *))
{
    for (;;) {
        size_t worst = i, l = 2 * i + 1, r = l + 1;
        if (l < n && cmp(&h[l], &h[worst]) > 0)
            worst = l;
        if (r < n && cmp(&h[r], &h[worst]) > 0)
            worst = r;
        if (worst == i)
            return;
        const struct win_entry *t = h[i];
        h[i] = h[worst];
        h[worst] = t;
        i = worst;
    }
}

/* The packed date of a recency cursor (0 for anything else). */
static int64_t cursor_last(const struct db_actor_filter *f, const struct dq_cursor *cur)
{
    return f->sort == DB_ACTOR_SORT_RECENT && f->cursor != NULL ? pack_date(cur->f[0].s) : 0;
}

/* Whether e comes strictly after the cursor's (key, id) in the articles or recent order (true
 * without a cursor); cur_last is cursor_last(). */
static bool after_cursor(const struct db_actor_filter *f, const struct dq_cursor *cur,
                         int64_t cur_last, const struct win_entry *e)
{
    if (f->cursor == NULL)
        return true;
    int c = f->sort == DB_ACTOR_SORT_RECENT
                ? (e->last > cur_last) - (e->last < cur_last)
                : (e->articles > cur->f[0].i) - (e->articles < cur->f[0].i);
    return c < 0 || (c == 0 && e->id < cur->f[1].i);
}

/* The first keep entries of m in the sort order of f (after the cursor, if any) into v, sorted;
 * they are kept in a heap whose root sorts last (a year holds some 17,000 actors: sorting them
 * all cost 2-4 ms). *nv gets how many were kept, *seen how many entries qualified. */
static void select_top(const struct db_actor_filter *f, const struct win_map *m,
                       const struct dq_cursor *cur, int (*cmp)(const void *, const void *),
                       size_t keep, const struct win_entry **v, size_t *nv, size_t *seen)
{
    int64_t cur_last = cursor_last(f, cur);
    *nv = 0;
    *seen = 0;
    for (size_t i = 0; i < m->cap; i++) {
        const struct win_entry *e = &m->slot[i];
        if (e->id == 0 || e->articles <= 0 || !after_cursor(f, cur, cur_last, e))
            continue;
        (*seen)++;
        if (*nv < keep) {
            v[(*nv)++] = e;
            if (*nv == keep) /* heapify */
                for (size_t k = keep / 2; k-- > 0;)
                    sift_down(v, keep, k, cmp);
        } else if (cmp(&e, &v[0]) < 0) {
            v[0] = e;
            sift_down(v, keep, 0, cmp);
        }
    }
    qsort(v, *nv, sizeof *v, cmp);
}

/* Empties the page read so far, by an attempt that failed or gave up. */
static void drop_page(struct db_actor_summary *items, size_t *n, bool *more)
{
    for (size_t i = 0; i < *n; i++)
        summary_cleanup(&items[i]);
    *n = 0;
    *more = false;
}

/* Reads the entries v[0..nv) in order into items, keeping those of type t (any type when t is
 * NULL), until limit of them; *more tells whether one more was found. */
static int read_in_order(struct db *db, const struct win_entry *const *v, size_t nv,
                         const enum actor_type *t, int limit, struct db_actor_summary *items,
                         size_t *n, bool *more)
{
    int status = TW_OK;
    *n = 0;
    *more = false;
    for (size_t i = 0; status == TW_OK && i < nv && !*more; i++) {
        struct db_actor_summary s;
        status = read_actor(db, v[i], &s);
        if (status != TW_OK)
            break;
        bool keep = t == NULL || s.actor.type == *t;
        if (keep && *n < (size_t)limit) {
            items[(*n)++] = s;
            continue;
        }
        *more = keep; /* one past the page */
        summary_cleanup(&s);
    }
    return status;
}

/* A windowed page sorted by articles or recency: the first limit + 1 of the window's actors
 * that pass the filters and come after the cursor, read in full. With check_type the type
 * filter, which keeps about a third of the actors, is applied here while reading (reading the
 * type's whole list to mark them, as filter_window does, cost 7 ms on a year of 17,000 actors):
 * the first 4 (limit + 1) are read in order, and only if too few of them have the type, all. */
static int window_sorted(struct db *db, const struct db_actor_filter *f, const struct win_map *m,
                         const struct dq_cursor *cur, bool check_type,
                         struct db_actor_summary *items, size_t *n, bool *more)
{
    int (*cmp)(const void *, const void *) =
        f->sort == DB_ACTOR_SORT_RECENT ? by_recent : by_articles;
    size_t keep = ((size_t)f->limit + 1) * (check_type ? 4 : 1);
    const struct win_entry **v = xcalloc(keep, sizeof *v);
    size_t nv, seen;
    select_top(f, m, cur, cmp, keep, v, &nv, &seen);
    const enum actor_type *t = check_type ? &f->type : NULL;
    int status = read_in_order(db, v, nv, t, f->limit, items, n, more);
    if (status == TW_OK && check_type && !*more && seen > nv) {
        drop_page(items, n, more);
        free(v);
        v = xcalloc(seen, sizeof *v);
        select_top(f, m, cur, cmp, seen, v, &nv, &seen);
        status = read_in_order(db, v, nv, t, f->limit, items, n, more);
    }
    free(v);
    return status;
}

/* A windowed page by name: the unwindowed name list from the cursor, keeping the actors the
 * window holds. *last_norm gets the norm_name of the last item. */
static int window_by_name(struct db *db, const struct db_actor_filter *f, const struct win_map *m,
                          const struct dq_cursor *cur, struct db_actor_summary *items,
                          size_t *n, bool *more, char **last_norm)
{
    *n = 0;
    *more = false;
    if (m->n == 0) /* else the whole name list would be read for nothing */
        return TW_OK;
    const char *name;
    sqlite3_stmt *st = list_stmt(db, f, DB_ACTOR_SORT_NAME, &name);
    if (st == NULL)
        return TW_EDB;
    struct buf qn, qk;
    buf_init(&qn);
    buf_init(&qk);
    bind_filters(st, f, &qn, &qk);
    db_bind_text(st, 7, f->cursor != NULL ? cur->f[0].s : "");
    db_bind_text(st, 8, f->cursor != NULL ? cur->f[1].s : "");
    sqlite3_bind_int(st, 11, INT32_MAX);
    int rc;
    *n = 0;
    *more = false;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const struct win_entry *e = win_find(m, sqlite3_column_int64(st, 0));
        if (e == NULL || e->articles <= 0)
            continue;
        if (*n == (size_t)f->limit) {
            *more = true;
            break;
        }
        read_summary(st, &items[*n]);
        fill_from_entry(&items[(*n)++], e);
        free(*last_norm);
        *last_norm = db_column_strdup(st, 9);
    }
    int status = rc == SQLITE_ROW || rc == SQLITE_DONE ? TW_OK : db_fail(db, name, rc);
    db_done(st);
    buf_cleanup(&qn);
    buf_cleanup(&qk);
    return status;
}

/* ---- long windows: one actor at a time ---- */

/* How many actors a lazy page may look up before it hands the window to aggregate_window: one
 * lookup costs a few microseconds, summing a month or more of actors several milliseconds. */
#define LAZY_BUDGET 1500

/* One actor's counts within the window bound to one (SQL_ACTOR_WINDOW_ONE) into e;
 * e->articles is 0 when the window holds none of its articles. */
static int actor_stats(struct db *db, sqlite3_stmt *one, int64_t id, struct win_entry *e)
{
    memset(e, 0, sizeof *e);
    e->id = id;
    sqlite3_bind_int64(one, 1, id);
    int rc = sqlite3_step(one);
    int status = TW_OK;
    if (rc == SQLITE_ROW) {
        e->articles = sqlite3_column_int64(one, 0);
        e->mentions = sqlite3_column_int64(one, 1);
        e->claims = sqlite3_column_int64(one, 2);
        e->first = pack_date((const char *)sqlite3_column_text(one, 3));
        e->last = pack_date((const char *)sqlite3_column_text(one, 4));
    } else {
        status = db_fail(db, "q_actor_window_one", rc);
    }
    sqlite3_reset(one);
    return status;
}

/* Adds e to the heap v of at most keep entries (copies in ent), whose root sorts last. */
static void heap_offer(struct win_entry *ent, const struct win_entry **v, size_t keep, size_t *nv,
                       const struct win_entry *e, int (*cmp)(const void *, const void *))
{
    if (*nv < keep) {
        ent[*nv] = *e;
        v[*nv] = &ent[*nv];
        if (++*nv == keep)
            for (size_t k = keep / 2; k-- > 0;)
                sift_down(v, keep, k, cmp);
    } else if (cmp(&e, &v[0]) < 0) {
        ent[v[0] - ent] = *e;
        sift_down(v, keep, 0, cmp);
    }
}

/* A windowed page from the unwindowed list of f's filters, looking the actors up one at a time
 * (a window of months holds most actors, and summing all of them cost 4-9 ms). By name the list
 * is walked from the cursor until the page is full. By articles or recency it is walked in the
 * order of the actor's all-time count or last date, which bound its windowed ones: the walk
 * stops once the next actor's bound cannot beat the page's last entry. *gave_up (and nothing
 * in items) when LAZY_BUDGET actors did not settle the page: the caller sums the window. */
static int window_lazy(struct db *db, const struct db_actor_filter *f, const struct dq_window *w,
                       const struct dq_cursor *cur, struct db_actor_summary *items, size_t *n,
                       bool *more, char **last_norm, bool *gave_up)
{
    *n = 0;
    *more = *gave_up = false;
    sqlite3_stmt *one = db_stmt(db, ST_Q_ACTOR_WINDOW_ONE, "q_actor_window_one",
                                SQL_ACTOR_WINDOW_ONE);
    if (one == NULL)
        return TW_EDB;
    int rc;
    bind_window_parts(one, 2, w);
    const char *name;
    sqlite3_stmt *st = list_stmt(db, f, f->sort, &name);
    if (st == NULL) {
        db_done(one);
        return TW_EDB;
    }
    struct buf qn, qk;
    buf_init(&qn);
    buf_init(&qk);
    bind_filters(st, f, &qn, &qk);
    bool by_name = f->sort == DB_ACTOR_SORT_NAME;
    if (f->sort == DB_ACTOR_SORT_ARTICLES) {
        sqlite3_bind_int64(st, 7, INT64_MAX);
        sqlite3_bind_int64(st, 8, INT64_MAX);
    } else if (by_name) {
        db_bind_text(st, 7, f->cursor != NULL ? cur->f[0].s : "");
        db_bind_text(st, 8, f->cursor != NULL ? cur->f[1].s : "");
    } else {
        db_bind_text(st, 7, DQ_DATE_MAX);
        sqlite3_bind_int64(st, 8, 0);
    }
    sqlite3_bind_int(st, 11, INT32_MAX);

    int (*cmp)(const void *, const void *) =
        f->sort == DB_ACTOR_SORT_RECENT ? by_recent : by_articles;
    size_t keep = (size_t)f->limit + 1, nv = 0, looked = 0, hits = 0;
    struct win_entry *ent = xcalloc(keep, sizeof *ent);
    const struct win_entry **v = xcalloc(keep, sizeof *v);
    int64_t cur_last = cursor_last(f, cur);
    int status = TW_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!by_name && nv == keep) {
            bool beaten = f->sort == DB_ACTOR_SORT_ARTICLES
                              ? sqlite3_column_int64(st, 4) < v[0]->articles
                              : pack_date((const char *)sqlite3_column_text(st, 8)) < v[0]->last;
            if (beaten)
                break;
        }
        /* Gives up early too when, at the rate the window has held the actors so far, the page
         * would not fill within the budget (a window of a month with no articles). */
        looked++;
        bool slow = looked > LAZY_BUDGET / 8 && hits * LAZY_BUDGET < keep * looked;
        if (looked > LAZY_BUDGET || slow) {
            *gave_up = true;
            break;
        }
        struct win_entry e;
        status = actor_stats(db, one, sqlite3_column_int64(st, 0), &e);
        if (status != TW_OK)
            break;
        if (e.articles <= 0)
            continue;
        hits++;
        if (!by_name) {
            if (after_cursor(f, cur, cur_last, &e))
                heap_offer(ent, v, keep, &nv, &e, cmp);
            continue;
        }
        if (*n == (size_t)f->limit) {
            *more = true;
            break;
        }
        read_summary(st, &items[*n]);
        fill_from_entry(&items[(*n)++], &e);
        free(*last_norm);
        *last_norm = db_column_strdup(st, 9);
    }
    if (status == TW_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
        status = db_fail(db, name, rc);
    db_done(st);
    db_done(one);
    buf_cleanup(&qn);
    buf_cleanup(&qk);
    if (status == TW_OK && !*gave_up && !by_name) {
        qsort(v, nv, sizeof *v, cmp);
        status = read_in_order(db, v, nv, NULL, f->limit, items, n, more);
    }
    if (status != TW_OK || *gave_up)
        drop_page(items, n, more);
    free(ent);
    free(v);
    return status;
}

/* Whether actor id has type t (*ok), without reading the rest of its row: a type filter keeps
 * as few as one actor in twenty, and their counts are looked up only for those. */
static int actor_has_type(struct db *db, int64_t id, enum actor_type t, bool *ok)
{
    sqlite3_stmt *st = db_stmt(db, ST_Q_ACTOR_GET, "q_actor_get", SQL_ACTOR_GET);
    if (st == NULL)
        return TW_EDB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    int status = TW_OK;
    if (rc == SQLITE_ROW) {
        const char *type = (const char *)sqlite3_column_text(st, 2);
        *ok = type != NULL && strcmp(type, actor_type_name(t)) == 0;
    } else {
        status = db_fail(db, "q_actor_get", rc == SQLITE_DONE ? SQLITE_CORRUPT : rc);
    }
    db_done(st);
    return status;
}

/* How many (actor, article) rows window_latest may read before it gives up. */
#define LATEST_BUDGET 20000

/* A windowed page by recency, unfiltered or filtered by type: the window's rows latest first,
 * where an actor's first row is its last date in the window, so the actors come in page order
 * and the walk stops when the page is full (a few hundred rows), whatever the window's length.
 * Each actor met is looked up once, for its counts. *gave_up (and nothing in items) when
 * LATEST_BUDGET rows did not fill the page. */
static int window_latest(struct db *db, const struct db_actor_filter *f, const struct dq_window *w,
                         const struct dq_cursor *cur, struct db_actor_summary *items, size_t *n,
                         bool *more, bool *gave_up)
{
    *n = 0;
    *more = *gave_up = false;
    sqlite3_stmt *one = db_stmt(db, ST_Q_ACTOR_WINDOW_ONE, "q_actor_window_one",
                                SQL_ACTOR_WINDOW_ONE);
    sqlite3_stmt *st = db_stmt(db, ST_Q_ACTORS_LATEST, "q_actors_latest", SQL_ACTORS_LATEST);
    if (one == NULL || st == NULL)
        return TW_EDB;
    int rc;
    bind_window_parts(one, 2, w);
    db_bind_text(st, 1, w->since);
    /* After a cursor the scan starts at its date (rows up to and at it: the date followed by
     * \x01 sorts after it and before any later date of the same length). */
    char start[DQ_DATE_LEN + 2];
    if (f->cursor != NULL && strlen(cur->f[0].s) == DQ_DATE_LEN &&
        strcmp(cur->f[0].s, w->until) < 0) {
        snprintf(start, sizeof start, "%s\x01", cur->f[0].s);
        db_bind_text(st, 2, start);
    } else {
        db_bind_text(st, 2, w->until);
    }
    struct win_map seen = {0};
    int64_t cur_last = cursor_last(f, cur);
    size_t rows = 0;
    int status = TW_OK;
    while (status == TW_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (++rows > LATEST_BUDGET) {
            *gave_up = true;
            break;
        }
        int64_t id = sqlite3_column_int64(st, 0);
        if (win_find(&seen, id) != NULL)
            continue;
        win_add(&seen, id);
        bool typed = true;
        if (f->has_type)
            status = actor_has_type(db, id, f->type, &typed);
        if (status != TW_OK || !typed)
            continue;
        struct win_entry e;
        status = actor_stats(db, one, id, &e);
        /* Met below its last date only when the scan started at a cursor under it: an actor
         * of an earlier page. */
        if (status != TW_OK || e.articles <= 0 || !after_cursor(f, cur, cur_last, &e) ||
            e.last != pack_date((const char *)sqlite3_column_text(st, 1)))
            continue;
        struct db_actor_summary a;
        status = read_actor(db, &e, &a);
        if (status != TW_OK)
            break;
        if (f->has_type && a.actor.type != f->type) {
            summary_cleanup(&a);
            continue;
        }
        if (*n == (size_t)f->limit) {
            summary_cleanup(&a);
            *more = true;
            break;
        }
        items[(*n)++] = a;
    }
    if (status == TW_OK && !*gave_up && rc != SQLITE_ROW && rc != SQLITE_DONE)
        status = db_fail(db, "q_actors_latest", rc);
    db_done(st);
    db_done(one);
    free(seen.slot);
    if (status != TW_OK || *gave_up)
        drop_page(items, n, more);
    return status;
}

/* The most months window_top merges, and how many actors it may look up before giving up. */
#define TOP_MONTHS 24
#define TOP_BUDGET 3000

/* The months ("YYYY-MM") that window w overlaps into months; false when w is unbounded or spans
 * more than TOP_MONTHS. */
static bool window_months(const struct dq_window *w, char months[][8], size_t *n)
{
    int y, mo, y1, mo1;
    if (w->since[0] == '\0' || strcmp(w->until, DQ_DATE_MAX) == 0 ||
        sscanf(w->since, "%4d-%2d", &y, &mo) != 2 || sscanf(w->until, "%4d-%2d", &y1, &mo1) != 2)
        return false;
    bool until_starts_month = strcmp(w->until + 7, "-01T00:00:00.000Z") == 0;
    *n = 0;
    while (y < y1 || (y == y1 && (mo < mo1 || (mo == mo1 && !until_starts_month)))) {
        if (*n == TOP_MONTHS || y > 9999)
            return false;
        snprintf(months[(*n)++], 8, "%04u-%02u", (unsigned)y % 10000u, (unsigned)mo % 100u);
        if (++mo > 12) {
            mo = 1;
            y++;
        }
    }
    return true;
}

/* A windowed page by articles, unfiltered or filtered by type: the top-k of a sum merged from
 * each month's actors by articles (actor_months_rank), read in step. An actor not yet met has
 * at most the sum of the counts the months have reached (a partial month's count bounds its
 * part), so the walk stops once that sum falls below the page's last entry; each actor met is
 * looked up once for its exact counts. *gave_up (and nothing in items) for a window of too
 * many months or when TOP_BUDGET actors did not settle the page. */
static int window_top(struct db *db, const struct db_actor_filter *f, const struct dq_window *w,
                      const struct dq_cursor *cur, struct db_actor_summary *items, size_t *n,
                      bool *more, bool *gave_up)
{
    char months[TOP_MONTHS][8];
    size_t nm = 0;
    *n = 0;
    *more = false;
    *gave_up = true;
    if (!window_months(w, months, &nm) || nm == 0)
        return TW_OK;
    *gave_up = false;
    /* One cursor per month of the window, open at once, so these are prepared per page
     * (check_db_query.c EXPLAINs DQ_SQL_ACTORS_MONTH_TOP by its text). */
    sqlite3_stmt *one = db_stmt(db, ST_Q_ACTOR_WINDOW_ONE, "q_actor_window_one",
                                SQL_ACTOR_WINDOW_ONE);
    sqlite3_stmt *mst[TOP_MONTHS] = {NULL};
    int64_t front[TOP_MONTHS];
    bool live[TOP_MONTHS];
    int rc = one != NULL ? SQLITE_OK : SQLITE_ERROR;
    for (size_t i = 0; i < nm; i++) {
        if (rc == SQLITE_OK)
            rc = sqlite3_prepare_v3(db->h, DQ_SQL_ACTORS_MONTH_TOP, -1, 0, &mst[i], NULL);
        if (rc == SQLITE_OK)
            sqlite3_bind_text(mst[i], 1, months[i], -1, SQLITE_STATIC);
        front[i] = INT64_MAX;
        live[i] = true;
    }
    int status = rc == SQLITE_OK ? TW_OK : db_fail(db, "q_actors_month_top", rc);
    if (status == TW_OK)
        bind_window_parts(one, 2, w);
    size_t keep = (size_t)f->limit + 1, nv = 0, looked = 0;
    struct win_entry *ent = xcalloc(keep, sizeof *ent);
    const struct win_entry **v = xcalloc(keep, sizeof *v);
    struct win_map seen = {0};
    int64_t cur_last = cursor_last(f, cur);
    while (status == TW_OK) {
        int64_t bound = 0;
        bool any = false;
        for (size_t i = 0; status == TW_OK && !*gave_up && i < nm; i++) {
            if (!live[i])
                continue;
            rc = sqlite3_step(mst[i]);
            if (rc != SQLITE_ROW) {
                live[i] = false;
                if (rc != SQLITE_DONE)
                    status = db_fail(db, "q_actors_month_top", rc);
                continue;
            }
            any = true;
            front[i] = sqlite3_column_int64(mst[i], 1);
            int64_t id = sqlite3_column_int64(mst[i], 0);
            if (win_find(&seen, id) != NULL)
                continue;
            win_add(&seen, id);
            if (++looked > TOP_BUDGET) {
                *gave_up = true;
                break;
            }
            bool typed = true;
            if (f->has_type)
                status = actor_has_type(db, id, f->type, &typed);
            struct win_entry e;
            if (status == TW_OK && typed)
                status = actor_stats(db, one, id, &e);
            if (status == TW_OK && typed && e.articles > 0 && after_cursor(f, cur, cur_last, &e))
                heap_offer(ent, v, keep, &nv, &e, by_articles);
        }
        for (size_t i = 0; i < nm; i++)
            bound += live[i] ? front[i] : 0;
        if (!any || *gave_up || (nv == keep && bound < v[0]->articles))
            break;
    }
    for (size_t i = 0; i < nm; i++)
        sqlite3_finalize(mst[i]);
    db_done(one);
    free(seen.slot);
    if (status == TW_OK && !*gave_up) {
        qsort(v, nv, sizeof *v, by_articles);
        status = read_in_order(db, v, nv, NULL, f->limit, items, n, more);
    }
    if (status != TW_OK || *gave_up)
        drop_page(items, n, more);
    free(ent);
    free(v);
    return status;
}

static const char cursor_tags[] = {'A', 'N', 'R'};
static const char *const cursor_layouts[] = {"ii", "ss", "si"};

/* The unwindowed list: one statement reads the page off its index. */
static int counters_page(struct db *db, const struct db_actor_filter *f,
                         const struct dq_cursor *cur, struct db_actor_summary *items, size_t *n,
                         bool *more, char **last_norm)
{
    const char *name;
    sqlite3_stmt *st = list_stmt(db, f, f->sort, &name);
    if (st == NULL)
        return TW_EDB;
    struct buf qn, qk;
    buf_init(&qn);
    buf_init(&qk);
    bind_filters(st, f, &qn, &qk);
    if (f->sort == DB_ACTOR_SORT_ARTICLES) {
        sqlite3_bind_int64(st, 7, f->cursor != NULL ? cur->f[0].i : INT64_MAX);
        sqlite3_bind_int64(st, 8, f->cursor != NULL ? cur->f[1].i : INT64_MAX);
    } else if (f->sort == DB_ACTOR_SORT_NAME) {
        db_bind_text(st, 7, f->cursor != NULL ? cur->f[0].s : "");
        db_bind_text(st, 8, f->cursor != NULL ? cur->f[1].s : "");
    } else {
        db_bind_text(st, 7, f->cursor != NULL ? cur->f[0].s : DQ_DATE_MAX);
        sqlite3_bind_int64(st, 8, f->cursor != NULL ? cur->f[1].i : 0);
    }
    sqlite3_bind_int(st, 11, f->limit + 1); /* one more tells whether a next page exists */
    int rc;
    *n = 0;
    *more = false;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == (size_t)f->limit) {
            *more = true;
            break;
        }
        read_summary(st, &items[(*n)++]);
        free(*last_norm);
        *last_norm = db_column_strdup(st, 9);
    }
    int status = rc == SQLITE_ROW || rc == SQLITE_DONE ? TW_OK : db_fail(db, name, rc);
    db_done(st);
    buf_cleanup(&qn);
    buf_cleanup(&qk);
    return status;
}

int db_actor_list(struct db *db, const struct db_actor_filter *f, struct db_actor_page *out,
                  struct db_query_err *err)
{
    struct dq_window w;
    struct dq_cursor cur;
    int sort = f->sort == DB_ACTOR_SORT_NAME ? 1 : f->sort == DB_ACTOR_SORT_RECENT ? 2 : 0;
    dq_cursor_init(&cur, cursor_tags[sort]);
    int status = dq_check_limit(f->limit, err);
    if (status == TW_OK && (unsigned)f->sort > DB_ACTOR_SORT_RECENT)
        status = dq_invalid(err, "sort must be articles, name or recent");
    if (status == TW_OK)
        status = dq_window_init(&w, f->since, f->until, err);
    if (status == TW_OK && f->cursor != NULL)
        status = dq_cursor_decode(f->cursor, cursor_tags[sort], cursor_layouts[sort], &cur, err);
    bool windowed = false;
    if (status == TW_OK && w.bounded) {
        bool all = false;
        status = window_holds_all(db, &w, &all);
        windowed = !all;
    }
    if (status != TW_OK) {
        dq_cursor_cleanup(&cur);
        return status;
    }

    struct db_actor_summary *items = xcalloc((size_t)f->limit, sizeof *items);
    size_t n = 0;
    bool more = false;
    char *last_norm = NULL;
    if (!windowed) {
        status = counters_page(db, f, &cur, items, &n, &more, &last_norm);
    } else {
        /* Pages that stop early; each gives up (gave_up) when the window does not suit it, and
         * the window is then summed. The lazy list walk pays for a window with a whole month
         * in it (shorter ones are summed in about a millisecond). */
        char m0[32], m1[32], d0[64], d1[64];
        bool gave_up = true;
        /* Short lists are walked: a country's or a name prefix's actors, and the countries
         * (a few hundred, against thousands of people and organisations, whom the month merge
         * reaches faster). */
        bool by_list = f->country != NULL || f->q != NULL;
        bool few = by_list || (f->has_type && f->type == ACTOR_COUNTRY);
        bool long_window = whole_months(&w, m0, m1, d0, d1);
        if (!by_list && f->sort == DB_ACTOR_SORT_RECENT)
            status = window_latest(db, f, &w, &cur, items, &n, &more, &gave_up);
        else if (!long_window)
            gave_up = true;
        else if (!few && f->sort == DB_ACTOR_SORT_ARTICLES)
            status = window_top(db, f, &w, &cur, items, &n, &more, &gave_up);
        else
            status = window_lazy(db, f, &w, &cur, items, &n, &more, &last_norm, &gave_up);
        windowed = status == TW_OK && gave_up;
    }
    if (windowed) {
        struct win_map m = {0};
        status = aggregate_window(db, &w, &m);
        if (status == TW_OK && f->sort == DB_ACTOR_SORT_NAME)
            status = window_by_name(db, f, &m, &cur, items, &n, &more, &last_norm);
        bool type_only = f->has_type && f->country == NULL && f->q == NULL;
        if (status == TW_OK && f->sort != DB_ACTOR_SORT_NAME && !type_only)
            status = filter_window(db, f, &m);
        if (status == TW_OK && f->sort != DB_ACTOR_SORT_NAME)
            status = window_sorted(db, f, &m, &cur, type_only, items, &n, &more);
        free(m.slot);
    }
    dq_cursor_cleanup(&cur);
    out->next_cursor = NULL;
    if (status == TW_OK && more) {
        const struct db_actor_summary *last = &items[n - 1];
        struct dq_cursor next;
        dq_cursor_init(&next, cursor_tags[sort]);
        if (sort == 0) {
            dq_cursor_int(&next, last->articles);
            dq_cursor_int(&next, last->actor.id);
        } else if (sort == 1) {
            dq_cursor_text(&next, last_norm);
            dq_cursor_text(&next, actor_type_name(last->actor.type));
        } else {
            dq_cursor_text(&next, last->last_seen);
            dq_cursor_int(&next, last->actor.id);
        }
        out->next_cursor = dq_cursor_encode(&next);
        dq_cursor_cleanup(&next);
    }
    free(last_norm);
    if (status != TW_OK) {
        struct db_actor_page tmp = {.items = items, .n = n};
        db_actor_page_cleanup(&tmp);
        return status;
    }
    out->items = items;
    out->n = n;
    return TW_OK;
}

/* ---- detail ---- */

void db_actor_detail_cleanup(struct db_actor_detail *d)
{
    if (d == NULL)
        return;
    summary_cleanup(&d->summary);
    for (size_t i = 0; i < d->naliases; i++)
        free(d->aliases[i]);
    free(d->aliases);
    for (size_t i = 0; i < d->nroles; i++)
        free(d->roles[i]);
    free(d->roles);
    for (size_t i = 0; i < d->nclaims; i++)
        dq_claim_record_cleanup(&d->claims[i]);
    free(d->claims);
    for (size_t i = 0; i < d->nco_actors; i++)
        dq_actor_ref_cleanup(&d->co_actors[i].actor);
    free(d->co_actors);
    for (size_t i = 0; i < d->ntariffs; i++)
        dq_tariff_record_cleanup(&d->tariffs[i]);
    free(d->tariffs);
    memset(d, 0, sizeof *d);
}

/* Runs a statement of one text column (bound by the caller) into a string array. */
static int read_strings(struct db *db, sqlite3_stmt *st, const char *name, char ***out,
                        size_t *n)
{
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *s = (const char *)sqlite3_column_text(st, 0);
        if (s == NULL)
            continue;
        xgrow((void **)out, &cap, *n + 1, sizeof **out);
        (*out)[(*n)++] = xstrdup(s);
    }
    int status = rc == SQLITE_DONE ? TW_OK : db_fail(db, name, rc);
    db_done(st);
    return status;
}

static int read_co_actors(struct db *db, int64_t id, struct db_actor_detail *d)
{
    sqlite3_stmt *st = db_stmt(db, ST_Q_ACTOR_CO, "q_actor_co", SQL_ACTOR_CO);
    if (st == NULL)
        return TW_EDB;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, DB_ACTOR_CO_ACTORS);
    d->co_actors = xcalloc(DB_ACTOR_CO_ACTORS, sizeof *d->co_actors);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && d->nco_actors < DB_ACTOR_CO_ACTORS) {
        struct db_co_actor *c = &d->co_actors[d->nco_actors++];
        dq_read_actor_ref(st, 0, &c->actor);
        c->articles = sqlite3_column_int64(st, 4);
    }
    int status = rc == SQLITE_DONE || rc == SQLITE_ROW ? TW_OK : db_fail(db, "q_actor_co", rc);
    db_done(st);
    return status;
}

/* The claims and (for a country) the tariffs, through the lists. */
static int read_lists(struct db *db, struct db_actor_detail *d)
{
    struct db_claim_filter cf = {.speaker_id = d->summary.actor.id, .limit = DB_ACTOR_CLAIMS};
    struct db_claim_page cp = {0};
    int status = db_claim_list(db, &cf, &cp, NULL);
    if (status != TW_OK)
        return status;
    d->claims = cp.items;
    d->nclaims = cp.n;
    free(cp.next_cursor);
    if (d->summary.actor.type != ACTOR_COUNTRY || d->summary.actor.country[0] == '\0')
        return TW_OK;
    struct db_tariff_filter tf = {.party = d->summary.actor.country, .limit = DB_ACTOR_TARIFFS};
    struct db_tariff_page tp = {0};
    status = db_tariff_list(db, &tf, &tp, NULL);
    if (status != TW_OK)
        return status;
    d->tariffs = tp.items;
    d->ntariffs = tp.n;
    free(tp.next_cursor);
    return TW_OK;
}

int db_actor_get(struct db *db, int64_t id, struct db_actor_detail *out)
{
    struct db_actor_detail d = {0};
    sqlite3_stmt *st = db_stmt(db, ST_Q_ACTOR_GET, "q_actor_get", SQL_ACTOR_GET);
    if (st == NULL)
        return TW_EDB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    int status = TW_OK;
    if (rc == SQLITE_ROW && sqlite3_column_int64(st, 4) > 0)
        read_summary(st, &d.summary);
    else if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        status = TW_ENOTFOUND;
    else
        status = db_fail(db, "q_actor_get", rc);
    db_done(st);

    if (status == TW_OK) {
        st = db_stmt(db, ST_Q_ACTOR_ALIASES, "q_actor_aliases", SQL_ACTOR_ALIASES);
        status = st == NULL ? TW_EDB : TW_OK;
    }
    if (status == TW_OK) {
        sqlite3_bind_int64(st, 1, id);
        status = read_strings(db, st, "q_actor_aliases", &d.aliases, &d.naliases);
    }
    if (status == TW_OK) {
        st = db_stmt(db, ST_Q_ACTOR_ROLES, "q_actor_roles", SQL_ACTOR_ROLES);
        status = st == NULL ? TW_EDB : TW_OK;
    }
    if (status == TW_OK) {
        sqlite3_bind_int64(st, 1, id);
        status = read_strings(db, st, "q_actor_roles", &d.roles, &d.nroles);
    }
    if (status == TW_OK)
        status = read_co_actors(db, id, &d);
    if (status == TW_OK)
        status = read_lists(db, &d);
    if (status != TW_OK) {
        db_actor_detail_cleanup(&d);
        return status;
    }
    *out = d;
    return TW_OK;
}
