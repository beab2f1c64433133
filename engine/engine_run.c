/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine_run.c - the executor (checklist section 5, reference algorithm
 * 5.11): every reference the run may follow resolved before the first
 * request (EXEC-01), a workflow's inputs checked (EXEC-10), its
 * dependencies run once (EXEC-11), then its steps in order - an operation
 * step builds and sends its request (a required parameter left out is a
 * warning, EXEC-22), a workflow step runs the callee (EXEC-70..73) -
 * success criteria (EXEC-26), outputs (EXEC-27), the first matching action
 * (EXEC-30..33): end (EXEC-40/41), goto a step or a workflow (EXEC-50..53),
 * retry with retryAfter / Retry-After / retryLimit, exhausted retries
 * falling through to later actions, and step or workflow detours (a
 * failed one passing on to the later failure actions) (EXEC-60..66); the
 * workflow's outputs at the end (EXEC-80..82). Limits
 * (steps, depth, time, Ctrl-C) abort the run with a clear message. Every
 * event goes to the caller's callback and into the result's trace, with
 * secrets masked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "engine_run_internal.h"

/* ------------------------------------------------------------------------ */
/* Names and defaults                                                        */
/* ------------------------------------------------------------------------ */

/* Names a run status; see engine.h. */
const char *az_run_status_name(az_run_status status)
{
    switch (status) {
    case AZ_RUN_SUCCEEDED: return "succeeded";
    case AZ_RUN_FAILED: return "failed";
    case AZ_RUN_ABORTED: break;
    }
    return "aborted";
}

/* Names an event kind; see engine.h. */
const char *az_event_kind_name(az_event_kind kind)
{
    static const char *const names[] = {
        "workflow-started",    "step-started",      "request-sent",  "response-received",
        "criterion-evaluated", "check-evaluated",   "action-chosen", "retry-scheduled",
        "step-finished",       "workflow-finished", "warning"};
    return (size_t)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "unknown";
}

/* Fills the defaults; see engine.h. */
void az_run_opts_init(az_run_opts *opts)
{
    memset(opts, 0, sizeof(*opts));
    opts->max_steps = AZ_DEFAULT_MAX_STEPS;
    opts->max_depth = AZ_DEFAULT_MAX_WORKFLOW_DEPTH;
    opts->max_retry_delay_s = AZ_DEFAULT_MAX_RETRY_DELAY;
    opts->mask_secrets = true;
    opts->validate_inputs = true;
    for (int k = 0; k < AZ_N_CHECKS; k++)
        opts->checks[k] = AZ_CHECK_WARN;
}

/* ------------------------------------------------------------------------ */
/* State                                                                     */
/* ------------------------------------------------------------------------ */

/* One call of az_run. */
typedef struct session {
    const az_description *desc;
    const az_run_opts *opts;
    az_diags *diags;
    az__masker masker;
    json_object *workflows; /* $workflows: id -> {inputs, outputs} (EXEC-82) */
    json_object *completed; /* dependsOn: "url#id" -> true/false (EXEC-11) */
    json_object *trace;     /* the result's "steps" */
    size_t steps_run;
    double started;
    double last_send;      /* when the last request left, for the rate limit */
    char *abort_reason;    /* set once the run is aborted */
    az__auth auth;         /* --auth: OAuth2 tokens, warnings given */
    az__contract contract; /* --check: the response schemas compiled */
} session;

/* One execution of one workflow. */
typedef struct wf_exec {
    session *s;
    const az_arazzo_doc *doc;
    json_object *wf;
    const char *id;
    json_object *inputs;
    json_object *steps; /* $steps: stepId -> {outputs} */
    unsigned depth;
} wf_exec;

/* What a workflow returns to its caller. */
typedef struct wf_result {
    az_run_status status;
    json_object *outputs;
    char *error;
} wf_result;

static void run_workflow(session *s, const az_arazzo_doc *doc, json_object *wf, json_object *inputs,
                         unsigned depth, wf_result *out);

/* The monotonic clock in seconds. */
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The wall-clock time as ISO 8601 UTC with milliseconds (a new string). */
static json_object *wall_clock_iso(void)
{
    struct timespec ts;
    struct tm tm;
    char buf[40];
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf + n, sizeof buf - n, ".%03ldZ", ts.tv_nsec / 1000000L);
    return json_object_new_string(buf);
}

/* Aborts the run (first reason wins). */
static void abort_run(session *s, const char *reason)
{
    if (!s->abort_reason)
        s->abort_reason = strdup(reason);
}

/* Checks Ctrl-C and the execution timeout; true when the run must stop. */
static bool must_stop(session *s)
{
    if (s->abort_reason)
        return true;
    if (s->opts->cancel && *s->opts->cancel)
        abort_run(s, "interrupted");
    else if (s->opts->execution_timeout_s > 0 &&
             now_s() - s->started > s->opts->execution_timeout_s) {
        char msg[96];
        snprintf(msg, sizeof(msg), "the run took longer than its %g s execution timeout",
                 s->opts->execution_timeout_s);
        abort_run(s, msg);
    }
    return s->abort_reason != NULL;
}

/* Sleeps `seconds` in slices, stopping early when the run must stop. */
static void pause_for(session *s, double seconds)
{
    double until = now_s() + seconds;
    while (!must_stop(s)) {
        double left = until - now_s();
        if (left <= 0)
            break;
        double slice = left < 0.05 ? left : 0.05;
        struct timespec ts = {(time_t)slice, (long)((slice - (double)(time_t)slice) * 1e9)};
        nanosleep(&ts, NULL);
    }
}

/* ------------------------------------------------------------------------ */
/* Events                                                                    */
/* ------------------------------------------------------------------------ */

/* Sends an event to the callback, its message masked. */
static void emit(session *s, az_event *ev)
{
    if (!s->opts->on_event)
        return;
    char *masked = ev->message ? az__mask_text(&s->masker, ev->message, strlen(ev->message)) : NULL;
    if (masked)
        ev->message = masked;
    s->opts->on_event(s->opts->event_user, ev);
    free(masked);
}

/* Builds the masked JSON of headers. */
static json_object *headers_json(const session *s, const az_http_header *h, size_t n)
{
    json_object *o = json_object_new_object();
    for (size_t i = 0; o && i < n; i++) {
        char *v = az__mask_header(&s->masker, h[i].name, h[i].value);
        json_object_object_add(o, h[i].name, json_object_new_string(v ? v : ""));
        free(v);
    }
    return o;
}

/* Builds masked text as a JSON string (or null when text is NULL). */
static json_object *masked_string(const session *s, const char *text, size_t len)
{
    if (!text)
        return NULL;
    char *m = az__mask_text(&s->masker, text, len);
    json_object *o = m ? json_object_new_string(m) : NULL;
    free(m);
    return o;
}

/* ------------------------------------------------------------------------ */
/* Expressions                                                               */
/* ------------------------------------------------------------------------ */

/* What one evaluation sees beyond the workflow's state. */
typedef struct step_view {
    const char *url, *method;
    long status;           /* 0: no response */
    json_object *request;  /* $request view, borrowed */
    json_object *response; /* $response view, borrowed */
    json_object *outputs;  /* $outputs: a called workflow's outputs */
} step_view;

/* Builds the $sourceDescriptions view of a document. */
static json_object *sources_view(const az_arazzo_doc *doc)
{
    json_object *o = json_object_new_object();
    for (size_t i = 0; o && i < doc->n_sources; i++) {
        const az_source_desc *sd = &doc->sources[i];
        if (!sd->name)
            continue;
        json_object *entry = json_object_new_object();
        /* EXEC-91: the resolved absolute URL; EXPR-16: the Source
         * Description's other fields, `type` as written or sniffed. */
        json_object_object_add(
            entry, "url",
            json_object_new_string(sd->src ? az_source_url(sd->src) : (sd->url ? sd->url : "")));
        json_object_object_add(entry, "name", json_object_new_string(sd->name));
        const char *type = sd->type                     ? sd->type
                           : sd->kind == AZ_KIND_ARAZZO ? "arazzo"
                           : sd->index                  ? "openapi"
                                                        : NULL;
        if (type)
            json_object_object_add(entry, "type", json_object_new_string(type));
        json_object_object_add(o, sd->name, entry);
    }
    return o;
}

