/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_openapi.c - the libFuzzer target of the OpenAPI operation index.
 * Each input is added to a docset as a YAML document (and, when it starts
 * with '{', also as JSON) under a file:/// URL in a folder that does not
 * exist, with network loading off, so every external `$ref` fails to load
 * the way a missing file does. The index is built and reported (all
 * operations, then only the first), the diagnostics rendered; for every
 * operation its servers are expanded with their defaults and it is looked
 * up again by operationId and by its own pointer.
 *
 * Besides the sanitizers' findings, the target aborts on a broken contract
 * of openapi.h: an operation its own pointer (as an operationPath
 * fragment: '%' written %25) does not find, an
 * operationId lookup that returns another id, a report whose error count
 * disagrees with the list, a defect without a code or message. Setting
 * FUZZ_OPENAPI_NO_CONTRACTS=1 in the environment turns these checks off.
 */
#include <arazzo/core.h>
#include <arazzo/openapi.h>

#include <json-c/json.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether contracts are checked (FUZZ_OPENAPI_NO_CONTRACTS unset). */
static bool contracts = true;

/* Reports a broken contract and aborts (if checked). */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static void
broken(const char *fmt, ...)
{
    va_list ap;
    if (!contracts)
        return;
    va_start(ap, fmt);
    fuzz_vabort("fuzz_openapi", "input", fmt, ap);
}

/* Checks every operation of an index against the lookups. */
static void check_operations(const az_oas_index *ix)
{
    for (size_t i = 0; i < az_oas_index_count(ix); i++) {
        const az_oas_operation *op = az_oas_index_get(ix, i), *found = NULL;
        char *error = NULL, *url = NULL;
        if (op->pointer) {
            /* An operationPath fragment is percent-decoded (STEP-04), so a
             * '%' of the path is written %25 there. */
            az_buf b = {0};
            for (const char *p = op->pointer; *p; p++)
                az_buf_puts(&b, *p == '%' ? "%25" : (char[]){*p, '\0'});
            char *fragment = az_buf_take(&b);
            if (!fragment)
                continue;
            az_status st = az_oas_index_find_pointer(ix, fragment, &found, &error);
            free(fragment);
            if (st != AZ_OK || !found || strcmp(found->path, op->path) != 0 ||
                strcmp(found->method, op->method) != 0)
                broken("operation %zu not found by its pointer %s: %s", i, op->pointer,
                       error ? error : "(no message)");
            free(error);
            error = NULL;
        }
        if (op->operation_id) {
            found = az_oas_index_find_id(ix, op->operation_id);
            if (!found || strcmp(found->operation_id, op->operation_id) != 0)
                broken("operationId lookup of operation %zu returned another", i);
        }
        for (size_t s = 0; s < op->n_servers; s++) {
            if (az_oas_server_expand(&op->servers[s], NULL, &url, &error) == AZ_OK)
                free(url);
            free(error);
            url = NULL;
            error = NULL;
        }
    }
}

/* Checks a report: every diagnostic complete, the error count right. */
static void check_report(const az_diags *diags, size_t errors)
{
    if (az_diags_count_severity(diags, AZ_SEVERITY_ERROR) != errors)
        broken("report said %zu errors, the list holds %zu", errors,
               az_diags_count_severity(diags, AZ_SEVERITY_ERROR));
    for (size_t i = 0; i < az_diags_count(diags); i++) {
        const az_diag *d = az_diags_get(diags, i);
        if (!d->code || !d->message)
            broken("a diagnostic without a code or message");
    }
}

/* Loads one format of the input and exercises the index. */
static void run_one(const char *text, size_t size, const char *name, FILE *sink)
{
    az_docset_opts opts;
    az_docset_opts_init(&opts);
    opts.allow_network = false;
    opts.load.max_alias_nodes = 10000;
    opts.max_documents = 8;
    az_docset *set = az_docset_new(&opts);
    az_diags *diags = az_diags_new();
    const az_source *src = NULL;
    az_oas_index *ix = NULL;
    char url[64];
    snprintf(url, sizeof(url), "file:///nonexistent-fuzz-dir/%s", name);
    if (!set || !diags)
        goto out;
    if (az_docset_add_buffer(set, url, name, text, size, diags, &src) != AZ_OK)
        goto out;
    if (az_oas_index_build(set, src, diags, &ix) != AZ_OK)
        goto out;
    check_operations(ix);
    az_diags *all = az_diags_new(), *first = az_diags_new();
    if (all && first) {
        check_report(all, az_oas_index_report(ix, NULL, 0, all));
        const az_oas_operation *used = az_oas_index_get(ix, 0);
        check_report(first, az_oas_index_report(ix, &used, used ? 1 : 0, first));
        fuzz_render(sink, all);
    }
    az_diags_free(all);
    az_diags_free(first);
out:
    fuzz_render(sink, diags);
    az_oas_index_free(ix);
    az_diags_free(diags);
    az_docset_free(set);
}

/* libFuzzer entry point. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *sink;
    static bool ready;
    if (!ready) {
        sink = fopen("/dev/null", "w");
        contracts = getenv("FUZZ_OPENAPI_NO_CONTRACTS") == NULL;
        ready = true;
    }
    run_one((const char *)data, size, "fuzz.yaml", sink);
    if (size > 0 && data[0] == '{')
        run_one((const char *)data, size, "fuzz.json", sink);
    return 0;
}
