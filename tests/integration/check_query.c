/* check_query.c - the query endpoints of the dashboards issue (/v1/actors, /v1/actors/{id},
 * /v1/claims, /v1/tariffs, /v1/tariffs/summary, /v1/search) against a live server holding four
 * annotated articles written for this test: every filter, paging, conditional GETs and every
 * kind of bad input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "integration.h"
#include "mem.h"

/* Four wire stories, three with a publication date in 2026 and one without (its date is then
 * its receipt, the newest). */
static const char *const stories[] = {
    "{\"title\":\"US raises steel tariffs\",\"published_at\":\"2026-03-03T14:05:00Z\","
    "\"source\":\"q\",\"external_id\":\"q1\",\"body\":\"WASHINGTON, March 3 - The United States "
    "will raise tariffs on Chinese steel to 25 percent from 10 percent, Commerce Secretary Jane "
    "Doe said on Tuesday. \\\"We will not stand by,\\\" she told reporters.\"}",
    "{\"title\":\"EU answers with motorcycle duty\",\"published_at\":\"2026-04-10T09:00:00Z\","
    "\"source\":\"q\",\"external_id\":\"q2\",\"body\":\"BRUSSELS, April 10 - The European Union "
    "will impose a 15 percent tariff on American motorcycles, Trade Commissioner Karl Weber said "
    "on Friday. \\\"This is a measured response,\\\" Weber said.\"}",
    "{\"title\":\"Canada cuts lumber duty\",\"published_at\":\"2026-05-05T16:30:00Z\","
    "\"source\":\"q\",\"external_id\":\"q3\",\"body\":\"OTTAWA, May 5 - Canada will cut its duty "
    "on U.S. lumber to 5 percent, Trade Minister Ann Lee said on Monday. China said it would "
    "suspend its 20 percent tariff on Canadian canola.\"}",
    "{\"title\":\"Japan keeps rice tariff\",\"source\":\"q\",\"external_id\":\"q4\",\"body\":"
    "\"TOKYO - Japan will keep its 40 percent tariff on rice, the farm ministry said in a "
    "statement.\"}",
};
static int64_t article_ids[4];

static void query_setup(void)
{
    server_setup();
    for (int i = 0; i < 4; i++)
        article_ids[i] = post_done(stories[i]);
    /* Each test runs in a child process: none may inherit this process's connection. */
    tw_http_reset();
}

/* GETs path, asserts a 200 with a JSON body, returns it. */
static json_t *get_ok(const char *path)
{
    struct tw_resp r;
    req("GET", path, NULL, &r);
    ck_assert_msg(r.status == 200, "GET %s answered %ld: %.300s", path, r.status, r.body);
    json_t *doc = body_json(&r);
    tw_resp_cleanup(&r);
    return doc;
}

/* The items of a page, asserting the page shape. Borrowed from doc. */
static const json_t *items_of(const json_t *doc)
{
    const json_t *items = json_object_get(doc, "items");
    ck_assert(json_is_array(items));
    const json_t *next = json_object_get(doc, "next_cursor");
    ck_assert(next != NULL && (json_is_null(next) || json_is_string(next)));
    return items;
}

static size_t count_of(const char *path)
{
    json_t *doc = get_ok(path);
    size_t n = json_array_size(items_of(doc));
    json_decref(doc);
    return n;
}

