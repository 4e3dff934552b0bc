/*
** eval_routes.c -- `correlate A with B via P then Q` and `correlate A with
** B via any [max N]`: the routes of correlations from a clause of A to a
** clause of B (reach.h), a row for each pair through the strongest (the
** rule of correlate ... via: strength, then confidence, then content
** before transition before structure, then the first found; every route
** when `where` reads `best`), with what the route claims composed
** (route.h), the route spelled out, and how many routes join the pair.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval_core.h"
#include "reach.h"

/* A route found from the clause being read. */
typedef struct found {
    cq_reached r;
    size_t order; /* when it was found: ties keep it */
} found;

typedef struct found_list {
    const cq_allocator *alloc;
    found *items;
    size_t n, cap;
} found_list;

static int keep_found(void *ctx, const cq_reached *r, int passed)
{
    found_list *l = ctx;
    if (!passed)
        return 0;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 32;
        found *items = cq_realloc(l->alloc, l->items, l->cap * sizeof(found),
                                  cap * sizeof(found));
        if (items == NULL)
            return CONCORD_NOMEM;
        l->items = items;
        l->cap = cap;
    }
    l->items[l->n] = (found){*r, l->n};
    l->n++;
    return 0;
}

/* By target, then as found. */
static int found_compare(const void *pa, const void *pb)
{
    const found *a = pa, *b = pb;
    if (a->r.to != b->r.to)
        return a->r.to < b->r.to ? -1 : 1;
    return (a->order > b->order) - (a->order < b->order);
}

/* The routes to one target, strongest first by cq_link_stronger (the
** first found first among equals, so the first is the `best` one): an
** insertion sort, stable, for the few routes of a pair whose strongest
** the statement's `where` turned away. */
static void found_sort_strongest(found *items, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        found f = items[i];
        size_t k = i;
        while (k > 0 && cq_link_stronger(f.r.link, items[k - 1].r.link)) {
            items[k] = items[k - 1];
            k--;
        }
        items[k] = f;
    }
}

const char *cq_route_spell(runner *r, cq_id from, const cq_edge *const *edge,
                           const cq_id *to, int hops)
{
    const cq_graph *g = r->g;
    size_t n = strlen(cq_graph_str(g, cq_graph_clause(g, from)->key)) + 1;
    for (int i = 0; i < hops; i++)
        n += strlen(cq_graph_str(g, edge[i]->annex)) +
             strlen(cq_graph_str(g, cq_graph_clause(g, to[i])->key)) + 7;
    char *text = cq_arena_alloc(r->run->arena, n);
    if (text == NULL)
        return NULL;
    size_t at = (size_t)snprintf(
        text, n, "%s", cq_graph_str(g, cq_graph_clause(g, from)->key));
    for (int i = 0; i < hops && at < n; i++)
        at += (size_t)snprintf(text + at, n - at, " -[%s]-> %s",
                               cq_graph_str(g, edge[i]->annex),
                               cq_graph_str(g, cq_graph_clause(g, to[i])->key));
    return text;
}

static int route_row(runner *r, cq_id from, const cq_reached *f,
                     long long routes, int best)
{
    const cq_graph *g = r->g;
    const cq_plan *p = r->plan;
    const cq_clause *c = cq_graph_clause(g, from),
                    *t = cq_graph_clause(g, f->to);
    cq_value slots[CQ_MAX_SLOTS];
    cq_clear_slots(slots);
    slots[CQ_ROUTES_FROM] = cq_graph_text(g, c->key);
    slots[CQ_ROUTES_FROM_TITLE] = cq_graph_text(g, c->title);
    slots[CQ_ROUTES_TO] = cq_graph_text(g, t->key);
    slots[CQ_ROUTES_TO_TITLE] = cq_graph_text(g, t->title);
    slots[CQ_ROUTES_RELATION] = cq_text(cq_relation_name(f->link.relation));
    slots[CQ_ROUTES_STRENGTH] = cq_int(f->link.strength);
    slots[CQ_ROUTES_CONFIDENCE] =
        cq_text(cq_confidence_name(f->link.confidence));
    slots[CQ_ROUTES_HIGH] =
        f->link.confidence == CQ_CONF_HIGH ? cq_text("*") : cq_null();
    slots[CQ_ROUTES_KIND] = cq_text(cq_kind_name(f->link.kind));
    slots[CQ_ROUTES_HOPS] = cq_int(f->hops);
    if (CQ_NEEDS(p, CQ_ROUTES_ROUTE)) {
        const char *route = cq_route_spell(r, from, f->edge, f->at, f->hops);
        if (route == NULL)
            return cq_error_nomem(r->err);
        slots[CQ_ROUTES_ROUTE] = cq_text(route);
    }
    slots[CQ_ROUTES_ROUTES] = cq_int(routes);
    slots[CQ_ROUTES_BEST] = cq_text(best ? "yes" : "no");
    slots[CQ_ROUTES_TO_STANDARD] =
        cq_graph_text(g, cq_graph_standard(g, t->standard)->id);
    slots[CQ_ROUTES_FROM_STANDARD] =
        cq_graph_text(g, cq_graph_standard(g, c->standard)->id);
    return cq_emit(r, slots, CQ_NONE);
}

