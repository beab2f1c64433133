/* SPDX-License-Identifier: Apache-2.0 */
/*
 * replay_main.c - runs the fuzz target over files without libFuzzer, so the
 * seed corpus (with every past finding, fuzz/corpus/regress-*) is a
 * regression test of the normal and sanitizer builds: each file goes
 * through LLVMFuzzerTestOneInput, which aborts on any broken contract.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads a whole file into a new buffer; NULL on failure. */
static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    uint8_t *buf = NULL;
    if (fseek(f, 0, SEEK_END) == 0) {
        long n = ftell(f);
        if (n >= 0 && fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) != NULL)
            *len = fread(buf, 1, (size_t)n, f);
    }
    fclose(f);
    return buf;
}

int main(int argc, char **argv)
{
    int failed = 0;
    for (int i = 1; i < argc; i++) {
        size_t len = 0;
        uint8_t *data = slurp(argv[i], &len);
        if (!data) {
            fprintf(stderr, "replay: cannot read %s\n", argv[i]);
            failed++;
            continue;
        }
        LLVMFuzzerTestOneInput(data, len);
        free(data);
    }
    printf("%d passed, %d failed\n", argc - 1 - failed, failed);
    return failed ? 1 : 0;
}
