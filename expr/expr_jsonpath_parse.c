/* SPDX-License-Identifier: Apache-2.0 */
/*
 * expr_jsonpath_parse.c - the JSONPath query parser: RFC 9535 section 2
 * (syntax) and section 2.4.3 (well-typedness of function expressions), for
 * `jsonpath` criteria (checklist CRIT-30, CRIT-34). A recursive-descent
 * parser producing the tree of expr_jsonpath.h; its nesting is bounded by
 * AZ_JSONPATH_MAX_NESTING and n-ary ||/&& nodes keep long chains flat.
 *
 * Grammar (RFC 9535, ABNF, abridged to the rules the parser follows):
 *
 *   jsonpath-query    = root-identifier segments
 *   segments          = *(S segment)
 *   B = %x20 / %x09 / %x0A / %x0D ;  S = *B
 *   segment           = child-segment / descendant-segment
 *   child-segment     = bracketed-selection
 *                     / ("." (wildcard-selector / member-name-shorthand))
 *   descendant-segment = ".." (bracketed-selection / wildcard-selector
 *                              / member-name-shorthand)
 *   bracketed-selection = "[" S selector *(S "," S selector) S "]"
 *   selector          = name-selector / wildcard-selector / slice-selector
 *                     / index-selector / filter-selector
 *   name-selector     = string-literal
 *   wildcard-selector = "*"
 *   index-selector    = int
 *   int               = "0" / (["-"] DIGIT1 *DIGIT)  ; within +-(2^53-1)
 *   slice-selector    = [start S] ":" S [end S] [":" [S step]]
 *   filter-selector   = "?" S logical-expr
 *   logical-expr      = logical-and-expr *(S "||" S logical-and-expr)
 *   logical-and-expr  = basic-expr *(S "&&" S basic-expr)
 *   basic-expr        = paren-expr / comparison-expr / test-expr
 *   paren-expr        = [logical-not-op S] "(" S logical-expr S ")"
 *   test-expr         = [logical-not-op S] (filter-query / function-expr)
 *   filter-query      = rel-query / jsonpath-query
 *   rel-query         = "@" segments
 *   comparison-expr   = comparable S comparison-op S comparable
 *   comparable        = literal / singular-query / function-expr
 *   comparison-op     = "==" / "!=" / "<=" / ">=" / "<" / ">"
 *   singular-query    = ("@" / "$") *(S (name-segment / index-segment))
 *   literal           = number / string-literal / "true" / "false" / "null"
 *   number            = (int / "-0") [ "." 1*DIGIT ] [ "e" [ "-" / "+" ] 1*DIGIT ]
 *   function-expr     = function-name "(" S [function-argument
 *                        *(S "," S function-argument)] S ")"
 *   function-name     = LCALPHA *(LCALPHA / "_" / DIGIT)
 *   function-argument = literal / filter-query / logical-expr / function-expr
 *   member-name-shorthand = name-first *(name-first / DIGIT)
 *   name-first        = ALPHA / "_" / %x80-D7FF / %xE000-10FFFF
 *   string-literal    = %x22 *double-quoted %x22 / %x27 *single-quoted %x27
 *   ; escapes: \b \f \n \r \t \/ \\ \uXXXX (surrogate pairs joined) and the
 *   ; literal's own quote; unescaped U+0000..U+001F are not allowed
 */
#include "expr_jsonpath.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The parser state. `failed` is set by the first error, which is the only
 * one reported. */
typedef struct jp_parser {
    const char *src;
    size_t len;
    size_t pos;
    az_diags *diags;
    bool failed;
    bool nomem;
    unsigned depth;
} jp_parser;

/* A built-in function: name, parameter types and result type (RFC 9535
 * sections 2.4.4 to 2.4.8). */
typedef struct jp_func_def {
    const char *name;
    az__jp_func id;
    size_t nparams;
    az__jp_type params[2];
    az__jp_type result;
} jp_func_def;

static const jp_func_def FUNCS[] = {
    {"length", AZ__JP_FN_LENGTH, 1, {AZ__JP_VALUE, AZ__JP_VALUE}, AZ__JP_VALUE},
    {"count", AZ__JP_FN_COUNT, 1, {AZ__JP_NODES, AZ__JP_VALUE}, AZ__JP_VALUE},
    {"match", AZ__JP_FN_MATCH, 2, {AZ__JP_VALUE, AZ__JP_VALUE}, AZ__JP_LOGICAL},
    {"search", AZ__JP_FN_SEARCH, 2, {AZ__JP_VALUE, AZ__JP_VALUE}, AZ__JP_LOGICAL},
    {"value", AZ__JP_FN_VALUE, 1, {AZ__JP_NODES, AZ__JP_VALUE}, AZ__JP_VALUE},
};

/* The largest integer allowed in indexes and slices (I-JSON, 2^53 - 1). */
#define JP_MAX_INT 9007199254740991LL

/* Returns the 1-based code-point column of byte offset `at` in the query. */
static uint32_t column_of(const jp_parser *p, size_t at)
{
    uint32_t col = 1;
    for (size_t i = 0; i < at && i < p->len; i++) {
        if (((unsigned char)p->src[i] & 0xC0) != 0x80)
            col++;
    }
    return col;
}

/*
 * Finds the line of byte offset `at` (a query may span lines: RFC 9535
 * allows line breaks as blank space): its 1-based number, the offsets where
 * it starts and ends, and the 1-based code-point column of `at` on it.
 */
