/*
** eval.c -- running a compiled plan over the graph into a result table.
**
** Each statement walks the graph's arrays directly: a clause set is a few
** contiguous ranges, a clause's correlations are two CSR slices (its own
** edges, and the edges that point at it, read backwards).  Row values
** borrow the graph's strings, so running allocates only the table and a
** scratch array for ordering one clause's correlations.
**
** Row order is part of the contract (docs/language.md): clauses in graph
** order (standards as the corpus lists them, clause numbers as numbers);
** correlations by source clause, then the other end's standard and clause
** (a `none` row after the clauses of its standard), then annex.
*/
#include <stdlib.h>
#include <string.h>

#include "concord.h"
#include "plan.h"

typedef struct runner {
    const cq_plan *plan;
    const cq_graph *g;
    cq_table *table;
    cq_error *err;
} runner;

/* Keep the row when it satisfies the plan's condition. */
static int emit(runner *r, const cq_value *slots, cq_id term)
{
    if (r->plan->where && !cq_cond_test(r->plan->where, slots, r->g, term))
        return CONCORD_OK;
    cq_value *row = cq_table_add_row(r->table);
    if (row == NULL)
        return cq_error_nomem(r->err);
    memcpy(row, slots, sizeof(cq_value) * (size_t)r->plan->shape->n_columns);
    return CONCORD_OK;
}

static void clear_slots(cq_value *slots)
{
    for (int i = 0; i < CQ_MAX_SLOTS; i++)
        slots[i] = cq_null();
}

/* A graph string as a row value (borrowing the graph's bytes), ... */
static cq_value graph_text(const cq_graph *g, cq_str s)
{
    return cq_text(cq_graph_str(g, s));
}

/* ... or null when it is empty, as optional fields are. */
static cq_value text_or_null(const cq_graph *g, cq_str s)
{
    const char *text = cq_graph_str(g, s);
    return *text ? cq_text(text) : cq_null();
}

/* ---- one clause's correlations, in order --------------------------------- */

/* An edge seen from one of its ends. */
typedef struct seen_edge {
    const cq_edge *edge;
    const char *annex; /* the edge's label: qsort cannot pass the graph */
    cq_id other;       /* the other end, CQ_NONE for a `none` row */
    cq_id other_std;   /* its standard */
    int inverted;      /* read backwards: relation inverted */
} seen_edge;

typedef struct edge_list {
    const cq_allocator *alloc;
    seen_edge *items;
    size_t n, cap;
} edge_list;

static int edge_list_push(edge_list *list, seen_edge item)
{
    if (list->n == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 32;
        seen_edge *items =
            cq_realloc(list->alloc, list->items, list->cap * sizeof(seen_edge),
                       cap * sizeof(seen_edge));
        if (items == NULL)
            return -1;
        list->items = items;
        list->cap = cap;
    }
    list->items[list->n++] = item;
    return 0;
}

static void edge_list_free(edge_list *list)
{
    cq_free(list->alloc, list->items, list->cap * sizeof(seen_edge));
}

/* Standard, then clause (`none` rows after the clauses), then annex, then
** the edge's place in the corpus, so the order never depends on qsort. */
static int seen_edge_compare(const void *pa, const void *pb)
{
    const seen_edge *a = pa, *b = pb;
    if (a->other_std != b->other_std)
        return a->other_std < b->other_std ? -1 : 1;
    if (a->other != b->other)
        return a->other < b->other ? -1 : 1;
    int c = strcmp(a->annex, b->annex);
    if (c != 0)
        return c;
    if (a->edge != b->edge)
        return a->edge < b->edge ? -1 : 1;
    return a->inverted - b->inverted;
}

