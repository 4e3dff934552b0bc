/*
** test_threads.c -- many handles over one compiled corpus
** (concord_options.share_corpus), and those handles in parallel threads.
**
** First the sharing itself, one thread: what a shared handle keeps of its
** own (session, limits, format, errors, layers), closing the handle that
** loaded the corpus first, and every way share_corpus is refused.  Then
** the parallel test: one handle on the built-in corpus, eight more sharing
** it, each driven by a thread through 10,000 queries of every statement
** kind in its own shuffled order -- statements reused and rebound, and
** prepared afresh -- every answer compared with the one computed before in
** one thread.  Meanwhile the main thread opens a handle sharing a busy
** one and closes the handle that loaded the corpus, and one worker stacks
** a layer on its own handle; the others must not notice.  `make tsan`
** runs this file under ThreadSanitizer.
**
** CONCORD_THREAD_QUERIES sets the queries per thread (make valgrind runs
** fewer: memcheck runs one thread at a time, slowly).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>
#include <sched.h>

#include "concord.h"
#include "test_alloc.h"

#define N_THREADS 8
#define DEFAULT_QUERIES 10000
#define IMPORTER (N_THREADS - 1) /* the worker that stacks a layer */
#define LAYER "examples/layer"   /* from the repository's top, as make runs */

/* ---- answers as text ----------------------------------------------------- */

/* A growing string; malloc'ed, so that threads need no shared state. */
typedef struct text {
    char *data;
    size_t len, cap;
} text;

static void text_put(text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 256;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *data = realloc(t->data, cap);
        if (data == NULL)
            abort(); /* no cmocka from worker threads */
        t->data = data;
        t->cap = cap;
    }
    memcpy(t->data + t->len, s, n);
    t->len += n;
    t->data[t->len] = '\0';
}

static void text_puts(text *t, const char *s)
{
    text_put(t, s, strlen(s));
}

static void text_printf(text *t, const char *fmt, ...)
{
    char buf[64];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    text_put(t, buf, n < (int)sizeof buf ? (size_t)n : sizeof buf - 1);
}

static int text_write(void *ctx, const char *data, size_t len)
{
    text_put(ctx, data, len);
    return 0;
}

/* ---- the queries ------------------------------------------------------- */

/*
** A query: its text, the output format of its answer (-1: the rows read
** column by column, with each value's type), and up to four sets of
** values for its parameters ("#6" binds the integer 6).  Each set is a
** case of its own; a statement reused across cases is rebound.
*/
#define MAX_PARAMS 3
#define MAX_SETS 4
typedef struct query {
    const char *text;
    int format;
    const char *sets[MAX_SETS][MAX_PARAMS];
} query;

