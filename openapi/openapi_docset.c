/* SPDX-License-Identifier: Apache-2.0 */
/*
 * openapi_docset.c - the set of documents of one run: resolving a
 * reference to an absolute URL, the URL map (checklist SRC-07), loading
 * from a file or over http(s) once per URL, remembering failures, and
 * detecting each document's kind (checklist SRC-04).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "openapi_internal.h"

struct az_source {
    char *url;
    char *name;
    az_doc *doc;
    az_doc_kind kind;
    const char *version;
    bool is_file;
};

struct az_docset {
    az_docset_opts opts;
    az_source **items;
    size_t n, cap;
    /* URLs that failed to load, so they fail again quietly. */
    char **failed;
    size_t n_failed, cap_failed;
};

/* Names a kind; see openapi.h. */
const char *az_doc_kind_name(az_doc_kind kind)
{
    switch (kind) {
    case AZ_KIND_SWAGGER_2: return "swagger 2.0";
    case AZ_KIND_OPENAPI_3_0: return "openapi 3.0";
    case AZ_KIND_OPENAPI_3_1: return "openapi 3.1";
    case AZ_KIND_ARAZZO: return "arazzo";
    case AZ_KIND_UNKNOWN: break;
    }
    return "unknown";
}

/* Reads the kind off a document's root; see openapi.h. */
az_doc_kind az_doc_kind_detect(json_object *root)
{
    const char *v;
    if ((v = az_json_get_string(root, "openapi")) != NULL) {
        if (strncmp(v, "3.0", 3) == 0 && (v[3] == '\0' || v[3] == '.'))
            return AZ_KIND_OPENAPI_3_0;
        if (strncmp(v, "3.1", 3) == 0 && (v[3] == '\0' || v[3] == '.'))
            return AZ_KIND_OPENAPI_3_1;
        return AZ_KIND_UNKNOWN;
    }
    if ((v = az_json_get_string(root, "swagger")) != NULL)
        return strcmp(v, "2.0") == 0 ? AZ_KIND_SWAGGER_2 : AZ_KIND_UNKNOWN;
    if ((v = az_json_get_string(root, "arazzo")) != NULL)
        return strncmp(v, "1.0", 3) == 0 && (v[3] == '\0' || v[3] == '.') ? AZ_KIND_ARAZZO
                                                                          : AZ_KIND_UNKNOWN;
    return AZ_KIND_UNKNOWN;
}

/* Fills the defaults; see openapi.h. */
void az_docset_opts_init(az_docset_opts *opts)
{
    memset(opts, 0, sizeof(*opts));
    az_load_opts_init(&opts->load);
    opts->allow_network = true;
    opts->max_documents = AZ_DEFAULT_MAX_DOCUMENTS;
}

/* Creates an empty set; see openapi.h. */
az_docset *az_docset_new(const az_docset_opts *opts)
{
    az_docset *set = calloc(1, sizeof(*set));
    if (!set)
        return NULL;
    if (opts)
        set->opts = *opts;
    else
        az_docset_opts_init(&set->opts);
    return set;
}

/* Releases one source. */
static void source_free(az_source *src)
{
    if (!src)
        return;
    free(src->url);
    free(src->name);
    az_doc_free(src->doc);
    free(src);
}

/* Releases the set; see openapi.h. */
void az_docset_free(az_docset *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->n; i++)
        source_free(set->items[i]);
    for (size_t i = 0; i < set->n_failed; i++)
        free(set->failed[i]);
    free(set->items);
    free(set->failed);
    free(set);
}

/* Returns a copy of `url` without its fragment. */
static char *without_fragment(const char *url)
{
    return strndup(url, strcspn(url, "#"));
}

/* Finds a source by URL (no fragment); see openapi.h. */
const az_source *az_docset_find(const az_docset *set, const char *url)
{
    size_t len = strcspn(url, "#");
    for (size_t i = 0; i < set->n; i++) {
        const char *u = set->items[i]->url;
        if (strncmp(u, url, len) == 0 && u[len] == '\0')
            return set->items[i];
    }
    return NULL;
}

/* Tells whether loading `url` failed before. */
static bool failed_before(const az_docset *set, const char *url)
{
    for (size_t i = 0; i < set->n_failed; i++)
        if (strcmp(set->failed[i], url) == 0)
            return true;
    return false;
}

