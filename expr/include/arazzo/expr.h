/* SPDX-License-Identifier: Apache-2.0 */
/*
 * arazzo/expr.h - the expr module: runtime expressions, embedded {$...}
 * templates, JSON Pointers (RFC 6901), JSONPath queries (RFC 9535) and the
 * criteria of Arazzo steps (simple, regex, jsonpath, xpath). It knows
 * nothing of HTTP.
 *
 * The module's one public header (STYLE.md), in parts that build on
 * each other; each part says what it owns. The rule they share: what a
 * _new, _compile, _load or _build function returns belongs to the
 * caller and is released with the matching _free; everything passed in
 * is borrowed.
 */
#ifndef ARAZZO_EXPR_H
#define ARAZZO_EXPR_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

#include <arazzo/core.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ======================================================================== */
/*
 * Arazzo 1.0.1 runtime expressions (checklist section 3):
 * compiling `$...` expressions, evaluating them against a caller-provided
 * context, `{$...}` string templates, and JSON Pointer extras (the
 * URI-fragment form of RFC 6901 section 6 and the RFC 6902 `add` and
 * `replace` operations). The module knows nothing of HTTP or of Arazzo
 * documents: every value comes from the context.
 *
 * Ownership, for this part: what a function named _compile
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
/* ======================================================================== */

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

/* ======================================================================== */
/*
 * JSONPath queries (RFC 9535) over json-c trees, the
 * query language of `jsonpath` criteria (checklist CRIT-30 .. CRIT-34).
 *
 * A query is compiled once (az_jsonpath_compile) and evaluated many times
 * (az_jsonpath_eval); a compiled query is read-only during evaluation, so one
 * may be shared between threads. The function extensions length(), count(),
 * match(), search() and value() of RFC 9535 section 2.4 are built in; match()
 * and search() take I-Regexp patterns (RFC 9485) run by PCRE2.
 *
 * Ownership, for this part: the az_jsonpath returned by
 * az_jsonpath_compile and the array returned by az_jsonpath_eval belong to
 * the caller; the values inside that array are new references to the nodes
 * of the evaluated document.
 */
/* ======================================================================== */

/* A compiled JSONPath query. */
typedef struct az_jsonpath az_jsonpath;

/* Deepest nesting of parentheses, filters, negations and function calls
 * accepted inside one query. */
#define AZ_JSONPATH_MAX_NESTING 64u
/* Deepest document node a query visits (descendant segments, comparisons of
 * structured values); deeper documents make evaluation fail with
 * AZ_ERR_LIMIT. */
#define AZ_JSONPATH_MAX_DOC_DEPTH 1000u

/*
 * Compiles `query` (a NUL-terminated UTF-8 string). On success stores the
 * compiled query in *out and returns AZ_OK. When the query is not valid
 * RFC 9535 JSONPath, returns AZ_ERR_SYNTAX, sets *out to NULL and appends one
 * error to `diags` (may be NULL): code "jsonpath-syntax" for grammar errors,
 * "jsonpath-type" for ill-typed function expressions (RFC 9535 section
 * 2.4.3); no file, line 1, column = the 1-based code-point column of the
 * offending character inside the query, and the query as source line.
 * AZ_ERR_NOMEM when out of memory.
 */
az_status az_jsonpath_compile(const char *query, az_diags *diags, az_jsonpath **out);

/*
 * Evaluates a compiled query against `root` (NULL is a JSON null document).
 * On success stores in *out a new json-c array holding the selected nodes in
 * result order: each element is a new reference to a node of `root` (a JSON
 * null node is a NULL element). An empty array means an empty nodelist.
 * Returns AZ_ERR_LIMIT when the document is nested deeper than
 * AZ_JSONPATH_MAX_DOC_DEPTH where the query has to look, AZ_ERR_NOMEM when
 * out of memory; *out is NULL on failure.
 */
az_status az_jsonpath_eval(const az_jsonpath *path, json_object *root, json_object **out);

/*
 * Like az_jsonpath_eval, and also stores in *paths (when not NULL) a new
 * json-c array of the Normalized Paths (RFC 9535 section 2.7) of the selected
 * nodes, as strings, in the same order.
 */
az_status az_jsonpath_eval_paths(const az_jsonpath *path, json_object *root, json_object **out,
                                 json_object **paths);

/* Tells whether the query is a singular query (selects at most one node). */
bool az_jsonpath_is_singular(const az_jsonpath *path);

/* Releases a compiled query; accepts NULL. */
void az_jsonpath_free(az_jsonpath *path);

/*
 * Tells whether `pattern` (`len` bytes of UTF-8) is a valid I-Regexp
 * (RFC 9485) that PCRE2 accepts after translation.
 */
bool az_iregexp_valid(const char *pattern, size_t len);

/* ======================================================================== */
/*
 * Arazzo 1.0.1 criteria (Criterion Object, checklist
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
 * Ownership, for this part: the criterion returned by
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
/* ======================================================================== */

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

#endif /* ARAZZO_EXPR_H */
