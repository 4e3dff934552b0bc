/*
** fields.c -- the row shape of every statement and the test of a compiled
** condition against a row.
**
** Columns are what a statement shows; fields are what its `where` can
** test: every column, plus hidden ones (the target's standard, origin and
** depth for correlate) and aliases (`title` for `to_title`).  Keeping both
** in one table per statement means a new column is testable at once.
*/
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#define CQ_AVX2 1 /* an AVX2 title search, chosen when the processor has it */
#include <immintrin.h>
#endif

#include "concord.h"
#include "fold.h"
#include "plan.h"

/*
** Every row that rests on an edge shows the edge's confidence, a `high`
** column that holds "*" when it is high (so the trustworthy rows stand out
** in a table; `| select` drops it), and the layer the edge came from.
*/

/* ---- show ---------------------------------------------------------------- */
static const char *const show_columns[] = {
    "role",       "clause", "title",  "origin", "annex", "relation", "strength",
    "confidence", "high",   "source", "note",   "layer", "kind"};
static const cq_field show_fields[] = {
    {"role", CQ_F_TEXT, 0},    {"clause", CQ_F_TEXT, 1},
    {"title", CQ_F_TEXT, 2},   {"origin", CQ_F_ORIGIN, 3},
    {"annex", CQ_F_ANNEX, 4},  {"relation", CQ_F_RELATION, 5},
    {"strength", CQ_F_INT, 6}, {"confidence", CQ_F_CONFIDENCE, 7},
    {"high", CQ_F_TEXT, 8},    {"source", CQ_F_TEXT, 9},
    {"note", CQ_F_TEXT, 10},   {"layer", CQ_F_TEXT, 11},
    {"kind", CQ_F_KIND, 12}};

/* ---- clauses ------------------------------------------------------------- */
static const char *const clauses_columns[] = {"clause", "title", "origin",
                                              "parent", "depth"};
static const cq_field clauses_fields[] = {
    {"clause", CQ_F_CLAUSE, 0}, {"title", CQ_F_TEXT, 1},
    {"origin", CQ_F_ORIGIN, 2}, {"parent", CQ_F_CLAUSE, 3},
    {"depth", CQ_F_INT, 4},     {"standard", CQ_F_STANDARD, 5},
    {"number", CQ_F_TEXT, 6},   {"source", CQ_F_TEXT, 7}};

/* ---- clauses ... with terms ------------------------------------------------
 */
static const char *const clauses_terms_columns[] = {
    "clause", "title", "origin", "parent", "depth", "matched"};
static const cq_field clauses_terms_fields[] = {
    {"clause", CQ_F_CLAUSE, 0},     {"title", CQ_F_TEXT, 1},
    {"origin", CQ_F_ORIGIN, 2},     {"parent", CQ_F_CLAUSE, 3},
    {"depth", CQ_F_INT, 4},         {"matched", CQ_F_TEXT, 5},
    {"standard", CQ_F_STANDARD, 6}, {"number", CQ_F_TEXT, 7},
    {"source", CQ_F_TEXT, 8}};

/* ---- correlate ... via A then B, via any ----------------------------------
 */
/* A row a route: what it claims composed (route.h), how many hops, the
** route spelled out, and how many routes join the same two clauses. */
static const char *const routes_columns[] = {
    "from",       "from_title", "to",   "to_title", "relation", "strength",
    "confidence", "high",       "kind", "hops",     "route",    "routes"};
static const cq_field routes_fields[] = {{"from", CQ_F_CLAUSE, 0},
                                         {"from_title", CQ_F_TEXT, 1},
                                         {"to", CQ_F_CLAUSE, 2},
                                         {"to_title", CQ_F_TEXT, 3},
                                         {"relation", CQ_F_RELATION, 4},
                                         {"strength", CQ_F_INT, 5},
                                         {"confidence", CQ_F_CONFIDENCE, 6},
                                         {"high", CQ_F_TEXT, 7},
                                         {"kind", CQ_F_KIND, 8},
                                         {"hops", CQ_F_INT, 9},
                                         {"route", CQ_F_TEXT, 10},
                                         {"routes", CQ_F_INT, 11},
                                         {"best", CQ_F_YESNO, 12},
                                         {"standard", CQ_F_STANDARD, 13},
                                         {"to_standard", CQ_F_STANDARD, 13},
                                         {"from_standard", CQ_F_STANDARD, 14},
                                         {"title", CQ_F_TEXT, 3}};

