/* db_query_tariffs.c - GET /v1/tariffs (figures with their article and sentence) and
 * GET /v1/tariffs/summary (figures grouped for charts), and the sentence finder that
 * db_annotations.c calls when it stores a figure. */
#include <stdlib.h>
#include <string.h>

#include "db_query_internal.h"
#include "mem.h"
#include "status.h"
#include "tariff_groups.h"
#include "text.h"

/* ---- the list ----
 * Newest article first, keyset on (article_date, id). Parameters: ?1 imposer, ?2 target,
 * ?3 party (imposer or target), ?4 product, ?5 kind, ?6 unit, ?7 change, ?8 min, ?9 max
 * (micros), ?10 since, ?11/?12 the upper bound (article_date, id) that until and the cursor
 * make together, ?13 limit. The variants differ in the index that drives them: the product
 * list, imposer, target, both party indexes merged, or the date. */
#define TARIFF_COLS                                                                                \
    "t.id, t.article_id, a.title, t.article_date, t.sentence, t.kind, t.value_micros, t.unit,"     \
    " t.per, t.comparator, t.imposer, t.target, t.change, t.text, t.start_cp, t.end_cp,"           \
    " (SELECT group_concat(product, char(31)) FROM"                                               \
    "   (SELECT product FROM tariff_products WHERE tariff_id = t.id ORDER BY position))"
#define TARIFF_FILTERS                                                                             \
    " AND (?4 IS NULL OR t.id IN (SELECT tariff_id FROM tariff_products WHERE product = ?4))"      \
    TARIFF_FILTERS_BUT_PRODUCT
#define TARIFF_FILTERS_BUT_PRODUCT                                                                 \
    " AND (?1 IS NULL OR t.imposer = ?1) AND (?2 IS NULL OR t.target = ?2)"                        \
    " AND (?3 IS NULL OR t.imposer = ?3 OR t.target = ?3)"                                         \
    " AND (?5 IS NULL OR t.kind = ?5) AND (?6 IS NULL OR t.unit = ?6)"                             \
    " AND (?7 IS NULL OR t.change = ?7)"                                                           \
    " AND (?8 IS NULL OR t.value_micros >= ?8) AND (?9 IS NULL OR t.value_micros <= ?9)"           \
    " AND t.article_date >= ?10 AND t.article_date <= ?11 AND (t.article_date, t.id) < (?11, ?12)"
#define TARIFF_ORDER " ORDER BY t.article_date DESC, t.id DESC LIMIT ?13"
#define TARIFF_JOIN " JOIN articles a ON a.id = t.article_id"

static const char SQL_TARIFFS_ALL[] =
    "SELECT " TARIFF_COLS " FROM tariffs t" TARIFF_JOIN " WHERE 1" TARIFF_FILTERS TARIFF_ORDER;
static const char SQL_TARIFFS_IMPOSER[] = "SELECT " TARIFF_COLS " FROM tariffs t" TARIFF_JOIN
                                          " WHERE t.imposer = ?1" TARIFF_FILTERS TARIFF_ORDER;
static const char SQL_TARIFFS_TARGET[] = "SELECT " TARIFF_COLS " FROM tariffs t" TARIFF_JOIN
                                         " WHERE t.target = ?2" TARIFF_FILTERS TARIFF_ORDER;
/* Each party index gives its newest page; the union of the two holds the page sought. */
static const char SQL_TARIFFS_PARTY[] =
    "SELECT " TARIFF_COLS " FROM ("
    " SELECT id FROM (SELECT t.id FROM tariffs t WHERE t.imposer = ?3" TARIFF_FILTERS TARIFF_ORDER
    ") UNION"
    " SELECT id FROM (SELECT t.id FROM tariffs t WHERE t.target = ?3" TARIFF_FILTERS TARIFF_ORDER
    ")) u CROSS JOIN tariffs t ON t.id = u.id" TARIFF_JOIN TARIFF_ORDER;
