/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_index.c - the operation index: a description split over files with
 * Path Item, Parameter, Response and schema `$ref`s (percent-encoded and
 * ~1-escaped), merged parameters, request bodies, responses, security and
 * servers (operation > path > root, variables, enums); operationId and
 * operationPath lookup (checklist STEP-03, STEP-04); defects - dangling
 * and cyclic `$ref`s, duplicate operationIds - reported at file:line:col,
 * as errors for the operations that matter and warnings elsewhere; and
 * Swagger 2.0 (servers from host/basePath/schemes, body and formData).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arazzo/openapi.h"

#define DATA AZ_SOURCE_DIR "/openapi/tests/data"

/* One loaded and indexed description. */
typedef struct fixture {
    az_docset *set;
    az_diags *diags;
    const az_source *src;
    az_oas_index *ix;
} fixture;

/* Loads and indexes `path` (relative to DATA, loaded from there so that
 * diagnostics name files relative to it). */
static void load(fixture *f, const char *path)
{
    char *cwd = getcwd(NULL, 0);
    assert_int_equal(chdir(DATA), 0);
    f->set = az_docset_new(NULL);
    f->diags = az_diags_new();
    assert_int_equal(az_docset_load(f->set, path, NULL, NULL, f->diags, &f->src), AZ_OK);
    assert_int_equal(az_oas_index_build(f->set, f->src, f->diags, &f->ix), AZ_OK);
    assert_int_equal(chdir(cwd), 0);
    free(cwd);
}

/* Releases a fixture. */
static void unload(fixture *f)
{
    az_oas_index_free(f->ix);
    az_diags_free(f->diags);
    az_docset_free(f->set);
}

/* Finds an operation by id or fails the test. */
static const az_oas_operation *op_by_id(const fixture *f, const char *id)
{
    const az_oas_operation *op = az_oas_index_find_id(f->ix, id);
    if (!op)
        fail_msg("no operation '%s'", id);
    return op;
}

/* Finds a parameter of an operation by name and location. */
static const az_oas_op_param *param(const az_oas_operation *op, const char *name,
                                    az_oas_param_in in)
{
    for (size_t i = 0; i < op->n_params; i++)
        if (op->params[i].in == in && strcmp(op->params[i].name, name) == 0)
            return &op->params[i];
    fail_msg("%s has no %s parameter '%s'", op->operation_id, az_oas_param_in_name(in), name);
    return NULL;
}

