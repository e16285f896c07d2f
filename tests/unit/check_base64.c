/* base64 (RFC 4648 vectors, strictness) and hex. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"

#include "base64.h"
#include "hex.h"
#include "status.h"

static const struct {
    const char *plain, *enc;
} rfc4648[] = {
    {"", ""},
    {"f", "Zg=="},
    {"fo", "Zm8="},
    {"foo", "Zm9v"},
    {"foob", "Zm9vYg=="},
    {"fooba", "Zm9vYmE="},
    {"foobar", "Zm9vYmFy"},
};

START_TEST(test_rfc4648_vectors_round_trip)
{
    for (size_t i = 0; i < sizeof rfc4648 / sizeof *rfc4648; i++) {
        const char *p = rfc4648[i].plain;
        char *e = base64_encode(p, strlen(p), BASE64_STD);
        ck_assert_str_eq(e, rfc4648[i].enc);
        ck_assert_uint_eq(strlen(e), base64_encoded_len(strlen(p), BASE64_STD));
        unsigned char *d;
        size_t n;
        ck_assert_int_eq(base64_decode(e, strlen(e), BASE64_STD, &d, &n), 0);
        ck_assert_uint_eq(n, strlen(p));
        ck_assert(memcmp(d, p, n) == 0);
        free(d);
        free(e);
    }
}
END_TEST

START_TEST(test_url_safe_alphabet_and_padding)
{
    const unsigned char raw[] = {0xfb, 0xff};
    char *std = base64_encode(raw, 2, BASE64_STD);
    char *url = base64_encode(raw, 2, BASE64_URL);
    ck_assert_str_eq(std, "+/8=");
    ck_assert_str_eq(url, "-_8");
    free(std);
    free(url);
    unsigned char out[8];
    size_t n;
    ck_assert_int_eq(base64_decode_to("-_8", 3, BASE64_URL, out, sizeof out, &n), 0);
    ck_assert_uint_eq(n, 2);
    ck_assert(memcmp(out, raw, 2) == 0);
    ck_assert_int_eq(base64_decode_to("-_8=", 4, BASE64_URL, out, sizeof out, &n), 0);
    ck_assert_uint_eq(n, 2);
    /* each alphabet refuses the other's characters */
    ck_assert_int_eq(base64_decode_to("+/8=", 4, BASE64_URL, out, sizeof out, &n), TW_EINVAL);
    ck_assert_int_eq(base64_decode_to("-_8=", 4, BASE64_STD, out, sizeof out, &n), TW_EINVAL);
}
END_TEST

START_TEST(test_strict_about_bad_input)
{
    static const char *bad_std[] = {
        "Zg",       /* padding required */
        "Zg=",      /* wrong padding */
        "Zh==",     /* non-zero unused bits */
        "Zm9=",     /* same, one pad */
        "Zm9v\n",   /* white space */
        "Zm 9v",    /* white space inside */
        "Z===",     /* too much padding */
        "====",     /* padding only */
        "Zg==Zg==", /* data after padding */
        "Zm9v!A==", /* outside the alphabet */
        "Z",        /* a single character */
    };
    unsigned char out[16];
    size_t n;
    for (size_t i = 0; i < sizeof bad_std / sizeof *bad_std; i++)
        ck_assert_msg(base64_decode_to(bad_std[i], strlen(bad_std[i]), BASE64_STD, out, sizeof out,
                                       &n) == TW_EINVAL,
                      "accepted \"%s\"", bad_std[i]);
    ck_assert_int_eq(base64_decode_to("Zg=", 3, BASE64_URL, out, sizeof out, &n), TW_EINVAL);
    ck_assert_int_eq(base64_decode_to("Zm9", 3, BASE64_URL, out, sizeof out, &n), TW_EINVAL);
    /* the result must fit */
    ck_assert_int_eq(base64_decode_to("Zm9vYmFy", 8, BASE64_STD, out, 5, &n), TW_ETOOBIG);
    unsigned char *d = NULL;
    ck_assert_int_eq(base64_decode("Zh==", 4, BASE64_STD, &d, &n), TW_EINVAL);
    ck_assert_ptr_null(d);
}
END_TEST

START_TEST(test_all_byte_values_round_trip)
{
    unsigned char raw[256];
    for (int i = 0; i < 256; i++)
        raw[i] = (unsigned char)i;
    for (enum base64_variant v = BASE64_STD; v <= BASE64_URL; v++) {
        for (size_t len = 250; len <= 256; len++) {
            char *e = base64_encode(raw, len, v);
            unsigned char *d;
            size_t n;
            ck_assert_int_eq(base64_decode(e, strlen(e), v, &d, &n), 0);
            ck_assert_uint_eq(n, len);
            ck_assert(memcmp(d, raw, len) == 0);
            free(d);
            free(e);
        }
    }
}
END_TEST

START_TEST(test_hex)
{
    const unsigned char raw[] = {0x00, 0x9f, 0xab, 0xff};
    char *h = hex_encode(raw, 4);
    ck_assert_str_eq(h, "009fabff");
    free(h);
    unsigned char out[4];
    size_t n;
    ck_assert_int_eq(hex_decode_to("009FabFF", 8, out, sizeof out, &n), 0);
    ck_assert_uint_eq(n, 4);
    ck_assert(memcmp(out, raw, 4) == 0);
    ck_assert_int_eq(hex_decode_to("009", 3, out, sizeof out, &n), TW_EINVAL);
    ck_assert_int_eq(hex_decode_to("0g", 2, out, sizeof out, &n), TW_EINVAL);
    ck_assert_int_eq(hex_decode_to("0 ", 2, out, sizeof out, &n), TW_EINVAL);
    ck_assert_int_eq(hex_decode_to("0011223344", 10, out, sizeof out, &n), TW_ETOOBIG);
}
END_TEST

Suite *base64_suite(void)
{
    Suite *s = suite_create("base64");
    TCase *tc = tcase_create("base64");
    tcase_add_test(tc, test_rfc4648_vectors_round_trip);
    tcase_add_test(tc, test_url_safe_alphabet_and_padding);
    tcase_add_test(tc, test_strict_about_bad_input);
    tcase_add_test(tc, test_all_byte_values_round_trip);
    suite_add_tcase(s, tc);
    tc = tcase_create("hex");
    tcase_add_test(tc, test_hex);
    suite_add_tcase(s, tc);
    return s;
}
