/*
** test_oom.c -- the allocation-failure sweep (`make check-oom`, part of
** `make test`): for each scenario, fail allocation n = 1, 2, ... (once, and
** then from n on) until the scenario runs without meeting a failure.
**
** Every run must either succeed as the run without injection does or
** report CONCORD_NOMEM with the message "out of memory" -- never another
** code, never a syntax error -- and leave exactly the blocks it found (no
** leak; zero after the handle is closed).  The handle must stay usable:
** the sweep goes on with the same handle, and its last run, which meets no
** failure, must give the reference answer.  The scenarios: opening the
** built-in corpus, loading corpus folders, sharing another handle's corpus
** (with a layer on top, and without), preparing and running a
** statement of every kind (and errors), writing every output format,
** concord_exec, and the program's script runner and REPL statement loop.
**
** Each sweep prints how many allocations the scenario needs (as Lua's
** testalloc does), so a jump in that number shows up in review.
**
** Run from the repository root (corpus/ and tests/data/ are read).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "test_alloc.h"

#include "cli.h"
#include "concord.h"

/* The statements run by the statement sweeps: one of every kind the
** language has (docs/language.md), including kinds the compiler does not
** run yet (their answer, an error, is then what must hold under injection)
** and the errors that build messages with suggestions. */
static const char *const statements[] = {
    "standards",
    "show 20000-1:8.5.1",
    "show 27001",
    "clauses of 20000-1:8.* where origin = added and depth <= 3",
    "clauses of 9001 where number in (\"10.1\", \"10.2\") or title ~ 'risk'",
    "clauses where title ~ 'management' and depth >= 2",
    "correlate 20000-1:8.5.* with 27001 where confidence in (medium, low)",
    "correlate 20000-1:8.* with 9001, 27001 where strength >= 6",
    "correlate 9001:8.5.6 with 27001 via 20000-1",
    "gap 20000-1 against 9001 where depth = 2",
    "gap between 20000-1 and 9001 where depth = 1",
    "coverage of 27001:A.* by 20000-1",
    "coverage between 27001 and 20000-1",
    "terms of 20000-1 where hls = yes and relation(9000) = modified",
    "term \"corrective action\"",
    "path 9001:6.3 to 27001:A.14.2.2 max 3",
    "integrate 20000-1, 9001, 27001",
    "common 20000-1, 9001",
    "check",
    "clauses of 9001 union clauses of 27001 except clauses of hls",
    "clauses of 27001 where origin = control | sort by title desc | limit 5",
    "correlate 20000-1:* with 27001 | group by to | count",
    "let sm = clauses of 20000-1 where origin = added",
    "def uncovered(a, b) = gap a against b",
    "assert count(gap 20000-1 against 9001) <= 400",
    "format json",
    /* issue 13: routes, editions, notes, aggregates, lists, terms */
    "gap 20000-1:8.* against 27001@2022 where depth = 2",
    "coverage of 9001 by 27001@2022 via 20000-1 then 27001 with strength >= 3",
    "common 20000-1, 9001, 27001@2022",
    "common 9001, 27001@2022 via 20000-1 then 27001 with strength >= 3",
    "correlate 9001:8.5.6 with 27001@2022 via any max 3 where best = yes",
    "correlate 20000-1:8.5.1 with 27001@2022 via 27001 | select route",
    "correlate 20000-1:8.5.* with 27001 | group by from | max strength",
    "correlate 20000-1:7.5.* with 27001 | top 1 by strength per from",
    "clauses of 9001 where title ~ \"supplier\" with terms",
    "correlate 20000-1:8.5.1 with 27001@2022",
    "integrate 9001, 27001@2022 via 27001 with strength >= 7",
    "integrate 20000-1, 9001, 27001@2022",
    "path 9001:8.5.6 to 27001@2022:A.8.32 via 20000-1 then 27001",
    "path 9001:7.5.1 to 27001:7.5.1 via any max 2 with kind = content",
    /* errors */
    "show 20000-1:8.5.9",
    "corelate 20000-1:8.5.1 with 27001",
    "clauses of 20000-1 where titel = 'x'",
    "gap 20000-1 against 2700",
    "correlate 20000-1:8.5.1 with",
    "clauses where depth = 'deep'",
};
#define NSTATEMENTS (sizeof statements / sizeof statements[0])

