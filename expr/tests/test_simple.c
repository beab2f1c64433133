/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_simple.c - `simple` criterion conditions (checklist 4.2): the
 * CRIT-13 grammar with CRIT-12 precedence, operands (CRIT-10, CRIT-11),
 * equality (CRIT-14), relational comparisons (CRIT-15), truthiness
 * (CRIT-16), header coercion (CRIT-17), the absence of anything else
 * (CRIT-18), positioned syntax errors and failure reasons (CRIT-05).
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

static const char context_json[] =
    "{\"url\": \"https://x/pets\", \"method\": \"GET\", \"statusCode\": 200,"
    " \"response\": {\"header\": {\"X-Rate-Limit\": \"42\"},"
    "  \"body\": {\"count\": 5, \"access_token\": \"abc\", \"pets\": [{\"id\": 7, \"name\": "
    "\"Rex\"}],"
    "   \"flag\": true, \"empty\": \"\", \"nul\": null, \"ratio\": 0.5,"
    "   \"name\": \"Stra\xc3\x9f"
    "e\", \"greek\": \"\xce\xa3\xce\x8a\xce\xa3\xce\xa5\xce\xa6\xce\x9f\xce\xa3\","
    "   \"list\": [], \"obj\": {\"a\": [1, 2]}, \"big\": 9007199254740993}},"
    " \"inputs\": {\"threshold\": 3, \"name\": \"REX\", \"num\": \"10\", \"s9\": \"9\","
    "   \"user\": {\"name\": \"ada\"}},"
    " \"steps\": {\"s\": {\"outputs\": {\"flag\": true, \"zero\": 0}}}}";

/* Compiles and evaluates one simple condition against the test context. */
static bool eval_one(json_object *root, const char *cond, char **reason)
{
    az_expr_context ctx;
    az_criterion *c = NULL;
    az_diags *diags = az_diags_new();
    bool passed = false;
    az_expr_context_from_json(root, &ctx);
    az_status st = az_criterion_compile(cond, AZ_CRITERION_SIMPLE, NULL, NULL, NULL, diags, &c);
    if (st != AZ_OK) {
        az_diags_render_text(diags, stderr, NULL);
        fail_msg("'%s' does not compile: %s", cond, az_status_name(st));
    }
    assert_int_equal(az_diags_count_severity(diags, AZ_SEVERITY_ERROR), 0);
    assert_int_equal(az_diags_count_severity(diags, AZ_SEVERITY_WARNING), 0);
    assert_int_equal(az_criterion_eval(c, &ctx, &passed, reason), AZ_OK);
    az_criterion_free(c);
    az_diags_free(diags);
    return passed;
}

