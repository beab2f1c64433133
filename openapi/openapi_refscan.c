/* SPDX-License-Identifier: Apache-2.0 */
/*
 * openapi_refscan.c - the whole-description `$ref` check: every `$ref` in
 * the indexed document and in the documents it pulls in is resolved once;
 * each dangling one becomes a defect. When there are any, each operation's
 * reachable nodes (through `$ref`s, across files) are walked so the defect
 * is attached to every operation that uses it - an error there - while a
 * defect no operation reaches stays a warning (issue 4: "an error where it
 * matters, a warning elsewhere"). Example values, enums, defaults, consts
 * and extensions are data, not descriptions, and are not scanned; nor are
 * OpenAPI 3.1 schemas that set their own `$id` base.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "openapi_index_internal.h"

/* Adds a node to the set of those seen; true when it was not there yet
 * (and on no memory, false, which stops the walk from looping). */
static bool first_visit(az__oas_pmap *seen, json_object *node)
{
    if (az__oas_pmap_get(seen, node))
        return false;
    return az__oas_pmap_put(seen, node, node) == AZ_OK;
}

/* One node waiting to be walked, with where it lives and how to read it. */
typedef struct frame {
    const az_source *src;
    json_object *node;
    bool example_map; /* members are Example Objects: skip their `value` */
} frame;

typedef struct walk_stack {
    frame *items;
    size_t n, cap;
} walk_stack;

/* Pushes a frame (dropped when out of memory). */
static void push(walk_stack *st, const az_source *src, json_object *node, bool example_map)
{
    if (st->n == st->cap) {
        size_t cap = st->cap ? st->cap * 2 : 64;
        frame *items = realloc(st->items, cap * sizeof(*items));
        if (!items)
            return;
        st->items = items;
        st->cap = cap;
    }
    st->items[st->n++] = (frame){src, node, example_map};
}

/* Tells whether an object member holds data rather than description. */
static bool is_data_member(const char *key)
{
    return strcmp(key, "example") == 0 || strcmp(key, "enum") == 0 || strcmp(key, "const") == 0 ||
           strcmp(key, "default") == 0 || strncmp(key, "x-", 2) == 0;
}

/* Pushes the children of a container that are description, not data. */
static void push_children(walk_stack *st, const frame *f, az_doc_kind kind)
{
    if (json_object_is_type(f->node, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(f->node); i++)
            push(st, f->src, json_object_array_get_idx(f->node, i), false);
        return;
    }
    if (!json_object_is_type(f->node, json_type_object))
        return;
    if (kind == AZ_KIND_OPENAPI_3_1 && az_json_get_string(f->node, "$id"))
        return;
    json_object_object_foreach(f->node, key, child)
    {
        if (is_data_member(key) || (f->example_map && strcmp(key, "value") == 0))
            continue;
        if (strcmp(key, "examples") == 0) {
            /* A schema's `examples` is an array of values; a Media Type's
             * or Parameter's is a map of Example Objects. */
            if (json_object_is_type(child, json_type_object)) {
                json_object_object_foreach(child, name, example)
                {
                    (void)name;
                    push(st, f->src, example, true);
                }
            }
            continue;
        }
        push(st, f->src, child, false);
    }
}

/* Tells whether a `$ref` uses a JSON Pointer fragment (or none): anchors
 * ("#name") are schema business, left to the schema validator. */
static bool pointer_ref(const char *ref)
{
    const char *hash = strchr(ref, '#');
    return !hash || hash[1] == '\0' || hash[1] == '/' || hash[1] == '%';
}

/* A dangling `$ref` found by the scan. */
typedef struct dangling {
    json_object *ref_object; /* the object holding the `$ref` */
    size_t defect;
} dangling;

/* Finds a dangling record by its `$ref` object. */
static const dangling *find_dangling(const dangling *d, size_t n, json_object *obj)
{
    for (size_t i = 0; i < n; i++)
        if (d[i].ref_object == obj)
            return &d[i];
    return NULL;
}

/* Scans the documents of the index; see openapi_index_internal.h. */
void az__oas_scan_refs(az_oas_index *ix)
{
    walk_stack st = {0};
    az__oas_pmap seen = {0};
    dangling *bad = NULL;
    size_t n_bad = 0;

    /* Pass 1: every $ref of every document this index loaded. New
     * documents are appended to the docset while the scan runs. */
    for (size_t d = ix->first_doc; d < az_docset_count(ix->set); d++) {
        const az_source *src = az_docset_get(ix->set, d);
        az_doc_kind kind = az_source_kind(src);
        if (kind == AZ_KIND_ARAZZO || (d != ix->first_doc && !az_source_root(src)))
            continue;
        push(&st, src, az_source_root(src), false);
        while (st.n > 0) {
            frame f = st.items[--st.n];
            json_object *ref_node;
            const char *ref = az__oas_ref_of(f.node, &ref_node);
            if (!ref) {
                push_children(&st, &f, kind);
                continue;
            }
            if (!pointer_ref(ref) || !first_visit(&seen, f.node))
                continue;
            az_oas_node target;
            if (az_oas_ref_resolve(ix->set, f.src, ref, ref_node, ix->scratch, &target) == AZ_OK)
                continue;
            size_t idx = az__oas_take_defects(ix, NULL, &ix->scratch);
            if (idx == SIZE_MAX)
                continue;
            dangling *grown = realloc(bad, (n_bad + 1) * sizeof(*bad));
            if (!grown)
                continue;
            bad = grown;
            bad[n_bad++] = (dangling){f.node, idx};
        }
    }
    if (n_bad == 0)
        goto out;

    /* Pass 2: attach each dangling $ref to the operations reaching it. */
    for (size_t i = 0; i < ix->n_ops; i++) {
        az_oas_operation *op = &ix->ops[i];
        az__oas_pmap_clear(&seen);
        push(&st, op->node.src, op->node.node, false);
        for (size_t p = 0; p < op->n_params; p++)
            push(&st, op->params[p].node.src, op->params[p].node.node, false);
        while (st.n > 0) {
            frame f = st.items[--st.n];
            if (!f.node || !first_visit(&seen, f.node))
                continue;
            json_object *ref_node;
            const char *ref = az__oas_ref_of(f.node, &ref_node);
            if (!ref) {
                push_children(&st, &f, az_source_kind(f.src));
                continue;
            }
            const dangling *hit = find_dangling(bad, n_bad, f.node);
            if (hit) {
                az__oas_op_add_defect(ix, op, hit->defect);
                continue;
            }
            az_oas_node target;
            if (pointer_ref(ref) &&
                az_oas_ref_resolve(ix->set, f.src, ref, ref_node, NULL, &target) == AZ_OK)
                push(&st, target.src, target.node, false);
        }
    }
out:
    free(st.items);
    az__oas_pmap_cleanup(&seen);
    free(bad);
}
