/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine_transport_curl.c - the libcurl transport of arazzo/engine.h:
 * one request at a time through one easy handle driven by one multi handle
 * that keeps the connection pool of the whole run. Redirects are never
 * followed (checklist EXEC-28: a 302 and its Location reach the workflow);
 * only http and https; connect and total timeouts; TLS verified unless
 * asked otherwise; proxies from the environment (libcurl's default); the
 * request's headers sent as given, without Expect, Accept-Encoding or a
 * default Content-Type; the final response's headers kept in order; the
 * body collected up to a size cap; a cancel flag polled every 100 ms; and
 * every libcurl error mapped to a failure kind with a message naming the
 * URL (checklist EXEC-24).
 */
#include <ctype.h>
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "engine_transport_internal.h"

/* The longest a poll waits before the cancel flag is looked at again. */
#define POLL_MS 100
/* How many idle connections the pool keeps (a run talks to a few servers). */
#define MAX_CONNECTIONS 16L

/* The transport: options and the libcurl handles it keeps between requests. */
typedef struct curl_transport {
    az_transport base;
    az_curl_opts opts;
    char *user_agent;
    char *cacert, *cert, *key, *proxy; /* copies of the options' strings */
    CURLM *multi;                      /* owns the connection pool */
    CURL *easy;                        /* reset and reused for every request */
} curl_transport;

/* What one exchange collects while libcurl runs it. */
typedef struct exchange {
    const curl_transport *t;
    az_buf body;
    size_t max_bytes;
    bool too_large;
    bool nomem;
    bool connected;   /* a connection was ready to send on */
    bool answered;    /* a status line arrived */
    bool block_ended; /* the current header block saw its blank line */
    az_http_header *headers;
    size_t n_headers;
    size_t cap_headers;
    char error[CURL_ERROR_SIZE];
} exchange;

static int global_state; /* 1 when curl_global_init succeeded */
static pthread_once_t global_once = PTHREAD_ONCE_INIT;

/* Runs curl_global_init, once per process (through pthread_once). */
static void global_init(void)
{
    global_state = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 1 : -1;
}

/* Fills `opts` with the defaults. */
void az_curl_opts_init(az_curl_opts *opts)
{
    memset(opts, 0, sizeof(*opts));
    opts->connect_timeout_ms = AZ_DEFAULT_CONNECT_TIMEOUT_MS;
    opts->timeout_ms = AZ_DEFAULT_REQUEST_TIMEOUT_MS;
    opts->max_response_bytes = AZ_DEFAULT_MAX_RESPONSE_BYTES;
}

/* Milliseconds of a monotonic clock. */
static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* Tells whether the run was interrupted. */
static bool cancelled(const curl_transport *t)
{
    return t->opts.cancel && *t->opts.cancel != 0;
}

/* libcurl write callback: appends to the body, stops past the cap. */
static size_t on_body(char *data, size_t size, size_t count, void *user)
{
    exchange *x = user;
    size_t n = size * count;
    if (x->max_bytes && (x->body.len + n > x->max_bytes || x->body.len + n < n)) {
        x->too_large = true;
        return 0;
    }
    az_buf_add(&x->body, data, n);
    if (x->body.failed) {
        x->nomem = true;
        return 0;
    }
    return n;
}

/* Drops the headers collected so far (a new header block starts). */
static void drop_headers(exchange *x)
{
    az__http_headers_free(x->headers, x->n_headers);
    x->headers = NULL;
    x->n_headers = 0;
    x->cap_headers = 0;
}

/* Tells whether `c` is optional whitespace (RFC 9110 section 5.6.3). */
static bool is_ows(char c)
{
    return c == ' ' || c == '\t';
}

/* Appends a continuation line (obsolete line folding) to the last header. */
static bool fold_header(exchange *x, const char *text, size_t len)
{
    if (x->n_headers == 0)
        return true;
    az_http_header *h = &x->headers[x->n_headers - 1];
    az_buf joined = {0};
    az_buf_puts(&joined, h->value);
    if (joined.len && len)
        az_buf_add(&joined, " ", 1);
    az_buf_add(&joined, text, len);
    char *value = az_buf_take(&joined);
    if (!value)
        return false;
    free(h->value);
    h->value = value;
    return true;
}

/*
 * libcurl header callback: one line per call, status lines included. A
 * status line starts a new block (after a 1xx answer or a proxy's CONNECT
 * answer), so only the final response's headers remain; lines after the
 * final block's blank line are trailers and are dropped.
 */
static size_t on_header(char *data, size_t size, size_t count, void *user)
{
    exchange *x = user;
    size_t n = size * count;
    size_t len = n;
    while (len && (data[len - 1] == '\n' || data[len - 1] == '\r'))
        len--;
    if (len >= 5 && strncmp(data, "HTTP/", 5) == 0) {
        x->answered = true;
        drop_headers(x);
        x->block_ended = false;
        return n;
    }
    if (len == 0) {
        x->block_ended = true;
        return n;
    }
    if (x->block_ended)
        return n;
    if (is_ows(data[0])) {
        size_t start = 0;
        while (start < len && is_ows(data[start]))
            start++;
        while (len > start && is_ows(data[len - 1]))
            len--;
        if (!fold_header(x, data + start, len - start)) {
            x->nomem = true;
            return 0;
        }
        return n;
    }
    const char *colon = memchr(data, ':', len);
    if (!colon || colon == data)
        return n;
    size_t name_len = (size_t)(colon - data);
    while (name_len && is_ows(data[name_len - 1]))
        name_len--;
    size_t start = (size_t)(colon - data) + 1;
    while (start < len && is_ows(data[start]))
        start++;
    while (len > start && is_ows(data[len - 1]))
        len--;
    if (!az__http_header_push(&x->headers, &x->n_headers, &x->cap_headers, data, name_len,
                              data + start, len - start)) {
        x->nomem = true;
        return 0;
    }
    return n;
}

/* libcurl progress callback: aborts the transfer when the run is cancelled. */
static int on_progress(void *user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
    (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
    const exchange *x = user;
    return cancelled(x->t) ? 1 : 0;
}

/* libcurl pre-request callback: the connection is ready, the request goes. */
static int on_connected(void *user, char *primary_ip, char *local_ip, int primary_port,
                        int local_port)
{
    (void)primary_ip, (void)local_ip, (void)primary_port, (void)local_port;
    exchange *x = user;
    x->connected = true;
    return CURL_PREREQFUNC_OK;
}

/*
 * Builds the header list: the request's headers as given ("Name;" is
 * libcurl's way to send an empty one), then removals of the headers
 * libcurl would add on its own: Expect (100-continue) and the form
 * Content-Type of a POST, unless the request gives them. Returns false when
 * out of memory (*list may hold a partial list to free).
 */
static bool build_headers(const az_http_request *req, struct curl_slist **list)
{
    bool has_expect = false, has_type = false;
    az_buf line = {0};
    bool ok = true;
    for (size_t i = 0; i < req->n_headers && ok; i++) {
        const az_http_header *h = &req->headers[i];
        has_expect = has_expect || strcasecmp(h->name, "Expect") == 0;
        has_type = has_type || strcasecmp(h->name, "Content-Type") == 0;
        line.len = 0;
        az_buf_puts(&line, h->name);
        if (h->value[0]) {
            az_buf_puts(&line, ": ");
            az_buf_puts(&line, h->value);
        } else {
            az_buf_puts(&line, ";");
        }
        struct curl_slist *grown = line.failed ? NULL : curl_slist_append(*list, line.data);
        if (grown)
            *list = grown;
        ok = grown != NULL;
    }
    free(line.data);
    const char *removals[] = {has_expect ? NULL : "Expect:", has_type ? NULL : "Content-Type:"};
    for (size_t i = 0; i < sizeof(removals) / sizeof(removals[0]) && ok; i++) {
        if (!removals[i])
            continue;
        struct curl_slist *grown = curl_slist_append(*list, removals[i]);
        if (grown)
            *list = grown;
        ok = grown != NULL;
    }
    return ok;
}

/* Tells whether a method sends an (empty) body even when none is given. */
static bool method_has_body(const char *method)
{
    return strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 ||
           strcmp(method, "PATCH") == 0;
}

/* Sets every option of one request on the (freshly reset) easy handle. */
static void set_options(curl_transport *t, const az_http_request *req, exchange *x,
                        struct curl_slist *headers, long timeout_ms)
{
    CURL *c = t->easy;
    curl_easy_setopt(c, CURLOPT_URL, req->url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, t->opts.connect_timeout_ms);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, t->user_agent);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, x->error);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, x);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, x);
    curl_easy_setopt(c, CURLOPT_PREREQFUNCTION, on_connected);
    curl_easy_setopt(c, CURLOPT_PREREQDATA, x);
    if (t->opts.max_response_bytes && strcmp(req->method, "HEAD") != 0)
        curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)t->opts.max_response_bytes);
    if (t->cacert)
        curl_easy_setopt(c, CURLOPT_CAINFO, t->cacert);
    if (t->cert)
        curl_easy_setopt(c, CURLOPT_SSLCERT, t->cert);
    if (t->key)
        curl_easy_setopt(c, CURLOPT_SSLKEY, t->key);
    if (t->proxy)
        curl_easy_setopt(c, CURLOPT_PROXY, t->proxy);
    if (t->opts.insecure) {
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
        curl_easy_setopt(c, CURLOPT_PROXY_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(c, CURLOPT_PROXY_SSL_VERIFYHOST, 0L);
    }
    if (strcmp(req->method, "HEAD") == 0) {
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    } else if (req->body || method_has_body(req->method)) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, req->body ? req->body : "");
        if (strcmp(req->method, "POST") != 0)
            curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req->method);
    } else {
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
        if (strcmp(req->method, "GET") != 0)
            curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req->method);
    }
}

