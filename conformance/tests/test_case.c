/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_case.c - conformance cases: loading case.yaml (the fields, the
 * document resolved against the case folder, and each shape error at its
 * file:line:col), the executed-steps rule, and the runner on case 001 and
 * on broken copies of it whose failures must be named precisely.
 */
#define _DEFAULT_SOURCE /* mkdtemp */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arazzo/conformance.h>

#define CASE1 AZ_SOURCE_DIR "/conformance/cases/001-whatsapp-register"
#define SEED  CASE1 "/arazzo/whatsapp-register-phone-number-workflow.yml"

/* A temporary case folder holding one case.yaml. */
typedef struct tmp_case {
    char dir[64];
    char file[128];
} tmp_case;

/* Writes `text` as case.yaml of a new temporary folder. */
static tmp_case write_case(const char *text)
{
    tmp_case t;
    snprintf(t.dir, sizeof(t.dir), "/tmp/arazzo-test-case-XXXXXX");
    assert_non_null(mkdtemp(t.dir));
    snprintf(t.file, sizeof(t.file), "%s/case.yaml", t.dir);
    FILE *f = fopen(t.file, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return t;
}

/* Removes the temporary case. */
static void remove_case(const tmp_case *t)
{
    unlink(t->file);
    rmdir(t->dir);
}

/* Loads `text` as a case expecting failure, and checks that diagnostic
 * `i` is `code` at line:col with a message containing `words`. */
static void expect_error(const char *text, size_t i, const char *code, unsigned line, unsigned col,
                         const char *words)
{
    tmp_case t = write_case(text);
    az_diags *diags = az_diags_new();
    az_case *c = NULL;
    assert_int_not_equal(az_case_load(t.dir, diags, &c), AZ_OK);
    assert_null(c);
    if (az_diags_count(diags) <= i)
        fail_msg("only %zu diagnostics, wanted %s", az_diags_count(diags), code);
    const az_diag *d = az_diags_get(diags, i);
    if (strcmp(d->code, code) != 0 || d->line != line || d->column != col ||
        !strstr(d->message, words))
        fail_msg("got %s at %u:%u: %s; wanted %s at %u:%u with '%s'", d->code, d->line, d->column,
                 d->message, code, line, col, words);
    assert_non_null(strstr(d->file, "case.yaml"));
    az_diags_free(diags);
    remove_case(&t);
}

/* Case 001 loads with every field. */
static void test_load_case1(void **state)
{
    (void)state;
    az_diags *diags = az_diags_new();
    az_case *c = NULL;
    assert_int_equal(az_case_load(CASE1 "/case.yaml", diags, &c), AZ_OK);
    assert_string_equal(c->name, "001-whatsapp-register");
    assert_non_null(strstr(c->document, "/001-whatsapp-register/arazzo/whatsapp-register"));
    assert_int_equal(c->document[0], '/');
    assert_string_equal(c->workflow, "register-phone-number");
    assert_int_equal(json_object_array_length(c->exchanges), 3);
    assert_true(c->in_order);
    assert_int_equal(c->exit, 0);
    assert_string_equal(c->status, "succeeded");
    assert_false(c->requests_prefix);
    assert_int_equal(json_object_array_length(c->steps), 3);
    az_case_free(c);
    az_diags_free(diags);
}

/* Shape errors, each at its place. */
static void test_load_errors(void **state)
{
    (void)state;
    expect_error("title: x\n", 0, "case-missing", 1, 1, "no 'document'");
    expect_error("document: " SEED "\nexchange: []\n", 0, "case-unknown-key", 2, 1,
                 "unknown key 'exchange' in the case");
    expect_error("document: " SEED "\nexchanges:\n  - request: {method: 5}\n", 0, "case-type", 3,
                 23, "'method' must be a string, not a number");
    expect_error("document: " SEED "\nexchanges:\n  - respons: {}\n", 0, "case-unknown-key", 3, 5,
                 "unknown key 'respons' in an exchange");
    expect_error("document: " SEED "\norder: random\n", 0, "case-type", 2, 8,
                 "'order' must be sequence or match, not 'random'");
    expect_error("document: " SEED "\nexpect: {exit: '0'}\n", 0, "case-type", 2, 16,
                 "'exit' must be a whole number, not a string");
    expect_error("document: " SEED "\nexpect: {requests: all}\n", 0, "case-type", 2, 20,
                 "exact or prefix");
    expect_error("document: nowhere.yaml\n", 0, "case-document", 1, 11,
                 "cannot read document 'nowhere.yaml'");
    expect_error("document: " SEED "\nexchanges:\n  - request: {path: /a?b=1}\n", 0, "case-type", 3,
                 21, "without the query");
    expect_error("- a\n", 0, "case-type", 1, 1, "a case must be a mapping");
}

/* Makes a run result {"steps": [...]} from "wf/step/attempt" triples. */
static json_object *run_of(const char *const *steps, size_t n)
{
    json_object *run = json_object_new_object(), *list = json_object_new_array();
    for (size_t i = 0; i < n; i++) {
        char wf[32], step[32];
        int attempt;
        assert_int_equal(sscanf(steps[i], "%31[^/]/%31[^/]/%d", wf, step, &attempt), 3);
        json_object *s = json_object_new_object();
        json_object_object_add(s, "workflowId", json_object_new_string(wf));
        json_object_object_add(s, "stepId", json_object_new_string(step));
        json_object_object_add(s, "attempt", json_object_new_int(attempt));
        json_object_array_add(list, s);
    }
    json_object_object_add(run, "steps", list);
    return run;
}

/* Executed steps: retries collapse to their final attempt, revisits stay. */
static void test_executed_steps(void **state)
{
    (void)state;
    static const char *const steps[] = {"w/a/1", "w/b/1", "w/b/2", "w/b/3",
                                        "w/a/1", "s/a/1", "w/c/1"};
    json_object *run = run_of(steps, 7);
    json_object *got = az_case_executed_steps(run);
    assert_string_equal(json_object_to_json_string_ext(got, JSON_C_TO_STRING_PLAIN),
                        "[\"a\",\"b\",\"a\",\"a\",\"c\"]");
    json_object_put(got);
    json_object_put(run);
}

/* Case 001 passes in process. */
static void test_run_case1(void **state)
{
    (void)state;
    az_diags *diags = az_diags_new();
    az_case *c = NULL;
    az_case_result r;
    assert_int_equal(az_case_load(CASE1, diags, &c), AZ_OK);
    assert_int_equal(az_case_run(c, NULL, &r), AZ_OK);
    if (r.verdict != AZ_CASE_PASSED)
        fail_msg("case 001: %s", json_object_to_json_string(r.reasons));
    assert_int_equal(r.exit, 0);
    assert_int_equal(json_object_array_length(r.requests), 3);
    az_case_result_cleanup(&r);
    az_case_free(c);
    az_diags_free(diags);
}

/* Runs a case text (documents of case 001) and returns its reasons as one
 * string joined with '|' (the caller frees it). */
static char *reasons_of(const char *text, const char *engine, az_case_verdict want)
{
    tmp_case t = write_case(text);
    az_diags *diags = az_diags_new();
    az_case *c = NULL;
    az_case_result r;
    az_case_opts opts;
    az_case_opts_init(&opts);
    opts.engine = engine;
    opts.timeout_s = 2;
    assert_int_equal(az_case_load(t.dir, diags, &c), AZ_OK);
    assert_int_equal(az_case_run(c, &opts, &r), AZ_OK);
    assert_int_equal(r.verdict, want);
    az_buf b = {0};
    for (size_t i = 0; i < json_object_array_length(r.reasons); i++) {
        az_buf_puts(&b, i ? "|" : "");
        az_buf_puts(&b, json_object_get_string(json_object_array_get_idx(r.reasons, i)));
    }
    az_case_result_cleanup(&r);
    az_case_free(c);
    az_diags_free(diags);
    remove_case(&t);
    return az_buf_take(&b);
}

#define INPUTS                                                                                     \
    "inputs: {accessToken: t, phoneNumberId: '1', codeMethod: SMS, language: en, code: '2', "      \
    "pin: '3'}\nservers: {whatsappCloudApi: /v21.0}\n"

/* Broken expectations are named precisely. */
static void test_run_failures(void **state)
{
    (void)state;
    char *got = reasons_of("document: " SEED "\n" INPUTS "exchanges:\n"
                           "  - request: {method: POST, path: /v21.0/1/request_code}\n"
                           "  - request: {method: GET, path: /v21.0/1/verify_code}\n"
                           "  - request: {method: POST, path: /v21.0/1/register}\n"
                           "expect: {exit: 0, outputs: {verified: false}, steps: [requestCode]}\n",
                           NULL, AZ_CASE_FAILED);
    assert_string_equal(
        got, "exit status 1, expected 0|"
             "request 2: expected GET /v21.0/1/verify_code, got POST "
             "/v21.0/1/verify_code|"
             "expected 3 requests, got 1 matching|"
             "exchange 3 (POST /v21.0/1/register) was never requested|"
             "output 'verified': expected false, got none|"
             "steps: expected [\"requestCode\"], got [\"requestCode\",\"verifyNumber\"]");
    free(got);
    /* prefix: the requests seen are the first exchanges */
    got = reasons_of("document: " SEED "\n" INPUTS "exchanges:\n"
                     "  - request: {method: POST, path: /v21.0/1/request_code}\n"
                     "    response: {status: 500}\n"
                     "  - request: {method: POST, path: /v21.0/1/verify_code}\n"
                     "expect: {exit: 1, status: failed, requests: prefix}\n",
                     NULL, AZ_CASE_PASSED);
    assert_string_equal(got, "");
    free(got);
    got = reasons_of("document: " SEED "\nskip: not yet\n", NULL, AZ_CASE_SKIPPED);
    assert_string_equal(got, "not yet");
    free(got);
}

/* An external engine: placeholders expanded and quoted, exit status and
 * traffic judged, a timeout reported. */
static void test_run_engine(void **state)
{
    (void)state;
    char *got =
        reasons_of("document: " SEED "\n" INPUTS "exchanges:\n"
                   "  - request: {method: POST, path: /v21.0/1/request_code, headers: {X-W: "
                   "register-phone-number}, body: {code: \"2\"}}\n"
                   "expect: {exit: 7}\n",
                   "test -f {document} && test -f {inputs_json} && curl -s -o /dev/null -X POST -H "
                   "\"X-W: $(printf %s {workflow})\" -d \"{{\\\"code\\\": \\\"$(printf %s "
                   "{input:code})\\\"}\" "
                   "{server:whatsappCloudApi}/1/request_code && exit 7",
                   AZ_CASE_PASSED);
    assert_string_equal(got, "");
    free(got);
    got = reasons_of("document: " SEED "\nexpect: {exit: 0}\n", "sleep 5", AZ_CASE_FAILED);
    assert_non_null(strstr(got, "timed out"));
    free(got);
    got = reasons_of("document: " SEED "\nexpect: {exit: 0}\n", "echo {nope}", AZ_CASE_FAILED);
    assert_non_null(strstr(got, "unknown placeholder {nope}"));
    free(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_case1),     cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_executed_steps), cmocka_unit_test(test_run_case1),
        cmocka_unit_test(test_run_failures),   cmocka_unit_test(test_run_engine),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
