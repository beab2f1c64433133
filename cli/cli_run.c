/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_run.c - `arazzo run FILE... [--workflow ID]... [--input NAME=VALUE]...`:
 * loads and validates every document (nothing runs when one has errors,
 * checklist EXEC-01), checks the choice of workflows, gathers each
 * workflow's inputs, runs the workflows file by file, in order, over
 * libcurl with Ctrl-C stopping cleanly, prints the report
 * as the run goes (or one JSON result with --json), writes --json-output,
 * --junit and --har-output, and exits 0 (all succeeded), 1 (a workflow
 * failed), 3 (invalid document or inputs) or 4 (a file cannot be read, or
 * a limit or Ctrl-C aborted).
 */
#include "cli.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arazzo/description.h>
#include <arazzo/engine.h>
#include <arazzo/mock.h>
#include <arazzo/run.h>

/* Set by SIGINT; the engine and the transport watch it. */
static volatile sig_atomic_t interrupted;

/* The SIGINT handler: ask the run to stop. */
static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

/* Everything the command line asked for. */
typedef struct run_args {
    const char **files; /* the Arazzo documents, run one after the other */
    size_t n_files;
    const char **workflows, **inputs, **input_files, **secrets;
    size_t n_workflows, n_inputs, n_input_files, n_secrets;
    const char *env_file;
    az_server_override *servers;
    size_t n_servers;
    bool json, no_mask, no_network, quiet, mock, dry_run;
    unsigned verbose; /* -v: headers, -vv: bodies */
    az_check_level checks[AZ_N_CHECKS];
    const char *json_output, *junit, *har_output, *color;
    const char *cacert, *cert, *key, *proxy;
    bool insecure;
    az_credential *credentials; /* --auth, split at the first '=' */
    size_t n_credentials;
    az_http_header *headers; /* --header, split at the first ':' */
    size_t n_headers;
    double rate_limit;
    size_t max_steps;
    double request_timeout, execution_timeout;
} run_args;

/* Parses a positive number option; false with a usage error. */
static bool parse_number(const cli_command *cmd, const char *opt, const char *text, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || end == text || *end || !(v > 0)) {
        cli_usage_error(cmd, "--%s needs a positive number, not '%s'", opt, text);
        return false;
    }
    *out = v;
    return true;
}

/* Reads a level name into *out; false when it is not one. */
static bool parse_level(const char *text, size_t len, az_check_level *out)
{
    for (az_check_level l = AZ_CHECK_OFF; l <= AZ_CHECK_ERROR; l++) {
        const char *name = az_check_level_name(l);
        if (strlen(name) == len && strncmp(text, name, len) == 0) {
            *out = l;
            return true;
        }
    }
    return false;
}

/*
 * Parses --check: a comma-separated list of CHECK=LEVEL (CHECK: status,
 * content-type, schema or all; LEVEL: off, warn or error), or a bare LEVEL
 * for every check. Later entries win. False with a usage error.
 */
static bool parse_checks(const cli_command *cmd, const char *text, az_check_level *levels)
{
    for (const char *p = text;; p++) {
        size_t len = strcspn(p, ",");
        const char *eq = memchr(p, '=', len);
        size_t name_len = eq ? (size_t)(eq - p) : 0;
        const char *level = eq ? eq + 1 : p;
        az_check_level l;
        bool known = parse_level(level, len - (size_t)(level - p), &l);
        int which = -1; /* -1: every check */
        for (int k = 0; eq && k < AZ_N_CHECKS; k++)
            if (strlen(az_check_kind_name(k)) == name_len &&
                strncmp(p, az_check_kind_name(k), name_len) == 0)
                which = k;
        if (!known || (eq && which < 0 && !(name_len == 3 && strncmp(p, "all", 3) == 0))) {
            cli_usage_error(cmd,
                            "--check needs CHECK=LEVEL,... (CHECK: status, content-type, schema "
                            "or all; LEVEL: off, warn or error), not '%.*s'",
                            (int)len, p);
            return false;
        }
        for (int k = 0; k < AZ_N_CHECKS; k++)
            if (which < 0 || which == k)
                levels[k] = l;
        p += len;
        if (!*p)
            return true;
    }
}

