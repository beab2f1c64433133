/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_cli_fixtures.c - the jq-style expression fixtures (the
 * .test files of expr/tests/fixtures) run through `arazzo eval`, as a user would.
 * Every file is a list of groups separated by blank lines: the input (a
 * runtime expression, or `template:`, `jsonpath:`, `pointer:`, `strict:`,
 * `condition...:` followed by its text), one line of JSON (the context or
 * the document), then the expectation (a JSON value, `undefined`, `error`
 * and the exact stderr lines, or `warning`, the stderr lines and `=> VALUE`).
 * The format is described in expr/tests/fixtures/README.md.
 *
 * One cmocka test per file. Condition groups are skipped, saying so once,
 * while `arazzo eval --help` does not mention --condition. Failures of
 * known_bugs.test are reported but do not fail the suite. Arguments: the
 * arazzo binary and the fixtures directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <json-c/json.h>

#define KNOWN_BUGS "known_bugs.test"

/* What a group's first line asks `arazzo eval` to do. */
typedef enum mode {
    MODE_EXPRESSION,
    MODE_STRICT,
    MODE_TEMPLATE,
    MODE_JSONPATH,
    MODE_POINTER,
    MODE_CONDITION
} mode;

/* What a group expects. */
typedef enum expect_kind {
    EXPECT_VALUE,
    EXPECT_UNDEFINED,
    EXPECT_ERROR,
    EXPECT_WARNING
} expect_kind;

/* One group of a fixture file; the strings point into the file's text. */
typedef struct group {
    size_t line;         /* 1-based line of the input */
    char *source;        /* a copy of the first line as written (malloc'd) */
    char **lines;        /* the group's non-comment lines */
    size_t count;        /* how many */
    mode mode;           /* from the prefix of the first line */
    char *input;         /* the expression, template, query, pointer or condition */
    char *type;          /* condition[TYPE], or NULL */
    char *on;            /* condition ... on EXPR, or NULL */
    expect_kind expect;  /* what line 3 says */
    size_t stderr_first; /* first expected stderr line (error, warning) */
    size_t stderr_end;   /* one past the last */
    const char *value;   /* the expected value text (value, warning), malloc'd */
} group;

/* What one run of arazzo printed. */
typedef struct outcome {
    int exit_code;
    char *out;
    char *err;
} outcome;

/* The suite's state, shared by the tests. */
typedef struct suite {
    const char *binary;
    const char *dir;
    char scratch[64];
    bool conditions;
    bool said_skip;
    size_t passed, failed, skipped, known_failing, known_passing;
} suite;

static suite the_suite;

/* Returns the whole content of `path` as a new NUL-terminated string, or NULL. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 2) {
            char *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf)
        buf[len] = '\0';
    return buf;
}

/* Writes `text` and a newline to `path`; false on failure. */
static bool write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    bool ok = fputs(text, f) >= 0 && fputc('\n', f) != EOF;
    return fclose(f) == 0 && ok;
}

/*
 * Runs the arazzo binary with `argv` and NO_COLOR=1, its stdout and stderr
 * captured into `o` (malloc'd strings); returns false when it cannot run.
 */
static bool run(char *const argv[], outcome *o)
{
    char out_path[96], err_path[96];
    snprintf(out_path, sizeof out_path, "%s/stdout", the_suite.scratch);
    snprintf(err_path, sizeof err_path, "%s/stderr", the_suite.scratch);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        FILE *out = freopen(out_path, "w", stdout);
        FILE *err = freopen(err_path, "w", stderr);
        if (!out || !err || setenv("NO_COLOR", "1", 1) != 0)
            _exit(126);
        execv(the_suite.binary, argv);
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0)
        return false;
    o->exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    o->out = slurp(out_path);
    o->err = slurp(err_path);
    return o->out && o->err;
}

/* Tells whether `arazzo eval --help` mentions --condition. */
static bool probe_conditions(void)
{
    char *argv[] = {(char *)"arazzo", (char *)"eval", (char *)"--help", NULL};
    outcome o = {0};
    bool yes = run(argv, &o) && strstr(o.out, "--condition") != NULL;
    free(o.out);
    free(o.err);
    return yes;
}

