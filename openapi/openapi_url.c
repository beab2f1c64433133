/* SPDX-License-Identifier: Apache-2.0 */
/*
 * openapi_url.c - URL references: RFC 3986 section 5 resolution of a
 * reference against a base URL (with dot-segment removal), and the mapping
 * between local paths and file:/// URLs that the docset keys documents by.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "openapi_internal.h"

/* The five parts of a URI reference; each is a slice, `has_*` tells
 * whether the part is present at all (an empty query differs from none). */
typedef struct uri_parts {
    const char *scheme, *authority, *path, *query, *fragment;
    size_t scheme_len, authority_len, path_len, query_len, fragment_len;
    bool has_scheme, has_authority, has_query, has_fragment;
} uri_parts;

/* Tells whether s starts with "scheme:" (ALPHA *( ALPHA / DIGIT / + - . )). */
bool az_url_has_scheme(const char *s)
{
    if (!s || !isalpha((unsigned char)s[0]))
        return false;
    for (const char *p = s + 1; *p; p++) {
        if (*p == ':')
            return true;
        if (!isalnum((unsigned char)*p) && *p != '+' && *p != '-' && *p != '.')
            return false;
    }
    return false;
}

/* Splits a URI reference into its parts (RFC 3986 appendix B). */
static void uri_split(const char *s, uri_parts *u)
{
    memset(u, 0, sizeof(*u));
    if (az_url_has_scheme(s)) {
        const char *colon = strchr(s, ':');
        u->scheme = s;
        u->scheme_len = (size_t)(colon - s);
        u->has_scheme = true;
        s = colon + 1;
    }
    if (s[0] == '/' && s[1] == '/') {
        s += 2;
        size_t n = strcspn(s, "/?#");
        u->authority = s;
        u->authority_len = n;
        u->has_authority = true;
        s += n;
    }
    size_t n = strcspn(s, "?#");
    u->path = s;
    u->path_len = n;
    s += n;
    if (*s == '?') {
        s++;
        n = strcspn(s, "#");
        u->query = s;
        u->query_len = n;
        u->has_query = true;
        s += n;
    }
    if (*s == '#') {
        u->fragment = s + 1;
        u->fragment_len = strlen(s + 1);
        u->has_fragment = true;
    }
}

/*
 * Appends `path` to b with its dot segments removed (RFC 3986 5.2.4).
 * Works segment by segment on a copy so "/a/b/../c" becomes "/a/c".
 */
static void add_path_without_dots(az_buf *b, const char *path, size_t len)
{
    size_t start = b->len;
    size_t i = 0;
    while (i < len) {
        const char *seg = path + i;
        size_t rest = len - i;
        if (rest >= 3 && memcmp(seg, "../", 3) == 0) {
            i += 3;
        } else if (rest >= 2 && memcmp(seg, "./", 2) == 0) {
            i += 2;
        } else if (rest >= 3 && memcmp(seg, "/./", 3) == 0) {
            i += 2;
        } else if (rest == 2 && memcmp(seg, "/.", 2) == 0) {
            az_buf_add(b, "/", 1);
            i += 2;
        } else if ((rest >= 4 && memcmp(seg, "/../", 4) == 0) ||
                   (rest == 3 && memcmp(seg, "/..", 3) == 0)) {
            /* Drop the last output segment. */
            while (b->len > start && b->data[b->len - 1] != '/')
                b->len--;
            if (b->len > start)
                b->len--;
            if (b->data)
                b->data[b->len] = '\0';
            if (rest == 3)
                az_buf_add(b, "/", 1);
            i += 3;
        } else if ((rest == 1 && seg[0] == '.') || (rest == 2 && memcmp(seg, "..", 2) == 0)) {
            i += rest;
        } else {
            /* Move the first segment, with its leading slash, to the output. */
            size_t n = seg[0] == '/' ? 1 : 0;
            while (n < rest && seg[n] != '/')
                n++;
            az_buf_add(b, seg, n);
            i += n;
        }
    }
}

/* Appends the merge of a base path and a relative path (RFC 3986 5.2.3)
 * to a scratch buffer. */
static void merge_paths(az_buf *b, const uri_parts *base, const uri_parts *ref)
{
    if (base->has_authority && base->path_len == 0) {
        az_buf_add(b, "/", 1);
    } else {
        size_t keep = base->path_len;
        while (keep > 0 && base->path[keep - 1] != '/')
            keep--;
        az_buf_add(b, base->path, keep);
    }
    az_buf_add(b, ref->path, ref->path_len);
}

