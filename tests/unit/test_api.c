/*
** test_api.c -- the public interface: opening, preparing a script statement
** by statement, stepping, columns, formatted output, exec, errors and the
** misuse cases that must be answered with a code instead of a crash.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "concord.h"
#include "test_alloc.h"
#include "unit.h"

static void test_open_builtin_answers(void **state)
{
    concord_db *db = *state;
    concord_stmt *stmt = NULL;
    assert_int_equal(concord_prepare(db,
                                     "correlate 20000-1:8.5.1 with 27001 "
                                     "where to = 27001:A.12.1.2",
                                     -1, &stmt, NULL),
                     CONCORD_OK);
    assert_int_equal(concord_column_count(stmt), 13);
    assert_string_equal(concord_column_name(stmt, 0), "from");
    assert_string_equal(concord_column_name(stmt, 2), "to");
    assert_string_equal(concord_column_name(stmt, 8), "high");
    assert_string_equal(concord_column_name(stmt, 11), "layer");
    assert_string_equal(concord_column_name(stmt, 12), "kind");
    assert_null(concord_column_name(stmt, 13));
    assert_null(concord_column_name(stmt, -1));
    assert_int_equal(concord_step(stmt), CONCORD_ROW);
    assert_string_equal(concord_column_text(stmt, 0), "20000-1:8.5.1");
    assert_string_equal(concord_column_text(stmt, 2), "27001:A.12.1.2");
    assert_string_equal(concord_column_text(stmt, 4), "C");
    assert_int_equal(concord_column_type(stmt, 0), CONCORD_TEXT);
    assert_int_equal(concord_column_type(stmt, 6), CONCORD_INTEGER);
    long long strength = concord_column_int(stmt, 6);
    assert_true(strength >= 0 && strength <= 10);
    assert_true(concord_column_double(stmt, 6) == (double)strength);
    assert_int_equal(concord_column_int(stmt, 0), 0);
    assert_int_equal(concord_column_type(stmt, 99), 0);
    assert_null(concord_column_text(stmt, 99));
    assert_int_equal(concord_step(stmt), CONCORD_DONE);
    assert_int_equal(concord_column_type(stmt, 0), 0);
    assert_null(concord_column_text(stmt, 0));
    assert_int_equal(concord_finalize(stmt), CONCORD_OK);
}

static void test_open_corpus_dir_missing(void **state)
{
    (void)state;
    concord_options options;
    concord_options_init(&options);
    options.corpus_dir = "/nonexistent/concord-corpus";
    concord_db *db = NULL;
    assert_int_equal(concord_open_v2(&db, &options), CONCORD_IOERR);
    assert_non_null(db);
    assert_int_equal(concord_errcode(db), CONCORD_IOERR);
    assert_non_null(strstr(concord_errmsg(db), "/nonexistent/concord-corpus"));
    /* A handle without a corpus refuses statements but closes cleanly. */
    concord_stmt *stmt = NULL;
    assert_int_equal(concord_prepare(db, "standards", -1, &stmt, NULL),
                     CONCORD_MISUSE);
    assert_null(stmt);
    assert_int_equal(concord_close(db), CONCORD_OK);
}

static void test_open_misuse(void **state)
{
    (void)state;
    concord_db *db = (concord_db *)1;
    assert_int_equal(concord_open_v2(&db, NULL), CONCORD_MISUSE);
    assert_null(db);
    concord_options options;
    memset(&options, 0, sizeof options); /* not initialised: size is 0 */
    assert_int_equal(concord_open_v2(&db, &options), CONCORD_MISUSE);
    assert_int_equal(concord_open_v2(NULL, &options), CONCORD_MISUSE);
    assert_int_equal(concord_open(NULL), CONCORD_MISUSE);
}

static void test_script_walk_with_tail(void **state)
{
    concord_db *db = *state;
    const char *script = "standards;\n-- a comment\nclauses of hls where "
                         "depth = 1;\n\n  -- trailing comment\n";
    const char *p = script;
    int statements = 0;
    for (;;) {
        concord_stmt *stmt = NULL;
        const char *tail = NULL;
        assert_int_equal(concord_prepare_v2(db, p, -1, script, &stmt, &tail),
                         CONCORD_OK);
        assert_true(tail > p || stmt == NULL);
        if (stmt == NULL)
            break;
        statements++;
        int rows = 0;
        while (concord_step(stmt) == CONCORD_ROW)
            rows++;
        assert_true(rows > 0);
        assert_int_equal(concord_finalize(stmt), CONCORD_OK);
        p = tail;
    }
    assert_int_equal(statements, 2);
}

static void test_error_location_counts_from_origin(void **state)
{
    concord_db *db = *state;
    const char *script = "standards;\nshow 20000-1:8.5.1;\n"
                         "correlate 20000-1:8.5.1 width 27001;\n";
    const char *third = strstr(script, "correlate");
    concord_stmt *stmt = NULL;
    assert_int_equal(concord_prepare_v2(db, third, -1, script, &stmt, NULL),
                     CONCORD_SYNTAX);
    assert_null(stmt);
    assert_string_equal(concord_errmsg(db),
                        "3:25: syntax error, unexpected 'width', expected "
                        "'with'");
    assert_int_equal(concord_error_offset(db),
                     (int)(strstr(script, "width") - script));
    /* Without an origin, the statement's own text is line 1. */
    assert_int_equal(concord_prepare(db, third, -1, &stmt, NULL),
                     CONCORD_SYNTAX);
    assert_string_equal(concord_errmsg(db),
                        "1:25: syntax error, unexpected 'width', expected "
                        "'with'");
    assert_int_equal(concord_error_offset(db), 24);
    /* A success clears the error. */
    assert_int_equal(concord_prepare(db, "standards", -1, &stmt, NULL),
                     CONCORD_OK);
    assert_int_equal(concord_errcode(db), CONCORD_OK);
    assert_int_equal(concord_error_offset(db), -1);
    assert_string_equal(concord_errmsg(db), "not an error");
    concord_finalize(stmt);
}

