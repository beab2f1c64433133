/* SPDX-License-Identifier: Apache-2.0 */
/*
 * openapi_body.c - request bodies by media type, OpenAPI 3.1.1 sections
 * 4.8.13 (Request Body Object), 4.8.14 (Media Type Object, with its notes
 * on file uploads and form bodies) and 4.8.15 (Encoding Object): JSON for
 * application/json and "+json" types (RFC 6839 section 3.1),
 * application/x-www-form-urlencoded built from form-style fragments as
 * query parameters are (section 4.8.12), multipart/form-data as RFC 7578
 * and RFC 2046 section 5.1.1 define it (one part per property, CRLF lines,
 * a boundary that does not occur in the content, the closing delimiter),
 * and text, XML and binary bodies sent as given.
 */
#include "openapi_internal.h"

#include <assert.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The kinds of body this file knows how to build. */
typedef enum body_kind {
    KIND_JSON,
    KIND_FORM,
    KIND_MULTIPART,
    KIND_XML,
    KIND_TEXT,
    KIND_BINARY
} body_kind;

typedef az_buf buf;

/* Compares `len` bytes of `s` with a lower-case literal, ignoring case. */
static bool eq_nocase(const char *s, size_t len, const char *lit)
{
    if (strlen(lit) != len)
        return false;
    for (size_t i = 0; i < len; i++)
        if (tolower((unsigned char)s[i]) != lit[i])
            return false;
    return true;
}

/* Tells whether `len` bytes of `s` end with a lower-case literal, ignoring
 * case. */
static bool ends_nocase(const char *s, size_t len, const char *lit)
{
    size_t n = strlen(lit);
    return len >= n && eq_nocase(s + len - n, n, lit);
}

