/*
** eval.c -- running a compiled plan over the graph into a result table:
** the base statements, and the dispatch to every query's worker, here or
** in eval_paths.c, eval_views.c, compose.c and the rest, through the
** table of statements (statements.h).
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
#include "eval_core.h"
#include "limit_list.h"
#include "reach.h"
#include "resolve.h"
#include "trigram.h"

/* Short names inside this file. */
#define emit cq_emit
#define clear_slots cq_clear_slots
#define graph_text cq_graph_text
#define text_or_null cq_graph_text_or_null
#define next_forward cq_next_forward
#define edges_toward cq_edges_toward

static const char *seen_relation(const cq_seen_edge *s)
{
    return cq_relation_name(cq_seen_relation(s));
}

/* ---- show ---------------------------------------------------------------- */

static int show_clause_row(runner *r, const char *role, cq_id id)
{
    const cq_graph *g = r->g;
    const cq_clause *cl = cq_graph_clause(g, id);
    cq_value slots[CQ_MAX_SLOTS];
    clear_slots(slots);
    slots[CQ_SHOW_ROLE] = cq_text(role);
    slots[CQ_SHOW_CLAUSE] = graph_text(g, cl->key);
    slots[CQ_SHOW_TITLE] = graph_text(g, cl->title);
    slots[CQ_SHOW_ORIGIN] = cq_text(cq_origin_name(cl->origin));
    slots[CQ_SHOW_SOURCE] = text_or_null(g, cl->source);
    return emit(r, slots, CQ_NONE);
}

/* The base id of a standard: its id up to an '@' ("27001" for
** "27001@2022"), as [s, s + *len). */
static const char *base_id(const cq_graph *g, cq_id std, size_t *len)
{
    const char *id = cq_graph_str(g, cq_graph_standard(g, std)->id);
    const char *at = strchr(id, '@');
    *len = at ? (size_t)(at - id) : strlen(id);
    return id;
}

/* How show names a correlation: `successor` or `predecessor` when the
** other end is in another edition of the same standard (27001 and
** 27001@2022), by year; else `correlation`. */
static const char *correlation_role(const cq_graph *g, cq_id std, cq_id other)
{
    size_t n1, n2;
    const char *a = base_id(g, std, &n1), *b = base_id(g, other, &n2);
    int ya = cq_graph_standard(g, std)->year,
        yb = cq_graph_standard(g, other)->year;
    if (std == other || n1 != n2 || memcmp(a, b, n1) != 0 || ya == yb)
        return "correlation";
    return yb > ya ? "successor" : "predecessor";
}

static int run_show_standard(runner *r, cq_id standard)
{
    const cq_graph *g = r->g;
    const cq_standard *std = cq_graph_standard(g, standard);
    cq_value slots[CQ_MAX_SLOTS];
    clear_slots(slots);
    slots[CQ_SHOW_ROLE] = cq_text("standard");
    slots[CQ_SHOW_CLAUSE] = graph_text(g, std->id);
    slots[CQ_SHOW_TITLE] = graph_text(g, std->title);
    slots[CQ_SHOW_NOTE] = text_or_null(g, std->notes);
    int rc = emit(r, slots, CQ_NONE);
    for (cq_id i = std->first_clause; rc == CONCORD_OK && i < std->end_clause;
         i = cq_graph_subtree_end(g, i))
        rc = show_clause_row(r, "clause", i);
    return rc;
}

int cq_run_show(runner *r)
{
    const cq_set_item *it = &r->plan->a.items[0];
    if (it->standard != CQ_NONE)
        return run_show_standard(r, it->standard);
    if (it->range.end - it->range.first != 1)
        return cq_error_set(r->err, CONCORD_ERROR, &it->node->loc,
                            "show takes one clause or one standard, and %s "
                            "is a set; try: clauses of %s",
                            cq_set_label(&r->plan->a, r->g),
                            cq_set_label(&r->plan->a, r->g));
    const cq_graph *g = r->g;
    cq_id id = it->range.first;
    const cq_clause *cl = cq_graph_clause(g, id);
    int rc = show_clause_row(r, "clause", id);
    if (rc == CONCORD_OK && cl->parent != CQ_NONE)
        rc = show_clause_row(r, "parent", cl->parent);
    for (cq_id i = id + 1; rc == CONCORD_OK && i < cq_graph_subtree_end(g, id);
         i = cq_graph_subtree_end(g, i))
        rc = show_clause_row(r, "child", i);
    if (rc != CONCORD_OK)
        return rc;
    cq_edge_list list = {r->run->alloc, NULL, 0, 0};
    if (cq_gather_edges(g, id, NULL, 0, &list)) {
        cq_edge_list_free(&list);
        return cq_error_nomem(r->err);
    }
    for (size_t i = 0; rc == CONCORD_OK && i < list.n; i++) {
        const cq_seen_edge *s = &list.items[i];
        cq_value slots[CQ_MAX_SLOTS];
        clear_slots(slots);
        slots[CQ_SHOW_ROLE] =
            cq_text(correlation_role(g, cl->standard, s->other_std));
        if (s->other == CQ_NONE) {
            slots[CQ_SHOW_CLAUSE] =
                graph_text(g, cq_graph_standard(g, s->other_std)->id);
        } else {
            slots[CQ_SHOW_CLAUSE] =
                graph_text(g, cq_graph_clause(g, s->other)->key);
            slots[CQ_SHOW_TITLE] =
                graph_text(g, cq_graph_clause(g, s->other)->title);
            slots[CQ_SHOW_ORIGIN] =
                cq_text(cq_origin_name(cq_graph_clause(g, s->other)->origin));
        }
        slots[CQ_SHOW_ANNEX] = graph_text(g, s->edge->annex);
        slots[CQ_SHOW_RELATION] = cq_text(seen_relation(s));
        slots[CQ_SHOW_STRENGTH] = cq_int(s->edge->strength);
        slots[CQ_SHOW_CONFIDENCE] =
            cq_text(cq_confidence_name(s->edge->confidence));
        slots[CQ_SHOW_HIGH] = cq_edge_high(s->edge);
        slots[CQ_SHOW_SOURCE] = text_or_null(g, s->edge->source);
        slots[CQ_SHOW_NOTE] = text_or_null(g, s->edge->note);
        slots[CQ_SHOW_LAYER] = cq_edge_layer(g, s->edge);
        slots[CQ_SHOW_KIND] =
            cq_text(cq_kind_name(cq_edge_kind_of(g, s->edge)));
        rc = emit(r, slots, CQ_NONE);
    }
    cq_edge_list_free(&list);
    return rc;
}

/* ---- clauses ------------------------------------------------------------- */

static int clause_row(runner *r, cq_id id)
{
    const cq_graph *g = r->g;
    const cq_clause *cl = cq_graph_clause(g, id);
    const cq_plan *p = r->plan;
    cq_value slots[CQ_MAX_SLOTS];
    clear_slots(slots);
    slots[CQ_CLAUSES_CLAUSE] = graph_text(g, cl->key);
    slots[CQ_CLAUSES_TITLE] = graph_text(g, cl->title);
    slots[CQ_CLAUSES_ORIGIN] = cq_text(cq_origin_name(cl->origin));
    if (cl->parent != CQ_NONE && CQ_NEEDS(p, CQ_CLAUSES_PARENT))
        slots[CQ_CLAUSES_PARENT] =
            graph_text(g, cq_graph_clause(g, cl->parent)->key);
    slots[CQ_CLAUSES_DEPTH] = cq_int(cl->depth);
    slots[CQ_CLAUSES_STANDARD] =
        graph_text(g, cq_graph_standard(g, cl->standard)->id);
    slots[CQ_CLAUSES_NUMBER] = graph_text(g, cl->number);
    if (CQ_NEEDS(p, CQ_CLAUSES_SOURCE))
        slots[CQ_CLAUSES_SOURCE] = text_or_null(g, cl->source);
    return emit(r, slots, CQ_NONE);
}

/* The clauses of hits in [first, end) whose titles hold find's needle,
** each made a row: the index's answer tested as the scan would. */
static int indexed_clauses(runner *r, const cq_finder *find,
                           const cq_trigram_hits *hits, cq_id first, cq_id end)
{
    uint32_t lo = 0, hi = hits->n;
    while (lo < hi) { /* the first hit at or after first */
        uint32_t mid = lo + (hi - lo) / 2;
        if (hits->ids[mid] < first)
            lo = mid + 1;
        else
            hi = mid;
    }
    int rc = CONCORD_OK;
    const cq_graph *g = r->g;
    for (uint32_t j = lo; rc == CONCORD_OK && j < hits->n; j++) {
        cq_id i = hits->ids[j];
        if (i >= end)
            break;
        /* the hits are far apart: fetch a clause, then its title, ahead */
        if (j + 16 < hits->n)
            __builtin_prefetch(cq_graph_clause(g, hits->ids[j + 16]));
        if (j + 8 < hits->n)
            __builtin_prefetch(
                cq_graph_str(g, cq_graph_clause(g, hits->ids[j + 8])->title));
        if (cq_finder_next_title(find, g, i, i + 1) == i)
            rc = clause_row(r, i);
    }
    return rc;
}