static const char *str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static json_int_t num(const json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

/* The id of the actor called name in /v1/actors (asserts there is one). */
static int64_t actor_id(const char *name)
{
    json_t *doc = get_ok("/v1/actors?limit=500");
    const json_t *items = items_of(doc);
    int64_t id = 0;
    for (size_t i = 0; i < json_array_size(items); i++) {
        if (strcmp(str(json_array_get(items, i), "name"), name) == 0)
            id = num(json_array_get(items, i), "id");
    }
    json_decref(doc);
    ck_assert_msg(id > 0, "no actor %s", name);
    return id;
}

/* Walks every page of path (which has a query string) limit at a time and returns all items
 * in one array, asserting no id comes twice. */
static json_t *walk(const char *path, int limit, const char *id_key)
{
    json_t *all = json_array();
    char *cursor = NULL;
    for (int page = 0; page < 100; page++) {
        char *p = cursor == NULL ? xasprintf("%s&limit=%d", path, limit)
                                 : xasprintf("%s&limit=%d&cursor=%s", path, limit, cursor);
        json_t *doc = get_ok(p);
        free(p);
        const json_t *items = items_of(doc);
        ck_assert_int_le(json_array_size(items), limit);
        for (size_t i = 0; i < json_array_size(items); i++) {
            const json_t *it = json_array_get(items, i);
            if (id_key != NULL) {
                for (size_t k = 0; k < json_array_size(all); k++)
                    ck_assert_msg(num(json_array_get(all, k), id_key) != num(it, id_key),
                                  "%s %lld twice while paging %s", id_key,
                                  (long long)num(it, id_key), path);
            }
            json_array_append(all, (json_t *)(uintptr_t)it);
        }
        free(cursor);
        cursor = NULL;
        const json_t *next = json_object_get(doc, "next_cursor");
        if (json_is_string(next))
            cursor = xstrdup(json_string_value(next));
        json_decref(doc);
        if (cursor == NULL)
            break;
    }
    ck_assert_ptr_null(cursor);
    return all;
}

START_TEST(test_claims)
{
    json_t *doc = get_ok("/v1/claims");
    const json_t *items = items_of(doc);
    ck_assert_uint_ge(json_array_size(items), 6);
    /* Newest article first. */
    const char *last = "9999";
    for (size_t i = 0; i < json_array_size(items); i++) {
        const json_t *c = json_array_get(items, i);
        const char *date = str(json_object_get(c, "article"), "date");
        ck_assert_msg(strcmp(date, last) <= 0, "claims out of order: %s after %s", date, last);
        last = date;
        ck_assert(json_is_boolean(json_object_get(c, "direct")));
        ck_assert_int_lt(num(c, "start"), num(c, "end"));
    }
    json_decref(doc);

    int64_t jane = actor_id("Jane Doe");
    char path[128];
    snprintf(path, sizeof path, "/v1/claims?speaker=%lld", (long long)jane);
    doc = get_ok(path);
    items = items_of(doc);
    ck_assert_uint_eq(json_array_size(items), 2);
    for (size_t i = 0; i < 2; i++) {
        const json_t *sp = json_object_get(json_array_get(items, i), "speaker");
        ck_assert_int_eq(num(sp, "id"), jane);
        ck_assert_str_eq(str(sp, "name"), "Jane Doe");
        ck_assert_str_eq(str(sp, "type"), "person");
    }
    json_decref(doc);
    ck_assert_uint_eq(count_of("/v1/claims?speaker=jane%20doe"), 2);
    ck_assert_uint_eq(count_of("/v1/claims?speaker=Nobody%20Atall"), 0);

    doc = get_ok("/v1/claims?direct=true");
    items = items_of(doc);
    ck_assert_uint_ge(json_array_size(items), 2);
    for (size_t i = 0; i < json_array_size(items); i++)
        ck_assert(json_is_true(json_object_get(json_array_get(items, i), "direct")));
    json_decref(doc);
    ck_assert_uint_ge(count_of("/v1/claims?direct=false"), 3);

    snprintf(path, sizeof path, "/v1/claims?article=%lld", (long long)article_ids[1]);
    doc = get_ok(path);
    items = items_of(doc);
    ck_assert_uint_eq(json_array_size(items), 2);
    for (size_t i = 0; i < 2; i++)
        ck_assert_int_eq(num(json_object_get(json_array_get(items, i), "article"), "id"),
                         article_ids[1]);
    json_decref(doc);

    doc = get_ok("/v1/claims?q=stand");
    items = items_of(doc);
    ck_assert_uint_eq(json_array_size(items), 1);
    ck_assert(strstr(str(json_array_get(items, 0), "text"), "stand by") != NULL);
    json_decref(doc);
    ck_assert_uint_ge(count_of("/v1/claims?q=tariff*"), 2);
    ck_assert_uint_eq(count_of("/v1/claims?q=%22measured%20response%22"), 1);
    ck_assert_uint_eq(
        count_of("/v1/claims?since=2026-04-01T00:00:00Z&until=2026-05-01T00:00:00%2B00:00"), 2);
    ck_assert_uint_eq(count_of("/v1/claims?until=2026-01-01T00:00:00Z"), 0);

    json_t *all = walk("/v1/claims?direct=false", 1, "id");
    ck_assert_uint_eq(json_array_size(all), count_of("/v1/claims?direct=false"));
    json_decref(all);
}
END_TEST

START_TEST(test_tariffs)
{
    json_t *doc = get_ok("/v1/tariffs?imposer=US");
    const json_t *items = items_of(doc);
    ck_assert_uint_eq(json_array_size(items), 2);
    for (size_t i = 0; i < 2; i++) {
        const json_t *t = json_array_get(items, i);
        ck_assert_str_eq(str(t, "imposer"), "US");
        ck_assert_str_eq(str(t, "target"), "CN");
        ck_assert(strstr(str(t, "sentence"), str(t, "text")) != NULL);
        const json_t *a = json_object_get(t, "article");
        ck_assert_int_eq(num(a, "id"), article_ids[0]);
        ck_assert_str_eq(str(a, "title"), "US raises steel tariffs");
        ck_assert(strncmp(str(a, "date"), "2026-03-03T14:05:00", 19) == 0);
    }
    json_decref(doc);

    doc = get_ok("/v1/tariffs?product=steel");
    items = items_of(doc);
    ck_assert_uint_eq(json_array_size(items), 1);
    const json_t *t = json_array_get(items, 0);
    ck_assert(json_number_value(json_object_get(t, "value")) == 25.0);
    ck_assert_str_eq(str(t, "change"), "raise");
    ck_assert_str_eq(str(t, "unit"), "percent");
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(t, "products"), 0)),
                     "steel");
    json_decref(doc);

    doc = get_ok("/v1/tariffs?target=*");
    items = items_of(doc);
    ck_assert_uint_eq(json_array_size(items), 1);
    ck_assert_str_eq(str(json_array_get(items, 0), "imposer"), "JP");
    json_decref(doc);

    ck_assert_uint_eq(count_of("/v1/tariffs?target=US"), 2);
    ck_assert_uint_eq(count_of("/v1/tariffs?imposer=EU"), 1);
    ck_assert_uint_eq(count_of("/v1/tariffs?change=suspend"), 1);
    ck_assert_uint_eq(count_of("/v1/tariffs?min_value=15&max_value=25"), 3);
    ck_assert_uint_eq(count_of("/v1/tariffs?min_value=15.5&max_value=20"), 1);
    ck_assert_uint_eq(count_of("/v1/tariffs?max_value=5"), 1);
    ck_assert_uint_eq(count_of("/v1/tariffs?kind=rate&unit=percent"), 6);
    ck_assert_uint_eq(count_of("/v1/tariffs?kind=covered_value"), 0);
    ck_assert_uint_eq(count_of("/v1/tariffs?unit=USD"), 0);
    ck_assert_uint_eq(count_of("/v1/tariffs?since=2026-04-01T00:00:00Z&until=2026-06-01T00:00:00Z"),
                      3);
    ck_assert_uint_eq(count_of("/v1/tariffs?imposer=US&change=raise"), 1);

    json_t *all = walk("/v1/tariffs?unit=percent", 2, "id");
    ck_assert_uint_eq(json_array_size(all), 6);
    json_decref(all);
}
END_TEST

