/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_json.c - the JSON loader (core_json.c): every value type and the
 * json-c type it becomes, the int64/double boundary, strict numbers,
 * escapes and surrogate pairs, UTF-8 validation, duplicate keys, each
 * syntax error with its line, column and JSON Pointer, node and key
 * positions (pretty, minified, multi-byte, CRLF, lone CR, BOM), the depth
 * limit on very deep input, and trailing content; and az_json_equal, the
 * value equality of JSON Schema and JSONPath.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core_internal.h"

/* Loads `len` bytes (strlen when 0) as t.json with options `opts`. */
static az_status load(const char *text, size_t len, const az_load_opts *opts, az_diags *diags,
                      az_doc **doc)
{
    az_load_opts defaults;
    if (opts == NULL) {
        az_load_opts_init(&defaults);
        defaults.format = AZ_FORMAT_JSON;
        opts = &defaults;
    }
    return az_doc_load_buffer("t.json", text, len ? len : strlen(text), opts, diags, doc);
}

/* Scalars: the json-c type and value each literal becomes. */
static void test_scalars(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        size_t in_len; /* 0: strlen */
        json_type type;
        int64_t i;     /* json_type_int, json_type_boolean */
        double d;      /* json_type_double */
        const char *s; /* json_type_string */
        size_t s_len;
    } cases[] = {
        {"true", 0, json_type_boolean, 1, 0, NULL, 0},
        {"false", 0, json_type_boolean, 0, 0, NULL, 0},
        {" \t\n 42 \r\n", 0, json_type_int, 42, 0, NULL, 0},
        {"0", 0, json_type_int, 0, 0, NULL, 0},
        {"-0", 0, json_type_int, 0, 0, NULL, 0},
        {"-123", 0, json_type_int, -123, 0, NULL, 0},
        {"123456789012345678", 0, json_type_int, 123456789012345678, 0, NULL, 0},
        {"9223372036854775807", 0, json_type_int, INT64_MAX, 0, NULL, 0},
        {"-9223372036854775808", 0, json_type_int, INT64_MIN, 0, NULL, 0},
        {"9223372036854775808", 0, json_type_double, 0, 9223372036854775808.0, NULL, 0},
        {"-9223372036854775809", 0, json_type_double, 0, -9223372036854775809.0, NULL, 0},
        {"9999999999999999999", 0, json_type_double, 0, 9999999999999999999.0, NULL, 0},
        {"12345678901234567890123", 0, json_type_double, 0, 12345678901234567890123.0, NULL, 0},
        {"1.5", 0, json_type_double, 0, 1.5, NULL, 0},
        {"-0.25", 0, json_type_double, 0, -0.25, NULL, 0},
        {"0.0", 0, json_type_double, 0, 0.0, NULL, 0},
        {"1e3", 0, json_type_double, 0, 1000.0, NULL, 0},
        {"1E+2", 0, json_type_double, 0, 100.0, NULL, 0},
        {"2.5e-3", 0, json_type_double, 0, 0.0025, NULL, 0},
        {"-1.25E2", 0, json_type_double, 0, -125.0, NULL, 0},
        {"1e-400", 0, json_type_double, 0, 0.0, NULL, 0},
        {"\"\"", 0, json_type_string, 0, 0, "", 0},
        {"\"abc\"", 0, json_type_string, 0, 0, "abc", 3},
        {"\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", 0, json_type_string, 0, 0, "\"\\/\b\f\n\r\t", 8},
        {"\"\\u0041\\u00e9\\u20AC\"", 0, json_type_string, 0, 0, "A\xc3\xa9\xe2\x82\xac", 6},
        {"\"\\ud83d\\ude00\"", 0, json_type_string, 0, 0, "\xf0\x9f\x98\x80", 4},
        {"\"\\uDBFF\\uDFFF\"", 0, json_type_string, 0, 0, "\xf4\x8f\xbf\xbf", 4},
        {"\"a\\u0000b\"", 0, json_type_string, 0, 0, "a\0b", 3},
        {"\"x\\u0000\"", 0, json_type_string, 0, 0, "x\0", 2},
        {"\"h\xc3\xa9llo \xf0\x9f\x98\x80\"", 0, json_type_string, 0, 0,
         "h\xc3\xa9llo \xf0\x9f\x98\x80", 11},
        {"\xef\xbb\xbf\"bom\"", 0, json_type_string, 0, 0, "bom", 3},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        az_doc *doc = NULL;
        az_diags *diags = az_diags_new();
        size_t len = cases[i].in_len ? cases[i].in_len : strlen(cases[i].in);
        az_status st = load(cases[i].in, len, NULL, diags, &doc);
        if (st != AZ_OK)
            fail_msg("case %zu '%s': %s", i, cases[i].in, az_diags_get(diags, 0)->message);
        json_object *root = az_doc_root(doc);
        assert_non_null(root);
        if (json_object_get_type(root) != cases[i].type)
            fail_msg("case %zu '%s': type %s", i, cases[i].in,
                     json_type_to_name(json_object_get_type(root)));
        switch (cases[i].type) {
        case json_type_boolean: assert_int_equal(json_object_get_boolean(root), cases[i].i); break;
        case json_type_int: assert_true(json_object_get_int64(root) == cases[i].i); break;
        case json_type_double: assert_true(json_object_get_double(root) == cases[i].d); break;
        case json_type_string:
            assert_int_equal(json_object_get_string_len(root), cases[i].s_len);
            assert_memory_equal(json_object_get_string(root), cases[i].s, cases[i].s_len + 1);
            break;
        default: fail();
        }
        assert_int_equal(az_diags_count(diags), 0);
        az_doc_free(doc);
        az_diags_free(diags);
    }
}

