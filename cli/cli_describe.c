/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_describe.c - `arazzo describe FILE [--workflow ID]`: each workflow
 * with its steps resolved to what they will do - `METHOD URL` of the
 * operation (its first server, variables at their defaults) or the
 * workflow it calls - their parameters, request body, success criteria,
 * actions and outputs, as written. Nothing is sent.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include <arazzo/engine.h>

/* Prints text from the document, control characters neutralized. */
static void put(const char *s)
{
    if (s)
        az_put_sanitized(stdout, s, strlen(s));
}

/* Prints a value as compact JSON (strings without quotes). */
static void put_value(json_object *v)
{
    if (json_object_is_type(v, json_type_string))
        put(json_object_get_string(v));
    else
        put(json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
                                                  JSON_C_TO_STRING_NOSLASHESCAPE));
}

/* Prints a `parameters` list. */
static void put_params(const char *indent, json_object *list)
{
    for (size_t i = 0;
         json_object_is_type(list, json_type_array) && i < json_object_array_length(list); i++) {
        json_object *p = json_object_array_get_idx(list, i);
        printf("%sparameter ", indent);
        if (az_json_get_string(p, "reference")) {
            put(az_json_get_string(p, "reference"));
        } else {
            put(az_json_get_string(p, "name"));
            if (az_json_get_string(p, "in")) {
                fputs(" (", stdout);
                put(az_json_get_string(p, "in"));
                fputc(')', stdout);
            }
        }
        if (az_json_get(p, "value") || json_object_object_get_ex(p, "value", NULL)) {
            fputs(" = ", stdout);
            put_value(az_json_get(p, "value"));
        }
        fputc('\n', stdout);
    }
}

/* Prints a list of criteria. */
static void put_criteria(const char *indent, const char *what, json_object *list)
{
    for (size_t i = 0;
         json_object_is_type(list, json_type_array) && i < json_object_array_length(list); i++) {
        json_object *c = json_object_array_get_idx(list, i);
        printf("%s%s ", indent, what);
        put(az_json_get_string(c, "condition"));
        json_object *type = az_json_get(c, "type");
        if (type) {
            fputs(" [", stdout);
            put_value(json_object_is_type(type, json_type_object) ? az_json_get(type, "type")
                                                                  : type);
            if (az_json_get_string(c, "context")) {
                fputs(" on ", stdout);
                put(az_json_get_string(c, "context"));
            }
            fputc(']', stdout);
        }
        fputc('\n', stdout);
    }
}

/* Prints a list of actions. */
static void put_actions(const char *indent, const char *when, json_object *list)
{
    for (size_t i = 0;
         json_object_is_type(list, json_type_array) && i < json_object_array_length(list); i++) {
        json_object *a = json_object_array_get_idx(list, i);
        printf("%s%s: ", indent, when);
        if (az_json_get_string(a, "reference")) {
            put(az_json_get_string(a, "reference"));
            fputc('\n', stdout);
            continue;
        }
        put(az_json_get_string(a, "type"));
        fputc(' ', stdout);
        put(az_json_get_string(a, "name"));
        const char *target = az_json_get_string(a, "stepId") ? az_json_get_string(a, "stepId")
                                                             : az_json_get_string(a, "workflowId");
        if (target) {
            fputs(" -> ", stdout);
            put(target);
        }
        if (az_json_get(a, "retryLimit") || az_json_get(a, "retryAfter")) {
            printf(
                " (limit %s, after %s s)",
                az_json_get(a, "retryLimit") ? json_object_get_string(az_json_get(a, "retryLimit"))
                                             : "1",
                az_json_get(a, "retryAfter") ? json_object_get_string(az_json_get(a, "retryAfter"))
                                             : "0");
        }
        fputc('\n', stdout);
        put_criteria("            ", "when", az_json_get(a, "criteria"));
    }
}

/* Prints an `outputs` map. */
static void put_outputs(const char *indent, json_object *map)
{
    if (!json_object_is_type(map, json_type_object))
        return;
    json_object_object_foreach(map, name, value)
    {
        printf("%soutput ", indent);
        put(name);
        fputs(" = ", stdout);
        put_value(value);
        fputc('\n', stdout);
    }
}

