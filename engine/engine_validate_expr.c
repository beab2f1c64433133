/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine_validate_expr.c - the runtime expressions of an Arazzo document
 * (checklist section 3 and XREF-04..07): every `{expression}` field and
 * every string of an `any` field that is a runtime expression (EXPR-44) or
 * embeds `{$...}` (EXPR-40) compiled with az_expr_compile /
 * az_template_compile, syntax errors placed at their column in the
 * document; then what each expression names checked statically: `$steps.<id>`
 * a step of the same workflow (XREF-05, forward references a warning),
 * `$steps.<id>.outputs.<name>` a declared output (XREF-06, a warning, an
 * error with --strict), `$workflows.<id>` a workflow,
 * `$sourceDescriptions.<name>` a source (XREF-04), `$components.<kind>.<key>`
 * a component (XREF-03), no `$response.query` / `$response.path`
 * (EXPR-14), no `$outputs` inside a workflow's own outputs (EXPR-17).
 */
#include "engine_validate_internal.h"

#include <stdlib.h>
#include <string.h>

#include <arazzo/openapi.h>

/* The compile options of the document's expressions. */
static az_expr_opts expr_opts(const az__vctx *c, bool prefix)
{
    az_expr_opts o = {.strict = c->opts->strict, .prefix = prefix};
    return o;
}

/* Collects the keys of an object (at most `max`). */
static size_t object_keys(json_object *obj, const char **keys, size_t max)
{
    size_t n = 0;
    if (!json_object_is_type(obj, json_type_object))
        return 0;
    json_object_object_foreach(obj, k, v)
    {
        (void)v;
        if (n < max)
            keys[n++] = k;
    }
    return n;
}

/* Tells whether `name` is a declared key of `obj`, or starts with one
 * followed by '.' (an accessor, EXPR-20). */
static bool declared(json_object *obj, const char *name)
{
    if (!json_object_is_type(obj, json_type_object))
        return false;
    json_object_object_foreach(obj, k, v)
    {
        (void)v;
        size_t n = strlen(k);
        if (strncmp(name, k, n) == 0 && (name[n] == '\0' || name[n] == '.'))
            return true;
    }
    return false;
}

/* Finds a workflow by plain id in the document or its arazzo sources. */
static json_object *any_workflow(const az__vctx *c, const char *id, json_object **outputs)
{
    for (size_t d = 0; d < az_description_doc_count(c->desc); d++) {
        const az_arazzo_doc *doc = az_description_doc(c->desc, d);
        if (doc != c->doc && d > 0) {
            bool reachable = false;
            for (size_t s = 0; s < c->doc->n_sources && !reachable; s++)
                reachable = c->doc->sources[s].arazzo == doc;
            if (!reachable)
                continue;
        }
        json_object *list = az__member(az_source_root(doc->src), "workflows", NULL);
        for (size_t i = 0;
             json_object_is_type(list, json_type_array) && i < json_object_array_length(list);
             i++) {
            json_object *wf = json_object_array_get_idx(list, i);
            const char *wid = az_json_get_string(wf, "workflowId");
            if (wid && strcmp(wid, id) == 0) {
                *outputs = az__member(wf, "outputs", NULL);
                return wf;
            }
        }
    }
    return NULL;
}

