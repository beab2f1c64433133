/* SPDX-License-Identifier: Apache-2.0 */
/*
 * expr_iregexp.c - I-Regexp (RFC 9485), the interoperable regular expression
 * format of the JSONPath match() and search() functions (RFC 9535 sections
 * 2.4.6 and 2.4.7, checklist CRIT-34), validated and translated to PCRE2
 * following RFC 9485 section 5.3: `.` becomes `[^\n\r]`, every literal is
 * escaped, and match() anchors the pattern with \A(?: ... )\z. One
 * deliberate deviation, matching the JSONPath Compliance Test Suite: outside
 * character classes `^` and `$` are anchors (start and end of the subject),
 * not literal characters.
 *
 * Grammar (RFC 9485 section 3, ABNF):
 *
 *   i-regexp    = branch *( "|" branch )
 *   branch      = *piece
 *   piece       = atom [ quantifier ]
 *   quantifier  = ( "*" / "+" / "?" ) / range-quantifier
 *   range-quantifier = "{" QuantExact [ "," [ QuantExact ] ] "}"
 *   QuantExact  = 1*%x30-39
 *   atom        = NormalChar / charClass / ( "(" i-regexp ")" )
 *   NormalChar  = %x00-27 / "," / "-" / %x2F-3E / %x40-5A / %x5E-7A
 *               / %x7E-D7FF / %xE000-10FFFF
 *   charClass   = "." / SingleCharEsc / charClassEsc / charClassExpr
 *   SingleCharEsc = "\" ( %x28-2B / "-" / "." / "?" / %x5B-5E
 *                       / %s"n" / %s"r" / %s"t" / %x7B-7D )
 *   charClassEsc  = catEsc / complEsc
 *   charClassExpr = "[" [ "^" ] ( "-" / CCE1 ) *CCE1 [ "-" ] "]"
 *   CCE1        = ( CCchar [ "-" CCchar ] ) / charClassEsc
 *   CCchar      = %x00-2C / %x2E-5A / %x5E-D7FF / %xE000-10FFFF
 *               / SingleCharEsc
 *   catEsc      = %s"\p{" charProp "}"
 *   complEsc    = %s"\P{" charProp "}"
 *   charProp    = IsCategory   ; L Lu Ll Lt Lm Lo M Mn Mc Me N Nd Nl No
 *                              ; P Pc Pd Ps Pe Pi Pf Po Z Zs Zl Zp
 *                              ; S Sm Sc Sk So C Cc Cf Co Cn
 */
#include "expr_jsonpath.h"

#include <stdlib.h>
#include <string.h>

/* Deepest group nesting accepted in a pattern. */
#define RX_MAX_DEPTH 100

/* The translation state: input, position and the growing output. */
typedef struct rx {
    const char *s;
    size_t len;
    size_t pos;
    char *out;
    size_t out_len;
    size_t out_cap;
    int depth;
    bool nomem;
} rx;

