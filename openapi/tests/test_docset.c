/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_docset.c - loading descriptions: kind detection, local files with
 * relative references and the names diagnostics use, one load per URL,
 * remembered failures, and http(s) against a real loopback server
 * (libmicrohttpd) through the engine's download function (the openapi
 * module does no networking itself): relative references between
 * downloaded documents, redirects, HTTP errors, the size cap, network
 * loading forbidden or impossible, the URL map (checklist SRC-07) and the
 * documents limit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arazzo/openapi.h"
#include "arazzo/engine.h"

#define DATA AZ_SOURCE_DIR "/openapi/tests/data"

/* The loopback server: serves DATA, counts requests per path. */
typedef struct server {
    struct MHD_Daemon *daemon;
    unsigned port;
    char paths[64][128];
    unsigned counts[64];
    size_t n_paths;
} server;

static server srv;

/* Counts one request for `url`. */
static void count_request(const char *url)
{
    for (size_t i = 0; i < srv.n_paths; i++) {
        if (strcmp(srv.paths[i], url) == 0) {
            srv.counts[i]++;
            return;
        }
    }
    if (srv.n_paths < 64) {
        snprintf(srv.paths[srv.n_paths], sizeof(srv.paths[0]), "%s", url);
        srv.counts[srv.n_paths++] = 1;
    }
}

/* How many times `url` was requested. */
static unsigned requests_of(const char *url)
{
    for (size_t i = 0; i < srv.n_paths; i++)
        if (strcmp(srv.paths[i], url) == 0)
            return srv.counts[i];
    return 0;
}

/* Reads a file of DATA into a new buffer; NULL when absent. */
static char *read_data_file(const char *url, size_t *len)
{
    char path[512];
    if (strstr(url, ".."))
        return NULL;
    snprintf(path, sizeof(path), "%s%s", DATA, url);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(1 << 20);
    *len = buf ? fread(buf, 1, 1 << 20, f) : 0;
    fclose(f);
    return buf;
}

/* The request handler: files of DATA, 404 otherwise. */
static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_len, void **con_cls)
{
    (void)cls, (void)method, (void)version, (void)upload, (void)upload_len, (void)con_cls;
    size_t len = 0;
    count_request(url);
    if (strcmp(url, "/moved") == 0) {
        struct MHD_Response *moved = MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
        MHD_add_response_header(moved, "Location", "/multi/api.yaml");
        enum MHD_Result r = MHD_queue_response(conn, MHD_HTTP_MOVED_PERMANENTLY, moved);
        MHD_destroy_response(moved);
        return r;
    }
    char *body = read_data_file(url, &len);
    unsigned status = body ? MHD_HTTP_OK : MHD_HTTP_NOT_FOUND;
    struct MHD_Response *resp =
        body ? MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE)
             : MHD_create_response_from_buffer(9, "not found", MHD_RESPMEM_PERSISTENT);
    if (body && strstr(url, ".json"))
        MHD_add_response_header(resp, "Content-Type", "application/json");
    enum MHD_Result r = MHD_queue_response(conn, status, resp);
    MHD_destroy_response(resp);
    return r;
}

/* Starts the server on 127.0.0.1 and an ephemeral port. */
static int start_server(void **state)
{
    (void)state;
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    srv.daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, handle, NULL,
                                  MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_END);
    if (!srv.daemon)
        return -1;
    srv.port = MHD_get_daemon_info(srv.daemon, MHD_DAEMON_INFO_BIND_PORT)->port;
    return 0;
}

/* Stops the server. */
static int stop_server(void **state)
{
    (void)state;
    MHD_stop_daemon(srv.daemon);
    return 0;
}

/* Formats a URL of the loopback server into a static buffer. */
static const char *server_url(const char *path)
{
    static char buf[256];
    snprintf(buf, sizeof(buf), "http://127.0.0.1:%u%s", srv.port, path);
    return buf;
}

/* Tells whether some diagnostic's message contains `text`. */
static bool has_message(const az_diags *diags, const char *text)
{
    for (size_t i = 0; i < az_diags_count(diags); i++)
        if (strstr(az_diags_get(diags, i)->message, text))
            return true;
    return false;
}

