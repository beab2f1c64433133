/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_yaml.c - the YAML loader (core_yaml.c): core-schema resolution of
 * plain scalars, quoted and block scalars, explicit tags, anchors and
 * aliases (sharing, redefinition, unknown and recursive aliases, the alias
 * node limit and "billion laughs"), merge keys, string keys, complex and
 * duplicate keys, multiple documents, empty streams, the depth limit on
 * 100,000-deep input, libyaml's own errors (syntax, invalid UTF-8, control
 * characters), node and key positions (block, flow, nested, multi-line,
 * nulls, CRLF, BOM), JSON Pointers in errors, and robustness on garbage.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core_internal.h"

/* Loads `len` bytes (strlen when 0) as t.yaml with options `opts`. */
static az_status load(const char *text, size_t len, const az_load_opts *opts, az_diags *diags,
                      az_doc **doc)
{
    az_load_opts defaults;
    if (opts == NULL) {
        az_load_opts_init(&defaults);
        defaults.format = AZ_FORMAT_YAML;
        opts = &defaults;
    }
    return az_doc_load_buffer("t.yaml", text, len ? len : strlen(text), opts, diags, doc);
}

/* Loads a document that must be valid; fails the test with the first diagnostic. */
static az_doc *load_ok(const char *text)
{
    az_doc *doc = NULL;
    az_diags *diags = az_diags_new();
    az_status st = load(text, 0, NULL, diags, &doc);
    if (st != AZ_OK)
        fail_msg("'%s': %s at %u:%u", text, az_diags_get(diags, 0)->message,
                 az_diags_get(diags, 0)->line, az_diags_get(diags, 0)->column);
    assert_int_equal(az_diags_count(diags), 0);
    az_diags_free(diags);
    return doc;
}

/*
 * Loads a document that must fail with `status` and a first diagnostic of
 * `code` at (line, column); returns the list for further checks.
 */
static az_diags *load_err(const char *text, size_t len, const az_load_opts *opts, az_status status,
                          const char *code, uint32_t line, uint32_t column)
{
    az_doc *doc = (az_doc *)1;
    az_diags *diags = az_diags_new();
    az_status st = load(text, len, opts, diags, &doc);
    if (st != status)
        fail_msg("'%s': status %s, expected %s (%s)", text, az_status_name(st),
                 az_status_name(status),
                 az_diags_count(diags) ? az_diags_get(diags, 0)->message : "no diagnostic");
    assert_null(doc);
    assert_int_equal(az_diags_count(diags), 1);
    const az_diag *d = az_diags_get(diags, 0);
    if (strcmp(d->code, code) != 0 || d->line != line || d->column != column)
        fail_msg("'%s': got %s at %u:%u (%s), expected %s at %u:%u", text, d->code, d->line,
                 d->column, d->message, code, line, column);
    assert_int_equal(d->severity, AZ_SEVERITY_ERROR);
    assert_string_equal(d->file, "t.yaml");
    return diags;
}

/* Returns the node at `pointer` (borrowed; NULL for a null), which must exist. */
static json_object *get(const az_doc *doc, const char *pointer)
{
    json_object *node = NULL;
    if (az_pointer_get(az_doc_root(doc), pointer, &node) != AZ_OK)
        fail_msg("no node at '%s'", pointer);
    return node;
}

/* Asserts the value and key positions (key 0:0 = none) of the node at `pointer`. */
static void assert_pos(const az_doc *doc, const char *pointer, uint32_t line, uint32_t column,
                       uint32_t key_line, uint32_t key_column)
{
    az_pos v, k;
    if (az_doc_pointer_pos(doc, pointer, &v, &k) != AZ_OK)
        fail_msg("no position at '%s'", pointer);
    if (v.line != line || v.column != column || k.line != key_line || k.column != key_column)
        fail_msg("'%s': value at %u:%u key at %u:%u, expected %u:%u and %u:%u", pointer, v.line,
                 v.column, k.line, k.column, line, column, key_line, key_column);
}

/* Plain scalars: the core schema's null, bool, int and float forms; the rest are strings. */
static void test_plain_scalars(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        json_type type;
        int64_t i;     /* json_type_int, json_type_boolean */
        double d;      /* json_type_double; NAN for a NaN */
        const char *s; /* json_type_string */
    } cases[] = {
        {"null", json_type_null, 0, 0, NULL},
        {"Null", json_type_null, 0, 0, NULL},
        {"NULL", json_type_null, 0, 0, NULL},
        {"~", json_type_null, 0, 0, NULL},
        {"", json_type_null, 0, 0, NULL},
        {"nULL", json_type_string, 0, 0, "nULL"},
        {"nil", json_type_string, 0, 0, "nil"},
        {"true", json_type_boolean, 1, 0, NULL},
        {"True", json_type_boolean, 1, 0, NULL},
        {"TRUE", json_type_boolean, 1, 0, NULL},
        {"false", json_type_boolean, 0, 0, NULL},
        {"False", json_type_boolean, 0, 0, NULL},
        {"FALSE", json_type_boolean, 0, 0, NULL},
        {"tRUE", json_type_string, 0, 0, "tRUE"},
        {"yes", json_type_string, 0, 0, "yes"},
        {"no", json_type_string, 0, 0, "no"},
        {"on", json_type_string, 0, 0, "on"},
        {"off", json_type_string, 0, 0, "off"},
        {"y", json_type_string, 0, 0, "y"},
        {"n", json_type_string, 0, 0, "n"},
        {"0", json_type_int, 0, 0, NULL},
        {"-0", json_type_int, 0, 0, NULL},
        {"42", json_type_int, 42, 0, NULL},
        {"-17", json_type_int, -17, 0, NULL},
        {"+12", json_type_int, 12, 0, NULL},
        {"007", json_type_int, 7, 0, NULL},
        {"0o17", json_type_int, 15, 0, NULL},
        {"0x1F", json_type_int, 31, 0, NULL},
        {"0xff", json_type_int, 255, 0, NULL},
        {"9223372036854775807", json_type_int, INT64_MAX, 0, NULL},
        {"-9223372036854775808", json_type_int, INT64_MIN, 0, NULL},
        {"9223372036854775808", json_type_double, 0, 9223372036854775808.0, NULL},
        {"-9223372036854775809", json_type_double, 0, -9223372036854775809.0, NULL},
        {"0x7FFFFFFFFFFFFFFF", json_type_int, INT64_MAX, 0, NULL},
        {"0xFFFFFFFFFFFFFFFFF", json_type_double, 0, 295147905179352825856.0, NULL},
        {"0o7777777777777777777777", json_type_double, 0, 73786976294838206463.0, NULL},
        {"1.5", json_type_double, 0, 1.5, NULL},
        {".5", json_type_double, 0, 0.5, NULL},
        {"-.5", json_type_double, 0, -0.5, NULL},
        {"1.", json_type_double, 0, 1.0, NULL},
        {"1e3", json_type_double, 0, 1000.0, NULL},
        {"-1.5E-2", json_type_double, 0, -0.015, NULL},
        {"+2.5e+1", json_type_double, 0, 25.0, NULL},
        {".inf", json_type_double, 0, INFINITY, NULL},
        {"+.Inf", json_type_double, 0, INFINITY, NULL},
        {"-.INF", json_type_double, 0, -INFINITY, NULL},
        {".nan", json_type_double, 0, NAN, NULL},
        {".NaN", json_type_double, 0, NAN, NULL},
        {".NAN", json_type_double, 0, NAN, NULL},
        {"-.nan", json_type_string, 0, 0, "-.nan"},
        {".infinity", json_type_string, 0, 0, ".infinity"},
        {"0x", json_type_string, 0, 0, "0x"},
        {"0o8", json_type_string, 0, 0, "0o8"},
        {"-0x1", json_type_string, 0, 0, "-0x1"},
        {"0b101", json_type_string, 0, 0, "0b101"},
        {"1_000", json_type_string, 0, 0, "1_000"},
        {"1e", json_type_string, 0, 0, "1e"},
        {"1.2.3", json_type_string, 0, 0, "1.2.3"},
        {".", json_type_string, 0, 0, "."},
        {"+", json_type_string, 0, 0, "+"},
        {"12abc", json_type_string, 0, 0, "12abc"},
        {"1.0.0", json_type_string, 0, 0, "1.0.0"},
        {"hello world", json_type_string, 0, 0, "hello world"},
        {"caf\xc3\xa9", json_type_string, 0, 0, "caf\xc3\xa9"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[128];
        snprintf(text, sizeof text, "v: %s\n", cases[i].in);
        az_doc *doc = load_ok(text);
        json_object *v = get(doc, "/v");
        if (json_object_get_type(v) != cases[i].type)
            fail_msg("case %zu '%s': type %s", i, cases[i].in,
                     json_type_to_name(json_object_get_type(v)));
        switch (cases[i].type) {
        case json_type_null: break;
        case json_type_boolean: assert_int_equal(json_object_get_boolean(v), cases[i].i); break;
        case json_type_int:
            if (json_object_get_int64(v) != cases[i].i)
                fail_msg("case %zu '%s': %lld", i, cases[i].in,
                         (long long)json_object_get_int64(v));
            break;
        case json_type_double:
            if (isnan(cases[i].d))
                assert_true(isnan(json_object_get_double(v)));
            else if (json_object_get_double(v) != cases[i].d)
                fail_msg("case %zu '%s': %g", i, cases[i].in, json_object_get_double(v));
            break;
        case json_type_string: assert_string_equal(json_object_get_string(v), cases[i].s); break;
        default: fail();
        }
        az_doc_free(doc);
    }
}

