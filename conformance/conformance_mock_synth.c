/* SPDX-License-Identifier: Apache-2.0 */
/*
 * conformance_mock_synth.c - the mock's response for an operation: which
 * Response Object (OpenAPI 3.1 section 4.8.16: the first 2XX, else
 * `default`, else the first), which media type (JSON preferred), and the
 * body: the Media Type Object's `example`, else the first of its
 * `examples` (an Example Object's `value`, `$ref`s followed), else a value
 * synthesized from the schema; Swagger 2.0 responses give `examples` by
 * media type instead. Schema synthesis reads the keywords common to
 * OpenAPI 3.0 Schema Objects and JSON Schema 2020-12: `$ref`, `const`,
 * `example`, `examples`, `default`, `enum`, `allOf`, `oneOf`, `anyOf`,
 * `type` (a string or an array), `properties`, `required`,
 * `additionalProperties`, `items`, `prefixItems`, `format`, `minLength`,
 * `maxLength`, `minimum`, `maximum`, `exclusiveMinimum`.
 */
#include "conformance_mock_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Tells whether an object node has a member, even a null one. */
static bool has(json_object *obj, const char *key)
{
    return json_object_is_type(obj, json_type_object) && json_object_object_get_ex(obj, key, NULL);
}

/* A deep copy of a JSON value (see conformance_mock_internal.h). */
json_object *az__mock_json_copy(json_object *v)
{
    switch (json_object_get_type(v)) {
    case json_type_null: return NULL;
    case json_type_boolean: return json_object_new_boolean(json_object_get_boolean(v));
    case json_type_int: return json_object_new_int64(json_object_get_int64(v));
    case json_type_double: return json_object_new_double(json_object_get_double(v));
    case json_type_string:
        return json_object_new_string_len(json_object_get_string(v), json_object_get_string_len(v));
    case json_type_array: {
        json_object *out = json_object_new_array();
        for (size_t i = 0; out && i < json_object_array_length(v); i++)
            json_object_array_add(out, az__mock_json_copy(json_object_array_get_idx(v, i)));
        return out;
    }
    case json_type_object: {
        json_object *out = json_object_new_object();
        json_object_object_foreach(v, key, value)
        {
            if (out)
                json_object_object_add(out, key, az__mock_json_copy(value));
        }
        return out;
    }
    }
    return NULL;
}

/* The plausible value of a string `format`, or NULL when unknown. */
static const char *format_value(const char *format)
{
    static const struct {
        const char *format, *value;
    } table[] = {
        {"date-time", "2024-01-01T12:00:00Z"},
        {"date", "2024-01-01"},
        {"time", "12:00:00Z"},
        {"duration", "P1D"},
        {"email", "user@example.com"},
        {"idn-email", "user@example.com"},
        {"uuid", "3fa85f64-5717-4562-b3fc-2c963f66afa6"},
        {"uri", "https://example.com/"},
        {"url", "https://example.com/"},
        {"iri", "https://example.com/"},
        {"uri-reference", "https://example.com/"},
        {"hostname", "example.com"},
        {"idn-hostname", "example.com"},
        {"ipv4", "192.0.2.1"},
        {"ipv6", "2001:db8::1"},
        {"byte", "c3RyaW5n"},
        {"binary", "string"},
        {"password", "password"},
        {"regex", ".*"},
        {"json-pointer", "/"},
    };
    for (size_t i = 0; format && i < sizeof(table) / sizeof(table[0]); i++)
        if (strcmp(table[i].format, format) == 0)
            return table[i].value;
    return NULL;
}

/* A string for a schema: its format's value, else "string" stretched or
 * cut to minLength / maxLength. */
static json_object *synth_string(json_object *s)
{
    const char *v = format_value(json_object_get_string(az_json_get(s, "format")));
    if (v)
        return json_object_new_string(v);
    json_object *min = az_json_get(s, "minLength"), *max = az_json_get(s, "maxLength");
    size_t len = 6;
    if (json_object_is_type(min, json_type_int) && json_object_get_int64(min) > (int64_t)len)
        len = (size_t)json_object_get_int64(min);
    if (json_object_is_type(max, json_type_int) && json_object_get_int64(max) >= 0 &&
        json_object_get_int64(max) < (int64_t)len)
        len = (size_t)json_object_get_int64(max);
    if (len > 4096)
        len = 4096;
    char buf[4097];
    for (size_t i = 0; i < len; i++)
        buf[i] = i < 6 ? "string"[i] : 'x';
    return json_object_new_string_len(buf, (int)len);
}

