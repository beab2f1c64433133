/* SPDX-License-Identifier: Apache-2.0 */
/*
 * expr_simple.c - `simple` criterion conditions (Arazzo 1.0.1 Criterion
 * Object, checklist 4.2, CRIT-10..18). The spec gives only the operators and
 * literals; the grammar and precedence are the checklist's decisions
 * (CRIT-12, CRIT-13): `()` > `!` > comparisons (non-associative) > `&&` >
 * `||`, the logical operators left-associative and short-circuit.
 *
 *   condition   = ws or-expr ws
 *   or-expr     = and-expr *( ws "||" ws and-expr )
 *   and-expr    = unary *( ws "&&" ws unary )
 *   unary       = "!" ws ( group / operand ) / group / comparison / operand
 *   group       = "(" ws or-expr ws ")"               ; at most 64 deep
 *   comparison  = operand ws ( "==" / "!=" / "<=" / ">=" / "<" / ">" ) ws operand
 *   operand     = literal / rt-operand
 *   rt-operand  = "$" 1*opchar    ; a runtime expression (az_expr prefix mode)
 *                                 ; with `.member` / `[n]` accessors (CRIT-11)
 *   literal     = number / "'" *( "''" / non-quote ) "'" / "true" / "false" / "null"
 *   number      = [ "-" ] int [ "." 1*DIGIT ] [ ( "e" / "E" ) [ "+" / "-" ] 1*DIGIT ]
 *   int         = "0" / %x31-39 *DIGIT                  ; JSON numbers (CRIT-10)
 *   ws          = *( SP / HTAB / CR / LF )
 *
 * A runtime-expression operand ends at whitespace or one of
 * ! & ( ) < = > | { } (CRIT-11); its accessors are standard here, so the
 * expr-nonstandard-path warning of the expression compiler is dropped.
 * Nothing else exists: no arithmetic, functions or regex operator (CRIT-18).
 *
 * Semantics (engine decisions, summarised in arazzo/expr.h):
 *  - undefined (EXPR-22): any comparison with an undefined operand fails,
 *    `==` and `!=` alike, so `$response.body#/token != null` fails when the
 *    token is absent (and so does `== null`).
 *  - equality (CRIT-14): null equals only null; strings compare case-insensitively
 *    with simple case folding of Latin, Greek, Cyrillic, Armenian and
 *    fullwidth Latin letters; a numeric string equals the number it spells
 *    (CRIT-17: header values are strings); a boolean equals the string
 *    'true'/'false' in any case; objects and arrays compare deeply.
 *    `!=` is the negation of `==`.
 *  - relational (CRIT-15): numbers and numeric strings numerically; two
 *    strings that are not both numeric by folded code points; anything
 *    with null, undefined, a boolean, an object or an array is false.
 *  - truthiness (CRIT-16) of a bare operand: true passes; false, null and
 *    undefined fail; a string, array or object passes when non-empty and a
 *    number when non-zero.
 */
#include "expr_criterion.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The kinds of nodes of a compiled condition. */
enum kind { N_OR, N_AND, N_NOT, N_CMP, N_LIT, N_EXPR };
/* The comparison operators. */
enum cmp { C_EQ, C_NE, C_LT, C_LE, C_GT, C_GE };

/* One node of a compiled condition. */
typedef struct node {
    enum kind kind;
    enum cmp op;
    struct node **kids; /* N_OR/N_AND: n_kids; N_NOT: 1; N_CMP: 2 */
    size_t n_kids;
    json_object *lit; /* N_LIT (NULL for null) */
    az_expr *expr;    /* N_EXPR */
    char *text;       /* N_EXPR: the operand as written */
} node;

struct az__simple {
    node *root;
    char *text;
};

/* The parser state: a scanner over the condition (for diagnostics). */
typedef struct parser {
    az__expr_scan s;
    const az_expr_opts *opts;
    unsigned depth;
} parser;

/* The spellings of the comparison operators, two-character ones first. */
static const struct {
    const char *text;
    enum cmp op;
} cmp_ops[] = {{"==", C_EQ}, {"!=", C_NE}, {"<=", C_LE}, {">=", C_GE}, {"<", C_LT}, {">", C_GT}};

