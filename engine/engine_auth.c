/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine_auth.c - authentication from the OpenAPI description: the
 * credentials of --auth / ARAZZO_AUTH_<SCHEME> applied to an operation's
 * request by its security requirements (apiKey in header, query or cookie;
 * http bearer and basic; oauth2 clientCredentials with one token fetched
 * per scheme and run), every credential and token masked. See
 * docs/running.md "Authentication".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <arazzo/openapi.h>

#include "engine_run_internal.h"

/* Encodes bytes as base64; see engine_run_internal.h. */
char *az__base64_encode(const unsigned char *data, size_t len)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char *out = malloc((len + 2) / 3 * 4 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        unsigned long v = (unsigned long)data[i] << 16;
        if (i + 1 < len)
            v |= (unsigned long)data[i + 1] << 8;
        if (i + 2 < len)
            v |= data[i + 2];
        out[o++] = alphabet[(v >> 18) & 63];
        out[o++] = alphabet[(v >> 12) & 63];
        out[o++] = i + 1 < len ? alphabet[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < len ? alphabet[v & 63] : '=';
    }
    out[o] = '\0';
    return out;
}

/* Releases the state; see engine_run_internal.h. */
void az__auth_clear(az__auth *auth)
{
    json_object_put(auth->tokens);
    json_object_put(auth->warned);
    auth->tokens = NULL;
    auth->warned = NULL;
}

/* The credential given for a scheme, or NULL. */
static const char *credential_of(const az_run_opts *opts, const char *scheme)
{
    for (size_t i = 0; i < opts->n_credentials; i++)
        if (opts->credentials[i].scheme && strcmp(opts->credentials[i].scheme, scheme) == 0)
            return opts->credentials[i].value;
    return NULL;
}

/* Adds a text to the run's secrets. */
static void add_secret(az__auth *auth, const char *text)
{
    json_object *v = json_object_new_string(text);
    az__masker_add(auth->masker, v);
    json_object_put(v);
}

/* The Security Scheme Object named `name` of the operation's document
 * ($ref followed), or NULL. Borrowed. */
static json_object *scheme_of(az_docset *set, const az_oas_operation *op, const char *name)
{
    json_object *root = az_source_root(op->src);
    json_object *node =
        az_json_get(az_json_get(az_json_get(root, "components"), "securitySchemes"), name);
    if (!node)
        node = az_json_get(az_json_get(root, "securityDefinitions"), name);
    if (!node)
        return NULL;
    az_oas_node out = {0};
    if (az_oas_ref_follow(set, (az_oas_node){op->src, node}, NULL, &out) != AZ_OK)
        return NULL;
    return json_object_is_type(out.node, json_type_object) ? out.node : NULL;
}

/* Appends the percent-encoding of `s` for a URL query or form body. */
static void add_encoded(az_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_' || *p == '~') {
            az_buf_add(b, (const char *)p, 1);
        } else {
            char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            az_buf_add(b, e, 3);
        }
    }
}

/* Tells whether the step sets a parameter (name, in) to a non-null value. */
static bool step_sets(const az__param *params, json_object *const *values, size_t n,
                      const char *name, const char *in)
{
    for (size_t i = 0; i < n; i++)
        if (values[i] && params[i].in && strcmp(params[i].in, in) == 0 &&
            (strcmp(in, "header") == 0 ? strcasecmp(params[i].name, name) == 0
                                       : strcmp(params[i].name, name) == 0))
            return true;
    return false;
}

/* Adds a query parameter to the request's URL and view. */
static az_status add_query(az__auth *auth, az__request *req, const char *name, const char *value)
{
    az_buf b = {0};
    add_encoded(&b, value);
    char *encoded = az_buf_take(&b);
    if (!encoded)
        return AZ_ERR_NOMEM;
    add_secret(auth, encoded); /* the URL shows the value encoded */
    free(encoded);
    az_buf_puts(&b, req->url);
    az_buf_puts(&b, strchr(req->url, '?') ? "&" : "?");
    add_encoded(&b, name);
    az_buf_puts(&b, "=");
    add_encoded(&b, value);
    char *url = az_buf_take(&b);
    if (!url)
        return AZ_ERR_NOMEM;
    free(req->url);
    req->url = url;
    json_object *qv = az_json_get(req->view, "query");
    if (qv)
        json_object_object_add(qv, name, json_object_new_string(value));
    return AZ_OK;
}

