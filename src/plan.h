/*
** plan.h -- a statement compiled against a graph, ready to run.
**
** Compiling (compile.c) checks every name once: standards, clauses, terms,
** tables, definitions, fields, enum values and operators, with located
** errors and suggestions.  What cannot be known then -- the values bound
** to $parameters, the size of count(...) -- is resolved each time the
** statement runs, into space the plan set aside when it was compiled, so
** running a prepared statement again allocates only its result rows.
**
** A query compiles to a tree of plans: base statements (clauses,
** correlate, ...) read the graph; pipelines, set operations, tables and
** calls transform the tables of their children.  Every plan has a shape:
** its visible columns, then (base statements only) hidden fields that its
** `where` may test.  A plan lives in its statement's arena.
*/
#ifndef CQ_PLAN_H
#define CQ_PLAN_H

#include <stdatomic.h>

#include "arena.h"
#include "ast.h"
#include "concord.h"
#include "error.h"
#include "graph.h"
#include "limit_list.h" /* CQ_PATH_MAX_HOPS */
#include "rowshape.h"
#include "table.h"
#include "tick.h"

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
    CQ_F_TERMREL,    /* relation(VOCABULARY) of a term: same, modified, ... */
    CQ_F_DIRECTION,  /* how an edge was read: forward (as stored), backward */
    CQ_F_KIND        /* an edge's kind: content, structure, transition */
} cq_field_type;

typedef struct cq_field {
    const char *name; /* as written in conditions */
    int type;         /* cq_field_type */
    int slot;         /* index into the row's values; -1: computed */
} cq_field;

/* The row shape of a plan: visible columns, then hidden fields. */
typedef struct cq_shape {
    const char *const *columns; /* visible column names */
    int n_columns;
    int n_slots; /* columns plus hidden fields */
    const cq_field *fields;
    int n_fields;
} cq_shape;

#define CQ_MAX_SLOTS 40      /* the widest base row, hidden fields included */
#define CQ_MAX_CALL_DEPTH 64 /* def calls inside def calls */
#define CQ_PATH_DEFAULT_HOPS 4
#define CQ_PATH_MAX_PATHS 100 /* shortest paths listed at most */
#define CQ_INTEGRATE_ROUTE 6  /* integrate's last columns: route, ... */

/* The row shape of a base statement kind, or NULL for kinds whose shape
** is made when they are compiled: its row of statements.h names it. */
const cq_shape *cq_shape_for(cq_node_kind kind);

/* The shape functions statements.h's rows name (cq_shape_show, ...;
** cq_shape_none: NULL), each defined beside its columns with
** CQ_STATEMENT_SHAPE (rowshape.h). */
#define CQ_SHAPE_PROTO_(cls, kind, name, compile, run, shape)                  \
    const cq_shape *shape(void);
CQ_STATEMENTS(CQ_SHAPE_PROTO_)

/* The shapes of `correlate ... via` and `gap between`, which share their
** statement kind with another shape. */
const cq_shape *cq_shape_via(void);
const cq_shape *cq_shape_gap_between(void);

/* The status layer's shapes (eval_status.c): the rows of its statements
** (NULL for other kinds), and the links its conditions choose from. */
const cq_shape *cq_status_shape(cq_node_kind kind);
const cq_shape *cq_status_link_shape(void);
/* The fields of a composed correlation that `gap ... with` and `coverage
** ... with` test (reach.h): relation, strength, confidence, kind, hops,
** annex (the last hop's). */
const cq_shape *cq_shape_link(void);

/* The shape of `clauses ... with terms`: the clauses' columns and
** `matched`. */
const cq_shape *cq_shape_clauses_terms(void);

/* The shape of `correlate ... via A then B` and `via any`: a row a pair
** of clauses, or a route (eval_routes.c). */
const cq_shape *cq_shape_routes(void);

/* The name of a direction value: 0 forward (an edge read as stored), 1
** backward (read from its target); NULL for others. */
const char *cq_direction_name(int backward);

/* The field type of visible column i of shape (CQ_F_TEXT when unknown). */
int cq_shape_column_type(const cq_shape *shape, int i);

/* ---- sets of clauses ----------------------------------------------------- */

typedef struct cq_range {
    cq_id first;
    cq_id end;
} cq_range;