static void test_suggestion_for_unknown_clause(void **state)
{
    concord_db *db = *state;
    concord_stmt *stmt = NULL;
    assert_int_equal(concord_prepare(db, "correlate 20000-1:8.5.9 with 27001",
                                     -1, &stmt, NULL),
                     CONCORD_NOTFOUND);
    assert_non_null(strstr(concord_errmsg(db), "unknown clause 20000-1:8.5.9"));
    assert_non_null(strstr(concord_errmsg(db), "did you mean 20000-1:8.5.1"));
    assert_int_equal(concord_error_offset(db), 10);
}

static void test_empty_text(void **state)
{
    concord_db *db = *state;
    concord_stmt *stmt = (concord_stmt *)1;
    const char *text = "  -- nothing here\n ; ";
    const char *tail = NULL;
    assert_int_equal(concord_prepare(db, text, -1, &stmt, &tail), CONCORD_OK);
    assert_null(stmt);
    assert_ptr_equal(tail, text + strlen(text));
    /* len bounds the text: only "standards" is seen. */
    assert_int_equal(concord_prepare(db, "standards garbage", 9, &stmt, &tail),
                     CONCORD_OK);
    assert_non_null(stmt);
    concord_finalize(stmt);
}

static void test_step_misuse(void **state)
{
    concord_db *db = *state;
    concord_stmt *stmt = NULL;
    assert_int_equal(concord_prepare(db, "standards", -1, &stmt, NULL),
                     CONCORD_OK);
    while (concord_step(stmt) == CONCORD_ROW)
        ;
    assert_int_equal(concord_step(stmt), CONCORD_MISUSE);
    assert_int_equal(concord_errcode(db), CONCORD_MISUSE);
    assert_int_equal(concord_reset(stmt), CONCORD_OK);
    assert_int_equal(concord_step(stmt), CONCORD_ROW);
    assert_int_equal(concord_close(db), CONCORD_BUSY);
    assert_non_null(strstr(concord_errmsg(db), "1 statement is still open"));
    assert_int_equal(concord_finalize(stmt), CONCORD_OK);
    assert_int_equal(concord_finalize(NULL), CONCORD_OK);
    assert_int_equal(concord_step(NULL), CONCORD_MISUSE);
    assert_int_equal(concord_reset(NULL), CONCORD_MISUSE);
    assert_int_equal(concord_column_count(NULL), 0);
    assert_null(concord_column_name(NULL, 0));
    assert_null(concord_column_text(NULL, 0));
    assert_int_equal(concord_column_type(NULL, 0), 0);
    assert_int_equal(concord_prepare(NULL, "standards", -1, &stmt, NULL),
                     CONCORD_MISUSE);
    assert_int_equal(concord_prepare(db, NULL, -1, &stmt, NULL),
                     CONCORD_MISUSE);
    assert_int_equal(concord_prepare(db, "standards", -1, NULL, NULL),
                     CONCORD_MISUSE);
    const char *text = "standards";
    assert_int_equal(concord_prepare_v2(db, text, -1, text + 3, &stmt, NULL),
                     CONCORD_MISUSE);
    assert_int_equal(concord_close(NULL), CONCORD_OK);
    assert_int_equal(concord_errcode(NULL), CONCORD_NOMEM);
    assert_string_equal(concord_errmsg(NULL), "out of memory");
    assert_int_equal(concord_error_offset(NULL), -1);
}

typedef struct sink {
    char data[65536];
    size_t len;
    int fail_after; /* fail the n-th write; 0: never */
    int writes;
} sink;

static int sink_write(void *ctx, const char *data, size_t len)
{
    sink *s = ctx;
    if (s->fail_after && ++s->writes >= s->fail_after)
        return 1;
    if (s->len + len >= sizeof s->data)
        return 1;
    memcpy(s->data + s->len, data, len);
    s->len += len;
    s->data[s->len] = '\0';
    return 0;
}

static void test_write_result(void **state)
{
    concord_db *db = *state;
    concord_stmt *stmt = NULL;
    sink s = {.len = 0};
    assert_int_equal(concord_prepare(db,
                                     "clauses of hls where depth = 1 and "
                                     "title ~ \"lead\"",
                                     -1, &stmt, NULL),
                     CONCORD_OK);
    assert_int_equal(
        concord_write_result(stmt, CONCORD_FORMAT_JSON, sink_write, &s),
        CONCORD_DONE);
    assert_string_equal(s.data,
                        "[\n{\"clause\":\"hls:5\",\"title\":\"Leadership\","
                        "\"origin\":\"hls\",\"parent\":null,\"depth\":1}\n]\n");
    /* The statement is done: writing again is misuse until a reset. */
    assert_int_equal(
        concord_write_result(stmt, CONCORD_FORMAT_JSON, sink_write, &s),
        CONCORD_MISUSE);
    assert_int_equal(concord_reset(stmt), CONCORD_OK);
    s.len = 0;
    assert_int_equal(
        concord_write_result(stmt, CONCORD_FORMAT_TSV, sink_write, &s),
        CONCORD_DONE);
    assert_string_equal(s.data, "clause\ttitle\torigin\tparent\tdepth\n"
                                "hls:5\tLeadership\thls\t\t1\n");
    assert_int_equal(concord_reset(stmt), CONCORD_OK);
    assert_int_equal(concord_write_result(stmt, 42, sink_write, &s),
                     CONCORD_RANGE);
    assert_int_equal(concord_write_result(stmt, CONCORD_FORMAT_TSV, NULL, &s),
                     CONCORD_MISUSE);
    s.fail_after = 1;
    assert_int_equal(
        concord_write_result(stmt, CONCORD_FORMAT_TSV, sink_write, &s),
        CONCORD_IOERR);
    assert_int_equal(concord_errcode(db), CONCORD_IOERR);
    assert_int_equal(concord_write_result(NULL, 0, sink_write, &s),
                     CONCORD_MISUSE);
    concord_finalize(stmt);
}