/* A number for a schema: its minimum (exclusive ones stepped past),
 * else a negative maximum, else 0. */
static json_object *synth_number(json_object *s, bool integer)
{
    json_object *min = az_json_get(s, "minimum"), *max = az_json_get(s, "maximum");
    json_object *xmin = az_json_get(s, "exclusiveMinimum");
    double v = 0;
    if (json_object_is_type(xmin, json_type_int) || json_object_is_type(xmin, json_type_double))
        v = json_object_get_double(xmin) + 1; /* 2020-12: a number */
    else if (min && (json_object_is_type(min, json_type_int) ||
                     json_object_is_type(min, json_type_double)))
        v = json_object_get_double(min) + (json_object_get_boolean(xmin) ? 1 : 0);
    else if (max &&
             (json_object_is_type(max, json_type_int) ||
              json_object_is_type(max, json_type_double)) &&
             json_object_get_double(max) < 0)
        v = json_object_get_double(max) -
            (json_object_get_boolean(az_json_get(s, "exclusiveMaximum")) ? 1 : 0);
    if (integer)
        return json_object_new_int64(v >= 9.2e18    ? INT64_MAX
                                     : v <= -9.2e18 ? INT64_MIN
                                                    : (int64_t)v);
    return json_object_new_double(v);
}

/* The type a schema declares (the first non-null of a list), else the one
 * its keywords imply; NULL when none. */
static const char *schema_type(json_object *s)
{
    json_object *type = az_json_get(s, "type");
    if (json_object_is_type(type, json_type_string))
        return json_object_get_string(type);
    if (json_object_is_type(type, json_type_array)) {
        const char *first = NULL;
        for (size_t i = 0; i < json_object_array_length(type); i++) {
            const char *t = json_object_get_string(json_object_array_get_idx(type, i));
            if (t && strcmp(t, "null") != 0)
                return t;
            first = first ? first : t;
        }
        return first;
    }
    if (has(s, "properties") || has(s, "required") || has(s, "additionalProperties"))
        return "object";
    if (has(s, "items") || has(s, "prefixItems"))
        return "array";
    return NULL;
}

/* Tells whether `name` is listed in a schema's `required`. */
static bool is_required(json_object *s, const char *name)
{
    json_object *req = az_json_get(s, "required");
    for (size_t i = 0;
         json_object_is_type(req, json_type_array) && i < json_object_array_length(req); i++)
        if (strcmp(json_object_get_string(json_object_array_get_idx(req, i)), name) == 0)
            return true;
    return false;
}

static json_object *synth(az_docset *set, az_oas_node schema, unsigned depth, unsigned hops);

/* An object for a schema: required properties always, the others while
 * shallower than AZ__MOCK_SOFT_DEPTH; one additional property when the
 * schema lists none. */
static json_object *synth_object(az_docset *set, az_oas_node s, unsigned depth, unsigned hops)
{
    json_object *obj = json_object_new_object(), *props = az_json_get(s.node, "properties");
    if (!obj)
        return NULL;
    if (json_object_is_type(props, json_type_object)) {
        json_object_object_foreach(props, name, prop)
        {
            if (depth >= AZ__MOCK_SOFT_DEPTH && !is_required(s.node, name))
                continue;
            az_oas_node child = {s.src, prop};
            json_object_object_add(obj, name, synth(set, child, depth + 1, hops + 1));
        }
        return obj;
    }
    json_object *extra = az_json_get(s.node, "additionalProperties");
    if (depth < AZ__MOCK_SOFT_DEPTH && json_object_is_type(extra, json_type_object)) {
        az_oas_node child = {s.src, extra};
        json_object_object_add(obj, "key", synth(set, child, depth + 1, hops + 1));
    }
    return obj;
}

/* An array for a schema: its `prefixItems`, else one item, while shallower
 * than AZ__MOCK_SOFT_DEPTH; empty deeper. */
