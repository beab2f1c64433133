/* SPDX-License-Identifier: Apache-2.0 */
/*
 * conformance_mock.c - the mock server of arazzo/conformance.h: a libmicrohttpd
 * daemon on one loopback socket that routes each request to an operation
 * of the description (conformance_mock_route.c), optionally checks it
 * (conformance_mock_check.c), answers with a synthesized response
 * (conformance_mock_synth.c) or a JSON error - 404 for an unknown path,
 * 405 with Allow for a known path and another method, 400 for a request
 * that breaks the description, 413 for a body over AZ_MOCK_MAX_BODY - and
 * logs the exchange as one JSON line. In script mode
 * (az_mock_start_script) the answers come from a case's exchanges
 * (conformance_mock_script.c) instead. One server thread answers requests
 * one at a time; the log and its in-memory copy are guarded by a mutex.
 */
#include <arazzo/conformance.h>

#include "conformance_mock_internal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct az_mock {
    az_docset *set;
    az_oas_index *index;
    az__mock_routes *routes;
    az__mock_checker *checker; /* NULL unless validating */
    az__mock_script *script;   /* script mode: the exchanges; NULL otherwise */
    struct MHD_Daemon *daemon;
    unsigned port;
    char url[96];
    FILE *log;
    pthread_mutex_t lock;
    bool lock_ready;
    json_object *entries; /* the first AZ_MOCK_MAX_KEPT log entries */
    size_t count;
};

/* One connection's request body, read in pieces. */
typedef struct upload {
    char *body;
    size_t len, cap;
    bool too_large;
} upload;

/* Fills `o` with the defaults: 127.0.0.1, an ephemeral port, no log, no
 * validation. */
void az_mock_opts_init(az_mock_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->host = "127.0.0.1";
}

/* Stores a formatted message in *error when it is not NULL. */
static void set_error(char **error, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void set_error(char **error, const char *fmt, ...)
{
    if (!error)
        return;
    va_list ap;
    char buf[512];
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    *error = strdup(buf);
}

/* Leaves the raw URL and arguments as they came (routing decodes path
 * segments itself, so an encoded '/' stays inside its segment). */
static size_t keep_escaped(void *cls, struct MHD_Connection *conn, char *s)
{
    (void)cls, (void)conn;
    return strlen(s);
}

/* Adds one query argument, percent-decoded; a repeated name gets an array. */
static enum MHD_Result read_query(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value)
{
    (void)kind;
    json_object *query = cls, *old = NULL;
    char *name = az__mock_percent_decode(key, strlen(key), true);
    char *text = value ? az__mock_percent_decode(value, strlen(value), true) : strdup("");
    if (!name || !text)
        goto out;
    json_object *v = json_object_new_string(text);
    if (!json_object_object_get_ex(query, name, &old)) {
        json_object_object_add(query, name, v);
    } else if (json_object_is_type(old, json_type_array)) {
        json_object_array_add(old, v);
    } else {
        json_object *list = json_object_new_array();
        json_object_array_add(list, json_object_get(old));
        json_object_array_add(list, v);
        json_object_object_add(query, name, list);
    }
out:
    free(name);
    free(text);
    return MHD_YES;
}

/* Adds one header (or cookie); a repeated name is joined with ", ". */
static enum MHD_Result read_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    (void)kind;
    json_object *headers = cls, *old = NULL;
    if (!json_object_object_get_ex(headers, key, &old)) {
        json_object_object_add(headers, key, json_object_new_string(value ? value : ""));
        return MHD_YES;
    }
    size_t n = strlen(json_object_get_string(old)) + strlen(value ? value : "") + 3;
    char *joined = malloc(n);
    if (joined) {
        snprintf(joined, n, "%s, %s", json_object_get_string(old), value ? value : "");
        json_object_object_add(headers, key, json_object_new_string(joined));
        free(joined);
    }
    return MHD_YES;
}

/* The body as the log shows it: parsed JSON when it is JSON, else the
 * text; null when empty (new reference). */
