/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_run.c - the executor against the replay transport (no network):
 * parameters merged with Reusable components and serialized by the
 * operation's style (EXEC-20..22, PAR-06), payloads with expressions and
 * replacements (EXEC-23, PR-03), success criteria of several types
 * (EXEC-26), step and workflow outputs with undefined values left out
 * (EXEC-27, EXEC-80), retry with retryLimit and exhaustion falling through
 * to the next failure action (EXEC-60..63), Retry-After (EXEC-61), a goto
 * loop stopped by the step limit (EXEC-52), goto and end with step actions
 * overriding workflow actions by name (EXEC-31, EXEC-40, EXEC-50),
 * sub-workflows and dependsOn (EXEC-11, EXEC-70..72, EXEC-82), transport
 * failures (EXEC-24), inputs validated with defaults (EXEC-10), and
 * secrets masked in the result.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "exec_helpers.h"

#define DATA AZ_SOURCE_DIR "/engine/tests/data/run"

/* The description, loaded once for every test. */
static az_description *desc;

/* Loads the fixture. */
static int setup(void **state)
{
    (void)state;
    desc = exec_load_path(DATA "/flows.arazzo.yaml");
    return desc ? 0 : -1;
}

/* Releases the fixture. */
static int teardown(void **state)
{
    (void)state;
    az_description_free(desc);
    return 0;
}

/* A response of the replay script with a JSON body. */
#define JSON_RESPONSE(status, body)                                                                \
    "{\"response\": {\"status\": " #status                                                         \
    ", \"headers\": {\"Content-Type\": \"application/json\"}, \"body\": " body "}}"

/* EXEC-20..27, PR-03, REU-02, PAR-06: the basic flow and what was sent. */
static void test_basic(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(
        &r, desc, "basic", "{\"user\": \"ann\", \"token\": \"s3cr3t-token\"}",
        "[" JSON_RESPONSE(200, "{\"session\": \"abc\"}") ","
                                                         "{\"response\": {\"status\": 200, "
                                                         "\"headers\": {\"Content-Type\": "
                                                         "\"application/json\", \"X-Total\": "
                                                         "\"1\"}, \"body\": [{\"id\": 7, \"name\": "
                                                         "\"Rex\"}]}}]");
    assert_int_equal(r.status, AZ_OK);
    assert_string_equal(exec_str(r.result, "/status"), "succeeded");
    assert_string_equal(exec_str(r.result, "/outputs/session"), "abc");
    assert_string_equal(exec_str(r.result, "/outputs/first"), "Rex");
    json_object *missing = NULL;
    assert_int_equal(az_pointer_get(r.result, "/outputs/missing", &missing), AZ_ERR_NOT_FOUND);

    assert_int_equal(exec_n_requests(&r), 2);
    assert_string_equal(exec_str(r.requests, "/0/method"), "POST");
    assert_string_equal(exec_str(r.requests, "/0/url"), "https://api.test/v1/login");
    assert_string_equal(exec_str(r.requests, "/0/headers/Authorization"), "Bearer s3cr3t-token");
    assert_string_equal(exec_str(r.requests, "/0/headers/Content-Type"), "application/json");
    assert_string_equal(exec_str(r.requests, "/0/body"),
                        "{\"user\":\"ann\",\"note\":\"hello ann\",\"extra\":5}");
    assert_string_equal(exec_str(r.requests, "/1/method"), "GET");
    assert_string_equal(exec_str(r.requests, "/1/url"),
                        "https://api.test/v1/pets?tags=a,b&limit=5");
    assert_string_equal(exec_str(r.requests, "/1/headers/X-Session"), "abc");

    /* The token is masked everywhere in the result. */
    const char *text = json_object_to_json_string(r.result);
    assert_null(strstr(text, "s3cr3t-token"));
    assert_string_equal(exec_str(r.result, "/steps/0/request/headers/Authorization"), "***");

    /* Events: 2 steps, 3 criteria, 2 "next" actions. */
    assert_int_equal(exec_count_events(&r, "step-started"), 2);
    assert_int_equal(exec_count_events(&r, "request-sent"), 2);
    assert_int_equal(exec_count_events(&r, "criterion-evaluated"), 3);
    assert_int_equal(exec_count_events(&r, "action-chosen"), 2);
    assert_int_equal(exec_count_events(&r, "workflow-finished"), 1);
    exec_run_clear(&r);
}

