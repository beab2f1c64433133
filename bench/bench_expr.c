/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_expr.c - the expression benchmark: compiles each expression once
 * and times many evaluations with clock_gettime(CLOCK_MONOTONIC), printing
 * the best of N rounds as nanoseconds per evaluation:
 *
 *   - the runtime expression `$response.body#/a/b/0` (az_expr_eval) against
 *     a JSON context (az_expr_context_from_json);
 *   - a template with three embedded expressions (az_template_render);
 *   - the JSONPath filter `$[?@.price < 10 && @.category == 'fiction']`
 *     (RFC 9535) over a 10,000-element array (az_jsonpath_eval);
 *   - when the criteria module is built (expr.h), a three-clause simple
 *     condition and a regex criterion (az_criterion_eval).
 *
 * Then it generates one deterministic bookstore-like JSON document of about
 * 10 MB (a fixed-seed xorshift generator: every run and machine sees the
 * same bytes), parses it with json-c and times the descendant + filter
 * query `$..book[?@.price < 10].title` over it in milliseconds, best of N.
 * `--write FILE` also saves the document, so compare-jsonpath.sh can run the
 * same query over the same bytes with another implementation.
 */
#include "bench_common.h"

#include <arazzo/core.h>
#include <arazzo/expr.h>
#ifdef AZ_BENCH_CRITERIA
#endif

#include <json-c/json.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_ROUNDS  7
#define DEFAULT_RUNS    5
#define DEFAULT_SIZE_MB 10.0
#define BYTES_PER_MB    1e6
#define ARRAY_ELEMENTS  10000
/* Each round of a small benchmark lasts about this long. */
#define ROUND_SECONDS 0.05

/* The descendant + filter query timed over the generated document. */
#define BIG_QUERY "$..book[?@.price < 10].title"

/* ------------------------------------------------------------------------ */
/* Small helpers                                                             */
/* ------------------------------------------------------------------------ */

#define die(...) bench_die("bench_expr", __VA_ARGS__)

/* A growable text buffer; running out of memory ends the program. */
typedef struct buf {
    char *data;
    size_t len, cap;
} buf;

/* Appends printf-formatted text. */
static void buf_printf(buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void buf_printf(buf *b, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->data ? b->data + b->len : NULL, b->cap - b->len, fmt, ap);
        va_end(ap);
        if (n < 0)
            die("formatting failed");
        if ((size_t)n < b->cap - b->len) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = b->cap ? b->cap * 2 : 1u << 16;
        while (cap < b->len + (size_t)n + 1)
            cap *= 2;
        char *grown = realloc(b->data, cap);
        if (!grown)
            die("out of memory (growing a buffer to %zu bytes)", cap);
        b->data = grown;
        b->cap = cap;
    }
}

/* Parses JSON text with json-c (a new reference), or exits. */
static json_object *parse_or_die(const char *text, size_t len)
{
    json_tokener *tok = json_tokener_new_ex(JSON_TOKENER_DEFAULT_DEPTH);
    if (!tok)
        die("out of memory");
    json_object *root = json_tokener_parse_ex(tok, text, (int)len);
    if (json_tokener_get_error(tok) != json_tokener_success)
        die("cannot parse the generated JSON: %s",
            json_tokener_error_desc(json_tokener_get_error(tok)));
    json_tokener_free(tok);
    return root;
}

/* A deterministic xorshift64* generator. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545F4914F6CDD1DULL;
}

/* ------------------------------------------------------------------------ */
/* Timing                                                                    */
/* ------------------------------------------------------------------------ */

/* One benchmark: `run` evaluates the compiled thing `n` times. */
typedef void (*bench_fn)(void *arg, long n);

/*
 * Calibrates how many evaluations fill ROUND_SECONDS, then runs `rounds`
 * rounds of that many and returns the best time per evaluation in ns.
 */
