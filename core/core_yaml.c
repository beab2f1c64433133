/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core_yaml.c - the YAML loader: turns libyaml's event stream into a json-c
 * tree under the YAML 1.2 core schema (YAML 1.2.2 section 10.3), recording
 * the line and column of every node and of every mapping key as it goes.
 *
 * The tree is built with an explicit stack of open collections, never by
 * recursion (input may nest 100,000 levels deep; max_depth stops it). The
 * stream must hold at most one document. Anchors are registered when their
 * node is complete, so an alias inside its own anchor's node is an error;
 * aliases share the anchored json-c node and its position record. The
 * nodes that aliases and merge keys add (subtrees counted expanded) are
 * counted against max_alias_nodes, which stops "billion laughs" documents;
 * merge members that are not copied are counted separately against the
 * same limit, so that no input makes the loader work much more than its
 * size and that limit allow. Mapping keys are always strings.
 *
 * Resolution of an untagged plain scalar (the core schema's regular
 * expressions, checked by hand, first character first):
 *
 *   null   = "" | "~" | "null" | "Null" | "NULL"
 *   bool   = "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
 *   int    = [ "-" | "+" ] 1*DIGIT | "0o" 1*ODIGIT | "0x" 1*HEXDIG
 *   float  = [ "-" | "+" ] ( "." 1*DIGIT | 1*DIGIT [ "." *DIGIT ] )
 *            [ ( "e" | "E" ) [ "-" | "+" ] 1*DIGIT ]
 *          | [ "-" | "+" ] ( ".inf" | ".Inf" | ".INF" )
 *          | ".nan" | ".NaN" | ".NAN"
 *   string = anything else
 *
 * Integers that do not fit int64 become doubles. Quoted and block scalars
 * are strings. Explicit tags: !!str, !!int, !!float, !!bool, !!null (the
 * text must have the tag's form; !!float also takes the int forms), !!map,
 * !!seq, the non-specific "!" (a string on a scalar), and !!merge on a key;
 * any other tag is an error. Merge keys ("<<", plain, or tagged !!merge)
 * take a mapping or a sequence of mappings whose members are copied into
 * the enclosing mapping when it ends, never over an explicit key, earlier
 * sources before later ones. json-c keys are C strings, so a key holding a
 * NUL character is cut there (as in the JSON loader); values keep every
 * byte.
 */
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/linkhash.h>
#include <yaml.h>

#include "core_internal.h"

/* The prefix of the YAML 1.2 core schema's tags ("!!" in documents). */
#define YAML_TAG_PREFIX     "tag:yaml.org,2002:"
#define YAML_TAG_PREFIX_LEN (sizeof YAML_TAG_PREFIX - 1)

/* What a scalar resolves to. */
typedef enum scalar_kind { SK_NULL, SK_BOOL, SK_INT, SK_FLOAT, SK_STR } scalar_kind;

/* A resolved scalar, before any json-c node is made for it. */
typedef struct scalar_val {
    scalar_kind kind;
    bool b;
    int64_t i;
    double d;
} scalar_val;

/*
 * One anchor. While its collection is still open (`open`) any alias to it
 * is recursive. `node` is a reference owned by the table (NULL for a null
 * node); `text` keeps a scalar's text so that an alias can serve as a key.
 */
typedef struct anchor {
    json_object *node;
    size_t count; /* nodes in the anchored subtree, aliases expanded */
    char *text;
    size_t text_len;
    uint32_t line, column;
    bool open;
    bool is_scalar;
} anchor;

/*
 * One open collection. Its node is owned by the frame until the collection
 * ends and is placed in its parent. Frames are reused as the stack grows and
 * shrinks, so the key buffer and the merge list keep their memory.
 */
typedef struct frame {
    json_object *node;
    az__node_rec *rec;
    bool is_map;
    bool want_value;   /* mapping: a key was read, its value comes next */
    bool key_is_merge; /* mapping: that key is a merge key */
    bool merge_list;   /* sequence: the value of a merge key, not in the tree */
    uint32_t line, column;
    char *key; /* the current key, NUL-terminated */
    size_t key_len, key_cap;
    uint32_t key_line, key_column;
    size_t index;         /* sequence: number of items so far */
    size_t count;         /* nodes in the subtree so far, aliases expanded */
    char *anchor;         /* owned copy of the collection's anchor name, or NULL */
    json_object **merges; /* merge sources, owned references */
    size_t n_merges, cap_merges;
    uint32_t merge_line, merge_column; /* the first merge key */
} frame;

/*
 * The member place records of the document (nulls and alias placements)
 * indexed by (parent, key), built on the first merge of a null member
 * (az__doc_find_place is a linear scan, and a merge may copy a million
 * nulls). `slots` hold an index into
 * doc->places plus one, 0 when empty; records [0, indexed) are in.
 */
typedef struct null_index {
    size_t *slots;
    size_t cap; /* a power of two */
    size_t indexed;
} null_index;

/* The parser's state, all of it (no globals). */
typedef struct yaml_ctx {
    az_doc *doc;
    az_diags *diags;
    unsigned max_depth;
    size_t max_alias_nodes;
    size_t alias_nodes; /* nodes added by aliases and merges so far */
    size_t merge_skips; /* merge source members not copied (a key won) */
    size_t skipped;     /* bytes of byte order mark not given to libyaml */
    char decimal_point; /* the current locale's, for strtod */

    frame *frames;
    size_t depth, cap;

    struct lh_table *anchors; /* name -> anchor, created on first use */

    json_object **walk; /* scratch stack for counting subtree nodes */
    size_t walk_cap;

    /* References dropped during the parse (merge sources, replaced anchors),
     * released at its end: a node freed while parsing could have its
     * address reused by a new node and inherit its stale null records. */
    json_object **kept;
    size_t n_kept, cap_kept;

    null_index places;

    json_object *root;
    bool seen_document;
} yaml_ctx;

/* Appends "/token" with RFC 6901 escaping; false when out of memory. */
static bool append_token(az_buf *b, const char *s, size_t n)
{
    az_buf_add(b, "/", 1);
    az_buf_add_token(b, s, n);
    return !b->failed;
}

/*
 * Returns a new string: the JSON Pointer of the place being filled, built
 * from the stack (each mapping's current key, each sequence's next index),
 * or NULL when out of memory. A mapping still waiting for a key ends it.
 */
static char *current_pointer(const yaml_ctx *c)
{
    az_buf b = {0};
    char num[32];

    for (size_t i = 0; i < c->depth; i++) {
        const frame *f = &c->frames[i];
        if (f->is_map) {
            if (!f->want_value)
                break;
            if (!append_token(&b, f->key, f->key_len))
                break;
        } else {
            int n = snprintf(num, sizeof num, "%zu", f->index);
            if (!append_token(&b, num, (size_t)n))
                break;
        }
    }
    return az_buf_take(&b);
}

/* Converts a libyaml mark (0-based) to a 1-based line. */
static uint32_t mark_line(yaml_mark_t m)
{
    return m.line >= UINT32_MAX ? UINT32_MAX : (uint32_t)m.line + 1;
}

/* Converts a libyaml mark (0-based, counting characters) to a 1-based column. */
static uint32_t mark_column(yaml_mark_t m)
{
    return m.column >= UINT32_MAX ? UINT32_MAX : (uint32_t)m.column + 1;
}

static az_diag *report(yaml_ctx *c, const char *code, uint32_t line, uint32_t column,
                       bool with_pointer, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/*
 * Appends an error diagnostic at (line, column), with the JSON Pointer of
 * the place being filled when `with_pointer` is set. Returns it so the
 * caller can add a span or related position (NULL without a list).
 */
static az_diag *report(yaml_ctx *c, const char *code, uint32_t line, uint32_t column,
                       bool with_pointer, const char *fmt, ...)
{
    az_pos pos = {c->doc->name, line, column};
    az_diag *diag = NULL;
    char *msg = NULL, *ptr = NULL;
    va_list ap;

    if (!c->diags)
        goto out;
    va_start(ap, fmt);
    msg = az_vstrdupf(fmt, ap);
    va_end(ap);
    if (!msg)
        goto out;
    diag = az_doc_diag(c->doc, c->diags, AZ_SEVERITY_ERROR, code, &pos, "%s", msg);
    if (diag && with_pointer && (ptr = current_pointer(c)) && ptr[0])
        az_diag_set_pointer(diag, ptr);
out:
    free(msg);
    free(ptr);
    return diag;
}

/* Adds a related position, quoting its source line, to a diagnostic. */
static void add_related(yaml_ctx *c, az_diag *diag, uint32_t line, uint32_t column,
                        const char *message)
{
    if (!diag)
        return;
    az_pos pos = {c->doc->name, line, column};
    size_t len = 0;
    const char *text = az_doc_line_text(c->doc, line, &len);
    az_diag_set_related(diag, &pos, message, text, text ? len : 0);
}

/* Writes a tag the way a document would spell it ("!!int", "!foo"). */
static void tag_display(const char *tag, char *out, size_t size)
{
    if (strncmp(tag, YAML_TAG_PREFIX, YAML_TAG_PREFIX_LEN) == 0)
        snprintf(out, size, "!!%s", tag + YAML_TAG_PREFIX_LEN);
    else
        snprintf(out, size, "%s", tag);
}

/* ------------------------------------------------------------------------ */
/* Scalar resolution                                                         */
/* ------------------------------------------------------------------------ */

/* Tells whether a byte is an ASCII decimal digit. */
static inline bool is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

/* Tells whether [s, s+n) equals the NUL-terminated word. */
static inline bool text_is(const char *s, size_t n, const char *word)
{
    return strlen(word) == n && memcmp(s, word, n) == 0;
}

/* Matches the core schema's null forms. */
static bool parse_null(const char *s, size_t n, scalar_val *out)
{
    if (n == 0 || text_is(s, n, "~") || text_is(s, n, "null") || text_is(s, n, "Null") ||
        text_is(s, n, "NULL")) {
        out->kind = SK_NULL;
        return true;
    }
    return false;
}

/* Matches the core schema's bool forms. */
static bool parse_bool(const char *s, size_t n, scalar_val *out)
{
    if (text_is(s, n, "true") || text_is(s, n, "True") || text_is(s, n, "TRUE")) {
        out->kind = SK_BOOL;
        out->b = true;
        return true;
    }
    if (text_is(s, n, "false") || text_is(s, n, "False") || text_is(s, n, "FALSE")) {
        out->kind = SK_BOOL;
        out->b = false;
        return true;
    }
    return false;
}

/*
 * Converts text matching the float (or decimal int) grammar to a double,
 * in the C locale's syntax even when the current locale's decimal point
 * differs: strtod runs on a NUL-terminated copy with the point replaced.
 */
static double to_double(const yaml_ctx *c, const char *s, size_t n)
{
    char small[64];
    char *copy = n < sizeof small ? small : malloc(n + 1);
    double d;

    if (!copy)
        return strtod(s, NULL); /* out of memory: libyaml NUL-terminates */
    memcpy(copy, s, n);
    copy[n] = '\0';
    if (c->decimal_point != '.') {
        char *dot = memchr(copy, '.', n);
        if (dot)
            *dot = c->decimal_point;
    }
    d = strtod(copy, NULL);
    if (copy != small)
        free(copy);
    return d;
}

/* Returns the value of a digit in base 8, 10 or 16, or 99 for none. */
static inline unsigned digit_value(char ch)
{
    if (ch >= '0' && ch <= '9')
        return (unsigned)(ch - '0');
    if (ch >= 'a' && ch <= 'f')
        return (unsigned)(ch - 'a' + 10);
    if (ch >= 'A' && ch <= 'F')
        return (unsigned)(ch - 'A' + 10);
    return 99;
}

/*
 * Matches the core schema's int forms. A value that does not fit int64
 * resolves to a double (SK_FLOAT) of the same magnitude.
 */
static bool parse_int(const yaml_ctx *c, const char *s, size_t n, scalar_val *out)
{
    size_t i = 0;
    unsigned base = 10;
    bool neg = false, overflow = false;
    uint64_t u = 0;
    double d = 0;

    if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
        base = s[1] == 'x' ? 16 : 8;
        i = 2;
    } else if (n > 0 && (s[0] == '-' || s[0] == '+')) {
        neg = s[0] == '-';
        i = 1;
    }
    if (i >= n)
        return false;
    for (; i < n; i++) {
        unsigned v = digit_value(s[i]);
        if (v >= base)
            return false;
        if (!overflow && u > (UINT64_MAX - v) / base)
            overflow = true;
        if (!overflow)
            u = u * base + v;
        d = d * base + v;
    }
    uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    if (!overflow && u <= limit) {
        out->kind = SK_INT;
        out->i = !neg ? (int64_t)u : u == limit ? INT64_MIN : -(int64_t)u;
    } else {
        out->kind = SK_FLOAT;
        out->d = base == 10 ? to_double(c, s, n) : d;
    }
    return true;
}

/* Matches the core schema's float forms (which include the decimal ints). */
static bool parse_float(const yaml_ctx *c, const char *s, size_t n, scalar_val *out)
{
    size_t i = 0, int_digits = 0, frac_digits = 0;
    bool neg = false;

    if (n == 4 && (text_is(s, n, ".nan") || text_is(s, n, ".NaN") || text_is(s, n, ".NAN"))) {
        out->kind = SK_FLOAT;
        out->d = NAN;
        return true;
    }
    if (n > 0 && (s[0] == '-' || s[0] == '+')) {
        neg = s[0] == '-';
        i = 1;
    }
    if (n - i == 4 && (memcmp(s + i, ".inf", 4) == 0 || memcmp(s + i, ".Inf", 4) == 0 ||
                       memcmp(s + i, ".INF", 4) == 0)) {
        out->kind = SK_FLOAT;
        out->d = neg ? -INFINITY : INFINITY;
        return true;
    }
    while (i < n && is_digit(s[i])) {
        i++;
        int_digits++;
    }
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && is_digit(s[i])) {
            i++;
            frac_digits++;
        }
    }
    if (int_digits == 0 && frac_digits == 0)
        return false;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t exp_digits = 0;
        i++;
        if (i < n && (s[i] == '-' || s[i] == '+'))
            i++;
        while (i < n && is_digit(s[i])) {
            i++;
            exp_digits++;
        }
        if (exp_digits == 0)
            return false;
    }
    if (i != n)
        return false;
    out->kind = SK_FLOAT;
    out->d = to_double(c, s, n);
    return true;
}

