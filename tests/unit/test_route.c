/*
** test_route.c -- the kinds of edges and the composition of correlations
** along a chain (route.h): every pair of relations and of kinds checked
** against tables written out here by hand, the kind an edge gets from its
** row or its annex, and that kinds survive a compiled image.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "concord.h"
#include "corpus.h"
#include "graph.h"
#include "image.h"
#include "route.h"
#include "test_image_buf.h"
#include "unit.h"
#include "unit_graph.h"

static const cq_allocator sys_alloc = {cq_default_alloc, NULL};

/* ---- the composition table ------------------------------------------------
 */

enum { EQ, EV, SB, SP, IN, NO };

/* relation of a then b, rows a, columns b, in enum cq_relation order:
** equal, equivalent, subset, superset, intersects, none -- the table of
** docs/language.md, written out, not computed. */
static const int relation_table[6][6] = {
    /* equal      */ {EQ, EV, SB, SP, IN, NO},
    /* equivalent */ {EQ, EV, SB, SP, IN, NO},
    /* subset     */ {SB, SB, SB, IN, IN, NO},
    /* superset   */ {SP, SP, IN, SP, IN, NO},
    /* intersects */ {IN, IN, IN, IN, IN, NO},
    /* none       */ {NO, NO, NO, NO, NO, NO},
};

enum { CO = CQ_KIND_CONTENT, ST = CQ_KIND_STRUCTURE, TR = CQ_KIND_TRANSITION };

/* kind of a then b, in enum cq_edge_kind order: content, structure,
** transition. */
static const int kind_table[3][3] = {
    /* content    */ {CO, ST, CO},
    /* structure  */ {ST, ST, ST},
    /* transition */ {CO, ST, TR},
};

static void test_relation_table(void **state)
{
    (void)state;
    for (int a = 0; a < CQ_REL_COUNT; a++)
        for (int b = 0; b < CQ_REL_COUNT; b++)
            if (cq_relation_compose(a, b) != relation_table[a][b])
                fail_msg("%s then %s: got %s, want %s", cq_relation_name(a),
                         cq_relation_name(b),
                         cq_relation_name(cq_relation_compose(a, b)),
                         cq_relation_name(relation_table[a][b]));
}

static void test_kind_table(void **state)
{
    (void)state;
    for (int a = 0; a < CQ_KIND_COUNT; a++)
        for (int b = 0; b < CQ_KIND_COUNT; b++)
            assert_int_equal(cq_kind_compose(a, b), kind_table[a][b]);
}

/* Every pair of (relation, kind) hops, with strengths and confidences that
** differ: the chain takes the tables' relation and kind, the weakest
** strength and confidence, and through a structure edge claims at most
** intersects of strength CQ_STRUCTURE_STRENGTH_CAP. */
static void test_link_every_pair(void **state)
{
    (void)state;
    int checked = 0;
    for (int ra = 0; ra < CQ_REL_COUNT; ra++)
        for (int ka = 0; ka < CQ_KIND_COUNT; ka++)
            for (int rb = 0; rb < CQ_REL_COUNT; rb++)
                for (int kb = 0; kb < CQ_KIND_COUNT; kb++) {
                    cq_link a = {ra, ka, 9, CQ_CONF_HIGH};
                    cq_link b = {rb, kb, 7, CQ_CONF_MEDIUM};
                    cq_link c = cq_link_compose(a, b);
                    int kind = kind_table[ka][kb];
                    int rel = relation_table[ra][rb];
                    int strength = 7;
                    if (kind == ST) {
                        if (rel != NO)
                            rel = IN;
                        strength = CQ_STRUCTURE_STRENGTH_CAP;
                    }
                    assert_int_equal(c.kind, kind);
                    assert_int_equal(c.relation, rel);
                    assert_int_equal(c.strength, strength);
                    assert_int_equal(c.confidence, CQ_CONF_MEDIUM);
                    /* the order of the weakest link does not matter */
                    cq_link d =
                        cq_link_compose((cq_link){ra, ka, 2, CQ_CONF_LOW}, b);
                    assert_int_equal(d.strength, 2);
                    assert_int_equal(d.confidence, CQ_CONF_LOW);
                    checked++;
                }
    assert_int_equal(checked, 6 * 3 * 6 * 3);
}

