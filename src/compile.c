/*
** compile.c -- from a statement's syntax tree to a plan (plan.h).
**
** Every name the user wrote is checked here, once, before anything runs:
** standards, clauses, terms, fields, enum values, operators.  A mistake is
** reported at its place in the text, with the nearest names that exist, so
** the person can fix it without reading documentation.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "concord.h"
#include "plan.h"
#include "suggest.h"

typedef struct compiler {
    const cq_graph *graph;
    cq_arena *arena;
    cq_error *err;
} compiler;

static int nomem(compiler *c)
{
    return cq_error_nomem(c->err);
}

static int equal_fold(const char *a, const char *b)
{
    for (;; a++, b++) {
        int ca = (unsigned char)*a, cb = (unsigned char)*b;
        if (ca >= 'A' && ca <= 'Z')
            ca += 'a' - 'A';
        if (cb >= 'A' && cb <= 'Z')
            cb += 'a' - 'A';
        if (ca != cb)
            return 0;
        if (ca == 0)
            return 1;
    }
}

/* ---- standards and clauses ----------------------------------------------- */

/* The id of a standard, as the corpus spells it (borrowed from the graph). */
static const char *standard_id(const cq_graph *graph, cq_id standard)
{
    return cq_graph_str(graph, graph->standards[standard].id);
}

/* Report an unknown standard with the nearest ids, or the whole list. */
static int unknown_standard(compiler *c, const cq_loc *loc, const char *id)
{
    cq_suggest s;
    cq_suggest_init(&s, id, strlen(id));
    for (uint32_t i = 0; i < c->graph->n_standards; i++) {
        const char *std_id = standard_id(c->graph, i);
        cq_suggest_offer(&s, std_id, strlen(std_id));
    }
    cq_error_set(c->err, CONCORD_NOTFOUND, loc, "unknown standard %s", id);
    if (s.n > 0) {
        cq_suggest_write(&s, &c->err->msg, "; ", "");
    } else {
        cq_buf_puts(&c->err->msg, "; the corpus has ");
        for (uint32_t i = 0; i < c->graph->n_standards; i++) {
            if (i > 0)
                cq_buf_puts(&c->err->msg,
                            i + 1 == c->graph->n_standards ? " and " : ", ");
            cq_buf_puts(&c->err->msg, standard_id(c->graph, i));
        }
    }
    return c->err->msg.failed ? nomem(c) : CONCORD_NOTFOUND;
}

static int find_standard(compiler *c, const cq_loc *loc, const char *id,
                         cq_id *out)
{
    *out = cq_graph_find_standard(c->graph, id, strlen(id));
    return *out == CQ_NONE ? unknown_standard(c, loc, id) : CONCORD_OK;
}

/* Report an unknown clause of a known standard: the first suggestion in
** full (20000-1:8.5.1), the others by number (8.5.2), as people say it. */
static int unknown_clause(compiler *c, const cq_loc *loc, cq_id standard,
                          const char *number)
{
    const cq_standard *std = &c->graph->standards[standard];
    const char *std_id = cq_graph_str(c->graph, std->id);
    cq_suggest s;
    cq_suggest_init(&s, number, strlen(number));
    for (cq_id i = std->first_clause; i < std->end_clause; i++) {
        const char *known = cq_graph_str(c->graph, c->graph->clauses[i].number);
        cq_suggest_offer(&s, known, strlen(known));
    }
    cq_error_set(c->err, CONCORD_NOTFOUND, loc, "unknown clause %s:%s", std_id,
                 number);
    cq_buf *msg = &c->err->msg;
    if (s.n > 0) {
        cq_buf_printf(msg, "; did you mean %s:", std_id);
        for (int i = 0; i < s.n; i++) {
            if (i > 0)
                cq_buf_puts(msg, i == s.n - 1 ? " or " : ", ");
            cq_buf_append(msg, s.best[i], s.best_len[i]);
        }
        cq_buf_putc(msg, '?');
    } else if (std->first_clause == std->end_clause) {
        cq_buf_printf(msg, "; %s has no clauses", std_id);
    } else {
        cq_buf_printf(msg, "; `clauses of %s` lists them", std_id);
    }
    return msg->failed ? nomem(c) : CONCORD_NOTFOUND;
}