/* A `where title ~ "text"` is tried on the title before the row is made:
** most clauses fail it, and a row costs more than the search.  A text of
** three bytes or more asks the trigram index (trigram.h) which clauses to
** try, and only those are. */
static int run_clauses(runner *r)
{
    int rc = CONCORD_OK;
    const cq_graph *g = r->g;
    const char *needle = cq_cond_needle(r->plan->where, CQ_CLAUSES_TITLE);
    cq_finder find;
    cq_trigram_hits hits = {NULL, 0, 0};
    int search = 0, indexed = 0;
    if (needle) {
        cq_finder_init(&find, needle);
        search = find.usable;
    }
    if (search &&
        (rc = cq_trigram_candidates(g, needle, find.n, r->run->alloc, &hits,
                                    &indexed, r->err)) != CONCORD_OK)
        return rc;
    /* A condition that is the search and nothing else is not tested again
    ** on the rows the search found. */
    const cq_cond *where = r->where;
    if (search && where == r->plan->where && where->kind == CQ_C_MATCH &&
        cq_cond_needle(where, CQ_CLAUSES_TITLE) == needle)
        r->where = NULL;
    cq_range all = {0, g->n_clauses};
    const cq_set *a = &r->plan->a;
    int n = r->plan->has_a ? a->n_ranges : 1;
    for (int k = 0; rc == CONCORD_OK && k < n; k++) {
        const cq_range *range = r->plan->has_a ? &a->ranges[k] : &all;
        if (indexed) {
            rc = indexed_clauses(r, &find, &hits, range->first, range->end);
            continue;
        }
        for (cq_id i = range->first; rc == CONCORD_OK && i < range->end; i++) {
            if (search && (i = cq_finder_next_title(&find, g, i, range->end)) ==
                              range->end)
                break;
            rc = clause_row(r, i);
        }
    }
    r->where = where;
    cq_trigram_hits_free(r->run->alloc, &hits);
    return rc;
}

/* ---- correlate ----------------------------------------------------------- */

/* A correlation row, made in slots, which the caller cleared once for all
** its rows: every slot a row may leave empty is set here each time.  Only
** the slots the plan reads are made (CQ_NEEDS): a `select from, to` row
** costs two strings, not twenty fields. */
static int correlation_row(runner *r, cq_id from, const cq_seen_edge *s,
                           cq_value *slots)
{
    const cq_graph *g = r->g;
    const cq_plan *p = r->plan;
    const cq_clause *f = cq_graph_clause(g, from);
    const cq_edge *e = s->edge;
    slots[CQ_CORRELATE_FROM] = graph_text(g, f->key);
    if (s->other == CQ_NONE) {
        slots[CQ_CORRELATE_TO] =
            graph_text(g, cq_graph_standard(g, s->other_std)->id);
        slots[CQ_CORRELATE_TO_TITLE] = slots[CQ_CORRELATE_TO_ORIGIN] =
            slots[CQ_CORRELATE_TO_DEPTH] = slots[CQ_CORRELATE_TO_NUMBER] =
                cq_null();
    } else {
        const cq_clause *t = cq_graph_clause(g, s->other);
        /* the reader of the row is likely to read the target's key next */
        __builtin_prefetch(cq_graph_str(g, t->key));
        slots[CQ_CORRELATE_TO] = graph_text(g, t->key);
        CQ_FILL(p, slots, CQ_CORRELATE_TO_TITLE, graph_text(g, t->title));
        CQ_FILL(p, slots, CQ_CORRELATE_TO_ORIGIN,
                cq_text(cq_origin_name(t->origin)));
        CQ_FILL(p, slots, CQ_CORRELATE_TO_DEPTH, cq_int(t->depth));
        CQ_FILL(p, slots, CQ_CORRELATE_TO_NUMBER, graph_text(g, t->number));
    }
    CQ_FILL(p, slots, CQ_CORRELATE_FROM_TITLE, graph_text(g, f->title));
    CQ_FILL(p, slots, CQ_CORRELATE_ANNEX, graph_text(g, e->annex));
    CQ_FILL(p, slots, CQ_CORRELATE_RELATION, cq_text(seen_relation(s)));
    CQ_FILL(p, slots, CQ_CORRELATE_STRENGTH, cq_int(e->strength));
    CQ_FILL(p, slots, CQ_CORRELATE_CONFIDENCE,
            cq_text(cq_confidence_name(e->confidence)));
    CQ_FILL(p, slots, CQ_CORRELATE_HIGH, cq_edge_high(e));
    CQ_FILL(p, slots, CQ_CORRELATE_KIND,
            cq_text(cq_kind_name(cq_edge_kind_of(g, e))));
    CQ_FILL(p, slots, CQ_CORRELATE_TO_STANDARD,
            graph_text(g, cq_graph_standard(g, s->other_std)->id));
    CQ_FILL(p, slots, CQ_CORRELATE_FROM_STANDARD,
            graph_text(g, cq_graph_standard(g, f->standard)->id));
    CQ_FILL(p, slots, CQ_CORRELATE_FROM_ORIGIN,
            cq_text(cq_origin_name(f->origin)));
    CQ_FILL(p, slots, CQ_CORRELATE_FROM_DEPTH, cq_int(f->depth));
    CQ_FILL(p, slots, CQ_CORRELATE_FROM_NUMBER, graph_text(g, f->number));
    CQ_FILL(p, slots, CQ_CORRELATE_DIRECTION,
            cq_text(cq_direction_name(s->inverted)));
    CQ_FILL(p, slots, CQ_CORRELATE_SOURCE, text_or_null(g, e->source));
    CQ_FILL(p, slots, CQ_CORRELATE_NOTE, text_or_null(g, e->note));
    CQ_FILL(p, slots, CQ_CORRELATE_LAYER, cq_edge_layer(g, e));
    return emit(r, slots, CQ_NONE);
}

/* A cell of a correlation row held as ids (correlation_cell) but for the
** two columns read most: apart, so that the path of those two saves and
** restores no registers for this switch. */
static __attribute__((noinline)) cq_value
correlation_cell_other(const cq_graph *g, int slot, const cq_id_row *row)
{
    const cq_edge *e = cq_graph_edge(g, row->edge); /* values read: checked */
    /* the clauses only for the columns that show them */
#define FROM_CLAUSE cq_graph_clause(g, row->from)
#define TO_CLAUSE (e->to == CQ_NONE ? NULL : cq_graph_clause(g, e->to))
    const cq_clause *t;
    switch (slot) {
    case CQ_CORRELATE_FROM_TITLE:
        return graph_text(g, FROM_CLAUSE->title);
    case CQ_CORRELATE_TO_TITLE:
        return (t = TO_CLAUSE) ? graph_text(g, t->title) : cq_null();
    case CQ_CORRELATE_ANNEX:
        return graph_text(g, e->annex);
    case CQ_CORRELATE_RELATION:
        return cq_text(cq_relation_name(e->relation));
    case CQ_CORRELATE_STRENGTH:
        return cq_int(e->strength);
    case CQ_CORRELATE_CONFIDENCE:
        return cq_text(cq_confidence_name(e->confidence));
    case CQ_CORRELATE_HIGH:
        return cq_edge_high(e);
    case CQ_CORRELATE_SOURCE:
        return text_or_null(g, e->source);
    case CQ_CORRELATE_NOTE:
        return text_or_null(g, e->note);
    case CQ_CORRELATE_LAYER:
        return cq_edge_layer(g, e);
    case CQ_CORRELATE_KIND:
        return cq_text(cq_kind_name(cq_edge_kind_of(g, e)));
    case CQ_CORRELATE_TO_STANDARD:
        return graph_text(g, cq_graph_standard(g, e->to_standard)->id);
    case CQ_CORRELATE_TO_ORIGIN:
        return (t = TO_CLAUSE) ? cq_text(cq_origin_name(t->origin)) : cq_null();
    case CQ_CORRELATE_TO_DEPTH:
        return (t = TO_CLAUSE) ? cq_int(t->depth) : cq_null();
    case CQ_CORRELATE_TO_NUMBER:
        return (t = TO_CLAUSE) ? graph_text(g, t->number) : cq_null();
    case CQ_CORRELATE_FROM_STANDARD:
        return graph_text(g, cq_graph_standard(g, FROM_CLAUSE->standard)->id);
    case CQ_CORRELATE_FROM_ORIGIN:
        return cq_text(cq_origin_name(FROM_CLAUSE->origin));
    case CQ_CORRELATE_FROM_DEPTH:
        return cq_int(FROM_CLAUSE->depth);
    case CQ_CORRELATE_FROM_NUMBER:
        return graph_text(g, FROM_CLAUSE->number);
    case CQ_CORRELATE_DIRECTION:
        return cq_text(cq_direction_name(0));
    default:
        return cq_null();
    }
#undef FROM_CLAUSE
#undef TO_CLAUSE
}

/* Ask for the targets' keys of n correlation rows held as ids (their ids
** are the run's own, in range: see correlation_cell). */
static __attribute__((noinline)) cq_value
correlation_ahead(const cq_graph *g, const cq_id_row *row, int n)
{
    for (int k = 0; k < n; k++)
        __builtin_prefetch(cq_graph_str(g, cq_graph_to_key(g, row[k].edge)));
    return cq_null();
}