/* Tells whether a character may appear in an RFC 9110 token. */
static bool is_tchar(unsigned char c)
{
    return isalnum(c) || (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/*
 * Reads the essence (type "/" subtype, without parameters or surrounding
 * whitespace) of a media type into *kind. Returns false when it is not a
 * token "/" token.
 */
static bool classify(const char *media_type, body_kind *kind)
{
    const char *s = media_type;
    while (*s == ' ' || *s == '\t')
        s++;
    size_t len = strcspn(s, ";");
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    const char *slash = memchr(s, '/', len);
    if (!slash || slash == s || slash == s + len - 1)
        return false;
    for (size_t i = 0; i < len; i++)
        if (s + i != slash && !is_tchar((unsigned char)s[i]))
            return false;
    size_t type_len = (size_t)(slash - s);
    if (eq_nocase(s, len, "application/json") || eq_nocase(s, len, "text/json") ||
        ends_nocase(s, len, "+json"))
        *kind = KIND_JSON;
    else if (eq_nocase(s, len, "application/x-www-form-urlencoded"))
        *kind = KIND_FORM;
    else if (eq_nocase(s, len, "multipart/form-data"))
        *kind = KIND_MULTIPART;
    else if (eq_nocase(s, len, "application/xml") || eq_nocase(s, len, "text/xml") ||
             ends_nocase(s, len, "+xml"))
        *kind = KIND_XML;
    else if (eq_nocase(s, type_len, "text"))
        *kind = KIND_TEXT;
    else
        *kind = KIND_BINARY;
    return true;
}

/* Tells whether a media type (possibly NULL) is JSON or a "+json" type. */
static bool is_json_type(const char *media_type)
{
    body_kind kind;
    return media_type && classify(media_type, &kind) && kind == KIND_JSON;
}

/* Returns the encoding entry of a property (borrowed), NULL when none. */
static const az_oas_encoding *find_encoding(const az_oas_encoding *encodings, size_t n,
                                            const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (encodings[i].name && strcmp(encodings[i].name, name) == 0)
            return &encodings[i];
    return NULL;
}

/* Appends percent-encoded text for a form body; false when out of memory. */
static bool add_percent(buf *b, const char *s, size_t len, bool allow_reserved)
{
    char *enc = az_oas_percent_encode(s, len, true, allow_reserved);
    if (!enc)
        return false;
    az_buf_puts(b, enc);
    free(enc);
    return true;
}

/* Builds an application/x-www-form-urlencoded body from an object. */
static az_status encode_form(json_object *value, const az_oas_encoding *encodings, size_t n_enc,
                             buf *out, char **error)
{
    az_status st = AZ_OK;
    char *frag = NULL, *msg = NULL;
    buf text = {0};
    if (!json_object_is_type(value, json_type_object)) {
        az__oas_set_error(error, "a form body must be an object, not %s", az__oas_type_name(value));
        return AZ_ERR_INVALID;
    }
    json_object_object_foreach(value, key, val)
    {
        const az_oas_encoding *enc = find_encoding(encodings, n_enc, key);
        bool as_json =
            enc ? is_json_type(enc->content_type) : json_object_is_type(val, json_type_object);
        size_t mark = out->len;
        if (out->len > 0)
            az_buf_puts(out, "&");
        if (as_json) {
            text.len = 0;
            az__oas_add_json(&text, val);
            if (text.failed || !add_percent(out, key, strlen(key), false))
                goto nomem;
            az_buf_puts(out, "=");
            if (!add_percent(out, text.data, text.len, enc && enc->allow_reserved))
                goto nomem;
            continue;
        }
        az_oas_param p = {key, AZ_OAS_IN_QUERY, enc ? enc->style : AZ_OAS_STYLE_DEFAULT,
                          enc ? enc->explode : -1, enc && enc->allow_reserved};
        st = az_oas_serialize(&p, val, &frag, &msg);
        if (st == AZ_ERR_INVALID) {
            az__oas_set_error(error, "form body: %s", msg ? msg : "invalid property");
            goto out;
        }
        if (st != AZ_OK)
            goto out;
        if (frag[0])
            az_buf_puts(out, frag);
        else
            out->len = mark; /* an empty array or object: nothing to send */
        free(frag);
        frag = NULL;
    }
    if (out->data)
        out->data[out->len] = '\0';
    if (out->failed)
        st = AZ_ERR_NOMEM;
    goto out;
nomem:
    st = AZ_ERR_NOMEM;
out:
    free(frag);
    free(msg);
    free(text.data);
    return st;
}

/* The parts of a multipart body before the boundary is known. */
typedef struct parts {
    buf *items;
    size_t n;
    size_t cap;
} parts;

/* Frees every part and the list. */
static void parts_free(parts *ps)
{
    for (size_t i = 0; i < ps->n; i++)
        free(ps->items[i].data);
    free(ps->items);
}

/* Appends a new empty part and returns it (borrowed), NULL when out of
 * memory. */
static buf *parts_add(parts *ps)
{
    if (ps->n == ps->cap) {
        size_t cap = ps->cap ? ps->cap * 2 : 8;
        buf *items = realloc(ps->items, cap * sizeof *items);
        if (!items)
            return NULL;
        ps->items = items;
        ps->cap = cap;
    }
    buf *b = &ps->items[ps->n++];
    *b = (buf){0};
    return b;
}

/*
 * Appends one part (headers, blank line, content) for a property value:
 * a JSON content type or a container without one sends JSON text; any
 * given content type is written as the part's Content-Type header.
 * Returns false when out of memory.
 */
static bool add_part(parts *ps, const char *name, json_object *v, const char *content_type)
{
    buf *b = parts_add(ps);
    if (!b)
        return false;
    bool as_json = content_type ? is_json_type(content_type) : az__oas_is_container(v);
    if (!content_type && as_json)
        content_type = "application/json";
    az_buf_puts(b, "Content-Disposition: form-data; name=\"");
    for (const char *c = name; *c; c++) {
        if (*c == '"' || *c == '\\')
            az_buf_add(b, "\\", 1);
        if (*c == '\r')
            az_buf_puts(b, "%0D");
        else if (*c == '\n')
            az_buf_puts(b, "%0A");
        else
            az_buf_add(b, c, 1);
    }
    az_buf_puts(b, "\"\r\n");
    if (content_type) {
        az_buf_puts(b, "Content-Type: ");
        az_buf_puts(b, content_type);
        az_buf_puts(b, "\r\n");
    }
    az_buf_puts(b, "\r\n");
    if (as_json)
        az__oas_add_json(b, v);
    else
        az__oas_add_value_text(b, v);
    return !b->failed;
}

/* Tells whether a string holds a control character other than HTAB, which
 * a header field value cannot (RFC 9110 section 5.5). */
static bool has_ctl(const char *s)
{
    for (; *s; s++)
        if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7f)
            return true;
    return false;
}

/*
 * Returns the Content-Type header of a part for an Encoding Object's
 * contentType as a new string (NULL when out of memory): the first of a
 * comma-separated list, trimmed, and application/octet-stream for one
 * with a wildcard ('*'), since a part must have one concrete type.
 */
static char *part_content_type(const char *ct)
{
    while (*ct == ' ' || *ct == '\t')
        ct++;
    size_t len = strcspn(ct, ",");
    while (len > 0 && (ct[len - 1] == ' ' || ct[len - 1] == '\t'))
        len--;
    if (memchr(ct, '*', len)) {
        ct = "application/octet-stream";
        len = strlen(ct);
    }
    char *copy = malloc(len + 1);
    if (!copy)
        return NULL;
    memcpy(copy, ct, len);
    copy[len] = '\0';
    return copy;
}

/* Tells whether `needle` occurs in `len` bytes of `hay`. */
static bool contains(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; n <= len && i <= len - n; i++)
        if (memcmp(hay + i, needle, n) == 0)
            return true;
    return false;
}