/* Resolve a clause reference node to the clause it names (no subtree). */
static int find_clause(compiler *c, const cq_node *ref, cq_id *out)
{
    cq_id standard;
    int rc = find_standard(c, &ref->loc, ref->text, &standard);
    if (rc != CONCORD_OK)
        return rc;
    const char *std_id = standard_id(c->graph, standard);
    size_t n = strlen(std_id) + 1 + strlen(ref->text2);
    char *key = cq_arena_alloc(c->arena, n + 1);
    if (key == NULL)
        return nomem(c);
    strcpy(key, std_id);
    strcat(key, ":");
    strcat(key, ref->text2);
    *out = cq_graph_find_clause(c->graph, key, n);
    if (*out == CQ_NONE)
        return unknown_clause(c, &ref->loc, standard, ref->text2);
    return CONCORD_OK;
}

/* `27001:A.*` where the standard has no clause `A`: every top-level
** clause numbered `A.something`, with its subtree.  Such clauses sort next
** to each other, so they form one range.  Returns 1 when there is one. */
static int prefix_range(compiler *c, const cq_node *ref, cq_range *range)
{
    cq_id standard =
        cq_graph_find_standard(c->graph, ref->text, strlen(ref->text));
    if (standard == CQ_NONE)
        return 0;
    const cq_standard *std = &c->graph->standards[standard];
    size_t n = strlen(ref->text2);
    range->first = CQ_NONE;
    for (cq_id i = std->first_clause; i < std->end_clause;
         i = c->graph->clauses[i].subtree_end) {
        const char *number =
            cq_graph_str(c->graph, c->graph->clauses[i].number);
        int match = strlen(number) > n && number[n] == '.';
        for (size_t k = 0; match && k < n; k++) {
            int a = (unsigned char)number[k], b = (unsigned char)ref->text2[k];
            if (a >= 'A' && a <= 'Z')
                a += 'a' - 'A';
            if (b >= 'A' && b <= 'Z')
                b += 'a' - 'A';
            match = a == b;
        }
        if (match) {
            if (range->first == CQ_NONE)
                range->first = i;
            range->end = c->graph->clauses[i].subtree_end;
        } else if (range->first != CQ_NONE) {
            break;
        }
    }
    return range->first != CQ_NONE;
}

/* Compare ranges by first id, for sorting a set. */
static int range_compare(const void *a, const void *b)
{
    const cq_range *x = a, *y = b;
    return x->first < y->first ? -1 : x->first > y->first ? 1 : 0;
}