/* Builds the context root expressions of `e` read (a new reference). */
static json_object *context_root(const wf_exec *e, const step_view *v)
{
    json_object *root = json_object_new_object();
    if (!root)
        return NULL;
    json_object_object_add(root, "inputs", json_object_get(e->inputs));
    json_object_object_add(root, "steps", json_object_get(e->steps));
    json_object_object_add(root, "workflows", json_object_get(e->s->workflows));
    json_object_object_add(root, "sourceDescriptions", sources_view(e->doc));
    json_object *components = az_json_get(az_source_root(e->doc->src), "components");
    if (components)
        json_object_object_add(root, "components", json_object_get(components));
    if (v) {
        if (v->url)
            json_object_object_add(root, "url", json_object_new_string(v->url));
        if (v->method)
            json_object_object_add(root, "method", json_object_new_string(v->method));
        if (v->status)
            json_object_object_add(root, "statusCode", json_object_new_int64(v->status));
        if (v->request)
            json_object_object_add(root, "request", json_object_get(v->request));
        if (v->response)
            json_object_object_add(root, "response", json_object_get(v->response));
        if (v->outputs)
            json_object_object_add(root, "outputs", json_object_get(v->outputs));
    }
    return root;
}

/*
 * Evaluates a value as written (a whole expression, a template, a
 * structure holding them, or a constant) into *out (a new reference).
 * *undefined counts what could not be resolved. Returns AZ_OK or an
 * error with *error set.
 */
static az_status eval_value(const wf_exec *e, const step_view *v, json_object *value,
                            json_object **out, size_t *undefined, char **error)
{
    az_expr_context ctx;
    json_object *root = context_root(e, v);
    if (!root)
        return AZ_ERR_NOMEM;
    az_expr_context_from_json(root, &ctx);
    az_diags *diags = az_diags_new();
    /* Bare embedded expressions ("Bearer $inputs.token") are substituted
     * as Redocly's runner does; validation warns about them. */
    az_expr_opts opts = {.bare_embedded = true};
    az_status st = az_expr_eval_tree(value, &opts, &ctx, diags, out, undefined);
    if (st != AZ_OK) {
        const az_diag *d = diags ? az_diags_get(diags, 0) : NULL;
        az__engine_error(error, "%s", d ? d->message : az_status_str(st));
    }
    az_diags_free(diags);
    json_object_put(root);
    return st;
}

/* Evaluates an `outputs` map into a new object; undefined values are left
 * out (EXEC-27, EXEC-80). */
static json_object *eval_outputs(const wf_exec *e, const step_view *v, json_object *map)
{
    json_object *out = json_object_new_object();
    if (!out || !json_object_is_type(map, json_type_object))
        return out;
    json_object_object_foreach(map, name, expr)
    {
        json_object *value = NULL;
        size_t undefined = 0;
        if (eval_value(e, v, expr, &value, &undefined, NULL) != AZ_OK)
            continue;
        if (undefined && json_object_is_type(expr, json_type_string) &&
            az_expr_is_expression(json_object_get_string(expr))) {
            json_object_put(value);
            continue;
        }
        /* An output named like a secret (accessToken) is one from now on. */
        if (az__name_holds_secret(name))
            az__masker_add(&e->s->masker, value);
        json_object_object_add(out, name, value);
    }
    return out;
}

/* ------------------------------------------------------------------------ */
/* Criteria                                                                  */
/* ------------------------------------------------------------------------ */

/* Reads a Criterion's type and version (string or Criterion Expression
 * Type Object). */
static bool criterion_type(json_object *crit, az_criterion_type *type, const char **version)
{
    json_object *t = az_json_get(crit, "type");
    const char *name = json_object_is_type(t, json_type_string) ? json_object_get_string(t)
                                                                : az_json_get_string(t, "type");
    *version = json_object_is_type(t, json_type_object) ? az_json_get_string(t, "version") : NULL;
    *type = AZ_CRITERION_SIMPLE;
    if (!name || strcmp(name, "simple") == 0)
        return true;
    if (strcmp(name, "regex") == 0)
        *type = AZ_CRITERION_REGEX;
    else if (strcmp(name, "jsonpath") == 0)
        *type = AZ_CRITERION_JSONPATH;
    else if (strcmp(name, "xpath") == 0)
        *type = AZ_CRITERION_XPATH;
    else
        return false;
    return true;
}

/*
 * Evaluates a list of criteria, all of which must pass (CRIT-01). Records
 * each in `record` (an array, may be NULL) and, when `events`, sends
 * CRITERION_EVALUATED. A criterion that does not compile fails with its
 * error as the reason.
 */
static bool eval_criteria(const wf_exec *e, const step_view *v, json_object *list,
                          json_object *record, const char *step_id, unsigned attempt, bool events)
{
    bool all = true;
    for (size_t i = 0;
         json_object_is_type(list, json_type_array) && i < json_object_array_length(list); i++) {
        json_object *crit = json_object_array_get_idx(list, i);
        const char *condition = az_json_get_string(crit, "condition");
        const char *context = az_json_get_string(crit, "context");
        const char *version = NULL;
        az_criterion_type type;
        az_criterion *c = NULL;
        bool passed = false;
        char *reason = NULL;
        az_diags *diags = az_diags_new();
        if (!condition || !criterion_type(crit, &type, &version)) {
            reason = strdup("malformed criterion");
        } else if (az_criterion_compile(condition, type, version, context, NULL, diags, &c) !=
                   AZ_OK) {
            const az_diag *d = diags ? az_diags_get(diags, 0) : NULL;
            az__engine_error(&reason, "criterion does not compile: %s", d ? d->message : "error");
        } else {
            az_expr_context ctx;
            json_object *root = context_root(e, v);
            az_expr_context_from_json(root, &ctx);
            if (az_criterion_eval(c, &ctx, &passed, &reason) != AZ_OK && !reason)
                reason = strdup("evaluation failed");
            json_object_put(root);
        }
        az_diags_free(diags);
        az_criterion_free(c);
        char *shown = reason ? az__mask_text(&e->s->masker, reason, strlen(reason)) : NULL;
        if (record) {
            json_object *r = json_object_new_object();
            json_object_object_add(r, "condition",
                                   json_object_new_string(condition ? condition : ""));
            json_object_object_add(r, "passed", json_object_new_boolean(passed));
            if (shown)
                json_object_object_add(r, "reason", json_object_new_string(shown));
            json_object_array_add(record, r);
        }
        if (events) {
            az_event ev = {.kind = AZ_EVENT_CRITERION_EVALUATED,
                           .workflow_id = e->id,
                           .step_id = step_id,
                           .depth = e->depth,
                           .attempt = attempt,
                           .condition = condition,
                           .passed = passed,
                           .reason = shown};
            emit(e->s, &ev);
        }
        free(reason);
        free(shown);
        all = all && passed;
    }
    return all;
}

/* ------------------------------------------------------------------------ */
/* One attempt of one step                                                   */
/* ------------------------------------------------------------------------ */

/* What one attempt produced. */
typedef struct attempt {
    bool ok;
    bool aborted;
    double retry_after_header; /* < 0: no usable Retry-After */
    step_view view;
    json_object *request_view;
    json_object *response_view;
    json_object *callee_outputs;
    json_object *record; /* the trace entry */
    char *url;
    char *method;
} attempt;

/* Releases an attempt. */
static void attempt_clear(attempt *a)
{
    json_object_put(a->request_view);
    json_object_put(a->response_view);
    json_object_put(a->callee_outputs);
    json_object_put(a->record);
    free(a->url);
    free(a->method);
    memset(a, 0, sizeof(*a));
}

/* Records an error on the attempt's trace entry. */
static void record_error(attempt *a, const session *s, const char *message)
{
    json_object_object_add(a->record, "error", masked_string(s, message, strlen(message)));
}

/* Reads a Retry-After header: delta-seconds or an HTTP-date (RFC 9110
 * section 10.2.3); < 0 when absent or unreadable. */
static double retry_after_of(const az_http_response *resp)
{
    const char *v = az_http_header_get(resp->headers, resp->n_headers, "Retry-After");
    if (!v)
        return -1;
    char *end = NULL;
    double secs = strtod(v, &end);
    if (end != v && *end == '\0' && secs >= 0)
        return secs;
    time_t when;
    if (!az_http_date_parse(v, &when))
        return -1;
    double diff = difftime(when, time(NULL));
    return diff > 0 ? diff : 0;
}

