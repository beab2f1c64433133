/* SPDX-License-Identifier: Apache-2.0 */
/*
 * expr_jsonpath_eval.c - evaluation of compiled JSONPath queries over json-c
 * trees: RFC 9535 section 2.3 (selectors), 2.3.5.2 (filter semantics and
 * the comparison rules of 2.3.5.2.2), 2.4 (function extensions), 2.5
 * (segments) and 2.7 (Normalized Paths). Checklist CRIT-31 .. CRIT-34: the
 * result is the nodelist, the caller decides pass/fail from its emptiness.
 *
 * Nodelists live on one growing stack of node pointers owned by the
 * evaluation: a query pushes its current nodelist, each segment appends the
 * next nodelist above it and slides it down, and a nested query (inside a
 * filter) works above the top and pops itself when done. A filter over a
 * large array therefore allocates nothing per element; singular queries are
 * walked without touching the stack at all.
 */
#include "expr_jsonpath.h"

#include <stdlib.h>
#include <string.h>

/* A value of the filter language: Nothing, a JSON value (node may be NULL
 * for JSON null) or an integer computed by length() / count(). */
typedef enum jp_value_kind { JV_NOTHING = 0, JV_NODE = 1, JV_INT = 2 } jp_value_kind;

typedef struct jp_value {
    jp_value_kind kind;
    json_object *node; /* borrowed */
    int64_t num;
} jp_value;

/* The evaluation state of one az_jsonpath_eval call. */
typedef struct jp_ctx {
    const az_jsonpath *path;
    json_object *root;
    json_object **nodes; /* the nodelist stack */
    char **paths;        /* Normalized Paths, parallel to nodes, when wanted */
    size_t top;
    size_t cap;
    bool want_paths;
    az_status status;
    pcre2_match_data *md;
    /* A one-entry cache of the last dynamic (non-literal) pattern. */
    char *re_src;
    size_t re_len;
    bool re_full;
    bool re_bad;
    pcre2_code *re_code;
} jp_ctx;

/* Pushes a node (and its path, owned from now on) on the stack. */
static bool push(jp_ctx *c, json_object *node, char *npath)
{
    if (c->top == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        json_object **grown = realloc(c->nodes, cap * sizeof *grown);
        if (!grown)
            goto nomem;
        c->nodes = grown;
        if (c->want_paths) {
            char **pgrown = realloc(c->paths, cap * sizeof *pgrown);
            if (!pgrown)
                goto nomem;
            c->paths = pgrown;
        }
        c->cap = cap;
    }
    c->nodes[c->top] = node;
    if (c->want_paths)
        c->paths[c->top] = npath;
    c->top++;
    return true;
nomem:
    free(npath);
    c->status = AZ_ERR_NOMEM;
    return false;
}

/* Drops the stack entries above `base`, freeing their paths. */
static void pop_to(jp_ctx *c, size_t base)
{
    if (c->want_paths) {
        for (size_t i = base; i < c->top; i++) {
            free(c->paths[i]);
            c->paths[i] = NULL;
        }
    }
    c->top = base;
}

/* Returns a new string: `parent` followed by the Normalized Path element of
 * member `name` (section 2.7); NULL when out of memory. */
static char *path_member(jp_ctx *c, const char *parent, const char *name, size_t len)
{
    size_t plen = strlen(parent);
    char *s = malloc(plen + len * 6 + 5);
    if (!s) {
        c->status = AZ_ERR_NOMEM;
        return NULL;
    }
    char *o = s;
    memcpy(o, parent, plen);
    o += plen;
    *o++ = '[';
    *o++ = '\'';
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)name[i];
        switch (ch) {
        case '\b': *o++ = '\\', *o++ = 'b'; break;
        case '\f': *o++ = '\\', *o++ = 'f'; break;
        case '\n': *o++ = '\\', *o++ = 'n'; break;
        case '\r': *o++ = '\\', *o++ = 'r'; break;
        case '\t': *o++ = '\\', *o++ = 't'; break;
        case '\'': *o++ = '\\', *o++ = '\''; break;
        case '\\': *o++ = '\\', *o++ = '\\'; break;
        default:
            if (ch < 0x20)
                o += sprintf(o, "\\u%04x", ch);
            else
                *o++ = (char)ch;
        }
    }
    *o++ = '\'';
    *o++ = ']';
    *o = '\0';
    return s;
}

