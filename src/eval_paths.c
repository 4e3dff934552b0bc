/*
** eval_paths.c -- correlations over more than one hop: `correlate A with B
** via P` (through a pivot standard) and `path X to Y [max N]` (the shortest
** chains between two clauses through any standards).
**
** Along a chain, relations compose as set relations do (equal keeps the
** other relation; subset of a subset is a subset; anything mixed only
** intersects) and the chain is as strong, and as trustworthy, as its
** weakest link.
*/
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "concord.h"
#include "eval_core.h"
#include "reach.h"
#include "route.h"

/* ---- via ----------------------------------------------------------------- */

/* One two-hop correlation: from -> via (first) -> to (second). */
typedef struct hop2 {
    cq_id via;
    cq_id to;
    cq_id to_std;
    cq_seen_edge first;
    cq_seen_edge second;
} hop2;

typedef struct hop2_list {
    const cq_allocator *alloc;
    hop2 *items;
    size_t n, cap;
} hop2_list;

/* A new chain at the end of l, to be filled where it lies (not copied
** there); NULL when memory ran out. */
static hop2 *hop2_add(hop2_list *l)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        hop2 *items = cq_realloc(l->alloc, l->items, l->cap * sizeof(hop2),
                                 cap * sizeof(hop2));
        if (items == NULL)
            return NULL;
        l->items = items;
        l->cap = cap;
    }
    return &l->items[l->n++];
}

/* By target (standard, clause), then pivot, then the edges' order. */
static int hop2_compare(const void *pa, const void *pb)
{
    const hop2 *a = pa, *b = pb;
    if (a->to_std != b->to_std)
        return a->to_std < b->to_std ? -1 : 1;
    if (a->to != b->to)
        return a->to < b->to ? -1 : 1;
    if (a->via != b->via)
        return a->via < b->via ? -1 : 1;
    if (a->first.edge != b->first.edge)
        return a->first.edge < b->first.edge ? -1 : 1;
    if (a->second.edge != b->second.edge)
        return a->second.edge < b->second.edge ? -1 : 1;
    return 0;
}

/* How many chains hop2_sort puts in order by insertion, not qsort. */
#define HOP2_INSERTION 16

/* Sort chains by hop2_compare, a total order (equal chains are the same
** chain), so any sort gives the one order: the few chains of a point
** query by insertion, with no call a compare, more by qsort. */
static void hop2_sort(hop2 *items, size_t n)
{
    if (n > HOP2_INSERTION) {
        qsort(items, n, sizeof(hop2), hop2_compare);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        /* in place already (the chains are mostly found in order): no
        ** copy of a chain out and back */
        if (hop2_compare(&items[i], &items[i - 1]) >= 0)
            continue;
        hop2 h = items[i];
        size_t k = i;
        for (; k > 0 && hop2_compare(&h, &items[k - 1]) < 0; k--)
            items[k] = items[k - 1];
        items[k] = h;
    }
}

/* What the chain of h claims (route.h). */
static cq_link hop2_link(const cq_graph *g, const hop2 *h)
{
    const cq_edge *e1 = h->first.edge, *e2 = h->second.edge;
    return cq_link_compose(
        (cq_link){cq_seen_relation(&h->first), cq_edge_kind_of(g, e1),
                  e1->strength, e1->confidence},
        (cq_link){cq_seen_relation(&h->second), cq_edge_kind_of(g, e2),
                  e2->strength, e2->confidence});
}

/* The route of a chain as text, readable and split at " -[" and "]-> ":
** "20000-1:8.5.1 -[C]-> 27001:A.12.1.2 -[T]-> 27001@2022:A.8.32" (the
** annex of each hop between the clauses), in the run's arena; NULL when
** memory ran out. */
static const char *route_text(runner *r, cq_id from, const hop2 *h)
{
    const cq_graph *g = r->g;
    const char *k0 = cq_graph_str(g, cq_graph_clause(g, from)->key),
               *k1 = cq_graph_str(g, cq_graph_clause(g, h->via)->key),
               *k2 = cq_graph_str(g, cq_graph_clause(g, h->to)->key),
               *a1 = cq_graph_str(g, h->first.edge->annex),
               *a2 = cq_graph_str(g, h->second.edge->annex);
    size_t n = strlen(k0) + strlen(k1) + strlen(k2) + strlen(a1) + strlen(a2) +
               2 * 7 + 1;
    char *text = cq_arena_alloc(r->run->arena, n);
    if (text != NULL)
        snprintf(text, n, "%s -[%s]-> %s -[%s]-> %s", k0, a1, k1, a2, k2);
    return text;
}

/* The chains to one target, strongest first by cq_link_stronger (the
** first found first among equals, so the first is the `best` one): an
** insertion sort, stable, for the few chains of a pair whose strongest
** the statement's `where` turned away. */
static void hop2_sort_strongest(const cq_graph *g, hop2 *items, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        hop2 h = items[i];
        cq_link l = hop2_link(g, &h);
        size_t k = i;
        while (k > 0 && cq_link_stronger(l, hop2_link(g, &items[k - 1]))) {
            items[k] = items[k - 1];
            k--;
        }
        items[k] = h;
    }
}

