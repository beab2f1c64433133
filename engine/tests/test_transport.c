/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_transport.c - the engine's HTTP transport (arazzo/engine.h)
 * against a real loopback server (libmicrohttpd, one thread per
 * connection): responses with their headers in order and looked up
 * ignoring case (checklist EXEC-25), request headers and bodies received
 * exactly as given, any method, redirects not followed (EXEC-28), error
 * statuses as responses, and every failure kind with its message -
 * timeout, refused connection, connection closed, size cap, cancel -
 * (EXEC-24); one TCP connection for a run's requests; requests refused
 * before sending; and the replay transport (ordered serving, matching,
 * body serialization, recorded requests, scripted failures).
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
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "arazzo/engine.h"

/* How long the slow handler sleeps unless the server stops. */
#define SLOW_MS 2000
/* Size of the big bodies. */
#define BIG_BYTES 10000

/* One header the server received. */
typedef struct seen_header {
    char name[64];
    char value[256];
} seen_header;

/* The loopback server and what it saw. */
typedef struct server {
    struct MHD_Daemon *daemon;
    unsigned port;
    atomic_int connections; /* TCP connections accepted */
    atomic_int requests;    /* requests started */
    atomic_int stopping;    /* set before the daemon stops */
    pthread_mutex_t lock;   /* guards what follows */
    char method[16];
    seen_header headers[64];
    size_t n_headers;
    char *body;
    size_t body_len;
} server;

static server srv = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* Per-request state of the server: the upload received so far. */
typedef struct request_state {
    az_buf upload;
} request_state;

/* Milliseconds of a monotonic clock. */
static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* Sleeps `ms` milliseconds. */
static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* MHD header iterator: records one request header. */
static enum MHD_Result record_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    (void)cls, (void)kind;
    if (srv.n_headers < 64) {
        seen_header *h = &srv.headers[srv.n_headers++];
        snprintf(h->name, sizeof(h->name), "%s", key);
        snprintf(h->value, sizeof(h->value), "%s", value ? value : "");
    }
    return MHD_YES;
}

/* The value of a header the server saw last (case-insensitive), or NULL. */
static const char *seen(const char *name)
{
    for (size_t i = 0; i < srv.n_headers; i++)
        if (strcasecmp(srv.headers[i].name, name) == 0)
            return srv.headers[i].value;
    return NULL;
}

/* The index of a header the server saw last, or -1. */
static int seen_index(const char *name)
{
    for (size_t i = 0; i < srv.n_headers; i++)
        if (strcasecmp(srv.headers[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* Content callback of /bigchunked: BIG_BYTES bytes without a length. */
static ssize_t chunked_body(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)cls;
    if (pos >= BIG_BYTES)
        return MHD_CONTENT_READER_END_OF_STREAM;
    size_t n = BIG_BYTES - (size_t)pos;
    if (n > max)
        n = max;
    if (n > 100)
        n = 100;
    memset(buf, 'y', n);
    return (ssize_t)n;
}

/* Queues a response with a copied body and an optional header. */
static enum MHD_Result reply(struct MHD_Connection *conn, unsigned status, const char *body,
                             const char *name, const char *value)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
    if (name)
        MHD_add_response_header(resp, name, value);
    enum MHD_Result r = MHD_queue_response(conn, status, resp);
    MHD_destroy_response(resp);
    return r;
}

/* Answers a complete request according to its path. */
static enum MHD_Result route(struct MHD_Connection *conn, const char *url, const char *method,
                             request_state *rs)
{
    if (strcmp(url, "/json") == 0) {
        const char *body = "{\"id\":1,\"name\":\"x\"}";
        struct MHD_Response *resp =
            MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_PERSISTENT);
        MHD_add_response_header(resp, "Content-Type", "application/json");
        MHD_add_response_header(resp, "X-Request-Id", "abc");
        MHD_add_response_header(resp, "Set-Cookie", "a=1");
        MHD_add_response_header(resp, "Set-Cookie", "b=2");
        enum MHD_Result r = MHD_queue_response(conn, MHD_HTTP_OK, resp);
        MHD_destroy_response(resp);
        return r;
    }
    if (strcmp(url, "/echo") == 0) {
        pthread_mutex_lock(&srv.lock);
        snprintf(srv.method, sizeof(srv.method), "%s", method);
        srv.n_headers = 0;
        MHD_get_connection_values(conn, MHD_HEADER_KIND, record_header, NULL);
        free(srv.body);
        srv.body_len = rs->upload.len;
        srv.body = malloc(srv.body_len + 1);
        if (srv.body) {
            memcpy(srv.body, rs->upload.data ? rs->upload.data : "", srv.body_len);
            srv.body[srv.body_len] = '\0';
        }
        pthread_mutex_unlock(&srv.lock);
        return reply(conn, MHD_HTTP_OK, "ok", "Content-Type", "text/plain");
    }
    if (strcmp(url, "/nocontent") == 0)
        return reply(conn, MHD_HTTP_NO_CONTENT, "", NULL, NULL);
    if (strcmp(url, "/redirect") == 0)
        return reply(conn, MHD_HTTP_FOUND, "moved", "Location", "/json");
    if (strcmp(url, "/error") == 0)
        return reply(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "boom", NULL, NULL);
    if (strcmp(url, "/slow") == 0) {
        for (int waited = 0; waited < SLOW_MS && !atomic_load(&srv.stopping); waited += 10)
            sleep_ms(10);
        return reply(conn, MHD_HTTP_OK, "late", NULL, NULL);
    }
    if (strcmp(url, "/big") == 0) {
        char *body = malloc(BIG_BYTES);
        if (!body)
            return MHD_NO;
        memset(body, 'x', BIG_BYTES);
        struct MHD_Response *resp =
            MHD_create_response_from_buffer(BIG_BYTES, body, MHD_RESPMEM_MUST_FREE);
        enum MHD_Result r = MHD_queue_response(conn, MHD_HTTP_OK, resp);
        MHD_destroy_response(resp);
        return r;
    }
    if (strcmp(url, "/bigchunked") == 0) {
        struct MHD_Response *resp =
            MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 1024, chunked_body, NULL, NULL);
        enum MHD_Result r = MHD_queue_response(conn, MHD_HTTP_OK, resp);
        MHD_destroy_response(resp);
        return r;
    }
    return reply(conn, MHD_HTTP_NOT_FOUND, "not found", NULL, NULL);
}

