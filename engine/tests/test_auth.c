/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_auth.c - authentication from the OpenAPI description (docs/running.md
 * "Authentication"): credentials of az_run_opts.credentials applied by the
 * operation's security requirements - apiKey in header, query and cookie,
 * http bearer and basic, oauth2 clientCredentials with one token per run -
 * a step's own parameter winning, `security: []` getting nothing, the first
 * requirement whose schemes all have credentials chosen, unsupported
 * schemes warned about once, and every credential and token masked.
 * Fixture: data/auth/auth.arazzo.yaml; requests go to a replay script.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "engine_run_internal.h"
#include "exec_helpers.h"

#define AUTH_FIXTURE AZ_SOURCE_DIR "/engine/tests/data/auth/auth.arazzo.yaml"

/* Every scheme of the fixture with a credential. */
static const az_credential all_credentials[] = {
    {"keyHeader", "hdr-key-111"},
    {"keyQuery", "q key&2"},
    {"keyCookie", "cookie-333"},
    {"bearerAuth", "bearer-444"},
    {"refBearer", "refbearer-555"},
    {"basicAuth", "Aladdin:open sesame"},
    {"oauth", "client-id:client-secret-666"},
    {"oidc", "oidc-777"},
};
#define N_ALL (sizeof(all_credentials) / sizeof(all_credentials[0]))

/* Runs a workflow of the fixture with `credentials` against `script`. */
static void run_auth(exec_run *r, const char *workflow, const az_credential *credentials, size_t n,
                     const char *script)
{
    az_description *desc = exec_load_path(AUTH_FIXTURE);
    exec_cfg cfg = {.credentials = credentials, .n_credentials = n};
    exec_run_cfg(r, desc, workflow, NULL, script, &cfg);
    az_description_free(desc);
    if (r->status != AZ_OK || !r->result)
        fail_msg("az_run(%s) refused to run", workflow);
}

/* Tells whether a text occurs in the result or the events. */
static bool leaks(const exec_run *r, const char *text)
{
    const char *res = json_object_to_json_string_ext(r->result, JSON_C_TO_STRING_PLAIN);
    const char *ev = json_object_to_json_string_ext(r->events, JSON_C_TO_STRING_PLAIN);
    return strstr(res, text) || strstr(ev, text);
}

/* Base64 of RFC 4648 section 10's test vectors. */
static void test_base64(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"", ""},
        {"f", "Zg=="},
        {"fo", "Zm8="},
        {"foo", "Zm9v"},
        {"foob", "Zm9vYg=="},
        {"fooba", "Zm9vYmE="},
        {"foobar", "Zm9vYmFy"},
        {"Aladdin:open sesame", "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *out = az__base64_encode((const unsigned char *)cases[i][0], strlen(cases[i][0]));
        assert_non_null(out);
        assert_string_equal(out, cases[i][1]);
        free(out);
    }
}

