/* civil.c - see civil.h. */
#include "civil.h"

#include <stdio.h>
#include <string.h>

#include "status.h"

bool civil_digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool civil_leap(int64_t year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int civil_month_days(int64_t year, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && civil_leap(year) ? 29 : days[m - 1];
}

int64_t civil_days(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void civil_from_days(int64_t days, int64_t *y, int *m, int *d)
{
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

int civil_weekday(int64_t days)
{
    int64_t w = (days + 3) % 7; /* 1970-01-01 was a Thursday */
    return (int)(w < 0 ? w + 7 : w);
}

int civil_rfc3339_utc(const char *in, char *out, size_t cap)
{
    int y, mo, d, h, mi, sec, ms = 0;
    if (in == NULL || strlen(in) < 20 || !civil_digits(in, 4, &y) || in[4] != '-' ||
        !civil_digits(in + 5, 2, &mo) || in[7] != '-' || !civil_digits(in + 8, 2, &d) ||
        (in[10] != 'T' && in[10] != 't') || !civil_digits(in + 11, 2, &h) || in[13] != ':' ||
        !civil_digits(in + 14, 2, &mi) || in[16] != ':' || !civil_digits(in + 17, 2, &sec))
        return TW_EINVAL;
    if (mo < 1 || mo > 12 || d < 1 || d > civil_month_days(y, mo) || h > 23 || mi > 59 ||
        sec > 60)
        return TW_EINVAL;
    const char *p = in + 19;
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9')
            return TW_EINVAL;
        int k = 0;
        for (; *p >= '0' && *p <= '9'; p++, k++) {
            if (k < 3)
                ms = ms * 10 + (*p - '0');
        }
        ms *= k == 1 ? 100 : k == 2 ? 10 : 1; /* ".5" is 500 ms; digits past 3 truncated */
    }
    int offset = 0; /* minutes east of UTC */
    if ((*p == 'Z' || *p == 'z') && p[1] == '\0') {
        offset = 0;
    } else {
        int oh, om;
        if ((*p != '+' && *p != '-') || !civil_digits(p + 1, 2, &oh) || p[3] != ':' ||
            !civil_digits(p + 4, 2, &om) || p[6] != '\0' || oh > 23 || om > 59)
            return TW_EINVAL;
        offset = (oh * 60 + om) * (*p == '-' ? -1 : 1);
    }
    int64_t t = civil_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset * 60;
    int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    int64_t rem = t - days * 86400, yy;
    int m2, d2;
    civil_from_days(days, &yy, &m2, &d2);
    if (yy < 0 || yy > 9999)
        return TW_EINVAL;
    snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", (int)yy, m2, d2, (int)(rem / 3600),
             (int)(rem % 3600 / 60), (int)(rem % 60), ms);
    return TW_OK;
}