/* The row of rows whose key equals value (asserts exactly one). */
static const json_t *row_with(const json_t *rows, const char *key, const char *value)
{
    const json_t *found = NULL;
    for (size_t i = 0; i < json_array_size(rows); i++) {
        const json_t *r = json_array_get(rows, i);
        const json_t *v = json_object_get(r, key);
        bool match = value == NULL ? json_is_null(v) : (json_is_string(v) &&
                                                        strcmp(json_string_value(v), value) == 0);
        if (match) {
            ck_assert_msg(found == NULL, "two rows with %s=%s", key, value);
            found = r;
        }
    }
    ck_assert_msg(found != NULL, "no row with %s=%s", key, value ? value : "null");
    return found;
}

START_TEST(test_tariff_summary)
{
    json_t *doc = get_ok("/v1/tariffs/summary?group_by=imposer");
    const json_t *rows = items_of(doc);
    ck_assert_uint_eq(json_array_size(rows), 5);
    const json_t *us = row_with(rows, "imposer", "US");
    ck_assert_int_eq(num(us, "count"), 2);
    ck_assert_int_eq(num(us, "min"), 10);
    ck_assert_int_eq(num(us, "max"), 25);
    ck_assert_str_eq(str(us, "unit"), "percent");
    ck_assert(strncmp(str(us, "latest_at"), "2026-03-03", 10) == 0);
    /* Only the keys asked for, plus unit. */
    ck_assert_ptr_null(json_object_get(us, "target"));
    ck_assert_ptr_null(json_object_get(us, "month"));
    json_decref(doc);

    doc = get_ok("/v1/tariffs/summary");
    rows = items_of(doc);
    for (size_t i = 0; i < json_array_size(rows); i++) {
        const json_t *r = json_array_get(rows, i);
        ck_assert_ptr_nonnull(json_object_get(r, "imposer"));
        ck_assert_ptr_nonnull(json_object_get(r, "target"));
        ck_assert_ptr_nonnull(json_object_get(r, "month"));
    }
    json_decref(doc);

    doc = get_ok("/v1/tariffs/summary?group_by=month&until=2026-12-31T00:00:00Z");
    rows = items_of(doc);
    ck_assert_int_eq(num(row_with(rows, "month", "2026-03"), "count"), 2);
    ck_assert_int_eq(num(row_with(rows, "month", "2026-04"), "count"), 1);
    ck_assert_int_eq(num(row_with(rows, "month", "2026-05"), "count"), 2);
    /* Time keys ascending. */
    const char *prev = "";
    for (size_t i = 0; i < json_array_size(rows); i++) {
        const char *m = str(json_array_get(rows, i), "month");
        ck_assert_int_lt(strcmp(prev, m), 0);
        prev = m;
    }
    json_decref(doc);

    doc = get_ok("/v1/tariffs/summary?group_by=product");
    rows = items_of(doc);
    ck_assert_int_eq(num(row_with(rows, "product", "canola"), "max"), 20);
    ck_assert_int_eq(num(row_with(rows, "product", NULL), "count"), 1); /* the 10 percent */
    json_decref(doc);

    doc = get_ok("/v1/tariffs/summary?group_by=change,week&imposer=US");
    rows = items_of(doc);
    const json_t *raise = row_with(rows, "change", "raise");
    ck_assert_str_eq(str(raise, "week"), "2026-W10");
    json_decref(doc);

    doc = get_ok("/v1/tariffs/summary?group_by=day&kind=covered_value");
    ck_assert_uint_eq(json_array_size(items_of(doc)), 0);
    json_decref(doc);

    json_t *all = walk("/v1/tariffs/summary?group_by=imposer,target", 2, NULL);
    ck_assert_uint_eq(json_array_size(all), 5);
    json_decref(all);
}
END_TEST