static double best_ns(bench_fn run, void *arg, int rounds, long *per_round)
{
    long n = 1;
    for (;;) {
        double t0 = bench_now();
        run(arg, n);
        double dt = bench_now() - t0;
        if (dt >= ROUND_SECONDS / 4 || n >= (1L << 30)) {
            n = (long)((double)n * ROUND_SECONDS / (dt > 0 ? dt : 1e-9)) + 1;
            break;
        }
        n *= 4;
    }
    double best = -1.0;
    for (int r = 0; r < rounds; r++) {
        double t0 = bench_now();
        run(arg, n);
        double ns = (bench_now() - t0) * 1e9 / (double)n;
        if (best < 0 || ns < best)
            best = ns;
    }
    *per_round = n;
    return best;
}

/* Prints one result row. */
static void print_row(const char *what, const char *detail, double ns, long n)
{
    printf("%-11s %12.1f ns/eval  %s  [%ld evals/round]\n", what, ns, detail, n);
    fflush(stdout);
}

/* ------------------------------------------------------------------------ */
/* The small benchmarks                                                      */
/* ------------------------------------------------------------------------ */

static const char context_json[] =
    "{\"url\": \"https://api.example.com/pets/1\", \"method\": \"GET\", \"statusCode\": 200,"
    " \"inputs\": {\"id\": 42, \"name\": \"rex\", \"limit\": 10},"
    " \"response\": {\"header\": {\"Content-Type\": \"application/json\"},"
    "  \"body\": {\"a\": {\"b\": [\"first\", \"second\"]}, \"ok\": true, \"status\": \"available\","
    "   \"items\": [1, 2, 3], \"message\": \"order 1234 accepted\"}}}";

/* An expression and the context it is evaluated against. */
typedef struct expr_arg {
    const az_expr *expr;
    const az_expr_context *ctx;
} expr_arg;

static void run_expr(void *arg, long n)
{
    const expr_arg *a = arg;
    for (long i = 0; i < n; i++) {
        json_object *v = NULL;
        bool defined = false;
        if (az_expr_eval(a->expr, a->ctx, &v, &defined) != AZ_OK || !defined)
            die("az_expr_eval failed");
        json_object_put(v);
    }
}

/* A template and the context it is rendered with. */
typedef struct template_arg {
    const az_template *tpl;
    const az_expr_context *ctx;
} template_arg;

static void run_template(void *arg, long n)
{
    const template_arg *a = arg;
    for (long i = 0; i < n; i++) {
        char *out = NULL;
        if (az_template_render(a->tpl, a->ctx, &out, NULL) != AZ_OK)
            die("az_template_render failed");
        free(out);
    }
}

/* A compiled query and the document it runs over. */
typedef struct jsonpath_arg {
    const az_jsonpath *path;
    json_object *root;
    size_t expected;
} jsonpath_arg;

static void run_jsonpath(void *arg, long n)
{
    const jsonpath_arg *a = arg;
    for (long i = 0; i < n; i++) {
        json_object *out = NULL;
        if (az_jsonpath_eval(a->path, a->root, &out) != AZ_OK)
            die("az_jsonpath_eval failed");
        if (json_object_array_length(out) != a->expected)
            die("the filter selected %zu nodes, expected %zu", json_object_array_length(out),
                a->expected);
        json_object_put(out);
    }
}

#ifdef AZ_BENCH_CRITERIA
/* A compiled criterion and the context it is evaluated against. */
typedef struct criterion_arg {
    const az_criterion *crit;
    const az_expr_context *ctx;
} criterion_arg;

static void run_criterion(void *arg, long n)
{
    const criterion_arg *a = arg;
    for (long i = 0; i < n; i++) {
        bool passed = false;
        char *reason = NULL;
        if (az_criterion_eval(a->crit, a->ctx, &passed, &reason) != AZ_OK || !passed)
            die("az_criterion_eval failed or did not pass: %s", reason ? reason : "-");
        free(reason);
    }
}

