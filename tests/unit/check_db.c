/* check_db.c - the storage layer on real migrations: ingest and deduplication, the list
 * filters and cursor, cascades, the job life cycle, the queue bound and concurrent writers. */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "suites.h"

#include "buf.h"
#include "db.h"
#include "embedded.h"
#include "db_internal.h"
#include "log.h"
#include "status.h"

static char tmpdir[64];
static char dbpath[128];

static void tmp_setup(void)
{
    strcpy(tmpdir, "/tmp/tw_check_db_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    snprintf(dbpath, sizeof dbpath, "%s/t.db", tmpdir);
}

static void tmp_teardown(void)
{
    char p[160];
    const char *suffix[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s%s", dbpath, suffix[i]);
        unlink(p);
    }
    rmdir(tmpdir);
}

static struct db *open_migrated(const char *path)
{
    struct db *db = NULL;
    ck_assert_int_eq(db_open(path, &db), TW_OK);
    ck_assert_int_eq(db_migrate(db), TW_OK);
    return db;
}

/* Runs a one-value query of the test's own (tests may look under the storage API). */
static int64_t query_int(struct db *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db->h, sql, -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static struct article_in article(const char *source, const char *ext, const char *body)
{
    struct article_in in = {.title = "Steel duties",
                            .url = "https://example.com/a",
                            .source = source,
                            .external_id = ext,
                            .published_at = "2026-03-02T10:00:00Z",
                            .body = body,
                            .body_len = strlen(body)};
    return in;
}

static int64_t submit(struct db *db, const struct article_in *in, enum submit_outcome want)
{
    int64_t id = 0;
    enum submit_outcome got = SUBMIT_CREATED;
    ck_assert_int_eq(db_article_submit(db, in, 0, &id, &got), TW_OK);
    ck_assert_int_eq(got, want);
    ck_assert_int_gt(id, 0);
    return id;
}

/* Claims exactly one job and checks it is article_id's. */
static void claim_one(struct db *db, int64_t article_id, struct job *j)
{
    size_t n = 0;
    ck_assert_int_eq(db_job_claim(db, j, 1, &n), TW_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(j->article_id, article_id);
}

/* A hand-made result: two actors (one mentioned twice), a claim and a tariff with products. */
static const char BODY[] = "U.S. President Donald Trump said on Monday the United States would "
                           "raise tariffs on Chinese steel and aluminum to 25%.";

struct fake_ann {
    struct ann_span us_spans[2], trump_span;
    struct ann_actor actors[2];
    struct ann_claim claim;
    char *products[2];
    struct ann_tariff tariff;
    struct annotations a;
};

static struct ann_span span_of(const char *body, const char *needle)
{
    const char *p = strstr(body, needle);
    ck_assert_ptr_nonnull(p);
    uint32_t start = (uint32_t)(p - body);
    struct ann_span s = {.start = start,
                         .end = start + (uint32_t)strlen(needle),
                         .byte_start = start,
                         .byte_end = start + (uint32_t)strlen(needle)};
    return s;
}

static void fake_ann_init(struct fake_ann *f, const char *body, const char *us_name)
{
    memset(f, 0, sizeof *f);
    f->us_spans[0] = span_of(body, "U.S.");
    f->us_spans[1] = span_of(body, "United States");
    f->trump_span = span_of(body, "Donald Trump");
    f->actors[0] = (struct ann_actor){.name = (char *)(uintptr_t)us_name,
                                      .type = ACTOR_COUNTRY,
                                      .country = "US",
                                      .mentions = f->us_spans,
                                      .nmentions = 2};
    f->actors[1] = (struct ann_actor){.name = "Donald Trump",
                                      .type = ACTOR_PERSON,
                                      .country = "US",
                                      .role = "President",
                                      .mentions = &f->trump_span,
                                      .nmentions = 1};
    f->claim = (struct ann_claim){.speaker = 1,
                                  .direct = false,
                                  .cue = "said",
                                  .span = span_of(body, "the United States would")};
    f->products[0] = "steel";
    f->products[1] = "aluminum";
    f->tariff = (struct ann_tariff){.kind = TARIFF_RATE,
                                    .value = 25.5,
                                    .unit = "percent",
                                    .comparator = CMP_EQ,
                                    .imposer = "US",
                                    .target = "CN",
                                    .products = f->products,
                                    .nproducts = 2,
                                    .change = CHANGE_RAISE,
                                    .span = span_of(body, "25%")};
    f->a = (struct annotations){.actors = f->actors,
                                .nactors = 2,
                                .claims = &f->claim,
                                .nclaims = 1,
                                .tariffs = &f->tariff,
                                .ntariffs = 1};
}

START_TEST(test_migrate_sets_version_and_is_idempotent)
{
    /* the version is the number of the last embedded migration */
    int last = 0;
    for (const struct embedded_file *f = embedded_files; f->path != NULL; f++)
        if (strncmp(f->path, "schema/", 7) == 0)
            last = atoi(f->path + 7);
    ck_assert_int_ge(last, 1);
    struct db *db = open_migrated(":memory:");
    ck_assert_int_eq(query_int(db, "PRAGMA user_version"), last);
    ck_assert_int_eq(db_migrate(db), TW_OK);
    ck_assert_int_eq(query_int(db, "PRAGMA user_version"), last);
    ck_assert_int_eq(query_int(db, "PRAGMA foreign_keys"), 1);
    ck_assert_int_eq(db_ping(db), TW_OK);
    db_close(db);
}
END_TEST

START_TEST(test_file_database_uses_wal)
{
    tmp_setup();
    struct db *db = open_migrated(dbpath);
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db->h, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    ck_assert_int_eq(query_int(db, "PRAGMA synchronous"), 1); /* NORMAL */
    db_close(db);
    tmp_teardown();
}
END_TEST

START_TEST(test_submit_dedup_and_update)
{
    struct db *db = open_migrated(":memory:");
    struct article_in in = article("reuters", "r-1", "Tariffs rose.");
    int64_t id = submit(db, &in, SUBMIT_CREATED);
    ck_assert_int_eq(submit(db, &in, SUBMIT_UNCHANGED), id);
    int64_t depth = 0;
    ck_assert_int_eq(db_job_depth(db, &depth), TW_OK);
    ck_assert_int_eq(depth, 1);

    /* same id in another source is another article */
    struct article_in other = article("ap", "r-1", "Tariffs rose.");
    ck_assert_int_ne(submit(db, &other, SUBMIT_CREATED), id);

    /* a changed title alone is new content */
    in.title = "Steel duties raised";
    ck_assert_int_eq(submit(db, &in, SUBMIT_UPDATED), id);
    struct article a;
    ck_assert_int_eq(db_article_get(db, id, &a), TW_OK);
    ck_assert_str_eq(a.title, "Steel duties raised");
    ck_assert_str_eq(a.body, "Tariffs rose.");
    ck_assert_int_eq(a.status, ARTICLE_QUEUED);
    db_article_cleanup(&a);
    /* the update replaced the job rather than adding one */
    ck_assert_int_eq(db_job_depth(db, &depth), TW_OK);
    ck_assert_int_eq(depth, 2);

    /* without external_id, always new */
    struct article_in anon = article("reuters", NULL, "Tariffs rose.");
    int64_t a1 = submit(db, &anon, SUBMIT_CREATED);
    ck_assert_int_ne(submit(db, &anon, SUBMIT_CREATED), a1);
    /* without source, (NULL, external_id) still deduplicates */
    struct article_in nosrc = article(NULL, "x-9", "Duties fell.");
    int64_t n1 = submit(db, &nosrc, SUBMIT_CREATED);
    ck_assert_int_eq(submit(db, &nosrc, SUBMIT_UNCHANGED), n1);
    db_close(db);
}
END_TEST

START_TEST(test_get_fields_and_not_found)
{
    struct db *db = open_migrated(":memory:");
    struct article_in in = article("reuters", "r-2", "Body with \xC3\xA9 accent.");
    int64_t id = submit(db, &in, SUBMIT_CREATED);
    struct article a;
    ck_assert_int_eq(db_article_get(db, id, &a), TW_OK);
    ck_assert_int_eq(a.id, id);
    ck_assert_str_eq(a.source, "reuters");
    ck_assert_str_eq(a.external_id, "r-2");
    ck_assert_str_eq(a.url, "https://example.com/a");
    ck_assert_str_eq(a.published_at, "2026-03-02T10:00:00Z");
    ck_assert_uint_eq(a.body_len, strlen(in.body));
    ck_assert_uint_eq(strlen(a.received_at), 24); /* 2026-11-26T23:25:21.123Z */
    ck_assert_int_eq(a.received_at[23], 'Z');
    ck_assert_ptr_null(a.annotated_at);
    ck_assert_ptr_null(a.annotations_json);
    ck_assert_ptr_null(a.error);
    db_article_cleanup(&a);
    ck_assert_int_eq(db_article_get(db, id + 100, &a), TW_ENOTFOUND);
    ck_assert_int_eq(db_article_delete(db, id + 100), TW_ENOTFOUND);
    db_close(db);
}
END_TEST

/* Lists with f and checks the ids returned, newest first. */
static void expect_list(struct db *db, const struct article_filter *f, const int64_t *want,
                        size_t nwant, bool want_more)
{
    struct article *items = NULL;
    size_t n = 0;
    bool more = !want_more;
    ck_assert_int_eq(db_article_list(db, f, &items, &n, &more), TW_OK);
    ck_assert_uint_eq(n, nwant);
    ck_assert_int_eq(more, want_more);
    for (size_t i = 0; i < n; i++) {
        ck_assert_int_eq(items[i].id, want[i]);
        ck_assert_ptr_null(items[i].body);
        db_article_cleanup(&items[i]);
    }
    free(items);
}

START_TEST(test_list_filters_and_cursor)
{
    struct db *db = open_migrated(":memory:");
    int64_t ids[6];
    char ext[16];
    for (int i = 0; i < 6; i++) {
        snprintf(ext, sizeof ext, "e%d", i);
        struct article_in in = article(i % 2 ? "ap" : "reuters", ext, "Some body.");
        ids[i] = submit(db, &in, SUBMIT_CREATED);
    }
    /* ids[0], ids[1] done; received_at of ids[4], ids[5] moved a day later */
    struct job j[2];
    size_t n = 0;
    ck_assert_int_eq(db_job_claim(db, j, 2, &n), TW_OK);
    ck_assert_uint_eq(n, 2);
    struct annotations empty = {0};
    for (size_t i = 0; i < n; i++) {
        ck_assert_int_eq(db_job_complete(db, &j[i], &empty, "{}"), TW_OK);
        db_job_cleanup(&j[i]);
    }
    ck_assert_int_eq(sqlite3_exec(db->h,
                                  "UPDATE articles SET received_at = '2030-01-02T00:00:00.000Z'"
                                  " WHERE id IN (5, 6)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);

    struct article_filter f = {.limit = 10};
    expect_list(db, &f, (int64_t[]){ids[5], ids[4], ids[3], ids[2], ids[1], ids[0]}, 6, false);
    f.limit = 4;
    expect_list(db, &f, (int64_t[]){ids[5], ids[4], ids[3], ids[2]}, 4, true);
    f.before_id = ids[2];
    expect_list(db, &f, (int64_t[]){ids[1], ids[0]}, 2, false);

    struct article_filter by_source = {.source = "ap", .limit = 2};
    expect_list(db, &by_source, (int64_t[]){ids[5], ids[3]}, 2, true);
    by_source.before_id = ids[3];
    expect_list(db, &by_source, (int64_t[]){ids[1]}, 1, false);

    struct article_filter by_status = {.has_status = true, .status = ARTICLE_DONE, .limit = 10};
    expect_list(db, &by_status, (int64_t[]){ids[1], ids[0]}, 2, false);
    by_status.source = "reuters";
    expect_list(db, &by_status, (int64_t[]){ids[0]}, 1, false);

    /* an offset in the bound is normalised: 2030-01-02T01:00+02:00 is 2030-01-01T23:00Z */
    struct article_filter by_time = {.since = "2030-01-01T23:00:00+02:00", .limit = 10};
    expect_list(db, &by_time, (int64_t[]){ids[5], ids[4]}, 2, false);
    by_time = (struct article_filter){.until = "2030-01-02T00:00:00Z", .limit = 10};
    expect_list(db, &by_time, (int64_t[]){ids[3], ids[2], ids[1], ids[0]}, 4, false);
    by_time.source = "ap";
    expect_list(db, &by_time, (int64_t[]){ids[3], ids[1]}, 2, false);
    by_time = (struct article_filter){
        .since = "2030-01-01T00:00:00Z", .until = "2030-01-03T00:00:00Z", .limit = 1};
    expect_list(db, &by_time, (int64_t[]){ids[5]}, 1, true);

    struct article_filter bad = {.limit = 0};
    struct article *items = NULL;
    bool more = false;
    ck_assert_int_eq(db_article_list(db, &bad, &items, &n, &more), TW_EINVAL);
    bad.limit = 501;
    ck_assert_int_eq(db_article_list(db, &bad, &items, &n, &more), TW_EINVAL);
    db_close(db);
}
END_TEST

START_TEST(test_list_uses_indexes)
{
    struct db *db = open_migrated(":memory:");
    /* each filter of the list and the claim must go through an index, never a table scan */
    const char *plans[] = {
        "EXPLAIN QUERY PLAN SELECT id FROM articles WHERE source = 'x' AND id < 9"
        " ORDER BY id DESC LIMIT 5",
        "EXPLAIN QUERY PLAN SELECT id FROM articles WHERE status = 'done' AND id < 9"
        " ORDER BY id DESC LIMIT 5",
        "EXPLAIN QUERY PLAN SELECT id FROM articles WHERE received_at >= 'a'"
        " AND received_at < 'b' ORDER BY id DESC LIMIT 5",
        "EXPLAIN QUERY PLAN SELECT id FROM articles WHERE id < 9 ORDER BY id DESC LIMIT 5",
        "EXPLAIN QUERY PLAN SELECT j.id, a.body FROM jobs j JOIN article_bodies a"
        " ON a.article_id = j.article_id WHERE j.state = 'queued' ORDER BY j.id LIMIT 4",
        "EXPLAIN QUERY PLAN SELECT id FROM articles"
        " WHERE ifnull(source, '') = 'x' AND external_id = 'y'",
    };
    for (size_t i = 0; i < sizeof plans / sizeof *plans; i++) {
        sqlite3_stmt *st = NULL;
        ck_assert_int_eq(sqlite3_prepare_v2(db->h, plans[i], -1, &st, NULL), SQLITE_OK);
        int rows = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *detail = (const char *)sqlite3_column_text(st, 3);
            ck_assert_msg(strstr(detail, "USING") != NULL || strncmp(detail, "SCAN", 4) != 0,
                          "plan %zu scans a table: %s", i, detail);
            ck_assert_msg(strstr(detail, "TEMP B-TREE") == NULL || i == 2,
                          "plan %zu sorts: %s", i, detail);
            rows++;
        }
        sqlite3_finalize(st);
        ck_assert_int_gt(rows, 0);
    }
    db_close(db);
}
END_TEST

START_TEST(test_complete_stores_annotations_and_merges_actors)
{
    struct db *db = open_migrated(":memory:");
    struct article_in in1 = article("reuters", "a-1", BODY), in2 = article("reuters", "a-2", BODY);
    int64_t id1 = submit(db, &in1, SUBMIT_CREATED), id2 = submit(db, &in2, SUBMIT_CREATED);
    struct fake_ann f1, f2;
    fake_ann_init(&f1, BODY, "U.S.");
    fake_ann_init(&f2, BODY, "United States");
    struct job j;
    claim_one(db, id1, &j);
    ck_assert_int_eq(db_job_complete(db, &j, &f1.a, "{\"actors\":[1]}"), TW_OK);
    db_job_cleanup(&j);
    claim_one(db, id2, &j);
    ck_assert_int_eq(db_job_complete(db, &j, &f2.a, "{\"actors\":[2]}"), TW_OK);
    db_job_cleanup(&j);

    struct article a;
    ck_assert_int_eq(db_article_get(db, id1, &a), TW_OK);
    ck_assert_int_eq(a.status, ARTICLE_DONE);
    ck_assert_str_eq(a.annotations_json, "{\"actors\":[1]}");
    ck_assert_ptr_nonnull(a.annotated_at);
    db_article_cleanup(&a);

    /* "U.S." and "United States" normalise differently: the engine gives the fullest form,
     * and the same form in both articles merges into one row */
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM actors"), 3);
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM actors WHERE norm_name = 'donald trump'"
                                   " AND type = 'person'"),
                     1);
    ck_assert_int_eq(query_int(db, "SELECT count(DISTINCT actor_id) FROM mentions m JOIN actors"
                                   " x ON x.id = m.actor_id WHERE x.type = 'person'"),
                     1);
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM mentions"), 6);
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM mentions WHERE text = 'United States'"
                                   " AND start_cp = 47 AND end_cp = 60"),
                     2);
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM claims c JOIN actors x ON"
                                   " x.id = c.speaker_id WHERE x.name = 'Donald Trump'"
                                   " AND c.cue = 'said' AND c.direct = 0"),
                     2);
    ck_assert_int_eq(query_int(db, "SELECT value_micros FROM tariffs LIMIT 1"), 25500000);
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM tariffs WHERE imposer = 'US' AND"
                                   " target = 'CN' AND change = 'raise' AND text = '25%'"),
                     2);
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM tariff_products WHERE"
                                   " product = 'aluminum' AND position = 1"),
                     2);
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM mentions WHERE role = 'President'"), 2);
    db_close(db);
}
END_TEST