/* Quoted and block scalars are strings whatever they look like; NUL bytes survive. */
static void test_non_plain_scalars(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *s;
        int len;
    } cases[] = {
        {"v: '12'\n", "12", 2},         {"v: \"true\"\n", "true", 4},
        {"v: 'null'\n", "null", 4},     {"v: ''\n", "", 0},
        {"v: \"~\"\n", "~", 1},         {"v: |\n  12\n", "12\n", 3},
        {"v: >-\n  null\n", "null", 4}, {"v: |-\n  a\n  b\n", "a\nb", 3},
        {"v: \"a\\0b\"\n", "a\0b", 3},  {"v: \"\\x00\"\n", "\0", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        az_doc *doc = load_ok(cases[i].in);
        json_object *v = get(doc, "/v");
        assert_int_equal(json_object_get_type(v), json_type_string);
        assert_int_equal(json_object_get_string_len(v), cases[i].len);
        assert_memory_equal(json_object_get_string(v), cases[i].s, (size_t)cases[i].len + 1);
        az_doc_free(doc);
    }
}

/* Explicit tags that fit their node: the tag decides the type. */
static void test_tags(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        json_type type;
        int64_t i;
        double d;
        const char *s;
    } cases[] = {
        {"v: !!str 12\n", json_type_string, 0, 0, "12"},
        {"v: !!str true\n", json_type_string, 0, 0, "true"},
        {"v: !!str\n", json_type_string, 0, 0, ""},
        {"v: ! 12\n", json_type_string, 0, 0, "12"},
        {"v: ! null\n", json_type_string, 0, 0, "null"},
        {"v: !!int \"12\"\n", json_type_int, 12, 0, NULL},
        {"v: !!int 0x10\n", json_type_int, 16, 0, NULL},
        {"v: !!int -3\n", json_type_int, -3, 0, NULL},
        {"v: !!float 1\n", json_type_double, 0, 1.0, NULL},
        {"v: !!float '0x10'\n", json_type_double, 0, 16.0, NULL},
        {"v: !!float 2.5\n", json_type_double, 0, 2.5, NULL},
        {"v: !!float .inf\n", json_type_double, 0, INFINITY, NULL},
        {"v: !!bool \"true\"\n", json_type_boolean, 1, 0, NULL},
        {"v: !!bool FALSE\n", json_type_boolean, 0, 0, NULL},
        {"v: !!null ''\n", json_type_null, 0, 0, NULL},
        {"v: !!null ~\n", json_type_null, 0, 0, NULL},
        {"v: !<tag:yaml.org,2002:int> 7\n", json_type_int, 7, 0, NULL},
        {"%TAG !y! tag:yaml.org,2002:\n---\nv: !y!int 8\n", json_type_int, 8, 0, NULL},
        {"v: !!map {a: 1}\n", json_type_object, 0, 0, NULL},
        {"v: !!seq [1]\n", json_type_array, 0, 0, NULL},
        {"v: ! [1]\n", json_type_array, 0, 0, NULL},
        {"v: ! {a: 1}\n", json_type_object, 0, 0, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        az_doc *doc = load_ok(cases[i].in);
        json_object *v = get(doc, "/v");
        if (json_object_get_type(v) != cases[i].type)
            fail_msg("case %zu '%s': type %s", i, cases[i].in,
                     json_type_to_name(json_object_get_type(v)));
        if (cases[i].type == json_type_int || cases[i].type == json_type_boolean)
            assert_true(json_object_get_int64(v) == cases[i].i);
        if (cases[i].type == json_type_double)
            assert_true(json_object_get_double(v) == cases[i].d);
        if (cases[i].type == json_type_string)
            assert_string_equal(json_object_get_string(v), cases[i].s);
        az_doc_free(doc);
    }
}

