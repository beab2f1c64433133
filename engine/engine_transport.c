/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine_transport.c - the transport interface of arazzo/engine.h: the
 * dispatch to an implementation, the checks every request passes before it
 * is sent (an HTTP token as method - RFC 9110 section 9 -, an absolute
 * http(s) URL, header fields as RFC 9110 section 5 allows them, so no
 * request can smuggle a second one), header lookup ignoring case (checklist
 * EXEC-25), failure names and the release of a response.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine_transport_internal.h"

/* Releases what a response holds and zeroes it. */
void az_http_response_clear(az_http_response *resp)
{
    if (!resp)
        return;
    az__http_headers_free(resp->headers, resp->n_headers);
    free(resp->body);
    free(resp->error);
    memset(resp, 0, sizeof(*resp));
}

/* Returns the first header named `name` (case-insensitive), or NULL. */
const char *az_http_header_get(const az_http_header *headers, size_t n, const char *name)
{
    if (!headers || !name)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (headers[i].name && strcasecmp(headers[i].name, name) == 0)
            return headers[i].value;
    return NULL;
}

/* Names a failure kind. */
const char *az_http_failure_name(az_http_failure failure)
{
    switch (failure) {
    case AZ_HTTP_OK: return "ok";
    case AZ_HTTP_CONNECT: return "connect";
    case AZ_HTTP_TLS: return "tls";
    case AZ_HTTP_TIMEOUT: return "timeout";
    case AZ_HTTP_RESET: return "reset";
    case AZ_HTTP_TOO_LARGE: return "too-large";
    case AZ_HTTP_CANCELLED: return "cancelled";
    case AZ_HTTP_OTHER: return "other";
    }
    return "other";
}

/* Replaces resp->error with a formatted message; see the internal header. */
bool az__http_set_error(az_http_response *resp, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    free(resp->error);
    resp->error = az_vstrdupf(fmt, ap);
    va_end(ap);
    return resp->error != NULL;
}

/* Copies `len` bytes into a new NUL-terminated string; NULL when out of memory. */
static char *copy_text(const char *s, size_t len)
{
    char *copy = malloc(len + 1);
    if (!copy)
        return NULL;
    if (len)
        memcpy(copy, s, len);
    copy[len] = '\0';
    return copy;
}

/* Appends a copy of one header; see the internal header. */
bool az__http_header_push(az_http_header **headers, size_t *n, size_t *cap, const char *name,
                          size_t name_len, const char *value, size_t value_len)
{
    if (*n == *cap) {
        size_t new_cap = *cap ? *cap * 2 : 16;
        az_http_header *grown = realloc(*headers, new_cap * sizeof(*grown));
        if (!grown)
            return false;
        *headers = grown;
        *cap = new_cap;
    }
    char *name_copy = copy_text(name, name_len);
    char *value_copy = copy_text(value, value_len);
    if (!name_copy || !value_copy) {
        free(name_copy);
        free(value_copy);
        return false;
    }
    (*headers)[*n].name = name_copy;
    (*headers)[*n].value = value_copy;
    (*n)++;
    return true;
}

/* Frees `n` headers and their array. */
void az__http_headers_free(az_http_header *headers, size_t n)
{
    if (!headers)
        return;
    for (size_t i = 0; i < n; i++) {
        free(headers[i].name);
        free(headers[i].value);
    }
    free(headers);
}

/* Tells whether `c` is a tchar of RFC 9110 section 5.6.2. */
static bool is_tchar(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* Tells whether `s` is a non-empty HTTP token. */
static bool is_token(const char *s)
{
    if (!s || !*s)
        return false;
    for (; *s; s++)
        if (!is_tchar((unsigned char)*s))
            return false;
    return true;
}

/* Tells whether a header value holds no control character but tab. */
static bool is_field_value(const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return false;
    }
    return true;
}

/*
 * Tells whether `url` is an absolute http or https URL without spaces or
 * control characters (it must be encoded already).
 */
static bool is_http_url(const char *url)
{
    size_t scheme = 0;
    if (strncasecmp(url, "http://", 7) == 0)
        scheme = 7;
    else if (strncasecmp(url, "https://", 8) == 0)
        scheme = 8;
    if (!scheme || !url[scheme])
        return false;
    for (const char *p = url; *p; p++)
        if ((unsigned char)*p <= 0x20 || (unsigned char)*p == 0x7f)
            return false;
    return true;
}