static json_object *synth_array(az_docset *set, az_oas_node s, unsigned depth, unsigned hops)
{
    json_object *arr = json_object_new_array();
    if (!arr || depth >= AZ__MOCK_SOFT_DEPTH)
        return arr;
    json_object *prefix = az_json_get(s.node, "prefixItems"), *items = az_json_get(s.node, "items");
    if (json_object_is_type(prefix, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(prefix); i++) {
            az_oas_node child = {s.src, json_object_array_get_idx(prefix, i)};
            json_object_array_add(arr, synth(set, child, depth + 1, hops + 1));
        }
    } else if (json_object_is_type(items, json_type_object)) {
        az_oas_node child = {s.src, items};
        json_object_array_add(arr, synth(set, child, depth + 1, hops + 1));
    }
    return arr;
}

/* Merges the members of `from` missing in `into` (objects), consuming
 * `from`; when `into` is not an object the first non-null value wins.
 * Returns the result (new reference). */
static json_object *merge(json_object *into, json_object *from)
{
    if (!into)
        return from;
    if (json_object_is_type(into, json_type_object) &&
        json_object_is_type(from, json_type_object)) {
        json_object_object_foreach(from, key, value)
        {
            if (!json_object_object_get_ex(into, key, NULL))
                json_object_object_add(into, key, json_object_get(value));
        }
    }
    json_object_put(from);
    return into;
}

/* Synthesizes a value from a Schema Object at value nesting `depth`,
 * `hops` schemas deep (allOf / oneOf / anyOf parts add a hop, not a level
 * of nesting). */
static json_object *synth(az_docset *set, az_oas_node schema, unsigned depth, unsigned hops)
{
    az_oas_node s;
    if (depth > AZ__MOCK_HARD_DEPTH || hops > AZ__MOCK_MAX_HOPS || !schema.node ||
        az_oas_ref_follow(set, schema, NULL, &s) != AZ_OK ||
        !json_object_is_type(s.node, json_type_object))
        return NULL;
    json_object *examples = az_json_get(s.node, "examples");
    json_object *enums = az_json_get(s.node, "enum");
    if (has(s.node, "const"))
        return az__mock_json_copy(az_json_get(s.node, "const"));
    if (has(s.node, "example"))
        return az__mock_json_copy(az_json_get(s.node, "example"));
    if (json_object_is_type(examples, json_type_array) && json_object_array_length(examples) > 0)
        return az__mock_json_copy(json_object_array_get_idx(examples, 0));
    if (has(s.node, "default"))
        return az__mock_json_copy(az_json_get(s.node, "default"));
    if (json_object_is_type(enums, json_type_array) && json_object_array_length(enums) > 0)
        return az__mock_json_copy(json_object_array_get_idx(enums, 0));

    json_object *result = NULL;
    const char *type = schema_type(s.node);
    if (!type)
        ;
    else if (strcmp(type, "object") == 0)
        result = synth_object(set, s, depth, hops);
    else if (strcmp(type, "array") == 0)
        result = synth_array(set, s, depth, hops);
    else if (strcmp(type, "string") == 0)
        result = synth_string(s.node);
    else if (strcmp(type, "integer") == 0 || strcmp(type, "number") == 0)
        result = synth_number(s.node, strcmp(type, "integer") == 0);
    else if (strcmp(type, "boolean") == 0)
        result = json_object_new_boolean(1);

    /* allOf: every part merged; oneOf / anyOf: the first alternative. */
    json_object *all = az_json_get(s.node, "allOf");
    for (size_t i = 0;
         json_object_is_type(all, json_type_array) && i < json_object_array_length(all); i++) {
        az_oas_node part = {s.src, json_object_array_get_idx(all, i)};
        result = merge(result, synth(set, part, depth, hops + 1));
    }
    static const char *const alternatives[] = {"oneOf", "anyOf"};
    for (size_t k = 0; k < 2; k++) {
        json_object *alt = az_json_get(s.node, alternatives[k]);
        if (json_object_is_type(alt, json_type_array) && json_object_array_length(alt) > 0) {
            az_oas_node first = {s.src, json_object_array_get_idx(alt, 0)};
            result = merge(result, synth(set, first, depth, hops + 1));
        }
    }
    return result;
}

/* Synthesizes a value from a Schema Object (see conformance_mock_internal.h). */
json_object *az__mock_synth_schema(az_docset *set, az_oas_node schema, unsigned depth)
{
    return synth(set, schema, depth, 0);
}

