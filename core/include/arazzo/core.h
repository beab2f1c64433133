/* SPDX-License-Identifier: Apache-2.0 */
/*
 * arazzo/core.h - the shared base of every arazzo module: status codes,
 * source positions, diagnostics, JSON Pointer, JSON value equality and
 * member lookups, text helpers (percent-decoding, UTF-8) and the YAML/JSON
 * document loader.
 *
 * Ownership, once for the whole header: what a function named _new or _load
 * returns belongs to the caller and is released with the matching _free
 * (every _free accepts NULL); every other pointer handed out is borrowed from
 * the object it came from and lives as long as that object.
 */
#ifndef ARAZZO_CORE_H
#define ARAZZO_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <json-c/json.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AZ_VERSION_MAJOR  0
#define AZ_VERSION_MINOR  1
#define AZ_VERSION_PATCH  0
#define AZ_VERSION_STRING "0.1.0"

/* Returns the library's version string, "X.Y.Z". */
const char *az_version(void);

/* ------------------------------------------------------------------------ */
/* Status codes                                                              */
/* ------------------------------------------------------------------------ */

/*
 * Every fallible function returns one of these; AZ_OK is zero and every
 * failure is negative. Details of a failure go to an az_diags list when the
 * caller passes one.
 */
typedef enum az_status {
    AZ_OK = 0,
    AZ_ERR_NOMEM = -1,    /* out of memory */
    AZ_ERR_IO = -2,       /* a file or stream could not be read or written */
    AZ_ERR_SYNTAX = -3,   /* the input is not well-formed YAML or JSON */
    AZ_ERR_LIMIT = -4,    /* a configured limit (depth, size, aliases) was hit */
    AZ_ERR_INVALID = -5,  /* an argument or a document is semantically invalid */
    AZ_ERR_NOT_FOUND = -6 /* a looked-up item (pointer, file) does not exist */
} az_status;

/* Returns the constant's name, e.g. "AZ_ERR_SYNTAX". */
const char *az_status_name(az_status status);
/* Returns a lowercase human description, e.g. "syntax error". */
const char *az_status_str(az_status status);

/* ------------------------------------------------------------------------ */
/* Positions                                                                 */
/* ------------------------------------------------------------------------ */

/*
 * A place in a source file. Lines and columns are 1-based; columns count
 * Unicode code points (a tab is one column). Zero means "unknown". The file
 * name is borrowed from the document (or diagnostic) it came from.
 */
typedef struct az_pos {
    const char *file;
    uint32_t line;
    uint32_t column;
} az_pos;

/* ------------------------------------------------------------------------ */
/* Diagnostics                                                               */
/* ------------------------------------------------------------------------ */

typedef enum az_severity {
    AZ_SEVERITY_ERROR = 0,
    AZ_SEVERITY_WARNING = 1,
    AZ_SEVERITY_NOTE = 2
} az_severity;

/* Returns "error", "warning" or "note". */
const char *az_severity_name(az_severity severity);

/*
 * One problem found in a document or a run. Every string is owned by the
 * diagnostic (and so by the az_diags list holding it); NULL when absent.
 * `code` is stable across releases (for example "yaml-duplicate-key") so
 * tests and tools can match on it. `span` is the number of columns to
 * underline (0 or 1 means a single caret). `source_line` is a copy of the
 * text of `line`, without its line break, used for rendering.
 */
typedef struct az_diag {
    az_severity severity;
    char *code;
    char *message;
    char *file;
    uint32_t line;
    uint32_t column;
    uint32_t span;
    char *pointer;
    char *source_line;
    /* An optional second place ("first defined here"). */
    char *related_message;
    char *related_file;
    uint32_t related_line;
    uint32_t related_column;
    char *related_source_line;
} az_diag;

/* An ordered list of diagnostics. */
typedef struct az_diags az_diags;

/* Creates an empty list; NULL when out of memory. */
az_diags *az_diags_new(void);
/* Releases the list and every diagnostic in it. */
void az_diags_free(az_diags *diags);

/*
 * Appends a diagnostic and returns it (borrowed; valid until the list is
 * freed) so the caller can add a pointer, span, source line or related
 * position. `pos` may be NULL (no position) and `pos->file` may be NULL.
 * Returns NULL when out of memory. The message is printf-formatted.
 */
az_diag *az_diags_add(az_diags *diags, az_severity severity, const char *code, const az_pos *pos,
                      const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
/* The va_list form of az_diags_add. */
az_diag *az_diags_addv(az_diags *diags, az_severity severity, const char *code, const az_pos *pos,
                       const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 0)))
#endif
    ;

/*
 * Appends a copy of `diag` (from any list) with severity `severity` and
 * returns it; NULL when out of memory.
 */
