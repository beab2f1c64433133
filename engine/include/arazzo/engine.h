/* SPDX-License-Identifier: Apache-2.0 */
/*
 * arazzo/engine.h - the engine module: the HTTP transport (libcurl,
 * replay), Arazzo Descriptions loaded with their sources, their validation,
 * and running workflows.
 *
 * The module's one public header (STYLE.md), in parts that build on
 * each other; each part says what it owns. The rule they share: what a
 * _new, _compile, _load or _build function returns belongs to the
 * caller and is released with the matching _free; everything passed in
 * is borrowed.
 */
#ifndef ARAZZO_ENGINE_H
#define ARAZZO_ENGINE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <arazzo/core.h>
#include <arazzo/openapi.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ======================================================================== */
/*
 * How the engine sends one HTTP request and gets one
 * response: an interface with two implementations, libcurl over the
 * network (redirects never followed - checklist EXEC-28 -, connect and
 * total timeouts, TLS verification on, proxies from the environment, one
 * connection pool reused for the whole run, a response size cap) and an
 * in-process replay of scripted responses for fast unit tests.
 *
 * Ownership: a transport is created by a _new function and released with
 * az_transport_free. Requests are borrowed for the duration of the call;
 * every string of a filled az_http_response belongs to it and is released
 * with az_http_response_clear. A transport serves one thread at a time.
 * docs/transport.md describes the guarantees and the replay script.
 */
/* ======================================================================== */

/* One header line: name and value, both NUL-terminated. */
typedef struct az_http_header {
    char *name;
    char *value;
} az_http_header;

/*
 * One request. The URL is absolute http or https and already encoded. The
 * headers are sent exactly as given, in order (an empty value is sent as an
 * empty header); the transport adds only what HTTP needs (Host,
 * Content-Length, and a User-Agent and a catch-all Accept unless given)
 * and never Expect, Accept-Encoding or a Content-Type of its own. POST, PUT
 * and PATCH without a body send an empty one (Content-Length: 0); HEAD
 * takes no body.
 */
typedef struct az_http_request {
    const char *method; /* "GET", "POST"... (an HTTP token, any method) */
    const char *url;
    const az_http_header *headers;
    size_t n_headers;
    const char *body; /* NULL: no body */
    size_t body_len;
    /* Per-request total timeout in milliseconds; 0: the transport's. */
    long timeout_ms;
} az_http_request;

/* What went wrong when no response arrived. */
typedef enum az_http_failure {
    AZ_HTTP_OK = 0,    /* a response arrived (any status) */
    AZ_HTTP_CONNECT,   /* DNS, refused, unreachable */
    AZ_HTTP_TLS,       /* the TLS handshake or the certificate check failed */
    AZ_HTTP_TIMEOUT,   /* connect or total timeout */
    AZ_HTTP_RESET,     /* connection closed or reset mid-exchange */
    AZ_HTTP_TOO_LARGE, /* the body passed the size cap */
    AZ_HTTP_CANCELLED, /* the run was interrupted */
    AZ_HTTP_OTHER      /* anything else (a replay script not followed...) */
} az_http_failure;

/*
 * One response. When none arrived, `failure` says why, `error` says it for
 * people (naming the URL), status is 0, there are no headers and body is
 * NULL; the engine then fails the step with $statusCode undefined
 * (checklist EXEC-24). Headers are those of the final response only (not
 * of a 100 Continue or a proxy's CONNECT answer); trailers are dropped.
 */
typedef struct az_http_response {
    long status;
    az_http_header *headers; /* in arrival order, names as sent */
    size_t n_headers;
    char *body; /* NUL-terminated (body_len bytes before the NUL) */
    size_t body_len;
    double time_ms; /* from sending to the last byte */
    az_http_failure failure;
    char *error; /* what failed, for people; NULL on success */
} az_http_response;

/* Releases what a response holds and zeroes it. */
void az_http_response_clear(az_http_response *resp);

/* The first header named `name` (case-insensitive), or NULL. */
const char *az_http_header_get(const az_http_header *headers, size_t n, const char *name);

/*
 * Names a failure: "ok", "connect", "tls", "timeout", "reset",
 * "too-large", "cancelled", "other" (the names a replay script's "failure"
 * uses).
 */
