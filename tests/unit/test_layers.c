/*
** test_layers.c -- corpora stacked from layers (cq_corpus_load_layers) and
** handles that take layers (concord_options.layers, concord_import): what
** a layer adds, which edges it replaces, the layer each edge remembers,
** layers kept through a compiled image, every problem a layer can have,
** statements that outlive the corpus they were prepared on, and
** allocation failures at every step.
**
** Run from the repository root; layers go on tests/data/eval (a small
** corpus) and are written to a temporary folder.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "test_alloc.h"

#include "concord.h"
#include "corpus.h"
#include "graph.h"
#include "image.h"
#include "unit.h"

static const cq_allocator sys_alloc = {cq_default_alloc, NULL};

/* ---- a temporary folder ---------------------------------------------------
 */

static char tmp_dir[512];

static int make_tmp(void **state)
{
    (void)state;
    const char *tmp = getenv("TMPDIR");
    snprintf(tmp_dir, sizeof tmp_dir, "%s/concord-layers-XXXXXX",
             tmp && *tmp ? tmp : "/tmp");
    return mkdtemp(tmp_dir) ? 0 : -1;
}

static int remove_tmp(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp_dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* The path of name in the temporary folder (static: one at a time per
** slot). */
static const char *tmp_path(int slot, const char *name)
{
    static char paths[4][600];
    snprintf(paths[slot], sizeof paths[slot], "%s/%s", tmp_dir, name);
    return paths[slot];
}

/* Write text to the file name in the temporary folder (dir: a folder of
** it to make first, or NULL). */
static void put(const char *dir, const char *name, const char *text)
{
    char path[700];
    if (dir != NULL) {
        snprintf(path, sizeof path, "%s/%s", tmp_dir, dir);
        mkdir(path, 0777);
        snprintf(path, sizeof path, "%s/%s/%s", tmp_dir, dir, name);
    } else {
        snprintf(path, sizeof path, "%s/%s", tmp_dir, name);
    }
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* ---- graphs -----------------------------------------------------------------
 */

static const char *eval_dir(void)
{
    static char dir[600];
    snprintf(dir, sizeof dir, "%s/eval", unit_data_dir());
    return dir;
}

/* The eval corpus as a graph, the base of the layers. */
static cq_graph *base_graph(void)
{
    cq_error err;
    cq_error_init(&err, &sys_alloc);
    cq_graph *g = NULL;
    int rc = cq_corpus_load_dir(eval_dir(), &sys_alloc, &g, &err);
    if (rc != CONCORD_OK)
        fail_msg("%s: %s", eval_dir(), cq_error_message(&err));
    cq_error_free(&err);
    return g;
}

/* Stack n paths on base (NULL: paths[0] is the base); msg receives the
** message on failure. */
static int stack(const cq_graph *base, const char *const *paths, int n,
                 cq_graph **out, char *msg, size_t size)
{
    cq_error err;
    cq_error_init(&err, &sys_alloc);
    int rc = cq_corpus_load_layers(base, paths, NULL, n, &sys_alloc, out, &err);
    snprintf(msg, size, "%s", rc == CONCORD_OK ? "" : cq_error_message(&err));
    cq_error_free(&err);
    return rc;
}

/* Stack paths on base, which must work. */
static cq_graph *must_stack(const cq_graph *base, const char *const *paths,
                            int n)
{
    cq_graph *g = NULL;
    char msg[1024];
    if (stack(base, paths, n, &g, msg, sizeof msg) != CONCORD_OK)
        fail_msg("%s", msg);
    return g;
}

/* The edges of g between the clauses a and b (either way round; b a bare
** standard: a's none rows toward it) as "annex:relation:strength:layer"
** lines, in the graph's order. */
static const char *edges_between(const cq_graph *g, const char *a,
                                 const char *b)
{
    static char out[1024];
    out[0] = '\0';
    cq_id x = cq_graph_find_clause(g, a, strlen(a));
    cq_id y = cq_graph_find_clause(g, b, strlen(b));
    cq_id ys = cq_graph_find_standard(g, b, strlen(b));
    assert_true(x != CQ_NONE && (y != CQ_NONE || ys != CQ_NONE));
    for (uint32_t i = 0; i < g->n_edges; i++) {
        const cq_edge *e = &g->edges[i];
        int match =
            y == CQ_NONE
                ? e->from == x && e->to == CQ_NONE && e->to_standard == ys
                : (e->from == x && e->to == y) || (e->from == y && e->to == x);
        if (!match)
            continue;
        size_t at = strlen(out);
        snprintf(out + at, sizeof out - at, "%s:%s:%u:%s\n",
                 cq_graph_str(g, e->annex), cq_relation_name(e->relation),
                 (unsigned)e->strength, cq_graph_str(g, g->layers[e->layer]));
    }
    return out;
}

#define EDGES_HEADER                                                           \
    "from\tto\tannex\trelation\tstrength\tconfidence\tsource\tnote\n"

/* A folder layer "one" on eval: a standard, clauses (one under a clause of
** the layer, one added to a standard below), and edges that replace,
** add beside, and replace a none row. */
static void put_folder_layer(void)
{
    put("one", "standards.tsv",
        "id\ttitle\tyear\trole\tnotes\n"
        "own\tOur controls\t\tcontrols\t\n");
    put("one", "clauses.tsv",
        "standard\tnumber\ttitle\tparent\torigin\tsource\n"
        "own\tC.1.1\tPart\tC.1\tcontrol\t\n"
        "own\tC.1\tControl one\t\tcontrol\t\n"
        "qm\tA.3\tAnnex control three\t\tcontrol\t\n");
    put("one", "edges.tsv",
        EDGES_HEADER
        /* the same two ends, written the other way round: replaces */
        "qm:A.10\tsm:8.9\tC\tequal\t9\thigh\tours\tturned round\n"
        /* another annex: goes beside */
        "sm:4\tqm:4\tOWN\tequal\t9\tlow\tours\t\n"
        /* a correlation where a none row said there is none: replaces it */
        "sm:8.2\tqm:8.5\tB\tintersects\t3\tlow\tours\t\n"
        "own:C.1.1\tsm:8.1\tOWN\tsubset\t7\tmedium\tours\t\n"
        "own:C.1\tqm:A.3\tOWN\tequal\t9\tmedium\tours\t\n");
}

/* ---- what a layer adds and replaces
 * ------------------------------------------ */

static void test_folder_layer(void **state)
{
    (void)state;
    cq_graph *base = base_graph();
    put_folder_layer();
    const char *paths[] = {tmp_path(0, "one")};
    cq_graph *g = must_stack(base, paths, 1);

    assert_int_equal(g->n_layers, 2);
    assert_string_equal(cq_graph_str(g, g->layers[0]), "corpus");
    assert_string_equal(cq_graph_str(g, g->layers[1]), paths[0]);
    assert_int_equal(g->n_standards, base->n_standards + 1);
    assert_int_equal(g->n_clauses, base->n_clauses + 3);
    /* 7 below, 5 in the layer, 2 of those below replaced */
    assert_int_equal(g->n_edges, 10);
    char want[700];
    snprintf(want, sizeof want, "C:equal:9:%s\n", paths[0]);
    assert_string_equal(edges_between(g, "sm:8.9", "qm:A.10"), want);
    snprintf(want, sizeof want, "B:equal:9:corpus\nOWN:equal:9:%s\n", paths[0]);
    assert_string_equal(edges_between(g, "sm:4", "qm:4"), want);
    assert_string_equal(edges_between(g, "sm:8.2", "qm"), "");
    snprintf(want, sizeof want, "B:intersects:3:%s\n", paths[0]);
    assert_string_equal(edges_between(g, "sm:8.2", "qm:8.5"), want);
    /* untouched edges keep their layer */
    assert_string_equal(edges_between(g, "qm:A.2", "sm:8.10"),
                        "C:subset:4:corpus\n");
    /* a layer's clause under its own parent, and one added below */
    cq_id part = cq_graph_find_clause(g, "own:C.1.1", 9);
    assert_int_not_equal(part, CQ_NONE);
    assert_int_equal(g->clauses[part].parent,
                     cq_graph_find_clause(g, "own:C.1", 7));
    assert_int_not_equal(cq_graph_find_clause(g, "qm:A.3", 6), CQ_NONE);

    /* a layer on the graph of layers: names are kept, bottom first */
    put("two", "edges.tsv",
        EDGES_HEADER "sm:4\tqm:4\tOWN\tsubset\t7\tlow\tagain\t\n");
    const char *more[] = {tmp_path(1, "two")};
    cq_graph *g2 = must_stack(g, more, 1);
    assert_int_equal(g2->n_layers, 3);
    assert_string_equal(cq_graph_str(g2, g2->layers[1]), paths[0]);
    snprintf(want, sizeof want, "B:equal:9:corpus\nOWN:subset:7:%s\n", more[0]);
    assert_string_equal(edges_between(g2, "sm:4", "qm:4"), want);
    cq_graph_free(g2);
    cq_graph_free(g);
    cq_graph_free(base);
}

/* Several layers in one call, on a folder base; names given. */
static void test_layers_in_one_call(void **state)
{
    (void)state;
    put_folder_layer();
    put("two", "edges.tsv",
        EDGES_HEADER "qm:4\tsm:4\tB\tsubset\t7\tlow\tagain\t\n");
    const char *paths[] = {eval_dir(), tmp_path(0, "one"), tmp_path(1, "two")};
    const char *names[] = {"base", "first", "second"};
    cq_error err;
    cq_error_init(&err, &sys_alloc);
    cq_graph *g = NULL;
    assert_int_equal(
        cq_corpus_load_layers(NULL, paths, names, 3, &sys_alloc, &g, &err),
        CONCORD_OK);
    assert_int_equal(g->n_layers, 3);
    assert_string_equal(edges_between(g, "sm:4", "qm:4"),
                        "OWN:equal:9:first\nB:subset:7:second\n");
    cq_graph_free(g);
    /* without names the base is "corpus" and the others their paths */
    assert_int_equal(
        cq_corpus_load_layers(NULL, paths, NULL, 3, &sys_alloc, &g, &err),
        CONCORD_OK);
    assert_string_equal(cq_graph_str(g, g->layers[0]), "corpus");
    assert_string_equal(cq_graph_str(g, g->layers[2]), paths[2]);
    cq_graph_free(g);
    cq_error_free(&err);
}

/* A mapping file brings the control set it maps, and its edges. */
static void test_mapping_layer(void **state)
{
    (void)state;
    cq_graph *base = base_graph();
    put(NULL, "ext.csv",
        "Focal Document Element,Focal Document Element Description,"
        "Relationship,Reference Document Element,Focal Document,Reference "
        "Document,Comments\n"
        "X.1,First control,subset of,8.2.1,ext,sm,annex: EXT; confidence: "
        "medium; source: ours\n"
        "X.2,,intersects with,A.10,ext,qm,\n"
        "8.9,,superset of,A.10,sm,qm,annex: C; confidence: high; source: "
        "table\n");
    const char *paths[] = {tmp_path(0, "ext.csv")};
    cq_graph *g = must_stack(base, paths, 1);
    cq_id ext = cq_graph_find_standard(g, "ext", 3);
    assert_int_not_equal(ext, CQ_NONE);
    assert_string_equal(cq_graph_str(g, g->standards[ext].role), "controls");
    cq_id x1 = cq_graph_find_clause(g, "ext:X.1", 7);
    cq_id x2 = cq_graph_find_clause(g, "ext:X.2", 7);
    assert_int_not_equal(x1, CQ_NONE);
    assert_string_equal(cq_graph_str(g, g->clauses[x1].title), "First control");
    assert_string_equal(cq_graph_str(g, g->clauses[x2].title), "(untitled)");
    char want[700];
    snprintf(want, sizeof want, "EXT:subset:7:%s\n", paths[0]);
    assert_string_equal(edges_between(g, "ext:X.1", "sm:8.2.1"), want);
    snprintf(want, sizeof want, "import:intersects:4:%s\n", paths[0]);
    assert_string_equal(edges_between(g, "ext:X.2", "qm:A.10"), want);
    /* the file's row for sm:8.9 and qm:A.10 in annex C replaces the corpus's */
    snprintf(want, sizeof want, "C:superset:6:%s\n", paths[0]);
    assert_int_equal(strstr(edges_between(g, "sm:8.9", "qm:A.10"), ":corpus"),
                     NULL);
    cq_graph_free(g);
    cq_graph_free(base);
}

/* ---- problems ---------------------------------------------------------------
 */

/* Stack one path on eval and expect code and a message containing want. */
static void expect_problem(const char *path, int code, const char *want)
{
    cq_graph *base = base_graph();
    cq_graph *g = (cq_graph *)&g; /* must be reset to NULL */
    char msg[2048];
    const char *paths[] = {path};
    int rc = stack(base, paths, 1, &g, msg, sizeof msg);
    if (rc != code || strstr(msg, want) == NULL)
        fail_msg("%s: code %d, expected %d; message '%s', expected '%s'", path,
                 rc, code, msg, want);
    assert_null(g);
    cq_graph_free(base);
}

static void test_problems(void **state)
{
    (void)state;
    char want[1400];

    snprintf(want, sizeof want, "%s: cannot open: No such file or directory",
             tmp_path(0, "missing"));
    expect_problem(tmp_path(0, "missing"), CONCORD_IOERR, want);

    put("empty", "README", "nothing here\n");
    snprintf(want, sizeof want,
             "%s: not a corpus layer: it holds none of standards.tsv",
             tmp_path(0, "empty"));
    expect_problem(tmp_path(0, "empty"), CONCORD_IOERR, want);

    put(NULL, "words.txt", "just words\n");
    snprintf(want, sizeof want, "%s:1:1: not a mapping file concord can import",
             tmp_path(0, "words.txt"));
    expect_problem(tmp_path(0, "words.txt"), CONCORD_CORRUPT, want);

    put("dup", "standards.tsv",
        "id\ttitle\tyear\trole\tnotes\n"
        "QM\tAgain\t\tmss\t\n");
    snprintf(want, sizeof want,
             "%s/standards.tsv:2:1: duplicate standard QM (already in a "
             "layer below; a layer adds standards, it cannot change them)",
             tmp_path(0, "dup"));
    expect_problem(tmp_path(0, "dup"), CONCORD_CORRUPT, want);

    put("bad", "clauses.tsv",
        "standard\tnumber\ttitle\tparent\torigin\tsource\n"
        "sm\t8.2.1\tAgain\t8.2\tadded\t\n"
        "sm\t8.3\tNew\t8\tadded\t\n");
    put("bad", "edges.tsv",
        EDGES_HEADER "sm:8.3\tqm:8.6\tB\tequal\t9\tlow\tx\t\n");
    snprintf(want, sizeof want,
             "%s/clauses.tsv:2:1: duplicate clause sm:8.2.1 (already in a "
             "layer below; a layer adds clauses, it cannot change them)\n"
             "%s/edges.tsv:2:8: to: unknown clause qm:8.6; did you mean "
             "qm:8.5, sm:8.1 or sm:8.2?",
             tmp_path(0, "bad"), tmp_path(1, "bad"));
    expect_problem(tmp_path(0, "bad"), CONCORD_CORRUPT, want);

    /* a folder below in the same load names its file and line */
    const char *paths[] = {eval_dir(), tmp_path(0, "dup")};
    cq_graph *g = NULL;
    char msg[1024];
    assert_int_equal(stack(NULL, paths, 2, &g, msg, sizeof msg),
                     CONCORD_CORRUPT);
    snprintf(want, sizeof want,
             "duplicate standard QM (already in a layer below, at "
             "%s/standards.tsv:4; a layer adds standards",
             eval_dir());
    if (strstr(msg, want) == NULL)
        fail_msg("'%s' lacks '%s'", msg, want);

    /* a mapping's clause of a standard the corpus has must exist */
    put(NULL, "typo.csv",
        "Focal Document Element,Relationship,Reference Document Element,"
        "Focal Document,Reference Document\n"
        "8.9,intersects with,A.10,sm,qm\n"
        "8.9,intersects with,A.11,sm,qm\n");
    snprintf(want, sizeof want,
             "%s:3:1: to: unknown clause qm:A.11; did you mean qm:A.1, "
             "qm:A.10",
             tmp_path(0, "typo.csv"));
    expect_problem(tmp_path(0, "typo.csv"), CONCORD_CORRUPT, want);

    put(NULL, "nostd.csv",
        "Focal Document Element,Relationship,Reference Document Element,"
        "Focal Document,Reference Document\n"
        "8.2,not related to,,sm,qn\n");
    snprintf(want, sizeof want,
             "%s:2:1: to: unknown standard qn; did you mean qm?",
             tmp_path(0, "nostd.csv"));
    expect_problem(tmp_path(0, "nostd.csv"), CONCORD_CORRUPT, want);
}

static void test_limits_and_misuse(void **state)
{
    (void)state;
    cq_error err;
    cq_error_init(&err, &sys_alloc);
    cq_graph *g = NULL;
    assert_int_equal(
        cq_corpus_load_layers(NULL, NULL, NULL, 0, &sys_alloc, &g, &err),
        CONCORD_MISUSE);
    cq_graph *base = base_graph();
    const char *paths[CQ_MAX_LAYERS];
    for (int i = 0; i < CQ_MAX_LAYERS; i++)
        paths[i] = "never read";
    assert_int_equal(cq_corpus_load_layers(base, paths, NULL, CQ_MAX_LAYERS,
                                           &sys_alloc, &g, &err),
                     CONCORD_TOOBIG);
    assert_string_equal(cq_error_message(&err),
                        "a corpus can be stacked from at most 255 layers, not "
                        "256");
    assert_null(g);
    cq_graph_free(base);
    cq_error_free(&err);
}

/* ---- layers through an image ------------------------------------------------
 */

static void test_image_keeps_layers(void **state)
{
    (void)state;
    cq_graph *base = base_graph();
    put_folder_layer();
    const char *paths[] = {tmp_path(0, "one")};
    cq_graph *g = must_stack(base, paths, 1), *back = NULL;
    cq_error err;
    cq_error_init(&err, &sys_alloc);
    const char *img = tmp_path(1, "layers.img");
    assert_int_equal(cq_image_save(g, img, &sys_alloc, &err), CONCORD_OK);
    assert_int_equal(cq_image_open_file(img, &sys_alloc, &back, &err),
                     CONCORD_OK);
    assert_int_equal(back->n_layers, 2);
    assert_string_equal(cq_graph_str(back, back->layers[1]), paths[0]);
    assert_int_equal(back->n_edges, g->n_edges);
    for (uint32_t i = 0; i < g->n_edges; i++)
        assert_int_equal(back->edges[i].layer, g->edges[i].layer);
    /* and a layer on the image */
    put("two", "edges.tsv",
        EDGES_HEADER "sm:4\tqm:4\tOWN\tsubset\t7\tlow\tagain\t\n");
    const char *more[] = {tmp_path(2, "two")};
    cq_graph *g3 = must_stack(back, more, 1);
    assert_int_equal(g3->n_layers, 3);
    cq_graph_free(g3);
    cq_graph_free(back);
    cq_graph_free(g);
    cq_graph_free(base);
    cq_error_free(&err);
}

/* ---- handles
 * ------------------------------------------------------------------ */

/* The rows of a query, one "a|b|c" line each (null as ~). */
static const char *rows(concord_db *db, const char *query)
{
    static char out[4096];
    out[0] = '\0';
    concord_stmt *stmt = NULL;
    if (concord_prepare(db, query, -1, &stmt, NULL) != CONCORD_OK)
        fail_msg("%s: %s", query, concord_errmsg(db));
    while (concord_step(stmt) == CONCORD_ROW) {
        for (int i = 0; i < concord_column_count(stmt); i++) {
            const char *v = concord_column_text(stmt, i);
            size_t at = strlen(out);
            snprintf(out + at, sizeof out - at, "%s%s", i ? "|" : "",
                     v ? v : "~");
        }
        size_t at = strlen(out);
        snprintf(out + at, sizeof out - at, "\n");
    }
    concord_finalize(stmt);
    return out;
}

static void test_handle_layers(void **state)
{
    (void)state;
    put_folder_layer();
    talloc t;
    concord_options o;
    concord_options_init(&o);
    o.corpus_dir = eval_dir();
    const char *layers[] = {tmp_path(0, "one")};
    o.layers = layers;
    o.n_layers = 1;
    o.alloc = talloc_fn;
    o.alloc_ud = &t;
    talloc_make(&t, 0);
    concord_db *db = NULL;
    assert_int_equal(concord_open_v2(&db, &o), CONCORD_OK);
    char want[1024];
    snprintf(want, sizeof want, "qm:A.10|equal|*|%s\n", layers[0]);
    assert_string_equal(
        rows(db, "correlate sm:8.9 with qm | select to, relation, high, layer"),
        want);

    /* a statement prepared before an import answers from its corpus */
    concord_stmt *old = NULL;
    assert_int_equal(concord_prepare(db,
                                     "correlate sm:4 with qm where annex = OWN "
                                     "| select relation, layer",
                                     -1, &old, NULL),
                     CONCORD_OK);
    put("two", "edges.tsv",
        EDGES_HEADER "sm:4\tqm:4\tOWN\tsubset\t7\tlow\tagain\t\n");
    assert_int_equal(concord_import(db, tmp_path(1, "two")), CONCORD_OK);
    assert_int_equal(concord_step(old), CONCORD_ROW);
    assert_string_equal(concord_column_text(old, 0), "equal");
    assert_string_equal(concord_column_text(old, 1), layers[0]);
    assert_int_equal(concord_finalize(old), CONCORD_OK);
    snprintf(want, sizeof want, "subset|%s\n", tmp_path(1, "two"));
    assert_string_equal(rows(db, "correlate sm:4 with qm where annex = OWN | "
                                 "select relation, layer"),
                        want);

    /* a failed import leaves the corpus as it was */
    assert_int_equal(concord_import(db, tmp_path(3, "missing")), CONCORD_IOERR);
    assert_string_equal(rows(db, "correlate sm:4 with qm where annex = OWN | "
                                 "select relation"),
                        "subset\n");
    assert_int_equal(concord_import(db, NULL), CONCORD_MISUSE);
    assert_int_equal(concord_import(NULL, tmp_path(1, "two")), CONCORD_MISUSE);
    assert_int_equal(concord_close(db), CONCORD_OK);
    assert_int_equal(t.live, 0);

    /* safe mode reads no file after opening */
    o.flags = CONCORD_OPEN_SAFE;
    assert_int_equal(concord_open_v2(&db, &o), CONCORD_OK);
    assert_int_equal(concord_import(db, tmp_path(1, "two")), CONCORD_ERROR);
    assert_non_null(strstr(concord_errmsg(db), "not allowed in safe mode"));
    assert_int_equal(concord_close(db), CONCORD_OK);

    /* layers on the built-in corpus, and a negative count */
    concord_options_init(&o);
    o.layers = layers;
    o.n_layers = -1;
    assert_int_equal(concord_open_v2(&db, &o), CONCORD_MISUSE);
    concord_close(db);
    /* a negative count is misuse with no layers too, and so is a NULL
    ** among them (it reached stat(NULL)) */
    o.layers = NULL;
    assert_int_equal(concord_open_v2(&db, &o), CONCORD_MISUSE);
    assert_non_null(strstr(concord_errmsg(db), "n_layers is -1"));
    concord_close(db);
    const char *with_null[] = {layers[0], NULL};
    o.layers = with_null;
    o.n_layers = 2;
    assert_int_equal(concord_open_v2(&db, &o), CONCORD_MISUSE);
    assert_non_null(strstr(concord_errmsg(db), "layers[1] is NULL"));
    concord_close(db);
    /* an options struct from before layers existed opens without them */
    concord_options_init(&o);
    o.size = (unsigned)offsetof(concord_options, layers);
    o.layers = layers; /* past its size: not read */
    o.n_layers = 1;
    assert_int_equal(concord_open_v2(&db, &o), CONCORD_OK);
    assert_string_equal(rows(db,
                             "correlate 20000-1:8.5.1 with 27001 where to = "
                             "27001:A.12.1.2 | select layer"),
                        "corpus\n");
    concord_close(db);
}

/* ---- running out of memory
 * ---------------------------------------------------- */

/* Fail the n-th allocation of stacking a folder and a mapping file on eval,
** for every n until stacking succeeds: each failure is CONCORD_NOMEM and
** leaves nothing allocated. */
static void test_alloc_sweep(void **state)
{
    (void)state;
    put_folder_layer();
    put(NULL, "ext.csv",
        "Focal Document Element,Relationship,Reference Document Element,"
        "Focal Document,Reference Document\n"
        "X.1,subset of,8.2.1,ext,sm\n");
    const char *paths[] = {eval_dir(), tmp_path(0, "one"),
                           tmp_path(1, "ext.csv")};
    for (long n = 1;; n++) {
        talloc t;
        cq_allocator a = talloc_make(&t, n);
        cq_error err;
        cq_error_init(&err, &a);
        cq_graph *g = NULL;
        int rc = cq_corpus_load_layers(NULL, paths, NULL, 3, &a, &g, &err);
        cq_graph_free(g);
        cq_error_free(&err);
        assert_int_equal(t.live, 0);
        if (!t.failed) {
            assert_int_equal(rc, CONCORD_OK);
            break;
        }
        if (rc != CONCORD_NOMEM)
            fail_msg("allocation %ld failed: code %d", n, rc);
    }
    /* concord_import on an open handle */
    for (long n = 1;; n++) {
        talloc t;
        talloc_make(&t, 0);
        concord_options o;
        concord_options_init(&o);
        o.corpus_dir = eval_dir();
        o.alloc = talloc_fn;
        o.alloc_ud = &t;
        concord_db *db = NULL;
        assert_int_equal(concord_open_v2(&db, &o), CONCORD_OK);
        t.fail_at = t.calls + n;
        int rc = concord_import(db, tmp_path(0, "one"));
        int failed = t.failed;
        t.fail_at = 0;
        if (failed && rc != CONCORD_NOMEM)
            fail_msg("allocation %ld of the import failed: code %d", n, rc);
        assert_string_equal(rows(db, "standards | where role = controls | "
                                     "count"),
                            failed ? "0\n" : "1\n");
        assert_int_equal(concord_close(db), CONCORD_OK);
        assert_int_equal(t.live, 0);
        if (!failed)
            break;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_folder_layer),
        cmocka_unit_test(test_layers_in_one_call),
        cmocka_unit_test(test_mapping_layer),
        cmocka_unit_test(test_problems),
        cmocka_unit_test(test_limits_and_misuse),
        cmocka_unit_test(test_image_keeps_layers),
        cmocka_unit_test(test_handle_layers),
        cmocka_unit_test(test_alloc_sweep),
    };
    return cmocka_run_group_tests_name("layers", tests, make_tmp, remove_tmp);
}
