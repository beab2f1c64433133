/* SPDX-License-Identifier: Apache-2.0 */
/*
 * openapi_schema_internal.h - what the JSON Schema validator's files
 * (openapi_schema*.c) share: the compiled form of a schema (resources,
 * anchors, one record per subschema with its resolved references) and
 * the built-in meta-schemas. The hash maps it keeps its tables in are those
 * of openapi_internal.h, URI resolution is az_url_resolve (openapi.h).
 */
#ifndef ARAZZO_OPENAPI_SCHEMA_INTERNAL_H
#define ARAZZO_OPENAPI_SCHEMA_INTERNAL_H

#include "arazzo/openapi.h"
#include "openapi_internal.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* Vocabularies of 2020-12 (bits of az__snode.vocab). */
enum {
    AZ__VOC_APPLICATOR = 1u << 0,
    AZ__VOC_UNEVALUATED = 1u << 1,
    AZ__VOC_VALIDATION = 1u << 2,
    AZ__VOC_FORMAT_ASSERT = 1u << 3,
    AZ__VOC_ALL = AZ__VOC_APPLICATOR | AZ__VOC_UNEVALUATED | AZ__VOC_VALIDATION
};

/* PCRE2 limits of `pattern` and `patternProperties` matching. */
#define AZ__SCHEMA_MATCH_LIMIT 1000000u
#define AZ__SCHEMA_DEPTH_LIMIT 10000u

/* The deepest nesting of subschemas a compiled schema may have. */
#define AZ__SCHEMA_MAX_NESTING 2000u

typedef struct az__snode az__snode;

/* A `$dynamicAnchor` of a resource. */
typedef struct az__sdyn {
    char *name;
    az__snode *node;
    struct az__sdyn *next;
} az__sdyn;

/* A schema resource: a subschema with its own base URI. */
typedef struct az__sres {
    char *uri;            /* absolute, without fragment */
    json_object *root;    /* the resource's root schema (borrowed) */
    az__oas_smap anchors; /* name -> az__snode, for `$anchor` and `$dynamicAnchor` */
    az__sdyn *dyn;        /* its dynamic anchors */
    struct az__sres *next;
} az__sres;

/* One subschema (an object or a boolean) reachable from the compiled one. */
struct az__snode {
    json_object *json; /* the schema (borrowed) */
    az__sres *res;     /* the resource holding it */
    char *ptr;         /* JSON Pointer from the resource's root */
    az_schema_dialect dialect;
    unsigned vocab;    /* AZ__VOC_ bits (2020-12) */
    az__snode *ref;    /* `$ref` target */
    az__snode *dref;   /* `$dynamicRef` target, statically resolved */
    char *dref_anchor; /* its fragment, when resolution is dynamic */
    bool has_ref;      /* has a `$ref` (and, for draft-04, ignores the rest) */
    bool has_uneval;   /* has unevaluatedItems or unevaluatedProperties */
    struct az__snode *next;
};

/* The compiled schema. */
struct az_schema {
    az_schema_opts opts;
    char *base_uri;
    az__snode *root;
    az__oas_smap resources; /* absolute URI -> az__sres */
    az__oas_smap docs;      /* absolute URI -> retrieved or built-in document */
    az__oas_smap regex;     /* pattern text -> pcre2_code */
    az__oas_pmap nodes;     /* json_object -> az__snode */
    az__sres *res_list;
    az__snode *node_list;
    json_object **held; /* references taken (json_object_get) */
    size_t n_held;
    size_t cap_held;
};

/* Returns the record of a subschema, or NULL when it was not compiled. */
az__snode *az__schema_node(const az_schema *s, json_object *json);

/*
 * Compiles an ECMA-262 pattern of `len` bytes for PCRE2 (see
 * docs/schema.md: UTF mode, \s as in ECMA-262, long Unicode property
 * names). Returns the code, or NULL with the PCRE2 error code in *err
 * (PCRE2_ERROR_NOMEMORY when out of memory, PCRE2_ERROR_NULL for a NUL in
 * the pattern)
 * and its offset in *off.
 */
pcre2_code *az__schema_regex_compile(const char *pattern, size_t len, int *err, size_t *off);

/* Returns the compiled regex of a pattern, or NULL. */
const pcre2_code *az__schema_regex(const az_schema *s, const char *pattern);

/* Returns the text of the built-in document at `uri` (no fragment), or NULL. */
const char *az__schema_builtin(const char *uri);

#endif /* ARAZZO_OPENAPI_SCHEMA_INTERNAL_H */
