/* SPDX-License-Identifier: Apache-2.0 */
/*
 * expr_template.c - strings with embedded runtime expressions (Arazzo
 * 1.0.1: "expressions can be placed inside string values by wrapping them
 * in { }"; checklist 3.5, EXPR-40..45):
 *
 *   template            = *( literal / embedded-expression )
 *   embedded-expression = "{" expression "}"  ; starts at "{$", ends at the
 *                                             ; first "}" (EXPR-05, EXPR-41)
 *   literal             = any text; a "{" not followed by "$" is literal
 *
 * No escape exists, so a literal "{$" cannot be written (issue #363).
 * Rendering splices each value as text (EXPR-42): strings raw, other
 * scalars and null as JSON text, objects and arrays as compact JSON. A
 * template is always rendered as a string, even when it is one embedded
 * expression (EXPR-43); only a bare `$...` keeps its type (EXPR-23).
 * An undefined value splices as "" and is counted for the caller (EXPR-22).
 */
#include "expr_internal.h"

#include <stdlib.h>
#include <string.h>

/* One part of a template: a literal (expr NULL) or an expression. */
typedef struct part {
    char *literal;
    size_t literal_len;
    az_expr *expr;
} part;

struct az_template {
    part *parts;
    size_t n_parts;
    size_t n_exprs;
};

/* Appends a part; the template takes `literal` or `expr`. */
static az_status add_part(az_template *t, size_t *cap, char *literal, size_t len, az_expr *expr)
{
    if (t->n_parts == *cap) {
        size_t ncap = *cap ? *cap * 2 : 4;
        part *p = realloc(t->parts, ncap * sizeof *p);
        if (!p) {
            free(literal);
            az_expr_free(expr);
            return AZ_ERR_NOMEM;
        }
        t->parts = p;
        *cap = ncap;
    }
    t->parts[t->n_parts].literal = literal;
    t->parts[t->n_parts].literal_len = len;
    t->parts[t->n_parts].expr = expr;
    t->n_parts++;
    if (expr)
        t->n_exprs++;
    return AZ_OK;
}

/* Adds the literal text [from, to) of `text` as a part, when not empty. */
static az_status add_literal(az_template *t, size_t *cap, const char *text, size_t from, size_t to)
{
    if (to == from)
        return AZ_OK;
    char *lit = malloc(to - from + 1);
    if (!lit)
        return AZ_ERR_NOMEM;
    memcpy(lit, text + from, to - from);
    lit[to - from] = '\0';
    return add_part(t, cap, lit, to - from, NULL);
}

/* Compiles a template string. */
az_status az_template_compile(const char *text, const az_expr_opts *opts, az_diags *diags,
                              az_template **out)
{
    az_status st = AZ_OK;
    size_t len = strlen(text), cap = 0, lit = 0, i = 0;
    az_template *t = calloc(1, sizeof *t);
    *out = NULL;
    if (!t)
        return AZ_ERR_NOMEM;
    while (i < len) {
        if (text[i] != '{' || text[i + 1] != '$') {
            i++;
            continue;
        }
        const char *close = memchr(text + i + 2, '}', len - i - 2);
        if (!close) {
            az__expr_scan s = {.text = text, .text_len = len, .end = len, .diags = diags};
            az__expr_diag(&s, AZ_SEVERITY_ERROR, "expr-unterminated", i, len - i,
                          "unterminated embedded expression: '{$' has no closing '}'");
            st = AZ_ERR_SYNTAX;
            goto out;
        }
        if ((st = add_literal(t, &cap, text, lit, i)) != AZ_OK)
            goto out;
        size_t end = (size_t)(close - text);
        az__expr_scan s = {.text = text,
                           .text_len = len,
                           .start = i + 1,
                           .pos = i + 1,
                           .end = end,
                           .strict = opts && opts->strict,
                           .diags = diags};
        az_expr *e = NULL;
        if ((st = az__expr_parse(&s, &e)) != AZ_OK || (st = add_part(t, &cap, NULL, 0, e)) != AZ_OK)
            goto out;
        i = lit = end + 1;
    }
    st = add_literal(t, &cap, text, lit, len);
out:
    if (st != AZ_OK) {
        az_template_free(t);
        t = NULL;
    }
    *out = t;
    return st;
}

/* Releases a template. */
void az_template_free(az_template *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n_parts; i++) {
        free(t->parts[i].literal);
        az_expr_free(t->parts[i].expr);
    }
    free(t->parts);
    free(t);
}

/* Returns the number of embedded expressions. */
size_t az_template_expr_count(const az_template *t)
{
    return t->n_exprs;
}

/* Returns the i-th embedded expression (borrowed) or NULL. */
const az_expr *az_template_expr(const az_template *t, size_t i)
{
    for (size_t k = 0; k < t->n_parts; k++) {
        if (t->parts[k].expr && i-- == 0)
            return t->parts[k].expr;
    }
    return NULL;
}

/* Returns the text a value splices as (EXPR-42), malloc'd. */
char *az_expr_value_to_text(json_object *value)
{
    const char *s;
    if (json_object_is_type(value, json_type_string))
        s = json_object_get_string(value);
    else if (!value)
        s = "null";
    else
        s = json_object_to_json_string_ext(value,
                                           JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
    return s ? strdup(s) : NULL;
}

/* Renders a template to a new string. */
az_status az_template_render(const az_template *t, const az_expr_context *ctx, char **out,
                             size_t *undefined)
{
    az_status st = AZ_OK;
    az_buf b = {0};
    size_t n_undef = 0;
    *out = NULL;
    for (size_t i = 0; i < t->n_parts; i++) {
        const part *p = &t->parts[i];
        if (!p->expr) {
            az_buf_add(&b, p->literal, p->literal_len);
            continue;
        }
        json_object *v = NULL;
        bool defined = false;
        if ((st = az_expr_eval(p->expr, ctx, &v, &defined)) != AZ_OK)
            goto out;
        if (!defined) {
            n_undef++;
            continue;
        }
        char *text = az_expr_value_to_text(v);
        json_object_put(v);
        if (!text) {
            st = AZ_ERR_NOMEM;
            goto out;
        }
        az_buf_puts(&b, text);
        free(text);
    }
    *out = az_buf_take(&b);
    if (!*out)
        st = AZ_ERR_NOMEM;
out:
    if (st != AZ_OK)
        free(b.data);
    if (undefined)
        *undefined = n_undef;
    return st;
}
