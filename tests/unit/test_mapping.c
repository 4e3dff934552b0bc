/*
** test_mapping.c -- reading OSCAL mapping collections, OLIR/STRM CSV and
** SSSOM/TSV into edge rows: files as other tools write them, round trips
** through every export format (the table, then the API's correlate
** statement), each class of error with its place, reuse, misuse and an
** allocation-failure sweep.
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
#include "export.h"
#include "mapping.h"
#include "json.h"
#include "output.h"

/* ---- helpers ------------------------------------------------------------ */

typedef struct sink {
    char *data;
    size_t len;
} sink;

static int sink_write(void *ctx, const char *data, size_t len)
{
    sink *s = ctx;
    s->data = realloc(s->data, s->len + len + 1);
    assert_non_null(s->data);
    memcpy(s->data + s->len, data, len);
    s->len += len;
    s->data[s->len] = '\0';
    return 0;
}

/* A row as one line: the eight edges.tsv columns, then the titles. */
static void row_line(const cq_mapping_row *r, char *out, size_t n)
{
    snprintf(out, n, "%s|%s|%s|%s|%s|%s|%s|%s|%s|%s", r->from, r->to, r->annex,
             r->relation, r->strength, r->confidence, r->source, r->note,
             r->from_title ? r->from_title : "-",
             r->to_title ? r->to_title : "-");
}

/* Import text as name; it must give exactly the rows want (NULL-ended)
** in format fmt. */
static void expect_rows(const char *name, const char *text, const char *fmt,
                        const char *const *want)
{
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_mapping_result r;
    cq_mapping_init(&r, &a);
    cq_error err;
    cq_error_init(&err, &a);
    int rc = cq_mapping_read(name, text, strlen(text), &r, &err);
    if (rc != CONCORD_OK)
        fail_msg("%s", cq_error_message(&err));
    assert_string_equal(r.format, fmt);
    size_t n = 0;
    while (want[n])
        n++;
    for (size_t i = 0; i < r.n_rows && i < n; i++) {
        char line[1024];
        row_line(&r.rows[i], line, sizeof line);
        assert_string_equal(line, want[i]);
    }
    assert_int_equal(r.n_rows, n);
    cq_mapping_free(&r);
    cq_error_free(&err);
    assert_int_equal(ta.live, 0);
}

/* Import text as f; it must fail with code and exactly the message want. */
static void expect_error_code(const char *text, int code, const char *want)
{
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_mapping_result r;
    cq_mapping_init(&r, &a);
    cq_error err;
    cq_error_init(&err, &a);
    assert_int_equal(cq_mapping_read("f", text, strlen(text), &r, &err), code);
    assert_string_equal(cq_error_message(&err), want);
    assert_int_equal(r.n_rows, 0);
    assert_null(r.rows);
    cq_mapping_free(&r);
    cq_error_free(&err);
    assert_int_equal(ta.live, 0);
}

static void expect_error(const char *text, const char *want)
{
    expect_error_code(text, CONCORD_ERROR, want);
}

/* ---- files as other tools write them --------------------------------------
 */

static void test_oscal_foreign(void **state)
{
    (void)state;
    /* One mapping standing alone; standards from an href's file name and
    ** from a back-matter resource's title; confidences from a percentage
    ** and from the provenance; two sources by two targets; a
    ** no-relationship to a control; Markdown in the remarks. */
    const char *text =
        "{\"mapping-collection\": {\"uuid\": \"x\",\n"
        " \"provenance\": {\"confidence-score\": {\"category\": "
        "\"Medium\"}},\n"
        " \"mappings\": {\n"
        "  \"source-resource\": {\"type\": \"catalog\", \"href\": "
        "\"https://example.org/cat/ACME_controls.json?v=2\"},\n"
        "  \"target-resource\": {\"type\": \"catalog\", \"href\": "
        "\"#r1\"},\n"
        "  \"maps\": [\n"
        "   {\"uuid\": \"m1\", \"relationship\": \"subset-of\",\n"
        "    \"sources\": [{\"type\": \"control\", \"id-ref\": \"CH.1\"}, "
        "{\"type\": \"control\", \"id-ref\": \"CH.2\"}],\n"
        "    \"targets\": [{\"type\": \"control\", \"id-ref\": \"8.5.1\"}, "
        "{\"type\": \"control\", \"id-ref\": \"27001:A.12.1.2\"}],\n"
        "    \"confidence-score\": {\"percentage\": 0.8},\n"
        "    \"remarks\": \"a \\\\*b\\\\* c\\nd\"},\n"
        "   {\"uuid\": \"m2\", \"relationship\": \"no-relationship\",\n"
        "    \"sources\": [{\"type\": \"control\", \"id-ref\": \"CH.3\"}],\n"
        "    \"targets\": [{\"type\": \"control\", \"id-ref\": \"9.1\"}]}]},\n"
        " \"back-matter\": {\"resources\": [{\"uuid\": \"r1\", \"title\": "
        "\"20000-1\"}]}}}\n";
    static const char *const want[] = {
        "ACME_controls:CH.1|20000-1:8.5.1|import|subset|7|high|imported from "
        "f.json|a *b* c d|-|-",
        "ACME_controls:CH.1|27001:A.12.1.2|import|subset|7|high|imported from "
        "f.json|a *b* c d|-|-",
        "ACME_controls:CH.2|20000-1:8.5.1|import|subset|7|high|imported from "
        "f.json|a *b* c d|-|-",
        "ACME_controls:CH.2|27001:A.12.1.2|import|subset|7|high|imported from "
        "f.json|a *b* c d|-|-",
        "ACME_controls:CH.3|20000-1|import|none|0|medium|imported from "
        "f.json|no relationship to 20000-1:9.1|-|-",
        NULL};
    expect_rows("f.json", text, "oscal", want);
}