/* Resolves an untagged plain scalar; the first character picks the checks. */
static void resolve_plain(const yaml_ctx *c, const char *s, size_t n, scalar_val *out)
{
    out->kind = SK_STR;
    if (n == 0) {
        out->kind = SK_NULL;
        return;
    }
    switch (s[0]) {
    case '~':
    case 'n':
    case 'N': parse_null(s, n, out); break;
    case 't':
    case 'T':
    case 'f':
    case 'F': parse_bool(s, n, out); break;
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9':
    case '-':
    case '+':
    case '.':
        if (!parse_int(c, s, n, out) && !parse_float(c, s, n, out))
            out->kind = SK_STR;
        break;
    default: break;
    }
}

/*
 * Resolves a scalar event under its tag. Reports yaml-unknown-tag,
 * yaml-tag-mismatch or yaml-bad-tagged-value and returns AZ_ERR_SYNTAX when
 * the tag is not one the core schema knows or the text does not fit it.
 * `is_key` allows the !!merge tag (the caller handles it).
 */
static az_status resolve_scalar(yaml_ctx *c, const yaml_event_t *ev, bool is_key, scalar_val *out)
{
    const char *s = (const char *)ev->data.scalar.value;
    size_t n = ev->data.scalar.length;
    const char *tag = (const char *)ev->data.scalar.tag;
    const char *t;
    bool ok;
    char shown[96];

    out->kind = SK_STR;
    if (!tag) {
        if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
            resolve_plain(c, s, n, out);
        return AZ_OK;
    }
    if (strcmp(tag, "!") == 0)
        return AZ_OK;
    tag_display(tag, shown, sizeof shown);
    if (strncmp(tag, YAML_TAG_PREFIX, YAML_TAG_PREFIX_LEN) != 0)
        goto unknown;
    t = tag + YAML_TAG_PREFIX_LEN;
    if (strcmp(t, "str") == 0)
        return AZ_OK;
    if (strcmp(t, "int") == 0) {
        ok = parse_int(c, s, n, out);
    } else if (strcmp(t, "float") == 0) {
        ok = parse_int(c, s, n, out) || parse_float(c, s, n, out);
        if (ok && out->kind == SK_INT) {
            out->kind = SK_FLOAT;
            out->d = (double)out->i;
        }
    } else if (strcmp(t, "bool") == 0) {
        ok = parse_bool(s, n, out);
    } else if (strcmp(t, "null") == 0) {
        ok = parse_null(s, n, out);
    } else if (strcmp(t, "map") == 0 || strcmp(t, "seq") == 0 ||
               (strcmp(t, "merge") == 0 && !is_key)) {
        report(c, "yaml-tag-mismatch", mark_line(ev->start_mark), mark_column(ev->start_mark), true,
               "tag '%s' cannot apply to a scalar%s", shown,
               strcmp(t, "merge") == 0 ? " value (only to a mapping key)" : "");
        return AZ_ERR_SYNTAX;
    } else if (strcmp(t, "merge") == 0) {
        return AZ_OK;
    } else {
        goto unknown;
    }
    if (!ok) {
        report(c, "yaml-bad-tagged-value", mark_line(ev->start_mark), mark_column(ev->start_mark),
               true, "'%.*s' is not a valid %s", (int)(n > 64 ? 64 : n), s, shown);
        return AZ_ERR_SYNTAX;
    }
    return AZ_OK;
unknown:
    report(c, "yaml-unknown-tag", mark_line(ev->start_mark), mark_column(ev->start_mark), true,
           "unknown tag '%s'", shown);
    return AZ_ERR_SYNTAX;
}

