/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core_json.c - the JSON loader: a hand-written RFC 8259 parser that builds a
 * json-c tree straight from the document's text and records the line and
 * column of every node as it goes. It is the fast path for .json input, so it
 * is iterative (an explicit stack of open containers, never recursion),
 * reads the input once, validates UTF-8 while it scans strings and tracks
 * columns incrementally (the current line's start and the number of UTF-8
 * continuation bytes seen on it), which keeps a minified single-line file
 * linear.
 *
 * The grammar (RFC 8259 sections 2 to 8), as accepted:
 *
 *   JSON-text = [ BOM ] ws value ws
 *   BOM       = %xEF.BB.BF
 *   value     = object / array / string / number / "true" / "false" / "null"
 *   object    = "{" ws [ member *( ws "," ws member ) ws ] "}"
 *   member    = string ws ":" ws value
 *   array     = "[" ws [ value *( ws "," ws value ) ws ] "]"
 *   number    = [ "-" ] int [ frac ] [ exp ]
 *   int       = "0" / ( %x31-39 *DIGIT )
 *   frac      = "." 1*DIGIT
 *   exp       = ( "e" / "E" ) [ "-" / "+" ] 1*DIGIT
 *   string    = %x22 *char %x22
 *   char      = unescaped / "\" ( %x22 / "\" / "/" / "b" / "f" / "n" / "r"
 *               / "t" / "u" 4HEXDIG )
 *   unescaped = %x20-21 / %x23-5B / %x5D-10FFFF   ; as well-formed UTF-8
 *   ws        = *( %x20 / %x09 / %x0A / %x0D )
 *
 * A line break is LF, CR LF or a lone CR. Surrogate escapes must come in
 * high-low pairs. Integers that fit int64 become json-c int64 nodes, every
 * other number a double; a number whose magnitude overflows a double is
 * rejected. Duplicate member names are an error. json-c keys are C strings,
 * so a member name containing "\u0000" is cut at that character (as
 * json_tokener does); string values keep every byte.
 *
 * Diagnostic codes: json-syntax, json-invalid-escape, json-control-character,
 * json-invalid-utf8, json-duplicate-key (with the first key as the related
 * position), json-number-range, json-string-too-long (AZ_ERR_LIMIT) and
 * json-too-deep (AZ_ERR_LIMIT). Each carries the JSON Pointer of the member
 * or item being read when there is one.
 */
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"

/* No key has been read yet in an object frame. */
#define NO_KEY SIZE_MAX

/* One open container: the node (borrowed from its parent or the root). */
typedef struct frame {
    json_object *obj;
    size_t key_off; /* offset of the current member's key, or NO_KEY */
    size_t index;   /* index of the current item (arrays) */
    bool is_obj;
} frame;

/* A growable byte buffer. */
typedef struct buf {
    char *data;
    size_t len, cap;
} buf;

/* The parser's state, all of it (no globals). */
typedef struct parser {
    az_doc *doc;
    az_diags *diags;
    const char *text, *end;
    unsigned max_depth;
    az_status status;

    /* Position tracking: the current line, the offset where it starts and
     * the number of UTF-8 continuation bytes between there and the scan. */
    uint32_t line;
    const char *line_start;
    size_t cont;

    frame *stack;
    size_t depth, cap;

    json_object *root;

    /* The pending member's name (NUL-terminated) and its key position. */
    buf key;
    size_t key_len;
    uint32_t key_line, key_col;

    buf str; /* decoded strings with escapes, number text */
} parser;

/* Classes of bytes inside a string. */
enum {
    S_PLAIN = 0, /* printable ASCII except '"' and '\' */
    S_QUOTE = 1,
    S_ESC = 2,
    S_CTRL = 3, /* below 0x20, including the NUL that ends the text */
    S_UTF8 = 4  /* 0x80 and above: start of a multi-byte sequence */
};

/* Byte -> class, for the string scanner's inner loop. */
static const unsigned char k_str_class[256] = {
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, /* 0x00 */
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, /* 0x10 */
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x20 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x30 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x40 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, /* 0x50 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x60 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x70 */
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, /* 0x80 */
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, /* 0x90 */
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, /* 0xa0 */
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, /* 0xb0 */
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, /* 0xc0 */
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, /* 0xd0 */
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, /* 0xe0 */
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, /* 0xf0 */
};

