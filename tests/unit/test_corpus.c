/*
** test_corpus.c -- loading and validating corpora: each class of problem
** (one folder of tests/data each, checked by code and exact message), I/O
** errors, in-memory corpora (BOM, CRLF, comments, names), the error limit,
** nesting depth, and allocation-failure sweeps that fail the n-th
** allocation until loading succeeds and check nothing is left allocated.
**
** Run from the repository root; CONCORD_TEST_DATA names the test data
** folder (default tests/data), the real corpus is corpus/.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_alloc.h"

#include "concord.h"
#include "corpus.h"
#include "graph.h"
#include "unit.h"

static const cq_allocator sys_alloc = {cq_default_alloc, NULL};

/* ---- helpers ------------------------------------------------------------ */

/* The lines of want, each prefixed with prefix (but not "..."), joined by
** newlines.  Free with free(). */
static char *expected(const char *prefix, const char *const *want)
{
    size_t size = 1;
    for (int i = 0; want[i]; i++)
        size += strlen(prefix) + strlen(want[i]) + 1;
    char *s = calloc(1, size);
    assert_non_null(s);
    for (int i = 0; want[i]; i++) {
        if (i > 0)
            strcat(s, "\n");
        if (strncmp(want[i], "...", 3) != 0)
            strcat(s, prefix);
        strcat(s, want[i]);
    }
    return s;
}

/* Load folder name of the test data; expect code and exactly the lines of
** want (relative to the folder). */
static void expect_dir(const char *name, int code, const char *const *want)
{
    char dir[1024], prefix[1100];
    snprintf(dir, sizeof dir, "%s/%s", unit_data_dir(), name);
    snprintf(prefix, sizeof prefix, "%s/", dir);
    cq_error err;
    cq_error_init(&err, &sys_alloc);
    cq_graph *g = (cq_graph *)&err; /* must be reset to NULL */
    int rc = cq_corpus_load_dir(dir, &sys_alloc, &g, &err);
    char *msg = expected(prefix, want);
    if (rc != code)
        fail_msg("%s: code %d, expected %d: %s", name, rc, code,
                 cq_error_message(&err));
    assert_null(g);
    assert_int_equal(err.code, code);
    assert_string_equal(cq_error_message(&err), msg);
    free(msg);
    cq_error_free(&err);
}

/* Five in-memory files. */
typedef struct mem_corpus {
    cq_embedded_file files[6];
} mem_corpus;

static void mem_set(mem_corpus *m, int i, const char *name, const char *data,
                    size_t len)
{
    m->files[i].name = name;
    m->files[i].data = data;
    m->files[i].len = len;
    m->files[5].name = NULL;
}

static const char *const file_names[5] = {
    "standards.tsv", "clauses.tsv", "edges.tsv", "terms.tsv", "term_links.tsv"};

/* The real corpus, read into memory (free each data with free()). */
static void mem_real(mem_corpus *m)
{
    for (int i = 0; i < 5; i++) {
        char path[256];
        size_t len;
        snprintf(path, sizeof path, "corpus/%s", file_names[i]);
        char *data = unit_slurp(path, &len);
        mem_set(m, i, file_names[i], data, len);
    }
}

static void mem_free(mem_corpus *m)
{
    for (int i = 0; i < 5; i++)
        free((void *)m->files[i].data);
}

/* Append text to file i of m (whose data came from malloc). */
static void mem_append(mem_corpus *m, int i, const char *text)
{
    size_t len = m->files[i].len, add = strlen(text);
    char *data = realloc((void *)m->files[i].data, len + add + 1);
    assert_non_null(data);
    memcpy(data + len, text, add + 1);
    m->files[i].data = data;
    m->files[i].len = len + add;
}

/* The 1-based number of the line of data that starts with start. */
static int line_of(const char *data, const char *start)
{
    int line = 1;
    size_t n = strlen(start);
    for (const char *p = data; *p; p++) {
        if ((p == data || p[-1] == '\n') && strncmp(p, start, n) == 0)
            return line;
        line += *p == '\n';
    }
    fail_msg("no line starts with %s", start);
    return 0;
}