/* Slot bits of a via row, in groups that read the same things: a row
** tests a group once, and the slots of a group only when it is read. */
#define SLOT_BIT(i) (UINT64_C(1) << (i))
#define NEEDS_ANY(plan, mask) ((~(plan)->skip & (mask)) != 0)
#define VIA_SLOTS_ALL (SLOT_BIT(CQ_VIA_N_SLOTS) - 1)
#define FROM_SLOTS                                                             \
    (SLOT_BIT(CQ_VIA_FROM) | SLOT_BIT(CQ_VIA_FROM_TITLE) |                     \
     SLOT_BIT(CQ_VIA_FROM_STANDARD) | SLOT_BIT(CQ_VIA_FROM_ORIGIN) |           \
     SLOT_BIT(CQ_VIA_FROM_DEPTH))
#define VIA_SLOTS                                                              \
    (SLOT_BIT(CQ_VIA_VIA) | SLOT_BIT(CQ_VIA_VIA_TITLE) |                       \
     SLOT_BIT(CQ_VIA_VIA_STANDARD))
#define TO_SLOTS                                                               \
    (SLOT_BIT(CQ_VIA_TO) | SLOT_BIT(CQ_VIA_TO_TITLE) |                         \
     SLOT_BIT(CQ_VIA_TO_STANDARD) | SLOT_BIT(CQ_VIA_TO_ORIGIN) |               \
     SLOT_BIT(CQ_VIA_TO_DEPTH))
#define CHAIN_SLOTS                                                            \
    (SLOT_BIT(CQ_VIA_RELATION) | SLOT_BIT(CQ_VIA_STRENGTH) |                   \
     SLOT_BIT(CQ_VIA_CONFIDENCE) | SLOT_BIT(CQ_VIA_HIGH) |                     \
     SLOT_BIT(CQ_VIA_KIND))
#define FIRST_SLOTS                                                            \
    (SLOT_BIT(CQ_VIA_VIA_RELATION) | SLOT_BIT(CQ_VIA_VIA_ANNEX) |              \
     SLOT_BIT(CQ_VIA_VIA_CONFIDENCE) | SLOT_BIT(CQ_VIA_VIA_SOURCE) |           \
     SLOT_BIT(CQ_VIA_VIA_LAYER) | SLOT_BIT(CQ_VIA_VIA_KIND))
#define SECOND_SLOTS                                                           \
    (SLOT_BIT(CQ_VIA_TO_RELATION) | SLOT_BIT(CQ_VIA_TO_ANNEX) |                \
     SLOT_BIT(CQ_VIA_TO_CONFIDENCE) | SLOT_BIT(CQ_VIA_TO_SOURCE) |             \
     SLOT_BIT(CQ_VIA_TO_LAYER) | SLOT_BIT(CQ_VIA_TO_KIND))

_Static_assert(CQ_VIA_VIA_LAYER - CQ_VIA_VIA_RELATION == 4 &&
                   CQ_VIA_TO_LAYER - CQ_VIA_TO_RELATION == 4 &&
                   CQ_VIA_VIA_SOURCE - CQ_VIA_VIA_RELATION ==
                       CQ_VIA_TO_SOURCE - CQ_VIA_TO_RELATION,
               "the two hops' slots are laid out alike");

/* The slots of one hop of a via row: its relation, annex, confidence,
** source and layer in the five slots from `at` on (the two hops' are laid
** out alike), and its kind. */
static void hop_slots(const cq_graph *g, const cq_plan *p,
                      const cq_seen_edge *s, int at, int kind, cq_value *slots)
{
    const cq_edge *e = s->edge;
    CQ_FILL(p, slots, at, cq_text(cq_relation_name(cq_seen_relation(s))));
    CQ_FILL(p, slots, at + 1, cq_graph_text(g, e->annex));
    CQ_FILL(p, slots, at + 2, cq_text(cq_confidence_name(e->confidence)));
    CQ_FILL(p, slots, at + 3, cq_graph_text_or_null(g, e->source));
    CQ_FILL(p, slots, at + 4, cq_edge_layer(g, e));
    CQ_FILL(p, slots, kind, cq_text(cq_kind_name(cq_edge_kind_of(g, e))));
}

/* The key of h's target: in its second edge when read forward (graph.h:
** one load, not the clause's and then its key's). */
static inline cq_str hop2_to_key(const cq_graph *g, const hop2 *h)
{
    return h->second.inverted ? cq_graph_clause(g, h->to)->key
                              : h->second.edge->to_key;
}

