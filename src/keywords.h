/*
** keywords.h -- the keywords of the query language: the one list.
**
** CQ_KEYWORDS(X) expands X(TOKEN, "word", uses) once a keyword, TOKEN
** being the parser's token (TOK_TOKEN) and uses an OR of the CQ_KW_*
** flags below.  Everything else that names keywords derives from it:
**
**   lexer.l     its keyword table, in this order (the order completion
**               offers them, complete.c through cq_lex_keyword); it also
**               checks at compile time that parser.y declares exactly these
**               keyword tokens, so a keyword missing here or there fails
**               the build
**   parser.y    "unknown statement 'X'; did you mean ...": CQ_KW_STATEMENT;
**               the expected-token lists: CQ_KW_COLUMN
**   compile.c   "no table named 'X'; did you mean ...": CQ_KW_TABLE
**
** The grammar still spells each keyword's rules (Bison needs the tokens):
** the keywords that are also column names are its one nonterminal colkw,
** which test_parse.c checks against CQ_KW_COLUMN.
**
** A new statement keyword: a line here, its %token in parser.y (where the
** expected lists should name it), and its rules.
*/
#ifndef CQ_KEYWORDS_H
#define CQ_KEYWORDS_H

#define CQ_KW_STATEMENT 1 /* starts a statement */
#define CQ_KW_TABLE 2     /* suggested for an unknown table name */
#define CQ_KW_COLUMN 4    /* also a column name (the grammar's colkw) */

/* A statement keyword that also starts a query a table name could be
** mistaken for.  `status` and `audit` start queries too, but the table
** suggestions have never offered them. */
#define CQ_KW_QUERY (CQ_KW_STATEMENT | CQ_KW_TABLE)

/* clang-format off */
#define CQ_KEYWORDS(X)                                                      \
    X(SHOW, "show", CQ_KW_QUERY)                                            \
    X(CLAUSES, "clauses", CQ_KW_QUERY | CQ_KW_COLUMN)                       \
    X(OF, "of", 0)                                                          \
    X(WHERE, "where", 0)                                                    \
    X(CORRELATE, "correlate", CQ_KW_QUERY)                                  \
    X(WITH, "with", 0)                                                      \
    X(GAP, "gap", CQ_KW_QUERY)                                              \
    X(AGAINST, "against", CQ_KW_COLUMN)                                     \
    X(COVERAGE, "coverage", CQ_KW_QUERY)                                    \
    X(BY, "by", CQ_KW_COLUMN)                                               \
    X(TERMS, "terms", CQ_KW_QUERY | CQ_KW_COLUMN)                           \
    X(TERM, "term", CQ_KW_QUERY | CQ_KW_COLUMN)                             \
    X(STANDARDS, "standards", CQ_KW_QUERY)                                  \
    X(FORMAT, "format", CQ_KW_STATEMENT)                                    \
    X(AND, "and", 0)                                                        \
    X(OR, "or", 0)                                                          \
    X(NOT, "not", 0)                                                        \
    X(IN, "in", 0)                                                          \
    X(VIA, "via", CQ_KW_COLUMN)                                             \
    X(PATH, "path", CQ_KW_QUERY | CQ_KW_COLUMN)                             \
    X(TO, "to", CQ_KW_COLUMN)                                               \
    X(MAX, "max", 0)                                                        \
    X(INTEGRATE, "integrate", CQ_KW_QUERY)                                  \
    X(COMMON, "common", CQ_KW_QUERY)                                        \
    X(CHECK, "check", CQ_KW_QUERY | CQ_KW_COLUMN)                           \
    X(LET, "let", CQ_KW_STATEMENT)                                          \
    X(DEF, "def", CQ_KW_STATEMENT)                                          \
    X(IMPORT, "import", CQ_KW_STATEMENT)                                    \
    X(ASSERT, "assert", CQ_KW_STATEMENT)                                    \
    X(BETWEEN, "between", 0)                                                \
    X(UNION, "union", 0)                                                    \
    X(INTERSECT, "intersect", 0)                                            \
    X(EXCEPT, "except", 0)                                                  \
    X(SELECT, "select", 0)                                                  \
    X(SORT, "sort", 0)                                                      \
    X(LIMIT, "limit", 0)                                                    \
    X(GROUP, "group", 0)                                                    \
    X(COUNT, "count", CQ_KW_COLUMN)                                         \
    X(DESC, "desc", 0)                                                      \
    X(ASC, "asc", 0)                                                        \
    X(AS, "as", 0)                                                          \
    X(STATUS, "status", CQ_KW_STATEMENT | CQ_KW_COLUMN)                     \
    X(READINESS, "readiness", CQ_KW_QUERY)                                  \
    X(WORKLIST, "worklist", CQ_KW_QUERY)                                    \
    X(SOA, "soa", CQ_KW_QUERY)                                              \
    X(AUDIT, "audit", CQ_KW_STATEMENT)                                      \
    X(FROM, "from", CQ_KW_COLUMN)                                           \
    X(THEN, "then", 0)                                                      \
    X(ANY, "any", 0)                                                        \
    X(MIN, "min", 0)                                                        \
    X(SUM, "sum", 0)                                                        \
    X(AVG, "avg", 0)                                                        \
    X(TOP, "top", 0)                                                        \
    X(PER, "per", 0)
/* clang-format on */

/* One constant a keyword, CQ_KWI_SHOW ..., and their number: a keyword
** listed twice does not compile. */
#define CQ_KW_INDEX_(tok, word, uses) CQ_KWI_##tok,
enum { CQ_KEYWORDS(CQ_KW_INDEX_) CQ_N_KEYWORDS };

#endif