static int count_lines(const char *data, size_t len)
{
    int n = 0;
    for (size_t i = 0; i < len; i++)
        n += data[i] == '\n';
    return n;
}

/* ---- I/O ---------------------------------------------------------------- */

static void test_missing_file(void **state)
{
    (void)state;
    static const char *const want[] = {
        "term_links.tsv: cannot open: No such file or directory", NULL};
    expect_dir("missing-file", CONCORD_IOERR, want);
}

static void test_missing_folder(void **state)
{
    (void)state;
    char dir[1024], want[1100];
    snprintf(dir, sizeof dir, "%s/no-such-folder", unit_data_dir());
    snprintf(want, sizeof want, "%s: cannot open: No such file or directory",
             dir);
    cq_error err;
    cq_error_init(&err, &sys_alloc);
    cq_graph *g = (cq_graph *)&err; /* must be reset to NULL */
    assert_int_equal(cq_corpus_load_dir(dir, &sys_alloc, &g, &err),
                     CONCORD_IOERR);
    assert_null(g);
    assert_string_equal(cq_error_message(&err), want);
    cq_error_free(&err);
}

static void test_file_is_folder(void **state)
{
    (void)state;
    static const char *const want[] = {
        "clauses.tsv: cannot read: Is a directory", NULL};
    expect_dir("dir-file", CONCORD_IOERR, want);
}

static void test_trailing_slash(void **state)
{
    (void)state;
    char dir[1024], msg[1200];
    snprintf(dir, sizeof dir, "%s/missing-file//", unit_data_dir());
    snprintf(msg, sizeof msg,
             "%s/missing-file/term_links.tsv: cannot open: No such file or "
             "directory",
             unit_data_dir());
    cq_error err;
    cq_error_init(&err, &sys_alloc);
    cq_graph *g;
    assert_int_equal(cq_corpus_load_dir(dir, &sys_alloc, &g, &err),
                     CONCORD_IOERR);
    assert_string_equal(cq_error_message(&err), msg);
    cq_error_free(&err);
}

/* ---- one folder per class of problem ------------------------------------ */

static void test_bad_header(void **state)
{
    (void)state;
    static const char *const want[] = {
        "clauses.tsv:1:23: header: expected 'parent', found 'parnet'; the "
        "columns are standard, number, title, parent, origin, source",
        "edges.tsv:1:1: header: expected 8 columns, found 7; the columns are "
        "from, to, annex, relation, strength, confidence, source, note",
        "terms.tsv:2:1: header: missing; the columns are vocabulary, entry, "
        "term, hls, source",
        NULL};
    expect_dir("bad-header", CONCORD_CORRUPT, want);
}

static void test_field_count(void **state)
{
    (void)state;
    static const char *const want[] = {
        "clauses.tsv:21:1: expected 6 fields, found 5",
        "edges.tsv:11:1: expected 8 fields, found 7",
        "edges.tsv:12:58: expected 8 fields, found 9", NULL};
    expect_dir("field-count", CONCORD_CORRUPT, want);
}

static void test_bad_utf8(void **state)
{
    (void)state;
    static const char *const want[] = {
        "clauses.tsv:21:19: title: invalid UTF-8 byte 0xe9",
        "clauses.tsv:22:23: title: invalid UTF-8 byte 0xc3",
        "edges.tsv:11:41: source: control character 0x0d not allowed", NULL};
    expect_dir("bad-utf8", CONCORD_CORRUPT, want);
}

static void test_empty_field(void **state)
{
    (void)state;
    static const char *const want[] = {
        "standards.tsv:10:32: role: required field is empty",
        "clauses.tsv:21:7: title: required field is empty",
        "edges.tsv:11:26: strength: required field is empty",
        "term_links.tsv:6:1: from: required field is empty", NULL};
    expect_dir("empty-field", CONCORD_CORRUPT, want);
}

