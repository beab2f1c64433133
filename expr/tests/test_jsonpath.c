/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_jsonpath.c - unit tests of the JSONPath engine (RFC 9535) and its
 * I-Regexp translation (RFC 9485): table-driven rows of {query, document,
 * expected nodelist} and {bad query, diagnostic code, column}, plus the
 * limits (query nesting, document depth) and a 10,000-element filter.
 * Checklist items: CRIT-30 (RFC 9535 dialect), CRIT-31 (non-empty nodelist
 * means pass), CRIT-33 (the filter-iterates-children trap), CRIT-34
 * (length, count, match, search, value).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include <arazzo/expr.h>

/* One evaluation row: query, document and expected nodelist (JSON text). */
typedef struct eval_row {
    const char *query;
    const char *doc;
    const char *want;
} eval_row;

static const eval_row EVAL_ROWS[] = {
    /* Identifiers, child segments, name selectors (section 2.3.1). */
    {"$", "{\"a\":1}", "[{\"a\":1}]"},
    {"$.a", "{\"a\":1}", "[1]"},
    {"$.n", "{\"n\":null}", "[null]"},
    {"$['a','b']", "{\"a\":1,\"b\":2}", "[1,2]"},
    {"$[\"a\\u0062\"]", "{\"ab\":3}", "[3]"},
    {"$['\\uD83D\\uDE00']", "{\"\\uD83D\\uDE00\":4}", "[4]"},
    {"$.\xE2\x98\xBA", "{\"\xE2\x98\xBA\":5}", "[5]"},
    {"$ .a [0]", "{\"a\":[7]}", "[7]"},
    {"$.missing", "{\"a\":1}", "[]"},
    /* Wildcards, indexes, slices (sections 2.3.2 to 2.3.4). */
    {"$.*", "{\"a\":1,\"b\":[2]}", "[1,[2]]"},
    {"$[*]", "[1,2,3]", "[1,2,3]"},
    {"$[0]", "[1,2,3]", "[1]"},
    {"$[-1]", "[1,2,3]", "[3]"},
    {"$[3]", "[1,2,3]", "[]"},
    {"$[1:3]", "[0,1,2,3,4]", "[1,2]"},
    {"$[::2]", "[0,1,2,3,4]", "[0,2,4]"},
    {"$[::-1]", "[0,1,2]", "[2,1,0]"},
    {"$[::0]", "[0,1,2]", "[]"},
    {"$[-2:]", "[0,1,2]", "[1,2]"},
    {"$[ 1 : 2 : 1 ]", "[0,1,2]", "[1]"},
    {"$[0,0]", "[5]", "[5,5]"},
    /* Descendant segments (section 2.5.2). */
    {"$..b", "{\"a\":{\"b\":1},\"b\":2}", "[2,1]"},
    {"$..[0]", "[[1,[2]],[3]]", "[[1,[2]],1,2,3]"},
    {"$..*", "{\"a\":[1]}", "[[1],1]"},
    /* Filters, comparisons (section 2.3.5.2.2). */
    {"$[?@.n == 1]", "[{\"n\":1.0},{\"n\":2}]", "[{\"n\":1.0}]"},
    {"$[?@ < 'b']", "[\"a\",\"b\",\"ab\",1]", "[\"a\",\"ab\"]"},
    {"$[?@ >= 2]", "[1,2,3,\"3\"]", "[2,3]"},
    {"$[?@.x == $.ref]",
     "{\"ref\":{\"k\":[1,2]},\"o\":{\"x\":{\"k\":[1,2.0]}},\"p\":{\"x\":{\"k\":[2,1]}}}",
     "[{\"x\":{\"k\":[1,2.0]}}]"},
    {"$[?@.a == @.b]", "[{\"c\":1},{\"a\":1},{\"a\":null,\"b\":null}]",
     "[{\"c\":1},{\"a\":null,\"b\":null}]"},
    {"$[?@.a]", "[{\"a\":false},{\"b\":1}]", "[{\"a\":false}]"},
    {"$[?!@.a]", "[{\"a\":false},{\"b\":1}]", "[{\"b\":1}]"},
    {"$[?@.a || @.b && @.c]", "[{\"a\":1},{\"b\":1},{\"b\":1,\"c\":1}]",
     "[{\"a\":1},{\"b\":1,\"c\":1}]"},
    {"$[?(@.a || @.b) && !(@.c)]", "[{\"a\":1},{\"b\":1,\"c\":1}]", "[{\"a\":1}]"},
    {"$[?@[?@ > 1]]", "[[1],[1,2]]", "[[1,2]]"},
    {"$[?1 == 1]", "[1,2]", "[1,2]"},
    {"$[?@ == -0]", "[0,1]", "[0]"},
    {"$[?@ == 1e2]", "[100,10]", "[100]"},
    /* CRIT-33: filters iterate over the children of the selected node. */
    {"$[?count(@.pets) > 0]", "{\"pets\":[{\"id\":1}]}", "[]"},
    {"$[?count(@.pets[*]) > 0]", "[{\"pets\":[{\"id\":1}]},{\"pets\":[]}]",
     "[{\"pets\":[{\"id\":1}]}]"},
    {"$[?@.access_token != null]", "{\"access_token\":\"t\",\"type\":\"bearer\"}",
     "[\"t\",\"bearer\"]"},
    /* CRIT-34: function extensions (section 2.4). */
    {"$[?length(@) == 2]", "[\"\xE2\x98\xBA\xE2\x98\xBA\",\"abc\",[1,2],{\"a\":1,\"b\":2},2]",
     "[\"\xE2\x98\xBA\xE2\x98\xBA\",[1,2],{\"a\":1,\"b\":2}]"},
    {"$[?count(@.*) == 1]", "[{\"a\":1},{\"a\":1,\"b\":2},[3]]", "[{\"a\":1},[3]]"},
    {"$[?value(@..x) == 1]", "[{\"x\":1},{\"y\":{\"x\":1}},{\"x\":1,\"y\":{\"x\":1}}]",
     "[{\"x\":1},{\"y\":{\"x\":1}}]"},
    {"$[?match(@, 'a.c')]", "[\"abc\",\"a\\nc\",\"a\\rc\",\"xabc\",1]", "[\"abc\"]"},
    {"$[?search(@, 'b.')]", "[\"abc\",\"b\",\"xxbx\"]", "[\"abc\",\"xxbx\"]"},
    {"$[?match(@, '[a-c]+\\\\p{Nd}')]", "[\"abc1\",\"abcx\",\"d1\"]", "[\"abc1\"]"},
    {"$[?match(@, '[')]", "[\"[\",\"a\"]", "[]"},
    {"$[?match(@, '\\\\d')]", "[\"1\"]", "[]"},
    {"$[?match(@.s, @.re)]",
     "[{\"s\":\"ab\",\"re\":\"a.\"},{\"s\":\"ab\",\"re\":\"b\"},"
     "{\"s\":\"ab\",\"re\":\"(\"}]",
     "[{\"s\":\"ab\",\"re\":\"a.\"}]"},
    {"$[?search(@, '\\\\.')]", "[\"a.b\",\"ab\"]", "[\"a.b\"]"},
    {"$[?match(@, '^ab.*')]", "[\"abc\",\"xab\"]", "[\"abc\"]"},
    {"$[?search(@, 'c$')]", "[\"abc\",\"cx\"]", "[\"abc\"]"},
    {"$[? @.a ]", "[{\"a\":1},{}]", "[{\"a\":1}]"},
    {"$\n.a\t[ 0 ]", "{\"a\":[8]}", "[8]"},
    {"$[?match(@, 'a{2,3}')]", "[\"a\",\"aa\",\"aaaa\"]", "[\"aa\"]"},
};

