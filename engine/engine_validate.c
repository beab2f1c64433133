/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine_validate.c - validation of Arazzo documents. For now the syntax
 * level: the loader's rules (well-formed YAML/JSON, no duplicate keys, ...)
 * and checklist DOC-01 (an Arazzo document is a JSON object). The
 * structural rules of checklist section 2 arrive with the document model.
 */
#include "arazzo/engine.h"

/* Checks what a loaded document's root must be: a mapping (DOC-01). */
static az_status check_root(const az_doc *doc, az_diags *diags)
{
    json_object *root = az_doc_root(doc);
    if (json_object_is_type(root, json_type_object))
        return AZ_OK;
    az_pos pos = {az_doc_name(doc), 0, 0};
    if (root)
        az_doc_node_pos(doc, root, &pos);
    else
        pos.line = pos.column = 1;
    az_doc_diag(doc, diags, AZ_SEVERITY_ERROR, "arazzo-root-not-object", &pos,
                "an Arazzo document must be a mapping (JSON object), found %s",
                root ? json_type_to_name(json_object_get_type(root)) : "an empty document");
    return AZ_ERR_INVALID;
}

/* Validates a file; see engine.h. */
az_status az_validate_file(const char *path, const az_load_opts *opts, az_diags *diags)
{
    az_doc *doc = NULL;
    az_status st = az_doc_load_file(path, opts, diags, &doc);
    if (st == AZ_OK)
        st = check_root(doc, diags);
    az_doc_free(doc);
    return st;
}

/* Validates a document in memory; see engine.h. */
az_status az_validate_buffer(const char *name, const char *data, size_t len,
                             const az_load_opts *opts, az_diags *diags)
{
    az_doc *doc = NULL;
    az_status st = az_doc_load_buffer(name, data, len, opts, diags, &doc);
    if (st == AZ_OK)
        st = check_root(doc, diags);
    az_doc_free(doc);
    return st;
}
