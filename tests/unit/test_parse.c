/*
** test_parse.c -- the scanner and the parser: every statement form and
** token class, the tree they build (pinned through cq_node_dump), tails
** and locations over scripts, every error message with its place, the
** REPL's "incomplete" signal, the nesting limits, and an allocation-failure
** sweep that must always end in CONCORD_NOMEM with nothing left allocated.
*/
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_alloc.h"

#include "ast.h"
#include "buf.h"
#include "keywords.h"
#include "parse.h"

/* ---- running the parser --------------------------------------------- */

typedef struct result {
    int rc;           /* what cq_parse_statement returned */
    int null;         /* *out was NULL */
    size_t tail;      /* *tail */
    int incomplete;   /* *incomplete */
    int line, column; /* err's place */
    int offset;
    char text[8192]; /* the dump on success, the message on failure */
    cq_loc loc;      /* the statement's location */
    cq_loc aloc;     /* the location of its first set (of), if any */
    long long num;   /* a->num (when a is there) */
    const char *a_text;
} result;

static result R;        /* the last run; big, so not on the stack */
static char saved[256]; /* a->text, copied before the arena goes */

/* Parse the statement at text[start] of text[0..len) with a fresh arena. */
static result *parse_at(const char *text, size_t len, size_t start)
{
    talloc t = {0};
    cq_allocator a = {talloc_fn, &t};
    cq_arena arena;
    cq_arena_init(&arena, &a);
    cq_error err;
    cq_error_init(&err, &a);
    cq_node *out = (cq_node *)&R; /* must be overwritten */
    memset(&R, 0, sizeof R);
    R.tail = (size_t)-1;
    R.incomplete = -1;
    R.rc = cq_parse_statement(&arena, text, len, start, &out, &R.tail,
                              &R.incomplete, &err);
    R.null = out == NULL;
    if (R.rc == CONCORD_OK) {
        cq_buf buf;
        cq_buf_init(&buf, &a);
        assert_int_equal(cq_node_dump(out, &buf), 0);
        snprintf(R.text, sizeof R.text, "%s", cq_buf_str(&buf));
        cq_buf_free(&buf);
        if (out) {
            R.loc = out->loc;
            if (out->of) {
                R.aloc = out->of->loc;
                R.num = out->of->num;
                snprintf(saved, sizeof saved, "%s",
                         out->of->text ? out->of->text : "(null)");
                R.a_text = saved;
            }
        }
    } else {
        assert_null(out);
        snprintf(R.text, sizeof R.text, "%s", cq_error_message(&err));
        R.line = err.line;
        R.column = err.column;
        R.offset = err.offset;
    }
    cq_error_free(&err);
    cq_arena_free(&arena);
    assert_int_equal(t.live, 0);
    return &R;
}

static result *parse(const char *text)
{
    return parse_at(text, strlen(text), 0);
}

/* The statement of text parses and dumps as expected. */
#define assert_tree(query, expected)                                           \
    do {                                                                       \
        result *r_ = parse(query);                                             \
        if (r_->rc != CONCORD_OK)                                              \
            fail_msg("%s: %s", (query), r_->text);                             \
        assert_string_equal(r_->text, (expected));                             \
    } while (0)

/* The statement fails with code, at line:column (offset), saying msg
** (the "L:C: " prefix included). */
#define assert_error(query, code, line_, column_, offset_, msg)                \
    do {                                                                       \
        result *r_ = parse(query);                                             \
        assert_string_equal(r_->text, (msg));                                  \
        assert_int_equal(r_->rc, (code));                                      \
        assert_int_equal(r_->line, (line_));                                   \
        assert_int_equal(r_->column, (column_));                               \
        assert_int_equal(r_->offset, (offset_));                               \
    } while (0)

/* ---- statements ------------------------------------------------------ */

static void test_statements(void **state)
{
    (void)state;
    assert_tree("show 20000-1:8.5.1", "(show (ref \"20000-1\" \"8.5.1\"))");
    assert_tree("clauses", "(clauses)");
    assert_tree("clauses of 20000-1", "(clauses (refs (ref \"20000-1\")))");
    assert_tree("clauses of 20000-1 where origin = added",
                "(clauses (refs (ref \"20000-1\")) (cmp = (field \"origin\") "
                "(name \"added\")))");
    assert_tree("clauses where depth <= 2",
                "(clauses (cmp <= (field \"depth\") (int 2)))");
    assert_tree("clauses of 9001, 27001 where title ~ \"change\"",
                "(clauses (refs (ref \"9001\") (ref \"27001\")) (match ~ "
                "(field \"title\") (string \"change\")))");
    assert_tree("correlate 20000-1:8.5.1 with 27001",
                "(correlate (refs (ref \"20000-1\" \"8.5.1\")) (refs (ref "
                "\"27001\")))");
    assert_tree(
        "correlate 20000-1:8.5.1 with 27001 where annex = C and relation in "
        "(equal, subset)",
        "(correlate (refs (ref \"20000-1\" \"8.5.1\")) (refs (ref \"27001\")) "
        "(and (cmp = (field \"annex\") (name \"C\")) (in (field "
        "\"relation\") (name \"equal\") (name \"subset\"))))");
    assert_tree("correlate 20000-1:8.* with 9001, 27001",
                "(correlate (refs (ref \"20000-1\" \"8\" *)) (refs (ref "
                "\"9001\") (ref \"27001\")))");
    assert_tree("gap 20000-1 against 9001",
                "(gap (ref \"20000-1\") (ref \"9001\"))");
    assert_tree("gap 20000-1 against 9001 where origin != hls",
                "(gap (ref \"20000-1\") (ref \"9001\") (cmp != (field "
                "\"origin\") (name \"hls\")))");
    assert_tree("coverage of 27001 by 20000-1",
                "(coverage (ref \"27001\") (ref \"20000-1\"))");
    assert_tree("terms", "(terms)");
    assert_tree("terms of 20000-1 where relation(27000) = modified",
                "(terms (refs (ref \"20000-1\")) (cmp = (field \"relation\" "
                "(ref \"27000\")) (name \"modified\")))");
    assert_tree("terms where term ~ 'audit'",
                "(terms (match ~ (field \"term\") (string \"audit\")))");
    assert_tree("term \"corrective action\"", "(term \"corrective action\")");
    assert_tree("term audit", "(term \"audit\")");
    assert_tree("term top-management", "(term \"top-management\")");
    assert_tree("standards", "(standards)");
    assert_tree("format json", "(format \"json\")");
    assert_tree("format JSON;", "(format \"JSON\")");
}

