/*
** test_status.c -- the status layer through the public API: status files
** loaded by concord_load_status() and concord_options.status_files, every
** class of bad row with its exact message, nothing kept from a bad file,
** the later file winning and `check` naming the conflict, and the
** derivation rule of `status of`, clause by clause, on the hand-made
** corpus tests/data/status, where each expected status is written below.
**
** Run from the repository root (CONCORD_TEST_DATA=tests/data).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "test_alloc.h"

#include "concord.h"
#include "unit.h"

static const char *data_path(int slot, const char *name)
{
    static char paths[2][512];
    snprintf(paths[slot], sizeof paths[slot], "%s/%s", unit_data_dir(), name);
    return paths[slot];
}

/* A handle on the hand-made corpus, with rows.tsv loaded when rows. */
static concord_db *open_test(int rows)
{
    concord_options o;
    concord_options_init(&o);
    o.corpus_dir = data_path(0, "status");
    const char *files[] = {data_path(1, "status/rows.tsv")};
    o.status_files = files;
    o.n_status_files = rows ? 1 : 0;
    concord_db *db = NULL;
    int rc = concord_open_v2(&db, &o);
    if (rc != CONCORD_OK)
        print_error("open: %s\n", db ? concord_errmsg(db) : "no handle");
    assert_int_equal(rc, CONCORD_OK);
    return db;
}

/* Cell col of row (0-based) of query, copied into out; "" for null, and
** "<none>" when the query has fewer rows. */
static void cell(concord_db *db, const char *query, int row, int col, char *out,
                 size_t size)
{
    concord_stmt *st = NULL;
    int rc = concord_prepare(db, query, -1, &st, NULL);
    if (rc != CONCORD_OK)
        print_error("%s: %s\n", query, concord_errmsg(db));
    assert_int_equal(rc, CONCORD_OK);
    snprintf(out, size, "<none>");
    for (int i = 0; (rc = concord_step(st)) == CONCORD_ROW; i++)
        if (i == row) {
            const char *t = concord_column_text(st, col);
            snprintf(out, size, "%s", t ? t : "");
        }
    assert_int_equal(rc, CONCORD_DONE);
    concord_finalize(st);
}

static int count_rows(concord_db *db, const char *query)
{
    concord_stmt *st = NULL;
    assert_int_equal(concord_prepare(db, query, -1, &st, NULL), CONCORD_OK);
    int n = 0;
    while (concord_step(st) == CONCORD_ROW)
        n++;
    concord_finalize(st);
    return n;
}

/* ---- the derivation rule, row by row -------------------------------------
** tests/data/status/rows.tsv gives org:1 implemented, org:2 partial,
** org:3 planned, org:4 not-implemented, org:5 not-applicable, org:6
** implemented, tgt:12 partial (its own row) and ed@2:1 implemented.  Each
** tgt clause is linked as its comment says (edges.tsv). */
static const struct {
    const char *clause;
    const char *status; /* written by hand from the rule */
    const char *from;   /* the link listed first ("" when none) */
} expected[] = {
    /* equal to implemented, strength 8 */
    {"tgt:1", "implemented (derived)", "org:1"},
    /* subset of implemented */
    {"tgt:2", "implemented (derived)", "org:1"},
    /* superset of implemented: the other covers part of it */
    {"tgt:3", "partial (derived)", "org:1"},
    /* intersects implemented */
    {"tgt:4", "partial (derived)", "org:1"},
    /* equal to partial */
    {"tgt:5", "partial (derived)", "org:2"},
    /* equal to planned, not-implemented, not-applicable: listed, nothing
    ** borrowed */
    {"tgt:6", "not assessed", "org:3"},
    {"tgt:7", "not assessed", "org:4"},
    {"tgt:8", "not assessed", "org:5"},
    /* equal to implemented, but strength 4 is under the default 5 */
    {"tgt:9", "not assessed", ""},
    /* intersects org:1 (8) and equal to org:6 (6): the best wins and is
    ** listed first */
    {"tgt:10", "implemented (derived)", "org:6"},
    /* no edge at all */
    {"tgt:11", "not assessed", ""},
    /* its own row wins over an equal link to implemented */
    {"tgt:12", "partial", ""},
    /* stored as org:1 subset tgt:13, read from tgt:13: superset */
    {"tgt:13", "partial (derived)", "org:1"},
    /* stored as org:6 superset tgt:14, read from tgt:14: subset */
    {"tgt:14", "implemented (derived)", "org:6"},
    /* equal to ed:1, which is equal to ed@2:1 in the next edition */
    {"tgt:15", "implemented (derived)", "ed@2:1"},
    /* only a `none` row toward org */
    {"tgt:16", "not assessed", ""},
};

