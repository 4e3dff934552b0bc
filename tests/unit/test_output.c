/*
** test_output.c -- every output format byte for byte: layout, escaping,
** numeric alignment, empty and column-less tables, first_row, a failing
** write callback, and an allocation-failure sweep over every format.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_alloc.h"

#include "output.h"
#include "unit.h"

/* ---- a write callback collecting the output --------------------------- */

typedef struct sink {
    char *data; /* everything written, NUL-terminated */
    size_t len;
    size_t cap;
    int calls;        /* write calls so far */
    int fail_on;      /* return nonzero from this call (1-based); 0: never */
    size_t max_piece; /* the largest single write */
} sink;

static int sink_write(void *ctx, const char *data, size_t len)
{
    sink *s = ctx;
    s->calls++;
    assert_true(len > 0); /* no empty writes */
    if (s->fail_on && s->calls >= s->fail_on)
        return 1;
    if (s->len + len + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 256;
        while (cap < s->len + len + 1)
            cap *= 2;
        s->data = realloc(s->data, cap);
        assert_non_null(s->data);
        s->cap = cap;
    }
    memcpy(s->data + s->len, data, len);
    s->len += len;
    s->data[s->len] = '\0';
    if (len > s->max_piece)
        s->max_piece = len;
    return 0;
}

static void sink_free(sink *s)
{
    free(s->data);
    memset(s, 0, sizeof *s);
}

static const char *sink_str(const sink *s)
{
    return s->data ? s->data : "";
}

/* Write t and check that the output is exactly want and that every block
** was freed. */
static void expect(const cq_table *t, size_t first, int format,
                   const char *want)
{
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    sink s = {0};
    assert_int_equal(cq_output_write(t, first, format, sink_write, &s, &a),
                     CONCORD_OK);
    assert_string_equal(sink_str(&s), want);
    assert_int_equal(s.len, strlen(want));
    assert_int_equal(ta.live, 0);
    assert_int_equal(ta.bytes, 0);
    sink_free(&s);
}

/* Rows are given as arrays of values; the table borrows everything. */
static void make_table(cq_table *t, const cq_allocator *a,
                       const char *const *names, int n_cols,
                       const cq_value *cells, size_t n_rows)
{
    cq_table_init(t, a, names, n_cols);
    for (size_t r = 0; r < n_rows; r++) {
        cq_value *row = cq_table_add_row(t);
        assert_non_null(row);
        for (int c = 0; c < n_cols; c++)
            row[c] = cells[r * (size_t)n_cols + (size_t)c];
    }
}

/* ---- JSON checked by a real parser, when python3 is there ------------- */

/* json must be strict UTF-8, parse, and equal the Python value pyexpr
** (which must not contain a single quote). */
static void assert_json_equals(const char *json, const char *pyexpr)
{
    char cmd[4096];
    int n = snprintf(cmd, sizeof cmd,
                     "python3 -c 'import json,sys; "
                     "d=json.loads(sys.stdin.buffer.read().decode(\"utf-8\")); "
                     "sys.exit(0 if d == %s else 1)'",
                     pyexpr);
    assert_true(n > 0 && (size_t)n < sizeof cmd);
    FILE *p = popen(cmd, "w");
    assert_non_null(p);
    fwrite(json, 1, strlen(json), p);
    assert_int_equal(pclose(p), 0);
}

/* ---- fixtures ---------------------------------------------------------- */

static const char *const std_cols[] = {"clause", "title", "depth"};

static const cq_value *std_rows(void)
{
    static cq_value rows[6];
    rows[0] = cq_text("20000-1:8.5.1");
    rows[1] = cq_text("Change management");
    rows[2] = cq_int(3);
    rows[3] = cq_text("27001:5.3");
    rows[4] = cq_text("Information security roles");
    rows[5] = cq_int(3);
    return rows;
}

/* ---- cq_value_text ----------------------------------------------------- */

