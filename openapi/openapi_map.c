/* SPDX-License-Identifier: Apache-2.0 */
/*
 * openapi_map.c - the hash maps the openapi module keeps its tables in
 * (openapi_internal.h): string keys (copied, compared by content) and
 * pointer keys (compared by address), both over one open-addressing table
 * with linear probing that doubles when it is half full.
 */
#include "openapi_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* FNV-1a hash of a string. */
static size_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return (size_t)h;
}

/* Mixes a pointer into a table index. */
static size_t hash_ptr(const void *p)
{
    uint64_t h = (uint64_t)(uintptr_t)p;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return (size_t)h;
}

/* Hashes a key of either kind. */
static size_t hash_key(const void *key, bool str)
{
    return str ? hash_str(key) : hash_ptr(key);
}

/* Tells whether a stored key is the looked-up one. */
static bool same_key(const void *stored, const void *key, bool str)
{
    return str ? strcmp(stored, key) == 0 : stored == key;
}

/* Returns the slot holding `key`, or the empty slot where it would go
 * (the table has one: it is never more than half full). */
static size_t find_slot(const az__oas_map *m, const void *key, bool str)
{
    size_t i = hash_key(key, str) & (m->cap - 1);
    while (m->keys[i] && !same_key(m->keys[i], key, str))
        i = (i + 1) & (m->cap - 1);
    return i;
}

/* Makes room for one more key, doubling the table (first to `first_cap`
 * slots) when it would be more than half full. */
static az_status reserve(az__oas_map *m, bool str, size_t first_cap)
{
    if ((m->n + 1) * 2 <= m->cap)
        return AZ_OK;
    az__oas_map grown = {0};
    grown.cap = m->cap ? m->cap * 2 : first_cap;
    grown.n = m->n;
    grown.keys = calloc(grown.cap, sizeof *grown.keys);
    grown.vals = calloc(grown.cap, sizeof *grown.vals);
    if (!grown.keys || !grown.vals) {
        free(grown.keys);
        free(grown.vals);
        return AZ_ERR_NOMEM;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        size_t j = find_slot(&grown, m->keys[i], str);
        grown.keys[j] = m->keys[i];
        grown.vals[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    *m = grown;
    return AZ_OK;
}

/* Returns the value under a key; see openapi_internal.h. */
void *az__oas_smap_get(const az__oas_smap *m, const char *key)
{
    if (!m->map.cap)
        return NULL;
    size_t i = find_slot(&m->map, key, true);
    return m->map.keys[i] ? m->map.vals[i] : NULL;
}

/* Stores a value under a copy of a key; see openapi_internal.h. */
az_status az__oas_smap_put(az__oas_smap *m, const char *key, void *val)
{
    if (reserve(&m->map, true, 16) != AZ_OK)
        return AZ_ERR_NOMEM;
    size_t i = find_slot(&m->map, key, true);
    if (!m->map.keys[i]) {
        char *copy = strdup(key);
        if (!copy)
            return AZ_ERR_NOMEM;
        m->map.keys[i] = copy;
        m->map.n++;
    }
    m->map.vals[i] = val;
    return AZ_OK;
}

/* Releases a string map; see openapi_internal.h. */
void az__oas_smap_cleanup(az__oas_smap *m)
{
    for (size_t i = 0; i < m->map.cap; i++)
        free((void *)m->map.keys[i]);
    free(m->map.keys);
    free(m->map.vals);
    memset(m, 0, sizeof *m);
}

/* Returns the value under a pointer key; see openapi_internal.h. */
void *az__oas_pmap_get(const az__oas_pmap *m, const void *key)
{
    if (!m->map.cap || !key)
        return NULL;
    size_t i = find_slot(&m->map, key, false);
    return m->map.keys[i] ? m->map.vals[i] : NULL;
}

/* Stores a value under a pointer key; see openapi_internal.h. */
az_status az__oas_pmap_put(az__oas_pmap *m, const void *key, void *val)
{
    if (!key)
        return AZ_ERR_INVALID;
    if (reserve(&m->map, false, 64) != AZ_OK)
        return AZ_ERR_NOMEM;
    size_t i = find_slot(&m->map, key, false);
    if (!m->map.keys[i]) {
        m->map.keys[i] = key;
        m->map.n++;
    }
    m->map.vals[i] = val;
    return AZ_OK;
}

/* Empties a pointer map, keeping its table; see openapi_internal.h. */
void az__oas_pmap_clear(az__oas_pmap *m)
{
    if (m->map.cap) {
        memset(m->map.keys, 0, m->map.cap * sizeof *m->map.keys);
        memset(m->map.vals, 0, m->map.cap * sizeof *m->map.vals);
    }
    m->map.n = 0;
}

/* Releases a pointer map; see openapi_internal.h. */
void az__oas_pmap_cleanup(az__oas_pmap *m)
{
    free(m->map.keys);
    free(m->map.vals);
    memset(m, 0, sizeof *m);
}
