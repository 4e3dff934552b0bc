/*
** test_limits.c -- the limits a host sets on a handle (concord_limit), each
** driven at, below and above its value; concord_interrupt from another
** thread, during a statement, an import and the writing of a result
** (each of which counts steps too); and safe mode (CONCORD_OPEN_SAFE), which
*refuses file access.
**
** These are what make it safe to run query text the host did not write:
** every way a statement can grow (text, nesting, rows, hops, imports, work)
** stops with CONCORD_TOOBIG and a message naming the limit, never a crash
** or a hang.
*/
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include "concord.h"
#include "unit.h"

/* Prepare and step one statement to its end; returns the first code that
** is not CONCORD_ROW (CONCORD_DONE on success).  *rows counts the rows. */
static int run(concord_db *db, const char *q, long *rows)
{
    concord_stmt *stmt = NULL;
    long n = 0;
    int rc = concord_prepare(db, q, -1, &stmt, NULL);
    if (rc == CONCORD_OK) {
        while ((rc = concord_step(stmt)) == CONCORD_ROW)
            n++;
        concord_finalize(stmt);
    }
    if (rows)
        *rows = n;
    return rc;
}

static void assert_msg_has(concord_db *db, const char *part)
{
    const char *msg = concord_errmsg(db);
    if (strstr(msg, part) == NULL)
        fail_msg("message \"%s\" does not say \"%s\"", msg, part);
}

/* ---- the interface ------------------------------------------------------ */

static void test_defaults_names_ceilings(void **state)
{
    concord_db *db = *state;
    static const int defaults[CONCORD_N_LIMITS] = {
        1000000, 256, 10000000, 8, 16, 1000000000, 2048};
    static const char *const names[CONCORD_N_LIMITS] = {
        "length", "nesting", "rows", "hops", "imports", "steps", "memory"};
    for (int id = 0; id < CONCORD_N_LIMITS; id++) {
        assert_int_equal(concord_limit(db, id, -1), defaults[id]);
        assert_string_equal(concord_limit_name(id), names[id]);
    }
    assert_null(concord_limit_name(-1));
    assert_null(concord_limit_name(CONCORD_N_LIMITS));
    assert_int_equal(concord_limit(db, -1, 5), -1);
    assert_int_equal(concord_limit(db, CONCORD_N_LIMITS, 5), -1);
    assert_int_equal(concord_limit(NULL, CONCORD_LIMIT_ROWS, 5), -1);

    /* setting returns the old value; values are clamped to [1, ceiling] */
    assert_int_equal(concord_limit(db, CONCORD_LIMIT_HOPS, 3), 8);
    assert_int_equal(concord_limit(db, CONCORD_LIMIT_HOPS, 1000), 3);
    assert_int_equal(concord_limit(db, CONCORD_LIMIT_HOPS, -1), 64);
    assert_int_equal(concord_limit(db, CONCORD_LIMIT_NESTING, 5000), 256);
    assert_int_equal(concord_limit(db, CONCORD_LIMIT_NESTING, -1), 1000);
    assert_int_equal(concord_limit(db, CONCORD_LIMIT_IMPORTS, 1000), 16);
    assert_int_equal(concord_limit(db, CONCORD_LIMIT_IMPORTS, -1), 64);
    assert_int_equal(concord_limit(db, CONCORD_LIMIT_ROWS, 0), 10000000);
    assert_int_equal(concord_limit(db, CONCORD_LIMIT_ROWS, -1), 1);

    /* each handle has its own */
    concord_db *other = NULL;
    assert_int_equal(concord_open(&other), CONCORD_OK);
    assert_int_equal(concord_limit(other, CONCORD_LIMIT_ROWS, -1), 10000000);
    concord_close(other);
}