/* EXEC-10: every violation listed before any request. */
static void test_inputs_invalid(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(&r, desc, "basic", "{\"user\": 3, \"limit\": \"x\"}", "[]");
    assert_int_equal(r.status, AZ_ERR_INVALID);
    assert_null(r.result);
    assert_int_equal(exec_n_requests(&r), 0);
    assert_true(az_diags_count(r.diags) >= 3);
    assert_string_equal(az_diags_get(r.diags, 0)->code, "run-input-invalid");
    exec_run_clear(&r);
}

/* EXEC-60..64: retries until a success. */
static void test_retry_then_success(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(
        &r, desc, "retrying", NULL,
        "[" JSON_RESPONSE(503, "{}") "," JSON_RESPONSE(503, "{}") "," JSON_RESPONSE(200, "{}") "]");
    assert_string_equal(exec_str(r.result, "/status"), "succeeded");
    assert_int_equal(exec_n_requests(&r), 3);
    assert_int_equal(json_object_get_int(json_object_object_get(
                         json_object_object_get(r.result, "outputs"), "status")),
                     200);
    assert_int_equal(exec_count_events(&r, "retry-scheduled"), 2);
    exec_run_clear(&r);
}

/* EXEC-62/63: retryLimit spent, the next failure action (end) applies. */
static void test_retry_exhausted(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(
        &r, desc, "retrying", NULL,
        "[" JSON_RESPONSE(503, "{}") "," JSON_RESPONSE(503, "{}") "," JSON_RESPONSE(503, "{}") "]");
    assert_string_equal(exec_str(r.result, "/status"), "failed");
    assert_int_equal(exec_n_requests(&r), 3);
    assert_string_equal(exec_str(r.result, "/steps/2/action/name"), "giveUp");
    assert_string_equal(exec_str(r.result, "/steps/2/action/type"), "end");
    exec_run_clear(&r);
}

/* EXEC-61: Retry-After overrules retryAfter. */
static void test_retry_after_header(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(&r, desc, "retrying", NULL,
                "[{\"response\": {\"status\": 503, \"headers\": {\"Retry-After\": "
                "\"0.3\"}}}," JSON_RESPONSE(200, "{}") "]");
    assert_string_equal(exec_str(r.result, "/status"), "succeeded");
    assert_true(r.elapsed_s >= 0.28);
    exec_run_clear(&r);
}

/* EXEC-52: a goto loop stopped by the step limit. */
static void test_goto_loop_limit(void **state)
{
    (void)state;
    exec_run r;
    exec_run_cfg(&r, desc, "looping", NULL,
                 "[" JSON_RESPONSE(200, "{}") "," JSON_RESPONSE(200, "{}") "," JSON_RESPONSE(
                     200, "{}") "," JSON_RESPONSE(200, "{}") "," JSON_RESPONSE(200, "{}") "]",
                 &(exec_cfg){.max_steps = 5});
    assert_string_equal(exec_str(r.result, "/status"), "aborted");
    assert_non_null(strstr(exec_str(r.result, "/error"), "--max-steps"));
    assert_int_equal(exec_n_requests(&r), 5);
    exec_run_clear(&r);
}

/* EXEC-31, EXEC-50, EXEC-40: the step's goto overrides the workflow's
 * action of the same name; steps in between are skipped; end stops. */