static void test_bad_syntax(void **state)
{
    (void)state;
    static const char *const want[] = {
        "standards.tsv:10:1: id: invalid standard id '20000 2'; expected "
        "letters, digits, '-' and '_', optionally '@' and an edition, such as "
        "27001@2022",
        "standards.tsv:11:1: id: invalid standard id '27001@'; expected "
        "letters, digits, '-' and '_', optionally '@' and an edition, such as "
        "27001@2022",
        "clauses.tsv:21:5: number: invalid clause number '8..2'; expected "
        "parts of letters and digits separated by '.', such as 8.5.1 or "
        "A.12.1.2",
        "clauses.tsv:22:29: parent: invalid clause number '8.'; expected parts "
        "of letters and digits separated by '.', such as 8.5.1 or A.12.1.2",
        "edges.tsv:11:1: from: invalid clause key '20000-1-8.5'; expected "
        "standard:number such as 20000-1:8.5.1",
        "edges.tsv:12:11: to: invalid clause key '9001:8 '; expected "
        "standard:number such as 20000-1:8.5.1",
        "edges.tsv:13:18: annex: invalid label 'Annex B'; a label cannot "
        "contain spaces",
        "terms.tsv:9:6: entry: invalid entry number '3.1.'; expected parts of "
        "letters and digits separated by '.', such as 3.1.2 or 3.3",
        "term_links.tsv:6:15: to: invalid value '27000\xe2\x80\x93"
        "3.3'; expected a term key, or a bare vocabulary id with relation "
        "absent",
        NULL};
    expect_dir("bad-syntax", CONCORD_CORRUPT, want);
}

static void test_unknown_enum(void **state)
{
    (void)state;
    static const char *const want[] = {
        "standards.tsv:10:32: role: unknown value 'standard'; expected "
        "structure, mss, vocabulary, controls or other",
        "clauses.tsv:21:31: origin: unknown value 'hls_modified'; expected "
        "hls, hls-modified, added or control; did you mean 'hls-modified' or "
        "'hls'?",
        "edges.tsv:11:20: relation: unknown value 'related'; expected equal, "
        "equivalent, subset, superset, intersects or none",
        "edges.tsv:12:29: confidence: unknown value 'Medium'; expected high, "
        "medium or low; did you mean 'medium'?",
        "terms.tsv:9:27: hls: unknown value 'y'; expected yes or no",
        "term_links.tsv:6:27: relation: unknown value 'diferent'; expected "
        "same, modified, different or absent; did you mean 'different'?",
        NULL};
    expect_dir("unknown-enum", CONCORD_CORRUPT, want);
}

static void test_bad_integer(void **state)
{
    (void)state;
    static const char *const want[] = {
        "standards.tsv:10:27: year: invalid value '20l9'; expected a year "
        "such as 2015, or nothing",
        "edges.tsv:11:26: strength: 11 is out of range; expected an integer "
        "from 0 to 10",
        "edges.tsv:12:26: strength: invalid value 'nine'; expected an integer "
        "from 0 to 10",
        "edges.tsv:13:26: strength: invalid value '-1'; expected an integer "
        "from 0 to 10",
        NULL};
    expect_dir("bad-integer", CONCORD_CORRUPT, want);
}

static void test_duplicate_key(void **state)
{
    (void)state;
    static const char *const want[] = {
        "standards.tsv:10:1: duplicate standard HLS (first defined at line 4)",
        "clauses.tsv:21:1: duplicate clause 20000-1:8.5.1 (first defined at "
        "line 3)",
        "clauses.tsv:22:1: duplicate clause 27001:a.9 (first defined at line "
        "16)",
        "terms.tsv:9:1: duplicate term 9000:3.13.1 (first defined at line 7)",
        NULL};
    expect_dir("duplicate-key", CONCORD_CORRUPT, want);
}

