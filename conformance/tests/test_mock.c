/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_mock.c - the built-in mock server (arazzo/conformance.h) over real HTTP,
 * requests sent with the engine's libcurl transport: the WhatsApp
 * description's three POSTs answered with its `Success` example, path
 * parameters captured, the servers' base path stripped or not, 404 and 405
 * with Allow, the JSON log; schema synthesis on a fixture with nested
 * $refs, allOf, arrays, enums, formats and a recursive schema; examples
 * reached through $ref; Swagger 2.0 `examples`; --validate answering 400;
 * start-up failures; and the seed workflow run end to end by the engine
 * against the mock.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arazzo/engine.h>
#include <arazzo/openapi.h>
#include <arazzo/conformance.h>

#define WHATSAPP AZ_SOURCE_DIR "/examples/whatsapp/openapi/whatsapp-cloud-api-openapi.yml"
#define SEED     AZ_SOURCE_DIR "/examples/whatsapp/arazzo/whatsapp-register-phone-number-workflow.yml"
#define SYNTH    AZ_SOURCE_DIR "/conformance/tests/data/mock-synth.yaml"

/* A running mock with its docset, and a client. */
typedef struct fixture {
    az_docset *set;
    az_mock *mock;
    az_transport *client;
} fixture;

/* Starts a mock on the description at `path` (or in `buffer` when not
 * NULL) with request validation on or off. */
static fixture start(const char *path, const char *buffer, bool validate)
{
    fixture f = {0};
    const az_source *src = NULL;
    char *error = NULL;
    f.set = az_docset_new(NULL);
    assert_non_null(f.set);
    if (buffer)
        assert_int_equal(az_docset_add_buffer(f.set, "file:///mem/api.yaml", "api.yaml", buffer,
                                              strlen(buffer), NULL, &src),
                         AZ_OK);
    else
        assert_int_equal(az_docset_load(f.set, path, NULL, NULL, NULL, &src), AZ_OK);
    az_mock_opts opts;
    az_mock_opts_init(&opts);
    opts.validate_requests = validate;
    az_status st = az_mock_start(f.set, src, &opts, &f.mock, &error);
    if (st != AZ_OK)
        fail_msg("az_mock_start: %s", error ? error : "?");
    assert_true(az_mock_port(f.mock) > 0);
    f.client = az_transport_curl_new(NULL);
    assert_non_null(f.client);
    return f;
}

/* Stops the mock and frees everything. */
static void stop(fixture *f)
{
    az_transport_free(f->client);
    az_mock_stop(f->mock);
    az_docset_free(f->set);
}

/* Sends one request to the mock (`target` is the path and query) and
 * returns the response, which the caller clears. */
static az_http_response send_request(fixture *f, const char *method, const char *target,
                                     const char *body, const az_http_header *headers,
                                     size_t n_headers)
{
    char url[512];
    snprintf(url, sizeof(url), "%s%s", az_mock_url(f->mock), target);
    az_http_request req = {method, url, headers, n_headers, body, body ? strlen(body) : 0, 0};
    az_http_response resp;
    assert_int_equal(az_transport_send(f->client, &req, &resp), AZ_OK);
    if (resp.failure != AZ_HTTP_OK)
        fail_msg("%s %s: %s", method, url, resp.error);
    return resp;
}

/* Asserts that a JSON text equals the expected JSON text (semantically). */
static void assert_json(const char *text, const char *expected)
{
    json_object *a = json_tokener_parse(text), *b = json_tokener_parse(expected);
    if (!a || !json_object_equal(a, b))
        fail_msg("got %s, expected %s", text, expected);
    json_object_put(a);
    json_object_put(b);
}

/* The value at a JSON Pointer as a string ("" when missing). */
static const char *at(json_object *root, const char *pointer)
{
    json_object *v = NULL;
    if (az_pointer_get(root, pointer, &v) != AZ_OK)
        return "";
    return v ? json_object_get_string(v) : "null";
}

/* One request and what must come back. */
typedef struct exchange {
    const char *method, *target, *body;
    long status;
    const char *content_type; /* NULL: no Content-Type */
    const char *expected;     /* JSON compared semantically; NULL: not checked */
} exchange;

