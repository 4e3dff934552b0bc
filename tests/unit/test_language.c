/*
** test_language.c -- the whole language through the public API: set
** operations, pipelines, let/def, parameters, assert, count(...), via,
** path, integrate, common and check, with their errors.
**
** Two small corpora whose answers can be worked out by hand:
** tests/data/eval (standards sm, qm, vocabulary voc; see test_eval.c) and
** tests/data/lang (standards aa, bb, cc on a three-clause hls, with a
** chain aa:1.1 -> bb:1.1 -> cc:1.1, a contradiction between aa:1 and
** bb:1, an edge stored twice, one without a source and one clause, bb:4,
** that no edge reaches).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "concord.h"
#include "unit.h"

static concord_db *open_dir(const char *name)
{
    const char *data = getenv("CONCORD_TEST_DATA");
    char dir[512];
    snprintf(dir, sizeof dir, "%s/%s", data ? data : "tests/data", name);
    concord_options options;
    concord_options_init(&options);
    options.corpus_dir = dir;
    concord_db *db = NULL;
    if (concord_open_v2(&db, &options) != CONCORD_OK) {
        fprintf(stderr, "cannot open %s: %s\n", dir, concord_errmsg(db));
        concord_close(db);
        return NULL;
    }
    return db;
}

static int open_eval(void **state)
{
    return (*state = open_dir("eval")) ? 0 : -1;
}

static int open_lang(void **state)
{
    return (*state = open_dir("lang")) ? 0 : -1;
}

/* Append the rows of a stepped statement as "a|b\n" (null as ~). */
static int collect(concord_stmt *stmt, char *out, size_t size)
{
    size_t len = strlen(out);
    int rc;
    while ((rc = concord_step(stmt)) == CONCORD_ROW) {
        for (int i = 0; i < concord_column_count(stmt); i++) {
            const char *t = concord_column_text(stmt, i);
            len += (size_t)snprintf(out + len, size - len, "%s%s", i ? "|" : "",
                                    t ? t : "~");
        }
        len += (size_t)snprintf(out + len, size - len, "\n");
    }
    return rc;
}

/* Run every statement of script; the rows of all of them, or the first
** error as "error CODE: message". */
static char *run(concord_db *db, const char *script)
{
    static char out[16384];
    out[0] = '\0';
    const char *p = script;
    for (;;) {
        concord_stmt *stmt = NULL;
        const char *tail = NULL;
        int rc = concord_prepare_v2(db, p, -1, script, &stmt, &tail);
        if (rc == CONCORD_OK && stmt == NULL)
            return out;
        if (rc == CONCORD_OK)
            rc = collect(stmt, out, sizeof out);
        if (rc != CONCORD_OK && rc != CONCORD_DONE) {
            snprintf(out, sizeof out, "error %d: %s", rc, concord_errmsg(db));
            concord_finalize(stmt);
            return out;
        }
        concord_finalize(stmt);
        p = tail;
    }
}

/* The rows of query (one parameter, bound to value), or the error as
** "error CODE: message"; in a buffer of its own, so that run()'s may be
** compared with it. */
static char *bound(concord_db *db, const char *query, const char *value)
{
    static char out[16384];
    out[0] = '\0';
    concord_stmt *stmt = NULL;
    int rc = concord_prepare(db, query, -1, &stmt, NULL);
    if (rc == CONCORD_OK)
        rc = concord_bind_text(stmt, 1, value, -1);
    if (rc == CONCORD_OK)
        rc = collect(stmt, out, sizeof out);
    if (rc != CONCORD_DONE)
        snprintf(out, sizeof out, "error %d: %s", rc, concord_errmsg(db));
    concord_finalize(stmt);
    return out;
}