/* Adds a cookie to the request's Cookie header (made when missing). */
static az_status add_cookie(az__request *req, const char *name, const char *value)
{
    az_buf b = {0};
    az_http_header *h = NULL;
    for (size_t i = 0; i < req->n_headers && !h; i++)
        if (strcasecmp(req->headers[i].name, "Cookie") == 0)
            h = &req->headers[i];
    if (h) {
        az_buf_puts(&b, h->value);
        az_buf_puts(&b, "; ");
    }
    az_buf_puts(&b, name);
    az_buf_puts(&b, "=");
    az_buf_puts(&b, value);
    char *text = az_buf_take(&b);
    if (!text)
        return AZ_ERR_NOMEM;
    az_status st = AZ_OK;
    if (h) {
        free(h->value);
        h->value = text;
        json_object *hv = az_json_get(req->view, "header");
        if (hv)
            json_object_object_add(hv, h->name, json_object_new_string(text));
    } else {
        st = az__request_add_default_header(req, "Cookie", text);
        free(text);
    }
    return st;
}

/* Joins the scopes of a requirement with spaces (a new string). */
static char *scopes_of(json_object *scopes)
{
    az_buf b = {0};
    az_buf_puts(&b, "");
    for (size_t i = 0;
         json_object_is_type(scopes, json_type_array) && i < json_object_array_length(scopes);
         i++) {
        const char *s = json_object_get_string(json_object_array_get_idx(scopes, i));
        if (!s)
            continue;
        if (b.len)
            az_buf_puts(&b, " ");
        az_buf_puts(&b, s);
    }
    return az_buf_take(&b);
}

/*
 * Fetches an OAuth2 token with the client credentials grant (RFC 6749
 * section 4.4) through the run's transport; stores it in *token (borrowed
 * from the cache). Returns AZ_OK, AZ_ERR_INVALID with *error, or
 * AZ_ERR_NOMEM.
 */
