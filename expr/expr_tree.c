/* SPDX-License-Identifier: Apache-2.0 */
/*
 * expr_tree.c - evaluation of the expressions inside a structured value
 * (checklist EXPR-45, used for request payloads RB-01 (b) and other `any`
 * fields): string leaves are whole expressions (typed, EXPR-23, recognised
 * by EXPR-44) or templates (EXPR-40..43); keys are never evaluated. The
 * walk is recursive with an explicit depth bound (AZ_EXPR_MAX_DEPTH).
 */
#include "expr_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The fixed arguments of one walk. */
typedef struct walk {
    const az_expr_opts *opts;
    const az_expr_context *ctx;
    az_diags *diags;
    size_t undefined;
} walk;

/* Sets the JSON Pointer of every diagnostic added since `first`. */
static void point_diags(az_diags *diags, size_t first, const char *pointer)
{
    for (size_t i = first; i < az_diags_count(diags); i++)
        az_diag_set_pointer((az_diag *)az_diags_get(diags, i), pointer);
}

/* Evaluates one string leaf into *out (a new reference). */
static az_status eval_string(walk *w, json_object *in, const char *pointer, json_object **out)
{
    az_status st = AZ_OK;
    const char *s = json_object_get_string(in);
    size_t first = w->diags ? az_diags_count(w->diags) : 0;
    az_expr *e = NULL;
    az_template *t = NULL;
    char *text = NULL, *bare = NULL;
    bool defined = false;
    *out = NULL;
    if (az_expr_is_expression(s)) {
        if ((st = az_expr_compile(s, w->opts, w->diags, &e)) != AZ_OK ||
            (st = az_expr_eval(e, w->ctx, out, &defined)) != AZ_OK)
            goto out;
        if (!defined)
            w->undefined++;
    } else if (strstr(s, "{$") ||
               (w->opts && w->opts->bare_embedded && (bare = az_template_from_bare(s)))) {
        size_t n = 0;
        if ((st = az_template_compile(bare ? bare : s, w->opts, w->diags, &t)) != AZ_OK ||
            (st = az_template_render(t, w->ctx, &text, &n)) != AZ_OK)
            goto out;
        w->undefined += n;
        *out = json_object_new_string(text);
        if (!*out)
            st = AZ_ERR_NOMEM;
    } else {
        *out = json_object_get(in);
    }
out:
    if (w->diags)
        point_diags(w->diags, first, pointer);
    az_expr_free(e);
    az_template_free(t);
    free(text);
    free(bare);
    return st;
}

/* Copies `in` into *out (a new reference), evaluating its string leaves. */
static az_status eval_node(walk *w, json_object *in, const char *pointer, unsigned depth,
                           json_object **out)
{
    az_status st = AZ_OK;
    json_object *copy = NULL;
    *out = NULL;
    if (depth > AZ_EXPR_MAX_DEPTH) {
        az_diag *d = az_diags_add(w->diags, AZ_SEVERITY_ERROR, "expr-depth", NULL,
                                  "value nested deeper than %u levels", AZ_EXPR_MAX_DEPTH);
        if (d)
            az_diag_set_pointer(d, pointer);
        return AZ_ERR_LIMIT;
    }
    switch (json_object_get_type(in)) {
    case json_type_string: return eval_string(w, in, pointer, out);
    case json_type_object:
        if (!(copy = json_object_new_object()))
            return AZ_ERR_NOMEM;
        json_object_object_foreach(in, key, val)
        {
            json_object *child = NULL;
            char *p = az_pointer_append(pointer, key, strlen(key));
            if (!p) {
                st = AZ_ERR_NOMEM;
                goto out;
            }
            st = eval_node(w, val, p, depth + 1, &child);
            free(p);
            if (st != AZ_OK)
                goto out;
            if (json_object_object_add(copy, key, child) != 0) {
                json_object_put(child);
                st = AZ_ERR_NOMEM;
                goto out;
            }
        }
        break;
    case json_type_array:
        if (!(copy = json_object_new_array()))
            return AZ_ERR_NOMEM;
        for (size_t i = 0; i < json_object_array_length(in); i++) {
            json_object *child = NULL;
            char idx[32];
            int n = snprintf(idx, sizeof idx, "%zu", i);
            char *p = az_pointer_append(pointer, idx, (size_t)n);
            if (!p) {
                st = AZ_ERR_NOMEM;
                goto out;
            }
            st = eval_node(w, json_object_array_get_idx(in, i), p, depth + 1, &child);
            free(p);
            if (st != AZ_OK)
                goto out;
            if (json_object_array_add(copy, child) != 0) {
                json_object_put(child);
                st = AZ_ERR_NOMEM;
                goto out;
            }
        }
        break;
    default:
        /* Scalars other than strings are immutable in practice: share them. */
        *out = json_object_get(in);
        return AZ_OK;
    }
out:
    if (st != AZ_OK) {
        json_object_put(copy);
        copy = NULL;
    }
    *out = copy;
    return st;
}

/* Evaluates the expressions of a structured value into a new tree. */
az_status az_expr_eval_tree(json_object *in, const az_expr_opts *opts, const az_expr_context *ctx,
                            az_diags *diags, json_object **out, size_t *undefined)
{
    walk w = {opts, ctx, diags, 0};
    az_status st = eval_node(&w, in, "", 1, out);
    if (undefined)
        *undefined = w.undefined;
    return st;
}