/* `$name.*`: the subtree of each clause the value names, as if the value
** had been written with `.*` -- a key, a key already written so, a
** standard (whole either way), a list of keys, a number with no clause of
** its own (qm:A: the clauses numbered A.…) --; where a value goes it is
** refused, naming what to write. */
static void test_parameter_subtree(void **state)
{
    concord_db *db = *state;
    static const struct {
        const char *query, *value, *written;
    } same[] = {
        {"correlate $k.* with qm | select from, to", "sm:8",
         "correlate sm:8.* with qm | select from, to"},
        {"correlate $k.* with qm | select from, to", "sm:8.*",
         "correlate sm:8.* with qm | select from, to"},
        {"clauses of $k.* | select clause", "sm:8.2",
         "clauses of sm:8.2.* | select clause"},
        {"clauses of $k.* | select clause", "sm",
         "clauses of sm | select clause"},
        {"clauses of $k.* | select clause", "sm:8.2, sm:4",
         "clauses of sm:8.2.*, sm:4.* | select clause"},
        {"clauses of $k.* | select clause", "qm:A",
         "clauses of qm:A.* | select clause"},
        {"gap between $k.* and qm | select clause, against", "sm:8.2",
         "gap between sm:8.2.* and qm | select clause, against"},
    };
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        const char *got = bound(db, same[i].query, same[i].value);
        assert_true(strchr(got, '\n') != NULL); /* rows, not an error */
        assert_string_equal(got, run(db, same[i].written));
    }
    /* more than the clause alone */
    assert_string_equal(bound(db, "clauses of $k.* | select clause", "sm:8.2"),
                        "sm:8.2\nsm:8.2.1\n");
    assert_string_equal(bound(db, "clauses of $k | select clause", "sm:8.2"),
                        "sm:8.2\n");
    /* a clause that is not there is named as for `$k` */
    assert_string_equal(bound(db, "clauses of $k.*", "sm:8.99"),
                        "error 12: 1:12: unknown clause sm:8.99; did you mean "
                        "sm:8.9?");
    assert_string_equal(bound(db, "clauses of $k.*", "sm:8.9 with qm"),
                        "error 1: 1:12: parameter $k is 'sm:8.9 with qm', "
                        "which is not a clause reference or a standard");
    /* no value: where a limit, a string and a term's name go */
    static const struct {
        const char *query, *at, *name;
    } refused[] = {{"clauses of sm | limit $n.*", "1:23", "n"},
                   {"clauses where title ~ $t.*", "1:23", "t"},
                   {"term $t.*", "1:6", "t"}};
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        char want[256];
        snprintf(want, sizeof want,
                 "error 1: %s: $%s.* is a clause and its subtree, which only "
                 "a clause reference's place takes; as a value, write $%s",
                 refused[i].at, refused[i].name, refused[i].name);
        assert_string_equal(run(db, refused[i].query), want);
    }
}

/* ---- set operations ------------------------------------------------------ */

static void test_setops(void **state)
{
    concord_db *db = *state;
    assert_string_equal(run(db, "clauses of sm:8.2.* union clauses of sm:4.* "
                                "| select clause"),
                        "sm:8.2\nsm:8.2.1\nsm:4\nsm:4.1\n");
    assert_string_equal(run(db, "clauses of sm:8 union clauses of sm:8 | "
                                "count"),
                        "1\n");
    /* intersect binds tighter than union */
    assert_string_equal(
        run(db, "clauses of sm:4 union clauses of qm intersect clauses of "
                "qm:4.* | select clause"),
        "sm:4\nqm:4\nqm:4.1\n");
    assert_string_equal(run(db, "clauses of sm except clauses of sm:8.* | "
                                "select clause"),
                        "sm:4\nsm:4.1\n");
    /* a pipeline applies to the set expression before it */
    assert_string_equal(run(db, "clauses of sm | select clause union "
                                "clauses of qm"),
                        "error 10: 1:31: syntax error, unexpected 'union', "
                        "expected 'as', ';' or end of input");
    assert_string_equal(
        run(db, "clauses of sm union correlate sm with qm"),
        "error 1: 1:1: union needs tables with the same columns; the left "
        "has (clause, title, origin, parent, depth), the right has (from, "
        "from_title, to, to_title, annex, relation, strength, confidence, "
        "high, source, note, layer, kind) (| select can make them "
        "match)");
    /* renaming makes them match */
    assert_string_equal(
        run(db, "(clauses of sm:8.9 | select clause) intersect (correlate "
                "sm with qm where annex = C | select from as clause)"),
        "sm:8.9\n");
}

/* ---- pipelines ----------------------------------------------------------- */