static void test_value_text(void **state)
{
    (void)state;
    char buf[32];
    cq_value v = cq_int(0);
    assert_string_equal(cq_value_text(&v, buf), "0");
    v = cq_int(-42);
    assert_string_equal(cq_value_text(&v, buf), "-42");
    v = cq_int(7);
    assert_string_equal(cq_value_text(&v, buf), "7");
    v = cq_int(-1);
    assert_string_equal(cq_value_text(&v, buf), "-1");
    v = cq_int(1000000);
    assert_string_equal(cq_value_text(&v, buf), "1000000");
    v = cq_int(-10);
    assert_string_equal(cq_value_text(&v, buf), "-10");
    v = cq_int(LLONG_MIN);
    assert_string_equal(cq_value_text(&v, buf), "-9223372036854775808");
    v = cq_int(LLONG_MAX);
    assert_string_equal(cq_value_text(&v, buf), "9223372036854775807");
    v = cq_real(37.5);
    assert_string_equal(cq_value_text(&v, buf), "37.5");
    v = cq_real(100.0);
    assert_string_equal(cq_value_text(&v, buf), "100.0");
    v = cq_real(0.0);
    assert_string_equal(cq_value_text(&v, buf), "0.0");
    v = cq_real(2.0 / 3.0);
    assert_string_equal(cq_value_text(&v, buf), "0.7");
    v = cq_real(-12.25);
    assert_string_equal(cq_value_text(&v, buf), "-12.2"); /* round-to-even */
    v = cq_real(1e20);
    assert_string_equal(cq_value_text(&v, buf), "100000000000000000000.0");
    /* magnitudes "%.1f" cannot fit in 32 bytes */
    v = cq_real(1e300);
    assert_string_equal(cq_value_text(&v, buf), "1.0000000000000001e+300");
    v = cq_real(-1e300);
    assert_string_equal(cq_value_text(&v, buf), "-1.0000000000000001e+300");
    v = cq_real(-DBL_MAX);
    assert_true(strlen(cq_value_text(&v, buf)) < 32);
    v = cq_null();
    assert_string_equal(cq_value_text(&v, buf), "");
    const char *s = "Änderung";
    v = cq_text(s);
    assert_ptr_equal(cq_value_text(&v, buf), s); /* its own text */
    v = cq_text(NULL);
    assert_string_equal(cq_value_text(&v, buf), "");
    v.type = 0; /* not a type */
    assert_string_equal(cq_value_text(&v, buf), "");
}

/* ---- table ------------------------------------------------------------- */

static void test_table_layout(void **state)
{
    (void)state;
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_table t;
    make_table(&t, &a, std_cols, 3, std_rows(), 2);
    expect(&t, 0, CONCORD_FORMAT_TABLE,
           "clause         title                       depth\n"
           "-------------  --------------------------  -----\n"
           "20000-1:8.5.1  Change management               3\n"
           "27001:5.3      Information security roles      3\n"
           "(2 rows)\n");
    cq_table_free(&t);

    make_table(&t, &a, std_cols, 3, std_rows(), 1);
    expect(&t, 0, CONCORD_FORMAT_TABLE,
           "clause         title              depth\n"
           "-------------  -----------------  -----\n"
           "20000-1:8.5.1  Change management      3\n"
           "(1 row)\n");
    cq_table_free(&t);
    assert_int_equal(ta.live, 0);
}

static void test_table_numeric_alignment(void **state)
{
    (void)state;
    static const char *const names[] = {"name", "score", "mixed", "note"};
    const cq_value cells[] = {
        cq_text("a"),   cq_real(37.5),  cq_int(1),    cq_text("x"),
        cq_text("bb"),  cq_null(),      cq_text("t"), cq_null(),
        cq_text("ccc"), cq_real(100.0), cq_int(2),    cq_text(""),
    };
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_table t;
    make_table(&t, &a, names, 4, cells, 3);
    /* score: reals and a null, right-aligned (header too); mixed: an
     * integer column with one text cell, left-aligned; no trailing
     * spaces anywhere */
    expect(&t, 0, CONCORD_FORMAT_TABLE,
           "name  score  mixed  note\n"
           "----  -----  -----  ----\n"
           "a      37.5  1      x\n"
           "bb           t\n"
           "ccc   100.0  2\n"
           "(3 rows)\n");
    cq_table_free(&t);

    /* a column of nulls only is not numeric */
    static const char *const n2[] = {"nothing", "n"};
    const cq_value c2[] = {cq_null(), cq_int(7), cq_null(), cq_int(-12)};
    make_table(&t, &a, n2, 2, c2, 2);
    expect(&t, 0, CONCORD_FORMAT_TABLE,
           "nothing    n\n"
           "-------  ---\n"
           "           7\n"
           "         -12\n"
           "(2 rows)\n");
    cq_table_free(&t);
}

