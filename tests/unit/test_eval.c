/*
** test_eval.c -- statements evaluated over a small corpus whose every answer
** can be worked out by hand (tests/data/eval), through the public API.
**
** The fixture has standards hls, sm, qm (clause 8.9 and 8.10 to check
** numeric order, Annex-style A.1/A.2/A.10, a `none` row, an edge stored in
** the reverse direction) and a vocabulary voc.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "concord.h"

static char fixture_dir[512];

static int open_fixture(void **state)
{
    const char *data = getenv("CONCORD_TEST_DATA");
    snprintf(fixture_dir, sizeof fixture_dir, "%s/eval",
             data ? data : "tests/data");
    concord_options options;
    concord_options_init(&options);
    options.corpus_dir = fixture_dir;
    concord_db *db = NULL;
    int rc = concord_open_v2(&db, &options);
    if (rc != CONCORD_OK) {
        fprintf(stderr, "cannot open %s: %s\n", fixture_dir,
                concord_errmsg(db));
        concord_close(db);
        return -1;
    }
    *state = db;
    return 0;
}

static int close_fixture(void **state)
{
    return concord_close(*state) == CONCORD_OK ? 0 : -1;
}

/* Every row of query as "a|b|c\n" lines (null shown as ~). */
static char *rows_of(concord_db *db, const char *query)
{
    static char out[8192];
    out[0] = '\0';
    concord_stmt *stmt = NULL;
    int rc = concord_prepare(db, query, -1, &stmt, NULL);
    if (rc != CONCORD_OK) {
        snprintf(out, sizeof out, "error %d: %s", rc, concord_errmsg(db));
        return out;
    }
    assert_non_null(stmt);
    size_t len = 0;
    while ((rc = concord_step(stmt)) == CONCORD_ROW) {
        for (int i = 0; i < concord_column_count(stmt); i++) {
            const char *t = concord_column_text(stmt, i);
            len += (size_t)snprintf(out + len, sizeof out - len, "%s%s",
                                    i ? "|" : "", t ? t : "~");
        }
        len += (size_t)snprintf(out + len, sizeof out - len, "\n");
    }
    assert_int_equal(rc, CONCORD_DONE);
    assert_int_equal(concord_finalize(stmt), CONCORD_OK);
    return out;
}

/* Keep only the listed columns (1-based, as cut -f does) of rows. */
static char *cut(const char *rows, const char *fields)
{
    static char out[8192];
    size_t len = 0;
    out[0] = '\0';
    while (*rows) {
        const char *eol = strchr(rows, '\n');
        size_t n = eol ? (size_t)(eol - rows) : strlen(rows);
        int first = 1;
        for (const char *f = fields; *f; f++) {
            if (*f < '1' || *f > '9')
                continue;
            int want = *f - '0', col = 1;
            const char *p = rows, *end = rows + n;
            while (col < want && p < end) {
                if (*p++ == '|')
                    col++;
            }
            const char *q = p;
            while (q < end && *q != '|')
                q++;
            len += (size_t)snprintf(out + len, sizeof out - len, "%s%.*s",
                                    first ? "" : "|", (int)(q - p), p);
            first = 0;
        }
        len += (size_t)snprintf(out + len, sizeof out - len, "\n");
        rows += n + (eol ? 1 : 0);
    }
    return out;
}

static void expect_error(concord_db *db, const char *query, int code,
                         const char *message)
{
    concord_stmt *stmt = NULL;
    int rc = concord_prepare(db, query, -1, &stmt, NULL);
    if (rc != code)
        fprintf(stderr, "query: %s\nmessage: %s\n", query, concord_errmsg(db));
    assert_int_equal(rc, code);
    assert_null(stmt);
    assert_int_equal(concord_errcode(db), code);
    assert_string_equal(concord_errmsg(db), message);
}

/* ---- clauses ------------------------------------------------------------- */

static void test_clauses_numeric_order(void **state)
{
    assert_string_equal(cut(rows_of(*state, "clauses of sm"), "1"),
                        "sm:4\nsm:4.1\nsm:8\nsm:8.1\nsm:8.2\nsm:8.2.1\n"
                        "sm:8.9\nsm:8.10\n");
    assert_string_equal(
        cut(rows_of(*state, "clauses of qm where origin = control"), "1"),
        "qm:A.1\nqm:A.2\nqm:A.10\n");
}

