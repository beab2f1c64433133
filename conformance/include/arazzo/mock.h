/* SPDX-License-Identifier: Apache-2.0 */
/*
 * arazzo/mock.h - the built-in mock server (issue #6, item 2): serves any
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
#ifndef ARAZZO_MOCK_H
#define ARAZZO_MOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <arazzo/core.h>
#include <arazzo/docset.h>

#ifdef __cplusplus
extern "C" {
#endif

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
 * "exchange" (the 1-based exchange it met, or null) and "dropped": true
 * when the response was a dropped connection. Returns as az_mock_start.
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

#ifdef __cplusplus
}
#endif

#endif /* ARAZZO_MOCK_H */
