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
** It shows two ways of reading results: the titles are read row by row
** with concord_step() and concord_column_text(), the correlation tables
** are written by concord_write_result() in CONCORD_FORMAT_MARKDOWN.
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

static const struct target {
    const char *standard; /* as the language names it */
    const char *title;    /* as the report names it */
} targets[] = {{"9001", "ISO 9001:2015"}, {"27001", "ISO/IEC 27001:2013"}};

/* concord_write_result's sink: standard output. */
static int write_stdout(void *ctx, const char *data, size_t len)
{
    (void)ctx;
    return fwrite(data, 1, len, stdout) == len ? 0 : 1;
}

/* Prepare query (a printf format with one %s, the clause) into *stmt.
** Returns a CONCORD_* code; on failure the handle holds the message. */
static int prepare(concord_db *db, const char *query, const char *clause,
                   concord_stmt **stmt)
{
    char text[512];
    int n = snprintf(text, sizeof text, query, clause);
    if (n < 0 || (size_t)n >= sizeof text) {
        fprintf(stderr, "report: clause name too long: %s\n", clause);
        return CONCORD_TOOBIG;
    }
    return concord_prepare(db, text, n, stmt, NULL);
}

/* One clause's section of the report. */
static int report_clause(concord_db *db, const char *clause)
{
    concord_stmt *stmt = NULL;
    int rc = prepare(db, "clauses of %s", clause, &stmt);
    if (rc != CONCORD_OK)
        return rc;
    /* The first row is the clause itself; its text is valid until the next
    ** step, so it is printed before stepping on. */
    rc = concord_step(stmt);
    if (rc == CONCORD_ROW) {
        const char *title = concord_column_text(stmt, 1);
        printf("## %s %s\n", clause, title ? title : "");
        rc = CONCORD_OK;
    }
    concord_finalize(stmt);
    if (rc != CONCORD_OK)
        return rc;

    for (size_t t = 0; t < sizeof targets / sizeof targets[0]; t++) {
        char query[64];
        snprintf(query, sizeof query, "correlate %%s with %s",
                 targets[t].standard);
        stmt = NULL;
        rc = prepare(db, query, clause, &stmt);
        if (rc != CONCORD_OK)
            return rc;
        printf("\n### Into %s\n\n", targets[t].title);
        rc = concord_step(stmt);
        if (rc == CONCORD_DONE) {
            printf("No correlations.\n");
        } else if (rc == CONCORD_ROW) {
            /* Start again so the table has every row. */
            concord_reset(stmt);
            rc = concord_write_result(stmt, CONCORD_FORMAT_MARKDOWN,
                                      write_stdout, NULL);
        }
        concord_finalize(stmt);
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
    int status = 0;
    for (size_t i = 0; i < count && status == 0; i++) {
        int rc = report_clause(db, clauses[i]);
        if (rc != CONCORD_OK) {
            fprintf(stderr, "report: %s: %s\n", clauses[i], concord_errmsg(db));
            status = 1;
        }
    }
    if (fflush(stdout) != 0) {
        fprintf(stderr, "report: cannot write the report\n");
        status = 1;
    }
    concord_close(db);
    return status;
}
