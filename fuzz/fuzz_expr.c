/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_expr.c - the libFuzzer target of the runtime-expression compiler
 * (Arazzo 1.0.1 section 4.8, checklist section 3). The input, up to its
 * first NUL byte, is compiled through the public API of expr.h as a runtime
 * expression three ways (default, strict and prefix options), as a `{$...}`
 * template (default and strict), and classified by az_expr_is_expression.
 * Every compiled expression is evaluated against a small fixed context
 * (az_expr_context_from_json), its canonical spelling is compiled again,
 * every template is rendered, and the input also goes through
 * az_expr_eval_tree (as a string leaf) and az_pointer_from_fragment. The
 * diagnostics are rendered as text to /dev/null, plain and in colour.
 *
 * Besides the sanitizers' findings, the target aborts on a broken contract
 * of expr.h: a status and an output that disagree; an AZ_ERR_SYNTAX without
 * exactly one error diagnostic, or with one placed outside the text (an
 * expression's on line 1 unless it holds a line feed, a template's on one
 * of its lines, and a column at most the code-point length of that line +
 * 1); a prefix expression longer
 * than the text; a canonical spelling that does not compile back to itself;
 * strict mode accepting what the default rejects; a disagreement between
 * az_expr_is_expression and the compiler. Setting
 * FUZZ_EXPR_NO_CONTRACTS=1 in the environment turns these checks off.
 */
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

/* The fixed context every expression is evaluated against. */
static const char context_json[] =
    "{\"url\": \"https://api.example.com/pets/1?x=1\", \"method\": \"GET\", \"statusCode\": 200,"
    " \"request\": {\"header\": {\"X-Api-Key\": \"k1\"}, \"query\": {\"limit\": \"10\"},"
    "  \"path\": {\"id\": \"1\"}, \"body\": {\"name\": \"rex\", \"a\": {\"b\": [1, 2]}}},"
    " \"response\": {\"header\": {\"Content-Type\": \"application/json\","
    "  \"Set-Cookie\": [\"a=1\", \"b=2\"]},"
    "  \"body\": {\"data\": [{\"id\": 7, \"tags\": null}], \"a\": {\"b\": [\"x\", {\"c\": 1}]},"
    "   \"a/b\": 1, \"m~n\": 2, \"nul\": null, \"\": 0}},"
    " \"inputs\": {\"id\": 5, \"customer\": {\"firstName\": \"Ada\"}, \"a\": {\"b\": {\"c\": 1}},"
    "  \"a.b\": {\"c\": 2}, \"n\": 3.5, \"flag\": true, \"s\": \"text {$inputs.id}\"},"
    " \"outputs\": {\"result\": [1, 2]},"
    " \"steps\": {\"getPet\": {\"outputs\": {\"pets\": [{\"id\": 1}], \"page.size\": 20}}},"
    " \"workflows\": {\"wf1\": {\"inputs\": {\"user\": \"u\"}, \"outputs\": {\"name\": \"N\"}}},"
    " \"sourceDescriptions\": {\"petstore\": {\"getPet\": {\"operationId\": \"getPet\"}}},"
    " \"components\": {\"parameters\": {\"page.size\": {\"name\": \"size\"}}}}";

/* What one input needs: its text, the evaluation context and the sink. */
typedef struct fuzz_ctx {
    const char *text;
    size_t len;
    az_expr_context ctx;
    FILE *sink;     /* /dev/null, or NULL when it could not be opened */
    bool contracts; /* abort when a contract of expr.h is broken */
} fuzz_ctx;

/* Reports a broken contract with the input and aborts (if checked). */
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
    fuzz_vabort("fuzz_expr", c->text, fmt, ap);
}

/*
 * Checks the diagnostics of a failed compilation: exactly one error, on
 * line 1 for an expression (`one_line`) or on a line of the text for a
 * template, at a column inside that line or just past its end.
 */
