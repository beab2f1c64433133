/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_loader.c - the loader benchmark: generates one deterministic,
 * OpenAPI-like document of about 20 MB in memory, renders it as block-style
 * YAML, pretty-printed JSON and minified JSON (one pass writes all three, so
 * they hold the same data), and times, best of N runs on the same bytes, the
 * raw third-party parsers against az_doc_load_buffer:
 *
 *   YAML  libyaml's event parser (yaml_parser_parse, nothing built)
 *         vs az_doc_load_buffer(AZ_FORMAT_YAML) (json-c tree + positions);
 *   JSON  json-c's tokener (json_tokener_parse_ex on the whole buffer)
 *         vs az_doc_load_buffer(AZ_FORMAT_JSON).
 *
 * Every timed run includes releasing what was built (events, trees,
 * documents), and the release is also timed on its own. The targets apply
 * to the time to a usable tree (the run less its release: libyaml's raw
 * events are never built into a tree, so they have nothing to release):
 * ours/raw <= 1.5 for YAML and <= 2 for JSON. The ratio of the whole runs,
 * release included, is printed beside it. Targets are reported as PASS or
 * MISS and never change the exit status, which is non-zero only when an
 * input fails to load. After the timings the trees
 * are compared (YAML and JSON through our loader against json-c's tree) so a
 * fast but wrong loader does not go unnoticed.
 */
#include "bench_common.h"

#include <arazzo/core.h>

#include <json-c/json.h>
#include <yaml.h>

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#define DEFAULT_RUNS    5
#define DEFAULT_SIZE_MB 20.0
#define BYTES_PER_MB    1e6
#define YAML_TARGET     1.5
#define JSON_TARGET     2.0
#define MAX_NEST        64

/* ------------------------------------------------------------------------ */
/* Small helpers                                                             */
/* ------------------------------------------------------------------------ */

#define die(...) bench_die("bench_loader", __VA_ARGS__)

/* Returns the process's peak resident set size in MB (10^6 bytes). */
static double peak_rss_mb(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return 0.0;
    return (double)ru.ru_maxrss * 1024.0 / BYTES_PER_MB; /* ru_maxrss is in KiB */
}

/* ------------------------------------------------------------------------ */
/* The emitter: one event stream rendered as YAML, JSON and minified JSON    */
/* ------------------------------------------------------------------------ */

typedef enum kind { K_ROOT, K_MAP, K_SEQ } kind;

/* One open collection. `indent` is the YAML column of its entries. */
typedef struct em_frame {
    kind kind;
    size_t count;
    unsigned indent;
    bool inline_first; /* the first entry follows "- " on the same line */
    bool after_colon;  /* the collection is the value of a mapping key */
} em_frame;

/* How a string scalar is to be written. */
typedef enum str_style {
    S_AUTO,   /* plain when safe, else single- or double-quoted */
    S_ESCAPE, /* double-quoted, every non-ASCII character as an escape */
    S_BLOCK   /* YAML literal block scalar (multi-line text) */
} str_style;

typedef struct emitter {
    az_buf yaml, json, jmin;
    bool minified; /* also render minified JSON */
    em_frame stack[MAX_NEST];
    size_t depth; /* stack[0] is the root pseudo-frame */
    bool key_pending;
} emitter;

/* Readies an emitter with empty outputs. */
static void em_init(emitter *em, bool minified)
{
    memset(em, 0, sizeof *em);
    em->minified = minified;
    em->stack[0].kind = K_ROOT;
}

/* Releases the emitter's buffers. */
static void em_cleanup(emitter *em)
{
    free(em->yaml.data);
    free(em->json.data);
    free(em->jmin.data);
}

/* Returns the innermost open frame. */
static em_frame *em_top(emitter *em)
{
    return &em->stack[em->depth];
}

/*
 * Writes what precedes a value in its parent (JSON separators and
 * indentation, YAML "- " for a sequence item) and returns the parent's kind.
 */
static kind em_value_prefix(emitter *em)
{
    em_frame *top = em_top(em);
    switch (top->kind) {
    case K_ROOT: break;
    case K_MAP:
        if (!em->key_pending)
            die("emitter: a mapping value without a key");
        em->key_pending = false;
        break;
    case K_SEQ:
        if (top->count > 0) {
            bench_putc(&em->json, ',');
            if (em->minified)
                bench_putc(&em->jmin, ',');
        }
        bench_newline(&em->json, (unsigned)(2 * em->depth));
        if (!(top->count == 0 && top->inline_first))
            bench_newline(&em->yaml, top->indent);
        bench_put(&em->yaml, "- ", 2);
        top->count++;
        break;
    }
    return top->kind;
}

/* Appends a JSON string literal; `ascii` escapes every non-ASCII character. */
static void json_string(az_buf *b, const char *s, bool ascii)
{
    const unsigned char *p = (const unsigned char *)s;
    bench_putc(b, '"');
    while (*p) {
        unsigned c = *p;
        if (c == '"' || c == '\\') {
            bench_putc(b, '\\');
            bench_putc(b, (char)c);
            p++;
        } else if (c < 0x20) {
            switch (c) {
            case '\n': bench_puts(b, "\\n"); break;
            case '\t': bench_puts(b, "\\t"); break;
            case '\r': bench_puts(b, "\\r"); break;
            case '\b': bench_puts(b, "\\b"); break;
            case '\f': bench_puts(b, "\\f"); break;
            default: bench_printf(b, "\\u%04x", c); break;
            }
            p++;
        } else if (c >= 0x80 && ascii) {
            /* The generator only writes well-formed UTF-8. */
            unsigned cp, n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
            cp = c & (0x3Fu >> n);
            for (unsigned i = 1; i <= n; i++)
                cp = (cp << 6) | (p[i] & 0x3Fu);
            if (cp >= 0x10000) {
                cp -= 0x10000;
                bench_printf(b, "\\u%04X\\u%04X", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
            } else {
                bench_printf(b, "\\u%04x", cp);
            }
            p += n + 1;
        } else {
            bench_putc(b, (char)c);
            p++;
        }
    }
    bench_putc(b, '"');
}

/* Tells whether a string reads as a YAML 1.1 or 1.2 boolean or null. */
static bool yaml_reserved(const char *s)
{
    static const char *const words[] = {"true", "false", "null", "yes", "no",
                                        "on",   "off",   "y",    "n",   "~"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        const char *a = s, *w = words[i];
        while (*a && *w && (*a | 0x20) == *w) {
            a++;
            w++;
        }
        if (!*a && !*w)
            return true;
    }
    return false;
}

/* Tells whether a string can be written as a plain (unquoted) YAML scalar. */
static bool yaml_plain_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    bool letter = (*p | 0x20) >= 'a' && (*p | 0x20) <= 'z';
    if (!letter && *p != '/' && *p != '$' && *p != '_')
        return false;
    if (yaml_reserved(s))
        return false;
    for (; *p; p++) {
        unsigned c = *p;
        if (c >= 0x80)
            continue; /* printable non-ASCII text */
        if (c < 0x20 || c == 0x7F || c == '"' || c == '\'' || c == '\\' || c == '`')
            return false;
        if (c == ':' && (p[1] == ' ' || p[1] == '\0'))
            return false;
        if (c == '#' && p[-1] == ' ')
            return false;
        if (c == ' ' && p[1] == '\0')
            return false;
    }
    return true;
}

/* Tells whether a string can be single-quoted (printable, one line). */
static bool yaml_single_ok(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7F || *p == '\\')
            return false;
    return true;
}

