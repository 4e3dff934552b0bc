/*
** test_graph.c -- the compiled graph: the real corpus (counts, clause
** order and subtrees, lookups, edges from both ends, `none` edges), the
** small test corpus (edge, term and link order, annexes), the order of
** clause numbers, enum names, and invariants every graph must keep.
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

#include "concord.h"
#include "corpus.h"
#include "graph.h"
#include "resolve.h" /* CQ_MAX_KEY */
#include "unit.h"
#include "unit_graph.h"

static int setup_real(void **state)
{
    *state = unit_load_graph("corpus");
    return *state ? 0 : -1;
}

static int setup_good(void **state)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/good", unit_data_dir());
    *state = unit_load_graph(dir);
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    cq_graph_free(*state);
    return 0;
}

static cq_id clause(const cq_graph *g, const char *key)
{
    cq_id id = cq_graph_find_clause(g, key, strlen(key));
    if (id == CQ_NONE)
        fail_msg("no clause %s", key);
    return id;
}

static cq_id term(const cq_graph *g, const char *key)
{
    cq_id id = cq_graph_find_term(g, key, strlen(key));
    if (id == CQ_NONE)
        fail_msg("no term %s", key);
    return id;
}

static cq_id standard(const cq_graph *g, const char *id)
{
    cq_id s = cq_graph_find_standard(g, id, strlen(id));
    if (s == CQ_NONE)
        fail_msg("no standard %s", id);
    return s;
}

/* ---- invariants --------------------------------------------------------- */

static int edge_order(const cq_graph *g, const cq_edge *a, const cq_edge *b)
{
    if (a->from != b->from)
        return a->from < b->from ? -1 : 1;
    if (a->to_standard != b->to_standard)
        return a->to_standard < b->to_standard ? -1 : 1;
    if (a->to != b->to)
        return a->to < b->to ? -1 : 1;
    return strcmp(cq_graph_str(g, a->annex), cq_graph_str(g, b->annex));
}

static int compare_cstrings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* In each of the n elements of array (size bytes each), the cq_str at byte
** offset field is the start of a string in the table: 0, or just after a
** NUL (starts[] marks them). */
static void check_field(const cq_graph *g, const unsigned char *starts,
                        const void *array, uint32_t n, size_t size,
                        size_t field)
{
    for (uint32_t i = 0; i < n; i++) {
        cq_str s;
        memcpy(&s, (const char *)array + i * size + field, sizeof s);
        assert_true(s < g->strings_size);
        assert_true(starts[s]);
    }
}

#define CHECK_FIELD(array, n, type, field)                                     \
    check_field(g, starts, array, n, sizeof(type), offsetof(type, field))

/*
** The string table: offset 0 is "", the last byte is a NUL, every string
** field points at the start of a string (number and entry are checked
** against their keys elsewhere), and no string is stored twice.
*/
static void check_strings(const cq_graph *g)
{
    uint32_t size = g->strings_size;
    assert_true(size >= 1);
    assert_int_equal(g->strings[0], '\0');
    assert_int_equal(g->strings[size - 1], '\0');
    unsigned char *starts = calloc(size, 1);
    const char **all = calloc(size, sizeof(char *));
    assert_non_null(starts);
    assert_non_null(all);
    size_t n = 0;
    starts[0] = 1;
    for (uint32_t i = 1; i < size; i++) {
        if (g->strings[i - 1] != '\0')
            continue;
        starts[i] = 1;
        assert_true(g->strings[i] != '\0'); /* "" only at 0 */
        all[n++] = g->strings + i;
    }
    qsort(all, n, sizeof(char *), compare_cstrings);
    for (size_t i = 1; i < n; i++)
        if (strcmp(all[i - 1], all[i]) == 0)
            fail_msg("\"%s\" is stored twice", all[i]);
    CHECK_FIELD(g->standards, g->n_standards, cq_standard, id);
    CHECK_FIELD(g->standards, g->n_standards, cq_standard, title);
    CHECK_FIELD(g->standards, g->n_standards, cq_standard, role);
    CHECK_FIELD(g->standards, g->n_standards, cq_standard, notes);
    CHECK_FIELD(g->clauses, g->n_clauses, cq_clause, key);
    CHECK_FIELD(g->clauses, g->n_clauses, cq_clause, title);
    CHECK_FIELD(g->clauses, g->n_clauses, cq_clause, source);
    CHECK_FIELD(g->edges, g->n_edges, cq_edge, annex);
    CHECK_FIELD(g->edges, g->n_edges, cq_edge, source);
    CHECK_FIELD(g->edges, g->n_edges, cq_edge, note);
    CHECK_FIELD(g->terms, g->n_terms, cq_term, key);
    CHECK_FIELD(g->terms, g->n_terms, cq_term, name);
    CHECK_FIELD(g->terms, g->n_terms, cq_term, source);
    CHECK_FIELD(g->links, g->n_links, cq_term_link, note);
    CHECK_FIELD(g->links, g->n_links, cq_term_link, source);
    check_field(g, starts, g->annexes, g->n_annexes, sizeof(cq_str), 0);
    free(all);
    free(starts);
}

