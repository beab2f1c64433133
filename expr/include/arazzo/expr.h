/* SPDX-License-Identifier: Apache-2.0 */
/*
 * arazzo/expr.h - Arazzo 1.0.1 runtime expressions (checklist section 3):
 * compiling `$...` expressions, evaluating them against a caller-provided
 * context, `{$...}` string templates, and JSON Pointer extras (the
 * URI-fragment form of RFC 6901 section 6 and the RFC 6902 `add` and
 * `replace` operations). The module knows nothing of HTTP or of Arazzo
 * documents: every value comes from the context.
 *
 * Ownership, once for the whole header: what a function named _compile
 * returns belongs to the caller and is released with the matching _free
 * (every _free accepts NULL); a json_object handed out by _eval or by a
 * context callback is a new reference the caller must json_object_put; a
 * string a function stores through a `char **` is malloc'd and belongs to the
 * caller; every other pointer handed out is borrowed from the object it came
 * from and lives as long as that object.
 *
 * Diagnostic codes (az_diag.code) produced by this module:
 *   expr-syntax            the text is not a runtime expression (error)
 *   expr-unknown-root      `$name` is not one of the known roots (error)
 *   expr-nonstandard-path  `.a[0]` after a value instead of `#/a/0`
 *                          (warning; error with opts->strict)
 *   expr-keyword-case      `$StatusCode` for `$statusCode` (warning; error
 *                          with opts->strict) - EXPR-07
 *   expr-unterminated      a template's `{$` has no closing `}` (error)
 *   expr-depth             az_expr_eval_tree met a value nested too deep
 * A syntax diagnostic is placed in the compiled text: on the line holding
 * the offending character (line 1 unless the text spans lines: a template,
 * or an expression whose JSON Pointer holds a line break, which RFC 6901
 * allows), the 1-based code-point column of the offending
 * character, a span over the bad part and that line as its source line, so
 * az_diag_render_text draws the caret. Those of az_expr_eval_tree also
 * carry the JSON Pointer of the string they come from.
 */
#ifndef ARAZZO_EXPR_H
#define ARAZZO_EXPR_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

#include "arazzo/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Runtime expressions                                                       */
/* ------------------------------------------------------------------------ */

/* The source an expression reads (checklist 3.3, EXPR-10..1A). */
typedef enum az_expr_source {
    AZ_EXPR_URL = 0,            /* $url */
    AZ_EXPR_METHOD,             /* $method */
    AZ_EXPR_STATUS_CODE,        /* $statusCode */
    AZ_EXPR_REQUEST_HEADER,     /* $request.header.<token> */
    AZ_EXPR_REQUEST_QUERY,      /* $request.query.<name> */
    AZ_EXPR_REQUEST_PATH,       /* $request.path.<name> */
    AZ_EXPR_REQUEST_BODY,       /* $request.body */
    AZ_EXPR_RESPONSE_HEADER,    /* $response.header.<token> */
    AZ_EXPR_RESPONSE_QUERY,     /* $response.query.<name> (parses; EXPR-14) */
    AZ_EXPR_RESPONSE_PATH,      /* $response.path.<name> (parses; EXPR-14) */
    AZ_EXPR_RESPONSE_BODY,      /* $response.body */
    AZ_EXPR_INPUTS,             /* $inputs.<name> */
    AZ_EXPR_OUTPUTS,            /* $outputs.<name> */
    AZ_EXPR_STEP_OUTPUTS,       /* $steps.<id>.outputs.<name> */
    AZ_EXPR_WORKFLOW_INPUTS,    /* $workflows.<id>.inputs.<name> */
    AZ_EXPR_WORKFLOW_OUTPUTS,   /* $workflows.<id>.outputs.<name> */
    AZ_EXPR_SOURCE_DESCRIPTION, /* $sourceDescriptions.<name>[.<reference>] */
    AZ_EXPR_COMPONENT           /* $components.<kind>.<key> */
} az_expr_source;

/* Returns the source's spelling without its names, e.g. "$request.header". */
const char *az_expr_source_name(az_expr_source source);

/* Compile options; a zeroed struct (or NULL) gives the defaults. */
typedef struct az_expr_opts {
    /*
     * Reject the non-standard `.a[0]` paths after a value and miscased
     * keywords instead of accepting them with a warning.
     */
    bool strict;
    /*
     * Compile the longest expression at the start of the text and stop
     * there instead of requiring the whole text to be one expression (for
     * a criteria parser). Names then also stop at the operator characters
     * = ! < > & | ( ) and ','. az_expr_length tells how much was read.
     */
    bool prefix;
    /*
     * az_expr_eval_tree only: also evaluate bare expressions embedded in a
     * string after a space ("Bearer $inputs.token", see
     * az_template_from_bare), as Redocly's runner does; the standard
     * spelling is "Bearer {$inputs.token}".
     */
    bool bare_embedded;
} az_expr_opts;

/* A compiled runtime expression (immutable; may be shared between threads). */
typedef struct az_expr az_expr;