/* Compiles a criterion or exits. */
static az_criterion *criterion_or_die(const char *condition, az_criterion_type type,
                                      const char *context)
{
    az_criterion *c = NULL;
    if (az_criterion_compile(condition, type, NULL, context, NULL, NULL, &c) != AZ_OK)
        die("cannot compile the criterion '%s'", condition);
    return c;
}
#endif

/* Builds the 10,000-element array of the filter benchmark (a new reference). */
static json_object *make_array(size_t *fiction_under_10)
{
    static const char *const categories[] = {"fiction", "reference", "poetry", "history"};
    uint64_t rng = 0x9E3779B97F4A7C15ULL;
    json_object *arr = json_object_new_array_ext(ARRAY_ELEMENTS);
    *fiction_under_10 = 0;
    for (int i = 0; i < ARRAY_ELEMENTS; i++) {
        json_object *o = json_object_new_object();
        const char *cat = categories[next_random(&rng) % 4];
        double price = (double)(next_random(&rng) % 3000) / 100.0;
        json_object_object_add(o, "category", json_object_new_string(cat));
        json_object_object_add(o, "price", json_object_new_double(price));
        json_object_object_add(o, "id", json_object_new_int(i));
        json_object_array_add(arr, o);
        if (price < 10 && strcmp(cat, "fiction") == 0)
            (*fiction_under_10)++;
    }
    return arr;
}

/* Times the small benchmarks. */
static void bench_small(int rounds)
{
    json_object *root = parse_or_die(context_json, sizeof context_json - 1);
    az_expr_context ctx;
    az_expr_context_from_json(root, &ctx);
    long n = 0;

    az_expr *e = NULL;
    if (az_expr_compile("$response.body#/a/b/0", NULL, NULL, &e) != AZ_OK)
        die("cannot compile the expression");
    expr_arg ea = {e, &ctx};
    double ns = best_ns(run_expr, &ea, rounds, &n);
    print_row("expression", "$response.body#/a/b/0", ns, n);
    az_expr_free(e);

    static const char tpl_text[] =
        "/pets/{$inputs.id}?status={$response.body#/status}&code={$statusCode}";
    az_template *t = NULL;
    if (az_template_compile(tpl_text, NULL, NULL, &t) != AZ_OK)
        die("cannot compile the template");
    template_arg ta = {t, &ctx};
    ns = best_ns(run_template, &ta, rounds, &n);
    print_row("template", tpl_text, ns, n);
    az_template_free(t);

    static const char filter[] = "$[?@.price < 10 && @.category == 'fiction']";
    az_jsonpath *p = NULL;
    if (az_jsonpath_compile(filter, NULL, &p) != AZ_OK)
        die("cannot compile the JSONPath filter");
    size_t expected = 0;
    json_object *arr = make_array(&expected);
    jsonpath_arg ja = {p, arr, expected};
    ns = best_ns(run_jsonpath, &ja, rounds, &n);
    char detail[128];
    snprintf(detail, sizeof detail, "%s over %d elements (%zu selected)", filter, ARRAY_ELEMENTS,
             ja.expected);
    print_row("jsonpath", detail, ns, n);
    printf("%-11s %12.1f ns/element\n", "", ns / ARRAY_ELEMENTS);
    json_object_put(ja.root);
    az_jsonpath_free(p);

#ifdef AZ_BENCH_CRITERIA
    static const char simple[] =
        "$statusCode == 200 && $response.body#/ok == true && $inputs.limit <= 10";
    az_criterion *c = criterion_or_die(simple, AZ_CRITERION_SIMPLE, NULL);
    criterion_arg ca = {c, &ctx};
    ns = best_ns(run_criterion, &ca, rounds, &n);
    print_row("simple", simple, ns, n);
    az_criterion_free(c);

    static const char regex[] = "^order [0-9]+ (accepted|queued)$";
    c = criterion_or_die(regex, AZ_CRITERION_REGEX, "$response.body#/message");
    ca.crit = c;
    ns = best_ns(run_criterion, &ca, rounds, &n);
    snprintf(detail, sizeof detail, "%s on $response.body#/message", regex);
    print_row("regex", detail, ns, n);
    az_criterion_free(c);
#else
    printf("(simple and regex criteria: not built, expr.h is not available)\n");
#endif
    json_object_put(root);
}

