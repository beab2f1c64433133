/* SPDX-License-Identifier: Apache-2.0 */
/*
 * exec_helpers.h - what the test_exec_*.c programs and test_run.c share:
 * loading a fixture (one of data/exec, or any file), running a workflow of
 * it through a replay script (no network, optionally cancelled after some
 * steps as Ctrl-C does), and reading the result, the requests the replay
 * received and the events the engine sent. Every function is static inline (a
 * program that does not use one gets no warning): each test program
 * includes this header once, after cmocka.h.
 */
#ifndef ARAZZO_EXEC_HELPERS_H
#define ARAZZO_EXEC_HELPERS_H

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "arazzo/engine.h"

#define EXEC_DATA AZ_SOURCE_DIR "/engine/tests/data/exec"

/* Options a test may change; zeroes keep az_run_opts_init's defaults. */
typedef struct exec_cfg {
    size_t max_steps;
    unsigned max_depth;
    double max_retry_delay_s; /* < 0 is taken as 0 */
    bool set_retry_delay;
    bool no_mask;
    bool no_validate;
    const az_server_override *servers;
    size_t n_servers;
    const az_credential *credentials; /* --auth */
    size_t n_credentials;
    const az_check_level *checks; /* AZ_N_CHECKS levels (--check); NULL: defaults */
    bool dry_run;
    /* Sets the run's cancel flag (as Ctrl-C does) once this many steps have
     * finished; 0 never does. */
    size_t interrupt_after;
} exec_cfg;

/* One run: what az_run returned, the requests sent, the events seen. */
typedef struct exec_run {
    az_status status;
    json_object *result;   /* NULL when az_run refused to run */
    json_object *requests; /* a copy of what the replay received */
    json_object *events;   /* [{kind, workflow, step, attempt, ...}] */
    az_diags *diags;
    double elapsed_s;
    size_t interrupt_after; /* from exec_cfg */
    size_t steps_finished;
    volatile sig_atomic_t cancel;
} exec_run;

/* Loads an Arazzo description; fails the test on any diagnostic. */
static inline az_description *exec_load_path(const char *path)
{
    az_description *desc = NULL;
    az_diags *diags = az_diags_new();
    az_status st = az_description_load(path, NULL, diags, &desc);
    if (st != AZ_OK || az_diags_count(diags) != 0)
        fail_msg("cannot load %s: %s", path,
                 az_diags_count(diags) ? az_diags_get(diags, 0)->message : az_status_str(st));
    az_diags_free(diags);
    return desc;
}

/* Loads a fixture of data/exec; fails the test on any diagnostic. */
static inline az_description *exec_load(const char *file)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", EXEC_DATA, file);
    return exec_load_path(path);
}

/* Adds a string member when the value is not NULL. */
static inline void exec_add_string(json_object *o, const char *key, const char *value)
{
    if (value)
        json_object_object_add(o, key, json_object_new_string(value));
}

