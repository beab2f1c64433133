/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine_step_model.c - what applies to one step at run time: its
 * effective parameters (workflow-level merged with step-level by name and
 * location, EXEC-20, PAR-05) and its effective success or failure actions
 * (step-level first, then workflow-level ones not overridden by name,
 * EXEC-31), Reusable Objects resolved against the components of the
 * document that holds the step (REU-01, REU-02, CMP-05).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine_run_internal.h"

/*
 * Resolves a Reusable Object's `reference` "$components.<kind>.<key>" in
 * the document's components. Returns the component, or NULL with *error.
 */
static json_object *resolve_reusable(json_object *doc_root, const char *kind, const char *ref,
                                     char **error)
{
    char prefix[64];
    snprintf(prefix, sizeof(prefix), "$components.%s.", kind);
    size_t n = strlen(prefix);
    if (strncmp(ref, prefix, n) != 0) {
        az__engine_error(error, "reference '%s' does not name a component of the right kind", ref);
        return NULL;
    }
    json_object *found =
        az_json_get(az_json_get(az_json_get(doc_root, "components"), kind), ref + n);
    if (!json_object_is_type(found, json_type_object))
        az__engine_error(error, "reference '%s' names no component", ref);
    return json_object_is_type(found, json_type_object) ? found : NULL;
}

/* Tells whether two parameters have the same identity (PAR-05). */
static bool same_param(const az__param *a, const az__param *b)
{
    if ((a->in == NULL) != (b->in == NULL) || (a->in && strcmp(a->in, b->in) != 0))
        return false;
    if (a->in && strcmp(a->in, "header") == 0)
        return strcasecmp(a->name, b->name) == 0;
    return strcmp(a->name, b->name) == 0;
}

/* Adds the entries of a `parameters` list, replacing same identities. */
static az_status add_params(json_object *doc_root, json_object *list, az__param *params, size_t *n,
                            char **error)
{
    for (size_t i = 0;
         json_object_is_type(list, json_type_array) && i < json_object_array_length(list); i++) {
        json_object *entry = json_object_array_get_idx(list, i), *value = NULL;
        json_object *param = entry;
        const char *ref = az_json_get_string(entry, "reference");
        if (ref) {
            param = resolve_reusable(doc_root, "parameters", ref, error);
            if (!param)
                return AZ_ERR_INVALID;
        }
        az__param p = {az_json_get_string(param, "name"), az_json_get_string(param, "in"), NULL};
        if (!p.name)
            continue;
        /* REU-02: a Reusable's value replaces the component's. */
        if (ref && json_object_object_get_ex(entry, "value", &value))
            p.value = value;
        else
            p.value = az_json_get(param, "value");
        size_t j = 0;
        while (j < *n && !same_param(&params[j], &p))
            j++;
        params[j] = p;
        if (j == *n)
            (*n)++;
    }
    return AZ_OK;
}

/* Collects the effective parameters of a step; see engine_run_internal.h. */
az_status az__step_params(json_object *doc_root, json_object *workflow, json_object *step,
                          az__param **out, size_t *n_out, char **error)
{
    json_object *wf_list = az_json_get(workflow, "parameters"),
                *step_list = az_json_get(step, "parameters");
    size_t cap =
        (json_object_is_type(wf_list, json_type_array) ? json_object_array_length(wf_list) : 0) +
        (json_object_is_type(step_list, json_type_array) ? json_object_array_length(step_list) : 0);
    *out = NULL;
    *n_out = 0;
    az__param *params = calloc(cap + 1, sizeof(*params));
    if (!params)
        return AZ_ERR_NOMEM;
    size_t n = 0;
    az_status st = add_params(doc_root, wf_list, params, &n, error);
    if (st == AZ_OK)
        st = add_params(doc_root, step_list, params, &n, error);
    if (st != AZ_OK) {
        free(params);
        return st;
    }
    *out = params;
    *n_out = n;
    return AZ_OK;
}

/* Reads one Success or Failure Action Object. */
static az__action read_action(json_object *node)
{
    az__action a = {.node = node, .retry_after = -1, .retry_limit = -1};
    json_object *v;
    a.name = az_json_get_string(node, "name");
    a.type = az_json_get_string(node, "type");
    a.step_id = az_json_get_string(node, "stepId");
    a.workflow_id = az_json_get_string(node, "workflowId");
    a.criteria = az_json_get(node, "criteria");
    if ((v = az_json_get(node, "retryAfter")) != NULL &&
        (json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int)))
        a.retry_after = json_object_get_double(v);
    if ((v = az_json_get(node, "retryLimit")) != NULL && json_object_is_type(v, json_type_int))
        a.retry_limit = json_object_get_int64(v);
    return a;
}

/* Appends the actions of a list, skipping names already present when
 * `skip_known` (workflow-level entries overridden by the step's). */
static az_status add_actions(json_object *doc_root, json_object *list, const char *kind,
                             bool skip_known, az__action *actions, size_t *n, char **error)
{
    for (size_t i = 0;
         json_object_is_type(list, json_type_array) && i < json_object_array_length(list); i++) {
        json_object *entry = json_object_array_get_idx(list, i);
        const char *ref = az_json_get_string(entry, "reference");
        if (ref && !(entry = resolve_reusable(doc_root, kind, ref, error)))
            return AZ_ERR_INVALID;
        az__action a = read_action(entry);
        bool known = false;
        for (size_t j = 0; skip_known && a.name && j < *n; j++)
            known = known || (actions[j].name && strcmp(actions[j].name, a.name) == 0);
        if (!known)
            actions[(*n)++] = a;
    }
    return AZ_OK;
}

/* The effective actions of a step; see engine_run_internal.h. */
az_status az__step_actions(json_object *doc_root, json_object *workflow, json_object *step,
                           bool failure, az__action **out, size_t *n_out, char **error)
{
    const char *kind = failure ? "failureActions" : "successActions";
    json_object *own = az_json_get(step, failure ? "onFailure" : "onSuccess");
    json_object *inherited = az_json_get(workflow, kind);
    size_t cap =
        (json_object_is_type(own, json_type_array) ? json_object_array_length(own) : 0) +
        (json_object_is_type(inherited, json_type_array) ? json_object_array_length(inherited) : 0);
    *out = NULL;
    *n_out = 0;
    az__action *actions = calloc(cap + 1, sizeof(*actions));
    if (!actions)
        return AZ_ERR_NOMEM;
    size_t n = 0;
    az_status st = add_actions(doc_root, own, kind, false, actions, &n, error);
    if (st == AZ_OK)
        st = add_actions(doc_root, inherited, kind, true, actions, &n, error);
    if (st != AZ_OK) {
        free(actions);
        return st;
    }
    *out = actions;
    *n_out = n;
    return AZ_OK;
}