/* Tells whether the boundary occurs in any part. */
static bool parts_contain(const parts *ps, const char *boundary)
{
    for (size_t i = 0; i < ps->n; i++)
        if (contains(ps->items[i].data, ps->items[i].len, boundary))
            return true;
    return false;
}

/* Tells whether a boundary is 1 to 70 RFC 2046 bchars not ending in a
 * space. */
static bool boundary_valid(const char *b)
{
    size_t len = strlen(b);
    if (len == 0 || len > 70 || b[len - 1] == ' ')
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)b[i];
        if (!isalnum(c) && !strchr("'()+_,-./:=? ", c))
            return false;
    }
    return true;
}

/*
 * Derives a boundary from a 64-bit FNV-1a hash of the parts and a salt,
 * raising the salt until the boundary occurs in no part.
 */
static void make_boundary(const parts *ps, char *out, size_t size)
{
    for (uint64_t salt = 0;; salt++) {
        uint64_t h = 14695981039346656037u ^ salt;
        for (size_t i = 0; i < ps->n; i++) {
            for (size_t j = 0; j < ps->items[i].len; j++) {
                h ^= (unsigned char)ps->items[i].data[j];
                h *= 1099511628211u;
            }
            h ^= 0xff; /* separates the parts */
            h *= 1099511628211u;
        }
        snprintf(out, size, "arazzo-%016" PRIx64, h);
        if (!parts_contain(ps, out))
            return;
    }
}

