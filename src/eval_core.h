/*
** eval_core.h -- what the evaluator's files share: the state of one run of
** a plan and the walk over a clause's correlations (eval_core.c), and the
** workers' prototypes.  Internal to eval*.c, compose.c and aggregate.c.
*/
#ifndef CQ_EVAL_CORE_H
#define CQ_EVAL_CORE_H

#include <string.h>

#include "plan.h"
#include "reach.h"

/* The state of one plan being run. */
typedef struct runner {
    cq_plan *plan;
    cq_run *run;
    const cq_graph *g;
    cq_table *table;
    cq_error *err;
    /* What a row must still pass: the plan's condition, less what the run
    ** has seen that the edges it reads make true (cq_edge_plan_get) */
    const cq_cond *where;
} runner;

/* Keep the row (its slots) when it satisfies the plan's condition. */
int cq_emit(runner *r, const cq_value *slots, cq_id term);

/* Every slot null, made once (eval_core.c). */
extern const cq_value cq_null_slots[CQ_MAX_SLOTS];

/* Set every slot to null.  One block copy: a loop of a store a slot was a
** tenth of a two-hop point query's work. */
static inline void cq_clear_slots(cq_value *slots)
{
    memcpy(slots, cq_null_slots, sizeof cq_null_slots);
}

/* Resolve a plan's route (its pivot sets, its `via any` max, its
** condition) for this run and fill *route; bridge (or CQ_NONE) is the
** pivot standard of an edition bridge, used when the plan has no route.
** Returns CONCORD_OK or an error (a max outside 1 to CQ_ROUTE_MAX_HOPS).
** In eval_routes.c. */
int cq_route_prepare(runner *r, cq_id bridge, cq_standard_set *bridge_set,
                     cq_route *route);

/* The route from clause from along n edges, edge i ending in at[i], as
** "A -[annex]-> B -[annex]-> C" (how every composed row spells its
** route: people read it, programs split it at " -[" and "]-> "), in the
** run's arena; NULL when memory ran out. */
const char *cq_route_spell(runner *r, cq_id from, const cq_edge *const *edge,
                           const cq_id *at, int n);

/* A graph string as a row value (borrowing the graph's bytes), or null
** when it is empty, as optional fields are. */
static inline cq_value cq_graph_text(const cq_graph *g, cq_str s)
{
    return cq_text(cq_graph_str(g, s));
}

static inline cq_value cq_graph_text_or_null(const cq_graph *g, cq_str s)
{
    const char *text = cq_graph_str(g, s);
    return *text ? cq_text(text) : cq_null();
}

/* Of an edge, as row values: "*" when its confidence is high (else null),
** and the name of the layer it came from. */
static inline cq_value cq_edge_high(const cq_edge *e)
{
    return e->confidence == CQ_CONF_HIGH ? cq_text("*") : cq_null();
}

static inline cq_value cq_edge_layer(const cq_graph *g, const cq_edge *e)
{
    return e->layer < g->n_layers ? cq_graph_text(g, g->layers[e->layer])
                                  : cq_null();
}

/* How many edges join two standards, by confidence. */
typedef struct cq_pair_count {
    cq_id a, b;                     /* the standards, a <= b */
    long long count[CQ_CONF_COUNT]; /* by enum cq_confidence */
} cq_pair_count;

/* The pairs of standards that edges join, sorted by (a, b), into *out
** (free with cq_pair_counts_free).  Returns 0, or -1 when memory ran
** out. */
int cq_pair_counts(const cq_graph *g, const cq_allocator *alloc,
                   cq_pair_count **out, size_t *n_out);
void cq_pair_counts_free(const cq_allocator *alloc, cq_pair_count *pairs,
                         const cq_graph *g);

/* An edge seen from one of its ends. */
typedef struct cq_seen_edge {
    const cq_edge *edge;
    const char *annex; /* the edge's label: qsort cannot pass the graph */
    cq_id other;       /* the other end, CQ_NONE for a `none` row */
    cq_id other_std;   /* its standard */
    int inverted;      /* read backwards: relation inverted */
} cq_seen_edge;

/* A growable list of seen edges, reused across clauses. */
typedef struct cq_edge_list {
    const cq_allocator *alloc;
    cq_seen_edge *items;
    size_t n, cap;
} cq_edge_list;

void cq_edge_list_free(cq_edge_list *list);

/* A list on the block k keeps, and the list's block put back in k (see
** cq_keep): a statement run again gathers without allocating. */
void cq_edge_list_borrow(cq_edge_list *list, const cq_allocator *alloc,
                         const cq_keep *k);
void cq_edge_list_keep(cq_edge_list *list, cq_keep *k, cq_keep **kept);

/* cq_gather_edges' flags. */
#define CQ_GATHER_NO_NONE 1     /* leave out `none` rows */
#define CQ_GATHER_NO_FORWARD 2  /* leave out the edges stored from c */
#define CQ_GATHER_NO_BACKWARD 4 /* leave out the edges stored toward c */

/* Gather the correlations of clause c whose other end is in targets
** (every end when targets is NULL; `none` rows only toward the targets'
** whole standards), ordered by the other end's standard and clause, then
** annex, as flags allow.  Returns 0 or -1 on OOM. */
int cq_gather_edges(const cq_graph *g, cq_id c, const cq_set *targets,
                    int flags, cq_edge_list *list);

/* cq_gather_edges with only, cq_set_one_standard of targets (or CQ_NONE),
** worked out by the caller: a loop over many clauses toward one set asks
** once, not once a clause. */
int cq_gather_edges_toward(const cq_graph *g, cq_id c, const cq_set *targets,
                           cq_id only, int flags, cq_edge_list *list);

