/* SPDX-License-Identifier: Apache-2.0 */
/*
 * expr_criterion.c - the Criterion Object (Arazzo 1.0.1, checklist 2.11,
 * 2.12 and section 4): checks the type's version (CET-01, CET-02) and the
 * context (CRI-03, CRIT-50, CRIT-51), dispatches to the condition languages
 * (simple, regex, jsonpath, xpath) and turns every evaluation problem into
 * a failed criterion with a reason (CRIT-05).
 *
 * Evaluation of a regex, jsonpath or xpath criterion (CRIT-03): the context
 * expression is evaluated first; an undefined context fails. A condition
 * containing `{$` is a template (CRIT-04, [1.1]): its embedded expressions
 * are substituted as text (EXPR-42, no escaping) and the result is compiled
 * at each evaluation; an undefined embedded value fails the criterion
 * rather than splicing an empty string into the pattern.
 *
 * Context values: a regex matches the text of the value (EXPR-42, CRIT-22),
 * null fails. A jsonpath query runs on the JSON value (CRIT-32); null fails
 * (CRIT-31); a string whose first non-blank character is '{' or '[' and
 * that parses as JSON (a body the engine kept as text) is queried as the
 * parsed document, any other string as a JSON string. An xpath runs on a
 * string parsed as an XML document (CRIT-42); any other value fails.
 */
#include "expr_criterion.h"

#include "arazzo/expr.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The Criterion Expression Type Object version of goessner JSONPath. */
#define GOESSNER "draft-goessner-dispatch-jsonpath-00"

struct az_criterion {
    az_criterion_type type;
    char *condition;
    az_expr *context;     /* NULL for simple conditions */
    az_template *tpl;     /* a regex/jsonpath/xpath condition with `{$` */
    az__xpath_version xv; /* the requested XPath version */
    az__simple *simple;
    az__regex *regex;
    az_jsonpath *jsonpath;
    az__xpath *xpath;
};

/* The spellings of the types, in enum order. */
static const char *const type_names[] = {"simple", "regex", "jsonpath", "xpath"};

/* Returns the type's spelling. */
const char *az_criterion_type_name(az_criterion_type type)
{
    return (unsigned)type < sizeof type_names / sizeof type_names[0] ? type_names[type] : "?";
}

/* Copies at most `max` bytes of a string, cut on a UTF-8 boundary. */
char *az__crit_quote(const char *s, size_t max)
{
    size_t len = strlen(s);
    if (len <= max)
        return strdup(s);
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return az_strdupf("%.*s...", (int)max, s);
}

/* Copies diagnostics between lists, leaving out one code and promoting another. */
az_status az__crit_copy_diags(az_diags *dst, const az_diags *src, const char *skip,
                              const char *promote, bool *promoted)
{
    bool done = false;
    for (size_t i = 0; i < az_diags_count(src); i++) {
        const az_diag *d = az_diags_get(src, i);
        az_severity sev = d->severity;
        if (skip && d->code && strcmp(d->code, skip) == 0)
            continue;
        if (promote && d->code && strcmp(d->code, promote) == 0) {
            if (done)
                continue; /* one error is enough */
            sev = AZ_SEVERITY_ERROR;
            done = true;
        }
        if (!dst)
            continue;
        az_pos pos = {d->file, d->line, d->column};
        az_diag *c = az_diags_add(dst, sev, d->code, d->line ? &pos : NULL, "%s",
                                  d->message ? d->message : "");
        if (!c)
            return AZ_ERR_NOMEM;
        c->span = d->span;
        if ((d->source_line &&
             az_diag_set_source_line(c, d->source_line, strlen(d->source_line)) != AZ_OK) ||
            (d->pointer && az_diag_set_pointer(c, d->pointer) != AZ_OK))
            return AZ_ERR_NOMEM;
    }
    if (promoted)
        *promoted = done;
    return AZ_OK;
}