/* What graph.h promises, checked over a whole graph. */
static void check_invariants(const cq_graph *g)
{
    check_strings(g);

    /* Standards own consecutive ranges of clauses and terms, in order. */
    cq_id next_clause = 0, next_term = 0;
    for (cq_id s = 0; s < g->n_standards; s++) {
        const cq_standard *st = &g->standards[s];
        assert_int_equal(st->first_clause, next_clause);
        assert_true(st->end_clause >= st->first_clause);
        next_clause = st->end_clause;
        assert_int_equal(st->first_term, next_term);
        next_term = st->end_term;
        for (cq_id c = st->first_clause; c < st->end_clause; c++)
            assert_int_equal(g->clauses[c].standard, s);
        for (cq_id t = st->first_term; t < st->end_term; t++)
            assert_int_equal(g->terms[t].vocabulary, s);
        const char *id = cq_graph_str(g, st->id);
        assert_int_equal(cq_graph_find_standard(g, id, strlen(id)), s);
    }
    assert_int_equal(next_clause, g->n_clauses);
    assert_int_equal(next_term, g->n_terms);

    /* Preorder: a subtree is its clause and the subtrees of its children,
    ** children in number order; depth counts from 1. */
    for (cq_id c = 0; c < g->n_clauses; c++) {
        const cq_clause *cl = &g->clauses[c];
        const cq_standard *st = &g->standards[cl->standard];
        const char *key = cq_graph_str(g, cl->key);
        const char *std_id = cq_graph_str(g, st->id);
        assert_true(cl->subtree_end > c && cl->subtree_end <= st->end_clause);
        assert_ptr_equal(cq_graph_str(g, cl->number), strchr(key, ':') + 1);
        assert_int_equal(strncmp(key, std_id, strlen(std_id)), 0);
        assert_int_equal(clause(g, key), c);
        if (cl->parent == CQ_NONE) {
            assert_int_equal(cl->depth, 1);
        } else {
            const cq_clause *p = &g->clauses[cl->parent];
            assert_true(cl->parent < c && c < p->subtree_end);
            assert_int_equal(cl->depth, p->depth + 1);
        }
        cq_id prev_child = CQ_NONE;
        for (cq_id k = c + 1; k < cl->subtree_end;
             k = g->clauses[k].subtree_end) {
            assert_int_equal(g->clauses[k].parent, c);
            if (prev_child != CQ_NONE)
                assert_true(cq_clause_number_compare(
                                cq_graph_str(g, g->clauses[prev_child].number),
                                cq_graph_str(g, g->clauses[k].number)) < 0);
            prev_child = k;
        }
    }

    /* Edges: sorted, indexed by out_start, and each real target once in
    ** in_edges, ordered by (to, from). */
    assert_int_equal(g->out_start[0], 0);
    assert_int_equal(g->out_start[g->n_clauses], g->n_edges);
    for (cq_id c = 0; c < g->n_clauses; c++)
        for (uint32_t e = g->out_start[c]; e < g->out_start[c + 1]; e++)
            assert_int_equal(g->edges[e].from, c);
    uint32_t with_target = 0;
    for (uint32_t e = 0; e < g->n_edges; e++) {
        const cq_edge *ed = &g->edges[e];
        if (e > 0)
            assert_true(edge_order(g, &g->edges[e - 1], ed) <= 0);
        assert_true(ed->strength <= 10);
        assert_non_null(cq_relation_name(ed->relation));
        assert_non_null(cq_confidence_name(ed->confidence));
        if (ed->to == CQ_NONE) {
            assert_int_equal(ed->relation, CQ_REL_NONE);
        } else {
            with_target++;
            assert_int_equal(ed->to_standard, g->clauses[ed->to].standard);
            assert_true(ed->relation != CQ_REL_NONE);
        }
        int found = 0;
        for (uint32_t i = 0; i < g->n_annexes; i++)
            found |= g->annexes[i] == ed->annex;
        assert_true(found); /* the annex string is the shared one */
    }
    assert_int_equal(g->in_start[g->n_clauses], with_target);
    for (cq_id c = 0; c < g->n_clauses; c++) {
        for (uint32_t i = g->in_start[c]; i < g->in_start[c + 1]; i++) {
            const cq_edge *ed = &g->edges[g->in_edges[i]];
            assert_int_equal(ed->to, c);
            if (i > g->in_start[c])
                assert_true(g->edges[g->in_edges[i - 1]].from <= ed->from);
        }
    }
    for (uint32_t i = 1; i < g->n_annexes; i++)
        assert_true(strcmp(cq_graph_str(g, g->annexes[i - 1]),
                           cq_graph_str(g, g->annexes[i])) < 0);

    /* Terms and links, likewise. */
    for (cq_id t = 0; t < g->n_terms; t++) {
        const cq_term *tm = &g->terms[t];
        const char *key = cq_graph_str(g, tm->key);
        assert_ptr_equal(cq_graph_str(g, tm->entry), strchr(key, ':') + 1);
        assert_int_equal(term(g, key), t);
        if (t > 0 && g->terms[t - 1].vocabulary == tm->vocabulary)
            assert_true(
                cq_clause_number_compare(cq_graph_str(g, g->terms[t - 1].entry),
                                         cq_graph_str(g, tm->entry)) < 0);
    }
    assert_int_equal(g->link_out_start[g->n_terms], g->n_links);
    uint32_t to_terms = 0;
    for (cq_id t = 0; t < g->n_terms; t++)
        for (uint32_t l = g->link_out_start[t]; l < g->link_out_start[t + 1];
             l++)
            assert_int_equal(g->links[l].from, t);
    for (uint32_t l = 0; l < g->n_links; l++) {
        const cq_term_link *lk = &g->links[l];
        if (lk->to == CQ_NONE) {
            assert_int_equal(lk->relation, CQ_TREL_ABSENT);
        } else {
            to_terms++;
            assert_int_equal(lk->to_vocabulary, g->terms[lk->to].vocabulary);
        }
        if (l > 0) {
            const cq_term_link *p = &g->links[l - 1];
            assert_true(
                p->from < lk->from ||
                (p->from == lk->from &&
                 (p->to_vocabulary < lk->to_vocabulary ||
                  (p->to_vocabulary == lk->to_vocabulary && p->to <= lk->to))));
        }
    }
    assert_int_equal(g->link_in_start[g->n_terms], to_terms);
    for (cq_id t = 0; t < g->n_terms; t++)
        for (uint32_t i = g->link_in_start[t]; i < g->link_in_start[t + 1]; i++)
            assert_int_equal(g->links[g->link_in[i]].to, t);
}

