#include <check.h>
#include <string.h>

#include "suites.h"

#include "config.h"
#include "status.h"

static char *no_env[] = {NULL};

START_TEST(test_defaults)
{
    struct config c;
    char err[128];
    char *argv[] = {"serve", NULL};
    ck_assert_int_eq(config_load(&c, 1, argv, no_env, err, sizeof err), TW_OK);
    ck_assert_str_eq(c.bind, "127.0.0.1");
    ck_assert_int_eq(c.port, 8080);
    ck_assert_str_eq(c.db_path, "data/tradewire.db");
    ck_assert_int_ge(c.workers, 1);
    ck_assert_int_eq(c.max_body, 1048576);
    ck_assert_int_eq(c.queue_max, 10000);
    ck_assert_ptr_null(c.port_file);
    config_cleanup(&c);
}
END_TEST

START_TEST(test_flag_beats_env_beats_default)
{
    struct config c;
    char err[128];
    char *env[] = {"TRADEWIRE_PORT=9000", "TRADEWIRE_DB=/tmp/env.db", "TRADEWIRE_WORKERS=3",
                   "TRADEWIRE_PORTX=1", NULL};
    char *argv[] = {"serve", "--port", "0", "--max-body=2048", "--queue-max", "7", NULL};
    ck_assert_int_eq(config_load(&c, 6, argv, env, err, sizeof err), TW_OK);
    ck_assert_int_eq(c.port, 0);
    ck_assert_str_eq(c.db_path, "/tmp/env.db");
    ck_assert_int_eq(c.workers, 3);
    ck_assert_int_eq(c.max_body, 2048);
    ck_assert_int_eq(c.queue_max, 7);
    config_cleanup(&c);
}
END_TEST

START_TEST(test_refusals_name_the_option)
{
    static const char *const cases[][3] = {
        {"--port", "65536", "--port"},   {"--port", "80x", "--port"},
        {"--workers", "0", "--workers"}, {"--max-body", "-1", "--max-body"},
        {"--nope", "1", "--nope"},       {"--log-level", "loud", "loud"},
        {"--bind", "localhost", "localhost"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct config c;
        char err[128] = "";
        char *argv[] = {"serve", (char *)(uintptr_t)cases[i][0], (char *)(uintptr_t)cases[i][1],
                        NULL};
        ck_assert_int_eq(config_load(&c, 3, argv, no_env, err, sizeof err), TW_EINVAL);
        ck_assert_msg(strstr(err, cases[i][2]) != NULL, "'%s' lacks %s", err, cases[i][2]);
        ck_assert_ptr_null(c.bind); /* cleaned up */
    }
    struct config c;
    char err[128] = "";
    char *argv[] = {"serve", "--db", NULL};
    ck_assert_int_eq(config_load(&c, 2, argv, no_env, err, sizeof err), TW_EINVAL);
    ck_assert(strstr(err, "needs a value") != NULL);
    char *env[] = {"TRADEWIRE_QUEUE_MAX=lots", NULL};
    char *argv2[] = {"serve", NULL};
    ck_assert_int_eq(config_load(&c, 1, argv2, env, err, sizeof err), TW_EINVAL);
    ck_assert(strstr(err, "TRADEWIRE_QUEUE_MAX") != NULL);
}
END_TEST

Suite *config_suite(void)
{
    Suite *s = suite_create("config");
    TCase *tc = tcase_create("resolution");
    tcase_add_test(tc, test_defaults);
    tcase_add_test(tc, test_flag_beats_env_beats_default);
    tcase_add_test(tc, test_refusals_name_the_option);
    suite_add_tcase(s, tc);
    return s;
}
