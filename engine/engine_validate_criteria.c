/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine_validate_criteria.c - validation of Criterion Objects (checklist
 * 2.11, 2.12, SCH-03): `condition` required (CRI-01), `type` one of
 * simple / regex / jsonpath / xpath or a Criterion Expression Type Object
 * with an allowed version (CRI-02, CET-01), `context` required for the
 * non-simple types (CRI-03, with the checklist's decision: `type: simple`
 * without context is a warning) and a runtime expression (CRI-04), and the
 * condition compiled by az_criterion_compile (syntax per type, CET-02
 * unsupported dialects), its errors placed at their column in the
 * document; the expressions of a simple condition are checked for the
 * steps and outputs they name (XREF-05, XREF-06).
 */
#include "engine_validate_internal.h"

#include <stdlib.h>
#include <string.h>

#include <arazzo/expr.h>

/* Reads a Criterion Expression Type Object (CET-01); false when invalid. */
static bool check_type_object(az__vctx *c, json_object *t, az_criterion_type *type,
                              const char **version)
{
    size_t m = az__vpush(c, "type");
    bool ok = az__vcheck_object(c, t, &az__k_criterion_type);
    const char *name = az_json_get_string(t, "type");
    const char *ver = az_json_get_string(t, "version");
    if (ok && name) {
        if (strcmp(name, "jsonpath") == 0) {
            *type = AZ_CRITERION_JSONPATH;
        } else if (strcmp(name, "xpath") == 0) {
            *type = AZ_CRITERION_XPATH;
        } else {
            size_t mt = az__vpush(c, "type");
            az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-invalid-value", false,
                      "a Criterion Expression Type must be jsonpath or xpath, found '%s' (CET-01)",
                      name);
            az__vpop(c, mt);
            ok = false;
        }
    }
    if (ok && name && ver) {
        bool known = *type == AZ_CRITERION_JSONPATH
                         ? strcmp(ver, "draft-goessner-dispatch-jsonpath-00") == 0
                         : strcmp(ver, "xpath-30") == 0 || strcmp(ver, "xpath-20") == 0 ||
                               strcmp(ver, "xpath-10") == 0;
        if (!known) {
            size_t mv = az__vpush(c, "version");
            az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-invalid-value", false,
                      "'%s' is not a %s version of Arazzo 1.0 (%s) (CET-01)", ver, name,
                      *type == AZ_CRITERION_JSONPATH ? "draft-goessner-dispatch-jsonpath-00"
                                                     : "xpath-30, xpath-20 or xpath-10");
            az__vpop(c, mv);
            ok = false;
        }
        *version = ver;
    }
    az__vpop(c, m);
    return ok && name && ver;
}

/* Validates one Criterion Object at the current pointer. */
static void check_criterion(az__vctx *c, json_object *cr)
{
    if (!az__vcheck_object(c, cr, &az__k_criterion))
        return;
    const char *condition = az_json_get_string(cr, "condition");
    json_object *tnode = az__member(cr, "type", NULL);
    az_criterion_type type = AZ_CRITERION_SIMPLE;
    const char *version = NULL;
    bool ok = true;
    if (json_object_is_type(tnode, json_type_string)) {
        const char *t = json_object_get_string(tnode);
        if (strcmp(t, "simple") == 0)
            type = AZ_CRITERION_SIMPLE;
        else if (strcmp(t, "regex") == 0)
            type = AZ_CRITERION_REGEX;
        else if (strcmp(t, "jsonpath") == 0)
            type = AZ_CRITERION_JSONPATH;
        else if (strcmp(t, "xpath") == 0)
            type = AZ_CRITERION_XPATH;
        else {
            size_t m = az__vpush(c, "type");
            az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-invalid-value", false,
                      "criterion type '%s' must be simple, regex, jsonpath or xpath (CRI-02)", t);
            az__vpop(c, m);
            ok = false;
        }
    } else if (json_object_is_type(tnode, json_type_object)) {
        ok = check_type_object(c, tnode, &type, &version);
    } else if (tnode) {
        ok = false; /* wrong type, reported by the table */
    }
    const char *context = az_json_get_string(cr, "context");
    if (!az__member(cr, "context", NULL) && tnode && ok) {
        if (type == AZ_CRITERION_SIMPLE) {
            az__vdiag(c, AZ_SEVERITY_WARNING, "criterion-type-without-context", false,
                      "a criterion with a 'type' should have a 'context' (CRI-03); a simple "
                      "condition does not need one");
        } else {
            az__vdiag(c, AZ_SEVERITY_ERROR, "criterion-context-missing", false,
                      "a %s criterion needs a 'context' to apply the condition to (CRI-03)",
                      az_criterion_type_name(type));
            ok = false;
        }
    }
    if (context) {
        /* CRI-04 */
        size_t m = az__vpush(c, "context");
        az_expr *e = NULL;
        az_diags *scratch = az_diags_new();
        az_expr_opts o = {.strict = c->opts->strict};
        if (!scratch || az_expr_compile(context, &o, scratch, &e) != AZ_OK)
            ok = false;
        if (scratch)
            az__vmap_diags(c, scratch, context);
        if (e)
            az__vexpr_refs(c, e);
        az_expr_free(e);
        az_diags_free(scratch);
        az__vpop(c, m);
    }
    if (!condition || !ok)
        return;
    az_diags *scratch = az_diags_new();
    if (!scratch) {
        c->nomem = true;
        return;
    }
    az_criterion *crit = NULL;
    az_expr_opts o = {.strict = c->opts->strict};
    az_status st = az_criterion_compile(condition, type, version, context, &o, scratch, &crit);
    if (st == AZ_ERR_NOMEM)
        c->nomem = true;
    /* The context's own problems are reported above; CRIT-51 at the context. */
    az_diags *cond = az_diags_new();
    for (size_t i = 0; cond && i < az_diags_count(scratch); i++) {
        const az_diag *d = az_diags_get(scratch, i);
        if (context && d->source_line && strcmp(d->source_line, context) == 0)
            continue;
        if (strcmp(d->code, "criterion-context-ignored") == 0) {
            size_t m = az__vpush(c, "context");
            az__vdiag(c, d->severity, d->code, true, "%s", d->message);
            az__vpop(c, m);
            continue;
        }
        az_diags_add_copy(cond, d, d->severity);
    }
    size_t m = az__vpush(c, "condition");
    if (cond)
        az__vmap_diags(c, cond, condition);
    else
        c->nomem = true;
    if (st == AZ_OK && type == AZ_CRITERION_SIMPLE)
        az__vexpr_condition_refs(c, condition);
    az__vpop(c, m);
    az_diags_free(cond);
    az_diags_free(scratch);
    az_criterion_free(crit);
}

/* Validates a criteria list; see engine_validate_internal.h. */
void az__validate_criteria(az__vctx *c, json_object *list, bool non_empty)
{
    size_t n = json_object_array_length(list);
    if (n == 0 && non_empty)
        az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-empty-list", false,
                  "a criteria list, when given, must have at least one criterion (SCH-03)");
    for (size_t i = 0; i < n; i++) {
        size_t m = az__vpush_index(c, i);
        check_criterion(c, json_object_array_get_idx(list, i));
        az__vpop(c, m);
    }
}