/* Sends a table of exchanges and checks each response. */
static void run_table(fixture *f, const exchange *table, size_t n)
{
    static const az_http_header json_type[] = {{"Content-Type", "application/json"}};
    for (size_t i = 0; i < n; i++) {
        const exchange *x = &table[i];
        az_http_response r =
            send_request(f, x->method, x->target, x->body, json_type, x->body ? 1 : 0);
        if (r.status != x->status)
            fail_msg("%s %s: status %ld, expected %ld (%s)", x->method, x->target, r.status,
                     x->status, r.body);
        const char *ct = az_http_header_get(r.headers, r.n_headers, "Content-Type");
        if (x->content_type)
            assert_string_equal(ct ? ct : "(none)", x->content_type);
        else
            assert_null(ct);
        if (x->expected)
            assert_json(r.body, x->expected);
        az_http_response_clear(&r);
    }
}

/* The three WhatsApp POSTs answer the Success example, with and without
 * the /v21.0 base path; the log records each request. */
static void test_whatsapp_operations(void **state)
{
    (void)state;
    fixture f = start(WHATSAPP, NULL, false);
    static const exchange table[] = {
        {"POST", "/v21.0/106540352242922/request_code",
         "{\"code_method\":\"SMS\",\"language\":\"en\"}", 200, "application/json",
         "{\"success\": true}"},
        {"POST", "/v21.0/106540352242922/verify_code", "{\"code\":\"123456\"}", 200,
         "application/json", "{\"success\": true}"},
        {"POST", "/v21.0/106540352242922/register", "{\"messaging_product\":\"whatsapp\"}", 200,
         "application/json", "{\"success\": true}"},
        {"POST", "/777/register?debug=1&tag=a&tag=b%20c", NULL, 200, "application/json",
         "{\"success\": true}"},
    };
    run_table(&f, table, sizeof(table) / sizeof(table[0]));
    assert_int_equal(az_mock_request_count(f.mock), 4);

    json_object *log = az_mock_requests(f.mock);
    assert_int_equal(json_object_array_length(log), 4);
    static const char *const ids[] = {"requestVerificationCode", "verifyCode",
                                      "registerPhoneNumber", "registerPhoneNumber"};
    for (size_t i = 0; i < 4; i++) {
        json_object *e = json_object_array_get_idx(log, i);
        assert_string_equal(at(e, "/method"), "POST");
        assert_string_equal(at(e, "/status"), "200");
        assert_string_equal(at(e, "/operationId"), ids[i]);
    }
    json_object *first = json_object_array_get_idx(log, 0);
    assert_string_equal(at(first, "/path"), "/v21.0/106540352242922/request_code");
    assert_string_equal(at(first, "/pathParams/phone-number-id"), "106540352242922");
    assert_string_equal(at(first, "/body/code_method"), "SMS");
    assert_string_equal(at(first, "/headers/Content-Type"), "application/json");
    json_object *last = json_object_array_get_idx(log, 3);
    assert_string_equal(at(last, "/path"), "/777/register");
    assert_string_equal(at(last, "/pathParams/phone-number-id"), "777");
    assert_string_equal(at(last, "/query/debug"), "1");
    assert_string_equal(at(last, "/query/tag/1"), "b c");
    assert_string_equal(at(last, "/body"), "null");
    json_object_put(log);
    stop(&f);
}

/* An unknown path is 404 naming the method and path; a known path with
 * another method is 405 with an Allow header; both are logged. */
static void test_not_found_and_not_allowed(void **state)
{
    (void)state;
    fixture f = start(WHATSAPP, NULL, false);
    az_http_response r = send_request(&f, "GET", "/v21.0/nothing/here", NULL, NULL, 0);
    assert_int_equal(r.status, 404);
    assert_json(r.body, "{\"error\": \"no operation matches GET /v21.0/nothing/here\"}");
    az_http_response_clear(&r);

    r = send_request(&f, "DELETE", "/v21.0/1/register", NULL, NULL, 0);
    assert_int_equal(r.status, 405);
    assert_string_equal(az_http_header_get(r.headers, r.n_headers, "Allow"), "POST");
    assert_non_null(strstr(r.body, "method DELETE not allowed on /v21.0/1/register"));
    az_http_response_clear(&r);

    json_object *log = az_mock_requests(f.mock);
    assert_int_equal(json_object_array_length(log), 2);
    assert_string_equal(at(json_object_array_get_idx(log, 0), "/status"), "404");
    assert_string_equal(at(json_object_array_get_idx(log, 0), "/operationId"), "null");
    assert_string_equal(at(json_object_array_get_idx(log, 1), "/status"), "405");
    json_object_put(log);
    stop(&f);
}

