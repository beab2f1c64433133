/* SPDX-License-Identifier: Apache-2.0 */
/*
 * conformance_runner.c - running one conformance case: the script mock on
 * an ephemeral port, then this engine in process (load with no network,
 * validate, run with each source sent to the mock) or an external engine
 * (conformance_engine.c), then the judgement: the exit status, the
 * requests the mock saw against the exchanges, and in process the run's
 * status, outputs, executed steps and diagnostics. See
 * conformance/README.md.
 */
#include "conformance_internal.h"
#include "conformance_mock_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <arazzo/engine.h>
#include <arazzo/conformance.h>

/* Exit statuses, as `arazzo run` gives them. */
enum { EXIT_SUCCEEDED = 0, EXIT_FAILED = 1, EXIT_INVALID = 3, EXIT_ABORTED = 4 };

/* Fills the defaults: in process, AZ_CASE_DEFAULT_TIMEOUT. */
void az_case_opts_init(az_case_opts *opts)
{
    memset(opts, 0, sizeof(*opts));
    opts->timeout_s = AZ_CASE_DEFAULT_TIMEOUT;
}

/* "passed", "failed" or "skipped". */
const char *az_case_verdict_name(az_case_verdict verdict)
{
    switch (verdict) {
    case AZ_CASE_PASSED: return "passed";
    case AZ_CASE_FAILED: return "failed";
    case AZ_CASE_SKIPPED: return "skipped";
    }
    return "?";
}

/* Appends a formatted reason to the result. */
static void reason(az_case_result *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void reason(az_case_result *r, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    json_object_array_add(r->reasons, json_object_new_string(buf));
}

/* Releases the server list. */
void az__case_servers_cleanup(az__case_servers *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free((char *)s->list[i].source);
        free((char *)s->list[i].url);
    }
    free(s->list);
    s->list = NULL;
    s->n = 0;
}

/* Adds source `name` at mock URL + `base`. */
static bool add_server(az__case_servers *s, const char *name, const char *url, const char *base)
{
    az_server_override *grown = realloc(s->list, (s->n + 1) * sizeof(*grown));
    if (!grown)
        return false;
    s->list = grown;
    size_t n = strlen(url) + strlen(base) + 1;
    char *full = malloc(n), *src = strdup(name);
    if (!full || !src) {
        free(full);
        free(src);
        return false;
    }
    snprintf(full, n, "%s%s", url, base);
    s->list[s->n].source = src;
    s->list[s->n].url = full;
    s->n++;
    return true;
}

/* The servers of a case: those of `servers`, else every openapi source of
 * the entry document (`desc` may be NULL when it did not load). */
static bool case_servers(const az_case *c, const az_description *desc, const char *url,
                         az__case_servers *out)
{
    if (c->servers) {
        json_object_object_foreach(c->servers, name, base)
        {
            if (!add_server(out, name, url, json_object_get_string(base)))
                return false;
        }
        return true;
    }
    const az_arazzo_doc *entry = desc ? az_description_entry(desc) : NULL;
    for (size_t i = 0; entry && i < entry->n_sources; i++) {
        const az_source_desc *sd = &entry->sources[i];
        bool openapi = sd->index || (sd->type && strcmp(sd->type, "openapi") == 0);
        if (sd->name && openapi && !add_server(out, sd->name, url, ""))
            return false;
    }
    return true;
}

/* The steps a run executed (see arazzo/conformance.h). */
json_object *az_case_executed_steps(json_object *run)
{
    json_object *steps = az_json_get(run, "steps"), *out = json_object_new_array();
    size_t n = json_object_is_type(steps, json_type_array) ? json_object_array_length(steps) : 0;
    for (size_t i = 0; out && i < n; i++) {
        json_object *s = json_object_array_get_idx(steps, i);
        json_object *next = i + 1 < n ? json_object_array_get_idx(steps, i + 1) : NULL;
        const char *id = az_json_get_string(s, "stepId");
        const char *wf = az_json_get_string(s, "workflowId");
        if (next && id && az_json_get_string(next, "stepId") &&
            strcmp(id, az_json_get_string(next, "stepId")) == 0 &&
            (!wf || !az_json_get_string(next, "workflowId") ||
             strcmp(wf, az_json_get_string(next, "workflowId")) == 0) &&
            json_object_get_int(az_json_get(next, "attempt")) ==
                json_object_get_int(az_json_get(s, "attempt")) + 1)
            continue; /* retried: only the final attempt counts */
        json_object_array_add(out, json_object_new_string(id ? id : "?"));
    }
    return out;
}

