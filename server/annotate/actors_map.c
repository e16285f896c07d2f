/* actors_map.c - open addressing with linear probing, FNV-1a hashes, doubling at half load. */
#include "actors_map.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

static uint32_t hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

void amap_init(struct amap *m)
{
    m->nslot = 64;
    m->used = 0;
    m->slot = xcalloc(m->nslot, sizeof *m->slot);
}

void amap_cleanup(struct amap *m)
{
    for (size_t i = 0; i < m->nslot; i++)
        free(m->slot[i].key);
    free(m->slot);
    memset(m, 0, sizeof *m);
}

static struct amap_slot *find(const struct amap *m, const char *key, size_t n)
{
    for (size_t i = hash(key, n) & (m->nslot - 1);; i = (i + 1) & (m->nslot - 1)) {
        struct amap_slot *s = &m->slot[i];
        if (s->key == NULL || (strlen(s->key) == n && memcmp(s->key, key, n) == 0))
            return s;
    }
}

int amap_get(const struct amap *m, const char *key, size_t n)
{
    const struct amap_slot *s = find(m, key, n);
    return s->key ? s->value : -1;
}

static void grow(struct amap *m)
{
    struct amap old = *m;
    m->nslot *= 2;
    m->slot = xcalloc(m->nslot, sizeof *m->slot);
    for (size_t i = 0; i < old.nslot; i++) {
        if (old.slot[i].key == NULL)
            continue;
        *find(m, old.slot[i].key, strlen(old.slot[i].key)) = old.slot[i];
    }
    free(old.slot);
}

int amap_put(struct amap *m, const char *key, size_t n, int value)
{
    struct amap_slot *s = find(m, key, n);
    if (s->key)
        return s->value;
    s->key = xstrndup(key, n);
    s->value = value;
    if (++m->used * 2 > m->nslot)
        grow(m);
    return value;
}