/* v as the docs write it: 1,000,000; below 10,000 without commas (256,
** 2048); INT_MAX as int_max says ("INT_MAX" or "2,147,483,647"). */
static const char *doc_number(int v, const char *int_max, char *buf)
{
    if (v == INT_MAX && int_max != NULL)
        return int_max;
    char digits[16];
    int n = snprintf(digits, sizeof digits, "%d", v), o = 0;
    for (int i = 0; i < n; i++) {
        if (v >= 10000 && i > 0 && (n - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

/* The line of text that starts with start (after a newline), or fail. */
static const char *doc_line(const char *text, const char *start,
                            const char *doc, char *line, size_t size)
{
    for (const char *at = text; at != NULL; at = strchr(at, '\n')) {
        if (*at == '\n')
            at++;
        if (strncmp(at, start, strlen(start)) == 0) {
            size_t n = strcspn(at, "\n");
            snprintf(line, size, "%.*s", (int)(n < size ? n : size - 1), at);
            return line;
        }
    }
    fail_msg("%s has no line starting '%s'", doc, start);
    return NULL;
}

/* Every copy of the limits for people says what the library does (the
** list is src/limit_list.h): the table in concord.h's comment,
** docs/limits.md and the table of docs/language.md name each limit with
** its default and ceiling. */
static void test_limit_docs(void **state)
{
    concord_db *db = *state;
    char *header = unit_slurp("src/concord.h", NULL);
    char *limits = unit_slurp("docs/limits.md", NULL);
    char *language = unit_slurp("docs/language.md", NULL);
    for (int id = 0; id < CONCORD_N_LIMITS; id++) {
        const char *name = concord_limit_name(id);
        int def = concord_limit(db, id, -1);
        concord_limit(db, id, INT_MAX);
        int ceiling = concord_limit(db, id, def);
        char d[32], c[32], want[128], line[512], start[64];

        /* concord.h: "**   ROWS     what it bounds     10,000,000  INT_MAX" */
        snprintf(start, sizeof start, "**   %s", name);
        for (char *u = start; *u; u++)
            *u = (char)(*u >= 'a' && *u <= 'z' ? *u - 'a' + 'A' : *u);
        doc_line(header, start, "concord.h", line, sizeof line);
        snprintf(want, sizeof want, " %s ", doc_number(def, NULL, d));
        const char *at = strstr(line + strlen(start), want);
        if (at == NULL ||
            strcmp(at + strlen(want) + strspn(at + strlen(want), " "),
                   doc_number(ceiling, "INT_MAX", c)) != 0)
            fail_msg("concord.h: '%s' should end %s %s", line, d, c);

        /* docs/limits.md: "`rows` (10,000,000, INT_MAX)" */
        snprintf(want, sizeof want, "`%s` (%s, %s)", name,
                 doc_number(def, NULL, d), doc_number(ceiling, "INT_MAX", c));
        if (strstr(limits, want) == NULL)
            fail_msg("docs/limits.md does not say %s", want);

        /* docs/language.md: "| `rows` | ... | 10,000,000 | 2,147,483,647 |" */
        snprintf(start, sizeof start, "| `%s` |", name);
        doc_line(language, start, "docs/language.md", line, sizeof line);
        snprintf(want, sizeof want, "| %s | %s |", doc_number(def, NULL, d),
                 doc_number(ceiling, NULL, c));
        size_t n = strlen(line), w = strlen(want);
        if (n < w || strcmp(line + n - w, want) != 0)
            fail_msg("docs/language.md: '%s' should end '%s'", line, want);
    }
    free(header);
    free(limits);
    free(language);
}

/* Limits given when opening (concord_options.limits) are set as
** concord_limit would set them: clamped, 0 or less for the default; they
** hold, and a built-in definition is read under them. */
static void test_limits_at_open(void **state)
{
    (void)state;
    static const int defaults[CONCORD_N_LIMITS] = {
        1000000, 256, 10000000, 8, 16, 1000000000, 2048};
    concord_options opt;
    concord_options_init(&opt);
    for (int id = 0; id < CONCORD_N_LIMITS; id++)
        assert_int_equal(opt.limits[id], 0);
    opt.limits[CONCORD_LIMIT_LENGTH] = 20;
    opt.limits[CONCORD_LIMIT_NESTING] = 5000; /* over its ceiling, 1000 */
    opt.limits[CONCORD_LIMIT_ROWS] = 3;
    opt.limits[CONCORD_LIMIT_HOPS] = -7; /* the default */
    opt.limits[CONCORD_LIMIT_STEPS] = 1;
    concord_db *db = NULL;
    assert_int_equal(concord_open_v2(&db, &opt), CONCORD_OK);
    const int want[CONCORD_N_LIMITS] = {20, 1000, 3, 8, 16, 1, 2048};
    for (int id = 0; id < CONCORD_N_LIMITS; id++)
        assert_int_equal(concord_limit(db, id, -1), want[id]);
    assert_int_equal(run(db, "clauses of 9001 where depth = 1", NULL),
                     CONCORD_TOOBIG);
    assert_msg_has(db, "length limit");
    concord_limit(db, CONCORD_LIMIT_LENGTH, 1000);
    assert_int_equal(run(db, "clauses of 9001", NULL), CONCORD_TOOBIG);
    assert_msg_has(db, "steps");
    concord_limit(db, CONCORD_LIMIT_STEPS, 1000000);
    assert_int_equal(run(db, "clauses of 9001", NULL), CONCORD_TOOBIG);
    assert_msg_has(db, "rows");
    concord_limit(db, CONCORD_LIMIT_ROWS, 1000);
    /* a built-in definition, read when called, within the limits */
    long rows = 0;
    assert_int_equal(run(db, "service_management_only()", &rows), CONCORD_DONE);
    assert_int_equal(rows, 1);
    concord_close(db);

    /* a handle sharing another's corpus takes its own limits, not the
    ** other's */
    concord_db *first = NULL, *second = NULL;
    concord_options_init(&opt);
    opt.limits[CONCORD_LIMIT_ROWS] = 2;
    assert_int_equal(concord_open_v2(&first, &opt), CONCORD_OK);
    concord_options_init(&opt);
    opt.share_corpus = first;
    opt.limits[CONCORD_LIMIT_HOPS] = 64;
    assert_int_equal(concord_open_v2(&second, &opt), CONCORD_OK);
    assert_int_equal(concord_limit(second, CONCORD_LIMIT_ROWS, -1), 10000000);
    assert_int_equal(concord_limit(second, CONCORD_LIMIT_HOPS, -1), 64);
    assert_int_equal(concord_limit(first, CONCORD_LIMIT_HOPS, -1), 8);
    concord_close(second);
    concord_close(first);

    /* a caller whose struct ends inside the array (built when there were
    ** fewer limits) sets those it has; the rest keep their defaults */
    concord_options_init(&opt);
    for (int id = 0; id < CONCORD_N_LIMITS; id++)
        opt.limits[id] = 5;
    opt.size = (unsigned)(offsetof(concord_options, limits) + 2 * sizeof(int));
    assert_int_equal(concord_open_v2(&db, &opt), CONCORD_OK);
    for (int id = 0; id < CONCORD_N_LIMITS; id++)
        assert_int_equal(concord_limit(db, id, -1), id < 2 ? 5 : defaults[id]);
    concord_close(db);
    /* and one from before the array existed sets none */
    opt.size = (unsigned)offsetof(concord_options, limits);
    assert_int_equal(concord_open_v2(&db, &opt), CONCORD_OK);
    for (int id = 0; id < CONCORD_N_LIMITS; id++)
        assert_int_equal(concord_limit(db, id, -1), defaults[id]);
    concord_close(db);
}

/* ---- length ------------------------------------------------------------- */

static void test_length(void **state)
{
    concord_db *db = *state;
    const char *q = "show 9001:4.1;";
    int n = (int)strlen(q);
    concord_limit(db, CONCORD_LIMIT_LENGTH, n);
    assert_int_equal(run(db, q, NULL), CONCORD_DONE);
    /* without the ';' one byte less is the whole statement */
    concord_limit(db, CONCORD_LIMIT_LENGTH, n - 1);
    assert_int_equal(run(db, "show 9001:4.1", NULL), CONCORD_DONE);
    assert_int_equal(run(db, q, NULL), CONCORD_TOOBIG);
    assert_msg_has(db, "1:1: the statement is longer than the length limit "
                       "(13 bytes");
    assert_int_equal(concord_error_offset(db), 0);

    /* a word cut in two by the limit is not a syntax error */
    concord_limit(db, CONCORD_LIMIT_LENGTH, 10);
    assert_int_equal(run(db, "clauses of 9001;", NULL), CONCORD_TOOBIG);
    assert_msg_has(db, "length limit");
    /* a number cut short must not run as a smaller number */
    concord_limit(db, CONCORD_LIMIT_LENGTH, 28);
    assert_int_equal(run(db, "clauses of 9001 | limit 12345;", NULL),
                     CONCORD_TOOBIG);
    /* a string still open at the limit */
    assert_int_equal(
        run(db, "clauses of 9001 where title = \"Context\";", NULL),
        CONCORD_TOOBIG);

    /* the place is the statement's first byte, past comments */
    concord_limit(db, CONCORD_LIMIT_LENGTH, 12);
    assert_int_equal(run(db, "-- a note\n  clauses of 9001;", NULL),
                     CONCORD_TOOBIG);
    assert_msg_has(db, "2:3: the statement is longer");
    assert_int_equal(concord_error_offset(db), 12);
    /* blanks and comments before a statement are not part of it */
    char comment[64];
    memset(comment, ' ', sizeof comment);
    memcpy(comment, "--", 2);
    comment[sizeof comment - 2] = '\n';
    comment[sizeof comment - 1] = '\0';
    char text[128];
    snprintf(text, sizeof text, "%sstandards;", comment);
    assert_int_equal(run(db, text, NULL), CONCORD_DONE);

    /* statements in one text are measured one by one */
    concord_limit(db, CONCORD_LIMIT_LENGTH, 16);
    const char *script = "standards; clauses of 9001; show 9001:4.1;";
    const char *tail = script;
    int ran = 0;
    while (*tail) {
        concord_stmt *stmt = NULL;
        assert_int_equal(concord_prepare(db, tail, -1, &stmt, &tail),
                         CONCORD_OK);
        if (stmt == NULL)
            break;
        concord_finalize(stmt);
        ran++;
    }
    assert_int_equal(ran, 3);
}

/* 10 MB of query text: refused at the limit, without reading it all. */
static void test_length_ten_megabytes(void **state)
{
    concord_db *db = *state;
    size_t n = 10u * 1024 * 1024;
    char *q = malloc(n + 1);
    assert_non_null(q);
    const char *head = "clauses of 9001 where title = \"";
    memcpy(q, head, strlen(head));
    memset(q + strlen(head), 'a', n - strlen(head) - 2);
    memcpy(q + n - 2, "\";", 2);
    q[n] = '\0';
    assert_int_equal(run(db, q, NULL), CONCORD_TOOBIG);
    assert_msg_has(db, "1:1: the statement is longer than the length limit "
                       "(1000000 bytes; raise it");
    /* raised, the same text runs (and matches nothing) */
    concord_limit(db, CONCORD_LIMIT_LENGTH, (int)n);
    long rows = -1;
    assert_int_equal(run(db, q, &rows), CONCORD_DONE);
    assert_int_equal(rows, 0);
    free(q);
}

/* ---- nesting ------------------------------------------------------------ */

/* "clauses of 9001 where ((...(title = "x")...))" with depth levels. */
static char *nested(int depth)
{
    const char *head = "clauses of 9001 where ", *mid = "title = \"x\"";
    size_t n = strlen(head) + strlen(mid) + 2 * (size_t)depth + 2;
    char *q = malloc(n);
    assert_non_null(q);
    char *p = q;
    p += sprintf(p, "%s", head);
    memset(p, '(', (size_t)depth);
    p += depth;
    p += sprintf(p, "%s", mid);
    memset(p, ')', (size_t)depth);
    p[depth] = '\0';
    return q;
}

static void test_nesting(void **state)
{
    concord_db *db = *state;
    char *q = nested(256);
    assert_int_equal(run(db, q, NULL), CONCORD_DONE);
    free(q);
    q = nested(257);
    assert_int_equal(run(db, q, NULL), CONCORD_TOOBIG);
    assert_msg_has(db, "more than 256 levels of parentheses: the nesting "
                       "limit");
    free(q);

    concord_limit(db, CONCORD_LIMIT_NESTING, 10);
    q = nested(10);
    assert_int_equal(run(db, q, NULL), CONCORD_DONE);
    free(q);
    q = nested(11);
    assert_int_equal(run(db, q, NULL), CONCORD_TOOBIG);
    assert_msg_has(db, "more than 10 levels");
    free(q);

    /* 100,000 levels: refused, no stack overflow, the handle still works */
    concord_limit(db, CONCORD_LIMIT_NESTING, 1000);
    q = nested(100000);
    assert_int_equal(run(db, q, NULL), CONCORD_TOOBIG);
    assert_msg_has(db, "more than 1000 levels");
    free(q);
    assert_int_equal(run(db, "standards", NULL), CONCORD_DONE);
}

/* ---- rows --------------------------------------------------------------- */

static void test_rows(void **state)
{
    concord_db *db = *state;
    const char *q = "clauses of 9001";
    long rows = 0;
    assert_int_equal(run(db, q, &rows), CONCORD_DONE);
    assert_true(rows > 10);

    concord_limit(db, CONCORD_LIMIT_ROWS, (int)rows);
    assert_int_equal(run(db, q, NULL), CONCORD_DONE);
    concord_limit(db, CONCORD_LIMIT_ROWS, (int)rows - 1);
    long got = -1;
    assert_int_equal(run(db, q, &got), CONCORD_TOOBIG);
    assert_int_equal(got, 0); /* no partial result */
    assert_msg_has(db, "more than");
    assert_msg_has(db, "rows limit");

    /* the tables a result is made from count too */
    assert_int_equal(run(db, "clauses of 9001 | limit 3", NULL),
                     CONCORD_TOOBIG);
    assert_int_equal(run(db, "clauses of 9001 | count", NULL), CONCORD_TOOBIG);
    /* and the limit is per handle, read at each run */
    concord_limit(db, CONCORD_LIMIT_ROWS, 100000);
    assert_int_equal(run(db, "clauses of 9001 | limit 3", &got), CONCORD_DONE);
    assert_int_equal(got, 3);
}

/* ---- hops --------------------------------------------------------------- */

static void test_hops(void **state)
{
    concord_db *db = *state;
    assert_int_equal(run(db, "path 9001:6.3 to 27001:A.14.2.2 max 8", NULL),
                     CONCORD_DONE);
    assert_int_equal(run(db, "path 9001:6.3 to 27001:A.14.2.2 max 9", NULL),
                     CONCORD_TOOBIG);
    assert_msg_has(db, "outside 1 to 8 hops (the hops limit");

    concord_limit(db, CONCORD_LIMIT_HOPS, 2);
    assert_int_equal(run(db, "path 9001:6.3 to 27001:A.14.2.2 max 2", NULL),
                     CONCORD_DONE);
    assert_int_equal(run(db, "path 9001:6.3 to 27001:A.14.2.2 max 3", NULL),
                     CONCORD_TOOBIG);
    assert_msg_has(db, "outside 1 to 2 hops");
    /* without `max`, the path looks 4 hops far, or as far as the limit
    ** allows when that is less */
    concord_limit(db, CONCORD_LIMIT_HOPS, 1);
    assert_int_equal(run(db, "path 9001:6.3 to 27001:A.14.2.2", NULL),
                     CONCORD_NOTFOUND);
    assert_msg_has(db, "within 1 hop");
}

/* ---- imports ------------------------------------------------------------ */

/* In a new folder, files f1.cq .. fN.cq where each imports the next and
** the last defines `let deepest = standards;`.  Returns the folder. */
static char *import_chain(int n)
{
    char tmpl[] = "/tmp/concord-limits.XXXXXX";
    char *dir = mkdtemp(tmpl);
    assert_non_null(dir);
    char *copy = strdup(dir);
    assert_non_null(copy);
    for (int i = 1; i <= n; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/f%d.cq", copy, i);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        if (i < n)
            fprintf(f, "import \"f%d.cq\";\n", i + 1);
        else
            fputs("let deepest = standards;\n", f);
        fclose(f);
    }
    return copy;
}

static void remove_chain(char *dir, int n)
{
    for (int i = 1; i <= n; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/f%d.cq", dir, i);
        remove(path);
    }
    rmdir(dir);
    free(dir);
}

static void test_imports(void **state)
{
    concord_db *db = *state;
    char *dir = import_chain(4);
    char q[512];
    snprintf(q, sizeof q, "import \"%s/f1.cq\"", dir);

    concord_limit(db, CONCORD_LIMIT_IMPORTS, 4);
    assert_int_equal(run(db, q, NULL), CONCORD_DONE);
    assert_int_equal(run(db, "deepest", NULL), CONCORD_DONE);

    concord_db *db2 = NULL;
    assert_int_equal(concord_open(&db2), CONCORD_OK);
    concord_limit(db2, CONCORD_LIMIT_IMPORTS, 3);
    assert_int_equal(run(db2, q, NULL), CONCORD_TOOBIG);
    assert_msg_has(db2, "imports nested too deep (more than 3 files; the "
                        "imports limit)");
    /* nothing of the refused chain was defined */
    assert_int_equal(run(db2, "deepest", NULL), CONCORD_NOTFOUND);
    concord_close(db2);
    remove_chain(dir, 4);
}

/* ---- steps -------------------------------------------------------------- */

/* The fewest steps q needs (it fails with TOOBIG below, runs at it). */
static int steps_needed(concord_db *db, const char *q)
{
    int lo = 1, hi = 1;
    for (;;) {
        concord_limit(db, CONCORD_LIMIT_STEPS, hi);
        if (run(db, q, NULL) == CONCORD_DONE)
            break;
        assert_msg_has(db, "steps limit");
        lo = hi + 1;
        hi *= 2;
    }
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        concord_limit(db, CONCORD_LIMIT_STEPS, mid);
        if (run(db, q, NULL) == CONCORD_DONE)
            hi = mid;
        else
            lo = mid + 1;
    }
    return hi;
}

static void test_steps(void **state)
{
    concord_db *db = *state;
    const char *q = "gap 20000-1 against 9001";
    int need = steps_needed(db, q);
    /* at least one step per clause of 20000-1 looked at */
    assert_true(need > 50);
    concord_limit(db, CONCORD_LIMIT_STEPS, need);
    assert_int_equal(run(db, q, NULL), CONCORD_DONE);
    concord_limit(db, CONCORD_LIMIT_STEPS, need - 1);
    assert_int_equal(run(db, q, NULL), CONCORD_TOOBIG);
    assert_msg_has(db, "the statement stopped after");
    /* the same work each time: the count is per statement, not per handle */
    assert_int_equal(steps_needed(db, q), need);

    /* every kind of statement counts its work */
    const char *kinds[] = {"clauses of 27001",
                           "correlate 20000-1 with 27001",
                           "correlate 20000-1 with 27001 via 9001",
                           "coverage of 20000-1 by 9001",
                           "path 9001:6.3 to 27001:A.14.2.2",
                           "integrate 20000-1, 9001, 27001",
                           "common 20000-1, 9001",
                           "clauses of 9001 union clauses of 27001",
                           "clauses of 9001 | sort by title | limit 5",
                           NULL};
    for (int i = 0; kinds[i]; i++) {
        concord_limit(db, CONCORD_LIMIT_STEPS, 3);
        if (run(db, kinds[i], NULL) != CONCORD_TOOBIG)
            fail_msg("'%s' ran within 3 steps", kinds[i]);
    }
}

/* ---- interrupt ---------------------------------------------------------- */

typedef struct interrupter {
    concord_db *db;
    atomic_int stop; /* atomic: volatile does not order threads */
} interrupter;

static void *interrupt_loop(void *arg)
{
    interrupter *it = arg;
    while (!atomic_load(&it->stop)) {
        concord_interrupt(it->db);
        sched_yield();
    }
    return NULL;
}

static void test_interrupt_from_a_thread(void **state)
{
    concord_db *db = *state;
    const char *q =
        "clauses of 27001 union clauses of 9001 union clauses of 20000-1";
    /* enough work that the check (every 64 steps) comes round often */
    assert_true(steps_needed(db, q) > 1024);
    concord_limit(db, CONCORD_LIMIT_STEPS, 1000000000);

    /* nothing running: an interrupt is not kept for later */
    concord_interrupt(db);
    concord_interrupt(NULL);
    assert_int_equal(run(db, q, NULL), CONCORD_DONE);

    interrupter it = {.db = db};
    atomic_init(&it.stop, 0);
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, interrupt_loop, &it), 0);
    int interrupted = 0;
    /* until an interrupt lands mid-statement (at most a minute, which
    ** only a machine that never runs the second thread would need) */
    time_t give_up = time(NULL) + 60;
    while (!interrupted && time(NULL) < give_up) {
        long rows = -1;
        int rc = run(db, q, &rows);
        if (rc == CONCORD_INTERRUPT) {
            interrupted = 1;
            assert_int_equal(rows, 0);
            assert_string_equal(concord_errmsg(db), "interrupted");
        } else {
            assert_int_equal(rc, CONCORD_DONE);
        }
    }
    atomic_store(&it.stop, 1);
    pthread_join(thread, NULL);
    assert_true(interrupted);
    /* the handle goes on as before */
    long rows = 0;
    assert_int_equal(run(db, q, &rows), CONCORD_DONE);
    assert_true(rows > 0);
}

/* An allocator that interrupts its handle at its at-th allocation, as
** Ctrl-C may come at any moment of a prepare: reading the text, making the
** tree, compiling it. */
typedef struct tripwire {
    concord_db *db;
    long count; /* allocations so far */
    long at;    /* 0: never */
} tripwire;

static void *tripwire_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    tripwire *t = ud;
    (void)osize;
    if (nsize == 0) {
        free(ptr);
        return NULL;
    }
    if (++t->count == t->at && t->db)
        concord_interrupt(t->db);
    return realloc(ptr, nsize);
}

