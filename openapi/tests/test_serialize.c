/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_serialize.c - OpenAPI parameter serialization (OpenAPI 3.1.1 section
 * 4.8.12, Parameter Object): every cell of the "Style Examples" table, the
 * "Style Values" table's forbidden combinations, percent-encoding for a
 * path segment and a query component (RFC 3986, RFC 6570), headers,
 * cookies, and the choices OpenAPI leaves open (null, numbers, nested and
 * empty values).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "arazzo/openapi.h"

/* The example values of the Style Examples table, as JSON. */
#define EMPTY  "\"\""
#define STRING "\"blue\""
#define ARRAY  "[\"blue\",\"black\",\"brown\"]"
#define OBJECT "{\"R\":100,\"G\":200,\"B\":150}"

/* One serialization case: NULL `expected` means AZ_ERR_INVALID and a
 * message containing `message`. */
typedef struct ser_case {
    az_oas_param_in in;
    az_oas_style style;
    int explode;
    bool allow_reserved;
    const char *name;
    const char *json; /* the value as JSON text; "null" is JSON null */
    const char *expected;
    const char *message;
} ser_case;

/* Runs a table of serialization cases, naming the failing row. */
static void run_cases(const ser_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const ser_case *c = &cases[i];
        json_object *value = json_tokener_parse(c->json);
        if (!value && strcmp(c->json, "null") != 0)
            fail_msg("row %zu: bad test JSON %s", i, c->json);
        az_oas_param p = {c->name, c->in, c->style, c->explode, c->allow_reserved};
        char *out = (char *)&out, *error = (char *)&error;
        az_status st = az_oas_serialize(&p, value, &out, &error);
        if (c->expected) {
            if (st != AZ_OK)
                fail_msg("row %zu (%s %s): %s: %s", i, az_oas_style_name(c->style), c->json,
                         az_status_name(st), error ? error : "(no message)");
            if (strcmp(out, c->expected) != 0)
                fail_msg("row %zu (%s explode=%d %s): got '%s', expected '%s'", i,
                         az_oas_style_name(c->style), c->explode, c->json, out, c->expected);
            assert_null(error);
            free(out);
        } else {
            if (st != AZ_ERR_INVALID)
                fail_msg("row %zu (%s %s): %s, expected AZ_ERR_INVALID (output '%s')", i,
                         az_oas_style_name(c->style), c->json, az_status_name(st),
                         st == AZ_OK ? out : "");
            assert_null(out);
            assert_non_null(error);
            if (!strstr(error, c->message))
                fail_msg("row %zu: message '%s' lacks '%s'", i, error, c->message);
            free(error);
        }
        json_object_put(value);
    }
}

/*
 * Every cell of the "Style Examples" table of the Parameter Object (OpenAPI
 * 3.1.1 section 4.8.12; 3.0.3 and 3.1.0 print the same values except as
 * noted),
 * for the parameter `color`. "empty" is the empty string. A cell marked n/a
 * is an AZ_ERR_INVALID row where the Style Values table forbids the value
 * type.
 */
