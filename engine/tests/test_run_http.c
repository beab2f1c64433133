/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_run_http.c - workflows run over real HTTP against a loopback
 * libmicrohttpd server: the seed WhatsApp "register phone number"
 * workflow (exactly three requests, `Bearer $inputs.accessToken` as
 * Redocly sends it, outputs verified and registered), the same with a 401
 * at verify_code (the workflow stops there, register is never called), a
 * retry honouring Retry-After (EXEC-61), a goto loop stopped by the step
 * limit (EXEC-52), a server that never answers (timeout, EXEC-24), a
 * connection reset, a 500, and a non-JSON body read with a JSON Pointer
 * (undefined, EXEC-25).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "arazzo/engine.h"

#define SEED        AZ_SOURCE_DIR "/examples/whatsapp/arazzo/whatsapp-register-phone-number-workflow.yml"
#define RUN_FIXTURE AZ_SOURCE_DIR "/engine/tests/data/run/flows.arazzo.yaml"

/* One scripted answer: status, body, extra header, delay, or a drop. */
typedef struct answer {
    unsigned status;
    const char *content_type;
    const char *body;
    const char *header_name, *header_value;
    unsigned delay_ms;
    bool drop; /* close the connection without a response */
} answer;

/* A request the server saw. */
typedef struct seen {
    char method[16];
    char path[256];
    char authorization[128];
    char body[1024];
} seen;

/* The server and its script (answers in order; the last one repeats). */
static struct {
    struct MHD_Daemon *daemon;
    unsigned port;
    pthread_mutex_t lock;
    const answer *script;
    size_t n_script;
    seen requests[64];
    size_t n_requests;
} srv = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* Per-connection upload buffer. */
typedef struct upload {
    char body[1024];
    size_t len;
} upload;

/* Reads the Authorization header into a seen request. */
static enum MHD_Result read_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    (void)kind;
    seen *s = cls;
    if (strcasecmp(key, "Authorization") == 0)
        snprintf(s->authorization, sizeof(s->authorization), "%s", value);
    return MHD_YES;
}

/* The handler: records each request, answers from the script. */
static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *data,
                              size_t *data_len, void **con_cls)
{
    (void)cls, (void)version;
    upload *up = *con_cls;
    if (!up) {
        *con_cls = calloc(1, sizeof(upload));
        return *con_cls ? MHD_YES : MHD_NO;
    }
    if (*data_len) {
        size_t room = sizeof(up->body) - 1 - up->len;
        size_t n = *data_len < room ? *data_len : room;
        memcpy(up->body + up->len, data, n);
        up->len += n;
        *data_len = 0;
        return MHD_YES;
    }
    pthread_mutex_lock(&srv.lock);
    size_t index = srv.n_requests;
    if (srv.n_requests < 64) {
        seen *s = &srv.requests[srv.n_requests++];
        memset(s, 0, sizeof(*s));
        snprintf(s->method, sizeof(s->method), "%s", method);
        snprintf(s->path, sizeof(s->path), "%s", url);
        memcpy(s->body, up->body, up->len);
        MHD_get_connection_values(conn, MHD_HEADER_KIND, read_header, s);
    }
    const answer *a = &srv.script[index < srv.n_script ? index : srv.n_script - 1];
    pthread_mutex_unlock(&srv.lock);
    if (a->delay_ms) {
        struct timespec ts = {a->delay_ms / 1000u, (long)(a->delay_ms % 1000u) * 1000000L};
        nanosleep(&ts, NULL);
    }
    if (a->drop)
        return MHD_NO;
    const char *body = a->body ? a->body : "";
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
    MHD_add_response_header(resp, "Content-Type",
                            a->content_type ? a->content_type : "application/json");
    if (a->header_name)
        MHD_add_response_header(resp, a->header_name, a->header_value);
    enum MHD_Result r = MHD_queue_response(conn, a->status, resp);
    MHD_destroy_response(resp);
    return r;
}

/* Frees the per-connection buffer. */
static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode code)
{
    (void)cls, (void)conn, (void)code;
    free(*con_cls);
    *con_cls = NULL;
}

/* Starts the server (a thread per connection, so a slow answer blocks
 * nothing else). */
