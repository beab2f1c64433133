/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_common.h - what the benchmark programs share: the monotonic clock,
 * the exit for a setup failure, command-line and file helpers, the
 * /proc/self/status memory figures and a text buffer.
 */
#ifndef ARAZZO_BENCH_COMMON_H
#define ARAZZO_BENCH_COMMON_H

#include <stddef.h>
#include <stdio.h>

#include <arazzo/core.h>

/* Returns the monotonic clock in seconds. */
double bench_now(void);

/* Prints "PROGRAM: MESSAGE" to stderr and exits with status 2. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3), noreturn))
#endif
void bench_die(const char *program, const char *fmt, ...);

/*
 * Reads the count of a command-line option (`option` names it in the
 * message); exits through bench_die unless it is a whole number from 1 to
 * `max`.
 */
long bench_parse_count(const char *program, const char *option, const char *text, long max);

/*
 * Ends the program on an argument it does not take: "--help" and "-h"
 * print `usage` to stdout and exit 0, anything else prints it to stderr and
 * exits 2.
 */
#if defined(__GNUC__)
__attribute__((noreturn))
#endif
void bench_usage_exit(const char *arg, void (*usage)(FILE *out));

/* Writes `len` bytes of `data` to `path`; exits through bench_die on failure. */
void bench_write_file(const char *program, const char *path, const char *data, size_t len);

/*
 * Reads one "Name:   N kB" line of /proc/self/status ("VmHWM", the peak
 * RSS, or "VmRSS"); returns N in KiB, or 0 when the file or the line is not
 * there (not Linux).
 */
long bench_proc_status_kib(const char *name);

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