/* The server override of a source, or NULL. */
static const char *server_override(const session *s, const az_source_desc *sd)
{
    for (size_t i = 0; sd && sd->name && i < s->opts->n_servers; i++)
        if (strcmp(s->opts->servers[i].source, sd->name) == 0)
            return s->opts->servers[i].url;
    return NULL;
}

/* Evaluates the step's request body: payload, then replacements (PR-03,
 * PR-04). *body is a new tree; *has_body false when there is none. */
static az_status eval_body(const wf_exec *e, const step_view *v, json_object *rb,
                           json_object **body, bool *has_body, char **error)
{
    *body = NULL;
    *has_body = rb != NULL;
    if (!rb)
        return AZ_OK;
    size_t undefined = 0;
    json_object *payload = NULL;
    az_status st = eval_value(e, v, az_json_get(rb, "payload"), &payload, &undefined, error);
    /* PR-06: replacements work on a copy, never on inputs or responses. */
    *body = az__json_copy(payload);
    json_object_put(payload);
    json_object *list = az_json_get(rb, "replacements");
    /* PR-02: targets are XPath expressions on an XML payload (a string
     * payload sent as XML), JSON Pointers on everything else. */
    const char *type = az_json_get_string(rb, "contentType");
    bool xml = json_object_is_type(*body, json_type_string) &&
               ((type && (strstr(type, "xml") != NULL)) ||
                (!type && json_object_get_string(*body)[0] == '<'));
    for (size_t i = 0; st == AZ_OK && json_object_is_type(list, json_type_array) &&
                       i < json_object_array_length(list);
         i++) {
        json_object *r = json_object_array_get_idx(list, i), *value = NULL;
        const char *target = az_json_get_string(r, "target");
        if (!target) {
            az__engine_error(error, "payload replacement %zu has no target", i);
            return AZ_ERR_INVALID;
        }
        st = eval_value(e, v, az_json_get(r, "value"), &value, &undefined, error);
        if (st != AZ_OK)
            break;
        if (xml) {
            /* PR-05: the text of every selected element or attribute. */
            char *text = az_expr_value_to_text(value), *replaced = NULL;
            json_object_put(value);
            st = text ? az_xml_replace(json_object_get_string(*body),
                                       (size_t)json_object_get_string_len(*body), target, text,
                                       &replaced, error)
                      : AZ_ERR_NOMEM;
            free(text);
            if (st == AZ_OK) {
                json_object_put(*body);
                *body = json_object_new_string(replaced);
            }
            free(replaced);
            continue;
        }
        if (target[0] != '\0' && target[0] != '/') {
            json_object_put(value);
            az__engine_error(error,
                             "payload replacement target '%s' is not a JSON Pointer (XPath "
                             "targets apply to XML payloads only)",
                             target);
            return AZ_ERR_INVALID;
        }
        json_object *copy = az__json_copy(value);
        json_object_put(value);
        st = az_pointer_add(body, target, copy);
        if (st != AZ_OK)
            az__engine_error(error, "payload replacement target '%s' does not exist in the payload",
                             target);
    }
    return st;
}

/* Builds a masked copy of a request for an event (strings in `keep`). */
static az_http_request masked_request(const session *s, const az__request *r, az__request *keep)
{
    memset(keep, 0, sizeof(*keep));
    keep->url = az__mask_text(&s->masker, r->url, strlen(r->url));
    keep->headers = calloc(r->n_headers + 1, sizeof(*keep->headers));
    for (size_t i = 0; keep->headers && i < r->n_headers; i++) {
        keep->headers[i].name = strdup(r->headers[i].name);
        keep->headers[i].value =
            az__mask_header(&s->masker, r->headers[i].name, r->headers[i].value);
        keep->n_headers++;
    }
    if (r->body) {
        keep->body = az__mask_text(&s->masker, r->body, r->body_len);
        keep->body_len = keep->body ? strlen(keep->body) : 0;
    }
    az_http_request out = {r->method,
                           keep->url ? keep->url : "",
                           keep->headers,
                           keep->n_headers,
                           keep->body,
                           keep->body_len,
                           0};
    return out;
}

/* Builds a masked copy of a response for an event. */
static az_http_response masked_response(const session *s, const az_http_response *resp)
{
    az_http_response out = *resp;
    out.headers = calloc(resp->n_headers + 1, sizeof(*out.headers));
    out.n_headers = 0;
    for (size_t i = 0; out.headers && i < resp->n_headers; i++) {
        out.headers[i].name = strdup(resp->headers[i].name);
        out.headers[i].value =
            az__mask_header(&s->masker, resp->headers[i].name, resp->headers[i].value);
        out.n_headers++;
    }
    out.body = resp->body ? az__mask_text(&s->masker, resp->body, resp->body_len) : NULL;
    out.body_len = out.body ? strlen(out.body) : 0;
    out.error = resp->error ? strdup(resp->error) : NULL;
    return out;
}

/* Sends a WARNING event about a step attempt (its message masked). */
static void warn_step(wf_exec *e, const char *step_id, unsigned no, const char *message)
{
    az_event ev = {.kind = AZ_EVENT_WARNING,
                   .workflow_id = e->id,
                   .step_id = step_id,
                   .depth = e->depth,
                   .attempt = no,
                   .message = message};
    emit(e->s, &ev);
}

/*
 * Warns about the operation's required query, header and cookie
 * parameters that no parameter supplies (EXEC-22 decision: the request is
 * sent anyway - the server may reject it). A path parameter without a value
 * is already an error of az__request_build.
 */
static void warn_missing_required(wf_exec *e, const az_oas_operation *op, const az__param *params,
                                  json_object *const *values, size_t n_params, const char *step_id,
                                  unsigned no)
{
    static const char *const where[] = {"path", "query", "header", "cookie"};
    for (size_t k = 0; k < op->n_params; k++) {
        const az_oas_op_param *q = &op->params[k];
        if (!q->required || q->in == AZ_OAS_IN_PATH || (size_t)q->in >= 4)
            continue;
        bool found = false;
        for (size_t i = 0; i < n_params && !found; i++)
            found = values[i] && params[i].in && strcmp(params[i].in, where[q->in]) == 0 &&
                    (q->in == AZ_OAS_IN_HEADER ? strcasecmp(params[i].name, q->name) == 0
                                               : strcmp(params[i].name, q->name) == 0);
        if (found)
            continue;
        char msg[320];
        snprintf(msg, sizeof(msg),
                 "%s %s requires %s parameter '%s', which no parameter supplies: the server "
                 "may reject the request",
                 op->method, op->path, where[q->in], q->name);
        warn_step(e, step_id, no, msg);
    }
}

/* Runs the contract checks of a response (--check), records them in the
 * trace entry and sends CHECK_EVALUATED for each; false when one at level
 * error failed. */
static bool check_contract(wf_exec *e, const az_oas_operation *op, const az_http_response *resp,
                           const char *step_id, unsigned no, attempt *a)
{
    session *s = e->s;
    az__check_result results[AZ_N_CHECKS];
    size_t n =
        az__contract_check(&s->contract, s->opts->checks, op, resp, a->response_view, results);
    json_object *record = json_object_new_array();
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        az_check_level level = s->opts->checks[results[i].kind];
        const char *message = results[i].message ? results[i].message : "out of memory";
        char *shown = az__mask_text(&s->masker, message, strlen(message));
        json_object *r = json_object_new_object();
        json_object_object_add(r, "check",
                               json_object_new_string(az_check_kind_name(results[i].kind)));
        json_object_object_add(r, "level", json_object_new_string(az_check_level_name(level)));
        json_object_object_add(r, "passed", json_object_new_boolean(results[i].passed));
        json_object_object_add(r, "message", json_object_new_string(shown ? shown : message));
        json_object_array_add(record, r);
        az_event ev = {.kind = AZ_EVENT_CHECK_EVALUATED,
                       .workflow_id = e->id,
                       .step_id = step_id,
                       .depth = e->depth,
                       .attempt = no,
                       .condition = az_check_kind_name(results[i].kind),
                       .passed = results[i].passed,
                       .reason = shown ? shown : message,
                       .check_level = level};
        emit(s, &ev);
        ok = ok && (results[i].passed || level != AZ_CHECK_ERROR);
        free(shown);
        free(results[i].message);
    }
    json_object_object_add(a->record, "checks", record);
    return ok;
}

