/* SPDX-License-Identifier: Apache-2.0 */
/*
 * openapi_index_internal.h - the operation index's private state, shared by
 * openapi_index.c (building and lookup), openapi_swagger.c (Swagger 2.0
 * parameters, bodies and responses) and openapi_refscan.c (the
 * whole-document dangling-`$ref` scan).
 */
#ifndef ARAZZO_OPENAPI_INDEX_INTERNAL_H
#define ARAZZO_OPENAPI_INDEX_INTERNAL_H

#include <stdarg.h>
#include <stdint.h>

#include "openapi_internal.h"

/* Per-operation bookkeeping the public struct does not show. */
typedef struct az_op_extra {
    size_t *defects; /* indexes into az_oas_index.defects */
    size_t n_defects, cap_defects;
    /* Swagger 2.0: the `in: body` parameter, and the object schema made
     * of the `in: formData` parameters (in az_oas_index.owned). */
    az_oas_node swagger_body;
    json_object *swagger_form;
    bool swagger_form_file;
} az_op_extra;

/* A server array the index frees. */
typedef struct az_server_list {
    az_oas_server *servers;
    size_t n;
} az_server_list;

struct az_oas_index {
    az_docset *set;
    const az_source *src;
    az_doc_kind kind;
    /* Where `src` is in the docset: documents from here on were loaded
     * for this index and are scanned for dangling `$ref`s. */
    size_t first_doc;

    az_oas_operation *ops;
    az_op_extra *extra;
    size_t n_ops, cap_ops;

    az_oas_server *root_servers;
    size_t n_root_servers;
    az_server_list *server_lists;
    size_t n_server_lists, cap_server_lists;

    az_diags *defects;    /* every defect once, as errors */
    size_t *path_defects; /* defects of Path Items (no operation to own them) */
    size_t n_path_defects;
    json_object *defect_keys; /* "file:line:col:code message" -> index */
    az_diags *scratch;        /* where resolution reports before sorting */
    json_object *ids;         /* operationId -> index of its first op */
    json_object *owned;       /* nodes the index made (Swagger bodies) */
};

/* Moves `*scratch`'s diagnostics into the defect list, once each,
 * attached to `op` (may be NULL); leaves an empty list in *scratch.
 * Returns the index of the last one, or SIZE_MAX when there was none. */
size_t az__oas_take_defects(az_oas_index *ix, az_oas_operation *op, az_diags **scratch);
/* Attaches the defect at index `idx` to `op`. */
void az__oas_op_add_defect(az_oas_index *ix, az_oas_operation *op, size_t idx);
/* Records a defect at `node` of `src`, attached to `op` (may be NULL). */
void az__oas_defect(az_oas_index *ix, az_oas_operation *op, const az_source *src, json_object *node,
                    const char *code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;
/* Follows `$ref`s, recording failures as defects of `op`; true when the
 * target was reached. */
bool az__oas_follow(az_oas_index *ix, az_oas_operation *op, az_oas_node at, az_oas_node *out);

/* Reads a `content` map into a new media array (NULL when empty). */
az_oas_media *az__oas_read_content(const az_source *src, json_object *content, size_t *n_out);

/* Swagger 2.0: a non-body parameter's style and schema. */
void az__oas_swagger_param(az_oas_index *ix, az_oas_operation *op, az_oas_node param,
                           az_oas_op_param *p);
/* Swagger 2.0: an `in: body` or `in: formData` parameter, kept for
 * az__oas_swagger_finish_body. */
void az__oas_swagger_body_param(az_oas_index *ix, az_oas_operation *op, az_oas_node param);
/* Swagger 2.0: builds the request body model from the parameters kept. */
void az__oas_swagger_finish_body(az_oas_index *ix, az_oas_operation *op);
/* Swagger 2.0: a response's `schema` as one media entry per `produces`. */
az_oas_media *az__oas_swagger_response_content(az_oas_index *ix, az_oas_operation *op,
                                               az_oas_node response, size_t *n_out);

/* Scans every document of the index for dangling `$ref`s and attaches
 * each to the operations that reach it. */
void az__oas_scan_refs(az_oas_index *ix);

#endif /* ARAZZO_OPENAPI_INDEX_INTERNAL_H */
