/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_regex.c - `regex` criteria (checklist 4.3): PCRE2 patterns searched
 * anywhere in the text of the context (CRIT-20, CRIT-21), non-string
 * contexts converted per EXPR-42 and null/undefined contexts failing
 * (CRIT-22), the match limit against catastrophic backtracking, positioned
 * compile errors, and `{$...}` substitution before compiling (CRIT-04)
 * whose errors fail the criterion with a reason (CRIT-05).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arazzo/expr.h"

static const char context_json[] =
    "{\"statusCode\": 200,"
    " \"inputs\": {\"text\": \"hello world\", \"nl\": \"200\\n\", \"uni\": \"\\u03a9mega\","
    "   \"obj\": {\"a\": 1}, \"flag\": true, \"nul\": null, \"prefix\": \"hel\","
    "   \"bad\": \"(\", \"dollar\": \"a$b\"}}";

/* One regex criterion and its expected outcome. */
typedef struct regex_case {
    const char *pattern;
    const char *context;
    bool expected;
    const char *reason_part; /* for failures; NULL to skip */
} regex_case;

/* Compiles and evaluates one case against `root`, checking the outcome. */
static void run_case(json_object *root, const regex_case *k)
{
    az_expr_context ctx;
    az_criterion *c = NULL;
    az_diags *diags = az_diags_new();
    bool passed = !k->expected;
    char *reason = NULL;
    az_expr_context_from_json(root, &ctx);
    az_status st =
        az_criterion_compile(k->pattern, AZ_CRITERION_REGEX, NULL, k->context, NULL, diags, &c);
    if (st != AZ_OK) {
        az_diags_render_text(diags, stderr, NULL);
        fail_msg("'%s' does not compile: %s", k->pattern, az_status_name(st));
    }
    assert_int_equal(az_criterion_eval(c, &ctx, &passed, &reason), AZ_OK);
    if (passed != k->expected)
        fail_msg("'%s' on %s: expected %s (%s)", k->pattern, k->context,
                 k->expected ? "pass" : "fail", reason ? reason : "no reason");
    if (!passed) {
        assert_non_null(reason);
        assert_non_null(strstr(reason, "criterion failed, because "));
        if (k->reason_part && !strstr(reason, k->reason_part))
            fail_msg("'%s': reason '%s' lacks '%s'", k->pattern, reason, k->reason_part);
    } else {
        assert_null(reason);
    }
    free(reason);
    az_criterion_free(c);
    az_diags_free(diags);
}

/* Patterns match as expected (CRIT-20, CRIT-21, CRIT-22, CRIT-04). */
static void test_regex_outcomes(void **state)
{
    (void)state;
    static const regex_case cases[] = {
        {"^200$", "$statusCode", true, NULL}, /* the spec example: an integer */
        {"^20", "$statusCode", true, NULL},
        {"^\\d+$", "$statusCode", true, NULL},
        {"^404$", "$statusCode", false,
         "'200' (the value of $statusCode) does not match the regex '^404$'"},
        {"wor", "$inputs.text", true, NULL}, /* CRIT-21: unanchored */
        {"^wor", "$inputs.text", false, NULL},
        {"WORLD", "$inputs.text", false, NULL}, /* case-sensitive */
        {"(?i)WORLD", "$inputs.text", true, NULL},
        {"^200$", "$inputs.nl", false, NULL},           /* `$` only at the very end */
        {"^.mega$", "$inputs.uni", true, NULL},         /* code points, not bytes */
        {"\\u03A9", "$inputs.uni", true, NULL},         /* ECMAScript \uhhhh */
        {"^\\{\"a\":1\\}$", "$inputs.obj", true, NULL}, /* EXPR-42: compact JSON */
        {"^true$", "$inputs.flag", true, NULL},
        {".*", "$inputs.nul", false, "the context $inputs.nul is null"},
        {".*", "$inputs.missing", false, "the context $inputs.missing is undefined"},
        {"", "$inputs.text", true, NULL},
        /* CRIT-04: substitution before compiling, as raw text. */
        {"^{$inputs.prefix}lo", "$inputs.text", true, NULL},
        {"^{$inputs.prefix}x", "$inputs.text", false, "does not match the regex '^helx'"},
        {"{$inputs.missing}x", "$inputs.text", false, "undefined value"},
        {"a{$inputs.bad}", "$inputs.text", false, "invalid regex 'a('"},
        {"^a\\{$inputs.dollar}", "$inputs.text", false, NULL},
    };
    json_object *root = json_tokener_parse(context_json);
    assert_non_null(root);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(root, &cases[i]);
    json_object_put(root);
}