START_TEST(test_delete_cascades)
{
    struct db *db = open_migrated(":memory:");
    struct article_in in = article("reuters", "d-1", BODY);
    int64_t id = submit(db, &in, SUBMIT_CREATED);
    struct fake_ann f;
    fake_ann_init(&f, BODY, "United States");
    struct job j;
    claim_one(db, id, &j);
    ck_assert_int_eq(db_job_complete(db, &j, &f.a, "{}"), TW_OK);
    db_job_cleanup(&j);
    /* a second, still queued article: deleting it must drop its job and the depth */
    struct article_in in2 = article("reuters", "d-2", BODY);
    int64_t id2 = submit(db, &in2, SUBMIT_CREATED);
    int64_t depth = 0;
    ck_assert_int_eq(db_job_depth(db, &depth), TW_OK);
    ck_assert_int_eq(depth, 1);

    ck_assert_int_eq(db_article_delete(db, id), TW_OK);
    ck_assert_int_eq(db_article_delete(db, id2), TW_OK);
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM articles"), 0);
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM jobs"), 0);
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM mentions"), 0);
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM claims"), 0);
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM tariffs"), 0);
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM tariff_products"), 0);
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM actors"), 2); /* shared, kept */
    ck_assert_int_eq(db_job_depth(db, &depth), TW_OK);
    ck_assert_int_eq(depth, 0);
    ck_assert_int_eq(db_article_get(db, id, &(struct article){0}), TW_ENOTFOUND);
    db_close(db);
}
END_TEST

