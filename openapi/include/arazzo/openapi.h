/* SPDX-License-Identifier: Apache-2.0 */
/*
 * arazzo/openapi.h - the openapi module: what arazzo knows of OpenAPI 3.x
 * and Swagger 2.0 descriptions - parameter and body serialization, a JSON
 * Schema validator, the set of loaded documents with $ref resolution, and
 * the operation index. It knows nothing of Arazzo.
 *
 * The module's one public header (STYLE.md), in parts that build on
 * each other; each part says what it owns. The rule they share: what a
 * _new, _compile, _load or _build function returns belongs to the
 * caller and is released with the matching _free; everything passed in
 * is borrowed.
 */
#ifndef ARAZZO_OPENAPI_H
#define ARAZZO_OPENAPI_H

#include <stdbool.h>
#include <stddef.h>

#include <arazzo/core.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ======================================================================== */
/*
 * The openapi module: what arazzo knows of OpenAPI 3.x
 * descriptions, starting with parameter serialization (OpenAPI 3.1.1
 * section 4.8.12, Parameter Object: "Style Values" and "Style Examples",
 * which build on RFC 6570 URI templates and RFC 3986 percent-encoding).
 *
 * Ownership, for this part: every char * a function returns (or
 * stores through an out parameter) is a new malloc'd string that belongs to
 * the caller and is released with free(); every json_object * and const
 * char * passed in is borrowed and never kept.
 */
/* ======================================================================== */

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

/* ======================================================================== */
/*
 * A JSON Schema validator: draft 2020-12 (JSON Schema
 * Core and Validation, the dialect of Arazzo workflow `inputs` and of
 * OpenAPI 3.1 Schema Objects), draft-04, and the OpenAPI 3.0 Schema Object
 * (OpenAPI 3.0.3 section 4.7.24, draft-04/05 based). A schema is compiled
 * once (its `$id`s, anchors and `$ref`s indexed and resolved, its patterns
 * compiled) and then validates any number of instances; validation only
 * reads the compiled schema, so several threads may validate with one
 * schema at once. See docs/schema.md.
 *
 * Ownership, for this part: az_schema_compile and
 * az_schema_validate return objects that belong to the caller, released
 * with az_schema_free and az_schema_result_free (both accept NULL). A
 * compiled schema keeps a json-c reference (json_object_get) to the schema,
 * to the document holding it and to every document the retrieve callback
 * returns, so those stay valid while it lives; they must not be modified.
 * Everything a result hands out is borrowed from the result.
 */
/* ======================================================================== */

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

/* ======================================================================== */
/*
 * The set of documents one run loads: the entry document
 * and every description it references, each loaded once by absolute URL
 * from a local file or over http(s), with its kind (OpenAPI 3.0, 3.1,
 * Swagger 2.0, Arazzo) detected. See docs/openapi.md.
 *
 * Ownership: an az_docset owns every az_source it returns and every
 * document in it; they live until az_docset_free. Strings returned through
 * `char **` out parameters are malloc'd and belong to the caller.
 */
/* ======================================================================== */

/* What a document is, from its root: `openapi`, `swagger` or `arazzo`. */
typedef enum az_doc_kind {
    AZ_KIND_UNKNOWN,
    AZ_KIND_SWAGGER_2,
    AZ_KIND_OPENAPI_3_0,
    AZ_KIND_OPENAPI_3_1,
    AZ_KIND_ARAZZO
} az_doc_kind;

/* "unknown", "swagger 2.0", "openapi 3.0", "openapi 3.1" or "arazzo". */
const char *az_doc_kind_name(az_doc_kind kind);

/* Reads the kind off a document's root (NULL or a non-mapping: UNKNOWN). */
az_doc_kind az_doc_kind_detect(json_object *root);

/* One rewrite of the URL map: URLs starting with `prefix` are read from
 * `replacement` + the rest instead (a local path or another URL). */
typedef struct az_url_map_entry {
    const char *prefix;
    const char *replacement;
} az_url_map_entry;

/* Default of az_docset_opts_init. */
#define AZ_DEFAULT_MAX_DOCUMENTS 1000u

/*
 * Downloads `url` (following redirects) for the docset: stores the body
 * in *data (malloc'd, NUL-terminated, *len bytes) and the Content-Type in
 * *content_type (malloc'd, or NULL). A body larger than `max_bytes` fails
 * with AZ_ERR_LIMIT; a failed download, or a status outside 2xx, is
 * AZ_ERR_IO; both with a message naming the URL in *error. The engine
 * provides one over libcurl (az_docset_opts_set_fetcher in
 * <arazzo/engine.h>); the openapi module itself does no networking.
 */
typedef az_status (*az_fetch_fn)(void *user, const char *url, size_t max_bytes, char **data,
                                 size_t *len, char **content_type, char **error);

