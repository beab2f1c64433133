/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_env_file.c - `arazzo run --env-file FILE`: reads a .env file, the
 * format docker compose and the dotenv libraries share, and sets each
 * variable the environment does not set already, so ARAZZO_INPUT_<NAME>
 * and ARAZZO_AUTH_<SCHEME> can live in a file kept out of version control
 * while the real environment still wins. Lines: NAME=VALUE, `export `
 * before NAME allowed, blank lines and '#' comments skipped; a value is
 * bare (trimmed, a " #" starts a comment), in single quotes (as written)
 * or in double quotes (\n, \t, \", \\ escapes).
 */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Reads a quoted value starting after the opening quote `q`; stores it in
 * `out` and returns the text after the closing quote, or NULL when the
 * quote is not closed. */
static const char *quoted(const char *p, char q, az_buf *out)
{
    for (; *p && *p != q; p++) {
        if (q == '"' && *p == '\\' && p[1]) {
            p++;
            char c = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p == 'r' ? '\r' : *p;
            az_buf_add(out, &c, 1);
        } else {
            az_buf_add(out, p, 1);
        }
    }
    return *p == q ? p + 1 : NULL;
}

/* Parses one line: false with *why when it is malformed. A blank or
 * comment line sets nothing. */
static bool parse_line(char *line, const char **why)
{
    char *p = line;
    while (isspace((unsigned char)*p))
        p++;
    if (!*p || *p == '#')
        return true;
    if (strncmp(p, "export", 6) == 0 && (p[6] == ' ' || p[6] == '\t'))
        for (p += 6; *p == ' ' || *p == '\t';)
            p++;
    char *name = p;
    while (isalnum((unsigned char)*p) || *p == '_' || *p == '.')
        p++;
    char *name_end = p;
    while (*p == ' ' || *p == '\t')
        p++;
    if (name_end == name || isdigit((unsigned char)*name) || *p != '=') {
        *why = "expected NAME=VALUE";
        return false;
    }
    *name_end = '\0';
    for (p++; *p == ' ' || *p == '\t';)
        p++;
    az_buf value = {0};
    const char *rest = p;
    if (*p == '"' || *p == '\'') {
        rest = quoted(p + 1, *p, &value);
        if (!rest) {
            free(az_buf_take(&value));
            *why = "unterminated quoted value";
            return false;
        }
        while (isspace((unsigned char)*rest))
            rest++;
        if (*rest && *rest != '#') {
            free(az_buf_take(&value));
            *why = "text after the closing quote";
            return false;
        }
    } else {
        size_t len = strlen(p);
        for (const char *hash = p; (hash = strchr(hash, '#')) != NULL; hash++)
            if (hash > p && (hash[-1] == ' ' || hash[-1] == '\t')) {
                len = (size_t)(hash - p);
                break;
            }
        while (len > 0 && isspace((unsigned char)p[len - 1]))
            len--;
        az_buf_add(&value, p, len);
    }
    char *text = az_buf_take(&value);
    if (!text) {
        *why = "out of memory";
        return false;
    }
    /* The environment wins over the file. */
    bool ok = setenv(name, text, 0) == 0;
    free(text);
    if (!ok)
        *why = strerror(errno);
    return ok;
}

/* Reads a .env file; see cli.h. */
int cli_env_file_load(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "arazzo: cannot read --env-file '%s': %s\n", path, strerror(errno));
        return EXIT_IO;
    }
    char *line = NULL;
    size_t cap = 0, no = 0;
    bool ok = true;
    while (ok && getline(&line, &cap, f) >= 0) {
        const char *why = NULL;
        no++;
        if (!parse_line(line, &why)) {
            fprintf(stderr, "%s:%zu: %s (see 'arazzo help run')\n", path, no, why);
            ok = false;
        }
    }
    free(line);
    fclose(f);
    return ok ? EXIT_OK : EXIT_USAGE;
}
