/* SPDX-License-Identifier: Apache-2.0 */
/*
 * openapi_util.c - the helpers the openapi module's files share
 * (openapi_internal.h): error messages, value names, and the text of
 * values (compact JSON with shortest doubles; parameter text).
 */
#include "openapi_internal.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Stores a formatted message in *error; see openapi_internal.h. */
void az__oas_set_error(char **error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    az__oas_set_errorv(error, fmt, ap);
    va_end(ap);
}

/* Stores a formatted message in *error; see openapi_internal.h. */
void az__oas_set_errorv(char **error, const char *fmt, va_list ap)
{
    if (error)
        *error = az_vstrdupf(fmt, ap);
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

/* Appends `len` bytes as a JSON string: quoted, with '"', '\\' and control
 * characters escaped, everything else (UTF-8 included, '/' too) as is. */
void az__oas_add_json_string(az_buf *b, const char *s, size_t len)
{
    az_buf_puts(b, "\"");
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        switch (c) {
        case '"': az_buf_puts(b, "\\\""); break;
        case '\\': az_buf_puts(b, "\\\\"); break;
        case '\b': az_buf_puts(b, "\\b"); break;
        case '\f': az_buf_puts(b, "\\f"); break;
        case '\n': az_buf_puts(b, "\\n"); break;
        case '\r': az_buf_puts(b, "\\r"); break;
        case '\t': az_buf_puts(b, "\\t"); break;
        default:
            if (c < 0x20) {
                snprintf(esc, sizeof esc, "\\u%04x", (unsigned)c);
                az_buf_puts(b, esc);
            } else {
                az_buf_add(b, s + i, 1);
            }
        }
    }
    az_buf_puts(b, "\"");
}

/*
 * Appends the compact JSON text of a value (NULL is null). Doubles take
 * their shortest round-trip form whatever built them (json-c alone prints
 * a computed 0.1 as 0.10000000000000001); NaN and the infinities, which
 * JSON cannot hold, become null as in JavaScript's JSON.stringify.
 */
void az__oas_add_json(az_buf *b, json_object *v)
{
    char num[AZ_DOUBLE_TEXT_MAX];
    switch (json_object_get_type(v)) {
    case json_type_null: az_buf_puts(b, "null"); break;
    case json_type_boolean: az_buf_puts(b, json_object_get_boolean(v) ? "true" : "false"); break;
    case json_type_int:
        if (json_object_get_int64(v) == INT64_MAX)
            snprintf(num, sizeof num, "%" PRIu64, json_object_get_uint64(v));
        else
            snprintf(num, sizeof num, "%" PRId64, json_object_get_int64(v));
        az_buf_puts(b, num);
        break;
    case json_type_double: {
        double d = json_object_get_double(v);
        if (!isfinite(d)) {
            az_buf_puts(b, "null");
            break;
        }
        az_format_double(d, num, sizeof num);
        az_buf_puts(b, num);
        break;
    }
    case json_type_string:
        az__oas_add_json_string(b, json_object_get_string(v),
                                (size_t)json_object_get_string_len(v));
        break;
    case json_type_array: {
        size_t n = json_object_array_length(v);
        az_buf_puts(b, "[");
        for (size_t i = 0; i < n && !b->failed; i++) {
            if (i > 0)
                az_buf_puts(b, ",");
            az__oas_add_json(b, json_object_array_get_idx(v, i));
        }
        az_buf_puts(b, "]");
        break;
    }
    case json_type_object: {
        bool first = true;
        az_buf_puts(b, "{");
        json_object_object_foreach(v, key, val)
        {
            if (!first)
                az_buf_puts(b, ",");
            first = false;
            az__oas_add_json_string(b, key, strlen(key));
            az_buf_puts(b, ":");
            az__oas_add_json(b, val);
        }
        az_buf_puts(b, "}");
        break;
    }
    }
}

/*
 * Appends the text of one value as parameter values are rendered: strings
 * as they are (NUL bytes included), integers as integers, doubles in their
 * shortest round-trip form without a bare ".0", booleans as true/false,
 * null as nothing, arrays and objects as compact JSON.
 */
void az__oas_add_value_text(az_buf *b, json_object *v)
{
    char num[AZ_DOUBLE_TEXT_MAX];
    const char *text = num;
    switch (json_object_get_type(v)) {
    case json_type_null: text = ""; break;
    case json_type_boolean: text = json_object_get_boolean(v) ? "true" : "false"; break;
    case json_type_string:
        az_buf_add(b, json_object_get_string(v), (size_t)json_object_get_string_len(v));
        return;
    case json_type_double: {
        size_t n = az_format_double(json_object_get_double(v), num, sizeof num);
        if (n >= 2 && n < sizeof num && !strpbrk(num, "eE") && strcmp(num + n - 2, ".0") == 0)
            num[n - 2] = '\0';
        break;
    }
    case json_type_int:
        if (json_object_get_int64(v) == INT64_MAX)
            snprintf(num, sizeof num, "%" PRIu64, json_object_get_uint64(v));
        else
            snprintf(num, sizeof num, "%" PRId64, json_object_get_int64(v));
        break;
    case json_type_array:
    case json_type_object: az__oas_add_json(b, v); return;
    }
    az_buf_puts(b, text);
}
