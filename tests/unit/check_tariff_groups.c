/* tariff_groups.h: grouping figures by their key texts, count/min/max/latest, paging in
 * key order after a cursor, and ISO weeks at year boundaries. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "suites.h"

#include "tariff_groups.h"

static void add(struct tariff_groups *g, const char *imposer, const char *month, int64_t v,
                const char *date, int64_t id)
{
    const char *key[TARIFF_GROUPS_KEYS] = {imposer, "", "", "", month, "percent"};
    tariff_groups_add(g, key, v, date, id);
}

START_TEST(test_counts_and_latest)
{
    struct tariff_groups *g = tariff_groups_new();
    add(g, "US", "2026-03", 25, "2026-03-02T10:00:00.000Z", 7);
    add(g, "US", "2026-03", 10, "2026-03-20T10:00:00.000Z", 3);
    /* same date: the larger id is the later figure */
    add(g, "US", "2026-03", 40, "2026-03-20T10:00:00.000Z", 9);
    add(g, "US", "2026-03", 5, "2026-03-20T10:00:00.000Z", 8);
    add(g, "CN", "2026-03", 15, "2026-03-15T07:30:00.000Z", 2);
    add(g, "", "2026-03", 1, "2026-03-01T00:00:00.000Z", 1);
    ck_assert_uint_eq(tariff_groups_count(g), 3);

    const int order[] = {0, 4, -1, 5};
    const struct tariff_group *const *rows;
    size_t n = tariff_groups_page(g, order, 4, NULL, 10, &rows);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(rows[0]->key[0], ""); /* a missing key sorts first */
    ck_assert_str_eq(rows[1]->key[0], "CN");
    const struct tariff_group *us = rows[2];
    ck_assert_str_eq(us->key[0], "US");
    ck_assert_int_eq(us->count, 4);
    ck_assert_int_eq(us->min, 5);
    ck_assert_int_eq(us->max, 40);
    ck_assert_int_eq(us->latest_value, 40);
    ck_assert_int_eq(us->latest_id, 9);
    ck_assert_str_eq(us->latest_date, "2026-03-20T10:00:00.000Z");
    tariff_groups_free(g);
    tariff_groups_free(NULL);
}
END_TEST

START_TEST(test_keys_are_exact)
{
    /* Texts that would run together if the keys were joined without a separator. */
    struct tariff_groups *g = tariff_groups_new();
    const char *a[TARIFF_GROUPS_KEYS] = {"ab", "c", "", "", "", "USD"};
    const char *b[TARIFF_GROUPS_KEYS] = {"a", "bc", "", "", "", "USD"};
    const char *c[TARIFF_GROUPS_KEYS] = {"a", "bc", "", "", "", "percent"};
    tariff_groups_add(g, a, 1, "2026-01-01", 1);
    tariff_groups_add(g, b, 2, "2026-01-01", 2);
    tariff_groups_add(g, c, 3, "2026-01-01", 3);
    tariff_groups_add(g, b, 4, "2026-01-01", 4);
    ck_assert_uint_eq(tariff_groups_count(g), 3);
    const int order[] = {0, 1, 5};
    const struct tariff_group *const *rows;
    ck_assert_uint_eq(tariff_groups_page(g, order, 3, NULL, 10, &rows), 3);
    ck_assert_str_eq(rows[0]->key[1], "bc");
    ck_assert_str_eq(rows[0]->key[5], "USD"); /* byte order: upper case first */
    ck_assert_int_eq(rows[0]->count, 2);
    ck_assert_str_eq(rows[1]->key[5], "percent");
    ck_assert_str_eq(rows[2]->key[0], "ab");
    tariff_groups_free(g);
}
END_TEST

START_TEST(test_many_groups_and_paging)
{
    /* Enough groups to grow the table several times; none may be lost. */
    struct tariff_groups *g = tariff_groups_new();
    char name[16];
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 5000; i++) {
            snprintf(name, sizeof name, "k%05d", (i * 7919) % 5000);
            const char *key[TARIFF_GROUPS_KEYS] = {name, "", "", "", "", "percent"};
            tariff_groups_add(g, key, round * 10 + i % 3, "2026-01-01", round);
        }
    }
    ck_assert_uint_eq(tariff_groups_count(g), 5000);

    const int order[] = {0, -1, 5};
    const struct tariff_group *const *rows;
    size_t n = tariff_groups_page(g, order, 3, NULL, 100000, &rows);
    ck_assert_uint_eq(n, 5000);
    for (size_t i = 0; i < n; i++) {
        snprintf(name, sizeof name, "k%05zu", i);
        ck_assert_str_eq(rows[i]->key[0], name);
        ck_assert_int_eq(rows[i]->count, 3);
        ck_assert_int_eq(rows[i]->latest_id, 2);
        ck_assert_int_eq(rows[i]->max - rows[i]->min, 20);
    }

    /* Pages of 7 after each last tuple: every group once, in order. */
    char last[16] = "";
    const char *after[3] = {last, "", "percent"};
    size_t seen = 0;
    bool first = true;
    for (;;) {
        n = tariff_groups_page(g, order, 3, first ? NULL : after, 7, &rows);
        for (size_t i = 0; i < n; i++, seen++) {
            snprintf(name, sizeof name, "k%05zu", seen);
            ck_assert_str_eq(rows[i]->key[0], name);
        }
        if (n < 7)
            break;
        snprintf(last, sizeof last, "%s", rows[n - 1]->key[0]);
        first = false;
    }
    ck_assert_uint_eq(seen, 5000);

    /* A cursor compares as a tuple: an unused column above "" hides every group after the
     * cursor's first column value, and unit breaks ties. */
    const char *past_k00010[3] = {"k00010", "x", ""};
    n = tariff_groups_page(g, order, 3, past_k00010, 3, &rows);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(rows[0]->key[0], "k00011");
    const char *before_unit[3] = {"k00010", "", "perc"};
    n = tariff_groups_page(g, order, 3, before_unit, 1, &rows);
    ck_assert_str_eq(rows[0]->key[0], "k00010");
    tariff_groups_free(g);
}
END_TEST