/* Releases a node and its children. */
static void node_free(node *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->n_kids; i++)
        node_free(n->kids[i]);
    free(n->kids);
    json_object_put(n->lit);
    az_expr_free(n->expr);
    free(n->text);
    free(n);
}

/* Allocates a node of a kind; NULL when out of memory. */
static node *node_new(enum kind kind)
{
    node *n = calloc(1, sizeof *n);
    if (n)
        n->kind = kind;
    return n;
}

/* Appends a child to a node, which takes it (released on failure). */
static az_status node_add(node *n, node *kid)
{
    node **k = realloc(n->kids, (n->n_kids + 1) * sizeof *k);
    if (!k) {
        node_free(kid);
        return AZ_ERR_NOMEM;
    }
    n->kids = k;
    n->kids[n->n_kids++] = kid;
    return AZ_OK;
}

/* The byte at the parser's offset, or 0 at the end. */
static unsigned char peek(const parser *p)
{
    return az__expr_peek(&p->s);
}

/* The byte `k` bytes past the parser's offset, or 0 past the end. */
static unsigned char peek_at(const parser *p, size_t k)
{
    return p->s.pos + k < p->s.end ? (unsigned char)p->s.text[p->s.pos + k] : 0;
}

/* Skips whitespace. */
static void skip_ws(parser *p)
{
    unsigned char c;
    while ((c = peek(p)) == ' ' || c == '\t' || c == '\r' || c == '\n')
        p->s.pos++;
}

/* Tells whether `c` ends an operand (CRIT-11): whitespace, an operator or the end. */
static bool is_boundary(unsigned char c)
{
    return c == 0 || c == ' ' || c == '\t' || c == '\r' || c == '\n' || strchr("!&()<=>|{}", c);
}

/* Tells whether `c` may continue a word such as `true`. */
static bool is_word_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.' || c >= 0x80;
}

/* Recognises a comparison operator at the parser's offset. */
static bool match_cmp(const parser *p, enum cmp *op, size_t *len)
{
    for (size_t i = 0; i < sizeof cmp_ops / sizeof cmp_ops[0]; i++) {
        size_t n = strlen(cmp_ops[i].text);
        if (p->s.pos + n <= p->s.end && memcmp(p->s.text + p->s.pos, cmp_ops[i].text, n) == 0) {
            *op = cmp_ops[i].op;
            *len = n;
            return true;
        }
    }
    return false;
}

/* Reports a syntax error at byte offset `off` over `len` bytes. */
#define SYNTAX(p, off, len, ...)                                                                   \
    (az__expr_diag(&(p)->s, AZ_SEVERITY_ERROR, "criterion-syntax", (off), (len), __VA_ARGS__),     \
     AZ_ERR_SYNTAX)

/*
 * Scans a JSON number at the offset; returns its length in bytes, 0 when
 * there is none. `text` ends at `end`.
 */
static size_t scan_number(const char *text, size_t pos, size_t end, bool *integral)
{
    size_t i = pos;
    *integral = true;
    if (i < end && text[i] == '-')
        i++;
    if (i >= end || text[i] < '0' || text[i] > '9')
        return 0;
    if (text[i] == '0')
        i++;
    else
        while (i < end && text[i] >= '0' && text[i] <= '9')
            i++;
    if (i < end && text[i] == '.') {
        size_t d = ++i;
        while (i < end && text[i] >= '0' && text[i] <= '9')
            i++;
        if (i == d)
            return 0;
        *integral = false;
    }
    if (i < end && (text[i] == 'e' || text[i] == 'E')) {
        i++;
        if (i < end && (text[i] == '+' || text[i] == '-'))
            i++;
        size_t d = i;
        while (i < end && text[i] >= '0' && text[i] <= '9')
            i++;
        if (i == d)
            return 0;
        *integral = false;
    }
    return i - pos;
}

/*
 * Converts the number text [p, p+len) to a new json-c number: an int64 when
 * integral and in range, else a double. Returns NULL when out of memory or
 * not finite (*finite false).
 */
