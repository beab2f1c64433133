/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine_validate.c - validation of Arazzo Descriptions (checklist
 * sections 1 and 2, docs/validation.md): the entry points, the validation
 * context and its diagnostics (each at the file:line:col of the value or
 * key at fault), the field tables of every object of section 2 with the
 * generic required / type / unknown-field checks (DOC-10, DOC-11), the
 * root, Info and Source Description Objects (DOC-03..05, ROOT-01..03,
 * INFO-01, SRC-01..03), the `dependsOn` cycle check across documents
 * (WF-05, XREF-08) and the report of the OpenAPI sources' defects, errors
 * in the operations the workflows use and one note for the rest.
 * Workflows, steps and components are in engine_validate_workflow.c,
 * criteria in engine_validate_criteria.c, runtime expressions in
 * engine_validate_expr.c.
 */
#include "engine_validate_internal.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <arazzo/openapi.h>

/* ------------------------------------------------------------------------ */
/* Field tables (checklist 2.1 .. 2.14)                                      */
/* ------------------------------------------------------------------------ */

static const az__field root_fields[] = {
    {"arazzo", AZ__T_ANY, true}, /* type checked by DOC-05 */
    {"info", AZ__T_OBJECT, true},
    {"sourceDescriptions", AZ__T_ARRAY, true},
    {"workflows", AZ__T_ARRAY, true},
    {"components", AZ__T_OBJECT, false},
    {0},
};
static const az__field info_fields[] = {
    {"title", AZ__T_STRING, true},
    {"summary", AZ__T_STRING, false},
    {"description", AZ__T_STRING, false},
    {"version", AZ__T_STRING, true},
    {0},
};
static const az__field source_fields[] = {
    {"name", AZ__T_STRING, true},
    {"url", AZ__T_STRING, true},
    {"type", AZ__T_STRING, false},
    {0},
};
static const az__field workflow_fields[] = {
    {"workflowId", AZ__T_STRING, true},
    {"summary", AZ__T_STRING, false},
    {"description", AZ__T_STRING, false},
    {"inputs", AZ__T_OBJECT | AZ__T_BOOL, false},
    {"dependsOn", AZ__T_ARRAY, false},
    {"steps", AZ__T_ARRAY, true},
    {"successActions", AZ__T_ARRAY, false},
    {"failureActions", AZ__T_ARRAY, false},
    {"outputs", AZ__T_OBJECT, false},
    {"parameters", AZ__T_ARRAY, false},
    {0},
};
static const az__field step_fields[] = {
    {"stepId", AZ__T_STRING, true},       {"description", AZ__T_STRING, false},
    {"operationId", AZ__T_STRING, false}, {"operationPath", AZ__T_STRING, false},
    {"workflowId", AZ__T_STRING, false},  {"parameters", AZ__T_ARRAY, false},
    {"requestBody", AZ__T_OBJECT, false}, {"successCriteria", AZ__T_ARRAY, false},
    {"onSuccess", AZ__T_ARRAY, false},    {"onFailure", AZ__T_ARRAY, false},
    {"outputs", AZ__T_OBJECT, false},     {0},
};
static const az__field parameter_fields[] = {
    {"name", AZ__T_STRING, true},
    {"in", AZ__T_STRING, false},
    {"value", AZ__T_ANY, true},
    {0},
};
static const az__field success_action_fields[] = {
    {"name", AZ__T_STRING, true},        {"type", AZ__T_STRING, true},
    {"workflowId", AZ__T_STRING, false}, {"stepId", AZ__T_STRING, false},
    {"criteria", AZ__T_ARRAY, false},    {0},
};
static const az__field failure_action_fields[] = {
    {"name", AZ__T_STRING, true},        {"type", AZ__T_STRING, true},
    {"workflowId", AZ__T_STRING, false}, {"stepId", AZ__T_STRING, false},
    {"retryAfter", AZ__T_NUMBER, false}, {"retryLimit", AZ__T_INTEGER, false},
    {"criteria", AZ__T_ARRAY, false},    {0},
};
static const az__field components_fields[] = {
    {"inputs", AZ__T_OBJECT, false},
    {"parameters", AZ__T_OBJECT, false},
    {"successActions", AZ__T_OBJECT, false},
    {"failureActions", AZ__T_OBJECT, false},
    {0},
};
static const az__field reusable_fields[] = {
    {"reference", AZ__T_STRING, true},
    {"value", AZ__T_ANY, false}, /* REU-03: any JSON value */
    {0},
};
static const az__field criterion_fields[] = {
    {"context", AZ__T_STRING, false},
    {"condition", AZ__T_STRING, true},
    {"type", AZ__T_STRING | AZ__T_OBJECT, false},
    {0},
};
static const az__field criterion_type_fields[] = {
    {"type", AZ__T_STRING, true},
    {"version", AZ__T_STRING, true},
    {0},
};
static const az__field request_body_fields[] = {
    {"contentType", AZ__T_STRING, false},
    {"payload", AZ__T_ANY, false},
    {"replacements", AZ__T_ARRAY, false},
    {0},
};
static const az__field replacement_fields[] = {
    {"target", AZ__T_STRING, true},
    {"value", AZ__T_ANY, true}, /* PR-01: any JSON value (SCH-05) */
    {0},
};

