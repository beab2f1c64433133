/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_validate_doc.c - validation of the document level (checklist
 * section 1 and 2.1 .. 2.3): the `arazzo` version (DOC-03..05), required
 * root fields and non-empty lists (ROOT-01), Info (INFO-01), unknown and
 * extension fields (DOC-10, DOC-11), Source Descriptions (SRC-01..03,
 * ROOT-02) and sources that cannot be loaded (reported once, by the
 * loader); each case asserts the code, line and column of every finding.
 */
#include "validate_cases.h"

/* A workflow with one step calling pets' listPets (lines 5-8). */
#define FLOW                                                                                       \
    "workflows:\n"                                                                                 \
    "- workflowId: w\n"                                                                            \
    "  steps:\n"                                                                                   \
    "  - {stepId: s, operationId: listPets}\n"

static const vcase cases[] = {
    {"valid minimal document", HEAD FLOW, false, {{0}}},
    {"DOC-04: pre-release suffix accepted",
     "arazzo: 1.0.0-rc.1\ninfo: {title: t, version: '1'}\nsourceDescriptions:\n"
     "- {name: pets, url: pets.openapi.yaml}\n" FLOW,
     false,
     {{0}}},
    {"DOC-05: a YAML number is not a version",
     "arazzo: 1.0\ninfo: {title: t, version: '1'}\nsourceDescriptions:\n"
     "- {name: pets, url: pets.openapi.yaml}\n" FLOW,
     false,
     {{"arazzo-wrong-type", 1, 9}}},
    {"DOC-04: other versions are refused",
     "arazzo: '1.1.0'\ninfo: {title: t, version: '1'}\nsourceDescriptions:\n"
     "- {name: pets, url: pets.openapi.yaml}\n" FLOW,
     false,
     {{"arazzo-unsupported-version", 1, 9}}},
    {"DOC-04: 1.0 without patch is refused",
     "arazzo: '1.0'\ninfo: {title: t, version: '1'}\nsourceDescriptions:\n"
     "- {name: pets, url: pets.openapi.yaml}\n" FLOW,
     false,
     {{"arazzo-unsupported-version", 1, 9}}},
    {"DOC-03: required root fields",
     "arazzo: 1.0.1\nsourceDescriptions:\n- {name: pets, url: pets.openapi.yaml}\n",
     false,
     {{"arazzo-missing-field", 1, 1}, {"arazzo-missing-field", 1, 1}}},
    {"ROOT-01: empty lists",
     "arazzo: 1.0.1\ninfo: {title: t, version: '1'}\nsourceDescriptions: []\nworkflows: []\n",
     false,
     {{"arazzo-empty-list", 3, 21}, {"arazzo-empty-list", 4, 12}}},
    {"ROOT-01: wrong types",
     "arazzo: 1.0.1\ninfo: t\nsourceDescriptions: {}\nworkflows: x\n",
     false,
     {{"arazzo-wrong-type", 2, 7}, {"arazzo-wrong-type", 3, 21}, {"arazzo-wrong-type", 4, 12}}},
    {"INFO-01: title required, version a string",
     "arazzo: 1.0.1\ninfo:\n  version: 1.0\nsourceDescriptions:\n"
     "- {name: pets, url: pets.openapi.yaml}\n"
     "workflows:\n- workflowId: w\n  steps:\n  - {stepId: s, operationId: listPets}\n",
     false,
     {{"arazzo-missing-field", 3, 3}, {"arazzo-wrong-type", 3, 12}}},
    {"DOC-11: unknown field with a suggestion (at the key)",
     HEAD FLOW "componets: {}\n",
     false,
     {{"arazzo-unknown-field", 9, 1}}},
    {"DOC-10: x- fields allowed, reserved prefixes warned",
     HEAD FLOW "x-tool: {any: thing}\nx-oai-future: 1\n",
     false,
     {{"arazzo-reserved-extension", 10, 1}}},
    {"DOC-10: strict turns the warning into an error",
     HEAD FLOW "x-arazzo-next: 1\n",
     true,
     {{"arazzo-reserved-extension", 9, 1}}},
    {"SRC-01: source type",
     "arazzo: 1.0.1\ninfo: {title: t, version: '1'}\nsourceDescriptions:\n"
     "- {name: pets, url: pets.openapi.yaml, type: asyncapi}\n" FLOW,
     false,
     {{"arazzo-invalid-value", 4, 46}}},
    {"SRC-02, ROOT-02: duplicate source names, SRC-03: name pattern",
     "arazzo: 1.0.1\ninfo: {title: t, version: '1'}\nsourceDescriptions:\n"
     "- {name: pets, url: pets.openapi.yaml}\n"
     "- {name: pets, url: pets.openapi.yaml}\n"
     "- {name: my.pets, url: pets.openapi.yaml}\n"
     "workflows:\n- workflowId: w\n  steps:\n"
     "  - {stepId: s, operationId: $sourceDescriptions.pets.listPets}\n",
     false,
     {{"arazzo-duplicate-source-name", 5, 10}, {"arazzo-invalid-name", 6, 10}}},
    {"SRC: url required",
     "arazzo: 1.0.1\ninfo: {title: t, version: '1'}\nsourceDescriptions:\n"
     "- {name: pets}\n" FLOW,
     false,
     {{"arazzo-missing-field", 4, 3}}},
    {"a source that cannot be read is reported once, by the loader",
     "arazzo: 1.0.1\ninfo: {title: t, version: '1'}\nsourceDescriptions:\n"
     "- {name: pets, url: nowhere.yaml}\n" FLOW,
     false,
     {{"source-unreadable", 4, 21}}},
};

/* Every case of the table. */
static void test_document_rules(void **state)
{
    (void)state;
    vrun_all(cases, sizeof cases / sizeof cases[0]);
}

/* The status: AZ_ERR_INVALID for an invalid document, AZ_OK for a valid
 * one even when the list already holds errors of an earlier file. */
static void test_status(void **state)
{
    (void)state;
    az_diags *diags = az_diags_new();
    assert_int_equal(az_validate_buffer(VDATA "/x.yaml", "- a\n", 4, NULL, diags), AZ_ERR_INVALID);
    assert_int_equal(az_validate_buffer(VDATA "/x.yaml", HEAD FLOW, strlen(HEAD FLOW), NULL, diags),
                     AZ_OK);
    az_diags_free(diags);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_document_rules),
        cmocka_unit_test(test_status),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
