/* webhook_config: --webhook specs and the --webhook-config file, each refusal with its line. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "suites.h"

#include "status.h"
#include "webhook_config.h"

#define KEY "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

/* Writes text to a fresh temporary file; returns its path (static). */
static const char *write_tmp(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/tw-webhook-config-XXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

START_TEST(test_specs_of_each_kind)
{
    struct webhook_sources ws = {0};
    char err[256] = "";
    ck_assert_int_eq(webhook_config_add_spec(&ws, "cms=standard:" KEY, err, sizeof err), TW_OK);
    ck_assert_int_eq(webhook_config_add_spec(&ws, "blog=ghost:abc:def", err, sizeof err), TW_OK);
    ck_assert_int_eq(webhook_config_add_spec(&ws, "wp=wordpress:X-Token: s3cret", err,
                                             sizeof err), TW_OK);
    ck_assert_int_eq(webhook_config_add_spec(&ws, "st=strapi:tok", err, sizeof err), TW_OK);
    ck_assert_uint_eq(ws.n, 4);
    const struct webhook_source *s = webhook_config_find(&ws, "cms");
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(s->kind, CMS_STANDARD);
    ck_assert_ptr_null(s->token_header);
    s = webhook_config_find(&ws, "blog");
    ck_assert_int_eq(webhook_secret_scheme(s->secret), WEBHOOK_SCHEME_GHOST);
    s = webhook_config_find(&ws, "wp");
    ck_assert_str_eq(s->token_header, "X-Token");
    struct webhook_header h[] = {{"x-token", "s3cret"}};
    ck_assert_int_eq(webhook_verify(s->secret, h, 1, "{}", 2, 0), TW_OK);
    h[0].value = "s3cre";
    ck_assert_int_eq(webhook_verify(s->secret, h, 1, "{}", 2, 0), TW_EAUTH);
    s = webhook_config_find(&ws, "st");
    ck_assert_str_eq(s->token_header, "Authorization");
    ck_assert_ptr_null(webhook_config_find(&ws, "nope"));
    webhook_config_cleanup(&ws);
    ck_assert_uint_eq(ws.n, 0);
    webhook_config_cleanup(&ws);
}
END_TEST

START_TEST(test_bad_specs_refused)
{
    static const struct {
        const char *spec, *err_has;
    } bad[] = {
        {"cms", "SOURCE=KIND:SECRET"},
        {"cms=standard", "SOURCE=KIND:SECRET"},
        {"cms=standard:", "SOURCE=KIND:SECRET"},
        {"=standard:" KEY, "source ''"},
        {"a/b=standard:" KEY, "source 'a/b'"},
        {"cms=drupal:x", "kind 'drupal'"},
        {"cms=standard:not base64!", "not valid for kind standard"},
        {"feed=generic:tok", "needs a mapping"},
        {"dup=strapi:a", "configured twice"},
    };
    struct webhook_sources ws = {0};
    char err[256];
    ck_assert_int_eq(webhook_config_add_spec(&ws, "dup=strapi:a", err, sizeof err), TW_OK);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        err[0] = '\0';
        ck_assert_int_eq(webhook_config_add_spec(&ws, bad[i].spec, err, sizeof err), TW_EINVAL);
        ck_assert_msg(strstr(err, bad[i].err_has) != NULL, "%s: '%s'", bad[i].spec, err);
        ck_assert_ptr_null(strstr(err, "not base64!")); /* secrets are never echoed */
    }
    ck_assert_uint_eq(ws.n, 1);
    webhook_config_cleanup(&ws);
}
END_TEST

