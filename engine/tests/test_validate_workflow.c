/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_validate_workflow.c - validation of workflows and what they hold
 * (checklist 2.4 .. 2.10, 2.13, 2.14, 2.15): workflow and step ids
 * (WF-01..03, STEP-02), inputs schemas (WF-04), dependsOn and its cycles
 * (WF-05, XREF-08), step targets with "did you mean" (STEP-01, STEP-03..06),
 * parameters (PAR-01..05, STEP-07, STEP-11), actions (SA-01..04, FA-01..04,
 * WF-07, WF-08, XREF-01), components and Reusable Objects (CMP-01, CMP-03,
 * REU-01, REU-04, REU-05), request bodies (STEP-08, RB-05) and payload
 * replacements (PR-01, PR-02), outputs (WF-06, STEP-10); each case asserts
 * the code, line and column of every finding.
 */
#include "validate_cases.h"

/* Line 5 on: "workflows:" and a workflow "w" whose steps start on line 8. */
#define WF HEAD "workflows:\n- workflowId: w\n  steps:\n"

static const vcase cases[] = {
    /* WF-01..03, STEP-02 */
    {"WF-01: steps required and non-empty",
     HEAD "workflows:\n- workflowId: w\n- workflowId: v\n  steps: []\n",
     false,
     {{"arazzo-missing-field", 6, 3}, {"arazzo-empty-list", 8, 10}}},
    {"WF-02: duplicate workflowId, related at the first",
     HEAD "workflows:\n- workflowId: w\n  steps: [{stepId: s, operationId: listPets}]\n"
          "- workflowId: w\n  steps: [{stepId: s, operationId: listPets}]\n",
     false,
     {{"arazzo-duplicate-workflow-id", 8, 15}}},
    {"WF-03: id pattern (warning; a dot is an error)",
     HEAD "workflows:\n- workflowId: my wf\n  steps: [{stepId: a.b, operationId: listPets}]\n",
     false,
     {{"arazzo-id-format", 6, 15}, {"arazzo-id-format", 7, 20}}},
    {"STEP-02: duplicate stepId",
     WF "  - {stepId: s, operationId: listPets}\n  - {stepId: s, operationId: getPet,"
        " parameters: [{name: petId, in: path, value: 1}]}\n",
     false,
     {{"arazzo-duplicate-step-id", 9, 14}}},
    /* WF-04 */
    {"WF-04: inputs schema compiles, #/components refs resolve",
     WF "  - {stepId: s, operationId: listPets}\n"
        "  inputs: {$ref: '#/components/inputs/in'}\n"
        "components:\n  inputs:\n    in: {type: object}\n",
     false,
     {{0}}},
    {"WF-04: a broken inputs schema",
     WF "  - {stepId: s, operationId: listPets}\n  inputs: {type: string, pattern: '('}\n",
     false,
     {{"arazzo-inputs-schema", 9, 11}}},
    {"WF-04: a dangling $ref in inputs",
     WF "  - {stepId: s, operationId: listPets}\n  inputs: {$ref: '#/components/inputs/nope'}\n",
     false,
     {{"arazzo-inputs-schema", 9, 11}}},
    {"REU-06: inputs are not Reusable Objects",
     WF "  - {stepId: s, operationId: listPets}\n  inputs: {reference: $components.inputs.in}\n"
        "components:\n  inputs:\n    in: {type: object}\n",
     false,
     {{"arazzo-wrong-component-kind", 9, 12}}},
    /* WF-05, XREF-08 */
    {"WF-05: dependsOn resolves, no duplicates, self-dependency is a cycle",
     WF "  - {stepId: s, operationId: listPets}\n  dependsOn: [w, x, x]\n",
     false,
     {{"arazzo-depends-on-cycle", 9, 15},
      {"arazzo-unknown-workflow", 9, 18},
      {"arazzo-duplicate-entry", 9, 21}}},
    /* STEP-06, WF-05 across documents (SRC-06) */
    {"STEP-06, WF-05: workflows of an arazzo source",
     "arazzo: 1.0.1\ninfo: {title: t, version: '1'}\nsourceDescriptions:\n"
     "- {name: pets, url: pets.openapi.yaml}\n- {name: shared, url: shared.arazzo.yaml, type: "
     "arazzo}\n"
     "workflows:\n- workflowId: w\n  dependsOn: [$sourceDescriptions.shared.fetch]\n  steps:\n"
     "  - {stepId: a, workflowId: $sourceDescriptions.shared.fetch}\n"
     "  - {stepId: b, workflowId: $sourceDescriptions.shared.fetsh}\n"
     "  - {stepId: c, workflowId: fetch}\n"
     "  - {stepId: d, workflowId: $sourceDescriptions.pets.fetch}\n"
     "  - {stepId: e, operationId: listPets}\n"
     "  outputs: {all: $workflows.fetch.outputs.all}\n",
     false,
     {{"arazzo-unknown-workflow", 11, 29},
      {"arazzo-unknown-workflow", 12, 29},
      {"arazzo-invalid-workflow-reference", 13, 29}}},
    /* STEP-01, STEP-03..06 */
    {"STEP-01: exactly one target",
     WF "  - {stepId: a}\n  - {stepId: b, operationId: listPets, workflowId: w}\n",
     false,
     {{"arazzo-step-target", 8, 5}, {"arazzo-step-target", 9, 5}}},
    {"STEP-03: unknown operationId with a suggestion",
     WF "  - {stepId: s, operationId: listpets}\n",
     false,
     {{"arazzo-unknown-operation", 8, 30}}},
    {"STEP-03: unknown source in a qualified operationId",
     WF "  - {stepId: s, operationId: $sourceDescriptions.pet.listPets}\n",
     false,
     {{"arazzo-invalid-operation-reference", 8, 30}}},
    {"STEP-04, STEP-05: operationPath to a Path Item; operationId preferred",
     WF "  - stepId: s\n    operationPath: '{$sourceDescriptions.pets.url}#/paths/~1pets'\n"
        "  - stepId: t\n    operationPath: '{$sourceDescriptions.pets.url}#/paths/~1pets/get'\n",
     false,
     {{"arazzo-invalid-operation-reference", 9, 20}, {"arazzo-prefer-operation-id", 11, 20}}},
    {"STEP-06: unknown workflowId with a suggestion",
     WF "  - {stepId: s, workflowId: ww}\n",
     false,
     {{"arazzo-unknown-workflow", 8, 29}}},
    /* PAR-01..05, STEP-07, STEP-11 */
    {"PAR-01, PAR-02: name and value required, in: body removed",
     WF "  - stepId: s\n    operationId: listPets\n    parameters:\n"
        "    - {in: query, value: 1}\n    - {name: a, in: query}\n    - {name: b, in: body, value: "
        "1}\n    - {name: c, in: form, value: 1}\n",
     false,
     {{"arazzo-missing-field", 11, 7},
      {"arazzo-missing-field", 12, 7},
      {"arazzo-parameter-not-in-operation", 12, 14},
      {"arazzo-invalid-value", 13, 21},
      {"arazzo-invalid-value", 14, 21}}},
    {"PAR-05: duplicate (name, in), header names without case",
     WF "  - stepId: s\n    operationId: listPets\n    parameters:\n"
        "    - {name: limit, in: query, value: 1}\n    - {name: X-Request-Id, in: header, value: "
        "1}\n    - {name: x-request-id, in: header, value: 2}\n    - {name: limit, in: query, "
        "value: 3}\n",
     false,
     {{"arazzo-duplicate-parameter", 13, 7}, {"arazzo-duplicate-parameter", 14, 7}}},
    {"STEP-07: an operation step's inline parameter needs in; a workflow step's does not",
     WF "  - stepId: s\n    operationId: listPets\n    parameters: [{name: limit, value: 1}]\n"
        "  - stepId: t\n    workflowId: v\n    parameters: [{name: limit, value: 1}]\n"
        "- workflowId: v\n  steps: [{stepId: s, operationId: listPets}]\n",
     false,
     {{"arazzo-parameter-in-required", 10, 18}}},
    {"STEP-11: undeclared parameter (with suggestion), missing path parameter",
     WF "  - stepId: s\n    operationId: getPet\n    parameters:\n"
        "    - {name: petid, in: path, value: 1}\n    - {name: Authorization, in: header, value: "
        "x}\n",
     false,
     {{"arazzo-path-parameter-missing", 9, 18}, {"arazzo-parameter-not-in-operation", 11, 14}}},
    {"STEP-11: workflow-level parameters supply path parameters",
     HEAD "workflows:\n- workflowId: w\n  parameters: [{name: petId, in: path, value: 1}]\n"
          "  steps:\n  - {stepId: s, operationId: getPet}\n",
     false,
     {{0}}},
    /* SA-*, FA-*, WF-07, XREF-01 */
    {"SA-01, SA-02, SA-04: action types and targets",
     WF "  - stepId: s\n    operationId: listPets\n    onSuccess:\n"
        "    - {name: a, type: retry}\n    - {name: b, type: goto}\n"
        "    - {name: c, type: goto, stepId: s, workflowId: w}\n"
        "    - {name: d, type: end, stepId: s}\n",
     false,
     {{"arazzo-invalid-value", 11, 23},
      {"arazzo-action-target", 12, 23},
      {"arazzo-action-target", 13, 23},
      {"arazzo-action-field-ignored", 14, 28}}},
    {"FA-01..03: retry fields",
     WF "  - stepId: s\n    operationId: listPets\n    onFailure:\n"
        "    - {name: a, type: retry, retryAfter: 1.5, retryLimit: 3}\n"
        "    - {name: b, type: retry, retryLimit: 1.5}\n"
        "    - {name: c, type: end, retryAfter: 1}\n"
        "    - {name: d, type: retry, retryLimit: -1}\n"
        "    - {name: e, type: stop}\n",
     false,
     {{"arazzo-wrong-type", 12, 42},
      {"arazzo-action-field-ignored", 13, 28},
      {"arazzo-invalid-value", 14, 42},
      {"arazzo-invalid-value", 15, 23}}},
    {"SA-03, XREF-01: goto targets, WF-07: duplicates",
     WF "  - stepId: s\n    operationId: listPets\n    onSuccess:\n"
        "    - {name: a, type: goto, stepId: t}\n    - {name: a, type: end}\n"
        "  successActions:\n  - {name: z, type: goto, workflowId: nope}\n",
     false,
     {{"arazzo-unknown-step", 11, 37},
      {"arazzo-duplicate-action", 12, 7},
      {"arazzo-unknown-workflow", 14, 39}}},
    {"SA-03: a component action's step resolved in each workflow using it",
     HEAD "workflows:\n- workflowId: w\n  steps:\n  - stepId: s\n    operationId: listPets\n"
          "    onFailure: [{reference: $components.failureActions.back}]\n"
          "- workflowId: v\n  steps:\n  - stepId: start\n    operationId: listPets\n"
          "  failureActions: [{reference: $components.failureActions.back}]\n"
          "components:\n  failureActions:\n    back: {name: back, type: goto, stepId: start}\n",
     false,
     {{"arazzo-unknown-step", 10, 29}}},
    /* WF-08, STEP-09, REU-*, CMP-* */
    {"REU-01, WF-08: component kinds and keys",
     WF "  - stepId: s\n    operationId: listPets\n    parameters:\n"
        "    - reference: $components.parameters.limt\n"
        "    - reference: $components.successActions.ok\n"
        "    onSuccess: [{reference: $components.parameters.limit}]\n"
        "components:\n  parameters:\n    limit: {name: limit, in: query, value: 1}\n"
        "  successActions:\n    ok: {name: ok, type: end}\n",
     false,
     {{"arazzo-unknown-component", 11, 18},
      {"arazzo-wrong-component-kind", 12, 18},
      {"arazzo-wrong-component-kind", 13, 29}}},
    {"REU-04: extra fields ignored with a warning, REU-05: value on an action",
     WF "  - stepId: s\n    operationId: listPets\n    parameters:\n"
        "    - {reference: $components.parameters.limit, value: 2, x-note: n}\n"
        "    onSuccess: [{reference: $components.successActions.ok, value: 1}]\n"
        "components:\n  parameters:\n    limit: {name: limit, in: query, value: 1}\n"
        "  successActions:\n    ok: {name: ok, type: end}\n",
     false,
     {{"arazzo-reusable-extra-field", 11, 59}, {"arazzo-reusable-value-ignored", 12, 60}}},
    {"CMP-01: component keys, CMP-03: a component parameter without in",
     WF "  - stepId: s\n    operationId: listPets\n    parameters:\n"
        "    - reference: $components.parameters.noIn\n"
        "components:\n  parameters:\n    noIn: {name: limit, value: 1}\n"
        "    'a b': {name: x, in: query, value: 1}\n",
     false,
     {{"arazzo-parameter-in-required", 11, 18}, {"arazzo-invalid-name", 15, 5}}},
    /* RB-*, PR-*, STEP-08 */
    {"RB: media type, RB-05: body on GET, PR-01/02: replacements, STEP-08",
     WF "  - stepId: s\n    operationId: listPets\n    requestBody:\n"
        "      contentType: application/json; charset=utf-8\n      payload: {a: 1}\n"
        "      replacements:\n      - {target: /a, value: 2}\n      - {target: /a~2, value: 2}\n"
        "      - {value: 3}\n"
        "  - stepId: t\n    workflowId: w\n    requestBody: {contentType: 'text'}\n",
     false,
     {{"arazzo-request-body-method", 10, 5},
      {"arazzo-invalid-pointer", 15, 18},
      {"arazzo-missing-field", 16, 9},
      {"arazzo-request-body-ignored", 19, 5},
      {"arazzo-invalid-media-type", 19, 32}}},
    /* WF-06, STEP-10 */
    {"WF-06, STEP-10: output names and values",
     WF "  - stepId: s\n    operationId: listPets\n    outputs:\n"
        "      ok.name-1_x: $statusCode\n      'bad name': $statusCode\n      n: 12\n"
        "  outputs:\n    out: statusCode\n",
     false,
     {{"arazzo-invalid-name", 12, 7}, {"arazzo-wrong-type", 13, 10}, {"expr-syntax", 15, 10}}},
};

/* Every case of the table. */
static void test_workflow_rules(void **state)
{
    (void)state;
    vrun_all(cases, sizeof cases / sizeof cases[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_workflow_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