/*
 * The request handler: counts requests, collects uploads, closes the
 * connection without an answer for /close, then routes.
 */
static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_len, void **con_cls)
{
    (void)cls, (void)version;
    request_state *rs = *con_cls;
    if (!rs) {
        atomic_fetch_add(&srv.requests, 1);
        if (strcmp(url, "/close") == 0)
            return MHD_NO;
        rs = calloc(1, sizeof(*rs));
        if (!rs)
            return MHD_NO;
        *con_cls = rs;
        return MHD_YES;
    }
    if (*upload_len) {
        az_buf_add(&rs->upload, upload, *upload_len);
        *upload_len = 0;
        return MHD_YES;
    }
    return route(conn, url, method, rs);
}

/* Frees a request's state when MHD is done with it. */
static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    (void)cls, (void)conn, (void)toe;
    request_state *rs = *con_cls;
    if (rs) {
        free(rs->upload.data);
        free(rs);
        *con_cls = NULL;
    }
}

/* Counts the TCP connections the server accepts. */
static void notify_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                              enum MHD_ConnectionNotificationCode toe)
{
    (void)cls, (void)conn, (void)socket_context;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED)
        atomic_fetch_add(&srv.connections, 1);
}

/* Starts the server on 127.0.0.1 and an ephemeral port. */
static int start_server(void **state)
{
    (void)state;
    /* The tests talk to the loopback server directly, whatever the host says. */
    unsetenv("http_proxy");
    unsetenv("HTTP_PROXY");
    unsetenv("https_proxy");
    unsetenv("HTTPS_PROXY");
    unsetenv("all_proxy");
    unsetenv("ALL_PROXY");
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    srv.daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0, NULL, NULL, handle,
        NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_NOTIFY_COMPLETED,
        completed, NULL, MHD_OPTION_NOTIFY_CONNECTION, notify_connection, NULL, MHD_OPTION_END);
    if (!srv.daemon)
        return -1;
    srv.port = MHD_get_daemon_info(srv.daemon, MHD_DAEMON_INFO_BIND_PORT)->port;
    return 0;
}

/* Stops the server without waiting for slow handlers. */
static int stop_server(void **state)
{
    (void)state;
    atomic_store(&srv.stopping, 1);
    MHD_stop_daemon(srv.daemon);
    free(srv.body);
    srv.body = NULL;
    return 0;
}

/* Formats a URL of the loopback server into a static buffer. */
static const char *server_url(const char *path)
{
    static char buf[256];
    snprintf(buf, sizeof(buf), "http://127.0.0.1:%u%s", srv.port, path);
    return buf;
}

/* A libcurl transport with the default options. */
static az_transport *new_curl(void)
{
    az_transport *t = az_transport_curl_new(NULL);
    assert_non_null(t);
    return t;
}

/* Sends `method` to `path` of the server without headers or body. */
static az_status send_simple(az_transport *t, const char *method, const char *path,
                             az_http_response *resp)
{
    az_http_request req = {.method = method, .url = server_url(path)};
    return az_transport_send(t, &req, resp);
}

