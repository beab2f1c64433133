/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_contract.c - contract checks of operation steps (docs/running.md
 * "Contract checks", --check): the status declared by code, range or
 * default; the Content-Type declared, by exact type or range; a JSON body
 * validated against the response schema with every violation named; a
 * body that is not JSON; an operation without responses left unchecked;
 * warn leaving the step's success to its criteria, error failing it, off
 * recording nothing; one CHECK_EVALUATED event per check. Also the
 * openapi lookups the checks use (az_oas_response_for_status,
 * az_oas_media_for_type). Fixture: data/contract; requests go to a replay
 * script.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "engine_run_internal.h"
#include "exec_helpers.h"

#define CONTRACT_FIXTURE AZ_SOURCE_DIR "/engine/tests/data/contract/contract.arazzo.yaml"

static const az_check_level all_errors[AZ_N_CHECKS] = {AZ_CHECK_ERROR, AZ_CHECK_ERROR,
                                                       AZ_CHECK_ERROR};
static const az_check_level all_off[AZ_N_CHECKS] = {AZ_CHECK_OFF, AZ_CHECK_OFF, AZ_CHECK_OFF};

/* A replay exchange with a status, a Content-Type and a raw body. */
#define EXCHANGE(status, type, body)                                                               \
    "[{\"response\": {\"status\": " #status ", \"headers\": {\"Content-Type\": \"" type            \
    "\"}, \"body\": \"" body "\"}}]"

/* Runs workflow `wf` of the fixture against `script` with `levels`
 * (NULL: the defaults, all warn). */
static void run_contract(exec_run *r, const char *wf, const char *script,
                         const az_check_level *levels)
{
    az_description *desc = exec_load_path(CONTRACT_FIXTURE);
    exec_cfg cfg = {.checks = levels};
    exec_run_cfg(r, desc, wf, NULL, script, &cfg);
    az_description_free(desc);
    if (r->status != AZ_OK || !r->result)
        fail_msg("az_run(%s) refused to run", wf);
}

/* The checks recorded for the first step. */
static json_object *checks_of(const exec_run *r)
{
    return exec_at(r->result, "/steps/0/checks");
}

/* Asserts check i: its name, whether it passed, and a text its message holds. */
static void assert_check(const exec_run *r, size_t i, const char *name, bool passed,
                         const char *level, const char *text)
{
    json_object *c = json_object_array_get_idx(checks_of(r), i);
    assert_non_null(c);
    assert_string_equal(exec_str(c, "/check"), name);
    assert_string_equal(exec_str(c, "/level"), level);
    if (json_object_get_boolean(exec_at(c, "/passed")) != passed)
        fail_msg("check %s: passed should be %d: %s", name, passed, exec_str(c, "/message"));
    if (!strstr(exec_str(c, "/message"), text))
        fail_msg("check %s: message '%s' lacks '%s'", name, exec_str(c, "/message"), text);
}

/* A response that keeps the contract passes all three checks. */
static void test_all_pass(void **state)
{
    (void)state;
    exec_run r;
    run_contract(&r, "get",
                 EXCHANGE(200, "application/json; charset=utf-8",
                          "{\\\"id\\\": 7, \\\"name\\\": \\\"Rex\\\"}"),
                 NULL);
    assert_string_equal(exec_status(&r), "succeeded");
    assert_int_equal(json_object_array_length(checks_of(&r)), 3);
    assert_check(&r, 0, "status", true, "warn", "status 200 is declared");
    assert_check(&r, 1, "content-type", true, "warn", "is declared (as application/json)");
    assert_check(&r, 2, "schema", true, "warn", "matches the schema of 200 application/json");
    assert_int_equal(exec_count_events(&r, "check-evaluated"), 3);
    exec_run_clear(&r);
}

/* A body breaking its schema: each violation named; warn keeps the step's
 * success, error fails it. */
static void test_schema_violation(void **state)
{
    (void)state;
    const char *script = EXCHANGE(200, "application/json", "{\\\"id\\\": \\\"seven\\\"}");
    exec_run r;
    run_contract(&r, "get", script, NULL);
    assert_string_equal(exec_status(&r), "succeeded");
    assert_check(&r, 2, "schema", false, "warn", "the body does not match the schema of 200");
    assert_check(&r, 2, "schema", false, "warn", "/id: ");
    assert_check(&r, 2, "schema", false, "warn", "name");
    exec_run_clear(&r);

    run_contract(&r, "get", script, all_errors);
    assert_string_equal(exec_status(&r), "failed");
    assert_false(json_object_get_boolean(exec_at(r.result, "/steps/0/success")));
    assert_check(&r, 0, "status", true, "error", "declared");
    assert_check(&r, 2, "schema", false, "error", "/id: ");
    exec_run_clear(&r);
}

/* The status matched by range (4XX) and default; an undeclared one. */
static void test_status(void **state)
{
    (void)state;
    exec_run r;
    run_contract(&r, "get",
                 EXCHANGE(404, "application/problem+json", "{\\\"title\\\": \\\"no pet\\\"}"),
                 all_errors);
    assert_string_equal(exec_status(&r), "succeeded");
    assert_check(&r, 0, "status", true, "error", "status 404 is declared (as 4XX)");
    assert_check(&r, 2, "schema", true, "error", "4XX application/problem+json");
    exec_run_clear(&r);

    /* default declares no content: an empty body needs no content check. */
    run_contract(&r, "get", "[" EXEC_STATUS(503) "]", all_errors);
    assert_string_equal(exec_status(&r), "succeeded");
    assert_int_equal(json_object_array_length(checks_of(&r)), 1);
    assert_check(&r, 0, "status", true, "error", "(as default)");
    exec_run_clear(&r);

    run_contract(&r, "create", "[" EXEC_STATUS(500) "]", NULL);
    assert_string_equal(exec_status(&r), "succeeded");
    assert_int_equal(json_object_array_length(checks_of(&r)), 1);
    assert_check(&r, 0, "status", false, "warn",
                 "status 500 is not declared for createPet (declared: 201)");
    exec_run_clear(&r);
}

