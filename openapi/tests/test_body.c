/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_body.c - request bodies by media type (OpenAPI 3.1.1 sections
 * 4.8.14 Media Type Object and 4.8.15 Encoding Object): the exact bytes
 * and Content-Type of JSON and "+json" bodies, form bodies with and
 * without encodings, multipart/form-data with a fixed boundary (RFC 7578)
 * and with a generated one, text, XML and binary bodies, and every error.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arazzo/openapi.h"

/* The form media type, often repeated. */
#define FORM "application/x-www-form-urlencoded"

/* One body case: NULL `expected` means AZ_ERR_INVALID and a message
 * containing `message`. */
typedef struct body_case {
    const char *media_type;
    const char *json; /* the value as JSON text; "null" is JSON null */
    const az_oas_encoding *enc;
    size_t n_enc;
    const char *boundary;
    const char *expected;
    size_t expected_len; /* 0: strlen(expected) */
    const char *content_type;
    const char *message;
} body_case;

/* Runs a table of body cases, naming the failing row. */
static void run_cases(const body_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const body_case *c = &cases[i];
        json_object *value = json_tokener_parse(c->json);
        if (!value && strcmp(c->json, "null") != 0)
            fail_msg("row %zu: bad test JSON %s", i, c->json);
        char *out = (char *)&out, *ct = (char *)&ct, *error = (char *)&error;
        size_t len = 99;
        az_status st = az_oas_body_encode(c->media_type, value, c->enc, c->n_enc, c->boundary, &out,
                                          &len, &ct, &error);
        if (c->expected) {
            size_t want = c->expected_len ? c->expected_len : strlen(c->expected);
            if (st != AZ_OK)
                fail_msg("row %zu (%s %s): %s: %s", i, c->media_type, c->json, az_status_name(st),
                         error ? error : "(no message)");
            if (len != want || memcmp(out, c->expected, want) != 0)
                fail_msg("row %zu (%s %s): got '%s' (%zu bytes), expected '%s'", i, c->media_type,
                         c->json, out, len, c->expected);
            assert_int_equal(out[len], '\0');
            if (strcmp(ct, c->content_type) != 0)
                fail_msg("row %zu: content type '%s', expected '%s'", i, ct, c->content_type);
            assert_null(error);
            free(out);
            free(ct);
        } else {
            if (st != AZ_ERR_INVALID)
                fail_msg("row %zu (%s %s): %s, expected AZ_ERR_INVALID", i,
                         c->media_type ? c->media_type : "(null)", c->json, az_status_name(st));
            assert_null(out);
            assert_null(ct);
            assert_int_equal(len, 0);
            assert_non_null(error);
            if (!strstr(error, c->message))
                fail_msg("row %zu: message '%s' lacks '%s'", i, error, c->message);
            free(error);
        }
        json_object_put(value);
    }
}