static void test_clauses_columns(void **state)
{
    assert_string_equal(rows_of(*state, "clauses of sm:8.2.*"),
                        "sm:8.2|Service portfolio|added|sm:8|2\n"
                        "sm:8.2.1|Service delivery|added|sm:8.2|3\n");
    assert_string_equal(rows_of(*state, "clauses of sm:8"),
                        "sm:8|Operation of the SMS|hls-modified|~|1\n");
}

static void test_clauses_sets_merge(void **state)
{
    /* Overlapping references give each clause once, in graph order. */
    assert_string_equal(
        cut(rows_of(*state, "clauses of sm:8.2.*, sm:8.*, hls:4"), "1"),
        "hls:4\nsm:8\nsm:8.1\nsm:8.2\nsm:8.2.1\nsm:8.9\nsm:8.10\n");
    assert_string_equal(cut(rows_of(*state, "clauses of sm:*"), "1"),
                        cut(rows_of(*state, "clauses of sm"), "1"));
}

static void test_clauses_conditions(void **state)
{
    assert_string_equal(
        cut(rows_of(*state, "clauses where title ~ \"ORGANIZ\""), "1"),
        "hls:4.1\nsm:4.1\nqm:4.1\n");
    assert_string_equal(
        cut(rows_of(*state,
                    "clauses of sm where depth = 2 and not (origin = added)"),
            "1"),
        "sm:4.1\nsm:8.1\n");
    assert_string_equal(
        cut(rows_of(*state, "clauses where standard = qm and (number = 8 "
                            "or number = \"a.1\")"),
            "1"),
        "qm:8\nqm:A.1\n");
    assert_string_equal(
        cut(rows_of(*state, "clauses of sm where parent = sm:8.2"), "1"),
        "sm:8.2.1\n");
    assert_string_equal(
        cut(rows_of(*state, "clauses of sm where origin not in (added, hls)"),
            "1"),
        "sm:8\n");
    assert_string_equal(
        cut(rows_of(*state, "clauses of sm where title !~ \"o\""), "1"),
        "sm:8.2.1\nsm:8.9\nsm:8.10\n");
}

/* ---- correlate ----------------------------------------------------------- */

static void test_correlate_one(void **state)
{
    assert_string_equal(
        rows_of(*state, "correlate sm:8.9 with qm"),
        "sm:8.9|Ninth thing|qm:A.10|Annex control ten|C|superset|6|high|*|"
        "table|ninth covers ten|corpus|content\n");
}

static void test_correlate_backwards(void **state)
{
    /* Read from its target, a superset edge is a subset. */
    assert_string_equal(
        cut(rows_of(*state, "correlate qm:A.10 with sm"), "1356"),
        "qm:A.10|sm:8.9|C|subset\n");
    assert_string_equal(
        cut(rows_of(*state, "correlate sm:8.10 with qm"), "1356"),
        "sm:8.10|qm:A.2|C|superset\n");
}

static void test_correlate_subtree_order(void **state)
{
    assert_string_equal(
        cut(rows_of(*state, "correlate sm:8.* with qm"), "1356"),
        "sm:8|qm:8|B|subset\n"
        "sm:8.2|qm|B|none\n"
        "sm:8.2.1|qm:8.5|B|intersects\n"
        "sm:8.9|qm:A.10|C|superset\n"
        "sm:8.10|qm:A.2|C|superset\n");
}

static void test_correlate_none_row(void **state)
{
    assert_string_equal(rows_of(*state, "correlate sm:8.2 with qm"),
                        "sm:8.2|Service portfolio|qm|~|B|none|0|low|~|"
                        "judgement|nothing in qm|corpus|content\n");
    /* A target that is a clause set, not the whole standard, has no
    ** `none` rows. */
    assert_string_equal(rows_of(*state, "correlate sm:8.2 with qm:8.*"), "");
}

