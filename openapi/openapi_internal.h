/* SPDX-License-Identifier: Apache-2.0 */
/*
 * openapi_internal.h - what the openapi module's source files share and no
 * other module may include: error messages and how values are named in
 * them.
 */
#ifndef ARAZZO_OPENAPI_INTERNAL_H
#define ARAZZO_OPENAPI_INTERNAL_H

#include "arazzo/docset.h"
#include "arazzo/oas_index.h"
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

/*
 * Percent-decodes `len` bytes into a new NUL-terminated string; a '%' not
 * followed by two hex digits stays as it is. NULL when out of memory.
 */
char *az__oas_pct_decode(const char *s, size_t len);

/*
 * Downloads an http(s) URL under the docset's limits (timeouts, size cap).
 * Stores the body (NUL-terminated, *len bytes) and the Content-Type (or
 * NULL) in new strings. Returns AZ_OK, AZ_ERR_IO or AZ_ERR_LIMIT with a
 * message in *error, or AZ_ERR_NOMEM.
 */
az_status az__oas_fetch(const char *url, const az_docset_opts *opts, char **data, size_t *len,
                        char **content_type, char **error);

/* Returns the string `$ref` of an object (and its node in *ref_node when
 * not NULL), or NULL when `node` is not an object with a string `$ref`. */
const char *az__oas_ref_of(json_object *node, json_object **ref_node);

/* Reads a `servers` list of `src` into a new array (none: *out NULL). */
az_status az__oas_servers_read(const az_source *src, json_object *list, az_oas_server **out,
                               size_t *n_out);
/* The single server "/" (resolved against an http(s) document's URL). */
az_status az__oas_servers_default(const az_source *src, az_oas_server **out, size_t *n_out);
/* Swagger 2.0: one server per scheme from host and basePath. */
az_status az__oas_servers_swagger(const az_source *src, az_oas_server **out, size_t *n_out);
/* Releases a server array made by the functions above. */
void az__oas_servers_free(az_oas_server *servers, size_t n);

#endif /* ARAZZO_OPENAPI_INTERNAL_H */