static json_object *number_value(const char *p, size_t len, bool integral, bool *finite)
{
    char buf[64];
    char *heap = NULL, *s = buf;
    json_object *v = NULL;
    *finite = true;
    if (len >= sizeof buf) {
        heap = malloc(len + 1);
        if (!heap)
            return NULL;
        s = heap;
    }
    memcpy(s, p, len);
    s[len] = '\0';
    if (integral) {
        errno = 0;
        long long i = strtoll(s, NULL, 10);
        if (errno == 0) {
            v = json_object_new_int64((int64_t)i);
            goto out;
        }
    }
    double d = strtod(s, NULL);
    if (!isfinite(d)) {
        *finite = false;
        goto out;
    }
    v = json_object_new_double(d);
out:
    free(heap);
    return v;
}

static az_status parse_or(parser *p, node **out);

/* Parses a runtime-expression operand (CRIT-11). */
static az_status parse_rt_operand(parser *p, node **out)
{
    az_status st;
    az_expr *e = NULL;
    node *n = NULL;
    char found[64];
    size_t start = p->s.pos;
    az_diags *scratch = az_diags_new();
    if (!scratch)
        return AZ_ERR_NOMEM;
    /*
     * Accessors are standard in simple conditions (CRIT-11), so the operand
     * is compiled leniently and only a miscased keyword is an error when
     * strict (EXPR-07).
     */
    az__expr_scan sub = p->s;
    bool promoted = false;
    sub.prefix = true;
    sub.strict = false;
    sub.diags = scratch;
    st = az__expr_parse(&sub, &e);
    if (az__crit_copy_diags(p->s.diags, scratch, "expr-nonstandard-path",
                            st == AZ_OK && p->opts && p->opts->strict ? "expr-keyword-case" : NULL,
                            &promoted) != AZ_OK)
        st = AZ_ERR_NOMEM;
    else if (st == AZ_OK && promoted)
        st = AZ_ERR_SYNTAX;
    if (st != AZ_OK)
        goto out;
    p->s.pos = start + az_expr_length(e);
    if (!is_boundary(peek(p))) {
        st = SYNTAX(p, p->s.pos, 1, "unexpected %s after the runtime expression '%.*s'",
                    az__expr_describe(&p->s, p->s.pos, found, sizeof found),
                    (int)(p->s.pos - start), p->s.text + start);
        goto out;
    }
    n = node_new(N_EXPR);
    if (!n || !(n->text = malloc(p->s.pos - start + 1))) {
        st = AZ_ERR_NOMEM;
        goto out;
    }
    memcpy(n->text, p->s.text + start, p->s.pos - start);
    n->text[p->s.pos - start] = '\0';
    n->expr = e;
    e = NULL;
    *out = n;
    n = NULL;
out:
    az_diags_free(scratch);
    az_expr_free(e);
    node_free(n);
    return st;
}

/* Parses a single-quoted string literal with '' as an escaped quote (CRIT-10). */
static az_status parse_string(parser *p, node **out)
{
    az_buf b = {0};
    size_t open = p->s.pos++;
    for (;;) {
        if (p->s.pos >= p->s.end) {
            free(b.data);
            return SYNTAX(p, open, 1, "unterminated string literal: no closing '");
        }
        char c = p->s.text[p->s.pos];
        if (c == '\'') {
            if (peek_at(p, 1) != '\'')
                break;
            p->s.pos++;
        }
        az_buf_add(&b, &c, 1);
        p->s.pos++;
    }
    p->s.pos++;
    az_buf_add(&b, "", 0);
    char *s = az_buf_take(&b);
    node *n = s ? node_new(N_LIT) : NULL;
    if (n)
        n->lit = json_object_new_string(s);
    free(s);
    if (!n || !n->lit) {
        node_free(n);
        return AZ_ERR_NOMEM;
    }
    *out = n;
    return AZ_OK;
}