static const query queries[] = {
    /* every statement kind */
    {"show 20000-1:8.5.1", -1, {{0}}},
    {"show 27001", -1, {{0}}},
    {"standards", -1, {{0}}},
    {"clauses of 20000-1:8.5.*", -1, {{0}}},
    {"clauses of 9001 where depth = 1 | count", -1, {{0}}},
    {"correlate 20000-1:8.5.1 with 27001 where annex = C and strength >= 6",
     CONCORD_FORMAT_JSON,
     {{0}}},
    {"correlate 9001:8.5.6 with 27001 via 20000-1", -1, {{0}}},
    {"correlate 20000-1:8.5.1 with 27001@2022 via 27001 where to ~ \"A.\"",
     -1,
     {{0}}},
    {"path 9001:6.3 to 27001:A.14.2.2", -1, {{0}}},
    {"gap 20000-1 against 27001", CONCORD_FORMAT_TABLE, {{0}}},
    {"gap between 9001 and 27001", -1, {{0}}},
    {"coverage of 27001 by 20000-1", CONCORD_FORMAT_CSV, {{0}}},
    {"coverage between 9001 and 20000-1", -1, {{0}}},
    {"integrate 20000-1, 9001, 27001", -1, {{0}}},
    {"common 20000-1, 9001, 27001", CONCORD_FORMAT_MARKDOWN, {{0}}},
    {"check", -1, {{0}}},
    {"terms of 27000 where name ~ \"risk\"", -1, {{0}}},
    {"term \"top management\"", -1, {{0}}},
    {"assert count(gap 20000-1 against 27001) <= 10", -1, {{0}}},
    /* set operations and pipelines */
    {"(gap 20000-1 against 9001 | select clause) intersect "
     "(gap 20000-1 against 27001 | select clause)",
     -1,
     {{0}}},
    {"(clauses of 9001 | select clause) except "
     "(correlate 9001 with 20000-1 | select from as clause)",
     -1,
     {{0}}},
    {"clauses of 22301 where depth = 1 union clauses of 55001 where depth = 1",
     -1,
     {{0}}},
    {"correlate 20000-1:* with 27001 | group by to | count "
     "| sort by count desc | limit 3",
     -1,
     {{0}}},
    /* the standard library's definitions */
    {"service_management_only()", -1, {{0}}},
    {"annex_a_touched() | count", -1, {{0}}},
    /* exports */
    {"correlate 20000-1:8.5.* with 27001", CONCORD_FORMAT_OSCAL, {{0}}},
    {"correlate 20000-1:8.5.1 with 9001", CONCORD_FORMAT_DOT, {{0}}},
    {"correlate 20000-1:8.2.* with 27001", CONCORD_FORMAT_SSSOM, {{0}}},
    {"correlate 20000-1:8.4.* with 9001", CONCORD_FORMAT_STRM, {{0}}},
    /* parameters, each bound with several values */
    {"correlate $clause with $standard where strength >= $floor",
     -1,
     {{"20000-1:8.5.1", "27001", "#6"},
      {"20000-1:8.2.6", "9001", "#3"},
      {"9001:8.5.6", "20000-1", "#0"},
      {"20000-1:8.5.1", "27001; standards", "#0"}}},
    {"clauses of hls where depth = $d", -1, {{"#1"}, {"#2"}}},
    {"show $c", -1, {{"27001:A.12.1.2"}, {"9001:7.5.1"}, {"hls:5"}}},
    {"path $a to $b max $n",
     CONCORD_FORMAT_TSV,
     {{"9001:4.1", "27001:4.1", "#2"}, {"9001:8.5.1", "27001:A.12.1.2", "#3"}}},
    {"coverage of $s by $t | limit 4",
     -1,
     {{"27001", "20000-1"}, {"9001", "27001"}, {"22301", "20000-1"}}},
    {"gap $s against $t where status = unmapped",
     CONCORD_FORMAT_JSON,
     {{"20000-1", "27001"}, {"9001", "20000-1"}}},
    /* failures: the message is part of the answer */
    {"show 20000-1:8.5.9", -1, {{0}}},
    {"correlate 20000-1:8.5.1 width 27001", -1, {{0}}},
    {"assert count(check) = 0, \"the corpus has problems\"", -1, {{0}}},
    /* the thread's own session (let, def): answers differ by thread */
    {"mine | count", -1, {{0}}},
    {"pick(27001) | count", -1, {{0}}},
};
#define N_QUERIES (int)(sizeof queries / sizeof queries[0])

/* A query with one set of parameter values. */
typedef struct qcase {
    int query;
    int set;
} qcase;

static qcase cases[N_QUERIES * MAX_SETS];
static int n_cases;

static int n_params_of(const query *q)
{
    int n = 0;
    while (n < MAX_PARAMS && q->sets[0][n] != NULL)
        n++;
    return n;
}

static void list_cases(void)
{
    n_cases = 0;
    for (int i = 0; i < N_QUERIES; i++) {
        int sets = 1;
        while (n_params_of(&queries[i]) > 0 && sets < MAX_SETS &&
               queries[i].sets[sets][0] != NULL)
            sets++;
        for (int s = 0; s < sets; s++)
            cases[n_cases++] = (qcase){i, s};
    }
}

/*
** The session a worker defines on its handle: thread t's own table and
** definition, so that the same statement answers differently by thread,
** and its own output format (`format`).
*/
static const char *const session_standards[N_THREADS] = {
    "9001", "27001", "20000-1", "22301", "55001", "hls", "27001@2022", "27000"};