static void check_syntax_error(const fuzz_ctx *c, const az_diags *diags, const char *what,
                               bool one_line)
{
    size_t errors = az_diags_count_severity(diags, AZ_SEVERITY_ERROR);
    if (errors != 1) {
        broken(c, "%s: AZ_ERR_SYNTAX with %zu error diagnostics", what, errors);
        return;
    }
    for (size_t i = 0; i < az_diags_count(diags); i++) {
        const az_diag *d = az_diags_get(diags, i);
        if (!d->code || !d->message)
            broken(c, "%s: a diagnostic without a code or message", what);
        if (d->severity != AZ_SEVERITY_ERROR)
            continue;
        /* Find the line the diagnostic names (lines end at "\n"). */
        const char *line = c->text, *end = c->text + c->len;
        uint32_t n = 1;
        while (n < d->line) {
            const char *lf = memchr(line, '\n', (size_t)(end - line));
            if (!lf)
                break;
            line = lf + 1;
            n++;
        }
        if (d->line == 0 || n != d->line || (one_line && d->line != 1)) {
            broken(c, "%s: [%s] at line %u", what, d->code, d->line);
            continue;
        }
        const char *lf = memchr(line, '\n', (size_t)(end - line));
        size_t cps = fuzz_code_points(line, (size_t)((lf ? lf : end) - line));
        if (d->column == 0 || d->column > cps + 1)
            broken(c, "%s: [%s] at column %u of a %zu-code-point line", what, d->code, d->column,
                   cps);
    }
}

/* Evaluates a compiled expression and checks its canonical spelling. */
static void exercise_expr(const fuzz_ctx *c, const az_expr *e)
{
    json_object *value = NULL;
    bool defined = false;
    az_status st = az_expr_eval(e, &c->ctx, &value, &defined);
    if (st == AZ_OK) {
        if (!defined && value)
            broken(c, "an undefined value with a value");
        char *text = az_expr_value_to_text(value);
        free(text);
    } else if (value) {
        broken(c, "az_expr_eval gave %s and a value", az_status_name(st));
    }
    json_object_put(value);

    (void)az_expr_get_source(e);
    (void)az_expr_source_name(az_expr_get_source(e));
    (void)az_expr_get_scope(e);
    (void)az_expr_get_name(e);
    (void)az_expr_get_pointer(e);

    /* The canonical spelling is an expression that spells itself. */
    const char *canon = az_expr_canonical(e);
    if (!canon) {
        broken(c, "no canonical spelling");
        return;
    }
    az_expr *again = NULL;
    st = az_expr_compile(canon, NULL, NULL, &again);
    if (st == AZ_OK && strcmp(az_expr_canonical(again), canon) != 0)
        broken(c, "canonical '%s' compiles to '%s'", canon, az_expr_canonical(again));
    else if (st != AZ_OK && st != AZ_ERR_NOMEM)
        broken(c, "canonical '%s' does not compile (%s)", canon, az_status_name(st));
    az_expr_free(again);
}

/* Compiles the text as an expression with `opts` and exercises the result. */
static az_status fuzz_expr(const fuzz_ctx *c, const az_expr_opts *opts, const char *what)
{
    az_diags *diags = az_diags_new();
    az_expr *e = NULL;
    if (!diags)
        return AZ_ERR_NOMEM;
    az_status st = az_expr_compile(c->text, opts, diags, &e);
    if ((st == AZ_OK) != (e != NULL))
        broken(c, "%s: status %s with %s expression", what, az_status_name(st), e ? "an" : "no");
    /*
     * An expression's syntax error is on line 1 unless the text spans lines
     * (a JSON Pointer may hold a line break): then it is checked as a
     * template's is (expr.h; corpus-expr/regress-pointer-error-on-line-2).
     */
    if (st == AZ_ERR_SYNTAX)
        check_syntax_error(c, diags, what, memchr(c->text, '\n', c->len) == NULL);
    if (e) {
        if (az_expr_length(e) > c->len || az_expr_length(e) == 0)
            broken(c, "%s: length %zu of a %zu-byte text", what, az_expr_length(e), c->len);
        if (!opts->prefix && az_expr_length(e) != c->len)
            broken(c, "%s: length %zu of a whole %zu-byte text", what, az_expr_length(e), c->len);
        exercise_expr(c, e);
    }
    fuzz_render(c->sink, diags);
    az_expr_free(e);
    az_diags_free(diags);
    return st;
}