/* The operations of a description split over three files. */
static void test_multi_file(void **state)
{
    (void)state;
    fixture f;
    load(&f, "multi/api.yaml");
    assert_int_equal(az_oas_index_count(f.ix), 4);
    static const char *const order[][3] = {{"listPets", "get", "/pets"},
                                           {"createPet", "post", "/pets"},
                                           {"showPetById", "get", "/pets/{petId}"},
                                           {"health", "get", "/health"}};
    for (size_t i = 0; i < 4; i++) {
        const az_oas_operation *op = az_oas_index_get(f.ix, i);
        assert_string_equal(op->operation_id, order[i][0]);
        assert_string_equal(op->method, order[i][1]);
        assert_string_equal(op->path, order[i][2]);
        assert_int_equal(op->n_defects, 0);
    }

    /* listPets lives in paths/pets.yaml; its limit comes back from api.yaml. */
    const az_oas_operation *list = op_by_id(&f, "listPets");
    assert_string_equal(az_source_name(list->node.src), "multi/paths/pets.yaml");
    assert_ptr_equal(list->src, f.src);
    assert_string_equal(list->pointer, "/paths/~1pets/get");
    assert_string_equal(list->summary, "List pets");
    assert_int_equal(list->n_params, 2);
    const az_oas_op_param *limit = param(list, "limit", AZ_OAS_IN_QUERY);
    assert_string_equal(az_source_name(limit->node.src), "multi/api.yaml");
    assert_false(limit->required);
    const az_oas_op_param *tags = param(list, "tags", AZ_OAS_IN_QUERY);
    assert_int_equal(tags->style, AZ_OAS_STYLE_FORM);
    assert_int_equal(tags->explode, 0);
    assert_int_equal(list->n_responses, 1);
    assert_string_equal(list->responses[0].status, "200");
    assert_string_equal(list->responses[0].content[0].type, "application/json");
    assert_false(list->has_body);

    /* Path-level petId overridden by the operation's; the header kept. */
    const az_oas_operation *show = op_by_id(&f, "showPetById");
    assert_int_equal(show->n_params, 2);
    const az_oas_op_param *pet_id = param(show, "petId", AZ_OAS_IN_PATH);
    assert_true(pet_id->required);
    json_object *type = NULL;
    assert_true(json_object_object_get_ex(pet_id->schema.node, "type", &type));
    assert_string_equal(json_object_get_string(type), "integer");
    assert_true(param(show, "X-Trace-Id", AZ_OAS_IN_HEADER)->required);
    assert_int_equal(show->n_responses, 2);
    assert_string_equal(show->responses[1].status, "default");
    assert_string_equal(show->responses[1].content[0].type, "application/problem+json");

    /* createPet: body with two media types, its own server. */
    const az_oas_operation *create = op_by_id(&f, "createPet");
    assert_true(create->has_body);
    assert_true(create->body_required);
    assert_int_equal(create->n_body, 2);
    assert_string_equal(create->body[0].type, "application/json");
    assert_string_equal(create->body[1].type, "application/x-www-form-urlencoded");
    assert_non_null(create->body[0].schema.node);
    assert_int_equal(create->n_servers, 1);
    assert_string_equal(create->servers[0].url, "https://write.pets.example.com");

    /* Security: the root's, unless the operation sets its own (here none). */
    assert_int_equal(json_object_array_length(list->security), 1);
    assert_int_equal(json_object_array_length(op_by_id(&f, "health")->security), 0);

    /* The one warning: a dangling $ref in a schema no operation uses. */
    assert_int_equal(az_oas_index_report(f.ix, NULL, 0, f.diags), 0);
    assert_int_equal(az_diags_count(f.diags), 1);
    const az_diag *d = az_diags_get(f.diags, 0);
    assert_int_equal(d->severity, AZ_SEVERITY_WARNING);
    assert_string_equal(d->code, "oas-ref-dangling");
    assert_string_equal(d->file, "multi/api.yaml");
    assert_int_equal(d->line, 50);
    assert_int_equal(d->column, 17);
    unload(&f);
}

/* Servers: operation > path > root, variables with defaults and enums. */
static void test_servers(void **state)
{
    (void)state;
    fixture f;
    load(&f, "multi/api.yaml");
    const az_oas_operation *list = op_by_id(&f, "listPets");
    assert_int_equal(list->n_servers, 1);
    const az_oas_server *s = &list->servers[0];
    assert_string_equal(s->url, "https://{region}.pets.example.com/{version}");
    assert_int_equal(s->n_vars, 2);
    char *url = NULL, *error = NULL;
    assert_int_equal(az_oas_server_expand(s, NULL, &url, &error), AZ_OK);
    assert_string_equal(url, "https://eu.pets.example.com/v1");
    free(url);

    json_object *values = json_tokener_parse("{\"region\":\"us\",\"version\":\"v2\"}");
    assert_int_equal(az_oas_server_expand(s, values, &url, &error), AZ_OK);
    assert_string_equal(url, "https://us.pets.example.com/v2");
    free(url);
    json_object_put(values);

    values = json_tokener_parse("{\"region\":\"mars\"}");
    assert_int_equal(az_oas_server_expand(s, values, &url, &error), AZ_ERR_INVALID);
    assert_null(url);
    assert_string_equal(error, "server variable 'region' cannot be 'mars' (allowed: eu, us)");
    free(error);
    json_object_put(values);

    /* Path-level servers; relative to a local file they stay relative. */
    assert_string_equal(op_by_id(&f, "health")->servers[0].url, "/internal");
    unload(&f);

    az_oas_server bad = {.url = (char *)"https://{nope}.example.com"};
    error = NULL;
    assert_int_equal(az_oas_server_expand(&bad, NULL, &url, &error), AZ_ERR_INVALID);
    assert_non_null(strstr(error, "{nope}"));
    free(error);
}

/* operationPath lookup (checklist STEP-04): ~1 escapes, raw braces,
 * percent-encoding, a leading '#'; the target must be an operation. */
