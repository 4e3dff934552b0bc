/*
** test_json.c -- the strict JSON reader: every kind of value, positions,
** string escapes and surrogates, number values, what it refuses (each
** with its place), the nesting limit, and an allocation-failure sweep.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_alloc.h"

#include "concord.h"
#include "json.h"

/* Parse text; the tree lives in *arena (the caller frees it). */
static int parse(cq_arena *arena, cq_error *err, const cq_allocator *a,
                 const char *text, cq_json **root)
{
    cq_arena_init(arena, a);
    cq_error_init(err, a);
    return cq_json_parse(arena, text, strlen(text), "t.json", root, err);
}

/* text must fail with code, and the message must be exactly want. */
static void expect_error(const char *text, int code, const char *want)
{
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_arena arena;
    cq_error err;
    cq_json *root = (cq_json *)1;
    assert_int_equal(parse(&arena, &err, &a, text, &root), code);
    assert_null(root);
    assert_string_equal(cq_error_message(&err), want);
    cq_arena_free(&arena);
    cq_error_free(&err);
    assert_int_equal(ta.live, 0);
}

static void test_values(void **state)
{
    (void)state;
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_arena arena;
    cq_error err;
    cq_json *root;
    const char *text = "{\"a\": [1, -2.5e1, true, false, null],\n"
                       " \"b\": {\"c\": \"d\"}, \"e\": []}";
    assert_int_equal(parse(&arena, &err, &a, text, &root), CONCORD_OK);
    assert_int_equal(root->type, CQ_JSON_OBJECT);
    assert_int_equal(root->count, 3);
    const cq_json *arr = cq_json_member(root, "a");
    assert_non_null(arr);
    assert_int_equal(arr->type, CQ_JSON_ARRAY);
    assert_int_equal(arr->count, 5);
    const cq_json *v = arr->child;
    assert_int_equal(v->type, CQ_JSON_NUMBER);
    assert_true(v->number == 1.0);
    assert_string_equal(v->str, "1");
    v = v->next;
    assert_true(v->number == -25.0);
    assert_string_equal(v->str, "-2.5e1");
    assert_int_equal(v->next->type, CQ_JSON_TRUE);
    assert_int_equal(v->next->next->type, CQ_JSON_FALSE);
    assert_int_equal(v->next->next->next->type, CQ_JSON_NULL);
    assert_null(v->next->next->next->next);
    const cq_json *b = cq_json_member(root, "b");
    assert_int_equal(b->line, 2);
    assert_int_equal(b->column, 7);
    assert_string_equal(cq_json_member(b, "c")->str, "d");
    assert_int_equal(cq_json_member(root, "e")->count, 0);
    assert_null(cq_json_member(root, "z"));
    assert_null(cq_json_member(arr, "a")); /* not an object */
    assert_null(cq_json_member(NULL, "a"));
    assert_string_equal(cq_json_type_name(CQ_JSON_TRUE), "boolean");
    assert_string_equal(cq_json_type_name(CQ_JSON_OBJECT), "object");
    cq_arena_free(&arena);
    cq_error_free(&err);
    assert_int_equal(ta.live, 0);
}

