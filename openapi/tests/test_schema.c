/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_schema.c - unit tests of the JSON Schema validator (arazzo/openapi.h):
 * error locations (instance, keyword and absolute keyword pointers) of
 * nested and referenced failures, every violation listed, the OpenAPI 3.0
 * dialect (nullable, boolean exclusiveMinimum/exclusiveMaximum, `$ref`
 * siblings ignored), `format` as annotation and as assertion, a schema
 * inside a larger document, recursive schemas, `$ref` cycles and deep
 * instances under the depth cap, remote references, and compile errors.
 * The JSON Schema Test Suite runs in test_schema_suite.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arazzo/openapi.h>

/* Parses JSON text (its NUL ends a bare number); the test fails when it
 * is malformed. */
static json_object *parse(const char *text)
{
    json_tokener *tok = json_tokener_new_ex(4000);
    assert_non_null(tok);
    json_object *j = json_tokener_parse_ex(tok, text, (int)strlen(text) + 1);
    assert_int_equal(json_tokener_get_error(tok), json_tokener_success);
    json_tokener_free(tok);
    return j;
}

/* Compiles schema text with `opts` (NULL: defaults); the test fails when
 * compiling does. The schema's json_object is released: the compiled
 * schema keeps its own reference. */
static az_schema *compile(const char *text, const az_schema_opts *opts)
{
    json_object *j = parse(text);
    az_schema *s = NULL;
    char *error = NULL;
    az_status st = az_schema_compile(j, opts, &s, &error);
    if (st != AZ_OK)
        fail_msg("compile %s: %s", text, error ? error : az_status_str(st));
    json_object_put(j);
    free(error);
    return s;
}

/* Validates instance text; returns the result (the caller frees it). */
static az_schema_result *check(const az_schema *s, const char *instance)
{
    json_object *j = parse(instance);
    az_schema_result *r = NULL;
    assert_int_equal(az_schema_validate(s, j, &r), AZ_OK);
    assert_non_null(r);
    json_object_put(j);
    return r;
}

/* Tells whether instance text is valid against `s`. */
static bool valid(const az_schema *s, const char *instance)
{
    az_schema_result *r = check(s, instance);
    bool ok = az_schema_result_valid(r);
    az_schema_result_free(r);
    return ok;
}

/* An expected violation. */
typedef struct want_error {
    const char *instance;
    const char *keyword_location;
    const char *absolute;
    const char *keyword;
    const char *message;
} want_error;

/* Asserts that `r` holds exactly the violations `want` (in order). */
static void expect_errors(const az_schema_result *r, const want_error *want, size_t n)
{
    for (size_t i = 0; i < az_schema_result_count(r); i++) {
        const az_schema_error *e = az_schema_result_get(r, i);
        printf("  error %zu: %s | %s | %s | %s | %s\n", i, e->instance_location,
               e->keyword_location, e->absolute_keyword_location, e->keyword, e->message);
    }
    assert_int_equal(az_schema_result_count(r), n);
    for (size_t i = 0; i < n; i++) {
        const az_schema_error *e = az_schema_result_get(r, i);
        assert_string_equal(e->instance_location, want[i].instance);
        assert_string_equal(e->keyword_location, want[i].keyword_location);
        if (want[i].absolute)
            assert_string_equal(e->absolute_keyword_location, want[i].absolute);
        assert_string_equal(e->keyword, want[i].keyword);
        assert_string_equal(e->message, want[i].message);
    }
}

#define BASE AZ_SCHEMA_DEFAULT_BASE_URI

/* A failure deep inside properties and through a $ref names the instance,
 * the evaluation path and the absolute place of the keyword. */