/*
 * Makes the json-c node of a resolved scalar: a new reference, or NULL for
 * a null (check val->kind) or when out of memory (AZ_ERR_NOMEM).
 */
static az_status make_scalar(const scalar_val *val, const char *s, size_t n, json_object **out)
{
    switch (val->kind) {
    case SK_NULL: *out = NULL; return AZ_OK;
    case SK_BOOL: *out = json_object_new_boolean(val->b); break;
    case SK_INT: *out = json_object_new_int64(val->i); break;
    case SK_FLOAT: *out = json_object_new_double(val->d); break;
    case SK_STR:
        if (n > INT_MAX)
            return AZ_ERR_LIMIT;
        *out = json_object_new_string_len(s, (int)n);
        break;
    }
    return *out ? AZ_OK : AZ_ERR_NOMEM;
}

/* ------------------------------------------------------------------------ */
/* Anchors                                                                   */
/* ------------------------------------------------------------------------ */

/*
 * Drops a reference at the end of the parse rather than now (see `kept`).
 * Without memory to remember it, drops it now: the parse is failing anyway.
 */
static void release_later(yaml_ctx *c, json_object *node)
{
    if (!node)
        return;
    if (c->n_kept == c->cap_kept) {
        size_t cap = c->cap_kept ? c->cap_kept * 2 : 16;
        json_object **grown = realloc(c->kept, cap * sizeof *grown);
        if (!grown) {
            json_object_put(node);
            return;
        }
        c->kept = grown;
        c->cap_kept = cap;
    }
    c->kept[c->n_kept++] = node;
}

