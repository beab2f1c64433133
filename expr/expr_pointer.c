/* SPDX-License-Identifier: Apache-2.0 */
/*
 * expr_pointer.c - JSON Pointer operations beyond lookup (which is in
 * core): the URI-fragment representation of RFC 6901 section 6 and the
 * `add` and `replace` operations of RFC 6902 (JSON Patch) sections 4.1 and
 * 4.3, used for Payload Replacement targets (checklist PR-04: behave like
 * `add`; the parent must exist, "-" appends, an index up to the length
 * inserts).
 *
 *   fragment        = [ "#" ] *( "/" reference-token )   ; percent-encoded
 *   pct-encoded     = "%" HEXDIG HEXDIG                   ; RFC 3986
 *   array-index     = %x30 / ( %x31-39 *DIGIT )           ; or "-" for add
 */
#include "expr_internal.h"

#include <stdlib.h>
#include <string.h>

/* Tells whether `s` is valid UTF-8 (no overlongs, surrogates or values past U+10FFFF). */
static bool utf8_valid(const unsigned char *s)
{
    while (*s) {
        unsigned c = *s;
        size_t n;
        unsigned min, cp;
        if (c < 0x80) {
            s++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            n = 1, min = 0x80, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2, min = 0x800, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3, min = 0x10000, cp = c & 0x07;
        } else {
            return false;
        }
        for (size_t i = 1; i <= n; i++) {
            if ((s[i] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        s += n + 1;
    }
    return true;
}

/* Tells whether every '~' of a plain pointer is followed by '0' or '1'. */
static bool escapes_valid(const char *p)
{
    for (; *p; p++)
        if (*p == '~' && p[1] != '0' && p[1] != '1')
            return false;
    return true;
}

/* Tells whether every '%' of `len` bytes starts a "%" HEXDIG HEXDIG
 * triplet. */
static bool pct_triplets_valid(const char *p, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (p[i] == '%' &&
            (i + 2 >= len || az_hex_digit(p[i + 1]) < 0 || az_hex_digit(p[i + 2]) < 0))
            return false;
    }
    return true;
}

/* Converts the URI-fragment form of a pointer to the plain form. */
az_status az_pointer_from_fragment(const char *fragment, char **out)
{
    az_status st = AZ_OK;
    const char *p = fragment[0] == '#' ? fragment + 1 : fragment;
    size_t len = strlen(p), n = 0;
    char *buf = NULL;
    *out = NULL;
    if (!pct_triplets_valid(p, len))
        return AZ_ERR_INVALID;
    buf = az_percent_decode(p, len, &n);
    if (!buf)
        return AZ_ERR_NOMEM;
    /* A "%00" would cut the pointer short. */
    if (memchr(buf, '\0', n) || (n > 0 && buf[0] != '/') || !escapes_valid(buf) ||
        !utf8_valid((const unsigned char *)buf)) {
        st = AZ_ERR_INVALID;
        goto out;
    }
out:
    if (st != AZ_OK) {
        free(buf);
        buf = NULL;
    }
    *out = buf;
    return st;
}

/* Parses an array index of the RFC 6901 form; false otherwise. */
static bool parse_index(const char *tok, size_t *out)
{
    size_t v = 0, len = strlen(tok);
    if (len == 0 || (len > 1 && tok[0] == '0'))
        return false;
    for (size_t i = 0; i < len; i++) {
        if (tok[i] < '0' || tok[i] > '9' || v > (SIZE_MAX - 9) / 10)
            return false;
        v = v * 10 + (size_t)(tok[i] - '0');
    }
    *out = v;
    return true;
}

/*
 * Splits a pointer into its parent node (borrowed) and its unescaped last
 * token (a new string in *token).
 */
static az_status locate_parent(json_object *root, const char *pointer, json_object **parent,
                               char **token)
{
    az_status st;
    const char *slash = strrchr(pointer, '/');
    size_t plen = (size_t)(slash - pointer);
    char *prefix = malloc(plen + 1);
    char *tok = malloc(strlen(slash + 1) + 1);
    *token = NULL;
    if (!prefix || !tok) {
        st = AZ_ERR_NOMEM;
        goto out;
    }
    memcpy(prefix, pointer, plen);
    prefix[plen] = '\0';
    st = az_pointer_get(root, prefix, parent);
    if (st != AZ_OK)
        goto out;
    size_t n = 0;
    for (const char *q = slash + 1; *q; q++) {
        if (*q == '~') {
            tok[n++] = q[1] == '0' ? '~' : '/';
            q++;
        } else {
            tok[n++] = *q;
        }
    }
    tok[n] = '\0';
    *token = tok;
    tok = NULL;
out:
    free(prefix);
    free(tok);
    return st;
}

/*
 * Inserts `value` at index `idx` <= length of `arr`. The array takes the
 * reference on success; on failure the caller keeps it.
 */
static az_status array_insert(json_object *arr, size_t idx, json_object *value)
{
    size_t len = json_object_array_length(arr);
    if (idx == len)
        return json_object_array_add(arr, value) == 0 ? AZ_OK : AZ_ERR_NOMEM;
    /* Grow first so the shifts below cannot fail half-way. */
    json_object *last = json_object_get(json_object_array_get_idx(arr, len - 1));
    if (json_object_array_add(arr, last) != 0) {
        json_object_put(last);
        return AZ_ERR_NOMEM;
    }
    /* Shift the rest of the tail one place right, last element first. */
    for (size_t i = len - 1; i > idx; i--)
        json_object_array_put_idx(arr, i, json_object_get(json_object_array_get_idx(arr, i - 1)));
    json_object_array_put_idx(arr, idx, value);
    return AZ_OK;
}

/* Performs `add` (replace false) or `replace` (replace true). */
static az_status patch(json_object **root, const char *pointer, json_object *value, bool replace)
{
    az_status st;
    json_object *parent = NULL;
    char *tok = NULL;
    if (pointer[0] == '\0') {
        json_object_put(*root);
        *root = value;
        return AZ_OK;
    }
    if (pointer[0] != '/' || !escapes_valid(pointer)) {
        st = AZ_ERR_INVALID;
        goto fail;
    }
    if ((st = locate_parent(*root, pointer, &parent, &tok)) != AZ_OK)
        goto fail;
    if (json_object_is_type(parent, json_type_object)) {
        if (replace && !json_object_object_get_ex(parent, tok, NULL)) {
            st = AZ_ERR_NOT_FOUND;
            goto fail;
        }
        if (json_object_object_add(parent, tok, value) != 0) {
            st = AZ_ERR_NOMEM; /* json-c leaves the reference with us */
            goto fail;
        }
        goto out;
    }
    if (json_object_is_type(parent, json_type_array)) {
        size_t len = json_object_array_length(parent), idx;
        if (!replace && strcmp(tok, "-") == 0) {
            idx = len;
        } else if (!parse_index(tok, &idx)) {
            st = AZ_ERR_NOT_FOUND;
            goto fail;
        }
        if (idx > len || (replace && idx == len)) {
            st = AZ_ERR_NOT_FOUND;
            goto fail;
        }
        if (replace)
            st = json_object_array_put_idx(parent, idx, value) == 0 ? AZ_OK : AZ_ERR_NOMEM;
        else
            st = array_insert(parent, idx, value);
        if (st != AZ_OK)
            goto fail;
        goto out;
    }
    st = AZ_ERR_INVALID;
fail:
    json_object_put(value);
out:
    free(tok);
    return st;
}

/* RFC 6902 add. */
az_status az_pointer_add(json_object **root, const char *pointer, json_object *value)
{
    return patch(root, pointer, value, false);
}

/* RFC 6902 replace. */
az_status az_pointer_replace(json_object **root, const char *pointer, json_object *value)
{
    return patch(root, pointer, value, true);
}
