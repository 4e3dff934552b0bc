/*
** compile.c -- from a statement's syntax tree to a plan (plan.h).
**
** Every name the user wrote is checked here, once, before anything runs:
** standards, clauses, terms, tables, definitions, fields, enum values,
** operators.  A mistake is reported at its place in the text, with the
** nearest names that exist, so the person can fix it without reading
** documentation.  What depends on $parameters is set up here and resolved
** when the statement runs (eval.c), in space reserved here.
**
** Each statement's compile function is the one its row of the table of
** statements (statements.h) names; compile_query and cq_compile dispatch
** through that table.
**
** A `def` call compiles the definition's body with its parameters bound to
** the call's arguments (an environment, searched before tables and
** standards); the chain of calls being compiled is how recursion is caught.
*/
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "concord.h"
#include "fold.h"
#include "keywords.h"
#include "parse.h"
#include "plan.h"
#include "resolve.h"
#include "session.h"
#include "strhash.h"
#include "suggest.h"

/* The parameters of the definitions being expanded, innermost first. */
typedef struct env {
    const cq_def *def;       /* the definition */
    const cq_node *args;     /* the call's arguments */
    const cq_node *call;     /* the call (for messages) */
    const struct env *outer; /* the caller's environment */
    int depth;
} env;

typedef struct compiler {
    cq_compile_ctx *ctx;
    const cq_graph *graph;
    cq_arena *arena;
    cq_error *err;
    const env *env;
} compiler;

static int nomem(compiler *c)
{
    return cq_error_nomem(c->err);
}

static int compile_query(compiler *c, const cq_node *n, cq_plan **out);

/* The compile function of every statement, named by its row of
** statements.h; each is defined below (a row naming one that is not fails
** the build: used but never defined). */
#define COMPILE_PROTO_(cls, kind, name, compile, run, shape)                   \
    static int compile(compiler *c, const cq_node *n, cq_plan *plan);
CQ_STATEMENTS(COMPILE_PROTO_)

/* ---- parameters and definitions' arguments ------------------------------- */

typedef struct cq_param_slot {
    uint32_t hash; /* of the name, so most probes read no string */
    int index;     /* 1-based into params; 0: empty */
} cq_param_slot;

/* The slot of x->param_hash where $name (of hash h) is, or where it would
** go. */
static cq_param_slot *param_slot(const cq_compile_ctx *x, const char *name,
                                 uint32_t h)
{
    unsigned mask = (unsigned)x->cap_hash - 1;
    for (unsigned i = h & mask;; i = (i + 1) & mask) {
        cq_param_slot *slot = &x->param_hash[i];
        if (slot->index == 0 ||
            (slot->hash == h && strcmp(x->params[slot->index - 1], name) == 0))
            return slot;
    }
}

static uint32_t param_hash(const char *name)
{
    return cq_strhash(name, strlen(name), 0, 0);
}

/* The 1-based index of $name, registering it when first met.  Found
** through a hash of the names, so N parameters compile in O(N). */
static int param_index(compiler *c, const char *name)
{
    cq_compile_ctx *x = c->ctx;
    if ((x->n_params + 1) * 2 > x->cap_hash) { /* at most half full */
        int cap = x->cap_hash ? x->cap_hash * 2 : 16;
        cq_param_slot *hash =
            cq_arena_zalloc(c->arena, sizeof(cq_param_slot) * (size_t)cap);
        if (hash == NULL)
            return -1;
        x->param_hash = hash;
        x->cap_hash = cap;
        for (int i = 0; i < x->n_params; i++) {
            uint32_t h = param_hash(x->params[i]);
            *param_slot(x, x->params[i], h) = (cq_param_slot){h, i + 1};
        }
    }
    uint32_t h = param_hash(name);
    cq_param_slot *slot = param_slot(x, name, h);
    if (slot->index != 0)
        return slot->index;
    if (x->n_params == x->cap_params) {
        int cap = x->cap_params ? x->cap_params * 2 : 8;
        const char **grown = cq_arena_alloc(c->arena, sizeof(char *) * cap);
        if (grown == NULL)
            return -1;
        if (x->n_params)
            memcpy(grown, x->params, sizeof(char *) * (size_t)x->n_params);
        x->params = grown;
        x->cap_params = cap;
    }
    x->params[x->n_params++] = name;
    *slot = (cq_param_slot){h, x->n_params};
    return x->n_params;
}

/* A name that a definition's parameter stands for: its argument, followed
** through the callers' environments (an argument may itself name the
** caller's parameter).  *where is the environment the result belongs to.
** Returns node itself when it is not a parameter's name. */
static const cq_node *alias(const compiler *c, const cq_node *node,
                            const env **where)
{
    const env *e = c->env;
    while (
        e && node &&
        ((node->kind == CQ_N_REF && node->clause == NULL && !node->subtree) ||
         node->kind == CQ_N_NAME)) {
        const cq_node *p = e->def->params, *a = e->args;
        while (p && !cq_equal_fold(p->text, node->text)) {
            p = p->next;
            a = a->next;
        }
        if (p == NULL)
            break;
        node = a;
        e = e->outer;
    }
    *where = e;
    return node;
}

/* ---- sets ---------------------------------------------------------------- */

static int range_compare(const void *a, const void *b)
{
    const cq_range *x = a, *y = b;
    return x->first < y->first ? -1 : x->first > y->first ? 1 : 0;
}

/* set_finish of a set of the one item it: a value bound again and again,
** with nothing to sort or merge. */
static void finish_one(cq_set *set, const cq_set_item *it)
{
    set->n_ranges = it->range.first < it->range.end;
    if (set->n_ranges)
        set->ranges[0] = it->range;
    set->n_standards = it->standard != CQ_NONE;
    if (set->n_standards)
        set->standards[0] = it->standard;
}

/* Fill the effective ranges and standards from resolved items and table
** clauses: sorted and merged, so a walk meets each clause once, in graph
** order.  Subtree ranges nest or are disjoint, so merging is simple. */
static void set_finish(cq_set *set)
{
    if (set->n_items == 1 && set->n_table_ranges == 0 &&
        set->n_list_ranges == 0) {
        finish_one(set, &set->items[0]);
        return;
    }
    int n = 0;
    set->n_standards = 0;
    for (int i = 0; i < set->n_items; i++) {
        const cq_set_item *it = &set->items[i];
        if (it->range.first < it->range.end)
            set->ranges[n++] = it->range;
        if (it->standard != CQ_NONE) {
            int seen = 0;
            for (int k = 0; k < set->n_standards; k++)
                seen |= set->standards[k] == it->standard;
            if (!seen)
                set->standards[set->n_standards++] = it->standard;
        }
    }
    for (int i = 0; i < set->n_table_ranges; i++)
        set->ranges[n++] = set->table_ranges[i];
    for (int i = 0; i < set->n_list_ranges; i++)
        set->ranges[n++] = set->list_ranges[i];
    if (n > 1)
        qsort(set->ranges, (size_t)n, sizeof(cq_range), range_compare);
    int kept = 0;
    for (int i = 0; i < n; i++) {
        if (kept > 0 && set->ranges[i].first < set->ranges[kept - 1].end) {
            if (set->ranges[i].end > set->ranges[kept - 1].end)
                set->ranges[kept - 1].end = set->ranges[i].end;
            continue;
        }
        set->ranges[kept++] = set->ranges[i];
    }
    set->n_ranges = kept;
}

/* Append s to the set's label, cutting it with "..." when full. */
static void label_add(cq_set *set, const char *s, int first)
{
    size_t len = strlen(set->label), room = sizeof set->label - 1 - len;
    if (len > 0 && strcmp(set->label + len - 3, "...") == 0)
        return;
    char piece[sizeof set->label];
    snprintf(piece, sizeof piece, "%s%s", first ? "" : ", ", s);
    if (strlen(piece) <= room) {
        memcpy(set->label + len, piece, strlen(piece) + 1);
    } else if (room >= 3) {
        memcpy(set->label + sizeof set->label - 4, "...", 4);
    }
}

/* The clause keys in a `let` table (its `clause`, `from`, `to` or first
** column), as single-clause ranges.  Values that are standard ids (the
** `to` of a `none` row) are skipped; anything else is an error. */
static int table_ranges(compiler *c, const cq_node *ref, const cq_let *let,
                        cq_set *set)
{
    const cq_table *t = &let->table;
    int col = cq_table_column(t, "clause");
    if (col < 0)
        col = cq_table_column(t, "from");
    if (col < 0)
        col = cq_table_column(t, "to");
    if (col < 0)
        col = 0;
    if (t->n_cols == 0)
        return cq_error_set(c->err, CONCORD_ERROR, &ref->loc,
                            "table %s has no columns to take clauses from",
                            let->name);
    cq_range *grown = cq_arena_alloc(
        c->arena,
        sizeof(cq_range) * (size_t)(set->n_table_ranges + (int)t->n_rows + 1));
    if (grown == NULL)
        return nomem(c);
    if (set->n_table_ranges)
        memcpy(grown, set->table_ranges,
               sizeof(cq_range) * (size_t)set->n_table_ranges);
    set->table_ranges = grown;
    for (size_t r = 0; r < t->n_rows; r++) {
        const cq_value *v = &cq_table_row(t, r)[col];
        if (v->type != CONCORD_TEXT)
            continue;
        cq_id id = cq_graph_find_clause(c->graph, v->u.text, strlen(v->u.text));
        if (id == CQ_NONE) {
            if (cq_graph_find_standard(c->graph, v->u.text,
                                       strlen(v->u.text)) != CQ_NONE)
                continue;
            return cq_error_set(c->err, CONCORD_ERROR, &ref->loc,
                                "table %s: '%s' in column %s is not a clause",
                                let->name, v->u.text, t->col_names[col]);
        }
        set->table_ranges[set->n_table_ranges++] = (cq_range){id, id + 1};
    }
    return CONCORD_OK;
}

/* The set item as a person would write it, canonically spelt: 27001,
** 20000-1:8.5.1, 20000-1:8.5.*, 27001:A.* (a prefix with no clause). */
static void item_label(const cq_graph *g, const cq_set_item *item,
                       const char *number, int subtree, char *buf, size_t n)
{
    if (item->standard != CQ_NONE) {
        snprintf(buf, n, "%s", cq_standard_id(g, item->standard));
        return;
    }
    const cq_clause *first = cq_graph_clause(g, item->range.first);
    const char *std = cq_standard_id(g, first->standard);
    char key[CQ_MAX_KEY + 2];
    snprintf(key, sizeof key, "%s:%s", std, number ? number : "");
    if (number && cq_graph_find_clause(g, key, strlen(key)) == CQ_NONE)
        snprintf(buf, n, "%s:%s.*", std, number); /* a prefix: 27001:A.* */
    else
        snprintf(buf, n, "%s%s", cq_graph_str(g, first->key),
                 subtree ? ".*" : "");
}

