/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_number.c - the text of doubles: the shortest decimal that reads back
 * as the same number, always marked as a double, and loaded documents
 * serializing their doubles that way.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arazzo/core.h"

/* Each double prints as its shortest round-trip text. */
static void test_shortest_text(void **state)
{
    (void)state;
    static const struct {
        double d;
        const char *text;
    } cases[] = {
        {8.95, "8.95"},
        {0.1, "0.1"},
        {1.5e-7, "1.5e-07"},
        {2.0, "2.0"},
        {-0.0, "-0.0"},
        {1e21, "1e+21"},
        {123456.789, "123456.789"},
        /* %g alone printed 100.0 as "1e+02" (found by the openapi tests). */
        {100.0, "100.0"},
        {-2500.0, "-2500.0"},
        {1e16, "10000000000000000.0"},
        {1e17, "1e+17"},
        {0.0001, "0.0001"},
        {1.5e-5, "1.5e-05"},
        {1.0 / 3.0, "0.3333333333333333"},
        {5e-324, "5e-324"},
        {1.7976931348623157e308, "1.7976931348623157e+308"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[AZ_DOUBLE_TEXT_MAX];
        size_t n = az_format_double(cases[i].d, buf, sizeof buf);
        assert_string_equal(buf, cases[i].text);
        assert_int_equal(n, strlen(cases[i].text));
        assert_true(strtod(buf, NULL) == cases[i].d);
    }
}

/* NaN and the infinities print as json-c prints them. */
static void test_non_finite(void **state)
{
    (void)state;
    char buf[AZ_DOUBLE_TEXT_MAX];
    az_format_double(NAN, buf, sizeof buf);
    assert_string_equal(buf, "NaN");
    az_format_double(-INFINITY, buf, sizeof buf);
    assert_string_equal(buf, "-Infinity");
}

/* A loaded document serializes its doubles in the shortest form. */
static void test_loaded_doubles_serialize_shortest(void **state)
{
    (void)state;
    static const char text[] = "{\"price\": 8.95, \"list\": [0.1, 1.0, 3]}";
    az_doc *doc = NULL;
    assert_int_equal(az_doc_load_buffer("t.json", text, sizeof text - 1, NULL, NULL, &doc), AZ_OK);
    const char *out = json_object_to_json_string_ext(az_doc_root(doc), JSON_C_TO_STRING_PLAIN);
    assert_string_equal(out, "{\"price\":8.95,\"list\":[0.1,1.0,3]}");
    /* The position record is still there behind the serializer. */
    json_object *price = NULL;
    assert_int_equal(az_pointer_get(az_doc_root(doc), "/price", &price), AZ_OK);
    az_pos pos;
    assert_true(az_doc_node_pos(doc, price, &pos));
    assert_int_equal(pos.column, 11);
    az_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shortest_text),
        cmocka_unit_test(test_non_finite),
        cmocka_unit_test(test_loaded_doubles_serialize_shortest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
