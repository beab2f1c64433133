/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_run.c - `arazzo run FILE... [--workflow ID]... [--input NAME=VALUE]...`:
 * loads and validates every document (nothing runs when one has errors,
 * checklist EXEC-01), checks the choice of workflows, gathers and checks
 * every workflow's inputs (nothing runs when one is wrong), then runs the
 * workflows file by file, in order, over
 * libcurl with Ctrl-C stopping cleanly, prints the report
 * as the run goes (or one JSON result with --json), writes --json-output,
 * --junit and --har-output, and exits 0 (all succeeded), 1 (a workflow
 * failed), 3 (invalid document or inputs) or 4 (a file cannot be read, or
 * a limit or Ctrl-C aborted).
 */
#include "cli_run.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arazzo/engine.h>

/* Set by SIGINT; the engine and the transport watch it. */
static volatile sig_atomic_t interrupted;

/* The SIGINT handler: ask the run to stop. */
static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

/* Tells whether the entry document of `desc` declares workflow `id`. */
static bool declares_workflow(const az_description *desc, const char *id)
{
    json_object *list = cli_entry_workflows(desc);
    for (size_t i = 0;
         json_object_is_type(list, json_type_array) && i < json_object_array_length(list); i++) {
        const char *wid = az_json_get_string(json_object_array_get_idx(list, i), "workflowId");
        if (wid && strcmp(wid, id) == 0)
            return true;
    }
    return false;
}

/* Lists the workflow ids of a document on stderr (`file` NULL: the only
 * document of the run). */
static void list_workflows(const az_description *desc, const char *file)
{
    json_object *list = cli_entry_workflows(desc);
    if (file)
        fprintf(stderr, "arazzo: %s has several workflows; choose with --workflow:\n", file);
    else
        fprintf(stderr, "arazzo: the document has several workflows; choose with --workflow:\n");
    for (size_t i = 0;
         json_object_is_type(list, json_type_array) && i < json_object_array_length(list); i++) {
        const char *id = az_json_get_string(json_object_array_get_idx(list, i), "workflowId");
        fprintf(stderr, "  %s\n", id ? id : "?");
    }
}

/*
 * Checks the choice of workflows before anything runs: without
 * --workflow every document must have exactly one (exit 2 listing them
 * otherwise); every --workflow must be declared by at least one document
 * (exit 3 with each document's "did you mean" otherwise). Returns EXIT_OK
 * or the exit code.
 */
static int check_workflow_choice(const cli_run_args *a, az_description *const *descs)
{
    for (size_t f = 0; a->n_workflows == 0 && f < a->n_files; f++) {
        if (json_object_array_length(cli_entry_workflows(descs[f])) != 1) {
            list_workflows(descs[f], a->n_files > 1 ? a->files[f] : NULL);
            return EXIT_USAGE;
        }
    }
    for (size_t w = 0; w < a->n_workflows; w++) {
        bool found = false;
        for (size_t f = 0; f < a->n_files && !found; f++)
            found = declares_workflow(descs[f], a->workflows[w]);
        for (size_t f = 0; f < a->n_files && !found; f++) {
            json_object *wf = NULL;
            const az_arazzo_doc *owner = NULL;
            char *error = NULL;
            az_arazzo_doc_find_workflow(az_description_entry(descs[f]), a->workflows[w], &wf,
                                        &owner, &error);
            fprintf(stderr, "arazzo: %s\n",
                    error ? error : "no such workflow in the document (only in its sources)");
            free(error);
        }
        if (!found)
            return EXIT_INVALID;
    }
    return EXIT_OK;
}

/* Writes the results to a file; false with a message on failure. */
static bool write_json(const char *path, json_object *results)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "arazzo: cannot write '%s': %s\n", path, strerror(errno));
        return false;
    }
    fputs(json_object_to_json_string_ext(results, JSON_C_TO_STRING_PRETTY |
                                                      JSON_C_TO_STRING_SPACED |
                                                      JSON_C_TO_STRING_NOSLASHESCAPE),
          f);
    fputc('\n', f);
    if (fclose(f) != 0) {
        fprintf(stderr, "arazzo: cannot write '%s': %s\n", path, strerror(errno));
        return false;
    }
    return true;
}