/* Failure names and header lookup ignoring case. */
static void test_names_and_lookup(void **state)
{
    (void)state;
    static const struct {
        az_http_failure failure;
        const char *name;
    } names[] = {
        {AZ_HTTP_OK, "ok"},
        {AZ_HTTP_CONNECT, "connect"},
        {AZ_HTTP_TLS, "tls"},
        {AZ_HTTP_TIMEOUT, "timeout"},
        {AZ_HTTP_RESET, "reset"},
        {AZ_HTTP_TOO_LARGE, "too-large"},
        {AZ_HTTP_CANCELLED, "cancelled"},
        {AZ_HTTP_OTHER, "other"},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        assert_string_equal(az_http_failure_name(names[i].failure), names[i].name);

    az_http_header headers[] = {{"Content-Type", "text/plain"}, {"X-A", "1"}, {"x-a", "2"}};
    assert_string_equal(az_http_header_get(headers, 3, "content-type"), "text/plain");
    assert_string_equal(az_http_header_get(headers, 3, "X-a"), "1");
    assert_null(az_http_header_get(headers, 3, "Location"));
    assert_null(az_http_header_get(NULL, 0, "X-A"));
    az_http_response_clear(NULL);
    az_transport_free(NULL);
}

/* A 200 with a JSON body: status, body, headers in order, any case. */
static void test_get_json(void **state)
{
    (void)state;
    az_transport *t = new_curl();
    az_http_response resp;
    assert_int_equal(send_simple(t, "GET", "/json", &resp), AZ_OK);
    assert_int_equal(resp.failure, AZ_HTTP_OK);
    assert_null(resp.error);
    assert_int_equal(resp.status, 200);
    assert_string_equal(resp.body, "{\"id\":1,\"name\":\"x\"}");
    assert_int_equal(resp.body_len, strlen(resp.body));
    assert_string_equal(az_http_header_get(resp.headers, resp.n_headers, "content-type"),
                        "application/json");
    assert_string_equal(az_http_header_get(resp.headers, resp.n_headers, "X-REQUEST-ID"), "abc");
    int first = -1, second = -1;
    for (size_t i = 0; i < resp.n_headers; i++) {
        if (strcmp(resp.headers[i].name, "Set-Cookie") == 0 &&
            strcmp(resp.headers[i].value, "a=1") == 0)
            first = (int)i;
        if (strcmp(resp.headers[i].name, "Set-Cookie") == 0 &&
            strcmp(resp.headers[i].value, "b=2") == 0)
            second = (int)i;
    }
    assert_true(first >= 0 && second > first);
    assert_true(resp.time_ms > 0.0);
    az_http_response_clear(&resp);
    assert_null(resp.body);
    assert_int_equal(resp.n_headers, 0);
    az_transport_free(t);
}

/* A POST's headers and body reach the server exactly, without additions. */
static void test_post_exact(void **state)
{
    (void)state;
    az_transport *t = new_curl();
    az_http_header headers[] = {{"Content-Type", "application/json"},
                                {"X-Trace", "abc-123"},
                                {"X-Empty", ""},
                                {"Accept", "application/json"}};
    const char *body = "{\"a\":[1,2],\"b\":\"\xc3\xa9\"}";
    az_http_request req = {.method = "POST",
                           .url = server_url("/echo"),
                           .headers = headers,
                           .n_headers = 4,
                           .body = body,
                           .body_len = strlen(body)};
    az_http_response resp;
    assert_int_equal(az_transport_send(t, &req, &resp), AZ_OK);
    assert_int_equal(resp.failure, AZ_HTTP_OK);
    assert_int_equal(resp.status, 200);
    assert_string_equal(srv.method, "POST");
    assert_string_equal(srv.body, body);
    assert_string_equal(seen("Content-Type"), "application/json");
    assert_string_equal(seen("X-Trace"), "abc-123");
    assert_non_null(seen("X-Empty"));
    assert_string_equal(seen("X-Empty"), "");
    assert_string_equal(seen("Accept"), "application/json");
    assert_true(seen_index("X-Trace") < seen_index("X-Empty"));
    assert_null(seen("Expect"));
    assert_null(seen("Accept-Encoding"));
    assert_string_equal(seen("User-Agent"), "arazzo/" AZ_VERSION_STRING);
    az_http_response_clear(&resp);

    /* A POST without a Content-Type gets none from libcurl either. */
    az_http_request plain = {
        .method = "POST", .url = server_url("/echo"), .body = "a=1", .body_len = 3};
    assert_int_equal(az_transport_send(t, &plain, &resp), AZ_OK);
    assert_int_equal(resp.status, 200);
    assert_string_equal(srv.body, "a=1");
    assert_null(seen("Content-Type"));
    assert_string_equal(seen("Accept"), "*/*");
    az_http_response_clear(&resp);

    /* An explicit Expect: 100-continue: only the final headers are kept. */
    az_http_header expect[] = {{"Expect", "100-continue"}, {"User-Agent", "mine"}};
    req.headers = expect;
    req.n_headers = 2;
    assert_int_equal(az_transport_send(t, &req, &resp), AZ_OK);
    assert_int_equal(resp.status, 200);
    assert_string_equal(seen("User-Agent"), "mine");
    assert_string_equal(srv.body, body);
    assert_string_equal(az_http_header_get(resp.headers, resp.n_headers, "Content-Type"),
                        "text/plain");
    for (size_t i = 0; i < resp.n_headers; i++)
        assert_true(strncmp(resp.headers[i].name, "HTTP/", 5) != 0);
    az_http_response_clear(&resp);
    az_transport_free(t);
}

/* Other methods, with and without a body; a large body has no Expect. */
static void test_methods(void **state)
{
    (void)state;
    static const struct {
        const char *method;
        bool with_body;
        const char *content_length; /* expected, or NULL for none */
    } cases[] = {
        {"PUT", false, "0"},   {"PATCH", true, "5"},     {"DELETE", false, NULL},
        {"DELETE", true, "5"}, {"OPTIONS", false, NULL}, {"GET", false, NULL},
        {"POST", false, "0"},  {"PROPFIND", true, "5"},
    };
    az_transport *t = new_curl();
    az_http_response resp;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        az_http_request req = {.method = cases[i].method,
                               .url = server_url("/echo"),
                               .body = cases[i].with_body ? "hello" : NULL,
                               .body_len = cases[i].with_body ? 5 : 0};
        assert_int_equal(az_transport_send(t, &req, &resp), AZ_OK);
        assert_int_equal(resp.status, 200);
        assert_string_equal(srv.method, cases[i].method);
        assert_string_equal(srv.body, cases[i].with_body ? "hello" : "");
        if (cases[i].content_length)
            assert_string_equal(seen("Content-Length"), cases[i].content_length);
        else
            assert_null(seen("Content-Length"));
        az_http_response_clear(&resp);
    }

    size_t big = (size_t)3 << 19;
    char *body = malloc(big);
    assert_non_null(body);
    memset(body, 'b', big);
    az_http_request req = {
        .method = "PUT", .url = server_url("/echo"), .body = body, .body_len = big};
    assert_int_equal(az_transport_send(t, &req, &resp), AZ_OK);
    assert_int_equal(resp.status, 200);
    assert_int_equal(srv.body_len, big);
    assert_null(seen("Expect"));
    az_http_response_clear(&resp);
    free(body);
    az_transport_free(t);
}

