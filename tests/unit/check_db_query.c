/* check_db_query.c - the dashboard queries (db_query.h) on :memory: with the real migrations:
 * every filter, sort and cursor, paging without duplicates or gaps, the counters the triggers
 * keep (after delete and re-annotation, checked against a recomputation), full-text search,
 * and EXPLAIN QUERY PLAN of every statement shape. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "suites.h"

#include "db.h"
#include "db_internal.h"
#include "db_query.h"
#include "db_query_internal.h"
#include "civil.h"
#include "embedded.h"
#include "status.h"

/* ---- fixture: hand-made annotations on wire-style sentences of our own ---- */

struct t_actor {
    const char *name;
    enum actor_type type;
    const char *country;
    const char *role;
    const char *mentions[3]; /* texts, each found in the body after the previous one */
};
struct t_claim {
    int speaker; /* index into actors, -1 none */
    bool direct;
    const char *text;
};
struct t_tariff {
    const char *imposer, *target;
    double value;
    enum tariff_kind kind;
    enum tariff_change change;
    const char *products[2];
    const char *text;
};
struct t_article {
    const char *ext, *date, *title, *body;
    struct t_actor actors[4];
    struct t_claim claims[3];
    struct t_tariff tariffs[2];
};

static const struct t_article ARTICLES[] = {
    {"a1", "2026-03-02T10:00:00Z", "U.S. raises steel tariffs",
     "WASHINGTON, March 2 - U.S. Trade Representative Anna Berg said the United States would "
     "raise tariffs on Chinese steel to 25 percent. \"We will defend our industry,\" Berg told "
     "reporters. China said it would respond.",
     {{"United States", ACTOR_COUNTRY, "US", NULL, {"U.S.", "United States"}},
      {"Anna Berg", ACTOR_PERSON, "US", "Trade Representative", {"Anna Berg", "Berg"}},
      {"China", ACTOR_COUNTRY, "CN", NULL, {"Chinese", "China"}}},
     {{1, true, "We will defend our industry"}, {2, false, "it would respond"}},
     {{"US", "CN", 25, TARIFF_RATE, CHANGE_RAISE, {"steel"}, "25 percent"}}},
    {"a2", "2026-03-15T08:30:00+01:00", "China vows retaliation",
     "BEIJING, March 15 \xE2\x80\x93 China's commerce ministry said it would impose duties of 15 "
     "percent on U.S. soybeans. Minister Li Wei said the move was proportionate.",
     {{"China", ACTOR_COUNTRY, "CN", NULL, {"China"}},
      {"United States", ACTOR_COUNTRY, "US", NULL, {"U.S."}},
      {"Li Wei", ACTOR_PERSON, "CN", "Minister", {"Li Wei"}}},
     {{2, false, "the move was proportionate"},
      {0, false, "it would impose duties of 15 percent on U.S. soybeans"}},
     {{"CN", "US", 15, TARIFF_RATE, CHANGE_IMPOSE, {"soybeans"}, "15 percent"}}},
    {"a3", NULL, "EU weighs aluminium duties",
     "BRUSSELS - The European Union is considering duties of 10 percent on aluminium imports, "
     "officials said. Anna Berg declined to comment.",
     {{"European Union", ACTOR_COUNTRY, "EU", NULL, {"European Union"}},
      {"Anna Berg", ACTOR_PERSON, "US", NULL, {"Anna Berg"}}},
     {{-1, false, "The European Union is considering duties of 10 percent on aluminium imports"}},
     {{"EU", "*", 10, TARIFF_RATE, CHANGE_PROPOSE, {"aluminium"}, "10 percent"}}},
    {"a4", "2026-04-01T12:00:00Z", "Japan cuts rice tariff",
     "TOKYO, April 1 - Japan will cut its tariff on rice imports to 5 percent from 8 percent, "
     "Agriculture Minister Ken Sato said. The United States welcomed the decision.",
     {{"Japan", ACTOR_COUNTRY, "JP", NULL, {"Japan"}},
      {"Ken Sato", ACTOR_PERSON, "JP", "Agriculture Minister", {"Ken Sato"}},
      {"United States", ACTOR_COUNTRY, "US", NULL, {"United States"}}},
     {{1, false, "Japan will cut its tariff on rice imports to 5 percent from 8 percent"}},
     {{"JP", "*", 5, TARIFF_RATE, CHANGE_CUT, {"rice"}, "5 percent"},
      {"JP", "*", 8, TARIFF_RATE, CHANGE_CURRENT, {"rice"}, "8 percent"}}},
    {"a5", "2026-04-20T09:00:00Z", "Steel talks resume",
     "GENEVA, April 20 - Trade talks on steel resumed on Monday, Anna Berg said. She said "
     "tariffs would stay at 25 percent.",
     {{"Anna Berg", ACTOR_PERSON, "US", "Trade Representative", {"Anna Berg"}}},
     {{0, false, "tariffs would stay at 25 percent"}},
     {{"US", NULL, 25, TARIFF_RATE, CHANGE_CURRENT, {"steel"}, "25 percent"}}},
};
#define NARTICLES (sizeof ARTICLES / sizeof *ARTICLES)

/* Storage the hand-made annotations point into while they are stored. */
struct built {
    struct ann_actor actors[4];
    struct ann_span spans[4][3];
    struct ann_claim claims[3];
    struct ann_tariff tariffs[2];
    char *products[2][2];
    struct annotations a;
};

static uint32_t cp_of(const char *body, size_t byte)
{
    uint32_t n = 0;
    for (size_t i = 0; i < byte; i++)
        n += ((unsigned char)body[i] & 0xC0) != 0x80;
    return n;
}

static struct ann_span span_at(const char *body, const char *needle, size_t from)
{
    const char *p = strstr(body + from, needle);
    ck_assert_msg(p != NULL, "fixture text not in body: %s", needle);
    size_t b = (size_t)(p - body);
    struct ann_span s = {.byte_start = (uint32_t)b, .byte_end = (uint32_t)(b + strlen(needle))};
    s.start = cp_of(body, s.byte_start);
    s.end = cp_of(body, s.byte_end);
    return s;
}

static void build(const struct t_article *t, struct built *b)
{
    memset(b, 0, sizeof *b);
    b->a.actors = b->actors;
    b->a.claims = b->claims;
    b->a.tariffs = b->tariffs;
    for (size_t i = 0; i < 4 && t->actors[i].name != NULL; i++) {
        const struct t_actor *ta = &t->actors[i];
        struct ann_actor *aa = &b->actors[b->a.nactors++];
        aa->name = (char *)(uintptr_t)ta->name;
        aa->type = ta->type;
        if (ta->country != NULL)
            memcpy(aa->country, ta->country, strlen(ta->country) + 1);
        aa->role = (char *)(uintptr_t)ta->role;
        aa->mentions = b->spans[i];
        size_t from = 0;
        for (size_t m = 0; m < 3 && ta->mentions[m] != NULL; m++) {
            b->spans[i][m] = span_at(t->body, ta->mentions[m], from);
            from = b->spans[i][m].byte_end;
            aa->nmentions++;
        }
    }
    for (size_t i = 0; i < 3 && t->claims[i].text != NULL; i++) {
        struct ann_claim *c = &b->claims[b->a.nclaims++];
        c->speaker = t->claims[i].speaker;
        c->direct = t->claims[i].direct;
        c->cue = (char *)(uintptr_t)"said";
        c->span = span_at(t->body, t->claims[i].text, 0);
    }
    for (size_t i = 0; i < 2 && t->tariffs[i].text != NULL; i++) {
        const struct t_tariff *tt = &t->tariffs[i];
        struct ann_tariff *x = &b->tariffs[b->a.ntariffs++];
        x->kind = tt->kind;
        x->value = tt->value;
        strcpy(x->unit, "percent");
        x->comparator = CMP_EQ;
        if (tt->imposer != NULL)
            strcpy(x->imposer, tt->imposer);
        if (tt->target != NULL)
            strcpy(x->target, tt->target);
        x->change = tt->change;
        x->products = b->products[i];
        for (size_t k = 0; k < 2 && tt->products[k] != NULL; k++)
            b->products[i][x->nproducts++] = (char *)(uintptr_t)tt->products[k];
        x->span = span_at(t->body, tt->text, 0);
    }
}

/* Submits article t (with body override when not NULL) and stores its annotations. */
static int64_t store(struct db *db, const struct t_article *t, const char *body)
{
    struct article_in in = {.title = t->title,
                            .source = "test",
                            .external_id = t->ext,
                            .published_at = t->date,
                            .body = body != NULL ? body : t->body};
    in.body_len = strlen(in.body);
    int64_t id = 0;
    enum submit_outcome outcome;
    ck_assert_int_eq(db_article_submit(db, &in, 0, &id, &outcome), TW_OK);
    struct job j;
    size_t n = 0;
    ck_assert_int_eq(db_job_claim(db, &j, 1, &n), TW_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(j.article_id, id);
    struct built b;
    struct t_article copy = *t;
    copy.body = in.body;
    build(&copy, &b);
    ck_assert_int_eq(db_job_complete(db, &j, &b.a, "{}"), TW_OK);
    db_job_cleanup(&j);
    return id;
}

static struct db *db;
static int64_t ids[NARTICLES];

static void setup(void)
{
    ck_assert_int_eq(db_open(":memory:", &db), TW_OK);
    ck_assert_int_eq(db_migrate(db), TW_OK);
    for (size_t i = 0; i < NARTICLES; i++)
        ids[i] = store(db, &ARTICLES[i], NULL);
}

static void teardown(void)
{
    db_close(db);
    db = NULL;
}

static int64_t query_int(const char *sql)
{
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db->h, sql, -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static int64_t actor_id(const char *name)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT id FROM actors WHERE name = '%s'", name);
    return query_int(sql);
}

/* The derived tables of 002 against a recomputation from mentions and claims: 0 rows differ. */
static void assert_consistent(void)
{
    static const char *const checks[] = {
        /* actor_articles = mentions grouped by (actor, article), with claim counts */
        "SELECT count(*) FROM (SELECT actor_id, article_id, mentions, claims, article_date"
        " FROM actor_articles EXCEPT SELECT m.actor_id, m.article_id, count(*),"
        " (SELECT count(*) FROM claims c WHERE c.article_id = m.article_id"
        "  AND c.speaker_id = m.actor_id), a.article_date"
        " FROM mentions m JOIN articles a ON a.id = m.article_id GROUP BY 1, 2)",
        "SELECT (SELECT count(*) FROM actor_articles) -"
        " (SELECT count(*) FROM (SELECT DISTINCT actor_id, article_id FROM mentions))",
        /* counters */
        "SELECT count(*) FROM actors a WHERE n_articles <>"
        " (SELECT count(DISTINCT article_id) FROM mentions WHERE actor_id = a.id)"
        " OR n_mentions <> (SELECT count(*) FROM mentions WHERE actor_id = a.id)"
        " OR n_claims <> (SELECT count(*) FROM claims WHERE speaker_id = a.id)"
        " OR first_seen IS NOT (SELECT min(article_date) FROM actor_articles WHERE actor_id = a.id)"
        " OR last_seen IS NOT (SELECT max(article_date) FROM actor_articles WHERE actor_id = a.id)",
        /* aliases */
        "SELECT count(*) FROM (SELECT actor_id, alias, n FROM actor_aliases EXCEPT"
        " SELECT actor_id, text, count(*) FROM mentions GROUP BY 1, 2)",
        "SELECT (SELECT count(*) FROM actor_aliases) -"
        " (SELECT count(*) FROM (SELECT DISTINCT actor_id, text FROM mentions))",
        /* monthly totals = actor_articles grouped by (month, actor) */
        "SELECT count(*) FROM (SELECT month, actor_id, articles, mentions, claims, first_seen,"
        " last_seen FROM actor_months EXCEPT SELECT substr(article_date, 1, 7), actor_id,"
        " count(*), sum(mentions), sum(claims), min(article_date), max(article_date)"
        " FROM actor_articles GROUP BY 1, 2)",
        "SELECT (SELECT count(*) FROM actor_months) - (SELECT count(*) FROM"
        " (SELECT DISTINCT substr(article_date, 1, 7), actor_id FROM actor_articles))",
        /* co-occurrence */
        "SELECT count(*) FROM (SELECT actor_id, other_id, articles FROM actor_pairs EXCEPT"
        " SELECT x.actor_id, o.actor_id, count(*) FROM actor_articles x JOIN actor_articles o"
        " ON o.article_id = x.article_id AND o.actor_id <> x.actor_id GROUP BY 1, 2)",
        "SELECT (SELECT count(*) FROM actor_pairs) - (SELECT count(*) FROM"
        " (SELECT DISTINCT x.actor_id, o.actor_id FROM actor_articles x JOIN actor_articles o"
        " ON o.article_id = x.article_id AND o.actor_id <> x.actor_id))",
        /* dates copied into claims and tariffs */
        "SELECT count(*) FROM claims c WHERE article_date IS NOT"
        " (SELECT article_date FROM articles WHERE id = c.article_id)",
        "SELECT count(*) FROM tariffs t WHERE article_date IS NOT"
        " (SELECT article_date FROM articles WHERE id = t.article_id)",
        /* full-text rows: one per claim, and per title and body of an article out of the
         * queue (done or failed) */
        "SELECT (SELECT count(*) FROM search_fts) - (SELECT count(*) FROM articles WHERE title"
        " IS NOT NULL AND status IN ('done', 'failed')) - (SELECT count(*) FROM article_bodies b"
        " JOIN articles a ON a.id = b.article_id WHERE a.status IN ('done', 'failed'))"
        " - (SELECT count(*) FROM claims)",
        "SELECT count(*) FROM claims c WHERE NOT EXISTS (SELECT 1 FROM search_fts"
        " WHERE rowid = (3 << 61) | (c.search_day << 40) | (c.id << 8) | c.length_class"
        " AND text = c.text)",
        "SELECT count(*) FROM article_bodies b JOIN articles a ON a.id = b.article_id"
        " WHERE a.status IN ('done', 'failed') AND NOT EXISTS (SELECT 1 FROM search_fts"
        " WHERE rowid = (2 << 61) | (a.search_day << 40) | (a.id << 8) | b.length_class"
        " AND text = b.body)",
        "SELECT count(*) FROM articles a WHERE title IS NOT NULL AND status IN ('done', 'failed')"
        " AND NOT EXISTS (SELECT 1 FROM search_fts WHERE rowid ="
        " (1 << 61) | (a.search_day << 40) | (a.id << 8) | a.title_length_class"
        " AND text = a.title)",
    };
    for (size_t i = 0; i < sizeof checks / sizeof *checks; i++)
        ck_assert_msg(query_int(checks[i]) == 0, "derived data differs: %s", checks[i]);
}

/* ---- helpers over the pages ---- */

static struct db_actor_page actors(const struct db_actor_filter *f)
{
    struct db_actor_page p = {0};
    struct db_query_err err = {{0}};
    int rc = db_actor_list(db, f, &p, &err);
    ck_assert_msg(rc == TW_OK, "db_actor_list: %d %s", rc, err.detail);
    return p;
}

static const struct db_actor_summary *find_actor(const struct db_actor_page *p, const char *name)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->items[i].actor.name, name) == 0)
            return &p->items[i];
    return NULL;
}

