/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_junit.c - `arazzo run --junit FILE`: the run's results as JUnit XML,
 * the de-facto schema CI servers read. One <testsuite> per workflow run,
 * one <testcase> per step execution (a retry is a testcase of its own,
 * "step (attempt 2)"), a <failure type="criterion"> naming the first
 * criterion that failed and why (type="contract" for a contract check at
 * level error), an <error type="error"> for a request that got no
 * response or a step that could not run, and <system-out> with the
 * request line, the status and the contract warnings. The results are
 * already masked.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A string member of `o`, or NULL (borrowed). */
static const char *str_of(json_object *o, const char *key)
{
    json_object *v = NULL;
    if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
        return NULL;
    return json_object_get_string(v);
}

/* A member of `o`, or NULL (borrowed). */
static json_object *member(json_object *o, const char *key)
{
    json_object *v = NULL;
    return json_object_object_get_ex(o, key, &v) ? v : NULL;
}

/* The length of the valid UTF-8 sequence at `s`, or 0 when it is not one. */
static size_t utf8_len(const unsigned char *s)
{
    unsigned c = s[0];
    size_t n;
    unsigned cp, min;
    if (c < 0x80)
        return 1;
    if ((c & 0xE0) == 0xC0)
        n = 2, cp = c & 0x1F, min = 0x80;
    else if ((c & 0xF0) == 0xE0)
        n = 3, cp = c & 0x0F, min = 0x800;
    else if ((c & 0xF8) == 0xF0)
        n = 4, cp = c & 0x07, min = 0x10000;
    else
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    /* Overlong forms, surrogates, beyond U+10FFFF, and U+FFFE / U+FFFF,
     * which XML 1.0 cannot carry either. */
    if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF || cp == 0xFFFE || cp == 0xFFFF)
        return 0;
    return n;
}

/*
 * Writes `s` as XML character data or attribute text: the five special
 * characters escaped, tab, newline and carriage return kept (as character
 * references inside attributes, so that they survive normalization), other
 * control characters and invalid UTF-8 replaced by U+FFFD.
 */
static void put_xml(FILE *f, const char *s, bool attribute)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        size_t n = utf8_len(p);
        if (n == 0) {
            fputs("\xEF\xBF\xBD", f);
            p++;
            continue;
        }
        switch (*p) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&apos;", f); break;
        case '\t': fputs(attribute ? "&#9;" : "\t", f); break;
        case '\n': fputs(attribute ? "&#10;" : "\n", f); break;
        case '\r': fputs("&#13;", f); break;
        default:
            if (*p < 0x20)
                fputs("\xEF\xBF\xBD", f);
            else
                fwrite(p, 1, n, f);
        }
        p += n;
    }
}

/* A duration in ms as JUnit seconds ("0.012"). */
static void put_seconds(FILE *f, json_object *ms)
{
    double v = ms ? json_object_get_double(ms) : 0.0;
    fprintf(f, "%.3f", v > 0 ? v / 1000.0 : 0.0);
}

/* Tells whether a recorded contract check failed at level error
 * (`errors`) or at level warn. */
static bool failed_at(json_object *check, bool errors)
{
    const char *level = str_of(check, "level");
    return !json_object_get_boolean(member(check, "passed")) && level &&
           (strcmp(level, "error") == 0) == errors;
}

/* How one step execution went: 0 passed, 1 failed, 2 error. Sets *message
 * and *type (borrowed or static). */
static int step_outcome(json_object *step, const char **message, char **owned, const char **type)
{
    json_object *success = member(step, "success");
    const char *error = str_of(step, "error");
    json_object *criteria = member(step, "criteria");
    *owned = NULL;
    if (success && json_object_get_boolean(success))
        return 0;
    if (error && !json_object_is_type(member(step, "response"), json_type_object)) {
        *message = error;
        *type = "error";
        return 2;
    }
    for (size_t i = 0;
         json_object_is_type(criteria, json_type_array) && i < json_object_array_length(criteria);
         i++) {
        json_object *c = json_object_array_get_idx(criteria, i);
        if (json_object_get_boolean(member(c, "passed")))
            continue;
        const char *cond = str_of(c, "condition"), *reason = str_of(c, "reason");
        if (reason && cond && strstr(reason, cond)) {
            /* The engine's reason names the condition already. */
            *message = reason;
            *type = "criterion";
            return 1;
        }
        size_t len = strlen(cond ? cond : "?") + strlen(reason ? reason : "") + 32;
        *owned = malloc(len);
        if (*owned)
            snprintf(*owned, len, "criterion failed: %s%s%s", cond ? cond : "?", reason ? ": " : "",
                     reason ? reason : "");
        *message = *owned ? *owned : "criterion failed";
        *type = "criterion";
        return 1;
    }
    json_object *checks = member(step, "checks");
    for (size_t i = 0;
         json_object_is_type(checks, json_type_array) && i < json_object_array_length(checks);
         i++) {
        json_object *c = json_object_array_get_idx(checks, i);
        if (!failed_at(c, true))
            continue;
        *message = str_of(c, "message") ? str_of(c, "message") : "a contract check failed";
        *type = "contract";
        return 1;
    }
    *message = error ? error : "the step failed";
    *type = "error";
    return 2;
}