/* Compile a list of references into a set: whole standards (`9001`,
** `9001:*`), single clauses (`9001:8.5`) and subtrees (`9001:8.5.*`).
** Subtree ranges nest or are disjoint, so sorting and merging gives a
** duplicate-free walk in graph order. */
static int compile_set(compiler *c, const cq_node *list, cq_set *set)
{
    const cq_graph *g = c->graph;
    int n = 0;
    for (const cq_node *r = list; r; r = r->next)
        n++;
    set->ranges = cq_arena_alloc(c->arena, sizeof(cq_range) * (size_t)n);
    set->standards = cq_arena_alloc(c->arena, sizeof(cq_id) * (size_t)n);
    if (set->ranges == NULL || set->standards == NULL)
        return nomem(c);
    set->n_ranges = 0;
    set->n_standards = 0;
    cq_buf label;
    cq_buf_init(&label, c->arena->alloc);
    for (const cq_node *r = list; r; r = r->next) {
        cq_range range;
        int rc;
        if (r->text2 == NULL) {
            cq_id standard;
            rc = find_standard(c, &r->loc, r->text, &standard);
            if (rc != CONCORD_OK) {
                cq_buf_free(&label);
                return rc;
            }
            range.first = c->graph->standards[standard].first_clause;
            range.end = c->graph->standards[standard].end_clause;
            if (!cq_set_has_standard(set, standard))
                set->standards[set->n_standards++] = standard;
            cq_buf_printf(&label, "%s%s%s", r == list ? "" : ", ",
                          standard_id(g, standard), r->flag ? ":*" : "");
        } else {
            cq_id clause;
            rc = find_clause(c, r, &clause);
            if (rc == CONCORD_NOTFOUND && r->flag &&
                prefix_range(c, r, &range)) {
                cq_error_clear(c->err);
                cq_id standard = g->clauses[range.first].standard;
                cq_buf_printf(&label, "%s%s:%s.*", r == list ? "" : ", ",
                              standard_id(g, standard), r->text2);
            } else if (rc != CONCORD_OK) {
                cq_buf_free(&label);
                return rc;
            } else {
                range.first = clause;
                range.end = r->flag ? c->graph->clauses[clause].subtree_end
                                    : clause + 1;
                cq_buf_printf(&label, "%s%s%s", r == list ? "" : ", ",
                              cq_graph_str(g, g->clauses[clause].key),
                              r->flag ? ".*" : "");
            }
        }
        if (range.first < range.end)
            set->ranges[set->n_ranges++] = range;
    }
    if (label.failed) {
        cq_buf_free(&label);
        return nomem(c);
    }
    set->label = cq_arena_strndup(c->arena, cq_buf_str(&label), label.len);
    cq_buf_free(&label);
    if (set->label == NULL)
        return nomem(c);
    if (set->n_ranges > 1)
        qsort(set->ranges, (size_t)set->n_ranges, sizeof(cq_range),
              range_compare);
    int kept = 0;
    for (int i = 0; i < set->n_ranges; i++) {
        if (kept > 0 && set->ranges[i].first < set->ranges[kept - 1].end) {
            if (set->ranges[i].end > set->ranges[kept - 1].end)
                set->ranges[kept - 1].end = set->ranges[i].end;
            continue;
        }
        set->ranges[kept++] = set->ranges[i];
    }
    set->n_ranges = kept;
    return CONCORD_OK;
}

/* ---- values -------------------------------------------------------------- */

/* The text a value node stands for, as written. */
static const char *value_text(compiler *c, const cq_node *v)
{
    if (v->kind == CQ_N_REF && v->text2 != NULL) {
        size_t n = strlen(v->text) + strlen(v->text2) + 4;
        char *s = cq_arena_alloc(c->arena, n);
        if (s)
            snprintf(s, n, "%s:%s%s", v->text, v->text2, v->flag ? ".*" : "");
        return s;
    }
    return v->text ? v->text : "";
}

/* A list of names for messages: "equal, subset or none". */
static void write_choices(cq_buf *buf, const char *(*name)(int), int count)
{
    for (int i = 0; i < count; i++) {
        if (i > 0)
            cq_buf_puts(buf, i == count - 1 ? " or " : ", ");
        cq_buf_puts(buf, name(i));
    }
}

/* Resolve an enum value (relation, confidence, origin, term relation). */
static int compile_enum(compiler *c, const cq_field *field, const cq_node *v,
                        const char *what, const char *(*name)(int), int count,
                        cq_value *out)
{
    const char *text = value_text(c, v);
    if (text == NULL)
        return nomem(c);
    for (int i = 0; i < count; i++) {
        if (equal_fold(text, name(i))) {
            *out = cq_text(name(i));
            return CONCORD_OK;
        }
    }
    cq_suggest s;
    cq_suggest_init(&s, text, strlen(text));
    for (int i = 0; i < count; i++)
        cq_suggest_offer(&s, name(i), strlen(name(i)));
    cq_error_set(c->err, CONCORD_ERROR, &v->loc, "unknown %s '%s' for %s", what,
                 text, field->name);
    cq_suggest_write(&s, &c->err->msg, "; ", "'");
    cq_buf_printf(&c->err->msg, " (%s is ", field->name);
    write_choices(&c->err->msg, name, count);
    cq_buf_putc(&c->err->msg, ')');
    return c->err->msg.failed ? nomem(c) : CONCORD_ERROR;
}

