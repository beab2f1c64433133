/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_validate_broken.c - the planted-defects fixture:
 * data/validate/broken.arazzo.yaml holds about thirty defects of different
 * kinds (one or two per marked line), and validating it must report
 * exactly this list - code, file, line and column, in order - nothing
 * missing and nothing more; then the same with --strict, where every
 * warning becomes an error and nothing else changes.
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

#define DATA AZ_SOURCE_DIR "/engine/tests/data/validate"

/* One expected diagnostic. */
typedef struct golden {
    const char *code;
    const char *file;
    uint32_t line, column;
    az_severity severity;
} golden;

#define E AZ_SEVERITY_ERROR
#define W AZ_SEVERITY_WARNING
#define N AZ_SEVERITY_NOTE
#define B "broken.arazzo.yaml"

static const golden expected[] = {
    {"arazzo-unsupported-version", B, 4, 9, E},              /* DOC-04 */
    {"arazzo-wrong-type", B, 7, 12, E},                      /* INFO-01 */
    {"arazzo-unknown-field", B, 8, 3, E},                    /* DOC-11 */
    {"source-unused-defects", B, 13, 8, N},                  /* the unused ones */
    {"arazzo-invalid-value", B, 14, 9, E},                   /* SRC-01 */
    {"arazzo-duplicate-source-name", B, 15, 9, E},           /* SRC-02 */
    {"arazzo-invalid-name", B, 17, 9, E},                    /* SRC-03 */
    {"arazzo-unknown-field", B, 21, 3, E},                   /* DOC-11, did you mean */
    {"arazzo-unknown-workflow", B, 22, 23, E},               /* WF-05 */
    {"arazzo-parameter-in-required", B, 24, 5, E},           /* PAR-03 */
    {"arazzo-unknown-operation", B, 27, 18, E},              /* STEP-03, did you mean */
    {"criterion-syntax", B, 29, 30, E},                      /* CRIT-13 */
    {"arazzo-path-parameter-missing", B, 31, 18, W},         /* STEP-11 */
    {"arazzo-parameter-not-in-operation", B, 33, 14, W},     /* STEP-11 */
    {"arazzo-unknown-step-output", B, 33, 38, W},            /* XREF-06 */
    {"arazzo-invalid-value", B, 34, 25, E},                  /* PAR-02 */
    {"arazzo-request-body-method", B, 35, 5, W},             /* RB-05 */
    {"arazzo-invalid-media-type", B, 36, 20, E},             /* RB */
    {"expr-syntax", B, 37, 28, E},                           /* XREF-07 */
    {"jsonpath-syntax", B, 40, 28, E},                       /* CRIT-30 */
    {"criterion-context-missing", B, 42, 7, E},              /* CRI-03 */
    {"arazzo-unknown-step", B, 45, 40, E},                   /* SA-03, did you mean */
    {"arazzo-duplicate-action", B, 46, 7, E},                /* WF-07 */
    {"arazzo-invalid-value", B, 48, 46, E},                  /* FA-03 */
    {"arazzo-unknown-step", B, 49, 18, E},                   /* SA-03 via a component */
    {"arazzo-wrong-component-kind", B, 50, 18, E},           /* STEP-09 */
    {"arazzo-step-target", B, 51, 5, E},                     /* STEP-01 */
    {"arazzo-duplicate-step-id", B, 51, 13, E},              /* STEP-02 */
    {"arazzo-step-forward-reference", B, 57, 38, W},         /* XREF-05 */
    {"arazzo-unknown-step-output", B, 57, 38, W},            /* XREF-06 */
    {"arazzo-request-body-method", B, 58, 5, W},             /* RB-05 */
    {"arazzo-invalid-name", B, 61, 7, E},                    /* STEP-10 */
    {"arazzo-expression-meaningless", B, 62, 13, E},         /* EXPR-14 */
    {"arazzo-unknown-step-output", B, 66, 13, W},            /* XREF-06 */
    {"arazzo-depends-on-cycle", B, 68, 15, E},               /* XREF-08 */
    {"arazzo-unknown-workflow", B, 71, 17, E},               /* STEP-06, did you mean */
    {"arazzo-duplicate-workflow-id", B, 73, 15, E},          /* WF-02 */
    {"arazzo-empty-list", B, 74, 10, E},                     /* WF-01 */
    {"arazzo-invalid-name", B, 77, 5, E},                    /* CMP-01 */
    {"oas-ref-dangling", "defects.openapi.yaml", 10, 15, E}, /* a used operation */
};

/* Validates the fixture (from its folder, so names are short) and compares. */
static void check(bool strict)
{
    char *cwd = getcwd(NULL, 0);
    assert_non_null(cwd);
    assert_int_equal(chdir(DATA), 0);
    az_validate_opts opts;
    az_validate_opts_init(&opts);
    opts.strict = strict;
    opts.load.docset.allow_network = false;
    az_diags *diags = az_diags_new();
    az_status st = az_validate_file("broken.arazzo.yaml", &opts, diags);
    assert_int_equal(chdir(cwd), 0);
    free(cwd);
    assert_int_equal(st, AZ_ERR_INVALID);
    size_t n = sizeof expected / sizeof expected[0];
    bool same = az_diags_count(diags) == n;
    for (size_t i = 0; i < az_diags_count(diags); i++) {
        const az_diag *d = az_diags_get(diags, i);
        const golden *g = i < n ? &expected[i] : NULL;
        az_severity want = g ? g->severity : E;
        if (strict && want == W)
            want = E;
        bool ok = g && strcmp(d->code, g->code) == 0 && strcmp(d->file, g->file) == 0 &&
                  d->line == g->line && d->column == g->column && d->severity == want;
        if (!ok)
            print_error("diagnostic %zu: got %s %s:%u:%u (%s)\n", i, d->code, d->file,
                        (unsigned)d->line, (unsigned)d->column, d->message);
        same = same && ok;
    }
    az_diags_free(diags);
    assert_true(same);
}

/* The planted defects, exactly. */
static void test_planted_defects(void **state)
{
    (void)state;
    check(false);
}

/* With --strict the warnings are errors. */
static void test_planted_defects_strict(void **state)
{
    (void)state;
    check(true);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_planted_defects),
        cmocka_unit_test(test_planted_defects_strict),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
