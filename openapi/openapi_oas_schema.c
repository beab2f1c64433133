/* SPDX-License-Identifier: Apache-2.0 */
/*
 * openapi_oas_schema.c - the bridge between descriptions and the JSON
 * Schema validator: a schema node of a loaded description is compiled in
 * its document's dialect, with the document as the base of `#/...`
 * references and the docset as the source of every other document a
 * `$ref` names.
 */
#include <stdlib.h>

#include "openapi_internal.h"

/* The validator's retrieve callback: the root of the document at `uri`,
 * loaded through the docset (no diagnostics: the validator reports). */
static json_object *retrieve(void *user, const char *uri)
{
    const az_source *src = NULL;
    if (az_docset_load(user, uri, NULL, NULL, NULL, &src) != AZ_OK)
        return NULL;
    return az_source_root(src);
}

/* Compiles a description's schema; see openapi.h. */
az_status az_oas_schema_compile(az_docset *set, az_oas_node schema, bool format_assert,
                                az_schema **out, char **error)
{
    az_schema_opts opts;
    az_schema_opts_init(&opts);
    switch (az_source_kind(schema.src)) {
    case AZ_KIND_OPENAPI_3_0:
    case AZ_KIND_SWAGGER_2: opts.dialect = AZ_SCHEMA_OAS30; break;
    default: opts.dialect = AZ_SCHEMA_2020_12; break;
    }
    opts.format_assert = format_assert;
    opts.base_uri = az_source_url(schema.src);
    opts.document = az_source_root(schema.src);
    opts.retrieve = retrieve;
    opts.retrieve_user = set;
    return az_schema_compile(schema.node, &opts, out, error);
}