/* Parses a literal or runtime-expression operand. */
static az_status parse_operand(parser *p, node **out)
{
    char found[64];
    unsigned char c = peek(p);
    size_t start = p->s.pos;
    *out = NULL;
    if (c == '$')
        return parse_rt_operand(p, out);
    if (c == '\'')
        return parse_string(p, out);
    if (c == '"')
        return SYNTAX(p, start, 1,
                      "double quotes do not delimit strings in a simple condition; use single "
                      "quotes (CRIT-10)");
    if (c == '-' || (c >= '0' && c <= '9')) {
        bool integral, finite;
        size_t len = scan_number(p->s.text, start, p->s.end, &integral);
        size_t word = start + 1;
        while (word < p->s.end && is_word_char((unsigned char)p->s.text[word]))
            word++;
        if (len == 0 || !is_boundary(peek_at(p, len)))
            return SYNTAX(p, start, word - start, "invalid number '%.*s'", (int)(word - start),
                          p->s.text + start);
        node *n = node_new(N_LIT);
        if (!n)
            return AZ_ERR_NOMEM;
        n->lit = number_value(p->s.text + start, len, integral, &finite);
        if (!n->lit) {
            node_free(n);
            if (!finite)
                return SYNTAX(p, start, len, "number '%.*s' is out of range", (int)len,
                              p->s.text + start);
            return AZ_ERR_NOMEM;
        }
        p->s.pos += len;
        *out = n;
        return AZ_OK;
    }
    if (is_word_char(c) && c != '-' && c != '.') {
        size_t end = start;
        while (end < p->s.end && is_word_char((unsigned char)p->s.text[end]))
            end++;
        size_t len = end - start;
        node *n;
        if (len == 4 && memcmp(p->s.text + start, "true", 4) == 0) {
            n = node_new(N_LIT);
            if (n && !(n->lit = json_object_new_boolean(1))) {
                node_free(n);
                n = NULL;
            }
        } else if (len == 5 && memcmp(p->s.text + start, "false", 5) == 0) {
            n = node_new(N_LIT);
            if (n && !(n->lit = json_object_new_boolean(0))) {
                node_free(n);
                n = NULL;
            }
        } else if (len == 4 && memcmp(p->s.text + start, "null", 4) == 0) {
            n = node_new(N_LIT);
        } else {
            return SYNTAX(p, start, len,
                          "unknown word '%.*s'; a string is written in single quotes ('%.*s') "
                          "and keywords are true, false and null",
                          (int)len, p->s.text + start, (int)len, p->s.text + start);
        }
        if (!n)
            return AZ_ERR_NOMEM;
        p->s.pos = end;
        *out = n;
        return AZ_OK;
    }
    return SYNTAX(p, start, 1,
                  "expected an operand (a runtime expression, a 'string', a number, true, false "
                  "or null), found %s",
                  az__expr_describe(&p->s, start, found, sizeof found));
}

/* Parses a parenthesized group at '(' (bounded nesting). */
static az_status parse_group(parser *p, node **out)
{
    char found[64];
    size_t open = p->s.pos;
    if (++p->depth > AZ_CRITERION_MAX_NESTING)
        return SYNTAX(p, open, 1, "parentheses nested deeper than %u", AZ_CRITERION_MAX_NESTING);
    p->s.pos++;
    skip_ws(p);
    az_status st = parse_or(p, out);
    if (st != AZ_OK)
        return st;
    skip_ws(p);
    if (peek(p) != ')') {
        node_free(*out);
        *out = NULL;
        return SYNTAX(p, p->s.pos, 1, "expected ')' to close the '(' at column %u, found %s",
                      (unsigned)az__expr_column(p->s.text, open),
                      az__expr_describe(&p->s, p->s.pos, found, sizeof found));
    }
    p->s.pos++;
    p->depth--;
    return AZ_OK;
}

