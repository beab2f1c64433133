/* SPDX-License-Identifier: Apache-2.0 */
/*
 * openapi_servers.c - Server Objects: reading a `servers` list (OpenAPI 3.x
 * section 4.8.5/4.8.6: url template, description, variables with default
 * and enum), resolving relative server URLs against the URL of a document
 * that came over http(s), Swagger 2.0's schemes/host/basePath turned into
 * servers, and expanding a template with variable values.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "openapi_internal.h"

/* Releases what one server owns. */
static void server_clear(az_oas_server *s)
{
    free(s->url);
    for (size_t i = 0; i < s->n_vars; i++)
        free(s->vars[i].enum_values);
    free(s->vars);
}

/* Releases a list of servers; see openapi_internal.h. */
void az__oas_servers_free(az_oas_server *servers, size_t n)
{
    for (size_t i = 0; i < n; i++)
        server_clear(&servers[i]);
    free(servers);
}

/* Stores in s->url the template `url`, resolved against the document's URL
 * when it is relative and the document came over http(s). */
static az_status set_url(az_oas_server *s, const az_source *src, const char *url)
{
    if (!az_source_is_file(src) && !az_url_has_scheme(url) && url[0] != '{')
        return az_url_resolve(az_source_url(src), url, &s->url);
    s->url = strdup(url);
    return s->url ? AZ_OK : AZ_ERR_NOMEM;
}

/* Reads one Server Object's variables. */
static az_status read_vars(az_oas_server *s, json_object *vars)
{
    if (!json_object_is_type(vars, json_type_object))
        return AZ_OK;
    size_t n = (size_t)json_object_object_length(vars);
    if (n == 0)
        return AZ_OK;
    if (!(s->vars = calloc(n, sizeof(*s->vars))))
        return AZ_ERR_NOMEM;
    json_object_object_foreach(vars, name, var)
    {
        az_oas_server_var *v = &s->vars[s->n_vars++];
        json_object *def, *en;
        v->name = name;
        if (json_object_object_get_ex(var, "default", &def) &&
            json_object_is_type(def, json_type_string))
            v->default_value = json_object_get_string(def);
        if (json_object_object_get_ex(var, "enum", &en) &&
            json_object_is_type(en, json_type_array) && json_object_array_length(en) > 0) {
            size_t m = json_object_array_length(en);
            if (!(v->enum_values = calloc(m, sizeof(char *))))
                return AZ_ERR_NOMEM;
            for (size_t i = 0; i < m; i++) {
                json_object *item = json_object_array_get_idx(en, i);
                if (json_object_is_type(item, json_type_string))
                    v->enum_values[v->n_enum++] = json_object_get_string(item);
            }
        }
    }
    return AZ_OK;
}

/* Reads a `servers` list; see openapi_internal.h. */
az_status az__oas_servers_read(const az_source *src, json_object *list, az_oas_server **out,
                               size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    size_t n = json_object_is_type(list, json_type_array) ? json_object_array_length(list) : 0;
    if (n == 0)
        return AZ_OK;
    az_oas_server *servers = calloc(n, sizeof(*servers));
    if (!servers)
        return AZ_ERR_NOMEM;
    size_t used = 0;
    az_status st = AZ_OK;
    for (size_t i = 0; i < n && st == AZ_OK; i++) {
        json_object *item = json_object_array_get_idx(list, i), *url, *desc, *vars;
        if (!json_object_object_get_ex(item, "url", &url) ||
            !json_object_is_type(url, json_type_string))
            continue;
        az_oas_server *s = &servers[used++];
        st = set_url(s, src, json_object_get_string(url));
        if (st == AZ_OK && json_object_object_get_ex(item, "description", &desc) &&
            json_object_is_type(desc, json_type_string))
            s->description = json_object_get_string(desc);
        if (st == AZ_OK && json_object_object_get_ex(item, "variables", &vars))
            st = read_vars(s, vars);
    }
    if (st != AZ_OK || used == 0) {
        az__oas_servers_free(servers, used);
        return st;
    }
    *out = servers;
    *n_out = used;
    return AZ_OK;
}

/* The one server "/" used when a description names none. */
az_status az__oas_servers_default(const az_source *src, az_oas_server **out, size_t *n_out)
{
    *n_out = 0;
    if (!(*out = calloc(1, sizeof(**out))))
        return AZ_ERR_NOMEM;
    az_status st = set_url(*out, src, "/");
    if (st != AZ_OK) {
        az__oas_servers_free(*out, 1);
        *out = NULL;
        return st;
    }
    *n_out = 1;
    return AZ_OK;
}

/* Copies the scheme, or the host and port, of an http(s) URL into b. */
static void add_url_part(az_buf *b, const char *url, bool host)
{
    const char *colon = strchr(url, ':');
    if (!host) {
        az_buf_add(b, url, (size_t)(colon - url));
        return;
    }
    const char *h = colon + 3;
    az_buf_add(b, h, strcspn(h, "/?#"));
}