static void line_of(const jp_parser *p, size_t at, uint32_t *line, size_t *start, size_t *end,
                    uint32_t *column)
{
    size_t i, first = 0;
    uint32_t n = 1, col = 1;
    if (at > p->len)
        at = p->len;
    for (i = 0; i < at; i++) {
        if (p->src[i] == '\n') {
            n++;
            first = i + 1;
        }
    }
    for (i = first; i < at; i++)
        if (((unsigned char)p->src[i] & 0xC0) != 0x80)
            col++;
    size_t last = first;
    while (last < p->len && p->src[last] != '\n' && p->src[last] != '\r')
        last++;
    *line = n;
    *start = first;
    *end = last;
    *column = col;
}

/* Records the first error, at byte offset `at`, spanning `span` columns. */
static void fail_at(jp_parser *p, const char *code, size_t at, uint32_t span, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Records the first error, at byte offset `at`, spanning `span` columns. */
static void fail_at(jp_parser *p, const char *code, size_t at, uint32_t span, const char *fmt, ...)
{
    if (p->failed)
        return;
    p->failed = true;
    if (!p->diags)
        return;
    az_pos pos = {NULL, 1, 1};
    size_t start, end;
    line_of(p, at, &pos.line, &start, &end, &pos.column);
    va_list ap;
    va_start(ap, fmt);
    az_diag *d = az_diags_addv(p->diags, AZ_SEVERITY_ERROR, code, &pos, fmt, ap);
    va_end(ap);
    if (!d)
        return;
    d->span = span;
    az_diag_set_source_line(d, p->src + start, end - start);
}

/* Describes the character at byte offset `at` for messages ("'x'", "end of
 * query") in `buf`. */
static const char *found_at(const jp_parser *p, size_t at, char *buf, size_t size)
{
    if (at >= p->len)
        return "end of query";
    unsigned char c = (unsigned char)p->src[at];
    if (c < 0x20 || c == 0x7F) {
        snprintf(buf, size, "character U+%04X", c);
        return buf;
    }
    uint32_t cp;
    size_t n = az__jp_utf8_decode((const unsigned char *)p->src + at, p->len - at, &cp);
    if (n == 0)
        return "invalid UTF-8";
    snprintf(buf, size, "'%.*s'", (int)n, p->src + at);
    return buf;
}

/* Records a "expected X, found Y" syntax error at byte offset `at`. */
static void expected(jp_parser *p, size_t at, const char *what)
{
    char buf[32];
    fail_at(p, "jsonpath-syntax", at, 1, "expected %s, found %s", what,
            found_at(p, at, buf, sizeof buf));
}

/* Records an out-of-memory failure. */
static void fail_nomem(jp_parser *p)
{
    p->nomem = true;
    p->failed = true;
}

/* Tells whether the byte at `at` exists and equals `c`. */
static bool peek(const jp_parser *p, size_t at, char c)
{
    return at < p->len && p->src[at] == c;
}

/* Skips the blank characters of rule S. */
static void skip_ws(jp_parser *p)
{
    while (p->pos < p->len) {
        char c = p->src[p->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        p->pos++;
    }
}

/* Enters one level of query nesting; false (with an error) beyond the
 * limit. */
static bool enter(jp_parser *p)
{
    if (++p->depth > AZ_JSONPATH_MAX_NESTING) {
        fail_at(p, "jsonpath-syntax", p->pos, 1, "query nested deeper than %u levels",
                AZ_JSONPATH_MAX_NESTING);
        return false;
    }
    return true;
}

/* Releases an expression tree. */
static void expr_free(az__jp_expr *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->nlist; i++)
        expr_free(e->list[i]);
    free(e->list);
    json_object_put(e->literal);
    az__jp_query_free(e->query);
    pcre2_code_free(e->regex);
    free(e);
}

/* Releases a query and everything below it; see expr_jsonpath.h. */
void az__jp_query_free(az__jp_query *q)
{
    if (!q)
        return;
    for (size_t i = 0; i < q->nsegs; i++) {
        az__jp_segment *seg = &q->segs[i];
        for (size_t j = 0; j < seg->nsels; j++) {
            free(seg->sels[j].name);
            expr_free(seg->sels[j].filter);
        }
        free(seg->sels);
    }
    free(q->segs);
    free(q);
}

/* Allocates an expression node of `kind` starting at byte offset `at`. */
static az__jp_expr *expr_new(jp_parser *p, az__jp_expr_kind kind, size_t at)
{
    az__jp_expr *e = calloc(1, sizeof *e);
    if (!e) {
        fail_nomem(p);
        return NULL;
    }
    e->kind = kind;
    e->at = at;
    e->column = column_of(p, at);
    return e;
}

/* Appends `child` to the operand list of `e`; frees the child on failure. */
static bool expr_push(jp_parser *p, az__jp_expr *e, az__jp_expr *child)
{
    az__jp_expr **grown = realloc(e->list, (e->nlist + 1) * sizeof *grown);
    if (!grown) {
        expr_free(child);
        fail_nomem(p);
        return false;
    }
    e->list = grown;
    e->list[e->nlist++] = child;
    return true;
}

/* Appends one code point as UTF-8 to a growing buffer. */
static bool buf_put_cp(jp_parser *p, char **buf, size_t *len, size_t *cap, uint32_t cp)
{
    if (*len + 5 > *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        char *grown = realloc(*buf, ncap);
        if (!grown) {
            fail_nomem(p);
            return false;
        }
        *buf = grown;
        *cap = ncap;
    }
    char *o = *buf + *len;
    if (cp < 0x80) {
        o[0] = (char)cp;
        *len += 1;
    } else if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        *len += 2;
    } else if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        *len += 3;
    } else {
        o[0] = (char)(0xF0 | (cp >> 18));
        o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[3] = (char)(0x80 | (cp & 0x3F));
        *len += 4;
    }
    (*buf)[*len] = '\0';
    return true;
}

