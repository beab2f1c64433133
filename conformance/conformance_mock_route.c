/* SPDX-License-Identifier: Apache-2.0 */
/*
 * conformance_mock_route.c - routing a mock request to an operation of the
 * description: the request path (RFC 3986 path, still percent-encoded) is
 * compared segment by segment with every operation's path template
 * (OpenAPI 3.1 section 4.8.8, "Path Templating"), with and without the
 * base path of the operation's servers. A template segment is literal,
 * a whole `{name}`, or literal text around `{name}`s; captured values are
 * percent-decoded. Among the templates that match, the one with a literal
 * segment where the others have a templated one wins (compared from the
 * first segment on), as the specification asks of `/pets/mine` against
 * `/pets/{petId}`.
 */
#include "conformance_mock_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One operation's route: the template's segments and the base paths. */
typedef struct route {
    const az_oas_operation *op;
    char **segs;
    size_t n_segs;
    char **bases; /* "/v21.0": no trailing slash, never empty */
    size_t n_bases;
} route;

struct az__mock_routes {
    route *routes;
    size_t n;
};

/* Splits a path after its leading '/' into segments ("/a/b/" is a, b). */
static bool split(const char *path, char ***out, size_t *n_out)
{
    size_t len = strlen(path), cap = 1;
    while (len > 1 && path[len - 1] == '/')
        len--;
    for (size_t i = 0; i < len; i++)
        cap += path[i] == '/';
    char **segs = calloc(cap, sizeof(*segs));
    size_t n = 0;
    if (!segs)
        return false;
    const char *p = path[0] == '/' ? path + 1 : path, *end = path + len;
    while (p < end) {
        const char *slash = memchr(p, '/', (size_t)(end - p));
        const char *stop = slash ? slash : end;
        if (!(segs[n] = strndup(p, (size_t)(stop - p)))) {
            for (size_t i = 0; i < n; i++)
                free(segs[i]);
            free(segs);
            return false;
        }
        n++;
        if (!slash)
            break;
        p = slash + 1;
    }
    *out = segs;
    *n_out = n;
    return true;
}

/* Frees segments made by split(). */
static void free_segs(char **segs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(segs[i]);
    free(segs);
}

/* The path part of a server URL expanded with its defaults, without a
 * trailing slash (new string; NULL when empty or out of memory). */
static char *base_path(const az_oas_server *server)
{
    char *url = NULL, *error = NULL, *path = NULL;
    if (az_oas_server_expand(server, NULL, &url, &error) != AZ_OK) {
        free(error);
        return NULL;
    }
    const char *p = url, *scheme = strstr(url, "://");
    if (scheme)
        p = strchr(scheme + 3, '/');
    else if (url[0] != '/')
        p = NULL;
    if (p) {
        size_t len = strcspn(p, "?#");
        while (len > 0 && p[len - 1] == '/')
            len--;
        if (len > 0)
            path = strndup(p, len);
    }
    free(url);
    return path;
}

/* Builds the routes of every operation of `index`. NULL when out of memory. */
az__mock_routes *az__mock_routes_new(const az_oas_index *index)
{
    az__mock_routes *rs = calloc(1, sizeof(*rs));
    size_t n = az_oas_index_count(index);
    if (!rs || (n && !(rs->routes = calloc(n, sizeof(*rs->routes)))))
        goto fail;
    for (size_t i = 0; i < n; i++) {
        route *r = &rs->routes[rs->n++];
        r->op = az_oas_index_get(index, i);
        if (!split(r->op->path, &r->segs, &r->n_segs))
            goto fail;
        if (r->op->n_servers && !(r->bases = calloc(r->op->n_servers, sizeof(*r->bases))))
            goto fail;
        for (size_t s = 0; s < r->op->n_servers; s++) {
            char *base = base_path(&r->op->servers[s]);
            if (base)
                r->bases[r->n_bases++] = base;
        }
    }
    return rs;
fail:
    az__mock_routes_free(rs);
    return NULL;
}

/* Releases the routes. */
void az__mock_routes_free(az__mock_routes *routes)
{
    if (!routes)
        return;
    for (size_t i = 0; i < routes->n; i++) {
        free_segs(routes->routes[i].segs, routes->routes[i].n_segs);
        free_segs(routes->routes[i].bases, routes->routes[i].n_bases);
    }
    free(routes->routes);
    free(routes);
}

/* The value of a hexadecimal digit, or -1. */
static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
        return (c | 0x20) - 'a' + 10;
    return -1;
}

/* Percent-decodes `s` (n bytes; '+' as a space when `plus`) into a new
 * string; NULL when out of memory. Malformed escapes are kept as written. */
char *az__mock_percent_decode(const char *s, size_t n, bool plus)
{
    char *out = malloc(n + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        int hi = i + 2 < n ? hex_value(s[i + 1]) : -1, lo = i + 2 < n ? hex_value(s[i + 2]) : -1;
        if (s[i] == '%' && hi >= 0 && lo >= 0) {
            *o++ = (char)(hi << 4 | lo);
            i += 2;
        } else {
            *o++ = plus && s[i] == '+' ? ' ' : s[i];
        }
    }
    *o = '\0';
    return out;
}