/* A handle of the built-in corpus drawing on t, which interrupts it. */
static concord_db *tripwire_open(tripwire *t)
{
    concord_options opt;
    concord_options_init(&opt);
    opt.alloc = tripwire_alloc;
    opt.alloc_ud = t;
    concord_db *db = NULL;
    assert_int_equal(concord_open_v2(&db, &opt), CONCORD_OK);
    t->db = db;
    return db;
}

static void test_prepare_interrupt(void **state)
{
    (void)state;
    tripwire t = {0};
    concord_db *db = tripwire_open(&t);
    /* long enough to be read in several chunks */
    const char *q = "correlate 20000-1 with 27001 via 9001 where strength >= 3 "
                    "| group by from | sort by from | select from, count "
                    "| where count > 0 "
                    "-- a comment to make the statement a little longer, "
                    "so that it is read in more than one chunk of text "
                    "......................................................"
                    "......................................................"
                    "......................................................"
                    "......................................................"
                    "......................................................"
                    "......................................................"
                    "......................................................\n"
                    " | limit 3";
    assert_true(strlen(q) > 512);
    concord_stmt *stmt = NULL;
    t.count = 0;
    assert_int_equal(concord_prepare(db, q, -1, &stmt, NULL), CONCORD_OK);
    concord_finalize(stmt);
    long n = t.count;
    if (n <= 5)
        fail_msg("a prepare of %ld allocations", n);
    /* an interrupt at any allocation of the prepare stops it, and the
    ** statement does not exist to run */
    for (long k = 1; k <= n; k++) {
        t.count = 0;
        t.at = k;
        stmt = NULL;
        int rc = concord_prepare(db, q, -1, &stmt, NULL);
        if (rc != CONCORD_INTERRUPT)
            fail_msg("interrupt at allocation %ld of %ld: %d", k, n, rc);
        assert_null(stmt);
        assert_string_equal(concord_errmsg(db), "interrupted");
    }
    /* the interrupt was for that prepare only */
    t.at = 0;
    long rows = 0;
    assert_int_equal(run(db, q, &rows), CONCORD_DONE);
    assert_true(rows > 0);
    /* and a long statement stops while it is still being read: the
    ** interrupt at the first allocation comes before the first chunk, so
    ** the prepare makes far fewer allocations than a whole one */
    size_t stages = 20000;
    char *text = malloc(16 + 8 * stages);
    assert_non_null(text);
    strcpy(text, "show 9001:4");
    for (size_t i = 0; i < stages; i++)
        strcat(text + 11 + 8 * (i ? i - 1 : 0), " | count");
    t.count = 0;
    t.at = 0;
    assert_int_equal(concord_prepare(db, text, -1, &stmt, NULL), CONCORD_OK);
    concord_finalize(stmt);
    long whole = t.count;
    t.count = 0;
    t.at = 1;
    assert_int_equal(concord_prepare(db, text, -1, &stmt, NULL),
                     CONCORD_INTERRUPT);
    if (t.count * 2 > whole)
        fail_msg("stopped after %ld allocations of %ld", t.count, whole);
    free(text);
    concord_close(db);
}

