/*
** eval_status.c -- the organisation's status in the graph: `status of`
** (own or derived status of clauses), `readiness` and `worklist` (how far
** one standard is met by what is done for others), `soa` (the Statement of
** Applicability of a control set) and `audit plan` (one checklist over
** several standards, grouped by the high level structure).
**
** A clause without a status row of its own may borrow one through its
** links to clauses that have one.  A link is a correlation edge, read
** from the clause; or two edges through a clause of another edition of
** one standard (20000-1:8.5.1 -> 27001:A.12.1.2 -> 27001@2022:A.8.32),
** their relations composed and their strength and confidence the weaker
** hop's.  The rule (docs/language.md):
**
**   implemented, read through equal, equivalent or subset -> implemented
**   implemented, read through superset or intersects      -> partial
**   partial, through any relation                         -> partial
**   planned, not-implemented, not-applicable              -> nothing
**
** over the links of strength 5 or more, or those a `where` chooses; the
** best any link gives is the clause's derived status.
*/
#include <stdio.h>
#include <string.h>

#include "concord.h"
#include "eval_core.h"
#include "resolve.h"
#include "route.h"
#include "session.h"
#include "status.h"

#define MIN_STRENGTH 5 /* the links counted when no `where` chooses */

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- links --------------------------------------------------------------- */

typedef struct link {
    cq_id other;         /* the clause linked to */
    cq_id via;           /* the other edition's clause passed, or CQ_NONE */
    const cq_edge *edge; /* the first hop: its annex and layer */
    int relation;        /* read from the clause */
    int strength;
    int confidence;
    int gives; /* CQ_ST_IMPLEMENTED, CQ_ST_PARTIAL, or 0 */
} link;

typedef struct links {
    const cq_allocator *alloc;
    link *items;
    size_t n, cap;
} links;

/* The state of one run of a status statement. */
typedef struct ctx {
    runner *r;
    const cq_graph *g;
    const cq_status_set *st;
    int32_t *row;          /* per clause: its status row, or -1 */
    unsigned char *usable; /* per standard: its rows count (NULL: all) */
    unsigned char *target; /* per standard: serves lists it (soa) */
    int *base;             /* per standard: the length of its id before @ */
    links list;
    int failed; /* memory ran out */
} ctx;

static const cq_status_row *row_of(const ctx *x, cq_id c)
{
    int32_t i = x->row[c];
    if (i < 0 || x->st == NULL)
        return NULL;
    cq_id s = cq_graph_clause(x->g, c)->standard;
    if (x->usable && !x->usable[s])
        return NULL;
    return &x->st->rows[i];
}

/* Are standards a and b two editions of one standard (27001, 27001@2022)? */
static int editions(const ctx *x, cq_id a, cq_id b)
{
    if (a == b || x->base[a] != x->base[b])
        return 0;
    const char *ia = cq_graph_str(x->g, cq_graph_standard(x->g, a)->id);
    const char *ib = cq_graph_str(x->g, cq_graph_standard(x->g, b)->id);
    return strncmp(ia, ib, (size_t)x->base[a]) == 0;
}

/* What a link gives by the rule (top of the file). */
static int gives(const cq_status_row *row, int relation)
{
    if (row == NULL)
        return 0;
    if (row->status == CQ_ST_PARTIAL)
        return CQ_ST_PARTIAL;
    if (row->status != CQ_ST_IMPLEMENTED)
        return 0;
    return relation == CQ_REL_EQUAL || relation == CQ_REL_EQUIVALENT ||
                   relation == CQ_REL_SUBSET
               ? CQ_ST_IMPLEMENTED
               : CQ_ST_PARTIAL;
}

/* Rank for ordering: what it gives (implemented first), then strength. */
static int better(const link *a, const link *b)
{
    int ga = a->gives ? a->gives : CQ_ST_COUNT;
    int gb = b->gives ? b->gives : CQ_ST_COUNT;
    if (ga != gb)
        return ga < gb;
    if (a->strength != b->strength)
        return a->strength > b->strength;
    if ((a->via == CQ_NONE) != (b->via == CQ_NONE))
        return a->via == CQ_NONE;
    return a->other < b->other;
}

/* Keep l, unless a link to the same clause is kept that is as good. */
static void add_link(ctx *x, const link *l)
{
    links *ls = &x->list;
    for (size_t i = 0; i < ls->n; i++)
        if (ls->items[i].other == l->other) {
            if (better(l, &ls->items[i]))
                ls->items[i] = *l;
            return;
        }
    if (ls->n == ls->cap) {
        size_t cap = ls->cap ? ls->cap * 2 : 32;
        link *items = cq_realloc(ls->alloc, ls->items, ls->cap * sizeof(link),
                                 cap * sizeof(link));
        if (items == NULL) {
            x->failed = 1;
            return;
        }
        ls->items = items;
        ls->cap = cap;
    }
    ls->items[ls->n++] = *l;
}

