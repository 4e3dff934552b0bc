/*
** ast.h -- the syntax tree the parser builds and the evaluator reads.
**
** One node type with a kind tag keeps the grammar actions short and lets
** later statements (pipelines, set operations, definitions) reuse the same
** shape.  Its children and flags have names, each with one meaning in
** every kind that has it (`where` is always a condition, `of` always the
** first set), as SQLite's Select has pWhere and pGroupBy; names no kind
** uses together share storage (anonymous unions), and child[] is every
** child slot for the code that walks them all (cq_node_copy).  Nodes and
** their strings live in the statement's arena: nothing here is freed on
** its own.  The statements' kinds and names come from the table of
** statements (statements.h); the other kinds from CQ_NODE_KINDS below.
**
** Fields by kind (unused fields are NULL / 0):
**
**   queries (each yields a table; statements are queries or the kinds
**   further down)
**     SHOW        of = REF (one clause or one standard)
**     CLAUSES     of = list of REF (standards or clause sets; NULL: all),
**                 where; with_terms = 1 for `with terms`
**     CORRELATE   of = list of REF (sources), targets = list of REF,
**                 where; via = list of REF (`via P`: the pivots of one
**                 hop) or route = ROUTE (`via A then B`, `via any`)
**     GAP         of = REF, targets = REF (against), where, route = ROUTE
**                 or NULL; between = 1 for `gap between A and B`
**     COVERAGE    of = REF, targets = REF (by), route = ROUTE or NULL;
**                 between = 1 for `between`
**     ROUTE       hops = list of HOP (`via A then B`) or NULL; via_any = 1
**                 for `via any` with limit = INT or PARAM (its max) or
**                 NULL; with = the `with` condition or NULL
**     HOP         via = list of REF (one hop's pivots)
**     TERMS       of = list of REF (vocabularies; NULL: all), where
**     TERM        text = the term's name, value = the STRING, NAME or
**                 PARAM node it was written as
**     STANDARDS   (no fields)
**     PATH        of = REF (from), targets = REF (to), limit = INT or
**                 PARAM (the hop limit) or NULL, route = ROUTE or NULL
**     INTEGRATE   of = list of REF (standards), route = ROUTE or NULL
**     COMMON      of = list of REF (standards), route = ROUTE or NULL
**     CHECK       (no fields)
**     SETOP       op = cq_set_op, left and right = queries
**     PIPE        query = the query piped, stages = list of stages
**     TABLE       text = the name of a `let` table
**     CALL        text = the name of a `def`, args = list of values
**
**   pipeline stages (in a PIPE's stages)
**     SELECT      columns = list of NAME, each with alias = the name
**                 given with `as`, or NULL
**     SORT        columns = list of NAME, each with order =
**                 CQ_ORDER_DESC, CQ_ORDER_ASC (written out) or 0
**     LIMIT       limit = INT or PARAM
**     GROUP       columns = list of NAME
**     COUNT       (no fields)
**     FILTER      where (`| where ...`)
**     AGG         column = NAME, op = cq_agg_op
**     TOP         limit = INT or PARAM (N), column = NAME (order
**                 CQ_ORDER_ASC: the least first), columns = list of NAME
**                 (`per`) or NULL
**
**   other statements
**     FORMAT      text = the format name as written
**     LET         text = the table's name, query
**     DEF         text = the name, params = list of NAME (maybe NULL),
**                 query = the body
**     IMPORT      text = the file name, value = its STRING node
**     ASSERT      where, text = message or NULL, value = the message's
**                 STRING node or NULL
**
**   references
**     REF         text = standard as written ("20000-1", "27001@2022") --
**                 or a name (a `let` table, a `def` parameter) --, clause
**                 = clause number ("8.5.1", "A.12.1.2") or NULL for a whole
**                 standard; subtree = 1 when written with `.*` (the clause
**                 and its descendants) or as `std:*` (clause NULL)
**     PARAM       text = the parameter's name without `$` (also a value);
**                 subtree = 1 when written `$name.*` (then a reference
**                 only: the subtree of each clause the value names)
**
**   conditions
**     AND, OR     left, right = operands
**     NOT         operand
**     CMP         op = cq_cmp_op, lhs = FIELD or COUNTQ, rhs = value
**     IN          lhs = FIELD, rhs = list of values, negate = 1 for
**                 `not in`
**     MATCH       lhs = FIELD, rhs = STRING or PARAM (the `~` operator),
**                 negate = 1 for `!~`
**     FIELD       text = field name as written (case folded by the
**                 evaluator), arg = REF argument or NULL (relation(27000))
**
**   values
**     STRING      text = the string with escapes resolved, num = length
**     INT         num = the value, text = the digits as written
**     NAME        text = a bare word (equal, C, high, yes, 9001)
**     REF         as above, when a clause reference stands as a value
**     PARAM       as above
**     COUNTQ      query: the number of its rows (`count(query)`)
**
**   the status layer (status.h)
**     STATUS      text = the file name, value = its STRING node
**     STATUS_OF   of = list of REF, where = condition on the links or NULL
**     READINESS,  of = REF (the standard), targets = list of REF (from),
**     WORKLIST    where = condition on the links or NULL
**     SOA         of = REF (the standard), targets = list of REF (with)
**     AUDIT       of = list of REF (the standards of `audit plan`)
**
** Lists are chained through `next`.
*/
#ifndef CQ_AST_H
#define CQ_AST_H

