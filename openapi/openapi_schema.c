/* SPDX-License-Identifier: Apache-2.0 */
/*
 * openapi_schema.c - compiling a JSON Schema: schema resources and base
 * URIs (`$id`, draft-04 `id`; JSON Schema Core 2020-12 sections 8.2.1 and
 * 9.1), anchors (`$anchor`, `$dynamicAnchor`, draft-04 "id": "#name";
 * section 8.2.2), references (`$ref`, `$dynamicRef`; section 8.2.3) with
 * JSON Pointer fragments (RFC 6901, percent-decoded first as RFC 3986
 * fragments), documents retrieved through the caller's callback or built
 * in (openapi_schema_meta.c), `$schema` and `$vocabulary` (section 8.1),
 * and the regexes of `pattern` and `patternProperties`.
 *
 * Compiling walks the subschemas of known keywords only (a `$id` inside
 * `const` or an unknown keyword is no identifier), makes one record
 * (az__snode) per subschema, and then resolves every reference to the
 * record of its target; a target reached by a JSON Pointer into a place
 * that was not walked is compiled on demand. References are never
 * expanded, so recursive schemas compile to cycles of records, which
 * validation follows under a depth cap.
 */
#include "openapi_schema_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define URI_2020_12 "https://json-schema.org/draft/2020-12/schema"
#define URI_DRAFT4  "http://json-schema.org/draft-04/schema"
#define URI_VOCAB   "https://json-schema.org/draft/2020-12/vocab/"

/* The state of one compilation. */
typedef struct cctx {
    az_schema *s;
    char **error;
    az_status st;
    unsigned depth;      /* nesting of index_node calls */
    az__snode **pending; /* records with references still to resolve */
    size_t n_pending;
    size_t cap_pending;
} cctx;

