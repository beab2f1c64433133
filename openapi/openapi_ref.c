/* SPDX-License-Identifier: Apache-2.0 */
/*
 * openapi_ref.c - `$ref` resolution in OpenAPI and Swagger descriptions:
 * splitting a reference into document and fragment, loading the document
 * through the docset, walking the fragment as an RFC 6901 JSON Pointer
 * (percent-encoded or not, ~0/~1 escapes), and following chains of
 * references with cycle detection. Every failure is reported at the `$ref`
 * value's file:line:col and names the pointer token that was missing.
 */
#include <stdlib.h>
#include <string.h>

#include "openapi_internal.h"

/* Longest chain of references to references followed before giving up. */
#define MAX_REF_HOPS 64

/* Position of a node of a source, or the document itself when unknown. */
static az_pos node_pos(const az_source *src, json_object *node)
{
    az_pos pos = {az_source_name(src), 0, 0};
    if (node)
        az_doc_node_pos(az_source_doc(src), node, &pos);
    return pos;
}

/*
 * Walks a decoded JSON Pointer from `root`. On a miss, stores in *error a
 * message naming the deepest place that exists and the token missing
 * there. Returns AZ_OK, AZ_ERR_NOT_FOUND or AZ_ERR_INVALID.
 */
static az_status walk_pointer(json_object *root, const char *pointer, json_object **out,
                              char **error)
{
    json_object *cur = root;
    const char *p = pointer;
    if (*p == '\0') {
        *out = root;
        return AZ_OK;
    }
    if (*p != '/') {
        az__oas_set_error(error, "'%s' is not a JSON Pointer (it must start with '/')", pointer);
        return AZ_ERR_INVALID;
    }
    while (*p == '/') {
        p++;
        size_t len = strcspn(p, "/");
        az_buf tok = {0};
        for (size_t i = 0; i < len; i++) {
            if (p[i] == '~' && i + 1 < len && (p[i + 1] == '0' || p[i + 1] == '1')) {
                az_buf_add(&tok, p[i + 1] == '0' ? "~" : "/", 1);
                i++;
            } else {
                az_buf_add(&tok, p + i, 1);
            }
        }
        char *name = az_buf_take(&tok);
        if (!name)
            name = strdup("");
        if (!name)
            return AZ_ERR_NOMEM;
        json_object *next = NULL;
        bool found = false;
        if (json_object_is_type(cur, json_type_object)) {
            found = json_object_object_get_ex(cur, name, &next);
        } else if (json_object_is_type(cur, json_type_array)) {
            char *end = NULL;
            unsigned long idx = strtoul(name, &end, 10);
            found = name[0] >= '0' && name[0] <= '9' && *end == '\0' &&
                    (name[0] != '0' || name[1] == '\0') && idx < json_object_array_length(cur);
            if (found)
                next = json_object_array_get_idx(cur, idx);
        }
        if (!found) {
            int upto = (int)(p - 1 - pointer);
            az__oas_set_error(error, "%s%.*s has no member '%s'", upto ? "" : "the document root",
                              upto, pointer, name);
            free(name);
            return AZ_ERR_NOT_FOUND;
        }
        free(name);
        cur = next;
        p += len;
    }
    *out = cur;
    return AZ_OK;
}

