/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_report.c - the human report of `arazzo run`, printed from the
 * engine's events as they happen: each step's request (METHOD URL), its
 * status and time, every criterion passed or failed with why, the action
 * taken, retries with their delay, contract checks that failed; -v adds
 * the headers and the checks that passed, -vv the bodies. On a terminal
 * (and without -v) a step's request line stays open while the request
 * runs and is completed by its status and time: the live line. Secrets
 * arrive masked from the engine. Text from documents and servers is
 * printed with control characters neutralized.
 */
#include "cli.h"

#include <string.h>

/* Prints text that came from a document or a server. */
static void put(FILE *out, const char *s)
{
    if (s)
        az_put_sanitized(out, s, strlen(s));
}

/* Prints `len` bytes of a body, cut after 4 KiB. */
static void put_body(FILE *out, const char *body, size_t len)
{
    const size_t max = 4096;
    az_put_sanitized(out, body, len < max ? len : max);
    if (len > max)
        fprintf(out, "... (%zu bytes in all)", len);
    fputc('\n', out);
}

/* Opens a line about a step: "  [workflow] step #attempt ". */
static void step_prefix(const cli_report *r, const az_event *ev)
{
    fprintf(r->out, "%*s", 2 * (int)ev->depth, "");
    if (ev->step_id) {
        fputs(r->color ? "\033[1m" : "", r->out);
        put(r->out, ev->step_id);
        fputs(r->color ? "\033[0m" : "", r->out);
        if (ev->attempt > 1)
            fprintf(r->out, " (attempt %u)", ev->attempt);
        fputs(": ", r->out);
    }
}

/* Opens a line about a detail of a step (a criterion, a check): indented
 * under the step, or with -q, where the step's own lines are not shown,
 * prefixed with the step. */
static void detail_prefix(const cli_report *r, const az_event *ev)
{
    if (r->quiet)
        step_prefix(r, ev);
    else
        fprintf(r->out, "%*s    ", 2 * (int)ev->depth, "");
}

/* Prints the headers of a request or response (--verbose). */
static void put_headers(const cli_report *r, const az_event *ev, const az_http_header *h, size_t n,
                        const char *arrow)
{
    for (size_t i = 0; i < n; i++) {
        fprintf(r->out, "%*s    %s ", 2 * (int)ev->depth, "", arrow);
        put(r->out, h[i].name);
        fputs(": ", r->out);
        put(r->out, h[i].value);
        fputc('\n', r->out);
    }
}

/* Prints a URL, showing the dry-run placeholders it carries percent-encoded
 * ("%7B%24steps.a.outputs.b%7D") as written: "{$steps.a.outputs.b}". */
static void put_url_placeholders(FILE *out, const char *url)
{
    const char *p = url;
    for (const char *open; (open = strstr(p, "%7B%24")) != NULL;) {
        const char *name = open + 6, *close = strstr(name, "%7D");
        size_t len = close ? (size_t)(close - name) : 0;
        bool plain = len > 0 && strspn(name, "abcdefghijklmnopqrstuvwxyz"
                                             "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") >= len;
        az_put_sanitized(out, p, (size_t)(open - p) + (plain ? 0 : 6));
        if (plain) {
            fputs("{$", out);
            az_put_sanitized(out, name, len);
            fputc('}', out);
            p = close + 3;
        } else {
            p = name;
        }
    }
    put(out, p);
}

/* Prints a request line: "METHOD URL". */
static void put_request_line(const cli_report *r, const az_event *ev)
{
    fprintf(r->out, "%s ", ev->request->method);
    if (r->dry_run)
        put_url_placeholders(r->out, ev->request->url);
    else
        put(r->out, ev->request->url);
}

/* Tells whether -q shows an event: errors, requests without a response,
 * failed criteria, checks failed at level error, and a workflow that did
 * not succeed. */
static bool quiet_shows(const az_event *ev)
{
    switch (ev->kind) {
    case AZ_EVENT_WARNING: return true;
    case AZ_EVENT_RESPONSE_RECEIVED: return ev->response->failure != AZ_HTTP_OK;
    case AZ_EVENT_CRITERION_EVALUATED: return !ev->passed;
    case AZ_EVENT_CHECK_EVALUATED: return !ev->passed && ev->check_level == AZ_CHECK_ERROR;
    case AZ_EVENT_WORKFLOW_FINISHED: return ev->status != AZ_RUN_SUCCEEDED;
    default: return false;
    }
}

