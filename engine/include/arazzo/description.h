/* SPDX-License-Identifier: Apache-2.0 */
/*
 * arazzo/description.h - an Arazzo Description loaded for use: the entry
 * document and, recursively and cycle-safely, every source description it
 * names (checklist SRC-05, SRC-06, EXEC-01): `openapi` sources loaded and
 * indexed (operations), `arazzo` sources loaded with their own sources,
 * URLs resolved against the document that wrote them (DOC-08).
 *
 * Ownership: az_description_load returns a description the caller releases
 * with az_description_free; everything reached from it (documents, nodes,
 * indexes, source records) belongs to it.
 */
#ifndef ARAZZO_DESCRIPTION_H
#define ARAZZO_DESCRIPTION_H

#include <stdbool.h>
#include <stddef.h>

#include <arazzo/core.h>
#include <arazzo/docset.h>
#include <arazzo/oas_index.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct az_arazzo_doc az_arazzo_doc;

/* One entry of an Arazzo document's `sourceDescriptions`. */
typedef struct az_source_desc {
    const char *name;  /* as written (NULL when missing or not a string) */
    const char *url;   /* as written (NULL when missing or not a string) */
    const char *type;  /* "openapi", "arazzo" or NULL when not given */
    json_object *node; /* the Source Description Object */
    /* What the URL loaded (NULL when it failed to load; the failure is a
     * diagnostic at the `url` value). */
    const az_source *src;
    /* The kind actually used: `type` when given, else the sniffed kind
     * (SRC-04). */
    az_doc_kind kind;
    /* For openapi/swagger sources: the operation index (NULL otherwise or
     * when the document is not a description). */
    az_oas_index *index;
    /* For arazzo sources: the loaded document (NULL otherwise). */
    az_arazzo_doc *arazzo;
} az_source_desc;

/* One loaded Arazzo document with its sources. */
struct az_arazzo_doc {
    const az_source *src;
    az_source_desc *sources;
    size_t n_sources;
};

typedef struct az_description az_description;

typedef struct az_description_opts {
    /* Without a fetch function, http(s) documents are downloaded with a
     * libcurl transport the description creates (az_docset_opts_set_fetcher). */
    az_docset_opts docset;
    /* Deepest chain of `arazzo` sources followed (entry is depth 1). */
    unsigned max_arazzo_depth;
} az_description_opts;

/* Fills the defaults: az_docset_opts_init's, arazzo depth 16. */
void az_description_opts_init(az_description_opts *opts);

/*
 * Loads the Arazzo document at `path_or_url` (a path, "-" is not handled
 * here) and every source it names, recursively. Problems go to `diags`:
 * the entry document's own load errors (then AZ_ERR_IO/SYNTAX/LIMIT is
 * returned and *out is NULL), and, as diagnostics only, each source that
 * cannot be loaded or is of the wrong kind (at its `url` value,
 * code "source-unreadable" / "source-kind"). Defects inside OpenAPI
 * sources are NOT reported here: see az_oas_index_report. Returns AZ_OK
 * and the description (even when some sources failed), or a load status.
 */
az_status az_description_load(const char *path_or_url, const az_description_opts *opts,
                              az_diags *diags, az_description **out);

/* Same for an entry document in memory, named `name` and located at `url`
 * (relative sources resolve against it; NULL: the current directory). */
az_status az_description_load_buffer(const char *name, const char *url, const char *data,
                                     size_t len, const az_description_opts *opts, az_diags *diags,
                                     az_description **out);

void az_description_free(az_description *desc);

/* The entry document. */
const az_arazzo_doc *az_description_entry(const az_description *desc);
/* Every Arazzo document loaded (the entry first), for validation. */
size_t az_description_doc_count(const az_description *desc);
const az_arazzo_doc *az_description_doc(const az_description *desc, size_t i);
/* The docset holding every document. */
az_docset *az_description_docset(const az_description *desc);

/* A source of a document by name (NULL when none). */
const az_source_desc *az_arazzo_doc_source(const az_arazzo_doc *doc, const char *name);

/*
 * Resolves an Arazzo `operationId` value written in `doc` (checklist
 * STEP-03): `$sourceDescriptions.<name>.<operationId>` looks in that source;
 * a plain id looks in the document's only openapi source. Stores the
 * operation and its source in *op / *source. Returns AZ_OK,
 * AZ_ERR_NOT_FOUND (no such operation; *error says where it looked and
 * suggests the closest id), or AZ_ERR_INVALID (unknown source, an arazzo
 * source, a plain id with several openapi sources: *error says which).
 */
az_status az_arazzo_doc_find_operation(const az_arazzo_doc *doc, const char *operation_id,
                                       const az_oas_operation **op, const az_source_desc **source,
                                       char **error);

/*
 * Resolves an `operationPath` value (checklist STEP-04): `{$sourceDescriptions.<name>.url}`
 * interpolated (literal `{` elsewhere), split at the first '#', the part
 * before matched against the resolved URLs of the document's sources, the
 * fragment looked up in that source's index. Same results as
 * az_arazzo_doc_find_operation.
 */
az_status az_arazzo_doc_find_operation_path(const az_arazzo_doc *doc, const char *operation_path,
                                            const az_oas_operation **op,
                                            const az_source_desc **source, char **error);

/*
 * Resolves a `workflowId` value written in `doc` (checklist STEP-06):
 * a plain id names a workflow of `doc`; `$sourceDescriptions.<name>.<id>`
 * one of that arazzo source. Stores the Workflow Object and the document
 * that holds it. Returns AZ_OK, AZ_ERR_NOT_FOUND or AZ_ERR_INVALID with
 * *error set as above.
 */
az_status az_arazzo_doc_find_workflow(const az_arazzo_doc *doc, const char *workflow_id,
                                      json_object **workflow, const az_arazzo_doc **owner,
                                      char **error);

#ifdef __cplusplus
}
#endif

#endif /* ARAZZO_DESCRIPTION_H */