START_TEST(test_actors)
{
    json_t *doc = get_ok("/v1/actors");
    const json_t *items = items_of(doc);
    const json_t *first = json_array_get(items, 0);
    ck_assert_str_eq(str(first, "name"), "United States");
    ck_assert_str_eq(str(first, "type"), "country");
    ck_assert_str_eq(str(first, "country"), "US");
    ck_assert_int_eq(num(first, "articles"), 3);
    ck_assert_int_ge(num(first, "mentions"), 3);
    ck_assert(strncmp(str(first, "first_seen"), "2026-03-03", 10) == 0);
    ck_assert(strncmp(str(first, "last_seen"), "2026-05-05", 10) == 0);
    json_int_t prev = num(first, "articles");
    for (size_t i = 1; i < json_array_size(items); i++) {
        ck_assert_int_le(num(json_array_get(items, i), "articles"), prev);
        prev = num(json_array_get(items, i), "articles");
    }
    json_decref(doc);

    doc = get_ok("/v1/actors?type=person");
    items = items_of(doc);
    ck_assert_uint_eq(json_array_size(items), 3);
    json_int_t claims = 0;
    for (size_t i = 0; i < 3; i++) {
        ck_assert_str_eq(str(json_array_get(items, i), "type"), "person");
        ck_assert_int_ge(num(json_array_get(items, i), "claims"), 1);
        claims += num(json_array_get(items, i), "claims");
    }
    ck_assert_int_eq(claims, 5); /* Jane Doe 2, Karl Weber 2, Ann Lee 1 */
    json_decref(doc);

    doc = get_ok("/v1/actors?q=jan");
    items = items_of(doc);
    ck_assert_uint_eq(json_array_size(items), 1);
    ck_assert_str_eq(str(json_array_get(items, 0), "name"), "Jane Doe");
    json_decref(doc);
    ck_assert_uint_eq(count_of("/v1/actors?q=ja"), 2); /* Jane Doe, Japan */
    ck_assert_uint_eq(count_of("/v1/actors?country=JP"), 1);
    ck_assert_uint_eq(count_of("/v1/actors?q=zz"), 0);

    doc = get_ok("/v1/actors?sort=name&type=country");
    items = items_of(doc);
    const char *prev_name = "";
    for (size_t i = 0; i < json_array_size(items); i++) {
        const char *n = str(json_array_get(items, i), "name");
        ck_assert_msg(strcasecmp(prev_name, n) <= 0, "%s before %s", prev_name, n);
        prev_name = n;
    }
    json_decref(doc);

    doc = get_ok("/v1/actors?sort=recent");
    ck_assert_str_eq(str(json_array_get(items_of(doc), 0), "name"), "Japan");
    json_decref(doc);

    /* A window counts only its articles. */
    doc = get_ok("/v1/actors?since=2026-04-01T00:00:00Z&until=2026-05-01T00:00:00Z");
    items = items_of(doc);
    ck_assert_uint_eq(json_array_size(items), 3); /* EU, US, Karl Weber */
    for (size_t i = 0; i < 3; i++)
        ck_assert_int_eq(num(json_array_get(items, i), "articles"), 1);
    json_decref(doc);

    json_t *all = walk("/v1/actors?sort=articles", 2, "id");
    ck_assert_uint_eq(json_array_size(all), count_of("/v1/actors?limit=500"));
    json_decref(all);
    all = walk("/v1/actors?sort=name", 3, "id");
    ck_assert_uint_eq(json_array_size(all), count_of("/v1/actors?limit=500"));
    json_decref(all);
}
END_TEST