/* Every condition evaluates to its expected outcome. */
static void test_simple_outcomes(void **state)
{
    (void)state;
    static const struct {
        const char *cond;
        bool expected;
    } cases[] = {
        /* CRIT-11: the spec's operand examples. */
        {"$statusCode == 200", true},
        {"$statusCode==200", true},
        {"  $statusCode\t==\n200  ", true},
        {"$statusCode != 200", false},
        {"$response.body#/access_token != null", true},
        {"$response.body.count > $inputs.threshold", true},
        {"$response.body.pets[0].id > 0", true},
        {"$steps.s.outputs.flag == true", true},
        {"$inputs.user.name == 'ADA'", true}, /* EXPR-20 dotted name */
        /* CRIT-14, EXPR-22: null equals only null; a comparison with undefined fails. */
        {"$response.body#/missing != null", false},
        {"$response.body#/missing == null", false}, /* EXPR-22: undefined is not null */
        {"$response.body#/nul == null", true},
        {"null == null", true},
        {"null == 0", false},
        {"null == ''", false},
        {"$response.body#/missing == 0", false},
        {"$response.body#/missing != 0", false}, /* EXPR-22: any comparison fails */
        /* CRIT-14: case-insensitive strings (simple case folding). */
        {"$response.body.pets[0].name == 'rex'", true},
        {"$response.body.pets[0].name == $inputs.name", true},
        {"$response.body.name == 'STRA\xc3\x9f"
         "E'",
         true},
        {"$response.body.greek == '\xcf\x83\xce\xaf\xcf\x83\xcf\x85\xcf\x86\xce\xbf\xcf\x82'",
         true},
        {"'\xc3\x84pfel' == '\xc3\xa4PFEL'", true},
        {"'it''s' == 'IT''S'", true},
        {"'abc' == 'abd'", false},
        {"$url == 'HTTPS://X/PETS'", true},
        /* CRIT-14: numbers, numeric strings, booleans, deep equality. */
        {"1 == 1.0", true},
        {"1e2 == 100", true},
        {"-0.5e0 == -0.5", true},
        {"0.5 == $response.body.ratio", true},
        {"'10' == 10", true},
        {"' 10 ' == 10", true},
        {"'abc' == 0", false},
        {"true == 1", false},
        {"$response.body.flag == 'TRUE'", true},
        {"$response.body.flag == true", true},
        {"$response.body.flag != false", true},
        {"$response.body.obj == $response.body.obj", true},
        {"$response.body.obj == $response.body.list", false},
        {"$response.body.big == 9007199254740993", true},
        {"$response.body.big == 9007199254740992", false},
        /* CRIT-15: relational. */
        {"-1 < 0", true},
        {"$statusCode >= 200 && $statusCode < 300", true},
        {"$statusCode <= 199", false},
        {"$inputs.num > $inputs.s9", true}, /* numerically, not "10" < "9" */
        {"'abc' < 'ABD'", true},
        {"'b' > 'A'", true},
        {"'b' >= 'B'", true},
        {"'abc' < 1", false},
        {"null < 1", false},
        {"$response.body#/missing < 1", false},
        {"$response.body#/missing >= 0", false},
        {"true > false", false},
        {"$response.body.obj > 0", false},
        /* CRIT-17: header values are strings. */
        {"$response.header.X-Rate-Limit > 10", true},
        {"$response.header.x-rate-limit == 42", true},
        {"$response.header.X-Rate-Limit < 9", false},
        /* CRIT-16: truthiness of a bare operand (decision for non-booleans). */
        {"true", true},
        {"false", false},
        {"null", false},
        {"0", false},
        {"-2", true},
        {"''", false},
        {"'x'", true},
        {"$response.body#/missing", false},
        {"$response.body.empty", false},
        {"$response.body.count", true},
        {"$steps.s.outputs.zero", false},
        {"$response.body.list", false},
        {"$response.body.obj", true},
        {"!$response.body.empty", true},
        {"! $response.body.count", false},
        {"!$response.body#/missing", true},
        /* CRIT-12: precedence and grouping. */
        {"!($statusCode == 200)", false},
        {"!( $statusCode == 404 )", true},
        {"true || false && false", true},
        {"(true || false) && false", false},
        {"false && true || true", true},
        {"false && (true || true)", false},
        {"$statusCode == 404 || $response.body.count == 5", true},
        {"$statusCode == 200 && $response.body.count == 5 && $method == 'get'", true},
        {"((($statusCode == 200)))", true},
        {"$method == 'get' && !$response.body#/missing", true},
        /* Short-circuit: the undefined step is never looked at. */
        {"false && $steps.nope.outputs.x == 1", false},
        {"true || $steps.nope.outputs.x == 1", true},
    };
    json_object *root = json_tokener_parse(context_json);
    assert_non_null(root);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *reason = NULL;
        bool got = eval_one(root, cases[i].cond, &reason);
        if (got != cases[i].expected)
            fail_msg("'%s': expected %s, got %s (%s)", cases[i].cond,
                     cases[i].expected ? "pass" : "fail", got ? "pass" : "fail",
                     reason ? reason : "no reason");
        /* CRIT-05: a failure always has a reason, a pass none. */
        assert_true(got ? reason == NULL : reason != NULL);
        if (reason)
            assert_non_null(strstr(reason, "criterion failed, because "));
        free(reason);
    }
    json_object_put(root);
}

