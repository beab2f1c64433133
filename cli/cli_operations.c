/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_operations.c - `arazzo operations FILE [--json]`: loads an OpenAPI
 * 3.0/3.1 or Swagger 2.0 description (or every `openapi` source of an
 * Arazzo document), indexes its operations and lists each one - id,
 * method, path, server, parameters, request media types - with the
 * description's problems as diagnostics: defects of any operation are
 * errors, defects nothing uses are warnings.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include <arazzo/core.h>
#include <arazzo/openapi.h>
#include <arazzo/engine.h>

/* Returns a method in capitals in a static buffer. */
static const char *upper(const char *method)
{
    static char buf[16];
    size_t i = 0;
    for (; method[i] && i < sizeof(buf) - 1; i++)
        buf[i] = (char)(method[i] >= 'a' && method[i] <= 'z' ? method[i] - 32 : method[i]);
    buf[i] = '\0';
    return buf;
}

/* The first server of an operation expanded with its defaults (new
 * string; the template itself when it cannot be expanded). */
static char *server_text(const az_oas_operation *op)
{
    char *url = NULL, *error = NULL;
    if (op->n_servers == 0)
        return strdup("/");
    if (az_oas_server_expand(&op->servers[0], NULL, &url, &error) != AZ_OK) {
        free(error);
        return strdup(op->servers[0].url);
    }
    return url;
}

/* Prints text from a description, control characters neutralized. */
static void put(const char *s)
{
    az_put_sanitized(stdout, s, strlen(s));
}

/* Prints one operation as text. */
static void print_operation(const az_oas_operation *op)
{
    char *server = server_text(op);
    put(op->operation_id ? op->operation_id : "(no operationId)");
    printf("  %s ", upper(op->method));
    put(op->path);
    printf("\n    server: ");
    put(server ? server : "/");
    printf("\n");
    free(server);
    if (op->n_params > 0) {
        printf("    parameters:");
        for (size_t i = 0; i < op->n_params; i++) {
            printf("%s ", i ? "," : "");
            put(op->params[i].name);
            printf(" (%s%s)", az_oas_param_in_name(op->params[i].in),
                   op->params[i].required ? ", required" : "");
        }
        printf("\n");
    }
    if (op->has_body) {
        printf("    request body%s:", op->body_required ? " (required)" : "");
        for (size_t i = 0; i < op->n_body; i++) {
            printf("%s ", i ? "," : "");
            put(op->body[i].type);
        }
        printf("%s\n", op->n_body ? "" : " (no media types)");
    }
    if (op->n_defects > 0)
        printf("    problems: %zu (see the diagnostics)\n", op->n_defects);
}

/* Builds the JSON form of one operation. */
static json_object *operation_json(const az_oas_operation *op)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "operationId",
                           op->operation_id ? json_object_new_string(op->operation_id) : NULL);
    json_object_object_add(o, "method", json_object_new_string(upper(op->method)));
    json_object_object_add(o, "path", json_object_new_string(op->path));
    json_object_object_add(o, "pointer", json_object_new_string(op->pointer ? op->pointer : ""));
    char *server = server_text(op);
    json_object_object_add(o, "server", json_object_new_string(server ? server : "/"));
    free(server);
    json_object *servers = json_object_new_array();
    for (size_t i = 0; i < op->n_servers; i++)
        json_object_array_add(servers, json_object_new_string(op->servers[i].url));
    json_object_object_add(o, "servers", servers);
    json_object *params = json_object_new_array();
    for (size_t i = 0; i < op->n_params; i++) {
        const az_oas_op_param *p = &op->params[i];
        json_object *jp = json_object_new_object();
        json_object_object_add(jp, "name", json_object_new_string(p->name));
        json_object_object_add(jp, "in", json_object_new_string(az_oas_param_in_name(p->in)));
        json_object_object_add(jp, "required", json_object_new_boolean(p->required));
        json_object_object_add(jp, "style", json_object_new_string(az_oas_style_name(p->style)));
        if (p->explode >= 0)
            json_object_object_add(jp, "explode", json_object_new_boolean(p->explode));
        if (p->content_type)
            json_object_object_add(jp, "contentType", json_object_new_string(p->content_type));
        json_object_array_add(params, jp);
    }
    json_object_object_add(o, "parameters", params);
    if (op->has_body) {
        json_object *body = json_object_new_object(), *types = json_object_new_array();
        json_object_object_add(body, "required", json_object_new_boolean(op->body_required));
        for (size_t i = 0; i < op->n_body; i++)
            json_object_array_add(types, json_object_new_string(op->body[i].type));
        json_object_object_add(body, "mediaTypes", types);
        json_object_object_add(o, "requestBody", body);
    }
    json_object *responses = json_object_new_array();
    for (size_t i = 0; i < op->n_responses; i++)
        json_object_array_add(responses, json_object_new_string(op->responses[i].status));
    json_object_object_add(o, "responses", responses);
    json_object_object_add(o, "problems", json_object_new_int64((int64_t)op->n_defects));
    return o;
}