/* ---- cursors ---- */

START_TEST(test_cursor_roundtrip)
{
    struct dq_cursor c, d;
    dq_cursor_init(&c, 'x');
    dq_cursor_text(&c, "caf\xC3\xA9 s1:;");
    dq_cursor_int(&c, -42);
    dq_cursor_int(&c, INT64_MAX);
    char *s = dq_cursor_encode(&c);
    struct db_query_err err = {{0}};
    ck_assert_int_eq(dq_cursor_decode(s, 'x', "sii", &d, &err), TW_OK);
    ck_assert_str_eq(d.f[0].s, "caf\xC3\xA9 s1:;");
    ck_assert_int_eq(d.f[1].i, -42);
    ck_assert_int_eq(d.f[2].i, INT64_MAX);
    dq_cursor_cleanup(&d);
    /* another list's cursor, another layout, garbage */
    ck_assert_int_eq(dq_cursor_decode(s, 'y', "sii", &d, &err), TW_EINVAL);
    ck_assert_int_eq(dq_cursor_decode(s, 'x', "si", &d, &err), TW_EINVAL);
    ck_assert_int_eq(dq_cursor_decode(s, 'x', "siii", &d, &err), TW_EINVAL);
    ck_assert_int_eq(dq_cursor_decode("not a cursor!", 'x', "sii", &d, &err), TW_EINVAL);
    ck_assert_int_eq(dq_cursor_decode("", 'x', "", &d, &err), TW_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.detail, "cursor"));
    free(s);
    dq_cursor_cleanup(&c);
}
END_TEST

/* ---- actors ---- */

START_TEST(test_actor_counts)
{
    struct db_actor_filter f = {.limit = 50};
    struct db_actor_page p = actors(&f);
    ck_assert_uint_eq(p.n, 7);
    const struct db_actor_summary *us = find_actor(&p, "United States");
    ck_assert_ptr_nonnull(us);
    ck_assert_int_eq(us->articles, 3);
    ck_assert_int_eq(us->mentions, 4);
    ck_assert_int_eq(us->claims, 0);
    ck_assert_str_eq(us->first_seen, "2026-03-02T10:00:00.000Z");
    ck_assert_str_eq(us->last_seen, "2026-04-01T12:00:00.000Z");
    ck_assert_str_eq(us->actor.country, "US");
    const struct db_actor_summary *berg = find_actor(&p, "Anna Berg");
    ck_assert_int_eq(berg->articles, 3);
    ck_assert_int_eq(berg->mentions, 4);
    ck_assert_int_eq(berg->claims, 2);
    ck_assert_int_eq(berg->actor.type, ACTOR_PERSON);
    /* a3 has no published_at: its date is when it was received, after the others */
    ck_assert_str_gt(berg->last_seen, "2026-04-20T09:00:00.000Z");
    const struct db_actor_summary *china = find_actor(&p, "China");
    ck_assert_int_eq(china->articles, 2);
    ck_assert_int_eq(china->mentions, 3);
    ck_assert_int_eq(china->claims, 2);
    /* most articles first; ties by id, newest id first (Berg was stored after the US) */
    ck_assert_str_eq(p.items[0].actor.name, "Anna Berg");
    ck_assert_str_eq(p.items[1].actor.name, "United States");
    ck_assert_str_eq(p.items[2].actor.name, "China");
    for (size_t i = 1; i < p.n; i++)
        ck_assert_int_le(p.items[i].articles, p.items[i - 1].articles);
    ck_assert_ptr_null(p.next_cursor);
    db_actor_page_cleanup(&p);
    assert_consistent();
}
END_TEST

START_TEST(test_actor_filters_and_sorts)
{
    struct db_actor_filter f = {.limit = 50, .has_type = true, .type = ACTOR_PERSON};
    struct db_actor_page p = actors(&f);
    ck_assert_uint_eq(p.n, 3); /* Berg, Li Wei, Sato */
    for (size_t i = 0; i < p.n; i++)
        ck_assert_int_eq(p.items[i].actor.type, ACTOR_PERSON);
    db_actor_page_cleanup(&p);

    f = (struct db_actor_filter){.limit = 50, .country = "CN"};
    p = actors(&f);
    ck_assert_uint_eq(p.n, 2); /* China, Li Wei */
    ck_assert_str_eq(p.items[0].actor.name, "China");
    db_actor_page_cleanup(&p);

    f = (struct db_actor_filter){.limit = 50, .country = "US", .has_type = true,
                                 .type = ACTOR_COUNTRY};
    p = actors(&f);
    ck_assert_uint_eq(p.n, 1);
    ck_assert_str_eq(p.items[0].actor.name, "United States");
    db_actor_page_cleanup(&p);

    /* the name prefix matches names and aliases ("U.S." is an alias of the United States),
     * ignoring case and periods */
    f = (struct db_actor_filter){.limit = 50, .q = "u.s"};
    p = actors(&f);
    ck_assert_uint_eq(p.n, 1);
    ck_assert_str_eq(p.items[0].actor.name, "United States");
    db_actor_page_cleanup(&p);
    f.q = "BERG"; /* the alias "Berg" */
    p = actors(&f);
    ck_assert_uint_eq(p.n, 1);
    ck_assert_str_eq(p.items[0].actor.name, "Anna Berg");
    db_actor_page_cleanup(&p);
    f.q = "chin"; /* name China and alias Chinese: one actor */
    p = actors(&f);
    ck_assert_uint_eq(p.n, 1);
    db_actor_page_cleanup(&p);
    f.q = "zz";
    p = actors(&f);
    ck_assert_uint_eq(p.n, 0);
    db_actor_page_cleanup(&p);

    f = (struct db_actor_filter){.limit = 50, .sort = DB_ACTOR_SORT_NAME};
    p = actors(&f);
    ck_assert_uint_eq(p.n, 7);
    ck_assert_str_eq(p.items[0].actor.name, "Anna Berg");
    ck_assert_str_eq(p.items[6].actor.name, "United States");
    db_actor_page_cleanup(&p);

    f = (struct db_actor_filter){.limit = 50, .sort = DB_ACTOR_SORT_RECENT};
    p = actors(&f);
    /* a3, received now, holds both; the EU was stored after Berg */
    ck_assert_str_eq(p.items[0].actor.name, "European Union");
    ck_assert_str_eq(p.items[1].actor.name, "Anna Berg");
    for (size_t i = 1; i < p.n; i++)
        ck_assert_str_le(p.items[i].last_seen, p.items[i - 1].last_seen);
    db_actor_page_cleanup(&p);

    enum db_actor_sort s;
    ck_assert_int_eq(db_actor_sort_parse("recent", &s), TW_OK);
    ck_assert_int_eq(s, DB_ACTOR_SORT_RECENT);
    ck_assert_int_eq(db_actor_sort_parse("size", &s), TW_EINVAL);
}
END_TEST