/* The statements of the whole language: via, path, integrate, common,
** between, set operations, pipelines, definitions, parameters, checks. */
static void test_language_statements(void **state)
{
    (void)state;
    assert_tree("correlate 9001:8.5.6 with 27001 via 20000-1",
                "(correlate (refs (ref \"9001\" \"8.5.6\")) (refs (ref "
                "\"27001\")) (via (ref \"20000-1\")))");
    assert_tree("correlate 9001:8.* with 27001 via 20000-1, hls where "
                "strength > 3",
                "(correlate (refs (ref \"9001\" \"8\" *)) (refs (ref "
                "\"27001\")) (via (ref \"20000-1\") (ref \"hls\")) (cmp > "
                "(field \"strength\") (int 3)))");
    assert_tree("path 9001:6.3 to 27001:A.14.2.2",
                "(path (ref \"9001\" \"6.3\") (ref \"27001\" \"A.14.2.2\"))");
    assert_tree("path 9001:6.3 to 27001:A.14.2.2 max 3",
                "(path (ref \"9001\" \"6.3\") (ref \"27001\" \"A.14.2.2\") "
                "(int 3))");
    assert_tree("path $a to $b max $n",
                "(path (param \"a\") (param \"b\") (param \"n\"))");
    assert_tree("integrate 20000-1, 9001, 27001",
                "(integrate (refs (ref \"20000-1\") (ref \"9001\") (ref "
                "\"27001\")))");
    assert_tree("common 20000-1, 9001",
                "(common (refs (ref \"20000-1\") (ref \"9001\")))");
    assert_tree("gap between 20000-1 and 9001 where depth = 1",
                "(gap between (ref \"20000-1\") (ref \"9001\") (cmp = (field "
                "\"depth\") (int 1)))");
    assert_tree("coverage between 27001 and 20000-1",
                "(coverage between (ref \"27001\") (ref \"20000-1\"))");
    assert_tree("check", "(check)");
    assert_tree("CHECK;", "(check)");
}

static void test_composition(void **state)
{
    (void)state;
    assert_tree("clauses of 9001 union clauses of 27001",
                "(setop union (clauses (refs (ref \"9001\"))) (clauses (refs "
                "(ref \"27001\"))))");
    /* intersect binds tighter than union and except, which go left to
    ** right */
    assert_tree("a union b intersect c except d",
                "(setop except (setop union (table \"a\") (setop intersect "
                "(table \"b\") (table \"c\"))) (table \"d\"))");
    assert_tree("(a union b) intersect c",
                "(setop intersect (setop union (table \"a\") (table \"b\")) "
                "(table \"c\"))");
    assert_tree("clauses of 27001 where origin = control | sort by title | "
                "limit 10",
                "(pipe (clauses (refs (ref \"27001\")) (cmp = (field "
                "\"origin\") (name \"control\"))) (sort \"title\") (limit "
                "(int 10)))");
    assert_tree("correlate 20000-1:* with 27001 | group by to | count",
                "(pipe (correlate (refs (ref \"20000-1\" *)) (refs (ref "
                "\"27001\"))) (group (name \"to\")) (count))");
    assert_tree("correlate 20000-1:8.5.1 with 27001 | select to, to_title",
                "(pipe (correlate (refs (ref \"20000-1\" \"8.5.1\")) (refs "
                "(ref \"27001\"))) (select (name \"to\") (name "
                "\"to_title\")))");
    assert_tree("x | sort by count desc, to asc, title | where count > 2 | "
                "limit $n",
                "(pipe (table \"x\") (sort \"count\" desc \"to\" \"title\") "
                "(where (cmp > (field \"count\") (int 2))) (limit (param "
                "\"n\")))");
    /* a pipeline applies to the whole set expression before it */
    assert_tree("a union b | count",
                "(pipe (setop union (table \"a\") (table \"b\")) (count))");
    assert_tree("(a | count) union b",
                "(setop union (pipe (table \"a\") (count)) (table \"b\"))");
}

static void test_definitions(void **state)
{
    (void)state;
    assert_tree("let sm = clauses of 20000-1 where origin = added",
                "(let \"sm\" (clauses (refs (ref \"20000-1\")) (cmp = (field "
                "\"origin\") (name \"added\"))))");
    assert_tree("correlate sm with 27001",
                "(correlate (refs (ref \"sm\")) (refs (ref \"27001\")))");
    assert_tree("def uncovered(a, b) = gap a against b",
                "(def \"uncovered\" (params (name \"a\") (name \"b\")) (gap "
                "(ref \"a\") (ref \"b\")))");
    assert_tree("def all() = clauses", "(def \"all\" (params) (clauses))");
    assert_tree("uncovered(27001, 20000-1)",
                "(call \"uncovered\" (int 27001) (name \"20000-1\"))");
    assert_tree("all()", "(call \"all\")");
    assert_tree("import \"stdlib/integration.cq\"",
                "(import \"stdlib/integration.cq\")");
    assert_tree("correlate $clause with $standard",
                "(correlate (refs (param \"clause\")) (refs (param "
                "\"standard\")))");
    assert_tree("correlate $k.* with $t",
                "(correlate (refs (param \"k\" *)) (refs (param \"t\")))");
    assert_tree("term $name", "(term \"name\")");
    assert_tree("clauses where title ~ $t and depth = $d",
                "(clauses (and (match ~ (field \"title\") (param \"t\")) (cmp "
                "= (field \"depth\") (param \"d\"))))");
}

static void test_assertions(void **state)
{
    (void)state;
    assert_tree("assert count(gap 20000-1 against 9001) <= 20",
                "(assert (cmp <= (count-of (gap (ref \"20000-1\") (ref "
                "\"9001\"))) (int 20)))");
    assert_tree("assert count(a) = count(b), \"same size\"",
                "(assert (cmp = (count-of (table \"a\")) (count-of (table "
                "\"b\"))) \"same size\")");
    assert_tree("clauses where count = 3",
                "(clauses (cmp = (field \"count\") (int 3)))");
    assert_tree("assert not count(x) > 0 or count(y) = 1",
                "(assert (or (not (cmp > (count-of (table \"x\")) (int 0))) "
                "(cmp = (count-of (table \"y\")) (int 1))))");
}

static void test_language_errors(void **state)
{
    (void)state;
    assert_error("clauses | limit x", CONCORD_SYNTAX, 1, 17, 16,
                 "1:17: syntax error, unexpected 'x', expected number or "
                 "parameter");
    assert_error("clauses | sort title", CONCORD_SYNTAX, 1, 16, 15,
                 "1:16: syntax error, unexpected 'title', expected 'by'");
    assert_error("let = clauses", CONCORD_SYNTAX, 1, 5, 4,
                 "1:5: syntax error, unexpected '=', expected identifier");
    assert_error("path 9001:6.3 27001:A.1", CONCORD_SYNTAX, 1, 15, 14,
                 "1:15: syntax error, unexpected '27001:A.1', expected 'to'");
    assert_error("assert count(x) <= ", CONCORD_SYNTAX, 1, 20, 19,
                 "1:20: syntax error, unexpected end of input, expected "
                 "value");
    assert_error("clauses | bogus", CONCORD_SYNTAX, 1, 11, 10,
                 "1:11: syntax error, unexpected 'bogus', expected 'where', "
                 "'select', 'sort', 'limit', 'group', ...");
}

static void test_keywords_any_case(void **state)
{
    (void)state;
    assert_tree("SHOW 9001:8.5", "(show (ref \"9001\" \"8.5\"))");
    assert_tree("CoRrElAtE 20000-1:8.5.1 WITH 27001 WHERE a = 1 AND NOT b "
                "IN (x) OR c NOT IN (y)",
                "(correlate (refs (ref \"20000-1\" \"8.5.1\")) (refs (ref "
                "\"27001\")) (or (and (cmp = (field \"a\") (int 1)) (not (in "
                "(field \"b\") (name \"x\")))) (not-in (field \"c\") (name "
                "\"y\"))))");
    assert_tree("Clauses Of hls Where Term = x",
                "(clauses (refs (ref \"hls\")) (cmp = (field \"Term\") (name "
                "\"x\")))");
    assert_tree("GAP a AGAINST b", "(gap (ref \"a\") (ref \"b\"))");
    assert_tree("Coverage OF a BY b", "(coverage (ref \"a\") (ref \"b\"))");
    assert_tree("TERMS", "(terms)");
    assert_tree("TERM x", "(term \"x\")");
    assert_tree("STANDARDS", "(standards)");
    assert_tree("FORMAT csv", "(format \"csv\")");
}