/* Compact JSON text of a value (borrowed from it). */
static const char *text(json_object *v)
{
    return v ? json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
                                                     JSON_C_TO_STRING_NOSLASHESCAPE)
             : "null";
}

/* Checks the expected diagnostics: each, in order, must be found after the
 * previous one (others allowed). */
static void judge_diagnostics(const az_case *c, const az_diags *diags, az_case_result *r)
{
    size_t from = 0, n = az_diags_count(diags);
    for (size_t i = 0; c->diagnostics && i < json_object_array_length(c->diagnostics); i++) {
        json_object *want = json_object_array_get_idx(c->diagnostics, i);
        const char *code = az_json_get_string(want, "code");
        json_object *line = az_json_get(want, "line"), *col = az_json_get(want, "column");
        size_t j = from;
        for (; j < n; j++) {
            const az_diag *d = az_diags_get(diags, j);
            if (code && d->code && strcmp(code, d->code) == 0 &&
                (!line || (int)d->line == json_object_get_int(line)) &&
                (!col || (int)d->column == json_object_get_int(col)))
                break;
        }
        if (j < n) {
            from = j + 1;
            continue;
        }
        char where[64] = "";
        if (line)
            snprintf(where, sizeof(where), " at %d:%d", json_object_get_int(line),
                     col ? json_object_get_int(col) : 0);
        az_buf got = {0};
        for (size_t k = 0; k < n; k++) {
            const az_diag *d = az_diags_get(diags, k);
            char one[256];
            snprintf(one, sizeof(one), "%s%s %u:%u", k ? ", " : "", d->code ? d->code : "?",
                     d->line, d->column);
            az_buf_puts(&got, one);
        }
        char *list = az_buf_take(&got);
        reason(r, "diagnostic %zu: expected %s%s%s, got [%s]", i + 1, code ? code : "?", where,
               i ? " after the previous one" : "", list ? list : "");
        free(list);
    }
}

/* Runs the case with this engine in process; sets r->exit and r->run. */
static void run_in_process(const az_case *c, const az_case_opts *opts, az_description *desc,
                           az_diags *diags, az_status load_status, const az__case_servers *servers,
                           az_case_result *r)
{
    az_transport *transport = NULL;
    json_object *inputs = NULL;
    if (load_status != AZ_OK) {
        r->exit = load_status == AZ_ERR_SYNTAX || load_status == AZ_ERR_INVALID ? EXIT_INVALID
                                                                                : EXIT_ABORTED;
        goto out;
    }
    az_validate_opts vopts;
    az_validate_opts_init(&vopts);
    vopts.load.docset.allow_network = false;
    az_status st = az_validate_description(desc, &vopts, diags);
    if (st != AZ_OK) {
        r->exit = st == AZ_ERR_INVALID ? EXIT_INVALID : EXIT_ABORTED;
        goto out;
    }
    az_curl_opts copts;
    az_curl_opts_init(&copts);
    copts.timeout_ms = (long)(opts->timeout_s * 1000.0);
    if (!(transport = az_transport_curl_new(&copts))) {
        reason(r, "cannot start the HTTP client");
        goto out;
    }
    az_run_opts ropts;
    az_run_opts_init(&ropts);
    ropts.transport = transport;
    ropts.execution_timeout_s = opts->timeout_s;
    ropts.mask_secrets = false;
    ropts.servers = servers->list;
    ropts.n_servers = servers->n;
    inputs = c->inputs ? az__mock_json_copy(c->inputs) : json_object_new_object();
    st = az_run(desc, c->workflow, inputs, &ropts, diags, &r->run);
    if (st != AZ_OK) {
        r->exit = st == AZ_ERR_INVALID ? EXIT_INVALID : EXIT_ABORTED;
        goto out;
    }
    const char *status = az_json_get_string(r->run, "status");
    r->exit = !status                            ? EXIT_ABORTED
              : strcmp(status, "succeeded") == 0 ? EXIT_SUCCEEDED
              : strcmp(status, "aborted") == 0   ? EXIT_ABORTED
                                                 : EXIT_FAILED;
out:
    json_object_put(inputs);
    az_transport_free(transport);
}