#include "arena.h"
#include "error.h"
#include "statements.h"

/* The kinds that are not statements (statements.h lists those), each
** with its name for messages and tree dumps (cq_node_kind_name). */
/* clang-format off */
#define CQ_NODE_KINDS(X)                                                      \
    X(REF, "ref")                                                             \
    X(AND, "and")                                                             \
    X(OR, "or")                                                               \
    X(NOT, "not")                                                             \
    X(CMP, "cmp")                                                             \
    X(IN, "in")                                                               \
    X(MATCH, "match")                                                         \
    X(FIELD, "field")                                                         \
    X(STRING, "string")                                                       \
    X(INT, "int")                                                             \
    X(NAME, "name")                                                           \
    X(SELECT, "select")                                                       \
    X(SORT, "sort")                                                           \
    X(LIMIT, "limit")                                                         \
    X(GROUP, "group")                                                         \
    X(COUNT, "count")                                                         \
    X(FILTER, "where")                                                        \
    X(PARAM, "param")                                                         \
    X(COUNTQ, "count-of")                                                     \
    X(ROUTE, "route")                                                         \
    X(HOP, "hop")                                                             \
    X(AGG, "aggregate")                                                       \
    X(TOP, "top")
/* clang-format on */

/* The statements first (from 1, in statements.h's order), then the rest:
** a kind below CQ_N_STATEMENT_END is a statement. */
#define CQ_N_STATEMENT_KIND_(cls, kind, name, compile, run, shape) CQ_N_##kind,
#define CQ_N_OTHER_KIND_(kind, name) CQ_N_##kind,
typedef enum cq_node_kind {
    CQ_N_NONE, /* no node's: a zero-filled plan or stage has no kind */
    CQ_STATEMENTS(CQ_N_STATEMENT_KIND_) CQ_NODE_KINDS(CQ_N_OTHER_KIND_)
} cq_node_kind;
_Static_assert((int)CQ_N_REF == CQ_N_STATEMENT_END,
               "the statements are the kinds from 1 to CQ_N_STATEMENT_END");
/* CQ_N_KIND_END: one past the last kind. */
#define CQ_N_OTHER_INDEX_(kind, name) CQ_N_I_##kind,
enum { CQ_NODE_KINDS(CQ_N_OTHER_INDEX_) CQ_N_I_END_ };
#define CQ_N_KIND_END (CQ_N_STATEMENT_END + (int)CQ_N_I_END_)

typedef enum cq_set_op {
    CQ_SET_UNION = 1,
    CQ_SET_INTERSECT,
    CQ_SET_EXCEPT
} cq_set_op;

/* A NAME's order in `sort by` and `top ... by`: 0 when not written. */
typedef enum cq_sort_order {
    CQ_ORDER_DESC = 1,
    CQ_ORDER_ASC /* written out: `top` ranks the least first then */
} cq_sort_order;

/* AGG: the aggregate of a group's column. */
typedef enum cq_agg_op {
    CQ_AGG_MAX = 1,
    CQ_AGG_MIN,
    CQ_AGG_SUM,
    CQ_AGG_AVG
} cq_agg_op;