/* A job id never comes back: a worker holding the job of the old text must not finish the
 * newer job of the same article, even once another worker has claimed it. */
START_TEST(test_job_ids_are_not_reused)
{
    struct db *db = open_migrated(":memory:");
    struct article_in in = article("reuters", "u-2", BODY);
    int64_t id = submit(db, &in, SUBMIT_CREATED);
    struct job old, fresh;
    claim_one(db, id, &old);
    in.body = "China retaliated with duties on pork.";
    in.body_len = strlen(in.body);
    ck_assert_int_eq(submit(db, &in, SUBMIT_UPDATED), id);
    claim_one(db, id, &fresh);
    ck_assert_int_ne(fresh.id, old.id);
    struct annotations empty = {0};
    ck_assert_int_eq(db_job_complete(db, &old, &empty, "{\"stale\":true}"), TW_ECONFLICT);
    ck_assert_int_eq(db_job_complete(db, &fresh, &empty, "{}"), TW_OK);
    db_job_cleanup(&old);
    db_job_cleanup(&fresh);
    db_close(db);
}
END_TEST

START_TEST(test_update_clears_annotations_and_stale_job_is_dropped)
{
    struct db *db = open_migrated(":memory:");
    struct article_in in = article("reuters", "u-1", BODY);
    int64_t id = submit(db, &in, SUBMIT_CREATED);
    struct fake_ann f;
    fake_ann_init(&f, BODY, "United States");
    struct job j;
    claim_one(db, id, &j);
    ck_assert_int_eq(db_job_complete(db, &j, &f.a, "{}"), TW_OK);
    db_job_cleanup(&j);
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM mentions"), 3);

    /* new content: annotations gone, queued again */
    in.body = "China retaliated with duties on soybeans.";
    in.body_len = strlen(in.body);
    ck_assert_int_eq(submit(db, &in, SUBMIT_UPDATED), id);
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM mentions"), 0);
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM tariffs"), 0);
    struct article a;
    ck_assert_int_eq(db_article_get(db, id, &a), TW_OK);
    ck_assert_int_eq(a.status, ARTICLE_QUEUED);
    ck_assert_ptr_null(a.annotations_json);
    db_article_cleanup(&a);

    /* a worker holding the job of the old text loses it to a resubmission */
    claim_one(db, id, &j);
    ck_assert_str_eq(j.body, "China retaliated with duties on soybeans.");
    in.body = "China retaliated with duties on pork.";
    in.body_len = strlen(in.body);
    ck_assert_int_eq(submit(db, &in, SUBMIT_UPDATED), id);
    struct annotations empty = {0};
    ck_assert_int_eq(db_job_complete(db, &j, &empty, "{\"stale\":true}"), TW_ECONFLICT);
    ck_assert_int_eq(db_job_fail(db, &j, "x", 1), TW_ECONFLICT);
    db_job_cleanup(&j);
    claim_one(db, id, &j);
    ck_assert_str_eq(j.body, "China retaliated with duties on pork.");
    ck_assert_int_eq(j.attempts, 1);
    ck_assert_int_eq(db_job_complete(db, &j, &empty, "{}"), TW_OK);
    db_job_cleanup(&j);
    db_close(db);
}
END_TEST