/* Tags that do not fit their node, or are unknown, are errors at the node. */
static void test_tag_errors(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *code;
        uint32_t line, column;
        const char *message;
    } cases[] = {
        {"v: !!int abc\n", "yaml-bad-tagged-value", 1, 4, "'abc' is not a valid !!int"},
        {"v: !!int 1.5\n", "yaml-bad-tagged-value", 1, 4, "'1.5' is not a valid !!int"},
        {"v: !!float abc\n", "yaml-bad-tagged-value", 1, 4, "'abc' is not a valid !!float"},
        {"v: !!bool yes\n", "yaml-bad-tagged-value", 1, 4, "'yes' is not a valid !!bool"},
        {"v: !!null 0\n", "yaml-bad-tagged-value", 1, 4, "'0' is not a valid !!null"},
        {"a: 1\nv: !!map 1\n", "yaml-tag-mismatch", 2, 4, "tag '!!map' cannot apply to a scalar"},
        {"v: !!seq {a: 1}\n", "yaml-tag-mismatch", 1, 4, "tag '!!seq' cannot apply to a mapping"},
        {"v: !!map [1]\n", "yaml-tag-mismatch", 1, 4, "tag '!!map' cannot apply to a sequence"},
        {"v: !!str [1]\n", "yaml-tag-mismatch", 1, 4, "tag '!!str' cannot apply to a sequence"},
        {"v:\n  - !!merge x\n", "yaml-tag-mismatch", 2, 5,
         "tag '!!merge' cannot apply to a scalar value (only to a mapping key)"},
        {"v: !foo 1\n", "yaml-unknown-tag", 1, 4, "unknown tag '!foo'"},
        {"v: !!binary aGk=\n", "yaml-unknown-tag", 1, 4, "unknown tag '!!binary'"},
        {"v: !!timestamp 2001-12-14\n", "yaml-unknown-tag", 1, 4, "unknown tag '!!timestamp'"},
        {"v: !!set {a: }\n", "yaml-unknown-tag", 1, 4, "unknown tag '!!set'"},
        {"v: !!omap [a: 1]\n", "yaml-unknown-tag", 1, 4, "unknown tag '!!omap'"},
        {"v: !<tag:example.com,2000:x> 1\n", "yaml-unknown-tag", 1, 4,
         "unknown tag 'tag:example.com,2000:x'"},
        {"!!int abc: 1\n", "yaml-bad-tagged-value", 1, 1, "'abc' is not a valid !!int"},
        {"!foo k: 1\n", "yaml-unknown-tag", 1, 1, "unknown tag '!foo'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        az_diags *diags = load_err(cases[i].in, 0, NULL, AZ_ERR_SYNTAX, cases[i].code,
                                   cases[i].line, cases[i].column);
        assert_string_equal(az_diags_get(diags, 0)->message, cases[i].message);
        az_diags_free(diags);
    }
}

/* Mapping keys are strings whatever they look like. */
static void test_keys_are_strings(void **state)
{
    (void)state;
    az_doc *doc = load_ok("1: a\ntrue: b\n~: c\n1.5: d\n0x10: e\n'q': f\n? g\n: h\n\"\": i\n");
    json_object *root = az_doc_root(doc);
    static const char *keys[] = {"1", "true", "~", "1.5", "0x10", "q", "g", ""};
    static const char *values[] = {"a", "b", "c", "d", "e", "f", "h", "i"};
    assert_int_equal(json_object_object_length(root), 8);
    for (size_t i = 0; i < 8; i++) {
        json_object *v = NULL;
        if (!json_object_object_get_ex(root, keys[i], &v))
            fail_msg("no key '%s'", keys[i]);
        assert_string_equal(json_object_get_string(v), values[i]);
    }
    assert_pos(doc, "/0x10", 5, 7, 5, 1);
    az_doc_free(doc);
}

/* A mapping or sequence in key position is yaml-complex-key at the key. */
static void test_complex_key(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        uint32_t line, column;
    } cases[] = {
        {"? [a]\n: 1\n", 1, 3},        {"[a]: 1\n", 1, 1},
        {"x: 1\n{a: 1}: x\n", 2, 1},   {"m:\n  ? {a: 1}\n  : 2\n", 2, 5},
        {"a: &x [1]\n*x : 2\n", 2, 1}, {"a: &x {k: v}\nb: {*x : 2}\n", 2, 5},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        az_diags_free(load_err(cases[i].in, 0, NULL, AZ_ERR_SYNTAX, "yaml-complex-key",
                               cases[i].line, cases[i].column));
}

/* An alias to a scalar can be a key: the anchored scalar's text; an anchored key can be a value. */
/* The fuzzer's reproducer: an anchored key aliased as its own value. */
static void test_alias_of_anchored_key(void **state)
{
    (void)state;
    az_doc *doc = load_ok("a:\n  &a lf: *a");
    assert_string_equal(json_object_get_string(get(doc, "/a/lf")), "lf");
    assert_pos(doc, "/a/lf", 2, 10, 2, 3);
    az_doc_free(doc);
}

static void test_alias_keys(void **state)
{
    (void)state;
    az_doc *doc = load_ok("a: &k name\n*k : 2\n&n 12: x\nv: *n\nw: &e\n*e : empty\n");
    assert_int_equal(json_object_get_int(get(doc, "/name")), 2);
    assert_pos(doc, "/name", 2, 6, 2, 1);
    /* The anchored key "12" is, as a value, the int its text resolves to. */
    assert_int_equal(json_object_get_type(get(doc, "/v")), json_type_int);
    assert_int_equal(json_object_get_int(get(doc, "/v")), 12);
    /* Placed through an alias: at the alias, under the key "v" (fuzzer
     * finding: the first place of the node is a key, which has no key). */
    assert_pos(doc, "/v", 4, 4, 4, 1);
    assert_string_equal(json_object_get_string(get(doc, "/12")), "x");
    assert_string_equal(json_object_get_string(get(doc, "/")), "empty");
    az_doc_free(doc);
}

/* An alias shares the anchored node, which keeps the anchor's position. */
static void test_anchor_alias(void **state)
{
    (void)state;
    az_doc *doc = load_ok("a: &x {k: 1}\nb: *x\nc: [*x, &s str, *s]\nd: &n\ne: *n\n");
    json_object *a = get(doc, "/a");
    assert_ptr_equal(a, get(doc, "/b"));
    assert_ptr_equal(a, get(doc, "/c/0"));
    assert_string_equal(json_object_get_string(get(doc, "/c/2")), "str");
    assert_ptr_equal(get(doc, "/c/1"), get(doc, "/c/2"));
    /* A place reached through an alias is at the alias, under its own key. */
    assert_pos(doc, "/a", 1, 4, 1, 1);
    assert_pos(doc, "/b", 2, 4, 2, 1);
    assert_pos(doc, "/b/k", 1, 11, 1, 8);
    assert_pos(doc, "/c/0", 3, 5, 0, 0);
    assert_pos(doc, "/c/1", 3, 9, 0, 0);
    assert_pos(doc, "/c/2", 3, 17, 0, 0);
    /* A null alias: null, at the alias, under its own key. */
    assert_null(get(doc, "/e"));
    assert_pos(doc, "/e", 5, 4, 5, 1);
    az_doc_free(doc);
}

/* A redefined anchor name refers to the latest definition from then on. */
static void test_anchor_redefined(void **state)
{
    (void)state;
    az_doc *doc = load_ok("a: &x 1\nb: *x\nc: &x [2]\nd: *x\ne: &x [&x 3, *x]\nf: *x\n");
    assert_int_equal(json_object_get_int(get(doc, "/b")), 1);
    assert_ptr_equal(get(doc, "/c"), get(doc, "/d"));
    assert_int_equal(json_object_get_int(get(doc, "/e/1")), 3);
    assert_ptr_equal(get(doc, "/e"), get(doc, "/f"));
    az_doc_free(doc);
}

/* Unknown anchors and aliases to an enclosing node are errors at the alias. */
static void test_alias_errors(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *code;
        uint32_t line, column;
        const char *pointer;
        const char *message;
    } cases[] = {
        {"a: 1\nb: *nope\n", "yaml-unknown-anchor", 2, 4, "/b",
         "unknown anchor 'nope' in alias '*nope'"},
        {"a: *x\nb: &x 1\n", "yaml-unknown-anchor", 1, 4, "/a", "unknown anchor 'x' in alias '*x'"},
        {"a: &x [1, *x]\n", "yaml-recursive-alias", 1, 11, "/a/1",
         "alias '*x' refers to a node that contains it"},
        {"a: &x\n  b:\n    c: *x\n", "yaml-recursive-alias", 3, 8, "/a/b/c",
         "alias '*x' refers to a node that contains it"},
        {"a: &x 1\nb: &x [*x]\n", "yaml-recursive-alias", 2, 8, "/b/0",
         "alias '*x' refers to a node that contains it"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        az_diags *diags = load_err(cases[i].in, 0, NULL, AZ_ERR_SYNTAX, cases[i].code,
                                   cases[i].line, cases[i].column);
        assert_string_equal(az_diags_get(diags, 0)->pointer, cases[i].pointer);
        assert_string_equal(az_diags_get(diags, 0)->message, cases[i].message);
        az_diags_free(diags);
    }
}