/* ---- importing and writing count steps and see interrupts --------------- */

/* A SSSOM file of n rows, each mapping a clause of a new standard X1 (the
** layer brings it) to 27001:4, in a new temporary file: its path. */
static char *big_mapping(int n)
{
    char tmpl[] = "/tmp/concord-limits-map.XXXXXX";
    int fd = mkstemp(tmpl);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    const char *ns = "urn:uuid:f2278518-8de2-4a8b-8f59-2ed9d6c313f3#std/";
    fprintf(f, "#curie_map:\n#  stdX1: %sX1/\n#  std27001: %s27001/\n", ns, ns);
    fputs("subject_id\tpredicate_id\tobject_id\tmapping_justification\n", f);
    for (int i = 1; i <= n; i++)
        fprintf(f,
                "stdX1:%d\tskos:exactMatch\tstd27001:4\t"
                "semapv:ManualMappingCuration\n",
                i);
    assert_int_equal(fclose(f), 0);
    char *path = strdup(tmpl);
    assert_non_null(path);
    return path;
}

static void test_import_steps(void **state)
{
    concord_db *db = *state;
    char *path = big_mapping(3000);
    char want[512];
    /* reading the file: the 101st row (line 105) is a step too many */
    concord_limit(db, CONCORD_LIMIT_STEPS, 100);
    assert_int_equal(concord_import(db, path), CONCORD_TOOBIG);
    snprintf(want, sizeof want,
             "%s:105:1: reading stopped after 100 steps of work (the steps "
             "limit",
             path);
    assert_msg_has(db, want);
    /* building the layer from the 3000 rows read counts on */
    concord_limit(db, CONCORD_LIMIT_STEPS, 5000);
    assert_int_equal(concord_import(db, path), CONCORD_TOOBIG);
    snprintf(want, sizeof want, "%s:2005: loading stopped after 5000 steps",
             path);
    assert_msg_has(db, want);
    /* the corpus is unchanged after either */
    assert_int_equal(run(db, "clauses of X1", NULL), CONCORD_NOTFOUND);
    /* the `import` statement too, located at the statement */
    char q[512];
    snprintf(q, sizeof q, "import \"%s\"", path);
    concord_limit(db, CONCORD_LIMIT_STEPS, 100);
    assert_int_equal(run(db, q, NULL), CONCORD_TOOBIG);
    assert_msg_has(db, "cannot import");
    assert_msg_has(db, "reading stopped after 100 steps");
    assert_int_equal(concord_error_offset(db), 7);
    /* within the limit it loads */
    concord_limit(db, CONCORD_LIMIT_STEPS, 1000000);
    assert_int_equal(concord_import(db, path), CONCORD_OK);
    long rows = 0;
    assert_int_equal(run(db, "clauses of X1", &rows), CONCORD_DONE);
    assert_int_equal(rows, 3000);
    remove(path);
    free(path);
}