/* A product's figures newest first off tariff_products_product_date (005_product_dates.sql);
 * a figure that names the product twice counts at its first position. */
static const char SQL_TARIFFS_PRODUCT[] =
    "SELECT " TARIFF_COLS " FROM tariff_products p CROSS JOIN tariffs t ON t.id = p.tariff_id"
    TARIFF_JOIN " WHERE p.product = ?4 AND p.article_date >= ?10 AND p.article_date <= ?11"
    " AND (p.article_date, p.tariff_id) < (?11, ?12) AND p.position = (SELECT min(position)"
    " FROM tariff_products WHERE tariff_id = p.tariff_id AND product = ?4)"
    TARIFF_FILTERS_BUT_PRODUCT
    " ORDER BY p.article_date DESC, p.tariff_id DESC LIMIT ?13";

/* Figures stored before 002 have no sentence: it is cut from the body when read. */
static const char SQL_TARIFF_BODY[] = "SELECT body FROM article_bodies WHERE article_id = ?1";

/* ---- the summary ----
 * SQLite only reads the figures that pass the filters; db_tariff_summary groups them in C
 * (tariff_groups.h), because computing five keys per row in SQL (a printf for the latest
 * figure, date() and strftime() for the ISO week) cost several times the read itself.
 * ?1 imposer, ?2 target, ?3 product, ?4 kind, ?5 unit, ?6 change, ?7 min, ?8 max, ?9 since,
 * ?10 until; ?11 the index that drives the read (enum summary_driver); ?12 whether product is
 * a key (then the last column lists the figure's products, one per tariff_products row,
 * separated by char(31), as the list does). Each branch of the UNION ALL starts with its
 * ?11 test, a constant SQLite checks once before the branch's loop, so only the chosen branch
 * reads anything. A product filter always drives (DISTINCT: each figure comes once, however
 * often it names the product); kind is a plain test (+) in the other indexed branches, so
 * that they keep to their own index rather than the covering kind+date one. */
#define SUMMARY_COLS                                                                               \
    " t.id, t.article_date, t.unit, t.imposer, t.target, t.change, t.value_micros,"                \
    " CASE WHEN ?12 THEN (SELECT group_concat(product, char(31)) FROM tariff_products"             \
    "  WHERE tariff_id = t.id) END"
#define SUMMARY_FILTERS                                                                            \
    " AND t.article_date >= ?9 AND t.article_date < ?10 AND t.value_micros IS NOT NULL"            \
    " AND (?1 IS NULL OR t.imposer = ?1) AND (?2 IS NULL OR t.target = ?2)"                        \
    " AND (?5 IS NULL OR t.unit = ?5) AND (?6 IS NULL OR t.change = ?6)"                           \
    " AND (?7 IS NULL OR t.value_micros >= ?7) AND (?8 IS NULL OR t.value_micros <= ?8)"
#define SUMMARY_SQL(KIND, PLAIN_KIND)                                                              \
    "SELECT" SUMMARY_COLS " FROM tariffs t WHERE ?11 = 0 AND " KIND SUMMARY_FILTERS                \
    " UNION ALL SELECT" SUMMARY_COLS " FROM tariffs t"                                             \
    " WHERE ?11 = 1 AND t.imposer = ?1 AND " PLAIN_KIND SUMMARY_FILTERS                            \
    " UNION ALL SELECT" SUMMARY_COLS " FROM tariffs t"                                             \
    " WHERE ?11 = 2 AND t.target = ?2 AND " PLAIN_KIND SUMMARY_FILTERS                             \
    " UNION ALL SELECT" SUMMARY_COLS                                                               \
    " FROM (SELECT DISTINCT tariff_id FROM tariff_products WHERE product = ?3"                     \
    "  AND article_date >= ?9 AND article_date < ?10) p"                                           \
    " CROSS JOIN tariffs t ON t.id = p.tariff_id WHERE ?11 = 3 AND " PLAIN_KIND SUMMARY_FILTERS