/* Reads exactly four hex digits at the position into *out. */
static bool read_hex4(jp_parser *p, uint32_t *out)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        if (p->pos >= p->len) {
            expected(p, p->pos, "a hexadecimal digit");
            return false;
        }
        char c = p->src[p->pos];
        uint32_t d;
        if (c >= '0' && c <= '9')
            d = (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f')
            d = (uint32_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            d = (uint32_t)(c - 'A' + 10);
        else {
            expected(p, p->pos, "a hexadecimal digit");
            return false;
        }
        v = v * 16 + d;
        p->pos++;
    }
    *out = v;
    return true;
}

/*
 * Reads a string literal at its opening quote into a new malloc'd buffer
 * (*out, *out_len bytes, NUL-terminated) with every escape resolved.
 */
static bool parse_string(jp_parser *p, char **out, size_t *out_len)
{
    char quote = p->src[p->pos];
    size_t open = p->pos;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    p->pos++;
    if (!buf_put_cp(p, &buf, &len, &cap, 0))
        goto fail;
    len = 0;
    for (;;) {
        if (p->pos >= p->len) {
            fail_at(p, "jsonpath-syntax", open, 1, "unterminated string literal");
            goto fail;
        }
        unsigned char c = (unsigned char)p->src[p->pos];
        uint32_t cp;
        if (c == (unsigned char)quote) {
            p->pos++;
            break;
        }
        if (c < 0x20) {
            fail_at(p, "jsonpath-syntax", p->pos, 1,
                    "control character U+%04X must be escaped in a string literal", c);
            goto fail;
        }
        if (c == '\\') {
            size_t esc = p->pos;
            p->pos++;
            char e = p->pos < p->len ? p->src[p->pos] : '\0';
            switch (e) {
            case 'b': cp = '\b'; break;
            case 'f': cp = '\f'; break;
            case 'n': cp = '\n'; break;
            case 'r': cp = '\r'; break;
            case 't': cp = '\t'; break;
            case '/': cp = '/'; break;
            case '\\': cp = '\\'; break;
            case '\'':
            case '"':
                if (e != quote) {
                    fail_at(p, "jsonpath-syntax", esc, 2, "invalid escape '\\%c' in a %s string", e,
                            quote == '\'' ? "single-quoted" : "double-quoted");
                    goto fail;
                }
                cp = (uint32_t)e;
                break;
            case 'u':
                p->pos++;
                if (!read_hex4(p, &cp))
                    goto fail;
                if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    fail_at(p, "jsonpath-syntax", esc, 6, "lone low surrogate \\u%04X", cp);
                    goto fail;
                }
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    uint32_t lo;
                    if (!peek(p, p->pos, '\\') || !peek(p, p->pos + 1, 'u')) {
                        fail_at(p, "jsonpath-syntax", esc, 6,
                                "high surrogate \\u%04X not followed by a low surrogate", cp);
                        goto fail;
                    }
                    p->pos += 2;
                    if (!read_hex4(p, &lo))
                        goto fail;
                    if (lo < 0xDC00 || lo > 0xDFFF) {
                        fail_at(p, "jsonpath-syntax", esc, 12,
                                "high surrogate \\u%04X not followed by a low surrogate", cp);
                        goto fail;
                    }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                }
                p->pos--; /* the common p->pos++ below */
                break;
            default:
                fail_at(p, "jsonpath-syntax", esc, 2, "invalid escape sequence in string literal");
                goto fail;
            }
            p->pos++;
        } else {
            size_t n =
                az__jp_utf8_decode((const unsigned char *)p->src + p->pos, p->len - p->pos, &cp);
            if (n == 0) {
                fail_at(p, "jsonpath-syntax", p->pos, 1, "invalid UTF-8 in string literal");
                goto fail;
            }
            p->pos += n;
        }
        if (!buf_put_cp(p, &buf, &len, &cap, cp))
            goto fail;
    }
    *out = buf;
    *out_len = len;
    return true;
fail:
    free(buf);
    return false;
}

/* Reads an int (index or slice bound) within the I-JSON range. */
static bool parse_int(jp_parser *p, int64_t *out)
{
    size_t start = p->pos;
    bool neg = false;
    int64_t v = 0;
    if (peek(p, p->pos, '-')) {
        neg = true;
        p->pos++;
    }
    if (p->pos >= p->len || p->src[p->pos] < '0' || p->src[p->pos] > '9') {
        expected(p, p->pos, "a digit");
        return false;
    }
    if (p->src[p->pos] == '0') {
        p->pos++;
        if (neg) {
            fail_at(p, "jsonpath-syntax", start, 2, "'-0' is not a valid index");
            return false;
        }
        if (p->pos < p->len && p->src[p->pos] >= '0' && p->src[p->pos] <= '9') {
            fail_at(p, "jsonpath-syntax", start, 1, "leading zeros are not allowed in an index");
            return false;
        }
        *out = 0;
        return true;
    }
    while (p->pos < p->len && p->src[p->pos] >= '0' && p->src[p->pos] <= '9') {
        v = v * 10 + (p->src[p->pos] - '0');
        p->pos++;
        if (v > JP_MAX_INT) {
            while (p->pos < p->len && p->src[p->pos] >= '0' && p->src[p->pos] <= '9')
                p->pos++;
            fail_at(p, "jsonpath-syntax", start, (uint32_t)(p->pos - start),
                    "integer '%.*s' is outside the range -(2^53-1)..2^53-1", (int)(p->pos - start),
                    p->src + start);
            return false;
        }
    }
    *out = neg ? -v : v;
    return true;
}

