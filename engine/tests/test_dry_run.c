/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_dry_run.c - az_run_opts.dry_run (--dry-run, docs/running.md "Dry
 * run"): every request is built and reported but none is sent (the replay
 * script is empty and receives nothing); each step runs once in order, no
 * action followed (a goto that would loop is ignored) and no criterion
 * evaluated; outputs are placeholders naming where the value would come
 * from, carried into later requests and into sub-workflows' and workflows'
 * outputs; an OAuth2 scheme gets a placeholder token without a token
 * request. Fixtures: data/dryrun, data/auth.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "engine_run_internal.h"
#include "exec_helpers.h"

#define DRYRUN_FIXTURE AZ_SOURCE_DIR "/engine/tests/data/dryrun/dryrun.arazzo.yaml"
#define AUTH_FIXTURE   AZ_SOURCE_DIR "/engine/tests/data/auth/auth.arazzo.yaml"

/* The chain: three requests reported, none sent, placeholders carried. */
static void test_chain(void **state)
{
    (void)state;
    az_description *desc = exec_load_path(DRYRUN_FIXTURE);
    exec_cfg cfg = {.dry_run = true};
    exec_run r;
    exec_run_cfg(&r, desc, "chain", NULL, "[]", &cfg);
    az_description_free(desc);
    assert_int_equal(r.status, AZ_OK);
    assert_string_equal(exec_status(&r), "succeeded");
    assert_true(json_object_get_boolean(exec_at(r.result, "/dryRun")));
    assert_int_equal(exec_n_requests(&r), 0);
    assert_int_equal(exec_count_events(&r, "request-sent"), 3);
    assert_int_equal(exec_count_events(&r, "response-received"), 0);
    assert_int_equal(exec_count_events(&r, "criterion-evaluated"), 0);
    assert_int_equal(exec_count_events(&r, "check-evaluated"), 0);
    /* create, read, ping (inside nested), nested: once each, in order. */
    assert_string_equal(exec_trace_steps(&r), "create,read,ping,nested");
    json_object *steps = exec_at(r.result, "/steps");
    for (size_t i = 0; i < json_object_array_length(steps); i++) {
        json_object *step = json_object_array_get_idx(steps, i);
        assert_true(json_object_get_boolean(exec_at(step, "/success")));
        assert_null(exec_at(step, "/response"));
    }
    assert_string_equal(exec_str(r.result, "/steps/1/request/url"),
                        "https://pets.test/pets/%7B%24steps.create.outputs.id%7D");
    assert_string_equal(exec_str(r.result, "/steps/0/outputs/id"), "{$steps.create.outputs.id}");
    assert_string_equal(exec_str(r.result, "/outputs/petId"), "{$steps.create.outputs.id}");
    assert_string_equal(exec_str(r.result, "/outputs/name"), "{$steps.read.outputs.name}");
    assert_string_equal(exec_str(r.result, "/outputs/pinged"), "{$steps.ping.outputs.status}");
    exec_run_clear(&r);
}

/* OAuth2: a placeholder token, no token request. */
static void test_oauth2_placeholder(void **state)
{
    (void)state;
    static const az_credential oauth[] = {{"oauth", "client-id:client-secret-666"}};
    az_description *desc = exec_load_path(AUTH_FIXTURE);
    exec_cfg cfg = {.dry_run = true, .credentials = oauth, .n_credentials = 1, .no_mask = true};
    exec_run r;
    exec_run_cfg(&r, desc, "oauth", NULL, "[]", &cfg);
    az_description_free(desc);
    assert_string_equal(exec_status(&r), "succeeded");
    assert_int_equal(exec_n_requests(&r), 0);
    assert_int_equal(exec_count_events(&r, "request-sent"), 2);
    assert_string_equal(exec_str(r.result, "/steps/1/request/headers/Authorization"),
                        "Bearer {oauth2 token of oauth}");
    exec_run_clear(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chain),
        cmocka_unit_test(test_oauth2_placeholder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