START_TEST(test_actor_detail)
{
    char path[64];
    snprintf(path, sizeof path, "/v1/actors/%lld", (long long)actor_id("United States"));
    json_t *doc = get_ok(path);
    ck_assert_str_eq(str(doc, "name"), "United States");
    ck_assert_int_eq(num(doc, "articles"), 3);
    ck_assert(json_array_size(json_object_get(doc, "aliases")) >= 1);
    const json_t *co = json_object_get(doc, "co_actors");
    ck_assert_uint_ge(json_array_size(co), 3);
    const json_t *tariffs = json_object_get(doc, "tariffs");
    ck_assert_uint_eq(json_array_size(tariffs), 4); /* imposer of 2, target of 2 */
    for (size_t i = 0; i < 4; i++) {
        const json_t *t = json_array_get(tariffs, i);
        ck_assert(strcmp(str(t, "imposer"), "US") == 0 || strcmp(str(t, "target"), "US") == 0);
    }
    ck_assert(json_is_array(json_object_get(doc, "recent_claims")));
    ck_assert(json_is_array(json_object_get(doc, "roles")));
    json_decref(doc);
    assert_revalidates(path);

    snprintf(path, sizeof path, "/v1/actors/%lld", (long long)actor_id("Jane Doe"));
    doc = get_ok(path);
    ck_assert_uint_eq(json_array_size(json_object_get(doc, "recent_claims")), 2);
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(doc, "roles"), 0)),
                     "Commerce Secretary");
    ck_assert_uint_eq(json_array_size(json_object_get(doc, "tariffs")), 0);
    json_decref(doc);

    static const char *const missing[] = {"/v1/actors/999999", "/v1/actors/0", "/v1/actors/abc",
                                          "/v1/actors/-4", "/v1/actors/99999999999999999999"};
    for (size_t i = 0; i < sizeof missing / sizeof *missing; i++) {
        struct tw_resp r;
        req("GET", missing[i], NULL, &r);
        assert_problem(&r, 404, "actor");
        tw_resp_cleanup(&r);
    }
}
END_TEST

