/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core_number.c - the text of a double: the shortest decimal that reads
 * back as the same number ("8.95", not json-c's "%.17g" "8.9499999999999993"),
 * always with a fraction or exponent so it stays a double when read again.
 * Loaded documents print their doubles this way (a json-c serializer set by
 * az__doc_attach), and so does everything that splices them into text.
 */
#include "core_internal.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/printbuf.h>

/* Formats a double; see core.h. */
size_t az_format_double(double d, char *buf, size_t size)
{
    int n;
    if (isnan(d))
        n = snprintf(buf, size, "NaN");
    else if (isinf(d))
        n = snprintf(buf, size, d < 0 ? "-Infinity" : "Infinity");
    else {
        /* The fewest significant digits that survive the round trip. */
        char tmp[40];
        for (int prec = 1; prec <= 17; prec++) {
            snprintf(tmp, sizeof tmp, "%.*g", prec, d);
            if (strtod(tmp, NULL) == d)
                break;
        }
        /*
         * %g turns to an exponent as soon as the exponent reaches the
         * precision ("1e+02" for 100): below 1e17 write the digits out.
         */
        const char *e = strpbrk(tmp, "eE");
        if (e) {
            int exponent = atoi(e + 1);
            if (exponent >= 0 && exponent < 17)
                snprintf(tmp, sizeof tmp, "%.*g", exponent + 1, d);
        }
        /* Whatever the locale's decimal point, JSON's is '.'. */
        char point = localeconv()->decimal_point[0];
        if (point != '.') {
            char *at = strchr(tmp, point);
            if (at)
                *at = '.';
        }
        if (!strpbrk(tmp, ".eE"))
            strcat(tmp, ".0");
        n = snprintf(buf, size, "%s", tmp);
    }
    return n < 0 ? 0 : (size_t)n;
}

/* The json-c serializer of the doubles of loaded documents. */
int az__double_to_json(json_object *jso, struct printbuf *pb, int level, int flags)
{
    char buf[AZ_DOUBLE_TEXT_MAX];
    size_t n = az_format_double(json_object_get_double(jso), buf, sizeof buf);
    return printbuf_memappend(pb, buf, (int)n);
}
