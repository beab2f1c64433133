/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_common.h - what the benchmark programs share: the monotonic clock
 * and the exit for a setup failure.
 */
#ifndef ARAZZO_BENCH_COMMON_H
#define ARAZZO_BENCH_COMMON_H

#include <stddef.h>

#include <arazzo/core.h>

/* Returns the monotonic clock in seconds. */
double bench_now(void);

/* Prints "PROGRAM: MESSAGE" to stderr and exits with status 2. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3), noreturn))
#endif
void bench_die(const char *program, const char *fmt, ...);

/*
 * The benchmarks' text buffer is core's az_buf (zero-initialized); these
 * append to it and end the program (status 2) when memory runs out.
 */
void bench_put(az_buf *b, const char *s, size_t n);
void bench_puts(az_buf *b, const char *s);
void bench_putc(az_buf *b, char c);
/* Appends a line break followed by `spaces` spaces. */
void bench_newline(az_buf *b, unsigned spaces);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void bench_printf(az_buf *b, const char *fmt, ...);

#endif /* ARAZZO_BENCH_COMMON_H */