/* One rejected query: the diagnostic code and column expected. */
typedef struct bad_row {
    const char *query;
    const char *code;
    uint32_t column;
} bad_row;

static const bad_row BAD_ROWS[] = {
    {"", "jsonpath-syntax", 1},
    {"a", "jsonpath-syntax", 1},
    {" $", "jsonpath-syntax", 1},
    {"$ ", "jsonpath-syntax", 2},
    {"$.", "jsonpath-syntax", 3},
    {"$. a", "jsonpath-syntax", 3},
    {"$..", "jsonpath-syntax", 4},
    {"$...a", "jsonpath-syntax", 4},
    {"$[]", "jsonpath-syntax", 3},
    {"$[0", "jsonpath-syntax", 4},
    {"$[01]", "jsonpath-syntax", 3},
    {"$[-0]", "jsonpath-syntax", 3},
    {"$[9007199254740992]", "jsonpath-syntax", 3},
    {"$[1:2:3:4]", "jsonpath-syntax", 8},
    {"$['a", "jsonpath-syntax", 3},
    {"$['a\\\"']", "jsonpath-syntax", 5},
    {"$['\\uD800']", "jsonpath-syntax", 4},
    {"$['\\uDC00']", "jsonpath-syntax", 4},
    {"$['\x01']", "jsonpath-syntax", 4},
    {"$.\xE2\x98\xBA\xE2\x98\xBA x", "jsonpath-syntax", 5},
    {"$[?@.a == 01]", "jsonpath-syntax", 11},
    {"$[?1]", "jsonpath-syntax", 4},
    {"$[?'a' && @.b]", "jsonpath-syntax", 4},
    {"$[?@.a == @.*]", "jsonpath-syntax", 11},
    {"$[?@..a == 1]", "jsonpath-syntax", 4},
    {"$[?@.a = 1]", "jsonpath-syntax", 8},
    {"$[?foo(@)]", "jsonpath-syntax", 4},
    {"$[?length (@)]", "jsonpath-syntax", 10},
    {"$[?True]", "jsonpath-syntax", 4},
    {"$[?!@.a == 1]", "jsonpath-syntax", 9},
    {"$[?(@.a]", "jsonpath-syntax", 8},
    {"$[?@.a==1]]", "jsonpath-syntax", 11},
    {"$[?@.a && 2]", "jsonpath-syntax", 11},
    /* Well-typedness, RFC 9535 section 2.4.3. */
    {"$[?length(@)]", "jsonpath-type", 4},
    {"$[?length(@.*) > 1]", "jsonpath-type", 11},
    {"$[?count(1) > 1]", "jsonpath-type", 10},
    {"$[?match(@, 'a') == true]", "jsonpath-type", 4},
    {"$[?length(@.a, @.b) == 1]", "jsonpath-type", 4},
    {"$[?value(@.a)]", "jsonpath-type", 4},
    {"$[?length((@.a)) == 1]", "jsonpath-type", 11},
};