/* Resolves one reference string; see openapi.h. */
az_status az_oas_ref_resolve(az_docset *set, const az_source *from, const char *ref,
                             json_object *where, az_diags *diags, az_oas_node *out)
{
    const az_source *target = from;
    char *pointer = NULL, *error = NULL;
    az_status st = AZ_OK;
    out->src = NULL;
    out->node = NULL;

    const char *hash = strchr(ref, '#');
    size_t doc_len = hash ? (size_t)(hash - ref) : strlen(ref);
    if (doc_len > 0) {
        char *doc_ref = strndup(ref, doc_len);
        if (!doc_ref)
            return AZ_ERR_NOMEM;
        az_pos at = node_pos(from, where);
        az_diags *scratch = az_diags_new();
        st = scratch ? az_docset_load(set, doc_ref, from, where ? &at : NULL, scratch, &target)
                     : AZ_ERR_NOMEM;
        for (size_t i = 0; scratch && i < az_diags_count(scratch); i++) {
            const az_diag *d = az_diags_get(scratch, i);
            az_diag *copy = diags ? az_diags_add_copy(diags, d, d->severity) : NULL;
            /* Give the $ref's own line when the failure is reported there. */
            if (copy && !copy->source_line && copy->line == at.line && at.line) {
                size_t len = 0;
                const char *line = az_doc_line_text(az_source_doc(from), at.line, &len);
                if (line)
                    az_diag_set_source_line(copy, line, len);
            }
        }
        if (st == AZ_ERR_IO && scratch && az_diags_count(scratch) == 0)
            az_doc_node_diag(az_source_doc(from), diags, AZ_SEVERITY_ERROR, "oas-ref-load", where,
                             "$ref '%s': the document failed to load", ref);
        az_diags_free(scratch);
        free(doc_ref);
        if (st != AZ_OK)
            return st;
    }
    pointer = hash ? az_percent_decode(hash + 1, strlen(hash + 1), NULL) : strdup("");
    if (!pointer)
        return AZ_ERR_NOMEM;
    json_object *node = NULL;
    st = walk_pointer(az_source_root(target), pointer, &node, &error);
    if (st == AZ_ERR_NOT_FOUND)
        az_doc_node_diag(az_source_doc(from), diags, AZ_SEVERITY_ERROR, "oas-ref-dangling", where,
                         "dangling $ref '%s': %s%s%s", ref,
                         target != from ? az_source_name(target) : "", target != from ? ": " : "",
                         error ? error : "not found");
    else if (st == AZ_ERR_INVALID)
        az_doc_node_diag(az_source_doc(from), diags, AZ_SEVERITY_ERROR, "oas-ref-invalid", where,
                         "invalid $ref '%s': %s", ref, error ? error : "malformed");
    if (st == AZ_OK) {
        out->src = target;
        out->node = node;
    }
    free(pointer);
    free(error);
    return st;
}

/* Returns the `$ref` string member of an object, or NULL. */
const char *az__oas_ref_of(json_object *node, json_object **ref_node)
{
    json_object *ref;
    if (!json_object_is_type(node, json_type_object) ||
        !json_object_object_get_ex(node, "$ref", &ref) ||
        !json_object_is_type(ref, json_type_string))
        return NULL;
    if (ref_node)
        *ref_node = ref;
    return json_object_get_string(ref);
}

/* Follows a chain of references; see openapi.h. */
az_status az_oas_ref_follow(az_docset *set, az_oas_node at, az_diags *diags, az_oas_node *out)
{
    json_object *seen[MAX_REF_HOPS];
    size_t n_seen = 0;
    az_oas_node cur = at;
    json_object *ref_node = NULL;
    const char *ref;
    *out = at;
    while ((ref = az__oas_ref_of(cur.node, &ref_node)) != NULL) {
        for (size_t i = 0; i < n_seen; i++) {
            if (seen[i] == cur.node) {
                json_object *first_ref = NULL;
                az__oas_ref_of(at.node, &first_ref);
                az_doc_node_diag(az_source_doc(at.src), diags, AZ_SEVERITY_ERROR, "oas-ref-cycle",
                                 first_ref,
                                 "$ref cycle: '%s' leads back to itself without reaching an object",
                                 az__oas_ref_of(at.node, NULL));
                return AZ_ERR_INVALID;
            }
        }
        if (n_seen == MAX_REF_HOPS) {
            json_object *first_ref = NULL;
            az__oas_ref_of(at.node, &first_ref);
            az_doc_node_diag(az_source_doc(at.src), diags, AZ_SEVERITY_ERROR, "oas-ref-cycle",
                             first_ref, "$ref chain longer than %d references", MAX_REF_HOPS);
            return AZ_ERR_LIMIT;
        }
        seen[n_seen++] = cur.node;
        az_oas_node next;
        az_status st = az_oas_ref_resolve(set, cur.src, ref, ref_node, diags, &next);
        if (st != AZ_OK)
            return st;
        cur = next;
    }
    *out = cur;
    return AZ_OK;
}