/* Kinds from the root's version fields (checklist SRC-04). */
static void test_kind_detect(void **state)
{
    (void)state;
    static const struct {
        const char *json;
        az_doc_kind kind;
    } cases[] = {
        {"{\"openapi\":\"3.0.3\"}", AZ_KIND_OPENAPI_3_0},
        {"{\"openapi\":\"3.1.0\"}", AZ_KIND_OPENAPI_3_1},
        {"{\"openapi\":\"3.1\"}", AZ_KIND_OPENAPI_3_1},
        {"{\"openapi\":\"3.10.0\"}", AZ_KIND_UNKNOWN},
        {"{\"openapi\":\"2.0\"}", AZ_KIND_UNKNOWN},
        {"{\"swagger\":\"2.0\"}", AZ_KIND_SWAGGER_2},
        {"{\"arazzo\":\"1.0.1\"}", AZ_KIND_ARAZZO},
        {"{\"arazzo\":\"1.1.0\"}", AZ_KIND_UNKNOWN},
        {"{\"openapi\":3.1}", AZ_KIND_UNKNOWN},
        {"[1]", AZ_KIND_UNKNOWN},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        json_object *root = json_tokener_parse(cases[i].json);
        if (az_doc_kind_detect(root) != cases[i].kind)
            fail_msg("%s: got %s", cases[i].json, az_doc_kind_name(az_doc_kind_detect(root)));
        json_object_put(root);
    }
    assert_int_equal(az_doc_kind_detect(NULL), AZ_KIND_UNKNOWN);
}

/* Relative references from a file resolve against it; each URL loads
 * once whatever its spelling; names stay relative as the user wrote them. */
static void test_local_files(void **state)
{
    (void)state;
    char *cwd = getcwd(NULL, 0);
    assert_int_equal(chdir(DATA), 0);
    az_docset *set = az_docset_new(NULL);
    az_diags *diags = az_diags_new();
    const az_source *api = NULL, *pets = NULL, *again = NULL, *pet = NULL;

    assert_int_equal(az_docset_load(set, "multi/api.yaml", NULL, NULL, diags, &api), AZ_OK);
    assert_string_equal(az_source_name(api), "multi/api.yaml");
    assert_int_equal(az_source_kind(api), AZ_KIND_OPENAPI_3_1);
    assert_string_equal(az_source_version(api), "3.1.0");
    assert_true(az_source_is_file(api));
    assert_non_null(strstr(az_source_url(api), "file:///"));

    assert_int_equal(az_docset_load(set, "paths/pets.yaml#/get", api, NULL, diags, &pets), AZ_OK);
    assert_string_equal(az_source_name(pets), "multi/paths/pets.yaml");
    assert_int_equal(az_source_kind(pets), AZ_KIND_UNKNOWN);
    assert_int_equal(az_docset_load(set, "./x/../paths/pets.yaml", api, NULL, diags, &again),
                     AZ_OK);
    assert_ptr_equal(pets, again);
    assert_int_equal(az_docset_load(set, "../schemas/pet.yaml", pets, NULL, diags, &pet), AZ_OK);
    assert_string_equal(az_source_name(pet), "multi/schemas/pet.yaml");
    assert_int_equal(az_docset_count(set), 3);
    assert_ptr_equal(az_docset_find(set, az_source_url(pets)), pets);
    assert_ptr_equal(az_docset_get(set, 2), pet);
    assert_int_equal(az_diags_count(diags), 0);

    az_diags_free(diags);
    az_docset_free(set);
    assert_int_equal(chdir(cwd), 0);
    free(cwd);
}

/* A missing file is reported at the reference, once; a second attempt
 * fails without a second message. Other schemes are refused. */