/* One reference of a set as written. */
typedef struct cq_set_item {
    const cq_node *node; /* where it was written */
    int param;           /* 0, or the 1-based $parameter it stands for */
    cq_range range;      /* resolved: its clauses (first == end: none) */
    cq_id standard;      /* resolved: the standard named whole, or CQ_NONE */
    char label[64];      /* resolved: as a person would write it */
    const struct cq_binding *bound; /* param: its value in this run */
    int list;           /* param: bound to a list of clause keys in this run */
    int subtree;        /* param: written `$name.*`, each clause's subtree */
    char *column;       /* param of integrate/common: its column's name, */
    size_t column_room; /* rewritten each run (bytes it has room for) */
} cq_set_item;

/*
** A set of clauses: what was written (items, and the clauses of any `let`
** tables named), and -- once resolved -- the effective disjoint ranges in
** graph order and the standards named whole (where `none` rows point).
** Resolution needs no memory of its own: the arrays have room for every
** item.
*/
typedef struct cq_set {
    cq_set_item *items;
    int n_items;
    cq_range *table_ranges; /* clauses taken from `let` tables */
    int n_table_ranges;
    int has_params;   /* some item is a $parameter: resolve per run */
    cq_range *ranges; /* effective, sorted, disjoint */
    int n_ranges;
    cq_id *standards; /* effective: standards named whole, as written */
    int n_standards;
    char label[128];       /* the set as written: read with cq_set_label */
    int label_stale;       /* label is to be made from this run's values */
    cq_range *list_ranges; /* this run's clauses of parameters bound to
                              lists of keys (in the run's arena) */
    int n_list_ranges;
    cq_range *own_ranges; /* ranges as compiled (a run with lists uses room
                             in its arena instead) */
} cq_set;

/* The set as written, with this run's values for its parameters. */
const char *cq_set_label(cq_set *set, const cq_graph *g);

/* Is clause id in set?  A binary search of its ranges (sorted, apart);
** inline, since filters call it once an edge. */
static inline int cq_set_has(const cq_set *set, cq_id id)
{
    int lo = 0, hi = set->n_ranges;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (id < set->ranges[mid].first)
            hi = mid;
        else if (id >= set->ranges[mid].end)
            lo = mid + 1;
        else
            return 1;
    }
    return 0;
}

/* The standard when the set is that one standard, named whole, and nothing
** else (its clauses and its `none` rows are then those of the edges toward
** it); else CQ_NONE. */
cq_id cq_set_one_standard(const cq_graph *g, const cq_set *set);

/* Is standard one of the set's whole standards? */
int cq_set_has_standard(const cq_set *set, cq_id standard);

/* ---- conditions ---------------------------------------------------------- */

typedef enum cq_operand_kind {
    CQ_OPND_FIELD = 1, /* a field of the row */
    CQ_OPND_CONST,     /* a value written in the query */
    CQ_OPND_PARAM,     /* a $parameter: value set before each run */
    CQ_OPND_COUNT      /* count(query): value set before each run */
} cq_operand_kind;

struct cq_plan;

typedef struct cq_operand {
    int kind;              /* cq_operand_kind */
    const cq_field *field; /* FIELD: the field; others: what it is compared
                           ** with (NULL in an assert: compared as a number) */
    cq_id arg;             /* FIELD relation(V): the vocabulary V */
    cq_value value;        /* CONST; PARAM and COUNT once resolved */
    int param;             /* PARAM: 1-based index */
    const cq_node *node;   /* where it was written */
    struct cq_plan *plan;  /* COUNT: the query counted */
} cq_operand;

typedef enum cq_cond_kind {
    CQ_C_AND = 1,
    CQ_C_OR,
    CQ_C_NOT,
    CQ_C_CMP,  /* lhs op rhs[0] */
    CQ_C_IN,   /* lhs in (rhs...) */
    CQ_C_MATCH /* lhs ~ rhs[0] */
} cq_cond_kind;

typedef struct cq_cond cq_cond;
struct cq_cond {
    int kind;
    cq_cond *a, *b; /* AND, OR, NOT */
    const cq_node *node;
    cq_operand lhs;  /* CMP, IN, MATCH */
    cq_operand *rhs; /* CMP, MATCH: one; IN: n_rhs */
    int n_rhs;
    int op;     /* CMP: cq_cmp_op */
    int negate; /* IN: not in; MATCH: !~ */
    int type;   /* how the values compare: a cq_field_type */
};

/* ---- plans --------------------------------------------------------------- */

