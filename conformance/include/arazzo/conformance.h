/* SPDX-License-Identifier: Apache-2.0 */
/*
 * arazzo/conformance.h - the conformance runner (issue #6): loading a case
 * (a folder with a case.yaml, see conformance/README.md), running it
 * against the script mock (arazzo/mock.h) with this engine in process or
 * with any other engine through a command template, and judging the exit
 * status, the requests the mock saw and, in process, the run's status,
 * outputs, executed steps and diagnostics.
 *
 * Ownership: az_case_load returns a case the caller releases with
 * az_case_free; every string and JSON node reached from it is borrowed from
 * it. az_case_run fills a result the caller releases with
 * az_case_result_cleanup. Cases are independent: several may run at once
 * from different threads.
 */
#ifndef ARAZZO_CONFORMANCE_H
#define ARAZZO_CONFORMANCE_H

#include <stdbool.h>
#include <stddef.h>

#include <arazzo/core.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The name of a case's file inside its folder. */
#define AZ_CASE_FILE "case.yaml"

/* Default limit of one external engine run, in seconds. */
#define AZ_CASE_DEFAULT_TIMEOUT 60.0

/* A loaded case: the fields of case.yaml, checked. NULL / -1 when absent. */
typedef struct az_case {
    char *dir;      /* the case folder, absolute */
    char *name;     /* the folder's last component ("001-whatsapp-register") */
    char *file;     /* the case.yaml path, as the caller named it */
    char *document; /* the entry document, absolute */
    const char *title;
    const char *workflow;   /* NULL: the document's only (first) workflow */
    const char *skip;       /* a reason not to run the case */
    json_object *checklist; /* array of rule IDs */
    json_object *inputs;    /* object */
    json_object *servers;   /* {source: base path} */
    json_object *exchanges; /* array; NULL: none */
    bool in_order;          /* order: sequence (true) or match */
    /* expect */
    int exit;                 /* -1: not checked */
    const char *status;       /* succeeded | failed | aborted */
    json_object *outputs;     /* object */
    json_object *steps;       /* array of stepIds */
    json_object *diagnostics; /* array of {code, line, column} */
    bool requests_prefix;     /* requests: prefix (else exact) */
    struct az_doc *doc;       /* the loaded case.yaml owning the nodes */
} az_case;

/*
 * Loads the case at `path` (a case folder, or its case.yaml) and checks its
 * shape: unknown keys, wrong types, a missing or unreadable `document`,
 * each appended to `diags` at the file:line:col of the offending key or
 * value (codes case-unknown-key, case-type, case-missing, case-document).
 * `document` is resolved against the case folder. Returns AZ_OK and the
 * case, AZ_ERR_IO when case.yaml cannot be read, AZ_ERR_SYNTAX for
 * malformed YAML, AZ_ERR_INVALID for a bad shape, AZ_ERR_NOMEM; *out is
 * NULL on failure.
 */
az_status az_case_load(const char *path, az_diags *diags, az_case **out);

/* Frees a case; NULL is fine. */
void az_case_free(az_case *c);

/* How cases run; az_case_opts_init gives the defaults. */
typedef struct az_case_opts {
    /* NULL (default): this engine, in process. Otherwise a command template
     * run with /bin/sh -c; see conformance/README.md for its placeholders. */
    const char *engine;
    /* Limit of one run, in seconds (default AZ_CASE_DEFAULT_TIMEOUT). */
    double timeout_s;
} az_case_opts;

void az_case_opts_init(az_case_opts *opts);

typedef enum az_case_verdict { AZ_CASE_PASSED, AZ_CASE_FAILED, AZ_CASE_SKIPPED } az_case_verdict;

/* "passed", "failed" or "skipped". */
const char *az_case_verdict_name(az_case_verdict verdict);

/* What running a case found. */
typedef struct az_case_result {
    az_case_verdict verdict;
    json_object *reasons;  /* array of strings: why it failed or was skipped */
    int exit;              /* the engine's exit status; -1 when it did not run */
    double time_ms;        /* wall time of the run */
    json_object *requests; /* the mock's log (az_mock_requests) */
    json_object *run;      /* in process: the run result (az_run), or NULL */
    char *output;          /* the external engine's stdout and stderr, or NULL */
} az_case_result;

/*
 * Runs case `c`: starts the script mock on an ephemeral port, runs the
 * engine against it (each source of `servers`, by default every openapi
 * source of the entry document, sent to the mock's URL plus its base path)
 * and judges the outcome. Returns AZ_OK with *out filled (passed, failed or
 * skipped, with reasons), or AZ_ERR_IO / AZ_ERR_NOMEM when the mock or the
 * engine could not be started (then *out says why, as a failure).
 */
az_status az_case_run(const az_case *c, const az_case_opts *opts, az_case_result *out);

/* Releases a result's contents. */
void az_case_result_cleanup(az_case_result *r);

/*
 * The steps a run executed, from the `steps` of an az_run result: the
 * stepId of every attempt that is not followed by a retry of itself (the
 * next entry with the same workflowId and stepId and attempt + 1), in
 * order, sub-workflow steps included where they ran. New array.
 */
json_object *az_case_executed_steps(json_object *run);

#ifdef __cplusplus
}
#endif

#endif /* ARAZZO_CONFORMANCE_H */
