/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_run_credentials.c - the credentials of `arazzo run`: --auth
 * SCHEME=VALUE first, then an ARAZZO_AUTH_<SCHEME> environment variable
 * for every security scheme of the OpenAPI sources that --auth does not
 * name (see docs/running.md "Authentication").
 */
#include "cli_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The credentials of a run; see cli_run.h. */
az_credential *cli_run_credentials(const cli_run_args *a, const az_description *desc, size_t *n_out)
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

/* Releases what cli_run_credentials returned; see cli_run.h. */
void cli_run_credentials_free(const cli_run_args *a, az_credential *c, size_t n)
{
    for (size_t i = a->n_credentials; c && i < n; i++)
        free((char *)c[i].scheme);
    free(c);
}
