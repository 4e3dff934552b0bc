/*
** test_statements.c -- the statement table (statements.h) against what is
** derived from it: every row's kind is numbered from 1 in the table's
** order and below CQ_N_STATEMENT_END, every kind (statement or not) has
** one name of its own, every query's plan starts with the shape its row
** names, and every worker a row names exists.  A row with a column
** missing, or naming a function nobody defines, fails the build instead;
** this is what the build cannot see.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "db.h"
#include "eval_core.h"
#include "plan.h"

typedef struct row {
    int query; /* QUERY: 1; STATEMENT: 0 */
    cq_node_kind kind;
    const char *name;
    const char *kind_text; /* the KIND column as written */
    const cq_shape *(*shape)(void);
    int (*worker)(runner *r);                   /* a query's */
    int (*runs)(concord_stmt *stmt, cq_run *r); /* a statement's */
} row;

#define ROW_(cls, kind, name, compile, run, shape)                             \
    {CQ_STMT_IS_QUERY_##cls,                                                   \
     CQ_N_##kind,                                                              \
     name,                                                                     \
     #kind,                                                                    \
     shape,                                                                    \
     CQ_STMT_QUERY_ONLY_##cls(run) CQ_STMT_STATEMENT_ONLY_##cls(NULL),         \
     CQ_STMT_STATEMENT_ONLY_##cls(run) CQ_STMT_QUERY_ONLY_##cls(NULL)},
static const row rows[] = {CQ_STATEMENTS(ROW_)};
#define N_ROWS ((int)(sizeof rows / sizeof rows[0]))

static void test_rows_number_the_kinds(void **state)
{
    (void)state;
    assert_int_equal(N_ROWS + 1, CQ_N_STATEMENT_END);
    for (int i = 0; i < N_ROWS; i++) {
        if ((int)rows[i].kind != i + 1)
            fail_msg("%s is kind %d, row %d", rows[i].kind_text,
                     (int)rows[i].kind, i + 1);
        assert_true((int)rows[i].kind < CQ_N_STATEMENT_END);
    }
    assert_int_equal((int)CQ_N_REF, CQ_N_STATEMENT_END);
}

static void test_every_kind_has_its_own_name(void **state)
{
    (void)state;
    for (int i = 0; i < N_ROWS; i++) {
        assert_true(rows[i].name[0] != '\0');
        assert_string_equal(cq_node_kind_name(rows[i].kind), rows[i].name);
    }
    /* statements and the other kinds alike: one name each, no two alike */
    int end = CQ_N_KIND_END;
    for (int k = 1; k < end; k++) {
        const char *name = cq_node_kind_name((cq_node_kind)k);
        if (strcmp(name, "?") == 0)
            fail_msg("kind %d has no name", k);
        for (int j = 1; j < k; j++)
            if (strcmp(cq_node_kind_name((cq_node_kind)j), name) == 0)
                fail_msg("kinds %d and %d are both named '%s'", j, k, name);
    }
    assert_string_equal(cq_node_kind_name(CQ_N_NONE), "?");
    assert_string_equal(cq_node_kind_name((cq_node_kind)end), "?");
}

static void test_every_row_has_its_functions(void **state)
{
    (void)state;
    for (int i = 0; i < N_ROWS; i++) {
        const row *r = &rows[i];
        assert_non_null(r->shape);
        if (r->query) {
            if (r->worker == NULL || r->runs != NULL)
                fail_msg("query %s: a worker (runner *) and nothing else",
                         r->kind_text);
        } else {
            if (r->runs == NULL || r->worker != NULL)
                fail_msg("statement %s: a run (concord_stmt *) and nothing "
                         "else",
                         r->kind_text);
            assert_null(r->shape()); /* statements have no rows */
        }
        /* the plan starts with the shape the row names */
        assert_ptr_equal(cq_shape_for(r->kind), r->shape());
        const cq_shape *s = r->shape();
        if (s != NULL) {
            assert_true(s->n_columns > 0);
            assert_true(s->n_columns <= s->n_slots);
            assert_true(s->n_slots <= CQ_MAX_SLOTS);
        }
    }
    assert_null(cq_shape_for(CQ_N_NONE));
    assert_null(cq_shape_for(CQ_N_REF));
    assert_null(cq_shape_none());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_number_the_kinds),
        cmocka_unit_test(test_every_kind_has_its_own_name),
        cmocka_unit_test(test_every_row_has_its_functions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
