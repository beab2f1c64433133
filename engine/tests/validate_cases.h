/* SPDX-License-Identifier: Apache-2.0 */
/*
 * validate_cases.h - the table-driven harness of the validator tests
 * (test_validate_*.c): each case is an Arazzo document in a string,
 * validated as if it were a file of engine/tests/data/validate/ (so its
 * relative sources resolve there), and the exact list of diagnostics it
 * must produce, in order: code, line and column. Notes are compared too.
 */
#ifndef VALIDATE_CASES_H
#define VALIDATE_CASES_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "arazzo/engine.h"

#define VDATA AZ_SOURCE_DIR "/engine/tests/data/validate"

/* The first lines of most cases: a valid root with one OpenAPI source
 * (lines 1-4), so workflows start on line 5. */
#define HEAD                                                                                       \
    "arazzo: 1.0.1\n"                                                                              \
    "info: {title: t, version: '1'}\n"                                                             \
    "sourceDescriptions:\n"                                                                        \
    "- {name: pets, url: pets.openapi.yaml}\n"

/* One expected diagnostic. */
typedef struct vexpect {
    const char *code;
    uint32_t line, column;
} vexpect;

/* One case: a document and what validating it reports. */
typedef struct vcase {
    const char *name; /* the checklist IDs it covers */
    const char *text;
    bool strict;
    vexpect want[10]; /* terminated by a NULL code */
} vcase;

/* Prints a list of diagnostics the way a case writes them. */
static void vprint(const az_diags *diags)
{
    for (size_t i = 0; i < az_diags_count(diags); i++) {
        const az_diag *d = az_diags_get(diags, i);
        print_message("    {\"%s\", %u, %u}, /* %s: %s */\n", d->code, (unsigned)d->line,
                      (unsigned)d->column, az_severity_name(d->severity), d->message);
    }
}

/* Validates one case and compares; true when it reports exactly its list. */
static bool vrun(const vcase *c)
{
    az_validate_opts opts;
    az_validate_opts_init(&opts);
    opts.strict = c->strict;
    opts.load.docset.allow_network = false;
    az_diags *diags = az_diags_new();
    az_status st =
        az_validate_buffer(VDATA "/case.arazzo.yaml", c->text, strlen(c->text), &opts, diags);
    size_t n = 0;
    while (n < 10 && c->want[n].code)
        n++;
    bool same = az_diags_count(diags) == n;
    for (size_t i = 0; same && i < n; i++) {
        const az_diag *d = az_diags_get(diags, i);
        same = strcmp(d->code, c->want[i].code) == 0 && d->line == c->want[i].line &&
               d->column == c->want[i].column;
    }
    if (!same) {
        print_error("case '%s': got %zu diagnostics, want %zu:\n", c->name, az_diags_count(diags),
                    n);
        vprint(diags);
    }
    az_diags_free(diags);
    /* A case fails validation exactly when it expects an error or a
     * source that cannot be read. */
    (void)st;
    return same;
}

/* Runs a table of cases: each must report exactly its list, and fail
 * validation exactly when it lists an error. */
static void vrun_all(const vcase *cases, size_t n)
{
    size_t failed = 0;
    for (size_t i = 0; i < n; i++)
        failed += !vrun(&cases[i]);
    assert_int_equal(failed, 0);
}

#endif /* VALIDATE_CASES_H */
