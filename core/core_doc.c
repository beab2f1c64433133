/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core_doc.c - the loaded document: reading files and buffers, choosing the
 * parser, the arena of node positions, the side list of null positions, the
 * line index that maps offsets to lines and columns, and diagnostics that
 * quote a source line.
 */
#define _GNU_SOURCE /* memmem */
#include "core_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/*
 * The arenas grow geometrically, from small blocks (a small document stays
 * small) to large ones: few big allocations keep glibc from consolidating
 * its free lists over and over while a large document loads.
 */
#define REC_BLOCK_FIRST 256
#define REC_BLOCK_MAX   ((size_t)1 << 20)
#define STR_BLOCK_FIRST 4096
#define STR_BLOCK_MAX   ((size_t)4 << 20)

struct az__rec_block {
    az__rec_block *next;
    size_t used, cap;
    az__node_rec recs[];
};

struct az__str_block {
    az__str_block *next;
    size_t used, size;
    char data[];
};

/* Fills load options with the documented defaults. */
void az_load_opts_init(az_load_opts *opts)
{
    opts->format = AZ_FORMAT_AUTO;
    opts->max_depth = AZ_DEFAULT_MAX_DEPTH;
    opts->max_alias_nodes = AZ_DEFAULT_MAX_ALIAS_NODES;
    opts->max_bytes = AZ_DEFAULT_MAX_BYTES;
}

static void clamp_pos(const az_doc *doc, uint32_t *line, uint32_t *column);

/* Picks the parser for AZ_FORMAT_AUTO from the name's extension. */
static az_format format_for_name(const char *name)
{
    const char *dot = name ? strrchr(name, '.') : NULL;
    if (dot && strcasecmp(dot, ".json") == 0)
        return AZ_FORMAT_JSON;
    return AZ_FORMAT_YAML;
}

/*
 * Returns the length of the line break at p (0 when there is none). LF,
 * CRLF and CR break lines in both formats; in YAML also U+0085, U+2028 and
 * U+2029, because libyaml counts them (YAML 1.1) and its positions must
 * agree with the lines we quote.
 */
static size_t line_break_at(const char *p, const char *end, bool yaml)
{
    if (*p == '\n')
        return 1;
    if (*p == '\r')
        return p + 1 < end && p[1] == '\n' ? 2 : 1;
    if (yaml && end - p >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0x85)
        return 2;
    if (yaml && end - p >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
        ((unsigned char)p[2] == 0xA8 || (unsigned char)p[2] == 0xA9))
        return 3;
    return 0;
}