typedef enum cq_cmp_op {
    CQ_OP_EQ = 1, /* =  */
    CQ_OP_NE,     /* != and <> */
    CQ_OP_LT,     /* <  */
    CQ_OP_LE,     /* <= */
    CQ_OP_GT,     /* >  */
    CQ_OP_GE      /* >= */
} cq_cmp_op;

typedef struct cq_node cq_node;

#define CQ_NODE_CHILDREN 5 /* the child slots a node has (child[]) */

struct cq_node {
    cq_node_kind kind;
    cq_loc loc; /* where the node's text is */
    /* The children, by name: each name means one thing in every kind that
    ** has it (see the top of this file for which kinds do).  Names no kind
    ** uses together share a slot; child[] is every slot, for the code that
    ** walks all children (cq_node_copy) whatever the kind. */
    union {
        cq_node *child[CQ_NODE_CHILDREN];
        struct {
            union {
                cq_node *of;      /* a statement's first set */
                cq_node *hops;    /* ROUTE: list of HOP */
                cq_node *value;   /* the node a name or file was written as */
                cq_node *params;  /* DEF: list of NAME */
                cq_node *stages;  /* PIPE: list of stages */
                cq_node *left;    /* SETOP, AND, OR: the first operand */
                cq_node *operand; /* NOT */
                cq_node *lhs;     /* CMP, IN, MATCH: FIELD or COUNTQ */
                cq_node *columns; /* SELECT, SORT, GROUP; TOP: `per` */
                cq_node *arg;     /* FIELD: relation(REF) */
                cq_node *args;    /* CALL: list of values */
            };
            union {
                cq_node *targets; /* a statement's second set */
                cq_node *with;    /* ROUTE: `with` condition */
                cq_node *query;   /* LET, DEF (body), PIPE (input), COUNTQ */
                cq_node *right;   /* SETOP, AND, OR: the second operand */
                cq_node *rhs;     /* CMP, MATCH: value; IN: list of values */
                cq_node *column;  /* AGG, TOP: NAME */
            };
            cq_node *where; /* a condition: statements, FILTER, ASSERT */
            union {
                cq_node *via;   /* CORRELATE (one hop), HOP: list of REF */
                cq_node *limit; /* PATH, LIMIT, TOP, ROUTE: INT or PARAM */
            };
            cq_node *route; /* CORRELATE, GAP, COVERAGE, COMMON, INTEGRATE,
                               PATH: ROUTE */
        };
    };
    cq_node *next;    /* next element of a list */
    const char *text; /* by kind */
    union {
        const char *clause; /* REF: the clause number, or NULL */
        const char *alias;  /* NAME in SELECT: the name given with `as` */
    };
    long long num;      /* INT value, STRING length, SETOP and PIPE height */
    int op;             /* CMP: cq_cmp_op; SETOP: cq_set_op; AGG: cq_agg_op */
    union {             /* one yes/no or choice, by kind */
        int with_terms; /* CLAUSES: `with terms` */
        int between;    /* GAP, COVERAGE: `between A and B` */
        int via_any;    /* ROUTE: `via any` */
        int subtree;    /* REF: `.*` or `std:*`; PARAM: `$name.*` */
        int negate;     /* IN: `not in`; MATCH: `!~` */
        int order;      /* NAME in SORT and TOP: cq_sort_order, or 0 */
    };
};

/* A new node of kind at loc, zero-filled otherwise; NULL on OOM. */
cq_node *cq_node_new(cq_arena *arena, cq_node_kind kind, const cq_loc *loc);

/* A deep copy of the tree at node (its lists included) in arena, for
** definitions that outlive the statement that made them; NULL on OOM (or
** when node is NULL). */
cq_node *cq_node_copy(cq_arena *arena, const cq_node *node);

/* Append item to the list whose head is list; returns the head. */
cq_node *cq_node_append(cq_node *list, cq_node *item);

/* The name of a node kind for messages and debugging ("correlate"). */
const char *cq_node_kind_name(cq_node_kind kind);

/* The operator as written ("=", "<=", ...). */
const char *cq_cmp_op_name(int op);

/* Write the tree as an S-expression into buf (for tests and debugging):
** (correlate (ref "20000-1" "8.5.1") (ref "27001")). */
struct cq_buf;
int cq_node_dump(const cq_node *node, struct cq_buf *buf);

#endif
