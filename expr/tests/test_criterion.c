/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_criterion.c - the criterion dispatcher (checklist 2.11, 2.12, 4.1,
 * 4.4, 4.5, 4.6): jsonpath criteria pass on a non-empty nodelist (CRIT-30,
 * CRIT-31) over JSON contexts (CRIT-32) including the filter trap of
 * CRIT-33; xpath criteria pass on the effective boolean value (CRIT-40,
 * CRIT-41) over XML contexts (CRIT-42); versions (CET-01, CET-02); the
 * context rules (CRI-03, CRIT-03, CRIT-50); `{$...}` substitution
 * (CRIT-04); and failures with reasons instead of errors (CRIT-05).
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
    "{\"statusCode\": 200,"
    " \"response\": {\"body\": {\"access_token\": \"t\", \"pets\": [{\"id\": 7}, {\"id\": 9}],"
    "   \"wrapped\": [{\"pets\": [1]}], \"deep\": {}}},"
    " \"inputs\": {\"id\": 7, \"text\": \"hello\", \"nul\": null, \"jsontext\": \" {\\\"a\\\": "
    "1}\","
    "   \"xml\": \"<pets><pet id='1'>Rex</pet><pet id='2'>Tom</pet></pets>\","
    "   \"nsxml\": \"<p:pets xmlns:p='urn:p'><p:pet/></p:pets>\","
    "   \"xxe\": \"<!DOCTYPE a [<!ENTITY e SYSTEM 'file:///etc/hostname'>]><a>&e;</a>\","
    "   \"jsonjunk\": \"{\\\"a\\\": 1} x\", \"tag\": \"pet\"}}";

/* One criterion and its expected outcome. */
typedef struct crit_case {
    az_criterion_type type;
    const char *version;
    const char *condition;
    const char *context;
    bool expected;
    const char *reason_part; /* for failures; NULL to skip */
} crit_case;

/* Compiles and evaluates one case against `root`, checking the outcome. */
static void run_case(json_object *root, const crit_case *k)
{
    az_expr_context ctx;
    az_criterion *c = NULL;
    az_diags *diags = az_diags_new();
    bool passed = !k->expected;
    char *reason = NULL;
    az_expr_context_from_json(root, &ctx);
    az_status st =
        az_criterion_compile(k->condition, k->type, k->version, k->context, NULL, diags, &c);
    if (st != AZ_OK) {
        az_diags_render_text(diags, stderr, NULL);
        fail_msg("'%s' does not compile: %s", k->condition, az_status_name(st));
    }
    assert_int_equal(az_diags_count_severity(diags, AZ_SEVERITY_ERROR), 0);
    assert_int_equal(az_criterion_get_type(c), k->type);
    assert_string_equal(az_criterion_get_condition(c), k->condition);
    assert_int_equal(az_criterion_eval(c, &ctx, &passed, &reason), AZ_OK);
    if (passed != k->expected)
        fail_msg("%s '%s' on %s: expected %s (%s)", az_criterion_type_name(k->type), k->condition,
                 k->context, k->expected ? "pass" : "fail", reason ? reason : "no reason");
    if (!passed) {
        assert_non_null(reason);
        assert_non_null(strstr(reason, "criterion failed, because "));
        if (k->reason_part && !strstr(reason, k->reason_part))
            fail_msg("'%s': reason '%s' lacks '%s'", k->condition, reason, k->reason_part);
    } else {
        assert_null(reason);
    }
    free(reason);
    az_criterion_free(c);
    az_diags_free(diags);
}

