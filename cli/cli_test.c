/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_test.c - `arazzo test [PATH...] [-j N] [--filter REGEX] [--tap]
 * [--json] [--junit FILE] [--engine CMD] [--timeout S] [--coverage] [-v]`:
 * finds conformance cases (a case folder, a case.yaml, or a folder searched
 * recursively; ./conformance/cases by default), runs them on N threads
 * against the script mock (arazzo/conformance.h), and reports them as
 * text, TAP, JSON and JUnit XML; --coverage counts the checklist IDs the
 * cases list instead. Exits 0 when every case passed (or was skipped), 1
 * when one failed, 2 for a bad command line, 4 when a path or a report
 * file cannot be read or written.
 */
#define _DEFAULT_SOURCE /* realpath, DT_DIR */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <arazzo/conformance.h>

/* Most cases one invocation takes. */
#define MAX_CASES 100000u

/* What the command line asked for. */
typedef struct test_args {
    const char **paths;
    size_t n_paths;
    unsigned jobs;
    const char *filter, *junit, *engine;
    double timeout;
    bool tap, json, coverage, verbose;
} test_args;

/* One case to run and what came of it. */
typedef struct test_item {
    char *path;  /* the case folder, absolute */
    char *shown; /* the case folder as found from the command line */
    az_case *c;  /* NULL when it did not load */
    char *load_error;
    az_case_result result;
    bool ran;
} test_item;

/* The list of cases and the next one a worker takes. */
typedef struct test_plan {
    test_item *items;
    size_t n, cap;
    size_t next;
    pthread_mutex_t lock;
    const test_args *args;
} test_plan;

/* Adds a case folder to the plan (unless it is already there). */
static bool plan_add(test_plan *p, const char *dir)
{
    char *real = realpath(dir, NULL), *shown = strdup(dir);
    if (!real || !shown)
        goto fail;
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->items[i].path, real) == 0) {
            free(real);
            free(shown);
            return true;
        }
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        test_item *grown = cap <= MAX_CASES ? realloc(p->items, cap * sizeof(*grown)) : NULL;
        if (!grown)
            goto fail;
        p->items = grown;
        p->cap = cap;
    }
    memset(&p->items[p->n], 0, sizeof(test_item));
    p->items[p->n].path = real;
    p->items[p->n++].shown = shown;
    return true;
fail:
    free(real);
    free(shown);
    return false;
}

/* Tells whether `dir` holds a case.yaml. */
static bool is_case_dir(const char *dir)
{
    char file[PATH_MAX];
    snprintf(file, sizeof(file), "%s/%s", dir, AZ_CASE_FILE);
    return access(file, F_OK) == 0;
}

/* Adds every case folder under `dir`, recursively (hidden folders and the
 * folders inside a case skipped). */
static bool find_cases(test_plan *p, const char *dir)
{
    if (is_case_dir(dir))
        return plan_add(p, dir);
    DIR *d = opendir(dir);
    if (!d)
        return true; /* unreadable subfolders are not cases */
    struct dirent *e;
    bool ok = true;
    while (ok && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char sub[PATH_MAX];
        struct stat st;
        snprintf(sub, sizeof(sub), "%s/%s", dir, e->d_name);
        if (stat(sub, &st) == 0 && S_ISDIR(st.st_mode))
            ok = find_cases(p, sub);
    }
    closedir(d);
    return ok;
}

/* Adds the case whose case.yaml is `file`. */
static bool add_file(test_plan *p, const char *file)
{
    char *copy = strdup(file);
    char *slash = copy ? strrchr(copy, '/') : NULL;
    bool added = false;
    if (copy && slash) {
        *slash = '\0';
        added = plan_add(p, *copy ? copy : "/");
    } else if (copy) {
        added = plan_add(p, ".");
    }
    free(copy);
    return added;
}

/* Orders plan items by path. */
static int by_path(const void *a, const void *b)
{
    return strcmp(((const test_item *)a)->path, ((const test_item *)b)->path);
}