/* Tells whether the code point may start a member-name-shorthand. */
static bool is_name_first(uint32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_' || cp >= 0x80;
}

/* Reads a member-name-shorthand into a selector. */
static bool parse_shorthand(jp_parser *p, az__jp_selector *sel)
{
    size_t start = p->pos;
    while (p->pos < p->len) {
        uint32_t cp;
        size_t n = az__jp_utf8_decode((const unsigned char *)p->src + p->pos, p->len - p->pos, &cp);
        if (n == 0) {
            fail_at(p, "jsonpath-syntax", p->pos, 1, "invalid UTF-8 in member name");
            return false;
        }
        if (!is_name_first(cp) && !(cp >= '0' && cp <= '9' && p->pos > start))
            break;
        p->pos += n;
    }
    if (p->pos == start) {
        expected(p, p->pos, "a member name, '*' or '['");
        return false;
    }
    sel->kind = AZ__JP_SEL_NAME;
    sel->name_len = p->pos - start;
    sel->name = malloc(sel->name_len + 1);
    if (!sel->name) {
        fail_nomem(p);
        return false;
    }
    memcpy(sel->name, p->src + start, sel->name_len);
    sel->name[sel->name_len] = '\0';
    return true;
}

static az__jp_expr *parse_logical(jp_parser *p);
static az__jp_query *parse_query(jp_parser *p);
static bool check_test(jp_parser *p, const az__jp_expr *e);

/* Reads one selector of a bracketed selection. */
static bool parse_selector(jp_parser *p, az__jp_selector *sel)
{
    if (p->pos >= p->len) {
        expected(p, p->pos, "a selector");
        return false;
    }
    char c = p->src[p->pos];
    if (c == '\'' || c == '"') {
        sel->kind = AZ__JP_SEL_NAME;
        return parse_string(p, &sel->name, &sel->name_len);
    }
    if (c == '*') {
        sel->kind = AZ__JP_SEL_WILDCARD;
        p->pos++;
        return true;
    }
    if (c == '?') {
        sel->kind = AZ__JP_SEL_FILTER;
        p->pos++;
        if (!enter(p))
            return false;
        skip_ws(p);
        sel->filter = parse_logical(p);
        p->depth--;
        return sel->filter != NULL && check_test(p, sel->filter);
    }
    if (c == '-' || (c >= '0' && c <= '9') || c == ':') {
        if (c != ':') {
            if (!parse_int(p, &sel->start))
                return false;
            size_t save = p->pos;
            skip_ws(p);
            if (!peek(p, p->pos, ':')) {
                p->pos = save;
                sel->kind = AZ__JP_SEL_INDEX;
                sel->index = sel->start;
                return true;
            }
            sel->has_start = true;
        }
        sel->kind = AZ__JP_SEL_SLICE;
        sel->step = 1;
        p->pos++; /* ':' */
        skip_ws(p);
        if (peek(p, p->pos, '-') ||
            (p->pos < p->len && p->src[p->pos] >= '0' && p->src[p->pos] <= '9')) {
            if (!parse_int(p, &sel->end))
                return false;
            sel->has_end = true;
            skip_ws(p);
        }
        if (peek(p, p->pos, ':')) {
            p->pos++;
            skip_ws(p);
            if (peek(p, p->pos, '-') ||
                (p->pos < p->len && p->src[p->pos] >= '0' && p->src[p->pos] <= '9')) {
                if (!parse_int(p, &sel->step))
                    return false;
            }
        }
        return true;
    }
    expected(p, p->pos, "a selector (name, '*', index, slice or '?' filter)");
    return false;
}

/* Appends a zeroed selector to a segment and returns it (NULL when out of
 * memory). */
static az__jp_selector *segment_add(jp_parser *p, az__jp_segment *seg)
{
    az__jp_selector *grown = realloc(seg->sels, (seg->nsels + 1) * sizeof *grown);
    if (!grown) {
        fail_nomem(p);
        return NULL;
    }
    seg->sels = grown;
    memset(&seg->sels[seg->nsels], 0, sizeof *grown);
    return &seg->sels[seg->nsels++];
}

/* Reads a bracketed selection at its '['. */
static bool parse_bracketed(jp_parser *p, az__jp_segment *seg)
{
    p->pos++;
    skip_ws(p);
    for (;;) {
        az__jp_selector *sel = segment_add(p, seg);
        if (!sel || !parse_selector(p, sel))
            return false;
        skip_ws(p);
        if (peek(p, p->pos, ',')) {
            p->pos++;
            skip_ws(p);
            continue;
        }
        if (peek(p, p->pos, ']')) {
            p->pos++;
            return true;
        }
        expected(p, p->pos, "',' or ']' after a selector");
        return false;
    }
}

