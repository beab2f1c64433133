/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core_pointer.c - JSON Pointer (RFC 6901) evaluation over json-c trees.
 *
 *   json-pointer    = *( "/" reference-token )
 *   reference-token = *( unescaped / escaped )
 *   unescaped       = %x00-2E / %x30-7D / %x7F-10FFFF   ; not '/' or '~'
 *   escaped         = "~" ( "0" / "1" )                  ; ~0 is '~', ~1 is '/'
 *
 * An array index is "0" or a decimal number without leading zeros; "-"
 * (the element after the last) never exists for a lookup. The URI-fragment
 * form and patch operations belong to the expr module.
 */
#include "core_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/*
 * Decodes the reference token that starts at `p` (just after a '/') into
 * `buf` (at least as long as the token) and returns the position of the
 * next '/' or end; returns NULL when an escape is malformed.
 */
static const char *decode_token(const char *p, char *buf, size_t *len)
{
    size_t n = 0;
    while (*p && *p != '/') {
        if (*p == '~') {
            if (p[1] == '0')
                buf[n++] = '~';
            else if (p[1] == '1')
                buf[n++] = '/';
            else
                return NULL;
            p += 2;
        } else {
            buf[n++] = *p++;
        }
    }
    buf[n] = '\0';
    *len = n;
    return p;
}

/* Parses an RFC 6901 array index; returns false for anything else. */
static bool parse_index(const char *tok, size_t len, size_t *out)
{
    if (len == 0 || (len > 1 && tok[0] == '0'))
        return false;
    size_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (tok[i] < '0' || tok[i] > '9')
            return false;
        if (v > (SIZE_MAX - 9) / 10)
            return false;
        v = v * 10 + (size_t)(tok[i] - '0');
    }
    *out = v;
    return true;
}

/*
 * Walks `pointer` from `root`. On AZ_OK, *node is the target (NULL for a
 * JSON null), *parent its container (NULL for the root) and, when the last
 * step was a mapping member, *last_key its decoded name (a new malloc'd
 * string, else NULL) or else *last_index the sequence index.
 */
static az_status walk(json_object *root, const char *pointer, json_object **parent,
                      json_object **node, char **last_key, size_t *last_index)
{
    az_status st = AZ_OK;
    json_object *up = NULL, *cur = root;
    bool by_key = false;
    size_t index = 0;
    char *buf = NULL;

    if (!pointer || (*pointer && *pointer != '/'))
        return AZ_ERR_INVALID;
    buf = malloc(strlen(pointer) + 1);
    if (!buf)
        return AZ_ERR_NOMEM;
    const char *p = pointer;
    while (*p == '/') {
        size_t len;
        p = decode_token(p + 1, buf, &len);
        if (!p) {
            st = AZ_ERR_INVALID;
            goto out;
        }
        up = cur;
        if (json_object_is_type(cur, json_type_object)) {
            if (!json_object_object_get_ex(cur, buf, &cur)) {
                st = AZ_ERR_NOT_FOUND;
                goto out;
            }
            by_key = true;
        } else if (json_object_is_type(cur, json_type_array)) {
            if (!parse_index(buf, len, &index) || index >= json_object_array_length(cur)) {
                st = AZ_ERR_NOT_FOUND;
                goto out;
            }
            cur = json_object_array_get_idx(cur, index);
            by_key = false;
        } else {
            st = AZ_ERR_NOT_FOUND;
            goto out;
        }
    }
    *parent = up;
    *node = cur;
    *last_index = index;
    if (by_key) {
        *last_key = buf;
        buf = NULL;
    } else {
        *last_key = NULL;
    }
out:
    free(buf);
    return st;
}

/* Resolves a pointer against a tree; see core.h. */
az_status az_pointer_get(json_object *root, const char *pointer, json_object **out)
{
    json_object *parent, *node;
    char *key = NULL;
    size_t index;
    az_status st = walk(root, pointer, &parent, &node, &key, &index);
    free(key);
    if (st == AZ_OK && out)
        *out = node;
    return st;
}

/* Builds "<prefix>/<escaped token>"; see core.h. */
char *az_pointer_append(const char *prefix, const char *token, size_t token_len)
{
    az_buf b = {0};
    if (prefix)
        az_buf_puts(&b, prefix);
    az_buf_add(&b, "/", 1);
    az_buf_add_token(&b, token, token_len);
    return az_buf_take(&b);
}

/* Positions of the node a pointer names; see core.h. */
az_status az_doc_pointer_pos(const az_doc *doc, const char *pointer, az_pos *value_pos,
                             az_pos *key_pos)
{
    json_object *parent, *node;
    char *key = NULL;
    size_t index;
    az_pos vpos = {doc->name, 0, 0}, kpos = {NULL, 0, 0};
    uint32_t key_line = 0, key_column = 0;

    az_status st = walk(doc->root, pointer, &parent, &node, &key, &index);
    if (st != AZ_OK)
        return st;
    /* A null, or a node placed here through an alias, has a place record. */
    const az__node_rec *rec = az__doc_rec(doc, node);
    const az__place_rec *place = NULL;
    if (!node || (rec && rec->shared))
        place = az__doc_find_place(doc, parent, key, index);
    if (place) {
        vpos.line = place->line;
        vpos.column = place->column;
        key_line = place->key_line;
        key_column = place->key_column;
    } else if (rec) {
        vpos.line = rec->line;
        vpos.column = rec->column;
        key_line = rec->key_line;
        key_column = rec->key_column;
    }
    if (key && key_line) {
        kpos.file = doc->name;
        kpos.line = key_line;
        kpos.column = key_column;
    }
    free(key);
    if (vpos.line == 0)
        return AZ_ERR_NOT_FOUND;
    if (value_pos)
        *value_pos = vpos;
    if (key_pos)
        *key_pos = kpos;
    return AZ_OK;
}
