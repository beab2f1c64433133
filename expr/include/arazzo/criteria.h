/* SPDX-License-Identifier: Apache-2.0 */
/*
 * arazzo/criteria.h - Arazzo 1.0.1 criteria (Criterion Object, checklist
 * 2.11, 2.12 and section 4): `simple` conditions (CRIT-10..18), `regex`
 * (CRIT-20..22), `jsonpath` (RFC 9535, CRIT-30..34) and `xpath` (libxml2,
 * XPath 1.0, CRIT-40..42), with the `context` rules of CRIT-50/51.
 *
 * A criterion is compiled once (syntax errors are reported with a position
 * inside the condition) and evaluated against an az_expr_context. An
 * evaluation never fails for bad data: an undefined or non-XML context, a
 * regex that hits its match limit or a pattern that becomes invalid after
 * `{$...}` substitution make the criterion fail with a reason (CRIT-05).
 *
 * Engine decisions where 1.0.1 is silent (checklist section 4):
 *  - simple: C-like precedence, non-associative comparisons (CRIT-12);
 *    any comparison with an undefined operand fails, `==` and `!=` alike
 *    (EXPR-22), so `$response.body#/token != null` fails when the token is
 *    absent; null equals only null;
 *    strings compare case-insensitively with simple case folding of Latin,
 *    Greek, Cyrillic, Armenian and fullwidth letters; numeric strings
 *    compare as numbers; a boolean equals 'true'/'false' in any case;
 *    objects and arrays compare deeply (CRIT-14); relational operators
 *    compare numbers or two strings, anything else is false (CRIT-15); a
 *    bare operand passes when true, a non-zero number or a non-empty
 *    string, array or object (CRIT-16). A `{$` inside a string literal is
 *    literal text.
 *  - regex: PCRE2 with ECMAScript-like options, unanchored, under a match
 *    and a depth limit (CRIT-20, CRIT-21).
 *  - jsonpath: RFC 9535 only; a string context whose first non-blank
 *    character is '{' or '[' and that parses as JSON is queried parsed.
 *  - xpath: XPath 1.0 (libxml2); 2.0/3.x run their 1.0 subset with a
 *    warning; no namespace prefixes are registered (use local-name()).
 *  - `{$...}` in a regex, jsonpath or xpath condition is substituted as
 *    raw text before compiling at each evaluation (CRIT-04); an undefined
 *    embedded value fails the criterion.
 *
 * Ownership, once for the whole header: the criterion returned by
 * az_criterion_compile belongs to the caller and is released with
 * az_criterion_free (which accepts NULL); a reason stored through a
 * `char **` is malloc'd and belongs to the caller; every other pointer is
 * borrowed.
 *
 * Diagnostic codes (az_diag.code) produced by this module at compile time:
 *   criterion-syntax            a simple condition does not follow the
 *                               CRIT-13 grammar (error)
 *   criterion-regex             the regex does not compile (error)
 *   jsonpath-syntax, jsonpath-type
 *                               passed through from az_jsonpath_compile
 *   criterion-xpath             the XPath expression does not compile (error)
 *   criterion-unsupported       an unsupported version (CET-01/02), or an
 *                               XPath 2.0/3.x expression outside XPath 1.0
 *                               (error)
 *   criterion-context-missing   regex/jsonpath/xpath without a context
 *                               (error, CRI-03)
 *   criterion-context-ignored   a context given for a simple condition
 *                               (warning, CRIT-51)
 *   criterion-xpath-subset      XPath 2.0/3.x requested: only its XPath 1.0
 *                               subset is evaluated (warning, CRIT-40)
 *   expr-*                      passed through from the runtime-expression
 *                               compiler (the context, `{$...}` templates)
 * A positioned diagnostic is on line 1 (or the line of a multi-line
 * condition) at the 1-based code-point column inside the condition, with
 * a span and the condition as its source line.
 */
#ifndef ARAZZO_CRITERIA_H
#define ARAZZO_CRITERIA_H

#include <stdbool.h>

#include "arazzo/core.h"
#include "arazzo/expr.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The language of a condition (Criterion Object `type`). */
typedef enum az_criterion_type {
    AZ_CRITERION_SIMPLE = 0,
    AZ_CRITERION_REGEX,
    AZ_CRITERION_JSONPATH,
    AZ_CRITERION_XPATH
} az_criterion_type;

/* Returns the type's spelling in documents: "simple", "regex", ... */
const char *az_criterion_type_name(az_criterion_type type);

/* The deepest nesting of parentheses accepted in a simple condition. */
#define AZ_CRITERION_MAX_NESTING 64u
/* The PCRE2 match limit of regex criteria (backtracking steps). */
#define AZ_CRITERION_REGEX_MATCH_LIMIT 1000000u
/* The PCRE2 depth limit of regex criteria. */
#define AZ_CRITERION_REGEX_DEPTH_LIMIT 10000u

/* A compiled criterion (immutable; may be shared between threads). */
typedef struct az_criterion az_criterion;

/*
 * Compiles a criterion. `version` is NULL for the type's default (RFC 9535
 * JSONPath, XPath 3.1) or the Criterion Expression Type Object's version:
 * "draft-goessner-dispatch-jsonpath-00" for jsonpath is rejected as an
 * unsupported dialect (CET-02); "xpath-10", "xpath-20", "xpath-30" for
 * xpath. `context` is the Criterion Object's runtime expression (NULL when
 * absent); it is required for regex, jsonpath and xpath (CRI-03) and
 * ignored with a warning for simple (CRIT-51). A regex, JSONPath or XPath
 * condition containing `{$` is a template (CRIT-04): it is compiled as such
 * here and the substituted condition is compiled at each evaluation.
 *
 * Returns AZ_OK with *out set, or with *out NULL: AZ_ERR_SYNTAX (one
 * positioned error diagnostic: the condition, the context or a template
 * does not compile), AZ_ERR_INVALID (a NULL condition, an unsupported
 * version, a missing context, an XPath 2.0/3.x expression outside XPath
 * 1.0; one error diagnostic) or AZ_ERR_NOMEM.
 * `opts` (may be NULL) applies to the runtime expressions; `diags` may be
 * NULL. Warnings may be added on success.
 */
az_status az_criterion_compile(const char *condition, az_criterion_type type, const char *version,
                               const char *context, const az_expr_opts *opts, az_diags *diags,
                               az_criterion **out);

/*
 * Evaluates a criterion against `ctx`. Stores in *passed whether it passed
 * and, when `reason` is not NULL, in *reason NULL on a pass or a new
 * malloc'd explanation of the failure ("criterion failed, because ...",
 * CRIT-05). Every problem of the data (undefined or null context, non-XML
 * context, invalid pattern after substitution, regex match limit, failing
 * context lookups) is a failure with a reason, not an error. Returns AZ_OK,
 * or AZ_ERR_NOMEM (then *passed is false and *reason NULL).
 */
az_status az_criterion_eval(const az_criterion *c, const az_expr_context *ctx, bool *passed,
                            char **reason);

/* The criterion's type. */
az_criterion_type az_criterion_get_type(const az_criterion *c);
/* The criterion's condition text (borrowed). */
const char *az_criterion_get_condition(const az_criterion *c);

/* Releases a criterion. */
void az_criterion_free(az_criterion *c);

#ifdef __cplusplus
}
#endif

#endif /* ARAZZO_CRITERIA_H */