/* Resolve one written reference (not a parameter) into item. */
static int resolve_item(compiler *c, const cq_node *ref, cq_set_item *item,
                        cq_set *set, int first)
{
    cq_ref_parts parts;
    const char *std = ref->text, *number = ref->clause;
    int subtree = ref->subtree;
    if (ref->kind != CQ_N_REF) {
        /* a definition's argument written as a number, name or string */
        if (cq_parse_ref_text(ref->text ? ref->text : "", &parts) != 0)
            return cq_error_set(c->err, CONCORD_ERROR, &ref->loc,
                                "'%s' is not a clause reference or a "
                                "standard",
                                ref->text ? ref->text : "");
        std = parts.std;
        number = parts.number;
        subtree = parts.subtree;
    }
    int rc = cq_resolve_ref(c->graph, &ref->loc, std, number, subtree,
                            &item->range, &item->standard, c->err);
    if (rc != CONCORD_OK)
        return rc;
    item_label(c->graph, item, number, subtree, item->label,
               sizeof item->label);
    label_add(set, item->label, first);
    return CONCORD_OK;
}

/* Compile a list of references into a set.  A bare name may be a `let`
** table (its clauses) or, inside a definition, a parameter (its argument).
** Without $parameters the set is resolved now. */
static int compile_set(compiler *c, const cq_node *list, cq_set *set)
{
    int n = 0;
    for (const cq_node *r = list; r; r = r->next)
        n++;
    memset(set, 0, sizeof *set);
    set->items = cq_arena_zalloc(c->arena, sizeof(cq_set_item) * (size_t)n);
    set->standards = cq_arena_alloc(c->arena, sizeof(cq_id) * (size_t)n);
    if (set->items == NULL || set->standards == NULL)
        return nomem(c);
    set->n_items = n;
    int i = 0;
    for (const cq_node *r = list; r; r = r->next, i++) {
        cq_set_item *item = &set->items[i];
        const env *where;
        const cq_node *ref = alias(c, r, &where);
        item->node = r;
        item->standard = CQ_NONE;
        if (ref->kind == CQ_N_PARAM) {
            item->param = param_index(c, ref->text);
            if (item->param < 0)
                return nomem(c);
            item->node = ref;
            item->subtree = ref->subtree;
            set->has_params = 1;
            continue;
        }
        if (ref->kind == CQ_N_REF && ref->clause == NULL && !ref->subtree) {
            const cq_let *let = cq_session_let(c->ctx->session, ref->text);
            if (let != NULL) {
                int rc = table_ranges(c, ref, let, set);
                if (rc != CONCORD_OK)
                    return rc;
                snprintf(item->label, sizeof item->label, "%s", let->name);
                label_add(set, let->name, i == 0);
                continue;
            }
        }
        compiler inner = *c;
        inner.env = where;
        int rc = resolve_item(&inner, ref, item, set, i == 0);
        if (rc != CONCORD_OK)
            return rc;
    }
    set->ranges = cq_arena_alloc(
        c->arena, sizeof(cq_range) * (size_t)(n + set->n_table_ranges + 1));
    if (set->ranges == NULL)
        return nomem(c);
    set->own_ranges = set->ranges;
    if (!set->has_params)
        set_finish(set);
    return CONCORD_OK;
}

/* The label of a $parameter's item, from the reference bound to it. */
static void param_label(const cq_graph *g, cq_set_item *item)
{
    if (item->list)
        return; /* "$name": made when it was resolved */
    char digits[32];
    const char *text = item->bound->text;
    if (item->bound->type == CONCORD_INTEGER) {
        snprintf(digits, sizeof digits, "%lld", item->bound->integer);
        text = digits;
    }
    cq_ref_parts parts;
    if (cq_parse_ref_text(text, &parts) == 0)
        item_label(g, item, parts.number, parts.subtree || item->subtree,
                   item->label, sizeof item->label);
}

/* Labels are made only when a statement shows them (cq_set_label): most
** runs never do, and formatting them would be most of a point query's
** work. */
const char *cq_set_label(cq_set *set, const cq_graph *g)
{
    if (!set->label_stale)
        return set->label;
    set->label[0] = '\0';
    for (int i = 0; i < set->n_items; i++) {
        if (set->items[i].param)
            param_label(g, &set->items[i]);
        label_add(set, set->items[i].label, i == 0);
    }
    set->label_stale = 0;
    return set->label;
}

/* Is the bound text a list of keys (one a line, as --arg-file binds a
** file, or separated by commas)? */
static int is_key_list(const char *text)
{
    return text[strcspn(text, "\n,")] != '\0'; /* one pass, not two */
}

