/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_run.h - what the files of `arazzo run` share: its command line
 * (cli_run_args.c), the built-in mock servers of --mock (cli_run_mocks.c)
 * and the credentials of --auth and ARAZZO_AUTH_<SCHEME>
 * (cli_run_credentials.c); the run itself is cli_run.c.
 */
#ifndef ARAZZO_CLI_RUN_H
#define ARAZZO_CLI_RUN_H

#include "cli.h"

#include <arazzo/engine.h>
#include <arazzo/conformance.h>

/* Everything the command line asked for. */
typedef struct cli_run_args {
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
} cli_run_args;

/* Reads the command line into `a` (zeroed, its checks at their defaults
 * by the caller); sets *help for --help. Returns EXIT_OK or an exit code
 * after a usage error. */
int cli_run_parse_args(const cli_command *cmd, int argc, char **argv, cli_run_args *a, bool *help);
/* Releases what the parsed arguments own. */
void cli_run_free_args(cli_run_args *a);

/* The built-in mock servers of --mock: one per openapi source, each on
 * its own docset (the server thread loads documents as it goes). */
typedef struct cli_mocks {
    az_mock *servers[32];
    az_docset *sets[32];
    az_transport *fetchers[32];
    size_t n;
} cli_mocks;

/*
 * --mock: serves every openapi source of the entry document of `desc`
 * with the built-in mock (example responses, requests validated) and
 * sends that source's requests there (a --server entry appended to `a`),
 * unless --server names it already; prints each server's URL on `out`.
 * Returns false after printing why a server could not start.
 */
bool cli_mocks_start(cli_run_args *a, const az_description *desc, cli_mocks *m, FILE *out);
/* Stops the mock servers. */
void cli_mocks_stop(cli_mocks *m);

/* The credentials of a run: --auth, then ARAZZO_AUTH_<SCHEME> (the name
 * in capitals, other characters '_') for every security scheme of the
 * entry document's OpenAPI sources that --auth does not name. Returns a new
 * array (the schemes of env entries are new strings after the
 * --auth ones); NULL when out of memory. */
az_credential *cli_run_credentials(const cli_run_args *a, const az_description *desc,
                                   size_t *n_out);
/* Releases what cli_run_credentials returned. */
void cli_run_credentials_free(const cli_run_args *a, az_credential *c, size_t n);

#endif /* ARAZZO_CLI_RUN_H */
