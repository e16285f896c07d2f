/* actors_map.h - a small string-keyed hash map used by the actors stage for one doc: actor keys,
 * surnames and acronyms to actor indexes.
 *
 * Keys are copied; look-ups and inserts are O(1) on average, so the stage stays linear.
 * Threads: a map being filled belongs to the thread filling it; once filled, any number of
 * threads may amap_get from it at once.
 */
#ifndef TW_ACTORS_MAP_H
#define TW_ACTORS_MAP_H

#include <stddef.h>

struct amap_slot {
    char *key; /* NULL when empty */
    int value;
};

struct amap {
    struct amap_slot *slot;
    size_t nslot, used; /* nslot is a power of two */
};

void amap_init(struct amap *m);
void amap_cleanup(struct amap *m);
/* The value stored under key[0..n), or -1. */
int amap_get(const struct amap *m, const char *key, size_t n);
/* Stores value under key[0..n) unless the key is present; returns the value now stored. */
int amap_put(struct amap *m, const char *key, size_t n, int value);

#endif