/* Below the cap a structure chain keeps its weakest strength. */
static void test_structure_cap_keeps_lower(void **state)
{
    (void)state;
    cq_link c = cq_link_compose((cq_link){EQ, ST, 1, CQ_CONF_MEDIUM},
                                (cq_link){EQ, CO, 9, CQ_CONF_HIGH});
    assert_int_equal(c.strength, 1);
    assert_int_equal(c.relation, IN);
}

/* ---- the kind of an edge ----------------------------------------------------
 */

/* The rule that keeps one route of a pair. */
static void test_stronger(void **state)
{
    (void)state;
    cq_link a = {IN, CO, 6, CQ_CONF_LOW}, b = {IN, CO, 5, CQ_CONF_HIGH};
    assert_true(cq_link_stronger(a, b)); /* strength first */
    b.strength = 6;
    assert_true(cq_link_stronger(b, a)); /* then confidence */
    cq_link c = {IN, TR, 6, CQ_CONF_HIGH}, d = {IN, ST, 6, CQ_CONF_HIGH};
    assert_true(cq_link_stronger(b, c));  /* then content, transition, */
    assert_true(cq_link_stronger(c, d));  /* structure */
    assert_false(cq_link_stronger(b, b)); /* equal: neither */
}

static void test_kind_of_annex(void **state)
{
    (void)state;
    assert_int_equal(cq_kind_of_annex("HLS"), ST);
    assert_int_equal(cq_kind_of_annex("S"), ST);
    assert_int_equal(cq_kind_of_annex("T"), TR);
    assert_int_equal(cq_kind_of_annex("TC"), TR);
    assert_int_equal(cq_kind_of_annex("B"), CO);
    assert_int_equal(cq_kind_of_annex("C"), CO);
    assert_int_equal(cq_kind_of_annex("acme"), CO);
    assert_int_equal(cq_kind_of_annex("hls"), CO); /* labels are exact */
    assert_string_equal(cq_kind_name(ST), "structure");
    assert_int_equal(cq_kind_from_name("transition", 10), TR);
    assert_int_equal(cq_kind_from_name("struct", 6), -1);
    assert_null(cq_kind_name(CQ_KIND_COUNT));
}

static cq_graph *load(const char *name)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/%s", unit_data_dir(), name);
    return unit_load_graph(dir);
}

/* The kind of the edge from key `from` to key `to` in annex `annex`. */
static int kind_between(const cq_graph *g, const char *from, const char *to,
                        const char *annex)
{
    cq_id f = cq_graph_find_clause(g, from, strlen(from));
    cq_id t = cq_graph_find_clause(g, to, strlen(to));
    assert_int_not_equal(f, CQ_NONE);
    for (uint32_t e = g->out_start[f]; e < g->out_start[f + 1]; e++)
        if (g->edges[e].to == t &&
            strcmp(cq_graph_str(g, g->edges[e].annex), annex) == 0)
            return cq_edge_kind_of(g, &g->edges[e]);
    fail_msg("no edge %s -> %s in annex %s", from, to, annex);
    return -1;
}

/* tests/data/kind: the corpus of tests/data/good with a kind column, some
** cells empty (the annex decides), some given (they decide). */
static void check_kinds(const cq_graph *g)
{
    assert_int_equal(kind_between(g, "20000-1:8.5.1", "9001:8.1", "B"), ST);
    assert_int_equal(kind_between(g, "20000-1:8", "9001:8", "B"), TR);
    assert_int_equal(kind_between(g, "20000-1:8", "27001:8", "C"), CO);
    assert_int_equal(kind_between(g, "20000-1:8.5", "27001:A.12", "X"), CO);
    assert_int_equal(kind_between(g, "20000-1:8.5", "9001:8", "T"), TR);
    assert_int_equal(kind_between(g, "20000-1:8.5.1", "27001:8", "HLS"), ST);
}

static void test_kind_column(void **state)
{
    (void)state;
    cq_graph *g = load("kind");
    check_kinds(g);
    cq_graph_free(g);
}

/* Without the column every edge is as its annex says. */
static void test_no_kind_column(void **state)
{
    (void)state;
    cq_graph *g = load("good");
    assert_int_equal(kind_between(g, "20000-1:8.5.1", "9001:8.1", "B"), CO);
    for (uint32_t e = 0; e < g->n_edges; e++)
        assert_int_equal(cq_edge_kind_of(g, &g->edges[e]),
                         cq_kind_of_annex(cq_graph_str(g, g->edges[e].annex)));
    cq_graph_free(g);
}