static void test_comments(void **state)
{
    (void)state;
    assert_tree("-- a comment\nshow x -- another\n;", "(show (ref \"x\"))");
    assert_tree("#!/usr/bin/env concord\nshow x;", "(show (ref \"x\"))");
    assert_tree("# hash comment\nstandards # trailing", "(standards)");
    assert_tree("show 9001--comment", "(show (ref \"9001\"))");
    assert_tree("clauses where title ~ \"a -- b # c\"",
                "(clauses (match ~ (field \"title\") (string \"a -- b # "
                "c\")))");
    result *r = parse("-- only a comment\n# and another");
    assert_int_equal(r->rc, CONCORD_OK);
    assert_true(r->null);
}

/* ---- tokens ---------------------------------------------------------- */

static void test_strings(void **state)
{
    (void)state;
    assert_tree("term \"a\\\\b\\\"c\\'d\"", "(term \"a\\\\b\\\"c'd\")");
    assert_tree("term 'a\\nb\\tc\\rd'", "(term \"a\\nb\\tc\\rd\")");
    assert_tree("term 'say \"hi\"'", "(term \"say \\\"hi\\\"\")");
    assert_tree("term \"it's\"", "(term \"it's\")");
    assert_tree("term \"\\u00e9\\u20AC\"", "(term \"\xC3\xA9\xE2\x82\xAC\")");
    assert_tree("term \"\\uD83D\\uDE00\"", "(term \"\xF0\x9F\x98\x80\")");
    assert_tree("term \"\\u0041\"", "(term \"A\")");
    assert_tree("term \"caf\xC3\xA9 \xE2\x82\xAC\"",
                "(term \"caf\xC3\xA9 \xE2\x82\xAC\")");
    assert_tree("term \"tab\there\"", "(term \"tab\\there\")");
    assert_tree("term \"\"", "(term \"\")");
    assert_tree("term ''", "(term \"\")");
    /* the length is num; a string as a standard keeps its text */
    result *r = parse("clauses where title ~ \"a\\u00e9\"");
    assert_int_equal(r->rc, CONCORD_OK);
    r = parse("show \"ISO 22301\"");
    assert_string_equal(r->text, "(show (ref \"ISO 22301\"))");
    assert_int_equal(r->num, 0);
    r = parse("clauses of 'x\\ty'");
    assert_string_equal(r->text, "(clauses (refs (ref \"x\\ty\")))");
}

static void test_string_length(void **state)
{
    (void)state;
    talloc t = {0};
    cq_allocator a = {talloc_fn, &t};
    cq_arena arena;
    cq_arena_init(&arena, &a);
    cq_error err;
    cq_error_init(&err, &a);
    const char *q = "clauses where title ~ \"\\u00e9x\"";
    cq_node *n = NULL;
    size_t tail;
    assert_int_equal(
        cq_parse_statement(&arena, q, strlen(q), 0, &n, &tail, NULL, &err),
        CONCORD_OK);
    const cq_node *s = n->where->rhs;
    assert_int_equal(s->kind, CQ_N_STRING);
    assert_int_equal(s->num, 3);
    assert_string_equal(s->text, "\xC3\xA9x");
    cq_error_free(&err);
    cq_arena_free(&arena);
    assert_int_equal(t.live, 0);
}

static void test_string_errors(void **state)
{
    (void)state;
    assert_error("term \"a\\qb\"", CONCORD_SYNTAX, 1, 8, 7,
                 "1:8: unknown escape '\\q' in string");
    assert_error("term \"a\\\xC3\xA9\"", CONCORD_SYNTAX, 1, 8, 7,
                 "1:8: unknown escape '\\' followed by \\xC3 in string");
    assert_error("term \"abc\ndef\"", CONCORD_SYNTAX, 1, 6, 5,
                 "1:6: unterminated string");
    assert_error("term 'abc", CONCORD_SYNTAX, 1, 6, 5,
                 "1:6: unterminated string");
    assert_error("term \"abc\\", CONCORD_SYNTAX, 1, 6, 5,
                 "1:6: unterminated string");
    /* on a later line of a script, located there */
    const char *q = "show x;\n  term \"abc\\\ndef\"";
    result *r = parse_at(q, strlen(q), 7);
    assert_int_equal(r->rc, CONCORD_SYNTAX);
    assert_string_equal(r->text, "2:8: unterminated string");
    assert_int_equal(r->offset, 15);
}

static void test_string_errors_more(void **state)
{
    (void)state;
    assert_error("term \"ab\xFF\"", CONCORD_SYNTAX, 1, 9, 8,
                 "1:9: invalid UTF-8 in string (byte \\xFF)");
    assert_error("term \"\xC0\xAF\"", CONCORD_SYNTAX, 1, 7, 6,
                 "1:7: invalid UTF-8 in string (byte \\xC0)");
    assert_error("term \"\xED\xA0\x80\"", CONCORD_SYNTAX, 1, 7, 6,
                 "1:7: invalid UTF-8 in string (byte \\xED)");
    assert_error("term \"\xE2\x82\"", CONCORD_SYNTAX, 1, 7, 6,
                 "1:7: invalid UTF-8 in string (byte \\xE2)");
    assert_error("term \"x\\u12G4\"", CONCORD_SYNTAX, 1, 8, 7,
                 "1:8: bad escape '\\u12' in string (\\u takes 4 hex "
                 "digits)");
    assert_error("term \"x\\u12\"", CONCORD_SYNTAX, 1, 8, 7,
                 "1:8: bad escape '\\u12' in string (\\u takes 4 hex "
                 "digits)");
    assert_error("term \"\\uD800x\"", CONCORD_SYNTAX, 1, 7, 6,
                 "1:7: unpaired surrogate '\\uD800' in string");
    assert_error("term \"\\uDC00\"", CONCORD_SYNTAX, 1, 7, 6,
                 "1:7: unpaired surrogate '\\uDC00' in string");
    assert_error("term \"\\u0000\"", CONCORD_SYNTAX, 1, 7, 6,
                 "1:7: '\\u0000' is not allowed in a string");
    assert_error("term \"a\x01\"", CONCORD_SYNTAX, 1, 8, 7,
                 "1:8: control character \\x01 in string (write it as "
                 "\\u0001)");
}

static void test_token_classes(void **state)
{
    (void)state;
    /* every comparison operator, every value class */
    assert_tree("clauses where a = 1 and b == x and c != 20000-1 and d <> "
                "\"s\" and e < 1 and f <= 2 and g > 3 and h >= 4 and i ~ "
                "\"x\" and j !~ 'y' and k = 27001:A.5 and l = 27001@2022",
                "(clauses (and (and (and (and (and (and (and (and (and (and "
                "(and (cmp = (field \"a\") (int 1)) (cmp = (field \"b\") "
                "(name \"x\"))) (cmp != (field \"c\") (name \"20000-1\"))) "
                "(cmp != (field \"d\") (string \"s\"))) (cmp < (field \"e\") "
                "(int 1))) (cmp <= (field \"f\") (int 2))) (cmp > (field "
                "\"g\") (int 3))) (cmp >= (field \"h\") (int 4))) (match ~ "
                "(field \"i\") (string \"x\"))) (match !~ (field \"j\") "
                "(string \"y\"))) (cmp = (field \"k\") (ref \"27001\" "
                "\"A.5\"))) (cmp = (field \"l\") (name \"27001@2022\"))))");
    /* `1and` is one standard-like word, not a number and a keyword */
    assert_error("clauses where a=1and b<=2", CONCORD_SYNTAX, 1, 22, 21,
                 "1:22: syntax error, unexpected 'b', expected 'with', "
                 "'and', 'or', ';' or end of input");
}

