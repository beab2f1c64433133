/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_expr_pointer.c - JSON Pointer extras: the URI-fragment form of
 * RFC 6901 section 6 (its examples, plus malformed escapes) and the RFC 6902
 * `add` and `replace` operations (the examples of RFC 6902 appendix A that
 * use them, and the index rules payload replacements rely on, PR-04).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "arazzo/expr.h"

/* The fragment examples of RFC 6901 section 6 and malformed fragments. */
static void test_pointer_fragment(void **state)
{
    (void)state;
    static const struct {
        const char *fragment;
        const char *expected; /* NULL: AZ_ERR_INVALID */
    } cases[] = {
        {"#", ""},
        {"#/foo", "/foo"},
        {"#/foo/0", "/foo/0"},
        {"#/", "/"},
        {"#/a~1b", "/a~1b"},
        {"#/c%25d", "/c%d"},
        {"#/e%5Ef", "/e^f"},
        {"#/g%7Ch", "/g|h"},
        {"#/i%5Cj", "/i\\j"},
        {"#/k%22l", "/k\"l"},
        {"#/%20", "/ "},
        {"#/m~0n", "/m~0n"},
        {"#/paths/~1pets%7Bid%7D", "/paths/~1pets{id}"},
        {"/plain", "/plain"},
        {"#/caf%C3%A9", "/caf\xc3\xa9"},
        {"#/a%2", NULL},
        {"#/a%zz", NULL},
        {"#/%00", NULL},
        {"#foo", NULL},
        {"#/a~2", NULL},
        {"#/a%7E", NULL}, /* decodes to a lone '~' */
        {"#/%FF", NULL},  /* not UTF-8 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = (char *)&out;
        az_status st = az_pointer_from_fragment(cases[i].fragment, &out);
        if (cases[i].expected) {
            if (st != AZ_OK)
                fail_msg("'%s': %s", cases[i].fragment, az_status_name(st));
            assert_string_equal(out, cases[i].expected);
            free(out);
        } else {
            if (st != AZ_ERR_INVALID)
                fail_msg("'%s': %s", cases[i].fragment, az_status_name(st));
            assert_null(out);
        }
    }
}

/* add and replace on documents, RFC 6902 appendix A and the index rules. */
static void test_pointer_patch(void **state)
{
    (void)state;
    static const struct {
        const char *doc;
        bool replace;
        const char *pointer, *value;
        az_status status;
        const char *expected; /* the document afterwards (unchanged on failure) */
    } cases[] = {
        /* A.1 adding an object member */
        {"{\"foo\":\"bar\"}", false, "/baz", "\"qux\"", AZ_OK, "{\"foo\":\"bar\",\"baz\":\"qux\"}"},
        /* A.2 adding an array element */
        {"{\"foo\":[\"bar\",\"baz\"]}", false, "/foo/1", "\"qux\"", AZ_OK,
         "{\"foo\":[\"bar\",\"qux\",\"baz\"]}"},
        /* A.5 replacing a value */
        {"{\"baz\":\"qux\",\"foo\":\"bar\"}", true, "/baz", "\"boo\"", AZ_OK,
         "{\"baz\":\"boo\",\"foo\":\"bar\"}"},
        /* A.10 adding a nested member object */
        {"{\"foo\":\"bar\"}", false, "/child", "{\"grandchild\":{}}", AZ_OK,
         "{\"foo\":\"bar\",\"child\":{\"grandchild\":{}}}"},
        /* A.12 adding to a nonexistent target */
        {"{\"foo\":\"bar\"}", false, "/baz/bat", "\"qux\"", AZ_ERR_NOT_FOUND, "{\"foo\":\"bar\"}"},
        /* A.16 adding an array value */
        {"{\"foo\":[\"bar\"]}", false, "/foo/-", "[\"abc\",\"def\"]", AZ_OK,
         "{\"foo\":[\"bar\",[\"abc\",\"def\"]]}"},
        /* Index rules. */
        {"[1,2]", false, "/0", "0", AZ_OK, "[0,1,2]"},
        {"[1,2]", false, "/2", "3", AZ_OK, "[1,2,3]"},
        {"[1,2]", false, "/3", "3", AZ_ERR_NOT_FOUND, "[1,2]"},
        {"[1,2]", false, "/01", "3", AZ_ERR_NOT_FOUND, "[1,2]"},
        {"[1,2]", false, "/x", "3", AZ_ERR_NOT_FOUND, "[1,2]"},
        {"[1,2]", true, "/1", "9", AZ_OK, "[1,9]"},
        {"[1,2]", true, "/2", "9", AZ_ERR_NOT_FOUND, "[1,2]"},
        {"[1,2]", true, "/-", "9", AZ_ERR_NOT_FOUND, "[1,2]"},
        {"[]", false, "/-", "1", AZ_OK, "[1]"},
        /* Members, escapes, replacing existing members with add. */
        {"{\"a\":1}", false, "/a", "2", AZ_OK, "{\"a\":2}"},
        {"{\"a\":1}", true, "/b", "2", AZ_ERR_NOT_FOUND, "{\"a\":1}"},
        {"{\"a\":{}}", false, "/a/b~1c~0", "1", AZ_OK, "{\"a\":{\"b/c~\":1}}"},
        {"{\"a\":{\"\":0}}", true, "/a/", "1", AZ_OK, "{\"a\":{\"\":1}}"},
        /* The whole document. */
        {"{\"a\":1}", false, "", "[true]", AZ_OK, "[true]"},
        {"{\"a\":1}", true, "", "null", AZ_OK, "null"},
        /* Malformed pointers and scalar parents. */
        {"{\"a\":1}", false, "a", "2", AZ_ERR_INVALID, "{\"a\":1}"},
        {"{\"a\":1}", false, "/a~2", "2", AZ_ERR_INVALID, "{\"a\":1}"},
        {"{\"a\":1}", false, "/a/b", "2", AZ_ERR_INVALID, "{\"a\":1}"},
        {"{\"a\":null}", false, "/a/b", "2", AZ_ERR_INVALID, "{\"a\":null}"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_object *doc = json_tokener_parse(cases[i].doc);
        json_object *value = json_tokener_parse(cases[i].value);
        az_status st = cases[i].replace ? az_pointer_replace(&doc, cases[i].pointer, value)
                                        : az_pointer_add(&doc, cases[i].pointer, value);
        if (st != cases[i].status)
            fail_msg("case %zu '%s': %s", i, cases[i].pointer, az_status_name(st));
        const char *got = doc ? json_object_to_json_string_ext(
                                    doc, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)
                              : "null";
        if (strcmp(got, cases[i].expected) != 0)
            fail_msg("case %zu '%s': gave %s, expected %s", i, cases[i].pointer, got,
                     cases[i].expected);
        json_object_put(doc);
    }
}

/* Inserting into an array shared with another holder keeps both valid. */
static void test_pointer_insert_refcounts(void **state)
{
    (void)state;
    json_object *doc = json_tokener_parse("{\"l\":[{\"x\":1},{\"x\":2},{\"x\":3}]}");
    json_object *l = NULL, *first = NULL;
    assert_true(json_object_object_get_ex(doc, "l", &l));
    first = json_object_get(json_object_array_get_idx(l, 0));
    assert_int_equal(az_pointer_add(&doc, "/l/1", json_object_new_int(9)), AZ_OK);
    assert_int_equal(az_pointer_add(&doc, "/l/0", json_object_new_int(8)), AZ_OK);
    assert_string_equal(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN),
                        "{\"l\":[8,{\"x\":1},9,{\"x\":2},{\"x\":3}]}");
    assert_ptr_equal(json_object_array_get_idx(l, 1), first);
    json_object_put(first);
    json_object_put(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pointer_fragment),
        cmocka_unit_test(test_pointer_patch),
        cmocka_unit_test(test_pointer_insert_refcounts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