static void test_failures(void **state)
{
    (void)state;
    az_docset *set = az_docset_new(NULL);
    az_diags *diags = az_diags_new();
    const az_source *api = NULL, *out = NULL;
    assert_int_equal(az_docset_load(set, DATA "/multi/api.yaml", NULL, NULL, diags, &api), AZ_OK);

    az_pos at = {"multi/api.yaml", 17, 11};
    assert_int_equal(az_docset_load(set, "nowhere.yaml", api, &at, diags, &out), AZ_ERR_IO);
    assert_null(out);
    assert_int_equal(az_diags_count(diags), 1);
    const az_diag *d = az_diags_get(diags, 0);
    assert_string_equal(d->code, "source-unreadable");
    assert_int_equal(d->line, 17);
    assert_int_equal(d->column, 11);
    assert_non_null(strstr(d->message, "nowhere.yaml"));
    assert_int_equal(az_docset_load(set, "nowhere.yaml", api, &at, diags, &out), AZ_ERR_IO);
    assert_int_equal(az_diags_count(diags), 1);

    assert_int_equal(az_docset_load(set, "ftp://example.com/api.yaml", NULL, NULL, diags, &out),
                     AZ_ERR_IO);
    assert_true(has_message(diags, "unsupported URL scheme"));
    assert_int_equal(az_docset_load(set, "file://elsewhere/api.yaml", NULL, NULL, diags, &out),
                     AZ_ERR_IO);
    assert_true(has_message(diags, "only local file: URLs"));

    /* Malformed YAML keeps the loader's own position. */
    assert_int_equal(az_docset_add_buffer(set, "file:///virtual/bad.yaml", "bad.yaml", "a: [1,\n",
                                          7, diags, &out),
                     AZ_ERR_SYNTAX);
    assert_string_equal(az_diags_get(diags, az_diags_count(diags) - 1)->file, "bad.yaml");
    az_diags_free(diags);
    az_docset_free(set);
}

/* Over http: relative references between downloaded documents, each
 * downloaded once; relative server URLs resolve against the download URL. */
static void test_http_description(void **state)
{
    (void)state;
    az_docset_opts opts;
    az_docset_opts_init(&opts);
    az_transport *fetcher = az_docset_opts_set_fetcher(&opts);
    az_docset *set = az_docset_new(&opts);
    az_diags *diags = az_diags_new();
    const az_source *api = NULL;
    az_oas_index *ix = NULL;
    assert_int_equal(az_docset_load(set, server_url("/multi/api.yaml"), NULL, NULL, diags, &api),
                     AZ_OK);
    assert_false(az_source_is_file(api));
    assert_string_equal(az_source_name(api), server_url("/multi/api.yaml"));
    assert_int_equal(az_oas_index_build(set, api, diags, &ix), AZ_OK);
    assert_int_equal(az_oas_index_count(ix), 4);
    assert_int_equal(requests_of("/multi/api.yaml"), 1);
    assert_int_equal(requests_of("/multi/paths/pets.yaml"), 1);
    assert_int_equal(requests_of("/multi/schemas/pet.yaml"), 1);
    const az_oas_operation *health = az_oas_index_find_id(ix, "health");
    assert_non_null(health);
    assert_string_equal(health->servers[0].url, server_url("/internal"));
    assert_int_equal(az_diags_count(diags), 0);
    az_oas_index_free(ix);

    /* JSON by Content-Type; a Swagger document without host takes the
     * download's. */
    const az_source *swagger = NULL;
    assert_int_equal(az_docset_load(set, server_url("/swagger.json"), NULL, NULL, diags, &swagger),
                     AZ_OK);
    assert_int_equal(az_doc_format(az_source_doc(swagger)), AZ_FORMAT_JSON);
    assert_int_equal(az_source_kind(swagger), AZ_KIND_SWAGGER_2);

    /* A redirect is followed; the document keeps the URL it was asked by. */
    const az_source *moved = NULL;
    assert_int_equal(az_docset_load(set, server_url("/moved"), NULL, NULL, diags, &moved), AZ_OK);
    assert_string_equal(az_source_url(moved), server_url("/moved"));
    assert_int_equal(az_source_kind(moved), AZ_KIND_OPENAPI_3_1);
    az_diags_free(diags);
    az_docset_free(set);
    az_transport_free(fetcher);
}

