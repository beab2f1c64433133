/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine_description.c - loading an Arazzo Description: the entry
 * document, then each `sourceDescriptions` entry through the docset
 * (relative URLs against the document that wrote them, DOC-08), OpenAPI
 * and Swagger sources indexed once per document, `arazzo` sources loaded
 * recursively and cycle-safely (SRC-05, SRC-06); and resolving what steps
 * name: operationId (STEP-03), operationPath (STEP-04), workflowId
 * (STEP-06).
 */
#include <arazzo/engine.h>

#include "engine_run_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One index built for a source document (shared by sources naming it). */
typedef struct built_index {
    const az_source *src;
    az_oas_index *index;
} built_index;

struct az_description {
    az_description_opts opts;
    az_docset *set;
    az_transport *fetcher; /* downloads documents, when the caller gave no fetch */
    az_arazzo_doc **docs;
    size_t n_docs, cap_docs;
    built_index *indexes;
    size_t n_indexes, cap_indexes;
};

/* The prefix of qualified references. */
#define SOURCES_PREFIX "$sourceDescriptions."

/* Fills the defaults; see engine.h. */
void az_description_opts_init(az_description_opts *opts)
{
    memset(opts, 0, sizeof(*opts));
    az_docset_opts_init(&opts->docset);
    opts->max_arazzo_depth = 16;
}

/* Returns the index of a source document, building it once. */
static az_oas_index *index_of(az_description *desc, const az_source *src, az_diags *diags)
{
    for (size_t i = 0; i < desc->n_indexes; i++)
        if (desc->indexes[i].src == src)
            return desc->indexes[i].index;
    az_oas_index *ix = NULL;
    if (az_oas_index_build(desc->set, src, diags, &ix) != AZ_OK)
        return NULL;
    if (desc->n_indexes == desc->cap_indexes) {
        size_t cap = desc->cap_indexes ? desc->cap_indexes * 2 : 4;
        built_index *grown = realloc(desc->indexes, cap * sizeof(*grown));
        if (!grown) {
            az_oas_index_free(ix);
            return NULL;
        }
        desc->indexes = grown;
        desc->cap_indexes = cap;
    }
    desc->indexes[desc->n_indexes++] = (built_index){src, ix};
    return ix;
}

/* Returns the loaded Arazzo document of a source, if any yet. */
static az_arazzo_doc *doc_of(const az_description *desc, const az_source *src)
{
    for (size_t i = 0; i < desc->n_docs; i++)
        if (desc->docs[i]->src == src)
            return desc->docs[i];
    return NULL;
}

static az_status load_sources(az_description *desc, az_arazzo_doc *doc, unsigned depth,
                              az_diags *diags);

/* Adds the Arazzo document `src` (once) and loads its sources. */
static az_arazzo_doc *add_doc(az_description *desc, const az_source *src, unsigned depth,
                              az_diags *diags)
{
    az_arazzo_doc *doc = doc_of(desc, src);
    if (doc)
        return doc;
    if (desc->n_docs == desc->cap_docs) {
        size_t cap = desc->cap_docs ? desc->cap_docs * 2 : 4;
        az_arazzo_doc **grown = realloc(desc->docs, cap * sizeof(*grown));
        if (!grown)
            return NULL;
        desc->docs = grown;
        desc->cap_docs = cap;
    }
    if (!(doc = calloc(1, sizeof(*doc))))
        return NULL;
    doc->src = src;
    desc->docs[desc->n_docs++] = doc;
    load_sources(desc, doc, depth, diags);
    return doc;
}