/*
** One cell of a correlation row held as ids (table.h): the clause, and
** one of its own edges read forward.  Each slot as correlation_row makes
** it; a slot it leaves unset is null.  col -n asks for the targets' keys
** of n rows, the strings a reader reads next.
*/
static cq_value correlation_cell(const void *graph, const int *slots,
                                 const cq_id_row *row, int col)
{
    const cq_graph *g = graph;
    /* the row's ids are the run's own (id_rows_unchecked: an edge of the
    ** range it walked, a clause of the set's), so in range; the two
    ** columns read most read the edge and the clause in place, and follow
    ** the ids in them through the accessors */
    if (col < 0)
        return correlation_ahead(g, row, -col);
    int slot = slots[col];
    if (slot == CQ_CORRELATE_FROM) /* the two read most, first */
        return graph_text(g, g->clauses[row->from].key);
    if (slot != CQ_CORRELATE_TO)
        return correlation_cell_other(g, slot, row);
    return graph_text(g, cq_graph_to_key(g, row->edge));
}

/* Hold the run's rows as ids (correlation_cell), the columns that show a
** key read with no cell made (id_text.h), and the targets' keys asked for
** ahead when a column shows them (else the sources'). */
static void hold_correlation_ids(runner *r)
{
    cq_table *t = r->table;
    cq_table_hold_ids(t, correlation_cell, r->g, r->plan->project);
    for (int c = 0; c < t->n_cols; c++) {
        int slot = r->plan->project[c];
        int kind = slot == CQ_CORRELATE_FROM       ? CQ_ID_TEXT_FROM_KEY
                   : slot == CQ_CORRELATE_TO       ? CQ_ID_TEXT_TO_KEY
                   : slot == CQ_CORRELATE_RELATION ? CQ_ID_TEXT_RELATION
                                                   : CQ_ID_TEXT_CELL;
        cq_table_id_text(t, c, kind);
        if (kind == CQ_ID_TEXT_TO_KEY ||
            (kind == CQ_ID_TEXT_FROM_KEY && t->id_ahead == CQ_ID_TEXT_CELL))
            t->id_ahead = (uint8_t)kind;
    }
}

/* Can the run put its rows in the table as ids (correlation_cell)?  When
** the reader takes them, the plan selects its columns (so the run knows
** which slots are read), and no condition is left to test on a row. */
static int rows_as_ids(const runner *r)
{
    const cq_plan *p = r->plan;
    const cq_table *t = r->table;
    return t->ids_ok && t->n_rows == 0 && t->id_cell == NULL &&
           p->project != NULL && p->n_project == t->n_cols && r->where == NULL;
}

/* The row of clause c's edge i, as ids; its steps as cq_emit counts them. */
static int id_row(runner *r, cq_id c, uint32_t i)
{
    int rc = cq_tick(r->run);
    if (rc == CONCORD_OK)
        rc = cq_row_room(r->run, r->table);
    if (rc != CONCORD_OK)
        return rc;
    if (cq_table_push_id(r->table, c, i) != 0)
        return cq_error_nomem(r->err);
    for (int k = 0; rc == CONCORD_OK && k < r->plan->extra_ticks; k++)
        rc = cq_tick(r->run);
    return rc;
}

/* Can the run add up to rows id rows to its table, counting up to steps
** steps, with no limit stopping it?  Then room for them is made; 0 when a
** limit might stop them, or the room cannot be had (the caller then goes
** row by row, which may need less). */
static int ids_fit(runner *r, long long steps, long long rows)
{
    const cq_run *run = r->run;
    cq_table *t = r->table;
    if (run->limits == NULL ||
        run->steps + steps > run->limits[CONCORD_LIMIT_STEPS] ||
        (long long)t->n_rows + rows > run->limits[CONCORD_LIMIT_ROWS])
        return 0;
    while (t->cap_ids < t->n_rows + (size_t)rows)
        if (cq_table_grow_ids(t) != 0)
            return 0;
    return 1;
}

/* Was the run interrupted?  What cq_tick_check asks every 64th step. */
static int interrupted(cq_run *run)
{
    if (run->interrupt &&
        atomic_load_explicit(run->interrupt, memory_order_relaxed) ==
            run->epoch)
        return cq_error_set(run->err, CONCORD_INTERRUPT, NULL, "interrupted");
    return CONCORD_OK;
}

/* Add n steps to the run's count, looking at the interrupt when they pass
** a 64th step (as cq_tick would have, a step at a time). */
static int add_steps(cq_run *run, long long n)
{
    long long was = run->steps;
    run->steps += n;
    if ((was >> 6) != (run->steps >> 6))
        return interrupted(run);
    return CONCORD_OK;
}

/* The edges of [i, end) toward standard (`none` edges only when keep_none)
** as id rows, put at ids[n] on, their sources not yet set: each edge is
** stored and kept when it is wanted, with no branch, as wanted edges lie
** in runs of no pattern a branch could learn.  Returns the new n.  The
** caller has room for an id row an edge. */
static inline size_t ids_toward(const cq_graph *g, uint32_t i, uint32_t end,
                                cq_id standard, int keep_none, cq_id_row *ids,
                                size_t n)
{
    const cq_edge *e = &g->edges[i]; /* i < end <= n_edges */
    /* (a pointer stepped, not an index: no multiply an edge) */
#define ID_TOWARD_(k)                                                          \
    ids[n].edge = i + (k);                                                     \
    n += (e[k].to_standard == standard) & (keep_none | (e[k].to != CQ_NONE));
    for (; end - i >= 4; i += 4, e += 4) { /* four at a time */
        ID_TOWARD_(0)
        ID_TOWARD_(1)
        ID_TOWARD_(2)
        ID_TOWARD_(3)
    }
    for (; i < end; i++, e++) {
        ID_TOWARD_(0)
    }
#undef ID_TOWARD_
    return n;
}

/* ids_toward over the edges' target records (graph.h), eight bytes an
** edge where the edges take 32: mask drops CQ_TARGET_NONE from a
** record's standard when `none` rows are kept, so that they match too. */
static inline size_t ids_toward_targets(const cq_edge_target *t, uint32_t i,
                                        uint32_t end, cq_id standard,
                                        uint32_t mask, cq_id_row *ids, size_t n)
{
#define ID_TOWARD_(k)                                                          \
    ids[n].edge = i + (k);                                                     \
    n += (t[i + (k)].toward & mask) == standard;
    for (; end - i >= 4; i += 4) { /* four at a time */
        ID_TOWARD_(0)
        ID_TOWARD_(1)
        ID_TOWARD_(2)
        ID_TOWARD_(3)
    }
    for (; i < end; i++) {
        ID_TOWARD_(0)
    }
#undef ID_TOWARD_
    return n;
}

/* Does a column of the run show its sources' keys? */
static int reads_source_key(const runner *r)
{
    for (int c = 0; c < r->table->n_cols; c++)
        if (r->plan->project[c] == CQ_CORRELATE_FROM)
            return 1;
    return 0;
}

/* Does a column of the run read its targets' clauses (more than the key
** their edges hold)? */
static int reads_target(const runner *r)
{
    for (int c = 0; c < r->table->n_cols; c++)
        switch (r->plan->project[c]) {
        case CQ_CORRELATE_TO_TITLE:
        case CQ_CORRELATE_TO_ORIGIN:
        case CQ_CORRELATE_TO_DEPTH:
        case CQ_CORRELATE_TO_NUMBER:
            return 1;
        default:
            break;
        }
    return 0;
}

/* Does a column of the run read its edges' own fields (more than the
** keys their target records hold)? */
static int reads_edge(const runner *r)
{
    for (int c = 0; c < r->table->n_cols; c++)
        if (r->plan->project[c] != CQ_CORRELATE_FROM &&
            r->plan->project[c] != CQ_CORRELATE_TO)
            return 1;
    return 0;
}

/* What id_sources asks for ahead of the rows' reader. */
enum {
    ASK_TARGET_KEY = 1, /* the targets' keys, all a column reads of them
                           (else the target clauses) */
    ASK_SOURCE_KEY = 2, /* the sources' keys: a column shows them */
    ASK_EDGE = 4        /* the edges: a column reads their own fields */
};

/* Ask for the key of source clause from (in range) unless it was the
** last one asked for: a source's rows come together. */
static inline void ask_source_key(const cq_graph *g, cq_id from,
                                  cq_id *last_from)
{
    if (from == *last_from)
        return;
    *last_from = from;
    cq_str key = g->clauses[from].key;
    if (key < g->strings_size) /* (else found when the key is read) */
        __builtin_prefetch(g->strings + key);
}

/* Ask for what the rows of edge (in range) read of its target: its key
** (at offset key) when that is all a column reads of it (ASK_TARGET_KEY),
** else its clause.  The edge itself is read only in the second case. */
static inline void ask_target(const cq_graph *g, uint32_t edge, cq_str key,
                              unsigned asks)
{
    if (!(asks & ASK_TARGET_KEY))
        cq_graph_prefetch_clause(g, g->edges[edge].to);
    else if (__builtin_expect(key < g->strings_size, 1))
        __builtin_prefetch(g->strings + key);
    else /* found here, before the statement's rows are given out */
        cq_graph_damage(g, "strings");
}