static int session_format(int t)
{
    return t % (CONCORD_FORMAT_MARKDOWN + 1);
}

static int define_session(concord_db *db, int t)
{
    /* Exports carry their time: one fixed instant, so every thread's
    ** answer is the same bytes as the expected one. */
    if (concord_set_export_time(db, 1767225600LL) != CONCORD_OK)
        return CONCORD_MISUSE;
    char script[256];
    snprintf(script, sizeof script,
             "let mine = clauses of %s where depth <= %d; "
             "def pick(s) = clauses of s where depth <= %d; format %s",
             session_standards[t], 1 + t % 3, 1 + (t + 1) % 3,
             concord_format_name(session_format(t)));
    return concord_exec(db, script, NULL, NULL, NULL);
}

/* Bind set s of query q to stmt. */
static int bind_set(concord_stmt *stmt, const query *q, int s)
{
    for (int i = 0; i < n_params_of(q); i++) {
        const char *v = q->sets[s][i];
        int rc = v[0] == '#' ? concord_bind_int(stmt, i + 1, atoll(v + 1))
                             : concord_bind_text(stmt, i + 1, v, -1);
        if (rc != CONCORD_OK)
            return rc;
    }
    return CONCORD_OK;
}

/* A failure as part of an answer: its code and the handle's message. */
static void put_error(text *out, concord_db *db, int rc)
{
    text_printf(out, "error %d: ", rc);
    text_puts(out, concord_errmsg(db));
}

/* Run a prepared and bound statement to its end, appending its answer:
** the columns and rows (or the formatted output), and any failure with
** its message. */
static void run_into(concord_db *db, concord_stmt *stmt, int format, text *out)
{
    int rc;
    if (format >= 0) {
        text_printf(out, "[%s]\n", concord_format_name(format));
        rc = concord_write_result(stmt, format, text_write, out);
    } else {
        int n = concord_column_count(stmt);
        for (int i = 0; i < n; i++) {
            text_puts(out, concord_column_name(stmt, i));
            text_puts(out, i + 1 < n ? "\t" : "\n");
        }
        while ((rc = concord_step(stmt)) == CONCORD_ROW) {
            for (int i = 0; i < n; i++) {
                const char *v = concord_column_text(stmt, i);
                text_printf(out, "%d:", concord_column_type(stmt, i));
                text_puts(out, v ? v : "NULL");
                text_puts(out, i + 1 < n ? "\t" : "\n");
            }
        }
    }
    if (rc == CONCORD_DONE)
        text_puts(out, "(done)\n");
    else
        put_error(out, db, rc);
}

/* The answer of case c, prepared afresh (a failure to prepare is the
** answer too). */
static void answer_fresh(concord_db *db, const qcase *c, text *out)
{
    const query *q = &queries[c->query];
    concord_stmt *stmt = NULL;
    int rc = concord_prepare(db, q->text, -1, &stmt, NULL);
    if (rc == CONCORD_OK && (rc = bind_set(stmt, q, c->set)) == CONCORD_OK)
        run_into(db, stmt, q->format, out);
    else
        put_error(out, db, rc);
    concord_finalize(stmt);
}

/* The answer of case c from the statement prepared before for its query
** (NULL when it did not prepare: then afresh), rebound. */
static void answer_reused(concord_db *db, concord_stmt *stmt, const qcase *c,
                          text *out)
{
    if (stmt == NULL) {
        answer_fresh(db, c, out);
        return;
    }
    const query *q = &queries[c->query];
    int rc = concord_reset(stmt);
    if (rc == CONCORD_OK)
        rc = bind_set(stmt, q, c->set);
    if (rc == CONCORD_OK)
        run_into(db, stmt, q->format, out);
    else
        put_error(out, db, rc);
}

/* ---- expected answers, one thread ---------------------------------------- */

/* expected[t][c]: case c's answer on thread t's handle; row IMPORTED: the
** importing thread's answers once its layer is on. */
#define IMPORTED N_THREADS
static char *expected[N_THREADS + 1][N_QUERIES * MAX_SETS];

