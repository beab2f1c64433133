/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_xml_replace.c - payload replacements on XML payloads (checklist
 * PR-05): elements and attributes selected by XPath get the new text, the
 * XML declaration is kept, and zero matches, a malformed payload or a
 * malformed expression are errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

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

/* What cannot be replaced. */
static void test_errors(void **state)
{
    (void)state;
    check("<a><b/></a>", "/a/c", "t", NULL, "selects nothing");
    check("<a><b></a>", "/a/b", "t", NULL, "not well-formed");
    check("<a/>", "/a[", "t", NULL, "not an xpath");
    check("<a><b>1</b></a>", "count(/a/b)", "t", NULL, "selects nothing");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_replace),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
