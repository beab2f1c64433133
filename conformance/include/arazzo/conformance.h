/* SPDX-License-Identifier: Apache-2.0 */
/*
 * arazzo/conformance.h - the conformance module: the conformance suite
 * runner and the built-in mock server.
 *
 * The module's one public header (STYLE.md), in parts that build on
 * each other; each part says what it owns. The rule they share: what a
 * _new, _compile, _load or _build function returns belongs to the
 * caller and is released with the matching _free; everything passed in
 * is borrowed.
 */
#ifndef ARAZZO_CONFORMANCE_H
#define ARAZZO_CONFORMANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <arazzo/core.h>
#include <arazzo/openapi.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ======================================================================== */
/*
 * The built-in mock server (issue #6, item 2): serves any
 * OpenAPI 3.0/3.1 or Swagger 2.0 description over HTTP on the loopback
 * interface, answering each operation with a response synthesized from
 * its `example` / `examples` / schemas, so a workflow can be tried with no
 * backend, and logging every request as one JSON line. See docs/mock.md
 * for how requests are routed and responses chosen.
 *
 * Ownership: az_mock_start returns a mock the caller releases with
 * az_mock_stop; az_mock_requests returns a new JSON reference; every other
 * string is borrowed from the mock. The docset and the description are
 * borrowed: they must outlive the mock, and while it runs its server
 * thread reads them (and may load files a `$ref` names into the docset),
 * so the caller must not use the docset from another thread meanwhile.
 */
/* ======================================================================== */

/* Log entries kept in memory for az_mock_requests (the count and the log
 * file go on past it). */
#define AZ_MOCK_MAX_KEPT 10000u

/* Largest request body read; a larger one is answered 413. */
#define AZ_MOCK_MAX_BODY ((size_t)1 << 20)

/* How a mock serves; az_mock_opts_init gives the defaults. */
typedef struct az_mock_opts {
    /* The IPv4 or IPv6 address to listen on (default "127.0.0.1"). */
    const char *host;
    /* The TCP port; 0 (default): an ephemeral one, see az_mock_port. */
    unsigned port;
    /* Where each request is logged as one JSON line, flushed at once;
     * NULL (default): nowhere. Borrowed; written from the server thread. */
    FILE *log;
    /* Answer 400 when a required parameter is missing, a required body is
     * absent, or a JSON body breaks the operation's schema (default false). */
    bool validate_requests;
} az_mock_opts;

/* Fills `opts` with the defaults above. */
void az_mock_opts_init(az_mock_opts *opts);

/* A running mock server (opaque). */
typedef struct az_mock az_mock;

/*
 * Indexes the operations of `description` (an OpenAPI or Swagger document
 * loaded in `set`) and starts serving them on opts->host:opts->port (`opts`
 * NULL: the defaults) from a thread of its own. Returns AZ_OK and the mock
 * in *out; AZ_ERR_INVALID when the document is not a description or the
 * host is not an IP address; AZ_ERR_IO when the port cannot be bound;
 * AZ_ERR_NOMEM. On failure *out is NULL and, when `error` is not NULL,
 * *error receives a new lowercase message (the caller frees it).
 */
az_status az_mock_start(az_docset *set, const az_source *description, const az_mock_opts *opts,
                        az_mock **out, char **error);

/*
 * Starts a mock in script mode: it serves a copy of `exchanges` (a
 * conformance case's array of {request: matcher, response}; see
 * conformance/README.md), in order when `in_order` (the n-th request must
 * meet the n-th exchange) or by match (each request takes the first unused
 * exchange it meets). A request that meets no exchange, or comes after the
 * script, is answered 500 with {"error": "request N: ...", "expected":
 * [matchers]} and logged with that "mismatch". Each log entry also has
 * "exchange" (the 1-based exchange it met - in order, also the one it was
 * compared with and did not meet - or null) and "dropped": true when the
 * response was a dropped connection. Returns as az_mock_start.
 */
az_status az_mock_start_script(json_object *exchanges, bool in_order, const az_mock_opts *opts,
                               az_mock **out, char **error);

/* The port the mock listens on (the ephemeral one when 0 was asked). */
unsigned az_mock_port(const az_mock *mock);

/* Its base URL, "http://127.0.0.1:PORT" ("http://[::1]:PORT" for IPv6). */
const char *az_mock_url(const az_mock *mock);

/* How many operations it serves (script mode: how many exchanges). */
size_t az_mock_operation_count(const az_mock *mock);

/* How many requests it has answered so far (thread-safe). */
size_t az_mock_request_count(const az_mock *mock);

/*
 * The log entries so far, as a new JSON array (the caller puts it) of
 * copies of the objects written to the log: {"method", "path", "query":
 * {name: value}, "headers": {name: value}, "body", "status",
 * "operationId"}, plus "pathParams" when the route captured any and
 * "violations" when --validate refused the request; see docs/mock.md.
 * Thread-safe. NULL when out of memory.
 */
json_object *az_mock_requests(const az_mock *mock);

/* Stops the server (waiting for the request in progress) and frees the
 * mock. NULL is fine. */
void az_mock_stop(az_mock *mock);

/* ======================================================================== */
/*
 * The conformance runner (issue #6): loading a case
 * (a folder with a case.yaml, see conformance/README.md), running it
 * against the script mock (above) with this engine in process or
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
/* ======================================================================== */

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