/* Appends a YAML double-quoted scalar; `ascii` escapes every non-ASCII character. */
static void yaml_double(az_buf *b, const char *s, bool ascii)
{
    const unsigned char *p = (const unsigned char *)s;
    bench_putc(b, '"');
    while (*p) {
        unsigned c = *p;
        if (c == '"' || c == '\\') {
            bench_putc(b, '\\');
            bench_putc(b, (char)c);
            p++;
        } else if (c < 0x20) {
            switch (c) {
            case '\n': bench_puts(b, "\\n"); break;
            case '\t': bench_puts(b, "\\t"); break;
            case '\r': bench_puts(b, "\\r"); break;
            default: bench_printf(b, "\\x%02x", c); break;
            }
            p++;
        } else if (c >= 0x80 && ascii) {
            unsigned cp, n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
            cp = c & (0x3Fu >> n);
            for (unsigned i = 1; i <= n; i++)
                cp = (cp << 6) | (p[i] & 0x3Fu);
            if (cp >= 0x10000)
                bench_printf(b, "\\U%08X", cp);
            else
                bench_printf(b, "\\u%04X", cp);
            p += n + 1;
        } else {
            bench_putc(b, (char)c);
            p++;
        }
    }
    bench_putc(b, '"');
}

/* Appends a YAML scalar for a string in the most natural style. */
static void yaml_string(az_buf *b, const char *s, bool ascii)
{
    if (ascii) {
        yaml_double(b, s, true);
    } else if (yaml_plain_ok(s)) {
        bench_puts(b, s);
    } else if (yaml_single_ok(s)) {
        bench_putc(b, '\'');
        for (const char *p = s; *p; p++) {
            if (*p == '\'')
                bench_putc(b, '\'');
            bench_putc(b, *p);
        }
        bench_putc(b, '\'');
    } else {
        yaml_double(b, s, false);
    }
}

/* Appends a YAML literal block scalar ("|" or "|-") at content indent `ind`. */
static void yaml_block(az_buf *b, const char *s, unsigned ind)
{
    size_t n = strlen(s);
    bool final_break = n > 0 && s[n - 1] == '\n';
    bench_puts(b, final_break ? "|" : "|-");
    const char *p = s, *end = s + n - (final_break ? 1 : 0);
    while (p <= end) {
        const char *lf = memchr(p, '\n', (size_t)(end - p));
        const char *stop = lf ? lf : end;
        if (stop == p)
            bench_putc(b, '\n'); /* an empty line carries no indentation */
        else
            bench_newline(b, ind);
        bench_put(b, p, (size_t)(stop - p));
        if (!lf)
            break;
        p = lf + 1;
    }
}

/* Writes a mapping key. */
static void em_key(emitter *em, const char *key)
{
    em_frame *top = em_top(em);
    if (top->kind != K_MAP || em->key_pending)
        die("emitter: a key outside a mapping");
    if (top->count > 0) {
        bench_putc(&em->json, ',');
        if (em->minified)
            bench_putc(&em->jmin, ',');
    }
    bench_newline(&em->json, (unsigned)(2 * em->depth));
    json_string(&em->json, key, false);
    bench_put(&em->json, ": ", 2);
    if (em->minified) {
        json_string(&em->jmin, key, false);
        bench_putc(&em->jmin, ':');
    }
    if (!(top->count == 0 && top->inline_first) && em->yaml.len > 0)
        bench_newline(&em->yaml, top->indent);
    yaml_string(&em->yaml, key, false);
    bench_putc(&em->yaml, ':');
    top->count++;
    em->key_pending = true;
}

/* Opens a mapping (`map`) or a sequence. */
static void em_open(emitter *em, bool map)
{
    if (em->depth + 1 >= MAX_NEST)
        die("emitter: nesting too deep");
    em_frame *parent = em_top(em);
    unsigned parent_indent = parent->indent;
    kind pk = em_value_prefix(em);
    bench_putc(&em->json, map ? '{' : '[');
    if (em->minified)
        bench_putc(&em->jmin, map ? '{' : '[');
    em_frame *f = &em->stack[++em->depth];
    f->kind = map ? K_MAP : K_SEQ;
    f->count = 0;
    f->indent = pk == K_ROOT ? 0 : parent_indent + 2;
    f->inline_first = pk == K_SEQ;
    f->after_colon = pk == K_MAP;
}

