/* SPDX-License-Identifier: Apache-2.0 */
/*
 * openapi_serialize.c - parameter serialization, OpenAPI 3.1.1 section
 * 4.8.12 (Parameter Object): the "Style Values" table (which style goes
 * with which location and value type), the defaults of `style` and
 * `explode`, and the renderings of the "Style Examples" table. matrix,
 * label, simple and form follow the expansion of RFC 6570 sections 3.2.2,
 * 3.2.5, 3.2.7 and 3.2.8 and its appendix A algorithm:
 *
 *   style    first  sep  named  ifemp   (list/map joiner without explode: ",")
 *   matrix   ";"    ";"  yes    ""
 *   label    "."    "."  no     ""
 *   simple   ""     ","  no     ""
 *   form     ""     "&"  yes    "="     (no leading '?': a fragment)
 *
 * spaceDelimited and pipeDelimited are form without explode joined by
 * "%20" and "%7C"; deepObject renders name[key]=value pairs joined by '&'.
 */
#include "openapi_internal.h"

#include <assert.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The OpenAPI spellings of the styles, indexed by az_oas_style. */
static const char *const style_names[] = {
    "default", "matrix", "label", "form", "simple", "spaceDelimited", "pipeDelimited", "deepObject",
};

/* The OpenAPI spellings of the locations, indexed by az_oas_param_in. */
static const char *const in_names[] = {"path", "query", "header", "cookie"};

typedef az_buf buf;

/* The state of one serialization: the parameter, its resolved style and
 * explode, and the output. */
typedef struct ser {
    const az_oas_param *p;
    az_oas_style style;
    bool explode;
    buf out;
} ser;

/* Reads a style name into *out; see openapi.h. */
az_status az_oas_style_parse(const char *name, az_oas_style *out)
{
    if (!name)
        return AZ_ERR_INVALID;
    for (size_t i = AZ_OAS_STYLE_MATRIX; i < sizeof style_names / sizeof style_names[0]; i++) {
        if (strcmp(name, style_names[i]) == 0) {
            *out = (az_oas_style)i;
            return AZ_OK;
        }
    }
    return AZ_ERR_INVALID;
}

/* Returns the OpenAPI spelling of a style. */
const char *az_oas_style_name(az_oas_style style)
{
    if ((size_t)style < sizeof style_names / sizeof style_names[0])
        return style_names[style];
    return "unknown";
}

/* Returns the OpenAPI spelling of a location. */
const char *az_oas_param_in_name(az_oas_param_in in)
{
    if ((size_t)in < sizeof in_names / sizeof in_names[0])
        return in_names[in];
    return "unknown";
}

/*
 * Returns the text of one value (az__oas_add_value_text) as a new string
 * and its length in *len (a JSON string may hold NUL bytes), NULL when out
 * of memory.
 */
static char *value_text(json_object *v, size_t *len)
{
    az_buf b = {0};
    az__oas_add_value_text(&b, v);
    *len = b.len;
    return az_buf_take(&b);
}

/*
 * Appends text encoded for the parameter's location: not at all in a
 * header, for a path segment in a path, for a query in a query or cookie.
 * allowReserved applies to the values of query parameters only, never to
 * the parameter's own name (`is_name`).
 */
static void add_encoded(ser *s, const char *text, size_t len, bool is_name)
{
    if (s->p->in == AZ_OAS_IN_HEADER) {
        az_buf_add(&s->out, text, len);
        return;
    }
    bool query = s->p->in != AZ_OAS_IN_PATH;
    bool reserved = s->p->in == AZ_OAS_IN_QUERY && s->p->allow_reserved && !is_name;
    char *enc = az_oas_percent_encode(text, len, query, reserved);
    if (!enc) {
        s->out.failed = true;
        return;
    }
    az_buf_puts(&s->out, enc);
    free(enc);
}

/* Appends the encoded text of a value; false when out of memory. */
static bool add_value(ser *s, json_object *v)
{
    size_t len;
    char *text = value_text(v, &len);
    if (!text)
        return false;
    add_encoded(s, text, len, false);
    free(text);
    return true;
}

/* Appends the parameter's name, encoded as a name. */
static void add_name(ser *s)
{
    add_encoded(s, s->p->name, strlen(s->p->name), true);
}

/*
 * Renders name[key]...=value pairs of a deepObject, descending into nested
 * objects; `path` holds the unencoded name with its brackets so far.
 * Returns false when out of memory.
 */