/* Tells whether the report may rewrite its current line (the live line):
 * a terminal that understands "erase to end of line" (TERM not dumb). */
static bool live_line_wanted(FILE *out)
{
    const char *term = getenv("TERM");
    return isatty(fileno(out)) && !(term && strcmp(term, "dumb") == 0);
}

/* One workflow the run will execute: its document, its id (NULL: the
 * document's only one) and its inputs, gathered before anything runs. */
typedef struct planned_run {
    size_t file;
    const char *workflow;
    json_object *inputs;
} planned_run;

/*
 * Gathers a workflow's inputs (asking for missing ones on a terminal) and
 * checks what az_run would check before sending anything (the workflow,
 * its references, the inputs against their schema), printing every
 * problem and what to do. Returns EXIT_OK with *inputs set, or the exit code.
 */
static int prepare_one(const cli_run_args *a, const az_description *desc, const char *file,
                       const char *workflow_id, json_object **inputs, const az_render_opts *ropts)
{
    const az_arazzo_doc *entry = az_description_entry(desc), *owner = entry;
    json_object *wf = NULL;
    char *error = NULL;
    *inputs = NULL;
    if (workflow_id &&
        az_arazzo_doc_find_workflow(entry, workflow_id, &wf, &owner, &error) != AZ_OK) {
        fprintf(stderr, "arazzo: %s\n", error);
        free(error);
        return EXIT_INVALID;
    }
    if (!wf)
        wf = json_object_array_get_idx(cli_entry_workflows(desc), 0);
    cli_inputs_ctx ictx = {az_description_docset(desc), owner->src, wf};
    *inputs = cli_inputs_gather(&ictx, a->input_files, a->n_input_files, a->inputs, a->n_inputs);
    if (!*inputs)
        return EXIT_INVALID;
    az_diags *diags = az_diags_new();
    az_status st = az_run_check(desc, workflow_id, *inputs, diags);
    az_diags_render_text(diags, stderr, ropts);
    bool bad_inputs = false;
    for (size_t i = 0; i < az_diags_count(diags); i++)
        bad_inputs = bad_inputs || strcmp(az_diags_get(diags, i)->code, "run-input-invalid") == 0;
    az_diags_free(diags);
    char *missing = bad_inputs ? cli_inputs_missing(&ictx, *inputs) : NULL;
    if (bad_inputs && missing)
        fprintf(stderr, "arazzo: nothing was run: missing required inputs: %s\n", missing);
    else if (bad_inputs)
        fprintf(stderr, "arazzo: nothing was run: fix the inputs above\n");
    if (bad_inputs)
        fprintf(stderr,
                "arazzo: give inputs with --input NAME=VALUE, --secret NAME=VALUE, --inputs FILE, "
                "ARAZZO_INPUT_<NAME> or --env-file FILE, or run on a terminal to be asked "
                "(arazzo list %s shows them)\n",
                file);
    free(missing);
    return st == AZ_OK ? EXIT_OK : st == AZ_ERR_INVALID ? EXIT_INVALID : EXIT_IO;
}