/* Counts what the summary line reports. */
static void count(cli_report *r, const az_event *ev)
{
    if (ev->kind == AZ_EVENT_STEP_FINISHED) {
        r->steps++;
        r->failed_steps += !ev->success;
    } else if (ev->kind == AZ_EVENT_CHECK_EVALUATED && !ev->passed &&
               ev->check_level == AZ_CHECK_WARN) {
        r->check_warnings++;
    }
}

/* Says what to try after a request that got no response. */
static void put_hint(const cli_report *r, const az_event *ev)
{
    const char *hint = NULL;
    if (ev->response->failure == AZ_HTTP_TLS)
        hint = "--cacert FILE trusts another CA; --insecure skips verification (tests only)";
    else if (ev->response->failure == AZ_HTTP_CONNECT)
        hint = "is the server up? --server SOURCE=URL sends a source's requests elsewhere, "
               "--mock to the built-in mock server";
    else if (ev->response->failure == AZ_HTTP_TIMEOUT)
        hint = "--request-timeout SECONDS waits longer";
    if (hint)
        fprintf(r->out, "%*s    %shint: %s%s\n", 2 * (int)ev->depth, "", r->color ? "\033[2m" : "",
                hint, r->color ? "\033[0m" : "");
}

/* The engine's event callback; see cli.h. */
void cli_report_event(void *user, const az_event *ev)
{
    cli_report *r = user;
    const char *green = r->color ? "\033[32m" : "", *red = r->color ? "\033[31m" : "",
               *yellow = r->color ? "\033[33m" : "", *dim = r->color ? "\033[2m" : "",
               *reset = r->color ? "\033[0m" : "";
    bool live = r->live && !r->verbose && !r->dry_run;
    if (r->quiet && !quiet_shows(ev)) {
        count(r, ev);
        return;
    }
    if (r->line_open) {
        /* The live line is completed by the response, else ended here. */
        if (ev->kind == AZ_EVENT_RESPONSE_RECEIVED)
            fputs("\r\033[K", r->out);
        else
            fputc('\n', r->out);
        r->line_open = false;
    }
    switch (ev->kind) {
    case AZ_EVENT_WORKFLOW_STARTED:
        fprintf(r->out, "%*sworkflow ", 2 * (int)ev->depth, "");
        put(r->out, ev->workflow_id);
        fputc('\n', r->out);
        break;
    case AZ_EVENT_REQUEST_SENT:
        step_prefix(r, ev);
        put_request_line(r, ev);
        if (live) {
            fprintf(r->out, " %s...%s", dim, reset);
            fflush(r->out);
            r->line_open = true;
            break;
        }
        fputc('\n', r->out);
        if (r->verbose || r->dry_run) {
            put_headers(r, ev, ev->request->headers, ev->request->n_headers, ">");
            if (ev->request->body && (r->verbose > 1 || r->dry_run)) {
                fprintf(r->out, "%*s    > ", 2 * (int)ev->depth, "");
                put_body(r->out, ev->request->body, ev->request->body_len);
            }
        }
        break;
    case AZ_EVENT_RESPONSE_RECEIVED:
        step_prefix(r, ev);
        if (live) {
            put_request_line(r, ev);
            fputc(' ', r->out);
        }
        if (ev->response->failure != AZ_HTTP_OK) {
            fprintf(r->out, "%sno response%s: ", red, reset);
            put(r->out, ev->response->error);
            fputc('\n', r->out);
            put_hint(r, ev);
            break;
        }
        fprintf(r->out, "%s%ld%s %s(%.0f ms)%s\n", ev->response->status < 400 ? green : red,
                ev->response->status, reset, dim, ev->time_ms, reset);
        if (r->verbose) {
            put_headers(r, ev, ev->response->headers, ev->response->n_headers, "<");
            if (ev->response->body && ev->response->body_len && r->verbose > 1) {
                fprintf(r->out, "%*s    < ", 2 * (int)ev->depth, "");
                put_body(r->out, ev->response->body, ev->response->body_len);
            }
        }
        break;
    case AZ_EVENT_CRITERION_EVALUATED:
        detail_prefix(r, ev);
        fprintf(r->out, "%s%s%s ", ev->passed ? green : red, ev->passed ? "passed" : "failed",
                reset);
        put(r->out, ev->condition);
        if (ev->reason) {
            fputs(": ", r->out);
            put(r->out, ev->reason);
        }
        fputc('\n', r->out);
        break;
    case AZ_EVENT_CHECK_EVALUATED:
        count(r, ev);
        if (ev->passed && !r->verbose)
            break;
        detail_prefix(r, ev);
        fprintf(r->out, "%s%s%s %s: ",
                ev->passed                          ? green
                : ev->check_level == AZ_CHECK_ERROR ? red
                                                    : yellow,
                ev->passed                          ? "passed"
                : ev->check_level == AZ_CHECK_ERROR ? "failed"
                                                    : "warning",
                reset, ev->condition);
        put(r->out, ev->reason);
        fputc('\n', r->out);
        break;
    case AZ_EVENT_ACTION_CHOSEN:
        if (!ev->action_name)
            break; /* the default flow needs no line */
        fprintf(r->out, "%*s    -> %s ", 2 * (int)ev->depth, "", ev->action_type);
        put(r->out, ev->action_name);
        if (ev->target) {
            fputs(" (", r->out);
            put(r->out, ev->target);
            fputc(')', r->out);
        }
        fputc('\n', r->out);
        break;
    case AZ_EVENT_RETRY_SCHEDULED:
        fprintf(r->out, "%*s    retrying in %g s\n", 2 * (int)ev->depth, "", ev->delay_s);
        break;
    case AZ_EVENT_STEP_FINISHED: count(r, ev); break;
    case AZ_EVENT_WORKFLOW_FINISHED:
        fprintf(r->out, "%*sworkflow ", 2 * (int)ev->depth, "");
        put(r->out, ev->workflow_id);
        fprintf(r->out, " %s%s%s", ev->status == AZ_RUN_SUCCEEDED ? green : red,
                az_run_status_name(ev->status), reset);
        if (ev->message) {
            fputs(": ", r->out);
            put(r->out, ev->message);
        }
        fputc('\n', r->out);
        if (ev->status == AZ_RUN_FAILED && ev->depth == 0 && r->verbose < 2 && !r->quiet)
            fprintf(r->out, "%shint: %s%s\n", dim,
                    r->verbose ? "-vv also shows the bodies"
                               : "-v shows the headers of each request and response, -vv the "
                                 "bodies too",
                    reset);
        break;
    case AZ_EVENT_WARNING:
        step_prefix(r, ev);
        fprintf(r->out, "%serror%s: ", red, reset);
        put(r->out, ev->message);
        fputc('\n', r->out);
        break;
    case AZ_EVENT_STEP_STARTED: break;
    }
}