/* ---- correlate ----------------------------------------------------------- */
static const char *const correlate_columns[] = {
    "from",     "from_title", "to",         "to_title", "annex",
    "relation", "strength",   "confidence", "high",     "source",
    "note",     "layer",      "kind"};
static const cq_field correlate_fields[] = {
    {"from", CQ_F_CLAUSE, 0},
    {"from_title", CQ_F_TEXT, 1},
    {"to", CQ_F_CLAUSE, 2},
    {"to_title", CQ_F_TEXT, 3},
    {"annex", CQ_F_ANNEX, 4},
    {"relation", CQ_F_RELATION, 5},
    {"strength", CQ_F_INT, 6},
    {"confidence", CQ_F_CONFIDENCE, 7},
    {"high", CQ_F_TEXT, 8},
    {"source", CQ_F_TEXT, 9},
    {"note", CQ_F_TEXT, 10},
    {"layer", CQ_F_TEXT, 11},
    {"kind", CQ_F_KIND, 12},
    {"standard", CQ_F_STANDARD, 13},
    {"to_standard", CQ_F_STANDARD, 13},
    {"origin", CQ_F_ORIGIN, 14},
    {"to_origin", CQ_F_ORIGIN, 14},
    {"depth", CQ_F_INT, 15},
    {"to_depth", CQ_F_INT, 15},
    {"title", CQ_F_TEXT, 3},
    {"number", CQ_F_TEXT, 16},
    {"to_number", CQ_F_TEXT, 16},
    {"from_standard", CQ_F_STANDARD, 17},
    {"from_origin", CQ_F_ORIGIN, 18},
    {"from_depth", CQ_F_INT, 19},
    {"from_number", CQ_F_TEXT, 20},
    {"direction", CQ_F_DIRECTION, 21}};

/* ---- gap ----------------------------------------------------------------- */
static const char *const gap_columns[] = {"clause", "title",      "origin",
                                          "status", "confidence", "note"};
static const cq_field gap_fields[] = {{"clause", CQ_F_CLAUSE, 0},
                                      {"title", CQ_F_TEXT, 1},
                                      {"origin", CQ_F_ORIGIN, 2},
                                      {"status", CQ_F_TEXT, 3},
                                      {"confidence", CQ_F_CONFIDENCE, 4},
                                      {"note", CQ_F_TEXT, 5},
                                      {"depth", CQ_F_INT, 6},
                                      {"standard", CQ_F_STANDARD, 7},
                                      {"number", CQ_F_TEXT, 8}};

/* ---- coverage ------------------------------------------------------------ */
static const char *const coverage_columns[] = {"standard", "by",    "scope",
                                               "covered",  "total", "percent"};
static const cq_field coverage_fields[] = {
    {"standard", CQ_F_TEXT, 0}, {"by", CQ_F_TEXT, 1},
    {"scope", CQ_F_TEXT, 2},    {"covered", CQ_F_INT, 3},
    {"total", CQ_F_INT, 4},     {"percent", CQ_F_REAL, 5}};

/* ---- terms --------------------------------------------------------------- */
static const char *const terms_columns[] = {"term", "vocabulary", "entry",
                                            "name", "hls"};
static const cq_field terms_fields[] = {
    {"term", CQ_F_TEXT, 0},        {"vocabulary", CQ_F_STANDARD, 1},
    {"entry", CQ_F_TEXT, 2},       {"name", CQ_F_TEXT, 3},
    {"hls", CQ_F_YESNO, 4},        {"source", CQ_F_TEXT, 5},
    {"relation", CQ_F_TERMREL, -1}};

/* ---- term ---------------------------------------------------------------- */
static const char *const term_columns[] = {
    "term",   "vocabulary",  "name",     "hls",
    "linked", "linked_name", "relation", "note"};
static const cq_field term_fields[] = {
    {"term", CQ_F_TEXT, 0},     {"vocabulary", CQ_F_STANDARD, 1},
    {"name", CQ_F_TEXT, 2},     {"hls", CQ_F_YESNO, 3},
    {"linked", CQ_F_TEXT, 4},   {"linked_name", CQ_F_TEXT, 5},
    {"relation", CQ_F_TEXT, 6}, {"note", CQ_F_TEXT, 7}};