/* Entry i of a clause's correlations in direction dir (0 stored from it,
** 1 toward it; i from edges_from): its edge, other end and relation read
** from the clause. */
static const cq_edge *edge_at(const cq_graph *g, int dir, uint32_t i,
                              cq_id *other, int *relation)
{
    const cq_edge *e = dir == 0 ? cq_graph_edge(g, i)
                                : cq_graph_edge(g, cq_graph_in_edge(g, i));
    *other = dir == 0 ? e->to : e->from;
    *relation = dir == 0 ? e->relation : cq_relation_inverse(e->relation);
    return e;
}

static uint32_t edges_from(const cq_graph *g, cq_id c, int dir)
{
    return dir == 0 ? cq_graph_out_first(g, c) : cq_graph_in_first(g, c);
}

static uint32_t edges_end(const cq_graph *g, cq_id c, int dir)
{
    return dir == 0 ? cq_graph_out_end(g, c) : cq_graph_in_end(g, c);
}

/* Does the link pass the statement's condition (or, with none, the
** default strength)? */
static int chosen(const ctx *x, const link *l)
{
    const cq_cond *where = x->r->plan->where;
    if (where == NULL)
        return l->strength >= MIN_STRENGTH;
    const cq_graph *g = x->g;
    const cq_status_row *row = row_of(x, l->other);
    cq_value slots[CQ_STATUS_LINK_N_SLOTS];
    slots[CQ_STATUS_LINK_FROM] =
        cq_graph_text(g, cq_graph_clause(g, l->other)->key);
    slots[CQ_STATUS_LINK_FROM_STATUS] =
        row ? cq_text(cq_status_name(row->status)) : cq_null();
    slots[CQ_STATUS_LINK_RELATION] = cq_text(cq_relation_name(l->relation));
    slots[CQ_STATUS_LINK_STRENGTH] = cq_int(l->strength);
    slots[CQ_STATUS_LINK_CONFIDENCE] =
        cq_text(cq_confidence_name(l->confidence));
    slots[CQ_STATUS_LINK_ANNEX] = cq_graph_text(g, l->edge->annex);
    slots[CQ_STATUS_LINK_FROM_STANDARD] = cq_graph_text(
        g, cq_graph_standard(g, cq_graph_clause(g, l->other)->standard)->id);
    slots[CQ_STATUS_LINK_VIA] =
        l->via == CQ_NONE ? cq_null()
                          : cq_graph_text(g, cq_graph_clause(g, l->via)->key);
    slots[CQ_STATUS_LINK_LAYER] = cq_edge_layer(g, l->edge);
    return cq_cond_test(where, slots, g, CQ_NONE);
}

/* Offer the link to the list when it is wanted (status: its clause has a
** row that counts and the link is chosen; soa: its clause's standard is a
** target). */
static void offer(ctx *x, int for_status, const link *l)
{
    if (for_status) {
        const cq_status_row *row = row_of(x, l->other);
        if (row == NULL)
            return;
        link k = *l;
        k.gives = gives(row, l->relation);
        if (chosen(x, &k))
            add_link(x, &k);
    } else if (x->target[cq_graph_clause(x->g, l->other)->standard]) {
        add_link(x, l);
    }
}

/* One edge read from the clause it is gathered for, as route.h composes
** it: an edge of kind structure (the same HLS slot, not the same
** requirement) claims at most intersects, of at most the structure cap. */
static cq_link hop_of(const cq_graph *g, const cq_edge *e, int rel)
{
    cq_link l = {rel, cq_edge_kind_of(g, e), e->strength, e->confidence};
    if (l.kind == CQ_KIND_STRUCTURE) {
        if (l.relation != CQ_REL_NONE)
            l.relation = CQ_REL_INTERSECTS;
        if (l.strength > CQ_STRUCTURE_STRENGTH_CAP)
            l.strength = CQ_STRUCTURE_STRENGTH_CAP;
    }
    return l;
}

/* Gather the links of clause c into x->list, best first. */
static void gather(ctx *x, cq_id c, int for_status)
{
    const cq_graph *g = x->g;
    cq_id cs = cq_graph_clause(g, c)->standard;
    x->list.n = 0;
    for (int dir = 0; dir < 2; dir++) {
        for (uint32_t i = edges_from(g, c, dir); i < edges_end(g, c, dir);
             i++) {
            cq_id y;
            int rel;
            const cq_edge *e = edge_at(g, dir, i, &y, &rel);
            if (y == CQ_NONE || rel == CQ_REL_NONE)
                continue;
            cq_link one = hop_of(g, e, rel);
            link l = {y, CQ_NONE, e, one.relation, one.strength, one.confidence,
                      0};
            offer(x, for_status, &l);
            cq_id ys = cq_graph_clause(g, y)->standard;
            int first_edition = editions(x, cs, ys);
            for (int d2 = 0; d2 < 2; d2++)
                for (uint32_t j = edges_from(g, y, d2); j < edges_end(g, y, d2);
                     j++) {
                    cq_id z;
                    int rel2;
                    const cq_edge *f = edge_at(g, d2, j, &z, &rel2);
                    if (z == CQ_NONE || z == c || rel2 == CQ_REL_NONE)
                        continue;
                    cq_id zs = cq_graph_clause(g, z)->standard;
                    /* exactly one of the two hops joins two editions */
                    if (zs == cs || first_edition == editions(x, ys, zs))
                        continue;
                    cq_link two = cq_link_compose(one, hop_of(g, f, rel2));
                    link k = {
                        z, y, e, two.relation, two.strength, two.confidence, 0};
                    offer(x, for_status, &k);
                }
        }
    }
    /* best first: an insertion sort, as lists are short */
    link *it = x->list.items;
    for (size_t i = 1; i < x->list.n; i++) {
        link k = it[i];
        size_t j = i;
        while (j > 0 && better(&k, &it[j - 1])) {
            it[j] = it[j - 1];
            j--;
        }
        it[j] = k;
    }
}

