/*
** reach.c -- routes of correlations from a clause into a set (reach.h):
** the walk, which routes a condition lets count, and the routes concord
** takes by itself when two sets are linked only through another edition
** of a standard.
*/
#include "reach.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "resolve.h"

/* ---- the walk ------------------------------------------------------------ */

typedef struct walk {
    cq_run *run;
    const cq_graph *g;
    const cq_route *route;
    const cq_set *targets;
    cq_reach_fn fn;
    void *ctx;
    cq_id start;
    cq_reached r; /* the route so far */
} walk;

/* Is clause c already on the route (or its start)? */
static int on_route(const walk *w, cq_id c, int depth)
{
    for (int i = 0; i < depth; i++)
        if (w->r.at[i] == c)
            return 1;
    return 0;
}

int cq_link_passes(const cq_cond *cond, const cq_graph *g, cq_link link,
                   int hops, const cq_edge *last)
{
    if (cond == NULL)
        return 1;
    cq_value slots[CQ_LINK_N_SLOTS];
    slots[CQ_LINK_RELATION] = cq_text(cq_relation_name(link.relation));
    slots[CQ_LINK_STRENGTH] = cq_int(link.strength);
    slots[CQ_LINK_CONFIDENCE] = cq_text(cq_confidence_name(link.confidence));
    slots[CQ_LINK_KIND] = cq_text(cq_kind_name(link.kind));
    slots[CQ_LINK_HOPS] = cq_int(hops);
    slots[CQ_LINK_ANNEX] = cq_text(cq_graph_str(g, last->annex));
    return cq_cond_test(cond, slots, g, CQ_NONE);
}

static int passes(const walk *w, const cq_reached *r)
{
    return cq_link_passes(w->route->cond, w->g, r->link, r->hops,
                          r->edge[r->hops - 1]);
}

static int step(walk *w, cq_id at, int depth, cq_link so_far);

/* One edge of a clause, read from it (inverted: stored toward it), as
** hop depth of the route. */
static int try_edge(walk *w, int depth, cq_link so_far, const cq_edge *e,
                    int inverted)
{
    cq_id other = inverted ? e->from : e->to;
    if (other == CQ_NONE || e->relation == CQ_REL_NONE || other == w->start ||
        on_route(w, other, depth))
        return CONCORD_OK;
    int rc = cq_tick(w->run);
    if (rc != CONCORD_OK)
        return rc;
    const cq_route *route = w->route;
    int in_targets = cq_set_has(w->targets, other);
    int last;
    if (route->any) {
        last = in_targets;
    } else {
        last = depth == route->n_hops - 1;
        const cq_set *want =
            depth < route->n_pivots ? route->pivots[depth] : w->targets;
        if (!cq_set_has(want, other))
            return CONCORD_OK;
    }
    int rel = inverted ? cq_relation_inverse(e->relation) : e->relation;
    cq_link hop = {rel, cq_edge_kind_of(w->g, e), e->strength, e->confidence};
    cq_link link = depth == 0 ? hop : cq_link_compose(so_far, hop);
    w->r.edge[depth] = e;
    w->r.at[depth] = other;
    if (last) {
        w->r.hops = depth + 1;
        w->r.link = link;
        w->r.to = other;
        return w->fn(w->ctx, &w->r, passes(w, &w->r));
    }
    if (depth + 1 >= route->n_hops)
        return CONCORD_OK;
    return step(w, other, depth + 1, link);
}

static int step(walk *w, cq_id at, int depth, cq_link so_far)
{
    const cq_graph *g = w->g;
    int rc = CONCORD_OK;
    for (uint32_t i = cq_graph_out_first(g, at);
         rc == CONCORD_OK && i < cq_graph_out_end(g, at); i++)
        rc = try_edge(w, depth, so_far, cq_graph_edge(g, i), 0);
    for (uint32_t i = cq_graph_in_first(g, at);
         rc == CONCORD_OK && i < cq_graph_in_end(g, at); i++)
        rc = try_edge(w, depth, so_far,
                      cq_graph_edge(g, cq_graph_in_edge(g, i)), 1);
    return rc;
}

int cq_reach(cq_run *run, const cq_graph *g, cq_id from, const cq_route *route,
             const cq_set *targets, cq_reach_fn fn, void *ctx)
{
    cq_link none = {CQ_REL_EQUAL, CQ_KIND_TRANSITION, 10, CQ_CONF_HIGH};
    int rc = CONCORD_OK;
    if (route->direct_too) { /* the direct correlations first */
        cq_route direct = *route;
        direct.n_pivots = 0;
        direct.n_hops = 1;
        direct.direct_too = 0;
        walk d = {run, g, &direct, targets, fn, ctx, from, {0}};
        d.r.to = CQ_NONE;
        rc = step(&d, from, 0, none);
    }
    if (rc == CONCORD_OK) {
        walk w = {run, g, route, targets, fn, ctx, from, {0}};
        w.r.to = CQ_NONE;
        rc = step(&w, from, 0, none);
    }
    return rc == 1 ? CONCORD_OK : rc;
}

