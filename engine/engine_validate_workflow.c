/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine_validate_workflow.c - validation of the Workflow Objects of an
 * Arazzo document and of what they hold (checklist 2.4 .. 2.10, 2.13,
 * 2.14, 2.15): workflow ids and their uniqueness (WF-01..08), inputs
 * schemas (WF-04), dependsOn (WF-05), steps and their targets (STEP-01..11:
 * operationId / operationPath / workflowId resolved with "did you mean"
 * hints, the parameters checked against the target operation), parameters
 * (PAR-01..05), success and failure actions with the steps they go to
 * (SA-01..04, FA-01..04, XREF-01, resolved per applying workflow for
 * workflow-level and component actions), components (CMP-01..05),
 * Reusable Objects (REU-01..07), request bodies (RB-01..05) and payload
 * replacements (PR-01, PR-02), outputs (WF-06, STEP-10).
 */
#include "engine_validate_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <arazzo/openapi.h>

/* The prefix of qualified references. */
#define SOURCES_PREFIX "$sourceDescriptions."

/* A parameter's identity (PAR-05), with where it is written. */
typedef struct param_id {
    const char *name;
    const char *in; /* NULL when not given */
    char *pointer;  /* of the list entry */
    bool inline_param;
} param_id;

/* A list of parameter identities. */
typedef struct param_list {
    param_id *items;
    size_t n, cap;
} param_list;

/* Releases a list of identities. */
static void param_list_free(param_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i].pointer);
    free(l->items);
    memset(l, 0, sizeof(*l));
}

/* Tells whether two identities are the same (header names without case). */
static bool same_param(const char *n1, const char *in1, const char *n2, const char *in2)
{
    if ((in1 == NULL) != (in2 == NULL) || (in1 && strcmp(in1, in2) != 0))
        return false;
    return in1 && strcmp(in1, "header") == 0 ? strcasecmp(n1, n2) == 0 : strcmp(n1, n2) == 0;
}

/* Returns the current pointer as a new string. */
static char *pointer_copy(az__vctx *c)
{
    char *p = strdup(c->path.data ? c->path.data : "");
    if (!p)
        c->nomem = true;
    return p;
}

/* The stepIds of the current workflow (borrowed strings; the caller frees the array). */
static const char **step_ids(az__vctx *c, size_t *n)
{
    *n = 0;
    if (!json_object_is_type(c->steps, json_type_array))
        return NULL;
    size_t len = json_object_array_length(c->steps);
    const char **ids = calloc(len ? len : 1, sizeof(*ids));
    if (!ids) {
        c->nomem = true;
        return NULL;
    }
    for (size_t i = 0; i < len; i++)
        ids[(*n)++] = az_json_get_string(json_object_array_get_idx(c->steps, i), "stepId");
    return ids;
}

/* Finds a step of the current workflow; see engine_validate_internal.h. */
long az__step_find(az__vctx *c, const char *step_id, json_object **step)
{
    if (step)
        *step = NULL;
    size_t len =
        json_object_is_type(c->steps, json_type_array) ? json_object_array_length(c->steps) : 0;
    for (size_t i = 0; i < len; i++) {
        json_object *s = json_object_array_get_idx(c->steps, i);
        const char *id = az_json_get_string(s, "stepId");
        if (id && strcmp(id, step_id) == 0) {
            if (step)
                *step = s;
            return (long)i;
        }
    }
    return -1;
}

/* Reports a stepId of the current workflow that does not exist (at the
 * current node), with a suggestion. */
static void unknown_step(az__vctx *c, const char *step_id, const char *what)
{
    size_t n = 0;
    const char **ids = step_ids(c, &n);
    const char *near = ids ? az__suggest(step_id, ids, n) : NULL;
    const char *wid = az_json_get_string(c->wf, "workflowId");
    if (near)
        az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-unknown-step", false,
                  "%s: no step '%s' in workflow '%s'; did you mean '%s'?", what, step_id,
                  wid ? wid : "", near);
    else
        az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-unknown-step", false,
                  "%s: no step '%s' in workflow '%s'", what, step_id, wid ? wid : "");
    free(ids);
}

/* Compiles a `$...` reference value (operationId, workflowId, dependsOn,
 * Reusable reference) for its syntax; false when it does not compile. */
static bool reference_syntax_ok(az__vctx *c, const char *text)
{
    if (text[0] != '$')
        return true;
    az_diags *scratch = az_diags_new();
    az_expr *e = NULL;
    if (!scratch) {
        c->nomem = true;
        return false;
    }
    az_status st = az_expr_compile(text, NULL, scratch, &e);
    az__vmap_diags(c, scratch, text);
    az_diags_free(scratch);
    az_expr_free(e);
    return st == AZ_OK;
}

/* Tells whether a reference's qualifying source did not load. */
static bool qualifier_unusable(az__vctx *c, const char *ref)
{
    size_t plen = strlen(SOURCES_PREFIX);
    if (strncmp(ref, SOURCES_PREFIX, plen) != 0)
        return false;
    const char *dot = strchr(ref + plen, '.');
    if (!dot)
        return false;
    char *name = strndup(ref + plen, (size_t)(dot - ref - plen));
    bool unusable = name && az__source_unusable(c->doc, name);
    free(name);
    return unusable;
}

/*
 * Resolves a workflowId value at the current node (STEP-06, SA-03,
 * WF-05, XREF-02). Returns the Workflow Object or NULL.
 */