/* ---- helpers ------------------------------------------------------------ */

/* A growable byte string in plain malloc memory (not the one under test). */
typedef struct text {
    char *data;
    size_t len;
} text;

static void text_add(text *t, const char *data, size_t len)
{
    char *more = realloc(t->data, t->len + len + 1);
    assert_non_null(more);
    memcpy(more + t->len, data, len);
    t->data = more;
    t->len += len;
    t->data[t->len] = '\0';
}

static void text_free(text *t)
{
    free(t->data);
    t->data = NULL;
    t->len = 0;
}

/* The text, or "" when there is none yet. */
static const char *text_str(const text *t)
{
    return t->data ? t->data : "";
}

static int collect(void *ctx, const char *data, size_t len)
{
    text_add(ctx, data, len);
    return 0;
}

static concord_db *open_with(talloc *t, const char *dir, int *rc)
{
    concord_options options;
    concord_options_init(&options);
    options.corpus_dir = dir;
    options.alloc = talloc_fn;
    options.alloc_ud = t;
    concord_db *db = NULL;
    *rc = concord_open_v2(&db, &options);
    /* Exports carry their time: a fixed one, so every run is the same. */
    if (*rc == CONCORD_OK)
        concord_set_export_time(db, 1767225600LL);
    return db;
}

/* A handle on the built-in corpus that keeps its message buffer, so that
** the number of live blocks is the same before and after every statement
** (the buffer, once made, lives as long as the handle). */
static concord_db *open_counted(talloc *t)
{
    memset(t, 0, sizeof *t);
    int rc;
    concord_db *db = open_with(t, NULL, &rc);
    assert_int_equal(rc, CONCORD_OK);
    concord_stmt *stmt = NULL;
    assert_int_equal(concord_prepare(db, "?", -1, &stmt, NULL), CONCORD_SYNTAX);
    return db;
}

/* Fail the n-th allocation from now (once, or from then on). */
static void arm(talloc *t, long n, int persist)
{
    t->fail_at = t->calls + n;
    t->persist = persist;
    t->failed = 0;
}

static void disarm(talloc *t)
{
    t->fail_at = 0;
    t->persist = 0;
}

/*
** One run of a scenario: its code (as the scenario defines it) and what it
** produced (rows, output, messages), to compare with the reference run.
*/
typedef struct outcome {
    int rc;
    text out;
} outcome;

/* The scenario, given a handle (NULL for the scenarios that open one) and
** the allocator state; fills *o. */
typedef void (*scenario_fn)(const void *arg, concord_db *db, talloc *t,
                            outcome *o);

/*
** Check one injected run against the reference: a run that met a failure
** says out-of-memory (code and message), any other is the reference run.
*/
static void check_run(const char *name, long n, int persist, const talloc *t,
                      const outcome *ref, const outcome *o)
{
    if (t->failed) {
        if (o->rc != CONCORD_NOMEM)
            fail_msg("%s: allocation %ld failed%s: code %d, not out of "
                     "memory:\n%s",
                     name, n, persist ? " (and every later one)" : "", o->rc,
                     text_str(&o->out));
        if (strstr(text_str(&o->out), "syntax error") != NULL &&
            strstr(text_str(&ref->out), "syntax error") == NULL)
            fail_msg("%s: allocation %ld failed: reported as a syntax "
                     "error:\n%s",
                     name, n, text_str(&o->out));
    } else {
        if (o->rc != ref->rc ||
            strcmp(text_str(&o->out), text_str(&ref->out)) != 0)
            fail_msg("%s: run %ld met no failure but differs: code %d (not "
                     "%d):\n%s\n-- expected --\n%s",
                     name, n, o->rc, ref->rc, text_str(&o->out),
                     text_str(&ref->out));
    }
}

/* How a sweep gives its scenario a handle. */
enum handle_mode {
    OWN,    /* none: the scenario opens (and closes) its own */
    SHARED, /* one for the whole sweep, which must stay usable after every
            ** failure */
    FRESH   /* a new one for every run, for statements that change the
            ** handle (definitions) */
};