static void test_write_rest_after_step(void **state)
{
    concord_db *db = *state;
    concord_stmt *stmt = NULL;
    sink s = {.len = 0};
    assert_int_equal(
        concord_prepare(db, "clauses of hls:7.5.*", -1, &stmt, NULL),
        CONCORD_OK);
    assert_int_equal(concord_step(stmt), CONCORD_ROW);
    assert_string_equal(concord_column_text(stmt, 0), "hls:7.5");
    assert_int_equal(
        concord_write_result(stmt, CONCORD_FORMAT_CSV, sink_write, &s),
        CONCORD_DONE);
    assert_string_equal(s.data,
                        "clause,title,origin,parent,depth\r\n"
                        "hls:7.5.1,General,hls,hls:7.5,3\r\n"
                        "hls:7.5.2,Creating and updating,hls,hls:7.5,3\r\n"
                        "hls:7.5.3,Control of documented information,hls,"
                        "hls:7.5,3\r\n");
    concord_finalize(stmt);
}

static void test_formats(void **state)
{
    concord_db *db = *state;
    assert_int_equal(concord_format_from_name("JSON"), CONCORD_FORMAT_JSON);
    assert_int_equal(concord_format_from_name("table"), CONCORD_FORMAT_TABLE);
    assert_int_equal(concord_format_from_name("tsv"), CONCORD_FORMAT_TSV);
    assert_int_equal(concord_format_from_name("csv"), CONCORD_FORMAT_CSV);
    assert_int_equal(concord_format_from_name("markdown"),
                     CONCORD_FORMAT_MARKDOWN);
    assert_int_equal(concord_format_from_name("jso"), -1);
    assert_int_equal(concord_format_from_name(NULL), -1);
    assert_string_equal(concord_format_name(CONCORD_FORMAT_CSV), "csv");
    assert_int_equal(concord_format_from_name("jsonl"), CONCORD_FORMAT_JSONL);
    assert_string_equal(concord_format_name(CONCORD_FORMAT_JSONL), "jsonl");
    assert_null(concord_format_name(10));
    assert_null(concord_format_name(-1));
    assert_int_equal(concord_set_format(db, 10), CONCORD_RANGE);
    assert_int_equal(concord_set_format(db, CONCORD_FORMAT_TABLE), CONCORD_OK);
    assert_int_equal(concord_format(db), CONCORD_FORMAT_TABLE);
    assert_int_equal(concord_set_format(db, CONCORD_FORMAT_TSV), CONCORD_OK);
    assert_int_equal(concord_set_format(NULL, 0), CONCORD_MISUSE);
}

typedef struct collected {
    int rows;
    char first[256];
    int stop_at;
} collected;

static int collect(void *ctx, int ncols, char **values, char **names)
{
    collected *c = ctx;
    assert_int_equal(ncols, 5);
    assert_string_equal(names[0], "clause");
    if (c->rows == 0)
        snprintf(c->first, sizeof c->first, "%s|%s|%s", values[0], values[1],
                 values[3] ? values[3] : "~");
    c->rows++;
    return c->stop_at && c->rows >= c->stop_at;
}

static void test_exec(void **state)
{
    concord_db *db = *state;
    collected c = {0, "", 0};
    char *errmsg = (char *)1;
    assert_int_equal(concord_exec(db,
                                  "clauses of hls where depth = 1; clauses "
                                  "of hls:4.*;",
                                  collect, &c, &errmsg),
                     CONCORD_OK);
    assert_null(errmsg);
    assert_int_equal(c.rows, 7 + 5);
    assert_string_equal(c.first, "hls:4|Context of the organization|~");

    c.rows = 0;
    c.stop_at = 2;
    assert_int_equal(concord_exec(db, "clauses of hls", collect, &c, &errmsg),
                     CONCORD_ERROR);
    assert_int_equal(c.rows, 2);
    assert_string_equal(errmsg, "the row callback asked to stop");
    concord_free(errmsg);

    c.rows = 0;
    assert_int_equal(concord_exec(db, "clauses of hls:4; show 20000-1:99",
                                  collect, &c, &errmsg),
                     CONCORD_NOTFOUND);
    assert_int_equal(c.rows, 1);
    /* The location counts from the start of the script. */
    assert_non_null(strstr(errmsg, "1:24: unknown clause 20000-1:99"));
    concord_free(errmsg);

    assert_int_equal(concord_exec(db, "standards", NULL, NULL, NULL),
                     CONCORD_OK);
    assert_int_equal(concord_exec(db, NULL, NULL, NULL, &errmsg),
                     CONCORD_MISUSE);
    assert_int_equal(concord_exec(NULL, "standards", NULL, NULL, &errmsg),
                     CONCORD_MISUSE);
    concord_free(NULL);
}

