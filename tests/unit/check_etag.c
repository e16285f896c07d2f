/* ETags and If-None-Match (server/etag.c). */
#include <check.h>
#include <string.h>

#include "suites.h"

#include "etag.h"

START_TEST(test_tag_shape_and_sensitivity)
{
    char a[ETAG_MAX], b[ETAG_MAX], c[ETAG_MAX];
    etag_of("{\"items\":[]}", 12, a);
    etag_of("{\"items\":[]}", 12, b);
    etag_of("{\"items\":[1]}", 13, c);
    ck_assert_uint_eq(strlen(a), 34);
    ck_assert(a[0] == '"' && a[33] == '"');
    ck_assert_str_eq(a, b);
    ck_assert_str_ne(a, c);
    /* Lengths that end inside a word, and one byte flipped anywhere, change the tag. */
    char text[64];
    memset(text, 'x', sizeof text);
    char seen[65][ETAG_MAX];
    for (size_t n = 0; n <= 64; n++) {
        etag_of(text, n, seen[n]);
        for (size_t k = 0; k < n; k++)
            ck_assert_str_ne(seen[n], seen[k]);
    }
    for (size_t i = 0; i < sizeof text; i++) {
        char flipped[ETAG_MAX];
        text[i] ^= 1;
        etag_of(text, sizeof text, flipped);
        text[i] ^= 1;
        ck_assert_str_ne(flipped, seen[64]);
    }
    etag_of(NULL, 0, a);
    ck_assert_uint_eq(strlen(a), 34);
}
END_TEST

START_TEST(test_from_digest)
{
    unsigned char d[32];
    for (int i = 0; i < 32; i++)
        d[i] = (unsigned char)(i * 17);
    char t[ETAG_MAX];
    etag_from_digest(d, t);
    ck_assert_str_eq(t, "\"00112233445566778899aabbccddeeff\"");
}
END_TEST

START_TEST(test_if_none_match)
{
    const char *tag = "\"abc\"";
    ck_assert(etag_none_match("\"abc\"", tag));
    ck_assert(etag_none_match("*", tag));
    ck_assert(etag_none_match("\"x\", \"abc\"", tag));
    ck_assert(etag_none_match("\"x\",\"abc\"", tag));
    ck_assert(etag_none_match("W/\"abc\"", tag)); /* weak comparison */
    ck_assert(etag_none_match("\"abc\"", "W/\"abc\""));
    ck_assert(etag_none_match(" \"x\" ,  W/\"abc\" ", tag));
    ck_assert(!etag_none_match("\"abcd\"", tag));
    ck_assert(!etag_none_match("\"ab\"", tag));
    ck_assert(!etag_none_match("abc", tag));      /* unquoted: malformed */
    ck_assert(!etag_none_match("\"abc", tag));    /* unterminated */
    ck_assert(!etag_none_match("\"x\" \"abc\"", tag)); /* no comma: malformed */
    ck_assert(!etag_none_match("", tag));
    ck_assert(!etag_none_match(",,", tag));
}
END_TEST

Suite *etag_suite(void)
{
    Suite *s = suite_create("etag");
    TCase *tc = tcase_create("tags");
    tcase_add_test(tc, test_tag_shape_and_sensitivity);
    tcase_add_test(tc, test_from_digest);
    tcase_add_test(tc, test_if_none_match);
    suite_add_tcase(s, tc);
    return s;
}
