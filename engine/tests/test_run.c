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

#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <time.h>

#include "arazzo/run.h"

#define DATA AZ_SOURCE_DIR "/engine/tests/data/run"

/* The description, loaded once for every test. */
static az_description *desc;

/* Loads the fixture. */
static int setup(void **state)
{
    (void)state;
    az_diags *diags = az_diags_new();
    az_status st = az_description_load(DATA "/flows.arazzo.yaml", NULL, diags, &desc);
    int failed = st != AZ_OK || az_diags_count(diags) != 0;
    az_diags_free(diags);
    return failed ? -1 : 0;
}

/* Releases the fixture. */
static int teardown(void **state)
{
    (void)state;
    az_description_free(desc);
    return 0;
}

/* One run through a replay script: the result, the requests, the events. */
typedef struct run {
    json_object *result;
    json_object *requests; /* a copy of what the replay received */
    az_status status;
    az_diags *diags;
    size_t events[AZ_EVENT_WARNING + 1];
    /* Set to interrupt the run after this many finished steps (Ctrl-C). */
    size_t interrupt_after;
    volatile sig_atomic_t cancel;
} run;

/* Counts events by kind. */
static void count_event(void *user, const az_event *ev)
{
    run *r = user;
    r->events[ev->kind]++;
    if (ev->kind == AZ_EVENT_STEP_FINISHED && r->interrupt_after &&
        r->events[AZ_EVENT_STEP_FINISHED] == r->interrupt_after)
        r->cancel = 1;
}

/* Runs `workflow` with `inputs` (JSON text or NULL) against `script`. */
static void run_workflow(run *r, const char *workflow, const char *inputs, const char *script,
                         size_t max_steps)
{
    size_t interrupt_after = r->interrupt_after;
    memset(r, 0, sizeof(*r));
    r->interrupt_after = interrupt_after;
    json_object *s = json_tokener_parse(script);
    if (!s)
        fail_msg("bad test script: %s", script);
    az_transport *t = az_transport_replay_new(s);
    json_object_put(s);
    az_run_opts opts;
    az_run_opts_init(&opts);
    opts.transport = t;
    opts.on_event = count_event;
    opts.event_user = r;
    opts.cancel = &r->cancel;
    if (max_steps)
        opts.max_steps = max_steps;
    json_object *in = inputs ? json_tokener_parse(inputs) : NULL;
    r->diags = az_diags_new();
    r->status = az_run(desc, workflow, in, &opts, r->diags, &r->result);
    json_object_deep_copy(az_replay_requests(t), &r->requests, NULL);
    json_object_put(in);
    az_transport_free(t);
}

/* Releases a run. */
static void run_clear(run *r)
{
    json_object_put(r->result);
    json_object_put(r->requests);
    az_diags_free(r->diags);
}

/* Returns the string at a pointer of a value, or fails. */
static const char *string_at(json_object *root, const char *pointer)
{
    json_object *v = NULL;
    if (az_pointer_get(root, pointer, &v) != AZ_OK || !json_object_is_type(v, json_type_string))
        fail_msg("no string at %s in %s", pointer,
                 json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN));
    return json_object_get_string(v);
}

/* The number of requests the replay saw. */
static size_t n_requests(const run *r)
{
    return json_object_array_length(r->requests);
}

/* A response of the replay script with a JSON body. */
#define JSON_RESPONSE(status, body)                                                                \
    "{\"response\": {\"status\": " #status                                                         \
    ", \"headers\": {\"Content-Type\": \"application/json\"}, \"body\": " body "}}"

