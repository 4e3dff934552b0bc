/*
** eval_core.c -- what every statement's worker shares: emitting a row
** through the statement's `where`, a clause's correlations gathered in
** order, the notes and numbers of a run, the pairs of standards counted.
**
** Apart from eval.c, which holds the base statements and the dispatch, so
** that the workers of eval_paths.c, eval_routes.c, eval_views.c and the
** rest call down into this file and never up into the file that calls
** them.
*/
#include <stdlib.h>
#include <string.h>

#include "concord.h"
#include "eval_core.h"

/* Short names inside this file, as eval.c has them. */
#define next_forward cq_next_forward
#define edges_toward cq_edges_toward

#define NULL_1                                                                 \
    {                                                                          \
        .type = CONCORD_NULL                                                   \
    }
#define NULL_8 NULL_1, NULL_1, NULL_1, NULL_1, NULL_1, NULL_1, NULL_1, NULL_1
_Static_assert(CQ_MAX_SLOTS == 40, "cq_null_slots has five rows of eight");
const cq_value cq_null_slots[CQ_MAX_SLOTS] = {NULL_8, NULL_8, NULL_8, NULL_8,
                                              NULL_8};

int cq_operand_int(cq_run *run, const cq_operand *o, long long *out)
{
    cq_cond one;
    memset(&one, 0, sizeof one);
    one.kind = CQ_C_CMP;
    one.lhs = *o;
    int rc = cq_cond_prepare(&one, run);
    *out = one.lhs.value.u.integer;
    return rc;
}

int cq_emit(runner *r, const cq_value *slots, cq_id term)
{
    int rc = cq_tick(r->run);
    if (rc != CONCORD_OK)
        return rc;
    if (r->where && !cq_cond_test(r->where, slots, r->g, term))
        return CONCORD_OK;
    if ((rc = cq_row_room(r->run, r->table)) != CONCORD_OK)
        return rc;
    cq_table *t = r->table;
    const cq_plan *p = r->plan;
    int n = p->project ? p->n_project : p->shape.n_columns;
    /* a row the slots fill whole is not cleared first */
    cq_value *row =
        n == t->n_cols && n > 0 ? cq_table_push_row(t) : cq_table_add_row(t);
    if (row == NULL)
        return cq_error_nomem(r->err);
    if (p->project == NULL) {
        memcpy(row, slots, sizeof(cq_value) * (size_t)n);
        return CONCORD_OK;
    }
    for (int i = 0; i < n; i++)
        row[i] = slots[p->project[i]];
    for (int i = 0; rc == CONCORD_OK && i < p->extra_ticks; i++)
        rc = cq_tick(r->run);
    return rc;
}

/* ---- one clause's correlations, in order --------------------------------- */

void cq_edge_list_free(cq_edge_list *list)
{
    cq_free(list->alloc, list->items, list->cap * sizeof(cq_seen_edge));
    list->items = NULL;
    list->n = list->cap = 0;
}

/* Standard, then clause (`none` rows after the clauses), then annex, then
** the edge's place in the corpus, so the order never depends on a sort. */
static int seen_edge_compare(const cq_seen_edge *a, const cq_seen_edge *b)
{
    if (a->other_std != b->other_std)
        return a->other_std < b->other_std ? -1 : 1;
    if (a->other != b->other)
        return a->other < b->other ? -1 : 1;
    int c = a->annex == b->annex ? 0 : strcmp(a->annex, b->annex);
    if (c != 0)
        return c;
    if (a->edge != b->edge)
        return a->edge < b->edge ? -1 : 1;
    return a->inverted - b->inverted;
}