/* ---- the real corpus ---------------------------------------------------- */

static void test_real_counts(void **state)
{
    const cq_graph *g = *state;
    assert_int_equal(g->n_standards, 9);
    assert_int_equal(g->n_clauses, 636);
    /* 282 from TR 20000-7 Annexes B and C (130 + 152), 155 of the 27001
    ** 2013 -> 2022 correspondence (T 115, TC 40), 228 to the HLS, 324
    ** between the HLS clauses of 22301 and 55001 and the others (S), and
    ** 374 judged by content (BC 77, AM 36, C22 205, Q27 56) */
    assert_int_equal(g->n_edges, 1363);
    assert_int_equal(g->n_terms, 262);
    assert_int_equal(g->n_links, 96);
    static const struct {
        const char *id;
        uint32_t clauses, terms;
    } per[] = {{"hls", 30, 0},    {"20000-1", 79, 47},    {"9001", 91, 0},
               {"27001", 198, 0}, {"27001@2022", 138, 0}, {"22301", 64, 0},
               {"55001", 36, 0},  {"9000", 0, 138},       {"27000", 0, 77}};
    for (size_t i = 0; i < sizeof per / sizeof per[0]; i++) {
        const cq_standard *s = &g->standards[i];
        assert_string_equal(cq_graph_str(g, s->id), per[i].id);
        assert_int_equal(s->end_clause - s->first_clause, per[i].clauses);
        assert_int_equal(s->end_term - s->first_term, per[i].terms);
    }
    assert_string_equal(cq_graph_str(g, g->standards[1].role), "mss");
    assert_int_equal(g->standards[1].year, 2018);
    assert_int_equal(g->standards[4].year, 2022);
    static const char *const annexes[] = {"AM",  "B",   "BC", "C", "C22",
                                          "HLS", "Q27", "S",  "T", "TC"};
    assert_int_equal(g->n_annexes, 10);
    for (int i = 0; i < 10; i++)
        assert_string_equal(cq_graph_str(g, g->annexes[i]), annexes[i]);
    assert_int_equal(g->n_layers, 1);
    assert_string_equal(cq_graph_str(g, g->layers[0]), "corpus");
}

static void test_real_invariants(void **state)
{
    check_invariants(*state);
}

static void test_real_subtree(void **state)
{
    const cq_graph *g = *state;
    static const char *const want[] = {"8.5",     "8.5.1", "8.5.1.1", "8.5.1.2",
                                       "8.5.1.3", "8.5.2", "8.5.2.1", "8.5.2.2",
                                       "8.5.2.3", "8.5.3"};
    cq_id c = clause(g, "20000-1:8.5");
    size_t n = sizeof want / sizeof want[0];
    assert_int_equal(g->clauses[c].subtree_end - c, n);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(cq_graph_str(g, g->clauses[c + i].number), want[i]);
        assert_int_equal(g->clauses[c + i].standard, standard(g, "20000-1"));
    }
    assert_int_equal(g->clauses[c].depth, 2);
    assert_int_equal(g->clauses[c + 2].depth, 4);
    assert_int_equal(g->clauses[c + 2].parent, c + 1);
    assert_int_equal(g->clauses[c].parent, clause(g, "20000-1:8"));
    assert_string_equal(cq_graph_str(g, g->clauses[c + 1].title),
                        "Change management");
    assert_int_equal(g->clauses[c + 1].origin, CQ_ORIGIN_ADDED);
}

/* The clauses' keys lie together in clause order, before any title: the
** rows of a subtree read its keys and their targets', and keys packed
** four to a cache line, not one between two titles, keep that in cache. */
static void test_real_key_layout(void **state)
{
    const cq_graph *g = *state;
    cq_str last = g->clauses[g->n_clauses - 1].key;
    for (cq_id c = 1; c < g->n_clauses; c++) {
        cq_str before = g->clauses[c - 1].key;
        assert_int_equal(g->clauses[c].key,
                         before + strlen(cq_graph_str(g, before)) + 1);
    }
    for (cq_id c = 0; c < g->n_clauses; c++)
        if (g->clauses[c].title != 0)
            assert_true(g->clauses[c].title > last);
}