static void test_strm_foreign(void **state)
{
    (void)state;
    /* As the OLIR template reads: a title row above the header, "(optional)"
    ** suffixes, whole keys in the element cells, N/A strength, an unfilled
    ** row, free-text comments, a byte order mark and CRLF. */
    const char *text =
        "\xEF\xBB\xBF"
        "ACME to 20000-1 (1.0.0),,,,,,,\r\n"
        "Focal Document Element,Focal Document Element Description,"
        "Rationale,Relationship,Reference Document Element,Reference "
        "Document Element Description,Comments (Optional),\"Strength of\n"
        "Relationship (Optional)\",Security Control Baseline\r\n"
        "acme:CH.1,\"Approve\nchanges\",Functional,Subset Of,20000-1:8.5.1,"
        "Change management,\"Approval is one step; \"\"so\"\" it goes\","
        "N/A,Low\r\n"
        "acme:CH.2,Record,,,,,,,\r\n"
        "\r\n"
        "acme:CH.3,Other,semantic,not related to,9001,,,0,\r\n"
        "acme:CH.4,Other,semantic,not related to,9001:8.1,,,,\r\n";
    static const char *const want[] = {
        "acme:CH.1|20000-1:8.5.1|import|subset|7|low|imported from "
        "olir.csv|Approval is one step; \"so\" it goes|Approve changes|Change "
        "management",
        "acme:CH.3|9001|import|none|0|low|imported from olir.csv||Other|-",
        "acme:CH.4|9001|import|none|0|low|imported from olir.csv|no "
        "relationship to 9001:8.1|Other|-",
        NULL};
    expect_rows("olir.csv", text, "strm", want);
}

static void test_sssom_foreign(void **state)
{
    (void)state;
    const char *text =
        "# curie_map:\n"
        "#   HP: http://purl.obolibrary.org/obo/HP_\n"
        "#   MP: 'http://purl.obolibrary.org/obo/MP_'  # a comment\n"
        "#   concord: \"https://github.com/concord/ns/\"\n"
        "# mapping_set_id: https://example.org/set.sssom.tsv\n"
        "# license: https://creativecommons.org/licenses/by/4.0/\n"
        "# creator_id:\n"
        "#   - orcid:0000-0002-7356-1779\n"
        "subject_id\tpredicate_id\tobject_id\tmapping_justification\t"
        "confidence\tcomment\tobject_source\tpredicate_modifier\n"
        "HP:0009124\tskos:exactMatch\tMP:0000003\t"
        "semapv:ManualMappingCuration\t0.95\t\"two\nlines, \"\"quoted\"\"\"\t"
        "\t\n"
        "\n"
        "HP:0000411\tskos:exactMatch\tsssom:NoTermFound\t"
        "semapv:ManualMappingCuration\t\t\tconcord:std/MP\t\n"
        "HP:1\tskos:relatedMatch\tMP:2\tsemapv:LexicalMatching\t0.5\t\t\tNot\n";
    static const char *const want[] = {
        "HP:0009124|MP:0000003|import|equal|9|high|imported from "
        "s.sssom.tsv|two lines, \"quoted\"|-|-",
        "HP:0000411|MP|import|none|0|low|imported from s.sssom.tsv||-|-",
        "HP:1|MP|import|none|0|medium|imported from s.sssom.tsv|no "
        "relationship to MP:2|-|-",
        NULL};
    expect_rows("s.sssom.tsv", text, "sssom", want);
    /* External metadata mode: no block, prefixes taken as standards. */
    static const char *const want2[] = {
        "hls:4|9001:4|import|superset|7|low|imported from e.tsv||Context|-",
        NULL};
    expect_rows("e.tsv",
                "subject_id\tsubject_label\tpredicate_id\tobject_id\t"
                "mapping_justification\nhls:4\tContext\tskos:narrowMatch\t"
                "9001:4\tsemapv:ManualMappingCuration",
                "sssom", want2);
}