/* CJK takes two terminal columns, a combining accent none: the columns
** stay straight on a terminal (wcwidth's rules, whatever the locale). */
static void test_table_display_width(void **state)
{
    (void)state;
    static const char *const names[] = {"title", "n"};
    const cq_value cells[] = {
        cq_text("\xe5\x8f\x98\xe6\x9b\xb4\xe7\xae\xa1\xe7\x90\x86"), /* 4 CJK */
        cq_int(1),
        cq_text("Cafe\xcc\x81"), /* e + U+0301 */
        cq_int(22),
    };
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_table t;
    make_table(&t, &a, names, 2, cells, 2);
    expect(&t, 0, CONCORD_FORMAT_TABLE,
           "title      n\n"
           "--------  --\n"
           "\xe5\x8f\x98\xe6\x9b\xb4\xe7\xae\xa1\xe7\x90\x86   1\n"
           "Cafe\xcc\x81      22\n"
           "(2 rows)\n");
    cq_table_free(&t);
    assert_int_equal(concord_text_width("\xe5\x8f\x98x", -1), 3);
    assert_int_equal(concord_text_width("e\xcc\x81", 3), 1);
    assert_int_equal(concord_text_width("\xff\xfe", -1), 2); /* malformed */
    assert_int_equal(concord_text_width(NULL, -1), 0);
    assert_int_equal(concord_text_width("abc", 2), 2);
}

static void test_table_utf8_width(void **state)
{
    (void)state;
    static const char *const names[] = {"term", "n"};
    const cq_value cells[] = {
        cq_text("Größe"), cq_int(1),    cq_text("naïve café"),
        cq_int(22),       cq_text("x"), cq_int(333),
    };
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_table t;
    make_table(&t, &a, names, 2, cells, 3);
    expect(&t, 0, CONCORD_FORMAT_TABLE,
           "term          n\n"
           "----------  ---\n"
           "Größe         1\n"
           "naïve café   22\n"
           "x           333\n"
           "(3 rows)\n");
    cq_table_free(&t);

    /* a non-ASCII header */
    static const char *const n2[] = {"Überschrift", "€"};
    const cq_value c2[] = {cq_text("a"), cq_text("bc")};
    make_table(&t, &a, n2, 2, c2, 1);
    expect(&t, 0, CONCORD_FORMAT_TABLE,
           "Überschrift  €\n"
           "-----------  --\n"
           "a            bc\n"
           "(1 row)\n");
    cq_table_free(&t);
}

static void test_table_escapes(void **state)
{
    (void)state;
    static const char *const names[] = {"a", "b"};
    const cq_value cells[] = {
        cq_text("line1\nline2"),
        cq_text("tab\there"),
        cq_text("x\r"),
        cq_text("y"),
    };
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_table t;
    make_table(&t, &a, names, 2, cells, 2);
    expect(&t, 0, CONCORD_FORMAT_TABLE,
           "a             b\n"
           "------------  ---------\n"
           "line1\\nline2  tab\\there\n"
           "x\\r           y\n"
           "(2 rows)\n");
    cq_table_free(&t);
}

static void test_table_empty(void **state)
{
    (void)state;
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_table t;
    make_table(&t, &a, std_cols, 3, NULL, 0);
    expect(&t, 0, CONCORD_FORMAT_TABLE,
           "clause  title  depth\n"
           "------  -----  -----\n"
           "(0 rows)\n");
    cq_table_free(&t);
}