START_TEST(test_actor_window)
{
    /* March 10 .. April 10: a2 (March 15, 07:30Z) and a4 (April 1) */
    struct db_actor_filter f = {.limit = 50, .since = "2026-03-10T00:00:00Z",
                                .until = "2026-04-10T00:00:00+00:00"};
    struct db_actor_page p = actors(&f);
    ck_assert_uint_eq(p.n, 5); /* China, US, Li Wei, Japan, Sato */
    const struct db_actor_summary *us = find_actor(&p, "United States");
    ck_assert_int_eq(us->articles, 2);
    ck_assert_int_eq(us->mentions, 2);
    ck_assert_str_eq(us->first_seen, "2026-03-15T07:30:00.000Z");
    const struct db_actor_summary *china = find_actor(&p, "China");
    ck_assert_int_eq(china->articles, 1);
    ck_assert_int_eq(china->claims, 1);
    ck_assert_ptr_null(find_actor(&p, "Anna Berg"));
    ck_assert_str_eq(p.items[0].actor.name, "United States");
    db_actor_page_cleanup(&p);

    /* the bound is exact to the millisecond, after the offset is applied */
    f.since = "2026-03-15T08:30:00.001+01:00";
    p = actors(&f);
    ck_assert_ptr_null(find_actor(&p, "Li Wei"));
    db_actor_page_cleanup(&p);

    /* windowed filters and sorts */
    f = (struct db_actor_filter){.limit = 50, .since = "2026-03-10T00:00:00Z",
                                 .until = "2026-04-10T00:00:00Z", .has_type = true,
                                 .type = ACTOR_PERSON, .sort = DB_ACTOR_SORT_NAME};
    p = actors(&f);
    ck_assert_uint_eq(p.n, 2);
    ck_assert_str_eq(p.items[0].actor.name, "Ken Sato");
    ck_assert_str_eq(p.items[1].actor.name, "Li Wei");
    db_actor_page_cleanup(&p);
    f = (struct db_actor_filter){.limit = 50, .since = "2026-03-10T00:00:00Z",
                                 .until = "2026-04-10T00:00:00Z", .q = "ja",
                                 .sort = DB_ACTOR_SORT_RECENT};
    p = actors(&f);
    ck_assert_uint_eq(p.n, 1);
    ck_assert_str_eq(p.items[0].actor.name, "Japan");
    db_actor_page_cleanup(&p);

    /* a window holding every article answers like no window */
    f = (struct db_actor_filter){.limit = 50, .since = "2000-01-01T00:00:00Z"};
    p = actors(&f);
    struct db_actor_filter all = {.limit = 50};
    struct db_actor_page q = actors(&all);
    ck_assert_uint_eq(p.n, q.n);
    for (size_t i = 0; i < p.n; i++) {
        ck_assert_int_eq(p.items[i].actor.id, q.items[i].actor.id);
        ck_assert_int_eq(p.items[i].mentions, q.items[i].mentions);
    }
    db_actor_page_cleanup(&p);
    db_actor_page_cleanup(&q);

    struct db_query_err err = {{0}};
    f = (struct db_actor_filter){.limit = 50, .since = "March 10"};
    ck_assert_int_eq(db_actor_list(db, &f, &p, &err), TW_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.detail, "since"));
}
END_TEST

/* Windows over whole and partial months (the monthly totals and the rows at the ends) agree
 * with a recomputation from actor_articles, actor by actor. */
START_TEST(test_actor_window_months)
{
    static const char *const windows[][2] = {
        {"2026-03-01T00:00:00Z", "2026-05-01T00:00:00Z"}, /* two whole months */
        {"2026-02-20T00:00:00Z", "2026-04-10T00:00:00Z"}, /* part, March, part */
        {"2026-03-02T10:00:00.001Z", "2026-04-20T09:00:00Z"}, /* ends just past a1, before a5 */
        {"2026-03-01T00:00:00Z", "2026-04-01T12:00:00Z"}, /* March, then April to a4 (out) */
        {"2026-03-02T10:00:00Z", "2026-03-02T10:00:00.001Z"}, /* one millisecond: a1 */
        {NULL, "2026-04-01T00:00:00Z"},                      /* open start */
        {"2026-03-16T00:00:00Z", NULL},                      /* open end */
    };
    for (size_t w = 0; w < sizeof windows / sizeof *windows; w++) {
        struct db_actor_filter f = {.limit = 100, .since = windows[w][0],
                                    .until = windows[w][1], .sort = DB_ACTOR_SORT_NAME};
        struct db_actor_page p = actors(&f);
        char since[32] = "", until[32] = "~";
        if (windows[w][0] != NULL)
            ck_assert_int_eq(civil_rfc3339_utc(windows[w][0], since, sizeof since), TW_OK);
        if (windows[w][1] != NULL)
            ck_assert_int_eq(civil_rfc3339_utc(windows[w][1], until, sizeof until), TW_OK);
        char *sql = sqlite3_mprintf("SELECT count(DISTINCT actor_id) FROM actor_articles"
                                    " WHERE article_date >= %Q AND article_date < %Q",
                                    since, until);
        ck_assert_int_eq((int64_t)p.n, query_int(sql));
        sqlite3_free(sql);
        for (size_t i = 0; i < p.n; i++) {
            const struct db_actor_summary *a = &p.items[i];
            sql = sqlite3_mprintf(
                "SELECT count(*) FROM (SELECT count(*) n, sum(mentions) m, sum(claims) c,"
                " min(article_date) f, max(article_date) l FROM actor_articles"
                " WHERE actor_id = %lld AND article_date >= %Q AND article_date < %Q)"
                " WHERE n = %lld AND m = %lld AND c = %lld AND f = %Q AND l = %Q",
                (long long)a->actor.id, since, until, (long long)a->articles,
                (long long)a->mentions, (long long)a->claims, a->first_seen, a->last_seen);
            ck_assert_msg(query_int(sql) == 1, "window %zu, %s: counts differ", w,
                          a->actor.name);
            sqlite3_free(sql);
        }
        db_actor_page_cleanup(&p);
        /* by articles and by recency (pages that stop early): the same actors and counts, in
         * order */
        for (int sort = 0; sort < 3; sort += 2) {
            f.sort = (enum db_actor_sort)sort;
            p = actors(&f);
            sql = sqlite3_mprintf("SELECT count(DISTINCT actor_id) FROM actor_articles"
                                  " WHERE article_date >= %Q AND article_date < %Q",
                                  since, until);
            ck_assert_int_eq((int64_t)p.n, query_int(sql));
            sqlite3_free(sql);
            for (size_t i = 0; i < p.n; i++) {
                const struct db_actor_summary *a = &p.items[i];
                sql = sqlite3_mprintf(
                    "SELECT count(*) FROM (SELECT count(*) n, max(article_date) l"
                    " FROM actor_articles WHERE actor_id = %lld AND article_date >= %Q"
                    " AND article_date < %Q) WHERE n = %lld AND l = %Q",
                    (long long)a->actor.id, since, until, (long long)a->articles, a->last_seen);
                ck_assert_msg(query_int(sql) == 1, "window %zu sort %d, %s: counts differ", w,
                              sort, a->actor.name);
                sqlite3_free(sql);
                if (i == 0)
                    continue;
                const struct db_actor_summary *b = &p.items[i - 1];
                int c = sort == 0 ? (b->articles > a->articles) - (b->articles < a->articles)
                                  : strcmp(b->last_seen, a->last_seen);
                ck_assert_msg(c > 0 || (c == 0 && b->actor.id > a->actor.id),
                              "window %zu sort %d: out of order at %zu", w, sort, i);
            }
            db_actor_page_cleanup(&p);
        }
        /* a type filter keeps the window's order, leaving out the other types */
        for (int sort = 0; sort < 3; sort++) {
            f.sort = (enum db_actor_sort)sort;
            f.has_type = false;
            struct db_actor_page all = actors(&f);
            for (int type = 0; type < 3; type++) {
                f.has_type = true;
                f.type = (enum actor_type)type;
                p = actors(&f);
                size_t k = 0;
                for (size_t i = 0; i < all.n; i++) {
                    if (all.items[i].actor.type != f.type)
                        continue;
                    ck_assert_uint_lt(k, p.n);
                    ck_assert_int_eq(p.items[k].actor.id, all.items[i].actor.id);
                    ck_assert_int_eq(p.items[k++].articles, all.items[i].articles);
                }
                ck_assert_uint_eq(k, p.n);
                db_actor_page_cleanup(&p);
            }
            db_actor_page_cleanup(&all);
            f.has_type = false;
        }
    }
}
END_TEST

/* Pages through an actor list one or two items at a time: the union is the full list, in
 * order, without repeats. */
static void page_actors(struct db_actor_filter f)
{
    f.limit = 50;
    struct db_actor_page whole = actors(&f);
    for (int limit = 1; limit <= 2; limit++) {
        f.limit = limit;
        f.cursor = NULL;
        char *cursor = NULL;
        size_t seen = 0;
        for (int guard = 0; guard < 20; guard++) {
            struct db_actor_page p = actors(&f);
            for (size_t i = 0; i < p.n; i++, seen++) {
                ck_assert_uint_lt(seen, whole.n);
                ck_assert_int_eq(p.items[i].actor.id, whole.items[seen].actor.id);
            }
            free(cursor);
            cursor = p.next_cursor;
            p.next_cursor = NULL;
            db_actor_page_cleanup(&p);
            if (cursor == NULL)
                break;
            f.cursor = cursor;
        }
        ck_assert_uint_eq(seen, whole.n);
    }
    db_actor_page_cleanup(&whole);
}

START_TEST(test_actor_paging)
{
    for (int sort = 0; sort < 3; sort++) {
        page_actors((struct db_actor_filter){.sort = (enum db_actor_sort)sort});
        page_actors((struct db_actor_filter){.sort = (enum db_actor_sort)sort, .has_type = true,
                                             .type = ACTOR_COUNTRY});
        page_actors((struct db_actor_filter){.sort = (enum db_actor_sort)sort, .country = "US"});
        page_actors((struct db_actor_filter){.sort = (enum db_actor_sort)sort, .q = "a"});
        page_actors((struct db_actor_filter){.sort = (enum db_actor_sort)sort,
                                             .since = "2026-03-01T00:00:00Z",
                                             .until = "2026-04-30T00:00:00Z"});
        for (int type = 0; type < 3; type++)
            page_actors((struct db_actor_filter){.sort = (enum db_actor_sort)sort,
                                                 .has_type = true,
                                                 .type = (enum actor_type)type,
                                                 .since = "2026-02-01T00:00:00Z",
                                                 .until = "2026-05-01T00:00:00Z"});
    }
    /* a cursor of one sort is refused by another */
    struct db_actor_filter f = {.limit = 1};
    struct db_actor_page p = actors(&f);
    ck_assert_ptr_nonnull(p.next_cursor);
    f.sort = DB_ACTOR_SORT_NAME;
    f.cursor = p.next_cursor;
    struct db_actor_page q;
    struct db_query_err err = {{0}};
    ck_assert_int_eq(db_actor_list(db, &f, &q, &err), TW_EINVAL);
    f.cursor = "AAAA";
    ck_assert_int_eq(db_actor_list(db, &f, &q, &err), TW_EINVAL);
    db_actor_page_cleanup(&p);
    f = (struct db_actor_filter){.limit = 0};
    ck_assert_int_eq(db_actor_list(db, &f, &q, &err), TW_EINVAL);
    f.limit = DB_QUERY_MAX_LIMIT + 1;
    ck_assert_int_eq(db_actor_list(db, &f, &q, &err), TW_EINVAL);
}
END_TEST