/* Decodes one UTF-8 code point; see expr_jsonpath.h. */
size_t az__jp_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    uint32_t c = s[0];
    size_t n;
    uint32_t min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if ((c & 0xE0) == 0xC0) {
        n = 2, min = 0x80, c &= 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        n = 3, min = 0x800, c &= 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        n = 4, min = 0x10000, c &= 0x07;
    } else {
        return 0;
    }
    if (len < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

/* Appends `n` bytes to the output; false when out of memory. */
static bool emit(rx *r, const char *text, size_t n)
{
    if (r->out_len + n + 1 > r->out_cap) {
        size_t cap = r->out_cap ? r->out_cap : 64;
        while (cap < r->out_len + n + 1)
            cap *= 2;
        char *grown = realloc(r->out, cap);
        if (!grown) {
            r->nomem = true;
            return false;
        }
        r->out = grown;
        r->out_cap = cap;
    }
    memcpy(r->out + r->out_len, text, n);
    r->out_len += n;
    r->out[r->out_len] = '\0';
    return true;
}

/* Appends a NUL-terminated string to the output. */
static bool emits(rx *r, const char *text)
{
    return emit(r, text, strlen(text));
}

/* Appends one literal code point, escaped so PCRE2 reads it literally. */
static bool emit_literal(rx *r, uint32_t cp)
{
    char buf[16];
    if ((cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z')) {
        buf[0] = (char)cp;
        return emit(r, buf, 1);
    }
    if (cp > 0x20 && cp < 0x7F) {
        buf[0] = '\\';
        buf[1] = (char)cp;
        return emit(r, buf, 2);
    }
    int n = snprintf(buf, sizeof buf, "\\x{%X}", (unsigned)cp);
    return emit(r, buf, (size_t)n);
}

/* Tells whether `c` may follow a backslash as a SingleCharEsc. */
static bool is_single_char_esc(char c)
{
    return (c >= 0x28 && c <= 0x2B) || c == '-' || c == '.' || c == '?' ||
           (c >= 0x5B && c <= 0x5E) || c == 'n' || c == 'r' || c == 't' || (c >= 0x7B && c <= 0x7D);
}

/* Returns the code point a SingleCharEsc letter stands for. */
static uint32_t single_char_esc_value(char c)
{
    switch (c) {
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    default: return (uint32_t)(unsigned char)c;
    }
}

/*
 * Reads a \p{..} or \P{..} category escape at the backslash and emits it;
 * false when it is malformed or names no category of RFC 9485.
 */
static bool parse_category(rx *r)
{
    static const char *const cats[] = {"L",  "Lu", "Ll", "Lt", "Lm", "Lo", "M",  "Mn", "Mc",
                                       "Me", "N",  "Nd", "Nl", "No", "P",  "Pc", "Pd", "Ps",
                                       "Pe", "Pi", "Pf", "Po", "Z",  "Zs", "Zl", "Zp", "S",
                                       "Sm", "Sc", "Sk", "So", "C",  "Cc", "Cf", "Co", "Cn"};
    char kind = r->s[r->pos + 1];
    size_t p = r->pos + 2;
    if (p >= r->len || r->s[p] != '{')
        return false;
    p++;
    size_t start = p;
    while (p < r->len && r->s[p] != '}')
        p++;
    if (p >= r->len)
        return false;
    size_t n = p - start;
    bool known = false;
    for (size_t i = 0; i < sizeof cats / sizeof cats[0]; i++) {
        if (strlen(cats[i]) == n && memcmp(cats[i], r->s + start, n) == 0) {
            known = true;
            break;
        }
    }
    if (!known)
        return false;
    r->pos = p + 1;
    return emits(r, kind == 'p' ? "\\p{" : "\\P{") && emit(r, r->s + start, n) && emits(r, "}");
}

/*
 * Reads one CCchar of a character class into *cp: a plain character other
 * than - [ \ ] or a SingleCharEsc. False when there is none.
 */
static bool parse_cc_char(rx *r, uint32_t *cp)
{
    if (r->pos >= r->len)
        return false;
    char c = r->s[r->pos];
    if (c == '\\') {
        if (r->pos + 1 >= r->len || !is_single_char_esc(r->s[r->pos + 1]))
            return false;
        *cp = single_char_esc_value(r->s[r->pos + 1]);
        r->pos += 2;
        return true;
    }
    if (c == '-' || c == '[' || c == ']')
        return false;
    size_t n = az__jp_utf8_decode((const unsigned char *)r->s + r->pos, r->len - r->pos, cp);
    if (n == 0)
        return false;
    r->pos += n;
    return true;
}

/* Reads a charClassExpr at its '[' and emits the PCRE2 class. */
static bool parse_class(rx *r)
{
    r->pos++;
    if (!emits(r, "["))
        return false;
    if (r->pos < r->len && r->s[r->pos] == '^') {
        r->pos++;
        if (!emits(r, "^"))
            return false;
    }
    size_t items = 0;
    if (r->pos < r->len && r->s[r->pos] == '-') {
        r->pos++;
        items++;
        if (!emits(r, "\\-"))
            return false;
    }
    for (;;) {
        if (r->pos >= r->len)
            return false;
        char c = r->s[r->pos];
        if (c == ']')
            break;
        if (c == '-') {
            /* Only a final '-' remains possible here. */
            if (r->pos + 1 >= r->len || r->s[r->pos + 1] != ']')
                return false;
            r->pos++;
            items++;
            if (!emits(r, "\\-"))
                return false;
            continue;
        }
        if (c == '\\' && r->pos + 1 < r->len &&
            (r->s[r->pos + 1] == 'p' || r->s[r->pos + 1] == 'P')) {
            if (!parse_category(r))
                return false;
            items++;
            continue;
        }
        uint32_t lo, hi;
        if (!parse_cc_char(r, &lo))
            return false;
        if (!emit_literal(r, lo))
            return false;
        items++;
        if (r->pos + 1 < r->len && r->s[r->pos] == '-' && r->s[r->pos + 1] != ']') {
            r->pos++;
            if (!parse_cc_char(r, &hi) || hi < lo)
                return false;
            if (!emits(r, "-") || !emit_literal(r, hi))
                return false;
        }
    }
    if (items == 0)
        return false;
    r->pos++;
    return emits(r, "]");
}

static bool parse_alternation(rx *r);

/* Reads one atom and emits it; false when the pattern is invalid there. */
static bool parse_atom(rx *r)
{
    char c = r->s[r->pos];
    uint32_t cp;
    switch (c) {
    case '(':
        if (++r->depth > RX_MAX_DEPTH)
            return false;
        r->pos++;
        if (!emits(r, "(?:") || !parse_alternation(r))
            return false;
        if (r->pos >= r->len || r->s[r->pos] != ')')
            return false;
        r->pos++;
        r->depth--;
        return emits(r, ")");
    case '.': r->pos++; return emits(r, "[^\\n\\r]");
    case '^':
        /* Literal in RFC 9485's grammar, but the JSONPath CTS ("functions,
         * match, explicit caret") and common practice read it as an anchor. */
        r->pos++;
        return emits(r, "^");
    case '$': r->pos++; return emits(r, "\\z");
    case '[': return parse_class(r);
    case '\\':
        if (r->pos + 1 >= r->len)
            return false;
        if (r->s[r->pos + 1] == 'p' || r->s[r->pos + 1] == 'P')
            return parse_category(r);
        if (!is_single_char_esc(r->s[r->pos + 1]))
            return false;
        cp = single_char_esc_value(r->s[r->pos + 1]);
        r->pos += 2;
        return emit_literal(r, cp);
    case ')':
    case '*':
    case '+':
    case '?':
    case ']':
    case '{':
    case '|':
    case '}': return false;
    default: {
        size_t n = az__jp_utf8_decode((const unsigned char *)r->s + r->pos, r->len - r->pos, &cp);
        if (n == 0)
            return false;
        r->pos += n;
        return emit_literal(r, cp);
    }
    }
}

/* Reads an optional quantifier after an atom and emits it. */
static bool parse_quantifier(rx *r)
{
    if (r->pos >= r->len)
        return true;
    char c = r->s[r->pos];
    if (c == '*' || c == '+' || c == '?') {
        r->pos++;
        return emit(r, &c, 1);
    }
    if (c != '{')
        return true;
    size_t start = r->pos++;
    size_t digits = 0;
    while (r->pos < r->len && r->s[r->pos] >= '0' && r->s[r->pos] <= '9')
        r->pos++, digits++;
    if (digits == 0)
        return false;
    if (r->pos < r->len && r->s[r->pos] == ',') {
        r->pos++;
        while (r->pos < r->len && r->s[r->pos] >= '0' && r->s[r->pos] <= '9')
            r->pos++;
    }
    if (r->pos >= r->len || r->s[r->pos] != '}')
        return false;
    r->pos++;
    return emit(r, r->s + start, r->pos - start);
}

/* Reads branches separated by '|' up to a ')' or the end. */
static bool parse_alternation(rx *r)
{
    for (;;) {
        while (r->pos < r->len && r->s[r->pos] != '|' && r->s[r->pos] != ')') {
            if (!parse_atom(r) || !parse_quantifier(r))
                return false;
        }
        if (r->pos < r->len && r->s[r->pos] == '|') {
            r->pos++;
            if (!emits(r, "|"))
                return false;
            continue;
        }
        return true;
    }
}

/* Translates an I-Regexp to PCRE2 syntax; see expr_jsonpath.h. */
az_status az__iregexp_translate(const char *pattern, size_t len, bool full, char **out,
                                size_t *out_len)
{
    rx r = {.s = pattern, .len = len};
    az_status st = AZ_ERR_SYNTAX;
    *out = NULL;
    if (!emits(&r, full ? "\\A(?:" : "(?:"))
        goto out;
    if (!parse_alternation(&r) || r.pos != r.len)
        goto out;
    if (!emits(&r, full ? ")\\z" : ")"))
        goto out;
    *out = r.out;
    *out_len = r.out_len;
    r.out = NULL;
    st = AZ_OK;
out:
    if (r.nomem)
        st = AZ_ERR_NOMEM;
    free(r.out);
    return st;
}

/* Translates and compiles an I-Regexp; see expr_jsonpath.h. */
az_status az__iregexp_compile(const char *pattern, size_t len, bool full, pcre2_code **out)
{
    char *text = NULL;
    size_t text_len = 0;
    int err = 0;
    PCRE2_SIZE err_off = 0;
    *out = NULL;
    az_status st = az__iregexp_translate(pattern, len, full, &text, &text_len);
    if (st != AZ_OK)
        goto out;
    *out = pcre2_compile((PCRE2_SPTR)text, text_len, PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C, &err,
                         &err_off, NULL);
    if (!*out)
        st = AZ_ERR_SYNTAX;
out:
    free(text);
    return st;
}

/* Tells whether a pattern is a valid I-Regexp; see arazzo/expr.h. */
bool az_iregexp_valid(const char *pattern, size_t len)
{
    pcre2_code *code = NULL;
    bool ok = az__iregexp_compile(pattern, len, true, &code) == AZ_OK;
    pcre2_code_free(code);
    return ok;
}