/* Renders the diagnostics of a case that did not load into one string. */
static char *diags_text(const az_diags *diags)
{
    az_buf b = {0};
    for (size_t i = 0; i < az_diags_count(diags); i++) {
        const az_diag *d = az_diags_get(diags, i);
        char line[1024];
        snprintf(line, sizeof(line), "%s%s:%u:%u: %s [%s]", i ? "\n" : "", d->file ? d->file : "?",
                 d->line, d->column, d->message ? d->message : "", d->code ? d->code : "?");
        az_buf_puts(&b, line);
    }
    return az_buf_take(&b);
}

/* Loads and runs the plan's cases until none is left (a worker thread). */
static void *worker(void *arg)
{
    test_plan *p = arg;
    az_case_opts opts;
    az_case_opts_init(&opts);
    opts.engine = p->args->engine;
    if (p->args->timeout > 0)
        opts.timeout_s = p->args->timeout;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        size_t i = p->next++;
        pthread_mutex_unlock(&p->lock);
        if (i >= p->n)
            break;
        test_item *it = &p->items[i];
        if (it->c) {
            az_case_run(it->c, &opts, &it->result);
            it->ran = true;
        }
    }
    return NULL;
}

/* Loads every case of the plan (in the main thread: the errors print in
 * order); a case that does not load is kept as a failure. */
static void load_cases(test_plan *p)
{
    for (size_t i = 0; i < p->n; i++) {
        az_diags *diags = az_diags_new();
        if (az_case_load(p->items[i].shown, diags, &p->items[i].c) != AZ_OK)
            p->items[i].load_error = diags ? diags_text(diags) : strdup("out of memory");
        az_diags_free(diags);
    }
}

/* The case's name: its folder's name. */
static const char *item_name(const test_item *it)
{
    const char *slash = strrchr(it->path, '/');
    return slash ? slash + 1 : it->path;
}

/* The verdict of an item. */
static az_case_verdict verdict_of(const test_item *it)
{
    return it->ran ? it->result.verdict : AZ_CASE_FAILED;
}

/* Prints one reason per line, indented. */
static void print_reasons(FILE *out, const test_item *it, const char *indent)
{
    if (it->load_error) {
        fprintf(out, "%s", indent);
        for (const char *s = it->load_error; *s; s++) {
            fputc(*s, out);
            if (*s == '\n')
                fprintf(out, "%s", indent);
        }
        fputc('\n', out);
        return;
    }
    json_object *reasons = it->result.reasons;
    for (size_t i = 0; reasons && i < json_object_array_length(reasons); i++)
        fprintf(out, "%s%s\n", indent,
                json_object_get_string(json_object_array_get_idx(reasons, i)));
}

/* The text report: one line per case, reasons below failures, a summary. */
static void report_text(const test_plan *p, bool verbose, double seconds)
{
    size_t counts[3] = {0};
    for (size_t i = 0; i < p->n; i++) {
        const test_item *it = &p->items[i];
        az_case_verdict v = verdict_of(it);
        counts[v]++;
        if (v == AZ_CASE_SKIPPED) {
            printf("SKIP %s: %s\n", item_name(it),
                   json_object_get_string(json_object_array_get_idx(it->result.reasons, 0)));
            continue;
        }
        printf("%s %s", v == AZ_CASE_PASSED ? "PASS" : "FAIL", item_name(it));
        if (it->ran)
            printf(" (%.0f ms)", it->result.time_ms);
        putchar('\n');
        if (v == AZ_CASE_FAILED)
            print_reasons(stdout, it, "    ");
        if (verbose && it->ran && (v == AZ_CASE_FAILED || verbose)) {
            if (it->result.requests)
                printf("    requests: %s\n",
                       json_object_to_json_string_ext(it->result.requests,
                                                      JSON_C_TO_STRING_PLAIN |
                                                          JSON_C_TO_STRING_NOSLASHESCAPE));
            if (it->result.output && *it->result.output)
                printf("    engine output:\n%s\n", it->result.output);
        }
    }
    printf("%zu case%s: %zu passed, %zu failed, %zu skipped (%.1f s)\n", p->n, p->n == 1 ? "" : "s",
           counts[AZ_CASE_PASSED], counts[AZ_CASE_FAILED], counts[AZ_CASE_SKIPPED], seconds);
}