static void test_pipelines(void **state)
{
    concord_db *db = *state;
    assert_string_equal(run(db, "clauses of sm | count"), "8\n");
    assert_string_equal(run(db, "clauses of sm | where depth = 2 | count"),
                        "5\n");
    assert_string_equal(run(db, "clauses of sm | group by origin"),
                        "hls|3\nhls-modified|1\nadded|4\n");
    assert_string_equal(run(db, "clauses of sm | group by origin | count"),
                        "hls|3\nhls-modified|1\nadded|4\n");
    assert_string_equal(
        run(db, "clauses of sm | group by origin | sort by count desc, "
                "origin | limit 2"),
        "added|4\nhls|3\n");
    /* text sorts naturally: A.2 before A.10, digits before letters */
    assert_string_equal(run(db, "clauses of qm | sort by clause desc | "
                                "select clause"),
                        "qm:A.10\nqm:A.2\nqm:A.1\nqm:8.5\nqm:8\nqm:4.1\n"
                        "qm:4\n");
    assert_string_equal(run(db, "clauses of sm:8.* | sort by title | "
                                "select title | limit 3"),
                        "Ninth thing\nOperation of the SMS\nOperational "
                        "planning\n");
    /* nulls sort last */
    assert_string_equal(run(db, "clauses of sm:4.* | sort by parent | "
                                "select clause, parent"),
                        "sm:4.1|sm:4\nsm:4|~\n");
    assert_string_equal(run(db, "clauses of sm | select clause as key, "
                                "depth | where key ~ \"8.1\""),
                        "sm:8.1|2\nsm:8.10|2\n");
    assert_string_equal(run(db, "clauses | limit 0 | count"), "0\n");
    assert_string_equal(run(db, "clauses | select depth as d, title as d"),
                        "error 1: 1:11: select names two columns 'd'");
    assert_string_equal(run(db, "clauses | select titel"),
                        "error 12: 1:18: no column 'titel'; did you mean "
                        "'title'?");
    assert_string_equal(run(db, "clauses | where strength > 1"),
                        "error 12: 1:17: unknown field 'strength'; the piped "
                        "rows have clause, title, origin, parent and depth");
}

/* ---- let and def --------------------------------------------------------- */

static void test_let(void **state)
{
    concord_db *db = *state;
    assert_string_equal(run(db, "let x = clauses of sm:8.*; x | count"), "6\n");
    /* a table names its clauses where a clause set goes */
    assert_string_equal(run(db, "correlate x with qm | select from, to"),
                        "sm:8|qm:8\nsm:8.2|qm\nsm:8.2.1|qm:8.5\n"
                        "sm:8.9|qm:A.10\nsm:8.10|qm:A.2\n");
    /* defined again, the name means the new table */
    assert_string_equal(run(db, "let x = clauses of sm:4; x | select clause"),
                        "sm:4\n");
    assert_string_equal(run(db, "y"),
                        "error 12: 1:1: no table named 'y'; did you mean "
                        "'x'?");
    assert_string_equal(run(db, "standrds"),
                        "error 12: 1:1: no table named 'standrds'; did you "
                        "mean 'standards'?");
    assert_string_equal(run(db, "x()"),
                        "error 1: 1:1: x is a table, not a definition; write "
                        "it without parentheses");
    assert_string_equal(run(db, "let t = correlate sm:8.2 with qm; "
                                "correlate t with qm | count"),
                        "1\n");
}

static void test_def(void **state)
{
    concord_db *db = *state;
    assert_string_equal(run(db, "def g(a, b) = gap a against b; g(sm, qm) | "
                                "select clause"),
                        "sm:8.1\nsm:8.2\n");
    assert_string_equal(
        run(db, "def strong(c, s) = correlate c with qm where strength >= "
                "s; strong(sm, 7) | select from, relation"),
        "sm:4|equal\nsm:4.1|equal\nsm:8|subset\n");
    /* an argument may be the caller's own parameter */
    assert_string_equal(run(db, "def h(a) = g(a, qm); h(sm:8.*) | count"),
                        "2\n");
    assert_string_equal(run(db, "def all() = clauses; all() | count"), "17\n");
    assert_string_equal(run(db, "g(sm)"),
                        "error 1: 1:1: g takes 2 arguments (a, b), not 1");
    assert_string_equal(run(db, "gg(sm, qm)"),
                        "error 12: 1:1: no definition named 'gg'; did you "
                        "mean 'g'?");
    assert_string_equal(run(db, "def r(a) = r(a); r(sm)"),
                        "error 1: 1:18: in r() at 1:12 of its definition: "
                        "recursive definition: r calls itself; definitions "
                        "cannot recurse");
    assert_string_equal(run(db, "def p() = q(); def q() = p(); p()"),
                        "error 1: 1:31: in p(), in q() at 1:26 of its "
                        "definition: recursive definition: p calls itself "
                        "through q(); definitions cannot recurse");
    assert_string_equal(run(db, "def bad() = clauses of nowhere; bad()"),
                        "error 12: 1:33: in bad() at 1:24 of its "
                        "definition: unknown standard nowhere; the corpus "
                        "has hls, sm, qm and voc");
    assert_string_equal(run(db, "g"),
                        "error 1: 1:1: g is a definition; call it: g(...)");
}

/* ---- parameters ---------------------------------------------------------- */

