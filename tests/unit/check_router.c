#include <check.h>
#include <string.h>

#include "suites.h"

#include "router.h"
#include "status.h"

static void h(struct http_req *req, struct http_resp *resp)
{
    (void)req;
    (void)resp;
}

static const struct route routes[] = {
    {"POST", "/v1/articles", h},
    {"GET", "/v1/articles", h},
    {"GET", "/v1/articles/{id}", h},
    {"DELETE", "/v1/articles/{id}", h},
    {"GET", "/v1/things/{a}/parts/{b}", h},
};
#define N (sizeof routes / sizeof *routes)

START_TEST(test_exact_and_params)
{
    struct http_req req;
    char allow[64];
    memset(&req, 0, sizeof req);
    ck_assert_int_eq(router_match(routes, N, "POST", "/v1/articles", &req, allow, 64), 0);
    ck_assert_int_eq(router_match(routes, N, "GET", "/v1/articles", &req, allow, 64), 1);
    ck_assert_int_eq(router_match(routes, N, "GET", "/v1/articles/42", &req, allow, 64), 2);
    ck_assert_uint_eq(req.nparams, 1);
    ck_assert_str_eq(req.params[0], "42");
    ck_assert_int_eq(router_match(routes, N, "HEAD", "/v1/articles/7", &req, allow, 64), 2);
    ck_assert_int_eq(router_match(routes, N, "GET", "/v1/things/x/parts/y", &req, allow, 64), 4);
    ck_assert_uint_eq(req.nparams, 2);
    ck_assert_str_eq(req.params[0], "x");
    ck_assert_str_eq(req.params[1], "y");
}
END_TEST

START_TEST(test_not_found)
{
    struct http_req req;
    char allow[64];
    static const char *const paths[] = {"/", "/v1", "/v1/articles/", "/v1/articles/1/2",
                                        "/v1/articles/../1", "/v1/articlesx", "/v1/article",
                                        "//v1/articles", ""};
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++)
        ck_assert_msg(router_match(routes, N, "GET", paths[i], &req, allow, 64) == TW_ENOTFOUND,
                      "%s matched", paths[i]);
    char longseg[200] = "/v1/articles/";
    memset(longseg + 13, '1', 100);
    ck_assert_int_eq(router_match(routes, N, "GET", longseg, &req, allow, 64), TW_ENOTFOUND);
}
END_TEST

START_TEST(test_wrong_method_lists_allow)
{
    struct http_req req;
    char allow[64];
    ck_assert_int_eq(router_match(routes, N, "PUT", "/v1/articles", &req, allow, 64),
                     TW_EUNSUPPORTED);
    ck_assert_str_eq(allow, "POST, GET");
    ck_assert_int_eq(router_match(routes, N, "POST", "/v1/articles/3", &req, allow, 64),
                     TW_EUNSUPPORTED);
    ck_assert_str_eq(allow, "GET, DELETE");
    char tiny[6];
    ck_assert_int_eq(router_match(routes, N, "PUT", "/v1/articles/3", &req, tiny, sizeof tiny),
                     TW_EUNSUPPORTED);
    ck_assert_uint_lt(strlen(tiny), sizeof tiny);
}
END_TEST

Suite *router_suite(void)
{
    Suite *s = suite_create("router");
    TCase *tc = tcase_create("matching");
    tcase_add_test(tc, test_exact_and_params);
    tcase_add_test(tc, test_not_found);
    tcase_add_test(tc, test_wrong_method_lists_allow);
    suite_add_tcase(s, tc);
    return s;
}