/* Releases one anchor table entry (the table's free callback). */
static void anchor_entry_free(struct lh_entry *e)
{
    anchor *a = lh_entry_v(e);
    free(lh_entry_k(e));
    if (a) {
        json_object_put(a->node);
        free(a->text);
        free(a);
    }
}

/*
 * Returns the anchor named `name`, created empty when new, with its old
 * node and text released; NULL when out of memory.
 */
static anchor *anchor_reset(yaml_ctx *c, const char *name)
{
    struct lh_entry *e;
    anchor *a;
    char *key;

    if (!c->anchors && !(c->anchors = lh_kchar_table_new(16, anchor_entry_free)))
        return NULL;
    e = lh_table_lookup_entry(c->anchors, name);
    if (e) {
        a = lh_entry_v(e);
        release_later(c, a->node);
        free(a->text);
        memset(a, 0, sizeof *a);
        return a;
    }
    a = calloc(1, sizeof *a);
    key = strdup(name);
    if (!a || !key || lh_table_insert(c->anchors, key, a) != 0) {
        free(a);
        free(key);
        return NULL;
    }
    return a;
}

/* Marks an anchor as belonging to a collection that has started, not ended. */
static az_status anchor_open(yaml_ctx *c, const char *name)
{
    anchor *a = anchor_reset(c, name);
    if (!a)
        return AZ_ERR_NOMEM;
    a->open = true;
    return AZ_OK;
}

/*
 * Defines (or redefines) an anchor on a complete node: takes a new
 * reference to `node` (may be NULL) and copies a scalar's text.
 */
static az_status anchor_define(yaml_ctx *c, const char *name, json_object *node, size_t count,
                               const char *text, size_t text_len, uint32_t line, uint32_t column)
{
    anchor *a = anchor_reset(c, name);
    if (!a)
        return AZ_ERR_NOMEM;
    if (text) {
        if (!(a->text = malloc(text_len + 1)))
            return AZ_ERR_NOMEM;
        memcpy(a->text, text, text_len);
        a->text[text_len] = '\0';
        a->text_len = text_len;
        a->is_scalar = true;
    }
    a->node = json_object_get(node);
    a->count = count;
    a->line = line;
    a->column = column;
    return AZ_OK;
}

/* Returns the anchor named `name`, or NULL when none is defined. */
static anchor *anchor_find(const yaml_ctx *c, const char *name)
{
    struct lh_entry *e = c->anchors ? lh_table_lookup_entry(c->anchors, name) : NULL;
    return e ? lh_entry_v(e) : NULL;
}

/* ------------------------------------------------------------------------ */
/* Building the tree                                                         */
/* ------------------------------------------------------------------------ */

/*
 * Adds `n` nodes to the count of nodes that aliases and merges created;
 * reports yaml-alias-limit at (line, column) when that passes the limit.
 */
static az_status add_alias_nodes(yaml_ctx *c, size_t n, uint32_t line, uint32_t column)
{
    if (n > c->max_alias_nodes - c->alias_nodes) {
        report(c, "yaml-alias-limit", line, column, true,
               "aliases and merge keys expand the document by more than %zu nodes "
               "(the max_alias_nodes limit)",
               c->max_alias_nodes);
        return AZ_ERR_LIMIT;
    }
    c->alias_nodes += n;
    return AZ_OK;
}

/*
 * Counts the nodes of the subtree at `node` (shared nodes as often as they
 * are reached), stopping once the count passes `budget`; so the total work
 * of all counts stays within the alias limit.
 */
static az_status count_nodes(yaml_ctx *c, json_object *node, size_t budget, size_t *out)
{
    size_t n = 0, sp = 0;

    if (!node) {
        *out = 1;
        return AZ_OK;
    }
    if (c->walk_cap == 0) {
        if (!(c->walk = malloc(64 * sizeof *c->walk)))
            return AZ_ERR_NOMEM;
        c->walk_cap = 64;
    }
    c->walk[sp++] = node;
    while (sp > 0 && n <= budget) {
        json_object *x = c->walk[--sp];
        size_t kids;
        n++;
        if (json_object_is_type(x, json_type_array))
            kids = json_object_array_length(x);
        else if (json_object_is_type(x, json_type_object))
            kids = (size_t)json_object_object_length(x);
        else
            continue;
        if (sp + kids > c->walk_cap) {
            size_t cap = c->walk_cap;
            while (cap < sp + kids)
                cap *= 2;
            json_object **grown = realloc(c->walk, cap * sizeof *grown);
            if (!grown)
                return AZ_ERR_NOMEM;
            c->walk = grown;
            c->walk_cap = cap;
        }
        if (json_object_is_type(x, json_type_array)) {
            for (size_t i = 0; i < kids; i++) {
                json_object *item = json_object_array_get_idx(x, i);
                if (item)
                    c->walk[sp++] = item;
                else
                    n++;
            }
        } else {
            json_object_object_foreach(x, k, v)
            {
                (void)k;
                if (v)
                    c->walk[sp++] = v;
                else
                    n++;
            }
        }
    }
    *out = n;
    return AZ_OK;
}

/*
 * Takes one merge source (a reference, consumed): a mapping, or a sequence
 * of mappings whose items become sources in order. Anything else is
 * yaml-invalid-merge at (line, column), the position of the value.
 */