static void test_parameters(void **state)
{
    concord_db *db = *state;
    concord_stmt *stmt = NULL;
    const char *q = "correlate $c with qm where strength >= $s";
    assert_int_equal(concord_prepare(db, q, -1, &stmt, NULL), CONCORD_OK);
    assert_int_equal(concord_bind_parameter_count(stmt), 2);
    assert_string_equal(concord_bind_parameter_name(stmt, 1), "c");
    assert_string_equal(concord_bind_parameter_name(stmt, 2), "s");
    assert_null(concord_bind_parameter_name(stmt, 3));
    assert_int_equal(concord_bind_parameter_index(stmt, "$s"), 2);
    assert_int_equal(concord_bind_parameter_index(stmt, "c"), 1);
    assert_int_equal(concord_bind_parameter_index(stmt, "$x"), 0);
    /* unbound */
    assert_int_equal(concord_step(stmt), CONCORD_ERROR);
    assert_string_equal(concord_errmsg(db), "1:11: parameter $c is not bound");
    assert_int_equal(concord_error_offset(db), 10);
    assert_int_equal(concord_reset(stmt), CONCORD_OK);
    assert_int_equal(concord_bind_text(stmt, 1, "sm:8.9", -1), CONCORD_OK);
    assert_int_equal(concord_bind_int(stmt, 2, 5), CONCORD_OK);
    char out[1024] = "";
    assert_int_equal(collect(stmt, out, sizeof out), CONCORD_DONE);
    assert_string_equal(out, "sm:8.9|Ninth thing|qm:A.10|Annex control "
                             "ten|C|superset|6|high|*|table|ninth covers "
                             "ten|corpus|content\n");
    /* new values, same statement */
    assert_int_equal(concord_reset(stmt), CONCORD_OK);
    assert_int_equal(concord_bind_text(stmt, 1, "sm:8.*", 6), CONCORD_OK);
    assert_int_equal(concord_bind_text(stmt, 2, "7", -1), CONCORD_OK);
    out[0] = '\0';
    assert_int_equal(collect(stmt, out, sizeof out), CONCORD_DONE);
    assert_non_null(strstr(out, "sm:8|Operation of the SMS|qm:8|"));
    assert_null(strstr(out, "sm:8.9"));
    /* binding while stepping is misuse; out of range is RANGE */
    assert_int_equal(concord_reset(stmt), CONCORD_OK);
    assert_int_equal(concord_step(stmt), CONCORD_ROW);
    assert_int_equal(concord_bind_int(stmt, 2, 1), CONCORD_MISUSE);
    assert_int_equal(concord_reset(stmt), CONCORD_OK);
    assert_int_equal(concord_bind_int(stmt, 3, 1), CONCORD_RANGE);
    assert_int_equal(concord_bind_int(stmt, 0, 1), CONCORD_RANGE);
    assert_int_equal(concord_bind_text(stmt, 1, "a\0b", 3), CONCORD_RANGE);
    /* a value is never query text */
    assert_int_equal(
        concord_bind_text(stmt, 1, "sm:8.9 with qm; show qm:4", -1),
        CONCORD_OK);
    assert_int_equal(concord_step(stmt), CONCORD_ERROR);
    assert_string_equal(concord_errmsg(db),
                        "1:11: parameter $c is 'sm:8.9 with qm; show qm:4', "
                        "which is not a clause reference or a standard");
    assert_int_equal(concord_reset(stmt), CONCORD_OK);
    assert_int_equal(concord_bind_text(stmt, 1, "sm:8.99", -1), CONCORD_OK);
    assert_int_equal(concord_step(stmt), CONCORD_NOTFOUND);
    assert_string_equal(concord_errmsg(db),
                        "1:11: unknown clause sm:8.99; did you mean sm:8.9?");
    assert_int_equal(concord_reset(stmt), CONCORD_OK);
    assert_int_equal(concord_bind_text(stmt, 1, "sm", -1), CONCORD_OK);
    assert_int_equal(concord_bind_text(stmt, 2, "high", -1), CONCORD_OK);
    assert_int_equal(concord_step(stmt), CONCORD_ERROR);
    assert_string_equal(concord_errmsg(db),
                        "1:40: parameter $s: strength takes a number, not "
                        "'high'");
    assert_int_equal(concord_reset(stmt), CONCORD_OK);
    assert_int_equal(concord_clear_bindings(stmt), CONCORD_OK);
    assert_int_equal(concord_step(stmt), CONCORD_ERROR);
    assert_int_equal(concord_finalize(stmt), CONCORD_OK);

    /* a parameter where a relation goes is checked as one */
    assert_int_equal(concord_prepare(db,
                                     "correlate sm with qm where "
                                     "relation = $r | count",
                                     -1, &stmt, NULL),
                     CONCORD_OK);
    assert_int_equal(concord_bind_text(stmt, 1, "equl", -1), CONCORD_OK);
    assert_int_equal(concord_step(stmt), CONCORD_ERROR);
    assert_string_equal(concord_errmsg(db),
                        "1:39: parameter $r: unknown relation 'equl' for "
                        "relation; did you mean 'equal'? (relation is "
                        "equal, equivalent, subset, superset, intersects or "
                        "none)");
    assert_int_equal(concord_reset(stmt), CONCORD_OK);
    assert_int_equal(concord_bind_text(stmt, 1, "EQUAL", -1), CONCORD_OK);
    out[0] = '\0';
    assert_int_equal(collect(stmt, out, sizeof out), CONCORD_DONE);
    assert_string_equal(out, "2\n");
    assert_int_equal(concord_finalize(stmt), CONCORD_OK);

    /* the same name twice is one parameter */
    assert_int_equal(concord_prepare(db,
                                     "clauses of $s where standard = $s "
                                     "| limit $n",
                                     -1, &stmt, NULL),
                     CONCORD_OK);
    assert_int_equal(concord_bind_parameter_count(stmt), 2);
    assert_int_equal(concord_bind_text(stmt, 1, "qm", -1), CONCORD_OK);
    assert_int_equal(concord_bind_int(stmt, 2, 2), CONCORD_OK);
    out[0] = '\0';
    assert_int_equal(collect(stmt, out, sizeof out), CONCORD_DONE);
    assert_string_equal(out, "qm:4|Context|hls|~|1\n"
                             "qm:4.1|Understanding the organization|hls|qm:4|"
                             "2\n");
    assert_int_equal(concord_reset(stmt), CONCORD_OK);
    assert_int_equal(concord_bind_int(stmt, 2, -1), CONCORD_OK);
    assert_int_equal(concord_step(stmt), CONCORD_ERROR);
    assert_string_equal(concord_errmsg(db),
                        "1:43: limit takes a number of rows, 0 or more, not "
                        "-1");
    assert_int_equal(concord_finalize(stmt), CONCORD_OK);
    assert_int_equal(concord_bind_parameter_count(NULL), 0);
    assert_int_equal(concord_bind_int(NULL, 1, 1), CONCORD_MISUSE);
    assert_int_equal(concord_bind_parameter_index(NULL, "x"), 0);
    assert_null(concord_bind_parameter_name(NULL, 1));
}

