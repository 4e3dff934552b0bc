/*
** test_builtin.c -- the built-in definitions (builtin.h): every statement
** of every stdlib file is a `def`, found by its name in any case and called
** through the API; a handle opens without reading them; a session's `def`
** comes first, for a direct call and inside another built-in definition;
** a name no file defines is not found and is suggested from; a stdlib file
** that does not parse says which file; an allocation failure anywhere in
** the lookup is CONCORD_NOMEM and leaks nothing.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "ast.h"
#include "builtin.h"
#include "concord.h"
#include "error.h"
#include "parse.h"
#include "unit.h"

#include "test_alloc.h"

static const cq_allocator sys_alloc = {cq_default_alloc, NULL};

/* Run text to the end; the rows it gave in *rows. */
static int run(concord_db *db, const char *text, long *rows)
{
    concord_stmt *stmt = NULL;
    int rc = concord_prepare(db, text, -1, &stmt, NULL);
    if (rc != CONCORD_OK)
        return rc;
    long n = 0;
    while ((rc = concord_step(stmt)) == CONCORD_ROW)
        n++;
    concord_finalize(stmt);
    if (rows)
        *rows = n;
    return rc;
}

/* Every statement of every stdlib file is a definition that the lookup
** finds by its name, in upper case too, with its parameters; called with
** standards for its parameters, each runs to the end. */
static void test_every_definition(void **state)
{
    concord_db *db = *state;
    int defs = 0;
    for (const cq_embedded_file *f = cq_builtin_stdlib; f->name; f++) {
        size_t at = 0;
        for (;;) {
            cq_arena arena;
            cq_arena_init(&arena, &sys_alloc);
            cq_error err;
            cq_error_init(&err, &sys_alloc);
            cq_node *stmt = NULL;
            size_t tail = at;
            assert_int_equal(cq_parse_statement(&arena, f->data, f->len, at,
                                                &stmt, &tail, NULL, &err),
                             CONCORD_OK);
            if (stmt == NULL) {
                cq_error_free(&err);
                cq_arena_free(&arena);
                break;
            }
            assert_int_equal(stmt->kind, CQ_N_DEF);
            char upper[128];
            size_t len = strlen(stmt->text);
            assert_true(len < sizeof upper);
            for (size_t i = 0; i <= len; i++)
                upper[i] = (char)(stmt->text[i] >= 'a' && stmt->text[i] <= 'z'
                                      ? stmt->text[i] - 32
                                      : stmt->text[i]);
            const cq_def *def = NULL;
            assert_int_equal(cq_builtin_def(&arena, upper, &def, &err),
                             CONCORD_OK);
            assert_non_null(def);
            assert_string_equal(def->name, stmt->text);
            assert_int_equal(def->node->loc.start, stmt->loc.start);
            int params = 0;
            for (const cq_node *p = stmt->params; p; p = p->next)
                params++;
            assert_int_equal(def->n_params, params);

            char call[256];
            int n = snprintf(call, sizeof call, "%s(", upper);
            for (int i = 0; i < params; i++)
                n += snprintf(call + n, sizeof call - (size_t)n, "%s%s",
                              i ? ", " : "", i % 2 ? "9001" : "20000-1");
            snprintf(call + n, sizeof call - (size_t)n, ")");
            long rows = -1;
            int rc = run(db, call, &rows);
            if (rc != CONCORD_DONE)
                fail_msg("%s: %s", call, concord_errmsg(db));
            assert_true(rows >= 0);
            defs++;
            at = tail;
            cq_error_free(&err);
            cq_arena_free(&arena);
        }
    }
    assert_true(defs >= 13); /* stdlib/integration.cq has 13 */
}

/* Opening a handle reads none of them: it allocates no more than a handle
** whose first statement calls none. */
static void test_open_reads_none(void **state)
{
    (void)state;
    talloc t;
    cq_allocator a = talloc_make(&t, 0);
    concord_options opt;
    concord_options_init(&opt);
    opt.alloc = a.fn;
    opt.alloc_ud = a.ud;
    concord_db *db = NULL;
    assert_int_equal(concord_open_v2(&db, &opt), CONCORD_OK);
    long at_open = t.calls;
    assert_true(at_open < 40); /* parsing the stdlib made over 400 */
    long rows = 0;
    assert_int_equal(run(db, "gap_20000_9001() | count", &rows), CONCORD_DONE);
    assert_int_equal(rows, 1);
    long after = t.live;
    assert_int_equal(run(db, "gap_20000_9001() | count", &rows), CONCORD_DONE);
    assert_int_equal(t.live, after); /* a call leaves nothing on the handle */
    concord_close(db);
    assert_int_equal(t.live, 0);
}