/*
** Set the sources of the n id rows at ids from their edges, and ask for
** what the rows read: all of it now, so that the cache misses overlap
** (asks: ASK_*).  A function of its own, not inlined into the walk, so
** that what it reads of the graph stays in registers: a handful of
** instructions a row.
*/
static __attribute__((noinline)) void id_sources(const cq_graph *g,
                                                 cq_id_row *ids, size_t n,
                                                 cq_id first, cq_id end,
                                                 unsigned asks)
{
    const cq_edge *edges = g->edges; /* the rows' edges are in range */
    uint32_t span = end - first;
    cq_id last_from = CQ_NONE;
    for (size_t k = 0; k < n; k++) {
        const cq_edge *e = &edges[ids[k].edge];
        /* an edge of [lo, hi) is one of [first, end)'s (unless the image
        ** is damaged: then noted, and the row kept in range) */
        cq_id from = e->from;
        if (__builtin_expect(from - first >= span, 0)) {
            cq_graph_damage(g, "edges");
            from = first;
        }
        ids[k].from = from;
        if (asks & ASK_SOURCE_KEY)
            ask_source_key(g, from, &last_from);
        ask_target(g, ids[k].edge, e->to_key, asks);
    }
}

/*
** id_sources for a graph with target records (graph.h), which leaves the
** edges unread unless a column reads them (ASK_EDGE): each row's source
** is found by walking the clauses' edge ranges, [out_start[c],
** out_start[c + 1]), beside the rows, which are in edge order, from the
** clause *at (where the walk of the block before stopped, at first the
** range's first) on.  The walk stays in [*at, end) whatever out_start
** holds.
*/
static __attribute__((noinline)) void target_sources(const cq_graph *g,
                                                     cq_id_row *ids, size_t n,
                                                     cq_id *at, cq_id end,
                                                     unsigned asks)
{
    const cq_edge_target *t = g->edge_targets;
    const uint32_t *out_start = g->out_start; /* n_clauses + 1 of them */
    if (end > g->n_clauses) /* (a range is in the clauses: never so) */
        end = g->n_clauses;
    cq_id from = *at, last_from = CQ_NONE;
    for (size_t k = 0; k < n; k++) {
        uint32_t edge = ids[k].edge;
        while (from + 1 < end && out_start[from + 1] <= edge)
            from++;
        ids[k].from = from;
        if (asks & ASK_SOURCE_KEY)
            ask_source_key(g, from, &last_from);
        if (asks & ASK_EDGE)
            __builtin_prefetch(&g->edges[edge]);
        ask_target(g, edge, t[edge].key, asks);
    }
    *at = from;
}

/* Edges id_rows_unchecked reads between two looks at the interrupt. */
#define ID_ROWS_BLOCK 4096

/* The most rows whose targets' keys, all asked for as the rows are made,
** are taken to be still in cache when the reader comes to them (a line
** each: 16 KiB, a part of the first-level cache). */
#define ASKED_ALL_MOST 256

/*
** The rows of the clauses [first, end) toward standard, as ids, when no
** limit can stop them: at most one row an edge, so the steps limit is not
** reached when the clauses and all their edges would not reach it, nor
** the rows limit when all the edges would not.  Then the ids go in with no
** check a row: the clauses' edges lie together, [out_first(first),
** out_first(end)), in row order, and are read as one run, not a clause at
** a time.  The steps each clause and row count (as cq_tick and cq_emit
** would) are added a block at a time, the interrupt looked at when they
** pass a 64th step.  *done is 0 when the limits might stop the rows, or
** room for them all cannot be had: the caller goes row by row.
*/
static int id_rows_unchecked(runner *r, cq_id first, cq_id end, cq_id standard,
                             int flags, unsigned asks, int *done)
{
    const cq_graph *g = r->g;
    cq_run *run = r->run;
    cq_table *t = r->table;
    long long per_row = 1 + r->plan->extra_ticks;
    uint32_t lo = cq_graph_out_first(g, first), hi = cq_graph_out_first(g, end);
    if (hi < lo) { /* out_start decreases: a damaged image */
        cq_graph_damage(g, "out_start");
        hi = lo;
    }
    long long edges = hi - lo;
    if (!(*done = ids_fit(r, (end - first) + edges * per_row, edges)))
        return CONCORD_OK;
    int keep_none = (flags & CQ_GATHER_NO_NONE) == 0;
    cq_id_row *ids = t->ids;
    size_t n = t->n_rows;
    cq_id at = first; /* the source of the last row made (target_sources) */
    for (uint32_t b = lo; b < hi;) {
        uint32_t stop = hi - b > ID_ROWS_BLOCK ? b + ID_ROWS_BLOCK : hi;
        size_t had = n;
        if (g->edge_targets) {
            n = ids_toward_targets(g->edge_targets, b, stop, standard,
                                   keep_none ? ~CQ_TARGET_NONE : ~0u, ids, n);
            target_sources(g, ids + had, n - had, &at, end, asks);
        } else {
            /* two copies of the walk, each with keep_none a constant */
            n = keep_none ? ids_toward(g, b, stop, standard, 1, ids, n)
                          : ids_toward(g, b, stop, standard, 0, ids, n);
            id_sources(g, ids + had, n - had, first, end, asks);
        }
        b = stop;
        int rc = add_steps(run, (long long)(n - had) * per_row);
        if (rc != CONCORD_OK)
            return rc;
    }
    t->n_rows = n;
    return add_steps(run, end - first);
}

/* How many rows rows_toward holds before making them, and how many rows
** ahead pending_rows asks for a target's key. */
#define PENDING_EDGES 64
#define PENDING_AHEAD 8

/* Edges found and not yet made into rows (rows_toward). */
typedef struct pending_edges {
    int n;
    cq_id from[PENDING_EDGES];
    uint32_t edge[PENDING_EDGES];
} pending_edges;

/* Make the pending edges into rows, in order, and empty the list.  Each
** target clause was asked for when its edge was found; here each row asks
** for the key of a target a few rows ahead, whose clause has come by then,
** so a row rarely waits on memory twice. */
static int pending_rows(runner *r, pending_edges *pe, cq_value *slots)
{
    const cq_graph *g = r->g;
    int rc = CONCORD_OK;
    for (int k = 0; rc == CONCORD_OK && k < pe->n; k++) {
        if (k + PENDING_AHEAD < pe->n)
            __builtin_prefetch(cq_graph_str(
                g, cq_graph_edge(g, pe->edge[k + PENDING_AHEAD])->to_key));
        const cq_edge *e = cq_graph_edge(g, pe->edge[k]);
        cq_seen_edge f = cq_seen_forward(g, e);
        rc = correlation_row(r, pe->from[k], &f, slots);
    }
    pe->n = 0;
    return rc;
}

/*
** The rows of clause c's own edges toward one standard (the whole of the
** targets), added to the pending list: a subtree's rows are made a list
** at a time, so the cache misses of many targets overlap instead of
** coming one or two a clause.
*/
static int rows_toward(runner *r, pending_edges *pe, cq_id c, cq_id standard,
                       int flags, cq_value *slots)
{
    const cq_graph *g = r->g;
    uint32_t i = cq_graph_out_first(g, c), end = cq_graph_out_end(g, c);
    edges_toward(g, standard, &i, &end);
    for (; i < end; i++) {
        cq_id to = cq_graph_edge(g, i)->to;
        if (to == CQ_NONE && (flags & CQ_GATHER_NO_NONE))
            continue;
        if (to != CQ_NONE)
            cq_graph_prefetch_clause(g, to);
        if (r->table->id_cell != NULL) { /* rows as ids, near a limit */
            int rc = id_row(r, c, i);
            if (rc != CONCORD_OK)
                return rc;
            continue;
        }
        if (pe->n == PENDING_EDGES) {
            int rc = pending_rows(r, pe, slots);
            if (rc != CONCORD_OK)
                return rc;
        }
        pe->from[pe->n] = c;
        pe->edge[pe->n++] = i;
    }
    return CONCORD_OK;
}