/* The clauses of a parameter bound to a list of keys, added to the set's
** list ranges (in the run's arena, room made by the caller): each key a
** clause, or a subtree written `.*`; blank lines and `#` comments are
** left out. */
static int resolve_key_list(cq_set *set, cq_set_item *item, const char *name,
                            const char *text, cq_run *run)
{
    for (const char *p = text; *p;) {
        size_t len = strcspn(p, ",\n");
        const char *next = p + len + (p[len] != '\0');
        while (len > 0 && (*p == ' ' || *p == '\t' || *p == '\r')) {
            p++;
            len--;
        }
        while (len > 0 &&
               (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r'))
            len--;
        if (len == 0 || *p == '#') {
            p = next;
            continue;
        }
        char key[256];
        if (len >= sizeof key)
            return cq_error_set(run->err, CONCORD_ERROR, &item->node->loc,
                                "parameter $%s holds a key of %zu bytes "
                                "(at most %zu)",
                                name, len, sizeof key - 1);
        memcpy(key, p, len);
        key[len] = '\0';
        cq_range range;
        cq_ref_parts parts;
        if (!cq_resolve_key(run->graph, key, item->subtree, &range)) {
            cq_id std;
            int rc;
            if (cq_parse_ref_text(key, &parts) != 0 || parts.number == NULL)
                return cq_error_set(run->err, CONCORD_ERROR, &item->node->loc,
                                    "parameter $%s lists '%s', which is not a "
                                    "clause key (a list holds clause keys, "
                                    "one a line)",
                                    name, key);
            rc = cq_resolve_ref(run->graph, &item->node->loc, parts.std,
                                parts.number, parts.subtree || item->subtree,
                                &range, &std, run->err);
            if (rc != CONCORD_OK)
                return rc;
        }
        set->list_ranges[set->n_list_ranges++] = range;
        p = next;
    }
    return CONCORD_OK;
}

/* Room in the run's arena for the keys of the parameters bound to lists
** (items first.. on; the ones before are none) and for the ranges merged
** with them: made again each run, and only by a run that has a list. */
static int list_room(cq_set *set, int first, cq_run *run)
{
    size_t keys = (size_t)set->n_items;
    for (int i = first; i < set->n_items; i++) {
        const cq_set_item *item = &set->items[i];
        const cq_binding *b = item->param && item->param <= run->n_bindings
                                  ? &run->bindings[item->param - 1]
                                  : NULL;
        if (b != NULL && b->type == CONCORD_TEXT && is_key_list(b->text))
            for (const char *p = b->text; *p; p++)
                keys += *p == '\n' || *p == ',';
    }
    set->list_ranges = cq_arena_alloc(run->arena, sizeof(cq_range) * keys);
    set->ranges = cq_arena_alloc(
        run->arena, sizeof(cq_range) * (keys + (size_t)set->n_items +
                                        (size_t)set->n_table_ranges + 1));
    if (set->list_ranges == NULL || set->ranges == NULL)
        return cq_error_nomem(run->err);
    return CONCORD_OK;
}

/* cq_set_resolve of a set that is one parameter bound to one key or one
** standard (`correlate $k with $t`), what a program binding a statement
** again and again runs: 1 when done, 0 when the general way must run
** (another value, a list, an error to word; it sets all this sets). */
static int resolve_one(cq_set *set, cq_run *run)
{
    cq_set_item *item = &set->items[0];
    if (item->param == 0 || item->param > run->n_bindings)
        return 0;
    /* (a list of keys is no key and no standard: a key holds no comma and
    ** no newline (cq_text_valid_number), an id neither, so it is not found
    ** and goes the general way, with no look for a list first) */
    const cq_binding *b = &run->bindings[item->param - 1];
    if (b->type != CONCORD_TEXT ||
        !cq_resolve_bound(run->graph, b->text, b->len, item->subtree,
                          &item->range, &item->standard))
        return 0;
    item->list = 0;
    item->bound = b;
    set->n_list_ranges = 0;
    set->ranges = set->own_ranges;
    set->label_stale = 1;
    finish_one(set, item);
    return 1;
}

/* cq_set_resolve the general way: every item, lists, integers, errors.
** Apart, so that resolve_one's path saves few registers. */
static __attribute__((noinline)) int resolve_items(cq_set *set, cq_run *run)
{
    set->n_list_ranges = 0;
    set->ranges = set->own_ranges;
    int room = 0; /* made for lists (list_room): at the first list met */
    for (int i = 0; i < set->n_items; i++) {
        cq_set_item *item = &set->items[i];
        if (item->param == 0)
            continue;
        const cq_binding *b = item->param <= run->n_bindings
                                  ? &run->bindings[item->param - 1]
                                  : NULL;
        const char *name = run->param_names[item->param - 1];
        if (b == NULL ||
            (b->type != CONCORD_TEXT && b->type != CONCORD_INTEGER))
            return cq_error_set(run->err, CONCORD_ERROR, &item->node->loc,
                                "parameter $%s is not bound", name);
        char digits[32];
        const char *text = b->text;
        size_t len = b->len;
        if (b->type == CONCORD_INTEGER) {
            snprintf(digits, sizeof digits, "%lld", b->integer);
            text = digits;
            len = strlen(digits);
        }
        item->list = b->type == CONCORD_TEXT && is_key_list(text);
        if (item->list) {
            if (!room) {
                int rc = list_room(set, i, run);
                if (rc != CONCORD_OK)
                    return rc;
                room = 1;
            }
            item->range = (cq_range){0, 0};
            item->standard = CQ_NONE;
            item->bound = b;
            snprintf(item->label, sizeof item->label, "$%s%s", name,
                     item->subtree ? ".*" : "");
            int rc = resolve_key_list(set, item, name, text, run);
            if (rc != CONCORD_OK)
                return rc;
            continue;
        }
        if (cq_resolve_bound(run->graph, text, len, item->subtree, &item->range,
                             &item->standard)) {
            item->bound = b;
            continue;
        }
        cq_ref_parts parts;
        if (cq_parse_ref_text(text, &parts) != 0)
            return cq_error_set(run->err, CONCORD_ERROR, &item->node->loc,
                                "parameter $%s is '%s', which is not a "
                                "clause reference or a standard",
                                name, text);
        int rc = cq_resolve_ref(run->graph, &item->node->loc, parts.std,
                                parts.number, parts.subtree || item->subtree,
                                &item->range, &item->standard, run->err);
        if (rc != CONCORD_OK)
            return rc;
        item->bound = b;
    }
    set->label_stale = 1;
    set_finish(set);
    return CONCORD_OK;
}

int cq_set_resolve(cq_set *set, cq_run *run)
{
    if (!set->has_params)
        return CONCORD_OK;
    if (set->n_items == 1 && set->n_table_ranges == 0 && resolve_one(set, run))
        return CONCORD_OK;
    return resolve_items(set, run);
}

/* A set whose every reference must name a whole standard (integrate,
** common, terms of). */
static int require_standards(compiler *c, const cq_set *set, const char *what)
{
    for (int i = 0; i < set->n_items; i++) {
        const cq_set_item *it = &set->items[i];
        if (it->param == 0 && it->standard == CQ_NONE)
            return cq_error_set(c->err, CONCORD_ERROR, &it->node->loc,
                                "%s takes standards such as 27001, not %s",
                                what, set->label);
    }
    if (set->n_table_ranges)
        return cq_error_set(c->err, CONCORD_ERROR, &set->items[0].node->loc,
                            "%s takes standards, not a table", what);
    return CONCORD_OK;
}

/* ---- values -------------------------------------------------------------- */

/* The text a value node stands for, as written. */
static const char *value_text(cq_arena *arena, const cq_node *v)
{
    if (v->kind == CQ_N_REF && v->clause != NULL) {
        size_t n = strlen(v->text) + strlen(v->clause) + 4;
        char *s = cq_arena_alloc(arena, n);
        if (s)
            snprintf(s, n, "%s:%s%s", v->text, v->clause,
                     v->subtree ? ".*" : "");
        return s;
    }
    return v->text ? v->text : "";
}

static void write_choices(cq_buf *buf, const char *(*name)(int), int count)
{
    for (int i = 0; i < count; i++) {
        if (i > 0)
            cq_buf_puts(buf, i == count - 1 ? " or " : ", ");
        cq_buf_puts(buf, name(i));
    }
}

/* Resolve an enum value (relation, confidence, origin, term relation). */
static int compile_enum(cq_compile_ctx *x, const cq_field *field,
                        const cq_node *v, const char *what,
                        const char *(*name)(int), int count, cq_value *out)
{
    const char *text = value_text(x->arena, v);
    if (text == NULL)
        return cq_error_nomem(x->err);
    for (int i = 0; i < count; i++) {
        if (cq_equal_fold(text, name(i))) {
            *out = cq_text(name(i));
            return CONCORD_OK;
        }
    }
    cq_suggest s;
    cq_suggest_init(&s, text, strlen(text));
    for (int i = 0; i < count; i++)
        cq_suggest_offer(&s, name(i), strlen(name(i)));
    cq_error_set(x->err, CONCORD_ERROR, &v->loc, "unknown %s '%s' for %s", what,
                 text, field->name);
    cq_suggest_write(&s, &x->err->msg, "; ", "'");
    cq_buf_printf(&x->err->msg, " (%s is ", field->name);
    write_choices(&x->err->msg, name, count);
    cq_buf_putc(&x->err->msg, ')');
    return x->err->msg.failed ? cq_error_nomem(x->err) : CONCORD_ERROR;
}

static const char *yesno_name(int i)
{
    return i == 0 ? "no" : "yes";
}

/* The i-th annex label of g (for cq_write_names). */
static const char *annex_label(const cq_graph *g, uint32_t i)
{
    return cq_graph_str(g, g->annexes[i]);
}

/* Resolve an annex label against the labels the corpus uses. */
static int compile_annex(cq_compile_ctx *x, const cq_node *v, cq_value *out)
{
    const cq_graph *g = x->graph;
    const char *text = value_text(x->arena, v);
    if (text == NULL)
        return cq_error_nomem(x->err);
    for (uint32_t i = 0; i < g->n_annexes; i++) {
        const char *annex = cq_graph_str(g, g->annexes[i]);
        if (cq_equal_fold(text, annex)) {
            *out = cq_text(annex);
            return CONCORD_OK;
        }
    }
    cq_error_set(x->err, CONCORD_NOTFOUND, &v->loc,
                 "no edge has annex '%s'; the corpus has annex ", text);
    cq_write_names(&x->err->msg, g, annex_label, g->n_annexes,
                   "`correlate ... | group by annex` shows them");
    return x->err->msg.failed ? cq_error_nomem(x->err) : CONCORD_NOTFOUND;
}

static int type_error(cq_compile_ctx *x, const cq_field *field,
                      const cq_node *v, const char *wants)
{
    const char *text = value_text(x->arena, v);
    return cq_error_set(x->err, CONCORD_ERROR, &v->loc, "%s takes %s, not '%s'",
                        field->name, wants, text ? text : "?");
}

/* Is text a whole number (as a bound parameter may carry one)? */
static int all_digits(const char *text)
{
    if (*text == '\0')
        return 0;
    for (; *text; text++)
        if (*text < '0' || *text > '9')
            return 0;
    return 1;
}

int cq_value_for_field(cq_compile_ctx *x, const cq_field *field,
                       const cq_node *v, cq_value *out)
{
    switch (field->type) {
    case CQ_F_INT:
    case CQ_F_REAL:
        if (v->kind == CQ_N_INT) {
            *out = cq_int(v->num);
            return CONCORD_OK;
        }
        if (v->kind == CQ_N_STRING && all_digits(v->text)) {
            /* every number a literal may be (up to LLONG_MAX), not only
            ** those of fewer than 19 digits */
            errno = 0;
            long long n = strtoll(v->text, NULL, 10);
            if (errno == 0) {
                *out = cq_int(n);
                return CONCORD_OK;
            }
        }
        return type_error(x, field, v, "a number");
    case CQ_F_RELATION:
        return compile_enum(x, field, v, "relation", cq_relation_name,
                            CQ_REL_COUNT, out);
    case CQ_F_CONFIDENCE:
        return compile_enum(x, field, v, "confidence", cq_confidence_name,
                            CQ_CONF_COUNT, out);
    case CQ_F_ORIGIN:
        return compile_enum(x, field, v, "origin", cq_origin_name,
                            CQ_ORIGIN_COUNT, out);
    case CQ_F_TERMREL:
        return compile_enum(x, field, v, "term relation", cq_term_relation_name,
                            CQ_TREL_COUNT, out);
    case CQ_F_KIND:
        return compile_enum(x, field, v, "kind", cq_kind_name, CQ_KIND_COUNT,
                            out);
    case CQ_F_YESNO:
        return compile_enum(x, field, v, "value", yesno_name, 2, out);
    case CQ_F_DIRECTION:
        return compile_enum(x, field, v, "direction", cq_direction_name, 2,
                            out);
    case CQ_F_ANNEX:
        return compile_annex(x, v, out);
    case CQ_F_STANDARD: {
        if (v->kind == CQ_N_REF && v->clause != NULL)
            return type_error(x, field, v, "a standard such as 27001");
        const char *text = value_text(x->arena, v);
        cq_id standard;
        int rc =
            cq_resolve_standard(x->graph, &v->loc, text, &standard, x->err);
        if (rc == CONCORD_OK)
            *out = cq_text(cq_standard_id(x->graph, standard));
        return rc;
    }
    case CQ_F_CLAUSE: {
        const char *std = v->text, *number = v->clause;
        int subtree = v->subtree;
        cq_ref_parts parts;
        if (v->kind != CQ_N_REF) {
            if (cq_parse_ref_text(v->text ? v->text : "", &parts) != 0)
                return type_error(x, field, v,
                                  "one clause such as 27001:A.12.1.2");
            std = parts.std;
            number = parts.number;
            subtree = parts.subtree;
        }
        if (number == NULL || subtree)
            return type_error(x, field, v, "one clause such as 27001:A.12.1.2");
        cq_range range;
        cq_id whole;
        int rc = cq_resolve_ref(x->graph, &v->loc, std, number, 0, &range,
                                &whole, x->err);
        if (rc == CONCORD_OK)
            *out = cq_text(cq_graph_str(
                x->graph, cq_graph_clause(x->graph, range.first)->key));
        return rc;
    }
    default: {
        const char *text = value_text(x->arena, v);
        if (text == NULL)
            return cq_error_nomem(x->err);
        *out = cq_text(text);
        return CONCORD_OK;
    }
    }
}

/* ---- conditions ---------------------------------------------------------- */

static const cq_field *find_field(const cq_shape *shape, const char *name)
{
    for (int i = 0; i < shape->n_fields; i++)
        if (cq_equal_fold(shape->fields[i].name, name))
            return &shape->fields[i];
    return NULL;
}

static int unknown_field(compiler *c, const cq_shape *shape, const cq_node *f,
                         const char *what)
{
    cq_suggest s;
    cq_suggest_init(&s, f->text, strlen(f->text));
    for (int i = 0; i < shape->n_fields; i++)
        cq_suggest_offer(&s, shape->fields[i].name,
                         strlen(shape->fields[i].name));
    cq_error_set(c->err, CONCORD_NOTFOUND, &f->loc, "unknown field '%s'",
                 f->text);
    if (cq_suggest_write(&s, &c->err->msg, "; ", "'") == 0) {
        cq_buf_printf(&c->err->msg, "; %s rows have ", what);
        for (int i = 0; i < shape->n_fields; i++) {
            if (i > 0)
                cq_buf_puts(&c->err->msg,
                            i == shape->n_fields - 1 ? " and " : ", ");
            cq_buf_puts(&c->err->msg, shape->fields[i].name);
        }
    }
    return c->err->msg.failed ? nomem(c) : CONCORD_NOTFOUND;
}

/* Which operators a field type has. */
static int op_allowed(int type, int op)
{
    if (op == CQ_OP_EQ || op == CQ_OP_NE)
        return 1;
    switch (type) {
    case CQ_F_INT:
    case CQ_F_REAL:
    case CQ_F_CONFIDENCE:
    case CQ_F_TEXT:
        return 1;
    default:
        return 0;
    }
}

/* `$name.*` where a value goes: the subtree of a clause is a set of
** clauses, which only a reference's place takes. */
static int subtree_no_value(compiler *c, const cq_node *v)
{
    return cq_error_set(c->err, CONCORD_ERROR, &v->loc,
                        "$%s.* is a clause and its subtree, which only a "
                        "clause reference's place takes; as a value, write "
                        "$%s",
                        v->text, v->text);
}

/* The number a count(...) is compared with, as a field for messages. */
static const cq_field count_field = {"count", CQ_F_INT, -1};

/* An operand from a value node compared with field. */
static int compile_operand(compiler *c, const cq_field *field, const cq_node *n,
                           cq_operand *o)
{
    const env *where;
    const cq_node *v = alias(c, n, &where);
    o->node = v;
    o->field = field;
    if (v->kind == CQ_N_PARAM) {
        if (v->subtree)
            return subtree_no_value(c, v);
        o->kind = CQ_OPND_PARAM;
        o->param = param_index(c, v->text);
        return o->param < 0 ? nomem(c) : CONCORD_OK;
    }
    if (v->kind == CQ_N_COUNTQ) {
        o->kind = CQ_OPND_COUNT;
        if (field->type != CQ_F_INT && field->type != CQ_F_REAL)
            return cq_error_set(c->err, CONCORD_ERROR, &v->loc,
                                "%s is not a number, so count(...) cannot be "
                                "compared with it",
                                field->name);
        compiler inner = *c;
        inner.env = where;
        return compile_query(&inner, v->query, &o->plan);
    }
    o->kind = CQ_OPND_CONST;
    return cq_value_for_field(c->ctx, field, v, &o->value);
}

/* Compile a condition.  shape NULL: an assert's condition, which has no
** row and compares count(...) with numbers. */
static int compile_cond(compiler *c, const cq_shape *shape, const char *what,
                        const cq_node *n, cq_cond **out)
{
    cq_cond *cond = cq_arena_zalloc(c->arena, sizeof(cq_cond));
    if (cond == NULL)
        return nomem(c);
    *out = cond;
    cond->node = n;
    int rc;
    switch (n->kind) {
    case CQ_N_AND:
    case CQ_N_OR:
        cond->kind = n->kind == CQ_N_AND ? CQ_C_AND : CQ_C_OR;
        rc = compile_cond(c, shape, what, n->left, &cond->a);
        if (rc == CONCORD_OK)
            rc = compile_cond(c, shape, what, n->right, &cond->b);
        return rc;
    case CQ_N_NOT:
        cond->kind = CQ_C_NOT;
        return compile_cond(c, shape, what, n->operand, &cond->a);
    case CQ_N_CMP:
    case CQ_N_IN:
    case CQ_N_MATCH:
        break;
    default:
        return cq_error_set(c->err, CONCORD_INTERNAL, &n->loc,
                            "unexpected %s in a condition",
                            cq_node_kind_name(n->kind));
    }
    const cq_field *field;
    const cq_node *lhs = n->lhs;
    if (lhs->kind == CQ_N_COUNTQ) {
        field = &count_field;
        cond->lhs.kind = CQ_OPND_COUNT;
        cond->lhs.node = lhs;
        cond->lhs.field = field;
        rc = compile_query(c, lhs->query, &cond->lhs.plan);
        if (rc != CONCORD_OK)
            return rc;
    } else if (shape == NULL) {
        return cq_error_set(c->err, CONCORD_ERROR, &lhs->loc,
                            "assert has no rows, so it has no field '%s'; "
                            "compare count(...) with a number",
                            lhs->text);
    } else {
        field = find_field(shape, lhs->text);
        if (field == NULL)
            return unknown_field(c, shape, lhs, what);
        cond->lhs.kind = CQ_OPND_FIELD;
        cond->lhs.field = field;
        cond->lhs.node = lhs;
        cond->lhs.arg = CQ_NONE;
        if (field->type == CQ_F_TERMREL) {
            if (lhs->arg == NULL)
                return cq_error_set(c->err, CONCORD_ERROR, &lhs->loc,
                                    "%s needs a vocabulary, as in %s(27000)",
                                    field->name, field->name);
            if (lhs->arg->kind != CQ_N_REF || lhs->arg->clause != NULL)
                return type_error(c->ctx, field, lhs->arg,
                                  "a vocabulary such as 27000");
            rc = cq_resolve_standard(c->graph, &lhs->arg->loc, lhs->arg->text,
                                     &cond->lhs.arg, c->err);
            if (rc != CONCORD_OK)
                return rc;
        } else if (lhs->arg != NULL) {
            return cq_error_set(c->err, CONCORD_ERROR, &lhs->arg->loc,
                                "%s takes no argument", field->name);
        }
    }
    cond->type = field->type;
    switch (n->kind) {
    case CQ_N_CMP:
        cond->kind = CQ_C_CMP;
        cond->op = n->op;
        if (!op_allowed(field->type, n->op))
            return cq_error_set(
                c->err, CONCORD_ERROR, &n->loc,
                "%s has no order, so '%s' does not apply; use =, != or in",
                field->name, cq_cmp_op_name(n->op));
        cond->n_rhs = 1;
        cond->rhs = cq_arena_zalloc(c->arena, sizeof(cq_operand));
        if (cond->rhs == NULL)
            return nomem(c);
        return compile_operand(c, field, n->rhs, cond->rhs);
    case CQ_N_IN: {
        cond->kind = CQ_C_IN;
        cond->negate = n->negate;
        for (const cq_node *v = n->rhs; v; v = v->next)
            cond->n_rhs++;
        cond->rhs =
            cq_arena_zalloc(c->arena, sizeof(cq_operand) * (size_t)cond->n_rhs);
        if (cond->rhs == NULL)
            return nomem(c);
        int i = 0;
        for (const cq_node *v = n->rhs; v; v = v->next, i++) {
            rc = compile_operand(c, field, v, &cond->rhs[i]);
            if (rc != CONCORD_OK)
                return rc;
        }
        return CONCORD_OK;
    }
    default: /* CQ_N_MATCH */
        cond->kind = CQ_C_MATCH;
        cond->negate = n->negate;
        if (field->type != CQ_F_TEXT && field->type != CQ_F_CLAUSE &&
            field->type != CQ_F_STANDARD && field->type != CQ_F_ANNEX)
            return cq_error_set(c->err, CONCORD_ERROR, &n->loc,
                                "'~' searches text, and %s is not text; use "
                                "= or in",
                                field->name);
        cond->n_rhs = 1;
        cond->rhs = cq_arena_zalloc(c->arena, sizeof(cq_operand));
        if (cond->rhs == NULL)
            return nomem(c);
        /* what is searched for is text, whatever the field holds */
        static const cq_field pattern = {"the text after ~", CQ_F_TEXT, -1};
        return compile_operand(c, &pattern, n->rhs, cond->rhs);
    }
}

/* Resolve an operand's parameter or count before a run (the other kinds
** have nothing to resolve: operand_prepare). */
static int operand_resolve(cq_operand *o, cq_run *run)
{
    if (o->kind == CQ_OPND_COUNT) {
        cq_table t;
        cq_table_init(&t, run->alloc, o->plan->shape.columns,
                      o->plan->shape.n_columns);
        int rc = run->execute(o->plan, run, &t);
        o->value = cq_int((long long)t.n_rows);
        cq_table_free(&t);
        return rc;
    }
    if (o->kind != CQ_OPND_PARAM)
        return CONCORD_OK;
    const cq_binding *b =
        o->param <= run->n_bindings ? &run->bindings[o->param - 1] : NULL;
    if (b == NULL || (b->type != CONCORD_TEXT && b->type != CONCORD_INTEGER))
        return cq_error_set(run->err, CONCORD_ERROR, &o->node->loc,
                            "parameter $%s is not bound",
                            run->param_names[o->param - 1]);
    /* The bound value is a value, never query text: it is checked as a
    ** string or number written at the parameter's place. */
    char digits[32];
    cq_node v;
    memset(&v, 0, sizeof v);
    v.loc = o->node->loc;
    if (b->type == CONCORD_INTEGER) {
        snprintf(digits, sizeof digits, "%lld", b->integer);
        v.kind = CQ_N_INT;
        v.num = b->integer;
        v.text = digits;
    } else {
        v.kind = CQ_N_STRING;
        v.text = b->text;
        v.num = (long long)strlen(b->text);
    }
    cq_compile_ctx x;
    memset(&x, 0, sizeof x);
    x.graph = run->graph;
    x.arena = run->arena;
    x.err = run->err;
    x.session = run->session;
    int rc = cq_value_for_field(&x, o->field, &v, &o->value);
    if (rc == CONCORD_OK && o->value.type == CONCORD_TEXT &&
        o->value.u.text == digits)
        o->value =
            cq_text(cq_arena_strndup(run->arena, digits, strlen(digits)));
    if (rc == CONCORD_OK && o->value.type == CONCORD_TEXT &&
        o->value.u.text == NULL)
        return cq_error_nomem(run->err);
    if (rc != CONCORD_OK && run->err->code != CONCORD_NOMEM) {
        /* say which parameter carried the bad value */
        cq_buf msg;
        cq_buf_init(&msg, run->alloc);
        const char *text = cq_error_message(run->err);
        const char *colon = strstr(text, ": ");
        cq_buf_printf(&msg, "parameter $%s: %s", run->param_names[o->param - 1],
                      colon ? colon + 2 : text);
        if (msg.failed) /* out of memory is reported as such, always */
            rc = cq_error_nomem(run->err);
        else
            rc = cq_error_set(run->err, rc, &o->node->loc, "%s",
                              cq_buf_str(&msg));
        cq_buf_free(&msg);
    }
    return rc;
}

/* An operand's parameter or count resolved before a run; the test inline,
** as most operands (a field, a literal) have none, and a condition is
** prepared at every run. */
static inline int operand_prepare(cq_operand *o, cq_run *run)
{
    if (o->kind != CQ_OPND_COUNT && o->kind != CQ_OPND_PARAM)
        return CONCORD_OK;
    return operand_resolve(o, run);
}

int cq_cond_prepare(cq_cond *cond, cq_run *run)
{
    if (cond == NULL)
        return CONCORD_OK;
    int rc = CONCORD_OK;
    switch (cond->kind) {
    case CQ_C_AND:
    case CQ_C_OR:
        rc = cq_cond_prepare(cond->a, run);
        return rc == CONCORD_OK ? cq_cond_prepare(cond->b, run) : rc;
    case CQ_C_NOT:
        return cq_cond_prepare(cond->a, run);
    default:
        break;
    }
    rc = operand_prepare(&cond->lhs, run);
    for (int i = 0; rc == CONCORD_OK && i < cond->n_rhs; i++)
        rc = operand_prepare(&cond->rhs[i], run);
    return rc;
}

int cq_cond_fixed(const cq_cond *cond)
{
    if (cond == NULL)
        return 1;
    if (cond->kind == CQ_C_AND || cond->kind == CQ_C_OR ||
        cond->kind == CQ_C_NOT)
        return cq_cond_fixed(cond->a) && cq_cond_fixed(cond->b);
    if (cond->lhs.kind == CQ_OPND_COUNT || cond->lhs.kind == CQ_OPND_PARAM)
        return 0;
    for (int i = 0; i < cond->n_rhs; i++)
        if (cond->rhs[i].kind == CQ_OPND_COUNT ||
            cond->rhs[i].kind == CQ_OPND_PARAM)
            return 0;
    return 1;
}

/* ---- statements ---------------------------------------------------------- */

static cq_plan *new_plan(compiler *c, const cq_node *n)
{
    cq_plan *plan = cq_arena_zalloc(c->arena, sizeof(cq_plan));
    if (plan) {
        plan->kind = n->kind;
        plan->node = n;
        plan->format = -1;
        const cq_shape *shape = cq_shape_for(n->kind);
        if (shape)
            plan->shape = *shape;
    }
    return plan;
}

/* One reference as a set; show and path take exactly one clause. */
static int compile_one(compiler *c, const cq_node *ref, cq_set *set,
                       const char *what, int clause_only)
{
    const cq_node *list = ref;
    cq_node copy;
    if (ref->next) {
        copy = *ref;
        copy.next = NULL;
        list = &copy;
    }
    int rc = compile_set(c, list, set);
    if (rc != CONCORD_OK)
        return rc;
    const cq_set_item *it = &set->items[0];
    if (it->param == 0 && set->n_table_ranges == 0 &&
        ((it->standard != CQ_NONE && clause_only) ||
         (it->standard == CQ_NONE && it->range.end - it->range.first != 1) ||
         (ref->kind == CQ_N_REF && ref->subtree)))
        return cq_error_set(
            c->err, CONCORD_ERROR, &ref->loc,
            "%s takes one clause%s, and %s is %s; try: "
            "clauses of %s",
            what, clause_only ? "" : " or one standard", set->label,
            it->standard != CQ_NONE ? "a standard" : "a set", set->label);
    if (set->n_table_ranges)
        return cq_error_set(c->err, CONCORD_ERROR, &ref->loc,
                            "%s takes one clause, not a table", what);
    return CONCORD_OK;
}

static int compile_term(compiler *c, const cq_node *stmt, cq_plan *plan)
{
    static const cq_field name_field = {"term", CQ_F_TEXT, -1};
    const env *where;
    const cq_node *v = alias(c, stmt->value ? stmt->value : stmt, &where);
    plan->operand.field = &name_field;
    plan->operand.node = v;
    if (v->kind == CQ_N_PARAM) {
        if (v->subtree)
            return subtree_no_value(c, v);
        plan->operand.kind = CQ_OPND_PARAM;
        plan->operand.param = param_index(c, v->text);
        return plan->operand.param < 0 ? nomem(c) : CONCORD_OK;
    }
    plan->operand.kind = CQ_OPND_CONST;
    plan->operand.value = cq_text(v->text ? v->text : stmt->text);
    return cq_resolve_term_name(c->graph, &v->loc, plan->operand.value.u.text,
                                c->err);
}

static int compile_format(compiler *c, const cq_node *stmt, cq_plan *plan)
{
    plan->format = concord_format_from_name(stmt->text);
    if (plan->format >= 0)
        return CONCORD_OK;
    const char *names[16];
    int n = 0;
    for (int f = 0; n < 16 && concord_format_name(f) != NULL; f++)
        names[n++] = concord_format_name(f);
    cq_suggest s;
    cq_suggest_init(&s, stmt->text, strlen(stmt->text));
    for (int i = 0; i < n; i++)
        cq_suggest_offer(&s, names[i], strlen(names[i]));
    cq_error_set(c->err, CONCORD_ERROR, &stmt->loc, "unknown format '%s'",
                 stmt->text);
    cq_suggest_write(&s, &c->err->msg, "; ", "'");
    cq_buf_puts(&c->err->msg, " (formats: ");
    cq_write_list(&c->err->msg, names, n, " and ");
    cq_buf_putc(&c->err->msg, ')');
    return c->err->msg.failed ? nomem(c) : CONCORD_ERROR;
}

/* Columns named after the standards of a set, in the order written
** (integrate, common): a $parameter's column is named after it. */
static const char **standard_columns(compiler *c, cq_set *set, int before,
                                     const char *const *first)
{
    int n = before + set->n_items;
    const char **cols = cq_arena_alloc(c->arena, sizeof(char *) * (size_t)n);
    if (cols == NULL)
        return NULL;
    for (int i = 0; i < before; i++)
        cols[i] = first[i];
    for (int i = 0; i < set->n_items; i++) {
        cq_set_item *it = &set->items[i];
        if (it->param) {
            /* room for any standard's id too: each run writes the bound
            ** one here (name_bound_columns), and the stages after a pipe
            ** share this string, not a copy */
            const char *name = c->ctx->params[it->param - 1];
            size_t room = strlen(name) + 2;
            for (cq_id s = 0; s < c->graph->n_standards; s++) {
                size_t len = strlen(cq_standard_id(c->graph, s)) + 1;
                if (room < len)
                    room = len;
            }
            char *col = cq_arena_alloc(c->arena, room);
            if (col == NULL)
                return NULL;
            it->column = col;
            it->column_room = room;
            col[0] = '$';
            strcpy(col + 1, name);
            cols[before + i] = col;
        } else {
            cols[before + i] = cq_standard_id(c->graph, it->standard);
        }
    }
    return cols;
}

/* A shape of n text columns (views whose columns depend on the query). */
static int text_shape(compiler *c, cq_shape *shape, const char **cols, int n)
{
    cq_field *fields = cq_arena_alloc(c->arena, sizeof(cq_field) * (size_t)n);
    if (fields == NULL)
        return nomem(c);
    for (int i = 0; i < n; i++)
        fields[i] = (cq_field){cols[i], CQ_F_TEXT, i};
    shape->columns = cols;
    shape->n_columns = n;
    shape->n_slots = n;
    shape->fields = fields;
    shape->n_fields = n;
    return CONCORD_OK;
}

static int compile_route(compiler *c, const cq_node *route, cq_plan *plan);

/* integrate and common: their columns, named after the standards, and
** their route. */
static int compile_views(compiler *c, const cq_node *n, cq_plan *plan)
{
    static const char *const integrate_first[] = {"kind", "hls", "title"};
    static const char *const common_first[] = {"clause", "title"};
    int rc = compile_set(c, n->of, &plan->a);
    if (rc == CONCORD_OK)
        rc = require_standards(c, &plan->a, cq_node_kind_name(n->kind));
    if (rc != CONCORD_OK)
        return rc;
    int integrate = n->kind == CQ_N_INTEGRATE;
    if (!integrate && plan->a.n_items < 2)
        return cq_error_set(c->err, CONCORD_ERROR, &n->loc,
                            "common needs two standards or more");
    int before = integrate ? 3 : 2;
    const char **cols = standard_columns(
        c, &plan->a, before, integrate ? integrate_first : common_first);
    if (cols == NULL)
        return nomem(c);
    int n_std = before + plan->a.n_items;
    if (!integrate) {
        /* common: the first standard's clauses, then the others' */
        cols[0] = cols[2];
        cols[1] = "title";
        for (int i = 2; i < before + plan->a.n_items - 1; i++)
            cols[i] = cols[i + 1];
        n_std = 1 + plan->a.n_items;
    }
    /* then what the routes that placed (integrate) or reached (common)
    ** the row's clauses claim (eval_views.c), typed so that conditions
    ** compare them */
    static const char *const route_cols[] = {
        "route",      "route_relation", "route_strength", "route_confidence",
        "route_kind", "routes"};
    static const int route_types[] = {CQ_F_TEXT,       CQ_F_RELATION, CQ_F_INT,
                                      CQ_F_CONFIDENCE, CQ_F_KIND,     CQ_F_INT};
    int n_all = n_std + CQ_INTEGRATE_ROUTE;
    const char **all = cq_arena_alloc(c->arena, sizeof(char *) * (size_t)n_all);
    if (all == NULL)
        return nomem(c);
    memcpy(all, cols, sizeof(char *) * (size_t)n_std);
    memcpy(all + n_std, route_cols, sizeof route_cols);
    rc = text_shape(c, &plan->shape, all, n_all);
    for (int i = 0; rc == CONCORD_OK && i < CQ_INTEGRATE_ROUTE; i++)
        ((cq_field *)plan->shape.fields)[n_std + i].type = route_types[i];
    if (rc == CONCORD_OK && n->route != NULL)
        rc = compile_route(c, n->route, plan);
    return rc;
}

/* path's route (n->route): `via P then Q` fixes the hops, so it takes no max;
** `via any max N` is a max of its own. */
static int compile_path_route(compiler *c, const cq_node *n, cq_plan *plan)
{
    const cq_node *route = n->route;
    if (n->limit != NULL && route->hops != NULL)
        return cq_error_set(c->err, CONCORD_ERROR, &n->limit->loc,
                            "path ... via SETS takes no max: it goes through "
                            "one clause of each pivot set, in turn");
    if (n->limit != NULL && route->via_any && route->limit != NULL)
        return cq_error_set(c->err, CONCORD_ERROR, &route->limit->loc,
                            "path takes one max: write max N or via any max "
                            "N, not both");
    return compile_route(c, route, plan);
}

static int compile_path(compiler *c, const cq_node *n, cq_plan *plan)
{
    static const cq_field hops_field = {"max", CQ_F_INT, -1};
    int rc = compile_one(c, n->of, &plan->a, "path", 1);
    if (rc == CONCORD_OK)
        rc = compile_one(c, n->targets, &plan->b, "path", 1);
    if (rc == CONCORD_OK && n->route != NULL)
        rc = compile_path_route(c, n, plan);
    if (rc != CONCORD_OK)
        return rc;
    int most = cq_limit_of(c->ctx->limits, CONCORD_LIMIT_HOPS);
    if (n->limit == NULL) {
        plan->operand.kind = CQ_OPND_CONST;
        plan->operand.value =
            cq_int(CQ_PATH_DEFAULT_HOPS < most ? CQ_PATH_DEFAULT_HOPS : most);
        plan->operand.node = n;
        plan->operand.field = &hops_field;
        return CONCORD_OK;
    }
    rc = compile_operand(c, &hops_field, n->limit, &plan->operand);
    if (rc == CONCORD_OK && plan->operand.kind == CQ_OPND_CONST &&
        (plan->operand.value.u.integer < 1 ||
         plan->operand.value.u.integer > most))
        return cq_error_set(c->err, CONCORD_TOOBIG, &n->limit->loc,
                            "path max %lld is outside 1 to %d hops (the hops "
                            "limit)",
                            plan->operand.value.u.integer, most);
    return rc;
}

/* The names of two shapes' columns, for a set operation's message. */
static void write_columns(cq_buf *buf, const cq_shape *shape)
{
    cq_buf_putc(buf, '(');
    cq_write_list(buf, shape->columns, shape->n_columns, ", ");
    cq_buf_putc(buf, ')');
}

static int compile_setop(compiler *c, const cq_node *n, cq_plan *plan)
{
    int rc = compile_query(c, n->left, &plan->left);
    if (rc == CONCORD_OK)
        rc = compile_query(c, n->right, &plan->right);
    if (rc != CONCORD_OK)
        return rc;
    plan->setop = n->op;
    const cq_shape *l = &plan->left->shape, *r = &plan->right->shape;
    int same = l->n_columns == r->n_columns;
    for (int i = 0; same && i < l->n_columns; i++)
        same = strcmp(l->columns[i], r->columns[i]) == 0;
    const char *op = n->op == CQ_SET_UNION       ? "union"
                     : n->op == CQ_SET_INTERSECT ? "intersect"
                                                 : "except";
    if (!same) {
        cq_error_set(c->err, CONCORD_ERROR, &n->loc,
                     "%s needs tables with the same columns; the left has ",
                     op);
        write_columns(&c->err->msg, l);
        cq_buf_puts(&c->err->msg, ", the right has ");
        write_columns(&c->err->msg, r);
        cq_buf_puts(&c->err->msg, " (| select can make them match)");
        return c->err->msg.failed ? nomem(c) : CONCORD_ERROR;
    }
    /* the result has the left's visible columns and their types */
    const char **cols =
        cq_arena_alloc(c->arena, sizeof(char *) * (size_t)(l->n_columns + 1));
    cq_field *fields =
        cq_arena_alloc(c->arena, sizeof(cq_field) * (size_t)(l->n_columns + 1));
    if (cols == NULL || fields == NULL)
        return nomem(c);
    for (int i = 0; i < l->n_columns; i++) {
        cols[i] = l->columns[i];
        fields[i] = (cq_field){cols[i], cq_shape_column_type(l, i), i};
    }
    plan->shape =
        (cq_shape){cols, l->n_columns, l->n_columns, fields, l->n_columns};
    return CONCORD_OK;
}

/* The index of the column named by a NAME node in shape, or an error. */
static int find_column(compiler *c, const cq_shape *shape, const cq_node *name,
                       int *out)
{
    for (int i = 0; i < shape->n_columns; i++) {
        if (cq_equal_fold(shape->columns[i], name->text)) {
            *out = i;
            return CONCORD_OK;
        }
    }
    cq_suggest s;
    cq_suggest_init(&s, name->text, strlen(name->text));
    for (int i = 0; i < shape->n_columns; i++)
        cq_suggest_offer(&s, shape->columns[i], strlen(shape->columns[i]));
    cq_error_set(c->err, CONCORD_NOTFOUND, &name->loc, "no column '%s'",
                 name->text);
    if (cq_suggest_write(&s, &c->err->msg, "; ", "'") == 0) {
        cq_buf_puts(&c->err->msg, "; the columns are ");
        cq_write_list(&c->err->msg, shape->columns, shape->n_columns, " and ");
    }
    return c->err->msg.failed ? nomem(c) : CONCORD_NOTFOUND;
}

/* A shape of the listed input columns (select, group), plus `count`. */
static int projected_shape(compiler *c, const cq_shape *in, const int *cols,
                           int n, int with_count, cq_shape *out)
{
    int total = n + (with_count ? 1 : 0);
    const char **names =
        cq_arena_alloc(c->arena, sizeof(char *) * (size_t)(total + 1));
    cq_field *fields =
        cq_arena_alloc(c->arena, sizeof(cq_field) * (size_t)(total + 1));
    if (names == NULL || fields == NULL)
        return nomem(c);
    for (int i = 0; i < n; i++) {
        names[i] = in->columns[cols[i]];
        fields[i] = (cq_field){names[i], cq_shape_column_type(in, cols[i]), i};
    }
    if (with_count) {
        names[n] = "count";
        fields[n] = (cq_field){"count", CQ_F_INT, n};
    }
    *out = (cq_shape){names, total, total, fields, total};
    return CONCORD_OK;
}

/* A shape of the input's visible columns only (what a piped `where` can
** test). */
static int visible_shape(compiler *c, const cq_shape *in, cq_shape *out)
{
    int *all =
        cq_arena_alloc(c->arena, sizeof(int) * (size_t)(in->n_columns + 1));
    if (all == NULL)
        return nomem(c);
    for (int i = 0; i < in->n_columns; i++)
        all[i] = i;
    return projected_shape(c, in, all, in->n_columns, 0, out);
}

typedef struct named {
    const char *name;
    int at;
} named;

static int named_compare(const void *a, const void *b)
{
    const named *x = a, *y = b;
    int c = cq_compare_fold(x->name, y->name);
    return c ? c : (x->at > y->at) - (x->at < y->at);
}

/* The first of names[0..n) named again later (case folded), -1 when none,
** -2 on OOM.  Sorted, not compared pair by pair: a select of 20,000
** columns took 33 s. */
static int first_named_twice(compiler *c, const char *const *names, int n)
{
    named *v = cq_arena_alloc(c->arena, sizeof(named) * (size_t)(n ? n : 1));
    if (v == NULL)
        return -2;
    for (int i = 0; i < n; i++)
        v[i] = (named){names[i], i};
    qsort(v, (size_t)n, sizeof *v, named_compare);
    int first = -1;
    for (int i = 1; i < n; i++)
        if (cq_equal_fold(v[i - 1].name, v[i].name) &&
            (first < 0 || v[i - 1].at < first) &&
            (i < 2 || !cq_equal_fold(v[i - 2].name, v[i].name)))
            first = v[i - 1].at; /* a group's first is its earliest */
    return first;
}

static int compile_stage(compiler *c, const cq_node *s, const cq_shape *in,
                         int after_group, cq_stage *st)
{
    st->kind = s->kind;
    st->node = s;
    int rc = CONCORD_OK;
    switch (s->kind) {
    case CQ_N_SELECT:
    case CQ_N_SORT:
    case CQ_N_GROUP: {
        for (const cq_node *k = s->columns; k; k = k->next)
            st->n_cols++;
        st->cols = cq_arena_alloc(c->arena, sizeof(int) * (size_t)st->n_cols);
        st->desc = cq_arena_zalloc(c->arena, sizeof(int) * (size_t)st->n_cols);
        if (st->cols == NULL || st->desc == NULL)
            return nomem(c);
        int i = 0;
        for (const cq_node *k = s->columns; k; k = k->next, i++) {
            rc = find_column(c, in, k, &st->cols[i]);
            if (rc != CONCORD_OK)
                return rc;
            st->desc[i] = k->order == CQ_ORDER_DESC;
        }
        if (s->kind == CQ_N_SORT)
            return visible_shape(c, in, &st->shape);
        rc = projected_shape(c, in, st->cols, st->n_cols, s->kind == CQ_N_GROUP,
                             &st->shape);
        if (rc != CONCORD_OK || s->kind != CQ_N_SELECT)
            return rc;
        /* `select a as b`: the column keeps a's values and type, named b */
        i = 0;
        for (const cq_node *k = s->columns; k; k = k->next, i++) {
            if (k->alias == NULL)
                continue;
            ((const char **)st->shape.columns)[i] = k->alias;
            ((cq_field *)st->shape.fields)[i].name = k->alias;
        }
        int twice = first_named_twice(c, st->shape.columns, st->n_cols);
        if (twice == -2)
            return nomem(c);
        if (twice >= 0)
            return cq_error_set(c->err, CONCORD_ERROR, &s->loc,
                                "select names two columns '%s'",
                                st->shape.columns[twice]);
        return CONCORD_OK;
    }
    case CQ_N_LIMIT: {
        static const cq_field limit_field = {"limit", CQ_F_INT, -1};
        rc = compile_operand(c, &limit_field, s->limit, &st->limit);
        if (rc == CONCORD_OK && st->limit.kind == CQ_OPND_CONST &&
            st->limit.value.u.integer < 0)
            return cq_error_set(c->err, CONCORD_ERROR, &s->limit->loc,
                                "limit takes a number of rows, 0 or more");
        if (rc == CONCORD_OK)
            rc = visible_shape(c, in, &st->shape);
        return rc;
    }
    case CQ_N_COUNT: {
        /* after `group by`, which already counts, `| count` reads as part
        ** of it: `group by to | count` */
        if (after_group) {
            st->passthrough = 1;
            return visible_shape(c, in, &st->shape);
        }
        return projected_shape(c, in, NULL, 0, 1, &st->shape);
    }
    case CQ_N_FILTER: {
        cq_shape visible;
        rc = visible_shape(c, in, &visible);
        if (rc == CONCORD_OK)
            rc = compile_cond(c, &visible, "the piped", s->where, &st->cond);
        if (rc == CONCORD_OK)
            st->shape = visible;
        return rc;
    }
    default:
        return cq_error_set(c->err, CONCORD_INTERNAL, &s->loc,
                            "unexpected %s in a pipeline",
                            cq_node_kind_name(s->kind));
    }
}

/* The aggregates that follow a `group by` (or stand for a grouping of
** the whole table): each AGG node from first on, up to the next other
** stage, becomes a column of the group stage st (keys, count, then
** max_COL ...; aggregate.c).  Returns how many there were, or -1 on
** error. */
static int compile_aggregates(compiler *c, const cq_node *first,
                              const cq_shape *in, cq_stage *st)
{
    int n = 0;
    for (const cq_node *s = first; s && s->kind == CQ_N_AGG; s = s->next)
        n++;
    if (n == 0)
        return 0;
    static const char *const op_names[] = {[CQ_AGG_MAX] = "max",
                                           [CQ_AGG_MIN] = "min",
                                           [CQ_AGG_SUM] = "sum",
                                           [CQ_AGG_AVG] = "avg"};
    st->aggs = cq_arena_zalloc(c->arena, sizeof(cq_aggregate) * (size_t)n);
    int total = st->shape.n_columns + n;
    const char **names =
        cq_arena_alloc(c->arena, sizeof(char *) * (size_t)(total + 1));
    cq_field *fields =
        cq_arena_alloc(c->arena, sizeof(cq_field) * (size_t)(total + 1));
    if (st->aggs == NULL || names == NULL || fields == NULL)
        return nomem(c), -1;
    for (int i = 0; i < st->shape.n_columns; i++) {
        names[i] = st->shape.columns[i];
        fields[i] = st->shape.fields[i];
    }
    int at = st->shape.n_columns;
    for (const cq_node *s = first; s && s->kind == CQ_N_AGG; s = s->next) {
        cq_aggregate *a = &st->aggs[st->n_aggs++];
        a->op = s->op;
        if (find_column(c, in, s->column, &a->col) != CONCORD_OK)
            return -1;
        a->type = cq_shape_column_type(in, a->col);
        int numeric = a->type == CQ_F_INT || a->type == CQ_F_REAL;
        if ((a->op == CQ_AGG_SUM || a->op == CQ_AGG_AVG) && !numeric) {
            cq_error_set(c->err, CONCORD_ERROR, &s->column->loc,
                         "%s takes a column of numbers, and %s is not one "
                         "(max and min take any column)",
                         op_names[a->op], in->columns[a->col]);
            return -1;
        }
        size_t len = strlen(op_names[a->op]) + strlen(in->columns[a->col]) + 2;
        char *name = cq_arena_alloc(c->arena, len);
        if (name == NULL)
            return nomem(c), -1;
        snprintf(name, len, "%s_%s", op_names[a->op], in->columns[a->col]);
        int type = a->op == CQ_AGG_AVG ? CQ_F_REAL : a->type;
        names[at] = name;
        fields[at] = (cq_field){name, type, at};
        at++;
    }
    st->shape = (cq_shape){names, total, total, fields, total};
    return n;
}

/* `top N by COL [asc|desc] [per COLS]`. */
static int compile_top(compiler *c, const cq_node *s, const cq_shape *in,
                       cq_stage *st)
{
    static const cq_field top_field = {"top", CQ_F_INT, -1};
    st->kind = CQ_N_TOP;
    st->node = s;
    int rc = compile_operand(c, &top_field, s->limit, &st->limit);
    if (rc == CONCORD_OK && st->limit.kind == CQ_OPND_CONST &&
        st->limit.value.u.integer < 0)
        return cq_error_set(c->err, CONCORD_ERROR, &s->limit->loc,
                            "top takes a number of rows, 0 or more");
    if (rc == CONCORD_OK)
        rc = find_column(c, in, s->column, &st->top_col);
    st->top_desc =
        s->column->order != CQ_ORDER_ASC; /* the greatest first, unless asc */
    for (const cq_node *k = s->columns; k; k = k->next)
        st->n_cols++;
    st->cols = cq_arena_alloc(c->arena, sizeof(int) * (size_t)(st->n_cols + 1));
    if (rc == CONCORD_OK && st->cols == NULL)
        return nomem(c);
    int i = 0;
    for (const cq_node *k = s->columns; rc == CONCORD_OK && k; k = k->next)
        rc = find_column(c, in, k, &st->cols[i++]);
    if (rc == CONCORD_OK)
        rc = visible_shape(c, in, &st->shape);
    return rc;
}

static int compile_pipe(compiler *c, const cq_node *n, cq_plan *plan)
{
    int rc = compile_query(c, n->query, &plan->input);
    if (rc != CONCORD_OK)
        return rc;
    for (const cq_node *s = n->stages; s; s = s->next)
        plan->n_stages++;
    plan->stages =
        cq_arena_zalloc(c->arena, sizeof(cq_stage) * (size_t)plan->n_stages);
    if (plan->stages == NULL)
        return nomem(c);
    const cq_shape *shape = &plan->input->shape;
    int i = 0, after_group = 0;
    for (const cq_node *s = n->stages; s; s = s->next, i++) {
        cq_stage *st = &plan->stages[i];
        if (s->kind == CQ_N_TOP) {
            if ((rc = compile_top(c, s, shape, st)) != CONCORD_OK)
                return rc;
            after_group = 0;
            shape = &st->shape;
            continue;
        }
        if (s->kind == CQ_N_AGG) {
            /* aggregates with no group by before them: of the whole table,
            ** a group of no keys */
            st->kind = CQ_N_GROUP;
            st->node = s;
            st->cols = cq_arena_alloc(c->arena, sizeof(int));
            if (st->cols == NULL || projected_shape(c, shape, st->cols, 0, 1,
                                                    &st->shape) != CONCORD_OK)
                return nomem(c);
        } else if ((rc = compile_stage(c, s, shape, after_group, st)) !=
                   CONCORD_OK) {
            return rc;
        }
        after_group = s->kind == CQ_N_GROUP || s->kind == CQ_N_AGG;
        if (after_group) {
            /* the aggregates after it are its columns; their own stages
            ** pass the table on */
            const cq_node *first = s->kind == CQ_N_AGG ? s : s->next;
            int k = compile_aggregates(c, first, shape, st);
            if (k < 0)
                return c->err->code ? c->err->code : CONCORD_ERROR;
            shape = &st->shape;
            int rest = k - (s->kind == CQ_N_AGG); /* AGG stages left */
            for (int j = 0; j < rest && s->next != NULL; j++) {
                s = s->next;
                i++;
                plan->stages[i].kind = CQ_N_COUNT;
                plan->stages[i].node = s;
                plan->stages[i].passthrough = 1;
                plan->stages[i].shape = *shape;
            }
            continue;
        }
        shape = &st->shape;
    }
    plan->shape = *shape;
    return CONCORD_OK;
}

static void offer_builtin(void *suggest, const char *name, size_t len)
{
    cq_suggest_offer(suggest, name, len);
}

/* The definition called name: the session's, else the built-in one, parsed
** into the statement's arena (builtin.h).  *def is NULL when neither has
** one. */
static int find_def(compiler *c, const char *name, const cq_def **def)
{
    *def = cq_session_def(c->ctx->session, name);
    if (*def != NULL)
        return CONCORD_OK;
    int rc = cq_builtin_def(c->arena, name, def, c->err);
    return rc == CONCORD_NOMEM ? nomem(c) : rc;
}

/* A name that is neither a table nor a definition: the nearest tables,
** definitions and statement keywords. */
static int unknown_name(compiler *c, const cq_node *n, int call)
{
    cq_suggest s;
    cq_suggest_init(&s, n->text, strlen(n->text));
    for (const cq_let *l = c->ctx->session->lets; l; l = l->next)
        cq_suggest_offer(&s, l->name, strlen(l->name));
    for (const cq_def *d = c->ctx->session->defs; d; d = d->next)
        cq_suggest_offer(&s, d->name, strlen(d->name));
    cq_builtin_def_names(offer_builtin, &s);
    const char *kw;
    for (size_t i = 0; (kw = cq_lex_keyword(i)) != NULL; i++)
        if (cq_lex_keyword_uses(i) & CQ_KW_TABLE)
            cq_suggest_offer(&s, kw, strlen(kw));
    cq_error_set(c->err, CONCORD_NOTFOUND, &n->loc, "no %s named '%s'",
                 call ? "definition" : "table", n->text);
    if (cq_suggest_write(&s, &c->err->msg, "; ", "'") == 0)
        cq_buf_puts(&c->err->msg, call ? "; define it with def NAME(...) = "
                                         "query"
                                       : "; make one with let NAME = query");
    return c->err->msg.failed ? nomem(c) : CONCORD_NOTFOUND;
}

static int compile_table(compiler *c, const cq_node *n, cq_plan *plan)
{
    /* inside a definition, a bare name may be a parameter standing for a
    ** table's name: look through the arguments */
    const cq_node *name = n;
    for (const env *e = c->env; e; e = e->outer) {
        const cq_node *p = e->def->params, *a = e->args;
        while (p && a && !cq_equal_fold(p->text, name->text)) {
            p = p->next;
            a = a->next;
        }
        if (p == NULL || a == NULL || a->text == NULL)
            break;
        name = a;
    }
    cq_let *let = cq_session_let(c->ctx->session, name->text);
    if (let == NULL) {
        const cq_def *def;
        int rc = find_def(c, name->text, &def);
        if (rc != CONCORD_OK)
            return rc;
        if (def)
            return cq_error_set(c->err, CONCORD_ERROR, &n->loc,
                                "%s is a definition; call it: %s(...)",
                                name->text, name->text);
        return unknown_name(c, name, 0);
    }
    plan->table = let;
    plan->shape = let->shape;
    return CONCORD_OK;
}

/* Rewrite an error raised inside a definition's body so that it points at
** the call (the body's text may be in another statement or file). */
static int error_in_call(compiler *c, const cq_node *call, const cq_def *def,
                         int rc)
{
    if (rc == CONCORD_NOMEM || c->err->code == CONCORD_NOMEM)
        return rc;
    cq_buf msg;
    cq_buf_init(&msg, c->arena->alloc);
    const char *text = cq_error_message(c->err);
    int line = c->err->line, column = c->err->column;
    const char *rest = text;
    if (line > 0) {
        const char *colon = strstr(text, ": ");
        if (colon)
            rest = colon + 2;
    }
    if (strncmp(rest, "in ", 3) == 0)
        cq_buf_printf(&msg, "in %s(), %s", def->name, rest);
    else if (line > 0)
        cq_buf_printf(&msg, "in %s() at %d:%d of its definition: %s", def->name,
                      line, column, rest);
    else
        cq_buf_printf(&msg, "in %s(): %s", def->name, rest);
    if (msg.failed) {
        cq_buf_free(&msg);
        return nomem(c);
    }
    rc = cq_error_set(c->err, rc, &call->loc, "%s", cq_buf_str(&msg));
    cq_buf_free(&msg);
    return rc;
}

static int compile_call(compiler *c, const cq_node *n, cq_plan *plan)
{
    const cq_def *def;
    int found = find_def(c, n->text, &def);
    if (found != CONCORD_OK)
        return found;
    if (def == NULL) {
        if (cq_session_let(c->ctx->session, n->text))
            return cq_error_set(c->err, CONCORD_ERROR, &n->loc,
                                "%s is a table, not a definition; write it "
                                "without parentheses",
                                n->text);
        return unknown_name(c, n, 1);
    }
    int args = 0;
    for (const cq_node *a = n->args; a; a = a->next)
        args++;
    if (args != def->n_params) {
        cq_error_set(c->err, CONCORD_ERROR, &n->loc, "%s takes %d argument%s (",
                     def->name, def->n_params, def->n_params == 1 ? "" : "s");
        for (const cq_node *p = def->params; p; p = p->next)
            cq_buf_printf(&c->err->msg, "%s%s", p == def->params ? "" : ", ",
                          p->text);
        cq_buf_printf(&c->err->msg, "), not %d", args);
        return c->err->msg.failed ? nomem(c) : CONCORD_ERROR;
    }
    int depth = c->env ? c->env->depth + 1 : 1;
    for (const env *e = c->env; e; e = e->outer) {
        if (e->def == def || cq_equal_fold(e->def->name, def->name)) {
            cq_error_set(c->err, CONCORD_ERROR, &n->loc,
                         "recursive definition: %s calls itself", def->name);
            if (e != c->env) {
                cq_buf_puts(&c->err->msg, " through ");
                for (const env *f = c->env; f != e; f = f->outer)
                    cq_buf_printf(&c->err->msg, "%s%s()",
                                  f == c->env ? "" : " and ", f->def->name);
            }
            cq_buf_puts(&c->err->msg, "; definitions cannot recurse");
            return c->err->msg.failed ? nomem(c) : CONCORD_ERROR;
        }
    }
    if (depth > CQ_MAX_CALL_DEPTH)
        return cq_error_set(c->err, CONCORD_TOOBIG, &n->loc,
                            "definitions call each other too deep (more than "
                            "%d levels)",
                            CQ_MAX_CALL_DEPTH);
    env inner = {def, n->args, n, c->env, depth};
    compiler body = *c;
    body.env = &inner;
    int rc = compile_query(&body, def->body, &plan->input);
    if (rc != CONCORD_OK)
        return error_in_call(c, n, def, rc);
    plan->shape = plan->input->shape;
    return CONCORD_OK;
}

/* The status layer's queries (eval_status.c): their sets, each standard
** named whole where a statement reads standards, and the condition that
** chooses the links a status is derived through (its own shape, not the
** rows'). */
static int compile_status_query(compiler *c, const cq_node *n, cq_plan *plan)
{
    const char *what = cq_node_kind_name(n->kind);
    const cq_node *links = NULL;
    int rc;
    plan->has_a = 1;
    if (n->kind == CQ_N_STATUS_OF) {
        rc = compile_set(c, n->of, &plan->a);
        links = n->where;
    } else if (n->kind == CQ_N_AUDIT) {
        rc = compile_set(c, n->of, &plan->a);
        if (rc == CONCORD_OK)
            rc = require_standards(c, &plan->a, what);
    } else {
        rc = compile_one(c, n->of, &plan->a, what, 0);
        if (rc == CONCORD_OK)
            rc = require_standards(c, &plan->a, what);
        if (rc == CONCORD_OK && n->targets)
            rc = compile_set(c, n->targets, &plan->b);
        if (rc == CONCORD_OK && n->targets)
            rc = require_standards(c, &plan->b, what);
        links = n->kind == CQ_N_SOA ? NULL : n->where;
    }
    if (rc == CONCORD_OK && links != NULL)
        rc = compile_cond(c, cq_status_link_shape(), what, links, &plan->where);
    return rc;
}

/* The route of gap and coverage (a ROUTE node, reach.h): each hop's pivot
** set, `via any [max N]`, and the `with` condition over the fields of a
** composed correlation. */
static int compile_route(compiler *c, const cq_node *route, cq_plan *plan)
{
    static const cq_field any_field = {"max", CQ_F_INT, -1};
    int rc = CONCORD_OK, n = 0;
    for (const cq_node *h = route->hops; h; h = h->next)
        n++;
    if (n >= 4) /* CQ_ROUTE_MAX_HOPS: the pivots and the last hop */
        return cq_error_set(c->err, CONCORD_ERROR, &route->loc,
                            "a route takes at most 3 pivots (via A then B "
                            "then C), not %d",
                            n);
    if (n > 0) {
        plan->hops = cq_arena_zalloc(c->arena, sizeof(cq_set) * (size_t)n);
        if (plan->hops == NULL)
            return nomem(c);
    }
    for (const cq_node *h = route->hops; h && rc == CONCORD_OK; h = h->next)
        rc = compile_set(c, h->via, &plan->hops[plan->n_hops++]);
    if (rc == CONCORD_OK && route->via_any) {
        plan->via_any = 1;
        if (route->limit != NULL)
            rc = compile_operand(c, &any_field, route->limit, &plan->any_max);
        if (rc == CONCORD_OK && plan->any_max.kind == CQ_OPND_CONST &&
            (plan->any_max.value.u.integer < 1 ||
             plan->any_max.value.u.integer > 4))
            return cq_error_set(c->err, CONCORD_ERROR, &route->limit->loc,
                                "via any max %lld is outside 1 to 4 hops",
                                plan->any_max.value.u.integer);
    }
    if (rc == CONCORD_OK && route->with != NULL)
        rc = compile_cond(c, cq_shape_link(), "the correlations counted",
                          route->with, &plan->counting);
    return rc;
}

/* Does cond compare the title (of clauses ... with terms) with `~ $parameter`,
 *at the top or
 ** in a conjunction?  (Its text is known only when it runs.) */
static int cond_has_title_param(const cq_cond *cond)
{
    if (cond == NULL)
        return 0;
    if (cond->kind == CQ_C_AND)
        return cond_has_title_param(cond->a) || cond_has_title_param(cond->b);
    return cond->kind == CQ_C_MATCH && !cond->negate &&
           cond->lhs.kind == CQ_OPND_FIELD &&
           cond->lhs.field->slot == CQ_CLAUSES_TERMS_TITLE &&
           cond->rhs[0].kind == CQ_OPND_PARAM;
}

/* Compile the plan's condition (NULL: none) against its shape; what
** names the statement in messages. */
static int compile_where(compiler *c, cq_plan *plan, const char *what,
                         const cq_node *where)
{
    if (where == NULL)
        return CONCORD_OK;
    return compile_cond(c, &plan->shape, what, where, &plan->where);
}

static int compile_nothing(compiler *c, const cq_node *n, cq_plan *plan)
{
    (void)c, (void)n, (void)plan;
    return CONCORD_OK;
}

static int compile_show(compiler *c, const cq_node *n, cq_plan *plan)
{
    return compile_one(c, n->of, &plan->a, "show", 0);
}

static int compile_clauses(compiler *c, const cq_node *n, cq_plan *plan)
{
    int rc = CONCORD_OK;
    const char *what = cq_node_kind_name(n->kind);
    plan->has_a = n->of != NULL;
    if (n->of)
        rc = compile_set(c, n->of, &plan->a);
    if (n->with_terms) {
        plan->with_terms = 1;
        plan->shape = *cq_shape_clauses_terms();
        what = "clauses ... with terms";
    }
    if (rc == CONCORD_OK)
        rc = compile_where(c, plan, what, n->where);
    if (rc == CONCORD_OK && plan->with_terms &&
        cq_cond_needle(plan->where, CQ_CLAUSES_TERMS_TITLE) == NULL &&
        !cond_has_title_param(plan->where))
        rc = cq_error_set(c->err, CONCORD_ERROR, &n->loc,
                          "with terms searches titles: it needs a where "
                          "title ~ \"text\" (at the top, or in an and)");
    return rc;
}

static int compile_correlate(compiler *c, const cq_node *n, cq_plan *plan)
{
    const char *what = cq_node_kind_name(n->kind);
    plan->has_a = 1;
    int rc = compile_set(c, n->of, &plan->a);
    if (rc == CONCORD_OK)
        rc = compile_set(c, n->targets, &plan->b);
    if (rc == CONCORD_OK && n->route) {
        /* via A then B, via any: rows of routes (eval_routes.c) */
        rc = compile_route(c, n->route, plan);
        plan->shape = *cq_shape_routes();
        what = "correlate ... via";
    } else if (rc == CONCORD_OK && n->via) {
        rc = compile_set(c, n->via, &plan->via);
        plan->shape = *cq_shape_via();
        what = "correlate ... via";
    }
    return rc == CONCORD_OK ? compile_where(c, plan, what, n->where) : rc;
}

/* A statement of two sets (of, targets: NULL for none), an optional route
** and a condition on its rows, as gap and coverage are; a new statement
** of that form names this in its row of statements.h. */
static int compile_sets_where(compiler *c, const cq_node *n, cq_plan *plan)
{
    plan->has_a = 1;
    int rc = compile_set(c, n->of, &plan->a);
    if (rc == CONCORD_OK && n->targets)
        rc = compile_set(c, n->targets, &plan->b);
    if (rc == CONCORD_OK && n->route != NULL)
        rc = compile_route(c, n->route, plan);
    if (rc == CONCORD_OK)
        rc = compile_where(c, plan, cq_node_kind_name(n->kind), n->where);
    return rc;
}

/* gap and coverage: `between A and B` (gap's has a shape of its own) */
static int compile_reach(compiler *c, const cq_node *n, cq_plan *plan)
{
    plan->between = n->between;
    if (n->kind == CQ_N_GAP && n->between)
        plan->shape = *cq_shape_gap_between();
    return compile_sets_where(c, n, plan);
}

static int compile_terms(compiler *c, const cq_node *n, cq_plan *plan)
{
    int rc = CONCORD_OK;
    plan->has_a = n->of != NULL;
    for (const cq_node *v = n->of; v && rc == CONCORD_OK; v = v->next)
        if (v->kind == CQ_N_REF && (v->clause != NULL || v->subtree)) {
            const char *text = value_text(c->arena, v);
            rc = cq_error_set(c->err, CONCORD_ERROR, &v->loc,
                              "terms of takes vocabularies such as "
                              "27000, not %s",
                              text ? text : "a clause");
        }
    if (rc == CONCORD_OK && n->of) {
        rc = compile_set(c, n->of, &plan->a);
        if (rc == CONCORD_OK)
            rc = require_standards(c, &plan->a, "terms of");
        for (int i = 0; rc == CONCORD_OK && i < plan->a.n_items; i++)
            if (plan->a.items[i].param == 0)
                rc =
                    cq_resolve_vocabulary(c->graph, &plan->a.items[i].node->loc,
                                          plan->a.items[i].standard, c->err);
    }
    return rc == CONCORD_OK ? compile_where(c, plan, "terms", n->where) : rc;
}

/* The compiler of each statement, from statements.h, and whether it is a
** query (a STATEMENT row is compiled by cq_compile alone). */
typedef struct compiler_of {
    int query;
    int (*compile)(compiler *c, const cq_node *n, cq_plan *plan);
} compiler_of;
#define COMPILER_OF_(cls, kind, name, compile, run, shape)                     \
    [CQ_N_##kind] = {CQ_STMT_IS_QUERY_##cls, compile},
static const compiler_of compilers[CQ_N_STATEMENT_END] = {
    CQ_STATEMENTS(COMPILER_OF_)};

static int compile_query(compiler *c, const cq_node *n, cq_plan **out)
{
    cq_plan *plan = new_plan(c, n);
    if (plan == NULL)
        return nomem(c);
    *out = plan;
    int rc;
    if (n->kind > CQ_N_NONE && n->kind < CQ_N_STATEMENT_END &&
        compilers[n->kind].query)
        rc = compilers[n->kind].compile(c, n, plan);
    else
        rc = cq_error_set(c->err, CONCORD_INTERNAL, &n->loc,
                          "cannot run a %s node as a query",
                          cq_node_kind_name(n->kind));
    if (rc == CONCORD_OK) {
        plan->where_slots = cq_cond_slots(plan->where);
        plan->where_fixed = cq_cond_fixed(plan->where);
    }
    return rc;
}

/* The text of a node as written, for an assert's message. */
static const char *source_text(compiler *c, const cq_node *n)
{
    if (c->ctx->source == NULL || n->loc.end <= n->loc.start)
        return "the condition";
    const char *s = cq_arena_strndup(c->arena, c->ctx->source + n->loc.start,
                                     (size_t)(n->loc.end - n->loc.start));
    return s ? s : "the condition";
}

static int compile_let(compiler *c, const cq_node *stmt, cq_plan *plan)
{
    return compile_query(c, stmt->query, &plan->value);
}

static int compile_assert(compiler *c, const cq_node *stmt, cq_plan *plan)
{
    int rc = compile_cond(c, NULL, "assert", stmt->where, &plan->assertion);
    plan->message = stmt->text ? stmt->text : source_text(c, stmt->where);
    return rc;
}

int cq_compile(cq_compile_ctx *ctx, const cq_node *stmt, cq_plan **out)
{
    compiler c = {ctx, ctx->graph, ctx->arena, ctx->err, NULL};
    if (stmt->kind <= CQ_N_NONE || stmt->kind >= CQ_N_STATEMENT_END ||
        compilers[stmt->kind].query)
        return compile_query(&c, stmt, out);
    /* a statement: its plan holds the tree, for api.c to run */
    cq_plan *plan = new_plan(&c, stmt);
    if (plan == NULL)
        return nomem(&c);
    plan->statement = stmt;
    int rc = compilers[stmt->kind].compile(&c, stmt, plan);
    if (rc == CONCORD_OK)
        *out = plan;
    return rc;
}
