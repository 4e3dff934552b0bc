/*
** statements.h -- the statements of the query language: the one table.
**
** CQ_STATEMENTS(X) expands X(CLASS, KIND, "name", compile, run, shape)
** once a statement kind, as jq's opcode_list.h lists its opcodes:
**
**   CLASS    QUERY: yields a table (it can be piped, combined, named by
**            `let`); STATEMENT: changes the handle instead (format, let,
**            def, import, assert, status) and is run by api.c
**   KIND     the syntax tree's kind: CQ_N_KIND (ast.h)
**   name     its name in messages and tree dumps (cq_node_kind_name)
**   compile  compile.c's function that fills the plan from the tree:
**            static int compile(compiler *, const cq_node *, cq_plan *)
**   run      QUERY: int run(runner *) (eval_core.h), the evaluator's worker;
**            STATEMENT: int run(concord_stmt *, cq_run *) (db.h)
**   shape    const cq_shape *shape(void) (plan.h): the row shape the
**            plan starts with; cq_shape_none when the compiler makes the
**            shape (integrate, pipelines) or the statement has no rows
**
** Everything else that lists statements derives from this table: the
** kinds' enum and names (ast.h, ast.c), the prototypes of the run and
** shape functions (eval_core.h, db.h, plan.h), the compiler's dispatch
** (compile.c), the evaluator's (eval.c) and api.c's, the shape each plan
** starts with (cq_shape_for, fields.c).  A row with a column missing does
** not compile; a function it names and nobody defines does not link (a
** compile function: `used but never defined`); tests/unit/test_parse.c
** checks that every kind has its name and every query its compiler and
** worker.
**
** A new statement: its grammar rule in parser.y (with its keyword in
** keywords.h if the word is new), a row here, and its worker -- with its
** shape next to it, defined with CQ_SHAPE_DEFINE (rowshape.h).  A
** statement whose sets and condition compile as `gap`'s do (of, targets,
** where) names compile_sets_where; one that needs more adds its compile
** function to compile.c.
**
** The order is the kinds' order (CQ_N_SHOW is 1); nothing depends on it.
*/
#ifndef CQ_STATEMENTS_H
#define CQ_STATEMENTS_H

/* clang-format off */
#define CQ_STATEMENTS(X)                                                      \
    X(QUERY, SHOW, "show", compile_show, cq_run_show, cq_shape_show)          \
    X(QUERY, CLAUSES, "clauses", compile_clauses, cq_run_clauses,             \
      cq_shape_clauses)                                                       \
    X(QUERY, CORRELATE, "correlate", compile_correlate, cq_run_correlate,     \
      cq_shape_correlate)                                                     \
    X(QUERY, GAP, "gap", compile_reach, cq_run_gap, cq_shape_gap)             \
    X(QUERY, COVERAGE, "coverage", compile_reach, cq_run_coverage,            \
      cq_shape_coverage)                                                      \
    X(QUERY, TERMS, "terms", compile_terms, cq_run_terms, cq_shape_terms)     \
    X(QUERY, TERM, "term", compile_term, cq_run_term, cq_shape_term)          \
    X(QUERY, STANDARDS, "standards", compile_nothing, cq_run_standards,       \
      cq_shape_standards)                                                     \
    X(STATEMENT, FORMAT, "format", compile_format, cq_stmt_format,            \
      cq_shape_none)                                                          \
    X(QUERY, PATH, "path", compile_path, cq_run_path, cq_shape_path)          \
    X(QUERY, INTEGRATE, "integrate", compile_views, cq_run_integrate,         \
      cq_shape_none)                                                          \
    X(QUERY, COMMON, "common", compile_views, cq_run_common, cq_shape_none)   \
    X(QUERY, CHECK, "check", compile_nothing, cq_run_check, cq_shape_check)   \
    X(QUERY, SETOP, "setop", compile_setop, cq_run_setop, cq_shape_none)      \
    X(QUERY, PIPE, "pipe", compile_pipe, cq_run_pipe, cq_shape_none)          \
    X(QUERY, TABLE, "table", compile_table, cq_run_table, cq_shape_none)      \
    X(QUERY, CALL, "call", compile_call, cq_run_call, cq_shape_none)          \
    X(STATEMENT, LET, "let", compile_let, cq_stmt_let, cq_shape_none)         \
    X(STATEMENT, DEF, "def", compile_nothing, cq_stmt_def, cq_shape_none)     \
    X(STATEMENT, IMPORT, "import", compile_nothing, cq_stmt_import,           \
      cq_shape_none)                                                          \
    X(STATEMENT, ASSERT, "assert", compile_assert, cq_stmt_assert,            \
      cq_shape_none)                                                          \
    X(STATEMENT, STATUS, "status", compile_nothing, cq_stmt_status,           \
      cq_shape_none)                                                          \
    X(QUERY, STATUS_OF, "status of", compile_status_query, cq_run_status,     \
      cq_shape_status_of)                                                     \
    X(QUERY, READINESS, "readiness", compile_status_query, cq_run_status,     \
      cq_shape_readiness)                                                     \
    X(QUERY, WORKLIST, "worklist", compile_status_query, cq_run_status,       \
      cq_shape_worklist)                                                      \
    X(QUERY, SOA, "soa", compile_status_query, cq_run_status, cq_shape_soa)   \
    X(QUERY, AUDIT, "audit plan", compile_status_query, cq_run_status,        \
      cq_shape_audit)
/* clang-format on */

/* What a class is, for the code that expands only one class's rows:
** CQ_STMT_QUERY_ONLY_##CLASS(text) is text for a query and nothing for a
** statement, CQ_STMT_STATEMENT_ONLY_##CLASS the reverse.  A class spelt
** otherwise expands to nothing defined, and the build fails there. */
#define CQ_STMT_IS_QUERY_QUERY 1
#define CQ_STMT_IS_QUERY_STATEMENT 0
#define CQ_STMT_QUERY_ONLY_QUERY(...) __VA_ARGS__
#define CQ_STMT_QUERY_ONLY_STATEMENT(...)
#define CQ_STMT_STATEMENT_ONLY_QUERY(...)
#define CQ_STMT_STATEMENT_ONLY_STATEMENT(...) __VA_ARGS__

/* One constant a statement, counting from 1 as the kinds do (ast.h):
** CQ_N_STATEMENT_END is the first kind that is not a statement, the size
** of the arrays indexed by a statement's kind.  A kind listed twice does
** not compile. */
#define CQ_STMT_INDEX_(cls, kind, name, compile, run, shape) CQ_STMT_I_##kind,
enum { CQ_STMT_I_NONE_, CQ_STATEMENTS(CQ_STMT_INDEX_) CQ_STMT_I_END_ };
#define CQ_N_STATEMENT_END ((int)CQ_STMT_I_END_)

#endif