/* ------------------------------------------------------------------------ */
/* The big document                                                          */
/* ------------------------------------------------------------------------ */

/* Appends one book object. */
static void gen_book(buf *b, uint64_t *rng, unsigned long id)
{
    static const char *const categories[] = {"fiction", "reference", "poetry", "history"};
    static const char *const words[] = {"sea",  "night", "river", "glass", "winter", "garden",
                                        "city", "stone", "light", "song",  "empire", "shadow"};
    unsigned long price_cents = (unsigned long)(next_random(rng) % 4000);
    buf_printf(b,
               "{\"id\":%lu,\"category\":\"%s\",\"author\":\"Author %lu\","
               "\"title\":\"The %s of the %s %lu\",\"price\":%lu.%02lu",
               id, categories[next_random(rng) % 4], (unsigned long)(next_random(rng) % 5000),
               words[next_random(rng) % 12], words[next_random(rng) % 12], id, price_cents / 100,
               price_cents % 100);
    if (next_random(rng) % 3 == 0)
        buf_printf(b, ",\"isbn\":\"0-%03lu-%05lu-%lu\"", (unsigned long)(next_random(rng) % 1000),
                   (unsigned long)(next_random(rng) % 100000),
                   (unsigned long)(next_random(rng) % 10));
    buf_printf(b, ",\"tags\":[\"t%lu\",\"t%lu\"],\"stock\":{\"shop\":%lu,\"web\":%s}}",
               (unsigned long)(next_random(rng) % 50), (unsigned long)(next_random(rng) % 50),
               (unsigned long)(next_random(rng) % 100), next_random(rng) % 2 ? "true" : "false");
}

/*
 * Generates the document: {"stores": [{"name", "address", "book": [...],
 * "sections": [{"name", "book": [...]}]}, ...]}, so the query finds `book`
 * members at two depths and must walk every other member too.
 */
static void generate(buf *b, size_t target)
{
    uint64_t rng = 0x2545F4914F6CDD1DULL;
    unsigned long id = 0;
    buf_printf(b, "{\"generator\":\"bench_expr\",\"stores\":[");
    for (unsigned long s = 0; b->len < target; s++) {
        buf_printf(b,
                   "%s{\"name\":\"Store %lu\",\"address\":{\"city\":\"C%lu\",\"zip\":\"%05lu\"},"
                   "\"book\":[",
                   s ? "," : "", s, s % 97, (unsigned long)(next_random(&rng) % 100000));
        for (int i = 0; i < 20; i++) {
            if (i)
                buf_printf(b, ",");
            gen_book(b, &rng, id++);
        }
        buf_printf(b, "],\"sections\":[");
        for (int k = 0; k < 3; k++) {
            buf_printf(b, "%s{\"name\":\"Section %d\",\"book\":[", k ? "," : "", k);
            for (int i = 0; i < 10; i++) {
                if (i)
                    buf_printf(b, ",");
                gen_book(b, &rng, id++);
            }
            buf_printf(b, "]}");
        }
        buf_printf(b, "]}");
    }
    buf_printf(b, "]}\n");
}