static void test_error_pointers(void **state)
{
    (void)state;
    az_schema *s = compile("{\"$defs\": {\"n\": {\"type\": \"integer\"}},"
                           " \"properties\": {\"a/b\": {\"properties\": {\"c~d\": {\"type\": "
                           "\"integer\"}}},"
                           " \"list\": {\"items\": {\"$ref\": \"#/$defs/n\"}}}}",
                           NULL);
    az_schema_result *r = check(s, "{\"a/b\": {\"c~d\": \"x\"}, \"list\": [1, 2.5, true]}");
    const want_error want[] = {
        {"/a~1b/c~0d", "/properties/a~1b/properties/c~0d/type",
         BASE "#/properties/a~1b/properties/c~0d/type", "type", "expected integer, got string"},
        {"/list/1", "/properties/list/items/$ref/type", BASE "#/$defs/n/type", "type",
         "expected integer, got number"},
        {"/list/2", "/properties/list/items/$ref/type", BASE "#/$defs/n/type", "type",
         "expected integer, got boolean"},
    };
    expect_errors(r, want, sizeof want / sizeof want[0]);
    az_schema_result_free(r);
    az_schema_free(s);
}

/* Every violation is listed, not only the first, with concrete messages. */
static void test_all_errors(void **state)
{
    (void)state;
    az_schema *s =
        compile("{\"type\": \"object\", \"required\": [\"name\", \"id\"],"
                " \"properties\": {\"name\": true, \"id\": true, \"age\": {\"maximum\": 5},"
                " \"tags\": {\"type\": \"array\", \"maxItems\": 1, \"uniqueItems\": "
                "true},"
                " \"code\": {\"type\": \"string\", \"minLength\": 3, \"pattern\": "
                "\"^[a-z]+$\"},"
                " \"kind\": {\"enum\": [\"a\", \"b\"]}},"
                " \"additionalProperties\": false}",
                NULL);
    az_schema_result *r =
        check(s, "{\"age\": 7, \"tags\": [1, 1.0], \"code\": \"A\", \"kind\": \"c\", \"x\": 1}");
    const want_error want[] = {
        {"/age", "/properties/age/maximum", NULL, "maximum", "value 7 is greater than maximum 5"},
        {"/tags", "/properties/tags/maxItems", NULL, "maxItems",
         "array has 2 items, more than maxItems 1"},
        {"/tags", "/properties/tags/uniqueItems", NULL, "uniqueItems", "items 0 and 1 are equal"},
        {"/code", "/properties/code/minLength", NULL, "minLength",
         "string has 1 characters, fewer than minLength 3"},
        {"/code", "/properties/code/pattern", NULL, "pattern",
         "string \"A\" does not match pattern \"^[a-z]+$\""},
        {"/kind", "/properties/kind/enum", NULL, "enum", "value \"c\" is not one of [\"a\",\"b\"]"},
        {"/x", "/additionalProperties", NULL, "additionalProperties",
         "additional property \"x\" is not allowed"},
        {"", "/required", NULL, "required", "missing required property \"name\""},
        {"", "/required", NULL, "required", "missing required property \"id\""},
    };
    expect_errors(r, want, sizeof want / sizeof want[0]);
    az_schema_result_free(r);
    assert_true(valid(s, "{\"name\": \"n\", \"id\": 1, \"age\": 5.0, \"code\": \"abc\"}"));
    az_schema_free(s);
}

/* A table of instances and whether each is valid against one schema. */
typedef struct case_row {
    const char *instance;
    bool valid;
} case_row;

/* Runs a table against a schema compiled with `opts`. */
static void run_cases(const char *schema, const az_schema_opts *opts, const case_row *rows,
                      size_t n)
{
    az_schema *s = compile(schema, opts);
    for (size_t i = 0; i < n; i++) {
        if (valid(s, rows[i].instance) != rows[i].valid)
            fail_msg("%s against %s: expected %s", rows[i].instance, schema,
                     rows[i].valid ? "valid" : "invalid");
    }
    az_schema_free(s);
}

/* OpenAPI 3.0: nullable, boolean exclusive bounds, $ref siblings ignored,
 * no const, OpenAPI-only keywords as annotations. */