/* Reads the command line into `a`; returns EXIT_OK or an exit code. */
static int parse_args(const cli_command *cmd, int argc, char **argv, run_args *a, bool *help)
{
    int i = 0, r;
    bool rest = false;
    cli_arg arg;
    a->files = calloc((size_t)argc + 1, sizeof(char *));
    a->workflows = calloc((size_t)argc + 1, sizeof(char *));
    a->inputs = calloc((size_t)argc + 1, sizeof(char *));
    a->input_files = calloc((size_t)argc + 1, sizeof(char *));
    a->secrets = calloc((size_t)argc + 1, sizeof(char *));
    /* Room for every --server, plus one per source --mock may add. */
    a->servers = calloc((size_t)argc + 33, sizeof(*a->servers));
    a->headers = calloc((size_t)argc + 1, sizeof(*a->headers));
    a->credentials = calloc((size_t)argc + 1, sizeof(*a->credentials));
    if (!a->files || !a->workflows || !a->inputs || !a->input_files || !a->secrets || !a->servers ||
        !a->headers || !a->credentials)
        return EXIT_IO;
    while ((r = cli_next_arg(cmd, argc, argv, &i, &rest, &arg)) > 0) {
        double v;
        if (cli_is(&arg, "help")) {
            *help = true;
            return EXIT_OK;
        } else if (cli_is(&arg, "workflow")) {
            a->workflows[a->n_workflows++] = arg.value;
        } else if (cli_is(&arg, "input")) {
            a->inputs[a->n_inputs++] = arg.value;
        } else if (cli_is(&arg, "secret")) {
            /* An input like --input whose value is masked everywhere. */
            const char *eq = strchr(arg.value, '=');
            if (!eq || eq == arg.value || !eq[1])
                return cli_usage_error(cmd, "--secret needs NAME=VALUE, not '%s'", arg.value);
            a->inputs[a->n_inputs++] = arg.value;
            a->secrets[a->n_secrets++] = eq + 1;
        } else if (cli_is(&arg, "env-file")) {
            a->env_file = arg.value;
        } else if (cli_is(&arg, "inputs")) {
            a->input_files[a->n_input_files++] = arg.value;
        } else if (cli_is(&arg, "server")) {
            const char *eq = strchr(arg.value, '=');
            if (!eq || eq == arg.value || !eq[1])
                return cli_usage_error(cmd, "--server needs SOURCE=URL, not '%s'", arg.value);
            az_server_override *s = &a->servers[a->n_servers++];
            s->source = strndup(arg.value, (size_t)(eq - arg.value));
            s->url = eq + 1;
        } else if (cli_is(&arg, "auth")) {
            const char *eq = strchr(arg.value, '=');
            if (!eq || eq == arg.value)
                return cli_usage_error(cmd, "--auth needs SCHEME=VALUE, not '%s'", arg.value);
            az_credential *c = &a->credentials[a->n_credentials++];
            c->scheme = strndup(arg.value, (size_t)(eq - arg.value));
            c->value = eq + 1;
        } else if (cli_is(&arg, "json")) {
            a->json = true;
        } else if (cli_is(&arg, "mock")) {
            a->mock = true;
        } else if (cli_is(&arg, "dry-run")) {
            a->dry_run = true;
        } else if (cli_is(&arg, "json-output")) {
            a->json_output = arg.value;
        } else if (cli_is(&arg, "junit")) {
            a->junit = arg.value;
        } else if (cli_is(&arg, "har-output")) {
            a->har_output = arg.value;
        } else if (cli_is(&arg, "verbose")) {
            a->verbose += arg.count;
        } else if (cli_is(&arg, "check")) {
            if (!parse_checks(cmd, arg.value, a->checks))
                return EXIT_USAGE;
        } else if (cli_is(&arg, "quiet")) {
            a->quiet = true;
        } else if (cli_is(&arg, "color")) {
            a->color = arg.value;
        } else if (cli_is(&arg, "no-secrets-masking")) {
            a->no_mask = true;
        } else if (cli_is(&arg, "no-network")) {
            a->no_network = true;
        } else if (cli_is(&arg, "header")) {
            const char *colon = strchr(arg.value, ':');
            if (!colon || colon == arg.value)
                return cli_usage_error(cmd, "--header needs 'Name: value', not '%s'", arg.value);
            const char *value = colon + 1;
            while (*value == ' ' || *value == '\t')
                value++;
            az_http_header *h = &a->headers[a->n_headers++];
            h->name = strndup(arg.value, (size_t)(colon - arg.value));
            h->value = strdup(value);
        } else if (cli_is(&arg, "insecure")) {
            a->insecure = true;
        } else if (cli_is(&arg, "cacert")) {
            a->cacert = arg.value;
        } else if (cli_is(&arg, "cert")) {
            a->cert = arg.value;
        } else if (cli_is(&arg, "key")) {
            a->key = arg.value;
        } else if (cli_is(&arg, "proxy")) {
            a->proxy = arg.value;
        } else if (cli_is(&arg, "rate-limit")) {
            /* N or N/s: requests per second. */
            char *end = NULL;
            double rate = strtod(arg.value, &end);
            if (end == arg.value || !(rate > 0) || (*end && strcmp(end, "/s") != 0))
                return cli_usage_error(cmd,
                                       "--rate-limit needs N or N/s (requests per second), "
                                       "not '%s'",
                                       arg.value);
            a->rate_limit = rate;
        } else if (cli_is(&arg, "max-steps")) {
            if (!parse_number(cmd, "max-steps", arg.value, &v) || v != (double)(size_t)v)
                return v > 0 ? cli_usage_error(cmd, "--max-steps needs a whole number")
                             : EXIT_USAGE;
            a->max_steps = (size_t)v;
        } else if (cli_is(&arg, "request-timeout")) {
            if (!parse_number(cmd, "request-timeout", arg.value, &a->request_timeout))
                return EXIT_USAGE;
        } else if (cli_is(&arg, "execution-timeout")) {
            if (!parse_number(cmd, "execution-timeout", arg.value, &a->execution_timeout))
                return EXIT_USAGE;
        } else if (arg.option) {
            return EXIT_USAGE; /* not reached: every option is handled */
        } else {
            a->files[a->n_files++] = arg.value;
        }
    }
    return cli_check_file(cmd, r, a->files[0], "no Arazzo document given");
}