/* A via row, made in slots (cleared once by the caller: every row sets the
** same ones); only the slots the plan reads are filled (CQ_FILL), so a
** row narrowed to a few columns reads only the clauses they show.  routes
** is how many chains reach the same target from `from`; best, whether
** this is the one cq_link_stronger keeps. */
static int via_row(runner *r, cq_id from, const hop2 *h, long long routes,
                   int best, cq_value *slots)
{
    const cq_graph *g = r->g;
    const cq_plan *p = r->plan;
    /* a row that shows its target's key alone (`group by to`): what the
    ** checks below come to then, with none of them asked */
    if ((~p->skip & VIA_SLOTS_ALL) == SLOT_BIT(CQ_VIA_TO)) {
        slots[CQ_VIA_TO] = cq_graph_text(g, hop2_to_key(g, h));
        return cq_emit(r, slots, CQ_NONE);
    }
    if (NEEDS_ANY(p, FROM_SLOTS)) {
        const cq_clause *f = cq_graph_clause(g, from);
        CQ_FILL(p, slots, CQ_VIA_FROM, cq_graph_text(g, f->key));
        CQ_FILL(p, slots, CQ_VIA_FROM_TITLE, cq_graph_text(g, f->title));
        CQ_FILL(p, slots, CQ_VIA_FROM_STANDARD,
                cq_graph_text(g, cq_graph_standard(g, f->standard)->id));
        CQ_FILL(p, slots, CQ_VIA_FROM_ORIGIN,
                cq_text(cq_origin_name(f->origin)));
        CQ_FILL(p, slots, CQ_VIA_FROM_DEPTH, cq_int(f->depth));
    }
    if (NEEDS_ANY(p, VIA_SLOTS)) {
        const cq_clause *v = cq_graph_clause(g, h->via);
        CQ_FILL(p, slots, CQ_VIA_VIA, cq_graph_text(g, v->key));
        CQ_FILL(p, slots, CQ_VIA_VIA_TITLE, cq_graph_text(g, v->title));
        CQ_FILL(p, slots, CQ_VIA_VIA_STANDARD,
                cq_graph_text(g, cq_graph_standard(g, v->standard)->id));
    }
    if (!NEEDS_ANY(p, TO_SLOTS & ~SLOT_BIT(CQ_VIA_TO))) {
        /* the target's key alone: a forward second hop's edge holds it */
        CQ_FILL(p, slots, CQ_VIA_TO, cq_graph_text(g, hop2_to_key(g, h)));
    } else {
        const cq_clause *t = cq_graph_clause(g, h->to);
        CQ_FILL(p, slots, CQ_VIA_TO, cq_graph_text(g, t->key));
        CQ_FILL(p, slots, CQ_VIA_TO_TITLE, cq_graph_text(g, t->title));
        CQ_FILL(p, slots, CQ_VIA_TO_STANDARD,
                cq_graph_text(g, cq_graph_standard(g, t->standard)->id));
        CQ_FILL(p, slots, CQ_VIA_TO_ORIGIN, cq_text(cq_origin_name(t->origin)));
        CQ_FILL(p, slots, CQ_VIA_TO_DEPTH, cq_int(t->depth));
    }
    /* the composed claim only for the columns that show it: a row read
    ** for its keys alone (`group by to`) composes nothing */
    if (NEEDS_ANY(p, CHAIN_SLOTS)) {
        cq_link chain = hop2_link(g, h);
        int confidence = chain.confidence;
        CQ_FILL(p, slots, CQ_VIA_RELATION,
                cq_text(cq_relation_name(chain.relation)));
        CQ_FILL(p, slots, CQ_VIA_STRENGTH, cq_int(chain.strength));
        CQ_FILL(p, slots, CQ_VIA_CONFIDENCE,
                cq_text(cq_confidence_name(confidence)));
        CQ_FILL(p, slots, CQ_VIA_HIGH,
                confidence == CQ_CONF_HIGH ? cq_text("*") : cq_null());
        CQ_FILL(p, slots, CQ_VIA_KIND, cq_text(cq_kind_name(chain.kind)));
    }
    if (NEEDS_ANY(p, FIRST_SLOTS))
        hop_slots(g, p, &h->first, CQ_VIA_VIA_RELATION, CQ_VIA_VIA_KIND, slots);
    if (NEEDS_ANY(p, SECOND_SLOTS))
        hop_slots(g, p, &h->second, CQ_VIA_TO_RELATION, CQ_VIA_TO_KIND, slots);
    if (CQ_NEEDS(p, CQ_VIA_ROUTE)) {
        const char *route = route_text(r, from, h);
        if (route == NULL)
            return cq_error_nomem(r->err);
        slots[CQ_VIA_ROUTE] = cq_text(route);
    }
    CQ_FILL(p, slots, CQ_VIA_ROUTES, cq_int(routes));
    CQ_FILL(p, slots, CQ_VIA_VIA_DIRECTION,
            cq_text(cq_direction_name(h->first.inverted)));
    CQ_FILL(p, slots, CQ_VIA_TO_DIRECTION,
            cq_text(cq_direction_name(h->second.inverted)));
    CQ_FILL(p, slots, CQ_VIA_BEST, cq_text(best ? "yes" : "no"));
    return cq_emit(r, slots, CQ_NONE);
}

