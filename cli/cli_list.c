/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_list.c - `arazzo list FILE [--json]`: the workflows of an Arazzo
 * document, each with its summary, its inputs (required ones marked, with
 * their type) and its outputs - what a user needs to write the `run`
 * command line.
 */
#include "cli.h"

#include <string.h>

#include <arazzo/description.h>
#include <arazzo/oas_index.h>

/* Returns member `key` of an object, or NULL. */
static json_object *member(json_object *obj, const char *key)
{
    json_object *v = NULL;
    if (json_object_is_type(obj, json_type_object))
        json_object_object_get_ex(obj, key, &v);
    return v;
}

/* Prints text from the document, control characters neutralized. */
static void put(const char *s)
{
    if (s)
        az_put_sanitized(stdout, s, strlen(s));
}

/* Tells whether `name` is in a `required` array. */
static bool is_required(json_object *required, const char *name)
{
    for (size_t i = 0;
         json_object_is_type(required, json_type_array) && i < json_object_array_length(required);
         i++)
        if (strcmp(json_object_get_string(json_object_array_get_idx(required, i)), name) == 0)
            return true;
    return false;
}

/* The JSON view of one workflow: id, summary, inputs, outputs. */
static json_object *workflow_json(az_docset *set, const az_source *src, json_object *wf)
{
    json_object *o = json_object_new_object(), *inputs = json_object_new_array();
    json_object_object_add(o, "workflowId", json_object_get(member(wf, "workflowId")));
    if (member(wf, "summary"))
        json_object_object_add(o, "summary", json_object_get(member(wf, "summary")));
    az_oas_node at = {src, member(wf, "inputs")}, schema = {src, NULL};
    if (at.node)
        az_oas_ref_follow(set, at, NULL, &schema);
    json_object *props = member(schema.node, "properties");
    json_object *required = member(schema.node, "required");
    if (json_object_is_type(props, json_type_object)) {
        json_object_object_foreach(props, name, prop)
        {
            az_oas_node pat = {schema.src, prop}, p = {schema.src, prop};
            az_oas_ref_follow(set, pat, NULL, &p);
            json_object *in = json_object_new_object();
            json_object_object_add(in, "name", json_object_new_string(name));
            if (member(p.node, "type"))
                json_object_object_add(in, "type", json_object_get(member(p.node, "type")));
            json_object_object_add(in, "required",
                                   json_object_new_boolean(is_required(required, name)));
            if (member(p.node, "description"))
                json_object_object_add(in, "description",
                                       json_object_get(member(p.node, "description")));
            json_object_array_add(inputs, in);
        }
    }
    json_object_object_add(o, "inputs", inputs);
    json_object *outputs = json_object_new_array();
    json_object *map = member(wf, "outputs");
    if (json_object_is_type(map, json_type_object)) {
        json_object_object_foreach(map, name, value)
        {
            (void)value;
            json_object_array_add(outputs, json_object_new_string(name));
        }
    }
    json_object_object_add(o, "outputs", outputs);
    return o;
}

/* Prints one workflow's JSON view as text. */
static void print_workflow(json_object *w)
{
    put(json_object_get_string(member(w, "workflowId")));
    if (member(w, "summary")) {
        fputs(" - ", stdout);
        put(json_object_get_string(member(w, "summary")));
    }
    fputc('\n', stdout);
    json_object *inputs = member(w, "inputs"), *outputs = member(w, "outputs");
    if (json_object_array_length(inputs) > 0) {
        fputs("    inputs:", stdout);
        for (size_t i = 0; i < json_object_array_length(inputs); i++) {
            json_object *in = json_object_array_get_idx(inputs, i);
            fputs(i ? ", " : " ", stdout);
            put(json_object_get_string(member(in, "name")));
            if (json_object_get_boolean(member(in, "required")))
                fputc('*', stdout);
            if (json_object_is_type(member(in, "type"), json_type_string)) {
                fputs(" (", stdout);
                put(json_object_get_string(member(in, "type")));
                fputc(')', stdout);
            }
        }
        fputc('\n', stdout);
    }
    if (json_object_array_length(outputs) > 0) {
        fputs("    outputs:", stdout);
        for (size_t i = 0; i < json_object_array_length(outputs); i++) {
            fputs(i ? ", " : " ", stdout);
            put(json_object_get_string(json_object_array_get_idx(outputs, i)));
        }
        fputc('\n', stdout);
    }
}

/* `arazzo list`. */
int cli_cmd_list(const cli_command *cmd, int argc, char **argv)
{
    int i = 0, r, status = EXIT_OK;
    bool rest = false, json = false;
    const char *file = NULL;
    cli_arg a;
    while ((r = cli_next_arg(cmd, argc, argv, &i, &rest, &a)) > 0) {
        if (cli_is(&a, "help")) {
            cli_print_help(stdout, cmd);
            return EXIT_OK;
        } else if (cli_is(&a, "json")) {
            json = true;
        } else if (file) {
            return cli_usage_error(cmd, "one FILE at a time (got '%s' and '%s')", file, a.value);
        } else {
            file = a.value;
        }
    }
    if (r < 0)
        return EXIT_USAGE;
    if (!file)
        return cli_usage_error(cmd, "no Arazzo document given");
    az_diags *diags = az_diags_new();
    az_description *desc = NULL;
    az_status st = az_description_load(file, NULL, diags, &desc);
    az_diags_render_text(diags, stderr, NULL);
    if (st != AZ_OK) {
        status = st == AZ_ERR_IO || st == AZ_ERR_LIMIT ? EXIT_IO : EXIT_INVALID;
        goto out;
    }
    const az_arazzo_doc *entry = az_description_entry(desc);
    json_object *list = member(az_source_root(entry->src), "workflows");
    json_object *all = json_object_new_array();
    for (size_t w = 0;
         json_object_is_type(list, json_type_array) && w < json_object_array_length(list); w++)
        json_object_array_add(all, workflow_json(az_description_docset(desc), entry->src,
                                                 json_object_array_get_idx(list, w)));
    if (json) {
        puts(json_object_to_json_string_ext(all, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                     JSON_C_TO_STRING_NOSLASHESCAPE));
    } else {
        for (size_t w = 0; w < json_object_array_length(all); w++)
            print_workflow(json_object_array_get_idx(all, w));
        if (json_object_array_length(all) == 0)
            puts("(no workflows)");
    }
    json_object_put(all);
out:
    az_description_free(desc);
    az_diags_free(diags);
    return status;
}