static int start(void **state)
{
    (void)state;
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    srv.daemon =
        MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0, NULL,
                         NULL, handle, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                         MHD_OPTION_NOTIFY_COMPLETED, completed, NULL, MHD_OPTION_END);
    if (!srv.daemon)
        return -1;
    srv.port = MHD_get_daemon_info(srv.daemon, MHD_DAEMON_INFO_BIND_PORT)->port;
    return 0;
}

/* Stops the server. */
static int stop(void **state)
{
    (void)state;
    MHD_stop_daemon(srv.daemon);
    return 0;
}

/* One run: the description, the workflow, inputs, the script. */
typedef struct outcome {
    json_object *result;
    az_status status;
} outcome;

/* Runs `workflow` of `file` with the source `source` sent to the server. */
static outcome run(const char *file, const char *source, const char *base, const char *workflow,
                   const char *inputs, const answer *script, size_t n_script, size_t max_steps,
                   long timeout_ms)
{
    outcome o = {0};
    az_description *desc = NULL;
    az_diags *diags = az_diags_new();
    assert_int_equal(az_description_load(file, NULL, diags, &desc), AZ_OK);
    pthread_mutex_lock(&srv.lock);
    srv.script = script;
    srv.n_script = n_script;
    srv.n_requests = 0;
    pthread_mutex_unlock(&srv.lock);
    char url[128];
    snprintf(url, sizeof(url), "http://127.0.0.1:%u%s", srv.port, base);
    az_server_override server = {source, url};
    az_curl_opts copts;
    az_curl_opts_init(&copts);
    if (timeout_ms)
        copts.timeout_ms = timeout_ms;
    az_transport *t = az_transport_curl_new(&copts);
    az_run_opts opts;
    az_run_opts_init(&opts);
    opts.transport = t;
    opts.servers = &server;
    opts.n_servers = 1;
    if (max_steps)
        opts.max_steps = max_steps;
    json_object *in = inputs ? json_tokener_parse(inputs) : NULL;
    o.status = az_run(desc, workflow, in, &opts, diags, &o.result);
    json_object_put(in);
    az_transport_free(t);
    az_description_free(desc);
    az_diags_free(diags);
    return o;
}

/* The string at a pointer of the result. */
static const char *at(json_object *root, const char *pointer)
{
    json_object *v = NULL;
    if (az_pointer_get(root, pointer, &v) != AZ_OK)
        fail_msg("nothing at %s in %s", pointer, json_object_to_json_string(root));
    return json_object_get_string(v);
}

static const char WHATSAPP_INPUTS[] =
    "{\"accessToken\": \"tok123\", \"phoneNumberId\": \"106540352242922\", \"codeMethod\": "
    "\"SMS\", \"language\": \"en_US\", \"code\": \"123456\", \"pin\": \"654321\"}";

/* The seed: exactly the three requests Redocly's runner sends. */
static void test_whatsapp_seed(void **state)
{
    (void)state;
    static const answer ok[] = {{200, NULL, "{\"success\": true}", NULL, NULL, 0, false}};
    outcome o = run(SEED, "whatsappCloudApi", "/v21.0", "register-phone-number", WHATSAPP_INPUTS,
                    ok, 1, 0, 0);
    assert_int_equal(o.status, AZ_OK);
    assert_string_equal(at(o.result, "/status"), "succeeded");
    assert_string_equal(at(o.result, "/outputs/verified"), "true");
    assert_string_equal(at(o.result, "/outputs/registered"), "true");
    assert_int_equal(srv.n_requests, 3);
    static const char *const paths[] = {"/v21.0/106540352242922/request_code",
                                        "/v21.0/106540352242922/verify_code",
                                        "/v21.0/106540352242922/register"};
    static const char *const bodies[] = {"{\"code_method\":\"SMS\",\"language\":\"en_US\"}",
                                         "{\"code\":\"123456\"}",
                                         "{\"messaging_product\":\"whatsapp\",\"pin\":\"654321\"}"};
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(srv.requests[i].method, "POST");
        assert_string_equal(srv.requests[i].path, paths[i]);
        assert_string_equal(srv.requests[i].authorization, "Bearer tok123");
        assert_string_equal(srv.requests[i].body, bodies[i]);
    }
    /* The token never appears in the result. */
    assert_null(strstr(json_object_to_json_string(o.result), "tok123"));
    json_object_put(o.result);
}