/* The TAP 13 report. */
static void report_tap(const test_plan *p)
{
    printf("TAP version 13\n1..%zu\n", p->n);
    for (size_t i = 0; i < p->n; i++) {
        const test_item *it = &p->items[i];
        az_case_verdict v = verdict_of(it);
        if (v == AZ_CASE_SKIPPED) {
            printf("ok %zu - %s # SKIP %s\n", i + 1, item_name(it),
                   json_object_get_string(json_object_array_get_idx(it->result.reasons, 0)));
            continue;
        }
        printf("%s %zu - %s\n", v == AZ_CASE_PASSED ? "ok" : "not ok", i + 1, item_name(it));
        if (v == AZ_CASE_FAILED) {
            printf("  ---\n  reasons: |\n");
            print_reasons(stdout, it, "    ");
            printf("  ...\n");
        }
    }
}

/* The JSON report (new reference). */
static json_object *report_json(const test_plan *p, double seconds)
{
    json_object *root = json_object_new_object(), *cases = json_object_new_array();
    size_t counts[3] = {0};
    for (size_t i = 0; i < p->n; i++) {
        const test_item *it = &p->items[i];
        az_case_verdict v = verdict_of(it);
        counts[v]++;
        json_object *o = json_object_new_object(), *reasons = json_object_new_array();
        json_object_object_add(o, "name", json_object_new_string(item_name(it)));
        json_object_object_add(o, "path", json_object_new_string(it->path));
        if (it->c && it->c->title)
            json_object_object_add(o, "title", json_object_new_string(it->c->title));
        json_object_object_add(o, "verdict", json_object_new_string(az_case_verdict_name(v)));
        if (it->load_error)
            json_object_array_add(reasons, json_object_new_string(it->load_error));
        for (size_t j = 0; it->ran && j < json_object_array_length(it->result.reasons); j++)
            json_object_array_add(
                reasons, json_object_get(json_object_array_get_idx(it->result.reasons, j)));
        json_object_object_add(o, "reasons", reasons);
        if (it->ran && v != AZ_CASE_SKIPPED) {
            json_object_object_add(o, "exit", json_object_new_int(it->result.exit));
            json_object_object_add(o, "timeMs", json_object_new_double(it->result.time_ms));
            json_object_object_add(o, "requests", json_object_get(it->result.requests));
        }
        json_object_array_add(cases, o);
    }
    json_object *summary = json_object_new_object();
    json_object_object_add(summary, "total", json_object_new_int64((int64_t)p->n));
    json_object_object_add(summary, "passed", json_object_new_int64((int64_t)counts[0]));
    json_object_object_add(summary, "failed", json_object_new_int64((int64_t)counts[1]));
    json_object_object_add(summary, "skipped", json_object_new_int64((int64_t)counts[2]));
    json_object_object_add(summary, "seconds", json_object_new_double(seconds));
    json_object_object_add(root, "cases", cases);
    json_object_object_add(root, "summary", summary);
    return root;
}

/* Writes `s` with XML's five special characters escaped (and control
 * characters other than tab and newline dropped). */
static void put_xml(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&apos;", f); break;
        default:
            if ((unsigned char)*s >= 0x20 || *s == '\n' || *s == '\t')
                fputc(*s, f);
        }
    }
}