/* ---- round trips ------------------------------------------------------------
 */

static const char *const map_cols[] = {
    "from",     "from_title", "to",         "to_title", "annex",
    "relation", "strength",   "confidence", "source",   "note"};

/* Rows covering every relation, every confidence, an empty source and
** note, and text that every format must escape. */
static const char *const trip_rows[][10] = {
    {"20000-1:8.5.1", "Change management", "27001:A.12.1.2",
     "Change management", "C", "intersects", "6", "low", "expert judgement",
     "Both control changes"},
    {"20000-1:8.5.1", "Change management", "9001:8.5.6",
     "Control of \"changes\"", "B", "equivalent", "8", "medium",
     "a \"quoted\"; source\\, here",
     "note: with *stars*, [x] & <y> #z; "
     "ok\\"},
    {"20000-1:8.4.1", "Budgeting", "9001", "", "B", "none", "0", "high", "",
     ""},
    {"20000-1:4", "Context", "9001:4", "Context", "my-annex", "subset", "7",
     "low", "s", "n"},
    {"20000-1:4.1", "Issues", "27001@2022:4.1", "Issues", "C", "superset", "10",
     "medium", "s", "n"},
    {"hls:4", "Context", "9001:4", "Context", "A", "equal", "9", "high", "s",
     "n"}};
#define N_TRIP (sizeof trip_rows / sizeof trip_rows[0])

static void make_trip(cq_table *t, const cq_allocator *a)
{
    cq_table_init(t, a, map_cols, 10);
    for (size_t r = 0; r < N_TRIP; r++) {
        cq_value *v = cq_table_add_row(t);
        assert_non_null(v);
        for (int c = 0; c < 10; c++)
            v[c] = c == 6 ? cq_int(atoi(trip_rows[r][c]))
                          : cq_text(trip_rows[r][c]);
    }
}

/* Whether the imported row equals the table's row r (titles where the
** format carries them: not for a none row's target). */
static int same_row(const cq_mapping_row *w, size_t r)
{
    const char *const *e = trip_rows[r];
    const char *to_title = strchr(e[2], ':') ? e[3] : NULL;
    return !strcmp(w->from, e[0]) && !strcmp(w->from_title, e[1]) &&
           !strcmp(w->to, e[2]) &&
           (to_title ? w->to_title && !strcmp(w->to_title, to_title)
                     : w->to_title == NULL || !*w->to_title) &&
           !strcmp(w->annex, e[4]) && !strcmp(w->relation, e[5]) &&
           !strcmp(w->strength, e[6]) && !strcmp(w->confidence, e[7]) &&
           !strcmp(w->source, e[8]) && !strcmp(w->note, e[9]);
}

static void test_round_trips(void **state)
{
    (void)state;
    static const int formats[] = {CONCORD_FORMAT_OSCAL, CONCORD_FORMAT_STRM,
                                  CONCORD_FORMAT_SSSOM};
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_table t;
    make_trip(&t, &a);
    for (int f = 0; f < 3; f++) {
        sink s = {0};
        cq_error err;
        cq_error_init(&err, &a);
        assert_int_equal(
            cq_output_write_err(&t, 0, formats[f], sink_write, &s, &a, &err),
            CONCORD_OK);
        cq_mapping_result r;
        cq_mapping_init(&r, &a);
        int rc = cq_mapping_read("x", s.data, s.len, &r, &err);
        if (rc != CONCORD_OK)
            fail_msg("%s: %s", concord_format_name(formats[f]),
                     cq_error_message(&err));
        assert_int_equal(r.n_rows, N_TRIP);
        /* Every row comes back once (OSCAL groups them by standards). */
        int seen[N_TRIP] = {0};
        for (size_t i = 0; i < r.n_rows; i++) {
            size_t k = 0;
            while (k < N_TRIP && (seen[k] || !same_row(&r.rows[i], k)))
                k++;
            if (k == N_TRIP) {
                char line[1024];
                row_line(&r.rows[i], line, sizeof line);
                fail_msg("%s: row %zu not in the table: %s",
                         concord_format_name(formats[f]), i, line);
            }
            seen[k] = 1;
        }
        if (formats[f] != CONCORD_FORMAT_OSCAL)
            for (size_t i = 0; i < N_TRIP; i++)
                assert_true(same_row(&r.rows[i], i)); /* and in order */
        cq_mapping_free(&r);
        cq_error_free(&err);
        free(s.data);
    }
    cq_table_free(&t);
    assert_int_equal(ta.live, 0);
}

