/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_list.c - `arazzo list FILE [--json]`: the workflows of an Arazzo
 * document, each with its summary, its inputs (required ones marked, with
 * their type, whether they are secrets - masked in reports - and their
 * defaults) and its outputs - what a user needs to write the `run`
 * command line.
 */
#include "cli.h"

#include <string.h>

#include <arazzo/engine.h>
#include <arazzo/openapi.h>

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
    json_object_object_add(o, "workflowId", json_object_get(az_json_get(wf, "workflowId")));
    if (az_json_get(wf, "summary"))
        json_object_object_add(o, "summary", json_object_get(az_json_get(wf, "summary")));
    az_oas_node at = {src, az_json_get(wf, "inputs")}, schema = {src, NULL};
    if (at.node)
        az_oas_ref_follow(set, at, NULL, &schema);
    json_object *props = az_json_get(schema.node, "properties");
    json_object *required = az_json_get(schema.node, "required");
    if (json_object_is_type(props, json_type_object)) {
        json_object_object_foreach(props, name, prop)
        {
            az_oas_node pat = {schema.src, prop}, p = {schema.src, prop};
            az_oas_ref_follow(set, pat, NULL, &p);
            json_object *in = json_object_new_object();
            json_object_object_add(in, "name", json_object_new_string(name));
            if (az_json_get(p.node, "type"))
                json_object_object_add(in, "type", json_object_get(az_json_get(p.node, "type")));
            json_object_object_add(in, "required",
                                   json_object_new_boolean(is_required(required, name)));
            if (az_json_get(p.node, "description"))
                json_object_object_add(in, "description",
                                       json_object_get(az_json_get(p.node, "description")));
            json_object *def = NULL;
            if (json_object_object_get_ex(p.node, "default", &def))
                json_object_object_add(in, "default", json_object_get(def));
            json_object_object_add(in, "secret",
                                   json_object_new_boolean(az_input_is_secret(name, p.node)));
            json_object_array_add(inputs, in);
        }
    }
    json_object_object_add(o, "inputs", inputs);
    json_object *outputs = json_object_new_array();
    json_object *map = az_json_get(wf, "outputs");
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
    put(json_object_get_string(az_json_get(w, "workflowId")));
    if (az_json_get(w, "summary")) {
        fputs(" - ", stdout);
        put(json_object_get_string(az_json_get(w, "summary")));
    }
    fputc('\n', stdout);
    json_object *inputs = az_json_get(w, "inputs"), *outputs = az_json_get(w, "outputs");
    if (json_object_array_length(inputs) > 0) {
        fputs("    inputs:", stdout);
        for (size_t i = 0; i < json_object_array_length(inputs); i++) {
            json_object *in = json_object_array_get_idx(inputs, i);
            fputs(i ? ", " : " ", stdout);
            put(json_object_get_string(az_json_get(in, "name")));
            if (json_object_get_boolean(az_json_get(in, "required")))
                fputc('*', stdout);
            /* "(string, secret)", "(array, default ["open"])" */
            const char *type = json_object_is_type(az_json_get(in, "type"), json_type_string)
                                   ? json_object_get_string(az_json_get(in, "type"))
                                   : NULL;
            json_object *def = NULL;
            bool has_default = json_object_object_get_ex(in, "default", &def);
            bool secret = json_object_get_boolean(az_json_get(in, "secret"));
            if (type || has_default || secret) {
                fputs(" (", stdout);
                put(type ? type : "");
                if (secret)
                    fputs(type ? ", secret" : "secret", stdout);
                if (has_default) {
                    fputs(type || secret ? ", default " : "default ", stdout);
                    put(json_object_to_json_string_ext(def, JSON_C_TO_STRING_PLAIN |
                                                                JSON_C_TO_STRING_NOSLASHESCAPE));
                }
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
        } else if (cli_take_file(cmd, &file, a.value) != EXIT_OK) {
            return EXIT_USAGE;
        }
    }
    if (cli_check_file(cmd, r, file, "no Arazzo document given") != EXIT_OK)
        return EXIT_USAGE;
    az_description *desc = NULL;
    if ((status = cli_load_description(file, &desc)) != EXIT_OK)
        goto out;
    const az_arazzo_doc *entry = az_description_entry(desc);
    json_object *list = cli_entry_workflows(desc);
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
    return status;
}