/* Code point offset off into UTF-8 s, as a byte offset. */
static size_t byte_at(const char *s, long off)
{
    size_t b = 0;
    for (long cp = 0; cp < off && s[b] != '\0'; cp++) {
        b++;
        while (((unsigned char)s[b] & 0xC0) == 0x80)
            b++;
    }
    return b;
}

START_TEST(test_search)
{
    json_t *doc = get_ok("/v1/search?q=steel");
    const json_t *items = items_of(doc);
    ck_assert_uint_ge(json_array_size(items), 2);
    bool title = false;
    double prev = 1e300;
    for (size_t i = 0; i < json_array_size(items); i++) {
        const json_t *h = json_array_get(items, i);
        const char *kind = str(h, "kind");
        if (strcmp(kind, "title") == 0)
            title = true;
        ck_assert_int_eq(num(json_object_get(h, "article"), "id"), article_ids[0]);
        double rank = json_number_value(json_object_get(h, "rank"));
        ck_assert(rank <= prev);
        prev = rank;
        const char *snip = str(h, "snippet");
        const json_t *hl = json_object_get(h, "highlights");
        ck_assert_uint_ge(json_array_size(hl), 1);
        for (size_t k = 0; k < json_array_size(hl); k++) {
            const json_t *x = json_array_get(hl, k);
            size_t a = byte_at(snip, num(x, "start")), b = byte_at(snip, num(x, "end"));
            ck_assert_msg(b - a == 5 && strncasecmp(snip + a, "steel", 5) == 0,
                          "highlight [%lld,%lld) of '%s'", (long long)num(x, "start"),
                          (long long)num(x, "end"), snip);
        }
        ck_assert(json_is_null(json_object_get(h, "claim_id")) == (strcmp(kind, "claim") != 0));
    }
    ck_assert(title);
    json_decref(doc);

    doc = get_ok("/v1/search?q=%22measured%20response%22&kind=claim");
    items = items_of(doc);
    ck_assert_uint_eq(json_array_size(items), 1);
    ck_assert(json_integer_value(json_object_get(json_array_get(items, 0), "claim_id")) > 0);
    json_decref(doc);
    ck_assert_uint_eq(count_of("/v1/search?q=motor*&kind=body"), 1);
    ck_assert_uint_eq(count_of("/v1/search?q=rice%20OR%20lumber&kind=title"), 2);
    ck_assert_uint_eq(count_of("/v1/search?q=steel%20AND%20rice"), 0);
    ck_assert_uint_eq(count_of("/v1/search?q=steel%20NOT%20motorcycles&kind=body"), 1);
    ck_assert_uint_eq(count_of("/v1/search?q=tariff&since=2026-05-01T00:00:00Z&kind=title"), 1);

    json_t *all = walk("/v1/search?q=tariff*", 2, NULL);
    ck_assert_uint_ge(json_array_size(all), 4);
    json_decref(all);
}
END_TEST

START_TEST(test_conditional_gets)
{
    static const char *const paths[] = {
        "/v1/actors", "/v1/actors?type=country&sort=name", "/v1/claims", "/v1/claims?q=stand",
        "/v1/tariffs", "/v1/tariffs?imposer=US", "/v1/tariffs/summary",
        "/v1/tariffs/summary?group_by=product", "/v1/search?q=tariff",
    };
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++)
        assert_revalidates(paths[i]);
}
END_TEST

