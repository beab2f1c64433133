/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_condition.c - the libFuzzer target of criteria (Arazzo 1.0.1
 * Criterion Object, checklist section 4): simple conditions, regex,
 * JSONPath and XPath. The input is read as
 *
 *   TYPE VERSION CONDITION [NUL CONTEXT]
 *
 * TYPE is one byte: 's', 'r', 'j' or 'x' (any other byte picks a type by
 * its value modulo 4); VERSION is one byte: '0', '2', '3' for "xpath-10",
 * "xpath-20", "xpath-30", 'g' for the Goessner JSONPath draft, anything
 * else for none; CONDITION runs to the first NUL or the end; CONTEXT, when
 * present, is the runtime expression of the criterion's `context` (up to a
 * second NUL). The criterion is compiled (az_criterion_compile, with default
 * and with strict expression options) and evaluated against a small fixed
 * context (az_expr_context_from_json) that holds JSON, text and XML values.
 * The diagnostics are rendered as text to /dev/null.
 *
 * Besides the sanitizers' findings, the target aborts on a broken contract
 * of expr.h: a status and an output that disagree; AZ_ERR_SYNTAX without
 * exactly one error diagnostic, or with one at line 0, column 0 or a column
 * past both the condition's line and the context; AZ_ERR_INVALID without an
 * error diagnostic; an evaluation that returns anything but AZ_OK, or a
 * reason that disagrees with the outcome. Setting
 * FUZZ_CONDITION_NO_CONTRACTS=1 in the environment turns these checks off.
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

/* The fixed context every criterion is evaluated against. */
static const char context_json[] =
    "{\"url\": \"https://api.example.com/pets/1\", \"method\": \"GET\", \"statusCode\": 200,"
    " \"request\": {\"header\": {\"Accept\": \"application/xml\"}, \"body\": {\"n\": 1}},"
    " \"response\": {\"header\": {\"Content-Type\": \"application/json\"},"
    "  \"body\": {\"ok\": true, \"count\": 3, \"price\": 9.5, \"name\": \"rex\", \"nul\": null,"
    "   \"items\": [{\"id\": 1, \"tag\": \"a\"}, {\"id\": 2, \"tag\": \"b\"}],"
    "   \"message\": \"order 1234 accepted\"}},"
    " \"inputs\": {\"xml\": \"<store><book price='8'><title>A</title></book>"
    "<book price='12'><title>B</title></book></store>\", \"text\": \"hello world\","
    "  \"n\": 10, \"s\": \"10\", \"flag\": false, \"arr\": [1, 2, 3]},"
    " \"steps\": {\"s1\": {\"outputs\": {\"id\": \"abc\", \"list\": [\"x\", \"y\"]}}}}";

/* What one input needs: the condition, its context and the sink. */
typedef struct fuzz_ctx {
    const char *condition;
    size_t len;
    const char *context; /* NULL when the input has none */
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
    fprintf(stderr, "fuzz_condition: context '%s'\n", c->context ? c->context : "(none)");
    va_start(ap, fmt);
    fuzz_vabort("fuzz_condition", c->condition, fmt, ap);
}

/* The code-point length of the condition's longest line. */
static size_t longest_line(const char *s, size_t n)
{
    size_t best = 0;
    const char *end = s + n;
    while (s <= end) {
        const char *lf = memchr(s, '\n', (size_t)(end - s));
        size_t k = fuzz_code_points(s, (size_t)((lf ? lf : end) - s));
        if (k > best)
            best = k;
        if (!lf)
            break;
        s = lf + 1;
    }
    return best;
}

/* Checks the diagnostics of a criterion that does not compile. */
static void check_failure(const fuzz_ctx *c, az_status st, const az_diags *diags)
{
    size_t errors = az_diags_count_severity(diags, AZ_SEVERITY_ERROR);
    if (st == AZ_ERR_INVALID && errors == 0)
        broken(c, "AZ_ERR_INVALID without an error diagnostic");
    if (st != AZ_ERR_SYNTAX)
        return;
    if (errors != 1)
        broken(c, "AZ_ERR_SYNTAX with %zu error diagnostics", errors);
    size_t width = longest_line(c->condition, c->len);
    if (c->context && fuzz_code_points(c->context, strlen(c->context)) > width)
        width = fuzz_code_points(c->context, strlen(c->context));
    for (size_t i = 0; i < az_diags_count(diags); i++) {
        const az_diag *d = az_diags_get(diags, i);
        if (!d->code || !d->message) {
            broken(c, "a diagnostic without a code or message");
            continue;
        }
        if (d->severity == AZ_SEVERITY_ERROR &&
            (d->line == 0 || d->column == 0 || d->column > width + 1))
            broken(c, "[%s] at %u:%u, outside a text %zu code points wide", d->code, d->line,
                   d->column, width);
    }
}

