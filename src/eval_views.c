/*
** eval_views.c -- views across several standards: `integrate` (one merged
** outline on the high level structure, TR 20000-7 clauses 5.4, 6.4 and
** 7), `common` (what all of them require) and `check` (what is wrong in
** the corpus).
**
** integrate places every clause of the standards listed by the corpus's
** `hls` correlations: a clause equal to (or a superset of) an HLS clause
** is what the standard has there; a numbered part of one (subset) belongs
** to the clause it splits; every other clause is an addition, placed under
** the HLS clause its nearest placed ancestor corresponds to, after that
** HLS clause's own subclauses -- where TR 20000-7 Table 2 prints its
** italic rows.
*/
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "concord.h"
#include "eval_core.h"
#include "reach.h"
#include "resolve.h"
#include "session.h"
#include "status.h"

/* How a clause sits in the merged outline (eval_core.h; `audit plan` places
** clauses the same way). */
enum placing {
    PLACE_NONE = CQ_PLACE_NONE,
    PLACE_SHOWN = CQ_PLACE_SHOWN,
    PLACE_PART = CQ_PLACE_PART,
    PLACE_ADDED = CQ_PLACE_ADDED
};
typedef cq_placed placed;

/* The HLS clause that clause c is correlated with, and how: shown for
** equal, equivalent or superset (read from c), part for subset. */
static int hls_link(const cq_graph *g, cq_id hls, cq_id c, cq_id *anchor)
{
    int how = PLACE_NONE;
    *anchor = CQ_NONE;
    const cq_standard *h = cq_graph_standard(g, hls);
    for (int dir = 0; dir < 2; dir++) {
        uint32_t from =
            dir == 0 ? cq_graph_out_first(g, c) : cq_graph_in_first(g, c);
        uint32_t to = dir == 0 ? cq_graph_out_end(g, c) : cq_graph_in_end(g, c);
        for (uint32_t i = from; i < to; i++) {
            const cq_edge *e = dir == 0
                                   ? cq_graph_edge(g, i)
                                   : cq_graph_edge(g, cq_graph_in_edge(g, i));
            cq_id other = dir == 0 ? e->to : e->from;
            if (other == CQ_NONE || other < h->first_clause ||
                other >= h->end_clause)
                continue;
            int rel = dir == 0 ? e->relation : cq_relation_inverse(e->relation);
            int this_how = rel == CQ_REL_SUBSET ? PLACE_PART
                           : rel == CQ_REL_EQUAL || rel == CQ_REL_EQUIVALENT ||
                                   rel == CQ_REL_SUPERSET
                               ? PLACE_SHOWN
                               : PLACE_NONE;
            if (this_how == PLACE_SHOWN ||
                (this_how == PLACE_PART && how == PLACE_NONE)) {
                if (how != PLACE_SHOWN || other < *anchor) {
                    how = this_how;
                    *anchor = other;
                }
            }
        }
    }
    return how;
}

/* Place every clause of standard s (parents come before children in the
** graph's order, so an ancestor is placed first). */
void cq_place_standard(const cq_graph *g, cq_id hls, cq_id s, placed *out)
{
    const cq_standard *std = cq_graph_standard(g, s);
    for (cq_id c = std->first_clause; c < std->end_clause; c++) {
        placed *p = &out[c - std->first_clause];
        if (s == hls) {
            /* the structure itself, listed as a standard */
            p->how = PLACE_SHOWN;
            p->anchor = c;
            continue;
        }
        p->how = hls_link(g, hls, c, &p->anchor);
        if (p->how != PLACE_NONE)
            continue;
        cq_id parent = cq_graph_parent(g, c);
        if (parent != CQ_NONE && parent >= std->first_clause) {
            const placed *up = &out[parent - std->first_clause];
            if (up->anchor != CQ_NONE) {
                p->anchor = up->anchor;
                p->how = PLACE_ADDED;
            }
        }
    }
}

/* ---- integrate through routes --------------------------------------------
**
** With `via`, `with`, or when a standard reaches the HLS only through
** another edition of it (an edition bridge, reach.h), a clause is placed
** by the routes of correlations from it into the HLS instead of its own
** HLS edges.  The hops compose as route.h says, but without the structure
** cap: placing a clause on the HLS is itself the structural claim (what
** slot it fills), so a route of equal hops places it as one HLS edge of
** relation equal would.  `with` tests that composed correlation.
*/

/* The route that placed a clause where it is, and how many did. */
typedef struct placed_by {
    cq_reached route; /* hops 0: placed by no route */
    cq_link link;     /* its hops composed, without the structure cap */
    long long routes; /* the routes that place it there */
} placed_by;

typedef struct place_walk {
    const cq_graph *g;
    const cq_cond *cond;
    cq_id from;
    int how;
    cq_id anchor;
    placed_by best;
} place_walk;