static void test_unknown_standard(void **state)
{
    (void)state;
    static const char *const want[] = {
        "clauses.tsv:21:1: standard: unknown standard 9010; did you mean 9000 "
        "or 9001?",
        "edges.tsv:11:13: to: unknown standard 27002; did you mean 27000 or "
        "27001?",
        "terms.tsv:9:1: vocabulary: unknown standard 2700; did you mean 27000 "
        "or 27001?",
        NULL};
    expect_dir("unknown-standard", CONCORD_CORRUPT, want);
}

static void test_unknown_reference(void **state)
{
    (void)state;
    static const char *const want[] = {
        "edges.tsv:11:1: from: unknown clause 20000-1:8.5.9; did you mean "
        "20000-1:8.5.1, 20000-1:8.5.2 or 20000-1:8.5.3?",
        "edges.tsv:12:13: to: unknown clause 27001:A.12.2; did you mean "
        "27001:A.12.1, 27001:A.12 or 27001:A.12.1.2?",
        "term_links.tsv:6:1: from: unknown term 20000-1:3.1.3; did you mean "
        "20000-1:3.1.1, 20000-1:3.1.2 or 20000-1:3.1.10?",
        "term_links.tsv:7:15: to: unknown term 27000:3.4; did you mean "
        "27000:3.3 or 27000:3.16?",
        NULL};
    expect_dir("unknown-reference", CONCORD_CORRUPT, want);
}

static void test_bare_target(void **state)
{
    (void)state;
    static const char *const want[] = {
        "edges.tsv:11:14: to: bare standard 9001 is allowed only with "
        "relation none; expected a clause key standard:number",
        "edges.tsv:12:14: to: relation none takes a bare standard id (27001), "
        "not a clause (27001:8)",
        "term_links.tsv:6:15: to: bare vocabulary 9000 is allowed only with "
        "relation absent; expected a term key vocabulary:entry",
        "term_links.tsv:7:15: to: relation absent takes a bare vocabulary id "
        "(27000), not a term (27000:3.3)",
        NULL};
    expect_dir("bare-target", CONCORD_CORRUPT, want);
}

static void test_missing_parent(void **state)
{
    (void)state;
    static const char *const want[] = {
        "clauses.tsv:21:46: parent: no clause 8.6 in standard 20000-1; did "
        "you mean 8.5 or 8.9?",
        "clauses.tsv:22:49: parent: no clause 8.3 in standard 9001; did you "
        "mean 8.1 or 8.2?",
        NULL};
    expect_dir("missing-parent", CONCORD_CORRUPT, want);
}

static void test_parent_cycle(void **state)
{
    (void)state;
    static const char *const want[] = {
        "clauses.tsv:7:50: parent: cycle in standard 20000-1: 8.5 -> 8.5.2 -> "
        "8.5",
        "clauses.tsv:16:26: parent: cycle in standard 27001: A.9 -> A.9", NULL};
    expect_dir("parent-cycle", CONCORD_CORRUPT, want);
}

static void test_too_many_errors(void **state)
{
    (void)state;
    const char *want[CQ_CORPUS_MAX_ERRORS + 2];
    char lines[CQ_CORPUS_MAX_ERRORS][200];
    for (int i = 0; i < CQ_CORPUS_MAX_ERRORS; i++) {
        snprintf(lines[i], sizeof lines[i],
                 "edges.tsv:%d:20: relation: unknown value 'equals'; expected "
                 "equal, equivalent, subset, superset, intersects or none; "
                 "did you mean 'equal'?",
                 11 + i);
        want[i] = lines[i];
    }
    want[CQ_CORPUS_MAX_ERRORS] = "... and more errors";
    want[CQ_CORPUS_MAX_ERRORS + 1] = NULL;
    expect_dir("too-many-errors", CONCORD_CORRUPT, want);
}

/* ---- in-memory corpora -------------------------------------------------- */

static const char bom_standards[] =
    "\xEF\xBB\xBF# a BOM, CRLF line ends, comments and blank lines\r\n"
    "id\ttitle\tyear\trole\tnotes\r\n"
    "\r\n"
    "hls\tHigh level structure\t2012\tstructure\t\r\n"
    "  \t \r\n"
    "x-1@2024\tOur own standard\t\tother\tan edition in the id\r\n";