/* XREF-05, XREF-06: `$steps.<id>.outputs.<name>`. */
static void check_step_ref(az__vctx *c, const char *id, const char *name)
{
    if (!c->wf || c->role == AZ__ROLE_COMPONENT)
        return; /* resolved where a workflow applies it */
    json_object *step = NULL;
    long idx = az__step_find(c, id, &step);
    const char *wid = az_json_get_string(c->wf, "workflowId");
    if (idx < 0) {
        const char *ids[256];
        size_t n = 0;
        for (size_t i = 0; json_object_is_type(c->steps, json_type_array) &&
                           i < json_object_array_length(c->steps) && n < 256;
             i++)
            ids[n++] = az_json_get_string(json_object_array_get_idx(c->steps, i), "stepId");
        const char *near = az__suggest(id, ids, n);
        if (near)
            az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-unknown-step", false,
                      "'$steps.%s' names no step of workflow '%s'; did you mean '%s'?", id,
                      wid ? wid : "", near);
        else
            az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-unknown-step", false,
                      "'$steps.%s' names no step of workflow '%s'", id, wid ? wid : "");
        return;
    }
    if (c->step_index >= 0 &&
        (idx > c->step_index || (idx == c->step_index && c->role == AZ__ROLE_REQUEST)))
        az__vdiag(c, AZ_SEVERITY_WARNING, "arazzo-step-forward-reference", false,
                  idx == c->step_index
                      ? "step '%s' reads its own outputs before its request is sent (XREF-05)"
                      : "step '%s' runs after this one: its outputs are not there yet unless a "
                        "goto comes back (XREF-05)",
                  id);
    if (!name)
        return;
    json_object *outputs = az__member(step, "outputs", NULL);
    if (declared(outputs, name))
        return;
    const char *keys[256];
    size_t n = object_keys(outputs, keys, 256);
    const char *near = az__suggest(name, keys, n);
    if (near)
        az__vdiag(c, AZ_SEVERITY_WARNING, "arazzo-unknown-step-output", false,
                  "step '%s' declares no output '%s'; did you mean '%s'? (XREF-06)", id, name,
                  near);
    else
        az__vdiag(c, AZ_SEVERITY_WARNING, "arazzo-unknown-step-output", false,
                  "step '%s' declares no output '%s' (XREF-06)", id, name);
}

/* `$workflows.<id>.inputs|outputs.<name>`: the workflow exists, and the
 * output is declared. */
static void check_workflow_ref(az__vctx *c, const char *id, const char *name, bool outputs_ref)
{
    json_object *outputs = NULL;
    if (!any_workflow(c, id, &outputs)) {
        const char *ids[256];
        size_t n = 0;
        json_object *list = az__member(c->root, "workflows", NULL);
        for (size_t i = 0; json_object_is_type(list, json_type_array) &&
                           i < json_object_array_length(list) && n < 256;
             i++)
            ids[n++] = az_json_get_string(json_object_array_get_idx(list, i), "workflowId");
        const char *near = az__suggest(id, ids, n);
        if (near)
            az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-unknown-workflow", false,
                      "'$workflows.%s' names no workflow; did you mean '%s'?", id, near);
        else
            az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-unknown-workflow", false,
                      "'$workflows.%s' names no workflow", id);
        return;
    }
    if (!outputs_ref || !name || declared(outputs, name))
        return;
    const char *keys[256];
    size_t n = object_keys(outputs, keys, 256);
    const char *near = az__suggest(name, keys, n);
    if (near)
        az__vdiag(c, AZ_SEVERITY_WARNING, "arazzo-unknown-workflow-output", false,
                  "workflow '%s' declares no output '%s'; did you mean '%s'?", id, name, near);
    else
        az__vdiag(c, AZ_SEVERITY_WARNING, "arazzo-unknown-workflow-output", false,
                  "workflow '%s' declares no output '%s'", id, name);
}

/* XREF-04: `$sourceDescriptions.<name>[.<reference>]`. */
static void check_source_ref(az__vctx *c, const char *name, const char *ref)
{
    const az_source_desc *sd = az_arazzo_doc_source(c->doc, name);
    if (!sd) {
        const char *names[256];
        size_t n = 0;
        for (size_t i = 0; i < c->doc->n_sources && n < 256; i++)
            names[n++] = c->doc->sources[i].name;
        const char *near = az__suggest(name, names, n);
        if (near)
            az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-unknown-source", false,
                      "no source description '%s'; did you mean '%s'?", name, near);
        else
            az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-unknown-source", false,
                      "no source description '%s'", name);
        return;
    }
    if (!ref || strcmp(ref, "url") == 0 || strcmp(ref, "type") == 0 || strcmp(ref, "name") == 0)
        return;
    if (sd->index && !az_oas_index_find_id(sd->index, ref)) {
        const char *near = az_oas_index_suggest(sd->index, ref);
        if (near)
            az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-unknown-operation", false,
                      "no operation '%s' in source '%s'; did you mean '%s'?", ref, name, near);
        else
            az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-unknown-operation", false,
                      "no operation '%s' in source '%s'", ref, name);
    }
}