static const char *yesno_name(int i)
{
    return i == 0 ? "no" : "yes";
}

static const char *annex_name_of(const cq_graph *graph, int i)
{
    return cq_graph_str(graph, graph->annexes[i]);
}

/* Resolve an annex label against the labels the corpus uses. */
static int compile_annex(compiler *c, const cq_node *v, cq_value *out)
{
    const char *text = value_text(c, v);
    if (text == NULL)
        return nomem(c);
    for (uint32_t i = 0; i < c->graph->n_annexes; i++) {
        const char *annex = annex_name_of(c->graph, (int)i);
        if (equal_fold(text, annex)) {
            *out = cq_text(annex);
            return CONCORD_OK;
        }
    }
    cq_error_set(c->err, CONCORD_NOTFOUND, &v->loc,
                 "no edge has annex '%s'; the corpus has annex ", text);
    for (uint32_t i = 0; i < c->graph->n_annexes; i++) {
        if (i > 0)
            cq_buf_puts(&c->err->msg,
                        i + 1 == c->graph->n_annexes ? " and " : ", ");
        cq_buf_puts(&c->err->msg, annex_name_of(c->graph, (int)i));
    }
    return c->err->msg.failed ? nomem(c) : CONCORD_NOTFOUND;
}

static int type_error(compiler *c, const cq_field *field, const cq_node *v,
                      const char *wants)
{
    const char *text = value_text(c, v);
    return cq_error_set(c->err, CONCORD_ERROR, &v->loc, "%s takes %s, not '%s'",
                        field->name, wants, text ? text : "?");
}

/* Turn a value node into a constant comparable with the field's values. */
static int compile_value(compiler *c, const cq_field *field, const cq_node *v,
                         cq_value *out)
{
    switch (field->type) {
    case CQ_F_INT:
    case CQ_F_REAL:
        if (v->kind != CQ_N_INT)
            return type_error(c, field, v, "a number");
        *out = cq_int(v->num);
        return CONCORD_OK;
    case CQ_F_RELATION:
        return compile_enum(c, field, v, "relation", cq_relation_name,
                            CQ_REL_COUNT, out);
    case CQ_F_CONFIDENCE:
        return compile_enum(c, field, v, "confidence", cq_confidence_name,
                            CQ_CONF_COUNT, out);
    case CQ_F_ORIGIN:
        return compile_enum(c, field, v, "origin", cq_origin_name,
                            CQ_ORIGIN_COUNT, out);
    case CQ_F_TERMREL:
        return compile_enum(c, field, v, "term relation", cq_term_relation_name,
                            CQ_TREL_COUNT, out);
    case CQ_F_YESNO:
        return compile_enum(c, field, v, "value", yesno_name, 2, out);
    case CQ_F_ANNEX:
        return compile_annex(c, v, out);
    case CQ_F_STANDARD: {
        if (v->kind == CQ_N_REF && v->text2 != NULL)
            return type_error(c, field, v, "a standard such as 27001");
        const char *text = value_text(c, v);
        cq_id standard;
        int rc = find_standard(c, &v->loc, text, &standard);
        if (rc == CONCORD_OK)
            *out = cq_text(standard_id(c->graph, standard));
        return rc;
    }
    case CQ_F_CLAUSE: {
        if (v->kind != CQ_N_REF || v->text2 == NULL || v->flag)
            return type_error(c, field, v, "one clause such as 27001:A.12.1.2");
        cq_id clause;
        int rc = find_clause(c, v, &clause);
        if (rc == CONCORD_OK)
            *out =
                cq_text(cq_graph_str(c->graph, c->graph->clauses[clause].key));
        return rc;
    }
    default: {
        const char *text = value_text(c, v);
        if (text == NULL)
            return nomem(c);
        *out = cq_text(text);
        return CONCORD_OK;
    }
    }
}

/* ---- conditions ---------------------------------------------------------- */

static const cq_field *find_field(const cq_shape *shape, const char *name)
{
    for (int i = 0; i < shape->n_fields; i++)
        if (equal_fold(shape->fields[i].name, name))
            return &shape->fields[i];
    return NULL;
}

