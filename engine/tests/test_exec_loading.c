/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_exec_loading.c - checklist 5.1 and 5.2 through the replay
 * transport: every reference resolved before the first request (EXEC-01),
 * choosing the workflow (EXEC-02), the server of an operation and its
 * override (EXEC-03), no automatic authentication (EXEC-04), the inputs
 * schema and its switch (EXEC-10), dependencies run once and a failing
 * one (EXEC-11), and 1.1-only fields left to validation (EXEC-12).
 * Fixtures: data/exec/loading.arazzo.yaml and single.arazzo.yaml.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "exec_helpers.h"

/* The fixture, loaded once. */
static az_description *desc;

/* Loads the fixture. */
static int setup(void **state)
{
    (void)state;
    desc = exec_load("loading.arazzo.yaml");
    return 0;
}

/* Releases the fixture. */
static int teardown(void **state)
{
    (void)state;
    az_description_free(desc);
    return 0;
}

/* EXEC-01: an unresolvable reference anywhere the run may go - a later
 * step's operation, a workflow step reached by goto, a sub-workflow's
 * operation, an action's or a dependency's workflow - stops the run
 * before the first request, with a diagnostic naming workflow and step. */
static void test_unresolvable_reference_sends_nothing(void **state)
{
    (void)state;
    static const struct {
        const char *workflow;
        const char *message; /* a part of the diagnostic */
    } cases[] = {
        {"unresolvedOperation", "step 'second': no operation 'noSuchOperation'"},
        {"unresolvedWorkflow", "step 'later': no workflow 'noSuchWorkflow'"},
        {"unresolvedDeep", "workflow 'unresolvedOperation', step 'second'"},
        {"unresolvedAction", "no workflow 'noSuchWorkflow'"},
        {"unresolvedDependency", "workflow 'unresolvedDependency': no workflow"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        exec_run r;
        exec_run_wf(&r, desc, cases[i].workflow, NULL, "[" EXEC_STATUS(200) "]");
        assert_int_equal(r.status, AZ_ERR_INVALID);
        assert_null(r.result);
        assert_int_equal(exec_n_requests(&r), 0);
        assert_int_equal(json_object_array_length(r.events), 0);
        assert_int_equal(az_diags_count(r.diags), 1);
        const az_diag *d = az_diags_get(r.diags, 0);
        assert_string_equal(d->code, "run-reference-unresolved");
        if (!strstr(d->message, cases[i].message))
            fail_msg("%s: '%s' does not say '%s'", cases[i].workflow, d->message, cases[i].message);
        exec_run_clear(&r);
    }
}

/* EXEC-02: without a workflowId the only workflow runs; a document with
 * several needs one (a diagnostic, nothing sent). */
static void test_default_workflow(void **state)
{
    (void)state;
    az_description *single = exec_load("single.arazzo.yaml");
    exec_run r;
    exec_run_wf(&r, single, NULL, NULL, "[" EXEC_STATUS(200) "]");
    assert_int_equal(r.status, AZ_OK);
    assert_string_equal(exec_str(r.result, "/workflowId"), "only");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_int_equal(exec_n_requests(&r), 1);
    exec_run_clear(&r);
    az_description_free(single);

    exec_run_wf(&r, desc, NULL, NULL, "[" EXEC_STATUS(200) "]");
    assert_int_equal(r.status, AZ_ERR_INVALID);
    assert_null(r.result);
    assert_int_equal(exec_n_requests(&r), 0);
    assert_string_equal(az_diags_get(r.diags, 0)->code, "run-workflow-unknown");
    assert_non_null(strstr(az_diags_get(r.diags, 0)->message, "choose one"));
    exec_run_clear(&r);
}

/* EXEC-03: the operation's servers win over the path item's, which win
 * over the document's (first entry; variables at their defaults). */
static void test_server_precedence(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(&r, desc, "servers", NULL,
                "[" EXEC_STATUS(200) "," EXEC_STATUS(200) "," EXEC_STATUS(200) "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_int_equal(exec_n_requests(&r), 3);
    assert_string_equal(exec_req_url(&r, 0), "https://root.test/r/root");
    assert_string_equal(exec_req_url(&r, 1), "https://pathitem.test/p/path");
    assert_string_equal(exec_str(r.requests, "/1/method"), "GET");
    assert_string_equal(exec_req_url(&r, 2), "https://op.test/o/path");
    assert_string_equal(exec_str(r.requests, "/2/method"), "POST");
    exec_run_clear(&r);
}

/* EXEC-03: without servers the OpenAPI default "/" is relative, as is a
 * relative server URL of a local file: the step fails with an error that
 * asks for --server, and nothing is sent. An override replaces every
 * server of its source (a trailing '/' is not doubled). */
static void test_relative_server_and_override(void **state)
{
    (void)state;
    static const char *const workflows[] = {"noServers", "relativeServer"};
    for (size_t i = 0; i < 2; i++) {
        exec_run r;
        exec_run_wf(&r, desc, workflows[i], NULL, "[" EXEC_STATUS(200) "]");
        assert_int_equal(r.status, AZ_OK);
        assert_string_equal(exec_status(&r), "failed");
        assert_int_equal(exec_n_requests(&r), 0);
        const char *error = exec_str(r.result, "/steps/0/error");
        assert_non_null(strstr(error, "relative"));
        assert_non_null(strstr(error, "--server"));
        exec_run_clear(&r);
    }
    static const az_server_override servers[] = {{"none", "http://127.0.0.1:9/base/"},
                                                 {"rel", "https://bnpl.test/bnpl/v1"},
                                                 {"srv", "https://override.test"}};
    exec_cfg cfg = {.servers = servers, .n_servers = 3};
    exec_run r;
    exec_run_cfg(&r, desc, "noServers", NULL, "[" EXEC_STATUS(200) "]", &cfg);
    assert_string_equal(exec_status(&r), "succeeded");
    assert_string_equal(exec_req_url(&r, 0), "http://127.0.0.1:9/base/pets");
    exec_run_clear(&r);
    exec_run_cfg(&r, desc, "relativeServer", NULL, "[" EXEC_STATUS(200) "]", &cfg);
    assert_string_equal(exec_req_url(&r, 0), "https://bnpl.test/bnpl/v1/plans");
    exec_run_clear(&r);
    /* The override beats operation and path-item servers too. */
    exec_run_cfg(&r, desc, "servers", NULL,
                 "[" EXEC_STATUS(200) "," EXEC_STATUS(200) "," EXEC_STATUS(200) "]", &cfg);
    assert_string_equal(exec_req_url(&r, 0), "https://override.test/root");
    assert_string_equal(exec_req_url(&r, 1), "https://override.test/path");
    assert_string_equal(exec_req_url(&r, 2), "https://override.test/path");
    exec_run_clear(&r);
}

/* EXEC-04: the operation's (and the document's) security requirements add
 * no Authorization or API key header; an explicit header parameter does. */
static void test_no_automatic_auth(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(&r, desc, "noAutoAuth", "{\"key\": \"k-123\"}",
                "[" EXEC_STATUS(200) "," EXEC_STATUS(200) "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_int_equal(exec_n_requests(&r), 2);
    assert_null(exec_req_header(&r, 0, "Authorization"));
    assert_null(exec_req_header(&r, 0, "X-Api-Key"));
    assert_string_equal(exec_req_header(&r, 1, "Authorization"), "Bearer k-123");
    assert_null(exec_req_header(&r, 1, "X-Api-Key"));
    exec_run_clear(&r);
}

/* EXEC-10: inputs breaking the schema stop the run before any request
 * (every violation listed); with validation off the run goes ahead. */
static void test_inputs_schema_switch(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(&r, desc, "typedInputs", "{\"n\": \"seven\"}", "[" EXEC_STATUS(200) "]");
    assert_int_equal(r.status, AZ_ERR_INVALID);
    assert_int_equal(exec_n_requests(&r), 0);
    assert_string_equal(az_diags_get(r.diags, 0)->code, "run-input-invalid");
    exec_run_clear(&r);

    exec_run_wf(&r, desc, "typedInputs", "{}", "[" EXEC_STATUS(200) "]");
    assert_int_equal(r.status, AZ_ERR_INVALID);
    assert_int_equal(exec_n_requests(&r), 0);
    exec_run_clear(&r);

    exec_cfg cfg = {.no_validate = true};
    exec_run_cfg(&r, desc, "typedInputs", "{\"n\": \"seven\"}", "[" EXEC_STATUS(200) "]", &cfg);
    assert_int_equal(r.status, AZ_OK);
    assert_string_equal(exec_status(&r), "succeeded");
    assert_string_equal(exec_req_url(&r, 0), "https://api.test/v1/things/seven");
    exec_run_clear(&r);
}

/* az_run_check: the checks az_run makes before sending, without a
 * transport and without running (`arazzo run` checks every workflow
 * first). */
static void test_run_check(void **state)
{
    (void)state;
    az_diags *diags = az_diags_new();
    assert_int_equal(az_run_check(desc, "typedInputs", NULL, diags), AZ_ERR_INVALID);
    assert_string_equal(az_diags_get(diags, 0)->code, "run-input-invalid");
    az_diags_free(diags);

    diags = az_diags_new();
    json_object *good = json_tokener_parse("{\"n\": 7}");
    assert_int_equal(az_run_check(desc, "typedInputs", good, diags), AZ_OK);
    assert_int_equal(az_diags_count(diags), 0);
    json_object_put(good);
    az_diags_free(diags);

    diags = az_diags_new();
    assert_int_equal(az_run_check(desc, "unresolvedWorkflow", NULL, diags), AZ_ERR_INVALID);
    assert_string_equal(az_diags_get(diags, 0)->code, "run-reference-unresolved");
    az_diags_free(diags);

    diags = az_diags_new();
    assert_int_equal(az_run_check(desc, "noSuchWorkflow", NULL, diags), AZ_ERR_INVALID);
    assert_string_equal(az_diags_get(diags, 0)->code, "run-workflow-unknown");
    az_diags_free(diags);
}

/* EXEC-11: a dependency that fails fails the dependent workflow, whose
 * steps never run; the dependency's inputs are the dependent's. */
static void test_failing_dependency(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(&r, desc, "dependent", "{\"x\": 1}", "[" EXEC_STATUS(500) "]");
    assert_int_equal(r.status, AZ_OK);
    assert_string_equal(exec_status(&r), "failed");
    assert_non_null(strstr(exec_str(r.result, "/error"), "dependency 'failing'"));
    assert_int_equal(exec_n_requests(&r), 1);
    assert_string_equal(exec_trace_steps(&r), "broken");
    exec_run_clear(&r);
}

/* EXEC-11: a dependency reached twice (directly and through another
 * dependency) runs once; the dependencies run before the steps, in order. */
static void test_dependency_once(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(&r, desc, "diamond", NULL,
                "[" EXEC_STATUS(200) "," EXEC_STATUS(200) "," EXEC_STATUS(200) "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_string_equal(exec_trace_steps(&r), "bottom,mid,top");
    assert_int_equal(exec_n_requests(&r), 3);
    exec_run_clear(&r);
}

/* EXEC-12: the 1.1-only step fields `timeout` and `dependsOn` are the
 * validator's to report (test_validate_expr.c); a run ignores them: the
 * steps run in order, the timeout changes nothing. */
static void test_newer_fields_ignored(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(&r, desc, "newerFields", NULL,
                "[{\"response\": {\"status\": 200}}," EXEC_STATUS(200) "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_string_equal(exec_trace_steps(&r), "first,second");
    exec_run_clear(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unresolvable_reference_sends_nothing),
        cmocka_unit_test(test_default_workflow),
        cmocka_unit_test(test_server_precedence),
        cmocka_unit_test(test_relative_server_and_override),
        cmocka_unit_test(test_no_automatic_auth),
        cmocka_unit_test(test_inputs_schema_switch),
        cmocka_unit_test(test_run_check),
        cmocka_unit_test(test_failing_dependency),
        cmocka_unit_test(test_dependency_once),
        cmocka_unit_test(test_newer_fields_ignored),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