/* The best a clause's links give (after gather). */
static int derived(const ctx *x)
{
    return x->list.n ? x->list.items[0].gives : 0;
}

static const char *derived_name(int gives)
{
    return gives == CQ_ST_IMPLEMENTED ? "implemented (derived)"
           : gives == CQ_ST_PARTIAL   ? "partial (derived)"
                                      : "not assessed";
}

/* Set up x for a run: the row of each clause, and each standard's id
** before its edition. */
static int ctx_init(ctx *x, runner *r)
{
    memset(x, 0, sizeof *x);
    x->r = r;
    x->g = r->g;
    x->st = r->run->session ? &r->run->session->status : NULL;
    x->list.alloc = r->run->alloc;
    const cq_graph *g = r->g;
    x->row = cq_arena_alloc(
        r->run->arena, sizeof(int32_t) * (g->n_clauses ? g->n_clauses : 1));
    x->base = cq_arena_alloc(
        r->run->arena, sizeof(int) * (g->n_standards ? g->n_standards : 1));
    if (x->row == NULL || x->base == NULL)
        return cq_error_nomem(r->err);
    cq_status_index(x->st, g, x->row);
    r->run->steps += x->st ? (long long)x->st->n : 0;
    for (uint32_t s = 0; s < g->n_standards; s++) {
        const char *id = cq_graph_str(g, cq_graph_standard(g, s)->id);
        x->base[s] = (int)strcspn(id, "@");
    }
    r->where = NULL; /* the plan's condition chooses links, not rows */
    return cq_tick(r->run);
}

static void ctx_free(ctx *x)
{
    cq_free(x->list.alloc, x->list.items, x->list.cap * sizeof(link));
}

/* A per-standard mask with the standards of set (NULL on OOM). */
static unsigned char *standard_mask(ctx *x, const cq_set *set)
{
    unsigned char *m = cq_arena_zalloc(
        x->r->run->arena, x->g->n_standards ? x->g->n_standards : 1);
    for (int i = 0; m && i < set->n_standards; i++)
        m[set->standards[i]] = 1;
    return m;
}

/* A text made in the run's arena from buf (freed), or NULL for an empty
** one; *failed set when memory ran out. */
static cq_value take_text(ctx *x, cq_buf *buf)
{
    cq_value v = cq_null();
    if (buf->failed)
        x->failed = 1;
    else if (buf->len > 0) {
        const char *s = cq_arena_strndup(x->r->run->arena, buf->data, buf->len);
        if (s == NULL)
            x->failed = 1;
        else
            v = cq_text(s);
    }
    cq_buf_free(buf);
    return v;
}

static cq_value opt_text(const char *s)
{
    return s ? cq_text(s) : cq_null();
}

static int finish(ctx *x, int rc)
{
    if (rc == CONCORD_OK && x->failed)
        rc = cq_error_nomem(x->r->err);
    ctx_free(x);
    return rc;
}

/* ---- status of ----------------------------------------------------------- */