START_TEST(test_counters_after_delete_and_reannotation)
{
    int64_t us = actor_id("United States"), china = actor_id("China");
    /* delete a2: China loses an article, a mention and a claim; Li Wei leaves the lists */
    ck_assert_int_eq(db_article_delete(db, ids[1]), TW_OK);
    assert_consistent();
    struct db_actor_filter f = {.limit = 50};
    struct db_actor_page p = actors(&f);
    ck_assert_uint_eq(p.n, 6);
    ck_assert_ptr_null(find_actor(&p, "Li Wei"));
    ck_assert_int_eq(find_actor(&p, "China")->articles, 1);
    ck_assert_int_eq(find_actor(&p, "China")->claims, 1);
    ck_assert_int_eq(find_actor(&p, "United States")->articles, 2);
    db_actor_page_cleanup(&p);
    struct db_actor_detail d;
    ck_assert_int_eq(db_actor_get(db, actor_id("Li Wei"), &d), TW_ENOTFOUND);

    /* resubmit a1 with another body: its annotations go until it is annotated again */
    const char *body2 = "WASHINGTON - U.S. officials said tariffs on Chinese steel would stay.";
    struct article_in in = {.title = "U.S. keeps steel tariffs", .source = "test",
                            .external_id = "a1", .published_at = "2026-05-01T00:00:00Z",
                            .body = body2, .body_len = strlen(body2)};
    int64_t id = 0;
    enum submit_outcome outcome;
    ck_assert_int_eq(db_article_submit(db, &in, 0, &id, &outcome), TW_OK);
    ck_assert_int_eq(outcome, SUBMIT_UPDATED);
    assert_consistent();
    ck_assert_int_eq(db_actor_get(db, china, &d), TW_ENOTFOUND); /* only a1 and a2 had it */
    /* back in the queue, a1 is not searchable, by its old text or its new */
    struct db_search_filter qf = {.q = "keeps OR \"defend our industry\"", .limit = 10};
    struct db_search_page qp;
    ck_assert_int_eq(db_search(db, &qf, &qp, NULL), TW_OK);
    ck_assert_uint_eq(qp.n, 0);
    db_search_page_cleanup(&qp);
    /* and annotated again with the new body and date */
    struct job j;
    size_t n = 0;
    ck_assert_int_eq(db_job_claim(db, &j, 1, &n), TW_OK);
    struct t_article t = {"a1", "2026-05-01T00:00:00Z", in.title, body2,
                          {{"United States", ACTOR_COUNTRY, "US", NULL, {"U.S."}},
                           {"China", ACTOR_COUNTRY, "CN", NULL, {"Chinese"}}},
                          {{0, false, "tariffs on Chinese steel would stay"}},
                          {{"US", "CN", 25, TARIFF_RATE, CHANGE_CURRENT, {"steel"}, "steel"}}};
    struct built b;
    build(&t, &b);
    ck_assert_int_eq(db_job_complete(db, &j, &b.a, "{}"), TW_OK);
    db_job_cleanup(&j);
    assert_consistent();
    ck_assert_int_eq(db_actor_get(db, us, &d), TW_OK);
    ck_assert_int_eq(d.summary.articles, 2); /* a1 again, a4 */
    ck_assert_int_eq(d.summary.claims, 1);
    ck_assert_str_eq(d.summary.last_seen, "2026-05-01T00:00:00.000Z");
    ck_assert_str_eq(d.summary.first_seen, "2026-04-01T12:00:00.000Z");
    db_actor_detail_cleanup(&d);

    /* search follows: the old body's words are gone, the new ones found */
    struct db_search_filter sf = {.q = "\"defend our industry\"", .limit = 10};
    struct db_search_page sp;
    ck_assert_int_eq(db_search(db, &sf, &sp, NULL), TW_OK);
    ck_assert_uint_eq(sp.n, 0);
    db_search_page_cleanup(&sp);
    sf.q = "keeps";
    ck_assert_int_eq(db_search(db, &sf, &sp, NULL), TW_OK);
    ck_assert_uint_eq(sp.n, 1);
    ck_assert_int_eq(sp.items[0].kind, DB_SEARCH_TITLE);
    db_search_page_cleanup(&sp);

    /* delete everything: every counter back to zero, nothing listed or searchable */
    for (size_t i = 0; i < NARTICLES; i++)
        if (i != 1)
            ck_assert_int_eq(db_article_delete(db, ids[i]), TW_OK);
    assert_consistent();
    ck_assert_int_eq(query_int("SELECT count(*) FROM actors WHERE n_articles <> 0 OR n_mentions"
                               " <> 0 OR n_claims <> 0 OR last_seen IS NOT NULL"),
                     0);
    ck_assert_int_eq(query_int("SELECT count(*) FROM actor_pairs"), 0);
    ck_assert_int_eq(query_int("SELECT count(*) FROM search_fts"), 0);
    p = actors(&f);
    ck_assert_uint_eq(p.n, 0);
    db_actor_page_cleanup(&p);
}
END_TEST

START_TEST(test_actor_detail)
{
    struct db_actor_detail d;
    ck_assert_int_eq(db_actor_get(db, actor_id("United States"), &d), TW_OK);
    ck_assert_int_eq(d.summary.articles, 3);
    /* aliases most used first: "U.S." (2), "United States" (2) -> by text on ties */
    ck_assert_uint_eq(d.naliases, 2);
    ck_assert_str_eq(d.aliases[0], "U.S.");
    ck_assert_str_eq(d.aliases[1], "United States");
    ck_assert_uint_eq(d.nroles, 0);
    /* co-actors: China (a1, a2) first, then Berg, Li Wei, Japan, Sato with one each */
    ck_assert_uint_eq(d.nco_actors, 5);
    ck_assert_str_eq(d.co_actors[0].actor.name, "China");
    ck_assert_int_eq(d.co_actors[0].articles, 2);
    ck_assert_int_eq(d.co_actors[1].articles, 1);
    /* a country: its tariffs as imposer (a1, a5) or target (a2), newest first */
    ck_assert_uint_eq(d.ntariffs, 3);
    ck_assert_str_eq(d.tariffs[0].article.title, "Steel talks resume");
    ck_assert_str_eq(d.tariffs[1].imposer, "CN");
    ck_assert_str_eq(d.tariffs[2].imposer, "US");
    ck_assert_uint_eq(d.nclaims, 0);
    db_actor_detail_cleanup(&d);

    ck_assert_int_eq(db_actor_get(db, actor_id("Anna Berg"), &d), TW_OK);
    ck_assert_uint_eq(d.nroles, 1);
    ck_assert_str_eq(d.roles[0], "Trade Representative");
    ck_assert_uint_eq(d.nclaims, 2);
    ck_assert_str_eq(d.claims[0].text, "tariffs would stay at 25 percent"); /* a5 first */
    ck_assert_str_eq(d.claims[1].text, "We will defend our industry");
    ck_assert(d.claims[1].direct);
    ck_assert_str_eq(d.claims[1].speaker.name, "Anna Berg");
    ck_assert_uint_eq(d.ntariffs, 0); /* a person */
    ck_assert_str_eq(d.aliases[0], "Anna Berg");
    db_actor_detail_cleanup(&d);

    ck_assert_int_eq(db_actor_get(db, 999999, &d), TW_ENOTFOUND);
}
END_TEST

/* ---- claims ---- */

static struct db_claim_page claims(const struct db_claim_filter *f)
{
    struct db_claim_page p = {0};
    struct db_query_err err = {{0}};
    int rc = db_claim_list(db, f, &p, &err);
    ck_assert_msg(rc == TW_OK, "db_claim_list: %d %s", rc, err.detail);
    return p;
}

START_TEST(test_claim_filters)
{
    struct db_claim_filter f = {.limit = 50};
    struct db_claim_page p = claims(&f);
    ck_assert_uint_eq(p.n, 7);
    /* newest article first: a3 (received now), a5, a4, a2 ... */
    ck_assert_ptr_null(p.items[0].speaker.name);
    ck_assert(!p.items[0].has_speaker);
    ck_assert_str_eq(p.items[1].text, "tariffs would stay at 25 percent");
    ck_assert_str_eq(p.items[1].article.title, "Steel talks resume");
    ck_assert_str_eq(p.items[1].article.date, "2026-04-20T09:00:00.000Z");
    ck_assert_str_eq(p.items[1].cue, "said");
    for (size_t i = 1; i < p.n; i++)
        ck_assert_str_le(p.items[i].article.date, p.items[i - 1].article.date);
    db_claim_page_cleanup(&p);

    f = (struct db_claim_filter){.limit = 50, .speaker_id = actor_id("Anna Berg")};
    p = claims(&f);
    ck_assert_uint_eq(p.n, 2);
    db_claim_page_cleanup(&p);
    f = (struct db_claim_filter){.limit = 50, .speaker_name = "anna  BERG"};
    p = claims(&f);
    ck_assert_uint_eq(p.n, 2);
    ck_assert_str_eq(p.items[0].speaker.name, "Anna Berg");
    ck_assert_int_eq(p.items[0].speaker.type, ACTOR_PERSON);
    db_claim_page_cleanup(&p);
    f = (struct db_claim_filter){.limit = 50, .speaker_name = "Nobody Here"};
    p = claims(&f);
    ck_assert_uint_eq(p.n, 0);
    db_claim_page_cleanup(&p);
    f = (struct db_claim_filter){.limit = 50, .article_id = ids[1]};
    p = claims(&f);
    ck_assert_uint_eq(p.n, 2);
    ck_assert_int_gt(p.items[0].id, p.items[1].id);
    db_claim_page_cleanup(&p);
    f = (struct db_claim_filter){.limit = 50, .has_direct = true, .direct = true};
    p = claims(&f);
    ck_assert_uint_eq(p.n, 1);
    ck_assert_str_eq(p.items[0].text, "We will defend our industry");
    ck_assert_int_eq(p.items[0].start, strstr(ARTICLES[0].body, "We will") - ARTICLES[0].body);
    ck_assert_int_eq(p.items[0].end, p.items[0].start + 27);
    db_claim_page_cleanup(&p);
    f = (struct db_claim_filter){.limit = 50, .since = "2026-03-10T00:00:00Z",
                                 .until = "2026-04-10T00:00:00Z"};
    p = claims(&f);
    ck_assert_uint_eq(p.n, 3); /* a4, a2 x2 */
    db_claim_page_cleanup(&p);
    f = (struct db_claim_filter){.limit = 50, .q = "percent", .has_direct = true, .direct = false};
    p = claims(&f);
    ck_assert_uint_eq(p.n, 4);
    db_claim_page_cleanup(&p);
    f = (struct db_claim_filter){.limit = 50, .q = "percent", .speaker_name = "Anna Berg"};
    p = claims(&f);
    ck_assert_uint_eq(p.n, 1);
    db_claim_page_cleanup(&p);
    f = (struct db_claim_filter){.limit = 50, .q = "percent", .article_id = ids[3]};
    p = claims(&f);
    ck_assert_uint_eq(p.n, 1);
    db_claim_page_cleanup(&p);
    f = (struct db_claim_filter){.limit = 50, .q = "\"stay at\" OR respond*"};
    p = claims(&f);
    ck_assert_uint_eq(p.n, 2);
    db_claim_page_cleanup(&p);

    struct db_query_err err = {{0}};
    f = (struct db_claim_filter){.limit = 50, .q = "tariff AND (steel"};
    ck_assert_int_eq(db_claim_list(db, &f, &p, &err), TW_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.detail, "syntax error"));
}
END_TEST

START_TEST(test_claim_paging)
{
    struct db_claim_filter filters[] = {
        {.limit = 50},
        {.limit = 50, .speaker_id = actor_id("Anna Berg")},
        {.limit = 50, .q = "percent OR industry OR respond OR proportionate"},
        {.limit = 50, .since = "2026-03-01T00:00:00Z", .until = "2026-04-15T00:00:00Z"},
        {.limit = 50, .article_id = ids[1]},
    };
    for (size_t k = 0; k < sizeof filters / sizeof *filters; k++) {
        struct db_claim_filter f = filters[k];
        struct db_claim_page whole = claims(&f);
        ck_assert_uint_gt(whole.n, 1);
        f.limit = 1;
        char *cursor = NULL;
        size_t seen = 0;
        for (;;) {
            struct db_claim_page p = claims(&f);
            for (size_t i = 0; i < p.n; i++, seen++) {
                ck_assert_uint_lt(seen, whole.n);
                ck_assert_int_eq(p.items[i].id, whole.items[seen].id);
            }
            free(cursor);
            cursor = p.next_cursor;
            p.next_cursor = NULL;
            db_claim_page_cleanup(&p);
            if (cursor == NULL)
                break;
            f.cursor = cursor;
        }
        ck_assert_uint_eq(seen, whole.n);
        db_claim_page_cleanup(&whole);
    }
}
END_TEST

/* ---- tariffs ---- */

/* A full-text query's list is in date order whatever the claim ids: claims stored out of
 * date order (ids falling as dates rise, then mixed) are paged by every path the list takes
 * (the date index walk for short pages, the sorted matches for long ones or with direct) and
 * must equal the same list computed by one plain query. */