/* What route f from clause from claims about where it sits. */
static cq_link slot_link(const cq_graph *g, cq_id from, const cq_reached *f)
{
    cq_link l = {CQ_REL_EQUAL, CQ_KIND_TRANSITION, 10, CQ_CONF_HIGH};
    cq_id at = from;
    for (int i = 0; i < f->hops; i++) {
        const cq_edge *e = f->edge[i];
        int rel = e->from == at && e->to == f->at[i]
                      ? e->relation
                      : cq_relation_inverse(e->relation);
        l.relation = i == 0 ? rel : cq_relation_compose(l.relation, rel);
        int kind = cq_edge_kind_of(g, e);
        l.kind = i == 0 ? kind : cq_kind_compose(l.kind, kind);
        if (e->strength < l.strength)
            l.strength = e->strength;
        if (e->confidence < l.confidence)
            l.confidence = e->confidence;
        at = f->at[i];
    }
    return l;
}

/* A route into the HLS: does it place the clause better than the best so
** far (hls_link's rule: shown before part, then the first HLS clause),
** or there too (counted, and kept when stronger)? */
static int place_by_route(void *ctx, const cq_reached *f, int passed)
{
    (void)passed; /* the walk has no condition: the slot link is tested */
    place_walk *w = ctx;
    cq_link l = slot_link(w->g, w->from, f);
    if (!cq_link_passes(w->cond, w->g, l, f->hops, f->edge[f->hops - 1]))
        return 0;
    int how = l.relation == CQ_REL_SUBSET ? PLACE_PART
              : l.relation == CQ_REL_EQUAL || l.relation == CQ_REL_EQUIVALENT ||
                      l.relation == CQ_REL_SUPERSET
                  ? PLACE_SHOWN
                  : PLACE_NONE;
    int better = how == PLACE_SHOWN ? w->how != PLACE_SHOWN || f->to < w->anchor
                                    : how == PLACE_PART && w->how == PLACE_NONE;
    if (better) {
        w->how = how;
        w->anchor = f->to;
        w->best = (placed_by){*f, l, 1};
    } else if (how != PLACE_NONE && how == w->how && f->to == w->anchor) {
        w->best.routes++;
        if (cq_link_stronger(l, w->best.link)) {
            w->best.route = *f;
            w->best.link = l;
        }
    }
    return 0;
}

/* Place every clause of standard s by its routes into the HLS (hls_set);
** the clauses placed by none go under their nearest placed ancestor, as
** cq_place_standard does. */
static int place_routed(runner *r, const cq_set *hls_set, cq_id s,
                        const cq_route *route, placed *out, placed_by *how)
{
    const cq_graph *g = r->g;
    const cq_standard *std = cq_graph_standard(g, s);
    int rc = CONCORD_OK;
    for (cq_id c = std->first_clause; rc == CONCORD_OK && c < std->end_clause;
         c++) {
        place_walk w;
        memset(&w, 0, sizeof w);
        w.g = g;
        w.cond = r->plan->counting;
        w.from = c;
        w.how = PLACE_NONE;
        w.anchor = CQ_NONE;
        rc = cq_reach(r->run, g, c, route, hls_set, place_by_route, &w);
        placed *p = &out[c - std->first_clause];
        p->how = w.how;
        p->anchor = w.anchor;
        how[c - std->first_clause] = w.best;
        cq_id parent = cq_graph_parent(g, c);
        if (p->how == PLACE_NONE && parent != CQ_NONE &&
            parent >= std->first_clause && /* a damaged image's may not be */
            out[parent - std->first_clause].anchor != CQ_NONE) {
            p->anchor = out[parent - std->first_clause].anchor;
            p->how = PLACE_ADDED;
        }
    }
    return rc == CONCORD_NOMEM ? cq_error_nomem(r->err) : rc;
}

typedef struct outline {
    runner *r;
    cq_id hls;
    int n;                /* standards listed */
    const cq_id *stds;    /* their ids */
    placed **places;      /* per standard, per clause */
    placed_by **placings; /* per standard placed by routes, per clause; or
                           NULL */
} outline;