/* A bound value is found with one lookup when it is a clause key or a
** standard's id alone (cq_resolve_bound), and read as written otherwise:
** the two ways give the same rows and the same errors. */
static void test_bound_references(void **state)
{
    concord_db *db = *state;
    concord_stmt *stmt = NULL;
    assert_int_equal(
        concord_prepare(db, "correlate $c with $t | count", -1, &stmt, NULL),
        CONCORD_OK);
    static const struct {
        const char *c, *t;
        int len; /* of c; -1: strlen */
        const char *out;
    } cases[] = {
        {"sm:8.9", "qm", -1, "1\n"},
        {"SM:8.9", "QM", -1, "1\n"},         /* any case */
        {"sm:8.9 and more", "qm", 6, "1\n"}, /* the length given */
        {"sm:*", "qm", -1, "7\n"},           /* the whole standard, parsed */
        {"sm", "qm", -1, "7\n"},             /* a standard alone */
        {"Sm", "qM", 2, "7\n"},
        {"sm:8.*", "qm", -1, "5\n"},
        {"zz", "qm", -1,
         "error 12: 1:11: unknown standard zz; the corpus has hls, sm, qm "
         "and voc"},
        {"s m", "qm", -1,
         "error 1: 1:11: parameter $c is 's m', which is not a clause "
         "reference or a standard"},
        {"-sm", "qm", -1,
         "error 1: 1:11: parameter $c is '-sm', which is not a clause "
         "reference or a standard"},
        {"sm:8.99", "qm", -1,
         "error 12: 1:11: unknown clause sm:8.99; did you mean sm:8.9?"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[1024] = "";
        assert_int_equal(concord_reset(stmt), CONCORD_OK);
        assert_int_equal(concord_bind_text(stmt, 1, cases[i].c, cases[i].len),
                         CONCORD_OK);
        assert_int_equal(concord_bind_text(stmt, 2, cases[i].t, -1),
                         CONCORD_OK);
        int rc = collect(stmt, out, sizeof out);
        if (rc != CONCORD_DONE)
            snprintf(out, sizeof out, "error %d: %s", rc, concord_errmsg(db));
        assert_string_equal(out, cases[i].out);
    }
    /* run again with no new binding: the values bound stay, whichever way
    ** they were read (one lookup, a list of keys, parsed) */
    static const struct {
        const char *c, *out;
    } again[] = {{"sm:8.9", "1\n"}, {"sm:8.9,sm:8.*", "5\n"}, {"sm:*", "7\n"}};
    for (size_t i = 0; i < sizeof again / sizeof again[0]; i++) {
        assert_int_equal(concord_reset(stmt), CONCORD_OK);
        assert_int_equal(concord_bind_text(stmt, 1, again[i].c, -1),
                         CONCORD_OK);
        assert_int_equal(concord_bind_text(stmt, 2, "qm", -1), CONCORD_OK);
        for (int run = 0; run < 2; run++) {
            char out[64] = "";
            assert_int_equal(concord_reset(stmt), CONCORD_OK);
            assert_int_equal(collect(stmt, out, sizeof out), CONCORD_DONE);
            assert_string_equal(out, again[i].out);
        }
    }
    assert_int_equal(concord_finalize(stmt), CONCORD_OK);
}

/* Parameter names that share their first bytes are told apart. */
static void test_parameter_names(void **state)
{
    concord_db *db = *state;
    concord_stmt *stmt = NULL;
    assert_int_equal(concord_prepare(db,
                                     "clauses of $ab where standard = $a "
                                     "and title ~ $abc | limit $b",
                                     -1, &stmt, NULL),
                     CONCORD_OK);
    assert_int_equal(concord_bind_parameter_count(stmt), 4);
    assert_int_equal(concord_bind_parameter_index(stmt, "$ab"), 1);
    assert_int_equal(concord_bind_parameter_index(stmt, "a"), 2);
    assert_int_equal(concord_bind_parameter_index(stmt, "$abc"), 3);
    assert_int_equal(concord_bind_parameter_index(stmt, "b"), 4);
    assert_int_equal(concord_bind_parameter_index(stmt, "abd"), 0);
    assert_int_equal(concord_bind_parameter_index(stmt, "abcd"), 0);
    assert_int_equal(concord_bind_parameter_index(stmt, "ac"), 0);
    assert_int_equal(concord_bind_parameter_index(stmt, "$"), 0);
    assert_int_equal(concord_bind_parameter_index(stmt, ""), 0);
    assert_int_equal(concord_finalize(stmt), CONCORD_OK);
}

/* ---- assert and count ---------------------------------------------------- */

static void test_assert(void **state)
{
    concord_db *db = *state;
    assert_string_equal(run(db, "assert count(clauses of sm) = 8"), "");
    assert_string_equal(run(db, "assert count(clauses of sm) = 7, "
                                "\"eight\""),
                        "error 13: 1:1: assertion failed: eight");
    assert_string_equal(run(db, "assert count(clauses of sm) < "
                                "count(clauses of qm)"),
                        "error 13: 1:1: assertion failed: count(clauses of "
                        "sm) < count(clauses of qm)");
    assert_string_equal(run(db, "assert depth > 1"),
                        "error 1: 1:8: assert has no rows, so it has no "
                        "field 'depth'; compare count(...) with a number");
    /* count(...) is a value in any condition */
    assert_string_equal(run(db, "clauses of qm where depth < count(clauses "
                                "of sm:4.*) | count"),
                        "5\n");
    assert_string_equal(run(db, "clauses where title = count(standards)"),
                        "error 1: 1:23: title is not a number, so "
                        "count(...) cannot be compared with it");
}

/* ---- via, path ----------------------------------------------------------- */

static void test_via(void **state)
{
    concord_db *db = *state;
    assert_string_equal(run(db, "correlate aa:1.1 with cc via bb | select "
                                "from, via, to, relation, strength, "
                                "confidence, via_relation, to_relation"),
                        "aa:1.1|bb:1.1|cc:1.1|subset|7|medium|subset|"
                        "subset\n");
    assert_string_equal(
        run(db, "correlate aa:2.1 with bb via cc | select via, to, "
                "relation, strength, confidence, via_annex, to_source"),
        "cc:C.1|bb:3|intersects|4|low|Y|table y\n");
    /* through the structure: a shared heading, not a shared requirement,
    ** so at most intersects, at most strength 3, of kind structure */
    assert_string_equal(run(db, "correlate cc:1.1 with aa via hls | select "
                                "to, relation, strength, kind"),
                        "aa:1.1|intersects|3|structure\n");
    assert_string_equal(run(db, "correlate aa with cc via bb, hls where "
                                "kind = structure | select from, via, to, "
                                "relation"),
                        "aa:1|hls:1|cc:1|intersects\n"
                        "aa:1.1|hls:1.1|cc:1.1|intersects\n"
                        "aa:2|hls:2|cc:2|intersects\n");
    assert_string_equal(run(db, "correlate aa with cc via bb, hls where "
                                "relation = equal | count"),
                        "0\n");
}

static void test_path(void **state)
{
    concord_db *db = *state;
    assert_string_equal(run(db, "path aa:1.1 to cc:1.1 | select path, hop, "
                                "from, to, relation, annex"),
                        "1|1|aa:1.1|hls:1.1|equal|HLS\n"
                        "1|2|hls:1.1|cc:1.1|superset|HLS\n"
                        "2|1|aa:1.1|bb:1.1|subset|X\n"
                        "2|2|bb:1.1|cc:1.1|subset|Y\n");
    assert_string_equal(run(db, "path aa:2.1 to bb:3 max 1"),
                        "error 12: 1:1: no path from aa:2.1 to bb:3 within 1 "
                        "hop (allow more with max N, up to 8)");
    /* one path of two hops: two rows */
    assert_string_equal(run(db, "path aa:2.1 to bb:3 max 2 | count"), "2\n");
    assert_string_equal(run(db, "path aa:1 to bb:4"),
                        "error 12: 1:1: no path from aa:1 to bb:4 within 4 "
                        "hops (allow more with max N, up to 8)");
    assert_string_equal(run(db, "path aa:1 to aa:1"),
                        "error 1: 1:1: path needs two different clauses; "
                        "aa:1 is both");
    assert_string_equal(
        run(db, "path aa:1 to bb:1 max 9"),
        "error 7: 1:23: path max 9 is outside 1 to 8 hops (the hops "
        "limit)");
    assert_string_equal(run(db, "path aa to bb:1"),
                        "error 1: 1:6: path takes one clause, and aa is a "
                        "standard; try: clauses of aa");
}

/* ---- views --------------------------------------------------------------- */

#define NO_ROUTE "|~|~|~|~|~|~"

static void test_integrate(void **state)
{
    /* the route columns last: empty, as no route placed a clause */
    assert_string_equal(run(*state, "integrate aa, bb, cc"),
                        "shared|1|One|1 One|1 One|1 One" NO_ROUTE "\n"
                        "shared|1.1|One one|1.1 One one|1.1 One one|~" NO_ROUTE
                        "\n"
                        "shared|2|Two|2 Two of A|2 Two|2 Two" NO_ROUTE "\n"
                        "added|2|~|2.1 A extra|~|~" NO_ROUTE "\n"
                        "added|~|~|~|3 B three|~" NO_ROUTE "\n"
                        "added|~|~|~|4 Orphan|~" NO_ROUTE "\n"
                        "added|~|~|~|~|C.1 Control one" NO_ROUTE "\n");
    assert_string_equal(run(*state, "integrate aa:1"),
                        "error 1: 1:11: integrate takes standards such as "
                        "27001, not aa:1");
    /* a $parameter's column is named after the standard bound in each
    ** run, after a pipe stage too */
    concord_stmt *stmt = NULL;
    assert_int_equal(
        concord_prepare(*state, "integrate aa, $s | limit 1", -1, &stmt, NULL),
        CONCORD_OK);
    const char *ids[] = {"bb", "cc", "bb"};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(concord_reset(stmt), CONCORD_OK);
        assert_int_equal(concord_bind_text(stmt, 1, ids[i], -1), CONCORD_OK);
        assert_int_equal(concord_step(stmt), CONCORD_ROW);
        assert_string_equal(concord_column_name(stmt, 4), ids[i]);
    }
    concord_finalize(stmt);
}