/*
** Fail allocation n = 1, 2, ... of the scenario (once, then from n on)
** until a run meets no failure, checking each run against the reference
** run and that it leaves the blocks it found (none after the handle is
** closed).
*/
static void sweep_mode(const char *name, scenario_fn fn, const void *arg,
                       int mode)
{
    for (int persist = 0; persist <= 1; persist++) {
        talloc t;
        memset(&t, 0, sizeof t);
        concord_db *db = mode == OWN ? NULL : open_counted(&t);
        long baseline = t.live;
        outcome ref = {0, {NULL, 0}};
        long before = t.calls;
        fn(arg, db, &t, &ref);
        long needed = t.calls - before;
        /* a definition keeps memory in the handle until it closes; FRESH
        ** closes the handle before every run and checks nothing is left */
        if (mode != FRESH)
            assert_int_equal(t.live, baseline);
        for (long n = 1;; n++) {
            if (mode == FRESH) {
                assert_int_equal(concord_close(db), CONCORD_OK);
                assert_int_equal(t.live, 0);
                db = open_counted(&t);
            } else if (mode == OWN) {
                memset(&t, 0, sizeof t);
            }
            outcome o = {0, {NULL, 0}};
            arm(&t, n, persist);
            fn(arg, db, &t, &o);
            disarm(&t);
            check_run(name, n, persist, &t, &ref, &o);
            if (mode != FRESH && t.live != baseline)
                fail_msg("%s: allocation %ld failed: %ld blocks left", name, n,
                         t.live - baseline);
            int done = !t.failed;
            text_free(&o.out);
            if (done)
                break;
            assert_true(n < 1000000);
        }
        text_free(&ref.out);
        assert_int_equal(concord_close(db), CONCORD_OK);
        assert_int_equal(t.live, 0);
        if (!persist)
            printf("oom: %-60.60s %6ld allocations\n", name, needed);
    }
}

static void sweep_on_handle(const char *name, scenario_fn fn, const void *arg)
{
    sweep_mode(name, fn, arg, SHARED);
}

/* ---- opening ------------------------------------------------------------ */

static void open_scenario(const void *arg, concord_db *unused, talloc *t,
                          outcome *o)
{
    (void)unused;
    concord_db *db = open_with(t, arg, &o->rc);
    const char *msg = concord_errmsg(db);
    if (o->rc != CONCORD_OK)
        text_add(&o->out, msg, strlen(msg));
    /* A handle that opened answers. */
    if (o->rc == CONCORD_OK) {
        concord_stmt *stmt = NULL;
        o->rc = concord_prepare(db, "standards", -1, &stmt, NULL);
        if (o->rc == CONCORD_OK)
            o->rc = concord_step(stmt) == CONCORD_ROW ? CONCORD_OK
                                                      : concord_errcode(db);
        concord_finalize(stmt);
    }
    assert_int_equal(concord_close(db), CONCORD_OK);
}

/* A new handle's first gap, through the edition bridge and the link
** matrix (graph.h): a failure anywhere, opening included, is reported. */
static void first_gap_scenario(const void *arg, concord_db *unused, talloc *t,
                               outcome *o)
{
    (void)arg;
    (void)unused;
    concord_db *db = open_with(t, NULL, &o->rc);
    concord_stmt *stmt = NULL;
    if (o->rc == CONCORD_OK)
        o->rc = concord_prepare(db, "gap 9001 against 27001@2022 | count", -1,
                                &stmt, NULL);
    if (o->rc == CONCORD_OK) {
        o->rc = concord_step(stmt);
        if (o->rc == CONCORD_ROW) {
            const char *n = concord_column_text(stmt, 0);
            text_add(&o->out, n, strlen(n));
            o->rc = CONCORD_OK;
        }
    }
    if (o->rc != CONCORD_OK) {
        const char *msg = concord_errmsg(db);
        text_add(&o->out, msg, strlen(msg));
    }
    concord_finalize(stmt);
    assert_int_equal(concord_close(db), CONCORD_OK);
}

static void test_open_builtin(void **state)
{
    (void)state;
    sweep_mode("open the built-in corpus", open_scenario, NULL, OWN);
    sweep_mode("a new handle's first gap (the edition bridge)",
               first_gap_scenario, NULL, OWN);
}