/* Reads one segment at its '.' or '[' into `seg`. */
static bool parse_segment(jp_parser *p, az__jp_segment *seg)
{
    if (peek(p, p->pos, '[')) {
        return parse_bracketed(p, seg);
    }
    p->pos++; /* '.' */
    if (peek(p, p->pos, '.')) {
        seg->descendant = true;
        p->pos++;
        if (peek(p, p->pos, '['))
            return parse_bracketed(p, seg);
    }
    az__jp_selector *sel = segment_add(p, seg);
    if (!sel)
        return false;
    if (peek(p, p->pos, '*')) {
        sel->kind = AZ__JP_SEL_WILDCARD;
        p->pos++;
        return true;
    }
    return parse_shorthand(p, sel);
}

/* Reads a query at its '$' or '@': the identifier and its segments. */
static az__jp_query *parse_query(jp_parser *p)
{
    az__jp_query *q = calloc(1, sizeof *q);
    if (!q) {
        fail_nomem(p);
        return NULL;
    }
    q->relative = p->src[p->pos] == '@';
    p->pos++;
    q->singular = true;
    for (;;) {
        size_t save = p->pos;
        skip_ws(p);
        if (!peek(p, p->pos, '.') && !peek(p, p->pos, '[')) {
            p->pos = save;
            break;
        }
        az__jp_segment *grown = realloc(q->segs, (q->nsegs + 1) * sizeof *grown);
        if (!grown) {
            fail_nomem(p);
            goto fail;
        }
        q->segs = grown;
        az__jp_segment *seg = &q->segs[q->nsegs++];
        memset(seg, 0, sizeof *seg);
        if (!parse_segment(p, seg))
            goto fail;
        if (seg->descendant || seg->nsels != 1 ||
            (seg->sels[0].kind != AZ__JP_SEL_NAME && seg->sels[0].kind != AZ__JP_SEL_INDEX))
            q->singular = false;
    }
    return q;
fail:
    az__jp_query_free(q);
    return NULL;
}

/* Reads a number literal into a new json-c number. */
static az__jp_expr *parse_number(jp_parser *p)
{
    size_t start = p->pos;
    bool integral = true;
    if (peek(p, p->pos, '-'))
        p->pos++;
    if (p->pos >= p->len || p->src[p->pos] < '0' || p->src[p->pos] > '9') {
        expected(p, p->pos, "a digit");
        return NULL;
    }
    if (p->src[p->pos] == '0') {
        p->pos++;
        if (p->pos < p->len && p->src[p->pos] >= '0' && p->src[p->pos] <= '9') {
            fail_at(p, "jsonpath-syntax", start, 1, "leading zeros are not allowed in a number");
            return NULL;
        }
    } else {
        while (p->pos < p->len && p->src[p->pos] >= '0' && p->src[p->pos] <= '9')
            p->pos++;
    }
    if (peek(p, p->pos, '.')) {
        integral = false;
        p->pos++;
        if (p->pos >= p->len || p->src[p->pos] < '0' || p->src[p->pos] > '9') {
            expected(p, p->pos, "a digit after '.'");
            return NULL;
        }
        while (p->pos < p->len && p->src[p->pos] >= '0' && p->src[p->pos] <= '9')
            p->pos++;
    }
    if (peek(p, p->pos, 'e') || peek(p, p->pos, 'E')) {
        integral = false;
        p->pos++;
        if (peek(p, p->pos, '-') || peek(p, p->pos, '+'))
            p->pos++;
        if (p->pos >= p->len || p->src[p->pos] < '0' || p->src[p->pos] > '9') {
            expected(p, p->pos, "a digit in the exponent");
            return NULL;
        }
        while (p->pos < p->len && p->src[p->pos] >= '0' && p->src[p->pos] <= '9')
            p->pos++;
    }
    char text[64];
    size_t n = p->pos - start;
    char *heap = NULL;
    char *t = text;
    if (n >= sizeof text) {
        heap = malloc(n + 1);
        if (!heap) {
            fail_nomem(p);
            return NULL;
        }
        t = heap;
    }
    memcpy(t, p->src + start, n);
    t[n] = '\0';
    az__jp_expr *e = expr_new(p, AZ__JP_EX_LITERAL, start);
    if (e) {
        long long v = 0;
        errno = 0;
        if (integral)
            v = strtoll(t, NULL, 10);
        if (integral && errno == 0)
            e->literal = json_object_new_int64(v);
        else
            e->literal = json_object_new_double(strtod(t, NULL));
        if (!e->literal) {
            free(e);
            e = NULL;
            fail_nomem(p);
        }
    }
    free(heap);
    return e;
}

/* Reads a lowercase identifier (function name or keyword) and returns its
 * length. */
static size_t read_ident(const jp_parser *p)
{
    size_t i = p->pos;
    if (i < p->len && p->src[i] >= 'a' && p->src[i] <= 'z')
        i++;
    else
        return 0;
    while (i < p->len && ((p->src[i] >= 'a' && p->src[i] <= 'z') || p->src[i] == '_' ||
                          (p->src[i] >= '0' && p->src[i] <= '9')))
        i++;
    return i - p->pos;
}

/* Reads a literal (number, string, true, false, null); NULL when there is
 * none at the position (with an error). */