/* The route columns of a shared row (from column `at`): of the clauses
** shown on it that a route of more than one hop placed, the routes
** (joined by "; "), what the weakest of them claims, and how many routes
** placed them all; empty when every clause stands on its own HLS edge. */
static int route_cells(outline *o, cq_id h, cq_value *row, int at)
{
    const cq_graph *g = o->r->g;
    cq_buf text;
    cq_buf_init(&text, o->r->run->alloc);
    const placed_by *weakest = NULL;
    long long routes = 0;
    for (int k = 0; k < o->n; k++) {
        if (o->placings[k] == NULL)
            continue;
        const cq_standard *std = cq_graph_standard(g, o->stds[k]);
        for (cq_id c = std->first_clause; c < std->end_clause; c++) {
            const placed *p = &o->places[k][c - std->first_clause];
            const placed_by *w = &o->placings[k][c - std->first_clause];
            if (p->how != PLACE_SHOWN || p->anchor != h || w->route.hops < 2)
                continue;
            const char *spelled = cq_route_spell(o->r, c, w->route.edge,
                                                 w->route.at, w->route.hops);
            if (spelled == NULL) {
                cq_buf_free(&text);
                return cq_error_nomem(o->r->err);
            }
            cq_buf_printf(&text, "%s%s", text.len ? "; " : "", spelled);
            if (weakest == NULL || cq_link_stronger(weakest->link, w->link))
                weakest = w;
            routes += w->routes;
        }
    }
    int rc = CONCORD_OK;
    if (text.failed) {
        rc = cq_error_nomem(o->r->err);
    } else if (weakest != NULL) {
        const char *kept =
            cq_arena_strndup(o->r->run->arena, text.data, text.len);
        if (kept == NULL)
            rc = cq_error_nomem(o->r->err);
        row[at] = cq_text(kept ? kept : "");
        row[at + 1] = cq_text(cq_relation_name(weakest->link.relation));
        row[at + 2] = cq_int(weakest->link.strength);
        row[at + 3] = cq_text(cq_confidence_name(weakest->link.confidence));
        row[at + 4] = cq_text(cq_kind_name(weakest->link.kind));
        row[at + 5] = cq_int(routes);
    }
    cq_buf_free(&text);
    return rc;
}

/* "8.2 Service portfolio" in the run's arena. */
static const char *numbered_title(outline *o, cq_id c)
{
    const cq_graph *g = o->r->g;
    const char *num = cq_graph_str(g, cq_graph_clause(g, c)->number);
    const char *title = cq_graph_str(g, cq_graph_clause(g, c)->title);
    size_t n = strlen(num) + strlen(title) + 2;
    char *s = cq_arena_alloc(o->r->run->arena, n);
    if (s)
        snprintf(s, n, "%s %s", num, title);
    return s;
}

/* The row of HLS clause h: what each standard has there. */
static int shared_row(outline *o, cq_id h)
{
    const cq_graph *g = o->r->g;
    cq_value slots[CQ_MAX_SLOTS + 16];
    int width = 3 + o->n + CQ_INTEGRATE_ROUTE;
    cq_value *row = width <= CQ_MAX_SLOTS + 16 ? slots : NULL;
    if (row == NULL)
        return cq_error_set(o->r->err, CONCORD_TOOBIG, NULL,
                            "integrate takes at most %d standards",
                            CQ_MAX_SLOTS + 13);
    for (int i = 0; i < width; i++)
        row[i] = cq_null();
    row[0] = cq_text("shared");
    row[1] = cq_graph_text(g, cq_graph_clause(g, h)->number);
    row[2] = cq_graph_text(g, cq_graph_clause(g, h)->title);
    for (int k = 0; k < o->n; k++) {
        const cq_standard *std = cq_graph_standard(g, o->stds[k]);
        cq_buf cell;
        cq_buf_init(&cell, o->r->run->alloc);
        for (cq_id c = std->first_clause; c < std->end_clause; c++) {
            const placed *p = &o->places[k][c - std->first_clause];
            if (p->how != PLACE_SHOWN || p->anchor != h)
                continue;
            cq_buf_printf(&cell, "%s%s %s", cell.len ? "; " : "",
                          cq_graph_str(g, cq_graph_clause(g, c)->number),
                          cq_graph_str(g, cq_graph_clause(g, c)->title));
        }
        if (cell.failed) {
            cq_buf_free(&cell);
            return cq_error_nomem(o->r->err);
        }
        if (cell.len) {
            const char *text =
                cq_arena_strndup(o->r->run->arena, cell.data, cell.len);
            cq_buf_free(&cell);
            if (text == NULL)
                return cq_error_nomem(o->r->err);
            row[3 + k] = cq_text(text);
        } else {
            cq_buf_free(&cell);
        }
    }
    int rc = route_cells(o, h, row, 3 + o->n);
    return rc == CONCORD_OK ? cq_emit(o->r, row, CQ_NONE) : rc;
}

/* The rows of the additions placed under h (CQ_NONE: outside the HLS). */
static int added_rows(outline *o, cq_id h)
{
    const cq_graph *g = o->r->g;
    int rc = CONCORD_OK;
    for (int k = 0; rc == CONCORD_OK && k < o->n; k++) {
        const cq_standard *std = cq_graph_standard(g, o->stds[k]);
        for (cq_id c = std->first_clause;
             rc == CONCORD_OK && c < std->end_clause; c++) {
            const placed *p = &o->places[k][c - std->first_clause];
            int wanted = h == CQ_NONE ? p->how == PLACE_NONE
                                      : p->how == PLACE_ADDED && p->anchor == h;
            if (!wanted)
                continue;
            cq_value row[CQ_MAX_SLOTS + 16];
            for (int i = 0; i < 3 + o->n + CQ_INTEGRATE_ROUTE; i++)
                row[i] = cq_null();
            row[0] = cq_text("added");
            if (h != CQ_NONE)
                row[1] = cq_graph_text(g, cq_graph_clause(g, h)->number);
            const char *cell = numbered_title(o, c);
            if (cell == NULL)
                return cq_error_nomem(o->r->err);
            row[3 + k] = cq_text(cell);
            rc = cq_emit(o->r, row, CQ_NONE);
        }
    }
    return rc;
}