/* Compiles the text as a template with `opts`, renders it and checks it. */
static void fuzz_template(const fuzz_ctx *c, const az_expr_opts *opts, const char *what)
{
    az_diags *diags = az_diags_new();
    az_template *t = NULL;
    if (!diags)
        return;
    az_status st = az_template_compile(c->text, opts, diags, &t);
    if ((st == AZ_OK) != (t != NULL))
        broken(c, "%s: status %s with %s template", what, az_status_name(st), t ? "a" : "no");
    if (st == AZ_ERR_SYNTAX)
        check_syntax_error(c, diags, what, false);
    if (t) {
        size_t n = az_template_expr_count(t);
        for (size_t i = 0; i < n; i++) {
            const az_expr *e = az_template_expr(t, i);
            if (!e)
                broken(c, "%s: no expression %zu of %zu", what, i, n);
            else
                exercise_expr(c, e);
        }
        if (az_template_expr(t, n))
            broken(c, "%s: an expression past the end", what);
        char *out = NULL;
        size_t undefined = 0;
        st = az_template_render(t, &c->ctx, &out, &undefined);
        if ((st == AZ_OK) != (out != NULL))
            broken(c, "%s: render gave %s with %s text", what, az_status_name(st),
                   out ? "a" : "no");
        if (undefined > n)
            broken(c, "%s: %zu undefined values of %zu expressions", what, undefined, n);
        free(out);
    }
    fuzz_render(c->sink, diags);
    az_template_free(t);
    az_diags_free(diags);
}

/* Evaluates a small tree holding the text as a leaf and as a key. */
static void fuzz_tree(const fuzz_ctx *c)
{
    json_object *in = json_object_new_object();
    json_object *arr = json_object_new_array();
    az_diags *diags = az_diags_new();
    if (!in || !arr || !diags) {
        json_object_put(in);
        json_object_put(arr);
        az_diags_free(diags);
        return;
    }
    json_object_array_add(arr, json_object_new_string_len(c->text, (int)c->len));
    json_object_array_add(arr, json_object_new_int(1));
    json_object_object_add(in, "leaf", json_object_new_string_len(c->text, (int)c->len));
    json_object_object_add(in, c->text, arr);
    json_object *out = NULL;
    size_t undefined = 0;
    az_status st = az_expr_eval_tree(in, NULL, &c->ctx, diags, &out, &undefined);
    if (st != AZ_OK && out)
        broken(c, "az_expr_eval_tree gave %s and a tree", az_status_name(st));
    if (st == AZ_ERR_SYNTAX && az_diags_count_severity(diags, AZ_SEVERITY_ERROR) == 0)
        broken(c, "az_expr_eval_tree gave AZ_ERR_SYNTAX without an error diagnostic");
    fuzz_render(c->sink, diags);
    json_object_put(out);
    json_object_put(in);
    az_diags_free(diags);
}

/* The fuzzer's entry point: the bytes up to the first NUL are the text. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *off = getenv("FUZZ_EXPR_NO_CONTRACTS");
    const uint8_t *nul = memchr(data, 0, size);
    size_t len = nul ? (size_t)(nul - data) : size;
    char *text = malloc(len + 1);
    json_object *root = json_tokener_parse(context_json);
    if (!text || !root) {
        free(text);
        json_object_put(root);
        return 0;
    }
    memcpy(text, data, len);
    text[len] = '\0';

    fuzz_ctx c = {text,
                  len,
                  {NULL, NULL, NULL},
                  fopen("/dev/null", "w"),
                  !(off && *off && strcmp(off, "0") != 0)};
    az_expr_context_from_json(root, &c.ctx);

    az_expr_opts lenient = {0}, strict = {.strict = true}, prefix = {.prefix = true};
    az_status st = fuzz_expr(&c, &lenient, "expression");
    az_status st_strict = fuzz_expr(&c, &strict, "strict expression");
    /* Prefix mode ends names at operator characters, so it may reject more. */
    (void)fuzz_expr(&c, &prefix, "prefix expression");
    if (st == AZ_ERR_SYNTAX && st_strict == AZ_OK)
        broken(&c, "strict mode accepts what the default rejects");
    bool is_expr = az_expr_is_expression(text);
    if (st != AZ_ERR_NOMEM && is_expr != (st == AZ_OK))
        broken(&c, "az_expr_is_expression says %s, the compiler %s", is_expr ? "yes" : "no",
               az_status_name(st));

    fuzz_template(&c, &lenient, "template");
    fuzz_template(&c, &strict, "strict template");
    fuzz_tree(&c);

    char *pointer = NULL;
    if (az_pointer_from_fragment(text, &pointer) == AZ_OK) {
        json_object *found = NULL;
        (void)az_pointer_get(root, pointer, &found);
    }
    free(pointer);

    if (c.sink)
        fclose(c.sink);
    json_object_put(root);
    free(text);
    return 0;
}
