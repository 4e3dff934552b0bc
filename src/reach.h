/*
** reach.h -- how the clauses of one set reach those of another along a
** route of correlations: directly, through pivot sets in turn (`via A
** then B`), or through any clauses (`via any max N`); which routes count
** (a condition on the composed correlation); and, when two sets are
** linked by no edge at all, the route through another edition of the
** same standard that answers instead (its transition edges).
**
** gap and coverage use it when they are asked for a route or a
** condition, or when their sets are linked only through an edition; the
** direct, unconditional questions keep their pair-list shortcuts
** (eval.c).  Internal to the evaluator.
*/
#ifndef CQ_REACH_H
#define CQ_REACH_H

#include "plan.h"
#include "route.h"

/* The most hops a route takes (`via any max N` is at most this). */
#define CQ_ROUTE_MAX_HOPS 4
#define CQ_ROUTE_ANY_DEFAULT 3 /* `via any` without max */

/* A route as run: hop i < n_pivots ends in pivots[i], the last hop in the
** targets; with any, every hop but the last ends anywhere outside the
** targets, and a route has 1 to n_hops hops. */
typedef struct cq_route {
    const cq_set *pivots[CQ_ROUTE_MAX_HOPS];
    int n_pivots;
    int n_hops;
    int any;
    const cq_cond *cond; /* on the composed correlation (cq_shape_link),
                            or NULL: every correlation counts */
    int direct_too;      /* the direct correlations as well (an edition
                            bridge: a set's own edges, then the transition) */
} cq_route;

/* One route found from a clause: where it ends, what it claims, and its
** hops (edge i goes from at[i - 1], or the start, to at[i]). */
typedef struct cq_reached {
    cq_id to;
    cq_link link;
    int hops;
    const cq_edge *edge[CQ_ROUTE_MAX_HOPS];
    cq_id at[CQ_ROUTE_MAX_HOPS];
} cq_reached;

/* Does a correlation of hops hops, the last along edge last, that claims
** link pass cond (the fields of cq_shape_link; NULL: every one does)?
** gap and coverage test a route's composed correlation; path each edge
** it walks; integrate a placing route's. */
int cq_link_passes(const cq_cond *cond, const cq_graph *g, cq_link link,
                   int hops, const cq_edge *last);

/* Called for each route found that passes the route's condition; passed
** is 0 for a route the condition leaves out.  Returns 0 to go on, 1 to
** stop (the walk then returns CONCORD_OK), or a CONCORD_* error. */
typedef int (*cq_reach_fn)(void *ctx, const cq_reached *found, int passed);

/* Walk every route from clause from into targets (`none` rows and
** revisits of a clause excluded), calling fn.  Each edge tried counts a
** step (cq_tick), so a wide `via any` meets the steps limit, not the
** machine's.  Returns CONCORD_OK, fn's error, or the tick's. */
int cq_reach(cq_run *run, const cq_graph *g, cq_id from, const cq_route *route,
             const cq_set *targets, cq_reach_fn fn, void *ctx);

/* Does clause from reach targets by a route that passes?  *weak (when not
** NULL) is set when it reaches them only by routes the condition leaves
** out. */
int cq_reach_any(cq_run *run, const cq_graph *g, cq_id from,
                 const cq_route *route, const cq_set *targets, int *reached,
                 int *weak);

/* A set of one standard's clauses, for a pivot chosen while running. */
typedef struct cq_standard_set {
    cq_set set;
    cq_range range;
    cq_id standard;
} cq_standard_set;

void cq_standard_set_init(cq_standard_set *s, const cq_graph *g,
                          cq_id standard);

/* Is some clause of a linked to some clause of b by an edge (a correlation
** or a `none` row), as far as the standards they lie in say? */
int cq_sets_linked(const cq_graph *g, const cq_set *a, const cq_set *b);

/*
** The standard, an earlier edition (by year) of the standard of b or of a,
** that both are linked with: through it a route of two hops, one of them
** transition edges, reaches the later edition (what was correlated with
** 27001:2013 reaches 27001:2022); else CQ_NONE.  Each set must lie in one
** standard.
*/
cq_id cq_edition_bridge(const cq_graph *g, const cq_set *a, const cq_set *b);

/*
** Say once on the run's diagnostic channel (cq_run_note) that a and b are
** linked by no edge: through which edition the answer goes (bridge, or
** CQ_NONE), else which standards a route could go through.  Returns
** CONCORD_OK or CONCORD_NOMEM.
*/
int cq_note_unlinked(cq_run *run, const cq_graph *g, cq_set *a, cq_set *b,
                     cq_id bridge);

/* The same, for sets that may be linked: linked and bridged, the note
** says that the edition's routes were added to their own edges.  The note
** is kept (run->later) and worded only when it is read (cq_note_word):
** most runs are never asked, and the words cost more than the answer. */
int cq_note_reach(cq_run *run, const cq_graph *g, cq_set *a, cq_set *b,
                  int linked, cq_id bridge);

/* Word the run's kept notes, in the order they were said, onto run->note
** (what cq_note_reach would have said at once); run->later is left as it
** was, so a word that failed can be asked again.  Returns CONCORD_OK or
** CONCORD_NOMEM. */
int cq_note_word(cq_run *run);

/* Does the plan's statement take a route or a condition on what counts? */
static inline int cq_plan_routed(const cq_plan *p)
{
    return p->n_hops > 0 || p->via_any || p->counting != NULL;
}

#endif
