/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_xml_replace.c - payload replacements on XML payloads (checklist
 * PR-05): elements and attributes selected by XPath get the new text, the
 * XML declaration is kept; zero matches, a malformed payload or a
 * malformed expression are errors carrying libxml2's reason, libxml2
 * prints nothing itself, and evaluation stops at the operation limit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arazzo/core.h"
#include "arazzo/expr.h"

/* Replaces and checks the result (NULL expected: an error containing `why`). */
static void check(const char *xml, const char *xpath, const char *text, const char *expected,
                  const char *why)
{
    char *out = NULL, *error = NULL;
    az_status st = az_xml_replace(xml, strlen(xml), xpath, text, &out, &error);
    if (expected) {
        if (st != AZ_OK)
            fail_msg("%s: %s", xpath, error ? error : az_status_name(st));
        assert_string_equal(out, expected);
    } else {
        assert_int_equal(st, AZ_ERR_INVALID);
        assert_null(out);
        if (!error || !strstr(error, why))
            fail_msg("%s: expected an error with '%s', got '%s'", xpath, why,
                     error ? error : "(none)");
    }
    free(out);
    free(error);
}

/* Elements, attributes, every match, the declaration. */
static void test_replace(void **state)
{
    (void)state;
    check("<order ref=\"none\"><id>0</id><status>draft</status></order>", "/order/id", "42",
          "<order ref=\"none\"><id>42</id><status>draft</status></order>", NULL);
    check("<order ref=\"none\"><id>0</id></order>", "/order/@ref", "r-42",
          "<order ref=\"r-42\"><id>0</id></order>", NULL);
    check("<l><i>a</i><i>b</i></l>", "//i", "x&y", "<l><i>x&amp;y</i><i>x&amp;y</i></l>", NULL);
    check("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a><b/></a>", "/a/b", "t",
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a><b>t</b></a>", NULL);
}

/* What cannot be replaced, each with libxml2's reason when it has one. */
static void test_errors(void **state)
{
    (void)state;
    check("<a><b/></a>", "/a/c", "t", NULL, "selects nothing");
    check("<a><b></a>", "/a/b", "t", NULL, "not well-formed xml: ");
    check("<a/>", "/a[", "t", NULL, "is not an xpath 1.0 expression: ");
    check("<a><b>1</b></a>", "count(/a/b)", "t", NULL, "selects nothing");
}

/* libxml2 prints nothing of its own: its messages are in the error. */
static void test_quiet(void **state)
{
    (void)state;
    FILE *capture = tmpfile();
    assert_non_null(capture);
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    assert_true(saved >= 0);
    assert_true(dup2(fileno(capture), STDERR_FILENO) >= 0);
    char *out = NULL, *error = NULL;
    az_status st = az_xml_replace("<a/>", 4, "/a[", "t", &out, &error);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    assert_int_equal(st, AZ_ERR_INVALID);
    assert_int_equal(ftell(capture), 0);
    fclose(capture);
    free(error);
}

/* A target that would run for minutes stops at the operation limit. */
static void test_operation_limit(void **state)
{
    (void)state;
    az_buf xml = {0};
    az_buf_puts(&xml, "<l>");
    for (int i = 0; i < 400; i++)
        az_buf_puts(&xml, "<i/>");
    az_buf_puts(&xml, "</l>");
    assert_false(xml.failed);
    check(xml.data, "//i[count(//i[count(//i) > 0]) > 0]", "t", NULL,
          "could not be evaluated: operation limit exceeded");
    free(xml.data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_replace),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_quiet),
        cmocka_unit_test(test_operation_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