static void test_oas30(void **state)
{
    (void)state;
    az_schema_opts opts;
    az_schema_opts_init(&opts);
    opts.dialect = AZ_SCHEMA_OAS30;
    const case_row nullable[] = {{"null", true}, {"\"a\"", true}, {"1", false}};
    run_cases("{\"type\": \"string\", \"nullable\": true}", &opts, nullable, 3);
    const case_row not_nullable[] = {{"null", false}, {"\"a\"", true}};
    run_cases("{\"type\": \"string\", \"nullable\": false}", &opts, not_nullable, 2);
    /* nullable does not override enum (OpenAPI 3.0.3). */
    const case_row nullable_enum[] = {{"null", false}, {"\"a\"", true}};
    run_cases("{\"type\": \"string\", \"nullable\": true, \"enum\": [\"a\"]}", &opts, nullable_enum,
              2);
    const case_row excl[] = {{"5", false}, {"5.5", true}, {"10", false}, {"9.99", true}};
    run_cases("{\"minimum\": 5, \"exclusiveMinimum\": true, \"maximum\": 10,"
              " \"exclusiveMaximum\": true}",
              &opts, excl, 4);
    const case_row incl[] = {{"5", true}, {"10", true}, {"10.5", false}};
    run_cases("{\"minimum\": 5, \"exclusiveMinimum\": false, \"maximum\": 10}", &opts, incl, 3);
    const case_row annotations[] = {{"{\"a\": 1}", true}, {"3", true}};
    run_cases("{\"const\": 2, \"discriminator\": {\"propertyName\": \"a\"}, \"xml\": {},"
              " \"example\": 1, \"readOnly\": true, \"writeOnly\": false, \"deprecated\": true,"
              " \"externalDocs\": {\"url\": \"https://x\"}}",
              &opts, annotations, 2);

    /* $ref siblings are ignored, inside an OpenAPI 3.0 document. */
    json_object *doc = parse("{\"openapi\": \"3.0.3\", \"components\": {\"schemas\": {"
                             " \"S\": {\"type\": \"string\", \"nullable\": true},"
                             " \"R\": {\"$ref\": \"#/components/schemas/S\", \"maxLength\": 1}}}}");
    json_object *r;
    assert_int_equal(az_pointer_get(doc, "/components/schemas/R", &r), AZ_OK);
    opts.document = doc;
    opts.base_uri = "https://api.example/openapi.yaml";
    az_schema *s = NULL;
    assert_int_equal(az_schema_compile(r, &opts, &s, NULL), AZ_OK);
    json_object_put(doc);
    assert_true(valid(s, "\"long string\""));
    assert_true(valid(s, "null"));
    az_schema_result *res = check(s, "7");
    const want_error want[] = {
        {"", "/$ref/type", "https://api.example/openapi.yaml#/components/schemas/S/type", "type",
         "expected string, got integer"},
    };
    expect_errors(res, want, 1);
    az_schema_result_free(res);
    az_schema_free(s);
}

/* One format: a conforming and a non-conforming string. */
typedef struct format_row {
    const char *format;
    const char *good;
    const char *bad;
} format_row;

/* `format` is an annotation by default and an assertion with
 * format_assert; unknown formats and non-strings always pass. */