static int status_rows(ctx *x, cq_id c)
{
    const cq_graph *g = x->g;
    cq_value s[CQ_STATUS_OF_N_SLOTS];
    for (int i = 0; i < CQ_STATUS_OF_N_SLOTS; i++)
        s[i] = cq_null();
    s[CQ_STATUS_OF_CLAUSE] = cq_graph_text(g, cq_graph_clause(g, c)->key);
    s[CQ_STATUS_OF_TITLE] = cq_graph_text(g, cq_graph_clause(g, c)->title);
    const cq_status_row *own = row_of(x, c);
    if (own) {
        s[CQ_STATUS_OF_STATUS] = cq_text(cq_status_name(own->status));
        s[CQ_STATUS_OF_EVIDENCE] = opt_text(own->evidence);
        s[CQ_STATUS_OF_OWNER] = opt_text(own->owner);
        s[CQ_STATUS_OF_REVIEWED] = opt_text(own->reviewed);
        s[CQ_STATUS_OF_JUSTIFICATION] = opt_text(own->justification);
        return cq_emit(x->r, s, CQ_NONE);
    }
    gather(x, c, 1);
    s[CQ_STATUS_OF_STATUS] = cq_text(derived_name(derived(x)));
    if (x->list.n == 0)
        return cq_emit(x->r, s, CQ_NONE);
    int rc = CONCORD_OK;
    for (size_t i = 0; rc == CONCORD_OK && i < x->list.n; i++) {
        const link *l = &x->list.items[i];
        const cq_status_row *row = row_of(x, l->other);
        s[CQ_STATUS_OF_FROM] =
            cq_graph_text(g, cq_graph_clause(g, l->other)->key);
        s[CQ_STATUS_OF_VIA] =
            l->via == CQ_NONE
                ? cq_null()
                : cq_graph_text(g, cq_graph_clause(g, l->via)->key);
        s[CQ_STATUS_OF_FROM_STATUS] = cq_text(cq_status_name(row->status));
        s[CQ_STATUS_OF_RELATION] = cq_text(cq_relation_name(l->relation));
        s[CQ_STATUS_OF_STRENGTH] = cq_int(l->strength);
        s[CQ_STATUS_OF_CONFIDENCE] = cq_text(cq_confidence_name(l->confidence));
        s[CQ_STATUS_OF_EVIDENCE] = opt_text(row->evidence);
        s[CQ_STATUS_OF_OWNER] = opt_text(row->owner);
        s[CQ_STATUS_OF_REVIEWED] = opt_text(row->reviewed);
        rc = cq_emit(x->r, s, CQ_NONE);
    }
    return rc;
}

static int run_status_of(ctx *x)
{
    const cq_set *set = &x->r->plan->a;
    int rc = CONCORD_OK;
    for (int i = 0; rc == CONCORD_OK && i < set->n_ranges; i++)
        for (cq_id c = set->ranges[i].first;
             rc == CONCORD_OK && c < set->ranges[i].end && !x->failed; c++)
            if ((rc = cq_tick(x->r->run)) == CONCORD_OK)
                rc = status_rows(x, c);
    return rc;
}

/* ---- readiness and worklist ---------------------------------------------- */

enum { R_IMPLEMENTED, R_DERIVED, R_PARTIAL, R_OPEN, R_NA, R_COUNT };
/* readiness_row puts the counts in the readiness columns of that order */
_Static_assert(CQ_READINESS_IMPLEMENTED + R_DERIVED == CQ_READINESS_DERIVED &&
                   CQ_READINESS_IMPLEMENTED + R_PARTIAL ==
                       CQ_READINESS_PARTIAL &&
                   CQ_READINESS_IMPLEMENTED + R_OPEN == CQ_READINESS_OPEN &&
                   CQ_READINESS_IMPLEMENTED + R_NA ==
                       CQ_READINESS_NOT_APPLICABLE,
               "the counts of a standing and the readiness columns differ");

/* Where clause c stands (after gather when it has no row of its own). */
static int standing(const ctx *x, cq_id c)
{
    const cq_status_row *own = row_of(x, c);
    if (own)
        return own->status == CQ_ST_IMPLEMENTED      ? R_IMPLEMENTED
               : own->status == CQ_ST_PARTIAL        ? R_PARTIAL
               : own->status == CQ_ST_NOT_APPLICABLE ? R_NA
                                                     : R_OPEN;
    int d = derived(x);
    return d == CQ_ST_IMPLEMENTED ? R_DERIVED
           : d == CQ_ST_PARTIAL   ? R_PARTIAL
                                  : R_OPEN;
}

static int readiness_row(ctx *x, const char *scope, cq_str title,
                         const long long *n)
{
    const cq_graph *g = x->g;
    cq_plan *p = x->r->plan;
    cq_value s[CQ_READINESS_N_SLOTS];
    long long total = 0;
    for (int k = 0; k < R_COUNT; k++)
        total += n[k];
    s[CQ_READINESS_STANDARD] =
        cq_graph_text(g, cq_graph_standard(g, p->a.standards[0])->id);
    s[CQ_READINESS_FROM] = cq_text(cq_set_label(&p->b, g));
    s[CQ_READINESS_SCOPE] = cq_text(scope);
    s[CQ_READINESS_TITLE] = cq_graph_text(g, title);
    s[CQ_READINESS_CLAUSES] = cq_int(total);
    for (int k = 0; k < R_COUNT; k++)
        s[CQ_READINESS_IMPLEMENTED + k] = cq_int(n[k]);
    long long base = total - n[R_NA];
    s[CQ_READINESS_PERCENT] =
        base ? cq_real(100.0 * (double)(n[R_IMPLEMENTED] + n[R_DERIVED]) /
                       (double)base)
             : cq_null();
    return cq_emit(x->r, s, CQ_NONE);
}

