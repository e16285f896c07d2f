#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"

#include "mem.h"
#include "numbers.h"

static struct numbers_lex *nl;

static void setup(void)
{
    nl = numbers_lex_new();
}

static void teardown(void)
{
    numbers_lex_free(nl);
    nl = NULL;
}

/* Reads the number at the first token of s; returns its value, or NAN when there is none. */
static double read_first(const char *s, size_t *ntok)
{
    struct text t;
    text_init(&t, s, strlen(s));
    struct number n;
    double v = NAN;
    if (numbers_read(nl, &t, 0, t.ntok, &n)) {
        v = n.value;
        if (ntok != NULL)
            *ntok = n.end - n.first;
    }
    text_cleanup(&t);
    return v;
}

START_TEST(test_digits)
{
    ck_assert_double_eq(read_first("25 pct", NULL), 25);
    ck_assert_double_eq(read_first("1,700 products", NULL), 1700);
    ck_assert_double_eq_tol(read_first("13.6 billion", NULL), 13.6e9, 1);
    ck_assert_double_eq_tol(read_first("8.54 pct", NULL), 8.54, 1e-9);
    /* a decimal comma from continental copy, but thousands still group by three */
    ck_assert_double_eq_tol(read_first("10,2 percent", NULL), 10.2, 1e-9);
    ck_assert_double_eq(read_first("1,000,000 tonnes", NULL), 1e6);
    ck_assert_double_eq_tol(numbers_digits("0.849", 5), 0.849, 1e-12);
}
END_TEST

START_TEST(test_words)
{
    size_t n = 0;
    ck_assert_double_eq(read_first("ten percent", &n), 10);
    ck_assert_uint_eq(n, 1);
    ck_assert_double_eq(read_first("six pct", NULL), 6);
    ck_assert_double_eq(read_first("twenty-five percent", &n), 25);
    ck_assert_uint_eq(n, 3);
    ck_assert_double_eq(read_first("one and a half hours", &n), 1.5);
    ck_assert_uint_eq(n, 4);
    ck_assert_double_eq(read_first("three hundred tonnes", NULL), 300);
    ck_assert_double_eq(read_first("one hundred and five days", NULL), 105);
    ck_assert_double_eq(read_first("Zero tariffs", NULL), 0);
    /* two numbers in a row are not one */
    ck_assert_double_eq(read_first("five ten", &n), 5);
    ck_assert_uint_eq(n, 1);
    ck_assert(isnan(read_first("tariffs", NULL)));
    ck_assert(isnan(read_first("half of the imports", NULL)));
}
END_TEST

START_TEST(test_scales)
{
    size_t n = 0;
    ck_assert_double_eq(read_first("300 mln dlrs", &n), 3e8);
    ck_assert_uint_eq(n, 2);
    ck_assert_double_eq(read_first("1.5 billion yen", NULL), 1.5e9);
    ck_assert_double_eq(read_first("2bn euros", NULL), 2e9);
    ck_assert_double_eq(read_first("200m", NULL), 2e8);
    ck_assert_double_eq(read_first("5 bln", NULL), 5e9);
    ck_assert_double_eq(read_first("eight billion dlrs", NULL), 8e9);
    ck_assert_double_eq(read_first("1.2 trillion", NULL), 1.2e12);
    /* a loose "m" is metres, not millions */
    ck_assert_double_eq(read_first("200 m", NULL), 200);
}
END_TEST

START_TEST(test_ranges)
{
    struct text t;
    struct number r[2];
    const char *s = "duties of 10-25 pct, from 145 to 30, between 5 and 7, a 90-day truce";
    text_init(&t, s, strlen(s));
    ck_assert_uint_eq(numbers_read_range(nl, &t, 2, t.ntok, r), 2);
    ck_assert_double_eq(r[0].value, 10);
    ck_assert_double_eq(r[1].value, 25);
    ck_assert_uint_eq(numbers_read_range(nl, &t, 8, t.ntok, r), 2);
    ck_assert_double_eq(r[0].value, 145);
    ck_assert_double_eq(r[1].value, 30);
    ck_assert_uint_eq(numbers_read_range(nl, &t, 13, t.ntok, r), 2);
    ck_assert_double_eq(r[1].value, 7);
    /* "90-day" is a number followed by a word, not a range */
    ck_assert_uint_eq(numbers_read_range(nl, &t, 18, t.ntok, r), 1);
    ck_assert_double_eq(r[0].value, 90);
    text_cleanup(&t);
}
END_TEST

START_TEST(test_units_and_comparators)
{
    struct text t;
    const char *s = "up to 25 per cent and at least 24 percentage points , 85 cts a bushel";
    text_init(&t, s, strlen(s));
    size_t n = 0;
    const char *v = NULL;
    ck_assert_int_eq(numbers_word(nl, &t, 0, t.ntok, &n, &v), NW_CMP);
    ck_assert_str_eq(v, "lt");
    ck_assert_uint_eq(n, 2);
    ck_assert_int_eq(numbers_word(nl, &t, 3, t.ntok, &n, &v), NW_PERCENT);
    ck_assert_uint_eq(n, 2);
    ck_assert_int_eq(numbers_word(nl, &t, 6, t.ntok, &n, &v), NW_CMP);
    ck_assert_str_eq(v, "gt");
    ck_assert_int_eq(numbers_word(nl, &t, 9, t.ntok, &n, &v), NW_PERCENT);
    ck_assert_uint_eq(n, 2);
    ck_assert_int_eq(numbers_word(nl, &t, 15, t.ntok, &n, &v), NW_PER);
    ck_assert_str_eq(v, "bushel");
    ck_assert_int_eq(numbers_word(nl, &t, 5, t.ntok, &n, &v), NW_NONE);
    text_cleanup(&t);
}
END_TEST

/* A megabyte of digits is one token; reading it is linear and gives a finite or infinite value
 * without running past the token. */
START_TEST(test_megabyte_of_digits)
{
    size_t len = 1 << 20;
    char *s = xmalloc(len + 1);
    memset(s, '7', len);
    s[len] = '\0';
    struct text t;
    text_init(&t, s, len);
    ck_assert_uint_eq(t.ntok, 1);
    struct number n;
    ck_assert(numbers_read(nl, &t, 0, t.ntok, &n));
    ck_assert_uint_eq(n.end, 1);
    ck_assert(n.value > 1e300);
    text_cleanup(&t);
    free(s);
}
END_TEST

Suite *numbers_suite(void)
{
    Suite *s = suite_create("numbers");
    TCase *tc = tcase_create("read");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_digits);
    tcase_add_test(tc, test_words);
    tcase_add_test(tc, test_scales);
    tcase_add_test(tc, test_ranges);
    tcase_add_test(tc, test_units_and_comparators);
    tcase_add_test(tc, test_megabyte_of_digits);
    suite_add_tcase(s, tc);
    return s;
}
