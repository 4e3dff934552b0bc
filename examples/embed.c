/*
** embed.c -- concord inside a C program: open the built-in corpus, prepare a
** query with a parameter, bind it, step through the rows and print them,
** and report failures with the library's located message.
**
**   embed                 the Annex C correlations of 20000-1:8.5.1 in 27001
**   embed QUERY [CLAUSE]  run QUERY, with its parameter $clause (if it has
**                         one) bound to CLAUSE (default 20000-1:8.5.1)
**
** Rows are printed tab-separated under a header line.  Exit status: 0 on
** success, 1 when the query fails (the message, with line:column, goes to
** standard error), 2 for bad usage.
**
** Build it against an installed concord with pkg-config alone:
**
**   cc -o embed embed.c $(pkg-config --cflags --libs concord)
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <concord.h>

#define DEFAULT_QUERY "correlate $clause with 27001 where annex = C"
#define DEFAULT_CLAUSE "20000-1:8.5.1"

/* Print the statement's rows under a header line; returns CONCORD_DONE or
** the code of the failure.  The statement runs at its first step, so a
** failure there (an unknown clause bound to $clause) prints nothing. */
static int print_rows(concord_stmt *stmt)
{
    int rc = concord_step(stmt);
    if (rc != CONCORD_ROW && rc != CONCORD_DONE)
        return rc;
    int ncols = concord_column_count(stmt);
    for (int i = 0; i < ncols; i++)
        printf("%s%s", i ? "\t" : "", concord_column_name(stmt, i));
    if (ncols > 0)
        putchar('\n');
    for (; rc == CONCORD_ROW; rc = concord_step(stmt)) {
        for (int i = 0; i < ncols; i++) {
            /* Text is valid until the next step; print it right away. */
            const char *value = concord_column_type(stmt, i) == CONCORD_NULL
                                    ? ""
                                    : concord_column_text(stmt, i);
            printf("%s%s", i ? "\t" : "", value);
        }
        putchar('\n');
    }
    return rc;
}

int main(int argc, char **argv)
{
    if (argc > 3 || (argc > 1 && strcmp(argv[1], "--help") == 0)) {
        fprintf(stderr, "usage: embed [QUERY [CLAUSE]]\n");
        return 2;
    }
    const char *query = argc > 1 ? argv[1] : DEFAULT_QUERY;
    const char *clause = argc > 2 ? argv[2] : DEFAULT_CLAUSE;

    concord_db *db = NULL;
    int rc = concord_open(&db);
    if (rc != CONCORD_OK) {
        /* db may still hold the reason (it is NULL only when memory ran
        ** out first); concord_errmsg(NULL) says "out of memory". */
        fprintf(stderr, "embed: cannot open concord: %s\n", concord_errmsg(db));
        concord_close(db);
        return 1;
    }

    concord_stmt *stmt = NULL;
    rc = concord_prepare(db, query, -1, &stmt, NULL);
    if (rc == CONCORD_OK && stmt == NULL) {
        fprintf(stderr, "embed: the query is empty\n");
        concord_close(db);
        return 1;
    }
    if (rc == CONCORD_OK) {
        /* Parameters are numbered from 1, as in SQLite; 0 means the query
        ** has no $clause.  The library copies the text. */
        int i = concord_bind_parameter_index(stmt, "$clause");
        if (i > 0)
            rc = concord_bind_text(stmt, i, clause, -1);
    }
    if (rc == CONCORD_OK)
        rc = print_rows(stmt);
    int status = 0;
    if (rc != CONCORD_DONE) {
        /* The message names line:column in the query ("1:25: syntax
        ** error, ..."); it stays valid until the next call on db. */
        fprintf(stderr, "embed: %s\n", concord_errmsg(db));
        status = 1;
    }
    concord_finalize(stmt);
    if (concord_close(db) != CONCORD_OK) {
        fprintf(stderr, "embed: %s\n", concord_errmsg(db));
        status = 1;
    }
    return status;
}