/* Each alias adds its anchor's subtree size; passing the limit fails at the alias. */
static void test_alias_limit(void **state)
{
    (void)state;
    const char *text = "a: &x [1, 2, 3]\nb: *x\nc: *x\n";
    az_load_opts opts;
    az_load_opts_init(&opts);
    opts.format = AZ_FORMAT_YAML;
    opts.max_alias_nodes = 8; /* two aliases of 4 nodes each */
    az_doc *doc = NULL;
    assert_int_equal(load(text, 0, &opts, NULL, &doc), AZ_OK);
    az_doc_free(doc);

    opts.max_alias_nodes = 7;
    az_diags *diags = load_err(text, 0, &opts, AZ_ERR_LIMIT, "yaml-alias-limit", 3, 4);
    assert_non_null(strstr(az_diags_get(diags, 0)->message, "more than 7 nodes"));
    assert_non_null(strstr(az_diags_get(diags, 0)->message, "max_alias_nodes"));
    assert_string_equal(az_diags_get(diags, 0)->pointer, "/c");
    az_diags_free(diags);

    /* Counts are of expanded subtrees: an alias to a node holding aliases. */
    opts.max_alias_nodes = 4 + 4 + 9; /* *y is 1 + 4 + 4 nodes */
    text = "a: &x [1, 2, 3]\nb: &y [*x, *x]\nc: *y\n";
    assert_int_equal(load(text, 0, &opts, NULL, &doc), AZ_OK);
    az_doc_free(doc);
    opts.max_alias_nodes = 4 + 4 + 8;
    az_diags_free(load_err(text, 0, &opts, AZ_ERR_LIMIT, "yaml-alias-limit", 3, 4));
}

/* The "billion laughs" document fails with yaml-alias-limit, fast. */
static void test_billion_laughs(void **state)
{
    (void)state;
    char text[2048];
    size_t n = 0;
    n += (size_t)snprintf(text + n, sizeof text - n, "a: &a [");
    for (int i = 0; i < 10; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "%s\"lol\"", i ? ", " : "");
    n += (size_t)snprintf(text + n, sizeof text - n, "]\n");
    for (char c = 'b'; c <= 'j'; c++) {
        n += (size_t)snprintf(text + n, sizeof text - n, "%c: &%c [", c, c);
        for (int i = 0; i < 10; i++)
            n += (size_t)snprintf(text + n, sizeof text - n, "%s*%c", i ? ", " : "", c - 1);
        n += (size_t)snprintf(text + n, sizeof text - n, "]\n");
    }
    clock_t start = clock();
    /* Levels b to e add 123,340 nodes; the 8th *e (111,111 each) passes 1,000,000. */
    az_diags *diags = load_err(text, 0, NULL, AZ_ERR_LIMIT, "yaml-alias-limit", 6, 36);
    double secs = (double)(clock() - start) / CLOCKS_PER_SEC;
    if (secs > 0.5)
        fail_msg("billion laughs took %.2f s", secs);
    az_diags_free(diags);
}

/* Merge keys: explicit keys win wherever they are; merged members are shared. */
static void test_merge_override(void **state)
{
    (void)state;
    az_doc *doc = load_ok("base: &b {a: 1, b: 2, n: null, z: ~}\n"
                          "m:\n"
                          "  a: 10\n"
                          "  <<: *b\n"
                          "  z: 30\n");
    json_object *m = get(doc, "/m");
    assert_int_equal(json_object_object_length(m), 4);
    assert_false(json_object_object_get_ex(m, "<<", NULL));
    assert_int_equal(json_object_get_int(get(doc, "/m/a")), 10);
    assert_int_equal(json_object_get_int(get(doc, "/m/z")), 30);
    assert_ptr_equal(get(doc, "/m/b"), get(doc, "/base/b"));
    assert_int_equal(json_object_get_int(get(doc, "/m/b")), 2);
    assert_null(get(doc, "/m/n"));
    /* Merged members keep their positions in the source, nulls included. */
    assert_pos(doc, "/m/b", 1, 20, 1, 17);
    assert_pos(doc, "/m/n", 1, 26, 1, 23);
    assert_pos(doc, "/m/a", 3, 6, 3, 3);
    assert_pos(doc, "/m/z", 5, 6, 5, 3);
    az_doc_free(doc);
}

/* A sequence of merge sources: earlier sources win over later ones. */
static void test_merge_sequence(void **state)
{
    (void)state;
    az_doc *doc = load_ok("one: &one {a: 1, b: 1}\n"
                          "two: &two {b: 2, c: 2, d: 2}\n"
                          "m:\n"
                          "  <<: [*one, *two, {d: 4, e: 4}]\n"
                          "  c: 3\n"
                          "t:\n"
                          "  !!merge '<<': *two\n");
    assert_int_equal(json_object_object_length(get(doc, "/m")), 5);
    assert_int_equal(json_object_get_int(get(doc, "/m/a")), 1);
    assert_int_equal(json_object_get_int(get(doc, "/m/b")), 1);
    assert_int_equal(json_object_get_int(get(doc, "/m/c")), 3);
    assert_int_equal(json_object_get_int(get(doc, "/m/d")), 2);
    assert_int_equal(json_object_get_int(get(doc, "/m/e")), 4);
    assert_pos(doc, "/m/e", 4, 30, 4, 27);
    assert_int_equal(json_object_get_int(get(doc, "/t/c")), 2);
    az_doc_free(doc);
}

/*
 * Inline merge sources are not part of the tree; the mappings that follow
 * them must not inherit their null positions (were a source freed while
 * parsing, a new mapping could take its address).
 */
static void test_merge_inline_sources(void **state)
{
    (void)state;
    az_doc *doc = load_ok("a:\n"
                          "  <<: {k: null, j: 1}\n"
                          "b: {k: ~}\n"
                          "c: {k: }\n"
                          "d:\n"
                          "  <<: [{k: ~}]\n"
                          "  k: 2\n"
                          "e: {k: null}\n");
    assert_null(get(doc, "/a/k"));
    assert_int_equal(json_object_get_int(get(doc, "/a/j")), 1);
    assert_pos(doc, "/a/k", 2, 11, 2, 8);
    assert_pos(doc, "/a/j", 2, 20, 2, 17);
    assert_pos(doc, "/b/k", 3, 8, 3, 5);
    assert_pos(doc, "/c/k", 4, 8, 4, 5);
    assert_int_equal(json_object_get_int(get(doc, "/d/k")), 2);
    assert_pos(doc, "/e/k", 8, 8, 8, 5);
    az_doc_free(doc);
}

