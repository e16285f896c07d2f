/* Query parameter parsing shared by the list handlers (handlers/params.c), and request header
 * lookup on a hand-built request (http_req_header). */
#include <check.h>
#include <jansson.h>
#include <string.h>

#include "suites.h"

#include "http.h"
#include "params.h"

static struct http_req req;
static struct http_resp resp;

static void with(const char *key, const char *value)
{
    memset(&req, 0, sizeof req);
    req.method = "GET";
    req.path = "/v1/x";
    req.query[0].key = key;
    req.query[0].value = value;
    req.nquery = 1;
    http_resp_cleanup(&resp);
    http_resp_init(&resp);
}

/* Asserts resp is a 400 whose detail names the parameter. */
static void assert_400(const char *param)
{
    ck_assert_int_eq(resp.status, 400);
    json_t *doc = json_loads(resp.body.data, 0, NULL);
    ck_assert_ptr_nonnull(doc);
    const char *detail = json_string_value(json_object_get(doc, "detail"));
    char quoted[64];
    snprintf(quoted, sizeof quoted, "'%s'", param);
    ck_assert_msg(strstr(detail, quoted) != NULL, "detail '%s' lacks %s", detail, quoted);
    json_decref(doc);
}

static void setup(void)
{
    http_resp_init(&resp);
}

static void teardown(void)
{
    http_resp_cleanup(&resp);
}

START_TEST(test_limit)
{
    static const char *const bad[] = {"0", "-1", "501", "100000", "ten", "", "1.5", "05", "+5"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int limit = 50;
        with("limit", bad[i]);
        ck_assert_msg(!params_limit(&req, &resp, &limit), "limit=%s accepted", bad[i]);
        assert_400("limit");
        ck_assert_int_eq(limit, 50);
    }
    int limit = 50;
    with("limit", "500");
    ck_assert(params_limit(&req, &resp, &limit));
    ck_assert_int_eq(limit, 500);
    with("other", "1");
    ck_assert(params_limit(&req, &resp, &limit));
    ck_assert_int_eq(limit, 500); /* absent: untouched */
    ck_assert_int_eq(resp.status, 200);
}
END_TEST

START_TEST(test_cursor_and_dates)
{
    const char *cur = NULL;
    with("cursor", "MTIzOjQ1Ng");
    ck_assert(params_cursor(&req, &resp, &cur));
    ck_assert_str_eq(cur, "MTIzOjQ1Ng");
    static const char *const bad_cursors[] = {"", "%%%", "a b", "a/b+c"};
    for (size_t i = 0; i < sizeof bad_cursors / sizeof *bad_cursors; i++) {
        with("cursor", bad_cursors[i]);
        ck_assert(!params_cursor(&req, &resp, &cur));
        assert_400("cursor");
    }
    const char *d = NULL;
    static const char *const good[] = {"2026-03-01T00:00:00Z", "2024-02-29T23:59:60.123+05:30",
                                       "2026-03-01t10:00:00z"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        with("since", good[i]);
        ck_assert_msg(params_date(&req, "since", &resp, &d), "%s refused", good[i]);
        ck_assert_str_eq(d, good[i]);
    }
    static const char *const bad[] = {"yesterday", "2026-03-01", "2026-02-29T00:00:00Z",
                                      "2026-13-01T00:00:00Z", "2026-03-01T24:00:00Z",
                                      "2026-03-01T00:00:00", "2026-03-01T00:00:00+5:00", ""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        with("until", bad[i]);
        ck_assert_msg(!params_date(&req, "until", &resp, &d), "%s accepted", bad[i]);
        assert_400("until");
    }
}
END_TEST

