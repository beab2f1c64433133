/* SPDX-License-Identifier: Apache-2.0 */
/*
 * openapi_schema_format.c - the `format` checks of JSON Schema Validation
 * 2020-12 section 7.3: date-time, date and time (RFC 3339 section 5.6,
 * leap seconds only at 23:59:60 UTC), email (RFC 5321 Mailbox: dot-atom
 * or quoted local part, hostname or address literal), hostname (RFC 1123
 * labels), ipv4 (RFC 2673 dotted-quad, no leading zeros), ipv6 (RFC 4291
 * section 2.2), uri and uri-reference (RFC 3986 characters and scheme),
 * uuid (RFC 4122 hex form), json-pointer (RFC 6901) and regex (compiles as
 * `pattern` does). Only ASCII is accepted where the RFCs say so.
 */
#include "openapi_schema_internal.h"

#include <stdlib.h>
#include <string.h>

/* Tells whether a byte is an ASCII digit. */
static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Tells whether a byte is an ASCII letter. */
static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Reads exactly `n` digits at s[*i] into *out. */
static bool digits(const char *s, size_t len, size_t *i, int n, int *out)
{
    int v = 0;
    for (int k = 0; k < n; k++) {
        if (*i >= len || !is_digit(s[*i]))
            return false;
        v = v * 10 + (s[(*i)++] - '0');
    }
    *out = v;
    return true;
}

/* Reads full-date (YYYY-MM-DD) at s[*i]. */
static bool full_date(const char *s, size_t len, size_t *i)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, d;
    if (!digits(s, len, i, 4, &y) || *i >= len || s[(*i)++] != '-' || !digits(s, len, i, 2, &m) ||
        *i >= len || s[(*i)++] != '-' || !digits(s, len, i, 2, &d))
        return false;
    if (m < 1 || m > 12 || d < 1)
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int max = days[m - 1] + (m == 2 && leap ? 1 : 0);
    return d <= max;
}

/* Reads full-time (HH:MM:SS[.frac](Z|+HH:MM|-HH:MM)) at s[*i]. */
static bool full_time(const char *s, size_t len, size_t *i)
{
    int h, m, sec, oh = 0, om = 0, sign = 0;
    if (!digits(s, len, i, 2, &h) || *i >= len || s[(*i)++] != ':' || !digits(s, len, i, 2, &m) ||
        *i >= len || s[(*i)++] != ':' || !digits(s, len, i, 2, &sec))
        return false;
    if (*i < len && s[*i] == '.') {
        (*i)++;
        size_t start = *i;
        while (*i < len && is_digit(s[*i]))
            (*i)++;
        if (*i == start)
            return false;
    }
    if (*i >= len)
        return false;
    if (s[*i] == 'Z' || s[*i] == 'z') {
        (*i)++;
    } else if (s[*i] == '+' || s[*i] == '-') {
        sign = s[(*i)++] == '+' ? 1 : -1;
        if (!digits(s, len, i, 2, &oh) || *i >= len || s[(*i)++] != ':' ||
            !digits(s, len, i, 2, &om))
            return false;
        if (oh > 23 || om > 59)
            return false;
    } else {
        return false;
    }
    if (h > 23 || m > 59 || sec > 60)
        return false;
    if (sec == 60) {
        /* A leap second is 23:59:60 in UTC. */
        int utc = (h * 60 + m) - sign * (oh * 60 + om);
        utc = ((utc % 1440) + 1440) % 1440;
        if (utc != 23 * 60 + 59)
            return false;
    }
    return true;
}

/* Tells whether `len` bytes are one hostname (RFC 1123 labels). */
static bool hostname(const char *s, size_t len)
{
    if (len == 0 || len > 253)
        return false;
    size_t label = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '.') {
            if (label == 0 || s[i - 1] == '-')
                return false;
            label = 0;
            continue;
        }
        if (!is_alpha(c) && !is_digit(c) && c != '-')
            return false;
        if (c == '-' && label == 0)
            return false;
        if (++label > 63)
            return false;
    }
    return label > 0 && s[len - 1] != '-';
}

/* Tells whether `len` bytes are a dotted-quad IPv4 address. */
static bool ipv4(const char *s, size_t len)
{
    size_t i = 0;
    for (int part = 0; part < 4; part++) {
        if (part > 0) {
            if (i >= len || s[i] != '.')
                return false;
            i++;
        }
        size_t start = i;
        int v = 0;
        while (i < len && is_digit(s[i]) && i - start < 3)
            v = v * 10 + (s[i++] - '0');
        if (i == start || v > 255 || (s[start] == '0' && i - start > 1))
            return false;
    }
    return i == len;
}

