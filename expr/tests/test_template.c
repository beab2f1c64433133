/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_expr_template.c - strings with embedded `{$...}` expressions
 * (checklist 3.5): splicing and stringification (EXPR-40, EXPR-42), the
 * scanner rule that `{` without `$` is literal and the first `}` ends an
 * expression (EXPR-05, EXPR-41), templates are always strings (EXPR-43),
 * undefined values, and positioned errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "arazzo/expr.h"

static const char context_json[] =
    "{\"url\": \"https://x/pets\", \"method\": \"POST\", \"statusCode\": 201,"
    " \"request\": {\"path\": {\"id\": \"1\"}},"
    " \"response\": {\"body\": {\"nul\": null, \"s\": \"a/b \\\"q\\\"\"}},"
    " \"inputs\": {\"x-api-key\": \"secret\", \"customer\": {\"firstName\": \"Ada\"},"
    "   \"n\": 3.5, \"i\": -42, \"flag\": true, \"list\": [1, \"two\", null]},"
    " \"outputs\": {\"result\": [1, 2]}}";

/* Templates render to the expected text and count undefined values. */
static void test_template_render(void **state)
{
    (void)state;
    static const struct {
        const char *tpl;
        const char *expected;
        size_t n_exprs, undefined;
    } cases[] = {
        {"plain", "plain", 0, 0},
        {"", "", 0, 0},
        {"Bearer {$inputs.x-api-key}", "Bearer secret", 1, 0},
        {"{$statusCode}", "201", 1, 0}, /* EXPR-43: a string, not a number */
        {"{\"n\": {$inputs.n}, \"i\": {$inputs.i}, \"f\": {$inputs.flag}}",
         "{\"n\": 3.5, \"i\": -42, \"f\": true}", 3, 0},
        {"{$response.body#/nul}", "null", 1, 0},
        {"{$response.body#/s}", "a/b \"q\"", 1, 0}, /* strings raw */
        {"{$inputs.customer}", "{\"firstName\":\"Ada\"}", 1, 0},
        {"{$inputs.list}", "[1,\"two\",null]", 1, 0},
        {"/pets/{id}", "/pets/{id}", 0, 0}, /* EXPR-41 */
        {"{ {$request.path.id} }", "{ 1 }", 1, 0},
        {"a{$inputs.zz}b", "ab", 1, 1},
        {"{$method} {$url}", "POST https://x/pets", 2, 0},
        {"x{", "x{", 0, 0},
        {"{}", "{}", 0, 0},
        {"$inputs.n", "$inputs.n", 0, 0}, /* a bare expression is not a template */
        /* EXPR-05: the first '}' ends the expression. */
        {"{$response.body#/nul}b}", "nullb}", 1, 0},
        {"{$inputs.customer#/firstName}{$inputs.customer#/lastName}", "Ada", 2, 1},
    };
    json_object *root = json_tokener_parse(context_json);
    assert_non_null(root);
    az_expr_context ctx;
    az_expr_context_from_json(root, &ctx);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        az_template *t = NULL;
        if (az_template_compile(cases[i].tpl, NULL, NULL, &t) != AZ_OK)
            fail_msg("'%s' does not compile", cases[i].tpl);
        assert_int_equal(az_template_expr_count(t), cases[i].n_exprs);
        if (cases[i].n_exprs)
            assert_non_null(az_template_expr(t, cases[i].n_exprs - 1));
        assert_null(az_template_expr(t, cases[i].n_exprs));
        char *out = NULL;
        size_t undefined = 99;
        assert_int_equal(az_template_render(t, &ctx, &out, &undefined), AZ_OK);
        if (strcmp(out, cases[i].expected) != 0)
            fail_msg("'%s' gave '%s', expected '%s'", cases[i].tpl, out, cases[i].expected);
        assert_int_equal(undefined, cases[i].undefined);
        free(out);
        az_template_free(t);
    }
    json_object_put(root);
}