const char *az_http_failure_name(az_http_failure failure);

/* The transport interface. */
typedef struct az_transport az_transport;
struct az_transport {
    /*
     * Sends `req` and fills `resp` (zeroed by the caller). Returns AZ_OK
     * when the exchange was attempted - a response, or a transport failure
     * recorded in resp->failure and resp->error - and AZ_ERR_NOMEM or
     * AZ_ERR_INVALID (a malformed request) otherwise.
     */
    az_status (*send)(az_transport *t, const az_http_request *req, az_http_response *resp);
    void (*destroy)(az_transport *t);
};

/*
 * Sends through any transport. `resp` is zeroed first (a previous content
 * is not released). Checks the request before the transport sees it: a
 * method that is not an HTTP token, a URL that is not absolute http(s) or
 * holds a space or control character, a header name that is not a token or
 * a value holding CR, LF or another control character but tab, a HEAD with
 * a body, a body pointer NULL with a length, or a negative timeout return
 * AZ_ERR_INVALID with resp->error saying which. Then returns what the
 * transport's send returns.
 */
az_status az_transport_send(az_transport *t, const az_http_request *req, az_http_response *resp);
/* Releases any transport (NULL is fine). */
void az_transport_free(az_transport *t);

/* Defaults of az_curl_opts_init. */
#define AZ_DEFAULT_CONNECT_TIMEOUT_MS 10000L
#define AZ_DEFAULT_REQUEST_TIMEOUT_MS 30000L
#define AZ_DEFAULT_MAX_RESPONSE_BYTES ((size_t)64 << 20)

/* Options of the libcurl transport; 0 in a limit means "none". */
typedef struct az_curl_opts {
    long connect_timeout_ms;
    long timeout_ms;           /* total, per request (connect included) */
    size_t max_response_bytes; /* larger bodies fail with AZ_HTTP_TOO_LARGE */
    bool insecure;             /* skip TLS verification (off by default) */
    const char *user_agent;    /* NULL: "arazzo/X.Y.Z"; copied */
    /* TLS and proxy settings, each NULL for libcurl's default; copied:
     * a CA bundle (PEM) to verify servers with, a client certificate and
     * its key (PEM) for mutual TLS, and a proxy URL (otherwise the
     * http_proxy / https_proxy / no_proxy environment variables apply). */
    const char *cacert;
    const char *cert;
    const char *key;
    const char *proxy;
    /*
     * When set and *cancel becomes non-zero (a SIGINT handler may set it),
     * a request in flight stops with AZ_HTTP_CANCELLED within about 100 ms,
     * and a request sent while it is non-zero fails that way unsent.
     */
    volatile sig_atomic_t *cancel;
} az_curl_opts;

/* Fills `opts` with the defaults above, TLS verified and no cancel flag. */
void az_curl_opts_init(az_curl_opts *opts);

/*
 * The libcurl transport: redirects never followed, only http and https,
 * TLS verified unless `insecure`, proxies from the environment (http_proxy,
 * https_proxy, no_proxy...), one connection pool for every request it
 * sends. `opts` may be NULL for the defaults and is copied. NULL when out
 * of memory or libcurl fails to start.
 */
az_transport *az_transport_curl_new(const az_curl_opts *opts);

/*
 * The replay transport: answers requests from a script instead of the
 * network. The script is a JSON array of exchanges, served in order:
 *
 *   [{"request": {"method": "POST", "url": "https://x/y"},   (optional match)
 *     "response": {"status": 200, "headers": {"Content-Type": "application/json"},
 *                  "body": {...} | "text"},                   (body JSON is serialized)
 *     "failure": "timeout"}]                                  (instead of a response)
 *
 * The n-th request is answered by the n-th exchange. "request" may give
 * "method" (compared case-insensitively) and "url" (compared exactly).
 * "status" defaults to 200; a header value may be a string, a number or an
 * array of them (one header each); a body that is not a string is sent as
 * compact JSON, with Content-Type: application/json unless the headers give
 * a Content-Type; no body is an empty one. "failure" is a name of
 * az_http_failure_name (not "ok").
 *
 * A request that does not match its exchange, or comes after the script
 * ended, or meets a malformed exchange, gets status 0 with failure
 * AZ_HTTP_OTHER and an error saying which exchange and what it expected.
 * Every request received is recorded (az_replay_requests). The script is
 * borrowed (json_object_get'd) until the transport is freed. NULL when
 * `script` is not an array or when out of memory.
 */