static int unknown_field(compiler *c, const cq_shape *shape, const cq_node *f,
                         cq_node_kind kind)
{
    cq_suggest s;
    cq_suggest_init(&s, f->text, strlen(f->text));
    for (int i = 0; i < shape->n_fields; i++)
        cq_suggest_offer(&s, shape->fields[i].name,
                         strlen(shape->fields[i].name));
    cq_error_set(c->err, CONCORD_NOTFOUND, &f->loc, "unknown field '%s'",
                 f->text);
    if (cq_suggest_write(&s, &c->err->msg, "; ", "'") == 0) {
        cq_buf_printf(&c->err->msg, "; %s rows have ", cq_node_kind_name(kind));
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

static int compile_cond(compiler *c, const cq_shape *shape, cq_node_kind kind,
                        const cq_node *n, cq_cond **out)
{
    cq_cond *cond = cq_arena_zalloc(c->arena, sizeof(cq_cond));
    if (cond == NULL)
        return nomem(c);
    *out = cond;
    int rc;
    switch (n->kind) {
    case CQ_N_AND:
    case CQ_N_OR:
        cond->kind = n->kind == CQ_N_AND ? CQ_C_AND : CQ_C_OR;
        rc = compile_cond(c, shape, kind, n->a, &cond->a);
        if (rc == CONCORD_OK)
            rc = compile_cond(c, shape, kind, n->b, &cond->b);
        return rc;
    case CQ_N_NOT:
        cond->kind = CQ_C_NOT;
        return compile_cond(c, shape, kind, n->a, &cond->a);
    case CQ_N_CMP:
    case CQ_N_IN:
    case CQ_N_MATCH:
        break;
    default:
        return cq_error_set(c->err, CONCORD_INTERNAL, &n->loc,
                            "unexpected %s in a condition",
                            cq_node_kind_name(n->kind));
    }
    const cq_node *f = n->a;
    const cq_field *field = find_field(shape, f->text);
    if (field == NULL)
        return unknown_field(c, shape, f, kind);
    cond->field = field;
    cond->arg = CQ_NONE;
    if (field->type == CQ_F_TERMREL) {
        if (f->a == NULL)
            return cq_error_set(c->err, CONCORD_ERROR, &f->loc,
                                "%s needs a vocabulary, as in %s(27000)",
                                field->name, field->name);
        if (f->a->text2 != NULL)
            return type_error(c, field, f->a, "a vocabulary such as 27000");
        rc = find_standard(c, &f->a->loc, f->a->text, &cond->arg);
        if (rc != CONCORD_OK)
            return rc;
    } else if (f->a != NULL) {
        return cq_error_set(c->err, CONCORD_ERROR, &f->a->loc,
                            "%s takes no argument", field->name);
    }
    switch (n->kind) {
    case CQ_N_CMP:
        cond->kind = CQ_C_CMP;
        cond->op = n->op;
        if (!op_allowed(field->type, n->op))
            return cq_error_set(
                c->err, CONCORD_ERROR, &n->loc,
                "%s has no order, so '%s' does not apply; use =, != or in",
                field->name, cq_cmp_op_name(n->op));
        cond->n_values = 1;
        cond->values = cq_arena_alloc(c->arena, sizeof(cq_value));
        if (cond->values == NULL)
            return nomem(c);
        return compile_value(c, field, n->b, cond->values);
    case CQ_N_IN: {
        cond->kind = CQ_C_IN;
        cond->negate = n->flag;
        for (const cq_node *v = n->b; v; v = v->next)
            cond->n_values++;
        cond->values = cq_arena_alloc(
            c->arena, sizeof(cq_value) * (size_t)(cond->n_values + 1));
        if (cond->values == NULL)
            return nomem(c);
        int i = 0;
        for (const cq_node *v = n->b; v; v = v->next, i++) {
            rc = compile_value(c, field, v, &cond->values[i]);
            if (rc != CONCORD_OK)
                return rc;
        }
        return CONCORD_OK;
    }
    default: /* CQ_N_MATCH */
        cond->kind = CQ_C_MATCH;
        cond->negate = n->flag;
        if (field->type != CQ_F_TEXT)
            return cq_error_set(c->err, CONCORD_ERROR, &n->loc,
                                "'~' searches text, and %s is not text; "
                                "use = or in",
                                field->name);
        cond->n_values = 1;
        cond->values = cq_arena_alloc(c->arena, sizeof(cq_value));
        if (cond->values == NULL)
            return nomem(c);
        *cond->values = cq_text(n->b->text);
        return CONCORD_OK;
    }
}

/* ---- statements ---------------------------------------------------------- */

static int compile_show(compiler *c, const cq_node *stmt, cq_plan *plan)
{
    const cq_node *ref = stmt->a;
    plan->clause = CQ_NONE;
    plan->standard = CQ_NONE;
    if (ref->text2 == NULL && !ref->flag)
        return find_standard(c, &ref->loc, ref->text, &plan->standard);
    if (ref->text2 == NULL || ref->flag) {
        const char *text = value_text(c, ref);
        return cq_error_set(c->err, CONCORD_ERROR, &ref->loc,
                            "show takes one clause or one standard, and %s "
                            "is a set; try: clauses of %s",
                            text ? text : "this", text ? text : "it");
    }
    return find_clause(c, ref, &plan->clause);
}

static int compile_vocabularies(compiler *c, const cq_node *list, cq_plan *plan)
{
    int n = 0;
    for (const cq_node *r = list; r; r = r->next)
        n++;
    plan->vocabularies = cq_arena_alloc(c->arena, sizeof(cq_id) * (size_t)n);
    if (plan->vocabularies == NULL)
        return nomem(c);
    for (const cq_node *r = list; r; r = r->next) {
        if (r->text2 != NULL || r->flag) {
            const char *text = value_text(c, r);
            return cq_error_set(c->err, CONCORD_ERROR, &r->loc,
                                "terms of takes vocabularies such as 27000, "
                                "not %s",
                                text ? text : "a clause");
        }
        cq_id v;
        int rc = find_standard(c, &r->loc, r->text, &v);
        if (rc != CONCORD_OK)
            return rc;
        const cq_standard *std = &c->graph->standards[v];
        if (std->first_term == std->end_term) {
            cq_error_set(c->err, CONCORD_NOTFOUND, &r->loc,
                         "%s has no terms; vocabularies with terms are ",
                         standard_id(c->graph, v));
            int listed = 0;
            for (uint32_t i = 0; i < c->graph->n_standards; i++) {
                const cq_standard *s = &c->graph->standards[i];
                if (s->first_term == s->end_term)
                    continue;
                cq_buf_printf(&c->err->msg, "%s%s", listed ? ", " : "",
                              standard_id(c->graph, i));
                listed++;
            }
            return c->err->msg.failed ? nomem(c) : CONCORD_NOTFOUND;
        }
        plan->vocabularies[plan->n_vocabularies++] = v;
    }
    return CONCORD_OK;
}

/* The terms named exactly (ASCII case folded) as written; with none, an
** error suggesting the nearest distinct names. */
static int compile_term(compiler *c, const cq_node *stmt, cq_plan *plan)
{
    const cq_graph *g = c->graph;
    const char *name = stmt->text;
    int n = 0;
    for (uint32_t i = 0; i < g->n_terms; i++)
        if (equal_fold(cq_graph_str(g, g->terms[i].name), name))
            n++;
    if (n == 0) {
        cq_suggest s;
        cq_suggest_init(&s, name, strlen(name));
        for (uint32_t i = 0; i < g->n_terms; i++) {
            const char *known = cq_graph_str(g, g->terms[i].name);
            cq_suggest_offer(&s, known, strlen(known));
        }
        cq_error_set(c->err, CONCORD_NOTFOUND,
                     stmt->a ? &stmt->a->loc : &stmt->loc,
                     "no vocabulary defines the term '%s'", name);
        if (cq_suggest_write(&s, &c->err->msg, "; ", "'") == 0)
            cq_buf_printf(&c->err->msg, "; try: terms where name ~ \"%s\"",
                          name);
        return c->err->msg.failed ? nomem(c) : CONCORD_NOTFOUND;
    }
    plan->terms = cq_arena_alloc(c->arena, sizeof(cq_id) * (size_t)n);
    if (plan->terms == NULL)
        return nomem(c);
    for (uint32_t i = 0; i < g->n_terms; i++)
        if (equal_fold(cq_graph_str(g, g->terms[i].name), name))
            plan->terms[plan->n_terms++] = i;
    return CONCORD_OK;
}

static int compile_format(compiler *c, const cq_node *stmt, cq_plan *plan)
{
    plan->format = concord_format_from_name(stmt->text);
    if (plan->format >= 0)
        return CONCORD_OK;
    static const char *const names[] = {"table", "tsv", "csv", "json",
                                        "markdown"};
    cq_suggest s;
    cq_suggest_init(&s, stmt->text, strlen(stmt->text));
    for (int i = 0; i < 5; i++)
        cq_suggest_offer(&s, names[i], strlen(names[i]));
    cq_error_set(c->err, CONCORD_ERROR, &stmt->loc, "unknown format '%s'",
                 stmt->text);
    cq_suggest_write(&s, &c->err->msg, "; ", "'");
    cq_buf_puts(&c->err->msg, " (formats: table, tsv, csv, json and markdown)");
    return c->err->msg.failed ? nomem(c) : CONCORD_ERROR;
}

int cq_compile(const cq_graph *graph, const cq_node *stmt, cq_arena *arena,
               cq_plan **out, cq_error *err)
{
    compiler c = {graph, arena, err};
    cq_plan *plan = cq_arena_zalloc(arena, sizeof(cq_plan));
    if (plan == NULL)
        return nomem(&c);
    plan->kind = stmt->kind;
    plan->shape = cq_shape_for(stmt->kind);
    plan->clause = CQ_NONE;
    plan->standard = CQ_NONE;
    plan->format = -1;
    int rc = CONCORD_OK;
    const cq_node *where = NULL;
    switch (stmt->kind) {
    case CQ_N_SHOW:
        rc = compile_show(&c, stmt, plan);
        break;
    case CQ_N_CLAUSES:
        plan->has_a = stmt->a != NULL;
        if (stmt->a)
            rc = compile_set(&c, stmt->a, &plan->a);
        where = stmt->b;
        break;
    case CQ_N_CORRELATE:
        plan->has_a = 1;
        rc = compile_set(&c, stmt->a, &plan->a);
        if (rc == CONCORD_OK)
            rc = compile_set(&c, stmt->b, &plan->b);
        where = stmt->c;
        break;
    case CQ_N_GAP:
    case CQ_N_COVERAGE:
        plan->has_a = 1;
        rc = compile_set(&c, stmt->a, &plan->a);
        if (rc == CONCORD_OK)
            rc = compile_set(&c, stmt->b, &plan->b);
        where = stmt->c;
        break;
    case CQ_N_TERMS:
        plan->has_a = stmt->a != NULL;
        if (stmt->a)
            rc = compile_vocabularies(&c, stmt->a, plan);
        where = stmt->b;
        break;
    case CQ_N_TERM:
        rc = compile_term(&c, stmt, plan);
        break;
    case CQ_N_STANDARDS:
        break;
    case CQ_N_FORMAT:
        rc = compile_format(&c, stmt, plan);
        break;
    default:
        /* The grammar knows statements the compiler does not run yet:
        ** that is a limit of this version, not a bug (CONCORD_INTERNAL). */
        rc = cq_error_set(err, CONCORD_ERROR, &stmt->loc,
                          "cannot run a %s statement yet",
                          cq_node_kind_name(stmt->kind));
    }
    if (rc == CONCORD_OK && where != NULL)
        rc = compile_cond(&c, plan->shape, stmt->kind, where, &plan->where);
    if (rc == CONCORD_OK)
        *out = plan;
    return rc;
}