/* Writes the JUnit XML report: one testcase per case. False on failure. */
static bool report_junit(const test_plan *p, const char *path, double seconds)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "arazzo: cannot write '%s': %s\n", path, strerror(errno));
        return false;
    }
    size_t failed = 0, skipped = 0;
    for (size_t i = 0; i < p->n; i++) {
        failed += verdict_of(&p->items[i]) == AZ_CASE_FAILED;
        skipped += verdict_of(&p->items[i]) == AZ_CASE_SKIPPED;
    }
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    fprintf(f,
            "<testsuites><testsuite name=\"arazzo-conformance\" tests=\"%zu\" failures=\"%zu\" "
            "skipped=\"%zu\" time=\"%.3f\">\n",
            p->n, failed, skipped, seconds);
    for (size_t i = 0; i < p->n; i++) {
        const test_item *it = &p->items[i];
        az_case_verdict v = verdict_of(it);
        fprintf(f, "  <testcase classname=\"conformance\" name=\"");
        put_xml(f, item_name(it));
        fprintf(f, "\" time=\"%.3f\">", it->ran ? it->result.time_ms / 1000.0 : 0.0);
        if (v != AZ_CASE_PASSED) {
            az_buf b = {0};
            if (it->load_error)
                az_buf_puts(&b, it->load_error);
            for (size_t j = 0; it->ran && j < json_object_array_length(it->result.reasons); j++) {
                az_buf_puts(&b, j ? "\n" : "");
                az_buf_puts(
                    &b, json_object_get_string(json_object_array_get_idx(it->result.reasons, j)));
            }
            char *text = az_buf_take(&b);
            const char *first = text ? text : "";
            size_t n = strcspn(first, "\n");
            fprintf(f, "<%s message=\"", v == AZ_CASE_SKIPPED ? "skipped" : "failure");
            char *head = strndup(first, n);
            put_xml(f, head);
            free(head);
            fprintf(f, "\">");
            put_xml(f, first);
            fprintf(f, "</%s>", v == AZ_CASE_SKIPPED ? "skipped" : "failure");
            free(text);
        }
        fprintf(f, "</testcase>\n");
    }
    fprintf(f, "</testsuite></testsuites>\n");
    if (fclose(f) != 0) {
        fprintf(stderr, "arazzo: cannot write '%s': %s\n", path, strerror(errno));
        return false;
    }
    return true;
}

/* Finds checklist-ids.txt in the folders holding `path` and above it.
 * Returns a new string, or NULL (the built-in list is used then). */
static char *find_checklist(const char *path)
{
    char *dir = realpath(path, NULL);
    while (dir) {
        char file[PATH_MAX];
        snprintf(file, sizeof(file), "%s/checklist-ids.txt", dir);
        if (access(file, R_OK) == 0) {
            free(dir);
            return strdup(file);
        }
        snprintf(file, sizeof(file), "%s/conformance/checklist-ids.txt", dir);
        if (access(file, R_OK) == 0) {
            free(dir);
            return strdup(file);
        }
        char *slash = strrchr(dir, '/');
        if (!slash || slash == dir)
            break;
        *slash = '\0';
    }
    free(dir);
    return NULL;
}

/* The prefix of a rule ID: what comes before its last '-'. */
static size_t prefix_len(const char *id)
{
    const char *dash = strrchr(id, '-');
    return dash ? (size_t)(dash - id) : strlen(id);
}

/* --coverage: which checklist IDs the cases list, per prefix and in total,
 * and which are not covered. Returns the exit code. */