/* A 204 and a HEAD come back without a body. */
static void test_no_body(void **state)
{
    (void)state;
    az_transport *t = new_curl();
    az_http_response resp;
    assert_int_equal(send_simple(t, "GET", "/nocontent", &resp), AZ_OK);
    assert_int_equal(resp.failure, AZ_HTTP_OK);
    assert_int_equal(resp.status, 204);
    assert_non_null(resp.body);
    assert_int_equal(resp.body_len, 0);
    assert_string_equal(resp.body, "");
    az_http_response_clear(&resp);

    assert_int_equal(send_simple(t, "HEAD", "/json", &resp), AZ_OK);
    assert_int_equal(resp.failure, AZ_HTTP_OK);
    assert_int_equal(resp.status, 200);
    assert_int_equal(resp.body_len, 0);
    assert_string_equal(az_http_header_get(resp.headers, resp.n_headers, "Content-Type"),
                        "application/json");
    az_http_response_clear(&resp);

    /* The connection is still good after a HEAD. */
    assert_int_equal(send_simple(t, "GET", "/json", &resp), AZ_OK);
    assert_int_equal(resp.status, 200);
    assert_int_equal(resp.body_len, 19);
    az_http_response_clear(&resp);
    az_transport_free(t);
}

/* A 302 is returned as it is, Location visible, and not followed. */
static void test_redirect_not_followed(void **state)
{
    (void)state;
    az_transport *t = new_curl();
    az_http_response resp;
    int before = atomic_load(&srv.requests);
    assert_int_equal(send_simple(t, "GET", "/redirect", &resp), AZ_OK);
    assert_int_equal(resp.failure, AZ_HTTP_OK);
    assert_int_equal(resp.status, 302);
    assert_string_equal(az_http_header_get(resp.headers, resp.n_headers, "location"), "/json");
    assert_string_equal(resp.body, "moved");
    assert_int_equal(atomic_load(&srv.requests) - before, 1);
    az_http_response_clear(&resp);
    az_transport_free(t);
}

/* A 500 is a response, not a failure. */
static void test_server_error(void **state)
{
    (void)state;
    az_transport *t = new_curl();
    az_http_response resp;
    assert_int_equal(send_simple(t, "DELETE", "/error", &resp), AZ_OK);
    assert_int_equal(resp.failure, AZ_HTTP_OK);
    assert_null(resp.error);
    assert_int_equal(resp.status, 500);
    assert_string_equal(resp.body, "boom");
    az_http_response_clear(&resp);
    az_transport_free(t);
}

/* A server slower than the request's timeout: TIMEOUT, quickly. */
static void test_timeout(void **state)
{
    (void)state;
    az_transport *t = new_curl();
    az_http_request req = {.method = "GET", .url = server_url("/slow"), .timeout_ms = 200};
    az_http_response resp;
    double start = now_ms();
    assert_int_equal(az_transport_send(t, &req, &resp), AZ_OK);
    double elapsed = now_ms() - start;
    assert_int_equal(resp.failure, AZ_HTTP_TIMEOUT);
    assert_int_equal(resp.status, 0);
    assert_null(resp.body);
    assert_int_equal(resp.n_headers, 0);
    char expected[128];
    snprintf(expected, sizeof(expected), "no response from %s within 200 ms", server_url("/slow"));
    assert_string_equal(resp.error, expected);
    assert_true(elapsed >= 150.0 && elapsed < 900.0);
    assert_true(resp.time_ms >= 150.0 && resp.time_ms < 900.0);
    az_http_response_clear(&resp);

    /* The transport's own total timeout applies when the request has none. */
    az_curl_opts opts;
    az_curl_opts_init(&opts);
    assert_int_equal(opts.connect_timeout_ms, AZ_DEFAULT_CONNECT_TIMEOUT_MS);
    assert_int_equal(opts.timeout_ms, AZ_DEFAULT_REQUEST_TIMEOUT_MS);
    assert_int_equal(opts.max_response_bytes, AZ_DEFAULT_MAX_RESPONSE_BYTES);
    assert_false(opts.insecure);
    opts.timeout_ms = 150;
    az_transport *quick = az_transport_curl_new(&opts);
    assert_non_null(quick);
    assert_int_equal(send_simple(quick, "GET", "/slow", &resp), AZ_OK);
    assert_int_equal(resp.failure, AZ_HTTP_TIMEOUT);
    assert_non_null(strstr(resp.error, "within 150 ms"));
    az_http_response_clear(&resp);
    az_transport_free(quick);
    az_transport_free(t);
}