static json_object *resolve_workflow(az__vctx *c, const char *id)
{
    if (!reference_syntax_ok(c, id) || qualifier_unusable(c, id))
        return NULL;
    json_object *wf = NULL;
    const az_arazzo_doc *owner = NULL;
    char *error = NULL;
    az_status st = az_arazzo_doc_find_workflow(c->doc, id, &wf, &owner, &error);
    if (st == AZ_ERR_NOMEM)
        c->nomem = true;
    else if (st == AZ_ERR_NOT_FOUND)
        az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-unknown-workflow", false, "%s",
                  error ? error : "no such workflow");
    else if (st != AZ_OK)
        az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-invalid-workflow-reference", false, "%s",
                  error ? error : "invalid workflowId");
    free(error);
    return st == AZ_OK ? wf : NULL;
}

/* Looks a component up: `$components.<kind>.<key>` (REU-01, WF-08,
 * STEP-09, XREF-03). Reports at the current node (the `reference` value)
 * and returns the component, or NULL. */
static json_object *resolve_component(az__vctx *c, const char *ref, const char *kind)
{
    if (!reference_syntax_ok(c, ref))
        return NULL;
    char prefix[64];
    snprintf(prefix, sizeof prefix, "$components.%s.", kind);
    if (strncmp(ref, prefix, strlen(prefix)) != 0) {
        az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-wrong-component-kind", false,
                  "'%s' must reference a component of $components.%s here", ref, kind);
        return NULL;
    }
    const char *key = ref + strlen(prefix);
    json_object *map = az__member(az__member(c->root, "components", NULL), kind, NULL);
    json_object *comp = az__member(map, key, NULL);
    if (!comp)
        az__vunknown_component(c, map, kind, key);
    return comp;
}

/* ------------------------------------------------------------------------ */
/* Outputs (WF-06, STEP-10)                                                  */
/* ------------------------------------------------------------------------ */

/* Checks an outputs map at the current pointer. */
static void check_outputs(az__vctx *c, json_object *outputs, az__expr_role role)
{
    if (!json_object_is_type(outputs, json_type_object))
        return; /* the field table reported it */
    az__expr_role saved = c->role;
    c->role = role;
    json_object_object_foreach(outputs, key, val)
    {
        size_t m = az__vpush(c, key);
        if (!az__name_ok(key, true))
            az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-invalid-name", true,
                      "output name '%s' must match ^[a-zA-Z0-9.\\-_]+$", key);
        if (!json_object_is_type(val, json_type_string))
            az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-wrong-type", false,
                      "output '%s' must be a runtime expression (a string), found %s", key,
                      az__type_name(val));
        else
            az__vexpr_field(c, val, true);
        az__vpop(c, m);
    }
    c->role = saved;
}

/* ------------------------------------------------------------------------ */
/* Parameters (PAR-01..05, STEP-07, CMP-03, REU-*)                           */
/* ------------------------------------------------------------------------ */

/* Checks a Reusable Object's own fields (REU-03/04/07) and its value. */
static json_object *check_reusable(az__vctx *c, json_object *obj, const char *kind)
{
    if (!az__vcheck_object(c, obj, &az__k_reusable))
        return NULL;
    json_object *comp = NULL;
    const char *ref = az_json_get_string(obj, "reference");
    if (ref) {
        size_t m = az__vpush(c, "reference");
        comp = resolve_component(c, ref, kind);
        az__vpop(c, m);
    }
    bool has_value = false;
    json_object *value = az__member(obj, "value", &has_value);
    if (has_value) {
        size_t m = az__vpush(c, "value");
        if (strcmp(kind, "parameters") != 0)
            az__vdiag(c, AZ_SEVERITY_WARNING, "arazzo-reusable-value-ignored", true,
                      "'value' is ignored on a reference to an action (REU-05)");
        else
            az__vexpr_any(c, value);
        az__vpop(c, m);
    }
    return comp;
}

/* Checks an inline Parameter Object's fields and value (PAR-01, PAR-02). */
static void check_parameter_fields(az__vctx *c, json_object *p)
{
    if (!az__vcheck_object(c, p, &az__k_parameter))
        return;
    const char *in = az_json_get_string(p, "in");
    if (in && strcmp(in, "path") != 0 && strcmp(in, "query") != 0 && strcmp(in, "header") != 0 &&
        strcmp(in, "cookie") != 0) {
        size_t m = az__vpush(c, "in");
        if (strcmp(in, "body") == 0)
            az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-invalid-value", false,
                      "'in: body' was removed in Arazzo 1.0.1: use the step's requestBody");
        else
            az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-invalid-value", false,
                      "parameter location '%s' must be path, query, header or cookie", in);
        az__vpop(c, m);
    }
    bool has_value = false;
    json_object *value = az__member(p, "value", &has_value);
    if (has_value) {
        size_t m = az__vpush(c, "value");
        az__vexpr_any(c, value);
        az__vpop(c, m);
    }
}

/*
 * Checks a `parameters` list at the current pointer. `operation_step`:
 * the list applies to an operation step (STEP-07: `in` required). Adds
 * every identity to `ids` (may be NULL). Duplicates are errors (PAR-05).
 */