static int report_coverage(const test_plan *p, const char *where)
{
    char *file = find_checklist(where);
    FILE *f = file ? fopen(file, "r")
                   : fmemopen((void *)cli_checklist_ids, strlen(cli_checklist_ids), "r");
    if (!f) {
        fprintf(stderr, "arazzo: cannot read %s: %s\n", file ? file : "the built-in checklist",
                strerror(errno));
        free(file);
        return EXIT_IO;
    }
    json_object *ids = json_object_new_array(), *covered = json_object_new_object();
    char line[256];
    while (fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\r\n \t")] = '\0';
        if (line[0] && line[0] != '#')
            json_object_array_add(ids, json_object_new_string(line));
    }
    fclose(f);
    for (size_t i = 0; i < p->n; i++) {
        json_object *list = p->items[i].c ? p->items[i].c->checklist : NULL;
        for (size_t j = 0; list && j < json_object_array_length(list); j++)
            json_object_object_add(covered,
                                   json_object_get_string(json_object_array_get_idx(list, j)),
                                   json_object_new_boolean(1));
    }
    if (file)
        printf("checklist: %s\n", file);
    else
        printf("checklist: built in (conformance/checklist-ids.txt of arazzo %s)\n", az_version());
    size_t n = json_object_array_length(ids), total = 0;
    for (size_t i = 0; i < n;) {
        const char *id = json_object_get_string(json_object_array_get_idx(ids, i));
        size_t plen = prefix_len(id), count = 0, have = 0, j = i;
        for (; j < n; j++) {
            const char *other = json_object_get_string(json_object_array_get_idx(ids, j));
            if (prefix_len(other) != plen || strncmp(other, id, plen) != 0)
                break;
            count++;
            have += json_object_object_get_ex(covered, other, NULL);
        }
        printf("%-6.*s %3zu/%zu\n", (int)plen, id, have, count);
        total += have;
        i = j;
    }
    printf("total  %3zu/%zu\n", total, n);
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        const char *id = json_object_get_string(json_object_array_get_idx(ids, i));
        if (!json_object_object_get_ex(covered, id, NULL)) {
            printf("%s%s", any ? " " : "uncovered: ", id);
            any = true;
        }
    }
    if (any)
        putchar('\n');
    any = false;
    json_object_object_foreach(covered, key, value)
    {
        (void)value;
        bool known = false;
        for (size_t i = 0; i < n && !known; i++)
            known = strcmp(key, json_object_get_string(json_object_array_get_idx(ids, i))) == 0;
        if (!known) {
            printf("%s%s", any ? " " : "not in the checklist: ", key);
            any = true;
        }
    }
    if (any)
        putchar('\n');
    json_object_put(ids);
    json_object_put(covered);
    free(file);
    return EXIT_OK;
}

/* Reads the command line into `a`; returns EXIT_OK or an exit code. */
static int parse_args(const cli_command *cmd, int argc, char **argv, test_args *a, bool *help)
{
    int i = 0, r;
    bool rest = false;
    cli_arg arg;
    a->jobs = 1;
    if (!(a->paths = calloc((size_t)argc + 1, sizeof(char *))))
        return EXIT_IO;
    while ((r = cli_next_arg(cmd, argc, argv, &i, &rest, &arg)) > 0) {
        char *end = NULL;
        if (cli_is(&arg, "help")) {
            *help = true;
            return EXIT_OK;
        } else if (cli_is(&arg, "jobs")) {
            long v = strtol(arg.value, &end, 10);
            if (!end || *end || end == arg.value || v < 1 || v > 256)
                return cli_usage_error(cmd, "--jobs needs a number from 1 to 256, not '%s'",
                                       arg.value);
            a->jobs = (unsigned)v;
        } else if (cli_is(&arg, "timeout")) {
            double v = strtod(arg.value, &end);
            if (!end || *end || end == arg.value || !(v > 0))
                return cli_usage_error(cmd, "--timeout needs a positive number, not '%s'",
                                       arg.value);
            a->timeout = v;
        } else if (cli_is(&arg, "filter")) {
            a->filter = arg.value;
        } else if (cli_is(&arg, "junit")) {
            a->junit = arg.value;
        } else if (cli_is(&arg, "engine")) {
            a->engine = arg.value;
        } else if (cli_is(&arg, "tap")) {
            a->tap = true;
        } else if (cli_is(&arg, "json")) {
            a->json = true;
        } else if (cli_is(&arg, "coverage")) {
            a->coverage = true;
        } else if (cli_is(&arg, "verbose")) {
            a->verbose = true;
        } else {
            a->paths[a->n_paths++] = arg.value;
        }
    }
    if (r < 0)
        return EXIT_USAGE;
    if (a->tap && a->json)
        return cli_usage_error(cmd, "choose one of --tap and --json");
    return EXIT_OK;
}

