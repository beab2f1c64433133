/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core_diag.c - the diagnostics list: creating, annotating and counting
 * diagnostics. Rendering lives in core_diag_render.c.
 */
#include "core_internal.h"

#include <stdlib.h>
#include <string.h>

struct az_diags {
    az_diag **items;
    size_t n, cap;
};

/* Creates an empty list. */
az_diags *az_diags_new(void)
{
    return calloc(1, sizeof(az_diags));
}

/* Releases every string a diagnostic owns, then the diagnostic. */
static void diag_free(az_diag *d)
{
    if (!d)
        return;
    free(d->code);
    free(d->message);
    free(d->file);
    free(d->pointer);
    free(d->source_line);
    free(d->related_message);
    free(d->related_file);
    free(d->related_source_line);
    free(d);
}

/* Releases the list and its diagnostics. */
void az_diags_free(az_diags *diags)
{
    if (!diags)
        return;
    for (size_t i = 0; i < diags->n; i++)
        diag_free(diags->items[i]);
    free(diags->items);
    free(diags);
}

/* Copies a string, keeping NULL as NULL; sets *failed when out of memory. */
static char *dup_or_null(const char *s, bool *failed)
{
    if (!s)
        return NULL;
    char *copy = strdup(s);
    if (!copy)
        *failed = true;
    return copy;
}

/* Appends a diagnostic; see core.h. */
az_diag *az_diags_addv(az_diags *diags, az_severity severity, const char *code, const az_pos *pos,
                       const char *fmt, va_list ap)
{
    bool failed = false;
    if (!diags)
        return NULL;
    if (diags->n == diags->cap) {
        size_t cap = diags->cap ? diags->cap * 2 : 8;
        az_diag **grown = realloc(diags->items, cap * sizeof *grown);
        if (!grown)
            return NULL;
        diags->items = grown;
        diags->cap = cap;
    }
    az_diag *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->severity = severity;
    d->code = dup_or_null(code, &failed);
    d->message = az_vstrdupf(fmt, ap);
    if (pos) {
        d->file = dup_or_null(pos->file, &failed);
        d->line = pos->line;
        d->column = pos->column;
    }
    if (failed || !d->message) {
        diag_free(d);
        return NULL;
    }
    diags->items[diags->n++] = d;
    return d;
}

/* Appends a diagnostic with a printf-style message; see core.h. */
az_diag *az_diags_add(az_diags *diags, az_severity severity, const char *code, const az_pos *pos,
                      const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    az_diag *d = az_diags_addv(diags, severity, code, pos, fmt, ap);
    va_end(ap);
    return d;
}

/* Appends a copy of a diagnostic with another severity; see core.h. */
az_diag *az_diags_add_copy(az_diags *diags, const az_diag *diag, az_severity severity)
{
    bool failed = false;
    az_pos pos = {diag->file, diag->line, diag->column};
    az_diag *d = az_diags_add(diags, severity, diag->code, &pos, "%s", diag->message);
    if (!d)
        return NULL;
    d->span = diag->span;
    d->pointer = dup_or_null(diag->pointer, &failed);
    d->source_line = dup_or_null(diag->source_line, &failed);
    d->related_message = dup_or_null(diag->related_message, &failed);
    d->related_file = dup_or_null(diag->related_file, &failed);
    d->related_line = diag->related_line;
    d->related_column = diag->related_column;
    d->related_source_line = dup_or_null(diag->related_source_line, &failed);
    return failed ? NULL : d;
}

/* Replaces *slot with a copy of [text, text+len). */
static az_status set_text(char **slot, const char *text, size_t len)
{
    char *copy = malloc(len + 1);
    if (!copy)
        return AZ_ERR_NOMEM;
    memcpy(copy, text, len);
    copy[len] = '\0';
    free(*slot);
    *slot = copy;
    return AZ_OK;
}

/* Names the file of the diagnostics that have none; see core.h. */
az_status az_diags_fill_file(az_diags *diags, size_t from, const char *file)
{
    for (size_t i = from; i < az_diags_count(diags); i++) {
        az_diag *d = diags->items[i];
        if (!d->file && set_text(&d->file, file, strlen(file)) != AZ_OK)
            return AZ_ERR_NOMEM;
    }
    return AZ_OK;
}

/* Sets the JSON Pointer of the node a diagnostic is about. */
az_status az_diag_set_pointer(az_diag *diag, const char *pointer)
{
    if (!diag || !pointer)
        return AZ_ERR_INVALID;
    return set_text(&diag->pointer, pointer, strlen(pointer));
}

/* Sets the quoted source line of a diagnostic. */
az_status az_diag_set_source_line(az_diag *diag, const char *text, size_t len)
{
    if (!diag || !text)
        return AZ_ERR_INVALID;
    return set_text(&diag->source_line, text, len);
}

/* Sets the related position ("first defined here") of a diagnostic. */
az_status az_diag_set_related(az_diag *diag, const az_pos *pos, const char *message,
                              const char *source_line, size_t source_line_len)
{
    if (!diag || !pos)
        return AZ_ERR_INVALID;
    const char *file = pos->file ? pos->file : diag->file;
    if (file && set_text(&diag->related_file, file, strlen(file)) != AZ_OK)
        return AZ_ERR_NOMEM;
    if (message && set_text(&diag->related_message, message, strlen(message)) != AZ_OK)
        return AZ_ERR_NOMEM;
    if (source_line && set_text(&diag->related_source_line, source_line, source_line_len) != AZ_OK)
        return AZ_ERR_NOMEM;
    diag->related_line = pos->line;
    diag->related_column = pos->column;
    return AZ_OK;
}

/* One diagnostic's sort key: its file's rank, line, column, and its index
 * (which makes qsort stable). */
typedef struct sort_key {
    size_t file_rank;
    uint32_t line, column;
    size_t index;
    az_diag *diag;
} sort_key;

/* Orders two sort keys. */
static int compare_keys(const void *pa, const void *pb)
{
    const sort_key *a = pa, *b = pb;
    if (a->file_rank != b->file_rank)
        return a->file_rank < b->file_rank ? -1 : 1;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->column != b->column)
        return a->column < b->column ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* Sorts in source order; see core.h. */
void az_diags_sort(az_diags *diags, size_t from)
{
    if (!diags || from + 1 >= diags->n)
        return;
    size_t n = diags->n - from;
    sort_key *keys = malloc(n * sizeof(*keys));
    if (!keys)
        return; /* the order stays as it was */
    for (size_t i = 0; i < n; i++) {
        az_diag *d = diags->items[from + i];
        size_t rank = i;
        for (size_t j = 0; j < i; j++) {
            const char *f = diags->items[from + j]->file;
            if ((f == NULL && d->file == NULL) || (f && d->file && strcmp(f, d->file) == 0)) {
                rank = keys[j].file_rank;
                break;
            }
        }
        keys[i] = (sort_key){rank, d->line, d->column, i, d};
    }
    qsort(keys, n, sizeof(*keys), compare_keys);
    for (size_t i = 0; i < n; i++)
        diags->items[from + i] = keys[i].diag;
    free(keys);
}

size_t az_diags_count(const az_diags *diags)
{
    return diags ? diags->n : 0;
}

const az_diag *az_diags_get(const az_diags *diags, size_t i)
{
    return diags && i < diags->n ? diags->items[i] : NULL;
}

/* Counts the diagnostics of one severity. */
size_t az_diags_count_severity(const az_diags *diags, az_severity severity)
{
    size_t n = 0;
    for (size_t i = 0; i < az_diags_count(diags); i++)
        n += diags->items[i]->severity == severity;
    return n;
}
