/*
** ast.h -- the syntax tree the parser builds and the evaluator reads.
**
** One node type with a kind tag and a few generic slots keeps the grammar
** actions short and lets later statements (pipelines, set operations,
** definitions) reuse the same shape.  Nodes and their strings live in the
** statement's arena: nothing here is freed on its own.
**
** Slot use by kind (unused slots are NULL / 0):
**
**   queries (each yields a table; statements are queries or the kinds
**   further down)
**     SHOW        a = REF (one clause or one standard)
**     CLAUSES     a = list of REF (standards or clause sets; NULL: all),
**                 b = condition or NULL; flag = 1 for `with terms`
**     CORRELATE   a = list of REF (sources), b = list of REF (targets),
**                 c = condition or NULL, d = list of REF (`via` pivot
**                 standards) or NULL
**     GAP         a = REF, b = REF (against), c = condition; flag = 1 for
**                 `gap between A and B` (both directions); d = ROUTE or
**                 NULL
**     COVERAGE    a = REF (of), b = REF (by); flag = 1 for `between`; d =
**                 ROUTE or NULL
**     ROUTE       a = list of HOP (`via A then B`) or NULL, flag = 1 for
**                 `via any` with c = INT or PARAM (its max) or NULL; b =
**                 the `with` condition or NULL
**     HOP         a = list of REF (one hop's pivots)
**     TERMS       a = list of REF (vocabularies; NULL: all), b = condition
**     TERM        text = the term's name, a = the STRING, NAME or PARAM
**                 node it was written as
**     STANDARDS   (no slots)
**     PATH        a = REF (from), b = REF (to), c = INT or PARAM (the hop
**                 limit) or NULL
**     INTEGRATE   a = list of REF (standards)
**     COMMON      a = list of REF (standards), d = ROUTE or NULL
**     CHECK       (no slots)
**     SETOP       op = cq_set_op, a and b = queries
**     PIPE        a = query, b = list of stages
**     TABLE       text = the name of a `let` table
**     CALL        text = the name of a `def`, a = list of argument values
**
**   pipeline stages (in a PIPE's b list)
**     SELECT      a = list of NAME (columns), each with text2 = the name
**                 given with `as`, or NULL
**     SORT        a = list of NAME (columns), each with flag = 1 for desc
**                 (2 for an explicit asc)
**     LIMIT       a = INT or PARAM
**     GROUP       a = list of NAME (columns)
**     COUNT       (no slots)
**     FILTER      a = condition (`| where ...`)
**     AGG         a = NAME (the column), op = 1 max, 2 min, 3 sum, 4 avg
**     TOP         a = INT or PARAM (N), b = NAME (the column; flag 2 for
**                 asc, else descending), c = list of NAME (`per`) or NULL
**
**   other statements
**     FORMAT      text = the format name as written
**     LET         text = the table's name, a = query
**     DEF         text = the name, a = list of NAME (parameters, maybe
**                 NULL), b = query
**     IMPORT      text = the file name, a = its STRING node
**     ASSERT      a = condition, text = message or NULL, b = the message's
**                 STRING node or NULL
**
**   references
**     REF         text = standard as written ("20000-1", "27001@2022") --
**                 or a name (a `let` table, a `def` parameter) --, text2 =
**                 clause number ("8.5.1", "A.12.1.2") or NULL for a whole
**                 standard; flag = 1 when written with `.*` (the clause and
**                 its descendants) or as `std:*` (text2 NULL)
**     PARAM       text = the parameter's name without `$` (also a value)
**
**   conditions
**     AND, OR     a, b = operands
**     NOT         a = operand
**     CMP         op = cq_cmp_op, a = FIELD or COUNTQ, b = value
**     IN          a = FIELD, b = list of values, flag = 1 for `not in`
**     MATCH       a = FIELD, b = STRING or PARAM (the `~` operator),
**                 flag = 1 for `!~`
**     FIELD       text = field name as written (case folded by the
**                 evaluator), a = REF argument or NULL (relation(27000))
**
**   values
**     STRING      text = the string with escapes resolved, num = length
**     INT         num = the value, text = the digits as written
**     NAME        text = a bare word (equal, C, high, yes, 9001)
**     REF         as above, when a clause reference stands as a value
**     PARAM       as above
**     COUNTQ      a = query: the number of its rows (`count(query)`)
**
** Lists are chained through `next`.
*/
#ifndef CQ_AST_H
#define CQ_AST_H

#include "arena.h"
#include "error.h"

typedef enum cq_node_kind {
    CQ_N_SHOW = 1,
    CQ_N_CLAUSES,
    CQ_N_CORRELATE,
    CQ_N_GAP,
    CQ_N_COVERAGE,
    CQ_N_TERMS,
    CQ_N_TERM,
    CQ_N_STANDARDS,
    CQ_N_FORMAT,
    CQ_N_REF,
    CQ_N_AND,
    CQ_N_OR,
    CQ_N_NOT,
    CQ_N_CMP,
    CQ_N_IN,
    CQ_N_MATCH,
    CQ_N_FIELD,
    CQ_N_STRING,
    CQ_N_INT,
    CQ_N_NAME,
    CQ_N_PATH,
    CQ_N_INTEGRATE,
    CQ_N_COMMON,
    CQ_N_CHECK,
    CQ_N_SETOP,
    CQ_N_PIPE,
    CQ_N_TABLE,
    CQ_N_CALL,
    CQ_N_SELECT,
    CQ_N_SORT,
    CQ_N_LIMIT,
    CQ_N_GROUP,
    CQ_N_COUNT,
    CQ_N_FILTER,
    CQ_N_LET,
    CQ_N_DEF,
    CQ_N_IMPORT,
    CQ_N_ASSERT,
    CQ_N_PARAM,
    CQ_N_COUNTQ,
    /* the status layer (status.h) */
    CQ_N_STATUS,    /* text = the file name, a = its STRING node */
    CQ_N_STATUS_OF, /* a = list of REF, b = condition on the links or NULL */
    CQ_N_READINESS, /* a = REF (the standard), b = list of REF (from),
                       c = condition on the links or NULL */
    CQ_N_WORKLIST,  /* as READINESS */
    CQ_N_SOA,       /* a = REF (the standard), b = list of REF (with) */
    CQ_N_AUDIT,     /* a = list of REF (the standards of `audit plan`) */
    CQ_N_ROUTE,
    CQ_N_HOP,
    CQ_N_AGG,
    CQ_N_TOP
} cq_node_kind;

typedef enum cq_set_op {
    CQ_SET_UNION = 1,
    CQ_SET_INTERSECT,
    CQ_SET_EXCEPT
} cq_set_op;

typedef enum cq_cmp_op {
    CQ_OP_EQ = 1, /* =  */
    CQ_OP_NE,     /* != and <> */
    CQ_OP_LT,     /* <  */
    CQ_OP_LE,     /* <= */
    CQ_OP_GT,     /* >  */
    CQ_OP_GE      /* >= */
} cq_cmp_op;

typedef struct cq_node cq_node;
struct cq_node {
    cq_node_kind kind;
    cq_loc loc;             /* where the node's text is */
    cq_node *a, *b, *c, *d; /* children, by kind (see above) */
    cq_node *next;          /* next element of a list */
    const char *text;       /* by kind */
    const char *text2;      /* by kind */
    long long num;          /* INT value, STRING length */
    int op;                 /* cq_cmp_op for CMP */
    int flag;               /* by kind */
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