int cq_walk_outline(runner *r, cq_id hls, int (*enter)(void *ctx, cq_id c),
                    int (*leave)(void *ctx, cq_id c), void *ctx)
{
    const cq_graph *g = r->g;
    const cq_standard *std = cq_graph_standard(g, hls);
    size_t n = std->end_clause - std->first_clause;
    cq_id *open = cq_arena_alloc(r->run->arena, sizeof(cq_id) * (n ? n : 1));
    if (open == NULL)
        return cq_error_nomem(r->err);
    size_t top = 0;
    int rc = CONCORD_OK;
    /* the clauses are stored depth first, so each comes after its parent
    ** and before its parent's subtree ends */
    for (cq_id c = std->first_clause; rc == CONCORD_OK && c < std->end_clause;
         c++) {
        while (rc == CONCORD_OK && top > 0 &&
               c >= cq_graph_subtree_end(g, open[top - 1]))
            rc = leave(ctx, open[--top]);
        if (rc == CONCORD_OK)
            rc = enter(ctx, c);
        open[top++] = c;
    }
    while (rc == CONCORD_OK && top > 0)
        rc = leave(ctx, open[--top]);
    return rc;
}

static int enter_outline(void *o, cq_id h)
{
    return shared_row(o, h);
}

static int leave_outline(void *o, cq_id h)
{
    return added_rows(o, h);
}

/* A column named after a $parameter's standard is named after the
** standard bound to it, once the run has resolved it (compiling knew
** only "$s"): column first + k for item k, from <= k < to.  The id is
** written into the column's own string, which compiling made room for,
** so the shapes of pipe stages after this view, which hold that same
** string, show it too. */
static void name_bound_columns(runner *r, int from, int to, int first)
{
    const cq_set *a = &r->plan->a;
    const char **cols = (const char **)r->plan->shape.columns;
    for (int k = from; k < to && k < a->n_items; k++) {
        const cq_set_item *it = &a->items[k];
        if (!it->param || it->standard == CQ_NONE)
            continue;
        const char *id = cq_standard_id(r->g, it->standard);
        if (it->column != NULL && strlen(id) < it->column_room)
            strcpy(it->column, id);
        else /* not expected: the stages keep the name they had */
            cols[first + k] = id;
    }
}

int cq_run_integrate(runner *r)
{
    const cq_graph *g = r->g;
    const cq_set *a = &r->plan->a;
    cq_id hls = cq_graph_find_standard(g, "hls", 3);
    if (hls == CQ_NONE)
        return cq_error_set(r->err, CONCORD_NOTFOUND, &r->plan->node->loc,
                            "integrate needs the standard hls (the high "
                            "level structure) in the corpus");
    if (a->n_items > 16)
        return cq_error_set(r->err, CONCORD_TOOBIG, &r->plan->node->loc,
                            "integrate takes at most 16 standards");
    cq_id stds[16];
    placed *places[16];
    placed_by *placings[16];
    int n = a->n_items, rc = CONCORD_OK;
    cq_standard_set hls_set, std_set, pivot;
    cq_standard_set_init(&hls_set, g, hls);
    for (int k = 0; k < n; k++) {
        stds[k] = a->items[k].standard;
        const cq_standard *std = cq_graph_standard(g, stds[k]);
        size_t count = std->end_clause - std->first_clause;
        places[k] = cq_arena_zalloc(r->run->arena,
                                    sizeof(placed) * (count ? count : 1));
        placings[k] = NULL;
        if (places[k] == NULL)
            return cq_error_nomem(r->err);
        r->run->steps += (long long)count; /* one step a clause placed */
        if ((rc = cq_tick(r->run)) != CONCORD_OK)
            return rc;
        /* its own HLS edges, or the statement's route, or an edition's */
        int routed = cq_plan_routed(r->plan) && stds[k] != hls;
        cq_id bridge = CQ_NONE;
        if (stds[k] != hls && r->plan->n_hops == 0 && !r->plan->via_any) {
            cq_standard_set_init(&std_set, g, stds[k]);
            int linked = cq_sets_linked(g, &std_set.set, &hls_set.set);
            bridge = cq_edition_bridge(g, &std_set.set, &hls_set.set);
            if (!linked || bridge != CQ_NONE)
                rc = cq_note_reach(r->run, g, &std_set.set, &hls_set.set,
                                   linked, bridge);
            routed |= bridge != CQ_NONE;
        }
        if (rc != CONCORD_OK)
            return rc;
        if (!routed) {
            cq_place_standard(g, hls, stds[k], places[k]);
            continue;
        }
        cq_route route;
        placings[k] = cq_arena_zalloc(r->run->arena,
                                      sizeof(placed_by) * (count ? count : 1));
        if (placings[k] == NULL)
            return cq_error_nomem(r->err);
        rc = cq_route_prepare(r, bridge, &pivot, &route);
        route.cond = NULL; /* place_by_route tests the slot link */
        if (rc == CONCORD_OK)
            rc = place_routed(r, &hls_set.set, stds[k], &route, places[k],
                              placings[k]);
        if (rc != CONCORD_OK)
            return rc;
    }
    name_bound_columns(r, 0, INT_MAX, 3);
    outline o = {r, hls, n, stds, places, placings};
    /* each HLS clause, its subclauses, then the additions placed under it */
    rc = cq_walk_outline(r, hls, enter_outline, leave_outline, &o);
    if (rc == CONCORD_OK)
        rc = added_rows(&o, CQ_NONE);
    return rc;
}