static az_status add_merge_source(yaml_ctx *c, frame *f, json_object *src, uint32_t line,
                                  uint32_t column)
{
    az_status st = AZ_OK;
    size_t n = 1, i;
    json_object *item = src;

    if (json_object_is_type(src, json_type_array)) {
        n = json_object_array_length(src);
        for (i = 0; i < n; i++) {
            item = json_object_array_get_idx(src, i);
            if (!json_object_is_type(item, json_type_object)) {
                az_pos at;
                if (az_doc_node_pos(c->doc, item, &at)) {
                    line = at.line;
                    column = at.column;
                }
                goto invalid;
            }
        }
    } else if (!json_object_is_type(src, json_type_object)) {
        goto invalid;
    }
    if (f->n_merges + n > f->cap_merges) {
        size_t cap = f->cap_merges ? f->cap_merges : 4;
        while (cap < f->n_merges + n)
            cap *= 2;
        json_object **grown = realloc(f->merges, cap * sizeof *grown);
        if (!grown) {
            st = AZ_ERR_NOMEM;
            goto out;
        }
        f->merges = grown;
        f->cap_merges = cap;
    }
    if (json_object_is_type(src, json_type_array)) {
        for (i = 0; i < n; i++)
            f->merges[f->n_merges++] = json_object_get(json_object_array_get_idx(src, i));
    } else {
        f->merges[f->n_merges++] = json_object_get(src);
    }
    f->want_value = false;
    goto out;
invalid:
    report(c, "yaml-invalid-merge", line, column, true,
           "a merge key '<<' takes a mapping or a sequence of mappings, not %s",
           !item ? "null" : json_type_to_name(json_object_get_type(item)));
    st = AZ_ERR_SYNTAX;
out:
    release_later(c, src);
    return st;
}

/* Hashes a (parent, key) pair for the null index. */
static size_t null_hash(const json_object *parent, const char *key)
{
    uint64_t h = 1469598103934665603u ^ (uint64_t)(uintptr_t)parent;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    return (size_t)(h ^ (h >> 29));
}

/* Adds doc->places[i] (a member's record) to the index, which has room. */
static void null_index_put(null_index *x, const az__place_rec *recs, size_t i)
{
    size_t at = null_hash(recs[i].parent, recs[i].key) & (x->cap - 1);
    while (x->slots[at])
        at = (at + 1) & (x->cap - 1);
    x->slots[at] = i + 1;
}

/*
 * Finds the null record of member `key` of `parent` through the index,
 * first bringing the index up to date with the document's records.
 */
static az_status find_null_member(yaml_ctx *c, const json_object *parent, const char *key,
                                  const az__place_rec **out)
{
    null_index *x = &c->places;
    const az__place_rec *recs = c->doc->places;
    size_t n = c->doc->n_places;

    *out = NULL;
    if (2 * n + 2 > x->cap) {
        size_t cap = x->cap ? x->cap : 64;
        while (cap < 2 * n + 2)
            cap *= 2;
        size_t *slots = calloc(cap, sizeof *slots);
        if (!slots)
            return AZ_ERR_NOMEM;
        free(x->slots);
        x->slots = slots;
        x->cap = cap;
        x->indexed = 0;
    }
    for (; x->indexed < n; x->indexed++)
        if (recs[x->indexed].key)
            null_index_put(x, recs, x->indexed);
    for (size_t at = null_hash(parent, key) & (x->cap - 1); x->slots[at];
         at = (at + 1) & (x->cap - 1)) {
        const az__place_rec *r = &recs[x->slots[at] - 1];
        if (r->parent == parent && strcmp(r->key, key) == 0) {
            *out = r;
            break;
        }
    }
    return AZ_OK;
}

/*
 * Copies the members of a mapping's merge sources that it lacks, in source
 * order (so earlier sources win), counting them against the alias limit.
 * Members not copied count too, separately, against the same limit: else a
 * long list of the same source would cost time without adding nodes.
 */
static az_status apply_merges(yaml_ctx *c, frame *f)
{
    az_status st = AZ_OK;

    for (size_t i = 0; i < f->n_merges && st == AZ_OK; i++) {
        json_object *src = f->merges[i];
        json_object_object_foreach(src, k, v)
        {
            size_t n;
            if (json_object_object_get_ex(f->node, k, NULL)) {
                if (++c->merge_skips > c->max_alias_nodes) {
                    report(c, "yaml-alias-limit", f->merge_line, f->merge_column, true,
                           "merge keys bring more than %zu members that are not copied "
                           "(the max_alias_nodes limit)",
                           c->max_alias_nodes);
                    st = AZ_ERR_LIMIT;
                    break;
                }
                continue;
            }
            st = count_nodes(c, v, c->max_alias_nodes - c->alias_nodes, &n);
            if (st == AZ_OK)
                st = add_alias_nodes(c, n, f->merge_line, f->merge_column);
            if (st != AZ_OK)
                break;
            /* Every key of the tree lives in the document's arena. */
            if (json_object_object_add_ex(f->node, k, json_object_get(v),
                                          JSON_C_OBJECT_ADD_KEY_IS_NEW |
                                              JSON_C_OBJECT_ADD_CONSTANT_KEY) != 0) {
                json_object_put(v);
                st = AZ_ERR_NOMEM;
                break;
            }
            f->count += n;
            if (!v) {
                const az__place_rec *nr;
                if ((st = find_null_member(c, src, k, &nr)) != AZ_OK)
                    break;
                if (nr) {
                    /* Copy first: adding a record may move the list. */
                    az__place_rec copy = *nr;
                    st = az__doc_add_place(c->doc, f->node, k, strlen(k), 0, copy.line, copy.column,
                                           copy.key_line, copy.key_column);
                    if (st != AZ_OK)
                        break;
                }
            }
        }
    }
    for (size_t i = 0; i < f->n_merges; i++)
        release_later(c, f->merges[i]);
    f->n_merges = 0;
    return st;
}

/* Flags a node placed again through an alias, so lookups seek its place. */
static void mark_shared(yaml_ctx *c, json_object *node)
{
    az__node_rec *rec = az__doc_rec(c->doc, node);
    if (rec)
        rec->shared = true;
}

/*
 * Places a complete node (a reference, consumed; NULL for null) in the
 * collection on top of the stack, or as the root. `count` is the size of
 * its subtree; `shared` tells it came from an alias, so its record (which
 * belongs to the anchor) keeps the first place and this one is recorded as
 * a place at (line, column), the alias; for a null, (line, column) is the
 * null's position.
 */