int cq_run_routes(runner *r)
{
    cq_route route;
    int rc = cq_route_prepare(r, CQ_NONE, NULL, &route);
    if (rc != CONCORD_OK)
        return rc;
    const cq_set *a = &r->plan->a;
    found_list l = {r->run->alloc, NULL, 0, 0};
    /* a row per pair, the strongest route, unless `where` reads `best` */
    int every = cq_cond_reads_slot(r->plan->where, CQ_ROUTES_BEST);
    for (int k = 0; rc == CONCORD_OK && k < a->n_ranges; k++)
        for (cq_id c = a->ranges[k].first;
             rc == CONCORD_OK && c < a->ranges[k].end; c++) {
            l.n = 0;
            if ((rc = cq_tick(r->run)) != CONCORD_OK)
                break;
            rc = cq_reach(r->run, r->g, c, &route, &r->plan->b, keep_found, &l);
            if (rc == CONCORD_NOMEM)
                rc = cq_error_nomem(r->err);
            if (rc != CONCORD_OK)
                break;
            if (l.n > 1)
                qsort(l.items, l.n, sizeof(found), found_compare);
            for (size_t i = 0, j; rc == CONCORD_OK && i < l.n; i = j) {
                size_t best = i;
                for (j = i + 1; j < l.n && l.items[j].r.to == l.items[i].r.to;
                     j++)
                    if (cq_link_stronger(l.items[j].r.link,
                                         l.items[best].r.link))
                        best = j;
                if (every) {
                    for (size_t m = i; rc == CONCORD_OK && m < j; m++)
                        rc = route_row(r, c, &l.items[m].r, (long long)(j - i),
                                       m == best);
                    continue;
                }
                /* a row for the pair: the strongest route the statement's
                ** `where` lets through (nearly always the strongest) */
                size_t rows = r->table->n_rows;
                rc = route_row(r, c, &l.items[best].r, (long long)(j - i), 1);
                if (rc != CONCORD_OK || r->table->n_rows > rows || !r->where)
                    continue;
                found_sort_strongest(l.items + i, j - i);
                for (size_t m = i + 1; rc == CONCORD_OK && m < j; m++) {
                    rc = route_row(r, c, &l.items[m].r, (long long)(j - i), 0);
                    if (r->table->n_rows > rows)
                        break;
                }
            }
        }
    cq_free(l.alloc, l.items, l.cap * sizeof(found));
    return rc;
}

/* ---- a plan's route --------------------------------------------------------
 */

int cq_route_prepare(runner *r, cq_id bridge, cq_standard_set *bridge_set,
                     cq_route *route)
{
    cq_plan *p = r->plan;
    memset(route, 0, sizeof *route);
    route->cond = p->counting;
    int rc = cq_cond_prepare(p->counting, r->run);
    for (int i = 0; rc == CONCORD_OK && i < p->n_hops; i++) {
        rc = cq_set_resolve(&p->hops[i], r->run);
        route->pivots[i] = &p->hops[i];
    }
    if (rc != CONCORD_OK)
        return rc;
    route->n_pivots = p->n_hops;
    route->n_hops = p->n_hops + 1;
    if (p->via_any) {
        long long most = CQ_ROUTE_ANY_DEFAULT;
        if (p->any_max.kind != 0) {
            rc = cq_operand_int(r->run, &p->any_max, &most);
            if (rc != CONCORD_OK)
                return rc;
            if (most < 1 || most > CQ_ROUTE_MAX_HOPS)
                return cq_error_set(r->err, CONCORD_ERROR,
                                    &p->any_max.node->loc,
                                    "via any max %lld is outside 1 to %d hops",
                                    most, CQ_ROUTE_MAX_HOPS);
        }
        route->any = 1;
        route->n_pivots = 0;
        route->n_hops = (int)most;
    } else if (p->n_hops == 0 && bridge != CQ_NONE && bridge_set != NULL) {
        cq_standard_set_init(bridge_set, r->g, bridge);
        route->pivots[0] = &bridge_set->set;
        route->n_pivots = 1;
        route->n_hops = 2;
        route->direct_too = 1;
    }
    return CONCORD_OK;
}
