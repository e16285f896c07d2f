/* tariff_groups.c - an open-addressing hash table of groups keyed by their key texts, and a
 * sort of the groups for each page. See tariff_groups.h. */
#include "tariff_groups.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "civil.h"
#include "mem.h"

struct entry {
    struct tariff_group pub; /* key[] points into keys */
    char *keys;              /* the key texts back to back, each with its NUL */
    size_t keys_len;
    uint64_t hash;
    char *latest; /* pub.latest_date, reused as later figures replace it */
    size_t latest_cap;
    const char *sort[TARIFF_GROUPS_SORT]; /* this page's sort tuple */
};

struct tariff_groups {
    struct entry *v;
    size_t n, cap;
    uint32_t *slots; /* index + 1 into v; 0 is an empty slot */
    size_t nslots;   /* a power of two, at least twice n */
    struct buf scratch;
    const struct tariff_group **page;
    size_t page_cap;
};

struct tariff_groups *tariff_groups_new(void)
{
    struct tariff_groups *g = xcalloc(1, sizeof *g);
    g->nslots = 64;
    g->slots = xcalloc(g->nslots, sizeof *g->slots);
    buf_init(&g->scratch);
    return g;
}

void tariff_groups_free(struct tariff_groups *g)
{
    if (g == NULL)
        return;
    for (size_t i = 0; i < g->n; i++) {
        free(g->v[i].keys);
        free(g->v[i].latest);
    }
    free(g->v);
    free(g->slots);
    buf_cleanup(&g->scratch);
    free(g->page);
    free(g);
}

size_t tariff_groups_count(const struct tariff_groups *g)
{
    return g->n;
}

/* FNV-1a: the keys are short texts, and the table only needs them spread. */
static uint64_t hash_bytes(const char *p, size_t n)
{
    uint64_t h = 14695981039346656037u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 1099511628211u;
    }
    return h;
}

static void grow_slots(struct tariff_groups *g)
{
    free(g->slots);
    g->nslots *= 2;
    g->slots = xcalloc(g->nslots, sizeof *g->slots);
    for (size_t i = 0; i < g->n; i++) {
        size_t s = (size_t)g->v[i].hash & (g->nslots - 1);
        while (g->slots[s] != 0)
            s = (s + 1) & (g->nslots - 1);
        g->slots[s] = (uint32_t)(i + 1);
    }
}

static void set_latest(struct entry *e, const char *date, int64_t id, int64_t value)
{
    size_t len = strlen(date);
    if (len >= e->latest_cap) {
        free(e->latest);
        e->latest_cap = len + 1 > 32 ? len + 1 : 32;
        e->latest = xmalloc(e->latest_cap);
    }
    memcpy(e->latest, date, len + 1);
    e->pub.latest_date = e->latest;
    e->pub.latest_id = id;
    e->pub.latest_value = value;
}

/* The entry of the keys in g->scratch, created when new. */
static struct entry *find_or_add(struct tariff_groups *g, uint64_t h)
{
    const char *k = g->scratch.data;
    size_t len = g->scratch.len;
    size_t s = (size_t)h & (g->nslots - 1);
    for (; g->slots[s] != 0; s = (s + 1) & (g->nslots - 1)) {
        struct entry *e = &g->v[g->slots[s] - 1];
        if (e->hash == h && e->keys_len == len && memcmp(e->keys, k, len) == 0)
            return e;
    }
    assert(g->n < UINT32_MAX);
    xgrow((void **)&g->v, &g->cap, g->n + 1, sizeof *g->v);
    struct entry *e = &g->v[g->n];
    memset(e, 0, sizeof *e);
    e->keys = xmalloc(len);
    memcpy(e->keys, k, len);
    e->keys_len = len;
    e->hash = h;
    const char *p = e->keys;
    for (int i = 0; i < TARIFF_GROUPS_KEYS; i++) {
        e->pub.key[i] = p;
        p += strlen(p) + 1;
    }
    g->slots[s] = (uint32_t)++g->n;
    if (g->n * 2 > g->nslots)
        grow_slots(g);
    return e;
}