/* `arazzo test`. */
int cli_cmd_test(const cli_command *cmd, int argc, char **argv)
{
    test_args a = {0};
    test_plan p = {0};
    bool help = false, lock_ready = false;
    regex_t re;
    bool re_ready = false;
    pthread_t *threads = NULL;
    int status = parse_args(cmd, argc, argv, &a, &help);
    if (status != EXIT_OK || help) {
        if (help)
            cli_print_help(stdout, cmd);
        goto out;
    }
    if (a.filter) {
        int rc = regcomp(&re, a.filter, REG_EXTENDED | REG_NOSUB);
        if (rc != 0) {
            char msg[256];
            regerror(rc, &re, msg, sizeof(msg));
            status = cli_usage_error(cmd, "bad --filter '%s': %s", a.filter, msg);
            goto out;
        }
        re_ready = true;
    }
    static const char *default_path = "conformance/cases";
    if (a.n_paths == 0)
        a.paths[a.n_paths++] = default_path;
    for (size_t i = 0; i < a.n_paths; i++) {
        struct stat st;
        if (stat(a.paths[i], &st) != 0) {
            fprintf(stderr, "arazzo: cannot read %s: %s\n", a.paths[i], strerror(errno));
            status = EXIT_IO;
            goto out;
        }
        bool ok = S_ISDIR(st.st_mode) ? find_cases(&p, a.paths[i]) : add_file(&p, a.paths[i]);
        if (!ok) {
            fprintf(stderr, "arazzo: cannot list the cases of %s\n", a.paths[i]);
            status = EXIT_IO;
            goto out;
        }
    }
    qsort(p.items, p.n, sizeof(*p.items), by_path);
    if (re_ready) {
        size_t kept = 0;
        for (size_t i = 0; i < p.n; i++) {
            if (regexec(&re, item_name(&p.items[i]), 0, NULL, 0) == 0) {
                p.items[kept++] = p.items[i];
            } else {
                free(p.items[i].path);
                free(p.items[i].shown);
            }
        }
        p.n = kept;
    }
    if (p.n == 0) {
        fprintf(stderr, "arazzo: no case found%s\n", a.filter ? " (after --filter)" : "");
        status = a.filter ? EXIT_OK : EXIT_IO;
        goto out;
    }
    load_cases(&p);
    if (a.coverage) {
        status = report_coverage(&p, a.paths[0]);
        goto out;
    }

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    p.args = &a;
    if (pthread_mutex_init(&p.lock, NULL) != 0) {
        status = EXIT_IO;
        goto out;
    }
    lock_ready = true;
    unsigned n_threads = a.jobs < p.n ? a.jobs : (unsigned)p.n, started = 0;
    if (!(threads = calloc(n_threads, sizeof(*threads)))) {
        status = EXIT_IO;
        goto out;
    }
    for (unsigned i = 0; i < n_threads; i++)
        started += pthread_create(&threads[started], NULL, worker, &p) == 0;
    if (started == 0)
        worker(&p);
    for (unsigned i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;

    if (a.tap) {
        report_tap(&p);
    } else if (a.json) {
        json_object *report = report_json(&p, seconds);
        puts(json_object_to_json_string_ext(report, JSON_C_TO_STRING_PRETTY |
                                                        JSON_C_TO_STRING_SPACED |
                                                        JSON_C_TO_STRING_NOSLASHESCAPE));
        json_object_put(report);
    } else {
        report_text(&p, a.verbose, seconds);
    }
    for (size_t i = 0; i < p.n; i++)
        if (verdict_of(&p.items[i]) == AZ_CASE_FAILED)
            status = EXIT_FAILED;
    if (a.junit && !report_junit(&p, a.junit, seconds))
        status = EXIT_IO;
out:
    for (size_t i = 0; i < p.n; i++) {
        free(p.items[i].path);
        free(p.items[i].shown);
        free(p.items[i].load_error);
        az_case_free(p.items[i].c);
        if (p.items[i].ran)
            az_case_result_cleanup(&p.items[i].result);
    }
    free(p.items);
    free(threads);
    if (lock_ready)
        pthread_mutex_destroy(&p.lock);
    if (re_ready)
        regfree(&re);
    free(a.paths);
    return status;
}