/* ---- standards ----------------------------------------------------------- */
/* A row per standard, then a row per pair of standards that edges join
** (`other` set): how many edges, of which how many high, medium, low. */
static const char *const standards_columns[] = {
    "standard", "other", "title",  "year", "role", "clauses",
    "edges",    "high",  "medium", "low",  "terms"};
static const cq_field standards_fields[] = {
    {"standard", CQ_F_STANDARD, 0}, {"other", CQ_F_STANDARD, 1},
    {"title", CQ_F_TEXT, 2},        {"year", CQ_F_INT, 3},
    {"role", CQ_F_TEXT, 4},         {"clauses", CQ_F_INT, 5},
    {"edges", CQ_F_INT, 6},         {"high", CQ_F_INT, 7},
    {"medium", CQ_F_INT, 8},        {"low", CQ_F_INT, 9},
    {"terms", CQ_F_INT, 10}};

/* ---- correlate ... via --------------------------------------------------- */
/* The chain's relation, strength and confidence, then each hop's own:
** via_* the first (from -> via), to_* the second (via -> to). */
static const char *const via_columns[] = {
    "from",           "from_title",   "via",
    "via_title",      "to",           "to_title",
    "relation",       "strength",     "confidence",
    "high",           "via_relation", "via_annex",
    "via_confidence", "via_source",   "via_layer",
    "to_relation",    "to_annex",     "to_confidence",
    "to_source",      "to_layer",     "kind",
    "route",          "routes"};
static const cq_field via_fields[] = {{"from", CQ_F_CLAUSE, 0},
                                      {"from_title", CQ_F_TEXT, 1},
                                      {"via", CQ_F_CLAUSE, 2},
                                      {"via_title", CQ_F_TEXT, 3},
                                      {"to", CQ_F_CLAUSE, 4},
                                      {"to_title", CQ_F_TEXT, 5},
                                      {"relation", CQ_F_RELATION, 6},
                                      {"strength", CQ_F_INT, 7},
                                      {"confidence", CQ_F_CONFIDENCE, 8},
                                      {"high", CQ_F_TEXT, 9},
                                      {"via_relation", CQ_F_RELATION, 10},
                                      {"via_annex", CQ_F_ANNEX, 11},
                                      {"via_confidence", CQ_F_CONFIDENCE, 12},
                                      {"via_source", CQ_F_TEXT, 13},
                                      {"via_layer", CQ_F_TEXT, 14},
                                      {"to_relation", CQ_F_RELATION, 15},
                                      {"to_annex", CQ_F_ANNEX, 16},
                                      {"to_confidence", CQ_F_CONFIDENCE, 17},
                                      {"to_source", CQ_F_TEXT, 18},
                                      {"to_layer", CQ_F_TEXT, 19},
                                      {"kind", CQ_F_KIND, 20},
                                      {"route", CQ_F_TEXT, 21},
                                      {"routes", CQ_F_INT, 22},
                                      {"standard", CQ_F_STANDARD, 23},
                                      {"to_standard", CQ_F_STANDARD, 23},
                                      {"origin", CQ_F_ORIGIN, 24},
                                      {"to_origin", CQ_F_ORIGIN, 24},
                                      {"depth", CQ_F_INT, 25},
                                      {"to_depth", CQ_F_INT, 25},
                                      {"title", CQ_F_TEXT, 5},
                                      {"via_standard", CQ_F_STANDARD, 26},
                                      {"from_standard", CQ_F_STANDARD, 27},
                                      {"from_origin", CQ_F_ORIGIN, 28},
                                      {"from_depth", CQ_F_INT, 29},
                                      {"via_direction", CQ_F_DIRECTION, 30},
                                      {"to_direction", CQ_F_DIRECTION, 31},
                                      {"via_kind", CQ_F_KIND, 32},
                                      {"to_kind", CQ_F_KIND, 33},
                                      {"best", CQ_F_YESNO, 34}};

/* ---- gap between --------------------------------------------------------- */
static const char *const gap2_columns[] = {
    "clause", "title", "origin", "against", "status", "confidence", "note"};
static const cq_field gap2_fields[] = {
    {"clause", CQ_F_CLAUSE, 0},     {"title", CQ_F_TEXT, 1},
    {"origin", CQ_F_ORIGIN, 2},     {"against", CQ_F_STANDARD, 3},
    {"status", CQ_F_TEXT, 4},       {"confidence", CQ_F_CONFIDENCE, 5},
    {"note", CQ_F_TEXT, 6},         {"depth", CQ_F_INT, 7},
    {"standard", CQ_F_STANDARD, 8}, {"number", CQ_F_TEXT, 9}};