const az__object_kind az__k_root = {"the Arazzo Specification Object", root_fields, true};
const az__object_kind az__k_info = {"the Info Object", info_fields, true};
const az__object_kind az__k_source = {"a Source Description", source_fields, true};
const az__object_kind az__k_workflow = {"a workflow", workflow_fields, true};
const az__object_kind az__k_step = {"a step", step_fields, true};
const az__object_kind az__k_parameter = {"a parameter", parameter_fields, true};
const az__object_kind az__k_success_action = {"a success action", success_action_fields, true};
const az__object_kind az__k_failure_action = {"a failure action", failure_action_fields, true};
const az__object_kind az__k_components = {"the Components Object", components_fields, true};
const az__object_kind az__k_reusable = {"a Reusable Object", reusable_fields, false};
const az__object_kind az__k_criterion = {"a criterion", criterion_fields, true};
const az__object_kind az__k_criterion_type = {"a Criterion Expression Type Object",
                                              criterion_type_fields, true};
const az__object_kind az__k_request_body = {"a request body", request_body_fields, true};
const az__object_kind az__k_replacement = {"a payload replacement", replacement_fields, true};

/* ------------------------------------------------------------------------ */
/* Options                                                                   */
/* ------------------------------------------------------------------------ */

/* Fills the defaults; see engine.h. */
void az_validate_opts_init(az_validate_opts *opts)
{
    memset(opts, 0, sizeof(*opts));
    az_description_opts_init(&opts->load);
}

/* ------------------------------------------------------------------------ */
/* The current pointer                                                       */
/* ------------------------------------------------------------------------ */

/* Appends one reference token; see engine_validate_internal.h. */
size_t az__vpush(az__vctx *c, const char *token)
{
    size_t mark = c->path.len;
    az_buf_add(&c->path, "/", 1);
    az_buf_add_token(&c->path, token, strlen(token));
    if (c->path.failed)
        c->nomem = true;
    return mark;
}

/* Appends an array index; see engine_validate_internal.h. */
size_t az__vpush_index(az__vctx *c, size_t index)
{
    char tok[32];
    snprintf(tok, sizeof tok, "%zu", index);
    return az__vpush(c, tok);
}

/* Returns to a mark; see engine_validate_internal.h. */
void az__vpop(az__vctx *c, size_t mark)
{
    if (c->path.data && mark <= c->path.len) {
        c->path.len = mark;
        c->path.data[mark] = '\0';
    }
}

/* The current pointer as a string ("" for the root). */
static const char *cur_pointer(const az__vctx *c)
{
    return c->path.data && !c->path.failed ? c->path.data : "";
}

/* ------------------------------------------------------------------------ */
/* Diagnostics                                                               */
/* ------------------------------------------------------------------------ */

/* The position of the node at `pointer` (its key when at_key and it has one). */
static az_pos pointer_pos(const az__vctx *c, const char *pointer, bool at_key)
{
    az_pos v = {az_doc_name(c->ydoc), 0, 0}, k = {0};
    if (az_doc_pointer_pos(c->ydoc, pointer, &v, &k) != AZ_OK) {
        v.line = v.column = 0;
        k.line = 0;
    }
    v.file = az_doc_name(c->ydoc);
    if (at_key && k.line) {
        k.file = v.file;
        return k;
    }
    if (!v.line)
        v.line = v.column = 1;
    return v;
}

/* Adds the diagnostic at `pos` with the source line and the pointer. */
static az_diag *add_at(az__vctx *c, az_severity sev, const char *code, az_pos pos,
                       const char *pointer, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 0)))
#endif
    ;
static az_diag *add_at(az__vctx *c, az_severity sev, const char *code, az_pos pos,
                       const char *pointer, const char *fmt, va_list ap)
{
    if (sev == AZ_SEVERITY_WARNING && c->opts->strict)
        sev = AZ_SEVERITY_ERROR;
    az_diag *d = az_diags_addv(c->diags, sev, code, &pos, fmt, ap);
    if (!d) {
        c->nomem = true;
        return NULL;
    }
    if (sev == AZ_SEVERITY_ERROR)
        c->n_errors++;
    size_t len = 0;
    const char *line = pos.line ? az_doc_line_text(c->ydoc, pos.line, &len) : NULL;
    if (line)
        az_diag_set_source_line(d, line, len);
    if (pointer && *pointer)
        az_diag_set_pointer(d, pointer);
    return d;
}