static void test_correlate_conditions(void **state)
{
    concord_db *db = *state;
    assert_string_equal(
        cut(rows_of(db, "correlate sm with qm where annex = c"), "13"),
        "sm:8.9|qm:A.10\nsm:8.10|qm:A.2\n");
    assert_string_equal(
        cut(rows_of(db, "correlate sm with qm where relation in (equal, "
                        "subset) and strength >= 8"),
            "13"),
        "sm:4|qm:4\nsm:4.1|qm:4.1\n");
    assert_string_equal(
        cut(rows_of(db, "correlate sm with qm where confidence >= medium"),
            "13"),
        "sm:4|qm:4\nsm:4.1|qm:4.1\nsm:8|qm:8\nsm:8.9|qm:A.10\n");
    assert_string_equal(
        cut(rows_of(db, "correlate sm with qm where confidence < medium "
                        "and relation != none"),
            "13"),
        "sm:8.2.1|qm:8.5\nsm:8.10|qm:A.2\n");
    assert_string_equal(
        cut(rows_of(db, "correlate sm with qm where title ~ \"TEN\" or "
                        "to = qm:8.5"),
            "13"),
        "sm:8.2.1|qm:8.5\nsm:8.9|qm:A.10\n");
    assert_string_equal(
        cut(rows_of(db, "correlate sm with qm where origin = control and "
                        "from_depth = 2"),
            "13"),
        "sm:8.9|qm:A.10\nsm:8.10|qm:A.2\n");
    assert_string_equal(
        cut(rows_of(db, "correlate sm with hls, qm where standard = qm and "
                        "depth = 1 and from_origin = hls"),
            "13"),
        "sm:4|qm:4\n");
    assert_string_equal(
        cut(rows_of(db, "correlate qm with sm where note ~ \"reverse\""),
            "136"),
        "qm:A.2|sm:8.10|subset\n");
}

/* ---- gap and coverage ---------------------------------------------------- */

static void test_gap(void **state)
{
    assert_string_equal(rows_of(*state, "gap sm against qm"),
                        "sm:8.1|Operational planning|hls|unmapped|~|~\n"
                        "sm:8.2|Service portfolio|added|none|low|"
                        "nothing in qm\n");
    assert_string_equal(cut(rows_of(*state, "gap qm against sm"), "14"),
                        "qm:A.1|unmapped\n");
    assert_string_equal(
        cut(rows_of(*state, "gap sm against qm where status = none"), "1"),
        "sm:8.2\n");
    /* qm has no clause A: `qm:A.*` is every clause numbered A.something. */
    assert_string_equal(cut(rows_of(*state, "gap sm:8.* against qm:A.*"), "1"),
                        "sm:8\nsm:8.1\nsm:8.2\nsm:8.2.1\n");
}

static void test_coverage(void **state)
{
    /* the whole, then each top-level clause */
    assert_string_equal(rows_of(*state, "coverage of sm by qm"),
                        "sm|qm|all|6|8|75.0\n"
                        "sm|qm|sm:4|2|2|100.0\n"
                        "sm|qm|sm:8|4|6|66.7\n");
    assert_string_equal(cut(rows_of(*state, "coverage of qm by sm"), "3456"),
                        "all|6|7|85.7\nqm:4|2|2|100.0\nqm:8|2|2|100.0\n"
                        "qm:A.1|0|1|0.0\nqm:A.2|1|1|100.0\n"
                        "qm:A.10|1|1|100.0\n");
    assert_string_equal(rows_of(*state, "coverage of sm:8.* by qm:A.*"),
                        "sm:8.*|qm:A.*|all|2|6|33.3\n"
                        "sm:8.*|qm:A.*|sm:8|2|6|33.3\n");
    assert_string_equal(rows_of(*state, "coverage of voc by sm"),
                        "voc|sm|all|0|0|~\n");
    /* both directions */
    assert_string_equal(
        cut(rows_of(*state, "coverage between sm:4 and qm"), "123456"),
        "sm:4|qm|all|1|1|100.0\nsm:4|qm|sm:4|1|1|100.0\n"
        "qm|sm:4|all|1|7|14.3\nqm|sm:4|qm:4|1|2|50.0\n"
        "qm|sm:4|qm:8|0|2|0.0\nqm|sm:4|qm:A.1|0|1|0.0\n"
        "qm|sm:4|qm:A.2|0|1|0.0\nqm|sm:4|qm:A.10|0|1|0.0\n");
}

/* ---- terms --------------------------------------------------------------- */

static void test_terms(void **state)
{
    assert_string_equal(rows_of(*state, "terms of voc"),
                        "voc:3.1|voc|3.1|audit|yes\n"
                        "voc:3.2|voc|3.2|corrective action|yes\n");
    assert_string_equal(
        cut(rows_of(*state, "terms where relation(voc) = modified"), "1"),
        "sm:3.1.2\n");
    /* Read from the other vocabulary, the link still counts. */
    assert_string_equal(
        cut(rows_of(*state, "terms where relation(sm) = same"), "1"),
        "voc:3.1\n");
    assert_string_equal(
        cut(rows_of(*state, "terms where relation(voc) = absent"), "1"),
        "sm:3.2.1\n");
    assert_string_equal(cut(rows_of(*state, "terms where hls = no"), "1"),
                        "sm:3.2.1\n");
    assert_string_equal(
        cut(rows_of(*state, "terms of sm, voc where name ~ \"AUD\""), "1"),
        "sm:3.1.1\nvoc:3.1\n");
}