/* Containers keep their members in order and serialize back unchanged. */
static void test_containers(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *out; /* json-c's plain serialization */
    } cases[] = {
        {"{}", "{}"},
        {"[]", "[]"},
        {" [ ] ", "[]"},
        {"{ }", "{}"},
        {"[[[]]]", "[[[]]]"},
        {"{\"a\":[1,2.5,\"x\",true,null,{}],\"b\":{\"c\":[]}}",
         "{\"a\":[1,2.5,\"x\",true,null,{}],\"b\":{\"c\":[]}}"},
        {"{\"z\": 1, \"a\": 2, \"m\": 3}", "{\"z\":1,\"a\":2,\"m\":3}"},
        {"[null, null]", "[null,null]"},
        {"{\"\\u00e9\\n\": \"\\u00e9\"}", "{\"\xc3\xa9\\n\":\"\xc3\xa9\"}"},
        /* json-c keys are C strings: a name is cut at \u0000. */
        {"{\"a\\u0000b\": 1}", "{\"a\":1}"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        az_doc *doc = NULL;
        assert_int_equal(load(cases[i].in, 0, NULL, NULL, &doc), AZ_OK);
        const char *s = json_object_to_json_string_ext(az_doc_root(doc), JSON_C_TO_STRING_PLAIN);
        if (strcmp(s, cases[i].out) != 0)
            fail_msg("case %zu: got %s", i, s);
        az_doc_free(doc);
    }

    /* The root null is an empty tree, not an error. */
    az_doc *doc = (az_doc *)1;
    assert_int_equal(load(" null ", 0, NULL, NULL, &doc), AZ_OK);
    assert_null(az_doc_root(doc));
    az_doc_free(doc);
}

/* Long strings, with and without escapes, and many members and items. */
static void test_large(void **state)
{
    (void)state;
    size_t n = 100000;
    char *text = malloc(2 * n + 16);
    size_t len = 0;
    text[len++] = '"';
    for (size_t i = 0; i < n / 2; i++) {
        text[len++] = '\\';
        text[len++] = 'n';
        text[len++] = 'x';
    }
    text[len++] = '"';
    az_doc *doc = NULL;
    assert_int_equal(load(text, len, NULL, NULL, &doc), AZ_OK);
    assert_int_equal(json_object_get_string_len(az_doc_root(doc)), n);
    assert_int_equal(json_object_get_string(az_doc_root(doc))[n - 1], 'x');
    az_doc_free(doc);

    /* An object of 5000 members "k0".."k4999" and an array of 5000 items. */
    char *big = malloc(200000);
    len = 0;
    len += (size_t)sprintf(big + len, "{");
    for (int i = 0; i < 5000; i++)
        len += (size_t)sprintf(big + len, "%s\"k%d\":%d", i ? "," : "", i, i);
    len += (size_t)sprintf(big + len, ",\"arr\":[");
    for (int i = 0; i < 5000; i++)
        len += (size_t)sprintf(big + len, "%s%d", i ? "," : "", -i);
    len += (size_t)sprintf(big + len, "]}");
    assert_int_equal(load(big, len, NULL, NULL, &doc), AZ_OK);
    assert_int_equal(json_object_object_length(az_doc_root(doc)), 5001);
    json_object *v = NULL;
    assert_int_equal(az_pointer_get(az_doc_root(doc), "/k4321", &v), AZ_OK);
    assert_int_equal(json_object_get_int(v), 4321);
    assert_int_equal(az_pointer_get(az_doc_root(doc), "/arr/4999", &v), AZ_OK);
    assert_int_equal(json_object_get_int(v), -4999);
    az_doc_free(doc);
    free(big);
    free(text);
}

/* One malformed input and the first diagnostic it must produce. */
typedef struct error_case {
    const char *in;
    size_t in_len; /* 0: strlen */
    az_status status;
    const char *code;
    uint32_t line, column;
    const char *message; /* exact */
    const char *pointer; /* NULL: none */
} error_case;