/* Appends a diagnostic at the current node; see engine_validate_internal.h. */
az_diag *az__vdiag(az__vctx *c, az_severity sev, const char *code, bool at_key, const char *fmt,
                   ...)
{
    const char *ptr = cur_pointer(c);
    az_pos pos = pointer_pos(c, ptr, at_key);
    va_list ap;
    va_start(ap, fmt);
    az_diag *d = add_at(c, sev, code, pos, ptr, fmt, ap);
    va_end(ap);
    if (!d)
        return NULL;
    /* Underline the key, or a scalar value written on one line. */
    json_object *node = NULL;
    if (az_pointer_get(c->root, ptr, &node) == AZ_OK) {
        az_pos k = {0};
        if (at_key && az_doc_pointer_pos(c->ydoc, ptr, NULL, &k) == AZ_OK && k.line) {
            const char *slash = strrchr(ptr, '/');
            d->span = slash ? (uint32_t)az_utf8_length(slash + 1, strlen(slash + 1)) : 0;
            if (slash && strchr(slash, '~'))
                d->span = 0; /* escaped: the key is not the token */
        } else if (json_object_is_type(node, json_type_string)) {
            d->span =
                az_doc_scalar_span(c->ydoc, pos.line, pos.column, json_object_get_string(node));
        }
    }
    return d;
}

/* Sets a related position; see engine_validate_internal.h. */
void az__vrelated(az__vctx *c, az_diag *d, const char *pointer, bool at_key, const char *message)
{
    if (!d)
        return;
    az_pos pos = pointer_pos(c, pointer, at_key);
    size_t len = 0;
    const char *line = az_doc_line_text(c->ydoc, pos.line, &len);
    az_diag_set_related(d, &pos, message, line, line ? len : 0);
}

/*
 * Places a position inside a literal block scalar (`|`) in the document:
 * line k of the value is k lines below the indicator, after its
 * indentation. Returns false when the document line does not hold the
 * value's line verbatim.
 */
static bool map_block_line(const az__vctx *c, az_pos vpos, const char *text, const az_diag *s,
                           az_pos *out)
{
    const char *vline = text;
    for (uint32_t k = 1; k < s->line && vline; k++) {
        vline = strchr(vline, '\n');
        if (vline)
            vline++;
    }
    if (!vline)
        return false;
    size_t vlen = strcspn(vline, "\n"), len = 0;
    if (vlen == 0)
        return false; /* past the last line: no document line holds it */
    const char *dline = az_doc_line_text(c->ydoc, vpos.line + s->line, &len);
    if (!dline)
        return false;
    /* The block's indentation: that of its first line. */
    size_t flen = 0, indent = 0;
    const char *first = az_doc_line_text(c->ydoc, vpos.line + 1, &flen);
    while (first && indent < flen && first[indent] == ' ')
        indent++;
    size_t pre = az_utf8_column_offset(vline, vlen, s->column);
    if (indent > len || len - indent < pre || memcmp(dline + indent, vline, pre) != 0)
        return false;
    out->line = vpos.line + s->line;
    out->column = (uint32_t)az_utf8_length(dline, indent) + s->column;
    return true;
}

/* Maps diagnostics positioned inside a string; see engine_validate_internal.h. */
void az__vmap_diags(az__vctx *c, const az_diags *scratch, const char *text)
{
    const char *ptr = cur_pointer(c);
    az_pos vpos = pointer_pos(c, ptr, false);
    size_t len = 0;
    const char *line = az_doc_line_text(c->ydoc, vpos.line, &len);
    size_t off = line ? az_utf8_column_offset(line, len, vpos.column) : 0;
    size_t q = line && off < len && (line[off] == '"' || line[off] == '\'') ? 1 : 0;
    for (size_t i = 0; i < az_diags_count(scratch); i++) {
        const az_diag *s = az_diags_get(scratch, i);
        az_pos pos = vpos;
        bool mapped = false;
        if (line && s->line <= 1 && s->column >= 1 && !strchr(text, '\n')) {
            size_t pre = az_utf8_column_offset(text, strlen(text), s->column);
            if (off + q + pre <= len && memcmp(line + off + q, text, pre) == 0) {
                pos.column = vpos.column + (uint32_t)q + s->column - 1;
                mapped = true;
            }
        }
        if (line && !mapped && s->line >= 1 && s->column >= 1 && off < len && line[off] == '|')
            mapped = map_block_line(c, vpos, text, s, &pos);
        az_severity sev = s->severity;
        if (sev == AZ_SEVERITY_WARNING && c->opts->strict)
            sev = AZ_SEVERITY_ERROR;
        az_diag *d =
            mapped || s->column == 0
                ? az_diags_add(c->diags, sev, s->code, &pos, "%s", s->message)
                : az_diags_add(c->diags, sev, s->code, &pos, "%s (line %u, column %u of the value)",
                               s->message, (unsigned)(s->line ? s->line : 1), (unsigned)s->column);
        if (!d) {
            c->nomem = true;
            return;
        }
        if (sev == AZ_SEVERITY_ERROR)
            c->n_errors++;
        d->span = mapped ? s->span : az_doc_scalar_span(c->ydoc, vpos.line, vpos.column, text);
        size_t dlen = 0;
        const char *dline = az_doc_line_text(c->ydoc, pos.line, &dlen);
        if (dline)
            az_diag_set_source_line(d, dline, dlen);
        if (*ptr)
            az_diag_set_pointer(d, ptr);
    }
}

