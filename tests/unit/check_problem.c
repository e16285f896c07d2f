#include <check.h>
#include <jansson.h>
#include <string.h>

#include "suites.h"

#include "http.h"
#include "problem.h"
#include "status.h"

START_TEST(test_fields)
{
    struct http_resp r;
    http_resp_init(&r);
    problem_set(&r, 415, "Content-Type must be %s", "application/json");
    ck_assert_int_eq(r.status, 415);
    ck_assert_str_eq(r.content_type, "application/problem+json");
    json_t *doc = json_loads(r.body.data, 0, NULL);
    ck_assert_ptr_nonnull(doc);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "type")), "about:blank");
    ck_assert_str_eq(json_string_value(json_object_get(doc, "title")), "Unsupported Media Type");
    ck_assert_int_eq(json_integer_value(json_object_get(doc, "status")), 415);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "detail")),
                     "Content-Type must be application/json");
    json_decref(doc);
    http_resp_cleanup(&r);
}
END_TEST

START_TEST(test_detail_with_hostile_bytes_stays_json)
{
    struct http_resp r;
    http_resp_init(&r);
    buf_puts(&r.body, "earlier body");
    problem_set(&r, 404, "no article has id '%s'", "\"}\xff\x01<x>");
    json_t *doc = json_loads(r.body.data, 0, NULL);
    ck_assert_ptr_nonnull(doc);
    const char *d = json_string_value(json_object_get(doc, "detail"));
    ck_assert(strstr(d, "\"}\xEF\xBF\xBD\x01<x>") != NULL); /* U+FFFD for the bad byte */
    json_decref(doc);
    http_resp_cleanup(&r);
}
END_TEST

START_TEST(test_from_status)
{
    struct http_resp r;
    http_resp_init(&r);
    problem_from_status(&r, TW_EBUSY, "cannot store the article");
    ck_assert_int_eq(r.status, 503);
    ck_assert(strstr(r.body.data, "cannot store the article: busy") != NULL);
    http_resp_cleanup(&r);
}
END_TEST

Suite *problem_suite(void)
{
    Suite *s = suite_create("problem");
    TCase *tc = tcase_create("documents");
    tcase_add_test(tc, test_fields);
    tcase_add_test(tc, test_detail_with_hostile_bytes_stays_json);
    tcase_add_test(tc, test_from_status);
    suite_add_tcase(s, tc);
    return s;
}