/* A refused connection: CONNECT, naming the URL. */
static void test_connect_refused(void **state)
{
    (void)state;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    assert_int_equal(bind(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&addr, &len), 0);
    close(fd);
    char url[64];
    snprintf(url, sizeof(url), "http://127.0.0.1:%u/x", (unsigned)ntohs(addr.sin_port));

    az_transport *t = new_curl();
    az_http_request req = {.method = "GET", .url = url};
    az_http_response resp;
    assert_int_equal(az_transport_send(t, &req, &resp), AZ_OK);
    assert_int_equal(resp.failure, AZ_HTTP_CONNECT);
    assert_int_equal(resp.status, 0);
    char expected[128];
    snprintf(expected, sizeof(expected), "cannot connect to %s: ", url);
    assert_non_null(resp.error);
    assert_memory_equal(resp.error, expected, strlen(expected));
    assert_non_null(strstr(resp.error, "refused"));
    az_http_response_clear(&resp);
    az_transport_free(t);
}

/* https to a server that speaks plain HTTP: the handshake fails, TLS. */
static void test_tls_failure(void **state)
{
    (void)state;
    char url[64];
    snprintf(url, sizeof(url), "https://127.0.0.1:%u/x", srv.port);
    az_transport *t = new_curl();
    az_http_request req = {.method = "GET", .url = url};
    az_http_response resp;
    assert_int_equal(az_transport_send(t, &req, &resp), AZ_OK);
    assert_int_equal(resp.failure, AZ_HTTP_TLS);
    assert_string_equal(az_http_failure_name(resp.failure), "tls");
    char expected[128];
    snprintf(expected, sizeof(expected), "TLS connection to %s failed: ", url);
    assert_non_null(resp.error);
    assert_memory_equal(resp.error, expected, strlen(expected));
    az_http_response_clear(&resp);
    az_transport_free(t);
}

/* The server closes the connection without answering: RESET. */
static void test_reset(void **state)
{
    (void)state;
    az_transport *t = new_curl();
    az_http_response resp;
    assert_int_equal(send_simple(t, "GET", "/close", &resp), AZ_OK);
    assert_int_equal(resp.failure, AZ_HTTP_RESET);
    assert_int_equal(resp.status, 0);
    char expected[128];
    snprintf(expected, sizeof(expected), "connection to %s closed without a response",
             server_url("/close"));
    assert_string_equal(resp.error, expected);
    az_http_response_clear(&resp);

    /* The transport recovers: the next request opens a new connection. */
    assert_int_equal(send_simple(t, "GET", "/json", &resp), AZ_OK);
    assert_int_equal(resp.status, 200);
    az_http_response_clear(&resp);
    az_transport_free(t);
}

/* Bodies past the cap, with and without a Content-Length: TOO_LARGE. */
static void test_too_large(void **state)
{
    (void)state;
    az_curl_opts opts;
    az_curl_opts_init(&opts);
    opts.max_response_bytes = 1000;
    az_transport *t = az_transport_curl_new(&opts);
    assert_non_null(t);
    static const char *const paths[] = {"/big", "/bigchunked"};
    az_http_response resp;
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(send_simple(t, "GET", paths[i], &resp), AZ_OK);
        assert_int_equal(resp.failure, AZ_HTTP_TOO_LARGE);
        assert_int_equal(resp.status, 0);
        assert_null(resp.body);
        char expected[128];
        snprintf(expected, sizeof(expected), "response from %s larger than the 1000-byte limit",
                 server_url(paths[i]));
        assert_string_equal(resp.error, expected);
        az_http_response_clear(&resp);
    }
    assert_int_equal(send_simple(t, "GET", "/json", &resp), AZ_OK);
    assert_int_equal(resp.status, 200);
    az_http_response_clear(&resp);
    az_transport_free(t);

    /* Without the cap, the same body arrives whole. */
    t = new_curl();
    assert_int_equal(send_simple(t, "GET", "/bigchunked", &resp), AZ_OK);
    assert_int_equal(resp.status, 200);
    assert_int_equal(resp.body_len, BIG_BYTES);
    az_http_response_clear(&resp);
    az_transport_free(t);
}