START_TEST(test_bad_inputs)
{
    char long_q[700], long_path[800];
    memset(long_q, 'a', 600);
    long_q[600] = '\0';
    snprintf(long_path, sizeof long_path, "/v1/search?q=%s", long_q);
    const char *cases[][2] = {
        {"/v1/actors?limit=0", "limit"},
        {"/v1/actors?limit=100000", "limit"},
        {"/v1/claims?limit=-1", "limit"},
        {"/v1/tariffs?limit=abc", "limit"},
        {"/v1/actors?cursor=%25%25%25", "cursor"},
        {"/v1/actors?cursor=bm9wZQ", "cursor"},
        {"/v1/claims?cursor=bm9wZQ", "cursor"},
        {"/v1/tariffs?cursor=AAAA", "cursor"},
        {"/v1/tariffs/summary?cursor=bm9wZQ", "cursor"},
        {"/v1/search?q=steel&cursor=bm9wZQ", "cursor"},
        {"/v1/actors?type=robot", "type"},
        {"/v1/actors?country=usa", "country"},
        {"/v1/actors?sort=size", "sort"},
        {"/v1/actors?since=yesterday", "since"},
        {"/v1/actors?until=2026-02-30T00:00:00Z", "until"},
        {"/v1/actors?q=", "q"},
        {"/v1/claims?speaker=", "speaker"},
        {"/v1/claims?article=-1", "article"},
        {"/v1/claims?article=abc", "article"},
        {"/v1/claims?direct=maybe", "direct"},
        {"/v1/claims?q=%22unclosed", "q"},
        {"/v1/claims?since=2026-03-01", "since"},
        {"/v1/tariffs?imposer=us", "imposer"},
        {"/v1/tariffs?target=XYZ", "target"},
        {"/v1/tariffs?kind=duty", "kind"},
        {"/v1/tariffs?change=double", "change"},
        {"/v1/tariffs?unit=dollars", "unit"},
        {"/v1/tariffs?min_value=-5", "min_value"},
        {"/v1/tariffs?max_value=abc", "max_value"},
        {"/v1/tariffs?min_value=1e3", "min_value"},
        {"/v1/tariffs?min_value=30&max_value=10", "min_value"},
        {"/v1/tariffs/summary?group_by=color", "group_by"},
        {"/v1/tariffs/summary?group_by=day,month", "group_by"},
        {"/v1/tariffs/summary?group_by=imposer,imposer", "group_by"},
        {"/v1/tariffs/summary?group_by=", "group_by"},
        {"/v1/tariffs/summary?min_value=-1", "min_value"},
        {"/v1/search", "q"},
        {"/v1/search?q=", "q"},
        {"/v1/search?q=%22steel", "q"},
        {"/v1/search?q=AND", "q"},
        {"/v1/search?q=steel%20OR", "q"},
        {"/v1/search?q=(steel", "q"},
        {"/v1/search?q=steel&kind=video", "kind"},
        {"/v1/search?q=caf%FF", "q"},
        {long_path, "q"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct tw_resp r;
        req("GET", cases[i][0], NULL, &r);
        ck_assert_msg(r.status == 400, "GET %.80s answered %ld: %.300s", cases[i][0], r.status,
                      r.body);
        assert_problem(&r, 400, cases[i][1]);
        tw_resp_cleanup(&r);
    }
    /* A cursor is tied to its endpoint: one from /v1/claims is refused by /v1/tariffs. */
    json_t *doc = get_ok("/v1/claims?limit=1");
    const char *cur = str(doc, "next_cursor");
    ck_assert_ptr_nonnull(cur);
    char path[600];
    snprintf(path, sizeof path, "/v1/tariffs?cursor=%s", cur);
    struct tw_resp r;
    req("GET", path, NULL, &r);
    assert_problem(&r, 400, "cursor");
    tw_resp_cleanup(&r);
    snprintf(path, sizeof path, "/v1/actors?cursor=%s", cur);
    req("GET", path, NULL, &r);
    assert_problem(&r, 400, "cursor");
    tw_resp_cleanup(&r);
    json_decref(doc);
    /* Wrong methods. */
    req("POST", "/v1/tariffs", NULL, &r);
    assert_problem(&r, 405, NULL);
    assert_header(&r, "Allow", "GET");
    tw_resp_cleanup(&r);
    req("DELETE", "/v1/actors/1", NULL, &r);
    assert_problem(&r, 405, NULL);
    tw_resp_cleanup(&r);
}
END_TEST

static void query_teardown(void)
{
    server_teardown();
}

Suite *query_suite(void)
{
    Suite *s = suite_create("query");
    TCase *tc = tcase_create("endpoints");
    /* One server with the four articles for the whole case: the tests only read. */
    tcase_add_unchecked_fixture(tc, query_setup, query_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_claims);
    tcase_add_test(tc, test_tariffs);
    tcase_add_test(tc, test_tariff_summary);
    tcase_add_test(tc, test_actors);
    tcase_add_test(tc, test_actor_detail);
    tcase_add_test(tc, test_search);
    tcase_add_test(tc, test_conditional_gets);
    tcase_add_test(tc, test_bad_inputs);
    suite_add_tcase(s, tc);
    return s;
}