static int worklist_row(ctx *x, cq_id c)
{
    const cq_graph *g = x->g;
    cq_value s[CQ_WORKLIST_N_SLOTS];
    for (int i = 0; i < CQ_WORKLIST_N_SLOTS; i++)
        s[i] = cq_null();
    s[CQ_WORKLIST_CLAUSE] = cq_graph_text(g, cq_graph_clause(g, c)->key);
    s[CQ_WORKLIST_TITLE] = cq_graph_text(g, cq_graph_clause(g, c)->title);
    const cq_status_row *own = row_of(x, c);
    s[CQ_WORKLIST_STATUS] =
        cq_text(own ? cq_status_name(own->status) : derived_name(derived(x)));
    if (x->list.n > 0) {
        const link *l = &x->list.items[0];
        const cq_status_row *row = row_of(x, l->other);
        s[CQ_WORKLIST_BEST_MATCH] =
            cq_graph_text(g, cq_graph_clause(g, l->other)->key);
        s[CQ_WORKLIST_BEST_TITLE] =
            cq_graph_text(g, cq_graph_clause(g, l->other)->title);
        s[CQ_WORKLIST_BEST_STATUS] = cq_text(cq_status_name(row->status));
        s[CQ_WORKLIST_RELATION] = cq_text(cq_relation_name(l->relation));
        s[CQ_WORKLIST_STRENGTH] = cq_int(l->strength);
        s[CQ_WORKLIST_EVIDENCE] = opt_text(row->evidence);
    }
    return cq_emit(x->r, s, CQ_NONE);
}

static int run_readiness(ctx *x, int worklist)
{
    const cq_graph *g = x->g;
    cq_plan *p = x->r->plan;
    if (p->a.n_standards != 1)
        return cq_error_set(x->r->err, CONCORD_ERROR, &p->node->loc,
                            "%s takes one standard",
                            cq_node_kind_name(p->kind));
    cq_id t = p->a.standards[0];
    if ((x->usable = standard_mask(x, &p->b)) == NULL)
        return cq_error_nomem(x->r->err);
    x->usable[t] = 1;
    const cq_standard *std = cq_graph_standard(g, t);
    size_t count = std->end_clause - std->first_clause;
    unsigned char *stand = cq_arena_alloc(x->r->run->arena, count ? count : 1);
    if (stand == NULL)
        return cq_error_nomem(x->r->err);
    int rc = CONCORD_OK;
    for (cq_id c = std->first_clause;
         rc == CONCORD_OK && c < std->end_clause && !x->failed; c++) {
        if ((rc = cq_tick(x->r->run)) != CONCORD_OK)
            break;
        x->list.n = 0;
        if (row_of(x, c) == NULL || worklist)
            gather(x, c, 1);
        int k = standing(x, c);
        stand[c - std->first_clause] = (unsigned char)k;
        if (worklist && (k == R_PARTIAL || k == R_OPEN))
            rc = worklist_row(x, c);
    }
    if (worklist || rc != CONCORD_OK || x->failed)
        return rc;
    long long all[R_COUNT] = {0};
    for (size_t i = 0; i < count; i++)
        all[stand[i]]++;
    rc = readiness_row(x, "all", std->title, all);
    /* chapters: each top-level clause with what lies below it */
    for (cq_id top = std->first_clause;
         rc == CONCORD_OK && top < std->end_clause;
         top = cq_graph_subtree_end(g, top)) {
        long long n[R_COUNT] = {0};
        for (cq_id c = top;
             c < cq_graph_subtree_end(g, top) && c < std->end_clause; c++)
            n[stand[c - std->first_clause]]++;
        rc = readiness_row(x, cq_graph_str(g, cq_graph_clause(g, top)->key),
                           cq_graph_clause(g, top)->title, n);
    }
    return rc;
}

/* ---- soa ----------------------------------------------------------------- */

/* Is c an Annex A control: a control entry with nothing below it? */
static int is_control(const cq_graph *g, cq_id c)
{
    return cq_graph_clause(g, c)->origin == CQ_ORIGIN_CONTROL &&
           cq_graph_subtree_end(g, c) == c + 1;
}

static int soa_row(ctx *x, cq_id c)
{
    const cq_graph *g = x->g;
    cq_value s[CQ_SOA_N_SLOTS];
    for (int i = 0; i < CQ_SOA_N_SLOTS; i++)
        s[i] = cq_null();
    s[CQ_SOA_CONTROL] = cq_graph_text(g, cq_graph_clause(g, c)->key);
    s[CQ_SOA_TITLE] = cq_graph_text(g, cq_graph_clause(g, c)->title);
    const cq_status_row *own = row_of(x, c);
    if (own) {
        s[CQ_SOA_APPLICABLE] =
            cq_text(own->status == CQ_ST_NOT_APPLICABLE ? "no" : "yes");
        s[CQ_SOA_STATUS] = cq_text(cq_status_name(own->status));
        s[CQ_SOA_JUSTIFICATION] = opt_text(own->justification);
        s[CQ_SOA_EVIDENCE] = opt_text(own->evidence);
        s[CQ_SOA_OWNER] = opt_text(own->owner);
        s[CQ_SOA_REVIEWED] = opt_text(own->reviewed);
    } else {
        s[CQ_SOA_STATUS] = cq_text("not assessed");
    }
    gather(x, c, 0);
    /* graph order reads best in a document (each clause is listed once) */
    link *it = x->list.items;
    for (size_t i = 1; i < x->list.n; i++) {
        link k = it[i];
        size_t j = i;
        for (; j > 0 && it[j - 1].other > k.other; j--)
            it[j] = it[j - 1];
        it[j] = k;
    }
    cq_buf cell;
    cq_buf_init(&cell, x->r->run->alloc);
    for (size_t i = 0; i < x->list.n; i++)
        cq_buf_printf(&cell, "%s%s", i ? "; " : "",
                      cq_graph_str(g, cq_graph_clause(g, it[i].other)->key));
    s[CQ_SOA_SERVES] = take_text(x, &cell);
    return cq_emit(x->r, s, CQ_NONE);
}