/* A merge list that is the collection growing the parser's stack (the 33rd). */
static void test_merge_deep(void **state)
{
    (void)state;
    char text[512], pointer[128];
    size_t n = 0, p = 0;
    for (int i = 0; i < 31; i++) {
        n += (size_t)snprintf(text + n, sizeof text - n, "{k: ");
        p += (size_t)snprintf(pointer + p, sizeof pointer - p, "/k");
    }
    n += (size_t)snprintf(text + n, sizeof text - n, "{<<: [{a: 1}, {b: 2}]}");
    for (int i = 0; i < 31; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "}");
    snprintf(pointer + p, sizeof pointer - p, "/b");
    az_doc *doc = load_ok(text);
    assert_int_equal(json_object_get_int(get(doc, pointer)), 2);
    az_doc_free(doc);
}

/* A quoted "<<" is an ordinary key. */
static void test_merge_quoted_key(void **state)
{
    (void)state;
    az_doc *doc = load_ok("b: &b {x: 1}\nm:\n  '<<': *b\n");
    assert_ptr_equal(get(doc, "/m/<<"), get(doc, "/b"));
    assert_false(json_object_object_get_ex(get(doc, "/m"), "x", NULL));
    az_doc_free(doc);
}

/* A merge value that is not a mapping or a sequence of mappings is an error. */
static void test_merge_invalid(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        uint32_t line, column;
        const char *message;
    } cases[] = {
        {"m:\n  <<: 1\n", 2, 7,
         "a merge key '<<' takes a mapping or a sequence of mappings, not int"},
        {"m:\n  <<: \"s\"\n", 2, 7,
         "a merge key '<<' takes a mapping or a sequence of mappings, not string"},
        {"m:\n  <<:\n  a: 1\n", 2, 6,
         "a merge key '<<' takes a mapping or a sequence of mappings, not null"},
        {"m:\n  <<: [{a: 1}, [x]]\n", 2, 16,
         "a merge key '<<' takes a mapping or a sequence of mappings, not array"},
        {"m:\n  <<: [{a: 1}, 2]\n", 2, 16,
         "a merge key '<<' takes a mapping or a sequence of mappings, not int"},
        {"s: &s 5\nm:\n  <<: *s\n", 3, 7,
         "a merge key '<<' takes a mapping or a sequence of mappings, not int"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        az_diags *diags = load_err(cases[i].in, 0, NULL, AZ_ERR_SYNTAX, "yaml-invalid-merge",
                                   cases[i].line, cases[i].column);
        assert_string_equal(az_diags_get(diags, 0)->message, cases[i].message);
        assert_string_equal(az_diags_get(diags, 0)->pointer, "/m/<<");
        az_diags_free(diags);
    }
}

/* Merged members count towards the alias limit by their subtree sizes. */
static void test_merge_limit(void **state)
{
    (void)state;
    const char *text = "a: &x {p: [1, 2], q: 3}\nm:\n  q: 0\n  <<: *x\n";
    az_load_opts opts;
    az_load_opts_init(&opts);
    opts.format = AZ_FORMAT_YAML;
    opts.max_alias_nodes = 3; /* p is 3 nodes; q is not merged */
    az_doc *doc = NULL;
    assert_int_equal(load(text, 0, &opts, NULL, &doc), AZ_OK);
    az_doc_free(doc);
    opts.max_alias_nodes = 2;
    az_diags_free(load_err(text, 0, &opts, AZ_ERR_LIMIT, "yaml-alias-limit", 4, 3));

    /* Aliases in a merge list add no nodes themselves (only the 2 copied members
     * do; 4 are not copied). */
    opts.max_alias_nodes = 4;
    text = "a: &x {p: 1, q: 2}\nm:\n  <<: [*x, *x, *x]\n";
    assert_int_equal(load(text, 0, &opts, NULL, &doc), AZ_OK);
    az_doc_free(doc);

    /* Members that are not copied cost time, not nodes: they have their own count. */
    opts.max_alias_nodes = 1000;
    text = "a: &x {p: 1, q: 2}\nm:\n  p: 0\n  q: 0\n  <<: [*x, *x, *x]\n";
    assert_int_equal(load(text, 0, &opts, NULL, &doc), AZ_OK);
    az_doc_free(doc);
    opts.max_alias_nodes = 5; /* six members not copied */
    az_diags *diags = load_err(text, 0, &opts, AZ_ERR_LIMIT, "yaml-alias-limit", 5, 3);
    assert_string_equal(az_diags_get(diags, 0)->message,
                        "merge keys bring more than 5 members that are not copied "
                        "(the max_alias_nodes limit)");
    az_diags_free(diags);
}

/* Merging very many null members stays linear (their positions are indexed). */
static void test_merge_many_nulls(void **state)
{
    (void)state;
    const size_t n = 200000;
    char *text = malloc(n * 16 + 64);
    assert_non_null(text);
    size_t len = (size_t)sprintf(text, "a: &a\n");
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(text + len, "  k%zu:\n", i);
    len += (size_t)sprintf(text + len, "b:\n  <<: *a\n");
    clock_t start = clock();
    az_doc *doc = load_ok(text);
    double secs = (double)(clock() - start) / CLOCKS_PER_SEC;
    /* Linear: 0.4 s (20 times that under valgrind); a linear search of the
     * null records per member would take about a minute. */
    if (secs > 20.0)
        fail_msg("merging %zu nulls took %.2f s", n, secs);
    assert_int_equal(json_object_object_length(get(doc, "/b")), (int)n);
    assert_null(get(doc, "/b/k199999"));
    assert_pos(doc, "/b/k199999", 200001, 11, 200001, 3);
    assert_pos(doc, "/b/k0", 2, 6, 2, 3);
    az_doc_free(doc);
    free(text);
}

/* A duplicate key fails at the second key, related to the first. */
static void test_duplicate_key(void **state)
{
    (void)state;
    az_diags *diags = load_err("info:\n  name: first\n  title: x\n  name: again\n", 0, NULL,
                               AZ_ERR_SYNTAX, "yaml-duplicate-key", 4, 3);
    const az_diag *d = az_diags_get(diags, 0);
    assert_string_equal(d->message, "duplicate mapping key 'name'");
    assert_string_equal(d->pointer, "/info/name");
    assert_int_equal(d->span, 4);
    assert_string_equal(d->source_line, "  name: again");
    assert_string_equal(d->related_message, "first defined here");
    assert_int_equal(d->related_line, 2);
    assert_int_equal(d->related_column, 3);
    assert_string_equal(d->related_source_line, "  name: first");
    az_diags_free(diags);

    /* The first key may hold a null, a shared node, or be multi-byte. */
    static const struct {
        const char *in;
        uint32_t line, column, first_line, first_column, span;
    } cases[] = {
        {"a:\nb: 1\na: 2\n", 3, 1, 1, 1, 1},
        {"x: &v {k: 1}\ny:\n  p: *v\n  p: 2\n", 4, 3, 3, 3, 1},
        {"{a: 1, 'a': 2}\n", 1, 8, 1, 2, 1},
        {"\xc3\xa9\xe2\x9c\x93: 1\n\"\xc3\xa9\xe2\x9c\x93\": 2\n", 2, 1, 1, 1, 4},
        {"1: a\n'1': b\n", 2, 1, 1, 1, 3},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        diags = load_err(cases[i].in, 0, NULL, AZ_ERR_SYNTAX, "yaml-duplicate-key", cases[i].line,
                         cases[i].column);
        d = az_diags_get(diags, 0);
        if (d->related_line != cases[i].first_line || d->related_column != cases[i].first_column)
            fail_msg("case %zu: first key at %u:%u", i, d->related_line, d->related_column);
        az_diags_free(diags);
    }
    /* The span counts code points of the key ("é✓" is 2; "'1'" is the key 1). */
    diags = load_err("\xc3\xa9\xe2\x9c\x93: 1\n\xc3\xa9\xe2\x9c\x93: 2\n", 0, NULL, AZ_ERR_SYNTAX,
                     "yaml-duplicate-key", 2, 1);
    assert_int_equal(az_diags_get(diags, 0)->span, 2);
    az_diags_free(diags);
}