static void test_derivation_rule(void **state)
{
    (void)state;
    concord_db *db = open_test(1);
    char got[256], q[256];
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        snprintf(q, sizeof q, "status of %s", expected[i].clause);
        cell(db, q, 0, 2, got, sizeof got);
        if (strcmp(got, expected[i].status) != 0)
            print_error("%s: status '%s', expected '%s'\n", expected[i].clause,
                        got, expected[i].status);
        assert_string_equal(got, expected[i].status);
        cell(db, q, 0, 3, got, sizeof got);
        if (strcmp(got, expected[i].from) != 0)
            print_error("%s: from '%s', expected '%s'\n", expected[i].clause,
                        got, expected[i].from);
        assert_string_equal(got, expected[i].from);
    }
    /* tgt:10 lists both links; tgt:15 names the clause it passed */
    assert_int_equal(count_rows(db, "status of tgt:10"), 2);
    cell(db, "status of tgt:10", 1, 3, got, sizeof got);
    assert_string_equal(got, "org:1");
    cell(db, "status of tgt:15", 0, 4, got, sizeof got);
    assert_string_equal(got, "ed:1");
    /* the evidence borrowed is the assessed clause's */
    cell(db, "status of tgt:1", 0, 9, got, sizeof got);
    assert_string_equal(got, "E1");
    /* a condition chooses the links: a lower threshold takes tgt:9's */
    cell(db, "status of tgt:9 where strength >= 3", 0, 2, got, sizeof got);
    assert_string_equal(got, "implemented (derived)");
    /* ... and one on confidence leaves tgt:10 only its high link */
    assert_int_equal(count_rows(db, "status of tgt:10 where confidence = high"),
                     1);
    cell(db, "status of tgt:4 where relation != intersects", 0, 2, got,
         sizeof got);
    assert_string_equal(got, "not assessed");
    concord_close(db);
}

/* readiness counts each clause by where it stands (the table above):
** derived tgt:1 2 10 14 15; partial tgt:3 4 5 12 13; open the rest. */
static void test_readiness(void **state)
{
    (void)state;
    concord_db *db = open_test(1);
    char got[64];
    const char *q = "readiness of tgt from org, ed@2";
    const char *want[] = {"tgt", "org, ed@2", "all", "The target standard",
                          "16",  "0",         "5",   "5",
                          "6",   "0",         "31.2"};
    for (int col = 0; col < 11; col++) {
        cell(db, q, 0, col, got, sizeof got);
        assert_string_equal(got, want[col]);
    }
    /* without ed@2 the route through the editions borrows nothing */
    cell(db, "readiness of tgt from org", 0, 6, got, sizeof got);
    assert_string_equal(got, "4");
    /* the work list: partial and open clauses, in order */
    assert_int_equal(count_rows(db, "worklist of tgt from org, ed@2"), 11);
    cell(db, "worklist of tgt from org, ed@2", 0, 0, got, sizeof got);
    assert_string_equal(got, "tgt:3");
    cell(db, "worklist of tgt from org, ed@2", 0, 3, got, sizeof got);
    assert_string_equal(got, "org:1");
    concord_close(db);
}

/* ---- bad rows ------------------------------------------------------------ */

