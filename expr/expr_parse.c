/* SPDX-License-Identifier: Apache-2.0 */
/*
 * expr_parse.c - the runtime-expression parser (Arazzo 1.0.1 "Runtime
 * Expressions", checklist 3.1 and 3.2). It accepts the 1.0.1 ABNF with the
 * checklist's repairs (EXPR-01..07), which match the [1.1] grammar:
 *
 *   expression   = "$url" / "$method" / "$statusCode"
 *                / "$request." source / "$response." source
 *                / "$inputs." name [ path ] [ "#" json-pointer ]     ; EXPR-04
 *                / "$outputs." name [ path ] [ "#" json-pointer ]
 *                / "$steps." ident ".outputs." name [ path ] [ "#" json-pointer ]
 *                / "$workflows." ident "." ( "inputs" / "outputs" ) "." name
 *                                  [ path ] [ "#" json-pointer ]      ; EXPR-06
 *                / "$sourceDescriptions." ident [ "." name ]
 *                / "$components." kind "." name                     ; EXPR-03
 *   source       = "header." token / "query." name / "path." name
 *                / "body" [ path ] [ "#" json-pointer ]
 *   kind         = "parameters" / "successActions" / "failureActions" / "inputs"
 *   name         = 1*name-char          ; EXPR-01, EXPR-02 (never empty)
 *   ident        = 1*ident-char         ; [1.1] identifier-strict
 *   token        = 1*tchar              ; RFC 9110
 *   json-pointer = *( "/" reference-token )   ; RFC 6901, ends at whitespace
 *                                             ; and braces (EXPR-05)
 *   path         = 1*( "." 1*name-char-but-dot / "[" 1*DIGIT "]"
 *                    / "[" quote *char quote "]" )     ; non-standard
 *
 * The character classes are in expr_lex.c. A name keeps its dots: which
 * part is a declared name and which is a dereference is decided at
 * evaluation, longest declared name first (EXPR-20). `path` is the common
 * non-standard spelling (`$response.body.data[0].id`); it is converted to
 * the pointer "/data/0/id" with an expr-nonstandard-path warning, or
 * rejected with opts->strict. After a name, a path starts with '[' (a dot
 * belongs to the name). Keywords are case-sensitive; another casing is
 * accepted with an expr-keyword-case warning, rejected when strict (EXPR-07).
 */
#include "expr_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The roots of expressions, in the order of the enum below. */
enum root {
    R_URL,
    R_METHOD,
    R_STATUS,
    R_REQUEST,
    R_RESPONSE,
    R_INPUTS,
    R_OUTPUTS,
    R_STEPS,
    R_WORKFLOWS,
    R_SOURCES,
    R_COMPONENTS
};
static const char *const root_words[] = {
    "url",   "method",    "statusCode",         "request",   "response", "inputs", "outputs",
    "steps", "workflows", "sourceDescriptions", "components"};