/* Gather the correlations of clause c whose other end is in targets (every
** end when targets is NULL), sorted.  Returns 0 or -1 on OOM. */
static int gather_edges(const cq_graph *g, cq_id c, const cq_set *targets,
                        edge_list *list)
{
    list->n = 0;
    for (uint32_t i = g->out_start[c]; i < g->out_start[c + 1]; i++) {
        const cq_edge *e = &g->edges[i];
        int wanted =
            targets == NULL ||
            (e->to == CQ_NONE ? cq_set_has_standard(targets, e->to_standard)
                              : cq_set_has(targets, e->to));
        seen_edge item = {e, cq_graph_str(g, e->annex), e->to, e->to_standard,
                          0};
        if (wanted && edge_list_push(list, item))
            return -1;
    }
    for (uint32_t i = g->in_start[c]; i < g->in_start[c + 1]; i++) {
        const cq_edge *e = &g->edges[g->in_edges[i]];
        if (targets != NULL && !cq_set_has(targets, e->from))
            continue;
        seen_edge item = {e, cq_graph_str(g, e->annex), e->from,
                          g->clauses[e->from].standard, 1};
        if (edge_list_push(list, item))
            return -1;
    }
    if (list->n > 1)
        qsort(list->items, list->n, sizeof(seen_edge), seen_edge_compare);
    return 0;
}

static const char *seen_relation(const seen_edge *s)
{
    int rel = s->edge->relation;
    return cq_relation_name(s->inverted ? cq_relation_inverse(rel) : rel);
}

/* ---- show ---------------------------------------------------------------- */

static int show_clause_row(runner *r, const char *role, cq_id id)
{
    const cq_graph *g = r->g;
    const cq_clause *cl = &g->clauses[id];
    cq_value slots[CQ_MAX_SLOTS];
    clear_slots(slots);
    slots[0] = cq_text(role);
    slots[1] = graph_text(g, cl->key);
    slots[2] = graph_text(g, cl->title);
    slots[3] = cq_text(cq_origin_name(cl->origin));
    slots[8] = text_or_null(g, cl->source);
    return emit(r, slots, CQ_NONE);
}

static int run_show_standard(runner *r)
{
    const cq_graph *g = r->g;
    const cq_standard *std = &g->standards[r->plan->standard];
    cq_value slots[CQ_MAX_SLOTS];
    clear_slots(slots);
    slots[0] = cq_text("standard");
    slots[1] = graph_text(g, std->id);
    slots[2] = graph_text(g, std->title);
    slots[9] = text_or_null(g, std->notes);
    int rc = emit(r, slots, CQ_NONE);
    for (cq_id i = std->first_clause; rc == CONCORD_OK && i < std->end_clause;
         i = g->clauses[i].subtree_end)
        rc = show_clause_row(r, "clause", i);
    return rc;
}

static int run_show(runner *r, const cq_allocator *alloc)
{
    if (r->plan->clause == CQ_NONE)
        return run_show_standard(r);
    const cq_graph *g = r->g;
    cq_id id = r->plan->clause;
    const cq_clause *cl = &g->clauses[id];
    int rc = show_clause_row(r, "clause", id);
    if (rc == CONCORD_OK && cl->parent != CQ_NONE)
        rc = show_clause_row(r, "parent", cl->parent);
    for (cq_id i = id + 1; rc == CONCORD_OK && i < cl->subtree_end;
         i = g->clauses[i].subtree_end)
        rc = show_clause_row(r, "child", i);
    if (rc != CONCORD_OK)
        return rc;
    edge_list list = {alloc, NULL, 0, 0};
    if (gather_edges(g, id, NULL, &list)) {
        edge_list_free(&list);
        return cq_error_nomem(r->err);
    }
    for (size_t i = 0; rc == CONCORD_OK && i < list.n; i++) {
        const seen_edge *s = &list.items[i];
        cq_value slots[CQ_MAX_SLOTS];
        clear_slots(slots);
        slots[0] = cq_text("correlation");
        if (s->other == CQ_NONE) {
            slots[1] = graph_text(g, g->standards[s->other_std].id);
        } else {
            slots[1] = graph_text(g, g->clauses[s->other].key);
            slots[2] = graph_text(g, g->clauses[s->other].title);
            slots[3] = cq_text(cq_origin_name(g->clauses[s->other].origin));
        }
        slots[4] = graph_text(g, s->edge->annex);
        slots[5] = cq_text(seen_relation(s));
        slots[6] = cq_int(s->edge->strength);
        slots[7] = cq_text(cq_confidence_name(s->edge->confidence));
        slots[8] = text_or_null(g, s->edge->source);
        slots[9] = text_or_null(g, s->edge->note);
        rc = emit(r, slots, CQ_NONE);
    }
    edge_list_free(&list);
    return rc;
}

/* ---- clauses ------------------------------------------------------------- */