/* Sequential requests of one transport share one TCP connection. */
static void test_connection_reuse(void **state)
{
    (void)state;
    az_transport *t = new_curl();
    az_http_response resp;
    int before = atomic_load(&srv.connections);
    assert_int_equal(send_simple(t, "GET", "/json", &resp), AZ_OK);
    assert_int_equal(resp.status, 200);
    az_http_response_clear(&resp);
    assert_int_equal(send_simple(t, "GET", "/json", &resp), AZ_OK);
    assert_int_equal(resp.status, 200);
    az_http_response_clear(&resp);
    az_http_request post = {
        .method = "POST", .url = server_url("/echo"), .body = "x", .body_len = 1};
    assert_int_equal(az_transport_send(t, &post, &resp), AZ_OK);
    assert_int_equal(resp.status, 200);
    az_http_response_clear(&resp);
    assert_int_equal(atomic_load(&srv.connections) - before, 1);
    az_transport_free(t);
}

/* A cancel flag already set: CANCELLED at once, nothing sent. */
static void test_cancel_before(void **state)
{
    (void)state;
    volatile sig_atomic_t cancel = 1;
    az_curl_opts opts;
    az_curl_opts_init(&opts);
    opts.cancel = &cancel;
    az_transport *t = az_transport_curl_new(&opts);
    assert_non_null(t);
    az_http_response resp;
    int before = atomic_load(&srv.requests);
    double start = now_ms();
    assert_int_equal(send_simple(t, "GET", "/slow", &resp), AZ_OK);
    assert_true(now_ms() - start < 100.0);
    assert_int_equal(resp.failure, AZ_HTTP_CANCELLED);
    assert_int_equal(resp.status, 0);
    assert_non_null(strstr(resp.error, "cancelled"));
    assert_int_equal(atomic_load(&srv.requests), before);
    az_http_response_clear(&resp);
    az_transport_free(t);
}

/* Sets the flag `arg` points to after 150 ms. */
static void *cancel_later(void *arg)
{
    sleep_ms(150);
    *(volatile sig_atomic_t *)arg = 1;
    return NULL;
}

/* A cancel flag set while a request waits: CANCELLED within ~100 ms. */
static void test_cancel_in_flight(void **state)
{
    (void)state;
    static volatile sig_atomic_t cancel;
    cancel = 0;
    az_curl_opts opts;
    az_curl_opts_init(&opts);
    opts.cancel = &cancel;
    az_transport *t = az_transport_curl_new(&opts);
    assert_non_null(t);
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, cancel_later, (void *)&cancel), 0);
    az_http_response resp;
    double start = now_ms();
    assert_int_equal(send_simple(t, "GET", "/slow", &resp), AZ_OK);
    double elapsed = now_ms() - start;
    pthread_join(thread, NULL);
    assert_int_equal(resp.failure, AZ_HTTP_CANCELLED);
    char expected[128];
    snprintf(expected, sizeof(expected), "request to %s cancelled", server_url("/slow"));
    assert_string_equal(resp.error, expected);
    assert_true(elapsed >= 140.0 && elapsed < 800.0);
    az_http_response_clear(&resp);
    az_transport_free(t);
}

/* Malformed requests are refused before anything is sent. */
static void test_invalid_requests(void **state)
{
    (void)state;
    az_http_header crlf[] = {{"X-A", "1\r\nX-Injected: 2"}};
    az_http_header bad_name[] = {{"X A", "1"}};
    const char *url = server_url("/echo");
    static char url_copy[256];
    snprintf(url_copy, sizeof(url_copy), "%s", url);
    struct {
        az_http_request req;
        const char *message;
    } cases[] = {
        {{.method = "GET", .url = url_copy, .headers = crlf, .n_headers = 1},
         "invalid value of header 'X-A'"},
        {{.method = "GET", .url = url_copy, .headers = bad_name, .n_headers = 1},
         "invalid header name 'X A'"},
        {{.method = "GE T", .url = url_copy}, "invalid HTTP method 'GE T'"},
        {{.method = "GET", .url = "ftp://127.0.0.1/x"}, "invalid request URL 'ftp://127.0.0.1/x'"},
        {{.method = "GET", .url = "/relative"}, "invalid request URL '/relative'"},
        {{.method = "GET", .url = "http://a b/"}, "invalid request URL"},
        {{.method = "HEAD", .url = url_copy, .body = "x", .body_len = 1}, "HEAD request"},
        {{.method = "POST", .url = url_copy, .body_len = 3}, "body length but no body"},
        {{.method = "GET", .url = url_copy, .timeout_ms = -1}, "negative timeout"},
    };
    az_transport *t = new_curl();
    int before = atomic_load(&srv.requests);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        az_http_response resp;
        assert_int_equal(az_transport_send(t, &cases[i].req, &resp), AZ_ERR_INVALID);
        assert_non_null(resp.error);
        if (!strstr(resp.error, cases[i].message))
            fail_msg("case %zu: '%s' lacks '%s'", i, resp.error, cases[i].message);
        az_http_response_clear(&resp);
    }
    assert_int_equal(atomic_load(&srv.requests), before);
    az_transport_free(t);
}

/* Parses a JSON text that the test knows to be valid. */
static json_object *parse(const char *text)
{
    json_object *obj = json_tokener_parse(text);
    assert_non_null(obj);
    return obj;
}

