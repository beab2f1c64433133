/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core_json_member.c - reading one member of a JSON object node, whatever
 * the node is: the lookups every module makes on loaded documents, where a
 * node that is not an object, or lacks the member, reads as absent.
 */
#include <arazzo/core.h>

/* Returns member `key` of an object node (borrowed), or NULL; see core.h. */
json_object *az_json_get(json_object *obj, const char *key)
{
    json_object *v = NULL;
    if (json_object_is_type(obj, json_type_object))
        json_object_object_get_ex(obj, key, &v);
    return v;
}

/* Returns the string member `key` of an object node, or NULL; see core.h. */
const char *az_json_get_string(json_object *obj, const char *key)
{
    json_object *v = az_json_get(obj, key);
    return json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

/* Returns the boolean member `key` of an object node, or `def`; see core.h. */
bool az_json_get_bool(json_object *obj, const char *key, bool def)
{
    json_object *v = az_json_get(obj, key);
    return json_object_is_type(v, json_type_boolean) ? json_object_get_boolean(v) : def;
}