/* Errors point into the template, in code points. */
static void test_template_errors(void **state)
{
    (void)state;
    static const struct {
        const char *tpl;
        const char *code;
        uint32_t column, span;
        uint32_t line;
        const char *source_line;
    } cases[] = {
        {"abc {$inputs.x", "expr-unterminated", 5, 10, 0, NULL},
        {"{$", "expr-unterminated", 1, 2, 0, NULL},
        {"abc {$foo}", "expr-unknown-root", 6, 4, 0, NULL},
        {"\xc3\xa9{$inputs. }", "expr-syntax", 11, 1, 0, NULL},
        {"{$inputs.a b}", "expr-syntax", 11, 2, 0, NULL},
        {"{$}", "expr-syntax", 3, 1, 0, NULL},
        {"ok {$url} then {$steps.x}", "expr-syntax", 25, 1, 0, NULL},
        /* A multi-line template: the position is on the line of the problem. */
        {"{\n  \"id\": {$inputs.id},\n  \"x\": \"{$inputs.}\"\n}", "expr-syntax", 18, 1, 3,
         "  \"x\": \"{$inputs.}\""},
        {"<a>\r\n<b>{$inputs.x</b>\r\n", "expr-unterminated", 4, 14, 2, "<b>{$inputs.x</b>"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        az_diags *diags = az_diags_new();
        az_template *t = (az_template *)&t;
        assert_int_equal(az_template_compile(cases[i].tpl, NULL, diags, &t), AZ_ERR_SYNTAX);
        assert_null(t);
        assert_int_equal(az_diags_count(diags), 1);
        const az_diag *d = az_diags_get(diags, 0);
        assert_string_equal(d->code, cases[i].code);
        if (d->column != cases[i].column || d->span != cases[i].span)
            fail_msg("'%s': column %u span %u (%s)", cases[i].tpl, d->column, d->span, d->message);
        assert_int_equal(d->line, cases[i].line ? cases[i].line : 1);
        assert_string_equal(d->source_line,
                            cases[i].source_line ? cases[i].source_line : cases[i].tpl);
        az_diags_free(diags);
    }
}

/* Strict mode applies to the embedded expressions. */
static void test_template_strict(void **state)
{
    (void)state;
    az_expr_opts opts = {.strict = true};
    az_diags *diags = az_diags_new();
    az_template *t = NULL;
    assert_int_equal(az_template_compile("id={$response.body.id}", &opts, diags, &t),
                     AZ_ERR_SYNTAX);
    assert_string_equal(az_diags_get(diags, 0)->code, "expr-nonstandard-path");
    assert_int_equal(az_diags_get(diags, 0)->column, 19);
    az_diags_free(diags);
    diags = az_diags_new();
    assert_int_equal(az_template_compile("id={$response.body.id}", NULL, diags, &t), AZ_OK);
    assert_int_equal(az_diags_count_severity(diags, AZ_SEVERITY_WARNING), 1);
    assert_string_equal(az_expr_canonical(az_template_expr(t, 0)), "$response.body#/id");
    az_template_free(t);
    az_diags_free(diags);
}

/* Values stringify per EXPR-42. */
static void test_value_to_text(void **state)
{
    (void)state;
    static const struct {
        const char *json; /* NULL: JSON null */
        const char *expected;
    } cases[] = {
        {NULL, "null"}, {"\"x/y\"", "x/y"}, {"42", "42"},
        {"3.5", "3.5"}, {"false", "false"}, {"{\"a\": [1, {}]}", "{\"a\":[1,{}]}"},
        {"\"\"", ""},   {"[]", "[]"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_object *v = cases[i].json ? json_tokener_parse(cases[i].json) : NULL;
        char *s = az_expr_value_to_text(v);
        assert_string_equal(s, cases[i].expected);
        free(s);
        json_object_put(v);
    }
}

/* EXPR-45: string leaves are evaluated, keys and other values are copied. */
static void test_eval_tree(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *expected; /* NULL: the status below */
        size_t undefined;
        az_status status;
        const char *pointer; /* of the error diagnostic */
    } cases[] = {
        {"{\"a\": \"$inputs.n\", \"b\": \"x{$inputs.n}\", \"c\": [\"$.store\","
         " {\"$inputs.n\": \"$statusCode\"}], \"d\": 5, \"e\": null, \"f\": \"$inputs.zz\"}",
         "{\"a\":3.5,\"b\":\"x3.5\",\"c\":[\"$.store\",{\"$inputs.n\":201}],\"d\":5,"
         "\"e\":null,\"f\":null}",
         1, AZ_OK, NULL},
        {"\"$inputs.customer\"", "{\"firstName\":\"Ada\"}", 0, AZ_OK, NULL},
        {"[\"{$inputs.list}\", \"{$inputs.zz}{$inputs.yy}\"]", "[\"[1,\\\"two\\\",null]\",\"\"]", 2,
         AZ_OK, NULL},
        {"{\"x\": [1, \"{$inputs\"]}", NULL, 0, AZ_ERR_SYNTAX, "/x/1"},
        {"{\"a/b\": \"{$foo}\"}", NULL, 0, AZ_ERR_SYNTAX, "/a~1b"},
    };
    json_object *root = json_tokener_parse(context_json);
    az_expr_context ctx;
    az_expr_context_from_json(root, &ctx);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_object *in = json_tokener_parse(cases[i].in);
        const char *before = json_object_to_json_string(in);
        char *saved = strdup(before);
        az_diags *diags = az_diags_new();
        json_object *out = (json_object *)&out;
        size_t undefined = 99;
        az_status st = az_expr_eval_tree(in, NULL, &ctx, diags, &out, &undefined);
        if (st != cases[i].status)
            fail_msg("case %zu: %s", i, az_status_name(st));
        if (cases[i].expected) {
            const char *got = json_object_to_json_string_ext(
                out, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
            if (strcmp(got, cases[i].expected) != 0)
                fail_msg("case %zu: gave %s, expected %s", i, got, cases[i].expected);
            assert_int_equal(undefined, cases[i].undefined);
        } else {
            assert_null(out);
            assert_string_equal(az_diags_get(diags, 0)->pointer, cases[i].pointer);
        }
        /* PR-06: the input is left as it was. */
        assert_string_equal(json_object_to_json_string(in), saved);
        free(saved);
        json_object_put(out);
        json_object_put(in);
        az_diags_free(diags);
    }
    json_object_put(root);
}

/* A value nested past AZ_EXPR_MAX_DEPTH is refused, not walked. */
static void test_eval_tree_depth(void **state)
{
    (void)state;
    json_object *in = json_object_new_string("$inputs.n");
    for (unsigned i = 0; i < AZ_EXPR_MAX_DEPTH; i++) {
        json_object *a = json_object_new_array();
        json_object_array_add(a, in);
        in = a;
    }
    az_expr_context ctx;
    json_object *root = json_tokener_parse(context_json);
    az_expr_context_from_json(root, &ctx);
    json_object *out = NULL;
    az_diags *diags = az_diags_new();
    assert_int_equal(az_expr_eval_tree(in, NULL, &ctx, diags, &out, NULL), AZ_ERR_LIMIT);
    assert_null(out);
    assert_string_equal(az_diags_get(diags, 0)->code, "expr-depth");
    /* One level less fits. */
    json_object *inner = json_object_get(json_object_array_get_idx(in, 0));
    assert_int_equal(az_expr_eval_tree(inner, NULL, &ctx, NULL, &out, NULL), AZ_OK);
    json_object_put(out);
    json_object_put(inner);
    json_object_put(in);
    json_object_put(root);
    az_diags_free(diags);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_template_render), cmocka_unit_test(test_template_errors),
        cmocka_unit_test(test_template_strict), cmocka_unit_test(test_value_to_text),
        cmocka_unit_test(test_eval_tree),       cmocka_unit_test(test_eval_tree_depth),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