static char tmp_file[512];

static const char *write_tmp(const char *name, const char *text)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(tmp_file, sizeof tmp_file, "%s/concord-status-%ld-%s",
             tmp && *tmp ? tmp : "/tmp", (long)getpid(), name);
    FILE *f = fopen(tmp_file, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return tmp_file;
}

/* Load text as a status file named name; expect code and, line by line
** after the file name, message. */
static void expect_bad(concord_db *db, const char *name, const char *text,
                       int code, const char *message)
{
    const char *path = write_tmp(name, text);
    int rc = concord_load_status(db, path);
    char want[4096];
    /* every line starts with the path */
    size_t n = 0;
    const char *m = message;
    while (*m && n < sizeof want - 600) {
        const char *nl = strchr(m, '\n');
        size_t len = nl ? (size_t)(nl - m) : strlen(m);
        n += (size_t)snprintf(want + n, sizeof want - n, "%s%s:%.*s",
                              n ? "\n" : "", path, (int)len, m);
        m += len + (nl != NULL);
    }
    if (rc != code || strcmp(concord_errmsg(db), want) != 0)
        print_error("got %d:\n%s\nexpected %d:\n%s\n", rc, concord_errmsg(db),
                    code, want);
    assert_int_equal(rc, code);
    assert_string_equal(concord_errmsg(db), want);
    unlink(path);
}

#define ALLOWED                                                                \
    "(expected implemented, partial, planned, not-implemented or "             \
    "not-applicable)"