/*
 * Runs the transfer on the multi handle, looking at the cancel flag at
 * least every POLL_MS. Returns libcurl's result (CURLE_ABORTED_BY_CALLBACK
 * when cancelled).
 */
static CURLcode run_transfer(curl_transport *t)
{
    CURLcode rc = CURLE_OK;
    if (curl_multi_add_handle(t->multi, t->easy) != CURLM_OK)
        return CURLE_OUT_OF_MEMORY;
    int running = 1;
    bool done = false;
    while (!done) {
        if (cancelled(t)) {
            rc = CURLE_ABORTED_BY_CALLBACK;
            break;
        }
        if (curl_multi_perform(t->multi, &running) != CURLM_OK) {
            rc = CURLE_OUT_OF_MEMORY;
            break;
        }
        int left = 0;
        CURLMsg *msg;
        while ((msg = curl_multi_info_read(t->multi, &left))) {
            if (msg->msg == CURLMSG_DONE && msg->easy_handle == t->easy) {
                rc = msg->data.result;
                done = true;
            }
        }
        if (!done && curl_multi_poll(t->multi, NULL, 0, POLL_MS, NULL) != CURLM_OK) {
            rc = CURLE_OUT_OF_MEMORY;
            break;
        }
    }
    curl_multi_remove_handle(t->multi, t->easy);
    return rc;
}

