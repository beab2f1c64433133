/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_expr_parse.c - compiling runtime expressions (checklist 3.1/3.2):
 * every source of the grammar, the repairs EXPR-01..07 (non-empty names,
 * `$components.<kind>.<key>`, `#pointer` after any value, the shapes of
 * `$steps`/`$workflows`/`$sourceDescriptions`, keyword case), the
 * non-standard path conversion, the prefix mode, and positioned errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arazzo/expr.h"

/* Expressions that compile, with their parts and standard spelling. */
static void test_parse_ok(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        az_expr_source source;
        const char *scope, *name, *pointer, *canonical;
        size_t warnings;
    } cases[] = {
        {"$url", AZ_EXPR_URL, NULL, NULL, NULL, "$url", 0},
        {"$method", AZ_EXPR_METHOD, NULL, NULL, NULL, "$method", 0},
        {"$statusCode", AZ_EXPR_STATUS_CODE, NULL, NULL, NULL, "$statusCode", 0},
        {"$request.header.X-Api-Key", AZ_EXPR_REQUEST_HEADER, NULL, "X-Api-Key", NULL,
         "$request.header.X-Api-Key", 0},
        {"$request.query.petId", AZ_EXPR_REQUEST_QUERY, NULL, "petId", NULL, "$request.query.petId",
         0},
        {"$request.path.id", AZ_EXPR_REQUEST_PATH, NULL, "id", NULL, "$request.path.id", 0},
        {"$request.body", AZ_EXPR_REQUEST_BODY, NULL, NULL, NULL, "$request.body", 0},
        {"$request.body#/a~1b/0", AZ_EXPR_REQUEST_BODY, NULL, NULL, "/a~1b/0",
         "$request.body#/a~1b/0", 0},
        {"$response.header.Location", AZ_EXPR_RESPONSE_HEADER, NULL, "Location", NULL,
         "$response.header.Location", 0},
        {"$response.query.x", AZ_EXPR_RESPONSE_QUERY, NULL, "x", NULL, "$response.query.x", 0},
        {"$response.body#/items/0/id", AZ_EXPR_RESPONSE_BODY, NULL, NULL, "/items/0/id",
         "$response.body#/items/0/id", 0},
        /* EXPR-31: an empty pointer is the whole value. */
        {"$response.body#", AZ_EXPR_RESPONSE_BODY, NULL, NULL, "", "$response.body#", 0},
        /* EXPR-15: input names may contain '-'. */
        {"$inputs.x-api-key", AZ_EXPR_INPUTS, NULL, "x-api-key", NULL, "$inputs.x-api-key", 0},
        /* EXPR-04: a pointer after any value-producing source. */
        {"$inputs.customer#/firstName", AZ_EXPR_INPUTS, NULL, "customer", "/firstName",
         "$inputs.customer#/firstName", 0},
        /* EXPR-20: a name keeps its dots. */
        {"$outputs.a.b", AZ_EXPR_OUTPUTS, NULL, "a.b", NULL, "$outputs.a.b", 0},
        {"$steps.getPet.outputs.pets#/0/id", AZ_EXPR_STEP_OUTPUTS, "getPet", "pets", "/0/id",
         "$steps.getPet.outputs.pets#/0/id", 0},
        {"$workflows.wf-1.inputs.user", AZ_EXPR_WORKFLOW_INPUTS, "wf-1", "user", NULL,
         "$workflows.wf-1.inputs.user", 0},
        {"$workflows.wf.outputs.name#/name", AZ_EXPR_WORKFLOW_OUTPUTS, "wf", "name", "/name",
         "$workflows.wf.outputs.name#/name", 0},
        /* EXPR-06/16: the reference is the rest, dots included. */
        {"$sourceDescriptions.petstore.getPetById", AZ_EXPR_SOURCE_DESCRIPTION, "petstore",
         "getPetById", NULL, "$sourceDescriptions.petstore.getPetById", 0},
        {"$sourceDescriptions.petstore.a.b", AZ_EXPR_SOURCE_DESCRIPTION, "petstore", "a.b", NULL,
         "$sourceDescriptions.petstore.a.b", 0},
        {"$sourceDescriptions.petstore", AZ_EXPR_SOURCE_DESCRIPTION, "petstore", NULL, NULL,
         "$sourceDescriptions.petstore", 0},
        /* EXPR-03: the kind, then the key with its dots (CMP-01). */
        {"$components.parameters.page.size", AZ_EXPR_COMPONENT, "parameters", "page.size", NULL,
         "$components.parameters.page.size", 0},
        {"$components.successActions.done", AZ_EXPR_COMPONENT, "successActions", "done", NULL,
         "$components.successActions.done", 0},
        {"$components.failureActions.retry", AZ_EXPR_COMPONENT, "failureActions", "retry", NULL,
         "$components.failureActions.retry", 0},
        /* Non-standard paths: converted with a warning. */
        {"$response.body.data[0].id", AZ_EXPR_RESPONSE_BODY, NULL, NULL, "/data/0/id",
         "$response.body#/data/0/id", 1},
        {"$inputs.a[0]['b c'][\"d/e\"]", AZ_EXPR_INPUTS, NULL, "a", "/0/b c/d~1e",
         "$inputs.a#/0/b c/d~1e", 1},
        {"$response.body.a~b", AZ_EXPR_RESPONSE_BODY, NULL, NULL, "/a~0b", "$response.body#/a~0b",
         1},
        {"$response.body.x#/y", AZ_EXPR_RESPONSE_BODY, NULL, NULL, "/x/y", "$response.body#/x/y",
         1},
        /* EXPR-07: another casing of a keyword is a warning. */
        {"$StatusCode", AZ_EXPR_STATUS_CODE, NULL, NULL, NULL, "$statusCode", 1},
        {"$response.Body", AZ_EXPR_RESPONSE_BODY, NULL, NULL, NULL, "$response.body", 1},
        /* Names are not ASCII-only. */
        {"$inputs.pr\xc3\xa9nom", AZ_EXPR_INPUTS, NULL, "pr\xc3\xa9nom", NULL,
         "$inputs.pr\xc3\xa9nom", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        az_diags *diags = az_diags_new();
        az_expr *e = NULL;
        az_status st = az_expr_compile(cases[i].text, NULL, diags, &e);
        if (st != AZ_OK)
            fail_msg("'%s': %s", cases[i].text, az_status_name(st));
        assert_int_equal(az_expr_get_source(e), cases[i].source);
        if (cases[i].scope)
            assert_string_equal(az_expr_get_scope(e), cases[i].scope);
        else
            assert_null(az_expr_get_scope(e));
        if (cases[i].name)
            assert_string_equal(az_expr_get_name(e), cases[i].name);
        else
            assert_null(az_expr_get_name(e));
        if (cases[i].pointer)
            assert_string_equal(az_expr_get_pointer(e), cases[i].pointer);
        else
            assert_null(az_expr_get_pointer(e));
        assert_string_equal(az_expr_canonical(e), cases[i].canonical);
        assert_int_equal(az_expr_length(e), strlen(cases[i].text));
        assert_int_equal(az_diags_count(diags), cases[i].warnings);
        assert_int_equal(az_diags_count_severity(diags, AZ_SEVERITY_WARNING), cases[i].warnings);
        az_expr_free(e);
        az_diags_free(diags);
    }
}

