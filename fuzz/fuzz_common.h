/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_common.h - what the fuzz targets share: the abort that reports a
 * broken contract with its input, code-point counting as diagnostics count
 * columns, and rendering diagnostics to a sink so the renderer is fuzzed.
 */
#ifndef ARAZZO_FUZZ_COMMON_H
#define ARAZZO_FUZZ_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <arazzo/core.h>

/*
 * Prints "TARGET: contract broken for 'SUBJECT': MESSAGE" on stderr and
 * aborts, so libFuzzer keeps the input.
 */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 0), noreturn))
#endif
void fuzz_vabort(const char *target, const char *subject, const char *fmt, va_list ap);

/* Counts the code points of `n` bytes the way diagnostics count columns. */
size_t fuzz_code_points(const char *s, size_t n);

/* Renders diagnostics to `sink` (may be NULL): the list plain, then each in colour. */
void fuzz_render(FILE *sink, const az_diags *diags);

#endif /* ARAZZO_FUZZ_COMMON_H */
