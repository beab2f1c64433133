/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core_diag_render.c - how diagnostics look to users: the compiler-style
 * text form (location, severity, message, code, the quoted source line and a
 * caret under the column, the JSON Pointer, then the related position as a
 * note) and the JSON form. Everything printed from input (messages, source
 * lines) is sanitized so a document cannot send control sequences to the
 * terminal; very long lines are cut to a window around the column.
 */
#include "core_internal.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Columns of source shown around the caret before a line is cut. */
#define WINDOW_BEFORE 60
#define WINDOW_WIDTH  120
/* Bytes of a long JSON Pointer shown before and after the cut. */
#define POINTER_HEAD 60
#define POINTER_TAIL 40

#define SGR_RESET   "\033[0m"
#define SGR_BOLD    "\033[1m"
#define SGR_RED     "\033[1;31m"
#define SGR_MAGENTA "\033[1;35m"
#define SGR_CYAN    "\033[1;36m"
#define SGR_GREEN   "\033[1;32m"
#define SGR_DIM     "\033[2m"

/* Tells whether colour is wanted on a stream; see core.h. */
bool az_color_wanted(FILE *stream)
{
    const char *no_color = getenv("NO_COLOR");
    if (no_color && *no_color)
        return false;
    return stream && isatty(fileno(stream));
}

/* Prints `s` with control characters shown as '?'; see core.h. */
void az_put_sanitized(FILE *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            fputc('?', out);
        else
            fputc(c, out);
    }
}

/* Byte offset of the 0-based code point `cp` in [s, s+len) (len if past). */
static size_t offset_of_column(const char *s, size_t len, size_t cp)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (n == cp)
                return i;
            n++;
        }
    }
    return len;
}

/* Number of decimal digits of n. */
static int digits(uint32_t n)
{
    int d = 1;
    while (n >= 10) {
        n /= 10;
        d++;
    }
    return d;
}

/* Prints "file:line:col: " (or "arazzo: " without a file) in bold. */
static void put_location(FILE *out, const char *file, uint32_t line, uint32_t column,
                         const az_render_opts *opts)
{
    if (opts->color)
        fputs(SGR_BOLD, out);
    if (!file)
        fputs("arazzo", out);
    else
        az_put_sanitized(out, file, strlen(file));
    if (file && line) {
        fprintf(out, ":%u", (unsigned)line);
        if (column)
            fprintf(out, ":%u", (unsigned)column);
    }
    fputs(": ", out);
    if (opts->color)
        fputs(SGR_RESET, out);
}

/* Prints the severity word in its colour. */
static void put_severity(FILE *out, az_severity sev, const az_render_opts *opts)
{
    const char *sgr = sev == AZ_SEVERITY_ERROR     ? SGR_RED
                      : sev == AZ_SEVERITY_WARNING ? SGR_MAGENTA
                                                   : SGR_CYAN;
    if (opts->color)
        fputs(sgr, out);
    fprintf(out, "%s:", az_severity_name(sev));
    if (opts->color)
        fputs(SGR_RESET, out);
    fputc(' ', out);
}

/*
 * Prints the quoted source line and the caret line under it:
 *     12 |     name: again
 *        |     ^~~~
 * A line longer than the window is cut around the column with "...".
 */
static void put_source(FILE *out, int gutter, uint32_t line, uint32_t column, uint32_t span,
                       const char *text, const az_render_opts *opts)
{
    size_t len = strlen(text);
    size_t col0 = column ? column - 1 : 0;
    size_t total = az_utf8_length(text, len);
    size_t from_cp = 0, to_cp = total;
    if (total > WINDOW_WIDTH) {
        from_cp = col0 > WINDOW_BEFORE ? col0 - WINDOW_BEFORE : 0;
        to_cp = from_cp + WINDOW_WIDTH < total ? from_cp + WINDOW_WIDTH : total;
    }
    size_t from = offset_of_column(text, len, from_cp);
    size_t to = offset_of_column(text, len, to_cp);
    const char *lead = from_cp ? "..." : "";

    fprintf(out, " %*u | %s", gutter, (unsigned)line, lead);
    az_put_sanitized(out, text + from, to - from);
    fputs(to_cp < total ? "...\n" : "\n", out);
    if (!column)
        return;
    fprintf(out, " %*s | %s", gutter, "", from_cp ? "   " : "");
    /* Pad with the same whitespace as the source so tabs line up. */
    size_t caret_at = offset_of_column(text, len, col0);
    for (size_t i = from; i < caret_at && i < to; i++) {
        unsigned char c = (unsigned char)text[i];
        if ((c & 0xC0) == 0x80)
            continue;
        fputc(c == '\t' ? '\t' : ' ', out);
    }
    if (opts->color)
        fputs(SGR_GREEN, out);
    fputc('^', out);
    for (uint32_t i = 1; i < span; i++)
        fputc('~', out);
    if (opts->color)
        fputs(SGR_RESET, out);
    fputc('\n', out);
}