static void test_table_first_row(void **state)
{
    (void)state;
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_table t;
    make_table(&t, &a, std_cols, 3, std_rows(), 2);
    /* widths come from the rows written */
    expect(&t, 1, CONCORD_FORMAT_TABLE,
           "clause     title                       depth\n"
           "---------  --------------------------  -----\n"
           "27001:5.3  Information security roles      3\n"
           "(1 row)\n");
    expect(&t, 2, CONCORD_FORMAT_TABLE,
           "clause  title  depth\n"
           "------  -----  -----\n"
           "(0 rows)\n");
    expect(&t, 99, CONCORD_FORMAT_TABLE,
           "clause  title  depth\n"
           "------  -----  -----\n"
           "(0 rows)\n");
    cq_table_free(&t);
}

/* ---- tsv --------------------------------------------------------------- */

static void test_tsv(void **state)
{
    (void)state;
    static const char *const names[] = {"a", "b\tc"};
    /* clang-format off */
    const cq_value cells[] = {
        cq_text("back\\slash"),    cq_int(1),
        cq_text("tab\tnl\ncr\r"),  cq_null(),
        cq_null(),                 cq_real(2.5),
        cq_text("Größe \"q\" ,|"), cq_int(-7),
    };
    /* clang-format on */
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_table t;
    make_table(&t, &a, names, 2, cells, 4);
    expect(&t, 0, CONCORD_FORMAT_TSV,
           "a\tb\\tc\n"
           "back\\\\slash\t1\n"
           "tab\\tnl\\ncr\\r\t\n"
           "\t2.5\n"
           "Größe \"q\" ,|\t-7\n");
    expect(&t, 3, CONCORD_FORMAT_TSV,
           "a\tb\\tc\n"
           "Größe \"q\" ,|\t-7\n");
    expect(&t, 4, CONCORD_FORMAT_TSV, "a\tb\\tc\n");
    cq_table_free(&t);

    make_table(&t, &a, std_cols, 3, NULL, 0);
    expect(&t, 0, CONCORD_FORMAT_TSV, "clause\ttitle\tdepth\n");
    cq_table_free(&t);
}

/* ---- csv --------------------------------------------------------------- */

static void test_csv(void **state)
{
    (void)state;
    static const char *const names[] = {"id", "text"};
    /* clang-format off */
    const cq_value cells[] = {
        cq_int(1),  cq_text("plain"),
        cq_int(2),  cq_text("a,b"),
        cq_int(3),  cq_text("say \"hi\""),
        cq_int(4),  cq_text("two\nlines"),
        cq_int(5),  cq_text("cr\r"),
        cq_int(6),  cq_text(" lead"),
        cq_int(7),  cq_text("trail "),
        cq_int(8),  cq_null(),
        cq_int(9),  cq_text(""),
        cq_null(),  cq_text("ü"),
        cq_int(10), cq_text("tab\there"),
        cq_int(11), cq_real(0.5),
        cq_int(12), cq_text("\""),
        cq_int(13), cq_text("in ner"),
    };
    /* clang-format on */
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_table t;
    make_table(&t, &a, names, 2, cells, 14);
    expect(&t, 0, CONCORD_FORMAT_CSV,
           "id,text\r\n"
           "1,plain\r\n"
           "2,\"a,b\"\r\n"
           "3,\"say \"\"hi\"\"\"\r\n"
           "4,\"two\nlines\"\r\n"
           "5,\"cr\r\"\r\n"
           "6,\" lead\"\r\n"
           "7,\"trail \"\r\n"
           "8,\r\n"
           "9,\r\n"
           ",ü\r\n"
           "10,tab\there\r\n"
           "11,0.5\r\n"
           "12,\"\"\"\"\r\n"
           "13,in ner\r\n");
    expect(&t, 12, CONCORD_FORMAT_CSV,
           "id,text\r\n"
           "12,\"\"\"\"\r\n"
           "13,in ner\r\n");
    cq_table_free(&t);

    /* headers follow the same rules */
    static const char *const n2[] = {"a,b", "q\"", "ok"};
    make_table(&t, &a, n2, 3, NULL, 0);
    expect(&t, 0, CONCORD_FORMAT_CSV, "\"a,b\",\"q\"\"\",ok\r\n");
    cq_table_free(&t);
}

