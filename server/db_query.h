/* db_query.h - the read side of the dashboard API: actors across articles, claims, tariff
 * figures and their summary, and full-text search (GET /v1/actors, /v1/actors/{id},
 * /v1/claims, /v1/tariffs, /v1/tariffs/summary, /v1/search). The handlers turn the structs
 * below into the JSON of openapi.json; nothing here builds JSON.
 *
 * Every list takes a limit (1..500) and an opaque cursor (the next_cursor of the page before,
 * with the same other filters; NULL for the first page) and returns a page: the items in a
 * stable order and next_cursor, NULL on the last page. Paging is keyset (the cursor holds the
 * sort key of the last item), so pages neither repeat nor skip items while the data stands
 * still, and a deep page costs what the first does.
 *
 * since/until are RFC 3339 date-times (any offset) on the article date: published_at when the
 * article has one, else received_at; since <= date < until.
 *
 * Errors: TW_EINVAL for a malformed filter, a cursor this query did not make, or a full-text
 * query FTS5 cannot parse; the struct db_query_err the caller passes (NULL: none wanted) then
 * gets a sentence for the problem+json detail (it may quote the caller's own input, never
 * stored data). TW_ENOTFOUND, TW_EBUSY and TW_EDB as in db.h. Out-params are written only on
 * success; free them with the matching _cleanup.
 *
 * Threads: the thread that holds db (see db.h); the HTTP threads borrow it from the pool.
 */
#ifndef TW_DB_QUERY_H
#define TW_DB_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "annotate.h"
#include "db.h"

#define DB_QUERY_MAX_LIMIT 500

struct db_query_err {
    char detail[256];
};

/* The article an item comes from (ArticleRef). date is the article date in the stored form,
 * RFC 3339 UTC with milliseconds. */
struct db_article_ref {
    int64_t id;
    char *title; /* NULL when the article has none */
    char *date;
};

/* An actor across articles (ActorRef). */
struct db_actor_ref {
    int64_t id;
    char *name;
    enum actor_type type;
    char country[3]; /* ISO code, "EU", or "" for none (JSON null) */
};

/* ---- GET /v1/actors ---- */

enum db_actor_sort {
    DB_ACTOR_SORT_ARTICLES, /* most articles first (default) */
    DB_ACTOR_SORT_NAME,     /* by normalised name (case and punctuation ignored) */
    DB_ACTOR_SORT_RECENT,   /* latest last_seen first */
};
/* Parses "articles", "name", "recent"; 0 or TW_EINVAL. */
int db_actor_sort_parse(const char *s, enum db_actor_sort *out);

struct db_actor_filter {
    bool has_type;
    enum actor_type type;
    const char *country; /* ISO code or "EU"; NULL: any */
    const char *q;       /* name prefix, case-insensitive, on the name and every alias */
    const char *since, *until;
    enum db_actor_sort sort;
    const char *cursor;
    int limit;
};

/* ActorSummary: counts over the articles within since/until (all when neither is given). */
struct db_actor_summary {
    struct db_actor_ref actor;
    int64_t articles, mentions, claims;
    char *first_seen, *last_seen; /* article dates; NULL only when articles is 0 */
};

struct db_actor_page {
    struct db_actor_summary *items;
    size_t n;
    char *next_cursor;
};
void db_actor_page_cleanup(struct db_actor_page *p);

/* Actors mentioned in at least one article within the window, in f->sort order. Without
 * since/until (or with a window that holds every article) the counts come from counters the
 * triggers keep; a narrower window aggregates its own (actor, article) rows. */
int db_actor_list(struct db *db, const struct db_actor_filter *f, struct db_actor_page *out,
                  struct db_query_err *err);

/* ---- GET /v1/claims ---- */

struct db_claim_filter {
    int64_t speaker_id;       /* 0: any */
    const char *speaker_name; /* exact name, case and punctuation ignored ("U.S." = "us") */
    int64_t article_id;       /* 0: any */
    bool has_direct;
    bool direct;
    const char *since, *until;
    const char *q; /* FTS5 query over the claim text */
    const char *cursor;
    int limit;
};

/* ClaimRecord. start/end are code point offsets into the article body. */
struct db_claim_record {
    int64_t id;
    struct db_article_ref article;
    bool has_speaker;
    struct db_actor_ref speaker;
    bool direct;
    char *cue; /* NULL when none */
    char *text;
    int64_t start, end;
};

struct db_claim_page {
    struct db_claim_record *items;
    size_t n;
    char *next_cursor;
};
void db_claim_page_cleanup(struct db_claim_page *p);

/* Claims newest article first (then newest claim first). A speaker_name no actor has gives
 * an empty page; speaker_id and speaker_name together must both hold. */
int db_claim_list(struct db *db, const struct db_claim_filter *f, struct db_claim_page *out,
                  struct db_query_err *err);

/* ---- GET /v1/tariffs and /v1/tariffs/summary ---- */

struct db_tariff_filter {
    const char *imposer; /* ISO code or "EU" */
    const char *target;  /* ISO code, "EU" or "*" */
    const char *party;   /* imposer or target (the tariffs of a country's detail) */
    const char *product; /* lower case, exact */
    bool has_kind;
    enum tariff_kind kind;
    const char *unit; /* "percent" or an ISO 4217 code */
    bool has_change;
    enum tariff_change change;
    bool has_min, has_max;
    int64_t min_micros, max_micros; /* value bounds, inclusive, in millionths */
    const char *since, *until;
    const char *cursor;
    int limit;
};

/* TariffRecord. value_micros is the value times 1,000,000 (has_value false when it did not
 * fit in 64 bits); sentence is the sentence of the body holding the figure. */
