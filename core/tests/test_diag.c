/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_diag.c - diagnostics: the list, and both renderings pinned by golden
 * files in golden/ (set AZ_UPDATE_GOLDEN=1 to rewrite them after an
 * intended change, then review the diff).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arazzo/core.h"

/* Reads a whole file into a new string, or NULL. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (s)
        s[n] = '\0';
    fclose(f);
    return s;
}

/* Compares `actual` with golden/NAME, or rewrites it when asked to. */
static void assert_golden(const char *name, const char *actual)
{
    char path[512];
    snprintf(path, sizeof path, "%s/core/tests/golden/%s", AZ_SOURCE_DIR, name);
    const char *update = getenv("AZ_UPDATE_GOLDEN");
    if (update && *update) {
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        fputs(actual, f);
        fclose(f);
        return;
    }
    char *expected = slurp(path);
    if (!expected)
        fail_msg("golden file %s is missing (run with AZ_UPDATE_GOLDEN=1)", path);
    if (strcmp(expected, actual) != 0)
        print_error("--- expected (%s)\n%s--- actual\n%s", path, expected, actual);
    assert_string_equal(actual, expected);
    free(expected);
}

/* Renders a list to a string with the given colour choice. */
static char *render(const az_diags *diags, bool color)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    az_render_opts opts = {color};
    az_diags_render_text(diags, out, &opts);
    fclose(out);
    /* A copy, so the caller's pointer never aliases the stream's buffer. */
    char *text = strdup(buf);
    free(buf);
    return text;
}

/* Builds the list every rendering test starts from. */
static az_diags *sample(void)
{
    az_diags *diags = az_diags_new();
    az_pos second = {"api/arazzo.yaml", 12, 5};
    az_diag *d = az_diags_add(diags, AZ_SEVERITY_ERROR, "yaml-duplicate-key", &second,
                              "duplicate mapping key '%s'", "name");
    const char *line12 = "    name: again";
    az_diag_set_source_line(d, line12, strlen(line12));
    az_diag_set_pointer(d, "/info/name");
    d->span = 4;
    az_pos first = {NULL, 10, 5};
    const char *line10 = "    name: first";
    az_diag_set_related(d, &first, "first defined here", line10, strlen(line10));

    az_pos tabbed = {"wf.yaml", 3, 3};
    d = az_diags_add(diags, AZ_SEVERITY_WARNING, "example-warning", &tabbed, "tab before x");
    az_diag_set_source_line(d, "\t\tx: 1", 6);

    az_pos file_only = {"missing.yaml", 0, 0};
    az_diags_add(diags, AZ_SEVERITY_ERROR, "io-error", &file_only,
                 "cannot open 'missing.yaml': No such file or directory");
    az_diags_add(diags, AZ_SEVERITY_NOTE, NULL, NULL, "no position at all");

    az_pos ctl = {"evil.yaml", 1, 8};
    d = az_diags_add(diags, AZ_SEVERITY_ERROR, "yaml-syntax", &ctl, "bad \033[31m byte");
    az_diag_set_source_line(d, "key: \033]0;x\007 v", 13);
    return diags;
}

/* The plain compiler-style form: location, message, code, line, caret. */
static void test_render_text_plain(void **state)
{
    (void)state;
    az_diags *diags = sample();
    char *text = render(diags, false);
    assert_golden("render_plain.txt", text);
    free(text);
    az_diags_free(diags);
}

/* The coloured form differs only by ANSI sequences. */
static void test_render_text_color(void **state)
{
    (void)state;
    az_diags *diags = sample();
    char *text = render(diags, true);
    assert_non_null(strstr(text, "\033[1;31merror:\033[0m"));
    assert_golden("render_color.txt", text);
    free(text);
    az_diags_free(diags);
}