/* Loads each case and checks status, code, position, message and pointer. */
static void check_errors(const error_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const error_case *c = &cases[i];
        az_diags *diags = az_diags_new();
        az_doc *doc = (az_doc *)1;
        size_t len = c->in_len ? c->in_len : strlen(c->in);
        az_status st = load(c->in, len, NULL, diags, &doc);
        assert_null(doc);
        if (st != c->status || az_diags_count(diags) != 1)
            fail_msg("case %zu '%s': status %d, %zu diagnostics", i, c->in, (int)st,
                     az_diags_count(diags));
        const az_diag *d = az_diags_get(diags, 0);
        if (strcmp(d->code, c->code) != 0 || d->line != c->line || d->column != c->column ||
            strcmp(d->message, c->message) != 0 ||
            (c->pointer ? d->pointer == NULL || strcmp(d->pointer, c->pointer) != 0
                        : d->pointer != NULL))
            fail_msg("case %zu '%s': got %s %u:%u '%s' at %s", i, c->in, d->code, d->line,
                     d->column, d->message, d->pointer ? d->pointer : "(none)");
        assert_string_equal(d->file, "t.json");
        assert_int_equal(d->severity, AZ_SEVERITY_ERROR);
        /* Without a list the status is the same. */
        doc = (az_doc *)1;
        assert_int_equal(load(c->in, len, NULL, NULL, &doc), c->status);
        assert_null(doc);
        az_diags_free(diags);
    }
}

/* Each syntax error, at the offending character. */
static void test_syntax_errors(void **state)
{
    (void)state;
    static const error_case cases[] = {
        {"", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 1, "empty document: expected a JSON value", NULL},
        {"  \n \t", 0, AZ_ERR_SYNTAX, "json-syntax", 2, 3, "empty document: expected a JSON value",
         NULL},
        {"\xef\xbb\xbf", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 1,
         "empty document: expected a JSON value", NULL},
        {"{", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 2,
         "unexpected end of input: expected a string key or '}'; the object started at line 1, "
         "column 1",
         NULL},
        {"{\"a\":[1,", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 9,
         "unexpected end of input: expected a value; the array started at line 1, column 6",
         "/a/1"},
        {"[\n  1\n", 0, AZ_ERR_SYNTAX, "json-syntax", 3, 1,
         "unexpected end of input: expected ',' or ']' after array item; the array started at "
         "line 1, column 1",
         "/0"},
        {"{\"a\": ", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 7,
         "unexpected end of input: expected a value; the object started at line 1, column 1", "/a"},
        {"[1,]", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 4, "expected a value, found ']'", "/1"},
        {"[,1]", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 2, "expected a value or ']', found ','", "/0"},
        {"[1 2]", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 4,
         "expected ',' or ']' after array item, found '2'", "/0"},
        {"[true false]", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 7,
         "expected ',' or ']' after array item, found 'false'", "/0"},
        {"[1}", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 3,
         "expected ',' or ']' after array item, found '}'", "/0"},
        {"{\"a\" 1}", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 6,
         "expected ':' after object key, found '1'", "/a"},
        {"{\"a\":1 x}", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 8,
         "expected ',' or '}' after object member, found 'x'", "/a"},
        {"{\"a\":1]", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 7,
         "expected ',' or '}' after object member, found ']'", "/a"},
        {"{\"a\":1,}", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 8,
         "expected a string key after ',', found '}'", NULL},
        {"{1:2}", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 2, "expected a string key or '}', found '1'",
         NULL},
        {"{'a':2}", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 2,
         "expected a string key or '}', found '''", NULL},
        {"{\"a\":}", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 6, "expected a value, found '}'", "/a"},
        {"1 2", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 3, "trailing content after the JSON value",
         NULL},
        {"[1]]", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 4, "trailing content after the JSON value",
         NULL},
        {"{}\n\n  x", 0, AZ_ERR_SYNTAX, "json-syntax", 3, 3,
         "trailing content after the JSON value", NULL},
        {"\"a\" \"b\"", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 5,
         "trailing content after the JSON value", NULL},
        {"1\0", 2, AZ_ERR_SYNTAX, "json-syntax", 1, 2, "trailing content after the JSON value",
         NULL},
        {"[1,\0]", 5, AZ_ERR_SYNTAX, "json-syntax", 1, 4,
         "expected a value, found control character U+0000", "/1"},
        {"@", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 1, "expected a value, found '@'", NULL},
        {"[1,\n2,\n@]", 0, AZ_ERR_SYNTAX, "json-syntax", 3, 1, "expected a value, found '@'", "/2"},
        {"[\xc3\xa9]", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 2,
         "expected a value or ']', found '\xc3\xa9'", "/0"},
        {"tru", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 1, "expected a value, found 'tru'", NULL},
        {"truex", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 1, "expected a value, found 'truex'", NULL},
        {"[nul]", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 2, "expected a value or ']', found 'nul'",
         "/0"},
        {"True", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 1, "expected a value, found 'True'", NULL},
        {"[fals", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 2, "expected a value or ']', found 'fals'",
         "/0"},
        {"{\"a\":{\"b\":[1,{\"c\":tru}]}}", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 19,
         "expected a value, found 'tru'", "/a/b/1/c"},
        {"{\"a/b~\":[x]}", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 10,
         "expected a value or ']', found 'x'", "/a~1b~0/0"},
        {"{\"\\u0041\\n\":x}", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 13,
         "expected a value, found 'x'", "/A\n"},
        {"\"abc", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 5,
         "unexpected end of input: unterminated string started at line 1, column 1", NULL},
        {"[1,\n  \"\xc3\xa9t\xc3\xa9", 0, AZ_ERR_SYNTAX, "json-syntax", 2, 7,
         "unexpected end of input: unterminated string started at line 2, column 3", "/1"},
        {"\"ab\\", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 5,
         "unexpected end of input: unterminated string started at line 1, column 1", NULL},
        {"{\"ab", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 5,
         "unexpected end of input: unterminated string started at line 1, column 2", NULL},
    };
    check_errors(cases, sizeof cases / sizeof cases[0]);
}