az_transport *az_transport_replay_new(json_object *script);

/*
 * The requests a replay transport received so far, as a JSON array of
 * {"method", "url", "headers": {name: value}, "body": text or null}
 * (headers repeated under one name are joined with ", "; borrowed; valid
 * until the transport's release). NULL for another kind of transport.
 */
json_object *az_replay_requests(az_transport *replay);

/*
 * Reads an HTTP-date (RFC 9110 section 5.6.7: the IMF-fixdate
 * "Sun, 06 Nov 1994 08:49:37 GMT", or the obsolete RFC 850 and asctime
 * forms) into seconds since the epoch. Returns false for anything else.
 */
bool az_http_date_parse(const char *text, time_t *out);

/* ------------------------------------------------------------------------ */
/* Downloading documents                                                     */
/* ------------------------------------------------------------------------ */

/*
 * An az_fetch_fn (arazzo/openapi.h) over a transport (`user` is the
 * az_transport): GET with "Accept: application/json, application/yaml,
 * text/yaml, * / *", up to 5 redirects followed (http and https only,
 * Location resolved against the URL), a 2xx status required, the body
 * capped at `max_bytes`.
 */
az_status az_transport_fetch(void *user, const char *url, size_t max_bytes, char **data,
                             size_t *len, char **content_type, char **error);

/* Defaults of the transport az_docset_opts_set_fetcher creates. */
#define AZ_DEFAULT_FETCH_TIMEOUT_MS 60000L

/*
 * Creates a libcurl transport for downloading documents (connect timeout
 * AZ_DEFAULT_CONNECT_TIMEOUT_MS, total AZ_DEFAULT_FETCH_TIMEOUT_MS, size cap
 * opts->load.max_bytes) and points opts->fetch at it through
 * az_transport_fetch. Returns the transport, which the caller frees after
 * every docset using `opts`; NULL when out of memory (opts unchanged).
 */
az_transport *az_docset_opts_set_fetcher(az_docset_opts *opts);

/* ======================================================================== */
/*
 * An Arazzo Description loaded for use: the entry
 * document and, recursively and cycle-safely, every source description it
 * names (checklist SRC-05, SRC-06, EXEC-01): `openapi` sources loaded and
 * indexed (operations), `arazzo` sources loaded with their own sources,
 * URLs resolved against the document that wrote them (DOC-08).
 *
 * Ownership: az_description_load returns a description the caller releases
 * with az_description_free; everything reached from it (documents, nodes,
 * indexes, source records) belongs to it.
 */
/* ======================================================================== */

typedef struct az_arazzo_doc az_arazzo_doc;

/* One entry of an Arazzo document's `sourceDescriptions`. */
typedef struct az_source_desc {
    const char *name;  /* as written (NULL when missing or not a string) */
    const char *url;   /* as written (NULL when missing or not a string) */
    const char *type;  /* "openapi", "arazzo" or NULL when not given */
    json_object *node; /* the Source Description Object */
    /* What the URL loaded (NULL when it failed to load; the failure is a
     * diagnostic at the `url` value). */
    const az_source *src;
    /* The kind actually used: `type` when given, else the sniffed kind
     * (SRC-04). */
    az_doc_kind kind;
    /* For openapi/swagger sources: the operation index (NULL otherwise or
     * when the document is not a description). */
    az_oas_index *index;
    /* For arazzo sources: the loaded document (NULL otherwise). */
    az_arazzo_doc *arazzo;
} az_source_desc;

/* One loaded Arazzo document with its sources. */
struct az_arazzo_doc {
    const az_source *src;
    az_source_desc *sources;
    size_t n_sources;
};

typedef struct az_description az_description;

