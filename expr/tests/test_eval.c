/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_expr_eval.c - evaluating runtime expressions (checklist 3.2-3.4)
 * against the JSON context of az_expr_context_from_json and against a
 * callback context: every source (EXPR-10..1A), case-insensitive headers
 * (EXPR-07), the first of repeated headers (EXPR-21), dotted names longest
 * match first (EXPR-20), undefined versus null (EXPR-22), type preservation
 * (EXPR-23) and pointers (EXPR-30..32).
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
    "{\"url\": \"https://api.example.com/pets/1?x=1\", \"method\": \"GET\", \"statusCode\": 200,"
    " \"request\": {\"header\": {\"X-Api-Key\": \"k1\"}, \"query\": {\"limit\": \"10\"},"
    "   \"path\": {\"id\": \"1\"}, \"body\": {\"name\": \"rex\"}},"
    " \"response\": {\"header\": {\"Content-Type\": \"application/json\","
    "   \"Set-Cookie\": [\"a=1\", \"b=2\"]},"
    "   \"body\": {\"data\": [{\"id\": 7, \"tags\": null}], \"a/b\": 1, \"m~n\": 2, \"nul\": "
    "null}},"
    " \"inputs\": {\"x-api-key\": \"secret\", \"customer\": {\"firstName\": \"Ada\"},"
    "   \"a\": {\"b\": {\"c\": 1}, \"x\": 5}, \"a.b\": {\"c\": 2}, \"n\": 3.5, \"flag\": true},"
    " \"outputs\": {\"result\": [1, 2]},"
    " \"steps\": {\"getPet\": {\"outputs\": {\"pets\": [{\"id\": 1}], \"page.size\": 20}}},"
    " \"workflows\": {\"wf1\": {\"inputs\": {\"user\": \"u\"},"
    "   \"outputs\": {\"name\": {\"name\": \"N\"}}}},"
    " \"sourceDescriptions\": {\"petstore\": {\"url\": \"https://x/openapi.yaml\"}},"
    " \"components\": {\"parameters\": {\"page.size\": {\"name\": \"size\"}}}}";

/* The marker of an undefined result in the tables below. */
#define UNDEF NULL

/* Every source evaluates to its JSON value, or to undefined. */
static void test_eval_json_context(void **state)
{
    (void)state;
    static const struct {
        const char *expr;
        const char *expected; /* compact JSON, or UNDEF */
    } cases[] = {
        {"$url", "\"https://api.example.com/pets/1?x=1\""},
        {"$method", "\"GET\""},
        {"$statusCode", "200"},                  /* EXPR-23: stays a number */
        {"$request.header.x-api-key", "\"k1\""}, /* EXPR-07 */
        {"$response.header.CONTENT-TYPE", "\"application/json\""},
        {"$response.header.set-cookie", "\"a=1\""}, /* EXPR-21 */
        {"$response.header.missing", UNDEF},
        {"$request.query.limit", "\"10\""},
        {"$request.query.offset", UNDEF},
        {"$request.path.id", "\"1\""},
        {"$request.body", "{\"name\":\"rex\"}"},
        {"$request.body#/name", "\"rex\""},
        {"$request.body#/name/x", UNDEF}, /* a pointer into a string */
        {"$response.body#/data/0/id", "7"},
        {"$response.body#/data/0/tags", "null"}, /* EXPR-22: null is defined */
        {"$response.body#/nul", "null"},
        {"$response.body#/missing", UNDEF},
        {"$response.body#/a~1b", "1"},
        {"$response.body#/m~0n", "2"},
        {"$response.body#/data/5", UNDEF},
        {"$response.body#/data/-", UNDEF}, /* EXPR-31 */
        {"$response.body#",
         "{\"data\":[{\"id\":7,\"tags\":null}],\"a/b\":1,\"m~n\":2,\"nul\":null}"},
        {"$response.body.data[0].id", "7"},
        {"$inputs.x-api-key", "\"secret\""},
        {"$inputs.customer#/firstName", "\"Ada\""}, /* EXPR-04 */
        {"$inputs.customer", "{\"firstName\":\"Ada\"}"},
        /* EXPR-20: "a.b" is declared, so it wins over "a" then ".b". */
        {"$inputs.a.b", "{\"c\":2}"},
        {"$inputs.a.b.c", "2"},
        {"$inputs.a.x", "5"},
        {"$inputs.a.y", UNDEF},
        {"$inputs.a.b#/c", "2"},
        {"$inputs.n", "3.5"},
        {"$inputs.flag", "true"},
        {"$inputs.zz", UNDEF},
        {"$outputs.result#/1", "2"},
        {"$outputs.result", "[1,2]"},
        {"$steps.getPet.outputs.pets#/0/id", "1"},
        {"$steps.getPet.outputs.page.size", "20"},
        {"$steps.nope.outputs.x", UNDEF},
        {"$workflows.wf1.inputs.user", "\"u\""},
        {"$workflows.wf1.outputs.name#/name", "\"N\""},
        {"$workflows.wf2.outputs.name", UNDEF},
        {"$sourceDescriptions.petstore.url", "\"https://x/openapi.yaml\""},
        {"$sourceDescriptions.other.url", UNDEF},
        {"$components.parameters.page.size", "{\"name\":\"size\"}"},
        {"$components.successActions.x", UNDEF},
    };
    json_object *root = json_tokener_parse(context_json);
    assert_non_null(root);
    az_expr_context ctx;
    az_expr_context_from_json(root, &ctx);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        az_expr *e = NULL;
        if (az_expr_compile(cases[i].expr, NULL, NULL, &e) != AZ_OK)
            fail_msg("'%s' does not compile", cases[i].expr);
        json_object *v = (json_object *)&v;
        bool defined = true;
        assert_int_equal(az_expr_eval(e, &ctx, &v, &defined), AZ_OK);
        if (!cases[i].expected) {
            if (defined)
                fail_msg("'%s' is defined", cases[i].expr);
            assert_null(v);
        } else {
            if (!defined)
                fail_msg("'%s' is undefined", cases[i].expr);
            const char *got = v ? json_object_to_json_string_ext(
                                      v, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)
                                : "null";
            if (strcmp(got, cases[i].expected) != 0)
                fail_msg("'%s' gave %s, expected %s", cases[i].expr, got, cases[i].expected);
        }
        json_object_put(v);
        az_expr_free(e);
    }
    json_object_put(root);
}