static az_status fetch_token(az__auth *auth, const char *name, const char *token_url,
                             const char *value, json_object *scopes, const char *request_url,
                             const char **token, char **error)
{
    az_status st = AZ_ERR_NOMEM;
    json_object *cached = az_json_get(auth->tokens, name);
    if (cached) {
        *token = json_object_get_string(cached);
        return AZ_OK;
    }
    if (auth->opts->dry_run) {
        /* --dry-run sends nothing, not even the token request. */
        char *placeholder = az_strdupf("{oauth2 token of %s}", name);
        if (!placeholder || (!auth->tokens && !(auth->tokens = json_object_new_object()))) {
            free(placeholder);
            return AZ_ERR_NOMEM;
        }
        json_object_object_add(auth->tokens, name, json_object_new_string(placeholder));
        free(placeholder);
        *token = az_json_get_string(auth->tokens, name);
        return AZ_OK;
    }
    char *url = NULL, *basic = NULL, *auth_header = NULL, *scope = NULL, *body = NULL;
    az_http_response resp = {0};
    json_object *parsed = NULL;
    if (az_url_resolve(request_url, token_url, &url) != AZ_OK || !url) {
        az__engine_error(error, "oauth2 scheme '%s': bad tokenUrl '%s'", name, token_url);
        st = AZ_ERR_INVALID;
        goto out;
    }
    if (!(basic = az__base64_encode((const unsigned char *)value, strlen(value))))
        goto out;
    add_secret(auth, basic);
    size_t n = strlen(basic) + 7;
    if (!(auth_header = malloc(n)))
        goto out;
    snprintf(auth_header, n, "Basic %s", basic);
    if (!(scope = scopes_of(scopes)))
        goto out;
    az_buf b = {0};
    az_buf_puts(&b, "grant_type=client_credentials");
    if (scope[0]) {
        az_buf_puts(&b, "&scope=");
        add_encoded(&b, scope);
    }
    if (!(body = az_buf_take(&b)))
        goto out;
    az_http_header headers[] = {
        {(char *)"Content-Type", (char *)"application/x-www-form-urlencoded"},
        {(char *)"Accept", (char *)"application/json"},
        {(char *)"Authorization", auth_header}};
    az_http_request http = {"POST",
                            url,
                            headers,
                            sizeof(headers) / sizeof(headers[0]),
                            body,
                            strlen(body),
                            auth->opts->request_timeout_ms};
    st = az_transport_send(auth->opts->transport, &http, &resp);
    if (st == AZ_ERR_NOMEM)
        goto out;
    if (st != AZ_OK || resp.failure != AZ_HTTP_OK) {
        az__engine_error(error, "oauth2 token request of scheme '%s' to %s failed: %s", name, url,
                         resp.error ? resp.error : "no response");
        st = AZ_ERR_INVALID;
        goto out;
    }
    parsed = resp.body ? json_tokener_parse(resp.body) : NULL;
    const char *access = az_json_get_string(parsed, "access_token");
    if (resp.status < 200 || resp.status > 299 || !access || !access[0]) {
        az__engine_error(error, "oauth2 token request of scheme '%s' to %s failed: HTTP %ld%s",
                         name, url, resp.status,
                         resp.status >= 200 && resp.status <= 299 ? " without an access_token"
                                                                  : "");
        st = AZ_ERR_INVALID;
        goto out;
    }
    add_secret(auth, access);
    st = AZ_ERR_NOMEM;
    if (!auth->tokens && !(auth->tokens = json_object_new_object()))
        goto out;
    json_object_object_add(auth->tokens, name, json_object_new_string(access));
    *token = az_json_get_string(auth->tokens, name);
    st = *token ? AZ_OK : AZ_ERR_NOMEM;
out:
    json_object_put(parsed);
    az_http_response_clear(&resp);
    free(url);
    free(basic);
    free(auth_header);
    free(scope);
    free(body);
    return st;
}

/* Adds `Authorization: PREFIX VALUE` unless the request has one. */
static az_status add_authorization(az__auth *auth, az__request *req, const char *prefix,
                                   const char *value)
{
    size_t n = strlen(prefix) + strlen(value) + 2;
    char *text = malloc(n);
    if (!text)
        return AZ_ERR_NOMEM;
    snprintf(text, n, "%s %s", prefix, value);
    add_secret(auth, value);
    az_status st = az__request_add_default_header(req, "Authorization", text);
    free(text);
    return st;
}

/* Remembers a warning about a scheme, once per run. */
static void warn_once(az__auth *auth, const char *name, const char *why, char **warning)
{
    if (*warning || az_json_get(auth->warned, name))
        return; /* one warning per call: another scheme's waits for the next */
    if (!auth->warned && !(auth->warned = json_object_new_object()))
        return;
    json_object_object_add(auth->warned, name, json_object_new_boolean(1));
    if (!*warning)
        az__engine_error(warning, "security scheme '%s': %s: no credentials applied", name, why);
}