static const char bom_clauses[] =
    "\xEF\xBB\xBFstandard\tnumber\ttitle\tparent\torigin\tsource\r\n"
    "hls\t4\tContext of the organization\t\thls\tTable 1\r\n"
    "# a comment between rows\r\n"
    "x-1@2024\tB.2\tSecond\t\tadded\t\r\n"
    "x-1@2024\tb.1\tFirst\t\tadded\t\r\n"
    "x-1@2024\tB.1.1\tFirst of first\tB.1\tadded\t"; /* no line end */
static const char bom_edges[] =
    "from\tto\tannex\trelation\tstrength\tconfidence\tsource\tnote\r\n"
    "X-1@2024:b.1.1\tHLS:4\tours\tsuperset\t7\thigh\t\tcase is ignored\r\n";
static const char bom_terms[] = "vocabulary\tentry\tterm\thls\tsource\n"
                                "x-1@2024\t1\tthing\tno\t\n";
static const char bom_links[] = "from\tto\trelation\tnote\tsource\n"
                                "x-1@2024:1\thls\tabsent\t\t\n";

static void mem_bom(mem_corpus *m)
{
    mem_set(m, 0, "embedded/standards.tsv", bom_standards,
            sizeof bom_standards - 1);
    mem_set(m, 1, "embedded/clauses.tsv", bom_clauses, sizeof bom_clauses - 1);
    mem_set(m, 2, "embedded/edges.tsv", bom_edges, sizeof bom_edges - 1);
    mem_set(m, 3, "embedded/terms.tsv", bom_terms, sizeof bom_terms - 1);
    mem_set(m, 4, "embedded/term_links.tsv", bom_links, sizeof bom_links - 1);
}

static void test_files_bom_crlf(void **state)
{
    (void)state;
    mem_corpus m;
    mem_bom(&m);
    cq_error err;
    cq_error_init(&err, &sys_alloc);
    cq_graph *g;
    int rc = cq_corpus_load_files(m.files, &sys_alloc, &g, &err);
    if (rc != CONCORD_OK)
        fail_msg("%s", cq_error_message(&err));
    assert_int_equal(g->n_standards, 2);
    assert_string_equal(cq_graph_str(g, g->standards[1].id), "x-1@2024");
    assert_string_equal(cq_graph_str(g, g->standards[1].notes),
                        "an edition in the id");
    assert_string_equal(cq_graph_str(g, g->standards[1].role), "other");
    assert_int_equal(g->standards[1].year, 0);
    assert_int_equal(g->n_clauses, 4);
    assert_string_equal(cq_graph_str(g, g->clauses[0].title),
                        "Context of the organization");
    assert_string_equal(cq_graph_str(g, g->clauses[0].source),
                        "Table 1"); /* no '\r' */
    assert_string_equal(cq_graph_str(g, g->clauses[1].key), "x-1@2024:b.1");
    assert_string_equal(cq_graph_str(g, g->clauses[2].key), "x-1@2024:B.1.1");
    assert_string_equal(cq_graph_str(g, g->clauses[3].key), "x-1@2024:B.2");
    assert_int_equal(g->n_edges, 1);
    assert_int_equal(g->edges[0].from, 2);
    assert_int_equal(g->edges[0].to, 0);
    assert_int_equal(g->edges[0].confidence, CQ_CONF_HIGH);
    assert_string_equal(cq_graph_str(g, g->edges[0].note), "case is ignored");
    assert_string_equal(cq_graph_str(g, g->annexes[0]), "ours");
    assert_int_equal(g->n_links, 1);
    assert_int_equal(g->links[0].to, CQ_NONE);
    assert_int_equal(g->links[0].to_vocabulary, 0);
    assert_int_equal(g->terms[0].hls, 0);
    cq_graph_free(g);
    cq_error_free(&err);
}

