/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine_inputs.c - a workflow's inputs before its first request
 * (checklist EXEC-10, WF-04): the defaults of the `inputs` schema's
 * top-level properties applied, then the whole object validated against
 * the schema (JSON Schema 2020-12, `$ref`s resolved in the Arazzo document
 * and through the docset), every violation listed.
 */
#include <stdlib.h>
#include <string.h>

#include <arazzo/openapi.h>

#include "engine_run_internal.h"

/* The validator's retrieve callback: documents of the docset by URL. */
static json_object *retrieve(void *user, const char *uri)
{
    const az_source *src = NULL;
    if (az_docset_load(user, uri, NULL, NULL, NULL, &src) != AZ_OK)
        return NULL;
    return az_source_root(src);
}

/* Applies the defaults of the schema's top-level properties to a copy of
 * the inputs (a new reference). */
static json_object *with_defaults(az_docset *set, const az_source *src, json_object *schema,
                                  json_object *inputs)
{
    json_object *out = az__json_copy(inputs);
    if (!out)
        return NULL;
    az_oas_node at = {src, schema}, resolved;
    if (az_oas_ref_follow(set, at, NULL, &resolved) != AZ_OK)
        return out;
    json_object *props = NULL;
    if (!json_object_is_type(resolved.node, json_type_object) ||
        !json_object_object_get_ex(resolved.node, "properties", &props) ||
        !json_object_is_type(props, json_type_object))
        return out;
    json_object_object_foreach(props, name, prop)
    {
        az_oas_node pat = {resolved.src, prop}, pres;
        json_object *def = NULL;
        if (json_object_object_get_ex(out, name, NULL))
            continue;
        if (az_oas_ref_follow(set, pat, NULL, &pres) != AZ_OK ||
            !json_object_object_get_ex(pres.node, "default", &def))
            continue;
        json_object_object_add(out, name, az__json_copy(def));
    }
    return out;
}

/* Prepares a workflow's inputs; see engine_run_internal.h. */
az_status az__inputs_prepare(az_docset *set, const az_source *src, json_object *workflow,
                             json_object *inputs, json_object **out, az_diags *diags,
                             size_t *violations, char **error)
{
    json_object *schema = NULL;
    *out = NULL;
    *violations = 0;
    json_object *given = inputs ? json_object_get(inputs) : json_object_new_object();
    if (!given)
        return AZ_ERR_NOMEM;
    if (!json_object_object_get_ex(workflow, "inputs", &schema) || !schema) {
        *out = given;
        return AZ_OK;
    }
    json_object *filled = json_object_is_type(given, json_type_object)
                              ? with_defaults(set, src, schema, given)
                              : NULL;
    if (filled) {
        json_object_put(given);
        given = filled;
    }
    az_schema_opts opts;
    az_schema_opts_init(&opts);
    opts.base_uri = az_source_url(src);
    opts.document = az_source_root(src);
    opts.retrieve = retrieve;
    opts.retrieve_user = set;
    az_schema *compiled = NULL;
    char *why = NULL;
    az_status st = az_schema_compile(schema, &opts, &compiled, &why);
    if (st != AZ_OK) {
        az__engine_error(error, "the inputs schema does not compile: %s", why ? why : "?");
        free(why);
        json_object_put(given);
        return st;
    }
    az_schema_result *result = NULL;
    st = az_schema_validate(compiled, given, &result);
    if (st == AZ_OK && !az_schema_result_valid(result)) {
        az_pos pos = {az_source_name(src), 0, 0};
        az_doc_node_pos(az_source_doc(src), schema, &pos);
        for (size_t i = 0; i < az_schema_result_count(result); i++) {
            const az_schema_error *e = az_schema_result_get(result, i);
            az_doc_diag(az_source_doc(src), diags, AZ_SEVERITY_ERROR, "run-input-invalid", &pos,
                        "input%s%s: %s (schema %s)", e->instance_location[0] ? " " : "s",
                        e->instance_location, e->message, e->keyword_location);
            (*violations)++;
        }
    }
    az_schema_result_free(result);
    az_schema_free(compiled);
    if (st != AZ_OK) {
        json_object_put(given);
        return st;
    }
    *out = given;
    return AZ_OK;
}
