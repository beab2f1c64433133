/* SPDX-License-Identifier: Apache-2.0 */
/*
 * openapi_fetch.c - downloading a description over http(s) with libcurl:
 * connect and total timeouts, a size cap enforced while receiving, at most
 * five redirects and only to http(s), TLS verification on, proxies from the
 * environment, and an error message that says what went wrong.
 */
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#include "openapi_internal.h"

/* What the write callback fills. */
typedef struct fetch_body {
    az_buf buf;
    size_t max_bytes;
    bool too_big;
} fetch_body;

/* libcurl write callback: appends to the body, stops past the cap. */
static size_t on_body(char *data, size_t size, size_t count, void *user)
{
    fetch_body *body = user;
    size_t n = size * count;
    if (body->buf.len + n > body->max_bytes) {
        body->too_big = true;
        return 0;
    }
    az_buf_add(&body->buf, data, n);
    return body->buf.failed ? 0 : n;
}

/* Initializes libcurl once per process (thread-safe since 7.84). */
static bool curl_ready(void)
{
    static int state; /* 0 not tried, 1 ok, -1 failed */
    if (state == 0)
        state = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 1 : -1;
    return state == 1;
}

/* Downloads `url`; see openapi_internal.h. */
az_status az__oas_fetch(const char *url, const az_docset_opts *opts, char **data, size_t *len,
                        char **content_type, char **error)
{
    fetch_body body = {.max_bytes = opts->load.max_bytes};
    char curl_error[CURL_ERROR_SIZE] = "";
    az_status st = AZ_ERR_IO;
    CURL *curl = NULL;
    *data = NULL;
    *len = 0;
    *content_type = NULL;

    if (!curl_ready() || !(curl = curl_easy_init())) {
        az__oas_set_error(error, "cannot start libcurl");
        goto out;
    }
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, opts->connect_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, opts->timeout_ms);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "arazzo/" AZ_VERSION_STRING);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_error);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)opts->load.max_bytes);

    CURLcode rc = curl_easy_perform(curl);
    if (body.too_big || rc == CURLE_FILESIZE_EXCEEDED) {
        az__oas_set_error(error, "download of %s stopped: larger than the %zu-byte limit", url,
                          opts->load.max_bytes);
        st = AZ_ERR_LIMIT;
        goto out;
    }
    if (body.buf.failed) {
        st = AZ_ERR_NOMEM;
        goto out;
    }
    if (rc != CURLE_OK) {
        az__oas_set_error(error, "cannot download %s: %s", url,
                          curl_error[0] ? curl_error : curl_easy_strerror(rc));
        goto out;
    }
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    if (status < 200 || status > 299) {
        az__oas_set_error(error, "cannot download %s: the server answered HTTP %ld", url, status);
        goto out;
    }
    char *type = NULL;
    curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type);
    if (type && !(*content_type = strdup(type))) {
        st = AZ_ERR_NOMEM;
        goto out;
    }
    *len = body.buf.len;
    *data = body.buf.data ? az_buf_take(&body.buf) : strdup("");
    st = *data ? AZ_OK : AZ_ERR_NOMEM;
out:
    if (st != AZ_OK) {
        free(body.buf.data);
        free(*content_type);
        *content_type = NULL;
    }
    if (curl)
        curl_easy_cleanup(curl);
    return st;
}