/* "POST /a" of exchange `i` (0-based), into buf. */
static const char *exchange_text(const az_case *c, size_t i, char *buf, size_t size)
{
    json_object *req = az_json_get(json_object_array_get_idx(c->exchanges, i), "request");
    const char *m = az_json_get_string(req, "method"), *p = az_json_get_string(req, "path");
    snprintf(buf, size, "%s %s", m ? m : "any method", p ? p : "any path");
    return buf;
}

/* Judges the requests the mock saw against the exchanges. */
static void judge_requests(const az_case *c, az_case_result *r)
{
    size_t n_ex = c->exchanges ? json_object_array_length(c->exchanges) : 0;
    size_t n_req = r->requests ? json_object_array_length(r->requests) : 0;
    /* used: answered by a matching request; tried: a request was compared
     * with it (and did not match, which is reported already). */
    bool *used = calloc(n_ex + 1, sizeof(bool)), *tried = calloc(n_ex + 1, sizeof(bool));
    char buf[512];
    if (!used || !tried) {
        free(used);
        free(tried);
        reason(r, "out of memory");
        return;
    }
    for (size_t i = 0; i < n_req; i++) {
        json_object *e = json_object_array_get_idx(r->requests, i);
        const char *mismatch = az_json_get_string(e, "mismatch");
        json_object *ex = az_json_get(e, "exchange");
        bool known = ex && json_object_get_int(ex) >= 1 && (size_t)json_object_get_int(ex) <= n_ex;
        if (mismatch)
            reason(r, "%s", mismatch);
        if (known)
            (mismatch ? tried : used)[json_object_get_int(ex) - 1] = true;
    }
    if (!c->requests_prefix) {
        size_t missing = 0;
        for (size_t i = 0; i < n_ex; i++)
            missing += !used[i];
        if (missing)
            reason(r, "expected %zu request%s, got %zu matching", n_ex, n_ex == 1 ? "" : "s",
                   n_ex - missing);
        for (size_t i = 0; i < n_ex; i++)
            if (!used[i] && !tried[i])
                reason(r, "exchange %zu (%s) was never requested", i + 1,
                       exchange_text(c, i, buf, sizeof(buf)));
    }
    free(used);
    free(tried);
}

/* Judges the run result of an in-process run. */
static void judge_run(const az_case *c, az_case_result *r)
{
    if (!r->run) {
        if (c->status || c->outputs || c->steps)
            reason(r, "no run result to check status, outputs or steps against (exit %d)", r->exit);
        return;
    }
    const char *status = az_json_get_string(r->run, "status");
    if (c->status && (!status || strcmp(status, c->status) != 0)) {
        const char *err = az_json_get_string(r->run, "error");
        reason(r, "status %s, expected %s%s%s", status ? status : "?", c->status, err ? ": " : "",
               err ? err : "");
    }
    if (c->outputs) {
        json_object *got = az_json_get(r->run, "outputs");
        json_object_object_foreach(c->outputs, name, want)
        {
            json_object *value = NULL;
            if (!json_object_object_get_ex(got, name, &value)) {
                reason(r, "output '%s': expected %s, got none", name, text(want));
            } else if (!az_json_equal(want, value)) {
                char *w = strdup(text(want));
                reason(r, "output '%s': expected %s, got %s", name, w ? w : "?", text(value));
                free(w);
            }
        }
    }
    if (c->steps) {
        json_object *got = az_case_executed_steps(r->run);
        if (!az_json_equal(c->steps, got)) {
            char *w = strdup(text(c->steps));
            reason(r, "steps: expected %s, got %s", w ? w : "?", text(got));
            free(w);
        }
        json_object_put(got);
    }
}