/* Prints a finished run's outputs and summary line; see cli.h. */
void cli_report_result(const cli_report *r, json_object *result)
{
    json_object *outputs = NULL, *status = NULL, *duration = NULL;
    json_object_object_get_ex(result, "outputs", &outputs);
    json_object_object_get_ex(result, "status", &status);
    json_object_object_get_ex(result, "durationMs", &duration);
    if (!r->quiet && json_object_is_type(outputs, json_type_object) &&
        json_object_object_length(outputs) > 0) {
        fputs("outputs:\n", r->out);
        json_object_object_foreach(outputs, name, value)
        {
            fputs("  ", r->out);
            put(r->out, name);
            fputs(": ", r->out);
            put(r->out, json_object_to_json_string_ext(value, JSON_C_TO_STRING_PLAIN |
                                                                  JSON_C_TO_STRING_NOSLASHESCAPE));
            fputc('\n', r->out);
        }
    }
    if (az_json_get_bool(result, "dryRun", false)) {
        fprintf(r->out, "dry run: %zu step%s, nothing sent\n", r->steps, r->steps == 1 ? "" : "s");
        return;
    }
    fprintf(r->out, "%s: %zu step%s run, %zu failed", json_object_get_string(status), r->steps,
            r->steps == 1 ? "" : "s", r->failed_steps);
    if (r->check_warnings)
        fprintf(r->out, ", %zu contract warning%s", r->check_warnings,
                r->check_warnings == 1 ? "" : "s");
    fprintf(r->out, ", %.0f ms\n", json_object_get_double(duration));
}