/* Edge e as read forward, from its own clause: what every walker of a
** clause's own edges makes of it. */
static inline cq_seen_edge cq_seen_forward(const cq_graph *g, const cq_edge *e)
{
    return (cq_seen_edge){e, cq_graph_str(g, e->annex), e->to, e->to_standard,
                          0};
}

/* The walkers under cq_gather_edges, which eval.c's `gap` and `coverage`
** use too; inline, as they run for every edge. */
/* The next wanted edge stored from c, at or after out[*i] (see
** cq_gather_edges); 0 when there is none. */
static inline int cq_next_forward(const cq_graph *g, uint32_t *i, uint32_t end,
                                  const cq_set *targets, int flags,
                                  cq_seen_edge *item)
{
    for (; *i < end; (*i)++) {
        const cq_edge *e = cq_graph_edge(g, *i);
        int wanted;
        if (e->to == CQ_NONE)
            wanted = !(flags & CQ_GATHER_NO_NONE) &&
                     (targets == NULL ||
                      cq_set_has_standard(targets, e->to_standard));
        else
            wanted = targets == NULL || cq_set_has(targets, e->to);
        if (wanted) {
            *item = cq_seen_forward(g, e);
            (*i)++;
            return 1;
        }
    }
    return 0;
}

/* Narrow [*i, *end), a run of a clause's own edges, to those toward
** standard: they lie together, as edges are sorted by their target's
** standard after their source (graph.h). */
static inline void cq_edges_toward(const cq_graph *g, cq_id standard,
                                   uint32_t *i, uint32_t *end)
{
    /* [*i, *end) is a range of the edges (clamped: cq_graph_out_first),
    ** and to_standard is only compared: read in place, the hot scan */
    uint32_t first = *i, last = *end;
    while (first < last && g->edges[first].to_standard < standard)
        first++;
    uint32_t stop = first;
    while (stop < last && g->edges[stop].to_standard == standard)
        stop++;
    *i = first;
    *end = stop;
}

/*
** The gather flags for the direction fields in slot_a and slot_b (-1:
** none) of the plan's condition, each with extra added, and what rows are
** still tested against (the condition less what those flags make true):
** worked out at the first run and
** kept in the plan, unless a comparison of those fields reads a $parameter
** or a count, when each run works it out anew.  A point query would spend
** a tenth of its time on this otherwise.
*/
void cq_edge_plan_get(cq_plan *plan, int slot_a, int slot_b, int extra,
                      int *flags_a, int *flags_b, const cq_cond **residual);

/* The relation of a seen edge, read from the end it was seen from. */
int cq_seen_relation(const cq_seen_edge *s);

/* Does clause c correlate with a clause of targets (either direction,
** `none` rows excluded)?  When it does not, *none_edge is its `none` row
** toward one of the targets' whole standards, if it has one. */
int cq_correlates_with(const cq_graph *g, cq_id c, const cq_set *targets,
                       const cq_edge **none_edge);

/* The pipeline stages of aggregate.c: a `group by` with aggregates (keys
** in cols, from in to out), and `top N by COL per KEYS` (t in place). */
int cq_stage_aggregate(runner *r, const cq_stage *st, const int *cols,
                       const cq_table *in, cq_table *out);
int cq_stage_top(runner *r, cq_stage *st, cq_table *t);

/* The workers of the queries, which statements.h's rows name (cq_run_show
** ...): cq_execute runs a plan with the one its kind's row names. */
#define CQ_RUN_PROTO_(cls, kind, name, compile, run, shape)                    \
    CQ_STMT_QUERY_ONLY_##cls(int run(runner *r);)
CQ_STATEMENTS(CQ_RUN_PROTO_)

/* The variants the workers of clauses and correlate choose (eval_terms.c,
** eval_routes.c, eval_paths.c). */
int cq_run_clauses_terms(runner *r);
int cq_run_routes(runner *r);
int cq_run_via(runner *r);
/* The slot (CQ_VIA_TO) in which no two rows of the last run of plan p are
** alike, when p is a via whose every row is its own target: one source
** clause, and a row a pair (its `where` reads no `best`); else -1.  Asked
** after the run, of the sets it resolved. */
int cq_via_distinct_slot(const cq_plan *p);
/* How `integrate` places a clause of a standard on the high level
** structure (eval_views.c): what the standard has at an HLS clause
** (SHOWN), a numbered part of one (PART), an addition under one (ADDED),
** or outside it (NONE; anchor CQ_NONE). */
enum { CQ_PLACE_NONE, CQ_PLACE_SHOWN, CQ_PLACE_PART, CQ_PLACE_ADDED };
typedef struct cq_placed {
    cq_id anchor; /* the HLS clause, or CQ_NONE */
    int how;      /* CQ_PLACE_* */
} cq_placed;

/* Place every clause of standard s on the structure hls: out[i] is for
** clause first_clause + i. */
void cq_place_standard(const cq_graph *g, cq_id hls, cq_id s, cq_placed *out);

/*
** Walk the clauses of standard hls depth first: enter(ctx, c), then c's
** subclauses, then leave(ctx, c), stopping at the first that does not
** return CONCORD_OK.  Iterative, with a stack of open clauses in the run's
** arena: a chain of clauses as deep as a corpus allows (65,535) walks in
** constant C stack, as a recursion a level a call could not.
*/
int cq_walk_outline(runner *r, cq_id hls, int (*enter)(void *ctx, cq_id c),
                    int (*leave)(void *ctx, cq_id c), void *ctx);

/* `check`'s rows about the status files: clauses that two rows give
** different statuses. */
int cq_check_status(runner *r);

#endif