static void test_strings(void **state)
{
    (void)state;
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_arena arena;
    cq_error err;
    cq_json *root;
    const char *text = "[\"q\\\"b\\\\s\\/n\\nt\\tb\\bf\\fr\\r\", "
                       "\"\\u00e9\\u20ac\\ud83d\\ude00\", \"caf\xc3\xa9\", "
                       "\"nul\\u0000x\"]";
    assert_int_equal(parse(&arena, &err, &a, text, &root), CONCORD_OK);
    const cq_json *s = root->child;
    assert_string_equal(s->str, "q\"b\\s/n\nt\tb\bf\fr\r");
    s = s->next;
    assert_string_equal(s->str, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
    assert_int_equal(s->len, 9);
    assert_string_equal(s->next->str, "caf\xc3\xa9");
    s = s->next->next;
    assert_int_equal(s->len, 5);
    assert_memory_equal(s->str, "nul\0x", 5);
    cq_arena_free(&arena);
    cq_error_free(&err);
    assert_int_equal(ta.live, 0);
}

static void test_numbers(void **state)
{
    (void)state;
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_arena arena;
    cq_error err;
    cq_json *root;
    const char *text = "[0, 0.9, 0.000123, 1E3, 12345678901234567890123, "
                       "1e400, -0.5, 5e-1]";
    assert_int_equal(parse(&arena, &err, &a, text, &root), CONCORD_OK);
    const cq_json *n = root->child;
    assert_true(n->number == 0);
    n = n->next;
    assert_true(fabs(n->number - 0.9) < 1e-12);
    n = n->next;
    assert_true(fabs(n->number - 0.000123) < 1e-15);
    n = n->next;
    assert_true(n->number == 1000);
    n = n->next;
    assert_true(fabs(n->number / 1.2345678901234568e22 - 1) < 1e-12);
    n = n->next;
    assert_true(isinf(n->number));
    n = n->next;
    assert_true(n->number == -0.5);
    assert_true(n->next->number == 0.5);
    cq_arena_free(&arena);
    cq_error_free(&err);
    assert_int_equal(ta.live, 0);
}

/* A byte order mark is skipped; white space around the value is fine. */
static void test_bom_and_space(void **state)
{
    (void)state;
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_arena arena;
    cq_error err;
    cq_json *root;
    assert_int_equal(parse(&arena, &err, &a, "\xEF\xBB\xBF \r\n {} \n", &root),
                     CONCORD_OK);
    assert_int_equal(root->type, CQ_JSON_OBJECT);
    assert_int_equal(root->line, 2);
    assert_int_equal(root->column, 2);
    cq_arena_free(&arena);
    cq_error_free(&err);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("", CONCORD_ERROR,
                 "t.json:1:1: unexpected end of text; expected a value");
    expect_error("[1,]", CONCORD_ERROR,
                 "t.json:1:4: unexpected ']' after ','; expected a value");
    expect_error("{\"a\":1,}", CONCORD_ERROR,
                 "t.json:1:8: unexpected '}' after ','; expected a key");
    expect_error("{\"a\" 1}", CONCORD_ERROR,
                 "t.json:1:6: unexpected '1' after the key \"a\"; expected "
                 "':'");
    expect_error("{a: 1}", CONCORD_ERROR,
                 "t.json:1:2: unexpected 'a' in an object; expected a key (a "
                 "string in double quotes)");
    expect_error("[1 2]", CONCORD_ERROR,
                 "t.json:1:4: unexpected '2' in an array; expected ',' or "
                 "']'");
    expect_error("{\"a\":1 \"b\":2}", CONCORD_ERROR,
                 "t.json:1:8: unexpected '\"' in an object; expected ',' or "
                 "'}'");
    expect_error("{\"a\": 1,\n \"a\": 2}", CONCORD_ERROR,
                 "t.json:2:7: duplicate key \"a\" in an object (its first "
                 "value is at 1:7)");
    expect_error("01", CONCORD_ERROR,
                 "t.json:1:1: a number cannot start with 0 followed by a "
                 "digit");
    expect_error("-", CONCORD_ERROR,
                 "t.json:1:2: a number needs a digit after '-'");
    expect_error("1.", CONCORD_ERROR,
                 "t.json:1:3: a number needs a digit after '.'");
    expect_error("1e+", CONCORD_ERROR,
                 "t.json:1:4: a number needs a digit in its exponent");
    expect_error("tru", CONCORD_ERROR,
                 "t.json:1:1: unexpected 't'; expected a value");
    expect_error("[nul]", CONCORD_ERROR,
                 "t.json:1:2: unexpected 'n'; expected a value");
    expect_error("\"abc", CONCORD_ERROR,
                 "t.json:1:1: string without its closing '\"'");
    expect_error("\"a\nb\"", CONCORD_ERROR,
                 "t.json:1:3: control character 0x0a in a string; write it "
                 "as \\u000a");
    expect_error("\"\\x\"", CONCORD_ERROR,
                 "t.json:1:2: unknown escape: backslash then 'x' in a string; "
                 "expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
    expect_error("\"\\u12g4\"", CONCORD_ERROR,
                 "t.json:1:2: \\u needs four hexadecimal digits");
    expect_error("\"\\ud800x\"", CONCORD_ERROR,
                 "t.json:1:2: \\ud800 is a high surrogate without a low one "
                 "after it");
    expect_error("\"\\udc00\"", CONCORD_ERROR,
                 "t.json:1:2: \\udc00 is a low surrogate without a high one "
                 "before it");
    expect_error("\"\xc3\x28\"", CONCORD_ERROR,
                 "t.json:1:2: invalid UTF-8 byte 0xc3 in a string");
    expect_error("\"\xed\xa0\x80\"", CONCORD_ERROR,
                 "t.json:1:2: invalid UTF-8 byte 0xed in a string");
    expect_error("{} x", CONCORD_ERROR,
                 "t.json:1:4: unexpected 'x' after the value; a JSON text "
                 "holds one value");
    expect_error("[\x01]", CONCORD_ERROR,
                 "t.json:1:2: unexpected byte 0x01; expected a value");
    expect_error("// no\n{}", CONCORD_ERROR,
                 "t.json:1:1: unexpected '/'; expected a value");
}

static void test_depth_limit(void **state)
{
    (void)state;
    char deep[2 * CQ_JSON_MAX_DEPTH + 8];
    size_t n = 0;
    for (int i = 0; i < CQ_JSON_MAX_DEPTH; i++)
        deep[n++] = '[';
    for (int i = 0; i < CQ_JSON_MAX_DEPTH; i++)
        deep[n++] = ']';
    deep[n] = '\0';
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_arena arena;
    cq_error err;
    cq_json *root;
    assert_int_equal(parse(&arena, &err, &a, deep, &root), CONCORD_OK);
    cq_arena_free(&arena);
    cq_error_free(&err);
    memmove(deep + 1, deep, n + 1);
    deep[0] = '[';
    char want[80];
    snprintf(want, sizeof want,
             "t.json:1:%d: nesting deeper than %d arrays and objects",
             CQ_JSON_MAX_DEPTH + 1, CQ_JSON_MAX_DEPTH);
    expect_error(deep, CONCORD_TOOBIG, want);
}

/* No name: the message starts with the line. */
static void test_no_name(void **state)
{
    (void)state;
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_arena arena;
    cq_error err;
    cq_json *root;
    cq_arena_init(&arena, &a);
    cq_error_init(&err, &a);
    assert_int_equal(cq_json_parse(&arena, "[", 1, NULL, &root, &err),
                     CONCORD_ERROR);
    assert_string_equal(cq_error_message(&err),
                        "1:2: unexpected end of text; expected a value");
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 2);
    assert_int_equal(err.offset, 1);
    cq_arena_free(&arena);
    cq_error_free(&err);
}

/* Every allocation failing in turn: NOMEM, nothing leaked. */
static void test_alloc_failures(void **state)
{
    (void)state;
    const char *text =
        "{\"mapping-collection\": {\"uuid\": \"x\", \"maps\": [{\"a\": 1, "
        "\"b\": [true, \"\\u00e9\"], \"c\": {\"d\": null, \"e\": 2.5}}]}}";
    for (long fail = 1;; fail++) {
        talloc ta;
        cq_allocator a = talloc_make(&ta, fail);
        cq_arena arena;
        cq_error err;
        cq_json *root;
        int rc = parse(&arena, &err, &a, text, &root);
        cq_arena_free(&arena);
        cq_error_free(&err);
        assert_int_equal(ta.live, 0);
        if (!ta.failed) {
            assert_int_equal(rc, CONCORD_OK);
            break;
        }
        assert_int_equal(rc, CONCORD_NOMEM);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),  cmocka_unit_test(test_strings),
        cmocka_unit_test(test_numbers), cmocka_unit_test(test_bom_and_space),
        cmocka_unit_test(test_errors),  cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_no_name), cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
