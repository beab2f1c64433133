/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core_percent.c - percent-decoding (RFC 3986 section 2.1), shared by the
 * URI fragments of JSON Pointers, `$ref` values, file: URLs and JSON
 * Schema references.
 *
 *   pct-encoded = "%" HEXDIG HEXDIG
 *   HEXDIG      = DIGIT / "A" / "B" / "C" / "D" / "E" / "F"   ; any case
 */
#include "core_internal.h"

#include <stdlib.h>

/* Returns the value of a hexadecimal digit; see core.h. */
int az_hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Percent-decodes bytes into a new string; see core.h. */
char *az_percent_decode(const char *s, size_t len, size_t *out_len)
{
    char *out = malloc(len + 1);
    size_t n = 0;
    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        int hi, lo;
        if (s[i] == '%' && i + 2 < len && (hi = az_hex_digit(s[i + 1])) >= 0 &&
            (lo = az_hex_digit(s[i + 2])) >= 0) {
            out[n++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            out[n++] = s[i];
        }
    }
    out[n] = '\0';
    if (out_len)
        *out_len = n;
    return out;
}