/* JSONPath criteria (CRIT-30..33, CRIT-04). */
static void test_criterion_jsonpath(void **state)
{
    (void)state;
    static const crit_case cases[] = {
        {AZ_CRITERION_JSONPATH, NULL, "$.pets[?@.id == 7]", "$response.body", true, NULL},
        {AZ_CRITERION_JSONPATH, NULL, "$.pets[?@.id == 8]", "$response.body", false,
         "the jsonpath '$.pets[?@.id == 8]' selected nothing in the value of $response.body"},
        /* CRIT-33: filters iterate over the children of the object. */
        {AZ_CRITERION_JSONPATH, NULL, "$[?count(@.pets) > 0]", "$response.body", false, NULL},
        {AZ_CRITERION_JSONPATH, NULL, "$[?count(@.pets) > 0]", "$response.body#/wrapped", true,
         NULL},
        {AZ_CRITERION_JSONPATH, NULL, "$[?@.access_token != null]", "$response.body", true, NULL},
        {AZ_CRITERION_JSONPATH, NULL, "$[?@.access_token != null]", "$response.body#/deep", false,
         NULL},
        {AZ_CRITERION_JSONPATH, NULL, "$", "$statusCode", true, NULL},
        /* CRIT-32: a string holding a JSON object or array is parsed. */
        {AZ_CRITERION_JSONPATH, NULL, "$.a", "$inputs.jsontext", true, NULL},
        {AZ_CRITERION_JSONPATH, NULL, "$.a", "$inputs.text", false, NULL},
        {AZ_CRITERION_JSONPATH, NULL, "$.a", "$inputs.jsonjunk", false, NULL},
        /* CRIT-31: null and undefined contexts fail. */
        {AZ_CRITERION_JSONPATH, NULL, "$", "$inputs.nul", false, "is null"},
        {AZ_CRITERION_JSONPATH, NULL, "$", "$inputs.missing", false, "is undefined"},
        /* CRIT-04. */
        {AZ_CRITERION_JSONPATH, NULL, "$.pets[?@.id == {$inputs.id}]", "$response.body", true,
         NULL},
        {AZ_CRITERION_JSONPATH, NULL, "$.pets[?@.id == {$inputs.text}]", "$response.body", false,
         "invalid jsonpath '$.pets[?@.id == hello]' at column"},
    };
    json_object *root = json_tokener_parse(context_json);
    assert_non_null(root);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(root, &cases[i]);
    json_object_put(root);
}