/* ---- path ---------------------------------------------------------------- */
static const char *const path_columns[] = {"path",
                                           "hop",
                                           "from",
                                           "from_title",
                                           "to",
                                           "to_title",
                                           "annex",
                                           "relation",
                                           "strength",
                                           "confidence",
                                           "high",
                                           "source",
                                           "layer",
                                           "kind",
                                           "route",
                                           "route_relation",
                                           "route_strength",
                                           "route_confidence",
                                           "route_kind",
                                           "routes"};
static const cq_field path_fields[] = {
    {"path", CQ_F_INT, 0},
    {"hop", CQ_F_INT, 1},
    {"from", CQ_F_CLAUSE, 2},
    {"from_title", CQ_F_TEXT, 3},
    {"to", CQ_F_CLAUSE, 4},
    {"to_title", CQ_F_TEXT, 5},
    {"annex", CQ_F_ANNEX, 6},
    {"relation", CQ_F_RELATION, 7},
    {"strength", CQ_F_INT, 8},
    {"confidence", CQ_F_CONFIDENCE, 9},
    {"high", CQ_F_TEXT, 10},
    {"source", CQ_F_TEXT, 11},
    {"layer", CQ_F_TEXT, 12},
    {"kind", CQ_F_KIND, 13},
    {"route", CQ_F_TEXT, 14},
    {"route_relation", CQ_F_RELATION, 15},
    {"route_strength", CQ_F_INT, 16},
    {"route_confidence", CQ_F_CONFIDENCE, 17},
    {"route_kind", CQ_F_KIND, 18},
    {"routes", CQ_F_INT, 19}};

/* ---- a composed correlation (gap and coverage `with`) ----------------------
 */
static const char *const link_columns[] = {"relation", "strength", "confidence",
                                           "kind",     "hops",     "annex"};
static const cq_field link_fields[] = {{"relation", CQ_F_RELATION, 0},
                                       {"strength", CQ_F_INT, 1},
                                       {"confidence", CQ_F_CONFIDENCE, 2},
                                       {"kind", CQ_F_KIND, 3},
                                       {"hops", CQ_F_INT, 4},
                                       {"annex", CQ_F_ANNEX, 5}};

/* ---- check --------------------------------------------------------------- */
static const char *const check_columns[] = {"check", "subject", "detail"};
static const cq_field check_fields[] = {{"check", CQ_F_TEXT, 0},
                                        {"subject", CQ_F_TEXT, 1},
                                        {"detail", CQ_F_TEXT, 2}};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define SHAPE(cols, fields, slots)                                             \
    {                                                                          \
        cols, COUNT(cols), slots, fields, COUNT(fields)                        \
    }

static const cq_shape show_shape = SHAPE(show_columns, show_fields, 13);
static const cq_shape clauses_shape = SHAPE(clauses_columns, clauses_fields, 8);
static const cq_shape correlate_shape =
    SHAPE(correlate_columns, correlate_fields, 22);
static const cq_shape gap_shape = SHAPE(gap_columns, gap_fields, 9);
static const cq_shape coverage_shape =
    SHAPE(coverage_columns, coverage_fields, 6);
static const cq_shape via_shape = SHAPE(via_columns, via_fields, 35);
static const cq_shape gap2_shape = SHAPE(gap2_columns, gap2_fields, 10);
static const cq_shape path_shape = SHAPE(path_columns, path_fields, 20);
static const cq_shape check_shape = SHAPE(check_columns, check_fields, 3);
static const cq_shape link_shape = SHAPE(link_columns, link_fields, 6);
static const cq_shape routes_shape = SHAPE(routes_columns, routes_fields, 15);
static const cq_shape clauses_terms_shape =
    SHAPE(clauses_terms_columns, clauses_terms_fields, 9);
static const cq_shape terms_shape = SHAPE(terms_columns, terms_fields, 6);
static const cq_shape term_shape = SHAPE(term_columns, term_fields, 8);
static const cq_shape standards_shape =
    SHAPE(standards_columns, standards_fields, 11);