typedef struct any_ctx {
    int found, weak;
} any_ctx;

static int note_any(void *ctx, const cq_reached *found, int passed)
{
    (void)found;
    any_ctx *a = ctx;
    if (passed) {
        a->found = 1;
        return 1; /* one is enough */
    }
    a->weak = 1;
    return 0;
}

int cq_reach_any(cq_run *run, const cq_graph *g, cq_id from,
                 const cq_route *route, const cq_set *targets, int *reached,
                 int *weak)
{
    any_ctx a = {0, 0};
    int rc = cq_reach(run, g, from, route, targets, note_any, &a);
    *reached = a.found;
    if (weak)
        *weak = !a.found && a.weak;
    return rc;
}

/* ---- sets and standards -------------------------------------------------- */

void cq_standard_set_init(cq_standard_set *s, const cq_graph *g, cq_id standard)
{
    memset(s, 0, sizeof *s);
    s->standard = standard;
    s->range.first = cq_graph_standard(g, standard)->first_clause;
    s->range.end = cq_graph_standard(g, standard)->end_clause;
    s->set.ranges = &s->range;
    s->set.n_ranges = s->range.first < s->range.end;
    s->set.standards = &s->standard;
    s->set.n_standards = 1;
    snprintf(s->set.label, sizeof s->set.label, "%s",
             cq_standard_id(g, standard)); /* what cq_set_label says */
}

/* The standard every clause of set lies in, or CQ_NONE (several, or no
** clause but a standard named whole without clauses). */
static cq_id only_standard(const cq_graph *g, const cq_set *set)
{
    cq_id std = CQ_NONE;
    for (int i = 0; i < set->n_ranges; i++) {
        if (set->ranges[i].first >= set->ranges[i].end)
            continue;
        cq_id a = cq_graph_clause(g, set->ranges[i].first)->standard;
        cq_id b = cq_graph_clause(g, set->ranges[i].end - 1)->standard;
        if (a != b || (std != CQ_NONE && std != a))
            return CQ_NONE;
        std = a;
    }
    if (std == CQ_NONE && set->n_standards == 1)
        std = set->standards[0];
    return std;
}

/* Call each distinct standard of set's clauses until fn returns nonzero. */
static int each_standard(const cq_graph *g, const cq_set *set,
                         int (*fn)(const cq_graph *, cq_id, const void *),
                         const void *arg)
{
    cq_id last = CQ_NONE;
    for (int i = 0; i < set->n_ranges; i++)
        for (cq_id c = set->ranges[i].first; c < set->ranges[i].end;) {
            cq_id std = cq_graph_clause(g, c)->standard;
            if (std != last && fn(g, std, arg))
                return 1;
            last = std;
            cq_id next = cq_graph_standard(g, std)->end_clause;
            /* the next standard's (a damaged image's clause may name a
            ** standard that ends before it: on by one, so the walk ends) */
            c = next > c ? next : c + 1;
        }
    for (int i = 0; i < set->n_standards; i++)
        if (fn(g, set->standards[i], arg))
            return 1;
    return 0;
}

static int linked_to_set(const cq_graph *g, cq_id std, const void *arg)
{
    const cq_id *other = arg;
    return cq_graph_standards_linked(g, std, *other);
}

static int standard_linked(const cq_graph *g, cq_id std, const void *arg)
{
    return each_standard(g, (const cq_set *)arg, linked_to_set, &std);
}

int cq_sets_linked(const cq_graph *g, const cq_set *a, const cq_set *b)
{
    return each_standard(g, a, standard_linked, b);
}

/* Is e an earlier edition of x: an edition of the same standard (the
** caller knows), of an earlier year? */
static int earlier_edition(const cq_graph *g, cq_id e, cq_id x)
{
    int ye = cq_graph_standard(g, e)->year, yx = cq_graph_standard(g, x)->year;
    return e != x && ye > 0 && yx > 0 && ye < yx;
}

/* Only the editions of the two sides can bridge them: their lists are
** walked together, in increasing order (the order a scan of every
** standard would meet them in), and the first that joins both wins. */
cq_id cq_edition_bridge(const cq_graph *g, const cq_set *a, const cq_set *b)
{
    cq_id sa = only_standard(g, a), sb = only_standard(g, b);
    if (sa == CQ_NONE || sb == CQ_NONE)
        return CQ_NONE;
    cq_id ea = cq_graph_edition_base(g, sa), eb = cq_graph_edition_base(g, sb);
    if (ea == eb)
        eb = CQ_NONE; /* one standard's editions: walk them once */
    while (ea != CQ_NONE || eb != CQ_NONE) {
        cq_id e;
        if (eb == CQ_NONE || (ea != CQ_NONE && ea < eb)) {
            e = ea;
            ea = cq_graph_next_edition(g, ea);
        } else {
            e = eb;
            eb = cq_graph_next_edition(g, eb);
        }
        int of_b = cq_graph_edition_base(g, e) == cq_graph_edition_base(g, sb);
        int of_a = cq_graph_edition_base(g, e) == cq_graph_edition_base(g, sa);
        if (e == sa || e == sb ||
            !((of_b && earlier_edition(g, e, sb)) ||
              (of_a && earlier_edition(g, e, sa))))
            continue;
        if (cq_graph_pair(g, sa, e) != NULL && cq_graph_pair(g, e, sb) != NULL)
            return e;
    }
    return CQ_NONE;
}

