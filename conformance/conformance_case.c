/* SPDX-License-Identifier: Apache-2.0 */
/*
 * conformance_case.c - loading a conformance case: case.yaml read with the
 * project's loader (so every problem has a file:line:col), its shape
 * checked key by key against the format of conformance/README.md, and its
 * `document` resolved against the case folder.
 */
#define _DEFAULT_SOURCE /* realpath */
#include <arazzo/conformance.h>

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The state of one check: the document and where problems go. */
typedef struct checker {
    const az_doc *doc;
    az_diags *diags;
    size_t errors;
} checker;

/* Reports a problem at the value of member `key` of `parent`, or at
 * `parent` itself when `key` is NULL, absent or null. */
static void problem(checker *k, const char *code, json_object *parent, const char *key,
                    const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
static void problem(checker *k, const char *code, json_object *parent, const char *key,
                    const char *fmt, ...)
{
    va_list ap;
    az_pos pos = {0};
    json_object *node = NULL;
    k->errors++;
    if (key && json_object_object_get_ex(parent, key, &node) && node &&
        az_doc_node_pos(k->doc, node, &pos)) {
        char msg[1024];
        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        az_doc_diag(k->doc, k->diags, AZ_SEVERITY_ERROR, code, &pos, "%s", msg);
        return;
    }
    va_start(ap, fmt);
    az_doc_node_diagv(k->doc, k->diags, AZ_SEVERITY_ERROR, code, parent, fmt, ap);
    va_end(ap);
}

/* Reports the keys of `obj` that are not in the NULL-terminated `allowed`. */
static void check_keys(checker *k, json_object *obj, const char *what, const char *const *allowed)
{
    json_object_object_foreach(obj, key, value)
    {
        bool known = false;
        for (const char *const *a = allowed; *a && !known; a++)
            known = strcmp(*a, key) == 0;
        if (known)
            continue;
        az_pos pos = {0};
        if (value && az_doc_key_pos(k->doc, value, &pos)) {
            k->errors++;
            az_doc_diag(k->doc, k->diags, AZ_SEVERITY_ERROR, "case-unknown-key", &pos,
                        "unknown key '%s' in %s", key, what);
        } else {
            problem(k, "case-unknown-key", obj, NULL, "unknown key '%s' in %s", key, what);
        }
    }
}

/* The JSON type name used in messages. */
static const char *type_name(json_object *v)
{
    switch (json_object_get_type(v)) {
    case json_type_null: return "null";
    case json_type_boolean: return "a boolean";
    case json_type_int:
    case json_type_double: return "a number";
    case json_type_string: return "a string";
    case json_type_array: return "an array";
    case json_type_object: return "a mapping";
    }
    return "?";
}

/*
 * Member `key` of `obj` when it has type `type` (json_type_null: any);
 * NULL when absent. A member of another type is reported ("'key' must be a
 * string, not a number") and NULL returned.
 */
static json_object *member(checker *k, json_object *obj, const char *key, json_type type,
                           const char *type_text)
{
    json_object *v = NULL;
    if (!json_object_object_get_ex(obj, key, &v))
        return NULL;
    if (type == json_type_null)
        return v;
    bool ok = json_object_is_type(v, type) ||
              (type == json_type_double && json_object_is_type(v, json_type_int));
    if (!ok) {
        problem(k, "case-type", obj, key, "'%s' must be %s, not %s", key, type_text, type_name(v));
        return NULL;
    }
    return v;
}

/* A string member that must be one of the NULL-terminated `choices`. */
static const char *choice(checker *k, json_object *obj, const char *key, const char *const *choices,
                          const char *list)
{
    json_object *v = member(k, obj, key, json_type_string, "a string");
    if (!v)
        return NULL;
    for (const char *const *c = choices; *c; c++)
        if (strcmp(*c, json_object_get_string(v)) == 0)
            return *c;
    problem(k, "case-type", obj, key, "'%s' must be %s, not '%s'", key, list,
            json_object_get_string(v));
    return NULL;
}

/* Checks that every element of an array member is a string. */
static void check_strings(checker *k, json_object *arr, const char *what)
{
    for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
        json_object *v = json_object_array_get_idx(arr, i);
        if (!json_object_is_type(v, json_type_string)) {
            k->errors++;
            az_doc_node_diag(k->doc, k->diags, AZ_SEVERITY_ERROR, "case-type", v,
                             "each item of '%s' must be a string, not %s", what, type_name(v));
        }
    }
}

/* Checks that every member of an object member is a scalar (string,
 * number, boolean): query parameters and headers. */
static void check_scalars(checker *k, json_object *obj, const char *what)
{
    json_object_object_foreach(obj, key, value)
    {
        if (json_object_is_type(value, json_type_object) ||
            (json_object_is_type(value, json_type_array) && strcmp(what, "query") != 0) || !value)
            problem(k, "case-type", obj, key, "%s '%s' must be a string, not %s", what, key,
                    type_name(value));
    }
}