az_diag *az_diags_add_copy(az_diags *diags, const az_diag *diag, az_severity severity);

/*
 * Puts the diagnostics from index `from` on in source order: grouped by
 * file in the order the files first appear there, then by line and column;
 * diagnostics at the same place keep their order (a stable sort).
 */
void az_diags_sort(az_diags *diags, size_t from);

/*
 * Names `file` as the file of every diagnostic from index `from` on that has
 * none (for example "<jsonpath>" for errors in a query given on a command
 * line). Returns AZ_OK or AZ_ERR_NOMEM.
 */
az_status az_diags_fill_file(az_diags *diags, size_t from, const char *file);

/* Setters for the optional parts; each copies its strings. */
az_status az_diag_set_pointer(az_diag *diag, const char *pointer);
az_status az_diag_set_source_line(az_diag *diag, const char *text, size_t len);
az_status az_diag_set_related(az_diag *diag, const az_pos *pos, const char *message,
                              const char *source_line, size_t source_line_len);

size_t az_diags_count(const az_diags *diags);
/* Returns the i-th diagnostic (borrowed), or NULL past the end. */
const az_diag *az_diags_get(const az_diags *diags, size_t i);
/* Counts the diagnostics of one severity. */
size_t az_diags_count_severity(const az_diags *diags, az_severity severity);

/*
 * Prints `len` bytes of text that came from a document, control characters
 * (tab excepted) shown as '?', so no document can send escape sequences to
 * a terminal.
 */
void az_put_sanitized(FILE *out, const char *s, size_t len);

/* Rendering options. */
typedef struct az_render_opts {
    bool color; /* ANSI colours (see az_color_wanted) */
} az_render_opts;

/*
 * Tells whether colour should be used on `stream`: true when it is a terminal
 * and the NO_COLOR environment variable is unset or empty.
 */
bool az_color_wanted(FILE *stream);

/*
 * Renders one diagnostic compiler-style:
 *
 *   file:12:5: error: duplicate mapping key 'name' [yaml-duplicate-key]
 *      12 |     name: again
 *         |     ^~~~
 *         = at /info/name
 *   file:10:5: note: first defined here
 *      10 |     name: first
 *         |     ^
 *
 * Parts that are unknown are left out (no position: "arazzo: error: ...").
 */
void az_diag_render_text(const az_diag *diag, FILE *out, const az_render_opts *opts);
/* Renders every diagnostic of the list in order. */
void az_diags_render_text(const az_diags *diags, FILE *out, const az_render_opts *opts);

/*
 * Returns a new json-c reference: an array of objects with the members
 * severity, code, message, file, line, column, pointer and, when present,
 * related {message, file, line, column}. Absent parts are omitted.
 */
json_object *az_diags_to_json(const az_diags *diags);

/* ------------------------------------------------------------------------ */
/* Growable strings                                                          */
/* ------------------------------------------------------------------------ */

/*
 * A growable byte string, kept NUL-terminated; start from {0}. After an
 * allocation failure `failed` is set and further appends do nothing.
 */
typedef struct az_buf {
    char *data;
    size_t len;
    size_t cap;
    bool failed;
} az_buf;

/* Appends `len` bytes (which may include NUL). */
void az_buf_add(az_buf *b, const char *s, size_t len);
/* Appends a NUL-terminated string. */
void az_buf_puts(az_buf *b, const char *s);
/*
 * Appends one JSON Pointer reference token with RFC 6901 escaping ('~' as
 * "~0", '/' as "~1"); the caller adds the '/' before it.
 */
void az_buf_add_token(az_buf *b, const char *token, size_t len);
/*
 * Returns the buffer's string (the caller's to free; "" when empty) and
 * resets the buffer, or NULL (the buffer released) when an append failed.
 */
char *az_buf_take(az_buf *b);

/* ------------------------------------------------------------------------ */
/* Numbers                                                                   */
/* ------------------------------------------------------------------------ */

/* A buffer this large holds any az_format_double text and its NUL. */
#define AZ_DOUBLE_TEXT_MAX 40

/*
 * Writes the shortest decimal text that reads back as `d` ("8.95", "1e-07",
 * "2.0": always with a fraction or an exponent; NaN and infinities as
 * "NaN", "Infinity", "-Infinity") into `buf` and returns its length, like
 * snprintf. The decimal point is '.' whatever the locale. The doubles of
 * loaded documents serialize this way through json-c.
 */
size_t az_format_double(double d, char *buf, size_t size);

/* ------------------------------------------------------------------------ */
/* JSON Pointer (RFC 6901) over json-c trees                                 */
/* ------------------------------------------------------------------------ */

