/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_openapi.c - the OpenAPI loading benchmark: generates one
 * deterministic OpenAPI 3.1 description of about 4 MB of pretty-printed
 * JSON (3,000 operations on 1,200 paths, a few hundred component schemas
 * that reference each other, recursively too, through `$ref`, `allOf` and
 * arrays of references; parameters, request bodies and responses by
 * reference; servers with variables; security), writes it to a file and
 * times, best of N runs, what `arazzo operations` does with it:
 *
 *   az_docset_load      read and parse the file (json-c tree + positions),
 *   az_oas_index_build  index every operation, resolving every `$ref`,
 *   az_oas_index_report turn the defects found into diagnostics,
 *
 * then, on its own, the release of the index and the docset. The generated
 * description is valid (every `$ref` resolves, operationIds are unique), so
 * any error-level diagnostic, or an operation count other than 3,000, fails
 * the benchmark (exit status 1): a fast but broken indexer does not pass.
 *
 * The peak memory is the VmHWM (RSS high-water mark) of /proc/self/status in
 * a child process: the program runs itself again (`--once FILE`, a fresh
 * exec, so nothing of the generator is resident there) to load, index and
 * free the file once. compare-openapi.sh uses `--write FILE` and `--once
 * FILE` to set these figures beside those of redocly lint on the same file.
 *
 * The generator is a pure function of the loop indexes (no random numbers),
 * so every run and every machine writes the same bytes.
 */
#include "bench_common.h"

#include <arazzo/core.h>
#include <arazzo/openapi.h>

#include <json-c/json.h>

#include <errno.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define DEFAULT_RUNS 5
#define BYTES_PER_MB 1e6

/* The shape of the generated description. */
#define N_RESOURCES   600 /* a collection path and an item path each */
#define N_PATHS       (2 * N_RESOURCES)
#define N_OPERATIONS  (5 * N_RESOURCES) /* 2 on a collection, 3 on an item */
#define N_GROUPS      60                /* /svcG/... prefixes */
#define N_MODELS      300
#define MODEL_CLUSTER 10 /* models refer to each other in rings of 10 */
#define N_BASES       20
#define N_NODES       20
#define N_FILTERS     20
#define MAX_NEST      64

/* ------------------------------------------------------------------------ */
/* Small helpers                                                             */
/* ------------------------------------------------------------------------ */

#define die(...) bench_die("bench_openapi", __VA_ARGS__)

/* ------------------------------------------------------------------------ */
/* A pretty-printing JSON writer                                             */
/* ------------------------------------------------------------------------ */

/*
 * Writes JSON with two-space indentation, one member or element a line,
 * the way descriptions are usually saved. `count[d]` is how many entries
 * the collection at depth d has so far; `after_key` is set between a key
 * and its value.
 */
typedef struct writer {
    az_buf out;
    size_t count[MAX_NEST];
    unsigned depth;
    bool after_key;
} writer;

/* Writes a line break and the indentation of depth `depth`. */
static void w_newline(writer *w)
{
    bench_newline(&w->out, 2 * w->depth);
}

/* Writes what precedes a value: nothing after a key, else a separator. */
static void w_before_value(writer *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth > 0) {
        if (w->count[w->depth]++ > 0)
            bench_putc(&w->out, ',');
        w_newline(w);
    }
}

/* Writes a JSON string literal (the generator writes ASCII only). */
static void w_string_literal(writer *w, const char *s)
{
    bench_putc(&w->out, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"' || *p == '\\')
            bench_putc(&w->out, '\\');
        bench_putc(&w->out, *p);
    }
    bench_putc(&w->out, '"');
}

/*
 * Formats into `out` (size `size`); ends the program with "generated WHAT
 * too long" when the text does not fit.
 */
static void w_vformat(char *out, size_t size, const char *what, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 0)))
#endif
    ;
static void w_vformat(char *out, size_t size, const char *what, const char *fmt, va_list ap)
{
    int n = vsnprintf(out, size, fmt, ap);
    if (n < 0 || (size_t)n >= size)
        die("generated %s too long", what);
}