/* Applies one scheme's credential to the request. */
static az_status apply_scheme(az__auth *auth, az_docset *set, const az_oas_operation *op,
                              const char *name, json_object *scopes, const az__param *params,
                              json_object *const *values, size_t n_params, az__request *req,
                              char **warning, char **error)
{
    const char *value = credential_of(auth->opts, name);
    json_object *scheme = scheme_of(set, op, name);
    const char *type = az_json_get_string(scheme, "type");
    add_secret(auth, value);
    if (!type) {
        warn_once(auth, name, "no such security scheme", warning);
        return AZ_OK;
    }
    if (strcmp(type, "apiKey") == 0) {
        const char *key = az_json_get_string(scheme, "name");
        const char *in = az_json_get_string(scheme, "in");
        if (!key || !in) {
            warn_once(auth, name, "an apiKey without `name` or `in`", warning);
            return AZ_OK;
        }
        if (strcmp(in, "header") == 0)
            return az__request_add_default_header(req, key, value);
        if (strcmp(in, "query") == 0)
            return step_sets(params, values, n_params, key, "query")
                       ? AZ_OK
                       : add_query(auth, req, key, value);
        if (strcmp(in, "cookie") == 0)
            return step_sets(params, values, n_params, key, "cookie") ? AZ_OK
                                                                      : add_cookie(req, key, value);
        warn_once(auth, name, "an apiKey `in` that is not header, query or cookie", warning);
        return AZ_OK;
    }
    const char *http_scheme = az_json_get_string(scheme, "scheme");
    bool basic =
        strcmp(type, "basic") == 0 || /* Swagger 2.0 */
        (strcmp(type, "http") == 0 && http_scheme && strcasecmp(http_scheme, "basic") == 0);
    if (basic) {
        char *encoded = az__base64_encode((const unsigned char *)value, strlen(value));
        if (!encoded)
            return AZ_ERR_NOMEM;
        const char *colon = strchr(value, ':');
        if (colon)
            add_secret(auth, colon + 1);
        az_status st = add_authorization(auth, req, "Basic", encoded);
        free(encoded);
        return st;
    }
    if (strcmp(type, "http") == 0 && http_scheme && strcasecmp(http_scheme, "bearer") == 0)
        return add_authorization(auth, req, "Bearer", value);
    if (strcmp(type, "oauth2") == 0) {
        json_object *cc = az_json_get(az_json_get(scheme, "flows"), "clientCredentials");
        const char *token_url = az_json_get_string(cc, "tokenUrl");
        const char *flow = az_json_get_string(scheme, "flow"); /* Swagger 2.0 */
        if (!token_url && flow && strcmp(flow, "application") == 0)
            token_url = az_json_get_string(scheme, "tokenUrl");
        if (!token_url) {
            warn_once(auth, name, "only the oauth2 clientCredentials flow is supported", warning);
            return AZ_OK;
        }
        const char *colon = strchr(value, ':');
        if (colon)
            add_secret(auth, colon + 1);
        const char *token = NULL;
        az_status st = fetch_token(auth, name, token_url, value, scopes, req->url, &token, error);
        if (st != AZ_OK)
            return st;
        return add_authorization(auth, req, "Bearer", token);
    }
    char why[96];
    snprintf(why, sizeof why, "type '%.40s' is not supported", type);
    warn_once(auth, name, why, warning);
    return AZ_OK;
}

/* Applies the credentials; see engine_run_internal.h. */
az_status az__auth_apply(az__auth *auth, az_docset *set, const az_oas_operation *op,
                         const az__param *params, json_object *const *values, size_t n_params,
                         az__request *req, char **warning, char **error)
{
    if (!auth->opts->n_credentials || !json_object_is_type(op->security, json_type_array))
        return AZ_OK;
    for (size_t i = 0; i < json_object_array_length(op->security); i++) {
        json_object *requirement = json_object_array_get_idx(op->security, i);
        if (!json_object_is_type(requirement, json_type_object) ||
            json_object_object_length(requirement) == 0)
            continue; /* {}: anonymous access, which needs nothing */
        bool complete = true;
        json_object_object_foreach(requirement, name, scopes_unused)
        {
            (void)scopes_unused;
            complete = complete && credential_of(auth->opts, name) != NULL;
        }
        if (!complete)
            continue;
        json_object_object_foreach(requirement, scheme, scopes)
        {
            az_status st = apply_scheme(auth, set, op, scheme, scopes, params, values, n_params,
                                        req, warning, error);
            if (st != AZ_OK)
                return st;
        }
        return AZ_OK;
    }
    return AZ_OK;
}