/*
 * Parses `text` as exactly one JSON value into *out (a new reference, NULL
 * for null); false when it is not JSON.
 */
static bool parse_json(const char *text, json_object **out)
{
    json_tokener *tok = json_tokener_new();
    if (!tok)
        return false;
    size_t len = strlen(text);
    /* The terminating NUL included, so that a bare number ends. */
    *out = json_tokener_parse_ex(tok, text, (int)len + 1);
    bool ok = json_tokener_get_error(tok) == json_tokener_success;
    if (ok)
        for (size_t i = json_tokener_get_parse_end(tok); i < len; i++)
            if (!strchr(" \t\n", text[i]))
                ok = false;
    json_tokener_free(tok);
    if (!ok) {
        json_object_put(*out);
        *out = NULL;
    }
    return ok;
}

/* Returns `s` after `prefix` when it starts with it, else NULL. */
static char *after(char *s, const char *prefix)
{
    size_t n = strlen(prefix);
    return strncmp(s, prefix, n) == 0 ? s + n : NULL;
}

/* Reads the expectation lines of a group; NULL, or why it is malformed. */
static const char *classify_expectation(group *g)
{
    char *rest;
    const char *third = g->lines[2];
    if (strcmp(third, "undefined") == 0) {
        g->expect = EXPECT_UNDEFINED;
        return g->count == 3 ? NULL : "nothing may follow 'undefined'";
    }
    if (strcmp(third, "error") == 0) {
        g->expect = EXPECT_ERROR;
        g->stderr_first = 3;
        g->stderr_end = g->count;
        return NULL;
    }
    if (strcmp(third, "warning") == 0) {
        g->expect = EXPECT_WARNING;
        g->stderr_first = 3;
        g->stderr_end = g->count - 1;
        rest = after(g->lines[g->count - 1], "=>");
        if (!rest || g->count < 5)
            return "'warning' needs stderr lines and a last line '=> VALUE'";
        g->value = rest[0] == ' ' ? rest + 1 : rest;
        return NULL;
    }
    g->expect = EXPECT_VALUE;
    if ((rest = after(g->lines[2], "=>")) != NULL) {
        if (g->count != 3)
            return "nothing may follow '=> VALUE'";
        g->value = rest[0] == ' ' ? rest + 1 : rest;
    } else {
        g->value = g->lines[2];
        if (g->count != 3 && g->mode == MODE_TEMPLATE)
            return "a template's expected text is one line";
        /* A multi-line JSON value: join its lines back, if they are adjacent. */
        for (size_t i = 3; i < g->count; i++)
            if (g->lines[i - 1] + strlen(g->lines[i - 1]) + 1 != g->lines[i])
                return "a multi-line value cannot hold comment lines";
        for (size_t i = 3; i < g->count; i++)
            g->lines[i][-1] = '\n';
    }
    return NULL;
}

/*
 * Reads the mode prefix of the group's first line and its expectation;
 * returns NULL, or a message saying why the group is malformed.
 */
static const char *classify(group *g)
{
    char *first = g->lines[0], *rest;
    if (g->count < 3)
        return "a group needs an input, a context and an expectation";
    g->mode = MODE_EXPRESSION;
    g->input = first;
    if ((rest = after(first, "template: ")) != NULL) {
        g->mode = MODE_TEMPLATE;
        g->input = rest;
    } else if ((rest = after(first, "jsonpath: ")) != NULL) {
        g->mode = MODE_JSONPATH;
        g->input = rest;
    } else if ((rest = after(first, "pointer:")) != NULL) {
        g->mode = MODE_POINTER;
        g->input = rest[0] == ' ' ? rest + 1 : rest;
    } else if ((rest = after(first, "strict: ")) != NULL) {
        g->mode = MODE_STRICT;
        g->input = rest;
    } else if ((rest = after(first, "condition")) != NULL && (rest[0] == '[' || rest[0] == ':')) {
        g->mode = MODE_CONDITION;
        if (rest[0] == '[') {
            char *close = strchr(rest, ']');
            if (!close)
                return "condition[TYPE: missing ']'";
            *close = '\0';
            g->type = rest + 1;
            rest = close + 1;
            if (strncmp(rest, " on ", 4) == 0) {
                char *colon = strstr(rest + 4, ": ");
                if (!colon)
                    return "condition[TYPE] on EXPR: missing ': '";
                g->on = rest + 4;
                g->input = colon + 2;
                *colon = '\0';
                return classify_expectation(g);
            }
        }
        if (strncmp(rest, ": ", 2) != 0)
            return "condition: missing ': ' before the condition";
        g->input = rest + 2;
    }
    return classify_expectation(g);
}