/* Times BIG_QUERY over the generated document; returns false on failure. */
static bool bench_big(double size_mb, int runs, const char *write_path)
{
    buf b = {NULL, 0, 0};
    double t0 = bench_now();
    generate(&b, (size_t)(size_mb * BYTES_PER_MB));
    double gen_ms = (bench_now() - t0) * 1e3;
    if (write_path) {
        FILE *f = fopen(write_path, "wb");
        if (!f || fwrite(b.data, 1, b.len, f) != b.len || fclose(f) != 0)
            die("cannot write %s", write_path);
        printf("wrote %s (%zu bytes)\n", write_path, b.len);
    }
    t0 = bench_now();
    json_object *root = parse_or_die(b.data, b.len);
    double parse_ms = (bench_now() - t0) * 1e3;

    az_jsonpath *p = NULL;
    if (az_jsonpath_compile(BIG_QUERY, NULL, &p) != AZ_OK)
        die("cannot compile %s", BIG_QUERY);
    double best = -1.0;
    size_t count = 0;
    bool ok = true;
    for (int r = 0; r < runs; r++) {
        json_object *out = NULL;
        t0 = bench_now();
        az_status st = az_jsonpath_eval(p, root, &out);
        double ms = (bench_now() - t0) * 1e3;
        if (st != AZ_OK) {
            fprintf(stderr, "bench_expr: %s failed: %s\n", BIG_QUERY, az_status_str(st));
            ok = false;
            break;
        }
        count = json_object_array_length(out);
        json_object_put(out);
        if (best < 0 || ms < best)
            best = ms;
    }
    printf("document: %zu bytes, generated in %.0f ms, parsed by json-c in %.0f ms\n", b.len,
           gen_ms, parse_ms);
    if (ok)
        printf("big-query   %12.2f ms       %s  [best of %d runs, %zu nodes]\n", best, BIG_QUERY,
               runs, count);
    az_jsonpath_free(p);
    json_object_put(root);
    free(b.data);
    return ok;
}

/* ------------------------------------------------------------------------ */
/* main                                                                      */
/* ------------------------------------------------------------------------ */

static void usage(FILE *out)
{
    fputs("usage: bench_expr [--rounds N] [--runs N] [--size MB] [--write FILE]\n"
          "                  [--big-only | --no-big]\n"
          "  --rounds N   best of N rounds of each small benchmark (default 7)\n"
          "  --runs N     best of N runs of the big query (default 5)\n"
          "  --size MB    size of the generated document (default 10)\n"
          "  --write FILE also save the generated document to FILE\n"
          "  --big-only   only the big-document query\n"
          "  --no-big     skip the big-document query\n",
          out);
}

/* Parses a positive integer option value or exits. */
static int positive(const char *opt, const char *s)
{
    char *end = NULL;
    long v = s ? strtol(s, &end, 10) : 0;
    if (!s || *end || v <= 0 || v > 1000000)
        die("%s needs a positive integer", opt);
    return (int)v;
}

int main(int argc, char **argv)
{
    int rounds = DEFAULT_ROUNDS, runs = DEFAULT_RUNS;
    double size_mb = DEFAULT_SIZE_MB;
    const char *write_path = NULL;
    bool small = true, big = true;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--rounds") == 0) {
            rounds = positive(a, v);
            i++;
        } else if (strcmp(a, "--runs") == 0) {
            runs = positive(a, v);
            i++;
        } else if (strcmp(a, "--size") == 0) {
            char *end = NULL;
            size_mb = v ? strtod(v, &end) : 0;
            if (!v || *end || !(size_mb > 0 && size_mb <= 4096))
                die("--size needs a size in MB");
            i++;
        } else if (strcmp(a, "--write") == 0) {
            if (!v)
                die("--write needs a file name");
            write_path = v;
            i++;
        } else if (strcmp(a, "--big-only") == 0) {
            small = false;
        } else if (strcmp(a, "--no-big") == 0) {
            big = false;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        } else {
            usage(stderr);
            return 2;
        }
    }

    printf("arazzo expression benchmark (arazzo %s, json-c %s)\n", az_version(), json_c_version());
    if (small) {
        printf("compiled once; best of %d rounds of ~%.0f ms each\n\n", rounds,
               ROUND_SECONDS * 1e3);
        bench_small(rounds);
    }
    int status = 0;
    if (big) {
        if (small)
            putchar('\n');
        if (!bench_big(size_mb, runs, write_path))
            status = 1;
    }
    return status;
}
