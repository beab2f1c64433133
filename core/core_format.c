/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core_format.c - printf into a new string: the one place every module
 * formats its messages (diagnostics, errors handed back through
 * `char **error`, reasons of failed criteria).
 */
#include <arazzo/core.h>

#include <stdio.h>
#include <stdlib.h>

/* Formats into a new string; see core.h. */
char *az_vstrdupf(const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

/* Formats into a new string; see core.h. */
char *az_strdupf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = az_vstrdupf(fmt, ap);
    va_end(ap);
    return s;
}