const cq_shape *cq_shape_for(cq_node_kind kind)
{
    switch (kind) {
    case CQ_N_SHOW:
        return &show_shape;
    case CQ_N_CLAUSES:
        return &clauses_shape;
    case CQ_N_CORRELATE:
        return &correlate_shape;
    case CQ_N_GAP:
        return &gap_shape;
    case CQ_N_COVERAGE:
        return &coverage_shape;
    case CQ_N_TERMS:
        return &terms_shape;
    case CQ_N_TERM:
        return &term_shape;
    case CQ_N_STANDARDS:
        return &standards_shape;
    case CQ_N_PATH:
        return &path_shape;
    case CQ_N_CHECK:
        return &check_shape;
    default:
        return cq_status_shape(kind); /* the status layer's, or NULL */
    }
}

const cq_shape *cq_shape_via(void)
{
    return &via_shape;
}

const cq_shape *cq_shape_link(void)
{
    return &link_shape;
}

const cq_shape *cq_shape_routes(void)
{
    return &routes_shape;
}

const cq_shape *cq_shape_clauses_terms(void)
{
    return &clauses_terms_shape;
}

const cq_shape *cq_shape_gap_between(void)
{
    return &gap2_shape;
}

const char *cq_direction_name(int backward)
{
    return backward == 0 ? "forward" : backward == 1 ? "backward" : NULL;
}

int cq_shape_column_type(const cq_shape *shape, int i)
{
    for (int f = 0; f < shape->n_fields; f++)
        if (shape->fields[f].slot == i &&
            strcmp(shape->fields[f].name, shape->columns[i]) == 0)
            return shape->fields[f].type;
    return CQ_F_TEXT;
}

/* ---- sets ---------------------------------------------------------------- */

cq_id cq_set_one_standard(const cq_graph *g, const cq_set *set)
{
    if (set->n_ranges != 1 || set->n_standards != 1)
        return CQ_NONE;
    const cq_standard *s = &g->standards[set->standards[0]];
    return set->ranges[0].first == s->first_clause &&
                   set->ranges[0].end == s->end_clause
               ? set->standards[0]
               : CQ_NONE;
}

int cq_set_has_standard(const cq_set *set, cq_id standard)
{
    for (int i = 0; i < set->n_standards; i++)
        if (set->standards[i] == standard)
            return 1;
    return 0;
}

/* ---- condition tests ----------------------------------------------------- */

/* Does text contain needle, ignoring ASCII case?  Bytes beyond ASCII
** compare exactly, as SQLite's LIKE does. */
static int text_contains(const char *text, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0)
        return 1;
    int first = cq_fold((unsigned char)needle[0]);
    for (; *text; text++) {
        if (cq_fold((unsigned char)*text) != first)
            continue;
        size_t i = 1;
        while (i < n && text[i] &&
               cq_fold((unsigned char)text[i]) ==
                   cq_fold((unsigned char)needle[i]))
            i++;
        if (i == n)
            return 1;
    }
    return 0;
}

int cq_text_contains(const char *text, const char *needle)
{
    return text_contains(text, needle);
}

/* The relation of term to vocabulary, from the links of either end, or -1.
** Links read backwards keep their relation (same, modified and different
** are symmetric); `absent` only counts from the term's own side. */
static int term_relation(const cq_graph *graph, cq_id term, cq_id vocabulary)
{
    if (term == CQ_NONE)
        return -1;
    for (uint32_t i = graph->link_out_start[term];
         i < graph->link_out_start[term + 1]; i++)
        if (graph->links[i].to_vocabulary == vocabulary)
            return graph->links[i].relation;
    for (uint32_t i = graph->link_in_start[term];
         i < graph->link_in_start[term + 1]; i++) {
        const cq_term_link *link = &graph->links[graph->link_in[i]];
        if (graph->terms[link->from].vocabulary == vocabulary)
            return link->relation;
    }
    return -1;
}

/* The rank of an enum-typed text, so `confidence >= medium` works. */
static int rank_of(int type, const char *text)
{
    size_t n = strlen(text);
    switch (type) {
    case CQ_F_CONFIDENCE:
        return cq_confidence_from_name(text, n);
    case CQ_F_RELATION:
        return cq_relation_from_name(text, n);
    case CQ_F_ORIGIN:
        return cq_origin_from_name(text, n);
    case CQ_F_TERMREL:
        return cq_term_relation_from_name(text, n);
    case CQ_F_KIND:
        return cq_kind_from_name(text, n);
    default:
        return -1;
    }
}

