/*
** test_text.c -- the one set of byte rules (text.h): UTF-8 sequences
** accepted and refused at each boundary RFC 3629 draws, decoding and
** encoding agreeing on every kind of code point, and the syntax of
** standard ids and clause numbers.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "text.h"

static size_t length_of(const char *s)
{
    return cq_utf8_length((const unsigned char *)s, strlen(s));
}

static void test_utf8_length(void **state)
{
    (void)state;
    assert_int_equal(length_of("a"), 1);
    assert_int_equal(length_of("\xC2\x80"), 2);         /* U+0080 */
    assert_int_equal(length_of("\xDF\xBF"), 2);         /* U+07FF */
    assert_int_equal(length_of("\xE0\xA0\x80"), 3);     /* U+0800 */
    assert_int_equal(length_of("\xED\x9F\xBF"), 3);     /* U+D7FF */
    assert_int_equal(length_of("\xEE\x80\x80"), 3);     /* U+E000 */
    assert_int_equal(length_of("\xF0\x90\x80\x80"), 4); /* U+10000 */
    assert_int_equal(length_of("\xF4\x8F\xBF\xBF"), 4); /* U+10FFFF */

    assert_int_equal(length_of("\x80"), 0);             /* continuation */
    assert_int_equal(length_of("\xC0\xAF"), 0);         /* overlong '/' */
    assert_int_equal(length_of("\xC1\xBF"), 0);         /* overlong */
    assert_int_equal(length_of("\xE0\x9F\xBF"), 0);     /* overlong */
    assert_int_equal(length_of("\xF0\x8F\xBF\xBF"), 0); /* overlong */
    assert_int_equal(length_of("\xED\xA0\x80"), 0);     /* U+D800 */
    assert_int_equal(length_of("\xED\xBF\xBF"), 0);     /* U+DFFF */
    assert_int_equal(length_of("\xF4\x90\x80\x80"), 0); /* U+110000 */
    assert_int_equal(length_of("\xF5\x80\x80\x80"), 0);
    assert_int_equal(length_of("\xFF"), 0);
    assert_int_equal(length_of("\xE2\x82"), 0);     /* cut short */
    assert_int_equal(length_of("\xE2\x28\xA1"), 0); /* not continued */
    /* n bounds the read: a whole sequence past n is refused */
    assert_int_equal(cq_utf8_length((const unsigned char *)"\xE2\x82\xAC", 2),
                     0);
    /* a NUL ends a sequence, so a NUL-terminated string may pass n = 4 */
    assert_int_equal(cq_utf8_length((const unsigned char *)"\xF0\x90", 4), 0);
}

static void test_utf8_next_and_put(void **state)
{
    (void)state;
    static const unsigned points[] = {0x24,   0x7F,   0x80,    0xA9,
                                      0x7FF,  0x800,  0x20AC,  0xD7FF,
                                      0xE000, 0xFFFD, 0x10000, 0x10FFFF};
    static const size_t sizes[] = {1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4};
    for (size_t i = 0; i < sizeof points / sizeof points[0]; i++) {
        char b[4];
        size_t n = cq_utf8_put(b, points[i]);
        assert_int_equal(n, sizes[i]);
        assert_int_equal(cq_utf8_length((const unsigned char *)b, n), n);
        unsigned cp = 0;
        assert_int_equal(cq_utf8_next(b, n, &cp), n);
        assert_int_equal(cp, points[i]);
    }
    unsigned cp = 0;
    assert_int_equal(cq_utf8_next("\xE2\x82\xAC", 3, &cp), 3);
    assert_int_equal(cp, 0x20AC);
    /* anything malformed is one byte of U+FFFD */
    assert_int_equal(cq_utf8_next("\xC0\xAF", 2, &cp), 1);
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(cq_utf8_next("\xE2\x82\xAC", 2, &cp), 1);
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(cq_utf8_next("\xED\xA0\x80", 3, &cp), 1);
    assert_int_equal(cp, 0xFFFD);
}

static int id(const char *s)
{
    return cq_text_valid_id(s, strlen(s));
}

static int number(const char *s)
{
    return cq_text_valid_number(s, strlen(s));
}

static void test_names(void **state)
{
    (void)state;
    assert_true(id("27001"));
    assert_true(id("20000-1"));
    assert_true(id("iso_9001"));
    assert_true(id("27001@2022"));
    assert_false(id(""));
    assert_false(id("-27001"));
    assert_false(id("27001@"));
    assert_false(id("27001@20-22"));
    assert_false(id("27 001"));
    assert_false(id("27001:8"));

    assert_true(number("8"));
    assert_true(number("A.12.1.2"));
    assert_true(number("8.5.1"));
    assert_false(number(""));
    assert_false(number(".8"));
    assert_false(number("8."));
    assert_false(number("8..5"));
    assert_false(number("8-5"));
    assert_false(number("8 5"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_length),
        cmocka_unit_test(test_utf8_next_and_put),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
