/* SPDX-License-Identifier: Apache-2.0 */
/*
 * openapi_schema_validate.c - evaluating an instance against a compiled
 * schema: the keywords of JSON Schema Core 2020-12 section 10 (applicators:
 * allOf, anyOf, oneOf, not, if/then/else, dependentSchemas, prefixItems,
 * items, contains, properties, patternProperties, additionalProperties,
 * propertyNames), section 11 (unevaluatedItems, unevaluatedProperties) and
 * JSON Schema Validation 2020-12 section 6 (type, enum, const, numeric,
 * string, array and object assertions), `$ref` and `$dynamicRef` (Core
 * section 8.2.3), plus the draft-04 forms (items/additionalItems,
 * dependencies, boolean exclusiveMaximum/exclusiveMinimum, `$ref` replacing
 * its siblings) and OpenAPI 3.0's `nullable`.
 *
 * Annotations that unevaluated* depend on are tracked per instance as one
 * mark per array item or object member: a keyword marks what it evaluated,
 * and a subschema applied in place hands its marks up only when it is
 * valid, so marks of failed branches are dropped (Core section 7.7.1.2).
 * The dynamic scope is a chain of resources on the C stack. Validation
 * never modifies the compiled schema.
 */
#include "openapi_schema_internal.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One resource of the dynamic scope, innermost first. */
typedef struct scope {
    const az__sres *res;
    const struct scope *up;
} scope;

/* The state of one validation. */
typedef struct vctx {
    const az_schema *s;
    az_buf ipath; /* instance location */
    az_buf kpath; /* keyword location */
    az_schema_error *errs;
    size_t n;
    size_t cap;
    size_t depth;
    bool limited;      /* the depth cap was hit: evaluation stops */
    char *limit_ipath; /* where it was hit */
    char *limit_kpath;
    const az__snode *limit_node;
    bool nomem;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
} vctx;

struct az_schema_result {
    az_schema_error *errs;
    size_t n;
    bool limited;
};

static bool eval(vctx *c, const az__snode *n, json_object *inst, const scope *sc,
                 unsigned char *marks);

/* Returns a buffer's text ("" before anything was added). */
static const char *text(const az_buf *b)
{
    return b->data ? b->data : "";
}

/* Cuts a path buffer back to `len` bytes. */
static void cut(az_buf *b, size_t len)
{
    b->len = len;
    if (b->data)
        b->data[len] = '\0';
}

/* Appends "/token" to a path buffer and returns its former length. */
static size_t push(az_buf *b, const char *token)
{
    size_t mark = b->len;
    az_buf_add(b, "/", 1);
    az_buf_add_token(b, token, strlen(token));
    return mark;
}

/* Appends "/index" to a path buffer and returns its former length. */
static size_t push_index(az_buf *b, size_t i)
{
    char idx[24];
    size_t mark = b->len;
    int k = snprintf(idx, sizeof idx, "/%zu", i);
    az_buf_add(b, idx, (size_t)k);
    return mark;
}

/* Releases the strings of one error. */
static void error_clear(az_schema_error *e)
{
    free(e->instance_location);
    free(e->keyword_location);
    free(e->absolute_keyword_location);
    free(e->keyword);
    free(e->message);
}

/* Drops the errors recorded after the first `mark` ones. */
static void drop_errors(vctx *c, size_t mark)
{
    while (c->n > mark)
        error_clear(&c->errs[--c->n]);
}

/* Records a violation of keyword `kw` of `n` (NULL: the false schema `n`
 * itself) at the current instance and keyword locations. */
static void add_error(vctx *c, const az__snode *n, const char *kw, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void add_error(vctx *c, const az__snode *n, const char *kw, const char *fmt, ...)
{
    if (c->nomem || c->limited)
        return; /* after the depth cap, only its own error is reported */
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 8;
        az_schema_error *errs = realloc(c->errs, cap * sizeof *errs);
        if (!errs) {
            c->nomem = true;
            return;
        }
        c->errs = errs;
        c->cap = cap;
    }
    az_schema_error *e = &c->errs[c->n];
    memset(e, 0, sizeof *e);
    az_buf kl = {0}, al = {0};
    az_buf_puts(&kl, text(&c->kpath));
    az_buf_puts(&al, n->res->uri);
    az_buf_add(&al, "#", 1);
    az_buf_puts(&al, n->ptr);
    if (kw) {
        push(&kl, kw);
        push(&al, kw);
    }
    va_list ap;
    va_start(ap, fmt);
    e->message = az_vstrdupf(fmt, ap);
    va_end(ap);
    e->instance_location = strdup(text(&c->ipath));
    e->keyword_location = az_buf_take(&kl);
    e->absolute_keyword_location = az_buf_take(&al);
    e->keyword = strdup(kw ? kw : "false");
    if (!e->message || !e->instance_location || !e->keyword_location ||
        !e->absolute_keyword_location || !e->keyword) {
        error_clear(e);
        c->nomem = true;
        return;
    }
    c->n++;
}

/* ------------------------------------------------------------------------ */
/* Values                                                                    */
/* ------------------------------------------------------------------------ */

/* Tells whether a value is a number. */
static bool is_number(json_object *v)
{
    return json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double);
}

/* Returns a number's value, exact for every 64-bit integer. */
static long double num(json_object *v)
{
    if (json_object_is_type(v, json_type_int)) {
        int64_t i = json_object_get_int64(v);
        if (i == INT64_MAX)
            return (long double)json_object_get_uint64(v);
        return (long double)i;
    }
    return (long double)json_object_get_double(v);
}

/* Tells whether a value is an integer: a json-c integer or a double
 * without fraction (1.0 is an integer, as JSON Schema says). */
static bool is_integer(json_object *v)
{
    if (json_object_is_type(v, json_type_int))
        return true;
    if (!json_object_is_type(v, json_type_double))
        return false;
    double d = json_object_get_double(v);
    if (!isfinite(d))
        return false;
    if (d >= 4503599627370496.0 || d <= -4503599627370496.0)
        return true; /* from 2^52 on, every double is an integer */
    return (double)(int64_t)d == d;
}