/* ------------------------------------------------------------------------ */
/* JSON helpers                                                              */
/* ------------------------------------------------------------------------ */

/* Returns a member; see engine_validate_internal.h. */
json_object *az__member(json_object *obj, const char *key, bool *present)
{
    json_object *v = NULL;
    bool has =
        json_object_is_type(obj, json_type_object) && json_object_object_get_ex(obj, key, &v);
    if (present)
        *present = has;
    return has ? v : NULL;
}

/* Names a JSON type; see engine_validate_internal.h. */
const char *az__type_name(json_object *v)
{
    switch (v ? json_object_get_type(v) : json_type_null) {
    case json_type_null: return "null";
    case json_type_boolean: return "a boolean";
    case json_type_int: return "an integer";
    case json_type_double: return "a number";
    case json_type_string: return "a string";
    case json_type_array: return "an array";
    case json_type_object: return "a mapping";
    }
    return "a value";
}

/* Tells whether a value has one of the types of a bit set. */
static bool type_ok(json_object *v, unsigned types)
{
    switch (v ? json_object_get_type(v) : json_type_null) {
    case json_type_null: return types & AZ__T_NULL;
    case json_type_boolean: return types & AZ__T_BOOL;
    case json_type_int: return types & (AZ__T_NUMBER | AZ__T_INTEGER);
    case json_type_double: return types & AZ__T_NUMBER;
    case json_type_string: return types & AZ__T_STRING;
    case json_type_array: return types & AZ__T_ARRAY;
    case json_type_object: return types & AZ__T_OBJECT;
    }
    return false;
}

/* Names the types of a bit set for messages. */
static const char *types_name(unsigned types)
{
    if (types == (AZ__T_STRING | AZ__T_OBJECT))
        return "a string or a mapping";
    if (types == (AZ__T_OBJECT | AZ__T_BOOL))
        return "a mapping (a JSON Schema)";
    if (types & AZ__T_STRING)
        return "a string";
    if (types & AZ__T_INTEGER)
        return "an integer";
    if (types & AZ__T_NUMBER)
        return "a number";
    if (types & AZ__T_OBJECT)
        return "a mapping";
    if (types & AZ__T_ARRAY)
        return "a list";
    return "a boolean";
}

/* Suggests a close candidate; see engine_validate_internal.h. */
const char *az__suggest(const char *name, const char *const *candidates, size_t n)
{
    const char *best = NULL;
    size_t best_d = strlen(name) / 3 + 1;
    for (size_t i = 0; i < n; i++) {
        if (!candidates[i])
            continue;
        size_t d = strcasecmp(candidates[i], name) == 0 ? 0 : az_edit_distance(candidates[i], name);
        if (d <= best_d && (!best || d < best_d)) {
            best = candidates[i];
            best_d = d;
        }
    }
    return best;
}

/* Reports an unknown component; see engine_validate_internal.h. */
void az__vunknown_component(az__vctx *c, json_object *map, const char *kind, const char *key)
{
    const char *names[256];
    size_t n = 0;
    if (json_object_is_type(map, json_type_object)) {
        json_object_object_foreach(map, k, v)
        {
            (void)v;
            if (n < 256)
                names[n++] = k;
        }
    }
    const char *near = az__suggest(key, names, n);
    if (near)
        az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-unknown-component", false,
                  "no component '%s' in components.%s; did you mean '%s'?", key, kind, near);
    else
        az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-unknown-component", false,
                  "no component '%s' in components.%s", key, kind);
}

/* Tells whether a field is one Arazzo 1.1 adds to the kind (EXEC-12), so
 * the message can say so. */
static bool is_1_1_field(const az__object_kind *kind, const char *key)
{
    if (kind == &az__k_step)
        return strcmp(key, "dependsOn") == 0 || strcmp(key, "timeout") == 0 ||
               strcmp(key, "channelPath") == 0 || strcmp(key, "action") == 0 ||
               strcmp(key, "correlationId") == 0;
    if (kind == &az__k_success_action || kind == &az__k_failure_action)
        return strcmp(key, "parameters") == 0;
    return false;
}