/* Returns a new string: `parent` followed by "[index]"; NULL when out of
 * memory. */
static char *path_index(jp_ctx *c, const char *parent, size_t index)
{
    size_t plen = strlen(parent);
    char *s = malloc(plen + 24);
    if (!s) {
        c->status = AZ_ERR_NOMEM;
        return NULL;
    }
    memcpy(s, parent, plen);
    snprintf(s + plen, 24, "[%zu]", index);
    return s;
}

/* Pushes member `key` of an object (value `v`), with its path if recorded. */
static bool push_member(jp_ctx *c, json_object *v, const char *npath, const char *key)
{
    char *p = NULL;
    if (npath) {
        p = path_member(c, npath, key, strlen(key));
        if (!p)
            return false;
    }
    return push(c, v, p);
}

/* Pushes element `i` of an array, with its path if recorded. */
static bool push_element(jp_ctx *c, json_object *arr, size_t i, const char *npath)
{
    char *p = NULL;
    if (npath) {
        p = path_index(c, npath, i);
        if (!p)
            return false;
    }
    return push(c, json_object_array_get_idx(arr, i), p);
}

static bool eval_logical(jp_ctx *c, const az__jp_expr *e, json_object *cur);
static size_t eval_query(jp_ctx *c, const az__jp_query *q, json_object *start, bool record);

/* Reads a json-c number (or computed integer) for comparisons; false when
 * the value is not a number. */
static bool as_number(jp_value v, bool *is_int, int64_t *i, double *d)
{
    if (v.kind == JV_INT) {
        *is_int = true;
        *i = v.num;
        return true;
    }
    if (v.kind != JV_NODE)
        return false;
    switch (json_object_get_type(v.node)) {
    case json_type_int:
        *is_int = true;
        *i = json_object_get_int64(v.node);
        return true;
    case json_type_double:
        *is_int = false;
        *d = json_object_get_double(v.node);
        return true;
    default: return false;
    }
}

/* Compares two numbers: negative, zero or positive. */
static int num_cmp(bool ai, int64_t a, double ad, bool bi, int64_t b, double bd)
{
    if (ai && bi)
        return a < b ? -1 : a > b ? 1 : 0;
    double x = ai ? (double)a : ad;
    double y = bi ? (double)b : bd;
    return x < y ? -1 : x > y ? 1 : 0;
}

/*
 * The == of section 2.3.5.2.2 over two filter values. Two numbers compare
 * as values_less orders them (by num_cmp; a double NaN equals nothing), so
 * that == agrees with < and >; other values compare with az_json_equal
 * (numbers inside arrays and objects by their exact value), and nesting
 * past AZ_JSONPATH_MAX_DOC_DEPTH sets AZ_ERR_LIMIT.
 */
static bool values_equal(jp_ctx *c, jp_value a, jp_value b)
{
    if (a.kind == JV_NOTHING || b.kind == JV_NOTHING)
        return a.kind == b.kind;
    bool ai = false, bi = false;
    int64_t x = 0, y = 0;
    double xd = 0, yd = 0;
    if (as_number(a, &ai, &x, &xd) && as_number(b, &bi, &y, &yd))
        return num_cmp(ai, x, xd, bi, y, yd) == 0 && (ai || bi || xd == yd);
    if (a.kind == JV_INT || b.kind == JV_INT)
        return false;
    bool equal = false;
    if (az_json_equal_limited(a.node, b.node, AZ_JSONPATH_MAX_DOC_DEPTH, &equal) != AZ_OK)
        c->status = AZ_ERR_LIMIT;
    return equal;
}

/* The < of section 2.3.5.2.2: numbers by value, strings by code points;
 * false for every other pair. */