/* The session's definition comes first, for a direct call and for a call
** inside a built-in definition; a name defined nowhere is suggested from
** the built-in names. */
static void test_session_first(void **state)
{
    concord_db *db = *state;
    long rows = 0, standards = 0;
    assert_int_equal(run(db, "standards", &standards), CONCORD_DONE);
    assert_int_equal(run(db, "overlap_20000_9001()", &rows), CONCORD_DONE);
    assert_true(rows > standards);
    assert_int_equal(run(db, "def overlap(a, b) = standards", NULL),
                     CONCORD_DONE);
    assert_int_equal(run(db, "overlap(9001, 27001)", &rows), CONCORD_DONE);
    assert_int_equal(rows, standards);
    assert_int_equal(run(db, "overlap_20000_9001()", &rows), CONCORD_DONE);
    assert_int_equal(rows, standards);

    assert_int_equal(run(db, "gap_2000_9001()", NULL), CONCORD_NOTFOUND);
    assert_non_null(
        strstr(concord_errmsg(db), "did you mean 'gap_20000_9001'"));
    assert_int_equal(run(db, "gap_20000_9001", NULL), CONCORD_ERROR);
    assert_non_null(strstr(concord_errmsg(db), "is a definition; call it"));

    const cq_def *def = (const cq_def *)1;
    cq_arena arena;
    cq_arena_init(&arena, &sys_alloc);
    cq_error err;
    cq_error_init(&err, &sys_alloc);
    assert_int_equal(cq_builtin_def(&arena, "no_such_definition", &def, &err),
                     CONCORD_OK);
    assert_null(def);
    assert_int_equal(cq_builtin_def(&arena, "gap", &def, &err), CONCORD_OK);
    assert_null(def); /* a prefix of a name is not the name */
    cq_error_free(&err);
    cq_arena_free(&arena);
}

/* A stdlib file that does not parse: the error names the file and the
** place in it. */
static void test_broken_file(void **state)
{
    (void)state;
    static const char text[] = "-- a comment\n"
                               "def fine() = standards;\n"
                               "def broken(a = gap a against;\n";
    const cq_embedded_file files[] = {
        {"stdlib/broken.cq", text, sizeof text - 1}, {NULL, NULL, 0}};
    cq_arena arena;
    cq_arena_init(&arena, &sys_alloc);
    cq_error err;
    cq_error_init(&err, &sys_alloc);
    const cq_def *def = NULL;
    assert_int_equal(cq_builtin_def_from(files, &arena, "fine", &def, &err),
                     CONCORD_OK);
    assert_non_null(def);
    assert_int_equal(def->node->loc.first_line, 2);
    assert_int_equal(cq_builtin_def_from(files, &arena, "broken", &def, &err),
                     CONCORD_SYNTAX);
    assert_null(def);
    const char *msg = cq_error_message(&err);
    assert_non_null(strstr(msg, "in stdlib/broken.cq: 3:"));
    cq_error_free(&err);
    cq_arena_free(&arena);
}

/* Every allocation of a lookup, failed in turn: CONCORD_NOMEM, the error
** says so, and the arena frees all. */
static void test_lookup_nomem(void **state)
{
    (void)state;
    int failures = 0;
    for (long k = 1;; k++) {
        talloc t;
        cq_allocator a = talloc_make(&t, k);
        cq_arena arena;
        cq_arena_init(&arena, &a);
        cq_error err;
        cq_error_init(&err, &sys_alloc);
        const cq_def *def = NULL;
        int rc = cq_builtin_def(&arena, "gap_9001_27001", &def, &err);
        cq_arena_free(&arena);
        assert_int_equal(t.live, 0);
        if (!t.failed) {
            assert_int_equal(rc, CONCORD_OK);
            assert_non_null(def);
            cq_error_free(&err);
            break;
        }
        assert_int_equal(rc, CONCORD_NOMEM);
        assert_int_equal(err.code, CONCORD_NOMEM);
        cq_error_free(&err);
        failures++;
    }
    assert_true(failures > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_every_definition,
                                        unit_open_builtin, unit_close_db),
        cmocka_unit_test(test_open_reads_none),
        cmocka_unit_test_setup_teardown(test_session_first, unit_open_builtin,
                                        unit_close_db),
        cmocka_unit_test(test_broken_file),
        cmocka_unit_test(test_lookup_nomem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
