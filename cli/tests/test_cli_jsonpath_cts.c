/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_cli_jsonpath_cts.c - the JSONPath Compliance Test Suite run through
 * the command line, as a user would: for every case, `arazzo eval
 * --jsonpath SELECTOR --document DOC.json --compact` must print the
 * expected nodelist (any of the allowed orders) and exit 0, or exit 3 for an
 * invalid selector. Reads ../shared/data/jsonpath-cts/cts.json and skips,
 * saying so, when it is absent. Argument: the arazzo binary.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <json-c/json.h>

#define CTS AZ_SHARED_DIR "/data/jsonpath-cts/cts.json"

static const char *arazzo_binary;

/* Runs arazzo with `argv`, its stdout to `out_path`; returns the exit code. */
static int run(char *const argv[], const char *out_path)
{
    pid_t pid = fork();
    if (pid == 0) {
        FILE *out = freopen(out_path, "w", stdout);
        FILE *err = freopen("/dev/null", "w", stderr);
        if (!out || !err)
            _exit(126);
        execv(arazzo_binary, argv);
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* True when `got` equals `result`, or any member of `results`. */
static bool matches(json_object *test, json_object *got)
{
    json_object *one, *many;
    if (json_object_object_get_ex(test, "result", &one))
        return json_object_equal(one, got);
    if (json_object_object_get_ex(test, "results", &many))
        for (size_t i = 0; i < json_object_array_length(many); i++)
            if (json_object_equal(json_object_array_get_idx(many, i), got))
                return true;
    return false;
}

/* Every case of the suite, through `arazzo eval --jsonpath`. */
static void test_cts_through_cli(void **state)
{
    (void)state;
    json_object *cts = json_object_from_file(CTS);
    if (!cts) {
        print_message("skipped: %s is absent (no ../shared beside this clone)\n", CTS);
        skip();
    }
    char dir[] = "/tmp/az_cts_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char doc_path[64], out_path[64];
    snprintf(doc_path, sizeof doc_path, "%s/doc.json", dir);
    snprintf(out_path, sizeof out_path, "%s/out.json", dir);

    json_object *tests = json_object_object_get(cts, "tests");
    size_t n = json_object_array_length(tests), passed = 0;
    for (size_t i = 0; i < n; i++) {
        json_object *t = json_object_array_get_idx(tests, i);
        const char *name = json_object_get_string(json_object_object_get(t, "name"));
        const char *selector = json_object_get_string(json_object_object_get(t, "selector"));
        json_object *doc = NULL, *invalid = NULL;
        json_object_object_get_ex(t, "document", &doc);
        bool expect_invalid = json_object_object_get_ex(t, "invalid_selector", &invalid) &&
                              json_object_get_boolean(invalid);
        FILE *f = fopen(doc_path, "w");
        assert_non_null(f);
        fputs(doc ? json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN) : "null", f);
        fclose(f);
        char *argv[] = {
            (char *)"arazzo",     (char *)"eval", (char *)"--jsonpath", (char *)selector,
            (char *)"--document", doc_path,       (char *)"--compact",  NULL};
        int code = run(argv, out_path);
        bool ok;
        if (expect_invalid) {
            ok = code == 3;
        } else {
            json_object *got = code == 0 ? json_object_from_file(out_path) : NULL;
            ok = got && matches(t, got);
            json_object_put(got);
        }
        if (ok)
            passed++;
        else
            print_message("FAIL %s: selector %s, exit %d\n", name, selector, code);
    }
    print_message("CTS through arazzo eval: %zu/%zu passed\n", passed, n);
    unlink(doc_path);
    unlink(out_path);
    rmdir(dir);
    json_object_put(cts);
    assert_int_equal(passed, n);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s ARAZZO_BINARY\n", argv[0]);
        return 2;
    }
    arazzo_binary = argv[1];
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_cts_through_cli)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