/* XPath criteria (CRIT-40..42, CRIT-04). */
static void test_criterion_xpath(void **state)
{
    (void)state;
    static const crit_case cases[] = {
        {AZ_CRITERION_XPATH, "xpath-10", "/pets/pet[@id='1']", "$inputs.xml", true, NULL},
        {AZ_CRITERION_XPATH, "xpath-10", "/pets/pet[@id='3']", "$inputs.xml", false,
         "the xpath '/pets/pet[@id='3']' is false for the value of $inputs.xml"},
        /* CRIT-41: effective boolean value. */
        {AZ_CRITERION_XPATH, "xpath-10", "count(/pets/pet) = 2", "$inputs.xml", true, NULL},
        {AZ_CRITERION_XPATH, "xpath-10", "count(/pets/pet) = 3", "$inputs.xml", false, NULL},
        {AZ_CRITERION_XPATH, "xpath-10", "count(/pets/pet)", "$inputs.xml", true, NULL},
        {AZ_CRITERION_XPATH, "xpath-10", "0", "$inputs.xml", false, NULL},
        {AZ_CRITERION_XPATH, "xpath-10", "string(/pets/pet[1])", "$inputs.xml", true, NULL},
        {AZ_CRITERION_XPATH, "xpath-10", "string(/pets/none)", "$inputs.xml", false, NULL},
        {AZ_CRITERION_XPATH, "xpath-10", "/*[local-name()='pets']/*", "$inputs.nsxml", true, NULL},
        /* CRIT-40: the default and 2.0/3.0 run the XPath 1.0 subset. */
        {AZ_CRITERION_XPATH, NULL, "/pets/pet[. = 'Tom']", "$inputs.xml", true, NULL},
        {AZ_CRITERION_XPATH, "xpath-30", "/pets/pet[. = 'Tom']", "$inputs.xml", true, NULL},
        /* CRIT-42: the context must be XML. */
        {AZ_CRITERION_XPATH, "xpath-10", "/", "$inputs.text", false,
         "the context $inputs.text is not well-formed xml"},
        {AZ_CRITERION_XPATH, "xpath-10", "/", "$statusCode", false,
         "the context $statusCode is not xml but a json int"},
        {AZ_CRITERION_XPATH, "xpath-10", "/", "$inputs.nul", false, "not xml but a json null"},
        {AZ_CRITERION_XPATH, "xpath-10", "/", "$inputs.missing", false, "is undefined"},
        /* No external entity is loaded. */
        {AZ_CRITERION_XPATH, "xpath-10", "string-length(/a) > 0", "$inputs.xxe", false, NULL},
        /* Evaluation errors fail (an unknown variable). */
        {AZ_CRITERION_XPATH, "xpath-10", "$nope", "$inputs.xml", false,
         "could not be evaluated: undefined variable"},
        {AZ_CRITERION_XPATH, "xpath-10", "cunt(/pets)", "$inputs.xml", false,
         "could not be evaluated: unknown function"},
        {AZ_CRITERION_XPATH, "xpath-10", "/p:pets", "$inputs.nsxml", false,
         "undefined namespace prefix"},
        /* CRIT-04. */
        {AZ_CRITERION_XPATH, "xpath-10", "/pets/{$inputs.tag}[@id='2']", "$inputs.xml", true, NULL},
        {AZ_CRITERION_XPATH, "xpath-10", "/pets/{$inputs.text}[", "$inputs.xml", false,
         "invalid xpath '/pets/hello['"},
    };
    json_object *root = json_tokener_parse(context_json);
    assert_non_null(root);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(root, &cases[i]);
    json_object_put(root);
}