static az_status place(yaml_ctx *c, json_object *node, az__node_rec *rec, size_t count,
                       uint32_t line, uint32_t column, bool shared)
{
    frame *f;

    if (c->depth == 0) {
        c->root = node;
        return AZ_OK;
    }
    f = &c->frames[c->depth - 1];
    if (!f->is_map) {
        if (json_object_array_add(f->node, node) != 0) {
            json_object_put(node);
            return AZ_ERR_NOMEM;
        }
        if ((!node || shared) &&
            az__doc_add_place(c->doc, f->node, NULL, 0, f->index, line, column, 0, 0) != AZ_OK)
            return AZ_ERR_NOMEM;
        if (shared)
            mark_shared(c, node);
        f->index++;
        f->count += count;
        return AZ_OK;
    }
    if (f->key_is_merge)
        return add_merge_source(c, f, node, line, column);
    const char *key = az__doc_key(c->doc, f->key, f->key_len);
    if (!key || json_object_object_add_ex(f->node, key, node,
                                          JSON_C_OBJECT_ADD_KEY_IS_NEW |
                                              JSON_C_OBJECT_ADD_CONSTANT_KEY) != 0) {
        json_object_put(node);
        return AZ_ERR_NOMEM;
    }
    if (!node) {
        if (az__doc_add_place(c->doc, f->node, f->key, f->key_len, 0, line, column, f->key_line,
                              f->key_column) != AZ_OK)
            return AZ_ERR_NOMEM;
    } else if (shared) {
        if (az__doc_add_place(c->doc, f->node, f->key, f->key_len, 0, line, column, f->key_line,
                              f->key_column) != AZ_OK)
            return AZ_ERR_NOMEM;
        mark_shared(c, node);
    } else if (rec) {
        rec->key_line = f->key_line;
        rec->key_column = f->key_column;
    }
    f->count += count;
    f->want_value = false;
    return AZ_OK;
}

/*
 * Finds where the existing member `key` of the mapping of frame `f` had its
 * key: a null or a node placed through an alias has a place record (a linear
 * search, but only on this error path); any other node's record has it.
 */
static void first_key_pos(const yaml_ctx *c, const frame *f, const char *key, json_object *old,
                          uint32_t *line, uint32_t *column)
{
    const az__node_rec *rec = az__doc_rec(c->doc, old);
    const az__place_rec *place = NULL;

    *line = 0;
    *column = 0;
    if (!old || (rec && rec->shared))
        place = az__doc_find_place(c->doc, f->node, key, 0);
    if (place) {
        *line = place->key_line;
        *column = place->key_column;
    } else if (rec) {
        *line = rec->key_line;
        *column = rec->key_column;
    }
}

/*
 * Makes `text` the current key of the mapping on top of the stack; a key
 * already present is yaml-duplicate-key here, related to the first one.
 */
static az_status set_key(yaml_ctx *c, frame *f, const char *text, size_t len, bool merge,
                         uint32_t line, uint32_t column)
{
    const char *nul = memchr(text, '\0', len);
    json_object *old;

    if (nul)
        len = (size_t)(nul - text); /* json-c keys are C strings */
    if (len + 1 > f->key_cap) {
        size_t cap = f->key_cap ? f->key_cap : 32;
        while (cap < len + 1)
            cap *= 2;
        char *grown = realloc(f->key, cap);
        if (!grown)
            return AZ_ERR_NOMEM;
        f->key = grown;
        f->key_cap = cap;
    }
    memcpy(f->key, text, len);
    f->key[len] = '\0';
    f->key_len = len;
    f->key_line = line;
    f->key_column = column;
    f->want_value = true;
    f->key_is_merge = merge;
    if (merge) {
        if (f->merge_line == 0) {
            f->merge_line = line;
            f->merge_column = column;
        }
        return AZ_OK;
    }
    if (json_object_object_get_ex(f->node, f->key, &old)) {
        uint32_t first_line, first_column;
        first_key_pos(c, f, f->key, old, &first_line, &first_column);
        az_diag *d = report(c, "yaml-duplicate-key", line, column, true,
                            "duplicate mapping key '%s'", f->key);
        if (d) {
            d->span = (uint32_t)az_utf8_length(f->key, len);
            if (first_line)
                add_related(c, d, first_line, first_column, "first defined here");
        }
        return AZ_ERR_SYNTAX;
    }
    return AZ_OK;
}

/* Handles a scalar event: a mapping key, or a node to place. */
static az_status on_scalar(yaml_ctx *c, const yaml_event_t *ev)
{
    const char *s = (const char *)ev->data.scalar.value;
    size_t n = ev->data.scalar.length;
    const char *anchor_name = (const char *)ev->data.scalar.anchor;
    const char *tag = (const char *)ev->data.scalar.tag;
    uint32_t line = mark_line(ev->start_mark), column = mark_column(ev->start_mark);
    frame *f = c->depth ? &c->frames[c->depth - 1] : NULL;
    bool is_key = f && f->is_map && !f->want_value;
    json_object *node = NULL;
    az__node_rec *rec = NULL;
    scalar_val val;
    az_status st;

    if (is_key && !tag && !anchor_name) {
        /* The common case, kept short: a plain or quoted key. */
        bool merge = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && n == 2 && s[0] == '<' &&
                     s[1] == '<';
        return set_key(c, f, s, n, merge, line, column);
    }
    if ((st = resolve_scalar(c, ev, is_key, &val)) != AZ_OK)
        return st;
    if (!is_key || anchor_name) {
        if ((st = make_scalar(&val, s, n, &node)) != AZ_OK) {
            if (st == AZ_ERR_LIMIT)
                report(c, "yaml-scalar-too-long", line, column, true,
                       "scalar of %zu bytes is longer than json-c allows", n);
            return st;
        }
        if (node && !(rec = az__doc_attach(c->doc, node, line, column))) {
            json_object_put(node);
            return AZ_ERR_NOMEM;
        }
        if (anchor_name &&
            (st = anchor_define(c, anchor_name, node, 1, s, n, line, column)) != AZ_OK) {
            json_object_put(node);
            return st;
        }
    }
    if (is_key) {
        bool merge = (tag && strcmp(tag, YAML_TAG_PREFIX "merge") == 0) ||
                     (!tag && ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && n == 2 &&
                      s[0] == '<' && s[1] == '<');
        json_object_put(node); /* a key's node lives on in its anchor only */
        return set_key(c, f, s, n, merge, line, column);
    }
    return place(c, node, rec, 1, line, column, false);
}