/* The next wanted edge stored toward c, read backwards. */
static int next_backward(const cq_graph *g, uint32_t *i, uint32_t end,
                         const cq_set *targets, cq_seen_edge *item)
{
    for (; *i < end; (*i)++) {
        const cq_edge *e = cq_graph_edge(g, cq_graph_in_edge(g, *i));
        if (targets == NULL || cq_set_has(targets, e->from)) {
            *item = (cq_seen_edge){e, cq_graph_str(g, e->annex), e->from,
                                   cq_graph_clause(g, e->from)->standard, 1};
            (*i)++;
            return 1;
        }
    }
    return 0;
}

/*
** Both of c's edge lists are in the order rows need already: edges are
** sorted by (from, to_standard, to, annex, file position) and clause ids
** follow standards, so c's own edges come by (other end's standard, other
** end, annex, edge) and so do the edges toward it (in_edges lists them by
** edge id).  One merge of the two gives the rows' order, with no sort.
*/
int cq_gather_edges(const cq_graph *g, cq_id c, const cq_set *targets,
                    int flags, cq_edge_list *list)
{
    cq_id only = targets && (flags & CQ_GATHER_NO_BACKWARD)
                     ? cq_set_one_standard(g, targets)
                     : CQ_NONE;
    return cq_gather_edges_toward(g, c, targets, only, flags, list);
}

/* Room in list for most items; -1 when memory ran out. */
static int list_room(cq_edge_list *list, size_t most)
{
    if (most <= list->cap)
        return 0;
    size_t cap = list->cap ? list->cap : 32;
    while (cap < most)
        cap *= 2;
    cq_seen_edge *items =
        cq_realloc(list->alloc, list->items, list->cap * sizeof(cq_seen_edge),
                   cap * sizeof(cq_seen_edge));
    if (items == NULL)
        return -1;
    list->items = items;
    list->cap = cap;
    return 0;
}

int cq_gather_edges_toward(const cq_graph *g, cq_id c, const cq_set *targets,
                           cq_id only, int flags, cq_edge_list *list)
{
    list->n = 0;
    uint32_t o = cq_graph_out_first(g, c), o_end = cq_graph_out_end(g, c);
    uint32_t i = 0, i_end = 0; /* the edges toward c, when read */
    if (!(flags & CQ_GATHER_NO_BACKWARD)) {
        i = cq_graph_in_first(g, c);
        i_end = cq_graph_in_end(g, c);
    }
    const cq_set *forward_targets = targets;
    if (flags & CQ_GATHER_NO_FORWARD)
        o = o_end;
    if (flags & CQ_GATHER_NO_BACKWARD) {
        /* toward one standard named whole: only its block of edges */
        if (only != CQ_NONE) {
            edges_toward(g, only, &o, &o_end);
            forward_targets = NULL;
        }
    }
    size_t most = (size_t)(o_end - o) + (i_end - i);
    if (most == 0)
        return 0; /* no edges: nothing to merge (and no array to hold them) */
    if (list_room(list, most) != 0)
        return -1;
    cq_seen_edge f, b;
    if (i == i_end && forward_targets == NULL) {
        /* c's own edges alone, each wanted but the `none` rows the flags
        ** leave out (next_forward with no targets): in order already,
        ** nothing to merge, nothing to look up */
        int no_none = (flags & CQ_GATHER_NO_NONE) != 0;
        cq_seen_edge *items = list->items;
        size_t n = 0;
        for (; o < o_end; o++) {
            const cq_edge *e = cq_graph_edge(g, o);
            if (e->to == CQ_NONE && no_none)
                continue;
            items[n++] = cq_seen_forward(g, e);
        }
        list->n = n;
        return 0;
    }
    if (i == i_end) { /* c's own edges alone: in order already */
        while (next_forward(g, &o, o_end, forward_targets, flags, &f))
            list->items[list->n++] = f;
        return 0;
    }
    int have_f = next_forward(g, &o, o_end, forward_targets, flags, &f);
    int have_b = next_backward(g, &i, i_end, targets, &b);
    while (have_f || have_b) {
        if (have_f && (!have_b || seen_edge_compare(&f, &b) <= 0)) {
            list->items[list->n++] = f;
            have_f = next_forward(g, &o, o_end, forward_targets, flags, &f);
        } else {
            list->items[list->n++] = b;
            have_b = next_backward(g, &i, i_end, targets, &b);
        }
    }
    return 0;
}