/* The kinds a row gave are kept by a compiled image; a kind byte out of
** range is refused when the image is opened. */
static void test_kinds_in_image(void **state)
{
    (void)state;
    cq_graph *g = load("kind");
    image im = {NULL, 0, 0};
    cq_error err;
    cq_error_init(&err, &sys_alloc);
    assert_int_equal(cq_image_write(g, image_append, &im, &err), CONCORD_OK);
    cq_graph *opened = NULL;
    assert_int_equal(cq_image_open_memory(im.data, im.len, "kind.img", 0,
                                          &sys_alloc, &opened, &err),
                     CONCORD_OK);
    check_kinds(opened);
    /* a bad kind byte: the graph's section is the image's bytes */
    size_t at = (size_t)((const unsigned char *)opened->edge_kinds - im.data);
    cq_graph_free(opened);
    im.data[at] = CQ_KIND_COUNT;
    opened = NULL;
    int rc = cq_image_open_memory(im.data, im.len, "kind.img",
                                  CQ_IMAGE_BUILTIN | CQ_IMAGE_FULL, &sys_alloc,
                                  &opened, &err);
    assert_int_equal(rc, CONCORD_CORRUPT);
    assert_null(opened);
    assert_non_null(strstr(cq_error_message(&err), "kind"));
    cq_error_free(&err);
    free(im.data);
    cq_graph_free(g);
}

/* A kind that is not one of the three is a located problem of the row. */
static void test_bad_kind_value(void **state)
{
    (void)state;
    char dir[512];
    snprintf(dir, sizeof dir, "%s/bad-kind", unit_data_dir());
    cq_error err;
    cq_error_init(&err, &sys_alloc);
    cq_graph *g = NULL;
    assert_int_equal(cq_corpus_load_dir(dir, &sys_alloc, &g, &err),
                     CONCORD_CORRUPT);
    assert_null(g);
    const char *msg = cq_error_message(&err);
    assert_non_null(strstr(msg, "edges.tsv:3:"));
    assert_non_null(strstr(msg, "kind"));
    assert_non_null(strstr(msg, "structural"));
    cq_error_free(&err);
}

/* ---- routes and notes through the public API -------------------------------
 */

/* The first row's first column of text run on db, into out; or "error:
** MESSAGE" when it fails. */
static void first_cell(concord_db *db, const char *text, char *out, size_t size,
                       const char **note)
{
    concord_stmt *stmt = NULL;
    int rc = concord_prepare(db, text, -1, &stmt, NULL);
    if (rc == CONCORD_OK)
        rc = concord_step(stmt);
    if (rc == CONCORD_ROW)
        snprintf(out, size, "%s", concord_column_text(stmt, 0));
    else if (rc == CONCORD_DONE)
        snprintf(out, size, "(no row)");
    else
        snprintf(out, size, "error: %s", concord_errmsg(db));
    static char kept[512];
    const char *n = stmt ? concord_note(stmt) : NULL;
    snprintf(kept, sizeof kept, "%s", n ? n : "");
    if (note)
        *note = n ? kept : NULL;
    concord_finalize(stmt);
}

/* A handle on tests/data/good, which links 9001 and 27001 by no edge. */
static concord_db *open_good(void)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/good", unit_data_dir());
    concord_options options;
    concord_options_init(&options);
    options.corpus_dir = dir;
    concord_db *good = NULL;
    assert_int_equal(concord_open_v2(&good, &options), CONCORD_OK);
    return good;
}

