#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"

#include "lexicon.h"

static const char tsv[] = "# phrase\tcode\n"
                          "United States\tUS\n"
                          "U.S.\tUS\n"
                          "United States Trade Representative\tUSTR\n"
                          "\n"
                          "China\tCN\n";

START_TEST(test_longest_match_wins)
{
    struct lexicon *lx = lexicon_load(tsv, strlen(tsv), 0);
    ck_assert_uint_eq(lexicon_size(lx), 4);
    struct text t;
    const char *s = "the United States Trade Representative and the United States said";
    text_init(&t, s, strlen(s));
    size_t n = 0;
    const struct lex_row *r = lexicon_match(lx, &t, 1, t.ntok, &n);
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(r->field[1], "USTR");
    ck_assert_uint_eq(n, 4);
    r = lexicon_match(lx, &t, 7, t.ntok, &n);
    ck_assert_str_eq(r->field[1], "US");
    ck_assert_uint_eq(n, 2);
    ck_assert_ptr_null(lexicon_match(lx, &t, 0, t.ntok, &n));
    /* a match may not run past the end given */
    r = lexicon_match(lx, &t, 1, 3, &n);
    ck_assert_str_eq(r->field[1], "US");
    text_cleanup(&t);
    lexicon_free(lx);
}
END_TEST

START_TEST(test_case_folding)
{
    struct lexicon *exact = lexicon_load(tsv, strlen(tsv), 0);
    struct lexicon *folded = lexicon_load(tsv, strlen(tsv), LEX_FOLD_CASE);
    ck_assert_ptr_null(lexicon_get(exact, "china"));
    ck_assert_ptr_nonnull(lexicon_get(folded, "china"));
    ck_assert_str_eq(lexicon_get(exact, "U.S.")->field[1], "US");
    ck_assert_ptr_null(lexicon_get(exact, "United"));
    lexicon_free(exact);
    lexicon_free(folded);
}
END_TEST

/* enough rows that the first-token filter has many words, rows that share a first token, rows
 * that differ only in case */
START_TEST(test_many_rows_and_row_index)
{
    char tsvbuf[16384];
    size_t len = 0;
    for (int i = 0; i < 300; i++)
        len += (size_t)snprintf(tsvbuf + len, sizeof tsvbuf - len, "Firm%d Holdings\t%d\n", i, i);
    len += (size_t)snprintf(tsvbuf + len, sizeof tsvbuf - len,
                            "US\tupper\nus\tlower\nFirm7 Holdings Group\tgroup\n");
    struct lexicon *lx = lexicon_load(tsvbuf, len, 0);
    ck_assert_uint_eq(lexicon_size(lx), 303);
    for (size_t i = 0; i < lexicon_size(lx); i++)
        ck_assert_uint_eq(lexicon_row_index(lx, lexicon_row(lx, i)), i);
    char phrase[64];
    for (int i = 0; i < 300; i++) {
        snprintf(phrase, sizeof phrase, "Firm%d Holdings", i);
        const struct lex_row *r = lexicon_get(lx, phrase);
        ck_assert_ptr_nonnull(r);
        ck_assert_int_eq(atoi(r->field[1]), i);
        snprintf(phrase, sizeof phrase, "Firm%d Holding", i);
        ck_assert_ptr_null(lexicon_get(lx, phrase));
        snprintf(phrase, sizeof phrase, "firm%d holdings", i);
        ck_assert_ptr_null(lexicon_get(lx, phrase)); /* case-sensitive */
    }
    ck_assert_str_eq(lexicon_get(lx, "US")->field[1], "upper");
    ck_assert_str_eq(lexicon_get(lx, "us")->field[1], "lower");
    ck_assert_ptr_null(lexicon_get(lx, "Us"));
    ck_assert_ptr_null(lexicon_get(lx, "Holdings"));
    struct text t;
    const char *s = "shares of Firm7 Holdings Group and Firm7 Holdings rose";
    text_init(&t, s, strlen(s));
    size_t n = 0;
    ck_assert_str_eq(lexicon_match(lx, &t, 2, t.ntok, &n)->field[1], "group");
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(lexicon_match(lx, &t, 6, t.ntok, &n)->field[1], "7");
    ck_assert_uint_eq(n, 2);
    ck_assert_ptr_null(lexicon_match(lx, &t, 0, t.ntok, &n));
    text_cleanup(&t);
    struct lexicon *folded = lexicon_load(tsvbuf, len, LEX_FOLD_CASE);
    ck_assert_str_eq(lexicon_get(folded, "FIRM42 holdings")->field[1], "42");
    ck_assert_ptr_null(lexicon_get(folded, "FIRM42 holding"));
    lexicon_free(folded);
    lexicon_free(lx);
}
END_TEST

START_TEST(test_empty_lexicon_matches_nothing)
{
    struct lexicon *lx = lexicon_load("# nothing\n", 10, 0);
    struct text t;
    text_init(&t, "China", 5);
    size_t n = 0;
    ck_assert_ptr_null(lexicon_match(lx, &t, 0, t.ntok, &n));
    text_cleanup(&t);
    lexicon_free(lx);
}
END_TEST

Suite *lexicon_suite(void)
{
    Suite *s = suite_create("lexicon");
    TCase *tc = tcase_create("match");
    tcase_add_test(tc, test_longest_match_wins);
    tcase_add_test(tc, test_case_folding);
    tcase_add_test(tc, test_many_rows_and_row_index);
    tcase_add_test(tc, test_empty_lexicon_matches_nothing);
    suite_add_tcase(s, tc);
    return s;
}