static void test_open_folders(void **state)
{
    (void)state;
    static const char *const dirs[] = {"corpus",
                                       "tests/data/good",
                                       "tests/data/unknown-reference",
                                       "tests/data/too-many-errors",
                                       "tests/data/missing-file",
                                       "tests/data/no-such-folder"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        char name[128];
        snprintf(name, sizeof name, "open folder %s", dirs[i]);
        sweep_mode(name, open_scenario, dirs[i], OWN);
    }
}

/* Open a handle sharing the corpus of another (whose allocator is not
** counted), with a layer on top or none: the new handle's allocations fail,
** the shared corpus must stay as it was. */
typedef struct share_arg {
    concord_db *other;
    const char *layer;  /* NULL: none */
    char standards[16]; /* `standards | count` of other before the sweep */
} share_arg;

static void open_shared_scenario(const void *arg, concord_db *unused, talloc *t,
                                 outcome *o)
{
    (void)unused;
    const share_arg *a = arg;
    concord_options options;
    concord_options_init(&options);
    options.share_corpus = a->other;
    options.layers = &a->layer;
    options.n_layers = a->layer ? 1 : 0;
    options.alloc = talloc_fn;
    options.alloc_ud = t;
    concord_db *db = NULL;
    o->rc = concord_open_v2(&db, &options);
    if (o->rc != CONCORD_OK) {
        const char *msg = concord_errmsg(db);
        text_add(&o->out, msg, strlen(msg));
    }
    if (!t->failed) /* the run without a failure opens, with the layer */
        assert_int_equal(o->rc, CONCORD_OK);
    assert_int_equal(concord_close(db), CONCORD_OK);
    /* the corpus shared answers as before */
    concord_stmt *stmt = NULL;
    assert_int_equal(
        concord_prepare(a->other, "standards | count", -1, &stmt, NULL),
        CONCORD_OK);
    assert_int_equal(concord_step(stmt), CONCORD_ROW);
    assert_string_equal(concord_column_text(stmt, 0), a->standards);
    concord_finalize(stmt);
}

static void test_open_shared(void **state)
{
    (void)state;
    share_arg arg = {NULL, NULL, ""};
    assert_int_equal(concord_open(&arg.other), CONCORD_OK);
    concord_stmt *stmt = NULL;
    assert_int_equal(
        concord_prepare(arg.other, "standards | count", -1, &stmt, NULL),
        CONCORD_OK);
    assert_int_equal(concord_step(stmt), CONCORD_ROW);
    snprintf(arg.standards, sizeof arg.standards, "%s",
             concord_column_text(stmt, 0));
    concord_finalize(stmt);
    assert_true(strtol(arg.standards, NULL, 10) >
                9); /* standards and their pairs */
    sweep_mode("open sharing another handle's corpus", open_shared_scenario,
               &arg, OWN);
    arg.layer = "examples/layer";
    sweep_mode("open sharing another handle's corpus, with a layer",
               open_shared_scenario, &arg, OWN);
    assert_int_equal(concord_close(arg.other), CONCORD_OK);
}

/* ---- statements --------------------------------------------------------- */

