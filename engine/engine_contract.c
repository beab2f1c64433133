/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine_contract.c - contract checks of an operation step's response
 * against its OpenAPI description, what `redocly respect` checks by
 * default: the status code is one the operation declares, the
 * Content-Type is declared for that status, and a JSON body validates
 * against the media type's schema (compiled once per run in its
 * document's dialect). How a failed check counts is the run's --check
 * level; see docs/running.md "Contract checks".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arazzo/core.h>

#include "engine_run_internal.h"

/* How many schema violations a message lists before "and N more". */
#define MAX_VIOLATIONS_SHOWN 3

/* Names a check; see engine.h. */
const char *az_check_kind_name(az_check_kind kind)
{
    switch (kind) {
    case AZ_CHECK_STATUS: return "status";
    case AZ_CHECK_CONTENT_TYPE: return "content-type";
    case AZ_CHECK_SCHEMA: return "schema";
    case AZ_N_CHECKS: break;
    }
    return NULL;
}

/* Names a check level; see engine.h. */
const char *az_check_level_name(az_check_level level)
{
    switch (level) {
    case AZ_CHECK_OFF: return "off";
    case AZ_CHECK_WARN: return "warn";
    case AZ_CHECK_ERROR: return "error";
    }
    return NULL;
}

/* Releases the compiled schemas; see engine_run_internal.h. */
void az__contract_clear(az__contract *c)
{
    for (size_t i = 0; i < c->n; i++) {
        az_schema_free(c->schemas[i]);
        free(c->errors[i]);
    }
    free(c->nodes);
    free(c->schemas);
    free(c->errors);
    c->nodes = NULL;
    c->schemas = NULL;
    c->errors = NULL;
    c->n = c->cap = 0;
}

/* The compiled schema of a media type, compiling it the first time; NULL
 * with *error (borrowed) when it does not compile. */
static const az_schema *schema_of(az__contract *c, az_oas_node schema, const char **error)
{
    for (size_t i = 0; i < c->n; i++) {
        if (c->nodes[i] == schema.node) {
            *error = c->errors[i];
            return c->schemas[i];
        }
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 8;
        json_object **nodes = realloc(c->nodes, cap * sizeof(*nodes));
        if (nodes)
            c->nodes = nodes;
        az_schema **schemas = realloc(c->schemas, cap * sizeof(*schemas));
        if (schemas)
            c->schemas = schemas;
        char **errors = realloc(c->errors, cap * sizeof(*errors));
        if (errors)
            c->errors = errors;
        if (!nodes || !schemas || !errors) {
            *error = "out of memory";
            return NULL;
        }
        c->cap = cap;
    }
    size_t i = c->n++;
    c->nodes[i] = schema.node;
    c->schemas[i] = NULL;
    c->errors[i] = NULL;
    if (az_oas_schema_compile(c->set, schema, false, &c->schemas[i], &c->errors[i]) != AZ_OK &&
        !c->errors[i])
        c->errors[i] = strdup("the schema does not compile");
    *error = c->errors[i] ? c->errors[i] : "out of memory";
    return c->schemas[i];
}

/* The declared response keys of an operation, comma-separated. */
static char *declared_statuses(const az_oas_operation *op)
{
    az_buf b = {0};
    for (size_t i = 0; i < op->n_responses; i++) {
        if (i)
            az_buf_puts(&b, ", ");
        az_buf_puts(&b, op->responses[i].status ? op->responses[i].status : "?");
    }
    return az_buf_take(&b);
}

/* The declared media types of a response, comma-separated. */
static char *declared_types(const az_oas_response *r)
{
    az_buf b = {0};
    for (size_t i = 0; i < r->n_content; i++) {
        if (i)
            az_buf_puts(&b, ", ");
        az_buf_puts(&b, r->content[i].type ? r->content[i].type : "?");
    }
    return az_buf_take(&b);
}

/* A body's violations of its schema: "/id: expected integer, got string;
 * ... (and N more)". */
static char *violations_text(const az_schema_result *result, const char *status, const char *type)
{
    az_buf b = {0};
    size_t n = az_schema_result_count(result);
    az_buf_puts(&b, "the body does not match the schema of ");
    az_buf_puts(&b, status);
    az_buf_puts(&b, " ");
    az_buf_puts(&b, type);
    az_buf_puts(&b, ": ");
    for (size_t i = 0; i < n && i < MAX_VIOLATIONS_SHOWN; i++) {
        const az_schema_error *e = az_schema_result_get(result, i);
        if (i)
            az_buf_puts(&b, "; ");
        az_buf_puts(&b, e->instance_location[0] ? e->instance_location : "(root)");
        az_buf_puts(&b, ": ");
        az_buf_puts(&b, e->message);
    }
    if (n > MAX_VIOLATIONS_SHOWN) {
        char more[48];
        snprintf(more, sizeof more, " (and %zu more)", n - MAX_VIOLATIONS_SHOWN);
        az_buf_puts(&b, more);
    }
    return az_buf_take(&b);
}