/*
 * Compiles `text` (which must start with '$'). Returns AZ_OK and the
 * expression in *out, or AZ_ERR_SYNTAX (one error diagnostic added to
 * `diags`, which may be NULL) or AZ_ERR_NOMEM with *out set to NULL.
 * Warnings (expr-nonstandard-path, expr-keyword-case) may be added on
 * success.
 */
az_status az_expr_compile(const char *text, const az_expr_opts *opts, az_diags *diags,
                          az_expr **out);

/* Releases a compiled expression. */
void az_expr_free(az_expr *e);

/* The source the expression reads. */
az_expr_source az_expr_get_source(const az_expr *e);
/*
 * The step id, workflow id, source description name or component kind the
 * expression names (borrowed), or NULL for the other sources.
 */
const char *az_expr_get_scope(const az_expr *e);
/*
 * The name after the source (header token, query/path/input/output name,
 * component key, source description reference; borrowed; may contain dots,
 * see EXPR-20), or NULL when the source has none.
 */
const char *az_expr_get_name(const az_expr *e);
/*
 * The plain RFC 6901 pointer applied to the value (borrowed; "" for the
 * whole value), including one converted from a non-standard path, or NULL
 * when the expression has none.
 */
const char *az_expr_get_pointer(const az_expr *e);
/* The number of bytes of the compiled text the expression spans. */
size_t az_expr_length(const az_expr *e);
/* The expression in its standard spelling (borrowed), e.g. "$response.body#/a/0". */
const char *az_expr_canonical(const az_expr *e);

/*
 * Tells whether a whole string is a runtime expression (EXPR-44): it must
 * start with '$' and compile, with default options, to a known root. So
 * "$inputs.id" is one and "$.store.book" (JSONPath-looking) stays literal.
 */
bool az_expr_is_expression(const char *s);

/* ------------------------------------------------------------------------ */
/* Evaluation                                                                */
/* ------------------------------------------------------------------------ */

/*
 * The caller's answers to each source. `user` is passed back unchanged.
 *
 * lookup: stores the value of a source in *value (a new reference; NULL for
 * JSON null) and sets *defined, or sets *defined to false (value NULL) when
 * the value does not exist (EXPR-22). `scope` and `name` are as returned by
 * az_expr_get_scope / az_expr_get_name; for the dotted-name sources (inputs,
 * outputs, step and workflow inputs/outputs, components) `name` is a
 * candidate prefix of the expression's name (EXPR-20). Header names must be
 * matched case-insensitively (EXPR-07). A returned failure status stops the
 * evaluation and is passed on.
 *
 * has_name (optional): tells whether `name` is a declared name for the
 * source and scope, so dotted names resolve longest match first (EXPR-20).
 * When NULL, lookup is tried with each candidate, longest first, and the
 * first defined value wins.
 */
typedef struct az_expr_context {
    void *user;
    az_status (*lookup)(void *user, az_expr_source source, const char *scope, const char *name,
                        json_object **value, bool *defined);
    bool (*has_name)(void *user, az_expr_source source, const char *scope, const char *name);
} az_expr_context;

/*
 * Evaluates a compiled expression. On AZ_OK, *defined tells whether the
 * value exists and *value is a new reference (NULL for JSON null or when
 * undefined). A pointer into a missing member, a missing step or header is
 * undefined, not an error. Fails only when the context's lookup fails
 * (its status is returned) or on AZ_ERR_NOMEM.
 */
az_status az_expr_eval(const az_expr *e, const az_expr_context *ctx, json_object **value,
                       bool *defined);

/*
 * Fills `ctx` with a context that answers from one json-c object (borrowed;
 * it must outlive the context) with the optional members
 *   url, method, statusCode,
 *   request {header, query, path, body}, response {header, body},
 *   inputs, outputs, steps {ID: {outputs}}, workflows {ID: {inputs, outputs}},
 *   sourceDescriptions {NAME: {REF: value}}, components {KIND: {KEY: value}}.
 * Header members are matched case-insensitively; a header whose value is an
 * array yields its first element (EXPR-21). An absent member is undefined;
 * a present null is JSON null.
 */
void az_expr_context_from_json(json_object *root, az_expr_context *ctx);

/* ------------------------------------------------------------------------ */
/* Templates: strings with embedded {$...} expressions (EXPR-40..45)         */
/* ------------------------------------------------------------------------ */

/* A compiled template (immutable). */
typedef struct az_template az_template;

/*
 * Compiles a string whose `{$...}` segments are runtime expressions (each
 * ends at the first '}', EXPR-05/41); a '{' not followed by '$' is literal.
 * `opts->prefix` is ignored. Returns AZ_OK and the template in *out, or
 * AZ_ERR_SYNTAX (expr-unterminated or a syntax error of an embedded
 * expression, its column counted in the whole template) or AZ_ERR_NOMEM,
 * with *out set to NULL.
 */
az_status az_template_compile(const char *text, const az_expr_opts *opts, az_diags *diags,
                              az_template **out);

