/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_doc.c - the document layer shared by both parsers: reading files,
 * I/O errors, the format chosen by extension, the size limit, source lines
 * (LF, CRLF, lone CR), offsets to positions, and position lookups on nodes
 * that belong to another document or to none.
 */
#define _DEFAULT_SOURCE /* mkstemps */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core_internal.h"

/* Writes `text` to a new temporary file whose name ends in `suffix`. */
static char *temp_file(const char *suffix, const char *text)
{
    char *path = malloc(256);
    snprintf(path, 256, "/tmp/az_test_doc_XXXXXX%s", suffix);
    int fd = mkstemps(path, (int)strlen(suffix));
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

/* A missing file is AZ_ERR_IO with an io-error naming the file and reason. */
static void test_missing_file(void **state)
{
    (void)state;
    az_diags *diags = az_diags_new();
    az_doc *doc = (az_doc *)1;
    assert_int_equal(az_doc_load_file("/nonexistent/x.yaml", NULL, diags, &doc), AZ_ERR_IO);
    assert_null(doc);
    const az_diag *d = az_diags_get(diags, 0);
    assert_string_equal(d->code, "io-error");
    assert_string_equal(d->file, "/nonexistent/x.yaml");
    assert_non_null(strstr(d->message, "No such file or directory"));
    az_diags_free(diags);
}

/* A directory is refused with a clear reason, not read as empty. */
static void test_directory(void **state)
{
    (void)state;
    az_diags *diags = az_diags_new();
    az_doc *doc = NULL;
    assert_int_equal(az_doc_load_file("/tmp", NULL, diags, &doc), AZ_ERR_IO);
    assert_non_null(strstr(az_diags_get(diags, 0)->message, "Is a directory"));
    az_diags_free(diags);
}

/* AUTO picks JSON for .json (case-insensitive) and YAML for the rest. */
static void test_format_by_extension(void **state)
{
    (void)state;
    static const struct {
        const char *suffix;
        az_format expected;
    } cases[] = {{".json", AZ_FORMAT_JSON},
                 {".JSON", AZ_FORMAT_JSON},
                 {".yaml", AZ_FORMAT_YAML},
                 {".yml", AZ_FORMAT_YAML},
                 {".txt", AZ_FORMAT_YAML}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *path = temp_file(cases[i].suffix, "{\"a\": [1, 2]}\n");
        az_doc *doc = NULL;
        assert_int_equal(az_doc_load_file(path, NULL, NULL, &doc), AZ_OK);
        assert_int_equal(az_doc_format(doc), cases[i].expected);
        assert_string_equal(az_doc_name(doc), path);
        json_object *a = NULL;
        assert_int_equal(az_pointer_get(az_doc_root(doc), "/a/1", &a), AZ_OK);
        assert_int_equal(json_object_get_int(a), 2);
        az_doc_free(doc);
        unlink(path);
        free(path);
    }
}

/* Input over max_bytes is AZ_ERR_LIMIT with input-too-large, from memory and file. */
static void test_size_limit(void **state)
{
    (void)state;
    az_load_opts opts;
    az_load_opts_init(&opts);
    opts.max_bytes = 8;
    az_diags *diags = az_diags_new();
    az_doc *doc = NULL;
    assert_int_equal(az_doc_load_buffer("x.yaml", "a: 123456789", 12, &opts, diags, &doc),
                     AZ_ERR_LIMIT);
    assert_string_equal(az_diags_get(diags, 0)->code, "input-too-large");
    char *path = temp_file(".yaml", "a: 123456789\n");
    assert_int_equal(az_doc_load_file(path, &opts, diags, &doc), AZ_ERR_LIMIT);
    assert_string_equal(az_diags_get(diags, 1)->code, "input-too-large");
    unlink(path);
    free(path);
    az_diags_free(diags);
}

/* Source lines come back without their line break, whatever the break. */
static void test_line_text(void **state)
{
    (void)state;
    static const char text[] = "a: 1\r\nb: 2\rc: 3\nd: 4";
    az_doc *doc = NULL;
    az_load_opts opts;
    az_load_opts_init(&opts);
    opts.format = AZ_FORMAT_YAML;
    assert_int_equal(az_doc_load_buffer("t.yaml", text, sizeof text - 1, &opts, NULL, &doc), AZ_OK);
    static const char *lines[] = {"a: 1", "b: 2", "c: 3", "d: 4"};
    for (uint32_t i = 0; i < 4; i++) {
        size_t len;
        const char *s = az_doc_line_text(doc, i + 1, &len);
        assert_non_null(s);
        assert_int_equal(len, strlen(lines[i]));
        assert_memory_equal(s, lines[i], len);
    }
    assert_null(az_doc_line_text(doc, 5, NULL));
    assert_null(az_doc_line_text(doc, 0, NULL));
    az_doc_free(doc);
}

/* A byte order mark belongs to no line: line 1's text and columns start after it. */
static void test_bom_not_in_line(void **state)
{
    (void)state;
    static const char text[] = "\xEF\xBB\xBF{\"a\": 1}";
    az_doc *doc = NULL;
    assert_int_equal(az_doc_load_buffer("t.json", text, sizeof text - 1, NULL, NULL, &doc), AZ_OK);
    size_t len;
    const char *line = az_doc_line_text(doc, 1, &len);
    assert_int_equal(len, 8);
    assert_memory_equal(line, "{\"a\": 1}", 8);
    uint32_t l, c;
    az__doc_offset_pos(doc, 4, &l, &c); /* the quote of "a" */
    assert_int_equal(c, 2);
    az__doc_offset_pos(doc, 1, &l, &c); /* inside the mark */
    assert_int_equal(c, 1);
    az_doc_free(doc);
}

/* A null root has a position through the empty pointer. */
static void test_null_root_position(void **state)
{
    (void)state;
    az_doc *doc = NULL;
    assert_int_equal(az_doc_load_buffer("t.json", "\n  null", 7, NULL, NULL, &doc), AZ_OK);
    assert_null(az_doc_root(doc));
    az_pos pos;
    assert_int_equal(az_doc_pointer_pos(doc, "", &pos, NULL), AZ_OK);
    assert_int_equal(pos.line, 2);
    assert_int_equal(pos.column, 3);
    az_doc_free(doc);
}

/*
 * In YAML, U+0085, U+2028 and U+2029 break lines as libyaml counts them, so
 * every position names a line whose text is the one quoted; JSON does not
 * treat them as breaks.
 */
static void test_unicode_line_breaks(void **state)
{
    (void)state;
    static const char text[] = "a: \"x\xC2\x85y\xE2\x80\xA8z\"\nb: [1,\n 2]\n";
    az_load_opts opts;
    az_load_opts_init(&opts);
    opts.format = AZ_FORMAT_YAML;
    az_doc *doc = NULL;
    assert_int_equal(az_doc_load_buffer("t.yaml", text, sizeof text - 1, &opts, NULL, &doc), AZ_OK);
    az_pos pos;
    assert_int_equal(az_doc_pointer_pos(doc, "/b/1", &pos, NULL), AZ_OK);
    size_t len;
    const char *line = az_doc_line_text(doc, pos.line, &len);
    assert_non_null(line);
    assert_memory_equal(line + pos.column - 1, "2]", 2);
    line = az_doc_line_text(doc, 1, &len);
    assert_int_equal(len, 5); /* a: "x, without the NEL */
    az_doc_free(doc);

    static const char json[] = "{\"a\": \"x\xC2\x85y\", \"b\": 2}";
    assert_int_equal(az_doc_load_buffer("t.json", json, sizeof json - 1, NULL, NULL, &doc), AZ_OK);
    assert_int_equal(az_doc_pointer_pos(doc, "/b", &pos, NULL), AZ_OK);
    assert_int_equal(pos.line, 1);
    az_doc_free(doc);
}

/* A position libyaml puts past the end (an empty value at EOF) stays inside. */
static void test_positions_inside_document(void **state)
{
    (void)state;
    static const char *texts[] = {"? x", "?", "-:\n?", "a:"};
    static const char *pointers[] = {"/x", "/", "/", "/a"};
    for (size_t i = 0; i < 4; i++) {
        az_doc *doc = NULL;
        az_load_opts opts;
        az_load_opts_init(&opts);
        opts.format = AZ_FORMAT_YAML;
        assert_int_equal(
            az_doc_load_buffer("t.yaml", texts[i], strlen(texts[i]), &opts, NULL, &doc), AZ_OK);
        az_pos pos;
        assert_int_equal(az_doc_pointer_pos(doc, pointers[i], &pos, NULL), AZ_OK);
        size_t len;
        const char *line = az_doc_line_text(doc, pos.line, &len);
        assert_non_null(line);
        assert_true(pos.column >= 1 && pos.column <= len + 1);
        az_doc_free(doc);
    }
}

/* Byte offsets become line and code-point column. */
static void test_offset_pos(void **state)
{
    (void)state;
    static const char text[] = "k: 1\n\xc3\xa9\xc3\xa9: x\n";
    az_load_opts opts;
    az_load_opts_init(&opts);
    opts.format = AZ_FORMAT_YAML;
    az_doc *doc = NULL;
    assert_int_equal(az_doc_load_buffer("t.yaml", text, sizeof text - 1, &opts, NULL, &doc), AZ_OK);
    uint32_t line, col;
    az__doc_offset_pos(doc, 0, &line, &col);
    assert_int_equal(line, 1);
    assert_int_equal(col, 1);
    az__doc_offset_pos(doc, 9, &line, &col); /* the ':' after two 2-byte letters */
    assert_int_equal(line, 2);
    assert_int_equal(col, 3);
    az_doc_free(doc);
}

/* Nodes of another document, or made by hand, have no position here. */
static void test_foreign_nodes(void **state)
{
    (void)state;
    az_doc *a = NULL, *b = NULL;
    assert_int_equal(az_doc_load_buffer("a.json", "{\"x\": 1.5}", 10, NULL, NULL, &a), AZ_OK);
    assert_int_equal(az_doc_load_buffer("b.json", "{\"x\": 2.5}", 10, NULL, NULL, &b), AZ_OK);
    az_pos pos;
    assert_true(az_doc_node_pos(a, az_doc_root(a), &pos));
    assert_false(az_doc_node_pos(b, az_doc_root(a), &pos));
    json_object *parsed = json_tokener_parse("1.25"); /* json-c keeps a string as userdata */
    assert_false(az_doc_node_pos(a, parsed, &pos));
    assert_false(az_doc_node_pos(a, NULL, &pos));
    json_object_put(parsed);
    az_doc_free(a);
    az_doc_free(b);
}

/* az_doc_diag fills file, position and the quoted source line. */
static void test_doc_diag(void **state)
{
    (void)state;
    static const char text[] = "{\n  \"a\": true\n}";
    az_doc *doc = NULL;
    assert_int_equal(az_doc_load_buffer("t.json", text, sizeof text - 1, NULL, NULL, &doc), AZ_OK);
    az_diags *diags = az_diags_new();
    az_pos pos;
    assert_int_equal(az_doc_pointer_pos(doc, "/a", &pos, NULL), AZ_OK);
    const az_diag *d = az_doc_diag(doc, diags, AZ_SEVERITY_WARNING, "t", &pos, "x=%d", 7);
    assert_string_equal(d->file, "t.json");
    assert_int_equal(d->line, 2);
    assert_int_equal(d->column, 8);
    assert_string_equal(d->source_line, "  \"a\": true");
    assert_string_equal(d->message, "x=7");
    az_diags_free(diags);
    az_doc_free(doc);
}

/* A string node is underlined whole when written verbatim (quotes
 * included, columns in code points), not when escaped or a block scalar. */
static void test_scalar_span(void **state)
{
    (void)state;
    static const char text[] = "plain: some text\n"
                               "quoted: 'żółw x'\n"
                               "escaped: \"a\\tb\"\n"
                               "block: |\n  line\n";
    az_doc *doc = NULL;
    assert_int_equal(az_doc_load_buffer("t.yaml", text, sizeof text - 1, NULL, NULL, &doc), AZ_OK);
    az_diags *diags = az_diags_new();
    static const struct {
        const char *key;
        uint32_t span;
    } cases[] = {{"plain", 9}, {"quoted", 8}, {"escaped", 0}, {"block", 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_object *node = NULL;
        assert_true(json_object_object_get_ex(az_doc_root(doc), cases[i].key, &node));
        const az_diag *d = az_doc_node_diag(doc, diags, AZ_SEVERITY_ERROR, "t", node, "m");
        assert_non_null(d);
        if (d->span != cases[i].span)
            fail_msg("%s: span %u, expected %u", cases[i].key, d->span, cases[i].span);
    }
    assert_int_equal(az_utf8_column_offset("\xc5\xbc\xc3\xb3x", 5, 3), 4);
    assert_int_equal(az_utf8_column_offset("ab", 2, 9), 2);
    az_diags_free(diags);
    az_doc_free(doc);
}

/* Status names and strings exist for every code. */
static void test_status_names(void **state)
{
    (void)state;
    assert_string_equal(az_status_name(AZ_ERR_SYNTAX), "AZ_ERR_SYNTAX");
    assert_string_equal(az_status_str(AZ_ERR_IO), "input/output error");
    assert_string_equal(az_severity_name(AZ_SEVERITY_WARNING), "warning");
    assert_string_equal(az_version(), AZ_VERSION_STRING);
}

/* UTF-8 validation: the RFC 3629 edge cases. */
static void test_utf8(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t len;
        bool ok;
        size_t bad;
    } cases[] = {
        {"plain ascii text, longer than eight", 35, true, 0},
        {"\xc3\xa9", 2, true, 0},
        {"\xf0\x9f\x98\x80", 4, true, 0},
        {"ab\xc0\xaf", 4, false, 2},       /* overlong '/' */
        {"\xed\xa0\x80", 3, false, 0},     /* surrogate */
        {"\xf4\x90\x80\x80", 4, false, 0}, /* above U+10FFFF */
        {"abc\xe2\x82", 5, false, 3},      /* truncated */
        {"\x80", 1, false, 0},             /* lone continuation */
        {"abcdefgh\xff", 9, false, 8},     /* after a fast ASCII run */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t bad = 99;
        assert_int_equal(az__utf8_valid(cases[i].s, cases[i].len, &bad), cases[i].ok);
        if (!cases[i].ok)
            assert_int_equal(bad, cases[i].bad);
    }
    assert_int_equal(az_utf8_length("a\xc3\xa9\xf0\x9f\x98\x80", 7), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_directory),
        cmocka_unit_test(test_format_by_extension),
        cmocka_unit_test(test_size_limit),
        cmocka_unit_test(test_line_text),
        cmocka_unit_test(test_offset_pos),
        cmocka_unit_test(test_bom_not_in_line),
        cmocka_unit_test(test_null_root_position),
        cmocka_unit_test(test_unicode_line_breaks),
        cmocka_unit_test(test_positions_inside_document),
        cmocka_unit_test(test_foreign_nodes),
        cmocka_unit_test(test_doc_diag),
        cmocka_unit_test(test_scalar_span),
        cmocka_unit_test(test_status_names),
        cmocka_unit_test(test_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