static void test_errstr_and_version(void **state)
{
    (void)state;
    int codes[] = {CONCORD_OK,       CONCORD_ERROR,     CONCORD_INTERNAL,
                   CONCORD_NOMEM,    CONCORD_INTERRUPT, CONCORD_IOERR,
                   CONCORD_CORRUPT,  CONCORD_TOOBIG,    CONCORD_RANGE,
                   CONCORD_MISUSE,   CONCORD_SYNTAX,    CONCORD_BUSY,
                   CONCORD_NOTFOUND, CONCORD_ROW,       CONCORD_DONE};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        assert_non_null(concord_errstr(codes[i]));
        assert_string_not_equal(concord_errstr(codes[i]),
                                "unknown result code");
    }
    assert_string_equal(concord_errstr(-7), "unknown result code");
    assert_string_equal(concord_errstr(CONCORD_SYNTAX), "syntax error");
    assert_string_equal(concord_version(), CONCORD_VERSION);
}

/* The documented codes the tests above do not reach: a corpus that fails
** validation, a value that does not fit its field, a limit, a REAL column,
** and a 'format' statement that changes the handle's format. */
static void test_remaining_codes(void **state)
{
    concord_db *db = *state;
    const char *data = getenv("CONCORD_TEST_DATA");
    char dir[512];
    snprintf(dir, sizeof dir, "%s/bad-header", data ? data : "tests/data");
    concord_options options;
    concord_options_init(&options);
    options.corpus_dir = dir;
    concord_db *bad = NULL;
    assert_int_equal(concord_open_v2(&bad, &options), CONCORD_CORRUPT);
    assert_int_equal(concord_errcode(bad), CONCORD_CORRUPT);
    assert_non_null(strstr(concord_errmsg(bad), "bad-header/clauses.tsv:1:"));
    assert_int_equal(concord_close(bad), CONCORD_OK);

    concord_stmt *stmt = NULL;
    assert_int_equal(concord_prepare(db, "clauses of hls where depth = \"x\"",
                                     -1, &stmt, NULL),
                     CONCORD_ERROR);
    assert_non_null(strstr(concord_errmsg(db), "1:30: depth takes a number"));

    char deep[1024] = "clauses of hls where ";
    size_t n = strlen(deep);
    for (int i = 0; i < 300; i++)
        deep[n++] = '(';
    deep[n] = '\0';
    assert_int_equal(concord_prepare(db, deep, -1, &stmt, NULL),
                     CONCORD_TOOBIG);
    assert_null(stmt);

    assert_int_equal(
        concord_prepare(db, "coverage of 27001 by 20000-1", -1, &stmt, NULL),
        CONCORD_OK);
    assert_int_equal(concord_step(stmt), CONCORD_ROW);
    assert_string_equal(concord_column_name(stmt, 5), "percent");
    assert_int_equal(concord_column_type(stmt, 5), CONCORD_REAL);
    double percent = concord_column_double(stmt, 5);
    assert_true(percent > 0 && percent <= 100);
    assert_int_equal(concord_column_int(stmt, 5), (long long)percent);
    assert_non_null(concord_column_text(stmt, 5));
    assert_int_equal(concord_finalize(stmt), CONCORD_OK);

    assert_int_equal(concord_prepare(db, "format json", -1, &stmt, NULL),
                     CONCORD_OK);
    assert_int_equal(concord_column_count(stmt), 0);
    assert_int_equal(concord_step(stmt), CONCORD_DONE);
    assert_int_equal(concord_format(db), CONCORD_FORMAT_JSON);
    assert_int_equal(concord_finalize(stmt), CONCORD_OK);
    assert_int_equal(concord_set_format(db, CONCORD_FORMAT_TSV), CONCORD_OK);
}

/* concord_exec's message comes from the handle's allocator hook and
** concord_free gives it back there, after the handle is closed too; when
** the copy cannot be allocated, *errmsg is NULL and the code
** CONCORD_NOMEM. */
static void test_exec_message_allocator(void **state)
{
    (void)state;
    const char *script = "standards; show 20000-1:99";
    long made = 0; /* allocations of a failing run, the message the last */
    for (int pass = 0; pass < 2; pass++) {
        talloc t;
        talloc_make(&t, 0);
        concord_options options;
        concord_options_init(&options);
        options.alloc = talloc_fn;
        options.alloc_ud = &t;
        concord_db *db = NULL;
        assert_int_equal(concord_open_v2(&db, &options), CONCORD_OK);
        long before = t.calls;
        if (pass == 1)
            t.fail_at = before + made;
        char *errmsg = (char *)1;
        assert_int_equal(concord_exec(db, script, NULL, NULL, &errmsg),
                         pass == 0 ? CONCORD_NOTFOUND : CONCORD_NOMEM);
        if (pass == 0) {
            made = t.calls - before;
            assert_non_null(strstr(errmsg, "unknown clause 20000-1:99"));
        } else {
            assert_true(t.failed);
            assert_null(errmsg);
        }
        long live = t.live;
        concord_close(db);
        assert_int_equal(t.live, errmsg ? 1 : 0);
        assert_true(live > t.live);
        concord_free(errmsg);
        assert_int_equal(t.live, 0);
    }
    concord_free(NULL);
}