static int run_soa(ctx *x)
{
    const cq_graph *g = x->g;
    cq_plan *p = x->r->plan;
    if (p->a.n_standards != 1)
        return cq_error_set(x->r->err, CONCORD_ERROR, &p->node->loc,
                            "soa takes one standard");
    cq_id t = p->a.standards[0];
    const cq_standard *std = cq_graph_standard(g, t);
    int any = 0;
    for (cq_id c = std->first_clause; !any && c < std->end_clause; c++)
        any = is_control(g, c);
    if (!any)
        return cq_error_set(x->r->err, CONCORD_ERROR, &p->a.items[0].node->loc,
                            "%s has no Annex A controls; soa lists the "
                            "controls of a standard such as 27001@2022",
                            cq_graph_str(g, std->id));
    /* serves: the standards named with `with`, else those with rows */
    if (p->b.n_items > 0) {
        x->target = standard_mask(x, &p->b);
    } else {
        x->target = cq_arena_zalloc(x->r->run->arena,
                                    g->n_standards ? g->n_standards : 1);
        for (uint32_t c = 0; x->target && c < g->n_clauses; c++)
            if (x->row[c] >= 0)
                x->target[cq_graph_clause(g, c)->standard] = 1;
    }
    if (x->target == NULL)
        return cq_error_nomem(x->r->err);
    x->target[t] = 0;
    int rc = CONCORD_OK;
    for (cq_id c = std->first_clause; rc == CONCORD_OK && c < std->end_clause;
         c++)
        if (is_control(g, c) && (rc = cq_tick(x->r->run)) == CONCORD_OK)
            rc = soa_row(x, c);
    return rc;
}

/* ---- audit plan ---------------------------------------------------------- */

/* One question for each clause of the high level structure, in our own
** words: what an auditor asks to see, not the requirement's text. */
static const struct {
    const char *number;
    const char *question;
} hls_questions[] = {
    {"4", "Overview: does the organisation know where it stands before it "
          "plans its management systems?"},
    {"4.1", "Which internal and external issues bear on what the management "
            "system must achieve, where are they recorded, and when were "
            "they last looked at?"},
    {"4.2", "Who has a stake in the management system, what do they expect, "
            "and which of those expectations became obligations?"},
    {"4.3", "Where are the boundaries of the management system written down, "
            "and do they match the services, sites and processes actually "
            "run?"},
    {"4.4", "Is the management system run as connected processes, each with "
            "an owner and known inputs and outputs?"},
    {"5", "Overview: does top management visibly steer the management "
          "systems?"},
    {"5.1", "How does top management show that it backs the management "
            "system: decisions, resources, messages to staff?"},
    {"5.2", "Is there an approved policy, known to staff, that fits where "
            "the organisation is heading?"},
    {"5.3", "Are roles and the authority that goes with them assigned, "
            "written down and known to those who hold them?"},
    {"6", "Overview: are risks, opportunities and objectives planned for "
          "before the work starts?"},
    {"6.1", "How are risks and opportunities found and weighed, and are the "
            "actions decided on tracked to the end?"},
    {"6.2", "Are objectives measurable, owned and dated, and is progress "
            "against them followed?"},
    {"7", "Overview: are the means the management systems rely on in "
          "place?"},
    {"7.1", "Are the people, infrastructure and budget the management system "
            "needs identified and provided?"},
    {"7.2", "How is the competence each role needs defined, and what records "
            "show that people have it?"},
    {"7.3", "Do staff know the policy, their part in the system, and what "
            "follows when requirements are not met?"},
    {"7.4", "Is it settled what is communicated, to whom, when and by "
            "whom?"},
    {"7.5", "Overview: is what must be written down known and kept under "
            "control?"},
    {"7.5.1", "Which documents and records does the management system call "
              "for, and does a register list them?"},
    {"7.5.2", "Do new and changed documents get an identifier, a format and "
              "an approval before they are used?"},
    {"7.5.3", "Are documents protected, versioned, found when needed, and "
              "kept or disposed of as decided?"},
    {"8", "Overview: is the work carried out as it was planned?"},
    {"8.1", "Are the operational processes planned with criteria, run as "
            "planned, and are changes and outsourced parts kept in hand?"},
    {"9", "Overview: does the organisation know how well its management "
          "systems work?"},
    {"9.1", "What is measured, how and when, who analyses the results, and "
            "where are they kept?"},
    {"9.2", "Is there an audit programme with impartial auditors, and are "
            "findings reported and followed up?"},
    {"9.3", "Does top management review the management system at planned "
            "times, and are its decisions recorded?"},
    {"10", "Overview: are problems fixed at their cause, and do the systems "
           "get better?"},
    {"10.1", "When something goes wrong, is it contained, its cause found, "
             "action taken and the effect checked, with records kept?"},
    {"10.2", "What shows that the management system gets better over time, "
             "beyond fixing single problems?"},
};