/* Each invalid number form, at the offending character. */
static void test_number_errors(void **state)
{
    (void)state;
    static const error_case cases[] = {
        {"01", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 2,
         "invalid number: leading zeros are not allowed", NULL},
        {"[-012]", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 4,
         "invalid number: leading zeros are not allowed", "/0"},
        {"00", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 2,
         "invalid number: leading zeros are not allowed", NULL},
        {"+1", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 1, "expected a value, found '+'", NULL},
        {".5", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 1, "expected a value, found '.'", NULL},
        {"1.", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 3,
         "expected a digit after the decimal point, found end of input", NULL},
        {"1.e5", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 3,
         "expected a digit after the decimal point, found 'e5'", NULL},
        {"[1.]", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 4,
         "expected a digit after the decimal point, found ']'", "/0"},
        {"1e", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 3,
         "expected a digit in the exponent, found end of input", NULL},
        {"1e+", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 4,
         "expected a digit in the exponent, found end of input", NULL},
        {"1E-x", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 4,
         "expected a digit in the exponent, found 'x'", NULL},
        {"-", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 2,
         "expected a digit after '-', found end of input", NULL},
        {"- 1", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 2, "expected a digit after '-', found ' '",
         NULL},
        {"-Infinity", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 2,
         "expected a digit after '-', found 'Infinity'", NULL},
        {"NaN", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 1, "expected a value, found 'NaN'", NULL},
        {"Infinity", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 1, "expected a value, found 'Infinity'",
         NULL},
        {"[1, 0x10]", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 6,
         "expected ',' or ']' after array item, found 'x10'", "/1"},
        {"1.5.3", 0, AZ_ERR_SYNTAX, "json-syntax", 1, 4, "trailing content after the JSON value",
         NULL},
        {"1e400", 0, AZ_ERR_SYNTAX, "json-number-range", 1, 1,
         "number '1e400' is out of range for a double", NULL},
        {"{\"n\": -1.5e999}", 0, AZ_ERR_SYNTAX, "json-number-range", 1, 7,
         "number '-1.5e999' is out of range for a double", "/n"},
    };
    check_errors(cases, sizeof cases / sizeof cases[0]);
}