/* Parses a unary: a negation, a group, a comparison or a bare operand. */
static az_status parse_unary(parser *p, node **out)
{
    az_status st;
    node *n = NULL, *kid = NULL;
    enum cmp op;
    size_t len;
    *out = NULL;
    if (peek(p) == '!' && peek_at(p, 1) != '=') {
        p->s.pos++;
        skip_ws(p);
        st = peek(p) == '(' ? parse_group(p, &kid) : parse_operand(p, &kid);
        if (st != AZ_OK)
            return st;
        if (!(n = node_new(N_NOT))) {
            node_free(kid);
            return AZ_ERR_NOMEM;
        }
        if ((st = node_add(n, kid)) != AZ_OK)
            goto out;
        goto done;
    }
    if (peek(p) == '(') {
        st = parse_group(p, &n);
        if (st != AZ_OK)
            return st;
        goto done;
    }
    if ((st = parse_operand(p, &kid)) != AZ_OK)
        return st;
    size_t save = p->s.pos;
    skip_ws(p);
    if (!match_cmp(p, &op, &len)) {
        p->s.pos = save;
        n = kid;
        goto done;
    }
    p->s.pos += len;
    skip_ws(p);
    if (!(n = node_new(N_CMP))) {
        node_free(kid);
        return AZ_ERR_NOMEM;
    }
    n->op = op;
    if ((st = node_add(n, kid)) != AZ_OK)
        goto out;
    kid = NULL;
    if ((st = parse_operand(p, &kid)) != AZ_OK || (st = node_add(n, kid)) != AZ_OK)
        goto out;
done:
    save = p->s.pos;
    skip_ws(p);
    if (match_cmp(p, &op, &len)) {
        st = n->kind == N_CMP
                 ? SYNTAX(p, p->s.pos, len,
                          "comparison operators do not chain: '%.*s' after a comparison; "
                          "combine comparisons with && or || (CRIT-12)",
                          (int)len, p->s.text + p->s.pos)
                 : SYNTAX(p, p->s.pos, len,
                          "a comparison cannot follow a negation or a group; write !( a == b ) "
                          "to negate a comparison (CRIT-12)");
        goto out;
    }
    p->s.pos = save;
    *out = n;
    return AZ_OK;
out:
    node_free(n);
    return st;
}

/* Parses `unary *( "&&" unary )` (kind N_AND) or `and *( "||" and )` (N_OR). */
static az_status parse_list(parser *p, enum kind kind, node **out)
{
    const char *tok = kind == N_AND ? "&&" : "||";
    node *first = NULL, *list = NULL, *next = NULL;
    az_status st = kind == N_AND ? parse_unary(p, &first) : parse_list(p, N_AND, &first);
    *out = NULL;
    if (st != AZ_OK)
        return st;
    for (;;) {
        size_t save = p->s.pos;
        skip_ws(p);
        if (!(peek(p) == (unsigned char)tok[0] && peek_at(p, 1) == (unsigned char)tok[1])) {
            p->s.pos = save;
            break;
        }
        p->s.pos += 2;
        skip_ws(p);
        st = kind == N_AND ? parse_unary(p, &next) : parse_list(p, N_AND, &next);
        if (st != AZ_OK)
            goto out;
        if (!list) {
            if (!(list = node_new(kind))) {
                node_free(next);
                st = AZ_ERR_NOMEM;
                goto out;
            }
            node *f = first;
            first = NULL;
            if ((st = node_add(list, f)) != AZ_OK) {
                node_free(next);
                goto out;
            }
        }
        if ((st = node_add(list, next)) != AZ_OK)
            goto out;
    }
    *out = list ? list : first;
    return AZ_OK;
out:
    node_free(first);
    node_free(list);
    return st;
}

/* Parses an or-expression. */
static az_status parse_or(parser *p, node **out)
{
    return parse_list(p, N_OR, out);
}

/* Compiles a simple condition. */
az_status az__simple_compile(const char *text, const az_expr_opts *opts, az_diags *diags,
                             az__simple **out)
{
    az_status st;
    char found[64];
    node *root = NULL;
    size_t len = strlen(text);
    parser p = {.s = {.text = text, .text_len = len, .end = len, .diags = diags}, .opts = opts};
    az__simple *s = NULL;
    *out = NULL;
    skip_ws(&p);
    if (p.s.pos == p.s.end) {
        st = SYNTAX(&p, 0, len, "empty condition");
        goto out;
    }
    if ((st = parse_or(&p, &root)) != AZ_OK)
        goto out;
    skip_ws(&p);
    if (p.s.pos != p.s.end) {
        st = SYNTAX(&p, p.s.pos, 1, "expected '&&', '||' or the end of the condition, found %s",
                    az__expr_describe(&p.s, p.s.pos, found, sizeof found));
        goto out;
    }
    if (!(s = calloc(1, sizeof *s)) || !(s->text = strdup(text))) {
        st = AZ_ERR_NOMEM;
        goto out;
    }
    s->root = root;
    root = NULL;
    *out = s;
    s = NULL;
out:
    node_free(root);
    az__simple_free(s);
    return st;
}

/* Releases a simple condition. */
void az__simple_free(az__simple *s)
{
    if (!s)
        return;
    node_free(s->root);
    free(s->text);
    free(s);
}

/* ------------------------------------------------------------------------ */
/* Evaluation                                                                */
/* ------------------------------------------------------------------------ */

