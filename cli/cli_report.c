/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_report.c - the human report of `arazzo run`, printed from the
 * engine's events as they happen: each step's request (METHOD URL), its
 * status and time, every criterion passed or failed with why, the action
 * taken, retries with their delay; with --verbose the headers and bodies
 * too. Secrets arrive masked from the engine. Text from documents and
 * servers is printed with control characters neutralized.
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

/* The engine's event callback; see cli.h. */
void cli_report_event(void *user, const az_event *ev)
{
    cli_report *r = user;
    const char *green = r->color ? "\033[32m" : "", *red = r->color ? "\033[31m" : "",
               *dim = r->color ? "\033[2m" : "", *reset = r->color ? "\033[0m" : "";
    switch (ev->kind) {
    case AZ_EVENT_WORKFLOW_STARTED:
        fprintf(r->out, "%*sworkflow ", 2 * (int)ev->depth, "");
        put(r->out, ev->workflow_id);
        fputc('\n', r->out);
        break;
    case AZ_EVENT_REQUEST_SENT:
        step_prefix(r, ev);
        fprintf(r->out, "%s ", ev->request->method);
        put(r->out, ev->request->url);
        fputc('\n', r->out);
        if (r->verbose) {
            put_headers(r, ev, ev->request->headers, ev->request->n_headers, ">");
            if (ev->request->body) {
                fprintf(r->out, "%*s    > ", 2 * (int)ev->depth, "");
                put_body(r->out, ev->request->body, ev->request->body_len);
            }
        }
        break;
    case AZ_EVENT_RESPONSE_RECEIVED:
        step_prefix(r, ev);
        if (ev->response->failure != AZ_HTTP_OK) {
            fprintf(r->out, "%sno response%s: ", red, reset);
            put(r->out, ev->response->error);
            fputc('\n', r->out);
            break;
        }
        fprintf(r->out, "%s%ld%s %s(%.0f ms)%s\n", ev->response->status < 400 ? green : red,
                ev->response->status, reset, dim, ev->time_ms, reset);
        if (r->verbose) {
            put_headers(r, ev, ev->response->headers, ev->response->n_headers, "<");
            if (ev->response->body && ev->response->body_len) {
                fprintf(r->out, "%*s    < ", 2 * (int)ev->depth, "");
                put_body(r->out, ev->response->body, ev->response->body_len);
            }
        }
        break;
    case AZ_EVENT_CRITERION_EVALUATED:
        fprintf(r->out, "%*s    %s%s%s ", 2 * (int)ev->depth, "", ev->passed ? green : red,
                ev->passed ? "passed" : "failed", reset);
        put(r->out, ev->condition);
        if (ev->reason) {
            fputs(": ", r->out);
            put(r->out, ev->reason);
        }
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
    case AZ_EVENT_STEP_FINISHED:
        r->steps++;
        if (!ev->success)
            r->failed_steps++;
        break;
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
    if (json_object_is_type(outputs, json_type_object) && json_object_object_length(outputs) > 0) {
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
    fprintf(r->out, "%s: %zu step%s run, %zu failed, %.0f ms\n", json_object_get_string(status),
            r->steps, r->steps == 1 ? "" : "s", r->failed_steps, json_object_get_double(duration));
}