/* Parses JSON text for the tables; fails the test when it is malformed. */
static json_object *parse_json(const char *text)
{
    enum json_tokener_error err = json_tokener_success;
    json_object *v = json_tokener_parse_verbose(text, &err);
    assert_int_equal(err, json_tokener_success);
    return v;
}

/* Every evaluation row selects exactly the expected nodelist. */
static void test_eval_rows(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof EVAL_ROWS / sizeof EVAL_ROWS[0]; i++) {
        const eval_row *r = &EVAL_ROWS[i];
        az_diags *diags = az_diags_new();
        az_jsonpath *path = NULL;
        json_object *doc = parse_json(r->doc), *want = parse_json(r->want), *got = NULL;
        az_status st = az_jsonpath_compile(r->query, diags, &path);
        if (st != AZ_OK)
            az_diags_render_text(diags, stdout, NULL);
        assert_int_equal(st, AZ_OK);
        assert_int_equal(az_jsonpath_eval(path, doc, &got), AZ_OK);
        if (!json_object_equal(got, want))
            printf("query %s gave %s, want %s\n", r->query, json_object_to_json_string(got),
                   r->want);
        assert_true(json_object_equal(got, want));
        json_object_put(got);
        json_object_put(doc);
        json_object_put(want);
        az_jsonpath_free(path);
        az_diags_free(diags);
    }
}

/* Every bad row is rejected with one diagnostic at the expected column. */
static void test_bad_rows(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof BAD_ROWS / sizeof BAD_ROWS[0]; i++) {
        const bad_row *r = &BAD_ROWS[i];
        az_diags *diags = az_diags_new();
        az_jsonpath *path = (az_jsonpath *)1;
        az_status st = az_jsonpath_compile(r->query, diags, &path);
        assert_int_equal(st, AZ_ERR_SYNTAX);
        assert_null(path);
        assert_int_equal(az_diags_count(diags), 1);
        const az_diag *d = az_diags_get(diags, 0);
        if (strcmp(d->code, r->code) != 0 || d->column != r->column) {
            printf("query \"%s\": got %s at column %u, want %s at %u\n", r->query, d->code,
                   d->column, r->code, r->column);
            az_diags_render_text(diags, stdout, NULL);
        }
        assert_string_equal(d->code, r->code);
        assert_int_equal(d->column, r->column);
        assert_int_equal(d->line, 1);
        assert_null(d->file);
        assert_non_null(d->message);
        assert_string_equal(d->source_line, r->query);
        az_diags_free(diags);
    }
}

/* The rendered diagnostic names the problem and points at it. */
static void test_rendering(void **state)
{
    (void)state;
    az_diags *diags = az_diags_new();
    az_jsonpath *path = NULL;
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    assert_non_null(mem);
    assert_int_equal(az_jsonpath_compile("$.a[01]", diags, &path), AZ_ERR_SYNTAX);
    az_diags_render_text(diags, mem, NULL);
    fclose(mem);
    assert_non_null(strstr(text, "error: leading zeros are not allowed in an index"));
    assert_non_null(strstr(text, " 1 | $.a[01]\n   |     ^\n"));
    assert_non_null(strstr(text, "[jsonpath-syntax]"));
    free(text);
    az_diags_free(diags);
}

