/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine_fetch.c - downloading documents (source descriptions, `$ref`
 * targets) through a transport for the docset: a GET, redirects followed
 * here (the transport never follows them), a 2xx status required, the size
 * cap, and messages that name the URL; plus the libcurl transport the
 * engine and the CLI download with.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <arazzo/engine.h>

#include "engine_run_internal.h"

/* Most redirects followed for one document. */
#define MAX_REDIRECTS 5

/* Tells whether a URL uses http or https. */
static bool is_http(const char *url)
{
    return strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0;
}

/* Downloads a document; see engine.h. */
az_status az_transport_fetch(void *user, const char *url, size_t max_bytes, char **data,
                             size_t *len, char **content_type, char **error)
{
    az_transport *t = user;
    static const az_http_header accept[] = {
        {(char *)"Accept", (char *)"application/json, application/yaml, text/yaml, */*"}};
    char *current = strdup(url);
    az_status st = AZ_ERR_IO;
    az_http_response resp = {0};
    *data = NULL;
    *len = 0;
    *content_type = NULL;
    if (!current)
        return AZ_ERR_NOMEM;
    for (int hop = 0;; hop++) {
        az_http_request req = {"GET", current, accept, 1, NULL, 0, 0};
        az_http_response_clear(&resp);
        st = az_transport_send(t, &req, &resp);
        if (st == AZ_ERR_NOMEM)
            goto out;
        if (st != AZ_OK || resp.failure != AZ_HTTP_OK) {
            bool big = resp.failure == AZ_HTTP_TOO_LARGE;
            if (big && max_bytes)
                az__engine_error(error, "download of %s stopped: larger than the %zu-byte limit",
                                 current, max_bytes);
            else
                az__engine_error(error, "cannot download %s: %s", current,
                                 resp.error ? resp.error : "no response");
            st = big ? AZ_ERR_LIMIT : AZ_ERR_IO;
            goto out;
        }
        const char *location = az_http_header_get(resp.headers, resp.n_headers, "Location");
        if (resp.status >= 300 && resp.status < 400 && location) {
            char *next = NULL;
            if (hop == MAX_REDIRECTS || az_url_resolve(current, location, &next) != AZ_OK ||
                !is_http(next)) {
                az__engine_error(error, "cannot download %s: %s", url,
                                 hop == MAX_REDIRECTS ? "more than 5 redirects"
                                                      : "a redirect to a URL that is not http(s)");
                free(next);
                st = AZ_ERR_IO;
                goto out;
            }
            free(current);
            current = next;
            continue;
        }
        if (resp.status < 200 || resp.status > 299) {
            az__engine_error(error, "cannot download %s: the server answered HTTP %ld", current,
                             resp.status);
            st = AZ_ERR_IO;
            goto out;
        }
        break;
    }
    if (max_bytes && resp.body_len > max_bytes) {
        az__engine_error(error, "download of %s stopped: larger than the %zu-byte limit", current,
                         max_bytes);
        st = AZ_ERR_LIMIT;
        goto out;
    }
    const char *type = az_http_header_get(resp.headers, resp.n_headers, "Content-Type");
    *content_type = type ? strdup(type) : NULL;
    *len = resp.body_len;
    *data = resp.body ? resp.body : strdup("");
    resp.body = NULL;
    st = *data ? AZ_OK : AZ_ERR_NOMEM;
out:
    az_http_response_clear(&resp);
    free(current);
    return st;
}

/* Creates the download transport of a docset; see engine.h. */
az_transport *az_docset_opts_set_fetcher(az_docset_opts *opts)
{
    az_curl_opts copts;
    az_curl_opts_init(&copts);
    copts.timeout_ms = AZ_DEFAULT_FETCH_TIMEOUT_MS;
    copts.max_response_bytes = opts->load.max_bytes;
    az_transport *t = az_transport_curl_new(&copts);
    if (!t)
        return NULL;
    opts->fetch = az_transport_fetch;
    opts->fetch_user = t;
    return t;
}
