/* SPDX-License-Identifier: Apache-2.0 */
/*
 * arazzo/openapi.h - the openapi module: what arazzo knows of OpenAPI 3.x
 * descriptions, starting with parameter serialization (OpenAPI 3.1.1
 * section 4.8.12, Parameter Object: "Style Values" and "Style Examples",
 * which build on RFC 6570 URI templates and RFC 3986 percent-encoding).
 *
 * Ownership, once for the whole header: every char * a function returns (or
 * stores through an out parameter) is a new malloc'd string that belongs to
 * the caller and is released with free(); every json_object * and const
 * char * passed in is borrowed and never kept.
 */
#ifndef ARAZZO_OPENAPI_H
#define ARAZZO_OPENAPI_H

#include <stdbool.h>
#include <stddef.h>

#include <arazzo/core.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Parameter serialization                                                   */
/* ------------------------------------------------------------------------ */

/* Where a parameter goes: the Parameter Object's `in`. */
typedef enum az_oas_param_in {
    AZ_OAS_IN_PATH,
    AZ_OAS_IN_QUERY,
    AZ_OAS_IN_HEADER,
    AZ_OAS_IN_COOKIE
} az_oas_param_in;

/* The Parameter Object's `style`; DEFAULT picks the location's default. */
typedef enum az_oas_style {
    AZ_OAS_STYLE_DEFAULT,
    AZ_OAS_STYLE_MATRIX,
    AZ_OAS_STYLE_LABEL,
    AZ_OAS_STYLE_FORM,
    AZ_OAS_STYLE_SIMPLE,
    AZ_OAS_STYLE_SPACE_DELIMITED,
    AZ_OAS_STYLE_PIPE_DELIMITED,
    AZ_OAS_STYLE_DEEP_OBJECT
} az_oas_style;

/*
 * Reads a style name as spelled in OpenAPI ("matrix", "label", "form",
 * "simple", "spaceDelimited", "pipeDelimited", "deepObject"; case matters)
 * into *out. Returns AZ_OK, or AZ_ERR_INVALID for NULL or any other name
 * (and leaves *out alone).
 */
az_status az_oas_style_parse(const char *name, az_oas_style *out);

/* Returns the OpenAPI spelling of a style ("default" for DEFAULT). */
const char *az_oas_style_name(az_oas_style style);

/* Returns the OpenAPI spelling of a location: "path", "query", ... */
const char *az_oas_param_in_name(az_oas_param_in in);

/*
 * How one parameter is serialized. `explode` is 1, 0 or -1 for the style's
 * default (true for form, false otherwise). `allow_reserved` only has an
 * effect on query parameters, as in OpenAPI.
 */
typedef struct az_oas_param {
    const char *name;
    az_oas_param_in in;
    az_oas_style style;
    int explode;
    bool allow_reserved;
} az_oas_param;

/*
 * Serializes `value` (borrowed; NULL is JSON null) for parameter `p` and
 * stores a new string in *out:
 *
 * - path: the text that replaces {name} in the path template, its values
 *   percent-encoded for a path segment (";color=blue", ".blue", "blue");
 * - query: the whole "name=value" fragment, possibly several pairs joined
 *   by '&', percent-encoded for a query component (allowReserved honoured);
 * - header: the header field value, not encoded (so a control character
 *   in it, CR and LF included but not HTAB, is AZ_ERR_INVALID);
 * - cookie: the "name=value" pair(s) of the form style, encoded as a query.
 *
 * Default style: simple for path and header, form for query and cookie.
 * Strings are used as they are, integers as integers (and so is an
 * integral double below 1e15: 100.0 gives "100"), other numbers in their
 * shortest round-trip form ("1.5", "1e+300"),
 * booleans as true/false, and null as the empty string (so it renders as
 * the table's "empty" column: ";color", ".", "color=", ""). An empty array
 * or object is undefined in RFC 6570 terms and serializes to "" in every
 * style (no name, no prefix). A nested array or object inside the value,
 * which OpenAPI leaves undefined, is serialized as compact JSON text (and
 * then encoded like any value); deepObject alone nests further objects as
 * name[a][b]=v.
 *
 * Returns AZ_OK; AZ_ERR_NOMEM; or AZ_ERR_INVALID for what OpenAPI does not
 * allow: a style outside its locations (matrix/label outside path, form
 * outside query/cookie, simple outside path/header, spaceDelimited,
 * pipeDelimited and deepObject outside query), spaceDelimited or
 * pipeDelimited with a primitive (null included), deepObject with anything
 * but an object, a missing name, an unknown location or style, a control
 * character in a header value. Exploded spaceDelimited and pipeDelimited,
 * which OpenAPI leaves undefined, render as exploded form; deepObject
 * ignores `explode`. On failure *out is NULL and, when `error`
 * is not NULL, *error receives a new message; on success *error is NULL.
 */
az_status az_oas_serialize(const az_oas_param *p, json_object *value, char **out, char **error);

/*
 * Percent-encodes `len` bytes of `s` (RFC 3986 section 2.1, upper-case hex,
 * UTF-8 byte by byte) and returns a new string, NULL when out of memory.
 * The unreserved characters (ALPHA DIGIT - . _ ~) are always kept. Without
 * `allow_reserved` everything else is encoded, in a path segment and a
 * query alike (RFC 6570 simple expansion). With `allow_reserved`, existing
 * %XX triplets are kept too, and so are: in a query component, the reserved
 * characters except those a query cannot hold or that mean something in
 * application/x-www-form-urlencoded ("[", "]", "#", "&", "=", "+"), as
 * OpenAPI 3.1.1 asks; in a path segment, the other pchar characters
 * (sub-delims, ':' and '@', but never '/', '?', '#', '[', ']').
 */
char *az_oas_percent_encode(const char *s, size_t len, bool query, bool allow_reserved);

#ifdef __cplusplus
}
#endif

#endif /* ARAZZO_OPENAPI_H */
