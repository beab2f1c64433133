/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_description.c - loading an Arazzo Description: sources resolved
 * against the document that names them (DOC-08), OpenAPI sources indexed,
 * the type sniffed when absent (SRC-04), `arazzo` sources loaded
 * recursively with a cycle back to the entry (SRC-06), a source of the
 * wrong kind and a missing one reported at their `url`; and resolving
 * operationId (STEP-03, EXEC-90), operationPath (STEP-04) and workflowId
 * (STEP-06) references.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arazzo/engine.h"

#define DATA AZ_SOURCE_DIR "/engine/tests/data/description"

/* The loaded fixture, shared by the tests. */
typedef struct fixture {
    az_description *desc;
    az_diags *diags;
} fixture;

/* Loads flow.arazzo.yaml from DATA, so names are relative to it. */
static int setup(void **state)
{
    static fixture f;
    char *cwd = getcwd(NULL, 0);
    if (!cwd || chdir(DATA) != 0)
        return -1;
    f.diags = az_diags_new();
    az_status st = az_description_load("flow.arazzo.yaml", NULL, f.diags, &f.desc);
    int rc = chdir(cwd);
    free(cwd);
    *state = &f;
    return st == AZ_OK && rc == 0 ? 0 : -1;
}

/* Releases the fixture. */
static int teardown(void **state)
{
    fixture *f = *state;
    az_description_free(f->desc);
    az_diags_free(f->diags);
    return 0;
}

/* Sources: kinds, indexes, the arazzo cycle, the two failures. */
static void test_sources(void **state)
{
    fixture *f = *state;
    const az_arazzo_doc *entry = az_description_entry(f->desc);
    assert_int_equal(entry->n_sources, 5);
    assert_int_equal(az_description_doc_count(f->desc), 2);

    const az_source_desc *pets = az_arazzo_doc_source(entry, "pets");
    assert_string_equal(az_source_name(pets->src), "apis/pets.yaml");
    assert_int_equal(pets->kind, AZ_KIND_OPENAPI_3_0);
    assert_non_null(pets->index);
    const az_source_desc *users = az_arazzo_doc_source(entry, "users");
    assert_null(users->type);
    assert_int_equal(users->kind, AZ_KIND_OPENAPI_3_1); /* sniffed, SRC-04 */

    const az_source_desc *shared = az_arazzo_doc_source(entry, "shared");
    assert_non_null(shared->arazzo);
    const az_source_desc *back = az_arazzo_doc_source(shared->arazzo, "back");
    assert_ptr_equal(back->arazzo, entry); /* the cycle closes on the entry */
    /* Both documents index apis/pets.yaml once. */
    assert_ptr_equal(az_arazzo_doc_source(shared->arazzo, "pets")->index, pets->index);

    assert_null(az_arazzo_doc_source(entry, "wrongKind")->index);
    assert_null(az_arazzo_doc_source(entry, "missing")->src);
    assert_null(az_arazzo_doc_source(entry, "nope"));

    assert_int_equal(az_diags_count(f->diags), 2);
    const az_diag *kind = az_diags_get(f->diags, 0);
    assert_string_equal(kind->code, "source-kind");
    assert_string_equal(kind->file, "flow.arazzo.yaml");
    assert_int_equal(kind->line, 15);
    assert_int_equal(kind->column, 10);
    const az_diag *missing = az_diags_get(f->diags, 1);
    assert_string_equal(missing->code, "source-unreadable");
    assert_int_equal(missing->line, 18);
    assert_int_equal(missing->column, 10);
    assert_non_null(strstr(missing->message, "apis/nowhere.yaml"));
}

