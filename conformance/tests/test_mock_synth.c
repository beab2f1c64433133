/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_mock_synth.c - the mock's schema synthesis table by table, without
 * HTTP: each schema is put in a small OpenAPI 3.1 document under
 * #/components/schemas/S (beside `Ref`, an integer with minimum 5) and
 * the value synthesized from it is compared with the expected JSON.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conformance_mock_internal.h"

/* One schema and the value expected from it. */
typedef struct synth_case {
    const char *schema;
    const char *expected; /* JSON */
} synth_case;

static const synth_case CASES[] = {
    {"{\"type\": \"string\"}", "\"string\""},
    {"{\"type\": \"string\", \"format\": \"date-time\"}", "\"2024-01-01T12:00:00Z\""},
    {"{\"type\": \"string\", \"format\": \"date\"}", "\"2024-01-01\""},
    {"{\"type\": \"string\", \"format\": \"uuid\"}", "\"3fa85f64-5717-4562-b3fc-2c963f66afa6\""},
    {"{\"type\": \"string\", \"format\": \"uri\"}", "\"https://example.com/\""},
    {"{\"type\": \"string\", \"minLength\": 8}", "\"stringxx\""},
    {"{\"type\": \"string\", \"maxLength\": 3}", "\"str\""},
    {"{\"type\": \"integer\", \"minimum\": 3}", "3"},
    {"{\"type\": \"integer\", \"exclusiveMinimum\": 3}", "4"},
    {"{\"type\": \"number\", \"maximum\": -2}", "-2.0"},
    {"{\"type\": [\"null\", \"boolean\"]}", "true"},
    {"{\"type\": \"null\"}", "null"},
    {"{\"enum\": [\"b\", \"a\"]}", "\"b\""},
    {"{\"const\": {\"x\": [1]}}", "{\"x\": [1]}"},
    {"{\"type\": \"string\", \"default\": \"d\", \"examples\": [\"e\"]}", "\"e\""},
    {"{\"type\": \"string\", \"default\": \"d\"}", "\"d\""},
    {"{\"example\": 5, \"enum\": [1]}", "5"},
    {"{\"$ref\": \"#/components/schemas/Ref\"}", "5"},
    {"{\"type\": \"array\", \"items\": {\"$ref\": \"#/components/schemas/Ref\"}}", "[5]"},
    {"{\"type\": \"array\"}", "[]"},
    {"{\"prefixItems\": [{\"type\": \"boolean\"}, {\"const\": 2}]}", "[true, 2]"},
    {"{\"type\": \"object\", \"additionalProperties\": {\"type\": \"integer\"}}", "{\"key\": 0}"},
    {"{\"allOf\": [{\"properties\": {\"a\": {\"const\": 1}}}, "
     "{\"properties\": {\"a\": {\"const\": 9}, \"b\": {\"const\": 2}}}]}",
     "{\"a\": 1, \"b\": 2}"},
    {"{\"type\": \"object\", \"properties\": {\"o\": {\"const\": 0}}, "
     "\"allOf\": [{\"properties\": {\"p\": {\"const\": 1}}}]}",
     "{\"o\": 0, \"p\": 1}"},
    {"{\"oneOf\": [{\"type\": \"integer\"}, {\"type\": \"string\"}]}", "0"},
    {"{\"anyOf\": [{\"type\": \"string\", \"format\": \"email\"}]}", "\"user@example.com\""},
    {"{}", "null"},
    {"true", "null"},
    /* optional self-reference: stops at the soft depth */
    {"{\"properties\": {\"self\": {\"$ref\": \"#/components/schemas/S\"}}}",
     "{\"self\": {\"self\": {\"self\": {\"self\": {}}}}}"},
    /* allOf of itself: stopped by the hop limit */
    {"{\"allOf\": [{\"$ref\": \"#/components/schemas/S\"}]}", "null"},
    /* a dangling $ref gives null */
    {"{\"$ref\": \"#/components/schemas/Missing\"}", "null"},
};

/* Synthesizes every schema of the table. */
static void test_synth_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++) {
        char doc[2048], url[64];
        snprintf(doc, sizeof(doc),
                 "{\"openapi\": \"3.1.0\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, "
                 "\"paths\": {}, \"components\": {\"schemas\": {\"S\": %s, "
                 "\"Ref\": {\"type\": \"integer\", \"minimum\": 5}}}}",
                 CASES[i].schema);
        snprintf(url, sizeof(url), "file:///mem/case%zu.json", i);
        az_docset *set = az_docset_new(NULL);
        const az_source *src = NULL;
        assert_int_equal(az_docset_add_buffer(set, url, url, doc, strlen(doc), NULL, &src), AZ_OK);
        json_object *s = NULL;
        assert_int_equal(az_pointer_get(az_source_root(src), "/components/schemas/S", &s), AZ_OK);
        az_oas_node node = {src, s};
        json_object *got = az__mock_synth_schema(set, node, 0);
        json_object *want = json_tokener_parse(CASES[i].expected);
        if (!json_object_equal(got, want))
            fail_msg("%s: got %s, expected %s", CASES[i].schema, json_object_to_json_string(got),
                     CASES[i].expected);
        json_object_put(got);
        json_object_put(want);
        az_docset_free(set);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_synth_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