static void test_import_interrupt(void **state)
{
    (void)state;
    char *path = big_mapping(20000);
    concord_db *db = NULL;
    assert_int_equal(concord_open(&db), CONCORD_OK);
    interrupter it = {.db = db};
    atomic_init(&it.stop, 0);
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, interrupt_loop, &it), 0);
    int interrupted = 0, imported = 0;
    /* as test_interrupt_from_a_thread: until one lands mid-import; a
    ** layer that did load is stacked again, so there is always work */
    time_t give_up = time(NULL) + 60;
    while (!interrupted && imported < 200 && time(NULL) < give_up) {
        int rc = concord_import(db, path);
        if (rc == CONCORD_INTERRUPT) {
            interrupted = 1;
            assert_msg_has(db, path);
            assert_msg_has(db, "interrupted");
        } else {
            assert_int_equal(rc, CONCORD_OK);
            imported++;
        }
    }
    atomic_store(&it.stop, 1);
    pthread_join(thread, NULL);
    assert_true(interrupted);
    /* the handle goes on as before, with the layers that did load */
    long rows = 0;
    int rc = run(db, "clauses of X1", &rows);
    if (imported > 0) {
        assert_int_equal(rc, CONCORD_DONE);
        assert_int_equal(rows, 20000);
    } else {
        assert_int_equal(rc, CONCORD_NOTFOUND);
    }
    assert_int_equal(run(db, "clauses of 27001", &rows), CONCORD_DONE);
    concord_close(db);
    remove(path);
    free(path);
}