static void check_parameters(az__vctx *c, json_object *list, bool operation_step, param_list *ids)
{
    if (!json_object_is_type(list, json_type_array))
        return;
    param_list local = {0};
    az__expr_role saved = c->role;
    c->role = c->wf ? AZ__ROLE_REQUEST : AZ__ROLE_COMPONENT;
    for (size_t i = 0; i < json_object_array_length(list); i++) {
        json_object *p = json_object_array_get_idx(list, i);
        size_t m = az__vpush_index(c, i);
        json_object *def = p;
        bool is_ref = false;
        az__member(p, "reference", &is_ref); /* REU-07 */
        if (is_ref) {
            def = check_reusable(c, p, "parameters");
            if (def && operation_step && !az_json_get_string(def, "in")) {
                size_t mr = az__vpush(c, "reference");
                az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-parameter-in-required", false,
                          "component parameter '%s' has no 'in', so it cannot be used by an "
                          "operation step (CMP-03)",
                          az_json_get_string(p, "reference"));
                az__vpop(c, mr);
            }
        } else {
            check_parameter_fields(c, p);
            if (operation_step && json_object_is_type(p, json_type_object) &&
                !az__member(p, "in", NULL) && az_json_get_string(p, "name")) {
                const char *sid = c->step ? az_json_get_string(c->step, "stepId") : NULL;
                if (sid || !c->step)
                    az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-parameter-in-required", false,
                              c->step ? "parameter '%s' of operation step '%s' must have 'in' "
                                        "(STEP-07)"
                                      : "workflow parameter '%s' must have 'in': it applies to "
                                        "the workflow's operation steps (PAR-03)%s",
                              az_json_get_string(p, "name"), c->step ? sid : "");
            }
        }
        const char *name = def ? az_json_get_string(def, "name") : NULL;
        const char *in = def ? az_json_get_string(def, "in") : NULL;
        if (name) {
            for (size_t j = 0; j < local.n; j++) {
                if (!same_param(local.items[j].name, local.items[j].in, name, in))
                    continue;
                az_diag *d = az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-duplicate-parameter", false,
                                       "duplicate parameter '%s'%s%s (PAR-05)", name,
                                       in ? " in " : "", in ? in : "");
                az__vrelated(c, d, local.items[j].pointer, false, "first defined here");
                break;
            }
            param_list *targets[2] = {&local, ids};
            for (size_t t = 0; t < 2; t++) {
                param_list *l = targets[t];
                if (!l)
                    continue;
                if (l->n == l->cap) {
                    size_t cap = l->cap ? 2 * l->cap : 8;
                    param_id *g = realloc(l->items, cap * sizeof(*g));
                    if (!g) {
                        c->nomem = true;
                        continue;
                    }
                    l->items = g;
                    l->cap = cap;
                }
                l->items[l->n++] = (param_id){name, in, pointer_copy(c), !is_ref};
            }
        }
        az__vpop(c, m);
    }
    c->role = saved;
    param_list_free(&local);
}

/* ------------------------------------------------------------------------ */
/* STEP-11: the parameters against the target operation                      */
/* ------------------------------------------------------------------------ */

/* Tells whether the operation's security supplies a parameter (an apiKey
 * scheme), or the name is one OpenAPI handles itself. */
static bool param_exempt(const az_oas_operation *op, const char *name, const char *in)
{
    if (strcmp(in, "header") == 0 &&
        (strcasecmp(name, "Authorization") == 0 || strcasecmp(name, "Accept") == 0 ||
         strcasecmp(name, "Content-Type") == 0))
        return true;
    if (!json_object_is_type(op->security, json_type_array))
        return false;
    json_object *root = az_source_root(op->src);
    json_object *schemes =
        az__member(az__member(root, "components", NULL), "securitySchemes", NULL);
    if (!schemes)
        schemes = az__member(root, "securityDefinitions", NULL); /* Swagger 2.0 */
    for (size_t i = 0; i < json_object_array_length(op->security); i++) {
        json_object *req = json_object_array_get_idx(op->security, i);
        if (!json_object_is_type(req, json_type_object))
            continue;
        json_object_object_foreach(req, scheme, scopes)
        {
            (void)scopes;
            json_object *s = az__member(schemes, scheme, NULL);
            const char *type = az_json_get_string(s, "type");
            const char *sname = az_json_get_string(s, "name");
            const char *sin = az_json_get_string(s, "in");
            if (type && strcmp(type, "apiKey") == 0 && sname && sin && strcmp(sin, in) == 0 &&
                (strcmp(in, "header") == 0 ? strcasecmp(sname, name) == 0
                                           : strcmp(sname, name) == 0))
                return true;
        }
    }
    return false;
}

/* Warns about step parameters the operation does not declare (STEP-11, a
 * lint). Moves the current pointer; the caller restores it. */
static void lint_parameters(az__vctx *c, const az_oas_operation *op, const param_list *step_params)
{
    for (size_t i = 0; i < step_params->n; i++) {
        const param_id *p = &step_params->items[i];
        if (!p->inline_param || !p->in || !p->pointer ||
            (strcmp(p->in, "path") != 0 && strcmp(p->in, "query") != 0 &&
             strcmp(p->in, "header") != 0 && strcmp(p->in, "cookie") != 0))
            continue;
        bool found = param_exempt(op, p->name, p->in);
        for (size_t k = 0; k < op->n_params && !found; k++)
            found = same_param(op->params[k].name, az_oas_param_in_name(op->params[k].in), p->name,
                               p->in);
        if (found)
            continue;
        const char *names[128];
        size_t n = 0;
        for (size_t k = 0; k < op->n_params && n < 128; k++)
            if (strcmp(az_oas_param_in_name(op->params[k].in), p->in) == 0)
                names[n++] = op->params[k].name;
        const char *near = az__suggest(p->name, names, n);
        az__vpop(c, 0);
        az_buf_puts(&c->path, p->pointer);
        az__vpush(c, "name");
        if (near)
            az__vdiag(c, AZ_SEVERITY_WARNING, "arazzo-parameter-not-in-operation", false,
                      "operation '%s' (%s %s) declares no %s parameter '%s'; did you mean '%s'?",
                      op->operation_id ? op->operation_id : op->pointer, op->method, op->path,
                      p->in, p->name, near);
        else
            az__vdiag(c, AZ_SEVERITY_WARNING, "arazzo-parameter-not-in-operation", false,
                      "operation '%s' (%s %s) declares no %s parameter '%s'",
                      op->operation_id ? op->operation_id : op->pointer, op->method, op->path,
                      p->in, p->name);
    }
}