static double number_of(const cq_value *v)
{
    return v->type == CONCORD_INTEGER ? (double)v->u.integer
           : v->type == CONCORD_REAL  ? v->u.real
                                      : 0;
}

/* Compare two values as type says: <0, 0, >0, or 2 for "cannot compare"
** (a null, or a number against text), which only != and not in accept. */
static int value_compare(int type, const cq_value *v, const cq_value *c)
{
    if (v->type == CONCORD_NULL || c->type == CONCORD_NULL)
        return 2;
    int vnum = v->type == CONCORD_INTEGER || v->type == CONCORD_REAL;
    int cnum = c->type == CONCORD_INTEGER || c->type == CONCORD_REAL;
    if (vnum || cnum) {
        if (!(vnum && cnum))
            return 2;
        double x = number_of(v), y = number_of(c);
        return x < y ? -1 : x > y ? 1 : 0;
    }
    if (type == CQ_F_CONFIDENCE) {
        int x = rank_of(type, v->u.text), y = rank_of(type, c->u.text);
        return x < y ? -1 : x > y ? 1 : 0;
    }
    int r = cq_compare_fold(v->u.text, c->u.text);
    return r < 0 ? -1 : r > 0 ? 1 : 0;
}

static int op_holds(int op, int cmp)
{
    if (cmp == 2)
        return op == CQ_OP_NE;
    switch (op) {
    case CQ_OP_EQ:
        return cmp == 0;
    case CQ_OP_NE:
        return cmp != 0;
    case CQ_OP_LT:
        return cmp < 0;
    case CQ_OP_LE:
        return cmp <= 0;
    case CQ_OP_GT:
        return cmp > 0;
    case CQ_OP_GE:
        return cmp >= 0;
    default:
        return 0;
    }
}

/* The value of an operand for this row. */
static cq_value operand_value(const cq_operand *o, const cq_value *slots,
                              const cq_graph *graph, cq_id term)
{
    if (o->kind != CQ_OPND_FIELD)
        return o->value;
    if (o->field->type == CQ_F_TERMREL) {
        int rel = term_relation(graph, term, o->arg);
        return rel < 0 ? cq_null() : cq_text(cq_term_relation_name(rel));
    }
    return slots ? slots[o->field->slot] : cq_null();
}

static uint32_t operand_slots(const cq_operand *o)
{
    if (o->kind != CQ_OPND_FIELD)
        return 0;
    if (o->field->type == CQ_F_TERMREL || o->field->slot < 0 ||
        o->field->slot >= 32)
        return ~0u;
    return 1u << o->field->slot;
}

uint32_t cq_cond_slots(const cq_cond *cond)
{
    if (cond == NULL)
        return 0;
    uint32_t bits = cq_cond_slots(cond->a) | cq_cond_slots(cond->b);
    if (cond->kind == CQ_C_CMP || cond->kind == CQ_C_IN ||
        cond->kind == CQ_C_MATCH) {
        bits |= operand_slots(&cond->lhs);
        for (int i = 0; i < cond->n_rhs; i++)
            bits |= operand_slots(&cond->rhs[i]);
    }
    return bits;
}

/* Does cond read the field at slot?  (correlate ... via keeps every route
** to a pair only when its `where` reads `best`.) */
int cq_cond_reads_slot(const cq_cond *cond, int slot)
{
    if (cond == NULL)
        return 0;
    if (cq_cond_reads_slot(cond->a, slot) || cq_cond_reads_slot(cond->b, slot))
        return 1;
    if (cond->kind == CQ_C_CMP || cond->kind == CQ_C_IN ||
        cond->kind == CQ_C_MATCH) {
        if (cond->lhs.kind == CQ_OPND_FIELD && cond->lhs.field->slot == slot)
            return 1;
        for (int i = 0; i < cond->n_rhs; i++)
            if (cond->rhs[i].kind == CQ_OPND_FIELD &&
                cond->rhs[i].field->slot == slot)
                return 1;
    }
    return 0;
}

int cq_cond_direction(const cq_cond *cond, int slot)
{
    if (cond == NULL || cond->kind != CQ_C_CMP || cond->op != CQ_OP_EQ ||
        cond->lhs.kind != CQ_OPND_FIELD || cond->lhs.field->slot != slot ||
        cond->lhs.field->type != CQ_F_DIRECTION ||
        cond->rhs[0].kind == CQ_OPND_FIELD ||
        cond->rhs[0].value.type != CONCORD_TEXT)
        return -1;
    /* compile_enum made the value that very name: the pointers tell */
    for (int d = 0; d < 2; d++)
        if (cond->rhs[0].value.u.text == cq_direction_name(d))
            return d;
    return -1;
}