/* Every cell of every row of stmt, tab and newline joined, in a string
** the caller frees. */
static char *all_cells(concord_stmt *stmt)
{
    size_t cap = 1 << 16, len = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    int rc, n = concord_column_count(stmt);
    while ((rc = concord_step(stmt)) == CONCORD_ROW) {
        for (int c = 0; c < n; c++) {
            const char *t = concord_column_text(stmt, c);
            char cell[512];
            int k = snprintf(cell, sizeof cell, "%s%d:%s", c ? "\t" : "",
                             concord_column_type(stmt, c), t ? t : "(null)");
            assert_true(k > 0 && (size_t)k < sizeof cell);
            if (len + (size_t)k + 2 > cap) {
                cap *= 2;
                out = realloc(out, cap);
                assert_non_null(out);
            }
            memcpy(out + len, cell, (size_t)k);
            len += (size_t)k;
        }
        out[len++] = '\n';
    }
    assert_int_equal(rc, CONCORD_DONE);
    out[len] = '\0';
    return out;
}

/* base | select, its rows held as ids, has the cells the same rows have
** when made whole (a `limit` after the select keeps them as cells),
** stepped, stepped again after a reset, and written alike. */
static void same_cells_as_made(concord_db *db, const char *base,
                               const char *select)
{
    char ids[512], cells[512];
    snprintf(ids, sizeof ids, "%s | %s", base, select);
    snprintf(cells, sizeof cells, "%s | %s | limit 100000", base, select);
    concord_stmt *x = NULL, *y = NULL;
    assert_int_equal(concord_prepare(db, ids, -1, &x, NULL), CONCORD_OK);
    assert_int_equal(concord_prepare(db, cells, -1, &y, NULL), CONCORD_OK);
    char *a = all_cells(x), *c = all_cells(y);
    assert_true(strlen(a) > 0);
    assert_string_equal(a, c);
    /* again after a reset, and written half-way through */
    assert_int_equal(concord_reset(x), CONCORD_OK);
    char *again = all_cells(x);
    assert_string_equal(again, a);
    sink s1 = {.len = 0}, s2 = {.len = 0};
    assert_int_equal(concord_reset(x), CONCORD_OK);
    assert_int_equal(concord_reset(y), CONCORD_OK);
    assert_int_equal(concord_step(x), CONCORD_ROW);
    assert_int_equal(concord_step(y), CONCORD_ROW);
    assert_int_equal(
        concord_write_result(x, CONCORD_FORMAT_JSON, sink_write, &s1),
        CONCORD_DONE);
    assert_int_equal(
        concord_write_result(y, CONCORD_FORMAT_JSON, sink_write, &s2),
        CONCORD_DONE);
    assert_string_equal(s1.data, s2.data);
    free(a);
    free(c);
    free(again);
    concord_finalize(x);
    concord_finalize(y);
}

/* A correlation read forward toward one standard and selected is held as
** ids and its cells made as they are read (or read straight from the
** graph): for every column, `none` rows included, the cells are those
** made whole. */
static void test_id_rows_as_cells(void **state)
{
    static const char *const bases[] = {
        "correlate 20000-1:8.* with 27001 where direction = forward",
        "correlate 20000-1 with 27001@2022 where direction = forward",
        "correlate 20000-1:7.* with 9001 where direction = forward"};
    static const char *const selects[] = {
        "select from, to",
        "select to, relation, strength, confidence, high, annex, kind",
        "select from_title, to_title, source, note, layer, to, from",
        "select kind, from",
        /* the columns read straight from the graph among others, and
        ** past the columns that can be read so (made as cells) */
        "select relation, to, high, from",
        ("select kind, annex, strength, confidence, high, note, source, "
         "layer, to, from, relation")};
    for (size_t b = 0; b < sizeof bases / sizeof bases[0]; b++)
        for (size_t k = 0; k < sizeof selects / sizeof selects[0]; k++)
            same_cells_as_made(*state, bases[b], selects[k]);
}

/* The bases above have fewer rows than a run asks for the strings of all
** at once (so the step asks for none ahead); this one has more (305), so
** the step asks ahead as it goes: its cells too are those made whole,
** read once and again after a reset. */
static void test_many_id_rows_as_cells(void **state)
{
    static const char *const texts[][2] = {
        {"correlate 20000-1, 27001 with 27001@2022 where direction = forward "
         "| select from, to",
         "correlate 20000-1, 27001 with 27001@2022 where direction = forward "
         "| select from, to | limit 100000"},
        {"correlate 20000-1, 27001 with 27001@2022 where direction = forward "
         "| select to, relation, from",
         "correlate 20000-1, 27001 with 27001@2022 where direction = forward "
         "| select to, relation, from | limit 100000"}};
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
        concord_stmt *x = NULL, *y = NULL;
        assert_int_equal(concord_prepare(*state, texts[k][0], -1, &x, NULL),
                         CONCORD_OK);
        assert_int_equal(concord_prepare(*state, texts[k][1], -1, &y, NULL),
                         CONCORD_OK);
        char *a = all_cells(x), *c = all_cells(y);
        size_t rows = 0;
        for (const char *p = a; *p; p++)
            rows += *p == '\n';
        assert_true(rows > 256);
        assert_string_equal(a, c);
        assert_int_equal(concord_reset(x), CONCORD_OK);
        char *again = all_cells(x);
        assert_string_equal(again, a);
        free(a);
        free(c);
        free(again);
        concord_finalize(x);
        concord_finalize(y);
    }
}

/* A gap held as ids (its clause column read straight from the graph)
** has the cells the same rows have when made whole. */
static void test_gap_id_rows_as_cells(void **state)
{
    same_cells_as_made(*state, "gap 20000-1 against 27001", "select clause");
    same_cells_as_made(*state, "gap 20000-1 against 9001",
                       "select title, clause");
}