/* What the issue asks: the OSCAL export of `correlate 20000-1:8.* with
** 27001` parses as a mapping collection, and its STRM export re-imports to
** the same edges. */
static void test_correlate_round_trip(void **state)
{
    (void)state;
    concord_db *db;
    assert_int_equal(concord_open(&db), CONCORD_OK);
    const char *q = "correlate 20000-1:8.* with 27001";
    concord_stmt *st;
    assert_int_equal(concord_prepare(db, q, -1, &st, NULL), CONCORD_OK);
    sink oscal = {0}, strm = {0}, sssom = {0};
    assert_int_equal(
        concord_write_result(st, CONCORD_FORMAT_OSCAL, sink_write, &oscal),
        CONCORD_DONE);
    assert_int_equal(concord_reset(st), CONCORD_OK);
    assert_int_equal(
        concord_write_result(st, CONCORD_FORMAT_STRM, sink_write, &strm),
        CONCORD_DONE);
    assert_int_equal(concord_reset(st), CONCORD_OK);
    assert_int_equal(
        concord_write_result(st, CONCORD_FORMAT_SSSOM, sink_write, &sssom),
        CONCORD_DONE);
    assert_int_equal(concord_reset(st), CONCORD_OK);

    cq_allocator a = {cq_default_alloc, NULL};
    cq_arena arena;
    cq_arena_init(&arena, &a);
    cq_error err;
    cq_error_init(&err, &a);
    cq_json *root;
    assert_int_equal(
        cq_json_parse(&arena, oscal.data, oscal.len, "o", &root, &err),
        CONCORD_OK);
    const cq_json *mc = cq_json_member(root, "mapping-collection");
    assert_non_null(mc);
    assert_non_null(cq_json_member(mc, "uuid"));
    assert_non_null(cq_json_member(mc, "metadata"));
    assert_non_null(cq_json_member(mc, "provenance"));
    const cq_json *mappings = cq_json_member(mc, "mappings");
    assert_int_equal(mappings->count, 1);
    size_t n_maps = cq_json_member(mappings->child, "maps")->count;
    cq_arena_free(&arena);

    const sink *files[] = {&strm, &sssom, &oscal};
    for (int f = 0; f < 3; f++) {
        cq_mapping_result r;
        cq_mapping_init(&r, &a);
        assert_int_equal(
            cq_mapping_read("x", files[f]->data, files[f]->len, &r, &err),
            CONCORD_OK);
        size_t i = 0;
        int rc;
        while ((rc = concord_step(st)) == CONCORD_ROW) {
            assert_true(i < r.n_rows);
            const cq_mapping_row *w = &r.rows[i++];
            assert_string_equal(w->from, concord_column_text(st, 0));
            assert_string_equal(w->from_title, concord_column_text(st, 1));
            assert_string_equal(w->to, concord_column_text(st, 2));
            assert_string_equal(w->annex, concord_column_text(st, 4));
            assert_string_equal(w->relation, concord_column_text(st, 5));
            assert_string_equal(w->strength, concord_column_text(st, 6));
            assert_string_equal(w->confidence, concord_column_text(st, 7));
            assert_string_equal(w->source, concord_column_text(st, 9));
            assert_string_equal(w->note, concord_column_text(st, 10));
        }
        assert_int_equal(rc, CONCORD_DONE);
        assert_int_equal(i, r.n_rows);
        assert_true(i > 10);
        if (f == 2)
            assert_int_equal(i, n_maps);
        assert_int_equal(concord_reset(st), CONCORD_OK);
        cq_mapping_free(&r);
    }
    cq_error_free(&err);
    free(oscal.data);
    free(strm.data);
    free(sssom.data);

    /* A result that is not of mappings is refused, with the reason. */
    concord_finalize(st);
    assert_int_equal(concord_prepare(db, "standards", -1, &st, NULL),
                     CONCORD_OK);
    sink none = {0};
    assert_int_equal(
        concord_write_result(st, CONCORD_FORMAT_OSCAL, sink_write, &none),
        CONCORD_ERROR);
    assert_non_null(strstr(concord_errmsg(db), "format oscal exports "
                                               "mappings"));
    assert_null(none.data);
    /* and the statement can still be written in another format */
    assert_int_equal(
        concord_write_result(st, CONCORD_FORMAT_TSV, sink_write, &none),
        CONCORD_DONE);
    assert_non_null(none.data);
    free(none.data);
    concord_finalize(st);
    concord_close(db);
}

/* ---- errors
 * ------------------------------------------------------------------ */