/* Runs one planned workflow; returns its exit code and appends its result. */
static int run_one(const cli_run_args *a, const az_description *desc, const char *file,
                   const planned_run *plan, az_transport *transport, cli_report *report,
                   json_object *results, const az_render_opts *ropts)
{
    az_run_opts opts;
    az_run_opts_init(&opts);
    opts.transport = transport;
    if (a->max_steps)
        opts.max_steps = a->max_steps;
    opts.execution_timeout_s = a->execution_timeout;
    opts.request_timeout_ms = (long)(a->request_timeout * 1000.0);
    opts.mask_secrets = !a->no_mask;
    opts.servers = a->servers;
    opts.n_servers = a->n_servers;
    opts.headers = a->headers;
    opts.n_headers = a->n_headers;
    opts.rate_limit = a->rate_limit;
    memcpy(opts.checks, a->checks, sizeof(opts.checks));
    opts.dry_run = a->dry_run;
    opts.secrets = a->secrets;
    opts.n_secrets = a->n_secrets;
    size_t n_credentials = 0;
    az_credential *credentials = cli_run_credentials(a, desc, &n_credentials);
    if (!credentials)
        return EXIT_IO;
    opts.credentials = credentials;
    opts.n_credentials = n_credentials;
    opts.cancel = &interrupted;
    /* Each workflow's summary counts its own steps. */
    report->steps = report->failed_steps = report->check_warnings = 0;
    opts.on_event = cli_report_event;
    opts.event_user = report;
    az_diags *diags = az_diags_new();
    json_object *result = NULL;
    az_status st = az_run(desc, plan->workflow, plan->inputs, &opts, diags, &result);
    cli_run_credentials_free(a, credentials, n_credentials);
    az_diags_render_text(diags, stderr, ropts);
    az_diags_free(diags);
    if (st != AZ_OK)
        return st == AZ_ERR_INVALID ? EXIT_INVALID : EXIT_IO;
    if (!a->json)
        cli_report_result(report, result);
    json_object *status = NULL;
    json_object_object_get_ex(result, "status", &status);
    const char *s = json_object_get_string(status);
    json_object_object_add(result, "file", json_object_new_string(file));
    json_object_array_add(results, result);
    return strcmp(s, "succeeded") == 0 ? EXIT_OK
           : strcmp(s, "aborted") == 0 ? EXIT_IO
                                       : EXIT_FAILED;
}

