/* tariff_groups.h - the groups of GET /v1/tariffs/summary, formed in memory. The figures go
 * in one at a time with the texts of their key columns; a group is the figures with equal
 * keys, and keeps their count, min, max and latest value (latest = largest (date, id)). The
 * groups then come out a page at a time, in the byte order of chosen key columns, after a
 * cursor position. Also the ISO week of a date, which the summary's week key uses.
 *
 * SQLite could group these itself, but computing the keys per row in SQL (the ISO week
 * above all) cost more than reading the figures; see db_query_tariffs.c.
 *
 * Threads: any. A struct tariff_groups belongs to the thread that made it; no locking inside.
 */
#ifndef TW_TARIFF_GROUPS_H
#define TW_TARIFF_GROUPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Key columns per group, and sort columns per page. */
#define TARIFF_GROUPS_KEYS 6
#define TARIFF_GROUPS_SORT 8

struct tariff_group {
    const char *key[TARIFF_GROUPS_KEYS]; /* NUL-terminated, owned by the table */
    int64_t count;
    int64_t min, max;
    int64_t latest_value;
    const char *latest_date; /* owned by the table */
    int64_t latest_id;
};

struct tariff_groups;

/* An empty table; free it with tariff_groups_free. Never NULL (OOM aborts). */
struct tariff_groups *tariff_groups_new(void);
/* NULL-safe. */
void tariff_groups_free(struct tariff_groups *g);

/* Counts one figure (value, and its article date and id) in the group of key[0..KEYS), which
 * is created on first use. The texts are copied; NULL is not allowed ("" is a key like any). */
void tariff_groups_add(struct tariff_groups *g, const char *const key[TARIFF_GROUPS_KEYS],
                       int64_t value, const char *date, int64_t id);

/* How many groups there are. */
size_t tariff_groups_count(const struct tariff_groups *g);

/* One page of groups: sorted by the sort tuple whose column i is key[order[i]], or "" in
 * every group when order[i] is -1 (i < norder <= TARIFF_GROUPS_SORT), compared as bytes
 * column by column; only the groups whose tuple is above after[0..norder) (NULL: all of them);
 * at most max. Sets *out to the groups in order and returns their number. The groups and the
 * array stay valid until the next call on g, or tariff_groups_free. */
size_t tariff_groups_page(struct tariff_groups *g, const int *order, size_t norder,
                          const char *const *after, size_t max,
                          const struct tariff_group *const **out);

/* The ISO 8601 week of date (text that starts "YYYY-MM-DD", year 1 to 9999): the year and
 * ordinal week of the Thursday of its Monday-to-Sunday week, as "YYYY-Www" into out (at least
 * 9 bytes). False, with out untouched, when date does not start with a valid day. */
bool tariff_groups_iso_week(const char *date, char *out, size_t cap);

#endif