static void test_common(void **state)
{
    assert_string_equal(run(*state, "common aa, bb"),
                        "aa:1|One|bb:1" NO_ROUTE
                        "\naa:1.1|One one|bb:1.1" NO_ROUTE "\n");
    assert_string_equal(run(*state, "common aa, bb, hls"),
                        "aa:1|One|bb:1|hls:1" NO_ROUTE
                        "\naa:1.1|One one|bb:1.1|hls:1.1" NO_ROUTE "\n");
    /* through a pivot: the route columns say which */
    assert_string_equal(
        run(*state, "common aa, cc via bb | select route, routes | limit 1"),
        "aa:1.1 -[X]-> bb:1.1 -[Y]-> cc:1.1|1\n");
    assert_string_equal(run(*state, "common aa"),
                        "error 1: 1:1: common needs two standards or more");
}

static void test_check(void **state)
{
    assert_string_equal(run(*state, "check"),
                        "contradiction|aa:1 -> bb:1 (annex X)|read from aa:1 "
                        "one edge says equal, another superset\n"
                        "duplicate|bb:2 -> cc:2 (annex Y)|the same edge is "
                        "stored twice\n"
                        "no source|bb:2 -> cc:2 (annex Y)|the edge does not "
                        "say where it comes from\n"
                        "unreached|bb:4|no edge reaches this clause\n"
                        "confidence|hls and aa|3 edges: 0 high, 3 medium, "
                        "0 low\n"
                        "confidence|hls and bb|3 edges: 0 high, 3 medium, "
                        "0 low\n"
                        "confidence|hls and cc|3 edges: 0 high, 3 medium, "
                        "0 low\n"
                        "confidence|aa and bb|3 edges: 2 high, 0 medium, "
                        "1 low\n"
                        "confidence|aa and cc|1 edge: 0 high, 0 medium, "
                        "1 low\n"
                        "confidence|bb and cc|4 edges: 0 high, 4 medium, "
                        "0 low\n");
}

