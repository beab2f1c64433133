/* SPDX-License-Identifier: Apache-2.0 */
/*
 * conformance_internal.h - what the runner's files share: the servers a
 * case's sources are sent to, and running an external engine
 * (conformance_engine.c) for the runner (conformance_runner.c). Private to
 * the conformance module.
 */
#ifndef ARAZZO_CONFORMANCE_INTERNAL_H
#define ARAZZO_CONFORMANCE_INTERNAL_H

#include <arazzo/conformance.h>
#include <arazzo/engine.h>

/* The sources sent to the mock: names and URLs (mock URL + base path). */
typedef struct az__case_servers {
    az_server_override *list; /* source and url both malloc'd */
    size_t n;
} az__case_servers;

void az__case_servers_cleanup(az__case_servers *s);

/*
 * Runs the external engine `tmpl` (placeholders expanded, see
 * conformance/README.md) for case `c` with /bin/sh -c, its output captured,
 * killed after `timeout_s`. Stores its exit status (128 + N for a signal)
 * in *exit and its output in *output (new string). Returns AZ_OK, or
 * AZ_ERR_IO / AZ_ERR_LIMIT (timed out) / AZ_ERR_INVALID (bad template)
 * with *error set to a new message.
 */
az_status az__case_run_engine(const az_case *c, const char *tmpl, const char *workflow,
                              const az__case_servers *servers, double timeout_s, int *exit,
                              char **output, char **error);

#endif /* ARAZZO_CONFORMANCE_INTERNAL_H */