/* Tells whether a byte is an ASCII decimal digit. */
static inline bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Tells whether a byte can continue a bare word (for "found 'NaN'"). */
static inline bool is_word(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_';
}

/* Returns the 1-based column of `p`, which lies on the current line. */
static inline uint32_t col_of(const parser *ps, const char *p)
{
    return (uint32_t)((size_t)(p - ps->line_start) - ps->cont + 1);
}

/* Starts a new line at `p`. */
static inline void new_line(parser *ps, const char *p)
{
    ps->line++;
    ps->line_start = p;
    ps->cont = 0;
}

/* Skips JSON whitespace from `p`, counting line breaks; returns the rest. */
static inline const char *skip_ws(parser *ps, const char *p)
{
    for (;;) {
        char c = *p;
        if (c == ' ' || c == '\t') {
            p++;
        } else if (c == '\n') {
            new_line(ps, ++p);
        } else if (c == '\r') {
            p++;
            if (*p == '\n')
                p++;
            new_line(ps, p);
        } else {
            return p;
        }
    }
}

/*
 * Returns the length (2 to 4) of the well-formed UTF-8 sequence that starts
 * with the non-ASCII byte at `q`, or 0 when it is malformed. Relies on the
 * text's terminating NUL, which is never a continuation byte.
 */
static size_t utf8_seq(const unsigned char *q)
{
    unsigned c = q[0];
    unsigned lo = 0x80, hi = 0xbf;

    if (c >= 0xc2 && c <= 0xdf)
        return (q[1] & 0xc0) == 0x80 ? 2 : 0;
    if (c >= 0xe0 && c <= 0xef) {
        if (c == 0xe0)
            lo = 0xa0;
        else if (c == 0xed)
            hi = 0x9f;
        if (q[1] < lo || q[1] > hi)
            return 0;
        return (q[2] & 0xc0) == 0x80 ? 3 : 0;
    }
    if (c >= 0xf0 && c <= 0xf4) {
        if (c == 0xf0)
            lo = 0x90;
        else if (c == 0xf4)
            hi = 0x8f;
        if (q[1] < lo || q[1] > hi || (q[2] & 0xc0) != 0x80)
            return 0;
        return (q[3] & 0xc0) == 0x80 ? 4 : 0;
    }
    return 0;
}

/* Makes room for `extra` more bytes in `b`; returns false when out of memory. */
static bool buf_reserve(buf *b, size_t extra)
{
    size_t cap;
    char *data;

    if (b->cap - b->len > extra)
        return true;
    cap = b->cap ? b->cap : 64;
    while (cap - b->len <= extra) {
        if (cap > SIZE_MAX / 2)
            return false;
        cap *= 2;
    }
    data = realloc(b->data, cap);
    if (data == NULL)
        return false;
    b->data = data;
    b->cap = cap;
    return true;
}