static int clause_row(runner *r, cq_id id)
{
    const cq_graph *g = r->g;
    const cq_clause *cl = &g->clauses[id];
    cq_value slots[CQ_MAX_SLOTS];
    clear_slots(slots);
    slots[0] = graph_text(g, cl->key);
    slots[1] = graph_text(g, cl->title);
    slots[2] = cq_text(cq_origin_name(cl->origin));
    if (cl->parent != CQ_NONE)
        slots[3] = graph_text(g, g->clauses[cl->parent].key);
    slots[4] = cq_int(cl->depth);
    slots[5] = graph_text(g, g->standards[cl->standard].id);
    slots[6] = graph_text(g, cl->number);
    slots[7] = text_or_null(g, cl->source);
    return emit(r, slots, CQ_NONE);
}

static int run_clauses(runner *r)
{
    int rc = CONCORD_OK;
    if (!r->plan->has_a) {
        for (cq_id i = 0; rc == CONCORD_OK && i < r->g->n_clauses; i++)
            rc = clause_row(r, i);
        return rc;
    }
    const cq_set *a = &r->plan->a;
    for (int k = 0; k < a->n_ranges; k++)
        for (cq_id i = a->ranges[k].first;
             rc == CONCORD_OK && i < a->ranges[k].end; i++)
            rc = clause_row(r, i);
    return rc;
}

/* ---- correlate ----------------------------------------------------------- */

static int correlation_row(runner *r, cq_id from, const seen_edge *s)
{
    const cq_graph *g = r->g;
    const cq_clause *f = &g->clauses[from];
    cq_value slots[CQ_MAX_SLOTS];
    clear_slots(slots);
    slots[0] = graph_text(g, f->key);
    slots[1] = graph_text(g, f->title);
    if (s->other == CQ_NONE) {
        slots[2] = graph_text(g, g->standards[s->other_std].id);
    } else {
        const cq_clause *t = &g->clauses[s->other];
        slots[2] = graph_text(g, t->key);
        slots[3] = graph_text(g, t->title);
        slots[11] = cq_text(cq_origin_name(t->origin));
        slots[12] = cq_int(t->depth);
        slots[13] = graph_text(g, t->number);
    }
    slots[4] = graph_text(g, s->edge->annex);
    slots[5] = cq_text(seen_relation(s));
    slots[6] = cq_int(s->edge->strength);
    slots[7] = cq_text(cq_confidence_name(s->edge->confidence));
    slots[8] = text_or_null(g, s->edge->source);
    slots[9] = text_or_null(g, s->edge->note);
    slots[10] = graph_text(g, g->standards[s->other_std].id);
    slots[14] = graph_text(g, g->standards[f->standard].id);
    slots[15] = cq_text(cq_origin_name(f->origin));
    slots[16] = cq_int(f->depth);
    slots[17] = graph_text(g, f->number);
    return emit(r, slots, CQ_NONE);
}

static int run_correlate(runner *r, const cq_allocator *alloc)
{
    const cq_set *a = &r->plan->a;
    edge_list list = {alloc, NULL, 0, 0};
    int rc = CONCORD_OK;
    for (int k = 0; rc == CONCORD_OK && k < a->n_ranges; k++) {
        for (cq_id c = a->ranges[k].first;
             rc == CONCORD_OK && c < a->ranges[k].end; c++) {
            if (gather_edges(r->g, c, &r->plan->b, &list)) {
                rc = cq_error_nomem(r->err);
                break;
            }
            for (size_t i = 0; rc == CONCORD_OK && i < list.n; i++)
                rc = correlation_row(r, c, &list.items[i]);
        }
    }
    edge_list_free(&list);
    return rc;
}

/* ---- gap and coverage ---------------------------------------------------- */

