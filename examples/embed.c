/*
** embed.c -- concord inside a C program: open the built-in corpus, prepare a
** query, step through its rows and print them, and report failures with
** the library's located message.
**
**   embed                 the Annex C correlations of 20000-1:8.5.1 in 27001
**   embed QUERY [CLAUSE]  run QUERY; "$clause" in it stands for CLAUSE
**                         (20000-1:8.5.1 when not given)
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

/*
** The query text with every "$clause" replaced by clause, in a new buffer
** the caller frees, or NULL when out of memory.  (This stands in for
** parameter binding until the library offers concord_bind_text.)
*/
static char *substitute(const char *query, const char *clause)
{
    const char *name = "$clause";
    size_t nlen = strlen(name), clen = strlen(clause), count = 0;
    for (const char *p = strstr(query, name); p; p = strstr(p + nlen, name))
        count++;
    char *out = malloc(strlen(query) + count * clen + 1);
    if (out == NULL)
        return NULL;
    char *o = out;
    for (const char *p = query;;) {
        const char *hit = strstr(p, name);
        size_t n = hit ? (size_t)(hit - p) : strlen(p);
        memcpy(o, p, n);
        o += n;
        if (hit == NULL)
            break;
        memcpy(o, clause, clen);
        o += clen;
        p = hit + nlen;
    }
    *o = '\0';
    return out;
}

/* Print the statement's rows under a header line; returns CONCORD_DONE or
** the code of the failure. */
static int print_rows(concord_stmt *stmt)
{
    int ncols = concord_column_count(stmt);
    for (int i = 0; i < ncols; i++)
        printf("%s%s", i ? "\t" : "", concord_column_name(stmt, i));
    if (ncols > 0)
        putchar('\n');
    int rc;
    while ((rc = concord_step(stmt)) == CONCORD_ROW) {
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

    char *text = substitute(query, clause);
    if (text == NULL) {
        fprintf(stderr, "embed: out of memory\n");
        concord_close(db);
        return 1;
    }
    concord_stmt *stmt = NULL;
    rc = concord_prepare(db, text, -1, &stmt, NULL);
    if (rc == CONCORD_OK && stmt == NULL) {
        fprintf(stderr, "embed: the query is empty\n");
        rc = CONCORD_MISUSE;
    } else if (rc == CONCORD_OK) {
        rc = print_rows(stmt);
    }
    int status = 0;
    if (rc != CONCORD_OK && rc != CONCORD_DONE) {
        /* The message names line:column in the query ("1:25: syntax
        ** error, ..."); it stays valid until the next call on db. */
        if (stmt != NULL || concord_errcode(db) != CONCORD_OK)
            fprintf(stderr, "embed: %s\n", concord_errmsg(db));
        status = 1;
    }
    concord_finalize(stmt);
    free(text);
    if (concord_close(db) != CONCORD_OK) {
        fprintf(stderr, "embed: %s\n", concord_errmsg(db));
        status = 1;
    }
    return status;
}