static void test_format(void **state)
{
    (void)state;
    static const format_row rows[] = {
        {"date-time", "2024-02-29T23:59:60Z", "2023-02-29T10:00:00Z"},
        {"date-time", "1990-12-31T15:59:60-08:00", "2024-01-01 10:00:00Z"},
        {"date", "2024-02-29", "2024-13-01"},
        {"time", "08:30:06.283185+02:00", "08:30:06"},
        {"email", "joe.bloggs@example.com", "joe..bloggs@example.com"},
        {"email", "\"joe bloggs\"@[127.0.0.1]", "@example.com"},
        {"uuid", "2eb8aa08-aa98-11ea-b4aa-73b441d16380", "2eb8aa08-aa98-11ea-b4aa-73b441d1638"},
        {"uri", "https://example.com/a?b=c#d", "//example.com/no-scheme"},
        {"uri", "urn:isbn:0451450523", "https://exa mple.com"},
        {"uri-reference", "../a/b?c#d", "\\\\WINDOWS\\\\share"},
        {"ipv4", "192.168.0.1", "192.168.0.01"},
        {"ipv4", "255.255.255.255", "256.1.1.1"},
        {"ipv6", "::ffff:192.168.0.1", "12345::"},
        {"ipv6", "2001:db8::1", "1:2:3:4:5:6:7:8:9"},
        {"hostname", "www.example.com", "-bad.example.com"},
        {"json-pointer", "/a~1b/0", "a/b"},
        {"regex", "^[a-z]+$", "(unclosed"},
    };
    az_schema_opts assert_opts;
    az_schema_opts_init(&assert_opts);
    assert_opts.format_assert = true;
    char schema[128];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *f = rows[i].format;
        if (az_schema_format_check(f, rows[i].good, strlen(rows[i].good)) != 1)
            fail_msg("%s should be a valid %s", rows[i].good, f);
        if (az_schema_format_check(f, rows[i].bad, strlen(rows[i].bad)) != 0)
            fail_msg("%s should not be a valid %s", rows[i].bad, f);
        snprintf(schema, sizeof schema, "{\"format\": \"%s\"}", f);
        az_schema *annotation = compile(schema, NULL);
        az_schema *assertion = compile(schema, &assert_opts);
        json_object *good = json_object_new_string(rows[i].good);
        json_object *bad = json_object_new_string(rows[i].bad);
        json_object *number = json_object_new_int(12);
        az_schema_result *r = NULL;
        json_object *inst[] = {good, bad, number};
        for (size_t k = 0; k < 3; k++) {
            assert_int_equal(az_schema_validate(annotation, inst[k], &r), AZ_OK);
            assert_true(az_schema_result_valid(r));
            az_schema_result_free(r);
            assert_int_equal(az_schema_validate(assertion, inst[k], &r), AZ_OK);
            if (az_schema_result_valid(r) != (k != 1))
                fail_msg("format %s asserted on %s: wrong outcome", f,
                         json_object_get_string(inst[k]));
            az_schema_result_free(r);
        }
        json_object_put(good);
        json_object_put(bad);
        json_object_put(number);
        az_schema_free(annotation);
        az_schema_free(assertion);
    }
    assert_int_equal(az_schema_format_check("no-such-format", "x", 1), -1);
    const case_row unknown[] = {{"\"anything\"", true}};
    run_cases("{\"format\": \"no-such-format\"}", &assert_opts, unknown, 1);

    /* The message names the value and the format. */
    az_schema *s = compile("{\"properties\": {\"when\": {\"format\": \"date\"}}}", &assert_opts);
    az_schema_result *r = check(s, "{\"when\": \"2024-02-30\"}");
    const want_error want[] = {
        {"/when", "/properties/when/format", NULL, "format",
         "string \"2024-02-30\" is not a valid date"},
    };
    expect_errors(r, want, 1);
    az_schema_result_free(r);
    az_schema_free(s);
}

/* A schema inside an OpenAPI 3.1 document reaches its siblings through
 * "#/components/schemas/..." and reports absolute locations in it. */