/* Checks an object against its kind; see engine_validate_internal.h. */
bool az__vcheck_object(az__vctx *c, json_object *obj, const az__object_kind *kind)
{
    if (!json_object_is_type(obj, json_type_object)) {
        az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-wrong-type", false,
                  "%s must be a mapping, found %s", kind->what, az__type_name(obj));
        return false;
    }
    for (const az__field *f = kind->fields; f->name; f++) {
        bool present = false;
        json_object *v = az__member(obj, f->name, &present);
        if (!present) {
            if (f->required)
                az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-missing-field", false, "%s must have '%s'",
                          kind->what, f->name);
            continue;
        }
        if (f->types == AZ__T_ANY || type_ok(v, f->types))
            continue;
        size_t m = az__vpush(c, f->name);
        az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-wrong-type", false, "'%s' must be %s, found %s",
                  f->name, types_name(f->types), az__type_name(v));
        az__vpop(c, m);
    }
    json_object_object_foreach(obj, key, val)
    {
        (void)val;
        bool known = false;
        for (const az__field *f = kind->fields; f->name && !known; f++)
            known = strcmp(f->name, key) == 0;
        if (known)
            continue;
        size_t m = az__vpush(c, key);
        bool ext = strncmp(key, "x-", 2) == 0;
        if (!kind->extensible) {
            /* REU-04: prose "MUST be ignored" wins over the schema. */
            az__vdiag(c, AZ_SEVERITY_WARNING, "arazzo-reusable-extra-field", true,
                      "'%s' is ignored: %s has only 'reference' and 'value'", key, kind->what);
        } else if (ext) {
            if (strncmp(key, "x-oai-", 6) == 0 || strncmp(key, "x-oas-", 6) == 0 ||
                strncmp(key, "x-arazzo", 8) == 0)
                az__vdiag(c, AZ_SEVERITY_WARNING, "arazzo-reserved-extension", true,
                          "extension '%s' uses a prefix reserved for the OpenAPI Initiative", key);
        } else {
            const char *names[32];
            size_t n = 0;
            for (const az__field *f = kind->fields; f->name && n < 32; f++)
                names[n++] = f->name;
            const char *near = az__suggest(key, names, n);
            if (is_1_1_field(kind, key))
                az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-unknown-field", true,
                          "'%s' is an Arazzo 1.1 field, not part of %s in Arazzo 1.0 (EXEC-12)",
                          key, kind->what);
            else if (near)
                az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-unknown-field", true,
                          "unknown field '%s' in %s (did you mean '%s'?)", key, kind->what, near);
            else
                az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-unknown-field", true,
                          "unknown field '%s' in %s (extensions start with 'x-')", key, kind->what);
        }
        az__vpop(c, m);
    }
    return true;
}

/* Checks a name's characters; see engine_validate_internal.h. */
bool az__name_ok(const char *s, bool dots)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-' && !(dots && *s == '.'))
            return false;
    return true;
}

/* ------------------------------------------------------------------------ */
/* Bookkeeping                                                               */
/* ------------------------------------------------------------------------ */

/* Records a used operation; see engine_validate_internal.h. */
void az__vuse_operation(az__vctx *c, const az_source_desc *source, const az_oas_operation *op)
{
    if (!source || !source->index || !op)
        return;
    az__used_ops *u = NULL;
    for (size_t i = 0; i < c->n_used && !u; i++)
        if (c->used[i].index == source->index)
            u = &c->used[i];
    if (!u) {
        if (c->n_used == c->cap_used) {
            size_t cap = c->cap_used ? 2 * c->cap_used : 4;
            az__used_ops *g = realloc(c->used, cap * sizeof(*g));
            if (!g) {
                c->nomem = true;
                return;
            }
            c->used = g;
            c->cap_used = cap;
        }
        u = &c->used[c->n_used++];
        *u = (az__used_ops){source->index, source, c->doc, NULL, 0, 0};
    }
    for (size_t i = 0; i < u->n; i++)
        if (u->ops[i] == op)
            return;
    if (u->n == u->cap) {
        size_t cap = u->cap ? 2 * u->cap : 8;
        const az_oas_operation **g = realloc(u->ops, cap * sizeof(*g));
        if (!g) {
            c->nomem = true;
            return;
        }
        u->ops = g;
        u->cap = cap;
    }
    u->ops[u->n++] = op;
}

/* Records a dependsOn edge; see engine_validate_internal.h. */
void az__vadd_edge(az__vctx *c, json_object *from, json_object *to)
{
    if (c->n_edges == c->cap_edges) {
        size_t cap = c->cap_edges ? 2 * c->cap_edges : 8;
        az__dep_edge *g = realloc(c->edges, cap * sizeof(*g));
        if (!g) {
            c->nomem = true;
            return;
        }
        c->edges = g;
        c->cap_edges = cap;
    }
    char *ptr = strdup(cur_pointer(c));
    if (!ptr) {
        c->nomem = true;
        return;
    }
    c->edges[c->n_edges++] = (az__dep_edge){c->doc, from, to, ptr};
}