/* Tells whether stdout holds the expected value of the group. */
static bool value_matches(const group *g, const char *out, const char **why)
{
    if (g->mode == MODE_TEMPLATE) {
        size_t n = strlen(g->value);
        return strncmp(out, g->value, n) == 0 && strcmp(out + n, "\n") == 0;
    }
    json_object *want = NULL, *got = NULL;
    if (!parse_json(g->value, &want)) {
        *why = "the expected value is not JSON";
        return false;
    }
    bool ok = parse_json(out, &got) && json_object_equal(want, got);
    json_object_put(want);
    json_object_put(got);
    return ok;
}

/* Tells whether stderr is exactly the group's expected stderr lines. */
static bool stderr_matches(const group *g, const char *err)
{
    const char *p = err;
    for (size_t i = g->stderr_first; i < g->stderr_end; i++) {
        size_t n = strlen(g->lines[i]);
        if (strncmp(p, g->lines[i], n) != 0 || p[n] != '\n')
            return false;
        p += n + 1;
    }
    return *p == '\0';
}

/* Judges an outcome against the group; *why says what was wrong. */
static bool judge(const group *g, const outcome *o, const char **why)
{
    *why = NULL;
    if (g->mode == MODE_CONDITION) {
        if (g->expect == EXPECT_ERROR)
            goto error;
        if (g->expect != EXPECT_VALUE ||
            (strcmp(g->value, "true") != 0 && strcmp(g->value, "false") != 0)) {
            *why = "a condition expects true, false or error";
            return false;
        }
        bool want = strcmp(g->value, "true") == 0;
        if (o->exit_code != (want ? 0 : 1)) {
            *why = "wrong exit code";
            return false;
        }
        return value_matches(g, o->out, why);
    }
    switch (g->expect) {
    case EXPECT_UNDEFINED:
        if (o->exit_code != 1 || o->out[0] != '\0') {
            *why = "expected exit 1 (undefined) and no stdout";
            return false;
        }
        return true;
    case EXPECT_VALUE:
        if (o->exit_code != 0) {
            *why = "wrong exit code";
            return false;
        }
        if (o->err[0] != '\0') {
            *why = "unexpected stderr";
            return false;
        }
        return value_matches(g, o->out, why);
    case EXPECT_WARNING:
        if (o->exit_code != 0) {
            *why = "wrong exit code";
            return false;
        }
        if (!stderr_matches(g, o->err)) {
            *why = "stderr differs";
            return false;
        }
        return value_matches(g, o->out, why);
    case EXPECT_ERROR: goto error;
    }
error:
    if (o->exit_code != 3 || o->out[0] != '\0') {
        *why = "expected exit 3 (error) and no stdout";
        return false;
    }
    if (g->stderr_first == g->stderr_end ? o->err[0] == '\0' : !stderr_matches(g, o->err)) {
        *why = "stderr differs";
        return false;
    }
    return true;
}

