/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_exec_secrets.c - the secrets rules of docs/running.md (issue 5,
 * "Events"; checklist EXEC-81's trace without credentials): which inputs
 * (az_input_is_secret) and headers (az_header_is_secret) are secret, and
 * secret values masked as "***" in every event and in the result - URLs,
 * headers, bodies, outputs, messages - while the requests sent carry the
 * real values; masking off shows them; tokens a response hands out and
 * outputs named like secrets are secrets from then on
 * (az__name_holds_secret). Fixture: data/exec/secrets.arazzo.yaml.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "engine_run_internal.h"
#include "exec_helpers.h"

/* Secret inputs: by name (any case, anywhere in it) or format: password. */
static void test_input_is_secret(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        const char *schema; /* JSON or NULL */
        bool secret;
    } cases[] = {
        {"accessToken", NULL, true},
        {"TOKEN", NULL, true},
        {"clientSecret", NULL, true},
        {"password", NULL, true},
        {"db_passwd", NULL, true},
        {"apiKey", NULL, true},
        {"x_api_key", NULL, true},
        {"my-api-key", NULL, true},
        {"credentials", NULL, true},
        {"pin", "{\"type\": \"string\", \"format\": \"password\"}", true},
        {"pin", "{\"type\": \"string\"}", false},
        {"pin", "{\"format\": \"email\"}", false},
        {"user", NULL, false},
        {"key", NULL, false},
        {"author", NULL, false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        json_object *schema = cases[i].schema ? json_tokener_parse(cases[i].schema) : NULL;
        if (az_input_is_secret(cases[i].name, schema) != cases[i].secret)
            fail_msg("az_input_is_secret(%s, %s) != %d", cases[i].name,
                     cases[i].schema ? cases[i].schema : "NULL", cases[i].secret);
        json_object_put(schema);
    }
}

/* Secret headers: the credential headers and names with api-key, apikey,
 * token, secret or auth, without case. */
static void test_header_is_secret(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        bool secret;
    } cases[] = {
        {"Authorization", true}, {"proxy-authorization", true},
        {"Cookie", true},        {"SET-COOKIE", true},
        {"X-Api-Key", true},     {"X-APIKEY", true},
        {"X-Auth-Token", true},  {"X-Client-Secret", true},
        {"Content-Type", false}, {"X-Pin", false},
        {"Accept", false},       {"Cookies-Policy", false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        if (az_header_is_secret(cases[i].name) != cases[i].secret)
            fail_msg("az_header_is_secret(%s) != %d", cases[i].name, cases[i].secret);
}

/* The replay answers with the secrets echoed back in a body and headers. */
#define SECRET_SCRIPT                                                                              \
    "[{\"response\": {\"status\": 200, \"headers\": {\"Content-Type\": \"application/json\", "     \
    "\"Set-Cookie\": \"sid=plain\", \"X-Echo\": \"tok-0123456789\"}, \"body\": {\"echo\": "        \
    "\"tok-0123456789 and 98765\"}}}]"

#define SECRET_INPUTS "{\"apiToken\": \"tok-0123456789\", \"pin\": \"98765\", \"user\": \"ann\"}"

/* Secret values never leave the engine unmasked (events and result), while
 * the request sent carries them; a credential header is "***" whole. */
static void test_masked_everywhere(void **state)
{
    (void)state;
    az_description *desc = exec_load("secrets.arazzo.yaml");
    exec_run r;
    exec_run_wf(&r, desc, "login", SECRET_INPUTS, SECRET_SCRIPT);
    assert_string_equal(exec_status(&r), "failed"); /* its criterion mentions the echo */

    /* Sent for real. */
    assert_string_equal(exec_req_header(&r, 0, "Authorization"), "Bearer tok-0123456789");
    assert_string_equal(exec_req_header(&r, 0, "X-Pin"), "98765");
    assert_string_equal(exec_req_url(&r, 0), "https://api.test/v1/choices?code=98765");
    assert_non_null(strstr(exec_str(r.requests, "/0/body"), "98765"));

    /* Nowhere in what the engine reports. */
    const char *result = json_object_to_json_string(r.result);
    const char *events = json_object_to_json_string(r.events);
    static const char *const secrets[] = {"tok-0123456789", "98765"};
    for (size_t i = 0; i < 2; i++) {
        if (strstr(result, secrets[i]))
            fail_msg("'%s' in the result: %s", secrets[i], result);
        if (strstr(events, secrets[i]))
            fail_msg("'%s' in the events: %s", secrets[i], events);
    }
    json_object *step = exec_at(r.result, "/steps/0");
    assert_string_equal(exec_str(step, "/request/headers/Authorization"), "***");
    assert_string_equal(exec_str(step, "/request/headers/X-Pin"), "***");
    assert_string_equal(exec_str(step, "/request/url"), "https://api.test/v1/choices?code=***");
    assert_string_equal(exec_str(step, "/response/headers/Set-Cookie"), "***");
    assert_string_equal(exec_str(step, "/response/body/echo"), "*** and ***");
    assert_string_equal(exec_str(r.result, "/outputs/echo"), "*** and ***");
    /* Not secret: shown. */
    assert_string_equal(exec_str(step, "/request/headers/X-User"), "ann");
    assert_string_equal(exec_str(r.result, "/outputs/user"), "ann");
    /* The events' request and response too. */
    bool saw_request = false;
    for (size_t i = 0; i < json_object_array_length(r.events); i++) {
        json_object *ev = json_object_array_get_idx(r.events, i);
        if (strcmp(exec_str(ev, "/kind"), "request-sent") != 0)
            continue;
        saw_request = true;
        assert_string_equal(exec_str(ev, "/request/headers/Authorization"), "***");
        assert_non_null(strstr(exec_str(ev, "/request/body"), "***"));
    }
    assert_true(saw_request);
    exec_run_clear(&r);

    /* mask_secrets off: the values are shown. */
    exec_cfg cfg = {.no_mask = true};
    exec_run_cfg(&r, desc, "login", SECRET_INPUTS, SECRET_SCRIPT, &cfg);
    assert_string_equal(exec_str(r.result, "/steps/0/request/headers/Authorization"),
                        "Bearer tok-0123456789");
    assert_string_equal(exec_str(r.result, "/outputs/echo"), "tok-0123456789 and 98765");
    exec_run_clear(&r);
    az_description_free(desc);
}

/* The secret inputs of a sub-workflow are masked from its start on: its
 * request's URL carries the real value, its trace entry and events "***". */
static void test_masked_sub_workflow_inputs(void **state)
{
    (void)state;
    az_description *desc = exec_load("secrets.arazzo.yaml");
    exec_run r;
    exec_run_wf(&r, desc, "outer", NULL,
                "[" EXEC_JSON(200, "{\"issued\": \"sess-4242\"}") "," EXEC_STATUS(200) "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_string_equal(exec_req_url(&r, 1), "https://api.test/v1/search?q=sess-4242");
    assert_string_equal(exec_trace_steps(&r), "obtain,use,delegate");
    assert_string_equal(exec_str(r.result, "/steps/1/request/url"),
                        "https://api.test/v1/search?q=***");
    for (size_t i = 0; i < json_object_array_length(r.events); i++) {
        json_object *ev = json_object_array_get_idx(r.events, i);
        if (strcmp(exec_str(ev, "/kind"), "request-sent") == 0 &&
            strcmp(exec_str(ev, "/step"), "use") == 0)
            assert_string_equal(exec_str(ev, "/request/url"), "https://api.test/v1/search?q=***");
    }
    exec_run_clear(&r);
    az_description_free(desc);
}

/* Names that hold secret values in responses and outputs. */
static void test_name_holds_secret(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        bool secret;
    } cases[] = {
        {"access_token", true},  {"refreshToken", true},
        {"id-token", true},      {"TOKEN", true},
        {"client_secret", true}, {"password", true},
        {"apiKey", true},        {"credentials", true},
        {"token_type", false},   {"tokens", false},
        {"expires_in", false},   {"secretary", false},
        {"passwordHint", false}, {"", false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        if (az__name_holds_secret(cases[i].name) != cases[i].secret)
            fail_msg("az__name_holds_secret(%s) != %d", cases[i].name, cases[i].secret);
}

/* A token handed out by a response is masked in that response and in
 * everything after it; the requests carry the real value. */
static void test_masked_from_responses(void **state)
{
    (void)state;
    az_description *desc = exec_load("secrets.arazzo.yaml");
    exec_run r;
    exec_run_wf(&r, desc, "issued", NULL,
                "[" EXEC_JSON(200, "{\"access_token\": \"tok-9a8b7c\", \"token_type\": "
                                   "\"Bearer\", \"nested\": [{\"refresh_token\": "
                                   "\"ref-1234\"}]}") "," EXEC_STATUS(200) "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_string_equal(exec_req_url(&r, 1), "https://api.test/v1/search?q=tok-9a8b7c");
    assert_string_equal(exec_req_header(&r, 1, "X-Trace"), "Bearer");
    assert_string_equal(exec_str(r.result, "/steps/0/response/body/access_token"), "***");
    assert_string_equal(exec_str(r.result, "/steps/0/response/body/token_type"), "Bearer");
    assert_string_equal(exec_str(r.result, "/steps/0/response/body/nested/0/refresh_token"), "***");
    assert_string_equal(exec_str(r.result, "/steps/1/request/url"),
                        "https://api.test/v1/search?q=***");
    assert_string_equal(exec_str(r.result, "/outputs/accessToken"), "***");
    assert_string_equal(exec_str(r.result, "/outputs/kind"), "Bearer");
    const char *res = json_object_to_json_string_ext(r.result, JSON_C_TO_STRING_PLAIN);
    const char *ev = json_object_to_json_string_ext(r.events, JSON_C_TO_STRING_PLAIN);
    assert_null(strstr(res, "tok-9a8b7c"));
    assert_null(strstr(ev, "tok-9a8b7c"));
    assert_null(strstr(res, "ref-1234"));
    assert_null(strstr(ev, "ref-1234"));
    exec_run_clear(&r);
    az_description_free(desc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_input_is_secret),   cmocka_unit_test(test_header_is_secret),
        cmocka_unit_test(test_masked_everywhere), cmocka_unit_test(test_masked_sub_workflow_inputs),
        cmocka_unit_test(test_name_holds_secret), cmocka_unit_test(test_masked_from_responses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
