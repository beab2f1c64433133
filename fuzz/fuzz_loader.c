/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_loader.c - the libFuzzer target of the document loader. Every input
 * is loaded twice through the public API, once as YAML and once as JSON
 * (az_doc_load_buffer with a small alias budget and the default depth and
 * size limits). The diagnostics are rendered as text to /dev/null, plain and
 * in colour, and converted with az_diags_to_json, so the renderer and the
 * JSON conversion are fuzzed as well. When a document loads, a bounded
 * breadth-first walk visits its first nodes and asks for their positions
 * (az_doc_node_pos, az_doc_key_pos, az_doc_pointer_pos, az_pointer_get,
 * az_doc_line_text) and renders a diagnostic quoting each node's line.
 *
 * Besides the sanitizers' findings, the target aborts on a broken contract
 * of core.h: a status and an output that disagree, a failure to load with
 * no error diagnostic, a node of the tree without a position or a position
 * outside the input, a pointer built from the tree that does not resolve.
 * Setting FUZZ_LOADER_NO_CONTRACTS=1 in the environment turns these checks
 * off (to keep fuzzing for memory errors past a known contract bug).
 */
#include <arazzo/core.h>

#include <json-c/json.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The alias budget: small, so that alias bombs stop early. */
#define FUZZ_MAX_ALIAS_NODES 10000u
/* The most nodes the walk visits in one document. */
#define WALK_MAX_NODES 256

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What one load needs: the input, the document and the place output goes. */
typedef struct fuzz_ctx {
    const char *data;
    size_t size;
    size_t n_lines; /* lines in the input, counting a final unterminated one */
    az_format format;
    az_doc *doc;
    az_diags *diags;
    FILE *sink;     /* /dev/null, or NULL when it could not be opened */
    bool contracts; /* abort when a contract of core.h is broken */
} fuzz_ctx;

/* Reports a broken contract with the input's format and aborts (if checked). */
static void broken(const fuzz_ctx *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void broken(const fuzz_ctx *c, const char *fmt, ...)
{
    va_list ap;
    if (!c->contracts)
        return;
    va_start(ap, fmt);
    fprintf(stderr, "fuzz_loader: contract broken while loading as %s: ",
            c->format == AZ_FORMAT_YAML ? "YAML" : "JSON");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

/*
 * Counts the input's lines the way positions count them (docs/loader.md):
 * LF, CRLF and CR; in YAML also U+0085, U+2028 and U+2029, as libyaml does.
 */
static size_t count_lines(const char *text, size_t n, bool yaml)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t lines = 1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n')))
            lines++;
        else if (yaml && s[i] == 0xC2 && i + 1 < n && s[i + 1] == 0x85)
            lines++;
        else if (yaml && s[i] == 0xE2 && i + 2 < n && s[i + 1] == 0x80 &&
                 (s[i + 2] == 0xA8 || s[i + 2] == 0xA9))
            lines++;
    }
    return lines;
}

/* Checks that a position names a line of the input. */
static void check_pos(const fuzz_ctx *c, const az_pos *pos, const char *what, const char *ptr)
{
    if (pos->line == 0 || pos->line > c->n_lines || pos->column == 0)
        broken(c, "%s of '%s' is at %u:%u, outside the %zu-line input", what, ptr, pos->line,
               pos->column, c->n_lines);
}

/* Renders the diagnostics as text (plain, then each in colour) and as JSON. */
static void render_diags(const fuzz_ctx *c)
{
    fuzz_render(c->sink, c->diags);
    json_object *j = az_diags_to_json(c->diags);
    if (j) {
        const char *text = json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN);
        if (!text)
            broken(c, "az_diags_to_json gave an unprintable tree");
        json_object_put(j);
    }
}

/* Checks that every diagnostic has a code and a message. */
static void check_diags(const fuzz_ctx *c)
{
    for (size_t i = 0; i < az_diags_count(c->diags); i++) {
        const az_diag *d = az_diags_get(c->diags, i);
        if (!d || !d->code || !d->message)
            broken(c, "diagnostic %zu has no code or no message", i);
        if (d->line > c->n_lines + 1)
            broken(c, "diagnostic [%s] is at line %u of a %zu-line input", d->code, d->line,
                   c->n_lines);
    }
}

/* One place the walk has reached: a node (NULL for JSON null) and its pointer. */
typedef struct walk_item {
    json_object *node;
    char *pointer;
    bool has_key; /* the last step of the pointer is a mapping member */
} walk_item;