/*
 * Resolves `pointer` ("" is the whole document, "/a/0/b~1c" descends) in
 * `root`. On success stores the node (borrowed; NULL for a JSON null) in
 * *out and returns AZ_OK; AZ_ERR_NOT_FOUND when a member or index is missing;
 * AZ_ERR_INVALID when the pointer is malformed (does not start with '/', or
 * has a '~' not followed by '0' or '1').
 */
az_status az_pointer_get(json_object *root, const char *pointer, json_object **out);

/*
 * Appends the escaped form of one reference token (~ -> ~0, / -> ~1) to the
 * NUL-terminated buffer; returns a new malloc'd string "<prefix>/<token>"
 * or NULL when out of memory.
 */
char *az_pointer_append(const char *prefix, const char *token, size_t token_len);

/* ------------------------------------------------------------------------ */
/* JSON values                                                               */
/* ------------------------------------------------------------------------ */

/* Deepest nesting below the compared values that az_json_equal looks at. */
#define AZ_JSON_EQUAL_MAX_DEPTH 1000u

/*
 * Tells whether two JSON values (NULL is a JSON null) are equal: null,
 * booleans and strings by value, numbers by their exact mathematical value
 * whatever their json-c type (1 equals 1.0, -0.0 equals 0, an int64 or
 * uint64 beyond 2^53 equals only a double of exactly that value, NaN equals
 * nothing, not even itself), arrays element by element, objects by the same
 * member names with equal values in any order. Values nested more than
 * AZ_JSON_EQUAL_MAX_DEPTH levels below `a` and `b` compare unequal.
 */
bool az_json_equal(json_object *a, json_object *b);

/*
 * Like az_json_equal, with the nesting limit `max_depth` (0: only `a` and
 * `b` themselves, no members or elements). Stores the answer in *equal and
 * returns AZ_OK, or AZ_ERR_LIMIT (and false in *equal) when the comparison
 * had to look deeper than `max_depth`.
 */
az_status az_json_equal_limited(json_object *a, json_object *b, unsigned max_depth, bool *equal);

/*
 * Member `key` of an object node (borrowed), or NULL when `obj` is not an
 * object (NULL included), has no such member, or the member is a JSON null.
 */
json_object *az_json_get(json_object *obj, const char *key);

/*
 * The string member `key` of an object node (borrowed from the node), or
 * NULL when there is no such member or it is not a string.
 */
const char *az_json_get_string(json_object *obj, const char *key);

/*
 * The boolean member `key` of an object node, or `def` when there is no
 * such member or it is not a boolean.
 */
bool az_json_get_bool(json_object *obj, const char *key, bool def);

/* ------------------------------------------------------------------------ */
/* Text: percent-encoding (RFC 3986 section 2.1) and UTF-8                   */
/* ------------------------------------------------------------------------ */

/* Returns the value (0-15) of a hexadecimal digit of either case, or -1. */
int az_hex_digit(char c);

/*
 * Percent-decodes `len` bytes of `s` into a new NUL-terminated string (the
 * caller's to free): each "%" followed by two hex digits becomes that byte;
 * a '%' not followed by two hex digits stays as it is. Stores the decoded
 * length in *out_len when it is not NULL (the string may hold NUL bytes,
 * from "%00"). NULL when out of memory.
 */
char *az_percent_decode(const char *s, size_t len, size_t *out_len);

/*
 * Counts the code points of `len` bytes of UTF-8 (the bytes that are not
 * continuation bytes; the text is not validated).
 */
size_t az_utf8_length(const char *s, size_t len);

/* The byte offset of a 1-based code-point column in `len` bytes of UTF-8
 * (len when the column is past the end). */
size_t az_utf8_column_offset(const char *s, size_t len, uint32_t column);

/*
 * printf into a new malloc'd string (NULL when out of memory or the format
 * fails). az_vformat leaves `ap` usable by the caller only as vsnprintf
 * would: it is consumed.
 */
char *az_strdupf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
char *az_vstrdupf(const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 0)))
#endif
    ;

/*
 * Levenshtein distance of two strings (bytes), for "did you mean" hints;
 * 99 when either is 64 bytes or longer.
 */
size_t az_edit_distance(const char *a, const char *b);

/* ------------------------------------------------------------------------ */
/* Documents: YAML 1.2 and JSON with positions                               */
/* ------------------------------------------------------------------------ */

typedef enum az_format {
    AZ_FORMAT_AUTO = 0, /* by file extension: .json is JSON, all else YAML */
    AZ_FORMAT_YAML = 1,
    AZ_FORMAT_JSON = 2
} az_format;

/* Default limits; see docs/loader.md. */
#define AZ_DEFAULT_MAX_DEPTH       512u
#define AZ_DEFAULT_MAX_ALIAS_NODES 1000000u
#define AZ_DEFAULT_MAX_BYTES       ((size_t)1 << 30)

