/* SPDX-License-Identifier: Apache-2.0 */
/*
 * arazzo/transport.h - how the engine sends one HTTP request and gets one
 * response: an interface with two implementations, libcurl over the
 * network (redirects never followed - checklist EXEC-28 -, connect and
 * total timeouts, TLS verification on, proxies from the environment, one
 * connection pool reused for the whole run, a response size cap) and an
 * in-process replay of scripted responses for fast unit tests.
 *
 * Ownership: a transport is created by a _new function and released with
 * az_transport_free. Requests are borrowed for the duration of the call;
 * every string of a filled az_http_response belongs to it and is released
 * with az_http_response_clear. A transport serves one thread at a time.
 * docs/transport.md describes the guarantees and the replay script.
 */
#ifndef ARAZZO_TRANSPORT_H
#define ARAZZO_TRANSPORT_H

#include <signal.h>
#include <time.h>
#include <stdbool.h>
#include <stddef.h>

#include <arazzo/core.h>
#include <arazzo/docset.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One header line: name and value, both NUL-terminated. */
typedef struct az_http_header {
    char *name;
    char *value;
} az_http_header;

/*
 * One request. The URL is absolute http or https and already encoded. The
 * headers are sent exactly as given, in order (an empty value is sent as an
 * empty header); the transport adds only what HTTP needs (Host,
 * Content-Length, and a User-Agent and a catch-all Accept unless given)
 * and never Expect, Accept-Encoding or a Content-Type of its own. POST, PUT
 * and PATCH without a body send an empty one (Content-Length: 0); HEAD
 * takes no body.
 */
typedef struct az_http_request {
    const char *method; /* "GET", "POST"... (an HTTP token, any method) */
    const char *url;
    const az_http_header *headers;
    size_t n_headers;
    const char *body; /* NULL: no body */
    size_t body_len;
    /* Per-request total timeout in milliseconds; 0: the transport's. */
    long timeout_ms;
} az_http_request;

/* What went wrong when no response arrived. */
typedef enum az_http_failure {
    AZ_HTTP_OK = 0,    /* a response arrived (any status) */
    AZ_HTTP_CONNECT,   /* DNS, refused, unreachable, TLS handshake */
    AZ_HTTP_TIMEOUT,   /* connect or total timeout */
    AZ_HTTP_RESET,     /* connection closed or reset mid-exchange */
    AZ_HTTP_TOO_LARGE, /* the body passed the size cap */
    AZ_HTTP_CANCELLED, /* the run was interrupted */
    AZ_HTTP_OTHER      /* anything else (a replay script not followed...) */
} az_http_failure;

/*
 * One response. When none arrived, `failure` says why, `error` says it for
 * people (naming the URL), status is 0, there are no headers and body is
 * NULL; the engine then fails the step with $statusCode undefined
 * (checklist EXEC-24). Headers are those of the final response only (not
 * of a 100 Continue or a proxy's CONNECT answer); trailers are dropped.
 */
typedef struct az_http_response {
    long status;
    az_http_header *headers; /* in arrival order, names as sent */
    size_t n_headers;
    char *body; /* NUL-terminated (body_len bytes before the NUL) */
    size_t body_len;
    double time_ms; /* from sending to the last byte */
    az_http_failure failure;
    char *error; /* what failed, for people; NULL on success */
} az_http_response;

/* Releases what a response holds and zeroes it. */
void az_http_response_clear(az_http_response *resp);

/* The first header named `name` (case-insensitive), or NULL. */
const char *az_http_header_get(const az_http_header *headers, size_t n, const char *name);

/*
 * Names a failure: "ok", "connect", "timeout", "reset", "too-large",
 * "cancelled", "other" (the names a replay script's "failure" uses).
 */
const char *az_http_failure_name(az_http_failure failure);

/* The transport interface. */
typedef struct az_transport az_transport;
struct az_transport {
    /*
     * Sends `req` and fills `resp` (zeroed by the caller). Returns AZ_OK
     * when the exchange was attempted - a response, or a transport failure
     * recorded in resp->failure and resp->error - and AZ_ERR_NOMEM or
     * AZ_ERR_INVALID (a malformed request) otherwise.
     */
    az_status (*send)(az_transport *t, const az_http_request *req, az_http_response *resp);
    void (*destroy)(az_transport *t);
};

/*
 * Sends through any transport. `resp` is zeroed first (a previous content
 * is not released). Checks the request before the transport sees it: a
 * method that is not an HTTP token, a URL that is not absolute http(s) or
 * holds a space or control character, a header name that is not a token or
 * a value holding CR, LF or another control character but tab, a HEAD with
 * a body, a body pointer NULL with a length, or a negative timeout return
 * AZ_ERR_INVALID with resp->error saying which. Then returns what the
 * transport's send returns.
 */
az_status az_transport_send(az_transport *t, const az_http_request *req, az_http_response *resp);
/* Releases any transport (NULL is fine). */
void az_transport_free(az_transport *t);