static void test_embedded_document(void **state)
{
    (void)state;
    json_object *doc = parse(
        "{\"openapi\": \"3.1.0\", \"components\": {\"schemas\": {"
        " \"Pet\": {\"type\": \"object\", \"required\": [\"name\"],"
        "  \"properties\": {\"name\": {\"type\": \"string\"},"
        "   \"tags\": {\"type\": \"array\", \"items\": {\"$ref\": \"#/components/schemas/Tag\"}}}},"
        " \"Tag\": {\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"integer\"}}}}}}");
    json_object *pet;
    assert_int_equal(az_pointer_get(doc, "/components/schemas/Pet", &pet), AZ_OK);
    az_schema_opts opts;
    az_schema_opts_init(&opts);
    opts.document = doc;
    opts.base_uri = "file:///api/openapi.json";
    az_schema *s = NULL;
    char *error = NULL;
    assert_int_equal(az_schema_compile(pet, &opts, &s, &error), AZ_OK);
    assert_null(error);
    json_object_put(doc); /* the compiled schema holds its own reference */
    assert_true(valid(s, "{\"name\": \"rex\", \"tags\": [{\"id\": 1}]}"));
    az_schema_result *r = check(s, "{\"tags\": [{\"id\": \"one\"}]}");
    const want_error want[] = {
        {"/tags/0/id", "/properties/tags/items/$ref/properties/id/type",
         "file:///api/openapi.json#/components/schemas/Tag/properties/id/type", "type",
         "expected integer, got string"},
        {"", "/required", "file:///api/openapi.json#/components/schemas/Pet/required", "required",
         "missing required property \"name\""},
    };
    expect_errors(r, want, 2);
    az_schema_result_free(r);
    az_schema_free(s);

    /* A schema that is not a node of the document is refused. */
    json_object *other = parse("{\"type\": \"string\"}");
    doc = parse("{\"a\": 1}");
    opts.document = doc;
    assert_int_equal(az_schema_compile(other, &opts, &s, &error), AZ_ERR_INVALID);
    assert_null(s);
    assert_non_null(error);
    free(error);
    json_object_put(other);
    json_object_put(doc);
}

/* A self-recursive schema validates trees of any shape. */
static void test_recursive_tree(void **state)
{
    (void)state;
    az_schema *s = compile("{\"type\": \"object\", \"required\": [\"value\"],"
                           " \"properties\": {\"value\": {\"type\": \"integer\"},"
                           "  \"children\": {\"type\": \"array\", \"items\": {\"$ref\": \"#\"}}}}",
                           NULL);
    assert_true(valid(s, "{\"value\": 1, \"children\": [{\"value\": 2}, {\"value\": 3, "
                         "\"children\": [{\"value\": 4, \"children\": []}]}]}"));
    az_schema_result *r =
        check(s, "{\"value\": 1, \"children\": [{\"value\": 2, \"children\": [{}, {\"value\": "
                 "\"x\"}]}]}");
    const want_error want[] = {
        {"/children/0/children/0",
         "/properties/children/items/$ref/properties/children/items/"
         "$ref/required",
         BASE "#/required", "required", "missing required property \"value\""},
        {"/children/0/children/1/value",
         "/properties/children/items/$ref/properties/children/items/$ref/properties/value/type",
         BASE "#/properties/value/type", "type", "expected integer, got string"},
    };
    expect_errors(r, want, 2);
    az_schema_result_free(r);
    az_schema_free(s);
}

/* A $ref cycle that makes no progress is an error under the depth cap,
 * neither a crash nor a hang. */
static void test_ref_cycle(void **state)
{
    (void)state;
    az_schema *s = compile("{\"$defs\": {\"a\": {\"$ref\": \"#/$defs/b\"}, \"b\": {\"$ref\": "
                           "\"#/$defs/a\"}}, \"$ref\": \"#/$defs/a\"}",
                           NULL);
    az_schema_result *r = check(s, "1");
    assert_false(az_schema_result_valid(r));
    assert_true(az_schema_result_limited(r));
    assert_int_equal(az_schema_result_count(r), 1);
    assert_non_null(strstr(az_schema_result_get(r, 0)->message, "depth limit 1000 exceeded"));
    az_schema_result_free(r);
    az_schema_free(s);

    /* The same in draft-04 and through an anyOf, with a lower cap. */
    az_schema_opts opts;
    az_schema_opts_init(&opts);
    opts.dialect = AZ_SCHEMA_DRAFT4;
    opts.max_depth = 50;
    s = compile("{\"definitions\": {\"a\": {\"anyOf\": [{\"$ref\": \"#\"}]}}, \"$ref\": "
                "\"#/definitions/a\"}",
                &opts);
    r = check(s, "{}");
    assert_false(az_schema_result_valid(r));
    assert_true(az_schema_result_limited(r));
    az_schema_result_free(r);
    az_schema_free(s);

    /* Branching cycles stop at the first hit (no exponential time), and
     * `not` cannot turn the cap into a success. */
    static const char *const cycles[] = {
        "{\"anyOf\": [{\"$ref\": \"#\"}, {\"$ref\": \"#\"}, {\"$ref\": \"#\"}]}",
        "{\"not\": {\"$ref\": \"#\"}}",
        "{\"oneOf\": [{\"$ref\": \"#\"}, true]}",
        "{\"if\": {\"$ref\": \"#\"}, \"then\": true}",
        "{\"$dynamicAnchor\": \"m\", \"allOf\": [{\"$dynamicRef\": \"#m\"}]}",
    };
    for (size_t i = 0; i < sizeof cycles / sizeof cycles[0]; i++) {
        s = compile(cycles[i], NULL);
        r = check(s, "[1, {\"a\": 2}]");
        assert_false(az_schema_result_valid(r));
        assert_true(az_schema_result_limited(r));
        assert_int_equal(az_schema_result_count(r), 1);
        az_schema_result_free(r);
        az_schema_free(s);
    }
    /* A NULL schema is refused. */
    assert_int_equal(az_schema_validate(NULL, NULL, &r), AZ_ERR_INVALID);
    assert_null(r);
}

