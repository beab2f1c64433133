/* SPDX-License-Identifier: Apache-2.0 */
/*
 * openapi_internal.h - what the openapi module's source files share and no
 * other module may include: error messages and how values are named in
 * them.
 */
#ifndef ARAZZO_OPENAPI_INTERNAL_H
#define ARAZZO_OPENAPI_INTERNAL_H

#include "arazzo/openapi.h"

/* Stores a new printf-formatted message in *error when error is not NULL. */
void az__oas_set_error(char **error, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Names a JSON value's type with its article ("a string"; "null" for NULL). */
const char *az__oas_type_name(json_object *v);

/* Tells whether a value is an array or an object. */
bool az__oas_is_container(json_object *v);

/* Appends a JSON string literal (quotes and escapes) of `len` bytes. */
void az__oas_add_json_string(az_buf *b, const char *s, size_t len);

/*
 * Appends the compact JSON text of a value (NULL is null); doubles in their
 * shortest round-trip form whatever built them; NaN and the infinities,
 * which JSON cannot hold, become null.
 */
void az__oas_add_json(az_buf *b, json_object *v);

/*
 * Appends the text of one value as parameters and text bodies render it:
 * strings as they are, integers as integers, doubles in shortest form
 * without a bare ".0", booleans as true/false, null as nothing, arrays and
 * objects as compact JSON.
 */
void az__oas_add_value_text(az_buf *b, json_object *v);

#endif /* ARAZZO_OPENAPI_INTERNAL_H */