/* HTTP errors, the size cap and network loading forbidden. */
static void test_http_failures(void **state)
{
    (void)state;
    az_docset_opts opts;
    az_docset_opts_init(&opts);
    opts.load.max_bytes = 100;
    az_transport *fetcher = az_docset_opts_set_fetcher(&opts);
    az_docset *set = az_docset_new(&opts);
    az_diags *diags = az_diags_new();
    const az_source *out = NULL;

    assert_int_equal(az_docset_load(set, server_url("/missing.yaml"), NULL, NULL, diags, &out),
                     AZ_ERR_IO);
    assert_true(has_message(diags, "HTTP 404"));
    assert_int_equal(az_docset_load(set, server_url("/multi/api.yaml"), NULL, NULL, diags, &out),
                     AZ_ERR_LIMIT);
    assert_true(has_message(diags, "100-byte limit"));
    assert_int_equal(az_docset_load(set, "http://127.0.0.1:1/x.yaml", NULL, NULL, diags, &out),
                     AZ_ERR_IO);
    assert_true(has_message(diags, "cannot download http://127.0.0.1:1/x.yaml"));
    az_docset_free(set);

    opts.allow_network = false;
    set = az_docset_new(&opts);
    unsigned before = requests_of("/swagger.json");
    assert_int_equal(az_docset_load(set, server_url("/swagger.json"), NULL, NULL, diags, &out),
                     AZ_ERR_IO);
    assert_true(has_message(diags, "network loading is disabled"));
    assert_int_equal(requests_of("/swagger.json"), before);
    az_docset_free(set);
    az_transport_free(fetcher);

    /* Without a download function, a URL cannot be loaded. */
    az_docset_opts_init(&opts);
    set = az_docset_new(&opts);
    assert_int_equal(az_docset_load(set, server_url("/swagger.json"), NULL, NULL, diags, &out),
                     AZ_ERR_IO);
    assert_true(has_message(diags, "no download function"));
    assert_int_equal(requests_of("/swagger.json"), before);
    az_diags_free(diags);
    az_docset_free(set);
}

/* The URL map reads a URL's document from a local folder, keeping the
 * URL; references inside resolve against the URL and are mapped too. */
static void test_url_map(void **state)
{
    (void)state;
    az_url_map_entry map[] = {{"https://specs.example.com/", DATA "/"}};
    az_docset_opts opts;
    az_docset_opts_init(&opts);
    opts.allow_network = false;
    opts.url_map = map;
    opts.url_map_len = 1;
    az_docset *set = az_docset_new(&opts);
    az_diags *diags = az_diags_new();
    const az_source *api = NULL, *pets = NULL;
    assert_int_equal(
        az_docset_load(set, "https://specs.example.com/multi/api.yaml", NULL, NULL, diags, &api),
        AZ_OK);
    assert_string_equal(az_source_url(api), "https://specs.example.com/multi/api.yaml");
    assert_string_equal(az_source_name(api), DATA "/multi/api.yaml");
    assert_int_equal(az_docset_load(set, "paths/pets.yaml", api, NULL, diags, &pets), AZ_OK);
    assert_string_equal(az_source_url(pets), "https://specs.example.com/multi/paths/pets.yaml");
    assert_int_equal(az_diags_count(diags), 0);
    az_diags_free(diags);
    az_docset_free(set);
}

/* The documents limit stops runaway references. */
static void test_documents_limit(void **state)
{
    (void)state;
    az_docset_opts opts;
    az_docset_opts_init(&opts);
    opts.max_documents = 1;
    az_docset *set = az_docset_new(&opts);
    az_diags *diags = az_diags_new();
    const az_source *api = NULL, *pets = NULL;
    assert_int_equal(az_docset_load(set, DATA "/multi/api.yaml", NULL, NULL, diags, &api), AZ_OK);
    assert_int_equal(az_docset_load(set, "paths/pets.yaml", api, NULL, diags, &pets), AZ_ERR_LIMIT);
    assert_true(has_message(diags, "more than 1 documents"));
    az_diags_free(diags);
    az_docset_free(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kind_detect),     cmocka_unit_test(test_local_files),
        cmocka_unit_test(test_failures),        cmocka_unit_test(test_http_description),
        cmocka_unit_test(test_http_failures),   cmocka_unit_test(test_url_map),
        cmocka_unit_test(test_documents_limit),
    };
    return cmocka_run_group_tests(tests, start_server, stop_server);
}