/* Bad escapes, control characters and malformed UTF-8 inside strings. */
static void test_string_errors(void **state)
{
    (void)state;
    static const error_case cases[] = {
        {"\"a\\x\"", 0, AZ_ERR_SYNTAX, "json-invalid-escape", 1, 3,
         "invalid escape in string: '\\' followed by 'x'", NULL},
        {"\"\\'\"", 0, AZ_ERR_SYNTAX, "json-invalid-escape", 1, 2,
         "invalid escape in string: '\\' followed by '''", NULL},
        {"\"\\u12G4\"", 0, AZ_ERR_SYNTAX, "json-invalid-escape", 1, 2,
         "invalid escape '\\u12' in string: expected four hexadecimal digits, found 'G4'", NULL},
        {"\"\\u12\"", 0, AZ_ERR_SYNTAX, "json-invalid-escape", 1, 2,
         "invalid escape '\\u12' in string: expected four hexadecimal digits, found '\"'", NULL},
        {"\"\\u\n\"", 0, AZ_ERR_SYNTAX, "json-invalid-escape", 1, 2,
         "invalid escape '\\u' in string: expected four hexadecimal digits, found control "
         "character U+000A",
         NULL},
        {"\"\\uabc", 0, AZ_ERR_SYNTAX, "json-invalid-escape", 1, 2,
         "invalid escape '\\uabc' in string: expected four hexadecimal digits, found end of "
         "input",
         NULL},
        {"\"\\ud800\"", 0, AZ_ERR_SYNTAX, "json-invalid-escape", 1, 2,
         "unpaired surrogate '\\ud800' in string: a high surrogate must be followed by a low "
         "one",
         NULL},
        {"[\"ab\\uD800\\u0041\"]", 0, AZ_ERR_SYNTAX, "json-invalid-escape", 1, 5,
         "unpaired surrogate '\\uD800' in string: a high surrogate must be followed by a low "
         "one",
         "/0"},
        {"\"\\ud800\\ud800\"", 0, AZ_ERR_SYNTAX, "json-invalid-escape", 1, 2,
         "unpaired surrogate '\\ud800' in string: a high surrogate must be followed by a low "
         "one",
         NULL},
        {"\"\\udc00\"", 0, AZ_ERR_SYNTAX, "json-invalid-escape", 1, 2,
         "unpaired surrogate '\\udc00' in string: a low surrogate must follow a high one", NULL},
        {"\"a\x01\"", 0, AZ_ERR_SYNTAX, "json-control-character", 1, 3,
         "control character U+0001 in string must be escaped", NULL},
        {"\"a\tb\"", 0, AZ_ERR_SYNTAX, "json-control-character", 1, 3,
         "control character U+0009 in string must be escaped", NULL},
        {"\"a\0b\"", 5, AZ_ERR_SYNTAX, "json-control-character", 1, 3,
         "control character U+0000 in string must be escaped", NULL},
        {"[\"ab\ncd\"]", 0, AZ_ERR_SYNTAX, "json-control-character", 1, 5,
         "line break in string (a missing '\"'?): control characters must be escaped", "/0"},
        {"{\"k\xc3\xa9y\": \"\xc3\xa9\xff\"}", 0, AZ_ERR_SYNTAX, "json-invalid-utf8", 1, 11,
         "invalid UTF-8 sequence starting with byte 0xff in string", "/k\xc3\xa9y"},
        {"\"\xc0\xaf\"", 0, AZ_ERR_SYNTAX, "json-invalid-utf8", 1, 2,
         "invalid UTF-8 sequence starting with byte 0xc0 in string", NULL},
        {"\"\xed\xa0\x80\"", 0, AZ_ERR_SYNTAX, "json-invalid-utf8", 1, 2,
         "invalid UTF-8 sequence starting with byte 0xed in string", NULL},
        {"\"\xf4\x90\x80\x80\"", 0, AZ_ERR_SYNTAX, "json-invalid-utf8", 1, 2,
         "invalid UTF-8 sequence starting with byte 0xf4 in string", NULL},
        {"\"\xe0\x80\xaf\"", 0, AZ_ERR_SYNTAX, "json-invalid-utf8", 1, 2,
         "invalid UTF-8 sequence starting with byte 0xe0 in string", NULL},
        {"\"\xf0\x80\x80\xaf\"", 0, AZ_ERR_SYNTAX, "json-invalid-utf8", 1, 2,
         "invalid UTF-8 sequence starting with byte 0xf0 in string", NULL},
        {"\"ab\xe2\x82\"", 0, AZ_ERR_SYNTAX, "json-invalid-utf8", 1, 4,
         "invalid UTF-8 sequence starting with byte 0xe2 in string", NULL},
        {"\"\xe2\x82", 0, AZ_ERR_SYNTAX, "json-invalid-utf8", 1, 2,
         "invalid UTF-8 sequence starting with byte 0xe2 in string", NULL},
        {"\"\x80\"", 0, AZ_ERR_SYNTAX, "json-invalid-utf8", 1, 2,
         "invalid UTF-8 sequence starting with byte 0x80 in string", NULL},
        {"\n\n  \"\xf0\x9f\x98\x80\xf8\"", 0, AZ_ERR_SYNTAX, "json-invalid-utf8", 3, 5,
         "invalid UTF-8 sequence starting with byte 0xf8 in string", NULL},
        {"{\"\xff\": 1}", 0, AZ_ERR_SYNTAX, "json-invalid-utf8", 1, 3,
         "invalid UTF-8 sequence starting with byte 0xff in string", NULL},
        {"[\xff]", 0, AZ_ERR_SYNTAX, "json-invalid-utf8", 1, 2,
         "invalid UTF-8 sequence starting with byte 0xff", "/0"},
    };
    check_errors(cases, sizeof cases / sizeof cases[0]);
}

/* A duplicate key is reported at the second key, with the first as context. */
static void test_duplicate_key(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        uint32_t line, column, span;
        const char *message, *pointer;
        uint32_t first_line, first_column;
        const char *first_source;
    } cases[] = {
        {"{\"a\":1,\"a\":2}", 1, 8, 3, "duplicate object key 'a'", "/a", 1, 2, "{\"a\":1,\"a\":2}"},
        {"{\n  \"name\": null,\n  \"x\": {\"y\": [{\"\xc3\xa9t\xc3\xa9\": 1, \"b\": 2,\n"
         "    \"\xc3\xa9t\xc3\xa9\": 3}]},\n  \"name\": 4\n}",
         4, 5, 5, "duplicate object key '\xc3\xa9t\xc3\xa9'", "/x/y/0/\xc3\xa9t\xc3\xa9", 3, 16,
         "  \"x\": {\"y\": [{\"\xc3\xa9t\xc3\xa9\": 1, \"b\": 2,"},
        {"{\n  \"name\": null,\n  \"name\": 4\n}", 3, 3, 6, "duplicate object key 'name'", "/name",
         2, 3, "  \"name\": null,"},
        /* The same name spelled with an escape is still the same name. */
        {"{\"A\": [], \"\\u0041\": {}}", 1, 11, 8, "duplicate object key '\\u0041'", "/A", 1, 2,
         "{\"A\": [], \"\\u0041\": {}}"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        az_diags *diags = az_diags_new();
        az_doc *doc = (az_doc *)1;
        assert_int_equal(load(cases[i].in, 0, NULL, diags, &doc), AZ_ERR_SYNTAX);
        assert_null(doc);
        assert_int_equal(az_diags_count(diags), 1);
        const az_diag *d = az_diags_get(diags, 0);
        assert_string_equal(d->code, "json-duplicate-key");
        assert_string_equal(d->message, cases[i].message);
        if (d->line != cases[i].line || d->column != cases[i].column)
            fail_msg("case %zu: at %u:%u", i, d->line, d->column);
        assert_int_equal(d->span, cases[i].span);
        assert_string_equal(d->pointer, cases[i].pointer);
        assert_string_equal(d->related_message, "first defined here");
        assert_string_equal(d->related_file, "t.json");
        if (d->related_line != cases[i].first_line || d->related_column != cases[i].first_column)
            fail_msg("case %zu: first at %u:%u", i, d->related_line, d->related_column);
        assert_string_equal(d->related_source_line, cases[i].first_source);
        az_diags_free(diags);
    }
}