#define OSCAL_HEAD                                                             \
    "{\"mapping-collection\": {\"mappings\": [{\n"                             \
    "\"source-resource\": {\"href\": \"#\", \"props\": [{\"name\": "           \
    "\"standard\", \"ns\": \"https://github.com/concord/ns/\", \"value\": "    \
    "\"20000-1\"}]},\n"                                                        \
    "\"target-resource\": {\"href\": \"x/27001.json\"},\n"                     \
    "\"maps\": [\n"
#define OSCAL_TAIL "]}]}}"

static void test_errors_oscal(void **state)
{
    (void)state;
    expect_error("{\"a\": [1,]}",
                 "f:1:10: unexpected ']' after ','; expected a value");
    expect_error("{\"mappings\": []}",
                 "f:1:1: a JSON object without \"mapping-collection\": not "
                 "an OSCAL mapping collection");
    expect_error("{\"mapping-collection\": []}",
                 "f:1:24: at mapping-collection: should be an object, not an "
                 "array");
    expect_error("{\"mapping-collection\": {}}",
                 "f:1:24: at mapping-collection: missing \"mappings\"");
    expect_error(OSCAL_HEAD "{\"sources\": [], \"targets\": []}" OSCAL_TAIL,
                 "f:5:1: at mappings[0].maps[0]: missing \"relationship\"");
    expect_error(OSCAL_HEAD "{\"relationship\": \"related-to\"}" OSCAL_TAIL,
                 "f:5:18: at mappings[0].maps[0]: relationship 'related-to' is "
                 "not one of equal-to, equivalent-to, subset-of, superset-of, "
                 "intersects-with or no-relationship");
    expect_error(OSCAL_HEAD "{\"relationship\": \"equal-to\", \"sources\": "
                            "{}, \"targets\": []}" OSCAL_TAIL,
                 "f:5:41: at mappings[0].maps[0]: \"sources\" should be an "
                 "array, not an object");
    expect_error(OSCAL_HEAD
                 "{\"relationship\": \"equal-to\", \"sources\": "
                 "[{\"id-ref\": \"1\"}], \"targets\": []}" OSCAL_TAIL,
                 "f:5:71: at mappings[0].maps[0]: \"targets\" is empty; a map "
                 "needs at least one");
    expect_error(OSCAL_HEAD
                 "{\"relationship\": \"equal-to\", \"sources\": "
                 "[{\"type\": \"control\"}], \"targets\": [{}]}" OSCAL_TAIL,
                 "f:5:42: at mappings[0].maps[0].sources[0]: missing "
                 "\"id-ref\"");
    expect_error(OSCAL_HEAD
                 "{\"relationship\": \"equal-to\", \"sources\": "
                 "[{\"id-ref\": \"ac_1\"}], \"targets\": [{}]}" OSCAL_TAIL,
                 "f:5:53: at mappings[0].maps[0].sources[0]: id-ref: 'ac_1' "
                 "is not a clause number (letters and digits in parts "
                 "separated by dots, such as 8.5.1 or A.12.1.2)");
    expect_error(OSCAL_HEAD "{\"relationship\": \"equal-to\", \"sources\": "
                            "[{\"id-ref\": \"1\"}], \"targets\": "
                            "[{\"id-ref\": \"2\"}], \"confidence-score\": "
                            "{\"category\": \"sure\"}}" OSCAL_TAIL,
                 "f:5:123: at mappings[0].maps[0]: confidence: 'sure' is not "
                 "high, medium or low");
    expect_error(OSCAL_HEAD "{\"relationship\": \"equal-to\", \"sources\": "
                            "[{\"id-ref\": \"1\"}], \"targets\": "
                            "[{\"id-ref\": \"2\"}], \"confidence-score\": "
                            "{\"percentage\": 2}}" OSCAL_TAIL,
                 "f:5:125: at mappings[0].maps[0]: confidence-score: "
                 "\"percentage\" should be a number from 0 to 1");
    expect_error(OSCAL_HEAD "{\"relationship\": \"equal-to\", \"sources\": "
                            "[{\"id-ref\": \"1\"}], \"targets\": "
                            "[{\"id-ref\": \"2\"}], \"props\": [{\"name\": "
                            "\"strength\", \"ns\": "
                            "\"https://github.com/concord/ns/\", \"value\": "
                            "\"11\"}]}" OSCAL_TAIL,
                 "f:5:170: at mappings[0].maps[0]: strength: '11' is not an "
                 "integer from 0 to 10");
    expect_error(OSCAL_HEAD "{\"relationship\": \"equal-to\", \"sources\": "
                            "[{\"id-ref\": \"1\"}], \"targets\": "
                            "[{\"id-ref\": \"2\"}], \"props\": [{\"name\": "
                            "\"annex\", \"ns\": "
                            "\"https://github.com/concord/ns/\", \"value\": "
                            "\"Annex B\"}]}" OSCAL_TAIL,
                 "f:5:167: at mappings[0].maps[0]: annex: invalid label "
                 "'Annex B'; a label cannot contain spaces");
    expect_error(OSCAL_HEAD "{\"relationship\": \"equal-to\", \"sources\": "
                            "[{\"id-ref\": \"1\"}], \"targets\": "
                            "[{\"id-ref\": \"2\"}], \"remarks\": 3}" OSCAL_TAIL,
                 "f:5:101: at mappings[0].maps[0]: \"remarks\" should be a "
                 "string, not a number");
    expect_error("{\"mapping-collection\": {\"mappings\": [{"
                 "\"source-resource\": {\"href\": \"#nowhere\"}, "
                 "\"target-resource\": {}, \"maps\": []}]}}",
                 "f:1:58: at mappings[0].source-resource: cannot tell which "
                 "standard this resource is; give it the prop {\"name\": "
                 "\"standard\", \"ns\": \"" CQ_NS_DEFAULT "\", "
                 "\"value\": \"27001\"}");
    expect_error(
        "{\"mapping-collection\": {\"mappings\": [{"
        "\"source-resource\": {\"href\": \"a.json\"}, "
        "\"target-resource\": {\"href\": \"b.json\"}, \"maps\": []}]}}",
        "f:1:125: at mappings[0]: \"maps\" is empty; a mapping needs "
        "at least one map");
}

