/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_oas_schema.c - schemas of descriptions validated in their
 * document's dialect: an OpenAPI 3.1 response schema that `$ref`s another
 * file (recursively), an OpenAPI 3.0 schema with `nullable` and a
 * `#/components/schemas` reference, a Swagger 2.0 body schema under
 * `#/definitions`, each error with its instance and schema pointers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "arazzo/openapi.h"

#define DATA AZ_SOURCE_DIR "/openapi/tests/data"

/* Validates JSON text against a compiled schema; returns the result. */
static az_schema_result *validate(const az_schema *schema, const char *json)
{
    json_object *instance = json_tokener_parse(json);
    az_schema_result *result = NULL;
    assert_int_equal(az_schema_validate(schema, instance, &result), AZ_OK);
    json_object_put(instance);
    return result;
}

/* Tells whether some error of a result is at `instance` for `keyword`. */
static bool has_error(const az_schema_result *r, const char *instance, const char *keyword)
{
    for (size_t i = 0; i < az_schema_result_count(r); i++) {
        const az_schema_error *e = az_schema_result_get(r, i);
        if (strcmp(e->instance_location, instance) == 0 && strcmp(e->keyword, keyword) == 0)
            return true;
    }
    return false;
}

/* Compiles the first media type schema of a response of an operation. */
static az_schema *response_schema(az_docset *set, const az_oas_index *ix, const char *id,
                                  size_t response)
{
    const az_oas_operation *op = az_oas_index_find_id(ix, id);
    assert_non_null(op);
    assert_true(response < op->n_responses);
    assert_true(op->responses[response].n_content > 0);
    az_schema *schema = NULL;
    char *error = NULL;
    az_status st = az_oas_schema_compile(set, op->responses[response].content[0].schema, false,
                                         &schema, &error);
    if (st != AZ_OK)
        fail_msg("%s: %s", id, error ? error : az_status_name(st));
    return schema;
}

/* OpenAPI 3.1: a schema in another file, recursive through `parent`. */
static void test_openapi_31_across_files(void **state)
{
    (void)state;
    az_docset *set = az_docset_new(NULL);
    az_diags *diags = az_diags_new();
    const az_source *src = NULL;
    az_oas_index *ix = NULL;
    assert_int_equal(az_docset_load(set, DATA "/multi/api.yaml", NULL, NULL, diags, &src), AZ_OK);
    assert_int_equal(az_oas_index_build(set, src, diags, &ix), AZ_OK);

    az_schema *schema = response_schema(set, ix, "showPetById", 0);
    az_schema_result *r = validate(schema, "{\"id\":1,\"name\":\"Rex\",\"parent\":{\"id\":2,"
                                           "\"name\":\"Old Rex\"}}");
    assert_true(az_schema_result_valid(r));
    az_schema_result_free(r);
    r = validate(schema, "{\"id\":\"one\",\"parent\":{\"id\":2}}");
    assert_false(az_schema_result_valid(r));
    assert_true(has_error(r, "/id", "type"));
    assert_true(has_error(r, "", "required"));
    assert_true(has_error(r, "/parent", "required"));
    az_schema_result_free(r);
    az_schema_free(schema);

    /* An array of $refs to the other file's root, itself a $ref. */
    schema = response_schema(set, ix, "listPets", 0);
    r = validate(schema, "[{\"id\":1,\"name\":\"a\"},{\"id\":2}]");
    assert_false(az_schema_result_valid(r));
    assert_true(has_error(r, "/1", "required"));
    az_schema_result_free(r);
    az_schema_free(schema);

    az_oas_index_free(ix);
    az_diags_free(diags);
    az_docset_free(set);
}

/* OpenAPI 3.0: nullable and a component reference. */
static void test_openapi_30_nullable(void **state)
{
    (void)state;
    static const char api[] = "openapi: 3.0.3\n"
                              "info: {title: t, version: '1'}\n"
                              "paths:\n"
                              "  /u:\n"
                              "    get:\n"
                              "      operationId: getUser\n"
                              "      responses:\n"
                              "        '200':\n"
                              "          description: ok\n"
                              "          content:\n"
                              "            application/json:\n"
                              "              schema: {$ref: '#/components/schemas/User'}\n"
                              "components:\n"
                              "  schemas:\n"
                              "    User:\n"
                              "      type: object\n"
                              "      properties:\n"
                              "        nick: {type: string, nullable: true}\n"
                              "        age: {type: integer, minimum: 0, exclusiveMinimum: true}\n";
    az_docset *set = az_docset_new(NULL);
    az_diags *diags = az_diags_new();
    const az_source *src = NULL;
    az_oas_index *ix = NULL;
    assert_int_equal(
        az_docset_add_buffer(set, "file:///v/u.yaml", "u.yaml", api, sizeof(api) - 1, diags, &src),
        AZ_OK);
    assert_int_equal(az_oas_index_build(set, src, diags, &ix), AZ_OK);
    az_schema *schema = response_schema(set, ix, "getUser", 0);
    az_schema_result *r = validate(schema, "{\"nick\":null,\"age\":1}");
    assert_true(az_schema_result_valid(r));
    az_schema_result_free(r);
    r = validate(schema, "{\"nick\":7,\"age\":0}");
    assert_false(az_schema_result_valid(r));
    assert_true(has_error(r, "/nick", "type"));
    assert_true(has_error(r, "/age", "minimum") || has_error(r, "/age", "exclusiveMinimum"));
    az_schema_result_free(r);
    az_schema_free(schema);
    az_oas_index_free(ix);
    az_diags_free(diags);
    az_docset_free(set);
}

/* Swagger 2.0: the body parameter's schema under #/definitions. */
static void test_swagger_definitions(void **state)
{
    (void)state;
    az_docset *set = az_docset_new(NULL);
    az_diags *diags = az_diags_new();
    const az_source *src = NULL;
    az_oas_index *ix = NULL;
    assert_int_equal(az_docset_load(set, DATA "/swagger.json", NULL, NULL, diags, &src), AZ_OK);
    assert_int_equal(az_oas_index_build(set, src, diags, &ix), AZ_OK);
    const az_oas_operation *add = az_oas_index_find_id(ix, "addPet");
    az_schema *schema = NULL;
    char *error = NULL;
    assert_int_equal(az_oas_schema_compile(set, add->body[0].schema, false, &schema, &error),
                     AZ_OK);
    az_schema_result *r = validate(schema, "{\"id\":\"x\",\"name\":\"n\"}");
    assert_false(az_schema_result_valid(r));
    assert_true(has_error(r, "/id", "type"));
    az_schema_result_free(r);
    az_schema_free(schema);
    az_oas_index_free(ix);
    az_diags_free(diags);
    az_docset_free(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_openapi_31_across_files),
        cmocka_unit_test(test_openapi_30_nullable),
        cmocka_unit_test(test_swagger_definitions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