/* Lowercases the first letter of libcurl's message, which starts a clause. */
static const char *detail(exchange *x, CURLcode rc)
{
    if (!x->error[0])
        snprintf(x->error, sizeof(x->error), "%s", curl_easy_strerror(rc));
    if (isupper((unsigned char)x->error[0]) && !isupper((unsigned char)x->error[1]))
        x->error[0] = (char)tolower((unsigned char)x->error[0]);
    return x->error;
}

/*
 * Describes a failed connection by the system's error ("connection
 * refused"), or libcurl's message when there is none.
 */
static const char *os_detail(const curl_transport *t, exchange *x, CURLcode rc)
{
    long err = 0;
    char text[128];
    curl_easy_getinfo(t->easy, CURLINFO_OS_ERRNO, &err);
    if (err <= 0 || strerror_r((int)err, text, sizeof(text)) != 0)
        return detail(x, rc);
    snprintf(x->error, sizeof(x->error), "%s", text);
    return detail(x, rc);
}

/* The smaller of two limits in milliseconds, where 0 means none. */
static long min_limit(long a, long b)
{
    if (a <= 0)
        return b;
    if (b <= 0)
        return a;
    return a < b ? a : b;
}

/*
 * Maps a libcurl error to a failure kind and a message naming the URL.
 * Returns false when out of memory.
 */