static const char *hls_question(const char *number)
{
    for (int i = 0; i < COUNT(hls_questions); i++)
        if (strcmp(hls_questions[i].number, number) == 0)
            return hls_questions[i].question;
    return NULL;
}

typedef struct plan_state {
    ctx *x;
    int n;              /* standards */
    const cq_id *stds;  /* their ids */
    cq_placed **places; /* per standard, per clause */
} plan_state;

/* Append the status and evidence of clause c to the row's cells; *done
** stays 1 only while every clause is implemented or not applicable. */
static void note_clause(plan_state *ps, cq_id c, cq_buf *keys, cq_buf *states,
                        cq_buf *evidence, int *done)
{
    const cq_graph *g = ps->x->g;
    const char *key = cq_graph_str(g, cq_graph_clause(g, c)->key);
    const cq_status_row *row = row_of(ps->x, c);
    cq_buf_printf(keys, "%s%s", keys->len ? "; " : "", key);
    cq_buf_printf(states, "%s%s %s", states->len ? "; " : "", key,
                  row ? cq_status_name(row->status) : "not assessed");
    if (row && row->evidence &&
        (evidence->len == 0 ||
         strstr(cq_buf_str(evidence), row->evidence) == NULL))
        cq_buf_printf(evidence, "%s%s", evidence->len ? "; " : "",
                      row->evidence);
    if (row == NULL || (row->status != CQ_ST_IMPLEMENTED &&
                        row->status != CQ_ST_NOT_APPLICABLE))
        *done = 0;
}

/* Emit a row of the plan from the cells gathered. */
static int plan_row(plan_state *ps, cq_value hls, cq_value title,
                    const char *kind, const char *question, cq_buf *keys,
                    cq_buf *states, cq_buf *evidence, int done)
{
    ctx *x = ps->x;
    cq_value s[CQ_AUDIT_N_SLOTS];
    s[CQ_AUDIT_HLS] = hls;
    s[CQ_AUDIT_TITLE] = title;
    s[CQ_AUDIT_KIND] = cq_text(kind);
    s[CQ_AUDIT_QUESTION] = cq_null();
    if (question) {
        char *q =
            cq_arena_strndup(x->r->run->arena, question, strlen(question));
        if (q == NULL)
            x->failed = 1;
        else
            s[CQ_AUDIT_QUESTION] = cq_text(q);
    }
    s[CQ_AUDIT_CLAUSES] = take_text(x, keys);
    s[CQ_AUDIT_STATUS] = take_text(x, states);
    s[CQ_AUDIT_EVIDENCE] = take_text(x, evidence);
    s[CQ_AUDIT_DONE] = cq_text(done ? "[x]" : "[ ]");
    if (x->failed)
        return cq_error_nomem(x->r->err);
    return cq_emit(x->r, s, CQ_NONE);
}

/* The question for a clause a standard adds: built from its title. */
static const char *added_question(plan_state *ps, cq_id c, char *buf,
                                  size_t size)
{
    const cq_graph *g = ps->x->g;
    const char *title = cq_graph_str(g, cq_graph_clause(g, c)->title);
    if (cq_graph_clause(g, c)->origin == CQ_ORIGIN_CONTROL)
        snprintf(buf, size,
                 "Is the control \"%s\" in place as the Statement of "
                 "Applicability says, and what shows that it works?",
                 title);
    else
        snprintf(buf, size,
                 "What shows that \"%s\" is defined, carried out and "
                 "reviewed?",
                 title);
    return buf;
}

static void plan_bufs(plan_state *ps, cq_buf *b)
{
    for (int i = 0; i < 3; i++)
        cq_buf_init(&b[i], ps->x->r->run->alloc);
}