/* Exchanges are served in order; bodies serialized; headers as given. */
static void test_replay_serving(void **state)
{
    (void)state;
    json_object *script =
        parse("[{\"request\": {\"method\": \"post\", \"url\": \"https://api.test/pets\"},"
              "  \"response\": {\"status\": 201, \"headers\": {\"Location\": \"/pets/7\","
              "   \"X-Rate\": 5, \"Set-Cookie\": [\"a=1\", \"b=2\"]},"
              "   \"body\": {\"id\": 7, \"tags\": [\"a/b\", 1.5, null]}}},"
              " {\"response\": {\"headers\": {\"Content-Type\": \"text/plain\"}, \"body\": \"plain "
              "\\\"text\\\"\"}},"
              " {\"response\": {\"status\": 204}},"
              " {\"response\": {\"body\": [1], \"headers\": {\"content-type\": "
              "\"application/x+json\"}}}]");
    az_transport *t = az_transport_replay_new(script);
    json_object_put(script); /* the transport holds its own reference */
    assert_non_null(t);

    az_http_request req = {
        .method = "POST", .url = "https://api.test/pets", .body = "{}", .body_len = 2};
    az_http_response resp;
    assert_int_equal(az_transport_send(t, &req, &resp), AZ_OK);
    assert_int_equal(resp.failure, AZ_HTTP_OK);
    assert_int_equal(resp.status, 201);
    assert_string_equal(resp.body, "{\"id\":7,\"tags\":[\"a/b\",1.5,null]}");
    assert_int_equal(resp.body_len, strlen(resp.body));
    assert_string_equal(az_http_header_get(resp.headers, resp.n_headers, "location"), "/pets/7");
    assert_string_equal(az_http_header_get(resp.headers, resp.n_headers, "x-rate"), "5");
    assert_string_equal(az_http_header_get(resp.headers, resp.n_headers, "content-type"),
                        "application/json");
    size_t cookies = 0;
    for (size_t i = 0; i < resp.n_headers; i++)
        if (strcmp(resp.headers[i].name, "Set-Cookie") == 0)
            assert_string_equal(resp.headers[i].value, cookies++ ? "b=2" : "a=1");
    assert_int_equal(cookies, 2);
    az_http_response_clear(&resp);

    az_http_request get = {.method = "GET", .url = "https://api.test/anything"};
    assert_int_equal(az_transport_send(t, &get, &resp), AZ_OK);
    assert_int_equal(resp.status, 200);
    assert_string_equal(resp.body, "plain \"text\"");
    assert_int_equal(resp.n_headers, 1);
    az_http_response_clear(&resp);

    assert_int_equal(az_transport_send(t, &get, &resp), AZ_OK);
    assert_int_equal(resp.status, 204);
    assert_string_equal(resp.body, "");
    assert_int_equal(resp.body_len, 0);
    az_http_response_clear(&resp);

    assert_int_equal(az_transport_send(t, &get, &resp), AZ_OK);
    assert_string_equal(resp.body, "[1]");
    assert_int_equal(resp.n_headers, 1);
    assert_string_equal(az_http_header_get(resp.headers, resp.n_headers, "Content-Type"),
                        "application/x+json");
    az_http_response_clear(&resp);

    /* Past the end of the script. */
    assert_int_equal(az_transport_send(t, &get, &resp), AZ_OK);
    assert_int_equal(resp.failure, AZ_HTTP_OTHER);
    assert_int_equal(resp.status, 0);
    assert_string_equal(resp.error, "replay script has 4 exchanges; request 5 (GET "
                                    "https://api.test/anything) has none");
    az_http_response_clear(&resp);
    az_transport_free(t);
}

/* A request that does not match its exchange fails, saying what was expected. */
static void test_replay_mismatch(void **state)
{
    (void)state;
    json_object *script = parse("[{\"request\": {\"method\": \"GET\", \"url\": \"https://x/a\"},"
                                "  \"response\": {\"status\": 200}},"
                                " {\"request\": {\"url\": \"https://x/b\"},"
                                "  \"response\": {\"status\": 200}}]");
    az_transport *t = az_transport_replay_new(script);
    json_object_put(script);
    assert_non_null(t);
    az_http_request req = {.method = "DELETE", .url = "https://x/a"};
    az_http_response resp;
    assert_int_equal(az_transport_send(t, &req, &resp), AZ_OK);
    assert_int_equal(resp.failure, AZ_HTTP_OTHER);
    assert_int_equal(resp.status, 0);
    assert_string_equal(resp.error, "replay exchange 1 expected GET https://x/a, got DELETE "
                                    "https://x/a");
    az_http_response_clear(&resp);
    req.url = "https://x/c";
    assert_int_equal(az_transport_send(t, &req, &resp), AZ_OK);
    assert_string_equal(resp.error, "replay exchange 2 expected any method https://x/b, got DELETE "
                                    "https://x/c");
    az_http_response_clear(&resp);
    assert_int_equal(json_object_array_length(az_replay_requests(t)), 2);
    az_transport_free(t);
}