/* Writes the contract checks that failed (`errors`: those at level error,
 * else the warnings), one per line: "contract status: ...". */
static void put_failed_checks(FILE *f, json_object *step, bool errors)
{
    json_object *checks = member(step, "checks");
    for (size_t i = 0;
         json_object_is_type(checks, json_type_array) && i < json_object_array_length(checks);
         i++) {
        json_object *c = json_object_array_get_idx(checks, i);
        if (!failed_at(c, errors))
            continue;
        fputs(errors ? "FAILED contract " : "contract warning ", f);
        put_xml(f, str_of(c, "check"), false);
        fputs(": ", f);
        put_xml(f, str_of(c, "message"), false);
        fputc('\n', f);
    }
}

/* Writes the body of a <failure> or <error>: every criterion and its verdict. */
static void put_criteria(FILE *f, json_object *criteria)
{
    for (size_t i = 0;
         json_object_is_type(criteria, json_type_array) && i < json_object_array_length(criteria);
         i++) {
        json_object *c = json_object_array_get_idx(criteria, i);
        bool passed = json_object_get_boolean(member(c, "passed"));
        const char *reason = str_of(c, "reason");
        fputs(passed ? "passed " : "FAILED ", f);
        put_xml(f, str_of(c, "condition"), false);
        if (reason) {
            fputs(": ", f);
            put_xml(f, reason, false);
        }
        fputc('\n', f);
    }
}

/* Writes the <system-out> of a step: the request line and the status. */
static void put_system_out(FILE *f, json_object *step)
{
    json_object *req = member(step, "request"), *resp = member(step, "response");
    json_object *action = member(step, "action");
    const char *error = str_of(step, "error");
    fputs("      <system-out>", f);
    if (json_object_is_type(req, json_type_object)) {
        put_xml(f, str_of(req, "method"), false);
        fputc(' ', f);
        put_xml(f, str_of(req, "url"), false);
        fputc('\n', f);
    }
    if (json_object_is_type(resp, json_type_object)) {
        fprintf(f, "%d (", json_object_get_int(member(resp, "status")));
        put_seconds(f, member(resp, "timeMs"));
        fputs(" s)\n", f);
    } else if (json_object_is_type(req, json_type_object)) {
        fputs("no response", f);
        if (error) {
            fputs(": ", f);
            put_xml(f, error, false);
        }
        fputc('\n', f);
    }
    put_failed_checks(f, step, false);
    if (json_object_is_type(action, json_type_object)) {
        const char *target = str_of(action, "target");
        fputs("action: ", f);
        put_xml(f, str_of(action, "type"), false);
        if (target) {
            fputc(' ', f);
            put_xml(f, target, false);
        }
        fputc('\n', f);
    }
    fputs("</system-out>\n", f);
}

/* Writes one testcase for a step execution. */
static void put_testcase(FILE *f, const char *workflow, json_object *step)
{
    const char *classname = str_of(step, "workflowId");
    const char *step_id = str_of(step, "stepId");
    int attempt = json_object_get_int(member(step, "attempt"));
    json_object *resp = member(step, "response");
    fputs("    <testcase classname=\"", f);
    put_xml(f, classname ? classname : workflow, true);
    fputs("\" name=\"", f);
    put_xml(f, step_id ? step_id : "?", true);
    if (attempt > 1)
        fprintf(f, " (attempt %d)", attempt);
    fputs("\" time=\"", f);
    put_seconds(f, json_object_is_type(resp, json_type_object) ? member(resp, "timeMs") : NULL);
    fputs("\">\n", f);
    const char *message = NULL, *type = NULL;
    char *owned = NULL;
    int outcome = step_outcome(step, &message, &owned, &type);
    if (outcome) {
        const char *el = outcome == 1 ? "failure" : "error";
        fprintf(f, "      <%s message=\"", el);
        put_xml(f, message, true);
        fprintf(f, "\" type=\"%s\">", type);
        if (outcome == 2) {
            put_xml(f, message, false);
            fputc('\n', f);
        }
        put_criteria(f, member(step, "criteria"));
        put_failed_checks(f, step, true);
        fprintf(f, "</%s>\n", el);
    }
    free(owned);
    put_system_out(f, step);
    fputs("    </testcase>\n", f);
}