/* Catastrophic backtracking hits the match limit and fails, quickly. */
static void test_regex_match_limit(void **state)
{
    (void)state;
    char subject[64];
    memset(subject, 'a', sizeof subject - 2);
    subject[sizeof subject - 2] = '!';
    subject[sizeof subject - 1] = '\0';
    json_object *root = json_object_new_object();
    json_object *inputs = json_object_new_object();
    json_object_object_add(inputs, "long", json_object_new_string(subject));
    json_object_object_add(root, "inputs", inputs);
    regex_case k = {"(a+)+$", "$inputs.long", false, "match limit"};
    clock_t t0 = clock();
    run_case(root, &k);
    assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 10.0);
    json_object_put(root);
}

/* Invalid patterns are positioned syntax errors at compile time (CRIT-05). */
static void test_regex_compile_errors(void **state)
{
    (void)state;
    static const struct {
        const char *pattern;
        unsigned column;
    } cases[] = {
        {"(abc", 5}, {"[z-a]", 4}, {"\xc3\xa4\xc3\xa4(", 4}, /* code-point columns */
        {"a**", 3},  {"\\", 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        az_diags *diags = az_diags_new();
        az_criterion *c = NULL;
        assert_int_equal(az_criterion_compile(cases[i].pattern, AZ_CRITERION_REGEX, NULL,
                                              "$statusCode", NULL, diags, &c),
                         AZ_ERR_SYNTAX);
        assert_null(c);
        assert_int_equal(az_diags_count(diags), 1);
        const az_diag *d = az_diags_get(diags, 0);
        if (strcmp(d->code, "criterion-regex") != 0 || d->column != cases[i].column) {
            az_diags_render_text(diags, stderr, NULL);
            fail_msg("'%s': expected criterion-regex at column %u", cases[i].pattern,
                     cases[i].column);
        }
        assert_int_equal(d->line, 1);
        assert_string_equal(d->source_line, cases[i].pattern);
        assert_non_null(strstr(d->message, "invalid regex: "));
        az_diags_free(diags);
    }
}

/* A regex criterion needs a context (CRI-03) and has no version (CET-01). */
static void test_regex_context_and_version(void **state)
{
    (void)state;
    az_diags *diags = az_diags_new();
    az_criterion *c = NULL;
    assert_int_equal(az_criterion_compile("^200$", AZ_CRITERION_REGEX, NULL, NULL, NULL, diags, &c),
                     AZ_ERR_INVALID);
    assert_string_equal(az_diags_get(diags, 0)->code, "criterion-context-missing");
    assert_int_equal(az_criterion_compile("^200$", AZ_CRITERION_REGEX, "xpath-10", "$statusCode",
                                          NULL, diags, &c),
                     AZ_ERR_INVALID);
    assert_string_equal(az_diags_get(diags, 1)->code, "criterion-unsupported");
    assert_int_equal(
        az_criterion_compile("^200$", AZ_CRITERION_REGEX, NULL, "$nope", NULL, diags, &c),
        AZ_ERR_SYNTAX);
    assert_string_equal(az_diags_get(diags, 2)->code, "expr-unknown-root");
    assert_null(c);
    az_diags_free(diags);
}

/* Runs the regex criterion tests. */
int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_regex_outcomes),
        cmocka_unit_test(test_regex_match_limit),
        cmocka_unit_test(test_regex_compile_errors),
        cmocka_unit_test(test_regex_context_and_version),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
