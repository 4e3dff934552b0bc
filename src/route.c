/*
** route.c -- the composition of correlations along a chain (route.h).
** Pure functions of small enums, so a unit test can try every pair.
*/
#include "route.h"

#include "graph.h"

int cq_relation_compose(int a, int b)
{
    if (a == CQ_REL_NONE || b == CQ_REL_NONE)
        return CQ_REL_NONE;
    if (a == CQ_REL_EQUAL || a == CQ_REL_EQUIVALENT)
        return b;
    if (b == CQ_REL_EQUAL || b == CQ_REL_EQUIVALENT)
        return a;
    if (a == b && (a == CQ_REL_SUBSET || a == CQ_REL_SUPERSET))
        return a;
    return CQ_REL_INTERSECTS;
}

int cq_kind_compose(int a, int b)
{
    if (a == CQ_KIND_STRUCTURE || b == CQ_KIND_STRUCTURE)
        return CQ_KIND_STRUCTURE;
    if (a == CQ_KIND_CONTENT || b == CQ_KIND_CONTENT)
        return CQ_KIND_CONTENT;
    return CQ_KIND_TRANSITION;
}

cq_link cq_link_compose(cq_link a, cq_link b)
{
    cq_link c;
    c.relation = cq_relation_compose(a.relation, b.relation);
    c.kind = cq_kind_compose(a.kind, b.kind);
    c.strength = a.strength < b.strength ? a.strength : b.strength;
    c.confidence = a.confidence < b.confidence ? a.confidence : b.confidence;
    if (c.kind == CQ_KIND_STRUCTURE) {
        /* a shared heading is not a shared requirement */
        if (c.relation != CQ_REL_NONE)
            c.relation = CQ_REL_INTERSECTS;
        if (c.strength > CQ_STRUCTURE_STRENGTH_CAP)
            c.strength = CQ_STRUCTURE_STRENGTH_CAP;
    }
    return c;
}

int cq_link_stronger(cq_link a, cq_link b)
{
    static const int kind_rank[CQ_KIND_COUNT] = {[CQ_KIND_CONTENT] = 2,
                                                 [CQ_KIND_TRANSITION] = 1,
                                                 [CQ_KIND_STRUCTURE] = 0};
    if (a.strength != b.strength)
        return a.strength > b.strength;
    if (a.confidence != b.confidence)
        return a.confidence > b.confidence;
    return kind_rank[a.kind] > kind_rank[b.kind];
}