/* Tells whether a named source did not load; see engine_validate_internal.h. */
bool az__source_unusable(const az_arazzo_doc *doc, const char *name)
{
    const az_source_desc *sd = az_arazzo_doc_source(doc, name);
    return sd && !sd->index && !sd->arazzo;
}

/* Tells whether a non-arazzo source did not load; see engine_validate_internal.h. */
bool az__some_source_unusable(const az_arazzo_doc *doc)
{
    for (size_t i = 0; i < doc->n_sources; i++) {
        const az_source_desc *sd = &doc->sources[i];
        bool arazzo = (sd->type && strcmp(sd->type, "arazzo") == 0) || sd->kind == AZ_KIND_ARAZZO;
        if (!arazzo && !sd->index)
            return true;
    }
    return false;
}

/* ------------------------------------------------------------------------ */
/* Root, Info, Source Descriptions                                           */
/* ------------------------------------------------------------------------ */

/* DOC-04, DOC-05: `arazzo` is a string matching ^1\.0\.\d+(-.+)?$. */
static void check_version(az__vctx *c, json_object *v)
{
    size_t m = az__vpush(c, "arazzo");
    if (!json_object_is_type(v, json_type_string)) {
        az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-wrong-type", false,
                  "'arazzo' must be a string such as \"1.0.1\", found %s%s", az__type_name(v),
                  json_object_is_type(v, json_type_double) ? " (quote it in YAML)" : "");
        goto out;
    }
    const char *s = json_object_get_string(v);
    bool ok = strncmp(s, "1.0.", 4) == 0 && isdigit((unsigned char)s[4]);
    const char *p = s + 4;
    while (ok && isdigit((unsigned char)*p))
        p++;
    if (ok && *p)
        ok = p[0] == '-' && p[1] != '\0';
    if (!ok)
        az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-unsupported-version", false,
                  "unsupported Arazzo version '%s': this engine reads 1.0.x documents", s);
out:
    az__vpop(c, m);
}

/* INFO-01: title and version are strings (the table does the rest). */
static void check_info(az__vctx *c, json_object *info)
{
    size_t m = az__vpush(c, "info");
    az__vcheck_object(c, info, &az__k_info);
    az__vpop(c, m);
}

/* SRC-01..03 and ROOT-02: each source, names unique and well-formed. */
static void check_sources(az__vctx *c, json_object *list)
{
    size_t m = az__vpush(c, "sourceDescriptions");
    size_t n = json_object_array_length(list);
    if (n == 0)
        az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-empty-list", false,
                  "'sourceDescriptions' must list at least one source (ROOT-01)");
    for (size_t i = 0; i < n; i++) {
        json_object *sd = json_object_array_get_idx(list, i);
        size_t mi = az__vpush_index(c, i);
        if (!az__vcheck_object(c, sd, &az__k_source))
            goto next;
        const char *name = az_json_get_string(sd, "name");
        const char *type = az_json_get_string(sd, "type");
        if (name) {
            size_t mn = az__vpush(c, "name");
            if (!az__name_ok(name, false))
                az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-invalid-name", false,
                          "source name '%s' must match [A-Za-z0-9_-]+ (SRC-03)", name);
            for (size_t j = 0; j < i; j++) {
                const char *other = az_json_get_string(json_object_array_get_idx(list, j), "name");
                if (!other || strcmp(other, name) != 0)
                    continue;
                az_diag *d = az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-duplicate-source-name", false,
                                       "duplicate source name '%s'", name);
                char first[64];
                snprintf(first, sizeof first, "/sourceDescriptions/%zu/name", j);
                az__vrelated(c, d, first, false, "first defined here");
                break;
            }
            az__vpop(c, mn);
        }
        if (type && strcmp(type, "openapi") != 0 && strcmp(type, "arazzo") != 0) {
            size_t mt = az__vpush(c, "type");
            az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-invalid-value", false,
                      "source type '%s' must be 'openapi' or 'arazzo'", type);
            az__vpop(c, mt);
        }
    next:
        az__vpop(c, mi);
    }
    az__vpop(c, m);
}

/* Validates the current document. */
static void validate_doc(az__vctx *c)
{
    json_object *root = c->root;
    if (!json_object_is_type(root, json_type_object)) {
        /* DOC-01 */
        az_pos pos = {az_doc_name(c->ydoc), 1, 1};
        if (root)
            az_doc_node_pos(c->ydoc, root, &pos);
        az_diag *d =
            az_doc_diag(c->ydoc, c->diags, AZ_SEVERITY_ERROR, "arazzo-root-not-object", &pos,
                        "an Arazzo document must be a mapping (JSON object), found %s",
                        root ? json_type_to_name(json_object_get_type(root)) : "an empty document");
        if (d)
            c->n_errors++;
        else
            c->nomem = true;
        return;
    }
    /* DOC-03, ROOT-01 */
    az__vcheck_object(c, root, &az__k_root);
    bool present = false;
    json_object *v = az__member(root, "arazzo", &present);
    if (present)
        check_version(c, v);
    v = az__member(root, "info", NULL);
    if (json_object_is_type(v, json_type_object))
        check_info(c, v);
    v = az__member(root, "sourceDescriptions", NULL);
    if (json_object_is_type(v, json_type_array))
        check_sources(c, v);
    az__validate_components(c);
    az__validate_workflows(c);
}