static void test_find_pointer(void **state)
{
    (void)state;
    fixture f;
    load(&f, "multi/api.yaml");
    const az_oas_operation *op = NULL, *show = op_by_id(&f, "showPetById");
    char *error = NULL;
    static const char *const spellings[] = {
        "/paths/~1pets~1{petId}/get", "#/paths/~1pets~1{petId}/get",
        "/paths/~1pets~1%7BpetId%7D/get", "#/paths/%7E1pets%7E1%7BpetId%7D/get"};
    for (size_t i = 0; i < sizeof(spellings) / sizeof(spellings[0]); i++) {
        assert_int_equal(az_oas_index_find_pointer(f.ix, spellings[i], &op, &error), AZ_OK);
        assert_ptr_equal(op, show);
    }
    assert_int_equal(az_oas_index_find_pointer(f.ix, "/paths/~1pets/delete", &op, &error),
                     AZ_ERR_NOT_FOUND);
    assert_string_equal(error, "path '/pets' has no 'delete' operation");
    free(error);
    assert_int_equal(az_oas_index_find_pointer(f.ix, "/paths/~1cats/get", &op, &error),
                     AZ_ERR_NOT_FOUND);
    assert_string_equal(error, "multi/api.yaml has no path '/cats'");
    free(error);
    assert_int_equal(az_oas_index_find_pointer(f.ix, "/paths/~1pets/parameters", &op, &error),
                     AZ_ERR_INVALID);
    assert_non_null(strstr(error, "not an HTTP method"));
    free(error);
    assert_int_equal(az_oas_index_find_pointer(f.ix, "/components/schemas/Unused", &op, &error),
                     AZ_ERR_INVALID);
    assert_non_null(strstr(error, "does not point at an Operation Object"));
    free(error);
    assert_null(op);

    /* The fragment is percent-decoded: a literal '%' of a path is %25. */
    static const char pct[] =
        "openapi: 3.0.0\n"
        "info: {title: t, version: '1'}\n"
        "paths:\n"
        "  /100%/{id}:\n"
        "    get: {operationId: pct, responses: {'200': {description: ok}}}\n";
    const az_source *src = NULL;
    az_oas_index *pix = NULL;
    assert_int_equal(az_docset_add_buffer(f.set, "file:///v/pct.yaml", "pct.yaml", pct,
                                          sizeof(pct) - 1, f.diags, &src),
                     AZ_OK);
    assert_int_equal(az_oas_index_build(f.set, src, f.diags, &pix), AZ_OK);
    assert_int_equal(az_oas_index_find_pointer(pix, "#/paths/~1100%25~1{id}/get", &op, &error),
                     AZ_OK);
    assert_string_equal(op->operation_id, "pct");
    az_oas_index_free(pix);

    /* operationId lookup is case-sensitive; suggestions are not. */
    assert_null(az_oas_index_find_id(f.ix, "listpets"));
    assert_string_equal(az_oas_index_suggest(f.ix, "listpets"), "listPets");
    assert_string_equal(az_oas_index_suggest(f.ix, "showPetByID"), "showPetById");
    assert_null(az_oas_index_suggest(f.ix, "somethingElse"));
    unload(&f);
}

/* Checks one diagnostic: severity, code, file:line:col. */
static void check_diag(const az_diag *d, az_severity sev, const char *code, uint32_t line,
                       uint32_t column)
{
    if (d->severity != sev || strcmp(d->code, code) != 0 || d->line != line || d->column != column)
        fail_msg("expected %s %s at %u:%u, got %s %s at %u:%u: %s", az_severity_name(sev), code,
                 line, column, az_severity_name(d->severity), d->code, d->line, d->column,
                 d->message);
}