typedef struct az_docset_opts {
    /* Parser limits; load.max_bytes also caps downloads. */
    az_load_opts load;
    /* false: an http(s) reference is an error instead of a download. */
    bool allow_network;
    /* How to download http(s) documents; NULL: they cannot be loaded. */
    az_fetch_fn fetch;
    void *fetch_user;
    /* Most documents one set loads (a guard against runaway references). */
    size_t max_documents;
    /* URL-to-location overrides (checklist SRC-07), borrowed; the first
     * matching prefix wins. The document keeps its original URL. */
    const az_url_map_entry *url_map;
    size_t url_map_len;
} az_docset_opts;

/* Fills `opts` with the defaults: network allowed (but no fetch function
 * yet), the limits above. */
void az_docset_opts_init(az_docset_opts *opts);

typedef struct az_docset az_docset;

/* One loaded document. */
typedef struct az_source az_source;

/* Creates an empty set; `opts` (NULL: defaults) is copied, its url_map
 * borrowed. NULL when out of memory. */
az_docset *az_docset_new(const az_docset_opts *opts);
/* Releases the set, every source and document in it. */
void az_docset_free(az_docset *set);

/*
 * Loads the document `ref` names - a file path or an http(s)/file URL,
 * resolved against the URL of `from` (NULL: the current directory); a
 * fragment is ignored - or finds it when already loaded. `at` (may be NULL)
 * is where the reference was written, so failures are reported there.
 * Problems go to `diags` (may be NULL). Returns AZ_OK and the source in
 * *out, or AZ_ERR_IO (cannot read or download; network forbidden),
 * AZ_ERR_SYNTAX, AZ_ERR_LIMIT, AZ_ERR_NOMEM. A document that failed once
 * fails again without a second attempt and without a second diagnostic.
 */
az_status az_docset_load(az_docset *set, const char *ref, const az_source *from, const az_pos *at,
                         az_diags *diags, const az_source **out);

/* Adds a document already in memory under the absolute URL `url` (tests,
 * stdin). The data is copied. Same results as az_docset_load. */
az_status az_docset_add_buffer(az_docset *set, const char *url, const char *name, const char *data,
                               size_t len, az_diags *diags, const az_source **out);

/* The source loaded under an absolute URL (fragment ignored), or NULL. */
const az_source *az_docset_find(const az_docset *set, const char *url);

/* How many documents were loaded successfully, and the i-th of them in
 * load order. */
size_t az_docset_count(const az_docset *set);
const az_source *az_docset_get(const az_docset *set, size_t i);

/* The document (borrowed). */
const az_doc *az_source_doc(const az_source *src);
/* Its root node (borrowed; NULL for an empty document). */
json_object *az_source_root(const az_source *src);
/* The absolute URL it was loaded under: file:///... or http(s)://... */
const char *az_source_url(const az_source *src);
/* The name diagnostics use: the path as the user would write it, or the URL. */
const char *az_source_name(const az_source *src);
/* Its kind, and the version string it declares ("3.1.0"; NULL if none). */
az_doc_kind az_source_kind(const az_source *src);
const char *az_source_version(const az_source *src);
/* Whether it was loaded from a local file. */
bool az_source_is_file(const az_source *src);

/* ------------------------------------------------------------------------ */
/* URLs                                                                      */
/* ------------------------------------------------------------------------ */

/*
 * Resolves a reference against a base URL as RFC 3986 section 5.2 does
 * (dot segments removed; the base's fragment ignored, the reference's
 * kept); `base` may be NULL when `ref` is absolute. A base without a scheme
 * (a relative reference such as "dir/doc.json") is resolved against all the
 * same and gives a result without a scheme. Stores the new URL in *out
 * (the caller's to free; NULL on failure). Returns AZ_OK, AZ_ERR_INVALID
 * (ref relative and base NULL) or AZ_ERR_NOMEM.
 */
az_status az_url_resolve(const char *base, const char *ref, char **out);

/*
 * Turns a local path into an absolute file:/// URL (relative paths against
 * the current directory; characters outside RFC 3986 pchar
 * percent-encoded). Returns AZ_OK, AZ_ERR_IO (no current directory) or
 * AZ_ERR_NOMEM.
 */
az_status az_url_from_path(const char *path, char **out);

/* The local path of a file: URL (percent-decoded), or NULL for other URLs. */
char *az_url_to_path(const char *url);

/* Tells whether a string starts with a URI scheme ("http:", "file:"...). */
bool az_url_has_scheme(const char *s);

/* ======================================================================== */
/*
 * The operations of an OpenAPI 3.0/3.1 or Swagger 2.0
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
/* ======================================================================== */

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
 * warnings. They are appended in source order (file, line, column).
 * Returns the number of errors appended.
 */
size_t az_oas_index_report(const az_oas_index *index, const az_oas_operation *const *used,
                           size_t n_used, az_diags *diags);

#ifdef __cplusplus
}
#endif

#endif /* ARAZZO_OPENAPI_H */