static az__jp_expr *parse_literal(jp_parser *p)
{
    size_t start = p->pos;
    char c = p->pos < p->len ? p->src[p->pos] : '\0';
    if (c == '-' || (c >= '0' && c <= '9'))
        return parse_number(p);
    if (c == '\'' || c == '"') {
        char *s = NULL;
        size_t n = 0;
        if (!parse_string(p, &s, &n))
            return NULL;
        az__jp_expr *e = expr_new(p, AZ__JP_EX_LITERAL, start);
        if (e) {
            e->literal = json_object_new_string_len(s, (int)n);
            if (!e->literal) {
                free(e);
                e = NULL;
                fail_nomem(p);
            }
        }
        free(s);
        return e;
    }
    size_t n = read_ident(p);
    if ((n == 4 && memcmp(p->src + start, "true", 4) == 0) ||
        (n == 5 && memcmp(p->src + start, "false", 5) == 0) ||
        (n == 4 && memcmp(p->src + start, "null", 4) == 0)) {
        az__jp_expr *e = expr_new(p, AZ__JP_EX_LITERAL, start);
        if (!e)
            return NULL;
        if (p->src[start] != 'n') {
            e->literal = json_object_new_boolean(p->src[start] == 't');
            if (!e->literal) {
                free(e);
                fail_nomem(p);
                return NULL;
            }
        }
        p->pos += n;
        return e;
    }
    expected(p, p->pos, "a literal");
    return NULL;
}

/* Tells whether an argument expression fits a parameter of declared type
 * `want` (RFC 9535 section 2.4.3): a bare singular query or literal is a
 * ValueType, a bare filter-query a NodesType, anything else a LogicalType. */
static bool arg_fits(const az__jp_expr *e, az__jp_type want)
{
    bool bare_query = e->kind == AZ__JP_EX_QUERY && !e->parens;
    bool bare_func = e->kind == AZ__JP_EX_FUNC && !e->parens;
    az__jp_type fres = bare_func ? FUNCS[e->func].result : AZ__JP_LOGICAL;
    switch (want) {
    case AZ__JP_VALUE:
        return e->kind == AZ__JP_EX_LITERAL || (bare_query && e->query->singular) ||
               (bare_func && fres == AZ__JP_VALUE);
    case AZ__JP_NODES: return bare_query || (bare_func && fres == AZ__JP_NODES);
    case AZ__JP_LOGICAL:
    default: return e->kind != AZ__JP_EX_LITERAL && !(bare_func && fres == AZ__JP_VALUE);
    }
}

/* Names a declared type for messages. */
static const char *type_name(az__jp_type t)
{
    return t == AZ__JP_VALUE ? "ValueType" : t == AZ__JP_NODES ? "NodesType" : "LogicalType";
}

/* Reads one function argument: a logical expression, where a bare literal
 * or a bare call of any type is also allowed; parse_function checks its
 * type against the parameter. */
static az__jp_expr *parse_arg(jp_parser *p)
{
    return parse_logical(p);
}

/* Reads a function call at its name and checks its arguments' types. */
static az__jp_expr *parse_function(jp_parser *p)
{
    size_t start = p->pos;
    size_t n = read_ident(p);
    const jp_func_def *def = NULL;
    az__jp_expr *e = NULL;
    for (size_t i = 0; i < sizeof FUNCS / sizeof FUNCS[0]; i++) {
        if (strlen(FUNCS[i].name) == n && memcmp(FUNCS[i].name, p->src + start, n) == 0)
            def = &FUNCS[i];
    }
    if (!peek(p, start + n, '(')) {
        expected(p, start + n, "'(' after a function name");
        return NULL;
    }
    if (!def) {
        fail_at(p, "jsonpath-syntax", start, (uint32_t)n, "unknown function '%.*s'", (int)n,
                p->src + start);
        return NULL;
    }
    if (!enter(p))
        return NULL;
    e = expr_new(p, AZ__JP_EX_FUNC, start);
    if (!e)
        goto fail;
    e->func = def->id;
    p->pos = start + n + 1;
    skip_ws(p);
    if (!peek(p, p->pos, ')')) {
        for (;;) {
            size_t arg_at = p->pos;
            az__jp_expr *arg = parse_arg(p);
            if (!arg || !expr_push(p, e, arg))
                goto fail;
            if (e->nlist <= def->nparams && !arg_fits(arg, def->params[e->nlist - 1])) {
                fail_at(p, "jsonpath-type", arg_at,
                        (uint32_t)(column_of(p, p->pos) - column_of(p, arg_at)),
                        "argument %zu of %s() must be of %s", e->nlist, def->name,
                        type_name(def->params[e->nlist - 1]));
                goto fail;
            }
            skip_ws(p);
            if (peek(p, p->pos, ',')) {
                p->pos++;
                skip_ws(p);
                continue;
            }
            if (peek(p, p->pos, ')'))
                break;
            expected(p, p->pos, "',' or ')' in a function call");
            goto fail;
        }
    }
    if (e->nlist != def->nparams) {
        fail_at(p, "jsonpath-type", start,
                (uint32_t)(column_of(p, p->pos + 1) - column_of(p, start)),
                "%s() takes %zu argument%s, not %zu", def->name, def->nparams,
                def->nparams == 1 ? "" : "s", e->nlist);
        goto fail;
    }
    p->pos++; /* ')' */
    p->depth--;
    if ((def->id == AZ__JP_FN_MATCH || def->id == AZ__JP_FN_SEARCH) &&
        e->list[1]->kind == AZ__JP_EX_LITERAL &&
        json_object_is_type(e->list[1]->literal, json_type_string)) {
        json_object *pat = e->list[1]->literal;
        az_status st = az__iregexp_compile(json_object_get_string(pat),
                                           (size_t)json_object_get_string_len(pat),
                                           def->id == AZ__JP_FN_MATCH, &e->regex);
        if (st == AZ_ERR_NOMEM) {
            fail_nomem(p);
            goto fail;
        }
        e->regex_invalid = st != AZ_OK;
    }
    return e;
fail:
    expr_free(e);
    return NULL;
}