/* One position lookup: the value (and key) at a pointer. */
typedef struct pos_case {
    const char *pointer;
    uint32_t line, column;         /* the value */
    uint32_t key_line, key_column; /* 0: no key */
} pos_case;

/* Checks az_doc_pointer_pos, and for non-null nodes az_doc_node_pos and az_doc_key_pos. */
static void check_positions(const char *text, size_t len, const pos_case *cases, size_t n)
{
    az_diags *diags = az_diags_new();
    az_doc *doc = NULL;
    az_status st = load(text, len, NULL, diags, &doc);
    if (st != AZ_OK)
        fail_msg("load: %s", az_diags_get(diags, 0)->message);
    for (size_t i = 0; i < n; i++) {
        const pos_case *c = &cases[i];
        az_pos v = {0}, k = {0};
        if (az_doc_pointer_pos(doc, c->pointer, &v, &k) != AZ_OK)
            fail_msg("%s: not found", c->pointer);
        if (v.line != c->line || v.column != c->column || k.line != c->key_line ||
            k.column != c->key_column)
            fail_msg("%s: value %u:%u key %u:%u", c->pointer, v.line, v.column, k.line, k.column);
        assert_string_equal(v.file, "t.json");

        json_object *node = NULL;
        assert_int_equal(az_pointer_get(az_doc_root(doc), c->pointer, &node), AZ_OK);
        if (node == NULL)
            continue;
        az_pos np = {0}, kp = {0};
        assert_true(az_doc_node_pos(doc, node, &np));
        assert_int_equal(np.line, c->line);
        assert_int_equal(np.column, c->column);
        assert_int_equal(az_doc_key_pos(doc, node, &kp), c->key_line != 0);
        if (c->key_line) {
            assert_int_equal(kp.line, c->key_line);
            assert_int_equal(kp.column, c->key_column);
        }
    }
    az_doc_free(doc);
    az_diags_free(diags);
}

/* Positions in a pretty-printed document, null values included. */
static void test_positions_pretty(void **state)
{
    (void)state;
    static const char text[] = "{\n"
                               "  \"info\": {\n"
                               "    \"title\": \"Pets\",\n"
                               "    \"n\": -12.5e1,\n"
                               "    \"none\": null\n"
                               "  },\n"
                               "  \"list\": [\n"
                               "    true,\n"
                               "    null,\n"
                               "    [],\n"
                               "    {}\n"
                               "  ]\n"
                               "}\n";
    static const pos_case cases[] = {
        {"", 1, 1, 0, 0},         {"/info", 2, 11, 2, 3},      {"/info/title", 3, 14, 3, 5},
        {"/info/n", 4, 10, 4, 5}, {"/info/none", 5, 13, 5, 5}, {"/list", 7, 11, 7, 3},
        {"/list/0", 8, 5, 0, 0},  {"/list/1", 9, 5, 0, 0},     {"/list/2", 10, 5, 0, 0},
        {"/list/3", 11, 5, 0, 0},
    };
    check_positions(text, 0, cases, sizeof cases / sizeof cases[0]);
}

/* Positions on one line: minified input, and columns after multi-byte text. */
static void test_positions_minified(void **state)
{
    (void)state;
    static const pos_case minified[] = {
        {"", 1, 1, 0, 0},         {"/a", 1, 6, 1, 2},   {"/a/0", 1, 7, 0, 0}, {"/a/1", 1, 9, 0, 0},
        {"/a/1/b", 1, 14, 1, 10}, {"/c", 1, 25, 1, 21}, {"/d", 1, 33, 1, 29},
    };
    check_positions("{\"a\":[1,{\"b\":null}],\"c\":\"x\",\"d\":false}", 0, minified,
                    sizeof minified / sizeof minified[0]);

    /* é and ü are one column each (two bytes), 😀 one column (four bytes),
     * and an escape counts as the characters written. */
    static const pos_case multibyte[] = {
        {"/\xc3\xa9", 1, 7, 1, 2}, {"/b", 1, 17, 1, 12}, {"/e", 1, 27, 1, 22},
        {"/f", 1, 42, 1, 37},      {"/g", 1, 53, 1, 48}, {"/g/0", 1, 54, 0, 0},
    };
    check_positions("{\"\xc3\xa9\": \"\xc3\xbc\", \"b\": \"\xf0\x9f\x98\x80\", \"e\": \"\\u00e9\", "
                    "\"f\": null, \"g\": [\"\xc3\xa9\"]}",
                    0, multibyte, sizeof multibyte / sizeof multibyte[0]);
}

