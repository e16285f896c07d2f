#include <check.h>
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

Suite *lexicon_suite(void)
{
    Suite *s = suite_create("lexicon");
    TCase *tc = tcase_create("match");
    tcase_add_test(tc, test_longest_match_wins);
    tcase_add_test(tc, test_case_folding);
    suite_add_tcase(s, tc);
    return s;
}
