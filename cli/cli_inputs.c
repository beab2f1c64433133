/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_inputs.c - the inputs of `arazzo run`, gathered from three places,
 * later ones winning: ARAZZO_INPUT_<NAME> environment variables for the
 * names the workflow declares, an --inputs file (JSON or YAML object), and
 * --input NAME=VALUE / NAME:=JSON options. A NAME=VALUE text is typed by
 * the workflow's inputs schema: "5" is the integer 5 when the schema says
 * integer, "true" a boolean when it says boolean, JSON text when it says
 * object or array, and a string otherwise. Required inputs still missing
 * (no value, no default) are then asked for on a terminal, without echo
 * for secrets (az_input_is_secret); elsewhere the run's error lists them.
 */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <arazzo/openapi.h>

/* The inputs schema of the workflow ($ref followed); node NULL when none. */
static az_oas_node inputs_schema(const cli_inputs_ctx *c)
{
    az_oas_node at = {c->src, az_json_get(c->workflow, "inputs")}, schema = {c->src, NULL};
    if (!at.node || az_oas_ref_follow(c->set, at, NULL, &schema) != AZ_OK)
        schema.node = NULL;
    return schema;
}

/* The property schema of input `name` (its $ref followed), or NULL. */
static json_object *property_schema(const cli_inputs_ctx *c, const char *name)
{
    az_oas_node schema = inputs_schema(c), prop;
    az_oas_node pat = {schema.src, az_json_get(az_json_get(schema.node, "properties"), name)};
    if (!pat.node || az_oas_ref_follow(c->set, pat, NULL, &prop) != AZ_OK)
        return NULL;
    return prop.node;
}

/* The declared type of a schema ("integer"...; the first of a list), or NULL. */
static const char *schema_type(json_object *schema)
{
    json_object *t = az_json_get(schema, "type");
    if (json_object_is_type(t, json_type_array))
        for (size_t i = 0; i < json_object_array_length(t); i++)
            if (strcmp(json_object_get_string(json_object_array_get_idx(t, i)), "null") != 0)
                return json_object_get_string(json_object_array_get_idx(t, i));
    return json_object_is_type(t, json_type_string) ? json_object_get_string(t) : NULL;
}

/* Parses a whole JSON text; NULL with *ok false when it is not JSON. */
static json_object *parse_json(const char *text, bool *ok)
{
    /* The terminating NUL is part of the input, so a bare number or
     * literal ("5", "true") is complete; anything after the value but
     * white space makes it not JSON. */
    size_t len = strlen(text);
    json_tokener *tok = json_tokener_new();
    json_object *v = tok ? json_tokener_parse_ex(tok, text, (int)len + 1) : NULL;
    *ok = tok && json_tokener_get_error(tok) == json_tokener_success;
    for (size_t i = tok ? json_tokener_get_parse_end(tok) : 0; *ok && i < len; i++)
        *ok = text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r';
    if (tok)
        json_tokener_free(tok);
    if (!*ok) {
        json_object_put(v);
        v = NULL;
    }
    return v;
}

/*
 * Types the text of input `name` by its schema (see the file comment).
 * Stores the value in *out; returns false with a message on stderr when
 * the text cannot have the declared type.
 */
static bool typed_value(const cli_inputs_ctx *c, const char *name, const char *text,
                        json_object **out)
{
    const char *type = schema_type(property_schema(c, name));
    bool ok = true;
    *out = NULL;
    if (type && (strcmp(type, "integer") == 0 || strcmp(type, "number") == 0 ||
                 strcmp(type, "boolean") == 0 || strcmp(type, "object") == 0 ||
                 strcmp(type, "array") == 0 || strcmp(type, "null") == 0)) {
        *out = parse_json(text, &ok);
        if (ok && strcmp(type, "integer") == 0 && !json_object_is_type(*out, json_type_int))
            ok = false;
        if (!ok) {
            fprintf(stderr, "arazzo: input '%s' must be %s %s, not '%s'\n", name,
                    type[0] == 'a' || type[0] == 'i' || type[0] == 'o' ? "an" : "a", type, text);
            json_object_put(*out);
            *out = NULL;
            return false;
        }
        return true;
    }
    *out = json_object_new_string(text);
    return *out != NULL;
}