/* ---- common -------------------------------------------------------------- */

/* Is the relation, read from the first standard's clause, one of sharing a
** requirement (not a mere intersection)? */
static int shares(int relation)
{
    return relation == CQ_REL_EQUAL || relation == CQ_REL_EQUIVALENT ||
           relation == CQ_REL_SUBSET || relation == CQ_REL_SUPERSET;
}

/* The routes by which a clause reaches the targets it shares a
** requirement with (common_bridged), in the order found. */
typedef struct reached_one {
    cq_reached r;
    size_t order;
} reached_one;

typedef struct reached_ids {
    const cq_allocator *alloc;
    reached_one *items;
    size_t n, cap;
} reached_ids;

static int keep_shared(void *ctx, const cq_reached *found, int passed)
{
    reached_ids *l = ctx;
    if (!passed || !shares(found->link.relation))
        return 0;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        reached_one *items =
            cq_realloc(l->alloc, l->items, l->cap * sizeof(reached_one),
                       cap * sizeof(reached_one));
        if (items == NULL)
            return CONCORD_NOMEM;
        l->items = items;
        l->cap = cap;
    }
    l->items[l->n] = (reached_one){*found, l->n};
    l->n++;
    return 0;
}

/* By target, then as found. */
static int compare_reached(const void *pa, const void *pb)
{
    const reached_one *a = pa, *b = pb;
    if (a->r.to != b->r.to)
        return a->r.to < b->r.to ? -1 : 1;
    return (a->order > b->order) - (a->order < b->order);
}

/* What a common row says of its routes (the route columns): the
** strongest route of more than one hop to each clause shown, the
** weakest of those, and how many routes reach those clauses. */
typedef struct row_routes {
    cq_buf text;
    cq_link weakest;
    int any;
    long long routes;
} row_routes;

/* The cell of clause c for a standard it reaches by a route (the
** statement's, or through another edition): the keys of the clauses it
** shares a requirement with along a route, each once, in graph order;
** the strongest route to each, when of more than one hop, goes into
** the row's route columns. */
static int common_bridged(runner *r, cq_id c, const cq_route *route,
                          const cq_set *to, reached_ids *l, cq_buf *cell,
                          row_routes *rr)
{
    l->n = 0;
    int rc = cq_reach(r->run, r->g, c, route, to, keep_shared, l);
    if (rc == CONCORD_NOMEM)
        return cq_error_nomem(r->err);
    if (rc != CONCORD_OK)
        return rc;
    if (l->n > 1) /* no list yet when nothing was reached */
        qsort(l->items, l->n, sizeof(reached_one), compare_reached);
    for (size_t i = 0, j; i < l->n; i = j) {
        const cq_reached *best = &l->items[i].r;
        for (j = i + 1; j < l->n && l->items[j].r.to == best->to; j++)
            if (cq_link_stronger(l->items[j].r.link, best->link))
                best = &l->items[j].r;
        cq_buf_printf(cell, "%s%s", cell->len ? " " : "",
                      cq_graph_str(r->g, cq_graph_clause(r->g, best->to)->key));
        if (best->hops < 2)
            continue;
        const char *spelled =
            cq_route_spell(r, c, best->edge, best->at, best->hops);
        if (spelled == NULL)
            return cq_error_nomem(r->err);
        cq_buf_printf(&rr->text, "%s%s", rr->text.len ? "; " : "", spelled);
        if (!rr->any || cq_link_stronger(rr->weakest, best->link))
            rr->weakest = best->link;
        rr->any = 1;
        rr->routes += (long long)(j - i);
    }
    return cell->failed ? cq_error_nomem(r->err) : CONCORD_OK;
}