/* Fill expected[row] with thread t's answers, on a handle that loads the
** built-in corpus for itself (and stacks the layer when layered). */
static void compute_expected(int row, int t, int layered)
{
    concord_db *db = NULL;
    assert_int_equal(concord_open(&db), CONCORD_OK);
    if (layered)
        assert_int_equal(concord_import(db, LAYER), CONCORD_OK);
    assert_int_equal(define_session(db, t), CONCORD_OK);
    for (int c = 0; c < n_cases; c++) {
        text answer = {0};
        answer_fresh(db, &cases[c], &answer);
        expected[row][c] = answer.data;
    }
    assert_int_equal(concord_close(db), CONCORD_OK);
}

static void free_expected(void)
{
    for (int row = 0; row <= N_THREADS; row++)
        for (int c = 0; c < n_cases; c++) {
            free(expected[row][c]);
            expected[row][c] = NULL;
        }
}

static int case_of(const char *text_of_query, int set)
{
    for (int c = 0; c < n_cases; c++)
        if (strcmp(queries[cases[c].query].text, text_of_query) == 0 &&
            cases[c].set == set)
            return c;
    fail_msg("no case '%s' (set %d)", text_of_query, set);
    return -1;
}

/* The expected answers are worth comparing with: every case has rows or
** a message, sets of values answer differently, threads' sessions differ,
** and the layer changes some answers but not most. */
static void assert_answers_telling(void)
{
    for (int c = 0; c < n_cases; c++) {
        const char *a = expected[0][c];
        int lines = 0;
        for (const char *p = a; (p = strchr(p, '\n')) != NULL; p++)
            lines++;
        if (lines < 3 && strstr(a, "error ") == NULL &&
            strncmp(queries[cases[c].query].text, "assert", 6) != 0)
            fail_msg("case %d has no rows: %s", c, a);
    }
    for (int c = 1; c < n_cases; c++)
        if (cases[c].query == cases[c - 1].query)
            assert_string_not_equal(expected[0][c], expected[0][c - 1]);
    int mine = case_of("mine | count", 0),
        pick = case_of("pick(27001) | count", 0);
    assert_string_not_equal(expected[0][mine], expected[1][mine]);
    assert_string_not_equal(expected[0][pick], expected[1][pick]);
    int changed = 0;
    for (int c = 0; c < n_cases; c++)
        changed += strcmp(expected[IMPORTER][c], expected[IMPORTED][c]) != 0;
    assert_true(changed > 0 && changed < n_cases / 2);
    assert_string_not_equal(expected[IMPORTER][case_of("standards", 0)],
                            expected[IMPORTED][case_of("standards", 0)]);
    /* a bound value is never query text */
    assert_non_null(strstr(
        expected[0][case_of(
            "correlate $clause with $standard where strength >= $floor", 3)],
        "error 1: "));
}

/* ---- sharing, in one thread ---------------------------------------------- */

/* All rows of q on db as text (the answer, or the failure). */
static char *answer_of(concord_db *db, const char *q)
{
    text out = {0};
    concord_stmt *stmt = NULL;
    int rc = concord_prepare(db, q, -1, &stmt, NULL);
    if (rc == CONCORD_OK)
        run_into(db, stmt, -1, &out);
    else
        put_error(&out, db, rc);
    concord_finalize(stmt);
    return out.data;
}

static void assert_same_answer(concord_db *a, concord_db *b, const char *q)
{
    char *x = answer_of(a, q), *y = answer_of(b, q);
    assert_string_equal(x, y);
    free(x);
    free(y);
}

static int open_sharing(concord_db **db, concord_db *other)
{
    concord_options opt;
    concord_options_init(&opt);
    opt.share_corpus = other;
    return concord_open_v2(db, &opt);
}