static void test_goto_and_end(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(
        &r, desc, "jumping", NULL,
        "[" JSON_RESPONSE(
            500,
            "{}") ","
                  "{\"request\": {\"method\": \"GET\", \"url\": \"https://api.test/v1/pets/42\"},"
                  " \"response\": {\"status\": 200}}]");
    assert_string_equal(exec_str(r.result, "/status"), "succeeded");
    assert_int_equal(exec_n_requests(&r), 2);
    assert_string_equal(exec_str(r.result, "/steps/0/action/target"), "middle");
    assert_string_equal(exec_str(r.result, "/steps/1/stepId"), "middle");
    exec_run_clear(&r);
}

/* EXEC-11, EXEC-70..72, EXEC-82: dependsOn runs the child once with the
 * parent's inputs (defaults apply), then the step calls it with its own. */
static void test_subworkflow_and_depends_on(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(&r, desc, "parent", NULL,
                "[{\"request\": {\"url\": \"https://api.test/v1/pets/1\"}, \"response\": "
                "{\"status\": 200, \"headers\": {\"Content-Type\": \"application/json\"}, "
                "\"body\": {\"name\": \"One\"}}},"
                "{\"request\": {\"url\": \"https://api.test/v1/pets/9\"}, \"response\": "
                "{\"status\": 200, \"headers\": {\"Content-Type\": \"application/json\"}, "
                "\"body\": {\"name\": \"Nine\"}}}]");
    assert_string_equal(exec_str(r.result, "/status"), "succeeded");
    assert_string_equal(exec_str(r.result, "/outputs/name"), "Nine");
    assert_int_equal(exec_n_requests(&r), 2);
    assert_int_equal(exec_count_events(&r, "workflow-finished"), 3);
    exec_run_clear(&r);
}

/* EXEC-24: no response - the step fails, $statusCode undefined, so the
 * retry (on 503) does not match and giveUp ends the workflow. */
static void test_transport_failure(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(&r, desc, "retrying", NULL, "[{\"failure\": \"timeout\"}]");
    assert_string_equal(exec_str(r.result, "/status"), "failed");
    assert_int_equal(exec_n_requests(&r), 1);
    assert_string_equal(exec_str(r.result, "/steps/0/action/name"), "giveUp");
    assert_non_null(exec_str(r.result, "/steps/0/error"));
    exec_run_clear(&r);
}

/* Ctrl-C (the cancel flag) stops the run between steps: aborted, with
 * what ran reported and nothing more sent. */
static void test_interrupted(void **state)
{
    (void)state;
    exec_run r;
    exec_run_cfg(&r, desc, "looping", NULL,
                 "[" JSON_RESPONSE(200, "{}") "," JSON_RESPONSE(200, "{}") "," JSON_RESPONSE(
                     200, "{}") "," JSON_RESPONSE(200, "{}") "]",
                 &(exec_cfg){.interrupt_after = 2});
    assert_string_equal(exec_str(r.result, "/status"), "aborted");
    assert_string_equal(exec_str(r.result, "/error"), "interrupted");
    assert_int_equal(exec_n_requests(&r), 2);
    assert_int_equal(json_object_array_length(json_object_object_get(r.result, "steps")), 2);
    exec_run_clear(&r);
}

/* An unknown workflow is a diagnostic with a suggestion. */
static void test_unknown_workflow(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(&r, desc, "retryng", NULL, "[]");
    assert_int_equal(r.status, AZ_ERR_INVALID);
    assert_non_null(strstr(az_diags_get(r.diags, 0)->message, "did you mean 'retrying'?"));
    exec_run_clear(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic),
        cmocka_unit_test(test_inputs_invalid),
        cmocka_unit_test(test_retry_then_success),
        cmocka_unit_test(test_retry_exhausted),
        cmocka_unit_test(test_retry_after_header),
        cmocka_unit_test(test_goto_loop_limit),
        cmocka_unit_test(test_goto_and_end),
        cmocka_unit_test(test_subworkflow_and_depends_on),
        cmocka_unit_test(test_transport_failure),
        cmocka_unit_test(test_interrupted),
        cmocka_unit_test(test_unknown_workflow),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