/* The route columns of a row, from column at. */
static int route_columns(runner *r, const row_routes *rr, cq_value *row, int at)
{
    for (int i = 0; i < CQ_INTEGRATE_ROUTE; i++)
        row[at + i] = cq_null();
    if (rr->text.failed)
        return cq_error_nomem(r->err);
    if (!rr->any)
        return CONCORD_OK;
    const char *text =
        cq_arena_strndup(r->run->arena, rr->text.data, rr->text.len);
    if (text == NULL)
        return cq_error_nomem(r->err);
    row[at] = cq_text(text);
    row[at + 1] = cq_text(cq_relation_name(rr->weakest.relation));
    row[at + 2] = cq_int(rr->weakest.strength);
    row[at + 3] = cq_text(cq_confidence_name(rr->weakest.confidence));
    row[at + 4] = cq_text(cq_kind_name(rr->weakest.kind));
    row[at + 5] = cq_int(rr->routes);
    return CONCORD_OK;
}

/* The clauses of the first standard that share a requirement with some
** clause of every other standard listed, with those clauses.  A standard
** the first is linked with by no edge is reached through another edition
** of it, when one bridges them (reach.h), and the note says so. */
int cq_run_common(runner *r)
{
    const cq_graph *g = r->g;
    const cq_set *a = &r->plan->a;
    int n = a->n_items;
    if (n > CQ_MAX_SLOTS - 1 - CQ_INTEGRATE_ROUTE)
        return cq_error_set(r->err, CONCORD_TOOBIG, &r->plan->node->loc,
                            "common takes at most %d standards",
                            CQ_MAX_SLOTS - 1 - CQ_INTEGRATE_ROUTE);
    const cq_standard *first = cq_graph_standard(g, a->items[0].standard);
    /* common: the first standard's column, "title", then the others' */
    name_bound_columns(r, 0, 1, 0);
    name_bound_columns(r, 1, INT_MAX, 1);
    cq_edge_list list = {r->run->alloc, NULL, 0, 0};
    cq_buf cells[CQ_MAX_SLOTS];
    for (int k = 0; k < n; k++)
        cq_buf_init(&cells[k], r->run->alloc);
    int rc = CONCORD_OK;
    /* the standards reached through an edition: their routes */
    static const cq_route no_route;
    cq_route *routes = cq_arena_zalloc(r->run->arena, sizeof(cq_route) * n);
    /* sets[k]: standard k's clauses, sets[n] the first's; pivots[k] the
    ** edition standard k is reached through */
    cq_standard_set *sets =
        cq_arena_zalloc(r->run->arena, sizeof(cq_standard_set) * (n + 1));
    cq_standard_set *pivots =
        cq_arena_zalloc(r->run->arena, sizeof(cq_standard_set) * n);
    int *bridged = cq_arena_zalloc(r->run->arena, sizeof(int) * n);
    reached_ids ids = {r->run->alloc, NULL, 0, 0};
    row_routes rr;
    cq_buf_init(&rr.text, r->run->alloc);
    if (routes == NULL || sets == NULL || pivots == NULL || bridged == NULL)
        return cq_error_nomem(r->err);
    cq_standard_set_init(&sets[n], g, a->items[0].standard);
    for (int k = 1; rc == CONCORD_OK && k < n; k++) {
        cq_standard_set_init(&sets[k], g, a->items[k].standard);
        routes[k] = no_route;
        int routed = cq_plan_routed(r->plan);
        cq_id bridge = CQ_NONE;
        if (r->plan->n_hops == 0 && !r->plan->via_any) {
            int linked = cq_sets_linked(g, &sets[n].set, &sets[k].set);
            bridge = cq_edition_bridge(g, &sets[n].set, &sets[k].set);
            if (!linked || bridge != CQ_NONE)
                rc = cq_note_reach(r->run, g, &sets[n].set, &sets[k].set,
                                   linked, bridge);
            routed |= bridge != CQ_NONE;
        }
        if (rc != CONCORD_OK || !routed)
            continue;
        /* the statement's route (or the edition bridge), and its `with` */
        bridged[k] = 1;
        rc = cq_route_prepare(r, bridge, &pivots[k], &routes[k]);
    }
    for (cq_id c = first->first_clause;
         rc == CONCORD_OK && c < first->end_clause; c++) {
        if ((rc = cq_tick(r->run)) != CONCORD_OK)
            break;
        if (cq_gather_edges(g, c, NULL, CQ_GATHER_NO_NONE, &list)) {
            rc = cq_error_nomem(r->err);
            break;
        }
        int all = 1;
        cq_buf_clear(&rr.text);
        rr.any = 0;
        rr.routes = 0;
        for (int k = 1; k < n; k++) {
            cq_buf_clear(&cells[k]);
            if (bridged[k]) {
                rc = common_bridged(r, c, &routes[k], &sets[k].set, &ids,
                                    &cells[k], &rr);
                if (rc != CONCORD_OK)
                    break;
                all &= cells[k].len > 0;
                continue;
            }
            cq_id last = CQ_NONE;
            for (size_t i = 0; i < list.n; i++) {
                const cq_seen_edge *s = &list.items[i];
                if (s->other_std != a->items[k].standard ||
                    !shares(cq_seen_relation(s)) || s->other == last)
                    continue;
                last = s->other; /* the list is sorted: once each */
                const char *key =
                    cq_graph_str(g, cq_graph_clause(g, s->other)->key);
                cq_buf_printf(&cells[k], "%s%s", cells[k].len ? " " : "", key);
            }
            if (cells[k].failed) {
                rc = cq_error_nomem(r->err);
                break;
            }
            if (cells[k].len == 0)
                all = 0;
        }
        if (rc != CONCORD_OK)
            break;
        if (!all)
            continue;
        cq_value row[CQ_MAX_SLOTS];
        row[0] = cq_graph_text(g, cq_graph_clause(g, c)->key);
        row[1] = cq_graph_text(g, cq_graph_clause(g, c)->title);
        for (int k = 1; k < n && rc == CONCORD_OK; k++) {
            if (cells[k].failed) {
                rc = cq_error_nomem(r->err);
                break;
            }
            const char *text =
                cq_arena_strndup(r->run->arena, cells[k].data, cells[k].len);
            if (text == NULL)
                rc = cq_error_nomem(r->err);
            row[1 + k] = cq_text(text ? text : "");
        }
        if (rc == CONCORD_OK)
            rc = route_columns(r, &rr, row, 1 + n);
        if (rc == CONCORD_OK)
            rc = cq_emit(r, row, CQ_NONE);
    }
    for (int k = 0; k < n; k++)
        cq_buf_free(&cells[k]);
    cq_edge_list_free(&list);
    cq_free(ids.alloc, ids.items, ids.cap * sizeof(reached_one));
    cq_buf_free(&rr.text);
    return rc;
}