static void test_notes(void **state)
{
    (void)state;
    concord_db *db = NULL;
    assert_int_equal(concord_open(&db), CONCORD_OK);
    char cell[256];
    const char *note;
    /* bridged through the edition: said, and answered */
    first_cell(db, "coverage of 20000-1 by 27001@2022 | select covered", cell,
               sizeof cell, &note);
    assert_string_equal(cell, "73");
    assert_non_null(note);
    assert_string_equal(note, "20000-1 and 27001@2022: answered by their own "
                              "edges and through the edition 27001 and the "
                              "transition edges (as with via 27001)");
    /* linked: nothing said */
    first_cell(db, "coverage of 20000-1 by 27001 | select covered", cell,
               sizeof cell, &note);
    assert_string_equal(cell, "73");
    assert_null(note);
    /* unlinked, no edition (tests/data/good links 9001 and 27001 by no
    ** edge): where a route could go */
    concord_db *good = open_good();
    first_cell(good, "gap 9001 against 27001 | count", cell, sizeof cell,
               &note);
    assert_string_equal(cell, "2");
    assert_string_equal(note, "no edge links 9001 and 27001; try via "
                              "20000-1, or via any");
    concord_close(good);
    /* once per statement, however often the sets meet */
    first_cell(db, "gap between 20000-1 and 27001@2022 | count", cell,
               sizeof cell, &note);
    assert_non_null(note);
    /* a line for each direction gap between asks, neither said twice */
    const char *nl = strchr(note, '\n');
    assert_non_null(nl);
    assert_null(strchr(nl + 1, '\n'));
    assert_true(strncmp(note, nl + 1, (size_t)(nl - note)) != 0);
    /* a reset statement has said nothing yet */
    concord_stmt *stmt = NULL;
    assert_int_equal(
        concord_prepare(db, "gap 20000-1 against 27001@2022", -1, &stmt, NULL),
        CONCORD_OK);
    assert_non_null(concord_note(stmt));
    assert_int_equal(concord_reset(stmt), CONCORD_OK);
    assert_non_null(concord_note(stmt)); /* runs it again */
    assert_null(concord_note(NULL));
    concord_finalize(stmt);
    concord_close(db);
}

/* The note is worded when it is read (reach.h): after the last row, twice,
** for each run's own bindings, and not at all when the sets are linked. */
static void test_note_later(void **state)
{
    (void)state;
    concord_db *good = open_good();
    concord_stmt *stmt = NULL;
    assert_int_equal(
        concord_prepare(good, "gap $a against $b | count", -1, &stmt, NULL),
        CONCORD_OK);
    static const char *const unlinked =
        "no edge links 9001 and 27001; try via 20000-1, or via any";
    /* read after the last row: the words of the run, not made before */
    assert_int_equal(concord_bind_text(stmt, 1, "9001", -1), CONCORD_OK);
    assert_int_equal(concord_bind_text(stmt, 2, "27001", -1), CONCORD_OK);
    while (concord_step(stmt) == CONCORD_ROW)
        ;
    const char *first = concord_note(stmt);
    assert_non_null(first);
    assert_string_equal(first, unlinked);
    /* read twice: the same words, worded once */
    assert_ptr_equal(concord_note(stmt), first);
    /* the next run's bindings, in a parameter's label */
    assert_int_equal(concord_reset(stmt), CONCORD_OK);
    assert_int_equal(concord_bind_text(stmt, 1, "9001:8.*", -1), CONCORD_OK);
    while (concord_step(stmt) == CONCORD_ROW)
        ;
    assert_string_equal(concord_note(stmt), "no edge links 9001:8.* and "
                                            "27001; try via 20000-1, or "
                                            "via any");
    /* asked before a step: the run is made, and its rows still come */
    assert_int_equal(concord_reset(stmt), CONCORD_OK);
    assert_int_equal(concord_bind_text(stmt, 1, "9001", -1), CONCORD_OK);
    assert_string_equal(concord_note(stmt), unlinked);
    assert_int_equal(concord_step(stmt), CONCORD_ROW);
    assert_string_equal(concord_note(stmt), unlinked);
    /* linked: nothing to word */
    assert_int_equal(concord_reset(stmt), CONCORD_OK);
    assert_int_equal(concord_bind_text(stmt, 1, "20000-1", -1), CONCORD_OK);
    while (concord_step(stmt) == CONCORD_ROW)
        ;
    assert_null(concord_note(stmt));
    concord_finalize(stmt);
    concord_close(good);
}