/* Lists one description; appends its JSON form to `out` when not NULL. */
static az_status list_description(az_docset *set, const az_source *src, az_diags *diags,
                                  json_object *out)
{
    az_oas_index *ix = NULL;
    az_status st = az_oas_index_build(set, src, diags, &ix);
    if (st != AZ_OK)
        return st;
    size_t n = az_oas_index_count(ix);
    az_oas_index_report(ix, NULL, 0, diags);
    if (out) {
        json_object *d = json_object_new_object(), *ops = json_object_new_array();
        json_object_object_add(d, "file", json_object_new_string(az_source_name(src)));
        json_object_object_add(d, "kind",
                               json_object_new_string(az_doc_kind_name(az_source_kind(src))));
        for (size_t i = 0; i < n; i++)
            json_object_array_add(ops, operation_json(az_oas_index_get(ix, i)));
        json_object_object_add(d, "operations", ops);
        json_object_array_add(out, d);
    } else {
        put(az_source_name(src));
        printf(": %s, %zu operation%s\n", az_doc_kind_name(az_source_kind(src)), n,
               n == 1 ? "" : "s");
        for (size_t i = 0; i < n; i++)
            print_operation(az_oas_index_get(ix, i));
    }
    az_oas_index_free(ix);
    return AZ_OK;
}

/* Lists the `openapi` sources of an Arazzo document. */
static az_status list_arazzo_sources(az_docset *set, const az_source *arazzo, az_diags *diags,
                                     json_object *out)
{
    json_object *root = az_source_root(arazzo), *sources = NULL;
    az_status result = AZ_OK;
    json_object_object_get_ex(root, "sourceDescriptions", &sources);
    size_t n =
        json_object_is_type(sources, json_type_array) ? json_object_array_length(sources) : 0;
    size_t n_openapi = 0;
    for (size_t i = 0; i < n; i++) {
        json_object *type = NULL;
        json_object_object_get_ex(json_object_array_get_idx(sources, i), "type", &type);
        n_openapi += !type || strcmp(json_object_get_string(type), "openapi") == 0;
    }
    if (!out) {
        put(az_source_name(arazzo));
        printf(": arazzo, %zu openapi source%s\n", n_openapi, n_openapi == 1 ? "" : "s");
    }
    for (size_t i = 0; i < n; i++) {
        const az_source *src = NULL;
        az_status st;
        if (!cli_load_openapi_source(set, arazzo, json_object_array_get_idx(sources, i), diags,
                                     &src, &st))
            continue;
        if (st == AZ_OK && az_source_kind(src) != AZ_KIND_ARAZZO)
            st = list_description(set, src, diags, out);
        if (st != AZ_OK && result == AZ_OK)
            result = st;
    }
    return result;
}

/* `arazzo operations`. */
int cli_cmd_operations(const cli_command *cmd, int argc, char **argv)
{
    int i = 0, r, status = EXIT_OK;
    bool rest = false, json = false, no_network = false;
    const char *color = NULL, *file = NULL;
    az_docset *set = NULL;
    az_transport *fetcher = NULL;
    az_diags *diags = NULL;
    json_object *out = NULL;
    cli_arg a;

    while ((r = cli_next_arg(cmd, argc, argv, &i, &rest, &a)) > 0) {
        if (cli_is(&a, "help")) {
            cli_print_help(stdout, cmd);
            return EXIT_OK;
        } else if (cli_is(&a, "json")) {
            json = true;
        } else if (cli_is(&a, "color")) {
            color = a.value;
        } else if (cli_is(&a, "no-network")) {
            no_network = true;
        } else if (cli_take_file(cmd, &file, a.value) != EXIT_OK) {
            return EXIT_USAGE;
        }
    }
    if (cli_check_file(cmd, r, file, "no description given") != EXIT_OK)
        return EXIT_USAGE;
    bool color_ok;
    az_render_opts ropts = {cli_color_choice(color, stderr, &color_ok)};
    if (!color_ok)
        return cli_usage_error(cmd, "unknown --color value '%s' (use auto, always or never)",
                               color);

    az_docset_opts opts;
    az_docset_opts_init(&opts);
    opts.allow_network = !no_network;
    if (!no_network && !(fetcher = az_docset_opts_set_fetcher(&opts))) {
        status = EXIT_IO;
        goto out;
    }
    set = az_docset_new(&opts);
    diags = az_diags_new();
    out = json ? json_object_new_array() : NULL;
    if (!set || !diags || (json && !out)) {
        status = EXIT_IO;
        goto out;
    }
    const az_source *src = NULL;
    az_status st = az_docset_load(set, file, NULL, NULL, diags, &src);
    if (st == AZ_OK && az_source_kind(src) == AZ_KIND_ARAZZO)
        st = list_arazzo_sources(set, src, diags, out);
    else if (st == AZ_OK)
        st = list_description(set, src, diags, out);
    if (st == AZ_ERR_IO || st == AZ_ERR_NOMEM || st == AZ_ERR_LIMIT)
        status = EXIT_IO;
    else if (st != AZ_OK || az_diags_count_severity(diags, AZ_SEVERITY_ERROR) > 0)
        status = EXIT_INVALID;
    if (json) {
        json_object *doc = json_object_new_object();
        json_object_object_add(doc, "descriptions", out);
        json_object_object_add(doc, "diagnostics", az_diags_to_json(diags));
        out = NULL;
        puts(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                     JSON_C_TO_STRING_NOSLASHESCAPE));
        json_object_put(doc);
    } else {
        fflush(stdout);
        cli_print_load_diags(diags, &ropts);
    }
out:
    json_object_put(out);
    az_diags_free(diags);
    az_docset_free(set);
    az_transport_free(fetcher);
    return status;
}