START_TEST(test_claim_fail_retry_then_failed)
{
    struct db *db = open_migrated(":memory:");
    struct article_in in = article("reuters", "f-1", "A body.");
    int64_t id = submit(db, &in, SUBMIT_CREATED);
    struct job j;
    for (int attempt = 1; attempt <= 3; attempt++) {
        claim_one(db, id, &j);
        ck_assert_int_eq(j.attempts, attempt);
        struct article a;
        ck_assert_int_eq(db_article_get(db, id, &a), TW_OK);
        ck_assert_int_eq(a.status, ARTICLE_PROCESSING);
        db_article_cleanup(&a);
        /* nothing else to claim while it is in hand */
        struct job other;
        size_t n = 9;
        ck_assert_int_eq(db_job_claim(db, &other, 1, &n), TW_OK);
        ck_assert_uint_eq(n, 0);
        ck_assert_int_eq(db_job_fail(db, &j, "engine exploded", 3), TW_OK);
        db_job_cleanup(&j);
        ck_assert_int_eq(db_article_get(db, id, &a), TW_OK);
        ck_assert_int_eq(a.status, attempt < 3 ? ARTICLE_QUEUED : ARTICLE_FAILED);
        if (attempt == 3)
            ck_assert_str_eq(a.error, "engine exploded");
        db_article_cleanup(&a);
    }
    int64_t depth = 9;
    ck_assert_int_eq(db_job_depth(db, &depth), TW_OK);
    ck_assert_int_eq(depth, 0);
    db_close(db);
}
END_TEST