/* Reads a comparable or test operand: literal, query or function call. */
static az__jp_expr *parse_operand(jp_parser *p)
{
    size_t start = p->pos;
    char c = p->pos < p->len ? p->src[p->pos] : '\0';
    if (c == '@' || c == '$') {
        az__jp_expr *e = expr_new(p, AZ__JP_EX_QUERY, start);
        if (!e)
            return NULL;
        e->query = parse_query(p);
        if (!e->query) {
            free(e);
            return NULL;
        }
        return e;
    }
    size_t n = read_ident(p);
    if (n > 0 && peek(p, p->pos + n, '('))
        return parse_function(p);
    if (c == '\'' || c == '"' || c == '-' || (c >= '0' && c <= '9') || n > 0) {
        if (n > 0 && !(n == 4 && memcmp(p->src + start, "true", 4) == 0) &&
            !(n == 5 && memcmp(p->src + start, "false", 5) == 0) &&
            !(n == 4 && memcmp(p->src + start, "null", 4) == 0)) {
            expected(p, start + n, "'(' after a function name");
            return NULL;
        }
        return parse_literal(p);
    }
    expected(p, p->pos, "a query, a literal, a function call, '(' or '!'");
    return NULL;
}

/* Checks that an operand may stand on one side of a comparison. */
static bool check_comparable(jp_parser *p, const az__jp_expr *e, size_t at, size_t end)
{
    uint32_t span = column_of(p, end) - column_of(p, at);
    if (e->kind == AZ__JP_EX_QUERY && !e->query->singular) {
        fail_at(p, "jsonpath-syntax", at, span, "a query in a comparison must be a singular query");
        return false;
    }
    if (e->kind == AZ__JP_EX_FUNC && FUNCS[e->func].result != AZ__JP_VALUE) {
        fail_at(p, "jsonpath-type", at, span, "%s() returns %s and cannot be compared",
                FUNCS[e->func].name, type_name(FUNCS[e->func].result));
        return false;
    }
    return true;
}

/* Reads a comparison operator; returns its length (0 when there is none). */
static size_t read_cmp_op(const jp_parser *p, az__jp_cmp_op *op)
{
    char a = p->pos < p->len ? p->src[p->pos] : '\0';
    bool eq = peek(p, p->pos + 1, '=');
    switch (a) {
    case '=':
        if (!eq)
            return 0;
        *op = AZ__JP_EQ;
        return 2;
    case '!':
        if (!eq)
            return 0;
        *op = AZ__JP_NE;
        return 2;
    case '<': *op = eq ? AZ__JP_LE : AZ__JP_LT; return eq ? 2 : 1;
    case '>': *op = eq ? AZ__JP_GE : AZ__JP_GT; return eq ? 2 : 1;
    default: return 0;
    }
}

/* Reads a parenthesized expression at its '('. */
static az__jp_expr *parse_paren(jp_parser *p)
{
    if (!enter(p))
        return NULL;
    p->pos++;
    skip_ws(p);
    az__jp_expr *e = parse_logical(p);
    if (!e)
        return NULL;
    if (!check_test(p, e)) {
        expr_free(e);
        return NULL;
    }
    skip_ws(p);
    if (!peek(p, p->pos, ')')) {
        expected(p, p->pos, "')'");
        expr_free(e);
        return NULL;
    }
    p->pos++;
    p->depth--;
    e->parens = true;
    return e;
}

/* Reads a basic-expr: a parenthesized, comparison or test expression. */
static az__jp_expr *parse_basic(jp_parser *p)
{
    size_t start = p->pos;
    az__jp_expr *left = NULL, *right = NULL, *e = NULL;
    if (peek(p, p->pos, '!')) {
        p->pos++;
        skip_ws(p);
        if (!enter(p))
            return NULL;
        az__jp_expr *inner = NULL;
        char c = p->pos < p->len ? p->src[p->pos] : '\0';
        if (c == '(') {
            inner = parse_paren(p);
        } else if (c == '@' || c == '$' || (read_ident(p) > 0)) {
            size_t at = p->pos;
            inner = parse_operand(p);
            if (inner && inner->kind == AZ__JP_EX_LITERAL) {
                fail_at(p, "jsonpath-syntax", at, 1, "'!' cannot negate a literal");
                expr_free(inner);
                inner = NULL;
            } else if (inner && inner->kind == AZ__JP_EX_FUNC &&
                       FUNCS[inner->func].result == AZ__JP_VALUE) {
                fail_at(p, "jsonpath-type", at, 1, "%s() returns ValueType and cannot be negated",
                        FUNCS[inner->func].name);
                expr_free(inner);
                inner = NULL;
            }
        } else {
            expected(p, p->pos, "'(', a query or a function call after '!'");
        }
        if (!inner)
            return NULL;
        p->depth--;
        e = expr_new(p, AZ__JP_EX_NOT, start);
        if (!e || !expr_push(p, e, inner)) {
            if (!e)
                expr_free(inner);
            expr_free(e);
            return NULL;
        }
        return e;
    }
    if (peek(p, p->pos, '('))
        return parse_paren(p);
    left = parse_operand(p);
    if (!left)
        return NULL;
    size_t save = p->pos;
    skip_ws(p);
    az__jp_cmp_op op = AZ__JP_EQ;
    size_t oplen = read_cmp_op(p, &op);
    if (oplen == 0) {
        /* A bare literal or ValueType call is only valid as a whole
         * function argument; check_test rejects it everywhere else. */
        p->pos = save;
        return left;
    }
    if (!check_comparable(p, left, start, save))
        goto fail;
    p->pos += oplen;
    skip_ws(p);
    size_t rat = p->pos;
    if (peek(p, p->pos, '(') || peek(p, p->pos, '!')) {
        expected(p, p->pos, "a literal, a singular query or a function call");
        goto fail;
    }
    right = parse_operand(p);
    if (!right || !check_comparable(p, right, rat, p->pos))
        goto fail;
    e = expr_new(p, AZ__JP_EX_CMP, start);
    if (!e)
        goto fail;
    e->op = op;
    if (!expr_push(p, e, left)) {
        left = NULL;
        goto fail;
    }
    left = NULL;
    if (!expr_push(p, e, right)) {
        right = NULL;
        goto fail;
    }
    return e;
fail:
    expr_free(left);
    expr_free(right);
    expr_free(e);
    return NULL;
}