static void test_between(void **state)
{
    assert_string_equal(run(*state, "gap between aa and bb | select clause, "
                                    "against, status"),
                        "aa:2|bb|unmapped\naa:2.1|bb|unmapped\n"
                        "bb:2|aa|unmapped\nbb:3|aa|unmapped\n"
                        "bb:4|aa|unmapped\n");
}

/* Run q once per value bound to its one parameter: each run's count must
** be the one given. */
static void expect_counts(concord_db *db, const char *q,
                          const char *const *values, const long long *counts,
                          int n)
{
    concord_stmt *stmt = NULL;
    assert_int_equal(concord_prepare(db, q, -1, &stmt, NULL), CONCORD_OK);
    for (int i = 0; i < n; i++) {
        assert_int_equal(concord_reset(stmt), CONCORD_OK);
        assert_int_equal(concord_bind_text(stmt, 1, values[i], -1), CONCORD_OK);
        assert_int_equal(concord_step(stmt), CONCORD_ROW);
        assert_int_equal(concord_column_int(stmt, 0), counts[i]);
        assert_int_equal(concord_step(stmt), CONCORD_DONE);
    }
    concord_finalize(stmt);
}

/* A `where` that reads a parameter only under `not` and `or` resolves it
** each run (a `where` of literals alone has nothing to resolve, and skips
** that: cq_cond_fixed). */
static void test_parameter_nested_where(void **state)
{
    concord_db *db = *state;
    const char *strengths[] = {"0", "3", "5", "7", "100", "5"};
    const long long counts[] = {5, 4, 3, 1, 0, 3};
    expect_counts(db,
                  "correlate sm:8.* with qm where not (strength < $s) or "
                  "relation = equal | count",
                  strengths, counts, 6);
    const char *clauses[] = {"sm:8.*", "sm:8.9", "sm:8.*"};
    const long long fixed[] = {3, 1, 3};
    expect_counts(db,
                  "correlate $c with qm where not (strength < 5) or "
                  "relation = equal | count",
                  clauses, fixed, 3);
}