static void test_real_order(void **state)
{
    const cq_graph *g = *state;
    /* A.9's subtree is followed directly by A.10, then A.11. */
    cq_id a9 = clause(g, "27001:A.9");
    cq_id a10 = clause(g, "27001:A.10");
    assert_true(a9 < a10);
    assert_int_equal(g->clauses[a9].subtree_end, a10);
    assert_int_equal(g->clauses[a10].subtree_end, clause(g, "27001:A.11"));
    /* Numbered clauses come before Annex A; 10 after 9. */
    assert_true(clause(g, "27001:10.2") < clause(g, "27001:A.5"));
    assert_true(clause(g, "27001:9.3") < clause(g, "27001:10"));
    assert_true(clause(g, "27001:A.9.4.5") < clause(g, "27001:A.10"));
    /* Standards are in the order of standards.tsv. */
    assert_int_equal(g->standards[0].first_clause, clause(g, "hls:4"));
}

static void test_real_lookup(void **state)
{
    const cq_graph *g = *state;
    cq_id c = clause(g, "27001:A.12.1.2");
    assert_int_equal(cq_graph_find_clause(g, "27001:a.12.1.2", 14), c);
    assert_int_equal(cq_graph_find_clause(g, "HLS:4.1", 7),
                     clause(g, "hls:4.1"));
    assert_string_equal(
        cq_graph_str(g, g->clauses[cq_graph_find_clause(g, "HLS:4.1", 7)].key),
        "hls:4.1");
    /* len counts, not the NUL */
    assert_int_equal(cq_graph_find_clause(g, "20000-1:8.5.1", 11),
                     clause(g, "20000-1:8.5"));
    assert_int_equal(cq_graph_find_clause(g, "20000-1:8.5.9", 13), CQ_NONE);
    assert_int_equal(cq_graph_find_clause(g, "20000-1", 7), CQ_NONE);
    assert_int_equal(cq_graph_find_clause(g, "", 0), CQ_NONE);
    assert_int_equal(cq_graph_find_standard(g, "HLS", 3), 0);
    assert_int_equal(cq_graph_find_standard(g, "27001x", 5), 3);
    assert_int_equal(cq_graph_find_standard(g, "27002", 5), CQ_NONE);
    cq_id t = term(g, "27000:3.3");
    assert_string_equal(cq_graph_str(g, g->terms[t].name), "audit");
    assert_int_equal(g->terms[t].hls, 1);
    assert_int_equal(cq_graph_find_term(g, "27000:3.3", 9), t);
    assert_int_equal(cq_graph_find_term(g, "27000:3.99", 10), CQ_NONE);
    assert_int_equal(g->terms[term(g, "20000-1:3.1.1")].vocabulary, 1);
}

static void test_real_edges(void **state)
{
    const cq_graph *g = *state;
    cq_id from = clause(g, "20000-1:8.5.1");
    cq_id to = clause(g, "27001:A.12.1.2");
    uint32_t found = UINT32_MAX;
    for (uint32_t e = g->out_start[from]; e < g->out_start[from + 1]; e++)
        if (g->edges[e].to == to)
            found = e;
    assert_true(found != UINT32_MAX);
    const cq_edge *ed = &g->edges[found];
    assert_string_equal(cq_graph_str(g, ed->annex), "C");
    assert_int_equal(ed->relation, CQ_REL_INTERSECTS);
    assert_int_equal(ed->to_standard, standard(g, "27001"));
    assert_int_equal(ed->confidence, CQ_CONF_LOW);
    assert_int_equal(ed->strength, 6);
    int reached = 0;
    for (uint32_t i = g->in_start[to]; i < g->in_start[to + 1]; i++)
        reached |= g->in_edges[i] == found;
    assert_true(reached);
    /* 8.5.1's B edges (9001) come before its C edges (27001). */
    assert_int_equal(g->edges[g->out_start[from]].to_standard,
                     standard(g, "9001"));
}

static void test_real_none_edge(void **state)
{
    const cq_graph *g = *state;
    cq_id from = clause(g, "20000-1:8.7.1");
    int seen = 0;
    for (uint32_t e = g->out_start[from]; e < g->out_start[from + 1]; e++) {
        const cq_edge *ed = &g->edges[e];
        if (ed->relation != CQ_REL_NONE)
            continue;
        seen++;
        assert_int_equal(ed->to, CQ_NONE);
        assert_int_equal(ed->to_standard, standard(g, "9001"));
        assert_string_equal(cq_graph_str(g, ed->annex), "B");
        assert_int_equal(ed->strength, 0);
        assert_string_equal(cq_graph_str(g, ed->note),
                            "No availability requirement in 9001");
    }
    assert_int_equal(seen, 1);
    /* none edges are never in the reverse index */
    uint32_t none = 0;
    for (uint32_t e = 0; e < g->n_edges; e++)
        none += g->edges[e].to == CQ_NONE;
    /* 15 of annexes B and C, 74 of BC, C22 and Q27 */
    assert_int_equal(none, 89);
    assert_int_equal(g->in_start[g->n_clauses], g->n_edges - none);
}