/* Loads one source description of `doc`. */
static void load_source(az_description *desc, az_arazzo_doc *doc, az_source_desc *sd,
                        unsigned depth, az_diags *diags)
{
    json_object *url_node = NULL;
    json_object_object_get_ex(sd->node, "url", &url_node);
    if (!sd->url)
        return; /* validation reports the missing url */
    az_pos at = {az_source_name(doc->src), 0, 0};
    az_doc_node_pos(az_source_doc(doc->src), url_node, &at);
    az_diags *scratch = az_diags_new();
    az_status st = az_docset_load(desc->set, sd->url, doc->src, &at, scratch, &sd->src);
    for (size_t i = 0; scratch && i < az_diags_count(scratch); i++) {
        const az_diag *d = az_diags_get(scratch, i);
        az_diag *copy = az_diags_add_copy(diags, d, d->severity);
        if (copy && !copy->source_line && copy->line == at.line && at.line) {
            size_t len = 0;
            const char *line = az_doc_line_text(az_source_doc(doc->src), at.line, &len);
            if (line)
                az_diag_set_source_line(copy, line, len);
        }
    }
    az_diags_free(scratch);
    if (st != AZ_OK || !sd->src)
        return;
    az_doc_kind found = az_source_kind(sd->src);
    bool is_oas =
        found == AZ_KIND_OPENAPI_3_0 || found == AZ_KIND_OPENAPI_3_1 || found == AZ_KIND_SWAGGER_2;
    if (sd->type && strcmp(sd->type, "openapi") == 0 && !is_oas) {
        az_doc_node_diag(az_source_doc(doc->src), diags, AZ_SEVERITY_ERROR, "source-kind", url_node,
                         "source '%s' is declared type openapi, but %s is %s",
                         sd->name ? sd->name : "", az_source_name(sd->src),
                         found == AZ_KIND_ARAZZO
                             ? "an Arazzo document"
                             : "not an OpenAPI 3.0/3.1 or Swagger 2.0 description");
        return;
    }
    if (sd->type && strcmp(sd->type, "arazzo") == 0 && found != AZ_KIND_ARAZZO) {
        az_doc_node_diag(az_source_doc(doc->src), diags, AZ_SEVERITY_ERROR, "source-kind", url_node,
                         "source '%s' is declared type arazzo, but %s is %s",
                         sd->name ? sd->name : "", az_source_name(sd->src),
                         is_oas ? "an OpenAPI description" : "not an Arazzo 1.0 document");
        return;
    }
    if (!sd->type && !is_oas && found != AZ_KIND_ARAZZO) {
        az_doc_node_diag(
            az_source_doc(doc->src), diags, AZ_SEVERITY_ERROR, "source-kind", url_node,
            "source '%s': %s is neither an OpenAPI/Swagger description nor an Arazzo document",
            sd->name ? sd->name : "", az_source_name(sd->src));
        return;
    }
    sd->kind = found;
    if (is_oas) {
        sd->index = index_of(desc, sd->src, diags);
    } else if (depth >= desc->opts.max_arazzo_depth) {
        az_doc_node_diag(az_source_doc(doc->src), diags, AZ_SEVERITY_ERROR, "source-limit",
                         url_node, "source '%s': arazzo sources nest deeper than %u documents",
                         sd->name ? sd->name : "", desc->opts.max_arazzo_depth);
    } else {
        sd->arazzo = add_doc(desc, sd->src, depth + 1, diags);
    }
}

/* Loads every source of `doc`. */
static az_status load_sources(az_description *desc, az_arazzo_doc *doc, unsigned depth,
                              az_diags *diags)
{
    json_object *list = NULL;
    json_object_object_get_ex(az_source_root(doc->src), "sourceDescriptions", &list);
    if (!json_object_is_type(list, json_type_array))
        return AZ_OK;
    size_t n = json_object_array_length(list);
    if (n == 0)
        return AZ_OK;
    if (!(doc->sources = calloc(n, sizeof(*doc->sources))))
        return AZ_ERR_NOMEM;
    doc->n_sources = n;
    for (size_t i = 0; i < n; i++) {
        az_source_desc *sd = &doc->sources[i];
        sd->node = json_object_array_get_idx(list, i);
        sd->name = az_json_get_string(sd->node, "name");
        sd->url = az_json_get_string(sd->node, "url");
        sd->type = az_json_get_string(sd->node, "type");
        if (sd->type && strcmp(sd->type, "openapi") != 0 && strcmp(sd->type, "arazzo") != 0)
            sd->type = NULL; /* validation reports it (SRC-01) */
    }
    for (size_t i = 0; i < n; i++)
        load_source(desc, doc, &doc->sources[i], depth, diags);
    return AZ_OK;
}

/* Starts a description around an entry source. */
static az_status finish_load(az_description *desc, const az_source *entry, az_diags *diags,
                             az_description **out)
{
    if (!add_doc(desc, entry, 1, diags)) {
        az_description_free(desc);
        return AZ_ERR_NOMEM;
    }
    *out = desc;
    return AZ_OK;
}

/* Creates an empty description. */
static az_description *new_description(const az_description_opts *opts)
{
    az_description *desc = calloc(1, sizeof(*desc));
    if (!desc)
        return NULL;
    if (opts)
        desc->opts = *opts;
    else
        az_description_opts_init(&desc->opts);
    if (desc->opts.docset.allow_network && !desc->opts.docset.fetch &&
        !(desc->fetcher = az_docset_opts_set_fetcher(&desc->opts.docset))) {
        free(desc);
        return NULL;
    }
    if (!(desc->set = az_docset_new(&desc->opts.docset))) {
        az_transport_free(desc->fetcher);
        free(desc);
        return NULL;
    }
    return desc;
}