/* Every error of a route is located and says what was expected. */
static void test_route_errors(void **state)
{
    (void)state;
    concord_db *db = NULL;
    assert_int_equal(concord_open(&db), CONCORD_OK);
    char cell[512];
    first_cell(db, "gap 9001 against 27001 via any max 9", cell, sizeof cell,
               NULL);
    assert_string_equal(cell,
                        "error: 1:36: via any max 9 is outside 1 to 4 hops");
    first_cell(db, "coverage of 9001 by 27001 via any max 0", cell, sizeof cell,
               NULL);
    assert_string_equal(cell,
                        "error: 1:39: via any max 0 is outside 1 to 4 hops");
    first_cell(db, "gap 9001 against 27001 with stren >= 4", cell, sizeof cell,
               NULL);
    assert_non_null(strstr(cell, "1:29: unknown field 'stren'; did you mean "
                                 "'strength'?"));
    first_cell(db, "gap 9001 against 27001 with kind = structural", cell,
               sizeof cell, NULL);
    assert_non_null(strstr(cell, "unknown kind 'structural'"));
    first_cell(db, "gap 9001 against 27001 with title ~ \"x\"", cell,
               sizeof cell, NULL);
    assert_non_null(strstr(cell, "unknown field 'title'"));
    first_cell(db,
               "gap 9001 against 27001 via 20000-1 then hls then 22301 then "
               "55001",
               cell, sizeof cell, NULL);
    assert_string_equal(cell, "error: 1:24: a route takes at most 3 pivots "
                              "(via A then B then C), not 4");
    first_cell(db, "gap 9001 against 27001 via 2000-1", cell, sizeof cell,
               NULL);
    assert_non_null(strstr(cell, "1:28: unknown standard 2000-1"));
    /* correlate takes the same routes, and the same errors */
    first_cell(db, "correlate 9001 with 27001 via any max 5", cell, sizeof cell,
               NULL);
    assert_string_equal(cell,
                        "error: 1:39: via any max 5 is outside 1 to 4 hops");
    first_cell(db,
               "correlate 9001 with 27001 via hls then 22301 then 55001 then "
               "20000-1",
               cell, sizeof cell, NULL);
    assert_string_equal(cell, "error: 1:27: a route takes at most 3 pivots "
                              "(via A then B then C), not 4");
    first_cell(db,
               "correlate 9001:8.5.6 with 27001@2022 via 20000-1 then 27001 "
               "where best = yes | count",
               cell, sizeof cell, NULL);
    assert_string_equal(cell, "3");
    /* a $parameter max out of range is found when it runs */
    concord_stmt *stmt = NULL;
    assert_int_equal(concord_prepare(db,
                                     "coverage of 9001 by 27001 via any max $n",
                                     -1, &stmt, NULL),
                     CONCORD_OK);
    assert_int_equal(concord_bind_int(stmt, 1, 7), CONCORD_OK);
    assert_int_equal(concord_step(stmt), CONCORD_ERROR);
    assert_string_equal(concord_errmsg(db),
                        "1:39: via any max 7 is outside 1 to 4 hops");
    assert_int_equal(concord_reset(stmt), CONCORD_OK);
    assert_int_equal(concord_bind_int(stmt, 1, 2), CONCORD_OK);
    assert_int_equal(concord_step(stmt), CONCORD_ROW);
    concord_finalize(stmt);
    concord_close(db);
}