static void test_bad_rows(void **state)
{
    (void)state;
    concord_db *db = open_test(0);
    expect_bad(db, "clause.tsv",
               "clause\tstatus\norg:7\tplanned\nhello\tplanned\norg:*\t"
               "planned\norg\tplanned\n\tplanned\n",
               CONCORD_CORRUPT,
               "2:1: clause: unknown clause org:7; did you mean org:1, 2 or "
               "3?\n"
               "3:1: clause: 'hello' is not a clause key (expected "
               "STANDARD:NUMBER, as in 9001:7.5.1)\n"
               "4:1: clause: 'org:*' names a set of clauses; a status row "
               "is about one clause\n"
               "5:1: clause: 'org' is not a clause key (expected "
               "STANDARD:NUMBER, as in 9001:7.5.1)\n"
               "6:1: clause: empty (expected a clause key, as in "
               "27001@2022:A.5.1)");
    expect_bad(db, "standard.tsv", "clause\tstatus\norx:1\tplanned\n",
               CONCORD_CORRUPT,
               "2:1: clause: unknown standard orx; did you mean org?");
    expect_bad(db, "status.tsv",
               "clause\tstatus\norg:1\timplemnted\norg:2\t\norg:3\tdone\n",
               CONCORD_CORRUPT,
               "2:7: status: 'implemnted' is not a status; did you mean "
               "'implemented'? " ALLOWED "\n"
               "3:7: status: empty " ALLOWED "\n"
               "4:7: status: 'done' is not a status " ALLOWED);
    expect_bad(db, "dates.csv",
               "clause,status,reviewed\norg:1,implemented,2025-02-30\n"
               "org:2,partial,2024-02-29\norg:3,planned,31/01/2025\n",
               CONCORD_CORRUPT,
               "2:19: reviewed: '2025-02-30' is not a date (expected "
               "YYYY-MM-DD, ISO 8601, as in 2025-03-31)\n"
               "4:15: reviewed: '31/01/2025' is not a date (expected "
               "YYYY-MM-DD, ISO 8601, as in 2025-03-31)");
    expect_bad(db, "na.tsv",
               "clause\tstatus\tjustification\norg:5\tnot-applicable\t\n",
               CONCORD_CORRUPT,
               "2:22: justification: empty; a not-applicable row says why (a "
               "Statement of Applicability must)");
    expect_bad(db, "na2.tsv", "clause\tstatus\norg:5\tnot-applicable\n",
               CONCORD_CORRUPT,
               "2:7: justification: empty; a not-applicable row says why (a "
               "Statement of Applicability must)");
    expect_bad(db, "cells.tsv",
               "clause\tstatus\norg:1\timplemented\textra\norg:2\n",
               CONCORD_CORRUPT,
               "2:19: 3 cells, but the header has 2 columns\n"
               "3:1: 1 cells, but the header has 2 columns");
    expect_bad(db, "header.tsv", "clause\tevidense\tclause\n", CONCORD_CORRUPT,
               "1:8: unknown column 'evidense'; did you mean 'evidence'? (the "
               "columns are clause, status, evidence, owner, reviewed and "
               "justification)\n"
               "1:17: column 'clause' is named twice (first in column 1)\n"
               "1:1: the header has no 'status' column (a status file needs "
               "clause and status; evidence, owner, reviewed and "
               "justification may follow)");
    expect_bad(db, "empty.tsv", "# only a comment\n\n", CONCORD_CORRUPT,
               "2:1: no header line (expected clause, status, evidence, "
               "owner, reviewed, justification: tab- or comma-separated)");
    expect_bad(db, "quotes.csv",
               "clause,status,evidence\norg:1,implemented,\"doc \n"
               "org:2,partial,\"a\" b\n",
               CONCORD_CORRUPT,
               "2:19: a quoted cell does not end on its line (a closing \" "
               "is missing)\n"
               "3:19: unexpected text after a quoted cell (expected , or the "
               "end of the line)");
    /* past 20 problems, one line says the rest are not listed */
    char many[4096] = "clause\tstatus\n";
    for (int i = 0; i < 25; i++)
        strcat(many, "org:1\tdone\n");
    const char *path = write_tmp("many.tsv", many);
    assert_int_equal(concord_load_status(db, path), CONCORD_CORRUPT);
    const char *msg = concord_errmsg(db);
    int lines = 1;
    for (const char *p = msg; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 21);
    assert_non_null(strstr(msg, "more than 20 problems; the rest are not "
                                "listed"));
    unlink(path);
    /* nothing of a bad file is kept: its good first row is not loaded */
    path = write_tmp("half.tsv", "clause\tstatus\norg:1\timplemented\n"
                                 "org:2\tdone\n");
    assert_int_equal(concord_load_status(db, path), CONCORD_CORRUPT);
    unlink(path);
    char got[64];
    cell(db, "status of org:1", 0, 2, got, sizeof got);
    assert_string_equal(got, "not assessed");
    /* a file that cannot be read */
    assert_int_equal(concord_load_status(db, "/nonexistent/status.tsv"),
                     CONCORD_IOERR);
    assert_string_equal(concord_errmsg(db),
                        "cannot read status file /nonexistent/status.tsv: No "
                        "such file or directory");
    assert_int_equal(concord_load_status(db, NULL), CONCORD_MISUSE);
    assert_int_equal(concord_load_status(NULL, "x"), CONCORD_MISUSE);
    concord_close(db);
}

/* ---- loading: later wins, conflicts, options, safe mode ------------------ */

static void test_later_wins(void **state)
{
    (void)state;
    concord_db *db = open_test(1);
    const char *path =
        write_tmp("later.csv", "clause,status,evidence\n"
                               "org:1,partial,\"E1, revised\"\norg:6,"
                               "implemented,E6\n");
    assert_int_equal(concord_load_status(db, path), CONCORD_OK);
    char got[256];
    cell(db, "status of org:1", 0, 2, got, sizeof got);
    assert_string_equal(got, "partial");
    cell(db, "status of org:1", 0, 9, got, sizeof got);
    assert_string_equal(got, "E1, revised");
    /* tgt:1 now borrows partial only */
    cell(db, "status of tgt:1", 0, 2, got, sizeof got);
    assert_string_equal(got, "partial (derived)");
    /* check names the conflict, not the agreeing org:6 */
    assert_int_equal(
        count_rows(db, "check | where check = \"status conflict\""), 1);
    cell(db, "check | where check = \"status conflict\"", 0, 1, got,
         sizeof got);
    assert_string_equal(got, "org:1");
    char want[1024];
    snprintf(want, sizeof want,
             "%s:2 says implemented, %s:2 says partial; the later wins",
             data_path(0, "status/rows.tsv"), path);
    cell(db, "check | where check = \"status conflict\"", 0, 2, got,
         sizeof got);
    assert_string_equal(got, want);
    unlink(path);
    concord_close(db);
}