/* A `where` whose direction is a parameter decides which edges each run
** reads anew: what one run worked out from its value (cq_edge_plan_get)
** must not stay for the next. */
static void test_parameter_direction(void **state)
{
    concord_db *db = *state;
    const char *directions[] = {"forward", "backward", "forward", "BACKWARD"};
    const long long per_direction[] = {4, 1, 4, 1};
    expect_counts(db, "correlate sm:8.* with qm where direction = $d | count",
                  directions, per_direction, 4);
    /* a fixed direction is worked out once and holds for every run */
    const char *clauses[] = {"sm:8.*", "sm"};
    const long long per_clause[] = {4, 6};
    expect_counts(db, "correlate $c with qm where direction = forward | count",
                  clauses, per_clause, 2);
    /* a fixed direction beside a parameter on another field: the edges
    ** read are worked out once, the annex tested anew each run */
    const char *annexes[] = {"B", "C", "B"};
    const long long per_annex[] = {3, 1, 3};
    expect_counts(db,
                  "correlate sm:8.* with qm where direction = forward and "
                  "annex = $x | count",
                  annexes, per_annex, 3);
}

int main(void)
{
    const struct CMUnitTest eval_tests[] = {
        cmocka_unit_test(test_setops),
        cmocka_unit_test(test_pipelines),
        cmocka_unit_test(test_let),
        cmocka_unit_test(test_def),
        cmocka_unit_test(test_parameters),
        cmocka_unit_test(test_parameter_subtree),
        cmocka_unit_test(test_bound_references),
        cmocka_unit_test(test_parameter_names),
        cmocka_unit_test(test_assert),
        cmocka_unit_test(test_parameter_direction),
        cmocka_unit_test(test_parameter_nested_where),
    };
    const struct CMUnitTest lang_tests[] = {
        cmocka_unit_test(test_via),       cmocka_unit_test(test_path),
        cmocka_unit_test(test_integrate), cmocka_unit_test(test_common),
        cmocka_unit_test(test_check),     cmocka_unit_test(test_between),
    };
    int failed = cmocka_run_group_tests_name(
        "language (eval corpus)", eval_tests, open_eval, unit_close_db);
    failed += cmocka_run_group_tests_name("language (lang corpus)", lang_tests,
                                          open_lang, unit_close_db);
    return failed;
}
