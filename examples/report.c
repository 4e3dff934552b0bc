/*
** report.c -- a small tool on libconcord: a Markdown integration report for
** a list of ISO/IEC 20000-1 clauses, each with its title and its
** correlations into ISO 9001 and ISO/IEC 27001 as tables.
**
**   report [CLAUSE...]    (default: 20000-1:8.5.1 20000-1:8.5.2 20000-1:8.5.3)
**
** The report goes to standard output.  Exit status: 0 on success, 1 when a
** clause is unknown or a query fails (the message goes to standard error).
**
** Its three statements are prepared once, with a parameter, and run again
** for each clause with $clause bound to it.  It shows two ways of reading
** results: the titles are read row by row with concord_step() and
** concord_column_text(), the correlation tables are written by
** concord_write_result() in CONCORD_FORMAT_MARKDOWN.
**
** Build it against an installed concord with pkg-config alone:
**
**   cc -o report report.c $(pkg-config --cflags --libs concord)
*/
#include <stdio.h>
#include <string.h>

#include <concord.h>

static const char *const default_clauses[] = {"20000-1:8.5.1", "20000-1:8.5.2",
                                              "20000-1:8.5.3"};

/* concord_write_result's sink: standard output. */
static int write_stdout(void *ctx, const char *data, size_t len)
{
    (void)ctx;
    return fwrite(data, 1, len, stdout) == len ? 0 : 1;
}

/* The report's statements, prepared once and run for each clause with
** $clause bound to it. */
enum { TITLE, INTO_9001, INTO_27001, NSTMTS };
static const char *const texts[NSTMTS] = {"clauses of $clause",
                                          "correlate $clause with 9001",
                                          "correlate $clause with 27001"};
static const char *const headings[NSTMTS] = {NULL, "ISO 9001:2015",
                                             "ISO/IEC 27001:2013"};

/* Rewind stmt and bind its $clause.  Bindings outlive a reset, but a new
** clause needs a new binding; the library copies the text. */
static int bind_clause(concord_stmt *stmt, const char *clause)
{
    int rc = concord_reset(stmt);
    if (rc == CONCORD_OK)
        rc = concord_bind_text(
            stmt, concord_bind_parameter_index(stmt, "$clause"), clause, -1);
    return rc;
}

/* One clause's section of the report. */
static int report_clause(concord_stmt *const *stmts, const char *clause)
{
    concord_stmt *stmt = stmts[TITLE];
    int rc = bind_clause(stmt, clause);
    /* The first row is the clause itself; its text is valid until the next
    ** step, so it is printed before stepping on. */
    if (rc == CONCORD_OK)
        rc = concord_step(stmt);
    if (rc != CONCORD_ROW)
        return rc;
    const char *title = concord_column_text(stmt, 1);
    printf("## %s %s\n", clause, title ? title : "");

    for (int s = INTO_9001; s < NSTMTS; s++) {
        stmt = stmts[s];
        printf("\n### Into %s\n\n", headings[s]);
        rc = bind_clause(stmt, clause);
        if (rc == CONCORD_OK)
            rc = concord_step(stmt);
        if (rc == CONCORD_DONE) {
            printf("No correlations.\n");
        } else if (rc == CONCORD_ROW) {
            /* Start again so the table has every row. */
            concord_reset(stmt);
            rc = concord_write_result(stmt, CONCORD_FORMAT_MARKDOWN,
                                      write_stdout, NULL);
        }
        if (rc != CONCORD_DONE)
            return rc;
    }
    printf("\n");
    return CONCORD_OK;
}

int main(int argc, char **argv)
{
    const char *const *clauses = default_clauses;
    size_t count = sizeof default_clauses / sizeof default_clauses[0];
    if (argc > 1) {
        if (strcmp(argv[1], "--help") == 0) {
            fprintf(stderr, "usage: report [CLAUSE...]\n");
            return 2;
        }
        clauses = (const char *const *)argv + 1;
        count = (size_t)argc - 1;
    }

    concord_db *db = NULL;
    if (concord_open(&db) != CONCORD_OK) {
        fprintf(stderr, "report: cannot open concord: %s\n",
                concord_errmsg(db));
        concord_close(db);
        return 1;
    }
    printf("# Integration report\n\n"
           "Correlations of %zu ISO/IEC 20000-1:2018 clause%s with ISO "
           "9001:2015 and ISO/IEC 27001:2013, after ISO/IEC TR 20000-7 "
           "(concord %s, built-in corpus).\n\n",
           count, count == 1 ? "" : "s", concord_version());
    concord_stmt *stmts[NSTMTS] = {NULL};
    int status = 0;
    for (int s = 0; s < NSTMTS && status == 0; s++) {
        if (concord_prepare(db, texts[s], -1, &stmts[s], NULL) != CONCORD_OK) {
            fprintf(stderr, "report: %s\n", concord_errmsg(db));
            status = 1;
        }
    }
    for (size_t i = 0; i < count && status == 0; i++) {
        if (report_clause(stmts, clauses[i]) != CONCORD_OK) {
            fprintf(stderr, "report: %s: %s\n", clauses[i], concord_errmsg(db));
            status = 1;
        }
    }
    for (int s = 0; s < NSTMTS; s++)
        concord_finalize(stmts[s]);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "report: cannot write the report\n");
        status = 1;
    }
    concord_close(db);
    return status;
}