/* Records the byte offset at which every line starts. */
static az_status index_lines(az_doc *doc)
{
    size_t cap = 64, n = 0;
    size_t *starts = malloc(cap * sizeof *starts);
    if (!starts)
        return AZ_ERR_NOMEM;
    const char *text = doc->text, *end = doc->text + doc->len;
    const char *p = text;
    bool yaml = doc->format == AZ_FORMAT_YAML;
    /* A byte order mark is not part of line 1: columns start after it. */
    if (doc->len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    starts[n++] = (size_t)(p - text);
    /* Most documents break lines with LF alone: then memchr finds them all. */
    bool lf_only = !memchr(p, '\r', (size_t)(end - p));
    if (lf_only && yaml)
        lf_only = !memmem(p, (size_t)(end - p), "\xC2\x85", 2) &&
                  !memmem(p, (size_t)(end - p), "\xE2\x80\xA8", 3) &&
                  !memmem(p, (size_t)(end - p), "\xE2\x80\xA9", 3);
    while (p < end) {
        if (lf_only) {
            const char *lf = memchr(p, '\n', (size_t)(end - p));
            if (!lf)
                break;
            p = lf;
        }
        /* Jump to the next byte that can start a break. */
        unsigned char c = (unsigned char)*p;
        if (c != '\n' && c != '\r' && !(yaml && (c == 0xC2 || c == 0xE2))) {
            p++;
            continue;
        }
        size_t brk = line_break_at(p, end, yaml);
        if (!brk) {
            p++;
            continue;
        }
        p += brk;
        if (n == cap) {
            size_t *grown = realloc(starts, 2 * cap * sizeof *starts);
            if (!grown) {
                free(starts);
                return AZ_ERR_NOMEM;
            }
            starts = grown;
            cap *= 2;
        }
        starts[n++] = (size_t)(p - text);
    }
    doc->line_starts = starts;
    doc->n_lines = n;
    return AZ_OK;
}

/* Creates an empty document holding a copy of the input. */
static az_doc *doc_new(const char *name, const char *data, size_t len)
{
    az_doc *doc = calloc(1, sizeof *doc);
    if (!doc)
        return NULL;
    doc->name = strdup(name ? name : "<input>");
    doc->text = malloc(len + 1);
    if (!doc->name || !doc->text)
        goto fail;
    if (len)
        memcpy(doc->text, data, len);
    doc->text[len] = '\0';
    doc->len = len;
    return doc;
fail:
    az_doc_free(doc);
    return NULL;
}

/* Parses an in-memory copy of the input; the shared tail of both loaders. */
static az_status doc_parse(az_doc *doc, const az_load_opts *opts, az_diags *diags, az_doc **out)
{
    az_status st;
    doc->format = opts->format == AZ_FORMAT_AUTO ? format_for_name(doc->name) : opts->format;
    if (index_lines(doc) != AZ_OK) {
        az_doc_free(doc);
        return AZ_ERR_NOMEM;
    }
    if (doc->format == AZ_FORMAT_JSON)
        st = az__json_parse(doc, opts, diags);
    else
        st = az__yaml_parse(doc, opts, diags);
    if (st != AZ_OK) {
        az_doc_free(doc);
        return st;
    }
    *out = doc;
    return AZ_OK;
}

/* Reports an input larger than the configured limit. */
static az_status too_big(const char *name, size_t size, const az_load_opts *opts, az_diags *diags)
{
    az_pos pos = {name, 0, 0};
    if (diags)
        az_diags_add(diags, AZ_SEVERITY_ERROR, "input-too-large", &pos,
                     "input is %zu bytes, more than the limit of %zu bytes", size, opts->max_bytes);
    return AZ_ERR_LIMIT;
}

/* Loads a document from memory; see core.h. */
az_status az_doc_load_buffer(const char *name, const char *data, size_t len,
                             const az_load_opts *opts, az_diags *diags, az_doc **out)
{
    az_load_opts defaults;
    *out = NULL;
    if (!opts) {
        az_load_opts_init(&defaults);
        opts = &defaults;
    }
    if (len > opts->max_bytes)
        return too_big(name, len, opts, diags);
    az_doc *doc = doc_new(name, data ? data : "", data ? len : 0);
    if (!doc)
        return AZ_ERR_NOMEM;
    return doc_parse(doc, opts, diags, out);
}

/* Reports a file that could not be read, with the system's reason. */
static az_status io_error(const char *path, const char *what, int err, az_diags *diags)
{
    az_pos pos = {path, 0, 0};
    if (diags)
        az_diags_add(diags, AZ_SEVERITY_ERROR, "io-error", &pos, "cannot %s '%s': %s", what, path,
                     strerror(err));
    return AZ_ERR_IO;
}

/* Loads a document from a file; see core.h. */
az_status az_doc_load_file(const char *path, const az_load_opts *opts, az_diags *diags,
                           az_doc **out)
{
    az_load_opts defaults;
    az_status st = AZ_OK;
    char *data = NULL;
    FILE *f = NULL;
    struct stat sb;

    *out = NULL;
    if (!opts) {
        az_load_opts_init(&defaults);
        opts = &defaults;
    }
    f = fopen(path, "rb");
    if (!f)
        return io_error(path, "open", errno, diags);
    if (fstat(fileno(f), &sb) != 0) {
        st = io_error(path, "read", errno, diags);
        goto out;
    }
    if (S_ISDIR(sb.st_mode)) {
        st = io_error(path, "read", EISDIR, diags);
        goto out;
    }
    /* Read in chunks: the size of pipes and special files is not known. */
    size_t len = 0, cap = S_ISREG(sb.st_mode) && sb.st_size > 0 ? (size_t)sb.st_size + 1 : 65536;
    data = malloc(cap);
    if (!data) {
        st = AZ_ERR_NOMEM;
        goto out;
    }
    for (;;) {
        if (len == cap) {
            if (cap > opts->max_bytes) {
                st = too_big(path, len, opts, diags);
                goto out;
            }
            char *grown = realloc(data, cap * 2);
            if (!grown) {
                st = AZ_ERR_NOMEM;
                goto out;
            }
            data = grown;
            cap *= 2;
        }
        size_t got = fread(data + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        st = io_error(path, "read", errno ? errno : EIO, diags);
        goto out;
    }
    if (len > opts->max_bytes) {
        st = too_big(path, len, opts, diags);
        goto out;
    }
    az_doc *doc = calloc(1, sizeof *doc);
    if (!doc || !(doc->name = strdup(path))) {
        free(doc);
        st = AZ_ERR_NOMEM;
        goto out;
    }
    /* The document adopts the buffer; it needs one byte for the NUL. */
    if (len == cap) {
        char *grown = realloc(data, cap + 1);
        if (!grown) {
            az_doc_free(doc);
            st = AZ_ERR_NOMEM;
            goto out;
        }
        data = grown;
    }
    data[len] = '\0';
    doc->text = data;
    doc->len = len;
    data = NULL;
    st = doc_parse(doc, opts, diags, out);
out:
    free(data);
    if (f)
        fclose(f);
    return st;
}

/* Releases a document; see core.h. */
void az_doc_free(az_doc *doc)
{
    if (!doc)
        return;
    json_object_put(doc->root);
    while (doc->strings) {
        az__str_block *next = doc->strings->next;
        free(doc->strings);
        doc->strings = next;
    }
    while (doc->blocks) {
        az__rec_block *next = doc->blocks->next;
        free(doc->blocks);
        doc->blocks = next;
    }
    for (size_t i = 0; i < doc->n_places; i++)
        free(doc->places[i].key);
    free(doc->places);
    free(doc->line_starts);
    free(doc->text);
    free(doc->name);
    free(doc);
}

json_object *az_doc_root(const az_doc *doc)
{
    return doc->root;
}

const char *az_doc_name(const az_doc *doc)
{
    return doc->name;
}

az_format az_doc_format(const az_doc *doc)
{
    return doc->format;
}

/* Attaches a position record to a node; see core_internal.h. */
az__node_rec *az__doc_attach(az_doc *doc, json_object *node, uint32_t line, uint32_t column)
{
    az__rec_block *b = doc->blocks;
    if (!b || b->used == b->cap) {
        size_t cap = !b ? REC_BLOCK_FIRST : b->cap < REC_BLOCK_MAX ? 2 * b->cap : b->cap;
        b = malloc(sizeof *b + cap * sizeof(az__node_rec));
        if (!b)
            return NULL;
        b->next = doc->blocks;
        b->used = 0;
        b->cap = cap;
        doc->blocks = b;
    }
    az__node_rec *rec = &b->recs[b->used++];
    clamp_pos(doc, &line, &column);
    rec->line = line;
    rec->column = column;
    rec->key_line = 0;
    rec->key_column = 0;
    rec->shared = false;
    /* A double also gets the shortest round-trip text (core_number.c). */
    if (json_object_get_type(node) == json_type_double)
        json_object_set_serializer(node, az__double_to_json, rec, NULL);
    else
        json_object_set_userdata(node, rec, NULL);
    return rec;
}

/* Copies a key into the string arena; see core_internal.h. */
const char *az__doc_key(az_doc *doc, const char *s, size_t len)
{
    const char *nul = memchr(s, '\0', len);
    if (nul)
        len = (size_t)(nul - s);
    az__str_block *b = doc->strings;
    if (!b || b->size - b->used < len + 1) {
        size_t next = !b ? STR_BLOCK_FIRST : b->size < STR_BLOCK_MAX ? 2 * b->size : b->size;
        bool alone = len + 1 > next / 4;
        size_t size = alone ? len + 1 : next;
        b = malloc(sizeof *b + size);
        if (!b)
            return NULL;
        b->used = 0;
        b->size = size;
        /* A key too big to share a block goes behind the current one. */
        if (alone && doc->strings) {
            b->next = doc->strings->next;
            doc->strings->next = b;
        } else {
            b->next = doc->strings;
            doc->strings = b;
        }
    }
    char *copy = b->data + b->used;
    memcpy(copy, s, len);
    copy[len] = '\0';
    b->used += len + 1;
    return copy;
}

/*
 * Returns the record of a node of this document, or NULL. The userdata is
 * trusted only when it points into this document's arena: nodes from
 * elsewhere (json-c's own parser keeps strings there) are never misread.
 */
az__node_rec *az__doc_rec(const az_doc *doc, const json_object *node)
{
    if (!node)
        return NULL;
    /* json-c's getter takes a non-const pointer but does not modify. */
    const az__node_rec *rec = json_object_get_userdata((json_object *)(uintptr_t)node);
    if (!rec)
        return NULL;
    for (az__rec_block *b = doc->blocks; b; b = b->next) {
        uintptr_t first = (uintptr_t)b->recs, at = (uintptr_t)rec;
        if (at >= first && at < first + b->used * sizeof(az__node_rec))
            return &b->recs[(at - first) / sizeof(az__node_rec)];
    }
    return NULL;
}

/* Records the position of a null member or item; see core_internal.h. */
az_status az__doc_add_place(az_doc *doc, json_object *parent, const char *key, size_t key_len,
                            size_t index, uint32_t line, uint32_t column, uint32_t key_line,
                            uint32_t key_column)
{
    if (doc->n_places == doc->cap_places) {
        size_t cap = doc->cap_places ? doc->cap_places * 2 : 16;
        az__place_rec *grown = realloc(doc->places, cap * sizeof *grown);
        if (!grown)
            return AZ_ERR_NOMEM;
        doc->places = grown;
        doc->cap_places = cap;
    }
    az__place_rec *nr = &doc->places[doc->n_places];
    nr->key = NULL;
    if (key) {
        nr->key = malloc(key_len + 1);
        if (!nr->key)
            return AZ_ERR_NOMEM;
        memcpy(nr->key, key, key_len);
        nr->key[key_len] = '\0';
    }
    clamp_pos(doc, &line, &column);
    clamp_pos(doc, &key_line, &key_column);
    nr->parent = parent;
    nr->index = index;
    nr->line = line;
    nr->column = column;
    nr->key_line = key_line;
    nr->key_column = key_column;
    doc->n_places++;
    return AZ_OK;
}

/* Finds the null record of a member or item; see core_internal.h. */
const az__place_rec *az__doc_find_place(const az_doc *doc, const json_object *parent,
                                        const char *key, size_t index)
{
    for (size_t i = 0; i < doc->n_places; i++) {
        const az__place_rec *nr = &doc->places[i];
        if (nr->parent != parent)
            continue;
        if (key ? nr->key && strcmp(nr->key, key) == 0 : !nr->key && nr->index == index)
            return nr;
    }
    return NULL;
}

/* Finds the 0-based line holding a byte offset by binary search. */
static size_t line_of_offset(const az_doc *doc, size_t offset)
{
    size_t lo = 0, hi = doc->n_lines;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (doc->line_starts[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Converts a byte offset to a line and column; see core_internal.h. */
void az__doc_offset_pos(az_doc *doc, size_t offset, uint32_t *line, uint32_t *column)
{
    if (offset > doc->len)
        offset = doc->len;
    size_t l = line_of_offset(doc, offset);
    size_t start = doc->line_starts[l];
    if (offset < start) /* inside the byte order mark */
        offset = start;
    *line = (uint32_t)(l + 1);
    *column = (uint32_t)(az_utf8_length(doc->text + start, offset - start) + 1);
}

/* Returns the text of a source line; see core.h. */
const char *az_doc_line_text(const az_doc *doc, uint32_t line, size_t *len)
{
    if (line == 0 || line > doc->n_lines)
        return NULL;
    size_t start = doc->line_starts[line - 1];
    size_t end = doc->len;
    if (line < doc->n_lines) {
        /* Drop the break that ends the line, whichever it is. */
        end = doc->line_starts[line];
        for (size_t b = 3; b >= 1; b--) {
            if (b > end - start)
                continue;
            if (line_break_at(doc->text + end - b, doc->text + end, true) == b) {
                end -= b;
                break;
            }
        }
    }
    if (len)
        *len = end - start;
    return doc->text + start;
}

/*
 * Keeps a recorded position inside the document: libyaml places the empty
 * value of a key at the very end of an unterminated last line on a line
 * that does not exist; such a position moves to the end of the last line.
 */
static void clamp_pos(const az_doc *doc, uint32_t *line, uint32_t *column)
{
    if (*line <= doc->n_lines)
        return;
    size_t len;
    const char *text = az_doc_line_text(doc, (uint32_t)doc->n_lines, &len);
    *line = (uint32_t)doc->n_lines;
    *column = (uint32_t)(az_utf8_length(text, len) + 1);
}

/* Fills an az_pos from a record field pair. */
static bool make_pos(const az_doc *doc, uint32_t line, uint32_t column, az_pos *out)
{
    if (line == 0)
        return false;
    if (out) {
        out->file = doc->name;
        out->line = line;
        out->column = column;
    }
    return true;
}

/* Position of a node; see core.h. */
bool az_doc_node_pos(const az_doc *doc, const json_object *node, az_pos *out)
{
    const az__node_rec *rec = az__doc_rec(doc, node);
    return rec && make_pos(doc, rec->line, rec->column, out);
}

/* Position of the key a node was placed under; see core.h. */
bool az_doc_key_pos(const az_doc *doc, const json_object *node, az_pos *out)
{
    const az__node_rec *rec = az__doc_rec(doc, node);
    return rec && make_pos(doc, rec->key_line, rec->key_column, out);
}

/*
 * Appends a diagnostic at `p` (its file already filled in) and quotes the
 * document's source line for it.
 */
static az_diag *add_at(const az_doc *doc, az_diags *diags, az_severity severity, const char *code,
                       const az_pos *p, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 0)))
#endif
    ;
static az_diag *add_at(const az_doc *doc, az_diags *diags, az_severity severity, const char *code,
                       const az_pos *p, const char *fmt, va_list ap)
{
    az_diag *d = az_diags_addv(diags, severity, code, p, fmt, ap);
    if (d && p->line) {
        size_t len;
        const char *text = az_doc_line_text(doc, p->line, &len);
        if (text)
            az_diag_set_source_line(d, text, len);
    }
    return d;
}

/* Appends a diagnostic quoting the document's source line; see core.h. */
az_diag *az_doc_diag(const az_doc *doc, az_diags *diags, az_severity severity, const char *code,
                     const az_pos *pos, const char *fmt, ...)
{
    if (!diags)
        return NULL;
    az_pos p = {doc->name, 0, 0};
    if (pos) {
        p = *pos;
        if (!p.file)
            p.file = doc->name;
    }
    va_list ap;
    va_start(ap, fmt);
    az_diag *d = add_at(doc, diags, severity, code, &p, fmt, ap);
    va_end(ap);
    return d;
}

/* Appends a diagnostic at a node, from a va_list; see core.h. */
az_diag *az_doc_node_diagv(const az_doc *doc, az_diags *diags, az_severity severity,
                           const char *code, const json_object *node, const char *fmt, va_list ap)
{
    if (!diags)
        return NULL;
    az_pos p = {doc->name, 0, 0};
    if (node)
        az_doc_node_pos(doc, node, &p);
    az_diag *d = add_at(doc, diags, severity, code, &p, fmt, ap);
    if (d && p.line && json_object_is_type(node, json_type_string))
        d->span =
            az_doc_scalar_span(doc, p.line, p.column, json_object_get_string((json_object *)node));
    return d;
}

/* The columns a scalar spans in its source line; see core.h. */
uint32_t az_doc_scalar_span(const az_doc *doc, uint32_t line_no, uint32_t column, const char *text)
{
    size_t len = 0;
    const char *line = az_doc_line_text(doc, line_no, &len);
    if (!line || !text)
        return 0;
    size_t off = az_utf8_column_offset(line, len, column), n = strlen(text);
    size_t q = off < len && (line[off] == '"' || line[off] == '\'') ? 1 : 0;
    if (off + q + n + q > len || memcmp(line + off + q, text, n) != 0)
        return 0;
    if (q && line[off + q + n] != line[off])
        return 0;
    return (uint32_t)az_utf8_length(text, n) + 2 * (uint32_t)q;
}

/* Appends a diagnostic at a node of the document; see core.h. */
az_diag *az_doc_node_diag(const az_doc *doc, az_diags *diags, az_severity severity,
                          const char *code, const json_object *node, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    az_diag *d = az_doc_node_diagv(doc, diags, severity, code, node, fmt, ap);
    va_end(ap);
    return d;
}
