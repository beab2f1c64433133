/* SPDX-License-Identifier: Apache-2.0 */
/*
 * openapi_schema_uri.c - what the JSON Schema validator needs of URIs and
 * of the tables it keeps: reference resolution (RFC 3986 section 5.2,
 * "Relative Resolution", with section 5.2.4 "Remove Dot Segments"), the
 * string- and pointer-keyed hash maps of openapi_schema_internal.h, and
 * UTF-8 code point counting (`maxLength` counts code points, JSON Schema
 * Validation 2020-12 section 6.3.1).
 *
 *   URI-reference = URI / relative-ref
 *   URI           = scheme ":" hier-part [ "?" query ] [ "#" fragment ]
 *   relative-ref  = relative-part [ "?" query ] [ "#" fragment ]
 *   hier-part     = "//" authority path-abempty / path-absolute / ...
 */
#include "openapi_schema_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The parts of a URI reference; each is a slice of the parsed string. */
typedef struct uri_parts {
    const char *scheme;
    size_t scheme_len;
    bool has_auth;
    const char *auth;
    size_t auth_len;
    const char *path;
    size_t path_len;
    bool has_query;
    const char *query;
    size_t query_len;
    bool has_frag;
    const char *frag;
    size_t frag_len;
} uri_parts;

/* Tells whether a byte may follow the first letter of a scheme. */
static bool scheme_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '-' || c == '.';
}

/* Splits a URI reference into its five parts (RFC 3986 appendix B). */
static void uri_parse(const char *s, uri_parts *u)
{
    memset(u, 0, sizeof *u);
    const char *p = s;
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) {
        const char *q = p + 1;
        while (scheme_char(*q))
            q++;
        if (*q == ':') {
            u->scheme = p;
            u->scheme_len = (size_t)(q - p);
            p = q + 1;
        }
    }
    if (p[0] == '/' && p[1] == '/') {
        p += 2;
        u->has_auth = true;
        u->auth = p;
        while (*p && *p != '/' && *p != '?' && *p != '#')
            p++;
        u->auth_len = (size_t)(p - u->auth);
    }
    u->path = p;
    while (*p && *p != '?' && *p != '#')
        p++;
    u->path_len = (size_t)(p - u->path);
    if (*p == '?') {
        u->has_query = true;
        u->query = ++p;
        while (*p && *p != '#')
            p++;
        u->query_len = (size_t)(p - u->query);
    }
    if (*p == '#') {
        u->has_frag = true;
        u->frag = p + 1;
        u->frag_len = strlen(p + 1);
    }
}

/* Appends `len` bytes of `path` to `out` with its dot segments removed
 * (RFC 3986 section 5.2.4), working segment by segment. */
static void remove_dots(az_buf *out, const char *path, size_t len)
{
    size_t start = out->len;
    size_t i = 0;
    while (i < len) {
        const char *in = path + i;
        size_t rest = len - i;
        if (rest >= 3 && memcmp(in, "../", 3) == 0) {
            i += 3;
        } else if (rest >= 2 && memcmp(in, "./", 2) == 0) {
            i += 2;
        } else if (rest >= 3 && memcmp(in, "/./", 3) == 0) {
            i += 2;
        } else if (rest == 2 && memcmp(in, "/.", 2) == 0) {
            /* "/." at the end becomes "/". */
            az_buf_add(out, "/", 1);
            i += 2;
        } else if ((rest >= 4 && memcmp(in, "/../", 4) == 0) ||
                   (rest == 3 && memcmp(in, "/..", 3) == 0)) {
            /* Drop the last output segment. */
            while (out->len > start && out->data[out->len - 1] != '/')
                out->len--;
            if (out->len > start)
                out->len--;
            if (out->data)
                out->data[out->len] = '\0';
            /* "/../" goes on as "/"; a final "/.." becomes "/". */
            i += 3;
            if (rest == 3)
                az_buf_add(out, "/", 1);
        } else if ((rest == 1 && in[0] == '.') || (rest == 2 && memcmp(in, "..", 2) == 0)) {
            i = len;
        } else {
            size_t j = (in[0] == '/') ? 1 : 0;
            while (j < rest && in[j] != '/')
                j++;
            az_buf_add(out, in, j);
            i += j;
        }
    }
}

