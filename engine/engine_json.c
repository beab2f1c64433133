/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine_json.c - structural copies of JSON values: new containers all the
 * way down, scalars shared (they are never modified). json-c's own deep
 * copy refuses the loader's nodes (they carry a serializer), and values
 * read from documents, inputs or responses must never be modified in place
 * (checklist PR-06).
 */
#include "engine_run_internal.h"

/* Copies a value's containers; see engine_run_internal.h. */
json_object *az__json_copy(json_object *v)
{
    json_object *out = NULL;
    switch (json_object_get_type(v)) {
    case json_type_object:
        if (!(out = json_object_new_object()))
            return NULL;
        json_object_object_foreach(v, key, child)
        {
            json_object *c = az__json_copy(child);
            if (child && !c) {
                json_object_put(out);
                return NULL;
            }
            json_object_object_add(out, key, c);
        }
        return out;
    case json_type_array:
        if (!(out = json_object_new_array()))
            return NULL;
        for (size_t i = 0; i < json_object_array_length(v); i++) {
            json_object *item = json_object_array_get_idx(v, i), *c = az__json_copy(item);
            if (item && !c) {
                json_object_put(out);
                return NULL;
            }
            json_object_array_add(out, c);
        }
        return out;
    default: return json_object_get(v);
    }
}
