/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_mock_route.c - the mock's routing table by table, without HTTP:
 * methods in any case, path templates with whole and partial `{name}`
 * segments, captured values percent-decoded, the servers' base path
 * stripped or not, literal segments winning over templated ones, a
 * trailing slash, 404 (nothing matches) and 405 (the Allow list).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "conformance_mock_internal.h"

static const char API[] = "openapi: 3.1.0\n"
                          "info: {title: routes, version: '1'}\n"
                          "servers: [{url: 'https://x.example/api/v2/'}]\n"
                          "paths:\n"
                          "  /: {get: {operationId: root}}\n"
                          "  /pets:\n"
                          "    get: {operationId: listPets}\n"
                          "    post: {operationId: createPet}\n"
                          "  /pets/{id}:\n"
                          "    get: {operationId: getPet}\n"
                          "    delete: {operationId: deletePet}\n"
                          "  /pets/mine: {get: {operationId: getMine}}\n"
                          "  /files/{name}.{ext}: {get: {operationId: getFile}}\n"
                          "  /a/{x}/c: {get: {operationId: getAXC}}\n"
                          "  /{any}/c:\n"
                          "    put: {operationId: putAnyC}\n"
                          "    servers: [{url: /other}]\n";

/* One request and where it must go. */
typedef struct route_case {
    const char *method, *path;
    const char *operation_id; /* NULL: no operation */
    const char *params;       /* the captures as compact JSON, or NULL */
    const char *allow;        /* the Allow list, or NULL for a 404 */
} route_case;

static const route_case CASES[] = {
    {"GET", "/pets", "listPets", "{}", NULL},
    {"get", "/api/v2/pets", "listPets", "{}", NULL},
    {"POST", "/api/v2/pets/", "createPet", "{}", NULL},
    {"PUT", "/pets", NULL, NULL, "GET, POST"},
    {"GET", "/api/v2/pets/mine", "getMine", "{}", NULL},
    {"DELETE", "/api/v2/pets/mine", "deletePet", "{\"id\":\"mine\"}", NULL},
    {"GET", "/pets/7", "getPet", "{\"id\":\"7\"}", NULL},
    {"GET", "/pets/a%2Fb%20c", "getPet", "{\"id\":\"a/b c\"}", NULL},
    {"PATCH", "/api/v2/pets/7", NULL, NULL, "GET, DELETE"},
    {"GET", "/files/report.tar.gz", "getFile", "{\"name\":\"report\",\"ext\":\"tar.gz\"}", NULL},
    {"GET", "/files/report", NULL, NULL, NULL},
    {"GET", "/", "root", "{}", NULL},
    {"GET", "/api/v2", "root", "{}", NULL},
    {"GET", "/a/b/c", "getAXC", "{\"x\":\"b\"}", NULL},
    {"PUT", "/other/z/c", "putAnyC", "{\"any\":\"z\"}", NULL},
    {"PUT", "/api/v2/z/c", NULL, NULL, NULL},
    {"GET", "/nowhere", NULL, NULL, NULL},
    {"GET", "/api/v2/pets/1/2", NULL, NULL, NULL},
};

/* Routes every case of the table. */
static void test_route_table(void **state)
{
    (void)state;
    az_docset *set = az_docset_new(NULL);
    const az_source *src = NULL;
    az_oas_index *ix = NULL;
    assert_int_equal(az_docset_add_buffer(set, "file:///mem/routes.yaml", "routes.yaml", API,
                                          strlen(API), NULL, &src),
                     AZ_OK);
    assert_int_equal(az_oas_index_build(set, src, NULL, &ix), AZ_OK);
    az__mock_routes *routes = az__mock_routes_new(ix);
    assert_non_null(routes);
    for (size_t i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++) {
        const route_case *c = &CASES[i];
        az__mock_match m;
        assert_true(az__mock_route(routes, c->method, c->path, &m));
        const char *id = m.op ? m.op->operation_id : NULL;
        if ((id == NULL) != (c->operation_id == NULL) || (id && strcmp(id, c->operation_id) != 0))
            fail_msg("%s %s: routed to %s, expected %s", c->method, c->path, id ? id : "nothing",
                     c->operation_id ? c->operation_id : "nothing");
        if (c->params) {
            json_object *want = json_tokener_parse(c->params);
            if (!json_object_equal(m.params, want))
                fail_msg("%s %s: captured %s, expected %s", c->method, c->path,
                         json_object_to_json_string(m.params), c->params);
            json_object_put(want);
        }
        if ((m.allow == NULL) != (c->allow == NULL) || (m.allow && strcmp(m.allow, c->allow)))
            fail_msg("%s %s: allow '%s', expected '%s'", c->method, c->path,
                     m.allow ? m.allow : "(none)", c->allow ? c->allow : "(none)");
        az__mock_match_clear(&m);
    }
    az__mock_routes_free(routes);
    az_oas_index_free(ix);
    az_docset_free(set);
}

/* Percent-decoding keeps malformed escapes and decodes '+' only in
 * queries. */
static void test_percent_decode(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        bool plus;
        const char *out;
    } table[] = {
        {"a%20b", false, "a b"},   {"a+b", false, "a+b"},   {"a+b", true, "a b"},
        {"%zz%4", false, "%zz%4"}, {"%41%6a", false, "Aj"}, {"", false, ""},
    };
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
        char *out = az__mock_percent_decode(table[i].in, strlen(table[i].in), table[i].plus);
        assert_string_equal(out, table[i].out);
        free(out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_route_table),
        cmocka_unit_test(test_percent_decode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
