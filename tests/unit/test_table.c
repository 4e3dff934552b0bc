/*
** test_table.c -- result tables: adding rows, growth and its failure,
** column lookup, the stable sort (and its failure), clearing, value makers.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_alloc.h"

#include "table.h"

static const char *const cols3[] = {"clause", "title", "depth"};

/* ---- tests ------------------------------------------------------------ */

static void test_init_empty(void **state)
{
    (void)state;
    talloc t;
    cq_allocator a = talloc_make(&t, 0);
    cq_table tab;
    cq_table_init(&tab, &a, cols3, 3);
    assert_int_equal(tab.n_cols, 3);
    assert_int_equal(tab.n_rows, 0);
    assert_null(tab.cells);
    cq_table_free(&tab);
    assert_int_equal(t.live, 0);
}

static void test_add_rows_and_growth(void **state)
{
    (void)state;
    talloc t;
    cq_allocator a = talloc_make(&t, 0);
    cq_table tab;
    cq_table_init(&tab, &a, cols3, 3);
    for (long long i = 0; i < 1000; i++) {
        cq_value *row = cq_table_add_row(&tab);
        assert_non_null(row);
        for (int c = 0; c < 3; c++)
            assert_int_equal(row[c].type, CONCORD_NULL);
        row[0] = cq_text("x");
        row[2] = cq_int(i);
    }
    assert_int_equal(tab.n_rows, 1000);
    assert_true(tab.cap_rows >= 1000);
    /* geometric growth: few reallocations for many rows */
    assert_true(t.calls <= 8);
    assert_int_equal(t.live, 1);
    for (size_t r = 0; r < 1000; r++) {
        const cq_value *row = cq_table_row(&tab, r);
        assert_int_equal(row[0].type, CONCORD_TEXT);
        assert_string_equal(row[0].u.text, "x");
        assert_int_equal(row[1].type, CONCORD_NULL);
        assert_int_equal(row[2].type, CONCORD_INTEGER);
        assert_int_equal(row[2].u.integer, (long long)r);
    }
    cq_table_free(&tab);
    assert_int_equal(tab.n_rows, 0);
    assert_null(tab.cells);
    assert_int_equal(t.live, 0);
    assert_int_equal(t.bytes, 0);
}

static void test_add_row_oom_keeps_table(void **state)
{
    (void)state;
    talloc t;
    cq_allocator a = talloc_make(&t, 0);
    cq_table tab;
    cq_table_init(&tab, &a, cols3, 3);
    /* the first allocation fails: nothing changes */
    t.fail_at = 1;
    assert_null(cq_table_add_row(&tab));
    assert_int_equal(tab.n_rows, 0);
    assert_int_equal(tab.cap_rows, 0);
    assert_null(tab.cells);
    t.fail_at = 0;

    long long i = 0;
    while (tab.n_rows < tab.cap_rows || tab.n_rows == 0) {
        cq_value *row = cq_table_add_row(&tab);
        assert_non_null(row);
        row[2] = cq_int(i++);
    }
    size_t rows = tab.n_rows, cap = tab.cap_rows;
    cq_value *cells = tab.cells;
    t.fail_at = t.calls + 1; /* the growth fails */
    assert_null(cq_table_add_row(&tab));
    assert_int_equal(tab.n_rows, rows);
    assert_int_equal(tab.cap_rows, cap);
    assert_ptr_equal(tab.cells, cells);
    for (size_t r = 0; r < rows; r++)
        assert_int_equal(cq_table_row(&tab, r)[2].u.integer, (long long)r);
    /* and the table still works afterwards */
    cq_value *row = cq_table_add_row(&tab);
    assert_non_null(row);
    assert_int_equal(tab.n_rows, rows + 1);
    assert_int_equal(cq_table_row(&tab, rows - 1)[2].u.integer,
                     (long long)rows - 1);
    cq_table_free(&tab);
    assert_int_equal(t.live, 0);
    assert_int_equal(t.bytes, 0);
}

/* Every failing run of "build a table of 200 rows" reports the failure
** and leaves nothing allocated after cq_table_free. */
static void test_add_row_failure_sweep(void **state)
{
    (void)state;
    for (long n = 1;; n++) {
        talloc t;
        cq_allocator a = talloc_make(&t, n);
        cq_table tab;
        cq_table_init(&tab, &a, cols3, 3);
        int failed = 0;
        for (int i = 0; i < 200; i++) {
            if (cq_table_add_row(&tab) == NULL) {
                failed = 1;
                break;
            }
        }
        cq_table_free(&tab);
        assert_int_equal(t.live, 0);
        assert_int_equal(t.bytes, 0);
        if (!failed) {
            assert_true(n > 2);
            break;
        }
    }
}

