/* SPDX-License-Identifier: Apache-2.0 */
/*
 * expr_context.c - a ready-made evaluation context that answers every
 * runtime-expression source (checklist 3.3, EXPR-10..1A) from one JSON
 * object, for `arazzo eval --context CTX.json` and for tests:
 *
 *   { "url": ..., "method": ..., "statusCode": ...,
 *     "request":  { "header": {...}, "query": {...}, "path": {...}, "body": ... },
 *     "response": { "header": {...}, "body": ... },
 *     "inputs": {...}, "outputs": {...},
 *     "steps": { ID: { "outputs": {...} } },
 *     "workflows": { ID: { "inputs": {...}, "outputs": {...} } },
 *     "sourceDescriptions": { NAME: { REF: ... } },
 *     "components": { KIND: { KEY: ... } } }
 *
 * Header names match case-insensitively (EXPR-07); a header given as an
 * array yields its first value (EXPR-21: repeated headers are never
 * joined). An absent member is undefined; a present null is JSON null.
 */
#include "expr_internal.h"

#include <string.h>
#include <strings.h>

/* Finds a member (borrowed; NULL for a JSON null); false when absent or not an object. */
static bool member(json_object *obj, const char *key, json_object **out)
{
    *out = NULL;
    if (!key || !json_object_is_type(obj, json_type_object))
        return false;
    return json_object_object_get_ex(obj, key, out);
}

/* Finds a member by case-insensitive name; false when absent. */
static bool member_nocase(json_object *obj, const char *key, json_object **out)
{
    *out = NULL;
    if (!key || !json_object_is_type(obj, json_type_object))
        return false;
    if (json_object_object_get_ex(obj, key, out))
        return true;
    json_object_object_foreach(obj, k, v)
    {
        if (strcasecmp(k, key) == 0) {
            *out = v;
            return true;
        }
    }
    return false;
}

/* Finds the node answering a source in the context object; false when undefined. */
static bool find(json_object *root, az_expr_source source, const char *scope, const char *name,
                 json_object **out)
{
    json_object *a = NULL, *b = NULL;
    bool req = true;
    switch (source) {
    case AZ_EXPR_URL: return member(root, "url", out);
    case AZ_EXPR_METHOD: return member(root, "method", out);
    case AZ_EXPR_STATUS_CODE: return member(root, "statusCode", out);
    case AZ_EXPR_RESPONSE_HEADER: req = false; /* fall through */
    case AZ_EXPR_REQUEST_HEADER:
        if (!member(root, req ? "request" : "response", &a) || !member(a, "header", &b) ||
            !member_nocase(b, name, out))
            return false;
        if (json_object_is_type(*out, json_type_array)) {
            if (json_object_array_length(*out) == 0)
                return false;
            *out = json_object_array_get_idx(*out, 0);
        }
        return true;
    case AZ_EXPR_RESPONSE_QUERY: req = false; /* fall through */
    case AZ_EXPR_REQUEST_QUERY:
        return member(root, req ? "request" : "response", &a) && member(a, "query", &b) &&
               member(b, name, out);
    case AZ_EXPR_RESPONSE_PATH: req = false; /* fall through */
    case AZ_EXPR_REQUEST_PATH:
        return member(root, req ? "request" : "response", &a) && member(a, "path", &b) &&
               member(b, name, out);
    case AZ_EXPR_RESPONSE_BODY: req = false; /* fall through */
    case AZ_EXPR_REQUEST_BODY:
        return member(root, req ? "request" : "response", &a) && member(a, "body", out);
    case AZ_EXPR_INPUTS: return member(root, "inputs", &a) && member(a, name, out);
    case AZ_EXPR_OUTPUTS: return member(root, "outputs", &a) && member(a, name, out);
    case AZ_EXPR_STEP_OUTPUTS:
        return member(root, "steps", &a) && member(a, scope, &b) && member(b, "outputs", &a) &&
               member(a, name, out);
    case AZ_EXPR_WORKFLOW_INPUTS:
    case AZ_EXPR_WORKFLOW_OUTPUTS:
        return member(root, "workflows", &a) && member(a, scope, &b) &&
               member(b, source == AZ_EXPR_WORKFLOW_INPUTS ? "inputs" : "outputs", &a) &&
               member(a, name, out);
    case AZ_EXPR_SOURCE_DESCRIPTION:
        if (!member(root, "sourceDescriptions", &a) || !member(a, scope, &b))
            return false;
        if (!name) {
            *out = b;
            return true;
        }
        return member(b, name, out);
    case AZ_EXPR_COMPONENT:
        return member(root, "components", &a) && member(a, scope, &b) && member(b, name, out);
    }
    return false;
}

/* Answers a lookup from the context object (the user pointer). */
static az_status json_lookup(void *user, az_expr_source source, const char *scope, const char *name,
                             json_object **value, bool *defined)
{
    json_object *node = NULL;
    *defined = find(user, source, scope, name, &node);
    *value = *defined ? json_object_get(node) : NULL;
    return AZ_OK;
}

/* Tells whether the context object declares a name for a dotted-name source. */
static bool json_has_name(void *user, az_expr_source source, const char *scope, const char *name)
{
    json_object *node = NULL;
    return find(user, source, scope, name, &node);
}

/* Fills a context answering from one JSON object (borrowed). */
void az_expr_context_from_json(json_object *root, az_expr_context *ctx)
{
    ctx->user = root;
    ctx->lookup = json_lookup;
    ctx->has_name = json_has_name;
}