/* With a kind the first branch reads the covering index tariffs_summary (kind, date, ...);
 * without one, tariffs_date. */
static const char SQL_SUMMARY_KIND[] = SUMMARY_SQL("t.kind = ?4", "+t.kind = ?4");
static const char SQL_SUMMARY_ANY[] = SUMMARY_SQL("1", "1");

enum summary_driver { DRIVE_DATE, DRIVE_IMPOSER, DRIVE_TARGET, DRIVE_PRODUCT };

/* Byte offset of code point cp in s[0..len) (len when past the end). */
static size_t byte_of_cp(const char *s, size_t len, int64_t cp)
{
    size_t b = 0;
    for (int64_t n = 0; b < len && n < cp; n++) {
        b++;
        while (b < len && ((unsigned char)s[b] & 0xC0) == 0x80)
            b++;
    }
    return b;
}

/* The sentence of a figure stored without one: cut from its article's body now, or the
 * figure's own text when that fails. */
static int legacy_sentence(struct db *db, struct db_tariff_record *r)
{
    sqlite3_stmt *st = db_stmt(db, ST_Q_TARIFF_BODY, "q_tariff_body", SQL_TARIFF_BODY);
    if (st == NULL)
        return TW_EDB;
    sqlite3_bind_int64(st, 1, r->article.id);
    int rc = sqlite3_step(st);
    int status = TW_OK;
    if (rc == SQLITE_ROW) {
        const char *body = (const char *)sqlite3_column_text(st, 0);
        size_t len = (size_t)sqlite3_column_bytes(st, 0);
        struct text t;
        if (body != NULL && text_init(&t, body, len) == TW_OK) {
            size_t s0, s1;
            if (text_sentence_around(&t, byte_of_cp(body, len, r->start),
                                     byte_of_cp(body, len, r->end), &s0, &s1))
                r->sentence = xstrndup(body + s0, s1 - s0);
            text_cleanup(&t);
        }
    } else if (rc != SQLITE_DONE) {
        status = db_fail(db, "q_tariff_body", rc);
    }
    db_done(st);
    if (status == TW_OK && r->sentence == NULL)
        r->sentence = xstrdup(r->text);
    return status;
}

static void read_products(sqlite3_stmt *st, int col, struct db_tariff_record *r)
{
    const char *s = (const char *)sqlite3_column_text(st, col);
    if (s == NULL || *s == '\0')
        return;
    size_t n = 1;
    for (const char *p = s; *p != '\0'; p++)
        n += *p == '\x1f';
    r->products = xcalloc(n, sizeof *r->products);
    for (const char *p = s;; p++) {
        const char *e = strchr(p, '\x1f');
        size_t len = e != NULL ? (size_t)(e - p) : strlen(p);
        r->products[r->nproducts++] = xstrndup(p, len);
        if (e == NULL)
            break;
        p = e;
    }
}

static void read_tariff(sqlite3_stmt *st, struct db_tariff_record *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    dq_read_article_ref(st, 1, &r->article);
    r->sentence = db_column_strdup(st, 4);
    if (!dq_tariff_kind((const char *)sqlite3_column_text(st, 5), &r->kind))
        r->kind = TARIFF_RATE; /* CHECK constraint: unreachable */
    r->has_value = sqlite3_column_type(st, 6) != SQLITE_NULL;
    r->value_micros = sqlite3_column_int64(st, 6);
    r->unit = db_column_strdup(st, 7);
    if (r->unit == NULL)
        r->unit = xstrdup("");
    r->per = db_column_strdup(st, 8);
    if (!dq_tariff_cmp((const char *)sqlite3_column_text(st, 9), &r->comparator))
        r->comparator = CMP_EQ;
    r->imposer = db_column_strdup(st, 10);
    r->target = db_column_strdup(st, 11);
    if (!dq_tariff_change((const char *)sqlite3_column_text(st, 12), &r->change))
        r->change = CHANGE_CURRENT;
    r->text = db_column_strdup(st, 13);
    if (r->text == NULL)
        r->text = xstrdup("");
    r->start = sqlite3_column_int64(st, 14);
    r->end = sqlite3_column_int64(st, 15);
    read_products(st, 16, r);
}

