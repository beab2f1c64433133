/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine_run_internal.h - what the files of the executor share: secret
 * masking (engine_secrets.c), request building (engine_request.c), response
 * reading (engine_response.c), inputs (engine_inputs.c), parameters and
 * actions of a step (engine_step_model.c) and the run itself
 * (engine_run.c).
 */
#ifndef ARAZZO_ENGINE_RUN_INTERNAL_H
#define ARAZZO_ENGINE_RUN_INTERNAL_H

#include <arazzo/expr.h>
#include <arazzo/engine.h>

/* Stores a new printf-formatted message in *error when error is not NULL
 * (engine_error.c). */
void az__engine_error(char **error, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/*
 * A copy of a JSON value (a new reference; NULL for JSON null or when out
 * of memory) whose arrays and objects are new and may be modified; scalars
 * are shared (engine_json.c). Documents' nodes are never modified in place.
 */
json_object *az__json_copy(json_object *v);

/* ------------------------------------------------------------------------ */
/* Secrets                                                                   */
/* ------------------------------------------------------------------------ */

/* The secret values of a run; masking does nothing when not enabled. */
typedef struct az__masker {
    bool enabled;
    char **values;
    size_t n;
} az__masker;

void az__masker_add(az__masker *m, json_object *value);

/* Tells whether a response member or an output named `name` holds a secret
 * value: once '_' and '-' are dropped, the name ends in token, secret,
 * password, passwd, apikey or credential(s), whatever the case
 * (access_token, refreshToken, client-secret; not token_type). */
bool az__name_holds_secret(const char *name);

/* Remembers the values of the members of `v` (objects and arrays, nested
 * up to 32 levels) whose names hold secrets. */
void az__masker_add_members(az__masker *m, json_object *v, unsigned depth);
void az__masker_clear(az__masker *m);
char *az__mask_text(const az__masker *m, const char *text, size_t len);
json_object *az__mask_json(const az__masker *m, json_object *v);
char *az__mask_header(const az__masker *m, const char *name, const char *value);

/* ------------------------------------------------------------------------ */
/* The step model: parameters and actions as they apply to one step         */
/* ------------------------------------------------------------------------ */

/* One effective parameter (EXEC-20): identity and the value as written. */
typedef struct az__param {
    const char *name;
    const char *in;     /* NULL when not given (workflow steps) */
    json_object *value; /* borrowed from the document; NULL is JSON null */
} az__param;

/*
 * Collects the effective parameters of a step: the workflow's, then the
 * step's replacing those with the same (name, in) (header names compared
 * case-insensitively, PAR-05); Reusable Objects resolved against the
 * components of `doc` with their `value` override (REU-02). Stores a new
 * array in *out. Returns AZ_OK, or AZ_ERR_INVALID with *error (an
 * unresolvable reference), or AZ_ERR_NOMEM.
 */
az_status az__step_params(json_object *doc_root, json_object *workflow, json_object *step,
                          az__param **out, size_t *n_out, char **error);

/* One action, resolved from a Reusable Object when it was one. */
typedef struct az__action {
    json_object *node;
    const char *name;
    const char *type; /* "end", "goto", "retry" */
    const char *step_id;
    const char *workflow_id;
    double retry_after;    /* < 0 when not given */
    long long retry_limit; /* < 0 when not given */
    json_object *criteria;
} az__action;

/*
 * The effective actions of a step after success (`failure` false) or
 * failure (EXEC-31): the step's own, in order, then the workflow's whose
 * names the step does not use. Stores a new array in *out. Returns AZ_OK,
 * AZ_ERR_INVALID with *error, or AZ_ERR_NOMEM.
 */
az_status az__step_actions(json_object *doc_root, json_object *workflow, json_object *step,
                           bool failure, az__action **out, size_t *n_out, char **error);

/* ------------------------------------------------------------------------ */
/* Requests and responses                                                    */
/* ------------------------------------------------------------------------ */

/* A request being built, and the $request.* view of it. */
typedef struct az__request {
    char *method;
    char *url;
    az_http_header *headers;
    size_t n_headers;
    char *body;
    size_t body_len;
    char *content_type;
    json_object *view; /* {"header": {}, "query": {}, "path": {}, "body": ...} */
} az__request;

void az__request_clear(az__request *r);

/* Adds a header to a built request and to its $request view, unless one of
 * that name (case-insensitive) is there already. Returns AZ_OK or
 * AZ_ERR_NOMEM. */
az_status az__request_add_default_header(az__request *r, const char *name, const char *value);

/*
 * Builds the HTTP request of an operation step (EXEC-22, EXEC-23, PAR-04,
 * PAR-06, RB-01..05): the server (`server_override` when not NULL, else
 * the operation's first server with variable defaults; a relative server
 * URL is an error naming --server), path parameters into the template,
 * query parameters, headers, cookies, serialized per the operation's
 * parameter style; `values[i]` is the evaluated value of `params[i]`
 * (NULL: JSON null, which omits the parameter). `body` is the evaluated
 * payload (NULL when the step has no requestBody) and `content_type` the
 * step's contentType (may be NULL: RB-03 picks one). Returns AZ_OK, or
 * AZ_ERR_INVALID with *error, or AZ_ERR_NOMEM.
 */
az_status az__request_build(const az_oas_operation *op, const char *server_override,
                            const az__param *params, json_object *const *values, size_t n_params,
                            bool has_body, json_object *body, const char *content_type,
                            az__request *out, char **error);

/*
 * The $response.* view of a response (EXEC-25): {"header": {name: value},
 * "body": JSON tree when the Content-Type is JSON (+json) and the body
 * parses, else the text}. A new reference.
 */
json_object *az__response_view(const az_http_response *resp);

/* ------------------------------------------------------------------------ */
/* Authentication from the OpenAPI description (engine_auth.c)              */
/* ------------------------------------------------------------------------ */

/* The authentication state of a run: the OAuth2 tokens fetched (per
 * scheme) and the schemes already warned about. */
typedef struct az__auth {
    const az_run_opts *opts;
    az__masker *masker;
    json_object *tokens; /* scheme name -> token */
    json_object *warned; /* scheme name -> true */
} az__auth;

/* Releases what the state holds. */
void az__auth_clear(az__auth *auth);

/* Encodes `len` bytes as base64 (RFC 4648, with padding); a new string,
 * NULL when out of memory. */
char *az__base64_encode(const unsigned char *data, size_t len);

/*
 * Applies the run's credentials to a built request of `op` (see
 * docs/running.md "Authentication"): the first security requirement whose
 * schemes all have a credential, each scheme unless the step sets that
 * header, query parameter or cookie itself. Every credential and token is
 * added to the masker. A warning for the caller to report (a scheme type
 * that is not supported, once per scheme) is stored as a new string in
 * *warning. Returns AZ_OK, AZ_ERR_INVALID with *error (a token request
 * failed), or AZ_ERR_NOMEM.
 */
az_status az__auth_apply(az__auth *auth, az_docset *set, const az_oas_operation *op,
                         const az__param *params, json_object *const *values, size_t n_params,
                         az__request *req, char **warning, char **error);

/* ------------------------------------------------------------------------ */
/* Contract checks against the OpenAPI description (engine_contract.c)      */
/* ------------------------------------------------------------------------ */

/* The response schemas compiled so far in a run, by schema node. */
typedef struct az__contract {
    az_docset *set;
    json_object **nodes;
    az_schema **schemas; /* NULL where the schema did not compile */
    char **errors;       /* why it did not compile */
    size_t n, cap;
} az__contract;

void az__contract_clear(az__contract *c);

/* The outcome of one check; `message` is a new string. */
typedef struct az__check_result {
    az_check_kind kind;
    bool passed;
    char *message;
} az__check_result;

/*
 * Checks a response (`view`: its $response view) of operation `op` with
 * every check whose level in `levels` is not off and that applies: the
 * status always (unless the operation declares no responses), the
 * Content-Type when the status is declared, the schema when the media
 * type is declared, JSON and has a schema. Stores the outcomes in `out`
 * in check order and returns how many there are.
 */
size_t az__contract_check(az__contract *c, const az_check_level levels[AZ_N_CHECKS],
                          const az_oas_operation *op, const az_http_response *resp,
                          json_object *view, az__check_result out[AZ_N_CHECKS]);

/* ------------------------------------------------------------------------ */
/* Inputs                                                                    */
/* ------------------------------------------------------------------------ */

/*
 * Checks `inputs` against a workflow's `inputs` schema (EXEC-10) after
 * applying the defaults of its top-level properties; stores the inputs to
 * use in *out (a new reference). Each violation is appended to `diags`
 * (may be NULL) at `where` (the schema's file position) and counted in
 * *violations. Returns AZ_OK (even with violations) or AZ_ERR_NOMEM /
 * AZ_ERR_INVALID (the schema does not compile: *error).
 */
az_status az__inputs_prepare(az_docset *set, const az_source *src, json_object *workflow,
                             json_object *inputs, json_object **out, az_diags *diags,
                             size_t *violations, char **error);

#endif /* ARAZZO_ENGINE_RUN_INTERNAL_H */
