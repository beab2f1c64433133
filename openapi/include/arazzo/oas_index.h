/* SPDX-License-Identifier: Apache-2.0 */
/*
 * arazzo/oas_index.h - the operations of an OpenAPI 3.0/3.1 or Swagger 2.0
 * description, indexed: operationId and operationPath lookup, each
 * operation with its merged parameters, request body, responses, security
 * and servers, every `$ref` on the way resolved (across files and URLs of
 * the same az_docset). See docs/openapi.md.
 *
 * Defects (dangling or cyclic `$ref`s, malformed parameters, duplicate
 * operationIds) are collected, not fatal: az_oas_index_report turns them
 * into errors for the operations that matter and warnings for the rest.
 *
 * Ownership: the index owns every struct it hands out; nodes (json_object
 * *) are borrowed from the documents of the docset, which must outlive it.
 */
#ifndef ARAZZO_OAS_INDEX_H
#define ARAZZO_OAS_INDEX_H

#include <stdbool.h>
#include <stddef.h>

#include <arazzo/core.h>
#include <arazzo/docset.h>
#include <arazzo/openapi.h>
#include <arazzo/schema.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* $ref resolution                                                           */
/* ------------------------------------------------------------------------ */

/* A node and the document it lives in (node NULL: a JSON null). */
typedef struct az_oas_node {
    const az_source *src;
    json_object *node;
} az_oas_node;

/*
 * Follows `$ref` from `at` while the node is an object with a string
 * `$ref` (references to references are followed; a cycle is an error), and
 * stores the object finally reached in *out. A node without `$ref` is its
 * own result. Other files and URLs are loaded into `set`. Problems are
 * appended to `diags` (may be NULL) at the `$ref` value's file:line:col,
 * with codes oas-ref-dangling, oas-ref-cycle, oas-ref-invalid,
 * oas-ref-load. Returns AZ_OK, AZ_ERR_NOT_FOUND, AZ_ERR_INVALID, AZ_ERR_IO
 * or AZ_ERR_NOMEM.
 */
az_status az_oas_ref_follow(az_docset *set, az_oas_node at, az_diags *diags, az_oas_node *out);

/*
 * Resolves one reference string (`other.yaml#/a/b`, `#/x`, a URL) written
 * in `from`, without following further `$ref`s. `where` (may be NULL) is
 * the `$ref` value node for positions. Same results as az_oas_ref_follow.
 */
az_status az_oas_ref_resolve(az_docset *set, const az_source *from, const char *ref,
                             json_object *where, az_diags *diags, az_oas_node *out);

/* ------------------------------------------------------------------------ */
/* Schemas of a description                                                  */
/* ------------------------------------------------------------------------ */

/*
 * Compiles the schema `schema` (a node of a description loaded in `set`,
 * for example a response's media type schema) for az_schema_validate, in
 * its document's dialect: OpenAPI 3.0 and Swagger 2.0 schemas as the
 * OpenAPI 3.0 Schema Object (AZ_SCHEMA_OAS30), OpenAPI 3.1 and anything
 * else as JSON Schema 2020-12. `#/...` references reach the rest of the
 * document; references to other files and URLs load through `set`, which
 * must outlive the compiled schema. `format_assert` makes `format` an
 * assertion. Returns AZ_OK, or AZ_ERR_INVALID with a message in *error,
 * or AZ_ERR_NOMEM.
 */
az_status az_oas_schema_compile(az_docset *set, az_oas_node schema, bool format_assert,
                                az_schema **out, char **error);

/* ------------------------------------------------------------------------ */
/* Servers                                                                   */
/* ------------------------------------------------------------------------ */

typedef struct az_oas_server_var {
    const char *name;
    const char *default_value; /* NULL when the description gives none */
    const char **enum_values;
    size_t n_enum;
} az_oas_server_var;

typedef struct az_oas_server {
    /* The URL template ({var} placeholders), resolved against the
     * document's URL when relative and the document came over http(s). */
    char *url;
    const char *description;
    az_oas_server_var *vars;
    size_t n_vars;
} az_oas_server;

/*
 * Expands a server URL template: each {name} becomes `values[name]` (a JSON
 * object of strings, may be NULL) or the variable's default. A value
 * outside the variable's enum, an unknown placeholder or a variable without
 * value and default is an error (message in *error). Stores the URL in
 * *out; returns AZ_OK, AZ_ERR_INVALID or AZ_ERR_NOMEM.
 */
az_status az_oas_server_expand(const az_oas_server *server, json_object *values, char **out,
                               char **error);

/* ------------------------------------------------------------------------ */
/* Operations                                                                */
/* ------------------------------------------------------------------------ */

/* One effective parameter: path-level and operation-level merged. */
typedef struct az_oas_op_param {
    const char *name;
    az_oas_param_in in;
    bool required;
    az_oas_style style; /* as written or AZ_OAS_STYLE_DEFAULT */
    int explode;        /* 1, 0 or -1 (the style's default) */
    bool allow_reserved;
    /* The schema (or Swagger 2.0's inline type description) and the media
     * type of a `content`-typed parameter (NULL otherwise). */
    az_oas_node schema;
    const char *content_type;
    /* The resolved Parameter Object. */
    az_oas_node node;
} az_oas_op_param;