/* Tells whether a JSON body failed to parse: the $response view keeps such
 * a body as text, while a body that is a JSON string starts with '"'. */
static bool json_unparsed(const az_http_response *resp, json_object *body)
{
    if (!json_object_is_type(body, json_type_string))
        return false;
    size_t i = 0;
    while (i < resp->body_len && strchr(" \t\r\n", resp->body[i]))
        i++;
    return i == resp->body_len || resp->body[i] != '"';
}

/* Records one outcome. */
static size_t add(az__check_result *out, size_t n, az_check_kind kind, bool passed, char *message)
{
    out[n].kind = kind;
    out[n].passed = passed;
    out[n].message = message;
    return n + 1;
}

/* Runs the checks; see engine_run_internal.h. */
size_t az__contract_check(az__contract *c, const az_check_level levels[AZ_N_CHECKS],
                          const az_oas_operation *op, const az_http_response *resp,
                          json_object *view, az__check_result out[AZ_N_CHECKS])
{
    size_t n = 0;
    if (!op || op->n_responses == 0 || resp->failure != AZ_HTTP_OK)
        return 0;
    const char *op_name = op->operation_id ? op->operation_id : op->pointer;
    const az_oas_response *r = az_oas_response_for_status(op, resp->status);
    if (levels[AZ_CHECK_STATUS] != AZ_CHECK_OFF) {
        char *declared = declared_statuses(op);
        n = add(out, n, AZ_CHECK_STATUS, r != NULL,
                r ? az_strdupf("status %ld is declared (as %s)", resp->status, r->status)
                  : az_strdupf("status %ld is not declared for %s (declared: %s)", resp->status,
                               op_name, declared ? declared : ""));
        free(declared);
    }
    if (!r)
        return n;
    const char *type = az_http_header_get(resp->headers, resp->n_headers, "Content-Type");
    const az_oas_media *media = az_oas_media_for_type(r->content, r->n_content, type);
    if (levels[AZ_CHECK_CONTENT_TYPE] != AZ_CHECK_OFF) {
        char *declared = declared_types(r);
        if (r->n_content == 0 && resp->body_len > 0)
            n = add(out, n, AZ_CHECK_CONTENT_TYPE, false,
                    az_strdupf("the response has a %zu-byte body%s%s, but status %s of %s "
                               "declares no content",
                               resp->body_len, type ? " of type " : "", type ? type : "", r->status,
                               op_name));
        else if (r->n_content > 0 && !type)
            n = add(out, n, AZ_CHECK_CONTENT_TYPE, false,
                    az_strdupf("no Content-Type header; status %s of %s declares %s", r->status,
                               op_name, declared ? declared : ""));
        else if (r->n_content > 0)
            n = add(out, n, AZ_CHECK_CONTENT_TYPE, media != NULL,
                    media ? az_strdupf("%s is declared (as %s)", type, media->type)
                          : az_strdupf("Content-Type %s is not declared for status %s of %s "
                                       "(declared: %s)",
                                       type, r->status, op_name, declared ? declared : ""));
        free(declared);
    }
    /* The body's own type decides: a range such as application/(star) may
     * declare JSON. */
    if (!media || !media->schema.node || levels[AZ_CHECK_SCHEMA] == AZ_CHECK_OFF ||
        !az_oas_media_is_json(type) || resp->body_len == 0)
        return n;
    json_object *body = az_json_get(view, "body");
    if (json_unparsed(resp, body))
        return add(out, n, AZ_CHECK_SCHEMA, false,
                   az_strdupf("the body is not valid JSON (Content-Type %s)", type));
    const char *error = NULL;
    const az_schema *schema = schema_of(c, media->schema, &error);
    az_schema_result *result = NULL;
    if (!schema)
        n = add(out, n, AZ_CHECK_SCHEMA, false,
                az_strdupf("cannot check the body: the schema of %s %s does not compile: %s",
                           r->status, media->type, error));
    else if (az_schema_validate(schema, body, &result) != AZ_OK)
        n = add(out, n, AZ_CHECK_SCHEMA, false, strdup("out of memory while validating"));
    else if (az_schema_result_valid(result))
        n = add(out, n, AZ_CHECK_SCHEMA, true,
                az_strdupf("the body matches the schema of %s %s", r->status, media->type));
    else
        n = add(out, n, AZ_CHECK_SCHEMA, false, violations_text(result, r->status, media->type));
    az_schema_result_free(result);
    return n;
}