/* Resolves a reference against a base; see openapi_schema_internal.h. */
char *az__schema_uri_resolve(const char *base, const char *ref)
{
    uri_parts b, r;
    az_buf out = {0};
    uri_parse(base, &b);
    uri_parse(ref, &r);
    const uri_parts *scheme = r.scheme ? &r : &b;
    const uri_parts *auth = (r.scheme || r.has_auth) ? &r : &b;
    if (scheme->scheme) {
        az_buf_add(&out, scheme->scheme, scheme->scheme_len);
        az_buf_add(&out, ":", 1);
    }
    if (auth->has_auth) {
        az_buf_add(&out, "//", 2);
        az_buf_add(&out, auth->auth, auth->auth_len);
    }
    const uri_parts *query = &r;
    if (r.scheme || r.has_auth) {
        remove_dots(&out, r.path, r.path_len);
    } else if (r.path_len == 0) {
        az_buf_add(&out, b.path, b.path_len);
        if (!r.has_query)
            query = &b;
    } else if (r.path[0] == '/') {
        remove_dots(&out, r.path, r.path_len);
    } else {
        /* Merge (section 5.2.3), then remove the dot segments. */
        az_buf merged = {0};
        if (b.has_auth && b.path_len == 0) {
            az_buf_add(&merged, "/", 1);
        } else {
            size_t keep = b.path_len;
            while (keep > 0 && b.path[keep - 1] != '/')
                keep--;
            az_buf_add(&merged, b.path, keep);
        }
        az_buf_add(&merged, r.path, r.path_len);
        if (merged.failed)
            out.failed = true;
        else if (merged.data)
            remove_dots(&out, merged.data, merged.len);
        free(merged.data);
    }
    if (query->has_query) {
        az_buf_add(&out, "?", 1);
        az_buf_add(&out, query->query, query->query_len);
    }
    if (r.has_frag) {
        az_buf_add(&out, "#", 1);
        az_buf_add(&out, r.frag, r.frag_len);
    }
    return az_buf_take(&out);
}

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

/* Returns the value under a key; see openapi_schema_internal.h. */
void *az__schema_smap_get(const az__smap *m, const char *key)
{
    if (!m->cap)
        return NULL;
    for (size_t i = hash_str(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->keys[i])
            return NULL;
        if (strcmp(m->keys[i], key) == 0)
            return m->vals[i];
    }
}

/* Stores a value under a key; see openapi_schema_internal.h. */
az_status az__schema_smap_put(az__smap *m, const char *key, void *val)
{
    if ((m->n + 1) * 2 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 16;
        char **keys = calloc(cap, sizeof *keys);
        void **vals = calloc(cap, sizeof *vals);
        if (!keys || !vals) {
            free(keys);
            free(vals);
            return AZ_ERR_NOMEM;
        }
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->keys[i])
                continue;
            size_t j = hash_str(m->keys[i]) & (cap - 1);
            while (keys[j])
                j = (j + 1) & (cap - 1);
            keys[j] = m->keys[i];
            vals[j] = m->vals[i];
        }
        free(m->keys);
        free(m->vals);
        m->keys = keys;
        m->vals = vals;
        m->cap = cap;
    }
    size_t i = hash_str(key) & (m->cap - 1);
    while (m->keys[i]) {
        if (strcmp(m->keys[i], key) == 0) {
            m->vals[i] = val;
            return AZ_OK;
        }
        i = (i + 1) & (m->cap - 1);
    }
    m->keys[i] = strdup(key);
    if (!m->keys[i])
        return AZ_ERR_NOMEM;
    m->vals[i] = val;
    m->n++;
    return AZ_OK;
}

/* Releases a string map; see openapi_schema_internal.h. */
void az__schema_smap_cleanup(az__smap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

/* Returns the value under a pointer key; see openapi_schema_internal.h. */
void *az__schema_pmap_get(const az__pmap *m, const void *key)
{
    if (!m->cap || !key)
        return NULL;
    for (size_t i = hash_ptr(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->keys[i])
            return NULL;
        if (m->keys[i] == key)
            return m->vals[i];
    }
}

/* Stores a value under a pointer key; see openapi_schema_internal.h. */
az_status az__schema_pmap_put(az__pmap *m, const void *key, void *val)
{
    if (!key)
        return AZ_ERR_INVALID;
    if ((m->n + 1) * 2 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        const void **keys = calloc(cap, sizeof *keys);
        void **vals = calloc(cap, sizeof *vals);
        if (!keys || !vals) {
            free(keys);
            free(vals);
            return AZ_ERR_NOMEM;
        }
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->keys[i])
                continue;
            size_t j = hash_ptr(m->keys[i]) & (cap - 1);
            while (keys[j])
                j = (j + 1) & (cap - 1);
            keys[j] = m->keys[i];
            vals[j] = m->vals[i];
        }
        free(m->keys);
        free(m->vals);
        m->keys = keys;
        m->vals = vals;
        m->cap = cap;
    }
    size_t i = hash_ptr(key) & (m->cap - 1);
    while (m->keys[i] && m->keys[i] != key)
        i = (i + 1) & (m->cap - 1);
    if (!m->keys[i])
        m->n++;
    m->keys[i] = key;
    m->vals[i] = val;
    return AZ_OK;
}

/* Releases a pointer map; see openapi_schema_internal.h. */
void az__schema_pmap_cleanup(az__pmap *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

/* Returns a hex digit's value; see openapi_schema_internal.h. */
int az__schema_hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Counts code points; see openapi_schema_internal.h. */
size_t az__schema_utf8_len(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    }
    return n;
}
