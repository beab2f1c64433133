/* SPDX-License-Identifier: Apache-2.0 */
/*
 * arazzo/jsonpath.h - JSONPath queries (RFC 9535) over json-c trees, the
 * query language of `jsonpath` criteria (checklist CRIT-30 .. CRIT-34).
 *
 * A query is compiled once (az_jsonpath_compile) and evaluated many times
 * (az_jsonpath_eval); a compiled query is read-only during evaluation, so one
 * may be shared between threads. The function extensions length(), count(),
 * match(), search() and value() of RFC 9535 section 2.4 are built in; match()
 * and search() take I-Regexp patterns (RFC 9485) run by PCRE2.
 *
 * Ownership, once for the whole header: the az_jsonpath returned by
 * az_jsonpath_compile and the array returned by az_jsonpath_eval belong to
 * the caller; the values inside that array are new references to the nodes
 * of the evaluated document.
 */
#ifndef ARAZZO_JSONPATH_H
#define ARAZZO_JSONPATH_H

#include <arazzo/core.h>

#ifdef __cplusplus
extern "C" {
#endif

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

#ifdef __cplusplus
}
#endif

#endif /* ARAZZO_JSONPATH_H */
