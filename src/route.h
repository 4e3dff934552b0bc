/*
** route.h -- composing correlations along a chain of edges: the relation,
** kind, strength and confidence a chain of hops claims, and the route it
** took, written so people and programs can read it back.
**
** One rule for every statement that reads more than one hop (correlate
** ... via, gap and coverage through pivots or another edition), so that
** they agree; docs/language.md states it as a table, and
** tests/unit/test_route.c checks every pair.
*/
#ifndef CQ_ROUTE_H
#define CQ_ROUTE_H

/* The most a chain through a structure edge can claim: two clauses that
** fill the same slot of the high level structure share a heading, not a
** requirement, so the chain is at most `intersects` of this strength. */
#define CQ_STRUCTURE_STRENGTH_CAP 3

/* What one hop, or a chain of them, says (read from its start). */
typedef struct cq_link {
    int relation;   /* enum cq_relation */
    int kind;       /* enum cq_edge_kind */
    int strength;   /* 0..10 */
    int confidence; /* enum cq_confidence */
} cq_link;

/* The relations composed (equal keeps the other; subset of a subset is a
** subset, superset of a superset a superset; none with anything none;
** anything else intersects), ignoring kinds. */
int cq_relation_compose(int a, int b);

/* The kind of a chain of hops of kinds a then b: structure when either is,
** else content when either is, else transition. */
int cq_kind_compose(int a, int b);

/* The chain a then b: its relation, kind, weakest strength and confidence;
** a chain of kind structure claims at most `intersects` and at most
** CQ_STRUCTURE_STRENGTH_CAP. */
cq_link cq_link_compose(cq_link a, cq_link b);

/* Is chain a stronger than chain b, by the rule that picks the one route
** of a pair kept (`best`, docs/language.md): the greater
** strength, then the greater confidence, then content before transition
** before structure?  (Equal: the caller keeps the one found first.) */
int cq_link_stronger(cq_link a, cq_link b);

#endif