/* Runs one attempt of an operation step. */
static void attempt_operation(wf_exec *e, json_object *step, const char *step_id, unsigned no,
                              attempt *a)
{
    session *s = e->s;
    const az_oas_operation *op = NULL;
    const az_source_desc *sd = NULL;
    az__param *params = NULL;
    size_t n_params = 0;
    json_object **values = NULL, *body = NULL;
    az__request req = {0}, shown = {0};
    az_http_response resp = {0}, shown_resp = {0};
    char *error = NULL;
    const char *op_id = az_json_get_string(step, "operationId");
    const char *op_path = az_json_get_string(step, "operationPath");
    az_status st =
        op_id ? az_arazzo_doc_find_operation(e->doc, op_id, &op, &sd, &error)
              : az_arazzo_doc_find_operation_path(e->doc, op_path ? op_path : "", &op, &sd, &error);
    if (st == AZ_OK)
        st = az__step_params(az_source_root(e->doc->src), e->wf, step, &params, &n_params, &error);
    if (st == AZ_OK && !(values = calloc(n_params + 1, sizeof(*values))))
        st = AZ_ERR_NOMEM;
    for (size_t i = 0; st == AZ_OK && i < n_params; i++) {
        size_t undefined = 0;
        st = eval_value(e, NULL, params[i].value, &values[i], &undefined, &error);
    }
    bool has_body = false;
    if (st == AZ_OK)
        st = eval_body(e, NULL, az_json_get(step, "requestBody"), &body, &has_body, &error);
    if (st == AZ_OK)
        st = az__request_build(op, server_override(s, sd), params, values, n_params, has_body, body,
                               az_json_get_string(az_json_get(step, "requestBody"), "contentType"),
                               &req, &error);
    if (st != AZ_OK) {
        record_error(a, s, error ? error : az_status_str(st));
        warn_step(e, step_id, no, error);
        goto out;
    }
    if (no == 1)
        warn_missing_required(e, op, params, values, n_params, step_id, no);
    /* --auth: the operation's security, unless the step sets it itself. */
    char *auth_warning = NULL;
    st = az__auth_apply(&s->auth, az_description_docset(s->desc), op, params, values, n_params,
                        &req, &auth_warning, &error);
    if (auth_warning) {
        warn_step(e, step_id, no, auth_warning);
        free(auth_warning);
    }
    if (st != AZ_OK) {
        record_error(a, s, error ? error : az_status_str(st));
        warn_step(e, step_id, no, error ? error : az_status_str(st));
        goto out;
    }
    /* --header: added unless the step sets the header itself. */
    for (size_t i = 0; st == AZ_OK && i < s->opts->n_headers; i++)
        st = az__request_add_default_header(&req, s->opts->headers[i].name,
                                            s->opts->headers[i].value);
    if (st != AZ_OK)
        goto out;
    a->url = strdup(req.url);
    a->method = strdup(req.method);
    a->request_view = json_object_get(req.view);

    /* The trace entry's request, masked. */
    az_http_request to_show = masked_request(s, &req, &shown);
    json_object *rj = json_object_new_object();
    json_object_object_add(rj, "method", json_object_new_string(req.method));
    json_object_object_add(rj, "url", json_object_new_string(to_show.url));
    json_object_object_add(rj, "headers", headers_json(s, req.headers, req.n_headers));
    json_object_object_add(rj, "body", masked_string(s, req.body, req.body_len));
    json_object_object_add(rj, "startedAt", wall_clock_iso());
    json_object_object_add(a->record, "request", rj);
    az_event sent = {.kind = AZ_EVENT_REQUEST_SENT,
                     .workflow_id = e->id,
                     .step_id = step_id,
                     .depth = e->depth,
                     .attempt = no,
                     .request = &to_show};
    emit(s, &sent);
    if (s->opts->dry_run) {
        /* Nothing is sent; the step counts as done (see engine.h). */
        json_object_object_add(a->record, "response", NULL);
        a->ok = true;
        goto out;
    }

    /* --rate-limit: no two requests closer than 1/rate seconds. */
    if (s->opts->rate_limit > 0 && s->last_send > 0)
        pause_for(s, s->last_send + 1.0 / s->opts->rate_limit - now_s());
    s->last_send = now_s();
    az_http_request http = {req.method,
                            req.url,
                            req.headers,
                            req.n_headers,
                            req.body,
                            req.body_len,
                            s->opts->request_timeout_ms};
    st = az_transport_send(s->opts->transport, &http, &resp);
    if (st != AZ_OK) {
        /* A request the transport refuses (a header with a line break...). */
        const char *why = resp.error ? resp.error : "the request could not be sent";
        record_error(a, s, why);
        warn_step(e, step_id, no, why);
        goto out;
    }
    if (resp.failure == AZ_HTTP_OK) {
        /* Tokens a response hands out (access_token...) are secrets before
         * anything shows the response. */
        a->response_view = az__response_view(&resp);
        az__masker_add_members(&s->masker, az_json_get(a->response_view, "body"), 0);
    }
    shown_resp = masked_response(s, &resp);
    az_event got = {.kind = AZ_EVENT_RESPONSE_RECEIVED,
                    .workflow_id = e->id,
                    .step_id = step_id,
                    .depth = e->depth,
                    .attempt = no,
                    .request = &to_show,
                    .response = &shown_resp,
                    .time_ms = resp.time_ms};
    emit(s, &got);
    if (resp.failure != AZ_HTTP_OK) {
        /* EXEC-24: no response - the step fails, $statusCode undefined. */
        if (resp.failure == AZ_HTTP_CANCELLED)
            abort_run(s, "interrupted");
        json_object_object_add(a->record, "response", NULL);
        record_error(a, s, resp.error ? resp.error : az_http_failure_name(resp.failure));
    } else {
        json_object *pj = json_object_new_object();
        json_object_object_add(pj, "status", json_object_new_int64(resp.status));
        json_object_object_add(pj, "headers", headers_json(s, resp.headers, resp.n_headers));
        json_object *b = az_json_get(a->response_view, "body");
        json_object_object_add(pj, "body", b ? az__mask_json(&s->masker, b) : NULL);
        json_object_object_add(pj, "timeMs", json_object_new_double(resp.time_ms));
        json_object_object_add(a->record, "response", pj);
        a->retry_after_header = retry_after_of(&resp);
    }
    a->view.url = a->url;
    a->view.method = a->method;
    a->view.status = resp.failure == AZ_HTTP_OK ? resp.status : 0;
    a->view.request = a->request_view;
    a->view.response = a->response_view;
    /* EXEC-26: any response succeeds unless successCriteria say otherwise. */
    json_object *crit_record = json_object_new_array();
    json_object_object_add(a->record, "criteria", crit_record);
    bool passed = eval_criteria(e, &a->view, az_json_get(step, "successCriteria"), crit_record,
                                step_id, no, true);
    /* --check: a failed check at level error fails the step too. */
    passed = check_contract(e, op, &resp, step_id, no, a) && passed;
    a->ok = resp.failure == AZ_HTTP_OK && passed;
out:
    for (size_t i = 0; values && i < n_params; i++)
        json_object_put(values[i]);
    free(values);
    free(params);
    json_object_put(body);
    az__request_clear(&req);
    az__request_clear(&shown);
    az_http_response_clear(&resp);
    az_http_response_clear(&shown_resp);
    free(error);
}

/* Tells whether a callee's inputs schema declares a property (EXEC-70). */
static bool callee_declares(json_object *callee, const char *name)
{
    json_object *props = az_json_get(az_json_get(callee, "inputs"), "properties");
    return json_object_is_type(props, json_type_object) &&
           json_object_object_get_ex(props, name, NULL);
}