/* Standards joined by an edge either way, `none` rows included, as the
** edges say it: what cq_graph_standards_linked's matrix must hold. */
static int linked_by_scan(const cq_graph *g, cq_id a, cq_id b)
{
    if (a == b)
        return 1;
    for (uint32_t c = 0; c < g->n_clauses; c++)
        for (uint32_t e = g->out_start[c]; e < g->out_start[c + 1]; e++) {
            cq_id s = g->clauses[c].standard, t = g->edges[e].to_standard;
            if ((s == a && t == b) || (s == b && t == a))
                return 1;
        }
    return 0;
}

static void check_linked(const cq_graph *g)
{
    for (cq_id a = 0; a < g->n_standards; a++)
        for (cq_id b = 0; b < g->n_standards; b++) {
            int want = linked_by_scan(g, a, b);
            assert_int_equal(cq_graph_standards_linked(g, a, b), want);
        }
    /* asked again, from the matrix made by the first question */
    assert_int_equal(cq_graph_standards_linked(g, 0, 0), 1);
    assert_int_equal(cq_graph_standards_linked(g, g->n_standards, 0), 0);
}

static void test_real_linked(void **state)
{
    check_linked(*state);
}

/* Editions share a base (27001, 27001@2022); other standards do not,
** though one id starts another's (20000-1 and 20000-10 would not). */
static void test_real_edition_base(void **state)
{
    const cq_graph *g = *state;
    cq_id old = standard(g, "27001"), now = standard(g, "27001@2022");
    assert_int_equal(cq_graph_edition_base(g, now), old);
    assert_int_equal(cq_graph_edition_base(g, old), old);
    cq_id q = standard(g, "9001");
    assert_int_equal(cq_graph_edition_base(g, q), q);
    for (cq_id s = 0; s < g->n_standards; s++) {
        cq_id b = cq_graph_edition_base(g, s);
        assert_true(b <= s);
        assert_int_equal(cq_graph_edition_base(g, b), b);
    }
    assert_int_equal(cq_graph_edition_base(g, g->n_standards), g->n_standards);
    /* from its base, the walk of editions meets every standard once, in
    ** increasing order, each with that base */
    for (cq_id s = 0; s < g->n_standards; s++) {
        cq_id b = cq_graph_edition_base(g, s), prev = b, met = 0;
        for (cq_id e = b; e != CQ_NONE; e = cq_graph_next_edition(g, e)) {
            assert_int_equal(cq_graph_edition_base(g, e), b);
            assert_true(e == b || e > prev);
            prev = e;
            met += e == s;
        }
        assert_int_equal(met, 1);
    }
    assert_int_equal(cq_graph_next_edition(g, old), now);
    assert_int_equal(cq_graph_next_edition(g, q), CQ_NONE);
    assert_int_equal(cq_graph_next_edition(g, g->n_standards), CQ_NONE);
}

static void test_good_linked(void **state)
{
    check_linked(*state);
}

/* tests/data/none-link: one `none` row is all that joins 9001 and 27001;
** they are linked both ways, and 9000 with neither. */
static void test_none_linked(void **state)
{
    (void)state;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/none-link", unit_data_dir());
    cq_graph *g = unit_load_graph(dir);
    check_linked(g);
    cq_id q = standard(g, "9001"), s = standard(g, "27001");
    assert_null(cq_graph_pair(g, q, s));
    assert_true(cq_graph_standards_linked(g, q, s));
    assert_true(cq_graph_standards_linked(g, s, q));
    assert_false(cq_graph_standards_linked(g, q, standard(g, "9000")));
    cq_graph_free(g);
}

static void test_real_links(void **state)
{
    const cq_graph *g = *state;
    /* correction: same in 9000 and 27000, absent from 20000-1 */
    cq_id t = term(g, "9000:3.12.3");
    assert_string_equal(cq_graph_str(g, g->terms[t].name), "correction");
    uint32_t l = g->link_out_start[t];
    assert_int_equal(g->link_out_start[t + 1] - l, 2);
    assert_int_equal(g->links[l].to, CQ_NONE);
    assert_int_equal(g->links[l].to_vocabulary, standard(g, "20000-1"));
    assert_int_equal(g->links[l].relation, CQ_TREL_ABSENT);
    assert_int_equal(g->links[l + 1].to, term(g, "27000:3.16"));
    assert_int_equal(g->links[l + 1].relation, CQ_TREL_SAME);
    /* audit, from the 27000 side */
    cq_id audit = term(g, "27000:3.3");
    assert_int_equal(g->link_in_start[audit + 1] - g->link_in_start[audit], 1);
    assert_int_equal(g->links[g->link_in[g->link_in_start[audit]]].from,
                     term(g, "20000-1:3.1.1"));
}

/* ---- the small test corpus ---------------------------------------------- */

static void test_good_invariants(void **state)
{
    check_invariants(*state);
}