/* The most operand values quoted in a failure reason. */
#define MAX_NOTES 4

/* The evaluation state: the context and the notes for the reason. */
typedef struct evaluator {
    const az_expr_context *ctx;
    az_buf notes;
    unsigned n_notes;
    char *error; /* a reason that stops the evaluation (failed lookup) */
} evaluator;

/* An operand's value: undefined, or a new reference (NULL for null). */
typedef struct value {
    bool defined;
    json_object *v;
} value;

/* A number: an int64 when exact, else a double. */
typedef struct number {
    bool is_int;
    int64_t i;
    double d;
} number;

/* Reads a number or a numeric string (surrounding blanks allowed, CRIT-17). */
static bool as_number(json_object *v, number *n)
{
    if (json_object_is_type(v, json_type_int)) {
        n->is_int = true;
        n->i = json_object_get_int64(v);
        n->d = (double)n->i;
        return true;
    }
    if (json_object_is_type(v, json_type_double)) {
        n->is_int = false;
        n->d = json_object_get_double(v);
        return !isnan(n->d);
    }
    if (!json_object_is_type(v, json_type_string))
        return false;
    const char *s = json_object_get_string(v);
    size_t len = (size_t)json_object_get_string_len(v), a = 0, b = len;
    while (a < b && (s[a] == ' ' || s[a] == '\t'))
        a++;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
        b--;
    bool integral, finite;
    if (a == b || scan_number(s, a, b, &integral) != b - a)
        return false;
    json_object *num = number_value(s + a, b - a, integral, &finite);
    if (!num)
        return false;
    bool ok = as_number(num, n);
    json_object_put(num);
    return ok;
}

/* Compares two numbers: negative, zero or positive. */
static int number_cmp(const number *a, const number *b)
{
    if (a->is_int && b->is_int)
        return a->i < b->i ? -1 : a->i > b->i;
    return a->d < b->d ? -1 : a->d > b->d;
}

/*
 * Folds one code point with Unicode simple case folding for the Latin,
 * Greek, Cyrillic and Armenian letters and fullwidth Latin; other code
 * points are returned unchanged.
 */