static void test_open_option_fails(void **state)
{
    (void)state;
    const char *path = write_tmp("open.tsv", "clause\tstatus\norg:1\tyes\n");
    concord_options o;
    concord_options_init(&o);
    o.corpus_dir = data_path(0, "status");
    o.status_files = &path;
    o.n_status_files = 1;
    concord_db *db = NULL;
    assert_int_equal(concord_open_v2(&db, &o), CONCORD_CORRUPT);
    assert_non_null(strstr(concord_errmsg(db), "'yes' is not a status"));
    concord_close(db);
    /* safe mode: neither the call nor the statement reads the file */
    concord_options_init(&o);
    o.corpus_dir = data_path(0, "status");
    o.flags = CONCORD_OPEN_SAFE;
    assert_int_equal(concord_open_v2(&db, &o), CONCORD_OK);
    assert_int_equal(concord_load_status(db, path), CONCORD_ERROR);
    assert_string_equal(concord_errmsg(db),
                        "loading a status file is not allowed in safe mode: "
                        "it reads a file");
    concord_stmt *st = NULL;
    assert_int_equal(concord_prepare(db, "status \"x.tsv\"", -1, &st, NULL),
                     CONCORD_OK);
    assert_int_equal(concord_step(st), CONCORD_ERROR);
    assert_string_equal(concord_errmsg(db),
                        "1:8: status of a file is not allowed in safe mode "
                        "(it reads a file)");
    concord_finalize(st);
    concord_close(db);
    unlink(path);
}

/* The statements' own errors, as they are written. */
static void expect_error(concord_db *db, const char *query, int code,
                         const char *message)
{
    concord_stmt *st = NULL;
    int rc = concord_prepare(db, query, -1, &st, NULL);
    if (rc == CONCORD_OK) {
        rc = concord_step(st);
        concord_finalize(st);
    }
    if (rc != code || strcmp(concord_errmsg(db), message) != 0)
        print_error("%s: got %d '%s'\n", query, rc, concord_errmsg(db));
    assert_int_equal(rc, code);
    assert_string_equal(concord_errmsg(db), message);
}

static void test_statement_errors(void **state)
{
    (void)state;
    concord_db *db = NULL;
    assert_int_equal(concord_open(&db), CONCORD_OK);
    expect_error(db, "audit plam 9001, 27001", CONCORD_SYNTAX,
                 "1:7: syntax error, unexpected 'plam', expected 'plan' "
                 "(audit plan STANDARDS)");
    expect_error(db, "soa 9001", CONCORD_ERROR,
                 "1:5: 9001 has no Annex A controls; soa lists the controls "
                 "of a standard such as 27001@2022");
    expect_error(db, "readiness of 20000-1:8 from 9001", CONCORD_ERROR,
                 "1:14: readiness takes standards such as 27001, not "
                 "20000-1:8");
    expect_error(db, "worklist of 20000-1 from 9001:4", CONCORD_ERROR,
                 "1:26: worklist takes standards such as 27001, not 9001:4");
    expect_error(db, "status of 20000-1 where strenght >= 6", CONCORD_NOTFOUND,
                 "1:25: unknown field 'strenght'; did you mean 'strength'?");
    expect_error(db, "soaa 27001@2022", CONCORD_SYNTAX,
                 "1:1: syntax error, unknown statement 'soaa'; did you mean "
                 "'soa'?");
    concord_close(db);
}

