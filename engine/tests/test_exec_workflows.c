/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_exec_workflows.c - checklist 5.8 to 5.10 through the replay
 * transport: workflow steps and the inputs they pass (EXEC-70), $outputs
 * and an undefined $statusCode (EXEC-72), workflows of an `arazzo` source
 * running with their own document (EXEC-71, EXEC-92, CMP-05), recursion
 * stopped by the depth limit (EXEC-73, EXEC-52), workflow outputs and
 * $workflows (EXEC-80, EXEC-82), the result and its trace (EXEC-81),
 * several openapi sources (EXEC-90), $sourceDescriptions.<name>.url
 * (EXEC-91) and a document listing itself as a source (EXEC-93).
 * Fixtures: data/exec/workflows.arazzo.yaml, lib/lib.arazzo.yaml,
 * multi.arazzo.yaml, self.arazzo.yaml.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "exec_helpers.h"

/* The main fixture, loaded once. */
static az_description *desc;

/* Loads the fixture. */
static int setup(void **state)
{
    (void)state;
    desc = exec_load("workflows.arazzo.yaml");
    return 0;
}

/* Releases the fixture. */
static int teardown(void **state)
{
    (void)state;
    az_description_free(desc);
    return 0;
}

/* Tells whether `text` ends with `suffix`. */
static bool ends_with(const char *text, const char *suffix)
{
    size_t n = strlen(text), m = strlen(suffix);
    return n >= m && strcmp(text + n - m, suffix) == 0;
}

/* EXEC-70, EXEC-72: the callee's inputs are the step's parameters without
 * `in` or declared by its inputs schema (not the caller's header
 * parameters); $outputs and $workflows.<id>.outputs read its outputs;
 * $statusCode is undefined in a workflow step, so a criterion on it fails
 * the step although the callee succeeded; a failing callee fails the step. */
static void test_workflow_step_inputs_outputs(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(&r, desc, "caller", NULL, "[" EXEC_STATUS(200) "," EXEC_STATUS(200) "]");
    assert_string_equal(exec_status(&r), "failed");
    assert_string_equal(exec_trace_steps(&r), "fetch,call,fetch,strict");
    assert_int_equal(exec_int(r.result, "/outputs/id"), 5);
    assert_string_equal(exec_str(r.result, "/outputs/declared"), "yes");
    assert_false(exec_has(r.result, "/outputs/leak"));
    assert_false(exec_has(r.result, "/outputs/trace"));
    assert_int_equal(exec_int(r.result, "/outputs/viaWorkflows"), 5);
    assert_false(exec_has(r.result, "/outputs/status"));
    assert_string_equal(exec_req_url(&r, 0), "https://api.test/v1/things/5");
    assert_null(exec_req_header(&r, 0, "X-Trace"));
    assert_null(exec_req_header(&r, 0, "X-Leak"));
    /* The callee of `strict` succeeded; the step did not. */
    assert_string_equal(exec_str(r.result, "/steps/3/workflow"), "callee");
    assert_false(json_object_get_boolean(exec_at(r.result, "/steps/3/success")));
    assert_false(json_object_get_boolean(exec_at(r.result, "/steps/3/criteria/0/passed")));
    exec_run_clear(&r);

    /* A callee that fails fails the step (and, without actions, the caller). */
    exec_run_wf(&r, desc, "caller", NULL, "[{\"failure\": \"reset\"}]");
    assert_string_equal(exec_status(&r), "failed");
    assert_string_equal(exec_trace_steps(&r), "fetch,call");
    assert_false(json_object_get_boolean(exec_at(r.result, "/steps/1/success")));
    exec_run_clear(&r);
}

/* EXEC-71, EXEC-92, CMP-05: a workflow of the `arazzo` source, named by
 * $sourceDescriptions.lib.<id> in dependsOn and in a step, runs with its
 * own $inputs and $steps, its own components (X-Key from-lib) and its own
 * sources (resolved against lib/); the caller keeps its components. */