/* Matches one template segment (literal text and `{name}`s) against a
 * request segment, adding captures to `caps`. */
static bool match_segment(const char *p, const char *t, json_object *caps)
{
    for (; *p && *p != '{'; p++, t++)
        if (*p != *t)
            return false;
    if (!*p)
        return !*t;
    const char *close = strchr(p, '}');
    if (!close)
        return strcmp(p, t) == 0;
    size_t len = strlen(t);
    for (size_t n = 1; n <= len; n++) {
        if (!match_segment(close + 1, t + n, caps))
            continue;
        char *name = strndup(p + 1, (size_t)(close - p - 1));
        char *value = az__mock_percent_decode(t, n, false);
        if (name && value)
            json_object_object_add(caps, name, json_object_new_string(value));
        free(name);
        free(value);
        return true;
    }
    return false;
}

/* How literal a template segment is: 2 literal, 1 mixed, 0 `{name}`. */
static int literalness(const char *seg)
{
    if (!strchr(seg, '{'))
        return 2;
    return seg[0] == '{' && strchr(seg, '}') == seg + strlen(seg) - 1 ? 0 : 1;
}

/* Compares two routes' specificity: > 0 when `a` is more literal. */
static int compare_specificity(const route *a, const route *b)
{
    for (size_t i = 0; i < a->n_segs && i < b->n_segs; i++) {
        int d = literalness(a->segs[i]) - literalness(b->segs[i]);
        if (d)
            return d;
    }
    return 0;
}

/* Matches a route's template against request segments; a new object of
 * captures, or NULL when it does not match. */
static json_object *match_route(const route *r, char **segs, size_t n)
{
    if (r->n_segs != n)
        return NULL;
    json_object *caps = json_object_new_object();
    for (size_t i = 0; caps && i < n; i++) {
        if (!match_segment(r->segs[i], segs[i], caps)) {
            json_object_put(caps);
            return NULL;
        }
    }
    return caps;
}

/* Adds an uppercase method to a ", "-separated list unless there. */
static bool allow_add(char **allow, const char *method)
{
    char up[32];
    size_t i = 0;
    for (; method[i] && i < sizeof(up) - 1; i++)
        up[i] = (char)(method[i] >= 'a' && method[i] <= 'z' ? method[i] - 32 : method[i]);
    up[i] = '\0';
    size_t old = *allow ? strlen(*allow) : 0;
    if (*allow) {
        for (const char *p = *allow; (p = strstr(p, up)); p += i)
            if ((p == *allow || p[-1] == ' ') && (p[i] == ',' || p[i] == '\0'))
                return true;
    }
    char *grown = realloc(*allow, old + i + 3);
    if (!grown)
        return false;
    snprintf(grown + old, i + 3, "%s%s", old ? ", " : "", up);
    *allow = grown;
    return true;
}

/* Routes one request (see conformance_mock_internal.h). */
bool az__mock_route(const az__mock_routes *routes, const char *method, const char *path,
                    az__mock_match *out)
{
    memset(out, 0, sizeof(*out));
    char **segs = NULL;
    size_t n = 0;
    bool ok = false, any = false;
    const route *best = NULL;
    if (!split(path, &segs, &n))
        return false;
    for (size_t i = 0; i < routes->n; i++) {
        const route *r = &routes->routes[i];
        json_object *caps = NULL;
        /* The path without each base path first, then as it came. */
        for (size_t b = 0; !caps && b <= r->n_bases; b++) {
            size_t skip = 0;
            if (b < r->n_bases) {
                char **base = NULL;
                size_t n_base = 0;
                if (!split(r->bases[b], &base, &n_base))
                    goto out;
                bool prefix = n_base <= n;
                for (size_t s = 0; prefix && s < n_base; s++)
                    prefix = strcmp(base[s], segs[s]) == 0;
                free_segs(base, n_base);
                if (!prefix)
                    continue;
                skip = n_base;
            }
            caps = match_route(r, segs + skip, n - skip);
        }
        if (!caps)
            continue;
        any = true;
        if (strcasecmp(r->op->method, method) != 0) {
            json_object_put(caps);
            if (!allow_add(&out->allow, r->op->method))
                goto out;
            continue;
        }
        if (!best || compare_specificity(r, best) > 0) {
            best = r;
            json_object_put(out->params);
            out->params = caps;
        } else {
            json_object_put(caps);
        }
    }
    if (best) {
        out->op = best->op;
        free(out->allow);
        out->allow = NULL;
    } else if (!any) {
        free(out->allow);
        out->allow = NULL;
    }
    ok = true;
out:
    free_segs(segs, n);
    if (!ok)
        az__mock_match_clear(out);
    return ok;
}

/* Releases what a match holds. */
void az__mock_match_clear(az__mock_match *m)
{
    json_object_put(m->params);
    free(m->allow);
    memset(m, 0, sizeof(*m));
}