typedef struct az_load_opts {
    az_format format;
    /* Deepest nesting of sequences/mappings accepted (the root is depth 1). */
    unsigned max_depth;
    /* Most nodes that aliases (and merge keys) may add to the document. */
    size_t max_alias_nodes;
    /* Largest input accepted, in bytes. */
    size_t max_bytes;
} az_load_opts;

/* Fills `opts` with the defaults above and AZ_FORMAT_AUTO. */
void az_load_opts_init(az_load_opts *opts);

/*
 * A loaded document: a json-c tree plus the position of every node.
 * The tree is owned by the document and is read-only: nodes reached through
 * YAML aliases are shared between their places in the tree.
 */
typedef struct az_doc az_doc;

/*
 * Loads a file. `opts` may be NULL for the defaults. Problems are appended
 * to `diags` (may be NULL) with file, line and column. Returns AZ_OK and the
 * document in *out, or a failure status with *out set to NULL:
 * AZ_ERR_IO (cannot read), AZ_ERR_SYNTAX (malformed input, duplicate keys,
 * unknown tags, invalid UTF-8), AZ_ERR_LIMIT (depth, alias or size limit),
 * AZ_ERR_NOMEM.
 */
az_status az_doc_load_file(const char *path, const az_load_opts *opts, az_diags *diags,
                           az_doc **out);

/*
 * Loads from memory. `name` is the file name used in positions and
 * diagnostics (and, with AZ_FORMAT_AUTO, to pick the format). The buffer is
 * copied. Same results as az_doc_load_file.
 */
az_status az_doc_load_buffer(const char *name, const char *data, size_t len,
                             const az_load_opts *opts, az_diags *diags, az_doc **out);

/* Releases the document, its tree and its positions. */
void az_doc_free(az_doc *doc);

/* The root node (borrowed; NULL for an empty document or a null root). */
json_object *az_doc_root(const az_doc *doc);
/* The name given at load time (borrowed). */
const char *az_doc_name(const az_doc *doc);
/* The format actually parsed (AZ_FORMAT_YAML or AZ_FORMAT_JSON). */
az_format az_doc_format(const az_doc *doc);

/*
 * Position of a node of this document's tree (its first character; for a
 * block scalar its indicator). Returns false when the node is NULL (JSON
 * null: use az_doc_pointer_pos) or not from this document.
 */
bool az_doc_node_pos(const az_doc *doc, const json_object *node, az_pos *out);

/*
 * Position of the mapping key under which `node` was first placed. Returns
 * false for the root, for sequence items and for nodes of other documents.
 */
bool az_doc_key_pos(const az_doc *doc, const json_object *node, az_pos *out);

/*
 * Position of the node named by a JSON Pointer, null values included, and
 * (if key_pos is not NULL and the last step is a mapping member) of its
 * key; *key_pos is zeroed otherwise. Either output may be NULL. Returns
 * AZ_OK, AZ_ERR_NOT_FOUND or AZ_ERR_INVALID (malformed pointer).
 */
az_status az_doc_pointer_pos(const az_doc *doc, const char *pointer, az_pos *value_pos,
                             az_pos *key_pos);

/*
 * The text of a 1-based source line, without its line break, borrowed from
 * the document; NULL past the end. *len receives its length in bytes.
 */
const char *az_doc_line_text(const az_doc *doc, uint32_t line, size_t *len);

/*
 * Appends a diagnostic located at `pos` (usually from az_doc_node_pos) and
 * fills in the document's source line for it; returns it as az_diags_add.
 */
az_diag *az_doc_diag(const az_doc *doc, az_diags *diags, az_severity severity, const char *code,
                     const az_pos *pos, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/*
 * How many columns the scalar `text` spans at line:column of the document
 * (its quotes included), or 0 when the source line does not hold it
 * verbatim there (escapes, a block scalar, a flow written otherwise).
 */
uint32_t az_doc_scalar_span(const az_doc *doc, uint32_t line, uint32_t column, const char *text);

/*
 * Appends a diagnostic at a node of the document: at the node's position,
 * or at line 0 of the document when `node` is NULL or not from it. Fills in
 * the source line as az_doc_diag, and a string node written verbatim is
 * underlined whole (az_doc_scalar_span); returns the diagnostic as
 * az_diags_add (NULL when `diags` is NULL).
 */
az_diag *az_doc_node_diag(const az_doc *doc, az_diags *diags, az_severity severity,
                          const char *code, const json_object *node, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* Like az_doc_node_diag, with the arguments as a va_list. */
az_diag *az_doc_node_diagv(const az_doc *doc, az_diags *diags, az_severity severity,
                           const char *code, const json_object *node, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 0)))
#endif
    ;

#ifdef __cplusplus
}
#endif

#endif /* ARAZZO_CORE_H */
