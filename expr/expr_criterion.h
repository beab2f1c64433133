/* SPDX-License-Identifier: Apache-2.0 */
/*
 * expr_criterion.h - the private interface between the criterion dispatcher
 * (expr_criterion.c, checklist section 4) and the condition languages it
 * runs: simple conditions (expr_simple.c, CRIT-10..18), PCRE2 regexes
 * (expr_regex.c, CRIT-20..22) and libxml2 XPath (expr_xpath.c, CRIT-40..42).
 * Never included outside expr/.
 *
 * Each language reports a failed evaluation as a reason text: the part that
 * follows "criterion failed, because " (CRIT-05), a new malloc'd string.
 */
#ifndef ARAZZO_EXPR_CRITERION_H
#define ARAZZO_EXPR_CRITERION_H

#include "arazzo/expr.h"
#include "expr_internal.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * Returns a new malloc'd copy of at most `max` bytes of `s` (cut on a
 * UTF-8 boundary, "..." appended when cut) for quoting in a reason.
 */
char *az__crit_quote(const char *s, size_t max);

/*
 * Appends copies of the diagnostics of `src` to `dst` (may be NULL), leaving
 * out those whose code is `skip` (may be NULL). The first diagnostic whose
 * code is `promote` (may be NULL) becomes an error and the others with that
 * code are dropped; *promoted (may be NULL) tells whether that happened.
 * Returns AZ_OK or AZ_ERR_NOMEM.
 */
az_status az__crit_copy_diags(az_diags *dst, const az_diags *src, const char *skip,
                              const char *promote, bool *promoted);

/* The longest value quoted in a reason, in bytes. */
#define AZ__CRIT_QUOTE_MAX 80u

/* A compiled simple condition (expr_simple.c). */
typedef struct az__simple az__simple;

/*
 * Compiles a simple condition (CRIT-13). Returns AZ_OK, AZ_ERR_SYNTAX (one
 * criterion-syntax or expr-* error in `diags`) or AZ_ERR_NOMEM.
 */
az_status az__simple_compile(const char *text, const az_expr_opts *opts, az_diags *diags,
                             az__simple **out);
/*
 * Evaluates a simple condition; on a failure stores a reason in *reason
 * (when not NULL). Returns AZ_OK or AZ_ERR_NOMEM.
 */
az_status az__simple_eval(const az__simple *s, const az_expr_context *ctx, bool *passed,
                          char **reason);
/* Releases a simple condition; accepts NULL. */
void az__simple_free(az__simple *s);

/* A compiled regex (expr_regex.c). */
typedef struct az__regex az__regex;

/*
 * Compiles `pattern` with PCRE2 (CRIT-20). On a syntax error returns
 * AZ_ERR_SYNTAX and, when `diags` is not NULL, adds one criterion-regex error
 * positioned in `pattern`; when `message` is not NULL stores a new malloc'd
 * lowercase description there instead (for errors at evaluation time).
 */
az_status az__regex_compile(const char *pattern, az_diags *diags, char **message, az__regex **out);
/*
 * Searches `subject` anywhere (CRIT-21). Stores the outcome in *matched;
 * a match-limit or other matching error stores a reason in *error (then
 * *matched is false). Returns AZ_OK or AZ_ERR_NOMEM.
 */
az_status az__regex_search(const az__regex *re, const char *subject, size_t len, bool *matched,
                           char **error);
/* Releases a regex; accepts NULL. */
void az__regex_free(az__regex *re);

/* The XPath dialects of the Criterion Expression Type Object (CRIT-40). */
typedef enum az__xpath_version {
    AZ__XPATH_10,
    AZ__XPATH_20,
    AZ__XPATH_30,
    AZ__XPATH_31
} az__xpath_version;

/* A compiled XPath expression (expr_xpath.c). */
typedef struct az__xpath az__xpath;

/*
 * Compiles `text` as XPath 1.0. A syntax error returns AZ_ERR_SYNTAX for
 * XPATH_10 (criterion-xpath) and AZ_ERR_INVALID for the later versions
 * (criterion-unsupported), with one diagnostic positioned in `text` or,
 * when `message` is not NULL, a description stored there. A later version
 * that compiles adds a criterion-xpath-subset warning (when `diags`).
 */
az_status az__xpath_compile(const char *text, az__xpath_version version, az_diags *diags,
                            char **message, az__xpath **out);
/*
 * Evaluates the expression against the XML document in `xml` (`len` bytes;
 * `name` names it in reasons),
 * passing on its effective boolean value (CRIT-41). A document that is not
 * well-formed XML or an evaluation error stores a reason in *error (then
 * *passed is false). Returns AZ_OK or AZ_ERR_NOMEM.
 */
az_status az__xpath_eval(const az__xpath *x, const char *name, const char *xml, size_t len,
                         bool *passed, char **error);
/* Releases an XPath expression; accepts NULL. */
void az__xpath_free(az__xpath *x);

#endif /* ARAZZO_EXPR_CRITERION_H */
