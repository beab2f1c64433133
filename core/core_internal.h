/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core_internal.h - what the core's source files share and no other module
 * may include: the layout of az_doc and the builder calls the YAML and JSON
 * parsers use to record positions while they build a json-c tree.
 *
 * Position model: every non-null node carries, as json-c userdata, a pointer
 * to an az__node_rec in the document's record arena (its own position and
 * the position of the key it was first placed under). Two kinds of member
 * cannot be told by their node where they are, so they are recorded as
 * "places" in a side list keyed by (parent, key or index): JSON null (the
 * NULL pointer in json-c, which cannot carry userdata) and a node placed a
 * second time through a YAML alias (its record tells the first place; its
 * `shared` flag says to look for the place).
 */
#ifndef ARAZZO_CORE_INTERNAL_H
#define ARAZZO_CORE_INTERNAL_H

#include "arazzo/core.h"

typedef struct az__node_rec {
    uint32_t line, column;
    uint32_t key_line, key_column; /* 0 when not placed under a key */
    bool shared;                   /* also placed elsewhere through an alias */
} az__node_rec;

typedef struct az__place_rec {
    json_object *parent;
    char *key;    /* member name (owned), or NULL for a sequence item */
    size_t index; /* item index when key is NULL */
    uint32_t line, column;
    uint32_t key_line, key_column;
} az__place_rec;

typedef struct az__rec_block az__rec_block;
typedef struct az__str_block az__str_block;

struct az_doc {
    char *name;
    char *text; /* copy of the input, NUL-terminated */
    size_t len;
    az_format format;
    json_object *root;

    az__rec_block *blocks;  /* arena of az__node_rec, newest block first */
    az__str_block *strings; /* arena of mapping keys, newest block first */

    az__place_rec *places;
    size_t n_places, cap_places;

    size_t *line_starts; /* byte offset of each line, built on first use */
    size_t n_lines;
};

/*
 * Attaches a new position record to `node` (not NULL) and returns it, or
 * NULL when out of memory. The key position starts at 0.
 */
az__node_rec *az__doc_attach(az_doc *doc, json_object *node, uint32_t line, uint32_t column);

/*
 * Copies a mapping key (cut at its first NUL, as json-c keys are C strings)
 * into the document's string arena and returns the copy, or NULL when out of
 * memory. The parsers add members with JSON_C_OBJECT_ADD_CONSTANT_KEY and
 * these copies, which saves json-c a malloc and a free per member; the keys
 * live as long as the document, like the tree.
 */
const char *az__doc_key(az_doc *doc, const char *s, size_t len);

/* The json-c serializer az__doc_attach gives doubles (az_format_double). */
int az__double_to_json(json_object *jso, struct printbuf *pb, int level, int flags);

/* Returns the record of a node of this document, or NULL. */
az__node_rec *az__doc_rec(const az_doc *doc, const json_object *node);

/*
 * Records the place of a member (key != NULL) or item (key == NULL, at
 * index) of `parent` whose node cannot record it: a null, or a node placed
 * through an alias. (line, column) is the value's position, (key_line,
 * key_column) its key's. Returns AZ_OK or AZ_ERR_NOMEM.
 */
az_status az__doc_add_place(az_doc *doc, json_object *parent, const char *key, size_t key_len,
                            size_t index, uint32_t line, uint32_t column, uint32_t key_line,
                            uint32_t key_column);

/* Finds the place record of a member (key != NULL) or item; NULL if none. */
const az__place_rec *az__doc_find_place(const az_doc *doc, const json_object *parent,
                                        const char *key, size_t index);

/*
 * Converts a byte offset of the input into a 1-based line and column
 * (columns count code points). Used for errors that only carry an offset.
 */
void az__doc_offset_pos(az_doc *doc, size_t offset, uint32_t *line, uint32_t *column);

/*
 * The parsers. Each reads doc->text / doc->len, sets doc->root and records
 * positions; on failure appends diagnostics (codes in docs/diagnostics.md)
 * and returns AZ_ERR_SYNTAX, AZ_ERR_LIMIT or AZ_ERR_NOMEM, leaving
 * doc->root NULL.
 */
az_status az__yaml_parse(az_doc *doc, const az_load_opts *opts, az_diags *diags);
az_status az__json_parse(az_doc *doc, const az_load_opts *opts, az_diags *diags);

/*
 * Validates that [s, s+len) is well-formed UTF-8 (no overlongs, no
 * surrogates, nothing above U+10FFFF). Returns true, or false with the byte
 * offset of the first bad sequence in *bad_offset.
 */
bool az__utf8_valid(const char *s, size_t len, size_t *bad_offset);

#endif /* ARAZZO_CORE_INTERNAL_H */