/* Defaults of az_curl_opts_init. */
#define AZ_DEFAULT_CONNECT_TIMEOUT_MS 10000L
#define AZ_DEFAULT_REQUEST_TIMEOUT_MS 30000L
#define AZ_DEFAULT_MAX_RESPONSE_BYTES ((size_t)64 << 20)

/* Options of the libcurl transport; 0 in a limit means "none". */
typedef struct az_curl_opts {
    long connect_timeout_ms;
    long timeout_ms;           /* total, per request (connect included) */
    size_t max_response_bytes; /* larger bodies fail with AZ_HTTP_TOO_LARGE */
    bool insecure;             /* skip TLS verification (off by default) */
    const char *user_agent;    /* NULL: "arazzo/X.Y.Z"; copied */
    /* TLS and proxy settings, each NULL for libcurl's default; copied:
     * a CA bundle (PEM) to verify servers with, a client certificate and
     * its key (PEM) for mutual TLS, and a proxy URL (otherwise the
     * http_proxy / https_proxy / no_proxy environment variables apply). */
    const char *cacert;
    const char *cert;
    const char *key;
    const char *proxy;
    /*
     * When set and *cancel becomes non-zero (a SIGINT handler may set it),
     * a request in flight stops with AZ_HTTP_CANCELLED within about 100 ms,
     * and a request sent while it is non-zero fails that way unsent.
     */
    volatile sig_atomic_t *cancel;
} az_curl_opts;

/* Fills `opts` with the defaults above, TLS verified and no cancel flag. */
void az_curl_opts_init(az_curl_opts *opts);

/*
 * The libcurl transport: redirects never followed, only http and https,
 * TLS verified unless `insecure`, proxies from the environment (http_proxy,
 * https_proxy, no_proxy...), one connection pool for every request it
 * sends. `opts` may be NULL for the defaults and is copied. NULL when out
 * of memory or libcurl fails to start.
 */
az_transport *az_transport_curl_new(const az_curl_opts *opts);

/*
 * The replay transport: answers requests from a script instead of the
 * network. The script is a JSON array of exchanges, served in order:
 *
 *   [{"request": {"method": "POST", "url": "https://x/y"},   (optional match)
 *     "response": {"status": 200, "headers": {"Content-Type": "application/json"},
 *                  "body": {...} | "text"},                   (body JSON is serialized)
 *     "failure": "timeout"}]                                  (instead of a response)
 *
 * The n-th request is answered by the n-th exchange. "request" may give
 * "method" (compared case-insensitively) and "url" (compared exactly).
 * "status" defaults to 200; a header value may be a string, a number or an
 * array of them (one header each); a body that is not a string is sent as
 * compact JSON, with Content-Type: application/json unless the headers give
 * a Content-Type; no body is an empty one. "failure" is a name of
 * az_http_failure_name (not "ok").
 *
 * A request that does not match its exchange, or comes after the script
 * ended, or meets a malformed exchange, gets status 0 with failure
 * AZ_HTTP_OTHER and an error saying which exchange and what it expected.
 * Every request received is recorded (az_replay_requests). The script is
 * borrowed (json_object_get'd) until the transport is freed. NULL when
 * `script` is not an array or when out of memory.
 */
az_transport *az_transport_replay_new(json_object *script);

/*
 * The requests a replay transport received so far, as a JSON array of
 * {"method", "url", "headers": {name: value}, "body": text or null}
 * (headers repeated under one name are joined with ", "; borrowed; valid
 * until the transport's release). NULL for another kind of transport.
 */
json_object *az_replay_requests(az_transport *replay);

/*
 * Reads an HTTP-date (RFC 9110 section 5.6.7: the IMF-fixdate
 * "Sun, 06 Nov 1994 08:49:37 GMT", or the obsolete RFC 850 and asctime
 * forms) into seconds since the epoch. Returns false for anything else.
 */
bool az_http_date_parse(const char *text, time_t *out);

/* ------------------------------------------------------------------------ */
/* Downloading documents                                                     */
/* ------------------------------------------------------------------------ */

/*
 * An az_fetch_fn (arazzo/docset.h) over a transport (`user` is the
 * az_transport): GET with "Accept: application/json, application/yaml,
 * text/yaml, * / *", up to 5 redirects followed (http and https only,
 * Location resolved against the URL), a 2xx status required, the body
 * capped at `max_bytes`.
 */
az_status az_transport_fetch(void *user, const char *url, size_t max_bytes, char **data,
                             size_t *len, char **content_type, char **error);

/* Defaults of the transport az_docset_opts_set_fetcher creates. */
#define AZ_DEFAULT_FETCH_TIMEOUT_MS 60000L

/*
 * Creates a libcurl transport for downloading documents (connect timeout
 * AZ_DEFAULT_CONNECT_TIMEOUT_MS, total AZ_DEFAULT_FETCH_TIMEOUT_MS, size cap
 * opts->load.max_bytes) and points opts->fetch at it through
 * az_transport_fetch. Returns the transport, which the caller frees after
 * every docset using `opts`; NULL when out of memory (opts unchanged).
 */
az_transport *az_docset_opts_set_fetcher(az_docset_opts *opts);

#ifdef __cplusplus
}
#endif

#endif /* ARAZZO_TRANSPORT_H */