/* Records the first failure of a compilation with its message. */
static void fail(cctx *c, az_status st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void fail(cctx *c, az_status st, const char *fmt, ...)
{
    if (c->st != AZ_OK)
        return;
    c->st = st;
    if (st == AZ_ERR_NOMEM)
        return;
    va_list ap;
    va_start(ap, fmt);
    az__oas_set_errorv(c->error, fmt, ap);
    va_end(ap);
}

/* Returns the dialect's name; see openapi.h. */
const char *az_schema_dialect_name(az_schema_dialect dialect)
{
    switch (dialect) {
    case AZ_SCHEMA_2020_12: return "2020-12";
    case AZ_SCHEMA_DRAFT4: return "draft-04";
    case AZ_SCHEMA_OAS30: return "oas-3.0";
    }
    return "unknown";
}

/* Fills the defaults; see openapi.h. */
void az_schema_opts_init(az_schema_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->dialect = AZ_SCHEMA_2020_12;
    opts->max_depth = AZ_SCHEMA_DEFAULT_MAX_DEPTH;
}

/* Keeps a reference to a document until the schema is freed; `take`
 * tells that the caller's own reference is handed over. */
static bool hold(cctx *c, json_object *j, bool take)
{
    az_schema *s = c->s;
    if (s->n_held == s->cap_held) {
        size_t cap = s->cap_held ? s->cap_held * 2 : 8;
        json_object **held = realloc(s->held, cap * sizeof *held);
        if (!held) {
            if (take)
                json_object_put(j);
            fail(c, AZ_ERR_NOMEM, "out of memory");
            return false;
        }
        s->held = held;
        s->cap_held = cap;
    }
    s->held[s->n_held++] = take ? j : json_object_get(j);
    return true;
}

/* Returns a new copy of `uri` without its fragment (and the fragment in
 * *frag, pointing into `uri`, "" when absent); NULL when out of memory. */
static char *split_fragment(const char *uri, const char **frag)
{
    const char *hash = strchr(uri, '#');
    size_t len = hash ? (size_t)(hash - uri) : strlen(uri);
    char *abs = malloc(len + 1);
    if (!abs)
        return NULL;
    memcpy(abs, uri, len);
    abs[len] = '\0';
    *frag = hash ? hash + 1 : "";
    return abs;
}

/* Creates a resource at `uri` rooted at `root` and registers it; when the
 * URI is taken, the existing resource is returned instead. */
static az__sres *new_res(cctx *c, const char *uri, json_object *root)
{
    az__sres *r = az__oas_smap_get(&c->s->resources, uri);
    if (r)
        return r;
    r = calloc(1, sizeof *r);
    if (!r || !(r->uri = strdup(uri))) {
        free(r);
        fail(c, AZ_ERR_NOMEM, "out of memory");
        return NULL;
    }
    r->root = root;
    r->next = c->s->res_list;
    c->s->res_list = r;
    if (az__oas_smap_put(&c->s->resources, uri, r) != AZ_OK) {
        fail(c, AZ_ERR_NOMEM, "out of memory");
        return NULL;
    }
    return r;
}

/* Returns the document at an absolute URI: one seen before, a built-in
 * meta-schema, or what the retrieve callback gives; NULL when unknown. */
static json_object *load_doc(cctx *c, const char *uri)
{
    az_schema *s = c->s;
    json_object *doc = az__oas_smap_get(&s->docs, uri);
    if (doc)
        return doc;
    const char *text = az__schema_builtin(uri);
    if (text) {
        doc = json_tokener_parse(text);
        if (!doc) {
            fail(c, AZ_ERR_NOMEM, "out of memory");
            return NULL;
        }
        if (!hold(c, doc, true))
            return NULL;
    } else if (s->opts.retrieve) {
        doc = s->opts.retrieve(s->opts.retrieve_user, uri);
        if (!doc)
            return NULL;
        if (!hold(c, doc, false))
            return NULL;
    } else {
        return NULL;
    }
    if (az__oas_smap_put(&s->docs, uri, doc) != AZ_OK) {
        fail(c, AZ_ERR_NOMEM, "out of memory");
        return NULL;
    }
    return doc;
}

/* Tells whether `uri` names the meta-schema `known`, with or without an
 * empty fragment. */
static bool same_meta(const char *uri, const char *known)
{
    size_t n = strlen(known);
    return strncmp(uri, known, n) == 0 && (uri[n] == '\0' || strcmp(uri + n, "#") == 0);
}

/* Sets the dialect and vocabularies a `$schema` value names: the 2020-12
 * or draft-04 meta-schema, or a meta-schema whose `$vocabulary` lists the
 * 2020-12 vocabularies in use. Unknown meta-schemas leave both alone. */
static void pick_dialect(cctx *c, const char *uri, az_schema_dialect *dialect, unsigned *vocab)
{
    if (same_meta(uri, URI_2020_12)) {
        *dialect = AZ_SCHEMA_2020_12;
        *vocab = AZ__VOC_ALL;
        return;
    }
    if (same_meta(uri, URI_DRAFT4)) {
        *dialect = AZ_SCHEMA_DRAFT4;
        *vocab = AZ__VOC_ALL;
        return;
    }
    const char *frag;
    char *abs = split_fragment(uri, &frag);
    if (!abs) {
        fail(c, AZ_ERR_NOMEM, "out of memory");
        return;
    }
    json_object *meta = load_doc(c, abs);
    free(abs);
    json_object *vocabs;
    if (!meta || !json_object_object_get_ex(meta, "$vocabulary", &vocabs) ||
        !json_object_is_type(vocabs, json_type_object))
        return;
    unsigned v = 0;
    json_object_object_foreach(vocabs, name, val)
    {
        (void)val;
        if (strncmp(name, URI_VOCAB, strlen(URI_VOCAB)) != 0)
            continue;
        const char *id = name + strlen(URI_VOCAB);
        if (strcmp(id, "applicator") == 0)
            v |= AZ__VOC_APPLICATOR;
        else if (strcmp(id, "unevaluated") == 0)
            v |= AZ__VOC_UNEVALUATED;
        else if (strcmp(id, "validation") == 0)
            v |= AZ__VOC_VALIDATION;
        else if (strcmp(id, "format-assertion") == 0)
            v |= AZ__VOC_FORMAT_ASSERT;
    }
    *dialect = AZ_SCHEMA_2020_12;
    *vocab = v;
}

/* The long names of Unicode General Category values, which ECMA-262's
 * \p{...} accepts and PCRE2 10.42 does not, with PCRE2's short names. */
static const char *const GC_NAMES[][2] = {
    {"Letter", "L"},
    {"Cased_Letter", "L&"},
    {"LC", "L&"},
    {"Uppercase_Letter", "Lu"},
    {"Lowercase_Letter", "Ll"},
    {"Titlecase_Letter", "Lt"},
    {"Modifier_Letter", "Lm"},
    {"Other_Letter", "Lo"},
    {"Mark", "M"},
    {"Combining_Mark", "M"},
    {"Nonspacing_Mark", "Mn"},
    {"Spacing_Mark", "Mc"},
    {"Enclosing_Mark", "Me"},
    {"Number", "N"},
    {"Decimal_Number", "Nd"},
    {"digit", "Nd"},
    {"Letter_Number", "Nl"},
    {"Other_Number", "No"},
    {"Punctuation", "P"},
    {"punct", "P"},
    {"Connector_Punctuation", "Pc"},
    {"Dash_Punctuation", "Pd"},
    {"Open_Punctuation", "Ps"},
    {"Close_Punctuation", "Pe"},
    {"Initial_Punctuation", "Pi"},
    {"Final_Punctuation", "Pf"},
    {"Other_Punctuation", "Po"},
    {"Symbol", "S"},
    {"Math_Symbol", "Sm"},
    {"Currency_Symbol", "Sc"},
    {"Modifier_Symbol", "Sk"},
    {"Other_Symbol", "So"},
    {"Separator", "Z"},
    {"Space_Separator", "Zs"},
    {"Line_Separator", "Zl"},
    {"Paragraph_Separator", "Zp"},
    {"Other", "C"},
    {"Control", "Cc"},
    {"cntrl", "Cc"},
    {"Format", "Cf"},
    {"Surrogate", "Cs"},
    {"Private_Use", "Co"},
    {"Unassigned", "Cn"},
};

/* ECMA-262's white space and line terminators (\s), for a class. */
#define ECMA_SPACE                                                                                 \
    "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"

/* Returns a new copy of an ECMA-262 pattern with what PCRE2 reads
 * differently rewritten: \p{General_Category=X}, \p{gc=X} and the long
 * category names become PCRE2's short names, \p{Script=X} and \p{sc=X}
 * become \p{X}, and \s (\S outside a class) gets ECMA's Unicode white
 * space while \d and \w stay ASCII. NULL when out of memory. */
static char *ecma_to_pcre2(const char *pattern)
{
    az_buf b = {0};
    const char *p = pattern;
    bool in_class = false;
    while (*p) {
        if (p[0] != '\\' || !p[1]) {
            if (p[0] == '[' && !in_class) {
                in_class = true;
                az_buf_add(&b, p, 1);
                p++;
                if (*p == '^') {
                    az_buf_add(&b, p, 1);
                    p++;
                }
                continue;
            }
            if (p[0] == ']' && in_class)
                in_class = false;
            az_buf_add(&b, p, 1);
            p++;
            continue;
        }
        if (p[1] == 's' && in_class) {
            az_buf_puts(&b, ECMA_SPACE);
            p += 2;
            continue;
        }
        if ((p[1] == 's' || p[1] == 'S') && !in_class) {
            az_buf_puts(&b, p[1] == 's' ? "[" : "[^");
            az_buf_puts(&b, ECMA_SPACE "]");
            p += 2;
            continue;
        }
        const char *close;
        if ((p[1] != 'p' && p[1] != 'P') || p[2] != '{' || !(close = strchr(p + 3, '}'))) {
            az_buf_add(&b, p, 2);
            p += 2;
            continue;
        }
        const char *name = p + 3;
        size_t len = (size_t)(close - name);
        static const char *const prefixes[] = {"General_Category=", "gc=", "Script=", "sc="};
        for (size_t i = 0; i < 4; i++) {
            size_t pl = strlen(prefixes[i]);
            if (len > pl && strncmp(name, prefixes[i], pl) == 0) {
                name += pl;
                len -= pl;
                break;
            }
        }
        const char *mapped = NULL;
        for (size_t i = 0; i < sizeof GC_NAMES / sizeof GC_NAMES[0]; i++) {
            if (strlen(GC_NAMES[i][0]) == len && strncmp(GC_NAMES[i][0], name, len) == 0)
                mapped = GC_NAMES[i][1];
        }
        az_buf_add(&b, p, 3);
        if (mapped)
            az_buf_puts(&b, mapped);
        else
            az_buf_add(&b, name, len);
        az_buf_add(&b, "}", 1);
        p = close + 1;
    }
    return az_buf_take(&b);
}

/* Compiles an ECMA-262 pattern; see openapi_schema_internal.h. */
pcre2_code *az__schema_regex_compile(const char *pattern, size_t len, int *err, size_t *off)
{
    if (memchr(pattern, '\0', len)) {
        *err = PCRE2_ERROR_NULL;
        *off = 0;
        return NULL;
    }
    char *copy = malloc(len + 1);
    if (!copy) {
        *err = PCRE2_ERROR_NOMEMORY;
        return NULL;
    }
    memcpy(copy, pattern, len);
    copy[len] = '\0';
    char *translated = ecma_to_pcre2(copy);
    free(copy);
    if (!translated) {
        *err = PCRE2_ERROR_NOMEMORY;
        return NULL;
    }
    PCRE2_SIZE at = 0;
    pcre2_code *code =
        pcre2_compile((PCRE2_SPTR)translated, PCRE2_ZERO_TERMINATED,
                      PCRE2_UTF | PCRE2_ALT_BSUX | PCRE2_DOLLAR_ENDONLY | PCRE2_NEVER_BACKSLASH_C |
                          PCRE2_MATCH_INVALID_UTF | PCRE2_ALLOW_EMPTY_CLASS,
                      err, &at, NULL);
    *off = (size_t)at;
    free(translated);
    return code;
}

/* Compiles a `pattern` (or a patternProperties key) once per text. */
static void add_regex(cctx *c, const char *pattern, const char *where, const char *ptr)
{
    az_schema *s = c->s;
    if (az__oas_smap_get(&s->regex, pattern))
        return;
    int err = 0;
    size_t off = 0;
    pcre2_code *code = az__schema_regex_compile(pattern, strlen(pattern), &err, &off);
    if (!code) {
        PCRE2_UCHAR msg[256];
        if (err == PCRE2_ERROR_NOMEMORY) {
            fail(c, AZ_ERR_NOMEM, "out of memory");
            return;
        }
        if (pcre2_get_error_message(err, msg, sizeof msg) < 0)
            strcpy((char *)msg, "unknown error");
        fail(c, AZ_ERR_INVALID, "invalid regex \"%s\" at %s#%s: %s at offset %zu", pattern, where,
             ptr, (const char *)msg, (size_t)off);
        return;
    }
    if (az__oas_smap_put(&s->regex, pattern, code) != AZ_OK) {
        pcre2_code_free(code);
        fail(c, AZ_ERR_NOMEM, "out of memory");
    }
}

static az__snode *index_node(cctx *c, json_object *json, az__sres *res, const char *ptr,
                             az_schema_dialect dialect, unsigned vocab);

/* Compiles the subschema under `kw` (and `key`, when not NULL) of `n`. */
static void index_child(cctx *c, az__snode *n, json_object *child, const char *kw, const char *key)
{
    az_buf b = {0};
    az_buf_puts(&b, n->ptr);
    az_buf_add(&b, "/", 1);
    az_buf_add_token(&b, kw, strlen(kw));
    if (key) {
        az_buf_add(&b, "/", 1);
        az_buf_add_token(&b, key, strlen(key));
    }
    char *ptr = az_buf_take(&b);
    if (!ptr) {
        fail(c, AZ_ERR_NOMEM, "out of memory");
        return;
    }
    index_node(c, child, n->res, ptr, n->dialect, n->vocab);
    free(ptr);
}

/* Compiles every member of an object of subschemas (`properties`, ...).
 * With `lenient` (a name that is no keyword here, such as `definitions`
 * in 2020-12), what is not a schema is skipped instead of refused. */
static void index_members(cctx *c, az__snode *n, const char *kw, bool regex_keys, bool lenient)
{
    json_object *v;
    if (!json_object_object_get_ex(n->json, kw, &v))
        return;
    if (lenient && !json_object_is_type(v, json_type_object))
        return;
    if (!json_object_is_type(v, json_type_object)) {
        fail(c, AZ_ERR_INVALID, "\"%s\" at %s#%s must be an object", kw, n->res->uri, n->ptr);
        return;
    }
    json_object_object_foreach(v, key, sub)
    {
        if (lenient && !json_object_is_type(sub, json_type_object) &&
            !json_object_is_type(sub, json_type_boolean))
            continue;
        if (regex_keys)
            add_regex(c, key, n->res->uri, n->ptr);
        if (c->st == AZ_OK)
            index_child(c, n, sub, kw, key);
        if (c->st != AZ_OK)
            return;
    }
}

/* Compiles every item of an array of subschemas (`allOf`, ...). */
static void index_items(cctx *c, az__snode *n, const char *kw)
{
    json_object *v;
    if (!json_object_object_get_ex(n->json, kw, &v))
        return;
    if (!json_object_is_type(v, json_type_array)) {
        fail(c, AZ_ERR_INVALID, "\"%s\" at %s#%s must be an array", kw, n->res->uri, n->ptr);
        return;
    }
    size_t len = json_object_array_length(v);
    for (size_t i = 0; i < len && c->st == AZ_OK; i++) {
        char idx[24];
        snprintf(idx, sizeof idx, "%zu", i);
        index_child(c, n, json_object_array_get_idx(v, i), kw, idx);
    }
}

/* Compiles the single subschema under `kw`, if present. */
static void index_one(cctx *c, az__snode *n, const char *kw)
{
    json_object *v;
    if (json_object_object_get_ex(n->json, kw, &v))
        index_child(c, n, v, kw, NULL);
}

/* Registers an anchor of a resource; `dynamic` for `$dynamicAnchor`. */
static void add_anchor(cctx *c, az__snode *n, const char *name, bool dynamic)
{
    az__sres *r = n->res;
    if (!az__oas_smap_get(&r->anchors, name) && az__oas_smap_put(&r->anchors, name, n) != AZ_OK) {
        fail(c, AZ_ERR_NOMEM, "out of memory");
        return;
    }
    if (!dynamic)
        return;
    az__sdyn *d = calloc(1, sizeof *d);
    if (!d || !(d->name = strdup(name))) {
        free(d);
        fail(c, AZ_ERR_NOMEM, "out of memory");
        return;
    }
    d->node = n;
    d->next = r->dyn;
    r->dyn = d;
}

/* Returns the string member `kw` of an object, or NULL. */
static const char *get_str(json_object *obj, const char *kw)
{
    json_object *v;
    if (!json_object_object_get_ex(obj, kw, &v) || !json_object_is_type(v, json_type_string))
        return NULL;
    return json_object_get_string(v);
}

/* Compiles the subschemas of a 2020-12 schema object. */
static void index_2020(cctx *c, az__snode *n)
{
    static const char *const members[] = {"$defs", "properties", "dependentSchemas"};
    static const char *const arrays[] = {"prefixItems", "allOf", "anyOf", "oneOf"};
    static const char *const singles[] = {
        "items", "contains",         "additionalProperties",  "propertyNames", "if", "then", "else",
        "not",   "unevaluatedItems", "unevaluatedProperties", "contentSchema"};
    for (size_t i = 0; i < sizeof members / sizeof members[0] && c->st == AZ_OK; i++)
        index_members(c, n, members[i], false, false);
    if (c->st == AZ_OK)
        index_members(c, n, "definitions", false, true);
    if (c->st == AZ_OK)
        index_members(c, n, "patternProperties", true, false);
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0] && c->st == AZ_OK; i++)
        index_items(c, n, arrays[i]);
    for (size_t i = 0; i < sizeof singles / sizeof singles[0] && c->st == AZ_OK; i++)
        index_one(c, n, singles[i]);
}

