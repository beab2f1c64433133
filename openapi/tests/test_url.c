/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_url.c - URL references: every example of RFC 3986 section 5.4
 * (normal and abnormal) resolved against its base, file:/// URLs made from
 * and turned back into local paths, and scheme detection.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arazzo/openapi.h"

/* Resolves `ref` against `base` and checks the result. */
static void check_resolve(const char *base, const char *ref, const char *expected)
{
    char *out = NULL;
    az_status st = az_url_resolve(base, ref, &out);
    if (st != AZ_OK)
        fail_msg("resolve '%s' against '%s': %s", ref, base, az_status_name(st));
    if (strcmp(out, expected) != 0)
        fail_msg("resolve '%s' against '%s': got '%s', expected '%s'", ref, base, out, expected);
    free(out);
}

/* RFC 3986 section 5.4.1, "Normal Examples". */
static void test_rfc3986_normal(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"g:h", "g:h"},
        {"g", "http://a/b/c/g"},
        {"./g", "http://a/b/c/g"},
        {"g/", "http://a/b/c/g/"},
        {"/g", "http://a/g"},
        {"//g", "http://g"},
        {"?y", "http://a/b/c/d;p?y"},
        {"g?y", "http://a/b/c/g?y"},
        {"#s", "http://a/b/c/d;p?q#s"},
        {"g#s", "http://a/b/c/g#s"},
        {"g?y#s", "http://a/b/c/g?y#s"},
        {";x", "http://a/b/c/;x"},
        {"g;x", "http://a/b/c/g;x"},
        {"g;x?y#s", "http://a/b/c/g;x?y#s"},
        {"", "http://a/b/c/d;p?q"},
        {".", "http://a/b/c/"},
        {"./", "http://a/b/c/"},
        {"..", "http://a/b/"},
        {"../", "http://a/b/"},
        {"../g", "http://a/b/g"},
        {"../..", "http://a/"},
        {"../../", "http://a/"},
        {"../../g", "http://a/g"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        check_resolve("http://a/b/c/d;p?q", cases[i][0], cases[i][1]);
}

/* RFC 3986 section 5.4.2, "Abnormal Examples". */
static void test_rfc3986_abnormal(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"../../../g", "http://a/g"},
        {"../../../../g", "http://a/g"},
        {"/./g", "http://a/g"},
        {"/../g", "http://a/g"},
        {"g.", "http://a/b/c/g."},
        {".g", "http://a/b/c/.g"},
        {"g..", "http://a/b/c/g.."},
        {"..g", "http://a/b/c/..g"},
        {"./../g", "http://a/b/g"},
        {"./g/.", "http://a/b/c/g/"},
        {"g/./h", "http://a/b/c/g/h"},
        {"g/../h", "http://a/b/c/h"},
        {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
        {"g;x=1/../y", "http://a/b/c/y"},
        {"g?y/./x", "http://a/b/c/g?y/./x"},
        {"g?y/../x", "http://a/b/c/g?y/../x"},
        {"g#s/./x", "http://a/b/c/g#s/./x"},
        {"g#s/../x", "http://a/b/c/g#s/../x"},
        {"http:g", "http:g"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        check_resolve("http://a/b/c/d;p?q", cases[i][0], cases[i][1]);
}

/* References inside descriptions: file URLs and a relative ref without a
 * base. */
static void test_description_refs(void **state)
{
    (void)state;
    check_resolve("file:///srv/api/arazzo/flow.yaml", "../openapi/pets.yaml#/paths",
                  "file:///srv/api/openapi/pets.yaml#/paths");
    check_resolve("https://example.com/specs/v1/api.json", "schemas/pet.json",
                  "https://example.com/specs/v1/schemas/pet.json");
    check_resolve("https://example.com/api.json", "https://other.example.org/x.yaml",
                  "https://other.example.org/x.yaml");
    char *out = (char *)&out;
    assert_int_equal(az_url_resolve(NULL, "relative.yaml", &out), AZ_ERR_INVALID);
    assert_null(out);
}

/* Local paths become file:/// URLs (percent-encoded, normalized) and
 * back. */
static void test_file_urls(void **state)
{
    (void)state;
    char *url = NULL;
    assert_int_equal(az_url_from_path("/tmp/a b/./x/../api#1.yaml", &url), AZ_OK);
    assert_string_equal(url, "file:///tmp/a%20b/api%231.yaml");
    char *path = az_url_to_path(url);
    assert_string_equal(path, "/tmp/a b/api#1.yaml");
    free(path);
    free(url);

    char *cwd = getcwd(NULL, 0);
    assert_non_null(cwd);
    assert_int_equal(az_url_from_path("sub/api.yaml", &url), AZ_OK);
    path = az_url_to_path(url);
    size_t n = strlen(cwd);
    assert_memory_equal(path, cwd, n);
    assert_string_equal(path + n, "/sub/api.yaml");
    free(path);
    free(url);
    free(cwd);

    assert_null(az_url_to_path("https://example.com/a.yaml"));
    assert_null(az_url_to_path("file://otherhost/a.yaml"));
    path = az_url_to_path("file://localhost/etc/api.yaml");
    assert_string_equal(path, "/etc/api.yaml");
    free(path);
}

/* Scheme detection: "g:" is a scheme (RFC 3986), a path is not. */
static void test_has_scheme(void **state)
{
    (void)state;
    assert_true(az_url_has_scheme("https://x"));
    assert_true(az_url_has_scheme("file:///x"));
    assert_true(az_url_has_scheme("urn:x"));
    assert_true(az_url_has_scheme("g:h"));
    assert_false(az_url_has_scheme("api.yaml"));
    assert_false(az_url_has_scheme("./a:b"));
    assert_false(az_url_has_scheme(""));
}

/* What JSON Schema identifiers need: URNs, bare fragments, empty refs, a
 * base with a fragment, and bases without a scheme. */
static void test_schema_ids(void **state)
{
    (void)state;
    static const char *const cases[][3] = {
        {"urn:uuid:deadbeef-1234", "#/$defs/a", "urn:uuid:deadbeef-1234#/$defs/a"},
        {"urn:uuid:deadbeef-1234", "", "urn:uuid:deadbeef-1234"},
        {"http://x/a.json#frag", "", "http://x/a.json"},
        {"http://x/a.json#frag", "#b", "http://x/a.json#b"},
        {"http://x/a.json", "urn:example:b", "urn:example:b"},
        {"dir/a.json", "b.json", "dir/b.json"},
        {"dir/a.json", "#/x", "dir/a.json#/x"},
        {"", "#x", "#x"},
        {"", "/../a", "/a"},
        {"//host/a/b", "../c", "//host/c"},
        {"http://x", "y.json", "http://x/y.json"},
        {"file:///api/openapi.yaml", "schemas/pet.json#/Pet", "file:///api/schemas/pet.json#/Pet"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_resolve(cases[i][0], cases[i][1], cases[i][2]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc3986_normal),   cmocka_unit_test(test_rfc3986_abnormal),
        cmocka_unit_test(test_description_refs), cmocka_unit_test(test_file_urls),
        cmocka_unit_test(test_has_scheme),       cmocka_unit_test(test_schema_ids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