/* Writes a printf-formatted string value. */
static void w_str(writer *w, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void w_str(writer *w, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    w_vformat(tmp, sizeof tmp, "string", fmt, ap);
    va_end(ap);
    w_before_value(w);
    w_string_literal(w, tmp);
}

/* Writes an integer, `true`, `false` or another bare token. */
static void w_raw(writer *w, const char *token)
{
    w_before_value(w);
    bench_put(&w->out, token, strlen(token));
}

/* Writes a mapping key (a printf format); the value comes next. */
static void w_key(writer *w, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void w_key(writer *w, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    w_vformat(tmp, sizeof tmp, "key", fmt, ap);
    va_end(ap);
    if (w->after_key)
        die("writer: two keys in a row");
    if (w->count[w->depth]++ > 0)
        bench_putc(&w->out, ',');
    w_newline(w);
    w_string_literal(w, tmp);
    bench_put(&w->out, ": ", 2);
    w->after_key = true;
}

/* Opens an object (`{`) or an array (`[`). */
static void w_open(writer *w, char bracket)
{
    w_before_value(w);
    if (w->depth + 1 >= MAX_NEST)
        die("writer: nesting too deep");
    bench_putc(&w->out, bracket);
    w->count[++w->depth] = 0;
}

/* Closes the innermost object (`}`) or array (`]`). */
static void w_close(writer *w, char bracket)
{
    if (w->depth == 0 || w->after_key)
        die("writer: unbalanced close");
    size_t n = w->count[w->depth--];
    if (n > 0)
        w_newline(w);
    bench_putc(&w->out, bracket);
}

/* Writes a key with a string value. */
#define KV_STR(w, key, ...)                                                                        \
    do {                                                                                           \
        w_key((w), "%s", (key));                                                                   \
        w_str((w), __VA_ARGS__);                                                                   \
    } while (0)

/* Writes a key with a bare value (integer, boolean). */
#define KV_RAW(w, key, token)                                                                      \
    do {                                                                                           \
        w_key((w), "%s", (key));                                                                   \
        w_raw((w), (token));                                                                       \
    } while (0)

/* Writes a Reference Object {"$ref": "#/components/KIND/NAME"}. */
static void w_ref(writer *w, const char *kind, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void w_ref(writer *w, const char *kind, const char *fmt, ...)
{
    char name[256];
    va_list ap;
    va_start(ap, fmt);
    w_vformat(name, sizeof name, "reference", fmt, ap);
    va_end(ap);
    w_open(w, '{');
    KV_STR(w, "$ref", "#/components/%s/%s", kind, name);
    w_close(w, '}');
}

/* Writes a schema that only names its type: {"type": TYPE}. */
static void w_type(writer *w, const char *type)
{
    w_open(w, '{');
    KV_STR(w, "type", "%s", type);
    w_close(w, '}');
}

/* Writes a security requirement list [{SCHEME: [SCOPE]}]. */
static void w_security(writer *w, const char *scheme, const char *scope)
{
    w_open(w, '[');
    w_open(w, '{');
    w_key(w, "%s", scheme);
    w_open(w, '[');
    w_str(w, "%s", scope);
    w_close(w, ']');
    w_close(w, '}');
    w_close(w, ']');
}

/* ------------------------------------------------------------------------ */
/* Deterministic text                                                        */
/* ------------------------------------------------------------------------ */

static const char *const words[] = {
    "account", "active",  "archive", "batch",    "billing",  "catalog", "channel",  "client",
    "config",  "contact", "cursor",  "customer", "delivery", "device",  "document", "event",
    "export",  "filter",  "invoice", "item",     "ledger",   "member",  "message",  "metric",
    "order",   "owner",   "payment", "policy",   "product",  "profile", "project",  "quota",
    "region",  "report",  "request", "resource", "schedule", "session", "shipment", "status",
    "store",   "tenant",  "ticket",  "token",    "usage",    "user",    "version",  "webhook",
};
#define N_WORDS (sizeof words / sizeof words[0])

/* Returns the i-th word of a fixed cycle (a pure function of i). */
static const char *word(size_t i)
{
    return words[(i * 7 + i / N_WORDS) % N_WORDS];
}

/*
 * Writes into `out` (size `size`) a sentence of `n` words chosen by `seed`,
 * capitalised and ending with a full stop.
 */
static void sentence(char *out, size_t size, size_t seed, size_t n)
{
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && len + 16 < size; i++) {
        int k = snprintf(out + len, size - len, "%s%s", i ? " " : "", word(seed * 31 + i * 5));
        if (k > 0)
            len += (size_t)k;
    }
    if (len > 0 && out[0] >= 'a' && out[0] <= 'z')
        out[0] = (char)(out[0] - 'a' + 'A');
    if (len + 1 < size) {
        out[len++] = '.';
        out[len] = '\0';
    }
}

/* ------------------------------------------------------------------------ */
/* The generator                                                             */
/* ------------------------------------------------------------------------ */

/* The capitalised name of resource k ("OrderR17"), the schema it uses. */
static void resource_name(char *out, size_t size, size_t k)
{
    const char *w = word(k);
    snprintf(out, size, "%c%sR%zu", w[0] - 'a' + 'A', w + 1, k);
}

/*
 * Returns the model `step` places after model m in its cluster of
 * MODEL_CLUSTER models: models refer to each other in rings, so every chain
 * of references from a model meets a cycle within MODEL_CLUSTER steps.
 * (One long chain through all 300 models overflows the stack of redocly's
 * recursive resolver: "Maximum call stack size exceeded".)
 */
static size_t cluster_mate(size_t m, size_t step)
{
    return m - m % MODEL_CLUSTER + (m + step) % MODEL_CLUSTER;
}

/* Writes the component schemas: Error, PageInfo, Base*, Node*, Model*. */
static void gen_schemas(writer *w)
{
    char text[512];
    w_key(w, "schemas");
    w_open(w, '{');

    w_key(w, "Error");
    w_open(w, '{');
    KV_STR(w, "type", "object");
    w_key(w, "required");
    w_open(w, '[');
    w_str(w, "code");
    w_str(w, "message");
    w_close(w, ']');
    w_key(w, "properties");
    w_open(w, '{');
    w_key(w, "code");
    w_open(w, '{');
    KV_STR(w, "type", "integer");
    KV_STR(w, "format", "int32");
    w_close(w, '}');
    w_key(w, "message");
    w_type(w, "string");
    w_key(w, "details");
    w_open(w, '{');
    KV_STR(w, "type", "array");
    w_key(w, "items");
    w_ref(w, "schemas", "ErrorDetail");
    w_close(w, '}');
    w_close(w, '}');
    w_close(w, '}');

    w_key(w, "ErrorDetail");
    w_open(w, '{');
    KV_STR(w, "type", "object");
    w_key(w, "properties");
    w_open(w, '{');
    w_key(w, "field");
    w_type(w, "string");
    w_key(w, "issue");
    w_type(w, "string");
    w_key(w, "cause");
    w_ref(w, "schemas", "ErrorDetail"); /* recursive */
    w_close(w, '}');
    w_close(w, '}');

    w_key(w, "PageInfo");
    w_open(w, '{');
    KV_STR(w, "type", "object");
    w_key(w, "properties");
    w_open(w, '{');
    w_key(w, "nextPageToken");
    w_type(w, "string");
    w_key(w, "total");
    w_open(w, '{');
    KV_STR(w, "type", "integer");
    KV_RAW(w, "minimum", "0");
    w_close(w, '}');
    w_close(w, '}');
    w_close(w, '}');

    /* Base schemas every model extends through allOf. */
    for (size_t b = 0; b < N_BASES; b++) {
        w_key(w, "Base%zu", b);
        w_open(w, '{');
        KV_STR(w, "type", "object");
        w_key(w, "required");
        w_open(w, '[');
        w_str(w, "id");
        w_close(w, ']');
        w_key(w, "properties");
        w_open(w, '{');
        w_key(w, "id");
        w_open(w, '{');
        KV_STR(w, "type", "string");
        KV_STR(w, "format", "uuid");
        KV_RAW(w, "readOnly", "true");
        w_close(w, '}');
        w_key(w, "createdAt");
        w_open(w, '{');
        KV_STR(w, "type", "string");
        KV_STR(w, "format", "date-time");
        w_close(w, '}');
        w_key(w, "etag%zu", b);
        w_type(w, "string");
        w_close(w, '}');
        w_close(w, '}');
    }

    /* Tree nodes: each refers to itself and to the next one (a ring). */
    for (size_t n = 0; n < N_NODES; n++) {
        w_key(w, "Node%zu", n);
        w_open(w, '{');
        KV_STR(w, "type", "object");
        w_key(w, "properties");
        w_open(w, '{');
        w_key(w, "value");
        w_type(w, "string");
        w_key(w, "parent");
        w_ref(w, "schemas", "Node%zu", n);
        w_key(w, "children");
        w_open(w, '{');
        KV_STR(w, "type", "array");
        w_key(w, "items");
        w_ref(w, "schemas", "Node%zu", n);
        w_close(w, '}');
        w_key(w, "next");
        w_ref(w, "schemas", "Node%zu", (n + 1) % N_NODES);
        w_close(w, '}');
        w_close(w, '}');
    }

    /* Models: allOf a base and an object that refers to other models. */
    for (size_t m = 0; m < N_MODELS; m++) {
        w_key(w, "Model%zu", m);
        w_open(w, '{');
        sentence(text, sizeof text, m, 12);
        KV_STR(w, "description", "%s", text);
        w_key(w, "allOf");
        w_open(w, '[');
        w_ref(w, "schemas", "Base%zu", m % N_BASES);
        w_open(w, '{');
        KV_STR(w, "type", "object");
        w_key(w, "required");
        w_open(w, '[');
        w_str(w, "name");
        w_str(w, "status");
        w_close(w, ']');
        w_key(w, "properties");
        w_open(w, '{');
        w_key(w, "name");
        w_open(w, '{');
        KV_STR(w, "type", "string");
        KV_RAW(w, "maxLength", m % 2 ? "64" : "128");
        w_close(w, '}');
        w_key(w, "%sNote", word(m + 3));
        w_open(w, '{');
        KV_STR(w, "type", "string");
        sentence(text, sizeof text, m + 1000, 8);
        KV_STR(w, "description", "%s", text);
        w_close(w, '}');
        w_key(w, "status");
        w_open(w, '{');
        KV_STR(w, "type", "string");
        w_key(w, "enum");
        w_open(w, '[');
        w_str(w, "active");
        w_str(w, "suspended");
        w_str(w, "archived");
        w_close(w, ']');
        w_close(w, '}');
        w_key(w, "count");
        w_open(w, '{');
        KV_STR(w, "type", "integer");
        KV_STR(w, "format", "int64");
        KV_RAW(w, "minimum", "0");
        w_close(w, '}');
        w_key(w, "score");
        w_open(w, '{');
        KV_STR(w, "type", "number");
        KV_RAW(w, "maximum", "100");
        w_close(w, '}');
        w_key(w, "tags");
        w_open(w, '{');
        KV_STR(w, "type", "array");
        w_key(w, "items");
        w_type(w, "string");
        w_close(w, '}');
        w_key(w, "owner");
        w_ref(w, "schemas", "Model%zu", cluster_mate(m, 1));
        w_key(w, "related");
        w_open(w, '{');
        KV_STR(w, "type", "array");
        w_key(w, "items");
        w_ref(w, "schemas", "Model%zu", cluster_mate(m, 3));
        w_close(w, '}');
        if (m % 3 == 0) {
            w_key(w, "self");
            w_ref(w, "schemas", "Model%zu", m); /* directly recursive */
        }
        w_key(w, "tree");
        w_ref(w, "schemas", "Node%zu", m % N_NODES);
        w_key(w, "meta");
        w_open(w, '{');
        KV_STR(w, "type", "object");
        w_key(w, "additionalProperties");
        w_type(w, "string");
        w_close(w, '}');
        w_close(w, '}'); /* properties */
        w_close(w, '}');
        w_close(w, ']'); /* allOf */
        w_close(w, '}');
    }
    w_close(w, '}');
}

/* Writes one reusable query or header parameter of `components`. */
static void gen_component_param(writer *w, const char *key, const char *name, const char *in,
                                const char *type)
{
    w_key(w, "%s", key);
    w_open(w, '{');
    KV_STR(w, "name", "%s", name);
    KV_STR(w, "in", "%s", in);
    KV_STR(w, "description", "The %s %s parameter.", name, in);
    w_key(w, "schema");
    w_type(w, type);
    w_close(w, '}');
}

/* Writes the reusable parameters of `components`. */
static void gen_parameters(writer *w)
{
    w_key(w, "parameters");
    w_open(w, '{');
    gen_component_param(w, "PageSize", "pageSize", "query", "integer");
    gen_component_param(w, "PageToken", "pageToken", "query", "string");
    gen_component_param(w, "RequestId", "X-Request-Id", "header", "string");
    gen_component_param(w, "Tenant", "X-Tenant", "header", "string");
    for (size_t f = 0; f < N_FILTERS; f++) {
        w_key(w, "Filter%zu", f);
        w_open(w, '{');
        KV_STR(w, "name", "filter%zu", f);
        KV_STR(w, "in", "query");
        KV_STR(w, "style", f % 2 ? "form" : "deepObject");
        KV_RAW(w, "explode", "true");
        w_key(w, "schema");
        w_open(w, '{');
        KV_STR(w, "type", "object");
        w_key(w, "properties");
        w_open(w, '{');
        w_key(w, "%s", word(f));
        w_type(w, "string");
        w_key(w, "min%zu", f);
        w_type(w, "integer");
        w_close(w, '}');
        w_close(w, '}');
        w_close(w, '}');
    }
    w_close(w, '}');
}

/* Writes the reusable error responses of `components`. */
static void gen_responses(writer *w)
{
    static const char *const names[] = {"BadRequest", "Unauthorized",    "NotFound",
                                        "Conflict",   "TooManyRequests", "ServerError"};
    w_key(w, "responses");
    w_open(w, '{');
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        w_key(w, "%s", names[i]);
        w_open(w, '{');
        KV_STR(w, "description", "%s: the error is described in the body.", names[i]);
        if (strcmp(names[i], "TooManyRequests") == 0) {
            w_key(w, "headers");
            w_open(w, '{');
            w_key(w, "Retry-After");
            w_open(w, '{');
            KV_STR(w, "description", "Seconds to wait.");
            w_key(w, "schema");
            w_type(w, "integer");
            w_close(w, '}');
            w_close(w, '}');
        }
        w_key(w, "content");
        w_open(w, '{');
        w_key(w, "application/json");
        w_open(w, '{');
        w_key(w, "schema");
        w_ref(w, "schemas", "Error");
        w_close(w, '}');
        w_close(w, '}');
        w_close(w, '}');
    }
    w_close(w, '}');
}

/* Writes the reusable request body of `components`. */
static void gen_request_bodies(writer *w)
{
    w_key(w, "requestBodies");
    w_open(w, '{');
    w_key(w, "MergePatch");
    w_open(w, '{');
    KV_STR(w, "description", "An RFC 7396 merge patch.");
    KV_RAW(w, "required", "true");
    w_key(w, "content");
    w_open(w, '{');
    w_key(w, "application/merge-patch+json");
    w_open(w, '{');
    w_key(w, "schema");
    w_type(w, "object");
    w_close(w, '}');
    w_close(w, '}');
    w_close(w, '}');
    w_close(w, '}');
}

/* Writes the security schemes of `components`. */
static void gen_security_schemes(writer *w)
{
    w_key(w, "securitySchemes");
    w_open(w, '{');
    w_key(w, "bearerAuth");
    w_open(w, '{');
    KV_STR(w, "type", "http");
    KV_STR(w, "scheme", "bearer");
    w_close(w, '}');
    w_key(w, "apiKey");
    w_open(w, '{');
    KV_STR(w, "type", "apiKey");
    KV_STR(w, "in", "header");
    KV_STR(w, "name", "X-API-Key");
    w_close(w, '}');
    w_key(w, "oauth2");
    w_open(w, '{');
    KV_STR(w, "type", "oauth2");
    w_key(w, "flows");
    w_open(w, '{');
    w_key(w, "clientCredentials");
    w_open(w, '{');
    KV_STR(w, "tokenUrl", "https://auth.example.test/token");
    w_key(w, "scopes");
    w_open(w, '{');
    KV_STR(w, "read", "Read access.");
    KV_STR(w, "write", "Write access.");
    w_close(w, '}');
    w_close(w, '}');
    w_close(w, '}');
    w_close(w, '}');
    w_close(w, '}');
}

/* Writes a JSON response whose schema is `#/components/schemas/Model<m>`. */
static void gen_model_response(writer *w, const char *status, size_t m, const char *what)
{
    w_key(w, "%s", status);
    w_open(w, '{');
    KV_STR(w, "description", "%s", what);
    w_key(w, "content");
    w_open(w, '{');
    w_key(w, "application/json");
    w_open(w, '{');
    w_key(w, "schema");
    w_ref(w, "schemas", "Model%zu", m);
    w_close(w, '}');
    w_close(w, '}');
    w_close(w, '}');
}

/* Writes the common error responses of an operation, by reference. */
static void gen_error_responses(writer *w, size_t k, bool bad_request, bool not_found,
                                bool conflict)
{
    if (bad_request) {
        w_key(w, "400");
        w_ref(w, "responses", "BadRequest");
    }
    if (k % 6 == 0) {
        w_key(w, "401");
        w_ref(w, "responses", "Unauthorized");
    }
    if (not_found) {
        w_key(w, "404");
        w_ref(w, "responses", "NotFound");
    }
    if (conflict) {
        w_key(w, "409");
        w_ref(w, "responses", "Conflict");
    }
    if (k % 4 == 0) {
        w_key(w, "429");
        w_ref(w, "responses", "TooManyRequests");
    }
    w_key(w, "default");
    w_ref(w, "responses", "ServerError");
}

/* Writes an inline query parameter. */
static void gen_query_param(writer *w, const char *name, const char *type, bool array)
{
    w_open(w, '{');
    KV_STR(w, "name", "%s", name);
    KV_STR(w, "in", "query");
    w_key(w, "schema");
    w_open(w, '{');
    KV_STR(w, "type", "%s", array ? "array" : type);
    if (array) {
        w_key(w, "items");
        w_type(w, type);
    }
    w_close(w, '}');
    if (array) {
        KV_STR(w, "style", "form");
        KV_RAW(w, "explode", "false");
    }
    w_close(w, '}');
}

/* Writes the opening members every operation has. */
static void gen_op_head(writer *w, const char *method, const char *verb, const char *res, size_t k,
                        size_t seed)
{
    char text[512];
    w_key(w, "%s", method);
    w_open(w, '{');
    KV_STR(w, "operationId", "%s%s", verb, res);
    KV_STR(w, "summary", "%c%s %s %zu", verb[0] - 'a' + 'A', verb + 1, word(k), k);
    if (strcmp(method, "get") == 0) {
        sentence(text, sizeof text, seed, 4 + seed % 5);
        KV_STR(w, "description", "%s", text);
    }
    w_key(w, "tags");
    w_open(w, '[');
    w_str(w, "svc%zu", k % N_GROUPS);
    w_close(w, ']');
}

/* Writes a JSON request body whose schema is Model<m> (a form too, some). */
static void gen_body(writer *w, size_t m, bool form)
{
    w_key(w, "requestBody");
    w_open(w, '{');
    KV_RAW(w, "required", "true");
    w_key(w, "content");
    w_open(w, '{');
    w_key(w, "application/json");
    w_open(w, '{');
    w_key(w, "schema");
    w_ref(w, "schemas", "Model%zu", m);
    w_close(w, '}');
    if (form) {
        w_key(w, "application/x-www-form-urlencoded");
        w_open(w, '{');
        w_key(w, "schema");
        w_ref(w, "schemas", "Model%zu", m);
        w_close(w, '}');
    }
    w_close(w, '}');
    w_close(w, '}');
}

/* Writes the collection path of resource k: list (get) and create (post). */
static void gen_collection(writer *w, size_t k, const char *res)
{
    size_t m = k % N_MODELS;
    w_key(w, "/svc%zu/%ss%zu", k % N_GROUPS, word(k), k);
    w_open(w, '{');
    w_key(w, "parameters");
    w_open(w, '[');
    w_ref(w, "parameters", "RequestId");
    if (k % 2 == 0)
        w_ref(w, "parameters", "Tenant");
    w_close(w, ']');
    if (k % 50 == 0) {
        w_key(w, "servers");
        w_open(w, '[');
        w_open(w, '{');
        KV_STR(w, "url", "https://bulk.example.test/{version}");
        w_key(w, "variables");
        w_open(w, '{');
        w_key(w, "version");
        w_open(w, '{');
        KV_STR(w, "default", "v2");
        w_close(w, '}');
        w_close(w, '}');
        w_close(w, '}');
        w_close(w, ']');
    }

    gen_op_head(w, "get", "list", res, k, 5 * k);
    w_key(w, "parameters");
    w_open(w, '[');
    w_ref(w, "parameters", "PageSize");
    w_ref(w, "parameters", "PageToken");
    w_ref(w, "parameters", "Filter%zu", k % N_FILTERS);
    if (k % 2 == 0)
        gen_query_param(w, "sort", "string", false);
    else
        gen_query_param(w, "fields", "string", true);
    w_close(w, ']');
    w_key(w, "responses");
    w_open(w, '{');
    w_key(w, "200");
    w_open(w, '{');
    KV_STR(w, "description", "A page of %ss.", word(k));
    if (k % 2 == 0) {
        w_key(w, "headers");
        w_open(w, '{');
        w_key(w, "X-Total-Count");
        w_open(w, '{');
        w_key(w, "schema");
        w_type(w, "integer");
        w_close(w, '}');
        w_close(w, '}');
    }
    w_key(w, "content");
    w_open(w, '{');
    w_key(w, "application/json");
    w_open(w, '{');
    w_key(w, "schema");
    w_open(w, '{');
    KV_STR(w, "type", "object");
    w_key(w, "properties");
    w_open(w, '{');
    w_key(w, "items");
    w_open(w, '{');
    KV_STR(w, "type", "array");
    w_key(w, "items");
    w_ref(w, "schemas", "Model%zu", m);
    w_close(w, '}');
    w_key(w, "page");
    w_ref(w, "schemas", "PageInfo");
    w_close(w, '}');
    w_close(w, '}');
    w_close(w, '}');
    w_close(w, '}');
    w_close(w, '}');
    gen_error_responses(w, k, true, false, false);
    w_close(w, '}');
    if (k % 3 == 0) {
        w_key(w, "security");
        w_security(w, "oauth2", "read");
    }
    w_close(w, '}');

    gen_op_head(w, "post", "create", res, k, 5 * k + 1);
    gen_body(w, m, k % 5 == 0);
    w_key(w, "responses");
    w_open(w, '{');
    gen_model_response(w, "201", m, "Created.");
    gen_error_responses(w, k, true, false, true);
    w_close(w, '}');
    w_close(w, '}');

    w_close(w, '}');
}

/* Writes the item path of resource k: get, put or patch, and delete. */
static void gen_item(writer *w, size_t k, const char *res)
{
    size_t m = k % N_MODELS;
    w_key(w, "/svc%zu/%ss%zu/{%sId}", k % N_GROUPS, word(k), k, word(k));
    w_open(w, '{');
    w_key(w, "parameters");
    w_open(w, '[');
    w_open(w, '{');
    KV_STR(w, "name", "%sId", word(k));
    KV_STR(w, "in", "path");
    KV_RAW(w, "required", "true");
    w_key(w, "schema");
    w_type(w, "string");
    w_close(w, '}');
    w_ref(w, "parameters", "RequestId");
    w_close(w, ']');

    gen_op_head(w, "get", "get", res, k, 5 * k + 2);
    w_key(w, "parameters");
    w_open(w, '[');
    gen_query_param(w, "expand", "string", k % 2 == 0);
    if (k % 4 == 0) {
        /* Overrides the path-level X-Request-Id (same name and location). */
        w_open(w, '{');
        KV_STR(w, "name", "X-Request-Id");
        KV_STR(w, "in", "header");
        KV_RAW(w, "required", "true");
        w_key(w, "schema");
        w_open(w, '{');
        KV_STR(w, "type", "string");
        KV_STR(w, "format", "uuid");
        w_close(w, '}');
        w_close(w, '}');
    }
    w_close(w, ']');
    w_key(w, "responses");
    w_open(w, '{');
    gen_model_response(w, "200", m, "The resource.");
    gen_error_responses(w, k, true, true, false);
    w_close(w, '}');
    w_close(w, '}');

    if (k % 2 == 0) {
        gen_op_head(w, "put", "replace", res, k, 5 * k + 3);
        gen_body(w, m, false);
    } else {
        gen_op_head(w, "patch", "update", res, k, 5 * k + 3);
        w_key(w, "requestBody");
        w_ref(w, "requestBodies", "MergePatch");
    }
    w_key(w, "responses");
    w_open(w, '{');
    gen_model_response(w, "200", m, "The resource as stored.");
    gen_error_responses(w, k, true, true, k % 2 == 0);
    w_close(w, '}');
    w_close(w, '}');

    gen_op_head(w, "delete", "delete", res, k, 5 * k + 4);
    w_key(w, "responses");
    w_open(w, '{');
    w_key(w, "204");
    w_open(w, '{');
    KV_STR(w, "description", "Deleted.");
    w_close(w, '}');
    gen_error_responses(w, k, false, true, false);
    w_close(w, '}');
    if (k % 7 == 0) {
        w_key(w, "security");
        w_security(w, "oauth2", "write");
    }
    w_close(w, '}');

    w_close(w, '}');
}

/* Writes the whole description into w->out. */
static void generate(writer *w)
{
    char res[64];
    w_open(w, '{');
    KV_STR(w, "openapi", "3.1.0");
    w_key(w, "info");
    w_open(w, '{');
    KV_STR(w, "title", "Synthetic benchmark API");
    KV_STR(w, "version", "1.0.0");
    KV_STR(w, "description", "Generated by bench_openapi: %d operations on %d paths.", N_OPERATIONS,
           N_PATHS);
    w_key(w, "license");
    w_open(w, '{');
    KV_STR(w, "name", "Apache 2.0");
    KV_STR(w, "identifier", "Apache-2.0");
    w_close(w, '}');
    w_close(w, '}');

    w_key(w, "servers");
    w_open(w, '[');
    w_open(w, '{');
    KV_STR(w, "url", "https://{region}.api.example.test/{basePath}");
    w_key(w, "variables");
    w_open(w, '{');
    w_key(w, "region");
    w_open(w, '{');
    KV_STR(w, "default", "eu");
    w_key(w, "enum");
    w_open(w, '[');
    w_str(w, "eu");
    w_str(w, "us");
    w_str(w, "ap");
    w_close(w, ']');
    w_close(w, '}');
    w_key(w, "basePath");
    w_open(w, '{');
    KV_STR(w, "default", "v1");
    w_close(w, '}');
    w_close(w, '}');
    w_close(w, '}');
    w_open(w, '{');
    KV_STR(w, "url", "https://sandbox.example.test:{port}");
    w_key(w, "variables");
    w_open(w, '{');
    w_key(w, "port");
    w_open(w, '{');
    KV_STR(w, "default", "8080");
    w_close(w, '}');
    w_close(w, '}');
    w_close(w, '}');
    w_close(w, ']');

    w_key(w, "security");
    w_open(w, '[');
    w_open(w, '{');
    w_key(w, "bearerAuth");
    w_open(w, '[');
    w_close(w, ']');
    w_close(w, '}');
    w_open(w, '{');
    w_key(w, "apiKey");
    w_open(w, '[');
    w_close(w, ']');
    w_close(w, '}');
    w_close(w, ']');

    w_key(w, "tags");
    w_open(w, '[');
    for (size_t g = 0; g < N_GROUPS; g++) {
        w_open(w, '{');
        KV_STR(w, "name", "svc%zu", g);
        KV_STR(w, "description", "Service group %zu.", g);
        w_close(w, '}');
    }
    w_close(w, ']');

    w_key(w, "paths");
    w_open(w, '{');
    for (size_t k = 0; k < N_RESOURCES; k++) {
        resource_name(res, sizeof res, k);
        gen_collection(w, k, res);
        gen_item(w, k, res);
    }
    w_close(w, '}');

    w_key(w, "components");
    w_open(w, '{');
    gen_schemas(w);
    gen_parameters(w);
    gen_responses(w);
    gen_request_bodies(w);
    gen_security_schemes(w);
    w_close(w, '}');
    w_close(w, '}');
    bench_putc(&w->out, '\n');
}

/* ------------------------------------------------------------------------ */
/* Measuring                                                                 */
/* ------------------------------------------------------------------------ */

/* The figures of one load + index + release of the file. */
typedef struct run_result {
    double load_secs;  /* az_docset_load */
    double index_secs; /* az_oas_index_build + az_oas_index_report */
    double free_secs;  /* az_oas_index_free + az_docset_free */
    size_t operations;
    size_t errors, warnings;
    long hwm_kib;   /* VmHWM just before the release; 0 when not asked */
    long start_kib; /* VmRSS before loading; 0 when not asked */
} run_result;

/* Prints the first diagnostics of a run to stderr. */
static void show_diags(const az_diags *diags, size_t max)
{
    size_t n = az_diags_count(diags);
    for (size_t i = 0; i < n && i < max; i++)
        az_diag_render_text(az_diags_get(diags, i), stderr, NULL);
    if (n > max)
        fprintf(stderr, "... and %zu more diagnostics\n", n - max);
}

/*
 * Loads and indexes `path` once, as `arazzo operations` does, and releases
 * everything; fills `r`. `hwm` also reads the RSS high-water mark before
 * the release; `verbose` prints the diagnostics to stderr. Returns false
 * (with a message on stderr) when loading or indexing fails.
 */
static bool load_and_index(const char *path, bool hwm, bool verbose, run_result *r)
{
    bool ok = false;
    az_docset_opts opts;
    az_docset *set = NULL;
    az_oas_index *index = NULL;
    const az_source *src = NULL;
    az_diags *diags = az_diags_new();
    az_status st;

    memset(r, 0, sizeof *r);
    if (!diags)
        die("out of memory");
    az_docset_opts_init(&opts);
    opts.allow_network = false;

    double t0 = bench_now();
    set = az_docset_new(&opts);
    if (!set)
        die("out of memory");
    st = az_docset_load(set, path, NULL, NULL, diags, &src);
    double t1 = bench_now();
    if (st != AZ_OK) {
        fprintf(stderr, "bench_openapi: cannot load %s: %s\n", path, az_status_str(st));
        goto out;
    }
    st = az_oas_index_build(set, src, diags, &index);
    if (st == AZ_OK)
        az_oas_index_report(index, NULL, 0, diags);
    double t2 = bench_now();
    if (st != AZ_OK) {
        fprintf(stderr, "bench_openapi: cannot index %s: %s\n", path, az_status_str(st));
        goto out;
    }
    r->operations = az_oas_index_count(index);
    if (hwm)
        r->hwm_kib = bench_proc_status_kib("VmHWM");
    r->load_secs = t1 - t0;
    r->index_secs = t2 - t1;
    ok = true;
out:
    r->errors = az_diags_count_severity(diags, AZ_SEVERITY_ERROR);
    r->warnings = az_diags_count_severity(diags, AZ_SEVERITY_WARNING);
    if (verbose || !ok)
        show_diags(diags, 10);
    double t3 = bench_now();
    az_oas_index_free(index);
    az_docset_free(set);
    r->free_secs = bench_now() - t3;
    az_diags_free(diags);
    return ok;
}

/*
 * The `--once FILE` mode: one load + index + release, then one line on
 * stdout: "load_ms index_ms free_ms operations errors warnings vmhwm_kib
 * start_rss_kib"; the diagnostics, if any, go to stderr. Returns the exit
 * status: 0 when the index has N_OPERATIONS operations and no errors.
 */
static int run_once(const char *path)
{
    run_result r;
    long start_kib = bench_proc_status_kib("VmRSS");
    if (!load_and_index(path, true, true, &r))
        return 1;
    printf("%.3f %.3f %.3f %zu %zu %zu %ld %ld\n", r.load_secs * 1e3, r.index_secs * 1e3,
           r.free_secs * 1e3, r.operations, r.errors, r.warnings, r.hwm_kib, start_kib);
    return r.errors == 0 && r.operations == N_OPERATIONS ? 0 : 1;
}

/*
 * Runs this program again as `--once FILE` (a fresh exec, so none of the
 * generator's memory is resident in it) and stores what it measured in
 * `r`: the times of one cold run, its VmHWM and its RSS at start. Returns
 * false when the child cannot run, fails or has no VmHWM to give.
 */
static bool run_child(const char *self, const char *path, run_result *r)
{
    bool ok = false;
    int fds[2] = {-1, -1};
    pid_t pid = -1;
    FILE *in = NULL;
    char line[512];
    posix_spawn_file_actions_t fa;
    bool fa_ready = false;
    char *argv[] = {(char *)self, "--once", (char *)path, NULL};

    if (pipe(fds) != 0)
        goto out;
    if (posix_spawn_file_actions_init(&fa) != 0)
        goto out;
    fa_ready = true;
    posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    if (posix_spawn(&pid, self, &fa, NULL, argv, environ) != 0) {
        pid = -1;
        goto out;
    }
    close(fds[1]);
    fds[1] = -1;
    in = fdopen(fds[0], "r");
    if (!in)
        goto out;
    fds[0] = -1;
    double ms[3];
    if (fgets(line, sizeof line, in) &&
        sscanf(line, "%lf %lf %lf %zu %zu %zu %ld %ld", &ms[0], &ms[1], &ms[2], &r->operations,
               &r->errors, &r->warnings, &r->hwm_kib, &r->start_kib) == 8) {
        r->load_secs = ms[0] / 1e3;
        r->index_secs = ms[1] / 1e3;
        r->free_secs = ms[2] / 1e3;
        ok = r->hwm_kib > 0;
    }
out:
    if (in)
        fclose(in);
    if (fds[0] >= 0)
        close(fds[0]);
    if (fds[1] >= 0)
        close(fds[1]);
    if (pid > 0) {
        int status;
        if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
            ok = false;
    }
    if (fa_ready)
        posix_spawn_file_actions_destroy(&fa);
    return ok;
}

/* ------------------------------------------------------------------------ */
/* The program                                                               */
/* ------------------------------------------------------------------------ */

typedef struct options {
    int runs;
    const char *write_path; /* --write: write the description and exit */
    const char *once_path;  /* --once: one measured load of this file */
    bool keep;              /* keep the temporary file */
} options;

/* Prints the usage text. */
static void usage(FILE *out)
{
    fprintf(out,
            "usage: bench_openapi [--runs N] [--keep]\n"
            "       bench_openapi --write FILE\n"
            "       bench_openapi --once FILE\n"
            "  --runs N      best of N timed load + index runs (default %d)\n"
            "  --keep        keep the generated file (default: removed at exit)\n"
            "  --write FILE  write the generated description to FILE and exit\n"
            "  --once FILE   load and index FILE once and print one line: load, index\n"
            "                and free ms, operations, errors, warnings, VmHWM and\n"
            "                starting VmRSS in KiB (what compare-openapi.sh times)\n",
            DEFAULT_RUNS);
}

/* Parses the command line into `opts`; exits on a bad argument. */
static void parse_args(int argc, char **argv, options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->runs = DEFAULT_RUNS;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--runs") == 0 && i + 1 < argc) {
            opts->runs = (int)bench_parse_count("bench_openapi", a, argv[++i], 1000);
        } else if (strcmp(a, "--write") == 0 && i + 1 < argc) {
            opts->write_path = argv[++i];
        } else if (strcmp(a, "--once") == 0 && i + 1 < argc) {
            opts->once_path = argv[++i];
        } else if (strcmp(a, "--keep") == 0) {
            opts->keep = true;
        } else {
            bench_usage_exit(a, usage);
        }
    }
}