/* Checks the version against the type (CET-01, CET-02). */
static az_status check_version(az_criterion *c, const char *version, az_diags *diags)
{
    static const char *const xpath_versions[] = {"xpath-10", "xpath-20", "xpath-30"};
    c->xv = AZ__XPATH_31;
    if (!version)
        return AZ_OK;
    switch (c->type) {
    case AZ_CRITERION_JSONPATH:
        if (strcmp(version, GOESSNER) == 0)
            az_diags_add(diags, AZ_SEVERITY_ERROR, "criterion-unsupported", NULL,
                         "unsupported jsonpath dialect '%s': only RFC 9535 jsonpath (the "
                         "default when no version is given) is supported (CET-02)",
                         version);
        else
            az_diags_add(diags, AZ_SEVERITY_ERROR, "criterion-unsupported", NULL,
                         "unknown jsonpath version '%s'; the only version defined is '%s' "
                         "(CET-01)",
                         version, GOESSNER);
        return AZ_ERR_INVALID;
    case AZ_CRITERION_XPATH:
        for (size_t i = 0; i < sizeof xpath_versions / sizeof xpath_versions[0]; i++) {
            if (strcmp(version, xpath_versions[i]) == 0) {
                c->xv = (az__xpath_version)i;
                return AZ_OK;
            }
        }
        az_diags_add(diags, AZ_SEVERITY_ERROR, "criterion-unsupported", NULL,
                     "unknown xpath version '%s'; expected xpath-10, xpath-20 or xpath-30 "
                     "(CET-01)",
                     version);
        return AZ_ERR_INVALID;
    default:
        az_diags_add(diags, AZ_SEVERITY_ERROR, "criterion-unsupported", NULL,
                     "a %s criterion has no version, but version '%s' was given; versions "
                     "apply to jsonpath and xpath only (CET-01)",
                     type_names[c->type], version);
        return AZ_ERR_INVALID;
    }
}

/* Compiles a criterion. */
az_status az_criterion_compile(const char *condition, az_criterion_type type, const char *version,
                               const char *context, const az_expr_opts *opts, az_diags *diags,
                               az_criterion **out)
{
    az_status st = AZ_OK;
    az_criterion *c = NULL;
    *out = NULL;
    if (!condition) {
        az_diags_add(diags, AZ_SEVERITY_ERROR, "criterion-syntax", NULL,
                     "a criterion needs a condition (CRI-01)");
        return AZ_ERR_INVALID;
    }
    c = calloc(1, sizeof *c);
    if (!c || !(c->condition = strdup(condition))) {
        st = AZ_ERR_NOMEM;
        goto out;
    }
    c->type = type;
    if ((unsigned)type >= sizeof type_names / sizeof type_names[0]) {
        az_diags_add(diags, AZ_SEVERITY_ERROR, "criterion-unsupported", NULL,
                     "unknown criterion type %d", (int)type);
        st = AZ_ERR_INVALID;
        goto out;
    }
    if ((st = check_version(c, version, diags)) != AZ_OK)
        goto out;
    if (type == AZ_CRITERION_SIMPLE) {
        if (context)
            az_diags_add(diags, AZ_SEVERITY_WARNING, "criterion-context-ignored", NULL,
                         "context '%s' has no effect on a simple condition and is ignored "
                         "(CRIT-51)",
                         context);
        st = az__simple_compile(condition, opts, diags, &c->simple);
        goto out;
    }
    if (!context) {
        az_diags_add(diags, AZ_SEVERITY_ERROR, "criterion-context-missing", NULL,
                     "a %s criterion needs a context expression to apply '%s' to (CRI-03)",
                     type_names[type], condition);
        st = AZ_ERR_INVALID;
        goto out;
    }
    if ((st = az_expr_compile(context, opts, diags, &c->context)) != AZ_OK)
        goto out;
    if (strstr(condition, "{$")) {
        st = az_template_compile(condition, opts, diags, &c->tpl);
        if (st == AZ_OK && type == AZ_CRITERION_XPATH && c->xv != AZ__XPATH_10)
            az_diags_add(diags, AZ_SEVERITY_WARNING, "criterion-xpath-subset", NULL,
                         "xpath %s requested: only its xpath 1.0 subset is supported, and the "
                         "substituted expression is evaluated with xpath 1.0 semantics (CRIT-40)",
                         c->xv == AZ__XPATH_20   ? "2.0"
                         : c->xv == AZ__XPATH_30 ? "3.0"
                                                 : "3.1");
        goto out;
    }
    switch (type) {
    case AZ_CRITERION_REGEX: st = az__regex_compile(condition, diags, NULL, &c->regex); break;
    case AZ_CRITERION_JSONPATH: st = az_jsonpath_compile(condition, diags, &c->jsonpath); break;
    case AZ_CRITERION_XPATH:
        st = az__xpath_compile(condition, c->xv, diags, NULL, &c->xpath);
        break;
    default: break;
    }
out:
    if (st != AZ_OK) {
        az_criterion_free(c);
        c = NULL;
    }
    *out = c;
    return st;
}