static bool add_deep(ser *s, buf *path, json_object *obj, bool *first)
{
    size_t mark = path->len;
    json_object_object_foreach(obj, key, val)
    {
        path->len = mark;
        az_buf_puts(path, "[");
        az_buf_puts(path, key);
        az_buf_puts(path, "]");
        if (path->failed)
            return false;
        if (json_object_is_type(val, json_type_object) && json_object_object_length(val) > 0) {
            if (!add_deep(s, path, val, first))
                return false;
            continue;
        }
        if (!*first)
            az_buf_puts(&s->out, "&");
        *first = false;
        add_encoded(s, path->data, path->len, true);
        az_buf_puts(&s->out, "=");
        if (!add_value(s, val))
            return false;
    }
    path->len = mark;
    if (path->data)
        path->data[mark] = '\0';
    return true;
}

/*
 * Renders a value in an RFC 6570 style: `first` opens it, `sep` separates
 * exploded items, `joiner` separates unexploded items, `named` says whether
 * the parameter name (or, exploded, each key) is written with "=" and
 * `ifemp` is what follows a name whose value is empty. Returns false when
 * out of memory.
 */
static bool add_rfc6570(ser *s, json_object *v, const char *first, const char *sep,
                        const char *joiner, bool named, const char *ifemp)
{
    bool is_array = json_object_is_type(v, json_type_array);
    bool is_object = json_object_is_type(v, json_type_object);
    if (!is_array && !is_object) {
        size_t len;
        char *text = value_text(v, &len);
        if (!text)
            return false;
        az_buf_puts(&s->out, first);
        if (named) {
            add_name(s);
            az_buf_puts(&s->out, len ? "=" : ifemp);
        }
        add_encoded(s, text, len, false);
        free(text);
        return true;
    }
    /* An empty list or map is undefined in RFC 6570: nothing at all. */
    if ((is_array && json_object_array_length(v) == 0) ||
        (is_object && json_object_object_length(v) == 0))
        return true;
    az_buf_puts(&s->out, first);
    if (!s->explode && named) {
        add_name(s);
        az_buf_puts(&s->out, "=");
    }
    if (is_array) {
        size_t n = json_object_array_length(v);
        for (size_t i = 0; i < n; i++) {
            json_object *item = json_object_array_get_idx(v, i);
            if (i > 0)
                az_buf_puts(&s->out, s->explode ? sep : joiner);
            if (!s->explode || !named) {
                if (!add_value(s, item))
                    return false;
                continue;
            }
            size_t len;
            char *text = value_text(item, &len);
            if (!text)
                return false;
            add_name(s);
            az_buf_puts(&s->out, len ? "=" : ifemp);
            add_encoded(s, text, len, false);
            free(text);
        }
        return true;
    }
    bool at_first = true;
    json_object_object_foreach(v, key, val)
    {
        if (!at_first)
            az_buf_puts(&s->out, s->explode ? sep : joiner);
        at_first = false;
        add_encoded(s, key, strlen(key), false);
        size_t len;
        char *text = value_text(val, &len);
        if (!text)
            return false;
        if (!s->explode)
            az_buf_puts(&s->out, joiner);
        else
            az_buf_puts(&s->out, !named || len ? "=" : ifemp);
        add_encoded(s, text, len, false);
        free(text);
    }
    return true;
}

/* Tells whether a style may be used at a location (the Style Values table). */
static bool style_allowed(az_oas_style style, az_oas_param_in in)
{
    switch (style) {
    case AZ_OAS_STYLE_MATRIX:
    case AZ_OAS_STYLE_LABEL: return in == AZ_OAS_IN_PATH;
    case AZ_OAS_STYLE_SIMPLE: return in == AZ_OAS_IN_PATH || in == AZ_OAS_IN_HEADER;
    case AZ_OAS_STYLE_FORM: return in == AZ_OAS_IN_QUERY || in == AZ_OAS_IN_COOKIE;
    case AZ_OAS_STYLE_SPACE_DELIMITED:
    case AZ_OAS_STYLE_PIPE_DELIMITED:
    case AZ_OAS_STYLE_DEEP_OBJECT: return in == AZ_OAS_IN_QUERY;
    case AZ_OAS_STYLE_DEFAULT: break;
    }
    return false;
}

