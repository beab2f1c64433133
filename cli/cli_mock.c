/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_mock.c - `arazzo mock FILE [--port N] [--host ADDR] [--log FILE|-]
 * [--validate]`: loads an OpenAPI 3.0/3.1 or Swagger 2.0 description (or,
 * given an Arazzo document, its first `openapi` source; given a conformance
 * case folder or its case.yaml, the case's script of exchanges), serves it with
 * the built-in mock server (arazzo/conformance.h, docs/mock.md) until SIGINT or
 * SIGTERM, logging each request as one JSON line, and prints how many
 * requests it answered. Exits 0, 3 for a document that is not a sound
 * description, 4 when a file cannot be read or the port cannot be bound.
 */
#include "cli.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <arazzo/conformance.h>
#include <arazzo/openapi.h>
#include <arazzo/engine.h>

/* Set by SIGINT and SIGTERM: stop serving. */
static volatile sig_atomic_t stopping;

/* The signal handler: ask the server loop to stop. */
static void on_signal(int sig)
{
    (void)sig;
    stopping = 1;
}

/* Loads the first `openapi` source of an Arazzo document into *out, or
 * prints why there is none. */
static az_status first_openapi_source(az_docset *set, const az_source *arazzo, az_diags *diags,
                                      const az_source **out)
{
    json_object *sources = NULL;
    json_object_object_get_ex(az_source_root(arazzo), "sourceDescriptions", &sources);
    size_t n =
        json_object_is_type(sources, json_type_array) ? json_object_array_length(sources) : 0;
    for (size_t i = 0; i < n; i++) {
        az_status st;
        if (!cli_load_openapi_source(set, arazzo, json_object_array_get_idx(sources, i), diags, out,
                                     &st))
            continue;
        if (st == AZ_OK)
            fprintf(stderr, "arazzo: serving the first openapi source of %s: %s\n",
                    az_source_name(arazzo), az_source_name(*out));
        return st;
    }
    fprintf(stderr, "arazzo: %s has no openapi source to serve; pass an OpenAPI file\n",
            az_source_name(arazzo));
    return AZ_ERR_INVALID;
}

/* Reads --port: a whole number from 0 to 65535. */
static bool parse_port(const char *text, unsigned *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long v = strtoul(text, &end, 10);
    if (errno || !end || *end || end == text || text[0] == '-' || v > 65535)
        return false;
    *out = (unsigned)v;
    return true;
}

/* Waits for SIGINT or SIGTERM without missing one that comes early. */
static void wait_for_signal(void)
{
    struct sigaction sa = {0};
    sigset_t block, old;
    sa.sa_handler = on_signal;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigprocmask(SIG_BLOCK, &block, &old);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigset_t wait = old;
    sigdelset(&wait, SIGINT);
    sigdelset(&wait, SIGTERM);
    while (!stopping)
        sigsuspend(&wait);
    sigprocmask(SIG_SETMASK, &old, NULL);
}

/* Tells whether FILE names a conformance case: a folder holding
 * case.yaml, or a file named case.yaml. */
static bool is_case(const char *file)
{
    struct stat st;
    if (stat(file, &st) != 0)
        return false;
    if (S_ISDIR(st.st_mode)) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", file, AZ_CASE_FILE);
        return access(path, F_OK) == 0;
    }
    const char *slash = strrchr(file, '/');
    return strcmp(slash ? slash + 1 : file, AZ_CASE_FILE) == 0;
}

/* Serves a case's script of exchanges until a signal (`arazzo mock CASE`). */
static int serve_case(const char *file, az_mock_opts *mopts)
{
    az_diags *diags = az_diags_new();
    az_case *c = NULL;
    az_mock *mock = NULL;
    char *error = NULL;
    int status = EXIT_OK;
    az_status st = diags ? az_case_load(file, diags, &c) : AZ_ERR_NOMEM;
    az_render_opts ropts = {az_color_wanted(stderr)};
    cli_print_load_diags(diags, &ropts);
    if (st != AZ_OK) {
        status = st == AZ_ERR_IO || st == AZ_ERR_NOMEM ? EXIT_IO : EXIT_INVALID;
        goto out;
    }
    flockfile(stdout);
    if ((st = az_mock_start_script(c->exchanges, c->in_order, mopts, &mock, &error)) != AZ_OK) {
        funlockfile(stdout);
        fprintf(stderr, "arazzo: %s\n", error ? error : az_status_str(st));
        status = st == AZ_ERR_INVALID ? EXIT_USAGE : EXIT_IO;
        goto out;
    }
    size_t n = az_mock_operation_count(mock);
    printf("listening on %s (%zu exchange%s, order %s)\n", az_mock_url(mock), n, n == 1 ? "" : "s",
           c->in_order ? "sequence" : "match");
    fflush(stdout);
    funlockfile(stdout);
    if (c->servers) {
        json_object_object_foreach(c->servers, name, base)
        {
            fprintf(stderr, "arazzo: run with --server %s=%s%s\n", name, az_mock_url(mock),
                    json_object_get_string(base));
        }
    }
    wait_for_signal();
    size_t served = az_mock_request_count(mock);
    az_mock_stop(mock);
    mock = NULL;
    printf("served %zu request%s\n", served, served == 1 ? "" : "s");
out:
    az_mock_stop(mock);
    free(error);
    az_case_free(c);
    az_diags_free(diags);
    return status;
}