static void test_token_classes_2(void **state)
{
    (void)state;
    /* operators need no blanks */
    assert_tree("clauses where a=1 and b<=2",
                "(clauses (and (cmp = (field \"a\") (int 1)) (cmp <= (field "
                "\"b\") (int 2))))");
    assert_tree("clauses where strength>=5",
                "(clauses (cmp >= (field \"strength\") (int 5)))");
    /* identifiers, words and numbers */
    assert_tree("clauses where _x = hls-modified",
                "(clauses (cmp = (field \"_x\") (name \"hls-modified\")))");
    assert_tree("clauses where x = 007",
                "(clauses (cmp = (field \"x\") (int 7)))");
    assert_tree("clauses where x = 9223372036854775807",
                "(clauses (cmp = (field \"x\") (int 9223372036854775807)))");
    /* a number keeps its digits as written */
    result *r = parse("show 0090");
    assert_string_equal(r->text, "(show (ref \"0090\"))");
    assert_string_equal(r->a_text, "0090");
    assert_int_equal(r->num, 0);
    r = parse("clauses where standard = 9001");
    assert_int_equal(r->rc, CONCORD_OK);
}

static void test_int_text(void **state)
{
    (void)state;
    talloc t = {0};
    cq_allocator a = {talloc_fn, &t};
    cq_arena arena;
    cq_arena_init(&arena, &a);
    cq_error err;
    cq_error_init(&err, &a);
    const char *q = "clauses where standard = 09001";
    cq_node *n = NULL;
    size_t tail;
    assert_int_equal(
        cq_parse_statement(&arena, q, strlen(q), 0, &n, &tail, NULL, &err),
        CONCORD_OK);
    const cq_node *v = n->where->rhs;
    assert_int_equal(v->kind, CQ_N_INT);
    assert_int_equal(v->num, 9001);
    assert_string_equal(v->text, "09001");
    assert_int_equal(n->where->op, CQ_OP_EQ);
    assert_int_equal(n->where->lhs->kind, CQ_N_FIELD);
    assert_string_equal(n->where->lhs->text, "standard");
    cq_error_free(&err);
    cq_arena_free(&arena);
    assert_int_equal(t.live, 0);
}

static void test_number_errors(void **state)
{
    (void)state;
    assert_error("clauses where x = 9223372036854775808", CONCORD_SYNTAX, 1, 19,
                 18, "1:19: number '9223372036854775808' is too large");
    assert_error("show 123456789012345678901234567890123456789012345",
                 CONCORD_SYNTAX, 1, 6, 5,
                 "1:6: number '1234567890123456789012345678901234567...' is "
                 "too large");
}

static void test_clause_refs(void **state)
{
    (void)state;
    assert_tree("show 20000-1:8.5.1", "(show (ref \"20000-1\" \"8.5.1\"))");
    assert_tree("show 27001:A.12.1.2", "(show (ref \"27001\" \"A.12.1.2\"))");
    assert_tree("show 20000-1:8.5.*", "(show (ref \"20000-1\" \"8.5\" *))");
    assert_tree("show 20000-1:*", "(show (ref \"20000-1\" *))");
    assert_tree("show 27001@2022:A.8.32",
                "(show (ref \"27001@2022\" \"A.8.32\"))");
    assert_tree("show hls:4.1", "(show (ref \"hls\" \"4.1\"))");
    assert_tree("show 20000-1:8", "(show (ref \"20000-1\" \"8\"))");
    assert_tree("show 27001:A.12.*", "(show (ref \"27001\" \"A.12\" *))");
    assert_tree("show 9001", "(show (ref \"9001\"))");
    assert_tree("show hls", "(show (ref \"hls\"))");
    assert_tree("show 27001@2022", "(show (ref \"27001@2022\"))");
    assert_tree("show ISO-22301", "(show (ref \"ISO-22301\"))");
    /* the REF's slots and location */
    result *r = parse("  show   20000-1:8.5.*  ;");
    assert_int_equal(r->aloc.first_line, 1);
    assert_int_equal(r->aloc.first_column, 10);
    assert_int_equal(r->aloc.start, 9);
    assert_int_equal(r->aloc.end, 22);
    assert_int_equal(r->aloc.last_line, 1);
    assert_int_equal(r->aloc.last_column, 23);
    assert_string_equal(r->a_text, "20000-1");
    /* the statement spans from its keyword to its last token */
    assert_int_equal(r->loc.start, 2);
    assert_int_equal(r->loc.end, 22);
    assert_int_equal(r->tail, 25);
}

static void test_ref_slots(void **state)
{
    (void)state;
    talloc t = {0};
    cq_allocator a = {talloc_fn, &t};
    cq_arena arena;
    cq_arena_init(&arena, &a);
    cq_error err;
    cq_error_init(&err, &a);
    const char *q = "correlate 20000-1:8.5.*, 27001:*, 9001:4 with hls";
    cq_node *n = NULL;
    size_t tail;
    assert_int_equal(
        cq_parse_statement(&arena, q, strlen(q), 0, &n, &tail, NULL, &err),
        CONCORD_OK);
    const cq_node *r = n->of;
    assert_int_equal(r->kind, CQ_N_REF);
    assert_string_equal(r->text, "20000-1");
    assert_string_equal(r->clause, "8.5");
    assert_int_equal(r->subtree, 1);
    r = r->next;
    assert_string_equal(r->text, "27001");
    assert_null(r->clause);
    assert_int_equal(r->subtree, 1);
    r = r->next;
    assert_string_equal(r->text, "9001");
    assert_string_equal(r->clause, "4");
    assert_int_equal(r->subtree, 0);
    assert_null(r->next);
    r = n->targets;
    assert_int_equal(r->kind, CQ_N_REF);
    assert_string_equal(r->text, "hls");
    assert_null(r->clause);
    assert_int_equal(r->subtree, 0);
    assert_null(n->where);
    cq_error_free(&err);
    cq_arena_free(&arena);
    assert_int_equal(t.live, 0);
}

/* ---- conditions ------------------------------------------------------ */

