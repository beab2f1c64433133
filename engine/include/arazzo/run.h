/* SPDX-License-Identifier: Apache-2.0 */
/*
 * arazzo/run.h - running workflows of a loaded Arazzo Description with
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
#ifndef ARAZZO_RUN_H
#define ARAZZO_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include <arazzo/core.h>
#include <arazzo/description.h>
#include <arazzo/transport.h>

#ifdef __cplusplus
extern "C" {
#endif

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

#endif /* ARAZZO_RUN_H */