/* Runs one attempt of a workflow step (EXEC-70..72). */
static void attempt_workflow(wf_exec *e, json_object *step, const char *step_id, unsigned no,
                             attempt *a)
{
    session *s = e->s;
    json_object *callee = NULL, *inputs = NULL;
    const az_arazzo_doc *owner = NULL;
    az__param *params = NULL;
    size_t n_params = 0;
    char *error = NULL;
    az_status st = az_arazzo_doc_find_workflow(e->doc, az_json_get_string(step, "workflowId"),
                                               &callee, &owner, &error);
    if (st == AZ_OK)
        st = az__step_params(az_source_root(e->doc->src), e->wf, step, &params, &n_params, &error);
    if (st == AZ_OK && !(inputs = json_object_new_object()))
        st = AZ_ERR_NOMEM;
    for (size_t i = 0; st == AZ_OK && i < n_params; i++) {
        /* Only parameters meant for the callee: no `in`, or a declared input. */
        if (params[i].in && !callee_declares(callee, params[i].name))
            continue;
        json_object *value = NULL;
        size_t undefined = 0;
        st = eval_value(e, NULL, params[i].value, &value, &undefined, &error);
        if (st == AZ_OK)
            json_object_object_add(inputs, params[i].name, value);
    }
    if (st != AZ_OK) {
        record_error(a, s, error ? error : az_status_str(st));
        goto out;
    }
    wf_result r = {0};
    run_workflow(s, owner, callee, inputs, e->depth + 1, &r);
    a->callee_outputs = r.outputs;
    a->aborted = r.status == AZ_RUN_ABORTED;
    json_object_object_add(a->record, "workflow",
                           json_object_new_string(az_json_get_string(callee, "workflowId")));
    if (r.error)
        record_error(a, s, r.error);
    free(r.error);
    a->view.outputs = a->callee_outputs;
    json_object *crit_record = json_object_new_array();
    json_object_object_add(a->record, "criteria", crit_record);
    bool passed = eval_criteria(e, &a->view, az_json_get(step, "successCriteria"), crit_record,
                                step_id, no, true);
    a->ok = r.status == AZ_RUN_SUCCEEDED && passed;
out:
    json_object_put(inputs);
    free(params);
    free(error);
}

/* ------------------------------------------------------------------------ */
/* Actions                                                                   */
/* ------------------------------------------------------------------------ */

/* Retries used per retry action during one visit of a step (EXEC-63/66). */
typedef struct retry_counts {
    json_object *action[16];
    long long used[16];
    size_t n;
} retry_counts;

/* Returns the counter of an action (created at 0). */
static long long *retries_of(retry_counts *c, json_object *action)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->action[i] == action)
            return &c->used[i];
    if (c->n == sizeof(c->action) / sizeof(c->action[0]))
        return &c->used[c->n - 1];
    c->action[c->n] = action;
    c->used[c->n] = 0;
    return &c->used[c->n++];
}

/*
 * Picks the first action whose criteria all pass (EXEC-32), skipping retry
 * actions whose budget is spent (EXEC-62/63: retryLimit absent means one
 * retry, 0 none). Returns its index, or -1.
 */
static long choose_action(const wf_exec *e, const step_view *v, const az__action *actions, size_t n,
                          retry_counts *counts, const char *step_id, unsigned no)
{
    for (size_t i = 0; i < n; i++) {
        if (actions[i].type && strcmp(actions[i].type, "retry") == 0) {
            long long limit = actions[i].retry_limit < 0 ? 1 : actions[i].retry_limit;
            if (*retries_of(counts, actions[i].node) >= limit)
                continue;
        }
        if (eval_criteria(e, v, actions[i].criteria, NULL, step_id, no, false))
            return (long)i;
    }
    return -1;
}

/* Finds a step of the workflow by id; -1 when none. */
static long step_index(json_object *wf, const char *id)
{
    json_object *steps = az_json_get(wf, "steps");
    for (size_t i = 0;
         id && json_object_is_type(steps, json_type_array) && i < json_object_array_length(steps);
         i++) {
        const char *sid = az_json_get_string(json_object_array_get_idx(steps, i), "stepId");
        if (sid && strcmp(sid, id) == 0)
            return (long)i;
    }
    return -1;
}

/* ------------------------------------------------------------------------ */
/* References (EXEC-01)                                                      */
/* ------------------------------------------------------------------------ */

/* A walk over the workflows a run may reach, checking their references
 * before anything is sent; each workflow is visited once. */
typedef struct ref_walk {
    json_object **seen;
    size_t n_seen;
    char *error; /* the first unresolvable reference */
} ref_walk;

static void check_workflow(ref_walk *w, const az_arazzo_doc *doc, json_object *wf);

/* Records the first problem as "workflow 'W', step 'S': why". */
static void ref_error(ref_walk *w, json_object *wf, const char *step_id, const char *why)
{
    if (w->error)
        return;
    const char *wid = az_json_get_string(wf, "workflowId");
    if (step_id)
        az__engine_error(&w->error, "workflow '%s', step '%s': %s", wid ? wid : "", step_id, why);
    else
        az__engine_error(&w->error, "workflow '%s': %s", wid ? wid : "", why);
}

/* Resolves a workflowId written in `doc` and walks the workflow it names. */
static void check_workflow_ref(ref_walk *w, const az_arazzo_doc *doc, json_object *wf,
                               const char *step_id, const char *id)
{
    json_object *target = NULL;
    const az_arazzo_doc *owner = NULL;
    char *why = NULL;
    if (az_arazzo_doc_find_workflow(doc, id, &target, &owner, &why) != AZ_OK)
        ref_error(w, wf, step_id, why ? why : "no such workflow");
    else
        check_workflow(w, owner, target);
    free(why);
}

/* Checks the targets of a step's effective success or failure actions. */
static void check_actions(ref_walk *w, const az_arazzo_doc *doc, json_object *wf, json_object *step,
                          const char *step_id, bool failure)
{
    az__action *actions = NULL;
    size_t n = 0;
    char *why = NULL;
    if (az__step_actions(az_source_root(doc->src), wf, step, failure, &actions, &n, &why) != AZ_OK)
        ref_error(w, wf, step_id, why ? why : "cannot read the step's actions");
    for (size_t i = 0; i < n && !w->error; i++) {
        char msg[320];
        if (actions[i].step_id && step_index(wf, actions[i].step_id) < 0) {
            snprintf(msg, sizeof(msg), "action '%s' names no step '%s' of this workflow",
                     actions[i].name ? actions[i].name : "", actions[i].step_id);
            ref_error(w, wf, step_id, msg);
        } else if (actions[i].workflow_id) {
            check_workflow_ref(w, doc, wf, step_id, actions[i].workflow_id);
        }
    }
    free(actions);
    free(why);
}

/* Checks every reference of a workflow: dependsOn, the steps' operations,
 * workflows, Reusable parameters and action targets, recursively. */
static void check_workflow(ref_walk *w, const az_arazzo_doc *doc, json_object *wf)
{
    for (size_t i = 0; i < w->n_seen; i++)
        if (w->seen[i] == wf)
            return;
    json_object **grown = realloc(w->seen, (w->n_seen + 1) * sizeof(*grown));
    if (!grown) {
        ref_error(w, wf, NULL, "out of memory");
        return;
    }
    w->seen = grown;
    w->seen[w->n_seen++] = wf;
    json_object *deps = az_json_get(wf, "dependsOn");
    for (size_t i = 0; !w->error && json_object_is_type(deps, json_type_array) &&
                       i < json_object_array_length(deps);
         i++) {
        const char *id = json_object_get_string(json_object_array_get_idx(deps, i));
        check_workflow_ref(w, doc, wf, NULL, id ? id : "");
    }
    json_object *steps = az_json_get(wf, "steps");
    for (size_t i = 0; !w->error && json_object_is_type(steps, json_type_array) &&
                       i < json_object_array_length(steps);
         i++) {
        json_object *step = json_object_array_get_idx(steps, i);
        const char *step_id = az_json_get_string(step, "stepId");
        const char *op_id = az_json_get_string(step, "operationId");
        const char *op_path = az_json_get_string(step, "operationPath");
        const char *wf_id = az_json_get_string(step, "workflowId");
        const az_oas_operation *op = NULL;
        const az_source_desc *sd = NULL;
        az__param *params = NULL;
        size_t n_params = 0;
        char *why = NULL;
        if ((op_id && az_arazzo_doc_find_operation(doc, op_id, &op, &sd, &why) != AZ_OK) ||
            (!op_id && op_path &&
             az_arazzo_doc_find_operation_path(doc, op_path, &op, &sd, &why) != AZ_OK))
            ref_error(w, wf, step_id, why ? why : "unknown operation");
        else if (!op_id && !op_path && wf_id)
            check_workflow_ref(w, doc, wf, step_id, wf_id);
        free(why);
        why = NULL;
        if (!w->error &&
            az__step_params(az_source_root(doc->src), wf, step, &params, &n_params, &why) != AZ_OK)
            ref_error(w, wf, step_id, why ? why : "cannot read the step's parameters");
        free(params);
        free(why);
        if (!w->error)
            check_actions(w, doc, wf, step, step_id, false);
        if (!w->error)
            check_actions(w, doc, wf, step, step_id, true);
    }
}