/* Prepare the statement, step it to its end reading every column, then
** reset it and write it in every format; the outcome's text is all of it
** (or the error message). */
static void statement_scenario(const void *arg, concord_db *db, talloc *t,
                               outcome *o)
{
    (void)t;
    const char *sql = arg;
    concord_stmt *stmt = NULL;
    o->rc = concord_prepare(db, sql, -1, &stmt, NULL);
    if (o->rc == CONCORD_OK && stmt != NULL) {
        int ncols = concord_column_count(stmt);
        while ((o->rc = concord_step(stmt)) == CONCORD_ROW)
            for (int i = 0; i < ncols; i++) {
                const char *v = concord_column_text(stmt, i);
                text_add(&o->out, v ? v : "(null)", strlen(v ? v : "(null)"));
                text_add(&o->out, i + 1 < ncols ? "\t" : "\n", 1);
            }
        /* Every format; an export format may refuse a table that is not
        ** of mappings (CONCORD_ERROR), and the next format goes on. */
        for (int f = 0; o->rc == CONCORD_DONE && concord_format_name(f); f++) {
            assert_int_equal(concord_reset(stmt), CONCORD_OK);
            int rc = concord_write_result(stmt, f, collect, &o->out);
            if (rc == CONCORD_ERROR) {
                const char *msg = concord_errmsg(db);
                text_add(&o->out, msg, strlen(msg));
                rc = CONCORD_DONE;
            }
            o->rc = rc;
        }
        if (o->rc == CONCORD_DONE)
            o->rc = CONCORD_OK;
        /* the note, worded when it is read (reach.h): said or failed */
        const char *note = o->rc == CONCORD_OK ? concord_note(stmt) : NULL;
        if (note != NULL) {
            text_add(&o->out, "note: ", 6);
            text_add(&o->out, note, strlen(note));
        } else if (o->rc == CONCORD_OK && concord_errcode(db) != CONCORD_OK)
            o->rc = concord_errcode(db);
    }
    if (o->rc != CONCORD_OK) {
        const char *msg = concord_errmsg(db);
        text_add(&o->out, msg, strlen(msg));
    }
    concord_finalize(stmt);
    /* A `format` statement changes the handle: every run starts alike. */
    concord_set_format(db, CONCORD_FORMAT_TSV);
}

/* A statement that meets the rows limit: the message that names it
** (cq_error_locate) is made under injection as well. */
static void limit_scenario(const void *arg, concord_db *db, talloc *t,
                           outcome *o)
{
    int old = concord_limit(db, CONCORD_LIMIT_ROWS, 3);
    statement_scenario(arg, db, t, o);
    concord_limit(db, CONCORD_LIMIT_ROWS, old);
}

static void test_statements(void **state)
{
    (void)state;
    for (size_t i = 0; i < NSTATEMENTS; i++) {
        const char *sql = statements[i];
        int defines = strncmp(sql, "let ", 4) == 0 ||
                      strncmp(sql, "def ", 4) == 0 ||
                      strncmp(sql, "import ", 7) == 0;
        sweep_mode(sql, statement_scenario, sql, defines ? FRESH : SHARED);
    }
    sweep_mode("the rows limit met", limit_scenario, "clauses of 20000-1",
               SHARED);
}

/* ---- concord_exec ------------------------------------------------------- */

static int exec_row(void *ctx, int ncols, char **values, char **names)
{
    text *out = ctx;
    for (int i = 0; i < ncols; i++) {
        text_add(out, names[i], strlen(names[i]));
        text_add(out, "=", 1);
        const char *v = values[i] ? values[i] : "(null)";
        text_add(out, v, strlen(v));
        text_add(out, i + 1 < ncols ? " " : "\n", 1);
    }
    return 0;
}

static void exec_scenario(const void *arg, concord_db *db, talloc *t,
                          outcome *o)
{
    (void)t;
    char *errmsg = NULL;
    o->rc = concord_exec(db, arg, exec_row, &o->out, &errmsg);
    if (errmsg)
        text_add(&o->out, errmsg, strlen(errmsg));
    concord_free(errmsg);
    concord_set_format(db, CONCORD_FORMAT_TSV);
}

static void test_exec(void **state)
{
    (void)state;
    sweep_on_handle("exec: a script of three statements", exec_scenario,
                    "standards; show 20000-1:8.5.1;\n"
                    "correlate 20000-1:8.5.* with 27001 where strength > 4");
    sweep_on_handle("exec: a script that fails in its second statement",
                    exec_scenario, "show hls; show 20000-1:8.5.9; standards");
}

/* ---- the program's statement loops ------------------------------------- */

/* Runs of the program's code write to stdout-like and stderr FILEs: the
** state's out, and stderr, which is pointed at a temporary file while a
** scenario runs. */
static FILE *err_file;
static int saved_stderr = -1;

static void capture_stderr(void)
{
    fflush(stderr);
    err_file = tmpfile();
    assert_non_null(err_file);
    saved_stderr = dup(2);
    assert_true(saved_stderr >= 0);
    assert_true(dup2(fileno(err_file), 2) >= 0);
}

/* Append the contents of f (then close it) to out. */
static void take_file(FILE *f, text *out)
{
    rewind(f);
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        text_add(out, chunk, got);
    fclose(f);
}

