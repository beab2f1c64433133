/* SPDX-License-Identifier: Apache-2.0 */
/*
 * arazzo/schema.h - a JSON Schema validator: draft 2020-12 (JSON Schema
 * Core and Validation, the dialect of Arazzo workflow `inputs` and of
 * OpenAPI 3.1 Schema Objects), draft-04, and the OpenAPI 3.0 Schema Object
 * (OpenAPI 3.0.3 section 4.7.24, draft-04/05 based). A schema is compiled
 * once (its `$id`s, anchors and `$ref`s indexed and resolved, its patterns
 * compiled) and then validates any number of instances; validation only
 * reads the compiled schema, so several threads may validate with one
 * schema at once. See docs/schema.md.
 *
 * Ownership, once for the whole header: az_schema_compile and
 * az_schema_validate return objects that belong to the caller, released
 * with az_schema_free and az_schema_result_free (both accept NULL). A
 * compiled schema keeps a json-c reference (json_object_get) to the schema,
 * to the document holding it and to every document the retrieve callback
 * returns, so those stay valid while it lives; they must not be modified.
 * Everything a result hands out is borrowed from the result.
 */
#ifndef ARAZZO_SCHEMA_H
#define ARAZZO_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include <arazzo/core.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The keyword set a schema is read with. */
typedef enum az_schema_dialect {
    AZ_SCHEMA_2020_12 = 0, /* JSON Schema draft 2020-12 (the default) */
    AZ_SCHEMA_DRAFT4 = 1,  /* JSON Schema draft-04 */
    AZ_SCHEMA_OAS30 = 2    /* OpenAPI 3.0 Schema Object */
} az_schema_dialect;

/* Returns "2020-12", "draft-04" or "oas-3.0". */
const char *az_schema_dialect_name(az_schema_dialect dialect);

/* The default evaluation depth cap (see az_schema_opts.max_depth). */
#define AZ_SCHEMA_DEFAULT_MAX_DEPTH 1000u

/* The base URI of a schema compiled without one. */
#define AZ_SCHEMA_DEFAULT_BASE_URI "https://arazzo.invalid/schema.json"

/*
 * Returns the root of the document at an absolute URI (without fragment),
 * borrowed (the compiled schema takes its own reference), or NULL when the
 * URI is unknown. Called only while compiling.
 */
typedef json_object *(*az_schema_retrieve_fn)(void *user, const char *uri);

/* How a schema is compiled; az_schema_opts_init gives the defaults. */
typedef struct az_schema_opts {
    /* The dialect; in 2020-12, a `$schema` naming draft-04 or a custom
     * meta-schema with `$vocabulary` switches the resource it is in. */
    az_schema_dialect dialect;
    /* true: `format` is an assertion for the formats of docs/schema.md;
     * false (default): an annotation that never fails. */
    bool format_assert;
    /* Base URI of the document holding the schema; NULL: the default
     * AZ_SCHEMA_DEFAULT_BASE_URI. Copied. */
    const char *base_uri;
    /* Root of the document holding the schema, when the schema is a node
     * inside a larger document (an OpenAPI file's
     * #/components/schemas/Pet) so that "#/..." references reach the rest
     * of it; NULL: the schema is the document's root. */
    json_object *document;
    /* Resolves references to other documents; NULL: none are known, except
     * the built-in 2020-12 and draft-04 meta-schemas. */
    az_schema_retrieve_fn retrieve;
    void *retrieve_user;
    /* Deepest nesting of schema evaluations (each subschema and each `$ref`
     * followed is one level); deeper evaluation stops with an error, so a
     * cycle of references cannot recurse forever. 0: the default. */
    size_t max_depth;
} az_schema_opts;

/* Fills `opts` with the defaults: 2020-12, format as annotation, no base
 * URI, no document, no retrieve callback, AZ_SCHEMA_DEFAULT_MAX_DEPTH. */
void az_schema_opts_init(az_schema_opts *opts);

/* A compiled schema (opaque). */
typedef struct az_schema az_schema;

/*
 * Compiles `schema` (borrowed; an object or a boolean) with `opts` (NULL:
 * the defaults) and stores the compiled schema in *out. Every `$ref` and
 * `$dynamicRef` reachable from the schema is resolved now, retrieving other
 * documents through opts->retrieve, and every `pattern` is compiled.
 * Returns AZ_OK; AZ_ERR_NOMEM; AZ_ERR_INVALID for a malformed schema (a
 * keyword of the wrong type, an invalid regex), a schema not inside
 * opts->document, or a reference that cannot be resolved; AZ_ERR_LIMIT for
 * subschemas nested deeper than 2000 levels. On failure *out
 * is NULL and, when `error` is not NULL, *error receives a new message
 * naming the place (absolute URI and JSON Pointer); on success *error is
 * NULL.
 */
az_status az_schema_compile(json_object *schema, const az_schema_opts *opts, az_schema **out,
                            char **error);

/* Releases a compiled schema and its references to documents. */
void az_schema_free(az_schema *schema);

/*
 * One violation. Every string is owned by the result.
 * - instance_location: RFC 6901 pointer into the instance ("" is the root);
 * - keyword_location: pointer of the failing keyword along the evaluation
 *   path from the compiled schema, `$ref`s included
 *   ("/properties/a/$ref/type");
 * - absolute_keyword_location: absolute URI of the keyword in the schema
 *   resource that holds it ("https://x.example/s.json#/$defs/a/type");
 * - keyword: the keyword ("type", "required", ...);
 * - message: lowercase text naming the value and the rule
 *   ("expected integer, got string").
 */
typedef struct az_schema_error {
    char *instance_location;
    char *keyword_location;
    char *absolute_keyword_location;
    char *keyword;
    char *message;
} az_schema_error;

/* The outcome of one validation (opaque). */
typedef struct az_schema_result az_schema_result;

/*
 * Validates `instance` (borrowed; NULL is JSON null) against `schema` and
 * stores the result in *out. Every violation is listed, in evaluation
 * order, not only the first; sub-errors of `anyOf`/`oneOf` branches are
 * kept when no branch matches, those of `not`, `if` and `contains` never.
 * Returns AZ_OK whether the instance is valid or not (ask
 * az_schema_result_valid), AZ_ERR_NOMEM, or AZ_ERR_INVALID for a NULL
 * schema (*out is NULL on failure). Hitting the depth cap stops the whole
 * evaluation and makes the instance invalid with one violation
 * ("evaluation depth limit N exceeded") located where it was hit;
 * az_schema_result_limited tells it apart.
 */
az_status az_schema_validate(const az_schema *schema, json_object *instance,
                             az_schema_result **out);

/* Tells whether the instance was valid (no violations). */
bool az_schema_result_valid(const az_schema_result *result);
/* Tells whether evaluation stopped at the depth cap somewhere. */
bool az_schema_result_limited(const az_schema_result *result);
/* Returns the number of violations. */
size_t az_schema_result_count(const az_schema_result *result);
/* Returns the i-th violation (borrowed), or NULL past the end. */
const az_schema_error *az_schema_result_get(const az_schema_result *result, size_t i);
/* Releases a result. */
void az_schema_result_free(az_schema_result *result);

/*
 * Checks a string against one of the `format` names of docs/schema.md
 * ("date-time", "email", "ipv4", ...). Returns 1 when it conforms, 0 when
 * it does not, -1 when the format is unknown (and so not checked).
 */
int az_schema_format_check(const char *format, const char *s, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* ARAZZO_SCHEMA_H */
