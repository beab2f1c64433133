/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_common.c - the clock, the setup-failure exit, the command-line and
 * file helpers, the /proc/self/status figures and the text buffer (core's
 * az_buf, ending the program when memory runs out) of the benchmark
 * programs (bench_common.h).
 */
#include "bench_common.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Returns the monotonic clock in seconds. */
double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Prints the message and exits with status 2; see bench_common.h. */
void bench_die(const char *program, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", program);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

/* Reads an option's count or exits; see bench_common.h. */
long bench_parse_count(const char *program, const char *option, const char *text, long max)
{
    char *end;
    long n = strtol(text, &end, 10);
    if (*end || n < 1 || n > max)
        bench_die(program, "%s wants a number from 1 to %ld", option, max);
    return n;
}

/* Prints the usage and exits, 0 for --help; see bench_common.h. */
void bench_usage_exit(const char *arg, void (*usage)(FILE *out))
{
    bool help = strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
    usage(help ? stdout : stderr);
    exit(help ? 0 : 2);
}

/* Writes a file or exits; see bench_common.h. */
void bench_write_file(const char *program, const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
        bench_die(program, "cannot write %s: %s", path, strerror(errno));
}

/* Reads a /proc/self/status figure in KiB; see bench_common.h. */
long bench_proc_status_kib(const char *name)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kib = 0;
    size_t n = strlen(name);
    if (!f)
        goto out;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, name, n) == 0 && line[n] == ':') {
            kib = strtol(line + n + 1, NULL, 10);
            break;
        }
    }
    fclose(f);
out:
    return kib;
}

/* Ends the program when a buffer could not grow. */
static void check(const az_buf *b)
{
    if (b->failed)
        bench_die("bench", "out of memory (growing a buffer past %zu bytes)", b->len);
}

/* Appends `n` bytes; see bench_common.h. */
void bench_put(az_buf *b, const char *s, size_t n)
{
    az_buf_add(b, s, n);
    check(b);
}

/* Appends a NUL-terminated string. */
void bench_puts(az_buf *b, const char *s)
{
    bench_put(b, s, strlen(s));
}

/* Appends one byte. */
void bench_putc(az_buf *b, char c)
{
    bench_put(b, &c, 1);
}

/* Appends a line break followed by `spaces` spaces. */
void bench_newline(az_buf *b, unsigned spaces)
{
    static const char blanks[] = "                                                                ";
    bench_putc(b, '\n');
    while (spaces > 0) {
        unsigned n = spaces < sizeof(blanks) - 1 ? spaces : (unsigned)(sizeof(blanks) - 1);
        bench_put(b, blanks, n);
        spaces -= n;
    }
}

/* Appends printf-formatted text (at most 255 bytes). */
void bench_printf(az_buf *b, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp)
        bench_die("bench", "formatted text too long");
    bench_put(b, tmp, (size_t)n);
}
