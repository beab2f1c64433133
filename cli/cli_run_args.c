/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_run_args.c - the command line of `arazzo run`: every option read
 * into cli_run_args, the values checked as they are read (--server
 * SOURCE=URL, --auth SCHEME=VALUE, --secret NAME=VALUE, --header 'Name:
 * value', --rate-limit N/s, --check CHECK=LEVEL,..., positive numbers),
 * each malformed one a usage error naming what was expected.
 */
#include "cli_run.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

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

/* Reads the command line; see cli_run.h. */
int cli_run_parse_args(const cli_command *cmd, int argc, char **argv, cli_run_args *a, bool *help)
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

/* Releases the parsed arguments; see cli_run.h. */
void cli_run_free_args(cli_run_args *a)
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