static json_object *body_json(const char *body, size_t len)
{
    if (len == 0)
        return NULL;
    json_tokener *tok = json_tokener_new();
    json_object *v = tok ? json_tokener_parse_ex(tok, body, (int)len) : NULL;
    size_t end = tok ? json_tokener_get_parse_end(tok) : 0;
    while (end < len && strchr(" \t\r\n", body[end]))
        end++; /* trailing white space is still JSON */
    if (tok && (json_tokener_get_error(tok) != json_tokener_success || end < len)) {
        json_object_put(v);
        v = json_object_new_string_len(body, (int)len);
    }
    json_tokener_free(tok);
    return v;
}

/* Makes a JSON error body {"error": message} (new string). */
static char *error_body(const char *message, json_object *violations)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "error", json_object_new_string(message));
    if (violations)
        json_object_object_add(o, "violations", json_object_get(violations));
    char *text = strdup(
        json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(o);
    return text;
}

/* Logs one exchange: the JSON line and the in-memory copy; takes `entry`. */
static void record(az_mock *m, json_object *entry)
{
    pthread_mutex_lock(&m->lock);
    m->count++;
    if (m->log) {
        fputs(json_object_to_json_string_ext(entry, JSON_C_TO_STRING_PLAIN |
                                                        JSON_C_TO_STRING_NOSLASHESCAPE),
              m->log);
        fputc('\n', m->log);
        fflush(m->log);
    }
    if (json_object_array_length(m->entries) < AZ_MOCK_MAX_KEPT)
        json_object_array_add(m->entries, entry);
    else
        json_object_put(entry);
    pthread_mutex_unlock(&m->lock);
}

/* Adds a scripted response's headers to `r`. */
static void add_headers(struct MHD_Response *r, json_object *headers)
{
    if (!json_object_is_type(headers, json_type_object))
        return;
    json_object_object_foreach(headers, name, value)
    {
        const char *text = json_object_is_type(value, json_type_string)
                               ? json_object_get_string(value)
                               : json_object_to_json_string_ext(value, JSON_C_TO_STRING_PLAIN);
        MHD_add_response_header(r, name, text);
    }
}

/* Answers one complete request from the script: logs it with the exchange
 * it met (1-based) or the mismatch, waits delay_ms, then sends the scripted
 * response or drops the connection. */
static enum MHD_Result answer_script(az_mock *m, struct MHD_Connection *conn, const char *url,
                                     const char *method, const upload *up)
{
    json_object *query = json_object_new_object(), *headers = json_object_new_object();
    az__mock_scripted a = {0};
    enum MHD_Result result = MHD_NO;
    json_object *entry = NULL;
    if (!query || !headers)
        goto out;
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, read_query, query);
    MHD_get_connection_values(conn, MHD_HEADER_KIND, read_header, headers);
    az__mock_request req = {
        .method = method,
        .path = url,
        .query = query,
        .headers = headers,
        .body = up ? up->body : NULL,
        .body_len = up ? up->len : 0,
    };
    if (!az__mock_script_answer(m->script, &req, &a) || !(entry = json_object_new_object()))
        goto out;
    json_object_object_add(entry, "method", json_object_new_string(method));
    json_object_object_add(entry, "path", json_object_new_string(url));
    json_object_object_add(entry, "query", json_object_get(query));
    json_object_object_add(entry, "headers", json_object_get(headers));
    json_object_object_add(entry, "body", body_json(req.body, req.body_len));
    json_object_object_add(entry, "status", a.drop ? NULL : json_object_new_int((int)a.status));
    json_object_object_add(entry, "exchange",
                           a.exchange >= 0 ? json_object_new_int64(a.exchange + 1) : NULL);
    if (a.drop)
        json_object_object_add(entry, "dropped", json_object_new_boolean(1));
    if (a.mismatch)
        json_object_object_add(entry, "mismatch", json_object_new_string(a.mismatch));
    record(m, entry);
    if (a.delay_ms > 0)
        nanosleep(&(struct timespec){a.delay_ms / 1000, (a.delay_ms % 1000) * 1000000L}, NULL);
    if (a.drop) {
        /* Returning MHD_NO alone may get a 500 sent: shut the socket first. */
        const union MHD_ConnectionInfo *info =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (info)
            shutdown(info->connect_fd, SHUT_RDWR);
        goto out;
    }
    struct MHD_Response *r = MHD_create_response_from_buffer(
        a.body_len, a.body ? a.body : (void *)"", MHD_RESPMEM_MUST_COPY);
    if (!r)
        goto out;
    if (a.content_type)
        MHD_add_response_header(r, "Content-Type", a.content_type);
    add_headers(r, a.headers);
    /* One request per connection: a client never retries a request on a
     * reused connection that a later `drop` closed. */
    MHD_add_response_header(r, "Connection", "close");
    result = MHD_queue_response(conn, a.status, r);
    MHD_destroy_response(r);