/* operationId: qualified, plain with several openapi sources, misses. */
static void test_find_operation(void **state)
{
    fixture *f = *state;
    const az_arazzo_doc *entry = az_description_entry(f->desc);
    const az_oas_operation *op = NULL;
    const az_source_desc *sd = NULL;
    char *error = NULL;

    assert_int_equal(
        az_arazzo_doc_find_operation(entry, "$sourceDescriptions.users.getUser", &op, &sd, &error),
        AZ_OK);
    assert_string_equal(op->path, "/users/{id}");
    assert_string_equal(sd->name, "users");

    /* EXEC-90: with several openapi sources a plain id must be qualified. */
    assert_int_equal(az_arazzo_doc_find_operation(entry, "getUser", &op, &sd, &error),
                     AZ_ERR_INVALID);
    assert_non_null(strstr(error, "write $sourceDescriptions.users.getUser"));
    free(error);

    assert_int_equal(
        az_arazzo_doc_find_operation(entry, "$sourceDescriptions.pets.listpets", &op, &sd, &error),
        AZ_ERR_NOT_FOUND);
    assert_string_equal(error, "no operation 'listpets' in source 'pets' (apis/pets.yaml); did "
                               "you mean 'listPets'?");
    free(error);
    assert_int_equal(
        az_arazzo_doc_find_operation(entry, "$sourceDescriptions.cats.x", &op, &sd, &error),
        AZ_ERR_INVALID);
    assert_non_null(strstr(error, "there is no source description 'cats'"));
    free(error);
    assert_int_equal(
        az_arazzo_doc_find_operation(entry, "$sourceDescriptions.shared.x", &op, &sd, &error),
        AZ_ERR_INVALID);
    free(error);

    /* The shared document has one openapi source: a plain id is fine. */
    const az_arazzo_doc *shared = az_arazzo_doc_source(entry, "shared")->arazzo;
    assert_int_equal(az_arazzo_doc_find_operation(shared, "listPets", &op, &sd, &error), AZ_OK);
    assert_string_equal(sd->name, "pets");
}

/* operationPath (STEP-04). */
static void test_find_operation_path(void **state)
{
    fixture *f = *state;
    const az_arazzo_doc *entry = az_description_entry(f->desc);
    const az_oas_operation *op = NULL;
    const az_source_desc *sd = NULL;
    char *error = NULL;
    assert_int_equal(
        az_arazzo_doc_find_operation_path(
            entry, "{$sourceDescriptions.pets.url}#/paths/~1pets~1{petId}/get", &op, &sd, &error),
        AZ_OK);
    assert_string_equal(op->operation_id, "showPetById");
    /* The written, relative URL matches too once resolved. */
    assert_int_equal(az_arazzo_doc_find_operation_path(entry, "apis/pets.yaml#/paths/~1pets/get",
                                                       &op, &sd, &error),
                     AZ_OK);
    assert_string_equal(op->operation_id, "listPets");
    assert_int_equal(
        az_arazzo_doc_find_operation_path(
            entry, "{$sourceDescriptions.pets.url}#/paths/~1pets/post", &op, &sd, &error),
        AZ_ERR_NOT_FOUND);
    assert_non_null(strstr(error, "path '/pets' has no 'post' operation"));
    free(error);
    assert_int_equal(az_arazzo_doc_find_operation_path(entry, "https://elsewhere/x.yaml#/paths",
                                                       &op, &sd, &error),
                     AZ_ERR_INVALID);
    assert_non_null(strstr(error, "is the URL of no source description"));
    free(error);
    assert_int_equal(
        az_arazzo_doc_find_operation_path(
            entry, "{$sourceDescriptions.pets.name}#/paths/~1pets/get", &op, &sd, &error),
        AZ_ERR_INVALID);
    assert_non_null(strstr(error, "must end in .url"));
    free(error);
}

/* workflowId (STEP-06). */
static void test_find_workflow(void **state)
{
    fixture *f = *state;
    const az_arazzo_doc *entry = az_description_entry(f->desc), *owner = NULL;
    json_object *wf = NULL;
    char *error = NULL;
    assert_int_equal(az_arazzo_doc_find_workflow(entry, "main", &wf, &owner, &error), AZ_OK);
    assert_ptr_equal(owner, entry);
    assert_int_equal(az_arazzo_doc_find_workflow(entry, "$sourceDescriptions.shared.refreshToken",
                                                 &wf, &owner, &error),
                     AZ_OK);
    assert_ptr_equal(owner, az_arazzo_doc_source(entry, "shared")->arazzo);
    assert_int_equal(az_arazzo_doc_find_workflow(entry, "refreshToken", &wf, &owner, &error),
                     AZ_ERR_NOT_FOUND);
    free(error);
    assert_int_equal(az_arazzo_doc_find_workflow(entry, "mian", &wf, &owner, &error),
                     AZ_ERR_NOT_FOUND);
    assert_string_equal(error, "no workflow 'mian' in flow.arazzo.yaml; did you mean 'main'?");
    free(error);
    assert_int_equal(
        az_arazzo_doc_find_workflow(entry, "$sourceDescriptions.pets.main", &wf, &owner, &error),
        AZ_ERR_INVALID);
    free(error);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sources),
        cmocka_unit_test(test_find_operation),
        cmocka_unit_test(test_find_operation_path),
        cmocka_unit_test(test_find_workflow),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