/* ---- json -------------------------------------------------------------- */

static void test_json_basic(void **state)
{
    (void)state;
    static const char *const names[] = {"clause", "depth", "score", "note"};
    const cq_value cells[] = {
        cq_text("20000-1:8.5.1"), cq_int(3),  cq_real(37.5),  cq_null(),
        cq_text("q\"b\\s/"),      cq_int(-1), cq_real(100.0), cq_text("x"),
    };
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_table t;
    make_table(&t, &a, names, 4, cells, 2);
    const char *want =
        "[\n"
        "{\"clause\":\"20000-1:8.5.1\",\"depth\":3,\"score\":37.5,"
        "\"note\":null},\n"
        "{\"clause\":\"q\\\"b\\\\s/\",\"depth\":-1,\"score\":100.0,"
        "\"note\":\"x\"}\n"
        "]\n";
    expect(&t, 0, CONCORD_FORMAT_JSON, want);
    expect(&t, 1, CONCORD_FORMAT_JSON,
           "[\n"
           "{\"clause\":\"q\\\"b\\\\s/\",\"depth\":-1,\"score\":100.0,"
           "\"note\":\"x\"}\n"
           "]\n");
    expect(&t, 2, CONCORD_FORMAT_JSON, "[]\n");
    expect(&t, 7, CONCORD_FORMAT_JSON, "[]\n");
    if (unit_have_python()) {
        assert_json_equals(want,
                           "[{\"clause\": \"20000-1:8.5.1\", \"depth\": 3, "
                           "\"score\": 37.5, \"note\": None}, "
                           "{\"clause\": \"q\\\"b\\\\s/\", \"depth\": -1, "
                           "\"score\": 100.0, \"note\": \"x\"}]");
        assert_json_equals("[]\n", "[]");
    }
    cq_table_free(&t);

    make_table(&t, &a, std_cols, 3, NULL, 0);
    expect(&t, 0, CONCORD_FORMAT_JSON, "[]\n");
    cq_table_free(&t);
}

static void test_json_escapes(void **state)
{
    (void)state;
    static const char *const names[] = {"k\"ey\n", "v"};
    /* clang-format off */
    const cq_value cells[] = {
        cq_int(1),  cq_text("\n\r\t\b\f"),
        cq_int(2),  cq_text("\x01\x1f\x7f"),
        cq_int(3),  cq_text("é€😀"),
        cq_int(4),  cq_text("a\x80" "b"),
        cq_int(5),  cq_text("\xC0\xAF"),         /* overlong '/' */
        cq_int(6),  cq_text("\xE2\x82"),         /* cut short at the end */
        cq_int(7),  cq_text("\xE2\x82" "A"),     /* cut short */
        cq_int(8),  cq_text("\xED\xA0\x80"),     /* a surrogate */
        cq_int(9),  cq_text("\xF4\x90\x80\x80"), /* past U+10FFFF */
        cq_int(10), cq_text("\xF5\xFF"),         /* never in UTF-8 */
        cq_int(11), cq_text("\xE0\x80\xAF"),     /* overlong, 3 bytes */
        cq_int(12), cq_text("\xF0\x8F\xBF\xBF"), /* overlong, 4 bytes */
        cq_int(13), cq_text("\xF0\x9F\x98"),     /* cut short, 4 bytes */
        cq_int(14), cq_text("\xEF\xBF\xBD\xF4\x8F\xBF\xBF"), /* valid */
        cq_int(15), cq_real(INFINITY),
        cq_int(16), cq_real(NAN),
        cq_int(LLONG_MIN), cq_real(-0.25),
    };
    /* clang-format on */
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_table t;
    make_table(&t, &a, names, 2, cells, 17);
#define K "{\"k\\\"ey\\n\":"
#define R "\xEF\xBF\xBD"
    const char *want =
        "[\n" K "1,\"v\":\"\\n\\r\\t\\b\\f\"},\n" K
        "2,\"v\":\"\\u0001\\u001f\x7f\"},\n" K "3,\"v\":\"é€😀\"},\n" K
        "4,\"v\":\"a" R "b\"},\n" K "5,\"v\":\"" R R "\"},\n" K "6,\"v\":\"" R R
        "\"},\n" K "7,\"v\":\"" R R "A\"},\n" K "8,\"v\":\"" R R R "\"},\n" K
        "9,\"v\":\"" R R R R "\"},\n" K "10,\"v\":\"" R R "\"},\n" K
        "11,\"v\":\"" R R R "\"},\n" K "12,\"v\":\"" R R R R "\"},\n" K
        "13,\"v\":\"" R R R "\"},\n" K
        "14,\"v\":\"\xEF\xBF\xBD\xF4\x8F\xBF\xBF\"},\n" K "15,\"v\":null},\n" K
        "16,\"v\":null},\n" K "-9223372036854775808,\"v\":-0.2}\n"
        "]\n";
#undef K
#undef R
    expect(&t, 0, CONCORD_FORMAT_JSON, want);
    if (unit_have_python()) {
        assert_json_equals(
            want, "[{\"k\\\"ey\\n\": i, \"v\": v} for i, v in ["
                  "(1, \"\\n\\r\\t\\b\\f\"), (2, \"\\x01\\x1f\\x7f\"), "
                  "(3, \"\\u00e9\\u20ac\\U0001f600\"), (4, \"a\\ufffdb\"), "
                  "(5, \"\\ufffd\" * 2), (6, \"\\ufffd\" * 2), "
                  "(7, \"\\ufffd\\ufffdA\"), (8, \"\\ufffd\" * 3), "
                  "(9, \"\\ufffd\" * 4), (10, \"\\ufffd\" * 2), "
                  "(11, \"\\ufffd\" * 3), (12, \"\\ufffd\" * 4), "
                  "(13, \"\\ufffd\" * 3), (14, \"\\ufffd\\U0010ffff\"), "
                  "(15, None), (16, None), (-2**63, -0.2)]]");
    }
    cq_table_free(&t);
}