/* Builds an instance of `depth` nested arrays: [[[...]]]. */
static json_object *nested_arrays(size_t depth)
{
    json_object *v = json_object_new_array();
    for (size_t i = 1; i < depth; i++) {
        json_object *outer = json_object_new_array();
        json_object_array_add(outer, v);
        v = outer;
    }
    return v;
}

/* Deep instances: fine below the cap, an error (not a stack overflow)
 * beyond it; a schema that does not descend ignores the depth. */
static void test_deep_instance(void **state)
{
    (void)state;
    az_schema *s = compile("{\"type\": \"array\", \"items\": {\"$ref\": \"#\"}}", NULL);
    az_schema *flat = compile("{\"type\": \"array\", \"maxItems\": 1}", NULL);
    json_object *shallow = nested_arrays(200), *deep = nested_arrays(20000);
    az_schema_result *r = NULL;
    assert_int_equal(az_schema_validate(s, shallow, &r), AZ_OK);
    assert_true(az_schema_result_valid(r));
    az_schema_result_free(r);
    assert_int_equal(az_schema_validate(s, deep, &r), AZ_OK);
    assert_false(az_schema_result_valid(r));
    assert_true(az_schema_result_limited(r));
    assert_int_equal(az_schema_result_count(r), 1);
    az_schema_result_free(r);
    assert_int_equal(az_schema_validate(flat, deep, &r), AZ_OK);
    assert_true(az_schema_result_valid(r));
    az_schema_result_free(r);
    /* json-c frees recursively: unnest the deep instance step by step. */
    while (json_object_array_length(deep) > 0) {
        json_object *inner = json_object_get(json_object_array_get_idx(deep, 0));
        json_object_put(deep);
        deep = inner;
    }
    json_object_put(deep);
    json_object_put(shallow);
    az_schema_free(flat);
    az_schema_free(s);
}

/* Serves one remote document for test_remote_ref. */
static json_object *retrieve_one(void *user, const char *uri)
{
    return strcmp(uri, "https://schemas.example/common.json") == 0 ? user : NULL;
}

/* References to other documents go through the retrieve callback; $id,
 * $anchor and $dynamicRef resolve as in 2020-12. */