/* Every allocation of loading and of each statement fails in turn: each
** call fails with CONCORD_NOMEM or does what it does without failures
** (loading the file gives loaded: CONCORD_OK, or CONCORD_CORRUPT for a
** bad file), and nothing leaks. */
static void sweep(const char *corpus, const char *status, int loaded,
                  const char *const *queries, int n_queries)
{
    for (long k = 1;; k++) {
        talloc t;
        concord_options o;
        concord_options_init(&o);
        o.alloc = talloc_fn;
        o.alloc_ud = &t;
        o.corpus_dir = corpus;
        talloc_make(&t, 0);
        concord_db *db = NULL;
        assert_int_equal(concord_open_v2(&db, &o), CONCORD_OK);
        t.fail_at = t.calls + k;
        int rc = concord_load_status(db, status);
        if (rc != loaded)
            assert_int_equal(rc, CONCORD_NOMEM);
        for (int i = 0; rc == CONCORD_OK && i < n_queries; i++) {
            concord_stmt *st = NULL;
            rc = concord_prepare(db, queries[i], -1, &st, NULL);
            while (rc == CONCORD_OK && (rc = concord_step(st)) == CONCORD_ROW)
                rc = CONCORD_OK;
            if (rc == CONCORD_DONE)
                rc = CONCORD_OK;
            else if (rc != CONCORD_NOMEM)
                print_error("%s at %ld: %d %s\n", queries[i], k, rc,
                            concord_errmsg(db));
            if (rc != CONCORD_OK)
                assert_int_equal(rc, CONCORD_NOMEM);
            concord_finalize(st);
        }
        int failed = t.failed;
        assert_int_equal(concord_close(db), CONCORD_OK);
        assert_int_equal(t.live, 0);
        if (!failed)
            break;
    }
}

static void test_allocation_failures(void **state)
{
    (void)state;
    static const char *const small[] = {"status of tgt",
                                        "readiness of tgt from org, ed@2",
                                        "worklist of tgt from org", "check"};
    sweep(data_path(0, "status"), data_path(1, "status/rows.tsv"), CONCORD_OK,
          small, 4);
    const char *path =
        write_tmp("sweep.csv", "clause,status,evidence,justification\n"
                               "27001@2022:A.8.32,implemented,CHG,\n"
                               "27001@2022:A.7.4,not-applicable,,no premises\n"
                               "9001:8.5.6,partial,\"a, b\",\n"
                               "9001:8.5.6,implemented,c,\n");
    static const char *const builtin[] = {"soa 27001@2022 with 20000-1, 9001",
                                          "audit plan 20000-1, 9001, "
                                          "27001@2022",
                                          "status of 20000-1:8.5.*",
                                          "check | where check = \"status "
                                          "conflict\""};
    sweep(NULL, path, CONCORD_OK, builtin, 4);
    unlink(path);
    /* a bad file under failing allocations: NOMEM or its problems */
    path = write_tmp("sweep-bad.tsv", "clause\tstatus\n9001:9.9\tdone\n");
    sweep(NULL, path, CONCORD_CORRUPT, NULL, 0);
    unlink(path);
}

/* A line of more cells than any header may have. */
static void test_too_many_cells(void **state)
{
    (void)state;
    concord_db *db = open_test(0);
    char text[256] = "clause\tstatus\norg:1";
    for (int i = 0; i < 65; i++)
        strcat(text, "\t");
    strcat(text, "\n");
    expect_bad(db, "wide.tsv", text, CONCORD_CORRUPT,
               "2:70: more than 64 cells on one line");
    concord_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_derivation_rule),
        cmocka_unit_test(test_readiness),
        cmocka_unit_test(test_bad_rows),
        cmocka_unit_test(test_later_wins),
        cmocka_unit_test(test_open_option_fails),
        cmocka_unit_test(test_statement_errors),
        cmocka_unit_test(test_allocation_failures),
        cmocka_unit_test(test_too_many_cells),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
