/* SPDX-License-Identifier: Apache-2.0 */
/*
 * arazzo/docset.h - the set of documents one run loads: the entry document
 * and every description it references, each loaded once by absolute URL
 * from a local file or over http(s), with its kind (OpenAPI 3.0, 3.1,
 * Swagger 2.0, Arazzo) detected. See docs/openapi.md.
 *
 * Ownership: an az_docset owns every az_source it returns and every
 * document in it; they live until az_docset_free. Strings returned through
 * `char **` out parameters are malloc'd and belong to the caller.
 */
#ifndef ARAZZO_DOCSET_H
#define ARAZZO_DOCSET_H

#include <stdbool.h>
#include <stddef.h>

#include <arazzo/core.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What a document is, from its root: `openapi`, `swagger` or `arazzo`. */
typedef enum az_doc_kind {
    AZ_KIND_UNKNOWN,
    AZ_KIND_SWAGGER_2,
    AZ_KIND_OPENAPI_3_0,
    AZ_KIND_OPENAPI_3_1,
    AZ_KIND_ARAZZO
} az_doc_kind;

/* "unknown", "swagger 2.0", "openapi 3.0", "openapi 3.1" or "arazzo". */
const char *az_doc_kind_name(az_doc_kind kind);

/* Reads the kind off a document's root (NULL or a non-mapping: UNKNOWN). */
az_doc_kind az_doc_kind_detect(json_object *root);

/* One rewrite of the URL map: URLs starting with `prefix` are read from
 * `replacement` + the rest instead (a local path or another URL). */
typedef struct az_url_map_entry {
    const char *prefix;
    const char *replacement;
} az_url_map_entry;

/* Default of az_docset_opts_init. */
#define AZ_DEFAULT_MAX_DOCUMENTS 1000u

/*
 * Downloads `url` (following redirects) for the docset: stores the body
 * in *data (malloc'd, NUL-terminated, *len bytes) and the Content-Type in
 * *content_type (malloc'd, or NULL). A body larger than `max_bytes` fails
 * with AZ_ERR_LIMIT; a failed download, or a status outside 2xx, is
 * AZ_ERR_IO; both with a message naming the URL in *error. The engine
 * provides one over libcurl (az_docset_opts_set_fetcher in
 * <arazzo/transport.h>); the openapi module itself does no networking.
 */
typedef az_status (*az_fetch_fn)(void *user, const char *url, size_t max_bytes, char **data,
                                 size_t *len, char **content_type, char **error);

typedef struct az_docset_opts {
    /* Parser limits; load.max_bytes also caps downloads. */
    az_load_opts load;
    /* false: an http(s) reference is an error instead of a download. */
    bool allow_network;
    /* How to download http(s) documents; NULL: they cannot be loaded. */
    az_fetch_fn fetch;
    void *fetch_user;
    /* Most documents one set loads (a guard against runaway references). */
    size_t max_documents;
    /* URL-to-location overrides (checklist SRC-07), borrowed; the first
     * matching prefix wins. The document keeps its original URL. */
    const az_url_map_entry *url_map;
    size_t url_map_len;
} az_docset_opts;

/* Fills `opts` with the defaults: network allowed (but no fetch function
 * yet), the limits above. */
void az_docset_opts_init(az_docset_opts *opts);

typedef struct az_docset az_docset;

/* One loaded document. */
typedef struct az_source az_source;

/* Creates an empty set; `opts` (NULL: defaults) is copied, its url_map
 * borrowed. NULL when out of memory. */
az_docset *az_docset_new(const az_docset_opts *opts);
/* Releases the set, every source and document in it. */
void az_docset_free(az_docset *set);

/*
 * Loads the document `ref` names - a file path or an http(s)/file URL,
 * resolved against the URL of `from` (NULL: the current directory); a
 * fragment is ignored - or finds it when already loaded. `at` (may be NULL)
 * is where the reference was written, so failures are reported there.
 * Problems go to `diags` (may be NULL). Returns AZ_OK and the source in
 * *out, or AZ_ERR_IO (cannot read or download; network forbidden),
 * AZ_ERR_SYNTAX, AZ_ERR_LIMIT, AZ_ERR_NOMEM. A document that failed once
 * fails again without a second attempt and without a second diagnostic.
 */
az_status az_docset_load(az_docset *set, const char *ref, const az_source *from, const az_pos *at,
                         az_diags *diags, const az_source **out);

/* Adds a document already in memory under the absolute URL `url` (tests,
 * stdin). The data is copied. Same results as az_docset_load. */
az_status az_docset_add_buffer(az_docset *set, const char *url, const char *name, const char *data,
                               size_t len, az_diags *diags, const az_source **out);

/* The source loaded under an absolute URL (fragment ignored), or NULL. */
const az_source *az_docset_find(const az_docset *set, const char *url);

/* How many documents were loaded successfully, and the i-th of them in
 * load order. */
size_t az_docset_count(const az_docset *set);
const az_source *az_docset_get(const az_docset *set, size_t i);

/* The document (borrowed). */
const az_doc *az_source_doc(const az_source *src);
/* Its root node (borrowed; NULL for an empty document). */
json_object *az_source_root(const az_source *src);
/* The absolute URL it was loaded under: file:///... or http(s)://... */
const char *az_source_url(const az_source *src);
/* The name diagnostics use: the path as the user would write it, or the URL. */
const char *az_source_name(const az_source *src);
/* Its kind, and the version string it declares ("3.1.0"; NULL if none). */
az_doc_kind az_source_kind(const az_source *src);
const char *az_source_version(const az_source *src);
/* Whether it was loaded from a local file. */
bool az_source_is_file(const az_source *src);

/* ------------------------------------------------------------------------ */
/* URLs                                                                      */
/* ------------------------------------------------------------------------ */

/*
 * Resolves a reference against a base URL as RFC 3986 section 5.2 does
 * (dot segments removed; the base's fragment ignored, the reference's
 * kept); `base` may be NULL when `ref` is absolute. A base without a scheme
 * (a relative reference such as "dir/doc.json") is resolved against all the
 * same and gives a result without a scheme. Stores the new URL in *out
 * (the caller's to free; NULL on failure). Returns AZ_OK, AZ_ERR_INVALID
 * (ref relative and base NULL) or AZ_ERR_NOMEM.
 */
az_status az_url_resolve(const char *base, const char *ref, char **out);

/*
 * Turns a local path into an absolute file:/// URL (relative paths against
 * the current directory; characters outside RFC 3986 pchar
 * percent-encoded). Returns AZ_OK, AZ_ERR_IO (no current directory) or
 * AZ_ERR_NOMEM.
 */
az_status az_url_from_path(const char *path, char **out);

/* The local path of a file: URL (percent-decoded), or NULL for other URLs. */
char *az_url_to_path(const char *url);

/* Tells whether a string starts with a URI scheme ("http:", "file:"...). */
bool az_url_has_scheme(const char *s);

#ifdef __cplusplus
}
#endif

#endif /* ARAZZO_DOCSET_H */