out:
    json_object_put(query);
    json_object_put(headers);
    az__mock_scripted_clear(&a);
    return result;
}

/* Answers one complete request. */
static enum MHD_Result answer(az_mock *m, struct MHD_Connection *conn, const char *url,
                              const char *method, const upload *up)
{
    json_object *query = json_object_new_object(), *headers = json_object_new_object();
    json_object *cookies = json_object_new_object(), *violations = NULL;
    az__mock_match match = {0};
    az__mock_response resp = {0};
    enum MHD_Result result = MHD_NO;
    bool synthesized = false;
    char message[1024];
    if (!query || !headers || !cookies)
        goto out;
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, read_query, query);
    MHD_get_connection_values(conn, MHD_HEADER_KIND, read_header, headers);
    MHD_get_connection_values(conn, MHD_COOKIE_KIND, read_header, cookies);
    az__mock_request req = {
        .method = method,
        .path = url,
        .query = query,
        .headers = headers,
        .cookies = cookies,
        .content_type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type"),
        .body = up ? up->body : NULL,
        .body_len = up ? up->len : 0,
    };
    if (!az__mock_route(m->routes, method, url, &match))
        goto out;
    req.path_params = match.params;

    if (up && up->too_large) {
        resp.status = 413;
        snprintf(message, sizeof(message), "request body larger than %zu bytes",
                 (size_t)AZ_MOCK_MAX_BODY);
        resp.body = error_body(message, NULL);
    } else if (!match.op && !match.allow) {
        resp.status = 404;
        snprintf(message, sizeof(message), "no operation matches %s %s", method, url);
        resp.body = error_body(message, NULL);
    } else if (!match.op) {
        resp.status = 405;
        snprintf(message, sizeof(message), "method %s not allowed on %s (allowed: %s)", method, url,
                 match.allow);
        resp.body = error_body(message, NULL);
    } else if (m->checker && (violations = az__mock_check(m->checker, match.op, &req)) &&
               json_object_array_length(violations) > 0) {
        resp.status = 400;
        snprintf(message, sizeof(message), "request does not match operation '%s'",
                 match.op->operation_id ? match.op->operation_id : match.op->path);
        resp.body = error_body(message, violations);
    } else {
        if (!az__mock_synthesize(m->set, match.op, &resp))
            goto out;
        synthesized = true;
    }
    if (!synthesized) {
        if (!resp.body)
            goto out;
        resp.content_type = "application/json";
        resp.body_len = strlen(resp.body);
    }

    json_object *entry = json_object_new_object();
    if (!entry)
        goto out;
    json_object_object_add(entry, "method", json_object_new_string(method));
    json_object_object_add(entry, "path", json_object_new_string(url));
    json_object_object_add(entry, "query", json_object_get(query));
    json_object_object_add(entry, "headers", json_object_get(headers));
    json_object_object_add(entry, "body", body_json(req.body, req.body_len));
    json_object_object_add(entry, "status", json_object_new_int((int)resp.status));
    json_object_object_add(
        entry, "operationId",
        match.op && match.op->operation_id ? json_object_new_string(match.op->operation_id) : NULL);
    if (match.params && json_object_object_length(match.params) > 0)
        json_object_object_add(entry, "pathParams", json_object_get(match.params));
    if (violations && json_object_array_length(violations) > 0)
        json_object_object_add(entry, "violations", json_object_get(violations));
    record(m, entry);

    struct MHD_Response *r = MHD_create_response_from_buffer(
        resp.body_len, resp.body ? resp.body : (void *)"", MHD_RESPMEM_MUST_COPY);
    if (!r)
        goto out;
    if (resp.content_type)
        MHD_add_response_header(r, "Content-Type", resp.content_type);
    if (resp.status == 405)
        MHD_add_response_header(r, "Allow", match.allow);
    result = MHD_queue_response(conn, resp.status, r);
    MHD_destroy_response(r);