START_TEST(test_claim_fts_date_order)
{
    char *sql = sqlite3_mprintf(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 39)"
        " INSERT INTO claims (id, article_id, ordinal, speaker_id, direct, cue, start_cp, end_cp,"
        " text, article_date)"
        " SELECT 1000 + i, %lld, 100 + i, NULL, i %% 2, 'said', 0, 4,"
        " CASE WHEN i %% 4 = 3 THEN 'the mill will close' ELSE 'the quota on sugar holds' END,"
        " printf('2026-01-%%02dT%%02d:00:00Z', 1 + (i * 7) %% 28, i %% 3) FROM n",
        (long long)ids[0]);
    ck_assert_int_eq(sqlite3_exec(db->h, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_free(sql);
    static const char *const ref_sql =
        "SELECT id FROM claims WHERE id IN (SELECT (rowid >> 8) & 4294967295 FROM search_fts"
        " WHERE search_fts MATCH 'quota' AND rowid >= (3 << 61))"
        " AND article_date >= ?1 AND article_date < ?2 AND (?3 IS NULL OR direct = ?3)"
        " ORDER BY article_date DESC, id DESC";
    struct {
        const char *since, *until;
        int direct; /* -1 any */
    } cases[] = {{NULL, NULL, -1},
                 {"2026-01-05T00:00:00Z", "2026-01-20T00:00:00Z", -1},
                 {NULL, NULL, 1}};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        int64_t ref[64];
        size_t nref = 0;
        sqlite3_stmt *st = NULL;
        ck_assert_int_eq(sqlite3_prepare_v2(db->h, ref_sql, -1, &st, NULL), SQLITE_OK);
        sqlite3_bind_text(st, 1, cases[c].since ? cases[c].since : "0000", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, cases[c].until ? cases[c].until : "9999", -1, SQLITE_STATIC);
        if (cases[c].direct >= 0)
            sqlite3_bind_int(st, 3, cases[c].direct);
        while (sqlite3_step(st) == SQLITE_ROW && nref < 64)
            ref[nref++] = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        ck_assert_uint_gt(nref, 8);
        for (int limit = 1; limit <= 9; limit += 4) {
            struct db_claim_filter f = {.limit = limit, .q = "quota", .since = cases[c].since,
                                        .until = cases[c].until};
            f.has_direct = cases[c].direct >= 0;
            f.direct = cases[c].direct == 1;
            char *cursor = NULL;
            size_t seen = 0;
            for (;;) {
                struct db_claim_page p = claims(&f);
                for (size_t i = 0; i < p.n; i++, seen++) {
                    ck_assert_uint_lt(seen, nref);
                    ck_assert_msg(p.items[i].id == ref[seen], "case %zu limit %d row %zu: %lld",
                                  c, limit, seen, (long long)p.items[i].id);
                }
                free(cursor);
                cursor = p.next_cursor;
                p.next_cursor = NULL;
                db_claim_page_cleanup(&p);
                if (cursor == NULL)
                    break;
                f.cursor = cursor;
            }
            ck_assert_uint_eq(seen, nref);
        }
    }
}
END_TEST

static struct db_tariff_page tariffs(const struct db_tariff_filter *f)
{
    struct db_tariff_page p = {0};
    struct db_query_err err = {{0}};
    int rc = db_tariff_list(db, f, &p, &err);
    ck_assert_msg(rc == TW_OK, "db_tariff_list: %d %s", rc, err.detail);
    return p;
}