/* The chain from c through e1 on along e2, kept unless it leads back to
** c or e2 is a `none` row.  CONCORD_OK, or CONCORD_NOMEM (set on r). */
static int hop_push(runner *r, cq_id c, const cq_seen_edge *e1,
                    const cq_seen_edge *e2, hop2_list *hops)
{
    if (e2->other == c || e2->edge->relation == CQ_REL_NONE)
        return CONCORD_OK;
    /* what the row reads of the target: the key alone is in a forward
    ** edge (hop2_to_key) */
    if (e2->inverted || NEEDS_ANY(r->plan, TO_SLOTS & ~SLOT_BIT(CQ_VIA_TO)))
        __builtin_prefetch(cq_graph_clause(r->g, e2->other));
    else
        __builtin_prefetch(cq_graph_str(r->g, e2->edge->to_key));
    hop2 *h = hop2_add(hops);
    if (h == NULL)
        return cq_error_nomem(r->err);
    h->via = e1->other;
    h->to = e2->other;
    h->to_std = e2->other_std;
    h->first = *e1;
    h->second = *e2;
    return CONCORD_OK;
}

/* The chains from c through e1 on along the pivot's own edges toward
** standard (none rows left out): cq_gather_edges_toward's list for those
** flags, read where the edges lie instead of copied to a list first. */
static int hops_from_block(runner *r, cq_id c, const cq_seen_edge *e1,
                           cq_id standard, hop2_list *hops)
{
    const cq_graph *g = r->g;
    uint32_t o = cq_graph_out_first(g, e1->other),
             end = cq_graph_out_end(g, e1->other);
    cq_edges_toward(g, standard, &o, &end);
    int rc = CONCORD_OK;
    for (; rc == CONCORD_OK && o < end; o++) {
        const cq_edge *e = cq_graph_edge(g, o);
        if (e->to == CQ_NONE)
            continue;
        cq_seen_edge e2 = cq_seen_forward(g, e);
        rc = hop_push(r, c, e1, &e2, hops);
    }
    return rc;
}

/* Does the via of p make a row for every chain, not one a pair: does its
** `where` read `best` (the compiler's slot bits say at once when it
** cannot)? */
static int via_every(const cq_plan *p)
{
    return (p->where_slots & SLOT_BIT(CQ_VIA_BEST)) &&
           cq_cond_reads_slot(p->where, CQ_VIA_BEST);
}

int cq_via_distinct_slot(const cq_plan *p)
{
    if (p->kind != CQ_N_CORRELATE || p->via.n_items == 0 || p->n_hops ||
        p->via_any || via_every(p))
        return -1;
    /* a row a pair (source, target) at most: one source, one row a target */
    uint64_t sources = 0;
    for (int k = 0; k < p->a.n_ranges; k++)
        if (p->a.ranges[k].end > p->a.ranges[k].first)
            sources += p->a.ranges[k].end - p->a.ranges[k].first;
    return sources <= 1 ? CQ_VIA_TO : -1;
}