void db_tariff_page_cleanup(struct db_tariff_page *p)
{
    if (p == NULL)
        return;
    for (size_t i = 0; i < p->n; i++)
        dq_tariff_record_cleanup(&p->items[i]);
    free(p->items);
    free(p->next_cursor);
    memset(p, 0, sizeof *p);
}

/* Validates the filters both the list and the summary take. */
static int check_tariff_filter(const struct db_tariff_filter *f, struct db_query_err *err)
{
    if (f->has_min && f->has_max && f->min_micros > f->max_micros)
        return dq_invalid(err, "min_value must not be above max_value");
    if ((f->has_min && f->min_micros < 0) || (f->has_max && f->max_micros < 0))
        return dq_invalid(err, "min_value and max_value must not be negative");
    return TW_OK;
}

/* The exclusive upper bound (date, id) of a newest-first list: the smaller of (until, 0)
 * and the cursor's position. */
static void upper_bound(const struct dq_window *w, const struct dq_cursor *c, bool has_cursor,
                        const char **date, int64_t *id)
{
    *date = w->until;
    *id = 0;
    if (has_cursor) {
        int cmp = strcmp(c->f[0].s, w->until);
        if (cmp < 0 || (cmp == 0 && c->f[1].i < 0)) {
            *date = c->f[0].s;
            *id = c->f[1].i;
        }
    }
}

int db_tariff_list(struct db *db, const struct db_tariff_filter *f, struct db_tariff_page *out,
                   struct db_query_err *err)
{
    struct dq_window w;
    struct dq_cursor cur;
    dq_cursor_init(&cur, 't');
    int status = dq_check_limit(f->limit, err);
    if (status == TW_OK)
        status = check_tariff_filter(f, err);
    if (status == TW_OK)
        status = dq_window_init(&w, f->since, f->until, err);
    if (status == TW_OK && f->cursor != NULL)
        status = dq_cursor_decode(f->cursor, 't', "si", &cur, err);
    if (status != TW_OK) {
        dq_cursor_cleanup(&cur);
        return status;
    }

    sqlite3_stmt *st;
    const char *name;
    if (f->product != NULL) {
        name = "q_tariffs_product";
        st = db_stmt(db, ST_Q_TARIFFS_PRODUCT, name, SQL_TARIFFS_PRODUCT);
    } else if (f->imposer != NULL) {
        name = "q_tariffs_imposer";
        st = db_stmt(db, ST_Q_TARIFFS_IMPOSER, name, SQL_TARIFFS_IMPOSER);
    } else if (f->target != NULL) {
        name = "q_tariffs_target";
        st = db_stmt(db, ST_Q_TARIFFS_TARGET, name, SQL_TARIFFS_TARGET);
    } else if (f->party != NULL) {
        name = "q_tariffs_party";
        st = db_stmt(db, ST_Q_TARIFFS_PARTY, name, SQL_TARIFFS_PARTY);
    } else {
        name = "q_tariffs_all";
        st = db_stmt(db, ST_Q_TARIFFS_ALL, name, SQL_TARIFFS_ALL);
    }
    if (st == NULL) {
        dq_cursor_cleanup(&cur);
        return TW_EDB;
    }
    const char *ud;
    int64_t uid;
    upper_bound(&w, &cur, f->cursor != NULL, &ud, &uid);
    db_bind_text(st, 1, f->imposer);
    db_bind_text(st, 2, f->target);
    db_bind_text(st, 3, f->party);
    db_bind_text(st, 4, f->product);
    db_bind_text(st, 5, f->has_kind ? tariff_kind_name(f->kind) : NULL);
    db_bind_text(st, 6, f->unit);
    db_bind_text(st, 7, f->has_change ? tariff_change_name(f->change) : NULL);
    if (f->has_min)
        sqlite3_bind_int64(st, 8, f->min_micros);
    if (f->has_max)
        sqlite3_bind_int64(st, 9, f->max_micros);
    db_bind_text(st, 10, w.since);
    db_bind_text(st, 11, ud);
    sqlite3_bind_int64(st, 12, uid);
    sqlite3_bind_int(st, 13, f->limit + 1); /* one more tells whether a next page exists */