static void test_remote_ref(void **state)
{
    (void)state;
    json_object *common = parse("{\"$defs\": {\"id\": {\"type\": \"integer\", \"minimum\": 1},"
                                " \"name\": {\"$anchor\": \"name\", \"type\": \"string\"}}}");
    az_schema_opts opts;
    az_schema_opts_init(&opts);
    opts.retrieve = retrieve_one;
    opts.retrieve_user = common;
    az_schema *s = compile("{\"$id\": \"https://schemas.example/user.json\","
                           " \"properties\": {\"id\": {\"$ref\": \"common.json#/$defs/id\"},"
                           "  \"name\": {\"$ref\": \"common.json#name\"}}}",
                           &opts);
    json_object_put(common);
    assert_true(valid(s, "{\"id\": 3, \"name\": \"ann\"}"));
    az_schema_result *r = check(s, "{\"id\": 0, \"name\": 5}");
    const want_error want[] = {
        {"/id", "/properties/id/$ref/minimum",
         "https://schemas.example/common.json#/$defs/id/minimum", "minimum",
         "value 0 is less than minimum 1"},
        {"/name", "/properties/name/$ref/type",
         "https://schemas.example/common.json#/$defs/name/type", "type",
         "expected string, got integer"},
    };
    expect_errors(r, want, 2);
    az_schema_result_free(r);
    az_schema_free(s);

    /* The built-in meta-schema validates schemas. */
    s = compile("{\"$ref\": \"https://json-schema.org/draft/2020-12/schema\"}", NULL);
    assert_true(valid(s, "{\"type\": \"string\", \"properties\": {\"a\": {\"minimum\": 1}}}"));
    assert_false(valid(s, "{\"type\": \"strin\"}"));
    assert_false(valid(s, "{\"properties\": {\"a\": {\"minLength\": -1}}}"));
    az_schema_free(s);
}

/* unevaluatedProperties sees what applicators evaluated, through $ref. */
static void test_unevaluated(void **state)
{
    (void)state;
    az_schema *s = compile("{\"$defs\": {\"base\": {\"properties\": {\"a\": true}}},"
                           " \"allOf\": [{\"$ref\": \"#/$defs/base\"}],"
                           " \"anyOf\": [{\"properties\": {\"b\": true}, \"required\": [\"b\"]},"
                           "  {\"properties\": {\"c\": true}, \"required\": [\"c\"]}],"
                           " \"unevaluatedProperties\": false}",
                           NULL);
    assert_true(valid(s, "{\"a\": 1, \"b\": 2}"));
    assert_true(valid(s, "{\"a\": 1, \"b\": 2, \"c\": 3}"));
    az_schema_result *r = check(s, "{\"b\": 1, \"d\": 2}");
    const want_error want[] = {
        {"/d", "/unevaluatedProperties", NULL, "unevaluatedProperties",
         "unevaluated property \"d\" is not allowed"},
    };
    expect_errors(r, want, 1);
    az_schema_result_free(r);
    az_schema_free(s);
}

/* Malformed schemas and dangling references fail to compile, with a
 * message naming the place; bad input never crashes. */