/* Records every event as JSON (the strings the callback saw, masked). */
static inline void exec_record_event(void *user, const az_event *ev)
{
    exec_run *r = user;
    if (ev->kind == AZ_EVENT_STEP_FINISHED && r->interrupt_after &&
        ++r->steps_finished == r->interrupt_after)
        r->cancel = 1;
    json_object *o = json_object_new_object();
    exec_add_string(o, "kind", az_event_kind_name(ev->kind));
    exec_add_string(o, "workflow", ev->workflow_id);
    exec_add_string(o, "step", ev->step_id);
    json_object_object_add(o, "depth", json_object_new_int64(ev->depth));
    json_object_object_add(o, "attempt", json_object_new_int64(ev->attempt));
    exec_add_string(o, "condition", ev->condition);
    exec_add_string(o, "reason", ev->reason);
    exec_add_string(o, "actionName", ev->action_name);
    exec_add_string(o, "actionType", ev->action_type);
    exec_add_string(o, "target", ev->target);
    exec_add_string(o, "message", ev->message);
    if (ev->kind == AZ_EVENT_RETRY_SCHEDULED)
        json_object_object_add(o, "delay", json_object_new_double(ev->delay_s));
    if (ev->kind == AZ_EVENT_WORKFLOW_FINISHED) {
        exec_add_string(o, "status", az_run_status_name(ev->status));
        json_object *copy = NULL;
        json_object_deep_copy(ev->outputs, &copy, NULL);
        json_object_object_add(o, "outputs", copy);
    }
    if (ev->request) {
        json_object *rq = json_object_new_object(), *h = json_object_new_object();
        exec_add_string(rq, "method", ev->request->method);
        exec_add_string(rq, "url", ev->request->url);
        for (size_t i = 0; i < ev->request->n_headers; i++)
            exec_add_string(h, ev->request->headers[i].name, ev->request->headers[i].value);
        json_object_object_add(rq, "headers", h);
        if (ev->request->body)
            json_object_object_add(
                rq, "body",
                json_object_new_string_len(ev->request->body, (int)ev->request->body_len));
        json_object_object_add(o, "request", rq);
    }
    if (ev->response) {
        json_object *rs = json_object_new_object(), *h = json_object_new_object();
        json_object_object_add(rs, "status", json_object_new_int64(ev->response->status));
        for (size_t i = 0; i < ev->response->n_headers; i++)
            exec_add_string(h, ev->response->headers[i].name, ev->response->headers[i].value);
        json_object_object_add(rs, "headers", h);
        if (ev->response->body)
            json_object_object_add(
                rs, "body",
                json_object_new_string_len(ev->response->body, (int)ev->response->body_len));
        json_object_object_add(o, "response", rs);
    }
    json_object_array_add(r->events, o);
}

/* The monotonic clock in seconds. */
static inline double exec_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs `workflow` (NULL: the only one) of `desc` with `inputs` (JSON text
 * or NULL) against the replay `script` (JSON text), options from `cfg`
 * (NULL: the defaults). */
static inline void exec_run_cfg(exec_run *r, const az_description *desc, const char *workflow,
                                const char *inputs, const char *script, const exec_cfg *cfg)
{
    memset(r, 0, sizeof(*r));
    json_object *s = json_tokener_parse(script);
    if (!s)
        fail_msg("bad test script: %s", script);
    az_transport *t = az_transport_replay_new(s);
    json_object_put(s);
    az_run_opts opts;
    az_run_opts_init(&opts);
    opts.transport = t;
    opts.on_event = exec_record_event;
    opts.event_user = r;
    if (cfg) {
        if (cfg->max_steps)
            opts.max_steps = cfg->max_steps;
        if (cfg->max_depth)
            opts.max_depth = cfg->max_depth;
        if (cfg->set_retry_delay)
            opts.max_retry_delay_s = cfg->max_retry_delay_s < 0 ? 0 : cfg->max_retry_delay_s;
        opts.mask_secrets = !cfg->no_mask;
        opts.validate_inputs = !cfg->no_validate;
        opts.servers = cfg->servers;
        opts.n_servers = cfg->n_servers;
        opts.credentials = cfg->credentials;
        opts.n_credentials = cfg->n_credentials;
        if (cfg->checks)
            memcpy(opts.checks, cfg->checks, sizeof(opts.checks));
        opts.dry_run = cfg->dry_run;
        if (cfg->interrupt_after) {
            r->interrupt_after = cfg->interrupt_after;
            opts.cancel = &r->cancel;
        }
    }
    json_object *in = NULL;
    if (inputs && !(in = json_tokener_parse(inputs)))
        fail_msg("bad test inputs: %s", inputs);
    r->events = json_object_new_array();
    r->diags = az_diags_new();
    double t0 = exec_now();
    r->status = az_run(desc, workflow, in, &opts, r->diags, &r->result);
    r->elapsed_s = exec_now() - t0;
    json_object_deep_copy(az_replay_requests(t), &r->requests, NULL);
    json_object_put(in);
    az_transport_free(t);
}