static void test_term(void **state)
{
    assert_string_equal(rows_of(*state, "term \"Corrective Action\""),
                        "sm:3.1.2|sm|corrective action|yes|voc:3.2|"
                        "corrective action|modified|sm changed it\n"
                        "voc:3.2|voc|corrective action|yes|~|~|~|~\n");
    assert_string_equal(rows_of(*state, "term service"),
                        "sm:3.2.1|sm|service|no|voc|~|absent|sm only\n");
}

/* ---- standards and show -------------------------------------------------- */

static void test_standards(void **state)
{
    assert_string_equal(rows_of(*state, "standards"),
                        "hls|~|High level structure|2012|structure|2|0|0|0|"
                        "0|0\n"
                        "sm|~|Service management|2018|mss|8|7|1|3|3|3\n"
                        "sm|qm|~|~|~|~|7|1|3|3|~\n"
                        "qm|~|Quality management|2015|mss|7|7|1|3|3|0\n"
                        "voc|~|A vocabulary|~|vocabulary|0|0|0|0|0|2\n");
}

static void test_show_clause(void **state)
{
    assert_string_equal(cut(rows_of(*state, "show sm:8.2"), "12356"),
                        "clause|sm:8.2|Service portfolio|~|~\n"
                        "parent|sm:8|Operation of the SMS|~|~\n"
                        "child|sm:8.2.1|Service delivery|~|~\n"
                        "correlation|qm|~|B|none\n");
    assert_string_equal(cut(rows_of(*state, "show qm:a.10"), "12356"),
                        "clause|qm:A.10|Annex control ten|~|~\n"
                        "correlation|sm:8.9|Ninth thing|C|subset\n");
    assert_string_equal(cut(rows_of(*state, "show sm:8"), "12"),
                        "clause|sm:8\nchild|sm:8.1\nchild|sm:8.2\n"
                        "child|sm:8.9\nchild|sm:8.10\ncorrelation|qm:8\n");
}

static void test_show_standard(void **state)
{
    assert_string_equal(cut(rows_of(*state, "show sm"), "123"),
                        "standard|sm|Service management\n"
                        "clause|sm:4|Context\n"
                        "clause|sm:8|Operation of the SMS\n");
}

static void test_format_statement(void **state)
{
    concord_db *db = *state;
    concord_stmt *stmt = NULL;
    assert_int_equal(concord_prepare(db, "format json;", -1, &stmt, NULL),
                     CONCORD_OK);
    assert_int_equal(concord_column_count(stmt), 0);
    assert_int_equal(concord_format(db), CONCORD_FORMAT_TSV);
    assert_int_equal(concord_step(stmt), CONCORD_DONE);
    assert_int_equal(concord_format(db), CONCORD_FORMAT_JSON);
    assert_int_equal(concord_finalize(stmt), CONCORD_OK);
    assert_int_equal(concord_set_format(db, CONCORD_FORMAT_TSV), CONCORD_OK);
}

/* ---- errors -------------------------------------------------------------- */

static void test_unknown_names(void **state)
{
    concord_db *db = *state;
    expect_error(db, "clauses of sx", CONCORD_NOTFOUND,
                 "1:12: unknown standard sx; did you mean sm?");
    expect_error(db, "clauses of nothing", CONCORD_NOTFOUND,
                 "1:12: unknown standard nothing; the corpus has hls, sm, qm "
                 "and voc");
    expect_error(db, "show sm:8.3", CONCORD_NOTFOUND,
                 "1:6: unknown clause sm:8.3; did you mean sm:8.1, 8.2 or "
                 "8.9?");
    expect_error(db, "show sm:77.77.77", CONCORD_NOTFOUND,
                 "1:6: unknown clause sm:77.77.77; `clauses of sm` lists "
                 "them");
    expect_error(db, "correlate sm:8 with qm where relaton = equal",
                 CONCORD_NOTFOUND,
                 "1:30: unknown field 'relaton'; did you mean 'relation'?");
    expect_error(db, "coverage of hls by voc:3.1", CONCORD_NOTFOUND,
                 "1:20: unknown clause voc:3.1; voc has no clauses");
    expect_error(db, "term \"corective action\"", CONCORD_NOTFOUND,
                 "1:6: no vocabulary defines the term 'corective action'; "
                 "did you mean 'corrective action'?");
    expect_error(db, "term \"xyzzy\"", CONCORD_NOTFOUND,
                 "1:6: no vocabulary defines the term 'xyzzy'; try: terms "
                 "where name ~ \"xyzzy\"");
    expect_error(db, "terms of qm", CONCORD_NOTFOUND,
                 "1:10: qm has no terms; vocabularies with terms are sm, "
                 "voc");
}