/* Resolves `ref` against `base` (RFC 3986 5.2.2); see openapi.h. */
az_status az_url_resolve(const char *base, const char *ref, char **out)
{
    uri_parts r, bp;
    az_buf b = {0}, merged = {0};
    *out = NULL;
    uri_split(ref, &r);
    if (!r.has_scheme) {
        if (!base)
            return AZ_ERR_INVALID;
        uri_split(base, &bp);
    }
    const uri_parts *scheme_from = r.has_scheme ? &r : &bp;
    if (scheme_from->has_scheme) {
        az_buf_add(&b, scheme_from->scheme, scheme_from->scheme_len);
        az_buf_add(&b, ":", 1);
    }
    if (r.has_scheme || r.has_authority) {
        if (r.has_authority) {
            az_buf_add(&b, "//", 2);
            az_buf_add(&b, r.authority, r.authority_len);
        }
        add_path_without_dots(&b, r.path, r.path_len);
        if (r.has_query) {
            az_buf_add(&b, "?", 1);
            az_buf_add(&b, r.query, r.query_len);
        }
    } else {
        if (bp.has_authority) {
            az_buf_add(&b, "//", 2);
            az_buf_add(&b, bp.authority, bp.authority_len);
        }
        if (r.path_len == 0) {
            az_buf_add(&b, bp.path, bp.path_len);
            const uri_parts *q = r.has_query ? &r : &bp;
            if (q->has_query) {
                az_buf_add(&b, "?", 1);
                az_buf_add(&b, q->query, q->query_len);
            }
        } else {
            if (r.path[0] == '/') {
                add_path_without_dots(&b, r.path, r.path_len);
            } else {
                merge_paths(&merged, &bp, &r);
                if (merged.failed)
                    b.failed = true;
                add_path_without_dots(&b, merged.data ? merged.data : "", merged.len);
            }
            if (r.has_query) {
                az_buf_add(&b, "?", 1);
                az_buf_add(&b, r.query, r.query_len);
            }
        }
    }
    if (r.has_fragment) {
        az_buf_add(&b, "#", 1);
        az_buf_add(&b, r.fragment, r.fragment_len);
    }
    free(merged.data);
    if (b.failed) {
        free(b.data);
        return AZ_ERR_NOMEM;
    }
    *out = az_buf_take(&b);
    return *out ? AZ_OK : AZ_ERR_NOMEM;
}

/* Appends one byte of a local path to a file URL, percent-encoded unless
 * it is an RFC 3986 pchar or '/'. */
static void add_path_byte(az_buf *b, unsigned char c)
{
    static const char hex[] = "0123456789ABCDEF";
    if (isalnum(c) || (c != '\0' && strchr("-._~!$&'()*+,;=:@/", c))) {
        az_buf_add(b, (const char *)&c, 1);
    } else {
        char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
        az_buf_add(b, esc, 3);
    }
}

/* Turns a local path into a file:/// URL; see openapi.h. */
az_status az_url_from_path(const char *path, char **out)
{
    az_buf b = {0};
    *out = NULL;
    az_buf_puts(&b, "file://");
    if (path[0] != '/') {
        char *cwd = getcwd(NULL, 0);
        if (!cwd)
            return errno == ENOMEM ? AZ_ERR_NOMEM : AZ_ERR_IO;
        for (const char *p = cwd; *p; p++)
            add_path_byte(&b, (unsigned char)*p);
        free(cwd);
        if (b.len == 0 || b.data[b.len - 1] != '/')
            az_buf_add(&b, "/", 1);
    }
    for (const char *p = path; *p; p++)
        add_path_byte(&b, (unsigned char)*p);
    if (b.failed) {
        free(b.data);
        return AZ_ERR_NOMEM;
    }
    /* Normalize "a/./b" and "a/../b" through a resolution against itself. */
    char *url = az_buf_take(&b);
    if (!url)
        return AZ_ERR_NOMEM;
    az_status st = az_url_resolve(NULL, url, out);
    free(url);
    return st;
}

/* The local path of a file: URL; see openapi.h. */
char *az_url_to_path(const char *url)
{
    uri_parts u;
    if (!url || strncasecmp(url, "file:", 5) != 0)
        return NULL;
    uri_split(url, &u);
    /* file:///p and file://localhost/p name local files; other hosts do not. */
    if (u.has_authority && u.authority_len != 0 &&
        !(u.authority_len == 9 && strncasecmp(u.authority, "localhost", 9) == 0))
        return NULL;
    return az_percent_decode(u.path, u.path_len, NULL);
}