/* Releases the parsed arguments. */
static void free_args(run_args *a)
{
    for (size_t i = 0; i < a->n_servers; i++)
        free((char *)a->servers[i].source);
    free(a->servers);
    for (size_t i = 0; i < a->n_headers; i++) {
        free(a->headers[i].name);
        free(a->headers[i].value);
    }
    free(a->headers);
    for (size_t i = 0; i < a->n_credentials; i++)
        free((char *)a->credentials[i].scheme);
    free(a->credentials);
    free(a->files);
    free(a->workflows);
    free(a->inputs);
    free(a->input_files);
    free(a->secrets);
}

/* The built-in mock servers of --mock: one per openapi source, each on
 * its own docset (the server thread loads documents as it goes). */
typedef struct mocks {
    az_mock *servers[32];
    az_docset *sets[32];
    az_transport *fetchers[32];
    size_t n;
} mocks;

/* Stops the mock servers. */
static void stop_mocks(mocks *m)
{
    for (size_t i = 0; i < m->n; i++) {
        az_mock_stop(m->servers[i]);
        az_docset_free(m->sets[i]);
        az_transport_free(m->fetchers[i]);
    }
    m->n = 0;
}

/*
 * --mock: serves every openapi source of the entry document with the
 * built-in mock (example responses, requests validated) and sends that
 * source's requests there, unless --server names it already. Returns
 * false after printing why a server could not start.
 */