/* Checks one exchange {request, response}. */
static void check_exchange(checker *k, json_object *ex)
{
    static const char *const ex_keys[] = {"request", "response", "note", NULL};
    static const char *const req_keys[] = {"method", "path", "query", "headers", "body", NULL};
    static const char *const resp_keys[] = {"status", "headers", "body", "delay_ms", "drop", NULL};
    if (!json_object_is_type(ex, json_type_object)) {
        k->errors++;
        az_doc_node_diag(k->doc, k->diags, AZ_SEVERITY_ERROR, "case-type", ex,
                         "an exchange must be a mapping with request and response, not %s",
                         type_name(ex));
        return;
    }
    check_keys(k, ex, "an exchange", ex_keys);
    member(k, ex, "note", json_type_string, "a string");
    json_object *req = member(k, ex, "request", json_type_object, "a mapping");
    json_object *resp = member(k, ex, "response", json_type_object, "a mapping");
    if (req) {
        check_keys(k, req, "a request matcher", req_keys);
        member(k, req, "method", json_type_string, "a string");
        json_object *path = member(k, req, "path", json_type_string, "a string");
        if (path && strchr(json_object_get_string(path), '?'))
            problem(k, "case-type", req, "path",
                    "'path' is matched without the query: list parameters under 'query'");
        json_object *q = member(k, req, "query", json_type_object, "a mapping");
        json_object *h = member(k, req, "headers", json_type_object, "a mapping");
        if (q)
            check_scalars(k, q, "query");
        if (h)
            check_scalars(k, h, "header");
    }
    if (resp) {
        check_keys(k, resp, "a response", resp_keys);
        json_object *st = member(k, resp, "status", json_type_int, "a whole number");
        if (st && (json_object_get_int(st) < 100 || json_object_get_int(st) > 599))
            problem(k, "case-type", resp, "status", "'status' must be from 100 to 599, not %d",
                    json_object_get_int(st));
        json_object *h = member(k, resp, "headers", json_type_object, "a mapping");
        if (h)
            check_scalars(k, h, "header");
        json_object *d = member(k, resp, "delay_ms", json_type_int, "a whole number");
        if (d && json_object_get_int64(d) < 0)
            problem(k, "case-type", resp, "delay_ms", "'delay_ms' must not be negative");
        member(k, resp, "drop", json_type_boolean, "a boolean");
    }
}

/* Checks `expect` and stores it in the case. */
static void check_expect(checker *k, json_object *expect, az_case *c)
{
    static const char *const keys[] = {"exit",     "status",      "outputs", "steps",
                                       "requests", "diagnostics", NULL};
    static const char *const statuses[] = {"succeeded", "failed", "aborted", NULL};
    static const char *const requests[] = {"exact", "prefix", NULL};
    static const char *const diag_keys[] = {"code", "line", "column", NULL};
    check_keys(k, expect, "expect", keys);
    json_object *exit = member(k, expect, "exit", json_type_int, "a whole number");
    if (exit && (json_object_get_int(exit) < 0 || json_object_get_int(exit) > 255))
        problem(k, "case-type", expect, "exit", "'exit' must be from 0 to 255");
    else if (exit)
        c->exit = json_object_get_int(exit);
    c->status = choice(k, expect, "status", statuses, "succeeded, failed or aborted");
    c->outputs = member(k, expect, "outputs", json_type_object, "a mapping");
    c->steps = member(k, expect, "steps", json_type_array, "an array of stepIds");
    check_strings(k, c->steps, "steps");
    const char *r = choice(k, expect, "requests", requests, "exact or prefix");
    c->requests_prefix = r && strcmp(r, "prefix") == 0;
    c->diagnostics = member(k, expect, "diagnostics", json_type_array, "an array");
    for (size_t i = 0; c->diagnostics && i < json_object_array_length(c->diagnostics); i++) {
        json_object *d = json_object_array_get_idx(c->diagnostics, i);
        if (!json_object_is_type(d, json_type_object)) {
            k->errors++;
            az_doc_node_diag(k->doc, k->diags, AZ_SEVERITY_ERROR, "case-type", d,
                             "a diagnostic must be a mapping {code, line, column}, not %s",
                             type_name(d));
            continue;
        }
        check_keys(k, d, "a diagnostic", diag_keys);
        if (!member(k, d, "code", json_type_string, "a string"))
            if (!json_object_object_get_ex(d, "code", NULL))
                problem(k, "case-missing", d, NULL, "a diagnostic needs its 'code'");
        member(k, d, "line", json_type_int, "a whole number");
        member(k, d, "column", json_type_int, "a whole number");
    }
}

/* Concatenates three strings (new string). */
static char *join_raw(const char *a, const char *b, const char *c)
{
    size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s%s%s", a, b, c);
    return s;
}

/* Joins a folder and a relative path (new string; `rel` when absolute). */
static char *join(const char *dir, const char *rel)
{
    if (rel[0] == '/')
        return strdup(rel);
    size_t n = strlen(dir) + strlen(rel) + 2;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s/%s", dir, rel);
    return s;
}

/* Finds the case folder (absolute) and file (as `path` names it, for
 * messages) for `path`, a folder or its case.yaml. */