/* Prints the target of an operation step: METHOD URL, or why not. */
static void put_operation(const az_arazzo_doc *doc, json_object *step)
{
    const az_oas_operation *op = NULL;
    const az_source_desc *sd = NULL;
    char *error = NULL, *server = NULL, *why = NULL;
    const char *id = az_json_get_string(step, "operationId");
    az_status st =
        id ? az_arazzo_doc_find_operation(doc, id, &op, &sd, &error)
           : az_arazzo_doc_find_operation_path(doc,
                                               az_json_get_string(step, "operationPath")
                                                   ? az_json_get_string(step, "operationPath")
                                                   : "",
                                               &op, &sd, &error);
    if (st != AZ_OK) {
        fputs("(unresolved: ", stdout);
        put(error);
        fputs(")\n", stdout);
        free(error);
        return;
    }
    for (const char *m = op->method; *m; m++)
        fputc(*m >= 'a' && *m <= 'z' ? *m - 32 : *m, stdout);
    fputc(' ', stdout);
    if (op->n_servers > 0 && az_oas_server_expand(&op->servers[0], NULL, &server, &why) == AZ_OK)
        put(server);
    put(op->path);
    fputs("  (", stdout);
    put(sd->name);
    fputc('.', stdout);
    put(op->operation_id ? op->operation_id : op->pointer);
    fputs(")\n", stdout);
    free(server);
    free(why);
}

/* Prints one workflow. */
static void describe_workflow(const az_arazzo_doc *doc, json_object *wf)
{
    fputs("workflow ", stdout);
    put(az_json_get_string(wf, "workflowId"));
    if (az_json_get_string(wf, "summary")) {
        fputs(" - ", stdout);
        put(az_json_get_string(wf, "summary"));
    }
    fputc('\n', stdout);
    json_object *deps = az_json_get(wf, "dependsOn");
    for (size_t i = 0;
         json_object_is_type(deps, json_type_array) && i < json_object_array_length(deps); i++) {
        fputs("  depends on ", stdout);
        put_value(json_object_array_get_idx(deps, i));
        fputc('\n', stdout);
    }
    put_params("  ", az_json_get(wf, "parameters"));
    put_actions("  ", "every step on success", az_json_get(wf, "successActions"));
    put_actions("  ", "every step on failure", az_json_get(wf, "failureActions"));
    json_object *steps = az_json_get(wf, "steps");
    for (size_t i = 0;
         json_object_is_type(steps, json_type_array) && i < json_object_array_length(steps); i++) {
        json_object *step = json_object_array_get_idx(steps, i);
        printf("  %zu. ", i + 1);
        put(az_json_get_string(step, "stepId"));
        fputs(": ", stdout);
        if (az_json_get_string(step, "workflowId")) {
            fputs("runs workflow ", stdout);
            put(az_json_get_string(step, "workflowId"));
            fputc('\n', stdout);
        } else {
            put_operation(doc, step);
        }
        put_params("       ", az_json_get(step, "parameters"));
        json_object *rb = az_json_get(step, "requestBody");
        if (rb) {
            fputs("       body", stdout);
            if (az_json_get_string(rb, "contentType")) {
                fputs(" (", stdout);
                put(az_json_get_string(rb, "contentType"));
                fputc(')', stdout);
            }
            fputs(": ", stdout);
            put_value(az_json_get(rb, "payload"));
            fputc('\n', stdout);
        }
        put_criteria("       ", "success when", az_json_get(step, "successCriteria"));
        put_actions("       ", "on success", az_json_get(step, "onSuccess"));
        put_actions("       ", "on failure", az_json_get(step, "onFailure"));
        put_outputs("       ", az_json_get(step, "outputs"));
    }
    put_outputs("  ", az_json_get(wf, "outputs"));
}

/* `arazzo describe`. */
int cli_cmd_describe(const cli_command *cmd, int argc, char **argv)
{
    int i = 0, r, status = EXIT_OK;
    bool rest = false;
    const char *file = NULL, *only = NULL;
    cli_arg a;
    while ((r = cli_next_arg(cmd, argc, argv, &i, &rest, &a)) > 0) {
        if (cli_is(&a, "help")) {
            cli_print_help(stdout, cmd);
            return EXIT_OK;
        } else if (cli_is(&a, "workflow")) {
            only = a.value;
        } else if (cli_take_file(cmd, &file, a.value) != EXIT_OK) {
            return EXIT_USAGE;
        }
    }
    if (cli_check_file(cmd, r, file, "no Arazzo document given") != EXIT_OK)
        return EXIT_USAGE;
    az_description *desc = NULL;
    json_object **wfs = NULL;
    size_t n_wfs = 0;
    if ((status = cli_load_description(file, &desc)) != EXIT_OK)
        goto out;
    const az_arazzo_doc *owner = NULL;
    if ((status = cli_pick_workflows(desc, only, &wfs, &n_wfs, &owner)) != EXIT_OK)
        goto out;
    for (size_t w = 0; w < n_wfs; w++) {
        if (w)
            fputc('\n', stdout);
        describe_workflow(owner, wfs[w]);
    }
out:
    free(wfs);
    az_description_free(desc);
    return status;
}