/* The additions placed under h (CQ_NONE: outside the structure). */
static int added_plan_rows(plan_state *ps, cq_id h)
{
    const cq_graph *g = ps->x->g;
    int rc = CONCORD_OK;
    for (int k = 0; rc == CONCORD_OK && k < ps->n; k++) {
        const cq_standard *std = cq_graph_standard(g, ps->stds[k]);
        for (cq_id c = std->first_clause;
             rc == CONCORD_OK && c < std->end_clause; c++) {
            const cq_placed *p = &ps->places[k][c - std->first_clause];
            /* outside the structure: the controls, not their themes */
            int wanted =
                h == CQ_NONE
                    ? p->how == CQ_PLACE_NONE &&
                          (cq_graph_clause(g, c)->origin != CQ_ORIGIN_CONTROL ||
                           is_control(g, c))
                    : p->how == CQ_PLACE_ADDED && p->anchor == h;
            if (!wanted || (rc = cq_tick(ps->x->r->run)) != CONCORD_OK)
                continue;
            cq_buf b[3];
            plan_bufs(ps, b);
            int done = 1;
            note_clause(ps, c, &b[0], &b[1], &b[2], &done);
            char q[512];
            rc = plan_row(
                ps,
                h == CQ_NONE ? cq_null()
                             : cq_graph_text(g, cq_graph_clause(g, h)->number),
                cq_graph_text(g, cq_graph_clause(g, c)->title),
                cq_graph_clause(g, c)->origin == CQ_ORIGIN_CONTROL ? "control"
                                                                   : "added",
                added_question(ps, c, q, sizeof q), &b[0], &b[1], &b[2], done);
        }
    }
    return rc;
}

/* HLS clause h's shared question (its subclauses and additions follow:
** cq_walk_outline). */
static int shared_plan_row(void *state, cq_id h)
{
    plan_state *ps = state;
    const cq_graph *g = ps->x->g;
    cq_buf b[3];
    plan_bufs(ps, b);
    int done = 1;
    for (int k = 0; k < ps->n; k++) {
        const cq_standard *std = cq_graph_standard(g, ps->stds[k]);
        for (cq_id c = std->first_clause; c < std->end_clause; c++) {
            const cq_placed *p = &ps->places[k][c - std->first_clause];
            if (p->anchor == h &&
                (p->how == CQ_PLACE_SHOWN || p->how == CQ_PLACE_PART))
                note_clause(ps, c, &b[0], &b[1], &b[2], &done);
        }
    }
    int rc = CONCORD_OK;
    if (b[0].len > 0 || b[0].failed) {
        const char *number = cq_graph_str(g, cq_graph_clause(g, h)->number);
        rc = plan_row(ps, cq_graph_text(g, cq_graph_clause(g, h)->number),
                      cq_graph_text(g, cq_graph_clause(g, h)->title), "shared",
                      hls_question(number), &b[0], &b[1], &b[2], done);
    } else {
        for (int i = 0; i < 3; i++)
            cq_buf_free(&b[i]);
    }
    return rc;
}

static int leave_plan_row(void *ps, cq_id h)
{
    return added_plan_rows(ps, h);
}

static int run_audit(ctx *x)
{
    const cq_graph *g = x->g;
    cq_plan *p = x->r->plan;
    cq_id hls = cq_graph_find_standard(g, "hls", 3);
    if (hls == CQ_NONE)
        return cq_error_set(x->r->err, CONCORD_NOTFOUND, &p->node->loc,
                            "audit plan needs the standard hls (the high "
                            "level structure) in the corpus");
    int n = p->a.n_standards;
    cq_id *stds = cq_arena_alloc(x->r->run->arena, sizeof(cq_id) * (size_t)n);
    cq_placed **places =
        cq_arena_alloc(x->r->run->arena, sizeof(cq_placed *) * (size_t)n);
    if (stds == NULL || places == NULL)
        return cq_error_nomem(x->r->err);
    for (int k = 0; k < n; k++) {
        stds[k] = p->a.standards[k];
        const cq_standard *std = cq_graph_standard(g, stds[k]);
        size_t count = std->end_clause - std->first_clause;
        places[k] = cq_arena_zalloc(x->r->run->arena,
                                    sizeof(cq_placed) * (count ? count : 1));
        if (places[k] == NULL)
            return cq_error_nomem(x->r->err);
        x->r->run->steps += (long long)count;
        cq_place_standard(g, hls, stds[k], places[k]);
    }
    plan_state ps = {x, n, stds, places};
    int rc = cq_tick(x->r->run);
    if (rc == CONCORD_OK)
        rc = cq_walk_outline(x->r, hls, shared_plan_row, leave_plan_row, &ps);
    return rc == CONCORD_OK ? added_plan_rows(&ps, CQ_NONE) : rc;
}

/* ---- entry points -------------------------------------------------------- */

int cq_run_status(runner *r)
{
    ctx x;
    int rc = ctx_init(&x, r);
    if (rc != CONCORD_OK)
        return finish(&x, rc);
    switch (r->plan->kind) {
    case CQ_N_STATUS_OF:
        rc = run_status_of(&x);
        break;
    case CQ_N_READINESS:
        rc = run_readiness(&x, 0);
        break;
    case CQ_N_WORKLIST:
        rc = run_readiness(&x, 1);
        break;
    case CQ_N_SOA:
        rc = run_soa(&x);
        break;
    default:
        rc = run_audit(&x);
    }
    return finish(&x, rc);
}