static uint32_t fold(uint32_t c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    if (c == 0xB5)
        return 0x3BC;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 32;
    if (c >= 0x100 && c <= 0x17F) {
        if (c == 0x178)
            return 0xFF;
        if (c == 0x17F)
            return 's';
        if ((c <= 0x12F || (c >= 0x132 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) && !(c & 1))
            return c + 1;
        if (((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) && (c & 1))
            return c + 1;
        return c;
    }
    if (c == 0x386)
        return 0x3AC;
    if (c >= 0x388 && c <= 0x38A)
        return c + 37;
    if (c == 0x38C)
        return 0x3CC;
    if (c == 0x38E || c == 0x38F)
        return c + 63;
    if (c >= 0x391 && c <= 0x3AB && c != 0x3A2)
        return c + 32;
    if (c == 0x3C2)
        return 0x3C3;
    if (c >= 0x400 && c <= 0x40F)
        return c + 80;
    if (c >= 0x410 && c <= 0x42F)
        return c + 32;
    if (((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF)) && !(c & 1))
        return c + 1;
    if (c >= 0x531 && c <= 0x556)
        return c + 48;
    if (((c >= 0x1E00 && c <= 0x1E95) || (c >= 0x1EA0 && c <= 0x1EFF)) && !(c & 1))
        return c + 1;
    if (c == 0x1E9E)
        return 0xDF;
    if (c == 0x212A)
        return 'k';
    if (c == 0x212B)
        return 0xE5;
    if (c >= 0xFF21 && c <= 0xFF3A)
        return c + 32;
    return c;
}

/* Decodes the UTF-8 code point at *i (an invalid byte is its own value). */
static uint32_t next_cp(const unsigned char *s, size_t len, size_t *i)
{
    unsigned char c = s[*i];
    size_t n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    uint32_t cp = n == 3 ? c & 0x07u : n == 2 ? c & 0x0Fu : c & 0x1Fu;
    bool bad = c >= 0x80 && (c < 0xC0 || c > 0xF4 || *i + n >= len);
    for (size_t k = 1; !bad && k <= n; k++) {
        unsigned char d = s[*i + k];
        bad = (d & 0xC0) != 0x80;
        cp = (cp << 6) | (d & 0x3Fu);
    }
    if (c < 0x80 || bad) {
        (*i)++;
        return c;
    }
    *i += n + 1;
    return cp;
}

/* Compares two strings case-insensitively by folded code points. */
static int fold_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t i = 0, j = 0;
    while (i < alen && j < blen) {
        uint32_t x = fold(next_cp((const unsigned char *)a, alen, &i));
        uint32_t y = fold(next_cp((const unsigned char *)b, blen, &j));
        if (x != y)
            return x < y ? -1 : 1;
    }
    return (i < alen) - (j < blen);
}

/* Compares two json-c strings case-insensitively. */
static int str_cmp(json_object *a, json_object *b)
{
    return fold_cmp(json_object_get_string(a), (size_t)json_object_get_string_len(a),
                    json_object_get_string(b), (size_t)json_object_get_string_len(b));
}

/* Tells whether a value is null or undefined. */
static bool is_nullish(const value *v)
{
    return !v->defined || !v->v;
}

/* Loose equality of CRIT-14. */
static bool loose_equal(const value *a, const value *b)
{
    if (is_nullish(a) || is_nullish(b))
        return is_nullish(a) && is_nullish(b);
    json_type ta = json_object_get_type(a->v), tb = json_object_get_type(b->v);
    bool na = ta == json_type_int || ta == json_type_double;
    bool nb = tb == json_type_int || tb == json_type_double;
    number x, y;
    if (ta == json_type_string && tb == json_type_string)
        return str_cmp(a->v, b->v) == 0;
    if ((na || ta == json_type_string) && (nb || tb == json_type_string))
        return as_number(a->v, &x) && as_number(b->v, &y) && number_cmp(&x, &y) == 0;
    if (ta == json_type_boolean && tb == json_type_boolean)
        return !json_object_get_boolean(a->v) == !json_object_get_boolean(b->v);
    if (ta == json_type_boolean && tb == json_type_string) {
        const char *t = json_object_get_boolean(a->v) ? "true" : "false";
        return fold_cmp(t, strlen(t), json_object_get_string(b->v),
                        (size_t)json_object_get_string_len(b->v)) == 0;
    }
    if (tb == json_type_boolean && ta == json_type_string)
        return loose_equal(b, a);
    if ((ta == json_type_object || ta == json_type_array) && ta == tb)
        return json_object_equal(a->v, b->v) != 0;
    return false;
}

/* Relational comparison of CRIT-15. */
static bool relate(const value *a, enum cmp op, const value *b)
{
    if (is_nullish(a) || is_nullish(b))
        return false;
    json_type ta = json_object_get_type(a->v), tb = json_object_get_type(b->v);
    int r;
    number x, y;
    if (as_number(a->v, &x) && as_number(b->v, &y))
        r = number_cmp(&x, &y);
    else if (ta == json_type_string && tb == json_type_string)
        r = str_cmp(a->v, b->v);
    else
        return false;
    switch (op) {
    case C_LT: return r < 0;
    case C_LE: return r <= 0;
    case C_GT: return r > 0;
    case C_GE: return r >= 0;
    default: return false;
    }
}

/* Truthiness of a bare operand (CRIT-16). */
static bool truthy(const value *v)
{
    if (is_nullish(v))
        return false;
    switch (json_object_get_type(v->v)) {
    case json_type_boolean: return json_object_get_boolean(v->v) != 0;
    case json_type_int: return json_object_get_int64(v->v) != 0;
    case json_type_double: return json_object_get_double(v->v) != 0.0;
    case json_type_string: return json_object_get_string_len(v->v) > 0;
    case json_type_array: return json_object_array_length(v->v) > 0;
    case json_type_object: return json_object_object_length(v->v) > 0;
    default: return false;
    }
}

/* Notes an operand's value for the failure reason ("$statusCode is 404"). */
static void note(evaluator *ev, const node *n, const value *v)
{
    if (ev->n_notes >= MAX_NOTES)
        return;
    const char *text = !v->defined ? "undefined"
                       : v->v      ? json_object_to_json_string_ext(
                                         v->v, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)
                              : "null";
    char *q = az__crit_quote(text ? text : "?", AZ__CRIT_QUOTE_MAX);
    if (!q) {
        ev->notes.failed = true;
        return;
    }
    if (ev->n_notes++)
        az_buf_puts(&ev->notes, ", ");
    az_buf_puts(&ev->notes, n->text);
    az_buf_puts(&ev->notes, " is ");
    az_buf_puts(&ev->notes, q);
    free(q);
}

/*
 * Evaluates an operand into *out. Returns AZ_OK, AZ_ERR_NOMEM, or
 * AZ_ERR_INVALID when the context failed (ev->error says why).
 */
static az_status eval_operand(evaluator *ev, const node *n, value *out)
{
    out->defined = true;
    out->v = NULL;
    if (n->kind == N_LIT) {
        out->v = json_object_get(n->lit);
        return AZ_OK;
    }
    az_status st = az_expr_eval(n->expr, ev->ctx, &out->v, &out->defined);
    if (st == AZ_ERR_NOMEM)
        return st;
    if (st != AZ_OK) {
        out->v = NULL;
        ev->error = az_strdupf("%s could not be evaluated (%s)", n->text, az_status_str(st));
        return ev->error ? AZ_ERR_INVALID : AZ_ERR_NOMEM;
    }
    note(ev, n, out);
    return AZ_OK;
}

/* Evaluates a node to a boolean. Statuses as eval_operand. */
static az_status eval_bool(evaluator *ev, const node *n, bool *res)
{
    az_status st = AZ_OK;
    value a = {0}, b = {0};
    switch (n->kind) {
    case N_OR:
    case N_AND:
        for (size_t i = 0; i < n->n_kids; i++) {
            if ((st = eval_bool(ev, n->kids[i], res)) != AZ_OK)
                return st;
            if (*res == (n->kind == N_OR))
                return AZ_OK;
        }
        return AZ_OK;
    case N_NOT:
        if ((st = eval_bool(ev, n->kids[0], res)) == AZ_OK)
            *res = !*res;
        return st;
    case N_CMP:
        if ((st = eval_operand(ev, n->kids[0], &a)) != AZ_OK ||
            (st = eval_operand(ev, n->kids[1], &b)) != AZ_OK)
            goto out;
        if (!a.defined || !b.defined)
            *res = false; /* EXPR-22: a comparison with undefined fails, == and != alike */
        else if (n->op == C_EQ || n->op == C_NE)
            *res = loose_equal(&a, &b) == (n->op == C_EQ);
        else
            *res = relate(&a, n->op, &b);
        goto out;
    case N_LIT:
    case N_EXPR:
        if ((st = eval_operand(ev, n, &a)) == AZ_OK)
            *res = truthy(&a);
        goto out;
    }
out:
    json_object_put(a.v);
    json_object_put(b.v);
    return st;
}

/* Evaluates a simple condition. */
az_status az__simple_eval(const az__simple *s, const az_expr_context *ctx, bool *passed,
                          char **reason)
{
    evaluator ev = {.ctx = ctx};
    bool res = false;
    char *why = NULL, *cond = NULL, *notes = NULL;
    az_status st = eval_bool(&ev, s->root, &res);
    *passed = false;
    if (st == AZ_ERR_NOMEM)
        goto out;
    if (st == AZ_OK && res) {
        *passed = true;
        goto out;
    }
    st = AZ_OK;
    if (!reason)
        goto out;
    if (ev.error) {
        why = ev.error;
        ev.error = NULL;
    } else {
        az_buf_add(&ev.notes, "", 0);
        notes = az_buf_take(&ev.notes);
        cond = az__crit_quote(s->text, 2 * AZ__CRIT_QUOTE_MAX);
        if (!notes || !cond) {
            st = AZ_ERR_NOMEM;
            goto out;
        }
        why = *notes ? az_strdupf("the condition '%s' is false (%s)", cond, notes)
                     : az_strdupf("the condition '%s' is false", cond);
    }
    if (!why)
        st = AZ_ERR_NOMEM;
out:
    if (reason)
        *reason = st == AZ_OK && !*passed ? why : NULL;
    if (st != AZ_OK || *passed)
        free(why);
    free(ev.error);
    free(ev.notes.data);
    free(cond);
    free(notes);
    return st;
}
