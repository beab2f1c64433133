/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine_transport_replay.c - the replay transport of arazzo/engine.h:
 * answers requests from a JSON script of exchanges instead of the network,
 * in order, checking each request against what its exchange expects and
 * recording every request, so engine tests run without a server. The
 * script's format is in arazzo/engine.h and docs/transport.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine_transport_internal.h"

/* The transport: the script, the next exchange and what was received. */
typedef struct replay_transport {
    az_transport base;
    json_object *script;   /* a reference held until the release */
    size_t next;           /* index of the exchange for the next request */
    json_object *requests; /* array of the recorded requests */
} replay_transport;

/* What a response being built from an exchange holds. */
typedef struct built {
    az_http_header *headers;
    size_t n_headers;
    size_t cap_headers;
} built;

/*
 * Records one request as {"method", "url", "headers", "body"}. Returns
 * false when out of memory.
 */
static bool record_request(replay_transport *t, const az_http_request *req)
{
    json_object *rec = json_object_new_object();
    json_object *headers = json_object_new_object();
    bool ok = rec && headers;
    for (size_t i = 0; i < req->n_headers && ok; i++) {
        const az_http_header *h = &req->headers[i];
        json_object *old = NULL;
        json_object *value;
        if (json_object_object_get_ex(headers, h->name, &old)) {
            az_buf joined = {0};
            az_buf_puts(&joined, json_object_get_string(old));
            az_buf_puts(&joined, ", ");
            az_buf_puts(&joined, h->value);
            char *text = az_buf_take(&joined);
            value = text ? json_object_new_string(text) : NULL;
            free(text);
        } else {
            value = json_object_new_string(h->value);
        }
        ok = value && json_object_object_add(headers, h->name, value) == 0;
        if (!ok)
            json_object_put(value);
    }
    if (ok) {
        json_object *body =
            req->body ? json_object_new_string_len(req->body, (int)req->body_len) : NULL;
        json_object *method = json_object_new_string(req->method);
        json_object *url = json_object_new_string(req->url);
        ok = method && url && (body || !req->body);
        if (ok) {
            json_object_object_add(rec, "method", method);
            json_object_object_add(rec, "url", url);
            json_object_object_add(rec, "headers", headers);
            json_object_object_add(rec, "body", body);
            headers = NULL;
        } else {
            json_object_put(body);
            json_object_put(method);
            json_object_put(url);
        }
    }
    if (ok && json_object_array_add(t->requests, rec) == 0)
        rec = NULL;
    else
        ok = false;
    json_object_put(headers);
    json_object_put(rec);
    return ok;
}

/* Tells whether a request matches its exchange's optional "request". */
static bool matches(json_object *expect, const az_http_request *req)
{
    json_object *method = NULL, *url = NULL;
    if (!json_object_is_type(expect, json_type_object))
        return true;
    if (json_object_object_get_ex(expect, "method", &method) &&
        json_object_is_type(method, json_type_string) &&
        strcasecmp(json_object_get_string(method), req->method) != 0)
        return false;
    if (json_object_object_get_ex(expect, "url", &url) &&
        json_object_is_type(url, json_type_string) &&
        strcmp(json_object_get_string(url), req->url) != 0)
        return false;
    return true;
}

/* A member of `obj` that is a string, or `fallback`. */
static const char *string_member(json_object *obj, const char *key, const char *fallback)
{
    const char *v = az_json_get_string(obj, key);
    return v ? v : fallback;
}

/* Tells whether a JSON value can be a header value (string or number or boolean). */
static bool is_scalar(json_object *v)
{
    return json_object_is_type(v, json_type_string) || json_object_is_type(v, json_type_int) ||
           json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_boolean);
}

/* Adds one header to a built response; false when out of memory. */
static bool add_header(built *b, const char *name, json_object *value)
{
    const char *text = json_object_get_string(value);
    return az__http_header_push(&b->headers, &b->n_headers, &b->cap_headers, name, strlen(name),
                                text, strlen(text));
}

/*
 * Fills `resp` from an exchange's "response" (exchange number `number`).
 * Returns AZ_OK (a malformed response is reported as failure
 * AZ_HTTP_OTHER) or AZ_ERR_NOMEM.
 */