/* Releases a criterion. */
void az_criterion_free(az_criterion *c)
{
    if (!c)
        return;
    free(c->condition);
    az_expr_free(c->context);
    az_template_free(c->tpl);
    az__simple_free(c->simple);
    az__regex_free(c->regex);
    az_jsonpath_free(c->jsonpath);
    az__xpath_free(c->xpath);
    free(c);
}

/* Returns the criterion's type. */
az_criterion_type az_criterion_get_type(const az_criterion *c)
{
    return c->type;
}

/* Returns the criterion's condition. */
const char *az_criterion_get_condition(const az_criterion *c)
{
    return c->condition;
}

/*
 * Compiles a JSONPath query at evaluation time, describing a syntax error
 * in *message.
 */
static az_status jsonpath_compile_late(const char *text, char **message, az_jsonpath **out)
{
    az_diags *d = az_diags_new();
    *message = NULL;
    if (!d)
        return AZ_ERR_NOMEM;
    az_status st = az_jsonpath_compile(text, d, out);
    if (st == AZ_ERR_SYNTAX) {
        const az_diag *e = az_diags_get(d, 0);
        *message =
            az_strdupf("invalid jsonpath '%s' at column %u: %s", text, e ? (unsigned)e->column : 0u,
                       e && e->message ? e->message : "syntax error");
        if (!*message)
            st = AZ_ERR_NOMEM;
    }
    az_diags_free(d);
    return st;
}

/* The evaluation state of one regex/jsonpath/xpath criterion. */
typedef struct run {
    const az_criterion *c;
    const char *ctx_name; /* the context expression */
    json_object *value;   /* its value (borrowed from the caller of run_*) */
    const char *cond;     /* the condition after substitution */
    char *why;            /* the failure reason */
} run;

/* Runs a regex criterion (CRIT-20..22). */
static az_status run_regex(run *r, bool *passed)
{
    az_status st = AZ_OK;
    az__regex *late = NULL;
    const az__regex *re = r->c->regex;
    char *text = NULL, *qt = NULL, *qp = NULL;
    bool matched = false;
    if (!re) {
        st = az__regex_compile(r->cond, NULL, &r->why, &late);
        if (st == AZ_ERR_SYNTAX)
            st = AZ_OK;
        if (st != AZ_OK || r->why)
            goto out;
        re = late;
    }
    if (!r->value) {
        r->why = az_strdupf("the context %s is null", r->ctx_name);
        goto out;
    }
    if (!(text = az_expr_value_to_text(r->value))) {
        st = AZ_ERR_NOMEM;
        goto out;
    }
    if ((st = az__regex_search(re, text, strlen(text), &matched, &r->why)) != AZ_OK || r->why)
        goto out;
    if (matched) {
        *passed = true;
        goto out;
    }
    qt = az__crit_quote(text, AZ__CRIT_QUOTE_MAX);
    qp = az__crit_quote(r->cond, AZ__CRIT_QUOTE_MAX);
    if (qt && qp)
        r->why =
            az_strdupf("'%s' (the value of %s) does not match the regex '%s'", qt, r->ctx_name, qp);
out:
    az__regex_free(late);
    free(text);
    free(qt);
    free(qp);
    return st;
}