/* A second document is an error at its start; an empty stream is no document. */
static void test_documents(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        uint32_t line, column;
    } cases[] = {
        {"a: 1\n---\nb: 2\n", 2, 1},
        {"---\na: 1\n...\n---\nb: 2\n", 4, 1},
        {"# one\n---\n...\n--- x\n", 4, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        az_diags *diags = load_err(cases[i].in, 0, NULL, AZ_ERR_SYNTAX, "yaml-multiple-documents",
                                   cases[i].line, cases[i].column);
        assert_string_equal(az_diags_get(diags, 0)->message,
                            "a second YAML document starts here; arazzo reads one document "
                            "per file");
        az_diags_free(diags);
    }

    static const char *empty[] = {"",        "# only a comment\n", "\n\n",        "---\n",
                                  "--- ~\n", "---\n...\n",         "\xef\xbb\xbf"};
    for (size_t i = 0; i < sizeof empty / sizeof empty[0]; i++) {
        az_doc *doc = (az_doc *)1;
        az_diags *diags = az_diags_new();
        if (load(empty[i], strlen(empty[i]), NULL, diags, &doc) != AZ_OK)
            fail_msg("case %zu: %s", i, az_diags_get(diags, 0)->message);
        assert_non_null(doc);
        assert_null(az_doc_root(doc));
        assert_int_equal(az_diags_count(diags), 0);
        az_doc_free(doc);
        az_diags_free(diags);
    }

    /* A single explicit document with a scalar root. */
    az_doc *doc = load_ok("--- 42\n...\n");
    assert_int_equal(json_object_get_int(az_doc_root(doc)), 42);
    az_doc_free(doc);
}

/* Collections nest at most max_depth deep (the root collection is depth 1). */
static void test_depth_limit(void **state)
{
    (void)state;
    az_load_opts opts;
    az_load_opts_init(&opts);
    opts.format = AZ_FORMAT_YAML;
    opts.max_depth = 3;
    az_doc *doc = NULL;
    assert_int_equal(load("[[[1]]]", 0, &opts, NULL, &doc), AZ_OK);
    az_doc_free(doc);
    assert_int_equal(load("a:\n  b:\n    c: 1\n", 0, &opts, NULL, &doc), AZ_OK);
    az_doc_free(doc);

    az_diags *diags = load_err("[[[[1]]]]", 0, &opts, AZ_ERR_LIMIT, "yaml-too-deep", 1, 4);
    assert_string_equal(az_diags_get(diags, 0)->message,
                        "collections nest deeper than 3 levels (the max_depth limit)");
    assert_string_equal(az_diags_get(diags, 0)->pointer, "/0/0/0");
    az_diags_free(diags);
    diags =
        load_err("a:\n  b:\n    c:\n      d: 1\n", 0, &opts, AZ_ERR_LIMIT, "yaml-too-deep", 4, 7);
    assert_string_equal(az_diags_get(diags, 0)->pointer, "/a/b/c");
    az_diags_free(diags);
}

/* Builds `prefix` repeated `n` times followed by `tail` (a new string). */
static char *repeat(const char *prefix, size_t n, const char *tail)
{
    size_t plen = strlen(prefix), tlen = strlen(tail);
    char *s = malloc(plen * n + tlen + 1);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * plen, prefix, plen);
    memcpy(s + plen * n, tail, tlen + 1);
    return s;
}

/* 100,000-deep flow and block nesting fail fast with yaml-too-deep, not a crash. */
static void test_deep_nesting(void **state)
{
    (void)state;
    char *closing = repeat("]", 100000, "\n");
    char *flow = repeat("[", 100000, closing);
    char *block = repeat("- ", 100000, "x\n");
    char *flow_map = repeat("{a: ", 100000, "");

    clock_t start = clock();
    az_diags_free(load_err(flow, 0, NULL, AZ_ERR_LIMIT, "yaml-too-deep", 1, 513));
    az_diags_free(load_err(block, 0, NULL, AZ_ERR_LIMIT, "yaml-too-deep", 1, 1025));
    az_diags_free(load_err(flow_map, 0, NULL, AZ_ERR_LIMIT, "yaml-too-deep", 1, 2049));
    double secs = (double)(clock() - start) / CLOCKS_PER_SEC;
    if (secs > 1.0)
        fail_msg("deep nesting took %.2f s", secs);
    free(closing);
    free(flow);
    free(block);
    free(flow_map);
}

/* libyaml's syntax errors: its problem at its mark, its context as the related place. */
static void test_syntax_errors(void **state)
{
    (void)state;
    az_diags *diags = load_err("a: [1, 2\nb: 3\n", 0, NULL, AZ_ERR_SYNTAX, "yaml-syntax", 2, 2);
    const az_diag *d = az_diags_get(diags, 0);
    assert_string_equal(d->message, "did not find expected ',' or ']'");
    assert_string_equal(d->source_line, "b: 3");
    assert_string_equal(d->related_message, "while parsing a flow sequence");
    assert_int_equal(d->related_line, 1);
    assert_int_equal(d->related_column, 4);
    assert_string_equal(d->related_source_line, "a: [1, 2");
    assert_string_equal(d->pointer, "/a/2");
    az_diags_free(diags);

    diags = load_err("a: b: c\n", 0, NULL, AZ_ERR_SYNTAX, "yaml-syntax", 1, 5);
    assert_string_equal(az_diags_get(diags, 0)->message,
                        "mapping values are not allowed in this context");
    assert_null(az_diags_get(diags, 0)->related_message);
    assert_null(az_diags_get(diags, 0)->pointer);
    az_diags_free(diags);

    diags = load_err("a:\n  b: 1\n c: 2\n", 0, NULL, AZ_ERR_SYNTAX, "yaml-syntax", 3, 2);
    assert_string_equal(az_diags_get(diags, 0)->related_message, "while parsing a block mapping");
    assert_int_equal(az_diags_get(diags, 0)->related_line, 1);
    assert_int_equal(az_diags_get(diags, 0)->related_column, 1);
    az_diags_free(diags);

    az_diags_free(load_err("a: \"open\n", 0, NULL, AZ_ERR_SYNTAX, "yaml-syntax", 2, 1));
    az_diags_free(load_err("a:\n\tb: 1\n", 0, NULL, AZ_ERR_SYNTAX, "yaml-syntax", 2, 1));
}