/* Prints a failed group: where, what was expected, what came out. */
static void report_failure(const char *file, const group *g, const outcome *o, const char *why,
                           bool known)
{
    print_message("%s %s:%zu: %s\n", known ? "KNOWN BUG" : "FAIL", file, g->line,
                  why ? why : "mismatch");
    print_message("  input:    %.300s\n", g->source);
    print_message("  context:  %.300s%s\n", g->lines[1], strlen(g->lines[1]) > 300 ? "..." : "");
    print_message("  expected:");
    for (size_t i = 2; i < g->count; i++)
        print_message("%s%.300s\n", i == 2 ? " " : "            ", g->lines[i]);
    if (!o) {
        print_message("  got:      nothing (arazzo did not run)\n");
        return;
    }
    print_message("  got:      exit %d\n", o->exit_code);
    print_message("  stdout:   %.1000s%s", o->out, o->out[0] && strchr(o->out, '\n') ? "" : "\n");
    print_message("  stderr:   %.1000s%s", o->err, o->err[0] && strchr(o->err, '\n') ? "" : "\n");
}

/* Runs one well-formed group; returns true when it passes. */
static bool run_group(const char *file, group *g, bool known)
{
    char ctx_path[96];
    snprintf(ctx_path, sizeof ctx_path, "%s/context.json", the_suite.scratch);
    if (!write_file(ctx_path, g->lines[1])) {
        report_failure(file, g, NULL, "cannot write the context file", known);
        return false;
    }
    char *argv[12];
    size_t n = 0;
    argv[n++] = (char *)"arazzo";
    argv[n++] = (char *)"eval";
    switch (g->mode) {
    case MODE_EXPRESSION: argv[n++] = g->input; break;
    case MODE_STRICT:
        argv[n++] = (char *)"--strict";
        argv[n++] = g->input;
        break;
    case MODE_TEMPLATE:
        argv[n++] = (char *)"--template";
        argv[n++] = g->input;
        break;
    case MODE_JSONPATH:
        argv[n++] = (char *)"--jsonpath";
        argv[n++] = g->input;
        break;
    case MODE_POINTER:
        argv[n++] = (char *)"--pointer";
        argv[n++] = g->input;
        break;
    case MODE_CONDITION:
        argv[n++] = (char *)"--condition";
        argv[n++] = g->input;
        if (g->type) {
            argv[n++] = (char *)"--type";
            argv[n++] = g->type;
        }
        if (g->on) {
            argv[n++] = (char *)"--on";
            argv[n++] = g->on;
        }
        break;
    }
    bool document = g->mode == MODE_JSONPATH || g->mode == MODE_POINTER;
    argv[n++] = (char *)(document ? "--document" : "--context");
    argv[n++] = ctx_path;
    argv[n] = NULL;

    outcome o = {0};
    const char *why = NULL;
    bool ok = run(argv, &o);
    if (!ok)
        why = "cannot run arazzo";
    else
        ok = judge(g, &o, &why);
    if (!ok)
        report_failure(file, g, o.out && o.err ? &o : NULL, why, known);
    free(o.out);
    free(o.err);
    unlink(ctx_path);
    return ok;
}

/* Counts the outcome of one group into the totals. */
static void count(bool ok, bool known)
{
    if (known)
        ok ? the_suite.known_passing++ : the_suite.known_failing++;
    else
        ok ? the_suite.passed++ : the_suite.failed++;
}

