/*
** id_text.h -- reading a text column of rows held as ids (table.h) with
** no cell made: the column's kind (enum cq_id_text) says which graph
** string it is, and the row's ids find it in a load or two.
**
** Inline, for the API's column and step calls: a result of many rows is
** read a cell at a time, and this is all the reading a cell of a kind
** costs.  The ids of a row are the run's own (an edge of the range it
** walked, a clause of the set it walked), so in range, and are followed
** in place; an id or offset read from the graph on the way is checked by
** the graph's accessors (graph.h), as everywhere.
*/
#ifndef CQ_ID_TEXT_H
#define CQ_ID_TEXT_H

#include "graph.h"
#include "table.h"

/* The text of kind (not CQ_ID_TEXT_CELL) of id row row of table t. */
static inline const char *cq_id_text(const cq_table *t, const cq_id_row *row,
                                     int kind)
{
    const cq_graph *g = t->id_graph;
    if (kind == CQ_ID_TEXT_FROM_KEY)
        return cq_graph_str(g, g->clauses[row->from].key);
    if (kind == CQ_ID_TEXT_RELATION) { /* out of range: noted there */
        const cq_edge *e = &g->edges[row->edge];
        return cq_relation_name(e->relation < CQ_REL_COUNT
                                    ? e->relation
                                    : cq_graph_edge(g, row->edge)->relation);
    }
    /* the target's key, or standard's */
    return cq_graph_str(g, cq_graph_to_key(g, row->edge));
}

/* Ask for the strings of kind t->id_ahead of the n id rows from row on,
** so that a reader a few rows behind finds them in cache; through
** id_cell when the table has no such kind. */
static inline void cq_id_text_ahead(const cq_table *t, const cq_id_row *row,
                                    size_t n)
{
    const cq_graph *g = t->id_graph;
    switch (t->id_ahead) {
    case CQ_ID_TEXT_TO_KEY:
        for (size_t k = 0; k < n; k++)
            __builtin_prefetch(
                cq_graph_str(g, cq_graph_to_key(g, row[k].edge)));
        return;
    case CQ_ID_TEXT_FROM_KEY:
        for (size_t k = 0; k < n; k++)
            __builtin_prefetch(cq_graph_str(g, g->clauses[row[k].from].key));
        return;
    default:
        t->id_cell(t->id_graph, t->id_slots, row, -(int)n);
    }
}

#endif