static bool values_less(jp_value a, jp_value b)
{
    bool ai = false, bi = false;
    int64_t x = 0, y = 0;
    double xd = 0, yd = 0;
    if (as_number(a, &ai, &x, &xd) && as_number(b, &bi, &y, &yd))
        return num_cmp(ai, x, xd, bi, y, yd) < 0;
    if (a.kind == JV_NODE && b.kind == JV_NODE && json_object_is_type(a.node, json_type_string) &&
        json_object_is_type(b.node, json_type_string)) {
        /* Byte order of UTF-8 is code point order. */
        size_t la = (size_t)json_object_get_string_len(a.node);
        size_t lb = (size_t)json_object_get_string_len(b.node);
        int r = memcmp(json_object_get_string(a.node), json_object_get_string(b.node),
                       la < lb ? la : lb);
        return r < 0 || (r == 0 && la < lb);
    }
    return false;
}

/* Walks a singular query from `cur` (or the root) without the stack. */
static jp_value eval_singular(jp_ctx *c, const az__jp_query *q, json_object *cur)
{
    json_object *n = q->relative ? cur : c->root;
    jp_value nothing = {JV_NOTHING, NULL, 0};
    for (size_t i = 0; i < q->nsegs; i++) {
        const az__jp_selector *sel = &q->segs[i].sels[0];
        if (sel->kind == AZ__JP_SEL_NAME) {
            json_object *v = NULL;
            if (!json_object_is_type(n, json_type_object) || strlen(sel->name) != sel->name_len ||
                !json_object_object_get_ex(n, sel->name, &v))
                return nothing;
            n = v;
        } else {
            if (!json_object_is_type(n, json_type_array))
                return nothing;
            int64_t len = (int64_t)json_object_array_length(n);
            int64_t idx = sel->index < 0 ? len + sel->index : sel->index;
            if (idx < 0 || idx >= len)
                return nothing;
            n = json_object_array_get_idx(n, (size_t)idx);
        }
    }
    return (jp_value){JV_NODE, n, 0};
}

/* Evaluates a ValueType operand: a literal, a singular query or a
 * ValueType function call. */
static jp_value eval_value(jp_ctx *c, const az__jp_expr *e, json_object *cur)
{
    jp_value nothing = {JV_NOTHING, NULL, 0};
    switch (e->kind) {
    case AZ__JP_EX_LITERAL: return (jp_value){JV_NODE, e->literal, 0};
    case AZ__JP_EX_QUERY: return eval_singular(c, e->query, cur);
    case AZ__JP_EX_FUNC: break;
    default: return nothing;
    }
    if (e->func == AZ__JP_FN_LENGTH) {
        jp_value v = eval_value(c, e->list[0], cur);
        if (v.kind != JV_NODE)
            return nothing;
        switch (json_object_get_type(v.node)) {
        case json_type_string: {
            const char *s = json_object_get_string(v.node);
            size_t len = (size_t)json_object_get_string_len(v.node);
            int64_t n = 0;
            for (size_t i = 0; i < len; i++)
                n += ((unsigned char)s[i] & 0xC0) != 0x80;
            return (jp_value){JV_INT, NULL, n};
        }
        case json_type_array:
            return (jp_value){JV_INT, NULL, (int64_t)json_object_array_length(v.node)};
        case json_type_object:
            return (jp_value){JV_INT, NULL, (int64_t)json_object_object_length(v.node)};
        default: return nothing;
        }
    }
    /* count() and value() take a nodelist. */
    size_t base = eval_query(c, e->list[0]->query, cur, false);
    size_t n = c->top - base;
    jp_value r = nothing;
    if (e->func == AZ__JP_FN_COUNT)
        r = (jp_value){JV_INT, NULL, (int64_t)n};
    else if (n == 1)
        r = (jp_value){JV_NODE, c->nodes[base], 0};
    pop_to(c, base);
    return r;
}

/* Returns the compiled regex of a match()/search() call whose pattern is
 * the dynamic value `pat`, from the one-entry cache; NULL when invalid. */