/* Invalid UTF-8 and control characters are errors at their position. */
static void test_bad_bytes(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        size_t len;
        const char *code;
        uint32_t line, column;
    } cases[] = {
        {"a: \xff\n", 0, "yaml-invalid-utf8", 1, 4},
        {"a: ok\nbb: \xc3\xa9\xe2\x82\n", 0, "yaml-invalid-utf8", 2, 6},
        {"a: ok\nb: \xc3\xa9x\xc0\xaf\n", 0, "yaml-invalid-utf8", 2, 6},
        {"a: \xed\xa0\x80\n", 0, "yaml-invalid-utf8", 1, 4},
        {"\xef\xbb\xbf"
         "a: \xfe\n",
         0, "yaml-invalid-utf8", 1, 4},
        {"\xff\xfe"
         "a\0:\0",
         6, "yaml-invalid-utf8", 1, 1},
        {"a: \x01\n", 0, "yaml-invalid-character", 1, 4},
        {"a: b\0c\n", 7, "yaml-invalid-character", 1, 5},
        {"k:\n  - x\x7f\n", 0, "yaml-invalid-character", 2, 6},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        az_diags_free(load_err(cases[i].in, cases[i].len, NULL, AZ_ERR_SYNTAX, cases[i].code,
                               cases[i].line, cases[i].column));
    az_diags *diags = load_err("a: \xff\n", 0, NULL, AZ_ERR_SYNTAX, "yaml-invalid-utf8", 1, 4);
    assert_string_equal(az_diags_get(diags, 0)->message, "invalid leading UTF-8 octet 0xff");
    az_diags_free(diags);
}

/* Positions in block mappings and sequences: values, keys, and collections at their first key. */
static void test_positions_block(void **state)
{
    (void)state;
    az_doc *doc = load_ok("openapi: 1.0.0\n"
                          "info:\n"
                          "  title: Pets\n"
                          "  version: 1\n"
                          "tags:\n"
                          "  - name: a\n"
                          "  - b\n"
                          "\xc3\xa9t\xc3\xa9: \xe2\x9c\x93 ok\n");
    assert_pos(doc, "", 1, 1, 0, 0);
    assert_pos(doc, "/openapi", 1, 10, 1, 1);
    assert_pos(doc, "/info", 3, 3, 2, 1);
    assert_pos(doc, "/info/title", 3, 10, 3, 3);
    assert_pos(doc, "/info/version", 4, 12, 4, 3);
    assert_pos(doc, "/tags", 6, 3, 5, 1);
    assert_pos(doc, "/tags/0", 6, 5, 0, 0);
    assert_pos(doc, "/tags/0/name", 6, 11, 6, 5);
    assert_pos(doc, "/tags/1", 7, 5, 0, 0);
    assert_pos(doc, "/\xc3\xa9t\xc3\xa9", 8, 6, 8, 1);

    az_pos p;
    assert_true(az_doc_node_pos(doc, get(doc, "/info/title"), &p));
    assert_string_equal(p.file, "t.yaml");
    assert_int_equal(p.line, 3);
    assert_int_equal(p.column, 10);
    assert_true(az_doc_key_pos(doc, get(doc, "/info/title"), &p));
    assert_int_equal(p.line, 3);
    assert_int_equal(p.column, 3);
    assert_false(az_doc_key_pos(doc, get(doc, "/tags/1"), &p));
    az_doc_free(doc);
}

/* Positions in a one-line flow mapping: every column. */
static void test_positions_flow(void **state)
{
    (void)state;
    az_doc *doc = load_ok("{a: 1, b: [x, y], c: {d: e}}\n");
    assert_pos(doc, "", 1, 1, 0, 0);
    assert_pos(doc, "/a", 1, 5, 1, 2);
    assert_pos(doc, "/b", 1, 11, 1, 8);
    assert_pos(doc, "/b/0", 1, 12, 0, 0);
    assert_pos(doc, "/b/1", 1, 15, 0, 0);
    assert_pos(doc, "/c", 1, 22, 1, 19);
    assert_pos(doc, "/c/d", 1, 26, 1, 23);
    az_doc_free(doc);
}

/* Positions in nested block sequences. */
static void test_positions_nested_sequences(void **state)
{
    (void)state;
    az_doc *doc = load_ok("- - a\n  - b\n- - - c\n  - [d, [e]]\n");
    assert_pos(doc, "", 1, 1, 0, 0);
    assert_pos(doc, "/0", 1, 3, 0, 0);
    assert_pos(doc, "/0/0", 1, 5, 0, 0);
    assert_pos(doc, "/0/1", 2, 5, 0, 0);
    assert_pos(doc, "/1", 3, 3, 0, 0);
    assert_pos(doc, "/1/0", 3, 5, 0, 0);
    assert_pos(doc, "/1/0/0", 3, 7, 0, 0);
    assert_pos(doc, "/1/1", 4, 5, 0, 0);
    assert_pos(doc, "/1/1/1/0", 4, 10, 0, 0);
    az_doc_free(doc);
}

/* Multi-line plain and block scalars, and the keys after them. */
static void test_positions_multiline(void **state)
{
    (void)state;
    az_doc *doc = load_ok("a: first\n"
                          "  continued\n"
                          "b: |\n"
                          "  line1\n"
                          "  line2\n"
                          "c: >\n"
                          "  folded\n"
                          "  text\n"
                          "\n"
                          "d: 4\n"
                          "e: \"two\n"
                          "  lines\"\n"
                          "f: 5\n");
    assert_string_equal(json_object_get_string(get(doc, "/a")), "first continued");
    assert_string_equal(json_object_get_string(get(doc, "/b")), "line1\nline2\n");
    assert_string_equal(json_object_get_string(get(doc, "/c")), "folded text\n");
    assert_string_equal(json_object_get_string(get(doc, "/e")), "two lines");
    assert_pos(doc, "/a", 1, 4, 1, 1);
    assert_pos(doc, "/b", 3, 4, 3, 1);
    assert_pos(doc, "/c", 6, 4, 6, 1);
    assert_pos(doc, "/d", 10, 4, 10, 1);
    assert_pos(doc, "/e", 11, 4, 11, 1);
    assert_pos(doc, "/f", 13, 4, 13, 1);
    az_doc_free(doc);
}

/* Null values and items have positions, found through their pointer. */
static void test_positions_nulls(void **state)
{
    (void)state;
    az_doc *doc = load_ok("a:\nb: ~\nc: [null, 1]\nd: {x: }\ne:\n  - \n  -\n");
    assert_null(get(doc, "/a"));
    assert_pos(doc, "/a", 1, 3, 1, 1);
    assert_pos(doc, "/b", 2, 4, 2, 1);
    assert_pos(doc, "/c/0", 3, 5, 0, 0);
    assert_pos(doc, "/c/1", 3, 11, 0, 0);
    assert_pos(doc, "/d/x", 4, 8, 4, 5);
    assert_null(get(doc, "/e/1"));
    assert_pos(doc, "/e/0", 6, 4, 0, 0);
    assert_pos(doc, "/e/1", 7, 4, 0, 0);
    az_doc_free(doc);
}