out:
    json_object_put(query);
    json_object_put(headers);
    json_object_put(cookies);
    json_object_put(violations);
    az__mock_match_clear(&match);
    free(resp.body);
    return result;
}

/* The access handler: gathers the body, then answers. */
static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *data,
                              size_t *data_len, void **con_cls)
{
    (void)version;
    upload *up = *con_cls;
    if (!up) {
        *con_cls = calloc(1, sizeof(upload));
        return *con_cls ? MHD_YES : MHD_NO;
    }
    if (*data_len) {
        size_t n = *data_len;
        *data_len = 0;
        if (up->too_large || up->len + n > AZ_MOCK_MAX_BODY) {
            up->too_large = true;
            return MHD_YES;
        }
        if (up->len + n + 1 > up->cap) {
            size_t cap = (up->len + n + 1) * 2;
            char *grown = realloc(up->body, cap);
            if (!grown)
                return MHD_NO;
            up->body = grown;
            up->cap = cap;
        }
        memcpy(up->body + up->len, data, n);
        up->len += n;
        up->body[up->len] = '\0';
        return MHD_YES;
    }
    az_mock *m = cls;
    if (m->script)
        return answer_script(m, conn, url, method, up);
    return answer(m, conn, url, method, up);
}

/* Frees a connection's upload when its request is done. */
static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode code)
{
    (void)cls, (void)conn, (void)code;
    upload *up = *con_cls;
    if (up)
        free(up->body);
    free(up);
    *con_cls = NULL;
}

/* Opens the listening socket on host:port; stores the socket and the
 * port bound. Returns AZ_OK, AZ_ERR_INVALID (not an IP address) or
 * AZ_ERR_IO. */
static az_status listen_on(const char *host, unsigned port, int *fd_out, unsigned *port_out,
                           bool *ipv6, char **error)
{
    struct sockaddr_storage ss = {0};
    socklen_t len;
    struct sockaddr_in *in4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
    if (port > 65535) {
        set_error(error, "port %u is out of range (0 to 65535)", port);
        return AZ_ERR_INVALID;
    }
    if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
        in4->sin_family = AF_INET;
        in4->sin_port = htons((uint16_t)port);
        len = sizeof(*in4);
        *ipv6 = false;
    } else if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((uint16_t)port);
        len = sizeof(*in6);
        *ipv6 = true;
    } else {
        set_error(error, "'%s' is not an IPv4 or IPv6 address", host);
        return AZ_ERR_INVALID;
    }
    int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
    if (fd < 0) {
        set_error(error, "cannot open a socket: %s", strerror(errno));
        return AZ_ERR_IO;
    }
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, (struct sockaddr *)&ss, len) != 0 || listen(fd, 64) != 0) {
        set_error(error, "cannot listen on %s port %u: %s", host, port, strerror(errno));
        close(fd);
        return AZ_ERR_IO;
    }
    len = sizeof(ss);
    getsockname(fd, (struct sockaddr *)&ss, &len);
    *port_out = ntohs(*ipv6 ? in6->sin6_port : in4->sin_port);
    *fd_out = fd;
    return AZ_OK;
}

/* Opens the socket and starts the server thread of `m`; AZ_OK or a
 * failure with *error set. */
static az_status start_daemon(az_mock *m, const az_mock_opts *opts, char **error)
{
    int fd = -1;
    bool ipv6 = false;
    const char *host = opts->host ? opts->host : "127.0.0.1";
    az_status st = listen_on(host, opts->port, &fd, &m->port, &ipv6, error);
    if (st != AZ_OK)
        return st;
    snprintf(m->url, sizeof(m->url), ipv6 ? "http://[%s]:%u" : "http://%s:%u", host, m->port);
    m->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | (ipv6 ? MHD_USE_IPv6 : 0), 0, NULL, NULL,
        handle, m, MHD_OPTION_LISTEN_SOCKET, fd, MHD_OPTION_UNESCAPE_CALLBACK, keep_escaped, NULL,
        MHD_OPTION_NOTIFY_COMPLETED, completed, NULL, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
        MHD_OPTION_END);
    if (!m->daemon) {
        set_error(error, "cannot start the HTTP server on %s", m->url);
        close(fd);
        return AZ_ERR_IO;
    }
    return AZ_OK;
}