#define STRM_HEAD                                                              \
    "Focal Document Element,Relationship,Reference Document Element,"          \
    "Strength of Relationship,Rationale,Comments,Reference Document\n"

static void test_errors_strm(void **state)
{
    (void)state;
    expect_error("Focal Document Element,Relationship\n",
                 "f:1:1: header: a STRM file needs the columns Focal Document "
                 "Element, Relationship and Reference Document Element; this "
                 "one has no Reference Document Element");
    expect_error("Focal Document Element,Notes,Comments\n",
                 "f:1:30: header: the column Comments appears twice");
    expect_error(STRM_HEAD "a:1,equal,b:2,,\n",
                 "f:2:1: expected 7 fields, as the header has, found 5");
    expect_error(STRM_HEAD "a:1,same as,b:2,,,,\n",
                 "f:2:5: Relationship: 'same as' is not one of equal, subset "
                 "of, superset of, intersects with or not related to");
    expect_error(STRM_HEAD "a:1,equal,b:2,high,,,\n",
                 "f:2:15: strength: 'high' is not an integer from 0 to 10");
    expect_error(STRM_HEAD "a:1,equal,b:2,,lexical,,\n",
                 "f:2:16: Rationale: 'lexical' is not syntactic, semantic or "
                 "functional");
    expect_error(STRM_HEAD "8.5.1,equal,b:2,,,,\n",
                 "f:2:1: Focal Document Element: '8.5.1' names no standard; "
                 "write it as STANDARD:8.5.1");
    expect_error(STRM_HEAD "a:1,equal,b:2,,,\"open,\n",
                 "f:2:17: quoted field without its closing '\"'");
    expect_error(STRM_HEAD "a:1,equal,b:2,,,\"x\"y,\n",
                 "f:2:20: unexpected text after a closing quote; a quoted "
                 "field ends with '\"' and then the separator or the end of "
                 "the line");
    expect_error(STRM_HEAD "a:1,not related to,,,,,\n",
                 "f:2:5: a 'not related to' row needs the Reference Document "
                 "it looked in (a Reference Document column, or the standard "
                 "in Reference Document Element)");
    expect_error(STRM_HEAD "a:1,equal,b:2,,,caf\xe9,\n",
                 "f:2:17: Comments: invalid UTF-8 byte 0xe9");
    expect_error(STRM_HEAD "a:1,equal,b:2,,,x\x01y,\n",
                 "f:2:17: Comments: control character 0x01 not allowed");
    expect_error(STRM_HEAD "a:1,equal,b:2,,,annex: A B; note: x,\n",
                 "f:2:17: annex: invalid label 'A B'; a label cannot contain "
                 "spaces");
    expect_error(STRM_HEAD "a:1,equal,b:2,,,confidence: sure,\n",
                 "f:2:17: confidence: 'sure' is not high, medium or low");
    expect_error(STRM_HEAD "a b:1,equal,b:2,,,,\n",
                 "f:2:1: Focal Document Element: 'a b' is not a standard id "
                 "(a letter or digit, then letters, digits, '-' or '_', and "
                 "an optional @edition, such as 27001 or 27001@2022)");
}