/* Handles an alias event: a key taken from a scalar anchor, or a shared node. */
static az_status on_alias(yaml_ctx *c, const yaml_event_t *ev)
{
    const char *name = (const char *)ev->data.alias.anchor;
    uint32_t line = mark_line(ev->start_mark), column = mark_column(ev->start_mark);
    frame *f = c->depth ? &c->frames[c->depth - 1] : NULL;
    anchor *a = anchor_find(c, name);
    az_status st;

    if (!a) {
        report(c, "yaml-unknown-anchor", line, column, true, "unknown anchor '%s' in alias '*%s'",
               name, name);
        return AZ_ERR_SYNTAX;
    }
    if (a->open) {
        report(c, "yaml-recursive-alias", line, column, true,
               "alias '*%s' refers to a node that contains it", name);
        return AZ_ERR_SYNTAX;
    }
    if (f && f->is_map && !f->want_value) {
        if (!a->is_scalar) {
            report(c, "yaml-complex-key", line, column, true,
                   "alias '*%s' used as a mapping key refers to a %s; keys must be scalars", name,
                   json_object_is_type(a->node, json_type_array) ? "sequence" : "mapping");
            return AZ_ERR_SYNTAX;
        }
        return set_key(c, f, a->text, a->text_len, false, line, column);
    }
    if (f && f->is_map && f->key_is_merge)
        return add_merge_source(c, f, json_object_get(a->node), line, column);
    /* A merge source adds no nodes itself: its copied members count. */
    if ((!f || !f->merge_list) && (st = add_alias_nodes(c, a->count, line, column)) != AZ_OK)
        return st;
    return place(c, json_object_get(a->node), NULL, a->count, line, column, true);
}

/* Checks a collection's tag: none, "!", or the one of its kind. */
static az_status check_collection_tag(yaml_ctx *c, const yaml_event_t *ev, const char *tag,
                                      bool is_map)
{
    char shown[96];
    const char *t;

    if (!tag || strcmp(tag, "!") == 0)
        return AZ_OK;
    tag_display(tag, shown, sizeof shown);
    if (strncmp(tag, YAML_TAG_PREFIX, YAML_TAG_PREFIX_LEN) == 0) {
        t = tag + YAML_TAG_PREFIX_LEN;
        if (strcmp(t, is_map ? "map" : "seq") == 0)
            return AZ_OK;
        if (strcmp(t, "map") == 0 || strcmp(t, "seq") == 0 || strcmp(t, "str") == 0 ||
            strcmp(t, "int") == 0 || strcmp(t, "float") == 0 || strcmp(t, "bool") == 0 ||
            strcmp(t, "null") == 0 || strcmp(t, "merge") == 0) {
            report(c, "yaml-tag-mismatch", mark_line(ev->start_mark), mark_column(ev->start_mark),
                   true, "tag '%s' cannot apply to a %s", shown, is_map ? "mapping" : "sequence");
            return AZ_ERR_SYNTAX;
        }
    }
    report(c, "yaml-unknown-tag", mark_line(ev->start_mark), mark_column(ev->start_mark), true,
           "unknown tag '%s'", shown);
    return AZ_ERR_SYNTAX;
}

/* Handles a mapping or sequence start: checks it and opens a frame. */
static az_status on_start(yaml_ctx *c, const yaml_event_t *ev, bool is_map)
{
    const char *tag =
        (const char *)(is_map ? ev->data.mapping_start.tag : ev->data.sequence_start.tag);
    const char *anchor_name =
        (const char *)(is_map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor);
    uint32_t line = mark_line(ev->start_mark), column = mark_column(ev->start_mark);
    frame *top = c->depth ? &c->frames[c->depth - 1] : NULL;
    bool merge_list;
    json_object *node;
    az__node_rec *rec;
    az_status st;
    frame *f;

    if (top && top->is_map && !top->want_value) {
        report(c, "yaml-complex-key", line, column, true,
               "a %s cannot be a mapping key; keys must be scalars",
               is_map ? "mapping" : "sequence");
        return AZ_ERR_SYNTAX;
    }
    if ((st = check_collection_tag(c, ev, tag, is_map)) != AZ_OK)
        return st;
    /* Read from the parent now: growing the stack below may move it. */
    merge_list = !is_map && top && top->is_map && top->key_is_merge;
    if (c->depth >= c->max_depth) {
        report(c, "yaml-too-deep", line, column, true,
               "collections nest deeper than %u levels (the max_depth limit)", c->max_depth);
        return AZ_ERR_LIMIT;
    }
    if (c->depth == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        frame *grown = realloc(c->frames, cap * sizeof *grown);
        if (!grown)
            return AZ_ERR_NOMEM;
        memset(grown + c->cap, 0, (cap - c->cap) * sizeof *grown);
        c->frames = grown;
        c->cap = cap;
    }
    /* Most sequences are short: start small, json-c doubles as needed. */
    node = is_map ? json_object_new_object() : json_object_new_array_ext(4);
    if (!node)
        return AZ_ERR_NOMEM;
    if (!(rec = az__doc_attach(c->doc, node, line, column))) {
        json_object_put(node);
        return AZ_ERR_NOMEM;
    }
    f = &c->frames[c->depth++];
    f->merge_list = merge_list;
    f->node = node;
    f->rec = rec;
    f->is_map = is_map;
    f->want_value = false;
    f->key_is_merge = false;
    f->line = line;
    f->column = column;
    f->key_len = 0;
    f->index = 0;
    f->count = 1;
    f->n_merges = 0;
    f->merge_line = 0;
    f->merge_column = 0;
    if (anchor_name) {
        if (!(f->anchor = strdup(anchor_name)))
            return AZ_ERR_NOMEM;
        return anchor_open(c, anchor_name);
    }
    return AZ_OK;
}

/*
 * Shrinks a finished mapping's hash table to fit its members. json-c gives
 * every object a 16-slot table and most mappings have a few members, so on
 * a large document this halves the memory, and the time spent getting it
 * from the system. A failed resize leaves the table as it was.
 */
static void shrink_object(json_object *obj)
{
    struct lh_table *t = json_object_get_object(obj);
    int count = lh_table_length(t), size = 2;

    /* json-c grows a table before an insert that finds it 0.66 full. */
    while (count > 0 && (double)(count - 1) >= size * LH_LOAD_FACTOR)
        size *= 2;
    if (size < JSON_OBJECT_DEF_HASH_ENTRIES)
        lh_table_resize(t, size);
}

