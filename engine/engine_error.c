/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine_error.c - the engine's error messages: formatted into a new
 * string handed to the caller through a `char **error` parameter.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "engine_run_internal.h"

/* Stores a formatted message in *error; see engine_run_internal.h. */
void az__engine_error(char **error, const char *fmt, ...)
{
    if (!error)
        return;
    va_list ap;
    va_start(ap, fmt);
    *error = az_vstrdupf(fmt, ap);
    va_end(ap);
}
