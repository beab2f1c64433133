/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core_json_equal.c - equality of two JSON values as JSON Schema 2020-12
 * (Core section 4.2.2, "instance equality") and RFC 9535 section 2.3.5.2.2
 * define it: null, booleans and strings by value (strings byte for byte),
 * numbers by their mathematical value whatever their json-c type (1 equals
 * 1.0; an integer past 2^53 equals no double that merely rounds to it;
 * NaN equals nothing), arrays element by element, objects by the same set
 * of member names with equal values in any order.
 */
#include "core_internal.h"

#include <string.h>

/* An integer of a json-c node, exact over int64 and uint64. */
typedef struct wide_int {
    bool neg;     /* below zero */
    uint64_t mag; /* the value when !neg, else its two's complement bits */
} wide_int;

/* Reads a json-c integer (json-c keeps values above INT64_MAX as uint64,
 * which json_object_get_int64 clamps to INT64_MAX). */
static wide_int int_of(json_object *v)
{
    int64_t i = json_object_get_int64(v);
    if (i == INT64_MAX)
        return (wide_int){false, json_object_get_uint64(v)};
    return (wide_int){i < 0, (uint64_t)i};
}

/* Tells whether an integer and a double have the same value. */
static bool int_equals_double(wide_int i, double d)
{
    /* Out of range (NaN fails both tests); then integral when converting
     * back and forth (which truncates) keeps the value. */
    if (d >= 0 && d < 18446744073709551616.0) {
        uint64_t u = (uint64_t)d;
        return (double)u == d && !i.neg && u == i.mag;
    }
    if (d < 0 && d >= -9223372036854775808.0) {
        int64_t v = (int64_t)d;
        return (double)v == d && i.neg && (uint64_t)v == i.mag;
    }
    return false;
}

/* Compares two json-c numbers by value. */
static bool numbers_equal(json_object *a, json_object *b)
{
    bool ai = json_object_is_type(a, json_type_int), bi = json_object_is_type(b, json_type_int);
    if (ai && bi) {
        wide_int x = int_of(a), y = int_of(b);
        return x.neg == y.neg && x.mag == y.mag;
    }
    if (ai)
        return int_equals_double(int_of(a), json_object_get_double(b));
    if (bi)
        return int_equals_double(int_of(b), json_object_get_double(a));
    return json_object_get_double(a) == json_object_get_double(b);
}

/* Tells whether a node is a json-c number. */
static bool is_number(json_object *v)
{
    json_type t = json_object_get_type(v);
    return t == json_type_int || t == json_type_double;
}

/* Compares two values at `depth` levels below the compared ones; sets
 * *limit and answers false past `max_depth`. */
static bool equal_at(json_object *a, json_object *b, unsigned depth, unsigned max_depth,
                     bool *limit)
{
    if (depth > max_depth) {
        *limit = true;
        return false;
    }
    if (is_number(a) && is_number(b))
        return numbers_equal(a, b);
    json_type ta = json_object_get_type(a);
    if (ta != json_object_get_type(b))
        return false;
    switch (ta) {
    case json_type_null: return true;
    case json_type_boolean: return json_object_get_boolean(a) == json_object_get_boolean(b);
    case json_type_string: {
        int la = json_object_get_string_len(a);
        return la == json_object_get_string_len(b) &&
               memcmp(json_object_get_string(a), json_object_get_string(b), (size_t)la) == 0;
    }
    case json_type_array: {
        size_t n = json_object_array_length(a);
        if (n != json_object_array_length(b))
            return false;
        for (size_t i = 0; i < n; i++) {
            if (!equal_at(json_object_array_get_idx(a, i), json_object_array_get_idx(b, i),
                          depth + 1, max_depth, limit))
                return false;
        }
        return true;
    }
    case json_type_object: {
        if (json_object_object_length(a) != json_object_object_length(b))
            return false;
        json_object_object_foreach(a, key, va)
        {
            json_object *vb = NULL;
            if (!json_object_object_get_ex(b, key, &vb) ||
                !equal_at(va, vb, depth + 1, max_depth, limit))
                return false;
        }
        return true;
    }
    default: return false;
    }
}

/* Compares two values under a nesting limit; see core.h. */
az_status az_json_equal_limited(json_object *a, json_object *b, unsigned max_depth, bool *equal)
{
    bool limit = false;
    *equal = equal_at(a, b, 0, max_depth, &limit);
    if (limit) {
        *equal = false;
        return AZ_ERR_LIMIT;
    }
    return AZ_OK;
}

/* Compares two values; see core.h. */
bool az_json_equal(json_object *a, json_object *b)
{
    bool equal = false;
    return az_json_equal_limited(a, b, AZ_JSON_EQUAL_MAX_DEPTH, &equal) == AZ_OK && equal;
}