/* A very long line is cut to a window around the column, caret aligned. */
static void test_render_long_line(void **state)
{
    (void)state;
    char line[1001];
    for (int i = 0; i < 1000; i++)
        line[i] = (char)('a' + i % 26);
    line[1000] = '\0';
    line[499] = '#';
    az_diags *diags = az_diags_new();
    az_pos pos = {"min.json", 1, 500};
    az_diag *d = az_diags_add(diags, AZ_SEVERITY_ERROR, "json-syntax", &pos, "unexpected '#'");
    az_diag_set_source_line(d, line, 1000);
    char *text = render(diags, false);
    assert_golden("render_long_line.txt", text);
    /* The caret sits under the '#', whatever the window. */
    char *source_line = strchr(text, '\n') + 1;
    char *caret_line = strchr(source_line, '\n') + 1;
    char *hash = strchr(source_line, '#');
    char *caret = strchr(caret_line, '^');
    assert_non_null(hash);
    assert_non_null(caret);
    assert_int_equal(hash - source_line, caret - caret_line);
    free(text);
    az_diags_free(diags);
}

/* The JSON form carries every field and omits unknown ones. */
static void test_render_json(void **state)
{
    (void)state;
    az_diags *diags = sample();
    json_object *arr = az_diags_to_json(diags);
    const char *s = json_object_to_json_string_ext(
        arr, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE);
    char *with_nl = malloc(strlen(s) + 2);
    sprintf(with_nl, "%s\n", s);
    assert_golden("render.json", with_nl);
    json_object *first = json_object_array_get_idx(arr, 0);
    json_object *v;
    assert_true(json_object_object_get_ex(first, "line", &v));
    assert_int_equal(json_object_get_int(v), 12);
    assert_false(json_object_object_get_ex(json_object_array_get_idx(arr, 2), "line", &v));
    free(with_nl);
    json_object_put(arr);
    az_diags_free(diags);
}

/* Counting by severity and indexing past the end. */
static void test_counts(void **state)
{
    (void)state;
    az_diags *diags = sample();
    assert_int_equal(az_diags_count(diags), 5);
    assert_int_equal(az_diags_count_severity(diags, AZ_SEVERITY_ERROR), 3);
    assert_int_equal(az_diags_count_severity(diags, AZ_SEVERITY_WARNING), 1);
    assert_int_equal(az_diags_count_severity(diags, AZ_SEVERITY_NOTE), 1);
    assert_null(az_diags_get(diags, 5));
    assert_string_equal(az_diags_get(diags, 0)->related_file, "api/arazzo.yaml");
    az_diags_free(diags);
    az_diags_free(NULL);
}

/* az_diags_sort: files in order of first appearance, then line and
 * column; equal places keep their order; entries before `from` stay. */
static void test_sort(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        uint32_t line, column;
        const char *code;
    } in[] = {
        {"z.yaml", 1, 1, "stays-first"}, {"b.yaml", 9, 2, "b9"},        {"a.yaml", 3, 1, "a3"},
        {"b.yaml", 2, 7, "b2-first"},    {"b.yaml", 2, 7, "b2-second"}, {"a.yaml", 1, 5, "a1"},
        {"b.yaml", 2, 1, "b2c1"},
    };
    static const char *const want[] = {"stays-first", "b2c1", "b2-first", "b2-second",
                                       "b9",          "a1",   "a3"};
    az_diags *diags = az_diags_new();
    for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
        az_pos pos = {in[i].file, in[i].line, in[i].column};
        assert_non_null(az_diags_add(diags, AZ_SEVERITY_ERROR, in[i].code, &pos, "m"));
    }
    az_diags_sort(diags, 1);
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
        assert_string_equal(az_diags_get(diags, i)->code, want[i]);
    az_diags_sort(diags, 7); /* nothing to sort */
    az_diags_sort(NULL, 0);
    az_diags_free(diags);
}

/* NO_COLOR turns colour off; a non-terminal never gets colour. */
static void test_color_wanted(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    assert_false(az_color_wanted(mem));
    fclose(mem);
    free(buf);
    setenv("NO_COLOR", "1", 1);
    assert_false(az_color_wanted(stderr));
    unsetenv("NO_COLOR");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_render_text_plain),
        cmocka_unit_test(test_render_text_color),
        cmocka_unit_test(test_render_long_line),
        cmocka_unit_test(test_render_json),
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_sort),
        cmocka_unit_test(test_color_wanted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