static void test_unknown_field_lists_fields(void **state)
{
    expect_error(*state, "clauses where zzz = 1", CONCORD_NOTFOUND,
                 "1:15: unknown field 'zzz'; clauses rows have clause, "
                 "title, origin, parent, depth, standard, number and source");
}

static void test_bad_values(void **state)
{
    concord_db *db = *state;
    expect_error(db, "correlate sm with qm where relation = equl",
                 CONCORD_ERROR,
                 "1:39: unknown relation 'equl' for relation; did you mean "
                 "'equal'? (relation is equal, equivalent, subset, superset, "
                 "intersects or none)");
    expect_error(db, "correlate sm with qm where strength = high",
                 CONCORD_ERROR, "1:39: strength takes a number, not 'high'");
    expect_error(db, "correlate sm with qm where relation < equal",
                 CONCORD_ERROR,
                 "1:28: relation has no order, so '<' does not apply; use =, "
                 "!= or in");
    expect_error(db, "correlate sm with qm where strength ~ \"5\"",
                 CONCORD_ERROR,
                 "1:28: '~' searches text, and strength is not text; use = "
                 "or in");
    expect_error(db, "correlate sm with qm where annex = D", CONCORD_NOTFOUND,
                 "1:36: no edge has annex 'D'; the corpus has annex B and C");
    expect_error(db, "correlate sm with qm where to = qm", CONCORD_ERROR,
                 "1:33: to takes one clause such as 27001:A.12.1.2, not "
                 "'qm'");
    expect_error(db, "correlate sm with qm where standard = qx",
                 CONCORD_NOTFOUND,
                 "1:39: unknown standard qx; did you mean qm?");
    expect_error(db, "terms where relation = same", CONCORD_ERROR,
                 "1:13: relation needs a vocabulary, as in relation(27000)");
    expect_error(db, "clauses where depth(sm) = 1", CONCORD_ERROR,
                 "1:21: depth takes no argument");
    expect_error(db, "terms where hls = maybe", CONCORD_ERROR,
                 "1:19: unknown value 'maybe' for hls (hls is no or yes)");
}

static void test_bad_statements(void **state)
{
    concord_db *db = *state;
    expect_error(db, "format jsn", CONCORD_ERROR,
                 "1:1: unknown format 'jsn'; did you mean 'json'? (formats: "
                 "tsv, table, csv, json, markdown, dot, oscal, strm, sssom "
                 "and jsonl)");
    expect_error(db, "show sm:8.*", CONCORD_ERROR,
                 "1:6: show takes one clause or one standard, and sm:8.* is "
                 "a set; try: clauses of sm:8.*");
    expect_error(db, "terms of sm:3.1.1", CONCORD_ERROR,
                 "1:10: terms of takes vocabularies such as 27000, not "
                 "sm:3.1.1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clauses_numeric_order),
        cmocka_unit_test(test_clauses_columns),
        cmocka_unit_test(test_clauses_sets_merge),
        cmocka_unit_test(test_clauses_conditions),
        cmocka_unit_test(test_correlate_one),
        cmocka_unit_test(test_correlate_backwards),
        cmocka_unit_test(test_correlate_subtree_order),
        cmocka_unit_test(test_correlate_none_row),
        cmocka_unit_test(test_correlate_conditions),
        cmocka_unit_test(test_gap),
        cmocka_unit_test(test_coverage),
        cmocka_unit_test(test_terms),
        cmocka_unit_test(test_term),
        cmocka_unit_test(test_standards),
        cmocka_unit_test(test_show_clause),
        cmocka_unit_test(test_show_standard),
        cmocka_unit_test(test_format_statement),
        cmocka_unit_test(test_unknown_names),
        cmocka_unit_test(test_unknown_field_lists_fields),
        cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_bad_statements),
    };
    return cmocka_run_group_tests_name("eval", tests, open_fixture,
                                       close_fixture);
}