START_TEST(test_empty)
{
    struct tariff_groups *g = tariff_groups_new();
    const int order[] = {5};
    const struct tariff_group *const *rows;
    ck_assert_uint_eq(tariff_groups_page(g, order, 1, NULL, 10, &rows), 0);
    tariff_groups_free(g);
}
END_TEST

START_TEST(test_iso_week)
{
    static const struct {
        const char *date, *week;
    } cases[] = {
        {"2020-12-31T23:59:59.000Z", "2020-W53"}, /* Thursday of 2020's week 53 */
        {"2021-01-03T00:00:00.000Z", "2020-W53"}, /* a Sunday still in it */
        {"2021-01-04T00:00:00.000Z", "2021-W01"},
        {"2019-12-30T08:00:00.000Z", "2020-W01"}, /* a Monday whose Thursday is in 2020 */
        {"2019-12-29T08:00:00.000Z", "2019-W52"},
        {"2026-01-01T00:00:00.000Z", "2026-W01"},
        {"2025-12-29T00:00:00.000Z", "2026-W01"},
        {"2027-01-01T00:00:00.000Z", "2026-W53"}, /* a Friday */
        {"2026-03-02T10:00:00.000Z", "2026-W10"},
        {"2024-02-29T00:00:00.000Z", "2024-W09"}, /* a leap day */
        {"2000-12-31", "2000-W52"},               /* date alone; 2000 a leap century */
        {"1987-02-26T15:01:01.000Z", "1987-W09"},
        {"0001-01-01", "0001-W01"}, /* the Monday the day count starts from */
        {"9999-12-31", "9999-W52"}, /* a Friday: the last week stays in 9999 */
    };
    char out[16];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ck_assert_msg(tariff_groups_iso_week(cases[i].date, out, sizeof out), "%s", cases[i].date);
        ck_assert_msg(strcmp(out, cases[i].week) == 0, "%s: %s, not %s", cases[i].date, out,
                      cases[i].week);
    }
    /* Every day of 1990..2030 lands in week 1..53 of its year or a neighbour, 7 days a week. */
    int prev_week = 0, run = 0;
    char prev[16] = "";
    for (int y = 1990; y <= 2030; y++) {
        for (int yd = 0; yd < 366; yd++) {
            static const int mlen[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
            int m = 0, d = yd, leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            while (m < 12 && d >= mlen[m] + (m == 1 && leap)) {
                d -= mlen[m] + (m == 1 && leap);
                m++;
            }
            if (m == 12)
                break;
            char date[32];
            snprintf(date, sizeof date, "%04d-%02d-%02d", y, m + 1, d + 1);
            ck_assert(tariff_groups_iso_week(date, out, sizeof out));
            int wy, w;
            ck_assert_int_eq(sscanf(out, "%d-W%d", &wy, &w), 2);
            ck_assert(w >= 1 && w <= 53 && wy >= y - 1 && wy <= y + 1);
            if (strcmp(out, prev) == 0) {
                run++;
            } else {
                if (prev[0] != '\0')
                    ck_assert_msg(run == 7, "%s has %d days", prev, run);
                ck_assert(w == prev_week + 1 || w == 1);
                memcpy(prev, out, sizeof prev);
                prev_week = w;
                run = 1;
            }
        }
    }

    const char *bad[] = {"",           "2026-13-01", "2026-02-29", "2026-04-31", "0000-01-01",
                         "2026/01/01", "2026-1-01",  "26-01-01",   "abcd-01-01"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        strcpy(out, "untouched");
        ck_assert_msg(!tariff_groups_iso_week(bad[i], out, sizeof out), "%s", bad[i]);
        ck_assert_str_eq(out, "untouched");
    }
    ck_assert(!tariff_groups_iso_week("2026-01-01", out, 8)); /* no room */
}
END_TEST

Suite *tariff_groups_suite(void)
{
    Suite *s = suite_create("tariff_groups");
    TCase *t = tcase_create("groups");
    tcase_add_test(t, test_counts_and_latest);
    tcase_add_test(t, test_keys_are_exact);
    tcase_add_test(t, test_many_groups_and_paging);
    tcase_add_test(t, test_empty);
    suite_add_tcase(s, t);
    TCase *w = tcase_create("iso weeks");
    tcase_add_test(w, test_iso_week);
    suite_add_tcase(s, w);
    return s;
}