static const char *const part_words[] = {"header", "query", "path", "body"};
static const char *const field_words[] = {"inputs", "outputs"};
static const char *const outputs_word[] = {"outputs"};
static const char *const kind_words[] = {"parameters", "successActions", "failureActions",
                                         "inputs"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Returns the readable name of a source, e.g. "$request.header". */
const char *az_expr_source_name(az_expr_source source)
{
    static const char *const names[] = {"$url",
                                        "$method",
                                        "$statusCode",
                                        "$request.header",
                                        "$request.query",
                                        "$request.path",
                                        "$request.body",
                                        "$response.header",
                                        "$response.query",
                                        "$response.path",
                                        "$response.body",
                                        "$inputs",
                                        "$outputs",
                                        "$steps.outputs",
                                        "$workflows.inputs",
                                        "$workflows.outputs",
                                        "$sourceDescriptions",
                                        "$components"};
    if ((size_t)source >= COUNT(names))
        return "unknown";
    return names[source];
}

/*
 * Reads a run of letters and matches it against `words`; stores the index
 * in *which. A miscased match is a warning (an error when strict); no
 * match is an error with code `code` naming what was expected.
 */
static az_status keyword(az__expr_scan *s, const char *const *words, size_t n, const char *code,
                         const char *expected, int *which)
{
    size_t start = s->pos;
    char found[64];
    while ((az__expr_peek(s) >= 'a' && az__expr_peek(s) <= 'z') ||
           (az__expr_peek(s) >= 'A' && az__expr_peek(s) <= 'Z'))
        s->pos++;
    size_t len = s->pos - start;
    const char *w = s->text + start;
    for (size_t i = 0; i < n; i++) {
        if (strlen(words[i]) == len && memcmp(words[i], w, len) == 0) {
            *which = (int)i;
            return AZ_OK;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (strlen(words[i]) == len && strncasecmp(words[i], w, len) == 0) {
            az__expr_diag(s, s->strict ? AZ_SEVERITY_ERROR : AZ_SEVERITY_WARNING,
                          "expr-keyword-case", start, len,
                          "keyword '%.*s' must be spelled '%s' (keywords are case-sensitive)",
                          (int)len, w, words[i]);
            if (s->strict)
                return AZ_ERR_SYNTAX;
            *which = (int)i;
            return AZ_OK;
        }
    }
    bool root = strcmp(code, "expr-unknown-root") == 0;
    if (len == 0)
        az__expr_diag(s, AZ_SEVERITY_ERROR, "expr-syntax", start, 1, "expected %s%s%s, found %s",
                      root ? "an expression root (" : "", expected, root ? ")" : "",
                      az__expr_describe(s, start, found, sizeof found));
    else {
        /* "did you mean": the closest word, at most 2 edits away. */
        const char *close = NULL;
        size_t best = 3;
        char word[64];
        snprintf(word, sizeof word, "%.*s", (int)(len < 63 ? len : 63), w);
        for (size_t i = 0; n > 1 && i < n; i++) { /* one word: `expected` names it */
            size_t d = az_edit_distance(words[i], word);
            if (d < best) {
                best = d;
                close = words[i];
            }
        }
        /* A root is underlined from its '$'. */
        size_t at = root && start > 0 ? start - 1 : start;
        az__expr_diag(s, AZ_SEVERITY_ERROR, code, at, len + (start - at),
                      "unknown %s '%s%.*s'%s%s%s%s (expected %s)",
                      root ? "expression root" : "keyword", root ? "$" : "", (int)len, w,
                      close ? "; did you mean '" : "", close && root ? "$" : "", close ? close : "",
                      close ? "'?" : "", expected);
    }
    return AZ_ERR_SYNTAX;
}

/*
 * Consumes the character `c` or reports what was expected after the text
 * read so far (`first`: at the start of the expression).
 */
static az_status expect_char(az__expr_scan *s, char c, bool first)
{
    char found[64];
    if (az__expr_peek(s) == (unsigned char)c) {
        s->pos++;
        return AZ_OK;
    }
    if (!first)
        az__expr_diag(s, AZ_SEVERITY_ERROR, "expr-syntax", s->pos, 1,
                      "expected '%c' after '%.*s', found %s", c, (int)(s->pos - s->start),
                      s->text + s->start, az__expr_describe(s, s->pos, found, sizeof found));
    else
        az__expr_diag(s, AZ_SEVERITY_ERROR, "expr-syntax", s->pos, 1,
                      "expected '%c' at the start of an expression, found %s", c,
                      az__expr_describe(s, s->pos, found, sizeof found));
    return AZ_ERR_SYNTAX;
}

/*
 * Reads a non-empty run of characters of one class into a new string in
 * *out; `what` names the run for the message (EXPR-02: never empty).
 */
static az_status read_run(az__expr_scan *s, int cls, const char *what, char **out)
{
    size_t start = s->pos;
    char found[64];
    for (;;) {
        unsigned char c = az__expr_peek(s);
        bool ok;
        if (cls == 0)
            ok = az__expr_is_name_char(s, c);
        else if (cls == 1)
            ok = az__expr_is_ident_char(c);
        else
            ok = az__expr_is_tchar(c) && !(s->prefix && strchr("!&|", c));
        if (!ok || c == 0)
            break;
        s->pos++;
    }
    if (s->pos == start) {
        az__expr_diag(s, AZ_SEVERITY_ERROR, "expr-syntax", start, 1,
                      "expected %s after '%.*s', found %s", what, (int)(start - s->start),
                      s->text + s->start, az__expr_describe(s, start, found, sizeof found));
        return AZ_ERR_SYNTAX;
    }
    *out = malloc(s->pos - start + 1);
    if (!*out)
        return AZ_ERR_NOMEM;
    memcpy(*out, s->text + start, s->pos - start);
    (*out)[s->pos - start] = '\0';
    return AZ_OK;
}

/*
 * Reads the non-standard path after a value (`.a[0]["b"]`), appending its
 * tokens to `ptr`. `dot_ok` tells whether a leading '.' starts it (after a
 * name the dot belongs to the name). Reports the path once.
 */
static az_status read_path(az__expr_scan *s, bool dot_ok, az_buf *ptr, const char *head)
{
    size_t start = s->pos;
    char found[64];
    size_t before = ptr->len;
    for (;;) {
        unsigned char c = az__expr_peek(s);
        if (c == '.' && (dot_ok || s->pos > start)) {
            size_t t = ++s->pos;
            while (az__expr_is_name_char(s, az__expr_peek(s)) && az__expr_peek(s) != '.')
                s->pos++;
            if (s->pos == t) {
                az__expr_diag(s, AZ_SEVERITY_ERROR, "expr-syntax", s->pos, 1,
                              "expected a member name after '.', found %s",
                              az__expr_describe(s, s->pos, found, sizeof found));
                return AZ_ERR_SYNTAX;
            }
            az_buf_add(ptr, "/", 1);
            az_buf_add_token(ptr, s->text + t, s->pos - t);
        } else if (c == '[') {
            size_t open = s->pos++;
            unsigned char q = az__expr_peek(s);
            size_t t = s->pos, tend;
            if (q >= '0' && q <= '9') {
                while (az__expr_peek(s) >= '0' && az__expr_peek(s) <= '9')
                    s->pos++;
                tend = s->pos;
            } else if (q == '\'' || q == '"') {
                t = ++s->pos;
                while (s->pos < s->end && (unsigned char)s->text[s->pos] != q)
                    s->pos++;
                tend = s->pos;
                if (az__expr_peek(s) == q)
                    s->pos++;
            } else {
                az__expr_diag(s, AZ_SEVERITY_ERROR, "expr-syntax", s->pos, 1,
                              "expected an index or a quoted name after '[', found %s",
                              az__expr_describe(s, s->pos, found, sizeof found));
                return AZ_ERR_SYNTAX;
            }
            if (az__expr_peek(s) != ']') {
                az__expr_diag(s, AZ_SEVERITY_ERROR, "expr-syntax", s->pos, 1,
                              "expected ']' to close the '[' at column %u, found %s",
                              (unsigned)az__expr_column(s->text, open),
                              az__expr_describe(s, s->pos, found, sizeof found));
                return AZ_ERR_SYNTAX;
            }
            s->pos++;
            az_buf_add(ptr, "/", 1);
            az_buf_add_token(ptr, s->text + t, tend - t);
        } else {
            break;
        }
    }
    if (s->pos == start)
        return AZ_OK;
    if (ptr->failed)
        return AZ_ERR_NOMEM;
    az__expr_diag(s, s->strict ? AZ_SEVERITY_ERROR : AZ_SEVERITY_WARNING, "expr-nonstandard-path",
                  start, s->pos - start,
                  "non-standard path '%.*s' after '%s'; the standard form is '%s#%s'",
                  (int)(s->pos - start), s->text + start, head, head, ptr->data + before);
    return s->strict ? AZ_ERR_SYNTAX : AZ_OK;
}

/* Reads an optional "#" json-pointer, appending it to `ptr`; sets *has when present. */
static az_status read_pointer(az__expr_scan *s, az_buf *ptr, bool *has)
{
    char found[64];
    if (az__expr_peek(s) != '#')
        return AZ_OK;
    *has = true;
    s->pos++;
    size_t start = s->pos;
    for (;;) {
        unsigned char c = az__expr_peek(s);
        /*
         * A whole expression's pointer runs to its end: RFC 6901 tokens may
         * hold spaces and braces (EXPR-04), and a template ends the scan at
         * its '}' (EXPR-05). Inside a condition (prefix mode) the pointer
         * ends at whitespace, a brace or an operator character.
         */
        if (s->prefix ? c <= 0x20 || c == 0x7f || c == '{' || c == '}' || strchr("=!<>&|(),", c)
                      : s->pos >= s->end)
            break;
        if (s->pos == start && c != '/') {
            az__expr_diag(s, AZ_SEVERITY_ERROR, "expr-syntax", s->pos, 1,
                          "expected '/' to start the json pointer after '#', found %s",
                          az__expr_describe(s, s->pos, found, sizeof found));
            return AZ_ERR_SYNTAX;
        }
        if (c == '~') {
            unsigned char d = s->pos + 1 < s->end ? (unsigned char)s->text[s->pos + 1] : 0;
            if (d != '0' && d != '1') {
                az__expr_diag(s, AZ_SEVERITY_ERROR, "expr-syntax", s->pos, d ? 2 : 1,
                              "invalid json pointer escape: '~' must be followed by '0' or '1'");
                return AZ_ERR_SYNTAX;
            }
            s->pos++;
        }
        s->pos++;
    }
    az_buf_add(ptr, s->text + start, s->pos - start);
    return ptr->failed ? AZ_ERR_NOMEM : AZ_OK;
}

/* Reads the optional path and pointer after a value-producing source. */
static az_status read_value_tail(az__expr_scan *s, bool dot_ok, az_buf *ptr, bool *has,
                                 size_t head_start)
{
    char head[256];
    size_t hl = s->pos - head_start;
    if (hl >= sizeof head)
        hl = sizeof head - 1;
    memcpy(head, s->text + head_start, hl);
    head[hl] = '\0';
    size_t before = ptr->len;
    az_status st = read_path(s, dot_ok, ptr, head);
    if (st != AZ_OK)
        return st;
    if (ptr->len > before)
        *has = true;
    return read_pointer(s, ptr, has);
}

/* Builds the standard spelling of a compiled expression. */
static char *canonical(const az_expr *e)
{
    az_buf b = {0};
    static const char *const heads[] = {"$url",
                                        "$method",
                                        "$statusCode",
                                        "$request.header.",
                                        "$request.query.",
                                        "$request.path.",
                                        "$request.body",
                                        "$response.header.",
                                        "$response.query.",
                                        "$response.path.",
                                        "$response.body",
                                        "$inputs.",
                                        "$outputs.",
                                        "$steps.",
                                        "$workflows.",
                                        "$workflows.",
                                        "$sourceDescriptions.",
                                        "$components."};
    az_buf_puts(&b, heads[e->source]);
    if (e->scope) {
        az_buf_puts(&b, e->scope);
        if (e->source == AZ_EXPR_STEP_OUTPUTS || e->source == AZ_EXPR_WORKFLOW_OUTPUTS)
            az_buf_puts(&b, ".outputs.");
        else if (e->source == AZ_EXPR_WORKFLOW_INPUTS)
            az_buf_puts(&b, ".inputs.");
        else if (e->name)
            az_buf_puts(&b, ".");
    }
    if (e->name)
        az_buf_puts(&b, e->name);
    if (e->pointer) {
        az_buf_puts(&b, "#");
        az_buf_puts(&b, e->pointer);
    }
    return az_buf_take(&b);
}

/* Compiles one expression at the scanner's position (see expr_internal.h). */
az_status az__expr_parse(az__expr_scan *s, az_expr **out)
{
    az_status st = AZ_OK;
    az_buf ptr = {0};
    bool has_ptr = false;
    char found[64];
    size_t start = s->pos;
    int w = -1;
    *out = NULL;
    s->start = start;
    az_expr *e = calloc(1, sizeof *e);
    if (!e)
        return AZ_ERR_NOMEM;

    if ((st = expect_char(s, '$', true)) != AZ_OK)
        goto out;
    if ((st = keyword(s, root_words, COUNT(root_words), "expr-unknown-root",
                      "one of $url, $method, $statusCode, $request., $response., $inputs., "
                      "$outputs., $steps., $workflows., $sourceDescriptions., $components.",
                      &w)) != AZ_OK)
        goto out;
    switch ((enum root)w) {
    case R_URL: e->source = AZ_EXPR_URL; break;
    case R_METHOD: e->source = AZ_EXPR_METHOD; break;
    case R_STATUS: e->source = AZ_EXPR_STATUS_CODE; break;
    case R_REQUEST:
    case R_RESPONSE: {
        bool req = w == R_REQUEST;
        int p = -1;
        if ((st = expect_char(s, '.', false)) != AZ_OK ||
            (st = keyword(s, part_words, COUNT(part_words), "expr-syntax",
                          "one of header, query, path, body", &p)) != AZ_OK)
            goto out;
        if (p == 3) {
            e->source = req ? AZ_EXPR_REQUEST_BODY : AZ_EXPR_RESPONSE_BODY;
            st = read_value_tail(s, true, &ptr, &has_ptr, start);
            break;
        }
        static const az_expr_source req_src[] = {AZ_EXPR_REQUEST_HEADER, AZ_EXPR_REQUEST_QUERY,
                                                 AZ_EXPR_REQUEST_PATH};
        static const az_expr_source resp_src[] = {AZ_EXPR_RESPONSE_HEADER, AZ_EXPR_RESPONSE_QUERY,
                                                  AZ_EXPR_RESPONSE_PATH};
        e->source = req ? req_src[p] : resp_src[p];
        if ((st = expect_char(s, '.', false)) != AZ_OK)
            goto out;
        st = p == 0 ? read_run(s, 2, "a header name", &e->name)
                    : read_run(s, 0, "a parameter name", &e->name);
        break;
    }
    case R_INPUTS:
    case R_OUTPUTS:
        e->source = w == R_INPUTS ? AZ_EXPR_INPUTS : AZ_EXPR_OUTPUTS;
        if ((st = expect_char(s, '.', false)) != AZ_OK ||
            (st = read_run(s, 0, "a name", &e->name)) != AZ_OK)
            goto out;
        st = read_value_tail(s, false, &ptr, &has_ptr, start);
        break;
    case R_STEPS:
        e->source = AZ_EXPR_STEP_OUTPUTS;
        if ((st = expect_char(s, '.', false)) != AZ_OK ||
            (st = read_run(s, 1, "a step id", &e->scope)) != AZ_OK ||
            (st = expect_char(s, '.', false)) != AZ_OK ||
            (st = keyword(s, outputs_word, 1, "expr-syntax", "'outputs'", &w)) != AZ_OK ||
            (st = expect_char(s, '.', false)) != AZ_OK ||
            (st = read_run(s, 0, "an output name", &e->name)) != AZ_OK)
            goto out;
        st = read_value_tail(s, false, &ptr, &has_ptr, start);
        break;
    case R_WORKFLOWS:
        if ((st = expect_char(s, '.', false)) != AZ_OK ||
            (st = read_run(s, 1, "a workflow id", &e->scope)) != AZ_OK ||
            (st = expect_char(s, '.', false)) != AZ_OK ||
            (st = keyword(s, field_words, 2, "expr-syntax", "'inputs' or 'outputs'", &w)) != AZ_OK)
            goto out;
        e->source = w == 0 ? AZ_EXPR_WORKFLOW_INPUTS : AZ_EXPR_WORKFLOW_OUTPUTS;
        if ((st = expect_char(s, '.', false)) != AZ_OK ||
            (st = read_run(s, 0, "a name", &e->name)) != AZ_OK)
            goto out;
        st = read_value_tail(s, false, &ptr, &has_ptr, start);
        break;
    case R_SOURCES:
        e->source = AZ_EXPR_SOURCE_DESCRIPTION;
        if ((st = expect_char(s, '.', false)) != AZ_OK ||
            (st = read_run(s, 1, "a source description name", &e->scope)) != AZ_OK)
            goto out;
        if (az__expr_peek(s) == '.') {
            s->pos++;
            st = read_run(s, 0, "a reference", &e->name);
        }
        break;
    case R_COMPONENTS:
        e->source = AZ_EXPR_COMPONENT;
        if ((st = expect_char(s, '.', false)) != AZ_OK ||
            (st = keyword(s, kind_words, COUNT(kind_words), "expr-syntax",
                          "one of parameters, successActions, failureActions, inputs", &w)) !=
                AZ_OK)
            goto out;
        e->scope = strdup(kind_words[w]);
        if (!e->scope) {
            st = AZ_ERR_NOMEM;
            goto out;
        }
        if ((st = expect_char(s, '.', false)) != AZ_OK)
            goto out;
        st = read_run(s, 0, "a component name", &e->name);
        break;
    }
    if (st != AZ_OK)
        goto out;
    if (!s->prefix && s->pos < s->end) {
        size_t rest = s->end - s->pos;
        az__expr_diag(s, AZ_SEVERITY_ERROR, "expr-syntax", s->pos, rest,
                      "expected end of expression after '%.*s', found %s", (int)(s->pos - start),
                      s->text + start, az__expr_describe(s, s->pos, found, sizeof found));
        st = AZ_ERR_SYNTAX;
        goto out;
    }
    if (has_ptr) {
        e->pointer = az_buf_take(&ptr);
        if (!e->pointer) {
            st = AZ_ERR_NOMEM;
            goto out;
        }
    }
    e->length = s->pos - start;
    e->canonical = canonical(e);
    if (!e->canonical) {
        st = AZ_ERR_NOMEM;
        goto out;
    }
out:
    free(ptr.data);
    if (st != AZ_OK) {
        az_expr_free(e);
        e = NULL;
    }
    *out = e;
    return st;
}

/* Compiles a whole string (or its prefix) to an expression. */
az_status az_expr_compile(const char *text, const az_expr_opts *opts, az_diags *diags,
                          az_expr **out)
{
    size_t len = strlen(text);
    az__expr_scan s = {.text = text,
                       .text_len = len,
                       .end = len,
                       .prefix = opts && opts->prefix,
                       .strict = opts && opts->strict,
                       .diags = diags};
    return az__expr_parse(&s, out);
}

/* Releases a compiled expression. */
void az_expr_free(az_expr *e)
{
    if (!e)
        return;
    free(e->scope);
    free(e->name);
    free(e->pointer);
    free(e->canonical);
    free(e);
}

/* Returns the source of an expression. */
az_expr_source az_expr_get_source(const az_expr *e)
{
    return e->source;
}

/* Returns the scope of an expression (borrowed) or NULL. */
const char *az_expr_get_scope(const az_expr *e)
{
    return e->scope;
}

/* Returns the name of an expression (borrowed) or NULL. */
const char *az_expr_get_name(const az_expr *e)
{
    return e->name;
}

/* Returns the pointer of an expression (borrowed) or NULL. */
const char *az_expr_get_pointer(const az_expr *e)
{
    return e->pointer;
}

/* Returns how many bytes of the compiled text the expression spans. */
size_t az_expr_length(const az_expr *e)
{
    return e->length;
}

/* Returns the standard spelling of an expression (borrowed). */
const char *az_expr_canonical(const az_expr *e)
{
    return e->canonical;
}

/* Tells whether a whole string is a runtime expression with a known root (EXPR-44). */
bool az_expr_is_expression(const char *s)
{
    az_expr *e = NULL;
    if (!s || s[0] != '$')
        return false;
    if (az_expr_compile(s, NULL, NULL, &e) != AZ_OK)
        return false;
    az_expr_free(e);
    return true;
}
