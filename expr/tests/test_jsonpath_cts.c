/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_jsonpath_cts.c - runs the JSONPath Compliance Test Suite (RFC 9535,
 * jsonpath-standard/jsonpath-compliance-test-suite, copied to
 * ../shared/data/jsonpath-cts/cts.json) against az_jsonpath (checklist
 * CRIT-30, CRIT-34). Each case either must fail to compile
 * (`invalid_selector`) or must select exactly `result` (or one of `results`
 * when member order is not determined), compared with json_object_equal;
 * where the case gives `result_paths` / `results_paths`, the Normalized
 * Paths must match too.
 *
 * The test fails on any failing case not listed in KNOWN_FAILURES below, and
 * reports listed cases that pass so the list can be trimmed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arazzo/expr.h>

/* A case expected to fail for now, with the reason. */
typedef struct known_failure {
    const char *name;
    const char *reason;
} known_failure;

static const known_failure KNOWN_FAILURES[] = {
    {NULL, NULL},
};

/* Tells whether a case name is in KNOWN_FAILURES. */
static bool is_known_failure(const char *name)
{
    for (size_t i = 0; KNOWN_FAILURES[i].name; i++) {
        if (strcmp(KNOWN_FAILURES[i].name, name) == 0)
            return true;
    }
    return false;
}

/* Reads the whole CTS file into a json-c tree; NULL when absent. */
static json_object *load_cts(const char *file)
{
    FILE *f = fopen(file, "rb");
    json_object *root = NULL;
    char *buf = NULL;
    long size;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
        goto out;
    buf = malloc((size_t)size + 1);
    if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size)
        goto out;
    buf[size] = '\0';
    json_tokener *tok = json_tokener_new_ex(2000);
    if (!tok)
        goto out;
    root = json_tokener_parse_ex(tok, buf, (int)size);
    if (json_tokener_get_error(tok) != json_tokener_success) {
        json_object_put(root);
        root = NULL;
    }
    json_tokener_free(tok);
out:
    free(buf);
    fclose(f);
    return root;
}

/* Tells whether `got` equals `want` or, when `want` is NULL, one element of
 * the array `any`. */
static bool matches(json_object *got, json_object *want, json_object *any)
{
    if (want)
        return json_object_equal(got, want);
    for (size_t i = 0; any && i < json_object_array_length(any); i++) {
        if (json_object_equal(got, json_object_array_get_idx(any, i)))
            return true;
    }
    return false;
}

/* Runs one case; returns true when it passes and prints why when not. */
static bool run_case(json_object *tc)
{
    json_object *jname = NULL, *jsel = NULL, *jinv = NULL, *jdoc = NULL, *jres = NULL,
                *jress = NULL, *jpaths = NULL, *jpathss = NULL;
    json_object_object_get_ex(tc, "name", &jname);
    json_object_object_get_ex(tc, "selector", &jsel);
    json_object_object_get_ex(tc, "invalid_selector", &jinv);
    json_object_object_get_ex(tc, "document", &jdoc);
    json_object_object_get_ex(tc, "result", &jres);
    json_object_object_get_ex(tc, "results", &jress);
    json_object_object_get_ex(tc, "result_paths", &jpaths);
    json_object_object_get_ex(tc, "results_paths", &jpathss);
    const char *name = json_object_get_string(jname);
    const char *sel = json_object_get_string(jsel);
    az_jsonpath *path = NULL;
    json_object *got = NULL, *got_paths = NULL;
    bool ok = false;
    /* A selector with an embedded NUL cannot be a C string: it is invalid
     * only if the part before the NUL is. */
    if ((size_t)json_object_get_string_len(jsel) != strlen(sel)) {
        ok = jinv && json_object_get_boolean(jinv);
        if (!ok)
            printf("FAIL %s: selector with U+0000 cannot be passed\n", name);
        return ok;
    }
    az_status st = az_jsonpath_compile(sel, NULL, &path);
    if (jinv && json_object_get_boolean(jinv)) {
        ok = st != AZ_OK;
        if (!ok)
            printf("FAIL %s: %s compiled but is invalid\n", name, sel);
        goto out;
    }
    if (st != AZ_OK) {
        printf("FAIL %s: %s did not compile (%s)\n", name, sel, az_status_name(st));
        goto out;
    }
    st = az_jsonpath_eval_paths(path, jdoc, &got, &got_paths);
    if (st != AZ_OK) {
        printf("FAIL %s: evaluation failed (%s)\n", name, az_status_name(st));
        goto out;
    }
    ok = matches(got, jres, jress) && (!(jpaths || jpathss) || matches(got_paths, jpaths, jpathss));
    if (!ok)
        printf("FAIL %s: %s gave %s paths %s\n", name, sel,
               json_object_to_json_string_ext(got, JSON_C_TO_STRING_PLAIN),
               json_object_to_json_string_ext(got_paths, JSON_C_TO_STRING_PLAIN));
out:
    json_object_put(got);
    json_object_put(got_paths);
    az_jsonpath_free(path);
    return ok;
}

/* Runs the whole suite and fails on unexpected failures (CRIT-34). */
static void test_cts(void **state)
{
    (void)state;
    const char *file = AZ_SHARED_DIR "/data/jsonpath-cts/cts.json";
    json_object *cts = load_cts(file);
    if (!cts) {
        printf("skipped: %s absent\n", file);
        skip();
        return;
    }
    json_object *tests = NULL;
    json_object_object_get_ex(cts, "tests", &tests);
    size_t n = json_object_array_length(tests), passed = 0, unexpected = 0;
    for (size_t i = 0; i < n; i++) {
        json_object *tc = json_object_array_get_idx(tests, i);
        json_object *jname = NULL;
        json_object_object_get_ex(tc, "name", &jname);
        const char *name = json_object_get_string(jname);
        bool ok = run_case(tc);
        bool known = is_known_failure(name);
        if (ok) {
            passed++;
            if (known)
                printf("NOW PASSES (remove from KNOWN_FAILURES): %s\n", name);
        } else if (!known) {
            unexpected++;
        }
    }
    printf("CTS: %zu/%zu passed, %zu unexpected failure%s\n", passed, n, unexpected,
           unexpected == 1 ? "" : "s");
    json_object_put(cts);
    assert_int_equal(unexpected, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