static void test_precedence(void **state)
{
    (void)state;
    assert_tree("clauses where a=1 or b=2 and c=3",
                "(clauses (or (cmp = (field \"a\") (int 1)) (and (cmp = "
                "(field \"b\") (int 2)) (cmp = (field \"c\") (int 3)))))");
    assert_tree("clauses where a=1 and b=2 or c=3",
                "(clauses (or (and (cmp = (field \"a\") (int 1)) (cmp = "
                "(field \"b\") (int 2))) (cmp = (field \"c\") (int 3))))");
    assert_tree("clauses where (a=1 or b=2) and c=3",
                "(clauses (and (or (cmp = (field \"a\") (int 1)) (cmp = "
                "(field \"b\") (int 2))) (cmp = (field \"c\") (int 3))))");
    assert_tree("clauses where not a=1 and b=2",
                "(clauses (and (not (cmp = (field \"a\") (int 1))) (cmp = "
                "(field \"b\") (int 2))))");
    assert_tree("clauses where not (a=1 and b=2)",
                "(clauses (not (and (cmp = (field \"a\") (int 1)) (cmp = "
                "(field \"b\") (int 2)))))");
    assert_tree("clauses where not not a=1",
                "(clauses (not (not (cmp = (field \"a\") (int 1)))))");
    assert_tree("clauses where a=1 and b=2 and c=3",
                "(clauses (and (and (cmp = (field \"a\") (int 1)) (cmp = "
                "(field \"b\") (int 2))) (cmp = (field \"c\") (int 3))))");
    assert_tree("clauses where a=1 or b=2 or c=3",
                "(clauses (or (or (cmp = (field \"a\") (int 1)) (cmp = "
                "(field \"b\") (int 2))) (cmp = (field \"c\") (int 3))))");
    assert_tree("clauses where ((((a=1))))",
                "(clauses (cmp = (field \"a\") (int 1)))");
}

static void test_in(void **state)
{
    (void)state;
    assert_tree("clauses where relation in (equal)",
                "(clauses (in (field \"relation\") (name \"equal\")))");
    assert_tree("clauses where x in (a, 1, \"s\", 20000-1, 9001:4.1)",
                "(clauses (in (field \"x\") (name \"a\") (int 1) (string "
                "\"s\") (name \"20000-1\") (ref \"9001\" \"4.1\")))");
    assert_tree("clauses where x not in (a, b)",
                "(clauses (not-in (field \"x\") (name \"a\") (name \"b\")))");
    assert_tree("clauses where not x in (a)",
                "(clauses (not (in (field \"x\") (name \"a\"))))");
    assert_tree("clauses where relation(27000) not in (same)",
                "(clauses (not-in (field \"relation\" (ref \"27000\")) (name "
                "\"same\")))");
    assert_tree("clauses where term(9000) = x",
                "(clauses (cmp = (field \"term\" (ref \"9000\")) (name "
                "\"x\")))");
}

/* ---- scripts --------------------------------------------------------- */

static void test_script_tails(void **state)
{
    (void)state;
    const char *s = "show 20000-1:8.5.1;\n"
                    "clauses of 9001; -- two\n"
                    "  standards ;;\n"
                    "format json";
    size_t len = strlen(s);
    result *r = parse_at(s, len, 0);
    assert_string_equal(r->text, "(show (ref \"20000-1\" \"8.5.1\"))");
    assert_int_equal(r->tail, 19);
    r = parse_at(s, len, 19);
    assert_string_equal(r->text, "(clauses (refs (ref \"9001\")))");
    assert_int_equal(r->tail, 36);
    assert_int_equal(r->loc.first_line, 2);
    assert_int_equal(r->loc.first_column, 1);
    assert_int_equal(r->loc.start, 20);
    r = parse_at(s, len, 36);
    assert_string_equal(r->text, "(standards)");
    assert_int_equal(r->loc.first_line, 3);
    assert_int_equal(r->loc.first_column, 3);
    assert_int_equal(r->loc.start, 46);
    assert_int_equal(r->tail, 57);
    r = parse_at(s, len, 57);
    assert_string_equal(r->text, "(format \"json\")");
    assert_int_equal(r->loc.first_line, 4);
    assert_int_equal(r->tail, len);
    r = parse_at(s, len, len);
    assert_int_equal(r->rc, CONCORD_OK);
    assert_true(r->null);
    assert_int_equal(r->tail, len);
    /* nothing after the ';' is read: not even a bad token */
    r = parse("show x; @@@");
    assert_string_equal(r->text, "(show (ref \"x\"))");
    assert_int_equal(r->tail, 7);
    r = parse("standards;\"unterminated");
    assert_int_equal(r->rc, CONCORD_OK);
    assert_int_equal(r->tail, 10);
}

static void test_script_error_lines(void **state)
{
    (void)state;
    const char *s = "show 9001:4;\n"
                    "standards;\n"
                    "correlate 20000-1:8.5.1 width 27001;\n"
                    "show x;";
    size_t len = strlen(s);
    result *r = parse_at(s, len, 0);
    assert_int_equal(r->rc, CONCORD_OK);
    r = parse_at(s, len, r->tail);
    assert_int_equal(r->rc, CONCORD_OK);
    assert_int_equal(r->tail, 23);
    r = parse_at(s, len, r->tail);
    assert_int_equal(r->rc, CONCORD_SYNTAX);
    assert_int_equal(r->line, 3);
    assert_int_equal(r->column, 25);
    assert_int_equal(r->offset, 48);
    assert_string_equal(r->text,
                        "3:25: syntax error, unexpected 'width', expected "
                        "'with'");
    /* text ending before the script does: len bounds the statement */
    r = parse_at(s, 22, 13);
    assert_string_equal(r->text, "(standards)");
    assert_int_equal(r->tail, 22);
}

static void test_empty(void **state)
{
    (void)state;
    const char *empties[] = {"",
                             "   \n\t ",
                             ";",
                             ";;",
                             " ; ; \n;",
                             "-- c",
                             "#!/bin/concord\n-- x\n;"};
    for (size_t i = 0; i < sizeof empties / sizeof empties[0]; i++) {
        result *r = parse(empties[i]);
        assert_int_equal(r->rc, CONCORD_OK);
        assert_true(r->null);
        assert_int_equal(r->tail, strlen(empties[i]));
    }
    result *r = parse(";; show x; standards;");
    assert_string_equal(r->text, "(show (ref \"x\"))");
    assert_int_equal(r->tail, 10);
    r = parse("show x");
    assert_int_equal(r->tail, 6);
    r = parse("show x  -- end\n");
    assert_int_equal(r->tail, 15);
    /* a start past the end is the end */
    r = parse_at("show x", 6, 99);
    assert_int_equal(r->rc, CONCORD_OK);
    assert_true(r->null);
}

/* ---- syntax errors --------------------------------------------------- */

