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

#include <arazzo/description.h>

/* Returns member `key` of an object, or NULL. */
static json_object *member(json_object *obj, const char *key)
{
    json_object *v = NULL;
    if (json_object_is_type(obj, json_type_object))
        json_object_object_get_ex(obj, key, &v);
    return v;
}

/* Returns the string member `key` of an object, or NULL. */
static const char *member_string(json_object *obj, const char *key)
{
    json_object *v = member(obj, key);
    return json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

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
        if (member_string(p, "reference")) {
            put(member_string(p, "reference"));
        } else {
            put(member_string(p, "name"));
            if (member_string(p, "in")) {
                fputs(" (", stdout);
                put(member_string(p, "in"));
                fputc(')', stdout);
            }
        }
        if (member(p, "value") || json_object_object_get_ex(p, "value", NULL)) {
            fputs(" = ", stdout);
            put_value(member(p, "value"));
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
        put(member_string(c, "condition"));
        json_object *type = member(c, "type");
        if (type) {
            fputs(" [", stdout);
            put_value(json_object_is_type(type, json_type_object) ? member(type, "type") : type);
            if (member_string(c, "context")) {
                fputs(" on ", stdout);
                put(member_string(c, "context"));
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
        if (member_string(a, "reference")) {
            put(member_string(a, "reference"));
            fputc('\n', stdout);
            continue;
        }
        put(member_string(a, "type"));
        fputc(' ', stdout);
        put(member_string(a, "name"));
        const char *target = member_string(a, "stepId") ? member_string(a, "stepId")
                                                        : member_string(a, "workflowId");
        if (target) {
            fputs(" -> ", stdout);
            put(target);
        }
        if (member(a, "retryLimit") || member(a, "retryAfter")) {
            printf(" (limit %s, after %s s)",
                   member(a, "retryLimit") ? json_object_get_string(member(a, "retryLimit")) : "1",
                   member(a, "retryAfter") ? json_object_get_string(member(a, "retryAfter")) : "0");
        }
        fputc('\n', stdout);
        put_criteria("            ", "when", member(a, "criteria"));
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
    const char *id = member_string(step, "operationId");
    az_status st = id ? az_arazzo_doc_find_operation(doc, id, &op, &sd, &error)
                      : az_arazzo_doc_find_operation_path(doc,
                                                          member_string(step, "operationPath")
                                                              ? member_string(step, "operationPath")
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
    put(member_string(wf, "workflowId"));
    if (member_string(wf, "summary")) {
        fputs(" - ", stdout);
        put(member_string(wf, "summary"));
    }
    fputc('\n', stdout);
    json_object *deps = member(wf, "dependsOn");
    for (size_t i = 0;
         json_object_is_type(deps, json_type_array) && i < json_object_array_length(deps); i++) {
        fputs("  depends on ", stdout);
        put_value(json_object_array_get_idx(deps, i));
        fputc('\n', stdout);
    }
    put_params("  ", member(wf, "parameters"));
    put_actions("  ", "every step on success", member(wf, "successActions"));
    put_actions("  ", "every step on failure", member(wf, "failureActions"));
    json_object *steps = member(wf, "steps");
    for (size_t i = 0;
         json_object_is_type(steps, json_type_array) && i < json_object_array_length(steps); i++) {
        json_object *step = json_object_array_get_idx(steps, i);
        printf("  %zu. ", i + 1);
        put(member_string(step, "stepId"));
        fputs(": ", stdout);
        if (member_string(step, "workflowId")) {
            fputs("runs workflow ", stdout);
            put(member_string(step, "workflowId"));
            fputc('\n', stdout);
        } else {
            put_operation(doc, step);
        }
        put_params("       ", member(step, "parameters"));
        json_object *rb = member(step, "requestBody");
        if (rb) {
            fputs("       body", stdout);
            if (member_string(rb, "contentType")) {
                fputs(" (", stdout);
                put(member_string(rb, "contentType"));
                fputc(')', stdout);
            }
            fputs(": ", stdout);
            put_value(member(rb, "payload"));
            fputc('\n', stdout);
        }
        put_criteria("       ", "success when", member(step, "successCriteria"));
        put_actions("       ", "on success", member(step, "onSuccess"));
        put_actions("       ", "on failure", member(step, "onFailure"));
        put_outputs("       ", member(step, "outputs"));
    }
    put_outputs("  ", member(wf, "outputs"));
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
    const az_arazzo_doc *entry = az_description_entry(desc), *owner = NULL;
    if (only) {
        json_object *wf = NULL;
        char *error = NULL;
        if (az_arazzo_doc_find_workflow(entry, only, &wf, &owner, &error) != AZ_OK) {
            fprintf(stderr, "arazzo: %s\n", error);
            free(error);
            status = EXIT_INVALID;
            goto out;
        }
        describe_workflow(owner, wf);
        goto out;
    }
    json_object *list = member(az_source_root(entry->src), "workflows");
    for (size_t w = 0;
         json_object_is_type(list, json_type_array) && w < json_object_array_length(list); w++) {
        if (w)
            fputc('\n', stdout);
        describe_workflow(entry, json_object_array_get_idx(list, w));
    }
out:
    az_description_free(desc);
    az_diags_free(diags);
    return status;
}