static az_status locate(const char *path, char **dir, char **file)
{
    struct stat st;
    char *real = realpath(path, NULL);
    if (!real || stat(real, &st) != 0) {
        free(real);
        return AZ_ERR_IO;
    }
    if (S_ISDIR(st.st_mode)) {
        *dir = real;
        size_t n = strlen(path);
        *file = n && path[n - 1] == '/' ? join_raw(path, "", AZ_CASE_FILE)
                                        : join_raw(path, "/", AZ_CASE_FILE);
    } else {
        *file = strdup(path);
        char *slash = strrchr(real, '/');
        *dir = slash == real ? strdup("/") : strndup(real, (size_t)(slash - real));
        free(real);
    }
    return *dir && *file ? AZ_OK : AZ_ERR_NOMEM;
}

/* Loads and checks a case (see arazzo/conformance.h). */
az_status az_case_load(const char *path, az_diags *diags, az_case **out)
{
    static const char *const keys[] = {"title",  "checklist", "document",  "workflow",
                                       "inputs", "servers",   "exchanges", "order",
                                       "expect", "skip",      "notes",     NULL};
    static const char *const orders[] = {"sequence", "match", NULL};
    az_status st = AZ_ERR_NOMEM;
    az_case *c = calloc(1, sizeof(*c));
    *out = NULL;
    if (!c)
        return AZ_ERR_NOMEM;
    c->exit = -1;
    c->in_order = true;
    if ((st = locate(path, &c->dir, &c->file)) != AZ_OK) {
        if (st == AZ_ERR_IO)
            az_diags_add(diags, AZ_SEVERITY_ERROR, "case-unreadable", NULL, "cannot read %s: %s",
                         path, strerror(errno));
        goto fail;
    }
    const char *base = strrchr(c->dir, '/');
    if (!(c->name = strdup(base && base[1] ? base + 1 : c->dir)))
        goto fail;
    if ((st = az_doc_load_file(c->file, NULL, diags, &c->doc)) != AZ_OK)
        goto fail;
    json_object *root = az_doc_root(c->doc);
    checker k = {c->doc, diags, 0};
    if (!json_object_is_type(root, json_type_object)) {
        k.errors++;
        az_doc_node_diag(c->doc, diags, AZ_SEVERITY_ERROR, "case-type", root,
                         "a case must be a mapping, not %s", type_name(root));
        st = AZ_ERR_INVALID;
        goto fail;
    }
    check_keys(&k, root, "the case", keys);
    json_object *v;
    if ((v = member(&k, root, "title", json_type_string, "a string")))
        c->title = json_object_get_string(v);
    if ((v = member(&k, root, "skip", json_type_string, "a string (the reason)")))
        c->skip = json_object_get_string(v);
    member(&k, root, "notes", json_type_string, "a string");
    if ((v = member(&k, root, "workflow", json_type_string, "a string")))
        c->workflow = json_object_get_string(v);
    c->checklist = member(&k, root, "checklist", json_type_array, "an array of rule IDs");
    check_strings(&k, c->checklist, "checklist");
    c->inputs = member(&k, root, "inputs", json_type_object, "a mapping");
    c->servers = member(&k, root, "servers", json_type_object, "a mapping");
    if (c->servers) {
        json_object_object_foreach(c->servers, name, base_path)
        {
            if (!json_object_is_type(base_path, json_type_string))
                problem(&k, "case-type", c->servers, name,
                        "the base path of source '%s' must be a string, not %s", name,
                        type_name(base_path));
        }
    }
    const char *order = choice(&k, root, "order", orders, "sequence or match");
    c->in_order = !order || strcmp(order, "sequence") == 0;
    c->exchanges = member(&k, root, "exchanges", json_type_array, "an array");
    for (size_t i = 0; c->exchanges && i < json_object_array_length(c->exchanges); i++)
        check_exchange(&k, json_object_array_get_idx(c->exchanges, i));
    json_object *expect = member(&k, root, "expect", json_type_object, "a mapping");
    if (expect)
        check_expect(&k, expect, c);
    json_object *doc = member(&k, root, "document", json_type_string, "a string");
    if (!doc && !json_object_object_get_ex(root, "document", NULL)) {
        k.errors++;
        az_doc_node_diag(c->doc, diags, AZ_SEVERITY_ERROR, "case-missing", root,
                         "the case has no 'document' (the entry Arazzo document, relative to "
                         "the case folder)");
    } else if (doc) {
        if (!(c->document = join(c->dir, json_object_get_string(doc))))
            goto fail;
        if (access(c->document, R_OK) != 0)
            problem(&k, "case-document", root, "document", "cannot read document '%s': %s",
                    json_object_get_string(doc), strerror(errno));
    }
    if (k.errors) {
        st = AZ_ERR_INVALID;
        goto fail;
    }
    *out = c;
    return AZ_OK;
fail:
    az_case_free(c);
    return st;
}

/* Frees a case. */
void az_case_free(az_case *c)
{
    if (!c)
        return;
    az_doc_free(c->doc);
    free(c->dir);
    free(c->name);
    free(c->file);
    free(c->document);
    free(c);
}