/* Syntax errors are positioned in the condition (CRIT-10, CRIT-12, CRIT-13, CRIT-18). */
static void test_simple_syntax_errors(void **state)
{
    (void)state;
    static const struct {
        const char *cond;
        const char *code;
        unsigned column; /* 1-based code points */
        const char *message_part;
    } cases[] = {
        {"$statusCode = 200", "criterion-syntax", 13, "expected '&&', '||'"},
        {"1 < 2 < 3", "criterion-syntax", 7, "do not chain"},
        {"$statusCode == 200 == true", "criterion-syntax", 20, "do not chain"},
        {"!$inputs.x == 1", "criterion-syntax", 12, "cannot follow a negation"},
        {"($statusCode) == 200", "criterion-syntax", 15, "cannot follow"},
        {"(true", "criterion-syntax", 6, "expected ')'"},
        {"true)", "criterion-syntax", 5, "found ')'"},
        {"\"abc\" == 'abc'", "criterion-syntax", 1, "double quotes"},
        {"'abc == 1", "criterion-syntax", 1, "unterminated string"},
        {"abc == 1", "criterion-syntax", 1, "unknown word 'abc'"},
        {"TRUE", "criterion-syntax", 1, "unknown word"},
        {"01 == 1", "criterion-syntax", 1, "invalid number '01'"},
        {"1. == 1", "criterion-syntax", 1, "invalid number"},
        {"1e999 == 1", "criterion-syntax", 1, "out of range"},
        {"1 + 2", "criterion-syntax", 3, "found '+'"},       /* CRIT-18 */
        {"$statusCode * 2 > 1", "criterion-syntax", 13, ""}, /* CRIT-18 */
        {"$statusCode == 200 &&", "criterion-syntax", 22, "expected an operand"},
        {"$statusCode == 200 & true", "criterion-syntax", 20, ""},
        {"", "criterion-syntax", 1, "empty condition"},
        {"   ", "criterion-syntax", 1, "empty condition"},
        {"!!true", "criterion-syntax", 2, "expected an operand"},
        {"$statusCode == 200 ; x", "criterion-syntax", 20, "found ';'"},
        {"'\xc3\xa4' == 1 &&", "criterion-syntax", 12, "expected an operand"},
        {"$inputs.a,b == 1", "criterion-syntax", 10, "after the runtime expression"},
        {"$foo == 1", "expr-unknown-root", 0, ""},
        {"$response.body#x == 1", "expr-syntax", 0, "json pointer"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        az_diags *diags = az_diags_new();
        az_criterion *c = NULL;
        az_status st =
            az_criterion_compile(cases[i].cond, AZ_CRITERION_SIMPLE, NULL, NULL, NULL, diags, &c);
        if (st != AZ_ERR_SYNTAX)
            fail_msg("'%s': expected a syntax error, got %s", cases[i].cond, az_status_name(st));
        assert_null(c);
        assert_int_equal(az_diags_count(diags), 1);
        const az_diag *d = az_diags_get(diags, 0);
        if (strcmp(d->code, cases[i].code) != 0 ||
            (cases[i].column && d->column != cases[i].column) ||
            !strstr(d->message, cases[i].message_part)) {
            az_diags_render_text(diags, stderr, NULL);
            fail_msg("'%s': expected %s at column %u containing '%s'", cases[i].cond, cases[i].code,
                     cases[i].column, cases[i].message_part);
        }
        assert_int_equal(d->severity, AZ_SEVERITY_ERROR);
        assert_int_equal(d->line, 1);
        assert_true(d->span >= 1);
        assert_non_null(d->source_line);
        assert_string_equal(d->source_line, cases[i].cond);
        az_diags_free(diags);
    }
}

/* Parentheses nest up to AZ_CRITERION_MAX_NESTING deep, then fail with a position. */
static void test_simple_nesting_limit(void **state)
{
    (void)state;
    char buf[512];
    for (unsigned depth = AZ_CRITERION_MAX_NESTING; depth <= AZ_CRITERION_MAX_NESTING + 1;
         depth++) {
        size_t n = 0;
        for (unsigned i = 0; i < depth; i++)
            buf[n++] = '(';
        memcpy(buf + n, "true", 4);
        n += 4;
        for (unsigned i = 0; i < depth; i++)
            buf[n++] = ')';
        buf[n] = '\0';
        az_diags *diags = az_diags_new();
        az_criterion *c = NULL;
        az_status st = az_criterion_compile(buf, AZ_CRITERION_SIMPLE, NULL, NULL, NULL, diags, &c);
        if (depth == AZ_CRITERION_MAX_NESTING) {
            assert_int_equal(st, AZ_OK);
        } else {
            assert_int_equal(st, AZ_ERR_SYNTAX);
            const az_diag *d = az_diags_get(diags, 0);
            assert_string_equal(d->code, "criterion-syntax");
            assert_int_equal(d->column, AZ_CRITERION_MAX_NESTING + 1);
            assert_non_null(strstr(d->message, "nested deeper"));
        }
        az_criterion_free(c);
        az_diags_free(diags);
    }
    /* A long flat chain is not recursion: it compiles. */
    size_t n = 0;
    buf[n++] = '1';
    while (n + 3 < sizeof buf) {
        memcpy(buf + n, "&&1", 3);
        n += 3;
    }
    buf[n] = '\0';
    az_criterion *c = NULL;
    assert_int_equal(az_criterion_compile(buf, AZ_CRITERION_SIMPLE, NULL, NULL, NULL, NULL, &c),
                     AZ_OK);
    az_criterion_free(c);
}

/* A failure names the condition and the operand values (CRIT-05). */
static void test_simple_reasons(void **state)
{
    (void)state;
    static const struct {
        const char *cond;
        const char *reason;
    } cases[] = {
        {"$statusCode == 404",
         "criterion failed, because the condition '$statusCode == 404' is false "
         "($statusCode is 200)"},
        {"$response.body#/missing",
         "criterion failed, because the condition '$response.body#/missing' is false "
         "($response.body#/missing is undefined)"},
        {"$response.body.pets[0].name == 'cat'",
         "criterion failed, because the condition '$response.body.pets[0].name == 'cat'' is "
         "false ($response.body.pets[0].name is \"Rex\")"},
        {"false", "criterion failed, because the condition 'false' is false"},
    };
    json_object *root = json_tokener_parse(context_json);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *reason = NULL;
        assert_false(eval_one(root, cases[i].cond, &reason));
        assert_non_null(reason);
        assert_string_equal(reason, cases[i].reason);
        free(reason);
    }
    json_object_put(root);
}

