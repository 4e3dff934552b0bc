/*
** plan.h -- a statement compiled against a graph, ready to run.
**
** Compiling (compile.c) does every check that can fail on names: standards,
** clauses, terms, fields and enum values are resolved once, with located
** errors and suggestions, so running (eval.c) can only fail on resources.
** A plan lives in its statement's arena and borrows from the graph.
**
** Every statement kind has a row shape (fields.c): the visible columns
** first, then hidden fields that conditions may test (`standard`, `origin`
** of the target, ...).  Evaluation fills a row's fields, tests the
** condition, and keeps the visible part.
*/
#ifndef CQ_PLAN_H
#define CQ_PLAN_H

#include "arena.h"
#include "ast.h"
#include "error.h"
#include "graph.h"
#include "table.h"

/* How a field's values are typed and compared. */
typedef enum cq_field_type {
    CQ_F_TEXT = 1,   /* text; = and ~ ignore ASCII case */
    CQ_F_INT,        /* integer */
    CQ_F_REAL,       /* real number */
    CQ_F_RELATION,   /* a relation name; =, != and in only */
    CQ_F_CONFIDENCE, /* low < medium < high */
    CQ_F_ORIGIN,     /* an origin name; =, != and in only */
    CQ_F_STANDARD,   /* a standard id */
    CQ_F_CLAUSE,     /* a clause key */
    CQ_F_ANNEX,      /* an annex label present in the corpus */
    CQ_F_YESNO,      /* yes or no */
    CQ_F_TERMREL     /* relation(VOCABULARY) of a term: same, modified, ... */
} cq_field_type;

typedef struct cq_field {
    const char *name; /* as written in conditions */
    int type;         /* cq_field_type */
    int slot;         /* index into the row's values; -1 computed */
} cq_field;

/* The row shape of one statement kind. */
typedef struct cq_shape {
    const char *const *columns; /* visible column names */
    int n_columns;
    int n_slots; /* columns plus hidden fields */
    const cq_field *fields;
    int n_fields;
} cq_shape;

#define CQ_MAX_SLOTS 24

/* The row shape for a statement kind, or NULL for kinds with no table. */
const cq_shape *cq_shape_for(cq_node_kind kind);

/* A set of clauses: disjoint ranges of clause ids in graph order, plus the
** standards named whole (where `none` rows may point). */
typedef struct cq_range {
    cq_id first;
    cq_id end;
} cq_range;

typedef struct cq_set {
    cq_range *ranges; /* sorted by first, disjoint */
    int n_ranges;
    cq_id *standards; /* standards named whole, in the order written */
    int n_standards;
    const char *label; /* the set as written: "27001", "20000-1:8.*" */
} cq_set;

/* Is clause id in set? */
int cq_set_has(const cq_set *set, cq_id id);

/* Is standard id one of the set's whole standards? */
int cq_set_has_standard(const cq_set *set, cq_id standard);

/* A compiled condition. */
typedef enum cq_cond_kind {
    CQ_C_AND = 1,
    CQ_C_OR,
    CQ_C_NOT,
    CQ_C_CMP,  /* field op value */
    CQ_C_IN,   /* field in (values) */
    CQ_C_MATCH /* field ~ text */
} cq_cond_kind;

typedef struct cq_cond cq_cond;
struct cq_cond {
    int kind;
    cq_cond *a, *b;        /* AND, OR, NOT */
    const cq_field *field; /* CMP, IN, MATCH */
    cq_id arg;             /* relation(V): the vocabulary */
    int op;                /* CMP: cq_cmp_op */
    int negate;            /* IN: not in; MATCH: !~ */
    cq_value *values;      /* CMP: one; IN: n_values */
    int n_values;
};

typedef struct cq_plan {
    cq_node_kind kind;
    const cq_shape *shape; /* NULL for statements without a table */
    cq_set a;              /* clauses / sources / gap's A / coverage's of */
    cq_set b;              /* targets / against / by */
    int has_a;             /* a was given (clauses of, terms of) */
    cq_cond *where;        /* NULL: every row */
    cq_id clause;          /* show: the clause, or CQ_NONE */
    cq_id standard;        /* show: the standard when shown whole */
    cq_id *terms;          /* term: the matching terms, in graph order */
    int n_terms;
    cq_id *vocabularies; /* terms of: the vocabularies */
    int n_vocabularies;
    int format; /* format: the CONCORD_FORMAT_* chosen */
} cq_plan;

/*
** Compile stmt against graph into *out (allocated in arena).  Errors:
** CONCORD_NOTFOUND (unknown standard, clause, term, field: located, with
** suggestions), CONCORD_ERROR (a value of the wrong kind for its field, an
** operator the field does not have), CONCORD_NOMEM.
*/
int cq_compile(const cq_graph *graph, const cq_node *stmt, cq_arena *arena,
               cq_plan **out, cq_error *err);

/*
** Run plan over graph, appending its rows to table (initialised by the
** caller with the shape's columns).  Strings made while running live in
** arena.  Errors: CONCORD_NOMEM.
*/
int cq_execute(const cq_plan *plan, const cq_graph *graph, cq_arena *arena,
               cq_table *table, cq_error *err);

/* Does the row (its slot values; term: the term the row is about, for
** relation(V)) satisfy cond? */
int cq_cond_test(const cq_cond *cond, const cq_value *slots,
                 const cq_graph *graph, cq_id term);

#endif