/* Counts a workflow run's testcases, failures and errors. A run that did
 * not succeed without any failing step gets one more testcase, "(workflow)",
 * carrying its error. */
static void count(json_object *result, size_t *tests, size_t *failures, size_t *errors, bool *extra)
{
    json_object *steps = member(result, "steps");
    size_t n = json_object_is_type(steps, json_type_array) ? json_object_array_length(steps) : 0;
    *tests = n;
    *failures = *errors = 0;
    for (size_t i = 0; i < n; i++) {
        const char *m, *t;
        char *owned = NULL;
        int o = step_outcome(json_object_array_get_idx(steps, i), &m, &owned, &t);
        free(owned);
        *failures += o == 1;
        *errors += o == 2;
    }
    const char *status = str_of(result, "status");
    *extra = *failures + *errors == 0 && status && strcmp(status, "succeeded") != 0;
    if (*extra) {
        ++*tests;
        ++*errors;
    }
}

/* Writes the results of a run (an array of workflow results) as JUnit XML
 * to `path`; false after printing why it cannot. */
bool cli_write_junit(json_object *results, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "arazzo: cannot write '%s': %s\n", path, strerror(errno));
        return false;
    }
    size_t n = json_object_array_length(results), all_tests = 0, all_failures = 0, all_errors = 0;
    double all_ms = 0;
    for (size_t i = 0; i < n; i++) {
        json_object *r = json_object_array_get_idx(results, i);
        size_t t, fl, e;
        bool extra;
        count(r, &t, &fl, &e, &extra);
        all_tests += t;
        all_failures += fl;
        all_errors += e;
        all_ms += json_object_get_double(member(r, "durationMs"));
    }
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
    fprintf(f, "<testsuites name=\"arazzo\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" time=\"",
            all_tests, all_failures, all_errors);
    json_object *total = json_object_new_double(all_ms);
    put_seconds(f, total);
    json_object_put(total);
    fputs("\">\n", f);
    for (size_t i = 0; i < n; i++) {
        json_object *r = json_object_array_get_idx(results, i);
        json_object *steps = member(r, "steps");
        const char *workflow = str_of(r, "workflowId");
        size_t t, fl, e;
        bool extra;
        count(r, &t, &fl, &e, &extra);
        fputs("  <testsuite name=\"", f);
        put_xml(f, workflow ? workflow : "?", true);
        if (str_of(r, "file")) {
            fputs("\" file=\"", f);
            put_xml(f, str_of(r, "file"), true);
        }
        fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"0\" time=\"", t, fl,
                e);
        put_seconds(f, member(r, "durationMs"));
        fputc('"', f);
        /* JUnit's timestamp: the first request's start, without a zone. */
        json_object *first = json_object_array_get_idx(steps, 0);
        const char *started = str_of(member(first, "request"), "startedAt");
        if (started && strlen(started) >= 19)
            fprintf(f, " timestamp=\"%.19s\"", started);
        fputs(">\n", f);
        for (size_t j = 0;
             json_object_is_type(steps, json_type_array) && j < json_object_array_length(steps);
             j++)
            put_testcase(f, workflow, json_object_array_get_idx(steps, j));
        if (extra) {
            const char *error = str_of(r, "error");
            fputs("    <testcase classname=\"", f);
            put_xml(f, workflow ? workflow : "?", true);
            fputs("\" name=\"(workflow)\" time=\"0.000\">\n      <error message=\"", f);
            put_xml(f, error ? error : str_of(r, "status"), true);
            fputs("\" type=\"error\">", f);
            put_xml(f, error ? error : str_of(r, "status"), false);
            fputs("</error>\n    </testcase>\n", f);
        }
        fputs("  </testsuite>\n", f);
    }
    fputs("</testsuites>\n", f);
    if (fclose(f) != 0) {
        fprintf(stderr, "arazzo: cannot write '%s': %s\n", path, strerror(errno));
        return false;
    }
    return true;
}