static void test_share_answers_alike(void **state)
{
    (void)state;
    concord_db *first = NULL, *second = NULL;
    assert_int_equal(concord_open(&first), CONCORD_OK);
    assert_int_equal(open_sharing(&second, first), CONCORD_OK);
    assert_same_answer(first, second, "correlate 20000-1:8.5.1 with 27001");
    assert_same_answer(first, second, "service_management_only()");

    /* the session is the handle's own */
    assert_int_equal(
        concord_exec(second, "let x = standards", NULL, NULL, NULL),
        CONCORD_OK);
    char *there = answer_of(second, "x | count");
    char *here = answer_of(first, "x | count");
    char *want = answer_of(first, "standards | count");
    assert_string_equal(there, want);
    assert_non_null(strstr(here, "error 12: "));
    free(there);
    free(here);
    free(want);

    /* so are limits, format and errors */
    concord_limit(second, CONCORD_LIMIT_ROWS, 2);
    assert_int_equal(concord_limit(first, CONCORD_LIMIT_ROWS, -1), 10000000);
    assert_int_equal(concord_set_format(second, CONCORD_FORMAT_JSON),
                     CONCORD_OK);
    assert_int_equal(concord_format(first), CONCORD_FORMAT_TSV);
    free(answer_of(first, "standards | count"));
    concord_stmt *stmt = NULL;
    assert_int_equal(concord_prepare(second, "show 9001:99", -1, &stmt, NULL),
                     CONCORD_NOTFOUND);
    assert_int_equal(concord_errcode(first), CONCORD_OK);
    assert_int_equal(concord_close(second), CONCORD_OK);
    assert_int_equal(concord_close(first), CONCORD_OK);
}

/* The handle that loaded the corpus can go first: the corpus stays for
** the handles and statements that share it, and is freed with the last,
** through the allocator of the handle that loaded it. */
static void test_close_the_loader_first(void **state)
{
    (void)state;
    talloc loader;
    concord_options opt;
    concord_options_init(&opt);
    opt.alloc = talloc_fn;
    opt.alloc_ud = &loader;
    talloc_make(&loader, 0);
    concord_db *first = NULL, *second = NULL, *third = NULL;
    assert_int_equal(concord_open_v2(&first, &opt), CONCORD_OK);
    assert_int_equal(open_sharing(&second, first), CONCORD_OK);
    char *before = answer_of(first, "common 20000-1, 9001, 27001");
    concord_stmt *stmt = NULL;
    assert_int_equal(
        concord_prepare(second, "standards | count", -1, &stmt, NULL),
        CONCORD_OK);
    assert_int_equal(concord_close(first), CONCORD_OK);
    assert_true(loader.live > 0); /* the corpus */

    char *after = answer_of(second, "common 20000-1, 9001, 27001");
    assert_string_equal(before, after);
    /* a handle may share a handle that shares */
    assert_int_equal(open_sharing(&third, second), CONCORD_OK);
    assert_int_equal(concord_close(second), CONCORD_BUSY);
    assert_int_equal(concord_finalize(stmt), CONCORD_OK);
    assert_int_equal(concord_close(second), CONCORD_OK);
    char *last = answer_of(third, "common 20000-1, 9001, 27001");
    assert_string_equal(before, last);
    assert_true(loader.live > 0);
    assert_int_equal(concord_close(third), CONCORD_OK);
    assert_int_equal(loader.live, 0);
    assert_int_equal(loader.bytes, 0);
    free(before);
    free(after);
    free(last);
}

