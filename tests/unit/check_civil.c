/* civil.h: day numbers against known dates, the round trip over four centuries, weekdays, and
 * RFC 3339 date-times turned into the stored UTC form or refused. */
#include <check.h>

#include "suites.h"

#include "civil.h"
#include "status.h"

START_TEST(test_days)
{
    ck_assert_int_eq(civil_days(1970, 1, 1), 0);
    ck_assert_int_eq(civil_days(2000, 3, 1), 11017);
    ck_assert_int_eq(civil_days(1900, 1, 1), -25567);
    ck_assert_int_eq(civil_days(1, 1, 1), -719162);
    /* every day of 1600..2400 goes there and back, one after another */
    int64_t prev = civil_days(1600, 1, 1) - 1;
    for (int64_t y = 1600; y <= 2400; y++)
        for (int m = 1; m <= 12; m++)
            for (int d = 1; d <= civil_month_days(y, m); d++) {
                int64_t n = civil_days(y, m, d), yy;
                int mm, dd;
                ck_assert_int_eq(n, prev + 1);
                civil_from_days(n, &yy, &mm, &dd);
                ck_assert(yy == y && mm == m && dd == d);
                prev = n;
            }
    ck_assert_int_eq(civil_weekday(0), 3);                       /* a Thursday */
    ck_assert_int_eq(civil_weekday(civil_days(2026, 11, 27)), 4); /* a Friday */
    ck_assert_int_eq(civil_weekday(civil_days(1, 1, 1)), 0);     /* a Monday */
    ck_assert(civil_leap(2000) && civil_leap(2024) && !civil_leap(1900) && !civil_leap(2026));
    int v;
    ck_assert(civil_digits("0420x", 4, &v) && v == 420);
    ck_assert(!civil_digits("04x0", 4, &v));
}
END_TEST

START_TEST(test_rfc3339)
{
    char out[32];
    ck_assert_int_eq(civil_rfc3339_utc("2026-03-15T08:30:00+01:00", out, sizeof out), TW_OK);
    ck_assert_str_eq(out, "2026-03-15T07:30:00.000Z");
    ck_assert_int_eq(civil_rfc3339_utc("2026-01-01t00:30:00.5-01:00", out, sizeof out), TW_OK);
    ck_assert_str_eq(out, "2026-01-01T01:30:00.500Z");
    ck_assert_int_eq(civil_rfc3339_utc("2026-01-01T00:10:00.123456+02:00", out, sizeof out),
                     TW_OK);
    ck_assert_str_eq(out, "2025-12-31T22:10:00.123Z");
    ck_assert_int_eq(civil_rfc3339_utc("2024-02-29T23:59:59z", out, sizeof out), TW_OK);
    ck_assert_str_eq(out, "2024-02-29T23:59:59.000Z");
    ck_assert_int_eq(civil_rfc3339_utc("2016-12-31T23:59:60Z", out, sizeof out), TW_OK);
    ck_assert_str_eq(out, "2017-01-01T00:00:00.000Z");
    ck_assert_int_eq(civil_rfc3339_utc("2023-02-29T00:00:00Z", out, sizeof out), TW_EINVAL);
    ck_assert_int_eq(civil_rfc3339_utc("2026-03-15 08:30:00Z", out, sizeof out), TW_EINVAL);
    ck_assert_int_eq(civil_rfc3339_utc("2026-03-15T08:30:00", out, sizeof out), TW_EINVAL);
    ck_assert_int_eq(civil_rfc3339_utc("2026-03-15T08:30:00+0100", out, sizeof out), TW_EINVAL);
    ck_assert_int_eq(civil_rfc3339_utc("2026-03-15T08:30:00.Z", out, sizeof out), TW_EINVAL);
    ck_assert_int_eq(civil_rfc3339_utc("9999-12-31T23:30:00-01:00", out, sizeof out), TW_EINVAL);
    ck_assert_int_eq(civil_rfc3339_utc(NULL, out, sizeof out), TW_EINVAL);
}
END_TEST

Suite *civil_suite(void)
{
    Suite *s = suite_create("civil");
    TCase *c = tcase_create("calendar");
    tcase_add_test(c, test_days);
    tcase_add_test(c, test_rfc3339);
    suite_add_tcase(s, c);
    return s;
}