static void test_compile_errors(void **state)
{
    (void)state;
    static const struct {
        const char *schema;
        const char *message_part;
    } rows[] = {
        {"{\"pattern\": \"(unclosed\"}", "invalid regex \"(unclosed\""},
        {"{\"$ref\": \"#/$defs/missing\"}", "cannot resolve $ref \"#/$defs/missing\""},
        {"{\"$ref\": \"other.json\"}", "no document at https://arazzo.invalid/other.json"},
        {"{\"$ref\": \"#nope\"}", "no anchor \"nope\""},
        {"{\"properties\": 5}", "\"properties\" at " BASE "# must be an object"},
        {"{\"allOf\": {}}", "\"allOf\" at " BASE "# must be an array"},
        {"{\"items\": 3}", "schema at " BASE "#/items must be an object or a boolean, got int"},
        {"[1, 2]", "must be an object or a boolean, got array"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        json_object *j = parse(rows[i].schema);
        az_schema *s = NULL;
        char *error = NULL;
        assert_int_equal(az_schema_compile(j, NULL, &s, &error), AZ_ERR_INVALID);
        assert_null(s);
        assert_non_null(error);
        if (!strstr(error, rows[i].message_part))
            fail_msg("%s: message \"%s\" lacks \"%s\"", rows[i].schema, error,
                     rows[i].message_part);
        free(error);
        json_object_put(j);
    }
    /* Wrong-typed keyword values that are not subschemas are ignored. */
    const case_row odd[] = {{"\"x\"", true}, {"[1, 1]", true}};
    run_cases("{\"type\": 5, \"enum\": 3, \"required\": \"a\", \"maxLength\": \"2\","
              " \"uniqueItems\": 1}",
              NULL, odd, 2);
    /* Subschemas nested beyond the compile limit. */
    json_object *deep = json_object_new_object(), *inner = deep;
    for (int i = 0; i < 2100; i++) {
        json_object *next = json_object_new_object();
        json_object_object_add(inner, "not", next);
        inner = next;
    }
    az_schema *ds = NULL;
    char *derr = NULL;
    assert_int_equal(az_schema_compile(deep, NULL, &ds, &derr), AZ_ERR_LIMIT);
    assert_null(ds);
    assert_non_null(strstr(derr, "nested deeper than 2000 levels"));
    free(derr);
    json_object_put(deep);
    /* A null schema and NULL opts. */
    az_schema *s = NULL;
    assert_int_equal(az_schema_compile(NULL, NULL, &s, NULL), AZ_ERR_INVALID);
    assert_null(s);
    az_schema_free(NULL);
    az_schema_result_free(NULL);
}

/* Numbers: integers and doubles compare by value; multipleOf is robust. */
static void test_numbers(void **state)
{
    (void)state;
    const case_row integer[] = {{"1", true}, {"1.0", true}, {"1.5", false}, {"1e300", true}};
    run_cases("{\"type\": \"integer\"}", NULL, integer, 4);
    const case_row small[] = {{"0.0075", true}, {"0.00751", false}, {"1", true}};
    run_cases("{\"multipleOf\": 0.0001}", NULL, small, 3);
    const case_row big[] = {{"9223372036854775807", false}, {"9223372036854775806", true}};
    run_cases("{\"multipleOf\": 2}", NULL, big, 2);
    const case_row eq[] = {{"[1, 2.0]", true}, {"[2, 1.0]", false}};
    run_cases("{\"const\": [1.0, 2]}", NULL, eq, 2);
    const case_row len[] = {{"\"\xc3\xa9\xc3\xa9\"", true},
                            {"\"\xc3\xa9\xc3\xa9\xc3\xa9\"", false}};
    run_cases("{\"maxLength\": 2}", NULL, len, 2);
}

/* uniqueItems compares by JSON equality (key order and 1 == 1.0 do not
 * matter) and stays fast on large arrays. */
static void test_unique_items(void **state)
{
    (void)state;
    const case_row rows[] = {
        {"[{\"a\": 1, \"b\": [2]}, {\"b\": [2.0], \"a\": 1.0}]", false},
        {"[{\"a\": 1}, {\"a\": 2}, [1], [[1]], \"1\", 1, true, null]", true},
        {"[0, -0.0]", false},
        {"[]", true},
    };
    run_cases("{\"uniqueItems\": true}", NULL, rows, sizeof rows / sizeof rows[0]);
    az_schema *s = compile("{\"uniqueItems\": true}", NULL);
    json_object *big = json_object_new_array();
    for (int i = 0; i < 200000; i++)
        json_object_array_add(big, json_object_new_int(i));
    az_schema_result *r = NULL;
    assert_int_equal(az_schema_validate(s, big, &r), AZ_OK);
    assert_true(az_schema_result_valid(r));
    az_schema_result_free(r);
    json_object_array_add(big, json_object_new_double(123456.0));
    assert_int_equal(az_schema_validate(s, big, &r), AZ_OK);
    const want_error want[] = {
        {"", "/uniqueItems", NULL, "uniqueItems", "items 123456 and 200000 are equal"},
    };
    expect_errors(r, want, 1);
    az_schema_result_free(r);
    json_object_put(big);
    az_schema_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_pointers),
        cmocka_unit_test(test_all_errors),
        cmocka_unit_test(test_oas30),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_embedded_document),
        cmocka_unit_test(test_recursive_tree),
        cmocka_unit_test(test_ref_cycle),
        cmocka_unit_test(test_deep_instance),
        cmocka_unit_test(test_remote_ref),
        cmocka_unit_test(test_unevaluated),
        cmocka_unit_test(test_compile_errors),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_unique_items),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