/* Same with the default options. */
static inline void exec_run_wf(exec_run *r, const az_description *desc, const char *workflow,
                               const char *inputs, const char *script)
{
    exec_run_cfg(r, desc, workflow, inputs, script, NULL);
}

/* Releases a run. */
static inline void exec_run_clear(exec_run *r)
{
    json_object_put(r->result);
    json_object_put(r->requests);
    json_object_put(r->events);
    az_diags_free(r->diags);
    memset(r, 0, sizeof(*r));
}

/* The value at a JSON Pointer, or NULL when there is none. */
static inline json_object *exec_at(json_object *root, const char *pointer)
{
    json_object *v = NULL;
    return az_pointer_get(root, pointer, &v) == AZ_OK ? v : NULL;
}

/* Tells whether a JSON Pointer resolves. */
static inline bool exec_has(json_object *root, const char *pointer)
{
    json_object *v = NULL;
    return az_pointer_get(root, pointer, &v) == AZ_OK;
}

/* The string at a JSON Pointer, or fails the test. */
static inline const char *exec_str(json_object *root, const char *pointer)
{
    json_object *v = exec_at(root, pointer);
    if (!json_object_is_type(v, json_type_string))
        fail_msg("no string at %s in %s", pointer,
                 root ? json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN) : "NULL");
    return json_object_get_string(v);
}

/* The integer at a JSON Pointer, or fails the test. */
static inline long long exec_int(json_object *root, const char *pointer)
{
    json_object *v = exec_at(root, pointer);
    if (!json_object_is_type(v, json_type_int))
        fail_msg("no integer at %s in %s", pointer,
                 root ? json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN) : "NULL");
    return json_object_get_int64(v);
}

/* The result's status ("succeeded", "failed", "aborted"). */
static inline const char *exec_status(const exec_run *r)
{
    return exec_str(r->result, "/status");
}

/* The number of requests the replay received. */
static inline size_t exec_n_requests(const exec_run *r)
{
    return r->requests ? json_object_array_length(r->requests) : 0;
}

/* A header of the i-th request received, by name without case, or NULL. */
static inline const char *exec_req_header(const exec_run *r, size_t i, const char *name)
{
    json_object *h = exec_at(json_object_array_get_idx(r->requests, i), "/headers");
    json_object_object_foreach(h, key, value)
    {
        if (strcasecmp(key, name) == 0)
            return json_object_get_string(value);
    }
    return NULL;
}

/* The URL of the i-th request received. */
static inline const char *exec_req_url(const exec_run *r, size_t i)
{
    return exec_str(json_object_array_get_idx(r->requests, i), "/url");
}

/* Counts the events of one kind ("step-started"...). */
static inline size_t exec_count_events(const exec_run *r, const char *kind)
{
    size_t n = 0;
    for (size_t i = 0; i < json_object_array_length(r->events); i++)
        n += strcmp(exec_str(json_object_array_get_idx(r->events, i), "/kind"), kind) == 0;
    return n;
}

/* The stepIds of the trace, joined with ',' (into a static buffer). */
static inline const char *exec_trace_steps(const exec_run *r)
{
    static char buf[1024];
    json_object *steps = exec_at(r->result, "/steps");
    buf[0] = '\0';
    for (size_t i = 0; steps && i < json_object_array_length(steps); i++) {
        if (i)
            strncat(buf, ",", sizeof(buf) - strlen(buf) - 1);
        strncat(buf, exec_str(json_object_array_get_idx(steps, i), "/stepId"),
                sizeof(buf) - strlen(buf) - 1);
    }
    return buf;
}

/* A replay exchange answering with `status` and a JSON body. */
#define EXEC_JSON(status, body)                                                                    \
    "{\"response\": {\"status\": " #status                                                         \
    ", \"headers\": {\"Content-Type\": \"application/json\"}, \"body\": " body "}}"

/* A replay exchange answering with `status` and no body. */
#define EXEC_STATUS(status) "{\"response\": {\"status\": " #status "}}"

#endif /* ARAZZO_EXEC_HELPERS_H */