void cq_edge_list_borrow(cq_edge_list *list, const cq_allocator *alloc,
                         const cq_keep *k)
{
    list->alloc = alloc;
    list->items = k->data;
    list->n = 0;
    list->cap = k->size / sizeof(cq_seen_edge);
}

void cq_edge_list_keep(cq_edge_list *list, cq_keep *k, cq_keep **kept)
{
    cq_keep_put(k, kept, list->items, list->cap * sizeof(cq_seen_edge));
    list->items = NULL;
    list->n = list->cap = 0;
}

/* The gather flags that one direction (cq_cond_direction) leaves: forward
** reads no backward edges, and the reverse. */
static int flags_of(int direction)
{
    return direction == 0 ? CQ_GATHER_NO_BACKWARD : CQ_GATHER_NO_FORWARD;
}

/* The gather flags that a condition allows for the direction field in
** slot: `direction = forward` (in a conjunction) leaves the backward edges
** out, and the reverse. */
static int gather_flags(const cq_cond *where, int slot)
{
    if (where != NULL && where->kind == CQ_C_AND)
        return gather_flags(where->a, slot) | gather_flags(where->b, slot);
    int d = cq_cond_direction(where, slot);
    return d < 0 ? 0 : flags_of(d);
}

/*
** Whether every row passes cond when its edges were read with gather
** flags: cond is nothing but comparisons `slot = 'forward'` or
** `'backward'` joined by `and`, each on slot_a or slot_b (-1: none) and
** each made true by that slot's flags.
*/
static int cond_implied(const cq_cond *cond, int slot_a, int flags_a,
                        int slot_b, int flags_b)
{
    const int both = CQ_GATHER_NO_BACKWARD | CQ_GATHER_NO_FORWARD;
    if (cond == NULL)
        return 1;
    if (cond->kind == CQ_C_AND)
        return cond_implied(cond->a, slot_a, flags_a, slot_b, flags_b) &&
               cond_implied(cond->b, slot_a, flags_a, slot_b, flags_b);
    int d = cq_cond_direction(cond, slot_a), flags = flags_a;
    if (d < 0 && slot_b >= 0) {
        d = cq_cond_direction(cond, slot_b);
        flags = flags_b;
    }
    /* both directions asked for: no row can pass, and which edges a run
    ** reads then is its own affair; each row is tested */
    return d >= 0 && (flags & both) != both && (flags & flags_of(d)) != 0;
}

/* What of cond a row must still pass when its edges were read with those
** flags: cond without the conjuncts cond_implied finds true, or NULL when
** nothing is left.  `direction = forward and annex = $x` leaves the annex
** test alone. */
static const cq_cond *cond_residual(const cq_cond *cond, int slot_a,
                                    int flags_a, int slot_b, int flags_b)
{
    if (cond_implied(cond, slot_a, flags_a, slot_b, flags_b))
        return NULL;
    if (cond->kind == CQ_C_AND) {
        const cq_cond *a =
            cond_residual(cond->a, slot_a, flags_a, slot_b, flags_b);
        const cq_cond *b =
            cond_residual(cond->b, slot_a, flags_a, slot_b, flags_b);
        if (a == NULL)
            return b;
        if (b == NULL)
            return a;
    }
    return cond;
}

