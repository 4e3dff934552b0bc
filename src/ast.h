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
**   statements
**     SHOW        a = REF (one clause)
**     CLAUSES     a = list of REF (standards or clause sets; NULL: all),
**                 b = condition or NULL
**     CORRELATE   a = list of REF (sources), b = list of REF (target
**                 standards), c = condition or NULL
**     GAP         a = REF (standard), b = REF (against), c = condition
**     COVERAGE    a = REF (of), b = REF (by)
**     TERMS       a = list of REF (vocabularies; NULL: all), b = condition
**     TERM        text = the term's name, a = the STRING or NAME node it
**                 was written as (for its location)
**     STANDARDS   (no slots)
**     FORMAT      text = the format name as written
**
**   references
**     REF         text = standard as written ("20000-1", "27001@2022"),
**                 text2 = clause number ("8.5.1", "A.12.1.2") or NULL for
**                 a whole standard; flag = 1 when written with `.*` (the
**                 clause and its descendants) or as `std:*` (text2 NULL)
**
**   conditions
**     AND, OR     a, b = operands
**     NOT         a = operand
**     CMP         op = CQ_OP_*, a = FIELD, b = value
**     IN          a = FIELD, b = list of values, flag = 1 for `not in`
**     MATCH       a = FIELD, b = STRING (the `~` operator), flag = 1
**                 for `!~`
**     FIELD       text = field name as written (case folded by the
**                 evaluator), a = REF argument or NULL (relation(27000))
**
**   values
**     STRING      text = the string with escapes resolved, num = length
**     INT         num = the value
**     NAME        text = a bare word (equal, C, high, yes, 9001)
**     REF         as above, when a clause reference stands as a value
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
    CQ_N_NAME
} cq_node_kind;

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
    cq_loc loc;         /* where the node's text is */
    cq_node *a, *b, *c; /* children, by kind (see above) */
    cq_node *next;      /* next element of a list */
    const char *text;   /* by kind */
    const char *text2;  /* by kind */
    long long num;      /* INT value, STRING length */
    int op;             /* cq_cmp_op for CMP */
    int flag;           /* by kind */
};

/* A new node of kind at loc, zero-filled otherwise; NULL on OOM. */
cq_node *cq_node_new(cq_arena *arena, cq_node_kind kind, const cq_loc *loc);

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
