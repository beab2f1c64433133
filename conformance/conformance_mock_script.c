/* SPDX-License-Identifier: Apache-2.0 */
/*
 * conformance_mock_script.c - the script mode of the mock server: a
 * conformance case's `exchanges`, each a request matcher and a scripted
 * response, served in order (`sequence`) or by match (`match`). Matching a
 * request (method without case, path exactly, the listed query parameters
 * and headers, the body semantically when the matcher is JSON) and choosing
 * the answer live here; conformance_mock.c sends it. See
 * conformance/README.md for the case format.
 */
#include "conformance_mock_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct az__mock_script {
    json_object *exchanges; /* own copy of the case's array */
    size_t n;
    bool in_order;
    bool *used;
    size_t seen; /* requests answered so far */
};

/* Makes a script from a copy of `exchanges` (an array; anything else is an
 * empty script). NULL when out of memory. */
az__mock_script *az__mock_script_new(json_object *exchanges, bool in_order)
{
    az__mock_script *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->in_order = in_order;
    s->exchanges = json_object_is_type(exchanges, json_type_array) ? az__mock_json_copy(exchanges)
                                                                   : json_object_new_array();
    if (!s->exchanges)
        goto fail;
    s->n = json_object_array_length(s->exchanges);
    if (!(s->used = calloc(s->n + 1, sizeof(bool))))
        goto fail;
    return s;
fail:
    az__mock_script_free(s);
    return NULL;
}

/* Frees a script; NULL is fine. */
void az__mock_script_free(az__mock_script *s)
{
    if (!s)
        return;
    json_object_put(s->exchanges);
    free(s->used);
    free(s);
}

/* How many exchanges the script holds. */
size_t az__mock_script_count(const az__mock_script *s)
{
    return s->n;
}

/* The text a matcher value stands for: a string as is, anything else as
 * compact JSON (borrowed from the value). */