#define SSSOM_HEAD                                                             \
    "#curie_map:\n#  a: https://github.com/concord/ns/std/a/\n"                \
    "#  b: https://example.org/b/\n"                                           \
    "subject_id\tpredicate_id\tobject_id\tmapping_justification\t"             \
    "predicate_modifier\tconfidence\tobject_source\n"

static void test_errors_sssom(void **state)
{
    (void)state;
    expect_error("#curie_map:\n#  a: x\n",
                 "f:3:1: the metadata block is not followed by the header "
                 "line (subject_id, predicate_id, object_id, ...)");
    expect_error("#curie_map: {a: x}\nsubject_id\n",
                 "f:1:13: metadata: curie_map written on one line is not "
                 "supported here; write one entry a line below it");
    expect_error("#curie_map:\n#  a x\nsubject_id\n",
                 "f:2:4: metadata: expected 'key: value'");
    expect_error("#- x\nsubject_id\n",
                 "f:1:2: metadata: a list where a key was expected");
    expect_error("#curie_map:\n#  a: \"x\n",
                 "f:2:7: metadata: a quoted value without its closing \"");
    expect_error("#curie_map:\n#  a: &x y\n",
                 "f:2:7: metadata: this YAML form ('&...') is not supported "
                 "here; write one value a line");
    expect_error("#x: y\nsubject_id\tpredicate_id\tobject_id\n",
                 "f:2:1: header: SSSOM needs the columns subject_id, "
                 "predicate_id, object_id and mapping_justification; this one "
                 "has no mapping_justification");
    expect_error(SSSOM_HEAD "a:1\tskos:exactMatch\tc:2\tsemapv:X\t\t\t\n",
                 "f:5:21: object_id: the prefix 'c' is not declared in the "
                 "curie_map");
    expect_error(SSSOM_HEAD "a1\tskos:exactMatch\tb:2\tsemapv:X\t\t\t\n",
                 "f:5:1: subject_id: 'a1' is not a CURIE (prefix:identifier)");
    expect_error(SSSOM_HEAD "a:1\towl:sameAs\tb:2\tsemapv:X\t\t\t\n",
                 "f:5:5: predicate_id: 'owl:sameAs' is not one of "
                 "skos:exactMatch, skos:closeMatch, skos:broadMatch, "
                 "skos:narrowMatch or skos:relatedMatch");
    expect_error(SSSOM_HEAD "a:1\tskos:exactMatch\tb:2\tsemapv:X\tNot\t\t\n",
                 "f:5:34: predicate_modifier Not with skos:exactMatch says "
                 "only that they do not match that way; concord can take Not "
                 "only with skos:relatedMatch (not related at all)");
    expect_error(SSSOM_HEAD "a:1\tskos:exactMatch\tb:2\tsemapv:X\tNo\t\t\n",
                 "f:5:34: predicate_modifier: 'No' is not Not (the only "
                 "modifier SSSOM defines)");
    expect_error(SSSOM_HEAD "a:1\tskos:exactMatch\tb:2\tsemapv:X\t\t1.5\t\n",
                 "f:5:35: confidence: '1.5' is not a number from 0 to 1");
    expect_error(SSSOM_HEAD "a:1\tskos:exactMatch\tsssom:NoTermFound\t"
                            "semapv:X\t\t\t\n",
                 "f:5:50: object_source: empty; an object_id of "
                 "sssom:NoTermFound needs the standard it was not found in");
    expect_error(SSSOM_HEAD "a:1\tskos:exactMatch\tsssom:NoTermFound\t"
                            "semapv:X\t\t\tx:y z\n",
                 "f:5:50: object_source: cannot tell which standard 'x:y z' "
                 "is; write concord:std/ID, with concord: " CQ_NS_DEFAULT
                 " in the curie_map");
    expect_error(SSSOM_HEAD "a:1\tskos:exactMatch\tb:2\n",
                 "f:5:1: expected 7 fields, as the header has, found 3");
    expect_error(SSSOM_HEAD "a:1\tskos:exactMatch\tb:x-2\tsemapv:X\t\t\t\n",
                 "f:5:21: object_id: 'x-2' is not a clause number (letters "
                 "and digits in parts separated by dots, such as 8.5.1 or "
                 "A.12.1.2)");
}