/* Responses synthesized from schemas and examples of the fixture. */
static void test_synthesis(void **state)
{
    (void)state;
    fixture f = start(SYNTH, NULL, false);
    static const char pet[] =
        "{\"name\": \"stringxx\", \"id\": 1, \"kind\": \"dog\", \"born\": \"2024-01-01\","
        " \"updated\": \"2024-01-01T12:00:00Z\", \"email\": \"user@example.com\","
        " \"uid\": \"3fa85f64-5717-4562-b3fc-2c963f66afa6\", \"site\": \"https://example.com/\","
        " \"weight\": 1.0, \"vaccinated\": true, \"tags\": [\"small\"]";
    char one_pet[1024];
    static const exchange table[] = {
        /* literal /pets/mine wins over /pets/{petId} */
        {"GET", "/base/v1/pets/mine", NULL, 200, "application/json", "{\"name\": \"mine\"}"},
        {"GET", "/pets/mine", NULL, 200, "application/json", "{\"name\": \"mine\"}"},
        {"DELETE", "/base/v1/pets/42", NULL, 204, NULL, NULL},
        {"GET", "/base/v1/greetings", NULL, 201, "application/json", "{\"hello\": \"world\"}"},
        {"GET", "/base/v1/choice", NULL, 200, "application/problem+json", "{\"code\": 7}"},
        {"POST", "/base/v1/orders", "{}", 201, "application/json",
         "{\"id\": \"3fa85f64-5717-4562-b3fc-2c963f66afa6\", \"status\": \"pending\"}"},
    };
    run_table(&f, table, sizeof(table) / sizeof(table[0]));

    az_http_response r = send_request(&f, "GET", "/base/v1/text", NULL, NULL, 0);
    assert_int_equal(r.status, 200);
    assert_string_equal(az_http_header_get(r.headers, r.n_headers, "Content-Type"), "text/plain");
    assert_string_equal(r.body, "plain words");
    az_http_response_clear(&r);

    /* allOf merged, nested $refs, formats, enums, arrays; the recursive
     * optional `parent` stops at the depth cap. */
    r = send_request(&f, "GET", "/base/v1/pets", NULL, NULL, 0);
    assert_int_equal(r.status, 200);
    json_object *pets = json_tokener_parse(r.body);
    assert_true(json_object_is_type(pets, json_type_array));
    assert_int_equal(json_object_array_length(pets), 1);
    json_object *p = json_object_array_get_idx(pets, 0);
    snprintf(one_pet, sizeof(one_pet), "%s}", pet);
    json_object *expected = json_tokener_parse(one_pet);
    json_object_object_foreach(expected, key, value)
    {
        json_object *got = NULL;
        if (!json_object_object_get_ex(p, key, &got) || !json_object_equal(got, value))
            fail_msg("pets[0].%s: got %s in %s", key, json_object_to_json_string(got), r.body);
    }
    json_object_put(expected);
    /* Depth 1 (array item) has a parent at depth 2, 3 and 4; at the cap
     * only required properties are left. */
    assert_string_equal(at(p, "/parent/parent/kind"), "dog");
    assert_string_equal(at(p, "/parent/parent/parent/name"), "stringxx");
    assert_string_equal(at(p, "/parent/parent/parent/parent"), "");
    assert_string_equal(at(p, "/parent/parent/parent/email"), "");
    json_object_put(pets);
    az_http_response_clear(&r);

    /* The first 2XX response (after a 404) through a $ref'd Response. */
    r = send_request(&f, "GET", "/base/v1/pets/42", NULL, NULL, 0);
    assert_int_equal(r.status, 200);
    json_object *one = json_tokener_parse(r.body);
    assert_string_equal(at(one, "/kind"), "dog");
    assert_string_equal(at(one, "/parent/name"), "stringxx");
    json_object_put(one);
    az_http_response_clear(&r);

    /* A recursive required property ends in null at the hard cap. */
    r = send_request(&f, "GET", "/base/v1/nodes", NULL, NULL, 0);
    assert_int_equal(r.status, 200);
    json_object *node = json_tokener_parse(r.body), *next = node;
    size_t depth = 0;
    while (json_object_is_type(next, json_type_object) && depth < 100) {
        next = json_object_object_get(next, "next");
        depth++;
    }
    assert_true(depth > 3 && depth < 20);
    json_object_put(node);
    az_http_response_clear(&r);

    /* An operation with no 2XX or default answers its first response. */
    r = send_request(&f, "GET", "/base/v1/legacy", NULL, NULL, 0);
    assert_int_equal(r.status, 410);
    assert_string_equal(az_http_header_get(r.headers, r.n_headers, "Content-Type"), "text/plain");
    assert_string_equal(r.body, "gone");
    az_http_response_clear(&r);

    json_object *log = az_mock_requests(f.mock);
    json_object *pet_entry = json_object_array_get_idx(log, 8);
    assert_string_equal(at(pet_entry, "/operationId"), "getPet");
    assert_string_equal(at(pet_entry, "/pathParams/petId"), "42");
    assert_string_equal(at(json_object_array_get_idx(log, 0), "/operationId"), "getMyPet");
    json_object_put(log);
    stop(&f);
}