/* Does clause c correlate with a clause of targets (in either direction,
** `none` rows excluded)?  When it does not, *none_edge is its `none` row
** toward one of the targets' whole standards, if it has one. */
static int correlates_with(const cq_graph *g, cq_id c, const cq_set *targets,
                           const cq_edge **none_edge)
{
    *none_edge = NULL;
    for (uint32_t i = g->out_start[c]; i < g->out_start[c + 1]; i++) {
        const cq_edge *e = &g->edges[i];
        if (e->to == CQ_NONE) {
            if (*none_edge == NULL &&
                cq_set_has_standard(targets, e->to_standard))
                *none_edge = e;
        } else if (e->relation != CQ_REL_NONE && cq_set_has(targets, e->to)) {
            return 1;
        }
    }
    for (uint32_t i = g->in_start[c]; i < g->in_start[c + 1]; i++) {
        const cq_edge *e = &g->edges[g->in_edges[i]];
        if (e->relation != CQ_REL_NONE && cq_set_has(targets, e->from))
            return 1;
    }
    return 0;
}

static int run_gap(runner *r)
{
    const cq_graph *g = r->g;
    const cq_set *a = &r->plan->a;
    int rc = CONCORD_OK;
    for (int k = 0; rc == CONCORD_OK && k < a->n_ranges; k++) {
        for (cq_id c = a->ranges[k].first;
             rc == CONCORD_OK && c < a->ranges[k].end; c++) {
            const cq_edge *none;
            if (correlates_with(g, c, &r->plan->b, &none))
                continue;
            const cq_clause *cl = &g->clauses[c];
            cq_value slots[CQ_MAX_SLOTS];
            clear_slots(slots);
            slots[0] = graph_text(g, cl->key);
            slots[1] = graph_text(g, cl->title);
            slots[2] = cq_text(cq_origin_name(cl->origin));
            slots[3] = cq_text(none ? "none" : "unmapped");
            slots[4] = none ? text_or_null(g, none->note) : cq_null();
            slots[5] = cq_int(cl->depth);
            slots[6] = graph_text(g, g->standards[cl->standard].id);
            slots[7] = graph_text(g, cl->number);
            rc = emit(r, slots, CQ_NONE);
        }
    }
    return rc;
}

static int run_coverage(runner *r)
{
    const cq_set *a = &r->plan->a;
    long long covered = 0, total = 0;
    for (int k = 0; k < a->n_ranges; k++) {
        for (cq_id c = a->ranges[k].first; c < a->ranges[k].end; c++) {
            const cq_edge *none;
            total++;
            covered += correlates_with(r->g, c, &r->plan->b, &none);
        }
    }
    cq_value slots[CQ_MAX_SLOTS];
    clear_slots(slots);
    slots[0] = cq_text(a->label);
    slots[1] = cq_text(r->plan->b.label);
    slots[2] = cq_int(covered);
    slots[3] = cq_int(total);
    slots[4] =
        total ? cq_real(100.0 * (double)covered / (double)total) : cq_null();
    return emit(r, slots, CQ_NONE);
}

/* ---- terms --------------------------------------------------------------- */

static int term_row(runner *r, cq_id id)
{
    const cq_graph *g = r->g;
    const cq_term *t = &g->terms[id];
    cq_value slots[CQ_MAX_SLOTS];
    clear_slots(slots);
    slots[0] = graph_text(g, t->key);
    slots[1] = graph_text(g, g->standards[t->vocabulary].id);
    slots[2] = graph_text(g, t->entry);
    slots[3] = graph_text(g, t->name);
    slots[4] = cq_text(t->hls ? "yes" : "no");
    slots[5] = text_or_null(g, t->source);
    return emit(r, slots, id);
}

static int run_terms(runner *r)
{
    const cq_graph *g = r->g;
    int rc = CONCORD_OK;
    int n = r->plan->has_a ? r->plan->n_vocabularies : (int)g->n_standards;
    for (int k = 0; rc == CONCORD_OK && k < n; k++) {
        cq_id v = r->plan->has_a ? r->plan->vocabularies[k] : (cq_id)k;
        const cq_standard *std = &g->standards[v];
        for (cq_id i = std->first_term; rc == CONCORD_OK && i < std->end_term;
             i++)
            rc = term_row(r, i);
    }
    return rc;
}

static int is_matched(const cq_plan *plan, cq_id term)
{
    for (int i = 0; i < plan->n_terms; i++)
        if (plan->terms[i] == term)
            return 1;
    return 0;
}