/* A pipeline stage. */
typedef struct cq_stage {
    cq_node_kind kind; /* SELECT, SORT, LIMIT, GROUP, COUNT, FILTER */
    const cq_node *node;
    int *cols; /* SELECT, SORT, GROUP: input column indexes */
    int *desc; /* SORT: 1 for descending, per key */
    int n_cols;
    cq_operand limit; /* LIMIT */
    cq_cond *cond;    /* FILTER: over the input's columns */
    int passthrough;  /* COUNT right after GROUP, which counted already */
    cq_shape shape;   /* the stage's output shape */
    cq_keep out;      /* SELECT, GROUP, COUNT: the cells of its output */
    cq_keep groups;   /* GROUP: its hash of groups */
    /* GROUP: the aggregates after it (`| max strength`), columns after
    ** count; TOP (`top N by COL per COLS`): N in limit, the per columns
    ** in cols, and the column ranked (aggregate.c) */
    struct cq_aggregate *aggs;
    int n_aggs;
    int top_col;
    int top_desc;
} cq_stage;

/* One aggregate of a group: max, min, sum or avg of an input column. */
typedef struct cq_aggregate {
    int op;   /* cq_agg_op: max, min, sum or avg */
    int col;  /* the input column */
    int type; /* its field type (confidence compares as ordered) */
} cq_aggregate;

struct cq_let;
struct cq_session;

typedef struct cq_plan cq_plan;
struct cq_plan {
    cq_node_kind kind;
    const cq_node *node; /* the query as written */
    cq_shape shape;      /* its output */
    cq_set a;            /* the first set: of, sources, show's clause, ... */
    cq_set b;            /* the second: targets, against, by */
    cq_set via;          /* correlate's pivots */
    int has_a;           /* `of` was written (clauses, terms) */
    int between;         /* gap/coverage between A and B */
    cq_cond *where;      /* NULL: every row */
    cq_operand operand;  /* term: the name; path: the hop limit */
    cq_plan *input;      /* PIPE: the query piped; CALL: the body */
    cq_plan *left;       /* SETOP */
    cq_plan *right;
    int setop;        /* cq_set_op */
    cq_stage *stages; /* PIPE */
    int n_stages;
    struct cq_let *table;     /* TABLE */
    int format;               /* FORMAT: the CONCORD_FORMAT_* chosen */
    cq_cond *assertion;       /* ASSERT */
    const char *message;      /* ASSERT: the message, or the condition's text */
    const cq_node *statement; /* LET, DEF, IMPORT: the statement */
    cq_plan *value;           /* LET: the query whose table is kept */
    /* Scratch kept from run to run (alloc.h): a base statement's edge
    ** lists, a pipeline's input table, a set operation's tables. */
    cq_keep keep[3];
    /* A base statement piped into `select` (set by cq_run_pipe): its rows
    ** are the selected slots, project[0..n_project), instead of its visible
    ** columns; slots in skip (bit i: slot i) need not be filled, as neither
    ** the selection nor its `where` reads them; each row kept also counts
    ** extra_ticks steps, the work of the copies it saves. */
    const int *project;
    int n_project;
    uint64_t skip;
    int extra_ticks;
    int narrowed_as;      /* a pipe: what narrow_input worked out for its input
                             (NARROW_* bits, compose.c), 0 before the first run */
    uint64_t where_slots; /* cq_cond_slots(where), made by the compiler */
    int where_fixed;      /* where reads no $parameter and no count: nothing
                             to prepare before a run (cq_cond_fixed) */
    /* How a run reads edges for its condition (cq_edge_plan_get): worked
    ** out at the first run, and kept unless its direction comparisons read
    ** a $parameter or a count, which alone could change it. */
    struct cq_edge_plan {
        int known;
        int flags_a, flags_b;    /* gather flags, for the two directions */
        const cq_cond *residual; /* what rows are still tested against */
    } edge_plan;
    /* gap and coverage (reach.h): the pivot sets of `via A then B`, one
    ** per hop but the last; `via any [max N]` (any_max: N, or a NULL
    ** value's default); the `with` condition on the composed correlation,
    ** over cq_shape_link(). */
    cq_set *hops;
    int n_hops;
    int via_any;
    cq_operand any_max;
    cq_cond *counting;
    int with_terms; /* clauses ... with terms (eval_terms.c) */
};

/* Is slot i of a row of plan to be filled? */
#define CQ_NEEDS(plan, i)                                                      \
    ((i) >= 64 || ((plan)->skip & (UINT64_C(1) << ((i)&63))) == 0)

/* Fill slot i with value when the plan reads it (value is not worked out
** otherwise): how a row makes only the fields its plan reads. */
#define CQ_FILL(plan, slots, i, value)                                         \
    do {                                                                       \
        if (CQ_NEEDS(plan, i))                                                 \
            (slots)[i] = (value);                                              \
    } while (0)

