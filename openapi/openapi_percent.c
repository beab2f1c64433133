/* SPDX-License-Identifier: Apache-2.0 */
/*
 * openapi_percent.c - percent-encoding of parameter values (RFC 3986
 * section 2: unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~",
 * reserved = gen-delims / sub-delims; section 3.3 pchar for a path segment,
 * section 3.4 for a query) as RFC 6570 section 3.2.1 applies it: simple
 * expansion keeps only the unreserved set, reserved expansion also keeps
 * reserved characters and %XX triplets. OpenAPI 3.1.1 section 4.8.12
 * (allowReserved) narrows reserved expansion in a query.
 */
#include "openapi_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Tells whether `c` is an RFC 3986 unreserved character. */
static bool is_unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

/*
 * Tells whether a reserved character may stay as it is under allowReserved:
 * in a query, every reserved character but "[]#&=+"; in a path segment,
 * the sub-delims and ':' and '@'.
 */
static bool keeps_reserved(unsigned char c, bool query)
{
    if (query)
        return c != '\0' && strchr(":/?@!$'()*,;", c) != NULL;
    return c != '\0' && strchr("!$&'()*+,;=:@", c) != NULL;
}

/* Percent-encodes a value for a path segment or a query; see openapi.h. */
char *az_oas_percent_encode(const char *s, size_t len, bool query, bool allow_reserved)
{
    static const char hex[] = "0123456789ABCDEF";
    if (len > (SIZE_MAX - 1) / 3)
        return NULL;
    char *out = malloc(len * 3 + 1);
    if (!out)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        bool keep = is_unreserved(c);
        if (!keep && allow_reserved) {
            if (c == '%')
                keep = i + 2 < len && az_hex_digit(s[i + 1]) >= 0 && az_hex_digit(s[i + 2]) >= 0;
            else
                keep = keeps_reserved(c, query);
        }
        if (keep) {
            out[n++] = (char)c;
        } else {
            out[n++] = '%';
            out[n++] = hex[c >> 4];
            out[n++] = hex[c & 15];
        }
    }
    out[n] = '\0';
    return out;
}
