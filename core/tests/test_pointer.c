/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_pointer.c - JSON Pointer (RFC 6901) evaluation: the examples of
 * RFC 6901 section 5, malformed pointers, array index rules, and escaping;
 * and the percent-decoding of URI fragments (az_percent_decode).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "arazzo/core.h"

static const char rfc6901_doc[] =
    "{\"foo\": [\"bar\", \"baz\"], \"\": 0, \"a/b\": 1, \"c%d\": 2, \"e^f\": 3,"
    " \"g|h\": 4, \"i\\\\j\": 5, \"k\\\"l\": 6, \" \": 7, \"m~n\": 8, \"nul\": null}";

/* Every example of RFC 6901 section 5 resolves to the value it names. */
static void test_rfc6901_examples(void **state)
{
    (void)state;
    static const struct {
        const char *pointer;
        int64_t expected; /* -1: the foo array, -2: "bar", -3: "baz", -4: whole doc */
    } cases[] = {
        {"", -4},    {"/foo", -1}, {"/foo/0", -2}, {"/", 0},     {"/a~1b", 1},
        {"/c%d", 2}, {"/e^f", 3},  {"/g|h", 4},    {"/i\\j", 5}, {"/k\"l", 6},
        {"/ ", 7},   {"/m~0n", 8}, {"/foo/1", -3},
    };
    json_object *doc = json_tokener_parse(rfc6901_doc);
    assert_non_null(doc);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_object *v = NULL;
        assert_int_equal(az_pointer_get(doc, cases[i].pointer, &v), AZ_OK);
        switch (cases[i].expected) {
        case -4: assert_ptr_equal(v, doc); break;
        case -1: assert_true(json_object_is_type(v, json_type_array)); break;
        case -2: assert_string_equal(json_object_get_string(v), "bar"); break;
        case -3: assert_string_equal(json_object_get_string(v), "baz"); break;
        default: assert_int_equal(json_object_get_int64(v), cases[i].expected);
        }
    }
    json_object_put(doc);
}

/* Missing members, bad indexes and malformed pointers are told apart. */
static void test_pointer_failures(void **state)
{
    (void)state;
    static const struct {
        const char *pointer;
        az_status expected;
    } cases[] = {
        {"foo", AZ_ERR_INVALID},        {"/m~2n", AZ_ERR_INVALID},
        {"/m~", AZ_ERR_INVALID},        {"/missing", AZ_ERR_NOT_FOUND},
        {"/foo/2", AZ_ERR_NOT_FOUND},   {"/foo/-", AZ_ERR_NOT_FOUND},
        {"/foo/01", AZ_ERR_NOT_FOUND},  {"/foo/+1", AZ_ERR_NOT_FOUND},
        {"/foo/0/x", AZ_ERR_NOT_FOUND}, {"/foo/99999999999999999999999", AZ_ERR_NOT_FOUND},
    };
    json_object *doc = json_tokener_parse(rfc6901_doc);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_object *v = NULL;
        assert_int_equal(az_pointer_get(doc, cases[i].pointer, &v), cases[i].expected);
    }
    json_object_put(doc);
}

/* A JSON null is found (AZ_OK) and comes back as NULL. */
static void test_pointer_null_member(void **state)
{
    (void)state;
    json_object *doc = json_tokener_parse(rfc6901_doc);
    json_object *v = doc;
    assert_int_equal(az_pointer_get(doc, "/nul", &v), AZ_OK);
    assert_null(v);
    json_object_put(doc);
}

/* Appending a token escapes '~' and '/' and keeps other bytes. */
static void test_pointer_append(void **state)
{
    (void)state;
    static const struct {
        const char *prefix, *token, *expected;
    } cases[] = {
        {"", "a", "/a"},
        {"/paths", "/pets/{id}", "/paths/~1pets~1{id}"},
        {"/x", "m~n", "/x/m~0n"},
        {NULL, "", "/"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *s = az_pointer_append(cases[i].prefix, cases[i].token, strlen(cases[i].token));
        assert_string_equal(s, cases[i].expected);
        free(s);
    }
}

/* "%" HEXDIG HEXDIG becomes its byte; any other '%' stays as it is. */
static void test_percent_decode(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
        size_t out_len;
    } cases[] = {
        {"", "", 0},           {"abc", "abc", 3},
        {"%2Fa%7e", "/a~", 3}, {"%41%4a%4A", "AJJ", 3},
        {"%", "%", 1},         {"a%4", "a%4", 3},
        {"%zz%41", "%zzA", 4}, {"%%41", "%A", 2},
        {"x%00y", "x\0y", 3},  {"%C3%A9", "\xc3\xa9", 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = 99;
        char *got = az_percent_decode(cases[i].in, strlen(cases[i].in), &n);
        assert_non_null(got);
        assert_int_equal(n, cases[i].out_len);
        assert_memory_equal(got, cases[i].out, n + 1);
        free(got);
    }
    char *got = az_percent_decode("%41%42", 3, NULL); /* only "%41" */
    assert_string_equal(got, "A");
    free(got);
    assert_int_equal(az_hex_digit('0'), 0);
    assert_int_equal(az_hex_digit('f'), 15);
    assert_int_equal(az_hex_digit('F'), 15);
    assert_int_equal(az_hex_digit('g'), -1);
    assert_int_equal(az_hex_digit('\0'), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc6901_examples),    cmocka_unit_test(test_pointer_failures),
        cmocka_unit_test(test_pointer_null_member), cmocka_unit_test(test_pointer_append),
        cmocka_unit_test(test_percent_decode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