/* CRLF and a lone CR each end one line; a BOM takes no column. */
static void test_positions_line_breaks(void **state)
{
    (void)state;
    /* The fifth line holds `"c": [` (the fourth is empty); its item is on the sixth. */
    static const pos_case crlf[] = {
        {"/a", 2, 8, 2, 3},
        {"/b", 3, 8, 3, 3},
        {"/c", 5, 6, 5, 1},
        {"/c/0", 6, 1, 0, 0},
    };
    check_positions("{\r\n  \"a\": 1,\r\n  \"b\": null,\r\n\r\n\"c\": [\r\n1]}\r\n", 0, crlf,
                    sizeof crlf / sizeof crlf[0]);

    static const pos_case cr[] = {
        {"/a", 2, 6, 2, 1}, {"/b", 6, 1, 4, 1}, /* "\n\r" is two line breaks */
    };
    check_positions("{\r\"a\": 1,\r\r\"b\":\n\r2}", 0, cr, sizeof cr / sizeof cr[0]);

    static const pos_case bom[] = {
        {"", 1, 1, 0, 0},
        {"/a", 1, 7, 1, 2},
        {"/b", 2, 6, 2, 1},
    };
    check_positions("\xef\xbb\xbf{\"a\": 1,\n\"b\": 2}", 0, bom, sizeof bom / sizeof bom[0]);
}

/* Builds a text of `n` '[' (and `close` ']' after them). */
static char *brackets(size_t n, size_t close)
{
    char *s = malloc(n + close + 1);
    memset(s, '[', n);
    memset(s + n, ']', close);
    s[n + close] = '\0';
    return s;
}

/* Nesting beyond max_depth is json-too-deep, quickly, even 100,000 levels down. */
static void test_depth(void **state)
{
    (void)state;
    size_t n = 100000;
    char *deep = brackets(n, 0);
    az_diags *diags = az_diags_new();
    az_doc *doc = (az_doc *)1;
    clock_t t0 = clock();
    assert_int_equal(load(deep, n, NULL, diags, &doc), AZ_ERR_LIMIT);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_true(secs < 1.0);
    assert_null(doc);
    assert_int_equal(az_diags_count(diags), 1);
    const az_diag *d = az_diags_get(diags, 0);
    assert_string_equal(d->code, "json-too-deep");
    assert_int_equal(d->line, 1);
    assert_int_equal(d->column, AZ_DEFAULT_MAX_DEPTH + 1);
    assert_string_equal(d->message, "array nested too deeply: the limit is 512 levels");
    assert_non_null(d->pointer);
    assert_int_equal(strncmp(d->pointer, "/0/0/0/", 7), 0);
    assert_int_equal(strlen(d->pointer), 2 * AZ_DEFAULT_MAX_DEPTH);
    az_diags_free(diags);
    free(deep);

    /* Exactly at the limit is fine; one more is not. */
    az_load_opts opts;
    az_load_opts_init(&opts);
    opts.format = AZ_FORMAT_JSON;
    opts.max_depth = 3;
    assert_int_equal(load("[{\"a\":[]}]", 0, &opts, NULL, &doc), AZ_OK);
    az_doc_free(doc);
    diags = az_diags_new();
    assert_int_equal(load("[{\"a\":[{}]}]", 0, &opts, diags, &doc), AZ_ERR_LIMIT);
    d = az_diags_get(diags, 0);
    assert_string_equal(d->code, "json-too-deep");
    assert_int_equal(d->column, 8);
    assert_string_equal(d->message, "object nested too deeply: the limit is 3 levels");
    assert_string_equal(d->pointer, "/0/a/0");
    az_diags_free(diags);

    /* A raised limit lets 10,000 levels through, and they close properly. */
    n = 10000;
    opts.max_depth = (unsigned)n;
    deep = brackets(n, n);
    assert_int_equal(load(deep, 2 * n, &opts, NULL, &doc), AZ_OK);
    az_pos pos;
    json_object *node = az_doc_root(doc);
    for (size_t i = 1; i < n; i++)
        node = json_object_array_get_idx(node, 0);
    assert_int_equal(json_object_array_length(node), 0);
    assert_true(az_doc_node_pos(doc, node, &pos));
    assert_int_equal(pos.column, n);
    az_doc_free(doc);
    /* ...and an unclosed one is an error that frees the partial tree. */
    diags = az_diags_new();
    assert_int_equal(load(deep, 2 * n - 1, &opts, diags, &doc), AZ_ERR_SYNTAX);
    assert_int_equal(az_diags_get(diags, 0)->column, 2 * n);
    az_diags_free(diags);
    free(deep);
}