void tariff_groups_add(struct tariff_groups *g, const char *const key[TARIFF_GROUPS_KEYS],
                       int64_t value, const char *date, int64_t id)
{
    buf_reset(&g->scratch);
    for (int i = 0; i < TARIFF_GROUPS_KEYS; i++) {
        assert(key[i] != NULL);
        buf_append(&g->scratch, key[i], strlen(key[i]) + 1);
    }
    struct entry *e = find_or_add(g, hash_bytes(g->scratch.data, g->scratch.len));
    if (e->pub.count == 0) {
        e->pub.min = e->pub.max = value;
        set_latest(e, date, id, value);
    } else {
        if (value < e->pub.min)
            e->pub.min = value;
        if (value > e->pub.max)
            e->pub.max = value;
        int cmp = strcmp(date, e->pub.latest_date);
        if (cmp > 0 || (cmp == 0 && id > e->pub.latest_id))
            set_latest(e, date, id, value);
    }
    e->pub.count++;
}

/* Compares two sort tuples of n columns. */
static int tuple_cmp(const char *const *a, const char *const *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int c = strcmp(a[i], b[i]);
        if (c != 0)
            return c;
    }
    return 0;
}

/* qsort passes no context, so each entry carries its sort tuple, padded with "" to
 * TARIFF_GROUPS_SORT columns (see tariff_groups_page). pub is the first member of struct
 * entry, so a group pointer converts back to its entry. */
static int entry_cmp(const void *pa, const void *pb)
{
    const struct entry *a = (const struct entry *)*(const struct tariff_group *const *)pa;
    const struct entry *b = (const struct entry *)*(const struct tariff_group *const *)pb;
    return tuple_cmp(a->sort, b->sort, TARIFF_GROUPS_SORT);
}

size_t tariff_groups_page(struct tariff_groups *g, const int *order, size_t norder,
                          const char *const *after, size_t max,
                          const struct tariff_group *const **out)
{
    assert(norder <= TARIFF_GROUPS_SORT);
    for (size_t c = 0; c < norder; c++)
        assert(order[c] < TARIFF_GROUPS_KEYS);
    xgrow((void **)&g->page, &g->page_cap, g->n > 0 ? g->n : 1, sizeof *g->page);
    size_t n = 0;
    for (size_t i = 0; i < g->n; i++) {
        struct entry *e = &g->v[i];
        for (size_t c = 0; c < TARIFF_GROUPS_SORT; c++)
            e->sort[c] = c < norder && order[c] >= 0 ? e->pub.key[order[c]] : "";
        if (after == NULL || tuple_cmp(e->sort, after, norder) > 0)
            g->page[n++] = &e->pub;
    }
    qsort(g->page, n, sizeof *g->page, entry_cmp);
    *out = g->page;
    return n < max ? n : max;
}

bool tariff_groups_iso_week(const char *date, char *out, size_t cap)
{
    int y, m, d;
    if (strnlen(date, 10) < 10 || date[4] != '-' || date[7] != '-' || !civil_digits(date, 4, &y) ||
        !civil_digits(date + 5, 2, &m) || !civil_digits(date + 8, 2, &d))
        return false;
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > civil_month_days(y, m))
        return false;
    /* The week's Thursday decides its year; its ordinal day there, its number. */
    int64_t day = civil_days(y, m, d);
    int64_t thursday = day - civil_weekday(day) + 3, year;
    int tm, td;
    civil_from_days(thursday, &year, &tm, &td);
    if (year < 1 || year > 9999 || cap < 9)
        return false;
    int64_t ordinal = thursday - civil_days(year, 1, 1); /* 0-based */
    snprintf(out, cap, "%04d-W%02d", (int)year, (int)(ordinal / 7 + 1));
    return true;
}