/* Closes the innermost collection. */
static void em_close(emitter *em)
{
    em_frame *f = em_top(em);
    if (f->kind == K_ROOT || em->key_pending)
        die("emitter: unbalanced close");
    bool map = f->kind == K_MAP;
    em->depth--;
    if (f->count > 0)
        bench_newline(&em->json, (unsigned)(2 * em->depth));
    bench_putc(&em->json, map ? '}' : ']');
    if (em->minified)
        bench_putc(&em->jmin, map ? '}' : ']');
    if (f->count == 0) {
        if (f->after_colon)
            bench_putc(&em->yaml, ' ');
        bench_puts(&em->yaml, map ? "{}" : "[]");
    }
    if (em->depth == 0) {
        bench_putc(&em->yaml, '\n');
        bench_putc(&em->json, '\n');
    }
}

/* Writes a scalar whose YAML and JSON spellings are the same token. */
static void em_token(emitter *em, const char *yaml_tok, const char *json_tok)
{
    if (em_value_prefix(em) == K_MAP)
        bench_putc(&em->yaml, ' ');
    bench_puts(&em->yaml, yaml_tok);
    bench_puts(&em->json, json_tok);
    if (em->minified)
        bench_puts(&em->jmin, json_tok);
}

/* Writes a string scalar in the given style. */
static void em_str_style(emitter *em, const char *s, str_style style)
{
    em_frame *parent = em_top(em);
    unsigned ind = parent->kind == K_ROOT ? 2 : parent->indent + 2;
    if (em_value_prefix(em) == K_MAP)
        bench_putc(&em->yaml, ' ');
    if (style == S_BLOCK)
        yaml_block(&em->yaml, s, ind);
    else
        yaml_string(&em->yaml, s, style == S_ESCAPE);
    json_string(&em->json, s, style == S_ESCAPE);
    if (em->minified)
        json_string(&em->jmin, s, style == S_ESCAPE);
}

/* Writes a string scalar in its natural style. */
static void em_str(emitter *em, const char *s)
{
    em_str_style(em, s, S_AUTO);
}

/* Writes an integer. */
static void em_int(emitter *em, int64_t v)
{
    char tok[32];
    snprintf(tok, sizeof tok, "%" PRId64, v);
    em_token(em, tok, tok);
}

/* Writes a boolean. */
static void em_bool(emitter *em, bool v)
{
    em_token(em, v ? "true" : "false", v ? "true" : "false");
}

/* Writes a null, spelled "null" or "~" in YAML. */
static void em_null(emitter *em, bool tilde)
{
    em_token(em, tilde ? "~" : "null", "null");
}

/* Writes a key and a string value. */
static void em_kv_str(emitter *em, const char *key, const char *value)
{
    em_key(em, key);
    em_str(em, value);
}

/* Writes a key and an integer value. */
static void em_kv_int(emitter *em, const char *key, int64_t value)
{
    em_key(em, key);
    em_int(em, value);
}

/* ------------------------------------------------------------------------ */
/* The document generator                                                    */
/* ------------------------------------------------------------------------ */

/* The generator's state: the emitter and a deterministic random stream. */
typedef struct gen {
    emitter em;
    uint64_t rng;
    size_t target; /* YAML bytes to reach */
    size_t n_paths, n_schemas;
} gen;

/* Returns the next number of the xorshift64* stream. */
static uint64_t rnd(gen *g)
{
    g->rng ^= g->rng >> 12;
    g->rng ^= g->rng << 25;
    g->rng ^= g->rng >> 27;
    return g->rng * 2685821657736338717ULL;
}

/* Returns a number in [0, n). */
static unsigned rnd_below(gen *g, unsigned n)
{
    return (unsigned)((rnd(g) >> 33) % n);
}

/* Words for generated prose: ASCII, accented Latin, Greek, CJK and emoji. */
static const char *const WORDS[] = {
    "the",     "resource", "returns", "a",       "list",   "of",     "items",      "for",
    "given",   "account",  "and",     "filters", "by",     "status", "when",       "present",
    "café",    "naïve",    "Zürich",  "résumé",  "Ελλάδα", "日本語", "données",    "über",
    "façade",  "señor",    "Ωmega",   "😀",       "→",      "–",      "pagination", "cursor",
    "request", "response", "webhook", "tenant",  "quota",  "retry",  "limit",      "token"};
#define N_WORDS (sizeof WORDS / sizeof WORDS[0])

/* Fills `out` with `n` random words separated by spaces. */
static void words(gen *g, char *out, size_t cap, unsigned n)
{
    size_t len = 0;
    out[0] = '\0';
    for (unsigned i = 0; i < n; i++) {
        const char *w = WORDS[rnd_below(g, N_WORDS)];
        size_t wl = strlen(w);
        if (len + wl + 2 >= cap)
            break;
        if (i > 0)
            out[len++] = ' ';
        memcpy(out + len, w, wl);
        len += wl;
        out[len] = '\0';
    }
}

/* Writes a one-line sentence, capitalised with a final full stop. */
static void em_sentence(gen *g, unsigned min, unsigned spread)
{
    char text[512];
    words(g, text, sizeof text - 2, min + rnd_below(g, spread));
    if (text[0] >= 'a' && text[0] <= 'z')
        text[0] = (char)(text[0] - 'a' + 'A');
    strcat(text, ".");
    em_str(&g->em, text);
}