static void test_syntax_errors(void **state)
{
    (void)state;
    assert_error("correlate 20000-1:8.5.1 width 27001", CONCORD_SYNTAX, 1, 25,
                 24, "1:25: syntax error, unexpected 'width', expected 'with'");
    assert_error("correlate 20000-1:8.5.1 27001", CONCORD_SYNTAX, 1, 25, 24,
                 "1:25: syntax error, unexpected '27001', expected 'with'");
    assert_error("show 8.5.1", CONCORD_SYNTAX, 1, 6, 5,
                 "1:6: syntax error, unexpected clause number '8.5.1' (a "
                 "clause needs its standard, as in 20000-1:8.5.1)");
    assert_error("correlate A.12.1.2 with 9001", CONCORD_SYNTAX, 1, 11, 10,
                 "1:11: syntax error, unexpected clause number 'A.12.1.2' (a "
                 "clause needs its standard, as in 20000-1:A.12.1.2)");
    assert_error("show 4.*", CONCORD_SYNTAX, 1, 6, 5,
                 "1:6: syntax error, unexpected clause number '4.*' (a "
                 "clause needs its standard, as in 20000-1:4.*)");
    assert_error("show", CONCORD_SYNTAX, 1, 5, 4,
                 "1:5: syntax error, unexpected end of input, expected "
                 "clause reference or standard");
    assert_error("show x y", CONCORD_SYNTAX, 1, 8, 7,
                 "1:8: syntax error, unexpected 'y', expected ';' or end of "
                 "input");
    assert_error("show show", CONCORD_SYNTAX, 1, 6, 5,
                 "1:6: syntax error, unexpected 'show', expected clause "
                 "reference or standard");
    assert_error("corelate x with y", CONCORD_SYNTAX, 1, 1, 0,
                 "1:1: syntax error, unknown statement 'corelate'; did you "
                 "mean 'correlate'?");
    /* `standrds;` alone is a table name: the compiler says it is unknown */
    assert_tree("standrds;", "(table \"standrds\")");
    /* A word far from every keyword is a table name: nothing to suggest. */
    assert_error("zzz yyy", CONCORD_SYNTAX, 1, 5, 4,
                 "1:5: syntax error, unexpected 'yyy', expected '(', ';' or "
                 "end of input");
    assert_error("clauses 9001", CONCORD_SYNTAX, 1, 9, 8,
                 "1:9: syntax error, unexpected '9001', expected 'of', "
                 "'where', 'in', ';' or end of input");
    assert_error("clauses where", CONCORD_SYNTAX, 1, 14, 13,
                 "1:14: syntax error, unexpected end of input, expected "
                 "field, 'not' or '('");
    assert_error("clauses where x", CONCORD_SYNTAX, 1, 16, 15,
                 "1:16: syntax error, unexpected end of input, expected "
                 "operator, 'not', 'in' or '('");
    assert_error("clauses where x = ;", CONCORD_SYNTAX, 1, 19, 18,
                 "1:19: syntax error, unexpected ';', expected value");
    assert_error(
        "clauses where x ~ abc", CONCORD_SYNTAX, 1, 19, 18,
        "1:19: syntax error, unexpected 'abc', expected string or parameter");
    assert_error("clauses where x = 1 y", CONCORD_SYNTAX, 1, 21, 20,
                 "1:21: syntax error, unexpected 'y', expected 'with', "
                 "'and', 'or', ';' or end of input");
    assert_error("clauses where x in (a b)", CONCORD_SYNTAX, 1, 23, 22,
                 "1:23: syntax error, unexpected 'b', expected ')'");
    assert_error("clauses where x in (a,)", CONCORD_SYNTAX, 1, 23, 22,
                 "1:23: syntax error, unexpected ')', expected value");
    assert_error("clauses where x in ()", CONCORD_SYNTAX, 1, 21, 20,
                 "1:21: syntax error, unexpected ')', expected value");
    assert_error("clauses where x not = 1", CONCORD_SYNTAX, 1, 21, 20,
                 "1:21: syntax error, unexpected '=', expected 'in'");
    assert_error("clauses where (x = 1", CONCORD_SYNTAX, 1, 21, 20,
                 "1:21: syntax error, unexpected end of input, expected "
                 "'and', 'or' or ')'");
    assert_error("clauses where x = 1)", CONCORD_SYNTAX, 1, 20, 19,
                 "1:20: syntax error, unexpected ')', expected 'with', "
                 "'and', 'or', ';' or end of input");
    assert_error("term 42", CONCORD_SYNTAX, 1, 6, 5,
                 "1:6: syntax error, unexpected '42', expected standard, "
                 "identifier, string or parameter");
    assert_error("format \"json\"", CONCORD_SYNTAX, 1, 8, 7,
                 "1:8: syntax error, unexpected string \"json\", expected "
                 "identifier");
    assert_error("show 'a'  'b'", CONCORD_SYNTAX, 1, 11, 10,
                 "1:11: syntax error, unexpected string 'b', expected ';' or "
                 "end of input");
    assert_error(
        "coverage 27001 by 9001", CONCORD_SYNTAX, 1, 10, 9,
        "1:10: syntax error, unexpected '27001', expected 'of' or 'between'");
    assert_error("gap 20000-1 with 9001", CONCORD_SYNTAX, 1, 13, 12,
                 "1:13: syntax error, unexpected 'with', expected 'against'");
    assert_error("standards of 9001", CONCORD_SYNTAX, 1, 11, 10,
                 "1:11: syntax error, unexpected 'of', expected ';' or end of "
                 "input");
    assert_error("clauses where relation(27000 = x", CONCORD_SYNTAX, 1, 30, 29,
                 "1:30: syntax error, unexpected '=', expected ')'");
    assert_error("show x\n\n  where", CONCORD_SYNTAX, 3, 3, 10,
                 "3:3: syntax error, unexpected 'where', expected ';' or end "
                 "of input");
}

static void test_long_token_in_message(void **state)
{
    (void)state;
    assert_error("show x aaaaaaaaaabbbbbbbbbbccccccccccdddddddddde",
                 CONCORD_SYNTAX, 1, 8, 7,
                 "1:8: syntax error, unexpected "
                 "'aaaaaaaaaabbbbbbbbbbccccccccccddddddd...', expected ';' or "
                 "end of input");
}

static void test_character_errors(void **state)
{
    (void)state;
    assert_error("show 27001@", CONCORD_SYNTAX, 1, 11, 10,
                 "1:11: unexpected character '@'");
    assert_error("show x\n  & y", CONCORD_SYNTAX, 2, 3, 9,
                 "2:3: unexpected character '&'");
    assert_error("show 20000-1 :8.5.1", CONCORD_SYNTAX, 1, 14, 13,
                 "1:14: unexpected character ':' (a clause reference has no "
                 "spaces, as in 20000-1:8.5.1)");
    assert_error("show \xC3\xA9", CONCORD_SYNTAX, 1, 6, 5,
                 "1:6: unexpected character '\\xC3'");
    assert_error("show x\x01", CONCORD_SYNTAX, 1, 7, 6,
                 "1:7: unexpected character '\\x01'");
    assert_error("clauses where x = -1", CONCORD_SYNTAX, 1, 19, 18,
                 "1:19: unexpected character '-'");
    result *r = parse_at("show \0x", 7, 0);
    assert_int_equal(r->rc, CONCORD_SYNTAX);
    assert_string_equal(r->text, "1:6: unexpected character '\\x00'");
}

static void test_incomplete(void **state)
{
    (void)state;
    result *r = parse("correlate 20000-1:8.5.1 with");
    assert_int_equal(r->rc, CONCORD_SYNTAX);
    assert_int_equal(r->incomplete, 1);
    assert_string_equal(r->text, "1:29: syntax error, unexpected end of input, "
                                 "expected clause reference or standard");
    r = parse("correlate 20000-1:8.5.1 width");
    assert_int_equal(r->rc, CONCORD_SYNTAX);
    assert_int_equal(r->incomplete, 0);
    r = parse("correlate 20000-1:8.5.1 width 27001");
    assert_int_equal(r->incomplete, 0);
    /* `width` is a standard's name here, so only `with` is missing */
    r = parse("correlate width");
    assert_int_equal(r->incomplete, 1);
    r = parse("correlate ,");
    assert_int_equal(r->incomplete, 0);
    r = parse("clauses where (a = 1 and\n");
    assert_int_equal(r->incomplete, 1);
    assert_int_equal(r->line, 2);
    r = parse("term \"abc");
    assert_int_equal(r->incomplete, 0);
    r = parse("show @");
    assert_int_equal(r->incomplete, 0);
    r = parse("show x");
    assert_int_equal(r->rc, CONCORD_OK);
    assert_int_equal(r->incomplete, 0);
}