/* The environment variable name of an input: ARAZZO_INPUT_ + NAME in
 * capitals, other characters as '_'. */
static void env_name(const char *name, char *buf, size_t size)
{
    size_t n = (size_t)snprintf(buf, size, "ARAZZO_INPUT_");
    for (const char *p = name; *p && n + 1 < size; p++)
        buf[n++] = isalnum((unsigned char)*p) ? (char)toupper((unsigned char)*p) : '_';
    buf[n] = '\0';
}

/* Adds the ARAZZO_INPUT_<NAME> variables of the declared inputs. */
static bool add_environment(const cli_inputs_ctx *c, json_object *inputs)
{
    json_object *props = az_json_get(inputs_schema(c).node, "properties");
    if (!json_object_is_type(props, json_type_object))
        return true;
    json_object_object_foreach(props, name, prop)
    {
        (void)prop;
        char var[256];
        env_name(name, var, sizeof(var));
        const char *text = getenv(var);
        json_object *value = NULL;
        if (!text)
            continue;
        if (!typed_value(c, name, text, &value))
            return false;
        json_object_object_add(inputs, name, value);
    }
    return true;
}

/* Merges the members of an --inputs file. */
static bool add_file(const char *path, json_object *inputs)
{
    az_diags *diags = az_diags_new();
    az_doc *doc = NULL;
    bool ok = az_doc_load_file(path, NULL, diags, &doc) == AZ_OK;
    if (!ok)
        az_diags_render_text(diags, stderr, NULL);
    json_object *root = ok ? az_doc_root(doc) : NULL;
    if (ok && !json_object_is_type(root, json_type_object)) {
        fprintf(stderr, "arazzo: %s: the inputs file must hold an object (name: value)\n", path);
        ok = false;
    }
    if (ok) {
        /* The document's keys live in its own memory: the values are
         * copied through their JSON text before the document goes. */
        json_object_object_foreach(root, name, value)
        {
            json_object *copy = json_tokener_parse(json_object_to_json_string_ext(
                value, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
            json_object_object_add(inputs, name, copy);
        }
    }
    az_diags_free(diags);
    az_doc_free(doc);
    return ok;
}

/* Adds one --input NAME=VALUE or NAME:=JSON. */
static bool add_option(const cli_inputs_ctx *c, const char *arg, json_object *inputs)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg || (eq == arg + 1 && arg[0] == ':')) {
        fprintf(stderr, "arazzo: --input '%s' is not NAME=VALUE or NAME:=JSON\n", arg);
        return false;
    }
    bool raw = eq[-1] == ':';
    char *name = strndup(arg, (size_t)(eq - arg) - (raw ? 1 : 0));
    json_object *value = NULL;
    bool ok = name != NULL;
    if (ok && raw) {
        value = parse_json(eq + 1, &ok);
        if (!ok)
            fprintf(stderr, "arazzo: --input %s:= needs JSON, not '%s'\n", name, eq + 1);
    } else if (ok) {
        ok = typed_value(c, name, eq + 1, &value);
    }
    if (ok)
        json_object_object_add(inputs, name, value);
    free(name);
    return ok;
}

/* Reads one line from stdin without its newline, the echo off when
 * `hidden`; a new string, NULL at end of input. */
static char *read_line(bool hidden)
{
    struct termios old, quiet;
    bool restore = hidden && tcgetattr(STDIN_FILENO, &old) == 0;
    if (restore) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len = getline(&line, &cap, stdin);
    if (restore) {
        tcsetattr(STDIN_FILENO, TCSANOW, &old);
        fputc('\n', stderr);
    }
    if (len < 0) {
        free(line);
        return NULL;
    }
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        line[--len] = '\0';
    return line;
}