/* Remembers that `url` failed (best effort: out of memory forgets it). */
static void remember_failure(az_docset *set, const char *url)
{
    if (set->n_failed == set->cap_failed) {
        size_t cap = set->cap_failed ? set->cap_failed * 2 : 4;
        char **grown = realloc(set->failed, cap * sizeof(*grown));
        if (!grown)
            return;
        set->failed = grown;
        set->cap_failed = cap;
    }
    char *copy = strdup(url);
    if (copy)
        set->failed[set->n_failed++] = copy;
}

/* Adds a loaded document to the set under `url`; takes `doc` and `name`. */
static az_status add_source(az_docset *set, char *url, char *name, az_doc *doc, bool is_file,
                            const az_source **out)
{
    az_source *src = NULL;
    if (set->n == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 4;
        az_source **grown = realloc(set->items, cap * sizeof(*grown));
        if (!grown)
            goto fail;
        set->items = grown;
        set->cap = cap;
    }
    if (!(src = calloc(1, sizeof(*src))))
        goto fail;
    src->url = url;
    src->name = name;
    src->doc = doc;
    src->is_file = is_file;
    src->kind = az_doc_kind_detect(az_doc_root(doc));
    src->version = az_json_get_string(az_doc_root(doc), "openapi");
    if (!src->version)
        src->version = az_json_get_string(az_doc_root(doc), "swagger");
    if (!src->version)
        src->version = az_json_get_string(az_doc_root(doc), "arazzo");
    set->items[set->n++] = src;
    *out = src;
    return AZ_OK;
fail:
    free(url);
    free(name);
    az_doc_free(doc);
    return AZ_ERR_NOMEM;
}

/*
 * Joins a relative path to the directory of `base_name` and removes "."
 * and "x/.." segments lexically, so diagnostics name the file as the user
 * would: "api/arazzo/../openapi/x.yml" becomes "api/openapi/x.yml".
 */
static char *join_display_path(const char *base_name, const char *rel)
{
    az_buf b = {0};
    if (rel[0] != '/' && base_name) {
        const char *slash = strrchr(base_name, '/');
        if (slash)
            az_buf_add(&b, base_name, (size_t)(slash - base_name) + 1);
    }
    az_buf_puts(&b, rel);
    char *joined = az_buf_take(&b);
    if (!joined)
        return NULL;
    /* Walk the segments, keeping a stack of kept ones in place. */
    bool absolute = joined[0] == '/';
    char *out = malloc(strlen(joined) + 2);
    if (!out) {
        free(joined);
        return NULL;
    }
    size_t n = 0, kept = 0; /* kept: segments in out that ".." may drop */
    if (absolute)
        out[n++] = '/';
    for (char *seg = joined + absolute; *seg;) {
        size_t len = strcspn(seg, "/");
        if ((len == 1 && seg[0] == '.') || len == 0) {
            /* skip */
        } else if (len == 2 && seg[0] == '.' && seg[1] == '.' && kept > 0) {
            n--; /* the slash after the last kept segment */
            while (n > 0 && out[n - 1] != '/')
                n--;
            kept--;
        } else {
            memcpy(out + n, seg, len);
            n += len;
            out[n++] = '/';
            if (!(len == 2 && seg[0] == '.' && seg[1] == '.'))
                kept++;
        }
        seg += len;
        if (*seg == '/')
            seg++;
    }
    if (n > (size_t)absolute)
        n--; /* the trailing slash */
    out[n] = '\0';
    free(joined);
    return out;
}

/* Applies the URL map: returns the location to read `url` from (new
 * string), or NULL when no entry matches. */
static char *mapped_location(const az_docset *set, const char *url)
{
    for (size_t i = 0; i < set->opts.url_map_len; i++) {
        const az_url_map_entry *e = &set->opts.url_map[i];
        size_t n = strlen(e->prefix);
        if (n > 0 && strncmp(url, e->prefix, n) == 0) {
            az_buf b = {0};
            az_buf_puts(&b, e->replacement);
            az_buf_puts(&b, url + n);
            return az_buf_take(&b);
        }
    }
    return NULL;
}

/* Tells whether a URL uses http or https. */
static bool is_http(const char *url)
{
    return strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0;
}

/* Picks the parser for a downloaded document: JSON when the server says so
 * or the path ends in .json, YAML (a superset) otherwise. */
static az_format download_format(const char *url, const char *content_type)
{
    if (content_type && strstr(content_type, "json"))
        return AZ_FORMAT_JSON;
    size_t len = strcspn(url, "?#");
    if (len >= 5 && strncasecmp(url + len - 5, ".json", 5) == 0)
        return AZ_FORMAT_JSON;
    return AZ_FORMAT_YAML;
}

