/* SPDX-License-Identifier: Apache-2.0 */
/*
 * expr_strbuf.c - a growable byte string for the expr module: building the
 * canonical spelling of expressions, converted JSON Pointers (RFC 6901
 * section 3 escaping: '~' as "~0", '/' as "~1") and rendered templates.
 */
#include "expr_internal.h"

#include <stdlib.h>
#include <string.h>

/* Appends `len` bytes to the buffer, keeping it NUL-terminated. */
void az__strbuf_add(az__strbuf *b, const char *p, size_t len)
{
    if (b->failed)
        return;
    if (b->len + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 32;
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
        memcpy(b->data + b->len, p, len);
    b->len += len;
    b->data[b->len] = '\0';
}

/* Appends a NUL-terminated string. */
void az__strbuf_puts(az__strbuf *b, const char *p)
{
    az__strbuf_add(b, p, strlen(p));
}

/* Appends one escaped reference token. */
void az__strbuf_add_token(az__strbuf *b, const char *p, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (p[i] == '~')
            az__strbuf_add(b, "~0", 2);
        else if (p[i] == '/')
            az__strbuf_add(b, "~1", 2);
        else
            az__strbuf_add(b, p + i, 1);
    }
}

/* Hands the string over to the caller, or releases it after a failure. */
char *az__strbuf_take(az__strbuf *b)
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