/* Restore stderr and append what was written to it to out. */
static void release_stderr(text *out)
{
    fflush(stderr);
    assert_true(dup2(saved_stderr, 2) >= 0);
    close(saved_stderr);
    take_file(err_file, out);
}

/* Out-of-memory as the program shows it: the code is the program's exit
** status, so the outcome is NOMEM when stderr says so. */
static int program_rc(int ok, const text *err)
{
    if (ok)
        return CONCORD_OK;
    return strstr(text_str(err), "out of memory") ? CONCORD_NOMEM
                                                  : CONCORD_ERROR;
}

static void script_scenario(const void *arg, concord_db *db, talloc *t,
                            outcome *o)
{
    (void)t;
    const char *script = arg;
    cq_cli_state st;
    memset(&st, 0, sizeof st);
    st.db = db;
    st.out = tmpfile();
    assert_non_null(st.out);
    text err = {NULL, 0};
    capture_stderr();
    int status = cq_cli_run_script(&st, "script.cq", script, strlen(script));
    release_stderr(&err);
    take_file(st.out, &o->out);
    text_add(&o->out, text_str(&err), err.len);
    o->rc = program_rc(status == CQ_CLI_EXIT_OK, &err);
    text_free(&err);
    concord_set_format(db, CONCORD_FORMAT_TSV);
}

static void test_run_script(void **state)
{
    (void)state;
    sweep_on_handle("program: a script", script_scenario,
                    "standards;\nshow 20000-1:8.5.1;\nformat json;\n"
                    "correlate 20000-1:8.5.1 with 27001;\nformat csv;\n"
                    "gap 20000-1 against 9001 where depth = 1;\n"
                    "gap 9001:8.5.* against 27001@2022 | count;\n");
    sweep_on_handle("program: a script with an error", script_scenario,
                    "show hls;\nclauses of 20000-1 where titel = 'x';\n");
}

/* Feed the REPL's statement loop one line at a time, as a person types. */
static void repl_scenario(const void *arg, concord_db *db, talloc *t,
                          outcome *o)
{
    const char *const *lines = arg;
    cq_cli_state st;
    memset(&st, 0, sizeof st);
    st.db = db;
    st.out = tmpfile();
    assert_non_null(st.out);
    cq_cli_pending p;
    memset(&p, 0, sizeof p);
    text err = {NULL, 0};
    capture_stderr();
    /* After out-of-memory a person would type the statement again: the
    ** lines after it would only be syntax errors. */
    for (int i = 0; lines[i] && !t->failed; i++) {
        assert_true(cq_cli_pending_add(&p, lines[i]));
        assert_int_equal(cq_cli_pending_run(&st, &p), 0);
    }
    int left = p.len > 0; /* an unfinished statement still waiting */
    release_stderr(&err);
    free(p.buf);
    free(p.last);
    take_file(st.out, &o->out);
    text_add(&o->out, text_str(&err), err.len);
    if (left)
        text_add(&o->out, "(still waiting for more)\n", 25);
    o->rc = program_rc(err.len == 0 && !left, &err);
    text_free(&err);
    concord_set_format(db, CONCORD_FORMAT_TSV);
}

static void test_repl(void **state)
{
    (void)state;
    static const char *const lines[] = {
        "correlate 20000-1:8.5.1",
        "  with 27001;",
        "show hls; format markdown; clauses of hls:9.*;",
        "terms of 27000 where",
        "  name ~ 'risk' and",
        "  hls = no;",
        NULL};
    /* The lines run without an error, each statement once complete. */
    talloc t;
    concord_db *db = open_counted(&t);
    outcome ref = {0, {NULL, 0}};
    repl_scenario(lines, db, &t, &ref);
    assert_int_equal(ref.rc, CONCORD_OK);
    text_free(&ref.out);
    concord_close(db);
    sweep_on_handle("program: the REPL's statement loop", repl_scenario, lines);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_builtin),
        cmocka_unit_test(test_open_folders),
        cmocka_unit_test(test_open_shared),
        cmocka_unit_test(test_statements),
        cmocka_unit_test(test_exec),
        cmocka_unit_test(test_run_script),
        cmocka_unit_test(test_repl),
    };
    return cmocka_run_group_tests_name("oom", tests, NULL, NULL);
}