static bool start_mocks(run_args *a, const az_description *desc, mocks *m, FILE *out)
{
    const az_arazzo_doc *entry = az_description_entry(desc);
    for (size_t i = 0; i < entry->n_sources && m->n < 32; i++) {
        const az_source_desc *sd = &entry->sources[i];
        bool overridden = false;
        for (size_t j = 0; j < a->n_servers; j++)
            overridden = overridden || (sd->name && strcmp(a->servers[j].source, sd->name) == 0);
        if (!sd->index || overridden)
            continue;
        az_docset_opts dopts;
        az_docset_opts_init(&dopts);
        m->fetchers[m->n] = a->no_network ? NULL : az_docset_opts_set_fetcher(&dopts);
        dopts.allow_network = !a->no_network;
        m->sets[m->n] = az_docset_new(&dopts);
        const az_source *src = NULL;
        char *error = NULL;
        az_mock_opts mopts;
        az_mock_opts_init(&mopts);
        mopts.validate_requests = true;
        if (!m->sets[m->n] ||
            az_docset_load(m->sets[m->n], az_source_url(sd->src), NULL, NULL, NULL, &src) !=
                AZ_OK ||
            az_mock_start(m->sets[m->n], src, &mopts, &m->servers[m->n], &error) != AZ_OK) {
            fprintf(stderr, "arazzo: cannot start the mock server of source '%s': %s\n", sd->name,
                    error ? error : "cannot load it again");
            free(error);
            az_docset_free(m->sets[m->n]);
            az_transport_free(m->fetchers[m->n]);
            return false;
        }
        az_server_override *o = &a->servers[a->n_servers++];
        o->source = strdup(sd->name);
        o->url = az_mock_url(m->servers[m->n]);
        size_t n_ops = az_mock_operation_count(m->servers[m->n]);
        fprintf(out, "mock: source %s served at %s (%zu operation%s)\n", sd->name, o->url, n_ops,
                n_ops == 1 ? "" : "s");
        fflush(out); /* before anything goes to stderr */
        m->n++;
    }
    return true;
}

/* The workflows list of a document's entry (an array, or NULL). */
static json_object *workflows_of(const az_description *desc)
{
    return az_json_get(az_source_root(az_description_entry(desc)->src), "workflows");
}