/* A context given with a simple condition is ignored with a warning (CRIT-51). */
static void test_simple_context_ignored(void **state)
{
    (void)state;
    az_diags *diags = az_diags_new();
    az_criterion *c = NULL;
    assert_int_equal(
        az_criterion_compile("true", AZ_CRITERION_SIMPLE, NULL, "$response.body", NULL, diags, &c),
        AZ_OK);
    assert_int_equal(az_diags_count(diags), 1);
    assert_int_equal(az_diags_get(diags, 0)->severity, AZ_SEVERITY_WARNING);
    assert_string_equal(az_diags_get(diags, 0)->code, "criterion-context-ignored");
    az_criterion_free(c);
    az_diags_free(diags);
}

/*
 * Accessors are standard in simple conditions (CRIT-11), so strict options
 * accept them; a miscased keyword is still one error when strict (EXPR-07).
 */
static void test_simple_strict(void **state)
{
    (void)state;
    static const struct {
        const char *cond;
        bool strict;
        az_status status;
        size_t errors, warnings;
    } cases[] = {
        {"$response.body.pets[0].id > 0", true, AZ_OK, 0, 0},
        {"$response.body.pets[0].id > 0", false, AZ_OK, 0, 0},
        {"$StatusCode == 200", false, AZ_OK, 0, 1},
        {"$StatusCode == 200", true, AZ_ERR_SYNTAX, 1, 0},
        {"$Response.Body.a == $StatusCode", true, AZ_ERR_SYNTAX, 1, 0},
        /* A `{$` inside a simple condition's string literal is literal text. */
        {"'{$inputs.x}' == '{$INPUTS.X}'", true, AZ_OK, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        az_expr_opts opts = {.strict = cases[i].strict};
        az_diags *diags = az_diags_new();
        az_criterion *c = NULL;
        az_status st =
            az_criterion_compile(cases[i].cond, AZ_CRITERION_SIMPLE, NULL, NULL, &opts, diags, &c);
        if (st != cases[i].status ||
            az_diags_count_severity(diags, AZ_SEVERITY_ERROR) != cases[i].errors ||
            az_diags_count_severity(diags, AZ_SEVERITY_WARNING) != cases[i].warnings) {
            az_diags_render_text(diags, stderr, NULL);
            fail_msg("'%s' (strict %d): expected %s", cases[i].cond, cases[i].strict,
                     az_status_name(cases[i].status));
        }
        if (st == AZ_OK) {
            bool passed = false;
            az_expr_context ctx;
            json_object *root = json_tokener_parse(context_json);
            az_expr_context_from_json(root, &ctx);
            assert_int_equal(az_criterion_eval(c, &ctx, &passed, NULL), AZ_OK);
            assert_true(passed);
            json_object_put(root);
        }
        az_criterion_free(c);
        az_diags_free(diags);
    }
}

/* Runs the simple-condition tests. */
int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple_outcomes),        cmocka_unit_test(test_simple_syntax_errors),
        cmocka_unit_test(test_simple_nesting_limit),   cmocka_unit_test(test_simple_reasons),
        cmocka_unit_test(test_simple_context_ignored), cmocka_unit_test(test_simple_strict),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