/* A `where direction = ...` leaves the other direction unread. */
static int run_correlate(runner *r)
{
    const cq_set *a = &r->plan->a;
    int flags, unused;
    cq_edge_plan_get(r->plan, CQ_CORRELATE_DIRECTION, -1, 0, &flags, &unused,
                     &r->where);
    int rc = CONCORD_OK, k = 0;
    cq_id only = cq_set_one_standard(r->g, &r->plan->b);
    if (only != CQ_NONE && (flags & CQ_GATHER_NO_BACKWARD) && rows_as_ids(r)) {
        hold_correlation_ids(r);
        /* each range at once while no limit can stop it (nothing else is
        ** needed then); from the first that a limit might, row by row */
        int key_only =
            r->table->id_ahead == CQ_ID_TEXT_TO_KEY && !reads_target(r);
        unsigned asks = (key_only ? ASK_TARGET_KEY : 0) |
                        (reads_source_key(r) ? ASK_SOURCE_KEY : 0) |
                        (reads_edge(r) ? ASK_EDGE : 0);
        for (int done = 1; done && k < a->n_ranges; k += done)
            if ((rc = id_rows_unchecked(r, a->ranges[k].first, a->ranges[k].end,
                                        only, flags, asks, &done)) !=
                CONCORD_OK)
                return rc;
        if (k == a->n_ranges) {
            /* every row's key was asked for as the row was made: a short
            ** result is read before they leave the cache */
            r->table->id_asked_all =
                key_only && r->table->n_rows <= ASKED_ALL_MOST;
            return CONCORD_OK;
        }
    }
    cq_edge_list list;
    cq_edge_list_borrow(&list, r->run->alloc, &r->plan->keep[0]);
    pending_edges pending;
    pending.n = 0;
    cq_value slots[CQ_MAX_SLOTS];
    if (r->table->id_cell == NULL) /* rows as ids fill no slots */
        clear_slots(slots);
    for (; rc == CONCORD_OK && k < a->n_ranges; k++) {
        for (cq_id c = a->ranges[k].first;
             rc == CONCORD_OK && c < a->ranges[k].end; c++) {
            if ((rc = cq_tick(r->run)) != CONCORD_OK)
                break;
            if (flags & CQ_GATHER_NO_BACKWARD) {
                /* c's own edges only: they come in row order already, so
                ** each becomes a row as it is read, with no list */
                uint32_t i = cq_graph_out_first(r->g, c),
                         end = cq_graph_out_end(r->g, c);
                if (only != CQ_NONE) {
                    rc = rows_toward(r, &pending, c, only, flags, slots);
                    continue;
                }
                /* the rows read their targets' clauses: ask for them all
                ** at once, so their cache misses overlap */
                for (uint32_t e = i; e < end; e++)
                    if (cq_graph_edge(r->g, e)->to != CQ_NONE)
                        __builtin_prefetch(
                            cq_graph_clause(r->g, cq_graph_edge(r->g, e)->to));
                cq_seen_edge f;
                while (rc == CONCORD_OK &&
                       next_forward(r->g, &i, end, &r->plan->b, flags, &f))
                    rc = correlation_row(r, c, &f, slots);
                continue;
            }
            if (cq_gather_edges(r->g, c, &r->plan->b, flags, &list)) {
                rc = cq_error_nomem(r->err);
                break;
            }
            for (size_t i = 0; rc == CONCORD_OK && i < list.n; i++)
                rc = correlation_row(r, c, &list.items[i], slots);
        }
    }
    if (rc == CONCORD_OK && pending.n > 0) /* (rows as ids leave none) */
        rc = pending_rows(r, &pending, slots);
    cq_edge_list_keep(&list, &r->plan->keep[0], r->run->kept);
    return rc;
}

/* ---- gap and coverage ---------------------------------------------------- */

int cq_correlates_with(const cq_graph *g, cq_id c, const cq_set *targets,
                       const cq_edge **none_edge)
{
    *none_edge = NULL;
    for (uint32_t i = cq_graph_out_first(g, c); i < cq_graph_out_end(g, c);
         i++) {
        const cq_edge *e = cq_graph_edge(g, i);
        if (e->to == CQ_NONE) {
            if (*none_edge == NULL &&
                cq_set_has_standard(targets, e->to_standard))
                *none_edge = e;
        } else if (e->relation != CQ_REL_NONE && cq_set_has(targets, e->to)) {
            return 1;
        }
    }
    for (uint32_t i = cq_graph_in_first(g, c); i < cq_graph_in_end(g, c); i++) {
        const cq_edge *e = cq_graph_edge(g, cq_graph_in_edge(g, i));
        if (e->relation != CQ_REL_NONE && cq_set_has(targets, e->from))
            return 1;
    }
    return 0;
}

/*
** The pair lists (graph.h) answer "does c correlate with targets" for a
** whole range at once when targets are whole standards: a cursor per
** target standard walks that standard's list for the range's standard.
*/
#define MAX_CURSORS 16

typedef struct cursors {
    int n; /* -1: targets are not whole standards (or too many) */
    const cq_id *at[MAX_CURSORS], *end[MAX_CURSORS];
} cursors;

/* Are the set's clauses exactly those of some standards? */
static int whole_standards(const cq_graph *g, const cq_set *set)
{
    if (set->n_ranges > MAX_CURSORS || g->pair_start == NULL)
        return 0;
    for (int i = 0; i < set->n_ranges; i++) {
        const cq_standard *s = cq_graph_standard(
            g, cq_graph_clause(g, set->ranges[i].first)->standard);
        if (set->ranges[i].first != s->first_clause ||
            set->ranges[i].end != s->end_clause)
            return 0;
    }
    return 1;
}