const char *cq_cond_needle(const cq_cond *cond, int slot)
{
    if (cond == NULL)
        return NULL;
    if (cond->kind == CQ_C_AND) {
        const char *s = cq_cond_needle(cond->a, slot);
        return s ? s : cq_cond_needle(cond->b, slot);
    }
    if (cond->kind != CQ_C_MATCH || cond->negate ||
        cond->lhs.kind != CQ_OPND_FIELD || cond->lhs.field->slot != slot ||
        cond->rhs[0].kind == CQ_OPND_FIELD ||
        cond->rhs[0].value.type != CONCORD_TEXT)
        return NULL;
    return cond->rhs[0].value.u.text;
}

void cq_finder_init(cq_finder *f, const char *needle)
{
    f->n = strlen(needle);
    f->usable = f->n < sizeof f->folded;
    for (size_t i = 0; f->usable && i <= f->n; i++)
        f->folded[i] = (char)cq_fold((unsigned char)needle[i]);
#ifdef CQ_AVX2
    f->wide = __builtin_cpu_supports("avx2");
#else
    f->wide = 0;
#endif
}

/* Does text[at..at+n) equal the folded needle, ignoring ASCII case? */
static int folded_at(const char *text, const char *folded, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (cq_fold((unsigned char)text[i]) != (unsigned char)folded[i])
            return 0;
    return 1;
}

#if defined(__SSE2__)
/* 16 bytes with A-Z folded to a-z (bytes past 0x7f are negative as signed
** and so never in the range). */
static __m128i fold16(__m128i v)
{
    __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('A' - 1)),
                                  _mm_cmplt_epi8(v, _mm_set1_epi8('Z' + 1)));
    return _mm_add_epi8(v, _mm_and_si128(upper, _mm_set1_epi8(0x20)));
}
#endif

/* Does text contain f's needle at i or after?  One start at a time. */
static int tail_has(const cq_finder *f, const char *text, size_t i)
{
    for (size_t len = i + strlen(text + i); i + f->n <= len; i++)
        if (folded_at(text + i, f->folded, f->n))
            return 1;
    return 0;
}

/* Does the graph string s contain f's needle?  first and last are the
** needle's first and last bytes in every lane (unused without SSE2). */
static inline int finder_in(const cq_finder *f, const cq_graph *g, cq_str s,
                            const void *first_lanes, const void *last_lanes)
{
    const char *text = cq_graph_str(g, s);
    size_t n = f->n, i = 0;
    if (n == 0)
        return 1;
#if defined(__SSE2__)
    /* Candidates are where the needle's first and last bytes both match
    ** (W. Mula's SIMD-friendly substring search), found 16 starts at a
    ** time, with the text's end found in the same pass.  The loads reach
    ** n + 15 bytes past the block's start, which must lie inside the
    ** string table; near its end the bytes are tried one by one. */
    const __m128i first = _mm_loadu_si128(first_lanes);
    const __m128i last = _mm_loadu_si128(last_lanes);
    const __m128i zero = _mm_setzero_si128();
    for (; (size_t)s + i + n + 16 <= g->strings_size; i += 16) {
        __m128i raw = _mm_loadu_si128((const __m128i *)(text + i));
        unsigned end = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(raw, zero));
        __m128i b =
            fold16(_mm_loadu_si128((const __m128i *)(text + i + n - 1)));
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_and_si128(
            _mm_cmpeq_epi8(fold16(raw), first), _mm_cmpeq_epi8(b, last)));
        if (end) { /* the text ends at i + z: starts up to z - n count */
            unsigned z = (unsigned)__builtin_ctz(end);
            mask = z < n ? 0 : mask & ((2u << (z - n)) - 1);
        }
        while (mask) {
            unsigned k = (unsigned)__builtin_ctz(mask);
            if (folded_at(text + i + k, f->folded, n))
                return 1;
            mask &= mask - 1;
        }
        if (end)
            return 0;
    }
#else
    (void)first_lanes;
    (void)last_lanes;
#endif
    return tail_has(f, text, i);
}