/* Names a value's JSON type for messages. */
static const char *type_name(json_object *v)
{
    switch (json_object_get_type(v)) {
    case json_type_null: return "null";
    case json_type_boolean: return "boolean";
    case json_type_int: return "integer";
    case json_type_double: return "number";
    case json_type_string: return "string";
    case json_type_array: return "array";
    case json_type_object: return "object";
    }
    return "value";
}

/* Appends a string as a JSON literal, cut after about `max` bytes. */
static void add_quoted(az_buf *b, const char *s, size_t len, size_t max)
{
    az_buf_add(b, "\"", 1);
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (i >= max && (ch & 0xC0) != 0x80) {
            az_buf_puts(b, "...");
            break;
        }
        if (ch == '"' || ch == '\\') {
            az_buf_add(b, "\\", 1);
            az_buf_add(b, s + i, 1);
        } else if (ch < 0x20) {
            char esc[8];
            snprintf(esc, sizeof esc, "\\u%04x", ch);
            az_buf_puts(b, esc);
        } else {
            az_buf_add(b, s + i, 1);
        }
    }
    az_buf_add(b, "\"", 1);
}

/* Appends a number's text. */
static void add_number(az_buf *b, json_object *v)
{
    char t[AZ_DOUBLE_TEXT_MAX + 8];
    if (json_object_is_type(v, json_type_int)) {
        int64_t i = json_object_get_int64(v);
        if (i == INT64_MAX)
            snprintf(t, sizeof t, "%" PRIu64, json_object_get_uint64(v));
        else
            snprintf(t, sizeof t, "%" PRId64, i);
    } else {
        az_format_double(json_object_get_double(v), t, sizeof t);
    }
    az_buf_puts(b, t);
}

/* Appends compact JSON text of a value for a message, shortened when it
 * grows past about 60 bytes. */
static void add_value(az_buf *b, json_object *v, size_t start)
{
    if (b->len - start > 60) {
        az_buf_puts(b, "...");
        return;
    }
    switch (json_object_get_type(v)) {
    case json_type_null: az_buf_puts(b, "null"); break;
    case json_type_boolean: az_buf_puts(b, json_object_get_boolean(v) ? "true" : "false"); break;
    case json_type_int:
    case json_type_double: add_number(b, v); break;
    case json_type_string:
        add_quoted(b, json_object_get_string(v), (size_t)json_object_get_string_len(v), 40);
        break;
    case json_type_array: {
        size_t len = json_object_array_length(v);
        az_buf_add(b, "[", 1);
        for (size_t i = 0; i < len; i++) {
            if (i)
                az_buf_add(b, ",", 1);
            if (b->len - start > 60) {
                az_buf_puts(b, "...");
                break;
            }
            add_value(b, json_object_array_get_idx(v, i), start);
        }
        az_buf_add(b, "]", 1);
        break;
    }
    case json_type_object: {
        bool first = true;
        az_buf_add(b, "{", 1);
        json_object_object_foreach(v, key, val)
        {
            if (!first)
                az_buf_add(b, ",", 1);
            first = false;
            if (b->len - start > 60) {
                az_buf_puts(b, "...");
                break;
            }
            add_quoted(b, key, strlen(key), 40);
            az_buf_add(b, ":", 1);
            add_value(b, val, start);
        }
        az_buf_add(b, "}", 1);
        break;
    }
    }
}

/* Returns a new string with a value's short JSON text, or NULL when out
 * of memory (print it through show). */
static char *value_text(json_object *v)
{
    az_buf b = {0};
    add_value(&b, v, 0);
    return az_buf_take(&b);
}

/* Returns what value_text returned, or "?" for NULL. */
static const char *show(char *t)
{
    return t ? t : "?";
}

/* Returns a value's short JSON text, made once into *cache (which the
 * caller frees). */
static const char *lazy(char **cache, json_object *v)
{
    if (!*cache)
        *cache = value_text(v);
    return show(*cache);
}

/* Mixes the bits of a 64-bit value (a finalizer of MurmurHash3's kind). */
static uint64_t mix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

/* Hashes bytes (FNV-1a). */
static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

/* Hashes a JSON value so that values az_json_equal calls equal hash alike:
 * numbers by their value as a double, objects whatever their order. */
static uint64_t json_hash(json_object *v)
{
    switch (json_object_get_type(v)) {
    case json_type_null: return 1;
    case json_type_boolean: return json_object_get_boolean(v) ? 2 : 3;
    case json_type_int:
    case json_type_double: {
        double d = (double)num(v);
        uint64_t bits;
        if (d == 0)
            d = 0; /* -0.0 equals 0.0 */
        memcpy(&bits, &d, sizeof bits);
        return mix64(bits ^ 4);
    }
    case json_type_string:
        return hash_bytes(json_object_get_string(v), (size_t)json_object_get_string_len(v)) ^ 5;
    case json_type_array: {
        uint64_t h = 6;
        size_t len = json_object_array_length(v);
        for (size_t i = 0; i < len; i++)
            h = mix64(h * 31 + json_hash(json_object_array_get_idx(v, i)));
        return h;
    }
    case json_type_object: {
        uint64_t h = 7;
        json_object_object_foreach(v, key, val)
        {
            h += mix64(hash_bytes(key, strlen(key)) ^ json_hash(val));
        }
        return h;
    }
    }
    return 0;
}

/* An array item's hash and index, for uniqueItems. */
typedef struct hashed {
    uint64_t h;
    size_t i;
} hashed;