/* Swagger 2.0: `examples` by media type, basePath stripped. */
static void test_swagger(void **state)
{
    (void)state;
    static const char doc[] =
        "swagger: '2.0'\n"
        "info: {title: s, version: '1'}\n"
        "host: api.example.com\n"
        "basePath: /api\n"
        "produces: [application/json]\n"
        "paths:\n"
        "  /things/{id}:\n"
        "    get:\n"
        "      operationId: getThing\n"
        "      parameters: [{name: id, in: path, required: true, type: string}]\n"
        "      responses:\n"
        "        '200':\n"
        "          description: ok\n"
        "          schema: {type: object, properties: {id: {type: string}}}\n"
        "          examples:\n"
        "            application/json: {id: t1, ok: true}\n"
        "  /counts:\n"
        "    get:\n"
        "      responses:\n"
        "        '200':\n"
        "          description: ok\n"
        "          schema: {type: array, items: {type: integer, minimum: 3}}\n";
    fixture f = start(NULL, doc, false);
    static const exchange table[] = {
        {"GET", "/api/things/t1", NULL, 200, "application/json", "{\"id\": \"t1\", \"ok\": true}"},
        {"GET", "/things/t1", NULL, 200, "application/json", "{\"id\": \"t1\", \"ok\": true}"},
        {"GET", "/api/counts", NULL, 200, "application/json", "[3]"},
    };
    run_table(&f, table, sizeof(table) / sizeof(table[0]));
    stop(&f);
}

/* --validate: a body breaking the schema, a missing body or parameter is
 * 400 with the violations; a good request passes. */
static void test_validate(void **state)
{
    (void)state;
    fixture f = start(SYNTH, NULL, true);
    static const az_http_header good[] = {{"Content-Type", "application/json"},
                                          {"X-Request-Id", "r1"}};
    static const struct {
        const char *target, *body;
        size_t n_headers;
        long status;
        const char *in, *pointer_or_name;
    } table[] = {
        {"/base/v1/orders?dryRun=true", "{\"qty\": 2}", 2, 201, NULL, NULL},
        {"/base/v1/orders?dryRun=true", "{\"qty\": 0}", 2, 400, "body", "/qty"},
        {"/base/v1/orders?dryRun=true", "{\"qty\": 1, \"note\": \"long\"}", 2, 400, "body",
         "/note"},
        {"/base/v1/orders?dryRun=true", "{\"note\": \"a\"}", 2, 400, "body", ""},
        {"/base/v1/orders?dryRun=true", "{\"qty\": ", 2, 400, "body", NULL},
        {"/base/v1/orders?dryRun=true", NULL, 2, 400, "body", NULL},
        {"/base/v1/orders", "{\"qty\": 2}", 2, 400, "query", "dryRun"},
        {"/base/v1/orders?dryRun=1", "{\"qty\": 2}", 1, 400, "header", "X-Request-Id"},
    };
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
        az_http_response r =
            send_request(&f, "POST", table[i].target, table[i].body, good, table[i].n_headers);
        if (r.status != table[i].status)
            fail_msg("case %zu: status %ld (%s)", i, r.status, r.body);
        if (table[i].in) {
            json_object *err = json_tokener_parse(r.body);
            assert_string_equal(at(err, "/error"),
                                "request does not match operation 'createOrder'");
            assert_string_equal(at(err, "/violations/0/in"), table[i].in);
            if (table[i].pointer_or_name)
                assert_string_equal(at(err, strcmp(table[i].in, "body") == 0
                                                ? "/violations/0/pointer"
                                                : "/violations/0/name"),
                                    table[i].pointer_or_name);
            json_object_put(err);
        }
        az_http_response_clear(&r);
    }
    json_object *log = az_mock_requests(f.mock);
    assert_string_equal(at(json_object_array_get_idx(log, 1), "/violations/0/pointer"), "/qty");
    assert_string_equal(at(json_object_array_get_idx(log, 1), "/status"), "400");
    json_object_put(log);
    stop(&f);
}