/* Reports a failure to read a document: at the reference when there is
 * one, else on the document itself. */
static void report_unreadable(az_diags *diags, const az_pos *at, const char *name, const char *msg)
{
    az_pos pos = {name, 0, 0};
    az_diags_add(diags, AZ_SEVERITY_ERROR, "source-unreadable", at ? at : &pos, "%s", msg);
}

/* Loads a local file under `url`, naming it `name` (taken). */
static az_status load_local(az_docset *set, char *url, char *name, const az_pos *at,
                            az_diags *diags, const az_source **out)
{
    az_diags *scratch = az_diags_new();
    az_doc *doc = NULL;
    if (!scratch) {
        free(url);
        free(name);
        return AZ_ERR_NOMEM;
    }
    az_status st = az_doc_load_file(name, &set->opts.load, scratch, &doc);
    for (size_t i = 0; i < az_diags_count(scratch); i++) {
        const az_diag *d = az_diags_get(scratch, i);
        if (st == AZ_ERR_IO && at && strcmp(d->code, "io-error") == 0)
            report_unreadable(diags, at, name, d->message);
        else
            az_diags_add_copy(diags, d, d->severity);
    }
    az_diags_free(scratch);
    if (st != AZ_OK) {
        remember_failure(set, url);
        free(url);
        free(name);
        return st;
    }
    return add_source(set, url, name, doc, true, out);
}

/* Downloads `location` and adds it under `url` (taken). */
static az_status load_remote(az_docset *set, char *url, const char *location, const az_pos *at,
                             az_diags *diags, const az_source **out)
{
    char *data = NULL, *content_type = NULL, *error = NULL, *name = NULL;
    size_t len = 0;
    az_doc *doc = NULL;
    az_status st;
    if (!set->opts.allow_network) {
        char *msg = NULL;
        az__oas_set_error(&msg, "cannot load %s: network loading is disabled", location);
        report_unreadable(diags, at, location, msg ? msg : "network loading is disabled");
        free(msg);
        st = AZ_ERR_IO;
        goto out;
    }
    if (!set->opts.fetch) {
        char *msg = NULL;
        az__oas_set_error(&msg, "cannot load %s: no download function was given to the docset",
                          location);
        report_unreadable(diags, at, location, msg ? msg : "no download function");
        free(msg);
        st = AZ_ERR_IO;
        goto out;
    }
    st = set->opts.fetch(set->opts.fetch_user, location, set->opts.load.max_bytes, &data, &len,
                         &content_type, &error);
    if (st != AZ_OK) {
        report_unreadable(diags, at, location, error ? error : "out of memory");
        goto out;
    }
    az_load_opts load = set->opts.load;
    load.format = download_format(location, content_type);
    st = az_doc_load_buffer(location, data, len, &load, diags, &doc);
    if (st != AZ_OK)
        goto out;
    if (!(name = strdup(location))) {
        st = AZ_ERR_NOMEM;
        goto out;
    }
    st = add_source(set, url, name, doc, false, out);
    url = NULL;
    name = NULL;
    doc = NULL;
out:
    if (st != AZ_OK && url)
        remember_failure(set, url);
    free(url);
    free(name);
    free(data);
    free(content_type);
    free(error);
    az_doc_free(doc);
    return st;
}