static void test_good_order(void **state)
{
    const cq_graph *g = *state;
    static const char *const want[] = {
        "hls:8",         "hls:8.1",       "20000-1:8",     "20000-1:8.5",
        "20000-1:8.5.1", "20000-1:8.5.2", "20000-1:8.5.3", "20000-1:8.9",
        "20000-1:8.10",  "9001:8",        "9001:8.1",      "27001:8",
        "27001:A.9",     "27001:A.10",    "27001:A.12",    "27001:A.12.1",
        "27001:A.12.1.2"};
    assert_int_equal(g->n_clauses, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_string_equal(cq_graph_str(g, g->clauses[i].key), want[i]);
    assert_int_equal(g->standards[standard(g, "9000")].year, 0);
    assert_string_equal(cq_graph_str(g, g->standards[standard(g, "hls")].notes),
                        "");
    assert_string_equal(
        cq_graph_str(g, g->clauses[clause(g, "20000-1:8.5.3")].source), "");
}

static void test_good_edges(void **state)
{
    const cq_graph *g = *state;
    cq_id from = clause(g, "20000-1:8.5.1");
    uint32_t e = g->out_start[from];
    assert_int_equal(g->out_start[from + 1] - e, 4);
    assert_int_equal(g->edges[e].to, clause(g, "9001:8"));
    assert_int_equal(g->edges[e + 1].to, clause(g, "9001:8.1"));
    /* a duplicate edge is kept, in file order */
    assert_int_equal(g->edges[e + 2].to, clause(g, "27001:A.12.1.2"));
    assert_int_equal(g->edges[e + 3].to, clause(g, "27001:A.12.1.2"));
    assert_string_equal(cq_graph_str(g, g->edges[e + 2].note),
                        "both control changes");
    assert_string_equal(cq_graph_str(g, g->edges[e + 3].note),
                        "a duplicate is allowed");
    /* a none edge comes after the real ones to the same standard */
    from = clause(g, "20000-1:8.9");
    e = g->out_start[from];
    assert_int_equal(g->out_start[from + 1] - e, 2);
    assert_int_equal(g->edges[e].to, clause(g, "9001:8"));
    assert_string_equal(cq_graph_str(g, g->edges[e].annex), "X");
    assert_int_equal(g->edges[e + 1].to, CQ_NONE);
    assert_int_equal(g->edges[e + 1].to_standard, standard(g, "9001"));
    /* in_edges of 9001:8 ordered by from: 20000-1:8, 8.5.1, 8.9 */
    cq_id to = clause(g, "9001:8");
    uint32_t i = g->in_start[to];
    assert_int_equal(g->in_start[to + 1] - i, 3);
    assert_int_equal(g->edges[g->in_edges[i]].from, clause(g, "20000-1:8"));
    assert_int_equal(g->edges[g->in_edges[i + 1]].from,
                     clause(g, "20000-1:8.5.1"));
    assert_int_equal(g->edges[g->in_edges[i + 2]].from,
                     clause(g, "20000-1:8.9"));
    assert_int_equal(g->n_annexes, 3);
    assert_string_equal(cq_graph_str(g, g->annexes[2]), "X");
}

static void test_good_terms(void **state)
{
    const cq_graph *g = *state;
    static const char *const want[] = {
        "20000-1:3.1.1", "20000-1:3.1.2", "20000-1:3.1.10", "9000:3.12.3",
        "9000:3.13.1",   "27000:3.3",     "27000:3.16"};
    assert_int_equal(g->n_terms, 7);
    for (size_t i = 0; i < 7; i++)
        assert_string_equal(cq_graph_str(g, g->terms[i].key), want[i]);
    cq_id t = term(g, "20000-1:3.1.1");
    uint32_t l = g->link_out_start[t];
    assert_int_equal(g->link_out_start[t + 1] - l, 2);
    assert_int_equal(g->links[l].to, term(g, "9000:3.13.1")); /* 9000 first */
    assert_int_equal(g->links[l].relation, CQ_TREL_MODIFIED);
    assert_string_equal(cq_graph_str(g, g->links[l].note),
                        "evidence worded differently");
    assert_int_equal(g->links[l + 1].to, term(g, "27000:3.3"));
}

/* ---- pieces ------------------------------------------------------------- */

static int sign(int x)
{
    return (x > 0) - (x < 0);
}

static void test_number_compare(void **state)
{
    (void)state;
    static const char *const ascending[] = {
        "",     "1",    "2",  "3.1.2", "3.1.10", "8", "8.5", "8.5.1", "8.5.2",
        "8.9",  "8.10", "9",  "10",    "10.1",   "A", "A.5", "A.9",   "A.9.4",
        "A.10", "A1",   "A2", "A10",   "a11",    "B", "B.1", "b.2",   "C"};
    size_t n = sizeof ascending / sizeof ascending[0];
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            int c = cq_clause_number_compare(ascending[i], ascending[j]);
            int want = i < j ? -1 : i > j;
            if (sign(c) != want)
                fail_msg("compare(%s, %s) = %d", ascending[i], ascending[j], c);
        }
    }
    assert_int_equal(cq_clause_number_compare("a.9", "A.9"), 0);
    assert_int_equal(cq_clause_number_compare("A.12.1.2", "a.12.1.2"), 0);
    /* equal values with leading zeros still have an order, both ways */
    assert_true(cq_clause_number_compare("8", "08") < 0);
    assert_true(cq_clause_number_compare("08", "8") > 0);
    assert_true(cq_clause_number_compare("08.1", "8.2") < 0);
    assert_true(cq_clause_number_compare("99999999999999999999", "9") > 0);
    assert_true(cq_clause_number_compare("99999999999999999999",
                                         "100000000000000000000") < 0);
}