#ifdef CQ_AVX2
/* 32 bytes with A-Z folded to a-z, as fold16. */
__attribute__((target("avx2"))) static inline __m256i fold32(__m256i v)
{
    __m256i upper =
        _mm256_and_si256(_mm256_cmpgt_epi8(v, _mm256_set1_epi8('A' - 1)),
                         _mm256_cmpgt_epi8(_mm256_set1_epi8('Z' + 1), v));
    return _mm256_add_epi8(v, _mm256_and_si256(upper, _mm256_set1_epi8(0x20)));
}

/* cq_finder_next_title with finder_in's search 32 starts at a time: most
** titles are shorter than 32 bytes, so one step each. */
__attribute__((target("avx2"))) static cq_id
next_title_wide(const cq_finder *f, const cq_graph *g, cq_id first, cq_id end)
{
    size_t n = f->n;
    const __m256i lead = _mm256_set1_epi8(f->folded[0]);
    const __m256i tail = _mm256_set1_epi8(f->folded[n - 1]);
    const __m256i zero = _mm256_setzero_si256();
    for (cq_id c = first; c < end; c++) {
        cq_str s = g->clauses[c].title;
        const char *text = cq_graph_str(g, s);
        size_t i = 0;
        for (; (size_t)s + i + n + 32 <= g->strings_size; i += 32) {
            __m256i raw = _mm256_loadu_si256((const __m256i *)(text + i));
            unsigned stop =
                (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(raw, zero));
            __m256i b =
                fold32(_mm256_loadu_si256((const __m256i *)(text + i + n - 1)));
            unsigned mask = (unsigned)_mm256_movemask_epi8(
                _mm256_and_si256(_mm256_cmpeq_epi8(fold32(raw), lead),
                                 _mm256_cmpeq_epi8(b, tail)));
            if (stop) {
                unsigned z = (unsigned)__builtin_ctz(stop);
                mask = z < n ? 0 : mask & ((2u << (z - n)) - 1);
            }
            for (; mask; mask &= mask - 1)
                if (folded_at(text + i + (unsigned)__builtin_ctz(mask),
                              f->folded, n))
                    return c;
            if (stop)
                break;
        }
        if ((size_t)s + i + n + 32 > g->strings_size && tail_has(f, text, i))
            return c;
    }
    return end;
}
#endif

cq_id cq_finder_next_title(const cq_finder *f, const cq_graph *g, cq_id first,
                           cq_id end)
{
#ifdef CQ_AVX2
    if (f->wide && f->n > 0)
        return next_title_wide(f, g, first, end);
#endif
    char first_lanes[16], last_lanes[16];
    memset(first_lanes, f->n ? f->folded[0] : 0, sizeof first_lanes);
    memset(last_lanes, f->n ? f->folded[f->n - 1] : 0, sizeof last_lanes);
    for (cq_id c = first; c < end; c++)
        if (finder_in(f, g, g->clauses[c].title, first_lanes, last_lanes))
            return c;
    return end;
}

int cq_cond_test(const cq_cond *cond, const cq_value *slots,
                 const cq_graph *graph, cq_id term)
{
    switch (cond->kind) {
    case CQ_C_AND:
        return cq_cond_test(cond->a, slots, graph, term) &&
               cq_cond_test(cond->b, slots, graph, term);
    case CQ_C_OR:
        return cq_cond_test(cond->a, slots, graph, term) ||
               cq_cond_test(cond->b, slots, graph, term);
    case CQ_C_NOT:
        return !cq_cond_test(cond->a, slots, graph, term);
    default:
        break;
    }
    cq_value v = operand_value(&cond->lhs, slots, graph, term);
    switch (cond->kind) {
    case CQ_C_CMP: {
        cq_value c = operand_value(&cond->rhs[0], slots, graph, term);
        return op_holds(cond->op, value_compare(cond->type, &v, &c));
    }
    case CQ_C_IN:
        for (int i = 0; i < cond->n_rhs; i++) {
            cq_value c = operand_value(&cond->rhs[i], slots, graph, term);
            if (value_compare(cond->type, &v, &c) == 0)
                return !cond->negate;
        }
        return cond->negate;
    case CQ_C_MATCH: {
        cq_value c = operand_value(&cond->rhs[0], slots, graph, term);
        int found = v.type == CONCORD_TEXT && c.type == CONCORD_TEXT &&
                    text_contains(v.u.text, c.u.text);
        return cond->negate ? !found : found;
    }
    default:
        return 0;
    }
}