/* Defects: errors for the operations that matter, warnings elsewhere. */
static void test_defects(void **state)
{
    (void)state;
    fixture f;
    load(&f, "broken.yaml");
    assert_int_equal(az_diags_count(f.diags), 0);
    assert_int_equal(az_oas_index_count(f.ix), 4);
    assert_int_equal(az_oas_index_get(f.ix, 0)->n_defects, 2); /* Missing, duplicate id */
    assert_int_equal(az_oas_index_get(f.ix, 1)->n_defects, 1); /* Loop1 <-> Loop2 */
    assert_int_equal(az_oas_index_get(f.ix, 2)->n_defects, 2); /* duplicate id, Gone */
    assert_int_equal(az_oas_index_get(f.ix, 3)->n_defects, 0);
    /* The first of duplicates wins the lookup. */
    assert_string_equal(az_oas_index_find_id(f.ix, "getA")->path, "/a");

    /* Every operation matters (`arazzo operations`). */
    assert_int_equal(az_oas_index_report(f.ix, NULL, 0, f.diags), 6);
    assert_int_equal(az_diags_count(f.diags), 7);
    /* In source order. */
    check_diag(az_diags_get(f.diags, 0), AZ_SEVERITY_ERROR, "oas-ref-dangling", 10, 17);
    check_diag(az_diags_get(f.diags, 1), AZ_SEVERITY_ERROR, "oas-ref-cycle", 18, 17);
    const az_diag *dup = az_diags_get(f.diags, 2);
    check_diag(dup, AZ_SEVERITY_ERROR, "oas-operation-id-duplicate", 24, 20);
    assert_int_equal(dup->related_line, 8);
    assert_string_equal(dup->source_line, "      operationId: getA");
    check_diag(az_diags_get(f.diags, 3), AZ_SEVERITY_ERROR, "oas-ref-dangling", 31, 23);
    check_diag(az_diags_get(f.diags, 4), AZ_SEVERITY_ERROR, "oas-ref-cycle", 39, 11);
    check_diag(az_diags_get(f.diags, 5), AZ_SEVERITY_ERROR, "oas-ref-cycle", 41, 11);
    check_diag(az_diags_get(f.diags, 6), AZ_SEVERITY_WARNING, "source-unreadable", 50, 13);
    assert_non_null(strstr(az_diags_get(f.diags, 0)->message,
                           "/components/parameters has no member 'Missing'"));

    /* A workflow that uses only getD and getB: getB's cycle is an error,
     * everything else a warning. */
    az_diags *used_diags = az_diags_new();
    const az_oas_operation *used[] = {az_oas_index_find_id(f.ix, "getD"),
                                      az_oas_index_find_id(f.ix, "getB")};
    assert_int_equal(az_oas_index_report(f.ix, used, 2, used_diags), 1);
    assert_int_equal(az_diags_count_severity(used_diags, AZ_SEVERITY_ERROR), 1);
    assert_int_equal(az_diags_count_severity(used_diags, AZ_SEVERITY_WARNING), 6);
    check_diag(az_diags_get(used_diags, 1), AZ_SEVERITY_ERROR, "oas-ref-cycle", 18, 17);
    az_diags_free(used_diags);
    unload(&f);
}

/* A dangling $ref in another file is reported in that file. */
static void test_defect_in_other_file(void **state)
{
    (void)state;
    static const char api[] = "openapi: 3.0.0\n"
                              "info: {title: t, version: '1'}\n"
                              "paths:\n"
                              "  /x:\n"
                              "    $ref: 'multi/paths/pets.yaml#/~1pets~1%7BpetId%7D'\n"
                              "  /y:\n"
                              "    get:\n"
                              "      operationId: y\n"
                              "      responses:\n"
                              "        '200':\n"
                              "          $ref: 'multi/schemas/pet.yaml#/$defs/Nope'\n";
    char *cwd = getcwd(NULL, 0);
    assert_int_equal(chdir(DATA), 0);
    az_docset *set = az_docset_new(NULL);
    az_diags *diags = az_diags_new();
    const az_source *src = NULL;
    char *url = NULL;
    assert_int_equal(az_url_from_path("inline.yaml", &url), AZ_OK);
    assert_int_equal(
        az_docset_add_buffer(set, url, "inline.yaml", api, sizeof(api) - 1, diags, &src), AZ_OK);
    az_oas_index *ix = NULL;
    assert_int_equal(az_oas_index_build(set, src, diags, &ix), AZ_OK);
    assert_int_equal(az_oas_index_count(ix), 2);
    assert_int_equal(az_oas_index_report(ix, NULL, 0, diags), 1);
    const az_diag *d = az_diags_get(diags, 0);
    check_diag(d, AZ_SEVERITY_ERROR, "oas-ref-dangling", 11, 17);
    assert_string_equal(d->file, "inline.yaml");
    assert_non_null(strstr(d->message, "multi/schemas/pet.yaml: /$defs has no member 'Nope'"));
    /* The operation under /x came from pets.yaml with its path-level params. */
    const az_oas_operation *x = az_oas_index_get(ix, 0);
    assert_string_equal(x->path, "/x");
    assert_string_equal(az_source_name(x->node.src), "multi/paths/pets.yaml");
    assert_int_equal(x->n_params, 2);
    az_oas_index_free(ix);
    az_diags_free(diags);
    az_docset_free(set);
    free(url);
    assert_int_equal(chdir(cwd), 0);
    free(cwd);
}