static az_status build_response(json_object *response, size_t number, const az_http_request *req,
                                az_http_response *resp)
{
    built b = {0};
    json_object *status = NULL, *headers = NULL, *body = NULL;
    const char *problem = NULL;
    char *body_text = NULL;
    size_t body_len = 0;
    az_status st = AZ_ERR_NOMEM;
    long code = 200;

    if (json_object_object_get_ex(response, "status", &status)) {
        if (!json_object_is_type(status, json_type_int) || json_object_get_int64(status) < 100 ||
            json_object_get_int64(status) > 599)
            problem = "\"status\" is not an integer from 100 to 599";
        else
            code = (long)json_object_get_int64(status);
    }
    if (!problem && json_object_object_get_ex(response, "headers", &headers)) {
        if (!json_object_is_type(headers, json_type_object)) {
            problem = "\"headers\" is not an object";
        } else {
            json_object_object_foreach(headers, name, value)
            {
                if (is_scalar(value)) {
                    if (!add_header(&b, name, value))
                        goto out;
                    continue;
                }
                size_t n = json_object_is_type(value, json_type_array)
                               ? json_object_array_length(value)
                               : 0;
                if (!json_object_is_type(value, json_type_array))
                    problem = "a header value is not a string, a number or an array of them";
                for (size_t i = 0; i < n && !problem; i++) {
                    json_object *item = json_object_array_get_idx(value, i);
                    if (!is_scalar(item))
                        problem = "a header value is not a string, a number or an array of them";
                    else if (!add_header(&b, name, item))
                        goto out;
                }
                if (problem)
                    break;
            }
        }
    }
    if (!problem && json_object_object_get_ex(response, "body", &body) && body) {
        const char *text;
        if (json_object_is_type(body, json_type_string)) {
            text = json_object_get_string(body);
            body_len = (size_t)json_object_get_string_len(body);
        } else {
            text = json_object_to_json_string_ext(body, JSON_C_TO_STRING_PLAIN |
                                                            JSON_C_TO_STRING_NOSLASHESCAPE);
            if (!text)
                goto out;
            body_len = strlen(text);
            if (!az_http_header_get(b.headers, b.n_headers, "Content-Type") &&
                !az__http_header_push(&b.headers, &b.n_headers, &b.cap_headers, "Content-Type", 12,
                                      "application/json", 16))
                goto out;
        }
        if (strcmp(req->method, "HEAD") == 0)
            body_len = 0;
        if (!(body_text = malloc(body_len + 1)))
            goto out;
        memcpy(body_text, text, body_len);
        body_text[body_len] = '\0';
    }
    if (problem) {
        resp->failure = AZ_HTTP_OTHER;
        st = az__http_set_error(resp, "replay exchange %zu: %s", number, problem) ? AZ_OK
                                                                                  : AZ_ERR_NOMEM;
        goto out;
    }
    if (!body_text && !(body_text = calloc(1, 1)))
        goto out;
    resp->status = code;
    resp->headers = b.headers;
    resp->n_headers = b.n_headers;
    resp->body = body_text;
    resp->body_len = body_len;
    resp->failure = AZ_HTTP_OK;
    b.headers = NULL;
    b.n_headers = 0;
    body_text = NULL;
    st = AZ_OK;
out:
    az__http_headers_free(b.headers, b.n_headers);
    free(body_text);
    return st;
}

/* The failure kind named `name` ("ok" excluded); false when unknown. */
static bool failure_named(const char *name, az_http_failure *out)
{
    for (int f = AZ_HTTP_CONNECT; f <= AZ_HTTP_OTHER; f++) {
        if (strcmp(name, az_http_failure_name((az_http_failure)f)) == 0) {
            *out = (az_http_failure)f;
            return true;
        }
    }
    return false;
}

/* Answers one request from the script; see az_transport.send. */
static az_status replay_send(az_transport *base, const az_http_request *req, az_http_response *resp)
{
    replay_transport *t = (replay_transport *)base;
    size_t count = json_object_array_length(t->script);
    size_t index = t->next++;
    size_t number = index + 1;
    json_object *exchange, *expect = NULL, *failure = NULL, *response = NULL;
    bool ok = true;

    if (!record_request(t, req))
        return AZ_ERR_NOMEM;
    resp->failure = AZ_HTTP_OTHER;
    if (index >= count) {
        ok = az__http_set_error(resp,
                                "replay script has %zu exchange%s; request %zu (%s %s) has none",
                                count, count == 1 ? "" : "s", number, req->method, req->url);
        goto out;
    }
    exchange = json_object_array_get_idx(t->script, index);
    if (!json_object_is_type(exchange, json_type_object)) {
        ok = az__http_set_error(resp, "replay exchange %zu is not an object", number);
        goto out;
    }
    json_object_object_get_ex(exchange, "request", &expect);
    if (!matches(expect, req)) {
        ok = az__http_set_error(resp, "replay exchange %zu expected %s %s, got %s %s", number,
                                string_member(expect, "method", "any method"),
                                string_member(expect, "url", "any URL"), req->method, req->url);
        goto out;
    }
    if (json_object_object_get_ex(exchange, "failure", &failure)) {
        const char *name =
            json_object_is_type(failure, json_type_string) ? json_object_get_string(failure) : "";
        az_http_failure kind;
        if (!failure_named(name, &kind)) {
            ok = az__http_set_error(resp,
                                    "replay exchange %zu: unknown failure '%s' (expected "
                                    "connect, timeout, reset, too-large, cancelled or other)",
                                    number, name);
            goto out;
        }
        resp->failure = kind;
        ok = az__http_set_error(resp, "%s of %s %s (replay exchange %zu)",
                                az_http_failure_name(kind), req->method, req->url, number);
        goto out;
    }
    if (!json_object_object_get_ex(exchange, "response", &response) ||
        !json_object_is_type(response, json_type_object)) {
        ok = az__http_set_error(resp,
                                "replay exchange %zu has neither a response object nor a "
                                "failure",
                                number);
        goto out;
    }
    return build_response(response, number, req, resp);
out:
    return ok ? AZ_OK : AZ_ERR_NOMEM;
}

/* Releases the transport and its reference to the script. */
static void replay_destroy(az_transport *base)
{
    replay_transport *t = (replay_transport *)base;
    json_object_put(t->script);
    json_object_put(t->requests);
    free(t);
}

/* Creates a replay transport over `script`. */
az_transport *az_transport_replay_new(json_object *script)
{
    if (!json_object_is_type(script, json_type_array))
        return NULL;
    replay_transport *t = calloc(1, sizeof(*t));
    if (!t)
        return NULL;
    t->base.send = replay_send;
    t->base.destroy = replay_destroy;
    t->requests = json_object_new_array();
    if (!t->requests) {
        free(t);
        return NULL;
    }
    t->script = json_object_get(script);
    return &t->base;
}

/* The requests received so far (borrowed), or NULL for another transport. */
json_object *az_replay_requests(az_transport *replay)
{
    if (!replay || replay->send != replay_send)
        return NULL;
    return ((replay_transport *)replay)->requests;
}