/* Writes a string that needs escapes: quotes, backslashes, tabs, breaks. */
static void em_tricky(gen *g)
{
    static const char *const forms[] = {"say \"%s\" then\tstop",
                                        "C:\\data\\%s",
                                        "line one\nline two: %s",
                                        "%s: with a colon",
                                        "#not a comment %s",
                                        "'single' %s",
                                        "- not a list %s",
                                        "%s # trailing hash",
                                        "{braces} and [brackets] %s",
                                        "yes",
                                        "0x1F",
                                        "123",
                                        "1.5e3",
                                        "null",
                                        "@at %s",
                                        "emoji 😀 and é and \\u escapes in %s"};
    char word[64], text[256];
    const char *form = forms[rnd_below(g, sizeof forms / sizeof forms[0])];
    const char *hole = strstr(form, "%s");
    words(g, word, sizeof word, 1);
    if (hole)
        snprintf(text, sizeof text, "%.*s%s%s", (int)(hole - form), form, word, hole + 2);
    else
        snprintf(text, sizeof text, "%s", form);
    em_str_style(&g->em, text, rnd_below(g, 4) == 0 ? S_ESCAPE : S_AUTO);
}

/* Writes a multi-line description as a literal block scalar. */
static void em_paragraph(gen *g)
{
    char text[2048];
    size_t len = 0;
    unsigned lines = 2 + rnd_below(g, 4);
    for (unsigned i = 0; i < lines; i++) {
        char line[400];
        words(g, line, sizeof line, 6 + rnd_below(g, 10));
        if (i == 2 && lines > 3)
            len += (size_t)snprintf(text + len, sizeof text - len, "\n"); /* a blank line */
        len += (size_t)snprintf(text + len, sizeof text - len, "%s%s\n", i == 1 ? "  " : "", line);
    }
    em_str_style(&g->em, text, rnd_below(g, 3) == 0 ? S_AUTO : S_BLOCK);
}

/* Writes a float whose text is the same in YAML and JSON. */
static void em_float(gen *g)
{
    char tok[48];
    switch (rnd_below(g, 4)) {
    case 0: snprintf(tok, sizeof tok, "%u.%03u", rnd_below(g, 100000), rnd_below(g, 1000)); break;
    case 1: snprintf(tok, sizeof tok, "-%u.%u", rnd_below(g, 1000), 1 + rnd_below(g, 9)); break;
    case 2:
        snprintf(tok, sizeof tok, "%u.%02ue+%u", 1 + rnd_below(g, 9), rnd_below(g, 100),
                 rnd_below(g, 30));
        break;
    default: snprintf(tok, sizeof tok, "0.%06u", rnd_below(g, 1000000)); break;
    }
    em_token(&g->em, tok, tok);
}

/* Writes an example value: an object with every scalar type and nesting. */
static void em_example(gen *g, unsigned depth)
{
    emitter *em = &g->em;
    char text[256];
    em_open(em, true);
    em_kv_int(em, "id", (int64_t)(rnd(g) >> 2) * (rnd_below(g, 8) == 0 ? -1 : 1));
    em_key(em, "name");
    words(g, text, sizeof text, 2 + rnd_below(g, 3));
    em_str_style(em, text, rnd_below(g, 5) == 0 ? S_ESCAPE : S_AUTO);
    em_key(em, "price");
    em_float(g);
    em_key(em, "active");
    em_bool(em, rnd_below(g, 2));
    em_key(em, "deletedAt");
    em_null(em, rnd_below(g, 2));
    em_key(em, "note");
    em_tricky(g);
    em_key(em, "tags");
    em_open(em, false);
    for (unsigned i = 0, n = rnd_below(g, 4); i < n; i++) {
        words(g, text, sizeof text, 1);
        em_str(em, text);
    }
    em_close(em);
    em_key(em, "matrix");
    em_open(em, false);
    for (unsigned i = 0; i < 2; i++) {
        em_open(em, false);
        for (unsigned j = 0; j < 3; j++)
            em_int(em, (int64_t)rnd_below(g, 2000) - 1000);
        em_close(em);
    }
    em_close(em);
    if (depth > 0) {
        em_key(em, "children");
        em_open(em, false);
        for (unsigned i = 0, n = 1 + rnd_below(g, 2); i < n; i++)
            em_example(g, depth - 1);
        em_close(em);
    }
    em_close(em);
}

/* Writes a schema object: {type: ..., format, bounds, example}. */
static void em_scalar_schema(gen *g, const char *type)
{
    emitter *em = &g->em;
    em_open(em, true);
    em_kv_str(em, "type", type);
    if (strcmp(type, "integer") == 0) {
        em_kv_str(em, "format", "int64");
        em_kv_int(em, "minimum", 0);
        em_kv_int(em, "maximum", (int64_t)1 << (20 + rnd_below(g, 40)));
        em_kv_int(em, "example", (int64_t)rnd_below(g, 1000000));
    } else if (strcmp(type, "number") == 0) {
        em_kv_str(em, "format", "double");
        em_key(em, "example");
        em_float(g);
    } else if (strcmp(type, "boolean") == 0) {
        em_key(em, "default");
        em_bool(em, rnd_below(g, 2));
    } else {
        em_kv_int(em, "maxLength", 64 + rnd_below(g, 512));
        if (rnd_below(g, 3) == 0)
            em_kv_str(em, "pattern", rnd_below(g, 2) ? "^[0-9]{5}$" : "^\\d{3}-\\w+$");
        em_key(em, "example");
        em_sentence(g, 1, 4);
    }
    em_close(em);
}