/* Every chain from a source clause to a pivot clause to a target clause
** (`none` rows and a chain back to the source excluded).  `where
** via_direction = ...` and `to_direction = ...` leave the other direction
** of that hop unread.  The lists live in blocks the plan keeps. */
int cq_run_via(runner *r)
{
    cq_plan *p = r->plan;
    const cq_allocator *alloc = r->run->alloc;
    cq_edge_list firsts, seconds;
    cq_edge_list_borrow(&firsts, alloc, &p->keep[0]);
    cq_edge_list_borrow(&seconds, alloc, &p->keep[1]);
    hop2_list hops = {alloc, p->keep[2].data, 0,
                      p->keep[2].size / sizeof(hop2)};
    int first_flags, second_flags;
    cq_edge_plan_get(p, CQ_VIA_VIA_DIRECTION, CQ_VIA_TO_DIRECTION,
                     CQ_GATHER_NO_NONE, &first_flags, &second_flags, &r->where);
    int rc = CONCORD_OK;
    int every = via_every(p);
    /* a condition the hops' directions make true reads no slot: a row
    ** narrowed to some columns fills those alone (restored at the end) */
    uint64_t skip = p->skip;
    if (r->where == NULL && p->project != NULL) {
        uint64_t used = 0;
        for (int i = 0; i < p->n_project; i++)
            used |= p->project[i] < 64 ? SLOT_BIT(p->project[i]) : ~UINT64_C(0);
        p->skip = ~used;
    }
    cq_value slots[CQ_MAX_SLOTS];
    cq_clear_slots(slots);
    /* each hop toward one standard named whole reads only its block of
    ** edges (cq_gather_edges): asked once, not once a clause */
    cq_id via_only = first_flags & CQ_GATHER_NO_BACKWARD
                         ? cq_set_one_standard(r->g, &p->via)
                         : CQ_NONE;
    cq_id to_only = second_flags & CQ_GATHER_NO_BACKWARD
                        ? cq_set_one_standard(r->g, &p->b)
                        : CQ_NONE;
    /* the second hop read forward only toward one standard named whole,
    ** `none` rows left out: each pivot's block of edges as it lies */
    int forward_block =
        to_only != CQ_NONE &&
        (second_flags &
         (CQ_GATHER_NO_BACKWARD | CQ_GATHER_NO_FORWARD | CQ_GATHER_NO_NONE)) ==
            (CQ_GATHER_NO_BACKWARD | CQ_GATHER_NO_NONE);
    for (int k = 0; rc == CONCORD_OK && k < p->a.n_ranges; k++) {
        for (cq_id c = p->a.ranges[k].first;
             rc == CONCORD_OK && c < p->a.ranges[k].end; c++) {
            hops.n = 0;
            if ((rc = cq_tick(r->run)) != CONCORD_OK)
                break;
            if (cq_gather_edges_toward(r->g, c, &p->via, via_only, first_flags,
                                       &firsts)) {
                rc = cq_error_nomem(r->err);
                break;
            }
            /* the pivots' edge indexes, asked for at once so that their
            ** cache misses overlap */
            for (size_t i = 0; i < firsts.n; i++) {
                __builtin_prefetch(&r->g->out_start[firsts.items[i].other]);
                __builtin_prefetch(&r->g->in_start[firsts.items[i].other]);
            }
            /* then their edges, the reads of these loads overlapping */
            for (size_t i = 0; i < firsts.n; i++) {
                uint32_t e = cq_graph_out_first(r->g, firsts.items[i].other);
                if (e < r->g->n_edges)
                    __builtin_prefetch(cq_graph_edge(r->g, e));
            }
            for (size_t i = 0; rc == CONCORD_OK && i < firsts.n; i++) {
                const cq_seen_edge *e1 = &firsts.items[i];
                if (e1->edge->relation == CQ_REL_NONE)
                    continue;
                if ((rc = cq_tick(r->run)) != CONCORD_OK)
                    break;
                if (forward_block) {
                    /* the pivot's own edges toward the one standard, read
                    ** where they lie: what the gather would list */
                    rc = hops_from_block(r, c, e1, to_only, &hops);
                    continue;
                }
                if (cq_gather_edges_toward(r->g, e1->other, &p->b, to_only,
                                           second_flags, &seconds)) {
                    rc = cq_error_nomem(r->err);
                    break;
                }
                for (size_t j = 0; rc == CONCORD_OK && j < seconds.n; j++)
                    rc = hop_push(r, c, e1, &seconds.items[j], &hops);
            }
            /* the rows show their targets' keys: ask for them all now (their
            ** clauses were asked for as the hops were found) */
            for (size_t i = 0; i < hops.n; i++)
                __builtin_prefetch(
                    cq_graph_str(r->g, hop2_to_key(r->g, &hops.items[i])));
            if (rc == CONCORD_OK && hops.n > 1)
                hop2_sort(hops.items, hops.n);
            /* the chains to one target are together: count them, and
            ** mark the strongest */
            for (size_t i = 0, j; rc == CONCORD_OK && i < hops.n; i = j) {
                size_t best = i;
                for (j = i + 1;
                     j < hops.n && hops.items[j].to == hops.items[i].to; j++)
                    ;
                /* composed only to choose: a single chain is its own best */
                if (j - i > 1) {
                    cq_link top = hop2_link(r->g, &hops.items[i]);
                    for (size_t m = i + 1; m < j; m++) {
                        cq_link l = hop2_link(r->g, &hops.items[m]);
                        if (cq_link_stronger(l, top)) {
                            best = m;
                            top = l;
                        }
                    }
                }
                if (every) {
                    for (size_t m = i; rc == CONCORD_OK && m < j; m++)
                        rc = via_row(r, c, &hops.items[m], (long long)(j - i),
                                     m == best, slots);
                    continue;
                }
                /* a row for the pair: the strongest chain the statement's
                ** `where` lets through (nearly always the strongest) */
                size_t rows = r->table->n_rows;
                rc = via_row(r, c, &hops.items[best], (long long)(j - i), 1,
                             slots);
                if (rc != CONCORD_OK || r->table->n_rows > rows || !r->where)
                    continue;
                hop2_sort_strongest(r->g, hops.items + i, j - i);
                for (size_t m = i + 1; rc == CONCORD_OK && m < j; m++) {
                    rc = via_row(r, c, &hops.items[m], (long long)(j - i), 0,
                                 slots);
                    if (r->table->n_rows > rows)
                        break;
                }
            }
        }
    }
    cq_edge_list_keep(&firsts, &p->keep[0], r->run->kept);
    cq_edge_list_keep(&seconds, &p->keep[1], r->run->kept);
    cq_keep_put(&p->keep[2], r->run->kept, hops.items, hops.cap * sizeof(hop2));
    p->skip = skip;
    return rc;
}

/* ---- path ---------------------------------------------------------------- */

/* One hop of a path: the edge and whether it was walked backwards. */
typedef struct step {
    const cq_edge *edge;
    cq_id from, to;
    int inverted;
} step;

typedef struct path_search {
    runner *r;
    const cq_graph *g;
    const cq_cond *cond; /* `with`: what each edge walked must pass */
    unsigned char *dist; /* hops from the start; 0xFF: not reached */
    step chain[CQ_PATH_MAX_HOPS];
    step *paths; /* found paths, `hops` steps each */
    int n_paths;
    long long found; /* paths found, listed or not */
    int hops;
} path_search;

/* What edge e claims read from the end it is walked from. */
static cq_link step_link(const cq_graph *g, const cq_edge *e, int inverted)
{
    int rel = inverted ? cq_relation_inverse(e->relation) : e->relation;
    return (cq_link){rel, cq_edge_kind_of(g, e), e->strength, e->confidence};
}

