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

/* ------------------------------------------------------------------------ */
/* Request bodies                                                            */
/* ------------------------------------------------------------------------ */

/*
 * How one property of a form body is encoded (the Encoding Object of a
 * Media Type Object). `name` is the property; `content_type` may be NULL;
 * `style` DEFAULT and `explode` -1 take form's defaults (form, true);
 * `style`, `explode` and `allow_reserved` apply to
 * application/x-www-form-urlencoded only.
 */
typedef struct az_oas_encoding {
    const char *name;
    const char *content_type;
    az_oas_style style;
    int explode;
    bool allow_reserved;
} az_oas_encoding;

/*
 * Serializes `value` (borrowed; NULL is JSON null) as a request body of
 * `media_type` (parameters such as charset allowed; the type and subtype
 * are matched case-insensitively) and stores the bytes in *out (a new
 * buffer, NUL-terminated, but possibly holding NUL bytes: use *out_len),
 * and the Content-Type header value to send in *content_type (a new
 * string: `media_type` as given, or for multipart
 * "multipart/form-data; boundary=...").
 *
 * - application/json, text/json and every "+json" type: the compact JSON
 *   text of the value as it is (a string becomes a JSON string, even when
 *   its text is itself JSON; '/' is not escaped). Doubles take their
 *   shortest round-trip form ("0.1", "2.0", "1e+300") however the value was
 *   built; NaN and the infinities, which JSON cannot hold, become null as
 *   in JavaScript's JSON.stringify. Every JSON text below is made this way.
 * - application/x-www-form-urlencoded: the value must be an object; each
 *   property becomes a form fragment as a query parameter of that name
 *   would (see az_oas_serialize; default style form, explode true), the
 *   fragments joined by '&'. An `encodings` entry for the property sets
 *   style, explode and allowReserved; a JSON content type there sends the
 *   property's JSON text, percent-encoded. An object property without an
 *   entry is sent as its JSON text. Spaces are encoded as %20 (RFC 3986),
 *   not as the '+' of HTML forms; servers decode both.
 * - multipart/form-data (RFC 7578): the value must be an object; one part
 *   per property, "Content-Disposition: form-data; name=..." (a '"' or '\'
 *   in the name escaped with '\', CR and LF as %0D and %0A). Primitives
 *   are text parts without a Content-Type header (text/plain is RFC 7578's
 *   default), objects and arrays of non-primitives application/json parts;
 *   an array is exploded into one part per item (OpenAPI 3.1) unless its
 *   entry's content type is JSON. An `encodings` entry's content type
 *   becomes the part's Content-Type (the first of a comma-separated list;
 *   application/octet-stream for a wildcard); a JSON one sends the JSON
 *   text. Lines
 *   end in CRLF and the body ends with the closing delimiter. `boundary`
 *   is used when given (1 to 70 characters of RFC 2046 bchars, and it must
 *   not occur in the content); NULL derives "arazzo-" and 16 hex digits
 *   from a hash of the content, which never occurs in it.
 * - text/ types (text/plain, text/csv, ...): a string as it is, other
 *   values as parameter values are rendered (numbers in the shortest form,
 *   null as the empty string, objects and arrays as compact JSON).
 * - application/xml, text/xml and "+xml" types: a string as it is; any
 *   other value is AZ_ERR_INVALID, since arazzo does not map JSON to XML.
 * - any other type (application/octet-stream, image/png, ...): a string's
 *   bytes as they are; any other value is AZ_ERR_INVALID.
 *
 * Returns AZ_OK; AZ_ERR_NOMEM; or AZ_ERR_INVALID for a missing or malformed
 * media type (a control character in it included; likewise in a multipart
 * encoding's content type), a value the type cannot carry, a bad or colliding boundary,
 * or a style an encoding may not use. On failure *out and *content_type
 * are NULL, *out_len is 0 and, when `error` is not NULL, *error receives a
 * new message; on success *error is NULL.
 */
az_status az_oas_body_encode(const char *media_type, json_object *value,
                             const az_oas_encoding *encodings, size_t n_encodings,
                             const char *boundary, char **out, size_t *out_len, char **content_type,
                             char **error);

#ifdef __cplusplus
}
#endif

#endif /* ARAZZO_OPENAPI_H */
