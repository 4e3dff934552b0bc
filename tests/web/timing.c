/*
** timing.c -- the native side of the page's speed measurement (make
** test-web; docs/web.md): how long libconcord, compiled for this machine,
** takes to answer each query in-process, doing what the page does for a
** run -- open a handle sharing the corpus, prepare each statement, step
** every row and read every column as text, finalize, close.
**
**     timing RUNS QUERY...
**
** prints one line per query: the time of one run in microseconds, a tab,
** the query.  A run's time is that of a batch of RUNS runs divided by
** RUNS, the best of BATCHES batches: the best is the figure least
** disturbed by other work on a shared machine, and batches let the
** browser, whose clock counts in steps of up to 100 us, be measured the
** same way.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "concord.h"

#define BATCHES 5

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* One run of script on a handle sharing base's corpus; the number of
** bytes of column text read (so the reads cannot be optimised away), or
** -1 when opening fails.  A failing statement ends the run, as it ends
** the page's. */
static long run_once(concord_db *base, const char *script)
{
    concord_options options;
    concord_options_init(&options);
    options.share_corpus = base;
    concord_db *db = NULL;
    if (concord_open_v2(&db, &options) != CONCORD_OK) {
        concord_close(db);
        return -1;
    }
    long bytes = 0;
    const char *p = script, *end = script + strlen(script);
    while (p < end) {
        concord_stmt *stmt = NULL;
        const char *tail = NULL;
        if (concord_prepare_v2(db, p, (int)(end - p), script, &stmt, &tail) !=
                CONCORD_OK ||
            stmt == NULL)
            break;
        int n = concord_column_count(stmt), rc;
        while ((rc = concord_step(stmt)) == CONCORD_ROW)
            for (int i = 0; i < n; i++) {
                const char *t = concord_column_text(stmt, i);
                bytes += t != NULL ? (long)strlen(t) : 0;
                bytes += concord_column_type(stmt, i);
            }
        concord_finalize(stmt);
        if ((rc != CONCORD_DONE && rc != CONCORD_ASSERT) || tail == NULL ||
            tail <= p)
            break;
        p = tail;
    }
    concord_close(db);
    return bytes;
}

int main(int argc, char **argv)
{
    if (argc < 3 || atoi(argv[1]) < 1) {
        fprintf(stderr, "usage: timing RUNS QUERY...\n");
        return 2;
    }
    int runs = atoi(argv[1]);
    concord_db *base = NULL;
    if (concord_open(&base) != CONCORD_OK) {
        fprintf(stderr, "timing: %s\n", concord_errmsg(base));
        concord_close(base);
        return 1;
    }
    for (int q = 2; q < argc; q++) {
        double best = -1;
        for (int b = 0; b < BATCHES; b++) {
            double start = now_us();
            for (int r = 0; r < runs; r++)
                if (run_once(base, argv[q]) < 0) {
                    fprintf(stderr, "timing: cannot open a handle\n");
                    concord_close(base);
                    return 1;
                }
            double took = (now_us() - start) / runs;
            if (best < 0 || took < best)
                best = took;
        }
        printf("%.1f\t%s\n", best, argv[q]);
    }
    concord_close(base);
    return 0;
}