struct db_tariff_record {
    int64_t id;
    struct db_article_ref article;
    char *sentence;
    enum tariff_kind kind;
    bool has_value;
    int64_t value_micros;
    char *unit;
    char *per; /* NULL when none */
    enum tariff_cmp comparator;
    char *imposer, *target; /* NULL when unknown */
    char **products;
    size_t nproducts;
    enum tariff_change change;
    char *text;
    int64_t start, end;
};

struct db_tariff_page {
    struct db_tariff_record *items;
    size_t n;
    char *next_cursor;
};
void db_tariff_page_cleanup(struct db_tariff_page *p);

/* Tariff figures newest article first (then newest figure first). min above max is
 * TW_EINVAL. */
int db_tariff_list(struct db *db, const struct db_tariff_filter *f, struct db_tariff_page *out,
                   struct db_query_err *err);

enum db_tariff_key {
    DB_TKEY_IMPOSER,
    DB_TKEY_TARGET,
    DB_TKEY_PRODUCT,
    DB_TKEY_CHANGE,
    DB_TKEY_DAY,
    DB_TKEY_WEEK,
    DB_TKEY_MONTH,
};
#define DB_TKEY_MAX 5 /* imposer, target, product, change and one period */
/* Parses a group_by list such as "imposer,target,month" into keys (in its order); TW_EINVAL for
 * an unknown or repeated key, or more than one of day, week and month. */
int db_tariff_keys_parse(const char *s, enum db_tariff_key *keys, size_t *n,
                         struct db_query_err *err);

/* TariffSummaryRow. Only the fields of the requested keys are meaningful; a NULL imposer,
 * target or product is a group of figures without one (JSON null). */
struct db_tariff_group {
    char *imposer, *target, *product;
    enum tariff_change change;
    char *period; /* "2026-04-29", "2026-W18" or "2026-04" */
    char *unit;
    int64_t count;
    int64_t min_micros, max_micros;
    int64_t latest_micros; /* the value of the figure with the latest article date */
    char *latest_at;       /* that article date */
};

struct db_tariff_summary_page {
    struct db_tariff_group *items;
    size_t n;
    char *next_cursor;
};
void db_tariff_summary_page_cleanup(struct db_tariff_summary_page *p);

/* Groups the figures f selects (f->party unsupported here) by keys[0..nkeys) and unit,
 * ordered by the keys in that order (then unit), with count, min, max and latest value. A
 * figure naming several products counts once in each of their groups; figures whose value did
 * not fit in 64 bits are left out. f->has_kind false means every kind (the API's default of
 * rate is the handler's to apply). */
int db_tariff_summary(struct db *db, const struct db_tariff_filter *f,
                      const enum db_tariff_key *keys, size_t nkeys,
                      struct db_tariff_summary_page *out, struct db_query_err *err);

/* ---- GET /v1/actors/{id} ---- */

struct db_co_actor {
    struct db_actor_ref actor;
    int64_t articles; /* articles shared with the actor */
};

#define DB_ACTOR_CLAIMS 20
#define DB_ACTOR_CO_ACTORS 20
#define DB_ACTOR_TARIFFS 50

struct db_actor_detail {
    struct db_actor_summary summary; /* counts over all articles */
    char **aliases;                  /* every surface form of its mentions, most used first */
    size_t naliases;
    char **roles; /* titles articles gave it, latest first */
    size_t nroles;
    struct db_claim_record *claims; /* its latest claims (DB_ACTOR_CLAIMS at most) */
    size_t nclaims;
    struct db_co_actor *co_actors; /* most shared articles first (DB_ACTOR_CO_ACTORS) */
    size_t nco_actors;
    struct db_tariff_record *tariffs; /* a country's latest figures as imposer or target */
    size_t ntariffs;
};
void db_actor_detail_cleanup(struct db_actor_detail *d);

/* Returns 0, or TW_ENOTFOUND when no actor has that id or no article mentions it any more. */
int db_actor_get(struct db *db, int64_t id, struct db_actor_detail *out);

/* ---- GET /v1/search ---- */

enum db_search_kind { DB_SEARCH_TITLE, DB_SEARCH_BODY, DB_SEARCH_CLAIM };
const char *db_search_kind_name(enum db_search_kind k);
/* Parses "title", "body", "claim"; 0 or TW_EINVAL. */
int db_search_kind_parse(const char *s, enum db_search_kind *out);

struct db_search_filter {
    const char *q; /* FTS5 syntax: words, "phrases", prefix*, AND, OR, NOT, ( ) */
    bool has_kind;
    enum db_search_kind kind;
    const char *since, *until;
    const char *cursor;
    int limit;
};

/* A highlighted stretch of a snippet, in code points [start, end). */
struct db_highlight {
    int64_t start, end;
};

struct db_search_hit {
    enum db_search_kind kind;
    struct db_article_ref article;
    int64_t claim_id; /* 0 unless kind is DB_SEARCH_CLAIM */
    double rank;      /* the BM25 score (db_query_rank.h): higher is better */
    char *snippet;    /* plain text; elisions shown as U+2026 */
    struct db_highlight *highlights;
    size_t nhighlights;
};

struct db_search_page {
    struct db_search_hit *items;
    size_t n;
    char *next_cursor;
};
void db_search_page_cleanup(struct db_search_page *p);

/* How many matches of each kind are ranked: the newest by article date. Scoring
 * reads each candidate's position lists, most of a search's CPU; 300 still leaves a page of 20
 * fifteen times as many candidates to choose from. */
#define DB_SEARCH_CANDIDATES 300

/* Hits best first (ties by kind, then day, then id), among the DB_SEARCH_CANDIDATES newest
 * matches of each kind (within since/until when given). */
int db_search(struct db *db, const struct db_search_filter *f, struct db_search_page *out,
              struct db_query_err *err);

#endif