/* A callback context: records the names it is asked for. */
typedef struct probe {
    char asked[8][64];
    size_t n;
    json_object *body; /* what the body lookup returns (borrowed) */
    bool fail;
} probe;

/* Answers only the input "a.b" and a body; records every name asked. */
static az_status probe_lookup(void *user, az_expr_source source, const char *scope,
                              const char *name, json_object **value, bool *defined)
{
    probe *p = user;
    (void)scope;
    *value = NULL;
    *defined = false;
    if (p->fail)
        return AZ_ERR_INVALID;
    if (source == AZ_EXPR_RESPONSE_BODY) {
        *value = json_object_get(p->body);
        *defined = true;
        return AZ_OK;
    }
    if (p->n < 8)
        snprintf(p->asked[p->n++], sizeof p->asked[0], "%s", name);
    if (strcmp(name, "a.b") == 0) {
        *value = json_tokener_parse("{\"c\": {\"d\": 4}}");
        *defined = true;
    }
    return AZ_OK;
}

/* Without has_name, candidates are tried longest first (EXPR-20). */
static void test_eval_callback_longest_first(void **state)
{
    (void)state;
    probe p = {0};
    az_expr_context ctx = {&p, probe_lookup, NULL};
    az_expr *e = NULL;
    assert_int_equal(az_expr_compile("$inputs.a.b.c.d", NULL, NULL, &e), AZ_OK);
    json_object *v = NULL;
    bool defined = false;
    assert_int_equal(az_expr_eval(e, &ctx, &v, &defined), AZ_OK);
    assert_true(defined);
    assert_int_equal(json_object_get_int(v), 4);
    assert_int_equal(p.n, 3);
    assert_string_equal(p.asked[0], "a.b.c.d");
    assert_string_equal(p.asked[1], "a.b.c");
    assert_string_equal(p.asked[2], "a.b");
    json_object_put(v);
    az_expr_free(e);
}

/* A lookup failure is passed on; a pointer into a text body is undefined (EXPR-32). */
static void test_eval_callback_errors_and_text(void **state)
{
    (void)state;
    probe p = {0};
    p.body = json_object_new_string("<pet><id>1</id></pet>");
    az_expr_context ctx = {&p, probe_lookup, NULL};
    az_expr *e = NULL;
    json_object *v = NULL;
    bool defined = true;

    assert_int_equal(az_expr_compile("$response.body#/id", NULL, NULL, &e), AZ_OK);
    assert_int_equal(az_expr_eval(e, &ctx, &v, &defined), AZ_OK);
    assert_false(defined);
    assert_null(v);
    az_expr_free(e);

    assert_int_equal(az_expr_compile("$response.body", NULL, NULL, &e), AZ_OK);
    assert_int_equal(az_expr_eval(e, &ctx, &v, &defined), AZ_OK);
    assert_true(defined);
    assert_string_equal(json_object_get_string(v), "<pet><id>1</id></pet>");
    json_object_put(v);

    p.fail = true;
    assert_int_equal(az_expr_eval(e, &ctx, &v, &defined), AZ_ERR_INVALID);
    assert_false(defined);
    assert_null(v);
    az_expr_free(e);
    json_object_put(p.body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eval_json_context),
        cmocka_unit_test(test_eval_callback_longest_first),
        cmocka_unit_test(test_eval_callback_errors_and_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