static void test_enum_names(void **state)
{
    (void)state;
    for (int i = 0; i < CQ_ORIGIN_COUNT; i++) {
        const char *s = cq_origin_name(i);
        assert_int_equal(cq_origin_from_name(s, strlen(s)), i);
    }
    for (int i = 0; i < CQ_REL_COUNT; i++) {
        const char *s = cq_relation_name(i);
        assert_int_equal(cq_relation_from_name(s, strlen(s)), i);
    }
    for (int i = 0; i < CQ_CONF_COUNT; i++) {
        const char *s = cq_confidence_name(i);
        assert_int_equal(cq_confidence_from_name(s, strlen(s)), i);
    }
    for (int i = 0; i < CQ_TREL_COUNT; i++) {
        const char *s = cq_term_relation_name(i);
        assert_int_equal(cq_term_relation_from_name(s, strlen(s)), i);
    }
    assert_string_equal(cq_origin_name(CQ_ORIGIN_HLS_MODIFIED), "hls-modified");
    assert_string_equal(cq_relation_name(CQ_REL_INTERSECTS), "intersects");
    assert_string_equal(cq_confidence_name(CQ_CONF_HIGH), "high");
    assert_string_equal(cq_term_relation_name(CQ_TREL_ABSENT), "absent");
    assert_null(cq_relation_name(CQ_REL_COUNT));
    assert_null(cq_origin_name(-1));
    assert_int_equal(cq_relation_from_name("Equal", 5), -1);
    assert_int_equal(cq_relation_from_name("equals", 6), -1);
    assert_int_equal(cq_relation_from_name("equals", 5), CQ_REL_EQUAL);
    assert_int_equal(cq_confidence_from_name("", 0), -1);
}

static void test_relation_inverse(void **state)
{
    (void)state;
    assert_int_equal(cq_relation_inverse(CQ_REL_SUBSET), CQ_REL_SUPERSET);
    assert_int_equal(cq_relation_inverse(CQ_REL_SUPERSET), CQ_REL_SUBSET);
    for (int r = 0; r < CQ_REL_COUNT; r++) {
        assert_int_equal(cq_relation_inverse(cq_relation_inverse(r)), r);
        if (r != CQ_REL_SUBSET && r != CQ_REL_SUPERSET)
            assert_int_equal(cq_relation_inverse(r), r);
    }
}