/* Builds Swagger 2.0's servers; see openapi_internal.h. */
az_status az__oas_servers_swagger(const az_source *src, az_oas_server **out, size_t *n_out)
{
    json_object *root = az_source_root(src), *v;
    const char *host = NULL, *base = "/";
    bool remote = !az_source_is_file(src) && strncasecmp(az_source_url(src), "http", 4) == 0;
    *out = NULL;
    *n_out = 0;
    if (json_object_object_get_ex(root, "host", &v) && json_object_is_type(v, json_type_string))
        host = json_object_get_string(v);
    if (json_object_object_get_ex(root, "basePath", &v) && json_object_is_type(v, json_type_string))
        base = json_object_get_string(v);
    json_object *schemes = NULL;
    json_object_object_get_ex(root, "schemes", &schemes);
    size_t n_schemes =
        json_object_is_type(schemes, json_type_array) ? json_object_array_length(schemes) : 0;
    size_t n = n_schemes ? n_schemes : 1;
    az_oas_server *servers = calloc(n, sizeof(*servers));
    if (!servers)
        return AZ_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        az_buf b = {0};
        json_object *scheme = n_schemes ? json_object_array_get_idx(schemes, i) : NULL;
        if (host || remote) {
            /* The scheme and host default to those the description came from. */
            if (json_object_is_type(scheme, json_type_string))
                az_buf_puts(&b, json_object_get_string(scheme));
            else if (remote)
                add_url_part(&b, az_source_url(src), false);
            else
                az_buf_puts(&b, "https");
            az_buf_puts(&b, "://");
            if (host)
                az_buf_puts(&b, host);
            else
                add_url_part(&b, az_source_url(src), true);
        }
        az_buf_puts(&b, base[0] == '/' ? "" : "/");
        az_buf_puts(&b, base);
        if (!(servers[i].url = az_buf_take(&b))) {
            az__oas_servers_free(servers, n);
            return AZ_ERR_NOMEM;
        }
    }
    *out = servers;
    *n_out = n;
    return AZ_OK;
}

/* Finds a server variable by name (len bytes). */
static const az_oas_server_var *find_var(const az_oas_server *s, const char *name, size_t len)
{
    for (size_t i = 0; i < s->n_vars; i++)
        if (strncmp(s->vars[i].name, name, len) == 0 && s->vars[i].name[len] == '\0')
            return &s->vars[i];
    return NULL;
}

/* Expands a server URL template; see openapi.h. */
az_status az_oas_server_expand(const az_oas_server *server, json_object *values, char **out,
                               char **error)
{
    az_buf b = {0};
    *out = NULL;
    for (const char *p = server->url; *p;) {
        if (*p != '{') {
            size_t n = strcspn(p, "{");
            az_buf_add(&b, p, n);
            p += n;
            continue;
        }
        const char *end = strchr(p, '}');
        if (!end) {
            az__oas_set_error(error, "server url '%s' has an unclosed '{'", server->url);
            goto invalid;
        }
        const char *name = p + 1;
        size_t len = (size_t)(end - name);
        const az_oas_server_var *var = find_var(server, name, len);
        const char *value = NULL;
        json_object *given = NULL;
        char *key = strndup(name, len);
        if (!key)
            goto nomem;
        if (values && json_object_object_get_ex(values, key, &given))
            value = json_object_get_string(given);
        free(key);
        if (!var) {
            az__oas_set_error(error,
                              "server url '%s' uses {%.*s}, which is not among its variables",
                              server->url, (int)len, name);
            goto invalid;
        }
        if (!value)
            value = var->default_value;
        if (!value) {
            az__oas_set_error(error, "server variable '%s' has no value and no default", var->name);
            goto invalid;
        }
        if (given && var->n_enum > 0) {
            bool allowed = false;
            for (size_t i = 0; i < var->n_enum && !allowed; i++)
                allowed = strcmp(var->enum_values[i], value) == 0;
            if (!allowed) {
                az_buf list = {0};
                for (size_t i = 0; i < var->n_enum; i++) {
                    az_buf_puts(&list, i ? ", " : "");
                    az_buf_puts(&list, var->enum_values[i]);
                }
                char *names = az_buf_take(&list);
                az__oas_set_error(error, "server variable '%s' cannot be '%s' (allowed: %s)",
                                  var->name, value, names ? names : "");
                free(names);
                goto invalid;
            }
        }
        az_buf_puts(&b, value);
        p = end + 1;
    }
    if (b.failed)
        goto nomem;
    *out = b.data ? az_buf_take(&b) : strdup("");
    return *out ? AZ_OK : AZ_ERR_NOMEM;
invalid:
    free(b.data);
    return AZ_ERR_INVALID;
nomem:
    free(b.data);
    return AZ_ERR_NOMEM;
}