typedef struct az_description_opts {
    /* Without a fetch function, http(s) documents are downloaded with a
     * libcurl transport the description creates (az_docset_opts_set_fetcher). */
    az_docset_opts docset;
    /* Deepest chain of `arazzo` sources followed (entry is depth 1). */
    unsigned max_arazzo_depth;
} az_description_opts;

/* Fills the defaults: az_docset_opts_init's, arazzo depth 16. */
void az_description_opts_init(az_description_opts *opts);

/*
 * Loads the Arazzo document at `path_or_url` (a path, "-" is not handled
 * here) and every source it names, recursively. Problems go to `diags`:
 * the entry document's own load errors (then AZ_ERR_IO/SYNTAX/LIMIT is
 * returned and *out is NULL), and, as diagnostics only, each source that
 * cannot be loaded or is of the wrong kind (at its `url` value,
 * code "source-unreadable" / "source-kind"). Defects inside OpenAPI
 * sources are NOT reported here: see az_oas_index_report. Returns AZ_OK
 * and the description (even when some sources failed), or a load status.
 */
az_status az_description_load(const char *path_or_url, const az_description_opts *opts,
                              az_diags *diags, az_description **out);

/* Same for an entry document in memory, named `name` and located at `url`
 * (relative sources resolve against it; NULL: the current directory). */
az_status az_description_load_buffer(const char *name, const char *url, const char *data,
                                     size_t len, const az_description_opts *opts, az_diags *diags,
                                     az_description **out);

void az_description_free(az_description *desc);

/* The entry document. */
const az_arazzo_doc *az_description_entry(const az_description *desc);
/* Every Arazzo document loaded (the entry first), for validation. */
size_t az_description_doc_count(const az_description *desc);
const az_arazzo_doc *az_description_doc(const az_description *desc, size_t i);
/* The docset holding every document. */
az_docset *az_description_docset(const az_description *desc);

/* A source of a document by name (NULL when none). */
const az_source_desc *az_arazzo_doc_source(const az_arazzo_doc *doc, const char *name);

/*
 * Resolves an Arazzo `operationId` value written in `doc` (checklist
 * STEP-03): `$sourceDescriptions.<name>.<operationId>` looks in that source;
 * a plain id looks in the document's only openapi source. Stores the
 * operation and its source in *op / *source. Returns AZ_OK,
 * AZ_ERR_NOT_FOUND (no such operation; *error says where it looked and
 * suggests the closest id), or AZ_ERR_INVALID (unknown source, an arazzo
 * source, a plain id with several openapi sources: *error says which).
 */
az_status az_arazzo_doc_find_operation(const az_arazzo_doc *doc, const char *operation_id,
                                       const az_oas_operation **op, const az_source_desc **source,
                                       char **error);

/*
 * Resolves an `operationPath` value (checklist STEP-04): `{$sourceDescriptions.<name>.url}`
 * interpolated (literal `{` elsewhere), split at the first '#', the part
 * before matched against the resolved URLs of the document's sources, the
 * fragment looked up in that source's index. Same results as
 * az_arazzo_doc_find_operation.
 */
az_status az_arazzo_doc_find_operation_path(const az_arazzo_doc *doc, const char *operation_path,
                                            const az_oas_operation **op,
                                            const az_source_desc **source, char **error);

/*
 * Resolves a `workflowId` value written in `doc` (checklist STEP-06):
 * a plain id names a workflow of `doc`; `$sourceDescriptions.<name>.<id>`
 * one of that arazzo source. Stores the Workflow Object and the document
 * that holds it. Returns AZ_OK, AZ_ERR_NOT_FOUND or AZ_ERR_INVALID with
 * *error set as above.
 */
az_status az_arazzo_doc_find_workflow(const az_arazzo_doc *doc, const char *workflow_id,
                                      json_object **workflow, const az_arazzo_doc **owner,
                                      char **error);

/* ======================================================================== */
/*
 * The Arazzo engine: validating Arazzo Descriptions
 * (checklist sections 1, 2 and the static rules of 3; docs/validation.md).
 *
 * Ownership follows arazzo/core.h: what _new/_load return belongs to the
 * caller; everything else is borrowed. Validation never prints: every
 * finding is appended to the caller's az_diags list.
 */
/* ======================================================================== */