/*
 * Parses a whole string as one JSON text into *out (a new reference), or
 * leaves *out NULL when it is not exactly one JSON value with optional
 * surrounding whitespace. Returns AZ_OK or AZ_ERR_NOMEM.
 */
static az_status parse_json_text(const char *s, json_object **out)
{
    size_t len = strlen(s);
    *out = NULL;
    if (len > INT_MAX)
        return AZ_OK;
    json_tokener *tok = json_tokener_new_ex(AZ_JSONPATH_MAX_DOC_DEPTH);
    if (!tok)
        return AZ_ERR_NOMEM;
    json_object *v = json_tokener_parse_ex(tok, s, (int)len);
    if (json_tokener_get_error(tok) == json_tokener_success &&
        strspn(s + json_tokener_get_parse_end(tok), " \t\r\n") ==
            len - json_tokener_get_parse_end(tok)) {
        *out = v;
        v = NULL;
    }
    json_object_put(v);
    json_tokener_free(tok);
    return AZ_OK;
}

/* Runs a jsonpath criterion (CRIT-30..33). */
static az_status run_jsonpath(run *r, bool *passed)
{
    az_status st = AZ_OK;
    az_jsonpath *late = NULL;
    const az_jsonpath *path = r->c->jsonpath;
    json_object *parsed = NULL, *nodes = NULL, *doc = r->value;
    char *qp = NULL;
    if (!path) {
        if ((st = jsonpath_compile_late(r->cond, &r->why, &late)) == AZ_ERR_SYNTAX)
            st = AZ_OK;
        if (st != AZ_OK || r->why)
            goto out;
        path = late;
    }
    if (!doc) {
        r->why = az_strdupf("the context %s is null, not a json document", r->ctx_name);
        goto out;
    }
    if (json_object_is_type(doc, json_type_string)) {
        const char *s = json_object_get_string(doc);
        s += strspn(s, " \t\r\n");
        if ((*s == '{' || *s == '[') && (st = parse_json_text(s, &parsed)) != AZ_OK)
            goto out;
        if (parsed)
            doc = parsed;
    }
    st = az_jsonpath_eval(path, doc, &nodes);
    if (st == AZ_ERR_LIMIT) {
        st = AZ_OK;
        r->why = az_strdupf("the value of %s is nested deeper than %u levels", r->ctx_name,
                            AZ_JSONPATH_MAX_DOC_DEPTH);
        goto out;
    }
    if (st != AZ_OK)
        goto out;
    if (json_object_array_length(nodes) > 0) {
        *passed = true;
        goto out;
    }
    if ((qp = az__crit_quote(r->cond, AZ__CRIT_QUOTE_MAX)))
        r->why =
            az_strdupf("the jsonpath '%s' selected nothing in the value of %s", qp, r->ctx_name);
out:
    az_jsonpath_free(late);
    json_object_put(parsed);
    json_object_put(nodes);
    free(qp);
    return st;
}