/* ---- check --------------------------------------------------------------- */

/* A row of `check`; detail is copied (it may be a scratch buffer). */
static int check_row(runner *r, const char *check, const char *subject,
                     const char *detail)
{
    const char *kept = cq_arena_strndup(r->run->arena, detail, strlen(detail));
    if (kept == NULL)
        return cq_error_nomem(r->err);
    cq_value row[CQ_CHECK_N_SLOTS] = {[CQ_CHECK_CHECK] = cq_text(check),
                                      [CQ_CHECK_SUBJECT] = cq_text(subject),
                                      [CQ_CHECK_DETAIL] = cq_text(kept)};
    return cq_emit(r, row, CQ_NONE);
}

/* "20000-1:8.5.1 -> 27001:A.12.1.2 (annex C)" in the run's arena. */
static const char *edge_name(runner *r, const cq_edge *e)
{
    const cq_graph *g = r->g;
    const char *to = e->to == CQ_NONE
                         ? cq_standard_id(g, e->to_standard)
                         : cq_graph_str(g, cq_graph_clause(g, e->to)->key);
    char buf[3 * CQ_MAX_KEY];
    snprintf(buf, sizeof buf, "%s -> %s (annex %s)",
             cq_graph_str(g, cq_graph_clause(g, e->from)->key), to,
             cq_graph_str(g, e->annex));
    return cq_arena_strndup(r->run->arena, buf, strlen(buf));
}

/* Treat equal and equivalent alike: both say "the same requirement". */
static int normal(int relation)
{
    return relation == CQ_REL_EQUIVALENT ? CQ_REL_EQUAL : relation;
}

/* Pairs of clauses whose edges disagree, and edges stored twice. */
static int check_pairs(runner *r)
{
    const cq_graph *g = r->g;
    cq_edge_list list = {r->run->alloc, NULL, 0, 0};
    int rc = CONCORD_OK;
    for (cq_id c = 0; rc == CONCORD_OK && c < g->n_clauses; c++) {
        if ((rc = cq_tick(r->run)) != CONCORD_OK)
            break;
        if (cq_gather_edges(g, c, NULL, CQ_GATHER_NO_NONE, &list)) {
            rc = cq_error_nomem(r->err);
            break;
        }
        for (size_t i = 0; rc == CONCORD_OK && i < list.n;) {
            size_t j = i;
            while (j < list.n && list.items[j].other == list.items[i].other)
                j++;
            /* each pair once, from its lower clause */
            if (list.items[i].other > c && j - i > 1) {
                for (size_t x = i; rc == CONCORD_OK && x < j; x++) {
                    for (size_t y = x + 1; rc == CONCORD_OK && y < j; y++) {
                        const cq_seen_edge *a = &list.items[x],
                                           *b = &list.items[y];
                        char detail[256];
                        const char *kind;
                        if (normal(cq_seen_relation(a)) !=
                            normal(cq_seen_relation(b))) {
                            kind = "contradiction";
                            snprintf(
                                detail, sizeof detail,
                                "read from %s one edge says %s, another "
                                "%s",
                                cq_graph_str(g, cq_graph_clause(g, c)->key),
                                cq_relation_name(cq_seen_relation(a)),
                                cq_relation_name(cq_seen_relation(b)));
                        } else if (strcmp(a->annex, b->annex) == 0) {
                            kind = "duplicate";
                            snprintf(detail, sizeof detail,
                                     a->inverted == b->inverted
                                         ? "the same edge is stored twice"
                                         : "the same correlation is stored in "
                                           "both directions");
                        } else {
                            continue;
                        }
                        const char *subject = edge_name(r, a->edge);
                        if (subject == NULL)
                            rc = cq_error_nomem(r->err);
                        else
                            rc = check_row(r, kind, subject, detail);
                    }
                }
            }
            i = j;
        }
    }
    cq_edge_list_free(&list);
    return rc;
}