/* Loads (or finds) a document; see openapi.h. */
az_status az_docset_load(az_docset *set, const char *ref, const az_source *from, const az_pos *at,
                         az_diags *diags, const az_source **out)
{
    char *url = NULL, *location = NULL, *name = NULL;
    az_status st;
    *out = NULL;

    /* The absolute URL, fragment removed. */
    char *bare = without_fragment(ref);
    if (!bare)
        return AZ_ERR_NOMEM;
    if (az_url_has_scheme(bare))
        st = az_url_resolve(NULL, bare, &url);
    else if (from)
        st = az_url_resolve(from->url, bare, &url);
    else
        st = az_url_from_path(bare, &url);
    if (st != AZ_OK) {
        if (st != AZ_ERR_NOMEM) {
            az_pos pos = {bare, 0, 0};
            az_diags_add(diags, AZ_SEVERITY_ERROR, "source-unreadable", at ? at : &pos,
                         "cannot resolve the reference '%s' to a URL", bare);
        }
        free(bare);
        return st;
    }

    const az_source *found = az_docset_find(set, url);
    if (found || failed_before(set, url)) {
        free(bare);
        free(url);
        *out = found;
        return found ? AZ_OK : AZ_ERR_IO;
    }
    if (set->n >= set->opts.max_documents) {
        az_pos pos = {bare, 0, 0};
        az_diags_add(diags, AZ_SEVERITY_ERROR, "source-limit", at ? at : &pos,
                     "cannot load '%s': more than %zu documents referenced", bare,
                     set->opts.max_documents);
        free(bare);
        free(url);
        return AZ_ERR_LIMIT;
    }

    /* Where to read it from: the URL map, else the URL itself. */
    location = mapped_location(set, url);
    const char *where = location ? location : url;
    if (is_http(where)) {
        st = load_remote(set, url, where, at, diags, out);
        url = NULL;
        goto out;
    }
    if (location && !az_url_has_scheme(location)) {
        name = strdup(location);
    } else if (strncasecmp(where, "file:", 5) == 0) {
        char *path = az_url_to_path(where);
        if (!path) {
            az_pos pos = {bare, 0, 0};
            az_diags_add(diags, AZ_SEVERITY_ERROR, "source-unreadable", at ? at : &pos,
                         "cannot load '%s': only local file: URLs can be read", where);
            remember_failure(set, url);
            st = AZ_ERR_IO;
            goto out;
        }
        if (!location && !az_url_has_scheme(bare) && (!from || from->is_file)) {
            /* A relative reference from a file keeps the user's spelling. */
            char *decoded = az_percent_decode(bare, strlen(bare), NULL);
            name = decoded ? join_display_path(from ? from->name : NULL, decoded) : NULL;
            free(decoded);
            free(path);
        } else {
            name = path;
        }
    } else {
        az_pos pos = {bare, 0, 0};
        az_diags_add(diags, AZ_SEVERITY_ERROR, "source-unreadable", at ? at : &pos,
                     "cannot load '%s': unsupported URL scheme (use a file path, http or https)",
                     where);
        remember_failure(set, url);
        st = AZ_ERR_IO;
        goto out;
    }
    if (!name) {
        st = AZ_ERR_NOMEM;
        goto out;
    }
    st = load_local(set, url, name, at, diags, out);
    url = NULL;
    name = NULL;
out:
    free(bare);
    free(url);
    free(name);
    free(location);
    return st;
}

/* Adds a document from memory; see openapi.h. */
az_status az_docset_add_buffer(az_docset *set, const char *url, const char *name, const char *data,
                               size_t len, az_diags *diags, const az_source **out)
{
    az_doc *doc = NULL;
    char *url_copy = NULL, *name_copy = NULL;
    *out = NULL;
    if (az_url_resolve(NULL, url, &url_copy) != AZ_OK)
        return AZ_ERR_INVALID;
    url_copy[strcspn(url_copy, "#")] = '\0';
    if ((*out = az_docset_find(set, url_copy)) != NULL) {
        free(url_copy);
        return AZ_OK;
    }
    az_status st = az_doc_load_buffer(name, data, len, &set->opts.load, diags, &doc);
    if (st != AZ_OK || !(name_copy = strdup(name))) {
        free(url_copy);
        az_doc_free(doc);
        return st != AZ_OK ? st : AZ_ERR_NOMEM;
    }
    return add_source(set, url_copy, name_copy, doc, strncasecmp(url_copy, "file:", 5) == 0, out);
}

/* Counts the loaded documents; see openapi.h. */
size_t az_docset_count(const az_docset *set)
{
    return set->n;
}

/* Returns the i-th loaded document; see openapi.h. */
const az_source *az_docset_get(const az_docset *set, size_t i)
{
    return i < set->n ? set->items[i] : NULL;
}

/* Accessors; see openapi.h. */
const az_doc *az_source_doc(const az_source *src)
{
    return src->doc;
}

/* The root node of a source. */
json_object *az_source_root(const az_source *src)
{
    return az_doc_root(src->doc);
}

/* The absolute URL of a source. */
const char *az_source_url(const az_source *src)
{
    return src->url;
}

/* The display name of a source. */
const char *az_source_name(const az_source *src)
{
    return src->name;
}

/* The kind of a source. */
az_doc_kind az_source_kind(const az_source *src)
{
    return src->kind;
}

/* The version string a source declares. */
const char *az_source_version(const az_source *src)
{
    return src->version;
}

/* Whether a source is a local file. */
bool az_source_is_file(const az_source *src)
{
    return src->is_file;
}
