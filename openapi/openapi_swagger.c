/* SPDX-License-Identifier: Apache-2.0 */
/*
 * openapi_swagger.c - what the operation index does differently for
 * Swagger 2.0: `collectionFormat` mapped onto OpenAPI 3 styles, the
 * parameter itself standing for its schema, `in: body` and `in: formData`
 * parameters turned into the request body model (one media type per
 * `consumes` entry), and response `schema`s into one media entry per
 * `produces` type. Servers come from openapi_servers.c.
 */
#include <stdlib.h>
#include <string.h>

#include "openapi_index_internal.h"

/* Maps `collectionFormat` onto a style and explode (Swagger 2.0 section
 * "Parameter Object"; csv is the default). */
void az__oas_swagger_param(az_oas_index *ix, az_oas_operation *op, az_oas_node param,
                           az_oas_op_param *p)
{
    const char *format = az_json_get_string(param.node, "collectionFormat");
    p->schema = param; /* type, format, items, enum... stand for a schema */
    p->style = p->in == AZ_OAS_IN_QUERY || p->in == AZ_OAS_IN_COOKIE ? AZ_OAS_STYLE_FORM
                                                                     : AZ_OAS_STYLE_SIMPLE;
    p->explode = 0;
    if (!format || strcmp(format, "csv") == 0)
        return;
    if (strcmp(format, "ssv") == 0 && p->in == AZ_OAS_IN_QUERY) {
        p->style = AZ_OAS_STYLE_SPACE_DELIMITED;
    } else if (strcmp(format, "pipes") == 0 && p->in == AZ_OAS_IN_QUERY) {
        p->style = AZ_OAS_STYLE_PIPE_DELIMITED;
    } else if (strcmp(format, "multi") == 0 && p->in == AZ_OAS_IN_QUERY) {
        p->explode = 1;
    } else {
        az__oas_defect(ix, op, param.src, az_json_get(param.node, "collectionFormat"),
                       "oas-parameter-invalid",
                       "parameter '%s': collectionFormat '%s' is not supported in %s", p->name,
                       format, az_oas_param_in_name(p->in));
    }
}

/* Keeps a body or formData parameter for az__oas_swagger_finish_body. */
void az__oas_swagger_body_param(az_oas_index *ix, az_oas_operation *op, az_oas_node param)
{
    az_op_extra *x = &ix->extra[op - ix->ops];
    const char *in = az_json_get_string(param.node, "in");
    if (strcmp(in, "body") == 0) {
        x->swagger_body = param;
        return;
    }
    const char *name = az_json_get_string(param.node, "name");
    if (!x->swagger_form) {
        x->swagger_form = json_object_new_object();
        if (!x->swagger_form || json_object_array_add(ix->owned, x->swagger_form) != 0)
            return;
        json_object_object_add(x->swagger_form, "type", json_object_new_string("object"));
        json_object_object_add(x->swagger_form, "properties", json_object_new_object());
        json_object_object_add(x->swagger_form, "required", json_object_new_array());
    }
    json_object *props = az_json_get(x->swagger_form, "properties");
    json_object_object_add(props, name, json_object_get(param.node));
    const char *type = az_json_get_string(param.node, "type");
    if (type && strcmp(type, "file") == 0)
        x->swagger_form_file = true;
    json_object *required = az_json_get(param.node, "required");
    if (json_object_is_type(required, json_type_boolean) && json_object_get_boolean(required))
        json_object_array_add(az_json_get(x->swagger_form, "required"),
                              json_object_new_string(name));
}

/* Returns the operation's `key` list (consumes/produces), else the root's. */
static json_object *media_list(az_oas_index *ix, az_oas_operation *op, const char *key)
{
    json_object *list = az_json_get(op->node.node, key);
    if (!json_object_is_type(list, json_type_array) || json_object_array_length(list) == 0)
        list = az_json_get(az_source_root(ix->src), key);
    if (!json_object_is_type(list, json_type_array) || json_object_array_length(list) == 0)
        return NULL;
    return list;
}

/* Makes one media entry per string of `types` ("application/json" when
 * NULL), each with `schema`. */
static az_oas_media *media_for(json_object *types, az_oas_node schema, size_t *n_out)
{
    size_t n = types ? json_object_array_length(types) : 1;
    az_oas_media *media = calloc(n, sizeof(*media));
    *n_out = 0;
    if (!media)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        json_object *t = types ? json_object_array_get_idx(types, i) : NULL;
        if (types && !json_object_is_type(t, json_type_string))
            continue;
        media[*n_out].type = t ? json_object_get_string(t) : "application/json";
        media[*n_out].schema = schema;
        (*n_out)++;
    }
    return media;
}

/* Tells whether a consumes list names multipart/form-data. */
static bool consumes_multipart(json_object *types)
{
    for (size_t i = 0; types && i < json_object_array_length(types); i++) {
        const char *t = json_object_get_string(json_object_array_get_idx(types, i));
        if (t && strncmp(t, "multipart/form-data", 19) == 0)
            return true;
    }
    return false;
}

/* Builds the request body model from the kept parameters. */
void az__oas_swagger_finish_body(az_oas_index *ix, az_oas_operation *op)
{
    az_op_extra *x = &ix->extra[op - ix->ops];
    json_object *consumes = media_list(ix, op, "consumes");
    if (x->swagger_body.node) {
        json_object *required = az_json_get(x->swagger_body.node, "required");
        az_oas_node schema = {x->swagger_body.src, az_json_get(x->swagger_body.node, "schema")};
        op->has_body = true;
        op->body_required =
            json_object_is_type(required, json_type_boolean) && json_object_get_boolean(required);
        op->body = media_for(consumes, schema, &op->n_body);
        return;
    }
    if (!x->swagger_form)
        return;
    op->has_body = true;
    op->body_required = json_object_array_length(az_json_get(x->swagger_form, "required")) > 0;
    if (!(op->body = calloc(1, sizeof(*op->body))))
        return;
    op->n_body = 1;
    op->body->type = x->swagger_form_file || consumes_multipart(consumes)
                         ? "multipart/form-data"
                         : "application/x-www-form-urlencoded";
    op->body->schema.src = ix->src;
    op->body->schema.node = x->swagger_form;
}

/* A Swagger 2.0 response's schema, one entry per `produces` type. */
az_oas_media *az__oas_swagger_response_content(az_oas_index *ix, az_oas_operation *op,
                                               az_oas_node response, size_t *n_out)
{
    json_object *schema = az_json_get(response.node, "schema");
    *n_out = 0;
    if (!schema)
        return NULL;
    az_oas_node node = {response.src, schema};
    return media_for(media_list(ix, op, "produces"), node, n_out);
}