/* Generates the description, times loading and indexing it, prints the figures. */
int main(int argc, char **argv)
{
    options opts;
    parse_args(argc, argv, &opts);
    if (opts.once_path)
        return run_once(opts.once_path);

    writer w;
    memset(&w, 0, sizeof w);
    double t0 = bench_now();
    generate(&w);
    double gen_secs = bench_now() - t0;
    size_t size = w.out.len;

    if (opts.write_path) {
        bench_write_file("bench_openapi", opts.write_path, w.out.data, w.out.len);
        printf("wrote %s (%zu bytes, %d operations on %d paths)\n", opts.write_path, w.out.len,
               N_OPERATIONS, N_PATHS);
        free(w.out.data);
        return 0;
    }

    const char *tmpdir = getenv("TMPDIR");
    char dir[4096], path[4200];
    snprintf(dir, sizeof dir, "%s/bench-openapi-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    if (!mkdtemp(dir))
        die("cannot create a folder in %s: %s", tmpdir && *tmpdir ? tmpdir : "/tmp",
            strerror(errno));
    snprintf(path, sizeof path, "%s/bench-openapi.json", dir);
    bench_write_file("bench_openapi", path, w.out.data, w.out.len);
    free(w.out.data);

    printf("arazzo OpenAPI load + index benchmark (arazzo %s, json-c %s)\n", az_version(),
           json_c_version());
    printf("document: OpenAPI 3.1, %d operations on %d paths, %d component schemas; "
           "%zu bytes (%.2f MB) of JSON, generated in %.0f ms\n",
           N_OPERATIONS, N_PATHS, 3 + N_BASES + N_NODES + N_MODELS, size,
           (double)size / BYTES_PER_MB, gen_secs * 1e3);
    printf("file: %s%s\n", path, opts.keep ? "" : " (removed at exit)");
    printf("best of %d runs; MB = 10^6 bytes; load + index is az_docset_load, "
           "az_oas_index_build\nand az_oas_index_report (what `arazzo operations` does); "
           "(free) is az_oas_index_free\nand az_docset_free, timed on their own\n\n",
           opts.runs);

    int status = 0;
    run_result best, r;
    double best_total = -1.0;
    size_t wrong_runs = 0;
    memset(&best, 0, sizeof best);
    for (int i = 0; i < opts.runs; i++) {
        if (!load_and_index(path, false, i == 0, &r)) {
            status = 1;
            goto out;
        }
        if (r.operations != N_OPERATIONS || r.errors > 0)
            wrong_runs++;
        double total = r.load_secs + r.index_secs;
        if (best_total < 0 || total < best_total) {
            best_total = total;
            best = r;
        }
    }

    printf("%-24s %9s %8s\n", "step", "ms", "MB/s");
    printf("%-24s %9.1f %8.1f\n", "load (az_docset_load)", best.load_secs * 1e3,
           (double)size / BYTES_PER_MB / best.load_secs);
    printf("%-24s %9.1f\n", "index + report", best.index_secs * 1e3);
    printf("%-24s %9.1f %8.1f\n", "load + index + report", best_total * 1e3,
           (double)size / BYTES_PER_MB / best_total);
    printf("%-24s %9.1f\n", "(free)", best.free_secs * 1e3);
    printf("\noperations indexed: %zu (expected %d)\n", best.operations, N_OPERATIONS);
    printf("diagnostics: %zu errors, %zu warnings\n", best.errors, best.warnings);
    if (wrong_runs > 0) {
        fprintf(stderr,
                "bench_openapi: the index is wrong in %zu of %d runs (%d operations and no "
                "errors expected)\n",
                wrong_runs, opts.runs, N_OPERATIONS);
        status = 1;
    }

    run_result cold;
    memset(&cold, 0, sizeof cold);
    if (run_child("/proc/self/exe", path, &cold) || run_child(argv[0], path, &cold)) {
        printf("\none cold run in a fresh process (bench_openapi --once): load %.1f ms, "
               "index + report\n%.1f ms, together %.1f ms, free %.1f ms\n",
               cold.load_secs * 1e3, cold.index_secs * 1e3,
               (cold.load_secs + cold.index_secs) * 1e3, cold.free_secs * 1e3);
        printf("peak RSS: %.1f MB (VmHWM of that process; %.1f MB were resident when it "
               "started)\n",
               (double)cold.hwm_kib * 1024.0 / BYTES_PER_MB,
               (double)cold.start_kib * 1024.0 / BYTES_PER_MB);
    } else {
        printf("\npeak RSS: not measured (no /proc/self/status, or the child failed)\n");
    }

out:
    if (!opts.keep) {
        remove(path);
        rmdir(dir);
    }
    return status;
}
