/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_http_date.c - HTTP-dates as Retry-After carries them (RFC 9110
 * section 5.6.7): the IMF-fixdate, the obsolete RFC 850 and asctime forms,
 * and what is not a date.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "arazzo/engine.h"

/* The three forms of RFC 9110's example, and the epoch. */
static void test_forms(void **state)
{
    (void)state;
    time_t t = 0;
    assert_true(az_http_date_parse("Sun, 06 Nov 1994 08:49:37 GMT", &t));
    assert_int_equal((long long)t, 784111777LL);
    assert_true(az_http_date_parse("Sunday, 06-Nov-94 08:49:37 GMT", &t));
    assert_int_equal((long long)t, 784111777LL);
    assert_true(az_http_date_parse("Sun Nov  6 08:49:37 1994", &t));
    assert_int_equal((long long)t, 784111777LL);
    assert_true(az_http_date_parse("Thu, 01 Jan 1970 00:00:00 GMT", &t));
    assert_int_equal((long long)t, 0);
    assert_true(az_http_date_parse("Tue, 29 Feb 2028 23:59:59 GMT", &t));
    assert_int_equal((long long)t, 1835481599LL);
}

/* Not dates: seconds, other zones, bad months, trailing text, NULL. */
static void test_rejects(void **state)
{
    (void)state;
    time_t t = 0;
    assert_false(az_http_date_parse("120", &t));
    assert_false(az_http_date_parse("Sun, 06 Nov 1994 08:49:37 CET", &t));
    assert_false(az_http_date_parse("Sun, 06 Foo 1994 08:49:37 GMT", &t));
    assert_false(az_http_date_parse("Sun, 06 Nov 1994 08:49:37 GMT extra", &t));
    assert_false(az_http_date_parse("Sun, 06 Nov 1994 25:49:37 GMT", &t));
    assert_false(az_http_date_parse("", &t));
    assert_false(az_http_date_parse(NULL, &t));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forms),
        cmocka_unit_test(test_rejects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