/* ---- compiling ----------------------------------------------------------- */

/* What compiling needs to know besides the tree. */
typedef struct cq_compile_ctx {
    const cq_graph *graph;
    cq_arena *arena; /* the plan's home */
    cq_error *err;
    struct cq_session *session; /* `let` tables and `def`s */
    const char *source;         /* the text locations count in */
    const char **params;        /* $parameter names met, in order */
    int n_params;
    int cap_params;
    /* open addressing, a power of two slots: per slot a name's hash and
    ** its index + 1 into params (0: empty) */
    struct cq_param_slot *param_hash;
    int cap_hash;
    const int *limits; /* CONCORD_LIMIT_* values, or NULL */
} cq_compile_ctx;

/*
** Compile stmt into *out.  Parameters met are appended to ctx->params (a
** name met again keeps its first index).  Errors: CONCORD_NOTFOUND
** (unknown standard, clause, term, field, table, definition: located, with
** suggestions), CONCORD_ERROR (a value of the wrong kind, an operator a
** field lacks, wrong arity, recursion, tables with different columns),
** CONCORD_TOOBIG (definitions calling each other too deep), CONCORD_NOMEM.
*/
int cq_compile(cq_compile_ctx *ctx, const cq_node *stmt, cq_plan **out);

/* ---- running ------------------------------------------------------------- */

/* The number an operand stands for in this run (a $parameter bound, a
** count(...) counted): a `limit`, `top` or `max` of a statement.
** Returns CONCORD_OK or the error of resolving it. */
int cq_operand_int(cq_run *run, const struct cq_operand *o, long long *out);

/*
** Run a query plan, appending its rows to table (initialised by the caller
** with the plan's visible columns).  Errors: CONCORD_NOMEM; for plans with
** parameters, what compiling reports for a bad value (located at the
** parameter); CONCORD_ERROR for an unbound parameter.
*/
int cq_execute(cq_plan *plan, cq_run *run, cq_table *table);

/* Resolve a set's parameters (a no-op without any): fill ranges and
** standards from the items and the bindings.  Errors as cq_execute. */
int cq_set_resolve(cq_set *set, cq_run *run);

/* The direction cond, one comparison `field = value` on the direction
** field in slot, asks for: 0 forward, 1 backward; -1 when cond (NULL too)
** is not such a comparison.  Parameters count once resolved. */
int cq_cond_direction(const cq_cond *cond, int slot);

/* The slots that cond reads (bit i: slot i); every bit when it reads a
** field computed from elsewhere.  0 for NULL. */
uint64_t cq_cond_slots(const cq_cond *cond);
int cq_cond_reads_slot(const cq_cond *cond, int slot);

/* Does text contain needle, ignoring ASCII case (what `~` tests)? */
int cq_text_contains(const char *text, const char *needle);

/* The text that cond requires the field in slot to contain (`field ~
** "text"`, at the top or in a conjunction, not negated), or NULL. */
const char *cq_cond_needle(const cq_cond *cond, int slot);

/*
** A search for one text in many, ignoring ASCII case as `~` does, made
** once per run.  Where the graph's string table has room past a string,
** it compares 16 bytes at a time.
*/
typedef struct cq_finder {
    char folded[256]; /* the needle, A-Z folded */
    size_t n;         /* its length */
    int usable;       /* 0: the needle is too long; test with cq_cond_test */
    int wide;         /* the processor has AVX2: 32 bytes at a time */
} cq_finder;

void cq_finder_init(cq_finder *f, const char *needle);

/* The first clause of [first, end) whose title contains f's needle, or
** end. */
cq_id cq_finder_next_title(const cq_finder *f, const cq_graph *g, cq_id first,
                           cq_id end);

/* Resolve the parameters and count(...)s of cond before it is tested. */
int cq_cond_prepare(cq_cond *cond, cq_run *run);

/* Does cond read neither a $parameter nor a count(...), so that
** cq_cond_prepare has nothing to do for it? */
int cq_cond_fixed(const cq_cond *cond);

/* Does the row (its slot values; term: the term the row is about, for
** relation(V)) satisfy cond?  slots may be NULL for conditions without
** fields (assert). */
int cq_cond_test(const cq_cond *cond, const cq_value *slots,
                 const cq_graph *graph, cq_id term);

/* Turn a value for field into the constant it compares as; used for
** values written in the query and for values bound to parameters.
** Errors as cq_compile. */
int cq_value_for_field(cq_compile_ctx *ctx, const cq_field *field,
                       const cq_node *value, cq_value *out);

#endif