/* path and integrate take the routes, and say what is wrong with one. */
static void test_path_integrate_route_errors(void **state)
{
    (void)state;
    concord_db *db = NULL;
    assert_int_equal(concord_open(&db), CONCORD_OK);
    char cell[512];
    first_cell(db, "path 9001:6.3 to 27001:A.14.2.2 max 3 via 22301", cell,
               sizeof cell, NULL);
    assert_string_equal(cell, "error: 1:37: path ... via SETS takes no max: it "
                              "goes through one clause of each pivot set, in "
                              "turn");
    first_cell(db, "path 9001:6.3 to 27001:A.14.2.2 max 3 via any max 2", cell,
               sizeof cell, NULL);
    assert_string_equal(cell, "error: 1:51: path takes one max: write max N "
                              "or via any max N, not both");
    first_cell(db, "path 9001:6.3 to 27001:A.14.2.2 via any max 7", cell,
               sizeof cell, NULL);
    assert_string_equal(cell,
                        "error: 1:45: via any max 7 is outside 1 to 4 hops");
    first_cell(db, "path 9001:6.3 to 27001:A.14.2.2 via 22301", cell,
               sizeof cell, NULL);
    assert_string_equal(cell, "error: 1:1: no path from 9001:6.3 to "
                              "27001:A.14.2.2 via 22301");
    first_cell(db, "path 9001:6.3 to 27001:A.14.2.2 via hls then 22301", cell,
               sizeof cell, NULL);
    assert_string_equal(cell, "error: 1:1: no path from 9001:6.3 to "
                              "27001:A.14.2.2 via hls then 22301");
    first_cell(db, "path 9001:6.3 to 27001:A.14.2.2 with strength >= 7", cell,
               sizeof cell, NULL);
    assert_string_equal(cell, "error: 1:1: no path from 9001:6.3 to "
                              "27001:A.14.2.2 within 4 hops whose every edge "
                              "passes the with condition (allow more with "
                              "max N, up to 8)");
    first_cell(db, "path 9001:6.3 to 27001:A.14.2.2 with stren >= 7", cell,
               sizeof cell, NULL);
    assert_non_null(strstr(cell, "unknown field 'stren'"));
    first_cell(db, "integrate 9001, 27001 via any max 5", cell, sizeof cell,
               NULL);
    assert_string_equal(cell,
                        "error: 1:35: via any max 5 is outside 1 to 4 hops");
    first_cell(db, "integrate 9001, 27001 with kind = structural", cell,
               sizeof cell, NULL);
    assert_non_null(strstr(cell, "unknown kind 'structural'"));
    /* a path's count of shortest paths agrees with the paths listed */
    first_cell(db,
               "path 9001:7.5.1 to 27001:7.5.1 max 2 | where hop = 1 and "
               "routes = 5 | count",
               cell, sizeof cell, NULL);
    assert_string_equal(cell, "5");
    /* `via any max N` is `max N` */
    char with_any[64];
    first_cell(db, "path 9001:6.3 to 27001:A.12.1.2 via any max 3 | count",
               with_any, sizeof with_any, NULL);
    first_cell(db, "path 9001:6.3 to 27001:A.12.1.2 max 3 | count", cell,
               sizeof cell, NULL);
    assert_string_equal(cell, with_any);
    concord_close(db);
}

/* The routes agree with each other: the bridge is `via` the edition, and
** `via any max 2` reaches at least what one pivot does. */
static void test_routes_agree(void **state)
{
    (void)state;
    concord_db *db = NULL;
    assert_int_equal(concord_open(&db), CONCORD_OK);
    char a[64], b[64], c[64];
    first_cell(db, "coverage of 20000-1 by 27001@2022 | select covered", a,
               sizeof a, NULL);
    first_cell(db,
               "coverage of 20000-1 by 27001@2022 via 27001 | select covered",
               b, sizeof b, NULL);
    /* the corpus links the two directly too (annex C22): the answer holds
    ** at least what the bridge alone gives */
    assert_true(atoi(a) >= atoi(b));
    first_cell(db,
               "coverage of 20000-1 by 27001@2022 via any max 2 | select "
               "covered",
               c, sizeof c, NULL);
    assert_true(atoi(c) >= atoi(b));
    /* a chain through hls alone is structure: `with kind = content`
    ** leaves it out */
    first_cell(db,
               "coverage of 9001 by 27001@2022 via hls with kind = content | "
               "select covered",
               c, sizeof c, NULL);
    assert_string_equal(c, "0");
    first_cell(db, "coverage of 9001 by 27001@2022 via hls | select covered", c,
               sizeof c, NULL);
    assert_true(atoi(c) > 0);
    /* `with` thresholds only narrow */
    first_cell(db,
               "coverage of 20000-1 by 27001 with strength >= 6 | select "
               "covered",
               a, sizeof a, NULL);
    first_cell(db,
               "coverage of 20000-1 by 27001 with strength >= 3 | select "
               "covered",
               b, sizeof b, NULL);
    assert_true(atoi(a) <= atoi(b));
    first_cell(db,
               "coverage of 20000-1 by 27001 with strength >= 0 | select "
               "covered",
               c, sizeof c, NULL);
    assert_string_equal(c, "73"); /* every correlation: the direct answer */
    concord_close(db);
}