START_TEST(test_claim_batches_oldest_first_and_release)
{
    struct db *db = open_migrated(":memory:");
    int64_t ids[5];
    for (int i = 0; i < 5; i++) {
        struct article_in in = article("reuters", NULL, "Body.");
        ids[i] = submit(db, &in, SUBMIT_CREATED);
    }
    struct job j[3];
    size_t n = 0;
    ck_assert_int_eq(db_job_claim(db, j, 3, &n), TW_OK);
    ck_assert_uint_eq(n, 3);
    for (size_t i = 0; i < 3; i++)
        ck_assert_int_eq(j[i].article_id, ids[i]);
    /* releasing gives the job back without counting the attempt */
    ck_assert_int_eq(db_job_release(db, &j[2]), TW_OK);
    for (size_t i = 0; i < 3; i++)
        db_job_cleanup(&j[i]);
    ck_assert_int_eq(db_job_claim(db, j, 3, &n), TW_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_int_eq(j[0].article_id, ids[2]);
    ck_assert_int_eq(j[0].attempts, 1);
    for (size_t i = 0; i < 3; i++)
        db_job_cleanup(&j[i]);
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM jobs WHERE state = 'processing'"), 5);
    db_close(db);
}
END_TEST

START_TEST(test_requeue_stale_after_crash)
{
    tmp_setup();
    struct db *db = open_migrated(dbpath);
    struct article_in in = article("reuters", "c-1", "Body.");
    int64_t id = submit(db, &in, SUBMIT_CREATED);
    struct job j;
    claim_one(db, id, &j);
    db_job_cleanup(&j);
    db_close(db); /* the "crash": the job stays processing on disk */

    db = open_migrated(dbpath);
    int64_t n = 0;
    ck_assert_int_eq(db_job_requeue_stale(db, &n), TW_OK);
    ck_assert_int_eq(n, 1);
    struct article a;
    ck_assert_int_eq(db_article_get(db, id, &a), TW_OK);
    ck_assert_int_eq(a.status, ARTICLE_QUEUED);
    db_article_cleanup(&a);
    claim_one(db, id, &j);
    ck_assert_int_eq(j.attempts, 2); /* the crashed attempt counts */
    db_job_cleanup(&j);
    ck_assert_int_eq(db_job_requeue_stale(db, &n), TW_OK);
    ck_assert_int_eq(n, 1);
    ck_assert_int_eq(db_job_requeue_stale(db, &n), TW_OK);
    ck_assert_int_eq(n, 0);
    db_close(db);
    tmp_teardown();
}
END_TEST

START_TEST(test_queue_bound)
{
    struct db *db = open_migrated(":memory:");
    int64_t id = 0;
    enum submit_outcome o;
    struct article_in a1 = article("s", "q1", "One."), a2 = article("s", "q2", "Two."),
                      a3 = article("s", "q3", "Three.");
    ck_assert_int_eq(db_article_submit(db, &a1, 2, &id, &o), TW_OK);
    ck_assert_int_eq(db_article_submit(db, &a2, 2, &id, &o), TW_OK);
    ck_assert_int_eq(db_article_submit(db, &a3, 2, &id, &o), TW_EBUSY);
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM articles"), 2); /* nothing stored */
    /* an unchanged resubmission queues nothing, so the bound does not refuse it */
    ck_assert_int_eq(db_article_submit(db, &a1, 2, &id, &o), TW_OK);
    ck_assert_int_eq(o, SUBMIT_UNCHANGED);
    struct job j;
    size_t n = 0;
    ck_assert_int_eq(db_job_claim(db, &j, 1, &n), TW_OK);
    struct annotations empty = {0};
    ck_assert_int_eq(db_job_complete(db, &j, &empty, "{}"), TW_OK);
    db_job_cleanup(&j);
    ck_assert_int_eq(db_article_submit(db, &a3, 2, &id, &o), TW_OK);
    ck_assert_int_eq(o, SUBMIT_CREATED);
    /* the counter row agrees with the table */
    ck_assert_int_eq(query_int(db, "SELECT jobs FROM queue_depth"),
                     query_int(db, "SELECT count(*) FROM jobs"));
    db_close(db);
}
END_TEST

#define WRITER_ARTICLES 200

static void *writer(void *arg)
{
    const char *source = arg;
    struct db *db = NULL;
    if (db_open(dbpath, &db) != TW_OK)
        return (void *)1;
    intptr_t errors = 0;
    char ext[32];
    for (int i = 0; i < WRITER_ARTICLES; i++) {
        snprintf(ext, sizeof ext, "w%d", i);
        struct article_in in = article(source, ext, "Concurrent body.");
        int64_t id;
        enum submit_outcome o;
        if (db_article_submit(db, &in, 0, &id, &o) != TW_OK || o != SUBMIT_CREATED)
            errors++;
    }
    db_close(db);
    return (void *)errors;
}

START_TEST(test_concurrent_writers)
{
    tmp_setup();
    struct db *db = open_migrated(dbpath);
    pthread_t t1, t2;
    ck_assert_int_eq(pthread_create(&t1, NULL, writer, "one"), 0);
    ck_assert_int_eq(pthread_create(&t2, NULL, writer, "two"), 0);
    void *r1, *r2;
    pthread_join(t1, &r1);
    pthread_join(t2, &r2);
    ck_assert_ptr_null(r1);
    ck_assert_ptr_null(r2);
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM articles"), 2 * WRITER_ARTICLES);
    int64_t depth = 0;
    ck_assert_int_eq(db_job_depth(db, &depth), TW_OK);
    ck_assert_int_eq(depth, 2 * WRITER_ARTICLES);
    db_close(db);
    tmp_teardown();
}
END_TEST

START_TEST(test_pool_lends_each_connection_once)
{
    tmp_setup();
    struct db *db = open_migrated(dbpath);
    struct db_pool *pool = NULL;
    ck_assert_int_eq(db_pool_new(dbpath, 2, &pool), TW_OK);
    struct db *c1 = db_pool_acquire(pool), *c2 = db_pool_acquire(pool);
    ck_assert_ptr_ne(c1, c2);
    ck_assert_int_eq(db_ping(c1), TW_OK);
    struct article_in in = article("pool", "p1", "Body.");
    int64_t id;
    enum submit_outcome o;
    ck_assert_int_eq(db_article_submit(c2, &in, 0, &id, &o), TW_OK);
    struct article a;
    ck_assert_int_eq(db_article_get(c1, id, &a), TW_OK); /* another connection sees it */
    db_article_cleanup(&a);
    db_pool_release(pool, c1);
    ck_assert_ptr_eq(db_pool_acquire(pool), c1);
    db_pool_release(pool, c1);
    db_pool_release(pool, c2);
    db_pool_free(pool);
    db_close(db);
    tmp_teardown();
}
END_TEST

START_TEST(test_actor_normalize)
{
    struct buf b;
    buf_init(&b);
    db_actor_normalize("U.S.", &b);
    ck_assert_str_eq(b.data, "us");
    db_actor_normalize("  People's Bank of   China ", &b);
    ck_assert_str_eq(b.data, "peoples bank of china");
    db_actor_normalize("Xi\xE2\x80\x99s  Office-Holder", &b);
    ck_assert_str_eq(b.data, "xis office holder");
    db_actor_normalize("Bundesministerium f\xC3\xBCr Wirtschaft", &b);
    ck_assert_str_eq(b.data, "bundesministerium f\xC3\xBCr wirtschaft");
    db_actor_normalize("", &b);
    ck_assert_str_eq(b.data, "");
    buf_cleanup(&b);
}
END_TEST

START_TEST(test_status_names)
{
    enum article_status s;
    for (int i = ARTICLE_QUEUED; i <= ARTICLE_FAILED; i++) {
        ck_assert_int_eq(article_status_parse(article_status_name(i), &s), TW_OK);
        ck_assert_int_eq(s, i);
    }
    ck_assert_int_eq(article_status_parse("finished", &s), TW_EINVAL);
    ck_assert_int_eq(article_status_parse(NULL, &s), TW_EINVAL);
}
END_TEST

/* Migrations log at info; the suite's output stays the Check summary. */
static void quiet(void)
{
    log_set_level(LOG_WARN);
}

Suite *db_suite(void)
{
    Suite *s = suite_create("db");
    TCase *tc = tcase_create("schema");
    tcase_add_test(tc, test_migrate_sets_version_and_is_idempotent);
    tcase_add_test(tc, test_file_database_uses_wal);
    tcase_add_test(tc, test_list_uses_indexes);
    tcase_add_test(tc, test_status_names);
    tcase_add_checked_fixture(tc, quiet, NULL);
    suite_add_tcase(s, tc);

    tc = tcase_create("articles");
    tcase_add_test(tc, test_submit_dedup_and_update);
    tcase_add_test(tc, test_get_fields_and_not_found);
    tcase_add_test(tc, test_list_filters_and_cursor);
    tcase_add_test(tc, test_delete_cascades);
    tcase_add_test(tc, test_queue_bound);
    tcase_add_checked_fixture(tc, quiet, NULL);
    suite_add_tcase(s, tc);

    tc = tcase_create("jobs");
    tcase_add_test(tc, test_claim_fail_retry_then_failed);
    tcase_add_test(tc, test_claim_batches_oldest_first_and_release);
    tcase_add_test(tc, test_requeue_stale_after_crash);
    tcase_add_test(tc, test_update_clears_annotations_and_stale_job_is_dropped);
    tcase_add_test(tc, test_job_ids_are_not_reused);
    tcase_add_checked_fixture(tc, quiet, NULL);
    suite_add_tcase(s, tc);

    tc = tcase_create("annotations");
    tcase_add_test(tc, test_complete_stores_annotations_and_merges_actors);
    tcase_add_test(tc, test_actor_normalize);
    tcase_add_checked_fixture(tc, quiet, NULL);
    suite_add_tcase(s, tc);

    tc = tcase_create("concurrency");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_concurrent_writers);
    tcase_add_test(tc, test_pool_lends_each_connection_once);
    tcase_add_checked_fixture(tc, quiet, NULL);
    suite_add_tcase(s, tc);
    return s;
}
