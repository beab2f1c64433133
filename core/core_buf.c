/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core_buf.c - az_buf, the growable string every module builds text with,
 * and JSON Pointer tokens appended to it (RFC 6901 section 3 escaping).
 */
#include "core_internal.h"

#include <stdlib.h>
#include <string.h>

/* Appends bytes, growing the buffer by doubling; see core.h. */
void az_buf_add(az_buf *b, const char *s, size_t len)
{
    if (b->failed)
        return;
    if (b->len + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + len + 1) {
            if (cap > SIZE_MAX / 2) {
                b->failed = true;
                return;
            }
            cap *= 2;
        }
        char *data = realloc(b->data, cap);
        if (!data) {
            b->failed = true;
            return;
        }
        b->data = data;
        b->cap = cap;
    }
    if (len)
        memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0';
}

/* Appends a NUL-terminated string; see core.h. */
void az_buf_puts(az_buf *b, const char *s)
{
    az_buf_add(b, s, strlen(s));
}

/* Appends an escaped pointer token; see core.h. */
void az_buf_add_token(az_buf *b, const char *token, size_t len)
{
    size_t from = 0;
    for (size_t i = 0; i < len; i++) {
        if (token[i] != '~' && token[i] != '/')
            continue;
        az_buf_add(b, token + from, i - from);
        az_buf_add(b, token[i] == '~' ? "~0" : "~1", 2);
        from = i + 1;
    }
    az_buf_add(b, token + from, len - from);
}

/* Hands the string over to the caller, or releases it after a failure. */
char *az_buf_take(az_buf *b)
{
    char *out = NULL;
    if (b->failed) {
        free(b->data);
    } else if (b->data) {
        out = b->data;
    } else {
        out = malloc(1);
        if (out)
            out[0] = '\0';
    }
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = false;
    return out;
}