static bool set_failure(curl_transport *t, const az_http_request *req, exchange *x, CURLcode rc,
                        long timeout_ms, az_http_response *resp)
{
    const char *url = req->url;
    switch (rc) {
    case CURLE_ABORTED_BY_CALLBACK:
        resp->failure = AZ_HTTP_CANCELLED;
        return az__http_set_error(resp, "request to %s cancelled", url);
    case CURLE_FILESIZE_EXCEEDED:
        resp->failure = AZ_HTTP_TOO_LARGE;
        return az__http_set_error(resp, "response from %s larger than the %zu-byte limit", url,
                                  t->opts.max_response_bytes);
    case CURLE_OPERATION_TIMEDOUT: {
        resp->failure = AZ_HTTP_TIMEOUT;
        if (!x->connected)
            return az__http_set_error(resp, "cannot connect to %s within %ld ms", url,
                                      min_limit(t->opts.connect_timeout_ms, timeout_ms));
        if (!x->answered)
            return az__http_set_error(resp, "no response from %s within %ld ms", url, timeout_ms);
        return az__http_set_error(resp, "response from %s not complete within %ld ms", url,
                                  timeout_ms);
    }
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        resp->failure = AZ_HTTP_CONNECT;
        return az__http_set_error(resp, "cannot resolve the host of %s: %s", url, detail(x, rc));
    case CURLE_COULDNT_CONNECT:
        resp->failure = AZ_HTTP_CONNECT;
        return az__http_set_error(resp, "cannot connect to %s: %s", url, os_detail(t, x, rc));
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_USE_SSL_FAILED:
        resp->failure = AZ_HTTP_TLS;
        return az__http_set_error(resp, "TLS connection to %s failed: %s", url, detail(x, rc));
    case CURLE_GOT_NOTHING:
        resp->failure = AZ_HTTP_RESET;
        return az__http_set_error(resp, "connection to %s closed without a response", url);
    case CURLE_PARTIAL_FILE:
        resp->failure = AZ_HTTP_RESET;
        return az__http_set_error(resp, "connection to %s closed before the response was complete",
                                  url);
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        resp->failure = AZ_HTTP_RESET;
        return az__http_set_error(resp, "connection to %s broken: %s", url, detail(x, rc));
    default:
        resp->failure = AZ_HTTP_OTHER;
        return az__http_set_error(resp, "request to %s failed: %s", url, detail(x, rc));
    }
}