/* Compiles the subschemas of a draft-04 or OpenAPI 3.0 schema object. */
static void index_draft4(cctx *c, az__snode *n)
{
    static const char *const singles[] = {"additionalItems", "additionalProperties", "not"};
    json_object *v;
    index_members(c, n, "definitions", false, false);
    if (c->st == AZ_OK)
        index_members(c, n, "properties", false, false);
    if (c->st == AZ_OK)
        index_members(c, n, "patternProperties", true, false);
    for (size_t i = 0; i < 3 && c->st == AZ_OK; i++)
        index_items(c, n, (const char *[]){"allOf", "anyOf", "oneOf"}[i]);
    if (c->st == AZ_OK && json_object_object_get_ex(n->json, "items", &v)) {
        if (json_object_is_type(v, json_type_array))
            index_items(c, n, "items");
        else
            index_one(c, n, "items");
    }
    for (size_t i = 0; i < sizeof singles / sizeof singles[0] && c->st == AZ_OK; i++)
        index_one(c, n, singles[i]);
    if (c->st == AZ_OK && json_object_object_get_ex(n->json, "dependencies", &v) &&
        json_object_is_type(v, json_type_object)) {
        json_object_object_foreach(v, key, dep)
        {
            if (!json_object_is_type(dep, json_type_array))
                index_child(c, n, dep, "dependencies", key);
            if (c->st != AZ_OK)
                return;
        }
    }
}