/* Loads a description from a path or URL; see engine.h. */
az_status az_description_load(const char *path_or_url, const az_description_opts *opts,
                              az_diags *diags, az_description **out)
{
    *out = NULL;
    az_description *desc = new_description(opts);
    if (!desc)
        return AZ_ERR_NOMEM;
    const az_source *entry = NULL;
    az_status st = az_docset_load(desc->set, path_or_url, NULL, NULL, diags, &entry);
    if (st != AZ_OK) {
        az_description_free(desc);
        return st;
    }
    return finish_load(desc, entry, diags, out);
}

/* Loads a description from memory; see engine.h. */
az_status az_description_load_buffer(const char *name, const char *url, const char *data,
                                     size_t len, const az_description_opts *opts, az_diags *diags,
                                     az_description **out)
{
    *out = NULL;
    az_description *desc = new_description(opts);
    char *own_url = NULL;
    if (!desc)
        return AZ_ERR_NOMEM;
    if (!url) {
        az_status st = az_url_from_path(name, &own_url);
        if (st != AZ_OK) {
            az_description_free(desc);
            return st;
        }
    }
    const az_source *entry = NULL;
    az_status st =
        az_docset_add_buffer(desc->set, url ? url : own_url, name, data, len, diags, &entry);
    free(own_url);
    if (st != AZ_OK) {
        az_description_free(desc);
        return st;
    }
    return finish_load(desc, entry, diags, out);
}

/* Releases a description; see engine.h. */
void az_description_free(az_description *desc)
{
    if (!desc)
        return;
    for (size_t i = 0; i < desc->n_docs; i++) {
        free(desc->docs[i]->sources);
        free(desc->docs[i]);
    }
    for (size_t i = 0; i < desc->n_indexes; i++)
        az_oas_index_free(desc->indexes[i].index);
    free(desc->docs);
    free(desc->indexes);
    az_docset_free(desc->set);
    az_transport_free(desc->fetcher);
    free(desc);
}

/* Accessors; see engine.h. */
const az_arazzo_doc *az_description_entry(const az_description *desc)
{
    return desc->n_docs ? desc->docs[0] : NULL;
}

/* Counts the Arazzo documents. */
size_t az_description_doc_count(const az_description *desc)
{
    return desc->n_docs;
}

/* Returns the i-th Arazzo document. */
const az_arazzo_doc *az_description_doc(const az_description *desc, size_t i)
{
    return i < desc->n_docs ? desc->docs[i] : NULL;
}

/* The docset of a description. */
az_docset *az_description_docset(const az_description *desc)
{
    return desc->set;
}

/* Finds a source by name; see engine.h. */
const az_source_desc *az_arazzo_doc_source(const az_arazzo_doc *doc, const char *name)
{
    for (size_t i = 0; i < doc->n_sources; i++)
        if (doc->sources[i].name && strcmp(doc->sources[i].name, name) == 0)
            return &doc->sources[i];
    return NULL;
}

/* Tells whether a source is a usable OpenAPI/Swagger source. */
static bool is_openapi_source(const az_source_desc *sd)
{
    return sd->index != NULL;
}

/*
 * Splits "$sourceDescriptions.<name>.<rest>": finds the source and stores
 * the rest in *rest. Returns AZ_OK, or AZ_ERR_INVALID with *error set.
 */
static az_status qualified(const az_arazzo_doc *doc, const char *ref, const az_source_desc **sd,
                           const char **rest, char **error)
{
    const char *name = ref + strlen(SOURCES_PREFIX);
    const char *dot = strchr(name, '.');
    if (!dot || dot == name || dot[1] == '\0') {
        az__engine_error(error, "'%s' is not of the form $sourceDescriptions.<name>.<id>", ref);
        return AZ_ERR_INVALID;
    }
    char *source = strndup(name, (size_t)(dot - name));
    if (!source)
        return AZ_ERR_NOMEM;
    *sd = az_arazzo_doc_source(doc, source);
    if (!*sd)
        az__engine_error(error, "'%s' names no source: there is no source description '%s'", ref,
                         source);
    free(source);
    *rest = dot + 1;
    return *sd ? AZ_OK : AZ_ERR_INVALID;
}