/* Not a description: an Arazzo document, or no version. */
static void test_not_a_description(void **state)
{
    (void)state;
    az_docset *set = az_docset_new(NULL);
    az_diags *diags = az_diags_new();
    const az_source *src = NULL;
    az_oas_index *ix = (az_oas_index *)&ix;
    assert_int_equal(
        az_docset_add_buffer(set, "file:///v/a.yaml", "a.yaml", "arazzo: 1.0.1\n", 14, diags, &src),
        AZ_OK);
    assert_int_equal(az_oas_index_build(set, src, diags, &ix), AZ_ERR_INVALID);
    assert_null(ix);
    assert_string_equal(az_diags_get(diags, 0)->code, "oas-not-a-description");
    assert_non_null(strstr(az_diags_get(diags, 0)->message, "an Arazzo document"));
    az_diags_free(diags);
    az_docset_free(set);
}

/* Swagger 2.0: servers, collectionFormat, body and formData parameters,
 * response schemas per `produces`. */
static void test_swagger(void **state)
{
    (void)state;
    fixture f;
    load(&f, "swagger.json");
    assert_int_equal(az_oas_index_count(f.ix), 3);
    const az_oas_operation *find = op_by_id(&f, "findPets");
    assert_int_equal(find->n_servers, 2);
    assert_string_equal(find->servers[0].url, "https://pets.example.com:8443/api");
    assert_string_equal(find->servers[1].url, "http://pets.example.com:8443/api");
    assert_int_equal(param(find, "tags", AZ_OAS_IN_QUERY)->style, AZ_OAS_STYLE_PIPE_DELIMITED);
    const az_oas_op_param *ids = param(find, "ids", AZ_OAS_IN_QUERY);
    assert_int_equal(ids->style, AZ_OAS_STYLE_FORM);
    assert_int_equal(ids->explode, 1);
    assert_true(param(find, "limit", AZ_OAS_IN_QUERY)->required);
    assert_false(find->has_body);
    assert_int_equal(find->responses[0].n_content, 2);
    assert_string_equal(find->responses[0].content[1].type, "application/xml");

    const az_oas_operation *add = op_by_id(&f, "addPet");
    assert_int_equal(add->n_params, 0);
    assert_true(add->has_body);
    assert_true(add->body_required);
    assert_int_equal(add->n_body, 1);
    assert_string_equal(add->body[0].type, "application/json");

    const az_oas_operation *upload = op_by_id(&f, "uploadPhoto");
    assert_int_equal(upload->n_params, 1);
    assert_int_equal(upload->n_body, 1);
    assert_string_equal(upload->body[0].type, "multipart/form-data");
    assert_true(upload->body_required);
    const char *schema =
        json_object_to_json_string_ext(upload->body[0].schema.node, JSON_C_TO_STRING_PLAIN);
    assert_non_null(strstr(schema, "\"required\":[\"file\"]"));
    assert_non_null(strstr(schema, "\"caption\":{"));
    assert_int_equal(az_oas_index_report(f.ix, NULL, 0, f.diags), 0);
    assert_int_equal(az_diags_count(f.diags), 0);
    unload(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_multi_file),
        cmocka_unit_test(test_servers),
        cmocka_unit_test(test_find_pointer),
        cmocka_unit_test(test_defects),
        cmocka_unit_test(test_defect_in_other_file),
        cmocka_unit_test(test_not_a_description),
        cmocka_unit_test(test_swagger),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
