/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_validate_expr.c - the runtime expressions and criteria of a
 * document (checklist 2.11, 2.12, 2.15 and section 3): every expression
 * and template compiled with its error at the column of the document
 * (XREF-07, EXPR-01..07, EXPR-41), literals that only look like
 * expressions left alone (EXPR-44), what expressions name checked
 * (XREF-03..06, EXPR-14, EXPR-17), non-standard paths (EXPR-20) and
 * --strict, criteria (CRI-01..04, CET-01, CET-02, CRIT-13, CRIT-20,
 * CRIT-51); each case asserts the code, line and column of every finding.
 */
#include "validate_cases.h"

/* Line 5 on: a workflow "w" whose steps start on line 8. */
#define WF HEAD "workflows:\n- workflowId: w\n  steps:\n"

static const vcase cases[] = {
    /* XREF-07: syntax errors at their column, quoted or not */
    {"XREF-07: outputs, plain and quoted",
     WF "  - stepId: s\n    operationId: listPets\n    outputs:\n"
        "      a: $inputs.\n      b: '$response.body#/x~3'\n      c: $statusCode\n",
     false,
     {{"expr-syntax", 11, 18}, {"expr-syntax", 12, 28}}},
    {"XREF-07: inside a literal block scalar, at the line and column in the document",
     WF "  - stepId: s\n    operationId: listPets\n    successCriteria:\n"
        "    - condition: |-\n        $statusCode == 200 &&\n          $response.bdy != null\n",
     false,
     {{"expr-syntax", 13, 21}}},
    {"EXPR-41: an unterminated template in a parameter value",
     WF "  - stepId: s\n    operationId: listPets\n    parameters:\n"
        "    - {name: X-Request-Id, in: header, value: 'id {$inputs.id'}\n",
     false,
     {{"expr-unterminated", 11, 51}}},
    {"EXPR-44: JSONPath-looking and unknown-root strings are literals",
     WF
     "  - stepId: s\n    operationId: createPet\n    requestBody:\n"
     "      payload: {query: '$.items[*]', price: $USD, id: $inputs.id, n: [1, '{$inputs.n}']}\n",
     false,
     {{0}}},
    /* XREF-05, XREF-06 */
    {"XREF-05: unknown step with a suggestion, forward and own references",
     WF "  - stepId: first\n    operationId: listPets\n    parameters:\n"
        "    - {name: limit, in: query, value: $steps.second.outputs.n}\n"
        "    - {name: X-Request-Id, in: header, value: $steps.first.outputs.n}\n"
        "    outputs: {n: $steps.frist.outputs.n}\n"
        "  - stepId: second\n    operationId: listPets\n    outputs: {n: $statusCode}\n",
     false,
     {{"arazzo-step-forward-reference", 11, 39},
      {"arazzo-step-forward-reference", 12, 47},
      {"arazzo-unknown-step", 13, 18}}},
    {"XREF-06: undeclared output (warning), dotted names (EXPR-20)",
     WF "  - stepId: a\n    operationId: listPets\n    outputs: {body: $response.body}\n"
        "  - stepId: b\n    operationId: listPets\n    parameters:\n"
        "    - {name: limit, in: query, value: $steps.a.outputs.body.count}\n"
        "    - {name: X-Request-Id, in: header, value: $steps.a.outputs.bdy}\n",
     false,
     {{"arazzo-unknown-step-output", 15, 47}}},
    {"XREF-06: an error with --strict",
     WF "  - stepId: a\n    operationId: listPets\n  outputs: {x: $steps.a.outputs.x}\n",
     true,
     {{"arazzo-unknown-step-output", 10, 16}}},
    {"EXPR-19: $workflows names a workflow and a declared output",
     WF
     "  - stepId: a\n    operationId: listPets\n  outputs:\n"
     "    x: $workflows.v.outputs.y\n    y: $workflows.v.outputs.z\n    z: $workflows.q.inputs.a\n"
     "- workflowId: v\n  steps: [{stepId: a, operationId: listPets}]\n  outputs: {y: "
     "$statusCode}\n",
     false,
     {{"arazzo-unknown-workflow-output", 12, 8}, {"arazzo-unknown-workflow", 13, 8}}},
    /* XREF-03, XREF-04 */
    {"XREF-04: sources and their references, XREF-03: components",
     WF "  - stepId: a\n    operationId: listPets\n    parameters:\n"
        "    - {name: limit, in: query, value: $sourceDescriptions.pet.url}\n"
        "    - {name: X-Request-Id, in: header, value: $sourceDescriptions.pets.getPets}\n"
        "    - {name: X-Other, in: header, value: $components.parameters.nope}\n",
     false,
     {{"arazzo-unknown-source", 11, 39},
      {"arazzo-unknown-operation", 12, 47},
      {"arazzo-parameter-not-in-operation", 13, 14},
      {"arazzo-unknown-component", 13, 42}}},
    /* EXPR-14, EXPR-17 */
    {"EXPR-14: $response.path; EXPR-17: $outputs in workflow outputs",
     WF "  - stepId: a\n    operationId: listPets\n    outputs: {p: $response.path.id}\n"
        "  - stepId: b\n    workflowId: v\n    outputs: {o: $outputs.y}\n"
        "  outputs: {self: $outputs.x}\n"
        "- workflowId: v\n  steps: [{stepId: a, operationId: listPets}]\n  outputs: {y: "
        "$statusCode}\n",
     false,
     {{"arazzo-expression-meaningless", 10, 18}, {"arazzo-outputs-self-reference", 14, 19}}},
    {"OPEN-13: $statusCode in a step that runs a workflow; EXEC-12: 1.1 fields",
     WF "  - stepId: a\n    workflowId: v\n    timeout: 5\n"
        "    successCriteria: [{condition: $statusCode == 200}]\n"
        "- workflowId: v\n  steps: [{stepId: a, operationId: listPets}]\n",
     false,
     {{"arazzo-unknown-field", 10, 5}, {"arazzo-expression-unavailable", 11, 35}}},
    /* EXPR-20 */
    {"EXPR-20: a non-standard path warns",
     WF "  - stepId: a\n    operationId: listPets\n    outputs: {p: '$response.body.items[0]'}\n",
     false,
     {{"expr-nonstandard-path", 10, 33}}},
    {"EXPR-20: an error with --strict",
     WF "  - stepId: a\n    operationId: listPets\n    outputs: {p: '$response.body.items[0]'}\n",
     true,
     {{"expr-nonstandard-path", 10, 33}}},
    /* CRI-*, CET-* */
    {"CRI-01, CRI-02: condition required, type values",
     WF "  - stepId: a\n    operationId: listPets\n    successCriteria:\n"
        "    - {context: $statusCode}\n    - {context: $statusCode, condition: x, type: regexp}\n",
     false,
     {{"arazzo-missing-field", 11, 7}, {"arazzo-invalid-value", 12, 50}}},
    {"CRI-03: context required for regex/jsonpath, warned for simple",
     WF "  - stepId: a\n    operationId: listPets\n    successCriteria:\n"
        "    - {condition: '$[0]', type: jsonpath}\n    - {condition: $statusCode == 200, type: "
        "simple}\n",
     false,
     {{"criterion-context-missing", 11, 7}, {"criterion-type-without-context", 12, 7}}},
    {"CRI-04: context syntax; CRIT-51: context ignored for simple",
     WF "  - stepId: a\n    operationId: listPets\n    successCriteria:\n"
        "    - {context: $response.bdy, condition: '^2', type: regex}\n"
        "    - {context: $statusCode, condition: $statusCode == 200}\n",
     false,
     {{"expr-syntax", 11, 27}, {"criterion-context-ignored", 12, 8}}},
    {"CET-01: versions; CET-02: goessner is unsupported",
     WF "  - stepId: a\n    operationId: listPets\n    successCriteria:\n"
        "    - context: $response.body\n      condition: $.a\n"
        "      type: {type: jsonpath, version: rfc9535}\n"
        "    - context: $response.body\n      condition: $.a\n"
        "      type: {type: jsonpath, version: draft-goessner-dispatch-jsonpath-00}\n"
        "    - context: $response.body\n      condition: /a\n"
        "      type: {type: xpath, version: xpath-10}\n",
     false,
     {{"arazzo-invalid-value", 13, 39}, {"criterion-unsupported", 15, 18}}},
    {"CRIT-13, CRIT-20: condition syntax at its column; XREF-05 inside a condition",
     WF "  - stepId: a\n    operationId: listPets\n    successCriteria:\n"
        "    - condition: $statusCode == 200 &&\n"
        "    - {context: $statusCode, condition: '(', type: regex}\n"
        "    - condition: $steps.b.outputs.x == 1\n",
     false,
     {{"criterion-syntax", 11, 39}, {"criterion-regex", 12, 43}, {"arazzo-unknown-step", 13, 18}}},
};

/* Every case of the table. */
static void test_expression_rules(void **state)
{
    (void)state;
    vrun_all(cases, sizeof cases / sizeof cases[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_expression_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