/* Tells whether the entry document of `desc` declares workflow `id`. */
static bool declares_workflow(const az_description *desc, const char *id)
{
    json_object *list = workflows_of(desc);
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
    json_object *list = workflows_of(desc);
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
static int check_workflow_choice(const run_args *a, az_description *const *descs)
{
    for (size_t f = 0; a->n_workflows == 0 && f < a->n_files; f++) {
        if (json_object_array_length(workflows_of(descs[f])) != 1) {
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

/* The credentials of a run: --auth, then ARAZZO_AUTH_<SCHEME> (the name
 * in capitals, other characters '_') for every security scheme of the
 * entry document's OpenAPI sources that --auth does not name. Stores a new
 * array in *out (the schemes of env entries are new strings after the
 * --auth ones); NULL when out of memory. */
static az_credential *gather_credentials(const run_args *a, const az_description *desc,
                                         size_t *n_out)
{
    const az_arazzo_doc *entry = az_description_entry(desc);
    size_t cap = a->n_credentials + 1, n = 0;
    az_credential *out = calloc(cap, sizeof(*out));
    if (!out)
        return NULL;
    for (size_t i = 0; i < a->n_credentials; i++)
        out[n++] = a->credentials[i];
    for (size_t k = 0; k < entry->n_sources; k++) {
        json_object *root = entry->sources[k].src ? az_source_root(entry->sources[k].src) : NULL;
        json_object *schemes = az_json_get(az_json_get(root, "components"), "securitySchemes");
        if (!schemes)
            schemes = az_json_get(root, "securityDefinitions");
        if (!json_object_is_type(schemes, json_type_object))
            continue;
        json_object_object_foreach(schemes, name, unused)
        {
            (void)unused;
            bool given = false;
            for (size_t i = 0; i < n && !given; i++)
                given = strcmp(out[i].scheme, name) == 0;
            char var[256];
            int len = snprintf(var, sizeof var, "ARAZZO_AUTH_%s", name);
            if (given || len < 0 || (size_t)len >= sizeof var)
                continue;
            for (char *p = var + 12; *p; p++)
                *p = (*p >= 'a' && *p <= 'z') ? (char)(*p - 'a' + 'A')
                     : ((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')) ? *p
                                                                              : '_';
            const char *value = getenv(var);
            if (!value)
                continue;
            if (n + 1 > cap) {
                az_credential *grown = realloc(out, (cap *= 2) * sizeof(*out));
                if (!grown)
                    goto nomem;
                out = grown;
            }
            out[n].scheme = strdup(name);
            out[n].value = value;
            if (!out[n].scheme)
                goto nomem;
            n++;
        }
    }
    *n_out = n;
    return out;
nomem:
    for (size_t i = a->n_credentials; i < n; i++)
        free((char *)out[i].scheme);
    free(out);
    return NULL;
}

/* Releases what gather_credentials returned. */
static void free_credentials(const run_args *a, az_credential *c, size_t n)
{
    for (size_t i = a->n_credentials; c && i < n; i++)
        free((char *)c[i].scheme);
    free(c);
}

/* Runs one workflow; returns its exit code and appends its result. */
static int run_one(const run_args *a, const az_description *desc, const char *file,
                   const char *workflow_id, az_transport *transport, cli_report *report,
                   json_object *results, const az_render_opts *ropts)
{
    const az_arazzo_doc *entry = az_description_entry(desc), *owner = entry;
    json_object *wf = NULL;
    char *error = NULL;
    if (workflow_id &&
        az_arazzo_doc_find_workflow(entry, workflow_id, &wf, &owner, &error) != AZ_OK) {
        fprintf(stderr, "arazzo: %s\n", error);
        free(error);
        return EXIT_INVALID;
    }
    if (!wf) {
        json_object *list = NULL;
        json_object_object_get_ex(az_source_root(entry->src), "workflows", &list);
        wf = json_object_array_get_idx(list, 0);
    }
    cli_inputs_ctx ictx = {az_description_docset(desc), owner->src, wf};
    json_object *inputs =
        cli_inputs_gather(&ictx, a->input_files, a->n_input_files, a->inputs, a->n_inputs);
    if (!inputs)
        return EXIT_INVALID;

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
    az_credential *credentials = gather_credentials(a, desc, &n_credentials);
    if (!credentials) {
        json_object_put(inputs);
        return EXIT_IO;
    }
    opts.credentials = credentials;
    opts.n_credentials = n_credentials;
    opts.cancel = &interrupted;
    /* Each workflow's summary counts its own steps. */
    report->steps = report->failed_steps = report->check_warnings = 0;
    opts.on_event = cli_report_event;
    opts.event_user = report;
    az_diags *diags = az_diags_new();
    json_object *result = NULL;
    az_status st = az_run(desc, workflow_id, inputs, &opts, diags, &result);
    free_credentials(a, credentials, n_credentials);
    char *missing = cli_inputs_missing(&ictx, inputs);
    json_object_put(inputs);
    az_diags_render_text(diags, stderr, ropts);
    bool bad_inputs = false;
    for (size_t i = 0; i < az_diags_count(diags); i++)
        bad_inputs = bad_inputs || strcmp(az_diags_get(diags, i)->code, "run-input-invalid") == 0;
    az_diags_free(diags);
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
    run_args a = {0};
    for (int k = 0; k < AZ_N_CHECKS; k++)
        a.checks[k] = AZ_CHECK_WARN;
    bool help = false;
    int status = parse_args(cmd, argc, argv, &a, &help);
    az_description **descs = NULL;
    az_transport *transport = NULL;
    json_object *results = NULL;
    mocks m = {0};
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
                         .live = isatty(fileno(report_out)) != 0,
                         .dry_run = a.dry_run,
                         .quiet = a.quiet && !a.verbose};
    size_t n_user_servers = a.n_servers;
    for (size_t f = 0; f < a.n_files && !interrupted; f++) {
        if (a.mock && !start_mocks(&a, descs[f], &m, report_out)) {
            status = EXIT_IO;
            break;
        }
        for (size_t i = 0; i < (a.n_workflows ? a.n_workflows : 1) && !interrupted; i++) {
            if (a.n_workflows && !declares_workflow(descs[f], a.workflows[i]))
                continue;
            int rc = run_one(&a, descs[f], a.files[f], a.n_workflows ? a.workflows[i] : NULL,
                             transport, &report, results, &ropts);
            if (rc > status)
                status = rc;
        }
        /* The next document gets its own mock servers. */
        stop_mocks(&m);
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
    stop_mocks(&m);
    json_object_put(results);
    az_transport_free(transport);
    for (size_t f = 0; descs && f < a.n_files; f++)
        az_description_free(descs[f]);
    free(descs);
    free_args(&a);
    return status;
}