/* A new mock with its lock and log ready; NULL when out of memory. */
static az_mock *mock_new(const az_mock_opts *opts)
{
    az_mock *m = calloc(1, sizeof(*m));
    if (!m)
        return NULL;
    if (!(m->entries = json_object_new_array()) || pthread_mutex_init(&m->lock, NULL) != 0) {
        az_mock_stop(m);
        return NULL;
    }
    m->lock_ready = true;
    m->log = opts->log;
    return m;
}

/* Starts a mock (see arazzo/conformance.h). */
az_status az_mock_start(az_docset *set, const az_source *description, const az_mock_opts *opts,
                        az_mock **out, char **error)
{
    az_mock_opts defaults;
    az_mock *m = NULL;
    az_diags *diags = NULL;
    az_status st = AZ_ERR_NOMEM;
    *out = NULL;
    if (error)
        *error = NULL;
    if (!opts) {
        az_mock_opts_init(&defaults);
        opts = &defaults;
    }
    if (!(m = mock_new(opts)) || !(diags = az_diags_new()))
        goto fail;
    m->set = set;
    st = az_oas_index_build(set, description, diags, &m->index);
    if (st != AZ_OK) {
        set_error(error, "%s is not an OpenAPI or Swagger description",
                  az_source_name(description));
        goto fail;
    }
    st = AZ_ERR_NOMEM;
    if (!(m->routes = az__mock_routes_new(m->index)))
        goto fail;
    if (opts->validate_requests && !(m->checker = az__mock_checker_new(set, m->index)))
        goto fail;
    if ((st = start_daemon(m, opts, error)) != AZ_OK)
        goto fail;
    az_diags_free(diags);
    *out = m;
    return AZ_OK;
fail:
    if (st == AZ_ERR_NOMEM && error && !*error)
        set_error(error, "out of memory");
    az_diags_free(diags);
    az_mock_stop(m);
    return st;
}

/* Starts a mock serving a script of exchanges (see arazzo/conformance.h). */
az_status az_mock_start_script(json_object *exchanges, bool in_order, const az_mock_opts *opts,
                               az_mock **out, char **error)
{
    az_mock_opts defaults;
    az_mock *m = NULL;
    az_status st = AZ_ERR_NOMEM;
    *out = NULL;
    if (error)
        *error = NULL;
    if (!opts) {
        az_mock_opts_init(&defaults);
        opts = &defaults;
    }
    if (!(m = mock_new(opts)) || !(m->script = az__mock_script_new(exchanges, in_order)))
        goto fail;
    if ((st = start_daemon(m, opts, error)) != AZ_OK)
        goto fail;
    *out = m;
    return AZ_OK;
fail:
    if (st == AZ_ERR_NOMEM && error && !*error)
        set_error(error, "out of memory");
    az_mock_stop(m);
    return st;
}

/* The port the mock listens on. */
unsigned az_mock_port(const az_mock *mock)
{
    return mock->port;
}

/* The mock's base URL. */
const char *az_mock_url(const az_mock *mock)
{
    return mock->url;
}

/* How many operations the mock serves. */
size_t az_mock_operation_count(const az_mock *mock)
{
    if (mock->script)
        return az__mock_script_count(mock->script);
    return mock->index ? az_oas_index_count(mock->index) : 0;
}

/* How many requests the mock has answered. */
size_t az_mock_request_count(const az_mock *mock)
{
    az_mock *m = (az_mock *)mock;
    pthread_mutex_lock(&m->lock);
    size_t n = m->count;
    pthread_mutex_unlock(&m->lock);
    return n;
}

/* A copy of the log entries (new reference). */
json_object *az_mock_requests(const az_mock *mock)
{
    az_mock *m = (az_mock *)mock;
    pthread_mutex_lock(&m->lock);
    json_object *copy = az__mock_json_copy(m->entries);
    pthread_mutex_unlock(&m->lock);
    return copy;
}

/* Stops the server and frees the mock. */
void az_mock_stop(az_mock *mock)
{
    if (!mock)
        return;
    if (mock->daemon)
        MHD_stop_daemon(mock->daemon);
    az__mock_checker_free(mock->checker);
    az__mock_script_free(mock->script);
    az__mock_routes_free(mock->routes);
    az_oas_index_free(mock->index);
    json_object_put(mock->entries);
    if (mock->lock_ready)
        pthread_mutex_destroy(&mock->lock);
    free(mock);
}