/* The first of the ids [lo, hi) (increasing) that is not below id. */
static const cq_id *lower_bound(const cq_id *lo, const cq_id *hi, cq_id id)
{
    while (lo < hi) {
        const cq_id *mid = lo + (hi - lo) / 2;
        if (*mid < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Cursors over the lists of the clauses of [first, end) (one standard's)
** that correlate with each standard of targets. */
static void cursors_init(cursors *cs, const cq_graph *g, const cq_set *targets,
                         cq_id first, cq_id end)
{
    cs->n = 0;
    cq_id standard = cq_graph_clause(g, first)->standard;
    for (int i = 0; i < targets->n_ranges; i++) {
        const cq_pair *p = cq_graph_pair(
            g, standard,
            cq_graph_clause(g, targets->ranges[i].first)->standard);
        if (p == NULL)
            continue;
        const cq_id *lo = g->pair_clauses + p->first;
        const cq_id *hi = g->pair_clauses + p->end;
        cs->at[cs->n] = lower_bound(lo, hi, first);
        cs->end[cs->n] = lower_bound(cs->at[cs->n], hi, end);
        cs->n++;
    }
}

/* Does clause c (visited in increasing order) correlate with targets? */
static int cursors_have(cursors *cs, cq_id c)
{
    int found = 0;
    for (int i = 0; i < cs->n; i++) {
        while (cs->at[i] < cs->end[i] && *cs->at[i] < c)
            cs->at[i]++;
        found |= cs->at[i] < cs->end[i] && *cs->at[i] == c;
    }
    return found;
}

/* The index of the `none` edge of clause c toward one of the targets'
** whole standards, or CQ_NONE. */
static uint32_t none_index(const cq_graph *g, cq_id c, const cq_set *targets)
{
    for (uint32_t i = cq_graph_out_first(g, c); i < cq_graph_out_end(g, c); i++)
        if (cq_graph_edge(g, i)->to == CQ_NONE &&
            cq_set_has_standard(targets, cq_graph_edge(g, i)->to_standard))
            return i;
    return CQ_NONE;
}

/* That `none` edge itself, or NULL. */
static const cq_edge *none_row(const cq_graph *g, cq_id c,
                               const cq_set *targets)
{
    uint32_t i = none_index(g, c, targets);
    return i == CQ_NONE ? NULL : cq_graph_edge(g, i);
}

/* How many rows ahead gap_rows asks for keys. */
#define GAP_AHEAD 16

/* Gap rows are found a block of clauses at a time (gap_rows). */
#define GAP_BLOCK 256

/* The gap row of clause c, with its `none` row (or NULL); weak: it
** correlates only by routes the statement's `with` leaves out. */
static int gap_row_status(runner *r, cq_id c, cq_set *against,
                          const cq_edge *none, int weak, cq_value *slots);

/* A cell of a gap row held as ids (table.h): the clause, and its `none`
** edge toward the set against or CQ_NONE; each slot as gap_row_status
** makes it.  col -n asks for the keys of n rows. */
static cq_value gap_cell(const void *graph, const int *slots,
                         const cq_id_row *row, int col)
{
    const cq_graph *g = graph;
    if (col < 0) {
        for (int k = 0; k < -col; k++)
            if (row[k].from < g->n_clauses)
                __builtin_prefetch(
                    cq_graph_str(g, g->clauses[row[k].from].key));
        return cq_null();
    }
    const cq_clause *cl = cq_graph_clause(g, row->from);
    const cq_edge *none =
        row->edge == CQ_NONE ? NULL : cq_graph_edge(g, row->edge);
    switch (slots[col]) {
    case CQ_GAP_CLAUSE:
        return graph_text(g, cl->key);
    case CQ_GAP_TITLE:
        return graph_text(g, cl->title);
    case CQ_GAP_ORIGIN:
        return cq_text(cq_origin_name(cl->origin));
    case CQ_GAP_STATUS:
        return cq_text(none ? "none" : "unmapped");
    case CQ_GAP_CONFIDENCE:
        return none ? cq_text(cq_confidence_name(none->confidence)) : cq_null();
    case CQ_GAP_NOTE:
        return none ? text_or_null(g, none->note) : cq_null();
    case CQ_GAP_DEPTH:
        return cq_int(cl->depth);
    case CQ_GAP_STANDARD:
        return graph_text(g, cq_graph_standard(g, cl->standard)->id);
    case CQ_GAP_NUMBER:
        return graph_text(g, cl->number);
    default:
        return cq_null();
    }
}

/* The gap row of clause c, whose `none` edge is edge none (or CQ_NONE):
** as ids when the run holds its rows so (gap_rows), else made now. */
static int gap_row(runner *r, cq_id c, cq_set *against, uint32_t none,
                   cq_value *slots)
{
    if (r->table->id_cell == gap_cell)
        return id_row(r, c, none);
    return gap_row_status(r, c, against,
                          none == CQ_NONE ? NULL : cq_graph_edge(r->g, none), 0,
                          slots);
}

static int gap_row_status(runner *r, cq_id c, cq_set *against,
                          const cq_edge *none, int weak, cq_value *slots)
{
    const cq_graph *g = r->g;
    const cq_plan *p = r->plan;
    /* gap between's row is gap's with `against` inserted (rowshape.h) */
    int shift = p->between ? CQ_GAP_BETWEEN_SHIFT : 0;
    const cq_clause *cl = cq_graph_clause(g, c);
    /* only the slots read (a `| select clause` reads one) */
    CQ_FILL(p, slots, CQ_GAP_CLAUSE, graph_text(g, cl->key));
    CQ_FILL(p, slots, CQ_GAP_TITLE, graph_text(g, cl->title));
    CQ_FILL(p, slots, CQ_GAP_ORIGIN, cq_text(cq_origin_name(cl->origin)));
    if (shift && CQ_NEEDS(p, CQ_GAP_BETWEEN_AGAINST))
        slots[CQ_GAP_BETWEEN_AGAINST] = cq_text(cq_set_label(against, g));
    CQ_FILL(p, slots, CQ_GAP_STATUS + shift,
            cq_text(weak   ? "weak"
                    : none ? "none"
                           : "unmapped"));
    CQ_FILL(p, slots, CQ_GAP_CONFIDENCE + shift,
            none ? cq_text(cq_confidence_name(none->confidence)) : cq_null());
    CQ_FILL(p, slots, CQ_GAP_NOTE + shift,
            none ? text_or_null(g, none->note) : cq_null());
    CQ_FILL(p, slots, CQ_GAP_DEPTH + shift, cq_int(cl->depth));
    CQ_FILL(p, slots, CQ_GAP_STANDARD + shift,
            graph_text(g, cq_graph_standard(g, cl->standard)->id));
    CQ_FILL(p, slots, CQ_GAP_NUMBER + shift, graph_text(g, cl->number));
    return emit(r, slots, CQ_NONE);
}

/*
** The gap rows of [first, end) when at most one pair list says which of its
** clauses correlate (cs->n <= 1).  Half the clauses of a range may be gaps,
** in no pattern, so a branch per clause on "is it covered" is mispredicted
** half the time: the gaps of a block are listed first with no branch,
** then made into rows, asking for each row's key a few rows ahead.
*/
/*
** gap_rows_listed's rows as ids (gap_cell), when no limit can stop them:
** at most one row a clause, so neither limit is reached when every clause
** of [first, end) would be a row (as id_rows_unchecked reasons).  Then
** each clause goes in with no check, its `none` edge found after (when a
** column shows it), and the steps each clause and row count (as cq_tick
** and id_row would) added as they go, the interrupt looked at when they
** pass a 64th step.  *done is 0 when the limits might stop the rows, or
** room for them all cannot be had: the caller goes row by row.
*/
static int gap_ids_unchecked(runner *r, const cq_id *at, const cq_id *stop,
                             cq_id first, cq_id end, cq_set *against,
                             int none_used, int *done)
{
    const cq_graph *g = r->g;
    cq_run *run = r->run;
    cq_table *t = r->table;
    long long per_row = 1 + r->plan->extra_ticks, clauses = end - first;
    if (!(*done = ids_fit(r, clauses * (1 + per_row), clauses)))
        return CONCORD_OK;
    cq_id_row *ids = t->ids;
    size_t had = t->n_rows, n = had;
    for (cq_id c = first; c < end; c++) {
        cq_id listed = at < stop ? *at : CQ_NONE;
        int covered = listed == c;
        at += covered;
        ids[n].from = c; /* kept when not covered */
        ids[n].edge = CQ_NONE;
        n += !covered;
        long long was = run->steps;
        run->steps += 1 + (covered ? 0 : per_row);
        if ((was >> 6) != (run->steps >> 6)) {
            int rc = interrupted(run);
            if (rc != CONCORD_OK) {
                t->n_rows = n;
                return rc;
            }
        }
    }
    for (size_t i = had; none_used && i < n; i++)
        ids[i].edge = none_index(g, ids[i].from, against);
    t->n_rows = n;
    return CONCORD_OK;
}

static int gap_rows_listed(runner *r, cursors *cs, cq_id first, cq_id end,
                           cq_set *against, int none_used, cq_value *slots)
{
    const cq_graph *g = r->g;
    /* no list: nothing is covered (an empty list, not a null pointer, as
    ** the walk adds to it) */
    static const cq_id no_list[1] = {CQ_NONE};
    const cq_id *at = cs->n ? cs->at[0] : no_list,
                *stop = cs->n ? cs->end[0] : no_list;
    cq_id gaps[GAP_BLOCK];
    int rc = CONCORD_OK;
    if (r->table->id_cell == gap_cell) {
        int done;
        rc = gap_ids_unchecked(r, at, stop, first, end, against, none_used,
                               &done);
        if (rc != CONCORD_OK || done)
            return rc;
    }
    for (cq_id block = first; rc == CONCORD_OK && block < end;
         block += GAP_BLOCK) {
        cq_id block_end = end - block < GAP_BLOCK ? end : block + GAP_BLOCK;
        int n = 0;
        for (cq_id c = block; c < block_end; c++) {
            if ((rc = cq_tick(r->run)) != CONCORD_OK)
                return rc;
            cq_id listed = at < stop ? *at : CQ_NONE;
            int covered = listed == c;
            gaps[n] = c;
            n += !covered;
            at += covered;
        }
        for (int i = 0; rc == CONCORD_OK && i < n; i++) {
            if (i + GAP_AHEAD < n && r->table->id_cell == NULL)
                __builtin_prefetch(cq_graph_str(
                    g, cq_graph_clause(g, gaps[i + GAP_AHEAD])->key));
            uint32_t none =
                none_used ? none_index(g, gaps[i], against) : CQ_NONE;
            rc = gap_row(r, gaps[i], against, none, slots);
        }
    }
    return rc;
}

/*
** How the clauses of `of` reach `to` (reach.h): *routed is set when they
** go by a route or a condition -- the statement's own, or, when the two
** are linked by no edge, the edition bridge concord takes by itself --
** and *route is that route.  The note on the diagnostic channel says when
** no edge links them.
*/
static int route_for(runner *r, cq_set *of, cq_set *to, cq_route *route,
                     cq_standard_set *bridge_set, int *routed)
{
    const cq_plan *p = r->plan;
    cq_id bridge = CQ_NONE;
    int rc = CONCORD_OK;
    *routed = cq_plan_routed(p);
    if (p->n_hops == 0 && !p->via_any) {
        int linked = cq_sets_linked(r->g, of, to);
        bridge = cq_edition_bridge(r->g, of, to);
        if (!linked || bridge != CQ_NONE)
            rc = cq_note_reach(r->run, r->g, of, to, linked, bridge);
        *routed |= bridge != CQ_NONE;
    }
    if (rc == CONCORD_OK && *routed)
        rc = cq_route_prepare(r, bridge, bridge_set, route);
    return rc;
}

/* The gap rows of `of` against `against` by a route (route_for). */
static int gap_rows_routed(runner *r, cq_set *of, cq_set *against,
                           const cq_route *route)
{
    const cq_graph *g = r->g;
    int rc = CONCORD_OK;
    cq_value slots[CQ_MAX_SLOTS];
    clear_slots(slots);
    for (int k = 0; rc == CONCORD_OK && k < of->n_ranges; k++)
        for (cq_id c = of->ranges[k].first;
             rc == CONCORD_OK && c < of->ranges[k].end; c++) {
            int reached = 0, weak = 0;
            if ((rc = cq_tick(r->run)) != CONCORD_OK ||
                (rc = cq_reach_any(r->run, g, c, route, against, &reached,
                                   &weak)) != CONCORD_OK)
                break;
            if (!reached)
                rc = gap_row_status(r, c, against, none_row(g, c, against),
                                    weak, slots);
        }
    return rc;
}

/* The clauses of `of` that correlate with nothing in `against`; with
** `between`, the other direction follows, and an `against` column says
** which way each row goes. */
static int gap_rows(runner *r, cq_set *of, cq_set *against)
{
    const cq_graph *g = r->g;
    int shift = r->plan->between ? CQ_GAP_BETWEEN_SHIFT : 0, rc = CONCORD_OK;
    cq_route route;
    cq_standard_set bridge_set;
    int routed;
    if ((rc = route_for(r, of, against, &route, &bridge_set, &routed)) !=
        CONCORD_OK)
        return rc;
    if (routed)
        return gap_rows_routed(r, of, against, &route);
    int lists = whole_standards(g, against);
    /* a clause's `none` row is looked for only when a field shows it */
    const cq_plan *p = r->plan;
    int none_used = CQ_NEEDS(p, CQ_GAP_STATUS + shift) ||
                    CQ_NEEDS(p, CQ_GAP_CONFIDENCE + shift) ||
                    CQ_NEEDS(p, CQ_GAP_NOTE + shift);
    /* rows as ids (a row the clause and its `none` edge), when the reader
    ** takes them and the rows are gap's own (not gap between's) */
    if (lists && !p->between && rows_as_ids(r)) {
        cq_table *t = r->table;
        cq_table_hold_ids(t, gap_cell, g, p->project);
        for (int c = 0; c < t->n_cols; c++)
            if (p->project[c] == CQ_GAP_CLAUSE)
                cq_table_id_text(t, c, CQ_ID_TEXT_FROM_KEY);
        t->id_ahead = CQ_ID_TEXT_FROM_KEY; /* as gap_cell asks */
    }
    /* cleared once: every row sets the same slots */
    cq_value slots[CQ_MAX_SLOTS];
    clear_slots(slots);
    for (int k = 0; rc == CONCORD_OK && k < of->n_ranges; k++) {
        cursors cs;
        if (lists) {
            cursors_init(&cs, g, against, of->ranges[k].first,
                         of->ranges[k].end);
            if (cs.n <= 1) {
                rc = gap_rows_listed(r, &cs, of->ranges[k].first,
                                     of->ranges[k].end, against, none_used,
                                     slots);
                continue;
            }
        }
        for (cq_id c = of->ranges[k].first;
             rc == CONCORD_OK && c < of->ranges[k].end; c++) {
            if ((rc = cq_tick(r->run)) != CONCORD_OK)
                break;
            if (lists) {
                if (cursors_have(&cs, c))
                    continue;
                rc = gap_row(r, c, against,
                             none_used ? none_index(g, c, against) : CQ_NONE,
                             slots);
                continue;
            }
            const cq_edge *none;
            if (cq_correlates_with(g, c, against, &none))
                continue;
            rc = gap_row_status(r, c, against, none, 0, slots);
        }
    }
    return rc;
}

int cq_run_gap(runner *r)
{
    int rc = gap_rows(r, &r->plan->a, &r->plan->b);
    if (rc == CONCORD_OK && r->plan->between)
        rc = gap_rows(r, &r->plan->b, &r->plan->a);
    return rc;
}

static int coverage_row(runner *r, cq_set *of, cq_set *by, const char *scope,
                        long long covered, long long total)
{
    /* every slot set, none cleared first (a row a subtree: clearing the
    ** widest row's slots was a fifth of a coverage) */
    _Static_assert(CQ_COVERAGE_N_SLOTS == CQ_COVERAGE_PERCENT + 1,
                   "a coverage row sets each of its slots");
    cq_value slots[CQ_COVERAGE_N_SLOTS];
    slots[CQ_COVERAGE_STANDARD] = cq_text(cq_set_label(of, r->g));
    slots[CQ_COVERAGE_BY] = cq_text(cq_set_label(by, r->g));
    slots[CQ_COVERAGE_SCOPE] = cq_text(scope);
    slots[CQ_COVERAGE_COVERED] = cq_int(covered);
    slots[CQ_COVERAGE_TOTAL] = cq_int(total);
    slots[CQ_COVERAGE_PERCENT] =
        total ? cq_real(100.0 * (double)covered / (double)total) : cq_null();
    return emit(r, slots, CQ_NONE);
}

/* Count the clauses of [first, end) and those that correlate with by.
** With the pair lists, one target standard is two binary searches; more
** are merged over the lists' part in the range. */
static int count_covered(runner *r, cq_id first, cq_id end, const cq_set *by,
                         const cq_route *route, long long *covered,
                         long long *total)
{
    const cq_graph *g = r->g;
    *total += end - first;
    for (cq_id c = first; route != NULL && c < end; c++) {
        int reached = 0;
        int rc = cq_tick(r->run);
        if (rc == CONCORD_OK)
            rc = cq_reach_any(r->run, g, c, route, by, &reached, NULL);
        if (rc != CONCORD_OK)
            return rc;
        *covered += reached;
    }
    if (route != NULL)
        return CONCORD_OK;
    if (first < end && whole_standards(g, by)) {
        cursors cs;
        cursors_init(&cs, g, by, first, end);
        if (cs.n == 1) {
            *covered += cs.end[0] - cs.at[0];
            return CONCORD_OK;
        }
        for (;;) { /* the smallest id under any cursor, once */
            cq_id next = CQ_NONE;
            for (int i = 0; i < cs.n; i++)
                if (cs.at[i] < cs.end[i] && *cs.at[i] < next)
                    next = *cs.at[i];
            if (next == CQ_NONE)
                return CONCORD_OK;
            (*covered)++;
            cursors_have(&cs, next + 1);
        }
    }
    for (cq_id c = first; c < end; c++) {
        const cq_edge *none;
        int rc = cq_tick(r->run);
        if (rc != CONCORD_OK)
            return rc;
        *covered += cq_correlates_with(g, c, by, &none);
    }
    return CONCORD_OK;
}

/* One row for the whole of `of`, then one for each top-level clause in it
** (each clause whose parent is outside the set), in graph order. */
static int coverage_rows(runner *r, cq_set *of, cq_set *by)
{
    const cq_graph *g = r->g;
    long long covered = 0, total = 0;
    cq_route routing;
    cq_standard_set bridge_set;
    int routed;
    int rc = route_for(r, of, by, &routing, &bridge_set, &routed);
    const cq_route *route = routed ? &routing : NULL;
    for (int k = 0; rc == CONCORD_OK && k < of->n_ranges; k++)
        rc = count_covered(r, of->ranges[k].first, of->ranges[k].end, by, route,
                           &covered, &total);
    if (rc == CONCORD_OK)
        rc = coverage_row(r, of, by, "all", covered, total);
    for (int k = 0; rc == CONCORD_OK && k < of->n_ranges; k++) {
        for (cq_id top = of->ranges[k].first;
             rc == CONCORD_OK && top < of->ranges[k].end;
             top = cq_graph_subtree_end(g, top)) {
            long long sub_covered = 0, sub_total = 0;
            cq_id end = cq_graph_subtree_end(g, top);
            if (end > of->ranges[k].end)
                end = of->ranges[k].end;
            rc =
                count_covered(r, top, end, by, route, &sub_covered, &sub_total);
            if (rc == CONCORD_OK)
                rc = coverage_row(r, of, by,
                                  cq_graph_str(g, cq_graph_clause(g, top)->key),
                                  sub_covered, sub_total);
        }
    }
    return rc;
}

int cq_run_coverage(runner *r)
{
    int rc = coverage_rows(r, &r->plan->a, &r->plan->b);
    if (rc == CONCORD_OK && r->plan->between)
        rc = coverage_rows(r, &r->plan->b, &r->plan->a);
    return rc;
}

/* ---- terms --------------------------------------------------------------- */

static int term_row(runner *r, cq_id id)
{
    const cq_graph *g = r->g;
    const cq_term *t = cq_graph_term(g, id);
    cq_value slots[CQ_MAX_SLOTS];
    clear_slots(slots);
    slots[CQ_TERMS_TERM] = graph_text(g, t->key);
    slots[CQ_TERMS_VOCABULARY] =
        graph_text(g, cq_graph_standard(g, t->vocabulary)->id);
    slots[CQ_TERMS_ENTRY] = graph_text(g, t->entry);
    slots[CQ_TERMS_NAME] = graph_text(g, t->name);
    slots[CQ_TERMS_HLS] = cq_text(t->hls ? "yes" : "no");
    slots[CQ_TERMS_SOURCE] = text_or_null(g, t->source);
    return emit(r, slots, id);
}

/* The vocabularies of `terms of`, checked again for $parameters. */
static int vocabulary_of(runner *r, int k, cq_id *out)
{
    const cq_set_item *it = &r->plan->a.items[k];
    if (it->standard == CQ_NONE)
        return cq_error_set(r->err, CONCORD_ERROR, &it->node->loc,
                            "terms of takes vocabularies such as 27000, not "
                            "%s",
                            cq_set_label(&r->plan->a, r->g));
    int rc = cq_resolve_vocabulary(r->g, &it->node->loc, it->standard, r->err);
    if (rc != CONCORD_OK)
        return rc;
    *out = it->standard;
    return CONCORD_OK;
}

int cq_run_terms(runner *r)
{
    const cq_graph *g = r->g;
    int rc = CONCORD_OK;
    int n = r->plan->has_a ? r->plan->a.n_items : (int)g->n_standards;
    for (int k = 0; rc == CONCORD_OK && k < n; k++) {
        cq_id v = (cq_id)k;
        if (r->plan->has_a && (rc = vocabulary_of(r, k, &v)) != CONCORD_OK)
            return rc;
        const cq_standard *std = cq_graph_standard(g, v);
        for (cq_id i = std->first_term; rc == CONCORD_OK && i < std->end_term;
             i++)
            rc = term_row(r, i);
    }
    return rc;
}

static int link_row(runner *r, cq_id term, cq_id other, cq_id other_vocab,
                    const cq_term_link *link)
{
    const cq_graph *g = r->g;
    const cq_term *t = cq_graph_term(g, term);
    cq_value slots[CQ_MAX_SLOTS];
    clear_slots(slots);
    slots[CQ_TERM_TERM] = graph_text(g, t->key);
    slots[CQ_TERM_VOCABULARY] =
        graph_text(g, cq_graph_standard(g, t->vocabulary)->id);
    slots[CQ_TERM_NAME] = graph_text(g, t->name);
    slots[CQ_TERM_HLS] = cq_text(t->hls ? "yes" : "no");
    if (link) {
        if (other == CQ_NONE) {
            slots[CQ_TERM_LINKED] =
                graph_text(g, cq_graph_standard(g, other_vocab)->id);
        } else {
            slots[CQ_TERM_LINKED] = graph_text(g, cq_graph_term(g, other)->key);
            slots[CQ_TERM_LINKED_NAME] =
                graph_text(g, cq_graph_term(g, other)->name);
        }
        slots[CQ_TERM_RELATION] =
            cq_text(cq_term_relation_name(link->relation));
        slots[CQ_TERM_NOTE] = text_or_null(g, link->note);
    }
    return emit(r, slots, term);
}

/* Every link of every term with the name once: a link between two such
** terms is shown from its `from` end only. */
int cq_run_term(runner *r)
{
    const cq_graph *g = r->g;
    const char *name = r->plan->operand.value.u.text;
    int rc = CONCORD_OK, found = 0;
    for (cq_id t = 0; rc == CONCORD_OK && t < g->n_terms; t++) {
        if (!cq_term_name_is(g, t, name))
            continue;
        found = 1;
        int rows = 0;
        for (uint32_t i = cq_graph_link_out_first(g, t);
             rc == CONCORD_OK && i < cq_graph_link_out_end(g, t); i++, rows++)
            rc = link_row(r, t, cq_graph_link(g, i)->to,
                          cq_graph_link(g, i)->to_vocabulary,
                          cq_graph_link(g, i));
        for (uint32_t i = cq_graph_link_in_first(g, t);
             rc == CONCORD_OK && i < cq_graph_link_in_end(g, t); i++) {
            const cq_term_link *link = cq_graph_link(g, cq_graph_link_in(g, i));
            if (cq_term_name_is(g, link->from, name))
                continue;
            rc = link_row(r, t, link->from,
                          cq_graph_term(g, link->from)->vocabulary, link);
            rows++;
        }
        if (rc == CONCORD_OK && rows == 0)
            rc = link_row(r, t, CQ_NONE, CQ_NONE, NULL);
    }
    if (rc == CONCORD_OK && !found)
        return cq_resolve_term_name(g, &r->plan->operand.node->loc, name,
                                    r->err);
    return rc;
}

/* ---- standards ----------------------------------------------------------- */

/* The counts columns of a standards row: edges, high, medium, low. */
static void count_slots(cq_value *slots, const long long *count)
{
    slots[CQ_STANDARDS_EDGES] = cq_int(
        count[CQ_CONF_HIGH] + count[CQ_CONF_MEDIUM] + count[CQ_CONF_LOW]);
    slots[CQ_STANDARDS_HIGH] = cq_int(count[CQ_CONF_HIGH]);
    slots[CQ_STANDARDS_MEDIUM] = cq_int(count[CQ_CONF_MEDIUM]);
    slots[CQ_STANDARDS_LOW] = cq_int(count[CQ_CONF_LOW]);
}

/* A row per standard (its edges: those with an end in it), each followed
** by a row per pair it makes with a standard listed after it (or with
** itself), in corpus order. */
int cq_run_standards(runner *r)
{
    const cq_graph *g = r->g;
    const cq_allocator *alloc = r->run->alloc;
    size_t n = g->n_standards ? g->n_standards : 1;
    long long(*per)[CQ_CONF_COUNT] = cq_calloc(alloc, n, sizeof *per);
    cq_pair_count *pairs = NULL;
    size_t n_pairs = 0;
    if (per == NULL || cq_pair_counts(g, alloc, &pairs, &n_pairs)) {
        cq_free(alloc, per, n * sizeof *per);
        return cq_error_nomem(r->err);
    }
    for (size_t k = 0; k < n_pairs; k++) {
        for (int c = 0; c < CQ_CONF_COUNT; c++) {
            per[pairs[k].a][c] += pairs[k].count[c];
            if (pairs[k].b != pairs[k].a)
                per[pairs[k].b][c] += pairs[k].count[c];
        }
    }
    int rc = CONCORD_OK;
    size_t k = 0;
    for (uint32_t i = 0; rc == CONCORD_OK && i < g->n_standards; i++) {
        const cq_standard *s = cq_graph_standard(g, i);
        cq_value slots[CQ_MAX_SLOTS];
        clear_slots(slots);
        slots[CQ_STANDARDS_STANDARD] = graph_text(g, s->id);
        slots[CQ_STANDARDS_TITLE] = graph_text(g, s->title);
        slots[CQ_STANDARDS_YEAR] = s->year ? cq_int(s->year) : cq_null();
        slots[CQ_STANDARDS_ROLE] = graph_text(g, s->role);
        slots[CQ_STANDARDS_CLAUSES] = cq_int(s->end_clause - s->first_clause);
        count_slots(slots, per[i]);
        slots[CQ_STANDARDS_TERMS] = cq_int(s->end_term - s->first_term);
        rc = emit(r, slots, CQ_NONE);
        for (; rc == CONCORD_OK && k < n_pairs && pairs[k].a == i; k++) {
            clear_slots(slots);
            slots[CQ_STANDARDS_STANDARD] = graph_text(g, s->id);
            slots[CQ_STANDARDS_OTHER] =
                graph_text(g, cq_graph_standard(g, pairs[k].b)->id);
            count_slots(slots, pairs[k].count);
            rc = emit(r, slots, CQ_NONE);
        }
    }
    cq_pair_counts_free(alloc, pairs, g);
    cq_free(alloc, per, n * sizeof *per);
    return rc;
}

/* ---- running ------------------------------------------------------------- */

/* Resolve what this run of the plan depends on: its sets' parameters, its
** condition's parameters and counts, its operand (term name, hop limit). */
static int prepare(runner *r)
{
    cq_plan *p = r->plan;
    /* (most sets, and every set of a pipe's own plan, have no parameter:
    ** asked here, with no call) */
    int rc = p->a.has_params ? cq_set_resolve(&p->a, r->run) : CONCORD_OK;
    if (rc == CONCORD_OK && p->b.has_params)
        rc = cq_set_resolve(&p->b, r->run);
    if (rc == CONCORD_OK && p->via.has_params)
        rc = cq_set_resolve(&p->via, r->run);
    if (rc == CONCORD_OK && !p->where_fixed)
        rc = cq_cond_prepare(p->where, r->run);
    if (rc == CONCORD_OK && p->operand.kind == CQ_OPND_PARAM) {
        cq_cond one;
        memset(&one, 0, sizeof one);
        one.kind = CQ_C_CMP;
        one.lhs = p->operand;
        rc = cq_cond_prepare(&one, r->run);
        p->operand.value = one.lhs.value;
        int most = cq_limit_of(r->run->limits, CONCORD_LIMIT_HOPS);
        if (rc == CONCORD_OK && p->kind == CQ_N_PATH &&
            (p->operand.value.u.integer < 1 ||
             p->operand.value.u.integer > most))
            rc = cq_error_set(r->err, CONCORD_TOOBIG, &p->operand.node->loc,
                              "path max %lld is outside 1 to %d hops (the "
                              "hops limit)",
                              p->operand.value.u.integer, most);
    }
    return rc;
}

int cq_run_clauses(runner *r)
{
    return r->plan->with_terms ? cq_run_clauses_terms(r) : run_clauses(r);
}

int cq_run_correlate(runner *r)
{
    cq_plan *plan = r->plan;
    size_t before = r->table->n_rows;
    int rc = plan->n_hops || plan->via_any ? cq_run_routes(r)
             : plan->via.n_items           ? cq_run_via(r)
                                           : run_correlate(r);
    /* no rows: say so when no edge could have made one (only then, so an
    ** answer costs nothing more) */
    if (rc == CONCORD_OK && r->table->n_rows == before &&
        plan->via.n_items == 0 && !plan->n_hops && !plan->via_any &&
        !cq_sets_linked(r->g, &plan->a, &plan->b))
        rc = cq_note_unlinked(r->run, r->g, &plan->a, &plan->b, CQ_NONE);
    return rc;
}

int cq_run_call(runner *r)
{
    return cq_execute(r->plan->input, r->run, r->table);
}

/* The worker of each query, from statements.h (NULL: not a query). */
#define WORKER_OF_(cls, kind, name, compile, run, shape)                       \
    CQ_STMT_QUERY_ONLY_##cls([CQ_N_##kind] = (run), )
static int (*const workers[CQ_N_STATEMENT_END])(runner *r) = {
    CQ_STATEMENTS(WORKER_OF_)};

int cq_execute(cq_plan *plan, cq_run *run, cq_table *table)
{
    runner r = {plan, run, run->graph, table, run->err, plan->where};
    run->execute = cq_execute; /* for the queries nested in this one */
    int rc = prepare(&r);
    if (rc != CONCORD_OK)
        return rc;
    if (plan->kind > CQ_N_NONE && plan->kind < CQ_N_STATEMENT_END &&
        workers[plan->kind] != NULL)
        return workers[plan->kind](&r);
    return cq_error_set(r.err, CONCORD_INTERNAL, &plan->node->loc,
                        "cannot run a %s plan", cq_node_kind_name(plan->kind));
}