/* The workflow an external engine is told to run: the case's, else the
 * first of the entry document. */
static const char *workflow_of(const az_case *c, const az_description *desc)
{
    if (c->workflow || !desc)
        return c->workflow;
    json_object *list = az_json_get(az_source_root(az_description_entry(desc)->src), "workflows");
    return az_json_get_string(json_object_array_get_idx(list, 0), "workflowId");
}

/* Milliseconds of the monotonic clock. */
static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* Runs and judges one case (see arazzo/conformance.h). */
az_status az_case_run(const az_case *c, const az_case_opts *opts, az_case_result *r)
{
    az_case_opts defaults;
    az_mock *mock = NULL;
    az_description *desc = NULL;
    az_diags *diags = NULL;
    az__case_servers servers = {0};
    char *error = NULL;
    az_status st = AZ_OK;
    memset(r, 0, sizeof(*r));
    r->exit = -1;
    if (!opts) {
        az_case_opts_init(&defaults);
        opts = &defaults;
    }
    if (!(r->reasons = json_object_new_array()))
        return AZ_ERR_NOMEM;
    if (c->skip) {
        r->verdict = AZ_CASE_SKIPPED;
        reason(r, "%s", c->skip);
        return AZ_OK;
    }
    double start = now_ms();
    if ((st = az_mock_start_script(c->exchanges, c->in_order, NULL, &mock, &error)) != AZ_OK) {
        reason(r, "cannot start the mock server: %s", error ? error : az_status_str(st));
        goto out;
    }
    az_description_opts dopts;
    az_description_opts_init(&dopts);
    dopts.docset.allow_network = false;
    if (!(diags = az_diags_new())) {
        st = AZ_ERR_NOMEM;
        goto out;
    }
    az_status load = az_description_load(c->document, &dopts, diags, &desc);
    if (!case_servers(c, desc, az_mock_url(mock), &servers)) {
        st = AZ_ERR_NOMEM;
        goto out;
    }
    if (opts->engine) {
        st = az__case_run_engine(c, opts->engine, workflow_of(c, desc), &servers, opts->timeout_s,
                                 &r->exit, &r->output, &error);
        if (st != AZ_OK)
            reason(r, "%s", error ? error : az_status_str(st));
        if (st == AZ_ERR_LIMIT || st == AZ_ERR_INVALID)
            st = AZ_OK; /* a timeout or a bad template fails the case, with the reason */
    } else {
        run_in_process(c, opts, desc, diags, load, &servers, r);
    }
    r->time_ms = now_ms() - start;
out:
    if (mock)
        r->requests = az_mock_requests(mock);
    az_mock_stop(mock);
    az__case_servers_cleanup(&servers);
    free(error);
    if (st == AZ_OK) {
        if (c->exit >= 0 && r->exit != c->exit)
            reason(r, "exit status %d, expected %d", r->exit, c->exit);
        for (size_t i = 0;
             !opts->engine && r->exit != c->exit && diags && i < az_diags_count(diags); i++) {
            const az_diag *d = az_diags_get(diags, i);
            if (d->severity == AZ_SEVERITY_ERROR)
                reason(r, "%s:%u:%u: %s [%s]", d->file ? d->file : "?", d->line, d->column,
                       d->message ? d->message : "", d->code ? d->code : "?");
        }
        judge_requests(c, r);
        if (!opts->engine) {
            judge_run(c, r);
            judge_diagnostics(c, diags, r);
        }
    }
    r->verdict = json_object_array_length(r->reasons) ? AZ_CASE_FAILED : AZ_CASE_PASSED;
    az_description_free(desc);
    az_diags_free(diags);
    return st;
}

/* Releases a result's contents. */
void az_case_result_cleanup(az_case_result *r)
{
    json_object_put(r->reasons);
    json_object_put(r->requests);
    json_object_put(r->run);
    free(r->output);
    memset(r, 0, sizeof(*r));
}