static void test_zero_columns(void **state)
{
    (void)state;
    talloc t;
    cq_allocator a = talloc_make(&t, 0);
    cq_table tab;
    cq_table_init(&tab, &a, NULL, 0);
    for (int i = 0; i < 40; i++)
        assert_non_null(cq_table_add_row(&tab));
    assert_int_equal(tab.n_rows, 40);
    assert_int_equal(cq_table_column(&tab, "x"), -1);
    assert_int_equal(cq_table_sort(&tab, NULL, NULL, NULL), 0);
    cq_table_free(&tab);
    assert_int_equal(t.live, 0);
    assert_int_equal(t.bytes, 0);
}

static void test_column_lookup(void **state)
{
    (void)state;
    talloc t;
    cq_allocator a = talloc_make(&t, 0);
    cq_table tab;
    cq_table_init(&tab, &a, cols3, 3);
    assert_int_equal(cq_table_column(&tab, "clause"), 0);
    assert_int_equal(cq_table_column(&tab, "title"), 1);
    assert_int_equal(cq_table_column(&tab, "depth"), 2);
    assert_int_equal(cq_table_column(&tab, "Depth"), -1); /* exact */
    assert_int_equal(cq_table_column(&tab, "dept"), -1);
    assert_int_equal(cq_table_column(&tab, "depths"), -1);
    assert_int_equal(cq_table_column(&tab, ""), -1);
    assert_int_equal(cq_table_column(&tab, NULL), -1);
    static const char *const dup[] = {"a", "b", "a"};
    cq_table_init(&tab, &a, dup, 3);
    assert_int_equal(cq_table_column(&tab, "a"), 0); /* the first */
    cq_table_free(&tab);
}

/* Compare by the integer in column 0 only. */
static int cmp_key(const cq_value *a, const cq_value *b, void *ctx)
{
    int *calls = ctx;
    (*calls)++;
    return (a[0].u.integer > b[0].u.integer) -
           (a[0].u.integer < b[0].u.integer);
}

/* n rows of (key, sequence number) with keys from a small range, so that
** there are many ties; sorting must order the keys and keep each tie in
** sequence order. */
static void check_sort(size_t n, unsigned seed)
{
    static const char *const names[] = {"key", "seq"};
    talloc t;
    cq_allocator a = talloc_make(&t, 0);
    cq_table tab;
    cq_table_init(&tab, &a, names, 2);
    unsigned x = seed;
    for (size_t i = 0; i < n; i++) {
        cq_value *row = cq_table_add_row(&tab);
        assert_non_null(row);
        x = x * 1103515245u + 12345u;
        row[0] = cq_int((long long)((x >> 16) % 7));
        row[1] = cq_int((long long)i);
    }
    int calls = 0;
    assert_int_equal(cq_table_sort(&tab, cmp_key, &calls, NULL), 0);
    assert_int_equal(tab.n_rows, n);
    for (size_t r = 1; r < n; r++) {
        const cq_value *p = cq_table_row(&tab, r - 1);
        const cq_value *q = cq_table_row(&tab, r);
        assert_true(p[0].u.integer <= q[0].u.integer);
        if (p[0].u.integer == q[0].u.integer)
            assert_true(p[1].u.integer < q[1].u.integer);
    }
    /* every row is still there exactly once */
    char *seen = calloc(n + 1, 1);
    assert_non_null(seen);
    for (size_t r = 0; r < n; r++) {
        long long s = cq_table_row(&tab, r)[1].u.integer;
        assert_true(s >= 0 && (size_t)s < n);
        assert_int_equal(seen[s], 0);
        seen[s] = 1;
    }
    free(seen);
    cq_table_free(&tab);
    assert_int_equal(t.live, 0);
    assert_int_equal(t.bytes, 0);
}

static void test_sort_stable(void **state)
{
    (void)state;
    static const size_t sizes[] = {0, 1,  2,  3,  4,  5,   7,    8,
                                   9, 16, 17, 31, 33, 100, 1000, 4097};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        check_sort(sizes[i], (unsigned)i + 1);
}

static int cmp_text_desc(const cq_value *a, const cq_value *b, void *ctx)
{
    (void)ctx;
    return strcmp(b[1].u.text, a[1].u.text);
}

