/* SPDX-License-Identifier: Apache-2.0 */
/*
 * openapi_util.c - the helpers the openapi module's files share
 * (openapi_internal.h): error messages and value names.
 */
#include "openapi_internal.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Stores a formatted message in *error; see openapi_internal.h. */
void az__oas_set_error(char **error, const char *fmt, ...)
{
    if (!error)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    char *msg = malloc((size_t)n + 1);
    if (!msg)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, (size_t)n + 1, fmt, ap);
    va_end(ap);
    *error = msg;
}

/* Names a value's type with its article; see openapi_internal.h. */
const char *az__oas_type_name(json_object *v)
{
    switch (json_object_get_type(v)) {
    case json_type_null: return "null";
    case json_type_boolean: return "a boolean";
    case json_type_int:
    case json_type_double: return "a number";
    case json_type_string: return "a string";
    case json_type_array: return "an array";
    case json_type_object: return "an object";
    }
    return "a value";
}

/* Tells whether a value is an array or an object; see openapi_internal.h. */
bool az__oas_is_container(json_object *v)
{
    return json_object_is_type(v, json_type_array) || json_object_is_type(v, json_type_object);
}