/* ---- limits ---------------------------------------------------------- */

/* "clauses where " + n times open + "x = 1" + n times close. */
static char *nested(size_t n, const char *open, const char *close)
{
    size_t lo = strlen(open), lc = strlen(close);
    char *s = malloc(14 + n * (lo + lc) + 6);
    assert_non_null(s);
    char *w = s;
    memcpy(w, "clauses where ", 14);
    w += 14;
    for (size_t i = 0; i < n; i++, w += lo)
        memcpy(w, open, lo);
    memcpy(w, "x = 1", 5);
    w += 5;
    for (size_t i = 0; i < n; i++, w += lc)
        memcpy(w, close, lc);
    *w = '\0';
    return s;
}

static void test_nesting_limit(void **state)
{
    (void)state;
    char *s = nested(CQ_MAX_NESTING, "(", ")");
    result *r = parse(s);
    assert_int_equal(r->rc, CONCORD_OK);
    assert_string_equal(r->text, "(clauses (cmp = (field \"x\") (int 1)))");
    free(s);

    s = nested(CQ_MAX_NESTING + 1, "(", ")");
    r = parse(s);
    assert_int_equal(r->rc, CONCORD_TOOBIG);
    assert_int_equal(r->offset, 14 + CQ_MAX_NESTING);
    assert_int_equal(r->column, 15 + CQ_MAX_NESTING);
    assert_string_equal(r->text, "1:271: nesting too deep (more than 256 "
                                 "levels of parentheses: the nesting limit)");
    assert_int_equal(r->incomplete, 0);
    free(s);

    s = nested(100000, "(", ")");
    r = parse(s);
    assert_int_equal(r->rc, CONCORD_TOOBIG);
    assert_string_equal(r->text, "1:271: nesting too deep (more than 256 "
                                 "levels of parentheses: the nesting limit)");
    free(s);

    /* unclosed: the limit is still what is reported */
    s = nested(100000, "(", "");
    r = parse(s);
    assert_int_equal(r->rc, CONCORD_TOOBIG);
    free(s);

    s = nested(100000, "not (", ")");
    r = parse(s);
    assert_int_equal(r->rc, CONCORD_TOOBIG);
    assert_string_equal(r->text, "1:1299: nesting too deep (more than 256 "
                                 "levels of parentheses: the nesting limit)");
    free(s);
}

static void test_depth_limit(void **state)
{
    (void)state;
    /* a long run of 'not' */
    char *s = nested(100000, "not ", "");
    result *r = parse(s);
    assert_int_equal(r->rc, CONCORD_TOOBIG);
    assert_int_equal(r->offset, 14 + 4 * CQ_MAX_DEPTH);
    assert_string_equal(r->text, "1:4015: condition too deep (more than "
                                 "1000 levels of 'and', 'or' and 'not', "
                                 "each of a chain of them a level; for many "
                                 "values of one field use in (...))");
    free(s);
    s = nested(CQ_MAX_DEPTH - 1, "not ", "");
    r = parse(s);
    assert_int_equal(r->rc, CONCORD_OK);
    free(s);
    s = nested(CQ_MAX_DEPTH, "not ", "");
    r = parse(s);
    assert_int_equal(r->rc, CONCORD_TOOBIG);
    assert_int_equal(r->offset, 14);
    free(s);

    /* a long chain of 'and': a tree as deep as the chain is long */
    s = nested(100000, "x = 1 and ", "");
    r = parse(s);
    assert_int_equal(r->rc, CONCORD_TOOBIG);
    assert_int_equal(r->offset, 14 + 10 * (CQ_MAX_DEPTH - 1) + 6);
    free(s);
    s = nested(CQ_MAX_DEPTH - 1, "x = 1 or ", "");
    r = parse(s);
    assert_int_equal(r->rc, CONCORD_OK);
    free(s);
    /* balanced: 256 levels of parentheses each holding an 'and' */
    s = nested(CQ_MAX_NESTING, "x = 1 and (", ")");
    r = parse(s);
    assert_int_equal(r->rc, CONCORD_OK);
    free(s);
}

static void test_long_lists(void **state)
{
    (void)state;
    size_t n = 20000;
    char *s = malloc(40 + n * 7);
    assert_non_null(s);
    strcpy(s, "clauses of 9001");
    char *w = s + strlen(s);
    for (size_t i = 0; i < n; i++)
        w += sprintf(w, ", x%zu", i % 1000);
    strcpy(w, ";");
    result *r = parse(s);
    assert_int_equal(r->rc, CONCORD_OK);
    assert_int_equal(r->tail, strlen(s));
    free(s);
}

/* ---- allocation failures -------------------------------------------- */

/* Parse text with the n-th allocation (and, when persist, every later one)
** failing.  Returns the code; checks that nothing is left allocated. */
static int parse_failing(const char *text, long n, int persist)
{
    talloc t = {0};
    t.fail_at = n;
    t.persist = persist;
    cq_allocator a = {talloc_fn, &t};
    cq_arena arena;
    cq_arena_init(&arena, &a);
    cq_error err;
    cq_error_init(&err, &a);
    cq_node *out = NULL;
    size_t tail = 0;
    int incomplete = 0;
    int rc = cq_parse_statement(&arena, text, strlen(text), 0, &out, &tail,
                                &incomplete, &err);
    if (rc == CONCORD_NOMEM) {
        assert_null(out);
        assert_string_equal(cq_error_message(&err), "out of memory");
    }
    cq_error_free(&err);
    cq_arena_free(&arena);
    assert_int_equal(t.live, 0);
    assert_int_equal(t.bytes, 0);
    return rc;
}

static void sweep(const char *text, int expect)
{
    for (int persist = 0; persist <= 1; persist++) {
        long n;
        for (n = 1;; n++) {
            int rc = parse_failing(text, n, persist);
            if (rc == expect)
                break;
            if (rc != CONCORD_NOMEM)
                fail_msg("%s: allocation %ld failing gave %d", text, n, rc);
        }
        /* and the statement still parses without failures */
        assert_int_equal(parse_failing(text, 0, 0), expect);
        assert_true(n > 1);
    }
}

static void test_nomem_sweep(void **state)
{
    (void)state;
    sweep("show 20000-1:8.5.1;", CONCORD_OK);
    sweep("correlate 20000-1:8.5.1, 27001:A.* with 27001 where annex = C "
          "and relation in (equal, subset) and not strength < 5 or title ~ "
          "'x\\u00e9'",
          CONCORD_OK);
    sweep("terms of 20000-1 where relation(27000) = modified", CONCORD_OK);
    sweep("term \"corrective action\"", CONCORD_OK);
    sweep("-- nothing\n;;", CONCORD_OK);
    /* errors need memory for their messages, and must not claim a syntax
    ** error when that fails */
    sweep("correlate 20000-1:8.5.1 width 27001", CONCORD_SYNTAX);
    sweep("show 27001@", CONCORD_SYNTAX);
    sweep("term \"\\q\"", CONCORD_SYNTAX);
}

static void test_nomem_deep(void **state)
{
    (void)state;
    /* Bison's stack grows (through the allocator) for these */
    char *s = nested(CQ_MAX_NESTING, "x = 1 or (", ")");
    sweep(s, CONCORD_OK);
    free(s);
    s = nested(CQ_MAX_NESTING + 1, "(", ")");
    sweep(s, CONCORD_TOOBIG);
    free(s);
    /* a token longer than flex's buffer makes flex grow it */
    size_t n = 20000;
    s = malloc(n + 20);
    assert_non_null(s);
    strcpy(s, "term \"");
    memset(s + 6, 'a', n);
    strcpy(s + 6 + n, "\"");
    sweep(s, CONCORD_OK);
    free(s);
}

