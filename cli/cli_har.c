/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_har.c - `arazzo run --har-output FILE`: every request the run sent,
 * with its response, as an HTTP Archive (HAR 1.2) that browsers' and
 * proxies' HAR viewers open. One entry per request sent, in order, all
 * workflows together; a request that got no response has status 0 and an
 * `_error`. The results are already masked, and nothing else is added.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* A member of `o`, or NULL (borrowed). */
static json_object *member(json_object *o, const char *key)
{
    json_object *v = NULL;
    return json_object_object_get_ex(o, key, &v) ? v : NULL;
}

/* A string member of `o`, or NULL (borrowed). */
static const char *str_of(json_object *o, const char *key)
{
    json_object *v = member(o, key);
    return json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

/* Adds a string member (an empty string for NULL). */
static void add_str(json_object *o, const char *key, const char *value)
{
    json_object_object_add(o, key, json_object_new_string(value ? value : ""));
}

/* Adds an integer member. */
static void add_int(json_object *o, const char *key, int64_t value)
{
    json_object_object_add(o, key, json_object_new_int64(value));
}

/* A header object ({"Name": "value"}) as HAR's [{name, value}] (new
 * reference); the value of `want` (compared without case) in *found. */
static json_object *har_headers(json_object *headers, const char *want, const char **found)
{
    json_object *list = json_object_new_array();
    if (found)
        *found = NULL;
    if (!json_object_is_type(headers, json_type_object))
        return list;
    json_object_object_foreach(headers, name, value)
    {
        json_object *h = json_object_new_object();
        const char *v = json_object_get_string(value);
        add_str(h, "name", name);
        add_str(h, "value", v);
        json_object_array_add(list, h);
        if (found && want && strcasecmp(name, want) == 0)
            *found = v;
    }
    return list;
}

/* Tells whether `s` (len bytes) is valid UTF-8 without NUL. */
static bool valid_utf8(const unsigned char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        unsigned c = s[i];
        size_t n = c == 0               ? 0
                   : c < 0x80           ? 1
                   : (c & 0xE0) == 0xC0 ? 2
                   : (c & 0xF0) == 0xE0 ? 3
                   : (c & 0xF8) == 0xF0 ? 4
                                        : 0;
        if (n == 0 || i + n > len)
            return false;
        for (size_t k = 1; k < n; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
        i += n;
    }
    return true;
}

/* The value of a hex digit, or -1. */
static int hex(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* A query component percent-decoded ('+' as a space) as a JSON string (new
 * reference); the raw text when decoding does not give UTF-8. */
static json_object *decoded(const char *s, size_t len)
{
    char *out = malloc(len + 1);
    size_t n = 0;
    if (!out)
        return json_object_new_string_len(s, (int)len);
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '%' && i + 2 < len && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
            out[n++] = (char)(hex(s[i + 1]) * 16 + hex(s[i + 2]));
            i += 2;
        } else {
            out[n++] = s[i] == '+' ? ' ' : s[i];
        }
    }
    json_object *o = valid_utf8((const unsigned char *)out, n)
                         ? json_object_new_string_len(out, (int)n)
                         : json_object_new_string_len(s, (int)len);
    free(out);
    return o;
}

/* The query string of `url` as HAR's [{name, value}] (new reference). */
static json_object *query_string(const char *url)
{
    json_object *list = json_object_new_array();
    const char *q = url ? strchr(url, '?') : NULL;
    if (!q)
        return list;
    q++;
    size_t end = strcspn(q, "#");
    while (end > 0) {
        size_t len = strcspn(q, "&#");
        if (len > end)
            len = end;
        if (len > 0) {
            const char *eq = memchr(q, '=', len);
            size_t name_len = eq ? (size_t)(eq - q) : len;
            json_object *p = json_object_new_object();
            json_object_object_add(p, "name", decoded(q, name_len));
            json_object_object_add(
                p, "value", eq ? decoded(eq + 1, len - name_len - 1) : json_object_new_string(""));
            json_object_array_add(list, p);
        }
        if (len >= end)
            break;
        q += len + 1;
        end -= len + 1;
    }
    return list;
}

/* A body from the result as text (new string, "" when there is none). */
static char *body_text(json_object *body)
{
    if (!body)
        return strdup("");
    if (json_object_is_type(body, json_type_string))
        return strdup(json_object_get_string(body));
    return strdup(json_object_to_json_string_ext(body, JSON_C_TO_STRING_PLAIN |
                                                           JSON_C_TO_STRING_NOSLASHESCAPE));
}

/* HAR's request object for a step's request (new reference). */
static json_object *har_request(json_object *req)
{
    json_object *o = json_object_new_object();
    const char *url = str_of(req, "url"), *mime = NULL;
    json_object *body = member(req, "body");
    add_str(o, "method", str_of(req, "method"));
    add_str(o, "url", url);
    add_str(o, "httpVersion", "HTTP/1.1");
    json_object_object_add(o, "cookies", json_object_new_array());
    json_object_object_add(o, "headers",
                           har_headers(member(req, "headers"), "Content-Type", &mime));
    json_object_object_add(o, "queryString", query_string(url));
    size_t size = 0;
    if (body) {
        char *text = body_text(body);
        json_object *post = json_object_new_object();
        add_str(post, "mimeType", mime);
        add_str(post, "text", text);
        json_object_object_add(o, "postData", post);
        size = text ? strlen(text) : 0;
        free(text);
    }
    add_int(o, "headersSize", -1);
    add_int(o, "bodySize", (int64_t)size);
    return o;
}