/* Writes one parameter object. */
static void em_parameter(gen *g, unsigned i, unsigned k)
{
    static const char *const where[] = {"query", "header", "cookie"};
    emitter *em = &g->em;
    char name[64];
    snprintf(name, sizeof name, "param%u_%u", i, k);
    em_open(em, true);
    em_kv_str(em, "name", name);
    em_kv_str(em, "in", where[rnd_below(g, 3)]);
    em_key(em, "required");
    em_bool(em, rnd_below(g, 3) == 0);
    em_key(em, "description");
    em_sentence(g, 4, 8);
    em_key(em, "schema");
    if (rnd_below(g, 2)) {
        em_scalar_schema(g, "integer");
    } else {
        em_open(em, true);
        em_kv_str(em, "type", "string");
        em_key(em, "enum");
        em_open(em, false);
        em_str(em, "asc");
        em_str(em, "desc");
        em_str(em, "null");
        em_close(em);
        em_kv_str(em, "default", "asc");
        em_close(em);
    }
    em_close(em);
}

/* Writes a content map {media type: {schema: {$ref}, example}}. */
static void em_content(gen *g, const char *media, unsigned ref, bool example)
{
    emitter *em = &g->em;
    char ref_text[96];
    snprintf(ref_text, sizeof ref_text, "#/components/schemas/Thing%u", ref);
    em_open(em, true);
    em_key(em, media);
    em_open(em, true);
    em_key(em, "schema");
    em_open(em, true);
    em_kv_str(em, "$ref", ref_text);
    em_close(em);
    if (example) {
        em_key(em, "example");
        em_example(g, 1 + rnd_below(g, 2));
    }
    em_close(em);
    em_close(em);
}

/* Writes one operation object. */
static void em_operation(gen *g, const char *method, unsigned i)
{
    emitter *em = &g->em;
    char id[64];
    snprintf(id, sizeof id, "%sResource%u", method, i);
    em_key(em, method);
    em_open(em, true);
    em_kv_str(em, "operationId", id);
    em_key(em, "summary");
    em_sentence(g, 3, 6);
    em_key(em, "description");
    em_paragraph(g);
    em_key(em, "tags");
    em_open(em, false);
    em_str(em, i % 2 ? "accounts" : "billing");
    if (i % 3 == 0)
        em_str(em, "Überweisungen");
    em_close(em);
    em_key(em, "deprecated");
    em_bool(em, i % 17 == 0);
    em_key(em, "parameters");
    em_open(em, false);
    for (unsigned k = 0, n = 1 + rnd_below(g, 4); k < n; k++)
        em_parameter(g, i, k);
    em_close(em);
    if (strcmp(method, "post") == 0 || strcmp(method, "put") == 0) {
        em_key(em, "requestBody");
        em_open(em, true);
        em_key(em, "required");
        em_bool(em, true);
        em_key(em, "content");
        em_content(g, "application/json", i, false);
        em_close(em);
    }
    em_key(em, "responses");
    em_open(em, true);
    em_key(em, strcmp(method, "post") == 0 ? "201" : "200");
    em_open(em, true);
    em_key(em, "description");
    em_sentence(g, 2, 5);
    em_key(em, "headers");
    em_open(em, true);
    em_key(em, "X-Rate-Limit");
    em_open(em, true);
    em_key(em, "schema");
    em_scalar_schema(g, "integer");
    em_close(em);
    em_close(em);
    em_key(em, "content");
    em_content(g, "application/json", i, true);
    em_close(em);
    em_key(em, "404");
    em_open(em, true);
    em_kv_str(em, "description", "Not found");
    em_key(em, "content");
    em_content(g, "application/problem+json", i, false);
    em_close(em);
    em_key(em, "default");
    em_open(em, true);
    em_kv_str(em, "description", "Unexpected error");
    em_close(em);
    em_close(em);
    em_key(em, "x-weight");
    em_float(g);
    em_key(em, "x-internal");
    em_null(em, i % 2);
    em_close(em);
}

/* Writes one path item, with two to four operations. */
static void em_path(gen *g, unsigned i)
{
    emitter *em = &g->em;
    char path[96];
    snprintf(path, sizeof path, "/resources%u/{id}/items", i);
    em_key(em, path);
    em_open(em, true);
    em_key(em, "summary");
    em_sentence(g, 2, 4);
    em_key(em, "parameters");
    em_open(em, false);
    em_open(em, true);
    em_kv_str(em, "name", "id");
    em_kv_str(em, "in", "path");
    em_key(em, "required");
    em_bool(em, true);
    em_key(em, "schema");
    em_open(em, true);
    em_kv_str(em, "type", "string");
    em_kv_str(em, "format", "uuid");
    em_close(em);
    em_close(em);
    em_close(em);
    em_operation(g, "get", i);
    if (i % 2 == 0)
        em_operation(g, "post", i);
    if (i % 3 == 0)
        em_operation(g, "put", i);
    if (i % 5 == 0)
        em_operation(g, "delete", i);
    em_close(em);
}