/* Sends one request; see az_transport.send. */
static az_status curl_send(az_transport *base, const az_http_request *req, az_http_response *resp)
{
    curl_transport *t = (curl_transport *)base;
    exchange x = {.t = t, .max_bytes = t->opts.max_response_bytes};
    struct curl_slist *headers = NULL;
    az_status st = AZ_ERR_NOMEM;
    CURLcode rc;
    long timeout_ms = req->timeout_ms > 0 ? req->timeout_ms : t->opts.timeout_ms;
    double start = now_ms();

    if (cancelled(t)) {
        resp->failure = AZ_HTTP_CANCELLED;
        st = az__http_set_error(resp, "request to %s cancelled before it was sent", req->url)
                 ? AZ_OK
                 : AZ_ERR_NOMEM;
        goto out;
    }
    if (!build_headers(req, &headers))
        goto out;
    curl_easy_reset(t->easy);
    set_options(t, req, &x, headers, timeout_ms);
    rc = run_transfer(t);
    resp->time_ms = now_ms() - start;
    if (x.nomem || rc == CURLE_OUT_OF_MEMORY)
        goto out;
    if (x.too_large)
        rc = CURLE_FILESIZE_EXCEEDED;
    if (rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL) {
        st = az__http_set_error(resp, "invalid request URL '%s': %s", req->url, detail(&x, rc))
                 ? AZ_ERR_INVALID
                 : AZ_ERR_NOMEM;
        goto out;
    }
    if (rc != CURLE_OK) {
        st = set_failure(t, req, &x, rc, timeout_ms, resp) ? AZ_OK : AZ_ERR_NOMEM;
        goto out;
    }
    curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &resp->status);
    resp->body_len = x.body.len;
    resp->body = x.body.data ? az_buf_take(&x.body) : strdup("");
    if (!resp->body)
        goto out;
    resp->headers = x.headers;
    resp->n_headers = x.n_headers;
    x.headers = NULL;
    x.n_headers = 0;
    resp->failure = AZ_HTTP_OK;
    st = AZ_OK;
out:
    if (resp->failure != AZ_HTTP_OK || st != AZ_OK) {
        free(resp->body);
        resp->body = NULL;
        resp->body_len = 0;
        resp->status = 0;
    }
    if (st == AZ_ERR_NOMEM) {
        az_http_response_clear(resp);
        resp->failure = AZ_HTTP_OTHER;
    }
    drop_headers(&x);
    free(x.body.data);
    curl_slist_free_all(headers);
    return st;
}

/* Releases the transport, closing its connections. */
static void curl_destroy(az_transport *base)
{
    curl_transport *t = (curl_transport *)base;
    if (t->easy)
        curl_easy_cleanup(t->easy);
    if (t->multi)
        curl_multi_cleanup(t->multi);
    free(t->user_agent);
    free(t->cacert);
    free(t->cert);
    free(t->key);
    free(t->proxy);
    free(t);
}

/* Creates the libcurl transport. */
az_transport *az_transport_curl_new(const az_curl_opts *opts)
{
    pthread_once(&global_once, global_init);
    if (global_state != 1)
        return NULL;
    curl_transport *t = calloc(1, sizeof(*t));
    if (!t)
        return NULL;
    t->base.send = curl_send;
    t->base.destroy = curl_destroy;
    if (opts)
        t->opts = *opts;
    else
        az_curl_opts_init(&t->opts);
    t->user_agent = strdup(t->opts.user_agent ? t->opts.user_agent : "arazzo/" AZ_VERSION_STRING);
    t->opts.user_agent = NULL;
    bool copied = true;
    const char *const from[] = {t->opts.cacert, t->opts.cert, t->opts.key, t->opts.proxy};
    char **to[] = {&t->cacert, &t->cert, &t->key, &t->proxy};
    for (size_t i = 0; i < 4; i++)
        if (from[i] && !(*to[i] = strdup(from[i])))
            copied = false;
    t->opts.cacert = t->opts.cert = t->opts.key = t->opts.proxy = NULL;
    t->multi = curl_multi_init();
    t->easy = curl_easy_init();
    if (!t->user_agent || !copied || !t->multi || !t->easy) {
        curl_destroy(&t->base);
        return NULL;
    }
    curl_multi_setopt(t->multi, CURLMOPT_MAXCONNECTS, MAX_CONNECTIONS);
    return &t->base;
}