/* ---- markdown ---------------------------------------------------------- */

static void test_markdown(void **state)
{
    (void)state;
    /* clang-format off */
    const cq_value cells[] = {
        cq_text("8.5.1"), cq_text("a|b"),                   cq_int(3),
        cq_text("x"),     cq_text("two\nlines\r\nand\rcr"), cq_null(),
        cq_text("y"),     cq_null(),                        cq_real(4.5),
    };
    /* clang-format on */
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_table t;
    make_table(&t, &a, std_cols, 3, cells, 3);
    expect(&t, 0, CONCORD_FORMAT_MARKDOWN,
           "| clause | title | depth |\n"
           "|---|---|---:|\n"
           "| 8.5.1 | a\\|b | 3 |\n"
           "| x | two<br>lines<br>and<br>cr |  |\n"
           "| y |  | 4.5 |\n");
    /* alignment looks at the rows written only */
    expect(&t, 1, CONCORD_FORMAT_MARKDOWN,
           "| clause | title | depth |\n"
           "|---|---|---:|\n"
           "| x | two<br>lines<br>and<br>cr |  |\n"
           "| y |  | 4.5 |\n");
    expect(&t, 3, CONCORD_FORMAT_MARKDOWN,
           "| clause | title | depth |\n"
           "|---|---|---|\n");
    cq_table_free(&t);

    static const char *const n2[] = {"a|b", "Größe"};
    make_table(&t, &a, n2, 2, NULL, 0);
    expect(&t, 0, CONCORD_FORMAT_MARKDOWN,
           "| a\\|b | Größe |\n"
           "|---|---|\n");
    cq_table_free(&t);
}

/* ---- what every format shares ------------------------------------------ */

static const int all_formats[] = {CONCORD_FORMAT_TSV, CONCORD_FORMAT_TABLE,
                                  CONCORD_FORMAT_CSV, CONCORD_FORMAT_JSON,
                                  CONCORD_FORMAT_MARKDOWN};
#define N_FORMATS (sizeof all_formats / sizeof all_formats[0])