/* ------------------------------------------------------------------------ */
/* dependsOn cycles (WF-05, XREF-08)                                         */
/* ------------------------------------------------------------------------ */

/* Depth-first search state of one workflow. */
typedef struct dep_node {
    json_object *wf;
    int color; /* 0 unseen, 1 on the stack, 2 done */
} dep_node;

/* Returns the state of a workflow, adding it. */
static dep_node *dep_state(dep_node **nodes, size_t *n, size_t *cap, json_object *wf)
{
    for (size_t i = 0; i < *n; i++)
        if ((*nodes)[i].wf == wf)
            return &(*nodes)[i];
    if (*n == *cap) {
        size_t nc = *cap ? 2 * *cap : 16;
        dep_node *g = realloc(*nodes, nc * sizeof(*g));
        if (!g)
            return NULL;
        *nodes = g;
        *cap = nc;
    }
    (*nodes)[*n] = (dep_node){wf, 0};
    return &(*nodes)[(*n)++];
}

/* Visits one workflow; reports the edges that close a cycle. */
static bool dep_visit(az__vctx *c, dep_node **nodes, size_t *n, size_t *cap, json_object *wf,
                      unsigned depth)
{
    dep_node *s = dep_state(nodes, n, cap, wf);
    if (!s)
        return false;
    if (depth > 10000)
        return true; /* a chain this long is not followed further */
    s->color = 1;
    for (size_t i = 0; i < c->n_edges; i++) {
        az__dep_edge *e = &c->edges[i];
        if (e->from != wf)
            continue;
        dep_node *t = dep_state(nodes, n, cap, e->to);
        if (!t)
            return false;
        if (t->color == 1) {
            c->doc = e->doc;
            c->ydoc = az_source_doc(e->doc->src);
            c->root = az_source_root(e->doc->src);
            az__vpop(c, 0);
            az_buf_puts(&c->path, e->pointer);
            const char *from = az_json_get_string(e->from, "workflowId");
            const char *to = az_json_get_string(e->to, "workflowId");
            if (e->from == e->to)
                az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-depends-on-cycle", false,
                          "workflow '%s' depends on itself", from ? from : "");
            else
                az__vdiag(c, AZ_SEVERITY_ERROR, "arazzo-depends-on-cycle", false,
                          "dependsOn cycle: '%s' depends on '%s', which already depends on '%s'",
                          from ? from : "", to ? to : "", from ? from : "");
            az__vpop(c, 0);
        } else if (t->color == 0 && !dep_visit(c, nodes, n, cap, e->to, depth + 1)) {
            return false;
        }
        s = dep_state(nodes, n, cap, wf); /* the array may have moved */
    }
    s->color = 2;
    return true;
}

/* Reports every dependsOn cycle once. */
static void check_cycles(az__vctx *c)
{
    dep_node *nodes = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < c->n_edges; i++) {
        dep_node *s = dep_state(&nodes, &n, &cap, c->edges[i].from);
        if (!s) {
            c->nomem = true;
            break;
        }
        if (s->color == 0 && !dep_visit(c, &nodes, &n, &cap, c->edges[i].from, 0)) {
            c->nomem = true;
            break;
        }
    }
    free(nodes);
}

/* ------------------------------------------------------------------------ */
/* OpenAPI sources                                                           */
/* ------------------------------------------------------------------------ */

/* Reports the defects of the used OpenAPI sources: errors in the used
 * operations, one note for the rest (issue 4's rule). */