/* One `confidence` row per pair of standards that edges join: how far
** their correlations can be trusted. */
static int check_confidence(runner *r)
{
    const cq_graph *g = r->g;
    cq_pair_count *pairs = NULL;
    size_t n = 0;
    if (cq_pair_counts(g, r->run->alloc, &pairs, &n))
        return cq_error_nomem(r->err);
    int rc = CONCORD_OK;
    for (size_t k = 0; rc == CONCORD_OK && k < n; k++) {
        const long long *c = pairs[k].count;
        char subject[2 * CQ_MAX_KEY + 8], detail[128];
        snprintf(subject, sizeof subject, "%s and %s",
                 cq_standard_id(g, pairs[k].a), cq_standard_id(g, pairs[k].b));
        long long all = c[CQ_CONF_HIGH] + c[CQ_CONF_MEDIUM] + c[CQ_CONF_LOW];
        snprintf(detail, sizeof detail,
                 "%lld edge%s: %lld high, %lld medium, %lld low", all,
                 all == 1 ? "" : "s", c[CQ_CONF_HIGH], c[CQ_CONF_MEDIUM],
                 c[CQ_CONF_LOW]);
        const char *kept =
            cq_arena_strndup(r->run->arena, subject, strlen(subject));
        rc = kept ? check_row(r, "confidence", kept, detail)
                  : cq_error_nomem(r->err);
    }
    cq_pair_counts_free(r->run->alloc, pairs, g);
    return rc;
}

/* Status rows that contradict each other, as rows of `check`. */
typedef struct conflict_ctx {
    runner *r;
    int rc;
} conflict_ctx;

static int conflict_row(void *p, const cq_status_row *earlier,
                        const cq_status_row *later)
{
    conflict_ctx *cc = p;
    char detail[1024];
    snprintf(detail, sizeof detail,
             "%s:%d says %s, %s:%d says %s; the later wins", earlier->file,
             earlier->line, cq_status_name(earlier->status), later->file,
             later->line, cq_status_name(later->status));
    const char *kept =
        cq_arena_strndup(cc->r->run->arena, detail, strlen(detail));
    if (kept == NULL) {
        cc->rc = cq_error_nomem(cc->r->err);
        return 1;
    }
    cq_value row[CQ_CHECK_N_SLOTS] = {[CQ_CHECK_CHECK] =
                                          cq_text("status conflict"),
                                      [CQ_CHECK_SUBJECT] = cq_text(later->key),
                                      [CQ_CHECK_DETAIL] = cq_text(kept)};
    cc->rc = cq_emit(cc->r, row, CQ_NONE);
    return cc->rc != CONCORD_OK;
}

int cq_check_status(runner *r)
{
    const cq_status_set *st = r->run->session ? &r->run->session->status : NULL;
    conflict_ctx cc = {r, CONCORD_OK};
    int walk = cq_status_conflicts(st, r->g, conflict_row, &cc);
    if (walk < 0)
        return cq_error_nomem(r->err);
    return cc.rc;
}

/*
** `check`: contradictions (two edges between the same clauses that say
** different things), duplicates, edges that name no source, clauses no
** edge reaches, and then, per pair of standards, how many of their edges
** are of high, medium and low confidence -- in that order.
*/
int cq_run_check(runner *r)
{
    const cq_graph *g = r->g;
    int rc = check_pairs(r);
    for (uint32_t i = 0; rc == CONCORD_OK && i < g->n_edges; i++) {
        if (*cq_graph_str(g, cq_graph_edge(g, i)->source) != '\0')
            continue;
        const char *subject = edge_name(r, cq_graph_edge(g, i));
        rc = subject ? check_row(r, "no source", subject,
                                 "the edge does not say where it comes from")
                     : cq_error_nomem(r->err);
    }
    for (cq_id c = 0; rc == CONCORD_OK && c < g->n_clauses; c++) {
        if (cq_graph_out_first(g, c) != cq_graph_out_end(g, c) ||
            cq_graph_in_first(g, c) != cq_graph_in_end(g, c))
            continue;
        rc = check_row(r, "unreached",
                       cq_graph_str(g, cq_graph_clause(g, c)->key),
                       "no edge reaches this clause");
    }
    if (rc == CONCORD_OK)
        rc = cq_check_status(r);
    return rc == CONCORD_OK ? check_confidence(r) : rc;
}