/* Content-Type: matched through a range; undeclared; missing; a body
 * where no content is declared. */
static void test_content_type(void **state)
{
    (void)state;
    exec_run r;
    run_contract(&r, "create",
                 EXCHANGE(201, "application/vnd.pet+json", "{\\\"id\\\": 1, \\\"name\\\": 2}"),
                 NULL);
    assert_check(&r, 1, "content-type", true, "warn", "(as application/*)");
    assert_check(&r, 2, "schema", false, "warn", "/name: ");
    exec_run_clear(&r);

    run_contract(&r, "get", EXCHANGE(200, "text/html", "<p>hi</p>"), all_errors);
    assert_string_equal(exec_status(&r), "failed");
    assert_int_equal(json_object_array_length(checks_of(&r)), 2);
    assert_check(&r, 1, "content-type", false, "error",
                 "Content-Type text/html is not declared for status 200 of getPet (declared: "
                 "application/json)");
    exec_run_clear(&r);

    run_contract(&r, "get", "[{\"response\": {\"status\": 200, \"body\": \"{}\"}}]", NULL);
    assert_check(&r, 1, "content-type", false, "warn", "no Content-Type header");
    exec_run_clear(&r);

    run_contract(&r, "get", EXCHANGE(500, "text/plain", "oops"), NULL);
    assert_check(&r, 1, "content-type", false, "warn",
                 "the response has a 4-byte body of type text/plain, but status default of "
                 "getPet declares no content");
    exec_run_clear(&r);
}

/* A JSON Content-Type whose body does not parse. */
static void test_not_json(void **state)
{
    (void)state;
    exec_run r;
    run_contract(&r, "get", EXCHANGE(200, "application/json", "{not json"), NULL);
    assert_check(&r, 2, "schema", false, "warn", "the body is not valid JSON");
    exec_run_clear(&r);
    /* A body that is a JSON string is JSON (and breaks the object schema). */
    run_contract(&r, "get", EXCHANGE(200, "application/json", "\\\"text\\\""), NULL);
    assert_check(&r, 2, "schema", false, "warn", "(root): ");
    exec_run_clear(&r);
}

/* No responses declared: nothing to check. Level off: nothing recorded. */
static void test_unchecked(void **state)
{
    (void)state;
    exec_run r;
    run_contract(&r, "ping", "[" EXEC_STATUS(204) "]", all_errors);
    assert_string_equal(exec_status(&r), "succeeded");
    assert_int_equal(json_object_array_length(checks_of(&r)), 0);
    exec_run_clear(&r);

    run_contract(&r, "get", EXCHANGE(418, "text/html", "x"), all_off);
    assert_string_equal(exec_status(&r), "succeeded");
    assert_int_equal(json_object_array_length(checks_of(&r)), 0);
    assert_int_equal(exec_count_events(&r, "check-evaluated"), 0);
    exec_run_clear(&r);
}

/* The lookups of the openapi module, on the fixture's operations. */
static void test_lookups(void **state)
{
    (void)state;
    az_description *desc = exec_load_path(CONTRACT_FIXTURE);
    const az_arazzo_doc *entry = az_description_entry(desc);
    const az_oas_operation *get = az_oas_index_find_id(entry->sources[0].index, "getPet");
    assert_non_null(get);
    assert_string_equal(az_oas_response_for_status(get, 200)->status, "200");
    assert_string_equal(az_oas_response_for_status(get, 499)->status, "4XX");
    assert_string_equal(az_oas_response_for_status(get, 201)->status, "default");
    assert_null(az_oas_response_for_status(get, 42));
    const az_oas_response *ok = az_oas_response_for_status(get, 200);
    assert_non_null(az_oas_media_for_type(ok->content, ok->n_content, " Application/JSON ;q=1"));
    assert_null(az_oas_media_for_type(ok->content, ok->n_content, "application/jsonx"));
    assert_null(az_oas_media_for_type(ok->content, ok->n_content, NULL));
    az_oas_media list[] = {{"*/*", {0}, NULL}, {"text/*", {0}, NULL}, {"text/plain", {0}, NULL}};
    assert_ptr_equal(az_oas_media_for_type(list, 3, "text/plain"), &list[2]);
    assert_ptr_equal(az_oas_media_for_type(list, 3, "text/csv"), &list[1]);
    assert_ptr_equal(az_oas_media_for_type(list, 3, "image/png"), &list[0]);
    assert_ptr_equal(az_oas_media_for_type(list, 2, "texts/plain"), &list[0]);
    assert_true(az_oas_media_is_json("application/merge-patch+json; charset=utf-8"));
    assert_true(az_oas_media_is_json("text/json"));
    assert_false(az_oas_media_is_json("application/jsonp"));
    assert_false(az_oas_media_is_json(NULL));
    az_description_free(desc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_pass), cmocka_unit_test(test_schema_violation),
        cmocka_unit_test(test_status),   cmocka_unit_test(test_content_type),
        cmocka_unit_test(test_not_json), cmocka_unit_test(test_unchecked),
        cmocka_unit_test(test_lookups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