/* Looks an operationId up in one source, with a suggestion on a miss. */
static az_status find_in_source(const az_source_desc *sd, const char *id,
                                const az_oas_operation **op, char **error)
{
    *op = az_oas_index_find_id(sd->index, id);
    if (*op)
        return AZ_OK;
    const char *near = az_oas_index_suggest(sd->index, id);
    if (near)
        az__engine_error(error, "no operation '%s' in source '%s' (%s); did you mean '%s'?", id,
                         sd->name, az_source_name(sd->src), near);
    else
        az__engine_error(error, "no operation '%s' in source '%s' (%s)", id, sd->name,
                         az_source_name(sd->src));
    return AZ_ERR_NOT_FOUND;
}

/* Resolves an operationId; see engine.h. */
az_status az_arazzo_doc_find_operation(const az_arazzo_doc *doc, const char *operation_id,
                                       const az_oas_operation **op, const az_source_desc **source,
                                       char **error)
{
    *op = NULL;
    *source = NULL;
    if (strncmp(operation_id, SOURCES_PREFIX, strlen(SOURCES_PREFIX)) == 0) {
        const char *id = NULL;
        az_status st = qualified(doc, operation_id, source, &id, error);
        if (st != AZ_OK)
            return st;
        if (!is_openapi_source(*source)) {
            az__engine_error(error, "'%s': source '%s' is not a loaded OpenAPI description",
                             operation_id, (*source)->name);
            return AZ_ERR_INVALID;
        }
        return find_in_source(*source, id, op, error);
    }
    const az_source_desc *only = NULL;
    size_t n_openapi = 0;
    for (size_t i = 0; i < doc->n_sources; i++) {
        if (doc->sources[i].kind == AZ_KIND_ARAZZO)
            continue;
        n_openapi++;
        only = &doc->sources[i];
    }
    if (n_openapi > 1) {
        /* EXEC-90: say where it is, so the fix is one copy-paste away. */
        for (size_t i = 0; i < doc->n_sources; i++) {
            const az_source_desc *sd = &doc->sources[i];
            if (is_openapi_source(sd) && az_oas_index_find_id(sd->index, operation_id)) {
                az__engine_error(error,
                                 "operationId '%s' must name its source when there are %zu openapi "
                                 "sources: write $sourceDescriptions.%s.%s",
                                 operation_id, n_openapi, sd->name, operation_id);
                return AZ_ERR_INVALID;
            }
        }
        az__engine_error(error, "no operation '%s' in any of the %zu openapi sources", operation_id,
                         n_openapi);
        return AZ_ERR_NOT_FOUND;
    }
    if (!only || !is_openapi_source(only)) {
        az__engine_error(error, "operationId '%s': the document has no loaded OpenAPI source",
                         operation_id);
        return AZ_ERR_INVALID;
    }
    *source = only;
    return find_in_source(only, operation_id, op, error);
}