/* An interrupt at any allocation of an import stops it: while the file is
** read, while its rows are checked, and while the new graph is built
** (graph_build.c asks between its passes); the handle keeps the corpus it
** had. */
static void test_import_interrupt_anywhere(void **state)
{
    (void)state;
    char *path = big_mapping(300);
    tripwire t = {0};
    concord_db *db = tripwire_open(&t);
    /* the allocations of a whole import, on a handle of its own */
    concord_db *other = tripwire_open(&t);
    t.count = 0;
    assert_int_equal(concord_import(other, path), CONCORD_OK);
    long n = t.count;
    concord_close(other);
    t.db = db;
    assert_true(n > 20);
    for (long k = 1; k <= n; k++) {
        t.count = 0;
        t.at = k;
        int rc = concord_import(db, path);
        if (rc != CONCORD_INTERRUPT)
            fail_msg("interrupt at allocation %ld of %ld: %d (%s)", k, n, rc,
                     concord_errmsg(db));
        assert_msg_has(db, "interrupted");
    }
    t.at = 0;
    long rows = 0;
    assert_int_equal(run(db, "clauses of X1", &rows), CONCORD_NOTFOUND);
    assert_int_equal(concord_import(db, path), CONCORD_OK);
    assert_int_equal(run(db, "clauses of X1", &rows), CONCORD_DONE);
    assert_int_equal(rows, 300);
    concord_close(db);
    remove(path);
    free(path);
}

/* A write callback that counts bytes, and interrupts the handle it is
** given on its first call, as another thread or a signal handler might. */
typedef struct sink {
    concord_db *interrupt; /* NULL: only count */
    size_t bytes;
    int calls;
} sink;

static int sink_write(void *ctx, const char *data, size_t len)
{
    sink *s = ctx;
    (void)data;
    if (s->calls++ == 0 && s->interrupt)
        concord_interrupt(s->interrupt);
    s->bytes += len;
    return 0;
}

/* Write stmt's result as format into s; the code it returns. */
static int write_into(concord_stmt *stmt, int format, sink *s)
{
    return concord_write_result(stmt, format, sink_write, s);
}

static void test_write_steps(void **state)
{
    concord_db *db = *state;
    const char *q = "correlate 20000-1 with 27001";
    int need = steps_needed(db, q);
    const int formats[] = {
        CONCORD_FORMAT_TSV,   CONCORD_FORMAT_TABLE,    CONCORD_FORMAT_CSV,
        CONCORD_FORMAT_JSON,  CONCORD_FORMAT_MARKDOWN, CONCORD_FORMAT_JSONL,
        CONCORD_FORMAT_DOT,   CONCORD_FORMAT_OSCAL,    CONCORD_FORMAT_STRM,
        CONCORD_FORMAT_SSSOM,
    };
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        concord_stmt *stmt = NULL;
        assert_int_equal(concord_prepare(db, q, -1, &stmt, NULL), CONCORD_OK);
        /* running fits the limit; writing each line is one step more */
        concord_limit(db, CONCORD_LIMIT_STEPS, need);
        sink out = {0};
        int rc = write_into(stmt, formats[i], &out);
        if (rc != CONCORD_TOOBIG)
            fail_msg("%s: %d", concord_format_name(formats[i]), rc);
        assert_msg_has(db, "writing its result (the steps limit");
        assert_int_equal(concord_error_offset(db), 0);
        /* with room for the lines it writes everything */
        assert_int_equal(concord_reset(stmt), CONCORD_OK);
        concord_limit(db, CONCORD_LIMIT_STEPS, need + 2000);
        sink all = {0};
        assert_int_equal(write_into(stmt, formats[i], &all), CONCORD_DONE);
        assert_true(all.bytes > out.bytes);
        concord_finalize(stmt);
    }
}