/* Start-up failures: a busy port, a host that is not an address, a
 * document that is not a description. */
static void test_start_failures(void **state)
{
    (void)state;
    fixture f = start(WHATSAPP, NULL, false);
    const az_source *src = az_docset_get(f.set, 0);
    az_mock *other = NULL;
    char *error = NULL;
    az_mock_opts opts;
    az_mock_opts_init(&opts);
    opts.port = az_mock_port(f.mock);
    assert_int_equal(az_mock_start(f.set, src, &opts, &other, &error), AZ_ERR_IO);
    assert_null(other);
    assert_non_null(strstr(error, "cannot listen on 127.0.0.1 port"));
    free(error);
    opts.port = 0;
    opts.host = "localhost.invalid";
    assert_int_equal(az_mock_start(f.set, src, &opts, &other, &error), AZ_ERR_INVALID);
    assert_string_equal(error, "'localhost.invalid' is not an IPv4 or IPv6 address");
    free(error);
    const az_source *arazzo = NULL;
    assert_int_equal(az_docset_load(f.set, SEED, NULL, NULL, NULL, &arazzo), AZ_OK);
    assert_int_equal(az_mock_start(f.set, arazzo, NULL, &other, &error), AZ_ERR_INVALID);
    assert_non_null(strstr(error, "is not an OpenAPI or Swagger description"));
    free(error);
    az_mock_stop(NULL);
    stop(&f);
}

/* The seed workflow run by the engine against the mock: three requests,
 * each valid against the description, outputs verified and registered. */
static void test_seed_end_to_end(void **state)
{
    (void)state;
    fixture f = start(WHATSAPP, NULL, true);
    az_description *desc = NULL;
    az_diags *diags = az_diags_new();
    assert_int_equal(az_description_load(SEED, NULL, diags, &desc), AZ_OK);
    char base[128];
    snprintf(base, sizeof(base), "%s/v21.0", az_mock_url(f.mock));
    az_server_override server = {"whatsappCloudApi", base};
    az_run_opts opts;
    az_run_opts_init(&opts);
    opts.transport = f.client;
    opts.servers = &server;
    opts.n_servers = 1;
    json_object *inputs = json_tokener_parse(
        "{\"accessToken\": \"tok123\", \"phoneNumberId\": \"106540352242922\", \"codeMethod\": "
        "\"SMS\", \"language\": \"en_US\", \"code\": \"123456\", \"pin\": \"654321\"}");
    json_object *result = NULL;
    assert_int_equal(az_run(desc, NULL, inputs, &opts, diags, &result), AZ_OK);
    assert_string_equal(at(result, "/status"), "succeeded");
    assert_string_equal(at(result, "/outputs/verified"), "true");
    assert_string_equal(at(result, "/outputs/registered"), "true");

    json_object *log = az_mock_requests(f.mock);
    assert_int_equal(json_object_array_length(log), 3);
    static const char *const ids[] = {"requestVerificationCode", "verifyCode",
                                      "registerPhoneNumber"};
    for (size_t i = 0; i < 3; i++) {
        json_object *e = json_object_array_get_idx(log, i);
        assert_string_equal(at(e, "/operationId"), ids[i]);
        assert_string_equal(at(e, "/status"), "200");
        assert_string_equal(at(e, "/pathParams/phone-number-id"), "106540352242922");
        assert_string_equal(at(e, "/headers/Authorization"), "Bearer tok123");
    }
    assert_string_equal(at(json_object_array_get_idx(log, 2), "/body/pin"), "654321");
    json_object_put(log);
    json_object_put(result);
    json_object_put(inputs);
    az_description_free(desc);
    az_diags_free(diags);
    stop(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whatsapp_operations),
        cmocka_unit_test(test_not_found_and_not_allowed),
        cmocka_unit_test(test_synthesis),
        cmocka_unit_test(test_swagger),
        cmocka_unit_test(test_validate),
        cmocka_unit_test(test_start_failures),
        cmocka_unit_test(test_seed_end_to_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