/* Layers stacked on a shared corpus make a corpus of the new handle's
** alone; so does concord_import on a handle that shares. */
static void test_layers_on_a_shared_corpus(void **state)
{
    (void)state;
    concord_db *first = NULL, *layered = NULL, *imported = NULL;
    assert_int_equal(concord_open(&first), CONCORD_OK);
    char *plain = answer_of(first, "standards");

    concord_options opt;
    concord_options_init(&opt);
    const char *layers[] = {LAYER};
    opt.share_corpus = first;
    opt.layers = layers;
    opt.n_layers = 1;
    assert_int_equal(concord_open_v2(&layered, &opt), CONCORD_OK);
    char *with_layer = answer_of(layered, "standards");
    assert_non_null(strstr(with_layer, "acme"));
    assert_null(strstr(plain, "acme"));

    assert_int_equal(open_sharing(&imported, first), CONCORD_OK);
    assert_int_equal(concord_import(imported, LAYER), CONCORD_OK);
    char *after_import = answer_of(imported, "standards");
    assert_string_equal(after_import, with_layer);
    char *still = answer_of(first, "standards");
    assert_string_equal(still, plain);

    /* a layer that fails leaves the new handle without a corpus, and the
    ** shared one as it was */
    concord_db *failed = NULL;
    layers[0] = "/nonexistent/concord-layer";
    assert_int_equal(concord_open_v2(&failed, &opt), CONCORD_IOERR);
    concord_stmt *stmt = NULL;
    assert_int_equal(concord_prepare(failed, "standards", -1, &stmt, NULL),
                     CONCORD_MISUSE);
    assert_int_equal(concord_close(failed), CONCORD_OK);
    assert_same_answer(first, layered, "show 9001:4.1");

    assert_int_equal(concord_close(imported), CONCORD_OK);
    assert_int_equal(concord_close(layered), CONCORD_OK);
    assert_int_equal(concord_close(first), CONCORD_OK);
    free(plain);
    free(with_layer);
    free(after_import);
    free(still);
}

/* Every way share_corpus is refused, each with CONCORD_MISUSE and a
** message on the new handle, which has no corpus but closes cleanly. */
static void assert_refused(const concord_options *opt, const char *message)
{
    concord_db *db = NULL;
    assert_int_equal(concord_open_v2(&db, opt), CONCORD_MISUSE);
    assert_non_null(db);
    assert_int_equal(concord_errcode(db), CONCORD_MISUSE);
    if (strstr(concord_errmsg(db), message) == NULL)
        fail_msg("'%s' does not say '%s'", concord_errmsg(db), message);
    concord_stmt *stmt = NULL;
    assert_int_equal(concord_prepare(db, "standards", -1, &stmt, NULL),
                     CONCORD_MISUSE);
    assert_int_equal(concord_close(db), CONCORD_OK);
}

static void test_share_refused(void **state)
{
    (void)state;
    concord_db *good = NULL, *broken = NULL, *db = NULL;
    assert_int_equal(concord_open(&good), CONCORD_OK);
    concord_options opt;

    /* not a handle: memory without the mark of an open one (as a closed
    ** handle's is) */
    union {
        concord_db *as_db;
        max_align_t bytes[16];
    } fake;
    memset(&fake, 0, sizeof fake);
    concord_options_init(&opt);
    opt.share_corpus = (concord_db *)(void *)fake.bytes;
    assert_refused(&opt, "share_corpus is not an open concord handle");

    /* a handle whose corpus failed to load */
    concord_options_init(&opt);
    opt.corpus_dir = "/nonexistent/concord-corpus";
    assert_int_equal(concord_open_v2(&broken, &opt), CONCORD_IOERR);
    concord_options_init(&opt);
    opt.share_corpus = broken;
    assert_refused(&opt, "share_corpus has no corpus to share");
    assert_int_equal(concord_close(broken), CONCORD_OK);

    /* another corpus as well */
    concord_options_init(&opt);
    opt.share_corpus = good;
    opt.corpus_dir = "corpus";
    assert_refused(&opt, "share_corpus and corpus_dir both set");
    concord_options_init(&opt);
    opt.share_corpus = good;
    opt.image_path = "/nonexistent/concord.img";
    assert_refused(&opt, "share_corpus and image_path both set");

    /* NULL is the default: the built-in corpus, loaded afresh */
    concord_options_init(&opt);
    opt.share_corpus = NULL;
    assert_int_equal(concord_open_v2(&db, &opt), CONCORD_OK);
    assert_same_answer(good, db, "standards | count");
    assert_int_equal(concord_close(db), CONCORD_OK);

    /* a caller built before share_corpus existed: the field past its size
    ** is not read */
    concord_options_init(&opt);
    opt.size = (unsigned)offsetof(concord_options, share_corpus);
    opt.share_corpus = (concord_db *)(void *)fake.bytes;
    assert_int_equal(concord_open_v2(&db, &opt), CONCORD_OK);
    assert_int_equal(concord_close(db), CONCORD_OK);
    assert_int_equal(concord_close(good), CONCORD_OK);
}