/* Renders one diagnostic compiler-style; see core.h. */
void az_diag_render_text(const az_diag *d, FILE *out, const az_render_opts *opts)
{
    az_render_opts plain = {false};
    if (!opts)
        opts = &plain;
    int gutter = digits(d->line > d->related_line ? d->line : d->related_line);

    put_location(out, d->file, d->line, d->column, opts);
    put_severity(out, d->severity, opts);
    az_put_sanitized(out, d->message, strlen(d->message));
    if (d->code) {
        if (opts->color)
            fputs(SGR_DIM, out);
        fprintf(out, " [%s]", d->code);
        if (opts->color)
            fputs(SGR_RESET, out);
    }
    fputc('\n', out);
    if (d->source_line && d->line)
        put_source(out, gutter, d->line, d->column, d->span, d->source_line, opts);
    if (d->pointer) {
        /* Deep pointers are shortened in the middle; JSON keeps them whole. */
        size_t len = strlen(d->pointer);
        fprintf(out, " %*s = at ", gutter, "");
        if (len > POINTER_HEAD + POINTER_TAIL + 3) {
            /* Cut on code point boundaries. */
            size_t head = POINTER_HEAD, tail = len - POINTER_TAIL;
            while (head > 0 && ((unsigned char)d->pointer[head] & 0xC0) == 0x80)
                head--;
            while (tail < len && ((unsigned char)d->pointer[tail] & 0xC0) == 0x80)
                tail++;
            az_put_sanitized(out, d->pointer, head);
            fputs("...", out);
            az_put_sanitized(out, d->pointer + tail, len - tail);
        } else {
            az_put_sanitized(out, d->pointer, len);
        }
        fputc('\n', out);
    }
    if (d->related_line || d->related_message) {
        put_location(out, d->related_file ? d->related_file : d->file, d->related_line,
                     d->related_column, opts);
        put_severity(out, AZ_SEVERITY_NOTE, opts);
        const char *msg = d->related_message ? d->related_message : "related position";
        az_put_sanitized(out, msg, strlen(msg));
        fputc('\n', out);
        if (d->related_source_line && d->related_line)
            put_source(out, gutter, d->related_line, d->related_column, 0, d->related_source_line,
                       opts);
    }
}

/* Renders every diagnostic of a list; see core.h. */
void az_diags_render_text(const az_diags *diags, FILE *out, const az_render_opts *opts)
{
    for (size_t i = 0; i < az_diags_count(diags); i++)
        az_diag_render_text(az_diags_get(diags, i), out, opts);
}

/* Adds a string member when the value is present. */
static void add_string(json_object *obj, const char *key, const char *value)
{
    if (value)
        json_object_object_add(obj, key, json_object_new_string(value));
}

/* Adds an integer member when the value is known (non-zero). */
static void add_uint(json_object *obj, const char *key, uint32_t value)
{
    if (value)
        json_object_object_add(obj, key, json_object_new_int64(value));
}

/* Converts a list to its JSON form; see core.h. */
json_object *az_diags_to_json(const az_diags *diags)
{
    json_object *arr = json_object_new_array();
    if (!arr)
        return NULL;
    for (size_t i = 0; i < az_diags_count(diags); i++) {
        const az_diag *d = az_diags_get(diags, i);
        json_object *o = json_object_new_object();
        if (!o)
            break;
        add_string(o, "severity", az_severity_name(d->severity));
        add_string(o, "code", d->code);
        add_string(o, "message", d->message);
        add_string(o, "file", d->file);
        add_uint(o, "line", d->line);
        add_uint(o, "column", d->column);
        add_string(o, "pointer", d->pointer);
        if (d->related_line || d->related_message) {
            json_object *r = json_object_new_object();
            add_string(r, "message", d->related_message);
            add_string(r, "file", d->related_file);
            add_uint(r, "line", d->related_line);
            add_uint(r, "column", d->related_column);
            json_object_object_add(o, "related", r);
        }
        json_object_array_add(arr, o);
    }
    return arr;
}