/* Runs every group of one fixture file; returns the number of failures. */
static size_t run_file(const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", the_suite.dir, name);
    bool known = strcmp(name, KNOWN_BUGS) == 0;
    char *text = slurp(path);
    if (!text) {
        print_message("FAIL %s: cannot read it\n", path);
        the_suite.failed++;
        return 1;
    }
    size_t failures = 0, nlines = 0, cap = 0;
    char **lines = NULL;
    size_t *numbers = NULL;

    /* Split into lines in place. */
    for (char *p = text; *p;) {
        char *end = strchr(p, '\n');
        if (end)
            *end = '\0';
        if (nlines == cap) {
            cap = cap ? cap * 2 : 256;
            char **l = realloc(lines, cap * sizeof *l);
            size_t *nu = l ? realloc(numbers, cap * sizeof *nu) : NULL;
            if (l)
                lines = l;
            if (!l || !nu) {
                print_message("FAIL %s: out of memory\n", path);
                failures++;
                goto out;
            }
            numbers = nu;
        }
        lines[nlines] = p;
        numbers[nlines] = nlines + 1;
        nlines++;
        if (!end)
            break;
        p = end + 1;
    }

    /* Gather each group's non-comment lines; a blank line ends a group. */
    for (size_t i = 0; i < nlines;) {
        if (lines[i][0] == '\0' || lines[i][0] == '#') {
            i++;
            continue;
        }
        group g = {.line = numbers[i]};
        char **kept = malloc((nlines - i) * sizeof *kept);
        if (!kept) {
            failures++;
            goto out;
        }
        g.lines = kept;
        g.source = strdup(lines[i]);
        if (!g.source) {
            free(kept);
            failures++;
            goto out;
        }
        for (; i < nlines && lines[i][0] != '\0'; i++)
            if (lines[i][0] != '#')
                kept[g.count++] = lines[i];
        /* Multi-line values are joined in place only when their lines are adjacent. */
        const char *bad = classify(&g);
        bool ok;
        if (bad) {
            print_message("FAIL %s:%zu: malformed group: %s\n", name, g.line, bad);
            ok = false;
        } else if (g.mode == MODE_CONDITION && !the_suite.conditions) {
            if (!the_suite.said_skip)
                print_message("note: `arazzo eval --help` does not mention --condition: "
                              "condition groups are skipped\n");
            the_suite.said_skip = true;
            the_suite.skipped++;
            free(g.source);
            free(kept);
            continue;
        } else {
            ok = run_group(name, &g, known);
        }
        count(ok, known);
        if (!ok && !known)
            failures++;
        free(g.source);
        free(kept);
    }
out:
    free(lines);
    free(numbers);
    free(text);
    return failures;
}

/* The cmocka test of one file: its groups must all pass. */
static void test_fixture_file(void **state)
{
    const char *name = *state;
    size_t failures = run_file(name);
    if (failures)
        print_message("%s: %zu group%s failed\n", name, failures, failures == 1 ? "" : "s");
    assert_int_equal(failures, 0);
}

/* Keeps the *.test files of the fixtures directory. */
static int is_fixture(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    return n > 5 && strcmp(d->d_name + n - 5, ".test") == 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s ARAZZO_BINARY FIXTURES_DIR\n", argv[0]);
        return 2;
    }
    the_suite.binary = argv[1];
    the_suite.dir = argv[2];
    snprintf(the_suite.scratch, sizeof the_suite.scratch, "/tmp/az_fixtures_XXXXXX");
    if (!mkdtemp(the_suite.scratch)) {
        perror("mkdtemp");
        return 2;
    }
    the_suite.conditions = probe_conditions();

    struct dirent **entries = NULL;
    int n = scandir(the_suite.dir, &entries, is_fixture, alphasort);
    if (n <= 0) {
        fprintf(stderr, "%s: no *.test fixture files\n", the_suite.dir);
        rmdir(the_suite.scratch);
        free(entries);
        return 2;
    }
    struct CMUnitTest *tests = calloc((size_t)n, sizeof *tests);
    int status = 2;
    if (tests) {
        for (int i = 0; i < n; i++) {
            tests[i].name = entries[i]->d_name;
            tests[i].test_func = test_fixture_file;
            tests[i].initial_state = entries[i]->d_name;
        }
        status = _cmocka_run_group_tests("fixtures", tests, (size_t)n, NULL, NULL);
        printf("fixtures: %zu passed, %zu failed, %zu skipped\n", the_suite.passed,
               the_suite.failed, the_suite.skipped);
        if (the_suite.known_failing || the_suite.known_passing)
            printf("%s: %zu still failing (not counted above), %zu now passing (move them "
                   "to their topic file)\n",
                   KNOWN_BUGS, the_suite.known_failing, the_suite.known_passing);
    }
    for (int i = 0; i < n; i++)
        free(entries[i]);
    free(entries);
    free(tests);
    rmdir(the_suite.scratch);
    return status;
}