static void test_files_missing(void **state)
{
    (void)state;
    mem_corpus m;
    mem_bom(&m);
    m.files[3] = m.files[4]; /* drop terms.tsv */
    m.files[4].name = NULL;
    cq_error err;
    cq_error_init(&err, &sys_alloc);
    cq_graph *g;
    assert_int_equal(cq_corpus_load_files(m.files, &sys_alloc, &g, &err),
                     CONCORD_IOERR);
    assert_null(g);
    assert_string_equal(cq_error_message(&err),
                        "terms.tsv: cannot open: not among the corpus files");
    cq_error_free(&err);
}

static void test_files_names_and_nul(void **state)
{
    (void)state;
    static const char clauses[] = "standard\tnumber\ttitle\tparent\torigin\t"
                                  "source\nhls\t4\tContext\t\thls\t\n"
                                  "x-1@2024\tb.1.1\tFirst\t\tadded\t\n"
                                  "hls\t5\tLea\0dership\t\thls\t\n";
    mem_corpus m;
    mem_bom(&m);
    mem_set(&m, 1, "embedded/clauses.tsv", clauses, sizeof clauses - 1);
    cq_error err;
    cq_error_init(&err, &sys_alloc);
    cq_graph *g;
    assert_int_equal(cq_corpus_load_files(m.files, &sys_alloc, &g, &err),
                     CONCORD_CORRUPT);
    assert_string_equal(
        cq_error_message(&err),
        "embedded/clauses.tsv:4:10: title: control character 0x00 not "
        "allowed");
    cq_error_free(&err);
}

static void test_files_empty_corpus(void **state)
{
    (void)state;
    static const char *const headers[5] = {
        "id\ttitle\tyear\trole\tnotes\n",
        "standard\tnumber\ttitle\tparent\torigin\tsource\n",
        "from\tto\tannex\trelation\tstrength\tconfidence\tsource\tnote",
        "vocabulary\tentry\tterm\thls\tsource\n",
        "from\tto\trelation\tnote\tsource\n"};
    mem_corpus m;
    for (int i = 0; i < 5; i++)
        mem_set(&m, i, file_names[i], headers[i], strlen(headers[i]));
    cq_error err;
    cq_error_init(&err, &sys_alloc);
    cq_graph *g;
    assert_int_equal(cq_corpus_load_files(m.files, &sys_alloc, &g, &err),
                     CONCORD_OK);
    assert_int_equal(g->n_standards + g->n_clauses + g->n_edges + g->n_terms +
                         g->n_links + g->n_annexes,
                     0);
    assert_int_equal(g->n_layers, 1);
    assert_int_equal(g->strings_size, 8); /* "" and the layer's "corpus" */
    assert_string_equal(cq_graph_str(g, g->layers[0]), "corpus");
    assert_string_equal(cq_graph_str(g, 0), "");
    assert_int_equal(g->out_start[0], 0);
    assert_int_equal(g->in_start[0], 0);
    assert_int_equal(cq_graph_find_clause(g, "hls:4", 5), CQ_NONE);
    assert_int_equal(cq_graph_find_term(g, "hls:4", 5), CQ_NONE);
    assert_int_equal(cq_graph_find_standard(g, "hls", 3), CQ_NONE);
    cq_graph_free(g);
    cq_error_free(&err);
}