/* ---- in parallel ------------------------------------------------------- */

typedef struct worker {
    int t;            /* 0 .. N_THREADS-1 */
    concord_db *db;   /* its own handle, sharing the corpus */
    long queries;     /* how many to run */
    atomic_long done; /* run so far (the main thread watches) */
    atomic_int over;  /* the thread has returned */
    long mismatches;  /* answers unlike the expected ones */
    char detail[512]; /* the first of them */
    int failed_setup; /* the session, or the import, failed */
} worker;

/* xorshift64*: each thread its own sequence (rand() shares state). */
static uint64_t next_random(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

/* Record a wrong answer; the first is described, from a little before
** the first byte that differs. */
static void note_mismatch(worker *w, long i, int c, const char *how,
                          const char *got, const char *want)
{
    if (w->mismatches++ > 0)
        return;
    size_t d = 0;
    while (got[d] != '\0' && got[d] == want[d])
        d++;
    size_t from = d > 40 ? d - 40 : 0;
    snprintf(w->detail, sizeof w->detail,
             "thread %d, query %ld (%s, '%s', set %d), byte %zu:\n"
             " got:  ...%.120s\n want: ...%.120s",
             w->t, i, how, queries[cases[c].query].text, cases[c].set, d,
             got + from, want + from);
}

/* Each query's statement, prepared once, to be reset and rebound. */
static void prepare_all(concord_db *db, concord_stmt **stmts)
{
    for (int q = 0; q < N_QUERIES; q++)
        if (concord_prepare(db, queries[q].text, -1, &stmts[q], NULL) !=
            CONCORD_OK)
            stmts[q] = NULL; /* fails to prepare: run afresh every time */
}

static void finalize_all(concord_stmt **stmts)
{
    for (int q = 0; q < N_QUERIES; q++) {
        concord_finalize(stmts[q]);
        stmts[q] = NULL;
    }
}

/*
** The importer, halfway: a statement prepared before the layer keeps
** answering from the corpus it was prepared on; the statements prepared
** again answer from the layered one.  Returns 0 on failure.
*/
static int import_layer(worker *w, concord_stmt **stmts)
{
    int standards = case_of("standards", 0);
    concord_stmt *kept = stmts[cases[standards].query];
    stmts[cases[standards].query] = NULL;
    finalize_all(stmts);
    if (concord_import(w->db, LAYER) != CONCORD_OK) {
        snprintf(w->detail, sizeof w->detail, "import: %s",
                 concord_errmsg(w->db));
        return 0;
    }
    text old = {0};
    answer_reused(w->db, kept, &cases[standards], &old);
    if (strcmp(old.data, expected[w->t][standards]) != 0)
        note_mismatch(w, -1, standards, "prepared before the import", old.data,
                      expected[w->t][standards]);
    free(old.data);
    concord_finalize(kept);
    prepare_all(w->db, stmts);
    return 1;
}

static void run_worker(worker *w);

static void *work(void *arg)
{
    worker *w = arg;
    run_worker(w);
    atomic_store(&w->over, 1);
    return NULL;
}

static void run_worker(worker *w)
{
    concord_stmt *stmts[N_QUERIES];
    int *order = malloc(sizeof(int) * (size_t)w->queries);
    if (order == NULL || define_session(w->db, w->t) != CONCORD_OK) {
        w->failed_setup = 1;
        free(order);
        return;
    }
    /* every case equally often, in an order of the thread's own */
    uint64_t seed = 0x9e3779b97f4a7c15ull * (uint64_t)(w->t + 1);
    for (long i = 0; i < w->queries; i++)
        order[i] = (int)(i % n_cases);
    for (long i = w->queries - 1; i > 0; i--) {
        long j = (long)(next_random(&seed) % (uint64_t)(i + 1));
        int x = order[i];
        order[i] = order[j];
        order[j] = x;
    }
    prepare_all(w->db, stmts);
    int row = w->t;
    for (long i = 0; i < w->queries; i++) {
        if (w->t == IMPORTER && i == w->queries / 2) {
            if (!import_layer(w, stmts)) {
                w->failed_setup = 1;
                break;
            }
            row = IMPORTED;
        }
        int c = order[i];
        int fresh = (int)(next_random(&seed) & 1);
        text got = {0};
        if (fresh)
            answer_fresh(w->db, &cases[c], &got);
        else
            answer_reused(w->db, stmts[cases[c].query], &cases[c], &got);
        if (strcmp(got.data, expected[row][c]) != 0)
            note_mismatch(w, i, c, fresh ? "fresh" : "reused", got.data,
                          expected[row][c]);
        free(got.data);
        atomic_store(&w->done, i + 1);
    }
    finalize_all(stmts);
    if (concord_format(w->db) != session_format(w->t))
        note_mismatch(w, -1, 0, "the handle's format", "changed", "its own");
    free(order);
}

static long queries_per_thread(void)
{
    const char *n = getenv("CONCORD_THREAD_QUERIES");
    long v = n && *n ? atol(n) : DEFAULT_QUERIES;
    return v > 0 ? v : DEFAULT_QUERIES;
}

/* Wait until every worker has run at least n queries (or stopped). */
static void wait_for_progress(worker *w, long n)
{
    for (int t = 0; t < N_THREADS; t++)
        while (atomic_load(&w[t].done) < n && !atomic_load(&w[t].over))
            sched_yield();
}

static void test_parallel_queries(void **state)
{
    (void)state;
    list_cases();
    for (int t = 0; t < N_THREADS; t++)
        compute_expected(t, t, 0);
    compute_expected(IMPORTED, IMPORTER, 1);
    assert_answers_telling();

    concord_db *loader = NULL;
    assert_int_equal(concord_open(&loader), CONCORD_OK);

    static worker w[N_THREADS];
    pthread_t threads[N_THREADS];
    long per_thread = queries_per_thread();
    for (int t = 0; t < N_THREADS; t++) {
        memset(&w[t], 0, sizeof w[t]);
        w[t].t = t;
        w[t].queries = per_thread;
        atomic_init(&w[t].done, 0);
        atomic_init(&w[t].over, 0);
        assert_int_equal(open_sharing(&w[t].db, loader), CONCORD_OK);
    }
    for (int t = 0; t < N_THREADS; t++)
        assert_int_equal(pthread_create(&threads[t], NULL, work, &w[t]), 0);

    /* while they run: share a busy handle, then close the loader */
    wait_for_progress(w, per_thread / 10);
    concord_db *late = NULL;
    assert_int_equal(open_sharing(&late, w[0].db), CONCORD_OK);
    assert_int_equal(concord_close(loader), CONCORD_OK);
    int check = case_of("check", 0);
    text answer = {0};
    answer_fresh(late, &cases[check], &answer);
    assert_string_equal(answer.data, expected[0][check]);
    free(answer.data);

    for (int t = 0; t < N_THREADS; t++)
        assert_int_equal(pthread_join(threads[t], NULL), 0);
    long total = 0;
    for (int t = 0; t < N_THREADS; t++) {
        if (w[t].failed_setup || w[t].mismatches > 0)
            fail_msg("%ld mismatches; %s", w[t].mismatches, w[t].detail);
        total += atomic_load(&w[t].done);
        assert_int_equal(concord_close(w[t].db), CONCORD_OK);
    }
    assert_int_equal(total, (long)N_THREADS * per_thread);
    print_message("%d threads x %ld queries, every answer as expected\n",
                  N_THREADS, per_thread);
    assert_int_equal(concord_close(late), CONCORD_OK);
    free_expected();
}

int main(int argc, char **argv)
{
    if (argc > 1) /* a name or a glob: run only those tests */
        cmocka_set_test_filter(argv[1]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_share_answers_alike),
        cmocka_unit_test(test_close_the_loader_first),
        cmocka_unit_test(test_layers_on_a_shared_corpus),
        cmocka_unit_test(test_share_refused),
        cmocka_unit_test(test_parallel_queries),
    };
    return cmocka_run_group_tests_name("threads", tests, NULL, NULL);
}