START_TEST(test_ids_enums_bools)
{
    int64_t id = 0;
    with("article", "9223372036854775807");
    ck_assert(params_id(&req, "article", &resp, &id));
    ck_assert_int_eq(id, INT64_MAX);
    static const char *const bad_ids[] = {"0", "-3", "9223372036854775808", "12a", "", "007"};
    for (size_t i = 0; i < sizeof bad_ids / sizeof *bad_ids; i++) {
        with("article", bad_ids[i]);
        ck_assert_msg(!params_id(&req, "article", &resp, &id), "%s accepted", bad_ids[i]);
        assert_400("article");
    }
    static const char *const kinds[] = {"rate", "covered_value", NULL};
    int k = -1;
    with("kind", "covered_value");
    ck_assert(params_enum(&req, "kind", kinds, &resp, &k));
    ck_assert_int_eq(k, 1);
    with("kind", "Rate");
    ck_assert(!params_enum(&req, "kind", kinds, &resp, &k));
    assert_400("kind");
    ck_assert(strstr(resp.body.data, "rate, covered_value") != NULL);
    int b = -1;
    with("direct", "false");
    ck_assert(params_bool(&req, "direct", &resp, &b));
    ck_assert_int_eq(b, 0);
    with("direct", "yes");
    ck_assert(!params_bool(&req, "direct", &resp, &b));
    assert_400("direct");
}
END_TEST

START_TEST(test_micros_text_codes)
{
    static const struct {
        const char *in;
        int64_t micros;
    } good[] = {{"25", 25000000}, {"2.5", 2500000}, {"0", 0}, {"0.000001", 1},
                {"300000000", 300000000000000}, {"1.5000000", 1500000}};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        bool has = false;
        int64_t v = -1;
        with("min_value", good[i].in);
        ck_assert_msg(params_micros(&req, "min_value", &resp, &has, &v), "%s", good[i].in);
        ck_assert(has);
        ck_assert_int_eq(v, good[i].micros);
    }
    static const char *const bad[] = {"-1", "1e6", "", ".5", "5.", "abc", "0.0000001",
                                      "99999999999999999999", "NaN", "inf"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        bool has = false;
        int64_t v = -1;
        with("max_value", bad[i]);
        ck_assert_msg(!params_micros(&req, "max_value", &resp, &has, &v), "%s accepted", bad[i]);
        assert_400("max_value");
        ck_assert(!has);
    }
    with("min_value", "-5");
    bool has;
    int64_t v;
    ck_assert(!params_micros(&req, "min_value", &resp, &has, &v));
    ck_assert(strstr(resp.body.data, "not negative") != NULL);

    const char *t = NULL;
    with("q", "caf\xc3\xa9 tariffs");
    ck_assert(params_text(&req, "q", 12, &resp, &t)); /* 12 code points, 13 bytes */
    with("q", "caf\xc3\xa9 tariffs!");
    ck_assert(!params_text(&req, "q", 12, &resp, &t));
    assert_400("q");
    with("q", "bad \xff byte");
    ck_assert(!params_text(&req, "q", 100, &resp, &t));
    assert_400("q");
    with("q", "tab\there");
    ck_assert(!params_text(&req, "q", 100, &resp, &t));
    with("q", "");
    ck_assert(!params_text(&req, "q", 100, &resp, &t));

    const char *code = NULL;
    with("target", "*");
    ck_assert(params_code(&req, "target", 2, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "*", "a code", &resp,
                          &code));
    ck_assert_str_eq(code, "*");
    static const char *const bad_codes[] = {"us", "USA", "U", "U1", ""};
    for (size_t i = 0; i < sizeof bad_codes / sizeof *bad_codes; i++) {
        with("target", bad_codes[i]);
        ck_assert(!params_code(&req, "target", 2, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "*", "a code",
                               &resp, &code));
        assert_400("target");
    }
}
END_TEST

START_TEST(test_request_headers_by_hand)
{
    memset(&req, 0, sizeof req);
    req.headers[0] = (struct http_param){"If-None-Match", "\"abc\""};
    req.headers[1] = (struct http_param){"origin", "https://a.example.com"};
    req.nheaders = 2;
    ck_assert_str_eq(http_req_header(&req, "if-none-match"), "\"abc\"");
    ck_assert_str_eq(http_req_header(&req, "Origin"), "https://a.example.com");
    ck_assert_ptr_null(http_req_header(&req, "Webhook-Signature"));
}
END_TEST

Suite *params_suite(void)
{
    Suite *s = suite_create("params");
    TCase *tc = tcase_create("parsing");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_limit);
    tcase_add_test(tc, test_cursor_and_dates);
    tcase_add_test(tc, test_ids_enums_bools);
    tcase_add_test(tc, test_micros_text_codes);
    tcase_add_test(tc, test_request_headers_by_hand);
    suite_add_tcase(s, tc);
    return s;
}