/* Tells whether `len` bytes are an IPv6 address (RFC 4291 section 2.2). */
static bool ipv6(const char *s, size_t len)
{
    int groups = 0;
    bool gap = false;
    size_t i = 0;
    if (len >= 2 && s[0] == ':' && s[1] == ':') {
        gap = true;
        i = 2;
        if (i == len)
            return true;
    } else if (len > 0 && s[0] == ':') {
        return false;
    }
    while (i < len) {
        size_t start = i;
        while (i < len && az_hex_digit(s[i]) >= 0 && i - start < 5)
            i++;
        if (i < len && s[i] == '.') {
            /* A trailing dotted-quad counts as two groups. */
            if (!ipv4(s + start, len - start))
                return false;
            groups += 2;
            i = len;
            break;
        }
        if (i == start || i - start > 4)
            return false;
        groups++;
        if (i == len)
            break;
        if (s[i] != ':')
            return false;
        i++;
        if (i < len && s[i] == ':') {
            if (gap)
                return false;
            gap = true;
            i++;
            if (i == len)
                break;
        } else if (i == len) {
            return false;
        }
    }
    return gap ? groups <= 7 : groups == 8;
}

/* Tells whether `len` bytes are a Mailbox of RFC 5321 (ASCII). */
static bool email(const char *s, size_t len)
{
    const char *at = NULL;
    size_t i = 0;
    if (len > 0 && s[0] == '"') {
        for (i = 1; i < len && s[i] != '"'; i++) {
            if (s[i] == '\\')
                i++;
            else if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
                return false;
        }
        if (i >= len || i + 1 >= len || s[i + 1] != '@')
            return false;
        at = s + i + 1;
    } else {
        static const char atext[] = "!#$%&'*+-/=?^_`{|}~";
        for (i = 0; i < len && s[i] != '@'; i++) {
            char c = s[i];
            if (c == '.') {
                if (i == 0 || s[i - 1] == '.' || i + 1 >= len || s[i + 1] == '@')
                    return false;
            } else if (!is_alpha(c) && !is_digit(c) && (c == '\0' || !strchr(atext, c))) {
                return false;
            }
        }
        if (i == 0 || i >= len)
            return false;
        at = s + i;
    }
    const char *dom = at + 1;
    size_t dlen = len - (size_t)(dom - s);
    if (dlen >= 2 && dom[0] == '[' && dom[dlen - 1] == ']') {
        if (dlen > 7 && strncmp(dom + 1, "IPv6:", 5) == 0)
            return ipv6(dom + 6, dlen - 7);
        return ipv4(dom + 1, dlen - 2);
    }
    return hostname(dom, dlen);
}

/* Tells whether `len` bytes are a UUID (8-4-4-4-12 hex digits). */
static bool uuid(const char *s, size_t len)
{
    if (len != 36)
        return false;
    for (size_t i = 0; i < len; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : az_hex_digit(s[i]) < 0)
            return false;
    }
    return true;
}

/* Reads one character of a URI component at s[*i]: an unreserved or
 * sub-delims character, one of `extra`, or a %XX triplet. */
static bool uri_char(const char *s, size_t len, size_t *i, const char *extra)
{
    char c = s[*i];
    if (c == '%') {
        if (*i + 2 >= len || az_hex_digit(s[*i + 1]) < 0 || az_hex_digit(s[*i + 2]) < 0)
            return false;
        *i += 3;
        return true;
    }
    if (is_alpha(c) || is_digit(c) || (c != '\0' && strchr("-._~!$&'()*+,;=", c)) ||
        (c != '\0' && strchr(extra, c))) {
        (*i)++;
        return true;
    }
    return false;
}