/* Writes one component schema with nested properties. */
static void em_schema(gen *g, unsigned j)
{
    emitter *em = &g->em;
    char name[64];
    snprintf(name, sizeof name, "Thing%u", j);
    em_key(em, name);
    em_open(em, true);
    em_kv_str(em, "type", "object");
    em_key(em, "description");
    em_paragraph(g);
    em_key(em, "required");
    em_open(em, false);
    em_str(em, "id");
    em_str(em, "name");
    em_close(em);
    em_key(em, "properties");
    em_open(em, true);
    em_key(em, "id");
    em_scalar_schema(g, "integer");
    em_key(em, "name");
    em_scalar_schema(g, "string");
    em_key(em, "price");
    em_scalar_schema(g, "number");
    em_key(em, "active");
    em_scalar_schema(g, "boolean");
    em_key(em, "deletedAt");
    em_open(em, true);
    em_key(em, "type");
    em_open(em, false);
    em_str(em, "string");
    em_str(em, "null");
    em_close(em);
    em_key(em, "default");
    em_null(em, false);
    em_close(em);
    em_key(em, "address");
    em_open(em, true);
    em_kv_str(em, "type", "object");
    em_key(em, "properties");
    em_open(em, true);
    em_key(em, "street");
    em_scalar_schema(g, "string");
    em_key(em, "city");
    em_scalar_schema(g, "string");
    em_key(em, "geo");
    em_open(em, true);
    em_kv_str(em, "type", "object");
    em_key(em, "properties");
    em_open(em, true);
    em_key(em, "lat");
    em_scalar_schema(g, "number");
    em_key(em, "lon");
    em_scalar_schema(g, "number");
    em_close(em);
    em_close(em);
    em_close(em);
    em_key(em, "additionalProperties");
    em_bool(em, false);
    em_close(em);
    em_key(em, "tags");
    em_open(em, true);
    em_kv_str(em, "type", "array");
    em_key(em, "items");
    em_scalar_schema(g, "string");
    em_key(em, "example");
    em_open(em, false);
    for (unsigned k = 0, n = rnd_below(g, 4); k < n; k++)
        em_tricky(g);
    em_close(em);
    em_close(em);
    em_key(em, "metadata");
    em_open(em, true);
    em_kv_str(em, "type", "object");
    em_key(em, "additionalProperties");
    em_open(em, true);
    em_close(em); /* an empty mapping */
    em_key(em, "x-empty-list");
    em_open(em, false);
    em_close(em);
    em_close(em);
    em_close(em);
    em_key(em, "example");
    em_example(g, 1);
    em_close(em);
}

/* Writes the info object and the servers list. */
static void em_preamble(gen *g)
{
    emitter *em = &g->em;
    em_kv_str(em, "openapi", "3.1.0");
    em_key(em, "info");
    em_open(em, true);
    em_kv_str(em, "title", "Generated benchmark API – données d'exemple");
    em_kv_str(em, "version", "1.0.0");
    em_key(em, "description");
    em_paragraph(g);
    em_key(em, "contact");
    em_open(em, true);
    em_kv_str(em, "name", "Bench Team");
    em_kv_str(em, "email", "bench@example.com");
    em_kv_str(em, "url", "https://example.com/bench");
    em_close(em);
    em_key(em, "x-seed");
    em_int(em, 20240601);
    em_key(em, "x-generated");
    em_bool(em, true);
    em_close(em);
    em_key(em, "servers");
    em_open(em, false);
    for (unsigned i = 0; i < 3; i++) {
        char url[96];
        snprintf(url, sizeof url, "https://api%u.example.com:{port}/v%u", i, i + 1);
        em_open(em, true);
        em_kv_str(em, "url", url);
        em_key(em, "description");
        em_sentence(g, 2, 4);
        em_key(em, "variables");
        em_open(em, true);
        em_key(em, "port");
        em_open(em, true);
        em_kv_str(em, "default", "8443");
        em_key(em, "enum");
        em_open(em, false);
        em_str(em, "8443");
        em_str(em, "443");
        em_close(em);
        em_close(em);
        em_close(em);
        em_close(em);
    }
    em_close(em);
}

/*
 * Generates the whole document: paths until the YAML text reaches about 60%
 * of the target, then component schemas until it reaches the target.
 */
static void generate(gen *g)
{
    emitter *em = &g->em;
    em_open(em, true);
    em_preamble(g);
    em_key(em, "paths");
    em_open(em, true);
    while (em->yaml.len < g->target / 10 * 6)
        em_path(g, (unsigned)g->n_paths++);
    em_close(em);
    em_key(em, "components");
    em_open(em, true);
    em_key(em, "schemas");
    em_open(em, true);
    while (em->yaml.len < g->target || g->n_schemas == 0)
        em_schema(g, (unsigned)g->n_schemas++);
    em_close(em);
    em_close(em);
    em_close(em);
    if (em->depth != 0)
        die("emitter: unbalanced document");
}

/* ------------------------------------------------------------------------ */
/* The parsers under test                                                    */
/* ------------------------------------------------------------------------ */

typedef struct input {
    const char *label;
    const char *name; /* file name given to the loader */
    const char *data;
    size_t len;
    bool yaml;
} input;

/*
 * Parses YAML with libyaml's event API, building nothing; true on success.
 * Each event is deleted as it comes, so there is no separate release phase.
 */
static bool run_libyaml(const input *in, double *free_secs)
{
    yaml_parser_t parser;
    yaml_event_t event;
    bool ok = true, done = false;
    if (!yaml_parser_initialize(&parser))
        return false;
    yaml_parser_set_input_string(&parser, (const unsigned char *)in->data, in->len);
    while (!done) {
        if (!yaml_parser_parse(&parser, &event)) {
            fprintf(stderr, "libyaml: %s at line %zu\n", parser.problem ? parser.problem : "error",
                    parser.problem_mark.line + 1);
            ok = false;
            break;
        }
        done = event.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&event);
    }
    yaml_parser_delete(&parser);
    *free_secs = 0.0;
    return ok;
}

/* Parses JSON with a json-c tokener into a tree; returns it or NULL. */
static json_object *parse_jsonc(const input *in)
{
    json_tokener *tok = json_tokener_new();
    if (!tok)
        return NULL;
    json_object *root = json_tokener_parse_ex(tok, in->data, (int)in->len);
    enum json_tokener_error err = json_tokener_get_error(tok);
    if (err != json_tokener_success) {
        fprintf(stderr, "json-c: %s at offset %zu\n", json_tokener_error_desc(err),
                json_tokener_get_parse_end(tok));
        json_object_put(root);
        root = NULL;
    }
    json_tokener_free(tok);
    return root;
}

/*
 * Parses JSON with json-c and releases the tree; true on success. The time
 * json_object_put takes goes to *free_secs.
 */
static bool run_jsonc(const input *in, double *free_secs)
{
    json_object *root = parse_jsonc(in);
    double t0 = bench_now();
    json_object_put(root);
    *free_secs = bench_now() - t0;
    return root != NULL;
}

