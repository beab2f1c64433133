/* SPDX-License-Identifier: Apache-2.0 */
/*
 * expr_internal.h - the private structures of the runtime-expression part of
 * the expr module: the compiled expression (a flat AST: every Arazzo 1.0.1
 * expression is one source, up to two names and an optional pointer) and the
 * character scanner shared by the parser and the template compiler.
 * Never included outside expr/.
 */
#ifndef ARAZZO_EXPR_INTERNAL_H
#define ARAZZO_EXPR_INTERNAL_H

#include "arazzo/expr.h"

#include <stdbool.h>
#include <stddef.h>

/* A compiled runtime expression. Every string is owned by the node. */
struct az_expr {
    az_expr_source source;
    char *scope;     /* step/workflow id, source name, component kind, or NULL */
    char *name;      /* the name after the source, or NULL */
    char *pointer;   /* plain RFC 6901 pointer, or NULL when absent */
    char *canonical; /* the standard spelling */
    size_t length;   /* bytes of the compiled text consumed */
};

/*
 * The scanner state: the whole text being compiled (for columns and the
 * diagnostic's source line), the current offset and the end of the part
 * that belongs to the expression.
 */
typedef struct az__expr_scan {
    const char *text; /* the whole compiled text (template or expression) */
    size_t text_len;  /* its length in bytes */
    size_t start;     /* the offset of the expression's '$' */
    size_t pos;       /* the current offset in text */
    size_t end;       /* the offset where the expression's text ends */
    bool prefix;      /* names also stop at operator characters */
    bool strict;
    az_diags *diags;
} az__expr_scan;

/* Character classes of the expression grammar (expr_lex.c). */
bool az__expr_is_tchar(unsigned char c);
bool az__expr_is_name_char(const az__expr_scan *s, unsigned char c);
bool az__expr_is_ident_char(unsigned char c);

/* The byte at the current offset, or 0 at the end of the expression. */
unsigned char az__expr_peek(const az__expr_scan *s);

/* The 1-based code-point column of byte offset `off` in the text. */
uint32_t az__expr_column(const char *text, size_t off);

/*
 * Adds a diagnostic at byte offset `off` spanning `len` bytes (at least one
 * column) with the text as source line; returns it or NULL (no list, or out
 * of memory).
 */
az_diag *az__expr_diag(const az__expr_scan *s, az_severity severity, const char *code, size_t off,
                       size_t len, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/*
 * Describes the character at offset `off` for a message ("'{'", "end of
 * expression", "control character U+0009") into buf.
 */
const char *az__expr_describe(const az__expr_scan *s, size_t off, char *buf, size_t size);

/*
 * Compiles one expression from s->pos (which must be at '$') up to s->end.
 * Without s->prefix the expression must reach s->end. Returns the status of
 * az_expr_compile.
 */
az_status az__expr_parse(az__expr_scan *s, az_expr **out);

#endif /* ARAZZO_EXPR_INTERNAL_H */