/* Compiles the criterion with `opts`, evaluates it and checks the results. */
static void fuzz_one(const fuzz_ctx *c, az_criterion_type type, const char *version,
                     const az_expr_opts *opts)
{
    az_diags *diags = az_diags_new();
    az_criterion *crit = NULL;
    if (!diags)
        return;
    az_status st =
        az_criterion_compile(c->condition, type, version, c->context, opts, diags, &crit);
    if ((st == AZ_OK) != (crit != NULL))
        broken(c, "status %s with %s criterion", az_status_name(st), crit ? "a" : "no");
    if (st != AZ_OK && st != AZ_ERR_SYNTAX && st != AZ_ERR_INVALID && st != AZ_ERR_NOMEM)
        broken(c, "az_criterion_compile gave %s", az_status_name(st));
    check_failure(c, st, diags);
    if (crit) {
        if (az_criterion_get_type(crit) != type)
            broken(c, "the criterion reports another type");
        if (!az_criterion_get_condition(crit) ||
            strcmp(az_criterion_get_condition(crit), c->condition) != 0)
            broken(c, "the criterion reports another condition");
        bool passed = false;
        char *reason = NULL;
        st = az_criterion_eval(crit, &c->ctx, &passed, &reason);
        if (st != AZ_OK && st != AZ_ERR_NOMEM)
            broken(c, "az_criterion_eval gave %s", az_status_name(st));
        if (st == AZ_OK && passed != (reason == NULL))
            broken(c, "%s with %s reason", passed ? "passed" : "failed", reason ? "a" : "no");
        free(reason);
        /* Without a reason the evaluation must give the same outcome. */
        bool again = !passed;
        if (az_criterion_eval(crit, &c->ctx, &again, NULL) == AZ_OK && st == AZ_OK &&
            again != passed)
            broken(c, "two evaluations disagree");
    }
    fuzz_render(c->sink, diags);
    az_criterion_free(crit);
    az_diags_free(diags);
}

/* The fuzzer's entry point: TYPE VERSION CONDITION [NUL CONTEXT]. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const char *off = getenv("FUZZ_CONDITION_NO_CONTRACTS");
    az_criterion_type type;
    switch (data[0]) {
    case 's': type = AZ_CRITERION_SIMPLE; break;
    case 'r': type = AZ_CRITERION_REGEX; break;
    case 'j': type = AZ_CRITERION_JSONPATH; break;
    case 'x': type = AZ_CRITERION_XPATH; break;
    default: type = (az_criterion_type)(data[0] % 4); break;
    }
    const char *version = NULL;
    switch (data[1]) {
    case '0': version = "xpath-10"; break;
    case '2': version = "xpath-20"; break;
    case '3': version = "xpath-30"; break;
    case 'g': version = "draft-goessner-dispatch-jsonpath-00"; break;
    default: break;
    }

    /* A copy of the rest, NUL-terminated, so the condition and context are strings. */
    size_t rest = size - 2;
    char *text = malloc(rest + 1);
    json_object *root = json_tokener_parse(context_json);
    if (!text || !root) {
        free(text);
        json_object_put(root);
        return 0;
    }
    memcpy(text, data + 2, rest);
    text[rest] = '\0';
    size_t len = strlen(text);

    fuzz_ctx c = {text,
                  len,
                  len < rest ? text + len + 1 : NULL,
                  {NULL, NULL, NULL},
                  fopen("/dev/null", "w"),
                  !(off && *off && strcmp(off, "0") != 0)};
    az_expr_context_from_json(root, &c.ctx);

    az_expr_opts lenient = {0}, strict = {.strict = true};
    fuzz_one(&c, type, version, &lenient);
    fuzz_one(&c, type, version, &strict);
    (void)az_criterion_type_name(type);

    if (c.sink)
        fclose(c.sink);
    json_object_put(root);
    free(text);
    return 0;
}
