/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_mock_script.c - the script mode of the mock server: the request
 * matcher on its own (method without case, path exactly, listed query
 * parameters and headers, JSON bodies compared semantically, string bodies
 * exactly, and the messages naming the first difference), then scripts
 * served over real HTTP: in sequence, by match, a mismatch answered 500
 * and logged, requests after the script, headers and a text body, a delay
 * and a dropped connection.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <arazzo/conformance.h>
#include <arazzo/engine.h>

#include "conformance_mock_internal.h"

/* Parses a JSON text the test wrote (new reference). */
static json_object *J(const char *text)
{
    json_object *v = json_tokener_parse(text);
    assert_non_null(v);
    return v;
}

/* Checks one request against a matcher; `why` NULL means it must match,
 * else the mismatch message must be `why`. */
static void check(const char *matcher, const char *method, const char *path, const char *query,
                  const char *headers, const char *body, const char *why)
{
    json_object *m = J(matcher), *q = J(query), *h = J(headers);
    az__mock_request req = {.method = method,
                            .path = path,
                            .query = q,
                            .headers = h,
                            .body = body,
                            .body_len = body ? strlen(body) : 0};
    char *got = NULL;
    bool ok = az__mock_request_matches(m, &req, &got);
    if (!why) {
        if (!ok)
            fail_msg("%s did not match: %s", matcher, got ? got : "?");
    } else {
        assert_false(ok);
        assert_non_null(got);
        assert_string_equal(got, why);
    }
    free(got);
    json_object_put(m);
    json_object_put(q);
    json_object_put(h);
}

/* Method, path, query and headers. */
static void test_match_request_line(void **state)
{
    (void)state;
    check("{}", "GET", "/a", "{}", "{}", NULL, NULL);
    check("{\"method\": \"post\", \"path\": \"/a\"}", "POST", "/a", "{}", "{}", NULL, NULL);
    check("{\"method\": \"POST\", \"path\": \"/a\"}", "GET", "/b", "{}", "{}", NULL,
          "expected POST /a, got GET /b");
    check("{\"path\": \"/a/\"}", "GET", "/a", "{}", "{}", NULL, "expected GET /a/, got GET /a");
    check("{\"query\": {\"n\": 5, \"m\": \"x y\"}}", "GET", "/a",
          "{\"n\": \"5\", \"m\": \"x y\", \"other\": \"1\"}", "{}", NULL, NULL);
    check("{\"query\": {\"n\": \"5\"}}", "GET", "/a", "{}", "{}", NULL,
          "query parameter 'n': expected '5', got none");
    check("{\"query\": {\"n\": \"5\"}}", "GET", "/a", "{\"n\": \"6\"}", "{}", NULL,
          "query parameter 'n': expected '5', got '6'");
    check("{\"query\": {\"n\": [\"1\", \"2\"]}}", "GET", "/a", "{\"n\": [\"1\", \"2\"]}", "{}",
          NULL, NULL);
    check("{\"headers\": {\"authorization\": \"Bearer t\"}}", "GET", "/a", "{}",
          "{\"Authorization\": \"Bearer t\", \"Accept\": \"*/*\"}", NULL, NULL);
    check("{\"headers\": {\"X-A\": \"1\"}}", "GET", "/a", "{}", "{\"x-a\": \"2\"}", NULL,
          "header 'X-A': expected '1', got '2'");
    check("{\"headers\": {\"X-A\": \"1\"}}", "GET", "/a", "{}", "{}", NULL,
          "header 'X-A': expected '1', got none");
}

/* Bodies: JSON semantically, strings exactly. */
static void test_match_body(void **state)
{
    (void)state;
    check("{\"body\": {\"a\": 1, \"b\": [true, null]}}", "POST", "/", "{}", "{}",
          "{\"b\": [true, null], \"a\": 1.0}\n", NULL);
    check("{\"body\": {\"a\": 1}}", "POST", "/", "{}", "{}", "{\"a\": 2}",
          "body: expected {\"a\":1}, got {\"a\":2}");
    check("{\"body\": {\"a\": 1}}", "POST", "/", "{}", "{}", "a=1",
          "body: expected JSON {\"a\":1}, got \"a=1\"");
    check("{\"body\": {\"a\": 1}}", "POST", "/", "{}", "{}", NULL,
          "body: expected JSON {\"a\":1}, got an empty body");
    check("{\"body\": \"a=1&b=2\"}", "POST", "/", "{}", "{}", "a=1&b=2", NULL);
    check("{\"body\": \"a=1\"}", "POST", "/", "{}", "{}", "a=1 ",
          "body: expected \"a=1\", got \"a=1 \"");
    check("{\"body\": [1, 2]}", "POST", "/", "{}", "{}", "[1,2]", NULL);
}

/* A running script mock and a client. */
typedef struct fixture {
    az_mock *mock;
    az_transport *client;
} fixture;

/* Starts a script mock on the exchanges in `script` (a JSON text). */
static fixture start(const char *script, bool in_order)
{
    fixture f = {0};
    char *error = NULL;
    json_object *ex = J(script);
    if (az_mock_start_script(ex, in_order, NULL, &f.mock, &error) != AZ_OK)
        fail_msg("az_mock_start_script: %s", error ? error : "?");
    json_object_put(ex); /* the mock keeps a copy */
    az_curl_opts copts;
    az_curl_opts_init(&copts);
    copts.timeout_ms = 5000;
    f.client = az_transport_curl_new(&copts);
    assert_non_null(f.client);
    return f;
}