    struct db_tariff_record *items = xcalloc((size_t)f->limit, sizeof *items);
    size_t n = 0;
    bool more = false;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == (size_t)f->limit) {
            more = true;
            break;
        }
        read_tariff(st, &items[n++]);
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        status = db_fail(db, name, rc);
    db_done(st);
    dq_cursor_cleanup(&cur);
    for (size_t i = 0; status == TW_OK && i < n; i++) {
        if (items[i].sentence == NULL)
            status = legacy_sentence(db, &items[i]);
    }
    if (status != TW_OK) {
        for (size_t i = 0; i < n; i++)
            dq_tariff_record_cleanup(&items[i]);
        free(items);
        return status;
    }
    out->items = items;
    out->n = n;
    out->next_cursor = NULL;
    if (more)
        out->next_cursor = dq_cursor_date_id('t', items[n - 1].article.date, items[n - 1].id);
    return TW_OK;
}

/* ---- summary ---- */

static const char *const key_names[] = {"imposer", "target", "product", "change",
                                        "day",     "week",   "month"};

int db_tariff_keys_parse(const char *s, enum db_tariff_key *keys, size_t *n,
                         struct db_query_err *err)
{
    size_t count = 0;
    bool seen[7] = {false}, period = false;
    const char *p = s != NULL ? s : "";
    for (;;) {
        const char *e = strchr(p, ',');
        size_t len = e != NULL ? (size_t)(e - p) : strlen(p);
        size_t k = 0;
        while (k < 7 && !(strlen(key_names[k]) == len && strncmp(p, key_names[k], len) == 0))
            k++;
        if (k == 7)
            return dq_invalid(err, "group_by takes imposer, target, product, change, day, week "
                                   "and month, separated by commas");
        if (seen[k])
            return dq_invalid(err, "group_by names %s twice", key_names[k]);
        bool is_period = k >= DB_TKEY_DAY;
        if (is_period && period)
            return dq_invalid(err, "group_by takes at most one of day, week and month");
        seen[k] = true;
        period = period || is_period;
        keys[count++] = (enum db_tariff_key)k;
        if (e == NULL)
            break;
        p = e + 1;
    }
    *n = count;
    return TW_OK;
}

void db_tariff_summary_page_cleanup(struct db_tariff_summary_page *p)
{
    if (p == NULL)
        return;
    for (size_t i = 0; i < p->n; i++) {
        struct db_tariff_group *g = &p->items[i];
        free(g->imposer);
        free(g->target);
        free(g->product);
        free(g->period);
        free(g->unit);
        free(g->latest_at);
    }
    free(p->items);
    free(p->next_cursor);
    memset(p, 0, sizeof *p);
}

/* A key of a group read back: '' (no value, or not a key) is NULL. */
static char *key_dup(const char *s)
{
    return *s != '\0' ? xstrdup(s) : NULL;
}

/* The text of column col, '' for NULL. */
static const char *column_or_empty(sqlite3_stmt *st, int col)
{
    const char *s = (const char *)sqlite3_column_text(st, col);
    return s != NULL ? s : "";
}

/* The period key of an article date (0 none, 1 day, 2 ISO week, 3 month) into out. */
static const char *period_of(const char *date, int period, char *out, size_t cap)
{
    size_t len = strlen(date);
    switch (period) {
    case 1:
    case 3: {
        size_t n = period == 1 ? 10 : 7; /* "YYYY-MM-DD", "YYYY-MM" */
        n = len < n ? len : n;
        memcpy(out, date, n);
        out[n] = '\0';
        return out;
    }
    case 2:
        /* Stored dates are always valid; an invalid one would have no week, like date(). */
        return tariff_groups_iso_week(date, out, cap) ? out : "";
    default:
        return "";
    }
}