START_TEST(test_tariff_filters)
{
    struct db_tariff_filter f = {.limit = 50};
    struct db_tariff_page p = tariffs(&f);
    ck_assert_uint_eq(p.n, 6);
    /* a3 first (newest), with its sentence, products and value */
    ck_assert_str_eq(p.items[0].imposer, "EU");
    ck_assert_str_eq(p.items[0].target, "*");
    ck_assert_str_eq(p.items[0].sentence, "BRUSSELS - The European Union is considering duties "
                                          "of 10 percent on aluminium imports, officials said.");
    ck_assert_uint_eq(p.items[0].nproducts, 1);
    ck_assert_str_eq(p.items[0].products[0], "aluminium");
    ck_assert(p.items[0].has_value);
    ck_assert_int_eq(p.items[0].value_micros, 10000000);
    ck_assert_int_eq(p.items[0].kind, TARIFF_RATE);
    ck_assert_int_eq(p.items[0].change, CHANGE_PROPOSE);
    ck_assert_str_eq(p.items[0].unit, "percent");
    ck_assert_str_eq(p.items[1].sentence, "She said tariffs would stay at 25 percent.");
    ck_assert_ptr_null(p.items[1].target);
    /* the en dash of a2 counts one code point */
    const struct db_tariff_record *cn = &p.items[4];
    ck_assert_str_eq(cn->imposer, "CN");
    /* the en dash of a2 is 3 bytes and one code point */
    ck_assert_int_eq(cn->start, strstr(ARTICLES[1].body, "15 percent") - ARTICLES[1].body - 2);
    db_tariff_page_cleanup(&p);

    struct {
        struct db_tariff_filter f;
        size_t want;
    } cases[] = {
        {{.imposer = "US"}, 2},
        {{.target = "*"}, 3},
        {{.party = "US"}, 3},
        {{.party = "US", .imposer = "CN"}, 1},
        {{.product = "steel"}, 2},
        {{.product = "rice", .has_change = true, .change = CHANGE_CUT}, 1},
        {{.has_kind = true, .kind = TARIFF_COVERED_VALUE}, 0},
        {{.unit = "percent"}, 6},
        {{.has_min = true, .min_micros = 10000000}, 4},
        {{.has_max = true, .max_micros = 8000000}, 2},
        {{.has_min = true, .min_micros = 8000000, .has_max = true, .max_micros = 15000000}, 3},
        {{.since = "2026-03-10T00:00:00Z", .until = "2026-04-10T00:00:00Z"}, 3},
        {{.imposer = "JP", .since = "2026-04-01T12:00:00Z"}, 2},
        {{.imposer = "JP", .until = "2026-04-01T12:00:00Z"}, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cases[i].f.limit = 50;
        p = tariffs(&cases[i].f);
        ck_assert_msg(p.n == cases[i].want, "case %zu: %zu figures", i, p.n);
        db_tariff_page_cleanup(&p);
    }
    /* a figure that names a product twice is listed once; the date copied in by the store
     * path or, for another writer, by the trigger */
    ck_assert_int_eq(sqlite3_exec(db->h,
                                  "INSERT INTO tariff_products (tariff_id, position, product)"
                                  " SELECT tariff_id, 99, product FROM tariff_products"
                                  " WHERE product = 'steel' LIMIT 1",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    ck_assert_int_eq(query_int("SELECT count(*) FROM tariff_products p JOIN tariffs t"
                               " ON t.id = p.tariff_id WHERE p.article_date IS NOT t.article_date"),
                     0);
    p = tariffs(&(struct db_tariff_filter){.limit = 50, .product = "steel"});
    ck_assert_uint_eq(p.n, 2);
    ck_assert_int_ne(p.items[0].id, p.items[1].id);
    db_tariff_page_cleanup(&p);
    struct db_query_err err = {{0}};
    f = (struct db_tariff_filter){.limit = 50, .has_min = true, .min_micros = 20,
                                  .has_max = true, .max_micros = 10};
    ck_assert_int_eq(db_tariff_list(db, &f, &p, &err), TW_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.detail, "min_value"));
}
END_TEST

START_TEST(test_tariff_paging)
{
    struct db_tariff_filter filters[] = {
        {.limit = 50}, {.limit = 50, .party = "US"}, {.limit = 50, .target = "*"},
        {.limit = 50, .product = "rice"}, {.limit = 50, .since = "2026-03-01T00:00:00Z"}};
    for (size_t k = 0; k < sizeof filters / sizeof *filters; k++) {
        struct db_tariff_filter f = filters[k];
        struct db_tariff_page whole = tariffs(&f);
        ck_assert_uint_gt(whole.n, 1);
        f.limit = 1;
        char *cursor = NULL;
        size_t seen = 0;
        for (;;) {
            struct db_tariff_page p = tariffs(&f);
            for (size_t i = 0; i < p.n; i++, seen++)
                ck_assert_int_eq(p.items[i].id, whole.items[seen].id);
            free(cursor);
            cursor = p.next_cursor;
            p.next_cursor = NULL;
            db_tariff_page_cleanup(&p);
            if (cursor == NULL)
                break;
            f.cursor = cursor;
        }
        ck_assert_uint_eq(seen, whole.n);
        db_tariff_page_cleanup(&whole);
    }
}
END_TEST

START_TEST(test_legacy_sentence)
{
    /* a figure stored before 002 has no sentence: it is cut from the body when read */
    sqlite3_exec(db->h, "UPDATE tariffs SET sentence = NULL", NULL, NULL, NULL);
    struct db_tariff_filter f = {.limit = 50, .imposer = "CN"};
    struct db_tariff_page p = tariffs(&f);
    ck_assert_uint_eq(p.n, 1);
    ck_assert_str_eq(p.items[0].sentence, "BEIJING, March 15 \xE2\x80\x93 China's commerce "
                                          "ministry said it would impose duties of 15 percent on "
                                          "U.S. soybeans.");
    db_tariff_page_cleanup(&p);
}
END_TEST

/* ---- summary ---- */

static struct db_tariff_summary_page summary(const char *group_by, struct db_tariff_filter f)
{
    enum db_tariff_key keys[DB_TKEY_MAX];
    size_t n = 0;
    struct db_query_err err = {{0}};
    ck_assert_int_eq(db_tariff_keys_parse(group_by, keys, &n, &err), TW_OK);
    struct db_tariff_summary_page p = {0};
    if (f.limit == 0)
        f.limit = 100;
    int rc = db_tariff_summary(db, &f, keys, n, &p, &err);
    ck_assert_msg(rc == TW_OK, "db_tariff_summary: %d %s", rc, err.detail);
    return p;
}

START_TEST(test_summary)
{
    struct db_tariff_summary_page p = summary("imposer", (struct db_tariff_filter){0});
    ck_assert_uint_eq(p.n, 4); /* CN, EU, JP, US */
    ck_assert_str_eq(p.items[0].imposer, "CN");
    ck_assert_str_eq(p.items[3].imposer, "US");
    ck_assert_int_eq(p.items[3].count, 2);
    ck_assert_int_eq(p.items[2].count, 2); /* JP: 5 and 8 */
    ck_assert_int_eq(p.items[2].min_micros, 5000000);
    ck_assert_int_eq(p.items[2].max_micros, 8000000);
    /* both JP figures come from a4: the later figure (8 percent) is the latest */
    ck_assert_int_eq(p.items[2].latest_micros, 8000000);
    ck_assert_str_eq(p.items[2].latest_at, "2026-04-01T12:00:00.000Z");
    ck_assert_str_eq(p.items[3].unit, "percent");
    ck_assert_ptr_null(p.items[0].target);
    ck_assert_ptr_null(p.next_cursor);
    db_tariff_summary_page_cleanup(&p);

    /* target first, then month: missing targets (NULL) sort first */
    p = summary("target,month", (struct db_tariff_filter){0});
    ck_assert_uint_eq(p.n, 5);
    ck_assert_ptr_null(p.items[0].target);
    ck_assert_str_eq(p.items[1].target, "*");
    ck_assert_str_eq(p.items[1].period, "2026-04");
    ck_assert_str_eq(p.items[3].target, "CN");
    ck_assert_str_eq(p.items[3].period, "2026-03");
    db_tariff_summary_page_cleanup(&p);

    p = summary("product", (struct db_tariff_filter){.imposer = "US"});
    ck_assert_uint_eq(p.n, 1);
    ck_assert_str_eq(p.items[0].product, "steel");
    ck_assert_int_eq(p.items[0].count, 2);
    ck_assert_int_eq(p.items[0].latest_micros, 25000000);
    ck_assert_str_eq(p.items[0].latest_at, "2026-04-20T09:00:00.000Z");
    db_tariff_summary_page_cleanup(&p);

    /* ISO weeks: 2026-03-02 is a Monday of week 10, 2026-04-01 in week 14 */
    p = summary("week", (struct db_tariff_filter){.until = "2026-04-10T00:00:00Z"});
    ck_assert_uint_eq(p.n, 3);
    ck_assert_str_eq(p.items[0].period, "2026-W10");
    ck_assert_str_eq(p.items[1].period, "2026-W11");
    ck_assert_str_eq(p.items[2].period, "2026-W14");
    db_tariff_summary_page_cleanup(&p);

    p = summary("change,day", (struct db_tariff_filter){.has_kind = true, .kind = TARIFF_RATE,
                                                         .product = "rice"});
    ck_assert_uint_eq(p.n, 2); /* keys compare as text: "current" before "cut" */
    ck_assert_int_eq(p.items[0].change, CHANGE_CURRENT);
    ck_assert_int_eq(p.items[1].change, CHANGE_CUT);
    ck_assert_str_eq(p.items[1].period, "2026-04-01");
    db_tariff_summary_page_cleanup(&p);

    /* paging one group at a time gives the same groups */
    struct db_tariff_summary_page whole = summary("imposer,target,month", (struct db_tariff_filter){0});
    struct db_tariff_filter f = {.limit = 1};
    char *cursor = NULL;
    size_t seen = 0;
    for (;;) {
        p = summary("imposer,target,month", f);
        for (size_t i = 0; i < p.n; i++, seen++) {
            ck_assert_int_eq(p.items[i].count, whole.items[seen].count);
            ck_assert_str_eq(p.items[i].latest_at, whole.items[seen].latest_at);
        }
        free(cursor);
        cursor = p.next_cursor;
        p.next_cursor = NULL;
        db_tariff_summary_page_cleanup(&p);
        if (cursor == NULL)
            break;
        f.cursor = cursor;
    }
    ck_assert_uint_eq(seen, whole.n);
    ck_assert_uint_eq(seen, 5);
    db_tariff_summary_page_cleanup(&whole);

    enum db_tariff_key keys[DB_TKEY_MAX];
    size_t n;
    struct db_query_err err = {{0}};
    ck_assert_int_eq(db_tariff_keys_parse("imposer,day,month", keys, &n, &err), TW_EINVAL);
    ck_assert_int_eq(db_tariff_keys_parse("imposer,imposer", keys, &n, &err), TW_EINVAL);
    ck_assert_int_eq(db_tariff_keys_parse("year", keys, &n, &err), TW_EINVAL);
    ck_assert_int_eq(db_tariff_keys_parse("", keys, &n, &err), TW_EINVAL);
}
END_TEST

/* ---- search ---- */

static struct db_search_page search(const char *q, struct db_search_filter f)
{
    struct db_search_page p = {0};
    struct db_query_err err = {{0}};
    f.q = q;
    if (f.limit == 0)
        f.limit = 50;
    int rc = db_search(db, &f, &p, &err);
    ck_assert_msg(rc == TW_OK, "db_search %s: %d %s", q, rc, err.detail);
    return p;
}

START_TEST(test_search)
{
    /* words: every kind that holds it */
    struct db_search_page p = search("steel", (struct db_search_filter){0});
    ck_assert_uint_eq(p.n, 4); /* two titles, two bodies */
    ck_assert_int_eq(p.items[0].kind, DB_SEARCH_TITLE); /* short texts rank first */
    for (size_t i = 1; i < p.n; i++)
        ck_assert(p.items[i].rank <= p.items[i - 1].rank);
    db_search_page_cleanup(&p);

    /* phrase, with the highlight of both words in the snippet */
    p = search("\"defend our industry\"", (struct db_search_filter){0});
    ck_assert_uint_eq(p.n, 2); /* a1's body and its claim */
    bool claim = false;
    for (size_t i = 0; i < p.n; i++) {
        const struct db_search_hit *h = &p.items[i];
        ck_assert_int_eq(h->article.id, ids[0]);
        ck_assert_str_eq(h->article.title, "U.S. raises steel tariffs");
        ck_assert_uint_eq(h->nhighlights, 1); /* a phrase is one highlighted stretch */
        if (h->kind == DB_SEARCH_CLAIM) {
            claim = true;
            ck_assert_str_eq(h->snippet, "We will defend our industry");
            ck_assert_int_gt(h->claim_id, 0);
            ck_assert_int_eq(h->highlights[0].start, 8);
            ck_assert_int_eq(h->highlights[0].end, 27);
        }
    }
    ck_assert(claim);
    db_search_page_cleanup(&p);

    /* prefix (and stemming: "tariffs" and "tariff" meet) */
    p = search("tarif*", (struct db_search_filter){.has_kind = true, .kind = DB_SEARCH_TITLE});
    ck_assert_uint_eq(p.n, 2);
    db_search_page_cleanup(&p);

    /* AND / OR / NOT */
    p = search("japan AND rice", (struct db_search_filter){.has_kind = true,
                                                           .kind = DB_SEARCH_BODY});
    ck_assert_uint_eq(p.n, 1);
    ck_assert_int_eq(p.items[0].article.id, ids[3]);
    db_search_page_cleanup(&p);
    p = search("soybeans OR aluminium", (struct db_search_filter){.has_kind = true,
                                                                  .kind = DB_SEARCH_BODY});
    ck_assert_uint_eq(p.n, 2);
    db_search_page_cleanup(&p);
    p = search("steel NOT chinese", (struct db_search_filter){.has_kind = true,
                                                              .kind = DB_SEARCH_BODY});
    ck_assert_uint_eq(p.n, 1);
    ck_assert_int_eq(p.items[0].article.id, ids[4]);
    db_search_page_cleanup(&p);

    /* the code point offsets of a snippet past a multi-byte character */
    p = search("ministry", (struct db_search_filter){0});
    ck_assert_uint_eq(p.n, 1);
    const char *s = p.items[0].snippet;
    const char *m = strstr(s, "ministry");
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(p.items[0].highlights[0].start, (int64_t)(m - s) - 2); /* "–" is 3 bytes */
    db_search_page_cleanup(&p);

    /* since/until on the article date; claims by their article */
    p = search("percent", (struct db_search_filter){.since = "2026-03-10T00:00:00Z",
                                                    .until = "2026-04-10T00:00:00Z"});
    ck_assert_uint_eq(p.n, 4); /* a2 body + claim, a4 body + claim */
    for (size_t i = 0; i < p.n; i++)
        ck_assert(p.items[i].article.id == ids[1] || p.items[i].article.id == ids[3]);
    db_search_page_cleanup(&p);

    /* paging by rank */
    struct db_search_page whole = search("percent OR steel", (struct db_search_filter){0});
    ck_assert_uint_gt(whole.n, 4);
    struct db_search_filter f = {.limit = 2};
    char *cursor = NULL;
    size_t seen = 0;
    for (;;) {
        p = search("percent OR steel", f);
        for (size_t i = 0; i < p.n; i++, seen++) {
            ck_assert_int_eq(p.items[i].kind, whole.items[seen].kind);
            ck_assert_int_eq(p.items[i].article.id, whole.items[seen].article.id);
            ck_assert_int_eq(p.items[i].claim_id, whole.items[seen].claim_id);
        }
        free(cursor);
        cursor = p.next_cursor;
        p.next_cursor = NULL;
        db_search_page_cleanup(&p);
        if (cursor == NULL)
            break;
        f.cursor = cursor;
    }
    ck_assert_uint_eq(seen, whole.n);
    db_search_page_cleanup(&whole);
}
END_TEST

/* Matching claims written for the test: more than the ranked newest ones. */
#define SEARCH_ROWS 1000

/* Each kind ranks only its DB_SEARCH_CANDIDATES newest matches (highest rowid): an old row
 * that would rank first is left out while that many newer ones match, and ranks first again
 * once fewer do. */
START_TEST(test_search_newest)
{
    /* claims rows of their own, written straight into the index (kind 3, day, id, length
     * class): 10 is old and short, the others of a later day */
    char *sql = sqlite3_mprintf("INSERT INTO search_fts (rowid, text) VALUES"
                                " ((3 << 61) | (30000 << 40) | (10 << 8) | 32, 'zinc zinc zinc');"
                                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                                " WHERE i < %d)"
                                " INSERT INTO search_fts (rowid, text)"
                                " SELECT (3 << 61) | (40000 << 40) | ((1000 + i) << 8) | 51,"
                                " 'zinc smelters in the north reported a slower quarter'"
                                " FROM n",
                                SEARCH_ROWS);
    ck_assert_int_eq(sqlite3_exec(db->h, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_free(sql);
    ck_assert_int_gt(SEARCH_ROWS, DB_SEARCH_CANDIDATES);
    const struct db_search_filter filters[] = {
        {.limit = 5}, {.limit = 5, .has_kind = true, .kind = DB_SEARCH_CLAIM}};
    for (size_t i = 0; i < 2; i++) {
        struct db_search_page p = search("zinc", filters[i]);
        ck_assert_uint_eq(p.n, 5);
        for (size_t k = 0; k < p.n; k++)
            ck_assert_int_ne(p.items[k].claim_id, 10);
        /* equal ranks: the lowest rowid first, which is the oldest of the newest ranked */
        ck_assert_int_eq(p.items[0].claim_id, 1000 + SEARCH_ROWS - DB_SEARCH_CANDIDATES + 1);
        db_search_page_cleanup(&p);
    }
    sql = sqlite3_mprintf("DELETE FROM search_fts WHERE rowid >= (3 << 61) | (40000 << 40)"
                          " AND rowid < (3 << 61) | (40000 << 40) | ((1000 + %d) << 8)",
                          SEARCH_ROWS - DB_SEARCH_CANDIDATES + 2);
    ck_assert_int_eq(sqlite3_exec(db->h, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_free(sql);
    for (size_t i = 0; i < 2; i++) {
        struct db_search_page p = search("zinc", filters[i]);
        ck_assert_uint_eq(p.n, 5);
        ck_assert_int_eq(p.items[0].claim_id, 10);
        ck_assert_int_eq(p.items[0].kind, DB_SEARCH_CLAIM);
        db_search_page_cleanup(&p);
    }
}
END_TEST

/* since/until select by the article date exactly, at midnight or not, and newest first counts
 * only the window's matches: claims spread over days and hours, checked against SQL. */
START_TEST(test_search_window)
{
    char *sql = sqlite3_mprintf(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 59)"
        " INSERT INTO claims (id, article_id, ordinal, speaker_id, direct, cue, start_cp, end_cp,"
        " text, article_date)"
        " SELECT 2000 + i, %lld, 200 + i, NULL, 1, 'said', 0, 4, 'cobalt prices will rise',"
        " printf('2026-02-%%02dT%%02d:30:00.000Z', 1 + i / 6, (i * 5) %% 24) FROM n",
        (long long)ids[0]);
    ck_assert_int_eq(sqlite3_exec(db->h, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_free(sql);
    static const char *const windows[][2] = {
        {"2026-02-03T00:00:00Z", "2026-02-05T00:00:00Z"},
        {"2026-02-03T07:30:00Z", "2026-02-05T12:00:00Z"},
        {"2026-02-04T10:00:00Z", "2026-02-04T20:00:00Z"},
        {"1850-01-01T00:00:00Z", "2026-02-02T00:00:00Z"},
        {"2026-02-09T00:00:00Z", "9999-12-31T00:00:00Z"},
        {"2026-02-05T00:00:00Z", "2026-02-05T00:00:00Z"},
    };
    for (size_t w = 0; w < sizeof windows / sizeof *windows; w++) {
        char *ref = sqlite3_mprintf(
            "SELECT count(*) FROM claims WHERE text = 'cobalt prices will rise'"
            " AND article_date >= '%q' AND article_date < '%q'",
            windows[w][0], windows[w][1]);
        int64_t want = query_int(ref);
        sqlite3_free(ref);
        struct db_search_page p = search(
            "cobalt", (struct db_search_filter){.limit = 100, .since = windows[w][0],
                                                .until = windows[w][1]});
        ck_assert_msg((int64_t)p.n == want, "window %zu: %zu hits, %lld claims", w, p.n,
                      (long long)want);
        for (size_t i = 0; i < p.n; i++) {
            char *in = sqlite3_mprintf("SELECT count(*) FROM claims WHERE id = %lld"
                                       " AND article_date >= '%q' AND article_date < '%q'",
                                       (long long)p.items[i].claim_id, windows[w][0],
                                       windows[w][1]);
            ck_assert_msg(query_int(in) == 1, "window %zu: claim %lld outside", w,
                          (long long)p.items[i].claim_id);
            sqlite3_free(in);
        }
        db_search_page_cleanup(&p);
    }
}
END_TEST

/* The day numbers of the C side and of the schema agree, clamps included. */
START_TEST(test_fts_day)
{
    static const char *const dates[] = {"1900-01-01T00:00:00.000Z", "1899-12-31T23:59:59.000Z",
                                        "1987-02-26T15:01:01.000Z", "2000-02-29T00:00:00.000Z",
                                        "2026-11-27T23:59:59.999Z", "7641-06-01T00:00:00.000Z",
                                        "9999-12-31T00:00:00.000Z", "0001-01-01T00:00:00.000Z"};
    for (size_t i = 0; i < sizeof dates / sizeof *dates; i++) {
        char *sql = sqlite3_mprintf("SELECT max(0, min(2097151,"
                                    " CAST(julianday('%q') - 2415020.5 AS INTEGER)))",
                                    dates[i]);
        bool exact;
        int day = dq_fts_day(dates[i], &exact);
        ck_assert_msg(day == query_int(sql), "%s: %d", dates[i], day);
        ck_assert_int_eq(exact, i != 1 && i < 6);
        sqlite3_free(sql);
    }
    int64_t r = dq_fts_rowid(3, 31832, 185757, 80);
    ck_assert_int_eq(dq_fts_id(r), 185757);
    ck_assert_int_eq(r >> DQ_FTS_KIND_SHIFT, 3);
    ck_assert_int_eq((r >> DQ_FTS_DAY_SHIFT) & DQ_FTS_DAY_LAST, 31832);
    ck_assert_int_eq(r & DQ_FTS_LENGTH_LAST, 80);
}
END_TEST

/* A long body's snippet is the window around its matches, with an ellipsis on each side that
 * text was left out, and its highlights are the matched words. */
START_TEST(test_search_snippet_window)
{
    char body[4096] = "";
    for (int i = 0; i < 60; i++)
        strcat(body, i == 40 ? "Ministers met over nickel quotas. " : "Markets were quiet today. ");
    strcat(body, "Nickel again.");
    char *sql = sqlite3_mprintf("UPDATE article_bodies SET body = '%q' WHERE article_id = %lld",
                                body, (long long)ids[0]);
    ck_assert_int_eq(sqlite3_exec(db->h, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_free(sql);
    struct db_search_page p = search("nickel", (struct db_search_filter){.limit = 5});
    ck_assert_uint_eq(p.n, 1);
    const struct db_search_hit *h = &p.items[0];
    ck_assert_int_eq(h->kind, DB_SEARCH_BODY);
    ck_assert_msg(strncmp(h->snippet, "\xE2\x80\xA6", 3) == 0, "%s", h->snippet);
    ck_assert_msg(strstr(h->snippet, "Ministers met over nickel quotas.") != NULL, "%s",
                  h->snippet);
    ck_assert_msg(strcmp(h->snippet + strlen(h->snippet) - 3, "\xE2\x80\xA6") == 0, "%s",
                  h->snippet);
    ck_assert_uint_eq(h->nhighlights, 1); /* the second "nickel" is past the window */
    /* code points: the ellipsis counts one */
    const char *at = strstr(h->snippet, "nickel");
    ck_assert_int_eq(h->highlights[0].start, at - h->snippet - 2);
    ck_assert_int_eq(h->highlights[0].end - h->highlights[0].start, 6);
    db_search_page_cleanup(&p);
}
END_TEST

/* tw_rank scores as bm25() does, but for the length estimate: on texts whose words are their
 * tokens, within a few percent for a query of two phrases, and in the same order. */
START_TEST(test_rank_matches_bm25)
{
    static const char *const texts[] = {
        "sugar", "sugar coffee", "sugar sugar sugar and more sugar in the mills",
        "coffee growers in the highlands sold coffee to the coffee traders this week",
        "the cocoa and coffee and sugar boards met", "tea"};
    char *sql = sqlite3_mprintf("DELETE FROM search_fts");
    ck_assert_int_eq(sqlite3_exec(db->h, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_free(sql);
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        sql = sqlite3_mprintf("INSERT INTO search_fts (rowid, text) VALUES ((3 << 61) | (%d << 8)"
                              " | min(255, CAST(round(16 * log2(2 + length('%q')"
                              " - length(replace('%q', ' ', '')))) AS INTEGER)), '%q')",
                              (int)i + 1, texts[i], texts[i], texts[i]);
        ck_assert_int_eq(sqlite3_exec(db->h, sql, NULL, NULL, NULL), SQLITE_OK);
        sqlite3_free(sql);
    }
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db->h,
                                        "SELECT tw_rank(search_fts, ?1), bm25(search_fts)"
                                        " FROM search_fts WHERE search_fts MATCH ?1"
                                        " ORDER BY 2",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, "sugar OR coffee", -1, SQLITE_STATIC);
    int rows = 0;
    double last = -1e300;
    while (sqlite3_step(st) == SQLITE_ROW) {
        double mine = sqlite3_column_double(st, 0), theirs = sqlite3_column_double(st, 1);
        ck_assert_msg(mine < 0 && fabs(mine - theirs) <= 0.05 * fabs(theirs), "row %d: %g vs %g",
                      rows, mine, theirs);
        ck_assert_msg(mine >= last, "row %d out of order", rows);
        last = mine;
        rows++;
    }
    sqlite3_finalize(st);
    ck_assert_int_eq(rows, 5);
}
END_TEST

/* A database of schema 3, whose full-text rows 002 numbered the old way, comes out of
 * migration 004 searchable: every row renumbered, windows and kinds working. */
START_TEST(test_search_after_upgrade)
{
    char dir[] = "/tmp/tw-upgrade-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/old.db", dir);
    sqlite3 *h = NULL;
    ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
    static const char *const old[] = {"schema/001_init.sql", "schema/002_query.sql",
                                      "schema/003_webhooks.sql"};
    for (size_t i = 0; i < 3; i++) {
        const struct embedded_file *f = embedded_find(old[i]);
        ck_assert_ptr_nonnull(f);
        ck_assert_int_eq(sqlite3_exec(h, f->data, NULL, NULL, NULL), SQLITE_OK);
    }
    ck_assert_int_eq(sqlite3_exec(h,
                                  "PRAGMA user_version = 3;"
                                  "INSERT INTO articles (id, title, published_at, content_hash,"
                                  " received_at) VALUES (7, 'Zinc smelter output falls',"
                                  " '1991-03-04T10:00:00Z', 1, '2026-01-01T00:00:00.000Z');"
                                  "INSERT INTO article_bodies VALUES (7, 'Zinc output fell.');"
                                  "INSERT INTO claims (id, article_id, ordinal, direct, start_cp,"
                                  " end_cp, text) VALUES (70, 7, 1, 1, 0, 5,"
                                  " 'zinc demand will recover');"
                                  "UPDATE articles SET status = 'done' WHERE id = 7;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(h);

    struct db *fixture = db;
    ck_assert_int_eq(db_open(path, &db), TW_OK);
    ck_assert_int_eq(db_migrate(db), TW_OK);
    ck_assert_int_ge(query_int("PRAGMA user_version"), 4);
    ck_assert_int_eq(query_int("SELECT count(*) FROM search_fts WHERE rowid < (1 << 61)"), 0);
    struct db_search_page p = search("zinc", (struct db_search_filter){0});
    ck_assert_uint_eq(p.n, 3); /* title, body, claim */
    for (size_t i = 0; i < p.n; i++) {
        ck_assert_int_eq(p.items[i].article.id, 7);
        ck_assert_int_eq(p.items[i].claim_id, p.items[i].kind == DB_SEARCH_CLAIM ? 70 : 0);
        ck_assert_uint_ge(p.items[i].nhighlights, 1);
    }
    db_search_page_cleanup(&p);
    p = search("zinc", (struct db_search_filter){.since = "1991-03-04T09:00:00Z",
                                                 .until = "1991-03-04T11:00:00Z"});
    ck_assert_uint_eq(p.n, 3);
    db_search_page_cleanup(&p);
    p = search("zinc", (struct db_search_filter){.since = "1991-03-04T10:00:01Z"});
    ck_assert_uint_eq(p.n, 0);
    db_search_page_cleanup(&p);
    /* and the new triggers keep it: the article's delete takes all three rows out */
    ck_assert_int_eq(sqlite3_exec(db->h, "DELETE FROM articles WHERE id = 7", NULL, NULL, NULL),
                     SQLITE_OK);
    ck_assert_int_eq(query_int("SELECT count(*) FROM search_fts"), 0);
    db_close(db);
    db = fixture;
    unlink(path);
    char wal[80];
    snprintf(wal, sizeof wal, "%s-wal", path);
    unlink(wal);
    snprintf(wal, sizeof wal, "%s-shm", path);
    unlink(wal);
    rmdir(dir);
}
END_TEST

START_TEST(test_search_syntax_errors)
{
    static const char *const bad[] = {"tariff AND", "\"unterminated", "(steel OR rice",
                                      "title: steel", "AND"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct db_search_filter f = {.q = bad[i], .limit = 10};
        struct db_search_page p;
        struct db_query_err err = {{0}};
        ck_assert_msg(db_search(db, &f, &p, &err) == TW_EINVAL, "accepted: %s", bad[i]);
        ck_assert_msg(strncmp(err.detail, "q is not a valid full-text query", 32) == 0, "%s",
                      err.detail);
    }
    struct db_search_filter f = {.q = "", .limit = 10};
    struct db_search_page p;
    ck_assert_int_eq(db_search(db, &f, &p, NULL), TW_EINVAL);
    /* the connection still works */
    p = search("steel", (struct db_search_filter){0});
    ck_assert_uint_eq(p.n, 4);
    db_search_page_cleanup(&p);
}
END_TEST

/* Each index that can drive the summary's read (kind+date, imposer, target, product), with
 * product as a key: a figure counts once per product it names, once with no product when it
 * names none, and only for the filter's product when there is one. */
START_TEST(test_summary_drivers)
{
    ck_assert_int_eq(sqlite3_exec(db->h,
                                  "INSERT INTO tariff_products (tariff_id, position, product)"
                                  " SELECT id, 1, 'alloys' FROM tariffs WHERE imposer = 'US'"
                                  " AND target = 'CN';"
                                  "DELETE FROM tariff_products WHERE tariff_id IN"
                                  " (SELECT id FROM tariffs WHERE imposer = 'CN')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    for (int kind = 0; kind < 2; kind++) {
        struct db_tariff_filter base = {.has_kind = kind, .kind = TARIFF_RATE};
        struct db_tariff_summary_page p = summary("product", base);
        ck_assert_uint_eq(p.n, 5);
        ck_assert_ptr_null(p.items[0].product); /* the CN figure names none */
        ck_assert_int_eq(p.items[0].count, 1);
        ck_assert_str_eq(p.items[1].product, "alloys");
        ck_assert_str_eq(p.items[1].latest_at, "2026-03-02T10:00:00.000Z");
        ck_assert_str_eq(p.items[4].product, "steel");
        ck_assert_int_eq(p.items[4].count, 2);
        db_tariff_summary_page_cleanup(&p);

        struct db_tariff_filter f = base;
        f.product = "steel";
        p = summary("product,imposer", f);
        ck_assert_uint_eq(p.n, 1); /* not alloys, which the a1 figure also names */
        ck_assert_str_eq(p.items[0].product, "steel");
        ck_assert_str_eq(p.items[0].imposer, "US");
        ck_assert_int_eq(p.items[0].count, 2);
        db_tariff_summary_page_cleanup(&p);
        f.product = "alloys";
        p = summary("imposer", f);
        ck_assert_uint_eq(p.n, 1);
        ck_assert_int_eq(p.items[0].count, 1);
        ck_assert_int_eq(p.items[0].latest_micros, 25000000);
        db_tariff_summary_page_cleanup(&p);

        f = base;
        f.target = "*";
        p = summary("imposer", f);
        ck_assert_uint_eq(p.n, 2);
        ck_assert_str_eq(p.items[0].imposer, "EU");
        ck_assert_str_eq(p.items[1].imposer, "JP");
        ck_assert_int_eq(p.items[1].count, 2);
        db_tariff_summary_page_cleanup(&p);

        f = base;
        f.imposer = "JP";
        f.has_max = true;
        f.max_micros = 6000000;
        p = summary("target,week", f);
        ck_assert_uint_eq(p.n, 1);
        ck_assert_str_eq(p.items[0].target, "*");
        ck_assert_str_eq(p.items[0].period, "2026-W14");
        ck_assert_int_eq(p.items[0].count, 1);
        ck_assert_int_eq(p.items[0].latest_micros, 5000000);
        db_tariff_summary_page_cleanup(&p);
    }
}
END_TEST

/* Both summary statements: every branch reads through the index meant for it (the general
 * plan test below only rules out whole-table reads). */
START_TEST(test_summary_plans)
{
    struct db_tariff_summary_page p = summary("imposer", (struct db_tariff_filter){0});
    db_tariff_summary_page_cleanup(&p);
    p = summary("imposer", (struct db_tariff_filter){.has_kind = true, .kind = TARIFF_RATE});
    db_tariff_summary_page_cleanup(&p);
    static const char *const want[2][4] = {
        {"SEARCH t USING COVERING INDEX tariffs_summary (kind=? AND article_date>? AND",
         "SEARCH t USING INDEX tariffs_imposer_date (imposer=? AND article_date>? AND",
         "SEARCH t USING INDEX tariffs_target_date (target=? AND article_date>? AND",
         "USING COVERING INDEX tariff_products_product_date (product=? AND article_date>? AND"},
        {"SEARCH t USING INDEX tariffs_date (article_date>? AND",
         "SEARCH t USING INDEX tariffs_imposer_date (imposer=? AND article_date>? AND",
         "SEARCH t USING INDEX tariffs_target_date (target=? AND article_date>? AND",
         "USING COVERING INDEX tariff_products_product_date (product=? AND article_date>? AND"},
    };
    const enum db_stmt_id slots[2] = {ST_Q_SUMMARY_KIND, ST_Q_SUMMARY_ANY};
    for (int k = 0; k < 2; k++) {
        ck_assert_ptr_nonnull(db->stmt[slots[k]]);
        char *sql = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sqlite3_sql(db->stmt[slots[k]]));
        sqlite3_stmt *plan = NULL;
        ck_assert_int_eq(sqlite3_prepare_v2(db->h, sql, -1, &plan, NULL), SQLITE_OK);
        struct buf lines;
        buf_init(&lines);
        while (sqlite3_step(plan) == SQLITE_ROW) {
            buf_puts(&lines, (const char *)sqlite3_column_text(plan, 3));
            buf_putc(&lines, '\n');
        }
        for (int i = 0; i < 4; i++)
            ck_assert_msg(strstr(lines.data, want[k][i]) != NULL, "statement %d lacks %s:\n%s",
                          k, want[k][i], lines.data);
        buf_cleanup(&lines);
        sqlite3_finalize(plan);
        sqlite3_free(sql);
    }
}
END_TEST

/* ---- plans ---- */

/* Every statement shape of db_query_*.c: no table is read whole. A SCAN is allowed through an
 * index, of a materialised subquery, or of the FTS index with a MATCH. */
START_TEST(test_query_plans)
{
    /* run every shape once so that each statement slot is prepared */
    struct db_actor_page ap;
    for (int sort = 0; sort < 3; sort++) {
        struct db_actor_filter fs[] = {
            {.sort = (enum db_actor_sort)sort},
            {.sort = (enum db_actor_sort)sort, .has_type = true, .type = ACTOR_PERSON},
            {.sort = (enum db_actor_sort)sort, .country = "US"},
            {.sort = (enum db_actor_sort)sort, .q = "an"},
            {.sort = (enum db_actor_sort)sort, .since = "2026-03-10T00:00:00Z"},
        };
        for (size_t i = 0; i < 5; i++) {
            fs[i].limit = 5;
            ap = actors(&fs[i]);
            db_actor_page_cleanup(&ap);
        }
    }
    struct db_actor_detail d;
    ck_assert_int_eq(db_actor_get(db, actor_id("United States"), &d), TW_OK);
    db_actor_detail_cleanup(&d);
    /* a second actor of the same name makes the speaker name resolve to several */
    sqlite3_exec(db->h, "INSERT INTO actors (norm_name, type, name) VALUES ('anna berg',"
                        " 'organization', 'Anna Berg')", NULL, NULL, NULL);
    struct db_claim_filter cfs[] = {{.limit = 5},
                                    {.limit = 5, .speaker_id = 1},
                                    {.limit = 5, .speaker_name = "Anna Berg"},
                                    {.limit = 5, .article_id = ids[0]},
                                    {.limit = 5, .q = "percent"},
                                    {.limit = 1, .q = "percent"}, /* a walk that stops early */
                                    {.limit = 5, .q = "percent", .has_direct = true}};
    for (size_t i = 0; i < 7; i++) {
        struct db_claim_page cp = claims(&cfs[i]);
        db_claim_page_cleanup(&cp);
    }
    sqlite3_exec(db->h, "UPDATE tariffs SET sentence = NULL", NULL, NULL, NULL);
    struct db_tariff_filter tfs[] = {{.limit = 5},
                                     {.limit = 5, .imposer = "US"},
                                     {.limit = 5, .target = "CN"},
                                     {.limit = 5, .party = "US"},
                                     {.limit = 5, .product = "steel"}};
    for (size_t i = 0; i < 5; i++) {
        struct db_tariff_page tp = tariffs(&tfs[i]);
        db_tariff_page_cleanup(&tp);
    }
    struct db_tariff_summary_page sp = summary("imposer,month", (struct db_tariff_filter){0});
    db_tariff_summary_page_cleanup(&sp);
    sp = summary("product,week", (struct db_tariff_filter){.has_kind = true,
                                                           .kind = TARIFF_RATE});
    db_tariff_summary_page_cleanup(&sp);
    struct db_search_page hp = search("steel", (struct db_search_filter){0});
    db_search_page_cleanup(&hp);
    hp = search("steel", (struct db_search_filter){.since = "2026-01-01T00:00:00Z"});
    db_search_page_cleanup(&hp);

    /* Every statement slot of the queries, then the one prepared per page by its text. */
    const char *texts[ST_Q__LAST - ST_Q__FIRST + 2];
    int ntexts = 0;
    for (int id = ST_Q__FIRST; id <= ST_Q__LAST; id++) {
        ck_assert_msg(db->stmt[id] != NULL, "statement %d was not run by this test", id);
        texts[ntexts++] = sqlite3_sql(db->stmt[id]);
    }
    texts[ntexts++] = DQ_SQL_ACTORS_MONTH_TOP;
    for (int id = 0; id < ntexts; id++) {
        const char *text = texts[id];
        char *sql = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", text);
        sqlite3_stmt *plan = NULL;
        ck_assert_int_eq(sqlite3_prepare_v2(db->h, sql, -1, &plan, NULL), SQLITE_OK);
        char subqueries[1024] = " ";
        while (sqlite3_step(plan) == SQLITE_ROW) {
            const char *line = (const char *)sqlite3_column_text(plan, 3);
            if (getenv("TW_PRINT_PLANS") != NULL) /* to read them: TW_PRINT_PLANS=1 */
                fprintf(stderr, "plan %d: %s\n", id, line);
            char name[64];
            if (sscanf(line, "MATERIALIZE %63s", name) == 1 ||
                sscanf(line, "CO-ROUTINE %63s", name) == 1) {
                strncat(subqueries, name, sizeof subqueries - strlen(subqueries) - 2);
                strcat(subqueries, " ");
            }
            if (strncmp(line, "SCAN ", 5) != 0)
                continue;
            char word[70];
            snprintf(word, sizeof word, " %s ", line + 5);
            *strchr(word + 1, ' ') = '\0';
            strcat(word, " ");
            bool ok = strstr(line, " USING INDEX ") != NULL ||
                      strstr(line, " USING COVERING INDEX ") != NULL ||
                      strstr(subqueries, word) != NULL || strstr(line, "CONSTANT ROW") != NULL ||
                      strncmp(line, "SCAN json_each ", 15) == 0 || /* a bound list of rowids */
                      (strstr(line, "VIRTUAL TABLE INDEX") != NULL &&
                       strchr(strstr(line, "VIRTUAL TABLE INDEX"), 'M') != NULL);
            ck_assert_msg(ok, "statement %d reads a table whole: %s\n%s", id, line, text);
        }
        sqlite3_finalize(plan);
        sqlite3_free(sql);
    }
}
END_TEST

Suite *db_query_suite(void)
{
    Suite *s = suite_create("db_query");
    TCase *pure = tcase_create("cursors");
    tcase_add_test(pure, test_cursor_roundtrip);
    suite_add_tcase(s, pure);

    TCase *a = tcase_create("actors");
    tcase_add_checked_fixture(a, setup, teardown);
    tcase_add_test(a, test_actor_counts);
    tcase_add_test(a, test_actor_filters_and_sorts);
    tcase_add_test(a, test_actor_window);
    tcase_add_test(a, test_actor_window_months);
    tcase_add_test(a, test_actor_paging);
    tcase_add_test(a, test_counters_after_delete_and_reannotation);
    tcase_add_test(a, test_actor_detail);
    suite_add_tcase(s, a);

    TCase *c = tcase_create("claims");
    tcase_add_checked_fixture(c, setup, teardown);
    tcase_add_test(c, test_claim_filters);
    tcase_add_test(c, test_claim_paging);
    tcase_add_test(c, test_claim_fts_date_order);
    suite_add_tcase(s, c);

    TCase *t = tcase_create("tariffs");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_tariff_filters);
    tcase_add_test(t, test_tariff_paging);
    tcase_add_test(t, test_legacy_sentence);
    tcase_add_test(t, test_summary);
    tcase_add_test(t, test_summary_drivers);
    tcase_add_test(t, test_summary_plans);
    suite_add_tcase(s, t);

    TCase *f = tcase_create("search");
    tcase_add_checked_fixture(f, setup, teardown);
    tcase_add_test(f, test_search);
    tcase_add_test(f, test_search_newest);
    tcase_add_test(f, test_search_window);
    tcase_add_test(f, test_fts_day);
    tcase_add_test(f, test_search_snippet_window);
    tcase_add_test(f, test_rank_matches_bm25);
    tcase_add_test(f, test_search_after_upgrade);
    tcase_add_test(f, test_search_syntax_errors);
    suite_add_tcase(s, f);

    TCase *p = tcase_create("plans");
    tcase_add_checked_fixture(p, setup, teardown);
    tcase_add_test(p, test_query_plans);
    suite_add_tcase(s, p);
    return s;
}