/* How a description is validated; az_validate_opts_init gives the defaults. */
typedef struct az_validate_opts {
    /* SHOULD-level findings (warnings) become errors. */
    bool strict;
    /* How az_validate_file / az_validate_buffer load the description (the
     * loader limits, network access, the URL map). */
    az_description_opts load;
} az_validate_opts;

/* Fills the defaults: not strict, az_description_opts_init's loading. */
void az_validate_opts_init(az_validate_opts *opts);

/*
 * Validates every Arazzo document of a loaded description (the entry and
 * its arazzo sources) against checklist section 2 and the static rules of
 * section 3: required fields and types, unknown fields, ids and names,
 * references to operations, workflows, steps, components and sources
 * (with "did you mean" hints), every runtime expression, template and
 * criterion compiled, dependsOn cycles, and the defects of the OpenAPI
 * sources in the operations the workflows use. Appends the diagnostics to
 * `diags`, each at the file:line:col of the value (or key) at fault.
 * `opts` may be NULL for the defaults. Returns AZ_OK when no error was
 * added (warnings and notes may have been), AZ_ERR_INVALID otherwise, or
 * AZ_ERR_NOMEM. Problems az_description_load already reported (sources
 * that did not load or are of the wrong kind) are not repeated, but they
 * do not count as errors here: the caller sees them in its own list.
 */
az_status az_validate_description(const az_description *desc, const az_validate_opts *opts,
                                  az_diags *diags);

/*
 * Loads the Arazzo document at `path` with every source it names
 * (az_description_load) and validates it (az_validate_description).
 * `opts` may be NULL for the defaults. Returns AZ_OK when no error was
 * found (warnings may have been added), AZ_ERR_IO when the file could not
 * be read or a source it names could not be read or downloaded
 * (source-unreadable, source-limit; as `arazzo operations` does),
 * AZ_ERR_SYNTAX or AZ_ERR_LIMIT for malformed input, AZ_ERR_INVALID for a
 * well-formed but invalid document, AZ_ERR_NOMEM.
 */
az_status az_validate_file(const char *path, const az_validate_opts *opts, az_diags *diags);

/* Same as az_validate_file for a document in memory named `name`; its
 * relative sources resolve against the current directory. */
az_status az_validate_buffer(const char *name, const char *data, size_t len,
                             const az_validate_opts *opts, az_diags *diags);

/* ======================================================================== */
/*
 * Running workflows of a loaded Arazzo Description with
 * every control-flow rule of checklist section 5: merged parameters,
 * requests built from the OpenAPI operation, success criteria,
 * onSuccess/onFailure with workflow-level defaults, end, goto, retry with
 * its limits and detours, sub-workflows, dependsOn, outputs; the limits
 * that keep a run finite; one event callback that reports and traces are
 * built on, with secrets masked. See docs/running.md.
 *
 * Ownership: az_run returns a new result object (json_object_put it);
 * options, inputs and the description are borrowed for the call.
 */
/* ======================================================================== */

/* How a workflow ended. */
typedef enum az_run_status {
    AZ_RUN_SUCCEEDED, /* its last step, or an `end` success action */
    AZ_RUN_FAILED,    /* a step failed and no action recovered it */
    AZ_RUN_ABORTED    /* a limit, a timeout or Ctrl-C stopped it */
} az_run_status;

/* "succeeded", "failed" or "aborted". */
const char *az_run_status_name(az_run_status status);

/* What happened; one callback receives them all, in order. */
typedef enum az_event_kind {
    AZ_EVENT_WORKFLOW_STARTED,
    AZ_EVENT_STEP_STARTED,
    AZ_EVENT_REQUEST_SENT,
    AZ_EVENT_RESPONSE_RECEIVED,
    AZ_EVENT_CRITERION_EVALUATED,
    AZ_EVENT_CHECK_EVALUATED,
    AZ_EVENT_ACTION_CHOSEN,
    AZ_EVENT_RETRY_SCHEDULED,
    AZ_EVENT_STEP_FINISHED,
    AZ_EVENT_WORKFLOW_FINISHED,
    AZ_EVENT_WARNING
} az_event_kind;