static void test_sort_text_and_ctx(void **state)
{
    (void)state;
    talloc t;
    cq_allocator a = talloc_make(&t, 0);
    cq_table tab;
    cq_table_init(&tab, &a, cols3, 3);
    const char *words[] = {"b", "d", "a", "c", "b"};
    for (int i = 0; i < 5; i++) {
        cq_value *row = cq_table_add_row(&tab);
        row[0] = cq_int(i);
        row[1] = cq_text(words[i]);
        row[2] = cq_real(i / 2.0);
    }
    assert_int_equal(cq_table_sort(&tab, cmp_text_desc, NULL, NULL), 0);
    const char *want_text[] = {"d", "c", "b", "b", "a"};
    long long want_id[] = {1, 3, 0, 4, 2};
    for (size_t r = 0; r < 5; r++) {
        const cq_value *row = cq_table_row(&tab, r);
        assert_string_equal(row[1].u.text, want_text[r]);
        assert_int_equal(row[0].u.integer, want_id[r]);
        assert_true(row[2].u.real == (double)want_id[r] / 2.0);
    }
    cq_table_free(&tab);
    assert_int_equal(t.live, 0);
}

static void test_sort_oom_keeps_table(void **state)
{
    (void)state;
    talloc t;
    cq_allocator a = talloc_make(&t, 0);
    cq_table tab;
    cq_table_init(&tab, &a, cols3, 3);
    for (int i = 0; i < 50; i++) {
        cq_value *row = cq_table_add_row(&tab);
        row[0] = cq_int(50 - i);
        row[1] = cq_text("t");
    }
    size_t bytes = 50 * 3 * sizeof(cq_value);
    cq_value *before = malloc(bytes);
    assert_non_null(before);
    memcpy(before, tab.cells, bytes);
    t.fail_at = t.calls + 1;
    int calls = 0;
    assert_int_equal(cq_table_sort(&tab, cmp_key, &calls, NULL), -1);
    for (size_t i = 0; i < 50 * 3; i++) { /* not memcmp: padding */
        assert_int_equal(tab.cells[i].type, before[i].type);
        assert_memory_equal(&tab.cells[i].u, &before[i].u, sizeof before[i].u);
    }
    assert_int_equal(tab.n_rows, 50);
    assert_int_equal(t.live, 1);
    /* a retry succeeds */
    assert_int_equal(cq_table_sort(&tab, cmp_key, &calls, NULL), 0);
    assert_int_equal(cq_table_row(&tab, 0)[0].u.integer, 1);
    assert_int_equal(cq_table_row(&tab, 49)[0].u.integer, 50);
    assert_int_equal(t.live, 1); /* the temporary was freed */
    free(before);
    cq_table_free(&tab);
    assert_int_equal(t.live, 0);
    assert_int_equal(t.bytes, 0);
}

static void test_clear(void **state)
{
    (void)state;
    talloc t;
    cq_allocator a = talloc_make(&t, 0);
    cq_table tab;
    cq_table_init(&tab, &a, cols3, 3);
    for (int i = 0; i < 20; i++)
        assert_non_null(cq_table_add_row(&tab));
    size_t cap = tab.cap_rows;
    long calls = t.calls;
    cq_table_clear(&tab);
    assert_int_equal(tab.n_rows, 0);
    assert_int_equal(tab.n_cols, 3);
    assert_int_equal(tab.cap_rows, cap);
    assert_int_equal(cq_table_column(&tab, "title"), 1);
    cq_value *row = cq_table_add_row(&tab);
    assert_non_null(row);
    assert_int_equal(row[0].type, CONCORD_NULL);
    assert_int_equal(t.calls, calls); /* the memory was kept */
    cq_table_free(&tab);
    cq_table_free(&tab); /* twice is harmless */
    assert_int_equal(t.live, 0);
}

static void test_value_makers(void **state)
{
    (void)state;
    cq_value v = cq_text("abc");
    assert_int_equal(v.type, CONCORD_TEXT);
    assert_string_equal(v.u.text, "abc");
    v = cq_int(-42);
    assert_int_equal(v.type, CONCORD_INTEGER);
    assert_int_equal(v.u.integer, -42);
    v = cq_int(LLONG_MAX);
    assert_true(v.u.integer == LLONG_MAX);
    v = cq_real(37.5);
    assert_int_equal(v.type, CONCORD_REAL);
    assert_true(v.u.real == 37.5);
    v = cq_null();
    assert_int_equal(v.type, CONCORD_NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_empty),
        cmocka_unit_test(test_add_rows_and_growth),
        cmocka_unit_test(test_add_row_oom_keeps_table),
        cmocka_unit_test(test_add_row_failure_sweep),
        cmocka_unit_test(test_zero_columns),
        cmocka_unit_test(test_column_lookup),
        cmocka_unit_test(test_sort_stable),
        cmocka_unit_test(test_sort_text_and_ctx),
        cmocka_unit_test(test_sort_oom_keeps_table),
        cmocka_unit_test(test_clear),
        cmocka_unit_test(test_value_makers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