static pcre2_code *dynamic_regex(jp_ctx *c, json_object *pat, bool full)
{
    const char *s = json_object_get_string(pat);
    size_t len = (size_t)json_object_get_string_len(pat);
    if (c->re_src && c->re_len == len && c->re_full == full && memcmp(c->re_src, s, len) == 0)
        return c->re_bad ? NULL : c->re_code;
    pcre2_code_free(c->re_code);
    c->re_code = NULL;
    free(c->re_src);
    c->re_src = malloc(len + 1);
    if (!c->re_src) {
        c->status = AZ_ERR_NOMEM;
        return NULL;
    }
    memcpy(c->re_src, s, len);
    c->re_len = len;
    c->re_full = full;
    az_status st = az__iregexp_compile(s, len, full, &c->re_code);
    if (st == AZ_ERR_NOMEM)
        c->status = st;
    c->re_bad = st != AZ_OK;
    return c->re_code;
}

/* Evaluates match() or search() (sections 2.4.6, 2.4.7): LogicalFalse
 * unless both arguments are strings and the pattern is a valid I-Regexp. */
static bool eval_regex_fn(jp_ctx *c, const az__jp_expr *e, json_object *cur)
{
    jp_value subject = eval_value(c, e->list[0], cur);
    bool full = e->func == AZ__JP_FN_MATCH;
    pcre2_code *code = e->regex;
    if (subject.kind != JV_NODE || !json_object_is_type(subject.node, json_type_string))
        return false;
    if (e->regex_invalid)
        return false;
    if (!code) {
        jp_value pat = eval_value(c, e->list[1], cur);
        if (pat.kind != JV_NODE || !json_object_is_type(pat.node, json_type_string))
            return false;
        code = dynamic_regex(c, pat.node, full);
        if (!code)
            return false;
    }
    if (!c->md) {
        c->md = pcre2_match_data_create(1, NULL);
        if (!c->md) {
            c->status = AZ_ERR_NOMEM;
            return false;
        }
    }
    int rc = pcre2_match(code, (PCRE2_SPTR)json_object_get_string(subject.node),
                         (PCRE2_SIZE)json_object_get_string_len(subject.node), 0, 0, c->md,
                         c->path->mctx);
    return rc >= 0;
}

/* Evaluates a logical expression with `cur` as the current node `@`. */
static bool eval_logical(jp_ctx *c, const az__jp_expr *e, json_object *cur)
{
    switch (e->kind) {
    case AZ__JP_EX_OR:
        for (size_t i = 0; i < e->nlist; i++) {
            if (eval_logical(c, e->list[i], cur))
                return true;
        }
        return false;
    case AZ__JP_EX_AND:
        for (size_t i = 0; i < e->nlist; i++) {
            if (!eval_logical(c, e->list[i], cur))
                return false;
        }
        return true;
    case AZ__JP_EX_NOT: return !eval_logical(c, e->list[0], cur);
    case AZ__JP_EX_CMP: {
        jp_value a = eval_value(c, e->list[0], cur);
        jp_value b = eval_value(c, e->list[1], cur);
        switch (e->op) {
        case AZ__JP_EQ: return values_equal(c, a, b);
        case AZ__JP_NE: return !values_equal(c, a, b);
        case AZ__JP_LT: return values_less(a, b);
        case AZ__JP_LE: return values_less(a, b) || values_equal(c, a, b);
        case AZ__JP_GT: return values_less(b, a);
        case AZ__JP_GE: return values_less(b, a) || values_equal(c, a, b);
        }
        return false;
    }
    case AZ__JP_EX_QUERY: {
        if (e->query->singular)
            return eval_singular(c, e->query, cur).kind != JV_NOTHING;
        size_t base = eval_query(c, e->query, cur, false);
        bool any = c->top > base;
        pop_to(c, base);
        return any;
    }
    case AZ__JP_EX_FUNC:
        if (e->func == AZ__JP_FN_MATCH || e->func == AZ__JP_FN_SEARCH)
            return eval_regex_fn(c, e, cur);
        return false;
    case AZ__JP_EX_LITERAL:
    default: return false;
    }
}

