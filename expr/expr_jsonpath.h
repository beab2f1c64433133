/* SPDX-License-Identifier: Apache-2.0 */
/*
 * expr_jsonpath.h - the private syntax tree of compiled JSONPath queries
 * (RFC 9535) shared by the parser (expr_jsonpath_parse.c), the evaluator
 * (expr_jsonpath_eval.c) and the I-Regexp translator (expr_iregexp.c,
 * RFC 9485). Nothing here is visible outside the expr module.
 *
 * Every node of the tree is owned by its parent; the az_jsonpath owns the
 * root query and the PCRE2 match context shared by all regular expressions.
 */
#ifndef ARAZZO_EXPR_JSONPATH_H
#define ARAZZO_EXPR_JSONPATH_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <arazzo/expr.h>

/* The declared types of RFC 9535 section 2.4.1. */
typedef enum az__jp_type { AZ__JP_VALUE = 0, AZ__JP_LOGICAL = 1, AZ__JP_NODES = 2 } az__jp_type;

/* The built-in function extensions of RFC 9535 section 2.4. */
typedef enum az__jp_func {
    AZ__JP_FN_LENGTH = 0,
    AZ__JP_FN_COUNT = 1,
    AZ__JP_FN_MATCH = 2,
    AZ__JP_FN_SEARCH = 3,
    AZ__JP_FN_VALUE = 4
} az__jp_func;

typedef enum az__jp_sel_kind {
    AZ__JP_SEL_NAME = 0,
    AZ__JP_SEL_WILDCARD = 1,
    AZ__JP_SEL_INDEX = 2,
    AZ__JP_SEL_SLICE = 3,
    AZ__JP_SEL_FILTER = 4
} az__jp_sel_kind;

typedef enum az__jp_expr_kind {
    AZ__JP_EX_OR = 0,      /* n-ary ||, operands in `list` */
    AZ__JP_EX_AND = 1,     /* n-ary &&, operands in `list` */
    AZ__JP_EX_NOT = 2,     /* ! of `list[0]` */
    AZ__JP_EX_CMP = 3,     /* `list[0] op list[1]` */
    AZ__JP_EX_LITERAL = 4, /* `literal` */
    AZ__JP_EX_QUERY = 5,   /* `query`: existence test or singular value */
    AZ__JP_EX_FUNC = 6     /* `func` applied to `list` */
} az__jp_expr_kind;

typedef enum az__jp_cmp_op {
    AZ__JP_EQ = 0,
    AZ__JP_NE = 1,
    AZ__JP_LT = 2,
    AZ__JP_LE = 3,
    AZ__JP_GT = 4,
    AZ__JP_GE = 5
} az__jp_cmp_op;

typedef struct az__jp_query az__jp_query;
typedef struct az__jp_expr az__jp_expr;

/* One selector of a segment (RFC 9535 section 2.3). */
typedef struct az__jp_selector {
    az__jp_sel_kind kind;
    char *name; /* AZ__JP_SEL_NAME: the unescaped member name */
    size_t name_len;
    int64_t index;            /* AZ__JP_SEL_INDEX */
    int64_t start, end, step; /* AZ__JP_SEL_SLICE */
    bool has_start, has_end;
    az__jp_expr *filter; /* AZ__JP_SEL_FILTER */
} az__jp_selector;

/* A child segment or a descendant segment (RFC 9535 section 2.5). */
typedef struct az__jp_segment {
    bool descendant;
    az__jp_selector *sels;
    size_t nsels;
} az__jp_segment;

/* A query: `$` or `@` followed by segments. */
struct az__jp_query {
    bool relative; /* starts at `@` */
    bool singular; /* only single name / index child segments */
    az__jp_segment *segs;
    size_t nsegs;
};

/* A node of a filter's logical expression. */
struct az__jp_expr {
    az__jp_expr_kind kind;
    bool parens;     /* written inside ( ) */
    uint32_t column; /* where it starts, for diagnostics */
    size_t at;       /* the byte offset where it starts */
    az__jp_expr **list;
    size_t nlist;
    az__jp_cmp_op op;
    json_object *literal; /* owned; NULL is the null literal */
    az__jp_query *query;
    az__jp_func func;
    pcre2_code *regex;  /* match()/search() with a literal pattern */
    bool regex_invalid; /* the literal pattern is not a valid I-Regexp */
};

/* A compiled query. */
struct az_jsonpath {
    az__jp_query *query;
    pcre2_match_context *mctx;
};

/* The PCRE2 limits applied to every match()/search() call. */
#define AZ__JP_MATCH_LIMIT 1000000u
#define AZ__JP_DEPTH_LIMIT 10000u

/*
 * Decodes one UTF-8 code point of `s` (`len` bytes left, len > 0) into *cp and
 * returns its length in bytes, or 0 when the bytes are not well-formed UTF-8
 * (overlong forms, surrogates and values above U+10FFFF included).
 */
size_t az__jp_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/* Releases a query and everything below it; accepts NULL. */
void az__jp_query_free(az__jp_query *q);

/*
 * Translates the I-Regexp `pattern` (`len` bytes) to a PCRE2 pattern, anchored
 * at both ends when `full` is true (match()) and unanchored otherwise
 * (search()), and compiles it. Returns AZ_OK with the code in *out,
 * AZ_ERR_SYNTAX when the pattern is not a valid I-Regexp (or PCRE2 rejects
 * the translation), AZ_ERR_NOMEM when out of memory.
 */
az_status az__iregexp_compile(const char *pattern, size_t len, bool full, pcre2_code **out);

/*
 * Translates the I-Regexp `pattern` to a new malloc'd NUL-terminated PCRE2
 * pattern in *out (length in *out_len). Same statuses as az__iregexp_compile.
 */
az_status az__iregexp_translate(const char *pattern, size_t len, bool full, char **out,
                                size_t *out_len);

#endif /* ARAZZO_EXPR_JSONPATH_H */