/* Builds a multipart/form-data body from an object and its Content-Type. */
static az_status encode_multipart(json_object *value, const az_oas_encoding *encodings,
                                  size_t n_enc, const char *boundary, buf *out, buf *ctype,
                                  char **error)
{
    az_status st = AZ_OK;
    parts ps = {0};
    char made[32];
    char *ct = NULL;
    if (!json_object_is_type(value, json_type_object)) {
        az__oas_set_error(error, "a multipart/form-data body must be an object, not %s",
                          az__oas_type_name(value));
        return AZ_ERR_INVALID;
    }
    if (boundary && !boundary_valid(boundary)) {
        az__oas_set_error(error, "invalid multipart boundary '%s'", boundary);
        return AZ_ERR_INVALID;
    }
    json_object_object_foreach(value, key, val)
    {
        const az_oas_encoding *enc = find_encoding(encodings, n_enc, key);
        free(ct);
        ct = NULL;
        if (enc && enc->content_type) {
            if (has_ctl(enc->content_type)) {
                az__oas_set_error(
                    error, "content type of multipart property '%s' has a control character", key);
                st = AZ_ERR_INVALID;
                goto out;
            }
            ct = part_content_type(enc->content_type);
            if (!ct)
                goto nomem;
            if (!ct[0]) {
                free(ct);
                ct = NULL;
            }
        }
        if (json_object_is_type(val, json_type_array) && !is_json_type(ct)) {
            size_t n = json_object_array_length(val);
            for (size_t i = 0; i < n; i++)
                if (!add_part(&ps, key, json_object_array_get_idx(val, i), ct))
                    goto nomem;
        } else if (!add_part(&ps, key, val, ct)) {
            goto nomem;
        }
    }
    if (boundary && parts_contain(&ps, boundary)) {
        az__oas_set_error(error, "multipart boundary '%s' occurs in the content", boundary);
        st = AZ_ERR_INVALID;
        goto out;
    }
    if (!boundary) {
        make_boundary(&ps, made, sizeof made);
        boundary = made;
    }
    for (size_t i = 0; i < ps.n; i++) {
        az_buf_puts(out, "--");
        az_buf_puts(out, boundary);
        az_buf_puts(out, "\r\n");
        az_buf_add(out, ps.items[i].data, ps.items[i].len);
        az_buf_puts(out, "\r\n");
    }
    az_buf_puts(out, "--");
    az_buf_puts(out, boundary);
    az_buf_puts(out, "--\r\n");
    /* A boundary with characters outside a token is quoted (RFC 2046). */
    bool quote = false;
    for (const char *c = boundary; *c; c++)
        quote = quote || !is_tchar((unsigned char)*c);
    az_buf_puts(ctype,
                quote ? "multipart/form-data; boundary=\"" : "multipart/form-data; boundary=");
    az_buf_puts(ctype, boundary);
    if (quote)
        az_buf_puts(ctype, "\"");
    if (out->failed || ctype->failed)
        st = AZ_ERR_NOMEM;
    goto out;
nomem:
    st = AZ_ERR_NOMEM;
out:
    parts_free(&ps);
    free(ct);
    return st;
}

/* Serializes a request body for a media type; see openapi.h. */
az_status az_oas_body_encode(const char *media_type, json_object *value,
                             const az_oas_encoding *encodings, size_t n_encodings,
                             const char *boundary, char **out, size_t *out_len, char **content_type,
                             char **error)
{
    assert(out && out_len && content_type);
    az_status st = AZ_OK;
    buf body = {0}, ctype = {0};
    body_kind kind;
    *out = NULL;
    *out_len = 0;
    *content_type = NULL;
    if (error)
        *error = NULL;

    if (!media_type || !media_type[0]) {
        az__oas_set_error(error, "request body has no media type");
        st = AZ_ERR_INVALID;
        goto out;
    }
    if (has_ctl(media_type) || !classify(media_type, &kind)) {
        az__oas_set_error(error, "malformed media type '%s'", media_type);
        st = AZ_ERR_INVALID;
        goto out;
    }
    switch (kind) {
    case KIND_JSON: az__oas_add_json(&body, value); break;
    case KIND_FORM: st = encode_form(value, encodings, n_encodings, &body, error); break;
    case KIND_MULTIPART:
        st = encode_multipart(value, encodings, n_encodings, boundary, &body, &ctype, error);
        break;
    case KIND_TEXT: az__oas_add_value_text(&body, value); break;
    case KIND_XML:
    case KIND_BINARY:
        if (!json_object_is_type(value, json_type_string)) {
            az__oas_set_error(error, "%s bodies must be given as text, not %s ('%s')",
                              kind == KIND_XML ? "xml" : "binary", az__oas_type_name(value),
                              media_type);
            st = AZ_ERR_INVALID;
            goto out;
        }
        az__oas_add_value_text(&body, value);
        break;
    }
    if (st != AZ_OK)
        goto out;
    if (kind != KIND_MULTIPART)
        az_buf_puts(&ctype, media_type);
    if (!body.failed && !body.data)
        az_buf_add(&body, "", 0);
    if (body.failed || ctype.failed) {
        st = AZ_ERR_NOMEM;
        goto out;
    }
    *out = body.data;
    *out_len = body.len;
    *content_type = ctype.data;
    body.data = NULL;
    ctype.data = NULL;
out:
    free(body.data);
    free(ctype.data);
    return st;
}