/* Loads the input with az_doc_load_buffer; returns the document or NULL. */
static az_doc *load_ours(const input *in)
{
    az_load_opts opts;
    az_diags *diags = az_diags_new();
    az_doc *doc = NULL;
    az_load_opts_init(&opts);
    opts.format = in->yaml ? AZ_FORMAT_YAML : AZ_FORMAT_JSON;
    az_status st = az_doc_load_buffer(in->name, in->data, in->len, &opts, diags, &doc);
    if (st != AZ_OK) {
        fprintf(stderr, "az_doc_load_buffer(%s): %s\n", in->name, az_status_name(st));
        if (diags) {
            az_render_opts ro = {false};
            for (size_t i = 0; i < az_diags_count(diags) && i < 5; i++)
                az_diag_render_text(az_diags_get(diags, i), stderr, &ro);
        }
    }
    az_diags_free(diags);
    return doc;
}

/*
 * Loads the input with our loader and frees the document; true on success.
 * The time az_doc_free takes goes to *free_secs.
 */
static bool run_ours(const input *in, double *free_secs)
{
    az_doc *doc = load_ours(in);
    double t0 = bench_now();
    az_doc_free(doc);
    *free_secs = bench_now() - t0;
    return doc != NULL;
}

/* A parser run: true on success, the release phase's time in *free_secs. */
typedef bool (*run_fn)(const input *in, double *free_secs);

/*
 * Runs `fn` `runs` times and returns the best total time in seconds, or -1;
 * *best_free receives the release time of that best run.
 */
static double best_of(run_fn fn, const input *in, int runs, double *best_free)
{
    double best = -1.0;
    for (int r = 0; r < runs; r++) {
        double free_secs = 0.0;
        double t0 = bench_now();
        bool ok = fn(in, &free_secs);
        double dt = bench_now() - t0;
        if (!ok)
            return -1.0;
        if (best < 0 || dt < best) {
            best = dt;
            *best_free = free_secs;
        }
    }
    return best;
}

/* ------------------------------------------------------------------------ */
/* Checking that the trees agree                                             */
/* ------------------------------------------------------------------------ */

/* Prints a json-c value, cut to a readable length. */
static void print_short(const char *label, json_object *v)
{
    const char *s = json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
    fprintf(stderr, "    %s: %.200s%s (%s)\n", label, s, strlen(s) > 200 ? "..." : "",
            json_type_to_name(json_object_get_type(v)));
}

/*
 * Finds the first place where two trees differ and prints its JSON Pointer
 * and both values; returns true when a difference was found.
 */
static bool first_difference(json_object *a, json_object *b, az_buf *path)
{
    if (json_object_equal(a, b))
        return false;
    enum json_type ta = json_object_get_type(a), tb = json_object_get_type(b);
    size_t mark = path->len;
    if (ta == tb && ta == json_type_object) {
        json_object_object_foreach(a, key, va)
        {
            json_object *vb;
            if (!json_object_object_get_ex(b, key, &vb)) {
                fprintf(stderr, "    member '%s' missing from the reference at '%s'\n", key,
                        path->data ? path->data : "");
                return true;
            }
            bench_putc(path, '/');
            bench_puts(path, key);
            if (first_difference(va, vb, path))
                return true;
            path->len = mark;
            path->data[mark] = '\0';
        }
        fprintf(stderr, "    the reference has more members at '%s'\n",
                path->data ? path->data : "");
        return true;
    }
    if (ta == tb && ta == json_type_array &&
        json_object_array_length(a) == json_object_array_length(b)) {
        for (size_t i = 0; i < json_object_array_length(a); i++) {
            bench_printf(path, "/%zu", i);
            if (first_difference(json_object_array_get_idx(a, i), json_object_array_get_idx(b, i),
                                 path))
                return true;
            path->len = mark;
            path->data[mark] = '\0';
        }
    }
    fprintf(stderr, "    values differ at '%s':\n", path->data ? path->data : "");
    print_short("ours     ", a);
    print_short("reference", b);
    return true;
}

/* Loads `in` with our loader and compares its tree with `ref`; true when equal. */
static bool check_tree(const input *in, json_object *ref)
{
    az_doc *doc = load_ours(in);
    if (!doc)
        return false;
    az_buf path = {0};
    bench_puts(&path, "");
    bool same = !first_difference(az_doc_root(doc), ref, &path);
    free(path.data);
    az_doc_free(doc);
    return same;
}

/* ------------------------------------------------------------------------ */
/* The program                                                               */
/* ------------------------------------------------------------------------ */

typedef struct options {
    int runs;
    double size_mb;
    bool minified;
    bool check;
    const char *write_dir;
} options;

/* Prints the usage text. */
static void usage(FILE *out)
{
    fprintf(out,
            "usage: bench_loader [--runs N] [--size MB] [--no-minified] [--no-check]\n"
            "                    [--write DIR]\n"
            "  --runs N        best of N timed runs per parser (default %d)\n"
            "  --size MB       size of the YAML document in MB of 10^6 bytes (default %.0f)\n"
            "  --no-minified   skip the minified JSON input\n"
            "  --no-check      skip comparing the loaded trees with json-c's\n"
            "  --write DIR     also write bench.yaml, bench.json, bench.min.json to DIR\n",
            DEFAULT_RUNS, DEFAULT_SIZE_MB);
}