/* `arazzo mock`. */
int cli_cmd_mock(const cli_command *cmd, int argc, char **argv)
{
    int i = 0, r, status = EXIT_OK;
    bool rest = false;
    const char *file = NULL, *log_path = "-";
    az_mock_opts mopts;
    az_docset *set = NULL;
    az_transport *fetcher = NULL;
    az_diags *diags = NULL;
    az_oas_index *ix = NULL;
    az_mock *mock = NULL;
    FILE *log = NULL;
    char *error = NULL;
    cli_arg a;

    az_mock_opts_init(&mopts);
    while ((r = cli_next_arg(cmd, argc, argv, &i, &rest, &a)) > 0) {
        if (cli_is(&a, "help")) {
            cli_print_help(stdout, cmd);
            return EXIT_OK;
        } else if (cli_is(&a, "port")) {
            if (!parse_port(a.value, &mopts.port))
                return cli_usage_error(cmd, "--port needs a number from 0 to 65535, not '%s'",
                                       a.value);
        } else if (cli_is(&a, "host")) {
            mopts.host = a.value;
        } else if (cli_is(&a, "log")) {
            log_path = a.value;
        } else if (cli_is(&a, "validate")) {
            mopts.validate_requests = true;
        } else if (cli_take_file(cmd, &file, a.value) != EXIT_OK) {
            return EXIT_USAGE;
        }
    }
    if (cli_check_file(cmd, r, file, "no description given") != EXIT_OK)
        return EXIT_USAGE;
    if (is_case(file)) {
        if (mopts.validate_requests)
            fprintf(stderr, "arazzo: --validate does not apply to a case's script\n");
        if (strcmp(log_path, "-") == 0) {
            mopts.log = stdout;
        } else if (!(log = fopen(log_path, "w"))) {
            fprintf(stderr, "arazzo: cannot write the log to %s: %s\n", log_path, strerror(errno));
            return EXIT_IO;
        } else {
            mopts.log = log;
        }
        status = serve_case(file, &mopts);
        if (log)
            fclose(log);
        return status;
    }

    az_docset_opts dopts;
    az_docset_opts_init(&dopts);
    if (!(fetcher = az_docset_opts_set_fetcher(&dopts)) || !(set = az_docset_new(&dopts)) ||
        !(diags = az_diags_new())) {
        fprintf(stderr, "arazzo: out of memory\n");
        status = EXIT_IO;
        goto out;
    }
    const az_source *src = NULL;
    az_status st = az_docset_load(set, file, NULL, NULL, diags, &src);
    if (st == AZ_OK && az_source_kind(src) == AZ_KIND_ARAZZO)
        st = first_openapi_source(set, src, diags, &src);
    if (st == AZ_OK && (st = az_oas_index_build(set, src, diags, &ix)) == AZ_OK)
        az_oas_index_report(ix, NULL, 0, diags);
    az_render_opts ropts = {az_color_wanted(stderr)};
    cli_print_load_diags(diags, &ropts);
    if (st == AZ_ERR_IO || st == AZ_ERR_NOMEM || st == AZ_ERR_LIMIT) {
        status = EXIT_IO;
        goto out;
    }
    if (st != AZ_OK || az_diags_count_severity(diags, AZ_SEVERITY_ERROR) > 0) {
        status = EXIT_INVALID; /* the diagnostics above say why */
        goto out;
    }

    if (strcmp(log_path, "-") == 0) {
        mopts.log = stdout;
    } else if (!(log = fopen(log_path, "w"))) {
        fprintf(stderr, "arazzo: cannot write the log to %s: %s\n", log_path, strerror(errno));
        status = EXIT_IO;
        goto out;
    } else {
        mopts.log = log;
    }
    /* Holding stdout keeps a request logged there behind the first line. */
    flockfile(stdout);
    if ((st = az_mock_start(set, src, &mopts, &mock, &error)) != AZ_OK) {
        funlockfile(stdout);
        fprintf(stderr, "arazzo: %s\n", error ? error : az_status_str(st));
        status = st == AZ_ERR_INVALID ? EXIT_USAGE : EXIT_IO;
        goto out;
    }
    size_t n_ops = az_mock_operation_count(mock);
    printf("listening on %s (%zu operation%s)\n", az_mock_url(mock), n_ops, n_ops == 1 ? "" : "s");
    fflush(stdout);
    funlockfile(stdout);
    wait_for_signal();
    size_t served = az_mock_request_count(mock);
    az_mock_stop(mock);
    mock = NULL;
    printf("served %zu request%s\n", served, served == 1 ? "" : "s");
out:
    az_mock_stop(mock);
    if (log)
        fclose(log);
    free(error);
    az_oas_index_free(ix);
    az_diags_free(diags);
    az_docset_free(set);
    az_transport_free(fetcher);
    return status;
}