static int link_row(runner *r, cq_id term, cq_id other, cq_id other_vocab,
                    const cq_term_link *link)
{
    const cq_graph *g = r->g;
    const cq_term *t = &g->terms[term];
    cq_value slots[CQ_MAX_SLOTS];
    clear_slots(slots);
    slots[0] = graph_text(g, t->key);
    slots[1] = graph_text(g, g->standards[t->vocabulary].id);
    slots[2] = graph_text(g, t->name);
    slots[3] = cq_text(t->hls ? "yes" : "no");
    if (link) {
        if (other == CQ_NONE) {
            slots[4] = graph_text(g, g->standards[other_vocab].id);
        } else {
            slots[4] = graph_text(g, g->terms[other].key);
            slots[5] = graph_text(g, g->terms[other].name);
        }
        slots[6] = cq_text(cq_term_relation_name(link->relation));
        slots[7] = text_or_null(g, link->note);
    }
    return emit(r, slots, term);
}

/* Every link of every matching term once: a link between two matching
** terms is shown from its `from` end only. */
static int run_term(runner *r)
{
    const cq_graph *g = r->g;
    int rc = CONCORD_OK;
    for (int k = 0; rc == CONCORD_OK && k < r->plan->n_terms; k++) {
        cq_id t = r->plan->terms[k];
        int rows = 0;
        for (uint32_t i = g->link_out_start[t];
             rc == CONCORD_OK && i < g->link_out_start[t + 1]; i++, rows++)
            rc = link_row(r, t, g->links[i].to, g->links[i].to_vocabulary,
                          &g->links[i]);
        for (uint32_t i = g->link_in_start[t];
             rc == CONCORD_OK && i < g->link_in_start[t + 1]; i++) {
            const cq_term_link *link = &g->links[g->link_in[i]];
            if (is_matched(r->plan, link->from))
                continue;
            rc = link_row(r, t, link->from, g->terms[link->from].vocabulary,
                          link);
            rows++;
        }
        if (rc == CONCORD_OK && rows == 0)
            rc = link_row(r, t, CQ_NONE, CQ_NONE, NULL);
    }
    return rc;
}

/* ---- standards ----------------------------------------------------------- */

static int run_standards(runner *r, const cq_allocator *alloc)
{
    const cq_graph *g = r->g;
    size_t size = sizeof(long long) * (g->n_standards ? g->n_standards : 1);
    long long *edges = cq_calloc(alloc, g->n_standards ? g->n_standards : 1,
                                 sizeof(long long));
    if (edges == NULL)
        return cq_error_nomem(r->err);
    for (uint32_t i = 0; i < g->n_edges; i++) {
        cq_id from_std = g->clauses[g->edges[i].from].standard;
        edges[from_std]++;
        if (g->edges[i].to_standard != from_std)
            edges[g->edges[i].to_standard]++;
    }
    int rc = CONCORD_OK;
    for (uint32_t i = 0; rc == CONCORD_OK && i < g->n_standards; i++) {
        const cq_standard *s = &g->standards[i];
        cq_value slots[CQ_MAX_SLOTS];
        clear_slots(slots);
        slots[0] = graph_text(g, s->id);
        slots[1] = graph_text(g, s->title);
        slots[2] = s->year ? cq_int(s->year) : cq_null();
        slots[3] = graph_text(g, s->role);
        slots[4] = cq_int(s->end_clause - s->first_clause);
        slots[5] = cq_int(edges[i]);
        slots[6] = cq_int(s->end_term - s->first_term);
        rc = emit(r, slots, CQ_NONE);
    }
    cq_free(alloc, edges, size);
    return rc;
}

int cq_execute(const cq_plan *plan, const cq_graph *graph, cq_arena *arena,
               cq_table *table, cq_error *err)
{
    runner r = {plan, graph, table, err};
    const cq_allocator *alloc = arena->alloc;
    switch (plan->kind) {
    case CQ_N_SHOW:
        return run_show(&r, alloc);
    case CQ_N_CLAUSES:
        return run_clauses(&r);
    case CQ_N_CORRELATE:
        return run_correlate(&r, alloc);
    case CQ_N_GAP:
        return run_gap(&r);
    case CQ_N_COVERAGE:
        return run_coverage(&r);
    case CQ_N_TERMS:
        return run_terms(&r);
    case CQ_N_TERM:
        return run_term(&r);
    case CQ_N_STANDARDS:
        return run_standards(&r, alloc);
    default:
        return CONCORD_OK; /* format: applied by the API, no rows */
    }
}
