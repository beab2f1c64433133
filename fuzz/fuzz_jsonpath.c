/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_jsonpath.c - the libFuzzer target of the JSONPath engine (RFC 9535,
 * checklist CRIT-30..34). The input is split at its first line feed: the
 * bytes before it (up to a NUL) are the query, the bytes after it a JSON
 * document loaded with az_doc_load_buffer; when there is no line feed or the
 * document does not load, a fixed document is used. The query is compiled
 * (az_jsonpath_compile), evaluated (az_jsonpath_eval and
 * az_jsonpath_eval_paths) and also checked as an I-Regexp
 * (az_iregexp_valid). The diagnostics are rendered as text to /dev/null.
 *
 * Besides the sanitizers' findings, the target aborts on a broken contract
 * of expr.h: a status and an output that disagree; an AZ_ERR_SYNTAX
 * without exactly one error diagnostic, or with one that is not on line 1
 * at a column within the query's code-point length + 1; an evaluation whose
 * result is not an array; az_jsonpath_eval and az_jsonpath_eval_paths
 * disagreeing (other nodes, or a path list of another length or with a
 * path that is not a string starting with '$'); a singular query selecting
 * more than one node. Setting FUZZ_JSONPATH_NO_CONTRACTS=1 in the
 * environment turns these checks off.
 */
#include <arazzo/core.h>
#include <arazzo/expr.h>

#include <json-c/json.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The document used when the input carries none (RFC 9535's examples). */
static const char fixed_json[] =
    "{\"store\": {\"book\": ["
    "{\"category\": \"reference\", \"author\": \"Nigel Rees\", \"title\": \"Sayings of the "
    "Century\", \"price\": 8.95},"
    "{\"category\": \"fiction\", \"author\": \"Evelyn Waugh\", \"title\": \"Sword of Honour\","
    " \"price\": 12.99},"
    "{\"category\": \"fiction\", \"author\": \"Herman Melville\", \"title\": \"Moby Dick\","
    " \"isbn\": \"0-553-21311-3\", \"price\": 8.99},"
    "{\"category\": \"fiction\", \"author\": \"J. R. R. Tolkien\", \"title\": \"The Lord of the "
    "Rings\", \"isbn\": \"0-395-19395-8\", \"price\": 22.99}],"
    " \"bicycle\": {\"color\": \"red\", \"price\": 399}},"
    " \"a\": [3, 5, 1, 2, 4, 6, {\"b\": \"j\"}, {\"b\": \"k\"}, {\"b\": {}}, {\"b\": \"kilo\"}],"
    " \"o\": {\"p\": 1, \"q\": 2, \"r\": [5, 3], \"u\": {\"v\": null}}, \"n\": null,"
    " \"t\": true, \"f\": false, \"e\": [], \"\\u00e9\": \"\\u00e9t\\u00e9\", \"x'y\": 1}";

/* What one input needs: its query, the sink and the contract switch. */
typedef struct fuzz_ctx {
    const char *query;
    size_t len;
    FILE *sink;     /* /dev/null, or NULL when it could not be opened */
    bool contracts; /* abort when a contract of expr.h is broken */
} fuzz_ctx;

