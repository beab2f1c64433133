/* SPDX-License-Identifier: Apache-2.0 */
/*
 * conformance_mock_check.c - the mock's request validation (`arazzo mock
 * --validate`): a request routed to an operation must carry every
 * parameter the operation marks `required` (OpenAPI 3.1 section 4.8.12,
 * path, query, header and cookie), a body when the Request Body Object is
 * `required`, and, when its media type is JSON, a well-formed body valid
 * against that media type's schema, checked in the description's dialect
 * (az_oas_schema_compile). Bodies of other media types are not checked.
 */
#include "conformance_mock_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <arazzo/openapi.h>

/* One operation's compiled body schemas, one per media type. */
typedef struct op_schemas {
    const az_oas_operation *op;
    bool compiled;
    az_schema **schemas; /* n_body entries; NULL where none or broken */
} op_schemas;

struct az__mock_checker {
    az_docset *set;
    op_schemas *ops;
    size_t n;
};

/* A checker for the operations of `index`. NULL when out of memory. */
az__mock_checker *az__mock_checker_new(az_docset *set, const az_oas_index *index)
{
    az__mock_checker *c = calloc(1, sizeof(*c));
    size_t n = az_oas_index_count(index);
    if (!c || (n && !(c->ops = calloc(n, sizeof(*c->ops))))) {
        free(c);
        return NULL;
    }
    c->set = set;
    c->n = n;
    for (size_t i = 0; i < n; i++)
        c->ops[i].op = az_oas_index_get(index, i);
    return c;
}

/* Releases a checker and its compiled schemas. */
void az__mock_checker_free(az__mock_checker *checker)
{
    if (!checker)
        return;
    for (size_t i = 0; i < checker->n; i++) {
        for (size_t m = 0; checker->ops[i].schemas && m < checker->ops[i].op->n_body; m++)
            az_schema_free(checker->ops[i].schemas[m]);
        free(checker->ops[i].schemas);
    }
    free(checker->ops);
    free(checker);
}

/* Appends one violation to `list`. */
static void add(json_object *list, const char *in, const char *name, const char *pointer,
                const char *message)
{
    json_object *v = json_object_new_object();
    json_object_object_add(v, "in", json_object_new_string(in));
    if (name)
        json_object_object_add(v, "name", json_object_new_string(name));
    if (pointer)
        json_object_object_add(v, "pointer", json_object_new_string(pointer));
    json_object_object_add(v, "message", json_object_new_string(message));
    json_object_array_add(list, v);
}

/* Tells whether a JSON object has a member named `name`, ignoring case
 * when `nocase` (header names). */
static bool present(json_object *obj, const char *name, bool nocase)
{
    if (!json_object_is_type(obj, json_type_object))
        return false;
    if (!nocase)
        return json_object_object_get_ex(obj, name, NULL);
    json_object_object_foreach(obj, key, value)
    {
        (void)value;
        if (strcasecmp(key, name) == 0)
            return true;
    }
    return false;
}

/* Tells whether a media type names JSON. */
static bool json_media(const char *type)
{
    return strstr(type, "json") != NULL;
}

/* Tells whether two media types are the same, parameters ignored. */
static bool same_media(const char *a, const char *b)
{
    size_t na = strcspn(a, "; "), nb = strcspn(b, "; ");
    return na == nb && strncasecmp(a, b, na) == 0;
}

/* The compiled schemas of an operation (compiling them on first use);
 * NULL when the operation is unknown or out of memory. */
static az_schema **schemas_of(az__mock_checker *c, const az_oas_operation *op)
{
    for (size_t i = 0; i < c->n; i++) {
        op_schemas *s = &c->ops[i];
        if (s->op != op)
            continue;
        if (!s->compiled && op->n_body) {
            if (!(s->schemas = calloc(op->n_body, sizeof(*s->schemas))))
                return NULL;
            for (size_t m = 0; m < op->n_body; m++) {
                char *error = NULL;
                if (op->body[m].schema.node && json_media(op->body[m].type) &&
                    az_oas_schema_compile(c->set, op->body[m].schema, false, &s->schemas[m],
                                          &error) != AZ_OK)
                    s->schemas[m] = NULL;
                free(error);
            }
        }
        s->compiled = true;
        return s->schemas;
    }
    return NULL;
}

/* Checks a JSON body against the schema of its media type. */
static void check_body(az__mock_checker *c, const az_oas_operation *op, const az__mock_request *req,
                       json_object *list)
{
    size_t m = op->n_body;
    for (size_t i = 0; i < op->n_body && m == op->n_body; i++)
        if (req->content_type ? same_media(req->content_type, op->body[i].type)
                              : json_media(op->body[i].type))
            m = i;
    if (m == op->n_body || !json_media(op->body[m].type))
        return;
    json_tokener *tok = json_tokener_new();
    json_object *body = NULL;
    if (!tok)
        return;
    body = json_tokener_parse_ex(tok, req->body, (int)req->body_len);
    if (json_tokener_get_error(tok) != json_tokener_success ||
        json_tokener_get_parse_end(tok) < req->body_len) {
        add(list, "body", NULL, NULL, "request body is not well-formed JSON");
        goto out;
    }
    az_schema **schemas = schemas_of(c, op);
    az_schema_result *result = NULL;
    if (!schemas || !schemas[m] || az_schema_validate(schemas[m], body, &result) != AZ_OK)
        goto out;
    for (size_t i = 0; i < az_schema_result_count(result); i++) {
        const az_schema_error *e = az_schema_result_get(result, i);
        add(list, "body", NULL, e->instance_location, e->message);
    }
    az_schema_result_free(result);
out:
    json_object_put(body);
    json_tokener_free(tok);
}

/* Checks one request (see conformance_mock_internal.h). */
json_object *az__mock_check(az__mock_checker *checker, const az_oas_operation *op,
                            const az__mock_request *req)
{
    json_object *list = json_object_new_array();
    if (!list)
        return NULL;
    for (size_t i = 0; i < op->n_params; i++) {
        const az_oas_op_param *p = &op->params[i];
        json_object *where = p->in == AZ_OAS_IN_PATH     ? req->path_params
                             : p->in == AZ_OAS_IN_QUERY  ? req->query
                             : p->in == AZ_OAS_IN_HEADER ? req->headers
                                                         : req->cookies;
        if (!p->required || present(where, p->name, p->in == AZ_OAS_IN_HEADER))
            continue;
        char message[512];
        snprintf(message, sizeof(message), "missing required %s parameter '%s'",
                 az_oas_param_in_name(p->in), p->name);
        add(list, az_oas_param_in_name(p->in), p->name, NULL, message);
    }
    if (op->has_body && op->body_required && req->body_len == 0)
        add(list, "body", NULL, NULL, "missing required request body");
    else if (op->has_body && req->body_len > 0)
        check_body(checker, op, req, list);
    return list;
}