/* Aggregates and top: what they take, located when they do not. */
static void test_aggregate_errors(void **state)
{
    (void)state;
    concord_db *db = NULL;
    assert_int_equal(concord_open(&db), CONCORD_OK);
    char cell[512];
    first_cell(db, "correlate 20000-1 with 27001 | sum title", cell,
               sizeof cell, NULL);
    assert_non_null(strstr(cell, "error: 1:36: no column 'title'; the "
                                 "columns are from, from_title"));
    first_cell(db, "correlate 20000-1 with 27001 | avg to", cell, sizeof cell,
               NULL);
    assert_string_equal(cell, "error: 1:36: avg takes a column of numbers, "
                              "and to is not one (max and min take any "
                              "column)");
    first_cell(db, "correlate 20000-1 with 27001 | max stength", cell,
               sizeof cell, NULL);
    assert_non_null(strstr(cell, "did you mean 'strength'?"));
    first_cell(db, "correlate 20000-1 with 27001 | top 1 by strenght", cell,
               sizeof cell, NULL);
    assert_non_null(strstr(cell, "1:41: no column 'strenght'"));
    first_cell(db, "correlate 20000-1 with 27001 | top 1 by strength per frm",
               cell, sizeof cell, NULL);
    assert_non_null(strstr(cell, "no column 'frm'; did you mean 'from'?"));
    /* a bound N below 0 is refused when it runs */
    concord_stmt *stmt = NULL;
    assert_int_equal(concord_prepare(db,
                                     "correlate 20000-1 with 27001 | top $n "
                                     "by strength",
                                     -1, &stmt, NULL),
                     CONCORD_OK);
    assert_int_equal(concord_bind_int(stmt, 1, -1), CONCORD_OK);
    assert_int_equal(concord_step(stmt), CONCORD_ERROR);
    assert_string_equal(concord_errmsg(db), "1:36: top takes a number of "
                                            "rows, 0 or more, not -1");
    assert_int_equal(concord_reset(stmt), CONCORD_OK);
    assert_int_equal(concord_bind_int(stmt, 1, 0), CONCORD_OK);
    assert_int_equal(concord_step(stmt), CONCORD_DONE);
    concord_finalize(stmt);
    /* with terms needs a title to search */
    first_cell(db, "clauses where depth = 2 with terms", cell, sizeof cell,
               NULL);
    assert_string_equal(cell, "error: 1:1: with terms searches titles: it "
                              "needs a where title ~ \"text\" (at the top, "
                              "or in an and)");
    first_cell(db, "clauses where title !~ \"x\" with terms", cell, sizeof cell,
               NULL);
    assert_non_null(strstr(cell, "it needs a where title ~"));
    /* a bound needle works as a written one */
    concord_stmt *terms = NULL;
    assert_int_equal(concord_prepare(db,
                                     "clauses of 9001 where title ~ $t with "
                                     "terms | count",
                                     -1, &terms, NULL),
                     CONCORD_OK);
    assert_int_equal(concord_bind_text(terms, 1, "supplier", -1), CONCORD_OK);
    assert_int_equal(concord_step(terms), CONCORD_ROW);
    assert_string_equal(concord_column_text(terms, 0), "3");
    concord_finalize(terms);
    /* top of no rows is no row */
    first_cell(db, "clauses of 20000-1 where depth > 9 | top 1 by depth", cell,
               sizeof cell, NULL);
    assert_string_equal(cell, "(no row)");
    /* a whole-table aggregate of no rows is one row, count 0, nulls */
    first_cell(db, "clauses of 20000-1 where depth > 9 | max depth", cell,
               sizeof cell, NULL);
    assert_string_equal(cell, "0");
    concord_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_relation_table),
        cmocka_unit_test(test_kind_table),
        cmocka_unit_test(test_link_every_pair),
        cmocka_unit_test(test_structure_cap_keeps_lower),
        cmocka_unit_test(test_stronger),
        cmocka_unit_test(test_kind_of_annex),
        cmocka_unit_test(test_kind_column),
        cmocka_unit_test(test_no_kind_column),
        cmocka_unit_test(test_kinds_in_image),
        cmocka_unit_test(test_bad_kind_value),
        cmocka_unit_test(test_notes),
        cmocka_unit_test(test_note_later),
        cmocka_unit_test(test_route_errors),
        cmocka_unit_test(test_path_integrate_route_errors),
        cmocka_unit_test(test_routes_agree),
        cmocka_unit_test(test_aggregate_errors),
    };
    return cmocka_run_group_tests_name("route", tests, NULL, NULL);
}
