/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_schema_suite.c - runs the JSON Schema Test Suite
 * (json-schema-org/JSON-Schema-Test-Suite, copied to
 * ../shared/data/json-schema-test-suite) against az_schema: every file of
 * tests/draft2020-12 with the 2020-12 dialect and of tests/draft4 with
 * draft-04, not the optional/ folders. Each group's schema is compiled
 * once and each test's data must be valid or invalid as the suite says.
 * References to http://localhost:1234/ are served from remotes/ by the
 * retrieve callback (no network).
 *
 * The test fails on any failing case not listed in KNOWN_FAILURES below
 * (each with its reason), and reports listed cases that pass so the list
 * can be trimmed. It prints the pass count per draft.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arazzo/openapi.h>

#define SUITE  AZ_SHARED_DIR "/data/json-schema-test-suite"
#define REMOTE "http://localhost:1234/"

/* A case expected to fail for now, with the reason; the name is
 * "<draft>/<file>: <group description>: <test description>". */
typedef struct known_failure {
    const char *name;
    const char *reason;
} known_failure;

static const known_failure KNOWN_FAILURES[] = {
    {NULL, NULL},
};

/* Tells whether a case name is in KNOWN_FAILURES. */
static bool is_known_failure(const char *name)
{
    for (size_t i = 0; KNOWN_FAILURES[i].name; i++) {
        if (strcmp(KNOWN_FAILURES[i].name, name) == 0)
            return true;
    }
    return false;
}

/* Reads a JSON file into a json-c tree (deep nesting allowed); NULL when
 * it cannot be read or parsed. */
static json_object *load_json(const char *file)
{
    FILE *f = fopen(file, "rb");
    json_object *root = NULL;
    char *buf = NULL;
    long size;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
        goto out;
    buf = malloc((size_t)size + 1);
    if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size)
        goto out;
    buf[size] = '\0';
    json_tokener *tok = json_tokener_new_ex(2000);
    if (!tok)
        goto out;
    root = json_tokener_parse_ex(tok, buf, (int)size);
    if (json_tokener_get_error(tok) != json_tokener_success) {
        json_object_put(root);
        root = NULL;
    }
    json_tokener_free(tok);
out:
    free(buf);
    fclose(f);
    return root;
}

/* The remote documents loaded so far (they must outlive the schemas). */
typedef struct remotes {
    json_object *cache; /* uri -> document */
} remotes;

/* The retrieve callback: serves http://localhost:1234/PATH from
 * remotes/PATH; returns a borrowed document or NULL. */
static json_object *retrieve(void *user, const char *uri)
{
    remotes *r = user;
    json_object *doc;
    if (strncmp(uri, REMOTE, strlen(REMOTE)) != 0)
        return NULL;
    if (json_object_object_get_ex(r->cache, uri, &doc))
        return doc;
    char path[1024];
    snprintf(path, sizeof path, "%s/remotes/%s", SUITE, uri + strlen(REMOTE));
    doc = load_json(path);
    if (!doc)
        return NULL;
    json_object_object_add(r->cache, uri, doc);
    return doc;
}

/* Compares two names for qsort. */
static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Counts of one draft. */
typedef struct tally {
    size_t passed;
    size_t total;
    size_t unexpected;
} tally;

/* Records one case's outcome, printing unexpected failures. */
static void record(tally *t, const char *name, bool pass, const char *why)
{
    t->total++;
    if (pass) {
        t->passed++;
        if (is_known_failure(name))
            printf("known failure now passes (trim the list): %s\n", name);
        return;
    }
    if (is_known_failure(name))
        return;
    t->unexpected++;
    printf("FAIL %s (%s)\n", name, why);
}