static void test_cross_document_workflow(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(&r, desc, "crossDocument", NULL,
                "[" EXEC_JSON(200, "{\"name\": \"dep\"}") "," EXEC_STATUS(200) "," EXEC_JSON(
                    200, "{\"name\": \"answer\"}") "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_string_equal(exec_trace_steps(&r), "get,local,get,remote");
    assert_string_equal(exec_req_url(&r, 0), "https://lib.test/api/items/1");
    assert_string_equal(exec_req_header(&r, 0, "X-Key"), "from-lib");
    assert_string_equal(exec_req_url(&r, 1), "https://api.test/v1/things/1");
    assert_string_equal(exec_req_header(&r, 1, "X-Key"), "from-entry");
    assert_string_equal(exec_req_url(&r, 2), "https://lib.test/api/items/42");
    assert_string_equal(exec_req_header(&r, 2, "X-Key"), "from-lib");
    assert_string_equal(exec_str(r.result, "/outputs/name"), "answer");
    assert_true(
        ends_with(exec_str(r.result, "/outputs/itemsUrl"), "/engine/tests/data/exec/lib-api.yaml"));
    /* $workflows holds the latest run of fetchItem. */
    assert_string_equal(exec_str(r.result, "/outputs/dependency"), "answer");
    exec_run_clear(&r);

    exec_run_wf(&r, desc, "gotoOtherDocument", NULL,
                "[" EXEC_STATUS(200) "," EXEC_JSON(200, "{\"name\": \"went\"}") "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_string_equal(exec_req_url(&r, 1), "https://lib.test/api/items/1");
    assert_string_equal(exec_req_header(&r, 1, "X-Key"), "from-lib");
    assert_string_equal(exec_str(r.result, "/outputs/name"), "went");
    exec_run_clear(&r);
}

/* EXEC-73, EXEC-52: workflows calling each other are not refused, but the
 * depth limit aborts the run with a clear message, nothing sent. */
static void test_recursion_depth_limit(void **state)
{
    (void)state;
    exec_cfg cfg = {.max_depth = 5};
    exec_run r;
    exec_run_cfg(&r, desc, "ping", NULL, "[]", &cfg);
    assert_int_equal(r.status, AZ_OK);
    assert_string_equal(exec_status(&r), "aborted");
    assert_non_null(strstr(exec_str(r.result, "/error"), "nest deeper than 5"));
    /* Trace entries are added when a step ends: the innermost first. */
    assert_string_equal(exec_trace_steps(&r),
                        "callPing,callPong,callPing,callPong,callPing,callPong");
    assert_int_equal(exec_count_events(&r, "workflow-started"), 7);
    exec_run_clear(&r);
}

/* EXEC-80, EXEC-82: a dependency's inputs (the dependent's) and outputs are
 * readable as $workflows.<id>.inputs/outputs by the dependent's steps and
 * outputs. */
static void test_workflows_expressions(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(&r, desc, "dependent", "{\"seed\": \"s1\"}",
                "[" EXEC_JSON(200, "{\"id\": 77}") "," EXEC_STATUS(200) "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_string_equal(exec_trace_steps(&r), "make,use");
    assert_string_equal(exec_req_url(&r, 1), "https://api.test/v1/things/77");
    assert_string_equal(exec_req_header(&r, 1, "X-Input"), "s1");
    assert_int_equal(exec_int(r.result, "/outputs/fromProvider"), 77);
    exec_run_clear(&r);
}

/* EXEC-81: the result holds the status, outputs, duration and a trace
 * entry per attempt with the request, the response, the criteria, the
 * action, the outputs and the success; events follow the same run. */
static void test_result_and_trace(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(
        &r, desc, "dependent", "{\"seed\": \"s1\"}",
        "[" EXEC_JSON(
            200,
            "{\"id\": 77}") ","
                            "{\"response\": {\"status\": 200, \"headers\": {\"X-Echo\": \"e\"}, "
                            "\"body\": \"done\"}}]");
    json_object *res = r.result;
    assert_string_equal(exec_str(res, "/workflowId"), "dependent");
    assert_true(json_object_is_type(exec_at(res, "/durationMs"), json_type_double));
    json_object *use = exec_at(res, "/steps/1");
    assert_string_equal(exec_str(use, "/workflowId"), "dependent");
    assert_string_equal(exec_str(use, "/stepId"), "use");
    assert_int_equal(exec_int(use, "/attempt"), 1);
    assert_string_equal(exec_str(use, "/request/method"), "GET");
    assert_string_equal(exec_str(use, "/request/url"), "https://api.test/v1/things/77");
    assert_string_equal(exec_str(use, "/request/headers/X-Input"), "s1");
    assert_true(exec_has(use, "/request/body"));
    assert_int_equal(exec_int(use, "/response/status"), 200);
    assert_string_equal(exec_str(use, "/response/headers/X-Echo"), "e");
    assert_string_equal(exec_str(use, "/response/body"), "done");
    assert_true(exec_has(use, "/response/timeMs"));
    assert_true(json_object_is_type(exec_at(use, "/criteria"), json_type_array));
    assert_true(exec_has(use, "/action"));
    assert_true(json_object_is_type(exec_at(use, "/outputs"), json_type_object));
    assert_true(json_object_get_boolean(exec_at(use, "/success")));
    assert_string_equal(exec_str(exec_at(res, "/steps/0"), "/workflowId"), "provider");
    /* Events in order, depth 1 for the dependency. */
    assert_string_equal(exec_str(r.events, "/0/kind"), "workflow-started");
    assert_string_equal(exec_str(r.events, "/0/workflow"), "dependent");
    assert_string_equal(exec_str(r.events, "/1/workflow"), "provider");
    assert_int_equal(exec_int(r.events, "/1/depth"), 1);
    size_t n = json_object_array_length(r.events);
    assert_string_equal(exec_str(json_object_array_get_idx(r.events, n - 1), "/kind"),
                        "workflow-finished");
    assert_string_equal(exec_str(json_object_array_get_idx(r.events, n - 1), "/status"),
                        "succeeded");
    exec_run_clear(&r);
}

/* EXEC-90 (STEP-03, STEP-04): with several openapi sources (the arazzo
 * source does not count) qualified operationIds and operationPaths pick
 * the operation and its source's server; a plain operationId is refused
 * before anything is sent. */
static void test_several_openapi_sources(void **state)
{
    (void)state;
    az_description *multi = exec_load("multi.arazzo.yaml");
    exec_run r;
    exec_run_wf(&r, multi, "qualified", NULL,
                "[" EXEC_STATUS(200) "," EXEC_STATUS(200) "," EXEC_STATUS(200) "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_string_equal(exec_req_url(&r, 0), "https://api.test/v1/flaky");
    assert_string_equal(exec_req_url(&r, 1), "https://root.test/r/root");
    assert_string_equal(exec_req_url(&r, 2), "https://op.test/o/path");
    assert_string_equal(exec_str(r.requests, "/2/method"), "POST");
    exec_run_clear(&r);

    exec_run_wf(&r, multi, "plain", NULL, "[" EXEC_STATUS(200) "]");
    assert_int_equal(r.status, AZ_ERR_INVALID);
    assert_int_equal(exec_n_requests(&r), 0);
    assert_string_equal(az_diags_get(r.diags, 0)->code, "run-reference-unresolved");
    exec_run_clear(&r);
    az_description_free(multi);
}

/* EXEC-91: $sourceDescriptions.<name>.url is the resolved absolute URL, not
 * the relative text written in the document. */
static void test_source_url_resolved(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(&r, desc, "urls", NULL, "[" EXEC_STATUS(200) "]");
    const char *api = exec_str(r.result, "/outputs/api");
    const char *lib = exec_str(r.result, "/outputs/lib");
    assert_true(ends_with(api, "/engine/tests/data/exec/api.yaml"));
    assert_true(ends_with(lib, "/engine/tests/data/exec/lib/lib.arazzo.yaml"));
    assert_true(api[0] == '/' || strstr(api, "://") != NULL);
    assert_true(lib[0] == '/' || strstr(lib, "://") != NULL);
    exec_run_clear(&r);
}

/* EXEC-93: a document listing itself as an arazzo source may call its own
 * workflows through $sourceDescriptions.<self>.<id> (decision: allowed,
 * the URL resolves to the same document). */
static void test_self_reference(void **state)
{
    (void)state;
    az_description *self = exec_load("self.arazzo.yaml");
    exec_run r;
    exec_run_wf(&r, self, "main", NULL, "[" EXEC_JSON(200, "{\"got\": \"me\"}") "]");
    assert_int_equal(r.status, AZ_OK);
    assert_string_equal(exec_status(&r), "succeeded");
    assert_string_equal(exec_trace_steps(&r), "get,viaSelf");
    assert_string_equal(exec_str(r.result, "/outputs/got"), "me");
    exec_run_clear(&r);
    az_description_free(self);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_workflow_step_inputs_outputs),
        cmocka_unit_test(test_cross_document_workflow),
        cmocka_unit_test(test_recursion_depth_limit),
        cmocka_unit_test(test_workflows_expressions),
        cmocka_unit_test(test_result_and_trace),
        cmocka_unit_test(test_several_openapi_sources),
        cmocka_unit_test(test_source_url_resolved),
        cmocka_unit_test(test_self_reference),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
