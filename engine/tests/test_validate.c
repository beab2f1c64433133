/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_validate.c - validating whole documents: the shipped WhatsApp
 * example (kept byte-identical with the seed it came from) reports only
 * its missing OpenAPI source for now, and nothing at all when that source
 * exists (a minimal OpenAPI 3.1 description of its three operations in
 * the test data, reached through the URL map, SRC-07); a root that is not
 * a mapping is refused (checklist DOC-01); the loader's errors pass
 * through; az_validate_description works on a loaded description and
 * does not repeat what loading reported.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arazzo/engine.h"

#define SEED_NAME      "whatsapp-register-phone-number-workflow.yml"
#define EXAMPLE        AZ_SOURCE_DIR "/examples/whatsapp/arazzo/" SEED_NAME
#define SEED           AZ_SHARED_DIR "/seed/" SEED_NAME
#define WA_OPENAPI_DIR AZ_SOURCE_DIR "/engine/tests/data/validate/whatsapp-openapi/"

/* Reads a whole file; NULL when it cannot be read. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    *len = fread(s, 1, (size_t)n, f);
    fclose(f);
    return s;
}

/* The example is the seed, byte for byte (skipped without ../shared). */
static void test_example_is_seed(void **state)
{
    (void)state;
    size_t seed_len, example_len;
    char *seed = slurp(SEED, &seed_len);
    if (!seed) {
        print_message("skipped: %s is absent (no ../shared beside this clone)\n", SEED);
        skip();
    }
    char *example = slurp(EXAMPLE, &example_len);
    assert_non_null(example);
    assert_int_equal(seed_len, example_len);
    assert_memory_equal(seed, example, seed_len);
    free(seed);
    free(example);
}

/* Options whose URL map sends the example's ../openapi/ folder to `dir`
 * (SRC-07); *prefix is the caller's to free. */
static void map_openapi(az_validate_opts *opts, az_url_map_entry *map, char **prefix,
                        const char *dir)
{
    assert_int_equal(az_url_from_path(AZ_SOURCE_DIR "/examples/whatsapp/openapi/", prefix), AZ_OK);
    map->prefix = *prefix;
    map->replacement = dir;
    az_validate_opts_init(opts);
    opts->load.docset.url_map = map;
    opts->load.docset.url_map_len = 1;
}

/* Prints a list of diagnostics (to explain a failure). */
static void print_diags(const az_diags *diags)
{
    for (size_t i = 0; i < az_diags_count(diags); i++) {
        const az_diag *d = az_diags_get(diags, i);
        print_error("%s:%u:%u: %s [%s]\n", d->file, (unsigned)d->line, (unsigned)d->column,
                    d->message, d->code);
    }
}

/* Checks that diagnostics from `from` on are the seed's three
 * "Bearer $inputs.accessToken" warnings (expr-bare-embedded), in order. */
static void check_bare_warnings(const az_diags *diags, size_t from, az_severity sev)
{
    static const uint32_t lines[] = {60, 81, 101};
    for (size_t i = 0; i < 3; i++) {
        const az_diag *d = az_diags_get(diags, from + i);
        assert_non_null(d);
        assert_string_equal(d->code, "expr-bare-embedded");
        assert_int_equal(d->severity, sev);
        assert_int_equal(d->line, lines[i]);
        assert_int_equal(d->column, 14);
    }
}

/* Without its OpenAPI source (../openapi/whatsapp-cloud-api-openapi.yml
 * mapped to a folder that does not exist): exactly one source-unreadable
 * error at the url (line 15, column 8) - the operationIds that cannot be
 * checked are not reported - and the three bare-expression warnings. */
static void test_example_missing_source(void **state)
{
    (void)state;
    az_validate_opts opts;
    az_url_map_entry map;
    char *prefix = NULL;
    map_openapi(&opts, &map, &prefix, "/nonexistent-arazzo-test-dir/");
    az_diags *diags = az_diags_new();
    assert_int_equal(az_validate_file(EXAMPLE, &opts, diags), AZ_ERR_IO);
    if (az_diags_count(diags) != 4)
        print_diags(diags);
    assert_int_equal(az_diags_count(diags), 4);
    const az_diag *d = az_diags_get(diags, 0);
    assert_string_equal(d->code, "source-unreadable");
    assert_int_equal(d->line, 15);
    assert_int_equal(d->column, 8);
    check_bare_warnings(diags, 1, AZ_SEVERITY_WARNING);
    az_diags_free(diags);
    free(prefix);
}

/* With the minimal OpenAPI 3.1 description of the test data as its
 * source, the example validates with no error: its operationIds
 * requestVerificationCode, verifyCode and registerPhoneNumber resolve, its
 * path and header parameters match, its expressions compile. The only
 * findings are the three "Bearer $inputs.accessToken" values, which the
 * specification does not substitute (errors under --strict). */