/* Runs every group of one suite file. */
static void run_file(const char *draft, const char *file, az_schema_dialect dialect, remotes *rem,
                     tally *t)
{
    char path[1024], name[2048];
    snprintf(path, sizeof path, "%s/tests/%s/%s", SUITE, draft, file);
    json_object *groups = load_json(path);
    if (!json_object_is_type(groups, json_type_array)) {
        printf("FAIL %s/%s: cannot be read\n", draft, file);
        t->unexpected++;
        json_object_put(groups);
        return;
    }
    size_t ng = json_object_array_length(groups);
    for (size_t g = 0; g < ng; g++) {
        json_object *group = json_object_array_get_idx(groups, g), *schema, *tests, *desc;
        json_object_object_get_ex(group, "schema", &schema);
        json_object_object_get_ex(group, "tests", &tests);
        json_object_object_get_ex(group, "description", &desc);
        az_schema_opts opts;
        az_schema_opts_init(&opts);
        opts.dialect = dialect;
        opts.retrieve = retrieve;
        opts.retrieve_user = rem;
        az_schema *s = NULL;
        char *error = NULL;
        az_status st = az_schema_compile(schema, &opts, &s, &error);
        size_t nt = json_object_array_length(tests);
        for (size_t i = 0; i < nt; i++) {
            json_object *test = json_object_array_get_idx(tests, i), *data, *valid, *tdesc;
            json_object_object_get_ex(test, "data", &data);
            json_object_object_get_ex(test, "valid", &valid);
            json_object_object_get_ex(test, "description", &tdesc);
            snprintf(name, sizeof name, "%s/%s: %s: %s", draft, file, json_object_get_string(desc),
                     json_object_get_string(tdesc));
            if (st != AZ_OK) {
                record(t, name, false, error ? error : az_status_str(st));
                continue;
            }
            az_schema_result *r = NULL;
            if (az_schema_validate(s, data, &r) != AZ_OK) {
                record(t, name, false, "validation failed to run");
                continue;
            }
            bool want = json_object_get_boolean(valid);
            bool got = az_schema_result_valid(r);
            char why[512];
            const az_schema_error *e = az_schema_result_get(r, 0);
            if (got)
                snprintf(why, sizeof why, "valid, expected invalid");
            else
                snprintf(why, sizeof why, "invalid, expected valid: %s at %s (%s)",
                         e ? e->message : "?", e ? e->instance_location : "?",
                         e ? e->keyword_location : "?");
            record(t, name, got == want, why);
            az_schema_result_free(r);
        }
        free(error);
        az_schema_free(s);
    }
    json_object_put(groups);
}

/* Runs every file of one draft folder (sorted by name). */
static void run_draft(const char *draft, az_schema_dialect dialect)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/tests/%s", SUITE, draft);
    DIR *d = opendir(dir);
    if (!d) {
        printf("skipped: %s absent\n", dir);
        skip();
        return;
    }
    char **files = NULL;
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        if (len < 6 || strcmp(de->d_name + len - 5, ".json") != 0)
            continue;
        char **more = realloc(files, (n + 1) * sizeof *files);
        assert_non_null(more);
        files = more;
        files[n] = strdup(de->d_name);
        assert_non_null(files[n]);
        n++;
    }
    closedir(d);
    qsort(files, n, sizeof *files, cmp_names);
    remotes rem = {json_object_new_object()};
    tally t = {0};
    for (size_t i = 0; i < n; i++) {
        run_file(draft, files[i], dialect, &rem, &t);
        free(files[i]);
    }
    free(files);
    json_object_put(rem.cache);
    printf("%s: %zu/%zu passed (%zu unexpected failures)\n", draft, t.passed, t.total,
           t.unexpected);
    assert_true(t.total > 0);
    assert_int_equal(t.unexpected, 0);
}

/* The draft 2020-12 tests. */
static void test_draft2020_12(void **state)
{
    (void)state;
    run_draft("draft2020-12", AZ_SCHEMA_2020_12);
}

/* The draft-04 tests. */
static void test_draft4(void **state)
{
    (void)state;
    run_draft("draft4", AZ_SCHEMA_DRAFT4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_draft2020_12),
        cmocka_unit_test(test_draft4),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