/* Warns about required path parameters no parameter supplies (STEP-11). */
static void lint_path_parameters(az__vctx *c, const az_oas_operation *op,
                                 const param_list *wf_params, const param_list *step_params)
{
    for (size_t k = 0; k < op->n_params; k++) {
        const az_oas_op_param *q = &op->params[k];
        if (q->in != AZ_OAS_IN_PATH)
            continue;
        bool found = false;
        const param_list *lists[2] = {wf_params, step_params};
        for (size_t l = 0; l < 2 && !found; l++)
            for (size_t i = 0; lists[l] && i < lists[l]->n && !found; i++)
                found = same_param(lists[l]->items[i].name, lists[l]->items[i].in, q->name, "path");
        if (!found)
            az__vdiag(c, AZ_SEVERITY_WARNING, "arazzo-path-parameter-missing", false,
                      "operation '%s' (%s %s) needs path parameter '%s', which no parameter "
                      "supplies",
                      op->operation_id ? op->operation_id : op->pointer, op->method, op->path,
                      q->name);
    }
}

/* ------------------------------------------------------------------------ */
/* Actions (SA-*, FA-*, WF-07, WF-08, STEP-09, XREF-01)                      */
/* ------------------------------------------------------------------------ */

/* Checks where a goto/retry action goes, against the current workflow
 * (SA-03, FA-04); at the current node = the action object. */
static void check_action_target(az__vctx *c, json_object *action, bool check_step)
{
    const char *sid = az_json_get_string(action, "stepId");
    const char *wid = az_json_get_string(action, "workflowId");
    if (sid && check_step && c->wf && az__step_find(c, sid, NULL) < 0) {
        size_t m = az__vpush(c, "stepId");
        const char *name = az_json_get_string(action, "name");
        char what[160];
        snprintf(what, sizeof what, "action '%s'", name ? name : "");
        unknown_step(c, sid, what);
        az__vpop(c, m);
    }
    if (wid) {
        size_t m = az__vpush(c, "workflowId");
        resolve_workflow(c, wid);
        az__vpop(c, m);
    }
}

/* Checks an inline action's own fields (SA-01/02/04, FA-01..03) and its criteria. */
static void check_action_fields(az__vctx *c, json_object *a, bool success)
{
    if (!az__vcheck_object(c, a, success ? &az__k_success_action : &az__k_failure_action))
        return;
    const char *type = az_json_get_string(a, "type");
    bool has_step = az__member(a, "stepId", NULL) != NULL;
    bool has_wf = az__member(a, "workflowId", NULL) != NULL;
    if (type) {
        bool ok = strcmp(type, "end") == 0 || strcmp(type, "goto") == 0 ||
                  (!success && strcmp(type, "retry") == 0);
        size_t m = az__vpush(c, "type");
        if (!ok)
            az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-invalid-value", false,
                      "%s action type '%s' must be %s", success ? "success" : "failure", type,
                      success ? "end or goto" : "end, goto or retry");
        else if (strcmp(type, "goto") == 0 && has_step == has_wf)
            az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-action-target", false,
                      has_step ? "a goto action must have either 'stepId' or 'workflowId', not both"
                               : "a goto action needs 'stepId' or 'workflowId'");
        else if (strcmp(type, "retry") == 0 && has_step && has_wf)
            az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-action-target", false,
                      "a retry action may have 'stepId' or 'workflowId', not both");
        az__vpop(c, m);
        if (strcmp(type, "end") == 0 && (has_step || has_wf)) {
            size_t mf = az__vpush(c, has_step ? "stepId" : "workflowId");
            az__vdiag(c, AZ_SEVERITY_WARNING, "arazzo-action-field-ignored", true,
                      "'%s' is ignored on an end action (SA-04)",
                      has_step ? "stepId" : "workflowId");
            az__vpop(c, mf);
        }
        const char *retry_fields[] = {"retryAfter", "retryLimit"};
        for (size_t i = 0; !success && i < 2; i++) {
            bool present = false;
            json_object *v = az__member(a, retry_fields[i], &present);
            if (!present)
                continue;
            size_t mf = az__vpush(c, retry_fields[i]);
            if (strcmp(type, "retry") != 0)
                az__vdiag(c, AZ_SEVERITY_WARNING, "arazzo-action-field-ignored", true,
                          "'%s' is ignored unless the action's type is retry (FA-03)",
                          retry_fields[i]);
            else if ((json_object_is_type(v, json_type_int) ||
                      json_object_is_type(v, json_type_double)) &&
                     json_object_get_double(v) < 0)
                az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-invalid-value", false,
                          "'%s' must not be negative (FA-03)", retry_fields[i]);
            az__vpop(c, mf);
        }
    }
    json_object *criteria = az__member(a, "criteria", NULL);
    if (json_object_is_type(criteria, json_type_array)) {
        size_t m = az__vpush(c, "criteria");
        az__validate_criteria(c, criteria, success); /* SCH-03: minItems 1 for success */
        az__vpop(c, m);
    }
}

/*
 * Checks an action list (workflow successActions/failureActions, step
 * onSuccess/onFailure) at the current pointer: inline actions, Reusable
 * references to the right component kind, duplicates, and each target
 * against the current workflow (component actions included).
 */
