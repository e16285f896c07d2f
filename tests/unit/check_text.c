#include <check.h>
#include <string.h>

#include "suites.h"

#include "text.h"
#include "utf8.h"

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

/* a full stop glued to the next sentence; no sentence opens after "said U.S." */
START_TEST(test_full_stop_glued_to_next_sentence)
{
    struct text t;
    const char *s = "Rates will stay high, Kowal said.Meanwhile, exports fell. He wrote to "
                    "ftchinese.com and Amazon.Com about it. He said U.S. Officials had left.";
    ck_assert_int_eq(text_init(&t, s, strlen(s)), 0);
    ck_assert_uint_eq(t.nsent, 4);
    ck_assert_str_eq(tok(&t, t.sent[1].first), "Meanwhile");
    ck_assert_str_eq(tok(&t, t.sent[2].first), "He");
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

/* the word scan counts letters and hashes bytes in one pass: what it finds must equal what the
 * bytes of each token give on their own */
START_TEST(test_case_flags_and_hashes)
{
    struct text t;
    const char *s = "\xC3\x89LYS\xC3\x89" "E \xC3\x89lys\xC3\xA9" "e McDONALD O\xE2\x80\x99NEILL don't G7 "
                    "WTO's Z\xC3\xBCrich x";
    ck_assert_int_eq(text_init(&t, s, strlen(s)), 0);
    const char *want[] = {"\xC3\x89LYS\xC3\x89" "E", "\xC3\x89lys\xC3\xA9" "e", "McDONALD",
                          "O\xE2\x80\x99NEILL", "don't", "G7", "WTO", "'s", "Z\xC3\xBCrich", "x"};
    const uint8_t flags[] = {TOKF_CAP | TOKF_UPPER, TOKF_CAP, TOKF_CAP, TOKF_CAP | TOKF_UPPER, 0,
                             TOKF_CAP, TOKF_CAP | TOKF_UPPER, 0, TOKF_CAP, 0};
    ck_assert_uint_eq(t.ntok, sizeof want / sizeof *want);
    for (size_t i = 0; i < t.ntok; i++) {
        ck_assert_str_eq(tok(&t, i), want[i]);
        ck_assert_uint_eq(t.tok[i].flags & (TOKF_CAP | TOKF_UPPER), flags[i]);
        ck_assert_uint_eq(t.tok[i].lower_hash, text_hash_lower(want[i], strlen(want[i])));
    }
    ck_assert_uint_eq(t.tok[2].lower_hash, text_hash_lower("mcdonald", 8));
    text_cleanup(&t);
}
END_TEST

START_TEST(test_token_predicates)
{
    struct text t;
    const char *s = "SAID said @ \xE2\x80\x94 - \"";
    ck_assert_int_eq(text_init(&t, s, strlen(s)), 0);
    ck_assert_uint_eq(t.ntok, 6);
    ck_assert(text_tok_is(&t, 1, "said"));
    ck_assert(!text_tok_is(&t, 0, "said"));
    ck_assert(!text_tok_is(&t, 1, "sai"));
    ck_assert(!text_tok_is(&t, 1, "saids"));
    ck_assert(!text_tok_is(&t, 1, ""));
    ck_assert(text_tok_is_ci(&t, 0, "said"));
    ck_assert(text_tok_is_ci(&t, 1, "SaId"));
    ck_assert(!text_tok_is_ci(&t, 1, "sand"));
    ck_assert(!text_tok_is_ci(&t, 2, "`")); /* '@' and '`' differ in bit 0x20 but are no letters */
    ck_assert(text_tok_is_ci(&t, 2, "@"));
    ck_assert(text_tok_is_char(&t, 3, 0x2014));
    ck_assert(!text_tok_is_char(&t, 3, '-'));
    ck_assert(text_tok_is_char(&t, 4, '-'));
    ck_assert(!text_tok_is_char(&t, 4, 0x2014));
    ck_assert(text_tok_is_char(&t, 5, '"'));
    ck_assert(!text_tok_is_char(&t, 0, 'S'));
    /* one past the end */
    ck_assert(!text_tok_is(&t, 6, "said"));
    ck_assert(!text_tok_is_ci(&t, 6, "said"));
    ck_assert(!text_tok_is_char(&t, 6, '"'));
    text_cleanup(&t);
}
END_TEST

/* utf8_valid reads ASCII eight bytes at a time: a NUL or a bad byte anywhere in a word counts */
START_TEST(test_utf8_valid_in_every_position)
{
    char s[40];
    memset(s, 'a', sizeof s);
    ck_assert(utf8_valid(s, sizeof s));
    for (size_t i = 0; i < sizeof s; i++) {
        s[i] = '\0';
        ck_assert(!utf8_valid(s, sizeof s));
        s[i] = (char)0xFF;
        ck_assert(!utf8_valid(s, sizeof s));
        s[i] = 'a';
    }
    memcpy(s + 13, "\xC3\xA9", 2);
    ck_assert(utf8_valid(s, sizeof s));
    ck_assert(!utf8_valid(s, 14)); /* a cut sequence */
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
    tcase_add_test(tc, test_case_flags_and_hashes);
    tcase_add_test(tc, test_token_predicates);
    tcase_add_test(tc, test_utf8_valid_in_every_position);
    suite_add_tcase(s, tc);
    tc = tcase_create("sentences");
    tcase_add_test(tc, test_sentences);
    tcase_add_test(tc, test_quote_ends_sentence);
    tcase_add_test(tc, test_full_stop_glued_to_next_sentence);
    suite_add_tcase(s, tc);
    return s;
}