/* Tells whether a media type is JSON: application/json, a +json suffix,
 * or any other type naming json. */
static bool is_json(const char *type)
{
    return strstr(type, "json") != NULL;
}

/* The response an operation answers with: the first 2XX, else
 * `default`, else the first; NULL when it lists none. */
static const az_oas_response *pick_response(const az_oas_operation *op)
{
    for (size_t i = 0; i < op->n_responses; i++)
        if (op->responses[i].status[0] == '2')
            return &op->responses[i];
    for (size_t i = 0; i < op->n_responses; i++)
        if (strcmp(op->responses[i].status, "default") == 0)
            return &op->responses[i];
    return op->n_responses ? &op->responses[0] : NULL;
}

/* The HTTP status of a response key: "201" is 201; "2XX" and "default"
 * are 200, "4XX" 400. */
static unsigned status_of(const char *key)
{
    if (key[0] >= '1' && key[0] <= '5' && strlen(key) == 3) {
        unsigned v = (unsigned)(key[0] - '0') * 100;
        if (key[1] >= '0' && key[1] <= '9' && key[2] >= '0' && key[2] <= '9')
            v += (unsigned)(key[1] - '0') * 10 + (unsigned)(key[2] - '0');
        return v;
    }
    return 200;
}

/* The example value of a media type (borrowed), following `$ref`s of
 * Example Objects; *found tells whether there was one (it may be null). */
static json_object *media_example(az_docset *set, const az_source *src, json_object *media,
                                  bool *found)
{
    *found = false;
    if (has(media, "example")) {
        *found = true;
        return az_json_get(media, "example");
    }
    json_object *examples = az_json_get(media, "examples");
    if (!json_object_is_type(examples, json_type_object))
        return NULL;
    json_object_object_foreach(examples, name, example)
    {
        (void)name;
        az_oas_node at = {src, example}, ex;
        if (az_oas_ref_follow(set, at, NULL, &ex) != AZ_OK || !has(ex.node, "value"))
            continue;
        *found = true;
        return az_json_get(ex.node, "value");
    }
    return NULL;
}

/* Serializes a body value for a media type: a string as is for a
 * non-JSON type, JSON text otherwise. Stores it in out->body. */
static bool set_body(az__mock_response *out, json_object *value, const char *type)
{
    const char *text;
    size_t len;
    if (!is_json(type) && json_object_is_type(value, json_type_string)) {
        text = json_object_get_string(value);
        len = (size_t)json_object_get_string_len(value);
    } else {
        text = json_object_to_json_string_ext(value, JSON_C_TO_STRING_PLAIN |
                                                         JSON_C_TO_STRING_NOSLASHESCAPE);
        len = strlen(text);
    }
    if (!(out->body = malloc(len + 1)))
        return false;
    memcpy(out->body, text, len);
    out->body[len] = '\0';
    out->body_len = len;
    return true;
}

/* Synthesizes the response of `op` (see conformance_mock_internal.h). */
bool az__mock_synthesize(az_docset *set, const az_oas_operation *op, az__mock_response *out)
{
    memset(out, 0, sizeof(*out));
    out->status = 200;
    const az_oas_response *r = pick_response(op);
    if (!r)
        return true;
    out->status = status_of(r->status);
    if (r->n_content == 0)
        return true;
    const az_oas_media *media = &r->content[0];
    for (size_t i = 0; i < r->n_content; i++) {
        if (strncasecmp(r->content[i].type, "application/json", 16) == 0) {
            media = &r->content[i];
            break;
        }
        if (!is_json(media->type) && is_json(r->content[i].type))
            media = &r->content[i];
    }
    out->content_type = media->type;

    bool found = false;
    json_object *example = NULL;
    if (az_source_kind(r->node.src) == AZ_KIND_SWAGGER_2) {
        json_object *examples = az_json_get(r->node.node, "examples");
        found = has(examples, media->type);
        example = az_json_get(examples, media->type);
    } else {
        json_object *node = az_json_get(az_json_get(r->node.node, "content"), media->type);
        example = media_example(set, r->node.src, node, &found);
    }
    if (found)
        return set_body(out, example, media->type);
    if (!media->schema.node)
        return true;
    json_object *value = az__mock_synth_schema(set, media->schema, 0);
    bool ok = set_body(out, value, media->type);
    json_object_put(value);
    return ok;
}