/* Compiling without a diagnostics list works and reports the status only. */
/* A query spanning lines reports the line and column of the error and quotes
 * that line (fuzzer finding: the column used to count the whole query). */
static void test_multiline_error(void **state)
{
    (void)state;
    az_diags *diags = az_diags_new();
    az_jsonpath *path = NULL;
    assert_int_equal(az_jsonpath_compile("$.a[?@.b\n\n  ==]", diags, &path), AZ_ERR_SYNTAX);
    const az_diag *d = az_diags_get(diags, 0);
    assert_int_equal(d->line, 3);
    assert_int_equal(d->column, 5);
    assert_string_equal(d->source_line, "  ==]");
    az_diags_free(diags);
}

static void test_no_diags(void **state)
{
    (void)state;
    az_jsonpath *path = NULL;
    assert_int_equal(az_jsonpath_compile("$[", NULL, &path), AZ_ERR_SYNTAX);
    assert_null(path);
    az_jsonpath_free(NULL);
}

/* Normalized Paths (section 2.7) come out beside the values. */
static void test_paths(void **state)
{
    (void)state;
    az_jsonpath *path = NULL;
    json_object *doc = parse_json("{\"a\":[{\"b\":1}],\"it's\":{\"b\":2}}");
    json_object *got = NULL, *paths = NULL;
    assert_int_equal(az_jsonpath_compile("$..b", NULL, &path), AZ_OK);
    assert_false(az_jsonpath_is_singular(path));
    assert_int_equal(az_jsonpath_eval_paths(path, doc, &got, &paths), AZ_OK);
    assert_string_equal(json_object_to_json_string_ext(paths, JSON_C_TO_STRING_PLAIN),
                        "[\"$['a'][0]['b']\",\"$['it\\\\'s']['b']\"]");
    json_object_put(got);
    json_object_put(paths);
    json_object_put(doc);
    az_jsonpath_free(path);
    assert_int_equal(az_jsonpath_compile("$.a[0]['b']", NULL, &path), AZ_OK);
    assert_true(az_jsonpath_is_singular(path));
    az_jsonpath_free(path);
}

/* A null document is a JSON null: `$` selects it, nothing else does. */
static void test_null_root(void **state)
{
    (void)state;
    az_jsonpath *path = NULL;
    json_object *got = NULL;
    assert_int_equal(az_jsonpath_compile("$", NULL, &path), AZ_OK);
    assert_int_equal(az_jsonpath_eval(path, NULL, &got), AZ_OK);
    assert_int_equal(json_object_array_length(got), 1);
    assert_null(json_object_array_get_idx(got, 0));
    json_object_put(got);
    az_jsonpath_free(path);
}

/* Query nesting beyond AZ_JSONPATH_MAX_NESTING is a syntax error. */
static void test_query_nesting(void **state)
{
    (void)state;
    char q[1024];
    for (unsigned levels = 60; levels <= 70; levels += 10) {
        size_t n = 0;
        n += (size_t)snprintf(q + n, sizeof q - n, "$[?");
        for (unsigned i = 0; i < levels; i++)
            q[n++] = '(';
        n += (size_t)snprintf(q + n, sizeof q - n, "@.a");
        for (unsigned i = 0; i < levels; i++)
            q[n++] = ')';
        n += (size_t)snprintf(q + n, sizeof q - n, "]");
        az_diags *diags = az_diags_new();
        az_jsonpath *path = NULL;
        az_status st = az_jsonpath_compile(q, diags, &path);
        if (levels < AZ_JSONPATH_MAX_NESTING) {
            assert_int_equal(st, AZ_OK);
        } else {
            assert_int_equal(st, AZ_ERR_SYNTAX);
            assert_non_null(strstr(az_diags_get(diags, 0)->message, "nested deeper"));
        }
        az_jsonpath_free(path);
        az_diags_free(diags);
    }
}

/* Builds an array nested `depth` levels deep around the number 1. */
static json_object *nested(unsigned depth)
{
    json_object *v = json_object_new_int(1);
    for (unsigned i = 0; i < depth; i++) {
        json_object *a = json_object_new_array();
        json_object_array_add(a, v);
        v = a;
    }
    return v;
}