START_TEST(test_file_with_mapping)
{
    const char *path = write_tmp(
        "{\"sources\": [{\"source\": \"feed\", \"kind\": \"generic\", \"secret\": \"t0k\", "
        "\"token_header\": \"X-Feed-Token\", \"id_header\": \"X-Feed-Id\", \"mapping\": {\"id\": "
        "\"/story/uid\", \"html\": \"/story/content\", \"event\": \"/action\"}}, "
        "{\"source\": \"cms\", \"kind\": \"standard\", \"secret\": \"" KEY "\"}]}");
    struct webhook_sources ws = {0};
    char err[256] = "";
    ck_assert_int_eq(webhook_config_load_file(&ws, path, err, sizeof err), TW_OK);
    unlink(path);
    ck_assert_uint_eq(ws.n, 2);
    const struct webhook_source *s = webhook_config_find(&ws, "feed");
    ck_assert(s->has_mapping);
    ck_assert_str_eq(s->map.id, "/story/uid");
    ck_assert_str_eq(s->map.html, "/story/content");
    ck_assert_ptr_null(s->map.title);
    ck_assert_str_eq(s->id_header, "X-Feed-Id");
    ck_assert_str_eq(s->token_header, "X-Feed-Token");
    struct webhook_header h[] = {{"X-Feed-Token", "t0k"}, {"X-Feed-Id", "d-7"}};
    ck_assert_int_eq(webhook_verify(s->secret, h, 2, "{}", 2, 0), TW_OK);
    char *id = webhook_delivery_id(s->secret, h, 2, "{}", 2);
    ck_assert_str_eq(id, "d-7");
    free(id);
    webhook_config_cleanup(&ws);
}
END_TEST

START_TEST(test_bad_files_add_nothing)
{
    static const struct {
        const char *text, *err_has;
    } bad[] = {
        {"{", "line"},
        {"[]", "sources"},
        {"{\"sources\": [{\"kind\": \"strapi\", \"secret\": \"x\"}]}", "required"},
        {"{\"sources\": [{\"source\": \"a\", \"kind\": \"strapi\", \"secret\": \"x\", "
         "\"colour\": 1}]}", "colour"},
        {"{\"sources\": [{\"source\": \"a\", \"kind\": \"generic\", \"secret\": \"x\"}]}",
         "mapping"},
        {"{\"sources\": [{\"source\": \"a\", \"kind\": \"generic\", \"secret\": \"x\", "
         "\"mapping\": {\"id\": \"/id\"}}]}", "body"},
        {"{\"sources\": [{\"source\": \"a\", \"kind\": \"strapi\", \"secret\": \"x\", "
         "\"mapping\": {\"id\": \"no-slash\"}}]}", "pointer"},
        {"{\"sources\": [{\"source\": \"a\", \"kind\": \"strapi\", \"secret\": \"x\", "
         "\"mapping\": {\"author\": \"/a\"}}]}", "author"},
        {"{\"sources\": [{\"source\": \"a\", \"kind\": \"ghost\", \"secret\": \"x\", "
         "\"token_header\": \"X-T\"}]}", "token_header"},
        {"{\"sources\": [{\"source\": \"ok\", \"kind\": \"strapi\", \"secret\": \"x\"}, "
         "{\"source\": \"ok\", \"kind\": \"strapi\", \"secret\": \"y\"}]}", "twice"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        const char *path = write_tmp(bad[i].text);
        struct webhook_sources ws = {0};
        char err[256] = "";
        ck_assert_int_eq(webhook_config_load_file(&ws, path, err, sizeof err), TW_EINVAL);
        unlink(path);
        ck_assert_msg(strstr(err, bad[i].err_has) != NULL, "case %zu: '%s'", i, err);
        ck_assert_uint_eq(ws.n, 0);
        webhook_config_cleanup(&ws);
    }
    struct webhook_sources ws = {0};
    char err[256];
    ck_assert_int_eq(webhook_config_load_file(&ws, "/nonexistent/w.json", err, sizeof err),
                     TW_EIO);
}
END_TEST

Suite *webhook_config_suite(void)
{
    Suite *s = suite_create("webhook_config");
    TCase *tc = tcase_create("parse");
    tcase_add_test(tc, test_specs_of_each_kind);
    tcase_add_test(tc, test_bad_specs_refused);
    tcase_add_test(tc, test_file_with_mapping);
    tcase_add_test(tc, test_bad_files_add_nothing);
    suite_add_tcase(s, tc);
    return s;
}