static void test_write_interrupt(void **state)
{
    concord_db *db = *state;
    concord_stmt *stmt = NULL;
    assert_int_equal(concord_prepare(db, "clauses", -1, &stmt, NULL),
                     CONCORD_OK);
    sink all = {0};
    assert_int_equal(write_into(stmt, CONCORD_FORMAT_TSV, &all), CONCORD_DONE);
    assert_true(all.calls > 4); /* several chunks: room to stop between */
    assert_int_equal(concord_reset(stmt), CONCORD_OK);
    sink cut = {.interrupt = db};
    assert_int_equal(write_into(stmt, CONCORD_FORMAT_TSV, &cut),
                     CONCORD_INTERRUPT);
    assert_string_equal(concord_errmsg(db), "interrupted");
    assert_true(cut.bytes < all.bytes);
    /* the interrupt was for that write only */
    assert_int_equal(concord_reset(stmt), CONCORD_OK);
    sink again = {0};
    assert_int_equal(write_into(stmt, CONCORD_FORMAT_TSV, &again),
                     CONCORD_DONE);
    assert_true(again.bytes == all.bytes);
    concord_finalize(stmt);
}

/* The passes an export makes over the rows before it writes a line
** (OSCAL, SSSOM and STRM deduplicate and name the standards, DOT gathers
** its nodes) see an interrupt at the next row: one that comes at the first
** allocation of the write stops it long before a whole write's work. */
static void test_export_prepass_interrupt(void **state)
{
    (void)state;
    tripwire t = {0};
    concord_db *db = tripwire_open(&t);
    const int formats[] = {CONCORD_FORMAT_OSCAL, CONCORD_FORMAT_SSSOM,
                           CONCORD_FORMAT_STRM, CONCORD_FORMAT_DOT};
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        const char *name = concord_format_name(formats[i]);
        concord_stmt *stmt = NULL;
        assert_int_equal(concord_prepare(db, "correlate 20000-1 with 27001", -1,
                                         &stmt, NULL),
                         CONCORD_OK);
        t.count = 0;
        t.at = 0;
        sink all = {0};
        assert_int_equal(write_into(stmt, formats[i], &all), CONCORD_DONE);
        long whole = t.count;
        assert_int_equal(concord_reset(stmt), CONCORD_OK);
        assert_int_equal(concord_step(stmt), CONCORD_ROW);
        t.count = 0;
        t.at = 1;
        sink cut = {0};
        int rc = write_into(stmt, formats[i], &cut);
        if (rc != CONCORD_INTERRUPT)
            fail_msg("%s: %d", name, rc);
        assert_string_equal(concord_errmsg(db), "interrupted");
        assert_int_equal(cut.bytes, 0);
        if (t.count * 2 > whole)
            fail_msg("%s: stopped after %ld allocations of %ld", name, t.count,
                     whole);
        t.at = 0;
        concord_finalize(stmt);
    }
    concord_close(db);
}

/* ---- safe mode ---------------------------------------------------------- */

static void test_safe_mode(void **state)
{
    (void)state;
    concord_options opt;
    concord_options_init(&opt);
    opt.flags = CONCORD_OPEN_SAFE;
    concord_db *db = NULL;
    assert_int_equal(concord_open_v2(&db, &opt), CONCORD_OK);

    /* queries run */
    assert_int_equal(run(db, "correlate 20000-1:8.5.1 with 27001", NULL),
                     CONCORD_DONE);
    /* the built-in stdlib reads no file: allowed */
    assert_int_equal(run(db, "import \"stdlib/integration.cq\"", NULL),
                     CONCORD_DONE);

    /* a file is refused, whether or not it exists */
    char *dir = import_chain(1);
    char q[512];
    snprintf(q, sizeof q, "import \"%s/f1.cq\"", dir);
    assert_int_equal(run(db, q, NULL), CONCORD_ERROR);
    assert_msg_has(db, "1:8: import of a file is not allowed in safe mode");
    assert_int_equal(run(db, "deepest", NULL), CONCORD_NOTFOUND);
    assert_int_equal(run(db, "import \"no-such.cq\"", NULL), CONCORD_ERROR);
    assert_msg_has(db, "safe mode");

    /* writing an image is refused, and writes nothing */
    char image[512];
    snprintf(image, sizeof image, "%s/out.img", dir);
    assert_int_equal(concord_save_image(db, image), CONCORD_ERROR);
    assert_msg_has(db, "not allowed in safe mode");
    assert_int_equal(access(image, F_OK), -1);
    concord_close(db);

    /* the same file, without safe mode, imports */
    assert_int_equal(concord_open(&db), CONCORD_OK);
    assert_int_equal(run(db, q, NULL), CONCORD_DONE);
    assert_int_equal(run(db, "deepest", NULL), CONCORD_DONE);
    concord_close(db);
    remove_chain(dir, 1);
}

/* A caller built before `flags` existed passes a smaller struct: it gets
** the defaults, not whatever lies past its struct. */
/* A corpus whose high level structure is one chain of clauses 60,000
** deep (a corpus allows 65,535), and a standard with a clause at its
** bottom and one added beside it. */
static char *deep_outline_corpus(void)
{
    char *dir = unit_temp_dir("deep");
    char path[1100];
    snprintf(path, sizeof path, "%s/standards.tsv", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("id\ttitle\tyear\trole\tnotes\n"
          "hls\tA structure\t2012\tstructure\t\n"
          "x\tA standard\t2020\tmss\t\n",
          f);
    fclose(f);
    snprintf(path, sizeof path, "%s/clauses.tsv", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("standard\tnumber\ttitle\tparent\torigin\tsource\n", f);
    for (int i = 1; i <= 60000; i++)
        fprintf(f, "hls\tc%d\tLevel %d\t%s%.0d\thls\t\n", i, i,
                i > 1 ? "c" : "", i > 1 ? i - 1 : 0);
    fputs("x\tc60000\tBottom\t\thls\t\n"
          "x\t9\tAdded\t\tadded\t\n",
          f);
    fclose(f);
    const char *empty[] = {"edges.tsv", "terms.tsv", "term_links.tsv"};
    const char *header[] = {
        "from\tto\tannex\trelation\tstrength\tconfidence\tsource\tnote\n",
        "vocabulary\tentry\tterm\thls\tsource\n",
        "from\tto\trelation\tnote\tsource\n"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, empty[i]);
        f = fopen(path, "w");
        assert_non_null(f);
        fputs(header[i], f);
        fclose(f);
    }
    return dir;
}

typedef struct deep_run {
    const char *dir;
    long integrate_rows, audit_rows;
    int integrate_rc, audit_rc;
} deep_run;

static void *run_deep(void *arg)
{
    deep_run *d = arg;
    concord_db *db = unit_open(d->dir, NULL);
    d->integrate_rc = run(db, "integrate x", &d->integrate_rows);
    d->audit_rc = run(db, "audit plan x", &d->audit_rows);
    concord_close(db);
    return NULL;
}

/* integrate and audit plan walk the high level structure depth first: a
** structure 60,000 levels deep answers on a thread with a 256 KiB stack
** (a recursion a level a call overflowed it). */
static void test_deep_outline(void **state)
{
    (void)state;
    char *dir = deep_outline_corpus();
    deep_run d = {dir, 0, 0, -1, -1};
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    assert_int_equal(pthread_attr_setstacksize(&attr, 256 * 1024), 0);
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, &attr, run_deep, &d), 0);
    pthread_join(thread, NULL);
    pthread_attr_destroy(&attr);
    assert_int_equal(d.integrate_rc, CONCORD_DONE);
    /* each level, and the two clauses no edge places on the structure */
    assert_int_equal(d.integrate_rows, 60002);
    assert_int_equal(d.audit_rc, CONCORD_DONE);
    assert_true(d.audit_rows >= 2);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(dir);
}