/* Asks for one input on the terminal until its text has the declared type.
 * False at end of input. */
static bool ask(const cli_inputs_ctx *c, const char *name, json_object *inputs)
{
    json_object *prop = property_schema(c, name);
    const char *type = schema_type(prop), *description = az_json_get_string(prop, "description");
    bool hidden = az_input_is_secret(name, prop);
    for (;;) {
        fprintf(stderr, "%s", name);
        if (type || description || hidden) {
            fprintf(stderr, " (");
            if (type)
                fputs(type, stderr);
            if (description) {
                fputs(type ? ", " : "", stderr);
                az_put_sanitized(stderr, description, strlen(description));
            }
            if (hidden)
                fputs(type || description ? ", hidden" : "hidden", stderr);
            fputc(')', stderr);
        }
        fputs(": ", stderr);
        fflush(stderr);
        char *text = read_line(hidden);
        if (!text)
            return false;
        json_object *value = NULL;
        bool ok = typed_value(c, name, text, &value);
        free(text);
        if (ok) {
            json_object_object_add(inputs, name, value);
            return true;
        }
    }
}

/* Tells whether input `name` is required, has no value and no default. */
static bool is_missing(const cli_inputs_ctx *c, const char *name, json_object *inputs)
{
    return name && !json_object_object_get_ex(inputs, name, NULL) &&
           !json_object_object_get_ex(property_schema(c, name), "default", NULL);
}

/* Asks for the missing required inputs when stdin and stderr are
 * terminals; false when the input ends first. */
static bool ask_missing(const cli_inputs_ctx *c, json_object *inputs)
{
    json_object *required = az_json_get(inputs_schema(c).node, "required");
    if (!isatty(STDIN_FILENO) || !isatty(STDERR_FILENO))
        return true;
    for (size_t i = 0;
         json_object_is_type(required, json_type_array) && i < json_object_array_length(required);
         i++) {
        const char *name = json_object_get_string(json_object_array_get_idx(required, i));
        if (is_missing(c, name, inputs) && !ask(c, name, inputs)) {
            fprintf(stderr, "\narazzo: no value for input '%s'\n", name);
            return false;
        }
    }
    return true;
}

/* Lists the missing required inputs; see cli.h. */
char *cli_inputs_missing(const cli_inputs_ctx *c, json_object *inputs)
{
    json_object *required = az_json_get(inputs_schema(c).node, "required");
    az_buf list = {0};
    size_t n = 0;
    for (size_t i = 0;
         json_object_is_type(required, json_type_array) && i < json_object_array_length(required);
         i++) {
        const char *name = json_object_get_string(json_object_array_get_idx(required, i));
        if (!is_missing(c, name, inputs))
            continue;
        const char *type = schema_type(property_schema(c, name));
        az_buf_puts(&list, n++ ? ", " : "");
        az_buf_puts(&list, name);
        if (type) {
            az_buf_puts(&list, " (");
            az_buf_puts(&list, type);
            az_buf_puts(&list, ")");
        }
    }
    char *text = az_buf_take(&list);
    if (text && n == 0) {
        free(text);
        text = NULL;
    }
    return text;
}

/* Gathers the inputs; see cli.h. */
json_object *cli_inputs_gather(const cli_inputs_ctx *c, const char *const *files, size_t n_files,
                               const char *const *options, size_t n_options)
{
    json_object *inputs = json_object_new_object();
    bool ok = inputs && add_environment(c, inputs);
    for (size_t i = 0; ok && i < n_files; i++)
        ok = add_file(files[i], inputs);
    for (size_t i = 0; ok && i < n_options; i++)
        ok = add_option(c, options[i], inputs);
    ok = ok && ask_missing(c, inputs);
    if (!ok) {
        json_object_put(inputs);
        return NULL;
    }
    return inputs;
}