static void test_style_examples(void **state)
{
    (void)state;
    const az_oas_param_in P = AZ_OAS_IN_PATH, Q = AZ_OAS_IN_QUERY;
    const ser_case cases[] = {
        /* matrix, explode false */
        {P, AZ_OAS_STYLE_MATRIX, 0, false, "color", EMPTY, ";color", NULL},
        {P, AZ_OAS_STYLE_MATRIX, 0, false, "color", STRING, ";color=blue", NULL},
        {P, AZ_OAS_STYLE_MATRIX, 0, false, "color", ARRAY, ";color=blue,black,brown", NULL},
        {P, AZ_OAS_STYLE_MATRIX, 0, false, "color", OBJECT, ";color=R,100,G,200,B,150", NULL},
        /* matrix, explode true */
        {P, AZ_OAS_STYLE_MATRIX, 1, false, "color", EMPTY, ";color", NULL},
        {P, AZ_OAS_STYLE_MATRIX, 1, false, "color", STRING, ";color=blue", NULL},
        {P, AZ_OAS_STYLE_MATRIX, 1, false, "color", ARRAY, ";color=blue;color=black;color=brown",
         NULL},
        {P, AZ_OAS_STYLE_MATRIX, 1, false, "color", OBJECT, ";R=100;G=200;B=150", NULL},
        /* label, explode false; 3.0.3 and 3.1.0 printed ".blue.black.brown"
         * and ".R.100.G.200.B.150", corrected to RFC 6570's comma in 3.1.1 */
        {P, AZ_OAS_STYLE_LABEL, 0, false, "color", EMPTY, ".", NULL},
        {P, AZ_OAS_STYLE_LABEL, 0, false, "color", STRING, ".blue", NULL},
        {P, AZ_OAS_STYLE_LABEL, 0, false, "color", ARRAY, ".blue,black,brown", NULL},
        {P, AZ_OAS_STYLE_LABEL, 0, false, "color", OBJECT, ".R,100,G,200,B,150", NULL},
        /* label, explode true */
        {P, AZ_OAS_STYLE_LABEL, 1, false, "color", EMPTY, ".", NULL},
        {P, AZ_OAS_STYLE_LABEL, 1, false, "color", STRING, ".blue", NULL},
        {P, AZ_OAS_STYLE_LABEL, 1, false, "color", ARRAY, ".blue.black.brown", NULL},
        {P, AZ_OAS_STYLE_LABEL, 1, false, "color", OBJECT, ".R=100.G=200.B=150", NULL},
        /* simple, explode false; the empty cell is n/a before 3.1.1 */
        {P, AZ_OAS_STYLE_SIMPLE, 0, false, "color", EMPTY, "", NULL},
        {P, AZ_OAS_STYLE_SIMPLE, 0, false, "color", STRING, "blue", NULL},
        {P, AZ_OAS_STYLE_SIMPLE, 0, false, "color", ARRAY, "blue,black,brown", NULL},
        {P, AZ_OAS_STYLE_SIMPLE, 0, false, "color", OBJECT, "R,100,G,200,B,150", NULL},
        /* simple, explode true */
        {P, AZ_OAS_STYLE_SIMPLE, 1, false, "color", EMPTY, "", NULL},
        {P, AZ_OAS_STYLE_SIMPLE, 1, false, "color", STRING, "blue", NULL},
        {P, AZ_OAS_STYLE_SIMPLE, 1, false, "color", ARRAY, "blue,black,brown", NULL},
        {P, AZ_OAS_STYLE_SIMPLE, 1, false, "color", OBJECT, "R=100,G=200,B=150", NULL},
        /* form, explode false */
        {Q, AZ_OAS_STYLE_FORM, 0, false, "color", EMPTY, "color=", NULL},
        {Q, AZ_OAS_STYLE_FORM, 0, false, "color", STRING, "color=blue", NULL},
        {Q, AZ_OAS_STYLE_FORM, 0, false, "color", ARRAY, "color=blue,black,brown", NULL},
        {Q, AZ_OAS_STYLE_FORM, 0, false, "color", OBJECT, "color=R,100,G,200,B,150", NULL},
        /* form, explode true */
        {Q, AZ_OAS_STYLE_FORM, 1, false, "color", EMPTY, "color=", NULL},
        {Q, AZ_OAS_STYLE_FORM, 1, false, "color", STRING, "color=blue", NULL},
        {Q, AZ_OAS_STYLE_FORM, 1, false, "color", ARRAY, "color=blue&color=black&color=brown",
         NULL},
        {Q, AZ_OAS_STYLE_FORM, 1, false, "color", OBJECT, "R=100&G=200&B=150", NULL},
        /* spaceDelimited, explode false; 3.1.0 printed the value without
         * "color=", 3.1.1 the whole pair */
        {Q, AZ_OAS_STYLE_SPACE_DELIMITED, 0, false, "color", EMPTY, NULL, "not a string"},
        {Q, AZ_OAS_STYLE_SPACE_DELIMITED, 0, false, "color", STRING, NULL, "not a string"},
        {Q, AZ_OAS_STYLE_SPACE_DELIMITED, 0, false, "color", ARRAY, "color=blue%20black%20brown",
         NULL},
        {Q, AZ_OAS_STYLE_SPACE_DELIMITED, 0, false, "color", OBJECT,
         "color=R%20100%20G%20200%20B%20150", NULL},
        /* pipeDelimited, explode false; 3.1.0 printed a raw '|', which a
         * query cannot hold (RFC 3986 section 3.4), 3.1.1 prints %7C */
        {Q, AZ_OAS_STYLE_PIPE_DELIMITED, 0, false, "color", EMPTY, NULL, "not a string"},
        {Q, AZ_OAS_STYLE_PIPE_DELIMITED, 0, false, "color", STRING, NULL, "not a string"},
        {Q, AZ_OAS_STYLE_PIPE_DELIMITED, 0, false, "color", ARRAY, "color=blue%7Cblack%7Cbrown",
         NULL},
        {Q, AZ_OAS_STYLE_PIPE_DELIMITED, 0, false, "color", OBJECT,
         "color=R%7C100%7CG%7C200%7CB%7C150", NULL},
        /* deepObject, explode true; 3.1.0 printed raw brackets, 3.1.1
         * encodes them as RFC 3986 requires in a query */
        {Q, AZ_OAS_STYLE_DEEP_OBJECT, 1, false, "color", EMPTY, NULL, "not a string"},
        {Q, AZ_OAS_STYLE_DEEP_OBJECT, 1, false, "color", STRING, NULL, "not a string"},
        {Q, AZ_OAS_STYLE_DEEP_OBJECT, 1, false, "color", ARRAY, NULL, "not an array"},
        {Q, AZ_OAS_STYLE_DEEP_OBJECT, 1, false, "color", OBJECT,
         "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150", NULL},
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

/*
 * Defaults (style by location, explode true for form only), null as the
 * empty string, empty arrays and objects as RFC 6570 undefined values, and
 * the explode variants the table leaves out.
 */
static void test_defaults_and_empty(void **state)
{
    (void)state;
    const az_oas_param_in P = AZ_OAS_IN_PATH, Q = AZ_OAS_IN_QUERY, H = AZ_OAS_IN_HEADER;
    const ser_case cases[] = {
        /* path and header default to simple, not exploded */
        {P, AZ_OAS_STYLE_DEFAULT, -1, false, "color", OBJECT, "R,100,G,200,B,150", NULL},
        {H, AZ_OAS_STYLE_DEFAULT, -1, false, "color", OBJECT, "R,100,G,200,B,150", NULL},
        /* query defaults to form, exploded */
        {Q, AZ_OAS_STYLE_DEFAULT, -1, false, "color", ARRAY, "color=blue&color=black&color=brown",
         NULL},
        {Q, AZ_OAS_STYLE_FORM, -1, false, "color", OBJECT, "R=100&G=200&B=150", NULL},
        /* a style's own default explode is false */
        {P, AZ_OAS_STYLE_MATRIX, -1, false, "color", ARRAY, ";color=blue,black,brown", NULL},
        {P, AZ_OAS_STYLE_LABEL, -1, false, "color", ARRAY, ".blue,black,brown", NULL},
        {Q, AZ_OAS_STYLE_SPACE_DELIMITED, -1, false, "color", ARRAY, "color=blue%20black%20brown",
         NULL},
        /* deepObject ignores explode */
        {Q, AZ_OAS_STYLE_DEEP_OBJECT, -1, false, "color", "{\"R\":1}", "color%5BR%5D=1", NULL},
        {Q, AZ_OAS_STYLE_DEEP_OBJECT, 0, false, "color", "{\"R\":1}", "color%5BR%5D=1", NULL},
        /* exploded spaceDelimited and pipeDelimited fall back to form */
        {Q, AZ_OAS_STYLE_SPACE_DELIMITED, 1, false, "c", "[1,2]", "c=1&c=2", NULL},
        {Q, AZ_OAS_STYLE_PIPE_DELIMITED, 1, false, "c", "{\"a\":1}", "a=1", NULL},
        /* null is the empty string */
        {P, AZ_OAS_STYLE_MATRIX, 0, false, "color", "null", ";color", NULL},
        {P, AZ_OAS_STYLE_LABEL, 0, false, "color", "null", ".", NULL},
        {P, AZ_OAS_STYLE_SIMPLE, 0, false, "color", "null", "", NULL},
        {Q, AZ_OAS_STYLE_FORM, 1, false, "color", "null", "color=", NULL},
        {H, AZ_OAS_STYLE_SIMPLE, 0, false, "X-Color", "null", "", NULL},
        /* empty items and members keep their places */
        {P, AZ_OAS_STYLE_MATRIX, 1, false, "c", "[\"a\",\"\",null]", ";c=a;c;c", NULL},
        {P, AZ_OAS_STYLE_MATRIX, 1, false, "c", "{\"a\":\"\",\"b\":1}", ";a;b=1", NULL},
        {Q, AZ_OAS_STYLE_FORM, 1, false, "c", "[\"a\",\"\"]", "c=a&c=", NULL},
        {Q, AZ_OAS_STYLE_FORM, 1, false, "c", "{\"a\":\"\"}", "a=", NULL},
        {P, AZ_OAS_STYLE_SIMPLE, 1, false, "c", "{\"a\":\"\"}", "a=", NULL},
        {P, AZ_OAS_STYLE_SIMPLE, 0, false, "c", "[\"\",\"\"]", ",", NULL},
        /* an empty array or object is undefined: nothing at all */
        {P, AZ_OAS_STYLE_MATRIX, 0, false, "color", "[]", "", NULL},
        {P, AZ_OAS_STYLE_MATRIX, 1, false, "color", "{}", "", NULL},
        {P, AZ_OAS_STYLE_LABEL, 1, false, "color", "[]", "", NULL},
        {P, AZ_OAS_STYLE_SIMPLE, 0, false, "color", "{}", "", NULL},
        {Q, AZ_OAS_STYLE_FORM, 0, false, "color", "[]", "", NULL},
        {Q, AZ_OAS_STYLE_FORM, 1, false, "color", "{}", "", NULL},
        {Q, AZ_OAS_STYLE_SPACE_DELIMITED, 0, false, "color", "[]", "", NULL},
        {Q, AZ_OAS_STYLE_PIPE_DELIMITED, 0, false, "color", "{}", "", NULL},
        {Q, AZ_OAS_STYLE_DEEP_OBJECT, 1, false, "color", "{}", "", NULL},
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

/* Numbers, booleans, nested values (compact JSON) and deepObject nesting. */
static void test_value_texts(void **state)
{
    (void)state;
    const az_oas_param_in P = AZ_OAS_IN_PATH, Q = AZ_OAS_IN_QUERY, H = AZ_OAS_IN_HEADER;
    const ser_case cases[] = {
        {P, AZ_OAS_STYLE_SIMPLE, 0, false, "n", "42", "42", NULL},
        {P, AZ_OAS_STYLE_SIMPLE, 0, false, "n", "-7", "-7", NULL},
        {P, AZ_OAS_STYLE_SIMPLE, 0, false, "n", "18446744073709551615", "18446744073709551615",
         NULL},
        {P, AZ_OAS_STYLE_SIMPLE, 0, false, "n", "-9223372036854775808", "-9223372036854775808",
         NULL},
        {P, AZ_OAS_STYLE_SIMPLE, 0, false, "n", "1.5", "1.5", NULL},
        {P, AZ_OAS_STYLE_SIMPLE, 0, false, "n", "0.1", "0.1", NULL},
        {P, AZ_OAS_STYLE_SIMPLE, 0, false, "n", "100.0", "100", NULL},
        {P, AZ_OAS_STYLE_SIMPLE, 0, false, "n", "-2.50", "-2.5", NULL},
        {P, AZ_OAS_STYLE_SIMPLE, 0, false, "n", "-3e2", "-300", NULL},
        {P, AZ_OAS_STYLE_SIMPLE, 0, false, "n", "123456789012345.0", "123456789012345", NULL},
        {P, AZ_OAS_STYLE_SIMPLE, 0, false, "n", "1e300", "1e%2B300", NULL},
        {H, AZ_OAS_STYLE_SIMPLE, 0, false, "n", "1e-7", "1e-07", NULL},
        {P, AZ_OAS_STYLE_SIMPLE, 0, false, "b", "true", "true", NULL},
        {Q, AZ_OAS_STYLE_FORM, 1, false, "b", "[true,false,null,3]", "b=true&b=false&b=&b=3", NULL},
        /* nested arrays and objects are compact JSON, then encoded */
        {H, AZ_OAS_STYLE_SIMPLE, 0, false, "X", "[[1,2],{\"a\":\"b/c\"}]", "[1,2],{\"a\":\"b/c\"}",
         NULL},
        {P, AZ_OAS_STYLE_SIMPLE, 0, false, "x", "[[1,2],{\"a\":\"b\"}]",
         "%5B1%2C2%5D,%7B%22a%22%3A%22b%22%7D", NULL},
        {Q, AZ_OAS_STYLE_FORM, 1, false, "x", "{\"a\":[1]}", "a=%5B1%5D", NULL},
        /* deepObject nests objects as name[a][b]; arrays inside are JSON */
        {Q, AZ_OAS_STYLE_DEEP_OBJECT, 1, false, "f", "{\"a\":{\"b\":1,\"c\":\"x y\"},\"d\":[1,2]}",
         "f%5Ba%5D%5Bb%5D=1&f%5Ba%5D%5Bc%5D=x%20y&f%5Bd%5D=%5B1%2C2%5D", NULL},
        {Q, AZ_OAS_STYLE_DEEP_OBJECT, 1, true, "f", "{\"k&\":\"a/b\"}", "f%5Bk%26%5D=a/b", NULL},
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

/*
 * Path segments against query components: RFC 6570 simple expansion
 * encodes all but the unreserved set in both; allowReserved (query only)
 * keeps reserved characters except "[]#&=+" (OpenAPI 3.1.1, allowReserved).
 * Delimiters the style inserts stay raw; the same characters inside values
 * are encoded. Headers are never encoded; cookies are encoded as a query,
 * without allowReserved.
 */
static void test_location_encoding(void **state)
{
    (void)state;
    const az_oas_param_in P = AZ_OAS_IN_PATH, Q = AZ_OAS_IN_QUERY, H = AZ_OAS_IN_HEADER,
                          C = AZ_OAS_IN_COOKIE;
#define NASTY "\"a b/c?d&e=f+g#h\""
    const ser_case cases[] = {
        {P, AZ_OAS_STYLE_SIMPLE, 0, false, "p", NASTY, "a%20b%2Fc%3Fd%26e%3Df%2Bg%23h", NULL},
        {P, AZ_OAS_STYLE_SIMPLE, 0, true, "p", NASTY, "a%20b%2Fc%3Fd%26e%3Df%2Bg%23h", NULL},
        {P, AZ_OAS_STYLE_MATRIX, 0, false, "p", NASTY, ";p=a%20b%2Fc%3Fd%26e%3Df%2Bg%23h", NULL},
        {Q, AZ_OAS_STYLE_FORM, 1, false, "q", NASTY, "q=a%20b%2Fc%3Fd%26e%3Df%2Bg%23h", NULL},
        {Q, AZ_OAS_STYLE_FORM, 1, true, "q", NASTY, "q=a%20b/c?d%26e%3Df%2Bg%23h", NULL},
        {C, AZ_OAS_STYLE_FORM, 1, true, "c", NASTY, "c=a%20b%2Fc%3Fd%26e%3Df%2Bg%23h", NULL},
        {H, AZ_OAS_STYLE_SIMPLE, 0, true, "X", NASTY, "a b/c?d&e=f+g#h", NULL},
        /* non-ASCII UTF-8, byte by byte, upper-case hex */
        {P, AZ_OAS_STYLE_LABEL, 0, false, "p", "\"caf\xc3\xa9 \xe2\x82\xac\"",
         ".caf%C3%A9%20%E2%82%AC", NULL},
        {Q, AZ_OAS_STYLE_FORM, 1, true, "q", "\"caf\xc3\xa9\"", "q=caf%C3%A9", NULL},
        {H, AZ_OAS_STYLE_SIMPLE, 0, false, "X", "\"caf\xc3\xa9\"", "caf\xc3\xa9", NULL},
        /* reserved characters under allowReserved; existing %XX kept */
        {Q, AZ_OAS_STYLE_FORM, 1, true, "q", "\":/?@!$'()*,;[]%41%zz\"",
         "q=:/?@!$'()*,;%5B%5D%41%25zz", NULL},
        {Q, AZ_OAS_STYLE_FORM, 1, false, "q", "\":/?@%41\"", "q=%3A%2F%3F%40%2541", NULL},
        /* a delimiter inside a value is encoded, the style's is not */
        {P, AZ_OAS_STYLE_SIMPLE, 0, false, "p", "[\"a,b\",\"c\"]", "a%2Cb,c", NULL},
        /* '.' is unreserved: RFC 6570 leaves it raw */
        {P, AZ_OAS_STYLE_LABEL, 1, false, "p", "[\"a.b\",\"c\"]", ".a.b.c", NULL},
        {P, AZ_OAS_STYLE_MATRIX, 1, false, "p", "{\"k;=\":\"v;\"}", ";k%3B%3D=v%3B", NULL},
        {Q, AZ_OAS_STYLE_FORM, 0, false, "q", "[\"a,b\",\"c d\"]", "q=a%2Cb,c%20d", NULL},
        {Q, AZ_OAS_STYLE_FORM, 1, true, "q", "{\"a&b\":\"c&d\"}", "a%26b=c%26d", NULL},
        /* the parameter's name is encoded, never under allowReserved */
        {Q, AZ_OAS_STYLE_FORM, 1, true, "a b/c", "1", "a%20b%2Fc=1", NULL},
        {P, AZ_OAS_STYLE_MATRIX, 0, false, "a;b", "1", ";a%3Bb=1", NULL},
        /* headers: simple only, never encoded */
        {H, AZ_OAS_STYLE_SIMPLE, 0, false, "X", "[\"a b\",\"c,d\"]", "a b,c,d", NULL},
        {H, AZ_OAS_STYLE_SIMPLE, 0, false, "X", "\"a\\tb\"", "a\tb", NULL},
        {H, AZ_OAS_STYLE_SIMPLE, 1, false, "X", OBJECT, "R=100,G=200,B=150", NULL},
        {H, AZ_OAS_STYLE_DEFAULT, -1, false, "X", ARRAY, "blue,black,brown", NULL},
        /* cookies: form, exploded by default, pairs joined by '&' */
        {C, AZ_OAS_STYLE_DEFAULT, -1, false, "color", ARRAY, "color=blue&color=black&color=brown",
         NULL},
        {C, AZ_OAS_STYLE_FORM, 0, false, "color", ARRAY, "color=blue,black,brown", NULL},
        {C, AZ_OAS_STYLE_FORM, -1, false, "color", OBJECT, "R=100&G=200&B=150", NULL},
        {C, AZ_OAS_STYLE_FORM, 0, false, "id", "\"a b;c\"", "id=a%20b%3Bc", NULL},
        {C, AZ_OAS_STYLE_FORM, -1, false, "id", "5", "id=5", NULL},
        /* a NUL inside a JSON string is a byte like any other */
        {Q, AZ_OAS_STYLE_FORM, 1, false, "q", "\"a\\u0000b\"", "q=a%00b", NULL},
        {P, AZ_OAS_STYLE_SIMPLE, 0, false, "p", "[\"\\u0000\"]", "%00", NULL},
    };
#undef NASTY
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

/* Every combination the Style Values table does not allow, and bad input. */
static void test_invalid(void **state)
{
    (void)state;
    const az_oas_param_in P = AZ_OAS_IN_PATH, Q = AZ_OAS_IN_QUERY, H = AZ_OAS_IN_HEADER,
                          C = AZ_OAS_IN_COOKIE;
    const ser_case cases[] = {
        /* styles outside their locations */
        {Q, AZ_OAS_STYLE_MATRIX, 0, false, "c", STRING, NULL,
         "style 'matrix' is not allowed for query parameter 'c'"},
        {H, AZ_OAS_STYLE_MATRIX, 0, false, "c", STRING, NULL, "'matrix' is not allowed for header"},
        {C, AZ_OAS_STYLE_MATRIX, 0, false, "c", STRING, NULL, "'matrix' is not allowed for cookie"},
        {Q, AZ_OAS_STYLE_LABEL, 0, false, "c", STRING, NULL, "'label' is not allowed for query"},
        {H, AZ_OAS_STYLE_LABEL, 0, false, "c", STRING, NULL, "'label' is not allowed for header"},
        {C, AZ_OAS_STYLE_LABEL, 0, false, "c", STRING, NULL, "'label' is not allowed for cookie"},
        {P, AZ_OAS_STYLE_FORM, 0, false, "c", STRING, NULL, "'form' is not allowed for path"},
        {H, AZ_OAS_STYLE_FORM, 0, false, "c", STRING, NULL, "'form' is not allowed for header"},
        {Q, AZ_OAS_STYLE_SIMPLE, 0, false, "c", STRING, NULL, "'simple' is not allowed for query"},
        {C, AZ_OAS_STYLE_SIMPLE, 0, false, "c", STRING, NULL, "'simple' is not allowed for cookie"},
        {P, AZ_OAS_STYLE_SPACE_DELIMITED, 0, false, "c", ARRAY, NULL,
         "'spaceDelimited' is not allowed for path"},
        {H, AZ_OAS_STYLE_SPACE_DELIMITED, 0, false, "c", ARRAY, NULL,
         "'spaceDelimited' is not allowed for header"},
        {C, AZ_OAS_STYLE_SPACE_DELIMITED, 0, false, "c", ARRAY, NULL,
         "'spaceDelimited' is not allowed for cookie"},
        {P, AZ_OAS_STYLE_PIPE_DELIMITED, 0, false, "c", ARRAY, NULL,
         "'pipeDelimited' is not allowed for path"},
        {H, AZ_OAS_STYLE_PIPE_DELIMITED, 0, false, "c", ARRAY, NULL,
         "'pipeDelimited' is not allowed for header"},
        {C, AZ_OAS_STYLE_PIPE_DELIMITED, 0, false, "c", ARRAY, NULL,
         "'pipeDelimited' is not allowed for cookie"},
        {P, AZ_OAS_STYLE_DEEP_OBJECT, 1, false, "c", OBJECT, NULL,
         "'deepObject' is not allowed for path"},
        {H, AZ_OAS_STYLE_DEEP_OBJECT, 1, false, "c", OBJECT, NULL,
         "'deepObject' is not allowed for header"},
        {C, AZ_OAS_STYLE_DEEP_OBJECT, 1, false, "c", OBJECT, NULL,
         "'deepObject' is not allowed for cookie"},
        /* spaceDelimited and pipeDelimited need an array or an object */
        {Q, AZ_OAS_STYLE_SPACE_DELIMITED, 0, false, "c", "1", NULL,
         "style 'spaceDelimited' needs an array or an object, not a number, for parameter 'c'"},
        {Q, AZ_OAS_STYLE_SPACE_DELIMITED, 0, false, "c", "null", NULL, "not null"},
        {Q, AZ_OAS_STYLE_PIPE_DELIMITED, 0, false, "c", "true", NULL, "not a boolean"},
        {Q, AZ_OAS_STYLE_PIPE_DELIMITED, 1, false, "c", STRING, NULL, "not a string"},
        /* deepObject needs an object */
        {Q, AZ_OAS_STYLE_DEEP_OBJECT, 1, false, "c", "null", NULL,
         "style 'deepObject' needs an object, not null, for parameter 'c'"},
        {Q, AZ_OAS_STYLE_DEEP_OBJECT, 1, false, "c", "2.5", NULL, "not a number"},
        /* header values are not encoded: no CR, LF, NUL or other controls */
        {H, AZ_OAS_STYLE_SIMPLE, 0, false, "X-A", "\"a\\r\\nX-B: 1\"", NULL,
         "header parameter 'X-A' has control character 0x0d in its value"},
        {H, AZ_OAS_STYLE_SIMPLE, 0, false, "X-A", "[\"a\",\"b\\u0000\"]", NULL,
         "control character 0x00"},
        {H, AZ_OAS_STYLE_SIMPLE, 0, false, "X-A", "\"\\u007f\"", NULL, "control character 0x7f"},
        /* a parameter needs a name, a known location and a known style */
        {Q, AZ_OAS_STYLE_FORM, 1, false, NULL, STRING, NULL, "query parameter has no name"},
        {P, AZ_OAS_STYLE_SIMPLE, 0, false, "", STRING, NULL, "path parameter has no name"},
        {(az_oas_param_in)9, AZ_OAS_STYLE_FORM, 1, false, "c", STRING, NULL,
         "unknown parameter location 9"},
        {Q, (az_oas_style)42, 1, false, "c", STRING, NULL, "unknown style 42 for parameter 'c'"},
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);

    /* The error argument is optional. */
    az_oas_param p = {"c", AZ_OAS_IN_QUERY, AZ_OAS_STYLE_MATRIX, -1, false};
    char *out = (char *)&out;
    assert_int_equal(az_oas_serialize(&p, NULL, &out, NULL), AZ_ERR_INVALID);
    assert_null(out);
}

/* The helper on its own, for both components, with and without
 * allowReserved. */
static void test_percent_encode(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *path, *path_reserved, *query, *query_reserved;
    } cases[] = {
        {"", "", "", "", ""},
        {"AZaz09-._~", "AZaz09-._~", "AZaz09-._~", "AZaz09-._~", "AZaz09-._~"},
        {" ", "%20", "%20", "%20", "%20"},
        {"/", "%2F", "%2F", "%2F", "/"},
        {"?", "%3F", "%3F", "%3F", "?"},
        {"&", "%26", "&", "%26", "%26"},
        {"=", "%3D", "=", "%3D", "%3D"},
        {"+", "%2B", "+", "%2B", "%2B"},
        {"#", "%23", "%23", "%23", "%23"},
        {"[]", "%5B%5D", "%5B%5D", "%5B%5D", "%5B%5D"},
        {":@", "%3A%40", ":@", "%3A%40", ":@"},
        {"!$'()*,;", "%21%24%27%28%29%2A%2C%3B", "!$'()*,;", "%21%24%27%28%29%2A%2C%3B",
         "!$'()*,;"},
        {"caf\xc3\xa9", "caf%C3%A9", "caf%C3%A9", "caf%C3%A9", "caf%C3%A9"},
        {"%41%4", "%2541%254", "%41%254", "%2541%254", "%41%254"},
        {"%g0%", "%25g0%25", "%25g0%25", "%25g0%25", "%25g0%25"},
        {"\"<>\\^`{|}", "%22%3C%3E%5C%5E%60%7B%7C%7D", "%22%3C%3E%5C%5E%60%7B%7C%7D",
         "%22%3C%3E%5C%5E%60%7B%7C%7D", "%22%3C%3E%5C%5E%60%7B%7C%7D"},
        {"\x01\x7f\xff", "%01%7F%FF", "%01%7F%FF", "%01%7F%FF", "%01%7F%FF"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *expected[4] = {cases[i].path, cases[i].path_reserved, cases[i].query,
                                   cases[i].query_reserved};
        for (int k = 0; k < 4; k++) {
            char *got = az_oas_percent_encode(cases[i].in, strlen(cases[i].in), k >= 2, k % 2);
            assert_non_null(got);
            if (strcmp(got, expected[k]) != 0)
                fail_msg("row %zu variant %d: got '%s', expected '%s'", i, k, got, expected[k]);
            free(got);
        }
    }
    /* An embedded NUL is a byte like any other. */
    char *got = az_oas_percent_encode("a\0b", 3, true, false);
    assert_string_equal(got, "a%00b");
    free(got);
}

/* Style names read and written as OpenAPI spells them. */
static void test_style_names(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        az_oas_style style;
    } cases[] = {
        {"matrix", AZ_OAS_STYLE_MATRIX},
        {"label", AZ_OAS_STYLE_LABEL},
        {"form", AZ_OAS_STYLE_FORM},
        {"simple", AZ_OAS_STYLE_SIMPLE},
        {"spaceDelimited", AZ_OAS_STYLE_SPACE_DELIMITED},
        {"pipeDelimited", AZ_OAS_STYLE_PIPE_DELIMITED},
        {"deepObject", AZ_OAS_STYLE_DEEP_OBJECT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        az_oas_style style = AZ_OAS_STYLE_DEFAULT;
        assert_int_equal(az_oas_style_parse(cases[i].name, &style), AZ_OK);
        assert_int_equal(style, cases[i].style);
        assert_string_equal(az_oas_style_name(style), cases[i].name);
    }
    static const char *const bad[] = {"Matrix", "spacedelimited", "", "default", "deep"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        az_oas_style style = AZ_OAS_STYLE_LABEL;
        assert_int_equal(az_oas_style_parse(bad[i], &style), AZ_ERR_INVALID);
        assert_int_equal(style, AZ_OAS_STYLE_LABEL);
    }
    az_oas_style style = AZ_OAS_STYLE_LABEL;
    assert_int_equal(az_oas_style_parse(NULL, &style), AZ_ERR_INVALID);
    assert_string_equal(az_oas_style_name(AZ_OAS_STYLE_DEFAULT), "default");
    assert_string_equal(az_oas_param_in_name(AZ_OAS_IN_COOKIE), "cookie");
    assert_string_equal(az_oas_param_in_name(AZ_OAS_IN_PATH), "path");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_style_examples), cmocka_unit_test(test_defaults_and_empty),
        cmocka_unit_test(test_value_texts),    cmocka_unit_test(test_location_encoding),
        cmocka_unit_test(test_invalid),        cmocka_unit_test(test_percent_encode),
        cmocka_unit_test(test_style_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