/* Serializes a parameter value; see openapi.h. */
az_status az_oas_serialize(const az_oas_param *p, json_object *value, char **out, char **error)
{
    assert(p && out);
    az_status st = AZ_OK;
    ser s = {.p = p};
    buf path = {0};
    *out = NULL;
    if (error)
        *error = NULL;

    if ((unsigned)p->in > AZ_OAS_IN_COOKIE) {
        az__oas_set_error(error, "unknown parameter location %d", (int)p->in);
        st = AZ_ERR_INVALID;
        goto out;
    }
    if (!p->name || !p->name[0]) {
        az__oas_set_error(error, "%s parameter has no name", in_names[p->in]);
        st = AZ_ERR_INVALID;
        goto out;
    }
    s.style = p->style;
    if (s.style == AZ_OAS_STYLE_DEFAULT)
        s.style = p->in == AZ_OAS_IN_PATH || p->in == AZ_OAS_IN_HEADER ? AZ_OAS_STYLE_SIMPLE
                                                                       : AZ_OAS_STYLE_FORM;
    if ((unsigned)s.style > AZ_OAS_STYLE_DEEP_OBJECT) {
        az__oas_set_error(error, "unknown style %d for parameter '%s'", (int)s.style, p->name);
        st = AZ_ERR_INVALID;
        goto out;
    }
    if (!style_allowed(s.style, p->in)) {
        az__oas_set_error(error, "style '%s' is not allowed for %s parameter '%s'",
                          style_names[s.style], in_names[p->in], p->name);
        st = AZ_ERR_INVALID;
        goto out;
    }
    s.explode = p->explode < 0 ? s.style == AZ_OAS_STYLE_FORM : p->explode != 0;

    switch (s.style) {
    case AZ_OAS_STYLE_MATRIX:
        if (!add_rfc6570(&s, value, ";", ";", ",", true, ""))
            s.out.failed = true;
        break;
    case AZ_OAS_STYLE_LABEL:
        if (!add_rfc6570(&s, value, ".", ".", ",", false, ""))
            s.out.failed = true;
        break;
    case AZ_OAS_STYLE_SIMPLE:
        if (!add_rfc6570(&s, value, "", ",", ",", false, ""))
            s.out.failed = true;
        break;
    case AZ_OAS_STYLE_FORM:
        if (!add_rfc6570(&s, value, "", "&", ",", true, "="))
            s.out.failed = true;
        break;
    case AZ_OAS_STYLE_SPACE_DELIMITED:
    case AZ_OAS_STYLE_PIPE_DELIMITED:
        if (!az__oas_is_container(value)) {
            az__oas_set_error(error,
                              "style '%s' needs an array or an object, not %s, for parameter '%s'",
                              style_names[s.style], az__oas_type_name(value), p->name);
            st = AZ_ERR_INVALID;
            goto out;
        }
        /* Exploded, these styles are not defined; they fall back to form. */
        if (!add_rfc6570(&s, value, "", "&",
                         s.style == AZ_OAS_STYLE_SPACE_DELIMITED ? "%20" : "%7C", true, "="))
            s.out.failed = true;
        break;
    case AZ_OAS_STYLE_DEEP_OBJECT: {
        if (!json_object_is_type(value, json_type_object)) {
            az__oas_set_error(error,
                              "style 'deepObject' needs an object, not %s, for parameter '%s'",
                              az__oas_type_name(value), p->name);
            st = AZ_ERR_INVALID;
            goto out;
        }
        bool first = true;
        az_buf_puts(&path, p->name);
        if (path.failed || !add_deep(&s, &path, value, &first))
            s.out.failed = true;
        break;
    }
    case AZ_OAS_STYLE_DEFAULT: break;
    }

    if (!s.out.failed && !s.out.data)
        az_buf_add(&s.out, "", 0);
    if (s.out.failed) {
        st = AZ_ERR_NOMEM;
        goto out;
    }
    /* Header values are not encoded, so they must be valid field values
     * (RFC 9110 section 5.5): no control characters but HTAB. */
    if (p->in == AZ_OAS_IN_HEADER) {
        for (size_t i = 0; i < s.out.len; i++) {
            unsigned char c = (unsigned char)s.out.data[i];
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                az__oas_set_error(error,
                                  "header parameter '%s' has control character 0x%02x in its value",
                                  p->name, c);
                st = AZ_ERR_INVALID;
                goto out;
            }
        }
    }
    *out = s.out.data;
    s.out.data = NULL;
out:
    free(s.out.data);
    free(path.data);
    return st;
}