/* Scripted failures and malformed exchanges. */
static void test_replay_failures(void **state)
{
    (void)state;
    json_object *script =
        parse("[{\"failure\": \"timeout\"}, {\"failure\": \"connect\"}, {\"failure\": \"reset\"},"
              " {\"failure\": \"too-large\"}, {\"failure\": \"bogus\"}, {\"failure\": \"ok\"},"
              " {\"response\": {\"status\": 99}}, {\"response\": {\"headers\": [1]}},"
              " {\"response\": {\"headers\": {\"X\": {}}}}, {}, 3]");
    az_transport *t = az_transport_replay_new(script);
    json_object_put(script);
    assert_non_null(t);
    static const struct {
        az_http_failure failure;
        const char *message;
    } expected[] = {
        {AZ_HTTP_TIMEOUT, "timeout of GET https://x/ (replay exchange 1)"},
        {AZ_HTTP_CONNECT, "connect of GET https://x/ (replay exchange 2)"},
        {AZ_HTTP_RESET, "reset of GET https://x/ (replay exchange 3)"},
        {AZ_HTTP_TOO_LARGE, "too-large of GET https://x/ (replay exchange 4)"},
        {AZ_HTTP_OTHER, "replay exchange 5: unknown failure 'bogus'"},
        {AZ_HTTP_OTHER, "replay exchange 6: unknown failure 'ok'"},
        {AZ_HTTP_OTHER, "replay exchange 7: \"status\" is not an integer from 100 to 599"},
        {AZ_HTTP_OTHER, "replay exchange 8: \"headers\" is not an object"},
        {AZ_HTTP_OTHER, "replay exchange 9: a header value is not"},
        {AZ_HTTP_OTHER, "replay exchange 10 has neither a response object nor a failure"},
        {AZ_HTTP_OTHER, "replay exchange 11 is not an object"},
    };
    az_http_request req = {.method = "GET", .url = "https://x/"};
    for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
        az_http_response resp;
        assert_int_equal(az_transport_send(t, &req, &resp), AZ_OK);
        assert_int_equal(resp.failure, expected[i].failure);
        assert_int_equal(resp.status, 0);
        assert_null(resp.body);
        assert_int_equal(resp.n_headers, 0);
        if (!resp.error || strncmp(resp.error, expected[i].message, strlen(expected[i].message)))
            fail_msg("exchange %zu: '%s'", i + 1, resp.error ? resp.error : "(null)");
        az_http_response_clear(&resp);
    }
    az_transport_free(t);
    assert_null(az_transport_replay_new(NULL));
    json_object *not_array = parse("{}");
    assert_null(az_transport_replay_new(not_array));
    json_object_put(not_array);
}

/* Every request received is recorded, body and headers included. */
static void test_replay_recorded(void **state)
{
    (void)state;
    json_object *script = parse("[{\"response\": {}}, {\"failure\": \"reset\"}]");
    az_transport *t = az_transport_replay_new(script);
    json_object_put(script);
    assert_non_null(t);
    assert_int_equal(json_object_array_length(az_replay_requests(t)), 0);
    az_http_header headers[] = {{"X-A", "1"}, {"Accept", "text/plain"}, {"X-A", "2"}};
    az_http_request req = {.method = "PUT",
                           .url = "https://x/p?q=1",
                           .headers = headers,
                           .n_headers = 3,
                           .body = "a\0b",
                           .body_len = 3};
    az_http_response resp;
    assert_int_equal(az_transport_send(t, &req, &resp), AZ_OK);
    assert_int_equal(resp.status, 200);
    assert_int_equal(resp.body_len, 0);
    az_http_response_clear(&resp);
    az_http_request get = {.method = "GET", .url = "https://x/g"};
    assert_int_equal(az_transport_send(t, &get, &resp), AZ_OK);
    assert_int_equal(resp.failure, AZ_HTTP_RESET);
    az_http_response_clear(&resp);

    json_object *expected = parse(
        "[{\"method\": \"PUT\", \"url\": \"https://x/p?q=1\","
        "  \"headers\": {\"X-A\": \"1, 2\", \"Accept\": \"text/plain\"}, \"body\": \"a\\u0000b\"},"
        " {\"method\": \"GET\", \"url\": \"https://x/g\", \"headers\": {}, \"body\": null}]");
    json_object *got = az_replay_requests(t);
    if (!az_json_equal(got, expected))
        fail_msg("recorded %s", json_object_to_json_string(got));
    json_object_put(expected);

    /* A transport of another kind has no recorded requests. */
    az_transport *curl = new_curl();
    assert_null(az_replay_requests(curl));
    assert_null(az_replay_requests(NULL));
    az_transport_free(curl);
    az_transport_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_and_lookup),
        cmocka_unit_test(test_get_json),
        cmocka_unit_test(test_post_exact),
        cmocka_unit_test(test_methods),
        cmocka_unit_test(test_no_body),
        cmocka_unit_test(test_redirect_not_followed),
        cmocka_unit_test(test_server_error),
        cmocka_unit_test(test_timeout),
        cmocka_unit_test(test_connect_refused),
        cmocka_unit_test(test_tls_failure),
        cmocka_unit_test(test_reset),
        cmocka_unit_test(test_too_large),
        cmocka_unit_test(test_connection_reuse),
        cmocka_unit_test(test_cancel_before),
        cmocka_unit_test(test_cancel_in_flight),
        cmocka_unit_test(test_invalid_requests),
        cmocka_unit_test(test_replay_serving),
        cmocka_unit_test(test_replay_mismatch),
        cmocka_unit_test(test_replay_failures),
        cmocka_unit_test(test_replay_recorded),
    };
    return cmocka_run_group_tests(tests, start_server, stop_server);
}