/*
 * Rewrites bare runtime expressions embedded in a string into template
 * form: an expression with a known root (EXPR-44) that starts after a
 * space or tab, and runs to the end of what compiles in prefix mode, is
 * wrapped in braces - "Bearer $inputs.token" becomes
 * "Bearer {$inputs.token}". The standard only knows `{$...}` (EXPR-40);
 * documents written for Redocly's runner rely on this form. Returns a new
 * string, or NULL when the string holds no such expression (or is itself
 * a whole expression, or out of memory).
 */
char *az_template_from_bare(const char *s);

/* Releases a compiled template. */
void az_template_free(az_template *t);

/* The number of embedded expressions. */
size_t az_template_expr_count(const az_template *t);
/* The i-th embedded expression (borrowed), or NULL past the end. */
const az_expr *az_template_expr(const az_template *t, size_t i);

/*
 * Renders the template into a new malloc'd string stored in *out. Each
 * expression is spliced as text (EXPR-42): strings raw, numbers, booleans
 * and null as their JSON text, objects and arrays as compact JSON. An
 * undefined value splices as the empty string and is counted in *undefined
 * (may be NULL) so the caller can warn or fail (EXPR-22). Errors are those
 * of az_expr_eval, with *out set to NULL.
 */
az_status az_template_render(const az_template *t, const az_expr_context *ctx, char **out,
                             size_t *undefined);

/*
 * Returns the text of a value as a template splices it (a new malloc'd
 * string, NULL when out of memory); `value` NULL is JSON null.
 */
char *az_expr_value_to_text(json_object *value);

/* The deepest nesting az_expr_eval_tree walks (the root is depth 1). */
#define AZ_EXPR_MAX_DEPTH 512u

/*
 * Evaluates the expressions of a structured value (EXPR-45), e.g. a request
 * payload: stores in *out a new tree (a new reference; NULL for JSON null)
 * where every string leaf that is a whole runtime expression
 * (az_expr_is_expression, EXPR-44) is replaced by its value with its JSON
 * type (EXPR-23), every other string leaf containing `{$` is rendered as a
 * template (always a string, EXPR-43), and everything else, object keys
 * included, is copied. An undefined whole-expression value becomes JSON
 * null; every undefined value, whole or embedded, is counted in *undefined
 * (may be NULL). `in` is never modified (PR-06). Diagnostics carry the JSON
 * Pointer of their leaf. Returns AZ_ERR_SYNTAX (a malformed `{$...}`, or a
 * non-standard expression with opts->strict), AZ_ERR_LIMIT (nesting deeper
 * than AZ_EXPR_MAX_DEPTH), the context's failures or AZ_ERR_NOMEM, with
 * *out set to NULL.
 */
az_status az_expr_eval_tree(json_object *in, const az_expr_opts *opts, const az_expr_context *ctx,
                            az_diags *diags, json_object **out, size_t *undefined);

/* ------------------------------------------------------------------------ */
/* JSON Pointer extras (RFC 6901 section 6, RFC 6902)                        */
/* ------------------------------------------------------------------------ */

/*
 * Converts the URI-fragment form of a pointer ("#/paths/~1pets%7Bid%7D",
 * the '#' optional) to the plain form ("/paths/~1pets{id}") in a new
 * malloc'd string stored in *out. Returns AZ_ERR_INVALID for a malformed
 * percent-escape, a decoded NUL, a result that is not valid UTF-8 or not a
 * valid pointer; AZ_ERR_NOMEM.
 */
az_status az_pointer_from_fragment(const char *fragment, char **out);

/*
 * RFC 6902 `add`: places `value` at `pointer` in *root. The parent must
 * exist; an object member is created or replaced; in an array "-" appends
 * and an index up to the length inserts. The pointer "" replaces the whole
 * document (*root is released and set to `value`). Takes the reference to
 * `value` in every case (released on failure). The tree is modified in
 * place: deep-copy a shared tree first (PR-06). Returns AZ_ERR_NOT_FOUND
 * when the parent or index does not exist, AZ_ERR_INVALID for a malformed
 * pointer or a parent that is not an object or array.
 */
az_status az_pointer_add(json_object **root, const char *pointer, json_object *value);

/*
 * RFC 6902 `replace`: as az_pointer_add, but the target must already exist
 * (an array index must be below the length; "-" never exists).
 */
az_status az_pointer_replace(json_object **root, const char *pointer, json_object *value);

/*
 * A payload replacement on an XML text (checklist PR-02, PR-05): replaces
 * the text content of every element or attribute the XPath 1.0 expression
 * `xpath` selects with `text`, and stores the document, serialized again
 * (an XML declaration the input had is kept), in *out. Zero matches, a
 * malformed document or expression, or no libxml2 is AZ_ERR_INVALID with
 * a message in *error. Returns AZ_OK, AZ_ERR_INVALID or AZ_ERR_NOMEM.
 */
az_status az_xml_replace(const char *xml, size_t len, const char *xpath, const char *text,
                         char **out, char **error);

#ifdef __cplusplus
}
#endif

#endif /* ARAZZO_EXPR_H */