/*
 * Checks a request before any transport sees it; on a problem fills
 * resp->error and returns AZ_ERR_INVALID (AZ_ERR_NOMEM when even the
 * message cannot be made).
 */
static az_status check_request(const az_http_request *req, az_http_response *resp)
{
    bool ok = true;
    if (!req->url || !is_http_url(req->url)) {
        ok = az__http_set_error(resp, "invalid request URL '%s': not an absolute http(s) URL",
                                req->url ? req->url : "(null)");
    } else if (!is_token(req->method)) {
        ok = az__http_set_error(resp, "invalid HTTP method '%s' for %s",
                                req->method ? req->method : "(null)", req->url);
    } else if (req->body_len && !req->body) {
        ok = az__http_set_error(resp, "request to %s has a body length but no body", req->url);
    } else if (req->body && strcmp(req->method, "HEAD") == 0) {
        ok = az__http_set_error(resp, "a HEAD request to %s cannot carry a body", req->url);
    } else if (req->timeout_ms < 0) {
        ok = az__http_set_error(resp, "negative timeout %ld ms for %s", req->timeout_ms, req->url);
    } else if (req->n_headers && !req->headers) {
        ok = az__http_set_error(resp, "request to %s has a header count but no headers", req->url);
    } else {
        const az_http_header *bad = NULL;
        for (size_t i = 0; i < req->n_headers && !bad; i++) {
            const az_http_header *h = &req->headers[i];
            if (!is_token(h->name) || !h->value || !is_field_value(h->value))
                bad = h;
        }
        if (!bad)
            return AZ_OK;
        if (!is_token(bad->name))
            ok = az__http_set_error(resp, "invalid header name '%s' in request to %s",
                                    bad->name ? bad->name : "(null)", req->url);
        else
            ok = az__http_set_error(resp, "invalid value of header '%s' in request to %s: %s",
                                    bad->name, req->url,
                                    bad->value ? "a control character" : "no value");
    }
    return ok ? AZ_ERR_INVALID : AZ_ERR_NOMEM;
}

/* Sends `req` through `t` after checking it. */
az_status az_transport_send(az_transport *t, const az_http_request *req, az_http_response *resp)
{
    if (!resp)
        return AZ_ERR_INVALID;
    memset(resp, 0, sizeof(*resp));
    if (!t || !t->send || !req)
        return AZ_ERR_INVALID;
    az_status st = check_request(req, resp);
    if (st != AZ_OK)
        return st;
    return t->send(t, req, resp);
}

/* Releases any transport. */
void az_transport_free(az_transport *t)
{
    if (t && t->destroy)
        t->destroy(t);
}

/* Days from 1970-01-01 to a civil date (proleptic Gregorian). */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long long)doe - 719468;
}

/* Reads a month name ("Jan".."Dec") into 1..12; 0 when none. */
static unsigned month_of(const char *s)
{
    static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    for (unsigned i = 0; i < 12; i++)
        if (strncmp(s, names + 3 * i, 3) == 0)
            return i + 1;
    return 0;
}

/* Reads an HTTP-date; see engine.h. */
bool az_http_date_parse(const char *text, time_t *out)
{
    char wday[16], mon[4];
    int d = 0, y = 0, h = 0, mi = 0, sec = 0, n = 0;
    if (!text)
        return false;
    /* IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT */
    if (sscanf(text, "%15[A-Za-z], %2d %3s %4d %2d:%2d:%2d GMT%n", wday, &d, mon, &y, &h, &mi, &sec,
               &n) == 7 &&
        text[n] == '\0') {
        /* matched */
    } else if (sscanf(text, "%15[A-Za-z], %2d-%3s-%2d %2d:%2d:%2d GMT%n", wday, &d, mon, &y, &h,
                      &mi, &sec, &n) == 7 &&
               text[n] == '\0') {
        /* RFC 850: two-digit year, taken within 50 years of 2000 */
        y += y < 50 ? 2000 : 1900;
    } else if (sscanf(text, "%15[A-Za-z] %3s %2d %2d:%2d:%2d %4d%n", wday, mon, &d, &h, &mi, &sec,
                      &y, &n) == 7 &&
               text[n] == '\0') {
        /* asctime: Sun Nov  6 08:49:37 1994 */
    } else {
        return false;
    }
    unsigned m = month_of(mon);
    if (!m || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 || y < 1970)
        return false;
    long long days = days_from_civil(y, m, (unsigned)d);
    *out = (time_t)(days * 86400 + h * 3600 + mi * 60 + sec);
    return true;
}
