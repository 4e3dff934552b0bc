/*
** status_bench.c -- how long the status layer takes on the built-in
** corpus: loading a status file of 10,000 rows (every clause of the
** corpus in turn, statuses in a fixed mix, evidence and owner filled),
** then `soa`, `readiness`, `worklist`, `status of` and `audit plan` over
** it.  Each statement is prepared once and run RUNS times (reset between
** runs, every cell read); the median and the slowest run are printed.
**
**   make bench-status            (not part of `make test`)
**   build/cc/bench/status_bench [ROWS [RUNS]]
**
** The floor the issue sets: loading and each of soa and readiness under
** 50 ms.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "concord.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void die(concord_db *db, const char *what)
{
    fprintf(stderr, "status_bench: %s: %s\n", what,
            db ? concord_errmsg(db) : "no handle");
    exit(1);
}

/* Write a status file of rows rows to path: the corpus's clauses in
** order, again and again. */
static void write_rows(concord_db *db, const char *path, int rows)
{
    static const char *const statuses[] = {
        "implemented", "implemented",     "implemented",   "partial",
        "planned",     "not-implemented", "not-applicable"};
    concord_stmt *st = NULL;
    if (concord_prepare(db, "clauses | select clause", -1, &st, NULL) !=
        CONCORD_OK)
        die(db, "clauses");
    char **keys = NULL;
    int n = 0, cap = 0;
    while (concord_step(st) == CONCORD_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            keys = realloc(keys, sizeof *keys * (size_t)cap);
            if (keys == NULL)
                die(NULL, "out of memory");
        }
        keys[n++] = strdup(concord_column_text(st, 0));
    }
    concord_finalize(st);
    FILE *f = fopen(path, "w");
    if (f == NULL || n == 0)
        die(NULL, "cannot write the status file");
    fputs("clause\tstatus\tevidence\towner\treviewed\tjustification\n", f);
    for (int i = 0; i < rows; i++) {
        const char *s = statuses[(i * 7 + i / n) % 7];
        fprintf(f,
                "%s\t%s\tDOC-%05d; https://intranet.example/doc/%d\towner "
                "%d\t2025-%02d-%02d\t%s\n",
                keys[i % n], s, i, i, i % 17, 1 + i % 12, 1 + i % 28,
                strcmp(s, "not-applicable") == 0 ? "outside the scope" : "");
    }
    fclose(f);
    for (int i = 0; i < n; i++)
        free(keys[i]);
    free(keys);
}

/* Run query runs times; print its median and slowest run. */
static void time_query(concord_db *db, const char *query, int runs)
{
    concord_stmt *st = NULL;
    if (concord_prepare(db, query, -1, &st, NULL) != CONCORD_OK)
        die(db, query);
    double *t = malloc(sizeof *t * (size_t)runs);
    long rows = 0;
    size_t bytes = 0;
    for (int r = 0; r < runs; r++) {
        concord_reset(st);
        double start = now_ms();
        int rc;
        rows = 0;
        while ((rc = concord_step(st)) == CONCORD_ROW) {
            rows++;
            for (int c = 0; c < concord_column_count(st); c++) {
                const char *v = concord_column_text(st, c);
                bytes += v ? strlen(v) : 0;
            }
        }
        if (rc != CONCORD_DONE)
            die(db, query);
        t[r] = now_ms() - start;
    }
    qsort(t, (size_t)runs, sizeof *t, cmp_double);
    printf("%-52s %6ld rows  median %8.3f ms  max %8.3f ms\n", query, rows,
           t[runs / 2], t[runs - 1]);
    free(t);
    concord_finalize(st);
    (void)bytes;
}

int main(int argc, char **argv)
{
    int rows = argc > 1 ? atoi(argv[1]) : 10000;
    int runs = argc > 2 ? atoi(argv[2]) : 21;
    if (rows < 1 || runs < 1) {
        fputs("usage: status_bench [ROWS [RUNS]]\n", stderr);
        return 2;
    }
    concord_db *db = NULL;
    if (concord_open(&db) != CONCORD_OK)
        die(db, "open");
    char path[256];
    const char *tmp = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/concord-status-bench-%ld.tsv",
             tmp && *tmp ? tmp : "/tmp", (long)getpid());
    write_rows(db, path, rows);

    /* loading: a fresh handle each time, so each load starts empty */
    double *t = malloc(sizeof *t * (size_t)runs);
    for (int r = 0; r < runs; r++) {
        concord_db *fresh = NULL;
        if (concord_open(&fresh) != CONCORD_OK)
            die(fresh, "open");
        double start = now_ms();
        if (concord_load_status(fresh, path) != CONCORD_OK)
            die(fresh, "load");
        t[r] = now_ms() - start;
        concord_close(fresh);
    }
    qsort(t, (size_t)runs, sizeof *t, cmp_double);
    printf("%-52s %6d rows  median %8.3f ms  max %8.3f ms\n",
           "load the status file", rows, t[runs / 2], t[runs - 1]);
    free(t);

    if (concord_load_status(db, path) != CONCORD_OK)
        die(db, "load");
    time_query(db, "soa 27001@2022 with 20000-1, 9001", runs);
    time_query(db, "soa 27001", runs);
    time_query(db, "readiness of 20000-1 from 27001@2022, 9001", runs);
    time_query(db, "worklist of 20000-1 from 27001@2022, 9001", runs);
    time_query(db, "status of 20000-1", runs);
    time_query(db, "audit plan 20000-1, 9001, 27001@2022", runs);
    time_query(db, "check | where check = \"status conflict\" | count", runs);
    concord_close(db);
    unlink(path);
    return 0;
}