/* Stops the mock and frees the client. */
static void stop(fixture *f)
{
    az_transport_free(f->client);
    az_mock_stop(f->mock);
}

/* Sends one request; the caller clears the response. */
static az_http_response send_request(fixture *f, const char *method, const char *target,
                                     const char *body)
{
    static const az_http_header json_type[] = {{"Content-Type", "application/json"}};
    char url[512];
    snprintf(url, sizeof(url), "%s%s", az_mock_url(f->mock), target);
    az_http_request req = {method, url, json_type, body ? 1 : 0, body, body ? strlen(body) : 0, 0};
    az_http_response resp;
    assert_int_equal(az_transport_send(f->client, &req, &resp), AZ_OK);
    return resp;
}

/* Member `key` of log entry `i` as text ("" when missing). */
static const char *log_at(json_object *log, size_t i, const char *key)
{
    json_object *v = az_json_get(json_object_array_get_idx(log, i), key);
    return v ? json_object_get_string(v) : "";
}

/* In sequence: answers, a mismatch (500, logged), then past the script. */
static void test_script_sequence(void **state)
{
    (void)state;
    fixture f =
        start("[{\"request\": {\"method\": \"POST\", \"path\": \"/a\", \"body\": {\"x\": 1}},"
              "  \"response\": {\"status\": 201, \"body\": {\"id\": 7}}},"
              " {\"request\": {\"method\": \"GET\", \"path\": \"/b\"},"
              "  \"response\": {\"body\": \"plain words\", \"headers\": {\"X-Y\": \"z\"}}}]",
              true);
    assert_int_equal(az_mock_operation_count(f.mock), 2);
    az_http_response r = send_request(&f, "POST", "/a", "{ \"x\": 1.0 }");
    assert_int_equal(r.status, 201);
    assert_string_equal(r.body, "{\"id\":7}");
    assert_string_equal(az_http_header_get(r.headers, r.n_headers, "Content-Type"),
                        "application/json");
    az_http_response_clear(&r);
    r = send_request(&f, "GET", "/c?q=1", NULL);
    assert_int_equal(r.status, 500);
    assert_non_null(strstr(r.body, "request 2: expected GET /b, got GET /c"));
    az_http_response_clear(&r);
    r = send_request(&f, "GET", "/b", NULL); /* the third request: past the script */
    assert_int_equal(r.status, 500);
    assert_non_null(strstr(r.body, "the script has 2 exchanges"));
    az_http_response_clear(&r);

    json_object *log = az_mock_requests(f.mock);
    assert_int_equal(json_object_array_length(log), 3);
    assert_string_equal(log_at(log, 0, "exchange"), "1");
    assert_string_equal(log_at(log, 0, "status"), "201");
    assert_string_equal(log_at(log, 1, "mismatch"), "request 2: expected GET /b, got GET /c");
    assert_string_equal(log_at(log, 1, "exchange"), "2"); /* compared with, not met */
    assert_string_equal(json_object_get_string(az_json_get(
                            az_json_get(json_object_array_get_idx(log, 1), "query"), "q")),
                        "1");
    json_object_put(log);
    stop(&f);
}

/* By match: any order, each exchange once; headers and a text body. */
static void test_script_match(void **state)
{
    (void)state;
    fixture f = start("[{\"request\": {\"path\": \"/a\"}, \"response\": {\"body\": \"A\"}},"
                      " {\"request\": {\"path\": \"/b\"},"
                      "  \"response\": {\"body\": \"B\", \"headers\": {\"X-Y\": \"z\"}}}]",
                      false);
    az_http_response r = send_request(&f, "GET", "/b", NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "B");
    assert_string_equal(az_http_header_get(r.headers, r.n_headers, "X-Y"), "z");
    assert_string_equal(az_http_header_get(r.headers, r.n_headers, "Content-Type"), "text/plain");
    az_http_response_clear(&r);
    r = send_request(&f, "GET", "/b", NULL); /* used already */
    assert_int_equal(r.status, 500);
    assert_non_null(strstr(r.body, "matches no unused exchange"));
    az_http_response_clear(&r);
    r = send_request(&f, "GET", "/a", NULL);
    assert_int_equal(r.status, 200);
    az_http_response_clear(&r);
    stop(&f);
}

/* A delay is waited; a dropped connection gets no response. */
static void test_script_delay_and_drop(void **state)
{
    (void)state;
    fixture f = start("[{\"response\": {\"delay_ms\": 200, \"status\": 204}},"
                      " {\"response\": {\"drop\": true}}]",
                      true);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    az_http_response r = send_request(&f, "GET", "/slow", NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    assert_int_equal(r.status, 204);
    double ms = (double)(t1.tv_sec - t0.tv_sec) * 1000 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    assert_true(ms >= 190);
    az_http_response_clear(&r);
    r = send_request(&f, "GET", "/gone", NULL);
    if (r.status != 0)
        fail_msg("a dropped connection got %ld: %s", r.status, r.body);
    assert_int_not_equal(r.failure, AZ_HTTP_OK);
    az_http_response_clear(&r);
    json_object *log = az_mock_requests(f.mock);
    assert_int_equal(json_object_array_length(log), 2);
    assert_string_equal(log_at(log, 1, "dropped"), "true");
    json_object_put(log);
    stop(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_match_request_line),    cmocka_unit_test(test_match_body),
        cmocka_unit_test(test_script_sequence),       cmocka_unit_test(test_script_match),
        cmocka_unit_test(test_script_delay_and_drop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