/* "workflow-started", "step-started", ... */
const char *az_event_kind_name(az_event_kind kind);

/*
 * The contract checks of an operation step's response against its OpenAPI
 * description (--check; see docs/running.md "Contract checks"): the status
 * code is declared in the operation's responses, the Content-Type is
 * declared for that response, and a JSON body validates against the media
 * type's schema.
 */
typedef enum az_check_kind {
    AZ_CHECK_STATUS,
    AZ_CHECK_CONTENT_TYPE,
    AZ_CHECK_SCHEMA,
    AZ_N_CHECKS
} az_check_kind;

/* How a failed check counts. */
typedef enum az_check_level {
    AZ_CHECK_OFF,  /* not checked */
    AZ_CHECK_WARN, /* reported; the step's success follows its own criteria */
    AZ_CHECK_ERROR /* reported, and the step fails (its onFailure actions apply) */
} az_check_level;

/* "status", "content-type", "schema"; NULL for other values. */
const char *az_check_kind_name(az_check_kind kind);
/* "off", "warn", "error"; NULL for other values. */
const char *az_check_level_name(az_check_level level);

/*
 * One event. Every pointer is borrowed for the duration of the callback;
 * fields that do not apply to the kind are NULL / 0. Requests, responses,
 * outputs and messages are already masked (unless masking is off).
 */
typedef struct az_event {
    az_event_kind kind;
    const char *workflow_id;
    const char *step_id;
    unsigned depth;   /* 0 for the workflow run, +1 per sub-workflow */
    unsigned attempt; /* 1 for the first try of a step, 2 for its first retry */
    /* REQUEST_SENT, RESPONSE_RECEIVED */
    const az_http_request *request;
    const az_http_response *response;
    /* CRITERION_EVALUATED; CHECK_EVALUATED (condition: the check's name,
     * reason: what was found, passed or not, and check_level) */
    const char *condition;
    bool passed;
    const char *reason; /* why it failed, NULL when a criterion passed */
    az_check_level check_level;
    /* ACTION_CHOSEN ("end", "goto", "retry", or "next"/"fail" when no action
     * matched), RETRY_SCHEDULED (delay_s) */
    const char *action_name;
    const char *action_type;
    const char *target; /* stepId or workflowId of goto/retry */
    double delay_s;
    /* STEP_FINISHED (success), WORKFLOW_FINISHED (status, outputs) */
    bool success;
    az_run_status status;
    json_object *outputs;
    double time_ms;
    /* WARNING, and the error of a failed step or aborted workflow */
    const char *message;
} az_event;

typedef void (*az_event_fn)(void *user, const az_event *event);

/* A server URL replacing every server of one source (--server NAME=URL). */
typedef struct az_server_override {
    const char *source; /* the sourceDescriptions name */
    const char *url;
} az_server_override;

/* A credential for one security scheme of the OpenAPI descriptions
 * (--auth SCHEME=VALUE): an apiKey's key, a bearer token, "user:password"
 * for http basic, "client_id:client_secret" for an oauth2
 * clientCredentials flow. See docs/running.md "Authentication". */
typedef struct az_credential {
    const char *scheme; /* the securitySchemes name */
    const char *value;
} az_credential;

/* Defaults of az_run_opts_init. */
#define AZ_DEFAULT_MAX_STEPS          2000u
#define AZ_DEFAULT_MAX_WORKFLOW_DEPTH 32u
#define AZ_DEFAULT_MAX_RETRY_DELAY    60.0