static void test_older_options_size(void **state)
{
    (void)state;
    struct {
        concord_options opt;
        unsigned char junk[16];
    } big;
    memset(&big, 0xFF, sizeof big);
    concord_options_init(&big.opt);
    big.opt.size = (unsigned)offsetof(concord_options, flags);
    big.opt.flags = CONCORD_OPEN_SAFE; /* past the size: not read */
    concord_db *db = NULL;
    assert_int_equal(concord_open_v2(&db, &big.opt), CONCORD_OK);
    char path[] = "/tmp/concord-limits-img.XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(concord_save_image(db, path), CONCORD_OK);
    remove(path);
    concord_close(db);

    /* larger than this library knows: refused */
    concord_options_init(&big.opt);
    big.opt.size = (unsigned)sizeof big;
    assert_int_equal(concord_open_v2(&db, &big.opt), CONCORD_MISUSE);
    concord_close(db);
}

/* The memory limit bounds a session, not a statement: `let` tables that
** each fit add up to it, and the statement that would pass it fails,
** located, with CONCORD_TOOBIG; a handle opened with it in the options
** holds it too.  Finalizing gives the memory back. */
static void test_memory(void **state)
{
    concord_db *db = *state;
    assert_int_equal(concord_limit(db, CONCORD_LIMIT_MEMORY, 8), 2048);
    int rc = CONCORD_DONE, i;
    char q[64];
    for (i = 0; i < 1000 && rc == CONCORD_DONE; i++) {
        snprintf(q, sizeof q, "let t%d = clauses", i);
        rc = run(db, q, NULL);
    }
    assert_int_equal(rc, CONCORD_TOOBIG);
    assert_true(i > 1 && i < 1000);
    assert_msg_has(db, "1:1: the session holds more than 8 MiB (the memory "
                       "limit; raise it with --limit memory=N");
    /* a statement that fits still runs, and one too big alone fails */
    assert_int_equal(run(db, "standards", NULL), CONCORD_DONE);
    concord_limit(db, CONCORD_LIMIT_MEMORY, 1000);
    assert_int_equal(run(db, "let more = clauses", NULL), CONCORD_DONE);

    concord_options opt;
    concord_options_init(&opt);
    opt.limits[CONCORD_LIMIT_MEMORY] = 1;
    concord_db *small = NULL;
    assert_int_equal(concord_open_v2(&small, &opt), CONCORD_OK);
    assert_int_equal(concord_limit(small, CONCORD_LIMIT_MEMORY, -1), 1);
    for (i = 0, rc = CONCORD_DONE; i < 100 && rc == CONCORD_DONE; i++)
        rc = run(small, "let t = clauses | select clause, title", NULL);
    assert_int_equal(rc, CONCORD_TOOBIG);
    assert_msg_has(small, "memory limit");
    concord_close(small);
}

int main(int argc, char **argv)
{
    if (argc > 1) /* a name or a glob: run only those tests */
        cmocka_set_test_filter(argv[1]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_defaults_names_ceilings,
                                        unit_open_builtin, unit_close_db),
        cmocka_unit_test_setup_teardown(test_limit_docs, unit_open_builtin,
                                        unit_close_db),
        cmocka_unit_test_setup_teardown(test_length, unit_open_builtin,
                                        unit_close_db),
        cmocka_unit_test_setup_teardown(test_length_ten_megabytes,
                                        unit_open_builtin, unit_close_db),
        cmocka_unit_test_setup_teardown(test_nesting, unit_open_builtin,
                                        unit_close_db),
        cmocka_unit_test_setup_teardown(test_rows, unit_open_builtin,
                                        unit_close_db),
        cmocka_unit_test_setup_teardown(test_hops, unit_open_builtin,
                                        unit_close_db),
        cmocka_unit_test_setup_teardown(test_imports, unit_open_builtin,
                                        unit_close_db),
        cmocka_unit_test_setup_teardown(test_steps, unit_open_builtin,
                                        unit_close_db),
        cmocka_unit_test_setup_teardown(test_interrupt_from_a_thread,
                                        unit_open_builtin, unit_close_db),
        cmocka_unit_test(test_prepare_interrupt),
        cmocka_unit_test_setup_teardown(test_import_steps, unit_open_builtin,
                                        unit_close_db),
        cmocka_unit_test(test_import_interrupt),
        cmocka_unit_test(test_import_interrupt_anywhere),
        cmocka_unit_test_setup_teardown(test_write_steps, unit_open_builtin,
                                        unit_close_db),
        cmocka_unit_test_setup_teardown(test_write_interrupt, unit_open_builtin,
                                        unit_close_db),
        cmocka_unit_test(test_export_prepass_interrupt),
        cmocka_unit_test(test_safe_mode),
        cmocka_unit_test(test_older_options_size),
        cmocka_unit_test(test_deep_outline),
        cmocka_unit_test(test_limits_at_open),
        cmocka_unit_test_setup_teardown(test_memory, unit_open_builtin,
                                        unit_close_db),
    };
    return cmocka_run_group_tests_name("limits", tests, NULL, NULL);
}