/* Pushes the array elements selected by a slice (section 2.3.4.2.2). */
static void apply_slice(jp_ctx *c, const az__jp_selector *sel, json_object *arr, const char *npath)
{
    int64_t len = (int64_t)json_object_array_length(arr);
    int64_t step = sel->step;
    if (step == 0)
        return;
    int64_t start = sel->has_start ? sel->start : (step > 0 ? 0 : len - 1);
    int64_t end = sel->has_end ? sel->end : (step > 0 ? len : -len - 1);
    int64_t nstart = start >= 0 ? start : len + start;
    int64_t nend = end >= 0 ? end : len + end;
    if (step > 0) {
        int64_t lower = nstart < 0 ? 0 : (nstart > len ? len : nstart);
        int64_t upper = nend < 0 ? 0 : (nend > len ? len : nend);
        for (int64_t i = lower; i < upper; i += step) {
            if (!push_element(c, arr, (size_t)i, npath))
                return;
        }
    } else {
        int64_t upper = nstart < -1 ? -1 : (nstart > len - 1 ? len - 1 : nstart);
        int64_t lower = nend < -1 ? -1 : (nend > len - 1 ? len - 1 : nend);
        for (int64_t i = upper; lower < i; i += step) {
            if (!push_element(c, arr, (size_t)i, npath))
                return;
        }
    }
}

/* Applies the selectors of one segment to one node, pushing the results. */
static void apply_selectors(jp_ctx *c, const az__jp_segment *seg, json_object *node,
                            const char *npath)
{
    bool is_obj = json_object_is_type(node, json_type_object);
    bool is_arr = json_object_is_type(node, json_type_array);
    for (size_t s = 0; s < seg->nsels && c->status == AZ_OK; s++) {
        const az__jp_selector *sel = &seg->sels[s];
        switch (sel->kind) {
        case AZ__JP_SEL_NAME: {
            json_object *v = NULL;
            if (is_obj && strlen(sel->name) == sel->name_len &&
                json_object_object_get_ex(node, sel->name, &v))
                push_member(c, v, npath, sel->name);
            break;
        }
        case AZ__JP_SEL_WILDCARD:
            if (is_arr) {
                size_t n = json_object_array_length(node);
                for (size_t i = 0; i < n && c->status == AZ_OK; i++)
                    push_element(c, node, i, npath);
            } else if (is_obj) {
                json_object_object_foreach(node, key, v)
                {
                    if (!push_member(c, v, npath, key))
                        break;
                }
            }
            break;
        case AZ__JP_SEL_INDEX:
            if (is_arr) {
                int64_t len = (int64_t)json_object_array_length(node);
                int64_t idx = sel->index < 0 ? len + sel->index : sel->index;
                if (idx >= 0 && idx < len)
                    push_element(c, node, (size_t)idx, npath);
            }
            break;
        case AZ__JP_SEL_SLICE:
            if (is_arr)
                apply_slice(c, sel, node, npath);
            break;
        case AZ__JP_SEL_FILTER:
            if (is_arr) {
                size_t n = json_object_array_length(node);
                for (size_t i = 0; i < n && c->status == AZ_OK; i++) {
                    if (eval_logical(c, sel->filter, json_object_array_get_idx(node, i)) &&
                        c->status == AZ_OK)
                        push_element(c, node, i, npath);
                }
            } else if (is_obj) {
                json_object_object_foreach(node, key, v)
                {
                    if (eval_logical(c, sel->filter, v) && c->status == AZ_OK)
                        push_member(c, v, npath, key);
                    if (c->status != AZ_OK)
                        break;
                }
            }
            break;
        }
    }
}

/* Applies a descendant segment: the selectors to `node`, then to each of
 * its descendants in document order (section 2.5.2.2). */
static void visit(jp_ctx *c, const az__jp_segment *seg, json_object *node, const char *npath,
                  unsigned depth)
{
    if (depth > AZ_JSONPATH_MAX_DOC_DEPTH) {
        c->status = AZ_ERR_LIMIT;
        return;
    }
    apply_selectors(c, seg, node, npath);
    if (c->status != AZ_OK)
        return;
    if (json_object_is_type(node, json_type_array)) {
        size_t n = json_object_array_length(node);
        for (size_t i = 0; i < n && c->status == AZ_OK; i++) {
            json_object *child = json_object_array_get_idx(node, i);
            if (!json_object_is_type(child, json_type_array) &&
                !json_object_is_type(child, json_type_object))
                continue;
            char *cp = npath ? path_index(c, npath, i) : NULL;
            if (npath && !cp)
                return;
            visit(c, seg, child, cp, depth + 1);
            free(cp);
        }
    } else if (json_object_is_type(node, json_type_object)) {
        json_object_object_foreach(node, key, child)
        {
            if (!json_object_is_type(child, json_type_array) &&
                !json_object_is_type(child, json_type_object))
                continue;
            char *cp = npath ? path_member(c, npath, key, strlen(key)) : NULL;
            if (npath && !cp)
                return;
            visit(c, seg, child, cp, depth + 1);
            free(cp);
            if (c->status != AZ_OK)
                return;
        }
    }
}