/* ---- two threads at once -------------------------------------------- */

typedef struct job {
    const char *query;    /* what to parse, over and over */
    const char *expected; /* its dump, or its error message */
    int failures;         /* runs that gave anything else */
} job;

static void *parse_many(void *arg)
{
    job *j = arg;
    talloc t = {0};
    cq_allocator a = {talloc_fn, &t};
    for (int i = 0; i < 2000; i++) {
        cq_arena arena;
        cq_arena_init(&arena, &a);
        cq_error err;
        cq_error_init(&err, &a);
        cq_buf buf;
        cq_buf_init(&buf, &a);
        cq_node *out = NULL;
        size_t tail;
        int rc = cq_parse_statement(&arena, j->query, strlen(j->query), 0, &out,
                                    &tail, NULL, &err);
        if (rc == CONCORD_OK)
            cq_node_dump(out, &buf);
        else
            cq_buf_puts(&buf, cq_error_message(&err));
        if (strcmp(cq_buf_str(&buf), j->expected) != 0)
            j->failures++;
        cq_buf_free(&buf);
        cq_error_free(&err);
        cq_arena_free(&arena);
    }
    if (t.live != 0)
        j->failures++;
    return NULL;
}

static void test_two_threads(void **state)
{
    (void)state;
    job jobs[2] = {
        {"correlate 20000-1:8.5.* with 27001 where (a = 1 or b in (x, y)) "
         "and not c ~ 'z'",
         "(correlate (refs (ref \"20000-1\" \"8.5\" *)) (refs (ref "
         "\"27001\")) (and (or (cmp = (field \"a\") (int 1)) (in (field "
         "\"b\") (name \"x\") (name \"y\"))) (not (match ~ (field \"c\") "
         "(string \"z\")))))",
         0},
        {"-- two\n\nclauses of 9001 wher x = 1",
         "3:17: syntax error, unexpected 'wher', expected 'where', ';' or "
         "end of input; did you mean 'where'?",
         0},
    };
    pthread_t th[2];
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&th[i], NULL, parse_many, &jobs[i]), 0);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_int_equal(jobs[i].failures, 0);
    }
}

/* ---- the dump -------------------------------------------------------- */

static void test_dump(void **state)
{
    (void)state;
    talloc t = {0};
    cq_allocator a = {talloc_fn, &t};
    cq_arena arena;
    cq_arena_init(&arena, &a);
    cq_buf buf;
    cq_buf_init(&buf, &a);
    assert_int_equal(cq_node_dump(NULL, &buf), 0);
    assert_string_equal(cq_buf_str(&buf), "nil");
    cq_buf_clear(&buf);
    cq_loc loc = {1, 1, 1, 2, 0, 1};
    cq_node *s = cq_node_new(&arena, CQ_N_STRING, &loc);
    assert_non_null(s);
    s->text = "q\"b\\n\nr\rt\t\x01\x7F\xC3\xA9";
    assert_int_equal(s->loc.end, 1);
    assert_int_equal(cq_node_dump(s, &buf), 0);
    assert_string_equal(
        cq_buf_str(&buf),
        "(string \"q\\\"b\\\\n\\nr\\rt\\t\\x01\\x7F\xC3\xA9\")");
    assert_string_equal(cq_node_kind_name(CQ_N_CORRELATE), "correlate");
    assert_string_equal(cq_node_kind_name(CQ_N_NAME), "name");
    assert_string_equal(cq_node_kind_name((cq_node_kind)99), "?");
    assert_string_equal(cq_cmp_op_name(CQ_OP_GE), ">=");
    assert_string_equal(cq_cmp_op_name(0), "?");
    cq_node *x = cq_node_new(&arena, CQ_N_NAME, NULL);
    cq_node *y = cq_node_new(&arena, CQ_N_NAME, NULL);
    assert_ptr_equal(cq_node_append(NULL, x), x);
    assert_ptr_equal(cq_node_append(x, y), x);
    assert_ptr_equal(x->next, y);
    cq_buf_free(&buf);
    cq_arena_free(&arena);
    assert_int_equal(t.live, 0);
}

/* The one list of keywords (src/keywords.h) and the grammar agree: each
** keyword lexes as itself in any case; those marked CQ_KW_COLUMN, and no
** others, are column names (`select KW`, `where KW = 1`); those marked
** CQ_KW_STATEMENT are what a misspelt statement is compared with. */
static void test_keyword_list(void **state)
{
    (void)state;
    const char *kw;
    size_t n = 0;
    for (size_t i = 0; (kw = cq_lex_keyword(i)) != NULL; i++, n++) {
        int uses = cq_lex_keyword_uses(i);
        char q[128];
        snprintf(q, sizeof q, "clauses | select %s", kw);
        int column = parse(q)->rc == CONCORD_OK;
        if (column != ((uses & CQ_KW_COLUMN) != 0))
            fail_msg("%s: parsed as a column name %d, listed %d", kw, column,
                     (uses & CQ_KW_COLUMN) != 0);
        snprintf(q, sizeof q, "clauses where %s = 1", kw);
        if ((parse(q)->rc == CONCORD_OK) != column)
            fail_msg("%s: a field only where it is a column", kw);
        /* a word one letter off a statement's first keyword is named */
        snprintf(q, sizeof q, "%sq 9001 x", kw);
        int named = strstr(parse(q)->text, "unknown statement") != NULL;
        if (named != ((uses & CQ_KW_STATEMENT) != 0))
            fail_msg("%sq: unknown statement %d, listed %d", kw, named,
                     (uses & CQ_KW_STATEMENT) != 0);
    }
    assert_int_equal(n, CQ_N_KEYWORDS);
    assert_null(cq_lex_keyword(n));
    assert_int_equal(cq_lex_keyword_uses(n), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keyword_list),
        cmocka_unit_test(test_statements),
        cmocka_unit_test(test_language_statements),
        cmocka_unit_test(test_composition),
        cmocka_unit_test(test_definitions),
        cmocka_unit_test(test_assertions),
        cmocka_unit_test(test_language_errors),
        cmocka_unit_test(test_keywords_any_case),
        cmocka_unit_test(test_comments),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_string_length),
        cmocka_unit_test(test_string_errors),
        cmocka_unit_test(test_string_errors_more),
        cmocka_unit_test(test_token_classes),
        cmocka_unit_test(test_token_classes_2),
        cmocka_unit_test(test_int_text),
        cmocka_unit_test(test_number_errors),
        cmocka_unit_test(test_clause_refs),
        cmocka_unit_test(test_ref_slots),
        cmocka_unit_test(test_precedence),
        cmocka_unit_test(test_in),
        cmocka_unit_test(test_script_tails),
        cmocka_unit_test(test_script_error_lines),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_long_token_in_message),
        cmocka_unit_test(test_character_errors),
        cmocka_unit_test(test_incomplete),
        cmocka_unit_test(test_nesting_limit),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_long_lists),
        cmocka_unit_test(test_nomem_sweep),
        cmocka_unit_test(test_nomem_deep),
        cmocka_unit_test(test_two_threads),
        cmocka_unit_test(test_dump),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
