/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_bare.c - bare runtime expressions embedded in strings ("Bearer
 * $inputs.token", the form Redocly's runner substitutes): the rewrite into
 * template form, and az_expr_eval_tree with and without opts.bare_embedded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "arazzo/expr.h"

/* Checks one rewrite (NULL: none expected). */
static void check(const char *in, const char *expected)
{
    char *out = az_template_from_bare(in);
    if (!expected) {
        if (out)
            fail_msg("'%s': expected no rewrite, got '%s'", in, out);
        return;
    }
    if (!out || strcmp(out, expected) != 0)
        fail_msg("'%s': expected '%s', got '%s'", in, expected, out ? out : "(none)");
    free(out);
}

/* The rewrite: after a space or tab, a known root, up to where it ends. */
static void test_rewrite(void **state)
{
    (void)state;
    check("Bearer $inputs.accessToken", "Bearer {$inputs.accessToken}");
    check("a $inputs.x and\t$steps.s.outputs.y!", "a {$inputs.x} and\t{$steps.s.outputs.y}!");
    check("code $statusCode", "code {$statusCode}");
    check("$inputs.x", NULL);          /* a whole expression stays typed */
    check("price $5 today", NULL);     /* not a runtime expression */
    check("x$inputs.a", NULL);         /* not after a space */
    check("Bearer {$inputs.a}", NULL); /* already a template */
    check("query $.items[*]", NULL);   /* JSONPath text stays literal */
    check("", NULL);
}

/* A context with inputs.token = "t0k". */
static void eval(const char *text, bool bare, const char *expected)
{
    json_object *root = json_tokener_parse("{\"inputs\": {\"token\": \"t0k\"}}");
    az_expr_context ctx;
    az_expr_context_from_json(root, &ctx);
    az_expr_opts opts = {.bare_embedded = bare};
    json_object *in = json_object_new_string(text), *out = NULL;
    size_t undefined = 0;
    assert_int_equal(az_expr_eval_tree(in, &opts, &ctx, NULL, &out, &undefined), AZ_OK);
    assert_string_equal(json_object_get_string(out), expected);
    json_object_put(in);
    json_object_put(out);
    json_object_put(root);
}

/* az_expr_eval_tree substitutes them only when asked. */
static void test_eval_tree(void **state)
{
    (void)state;
    eval("Bearer $inputs.token", true, "Bearer t0k");
    eval("Bearer $inputs.token", false, "Bearer $inputs.token");
    eval("Bearer {$inputs.token}", true, "Bearer t0k");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rewrite),
        cmocka_unit_test(test_eval_tree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
