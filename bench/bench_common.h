/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_common.h - what the benchmark programs share: the monotonic clock
 * and the exit for a setup failure.
 */
#ifndef ARAZZO_BENCH_COMMON_H
#define ARAZZO_BENCH_COMMON_H

/* Returns the monotonic clock in seconds. */
double bench_now(void);

/* Prints "PROGRAM: MESSAGE" to stderr and exits with status 2. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3), noreturn))
#endif
void bench_die(const char *program, const char *fmt, ...);

#endif /* ARAZZO_BENCH_COMMON_H */