/* Orders hashed items by hash, then by index. */
static int cmp_hashed(const void *a, const void *b)
{
    const hashed *x = a, *y = b;
    if (x->h != y->h)
        return x->h < y->h ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* Tells whether a value is of a JSON Schema type name. */
static bool type_is(json_object *v, const char *t)
{
    if (strcmp(t, "null") == 0)
        return v == NULL;
    if (strcmp(t, "boolean") == 0)
        return json_object_is_type(v, json_type_boolean);
    if (strcmp(t, "object") == 0)
        return json_object_is_type(v, json_type_object);
    if (strcmp(t, "array") == 0)
        return json_object_is_type(v, json_type_array);
    if (strcmp(t, "string") == 0)
        return json_object_is_type(v, json_type_string);
    if (strcmp(t, "number") == 0)
        return is_number(v);
    if (strcmp(t, "integer") == 0)
        return is_integer(v);
    return false;
}

/* Returns member `kw` of a schema object, or NULL (also for JSON null). */
static json_object *kw_get(const az__snode *n, const char *kw)
{
    json_object *v;
    if (!json_object_object_get_ex(n->json, kw, &v))
        return NULL;
    return v;
}

/* Reads a non-negative integer keyword value into *out. */
static bool kw_count(const az__snode *n, const char *kw, long double *out)
{
    json_object *v = kw_get(n, kw);
    if (!is_number(v))
        return false;
    *out = num(v);
    return true;
}

/* Returns the number of items or members of a container, 0 otherwise. */
static size_t container_len(json_object *v)
{
    if (json_object_is_type(v, json_type_array))
        return json_object_array_length(v);
    if (json_object_is_type(v, json_type_object))
        return (size_t)json_object_object_length(v);
    return 0;
}

/* Matches a compiled pattern anywhere in a string: 1 match, 0 no match,
 * -1 when matching hit a limit or the pattern is unknown. */
static int re_search(vctx *c, const char *pattern, const char *s, size_t len)
{
    const pcre2_code *code = az__schema_regex(c->s, pattern);
    if (!code)
        return -1;
    int rc = pcre2_match(code, (PCRE2_SPTR)s, len, 0, 0, c->md, c->mctx);
    if (rc >= 0)
        return 1;
    return rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

/* ------------------------------------------------------------------------ */
/* Subschemas                                                                */
/* ------------------------------------------------------------------------ */

/* Evaluates a subschema given as JSON, applied to the same instance
 * (`kw`, and `key` when not NULL, extend the keyword location). */
static bool sub_here(vctx *c, json_object *schema, const char *kw, const char *key,
                     json_object *inst, const scope *sc, unsigned char *marks)
{
    const az__snode *sn = az__schema_node(c->s, schema);
    if (!sn)
        return true;
    size_t km = push(&c->kpath, kw);
    if (key)
        push(&c->kpath, key);
    bool ok = eval(c, sn, inst, sc, marks);
    cut(&c->kpath, km);
    return ok;
}

/* Like sub_here, with an array index as the second token. */
static bool sub_here_idx(vctx *c, json_object *schema, const char *kw, size_t idx,
                         json_object *inst, const scope *sc, unsigned char *marks)
{
    const az__snode *sn = az__schema_node(c->s, schema);
    if (!sn)
        return true;
    size_t km = push(&c->kpath, kw);
    push_index(&c->kpath, idx);
    bool ok = eval(c, sn, inst, sc, marks);
    cut(&c->kpath, km);
    return ok;
}

/* Evaluates a subschema against item `i` of an array instance. */
static bool sub_item(vctx *c, json_object *schema, const char *kw, long idx, json_object *arr,
                     size_t i, const scope *sc)
{
    size_t im = push_index(&c->ipath, i);
    bool ok = idx >= 0 ? sub_here_idx(c, schema, kw, (size_t)idx, json_object_array_get_idx(arr, i),
                                      sc, NULL)
                       : sub_here(c, schema, kw, NULL, json_object_array_get_idx(arr, i), sc, NULL);
    cut(&c->ipath, im);
    return ok;
}

/* Evaluates a subschema against member `key` of an object instance. */
static bool sub_member(vctx *c, json_object *schema, const char *kw, const char *skey,
                       const char *key, json_object *val, const scope *sc)
{
    size_t im = push(&c->ipath, key);
    bool ok = sub_here(c, schema, kw, skey, val, sc, NULL);
    cut(&c->ipath, im);
    return ok;
}

/* Tells whether a schema is the boolean false. */
static bool is_false(json_object *schema)
{
    return json_object_is_type(schema, json_type_boolean) && !json_object_get_boolean(schema);
}

/*
 * Applies `schema`, the value of `kw` (additionalProperties or
 * unevaluatedProperties), to a member that no other keyword took: the
 * schema false rejects it with "<adj> property "<key>" is not allowed".
 */
static bool rest_member(vctx *c, const az__snode *n, json_object *schema, const char *kw,
                        const char *adj, const char *key, json_object *val, const scope *sc)
{
    if (!is_false(schema))
        return sub_member(c, schema, kw, NULL, key, val, sc);
    size_t im = push(&c->ipath, key);
    add_error(c, n, kw, "%s property \"%s\" is not allowed", adj, key);
    cut(&c->ipath, im);
    return false;
}

/* ------------------------------------------------------------------------ */
/* Applicators                                                               */
/* ------------------------------------------------------------------------ */

/* allOf, anyOf, oneOf and not. */
static bool apply_logic(vctx *c, const az__snode *n, json_object *inst, const scope *sc,
                        unsigned char *marks)
{
    bool ok = true;
    json_object *v;
    if (json_object_is_type(v = kw_get(n, "allOf"), json_type_array)) {
        size_t len = json_object_array_length(v);
        for (size_t i = 0; i < len; i++)
            ok &= sub_here_idx(c, json_object_array_get_idx(v, i), "allOf", i, inst, sc, marks);
    }
    if (json_object_is_type(v = kw_get(n, "anyOf"), json_type_array)) {
        size_t len = json_object_array_length(v), mark = c->n, hits = 0;
        for (size_t i = 0; i < len; i++) {
            if (sub_here_idx(c, json_object_array_get_idx(v, i), "anyOf", i, inst, sc, marks))
                hits++;
        }
        if (hits) {
            drop_errors(c, mark);
        } else {
            add_error(c, n, "anyOf", "value does not match any of the %zu schemas of anyOf", len);
            ok = false;
        }
    }
    if (json_object_is_type(v = kw_get(n, "oneOf"), json_type_array)) {
        size_t len = json_object_array_length(v), mark = c->n, hits = 0, first = 0, second = 0;
        for (size_t i = 0; i < len; i++) {
            if (sub_here_idx(c, json_object_array_get_idx(v, i), "oneOf", i, inst, sc, marks)) {
                if (hits == 0)
                    first = i;
                else if (hits == 1)
                    second = i;
                hits++;
            }
        }
        if (hits == 1) {
            drop_errors(c, mark);
        } else if (hits == 0) {
            add_error(c, n, "oneOf", "value does not match any of the %zu schemas of oneOf", len);
            ok = false;
        } else {
            drop_errors(c, mark);
            add_error(c, n, "oneOf",
                      "value matches %zu schemas of oneOf (indexes %zu and %zu), expected exactly "
                      "one",
                      hits, first, second);
            ok = false;
        }
    }
    if ((v = kw_get(n, "not")) != NULL) {
        size_t mark = c->n;
        bool inner = sub_here(c, v, "not", NULL, inst, sc, NULL);
        drop_errors(c, mark);
        if (inner) {
            add_error(c, n, "not", "value must not match the schema of not");
            ok = false;
        }
    }
    return ok;
}

/* if, then and else (2020-12). */
static bool apply_conditional(vctx *c, const az__snode *n, json_object *inst, const scope *sc,
                              unsigned char *marks)
{
    json_object *cond = kw_get(n, "if");
    if (!cond)
        return true;
    size_t mark = c->n;
    bool holds = sub_here(c, cond, "if", NULL, inst, sc, marks);
    drop_errors(c, mark);
    json_object *branch = kw_get(n, holds ? "then" : "else");
    if (!branch)
        return true;
    return sub_here(c, branch, holds ? "then" : "else", NULL, inst, sc, marks);
}

/* properties, patternProperties and additionalProperties (both
 * dialects), and propertyNames (2020-12), on an object instance. */
static bool apply_object(vctx *c, const az__snode *n, json_object *inst, const scope *sc,
                         unsigned char *marks)
{
    bool ok = true;
    json_object *props = kw_get(n, "properties");
    json_object *pprops = kw_get(n, "patternProperties");
    json_object *addl = kw_get(n, "additionalProperties");
    json_object *names = n->dialect == AZ_SCHEMA_2020_12 ? kw_get(n, "propertyNames") : NULL;
    if (!json_object_is_type(props, json_type_object))
        props = NULL;
    if (!json_object_is_type(pprops, json_type_object))
        pprops = NULL;
    size_t i = 0;
    json_object_object_foreach(inst, key, val)
    {
        bool matched = false;
        json_object *sub;
        if (props && json_object_object_get_ex(props, key, &sub)) {
            matched = true;
            ok &= sub_member(c, sub, "properties", key, key, val, sc);
        }
        if (pprops) {
            json_object_object_foreach(pprops, pat, psub)
            {
                int m = re_search(c, pat, key, strlen(key));
                if (m < 0) {
                    add_error(c, n, "patternProperties",
                              "matching property \"%s\" against pattern \"%s\" hit a limit", key,
                              pat);
                    ok = false;
                } else if (m) {
                    matched = true;
                    ok &= sub_member(c, psub, "patternProperties", pat, key, val, sc);
                }
            }
        }
        if (!matched && addl) {
            matched = true;
            ok &= rest_member(c, n, addl, "additionalProperties", "additional", key, val, sc);
        }
        if (matched && marks)
            marks[i] = 1;
        if (names) {
            json_object *name = json_object_new_string(key);
            if (!name) {
                c->nomem = true;
                return false;
            }
            size_t mark = c->n;
            if (!sub_here(c, names, "propertyNames", NULL, name, sc, NULL)) {
                ok = false;
                if (c->n == mark)
                    add_error(c, n, "propertyNames", "property name \"%s\" is not allowed", key);
            }
            json_object_put(name);
        }
        i++;
    }
    return ok;
}

/* prefixItems, items and contains (2020-12) on an array instance. */
static bool apply_array_2020(vctx *c, const az__snode *n, json_object *inst, const scope *sc,
                             unsigned char *marks)
{
    bool ok = true;
    size_t len = json_object_array_length(inst), start = 0;
    json_object *prefix = kw_get(n, "prefixItems");
    if (json_object_is_type(prefix, json_type_array)) {
        size_t plen = json_object_array_length(prefix);
        for (size_t i = 0; i < len && i < plen; i++) {
            ok &= sub_item(c, json_object_array_get_idx(prefix, i), "prefixItems", (long)i, inst, i,
                           sc);
            if (marks)
                marks[i] = 1;
        }
        start = plen;
    }
    json_object *items = kw_get(n, "items");
    if (items) {
        for (size_t i = start; i < len; i++) {
            if (is_false(items)) {
                size_t im = push_index(&c->ipath, i);
                add_error(c, n, "items", "no item is allowed at index %zu", i);
                cut(&c->ipath, im);
                ok = false;
            } else {
                ok &= sub_item(c, items, "items", -1, inst, i, sc);
            }
            if (marks)
                marks[i] = 1;
        }
    }
    json_object *contains = kw_get(n, "contains");
    if (contains) {
        size_t hits = 0, mark = c->n;
        for (size_t i = 0; i < len; i++) {
            if (sub_item(c, contains, "contains", -1, inst, i, sc)) {
                hits++;
                if (marks)
                    marks[i] = 1;
            }
        }
        drop_errors(c, mark);
        long double min = 1, max = -1;
        bool has_min = false;
        if (n->vocab & AZ__VOC_VALIDATION) {
            has_min = kw_count(n, "minContains", &min);
            if (!has_min)
                min = 1;
            if (!kw_count(n, "maxContains", &max))
                max = -1;
        }
        if ((long double)hits < min) {
            if (hits == 0)
                add_error(c, n, has_min ? "minContains" : "contains",
                          "array has no item matching the contains schema");
            else
                add_error(c, n, "minContains",
                          "array has %zu items matching the contains schema, fewer than "
                          "minContains %.0Lf",
                          hits, min);
            ok = false;
        }
        if (max >= 0 && (long double)hits > max) {
            add_error(c, n, "maxContains",
                      "array has %zu items matching the contains schema, more than maxContains "
                      "%.0Lf",
                      hits, max);
            ok = false;
        }
    }
    return ok;
}

/* items and additionalItems (draft-04) on an array instance. */
static bool apply_array_draft4(vctx *c, const az__snode *n, json_object *inst, const scope *sc)
{
    bool ok = true;
    size_t len = json_object_array_length(inst);
    json_object *items = kw_get(n, "items");
    if (!items)
        return true;
    if (!json_object_is_type(items, json_type_array)) {
        for (size_t i = 0; i < len; i++)
            ok &= sub_item(c, items, "items", -1, inst, i, sc);
        return ok;
    }
    size_t plen = json_object_array_length(items);
    for (size_t i = 0; i < len && i < plen; i++)
        ok &= sub_item(c, json_object_array_get_idx(items, i), "items", (long)i, inst, i, sc);
    json_object *addl = kw_get(n, "additionalItems");
    for (size_t i = plen; addl && i < len; i++) {
        if (is_false(addl)) {
            add_error(c, n, "additionalItems",
                      "array has %zu items, more than the %zu that items allows", len, plen);
            ok = false;
            break;
        }
        ok &= sub_item(c, addl, "additionalItems", -1, inst, i, sc);
    }
    return ok;
}

/* dependentSchemas (2020-12) or the schema form of dependencies
 * (draft-04); `kw` names the keyword. */
static bool apply_dependent(vctx *c, const az__snode *n, const char *kw, json_object *inst,
                            const scope *sc, unsigned char *marks)
{
    bool ok = true;
    json_object *deps = kw_get(n, kw), *tmp;
    if (!json_object_is_type(deps, json_type_object))
        return true;
    json_object_object_foreach(deps, key, sub)
    {
        if (json_object_is_type(sub, json_type_array) ||
            !json_object_object_get_ex(inst, key, &tmp))
            continue;
        ok &= sub_here(c, sub, kw, key, inst, sc, marks);
    }
    return ok;
}

/* unevaluatedItems and unevaluatedProperties: apply to what no other
 * keyword of this schema (or valid in-place subschema) evaluated. */
static bool apply_unevaluated(vctx *c, const az__snode *n, json_object *inst, const scope *sc,
                              unsigned char *marks)
{
    bool ok = true;
    json_object *u;
    if (json_object_is_type(inst, json_type_array) && marks &&
        (u = kw_get(n, "unevaluatedItems")) != NULL) {
        size_t len = json_object_array_length(inst);
        for (size_t i = 0; i < len; i++) {
            if (marks[i])
                continue;
            if (is_false(u)) {
                size_t im = push_index(&c->ipath, i);
                add_error(c, n, "unevaluatedItems", "unevaluated item at index %zu is not allowed",
                          i);
                cut(&c->ipath, im);
                ok = false;
            } else {
                ok &= sub_item(c, u, "unevaluatedItems", -1, inst, i, sc);
            }
            marks[i] = 1;
        }
    }
    if (json_object_is_type(inst, json_type_object) && marks &&
        (u = kw_get(n, "unevaluatedProperties")) != NULL) {
        size_t i = 0;
        json_object_object_foreach(inst, key, val)
        {
            if (!marks[i]) {
                ok &= rest_member(c, n, u, "unevaluatedProperties", "unevaluated", key, val, sc);
                marks[i] = 1;
            }
            i++;
        }
    }
    return ok;
}

/* ------------------------------------------------------------------------ */
/* Assertions                                                                */
/* ------------------------------------------------------------------------ */

/* type (with OpenAPI 3.0 nullable). */
static bool check_type(vctx *c, const az__snode *n, json_object *inst)
{
    json_object *t = kw_get(n, "type");
    if (!t)
        return true;
    if (n->dialect == AZ_SCHEMA_OAS30 && inst == NULL) {
        json_object *nullable = kw_get(n, "nullable");
        if (json_object_is_type(nullable, json_type_boolean) && json_object_get_boolean(nullable))
            return true;
    }
    if (json_object_is_type(t, json_type_string)) {
        if (type_is(inst, json_object_get_string(t)))
            return true;
        add_error(c, n, "type", "expected %s, got %s", json_object_get_string(t), type_name(inst));
        return false;
    }
    if (!json_object_is_type(t, json_type_array))
        return true;
    size_t len = json_object_array_length(t);
    az_buf names = {0};
    for (size_t i = 0; i < len; i++) {
        json_object *ti = json_object_array_get_idx(t, i);
        if (!json_object_is_type(ti, json_type_string))
            continue;
        if (type_is(inst, json_object_get_string(ti))) {
            free(names.data);
            return true;
        }
        if (names.len)
            az_buf_puts(&names, ", ");
        az_buf_puts(&names, json_object_get_string(ti));
    }
    char *list = az_buf_take(&names);
    add_error(c, n, "type", "expected one of %s, got %s", list ? list : "", type_name(inst));
    free(list);
    return false;
}

/* enum and const. */
static bool check_values(vctx *c, const az__snode *n, json_object *inst)
{
    bool ok = true;
    json_object *e = kw_get(n, "enum");
    if (json_object_is_type(e, json_type_array)) {
        size_t len = json_object_array_length(e);
        bool found = false;
        for (size_t i = 0; i < len && !found; i++)
            found = az_json_equal(inst, json_object_array_get_idx(e, i));
        if (!found) {
            char *a = value_text(inst), *b = value_text(e);
            add_error(c, n, "enum", "value %s is not one of %s", show(a), show(b));
            free(a);
            free(b);
            ok = false;
        }
    }
    json_object *k;
    if (n->dialect == AZ_SCHEMA_2020_12 && json_object_object_get_ex(n->json, "const", &k) &&
        !az_json_equal(inst, k)) {
        char *a = value_text(inst), *b = value_text(k);
        add_error(c, n, "const", "value %s is not the constant %s", show(a), show(b));
        free(a);
        free(b);
        ok = false;
    }
    return ok;
}

/* Tells whether `x` is a multiple of `m` (> 0): exactly for integers,
 * within a relative tolerance of the quotient for other numbers. */
static bool multiple_of(json_object *x, json_object *m)
{
    if (json_object_is_type(x, json_type_int) && json_object_is_type(m, json_type_int)) {
        uint64_t a, b;
        int64_t ai = json_object_get_int64(x), bi = json_object_get_int64(m);
        a = ai == INT64_MAX ? json_object_get_uint64(x)
            : ai < 0        ? (uint64_t)0 - (uint64_t)ai
                            : (uint64_t)ai;
        b = bi == INT64_MAX ? json_object_get_uint64(m) : (uint64_t)bi;
        if (bi > 0)
            return a % b == 0;
    }
    long double q = num(x) / num(m);
    if (!isfinite((double)q)) {
        /* Beyond the doubles: an integer is still a multiple of 1/k. */
        long double k = 1.0L / num(m);
        return is_integer(x) && k >= 1 && k < 9.2e18L && k == (long double)(int64_t)k;
    }
    long double aq = q < 0 ? -q : q;
    if (aq >= 9.2e18L)
        return true; /* every long double this large is an integer */
    long double r = (long double)(int64_t)(q + (q < 0 ? -0.5L : 0.5L));
    long double diff = q > r ? q - r : r - q;
    return diff <= 1e-9L * (aq > 1 ? aq : 1);
}

/* multipleOf, maximum, minimum, exclusiveMaximum, exclusiveMinimum. */
static bool check_number(vctx *c, const az__snode *n, json_object *inst)
{
    bool ok = true;
    bool d4 = n->dialect != AZ_SCHEMA_2020_12;
    long double x = num(inst);
    char *xs = NULL; /* the value's text, made when a message needs it */
    json_object *v = kw_get(n, "multipleOf");
    if (is_number(v) && num(v) > 0 && !multiple_of(inst, v)) {
        char *ms = value_text(v);
        add_error(c, n, "multipleOf", "value %s is not a multiple of %s", lazy(&xs, inst),
                  show(ms));
        free(ms);
        ok = false;
    }
    json_object *ex;
    v = kw_get(n, "maximum");
    if (is_number(v)) {
        ex = d4 ? kw_get(n, "exclusiveMaximum") : NULL;
        bool excl = json_object_is_type(ex, json_type_boolean) && json_object_get_boolean(ex);
        long double lim = num(v);
        char *ls = NULL;
        if (excl && !(x < lim)) {
            add_error(c, n, "maximum", "value %s is not less than exclusive maximum %s",
                      lazy(&xs, inst), lazy(&ls, v));
            ok = false;
        } else if (!excl && x > lim) {
            add_error(c, n, "maximum", "value %s is greater than maximum %s", lazy(&xs, inst),
                      lazy(&ls, v));
            ok = false;
        }
        free(ls);
    }
    v = kw_get(n, "minimum");
    if (is_number(v)) {
        ex = d4 ? kw_get(n, "exclusiveMinimum") : NULL;
        bool excl = json_object_is_type(ex, json_type_boolean) && json_object_get_boolean(ex);
        long double lim = num(v);
        char *ls = NULL;
        if (excl && !(x > lim)) {
            add_error(c, n, "minimum", "value %s is not greater than exclusive minimum %s",
                      lazy(&xs, inst), lazy(&ls, v));
            ok = false;
        } else if (!excl && x < lim) {
            add_error(c, n, "minimum", "value %s is less than minimum %s", lazy(&xs, inst),
                      lazy(&ls, v));
            ok = false;
        }
        free(ls);
    }
    if (!d4) {
        v = kw_get(n, "exclusiveMaximum");
        if (is_number(v) && !(x < num(v))) {
            char *ls = value_text(v);
            add_error(c, n, "exclusiveMaximum", "value %s is not less than exclusive maximum %s",
                      lazy(&xs, inst), show(ls));
            free(ls);
            ok = false;
        }
        v = kw_get(n, "exclusiveMinimum");
        if (is_number(v) && !(x > num(v))) {
            char *ls = value_text(v);
            add_error(c, n, "exclusiveMinimum", "value %s is not greater than exclusive minimum %s",
                      lazy(&xs, inst), show(ls));
            free(ls);
            ok = false;
        }
    }
    free(xs);
    return ok;
}

/* maxLength, minLength, pattern and (when asserted) format. */
static bool check_string(vctx *c, const az__snode *n, json_object *inst)
{
    bool ok = true;
    const char *s = json_object_get_string(inst);
    size_t len = (size_t)json_object_get_string_len(inst);
    size_t chars = az_utf8_length(s, len);
    long double lim;
    if (kw_count(n, "maxLength", &lim) && (long double)chars > lim) {
        add_error(c, n, "maxLength", "string has %zu characters, more than maxLength %.0Lf", chars,
                  lim);
        ok = false;
    }
    if (kw_count(n, "minLength", &lim) && (long double)chars < lim) {
        add_error(c, n, "minLength", "string has %zu characters, fewer than minLength %.0Lf", chars,
                  lim);
        ok = false;
    }
    json_object *p = kw_get(n, "pattern");
    if (json_object_is_type(p, json_type_string)) {
        int m = re_search(c, json_object_get_string(p), s, len);
        if (m <= 0) {
            char *vs = value_text(inst);
            if (m < 0)
                add_error(c, n, "pattern", "matching %s against pattern \"%s\" hit a limit",
                          show(vs), json_object_get_string(p));
            else
                add_error(c, n, "pattern", "string %s does not match pattern \"%s\"", show(vs),
                          json_object_get_string(p));
            free(vs);
            ok = false;
        }
    }
    return ok;
}

/* The `format` assertion, when enabled. */
static bool check_format(vctx *c, const az__snode *n, json_object *inst)
{
    json_object *f = kw_get(n, "format");
    if (!json_object_is_type(f, json_type_string) || !json_object_is_type(inst, json_type_string))
        return true;
    if (!c->s->opts.format_assert && !(n->vocab & AZ__VOC_FORMAT_ASSERT))
        return true;
    const char *name = json_object_get_string(f);
    if (az_schema_format_check(name, json_object_get_string(inst),
                               (size_t)json_object_get_string_len(inst)) != 0)
        return true;
    char *vs = value_text(inst);
    add_error(c, n, "format", "string %s is not a valid %s", show(vs), name);
    free(vs);
    return false;
}

/* maxItems, minItems and uniqueItems. */
static bool check_array(vctx *c, const az__snode *n, json_object *inst)
{
    bool ok = true;
    size_t len = json_object_array_length(inst);
    long double lim;
    if (kw_count(n, "maxItems", &lim) && (long double)len > lim) {
        add_error(c, n, "maxItems", "array has %zu items, more than maxItems %.0Lf", len, lim);
        ok = false;
    }
    if (kw_count(n, "minItems", &lim) && (long double)len < lim) {
        add_error(c, n, "minItems", "array has %zu items, fewer than minItems %.0Lf", len, lim);
        ok = false;
    }
    json_object *u = kw_get(n, "uniqueItems");
    if (json_object_is_type(u, json_type_boolean) && json_object_get_boolean(u) && len > 1) {
        /* Sort by hash, then compare only items whose hashes are equal. */
        hashed *hs = malloc(len * sizeof *hs);
        if (!hs) {
            c->nomem = true;
            return false;
        }
        for (size_t i = 0; i < len; i++) {
            hs[i].h = json_hash(json_object_array_get_idx(inst, i));
            hs[i].i = i;
        }
        qsort(hs, len, sizeof *hs, cmp_hashed);
        bool dup = false;
        for (size_t a = 0; a < len && !dup; a++) {
            for (size_t b = a + 1; b < len && hs[b].h == hs[a].h; b++) {
                if (az_json_equal(json_object_array_get_idx(inst, hs[a].i),
                                  json_object_array_get_idx(inst, hs[b].i))) {
                    add_error(c, n, "uniqueItems", "items %zu and %zu are equal", hs[a].i, hs[b].i);
                    ok = false;
                    dup = true;
                    break;
                }
            }
        }
        free(hs);
    }
    return ok;
}

/* Reports every name of the string array `names` missing from `inst`;
 * `when` names the property that made them required, or is NULL. */
static bool check_required_list(vctx *c, const az__snode *n, const char *kw, json_object *names,
                                json_object *inst, const char *when)
{
    bool ok = true;
    size_t len = json_object_array_length(names);
    json_object *tmp;
    for (size_t i = 0; i < len; i++) {
        json_object *name = json_object_array_get_idx(names, i);
        if (!json_object_is_type(name, json_type_string) ||
            json_object_object_get_ex(inst, json_object_get_string(name), &tmp))
            continue;
        if (when)
            add_error(c, n, kw, "missing property \"%s\", required when \"%s\" is present",
                      json_object_get_string(name), when);
        else
            add_error(c, n, kw, "missing required property \"%s\"", json_object_get_string(name));
        ok = false;
    }
    return ok;
}

/* maxProperties, minProperties, required, dependentRequired and the
 * array form of draft-04 dependencies. */
static bool check_object(vctx *c, const az__snode *n, json_object *inst)
{
    bool ok = true;
    size_t len = (size_t)json_object_object_length(inst);
    long double lim;
    json_object *tmp;
    if (kw_count(n, "maxProperties", &lim) && (long double)len > lim) {
        add_error(c, n, "maxProperties", "object has %zu properties, more than maxProperties %.0Lf",
                  len, lim);
        ok = false;
    }
    if (kw_count(n, "minProperties", &lim) && (long double)len < lim) {
        add_error(c, n, "minProperties",
                  "object has %zu properties, fewer than minProperties %.0Lf", len, lim);
        ok = false;
    }
    json_object *req = kw_get(n, "required");
    if (json_object_is_type(req, json_type_array))
        ok &= check_required_list(c, n, "required", req, inst, NULL);
    const char *kw = n->dialect == AZ_SCHEMA_2020_12 ? "dependentRequired" : "dependencies";
    json_object *deps = kw_get(n, kw);
    if (json_object_is_type(deps, json_type_object)) {
        json_object_object_foreach(deps, key, names)
        {
            if (json_object_is_type(names, json_type_array) &&
                json_object_object_get_ex(inst, key, &tmp)) {
                ok &= check_required_list(c, n, kw, names, inst, key);
            }
        }
    }
    return ok;
}

/* ------------------------------------------------------------------------ */
/* Evaluation                                                                */
/* ------------------------------------------------------------------------ */

/* Returns the outermost dynamic anchor `name` of the dynamic scope. */
static const az__snode *dynamic_target(const scope *sc, const char *name)
{
    const az__snode *found = NULL;
    for (; sc; sc = sc->up) {
        for (const az__sdyn *d = sc->res->dyn; d; d = d->next) {
            if (strcmp(d->name, name) == 0) {
                found = d->node;
                break;
            }
        }
    }
    return found;
}

/* Applies the keywords of a 2020-12 schema object. */
static bool eval_2020(vctx *c, const az__snode *n, json_object *inst, const scope *sc,
                      unsigned char *marks)
{
    bool ok = true;
    if (n->ref) {
        size_t km = push(&c->kpath, "$ref");
        ok &= eval(c, n->ref, inst, sc, marks);
        cut(&c->kpath, km);
    }
    if (n->dref) {
        const az__snode *t = n->dref;
        if (n->dref_anchor) {
            const az__snode *d = dynamic_target(sc, n->dref_anchor);
            if (d)
                t = d;
        }
        size_t km = push(&c->kpath, "$dynamicRef");
        ok &= eval(c, t, inst, sc, marks);
        cut(&c->kpath, km);
    }
    bool obj = json_object_is_type(inst, json_type_object);
    bool arr = json_object_is_type(inst, json_type_array);
    if (n->vocab & AZ__VOC_APPLICATOR) {
        ok &= apply_logic(c, n, inst, sc, marks);
        ok &= apply_conditional(c, n, inst, sc, marks);
        if (obj) {
            ok &= apply_dependent(c, n, "dependentSchemas", inst, sc, marks);
            ok &= apply_object(c, n, inst, sc, marks);
        }
        if (arr)
            ok &= apply_array_2020(c, n, inst, sc, marks);
    }
    if (n->vocab & AZ__VOC_VALIDATION) {
        ok &= check_type(c, n, inst);
        ok &= check_values(c, n, inst);
        if (is_number(inst))
            ok &= check_number(c, n, inst);
        if (json_object_is_type(inst, json_type_string))
            ok &= check_string(c, n, inst);
        if (arr)
            ok &= check_array(c, n, inst);
        if (obj)
            ok &= check_object(c, n, inst);
    }
    ok &= check_format(c, n, inst);
    if (n->vocab & AZ__VOC_UNEVALUATED)
        ok &= apply_unevaluated(c, n, inst, sc, marks);
    return ok;
}

/* Applies the keywords of a draft-04 or OpenAPI 3.0 schema object. */
static bool eval_draft4(vctx *c, const az__snode *n, json_object *inst, const scope *sc)
{
    if (n->has_ref) {
        if (!n->ref)
            return true;
        size_t km = push(&c->kpath, "$ref");
        bool ok = eval(c, n->ref, inst, sc, NULL);
        cut(&c->kpath, km);
        return ok;
    }
    bool ok = apply_logic(c, n, inst, sc, NULL);
    ok &= check_type(c, n, inst);
    ok &= check_values(c, n, inst);
    if (is_number(inst))
        ok &= check_number(c, n, inst);
    if (json_object_is_type(inst, json_type_string))
        ok &= check_string(c, n, inst);
    if (json_object_is_type(inst, json_type_array)) {
        ok &= apply_array_draft4(c, n, inst, sc);
        ok &= check_array(c, n, inst);
    }
    if (json_object_is_type(inst, json_type_object)) {
        ok &= apply_object(c, n, inst, sc, NULL);
        ok &= apply_dependent(c, n, "dependencies", inst, sc, NULL);
        ok &= check_object(c, n, inst);
    }
    ok &= check_format(c, n, inst);
    return ok;
}

/*
 * Evaluates subschema `n` against `inst` in dynamic scope `sc`. `marks`
 * (one byte per item or member of `inst`, or NULL) receives what `n`
 * evaluated, when `n` is valid. Returns whether `inst` is valid.
 */
static bool eval(vctx *c, const az__snode *n, json_object *inst, const scope *sc,
                 unsigned char *marks)
{
    if (c->nomem || c->limited)
        return false;
    if (c->depth >= c->s->opts.max_depth) {
        /* Stop everything: a cycle through anyOf or not could otherwise
         * take exponential time, or turn the failure into a success. */
        c->limited = true;
        c->limit_node = n;
        c->limit_ipath = strdup(text(&c->ipath));
        c->limit_kpath = strdup(text(&c->kpath));
        if (!c->limit_ipath || !c->limit_kpath)
            c->nomem = true;
        return false;
    }
    if (json_object_is_type(n->json, json_type_boolean)) {
        if (json_object_get_boolean(n->json))
            return true;
        add_error(c, n, NULL, "no value is allowed here (false schema)");
        return false;
    }
    c->depth++;
    scope here = {n->res, sc};
    if (!sc || sc->res != n->res)
        sc = &here;
    bool ok;
    if (n->dialect != AZ_SCHEMA_2020_12) {
        ok = eval_draft4(c, n, inst, sc);
    } else {
        size_t len = container_len(inst);
        unsigned char *local = NULL;
        if ((marks || n->has_uneval) && len) {
            local = calloc(len, 1);
            if (!local) {
                c->nomem = true;
                c->depth--;
                return false;
            }
        }
        ok = eval_2020(c, n, inst, sc, local);
        if (ok && marks && local) {
            for (size_t i = 0; i < len; i++)
                marks[i] |= local[i];
        }
        free(local);
    }
    c->depth--;
    return ok;
}

/* Validates an instance; see openapi.h. */
az_status az_schema_validate(const az_schema *schema, json_object *instance, az_schema_result **out)
{
    vctx c = {.s = schema};
    az_status st = AZ_OK;
    *out = NULL;
    if (!schema || !schema->root)
        return AZ_ERR_INVALID;
    az_schema_result *r = calloc(1, sizeof *r);
    c.md = pcre2_match_data_create(1, NULL);
    c.mctx = pcre2_match_context_create(NULL);
    if (!r || !c.md || !c.mctx) {
        st = AZ_ERR_NOMEM;
        goto out;
    }
    pcre2_set_match_limit(c.mctx, AZ__SCHEMA_MATCH_LIMIT);
    pcre2_set_depth_limit(c.mctx, AZ__SCHEMA_DEPTH_LIMIT);
    bool ok = eval(&c, schema->root, instance, NULL, NULL);
    if (c.limited && !c.nomem) {
        /* Report the cap where it was hit, whatever was dropped since. */
        cut(&c.ipath, 0);
        cut(&c.kpath, 0);
        az_buf_puts(&c.ipath, c.limit_ipath);
        az_buf_puts(&c.kpath, c.limit_kpath);
        c.limited = false;
        add_error(&c, c.limit_node, NULL,
                  "evaluation depth limit %zu exceeded (a $ref cycle, or too deep an instance)",
                  schema->opts.max_depth);
        c.limited = true;
        ok = false;
    }
    if (!ok && c.n == 0)
        add_error(&c, schema->root, NULL, "value does not match the schema");
    if (c.nomem || c.ipath.failed || c.kpath.failed) {
        st = AZ_ERR_NOMEM;
        goto out;
    }
    r->errs = c.errs;
    r->n = c.n;
    r->limited = c.limited;
    c.errs = NULL;
    c.n = 0;
    *out = r;
    r = NULL;
out:
    drop_errors(&c, 0);
    free(c.errs);
    free(c.ipath.data);
    free(c.kpath.data);
    free(c.limit_ipath);
    free(c.limit_kpath);
    pcre2_match_data_free(c.md);
    pcre2_match_context_free(c.mctx);
    free(r);
    return st;
}

/* Tells whether a result is valid; see openapi.h. */
bool az_schema_result_valid(const az_schema_result *result)
{
    return result && result->n == 0;
}

/* Tells whether the depth cap was hit; see openapi.h. */
bool az_schema_result_limited(const az_schema_result *result)
{
    return result && result->limited;
}

/* Returns the number of violations; see openapi.h. */
size_t az_schema_result_count(const az_schema_result *result)
{
    return result ? result->n : 0;
}

/* Returns one violation; see openapi.h. */
const az_schema_error *az_schema_result_get(const az_schema_result *result, size_t i)
{
    return result && i < result->n ? &result->errs[i] : NULL;
}

/* Releases a result; see openapi.h. */
void az_schema_result_free(az_schema_result *result)
{
    if (!result)
        return;
    for (size_t i = 0; i < result->n; i++)
        error_clear(&result->errs[i]);
    free(result->errs);
    free(result);
}