static void check_actions(az__vctx *c, json_object *list, bool success)
{
    if (!json_object_is_type(list, json_type_array))
        return;
    const char *kind = success ? "successActions" : "failureActions";
    size_t n = json_object_array_length(list);
    char **pointers = calloc(n ? n : 1, sizeof(*pointers));
    const char **names = calloc(n ? n : 1, sizeof(*names));
    const char **refs = calloc(n ? n : 1, sizeof(*refs));
    if (!pointers || !names || !refs) {
        c->nomem = true;
        goto out;
    }
    az__expr_role saved = c->role;
    c->role = AZ__ROLE_STEP_OUTPUT;
    for (size_t i = 0; i < n; i++) {
        json_object *a = json_object_array_get_idx(list, i);
        size_t m = az__vpush_index(c, i);
        pointers[i] = pointer_copy(c);
        json_object *def = a;
        bool is_ref = false;
        az__member(a, "reference", &is_ref); /* REU-07 */
        if (is_ref) {
            def = check_reusable(c, a, kind);
            refs[i] = az_json_get_string(a, "reference");
            if (def && c->wf) {
                /* SA-03: a component's goto/retry target is resolved in the
                 * workflow that applies it. */
                const char *sid = az_json_get_string(def, "stepId");
                if (sid && az__step_find(c, sid, NULL) < 0) {
                    size_t mr = az__vpush(c, "reference");
                    char what[200];
                    snprintf(what, sizeof what, "action '%s' (%s)",
                             az_json_get_string(def, "name") ? az_json_get_string(def, "name") : "",
                             refs[i]);
                    unknown_step(c, sid, what);
                    az__vpop(c, mr);
                }
            }
        } else {
            check_action_fields(c, a, success);
            check_action_target(c, a, true);
        }
        names[i] = def ? az_json_get_string(def, "name") : NULL;
        /* WF-07: no duplicate names, references or identical entries. */
        for (size_t j = 0; j < i; j++) {
            const char *why = NULL;
            if (refs[i] && refs[j] && strcmp(refs[i], refs[j]) == 0)
                why = "reference";
            else if (names[i] && names[j] && strcmp(names[i], names[j]) == 0)
                why = "name";
            else if (az_json_equal(a, json_object_array_get_idx(list, j)))
                why = "entry";
            if (!why)
                continue;
            az_diag *d = az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-duplicate-action", false,
                                   "duplicate action %s '%s' in this list (WF-07)", why,
                                   strcmp(why, "reference") == 0 ? refs[i]
                                   : names[i]                    ? names[i]
                                                                 : "");
            az__vrelated(c, d, pointers[j], false, "first defined here");
            break;
        }
        az__vpop(c, m);
    }
    c->role = saved;
out:
    for (size_t i = 0; pointers && i < n; i++)
        free(pointers[i]);
    free(pointers);
    free(names);
    free(refs);
}

/* ------------------------------------------------------------------------ */
/* Request bodies (RB-*, PR-*)                                               */
/* ------------------------------------------------------------------------ */

/* Tells whether a string is a media type: type "/" subtype [; params]. */
static bool media_type_ok(const char *s)
{
    static const char tchar[] = "!#$%&'*+-.^_`|~";
    size_t n = 0;
    while (s[n] && (isalnum((unsigned char)s[n]) || strchr(tchar, s[n])))
        n++;
    if (n == 0 || s[n] != '/')
        return false;
    s += n + 1;
    n = 0;
    while (s[n] && (isalnum((unsigned char)s[n]) || strchr(tchar, s[n])))
        n++;
    if (n == 0)
        return false;
    s += n;
    while (*s == ' ' || *s == '\t')
        s++;
    return *s == '\0' || *s == ';';
}

/* Tells whether a JSON Pointer is well-formed (RFC 6901). */
static bool pointer_ok(const char *p)
{
    if (*p && *p != '/')
        return false;
    for (; *p; p++)
        if (*p == '~' && p[1] != '0' && p[1] != '1')
            return false;
    return true;
}

/* Checks a step's requestBody at the current pointer. */
static void check_request_body(az__vctx *c, json_object *rb, const az_oas_operation *op,
                               bool workflow_step)
{
    if (workflow_step) {
        az__vdiag(c, AZ_SEVERITY_WARNING, "arazzo-request-body-ignored", true,
                  "a requestBody has no meaning on a step that runs a workflow (STEP-08)");
    }
    if (!az__vcheck_object(c, rb, &az__k_request_body))
        return;
    const char *ct = az_json_get_string(rb, "contentType");
    if (ct && !media_type_ok(ct)) {
        size_t m = az__vpush(c, "contentType");
        az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-invalid-media-type", false,
                  "contentType '%s' is not a media type (type/subtype)", ct);
        az__vpop(c, m);
    }
    if (op && (strcmp(op->method, "get") == 0 || strcmp(op->method, "head") == 0 ||
               strcmp(op->method, "delete") == 0))
        az__vdiag(c, AZ_SEVERITY_WARNING, "arazzo-request-body-method", true,
                  "a request body on a %s operation has no defined semantics (RB-05)", op->method);
    az__expr_role saved = c->role;
    c->role = AZ__ROLE_REQUEST;
    bool has_payload = false;
    json_object *payload = az__member(rb, "payload", &has_payload);
    if (has_payload) {
        size_t m = az__vpush(c, "payload");
        az__vexpr_any(c, payload);
        az__vpop(c, m);
    }
    json_object *reps = az__member(rb, "replacements", NULL);
    if (json_object_is_type(reps, json_type_array)) {
        size_t m = az__vpush(c, "replacements");
        for (size_t i = 0; i < json_object_array_length(reps); i++) {
            json_object *r = json_object_array_get_idx(reps, i);
            size_t mi = az__vpush_index(c, i);
            if (az__vcheck_object(c, r, &az__k_replacement)) {
                const char *target = az_json_get_string(r, "target");
                if (target && (*target == '/' || *target == '\0') && !pointer_ok(target)) {
                    size_t mt = az__vpush(c, "target");
                    az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-invalid-pointer", false,
                              "replacement target '%s' is not a valid JSON Pointer (PR-02)",
                              target);
                    az__vpop(c, mt);
                }
                bool has_value = false;
                json_object *v = az__member(r, "value", &has_value);
                if (has_value) {
                    size_t mv = az__vpush(c, "value");
                    az__vexpr_any(c, v);
                    az__vpop(c, mv);
                }
            }
            az__vpop(c, mi);
        }
        az__vpop(c, m);
    }
    c->role = saved;
}