/* Asks for every position of one reached node and checks the answers. */
static void visit(fuzz_ctx *c, const walk_item *it)
{
    az_pos pos = {NULL, 0, 0}, vpos = {NULL, 0, 0}, kpos = {NULL, 0, 0};
    json_object *found = NULL;

    az_status st = az_pointer_get(az_doc_root(c->doc), it->pointer, &found);
    if (st != AZ_OK || found != it->node)
        broken(c, "az_pointer_get('%s') gave %s and another node", it->pointer, az_status_name(st));

    st = az_doc_pointer_pos(c->doc, it->pointer, &vpos, &kpos);
    if (st != AZ_OK)
        broken(c, "az_doc_pointer_pos('%s') gave %s", it->pointer, az_status_name(st));
    check_pos(c, &vpos, "value position", it->pointer);
    if (it->has_key)
        check_pos(c, &kpos, "key position", it->pointer);

    if (it->node) {
        if (!az_doc_node_pos(c->doc, it->node, &pos))
            broken(c, "az_doc_node_pos has no position for '%s'", it->pointer);
        check_pos(c, &pos, "node position", it->pointer);
        if (az_doc_key_pos(c->doc, it->node, &kpos))
            check_pos(c, &kpos, "key position", it->pointer);
    } else {
        pos = vpos;
    }

    size_t len = 0;
    const char *line = az_doc_line_text(c->doc, pos.line, &len);
    if (!line)
        broken(c, "no text for line %u of '%s'", pos.line, it->pointer);
    az_diag *d = az_doc_diag(c->doc, c->diags, AZ_SEVERITY_NOTE, "fuzz-note", &pos, "node at '%s'",
                             it->pointer);
    if (d) {
        az_diag_set_pointer(d, it->pointer);
        d->span = (uint32_t)(len % 7);
        if (it->has_key && line)
            az_diag_set_related(d, &kpos, "its key", line, len);
    }
}

/*
 * Visits the document breadth-first, at most WALK_MAX_NODES nodes, then
 * renders the notes the visits added.
 */
static void walk(fuzz_ctx *c)
{
    walk_item queue[WALK_MAX_NODES];
    size_t head = 0, tail = 0;

    /* An empty document or a null root has no node to start from. */
    if (az_doc_root(c->doc)) {
        queue[tail] = (walk_item){az_doc_root(c->doc), strdup(""), false};
        if (queue[tail].pointer)
            tail++;
    }
    while (head < tail) {
        walk_item it = queue[head++];
        visit(c, &it);
        json_object *n = it.node;
        if (json_object_is_type(n, json_type_object)) {
            json_object_object_foreach(n, key, member)
            {
                if (tail == WALK_MAX_NODES)
                    break;
                char *p = az_pointer_append(it.pointer, key, strlen(key));
                if (!p)
                    break;
                queue[tail++] = (walk_item){member, p, true};
            }
        } else if (json_object_is_type(n, json_type_array)) {
            size_t len = json_object_array_length(n);
            for (size_t i = 0; i < len && tail < WALK_MAX_NODES; i++) {
                char index[32];
                int k = snprintf(index, sizeof index, "%zu", i);
                char *p = az_pointer_append(it.pointer, index, (size_t)k);
                if (!p)
                    break;
                queue[tail++] = (walk_item){json_object_array_get_idx(n, i), p, false};
            }
        }
    }
    for (size_t i = 0; i < tail; i++)
        free(queue[i].pointer);

    /* Malformed and missing pointers must fail cleanly. */
    static const char *const bad[] = {"a", "/~", "/~2", "/\xff", "/0/-/x", "/-"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        az_pos vpos, kpos;
        az_status st = az_doc_pointer_pos(c->doc, bad[i], &vpos, &kpos);
        if (st != AZ_OK && st != AZ_ERR_NOT_FOUND && st != AZ_ERR_INVALID)
            broken(c, "az_doc_pointer_pos('%s') gave %s", bad[i], az_status_name(st));
    }
}

/* Loads the input in one format and exercises everything that came out. */
static void fuzz_one(const uint8_t *data, size_t size, az_format format, FILE *sink, bool contracts)
{
    fuzz_ctx c = {(const char *)data,
                  size,
                  count_lines((const char *)data, size, format == AZ_FORMAT_YAML),
                  format,
                  NULL,
                  az_diags_new(),
                  sink,
                  contracts};
    az_load_opts opts;
    if (!c.diags)
        return;
    az_load_opts_init(&opts);
    opts.format = format;
    opts.max_alias_nodes = FUZZ_MAX_ALIAS_NODES;

    const char *name = format == AZ_FORMAT_YAML ? "fuzz.yaml" : "fuzz.json";
    az_status st = az_doc_load_buffer(name, c.data, size, &opts, c.diags, &c.doc);
    if ((st == AZ_OK) != (c.doc != NULL))
        broken(&c, "status %s with %s document", az_status_name(st), c.doc ? "a" : "no");
    if ((st == AZ_ERR_SYNTAX || st == AZ_ERR_LIMIT) &&
        az_diags_count_severity(c.diags, AZ_SEVERITY_ERROR) == 0)
        broken(&c, "status %s without an error diagnostic", az_status_name(st));
    check_diags(&c);
    if (c.doc) {
        if (az_doc_format(c.doc) != format)
            broken(&c, "the document reports another format");
        walk(&c);
    }
    render_diags(&c);
    az_doc_free(c.doc);
    az_diags_free(c.diags);
}

/* The fuzzer's entry point: loads the bytes as YAML and as JSON. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *off = getenv("FUZZ_LOADER_NO_CONTRACTS");
    bool contracts = !(off && *off && strcmp(off, "0") != 0);
    FILE *sink = fopen("/dev/null", "w");
    fuzz_one(data, size, AZ_FORMAT_YAML, sink, contracts);
    fuzz_one(data, size, AZ_FORMAT_JSON, sink, contracts);
    if (sink)
        fclose(sink);
    return 0;
}