/* May a path walk edge e (inverted: from its to end)?  Not a `none` row,
** and, read as a correlation of one hop, it passes the statement's
** `with`. */
static int walkable(const path_search *s, const cq_edge *e, int inverted)
{
    return e->relation != CQ_REL_NONE &&
           cq_link_passes(s->cond, s->g, step_link(s->g, e, inverted), 1, e);
}

/* Keep the path in s->chain (the first CQ_PATH_MAX_PATHS found). */
static void keep_path(path_search *s)
{
    s->found++;
    if (s->n_paths >= CQ_PATH_MAX_PATHS)
        return;
    memcpy(&s->paths[(size_t)s->n_paths * (size_t)s->hops], s->chain,
           sizeof(step) * (size_t)s->hops);
    s->n_paths++;
}

/* The neighbours of v one hop nearer the start, walked in the graph's order
** so the paths found are always the same. */
static void collect_paths(path_search *s, cq_id v, int hop)
{
    const cq_graph *g = s->g;
    if (s->n_paths >= CQ_PATH_MAX_PATHS)
        return;
    if (hop == 0) {
        keep_path(s);
        return;
    }
    /* edges stored from u to v: u is the hop's from end */
    for (uint32_t i = cq_graph_in_first(g, v); i < cq_graph_in_end(g, v); i++) {
        const cq_edge *e = cq_graph_edge(g, cq_graph_in_edge(g, i));
        if (s->dist[e->from] != hop - 1 || !walkable(s, e, 0))
            continue;
        s->chain[hop - 1] = (step){e, e->from, v, 0};
        collect_paths(s, e->from, hop - 1);
    }
    /* edges stored from v to u: walked backwards */
    for (uint32_t i = cq_graph_out_first(g, v); i < cq_graph_out_end(g, v);
         i++) {
        const cq_edge *e = cq_graph_edge(g, i);
        if (e->to == CQ_NONE || s->dist[e->to] != hop - 1 || !walkable(s, e, 1))
            continue;
        s->chain[hop - 1] = (step){e, e->to, v, 1};
        collect_paths(s, e->to, hop - 1);
    }
}

/* How many shortest paths reach v from the start (each edge a path of
** its own, as collect_paths lists them), memo[c] < 0 not yet counted; at
** most LLONG_MAX / 2. */
static long long count_paths(path_search *s, cq_id v, long long *memo)
{
    const cq_graph *g = s->g;
    if (s->dist[v] == 0)
        return 1;
    if (memo[v] >= 0)
        return memo[v];
    int hop = s->dist[v];
    long long sum = 0;
    for (uint32_t i = cq_graph_in_first(g, v); i < cq_graph_in_end(g, v); i++) {
        const cq_edge *e = cq_graph_edge(g, cq_graph_in_edge(g, i));
        if (s->dist[e->from] == hop - 1 && walkable(s, e, 0))
            sum += count_paths(s, e->from, memo);
        if (sum > LLONG_MAX / 2)
            sum = LLONG_MAX / 2;
    }
    for (uint32_t i = cq_graph_out_first(g, v); i < cq_graph_out_end(g, v);
         i++) {
        const cq_edge *e = cq_graph_edge(g, i);
        if (e->to != CQ_NONE && s->dist[e->to] == hop - 1 && walkable(s, e, 1))
            sum += count_paths(s, e->to, memo);
        if (sum > LLONG_MAX / 2)
            sum = LLONG_MAX / 2;
    }
    return memo[v] = sum;
}

static int path_compare(const void *pa, const void *pb, size_t hops)
{
    const step *a = pa, *b = pb;
    for (size_t i = 0; i < hops; i++) {
        if (a[i].to != b[i].to)
            return a[i].to < b[i].to ? -1 : 1;
        if (a[i].edge != b[i].edge)
            return a[i].edge < b[i].edge ? -1 : 1;
    }
    return 0;
}

/* Sort paths (insertion sort: at most CQ_PATH_MAX_PATHS of them). */
static void sort_paths(step *paths, int n, int hops)
{
    step tmp[CQ_PATH_MAX_HOPS];
    size_t size = sizeof(step) * (size_t)hops;
    for (int i = 1; i < n; i++) {
        memcpy(tmp, &paths[(size_t)i * (size_t)hops], size);
        int j = i - 1;
        while (j >= 0 && path_compare(&paths[(size_t)j * (size_t)hops], tmp,
                                      (size_t)hops) > 0) {
            memcpy(&paths[(size_t)(j + 1) * (size_t)hops],
                   &paths[(size_t)j * (size_t)hops], size);
            j--;
        }
        memcpy(&paths[(size_t)(j + 1) * (size_t)hops], tmp, size);
    }
}

/* What a whole path claims, on each of its rows: its route spelled out,
** its hops composed (route.h), and how many paths were found. */
typedef struct path_whole {
    const char *route;
    cq_link link;
    long long routes;
} path_whole;

