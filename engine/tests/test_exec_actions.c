/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_exec_actions.c - checklist 5.4 to 5.7 through the replay transport:
 * which list of actions applies and which action in it (EXEC-30..33),
 * `end` (EXEC-40, EXEC-41), `goto` a step or a workflow (EXEC-50, EXEC-51,
 * EXEC-53), and `retry`: re-execution, delays and their cap, limits,
 * independent budgets, success after retries, detours through a step or a
 * workflow, counters per visit (EXEC-60..66).
 * Fixture: data/exec/actions.arazzo.yaml.
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
    desc = exec_load("actions.arazzo.yaml");
    return 0;
}

/* Releases the fixture. */
static int teardown(void **state)
{
    (void)state;
    az_description_free(desc);
    return 0;
}

/* EXEC-30, EXEC-32: after a success the success actions are scanned (not
 * the failure ones) and the first whose criteria all pass is executed even
 * when later ones match too; after a failure the failure actions are. */
static void test_first_matching_action(void **state)
{
    (void)state;
    static const struct {
        const char *script;
        const char *trace;
    } cases[] = {
        {"[" EXEC_JSON(200, "{\"go\": true}") "," EXEC_STATUS(200) "]", "decide,onOk"},
        {"[" EXEC_JSON(200, "{\"go\": false}") "," EXEC_STATUS(200) "]", "decide,onOther"},
        {"[" EXEC_STATUS(201) "," EXEC_STATUS(200) "]", "decide,onCreated"},
        {"[" EXEC_STATUS(500) "," EXEC_STATUS(200) "]", "decide,onFailed"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        exec_run r;
        exec_run_wf(&r, desc, "choosing", NULL, cases[i].script);
        assert_string_equal(exec_status(&r), "succeeded");
        assert_string_equal(exec_trace_steps(&r), cases[i].trace);
        exec_run_clear(&r);
    }
}

/* EXEC-31: a workflow action applies to a step without actions; a step
 * action overrides the workflow's of the same name (even when its criteria
 * fail - the workflow's is then not considered); other workflow actions
 * still apply after the step's. */
static void test_effective_action_list(void **state)
{
    (void)state;
    exec_run r;
    /* first: its skipToLast (299) fails, the workflow's skipToLast is
     * overridden, the workflow's stop (202) ends the workflow. */
    exec_run_wf(&r, desc, "inherited", NULL, "[" EXEC_STATUS(202) "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_string_equal(exec_trace_steps(&r), "first");
    assert_string_equal(exec_str(r.result, "/steps/0/action/name"), "stop");
    exec_run_clear(&r);
    /* first: 200 - no step action matches, the overridden workflow action
     * would go to last, so next is middle; middle inherits skipToLast. */
    exec_run_wf(&r, desc, "inherited", NULL,
                "[" EXEC_STATUS(200) "," EXEC_STATUS(200) "," EXEC_STATUS(200) "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_string_equal(exec_trace_steps(&r), "first,middle,last");
    assert_string_equal(exec_str(r.result, "/steps/1/action/name"), "skipToLast");
    assert_string_equal(exec_str(r.result, "/steps/1/action/target"), "last");
    exec_run_clear(&r);
}

/* EXEC-33: when no action matches, a success goes on with the next step
 * (the workflow succeeds after the last) and a failure ends the workflow
 * as failed without running the later steps. */
static void test_no_matching_action(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(&r, desc, "defaults", NULL,
                "[" EXEC_STATUS(200) "," EXEC_STATUS(200) "," EXEC_STATUS(200) "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_string_equal(exec_trace_steps(&r), "one,two,three");
    assert_null(exec_at(r.result, "/steps/0/action"));
    exec_run_clear(&r);

    exec_run_wf(&r, desc, "defaults", NULL, "[" EXEC_STATUS(500) "]");
    assert_string_equal(exec_status(&r), "failed");
    assert_string_equal(exec_trace_steps(&r), "one");
    assert_int_equal(exec_n_requests(&r), 1);
    assert_non_null(strstr(exec_str(r.result, "/error"), "step 'one' failed"));
    exec_run_clear(&r);
}

/* EXEC-40, EXEC-41: end stops the workflow (later steps not run) with the
 * outputs that resolve; after a success action it succeeded, after a
 * failure action it failed - outputs returned all the same. */
static void test_end(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(&r, desc, "ending", NULL, "[" EXEC_STATUS(200) "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_int_equal(exec_n_requests(&r), 1);
    assert_int_equal(exec_int(r.result, "/outputs/code"), 200);
    assert_false(exec_has(r.result, "/outputs/never"));
    exec_run_clear(&r);

    exec_run_wf(&r, desc, "ending", NULL, "[" EXEC_STATUS(500) "]");
    assert_string_equal(exec_status(&r), "failed");
    assert_int_equal(exec_n_requests(&r), 1);
    assert_int_equal(exec_int(r.result, "/outputs/code"), 500);
    assert_string_equal(exec_str(r.result, "/steps/0/action/type"), "end");
    exec_run_clear(&r);
}

/* EXEC-50: goto backwards makes a loop that runs until its criteria stop
 * matching; execution then goes on sequentially. */
static void test_goto_backwards(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(
        &r, desc, "polling", NULL,
        "[" EXEC_STATUS(200) "," EXEC_JSON(200, "{\"state\": \"running\"}") "," EXEC_JSON(
            200, "{\"state\": \"running\"}") "," EXEC_JSON(200,
                                                           "{\"state\": \"done\"}") ","
                                                                                    "" EXEC_STATUS(
                                                                                        200) "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_string_equal(exec_trace_steps(&r), "start,poll,poll,poll,after");
    assert_string_equal(exec_str(r.result, "/outputs/state"), "done");
    exec_run_clear(&r);
}

/* EXEC-51: goto a workflow - it runs with the current inputs, the current
 * workflow's remaining steps are skipped, and its status and outputs are
 * the current workflow's; a failing target fails the current workflow. */
static void test_goto_workflow(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(&r, desc, "transferring", "{\"who\": \"7\"}",
                "[" EXEC_STATUS(200) "," EXEC_JSON(200, "{\"got\": \"seven\"}") "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_string_equal(exec_str(r.result, "/workflowId"), "transferring");
    assert_string_equal(exec_trace_steps(&r), "first,there");
    assert_string_equal(exec_req_url(&r, 1), "https://api.test/v1/things/7");
    assert_string_equal(exec_str(r.result, "/outputs/got"), "seven");
    assert_string_equal(exec_str(r.result, "/outputs/who"), "7");
    assert_int_equal(json_object_object_length(exec_at(r.result, "/outputs")), 2);
    exec_run_clear(&r);

    exec_run_wf(&r, desc, "transferring", "{\"who\": \"7\"}",
                "[" EXEC_STATUS(500) "," EXEC_STATUS(500) "]");
    assert_string_equal(exec_status(&r), "failed");
    assert_string_equal(exec_trace_steps(&r), "first,bad");
    assert_string_equal(exec_str(r.result, "/outputs/reached"), "bad");
    exec_run_clear(&r);
}

/* EXEC-53: a goto chosen after a failure handles it: the workflow's status
 * is decided by what follows (here a success). */
static void test_goto_handles_failure(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(&r, desc, "handled", NULL, "[" EXEC_STATUS(500) "," EXEC_STATUS(200) "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_string_equal(exec_trace_steps(&r), "risky,recovery");
    assert_false(json_object_get_boolean(exec_at(r.result, "/steps/0/success")));
    exec_run_clear(&r);
}

/* EXEC-60, EXEC-61, EXEC-62: retryAfter waits before the next attempt (the
 * same step, same request); retryLimit absent allows exactly one retry,
 * retryLimit 0 none (the next failure action applies at once). */
static void test_retry_defaults(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(&r, desc, "retryDefaults", NULL,
                "[" EXEC_STATUS(500) "," EXEC_STATUS(500) "," EXEC_STATUS(500) "]");
    assert_string_equal(exec_status(&r), "failed");
    assert_string_equal(exec_trace_steps(&r), "once,once");
    assert_true(r.elapsed_s >= 0.19);
    assert_string_equal(exec_req_url(&r, 0), exec_req_url(&r, 1));
    exec_run_clear(&r);

    exec_run_wf(&r, desc, "retryDefaults", NULL,
                "[" EXEC_STATUS(500) "," EXEC_STATUS(200) "," EXEC_STATUS(500) "]");
    assert_string_equal(exec_status(&r), "failed");
    assert_string_equal(exec_trace_steps(&r), "once,once,never");
    assert_string_equal(exec_str(r.result, "/steps/2/action/name"), "giveUp");
    exec_run_clear(&r);
}

/* EXEC-61: a retryAfter or a Retry-After longer than the cap waits only
 * the cap; no delay given means no wait; a Retry-After HTTP-date already
 * past means no wait. */
static void test_retry_delay_cap(void **state)
{
    (void)state;
    exec_cfg cfg = {.set_retry_delay = true, .max_retry_delay_s = 0.05};
    exec_run r;
    exec_run_cfg(&r, desc, "retryCapped", NULL, "[" EXEC_STATUS(500) "," EXEC_STATUS(200) "]",
                 &cfg);
    assert_string_equal(exec_status(&r), "succeeded");
    assert_true(r.elapsed_s < 5);
    json_object *ev = NULL;
    for (size_t i = 0; i < json_object_array_length(r.events); i++)
        if (strcmp(exec_str(json_object_array_get_idx(r.events, i), "/kind"), "retry-scheduled") ==
            0)
            ev = json_object_array_get_idx(r.events, i);
    assert_non_null(ev);
    assert_true(json_object_get_double(exec_at(ev, "/delay")) <= 0.05);
    exec_run_clear(&r);

    exec_run_wf(&r, desc, "budgets", NULL, "[" EXEC_STATUS(500) "," EXEC_STATUS(200) "]");
    assert_true(r.elapsed_s < 0.5);
    exec_run_clear(&r);

    /* Retry-After: a long delta capped, an HTTP-date in the past no wait. */
    static const char *const headers[] = {"120", "Sun, 06 Nov 1994 08:49:37 GMT"};
    static const double delays[] = {0.05, 0};
    for (size_t k = 0; k < 2; k++) {
        char script[512];
        snprintf(script, sizeof(script),
                 "[{\"response\": {\"status\": 503, \"headers\": {\"Retry-After\": "
                 "\"%s\"}}}," EXEC_STATUS(200) "]",
                 headers[k]);
        exec_run_cfg(&r, desc, "budgets", NULL, script, &cfg);
        assert_string_equal(exec_status(&r), "succeeded");
        assert_true(r.elapsed_s < 5);
        for (size_t i = 0; i < json_object_array_length(r.events); i++) {
            json_object *e = json_object_array_get_idx(r.events, i);
            if (strcmp(exec_str(e, "/kind"), "retry-scheduled") == 0)
                assert_true(json_object_get_double(exec_at(e, "/delay")) == delays[k]);
        }
        assert_int_equal(exec_count_events(&r, "retry-scheduled"), 1);
        exec_run_clear(&r);
    }
}

/* EXEC-63, EXEC-64: once the first retry's budget is spent the next
 * matching action is taken - a second retry with its own budget - then
 * the goto; a success after retries takes the success actions. */
static void test_retry_budgets(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(&r, desc, "budgets", NULL,
                "[" EXEC_STATUS(503) "," EXEC_STATUS(503) "," EXEC_STATUS(503) "," EXEC_STATUS(
                    500) "," EXEC_STATUS(200) "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_string_equal(exec_trace_steps(&r), "call,call,call,call,fallback");
    assert_string_equal(exec_str(r.result, "/steps/0/action/name"), "on503");
    assert_string_equal(exec_str(r.result, "/steps/1/action/name"), "anyError");
    assert_string_equal(exec_str(r.result, "/steps/2/action/name"), "anyError");
    assert_string_equal(exec_str(r.result, "/steps/3/action/name"), "giveUp");
    assert_int_equal(exec_count_events(&r, "retry-scheduled"), 3);
    exec_run_clear(&r);

    exec_run_wf(&r, desc, "budgets", NULL, "[" EXEC_STATUS(503) "," EXEC_STATUS(200) "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_string_equal(exec_trace_steps(&r), "call,call");
    assert_string_equal(exec_str(r.result, "/steps/1/action/name"), "finished");
    exec_run_clear(&r);
}

/* EXEC-65: a retry with stepId runs that step first (its outputs visible
 * to the retried step), then the step again; with workflowId the workflow
 * runs first ($workflows.<id>.outputs visible). A failed detour uses the
 * retry, the step is not re-executed and the later failure actions are
 * considered (here a goto). */
static void test_retry_detours(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(
        &r, desc, "stepDetour", NULL,
        "[" EXEC_STATUS(401) "," EXEC_JSON(200, "{\"token\": \"T1\"}") "," EXEC_STATUS(200) "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_string_equal(exec_trace_steps(&r), "use,refresh,use");
    assert_null(exec_req_header(&r, 0, "Authorization"));
    assert_string_equal(exec_req_url(&r, 1), "https://api.test/v1/flaky");
    assert_string_equal(exec_req_header(&r, 2, "Authorization"), "T1");
    assert_string_equal(exec_str(r.result, "/steps/0/action/target"), "refresh");
    exec_run_clear(&r);

    exec_run_wf(
        &r, desc, "workflowDetour", NULL,
        "[" EXEC_STATUS(401) "," EXEC_JSON(200, "{\"token\": \"T2\"}") "," EXEC_STATUS(200) "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_string_equal(exec_trace_steps(&r), "use,getToken,use");
    assert_string_equal(exec_req_header(&r, 2, "Authorization"), "T2");
    exec_run_clear(&r);

    exec_run_wf(&r, desc, "stepDetour", NULL,
                "[" EXEC_STATUS(401) "," EXEC_STATUS(500) "," EXEC_STATUS(200) "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_string_equal(exec_trace_steps(&r), "use,refresh,recovered");
    exec_run_clear(&r);

    exec_run_wf(&r, desc, "workflowDetour", NULL, "[" EXEC_STATUS(401) "," EXEC_STATUS(500) "]");
    assert_string_equal(exec_status(&r), "failed");
    assert_string_equal(exec_trace_steps(&r), "use,getToken");
    assert_int_equal(exec_n_requests(&r), 2);
    exec_run_clear(&r);
}

/* EXEC-66: the retry counter starts again each time goto re-enters the
 * step: the second visit may retry once more. */
static void test_retry_counters_per_visit(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(
        &r, desc, "revisited", NULL,
        "[" EXEC_STATUS(500) "," EXEC_STATUS(200) "," EXEC_JSON(
            200,
            "{\"again\": true}") "," EXEC_STATUS(500) "," EXEC_STATUS(200) "," EXEC_JSON(200,
                                                                                         "{\"again"
                                                                                         "\": "
                                                                                         "false}") "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_string_equal(exec_trace_steps(&r),
                        "flakyStep,flakyStep,check,flakyStep,flakyStep,check");
    assert_int_equal(exec_int(r.result, "/steps/3/attempt"), 1);
    assert_int_equal(exec_int(r.result, "/steps/4/attempt"), 2);
    exec_run_clear(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_matching_action),
        cmocka_unit_test(test_effective_action_list),
        cmocka_unit_test(test_no_matching_action),
        cmocka_unit_test(test_end),
        cmocka_unit_test(test_goto_backwards),
        cmocka_unit_test(test_goto_workflow),
        cmocka_unit_test(test_goto_handles_failure),
        cmocka_unit_test(test_retry_defaults),
        cmocka_unit_test(test_retry_delay_cap),
        cmocka_unit_test(test_retry_budgets),
        cmocka_unit_test(test_retry_detours),
        cmocka_unit_test(test_retry_counters_per_visit),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