/* ------------------------------------------------------------------------ */
/* Steps                                                                     */
/* ------------------------------------------------------------------------ */

/* Resolves an operation step's target (STEP-03, STEP-04, STEP-05). */
static const az_oas_operation *resolve_operation(az__vctx *c, json_object *step, const char **field)
{
    const char *oid = az_json_get_string(step, "operationId");
    const char *opath = az_json_get_string(step, "operationPath");
    const az_oas_operation *op = NULL;
    const az_source_desc *source = NULL;
    char *error = NULL;
    az_status st = AZ_OK;
    size_t m = c->path.len;
    if (oid) {
        *field = "operationId";
        az__vpush(c, "operationId");
        if (!reference_syntax_ok(c, oid) || qualifier_unusable(c, oid) ||
            (strncmp(oid, SOURCES_PREFIX, strlen(SOURCES_PREFIX)) != 0 &&
             az__some_source_unusable(c->doc)))
            goto out;
        st = az_arazzo_doc_find_operation(c->doc, oid, &op, &source, &error);
    } else if (opath) {
        *field = "operationPath";
        az__vpush(c, "operationPath");
        az_diags *scratch = az_diags_new();
        az_template *t = NULL;
        az_status ts = scratch ? az_template_compile(opath, NULL, scratch, &t) : AZ_ERR_NOMEM;
        if (scratch)
            az__vmap_diags(c, scratch, opath);
        az_diags_free(scratch);
        for (size_t i = 0; t && i < az_template_expr_count(t); i++) {
            const az_expr *e = az_template_expr(t, i);
            if (az_expr_get_source(e) == AZ_EXPR_SOURCE_DESCRIPTION && az_expr_get_scope(e) &&
                az__source_unusable(c->doc, az_expr_get_scope(e))) {
                ts = AZ_ERR_INVALID;
                break;
            }
        }
        az_template_free(t);
        if (ts != AZ_OK)
            goto out;
        st = az_arazzo_doc_find_operation_path(c->doc, opath, &op, &source, &error);
    } else {
        return NULL;
    }
    if (st == AZ_ERR_NOMEM)
        c->nomem = true;
    else if (st == AZ_ERR_NOT_FOUND)
        az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-unknown-operation", false, "%s",
                  error ? error : "no such operation");
    else if (st != AZ_OK)
        az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-invalid-operation-reference", false, "%s",
                  error ? error : "invalid operation reference");
    else if (opath && op->operation_id)
        az__vdiag(c, AZ_SEVERITY_WARNING, "arazzo-prefer-operation-id", false,
                  "the operation has operationId '%s', which should be preferred to "
                  "operationPath (STEP-05)",
                  op->operation_id);
    if (st == AZ_OK)
        az__vuse_operation(c, source, op);
out:
    free(error);
    az__vpop(c, m);
    return st == AZ_OK ? op : NULL;
}

/* Validates one step of the current workflow (STEP-01..11). */
static void check_step(az__vctx *c, json_object *step, const param_list *wf_params)
{
    if (!az__vcheck_object(c, step, &az__k_step))
        return;
    /* STEP-01: exactly one target. */
    const char *targets[] = {"operationId", "operationPath", "workflowId"};
    size_t n_targets = 0;
    for (size_t i = 0; i < 3; i++)
        n_targets += az__member(step, targets[i], NULL) != NULL;
    if (n_targets == 0)
        az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-step-target", false,
                  "a step needs one of 'operationId', 'operationPath' or 'workflowId'");
    else if (n_targets > 1)
        az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-step-target", false,
                  "a step must have only one of 'operationId', 'operationPath' and "
                  "'workflowId' (STEP-01)");
    bool workflow_step = az__member(step, "workflowId", NULL) != NULL && n_targets == 1;
    bool operation_step = n_targets >= 1 && !workflow_step;
    const char *field = NULL;
    const az_oas_operation *op = n_targets == 1 ? resolve_operation(c, step, &field) : NULL;
    const char *wid = az_json_get_string(step, "workflowId");
    if (wid && n_targets == 1) {
        size_t m = az__vpush(c, "workflowId");
        resolve_workflow(c, wid);
        az__vpop(c, m);
    }

    param_list params = {0};
    json_object *plist = az__member(step, "parameters", NULL);
    if (plist) {
        size_t m = az__vpush(c, "parameters");
        check_parameters(c, plist, operation_step, &params);
        az__vpop(c, m);
    }
    if (op) {
        char *saved = pointer_copy(c);
        lint_parameters(c, op, &params);
        az__vpop(c, 0);
        az_buf_puts(&c->path, saved ? saved : "");
        free(saved);
        size_t m = az__vpush(c, field);
        lint_path_parameters(c, op, wf_params, &params);
        az__vpop(c, m);
    }
    param_list_free(&params);

    json_object *rb = az__member(step, "requestBody", NULL);
    if (json_object_is_type(rb, json_type_object)) {
        size_t m = az__vpush(c, "requestBody");
        check_request_body(c, rb, op, workflow_step);
        az__vpop(c, m);
    }
    json_object *criteria = az__member(step, "successCriteria", NULL);
    if (json_object_is_type(criteria, json_type_array)) {
        size_t m = az__vpush(c, "successCriteria");
        az__expr_role saved = c->role;
        c->role = AZ__ROLE_STEP_OUTPUT;
        az__validate_criteria(c, criteria, true); /* SCH-03 */
        c->role = saved;
        az__vpop(c, m);
    }
    const char *lists[] = {"onSuccess", "onFailure"};
    for (size_t i = 0; i < 2; i++) {
        json_object *l = az__member(step, lists[i], NULL);
        if (!l)
            continue;
        size_t m = az__vpush(c, lists[i]);
        check_actions(c, l, i == 0);
        az__vpop(c, m);
    }
    json_object *outputs = az__member(step, "outputs", NULL);
    if (outputs) {
        size_t m = az__vpush(c, "outputs");
        check_outputs(c, outputs, AZ__ROLE_STEP_OUTPUT);
        az__vpop(c, m);
    }
}