/* The whole of path p (hops steps): NULL route when memory ran out. */
static path_whole whole_path(runner *r, const step *p, int hops,
                             long long routes)
{
    const cq_edge *edge[CQ_PATH_MAX_HOPS];
    cq_id at[CQ_PATH_MAX_HOPS];
    path_whole w = {NULL, step_link(r->g, p[0].edge, p[0].inverted), routes};
    for (int h = 0; h < hops; h++) {
        edge[h] = p[h].edge;
        at[h] = p[h].to;
        if (h > 0)
            w.link = cq_link_compose(w.link,
                                     step_link(r->g, p[h].edge, p[h].inverted));
    }
    w.route = cq_route_spell(r, p[0].from, edge, at, hops);
    return w;
}

static int path_row(runner *r, int path, int hop, const step *s,
                    const path_whole *w)
{
    const cq_graph *g = r->g;
    const cq_clause *f = cq_graph_clause(g, s->from),
                    *t = cq_graph_clause(g, s->to);
    int rel = s->inverted ? cq_relation_inverse(s->edge->relation)
                          : s->edge->relation;
    cq_value slots[CQ_MAX_SLOTS];
    cq_clear_slots(slots);
    slots[CQ_PATH_PATH] = cq_int(path);
    slots[CQ_PATH_HOP] = cq_int(hop);
    slots[CQ_PATH_FROM] = cq_graph_text(g, f->key);
    slots[CQ_PATH_FROM_TITLE] = cq_graph_text(g, f->title);
    slots[CQ_PATH_TO] = cq_graph_text(g, t->key);
    slots[CQ_PATH_TO_TITLE] = cq_graph_text(g, t->title);
    slots[CQ_PATH_ANNEX] = cq_graph_text(g, s->edge->annex);
    slots[CQ_PATH_RELATION] = cq_text(cq_relation_name(rel));
    slots[CQ_PATH_STRENGTH] = cq_int(s->edge->strength);
    slots[CQ_PATH_CONFIDENCE] =
        cq_text(cq_confidence_name(s->edge->confidence));
    slots[CQ_PATH_HIGH] = cq_edge_high(s->edge);
    slots[CQ_PATH_SOURCE] = cq_graph_text_or_null(g, s->edge->source);
    slots[CQ_PATH_LAYER] = cq_edge_layer(g, s->edge);
    slots[CQ_PATH_KIND] = cq_text(cq_kind_name(cq_edge_kind_of(g, s->edge)));
    slots[CQ_PATH_ROUTE] = cq_text(w->route);
    slots[CQ_PATH_ROUTE_RELATION] = cq_text(cq_relation_name(w->link.relation));
    slots[CQ_PATH_ROUTE_STRENGTH] = cq_int(w->link.strength);
    slots[CQ_PATH_ROUTE_CONFIDENCE] =
        cq_text(cq_confidence_name(w->link.confidence));
    slots[CQ_PATH_ROUTE_KIND] = cq_text(cq_kind_name(w->link.kind));
    slots[CQ_PATH_ROUTES] = cq_int(w->routes);
    return cq_emit(r, slots, CQ_NONE);
}

/* A route of `path ... via P then Q` (reach.h) whose every edge the
** statement's `with` lets through: kept as a path. */
static int keep_route(void *ctx, const cq_reached *f, int passed)
{
    (void)passed; /* the walk has no condition: path tests each edge */
    path_search *s = ctx;
    cq_id at = s->chain[0].from;
    for (int h = 0; h < f->hops; h++) {
        const cq_edge *e = f->edge[h];
        int inverted = !(e->from == at && e->to == f->at[h]);
        if (!walkable(s, e, inverted))
            return 0;
        s->chain[h] = (step){e, at, f->at[h], inverted};
        at = f->at[h];
    }
    keep_path(s);
    return 0;
}

/* `path ... via P then Q`: every route from start through a clause of
** each pivot set in turn to end. */
static int pivot_paths(runner *r, path_search *s, cq_id start, cq_id end)
{
    cq_route route;
    int rc = cq_route_prepare(r, CQ_NONE, NULL, &route);
    if (rc != CONCORD_OK)
        return rc;
    route.cond = NULL; /* tested on each edge instead */
    cq_range one = {end, end + 1};
    cq_set target;
    memset(&target, 0, sizeof target);
    target.ranges = &one;
    target.n_ranges = 1;
    s->hops = route.n_hops;
    s->chain[0].from = start;
    rc = cq_reach(r->run, r->g, start, &route, &target, keep_route, s);
    return rc == CONCORD_NOMEM ? cq_error_nomem(r->err) : rc;
}

/* "no path from A to B via P then Q" and how to find one. */
static int no_path(runner *r, const char *start_key, const char *end_key,
                   int max)
{
    const cq_plan *p = r->plan;
    int most = cq_limit_of(r->run->limits, CONCORD_LIMIT_HOPS);
    cq_error_set(r->err, CONCORD_NOTFOUND, &p->node->loc,
                 "no path from %s to %s", start_key, end_key);
    if (p->n_hops > 0) {
        for (int i = 0; i < p->n_hops; i++)
            cq_buf_printf(&r->err->msg, "%s%s", i ? " then " : " via ",
                          cq_set_label(&p->hops[i], r->g));
    } else {
        cq_buf_printf(&r->err->msg, " within %d hop%s", max,
                      max == 1 ? "" : "s");
    }
    if (p->counting != NULL)
        cq_buf_puts(&r->err->msg,
                    " whose every edge passes the with condition");
    if (p->n_hops == 0 && max < most && !p->via_any)
        cq_buf_printf(&r->err->msg, " (allow more with max N, up to %d)", most);
    return r->err->code;
}