/* The brief's own examples, on the real corpus with rows appended. */
static void test_real_corpus_problems(void **state)
{
    (void)state;
    mem_corpus m;
    mem_real(&m);
    int first = line_of(m.files[1].data, "20000-1\t8.5.1\t");
    int clause_line = count_lines(m.files[1].data, m.files[1].len) + 1;
    int edge_line = count_lines(m.files[2].data, m.files[2].len) + 1;
    mem_append(&m, 1, "20000-1\t8.5.1\tChange management\t8.5\tadded\t\n");
    mem_append(&m, 2,
               "20000-1:8.5.9\t9001:8.5.1\tB\tintersects\t2\tlow\t\t\n"
               "20000-1:8.5.1\t9001:8\tB\trelated\t2\tlow\t\t\n");
    cq_error err;
    cq_error_init(&err, &sys_alloc);
    cq_graph *g;
    assert_int_equal(cq_corpus_load_files(m.files, &sys_alloc, &g, &err),
                     CONCORD_CORRUPT);
    assert_null(g);
    char want[1024];
    snprintf(want, sizeof want,
             "clauses.tsv:%d:1: duplicate clause 20000-1:8.5.1 (first defined "
             "at line %d)\n"
             "edges.tsv:%d:1: from: unknown clause 20000-1:8.5.9; did you mean "
             "20000-1:8.5.1, 20000-1:8.5.2 or 20000-1:8.5.3?\n"
             "edges.tsv:%d:24: relation: unknown value 'related'; expected "
             "equal, equivalent, subset, superset, intersects or none",
             clause_line, first, edge_line, edge_line + 1);
    assert_string_equal(cq_error_message(&err), want);
    cq_error_free(&err);
    mem_free(&m);
}

/* A chain of n clauses c0 <- c1 <- ... (each the parent of the next). */
static char *chain(int n)
{
    size_t cap = 64 + (size_t)n * 40;
    char *s = malloc(cap);
    assert_non_null(s);
    size_t at = (size_t)snprintf(s, cap,
                                 "standard\tnumber\ttitle\tparent\t"
                                 "origin\tsource\nhls\tc0\tt\t\thls\t\n");
    for (int i = 1; i < n; i++)
        at += (size_t)snprintf(s + at, cap - at, "hls\tc%d\tt\tc%d\thls\t\n", i,
                               i - 1);
    return s;
}

static void test_depth_limit(void **state)
{
    (void)state;
    mem_corpus m;
    mem_bom(&m);
    cq_error err;
    cq_error_init(&err, &sys_alloc);
    cq_graph *g;

    char *ok = chain(65535);
    mem_set(&m, 1, "clauses.tsv", ok, strlen(ok));
    static const char no_edges[] =
        "from\tto\tannex\trelation\tstrength\tconfidence\tsource\tnote\n";
    mem_set(&m, 2, "edges.tsv", no_edges, sizeof no_edges - 1);
    assert_int_equal(cq_corpus_load_files(m.files, &sys_alloc, &g, &err),
                     CONCORD_OK);
    assert_int_equal(g->clauses[g->n_clauses - 1].depth, 65535);
    assert_int_equal(g->clauses[0].subtree_end, 65535);
    cq_graph_free(g);
    free(ok);

    char *deep = chain(65537);
    mem_set(&m, 1, "clauses.tsv", deep, strlen(deep));
    assert_int_equal(cq_corpus_load_files(m.files, &sys_alloc, &g, &err),
                     CONCORD_CORRUPT);
    assert_string_equal(cq_error_message(&err),
                        "clauses.tsv:65537:14: parent: clause hls:c65535 is "
                        "nested deeper than 65535 levels");
    free(deep);
    cq_error_free(&err);
}

static void test_error_reused(void **state)
{
    (void)state;
    char dir[1024];
    cq_error err;
    cq_error_init(&err, &sys_alloc);
    cq_graph *g;
    snprintf(dir, sizeof dir, "%s/parent-cycle", unit_data_dir());
    assert_int_equal(cq_corpus_load_dir(dir, &sys_alloc, &g, &err),
                     CONCORD_CORRUPT);
    snprintf(dir, sizeof dir, "%s/good", unit_data_dir());
    assert_int_equal(cq_corpus_load_dir(dir, &sys_alloc, &g, &err), CONCORD_OK);
    assert_int_equal(err.code, CONCORD_OK);
    cq_graph_free(g);
    cq_error_free(&err);
}

/* ---- allocation failures ------------------------------------------------ */

typedef int (*load_fn)(const void *arg, const cq_allocator *a, cq_graph **g,
                       cq_error *err);