/* ------------------------------------------------------------------------ */
/* Workflows                                                                 */
/* ------------------------------------------------------------------------ */

/* Checks an id's characters (WF-03, STEP-02): a SHOULD, so a warning, but
 * an id with a '.' cannot be referenced by $steps / $workflows (EXPR-20). */
static void check_id_format(az__vctx *c, const char *id, const char *what)
{
    if (az__name_ok(id, false))
        return;
    bool breaks = strpbrk(id, ".{}# \t") != NULL || !*id;
    az__vdiag(c, breaks ? AZ_SEVERITY_ERROR : AZ_SEVERITY_WARNING, "arazzo-id-format", false,
              breaks ? "%s '%s' must match [A-Za-z0-9_-]+: runtime expressions cannot name it"
                     : "%s '%s' should match [A-Za-z0-9_-]+",
              what, id);
}

/* Retrieves nothing: workflow inputs schemas only reach their document. */
static json_object *no_retrieve(void *user, const char *uri)
{
    (void)user;
    (void)uri;
    return NULL;
}

/* WF-04: the inputs schema compiles, `#` references against the document. */
static void check_inputs(az__vctx *c, json_object *inputs)
{
    if (!json_object_is_type(inputs, json_type_object) &&
        !json_object_is_type(inputs, json_type_boolean))
        return;
    if (az_json_get_string(inputs, "reference")) {
        /* REU-06: inputs are reached with JSON Schema `$ref` only. */
        size_t m = az__vpush(c, "reference");
        az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-wrong-component-kind", true,
                  "inputs are not Reusable Objects: write $ref: '#/components/inputs/<name>' "
                  "(REU-06)");
        az__vpop(c, m);
        return;
    }
    az_schema_opts so;
    az_schema_opts_init(&so);
    so.document = c->root;
    so.base_uri = az_source_url(c->doc->src);
    so.retrieve = no_retrieve;
    az_schema *schema = NULL;
    char *error = NULL;
    az_status st = az_schema_compile(inputs, &so, &schema, &error);
    if (st == AZ_ERR_NOMEM)
        c->nomem = true;
    else if (st != AZ_OK)
        az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-inputs-schema", false,
                  "the inputs schema is not a valid JSON Schema 2020-12: %s",
                  error ? error : az_status_str(st));
    free(error);
    az_schema_free(schema);
}

/* WF-05: dependsOn entries resolve, are unique; edges for the cycle check. */
static void check_depends_on(az__vctx *c, json_object *wf, json_object *list)
{
    if (!json_object_is_type(list, json_type_array))
        return;
    for (size_t i = 0; i < json_object_array_length(list); i++) {
        json_object *v = json_object_array_get_idx(list, i);
        size_t m = az__vpush_index(c, i);
        if (!json_object_is_type(v, json_type_string)) {
            az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-wrong-type", false,
                      "a dependsOn entry must be a workflowId (a string), found %s",
                      az__type_name(v));
            goto next;
        }
        for (size_t j = 0; j < i; j++) {
            json_object *o = json_object_array_get_idx(list, j);
            if (json_object_is_type(o, json_type_string) &&
                strcmp(json_object_get_string(o), json_object_get_string(v)) == 0) {
                az_diag *d =
                    az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-duplicate-entry", false,
                              "'%s' is listed twice in dependsOn", json_object_get_string(v));
                char *here = pointer_copy(c);
                if (here) {
                    char *slash = strrchr(here, '/');
                    char first[300];
                    if (slash)
                        *slash = '\0';
                    snprintf(first, sizeof first, "%s/%zu", here, j);
                    az__vrelated(c, d, first, false, "first listed here");
                    free(here);
                }
                goto next;
            }
        }
        json_object *target = resolve_workflow(c, json_object_get_string(v));
        if (target)
            az__vadd_edge(c, wf, target);
    next:
        az__vpop(c, m);
    }
}

