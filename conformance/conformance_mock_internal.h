/* SPDX-License-Identifier: Apache-2.0 */
/*
 * conformance_mock_internal.h - what the files of the mock server share:
 * routing a request to an operation (conformance_mock_route.c) and
 * synthesizing a response for it (conformance_mock_synth.c). Private to
 * the conformance module.
 */
#ifndef ARAZZO_CONFORMANCE_MOCK_INTERNAL_H
#define ARAZZO_CONFORMANCE_MOCK_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <arazzo/openapi.h>

/* Deepest schema nesting where optional properties and array items are
 * still synthesized; past it only required properties are. */
#define AZ__MOCK_SOFT_DEPTH 4u
/* Deepest value nesting synthesized at all (stops recursive schemas). */
#define AZ__MOCK_HARD_DEPTH 12u
/* Most schemas followed into for one value, allOf / oneOf / anyOf parts
 * included (stops `A: {allOf: [A]}`). */
#define AZ__MOCK_MAX_HOPS 64u

/* The routes of a description: each operation with its path templates
 * split into segments and its servers' base paths (opaque). */
typedef struct az__mock_routes az__mock_routes;

/* Builds the routes of every operation of `index`. NULL when out of memory. */
az__mock_routes *az__mock_routes_new(const az_oas_index *index);
void az__mock_routes_free(az__mock_routes *routes);

/* What routing a request found. */
typedef struct az__mock_match {
    const az_oas_operation *op; /* NULL: no operation for this method */
    json_object *params;        /* new object {name: decoded value} or NULL */
    /* When op is NULL but the path matched other methods: "GET, POST"
     * (malloc'd) for the Allow header; NULL when no path matched (404). */
    char *allow;
} az__mock_match;

/*
 * Routes `method` (any case) and the raw, still percent-encoded `path`
 * (without the query): the operation whose template matches the path, with
 * or without a server's base path, literal segments winning over templated
 * ones at the first segment where they differ. Fills *out (zeroed first);
 * returns false only when out of memory.
 */
bool az__mock_route(const az__mock_routes *routes, const char *method, const char *path,
                    az__mock_match *out);

/* Releases what a match holds. */
void az__mock_match_clear(az__mock_match *m);

/* Percent-decodes `s` (n bytes; '+' as a space when `plus`) into a new
 * string; NULL when out of memory. */
char *az__mock_percent_decode(const char *s, size_t n, bool plus);

/* A deep copy of a JSON value (new reference; NULL for null), built by
 * hand because json_object_deep_copy refuses the loader's nodes (they
 * carry positions as userdata). */
json_object *az__mock_json_copy(json_object *v);

/* A synthesized response: status, Content-Type (NULL: none), body. */
typedef struct az__mock_response {
    unsigned status;
    const char *content_type; /* borrowed from the description */
    char *body;               /* malloc'd, may be NULL for no body */
    size_t body_len;
} az__mock_response;

/*
 * Synthesizes the response of `op`: its first 2xx response (else
 * `default`, else the first), that response's JSON media type (else its
 * first), and a body from the media type's `example`, else the first of
 * its `examples`, else the schema (az__mock_synth_schema). Returns false
 * only when out of memory.
 */
bool az__mock_synthesize(az_docset *set, const az_oas_operation *op, az__mock_response *out);

/*
 * Synthesizes a value from a Schema Object (`$ref`s followed) at nesting
 * `depth`: its const, example, default or first enum value, else a value of
 * its type (see docs/mock.md). Returns a new reference; NULL is JSON null.
 */
json_object *az__mock_synth_schema(az_docset *set, az_oas_node schema, unsigned depth);

/* One request as the server received it (everything borrowed). */
typedef struct az__mock_request {
    const char *method;
    const char *path;         /* raw, without the query */
    json_object *query;       /* {name: value or [values]}, decoded */
    json_object *headers;     /* {name as sent: value} */
    json_object *cookies;     /* {name: value} */
    json_object *path_params; /* {name: decoded value} from routing */
    const char *content_type; /* NULL when none */
    const char *body;
    size_t body_len;
} az__mock_request;

/* Checks requests against their operations for --validate (opaque); it
 * compiles each operation's body schemas once, on first use. */
typedef struct az__mock_checker az__mock_checker;

/* A checker for the operations of `index`. NULL when out of memory. */
az__mock_checker *az__mock_checker_new(az_docset *set, const az_oas_index *index);
void az__mock_checker_free(az__mock_checker *checker);

/*
 * Checks one request routed to `op`: every required parameter present, a
 * required body present, a JSON body well-formed and valid against the
 * schema of its media type. Returns a new array of violations, each
 * {"in", "name"?, "pointer"?, "message"} (empty when the request is fine),
 * or NULL when out of memory.
 */
json_object *az__mock_check(az__mock_checker *checker, const az_oas_operation *op,
                            const az__mock_request *req);

/* A script of exchanges (conformance_mock_script.c; opaque). */
typedef struct az__mock_script az__mock_script;

/* A script serving a copy of `exchanges` in order or by match. NULL when
 * out of memory. */
az__mock_script *az__mock_script_new(json_object *exchanges, bool in_order);
void az__mock_script_free(az__mock_script *s);
size_t az__mock_script_count(const az__mock_script *s);

/*
 * Tells whether `req` meets a `request` matcher of a case (NULL: any
 * request); when not, *why (if `why` is not NULL) gets a new message naming
 * the first difference.
 */
bool az__mock_request_matches(json_object *matcher, const az__mock_request *req, char **why);

/* The answer a script chose for one request. */
typedef struct az__mock_scripted {
    long exchange; /* 0-based index, -1 for a mismatch */
    unsigned status;
    json_object *headers;     /* borrowed from the script, or NULL */
    const char *content_type; /* the default one, or NULL */
    char *body;               /* malloc'd, or NULL for none */
    size_t body_len;
    long delay_ms;
    bool drop;
    char *mismatch; /* malloc'd "request 2: expected ..." or NULL */
} az__mock_scripted;

/* Answers the next request from the script; false only when out of memory. */
bool az__mock_script_answer(az__mock_script *s, const az__mock_request *req,
                            az__mock_scripted *out);
void az__mock_scripted_clear(az__mock_scripted *a);

#endif /* ARAZZO_CONFORMANCE_MOCK_INTERNAL_H */
