/*
** fuzz_query.c -- libFuzzer harness: the input is query text, run as a
** script against the built-in corpus the way the command-line program runs
** one (prepare_v2 with the script as origin, walk by tail).
**
** Each statement is run to its end and every column of every row read; the
** statements take turns at the five output formats through
** concord_write_result(), and each is then reset and stepped again so that
** re-running a statement is covered too.  Traps when a call returns a code
** it may not (CONCORD_INTERNAL, CONCORD_NOMEM with no allocation failed, a
** code outside the documented set), when an error offset lies outside the
** text, when the walk makes no progress, or when an input leaves a block
** allocated.
**
** The handle is opened once: building the graph is the slow part, and the
** graph is immutable, so inputs cannot disturb each other through it.
*/
#include "fuzz.h"

static fz_alloc alloc;
static concord_db *db;
static long baseline; /* blocks the open handle holds between inputs */

static void open_db(void)
{
    db = fz_open_builtin(&alloc, &baseline);
}

/* A write function that checks what it is given and keeps nothing. */
static int sink(void *ctx, const char *data, size_t len)
{
    size_t *total = ctx;
    FZ_CHECK(data != NULL || len == 0, "NULL data of %zu bytes", len);
    *total += len;
    return 0;
}

static int is_step_code(int rc)
{
    /* running can meet what compiling cannot check before: values bound
    ** or counted, a term or path not there, a failed assert, an imported
    ** file that is missing or wrong */
    return rc == CONCORD_ROW || rc == CONCORD_DONE || rc == CONCORD_ERROR ||
           rc == CONCORD_TOOBIG || rc == CONCORD_INTERRUPT ||
           rc == CONCORD_NOTFOUND || rc == CONCORD_ASSERT ||
           rc == CONCORD_IOERR || rc == CONCORD_SYNTAX;
}

/* Step to the end, reading every column of every row. */
static int step_all(concord_stmt *stmt)
{
    int ncols = concord_column_count(stmt), rc;
    while ((rc = concord_step(stmt)) == CONCORD_ROW) {
        for (int i = -1; i <= ncols; i++) {
            int type = concord_column_type(stmt, i);
            const char *text = concord_column_text(stmt, i);
            (void)concord_column_int(stmt, i);
            (void)concord_column_double(stmt, i);
            int in_range = i >= 0 && i < ncols;
            FZ_CHECK(in_range || (type == 0 && text == NULL),
                     "column %d of %d answered", i, ncols);
            FZ_CHECK(!in_range || type == CONCORD_INTEGER ||
                         type == CONCORD_REAL || type == CONCORD_TEXT ||
                         type == CONCORD_NULL,
                     "column %d has type %d", i, type);
            FZ_CHECK((text == NULL) == (!in_range || type == CONCORD_NULL),
                     "column %d: type %d but text %s", i, type,
                     text ? text : "NULL");
            if (text)
                (void)strlen(text); /* ASan checks the terminator is there */
        }
    }
    FZ_CHECK(is_step_code(rc) && !fz_never(rc, &alloc), "step returned %d: %s",
             rc, concord_errmsg(db));
    return rc;
}

static void run_statement(concord_stmt *stmt, int nth)
{
    int ncols = concord_column_count(stmt);
    FZ_CHECK(ncols >= 0, "column count %d", ncols);
    for (int i = 0; i < ncols; i++)
        FZ_CHECK(concord_column_name(stmt, i) != NULL, "column %d unnamed", i);
    FZ_CHECK(concord_column_name(stmt, ncols) == NULL, "column past the end");

    size_t total = 0;
    int nformats = fz_formats();
    FZ_CHECK(nformats > 0, "no output formats");
    int format = nth % nformats;
    int rc = concord_write_result(stmt, format, sink, &total);
    FZ_CHECK(rc == CONCORD_DONE || (is_step_code(rc) && rc != CONCORD_ROW &&
                                    !fz_never(rc, &alloc)),
             "write_result returned %d: %s", rc, concord_errmsg(db));
    FZ_CHECK(concord_reset(stmt) == CONCORD_OK, "reset failed");
    int again = step_all(stmt);
    /* A statement that ran once runs again the same way -- except that an
    ** export format (dot, oscal, strm, sssom) refuses a table that is not
    ** one of mappings, which stepping does not care about. */
    int refused = rc == CONCORD_ERROR && format >= CONCORD_FORMAT_DOT;
    FZ_CHECK(refused || (rc == CONCORD_DONE) == (again == CONCORD_DONE),
             "first run %d, second %d", rc, again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (db == NULL)
        open_db();
    if (size > 100000)
        return 0; /* the limits engineer's business, and slow to fuzz */
    /* An exact-size copy: reading past the text is caught by ASan. */
    char *text = malloc(size ? size : 1);
    FZ_CHECK(text != NULL, "malloc");
    memcpy(text, data, size);
    concord_set_format(db, CONCORD_FORMAT_TSV);

    const char *p = text, *end = text + size;
    for (int nth = 0; p < end; nth++) {
        concord_stmt *stmt = NULL;
        const char *tail = NULL;
        int rc = concord_prepare_v2(db, p, (int)(end - p), text, &stmt, &tail);
        FZ_CHECK(!fz_never(rc, &alloc) &&
                     (rc == CONCORD_OK || rc == CONCORD_SYNTAX ||
                      rc == CONCORD_NOTFOUND || rc == CONCORD_ERROR ||
                      rc == CONCORD_TOOBIG),
                 "prepare returned %d: %s", rc, concord_errmsg(db));
        if (rc != CONCORD_OK) {
            int off = concord_error_offset(db);
            const char *msg = concord_errmsg(db);
            FZ_CHECK(off >= -1 && off <= (int)size, "error offset %d of %zu",
                     off, size);
            FZ_CHECK(msg != NULL && *msg != '\0', "no message for %d", rc);
            FZ_CHECK(stmt == NULL, "a statement despite %d", rc);
            break;
        }
        FZ_CHECK(tail > p && tail <= end,
                 "tail at %td after a statement at %td", tail - text, p - text);
        if (stmt == NULL)
            break;
        run_statement(stmt, nth);
        FZ_CHECK(concord_finalize(stmt) == CONCORD_OK, "finalize failed");
        p = tail;
    }
    /* `let` and `def` keep their definitions in the handle until it
    ** closes: start the next input on a fresh one, and check the close
    ** gives every block back */
    if (alloc.live != baseline) {
        FZ_CHECK(concord_close(db) == CONCORD_OK, "close failed");
        FZ_CHECK(alloc.live == 0, "%ld blocks left after close", alloc.live);
        fz_builtin_db = NULL;
        open_db();
    }
    free(text);
    return 0;
}