/* Errors are AZ_ERR_SYNTAX with one positioned diagnostic. */
static void test_parse_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool strict;
        const char *code;
        uint32_t column, span;
        const char *message_part;
    } cases[] = {
        {"$", false, "expr-syntax", 2, 1, "found end of expression"},
        {"$foo", false, "expr-unknown-root", 1, 4, "unknown expression root '$foo'"},
        {"$respons.body", false, "expr-unknown-root", 1, 8, "did you mean '$response'?"},
        {"$.store.book", false, "expr-syntax", 2, 1, "found '.'"},
        {"$ref", false, "expr-unknown-root", 1, 4, "'$ref'"},
        /* EXPR-02: names are never empty. */
        {"$steps.", false, "expr-syntax", 8, 1, "expected a step id"},
        {"$inputs.", false, "expr-syntax", 9, 1, "expected a name"},
        {"$response.header.", false, "expr-syntax", 18, 1,
         "expected a header name after '$response.header.'"},
        {"$steps.a", false, "expr-syntax", 9, 1, "expected '.' after '$steps.a'"},
        {"$steps.a.output.x", false, "expr-syntax", 10, 6, "'output'"},
        {"$workflows.w.results.x", false, "expr-syntax", 14, 7, "'inputs' or 'outputs'"},
        {"$request.cookie.x", false, "expr-syntax", 10, 6, "unknown keyword 'cookie'"},
        {"$components.schemas.x", false, "expr-syntax", 13, 7, "successActions"},
        {"$response.body#a", false, "expr-syntax", 16, 1, "expected '/'"},
        {"$response.body#/a~2", false, "expr-syntax", 18, 2, "'~' must be followed"},
        {"$inputs.a b", false, "expr-syntax", 10, 2, "found a space"},
        {"$url.x", false, "expr-syntax", 5, 2, "expected end of expression after '$url'"},
        {"$statusCode#/a", false, "expr-syntax", 12, 3, "found '#'"},
        {"$response.body[*]", false, "expr-syntax", 16, 1, "found '*'"},
        {"$response.body.data[0", false, "expr-syntax", 22, 1, "expected ']'"},
        {"$inputs.pr\xc3\xa9nom x", false, "expr-syntax", 15, 2, "found a space"},
        {"$inputs.a{", false, "expr-syntax", 10, 1, "found '{'"},
        {"inputs.a", false, "expr-syntax", 1, 1, "expected '$' at the start"},
        /* Strict mode: warnings become errors. */
        {"$response.body.data[0].id", true, "expr-nonstandard-path", 15, 11,
         "the standard form is '$response.body#/data/0/id'"},
        {"$StatusCode", true, "expr-keyword-case", 2, 10, "must be spelled 'statusCode'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        az_diags *diags = az_diags_new();
        az_expr *e = (az_expr *)&e;
        az_expr_opts opts = {.strict = cases[i].strict};
        az_status st = az_expr_compile(cases[i].text, &opts, diags, &e);
        if (st != AZ_ERR_SYNTAX)
            fail_msg("'%s': %s", cases[i].text, az_status_name(st));
        assert_null(e);
        assert_int_equal(az_diags_count(diags), 1);
        const az_diag *d = az_diags_get(diags, 0);
        assert_int_equal(d->severity, AZ_SEVERITY_ERROR);
        assert_string_equal(d->code, cases[i].code);
        assert_int_equal(d->line, 1);
        if (d->column != cases[i].column || d->span != cases[i].span)
            fail_msg("'%s': column %u span %u, message '%s'", cases[i].text, d->column, d->span,
                     d->message);
        if (!strstr(d->message, cases[i].message_part))
            fail_msg("'%s': message '%s' lacks '%s'", cases[i].text, d->message,
                     cases[i].message_part);
        assert_string_equal(d->source_line, cases[i].text);
        az_diags_free(diags);
    }
}

