/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_exec_steps.c - checklist 5.3 (operation steps) through the replay
 * transport: parameters merged by name and location (EXEC-20) and
 * evaluated again on each attempt (EXEC-21), query, header, cookie and
 * path serialization with null omitting a parameter (EXEC-22), request
 * bodies and their media type (EXEC-23), a response without a status
 * (EXEC-24), response headers without case and bodies by Content-Type
 * (EXEC-25), success without criteria (EXEC-26), outputs of failed
 * attempts (EXEC-27, EXEC-80) and a 302 not followed (EXEC-28).
 * Fixture: data/exec/steps.arazzo.yaml.
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
    desc = exec_load("steps.arazzo.yaml");
    return 0;
}

/* Releases the fixture. */
static int teardown(void **state)
{
    (void)state;
    az_description_free(desc);
    return 0;
}

/* EXEC-20: a step parameter replaces the workflow's with the same name and
 * `in` (header names without case), in the workflow entry's place; the same
 * name elsewhere is another parameter; a Reusable's `value` overrides the
 * component's. */
static void test_parameters_merged(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(&r, desc, "merged", NULL, "[" EXEC_STATUS(200) "," EXEC_STATUS(200) "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_int_equal(exec_n_requests(&r), 2);
    assert_string_equal(exec_req_url(&r, 0), "https://api.test/v1/search?q=from-step&page=1");
    assert_string_equal(exec_req_header(&r, 0, "X-Trace"), "from-step");
    assert_string_equal(exec_req_header(&r, 0, "q"), "same-name-other-place");
    assert_string_equal(exec_req_url(&r, 1), "https://api.test/v1/search?q=from-workflow&page=2");
    assert_string_equal(exec_req_header(&r, 1, "X-Trace"), "from-workflow");
    exec_run_clear(&r);
}

/* EXEC-21 (and EXEC-60): each attempt evaluates the parameters again, so a
 * retry sees the outputs the previous attempt stored. */
static void test_parameters_each_attempt(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(&r, desc, "reevaluated", NULL,
                "[" EXEC_JSON(503, "{\"n\": 1}") "," EXEC_JSON(503, "{\"n\": 2}") "," EXEC_JSON(
                    200, "{\"n\": 3}") "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_int_equal(exec_n_requests(&r), 3);
    assert_null(exec_req_header(&r, 0, "X-Previous")); /* undefined at first */
    assert_string_equal(exec_req_header(&r, 1, "X-Previous"), "1");
    assert_string_equal(exec_req_header(&r, 2, "X-Previous"), "2");
    for (size_t i = 0; i < 3; i++)
        assert_string_equal(exec_req_header(&r, i, "X-Fixed"), "fixed");
    exec_run_clear(&r);
}

/* EXEC-22 (PAR-04, PAR-06): query parameters percent-encoded and exploded
 * per the operation's style, a header from a number, cookies in one
 * Cookie header, null omitting a parameter, a path value encoded; a
 * required parameter not supplied warns; a path parameter without a value
 * fails the step naming it, nothing sent. */
static void test_request_building(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(&r, desc, "building", NULL, "[" EXEC_STATUS(200) "," EXEC_STATUS(200) "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_string_equal(exec_req_url(&r, 0),
                        "https://api.test/v1/search?q=a%20b%26c%2Fd&tags=x&tags=y");
    assert_string_equal(exec_req_header(&r, 0, "X-Trace"), "42");
    assert_string_equal(exec_req_header(&r, 0, "Cookie"), "session=abc; lang=en");
    size_t cookies = 0;
    json_object_object_foreach(exec_at(r.requests, "/0/headers"), name, value)
    {
        (void)value;
        cookies += strcasecmp(name, "Cookie") == 0;
    }
    assert_int_equal(cookies, 1);
    assert_string_equal(exec_req_url(&r, 1), "https://api.test/v1/things/a%2Fb%20c");
    /* $request.* sees what was sent. */
    assert_string_equal(exec_str(r.result, "/steps/0/request/url"), exec_req_url(&r, 0));
    exec_run_clear(&r);

    /* A required query, header or cookie parameter not supplied (or null):
     * a warning, and the request is sent all the same. */
    exec_run_wf(&r, desc, "missingRequired", NULL, "[" EXEC_STATUS(200) "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_int_equal(exec_n_requests(&r), 1);
    assert_int_equal(exec_count_events(&r, "warning"), 2);
    const char *warnings = json_object_to_json_string(r.events);
    assert_non_null(strstr(warnings, "requires query parameter 'from'"));
    assert_non_null(strstr(warnings, "requires cookie parameter 'sid'"));
    assert_null(strstr(warnings, "X-Tenant"));
    exec_run_clear(&r);

    exec_run_wf(&r, desc, "missingPath", NULL, "[" EXEC_STATUS(200) "]");
    assert_string_equal(exec_status(&r), "failed");
    assert_int_equal(exec_n_requests(&r), 0);
    assert_non_null(strstr(exec_str(r.result, "/steps/0/error"), "path parameter 'id'"));
    exec_run_clear(&r);
}

/* EXEC-23 (RB-03, RB-04): a form body encoded with the operation's
 * `encoding`; JSON chosen among several declared types; the step's
 * contentType wins; else the first declared type; no requestBody, no body
 * and no Content-Type. */
static void test_request_bodies(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(&r, desc, "bodies", "{\"v\": 7}",
                "[" EXEC_STATUS(200) "," EXEC_STATUS(200) "," EXEC_STATUS(200) "," EXEC_STATUS(
                    200) "," EXEC_STATUS(200) "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_int_equal(exec_n_requests(&r), 5);
    assert_string_equal(exec_req_header(&r, 0, "Content-Type"),
                        "application/x-www-form-urlencoded");
    assert_string_equal(exec_str(r.requests, "/0/body"), "name=a%20b&ids=1,2");
    assert_string_equal(exec_req_header(&r, 1, "Content-Type"), "application/json");
    assert_string_equal(exec_str(r.requests, "/1/body"), "{\"k\":\"v\"}");
    assert_string_equal(exec_req_header(&r, 2, "Content-Type"), "text/plain");
    assert_string_equal(exec_str(r.requests, "/2/body"), "plain words");
    assert_string_equal(exec_req_header(&r, 3, "Content-Type"), "application/xml");
    assert_string_equal(exec_str(r.requests, "/3/body"), "<a>7</a>");
    assert_null(exec_req_header(&r, 4, "Content-Type"));
    assert_true(json_object_is_type(exec_at(r.requests, "/4/body"), json_type_null) ||
                strcmp(exec_str(r.requests, "/4/body"), "") == 0);
    exec_run_clear(&r);
}

/* EXEC-24: no response - the step fails with the transport's message,
 * $statusCode is undefined (outputs left out, the trace's response null),
 * and the failure actions are still evaluated: the criteria-less retry
 * applies. */
static void test_transport_failure(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(&r, desc, "failedOutputs", NULL,
                "[{\"failure\": \"connect\"}, {\"failure\": \"reset\"}]");
    assert_string_equal(exec_status(&r), "failed");
    assert_int_equal(exec_n_requests(&r), 2);
    assert_string_equal(exec_str(r.result, "/steps/0/action/type"), "retry");
    assert_true(json_object_is_type(exec_at(r.result, "/steps/0/response"), json_type_null));
    assert_non_null(exec_str(r.result, "/steps/0/error"));
    assert_false(exec_has(r.result, "/outputs/code"));
    exec_run_clear(&r);
}

/* EXEC-25: response headers read without case; a JSON body (a +json type
 * with parameters) as a tree; XML and text bodies as strings, which a
 * JSON Pointer cannot read but a regex can. */
static void test_response_parsing(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(&r, desc, "responses", NULL,
                "[{\"response\": {\"status\": 200, \"headers\": {\"content-type\": "
                "\"application/vnd.x+json; charset=utf-8\", \"x-rate\": \"5\"}, \"body\": "
                "\"{\\\"v\\\": [1, 2]}\"}},"
                "{\"response\": {\"headers\": {\"Content-Type\": \"text/xml\"}, \"body\": "
                "\"<r><v>2</v></r>\"}},"
                "{\"response\": {\"headers\": {\"Content-Type\": \"text/plain\"}, \"body\": "
                "\"{\\\"looks\\\": \\\"like json\\\"}\"}}]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_string_equal(exec_str(r.result, "/outputs/rate"), "5");
    assert_int_equal(exec_int(r.result, "/outputs/v/1"), 2);
    assert_string_equal(exec_str(r.result, "/outputs/xml"), "<r><v>2</v></r>");
    assert_false(exec_has(r.result, "/outputs/xmlPointer"));
    assert_string_equal(exec_str(r.result, "/outputs/text"), "{\"looks\": \"like json\"}");
    assert_true(json_object_get_boolean(exec_at(r.result, "/steps/0/criteria/1/passed")));
    exec_run_clear(&r);
}

/* EXEC-26: without successCriteria a 500 is a success and the next step
 * runs; a transport failure is not. */
static void test_success_without_criteria(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(&r, desc, "noCriteria", NULL, "[" EXEC_STATUS(500) "," EXEC_STATUS(404) "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_int_equal(exec_n_requests(&r), 2);
    assert_true(json_object_get_boolean(exec_at(r.result, "/steps/0/success")));
    exec_run_clear(&r);

    exec_run_wf(&r, desc, "noCriteria", NULL, "[{\"failure\": \"timeout\"}]");
    assert_string_equal(exec_status(&r), "failed");
    assert_int_equal(exec_n_requests(&r), 1);
    assert_false(json_object_get_boolean(exec_at(r.result, "/steps/0/success")));
    exec_run_clear(&r);
}

/* EXEC-27, EXEC-80: outputs are computed after a failed attempt too, the
 * latest attempt overwrites the earlier one, undefined values are left
 * out, and the workflow's outputs are evaluated when a failure ends it. */
static void test_outputs_of_failed_attempts(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(
        &r, desc, "failedOutputs", NULL,
        "[" EXEC_JSON(500, "{\"msg\": \"first\"}") "," EXEC_JSON(502, "{\"msg\": \"second\"}") "]");
    assert_string_equal(exec_status(&r), "failed");
    assert_int_equal(exec_n_requests(&r), 2);
    assert_int_equal(exec_int(r.result, "/outputs/code"), 502);
    assert_string_equal(exec_str(r.result, "/outputs/msg"), "second");
    assert_false(exec_has(r.result, "/outputs/absent"));
    assert_string_equal(exec_str(r.result, "/steps/0/outputs/msg"), "first");
    assert_false(exec_has(r.result, "/steps/0/outputs/absent"));
    exec_run_clear(&r);
}

/* EXEC-28: a 302 is the step's response (the replay, like the libcurl
 * transport - test_transport.c - follows nothing): $statusCode is 302 and
 * $response.header.Location reads the target; one request only. */
static void test_redirect_not_followed(void **state)
{
    (void)state;
    exec_run r;
    exec_run_wf(&r, desc, "redirected", NULL,
                "[{\"response\": {\"status\": 302, \"headers\": {\"Location\": "
                "\"https://elsewhere.test/next\"}}}]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_int_equal(exec_n_requests(&r), 1);
    assert_string_equal(exec_str(r.result, "/outputs/location"), "https://elsewhere.test/next");
    assert_int_equal(exec_int(r.result, "/steps/0/response/status"), 302);
    exec_run_clear(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parameters_merged),
        cmocka_unit_test(test_parameters_each_attempt),
        cmocka_unit_test(test_request_building),
        cmocka_unit_test(test_request_bodies),
        cmocka_unit_test(test_transport_failure),
        cmocka_unit_test(test_response_parsing),
        cmocka_unit_test(test_success_without_criteria),
        cmocka_unit_test(test_outputs_of_failed_attempts),
        cmocka_unit_test(test_redirect_not_followed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