/* XREF-03: `$components.<kind>.<key>` names a component. */
static void check_component_ref(az__vctx *c, const char *kind, const char *key)
{
    json_object *map = az__member(az__member(c->root, "components", NULL), kind, NULL);
    if (key && !declared(map, key))
        az__vunknown_component(c, map, kind, key);
}

/* Tells whether the expression reads the HTTP exchange of a step. */
static bool reads_http(az_expr_source src)
{
    switch (src) {
    case AZ_EXPR_URL:
    case AZ_EXPR_METHOD:
    case AZ_EXPR_STATUS_CODE:
    case AZ_EXPR_REQUEST_HEADER:
    case AZ_EXPR_REQUEST_QUERY:
    case AZ_EXPR_REQUEST_PATH:
    case AZ_EXPR_REQUEST_BODY:
    case AZ_EXPR_RESPONSE_HEADER:
    case AZ_EXPR_RESPONSE_QUERY:
    case AZ_EXPR_RESPONSE_PATH:
    case AZ_EXPR_RESPONSE_BODY: return true;
    default: return false;
    }
}

/* Checks what a compiled expression names; see engine_validate_internal.h. */
void az__vexpr_refs(az__vctx *c, const az_expr *e)
{
    const char *scope = az_expr_get_scope(e);
    const char *name = az_expr_get_name(e);
    /* OPEN-13, EXPR-10..14: a step that runs a workflow sends no request
     * and gets no response; such values are undefined there. */
    if (c->step && c->role != AZ__ROLE_COMPONENT && reads_http(az_expr_get_source(e)) &&
        az__member(c->step, "workflowId", NULL) && !az__member(c->step, "operationId", NULL) &&
        !az__member(c->step, "operationPath", NULL))
        az__vdiag(c, AZ_SEVERITY_WARNING, "arazzo-expression-unavailable", false,
                  "'%s' is undefined in a step that runs a workflow: it sends no request "
                  "(OPEN-13)",
                  az_expr_canonical(e));
    switch (az_expr_get_source(e)) {
    case AZ_EXPR_STEP_OUTPUTS:
        if (scope)
            check_step_ref(c, scope, name);
        break;
    case AZ_EXPR_WORKFLOW_INPUTS:
    case AZ_EXPR_WORKFLOW_OUTPUTS:
        if (scope)
            check_workflow_ref(c, scope, name, az_expr_get_source(e) == AZ_EXPR_WORKFLOW_OUTPUTS);
        break;
    case AZ_EXPR_SOURCE_DESCRIPTION:
        if (scope)
            check_source_ref(c, scope, name);
        break;
    case AZ_EXPR_COMPONENT:
        if (scope)
            check_component_ref(c, scope, name);
        break;
    case AZ_EXPR_RESPONSE_QUERY:
    case AZ_EXPR_RESPONSE_PATH:
        az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-expression-meaningless", false,
                  "'%s' has no value: a response has no %s (EXPR-14)", az_expr_canonical(e),
                  az_expr_get_source(e) == AZ_EXPR_RESPONSE_QUERY ? "query" : "path parameters");
        break;
    case AZ_EXPR_OUTPUTS:
        if (c->role == AZ__ROLE_WF_OUTPUT)
            az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-outputs-self-reference", false,
                      "a workflow output cannot read the workflow's own outputs ('%s')",
                      az_expr_canonical(e));
        break;
    default: break;
    }
}

/* Compiles a whole expression at the current node; false on a syntax
 * error (reported unless `quiet_literal` and it reads as a literal). */