/* Descendant segments stop with AZ_ERR_LIMIT past AZ_JSONPATH_MAX_DOC_DEPTH. */
static void test_doc_depth(void **state)
{
    (void)state;
    az_jsonpath *path = NULL;
    json_object *got = NULL;
    assert_int_equal(az_jsonpath_compile("$..[?@ == 1]", NULL, &path), AZ_OK);
    json_object *ok = nested(600), *deep = nested(AZ_JSONPATH_MAX_DOC_DEPTH + 10);
    assert_int_equal(az_jsonpath_eval(path, ok, &got), AZ_OK);
    assert_int_equal(json_object_array_length(got), 1);
    json_object_put(got);
    got = (json_object *)1;
    assert_int_equal(az_jsonpath_eval(path, deep, &got), AZ_ERR_LIMIT);
    assert_null(got);
    az_jsonpath_free(path);
    json_object_put(ok);
    json_object_put(deep);
}

/* A filter over 10,000 elements, evaluated repeatedly, stays fast. */
static void test_large_filter(void **state)
{
    (void)state;
    az_jsonpath *path = NULL;
    json_object *doc = json_object_new_array();
    for (int i = 0; i < 10000; i++) {
        json_object *o = json_object_new_object();
        json_object_object_add(o, "v", json_object_new_int(i));
        json_object_object_add(o, "s", json_object_new_string(i % 2 ? "odd" : "even"));
        json_object_array_add(doc, o);
    }
    assert_int_equal(
        az_jsonpath_compile("$[?@.v >= 5000 && match(@.s, 'e.*') && count(@.*) == 2]", NULL, &path),
        AZ_OK);
    clock_t t0 = clock();
    for (int round = 0; round < 20; round++) {
        json_object *got = NULL;
        assert_int_equal(az_jsonpath_eval(path, doc, &got), AZ_OK);
        assert_int_equal(json_object_array_length(got), 2500);
        json_object_put(got);
    }
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    printf("20 x 10,000-element filter: %.3f s\n", secs);
    assert_true(secs < 10.0);
    az_jsonpath_free(path);
    json_object_put(doc);
}

/* I-Regexp validity (RFC 9485 section 3 grammar). */
static void test_iregexp(void **state)
{
    (void)state;
    static const char *const valid[] = {"",      "a*",       "[a-z]+", "\\p{Lu}",  "(a|b){2,3}",
                                        "[^-a]", "[a-]",     "[--]",   "a{2,}",    "\\P{L}x",
                                        "()",    "[\\]\\-]", "\\n\\t", "[\\p{N}]", "a|",
                                        "x{0}",  ",-/",      "[.]",    "\\{\\}",   "\xE2\x98\xBA+"};
    static const char *const invalid[] = {"\\d",     "a**", "[]",  "(",     "a{,3}", "[b-a]",
                                          "\\p{Xx}", "*a",  "[^]", ")",     "a{2",   "[a-b-c]",
                                          "\\",      "{",   "[a",  "\\p{L", "a]",    "[[]"};
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
        if (!az_iregexp_valid(valid[i], strlen(valid[i])))
            printf("valid I-Regexp rejected: %s\n", valid[i]);
        assert_true(az_iregexp_valid(valid[i], strlen(valid[i])));
    }
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
        if (az_iregexp_valid(invalid[i], strlen(invalid[i])))
            printf("invalid I-Regexp accepted: %s\n", invalid[i]);
        assert_false(az_iregexp_valid(invalid[i], strlen(invalid[i])));
    }
}

/* A catastrophic pattern is cut off by the PCRE2 limits and yields false. */
static void test_regex_limits(void **state)
{
    (void)state;
    az_jsonpath *path = NULL;
    json_object *got = NULL;
    char subject[64];
    memset(subject, 'a', sizeof subject - 2);
    subject[sizeof subject - 2] = 'b';
    subject[sizeof subject - 1] = '\0';
    json_object *doc = json_object_new_array();
    json_object_array_add(doc, json_object_new_string(subject));
    assert_int_equal(az_jsonpath_compile("$[?match(@, '(a*)*c')]", NULL, &path), AZ_OK);
    assert_int_equal(az_jsonpath_eval(path, doc, &got), AZ_OK);
    assert_int_equal(json_object_array_length(got), 0);
    json_object_put(got);
    json_object_put(doc);
    az_jsonpath_free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eval_rows),     cmocka_unit_test(test_bad_rows),
        cmocka_unit_test(test_rendering),     cmocka_unit_test(test_no_diags),
        cmocka_unit_test(test_paths),         cmocka_unit_test(test_null_root),
        cmocka_unit_test(test_query_nesting), cmocka_unit_test(test_doc_depth),
        cmocka_unit_test(test_large_filter),  cmocka_unit_test(test_iregexp),
        cmocka_unit_test(test_regex_limits),  cmocka_unit_test(test_multiline_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