static void report_sources(az__vctx *c)
{
    for (size_t i = 0; i < c->n_used; i++) {
        az__used_ops *u = &c->used[i];
        az_diags *scratch = az_diags_new();
        if (!scratch) {
            c->nomem = true;
            return;
        }
        const az_oas_operation *none[1] = {NULL};
        az_oas_index_report(u->index, u->n ? u->ops : none, u->n, scratch);
        size_t unused = 0;
        for (size_t d = 0; d < az_diags_count(scratch); d++) {
            const az_diag *s = az_diags_get(scratch, d);
            if (s->severity != AZ_SEVERITY_ERROR) {
                unused++;
                continue;
            }
            if (az_diags_add_copy(c->diags, s, AZ_SEVERITY_ERROR))
                c->n_errors++;
        }
        az_diags_free(scratch);
        if (!unused)
            continue;
        c->doc = u->doc;
        c->ydoc = az_source_doc(u->doc->src);
        c->root = az_source_root(u->doc->src);
        az__vpop(c, 0);
        for (size_t s = 0; s < u->doc->n_sources; s++)
            if (&u->doc->sources[s] == u->source) {
                az__vpush(c, "sourceDescriptions");
                az__vpush_index(c, s);
                az__vpush(c, "url");
            }
        const char *name = az_source_name(az_oas_index_source(u->index));
        az__vdiag(c, AZ_SEVERITY_NOTE, "source-unused-defects", false,
                  "%s: %zu problem%s in operations no workflow uses (see `arazzo operations %s`)",
                  name, unused, unused == 1 ? "" : "s", name);
        az__vpop(c, 0);
    }
}

/* ------------------------------------------------------------------------ */
/* Entry points                                                              */
/* ------------------------------------------------------------------------ */

/* Appends the diagnostics of `from` to `to` in document order (files in
 * the order they first appear, then line and column: az_diags_sort).
 * False when out of memory. */
static bool sort_into(az_diags *from, az_diags *to)
{
    az_diags_sort(from, 0);
    bool ok = true;
    for (size_t i = 0; i < az_diags_count(from) && ok; i++) {
        const az_diag *d = az_diags_get(from, i);
        ok = az_diags_add_copy(to, d, d->severity) != NULL;
    }
    return ok;
}

/* Validates a loaded description; see engine.h. */
az_status az_validate_description(const az_description *desc, const az_validate_opts *opts,
                                  az_diags *diags)
{
    az_validate_opts defaults;
    if (!opts) {
        az_validate_opts_init(&defaults);
        opts = &defaults;
    }
    az_diags *scratch = az_diags_new();
    if (!scratch)
        return AZ_ERR_NOMEM;
    az__vctx c = {.desc = desc, .opts = opts, .diags = scratch, .step_index = -1};
    for (size_t i = 0; i < az_description_doc_count(desc); i++) {
        c.doc = az_description_doc(desc, i);
        c.ydoc = az_source_doc(c.doc->src);
        c.root = az_source_root(c.doc->src);
        az__vpop(&c, 0);
        az_buf_puts(&c.path, "");
        validate_doc(&c);
    }
    check_cycles(&c);
    report_sources(&c);
    for (size_t i = 0; i < c.n_used; i++)
        free(c.used[i].ops);
    free(c.used);
    for (size_t i = 0; i < c.n_edges; i++)
        free(c.edges[i].pointer);
    free(c.edges);
    free(c.path.data);
    if (!c.nomem && !sort_into(scratch, diags))
        c.nomem = true;
    az_diags_free(scratch);
    if (c.nomem || c.path.failed)
        return AZ_ERR_NOMEM;
    return c.n_errors ? AZ_ERR_INVALID : AZ_OK;
}

/* Finishes a load: validates and decides the status from every diagnostic. */
static az_status validate_loaded(az_status st, az_description *desc, const az_validate_opts *opts,
                                 az_diags *diags, size_t before)
{
    if (st != AZ_OK)
        return st;
    st = az_validate_description(desc, opts, diags);
    az_description_free(desc);
    if (st == AZ_ERR_NOMEM)
        return st;
    bool io = false, error = false;
    for (size_t i = before; i < az_diags_count(diags); i++) {
        const az_diag *d = az_diags_get(diags, i);
        if (d->severity != AZ_SEVERITY_ERROR)
            continue;
        error = true;
        if (strcmp(d->code, "source-unreadable") == 0 || strcmp(d->code, "source-limit") == 0)
            io = true;
    }
    return io ? AZ_ERR_IO : error ? AZ_ERR_INVALID : AZ_OK;
}

/* Validates a file; see engine.h. */
az_status az_validate_file(const char *path, const az_validate_opts *opts, az_diags *diags)
{
    az_validate_opts defaults;
    if (!opts) {
        az_validate_opts_init(&defaults);
        opts = &defaults;
    }
    size_t before = az_diags_count(diags);
    az_description *desc = NULL;
    az_status st = az_description_load(path, &opts->load, diags, &desc);
    return validate_loaded(st, desc, opts, diags, before);
}

/* Validates a document in memory; see engine.h. */
az_status az_validate_buffer(const char *name, const char *data, size_t len,
                             const az_validate_opts *opts, az_diags *diags)
{
    az_validate_opts defaults;
    if (!opts) {
        az_validate_opts_init(&defaults);
        opts = &defaults;
    }
    size_t before = az_diags_count(diags);
    az_description *desc = NULL;
    az_status st = az_description_load_buffer(name, NULL, data, len, &opts->load, diags, &desc);
    return validate_loaded(st, desc, opts, diags, before);
}