/* One media type of a request body or response. */
typedef struct az_oas_media {
    const char *type;      /* "application/json" */
    az_oas_node schema;    /* node NULL when none */
    json_object *encoding; /* the Media Type's `encoding`, or NULL */
} az_oas_media;

typedef struct az_oas_response {
    const char *status; /* "200", "2XX" or "default" */
    az_oas_node node;   /* the resolved Response Object */
    az_oas_media *content;
    size_t n_content;
} az_oas_response;

typedef struct az_oas_operation {
    const az_source *src;     /* the document whose `paths` lists it */
    const char *operation_id; /* NULL when it has none */
    const char *method;       /* lowercase: "get" */
    const char *path;         /* the path template: "/pets/{petId}" */
    char *pointer;            /* "/paths/~1pets~1{petId}/get" in src */
    az_oas_node node;         /* the Operation Object */
    const char *summary;
    bool deprecated;

    az_oas_op_param *params;
    size_t n_params;

    bool has_body;
    bool body_required;
    az_oas_media *body;
    size_t n_body;

    az_oas_response *responses;
    size_t n_responses;

    /* The effective security requirements (operation's, else the root's);
     * NULL when none apply. */
    json_object *security;

    /* Effective servers: operation > path item > root; one "/" when none. */
    az_oas_server *servers;
    size_t n_servers;

    /* How many defects make this operation unsound (see the report). */
    size_t n_defects;
} az_oas_operation;

typedef struct az_oas_index az_oas_index;

/*
 * Indexes the operations of the OpenAPI or Swagger document `src` (loaded
 * in `set`, which must outlive the index). Fatal problems (not a
 * description, no memory) go to `diags`; everything else is a defect kept
 * for az_oas_index_report. Returns AZ_OK and the index in *out, or
 * AZ_ERR_INVALID (not an OpenAPI/Swagger document) or AZ_ERR_NOMEM.
 */
az_status az_oas_index_build(az_docset *set, const az_source *src, az_diags *diags,
                             az_oas_index **out);
void az_oas_index_free(az_oas_index *index);

/* The document indexed. */
const az_source *az_oas_index_source(const az_oas_index *index);
/* Its operations in document order. */
size_t az_oas_index_count(const az_oas_index *index);
const az_oas_operation *az_oas_index_get(const az_oas_index *index, size_t i);

/* The operation with this operationId (case-sensitive), the first of
 * duplicates; NULL when none. */
const az_oas_operation *az_oas_index_find_id(const az_oas_index *index, const char *operation_id);

/*
 * The operation a JSON Pointer names (the fragment of an operationPath,
 * checklist STEP-04): "/paths/~1pets~1{petId}/get", percent-encoded or not,
 * with or without the leading '#'. Stores it in *out, or a message in
 * *error and returns AZ_ERR_NOT_FOUND (no such path or method) or
 * AZ_ERR_INVALID (malformed, or not an Operation Object).
 */
az_status az_oas_index_find_pointer(const az_oas_index *index, const char *fragment,
                                    const az_oas_operation **out, char **error);

/* The operationIds closest to `name` (for "did you mean"), NULL if none
 * is close; borrowed. */
const char *az_oas_index_suggest(const az_oas_index *index, const char *name);

/*
 * The response of `op` that documents HTTP status `status` (OpenAPI 3.1
 * section 4.8.16): the exact code ("404"), else its range ("4XX", the X
 * in any case), else "default"; NULL when none does.
 */
const az_oas_response *az_oas_response_for_status(const az_oas_operation *op, long status);

/*
 * The entry of a `content` map that a Content-Type value matches: the
 * exact type/subtype (parameters such as charset ignored, case-insensitive),
 * else the range of its type ("text/" followed by a star), else the range
 * of every type (star, slash, star): the most specific wins (OpenAPI 3.1
 * section 4.8.14). NULL when none matches or content_type is NULL.
 */
const az_oas_media *az_oas_media_for_type(const az_oas_media *content, size_t n,
                                          const char *content_type);

/* Tells whether a media type names JSON: application/json, text/json or
 * any "+json" type (parameters ignored, case-insensitive). */
bool az_oas_media_is_json(const char *media_type);

/*
 * Appends the index's findings to `diags`, each once: the defects of the
 * operations in `used` as errors, every other defect as a warning. When
 * used is NULL every operation matters: the defects of all operations and
 * of Path Items (which hide whole paths) are errors, and only defects no
 * operation reaches (say a dangling `$ref` in an unused schema) are
 * warnings. Returns the number of errors appended.
 */
size_t az_oas_index_report(const az_oas_index *index, const az_oas_operation *const *used,
                           size_t n_used, az_diags *diags);

#ifdef __cplusplus
}
#endif

#endif /* ARAZZO_OAS_INDEX_H */