/*
 * Checks that a parsed logical expression may stand as a test: a bare literal
 * or a call returning ValueType must be compared (RFC 9535 section 2.4.3).
 */
static bool check_test(jp_parser *p, const az__jp_expr *e)
{
    if (e->parens)
        return true;
    if (e->kind == AZ__JP_EX_LITERAL) {
        fail_at(p, "jsonpath-syntax", e->at, 1, "a literal must be compared with something");
        return false;
    }
    if (e->kind == AZ__JP_EX_FUNC && FUNCS[e->func].result == AZ__JP_VALUE) {
        fail_at(p, "jsonpath-type", e->at, (uint32_t)strlen(FUNCS[e->func].name),
                "%s() returns ValueType and must be compared with something", FUNCS[e->func].name);
        return false;
    }
    return true;
}

/* Reads a chain of one kind of operand separated by `opchar opchar`. */
static az__jp_expr *parse_chain(jp_parser *p, char opchar, az__jp_expr_kind kind)
{
    size_t start = p->pos;
    az__jp_expr *first = opchar == '|' ? parse_chain(p, '&', AZ__JP_EX_AND) : parse_basic(p);
    az__jp_expr *e = NULL;
    if (!first)
        return NULL;
    for (;;) {
        size_t save = p->pos;
        skip_ws(p);
        if (!peek(p, p->pos, opchar) || !peek(p, p->pos + 1, opchar)) {
            p->pos = save;
            break;
        }
        p->pos += 2;
        skip_ws(p);
        if (!e) {
            e = expr_new(p, kind, start);
            if (!e) {
                expr_free(first);
                return NULL;
            }
            if (!expr_push(p, e, first) || !check_test(p, first))
                goto fail;
        }
        az__jp_expr *next = opchar == '|' ? parse_chain(p, '&', AZ__JP_EX_AND) : parse_basic(p);
        if (!next || !expr_push(p, e, next) || !check_test(p, next))
            goto fail;
    }
    return e ? e : first;
fail:
    expr_free(e);
    return NULL;
}

/* Reads a logical-expr (an || chain of && chains). */
static az__jp_expr *parse_logical(jp_parser *p)
{
    return parse_chain(p, '|', AZ__JP_EX_OR);
}

/* Compiles a query; see arazzo/expr.h. */
az_status az_jsonpath_compile(const char *query, az_diags *diags, az_jsonpath **out)
{
    jp_parser p = {.src = query, .len = strlen(query), .diags = diags};
    az_jsonpath *path = NULL;
    az_status st = AZ_ERR_SYNTAX;
    *out = NULL;
    path = calloc(1, sizeof *path);
    if (!path) {
        st = AZ_ERR_NOMEM;
        goto out;
    }
    if (!peek(&p, 0, '$')) {
        expected(&p, 0, "'$' at the start of the query");
        goto out;
    }
    path->query = parse_query(&p);
    if (!path->query)
        goto out;
    if (p.pos != p.len) {
        char buf[32];
        fail_at(&p, "jsonpath-syntax", p.pos, 1, "unexpected %s after the query",
                found_at(&p, p.pos, buf, sizeof buf));
        goto out;
    }
    path->mctx = pcre2_match_context_create(NULL);
    if (!path->mctx) {
        st = AZ_ERR_NOMEM;
        goto out;
    }
    pcre2_set_match_limit(path->mctx, AZ__JP_MATCH_LIMIT);
    pcre2_set_depth_limit(path->mctx, AZ__JP_DEPTH_LIMIT);
    *out = path;
    path = NULL;
    st = AZ_OK;
out:
    if (p.nomem)
        st = AZ_ERR_NOMEM;
    az_jsonpath_free(path);
    return st;
}

/* Tells whether the query is singular; see arazzo/expr.h. */
bool az_jsonpath_is_singular(const az_jsonpath *path)
{
    return path->query->singular;
}

/* Releases a compiled query; see arazzo/expr.h. */
void az_jsonpath_free(az_jsonpath *path)
{
    if (!path)
        return;
    az__jp_query_free(path->query);
    pcre2_match_context_free(path->mctx);
    free(path);
}