/* The diagnostic carries the source line of the error for rendering. */
static void test_source_line(void **state)
{
    (void)state;
    az_diags *diags = az_diags_new();
    az_doc *doc = NULL;
    assert_int_equal(load("{\n  \"a\": [1,\r\n    2 3]\n}", 0, NULL, diags, &doc), AZ_ERR_SYNTAX);
    const az_diag *d = az_diags_get(diags, 0);
    assert_int_equal(d->line, 3);
    assert_int_equal(d->column, 7);
    assert_string_equal(d->source_line, "    2 3]");
    assert_string_equal(d->pointer, "/a/1");
    az_diags_free(diags);
}

/* Parses JSON text for the equality table (json-c keeps integers above
 * INT64_MAX as uint64, as the loader does). */
static json_object *parse(const char *text)
{
    json_object *v = json_tokener_parse(text);
    if (!v && strcmp(text, "null") != 0)
        fail_msg("cannot parse %s", text);
    return v;
}

/* Values equal by value, numbers across int64, uint64 and double. */
static void test_json_equal(void **state)
{
    (void)state;
    static const struct {
        const char *a, *b;
        bool equal;
    } cases[] = {
        {"null", "null", true},
        {"null", "0", false},
        {"true", "true", true},
        {"true", "false", false},
        {"1", "1.0", true},
        {"1", "1.5", false},
        {"-0.0", "0", true},
        {"0.5", "0.5", true},
        {"9007199254740993", "9007199254740992.0", false},
        {"9007199254740992", "9007199254740992.0", true},
        {"9223372036854775807", "9223372036854775808", false},
        {"18446744073709551615", "18446744073709551615", true},
        {"18446744073709551615", "18446744073709551616.0", false},
        {"-9223372036854775808", "-9223372036854775808.0", true},
        {"\"a\"", "\"a\"", true},
        {"\"a\\u0000b\"", "\"a\\u0000c\"", false},
        {"\"1\"", "1", false},
        {"[1, [2.0]]", "[1.0, [2]]", true},
        {"[1, 2]", "[2, 1]", false},
        {"[1]", "[1, 1]", false},
        {"{\"a\": 1, \"b\": [true]}", "{\"b\": [true], \"a\": 1.0}", true},
        {"{\"a\": 1}", "{\"b\": 1}", false},
        {"{\"a\": 1}", "{\"a\": 1, \"b\": 2}", false},
        {"{}", "[]", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_object *a = parse(cases[i].a), *b = parse(cases[i].b);
        if (az_json_equal(a, b) != cases[i].equal || az_json_equal(b, a) != cases[i].equal)
            fail_msg("%s == %s: expected %s", cases[i].a, cases[i].b,
                     cases[i].equal ? "true" : "false");
        json_object_put(a);
        json_object_put(b);
    }
    json_object *nan = json_object_new_double(NAN);
    assert_false(az_json_equal(nan, nan));
    json_object *one = json_object_new_int(1);
    assert_false(az_json_equal(one, nan));
    json_object_put(one);
    json_object_put(nan);
}

/* Past the nesting limit the answer is AZ_ERR_LIMIT, and unequal. */
static void test_json_equal_depth(void **state)
{
    (void)state;
    json_object *a = json_object_new_int(1), *b = json_object_new_int(1);
    for (int i = 0; i < 3; i++) {
        json_object *wa = json_object_new_array(), *wb = json_object_new_array();
        json_object_array_add(wa, a);
        json_object_array_add(wb, b);
        a = wa;
        b = wb;
    }
    bool equal = false;
    assert_int_equal(az_json_equal_limited(a, b, 3, &equal), AZ_OK);
    assert_true(equal);
    assert_int_equal(az_json_equal_limited(a, b, 2, &equal), AZ_ERR_LIMIT);
    assert_false(equal);
    assert_true(az_json_equal(a, b));
    for (unsigned i = 0; i < AZ_JSON_EQUAL_MAX_DEPTH; i++) {
        json_object *wa = json_object_new_array(), *wb = json_object_new_array();
        json_object_array_add(wa, a);
        json_object_array_add(wb, b);
        a = wa;
        b = wb;
    }
    assert_false(az_json_equal(a, b));
    json_object_put(a);
    json_object_put(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scalars),
        cmocka_unit_test(test_containers),
        cmocka_unit_test(test_large),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_number_errors),
        cmocka_unit_test(test_string_errors),
        cmocka_unit_test(test_duplicate_key),
        cmocka_unit_test(test_positions_pretty),
        cmocka_unit_test(test_positions_minified),
        cmocka_unit_test(test_positions_line_breaks),
        cmocka_unit_test(test_depth),
        cmocka_unit_test(test_source_line),
        cmocka_unit_test(test_json_equal),
        cmocka_unit_test(test_json_equal_depth),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