/* Tells whether s[from, to) is an authority: [userinfo "@"] host [":" port]. */
static bool uri_authority(const char *s, size_t from, size_t to)
{
    size_t i = from, at = to;
    for (size_t k = from; k < to; k++) {
        if (s[k] == '@') {
            if (at != to)
                return false; /* two at-signs */
            at = k;
        }
    }
    if (at != to) {
        while (i < at) {
            if (!uri_char(s, at, &i, ":"))
                return false;
        }
        i = at + 1;
    }
    if (i < to && s[i] == '[') {
        const char *rb = memchr(s + i, ']', to - i);
        if (!rb)
            return false;
        size_t end = (size_t)(rb - s);
        bool future = i + 1 < end && (s[i + 1] == 'v' || s[i + 1] == 'V');
        if (!future && !ipv6(s + i + 1, end - i - 1))
            return false;
        i = end + 1;
    } else {
        while (i < to && s[i] != ':') {
            if (!uri_char(s, to, &i, ""))
                return false;
        }
    }
    if (i < to) {
        if (s[i] != ':')
            return false;
        for (i++; i < to; i++) {
            if (!is_digit(s[i]))
                return false;
        }
    }
    return true;
}

/* Tells whether `len` bytes are a URI reference (RFC 3986 section 4.1),
 * and when `absolute`, a URI with a scheme. */
static bool uri(const char *s, size_t len, bool absolute)
{
    size_t i = 0;
    bool scheme = false;
    if (len > 0 && is_alpha(s[0])) {
        size_t k = 1;
        while (k < len &&
               (is_alpha(s[k]) || is_digit(s[k]) || s[k] == '+' || s[k] == '-' || s[k] == '.'))
            k++;
        if (k < len && s[k] == ':') {
            scheme = true;
            i = k + 1;
        }
    }
    if (absolute && !scheme)
        return false;
    bool authority = false;
    if (i + 1 < len && s[i] == '/' && s[i + 1] == '/') {
        size_t from = i + 2, to = from;
        while (to < len && !strchr("/?#", s[to]))
            to++;
        if (!uri_authority(s, from, to))
            return false;
        authority = true;
        i = to;
    }
    bool first_segment = !scheme && !authority && (i >= len || s[i] != '/');
    while (i < len && s[i] != '?' && s[i] != '#') {
        if (s[i] == '/') {
            first_segment = false;
            i++;
        } else if (s[i] == ':' && first_segment) {
            return false; /* would read as a scheme */
        } else if (!uri_char(s, len, &i, ":@")) {
            return false;
        }
    }
    if (i < len && s[i] == '?') {
        for (i++; i < len && s[i] != '#';) {
            if (!uri_char(s, len, &i, ":@/?"))
                return false;
        }
    }
    if (i < len && s[i] == '#') {
        for (i++; i < len;) {
            if (!uri_char(s, len, &i, ":@/?"))
                return false;
        }
    }
    return true;
}

/* Tells whether `len` bytes are a JSON Pointer (RFC 6901). */
static bool json_pointer(const char *s, size_t len)
{
    if (len > 0 && s[0] != '/')
        return false;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '~' && (i + 1 >= len || (s[i + 1] != '0' && s[i + 1] != '1')))
            return false;
    }
    return true;
}

/* Tells whether `len` bytes compile as a `pattern` regex. */
static bool regex(const char *s, size_t len)
{
    int err = 0;
    size_t off = 0;
    pcre2_code *code = az__schema_regex_compile(s, len, &err, &off);
    if (!code)
        return false;
    pcre2_code_free(code);
    return true;
}

/* Checks one format; see openapi.h. */
int az_schema_format_check(const char *format, const char *s, size_t len)
{
    size_t i = 0;
    if (strcmp(format, "date-time") == 0)
        return full_date(s, len, &i) && i < len && (s[i] == 'T' || s[i] == 't') && ++i &&
               full_time(s, len, &i) && i == len;
    if (strcmp(format, "date") == 0)
        return full_date(s, len, &i) && i == len;
    if (strcmp(format, "time") == 0)
        return full_time(s, len, &i) && i == len;
    if (strcmp(format, "email") == 0)
        return email(s, len);
    if (strcmp(format, "hostname") == 0)
        return hostname(s, len);
    if (strcmp(format, "ipv4") == 0)
        return ipv4(s, len);
    if (strcmp(format, "ipv6") == 0)
        return ipv6(s, len);
    if (strcmp(format, "uri") == 0)
        return uri(s, len, true);
    if (strcmp(format, "uri-reference") == 0)
        return uri(s, len, false);
    if (strcmp(format, "uuid") == 0)
        return uuid(s, len);
    if (strcmp(format, "json-pointer") == 0)
        return json_pointer(s, len);
    if (strcmp(format, "regex") == 0)
        return regex(s, len);
    return -1;
}