/* Stepping rows held as ids, and reading their columns, out of turn and in
** turn: the short path of a step and of a column read does what the whole
** calls do. */
static void test_id_rows_stepping(void **state)
{
    concord_db *db = *state;
    const char *text = "correlate 20000-1:8.* with 27001 where direction = "
                       "forward | select from, to, to_title";
    concord_stmt *stmt = NULL;
    assert_int_equal(concord_prepare(db, text, -1, &stmt, NULL), CONCORD_OK);
    char *whole = all_cells(stmt);
    assert_true(strlen(whole) > 0);
    /* done: no current row, and another step is a misuse */
    assert_null(concord_column_text(stmt, 0));
    assert_int_equal(concord_step(stmt), CONCORD_MISUSE);
    assert_int_equal(concord_errcode(db), CONCORD_MISUSE);
    assert_null(concord_column_text(stmt, 0));

    /* reset before a step, and half-way through the rows */
    assert_int_equal(concord_reset(stmt), CONCORD_OK);
    assert_null(concord_column_text(stmt, 0));
    for (int i = 0; i < 5; i++)
        assert_int_equal(concord_step(stmt), CONCORD_ROW);
    assert_int_equal(concord_reset(stmt), CONCORD_OK);
    char *again = all_cells(stmt);
    assert_string_equal(again, whole);
    free(again);

    /* a row: columns out of range are NULL, a null cell is NULL, and an
    ** error set between two steps is forgotten by the next */
    assert_int_equal(concord_reset(stmt), CONCORD_OK);
    int nulls = 0, rows = 0, rc;
    while ((rc = concord_step(stmt)) == CONCORD_ROW) {
        rows++;
        assert_int_equal(concord_errcode(db), CONCORD_OK);
        assert_non_null(concord_column_text(stmt, 0));
        assert_non_null(concord_column_text(stmt, 1));
        assert_int_equal(concord_column_type(stmt, 0), CONCORD_TEXT);
        const int outside[] = {-1, 3, 7, 8, 100};
        for (size_t k = 0; k < sizeof outside / sizeof outside[0]; k++) {
            assert_null(concord_column_text(stmt, outside[k]));
            assert_int_equal(concord_column_type(stmt, outside[k]), 0);
        }
        if (concord_column_text(stmt, 2) == NULL) {
            nulls++;
            assert_int_equal(concord_column_type(stmt, 2), CONCORD_NULL);
        }
        if (rows % 3 == 0) {
            assert_int_not_equal(concord_bind_text(stmt, 1, "x", -1),
                                 CONCORD_OK);
            assert_int_not_equal(concord_errcode(db), CONCORD_OK);
        }
    }
    assert_int_equal(rc, CONCORD_DONE);
    assert_int_equal(concord_errcode(db), CONCORD_OK);
    assert_true(rows > 20);
    assert_true(nulls > 0 && nulls < rows);
    free(whole);
    concord_finalize(stmt);
}

/* An allocator that interrupts its handle at its at-th allocation: the
** rows held as ids are walked after their room is had, so an interrupt
** then lands in the walk. */
typedef struct interrupting {
    concord_db *db;
    long calls, at;
} interrupting;

static void *interrupting_fn(void *ud, void *ptr, size_t osize, size_t nsize)
{
    interrupting *it = ud;
    (void)osize;
    if (nsize == 0) {
        free(ptr);
        return NULL;
    }
    if (++it->calls == it->at && it->db != NULL)
        concord_interrupt(it->db);
    return realloc(ptr, nsize);
}

/* Rows held as ids see an interrupt that comes while they are walked: the
** statement stops with no row, and runs whole once reset. */
static void test_id_rows_interrupted(void **state)
{
    (void)state;
    const char *text = "correlate 27001:A.* with 27001@2022 where direction "
                       "= forward | select from, to";
    interrupting it = {NULL, 0, 0};
    concord_options options;
    concord_options_init(&options);
    options.alloc = interrupting_fn;
    options.alloc_ud = &it;
    concord_db *db = NULL;
    assert_int_equal(concord_open_v2(&db, &options), CONCORD_OK);
    it.db = db;
    concord_stmt *stmt = NULL;
    assert_int_equal(concord_prepare(db, text, -1, &stmt, NULL), CONCORD_OK);
    char *whole = all_cells(stmt);
    concord_finalize(stmt);
    int interrupted = 0;
    for (long n = 1;; n++) {
        /* a statement of its own each time: one run again reuses its
        ** room, and allocates nothing */
        assert_int_equal(concord_prepare(db, text, -1, &stmt, NULL),
                         CONCORD_OK);
        it.at = it.calls + n;
        int rc = concord_step(stmt);
        int past = it.calls < it.at; /* the run asked for no n-th */
        it.at = 0;
        if (rc == CONCORD_INTERRUPT) {
            interrupted++;
            assert_string_equal(concord_errmsg(db), "interrupted");
            assert_null(concord_column_text(stmt, 0));
            assert_int_equal(concord_step(stmt), CONCORD_MISUSE);
            assert_int_equal(concord_reset(stmt), CONCORD_OK);
            char *again = all_cells(stmt);
            assert_string_equal(again, whole);
            free(again);
        } else {
            assert_int_equal(rc, CONCORD_ROW);
            while ((rc = concord_step(stmt)) == CONCORD_ROW)
                ;
            assert_int_equal(rc, CONCORD_DONE);
        }
        concord_finalize(stmt);
        if (past)
            break;
    }
    assert_true(interrupted > 0);
    free(whole);
    concord_close(db);
}