static int load_dir_arg(const void *arg, const cq_allocator *a, cq_graph **g,
                        cq_error *err)
{
    return cq_corpus_load_dir(arg, a, g, err);
}

static int load_files_arg(const void *arg, const cq_allocator *a, cq_graph **g,
                          cq_error *err)
{
    return cq_corpus_load_files(arg, a, g, err);
}

/*
** Fail allocation n = 1, 2, ... until a load runs without a failure.
** Every run that saw a failure must answer CONCORD_NOMEM with no graph;
** the run without one must answer final_code.  After each run (and the
** error's own buffer freed) no block may be left.
*/
static void sweep(load_fn load, const void *arg, int final_code)
{
    for (long n = 1;; n++) {
        talloc t = {.fail_at = n};
        cq_allocator a = {talloc_fn, &t};
        cq_error err;
        cq_error_init(&err, &a);
        cq_graph *g = NULL;
        int rc = load(arg, &a, &g, &err);
        if (t.failed) {
            if (rc != CONCORD_NOMEM)
                fail_msg("allocation %ld failed: code %d: %s", n, rc,
                         cq_error_message(&err));
            assert_null(g);
            assert_string_equal(cq_error_message(&err), "out of memory");
        } else {
            assert_int_equal(rc, final_code);
        }
        cq_graph_free(g);
        cq_error_free(&err);
        if (t.live != 0)
            fail_msg("allocation %ld failed: %ld blocks left", n, t.live);
        if (!t.failed)
            break;
        assert_true(n < 100000);
    }
}

static void sweep_dir(const char *name, int final_code)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/%s", unit_data_dir(), name);
    sweep(load_dir_arg, dir, final_code);
}

static void test_sweep_good(void **state)
{
    (void)state;
    sweep_dir("good", CONCORD_OK);
}

static void test_sweep_problems(void **state)
{
    (void)state;
    sweep_dir("unknown-reference", CONCORD_CORRUPT);
    sweep_dir("parent-cycle", CONCORD_CORRUPT);
    sweep_dir("too-many-errors", CONCORD_CORRUPT);
}

static void test_sweep_io(void **state)
{
    (void)state;
    sweep_dir("missing-file", CONCORD_IOERR);
    sweep_dir("dir-file", CONCORD_IOERR);
}

static void test_sweep_files(void **state)
{
    (void)state;
    mem_corpus m;
    mem_bom(&m);
    sweep(load_files_arg, m.files, CONCORD_OK);
}

static void test_sweep_real(void **state)
{
    (void)state;
    sweep(load_dir_arg, "corpus", CONCORD_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_missing_folder),
        cmocka_unit_test(test_file_is_folder),
        cmocka_unit_test(test_trailing_slash),
        cmocka_unit_test(test_bad_header),
        cmocka_unit_test(test_field_count),
        cmocka_unit_test(test_bad_utf8),
        cmocka_unit_test(test_empty_field),
        cmocka_unit_test(test_bad_syntax),
        cmocka_unit_test(test_unknown_enum),
        cmocka_unit_test(test_bad_integer),
        cmocka_unit_test(test_duplicate_key),
        cmocka_unit_test(test_unknown_standard),
        cmocka_unit_test(test_unknown_reference),
        cmocka_unit_test(test_bare_target),
        cmocka_unit_test(test_missing_parent),
        cmocka_unit_test(test_parent_cycle),
        cmocka_unit_test(test_too_many_errors),
        cmocka_unit_test(test_files_bom_crlf),
        cmocka_unit_test(test_files_missing),
        cmocka_unit_test(test_files_names_and_nul),
        cmocka_unit_test(test_files_empty_corpus),
        cmocka_unit_test(test_real_corpus_problems),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_error_reused),
        cmocka_unit_test(test_sweep_good),
        cmocka_unit_test(test_sweep_problems),
        cmocka_unit_test(test_sweep_io),
        cmocka_unit_test(test_sweep_files),
        cmocka_unit_test(test_sweep_real),
    };
    return cmocka_run_group_tests_name("corpus", tests, NULL, NULL);
}