static void test_zero_columns(void **state)
{
    (void)state;
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_table t;
    cq_table_init(&t, &a, NULL, 0);
    for (int i = 0; i < 3; i++)
        assert_non_null(cq_table_add_row(&t));
    for (size_t f = 0; f < N_FORMATS; f++) {
        sink s = {0};
        assert_int_equal(
            cq_output_write(&t, 0, all_formats[f], sink_write, &s, &a),
            CONCORD_OK);
        assert_int_equal(s.calls, 0);
        sink_free(&s);
    }
    cq_table_free(&t);
    assert_int_equal(ta.live, 0);
}

static void test_bad_format(void **state)
{
    (void)state;
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_table t;
    make_table(&t, &a, std_cols, 3, std_rows(), 2);
    static const int bad[] = {-1, 10, 100};
    for (size_t i = 0; i < 3; i++) {
        sink s = {0};
        assert_int_equal(cq_output_write(&t, 0, bad[i], sink_write, &s, &a),
                         CONCORD_RANGE);
        assert_int_equal(s.calls, 0);
    }
    cq_table_free(&t);
    assert_int_equal(ta.live, 0);
}

/* A table big enough to need several writes: n rows with a long title. */
static void make_big(cq_table *t, const cq_allocator *a, size_t n)
{
    cq_table_init(t, a, std_cols, 3);
    for (size_t i = 0; i < n; i++) {
        cq_value *row = cq_table_add_row(t);
        assert_non_null(row);
        row[0] = cq_text("20000-1:8.5.1");
        row[1] = cq_text(i % 2 ? "Change management, \"quoted\"|x\n"
                               : "Größe\tof things");
        row[2] = cq_int((long long)i);
    }
}

static void test_chunked_writes(void **state)
{
    (void)state;
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_table t;
    make_big(&t, &a, 3000);
    for (size_t f = 0; f < N_FORMATS; f++) {
        sink s = {0};
        assert_int_equal(
            cq_output_write(&t, 0, all_formats[f], sink_write, &s, &a),
            CONCORD_OK);
        assert_true(s.calls > 10);   /* not one write per byte or line */
        assert_true(s.calls < 3000); /* nor one write per row */
        assert_true(s.max_piece < 4096 + 200); /* a chunk and a line */
        size_t lines = 0;
        for (size_t i = 0; i < s.len; i++)
            lines += s.data[i] == '\n';
        size_t want = all_formats[f] == CONCORD_FORMAT_TABLE      ? 3003
                      : all_formats[f] == CONCORD_FORMAT_JSON     ? 3002
                      : all_formats[f] == CONCORD_FORMAT_MARKDOWN ? 3002
                      : all_formats[f] == CONCORD_FORMAT_CSV      ? 3001 + 1500
                                                                  : 3001;
        assert_int_equal(lines, want);
        sink_free(&s);
    }
    cq_table_free(&t);
    assert_int_equal(ta.live, 0);
    assert_int_equal(ta.bytes, 0);
}

static void test_long_cell(void **state)
{
    (void)state;
    size_t n = 100000;
    char *big = malloc(n + 1);
    assert_non_null(big);
    memset(big, 'x', n);
    big[n] = '\0';
    static const char *const names[] = {"v"};
    const cq_value cells[] = {cq_text(big)};
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_table t;
    make_table(&t, &a, names, 1, cells, 1);
    sink s = {0};
    assert_int_equal(
        cq_output_write(&t, 0, CONCORD_FORMAT_TSV, sink_write, &s, &a),
        CONCORD_OK);
    assert_int_equal(s.len, 2 + n + 1);
    assert_memory_equal(s.data, "v\n", 2);
    assert_memory_equal(s.data + 2, big, n);
    sink_free(&s);
    cq_table_free(&t);
    free(big);
    assert_int_equal(ta.live, 0);
}