/* Records the chosen action on the trace entry and sends ACTION_CHOSEN. */
static void record_action(wf_exec *e, attempt *a, const char *step_id, unsigned no,
                          const az__action *act, const char *fallback)
{
    json_object *aj = NULL;
    const char *target = act ? (act->step_id ? act->step_id : act->workflow_id) : NULL;
    if (act) {
        aj = json_object_new_object();
        json_object_object_add(aj, "name", json_object_new_string(act->name ? act->name : ""));
        json_object_object_add(aj, "type", json_object_new_string(act->type ? act->type : ""));
        if (target)
            json_object_object_add(aj, "target", json_object_new_string(target));
    }
    json_object_object_add(a->record, "action", aj);
    az_event ev = {.kind = AZ_EVENT_ACTION_CHOSEN,
                   .workflow_id = e->id,
                   .step_id = step_id,
                   .depth = e->depth,
                   .attempt = no,
                   .action_name = act ? act->name : NULL,
                   .action_type = act ? act->type : fallback,
                   .target = target};
    emit(e->s, &ev);
}

/* ------------------------------------------------------------------------ */
/* Workflows                                                                 */
/* ------------------------------------------------------------------------ */

/* Finishes a workflow: its outputs, $workflows, the event (EXEC-80..82). */
static void finish(wf_exec *e, az_run_status status, const char *error, wf_result *out)
{
    if (e->s->abort_reason)
        status = AZ_RUN_ABORTED;
    out->status = status;
    out->outputs = eval_outputs(e, NULL, az_json_get(e->wf, "outputs"));
    out->error =
        error
            ? strdup(error)
            : (status == AZ_RUN_ABORTED && e->s->abort_reason ? strdup(e->s->abort_reason) : NULL);
    json_object *entry = json_object_new_object();
    json_object_object_add(entry, "inputs", json_object_get(e->inputs));
    json_object_object_add(entry, "outputs", json_object_get(out->outputs));
    if (e->id)
        json_object_object_add(e->s->workflows, e->id, entry);
    else
        json_object_put(entry);
    json_object *shown = az__mask_json(&e->s->masker, out->outputs);
    az_event ev = {.kind = AZ_EVENT_WORKFLOW_FINISHED,
                   .workflow_id = e->id,
                   .depth = e->depth,
                   .status = out->status,
                   .outputs = shown,
                   .message = out->error};
    emit(e->s, &ev);
    json_object_put(shown);
}

/* Runs the dependencies of a workflow once each (EXEC-11). */
static bool run_dependencies(wf_exec *e, char **error)
{
    json_object *deps = az_json_get(e->wf, "dependsOn");
    for (size_t i = 0;
         json_object_is_type(deps, json_type_array) && i < json_object_array_length(deps); i++) {
        const char *id = json_object_get_string(json_object_array_get_idx(deps, i));
        json_object *target = NULL, *done = NULL;
        const az_arazzo_doc *owner = NULL;
        char *why = NULL;
        if (!id || az_arazzo_doc_find_workflow(e->doc, id, &target, &owner, &why) != AZ_OK) {
            az__engine_error(error, "dependsOn '%s': %s", id ? id : "?", why ? why : "not found");
            free(why);
            return false;
        }
        char key[1024];
        snprintf(key, sizeof(key), "%s#%s", az_source_url(owner->src),
                 az_json_get_string(target, "workflowId"));
        if (!json_object_object_get_ex(e->s->completed, key, &done)) {
            wf_result r = {0};
            run_workflow(e->s, owner, target, e->inputs, e->depth + 1, &r);
            done = json_object_new_boolean(r.status == AZ_RUN_SUCCEEDED);
            json_object_object_add(e->s->completed, key, done);
            json_object_put(r.outputs);
            free(r.error);
        }
        if (!json_object_get_boolean(done)) {
            az__engine_error(error, "dependency '%s' did not succeed", id);
            return false;
        }
    }
    return true;
}

/* The outputs of a step under --dry-run: for each output NAME the text
 * "{$steps.ID.outputs.NAME}", standing for the value a response would give. */
static json_object *placeholder_outputs(const char *step_id, json_object *map)
{
    json_object *out = json_object_new_object();
    if (!out || !json_object_is_type(map, json_type_object))
        return out;
    json_object_object_foreach(map, name, unused)
    {
        (void)unused;
        char *text = az_strdupf("{$steps.%s.outputs.%s}", step_id ? step_id : "", name);
        json_object_object_add(out, name, text ? json_object_new_string(text) : NULL);
        free(text);
    }
    return out;
}

