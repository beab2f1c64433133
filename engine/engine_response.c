/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine_response.c - the $response.* view of an HTTP response (checklist
 * EXEC-25): headers by name (a repeated header as an array, whose first
 * value expressions read, EXPR-21), and the body parsed by its
 * Content-Type - JSON (application/json, text/json, any +json) as a tree,
 * everything else (XML, text, binary) as text, which criteria such as
 * regex and XPath read. A JSON body that does not parse is kept as text.
 */
#include <string.h>

#include "engine_run_internal.h"

/* Parses a whole JSON text (trailing garbage rejected); NULL on failure,
 * and *ok false. */
static json_object *parse_json(const char *text, size_t len, bool *ok)
{
    json_tokener *tok = json_tokener_new_ex(AZ_DEFAULT_MAX_DEPTH);
    json_object *v = NULL;
    *ok = false;
    if (!tok)
        return NULL;
    v = json_tokener_parse_ex(tok, text, (int)len);
    if (json_tokener_get_error(tok) == json_tokener_success &&
        json_tokener_get_parse_end(tok) == len)
        *ok = true;
    if (!*ok) {
        json_object_put(v);
        v = NULL;
    }
    json_tokener_free(tok);
    return v;
}

/* Builds the $response.* view; see engine_run_internal.h. */
json_object *az__response_view(const az_http_response *resp)
{
    json_object *view = json_object_new_object(), *headers = json_object_new_object();
    if (!view || !headers) {
        json_object_put(view);
        json_object_put(headers);
        return NULL;
    }
    for (size_t i = 0; i < resp->n_headers; i++) {
        const char *name = resp->headers[i].name;
        json_object *value = json_object_new_string(resp->headers[i].value), *prev = NULL;
        if (json_object_object_get_ex(headers, name, &prev)) {
            if (!json_object_is_type(prev, json_type_array)) {
                json_object *list = json_object_new_array();
                json_object_array_add(list, json_object_get(prev));
                json_object_object_add(headers, name, list);
                prev = list;
            }
            json_object_array_add(prev, value);
        } else {
            json_object_object_add(headers, name, value);
        }
    }
    json_object_object_add(view, "header", headers);
    if (resp->body && resp->body_len > 0) {
        const char *type = az_http_header_get(resp->headers, resp->n_headers, "Content-Type");
        bool ok = false;
        json_object *body = NULL;
        if (az_oas_media_is_json(type) && resp->body_len < (size_t)0x7fffffff)
            body = parse_json(resp->body, resp->body_len, &ok);
        if (ok)
            json_object_object_add(view, "body", body);
        else
            json_object_object_add(view, "body",
                                   json_object_new_string_len(resp->body, (int)resp->body_len));
    }
    return view;
}