/* EXEC-20..27, PR-03, REU-02, PAR-06: the basic flow and what was sent. */
static void test_basic(void **state)
{
    (void)state;
    run r = {0};
    run_workflow(
        &r, "basic", "{\"user\": \"ann\", \"token\": \"s3cr3t-token\"}",
        "[" JSON_RESPONSE(200, "{\"session\": \"abc\"}") ","
                                                         "{\"response\": {\"status\": 200, "
                                                         "\"headers\": {\"Content-Type\": "
                                                         "\"application/json\", \"X-Total\": "
                                                         "\"1\"}, \"body\": [{\"id\": 7, \"name\": "
                                                         "\"Rex\"}]}}]",
        0);
    assert_int_equal(r.status, AZ_OK);
    assert_string_equal(string_at(r.result, "/status"), "succeeded");
    assert_string_equal(string_at(r.result, "/outputs/session"), "abc");
    assert_string_equal(string_at(r.result, "/outputs/first"), "Rex");
    json_object *missing = NULL;
    assert_int_equal(az_pointer_get(r.result, "/outputs/missing", &missing), AZ_ERR_NOT_FOUND);

    assert_int_equal(n_requests(&r), 2);
    assert_string_equal(string_at(r.requests, "/0/method"), "POST");
    assert_string_equal(string_at(r.requests, "/0/url"), "https://api.test/v1/login");
    assert_string_equal(string_at(r.requests, "/0/headers/Authorization"), "Bearer s3cr3t-token");
    assert_string_equal(string_at(r.requests, "/0/headers/Content-Type"), "application/json");
    assert_string_equal(string_at(r.requests, "/0/body"),
                        "{\"user\":\"ann\",\"note\":\"hello ann\",\"extra\":5}");
    assert_string_equal(string_at(r.requests, "/1/method"), "GET");
    assert_string_equal(string_at(r.requests, "/1/url"),
                        "https://api.test/v1/pets?tags=a,b&limit=5");
    assert_string_equal(string_at(r.requests, "/1/headers/X-Session"), "abc");

    /* The token is masked everywhere in the result. */
    const char *text = json_object_to_json_string(r.result);
    assert_null(strstr(text, "s3cr3t-token"));
    assert_string_equal(string_at(r.result, "/steps/0/request/headers/Authorization"), "***");

    /* Events: 2 steps, 3 criteria, 2 "next" actions. */
    assert_int_equal(r.events[AZ_EVENT_STEP_STARTED], 2);
    assert_int_equal(r.events[AZ_EVENT_REQUEST_SENT], 2);
    assert_int_equal(r.events[AZ_EVENT_CRITERION_EVALUATED], 3);
    assert_int_equal(r.events[AZ_EVENT_ACTION_CHOSEN], 2);
    assert_int_equal(r.events[AZ_EVENT_WORKFLOW_FINISHED], 1);
    run_clear(&r);
}

/* EXEC-10: every violation listed before any request. */
static void test_inputs_invalid(void **state)
{
    (void)state;
    run r = {0};
    run_workflow(&r, "basic", "{\"user\": 3, \"limit\": \"x\"}", "[]", 0);
    assert_int_equal(r.status, AZ_ERR_INVALID);
    assert_null(r.result);
    assert_int_equal(n_requests(&r), 0);
    assert_true(az_diags_count(r.diags) >= 3);
    assert_string_equal(az_diags_get(r.diags, 0)->code, "run-input-invalid");
    run_clear(&r);
}

/* EXEC-60..64: retries until a success. */
static void test_retry_then_success(void **state)
{
    (void)state;
    run r = {0};
    run_workflow(
        &r, "retrying", NULL,
        "[" JSON_RESPONSE(503, "{}") "," JSON_RESPONSE(503, "{}") "," JSON_RESPONSE(200, "{}") "]",
        0);
    assert_string_equal(string_at(r.result, "/status"), "succeeded");
    assert_int_equal(n_requests(&r), 3);
    assert_int_equal(json_object_get_int(json_object_object_get(
                         json_object_object_get(r.result, "outputs"), "status")),
                     200);
    assert_int_equal(r.events[AZ_EVENT_RETRY_SCHEDULED], 2);
    run_clear(&r);
}

/* EXEC-62/63: retryLimit spent, the next failure action (end) applies. */
static void test_retry_exhausted(void **state)
{
    (void)state;
    run r = {0};
    run_workflow(
        &r, "retrying", NULL,
        "[" JSON_RESPONSE(503, "{}") "," JSON_RESPONSE(503, "{}") "," JSON_RESPONSE(503, "{}") "]",
        0);
    assert_string_equal(string_at(r.result, "/status"), "failed");
    assert_int_equal(n_requests(&r), 3);
    assert_string_equal(string_at(r.result, "/steps/2/action/name"), "giveUp");
    assert_string_equal(string_at(r.result, "/steps/2/action/type"), "end");
    run_clear(&r);
}