/* Resolves an operationPath; see engine.h. */
az_status az_arazzo_doc_find_operation_path(const az_arazzo_doc *doc, const char *operation_path,
                                            const az_oas_operation **op,
                                            const az_source_desc **source, char **error)
{
    az_buf b = {0};
    *op = NULL;
    *source = NULL;
    /* (1) interpolate {$sourceDescriptions.<name>.url}; other braces are literal. */
    for (const char *p = operation_path; *p;) {
        if (strncmp(p, "{$", 2) != 0) {
            az_buf_add(&b, p, 1);
            p++;
            continue;
        }
        const char *end = strchr(p, '}');
        size_t len = end ? (size_t)(end - p - 1) : 0;
        const char *expr = p + 1;
        const az_source_desc *sd = NULL;
        const char *rest = NULL;
        char *text = end ? strndup(expr, len) : NULL;
        az_status st = AZ_ERR_INVALID;
        if (text && strncmp(text, SOURCES_PREFIX, strlen(SOURCES_PREFIX)) == 0)
            st = qualified(doc, text, &sd, &rest, error);
        else
            az__engine_error(
                error, "operationPath '%s': only {$sourceDescriptions.<name>.url} may be embedded",
                operation_path);
        if (st == AZ_OK && strcmp(rest, "url") != 0) {
            az__engine_error(error, "operationPath '%s': '{%s}' must end in .url", operation_path,
                             text);
            st = AZ_ERR_INVALID;
        }
        if (st == AZ_OK && !sd->src) {
            az__engine_error(error, "operationPath '%s': source '%s' did not load", operation_path,
                             sd->name);
            st = AZ_ERR_INVALID;
        }
        free(text);
        if (st != AZ_OK) {
            free(b.data);
            return st;
        }
        az_buf_puts(&b, az_source_url(sd->src));
        p = end + 1;
    }
    char *path = az_buf_take(&b);
    if (!path)
        return AZ_ERR_NOMEM;
    /* (2) split at '#', (3) match the URL against the sources. */
    char *hash = strchr(path, '#');
    if (!hash) {
        az__engine_error(error, "operationPath '%s' has no '#' and JSON Pointer", operation_path);
        free(path);
        return AZ_ERR_INVALID;
    }
    *hash = '\0';
    char *resolved = NULL;
    if (az_url_resolve(az_source_url(doc->src), path, &resolved) != AZ_OK)
        resolved = NULL;
    for (size_t i = 0; i < doc->n_sources && !*source; i++) {
        const az_source_desc *sd = &doc->sources[i];
        if (sd->src && resolved && strcmp(az_source_url(sd->src), resolved) == 0)
            *source = sd;
    }
    az_status st = AZ_OK;
    if (!*source) {
        az__engine_error(error, "operationPath '%s': '%s' is the URL of no source description",
                         operation_path, path);
        st = AZ_ERR_INVALID;
    } else if (!is_openapi_source(*source)) {
        az__engine_error(error,
                         "operationPath '%s': source '%s' is not a loaded OpenAPI description",
                         operation_path, (*source)->name);
        st = AZ_ERR_INVALID;
    } else {
        /* (4), (5): the pointer must name an Operation Object. */
        char *why = NULL;
        st = az_oas_index_find_pointer((*source)->index, hash + 1, op, &why);
        if (st != AZ_OK)
            az__engine_error(error, "operationPath '%s': %s", operation_path,
                             why ? why : "not found");
        free(why);
    }
    free(resolved);
    free(path);
    return st;
}

/* Finds a workflow of a document by id. */
static json_object *workflow_in(const az_arazzo_doc *doc, const char *id)
{
    json_object *list = NULL;
    json_object_object_get_ex(az_source_root(doc->src), "workflows", &list);
    for (size_t i = 0;
         json_object_is_type(list, json_type_array) && i < json_object_array_length(list); i++) {
        json_object *wf = json_object_array_get_idx(list, i);
        const char *wid = az_json_get_string(wf, "workflowId");
        if (wid && strcmp(wid, id) == 0)
            return wf;
    }
    return NULL;
}

/* Suggests the closest workflowId of a document, or NULL. */
static const char *suggest_workflow(const az_arazzo_doc *doc, const char *id)
{
    json_object *list = NULL;
    const char *best = NULL;
    size_t best_d = strlen(id) / 3 + 1;
    json_object_object_get_ex(az_source_root(doc->src), "workflows", &list);
    for (size_t i = 0;
         json_object_is_type(list, json_type_array) && i < json_object_array_length(list); i++) {
        const char *wid = az_json_get_string(json_object_array_get_idx(list, i), "workflowId");
        size_t d = wid ? az_edit_distance(wid, id) : (size_t)-1;
        if (wid && d <= best_d && (!best || d < best_d)) {
            best = wid;
            best_d = d;
        }
    }
    return best;
}

/* Resolves a workflowId; see engine.h. */
az_status az_arazzo_doc_find_workflow(const az_arazzo_doc *doc, const char *workflow_id,
                                      json_object **workflow, const az_arazzo_doc **owner,
                                      char **error)
{
    *workflow = NULL;
    *owner = NULL;
    const az_arazzo_doc *in = doc;
    const char *id = workflow_id;
    if (strncmp(workflow_id, SOURCES_PREFIX, strlen(SOURCES_PREFIX)) == 0) {
        const az_source_desc *sd = NULL;
        az_status st = qualified(doc, workflow_id, &sd, &id, error);
        if (st != AZ_OK)
            return st;
        if (!sd->arazzo) {
            az__engine_error(error, "'%s': source '%s' is not a loaded Arazzo document",
                             workflow_id, sd->name);
            return AZ_ERR_INVALID;
        }
        in = sd->arazzo;
    }
    *workflow = workflow_in(in, id);
    if (*workflow) {
        *owner = in;
        return AZ_OK;
    }
    const char *near = suggest_workflow(in, id);
    if (near)
        az__engine_error(error, "no workflow '%s' in %s; did you mean '%s'?", id,
                         az_source_name(in->src), near);
    else
        az__engine_error(error, "no workflow '%s' in %s", id, az_source_name(in->src));
    return AZ_ERR_NOT_FOUND;
}