/*
 * Evaluates a query from `start` (`@`) or the root; the resulting nodelist is
 * on the stack from the returned base to the top, and the caller pops it.
 * `record` keeps Normalized Paths (only for the outermost query).
 */
static size_t eval_query(jp_ctx *c, const az__jp_query *q, json_object *start, bool record)
{
    size_t base = c->top;
    char *root_path = NULL;
    if (record) {
        root_path = strdup("$");
        if (!root_path) {
            c->status = AZ_ERR_NOMEM;
            return base;
        }
    }
    if (!push(c, q->relative ? start : c->root, root_path))
        return base;
    for (size_t s = 0; s < q->nsegs && c->status == AZ_OK && c->top > base; s++) {
        const az__jp_segment *seg = &q->segs[s];
        size_t end = c->top;
        for (size_t i = base; i < end && c->status == AZ_OK; i++) {
            const char *npath = record ? c->paths[i] : NULL;
            if (seg->descendant)
                visit(c, seg, c->nodes[i], npath, 0);
            else
                apply_selectors(c, seg, c->nodes[i], npath);
        }
        size_t n = c->top - end;
        if (record) {
            for (size_t i = base; i < end; i++)
                free(c->paths[i]);
            memmove(c->paths + base, c->paths + end, n * sizeof *c->paths);
        }
        memmove(c->nodes + base, c->nodes + end, n * sizeof *c->nodes);
        c->top = base + n;
    }
    return base;
}

/* Evaluates a query with optional Normalized Paths; see arazzo/expr.h. */
az_status az_jsonpath_eval_paths(const az_jsonpath *path, json_object *root, json_object **out,
                                 json_object **paths)
{
    jp_ctx c = {.path = path, .root = root, .want_paths = paths != NULL, .status = AZ_OK};
    json_object *arr = NULL, *parr = NULL;
    *out = NULL;
    if (paths)
        *paths = NULL;
    size_t base = eval_query(&c, path->query, root, c.want_paths);
    if (c.status != AZ_OK)
        goto out;
    size_t n = c.top - base;
    arr = json_object_new_array_ext((int)(n ? n : 1));
    if (!arr || (paths && !(parr = json_object_new_array_ext((int)(n ? n : 1))))) {
        c.status = AZ_ERR_NOMEM;
        goto out;
    }
    for (size_t i = base; i < c.top; i++) {
        json_object *v = json_object_get(c.nodes[i]);
        if (json_object_array_add(arr, v) != 0) {
            json_object_put(v);
            c.status = AZ_ERR_NOMEM;
            goto out;
        }
        if (parr) {
            json_object *s = json_object_new_string(c.paths[i]);
            if (!s || json_object_array_add(parr, s) != 0) {
                json_object_put(s);
                c.status = AZ_ERR_NOMEM;
                goto out;
            }
        }
    }
    *out = arr;
    arr = NULL;
    if (paths) {
        *paths = parr;
        parr = NULL;
    }
out:
    pop_to(&c, 0);
    json_object_put(arr);
    json_object_put(parr);
    free(c.nodes);
    free(c.paths);
    free(c.re_src);
    pcre2_code_free(c.re_code);
    pcre2_match_data_free(c.md);
    return c.status;
}

/* Evaluates a query; see arazzo/expr.h. */
az_status az_jsonpath_eval(const az_jsonpath *path, json_object *root, json_object **out)
{
    return az_jsonpath_eval_paths(path, root, out, NULL);
}
