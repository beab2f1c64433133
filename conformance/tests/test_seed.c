/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_seed.c - case 001 holds the seed workflow byte for byte: its copy
 * at conformance/cases/001-whatsapp-register/arazzo/ must equal
 * /work/shared/seed's (AZ_SHARED_DIR/seed), when that folder exists; the
 * test skips, saying so, when it does not.
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

#define NAME "whatsapp-register-phone-number-workflow.yml"
#define COPY AZ_SOURCE_DIR "/conformance/cases/001-whatsapp-register/arazzo/" NAME
#define SEED AZ_SHARED_DIR "/seed/" NAME

/* Reads a whole file (the caller frees it); NULL when it cannot. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0) {
        long n = ftell(f);
        if (n >= 0 && fseek(f, 0, SEEK_SET) == 0 && (data = malloc((size_t)n + 1)) &&
            fread(data, 1, (size_t)n, f) == (size_t)n) {
            *len = (size_t)n;
        } else {
            free(data);
            data = NULL;
        }
    }
    fclose(f);
    return data;
}

/* The copy in case 001 is the seed, byte for byte. */
static void test_seed_identical(void **state)
{
    (void)state;
    if (access(SEED, R_OK) != 0) {
        print_message("skipped: no seed at %s to compare with\n", SEED);
        skip();
    }
    size_t a_len = 0, b_len = 0;
    char *a = slurp(SEED, &a_len), *b = slurp(COPY, &b_len);
    assert_non_null(a);
    if (!b)
        fail_msg("cannot read %s", COPY);
    if (a_len != b_len || memcmp(a, b, a_len) != 0)
        fail_msg("%s differs from the seed %s (%zu and %zu bytes)", COPY, SEED, b_len, a_len);
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_identical),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
