#include <check.h>
#include <string.h>

#include "suites.h"

#include "text.h"

static char tokbuf[256];

static const char *tok(const struct text *t, size_t i)
{
    size_t n = text_tok_len(t, i);
    memcpy(tokbuf, text_tok_ptr(t, i), n);
    tokbuf[n] = '\0';
    return tokbuf;
}

START_TEST(test_words_numbers_and_abbreviations)
{
    struct text t;
    const char *s = "The U.S. raised duties on 1,700 products to 25.5% from Taiwan's mills.";
    ck_assert_int_eq(text_init(&t, s, strlen(s)), 0);
    const char *want[] = {"The", "U.S.", "raised", "duties", "on", "1,700", "products", "to",
                          "25.5", "%", "from", "Taiwan", "'s", "mills", "."};
    ck_assert_uint_eq(t.ntok, sizeof want / sizeof *want);
    for (size_t i = 0; i < t.ntok; i++)
        ck_assert_str_eq(tok(&t, i), want[i]);
    ck_assert_int_eq(t.tok[5].kind, TOK_NUMBER);
    ck_assert(t.tok[1].flags & TOKF_UPPER);
    ck_assert(!(t.tok[9].flags & TOKF_SPACE));
    text_cleanup(&t);
}
END_TEST

START_TEST(test_code_point_offsets)
{
    struct text t;
    const char *s = "China\xE2\x80\x99s \xE2\x80\x9C" "firm\xE2\x80\x9D reply";
    ck_assert_int_eq(text_init(&t, s, strlen(s)), 0);
    ck_assert_uint_eq(t.ntok, 6);
    ck_assert_str_eq(tok(&t, 1), "\xE2\x80\x99s");
    ck_assert_int_eq(t.tok[2].kind, TOK_QUOTE);
    ck_assert(t.tok[2].flags & TOKF_QOPEN);
    ck_assert(t.tok[4].flags & TOKF_QCLOSE);
    ck_assert_uint_eq(t.tok[3].cp_start, 9);
    ck_assert_uint_eq(t.tok[5].cp_start, 15);
    ck_assert_uint_eq(t.tok[5].cp_end, 20);
    text_cleanup(&t);
}
END_TEST

START_TEST(test_straight_quotes_open_and_close)
{
    struct text t;
    const char *s = "\"We will act,\" he said. \"Now.\"";
    ck_assert_int_eq(text_init(&t, s, strlen(s)), 0);
    ck_assert(t.tok[0].flags & TOKF_QOPEN);
    ck_assert(!(t.tok[0].flags & TOKF_QCLOSE));
    ck_assert(t.tok[5].flags & TOKF_QCLOSE);
    ck_assert(!(t.tok[5].flags & TOKF_QOPEN));
    text_cleanup(&t);
}
END_TEST

START_TEST(test_sentences)
{
    struct text t;
    const char *s = "Mr. Yeutter met officials in the U.S. The talks ended. Prices rose 2.5 pct "
                    "in Jan. to a record.\n\nA new paragraph";
    ck_assert_int_eq(text_init(&t, s, strlen(s)), 0);
    ck_assert_uint_eq(t.nsent, 4);
    ck_assert_str_eq(tok(&t, t.sent[1].first), "The");
    ck_assert_str_eq(tok(&t, t.sent[2].first), "Prices");
    ck_assert_str_eq(tok(&t, t.sent[3].first), "A");
    text_cleanup(&t);
}
END_TEST

START_TEST(test_quote_ends_sentence)
{
    struct text t;
    const char *s = "\"It is over.\" Trump said. He left.";
    ck_assert_int_eq(text_init(&t, s, strlen(s)), 0);
    ck_assert_uint_eq(t.nsent, 3);
    ck_assert_str_eq(tok(&t, t.sent[1].first), "Trump");
    text_cleanup(&t);
}
END_TEST

START_TEST(test_empty_and_odd_input)
{
    struct text t;
    ck_assert_int_eq(text_init(&t, "", 0), 0);
    ck_assert_uint_eq(t.ntok, 0);
    ck_assert_uint_eq(t.nsent, 0);
    text_cleanup(&t);
    const char *s = "\"\"\"'''...\xEF\xBF\xBD";
    ck_assert_int_eq(text_init(&t, s, strlen(s)), 0);
    ck_assert_uint_eq(t.tok[t.ntok - 1].cp_end, 10);
    text_cleanup(&t);
}
END_TEST

START_TEST(test_soft_hyphen_inside_word)
{
    struct text t;
    const char *s = "Ro\xC2\xAD" "berto Azevedo said";
    ck_assert_int_eq(text_init(&t, s, strlen(s)), 0);
    ck_assert_uint_eq(t.ntok, 3);
    ck_assert_uint_eq(t.tok[0].cp_end, 8);
    ck_assert(t.tok[0].flags & TOKF_CAP);
    text_cleanup(&t);
}
END_TEST

Suite *text_suite(void)
{
    Suite *s = suite_create("text");
    TCase *tc = tcase_create("tokens");
    tcase_add_test(tc, test_words_numbers_and_abbreviations);
    tcase_add_test(tc, test_code_point_offsets);
    tcase_add_test(tc, test_straight_quotes_open_and_close);
    tcase_add_test(tc, test_empty_and_odd_input);
    tcase_add_test(tc, test_soft_hyphen_inside_word);
    suite_add_tcase(s, tc);
    tc = tcase_create("sentences");
    tcase_add_test(tc, test_sentences);
    tcase_add_test(tc, test_quote_ends_sentence);
    suite_add_tcase(s, tc);
    return s;
}