/* Counts the figure in the current row of st in its groups: once, or with product as a key
 * once per product it names (only the filter's product when there is one), or once with ''
 * when it names none. */
static void add_figure(struct tariff_groups *groups, sqlite3_stmt *st, const bool is_key[7],
                       int period, const char *product)
{
    char when[16];
    int64_t id = sqlite3_column_int64(st, 0);
    const char *date = column_or_empty(st, 1);
    const char *key[TARIFF_GROUPS_KEYS] = {
        is_key[DB_TKEY_IMPOSER] ? column_or_empty(st, 3) : "",
        is_key[DB_TKEY_TARGET] ? column_or_empty(st, 4) : "",
        "",
        is_key[DB_TKEY_CHANGE] ? column_or_empty(st, 5) : "",
        period_of(date, period, when, sizeof when),
        column_or_empty(st, 2),
    };
    int64_t v = sqlite3_column_int64(st, 6);
    const char *list = column_or_empty(st, 7);
    if (!is_key[DB_TKEY_PRODUCT] || *list == '\0') {
        tariff_groups_add(groups, key, v, date, id);
        return;
    }
    char name[256];
    for (const char *p = list;;) {
        const char *e = strchr(p, '\x1f');
        size_t len = e != NULL ? (size_t)(e - p) : strlen(p);
        char *heap = NULL;
        char *one = len < sizeof name ? name : (heap = xmalloc(len + 1));
        memcpy(one, p, len);
        one[len] = '\0';
        key[2] = one;
        if (product == NULL || strcmp(one, product) == 0)
            tariff_groups_add(groups, key, v, date, id);
        free(heap);
        if (e == NULL)
            break;
        p = e + 1;
    }
}

/* The cursor after group g: its sort tuple (the five order slots, then unit). */
static char *group_cursor(const struct tariff_group *g, const int *order)
{
    struct dq_cursor next;
    dq_cursor_init(&next, 'g');
    for (int i = 0; i < DB_TKEY_MAX + 1; i++)
        dq_cursor_text(&next, order[i] >= 0 ? g->key[order[i]] : "");
    char *s = dq_cursor_encode(&next);
    dq_cursor_cleanup(&next);
    return s;
}

static void copy_group(const struct tariff_group *src, struct db_tariff_group *g)
{
    memset(g, 0, sizeof *g);
    g->imposer = key_dup(src->key[0]);
    g->target = key_dup(src->key[1]);
    g->product = key_dup(src->key[2]);
    if (!dq_tariff_change(src->key[3], &g->change))
        g->change = CHANGE_CURRENT; /* not a key */
    g->period = key_dup(src->key[4]);
    g->unit = xstrdup(src->key[5]);
    g->count = src->count;
    g->min_micros = src->min;
    g->max_micros = src->max;
    g->latest_micros = src->latest_value;
    g->latest_at = xstrdup(src->latest_date);
}