static void test_key_hash(void **state)
{
    (void)state;
    assert_int_equal(cq_graph_key_hash("27001:A.9", 9),
                     cq_graph_key_hash("27001:a.9", 9));
    /* folded in whole words and in the tail alike */
    assert_int_equal(cq_graph_key_hash("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 26),
                     cq_graph_key_hash("abcdefghijklmnopqrstuvwxyz", 26));
    /* only ASCII letters fold: not their neighbours, not bytes >= 0x80 */
    assert_true(cq_graph_key_hash("@", 1) != cq_graph_key_hash("`", 1));
    assert_true(cq_graph_key_hash("[", 1) != cq_graph_key_hash("{", 1));
    assert_true(cq_graph_key_hash("\xc1", 1) != cq_graph_key_hash("\xe1", 1));
    /* the length counts, zero bytes and all */
    assert_true(cq_graph_key_hash("", 0) != cq_graph_key_hash("\0", 1));
    assert_true(cq_graph_key_hash("27001:A.9", 9) !=
                cq_graph_key_hash("27001:A.8", 9));
    /* images store these hashes: every length of the last word (read in
    ** pieces) hashes as the byte-at-a-time reading of format 8 did */
    static const uint32_t stored[17] = {
        0x79b054edu, 0x6b58348bu, 0xadb639aeu, 0x940eccd8u, 0xf0c8ada5u,
        0x42f85b24u, 0x0e197201u, 0xd74d9cb1u, 0x6ddc7abeu, 0x000bf56eu,
        0x3d26677fu, 0x13e969ebu, 0xd01e41e4u, 0x1ed26bf2u, 0xbf6ff159u,
        0x214fcad2u, 0x6eae85fdu};
    for (size_t n = 1; n <= 17; n++)
        assert_int_equal(cq_graph_key_hash("fw050:9.4.2.5.1.x", n),
                         stored[n - 1]);
    cq_graph_free(NULL); /* a no-op */
}

/* s, its NUL included, into out with every ASCII letter in the other case. */
static void other_case(const char *s, char *out)
{
    for (size_t k = 0;; k++) {
        unsigned char c = (unsigned char)s[k];
        out[k] = (char)(c >= 'a' && c <= 'z'   ? c - 'a' + 'A'
                        : c >= 'A' && c <= 'Z' ? c - 'A' + 'a'
                                               : c);
        if (c == '\0')
            return;
    }
}

/* Every clause is found by its key, as written and in other case: keys
** of every length, the hash taken from the folded words the tags compare
** (short keys) or from the key (long ones). */
static void test_real_find_every_key(void **state)
{
    const cq_graph *g = *state;
    for (cq_id i = 0; i < g->n_clauses; i++) {
        const char *key = cq_graph_str(g, cq_graph_clause(g, i)->key);
        size_t n = strlen(key);
        char other[CQ_MAX_KEY + 1];
        assert_true(n <= CQ_MAX_KEY);
        other_case(key, other);
        assert_int_equal(cq_graph_find_clause(g, key, n), i);
        assert_int_equal(cq_graph_find_clause(g, other, n), i);
        /* a key one byte short, or with a byte more, is another key */
        assert_true(cq_graph_find_clause(g, key, n - 1) != i);
    }
    assert_int_equal(cq_graph_find_clause(g, "27001:Z.99", 10), CQ_NONE);
    assert_int_equal(cq_graph_find_clause(g, "", 0), CQ_NONE);
}

/* Is standard i of g found by its id as written, in other case, and not by
** the id one byte short or one byte longer (unless that is another's)? */
static void find_standard_ways(const cq_graph *g, cq_id i)
{
    const char *id = cq_graph_str(g, cq_graph_standard(g, i)->id);
    size_t n = strlen(id);
    char other[CQ_MAX_KEY + 2];
    assert_true(n > 0 && n <= CQ_MAX_KEY);
    other_case(id, other);
    assert_int_equal(cq_graph_find_standard(g, id, n), i);
    assert_int_equal(cq_graph_find_standard(g, other, n), i);
    assert_true(cq_graph_find_standard(g, id, n - 1) != i);
    other[n] = 'q';
    other[n + 1] = '\0';
    assert_true(cq_graph_find_standard(g, other, n + 1) != i);
}

/* Every standard is found by its id, whatever its length (ids of up to
** seven bytes compare a word at a time, longer ones byte by byte), by the
** hash (the real corpus has more than CQ_STANDARD_SCAN standards) and by
** the scan, and where the word cannot be read whole: the same graph with
** its string table cut to end eight bytes after an id, or just after it,
** must find the same standards (the word compare's bytes are the id's). */
static void test_real_find_every_standard(void **state)
{
    const cq_graph *g = *state;
    assert_true(g->n_standards > CQ_STANDARD_SCAN);
    assert_non_null(g->standard_hash);
    int short_ids = 0;
    for (cq_id i = 0; i < g->n_standards; i++) {
        find_standard_ways(g, i);
        size_t n = strlen(cq_graph_str(g, cq_graph_standard(g, i)->id));
        short_ids += n < 8;
    }
    assert_true(short_ids > 0);
    /* the scan, as a corpus of a few standards makes it */
    cq_graph scan = *g;
    scan.standard_hash = NULL;
    for (cq_id i = 0; i < g->n_standards; i++)
        find_standard_ways(&scan, i);
    /* a table whose end is within a word of the id: byte by byte */
    for (cq_id i = 0; i < g->n_standards; i++) {
        cq_str s = cq_graph_standard(g, i)->id;
        size_t n = strlen(cq_graph_str(g, s));
        for (uint32_t cut = 0; cut <= 8; cut++) {
            cq_graph near_end = *g;
            uint32_t size = (uint32_t)(s + n + 1 + cut);
            if (size > g->strings_size)
                continue;
            near_end.strings_size = size;
            const char *id = cq_graph_str(g, s);
            assert_int_equal(cq_graph_find_standard(&near_end, id, n), i);
        }
    }
    assert_int_equal(cq_graph_find_standard(g, "", 0), CQ_NONE);
    assert_int_equal(cq_graph_find_standard(g, "2700", 4), CQ_NONE);
}

int main(void)
{
    const struct CMUnitTest real[] = {
        cmocka_unit_test(test_real_counts),
        cmocka_unit_test(test_real_invariants),
        cmocka_unit_test(test_real_subtree),
        cmocka_unit_test(test_real_order),
        cmocka_unit_test(test_real_key_layout),
        cmocka_unit_test(test_real_lookup),
        cmocka_unit_test(test_real_find_every_key),
        cmocka_unit_test(test_real_find_every_standard),
        cmocka_unit_test(test_real_edges),
        cmocka_unit_test(test_real_none_edge),
        cmocka_unit_test(test_real_links),
        cmocka_unit_test(test_real_linked),
        cmocka_unit_test(test_real_edition_base),
    };
    const struct CMUnitTest good[] = {
        cmocka_unit_test(test_good_invariants),
        cmocka_unit_test(test_good_order),
        cmocka_unit_test(test_good_edges),
        cmocka_unit_test(test_good_terms),
        cmocka_unit_test(test_good_linked),
    };
    const struct CMUnitTest pieces[] = {
        cmocka_unit_test(test_none_linked),
        cmocka_unit_test(test_number_compare),
        cmocka_unit_test(test_enum_names),
        cmocka_unit_test(test_relation_inverse),
        cmocka_unit_test(test_key_hash),
    };
    int failed = 0;
    failed += cmocka_run_group_tests_name("graph: real corpus", real,
                                          setup_real, teardown);
    failed += cmocka_run_group_tests_name("graph: test corpus", good,
                                          setup_good, teardown);
    failed += cmocka_run_group_tests_name("graph: pieces", pieces, NULL, NULL);
    return failed ? 1 : 0;
}
