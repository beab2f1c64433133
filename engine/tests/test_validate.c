/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_validate.c - document validation at the syntax level: the shipped
 * WhatsApp example (kept byte-identical with the seed it came from) is
 * valid, and a root that is not a mapping is refused (checklist DOC-01).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arazzo/engine.h"

#define SEED_NAME "whatsapp-register-phone-number-workflow.yml"
#define EXAMPLE   AZ_SOURCE_DIR "/examples/whatsapp/arazzo/" SEED_NAME
#define SEED      AZ_SHARED_DIR "/seed/" SEED_NAME

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

/* The WhatsApp example validates with no diagnostic. */
static void test_example_valid(void **state)
{
    (void)state;
    az_diags *diags = az_diags_new();
    assert_int_equal(az_validate_file(EXAMPLE, NULL, diags), AZ_OK);
    assert_int_equal(az_diags_count(diags), 0);
    az_diags_free(diags);
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
        cmocka_unit_test(test_example_valid),
        cmocka_unit_test(test_root_must_be_mapping),
        cmocka_unit_test(test_loader_errors_pass_through),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