/* Runs an xpath criterion (CRIT-40..42). */
static az_status run_xpath(run *r, bool *passed)
{
    az_status st = AZ_OK;
    az__xpath *late = NULL;
    const az__xpath *x = r->c->xpath;
    char *qp = NULL;
    if (!x) {
        st = az__xpath_compile(r->cond, r->c->xv, NULL, &r->why, &late);
        if (st == AZ_ERR_SYNTAX || st == AZ_ERR_INVALID)
            st = AZ_OK;
        if (st != AZ_OK || r->why)
            goto out;
        x = late;
    }
    if (!json_object_is_type(r->value, json_type_string)) {
        r->why = az_strdupf("the context %s is not xml but a json %s", r->ctx_name,
                            r->value ? json_type_to_name(json_object_get_type(r->value)) : "null");
        goto out;
    }
    if ((st = az__xpath_eval(x, r->ctx_name, json_object_get_string(r->value),
                             (size_t)json_object_get_string_len(r->value), passed, &r->why)) !=
            AZ_OK ||
        r->why || *passed)
        goto out;
    if ((qp = az__crit_quote(r->cond, AZ__CRIT_QUOTE_MAX)))
        r->why = az_strdupf("the xpath '%s' is false for the value of %s", qp, r->ctx_name);
out:
    az__xpath_free(late);
    free(qp);
    return st;
}

/* Runs a regex, jsonpath or xpath criterion, setting r->why on failure. */
static az_status run_typed(run *r, const az_expr_context *ctx, bool *passed)
{
    az_status st;
    bool defined = false;
    char *rendered = NULL, *qc = NULL;
    size_t undefined = 0;
    r->value = NULL;
    r->cond = r->c->condition;
    st = az_expr_eval(r->c->context, ctx, &r->value, &defined);
    if (st == AZ_ERR_NOMEM)
        goto out;
    if (st != AZ_OK) {
        r->why = az_strdupf("the context %s could not be evaluated (%s)", r->ctx_name,
                            az_status_str(st));
        st = AZ_OK;
        goto out;
    }
    if (!defined) {
        r->why = az_strdupf("the context %s is undefined", r->ctx_name);
        goto out;
    }
    if (r->c->tpl) {
        st = az_template_render(r->c->tpl, ctx, &rendered, &undefined);
        if (st == AZ_ERR_NOMEM)
            goto out;
        if (st != AZ_OK || undefined) {
            if ((qc = az__crit_quote(r->c->condition, AZ__CRIT_QUOTE_MAX)))
                r->why = st != AZ_OK ? az_strdupf("the condition '%s' could not be "
                                                  "substituted (%s)",
                                                  qc, az_status_str(st))
                                     : az_strdupf("the condition '%s' embeds %zu "
                                                  "undefined value(s) (CRIT-04)",
                                                  qc, undefined);
            st = AZ_OK;
            goto out;
        }
        r->cond = rendered;
    }
    switch (r->c->type) {
    case AZ_CRITERION_REGEX: st = run_regex(r, passed); break;
    case AZ_CRITERION_JSONPATH: st = run_jsonpath(r, passed); break;
    case AZ_CRITERION_XPATH: st = run_xpath(r, passed); break;
    default: break;
    }
out:
    r->cond = NULL;
    json_object_put(r->value);
    r->value = NULL;
    free(rendered);
    free(qc);
    return st;
}

/* Evaluates a criterion. */
az_status az_criterion_eval(const az_criterion *c, const az_expr_context *ctx, bool *passed,
                            char **reason)
{
    az_status st;
    run r = {.c = c};
    *passed = false;
    if (reason)
        *reason = NULL;
    if (c->type == AZ_CRITERION_SIMPLE) {
        st = az__simple_eval(c->simple, ctx, passed, &r.why);
    } else {
        r.ctx_name = az_expr_canonical(c->context);
        st = run_typed(&r, ctx, passed);
    }
    if (st != AZ_OK) {
        *passed = false;
        goto out;
    }
    if (*passed)
        goto out;
    /* A reason that could not be formatted is out of memory. */
    if (!r.why) {
        st = AZ_ERR_NOMEM;
        goto out;
    }
    if (reason) {
        *reason = az_strdupf("criterion failed, because %s", r.why);
        if (!*reason)
            st = AZ_ERR_NOMEM;
    }
out:
    free(r.why);
    return st;
}