/* Open the built-in corpus and run one statement with the n-th allocation
** and every later one failing: every failure must be CONCORD_NOMEM and
** leak nothing. */
static void test_allocation_failures(void **state)
{
    (void)state;
    const char *queries[] = {
        "correlate 20000-1:8.* with 9001, 27001 where strength >= 5",
        "show 20000-1:8.5.1", "gap 20000-1 against 27001",
        "term \"corrective action\"", "standards", "show 27001:A.12.9",
        /* rows held as ids (more than the first block of them) */
        ("correlate 20000-1:8.* with 27001 where direction = forward | "
         "select from, to")};
    for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
        for (long n = 1;; n++) {
            talloc t;
            talloc_make(&t, n);
            t.persist = 1;
            concord_options options;
            concord_options_init(&options);
            options.alloc = talloc_fn;
            options.alloc_ud = &t;
            concord_db *db = NULL;
            int rc = concord_open_v2(&db, &options);
            concord_stmt *stmt = NULL;
            if (rc == CONCORD_OK)
                rc = concord_prepare(db, queries[q], -1, &stmt, NULL);
            if (rc == CONCORD_OK) {
                while ((rc = concord_step(stmt)) == CONCORD_ROW)
                    ;
                if (rc == CONCORD_DONE)
                    rc = CONCORD_OK;
            }
            int expected_failure = q == 5 ? CONCORD_NOTFOUND : -1;
            if (rc != CONCORD_OK && rc != CONCORD_NOMEM &&
                rc != expected_failure)
                fail_msg("query %zu, allocation %ld: code %d (%s)", q, n, rc,
                         concord_errmsg(db));
            concord_finalize(stmt);
            concord_close(db);
            assert_int_equal(t.live, 0);
            if (rc != CONCORD_NOMEM)
                break;
        }
    }
}

static void id_rows_limits(concord_db *db, const char *ids, const char *whole);

/* Step text to its end: CONCORD_DONE, or the code it stopped with. */
static int run_to_end(concord_db *db, const char *text)
{
    concord_stmt *stmt = NULL;
    int rc = concord_prepare(db, text, -1, &stmt, NULL);
    if (rc == CONCORD_OK)
        while ((rc = concord_step(stmt)) == CONCORD_ROW)
            ;
    concord_finalize(stmt);
    return rc;
}

/* The lowest value of limit id that text runs to its end within. */
static int limit_needed(concord_db *db, int id, const char *text)
{
    int old = concord_limit(db, id, -1), lo = 1, hi = 1 << 20;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        concord_limit(db, id, mid);
        if (run_to_end(db, text) == CONCORD_DONE)
            hi = mid;
        else
            lo = mid + 1;
    }
    concord_limit(db, id, old);
    return lo;
}

/* The fewest steps text runs in (the steps limit it needs). */
static int steps_needed(concord_db *db, const char *text)
{
    return limit_needed(db, CONCORD_LIMIT_STEPS, text);
}

/* Rows held as ids count the steps, and meet the rows limit, as rows made
** whole do (a condition left to test on each row keeps them whole, and
** lets every row through here).  Near a limit they go row by row; every
** edge of 27001:A.* leads to 27001@2022, so there the steps they need are
** those that let them all go in at once. */
static void test_id_rows_limits(void **state)
{
    static const char *const sets[] = {"20000-1:8.* with 27001",
                                       "27001:A.* with 27001@2022"};
    for (size_t k = 0; k < sizeof sets / sizeof sets[0]; k++) {
        char ids[256], whole[256];
        snprintf(ids, sizeof ids,
                 "correlate %s where direction = forward | select from, to",
                 sets[k]);
        snprintf(whole, sizeof whole,
                 "correlate %s where direction = forward and strength >= 0 "
                 "| select from, to",
                 sets[k]);
        id_rows_limits(*state, ids, whole);
    }
}

static void id_rows_limits(concord_db *db, const char *ids, const char *whole)
{
    int steps = concord_limit(db, CONCORD_LIMIT_STEPS, -1);
    int rows = concord_limit(db, CONCORD_LIMIT_ROWS, -1);
    int need = steps_needed(db, ids);
    assert_true(need > 100);
    assert_int_equal(need, steps_needed(db, whole));
    concord_limit(db, CONCORD_LIMIT_STEPS, need - 1);
    assert_int_equal(run_to_end(db, ids), CONCORD_TOOBIG);
    concord_limit(db, CONCORD_LIMIT_STEPS, steps);
    int n = 0;
    concord_stmt *stmt = NULL;
    assert_int_equal(concord_prepare(db, ids, -1, &stmt, NULL), CONCORD_OK);
    while (concord_step(stmt) == CONCORD_ROW)
        n++;
    concord_finalize(stmt);
    assert_true(n > 20);
    concord_limit(db, CONCORD_LIMIT_ROWS, n);
    assert_int_equal(run_to_end(db, ids), CONCORD_DONE);
    assert_int_equal(run_to_end(db, whole), CONCORD_DONE);
    concord_limit(db, CONCORD_LIMIT_ROWS, n - 1);
    assert_int_equal(run_to_end(db, ids), CONCORD_TOOBIG);
    assert_int_equal(run_to_end(db, whole), CONCORD_TOOBIG);
    concord_limit(db, CONCORD_LIMIT_ROWS, rows);
}