/* Compile-time errors and warnings (CET-01, CET-02, CRIT-40, CRI-03). */
static void test_criterion_compile_diags(void **state)
{
    (void)state;
    static const struct {
        az_criterion_type type;
        const char *version;
        const char *condition;
        const char *context;
        az_status status;
        const char *code;
        az_severity severity;
        unsigned column; /* 0: no position */
        const char *message_part;
    } cases[] = {
        {AZ_CRITERION_JSONPATH, "draft-goessner-dispatch-jsonpath-00", "$.a", "$response.body",
         AZ_ERR_INVALID, "criterion-unsupported", AZ_SEVERITY_ERROR, 0,
         "unsupported jsonpath dialect"},
        {AZ_CRITERION_JSONPATH, "rfc9535", "$.a", "$response.body", AZ_ERR_INVALID,
         "criterion-unsupported", AZ_SEVERITY_ERROR, 0, "unknown jsonpath version 'rfc9535'"},
        {AZ_CRITERION_JSONPATH, NULL, "$.pets[", "$response.body", AZ_ERR_SYNTAX, "jsonpath-syntax",
         AZ_SEVERITY_ERROR, 8, ""},
        {AZ_CRITERION_JSONPATH, NULL, "$.a", NULL, AZ_ERR_INVALID, "criterion-context-missing",
         AZ_SEVERITY_ERROR, 0, "needs a context"},
        {AZ_CRITERION_JSONPATH, NULL, "$.a{$inputs", "$response.body", AZ_ERR_SYNTAX,
         "expr-unterminated", AZ_SEVERITY_ERROR, 4, ""},
        {AZ_CRITERION_XPATH, "xpath-31", "/a", "$response.body", AZ_ERR_INVALID,
         "criterion-unsupported", AZ_SEVERITY_ERROR, 0, "unknown xpath version 'xpath-31'"},
        {AZ_CRITERION_XPATH, "xpath-10", "/pets/[", "$response.body", AZ_ERR_SYNTAX,
         "criterion-xpath", AZ_SEVERITY_ERROR, 0, "invalid xpath"},
        {AZ_CRITERION_XPATH, "xpath-20", "for $x in /a return $x", "$response.body", AZ_ERR_INVALID,
         "criterion-unsupported", AZ_SEVERITY_ERROR, 0, "xpath 2.0 expression"},
        {AZ_CRITERION_XPATH, NULL, "/a", "$response.body", AZ_OK, "criterion-xpath-subset",
         AZ_SEVERITY_WARNING, 1, "xpath 3.1 requested"},
        {AZ_CRITERION_XPATH, "xpath-20", "/a", "$response.body", AZ_OK, "criterion-xpath-subset",
         AZ_SEVERITY_WARNING, 1, "xpath 2.0 requested"},
        {AZ_CRITERION_XPATH, NULL, "/{$inputs.tag}", "$response.body", AZ_OK,
         "criterion-xpath-subset", AZ_SEVERITY_WARNING, 0, "substituted expression"},
        {AZ_CRITERION_SIMPLE, NULL, NULL, NULL, AZ_ERR_INVALID, "criterion-syntax",
         AZ_SEVERITY_ERROR, 0, "needs a condition"},
        {AZ_CRITERION_SIMPLE, "xpath-10", "true", NULL, AZ_ERR_INVALID, "criterion-unsupported",
         AZ_SEVERITY_ERROR, 0, "has no version"},
        {AZ_CRITERION_XPATH, NULL, "/a", "$response.body ", AZ_ERR_SYNTAX, "expr-syntax",
         AZ_SEVERITY_ERROR, 15, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        az_diags *diags = az_diags_new();
        az_criterion *c = NULL;
        az_status st = az_criterion_compile(cases[i].condition, cases[i].type, cases[i].version,
                                            cases[i].context, NULL, diags, &c);
        assert_int_equal(az_diags_count(diags), 1);
        const az_diag *d = az_diags_get(diags, 0);
        if (st != cases[i].status || strcmp(d->code, cases[i].code) != 0 ||
            d->severity != cases[i].severity || (cases[i].column && d->column != cases[i].column) ||
            !strstr(d->message, cases[i].message_part)) {
            az_diags_render_text(diags, stderr, NULL);
            fail_msg("case %zu '%s': expected %s %s at column %u, got %s", i, cases[i].condition,
                     az_status_name(cases[i].status), cases[i].code, cases[i].column,
                     az_status_name(st));
        }
        if (cases[i].column) {
            assert_int_equal(d->line, 1);
            assert_non_null(d->source_line);
        }
        if (st == AZ_OK)
            assert_non_null(c);
        else
            assert_null(c);
        az_criterion_free(c);
        az_diags_free(diags);
    }
    /* An XPath syntax error is positioned in the condition. */
    az_diags *diags = az_diags_new();
    az_criterion *c = NULL;
    assert_int_equal(az_criterion_compile("/pets/pet[", AZ_CRITERION_XPATH, "xpath-10",
                                          "$response.body", NULL, diags, &c),
                     AZ_ERR_SYNTAX);
    const az_diag *d = az_diags_get(diags, 0);
    assert_int_equal(d->line, 1);
    assert_true(d->column >= 1 && d->column <= 11);
    assert_string_equal(d->source_line, "/pets/pet[");
    az_diags_free(diags);
}

/* An entity-expansion bomb is rejected by the parser, not expanded (CRIT-42). */
static void test_criterion_xml_bomb(void **state)
{
    (void)state;
    char xml[2048];
    size_t n = (size_t)snprintf(xml, sizeof xml, "<!DOCTYPE a [<!ENTITY l0 'lol'>");
    for (int i = 1; i <= 9; i++) {
        n += (size_t)snprintf(xml + n, sizeof xml - n, "<!ENTITY l%d '", i);
        for (int k = 0; k < 10; k++)
            n += (size_t)snprintf(xml + n, sizeof xml - n, "&l%d;", i - 1);
        n += (size_t)snprintf(xml + n, sizeof xml - n, "'>");
    }
    snprintf(xml + n, sizeof xml - n, "]><a>&l9;</a>");
    json_object *root = json_object_new_object(), *inputs = json_object_new_object();
    json_object_object_add(inputs, "bomb", json_object_new_string(xml));
    json_object_object_add(root, "inputs", inputs);
    crit_case k = {
        AZ_CRITERION_XPATH, "xpath-10", "string-length(/a) > 0",
        "$inputs.bomb",     false,      "the context $inputs.bomb is not well-formed xml"};
    run_case(root, &k);
    json_object_put(root);
}

/* A costly XPath hits the operation limit and fails with a reason. */
static void test_criterion_xpath_op_limit(void **state)
{
    (void)state;
    size_t n = 3000;
    char *xml = malloc(n * 4 + 8);
    assert_non_null(xml);
    memcpy(xml, "<r>", 3);
    for (size_t i = 0; i < n; i++)
        memcpy(xml + 3 + 4 * i, "<a/>", 4);
    memcpy(xml + 3 + 4 * n, "</r>", 5);
    json_object *root = json_object_new_object(), *inputs = json_object_new_object();
    json_object_object_add(inputs, "big", json_object_new_string(xml));
    json_object_object_add(root, "inputs", inputs);
    crit_case k = {AZ_CRITERION_XPATH, "xpath-10", "count(//*[count(//*[count(//*) > 0]) > 0]) > 0",
                   "$inputs.big",      false,      "operation limit exceeded"};
    run_case(root, &k);
    json_object_put(root);
    free(xml);
}

/* A context lookup that fails. */
static az_status failing_lookup(void *user, az_expr_source source, const char *scope,
                                const char *name, json_object **value, bool *defined)
{
    (void)user;
    (void)source;
    (void)scope;
    (void)name;
    *value = NULL;
    *defined = false;
    return AZ_ERR_IO;
}

/* A failing context makes every kind of criterion fail with a reason (CRIT-05). */
static void test_criterion_failing_context(void **state)
{
    (void)state;
    static const struct {
        az_criterion_type type;
        const char *condition;
        const char *context;
    } cases[] = {
        {AZ_CRITERION_SIMPLE, "$statusCode == 200", NULL},
        {AZ_CRITERION_REGEX, "^200$", "$statusCode"},
        {AZ_CRITERION_JSONPATH, "$", "$response.body"},
        {AZ_CRITERION_XPATH, "/", "$response.body"},
        {AZ_CRITERION_REGEX, "{$inputs.x}", "$url"},
    };
    az_expr_context ctx = {.lookup = failing_lookup};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        az_criterion *c = NULL;
        bool passed = true;
        char *reason = NULL;
        assert_int_equal(
            az_criterion_compile(cases[i].condition, cases[i].type,
                                 cases[i].type == AZ_CRITERION_XPATH ? "xpath-10" : NULL,
                                 cases[i].context, NULL, NULL, &c),
            AZ_OK);
        assert_int_equal(az_criterion_eval(c, &ctx, &passed, &reason), AZ_OK);
        assert_false(passed);
        assert_non_null(reason);
        assert_non_null(strstr(reason, "could not be evaluated"));
        free(reason);
        /* The reason is optional. */
        assert_int_equal(az_criterion_eval(c, &ctx, &passed, NULL), AZ_OK);
        assert_false(passed);
        az_criterion_free(c);
    }
    az_criterion_free(NULL);
}

/* Runs the criterion dispatcher tests. */
int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_criterion_jsonpath),
        cmocka_unit_test(test_criterion_xpath),
        cmocka_unit_test(test_criterion_compile_diags),
        cmocka_unit_test(test_criterion_xml_bomb),
        cmocka_unit_test(test_criterion_xpath_op_limit),
        cmocka_unit_test(test_criterion_failing_context),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