/* The prefix mode stops at the first character that cannot continue. */
static void test_parse_prefix(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        size_t length;
        const char *canonical;
    } cases[] = {
        {"$statusCode == 200", 11, "$statusCode"},
        {"$inputs.a==1", 9, "$inputs.a"},
        {"$response.body#/a/b > 3", 19, "$response.body#/a/b"},
        {"$response.header.X-Rate!=0", 23, "$response.header.X-Rate"},
        {"$steps.s.outputs.n)", 18, "$steps.s.outputs.n"},
    };
    az_expr_opts opts = {.prefix = true};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        az_expr *e = NULL;
        assert_int_equal(az_expr_compile(cases[i].text, &opts, NULL, &e), AZ_OK);
        assert_int_equal(az_expr_length(e), cases[i].length);
        assert_string_equal(az_expr_canonical(e), cases[i].canonical);
        az_expr_free(e);
    }
}

/* EXPR-44: only a string that compiles with a known root is an expression. */
static void test_is_expression(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool expected;
    } cases[] = {
        {"$inputs.id", true},    {"$statusCode", true}, {"$response.body.a[0]", true},
        {"$.store.book", false}, {"$.items[*]", false}, {"$", false},
        {"inputs.id", false},    {"$foo.bar", false},   {"$inputs.a b", false},
        {"$ref", false},         {"", false},           {"$steps.s.outputs.x", true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (az_expr_is_expression(cases[i].text) != cases[i].expected)
            fail_msg("'%s'", cases[i].text);
}

/* A syntax error renders with the expression and a caret under the bad part. */
static void test_parse_render(void **state)
{
    (void)state;
    az_diags *diags = az_diags_new();
    az_expr *e = NULL;
    assert_int_equal(az_expr_compile("$steps.a.output.x", NULL, diags, &e), AZ_ERR_SYNTAX);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    az_render_opts ro = {false};
    az_diags_render_text(diags, out, &ro);
    fclose(out);
    assert_non_null(
        strstr(buf, "error: unknown keyword 'output' (expected 'outputs') [expr-syntax]"));
    assert_non_null(strstr(buf, "$steps.a.output.x"));
    assert_non_null(strstr(buf, "^~~~~~"));
    free(buf);
    az_diags_free(diags);
}

/*
 * Every prefix of every expression above compiles or fails with exactly one
 * error placed inside the text or just past it, in both modes.
 */
static void test_parse_prefixes(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "$request.header.X-Api-Key",        "$response.body#/items/0/id",
        "$inputs.a[0]['b c'][\"d/e\"]",     "$steps.getPet.outputs.pets#/0/id",
        "$workflows.wf.outputs.name#/name", "$sourceDescriptions.petstore.a.b",
        "$components.parameters.page.size", "$response.body.data[0].id",
        "$inputs.pr\xc3\xa9nom~",           "$response.body#/a~1b~0c",
    };
    char buf[128];
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        size_t len = strlen(texts[i]);
        for (size_t n = 0; n <= len; n++) {
            for (int strict = 0; strict < 2; strict++) {
                memcpy(buf, texts[i], n);
                buf[n] = '\0';
                az_diags *diags = az_diags_new();
                az_expr *e = NULL;
                az_expr_opts opts = {.strict = strict};
                az_status st = az_expr_compile(buf, &opts, diags, &e);
                if (st == AZ_OK) {
                    assert_non_null(e);
                    assert_int_equal(az_diags_count_severity(diags, AZ_SEVERITY_ERROR), 0);
                } else {
                    assert_int_equal(st, AZ_ERR_SYNTAX);
                    assert_null(e);
                    assert_int_equal(az_diags_count_severity(diags, AZ_SEVERITY_ERROR), 1);
                    const az_diag *d = az_diags_get(diags, az_diags_count(diags) - 1);
                    assert_true(d->column >= 1 && d->column <= n + 1);
                    assert_true(d->span >= 1);
                }
                az_expr_free(e);
                az_diags_free(diags);
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_ok),     cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_parse_prefix), cmocka_unit_test(test_is_expression),
        cmocka_unit_test(test_parse_render), cmocka_unit_test(test_parse_prefixes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