/* Runs the steps of a workflow (the loop of 5.11). */
static void run_steps(wf_exec *e, wf_result *out)
{
    session *s = e->s;
    json_object *steps = az_json_get(e->wf, "steps");
    size_t n_steps =
        json_object_is_type(steps, json_type_array) ? json_object_array_length(steps) : 0;
    size_t i = 0;
    char msg[256];
    while (i < n_steps) {
        json_object *step = json_object_array_get_idx(steps, i);
        const char *step_id = az_json_get_string(step, "stepId");
        retry_counts counts = {0};
        unsigned no = 0;
        bool moved = false, last_ok = false;
        while (!moved) {
            if (must_stop(s)) {
                finish(e, AZ_RUN_ABORTED, NULL, out);
                return;
            }
            if (++s->steps_run > s->opts->max_steps) {
                snprintf(msg, sizeof(msg),
                         "stopped after %zu step executions (the --max-steps limit): a goto or "
                         "retry loop that never ends?",
                         s->opts->max_steps);
                abort_run(s, msg);
                {
                    finish(e, AZ_RUN_ABORTED, NULL, out);
                    return;
                }
            }
            no++;
            az_event started = {.kind = AZ_EVENT_STEP_STARTED,
                                .workflow_id = e->id,
                                .step_id = step_id,
                                .depth = e->depth,
                                .attempt = no};
            emit(s, &started);
            attempt a = {.retry_after_header = -1, .record = json_object_new_object()};
            json_object_object_add(a.record, "workflowId",
                                   e->id ? json_object_new_string(e->id) : NULL);
            json_object_object_add(a.record, "stepId",
                                   json_object_new_string(step_id ? step_id : ""));
            json_object_object_add(a.record, "attempt", json_object_new_int64(no));
            double t0 = now_s();
            if (az_json_get_string(step, "workflowId"))
                attempt_workflow(e, step, step_id, no, &a);
            else
                attempt_operation(e, step, step_id, no, &a);
            /* EXEC-27: outputs on success and (best effort) on failure. */
            bool dry = s->opts->dry_run && !az_json_get_string(step, "workflowId");
            json_object *outputs = dry ? placeholder_outputs(step_id, az_json_get(step, "outputs"))
                                       : eval_outputs(e, &a.view, az_json_get(step, "outputs"));
            json_object *entry = json_object_new_object();
            json_object_object_add(entry, "outputs", json_object_get(outputs));
            if (step_id)
                json_object_object_add(e->steps, step_id, entry);
            else
                json_object_put(entry);
            json_object_object_add(a.record, "outputs", az__mask_json(&s->masker, outputs));
            json_object_put(outputs);
            json_object_object_add(a.record, "success", json_object_new_boolean(a.ok));
            az_event finished = {.kind = AZ_EVENT_STEP_FINISHED,
                                 .workflow_id = e->id,
                                 .step_id = step_id,
                                 .depth = e->depth,
                                 .attempt = no,
                                 .success = a.ok,
                                 .time_ms = (now_s() - t0) * 1000.0};
            emit(s, &finished);
            if (a.aborted || must_stop(s)) {
                json_object_object_add(a.record, "action", NULL);
                json_object_array_add(s->trace, a.record);
                a.record = NULL;
                attempt_clear(&a);
                {
                    finish(e, AZ_RUN_ABORTED, NULL, out);
                    return;
                }
            }

            az__action *actions = NULL;
            size_t n_actions = 0;
            char *error = NULL;
            if (s->opts->dry_run) {
                /* --dry-run: the default flow, every step once, in order. */
            } else if (az__step_actions(az_source_root(e->doc->src), e->wf, step, !a.ok, &actions,
                                        &n_actions, &error) != AZ_OK) {
                record_error(&a, s, error ? error : "cannot read the step's actions");
                n_actions = 0;
            }
            free(error);
            long chosen = choose_action(e, &a.view, actions, n_actions, &counts, step_id, no);
            const az__action *act = chosen >= 0 ? &actions[chosen] : NULL;
            /* EXEC-65: the action that applies should a retry's detour fail -
             * the next matching one after the retry, against this response. */
            long after_detour = -1;
            if (act && (act->step_id || act->workflow_id) && act->type &&
                strcmp(act->type, "retry") == 0) {
                after_detour = choose_action(e, &a.view, actions + chosen + 1,
                                             n_actions - (size_t)chosen - 1, &counts, step_id, no);
                if (after_detour >= 0)
                    after_detour += chosen + 1;
            }
            record_action(e, &a, step_id, no, act, a.ok ? "next" : "fail");
            json_object_array_add(s->trace, a.record);
            a.record = NULL;
            double header_delay = a.retry_after_header;
            last_ok = a.ok;
            attempt_clear(&a);

        dispatch:
            if (!act) {
                /* EXEC-33: next step after a success; break and return
                 * after a failure (below). */
                free(actions);
                break;
            }
            const char *type = act->type ? act->type : "";
            if (strcmp(type, "end") == 0) {
                bool success_action = last_ok;
                free(actions);
                /* EXEC-40/41: an end after a failure leaves the workflow failed. */
                {
                    finish(e, success_action ? AZ_RUN_SUCCEEDED : AZ_RUN_FAILED,
                           success_action ? NULL : "ended by a failure action", out);
                    return;
                }
            }
            if (strcmp(type, "goto") == 0) {
                if (act->step_id) {
                    long to = step_index(e->wf, act->step_id);
                    if (to < 0) {
                        snprintf(msg, sizeof(msg), "goto: no step '%s' in workflow '%s'",
                                 act->step_id, e->id ? e->id : "");
                        free(actions);
                        {
                            finish(e, AZ_RUN_FAILED, msg, out);
                            return;
                        }
                    }
                    i = (size_t)to;
                    moved = true;
                    free(actions);
                    break;
                }
                /* EXEC-51: the target's result becomes this workflow's. */
                json_object *target = NULL;
                const az_arazzo_doc *owner = NULL;
                char *why = NULL;
                if (az_arazzo_doc_find_workflow(e->doc, act->workflow_id ? act->workflow_id : "",
                                                &target, &owner, &why) != AZ_OK) {
                    snprintf(msg, sizeof(msg), "goto: %s", why ? why : "no such workflow");
                    free(why);
                    free(actions);
                    {
                        finish(e, AZ_RUN_FAILED, msg, out);
                        return;
                    }
                }
                free(actions);
                wf_result r = {0};
                run_workflow(s, owner, target, e->inputs, e->depth + 1, &r);
                finish(e, r.status, r.error, out);
                json_object_put(out->outputs);
                out->outputs = r.outputs;
                free(r.error);
                return;
            }
            /* retry (EXEC-60..66) */
            long long *used = retries_of(&counts, act->node);
            (*used)++;
            double delay =
                header_delay >= 0 ? header_delay : (act->retry_after > 0 ? act->retry_after : 0);
            if (delay > s->opts->max_retry_delay_s)
                delay = s->opts->max_retry_delay_s;
            az_event ev = {.kind = AZ_EVENT_RETRY_SCHEDULED,
                           .workflow_id = e->id,
                           .step_id = step_id,
                           .depth = e->depth,
                           .attempt = no,
                           .action_name = act->name,
                           .action_type = "retry",
                           .target = act->step_id ? act->step_id : act->workflow_id,
                           .delay_s = delay};
            emit(s, &ev);
            bool detour_ok = true;
            if (act->step_id || act->workflow_id) {
                /* EXEC-65: a detour, then back to this step. */
                json_object *target = NULL;
                const az_arazzo_doc *owner = e->doc;
                if (act->step_id) {
                    long to = step_index(e->wf, act->step_id);
                    detour_ok = to >= 0;
                    if (detour_ok) {
                        wf_exec detour = *e;
                        json_object *one = json_object_new_object();
                        json_object *list = json_object_new_array();
                        json_object_array_add(
                            list, json_object_get(json_object_array_get_idx(steps, (size_t)to)));
                        json_object_object_add(one, "steps", list);
                        /* The detour step runs with this workflow's actions. */
                        json_object *sa = az_json_get(e->wf, "successActions");
                        json_object *fa = az_json_get(e->wf, "failureActions");
                        json_object *params = az_json_get(e->wf, "parameters");
                        if (sa)
                            json_object_object_add(one, "successActions", json_object_get(sa));
                        if (fa)
                            json_object_object_add(one, "failureActions", json_object_get(fa));
                        if (params)
                            json_object_object_add(one, "parameters", json_object_get(params));
                        detour.wf = one;
                        detour.id = e->id;
                        wf_result r = {0};
                        run_steps(&detour, &r);
                        detour_ok = r.status == AZ_RUN_SUCCEEDED;
                        json_object_put(r.outputs);
                        free(r.error);
                        json_object_put(one);
                    }
                } else {
                    char *why = NULL;
                    detour_ok = az_arazzo_doc_find_workflow(e->doc, act->workflow_id, &target,
                                                            &owner, &why) == AZ_OK;
                    free(why);
                    if (detour_ok) {
                        wf_result r = {0};
                        run_workflow(s, owner, target, e->inputs, e->depth + 1, &r);
                        detour_ok = r.status == AZ_RUN_SUCCEEDED;
                        json_object_put(r.outputs);
                        free(r.error);
                    }
                }
                if (s->abort_reason) {
                    free(actions);
                    {
                        finish(e, AZ_RUN_ABORTED, NULL, out);
                        return;
                    }
                }
            }
            if (!detour_ok) {
                /* EXEC-65 decision: the retry is used, the step is not
                 * re-executed, and the failure actions after the retry
                 * apply (none: the workflow fails, EXEC-33). */
                if (after_detour < 0) {
                    free(actions);
                    finish(e, AZ_RUN_FAILED,
                           "the retry's detour failed and no later failure action applied", out);
                    return;
                }
                act = &actions[after_detour];
                after_detour = -1;
                az_event next = {.kind = AZ_EVENT_ACTION_CHOSEN,
                                 .workflow_id = e->id,
                                 .step_id = step_id,
                                 .depth = e->depth,
                                 .attempt = no,
                                 .action_name = act->name,
                                 .action_type = act->type,
                                 .target = act->step_id ? act->step_id : act->workflow_id};
                emit(s, &next);
                goto dispatch;
            }
            free(actions);
            pause_for(s, delay);
        }
        if (moved)
            continue;
        if (!last_ok) {
            snprintf(msg, sizeof(msg), "step '%s' failed and no failure action applied",
                     step_id ? step_id : "");
            {
                finish(e, AZ_RUN_FAILED, msg, out);
                return;
            }
        }
        i++;
    }
    finish(e, AZ_RUN_SUCCEEDED, NULL, out);
}

/* Collects the secret inputs of the workflow into the masker. */
static void collect_secrets(session *s, json_object *wf, json_object *inputs)
{
    json_object *props = az_json_get(az_json_get(wf, "inputs"), "properties");
    if (!json_object_is_type(inputs, json_type_object))
        return;
    json_object_object_foreach(inputs, name, value)
    {
        if (az_input_is_secret(name, az_json_get(props, name)))
            az__masker_add(&s->masker, value);
    }
}

