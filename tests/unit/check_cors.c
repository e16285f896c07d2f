/* CORS (server/cors.c) and its option, --cors-origin / TRADEWIRE_CORS_ORIGIN (server/config.c). */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "suites.h"

#include "config.h"
#include "cors.h"
#include "http.h"
#include "status.h"

START_TEST(test_origin_syntax)
{
    static const char *const good[] = {"*", "https://dash.example.com", "http://localhost:8080",
                                       "http://127.0.0.1:3000", "https://[::1]:8443",
                                       "HTTPS://Example.COM"};
    static const char *const bad[] = {"",
                                      "dash.example.com",
                                      "https://dash.example.com/",
                                      "https://dash.example.com/app",
                                      "ftp://example.com",
                                      "https://",
                                      "https://exa mple.com",
                                      "https://example.com:",
                                      "https://example.com:123456",
                                      "https://user@example.com",
                                      "null",
                                      "**"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        ck_assert_msg(cors_origin_valid(good[i]), "%s refused", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        ck_assert_msg(!cors_origin_valid(bad[i]), "%s accepted", bad[i]);
}
END_TEST

static const char *const listed[] = {"https://a.example.com", "http://localhost:5173"};

START_TEST(test_listed_origin)
{
    struct http_cors cfg = {listed, 2};
    struct http_resp r;
    http_resp_init(&r);
    cors_decorate(&cfg, "https://a.example.com", false, &r);
    ck_assert_str_eq(http_resp_header_get(&r, "Vary"), "Origin");
    ck_assert_str_eq(http_resp_header_get(&r, "Access-Control-Allow-Origin"),
                     "https://a.example.com");
    ck_assert_str_eq(http_resp_header_get(&r, "Access-Control-Expose-Headers"),
                     CORS_EXPOSE_HEADERS);
    ck_assert_ptr_null(http_resp_header_get(&r, "Access-Control-Allow-Methods"));
    http_resp_cleanup(&r);

    http_resp_init(&r);
    cors_decorate(&cfg, "http://localhost:5173", true, &r);
    ck_assert_str_eq(http_resp_header_get(&r, "Access-Control-Allow-Origin"),
                     "http://localhost:5173");
    ck_assert_str_eq(http_resp_header_get(&r, "Access-Control-Allow-Methods"),
                     CORS_ALLOW_METHODS);
    ck_assert_str_eq(http_resp_header_get(&r, "Access-Control-Allow-Headers"),
                     CORS_ALLOW_HEADERS);
    ck_assert_str_eq(http_resp_header_get(&r, "Access-Control-Max-Age"), "600");
    http_resp_cleanup(&r);
}
END_TEST

START_TEST(test_other_origins_get_nothing)
{
    struct http_cors cfg = {listed, 2};
    static const char *const others[] = {"https://evil.example.com", "https://a.example.com.evil",
                                         "http://a.example.com", "null"};
    for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
        struct http_resp r;
        http_resp_init(&r);
        cors_decorate(&cfg, others[i], i % 2 == 0, &r);
        ck_assert_ptr_null(http_resp_header_get(&r, "Access-Control-Allow-Origin"));
        ck_assert_ptr_null(http_resp_header_get(&r, "Access-Control-Allow-Methods"));
        ck_assert_str_eq(http_resp_header_get(&r, "Vary"), "Origin");
        http_resp_cleanup(&r);
    }
    /* No Origin: still Vary, so a cache keeps the answers apart. */
    struct http_resp r;
    http_resp_init(&r);
    cors_decorate(&cfg, NULL, false, &r);
    ck_assert_uint_eq(r.nheaders, 1);
    http_resp_cleanup(&r);
    /* CORS off: nothing at all. */
    struct http_cors off = {NULL, 0};
    http_resp_init(&r);
    cors_decorate(&off, "https://a.example.com", true, &r);
    cors_decorate(NULL, "https://a.example.com", true, &r);
    ck_assert_uint_eq(r.nheaders, 0);
    http_resp_cleanup(&r);
}
END_TEST

START_TEST(test_wildcard)
{
    static const char *const any[] = {"*"};
    struct http_cors cfg = {any, 1};
    struct http_resp r;
    http_resp_init(&r);
    cors_decorate(&cfg, "https://whoever.example", false, &r);
    ck_assert_str_eq(http_resp_header_get(&r, "Access-Control-Allow-Origin"), "*");
    ck_assert_ptr_null(http_resp_header_get(&r, "Vary"));
    http_resp_cleanup(&r);
}
END_TEST

START_TEST(test_config_flags_and_env)
{
    static char *no_env[] = {NULL};
    struct config c;
    char err[200];
    char *argv[] = {"serve", "--cors-origin", "https://a.example.com",
                    "--cors-origin=http://localhost:5173, https://b.example.com", NULL};
    char *env[] = {"TRADEWIRE_CORS_ORIGIN=https://env.example.com", NULL};
    ck_assert_int_eq(config_load(&c, 4, argv, env, err, sizeof err), TW_OK);
    ck_assert_uint_eq(c.cors_origins.n, 3);
    ck_assert_str_eq(c.cors_origins.items[0], "https://a.example.com");
    ck_assert_str_eq(c.cors_origins.items[1], "http://localhost:5173");
    ck_assert_str_eq(c.cors_origins.items[2], "https://b.example.com");
    config_cleanup(&c);

    char *argv_none[] = {"serve", NULL};
    char *env2[] = {"TRADEWIRE_CORS_ORIGIN=https://x.example.com,https://y.example.com", NULL};
    ck_assert_int_eq(config_load(&c, 1, argv_none, env2, err, sizeof err), TW_OK);
    ck_assert_uint_eq(c.cors_origins.n, 2);
    ck_assert_str_eq(c.cors_origins.items[1], "https://y.example.com");
    config_cleanup(&c);

    ck_assert_int_eq(config_load(&c, 1, argv_none, no_env, err, sizeof err), TW_OK);
    ck_assert_uint_eq(c.cors_origins.n, 0);
    config_cleanup(&c);

    char *argv_bad[] = {"serve", "--cors-origin", "https://a.example.com/path", NULL};
    ck_assert_int_eq(config_load(&c, 3, argv_bad, no_env, err, sizeof err), TW_EINVAL);
    ck_assert(strstr(err, "--cors-origin") != NULL);
    ck_assert(strstr(err, "https://a.example.com/path") != NULL);
    char *env_bad[] = {"TRADEWIRE_CORS_ORIGIN=https://ok.example.com,,", NULL};
    ck_assert_int_eq(config_load(&c, 1, argv_none, env_bad, err, sizeof err), TW_EINVAL);
    ck_assert(strstr(err, "TRADEWIRE_CORS_ORIGIN") != NULL);
}
END_TEST

Suite *cors_suite(void)
{
    Suite *s = suite_create("cors");
    TCase *tc = tcase_create("headers");
    tcase_add_test(tc, test_origin_syntax);
    tcase_add_test(tc, test_listed_origin);
    tcase_add_test(tc, test_other_origins_get_nothing);
    tcase_add_test(tc, test_wildcard);
    tcase_add_test(tc, test_config_flags_and_env);
    suite_add_tcase(s, tc);
    return s;
}