typedef struct az_run_opts {
    /* Where requests go (required): az_transport_curl_new or a replay. */
    az_transport *transport;
    /* Step executions allowed in one run, all workflows together (EXEC-52). */
    size_t max_steps;
    /* Nesting of sub-workflows, goto-workflow and dependsOn (EXEC-73). */
    unsigned max_depth;
    /* Whole-run limit in seconds; 0: none. */
    double execution_timeout_s;
    /* Per-request timeout in ms passed to the transport; 0: its own. */
    long request_timeout_ms;
    /* Longest delay a retry may wait (Retry-After is capped to it). */
    double max_retry_delay_s;
    /* Mask secrets in events and in the result (default true). */
    bool mask_secrets;
    /* Validate inputs against the workflow's `inputs` schema (EXEC-10). */
    bool validate_inputs;
    const az_server_override *servers;
    size_t n_servers;
    /* Headers added to every request of an operation step unless the step
     * sets a header of the same name itself (--header). */
    const az_http_header *headers;
    size_t n_headers;
    /* Credentials applied to operations that declare security (--auth),
     * masked everywhere. */
    const az_credential *credentials;
    size_t n_credentials;
    /* More values masked everywhere (--secret). */
    const char *const *secrets;
    size_t n_secrets;
    /* At most this many requests per second (0: no limit, --rate-limit). */
    double rate_limit;
    /* The level of each contract check (default AZ_CHECK_WARN). */
    az_check_level checks[AZ_N_CHECKS];
    /* --dry-run: build every request and report it (REQUEST_SENT) without
     * sending anything. Each workflow's steps run once, in order (actions
     * are not followed, criteria not evaluated); a step's outputs become
     * placeholders "{$steps.ID.outputs.NAME}" for the steps after it, and
     * OAuth2 tokens the placeholder "{oauth2 token of SCHEME}". */
    bool dry_run;
    az_event_fn on_event;
    void *event_user;
    /* When set and *cancel becomes non-zero, the run stops (Ctrl-C). */
    volatile sig_atomic_t *cancel;
} az_run_opts;

/* Fills the defaults (transport NULL: the caller must set it). */
void az_run_opts_init(az_run_opts *opts);

/*
 * Runs the workflow `workflow_id` of the entry document (NULL: the only
 * workflow there is) with `inputs` (a JSON object or NULL). Problems that
 * prevent the run - no such workflow, a reference that does not resolve in
 * any workflow the run can reach (operationId, operationPath, workflowId,
 * goto/retry stepId, Reusable objects: EXEC-01, code
 * run-reference-unresolved), inputs that break the inputs schema (every
 * violation listed), no transport - are diagnostics and the status
 * AZ_ERR_INVALID (*result NULL); nothing is sent then. Otherwise returns AZ_OK and *result:
 *
 *   {"workflowId", "status": "succeeded"|"failed"|"aborted", "error"?,
 *    "outputs": {...}, "steps": [{"workflowId", "stepId", "attempt",
 *    "request": {"method", "url", "headers", "body", "startedAt"},
 *    "response": {"status", "headers", "body", "timeMs"} | null,
 *    "error"?, "criteria": [{"condition", "passed", "reason"?}],
 *    "checks": [{"check", "level", "passed", "message"}],
 *    "action": {"name", "type", "target"} | null, "outputs", "success"}],
 *    "durationMs"}
 *
 * ("startedAt": the wall-clock time the request was sent, ISO 8601 UTC
 * with milliseconds; secrets masked unless opts->mask_secrets is false;
 * with opts->dry_run, "dryRun": true and every "response" null).
 */
az_status az_run(const az_description *desc, const char *workflow_id, json_object *inputs,
                 const az_run_opts *opts, az_diags *diags, json_object **result);

/*
 * What az_run checks before it sends anything, without running: the
 * workflow exists, every reference the run can reach resolves, and the
 * inputs satisfy the workflow's inputs schema (every violation listed).
 * Returns AZ_OK, or AZ_ERR_INVALID with the diagnostics az_run would give.
 * `arazzo run` checks every workflow it will run this way first, so a
 * mistake in the last one stops the run before the first request.
 */
az_status az_run_check(const az_description *desc, const char *workflow_id, json_object *inputs,
                       az_diags *diags);

/*
 * Tells whether an input is a secret (masked everywhere): `format:
 * password` in its schema, or a name containing token, secret, password,
 * passwd, apikey, api_key, api-key or credential (case-insensitive).
 */
bool az_input_is_secret(const char *name, json_object *schema);

/* Tells whether a header carries credentials: Authorization,
 * Proxy-Authorization, Cookie, Set-Cookie and any name containing
 * "api-key", "apikey", "token", "secret" or "auth" (case-insensitive). */
bool az_header_is_secret(const char *name);

#ifdef __cplusplus
}
#endif

#endif /* ARAZZO_ENGINE_H */