/* Runs one workflow: inputs, dependencies, steps (5.11 run_workflow). */
static void run_workflow(session *s, const az_arazzo_doc *doc, json_object *wf, json_object *inputs,
                         unsigned depth, wf_result *out)
{
    wf_exec e = {
        s, doc, wf, az_json_get_string(wf, "workflowId"), NULL, json_object_new_object(), depth};
    char *error = NULL;
    memset(out, 0, sizeof(*out));
    az_event started = {.kind = AZ_EVENT_WORKFLOW_STARTED, .workflow_id = e.id, .depth = depth};
    emit(s, &started);
    if (depth > s->opts->max_depth) {
        char msg[160];
        snprintf(msg, sizeof(msg),
                 "workflows nest deeper than %u (sub-workflows, goto or dependsOn calling each "
                 "other?)",
                 s->opts->max_depth);
        abort_run(s, msg);
        e.inputs = json_object_get(inputs);
        finish(&e, AZ_RUN_ABORTED, NULL, out);
        goto out;
    }
    size_t violations = 0;
    az_diags *diags = az_diags_new();
    az_status st = s->opts->validate_inputs
                       ? az__inputs_prepare(az_description_docset(s->desc), doc->src, wf, inputs,
                                            &e.inputs, diags, &violations, &error)
                       : AZ_OK;
    if (!s->opts->validate_inputs)
        e.inputs = inputs ? json_object_get(inputs) : json_object_new_object();
    if (st == AZ_OK && violations > 0) {
        const az_diag *d = az_diags_get(diags, 0);
        az__engine_error(&error, "%s%s", d->message,
                         violations > 1 ? " (and more input problems)" : "");
        st = AZ_ERR_INVALID;
    }
    az_diags_free(diags);
    if (st != AZ_OK) {
        if (!e.inputs)
            e.inputs = inputs ? json_object_get(inputs) : json_object_new_object();
        finish(&e, AZ_RUN_FAILED, error, out);
        goto out;
    }
    /* Secret inputs of every workflow run, sub-workflows included. */
    collect_secrets(s, wf, e.inputs);
    if (!run_dependencies(&e, &error)) {
        finish(&e, s->abort_reason ? AZ_RUN_ABORTED : AZ_RUN_FAILED, error, out);
        goto out;
    }
    run_steps(&e, out);
out:
    free(error);
    json_object_put(e.inputs);
    json_object_put(e.steps);
}

/*
 * What az_run and az_run_check check before anything is sent: the
 * workflow exists (stored in *wf, its document in *owner), every reference
 * the run can reach resolves (EXEC-01), and, when `validate_inputs`, the
 * inputs satisfy the inputs schema with every violation listed (EXEC-10).
 */
static az_status prepare_run(const az_description *desc, const char *workflow_id,
                             json_object *inputs, bool validate_inputs, az_diags *diags,
                             json_object **wf_out, const az_arazzo_doc **owner_out)
{
    const az_arazzo_doc *entry = az_description_entry(desc), *owner = NULL;
    json_object *wf = NULL;
    char *error = NULL;
    az_pos pos = {entry ? az_source_name(entry->src) : "", 0, 0};
    json_object *list = az_json_get(az_source_root(entry->src), "workflows");
    size_t n = json_object_is_type(list, json_type_array) ? json_object_array_length(list) : 0;
    if (!workflow_id) {
        if (n != 1) {
            az_diags_add(diags, AZ_SEVERITY_ERROR, "run-workflow-unknown", &pos,
                         "the document has %zu workflows: choose one with --workflow", n);
            return AZ_ERR_INVALID;
        }
        wf = json_object_array_get_idx(list, 0);
        owner = entry;
    } else if (az_arazzo_doc_find_workflow(entry, workflow_id, &wf, &owner, &error) != AZ_OK) {
        az_diags_add(diags, AZ_SEVERITY_ERROR, "run-workflow-unknown", &pos, "%s", error);
        free(error);
        return AZ_ERR_INVALID;
    }
    /* EXEC-01: every reference the run may follow resolves before the
     * first request; an unresolvable one stops it with nothing sent. */
    ref_walk walk = {0};
    check_workflow(&walk, owner, wf);
    free(walk.seen);
    if (walk.error) {
        az_diags_add(diags, AZ_SEVERITY_ERROR, "run-reference-unresolved", &pos, "%s", walk.error);
        free(walk.error);
        return AZ_ERR_INVALID;
    }
    if (inputs && !json_object_is_type(inputs, json_type_object)) {
        az_diags_add(diags, AZ_SEVERITY_ERROR, "run-input-invalid", &pos,
                     "the inputs must be a JSON object");
        return AZ_ERR_INVALID;
    }
    /* Inputs are checked up front so every violation is listed (EXEC-10). */
    if (validate_inputs) {
        json_object *prepared = NULL;
        size_t violations = 0;
        az_status st = az__inputs_prepare(az_description_docset(desc), owner->src, wf, inputs,
                                          &prepared, diags, &violations, &error);
        json_object_put(prepared);
        if (st != AZ_OK || violations > 0) {
            if (error)
                az_diags_add(diags, AZ_SEVERITY_ERROR, "run-input-invalid", &pos, "%s", error);
            free(error);
            return AZ_ERR_INVALID;
        }
    }
    *wf_out = wf;
    *owner_out = owner;
    return AZ_OK;
}

/* Checks a run without running it; see engine.h. */
az_status az_run_check(const az_description *desc, const char *workflow_id, json_object *inputs,
                       az_diags *diags)
{
    json_object *wf = NULL;
    const az_arazzo_doc *owner = NULL;
    return prepare_run(desc, workflow_id, inputs, true, diags, &wf, &owner);
}

/* Runs a workflow; see engine.h. */
az_status az_run(const az_description *desc, const char *workflow_id, json_object *inputs,
                 const az_run_opts *opts, az_diags *diags, json_object **result)
{
    const az_arazzo_doc *entry = az_description_entry(desc), *owner = NULL;
    json_object *wf = NULL;
    *result = NULL;
    az_pos pos = {entry ? az_source_name(entry->src) : "", 0, 0};
    if (!opts || !opts->transport) {
        az_diags_add(diags, AZ_SEVERITY_ERROR, "run-no-transport", &pos,
                     "no transport to send requests with");
        return AZ_ERR_INVALID;
    }
    az_status st =
        prepare_run(desc, workflow_id, inputs, opts->validate_inputs, diags, &wf, &owner);
    if (st != AZ_OK)
        return st;

    session s = {desc,
                 opts,
                 diags,
                 {opts->mask_secrets, NULL, 0},
                 json_object_new_object(),
                 json_object_new_object(),
                 json_object_new_array(),
                 0,
                 now_s(),
                 0.0,
                 NULL,
                 {opts, NULL, NULL, NULL},
                 {az_description_docset(desc), NULL, NULL, NULL, 0, 0}};
    s.auth.masker = &s.masker;
    for (size_t i = 0; i < opts->n_credentials + opts->n_secrets; i++) {
        json_object *v = json_object_new_string(i < opts->n_credentials
                                                    ? opts->credentials[i].value
                                                    : opts->secrets[i - opts->n_credentials]);
        az__masker_add(&s.masker, v);
        json_object_put(v);
    }
    collect_secrets(&s, wf, inputs);
    wf_result r = {0};
    run_workflow(&s, owner, wf, inputs, 0, &r);

    json_object *res = json_object_new_object();
    json_object_object_add(res, "workflowId",
                           json_object_new_string(az_json_get_string(wf, "workflowId")));
    json_object_object_add(res, "status", json_object_new_string(az_run_status_name(r.status)));
    if (r.error)
        json_object_object_add(res, "error", masked_string(&s, r.error, strlen(r.error)));
    json_object_object_add(res, "outputs", az__mask_json(&s.masker, r.outputs));
    json_object_object_add(res, "steps", json_object_get(s.trace));
    json_object_object_add(res, "durationMs",
                           json_object_new_double((now_s() - s.started) * 1000.0));
    if (opts->dry_run)
        json_object_object_add(res, "dryRun", json_object_new_boolean(true));
    *result = res;

    json_object_put(r.outputs);
    free(r.error);
    json_object_put(s.workflows);
    json_object_put(s.completed);
    json_object_put(s.trace);
    free(s.abort_reason);
    az__auth_clear(&s.auth);
    az__contract_clear(&s.contract);
    az__masker_clear(&s.masker);
    return AZ_OK;
}