/* CRLF line breaks give the same positions as LF. */
static void test_positions_crlf(void **state)
{
    (void)state;
    static const char *pointers[] = {"/a", "/b", "/b/c", "/d", "/d/0", "/d/1", "/e", "/f"};
    const char *lf = "a: 1\nb:\n  c: x\nd:\n  - |\n    block\n    text\n  - y\ne: \"q\n  r\"\nf:\n";
    char crlf[256];
    size_t n = 0;
    for (const char *p = lf; *p; p++) {
        if (*p == '\n')
            crlf[n++] = '\r';
        crlf[n++] = *p;
    }
    crlf[n] = '\0';
    az_doc *a = load_ok(lf), *b = load_ok(crlf);
    for (size_t i = 0; i < sizeof pointers / sizeof pointers[0]; i++) {
        az_pos va, ka, vb, kb;
        assert_int_equal(az_doc_pointer_pos(a, pointers[i], &va, &ka), AZ_OK);
        assert_int_equal(az_doc_pointer_pos(b, pointers[i], &vb, &kb), AZ_OK);
        if (va.line != vb.line || va.column != vb.column || ka.line != kb.line ||
            ka.column != kb.column)
            fail_msg("'%s': LF %u:%u, CRLF %u:%u", pointers[i], va.line, va.column, vb.line,
                     vb.column);
    }
    assert_pos(b, "/d/1", 8, 5, 0, 0);
    assert_pos(b, "/f", 11, 3, 11, 1);
    assert_string_equal(json_object_get_string(get(b, "/d/0")), "block\ntext\n");
    assert_string_equal(json_object_get_string(get(b, "/e")), "q r");
    az_doc_free(a);
    az_doc_free(b);
}

/* A byte order mark is skipped: the first key is at column 1. */
static void test_bom(void **state)
{
    (void)state;
    az_doc *doc = load_ok("\xef\xbb\xbf"
                          "a: 1\nb: {c: 2}\n");
    assert_pos(doc, "", 1, 1, 0, 0);
    assert_pos(doc, "/a", 1, 4, 1, 1);
    assert_pos(doc, "/b/c", 2, 8, 2, 5);
    az_doc_free(doc);
    az_diags_free(load_err("\xef\xbb\xbf"
                           "a: b: c\n",
                           0, NULL, AZ_ERR_SYNTAX, "yaml-syntax", 1, 5));
}

/* Errors inside collections carry the JSON Pointer of the offending place. */
static void test_error_pointer(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *code;
        const char *pointer; /* NULL: none (the root) */
    } cases[] = {
        {"a:\n  - x\n  - !foo y\n", "yaml-unknown-tag", "/a/1"},
        {"a/b:\n  c~d: !foo 1\n", "yaml-unknown-tag", "/a~1b/c~0d"},
        {"!foo x\n", "yaml-unknown-tag", NULL},
        {"a:\n  [x]: 1\n", "yaml-complex-key", "/a"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        az_diags *diags = az_diags_new();
        az_doc *doc = NULL;
        assert_int_equal(load(cases[i].in, 0, NULL, diags, &doc), AZ_ERR_SYNTAX);
        const az_diag *d = az_diags_get(diags, 0);
        assert_string_equal(d->code, cases[i].code);
        if (cases[i].pointer)
            assert_string_equal(d->pointer, cases[i].pointer);
        else
            assert_null(d->pointer);
        az_diags_free(diags);
    }
}

/* Without a diagnostics list, failures still report their status. */
static void test_no_diags(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        az_status status;
    } cases[] = {
        {"a: 1\na: 2\n", AZ_ERR_SYNTAX}, {"a: [\n", AZ_ERR_SYNTAX},
        {"a: \xff\n", AZ_ERR_SYNTAX},    {"a: *x\n", AZ_ERR_SYNTAX},
        {"[[[[[[x]]]]]]", AZ_ERR_LIMIT}, {"a: 1\n---\nb\n", AZ_ERR_SYNTAX},
    };
    az_load_opts opts;
    az_load_opts_init(&opts);
    opts.format = AZ_FORMAT_YAML;
    opts.max_depth = 4;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        az_doc *doc = (az_doc *)1;
        assert_int_equal(load(cases[i].in, 0, &opts, NULL, &doc), cases[i].status);
        assert_null(doc);
    }
}

/* Returns the next value of a small deterministic generator. */
static uint32_t next_random(uint32_t *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return *seed >> 8;
}

/* Garbage and mangled documents never crash; every failure has a diagnostic. */
static void test_garbage(void **state)
{
    (void)state;
    static const char sample[] = "base: &b {a: 1, b: [x, \"y\"], c: !!str 3}\n"
                                 "m:\n  <<: [*b, {d: ~}]\n  e: |\n    text\n"
                                 "  f: 'q''s'\n  ? g\n  : - 1\n    - 0x1F\n"
                                 "h: *b\n\xc3\xa9: .inf\n";
    static const char alphabet[] = "ab: -[]{},&*!|>'\"#%@`?~<\n\t\r\\0.\xc3\xa9\xff";
    char buf[sizeof sample];
    uint32_t seed = 12345;

    for (int round = 0; round < 3000; round++) {
        size_t len = sizeof sample - 1;
        memcpy(buf, sample, len);
        if (round < (int)len) {
            len = (size_t)round; /* every truncation */
        } else {
            int edits = 1 + (int)(next_random(&seed) % 4);
            for (int e = 0; e < edits; e++) {
                size_t at = next_random(&seed) % len;
                uint32_t r = next_random(&seed);
                buf[at] = (r & 1) ? alphabet[(r >> 1) % (sizeof alphabet - 1)] : (char)(r >> 1);
            }
        }
        az_diags *diags = az_diags_new();
        az_doc *doc = NULL;
        az_status st = load(buf, len ? len : 1, NULL, diags, &doc);
        if (st == AZ_OK) {
            assert_non_null(doc);
            az_doc_free(doc);
        } else {
            assert_null(doc);
            assert_int_equal(az_diags_count(diags), 1);
            const az_diag *d = az_diags_get(diags, 0);
            assert_true(strncmp(d->code, "yaml-", 5) == 0);
            assert_true(d->line >= 1 && d->column >= 1);
        }
        az_diags_free(diags);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_scalars),
        cmocka_unit_test(test_non_plain_scalars),
        cmocka_unit_test(test_tags),
        cmocka_unit_test(test_tag_errors),
        cmocka_unit_test(test_keys_are_strings),
        cmocka_unit_test(test_complex_key),
        cmocka_unit_test(test_alias_keys),
        cmocka_unit_test(test_alias_of_anchored_key),
        cmocka_unit_test(test_anchor_alias),
        cmocka_unit_test(test_anchor_redefined),
        cmocka_unit_test(test_alias_errors),
        cmocka_unit_test(test_alias_limit),
        cmocka_unit_test(test_billion_laughs),
        cmocka_unit_test(test_merge_override),
        cmocka_unit_test(test_merge_sequence),
        cmocka_unit_test(test_merge_inline_sources),
        cmocka_unit_test(test_merge_deep),
        cmocka_unit_test(test_merge_quoted_key),
        cmocka_unit_test(test_merge_invalid),
        cmocka_unit_test(test_merge_limit),
        cmocka_unit_test(test_merge_many_nulls),
        cmocka_unit_test(test_duplicate_key),
        cmocka_unit_test(test_documents),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_bad_bytes),
        cmocka_unit_test(test_positions_block),
        cmocka_unit_test(test_positions_flow),
        cmocka_unit_test(test_positions_nested_sequences),
        cmocka_unit_test(test_positions_multiline),
        cmocka_unit_test(test_positions_nulls),
        cmocka_unit_test(test_positions_crlf),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_error_pointer),
        cmocka_unit_test(test_no_diags),
        cmocka_unit_test(test_garbage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
