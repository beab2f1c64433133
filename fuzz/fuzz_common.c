/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_common.c - the helpers every fuzz target shares (fuzz_common.h).
 */
#include "fuzz_common.h"

#include <stdlib.h>

/* Reports a broken contract and aborts; see fuzz_common.h. */
void fuzz_vabort(const char *target, const char *subject, const char *fmt, va_list ap)
{
    fprintf(stderr, "%s: contract broken for '%s': ", target, subject);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    abort();
}

/* Counts code points; see fuzz_common.h. */
size_t fuzz_code_points(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            k++;
    return k;
}

/* Renders diagnostics plain and in colour; see fuzz_common.h. */
void fuzz_render(FILE *sink, const az_diags *diags)
{
    if (!sink)
        return;
    az_render_opts plain = {false}, color = {true};
    az_diags_render_text(diags, sink, &plain);
    for (size_t i = 0; i < az_diags_count(diags); i++)
        az_diag_render_text(az_diags_get(diags, i), sink, &color);
    fflush(sink);
}