/* A pipeline's last `select` or `group by` makes its rows in the result,
** not in a table of its own copied there: the steps it needs and the rows
** limit it meets are those of the copy (pinned here as counted with the
** copy), and a limit one lower stops it with the limit's error. */
static void test_last_stage_limits(void **state)
{
    concord_db *db = *state;
    static const struct {
        const char *text;
        int steps, rows;
    } cases[] = {
        {"correlate 20000-1:8.* with 27001 | group by to", 308, 103},
        {"correlate 20000-1:8.* with 27001 | where strength >= 0 | group by "
         "to",
         412, 103},
        {"correlate 20000-1:8.* with 27001@2022 via 27001 | group by to", 297,
         62},
        {"correlate 20000-1:8.* with 27001 | sort by to | select to, relation",
         1074, 103},
        {"clauses of 27001 | where depth = 1 | select clause", 440, 198},
        {"correlate 20000-1:8.5.1 with 27001 | group by relation", 15, 6},
        {"correlate 20000-1:8.* with 27001 | limit 500 | group by relation",
         253, 103},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *text = cases[i].text;
        assert_int_equal(limit_needed(db, CONCORD_LIMIT_STEPS, text),
                         cases[i].steps);
        assert_int_equal(limit_needed(db, CONCORD_LIMIT_ROWS, text),
                         cases[i].rows);
        int rows = concord_limit(db, CONCORD_LIMIT_ROWS, cases[i].rows - 1);
        assert_int_equal(run_to_end(db, text), CONCORD_TOOBIG);
        assert_non_null(strstr(concord_errmsg(db), "rows limit"));
        concord_limit(db, CONCORD_LIMIT_ROWS, rows);
        int steps = concord_limit(db, CONCORD_LIMIT_STEPS, cases[i].steps - 1);
        assert_int_equal(run_to_end(db, text), CONCORD_TOOBIG);
        assert_non_null(strstr(concord_errmsg(db), "steps"));
        concord_limit(db, CONCORD_LIMIT_STEPS, steps);
    }
}

/* Rows held as ids are made into cells to be written: with the n-th
** allocation from then on failing, writing them fails with CONCORD_NOMEM
** and leaks nothing. */
static void test_id_rows_written_short_of_memory(void **state)
{
    (void)state;
    for (long n = 1;; n++) {
        talloc t;
        talloc_make(&t, 0);
        concord_options options;
        concord_options_init(&options);
        options.alloc = talloc_fn;
        options.alloc_ud = &t;
        concord_db *db = NULL;
        concord_stmt *stmt = NULL;
        assert_int_equal(concord_open_v2(&db, &options), CONCORD_OK);
        assert_int_equal(concord_prepare(db,
                                         "correlate 20000-1:8.* with 27001 "
                                         "where direction = forward | select "
                                         "from, to",
                                         -1, &stmt, NULL),
                         CONCORD_OK);
        assert_int_equal(concord_step(stmt), CONCORD_ROW);
        t.fail_at = t.calls + n;
        t.persist = 1;
        sink s = {.len = 0};
        int rc = concord_write_result(stmt, CONCORD_FORMAT_TSV, sink_write, &s);
        if (rc != CONCORD_DONE)
            assert_int_equal(rc, CONCORD_NOMEM);
        concord_finalize(stmt);
        t.fail_at = 0;
        concord_close(db);
        assert_int_equal(t.live, 0);
        if (rc == CONCORD_DONE)
            break;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open_builtin_answers,
                                        unit_open_builtin, unit_close_db),
        cmocka_unit_test(test_open_corpus_dir_missing),
        cmocka_unit_test(test_open_misuse),
        cmocka_unit_test_setup_teardown(test_script_walk_with_tail,
                                        unit_open_builtin, unit_close_db),
        cmocka_unit_test_setup_teardown(test_error_location_counts_from_origin,
                                        unit_open_builtin, unit_close_db),
        cmocka_unit_test_setup_teardown(test_suggestion_for_unknown_clause,
                                        unit_open_builtin, unit_close_db),
        cmocka_unit_test_setup_teardown(test_empty_text, unit_open_builtin,
                                        unit_close_db),
        cmocka_unit_test_setup_teardown(test_step_misuse, unit_open_builtin,
                                        unit_close_db),
        cmocka_unit_test_setup_teardown(test_write_result, unit_open_builtin,
                                        unit_close_db),
        cmocka_unit_test_setup_teardown(test_write_rest_after_step,
                                        unit_open_builtin, unit_close_db),
        cmocka_unit_test_setup_teardown(test_formats, unit_open_builtin,
                                        unit_close_db),
        cmocka_unit_test_setup_teardown(test_exec, unit_open_builtin,
                                        unit_close_db),
        cmocka_unit_test(test_exec_message_allocator),
        cmocka_unit_test_setup_teardown(test_remaining_codes, unit_open_builtin,
                                        unit_close_db),
        cmocka_unit_test(test_errstr_and_version),
        cmocka_unit_test(test_allocation_failures),
        cmocka_unit_test_setup_teardown(test_id_rows_as_cells,
                                        unit_open_builtin, unit_close_db),
        cmocka_unit_test_setup_teardown(test_many_id_rows_as_cells,
                                        unit_open_builtin, unit_close_db),
        cmocka_unit_test(test_id_rows_written_short_of_memory),
        cmocka_unit_test_setup_teardown(test_gap_id_rows_as_cells,
                                        unit_open_builtin, unit_close_db),
        cmocka_unit_test_setup_teardown(test_id_rows_stepping,
                                        unit_open_builtin, unit_close_db),
        cmocka_unit_test(test_id_rows_interrupted),
        cmocka_unit_test_setup_teardown(test_id_rows_limits, unit_open_builtin,
                                        unit_close_db),
        cmocka_unit_test_setup_teardown(test_last_stage_limits,
                                        unit_open_builtin, unit_close_db),
    };
    return cmocka_run_group_tests_name("api", tests, NULL, NULL);
}