static bool compile_expr(az__vctx *c, const char *text, bool literal_ok)
{
    az_diags *scratch = az_diags_new();
    az_expr *e = NULL;
    if (!scratch) {
        c->nomem = true;
        return false;
    }
    az_expr_opts o = expr_opts(c, false);
    az_status st = az_expr_compile(text, &o, scratch, &e);
    bool literal = false;
    if (st != AZ_OK && literal_ok && az_diags_count(scratch) > 0) {
        /* EXPR-44: "$.a" (JSONPath) or "$USD" is text, not an expression. */
        const az_diag *d = az_diags_get(scratch, 0);
        literal = strcmp(d->code, "expr-unknown-root") == 0 ||
                  (strcmp(d->code, "expr-syntax") == 0 && d->column <= 2);
    }
    if (!literal)
        az__vmap_diags(c, scratch, text);
    az_diags_free(scratch);
    if (st == AZ_ERR_NOMEM)
        c->nomem = true;
    if (e)
        az__vexpr_refs(c, e);
    az_expr_free(e);
    return st == AZ_OK;
}

/* Compiles a template at the current node and checks its expressions. */
static void compile_template(az__vctx *c, const char *text)
{
    az_diags *scratch = az_diags_new();
    az_template *t = NULL;
    if (!scratch) {
        c->nomem = true;
        return;
    }
    az_expr_opts o = expr_opts(c, false);
    az_status st = az_template_compile(text, &o, scratch, &t);
    az__vmap_diags(c, scratch, text);
    az_diags_free(scratch);
    if (st == AZ_ERR_NOMEM)
        c->nomem = true;
    for (size_t i = 0; t && i < az_template_expr_count(t); i++)
        az__vexpr_refs(c, az_template_expr(t, i));
    az_template_free(t);
}

/* Checks an `{expression}` field; see engine_validate_internal.h. */
void az__vexpr_field(az__vctx *c, json_object *v, bool allow_template)
{
    if (!json_object_is_type(v, json_type_string))
        return;
    const char *text = json_object_get_string(v);
    if (text[0] != '$' && allow_template && strstr(text, "{$"))
        compile_template(c, text);
    else
        compile_expr(c, text, false);
}

/* Checks an `any` value; see engine_validate_internal.h. */
void az__vexpr_any(az__vctx *c, json_object *v)
{
    if (json_object_is_type(v, json_type_string)) {
        const char *text = json_object_get_string(v);
        char *bare = NULL;
        if (text[0] == '$') {
            compile_expr(c, text, true);
        } else if (strstr(text, "{$")) {
            compile_template(c, text);
        } else if ((bare = az_template_from_bare(text)) != NULL) {
            /* "Bearer $inputs.token": the engine substitutes it as Redocly
             * does, but the specification only knows {$...} (EXPR-40). */
            az__vdiag(c, AZ_SEVERITY_WARNING, "expr-bare-embedded", false,
                      "'%s' embeds a runtime expression without braces; write '%s' (arazzo "
                      "substitutes it as Redocly does, other engines may send it as written)",
                      text, bare);
            compile_template(c, bare);
            free(bare);
        }
    } else if (json_object_is_type(v, json_type_object)) {
        json_object_object_foreach(v, key, val)
        {
            size_t m = az__vpush(c, key);
            az__vexpr_any(c, val);
            az__vpop(c, m);
        }
    } else if (json_object_is_type(v, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(v); i++) {
            size_t m = az__vpush_index(c, i);
            az__vexpr_any(c, json_object_array_get_idx(v, i));
            az__vpop(c, m);
        }
    }
}

/* Checks the references of a simple condition's expressions; see
 * engine_validate_internal.h. Its syntax is the criterion compiler's. */
void az__vexpr_condition_refs(az__vctx *c, const char *condition)
{
    bool quoted = false;
    for (const char *p = condition; *p;) {
        if (*p == '\'') {
            quoted = !quoted; /* '' inside a literal toggles twice */
            p++;
            continue;
        }
        if (quoted || *p != '$') {
            p++;
            continue;
        }
        az_expr_opts o = expr_opts(c, true);
        az_expr *e = NULL;
        if (az_expr_compile(p, &o, NULL, &e) == AZ_OK && e) {
            az__vexpr_refs(c, e);
            size_t len = az_expr_length(e);
            p += len ? len : 1;
        } else {
            p++;
        }
        az_expr_free(e);
    }
}