/* EXEC-61: Retry-After overrules retryAfter. */
static void test_retry_after_header(void **state)
{
    (void)state;
    run r = {0};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    run_workflow(&r, "retrying", NULL,
                 "[{\"response\": {\"status\": 503, \"headers\": {\"Retry-After\": "
                 "\"0.3\"}}}," JSON_RESPONSE(200, "{}") "]",
                 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double elapsed = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    assert_string_equal(string_at(r.result, "/status"), "succeeded");
    assert_true(elapsed >= 0.28);
    run_clear(&r);
}

/* EXEC-52: a goto loop stopped by the step limit. */
static void test_goto_loop_limit(void **state)
{
    (void)state;
    run r = {0};
    run_workflow(&r, "looping", NULL,
                 "[" JSON_RESPONSE(200, "{}") "," JSON_RESPONSE(200, "{}") "," JSON_RESPONSE(
                     200, "{}") "," JSON_RESPONSE(200, "{}") "," JSON_RESPONSE(200, "{}") "]",
                 5);
    assert_string_equal(string_at(r.result, "/status"), "aborted");
    assert_non_null(strstr(string_at(r.result, "/error"), "--max-steps"));
    assert_int_equal(n_requests(&r), 5);
    run_clear(&r);
}

/* EXEC-31, EXEC-50, EXEC-40: the step's goto overrides the workflow's
 * action of the same name; steps in between are skipped; end stops. */
static void test_goto_and_end(void **state)
{
    (void)state;
    run r = {0};
    run_workflow(
        &r, "jumping", NULL,
        "[" JSON_RESPONSE(
            500,
            "{}") ","
                  "{\"request\": {\"method\": \"GET\", \"url\": \"https://api.test/v1/pets/42\"},"
                  " \"response\": {\"status\": 200}}]",
        0);
    assert_string_equal(string_at(r.result, "/status"), "succeeded");
    assert_int_equal(n_requests(&r), 2);
    assert_string_equal(string_at(r.result, "/steps/0/action/target"), "middle");
    assert_string_equal(string_at(r.result, "/steps/1/stepId"), "middle");
    run_clear(&r);
}

/* EXEC-11, EXEC-70..72, EXEC-82: dependsOn runs the child once with the
 * parent's inputs (defaults apply), then the step calls it with its own. */
static void test_subworkflow_and_depends_on(void **state)
{
    (void)state;
    run r = {0};
    run_workflow(&r, "parent", NULL,
                 "[{\"request\": {\"url\": \"https://api.test/v1/pets/1\"}, \"response\": "
                 "{\"status\": 200, \"headers\": {\"Content-Type\": \"application/json\"}, "
                 "\"body\": {\"name\": \"One\"}}},"
                 "{\"request\": {\"url\": \"https://api.test/v1/pets/9\"}, \"response\": "
                 "{\"status\": 200, \"headers\": {\"Content-Type\": \"application/json\"}, "
                 "\"body\": {\"name\": \"Nine\"}}}]",
                 0);
    assert_string_equal(string_at(r.result, "/status"), "succeeded");
    assert_string_equal(string_at(r.result, "/outputs/name"), "Nine");
    assert_int_equal(n_requests(&r), 2);
    assert_int_equal(r.events[AZ_EVENT_WORKFLOW_FINISHED], 3);
    run_clear(&r);
}

/* EXEC-24: no response - the step fails, $statusCode undefined, so the
 * retry (on 503) does not match and giveUp ends the workflow. */
static void test_transport_failure(void **state)
{
    (void)state;
    run r = {0};
    run_workflow(&r, "retrying", NULL, "[{\"failure\": \"timeout\"}]", 0);
    assert_string_equal(string_at(r.result, "/status"), "failed");
    assert_int_equal(n_requests(&r), 1);
    assert_string_equal(string_at(r.result, "/steps/0/action/name"), "giveUp");
    assert_non_null(string_at(r.result, "/steps/0/error"));
    run_clear(&r);
}

/* Ctrl-C (the cancel flag) stops the run between steps: aborted, with
 * what ran reported and nothing more sent. */
static void test_interrupted(void **state)
{
    (void)state;
    run r = {.interrupt_after = 2};
    run_workflow(&r, "looping", NULL,
                 "[" JSON_RESPONSE(200, "{}") "," JSON_RESPONSE(200, "{}") "," JSON_RESPONSE(
                     200, "{}") "," JSON_RESPONSE(200, "{}") "]",
                 0);
    assert_string_equal(string_at(r.result, "/status"), "aborted");
    assert_string_equal(string_at(r.result, "/error"), "interrupted");
    assert_int_equal(n_requests(&r), 2);
    assert_int_equal(json_object_array_length(json_object_object_get(r.result, "steps")), 2);
    run_clear(&r);
}

/* An unknown workflow is a diagnostic with a suggestion. */
static void test_unknown_workflow(void **state)
{
    (void)state;
    run r = {0};
    run_workflow(&r, "retryng", NULL, "[]", 0);
    assert_int_equal(r.status, AZ_ERR_INVALID);
    assert_non_null(strstr(az_diags_get(r.diags, 0)->message, "did you mean 'retrying'?"));
    run_clear(&r);
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