static void test_errors_other(void **state)
{
    (void)state;
    expect_error("from\tto\n1\t2\n",
                 "f:1:1: not a mapping file concord can import: expected "
                 "OSCAL mapping-collection JSON (an object with "
                 "\"mapping-collection\"), an OLIR/STRM CSV (a header with "
                 "Focal Document Element, Relationship and Reference Document "
                 "Element) or SSSOM/TSV (a '#' metadata block, then a header "
                 "with subject_id, predicate_id and object_id)");
    expect_error("", "f:1:1: not a mapping file concord can import: expected "
                     "OSCAL mapping-collection JSON (an object with "
                     "\"mapping-collection\"), an OLIR/STRM CSV (a header "
                     "with Focal Document Element, Relationship and "
                     "Reference Document Element) or SSSOM/TSV (a '#' "
                     "metadata block, then a header with subject_id, "
                     "predicate_id and object_id)");
    char deep[600];
    memset(deep, '[', sizeof deep - 1);
    deep[0] = '{';
    deep[sizeof deep - 1] = '\0';
    char want[120];
    snprintf(want, sizeof want,
             "f:1:%d: nesting deeper than %d arrays and objects",
             CQ_JSON_MAX_DEPTH + 1, CQ_JSON_MAX_DEPTH);
    deep[1] = '"';
    deep[2] = '"';
    deep[3] = ':';
    snprintf(want, sizeof want,
             "f:1:%d: nesting deeper than %d arrays and objects",
             CQ_JSON_MAX_DEPTH + 4, CQ_JSON_MAX_DEPTH);
    expect_error_code(deep, CONCORD_TOOBIG, want);
}

/* A second import replaces the rows of the first; bad arguments are
** misuse. */
static void test_reuse_and_misuse(void **state)
{
    (void)state;
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_mapping_result r;
    cq_mapping_init(&r, &a);
    cq_error err;
    cq_error_init(&err, &a);
    const char *one = STRM_HEAD "a:1,equal,b:2,,,,\n";
    const char *two = STRM_HEAD "a:1,equal,b:2,,,,\nc:1,subset,d:2,,,,\n";
    assert_int_equal(cq_mapping_read("f", two, strlen(two), &r, &err),
                     CONCORD_OK);
    assert_int_equal(r.n_rows, 2);
    assert_int_equal(r.rows[1].line, 3);
    assert_int_equal(r.rows[1].column, 1);
    assert_int_equal(cq_mapping_read("f", one, strlen(one), &r, &err),
                     CONCORD_OK);
    assert_int_equal(r.n_rows, 1);
    assert_int_equal(cq_mapping_read(NULL, one, 1, &r, &err), CONCORD_MISUSE);
    assert_int_equal(cq_mapping_read("f", NULL, 1, &r, &err), CONCORD_MISUSE);
    assert_int_equal(cq_mapping_read("f", one, 1, NULL, &err), CONCORD_MISUSE);
    cq_mapping_free(&r);
    cq_mapping_free(&r); /* twice is fine */
    cq_error_free(&err);
    assert_int_equal(ta.live, 0);
}

/* Every allocation failing in turn, for every format: NOMEM, no rows,
** nothing leaked. */
static void test_alloc_failures(void **state)
{
    (void)state;
    talloc tt;
    cq_allocator ta = talloc_make(&tt, 0);
    cq_table t;
    make_trip(&t, &ta);
    static const int formats[] = {CONCORD_FORMAT_OSCAL, CONCORD_FORMAT_STRM,
                                  CONCORD_FORMAT_SSSOM};
    for (int f = 0; f < 3; f++) {
        sink s = {0};
        cq_error err;
        cq_error_init(&err, &ta);
        assert_int_equal(
            cq_output_write_err(&t, 0, formats[f], sink_write, &s, &ta, &err),
            CONCORD_OK);
        cq_error_free(&err);
        for (long fail = 1;; fail++) {
            talloc tw;
            cq_allocator a = talloc_make(&tw, fail);
            cq_mapping_result r;
            cq_mapping_init(&r, &a);
            cq_error_init(&err, &a);
            int rc = cq_mapping_read("x", s.data, s.len, &r, &err);
            size_t n = r.n_rows;
            cq_mapping_free(&r);
            cq_error_free(&err);
            assert_int_equal(tw.live, 0);
            if (!tw.failed) {
                assert_int_equal(rc, CONCORD_OK);
                assert_int_equal(n, N_TRIP);
                break;
            }
            assert_int_equal(rc, CONCORD_NOMEM);
            assert_int_equal(n, 0);
        }
        free(s.data);
    }
    cq_table_free(&t);
    assert_int_equal(tt.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oscal_foreign),
        cmocka_unit_test(test_strm_foreign),
        cmocka_unit_test(test_sssom_foreign),
        cmocka_unit_test(test_round_trips),
        cmocka_unit_test(test_correlate_round_trip),
        cmocka_unit_test(test_errors_oscal),
        cmocka_unit_test(test_errors_strm),
        cmocka_unit_test(test_errors_sssom),
        cmocka_unit_test(test_errors_other),
        cmocka_unit_test(test_reuse_and_misuse),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