/* Parses the command line into `opts`; exits on a bad argument. */
static void parse_args(int argc, char **argv, options *opts)
{
    opts->runs = DEFAULT_RUNS;
    opts->size_mb = DEFAULT_SIZE_MB;
    opts->minified = true;
    opts->check = true;
    opts->write_dir = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        char *end;
        if (strcmp(a, "--runs") == 0 && i + 1 < argc) {
            opts->runs = (int)bench_parse_count("bench_loader", a, argv[++i], 1000);
        } else if (strcmp(a, "--size") == 0 && i + 1 < argc) {
            double mb = strtod(argv[++i], &end);
            if (*end || !(mb >= 0.01 && mb <= 1000))
                die("--size wants a number of MB from 0.01 to 1000");
            opts->size_mb = mb;
        } else if (strcmp(a, "--no-minified") == 0) {
            opts->minified = false;
        } else if (strcmp(a, "--no-check") == 0) {
            opts->check = false;
        } else if (strcmp(a, "--write") == 0 && i + 1 < argc) {
            opts->write_dir = argv[++i];
        } else {
            bench_usage_exit(a, usage);
        }
    }
}

/* Writes one generated input to DIR/NAME. */
static void write_input(const char *dir, const input *in)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, in->name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(in->data, 1, in->len, f) != in->len || fclose(f) != 0)
        die("cannot write %s: %s", path, strerror(errno));
    printf("wrote %s\n", path);
}

/* Prints one row of the table; a release time of zero prints as "-". */
static void print_row(const input *in, const char *parser, double secs, double free_secs)
{
    printf("%-16s %11zu  %-26s %9.1f %8.1f", in->label, in->len, parser, secs * 1e3,
           (double)in->len / BYTES_PER_MB / secs);
    if (free_secs > 0)
        printf(" %8.1f", free_secs * 1e3);
    else
        printf(" %8s", "-");
}

/* Times one input with the raw parser and ours; returns false if either fails. */
static bool bench_input(const input *in, int runs)
{
    const char *raw_name = in->yaml ? "libyaml events (raw)" : "json-c tokener (raw)";
    double target = in->yaml ? YAML_TARGET : JSON_TARGET;
    double raw_free = 0.0, ours_free = 0.0;
    double raw = best_of(in->yaml ? run_libyaml : run_jsonc, in, runs, &raw_free);
    if (raw < 0) {
        printf("%-16s %11zu  %-26s FAILED\n", in->label, in->len, raw_name);
        return false;
    }
    print_row(in, raw_name, raw, raw_free);
    putchar('\n');
    fflush(stdout);
    double ours = best_of(run_ours, in, runs, &ours_free);
    if (ours < 0) {
        printf("%-16s %11zu  %-26s FAILED\n", in->label, in->len, "az_doc_load_buffer");
        return false;
    }
    print_row(in, "az_doc_load_buffer", ours, ours_free);
    double ratio = (ours - ours_free) / (raw - raw_free);
    printf("  %7.2fx  %7.2fx  <= %.1fx  %s\n", ours / raw, ratio, target,
           ratio <= target ? "PASS" : "MISS");
    fflush(stdout);
    return true;
}

/* Generates the inputs, times the parsers, checks the trees, prints the table. */
int main(int argc, char **argv)
{
    options opts;
    parse_args(argc, argv, &opts);

    gen g;
    memset(&g, 0, sizeof g);
    em_init(&g.em, opts.minified);
    g.rng = 0x9E3779B97F4A7C15ULL;
    g.target = (size_t)(opts.size_mb * BYTES_PER_MB);
    double t0 = bench_now();
    generate(&g);
    double gen_secs = bench_now() - t0;

    input inputs[3] = {
        {"YAML (block)", "bench.yaml", g.em.yaml.data, g.em.yaml.len, true},
        {"JSON (pretty)", "bench.json", g.em.json.data, g.em.json.len, false},
        {"JSON (minified)", "bench.min.json", g.em.jmin.data, g.em.jmin.len, false},
    };
    size_t n_inputs = opts.minified ? 3 : 2;

    printf("arazzo loader benchmark (arazzo %s, libyaml %s, json-c %s)\n", az_version(),
           yaml_get_version_string(), json_c_version());
    printf("document: %zu paths, %zu schemas; generated in %.0f ms\n", g.n_paths, g.n_schemas,
           gen_secs * 1e3);
    printf("best of %d runs; MB = 10^6 bytes; ms includes freeing what was built, of which\n"
           "(free) is the release of the tree or document; all/raw compares whole runs,\n"
           "tree/raw the time to a usable tree (ms less free), which the target applies to\n\n",
           opts.runs);
    if (opts.write_dir) {
        mkdir(opts.write_dir, 0777);
        for (size_t i = 0; i < n_inputs; i++)
            write_input(opts.write_dir, &inputs[i]);
        putchar('\n');
    }
    double rss_inputs = peak_rss_mb();

    printf("%-16s %11s  %-26s %9s %8s %8s  %8s  %8s  %-7s  %s\n", "input", "bytes", "parser", "ms",
           "MB/s", "(free)", "all/raw", "tree/raw", "target", "result");
    int status = 0;
    for (size_t i = 0; i < n_inputs; i++)
        if (!bench_input(&inputs[i], opts.runs))
            status = 1;
    double rss_timed = peak_rss_mb();

    if (opts.check && status == 0) {
        printf("\ntree check (ours vs json-c's tree of the pretty JSON):\n");
        json_object *ref = parse_jsonc(&inputs[1]);
        if (!ref)
            die("json-c failed to parse the generated JSON");
        for (size_t i = 0; i < n_inputs; i++) {
            bool same = check_tree(&inputs[i], ref);
            printf("  %-16s %s\n", inputs[i].label, same ? "same tree" : "DIFFERENT (see stderr)");
        }
        json_object_put(ref);
    }

    printf("\npeak RSS: %.1f MB after generating the inputs (%.1f MB of text), %.1f MB after "
           "the timed runs, %.1f MB at the end\n",
           rss_inputs, (double)(inputs[0].len + inputs[1].len + inputs[2].len) / BYTES_PER_MB,
           rss_timed, peak_rss_mb());
    em_cleanup(&g.em);
    return status;
}