/* Handles a mapping or sequence end: merges, anchors, and placing the node. */
static az_status on_end(yaml_ctx *c)
{
    frame *f = &c->frames[c->depth - 1];
    json_object *node;
    az_status st;

    if (f->n_merges && (st = apply_merges(c, f)) != AZ_OK)
        return st;
    if (f->is_map)
        shrink_object(f->node);
    if (f->anchor) {
        st = anchor_define(c, f->anchor, f->node, f->count, NULL, 0, f->line, f->column);
        free(f->anchor);
        f->anchor = NULL;
        if (st != AZ_OK)
            return st;
    }
    node = f->node;
    f->node = NULL;
    c->depth--;
    return place(c, node, f->rec, f->count, f->line, f->column, false);
}

/*
 * Reports libyaml's failure. A reader error carries only a byte offset;
 * scanner and parser errors carry a problem mark and maybe a context mark,
 * and the pointer of the place being parsed (the reader decodes ahead, so
 * its errors get none).
 */
static az_status libyaml_error(yaml_ctx *c, const yaml_parser_t *p)
{
    const char *problem = p->problem ? p->problem : "malformed YAML";
    uint32_t line, column;
    az_diag *d;

    switch (p->error) {
    case YAML_MEMORY_ERROR: return AZ_ERR_NOMEM;
    case YAML_READER_ERROR: {
        const char *code = "yaml-syntax";
        size_t at = p->problem_offset + c->skipped;
        /* A bad trailing octet is reported where it is: point at the start
         * of its sequence instead (at most three bytes back). */
        if (strstr(problem, "trailing") && at > c->skipped && at <= c->doc->len) {
            size_t back = 0;
            do
                at--;
            while (at > c->skipped && ++back < 3 &&
                   ((unsigned char)c->doc->text[at] & 0xC0) == 0x80);
        }
        az__doc_offset_pos(c->doc, at, &line, &column);
        if (strstr(problem, "UTF-8") || strstr(problem, "octet") || strstr(problem, "Unicode"))
            code = "yaml-invalid-utf8";
        else if (strstr(problem, "control character"))
            code = "yaml-invalid-character";
        if (p->problem_value < 0)
            report(c, code, line, column, false, "%s", problem);
        else if (strstr(problem, "octet"))
            report(c, code, line, column, false, "%s 0x%02x", problem, (unsigned)p->problem_value);
        else
            report(c, code, line, column, false, "%s (U+%04X)", problem,
                   (unsigned)p->problem_value);
        return AZ_ERR_SYNTAX;
    }
    default:
        line = mark_line(p->problem_mark);
        column = mark_column(p->problem_mark);
        d = report(c, "yaml-syntax", line, column, true, "%s", problem);
        if (p->context)
            add_related(c, d, mark_line(p->context_mark), mark_column(p->context_mark), p->context);
        return AZ_ERR_SYNTAX;
    }
}

/* Releases everything the parser still holds (not the finished root). */
static void ctx_cleanup(yaml_ctx *c)
{
    for (size_t i = 0; i < c->cap; i++) {
        frame *f = &c->frames[i];
        json_object_put(f->node);
        for (size_t j = 0; j < f->n_merges; j++)
            json_object_put(f->merges[j]);
        free(f->merges);
        free(f->anchor);
        free(f->key);
    }
    free(c->frames);
    if (c->anchors)
        lh_table_free(c->anchors);
    free(c->walk);
    for (size_t i = 0; i < c->n_kept; i++)
        json_object_put(c->kept[i]);
    free(c->kept);
    free(c->places.slots);
    json_object_put(c->root);
}

/* Parses the document's text as YAML; see core_internal.h. */
az_status az__yaml_parse(az_doc *doc, const az_load_opts *opts, az_diags *diags)
{
    az_load_opts defaults;
    yaml_parser_t parser;
    yaml_event_t ev;
    bool have_parser = false, done = false;
    const unsigned char *in = (const unsigned char *)doc->text;
    size_t len = doc->len;
    az_status st = AZ_OK;
    yaml_ctx c;

    memset(&c, 0, sizeof c);
    doc->root = NULL;
    if (!opts) {
        az_load_opts_init(&defaults);
        opts = &defaults;
    }
    c.doc = doc;
    c.diags = diags;
    c.max_depth = opts->max_depth;
    c.max_alias_nodes = opts->max_alias_nodes;
    c.decimal_point = localeconv()->decimal_point[0];

    if (!yaml_parser_initialize(&parser)) {
        st = AZ_ERR_NOMEM;
        goto out;
    }
    have_parser = true;
    /* Skip a UTF-8 byte order mark here: given to libyaml with the encoding
     * set, it would count as a column. UTF-16 input is not accepted. */
    if (len >= 3 && in[0] == 0xEF && in[1] == 0xBB && in[2] == 0xBF) {
        in += 3;
        len -= 3;
        c.skipped = 3;
    }
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    yaml_parser_set_input_string(&parser, in, len);

    while (!done) {
        if (!yaml_parser_parse(&parser, &ev)) {
            st = libyaml_error(&c, &parser);
            goto out;
        }
        switch (ev.type) {
        case YAML_SCALAR_EVENT: st = on_scalar(&c, &ev); break;
        case YAML_MAPPING_START_EVENT: st = on_start(&c, &ev, true); break;
        case YAML_SEQUENCE_START_EVENT: st = on_start(&c, &ev, false); break;
        case YAML_MAPPING_END_EVENT:
        case YAML_SEQUENCE_END_EVENT: st = on_end(&c); break;
        case YAML_ALIAS_EVENT: st = on_alias(&c, &ev); break;
        case YAML_DOCUMENT_START_EVENT:
            if (c.seen_document) {
                report(&c, "yaml-multiple-documents", mark_line(ev.start_mark),
                       mark_column(ev.start_mark), false,
                       "a second YAML document starts here; arazzo reads one document per "
                       "file");
                st = AZ_ERR_SYNTAX;
            }
            c.seen_document = true;
            break;
        case YAML_STREAM_END_EVENT: done = true; break;
        default: break;
        }
        yaml_event_delete(&ev);
        if (st != AZ_OK)
            goto out;
    }
    doc->root = c.root;
    c.root = NULL;
out:
    if (have_parser)
        yaml_parser_delete(&parser);
    ctx_cleanup(&c);
    return st;
}