/* Breadth first from the start until the end is reached or the hop limit
** is; then every shortest path, walked back from the end.  `via any max
** N` is `max N`; `via P then Q` takes the routes through the pivots
** instead; `with` says which edges a path may walk. */
int cq_run_path(runner *r)
{
    const cq_graph *g = r->g;
    cq_plan *p = r->plan;
    cq_id start = p->a.items[0].range.first, end = p->b.items[0].range.first;
    int max = (int)p->operand.value.u.integer;
    const char *start_key = cq_graph_str(g, cq_graph_clause(g, start)->key);
    const char *end_key = cq_graph_str(g, cq_graph_clause(g, end)->key);
    if (start == end)
        return cq_error_set(r->err, CONCORD_ERROR, &p->node->loc,
                            "path needs two different clauses; %s is both",
                            start_key);
    int rc = cq_cond_prepare(p->counting, r->run);
    if (rc == CONCORD_OK && p->via_any && p->any_max.kind != 0) {
        cq_route any;
        rc = cq_route_prepare(r, CQ_NONE, NULL, &any);
        max = any.n_hops;
    }
    if (rc != CONCORD_OK)
        return rc;
    const cq_allocator *alloc = r->run->alloc;
    size_t n = g->n_clauses;
    path_search s = {r, g, p->counting, cq_malloc(alloc, n), {{0}}, NULL, 0,
                     0, 0};
    cq_id *queue = cq_malloc(alloc, sizeof(cq_id) * n);
    long long *memo = NULL;
    s.paths =
        cq_malloc(alloc, sizeof(step) * CQ_PATH_MAX_PATHS * CQ_PATH_MAX_HOPS);
    if (s.dist == NULL || queue == NULL || s.paths == NULL) {
        rc = cq_error_nomem(r->err);
        goto done;
    }
    if (p->n_hops > 0) {
        if ((rc = pivot_paths(r, &s, start, end)) != CONCORD_OK)
            goto done;
        if (s.n_paths == 0) {
            rc = no_path(r, start_key, end_key, max);
            goto done;
        }
    } else {
        memset(s.dist, 0xFF, n);
        size_t head = 0, tail = 0;
        s.dist[start] = 0;
        queue[tail++] = start;
        while (head < tail && s.dist[end] == 0xFF) {
            cq_id v = queue[head++];
            if ((rc = cq_tick(r->run)) != CONCORD_OK)
                goto done;
            if (s.dist[v] >= max)
                break;
            for (uint32_t i = cq_graph_out_first(g, v);
                 i < cq_graph_out_end(g, v); i++) {
                const cq_edge *e = cq_graph_edge(g, i);
                if (e->to != CQ_NONE && s.dist[e->to] == 0xFF &&
                    walkable(&s, e, 0)) {
                    s.dist[e->to] = (unsigned char)(s.dist[v] + 1);
                    queue[tail++] = e->to;
                }
            }
            for (uint32_t i = cq_graph_in_first(g, v);
                 i < cq_graph_in_end(g, v); i++) {
                const cq_edge *e = cq_graph_edge(g, cq_graph_in_edge(g, i));
                if (s.dist[e->from] == 0xFF && walkable(&s, e, 1)) {
                    s.dist[e->from] = (unsigned char)(s.dist[v] + 1);
                    queue[tail++] = e->from;
                }
            }
        }
        if (s.dist[end] == 0xFF) {
            rc = no_path(r, start_key, end_key, max);
            goto done;
        }
        s.hops = s.dist[end];
        collect_paths(&s, end, s.hops);
        if ((memo = cq_malloc(alloc, sizeof(long long) * n)) == NULL) {
            rc = cq_error_nomem(r->err);
            goto done;
        }
        memset(memo, 0xFF, sizeof(long long) * n); /* -1: not counted */
        s.found = count_paths(&s, end, memo);
    }
    sort_paths(s.paths, s.n_paths, s.hops);
    for (int i = 0; rc == CONCORD_OK && i < s.n_paths; i++) {
        const step *path = &s.paths[(size_t)i * (size_t)s.hops];
        path_whole w = whole_path(r, path, s.hops, s.found);
        if (w.route == NULL) {
            rc = cq_error_nomem(r->err);
            break;
        }
        for (int h = 0; rc == CONCORD_OK && h < s.hops; h++)
            rc = path_row(r, i + 1, h + 1, &path[h], &w);
    }
done:
    cq_free(alloc, s.dist, n);
    cq_free(alloc, queue, sizeof(cq_id) * n);
    cq_free(alloc, memo, sizeof(long long) * n);
    cq_free(alloc, s.paths,
            sizeof(step) * CQ_PATH_MAX_PATHS * CQ_PATH_MAX_HOPS);
    return rc;
}