/* Reports a broken contract with the query and aborts (if checked). */
static void broken(const fuzz_ctx *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void broken(const fuzz_ctx *c, const char *fmt, ...)
{
    va_list ap;
    if (!c->contracts)
        return;
    va_start(ap, fmt);
    fuzz_vabort("fuzz_jsonpath", c->query, fmt, ap);
}

/* Checks and renders the diagnostics of a query that does not compile. */
static void check_syntax_error(const fuzz_ctx *c, const az_diags *diags)
{
    size_t errors = az_diags_count_severity(diags, AZ_SEVERITY_ERROR);
    if (errors != 1)
        broken(c, "AZ_ERR_SYNTAX with %zu error diagnostics", errors);
    size_t cps = fuzz_code_points(c->query, c->len);
    for (size_t i = 0; i < az_diags_count(diags); i++) {
        const az_diag *d = az_diags_get(diags, i);
        if (!d->code || !d->message)
            broken(c, "a diagnostic without a code or message");
        else if (strcmp(d->code, "jsonpath-syntax") != 0 && strcmp(d->code, "jsonpath-type") != 0)
            broken(c, "unexpected diagnostic code [%s]", d->code);
        if (d->line != 1 || d->column == 0 || d->column > cps + 1)
            broken(c, "[%s] at %u:%u in a %zu-code-point query", d->code ? d->code : "?", d->line,
                   d->column, cps);
    }
    fuzz_render(c->sink, diags);
}

/* Evaluates a compiled query both ways and compares the results. */
static void evaluate(const fuzz_ctx *c, const az_jsonpath *path, json_object *root)
{
    json_object *out = NULL, *out2 = NULL, *paths = NULL;
    az_status st = az_jsonpath_eval(path, root, &out);
    if ((st == AZ_OK) != (out != NULL))
        broken(c, "az_jsonpath_eval gave %s with %s result", az_status_name(st), out ? "a" : "no");
    if (st != AZ_OK && st != AZ_ERR_LIMIT && st != AZ_ERR_NOMEM)
        broken(c, "az_jsonpath_eval gave %s", az_status_name(st));
    if (out && !json_object_is_type(out, json_type_array))
        broken(c, "the result is a %s, not an array", json_type_to_name(json_object_get_type(out)));
    size_t n = out && json_object_is_type(out, json_type_array) ? json_object_array_length(out) : 0;
    if (out && az_jsonpath_is_singular(path) && n > 1)
        broken(c, "a singular query selected %zu nodes", n);

    az_status st2 = az_jsonpath_eval_paths(path, root, &out2, &paths);
    if (st2 != st && st != AZ_ERR_NOMEM && st2 != AZ_ERR_NOMEM)
        broken(c, "az_jsonpath_eval gave %s, az_jsonpath_eval_paths %s", az_status_name(st),
               az_status_name(st2));
    if (st2 == AZ_OK && out) {
        if (!out2 || !paths || !json_object_is_type(out2, json_type_array) ||
            !json_object_is_type(paths, json_type_array)) {
            broken(c, "az_jsonpath_eval_paths gave no arrays");
        } else if (json_object_array_length(out2) != n || json_object_array_length(paths) != n) {
            broken(c, "%zu nodes, then %zu nodes and %zu paths", n, json_object_array_length(out2),
                   json_object_array_length(paths));
        } else {
            for (size_t i = 0; i < n; i++) {
                if (json_object_array_get_idx(out, i) != json_object_array_get_idx(out2, i))
                    broken(c, "node %zu differs between the two evaluations", i);
                const char *p = json_object_get_string(json_object_array_get_idx(paths, i));
                if (!json_object_is_type(json_object_array_get_idx(paths, i), json_type_string) ||
                    !p || p[0] != '$')
                    broken(c, "path %zu is not a normalized path", i);
            }
        }
    }
    json_object_put(out);
    json_object_put(out2);
    json_object_put(paths);
}

/* The fuzzer's entry point: "QUERY\nDOCUMENT". */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *off = getenv("FUZZ_JSONPATH_NO_CONTRACTS");
    const uint8_t *lf = memchr(data, '\n', size);
    size_t qlen = lf ? (size_t)(lf - data) : size;
    const uint8_t *nul = memchr(data, 0, qlen);
    if (nul)
        qlen = (size_t)(nul - data);
    char *query = malloc(qlen + 1);
    az_diags *diags = az_diags_new();
    az_doc *doc = NULL;
    json_object *fixed = NULL;
    if (!query || !diags)
        goto out;
    memcpy(query, data, qlen);
    query[qlen] = '\0';

    fuzz_ctx c = {query, qlen, fopen("/dev/null", "w"), !(off && *off && strcmp(off, "0") != 0)};

    /* The document: the rest of the input as JSON, else the fixed one. */
    json_object *root = NULL;
    if (lf) {
        az_load_opts opts;
        az_load_opts_init(&opts);
        opts.format = AZ_FORMAT_JSON;
        const char *rest = (const char *)lf + 1;
        size_t rest_len = size - (size_t)(rest - (const char *)data);
        if (az_doc_load_buffer("fuzz.json", rest, rest_len, &opts, NULL, &doc) == AZ_OK)
            root = az_doc_root(doc);
    }
    if (!doc) {
        fixed = json_tokener_parse(fixed_json);
        root = fixed;
    }

    az_jsonpath *path = NULL;
    az_status st = az_jsonpath_compile(query, diags, &path);
    if ((st == AZ_OK) != (path != NULL))
        broken(&c, "status %s with %s query", az_status_name(st), path ? "a" : "no");
    if (st != AZ_OK && st != AZ_ERR_SYNTAX && st != AZ_ERR_NOMEM)
        broken(&c, "az_jsonpath_compile gave %s", az_status_name(st));
    if (st == AZ_ERR_SYNTAX)
        check_syntax_error(&c, diags);
    if (path) {
        evaluate(&c, path, root);
        if (doc && fixed == NULL) {
            /* The same query over a null document must work too. */
            json_object *none = NULL;
            if (az_jsonpath_eval(path, NULL, &none) == AZ_OK &&
                !json_object_is_type(none, json_type_array))
                broken(&c, "the result over null is not an array");
            json_object_put(none);
        }
    }
    az_jsonpath_free(path);
    (void)az_iregexp_valid(query, qlen);
    if (c.sink)
        fclose(c.sink);
out:
    az_doc_free(doc);
    json_object_put(fixed);
    az_diags_free(diags);
    free(query);
    return 0;
}