static void test_example_valid_with_source(void **state)
{
    (void)state;
    az_validate_opts opts;
    az_url_map_entry map;
    char *prefix = NULL;
    map_openapi(&opts, &map, &prefix, WA_OPENAPI_DIR);
    az_diags *diags = az_diags_new();
    az_status st = az_validate_file(EXAMPLE, &opts, diags);
    assert_int_equal(st, AZ_OK);
    assert_int_equal(az_diags_count(diags), 3);
    check_bare_warnings(diags, 0, AZ_SEVERITY_WARNING);
    az_diags_free(diags);
    opts.strict = true;
    diags = az_diags_new();
    assert_int_equal(az_validate_file(EXAMPLE, &opts, diags), AZ_ERR_INVALID);
    assert_int_equal(az_diags_count(diags), 3);
    check_bare_warnings(diags, 0, AZ_SEVERITY_ERROR);
    az_diags_free(diags);
    free(prefix);
}

/* The example as shipped: valid once examples/whatsapp/openapi/ holds its
 * description; until then exactly the one source-unreadable error. */
static void test_example_as_shipped(void **state)
{
    (void)state;
    az_diags *diags = az_diags_new();
    az_status st = az_validate_file(EXAMPLE, NULL, diags);
    print_diags(diags);
    if (access(AZ_SOURCE_DIR "/examples/whatsapp/openapi/whatsapp-cloud-api-openapi.yml", R_OK) ==
        0) {
        assert_int_equal(st, AZ_OK);
        assert_int_equal(az_diags_count_severity(diags, AZ_SEVERITY_ERROR), 0);
    } else {
        assert_int_equal(st, AZ_ERR_IO);
        assert_int_equal(az_diags_count(diags), 1);
        assert_string_equal(az_diags_get(diags, 0)->code, "source-unreadable");
    }
    az_diags_free(diags);
}

/* az_validate_description on a description loaded by the caller (as the
 * executor does, EXEC-01): what loading reported is not repeated. */
static void test_validate_description(void **state)
{
    (void)state;
    az_validate_opts opts;
    az_url_map_entry map;
    char *prefix = NULL;
    map_openapi(&opts, &map, &prefix, "/nonexistent-arazzo-test-dir/");
    az_diags *load = az_diags_new();
    az_diags *diags = az_diags_new();
    az_description *desc = NULL;
    assert_int_equal(az_description_load(EXAMPLE, &opts.load, load, &desc), AZ_OK);
    assert_int_equal(az_diags_count(load), 1); /* the missing source */
    assert_int_equal(az_validate_description(desc, &opts, diags), AZ_OK);
    assert_int_equal(az_diags_count(diags), 3); /* only the bare expressions */
    check_bare_warnings(diags, 0, AZ_SEVERITY_WARNING);
    az_description_free(desc);
    az_diags_free(load);
    az_diags_free(diags);
    free(prefix);
}

/* DOC-01: a root that is not a mapping is an error at the root node. */
static void test_root_must_be_mapping(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        uint32_t line, column;
        const char *found;
    } cases[] = {
        {"- a\n- b\n", 1, 1, "found array"},
        {"\n\n  just text\n", 3, 3, "found string"},
        {"", 1, 1, "found an empty document"},
        {"# only a comment\n", 1, 1, "found an empty document"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        az_diags *diags = az_diags_new();
        assert_int_equal(
            az_validate_buffer("t.yaml", cases[i].text, strlen(cases[i].text), NULL, diags),
            AZ_ERR_INVALID);
        const az_diag *d = az_diags_get(diags, 0);
        assert_non_null(d);
        assert_string_equal(d->code, "arazzo-root-not-object");
        assert_int_equal(d->line, cases[i].line);
        assert_int_equal(d->column, cases[i].column);
        assert_non_null(strstr(d->message, cases[i].found));
        az_diags_free(diags);
    }
}

/* Loader failures come through with their own status and code. */
static void test_loader_errors_pass_through(void **state)
{
    (void)state;
    az_diags *diags = az_diags_new();
    assert_int_equal(az_validate_buffer("t.yaml", "a: 1\na: 2\n", 10, NULL, diags), AZ_ERR_SYNTAX);
    assert_string_equal(az_diags_get(diags, 0)->code, "yaml-duplicate-key");
    assert_int_equal(az_validate_file("/nonexistent.yaml", NULL, diags), AZ_ERR_IO);
    assert_string_equal(az_diags_get(diags, 1)->code, "io-error");
    az_diags_free(diags);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_example_is_seed),
        cmocka_unit_test(test_example_missing_source),
        cmocka_unit_test(test_example_valid_with_source),
        cmocka_unit_test(test_example_as_shipped),
        cmocka_unit_test(test_validate_description),
        cmocka_unit_test(test_root_must_be_mapping),
        cmocka_unit_test(test_loader_errors_pass_through),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