int db_tariff_summary(struct db *db, const struct db_tariff_filter *f,
                      const enum db_tariff_key *keys, size_t nkeys,
                      struct db_tariff_summary_page *out, struct db_query_err *err)
{
    struct dq_window w;
    struct dq_cursor cur;
    dq_cursor_init(&cur, 'g');
    int status = dq_check_limit(f->limit, err);
    if (status == TW_OK)
        status = check_tariff_filter(f, err);
    if (status == TW_OK && (nkeys > DB_TKEY_MAX || f->party != NULL))
        status = dq_invalid(err, "group_by takes at most %d keys", DB_TKEY_MAX);
    bool is_key[7] = {false};
    int period = 0;
    for (size_t i = 0; status == TW_OK && i < nkeys; i++) {
        if ((unsigned)keys[i] > DB_TKEY_MONTH || is_key[keys[i]] ||
            (keys[i] >= DB_TKEY_DAY && period != 0))
            status = dq_invalid(err, "group_by names a key twice or two periods");
        else
            is_key[keys[i]] = true;
        if (status == TW_OK && keys[i] >= DB_TKEY_DAY)
            period = keys[i] - DB_TKEY_DAY + 1;
    }
    /* The sort tuple: the key columns of tariff_groups (imposer, target, product, change,
     * period, unit) in group_by order, '' (-1) for the slots past it, then unit. */
    int order[DB_TKEY_MAX + 1];
    for (size_t i = 0; i < DB_TKEY_MAX; i++)
        order[i] = i < nkeys ? (keys[i] >= DB_TKEY_DAY ? 4 : (int)keys[i]) : -1;
    order[DB_TKEY_MAX] = 5;
    if (status == TW_OK)
        status = dq_window_init(&w, f->since, f->until, err);
    if (status == TW_OK && f->cursor != NULL)
        status = dq_cursor_decode(f->cursor, 'g', "ssssss", &cur, err);
    if (status != TW_OK) {
        dq_cursor_cleanup(&cur);
        return status;
    }
    const char *name = f->has_kind ? "q_summary_kind" : "q_summary_any";
    sqlite3_stmt *st = f->has_kind ? db_stmt(db, ST_Q_SUMMARY_KIND, name, SQL_SUMMARY_KIND)
                                   : db_stmt(db, ST_Q_SUMMARY_ANY, name, SQL_SUMMARY_ANY);
    if (st == NULL) {
        dq_cursor_cleanup(&cur);
        return TW_EDB;
    }
    enum summary_driver driver = f->product != NULL   ? DRIVE_PRODUCT
                                 : f->imposer != NULL ? DRIVE_IMPOSER
                                 : f->target != NULL  ? DRIVE_TARGET
                                                      : DRIVE_DATE;
    db_bind_text(st, 1, f->imposer);
    db_bind_text(st, 2, f->target);
    db_bind_text(st, 3, f->product);
    db_bind_text(st, 4, f->has_kind ? tariff_kind_name(f->kind) : NULL);
    db_bind_text(st, 5, f->unit);
    db_bind_text(st, 6, f->has_change ? tariff_change_name(f->change) : NULL);
    if (f->has_min)
        sqlite3_bind_int64(st, 7, f->min_micros);
    if (f->has_max)
        sqlite3_bind_int64(st, 8, f->max_micros);
    db_bind_text(st, 9, w.since);
    db_bind_text(st, 10, w.until);
    sqlite3_bind_int(st, 11, (int)driver);
    sqlite3_bind_int(st, 12, is_key[DB_TKEY_PRODUCT]);

    struct tariff_groups *groups = tariff_groups_new();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        add_figure(groups, st, is_key, period, f->product);
    if (rc != SQLITE_DONE)
        status = db_fail(db, name, rc);
    db_done(st);
    if (status == TW_OK) {
        const char *after[DB_TKEY_MAX + 1];
        for (int i = 0; i < DB_TKEY_MAX + 1; i++)
            after[i] = cur.f[i].s;
        const struct tariff_group *const *rows;
        /* one more than the limit tells whether a next page exists */
        size_t n =
            tariff_groups_page(groups, order, DB_TKEY_MAX + 1, f->cursor != NULL ? after : NULL,
                               (size_t)f->limit + 1, &rows);
        bool more = n > (size_t)f->limit;
        if (more)
            n = (size_t)f->limit;
        out->items = xcalloc(n > 0 ? n : 1, sizeof *out->items);
        for (size_t i = 0; i < n; i++)
            copy_group(rows[i], &out->items[i]);
        out->n = n;
        out->next_cursor = more ? group_cursor(rows[n - 1], order) : NULL;
    }
    tariff_groups_free(groups);
    dq_cursor_cleanup(&cur);
    return status;
}
