/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine_request.c - turning an operation step into an HTTP request: the
 * server URL (an override, or the operation's first server with its
 * variables' defaults, EXEC-03), path parameters substituted into the
 * template, query parameters, headers and cookies serialized by the
 * operation's `style`/`explode` (PAR-04, PAR-06: null omits a parameter),
 * and the request body encoded for the chosen media type (RB-03, RB-04);
 * plus the $request.* view expressions read afterwards.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <arazzo/openapi.h>

#include "engine_run_internal.h"

/* Releases what a request holds; see engine_run_internal.h. */
void az__request_clear(az__request *r)
{
    free(r->method);
    free(r->url);
    for (size_t i = 0; i < r->n_headers; i++) {
        free(r->headers[i].name);
        free(r->headers[i].value);
    }
    free(r->headers);
    free(r->body);
    free(r->content_type);
    json_object_put(r->view);
    memset(r, 0, sizeof(*r));
}

/* Appends one header (copies); false when out of memory. */
static bool add_header(az__request *r, const char *name, const char *value)
{
    az_http_header *grown = realloc(r->headers, (r->n_headers + 1) * sizeof(*grown));
    if (!grown)
        return false;
    r->headers = grown;
    r->headers[r->n_headers].name = strdup(name);
    r->headers[r->n_headers].value = strdup(value);
    if (!r->headers[r->n_headers].name || !r->headers[r->n_headers].value) {
        free(r->headers[r->n_headers].name);
        free(r->headers[r->n_headers].value);
        return false;
    }
    r->n_headers++;
    return true;
}

/* Adds a header unless it is set; see engine_run_internal.h. */
az_status az__request_add_default_header(az__request *r, const char *name, const char *value)
{
    for (size_t i = 0; i < r->n_headers; i++)
        if (strcasecmp(r->headers[i].name, name) == 0)
            return AZ_OK;
    if (!add_header(r, name, value))
        return AZ_ERR_NOMEM;
    json_object *hv = az_json_get(r->view, "header");
    if (hv)
        json_object_object_add(hv, name, json_object_new_string(value));
    return AZ_OK;
}

/* Finds the operation's declaration of a parameter, or NULL. */
static const az_oas_op_param *declared(const az_oas_operation *op, const char *name,
                                       az_oas_param_in in)
{
    for (size_t i = 0; i < op->n_params; i++) {
        const az_oas_op_param *p = &op->params[i];
        if (p->in != in)
            continue;
        if (in == AZ_OAS_IN_HEADER ? strcasecmp(p->name, name) == 0 : strcmp(p->name, name) == 0)
            return p;
    }
    return NULL;
}

/* Reads an Arazzo `in`. */
static bool parse_in(const char *in, az_oas_param_in *out)
{
    if (!in)
        return false;
    if (strcmp(in, "path") == 0)
        *out = AZ_OAS_IN_PATH;
    else if (strcmp(in, "query") == 0)
        *out = AZ_OAS_IN_QUERY;
    else if (strcmp(in, "header") == 0)
        *out = AZ_OAS_IN_HEADER;
    else if (strcmp(in, "cookie") == 0)
        *out = AZ_OAS_IN_COOKIE;
    else
        return false;
    return true;
}

/* Uppercases an HTTP method into a new string. */
static char *upper(const char *method)
{
    char *s = strdup(method);
    for (char *p = s; p && *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 32);
    return s;
}

/* Picks the media type to send (RB-03): the step's, else the only one
 * declared, else JSON when declared, else the first, else JSON. */
static const char *pick_media_type(const az_oas_operation *op, const char *given)
{
    if (given)
        return given;
    if (op->n_body == 1)
        return op->body[0].type;
    for (size_t i = 0; i < op->n_body; i++)
        if (strcasecmp(op->body[i].type, "application/json") == 0)
            return op->body[i].type;
    return op->n_body ? op->body[0].type : "application/json";
}

/* Collects the OpenAPI `encoding` of a form media type (new array). */
static az_oas_encoding *encodings_of(const az_oas_operation *op, const char *type, size_t *n)
{
    *n = 0;
    json_object *enc = NULL;
    for (size_t i = 0; i < op->n_body && !enc; i++)
        if (strcasecmp(op->body[i].type, type) == 0)
            enc = op->body[i].encoding;
    if (!json_object_is_type(enc, json_type_object))
        return NULL;
    az_oas_encoding *list = calloc((size_t)json_object_object_length(enc) + 1, sizeof(*list));
    if (!list)
        return NULL;
    json_object_object_foreach(enc, name, e)
    {
        az_oas_encoding *out = &list[(*n)++];
        json_object *v = NULL;
        out->name = name;
        out->explode = -1;
        if (json_object_object_get_ex(e, "contentType", &v))
            out->content_type = json_object_get_string(v);
        if (json_object_object_get_ex(e, "style", &v))
            az_oas_style_parse(json_object_get_string(v), &out->style);
        if (json_object_object_get_ex(e, "explode", &v))
            out->explode = json_object_get_boolean(v) ? 1 : 0;
        if (json_object_object_get_ex(e, "allowReserved", &v))
            out->allow_reserved = json_object_get_boolean(v);
    }
    return list;
}

/* Replaces each {name} of `path` whose name is in `values` (an object of
 * serialized texts); other braces stay (the caller reports them). */
static char *fill_path(const char *path, json_object *values, char **missing)
{
    az_buf b = {0};
    for (const char *p = path; *p;) {
        const char *end = *p == '{' ? strchr(p, '}') : NULL;
        if (!end) {
            az_buf_add(&b, p, 1);
            p++;
            continue;
        }
        char *name = strndup(p + 1, (size_t)(end - p - 1));
        json_object *v = NULL;
        if (name && json_object_object_get_ex(values, name, &v)) {
            az_buf_puts(&b, json_object_get_string(v));
        } else {
            az_buf_add(&b, p, (size_t)(end - p + 1));
            if (!*missing && name)
                *missing = strdup(name);
        }
        free(name);
        p = end + 1;
    }
    return az_buf_take(&b);
}

/* Builds the request; see engine_run_internal.h. */
az_status az__request_build(const az_oas_operation *op, const char *server_override,
                            const az__param *params, json_object *const *values, size_t n_params,
                            bool has_body, json_object *body, const char *content_type,
                            az__request *out, char **error)
{
    az_status st = AZ_ERR_NOMEM;
    char *server = NULL, *path = NULL, *missing = NULL, *text = NULL, *why = NULL;
    az_buf query = {0}, cookies = {0};
    memset(out, 0, sizeof(*out));
    json_object *view = json_object_new_object(), *hv = json_object_new_object(),
                *qv = json_object_new_object(), *pv = json_object_new_object(),
                *path_texts = json_object_new_object();
    if (!view || !hv || !qv || !pv || !path_texts) {
        json_object_put(hv);
        json_object_put(qv);
        json_object_put(pv);
        goto out;
    }
    json_object_object_add(view, "header", hv);
    json_object_object_add(view, "query", qv);
    json_object_object_add(view, "path", pv);
    out->view = view;
    if (!(out->method = upper(op->method)))
        goto out;

    /* The server. */
    if (server_override) {
        server = strdup(server_override);
    } else if (op->n_servers > 0) {
        st = az_oas_server_expand(&op->servers[0], NULL, &server, error);
        if (st != AZ_OK)
            goto out;
    }
    if (!server)
        goto out;
    if (!az_url_has_scheme(server)) {
        az__engine_error(
            error,
            "the server URL of %s %s is '%s', which is relative: give the API's address "
            "with --server SOURCE=URL",
            out->method, op->path, server);
        st = AZ_ERR_INVALID;
        goto out;
    }

    /* Parameters, in their order. */
    for (size_t i = 0; i < n_params; i++) {
        az_oas_param_in in;
        if (!parse_in(params[i].in, &in))
            continue; /* validation reports a missing or bad `in` */
        json_object *value = values[i];
        if (!value)
            continue; /* PAR-06: null omits the parameter */
        const az_oas_op_param *decl = declared(op, params[i].name, in);
        az_oas_param p = {params[i].name, in, decl ? decl->style : AZ_OAS_STYLE_DEFAULT,
                          decl ? decl->explode : -1, decl ? decl->allow_reserved : false};
        if (decl && decl->content_type) {
            /* A content-typed parameter: its JSON text, then encoded. */
            p.style = AZ_OAS_STYLE_DEFAULT;
            p.explode = 0;
            json_object *as_text = json_object_new_string(json_object_to_json_string_ext(
                value, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
            st = az_oas_serialize(&p, as_text, &text, &why);
            json_object_put(as_text);
        } else {
            st = az_oas_serialize(&p, value, &text, &why);
        }
        if (st != AZ_OK) {
            az__engine_error(error, "parameter '%s' (in %s): %s", params[i].name, params[i].in,
                             why ? why : "cannot be serialized");
            goto out;
        }
        json_object *raw = json_object_get(value);
        switch (in) {
        case AZ_OAS_IN_PATH:
            json_object_object_add(path_texts, params[i].name, json_object_new_string(text));
            json_object_object_add(pv, params[i].name, raw);
            break;
        case AZ_OAS_IN_QUERY:
            if (text[0]) {
                az_buf_puts(&query, query.len ? "&" : "?");
                az_buf_puts(&query, text);
            }
            json_object_object_add(qv, params[i].name, raw);
            break;
        case AZ_OAS_IN_HEADER:
            if (!add_header(out, params[i].name, text))
                goto nomem;
            json_object_object_add(hv, params[i].name, json_object_new_string(text));
            json_object_put(raw);
            break;
        case AZ_OAS_IN_COOKIE:
            if (text[0]) {
                az_buf_puts(&cookies, cookies.len ? "; " : "");
                az_buf_puts(&cookies, text);
            }
            json_object_put(raw);
            break;
        }
        free(text);
        text = NULL;
    }
    if (cookies.len) {
        if (!add_header(out, "Cookie", cookies.data))
            goto nomem;
        json_object_object_add(hv, "Cookie", json_object_new_string(cookies.data));
    }

    /* The URL: server + path template filled + query. */
    path = fill_path(op->path, path_texts, &missing);
    if (!path)
        goto nomem;
    if (missing) {
        az__engine_error(error,
                         "path parameter '%s' of %s %s has no value: add it to the step's "
                         "parameters with in: path",
                         missing, out->method, op->path);
        st = AZ_ERR_INVALID;
        goto out;
    }
    az_buf url = {0};
    size_t slen = strlen(server);
    az_buf_add(&url, server, slen && server[slen - 1] == '/' && path[0] == '/' ? slen - 1 : slen);
    az_buf_puts(&url, path);
    if (query.len)
        az_buf_add(&url, query.data, query.len);
    if (url.failed || !(out->url = az_buf_take(&url))) {
        free(url.data);
        goto nomem;
    }

    /* The body. */
    if (has_body) {
        const char *type = pick_media_type(op, content_type);
        if (json_object_is_type(body, json_type_string)) {
            /* RB-04: a string payload (a JSON, form or XML text written as
             * a template) is sent as it is, whatever the media type. */
            size_t len = (size_t)json_object_get_string_len(body);
            out->body = malloc(len + 1);
            out->content_type = strdup(type);
            if (!out->body || !out->content_type)
                goto nomem;
            memcpy(out->body, json_object_get_string(body), len + 1);
            out->body_len = len;
            st = AZ_OK;
        } else {
            size_t n_enc = 0;
            az_oas_encoding *enc = encodings_of(op, type, &n_enc);
            st = az_oas_body_encode(type, body, enc, n_enc, NULL, &out->body, &out->body_len,
                                    &out->content_type, &why);
            free(enc);
        }
        if (st != AZ_OK) {
            az__engine_error(error, "request body (%s): %s", type, why ? why : "cannot be encoded");
            goto out;
        }
        bool has_type = false;
        for (size_t i = 0; i < out->n_headers; i++)
            has_type = has_type || strcasecmp(out->headers[i].name, "Content-Type") == 0;
        if (!has_type) {
            /* $request.header sees every header sent, this one included. */
            if (!add_header(out, "Content-Type", out->content_type))
                goto nomem;
            json_object_object_add(hv, "Content-Type", json_object_new_string(out->content_type));
        }
        json_object_object_add(view, "body", json_object_get(body));
    }
    st = AZ_OK;
    goto out;
nomem:
    st = AZ_ERR_NOMEM;
out:
    if (st != AZ_OK)
        az__request_clear(out);
    json_object_put(path_texts);
    free(server);
    free(path);
    free(missing);
    free(text);
    free(why);
    free(query.data);
    free(cookies.data);
    return st;
}