/* `arazzo run`. */
int cli_cmd_run(const cli_command *cmd, int argc, char **argv)
{
    cli_run_args a = {0};
    for (int k = 0; k < AZ_N_CHECKS; k++)
        a.checks[k] = AZ_CHECK_WARN;
    bool help = false;
    int status = cli_run_parse_args(cmd, argc, argv, &a, &help);
    az_description **descs = NULL;
    planned_run *plan = NULL;
    size_t n_plan = 0;
    az_transport *transport = NULL;
    json_object *results = NULL;
    cli_mocks m = {0};
    if (status != EXIT_OK || help) {
        if (help)
            cli_print_help(stdout, cmd);
        goto out;
    }
    bool color_ok;
    az_render_opts ropts = {cli_color_choice(a.color, stderr, &color_ok)};
    if (!color_ok) {
        status =
            cli_usage_error(cmd, "unknown --color value '%s' (use auto, always or never)", a.color);
        goto out;
    }

    /* --env-file: ARAZZO_INPUT_* and ARAZZO_AUTH_* the environment lacks. */
    if (a.env_file && (status = cli_env_file_load(a.env_file)) != EXIT_OK)
        goto out;

    /* Load and validate everything before the first request (EXEC-01). */
    descs = calloc(a.n_files, sizeof(*descs));
    if (!descs) {
        status = EXIT_IO;
        goto out;
    }
    az_validate_opts vopts;
    az_validate_opts_init(&vopts);
    vopts.load.docset.allow_network = !a.no_network;
    for (size_t f = 0; f < a.n_files; f++) {
        az_diags *diags = az_diags_new();
        az_status st = az_description_load(a.files[f], &vopts.load, diags, &descs[f]);
        if (st == AZ_OK)
            st = az_validate_description(descs[f], &vopts, diags);
        az_diags_render_text(diags, stderr, &ropts);
        az_diags_free(diags);
        int rc = st == AZ_OK                                   ? EXIT_OK
                 : st == AZ_ERR_INVALID || st == AZ_ERR_SYNTAX ? EXIT_INVALID
                                                               : EXIT_IO;
        if (rc > status)
            status = rc;
    }
    if (status != EXIT_OK) {
        if (status == EXIT_INVALID)
            fprintf(stderr, "arazzo: nothing was run: fix the errors above first\n");
        goto out;
    }
    if ((status = check_workflow_choice(&a, descs)) != EXIT_OK)
        goto out;
    /* Every workflow's inputs and references, before the first request. */
    size_t per_file = a.n_workflows ? a.n_workflows : 1;
    plan = calloc(a.n_files * per_file, sizeof(*plan));
    if (!plan) {
        status = EXIT_IO;
        goto out;
    }
    for (size_t f = 0; f < a.n_files; f++) {
        for (size_t i = 0; i < per_file; i++) {
            const char *id = a.n_workflows ? a.workflows[i] : NULL;
            if (id && !declares_workflow(descs[f], id))
                continue;
            planned_run *p = &plan[n_plan++];
            p->file = f;
            p->workflow = id;
            int rc = prepare_one(&a, descs[f], a.files[f], id, &p->inputs, &ropts);
            if (rc > status)
                status = rc;
        }
    }
    if (status != EXIT_OK)
        goto out;

    az_curl_opts copts;
    az_curl_opts_init(&copts);
    copts.cancel = &interrupted;
    copts.insecure = a.insecure;
    copts.cacert = a.cacert;
    copts.cert = a.cert;
    copts.key = a.key;
    copts.proxy = a.proxy;
    if (a.request_timeout > 0)
        copts.timeout_ms = (long)(a.request_timeout * 1000.0);
    transport = az_transport_curl_new(&copts);
    results = json_object_new_array();
    if (!transport || !results) {
        fprintf(stderr, "arazzo: cannot start the HTTP client\n");
        status = EXIT_IO;
        goto out;
    }
    struct sigaction sa = {0}, old;
    sa.sa_handler = on_sigint;
    sigaction(SIGINT, &sa, &old);
    FILE *report_out = a.json ? stderr : stdout;
    cli_report report = {.out = report_out,
                         .verbose = a.verbose,
                         .color = cli_color_choice(a.color, report_out, &color_ok),
                         .live = live_line_wanted(report_out),
                         .dry_run = a.dry_run,
                         .quiet = a.quiet && !a.verbose};
    size_t n_user_servers = a.n_servers;
    for (size_t f = 0; f < a.n_files && !interrupted; f++) {
        if (a.mock && !cli_mocks_start(&a, descs[f], &m, report_out)) {
            status = EXIT_IO;
            break;
        }
        for (size_t i = 0; i < n_plan && !interrupted; i++) {
            if (plan[i].file != f)
                continue;
            int rc =
                run_one(&a, descs[f], a.files[f], &plan[i], transport, &report, results, &ropts);
            if (rc > status)
                status = rc;
        }
        /* The next document gets its own mock servers. */
        cli_mocks_stop(&m);
        for (; a.n_servers > n_user_servers; a.n_servers--)
            free((char *)a.servers[a.n_servers - 1].source);
    }
    sigaction(SIGINT, &old, NULL);
    if (interrupted)
        fprintf(stderr, "arazzo: interrupted\n");
    if (a.json) {
        json_object *shown = json_object_array_length(results) == 1
                                 ? json_object_array_get_idx(results, 0)
                                 : results;
        puts(json_object_to_json_string_ext(shown, JSON_C_TO_STRING_PRETTY |
                                                       JSON_C_TO_STRING_SPACED |
                                                       JSON_C_TO_STRING_NOSLASHESCAPE));
    }
    if (a.json_output && !write_json(a.json_output, results) && status == EXIT_OK)
        status = EXIT_IO;
    if (a.junit && !cli_write_junit(results, a.junit) && status == EXIT_OK)
        status = EXIT_IO;
    if (a.har_output && !cli_write_har(results, a.har_output) && status == EXIT_OK)
        status = EXIT_IO;
out:
    cli_mocks_stop(&m);
    json_object_put(results);
    az_transport_free(transport);
    for (size_t i = 0; i < n_plan; i++)
        json_object_put(plan[i].inputs);
    free(plan);
    for (size_t f = 0; descs && f < a.n_files; f++)
        az_description_free(descs[f]);
    free(descs);
    cli_run_free_args(&a);
    return status;
}