/*
 * Compiles a subschema at `ptr` in resource `res` (the record of a schema
 * compiled before is returned as it is) and, through index_2020 or
 * index_draft4, its subschemas. Returns NULL on failure.
 */
static az__snode *index_node(cctx *c, json_object *json, az__sres *res, const char *ptr,
                             az_schema_dialect dialect, unsigned vocab)
{
    az_schema *s = c->s;
    az__snode *n = az__oas_pmap_get(&s->nodes, json);
    if (n || c->st != AZ_OK)
        return n;
    if (c->depth >= AZ__SCHEMA_MAX_NESTING) {
        fail(c, AZ_ERR_LIMIT, "schema at %s#%s is nested deeper than %u levels", res->uri, ptr,
             AZ__SCHEMA_MAX_NESTING);
        return NULL;
    }
    enum json_type type = json_object_get_type(json);
    if (type != json_type_object && type != json_type_boolean) {
        fail(c, AZ_ERR_INVALID, "schema at %s#%s must be an object or a boolean, got %s", res->uri,
             ptr, json_type_to_name(type));
        return NULL;
    }
    const char *anchor4 = NULL;
    bool has_ref = false;
    if (type == json_type_object) {
        const char *meta = get_str(json, "$schema");
        if (meta && dialect != AZ_SCHEMA_OAS30)
            pick_dialect(c, meta, &dialect, &vocab);
        if (c->st != AZ_OK)
            return NULL;
        has_ref = get_str(json, "$ref") != NULL;
        const char *id = NULL;
        if (dialect == AZ_SCHEMA_2020_12)
            id = get_str(json, "$id");
        else if (dialect == AZ_SCHEMA_DRAFT4 && !has_ref)
            id = get_str(json, "id");
        if (id && dialect == AZ_SCHEMA_DRAFT4 && id[0] == '#') {
            anchor4 = id + 1;
        } else if (id) {
            char *full = NULL;
            const char *frag = "";
            char *abs =
                az_url_resolve(res->uri, id, &full) == AZ_OK ? split_fragment(full, &frag) : NULL;
            if (!abs) {
                free(full);
                fail(c, AZ_ERR_NOMEM, "out of memory");
                return NULL;
            }
            if (frag[0] == '\0') {
                if (json == res->root) {
                    /* The root's own $id: the same resource under a second URI. */
                    if (!az__oas_smap_get(&s->resources, abs) &&
                        az__oas_smap_put(&s->resources, abs, res) != AZ_OK)
                        fail(c, AZ_ERR_NOMEM, "out of memory");
                    char *old = res->uri;
                    res->uri = abs;
                    abs = old;
                } else {
                    az__sres *nr = new_res(c, abs, json);
                    if (nr && nr->root == json) {
                        res = nr;
                        ptr = "";
                    }
                }
            }
            free(abs);
            free(full);
            if (c->st != AZ_OK)
                return NULL;
        }
    }
    n = calloc(1, sizeof *n);
    if (!n || !(n->ptr = strdup(ptr))) {
        free(n);
        fail(c, AZ_ERR_NOMEM, "out of memory");
        return NULL;
    }
    n->json = json;
    n->res = res;
    n->dialect = dialect;
    n->vocab = vocab;
    n->has_ref = has_ref;
    n->next = s->node_list;
    s->node_list = n;
    if (az__oas_pmap_put(&s->nodes, json, n) != AZ_OK) {
        fail(c, AZ_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (type == json_type_boolean)
        return n;

    json_object *tmp;
    n->has_uneval = json_object_object_get_ex(json, "unevaluatedItems", &tmp) ||
                    json_object_object_get_ex(json, "unevaluatedProperties", &tmp);
    if (anchor4)
        add_anchor(c, n, anchor4, false);
    if (dialect == AZ_SCHEMA_2020_12) {
        const char *a = get_str(json, "$anchor");
        if (a)
            add_anchor(c, n, a, false);
        a = get_str(json, "$dynamicAnchor");
        if (a)
            add_anchor(c, n, a, true);
    }
    if (has_ref || (dialect == AZ_SCHEMA_2020_12 && get_str(json, "$dynamicRef"))) {
        if (c->n_pending == c->cap_pending) {
            size_t cap = c->cap_pending ? c->cap_pending * 2 : 32;
            az__snode **p = realloc(c->pending, cap * sizeof *p);
            if (!p) {
                fail(c, AZ_ERR_NOMEM, "out of memory");
                return NULL;
            }
            c->pending = p;
            c->cap_pending = cap;
        }
        c->pending[c->n_pending++] = n;
    }
    if (c->st != AZ_OK)
        return NULL;
    if (dialect != AZ_SCHEMA_2020_12 && has_ref)
        return n; /* draft-04 and OpenAPI 3.0: $ref siblings are ignored */
    const char *pattern = get_str(json, "pattern");
    if (pattern)
        add_regex(c, pattern, res->uri, ptr);
    c->depth++;
    if (dialect == AZ_SCHEMA_2020_12)
        index_2020(c, n);
    else
        index_draft4(c, n);
    c->depth--;
    return c->st == AZ_OK ? n : NULL;
}

/* Compiles a whole document found at `uri`, registering the URI. */
static void index_document(cctx *c, json_object *doc, const char *uri, az_schema_dialect dialect,
                           unsigned vocab)
{
    az__snode *n = az__oas_pmap_get(&c->s->nodes, doc);
    if (n) {
        if (!az__oas_smap_get(&c->s->resources, uri) &&
            az__oas_smap_put(&c->s->resources, uri, n->res) != AZ_OK)
            fail(c, AZ_ERR_NOMEM, "out of memory");
        return;
    }
    az__sres *r = new_res(c, uri, doc);
    if (r)
        index_node(c, doc, r, "", dialect, vocab);
}

/* Resolves one reference of record `n` to the record of its target. */
static az__snode *resolve_ref(cctx *c, az__snode *n, const char *kw, const char *ref)
{
    az_schema *s = c->s;
    az__snode *target = NULL;
    char *dec = NULL;
    char *full = NULL;
    const char *frag = "";
    char *abs =
        az_url_resolve(n->res->uri, ref, &full) == AZ_OK ? split_fragment(full, &frag) : NULL;
    if (!abs) {
        fail(c, AZ_ERR_NOMEM, "out of memory");
        goto out;
    }
    az__sres *r = az__oas_smap_get(&s->resources, abs);
    if (!r) {
        json_object *doc = load_doc(c, abs);
        if (!doc) {
            fail(c, AZ_ERR_INVALID, "cannot resolve %s \"%s\" at %s#%s: no document at %s", kw, ref,
                 n->res->uri, n->ptr, abs);
            goto out;
        }
        index_document(c, doc, abs, n->dialect, n->vocab);
        r = az__oas_smap_get(&s->resources, abs);
        if (!r)
            goto out;
    }
    dec = az_percent_decode(frag, strlen(frag), NULL);
    if (!dec) {
        fail(c, AZ_ERR_NOMEM, "out of memory");
        goto out;
    }
    if (dec[0] == '\0' || dec[0] == '/') {
        json_object *t = r->root;
        if (dec[0] && (az_pointer_get(r->root, dec, &t) != AZ_OK || !t)) {
            fail(c, AZ_ERR_INVALID, "cannot resolve %s \"%s\" at %s#%s: no schema at %s#%s", kw,
                 ref, n->res->uri, n->ptr, abs, dec);
            goto out;
        }
        target = az__oas_pmap_get(&s->nodes, t);
        if (!target) {
            az__snode *rn = az__oas_pmap_get(&s->nodes, r->root);
            target =
                index_node(c, t, r, dec, rn ? rn->dialect : n->dialect, rn ? rn->vocab : n->vocab);
        }
    } else {
        target = az__oas_smap_get(&r->anchors, dec);
        if (!target)
            fail(c, AZ_ERR_INVALID, "cannot resolve %s \"%s\" at %s#%s: no anchor \"%s\" in %s", kw,
                 ref, n->res->uri, n->ptr, dec, r->uri);
    }
out:
    free(dec);
    free(abs);
    free(full);
    return c->st == AZ_OK ? target : NULL;
}

/* Resolves the references of every record compiled so far, and of those
 * the resolution itself compiles. */
static void resolve_pending(cctx *c)
{
    for (size_t i = 0; i < c->n_pending && c->st == AZ_OK; i++) {
        az__snode *n = c->pending[i];
        const char *ref = get_str(n->json, "$ref");
        if (ref)
            n->ref = resolve_ref(c, n, "$ref", ref);
        const char *dref = n->dialect == AZ_SCHEMA_2020_12 ? get_str(n->json, "$dynamicRef") : NULL;
        if (dref && c->st == AZ_OK) {
            n->dref = resolve_ref(c, n, "$dynamicRef", dref);
            const char *hash = strchr(dref, '#');
            if (n->dref && hash && hash[1] && hash[1] != '/') {
                char *name = az_percent_decode(hash + 1, strlen(hash + 1), NULL);
                if (!name) {
                    fail(c, AZ_ERR_NOMEM, "out of memory");
                    return;
                }
                const char *da = json_object_is_type(n->dref->json, json_type_object)
                                     ? get_str(n->dref->json, "$dynamicAnchor")
                                     : NULL;
                if (da && strcmp(da, name) == 0)
                    n->dref_anchor = name;
                else
                    free(name);
            }
        }
    }
}

/* Finds the JSON Pointer of `target` inside `node`, appending it to `b`. */
static bool find_pointer(json_object *node, json_object *target, az_buf *b, unsigned depth)
{
    if (node == target)
        return true;
    if (depth > 10000)
        return false;
    size_t mark = b->len;
    if (json_object_is_type(node, json_type_object)) {
        json_object_object_foreach(node, key, val)
        {
            if (!val || (!json_object_is_type(val, json_type_object) &&
                         !json_object_is_type(val, json_type_array) && val != target))
                continue;
            az_buf_add(b, "/", 1);
            az_buf_add_token(b, key, strlen(key));
            if (find_pointer(val, target, b, depth + 1))
                return true;
            b->len = mark;
        }
    } else if (json_object_is_type(node, json_type_array)) {
        size_t len = json_object_array_length(node);
        for (size_t i = 0; i < len; i++) {
            json_object *val = json_object_array_get_idx(node, i);
            if (!val || (!json_object_is_type(val, json_type_object) &&
                         !json_object_is_type(val, json_type_array) && val != target))
                continue;
            char idx[24];
            int k = snprintf(idx, sizeof idx, "/%zu", i);
            az_buf_add(b, idx, (size_t)k);
            if (find_pointer(val, target, b, depth + 1))
                return true;
            b->len = mark;
        }
    }
    if (b->data)
        b->data[mark] = '\0';
    return false;
}

/* Returns the record of a subschema; see openapi_schema_internal.h. */
az__snode *az__schema_node(const az_schema *s, json_object *json)
{
    return az__oas_pmap_get(&s->nodes, json);
}

/* Returns a compiled regex; see openapi_schema_internal.h. */
const pcre2_code *az__schema_regex(const az_schema *s, const char *pattern)
{
    return az__oas_smap_get(&s->regex, pattern);
}

/* Compiles a schema; see openapi.h. */
az_status az_schema_compile(json_object *schema, const az_schema_opts *opts, az_schema **out,
                            char **error)
{
    cctx c = {.error = error};
    az_schema_opts defaults;
    char *base = NULL;
    *out = NULL;
    if (error)
        *error = NULL;
    if (!opts) {
        az_schema_opts_init(&defaults);
        opts = &defaults;
    }
    c.s = calloc(1, sizeof *c.s);
    if (!c.s)
        return AZ_ERR_NOMEM;
    c.s->opts = *opts;
    if (!c.s->opts.max_depth)
        c.s->opts.max_depth = AZ_SCHEMA_DEFAULT_MAX_DEPTH;
    if (opts->dialect != AZ_SCHEMA_2020_12 && opts->dialect != AZ_SCHEMA_DRAFT4 &&
        opts->dialect != AZ_SCHEMA_OAS30) {
        fail(&c, AZ_ERR_INVALID, "unknown schema dialect %d", (int)opts->dialect);
        goto out;
    }
    {
        const char *frag;
        base = split_fragment(opts->base_uri ? opts->base_uri : AZ_SCHEMA_DEFAULT_BASE_URI, &frag);
    }
    if (!base) {
        fail(&c, AZ_ERR_NOMEM, "out of memory");
        goto out;
    }
    c.s->opts.base_uri = base;
    c.s->base_uri = base;
    if (!hold(&c, schema, false))
        goto out;
    if (opts->document) {
        az_buf b = {0};
        if (!hold(&c, opts->document, false))
            goto out;
        if (!find_pointer(opts->document, schema, &b, 0)) {
            free(b.data);
            fail(&c, AZ_ERR_INVALID, "the schema is not a node of the given document");
            goto out;
        }
        char *ptr = az_buf_take(&b);
        az__sres *r = ptr ? new_res(&c, base, opts->document) : NULL;
        if (!ptr)
            fail(&c, AZ_ERR_NOMEM, "out of memory");
        if (az__oas_smap_put(&c.s->docs, base, opts->document) != AZ_OK)
            fail(&c, AZ_ERR_NOMEM, "out of memory");
        if (r && c.st == AZ_OK)
            c.s->root = index_node(&c, schema, r, ptr, opts->dialect, AZ__VOC_ALL);
        free(ptr);
    } else {
        az__sres *r = new_res(&c, base, schema);
        if (r && az__oas_smap_put(&c.s->docs, base, schema) != AZ_OK)
            fail(&c, AZ_ERR_NOMEM, "out of memory");
        if (r && c.st == AZ_OK)
            c.s->root = index_node(&c, schema, r, "", opts->dialect, AZ__VOC_ALL);
    }
    if (c.st == AZ_OK)
        resolve_pending(&c);
    if (c.st == AZ_OK && !c.s->root)
        fail(&c, AZ_ERR_INVALID, "the schema could not be compiled");
out:
    free(c.pending);
    if (c.st != AZ_OK) {
        az_schema_free(c.s);
        return c.st;
    }
    *out = c.s;
    return AZ_OK;
}

/* Releases a compiled schema; see openapi.h. */
void az_schema_free(az_schema *s)
{
    if (!s)
        return;
    for (az__snode *n = s->node_list, *next; n; n = next) {
        next = n->next;
        free(n->ptr);
        free(n->dref_anchor);
        free(n);
    }
    for (az__sres *r = s->res_list, *next; r; r = next) {
        next = r->next;
        for (az__sdyn *d = r->dyn, *dn; d; d = dn) {
            dn = d->next;
            free(d->name);
            free(d);
        }
        az__oas_smap_cleanup(&r->anchors);
        free(r->uri);
        free(r);
    }
    for (size_t i = 0; i < s->regex.map.cap; i++) {
        if (s->regex.map.keys[i])
            pcre2_code_free(s->regex.map.vals[i]);
    }
    az__oas_smap_cleanup(&s->regex);
    az__oas_smap_cleanup(&s->resources);
    az__oas_smap_cleanup(&s->docs);
    az__oas_pmap_cleanup(&s->nodes);
    for (size_t i = 0; i < s->n_held; i++)
        json_object_put(s->held[i]);
    free(s->held);
    free(s->base_uri);
    free(s);
}