/* May what cond says of the direction fields in slot_a and slot_b change
** from run to run: does a comparison of one of them read a $parameter or
** a count (the only operands a run sets)?  Only those comparisons decide
** the gather flags and which parts of cond are implied (cq_cond_direction);
** the others stay in the residual whatever their values. */
static int direction_varies(const cq_cond *cond, int slot_a, int slot_b)
{
    if (cond == NULL)
        return 0;
    if (direction_varies(cond->a, slot_a, slot_b) ||
        direction_varies(cond->b, slot_a, slot_b))
        return 1;
    if ((cond->kind != CQ_C_CMP && cond->kind != CQ_C_IN &&
         cond->kind != CQ_C_MATCH) ||
        cond->lhs.kind != CQ_OPND_FIELD ||
        (cond->lhs.field->slot != slot_a && cond->lhs.field->slot != slot_b))
        return 0;
    for (int i = 0; i < cond->n_rhs; i++)
        if (cond->rhs[i].kind == CQ_OPND_PARAM ||
            cond->rhs[i].kind == CQ_OPND_COUNT)
            return 1;
    return 0;
}

void cq_edge_plan_get(cq_plan *plan, int slot_a, int slot_b, int extra,
                      int *flags_a, int *flags_b, const cq_cond **residual)
{
    struct cq_edge_plan *ep = &plan->edge_plan;
    if (!ep->known) {
        ep->flags_a = extra | gather_flags(plan->where, slot_a);
        ep->flags_b =
            slot_b < 0 ? 0 : extra | gather_flags(plan->where, slot_b);
        ep->residual = cond_residual(plan->where, slot_a, ep->flags_a, slot_b,
                                     ep->flags_b);
        ep->known = !direction_varies(plan->where, slot_a, slot_b);
    }
    *flags_a = ep->flags_a;
    *flags_b = ep->flags_b;
    *residual = ep->residual;
}

int cq_seen_relation(const cq_seen_edge *s)
{
    int rel = s->edge->relation;
    return s->inverted ? cq_relation_inverse(rel) : rel;
}

/* ---- pairs of standards ------------------------------------------------- */

static int compare_u64(const void *pa, const void *pb)
{
    uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
    return a < b ? -1 : a > b;
}

int cq_pair_counts(const cq_graph *g, const cq_allocator *alloc,
                   cq_pair_count **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    size_t n = g->n_edges;
    uint64_t *keys = cq_malloc(alloc, (n ? n : 1) * sizeof(uint64_t));
    cq_pair_count *pairs = cq_calloc(alloc, n ? n : 1, sizeof(cq_pair_count));
    if (keys == NULL || pairs == NULL) {
        cq_free(alloc, keys, (n ? n : 1) * sizeof(uint64_t));
        cq_free(alloc, pairs, (n ? n : 1) * sizeof(cq_pair_count));
        return -1;
    }
    /* (lower standard, higher standard, confidence) in one sortable key;
    ** standards fit in 30 bits (a corpus has at most UINT32_MAX / 4 rows
    ** of each kind, corpus.c) */
    for (size_t i = 0; i < n; i++) {
        const cq_edge *e = cq_graph_edge(g, i);
        uint64_t a = cq_graph_clause(g, e->from)->standard, b = e->to_standard;
        if (a > b) {
            uint64_t t = a;
            a = b;
            b = t;
        }
        keys[i] = a << 34 | b << 2 | e->confidence;
    }
    qsort(keys, n, sizeof(uint64_t), compare_u64);
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        cq_id a = (cq_id)(keys[i] >> 34);
        cq_id b = (cq_id)(keys[i] >> 2 & 0xffffffffu);
        if (used == 0 || pairs[used - 1].a != a || pairs[used - 1].b != b) {
            pairs[used].a = a;
            pairs[used].b = b;
            used++;
        }
        pairs[used - 1].count[keys[i] & 3]++;
    }
    cq_free(alloc, keys, (n ? n : 1) * sizeof(uint64_t));
    *out = pairs;
    *n_out = used;
    return 0;
}

void cq_pair_counts_free(const cq_allocator *alloc, cq_pair_count *pairs,
                         const cq_graph *g)
{
    size_t n = g->n_edges;
    cq_free(alloc, pairs, (n ? n : 1) * sizeof(cq_pair_count));
}
