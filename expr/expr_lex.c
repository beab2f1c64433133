/* SPDX-License-Identifier: Apache-2.0 */
/*
 * expr_lex.c - the character level of runtime expressions (Arazzo 1.0.1
 * section "Runtime Expressions", checklist 3.1/3.2): character classes,
 * code-point columns and positioned diagnostics. The classes are
 *
 *   tchar       = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
 *                 "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA    ; RFC 9110
 *   name-char   = any character but whitespace, controls, "{", "}", "#",
 *                 "[" and "]"; with the prefix option also not
 *                 "=" "!" "<" ">" "&" "|" "(" ")" ","           ; EXPR-01
 *   ident-char  = ALPHA / DIGIT / "-" / "_"       ; [1.1] identifier-strict
 *
 * CHAR is undefined in 1.0.1 (EXPR-01); name-char follows the [1.1]
 * definition (JSON string characters without braces) and stops at
 * whitespace, '#' (the pointer separator, EXPR-04) and brackets (the
 * non-standard path syntax) so those can be recognised after a name.
 */
#include "expr_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Tells whether `c` is an RFC 9110 tchar (a header-name character). */
bool az__expr_is_tchar(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* Tells whether `c` may appear in a name at this scanner's settings. */
bool az__expr_is_name_char(const az__expr_scan *s, unsigned char c)
{
    if (c <= 0x20 || c == 0x7f)
        return false;
    if (strchr("{}#[]", c))
        return false;
    if (s->prefix && strchr("=!<>&|(),", c))
        return false;
    return true;
}

/* Tells whether `c` may appear in a step id, workflow id or source name. */
bool az__expr_is_ident_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

/* Returns the byte at the scanner's offset, or 0 at the expression's end. */
unsigned char az__expr_peek(const az__expr_scan *s)
{
    return s->pos < s->end ? (unsigned char)s->text[s->pos] : 0;
}

/* Counts the code points before byte offset `off`, plus one. */
uint32_t az__expr_column(const char *text, size_t off)
{
    uint32_t col = 1;
    for (size_t i = 0; i < off; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            col++;
    return col;
}

/*
 * Adds a positioned diagnostic over `len` bytes at `off`. A template may
 * span several lines: the position and the source line are those of the
 * line holding `off` (a "\r\n" or "\n" ends a line).
 */
az_diag *az__expr_diag(const az__expr_scan *s, az_severity severity, const char *code, size_t off,
                       size_t len, const char *fmt, ...)
{
    if (!s->diags)
        return NULL;
    if (off > s->text_len)
        off = s->text_len;
    if (off + len > s->text_len)
        len = s->text_len - off;
    size_t line_start = 0;
    uint32_t line = 1;
    for (size_t i = 0; i < off; i++) {
        if (s->text[i] == '\n') {
            line++;
            line_start = i + 1;
        }
    }
    size_t line_end = line_start;
    while (line_end < s->text_len && s->text[line_end] != '\n' && s->text[line_end] != '\r')
        line_end++;
    if (off + len > line_end && off < line_end)
        len = line_end - off; /* underline up to the end of the line only */
    az_pos pos = {NULL, line, az__expr_column(s->text + line_start, off - line_start)};
    va_list ap;
    va_start(ap, fmt);
    az_diag *d = az_diags_addv(s->diags, severity, code, &pos, fmt, ap);
    va_end(ap);
    if (!d)
        return NULL;
    uint32_t span = az__expr_column(s->text + line_start, off + len - line_start) - pos.column;
    d->span = span ? span : 1;
    az_diag_set_source_line(d, s->text + line_start, line_end - line_start);
    return d;
}

/* Describes the character at `off` for a message, in `buf`. */
const char *az__expr_describe(const az__expr_scan *s, size_t off, char *buf, size_t size)
{
    if (off >= s->end) {
        snprintf(buf, size, "end of expression");
        return buf;
    }
    unsigned char c = (unsigned char)s->text[off];
    if (c < 0x20 || c == 0x7f) {
        snprintf(buf, size, "control character U+%04X", (unsigned)c);
        return buf;
    }
    if (c == ' ') {
        snprintf(buf, size, "a space");
        return buf;
    }
    size_t n = 1;
    while (off + n < s->end && n < 4 && ((unsigned char)s->text[off + n] & 0xC0) == 0x80)
        n++;
    snprintf(buf, size, "'%.*s'", (int)n, s->text + off);
    return buf;
}