/* apiKey in header, query (percent-encoded) and cookie (after the step's). */
static void test_api_keys(void **state)
{
    (void)state;
    exec_run r;
    run_auth(&r, "apikeys", all_credentials, N_ALL,
             "[" EXEC_STATUS(200) "," EXEC_STATUS(200) "," EXEC_STATUS(200) "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_int_equal(exec_n_requests(&r), 3);
    assert_string_equal(exec_req_header(&r, 0, "X-API-Key"), "hdr-key-111");
    assert_string_equal(exec_req_url(&r, 1), "https://api.test/v1/query?api_key=q%20key%262");
    assert_null(exec_req_header(&r, 1, "X-API-Key"));
    assert_string_equal(exec_req_header(&r, 2, "Cookie"), "lang=en; session=cookie-333");
    assert_false(leaks(&r, "hdr-key-111"));
    assert_false(leaks(&r, "q%20key%262"));
    assert_false(leaks(&r, "cookie-333"));
    exec_run_clear(&r);
}

/* http bearer, also through a $ref to the scheme. */
static void test_bearer(void **state)
{
    (void)state;
    exec_run r;
    run_auth(&r, "bearer", all_credentials, N_ALL, "[" EXEC_STATUS(200) "," EXEC_STATUS(200) "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_string_equal(exec_req_header(&r, 0, "Authorization"), "Bearer bearer-444");
    assert_string_equal(exec_req_header(&r, 1, "Authorization"), "Bearer refbearer-555");
    assert_false(leaks(&r, "bearer-444"));
    exec_run_clear(&r);
}

/* http basic: base64 of user:password. */
static void test_basic(void **state)
{
    (void)state;
    exec_run r;
    run_auth(&r, "basic", all_credentials, N_ALL, "[" EXEC_STATUS(200) "]");
    assert_string_equal(exec_req_header(&r, 0, "Authorization"),
                        "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    assert_false(leaks(&r, "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="));
    assert_false(leaks(&r, "open sesame"));
    exec_run_clear(&r);
}

/* oauth2 clientCredentials: one token request for two steps, then Bearer. */
static void test_oauth2_client_credentials(void **state)
{
    (void)state;
    exec_run r;
    run_auth(
        &r, "oauth", all_credentials, N_ALL,
        "[" EXEC_JSON(200, "{\"access_token\": \"tok-abc-888\", \"token_type\": \"Bearer\"}") "," EXEC_STATUS(
            200) "," EXEC_STATUS(200) "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_int_equal(exec_n_requests(&r), 3);
    json_object *token_req = json_object_array_get_idx(r.requests, 0);
    assert_string_equal(exec_str(token_req, "/method"), "POST");
    assert_string_equal(exec_req_url(&r, 0), "https://auth.test/token");
    assert_string_equal(exec_str(token_req, "/body"),
                        "grant_type=client_credentials&scope=read%20write");
    assert_string_equal(exec_req_header(&r, 0, "Content-Type"),
                        "application/x-www-form-urlencoded");
    assert_string_equal(exec_req_header(&r, 0, "Authorization"),
                        "Basic Y2xpZW50LWlkOmNsaWVudC1zZWNyZXQtNjY2");
    assert_string_equal(exec_req_header(&r, 1, "Authorization"), "Bearer tok-abc-888");
    assert_string_equal(exec_req_header(&r, 2, "Authorization"), "Bearer tok-abc-888");
    assert_false(leaks(&r, "tok-abc-888"));
    assert_false(leaks(&r, "client-secret-666"));
    exec_run_clear(&r);
}

/* A failed token request fails the step with a clear message. */
static void test_oauth2_token_failure(void **state)
{
    (void)state;
    exec_run r;
    run_auth(&r, "oauth", all_credentials, N_ALL,
             "[" EXEC_JSON(401, "{\"error\": \"invalid_client\"}") "]");
    assert_string_equal(exec_status(&r), "failed");
    assert_int_equal(exec_n_requests(&r), 1);
    const char *error = exec_str(r.result, "/steps/0/error");
    assert_non_null(strstr(error, "oauth2 token request of scheme 'oauth'"));
    assert_non_null(strstr(error, "HTTP 401"));
    exec_run_clear(&r);
}

/* The step's own Authorization header and query parameter win. */
static void test_step_parameter_wins(void **state)
{
    (void)state;
    exec_run r;
    run_auth(&r, "own", all_credentials, N_ALL, "[" EXEC_STATUS(200) "," EXEC_STATUS(200) "]");
    assert_string_equal(exec_req_header(&r, 0, "Authorization"), "Bearer mine");
    assert_string_equal(exec_req_url(&r, 1), "https://api.test/v1/query?api_key=mine");
    exec_run_clear(&r);
}

/* `security: []` gets nothing; without credentials nothing is applied. */
static void test_no_security(void **state)
{
    (void)state;
    exec_run r;
    run_auth(&r, "open", all_credentials, N_ALL, "[" EXEC_STATUS(200) "]");
    assert_null(exec_req_header(&r, 0, "Authorization"));
    assert_null(exec_req_header(&r, 0, "X-API-Key"));
    assert_string_equal(exec_req_url(&r, 0), "https://api.test/v1/open");
    exec_run_clear(&r);
    run_auth(&r, "apikeys", NULL, 0,
             "[" EXEC_STATUS(200) "," EXEC_STATUS(200) "," EXEC_STATUS(200) "]");
    assert_null(exec_req_header(&r, 0, "X-API-Key"));
    assert_string_equal(exec_req_url(&r, 1), "https://api.test/v1/query");
    exec_run_clear(&r);
}

/* A requirement missing one scheme's credential is skipped for the next. */
static void test_requirement_choice(void **state)
{
    (void)state;
    static const az_credential partial[] = {{"bearerAuth", "bearer-444"},
                                            {"basicAuth", "Aladdin:open sesame"}};
    exec_run r;
    run_auth(&r, "pair", partial, 2, "[" EXEC_STATUS(200) "]");
    assert_string_equal(exec_req_header(&r, 0, "Authorization"),
                        "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    assert_string_equal(exec_req_url(&r, 0), "https://api.test/v1/pair");
    exec_run_clear(&r);
    run_auth(&r, "pair", all_credentials, N_ALL, "[" EXEC_STATUS(200) "]");
    assert_string_equal(exec_req_header(&r, 0, "Authorization"), "Bearer bearer-444");
    assert_string_equal(exec_req_url(&r, 0), "https://api.test/v1/pair?api_key=q%20key%262");
    exec_run_clear(&r);
}

/* openIdConnect: one warning for the run, nothing applied. */
static void test_unsupported_scheme(void **state)
{
    (void)state;
    exec_run r;
    run_auth(&r, "oidc", all_credentials, N_ALL, "[" EXEC_STATUS(200) "," EXEC_STATUS(200) "]");
    assert_string_equal(exec_status(&r), "succeeded");
    assert_null(exec_req_header(&r, 0, "Authorization"));
    assert_null(exec_req_header(&r, 1, "Authorization"));
    size_t warned = 0;
    for (size_t i = 0; i < json_object_array_length(r.events); i++) {
        json_object *ev = json_object_array_get_idx(r.events, i);
        json_object *msg = exec_at(ev, "/message");
        warned += strcmp(exec_str(ev, "/kind"), "warning") == 0 && msg &&
                  strstr(json_object_get_string(msg), "security scheme 'oidc'") != NULL;
    }
    assert_int_equal(warned, 1);
    exec_run_clear(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base64),
        cmocka_unit_test(test_api_keys),
        cmocka_unit_test(test_bearer),
        cmocka_unit_test(test_basic),
        cmocka_unit_test(test_oauth2_client_credentials),
        cmocka_unit_test(test_oauth2_token_failure),
        cmocka_unit_test(test_step_parameter_wins),
        cmocka_unit_test(test_no_security),
        cmocka_unit_test(test_requirement_choice),
        cmocka_unit_test(test_unsupported_scheme),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