/* A 401 at verify_code: the workflow fails there; register is never called. */
static void test_whatsapp_unauthorized(void **state)
{
    (void)state;
    static const answer script[] = {
        {200, NULL, "{\"success\": true}", NULL, NULL, 0, false},
        {401, NULL, "{\"error\": {\"message\": \"Error validating access token\", \"code\": 190}}",
         NULL, NULL, 0, false},
        {200, NULL, "{\"success\": true}", NULL, NULL, 0, false}};
    outcome o = run(SEED, "whatsappCloudApi", "/v21.0", "register-phone-number", WHATSAPP_INPUTS,
                    script, 3, 0, 0);
    assert_string_equal(at(o.result, "/status"), "failed");
    assert_int_equal(srv.n_requests, 2);
    assert_string_equal(at(o.result, "/steps/1/stepId"), "verifyNumber");
    assert_string_equal(at(o.result, "/steps/1/criteria/0/passed"), "false");
    json_object_put(o.result);
}

/* Retry-After: the second request waits for it (EXEC-61). */
static void test_retry_after(void **state)
{
    (void)state;
    static const answer script[] = {{503, NULL, "{}", "Retry-After", "1", 0, false},
                                    {200, NULL, "{}", NULL, NULL, 0, false}};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    outcome o = run(RUN_FIXTURE, "api", "/v1", "retrying", NULL, script, 2, 0, 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double elapsed = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    assert_string_equal(at(o.result, "/status"), "succeeded");
    assert_int_equal(srv.n_requests, 2);
    assert_true(elapsed >= 0.95);
    json_object_put(o.result);
}

/* A goto loop over HTTP, stopped by the step limit (EXEC-52). */
static void test_goto_loop(void **state)
{
    (void)state;
    static const answer ok[] = {{200, NULL, "{}", NULL, NULL, 0, false}};
    outcome o = run(RUN_FIXTURE, "api", "/v1", "looping", NULL, ok, 1, 7, 0);
    assert_string_equal(at(o.result, "/status"), "aborted");
    assert_int_equal(srv.n_requests, 7);
    json_object_put(o.result);
}

/* No answer within the timeout, a reset, a 500: the step fails, failure
 * actions still apply (EXEC-24). */
static void test_broken_servers(void **state)
{
    (void)state;
    static const answer slow[] = {{200, NULL, "{}", NULL, NULL, 1500, false}};
    outcome o = run(RUN_FIXTURE, "api", "/v1", "retrying", NULL, slow, 1, 0, 200);
    assert_string_equal(at(o.result, "/status"), "failed");
    assert_non_null(strstr(at(o.result, "/steps/0/error"), "200 ms"));
    assert_string_equal(at(o.result, "/steps/0/action/name"), "giveUp");
    json_object_put(o.result);

    static const answer reset[] = {{0, NULL, NULL, NULL, NULL, 0, true}};
    o = run(RUN_FIXTURE, "api", "/v1", "retrying", NULL, reset, 1, 0, 0);
    assert_string_equal(at(o.result, "/status"), "failed");
    assert_non_null(at(o.result, "/steps/0/error"));
    json_object_put(o.result);

    static const answer error[] = {{500, NULL, "{\"error\": \"boom\"}", NULL, NULL, 0, false}};
    o = run(RUN_FIXTURE, "api", "/v1", "retrying", NULL, error, 1, 0, 0);
    assert_string_equal(at(o.result, "/status"), "failed");
    assert_string_equal(at(o.result, "/steps/0/response/status"), "500");
    json_object_put(o.result);
}

/* A text body read with a JSON Pointer is undefined, not an error. */
static void test_non_json_body(void **state)
{
    (void)state;
    static const answer text[] = {{200, "text/plain", "Rex the dog", NULL, NULL, 0, false}};
    outcome o = run(RUN_FIXTURE, "api", "/v1", "child", "{\"petId\": 3}", text, 1, 0, 0);
    assert_string_equal(at(o.result, "/status"), "succeeded");
    json_object *name = NULL;
    assert_int_equal(az_pointer_get(o.result, "/outputs/name", &name), AZ_ERR_NOT_FOUND);
    assert_string_equal(at(o.result, "/steps/0/response/body"), "Rex the dog");
    json_object_put(o.result);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whatsapp_seed),  cmocka_unit_test(test_whatsapp_unauthorized),
        cmocka_unit_test(test_retry_after),    cmocka_unit_test(test_goto_loop),
        cmocka_unit_test(test_broken_servers), cmocka_unit_test(test_non_json_body),
    };
    return cmocka_run_group_tests(tests, start, stop);
}