static void test_write_fails(void **state)
{
    (void)state;
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_table small, big;
    make_table(&small, &a, std_cols, 3, std_rows(), 2);
    make_big(&big, &a, 3000);
    for (size_t f = 0; f < N_FORMATS; f++) {
        /* the only write fails */
        sink s = {0};
        s.fail_on = 1;
        assert_int_equal(
            cq_output_write(&small, 0, all_formats[f], sink_write, &s, &a),
            CONCORD_IOERR);
        assert_int_equal(s.calls, 1);
        sink_free(&s);
        /* a later write fails: the output stops there */
        for (int k = 1; k <= 3; k++) {
            s.fail_on = k;
            assert_int_equal(
                cq_output_write(&big, 0, all_formats[f], sink_write, &s, &a),
                CONCORD_IOERR);
            assert_int_equal(s.calls, k);
            sink_free(&s);
        }
        assert_int_equal(ta.live, 2); /* the two tables' cells */
    }
    cq_table_free(&small);
    cq_table_free(&big);
    assert_int_equal(ta.live, 0);
    assert_int_equal(ta.bytes, 0);
}

/* Fail the n-th allocation for n = 1, 2, ... until a run succeeds: every
** failing run returns CONCORD_NOMEM and leaves no block behind, and the
** run that succeeds writes what an unhindered run writes. */
static void sweep(const cq_table *t, size_t first, int format)
{
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    sink ref = {0};
    assert_int_equal(cq_output_write(t, first, format, sink_write, &ref, &a),
                     CONCORD_OK);
    long failures = 0;
    for (long n = 1;; n++) {
        a = talloc_make(&ta, n);
        sink s = {0};
        int rc = cq_output_write(t, first, format, sink_write, &s, &a);
        assert_int_equal(ta.live, 0);
        assert_int_equal(ta.bytes, 0);
        if (rc == CONCORD_OK) {
            assert_true(ta.calls < n); /* nothing failed */
            assert_int_equal(s.len, ref.len);
            assert_memory_equal(s.data, ref.data, ref.len);
            sink_free(&s);
            break;
        }
        assert_int_equal(rc, CONCORD_NOMEM);
        assert_true(ta.calls >= n);
        failures++;
        sink_free(&s);
    }
    assert_true(failures >= 1);
    sink_free(&ref);
}

static void test_alloc_failure_sweep(void **state)
{
    (void)state;
    /* table cells come from the system allocator so that the sweep counts
     * the output's allocations only */
    cq_allocator sys = {cq_default_alloc, NULL};
    size_t n = 20000;
    char *big = malloc(n + 1);
    assert_non_null(big);
    for (size_t i = 0; i < n; i++)
        big[i] = "ab\t\n\"|,\\ é"[i % 10];
    big[n] = '\0';
    const cq_value cells[] = {
        cq_text("20000-1:8.5.1"),
        cq_text("Change management"),
        cq_int(3),
        cq_text("x"),
        cq_text(big),
        cq_null(),
        cq_text("9001:4.1"),
        cq_text("\x80 bad"),
        cq_real(1.5),
    };
    cq_table t;
    make_table(&t, &sys, std_cols, 3, cells, 3);
    for (size_t f = 0; f < N_FORMATS; f++) {
        sweep(&t, 0, all_formats[f]);
        sweep(&t, 2, all_formats[f]);
    }
    cq_table_free(&t);
    cq_table big_t;
    make_big(&big_t, &sys, 2000);
    for (size_t f = 0; f < N_FORMATS; f++)
        sweep(&big_t, 0, all_formats[f]);
    cq_table_free(&big_t);
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_value_text),
        cmocka_unit_test(test_table_layout),
        cmocka_unit_test(test_table_numeric_alignment),
        cmocka_unit_test(test_table_utf8_width),
        cmocka_unit_test(test_table_display_width),
        cmocka_unit_test(test_table_escapes),
        cmocka_unit_test(test_table_empty),
        cmocka_unit_test(test_table_first_row),
        cmocka_unit_test(test_tsv),
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_json_basic),
        cmocka_unit_test(test_json_escapes),
        cmocka_unit_test(test_markdown),
        cmocka_unit_test(test_zero_columns),
        cmocka_unit_test(test_bad_format),
        cmocka_unit_test(test_chunked_writes),
        cmocka_unit_test(test_long_cell),
        cmocka_unit_test(test_write_fails),
        cmocka_unit_test(test_alloc_failure_sweep),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