static const char *value_text(json_object *v)
{
    if (json_object_is_type(v, json_type_string))
        return json_object_get_string(v);
    if (!v)
        return "null";
    return json_object_to_json_string_ext(v,
                                          JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
}

/* A member of an object by name without case (borrowed; NULL when none). */
static json_object *get_nocase(json_object *obj, const char *name)
{
    if (!json_object_is_type(obj, json_type_object))
        return NULL;
    json_object_object_foreach(obj, key, value)
    {
        if (strcasecmp(key, name) == 0)
            return value;
    }
    return NULL;
}

/* Tells whether a request's query value (a string, or an array for a
 * repeated name) is what the matcher asks: a scalar for one value, an
 * array for the repeated values in order. */
static bool query_value_matches(json_object *want, json_object *got)
{
    if (json_object_is_type(want, json_type_array)) {
        if (!json_object_is_type(got, json_type_array) ||
            json_object_array_length(got) != json_object_array_length(want))
            return false;
        for (size_t i = 0; i < json_object_array_length(want); i++)
            if (strcmp(value_text(json_object_array_get_idx(want, i)),
                       value_text(json_object_array_get_idx(got, i))) != 0)
                return false;
        return true;
    }
    return json_object_is_type(got, json_type_string) &&
           strcmp(value_text(want), json_object_get_string(got)) == 0;
}

/* Parses a body as JSON (new reference in *out); false when it is not. */
static bool parse_body(const char *body, size_t len, json_object **out)
{
    *out = NULL;
    if (!body || len == 0)
        return false;
    json_tokener *tok = json_tokener_new();
    if (!tok)
        return false;
    json_object *v = json_tokener_parse_ex(tok, body, (int)len);
    size_t end = json_tokener_get_parse_end(tok);
    while (end < len && strchr(" \t\r\n", body[end]))
        end++; /* trailing white space is still JSON */
    bool ok = json_tokener_get_error(tok) == json_tokener_success && end == len;
    json_tokener_free(tok);
    if (!ok) {
        json_object_put(v);
        return false;
    }
    *out = v;
    return true;
}

/*
 * Tells whether a request meets an exchange's `request` matcher (NULL or
 * not an object: any request). When it does not and `why` is not NULL,
 * *why receives a new message naming the first difference ("expected POST
 * /a, got GET /b", "header 'Authorization': expected 'Bearer x', got
 * 'Bearer y'"). Returns false with *why NULL only when out of memory.
 */
bool az__mock_request_matches(json_object *matcher, const az__mock_request *req, char **why)
{
    char *msg = NULL;
    json_object *body = NULL;
    bool ok = false;
    if (why)
        *why = NULL;
    if (!json_object_is_type(matcher, json_type_object))
        return true;
    const char *method = az_json_get_string(matcher, "method");
    const char *path = az_json_get_string(matcher, "path");
    if ((method && strcasecmp(method, req->method) != 0) ||
        (path && strcmp(path, req->path) != 0)) {
        msg = az_strdupf("expected %s %s, got %s %s", method ? method : req->method,
                         path ? path : req->path, req->method, req->path);
        goto out;
    }
    json_object *query = az_json_get(matcher, "query");
    if (json_object_is_type(query, json_type_object)) {
        json_object_object_foreach(query, name, want)
        {
            json_object *got = NULL;
            if (!json_object_object_get_ex(req->query, name, &got)) {
                msg = az_strdupf("query parameter '%s': expected '%s', got none", name,
                                 value_text(want));
                goto out;
            }
            if (!query_value_matches(want, got)) {
                msg = az_strdupf("query parameter '%s': expected '%s', got '%s'", name,
                                 value_text(want), value_text(got));
                goto out;
            }
        }
    }
    json_object *headers = az_json_get(matcher, "headers");
    if (json_object_is_type(headers, json_type_object)) {
        json_object_object_foreach(headers, name, want)
        {
            json_object *got = get_nocase(req->headers, name);
            if (!got) {
                msg = az_strdupf("header '%s': expected '%s', got none", name, value_text(want));
                goto out;
            }
            if (strcmp(value_text(want), json_object_get_string(got)) != 0) {
                msg = az_strdupf("header '%s': expected '%s', got '%s'", name, value_text(want),
                                 json_object_get_string(got));
                goto out;
            }
        }
    }
    json_object *want_body = NULL;
    if (json_object_object_get_ex(matcher, "body", &want_body)) {
        if (json_object_is_type(want_body, json_type_string)) {
            size_t n = (size_t)json_object_get_string_len(want_body);
            if (n != req->body_len ||
                (n && memcmp(json_object_get_string(want_body), req->body, n) != 0)) {
                json_object *got =
                    json_object_new_string_len(req->body ? req->body : "", (int)req->body_len);
                char *want_text = strdup(json_object_to_json_string_ext(
                    want_body, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
                msg = az_strdupf(
                    "body: expected %s, got %s", want_text ? want_text : "?",
                    got ? json_object_to_json_string_ext(got, JSON_C_TO_STRING_PLAIN |
                                                                  JSON_C_TO_STRING_NOSLASHESCAPE)
                        : "?");
                free(want_text);
                json_object_put(got);
                goto out;
            }
        } else if (!parse_body(req->body, req->body_len, &body)) {
            json_object *got =
                json_object_new_string_len(req->body ? req->body : "", (int)req->body_len);
            char *want_text = strdup(value_text(want_body));
            msg = az_strdupf("body: expected JSON %s, got %s", want_text ? want_text : "?",
                             req->body_len
                                 ? json_object_to_json_string_ext(
                                       got, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)
                                 : "an empty body");
            free(want_text);
            json_object_put(got);
            goto out;
        } else if (!az_json_equal(want_body, body)) {
            char *want_text = strdup(value_text(want_body));
            msg = az_strdupf("body: expected %s, got %s", want_text ? want_text : "?",
                             json_object_to_json_string_ext(
                                 body, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
            free(want_text);
            goto out;
        }
    }
    ok = true;
out:
    json_object_put(body);
    if (why)
        *why = msg;
    else
        free(msg);
    return ok;
}

/* "POST /a" for an exchange's matcher (new string). */
static char *describe(json_object *matcher)
{
    const char *method = az_json_get_string(matcher, "method");
    const char *path = az_json_get_string(matcher, "path");
    return az_strdupf("%s %s", method ? method : "any method", path ? path : "any path");
}

/* A JSON error body {"error": message, "expected": [...]} (new string);
 * takes `expected`. */
static char *error_body(const char *message, json_object *expected)
{
    json_object *o = json_object_new_object();
    if (!o) {
        json_object_put(expected);
        return NULL;
    }
    json_object_object_add(o, "error", json_object_new_string(message));
    if (expected)
        json_object_object_add(o, "expected", expected);
    char *text = strdup(
        json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(o);
    return text;
}

/* Fills `out` with the scripted response of exchange `i`. */
static bool scripted(az__mock_script *s, size_t i, az__mock_scripted *out)
{
    json_object *resp = az_json_get(json_object_array_get_idx(s->exchanges, i), "response");
    json_object *status = az_json_get(resp, "status"), *delay = az_json_get(resp, "delay_ms");
    json_object *body = NULL;
    out->exchange = (long)i;
    out->status =
        json_object_is_type(status, json_type_int) ? (unsigned)json_object_get_int(status) : 200u;
    out->headers = az_json_get(resp, "headers");
    out->delay_ms = delay ? (long)json_object_get_int64(delay) : 0;
    out->drop = az_json_get_bool(resp, "drop", false);
    if (!json_object_object_get_ex(resp, "body", &body))
        return true;
    bool text = json_object_is_type(body, json_type_string);
    const char *serialized = text ? json_object_get_string(body) : value_text(body);
    if (!(out->body = strdup(serialized)))
        return false;
    out->body_len = strlen(out->body);
    if (!get_nocase(out->headers, "Content-Type"))
        out->content_type = text ? "text/plain" : "application/json";
    return true;
}

/*
 * Answers one request from the script: the exchange it meets (sequence:
 * the next one; match: the first unused one it matches) or, when it meets
 * none or the script is over, a 500 whose JSON body says what was expected,
 * with the mismatch message in out->mismatch. Returns false only when out
 * of memory.
 */
bool az__mock_script_answer(az__mock_script *s, const az__mock_request *req, az__mock_scripted *out)
{
    memset(out, 0, sizeof(*out));
    out->exchange = -1;
    size_t nth = ++s->seen;
    char *why = NULL, *what = NULL;
    json_object *expected = NULL;
    if (s->in_order) {
        size_t i = nth - 1;
        if (i >= s->n) {
            out->mismatch =
                az_strdupf("request %zu: unexpected %s %s (the script has %zu exchange%s)", nth,
                           req->method, req->path, s->n, s->n == 1 ? "" : "s");
        } else {
            json_object *matcher =
                az_json_get(json_object_array_get_idx(s->exchanges, i), "request");
            if (az__mock_request_matches(matcher, req, &why)) {
                s->used[i] = true;
                return scripted(s, i, out);
            }
            out->exchange = (int)i; /* compared with it, and did not match */
            what = describe(matcher);
            if (why && strncmp(why, "expected ", 9) == 0)
                out->mismatch = az_strdupf("request %zu: %s", nth, why);
            else
                out->mismatch = az_strdupf("request %zu (%s, exchange %zu): %s", nth,
                                           what ? what : "?", i + 1, why ? why : "out of memory");
            expected = json_object_new_array();
            json_object_array_add(expected, az__mock_json_copy(matcher));
        }
    } else {
        expected = json_object_new_array();
        for (size_t i = 0; i < s->n; i++) {
            if (s->used[i])
                continue;
            json_object *matcher =
                az_json_get(json_object_array_get_idx(s->exchanges, i), "request");
            if (az__mock_request_matches(matcher, req, NULL)) {
                s->used[i] = true;
                json_object_put(expected);
                return scripted(s, i, out);
            }
            json_object_array_add(expected, az__mock_json_copy(matcher));
        }
        out->mismatch = az_strdupf("request %zu: unexpected %s %s (it matches no unused exchange)",
                                   nth, req->method, req->path);
    }
    free(why);
    free(what);
    out->status = 500;
    if (out->mismatch)
        out->body = error_body(out->mismatch, expected);
    else
        json_object_put(expected);
    out->body_len = out->body ? strlen(out->body) : 0;
    out->content_type = "application/json";
    return out->mismatch && out->body;
}

/* Releases what a scripted answer holds. */
void az__mock_scripted_clear(az__mock_scripted *a)
{
    free(a->body);
    free(a->mismatch);
    memset(a, 0, sizeof(*a));
}
