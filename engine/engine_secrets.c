/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine_secrets.c - keeping secrets out of everything a run reports:
 * which inputs, headers, response members and outputs are secret, the
 * list of secret values seen in a run, and masking them ("***") in text,
 * headers and JSON values before an event or a result leaves the engine
 * (issue 5, "Events").
 */
#include <arazzo/engine.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine_run_internal.h"

/* The mask put in place of a secret. */
#define MASK "***"

/* Shortest value treated as a secret: masking "a" would mangle every text. */
#define MIN_SECRET_LEN 3

/* Tells whether `name` contains `word`, ignoring case. */
static bool contains_word(const char *name, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = name; *p; p++)
        if (strncasecmp(p, word, n) == 0)
            return true;
    return false;
}

/* Tells whether an input is a secret; see engine.h. */
bool az_input_is_secret(const char *name, json_object *schema)
{
    static const char *const words[] = {"token",  "secret",  "password", "passwd",
                                        "apikey", "api_key", "api-key",  "credential"};
    json_object *format = NULL;
    if (json_object_is_type(schema, json_type_object) &&
        json_object_object_get_ex(schema, "format", &format) &&
        json_object_is_type(format, json_type_string) &&
        strcmp(json_object_get_string(format), "password") == 0)
        return true;
    for (size_t i = 0; name && i < sizeof(words) / sizeof(words[0]); i++)
        if (contains_word(name, words[i]))
            return true;
    return false;
}

/* Tells whether a member or output name holds a secret value; see
 * engine_run_internal.h. */
bool az__name_holds_secret(const char *name)
{
    static const char *const endings[] = {"token",  "secret",     "password",   "passwd",
                                          "apikey", "credential", "credentials"};
    char plain[128];
    size_t n = 0;
    for (const char *p = name; p && *p && n + 1 < sizeof(plain); p++)
        if (*p != '_' && *p != '-')
            plain[n++] = *p;
    plain[n] = '\0';
    for (size_t i = 0; i < sizeof(endings) / sizeof(endings[0]); i++) {
        size_t len = strlen(endings[i]);
        if (n >= len && strcasecmp(plain + n - len, endings[i]) == 0)
            return true;
    }
    return false;
}

/* Remembers the values of secret-named members; see engine_run_internal.h. */
void az__masker_add_members(az__masker *m, json_object *v, unsigned depth)
{
    if (!m->enabled || depth > 32)
        return;
    if (json_object_is_type(v, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(v); i++)
            az__masker_add_members(m, json_object_array_get_idx(v, i), depth + 1);
    } else if (json_object_is_type(v, json_type_object)) {
        json_object_object_foreach(v, name, member)
        {
            if (az__name_holds_secret(name))
                az__masker_add(m, member);
            else
                az__masker_add_members(m, member, depth + 1);
        }
    }
}

/* Tells whether a header carries credentials; see engine.h. */
bool az_header_is_secret(const char *name)
{
    static const char *const words[] = {"api-key", "apikey", "token", "secret", "auth"};
    if (strcasecmp(name, "cookie") == 0 || strcasecmp(name, "set-cookie") == 0)
        return true;
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (contains_word(name, words[i]))
            return true;
    return false;
}

/* Remembers a secret value (its text form); short values are ignored. */
void az__masker_add(az__masker *m, json_object *value)
{
    if (!m->enabled || !value)
        return;
    if (json_object_is_type(value, json_type_object) || json_object_is_type(value, json_type_array))
        return;
    const char *text = json_object_get_string(value);
    if (!text || strlen(text) < MIN_SECRET_LEN)
        return;
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->values[i], text) == 0)
            return;
    char **grown = realloc(m->values, (m->n + 1) * sizeof(*grown));
    if (!grown)
        return;
    m->values = grown;
    if ((m->values[m->n] = strdup(text)) != NULL)
        m->n++;
}

/* Releases the secrets. */
void az__masker_clear(az__masker *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->values[i]);
    free(m->values);
    m->values = NULL;
    m->n = 0;
}

/* Returns a new copy of `len` bytes of text with every secret masked. */
char *az__mask_text(const az__masker *m, const char *text, size_t len)
{
    az_buf b = {0};
    size_t i = 0;
    while (i < len) {
        bool hit = false;
        for (size_t s = 0; m->enabled && s < m->n; s++) {
            size_t n = strlen(m->values[s]);
            if (n <= len - i && memcmp(text + i, m->values[s], n) == 0) {
                az_buf_puts(&b, MASK);
                i += n;
                hit = true;
                break;
            }
        }
        if (!hit) {
            az_buf_add(&b, text + i, 1);
            i++;
        }
    }
    if (b.failed) {
        free(b.data);
        return NULL;
    }
    return b.data ? az_buf_take(&b) : strdup("");
}

/* Returns a masked deep copy of a JSON value (a new reference). */
json_object *az__mask_json(const az__masker *m, json_object *v)
{
    if (!v)
        return NULL;
    switch (json_object_get_type(v)) {
    case json_type_string: {
        if (!m->enabled || m->n == 0)
            return json_object_get(v);
        char *masked =
            az__mask_text(m, json_object_get_string(v), (size_t)json_object_get_string_len(v));
        json_object *out = masked ? json_object_new_string(masked) : NULL;
        free(masked);
        return out;
    }
    case json_type_array: {
        json_object *out = json_object_new_array();
        for (size_t i = 0; out && i < json_object_array_length(v); i++)
            json_object_array_add(out, az__mask_json(m, json_object_array_get_idx(v, i)));
        return out;
    }
    case json_type_object: {
        json_object *out = json_object_new_object();
        json_object_object_foreach(v, key, child)
        {
            if (out)
                json_object_object_add(out, key, az__mask_json(m, child));
        }
        return out;
    }
    default: return json_object_get(v);
    }
}

/* Returns the header value to show: masked entirely for a credential
 * header, secrets masked otherwise (new string). */
char *az__mask_header(const az__masker *m, const char *name, const char *value)
{
    if (m->enabled && az_header_is_secret(name))
        return strdup(MASK);
    return az__mask_text(m, value, strlen(value));
}
