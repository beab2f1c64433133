/* SPDX-License-Identifier: Apache-2.0 */
/*
 * openapi_internal.h - what the openapi module's source files share and no
 * other module may include: error messages and how values are named in
 * them, and the hash maps the module keeps its tables in.
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
/* The va_list form of az__oas_set_error. */
void az__oas_set_errorv(char **error, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 0)))
#endif
    ;

/*
 * Hash maps (openapi_map.c): open addressing with linear probing, the table
 * doubled when half full; start from {0}. A string map copies its keys and
 * compares them by content; a pointer map compares its keys by address and
 * takes no NULL key. Neither owns its values. A NULL value cannot be told
 * from a missing key.
 */
typedef struct az__oas_map {
    const void **keys; /* NULL for an empty slot */
    void **vals;
    size_t cap; /* a power of two, or 0 */
    size_t n;
} az__oas_map;

/* A map from strings to pointers. */
typedef struct az__oas_smap {
    az__oas_map map;
} az__oas_smap;

/* A map from pointers to pointers (or a set of pointers). */
typedef struct az__oas_pmap {
    az__oas_map map;
} az__oas_pmap;

/* Returns the value stored under `key`, or NULL. */
void *az__oas_smap_get(const az__oas_smap *m, const char *key);
/* Stores `val` under a copy of `key` (replacing any value); AZ_OK or
 * AZ_ERR_NOMEM. */
az_status az__oas_smap_put(az__oas_smap *m, const char *key, void *val);
/* Releases the map's keys and tables (not the values); the map is {0} again. */
void az__oas_smap_cleanup(az__oas_smap *m);

/* Returns the value stored under `key`, or NULL (also for a NULL key). */
void *az__oas_pmap_get(const az__oas_pmap *m, const void *key);
/* Stores `val` under `key` (replacing any value); AZ_OK, AZ_ERR_NOMEM, or
 * AZ_ERR_INVALID for a NULL key. */
az_status az__oas_pmap_put(az__oas_pmap *m, const void *key, void *val);
/* Removes every key, keeping the table for reuse. */
void az__oas_pmap_clear(az__oas_pmap *m);
/* Releases the map's tables; the map is {0} again. */
void az__oas_pmap_cleanup(az__oas_pmap *m);

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