/* HAR's response object (new reference); `error` for no response. */
static json_object *har_response(json_object *resp, const char *error)
{
    json_object *o = json_object_new_object();
    json_object *content = json_object_new_object();
    bool got = json_object_is_type(resp, json_type_object);
    const char *mime = NULL, *location = NULL;
    add_int(o, "status", got ? json_object_get_int(member(resp, "status")) : 0);
    add_str(o, "statusText", "");
    add_str(o, "httpVersion", got ? "HTTP/1.1" : "");
    json_object_object_add(o, "cookies", json_object_new_array());
    json_object *headers = har_headers(got ? member(resp, "headers") : NULL, "Content-Type", &mime);
    json_object_object_add(o, "headers", headers);
    for (size_t i = 0; i < json_object_array_length(headers); i++) {
        json_object *h = json_object_array_get_idx(headers, i);
        if (strcasecmp(str_of(h, "name"), "Location") == 0)
            location = str_of(h, "value");
    }
    char *text = got ? body_text(member(resp, "body")) : NULL;
    size_t size = text ? strlen(text) : 0;
    add_int(content, "size", (int64_t)size);
    add_str(content, "mimeType", mime);
    if (text && size)
        add_str(content, "text", text);
    free(text);
    json_object_object_add(o, "content", content);
    add_str(o, "redirectURL", location);
    add_int(o, "headersSize", -1);
    add_int(o, "bodySize", got ? (int64_t)size : -1);
    if (!got)
        add_str(o, "_error", error ? error : "no response");
    return o;
}

/* The current time as ISO 8601, for a request without startedAt. */
static void now_iso(char *buf, size_t size)
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
}

/* HAR's entry for one step execution that sent a request (new reference). */
static json_object *har_entry(json_object *step, const char *file)
{
    json_object *req = member(step, "request"), *resp = member(step, "response");
    json_object *e = json_object_new_object();
    double ms = json_object_is_type(resp, json_type_object)
                    ? json_object_get_double(member(resp, "timeMs"))
                    : 0.0;
    char now[40];
    const char *started = str_of(req, "startedAt");
    if (!started) {
        now_iso(now, sizeof now);
        started = now;
    }
    add_str(e, "startedDateTime", started);
    json_object_object_add(e, "time", json_object_new_double(ms > 0 ? ms : 0));
    json_object_object_add(e, "request", har_request(req));
    json_object_object_add(e, "response", har_response(resp, str_of(step, "error")));
    json_object_object_add(e, "cache", json_object_new_object());
    json_object *t = json_object_new_object();
    add_int(t, "send", 0);
    json_object_object_add(t, "wait", json_object_new_double(ms > 0 ? ms : 0));
    add_int(t, "receive", 0);
    json_object_object_add(e, "timings", t);
    add_str(e, "_file", file);
    add_str(e, "_workflowId", str_of(step, "workflowId"));
    add_str(e, "_stepId", str_of(step, "stepId"));
    add_int(e, "_attempt", json_object_get_int(member(step, "attempt")));
    return e;
}

/* Writes the requests of a run (an array of workflow results) as a HAR 1.2
 * file to `path`; false after printing why it cannot. */
bool cli_write_har(json_object *results, const char *path)
{
    json_object *root = json_object_new_object(), *log = json_object_new_object();
    json_object *creator = json_object_new_object(), *entries = json_object_new_array();
    json_object_object_add(root, "log", log);
    add_str(log, "version", "1.2");
    add_str(creator, "name", "arazzo");
    add_str(creator, "version", az_version());
    json_object_object_add(log, "creator", creator);
    json_object_object_add(log, "entries", entries);
    for (size_t i = 0; i < json_object_array_length(results); i++) {
        json_object *result = json_object_array_get_idx(results, i);
        json_object *steps = member(result, "steps");
        if (az_json_get_bool(result, "dryRun", false))
            continue; /* --dry-run sent nothing */
        for (size_t j = 0;
             json_object_is_type(steps, json_type_array) && j < json_object_array_length(steps);
             j++) {
            json_object *step = json_object_array_get_idx(steps, j);
            if (json_object_is_type(member(step, "request"), json_type_object))
                json_object_array_add(entries, har_entry(step, str_of(result, "file")));
        }
    }
    FILE *f = fopen(path, "w");
    bool ok = f != NULL;
    if (f) {
        fputs(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
                                                       JSON_C_TO_STRING_SPACED |
                                                       JSON_C_TO_STRING_NOSLASHESCAPE),
              f);
        fputc('\n', f);
        ok = fclose(f) == 0;
    }
    if (!ok)
        fprintf(stderr, "arazzo: cannot write '%s': %s\n", path, strerror(errno));
    json_object_put(root);
    return ok;
}
