/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_load.c - the one FILE operand the document commands (list, describe,
 * operations, mock, run) take: reading it from the command line, loading
 * an Arazzo description from it with its diagnostics printed, printing the
 * diagnostics of loading a description with their count, loading the
 * openapi sources an Arazzo document names, picking the workflows a
 * command works on (--workflow or all), and reading standard input for the
 * commands that take "-" (validate, eval).
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* Takes an operand as the one FILE; see cli.h. */
int cli_take_file(const cli_command *cmd, const char **file, const char *operand)
{
    if (*file)
        return cli_usage_error(cmd, "one FILE at a time (got '%s' and '%s')", *file, operand);
    *file = operand;
    return EXIT_OK;
}

/* Checks that the argument loop ended well with a FILE; see cli.h. */
int cli_check_file(const cli_command *cmd, int r, const char *file, const char *missing)
{
    if (r < 0)
        return EXIT_USAGE;
    if (!file)
        return cli_usage_error(cmd, "%s", missing);
    return EXIT_OK;
}

/* Loads an Arazzo description and prints its diagnostics; see cli.h. */
int cli_load_description(const char *file, az_description **out)
{
    az_diags *diags = az_diags_new();
    az_status st = az_description_load(file, NULL, diags, out);
    az_diags_render_text(diags, stderr, NULL);
    az_diags_free(diags);
    if (st == AZ_OK)
        return EXIT_OK;
    return st == AZ_ERR_IO || st == AZ_ERR_LIMIT ? EXIT_IO : EXIT_INVALID;
}

/* Prints load diagnostics and their count; see cli.h. */
void cli_print_load_diags(const az_diags *diags, const az_render_opts *ropts)
{
    az_diags_render_text(diags, stderr, ropts);
    size_t n_errors = az_diags_count_severity(diags, AZ_SEVERITY_ERROR);
    size_t n_warnings = az_diags_count_severity(diags, AZ_SEVERITY_WARNING);
    if (n_errors || n_warnings)
        fprintf(stderr, "%zu error%s, %zu warning%s\n", n_errors, n_errors == 1 ? "" : "s",
                n_warnings, n_warnings == 1 ? "" : "s");
}

/* Loads an openapi source description of an Arazzo document; see cli.h. */
bool cli_load_openapi_source(az_docset *set, const az_source *arazzo, json_object *sd,
                             az_diags *diags, const az_source **out, az_status *status)
{
    json_object *url = az_json_get(sd, "url"), *type = az_json_get(sd, "type");
    if (!json_object_is_type(url, json_type_string) ||
        (type && strcmp(json_object_get_string(type), "openapi") != 0))
        return false;
    az_pos at = {az_source_name(arazzo), 0, 0};
    az_doc_node_pos(az_source_doc(arazzo), url, &at);
    *status = az_docset_load(set, json_object_get_string(url), arazzo, &at, diags, out);
    return true;
}

/* The entry document's workflows; see cli.h. */
json_object *cli_entry_workflows(const az_description *desc)
{
    return az_json_get(az_source_root(az_description_entry(desc)->src), "workflows");
}

/* The workflows a command works on; see cli.h. */
int cli_pick_workflows(const az_description *desc, const char *only, json_object ***out, size_t *n,
                       const az_arazzo_doc **owner)
{
    const az_arazzo_doc *entry = az_description_entry(desc);
    json_object *list = cli_entry_workflows(desc), *wf = NULL;
    size_t count = json_object_is_type(list, json_type_array) ? json_object_array_length(list) : 0;
    char *error = NULL;
    *out = NULL;
    *n = 0;
    *owner = entry;
    if (only && az_arazzo_doc_find_workflow(entry, only, &wf, owner, &error) != AZ_OK) {
        fprintf(stderr, "arazzo: %s\n", error ? error : "no such workflow");
        free(error);
        return EXIT_INVALID;
    }
    if (only)
        count = 1;
    if (!(*out = malloc((count ? count : 1) * sizeof(**out)))) {
        fputs("arazzo: out of memory\n", stderr);
        return EXIT_IO;
    }
    for (size_t w = 0; w < count; w++)
        (*out)[w] = only ? wf : json_object_array_get_idx(list, w);
    *n = count;
    return EXIT_OK;
}

/* Reads standard input; see cli.h. */
char *cli_read_stdin(size_t *len)
{
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, stdin);
        n += got;
        if (got == 0)
            break;
        if (n == cap) {
            char *grown = cap < AZ_DEFAULT_MAX_BYTES ? realloc(buf, cap * 2) : NULL;
            if (!grown) {
                free(buf);
                return NULL;
            }
            buf = grown;
            cap *= 2;
        }
    }
    if (buf && ferror(stdin)) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}