int cq_note_unlinked(cq_run *run, const cq_graph *g, cq_set *a, cq_set *b,
                     cq_id bridge)
{
    return cq_note_reach(run, g, a, b, 0, bridge);
}

/* A note kept to be worded when it is read: the sets (shallow copies,
** their labels made then: the run's bindings stay until a reset, which
** drops the note) and what the words say of them. */
struct cq_later_note {
    struct cq_later_note *next;
    cq_set a, b;
    cq_id sa, sb; /* the standard each lies in (only_standard), or CQ_NONE */
    int linked;
    cq_id bridge;
};

int cq_note_reach(cq_run *run, const cq_graph *g, cq_set *a, cq_set *b,
                  int linked, cq_id bridge)
{
    struct cq_later_note *n = cq_arena_alloc(run->arena, sizeof *n);
    if (n == NULL)
        return cq_error_nomem(run->err);
    n->next = NULL;
    n->a = *a;
    n->b = *b;
    n->sa = only_standard(g, a);
    n->sb = only_standard(g, b);
    n->linked = linked;
    n->bridge = bridge;
    if (run->later_last != NULL)
        run->later_last->next = n;
    else
        run->later = n;
    run->later_last = n;
    return CONCORD_OK;
}

/* The words of one kept note, added to run->note (once a statement). */
static int word_reach(cq_run *run, const cq_graph *g,
                      struct cq_later_note *kept)
{
    cq_set *a = &kept->a, *b = &kept->b;
    int linked = kept->linked;
    cq_id bridge = kept->bridge;
    cq_buf msg;
    cq_buf_init(&msg, run->alloc);
    const char *la = cq_set_label(a, g), *lb = cq_set_label(b, g);
    if (linked) { /* and bridged: the edition's routes are added */
        cq_buf_printf(&msg,
                      "%s and %s: answered by their own edges and through "
                      "the edition %s and the transition edges (as with via "
                      "%s)",
                      la, lb, cq_standard_id(g, bridge),
                      cq_standard_id(g, bridge));
        int rc = msg.failed ? CONCORD_NOMEM : cq_run_note(run, msg.data);
        cq_buf_free(&msg);
        return rc == CONCORD_NOMEM ? cq_error_nomem(run->err) : rc;
    }
    /* said already the other way round (gap between): once a statement */
    cq_buf_printf(&msg, "no edge links %s and %s;", lb, la);
    if (msg.failed) {
        cq_buf_free(&msg);
        return cq_error_nomem(run->err);
    }
    if (run->note != NULL && strstr(run->note, msg.data)) {
        cq_buf_free(&msg);
        return CONCORD_OK;
    }
    cq_buf_clear(&msg);
    cq_buf_printf(&msg, "no edge links %s and %s", la, lb);
    if (bridge != CQ_NONE) {
        cq_buf_printf(&msg,
                      "; answered through the edition %s and the "
                      "transition edges (as with via %s)",
                      cq_standard_id(g, bridge), cq_standard_id(g, bridge));
    } else {
        cq_id sa = kept->sa, sb = kept->sb;
        int n = 0;
        for (cq_id p = 0; sa != CQ_NONE && sb != CQ_NONE && p < g->n_standards;
             p++) {
            if (p == sa || p == sb || cq_graph_pair(g, sa, p) == NULL ||
                cq_graph_pair(g, p, sb) == NULL)
                continue;
            cq_buf_printf(&msg, "%s%s", n ? ", " : "; try via ",
                          cq_standard_id(g, p));
            n++;
        }
        cq_buf_puts(&msg, n == 0 ? "; nothing links them in two hops "
                                   "either (try via any)"
                                 : ", or via any");
    }
    int rc = msg.failed ? CONCORD_NOMEM : cq_run_note(run, msg.data);
    cq_buf_free(&msg);
    return rc == CONCORD_NOMEM ? cq_error_nomem(run->err) : rc;
}

int cq_note_word(cq_run *run)
{
    for (struct cq_later_note *n = run->later; n != NULL; n = n->next) {
        int rc = word_reach(run, run->graph, n);
        if (rc != CONCORD_OK)
            return rc;
    }
    return CONCORD_OK;
}
