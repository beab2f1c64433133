/* SPDX-License-Identifier: Apache-2.0 */
/*
 * expr_bare.c - bare runtime expressions embedded in strings
 * ("Bearer $inputs.token"): finding them and rewriting the string into the
 * standard template form ("Bearer {$inputs.token}", EXPR-40), for
 * compatibility with documents written for Redocly's runner, which
 * substitutes them. See az_template_from_bare in expr.h.
 */
#include "expr_internal.h"

#include <stdlib.h>
#include <string.h>

/* Rewrites bare embedded expressions; see expr.h. */
char *az_template_from_bare(const char *s)
{
    az_buf b = {0};
    bool found = false;
    az_expr_opts opts = {.prefix = true};
    if (!s || az_expr_is_expression(s))
        return NULL;
    for (const char *p = s; *p;) {
        bool starts = *p == '$' && p > s && (p[-1] == ' ' || p[-1] == '\t');
        az_expr *e = NULL;
        if (starts && az_expr_compile(p, &opts, NULL, &e) == AZ_OK) {
            size_t len = az_expr_length(e);
            az_expr_free(e);
            /* A '{' before it means it already is a template segment. */
            az_buf_add(&b, "{", 1);
            az_buf_add(&b, p, len);
            az_buf_add(&b, "}", 1);
            p += len;
            found = true;
            continue;
        }
        az_buf_add(&b, p, 1);
        p++;
    }
    if (!found || b.failed) {
        free(b.data);
        return NULL;
    }
    return az_buf_take(&b);
}
