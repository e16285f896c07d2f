/* civil.h - the proleptic Gregorian calendar, once for the whole service: the digits of dates,
 * leap years, day numbers, weekdays, and the RFC 3339 date-time that every since/until and
 * published_at is (the stored form: "1987-02-26T15:01:01.000Z", UTC, text order = time order).
 *
 * Threads: any (pure functions).
 */
#ifndef TW_CIVIL_H
#define TW_CIVIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Reads exactly n ASCII digits at s into *out; false if any is not a digit. */
bool civil_digits(const char *s, int n, int *out);

bool civil_leap(int64_t year);
/* Days in month m (1..12) of year. */
int civil_month_days(int64_t year, int m);

/* Days since 1970-01-01 of y-m-d, and back (H. Hinnant's algorithms; any year). */
int64_t civil_days(int64_t y, int m, int d);
void civil_from_days(int64_t days, int64_t *y, int *m, int *d);
/* The weekday of a day number: 0 Monday .. 6 Sunday. */
int civil_weekday(int64_t days);

/* Parses an RFC 3339 date-time (any offset, "T"/"Z" in either case, any fraction, a leap
 * second) into the stored form, UTC with milliseconds (truncated), in out (at least 25 bytes).
 * 0, or TW_EINVAL when it is not one or falls outside years 0000..9999 in UTC. */
int civil_rfc3339_utc(const char *in, char *out, size_t cap);

#endif