/* application/json, text/json and "+json" types: compact JSON as is. */
static void test_json(void **state)
{
    (void)state;
    static const body_case cases[] = {
        {"application/json", "{\"a\": 1, \"b\": [true, null], \"c\": \"x/y\"}", NULL, 0, NULL,
         "{\"a\":1,\"b\":[true,null],\"c\":\"x/y\"}", 0, "application/json", NULL},
        {"Application/JSON; charset=utf-8", "1.5", NULL, 0, NULL, "1.5", 0,
         "Application/JSON; charset=utf-8", NULL},
        {"application/json", "0.1", NULL, 0, NULL, "0.1", 0, "application/json", NULL},
        {"application/problem+json", "{\"title\": \"t\"}", NULL, 0, NULL, "{\"title\":\"t\"}", 0,
         "application/problem+json", NULL},
        {" application/vnd.api+JSON ", "[1, 2]", NULL, 0, NULL, "[1,2]", 0,
         " application/vnd.api+JSON ", NULL},
        {"text/json", "\"hi\"", NULL, 0, NULL, "\"hi\"", 0, "text/json", NULL},
        /* A string is sent as a JSON string even when it holds JSON. */
        {"application/json", "\"{\\\"a\\\":1}\"", NULL, 0, NULL, "\"{\\\"a\\\":1}\"", 0,
         "application/json", NULL},
        {"application/json", "null", NULL, 0, NULL, "null", 0, "application/json", NULL},
        {"application/json", "\"caf\\u00e9\"", NULL, 0, NULL, "\"caf\xc3\xa9\"", 0,
         "application/json", NULL},
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

/* Encodes a built value as `media_type`, expecting AZ_OK and `expected`. */
static void check_built(const char *media_type, json_object *value, const char *expected)
{
    char *out, *ct, *error;
    size_t len;
    az_status st = az_oas_body_encode(media_type, value, NULL, 0, NULL, &out, &len, &ct, &error);
    if (st != AZ_OK)
        fail_msg("%s: %s: %s", media_type, az_status_name(st), error ? error : "(no message)");
    assert_string_equal(out, expected);
    assert_int_equal(len, strlen(expected));
    free(out);
    free(ct);
}

/* Values built in memory (not parsed) serialize the same: doubles in the
 * shortest form, NaN and infinities as null, strings and keys escaped. */
static void test_json_built(void **state)
{
    (void)state;
    json_object *o = json_object_new_object();
    assert_non_null(o);
    json_object_object_add(o, "x", json_object_new_double(0.1));
    json_object_object_add(o, "big", json_object_new_double(1e300));
    json_object_object_add(o, "two", json_object_new_double(2.0));
    json_object_object_add(o, "nan", json_object_new_double(NAN));
    json_object_object_add(o, "inf", json_object_new_double(-INFINITY));
    json_object_object_add(o, "s", json_object_new_string_len("a\"\\/\x01\n\0b", 8));
    json_object_object_add(o, "k\"\t", json_object_new_int64(INT64_MIN));
    json_object_object_add(o, "u", json_object_new_uint64(UINT64_MAX));
    json_object *a = json_object_new_array();
    json_object_array_add(a, json_object_new_double(0.3));
    json_object_array_add(a, NULL);
    json_object_array_add(a, json_object_new_boolean(0));
    json_object_object_add(o, "a", a);
    json_object_object_add(o, "e", json_object_new_object());
    check_built("application/json", o,
                "{\"x\":0.1,\"big\":1e+300,\"two\":2.0,\"nan\":null,\"inf\":null,"
                "\"s\":\"a\\\"\\\\/\\u0001\\n\\u0000b\",\"k\\\"\\t\":-9223372036854775808,"
                "\"u\":18446744073709551615,\"a\":[0.3,null,false],\"e\":{}}");
    json_object_put(o);

    json_object *d = json_object_new_double(0.1);
    check_built("text/plain", d, "0.1");
    json_object_put(d);
    json_object *f = json_object_new_object();
    json_object_object_add(f, "p", json_object_new_double(0.7));
    json_object *inner = json_object_new_object();
    json_object_object_add(inner, "q", json_object_new_double(0.7));
    json_object_object_add(f, "o", inner);
    check_built(FORM, f, "p=0.7&o=%7B%22q%22%3A0.7%7D");
    check_built("text/plain", f, "{\"p\":0.7,\"o\":{\"q\":0.7}}");
    json_object_put(f);
}

/* Encoding entries for the form tests. */
static const az_oas_encoding form_noexplode[] = {{"tags", NULL, AZ_OAS_STYLE_FORM, 0, false}};
static const az_oas_encoding form_deep[] = {{"addr", NULL, AZ_OAS_STYLE_DEEP_OBJECT, -1, false}};
static const az_oas_encoding form_default[] = {{"addr", NULL, AZ_OAS_STYLE_DEFAULT, -1, false}};
static const az_oas_encoding form_json[] = {
    {"other", "text/plain", AZ_OAS_STYLE_DEFAULT, -1, false},
    {"meta", "application/json", AZ_OAS_STYLE_DEFAULT, -1, false},
    {"s", "application/vnd.x+json", AZ_OAS_STYLE_DEFAULT, -1, false},
};
static const az_oas_encoding form_reserved[] = {{"q", NULL, AZ_OAS_STYLE_DEFAULT, -1, true}};
static const az_oas_encoding form_json_reserved[] = {
    {"q", "application/json", AZ_OAS_STYLE_DEFAULT, -1, true}};
static const az_oas_encoding form_space[] = {{"ids", NULL, AZ_OAS_STYLE_SPACE_DELIMITED, 0, false}};
static const az_oas_encoding form_pipe[] = {{"ids", NULL, AZ_OAS_STYLE_PIPE_DELIMITED, 0, false}};

/* application/x-www-form-urlencoded with and without encodings. */
static void test_form(void **state)
{
    (void)state;
    static const body_case cases[] = {
        {FORM,
         "{\"name\": \"a b\", \"tags\": [\"x\", \"y\"], \"n\": 1.5, \"ok\": true, \"nil\": null}",
         NULL, 0, NULL, "name=a%20b&tags=x&tags=y&n=1.5&ok=true&nil=", 0, FORM, NULL},
        {FORM "; charset=utf-8", "{\"k\": \"a&b=c+d\"}", NULL, 0, NULL, "k=a%26b%3Dc%2Bd", 0,
         FORM "; charset=utf-8", NULL},
        {"Application/X-WWW-Form-Urlencoded", "{\"k\": 2}", NULL, 0, NULL, "k=2", 0,
         "Application/X-WWW-Form-Urlencoded", NULL},
        {FORM, "{}", NULL, 0, NULL, "", 0, FORM, NULL},
        /* An empty array sends nothing, and leaves no stray '&'. */
        {FORM, "{\"a\": [], \"b\": \"1\", \"c\": []}", NULL, 0, NULL, "b=1", 0, FORM, NULL},
        /* A nested object without an encoding goes as JSON text. */
        {FORM, "{\"addr\": {\"city\": \"Paris\", \"zip\": \"75\"}}", NULL, 0, NULL,
         "addr=%7B%22city%22%3A%22Paris%22%2C%22zip%22%3A%2275%22%7D", 0, FORM, NULL},
        {FORM, "{\"a b\": \"c\"}", NULL, 0, NULL, "a%20b=c", 0, FORM, NULL},
        {FORM, "{\"tags\": [\"x\", \"y\"]}", form_noexplode, 1, NULL, "tags=x,y", 0, FORM, NULL},
        {FORM, "{\"addr\": {\"city\": \"Paris\", \"zip\": \"75\"}}", form_deep, 1, NULL,
         "addr%5Bcity%5D=Paris&addr%5Bzip%5D=75", 0, FORM, NULL},
        /* With an encoding entry, an object follows the style (form, exploded). */
        {FORM, "{\"addr\": {\"city\": \"Paris\", \"zip\": \"75\"}}", form_default, 1, NULL,
         "city=Paris&zip=75", 0, FORM, NULL},
        {FORM, "{\"meta\": {\"a\": [1]}, \"s\": \"x\", \"other\": \"y z\"}", form_json, 3, NULL,
         "meta=%7B%22a%22%3A%5B1%5D%7D&s=%22x%22&other=y%20z", 0, FORM, NULL},
        {FORM, "{\"q\": \"a/b?c\"}", form_reserved, 1, NULL, "q=a/b?c", 0, FORM, NULL},
        {FORM, "{\"q\": \"a/b?c\"}", NULL, 0, NULL, "q=a%2Fb%3Fc", 0, FORM, NULL},
        {FORM, "{\"q\": [\"a:b\"]}", form_json_reserved, 1, NULL, "q=%5B%22a:b%22%5D", 0, FORM,
         NULL},
        {FORM, "{\"ids\": [1, 2]}", form_space, 1, NULL, "ids=1%202", 0, FORM, NULL},
        {FORM, "{\"ids\": [1, 2]}", form_pipe, 1, NULL, "ids=1%7C2", 0, FORM, NULL},
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

/* Encoding entries for the multipart tests. */
static const az_oas_encoding mp_png[] = {{"file", "image/png", AZ_OAS_STYLE_DEFAULT, -1, false}};
static const az_oas_encoding mp_json[] = {
    {"tags", "application/json", AZ_OAS_STYLE_DEFAULT, -1, false},
    {"n", "application/json", AZ_OAS_STYLE_DEFAULT, -1, false},
    {"s", "application/json", AZ_OAS_STYLE_DEFAULT, -1, false},
};
static const az_oas_encoding mp_list[] = {
    {"a", " image/png , image/jpeg", AZ_OAS_STYLE_DEFAULT, -1, false},
    {"b", "image/*", AZ_OAS_STYLE_DEFAULT, -1, false},
};
static const az_oas_encoding mp_crlf[] = {
    {"a", "text/plain\r\nX-Evil: 1", AZ_OAS_STYLE_DEFAULT, -1, false}};
static const az_oas_encoding mp_csv[] = {{"rows", "text/csv", AZ_OAS_STYLE_DEFAULT, -1, false}};

#define MP       "multipart/form-data"
#define MP_CT    "multipart/form-data; boundary=XyZ"
#define DISP(n)  "Content-Disposition: form-data; name=\"" n "\"\r\n"
#define PART(n)  "--XyZ\r\n" DISP(n) "\r\n"
#define JPART(n) "--XyZ\r\n" DISP(n) "Content-Type: application/json\r\n\r\n"
#define CLOSE    "--XyZ--\r\n"

/* The whole wire form of the first multipart case, line by line. */
/* clang-format off */
static const char MP_FULL[] =
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"id\"\r\n"
    "\r\n"
    "7\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"name\"\r\n"
    "\r\n"
    "Jo\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"tags\"\r\n"
    "\r\n"
    "a\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"tags\"\r\n"
    "\r\n"
    "b\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"meta\"\r\n"
    "Content-Type: application/json\r\n"
    "\r\n"
    "{\"k\":1}\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"file\"\r\n"
    "Content-Type: image/png\r\n"
    "\r\n"
    "bin\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"nil\"\r\n"
    "\r\n"
    "\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"x\"\r\n"
    "\r\n"
    "2.5\r\n"
    "--XyZ--\r\n";
/* clang-format on */

/* multipart/form-data with a fixed boundary: exact bytes. */
static void test_multipart(void **state)
{
    (void)state;
    static const body_case cases[] = {
        {MP,
         "{\"id\": 7, \"name\": \"Jo\", \"tags\": [\"a\", \"b\"], \"meta\": {\"k\": 1}, "
         "\"file\": \"bin\", \"nil\": null, \"x\": 2.5}",
         mp_png, 1, "XyZ", MP_FULL, 0, MP_CT, NULL},
        {"Multipart/Form-Data; charset=utf-8", "{}", NULL, 0, "XyZ", CLOSE, 0, MP_CT, NULL},
        /* Quotes and backslashes in a name are escaped, CR and LF encoded. */
        {MP, "{\"a\\\"b\\\\c\": 1, \"l\\r\\n\": 2}", NULL, 0, "XyZ",
         PART("a\\\"b\\\\c") "1\r\n" PART("l%0D%0A") "2\r\n" CLOSE, 0, MP_CT, NULL},
        /* A JSON content type keeps an array whole and makes values JSON. */
        {MP, "{\"tags\": [\"a\", \"b\"], \"n\": 3, \"s\": \"t\"}", mp_json, 3, "XyZ",
         JPART("tags") "[\"a\",\"b\"]\r\n" JPART("n") "3\r\n" JPART("s") "\"t\"\r\n" CLOSE, 0,
         MP_CT, NULL},
        /* Array items that are containers become JSON parts. */
        {MP, "{\"items\": [{\"a\": 1}, [2], \"z\"], \"e\": []}", NULL, 0, "XyZ",
         JPART("items") "{\"a\":1}\r\n" JPART("items") "[2]\r\n" PART("items") "z\r\n" CLOSE, 0,
         MP_CT, NULL},
        {MP, "{\"rows\": [\"a,b\"]}", mp_csv, 1, "XyZ",
         "--XyZ\r\n" DISP("rows") "Content-Type: text/csv\r\n\r\na,b\r\n" CLOSE, 0, MP_CT, NULL},
        /* A list of content types gives its first; a wildcard, octet-stream. */
        {MP, "{\"a\": \"p\", \"b\": \"q\"}", mp_list, 2, "XyZ",
         "--XyZ\r\n" DISP("a") "Content-Type: image/png\r\n\r\np\r\n"
                               "--XyZ\r\n" DISP(
                                   "b") "Content-Type: application/octet-stream\r\n\r\nq\r\n" CLOSE,
         0, MP_CT, NULL},
        /* A boundary outside the token characters is quoted. */
        {MP, "{\"a\": \"b\"}", NULL, 0, "x y:z", "--x y:z\r\n" DISP("a") "\r\nb\r\n--x y:z--\r\n",
         0, "multipart/form-data; boundary=\"x y:z\"", NULL},
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

/* Counts the occurrences of `needle` in `len` bytes of `hay`. */
static size_t count(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle), k = 0;
    for (size_t i = 0; n <= len && i <= len - n; i++)
        if (memcmp(hay + i, needle, n) == 0)
            k++;
    return k;
}

/* Encodes a multipart body with a generated boundary, checks its shape and
 * that the boundary occurs only as delimiters, and returns the boundary. */
static char *generated(const char *json, size_t n_parts)
{
    json_object *value = json_tokener_parse(json);
    assert_non_null(value);
    char *out, *ct, *error;
    size_t len;
    assert_int_equal(az_oas_body_encode(MP, value, NULL, 0, NULL, &out, &len, &ct, &error), AZ_OK);
    const char *prefix = "multipart/form-data; boundary=";
    assert_int_equal(strncmp(ct, prefix, strlen(prefix)), 0);
    const char *b = ct + strlen(prefix);
    assert_int_equal(strlen(b), strlen("arazzo-") + 16);
    assert_int_equal(strncmp(b, "arazzo-", 7), 0);
    assert_int_equal(strspn(b + 7, "0123456789abcdef"), 16);
    assert_int_equal(count(out, len, b), n_parts + 1);
    char close[64];
    snprintf(close, sizeof close, "--%s--\r\n", b);
    assert_true(len > strlen(close));
    assert_string_equal(out + len - strlen(close), close);
    char *copy = strdup(b);
    assert_non_null(copy);
    free(out);
    free(ct);
    json_object_put(value);
    return copy;
}

/* A generated boundary is deterministic, depends on the content and never
 * occurs in it. */
static void test_generated_boundary(void **state)
{
    (void)state;
    char *b1 = generated("{\"a\": \"x\", \"b\": [1, 2]}", 3);
    char *b2 = generated("{\"a\": \"x\", \"b\": [1, 2]}", 3);
    char *b3 = generated("{\"a\": \"y\", \"b\": [1, 2]}", 3);
    assert_string_equal(b1, b2);
    assert_string_not_equal(b1, b3);
    /* Content holding the first boundary gets another one. */
    char json[128];
    snprintf(json, sizeof json, "{\"a\": \"x\", \"b\": [1, 2], \"c\": \"--%s\"}", b1);
    char *b4 = generated(json, 4);
    assert_string_not_equal(b1, b4);
    free(b1);
    free(b2);
    free(b3);
    free(b4);
}

/* text/ types, XML and binary bodies. */
static void test_text_xml_binary(void **state)
{
    (void)state;
    static const body_case cases[] = {
        {"text/plain", "\"h\\u00e9llo\\n\"", NULL, 0, NULL, "h\xc3\xa9llo\n", 0, "text/plain",
         NULL},
        {"text/plain; charset=utf-8", "42", NULL, 0, NULL, "42", 0, "text/plain; charset=utf-8",
         NULL},
        {"TEXT/PLAIN", "1.0", NULL, 0, NULL, "1", 0, "TEXT/PLAIN", NULL},
        {"text/plain", "2.5", NULL, 0, NULL, "2.5", 0, "text/plain", NULL},
        {"text/plain", "false", NULL, 0, NULL, "false", 0, "text/plain", NULL},
        {"text/plain", "null", NULL, 0, NULL, "", 0, "text/plain", NULL},
        {"text/plain", "{\"a\": [1, \"x/y\"]}", NULL, 0, NULL, "{\"a\":[1,\"x/y\"]}", 0,
         "text/plain", NULL},
        {"text/csv", "\"a,b\\r\\n\"", NULL, 0, NULL, "a,b\r\n", 0, "text/csv", NULL},
        {"application/xml", "\"<a>1</a>\"", NULL, 0, NULL, "<a>1</a>", 0, "application/xml", NULL},
        {"text/xml; charset=utf-8", "\"<a/>\"", NULL, 0, NULL, "<a/>", 0, "text/xml; charset=utf-8",
         NULL},
        {"application/atom+XML", "\"<feed/>\"", NULL, 0, NULL, "<feed/>", 0, "application/atom+XML",
         NULL},
        {"application/octet-stream", "\"a\\u0000b\"", NULL, 0, NULL, "a\0b", 3,
         "application/octet-stream", NULL},
        {"image/png", "\"\\u0001PNG\"", NULL, 0, NULL, "\x01PNG", 0, "image/png", NULL},
        {"application/octet-stream", "\"\"", NULL, 0, NULL, "", 0, "application/octet-stream",
         NULL},
        /* Other multipart types are not built: a string is sent as is. */
        {"multipart/mixed", "\"raw\"", NULL, 0, NULL, "raw", 0, "multipart/mixed", NULL},
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

/* Every AZ_ERR_INVALID case and its message. */
static const az_oas_encoding bad_matrix[] = {{"a", NULL, AZ_OAS_STYLE_MATRIX, -1, false}};
static const az_oas_encoding bad_deep[] = {{"a", NULL, AZ_OAS_STYLE_DEEP_OBJECT, -1, false}};

/* The errors: media types, values a type cannot carry, boundaries,
 * encodings. */
static void test_errors(void **state)
{
    (void)state;
    static const body_case cases[] = {
        {NULL, "1", NULL, 0, NULL, NULL, 0, NULL, "request body has no media type"},
        {"", "1", NULL, 0, NULL, NULL, 0, NULL, "request body has no media type"},
        {"json", "1", NULL, 0, NULL, NULL, 0, NULL, "malformed media type 'json'"},
        {"text/plain\r\nX-Evil: 1", "\"x\"", NULL, 0, NULL, NULL, 0, NULL, "malformed media type"},
        {MP, "{\"a\": 1}", mp_crlf, 1, "XyZ", NULL, 0, NULL,
         "content type of multipart property 'a' has a control character"},
        {"application/", "1", NULL, 0, NULL, NULL, 0, NULL, "malformed media type"},
        {"/json", "1", NULL, 0, NULL, NULL, 0, NULL, "malformed media type"},
        {"app lication/json", "1", NULL, 0, NULL, NULL, 0, NULL, "malformed media type"},
        {"; charset=utf-8", "1", NULL, 0, NULL, NULL, 0, NULL, "malformed media type"},
        {FORM, "[1]", NULL, 0, NULL, NULL, 0, NULL, "a form body must be an object, not an array"},
        {FORM, "\"a=b\"", NULL, 0, NULL, NULL, 0, NULL,
         "a form body must be an object, not a string"},
        {FORM, "null", NULL, 0, NULL, NULL, 0, NULL, "a form body must be an object, not null"},
        {FORM, "{\"a\": 1}", bad_matrix, 1, NULL, NULL, 0, NULL,
         "form body: style 'matrix' is not allowed for query parameter 'a'"},
        {FORM, "{\"a\": 1}", bad_deep, 1, NULL, NULL, 0, NULL,
         "form body: style 'deepObject' needs an object, not a number"},
        {MP, "\"x\"", NULL, 0, NULL, NULL, 0, NULL,
         "a multipart/form-data body must be an object, not a string"},
        {MP, "{}", NULL, 0, "", NULL, 0, NULL, "invalid multipart boundary ''"},
        {MP, "{}", NULL, 0, "a\"b", NULL, 0, NULL, "invalid multipart boundary 'a\"b'"},
        {MP, "{}", NULL, 0, "ends-in-space ", NULL, 0, NULL, "invalid multipart boundary"},
        {MP, "{}", NULL, 0,
         "12345678901234567890123456789012345678901234567890123456789012345678901", NULL, 0, NULL,
         "invalid multipart boundary"},
        {MP, "{\"a\": \"x--XyZ\"}", NULL, 0, "XyZ", NULL, 0, NULL,
         "multipart boundary 'XyZ' occurs in the content"},
        {MP, "{\"XyZ\": 1}", NULL, 0, "XyZ", NULL, 0, NULL,
         "multipart boundary 'XyZ' occurs in the content"},
        {"application/xml", "{\"a\": 1}", NULL, 0, NULL, NULL, 0, NULL,
         "xml bodies must be given as text, not an object"},
        {"text/xml", "1", NULL, 0, NULL, NULL, 0, NULL,
         "xml bodies must be given as text, not a number"},
        {"application/soap+xml", "null", NULL, 0, NULL, NULL, 0, NULL,
         "xml bodies must be given as text, not null"},
        {"application/octet-stream", "[1]", NULL, 0, NULL, NULL, 0, NULL,
         "binary bodies must be given as text, not an array"},
        {"image/png", "true", NULL, 0, NULL, NULL, 0, NULL,
         "binary bodies must be given as text, not a boolean"},
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

/* The error argument may be NULL. */
static void test_null_error(void **state)
{
    (void)state;
    char *out, *ct;
    size_t len;
    assert_int_equal(az_oas_body_encode("json", NULL, NULL, 0, NULL, &out, &len, &ct, NULL),
                     AZ_ERR_INVALID);
    assert_null(out);
    assert_null(ct);
    assert_int_equal(
        az_oas_body_encode("application/json", NULL, NULL, 0, NULL, &out, &len, &ct, NULL), AZ_OK);
    assert_string_equal(out, "null");
    assert_int_equal(len, 4);
    free(out);
    free(ct);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_json_built),
        cmocka_unit_test(test_form),
        cmocka_unit_test(test_multipart),
        cmocka_unit_test(test_generated_boundary),
        cmocka_unit_test(test_text_xml_binary),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_null_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