/* Appends `n` bytes to `b` (kept NUL-terminated); false when out of memory. */
static bool buf_append(buf *b, const void *s, size_t n)
{
    if (!buf_reserve(b, n))
        return false;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

/*
 * Appends the JSON Pointer of the member or item each open container is
 * currently at to `out`, re-decoding member names from the input.
 * Returns false when out of memory.
 */
static bool build_pointer(const parser *ps, az_buf *out);

/*
 * Describes what was found at `p` for a message: "end of input", a quoted
 * character or bare word, a control character or a byte value.
 */
static void describe(const parser *ps, const char *p, char *out, size_t size)
{
    const unsigned char *q = (const unsigned char *)p;
    size_t n;

    if (p >= ps->end) {
        snprintf(out, size, "end of input");
    } else if (is_word(*q)) {
        for (n = 1; n < 24 && is_word(q[n]); n++)
            ;
        snprintf(out, size, "'%.*s%s'", (int)n, p, is_word(q[n]) ? "..." : "");
    } else if (*q < 0x20 || *q == 0x7f) {
        snprintf(out, size, "control character U+%04X", (unsigned)*q);
    } else if (*q < 0x80) {
        snprintf(out, size, "'%c'", *p);
    } else if ((n = utf8_seq(q)) != 0) {
        snprintf(out, size, "'%.*s'", (int)n, p);
    } else {
        snprintf(out, size, "invalid UTF-8 byte 0x%02x", (unsigned)*q);
    }
}

/*
 * Records the first failure: sets the status and, when there is a list,
 * appends a diagnostic at (line, col) with the JSON Pointer of the member
 * being parsed. Returns the diagnostic (NULL without a list or memory) so
 * the caller can add a span or a related position.
 */
static az_diag *fail_at(parser *ps, az_status status, const char *code, uint32_t line, uint32_t col,
                        const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

static az_diag *fail_at(parser *ps, az_status status, const char *code, uint32_t line, uint32_t col,
                        const char *fmt, ...)
{
    az_diag *diag = NULL;
    char *msg = NULL;
    az_buf ptr = {0};
    az_pos pos;
    va_list ap;

    if (ps->status == AZ_OK)
        ps->status = status;
    if (ps->diags == NULL)
        goto out;

    va_start(ap, fmt);
    msg = az_vstrdupf(fmt, ap);
    va_end(ap);
    if (!msg)
        goto out;

    pos.file = ps->doc->name;
    pos.line = line;
    pos.column = col;
    diag = az_doc_diag(ps->doc, ps->diags, AZ_SEVERITY_ERROR, code, &pos, "%s", msg);
    if (diag != NULL && build_pointer(ps, &ptr) && ptr.len > 0)
        az_diag_set_pointer(diag, ptr.data);

out:
    free(msg);
    free(ptr.data);
    return diag;
}

/* The same as fail_at, at a place `p` on the current line. */
#define FAIL(ps, status, code, p, ...)                                                             \
    fail_at((ps), (status), (code), (ps)->line, col_of((ps), (p)), __VA_ARGS__)

/* Records an out-of-memory failure (no diagnostic: it would need memory). */
static void fail_nomem(parser *ps)
{
    if (ps->status == AZ_OK)
        ps->status = AZ_ERR_NOMEM;
}

/* Returns the value of a hexadecimal digit, or -1. */
static int hex4_digit(unsigned c)
{
    if (c >= '0' && c <= '9')
        return (int)(c - '0');
    if (c >= 'a' && c <= 'f')
        return (int)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F')
        return (int)(c - 'A' + 10);
    return -1;
}

/* Reads four hexadecimal digits at `q`; returns the value or -1. */
static long hex4(const unsigned char *q)
{
    long v = 0;
    int i, d;

    for (i = 0; i < 4; i++) {
        d = hex4_digit(q[i]);
        if (d < 0)
            return -1; /* also stops at the terminating NUL */
        v = v * 16 + d;
    }
    return v;
}

/* Appends code point `cp` (a scalar value) to `b` as UTF-8. */
static bool append_utf8(buf *b, unsigned long cp)
{
    unsigned char s[4];
    size_t n;

    if (cp < 0x80) {
        s[0] = (unsigned char)cp;
        n = 1;
    } else if (cp < 0x800) {
        s[0] = (unsigned char)(0xc0 | (cp >> 6));
        s[1] = (unsigned char)(0x80 | (cp & 0x3f));
        n = 2;
    } else if (cp < 0x10000) {
        s[0] = (unsigned char)(0xe0 | (cp >> 12));
        s[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
        s[2] = (unsigned char)(0x80 | (cp & 0x3f));
        n = 3;
    } else {
        s[0] = (unsigned char)(0xf0 | (cp >> 18));
        s[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
        s[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
        s[3] = (unsigned char)(0x80 | (cp & 0x3f));
        n = 4;
    }
    return buf_append(b, s, n);
}

/*
 * Scans the string whose opening quote is at `p`. On success stores its
 * decoded bytes in *s and *len and returns the position after the closing
 * quote. The bytes point into the input when the string has no escape and
 * `copy` is false; otherwise they are in `b`, NUL-terminated. Continuation
 * bytes met are added to *cont (the column bookkeeping). On failure reports
 * through `ps` (which must be NULL only for strings already validated) and
 * returns NULL.
 */
static const char *scan_string(parser *ps, const char *p, buf *b, bool copy, const char **s,
                               size_t *len, size_t *cont)
{
    const unsigned char *q = (const unsigned char *)p + 1;
    const unsigned char *run = q;
    bool escaped = false;
    size_t cont0 = *cont; /* for the opening quote's column */
    char what[48];
    size_t n;
    long cp, lo;

    b->len = 0;
    for (;;) {
        while (k_str_class[*q] == S_PLAIN)
            q++;
        switch (k_str_class[*q]) {
        case S_QUOTE: goto done;
        case S_UTF8:
            n = utf8_seq(q);
            if (n == 0) {
                FAIL(ps, AZ_ERR_SYNTAX, "json-invalid-utf8", (const char *)q,
                     "invalid UTF-8 sequence starting with byte 0x%02x in string", (unsigned)*q);
                return NULL;
            }
            *cont += n - 1;
            q += n;
            continue;
        case S_ESC: break;
        default:
            if ((const char *)q >= ps->end) {
                FAIL(ps, AZ_ERR_SYNTAX, "json-syntax", (const char *)q,
                     "unexpected end of input: unterminated string started at line %u, "
                     "column %u",
                     (unsigned)ps->line, (unsigned)((size_t)(p - ps->line_start) - cont0 + 1));
            } else if (*q == '\n' || *q == '\r') {
                FAIL(ps, AZ_ERR_SYNTAX, "json-control-character", (const char *)q,
                     "line break in string (a missing '\"'?): control characters must be "
                     "escaped");
            } else {
                FAIL(ps, AZ_ERR_SYNTAX, "json-control-character", (const char *)q,
                     "control character U+%04X in string must be escaped", (unsigned)*q);
            }
            return NULL;
        }

        /* An escape: flush the run before it, then decode it. */
        escaped = true;
        if (!buf_append(b, run, (size_t)(q - run)))
            goto nomem;
        switch (q[1]) {
        case '"':
        case '\\':
        case '/':
            if (!buf_append(b, &q[1], 1))
                goto nomem;
            q += 2;
            break;
        case 'b':
            if (!buf_append(b, "\b", 1))
                goto nomem;
            q += 2;
            break;
        case 'f':
            if (!buf_append(b, "\f", 1))
                goto nomem;
            q += 2;
            break;
        case 'n':
            if (!buf_append(b, "\n", 1))
                goto nomem;
            q += 2;
            break;
        case 'r':
            if (!buf_append(b, "\r", 1))
                goto nomem;
            q += 2;
            break;
        case 't':
            if (!buf_append(b, "\t", 1))
                goto nomem;
            q += 2;
            break;
        case 'u':
            cp = hex4(q + 2);
            if (cp < 0) {
                for (n = 0; hex4_digit(q[2 + n]) >= 0; n++)
                    ;
                describe(ps, (const char *)q + 2 + n, what, sizeof what);
                FAIL(ps, AZ_ERR_SYNTAX, "json-invalid-escape", (const char *)q,
                     "invalid escape '\\u%.*s' in string: expected four hexadecimal digits, "
                     "found %s",
                     (int)n, (const char *)(q + 2), what);
                return NULL;
            }
            if (cp >= 0xd800 && cp <= 0xdbff) {
                lo = (q[6] == '\\' && q[7] == 'u') ? hex4(q + 8) : -1;
                if (lo < 0xdc00 || lo > 0xdfff) {
                    FAIL(ps, AZ_ERR_SYNTAX, "json-invalid-escape", (const char *)q,
                         "unpaired surrogate '\\u%.4s' in string: a high surrogate must be "
                         "followed by a low one",
                         (const char *)(q + 2));
                    return NULL;
                }
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                q += 12;
            } else if (cp >= 0xdc00 && cp <= 0xdfff) {
                FAIL(ps, AZ_ERR_SYNTAX, "json-invalid-escape", (const char *)q,
                     "unpaired surrogate '\\u%.4s' in string: a low surrogate must follow a "
                     "high one",
                     (const char *)(q + 2));
                return NULL;
            } else {
                q += 6;
            }
            if (!append_utf8(b, (unsigned long)cp))
                goto nomem;
            break;
        default:
            if ((const char *)q + 1 >= ps->end) {
                FAIL(ps, AZ_ERR_SYNTAX, "json-syntax", (const char *)q + 1,
                     "unexpected end of input: unterminated string started at line %u, "
                     "column %u",
                     (unsigned)ps->line, (unsigned)((size_t)(p - ps->line_start) - cont0 + 1));
                return NULL;
            }
            describe(ps, (const char *)q + 1, what, sizeof what);
            FAIL(ps, AZ_ERR_SYNTAX, "json-invalid-escape", (const char *)q,
                 "invalid escape in string: '\\' followed by %s", what);
            return NULL;
        }
        run = q;
    }

done:
    if (escaped || copy) {
        if (!buf_append(b, run, (size_t)(q - run)))
            goto nomem;
        *s = b->data;
        *len = b->len;
    } else {
        *s = p + 1;
        *len = (size_t)((const char *)q - (p + 1));
    }
    return (const char *)q + 1;

nomem:
    fail_nomem(ps);
    return NULL;
}

static bool build_pointer(const parser *ps, az_buf *out)
{
    buf key = {0};
    const char *s;
    size_t i, len, dummy = 0;
    char num[24];
    bool ok = false;

    for (i = 0; i < ps->depth; i++) {
        const frame *f = &ps->stack[i];
        if (f->is_obj) {
            if (f->key_off == NO_KEY)
                break;
            if (scan_string(NULL, ps->text + f->key_off, &key, true, &s, &len, &dummy) == NULL)
                goto out;
            az_buf_add(out, "/", 1);
            az_buf_add_token(out, s, strlen(s)); /* json-c cuts names at NUL */
        } else {
            snprintf(num, sizeof num, "/%zu", f->index);
            az_buf_puts(out, num);
        }
    }
    ok = !out->failed;

out:
    free(key.data);
    return ok;
}

/*
 * Places a new value (NULL for JSON null) found at (line, col): records its
 * position and adds it to the innermost open container, or makes it the
 * root. Takes over `val`. Returns false on failure.
 */
static bool place(parser *ps, json_object *val, uint32_t line, uint32_t col)
{
    frame *top = ps->depth ? &ps->stack[ps->depth - 1] : NULL;
    az__node_rec *rec = NULL;
    az_status st = AZ_OK;

    if (val != NULL) {
        rec = az__doc_attach(ps->doc, val, line, col);
        if (rec == NULL)
            goto fail;
    }
    if (top == NULL) {
        ps->root = val;
        if (val == NULL)
            st = az__doc_add_place(ps->doc, NULL, NULL, 0, 0, line, col, 0, 0);
    } else if (top->is_obj) {
        const char *key = az__doc_key(ps->doc, ps->key.data, ps->key_len);
        if (key == NULL || json_object_object_add_ex(top->obj, key, val,
                                                     JSON_C_OBJECT_ADD_KEY_IS_NEW |
                                                         JSON_C_OBJECT_ADD_CONSTANT_KEY) != 0)
            goto fail;
        if (rec != NULL) {
            rec->key_line = ps->key_line;
            rec->key_column = ps->key_col;
        } else {
            st = az__doc_add_place(ps->doc, top->obj, ps->key.data, ps->key_len, 0, line, col,
                                   ps->key_line, ps->key_col);
        }
    } else {
        if (json_object_array_add(top->obj, val) != 0)
            goto fail;
        if (val == NULL)
            st = az__doc_add_place(ps->doc, top->obj, NULL, 0, top->index, line, col, 0, 0);
    }
    if (st != AZ_OK) {
        fail_nomem(ps);
        return false;
    }
    return true;

fail:
    json_object_put(val);
    fail_nomem(ps);
    return false;
}

/*
 * Opens an object or array at `p`: checks the depth limit, creates and
 * places the node and pushes a frame. Returns false on failure.
 */
static bool open_container(parser *ps, const char *p, bool is_obj)
{
    json_object *obj;
    frame *f;

    if (ps->depth >= ps->max_depth) {
        FAIL(ps, AZ_ERR_LIMIT, "json-too-deep", p, "%s nested too deeply: the limit is %u levels",
             is_obj ? "object" : "array", ps->max_depth);
        return false;
    }
    if (ps->depth == ps->cap) {
        size_t cap = ps->cap ? ps->cap * 2 : 32;
        frame *stack = realloc(ps->stack, cap * sizeof *stack);
        if (stack == NULL) {
            fail_nomem(ps);
            return false;
        }
        ps->stack = stack;
        ps->cap = cap;
    }
    obj = is_obj ? json_object_new_object() : json_object_new_array();
    if (obj == NULL) {
        fail_nomem(ps);
        return false;
    }
    if (!place(ps, obj, ps->line, col_of(ps, p)))
        return false;
    f = &ps->stack[ps->depth++];
    f->obj = obj;
    f->key_off = NO_KEY;
    f->index = 0;
    f->is_obj = is_obj;
    return true;
}

/*
 * Reports an unexpected character (or the end of input) at `p`, where
 * `expected` was wanted; at the end of input names the innermost open
 * container. Malformed UTF-8 there is reported as such.
 */
static void fail_expected(parser *ps, const char *p, const char *expected)
{
    const unsigned char *q = (const unsigned char *)p;
    char what[48];
    az__node_rec *rec;

    if (p < ps->end && *q >= 0x80 && utf8_seq(q) == 0) {
        FAIL(ps, AZ_ERR_SYNTAX, "json-invalid-utf8", p,
             "invalid UTF-8 sequence starting with byte 0x%02x", (unsigned)*q);
        return;
    }
    if (p >= ps->end && ps->depth > 0) {
        const frame *f = &ps->stack[ps->depth - 1];
        rec = az__doc_rec(ps->doc, f->obj);
        FAIL(ps, AZ_ERR_SYNTAX, "json-syntax", p,
             "unexpected end of input: expected %s; the %s started at line %u, column %u", expected,
             f->is_obj ? "object" : "array", rec ? (unsigned)rec->line : 0u,
             rec ? (unsigned)rec->column : 0u);
        return;
    }
    describe(ps, p, what, sizeof what);
    FAIL(ps, AZ_ERR_SYNTAX, "json-syntax", p, "expected %s, found %s", expected, what);
}

/*
 * Reads a member name at `p` (whitespace skipped), checks it is new in the
 * innermost object, then the ':' and the whitespace after it. Returns the
 * start of the member's value, or NULL on failure.
 */
static const char *member_key(parser *ps, const char *p, const char *expected)
{
    frame *top = &ps->stack[ps->depth - 1];
    json_object *existing = NULL;
    const char *s, *next;
    size_t len, cont0 = ps->cont;
    az_pos first = {ps->doc->name, 0, 0};
    az_diag *diag;

    if (*p != '"') {
        fail_expected(ps, p, expected);
        return NULL;
    }
    ps->key_line = ps->line;
    ps->key_col = col_of(ps, p);
    next = scan_string(ps, p, &ps->key, true, &s, &len, &ps->cont);
    if (next == NULL)
        return NULL;
    ps->key_len = strlen(s); /* json-c cuts names at NUL */
    top->key_off = (size_t)(p - ps->text);

    if (json_object_object_get_ex(top->obj, s, &existing)) {
        if (existing != NULL) {
            az__node_rec *rec = az__doc_rec(ps->doc, existing);
            if (rec != NULL) {
                first.line = rec->key_line;
                first.column = rec->key_column;
            }
        } else {
            const az__place_rec *nr = az__doc_find_place(ps->doc, top->obj, s, 0);
            if (nr != NULL) {
                first.line = nr->key_line;
                first.column = nr->key_column;
            }
        }
        diag = fail_at(ps, AZ_ERR_SYNTAX, "json-duplicate-key", ps->key_line, ps->key_col,
                       "duplicate object key '%.*s'", (int)(next - p - 2), p + 1);
        if (diag != NULL) {
            diag->span = (uint32_t)((size_t)(next - p) - (ps->cont - cont0));
            if (first.line != 0) {
                size_t line_len = 0;
                const char *line_text = az_doc_line_text(ps->doc, first.line, &line_len);
                az_diag_set_related(diag, &first, "first defined here", line_text, line_len);
            }
        }
        return NULL;
    }

    p = skip_ws(ps, next);
    if (*p != ':') {
        fail_expected(ps, p, "':' after object key");
        return NULL;
    }
    return skip_ws(ps, p + 1);
}

/*
 * Reads the number at `p` into *out (a new reference) and returns the
 * position after it, or NULL on failure.
 */
static const char *scan_number(parser *ps, const char *p, json_object **out)
{
    const unsigned char *q = (const unsigned char *)p;
    bool neg = false, is_int = true;
    uint64_t u = 0;
    size_t ndig = 0, n;
    char what[48];
    char *end;
    double d;

    if (*q == '-') {
        neg = true;
        q++;
    }
    if (*q == '0') {
        q++;
        ndig = 1;
        if (is_digit(*q)) {
            FAIL(ps, AZ_ERR_SYNTAX, "json-syntax", (const char *)q,
                 "invalid number: leading zeros are not allowed");
            return NULL;
        }
    } else if (is_digit(*q)) {
        do {
            if (ndig < 19)
                u = u * 10 + (uint64_t)(*q - '0');
            ndig++;
            q++;
        } while (is_digit(*q));
    } else {
        describe(ps, (const char *)q, what, sizeof what);
        FAIL(ps, AZ_ERR_SYNTAX, "json-syntax", (const char *)q,
             "expected a digit after '-', found %s", what);
        return NULL;
    }
    if (*q == '.') {
        q++;
        if (!is_digit(*q)) {
            describe(ps, (const char *)q, what, sizeof what);
            FAIL(ps, AZ_ERR_SYNTAX, "json-syntax", (const char *)q,
                 "expected a digit after the decimal point, found %s", what);
            return NULL;
        }
        while (is_digit(*q))
            q++;
        is_int = false;
    }
    if (*q == 'e' || *q == 'E') {
        q++;
        if (*q == '+' || *q == '-')
            q++;
        if (!is_digit(*q)) {
            describe(ps, (const char *)q, what, sizeof what);
            FAIL(ps, AZ_ERR_SYNTAX, "json-syntax", (const char *)q,
                 "expected a digit in the exponent, found %s", what);
            return NULL;
        }
        while (is_digit(*q))
            q++;
        is_int = false;
    }

    if (is_int && ndig <= 19) {
        if (!neg && u <= (uint64_t)INT64_MAX) {
            *out = json_object_new_int64((int64_t)u);
            goto made;
        }
        if (neg && u <= (uint64_t)INT64_MAX + 1) {
            *out = json_object_new_int64(u == 0 ? 0 : -(int64_t)(u - 1) - 1);
            goto made;
        }
    }

    /* A double: strtod on a NUL-terminated copy, in the C locale's syntax
     * unless the current locale's decimal point differs. */
    n = (size_t)((const char *)q - p);
    ps->str.len = 0;
    if (!buf_append(&ps->str, p, n))
        goto nomem;
    d = strtod(ps->str.data, &end);
    if (end != ps->str.data + n) {
        const char *dp = localeconv()->decimal_point;
        const char *dot = memchr(p, '.', n);
        size_t pre = dot ? (size_t)(dot - p) : n;
        ps->str.len = 0;
        if (!buf_append(&ps->str, p, pre) || (dot && !buf_append(&ps->str, dp, strlen(dp))) ||
            (dot && !buf_append(&ps->str, dot + 1, n - pre - 1)))
            goto nomem;
        d = strtod(ps->str.data, &end);
    }
    if (isinf(d)) {
        FAIL(ps, AZ_ERR_SYNTAX, "json-number-range", p,
             "number '%.*s' is out of range for a double", (int)(n > 40 ? 40 : n), p);
        return NULL;
    }
    *out = json_object_new_double(d);

made:
    if (*out == NULL)
        goto nomem;
    return (const char *)q;

nomem:
    fail_nomem(ps);
    return NULL;
}

/* Says what may start at a value's place: right after '[' also a ']'. */
static const char *expected_value(const parser *ps)
{
    const frame *top = ps->depth ? &ps->stack[ps->depth - 1] : NULL;

    /* An array's index is still 0 only right after its '['. */
    return top != NULL && !top->is_obj && top->index == 0 ? "a value or ']'" : "a value";
}

/*
 * Reads the literal `word` expected at `p`; returns the position after it,
 * or NULL (reported) when the bare word there is something else.
 */
static const char *scan_literal(parser *ps, const char *p, const char *word)
{
    size_t i;

    for (i = 0; word[i] != '\0'; i++)
        if (p[i] != word[i])
            goto bad; /* stops at the terminating NUL */
    if (!is_word((unsigned char)p[i]))
        return p + i;
bad:
    fail_expected(ps, p, expected_value(ps));
    return NULL;
}

/*
 * Parses the document's text as one JSON value into doc->root, recording
 * every node's position; see core_internal.h. Stops at the first error.
 */
az_status az__json_parse(az_doc *doc, const az_load_opts *opts, az_diags *diags)
{
    parser ps;
    const char *p;
    json_object *val;
    uint32_t line, col;
    frame *top;
    const char *s;
    size_t len;

    memset(&ps, 0, sizeof ps);
    ps.doc = doc;
    ps.diags = diags;
    ps.text = doc->text;
    ps.end = doc->text + doc->len;
    ps.max_depth = opts ? opts->max_depth : AZ_DEFAULT_MAX_DEPTH;
    ps.status = AZ_OK;
    ps.line = 1;
    doc->root = NULL;

    p = ps.text;
    if (doc->len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
        p += 3;
    ps.line_start = p;
    p = skip_ws(&ps, p);
    if (p >= ps.end) {
        FAIL(&ps, AZ_ERR_SYNTAX, "json-syntax", p, "empty document: expected a JSON value");
        goto out;
    }

    for (;;) {
        /* At the start of a value, whitespace skipped. */
        line = ps.line;
        col = col_of(&ps, p);
        val = NULL;
        switch (*p) {
        case '{':
            if (!open_container(&ps, p, true))
                goto out;
            p = skip_ws(&ps, p + 1);
            if (*p != '}') {
                p = member_key(&ps, p, "a string key or '}'");
                if (p == NULL)
                    goto out;
                continue;
            }
            ps.depth--;
            p++;
            break;
        case '[':
            if (!open_container(&ps, p, false))
                goto out;
            p = skip_ws(&ps, p + 1);
            if (*p != ']')
                continue;
            ps.depth--;
            p++;
            break;
        case '"':
            p = scan_string(&ps, p, &ps.str, false, &s, &len, &ps.cont);
            if (p == NULL)
                goto out;
            if (len > INT32_MAX) {
                fail_at(&ps, AZ_ERR_LIMIT, "json-string-too-long", line, col,
                        "string of %zu bytes is longer than the limit of %d bytes", len, INT32_MAX);
                goto out;
            }
            val = json_object_new_string_len(s, (int)len);
            if (val == NULL) {
                fail_nomem(&ps);
                goto out;
            }
            if (!place(&ps, val, line, col))
                goto out;
            break;
        case '-':
        case '0':
        case '1':
        case '2':
        case '3':
        case '4':
        case '5':
        case '6':
        case '7':
        case '8':
        case '9':
            p = scan_number(&ps, p, &val);
            if (p == NULL || !place(&ps, val, line, col))
                goto out;
            break;
        case 't':
        case 'f':
            val = json_object_new_boolean(*p == 't');
            if (val == NULL) {
                fail_nomem(&ps);
                goto out;
            }
            p = scan_literal(&ps, p, *p == 't' ? "true" : "false");
            if (p == NULL) {
                json_object_put(val);
                goto out;
            }
            if (!place(&ps, val, line, col))
                goto out;
            break;
        case 'n':
            p = scan_literal(&ps, p, "null");
            if (p == NULL || !place(&ps, NULL, line, col))
                goto out;
            break;
        default: fail_expected(&ps, p, expected_value(&ps)); goto out;
        }

        /* After a value: close containers until one continues or the text ends. */
        for (;;) {
            p = skip_ws(&ps, p);
            if (ps.depth == 0) {
                if (p < ps.end)
                    FAIL(&ps, AZ_ERR_SYNTAX, "json-syntax", p,
                         "trailing content after the JSON value");
                goto out;
            }
            top = &ps.stack[ps.depth - 1];
            if (*p == ',') {
                p = skip_ws(&ps, p + 1);
                if (top->is_obj) {
                    top->key_off = NO_KEY;
                    p = member_key(&ps, p, "a string key after ','");
                    if (p == NULL)
                        goto out;
                } else {
                    top->index++;
                }
                break;
            }
            if (*p == (top->is_obj ? '}' : ']')) {
                ps.depth--;
                p++;
                continue;
            }
            fail_expected(&ps, p,
                          top->is_obj ? "',' or '}' after object member"
                                      : "',' or ']' after array item");
            goto out;
        }
    }

out:
    if (ps.status == AZ_OK) {
        doc->root = ps.root;
    } else {
        json_object_put(ps.root);
    }
    free(ps.stack);
    free(ps.key.data);
    free(ps.str.data);
    return ps.status;
}
