/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_run_mocks.c - `arazzo run --mock`: one built-in mock server per
 * openapi source of a document, each on its own docset (the server thread
 * loads documents as it goes), answering from the description's examples
 * and validating the requests, with the source's requests sent there.
 */
#include "cli_run.h"

#include <stdlib.h>
#include <string.h>

/* Stops the mock servers; see cli_run.h. */
void cli_mocks_stop(cli_mocks *m)
{
    for (size_t i = 0; i < m->n; i++) {
        az_mock_stop(m->servers[i]);
        az_docset_free(m->sets[i]);
        az_transport_free(m->fetchers[i]);
    }
    m->n = 0;
}

/* Starts the mock servers of a document; see cli_run.h. */
bool cli_mocks_start(cli_run_args *a, const az_description *desc, cli_mocks *m, FILE *out)
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
