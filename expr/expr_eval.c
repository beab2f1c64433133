/* SPDX-License-Identifier: Apache-2.0 */
/*
 * expr_eval.c - evaluation of compiled runtime expressions against a
 * caller's context (checklist 3.2-3.4): the dotted-name rule EXPR-20
 * (longest declared name first, the rest dereferenced member by member),
 * the distinguished undefined result EXPR-22 (a missing source, name or
 * pointer target is undefined, not an error nor JSON null), type
 * preservation EXPR-23 (the value comes back as the JSON it is), and the
 * RFC 6901 pointer attachment of EXPR-30..32 (a pointer applied to a
 * non-JSON value, e.g. an XML body held as a string, is undefined).
 */
#include "expr_internal.h"

#include <stdlib.h>
#include <string.h>

/* Tells whether a source's name follows the dotted-name rule (EXPR-20). */
static bool dotted_source(az_expr_source source)
{
    switch (source) {
    case AZ_EXPR_INPUTS:
    case AZ_EXPR_OUTPUTS:
    case AZ_EXPR_STEP_OUTPUTS:
    case AZ_EXPR_WORKFLOW_INPUTS:
    case AZ_EXPR_WORKFLOW_OUTPUTS:
    case AZ_EXPR_COMPONENT: return true;
    default: return false;
    }
}

/*
 * Resolves a dotted name longest declared prefix first. On a match stores
 * the value (new reference) and the offset in `name` where the
 * dereferenced rest begins (at a '.'; strlen(name) when none).
 */
static az_status resolve_dotted(const az_expr *e, const az_expr_context *ctx, json_object **value,
                                bool *defined, size_t *rest)
{
    az_status st = AZ_OK;
    size_t len = strlen(e->name);
    char *cand = malloc(len + 1);
    if (!cand)
        return AZ_ERR_NOMEM;
    memcpy(cand, e->name, len + 1);
    size_t n = len;
    for (;;) {
        cand[n] = '\0';
        bool try_it = !ctx->has_name || ctx->has_name(ctx->user, e->source, e->scope, cand);
        if (try_it) {
            st = ctx->lookup(ctx->user, e->source, e->scope, cand, value, defined);
            if (st != AZ_OK || *defined || ctx->has_name) {
                *rest = n;
                goto out;
            }
        }
        /* The next candidate ends before the last dot of this one. */
        while (n > 0 && e->name[n - 1] != '.')
            n--;
        if (n == 0)
            break;
        n--; /* drop the dot itself */
        if (n == 0)
            break;
    }
    *defined = false;
out:
    free(cand);
    return st;
}

/*
 * Applies `pointer` to the value *value (a reference this function takes
 * over), replacing it with the target (new reference) or marking the
 * result undefined.
 */
static void apply_pointer(const char *pointer, json_object **value, bool *defined)
{
    json_object *target = NULL;
    if (pointer[0] == '\0')
        return;
    if (*value && az_pointer_get(*value, pointer, &target) == AZ_OK) {
        json_object_get(target);
        json_object_put(*value);
        *value = target;
        return;
    }
    json_object_put(*value);
    *value = NULL;
    *defined = false;
}

/* Evaluates a compiled expression against a context. */
az_status az_expr_eval(const az_expr *e, const az_expr_context *ctx, json_object **value,
                       bool *defined)
{
    az_status st;
    char *pointer = NULL;
    size_t rest = 0;
    *value = NULL;
    *defined = false;
    if (dotted_source(e->source) && e->name) {
        st = resolve_dotted(e, ctx, value, defined, &rest);
    } else {
        st = ctx->lookup(ctx->user, e->source, e->scope, e->name, value, defined);
        rest = e->name ? strlen(e->name) : 0;
    }
    if (st != AZ_OK || !*defined)
        goto out;
    /* The dereferenced rest of a dotted name comes before the pointer. */
    if (e->name && e->name[rest] != '\0') {
        az_buf b = {0};
        const char *p = e->name + rest;
        while (*p == '.') {
            const char *t = ++p;
            while (*p && *p != '.')
                p++;
            az_buf_add(&b, "/", 1);
            az_buf_add_token(&b, t, (size_t)(p - t));
        }
        if (e->pointer)
            az_buf_puts(&b, e->pointer);
        pointer = az_buf_take(&b);
        if (!pointer) {
            st = AZ_ERR_NOMEM;
            goto out;
        }
    }
    if (pointer || e->pointer)
        apply_pointer(pointer ? pointer : e->pointer, value, defined);
out:
    if (st != AZ_OK || !*defined) {
        json_object_put(*value);
        *value = NULL;
        *defined = false;
    }
    free(pointer);
    return st;
}