/* Validates one workflow. */
static void check_workflow(az__vctx *c, json_object *wf)
{
    if (!az__vcheck_object(c, wf, &az__k_workflow))
        return;
    c->wf = wf;
    c->steps = az__member(wf, "steps", NULL);
    c->step = NULL;
    c->step_index = -1;

    /* WF-01, STEP-02: steps non-empty, stepIds unique and well-formed. */
    if (json_object_is_type(c->steps, json_type_array)) {
        size_t ms = az__vpush(c, "steps");
        size_t n = json_object_array_length(c->steps);
        if (n == 0)
            az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-empty-list", false,
                      "a workflow must have at least one step (WF-01)");
        for (size_t i = 0; i < n; i++) {
            const char *id = az_json_get_string(json_object_array_get_idx(c->steps, i), "stepId");
            if (!id)
                continue;
            size_t mi = az__vpush_index(c, i);
            az__vpush(c, "stepId");
            check_id_format(c, id, "stepId");
            for (size_t j = 0; j < i; j++) {
                const char *other =
                    az_json_get_string(json_object_array_get_idx(c->steps, j), "stepId");
                if (!other || strcmp(other, id) != 0)
                    continue;
                az_diag *d = az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-duplicate-step-id", false,
                                       "duplicate stepId '%s' in this workflow", id);
                char first[300];
                char *steps_ptr = strndup(c->path.data ? c->path.data : "", ms);
                if (steps_ptr) {
                    snprintf(first, sizeof first, "%s/steps/%zu/stepId", steps_ptr, j);
                    az__vrelated(c, d, first, false, "first defined here");
                    free(steps_ptr);
                }
                break;
            }
            az__vpop(c, mi);
        }
        az__vpop(c, ms);
    }
    bool present = false;
    json_object *inputs = az__member(wf, "inputs", &present);
    if (present) {
        size_t m = az__vpush(c, "inputs");
        check_inputs(c, inputs);
        az__vpop(c, m);
    }
    json_object *deps = az__member(wf, "dependsOn", NULL);
    if (deps) {
        size_t m = az__vpush(c, "dependsOn");
        check_depends_on(c, wf, deps);
        az__vpop(c, m);
    }
    /* PAR-03: workflow parameters must have `in` when an operation step
     * applies them. */
    bool any_operation_step = false;
    for (size_t i = 0;
         json_object_is_type(c->steps, json_type_array) && i < json_object_array_length(c->steps);
         i++) {
        json_object *s = json_object_array_get_idx(c->steps, i);
        any_operation_step |=
            az__member(s, "operationId", NULL) || az__member(s, "operationPath", NULL);
    }
    param_list wf_params = {0};
    json_object *plist = az__member(wf, "parameters", NULL);
    if (plist) {
        size_t m = az__vpush(c, "parameters");
        check_parameters(c, plist, any_operation_step, &wf_params);
        az__vpop(c, m);
    }
    const char *lists[] = {"successActions", "failureActions"};
    for (size_t i = 0; i < 2; i++) {
        json_object *l = az__member(wf, lists[i], NULL);
        if (!l)
            continue;
        size_t m = az__vpush(c, lists[i]);
        check_actions(c, l, i == 0);
        az__vpop(c, m);
    }
    if (json_object_is_type(c->steps, json_type_array)) {
        size_t ms = az__vpush(c, "steps");
        for (size_t i = 0; i < json_object_array_length(c->steps); i++) {
            size_t mi = az__vpush_index(c, i);
            c->step = json_object_array_get_idx(c->steps, i);
            c->step_index = (long)i;
            check_step(c, c->step, &wf_params);
            az__vpop(c, mi);
        }
        c->step = NULL;
        c->step_index = -1;
        az__vpop(c, ms);
    }
    param_list_free(&wf_params);
    json_object *outputs = az__member(wf, "outputs", NULL);
    if (outputs) {
        size_t m = az__vpush(c, "outputs");
        check_outputs(c, outputs, AZ__ROLE_WF_OUTPUT);
        az__vpop(c, m);
    }
    c->wf = NULL;
    c->steps = NULL;
}

/* Validates the workflows; see engine_validate_internal.h. */
void az__validate_workflows(az__vctx *c)
{
    json_object *list = az__member(c->root, "workflows", NULL);
    if (!json_object_is_type(list, json_type_array))
        return;
    size_t m = az__vpush(c, "workflows");
    size_t n = json_object_array_length(list);
    if (n == 0)
        az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-empty-list", false,
                  "'workflows' must list at least one workflow (ROOT-01)");
    /* WF-02, WF-03, ROOT-03 */
    for (size_t i = 0; i < n; i++) {
        const char *id = az_json_get_string(json_object_array_get_idx(list, i), "workflowId");
        if (!id)
            continue;
        size_t mi = az__vpush_index(c, i);
        az__vpush(c, "workflowId");
        check_id_format(c, id, "workflowId");
        for (size_t j = 0; j < i; j++) {
            const char *other =
                az_json_get_string(json_object_array_get_idx(list, j), "workflowId");
            if (!other || strcmp(other, id) != 0)
                continue;
            az_diag *d = az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-duplicate-workflow-id", false,
                                   "duplicate workflowId '%s'", id);
            char first[64];
            snprintf(first, sizeof first, "/workflows/%zu/workflowId", j);
            az__vrelated(c, d, first, false, "first defined here");
            break;
        }
        az__vpop(c, mi);
    }
    for (size_t i = 0; i < n; i++) {
        size_t mi = az__vpush_index(c, i);
        check_workflow(c, json_object_array_get_idx(list, i));
        az__vpop(c, mi);
    }
    az__vpop(c, m);
}

/* ------------------------------------------------------------------------ */
/* Components (CMP-01..05)                                                   */
/* ------------------------------------------------------------------------ */

/* Validates the components; see engine_validate_internal.h. */
void az__validate_components(az__vctx *c)
{
    json_object *comps = az__member(c->root, "components", NULL);
    if (!comps)
        return;
    size_t m = az__vpush(c, "components");
    if (!az__vcheck_object(c, comps, &az__k_components))
        goto out;
    c->role = AZ__ROLE_COMPONENT;
    const char *kinds[] = {"inputs", "parameters", "successActions", "failureActions"};
    for (size_t k = 0; k < 4; k++) {
        json_object *map = az__member(comps, kinds[k], NULL);
        if (!json_object_is_type(map, json_type_object))
            continue;
        size_t mk = az__vpush(c, kinds[k]);
        json_object_object_foreach(map, key, val)
        {
            size_t mv = az__vpush(c, key);
            if (!az__name_ok(key, true))
                az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-invalid-name", true,
                          "component name '%s' must match ^[a-zA-Z0-9.\\-_]+$ (CMP-01)", key);
            if (k == 0) {
                if (!json_object_is_type(val, json_type_object) &&
                    !json_object_is_type(val, json_type_boolean))
                    az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-wrong-type", false,
                              "an inputs component must be a JSON Schema (a mapping), found %s",
                              az__type_name(val));
            } else if (k == 1) {
                check_parameter_fields(c, val);
            } else {
                check_action_fields(c, val, k == 2);
                check_action_target(c, val, false);
            }
            az__vpop(c, mv);
        }
        az__vpop(c, mk);
    }
    c->role = AZ__ROLE_OTHER;
out:
    az__vpop(c, m);
}
