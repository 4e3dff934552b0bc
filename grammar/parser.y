/*
** parser.y -- the grammar of the concord query language.
**
** A pure Bison parser over the reentrant scanner of lexer.l.  One call
** parses one statement: the start rule accepts right after the statement's
** ';' (a default reduction, so no token after it is read) or at the end of
** the text.  Lone ';' before a statement are skipped.  Nodes come from the
** statement's arena (src/ast.h says which slot holds what); nothing is
** freed here, so no %destructor is needed.
**
** Limits: more than p->max_nesting open parentheses, a pending chain of
** more than CQ_MAX_DEPTH 'not's, or a condition tree deeper than
** CQ_MAX_DEPTH stop the parse with CONCORD_TOOBIG at the token that crosses
** the limit, so the parser's stack (and any recursion over the tree) stays
** small however hostile the text.
**
** Errors: syntax errors are written by yyreport_syntax_error below, in the
** form  syntax error, unexpected 'X', expected 'a', 'b' or 'c'  (see the
** comment there).  Allocation failures end the parse through YYNOMEM with
** p->nomem set; the driver then reports CONCORD_NOMEM.
*/

%require "3.8"
%define api.pure full
%define api.prefix {cq_yy}
%define api.token.prefix {TOK_}
%define api.location.type {cq_loc}
%define api.header.include {"parser.h"}
%define parse.error custom
%define parse.lac full
%locations
%expect 0

%lex-param   {yyscan_t scanner}
%parse-param {yyscan_t scanner} {cq_parser *p}

%code requires {
#include "ast.h"
#include "error.h"

typedef struct cq_parser cq_parser;
#ifndef YY_TYPEDEF_YY_SCANNER_T
#define YY_TYPEDEF_YY_SCANNER_T
typedef void *yyscan_t;
#endif

/* A condition under construction and the height of its tree. */
typedef struct cq_yy_cond {
    cq_node *node;
    int depth;
} cq_yy_cond;

/* A list under construction: its head and its last element (so that
** appending stays O(1)). */
typedef struct cq_yy_list {
    cq_node *head;
    cq_node *last;
} cq_yy_list;
}

%code provides {
/* The names flex's bison-bridge expects. */
#define YYSTYPE CQ_YYSTYPE
#define YYLTYPE CQ_YYLTYPE
}

%code {
#include <string.h>

#include "keywords.h"
#include "lex.h"
#include "lexer.h"
#include "parse.h"
#include "suggest.h"

/*
** Bison's stacks grow through YYMALLOC/YYFREE, expanded in two places: in
** yyparse, where the parse parameter `p` is in scope and the blocks are
** tracked like flex's (a longjmp out of the scanner cannot leak them), and
** in yy_lac_stack_realloc, where it is not and `p` names the null constant
** below, for which cq_parse_block_alloc always fails.  That second stack
** (LAC's exploratory one) only grows over chains of empty reductions; this
** grammar has no chain longer than two, well inside its initial capacity
** of 20.  Were it ever to grow, the failure ends the parse as "statement
** too complex" (CONCORD_TOOBIG), not as a false out-of-memory.  A constant
** rather than a variable: no mutable state outside the cq_parser.
*/
static cq_parser *const p = NULL;
#define YYMALLOC(n) cq_parse_block_alloc(p, (n))
#define YYFREE(ptr) cq_parse_block_free(p, (ptr))

/* Locations: the span from the first to the last symbol; an empty rule
** gets an empty span just after the previous symbol. */
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                         \
    do {                                                                    \
        if (N) {                                                            \
            (Cur).first_line = YYRHSLOC(Rhs, 1).first_line;                 \
            (Cur).first_column = YYRHSLOC(Rhs, 1).first_column;             \
            (Cur).start = YYRHSLOC(Rhs, 1).start;                           \
            (Cur).last_line = YYRHSLOC(Rhs, N).last_line;                   \
            (Cur).last_column = YYRHSLOC(Rhs, N).last_column;               \
            (Cur).end = YYRHSLOC(Rhs, N).end;                               \
        } else {                                                            \
            (Cur).first_line = (Cur).last_line = YYRHSLOC(Rhs, 0).last_line; \
            (Cur).first_column = (Cur).last_column =                        \
                YYRHSLOC(Rhs, 0).last_column;                               \
            (Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;                 \
        }                                                                   \
    } while (0)

static void cq_yyerror(const cq_loc *loc, yyscan_t scanner, cq_parser *p,
                       const char *msg);

/* A new node into var, or end the parse as out of memory. */
#define NODE(var, kind, loc)                                                \
    do {                                                                    \
        (var) = cq_node_new(p->arena, (kind), &(loc));                      \
        if ((var) == NULL) {                                                \
            p->nomem = 1;                                                   \
            YYNOMEM;                                                        \
        }                                                                   \
    } while (0)

/* Record a limit error at loc and stop. */
#define TOO_DEEP(loc, ...)                                                  \
    do {                                                                    \
        cq_parse_fail(p, CONCORD_TOOBIG, &(loc), __VA_ARGS__);              \
        YYABORT;                                                            \
    } while (0)

/* A flat chain (`a or b or ...`) is as deep as it is long: not nesting to
** whoever wrote it, so the message says how it is counted, and what to
** write instead of a long `or` of one field's values. */
#define DEPTH_MESSAGE                                                       \
    "condition too deep (more than %d levels of 'and', 'or' and 'not', "    \
    "each of a chain of them a level; for many values of one field use "    \
    "in (...))"

/* The height of a query's tree of set operations and pipelines (kept in
** their num): what compiling, running, printing and copying it recurse
** over. */
static int cq_yy_height(const cq_node *q)
{
    return q->kind == CQ_N_SETOP || q->kind == CQ_N_PIPE ? (int)q->num : 0;
}

/* A set operation of l and r into var; past CQ_MAX_OPERANDS levels the
** parse stops at the operator (at), so no walk over the tree is deeper. */
#define SETOP(var, setop, l, r, at, loc)                                    \
    do {                                                                    \
        int h_ = 1 + (cq_yy_height(l) > cq_yy_height(r) ? cq_yy_height(l)  \
                                                        : cq_yy_height(r)); \
        if (h_ > CQ_MAX_OPERANDS)                                           \
            TOO_DEEP(at,                                                    \
                     "too many operands of union, intersect and except "    \
                     "(limit %d)",                                          \
                     CQ_MAX_OPERANDS);                                      \
        NODE(var, CQ_N_SETOP, loc);                                         \
        (var)->op = (setop);                                                \
        (var)->left = (l);                                                  \
        (var)->right = (r);                                                 \
        (var)->num = h_;                                                    \
    } while (0)

/* An aggregate stage (`| max strength`) of column into var. */
#define AGG(var, agg, column_name, loc)                                     \
    do {                                                                    \
        NODE(var, CQ_N_AGG, loc);                                           \
        (var)->op = (agg);                                                  \
        (var)->column = (column_name);                                      \
    } while (0)

/* A token's node used as a reference to a standard (9001, hls, 20000-1 or
** "a string"): same text, now a REF. */
static cq_node *cq_yy_as_ref(cq_node *n)
{
    n->kind = CQ_N_REF;
    n->num = 0;
    return n;
}

/* A NAME node spelling the keyword at loc as written (`to`, `count`), for
** keywords that are also column names; NULL (nomem set) on OOM. */
static cq_node *cq_yy_keyword_name(cq_parser *p, const cq_loc *loc)
{
    cq_node *n = cq_node_new(p->arena, CQ_N_NAME, loc);
    if (n == NULL ||
        (n->text = cq_arena_strndup(p->arena, p->text + loc->start,
                                    (size_t)(loc->end - loc->start))) ==
            NULL) {
        p->nomem = 1;
        return NULL;
    }
    return n;
}

/* The ROUTE node of gap or coverage (route NULL: direct) with its `with`
** condition; NULL when there is neither, or when memory ran out
** (route is then NULL too and cond not). */
static cq_node *cq_yy_route(cq_parser *p, cq_node *route, cq_node *cond,
                            const cq_loc *loc)
{
    if (route == NULL && cond == NULL)
        return NULL;
    if (route == NULL) {
        route = cq_node_new(p->arena, CQ_N_ROUTE, loc);
        if (route == NULL) {
            p->nomem = 1;
            return NULL;
        }
    }
    route->with = cond;
    return route;
}

static cq_yy_list cq_yy_list_of(cq_node *n)
{
    cq_yy_list l = {n, n};
    return l;
}

static cq_yy_list cq_yy_list_add(cq_yy_list l, cq_node *n)
{
    l.last->next = n;
    l.last = n;
    return l;
}
}

%union {
    cq_node *node;
    cq_yy_cond cond;
    cq_yy_list list;
    int op;
}

/* Keywords (any case), in the order expected-token lists name them: first,
** before SEMI, and each also in the one list, src/keywords.h (lexer.l
** checks that at compile time). */
%token SHOW "'show'" CLAUSES "'clauses'" CORRELATE "'correlate'"
       GAP "'gap'" COVERAGE "'coverage'" TERMS "'terms'" TERM "'term'"
       STANDARDS "'standards'" PATH "'path'" INTEGRATE "'integrate'"
       COMMON "'common'" CHECK "'check'" LET "'let'" DEF "'def'"
       IMPORT "'import'" ASSERT "'assert'" FORMAT "'format'"
       STATUS "'status'" READINESS "'readiness'" WORKLIST "'worklist'"
       SOA "'soa'" AUDIT "'audit'" FROM "'from'"
       OF "'of'" WITH "'with'" VIA "'via'" AGAINST "'against'"
       BETWEEN "'between'" BY "'by'" TO "'to'"
       WHERE "'where'" AND "'and'" OR "'or'" NOT "'not'" IN "'in'"
       UNION "'union'" INTERSECT "'intersect'" EXCEPT "'except'"
       SELECT "'select'" SORT "'sort'" LIMIT "'limit'" GROUP "'group'"
       COUNT "'count'" DESC "'desc'" ASC "'asc'" AS "'as'"
       THEN "'then'" ANY "'any'" MAX "'max'"
       MIN "'min'" SUM "'sum'" AVG "'avg'" TOP "'top'" PER "'per'"
%token SEMI "';'" COMMA "','" LPAREN "'('" RPAREN "')'" PIPE "'|'"
       EQ "'='" NE "'!='" LT "'<'" LE "'<='" GT "'>'" GE "'>='"
       MATCH "'~'" NMATCH "'!~'"
%token <node> CLAUSE "clause reference" WORD "standard" IDENT "identifier"
              INT "number" STRING "string" PARAM "parameter"
/* A clause number without its standard (8.5.1): no rule takes it, so the
** error can say what is missing. */
%token DOTTED "clause number"

%type <node> matchval
%type <node> status_stmt status_query
%type <list> opt_with_refs
%type <node> stmt query setexpr primary stage ref standard termname field
             colname argname value countq intval opt_max sortkey selitem
             opt_route
%type <list> refs values opt_of opt_args params opt_params colnames
             hops opt_per
             selitems
             sortkeys stages
%type <cond> cond opt_where pred opt_with opt_counting
%type <op> cmpop

%left UNION EXCEPT
%left INTERSECT
%left OR
%left AND
%precedence NOT

%initial-action {
    @$.first_line = @$.last_line = p->line;
    @$.first_column = @$.last_column = p->column;
    @$.start = @$.end = (int)p->pos;
}

%%

input
    : skip              { p->result = NULL; p->tail = p->len; }
    | skip stmt         { p->result = $2; p->tail = p->len; }
    | skip stmt SEMI    {
                            p->result = $2;
                            p->tail = (size_t)@3.end;
                            YYACCEPT;
                        }
    ;

skip
    : %empty
    | skip SEMI
    ;

stmt
    : query             { $$ = $1; }
    | LET IDENT EQ query {
                            NODE($$, CQ_N_LET, @$);
                            $$->text = $2->text;
                            $$->query = $4;
                        }
    | DEF IDENT LPAREN opt_params RPAREN EQ query {
                            NODE($$, CQ_N_DEF, @$);
                            $$->text = $2->text;
                            $$->params = $4.head;
                            $$->query = $7;
                        }
    | IMPORT STRING     {
                            NODE($$, CQ_N_IMPORT, @$);
                            $$->text = $2->text;
                            $$->value = $2;
                        }
    | ASSERT cond       { NODE($$, CQ_N_ASSERT, @$); $$->where = $2.node; }
    | ASSERT cond COMMA STRING {
                            NODE($$, CQ_N_ASSERT, @$);
                            $$->where = $2.node;
                            $$->text = $4->text;
                            $$->value = $4;
                        }
    | FORMAT IDENT      { NODE($$, CQ_N_FORMAT, @$); $$->text = $2->text; }
    | status_stmt       { $$ = $1; }
    ;

/* A pipeline applies to the whole set expression before it:
** `a union b | count` counts the union. */
query
    : setexpr           { $$ = $1; }
    | setexpr stages    {
                            NODE($$, CQ_N_PIPE, @$);
                            $$->query = $1;
                            $$->stages = $2.head;
                            $$->num = cq_yy_height($1) + 1;
                        }
    ;

/* The stages of one pipeline, appended in O(1) each (a left-recursive
** list with its last element at hand, not a walk down the list). */
stages
    : PIPE stage        { $$ = cq_yy_list_of($2); }
    | stages PIPE stage { $$ = cq_yy_list_add($1, $3); }
    ;

setexpr
    : primary           { $$ = $1; }
    | setexpr UNION setexpr {
                            SETOP($$, CQ_SET_UNION, $1, $3, @2, @$);
                        }
    | setexpr EXCEPT setexpr {
                            SETOP($$, CQ_SET_EXCEPT, $1, $3, @2, @$);
                        }
    | setexpr INTERSECT setexpr {
                            SETOP($$, CQ_SET_INTERSECT, $1, $3, @2, @$);
                        }
    ;

primary
    : SHOW ref          { NODE($$, CQ_N_SHOW, @$); $$->of = $2; }
    | CLAUSES opt_of opt_where {
                            NODE($$, CQ_N_CLAUSES, @$);
                            $$->of = $2.head;
                            $$->where = $3.node;
                        }
    | CLAUSES opt_of WHERE cond WITH TERMS {
                            /* titles searched with the vocabularies' linked
                            ** terms too (eval_terms.c) */
                            NODE($$, CQ_N_CLAUSES, @$);
                            $$->of = $2.head;
                            $$->where = $4.node;
                            $$->with_terms = 1;
                        }
    | CLAUSES IN LPAREN refs RPAREN opt_where {
                            /* a literal list of keys: `clauses of` them */
                            NODE($$, CQ_N_CLAUSES, @$);
                            $$->of = $4.head;
                            $$->where = $6.node;
                        }
    | CORRELATE refs WITH refs opt_where {
                            NODE($$, CQ_N_CORRELATE, @$);
                            $$->of = $2.head;
                            $$->targets = $4.head;
                            $$->where = $5.node;
                        }
    | CORRELATE refs WITH refs VIA hops opt_where {
                            NODE($$, CQ_N_CORRELATE, @$);
                            $$->of = $2.head;
                            $$->targets = $4.head;
                            $$->where = $7.node;
                            if ($6.head->next == NULL) {
                                $$->via = $6.head->via; /* one pivot hop */
                            } else {
                                NODE($$->route, CQ_N_ROUTE, @5);
                                $$->route->hops = $6.head;
                            }
                        }
    | CORRELATE refs WITH refs VIA ANY opt_max opt_where {
                            NODE($$, CQ_N_CORRELATE, @$);
                            $$->of = $2.head;
                            $$->targets = $4.head;
                            $$->where = $8.node;
                            NODE($$->route, CQ_N_ROUTE, @5);
                            $$->route->via_any = 1;
                            $$->route->limit = $7;
                        }
    | GAP refs AGAINST refs opt_route opt_with opt_where {
                            NODE($$, CQ_N_GAP, @$);
                            $$->of = $2.head;
                            $$->targets = $4.head;
                            $$->where = $7.node;
                            $$->route = cq_yy_route(p, $5, $6.node, &@$);
                            if ($$->route == NULL && ($5 || $6.node)) YYNOMEM;
                        }
    | GAP BETWEEN ref AND ref opt_route opt_with opt_where {
                            NODE($$, CQ_N_GAP, @$);
                            $$->of = $3;
                            $$->targets = $5;
                            $$->where = $8.node;
                            $$->between = 1;
                            $$->route = cq_yy_route(p, $6, $7.node, &@$);
                            if ($$->route == NULL && ($6 || $7.node)) YYNOMEM;
                        }
    | COVERAGE OF refs BY refs opt_route opt_counting {
                            NODE($$, CQ_N_COVERAGE, @$);
                            $$->of = $3.head;
                            $$->targets = $5.head;
                            $$->route = cq_yy_route(p, $6, $7.node, &@$);
                            if ($$->route == NULL && ($6 || $7.node)) YYNOMEM;
                        }
    | COVERAGE BETWEEN ref AND ref opt_route opt_counting {
                            NODE($$, CQ_N_COVERAGE, @$);
                            $$->of = $3;
                            $$->targets = $5;
                            $$->between = 1;
                            $$->route = cq_yy_route(p, $6, $7.node, &@$);
                            if ($$->route == NULL && ($6 || $7.node)) YYNOMEM;
                        }
    | TERMS opt_of opt_where {
                            NODE($$, CQ_N_TERMS, @$);
                            $$->of = $2.head;
                            $$->where = $3.node;
                        }
    | TERM termname     {
                            NODE($$, CQ_N_TERM, @$);
                            $$->text = $2->text;
                            $$->value = $2;
                        }
    | STANDARDS         { NODE($$, CQ_N_STANDARDS, @$); }
    | PATH ref TO ref opt_max opt_route opt_with {
                            NODE($$, CQ_N_PATH, @$);
                            $$->of = $2;
                            $$->targets = $4;
                            $$->limit = $5;
                            $$->route = cq_yy_route(p, $6, $7.node, &@$);
                            if ($$->route == NULL && ($6 || $7.node)) YYNOMEM;
                        }
    | INTEGRATE refs opt_route opt_with {
                            NODE($$, CQ_N_INTEGRATE, @$);
                            $$->of = $2.head;
                            $$->route = cq_yy_route(p, $3, $4.node, &@$);
                            if ($$->route == NULL && ($3 || $4.node)) YYNOMEM;
                        }
    | COMMON refs opt_route opt_with {
                            NODE($$, CQ_N_COMMON, @$);
                            $$->of = $2.head;
                            $$->route = cq_yy_route(p, $3, $4.node, &@$);
                            if ($$->route == NULL && ($3 || $4.node)) YYNOMEM;
                        }
    | CHECK             { NODE($$, CQ_N_CHECK, @$); }
    | status_query      { $$ = $1; }
    | IDENT LPAREN opt_args RPAREN {
                            NODE($$, CQ_N_CALL, @$);
                            $$->text = $1->text;
                            $$->args = $3.head;
                        }
    | IDENT             {
                            NODE($$, CQ_N_TABLE, @$);
                            $$->text = $1->text;
                        }
    | lparen query RPAREN {
                            p->nesting--;
                            $$ = $2;
                        }
    ;

stage
    : SELECT selitems   { NODE($$, CQ_N_SELECT, @$); $$->columns = $2.head; }
    | SORT BY sortkeys  { NODE($$, CQ_N_SORT, @$); $$->columns = $3.head; }
    | LIMIT intval      { NODE($$, CQ_N_LIMIT, @$); $$->limit = $2; }
    | GROUP BY colnames { NODE($$, CQ_N_GROUP, @$); $$->columns = $3.head; }
    | COUNT             { NODE($$, CQ_N_COUNT, @$); }
    | WHERE cond        { NODE($$, CQ_N_FILTER, @$); $$->where = $2.node; }
    | MAX colname       { AGG($$, CQ_AGG_MAX, $2, @$); }
    | MIN colname       { AGG($$, CQ_AGG_MIN, $2, @$); }
    | SUM colname       { AGG($$, CQ_AGG_SUM, $2, @$); }
    | AVG colname       { AGG($$, CQ_AGG_AVG, $2, @$); }
    | TOP intval BY sortkey opt_per {
                            NODE($$, CQ_N_TOP, @$);
                            $$->limit = $2;
                            $$->column = $4;
                            $$->columns = $5.head;
                        }
    ;

/* `top N by COL per COL, ...`: the groups the rows are ranked in */
opt_per
    : %empty            { $$.head = $$.last = NULL; }
    | PER colnames      { $$ = $2; }
    ;

sortkeys
    : sortkey           { $$ = cq_yy_list_of($1); }
    | sortkeys COMMA sortkey { $$ = cq_yy_list_add($1, $3); }
    ;

sortkey
    : colname           { $$ = $1; }
    | colname ASC       { $$ = $1; $$->order = CQ_ORDER_ASC; }
    | colname DESC      { $$ = $1; $$->order = CQ_ORDER_DESC; }
    ;

/* select a, b as c: a NAME with its alias the new name */
selitems
    : selitem           { $$ = cq_yy_list_of($1); }
    | selitems COMMA selitem { $$ = cq_yy_list_add($1, $3); }
    ;

selitem
    : colname           { $$ = $1; }
    | colname AS colname { $$ = $1; $$->alias = $3->text; }
    ;

colnames
    : colname           { $$ = cq_yy_list_of($1); }
    | colnames COMMA colname { $$ = cq_yy_list_add($1, $3); }
    ;

/* A column or field name: an identifier, a keyword that is also a column
** name (colkw), or any name in quotes ("20000-1").  Always a fresh NAME
** node, so that lists can chain them. */
colname
    : IDENT             { $$ = $1; }
    | colkw             { $$ = cq_yy_keyword_name(p, &@1); if (!$$) YYNOMEM; }
    | STRING            {
                            /* a quoted name: columns named after standards
                            ** ("20000-1") are not identifiers */
                            $$ = $1;
                            $$->kind = CQ_N_NAME;
                        }
    ;

/* The keywords that are also column names: those with CQ_KW_COLUMN in
** src/keywords.h (test_parse.c checks the two agree), as SQLite's
** %fallback lets keywords be identifiers. */
colkw
    : TERM | TO | COUNT | BY | VIA | PATH | CHECK | CLAUSES | TERMS
    | AGAINST | STATUS | FROM
    ;

intval
    : INT               { $$ = $1; }
    | PARAM             { $$ = $1; }
    ;

opt_max
    : %empty            { $$ = NULL; }
    | MAX intval        { $$ = $2; }
    ;

/* The route of gap and coverage: `via A, B` (one hop through a pivot),
** `via A then B` (a hop into each in turn), `via any [max N]` (through any
** clauses); NULL when direct.  A ROUTE node, its hops HOP nodes. */
opt_route
    : %empty            { $$ = NULL; }
    | VIA hops          {
                            NODE($$, CQ_N_ROUTE, @$);
                            $$->hops = $2.head;
                        }
    | VIA ANY opt_max   {
                            NODE($$, CQ_N_ROUTE, @$);
                            $$->via_any = 1;
                            $$->limit = $3;
                        }
    ;

hops
    : refs              {
                            cq_node *h;
                            NODE(h, CQ_N_HOP, @1);
                            h->via = $1.head;
                            $$ = cq_yy_list_of(h);
                        }
    | hops THEN refs    {
                            cq_node *h;
                            NODE(h, CQ_N_HOP, @3);
                            h->via = $3.head;
                            $$ = cq_yy_list_add($1, h);
                        }
    ;

/* gap and coverage: which correlations count (`with strength >= 6`);
** coverage, whose rows a condition has no use for, also spells it
** `where`. */
opt_with
    : %empty            { $$.node = NULL; $$.depth = 0; }
    | WITH cond         { $$ = $2; }
    ;

opt_counting
    : opt_with          { $$ = $1; }
    | WHERE cond        { $$ = $2; }
    ;

opt_args
    : %empty            { $$.head = $$.last = NULL; }
    | values            { $$ = $1; }
    ;

opt_params
    : %empty            { $$.head = $$.last = NULL; }
    | params            { $$ = $1; }
    ;

params
    : IDENT             { $$ = cq_yy_list_of($1); }
    | params COMMA IDENT { $$ = cq_yy_list_add($1, $3); }
    ;

termname
    : STRING            { $$ = $1; }
    | IDENT             { $$ = $1; }
    | AUDIT             {
                            /* `term audit`: the word is a term too */
                            $$ = cq_yy_keyword_name(p, &@1);
                            if (!$$) YYNOMEM;
                        }
    | WORD              { $$ = $1; }
    | PARAM             { $$ = $1; }
    ;

opt_of
    : %empty            { $$.head = $$.last = NULL; }
    | OF refs           { $$ = $2; }
    ;

opt_where
    : %empty            { $$.node = NULL; $$.depth = 0; }
    | WHERE cond        { $$ = $2; }
    ;

refs
    : ref               { $$ = cq_yy_list_of($1); }
    | refs COMMA ref    { $$ = cq_yy_list_add($1, $3); }
    ;

ref
    : CLAUSE            { $$ = $1; }
    | standard          { $$ = $1; }
    | PARAM             { $$ = $1; }
    ;

standard
    : WORD              { $$ = cq_yy_as_ref($1); }
    | INT               { $$ = cq_yy_as_ref($1); }
    | IDENT             { $$ = cq_yy_as_ref($1); }
    | STRING            { $$ = cq_yy_as_ref($1); }
    ;

cond
    : cond OR cond      {
                            int d = 1 + ($1.depth > $3.depth ? $1.depth
                                                             : $3.depth);
                            if (d > CQ_MAX_DEPTH)
                                TOO_DEEP(@2, DEPTH_MESSAGE, CQ_MAX_DEPTH);
                            NODE($$.node, CQ_N_OR, @$);
                            $$.node->left = $1.node;
                            $$.node->right = $3.node;
                            $$.depth = d;
                        }
    | cond AND cond     {
                            int d = 1 + ($1.depth > $3.depth ? $1.depth
                                                             : $3.depth);
                            if (d > CQ_MAX_DEPTH)
                                TOO_DEEP(@2, DEPTH_MESSAGE, CQ_MAX_DEPTH);
                            NODE($$.node, CQ_N_AND, @$);
                            $$.node->left = $1.node;
                            $$.node->right = $3.node;
                            $$.depth = d;
                        }
    | not cond %prec NOT {
                            p->nots--;
                            if ($2.depth + 1 > CQ_MAX_DEPTH)
                                TOO_DEEP(@1, DEPTH_MESSAGE, CQ_MAX_DEPTH);
                            NODE($$.node, CQ_N_NOT, @$);
                            $$.node->operand = $2.node;
                            $$.depth = $2.depth + 1;
                        }
    | lparen cond RPAREN {
                            p->nesting--;
                            $$ = $2;
                        }
    | pred              { $$ = $1; }
    ;

/* Counted as soon as they are read (a default reduction), so a long run
** of them stops at the limit before the stack grows any further. */
not
    : NOT               {
                            if (++p->nots > CQ_MAX_DEPTH)
                                TOO_DEEP(@1, DEPTH_MESSAGE, CQ_MAX_DEPTH);
                        }
    ;

lparen
    : LPAREN            {
                            if (++p->nesting > p->max_nesting)
                                TOO_DEEP(@1,
                                         "nesting too deep (more than %d "
                                         "levels of parentheses: the "
                                         "nesting limit)",
                                         p->max_nesting);
                        }
    ;

pred
    : countq cmpop value {
                            NODE($$.node, CQ_N_CMP, @$);
                            $$.node->op = $2;
                            $$.node->lhs = $1;
                            $$.node->rhs = $3;
                            $$.depth = 1;
                        }
    | field cmpop value {
                            NODE($$.node, CQ_N_CMP, @$);
                            $$.node->op = $2;
                            $$.node->lhs = $1;
                            $$.node->rhs = $3;
                            $$.depth = 1;
                        }
    | field MATCH matchval {
                            NODE($$.node, CQ_N_MATCH, @$);
                            $$.node->lhs = $1;
                            $$.node->rhs = $3;
                            $$.depth = 1;
                        }
    | field NMATCH matchval {
                            NODE($$.node, CQ_N_MATCH, @$);
                            $$.node->lhs = $1;
                            $$.node->rhs = $3;
                            $$.node->negate = 1;
                            $$.depth = 1;
                        }
    | field IN LPAREN values RPAREN {
                            NODE($$.node, CQ_N_IN, @$);
                            $$.node->lhs = $1;
                            $$.node->rhs = $4.head;
                            $$.depth = 1;
                        }
    | field NOT IN LPAREN values RPAREN {
                            NODE($$.node, CQ_N_IN, @$);
                            $$.node->lhs = $1;
                            $$.node->rhs = $5.head;
                            $$.node->negate = 1;
                            $$.depth = 1;
                        }
    ;

cmpop
    : EQ                { $$ = CQ_OP_EQ; }
    | NE                { $$ = CQ_OP_NE; }
    | LT                { $$ = CQ_OP_LT; }
    | LE                { $$ = CQ_OP_LE; }
    | GT                { $$ = CQ_OP_GT; }
    | GE                { $$ = CQ_OP_GE; }
    ;

field
    : colname           {
                            NODE($$, CQ_N_FIELD, @$);
                            $$->text = $1->text;
                        }
    | argname LPAREN ref RPAREN {
                            NODE($$, CQ_N_FIELD, @$);
                            $$->text = $1->text;
                            $$->arg = $3;
                        }
    ;

/* Fields that take an argument: relation(27000).  Not `count`, so that
** count(...) is always the number of a query's rows. */
argname
    : IDENT             { $$ = $1; }
    | TERM              { $$ = cq_yy_keyword_name(p, &@1); if (!$$) YYNOMEM; }
    ;

matchval
    : STRING
    | PARAM
    ;

countq
    : COUNT lparen query RPAREN {
                            p->nesting--;
                            NODE($$, CQ_N_COUNTQ, @$);
                            $$->query = $3;
                        }
    ;

values
    : value             { $$ = cq_yy_list_of($1); }
    | values COMMA value { $$ = cq_yy_list_add($1, $3); }
    ;

value
    : STRING            { $$ = $1; }
    | INT               { $$ = $1; }
    | IDENT             { $$ = $1; }
    | AUDIT             { $$ = cq_yy_keyword_name(p, &@1); if (!$$) YYNOMEM; }
    | WORD              { $$ = $1; }
    | CLAUSE            { $$ = $1; }
    | PARAM             { $$ = $1; }
    | countq            { $$ = $1; }
    ;

/* ---- the status layer (src/status.h, src/eval_status.c) ------------------
** `status "FILE"` loads a status file; the queries read what was loaded.
** `audit plan`: `plan` is not a keyword, so it stays free as a name. */
status_stmt
    : STATUS STRING     {
                            NODE($$, CQ_N_STATUS, @$);
                            $$->text = $2->text;
                            $$->value = $2;
                        }
    ;

status_query
    : STATUS OF refs opt_where {
                            NODE($$, CQ_N_STATUS_OF, @$);
                            $$->of = $3.head;
                            $$->where = $4.node;
                        }
    | READINESS OF ref FROM refs opt_where {
                            NODE($$, CQ_N_READINESS, @$);
                            $$->of = $3;
                            $$->targets = $5.head;
                            $$->where = $6.node;
                        }
    | WORKLIST OF ref FROM refs opt_where {
                            NODE($$, CQ_N_WORKLIST, @$);
                            $$->of = $3;
                            $$->targets = $5.head;
                            $$->where = $6.node;
                        }
    | SOA ref opt_with_refs {
                            NODE($$, CQ_N_SOA, @$);
                            $$->of = $2;
                            $$->targets = $3.head;
                        }
    | AUDIT IDENT refs  {
                            if (strcmp($2->text, "plan") != 0) {
                                cq_parse_fail(p, CONCORD_SYNTAX, &@2,
                                              "syntax error, unexpected "
                                              "'%.40s', expected 'plan' (audit "
                                              "plan STANDARDS)",
                                              $2->text);
                                YYABORT;
                            }
                            NODE($$, CQ_N_AUDIT, @$);
                            $$->of = $3.head;
                        }
    ;

opt_with_refs
    : %empty            { $$.head = $$.last = NULL; }
    | WITH refs         { $$ = $2; }
    ;

%%

/* Bison calls this only for "memory exhausted": an allocation failed
** (nomem is set; the driver reports it) or the stack reached YYMAXDEPTH,
** which the limits above should make impossible. */
static void cq_yyerror(const cq_loc *loc, yyscan_t scanner, cq_parser *p,
                       const char *msg)
{
    (void)scanner;
    (void)msg;
    if (p->nomem || p->code != CONCORD_OK)
        return;
    cq_parse_fail(p, CONCORD_TOOBIG, loc, "statement too complex to parse");
}

/*
** Syntax error messages.
**
**   syntax error, unexpected THING[, expected LIST][; did you mean 'kw'?]
**
** THING is the offending token as written in single quotes ('width',
** '20000-1:8.5.1', ';'), `string "..."` for a string (as written, quotes
** included), or `end of input`; more than CQ_YY_SHOW bytes are cut to
** fewer with "...".  LIST names what could have come instead (found with
** LAC, so it is exact): keywords and punctuation in single quotes, token
** classes by a noun, de-duplicated, in the order
**
**   field, clause reference, standard, value, identifier, number, string,
**   parameter, operator, keywords (declaration order), '(', ')', ',', ';',
**   end of input
**
** at most five, then "...", joined as 'a', 'b' or 'c'.  The nouns:
** `clause reference or standard` where a reference goes (any standard-like
** token is a standard there), `value` after a comparison or inside in
** (...), `field` where a condition starts (an identifier or 'term'),
** `operator` for the comparisons and ~ !~.  ',' is named only when nothing
** else could come: a list can always go on, and "expected ',' or 'with'"
** hides the point.  For the same reason 'union', 'intersect' and 'except'
** (and '|', never named) are left out where the statement could end.  When the offending token is a word close to a keyword
** in a list of several, "; did you mean 'kw'?" follows.
**
** A clause number without its standard gets its own message:
**   syntax error, unexpected clause number '8.5.1' (a clause needs its
**   standard, as in 20000-1:8.5.1)
*/
#define CQ_YY_SHOW 40
#define CQ_YY_MAX_EXPECTED 5

enum {
    CQ_YY_R_FIELD = 1,
    CQ_YY_R_CLAUSE,
    CQ_YY_R_STANDARD,
    CQ_YY_R_VALUE,
    CQ_YY_R_IDENT,
    CQ_YY_R_NUMBER,
    CQ_YY_R_STRING,
    CQ_YY_R_PARAM,
    CQ_YY_R_OPERATOR,
    CQ_YY_R_KEYWORD, /* + the keyword's position */
    CQ_YY_R_LPAREN = CQ_YY_R_KEYWORD + 100,
    CQ_YY_R_RPAREN,
    CQ_YY_R_COMMA,
    CQ_YY_R_SEMI,
    CQ_YY_R_END
};

static const char *const cq_yy_nouns[] = {
    [CQ_YY_R_FIELD] = "field",
    [CQ_YY_R_CLAUSE] = "clause reference",
    [CQ_YY_R_STANDARD] = "standard",
    [CQ_YY_R_VALUE] = "value",
    [CQ_YY_R_IDENT] = "identifier",
    [CQ_YY_R_NUMBER] = "number",
    [CQ_YY_R_STRING] = "string",
    [CQ_YY_R_PARAM] = "parameter",
    [CQ_YY_R_OPERATOR] = "operator",
};

/* Is the parser where a value goes (after a comparison, inside in (...))?
** Told by the symbols on top of its stack. */
static int cq_yy_value_context(const yypcontext_t *ctx)
{
    const yy_state_t *top = ctx->yyssp;
    yysymbol_kind_t last = YY_ACCESSING_SYMBOL(top[0]);
    if (last == YYSYMBOL_cmpop)
        return 1;
    if (last != YYSYMBOL_LPAREN && last != YYSYMBOL_COMMA)
        return 0;
    yysymbol_kind_t before = YY_ACCESSING_SYMBOL(top[-1]);
    return (last == YYSYMBOL_LPAREN && before == YYSYMBOL_IN) ||
           (last == YYSYMBOL_COMMA && before == YYSYMBOL_values);
}

/* Is sym a keyword?  Keywords are declared first, SHOW to AS. */
static int cq_yy_is_keyword(yysymbol_kind_t sym)
{
    return sym >= YYSYMBOL_SHOW && sym <= YYSYMBOL_AS;
}

/* Is sym a keyword that is also a column name (CQ_KW_COLUMN)? */
static int cq_yy_is_column_keyword(yysymbol_kind_t sym)
{
#define CQ_YY_COLUMN_(tok, word, uses) [YYSYMBOL_##tok] = (uses)&CQ_KW_COLUMN,
    static const unsigned char column[YYNTOKENS] = {
        CQ_KEYWORDS(CQ_YY_COLUMN_)};
#undef CQ_YY_COLUMN_
    return sym >= 0 && sym < YYNTOKENS && column[sym];
}

/* Is the parser where a field or column name goes?  Then an identifier and
** the keywords that are also column names (`term`, `to`) are all expected,
** which no other place expects together. */
static int cq_yy_field_context(const char *seen)
{
    return seen[YYSYMBOL_IDENT] && seen[YYSYMBOL_TERM] && seen[YYSYMBOL_TO];
}

/* The rank (see above) under which the expected token sym is listed, or 0
** when another entry covers it. */
static int cq_yy_rank(yysymbol_kind_t sym, const char *seen, int value_ctx)
{
    switch (sym) {
    case YYSYMBOL_CLAUSE:
        return value_ctx ? CQ_YY_R_VALUE : CQ_YY_R_CLAUSE;
    case YYSYMBOL_WORD:
    case YYSYMBOL_INT:
    case YYSYMBOL_IDENT:
    case YYSYMBOL_STRING:
        if (value_ctx)
            return CQ_YY_R_VALUE;
        if (seen[YYSYMBOL_CLAUSE])
            return CQ_YY_R_STANDARD;
        if (sym == YYSYMBOL_IDENT)
            return cq_yy_field_context(seen) ? CQ_YY_R_FIELD : CQ_YY_R_IDENT;
        if (sym == YYSYMBOL_STRING && cq_yy_field_context(seen))
            return 0; /* a quoted field name: "field" says it */
        return sym == YYSYMBOL_WORD  ? CQ_YY_R_STANDARD
               : sym == YYSYMBOL_INT ? CQ_YY_R_NUMBER
                                     : CQ_YY_R_STRING;
    case YYSYMBOL_PARAM:
        /* where a reference goes, "clause reference or standard" says it */
        return value_ctx            ? CQ_YY_R_VALUE
               : seen[YYSYMBOL_CLAUSE] ? 0
                                       : CQ_YY_R_PARAM;
    case YYSYMBOL_AUDIT:
        /* also a value and a term's name (`term audit`), where "value"
        ** and "identifier" say it; a keyword where a statement starts */
        return value_ctx            ? CQ_YY_R_VALUE
               : seen[YYSYMBOL_SHOW] ? CQ_YY_R_KEYWORD + sym
                                     : 0;
    case YYSYMBOL_EQ:
    case YYSYMBOL_NE:
    case YYSYMBOL_LT:
    case YYSYMBOL_LE:
    case YYSYMBOL_GT:
    case YYSYMBOL_GE:
    case YYSYMBOL_MATCH:
    case YYSYMBOL_NMATCH:
        return CQ_YY_R_OPERATOR;
    case YYSYMBOL_UNION:
    case YYSYMBOL_INTERSECT:
    case YYSYMBOL_EXCEPT:
        /* a finished query could go on with these, but where it could
        ** also end, "expected ';'" is the point */
        return seen[YYSYMBOL_SEMI] || seen[YYSYMBOL_YYEOF]
                   ? 0
                   : CQ_YY_R_KEYWORD + sym;
    case YYSYMBOL_LPAREN:
        return CQ_YY_R_LPAREN;
    case YYSYMBOL_RPAREN:
        return CQ_YY_R_RPAREN;
    case YYSYMBOL_COMMA:
        return CQ_YY_R_COMMA;
    case YYSYMBOL_SEMI:
        return CQ_YY_R_SEMI;
    case YYSYMBOL_YYEOF:
        return CQ_YY_R_END;
    default:
        if (cq_yy_is_column_keyword(sym)) {
            /* where a field goes, these are field names, covered by
            ** "field"; where a value goes, count(...) is one */
            if (sym == YYSYMBOL_COUNT && value_ctx)
                return CQ_YY_R_VALUE;
            return cq_yy_field_context(seen) ? 0 : CQ_YY_R_KEYWORD + sym;
        }
        return cq_yy_is_keyword(sym) ? CQ_YY_R_KEYWORD + sym : 0;
    }
}

/* Append what rank r stands for to buf. */
static void cq_yy_put_rank(cq_buf *buf, int r)
{
    if (r < CQ_YY_R_KEYWORD) {
        cq_buf_puts(buf, cq_yy_nouns[r]);
    } else if (r == CQ_YY_R_END) {
        cq_buf_puts(buf, "end of input");
    } else {
        /* keywords and punctuation: Bison's name is the quoted text */
        yysymbol_kind_t sym = r == CQ_YY_R_LPAREN   ? YYSYMBOL_LPAREN
                              : r == CQ_YY_R_RPAREN ? YYSYMBOL_RPAREN
                              : r == CQ_YY_R_COMMA  ? YYSYMBOL_COMMA
                              : r == CQ_YY_R_SEMI
                                  ? YYSYMBOL_SEMI
                                  : (yysymbol_kind_t)(r - CQ_YY_R_KEYWORD);
        cq_buf_puts(buf, yysymbol_name(sym));
    }
}

/* Append the source text of the token at loc, cut to CQ_YY_SHOW bytes
** (never inside a UTF-8 sequence). */
static void cq_yy_put_text(cq_buf *buf, const cq_parser *p, const cq_loc *loc)
{
    const char *s = p->text + loc->start;
    size_t n = (size_t)(loc->end - loc->start);
    if (n <= CQ_YY_SHOW) {
        cq_buf_append(buf, s, n);
        return;
    }
    n = CQ_YY_SHOW - 3;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    cq_buf_append(buf, s, n);
    cq_buf_puts(buf, "...");
}

/* If the identifier on top of the stack (the one before the latest when
** the lookahead is an identifier too) is close to a keyword that starts a
** statement, report it as a misspelt statement and return 1. */
static int cq_yy_unknown_statement(cq_parser *p, int lookahead_is_ident)
{
    const char *word = lookahead_is_ident ? p->prev_ident : p->last_ident;
    const cq_loc *loc =
        lookahead_is_ident ? &p->prev_ident_loc : &p->last_ident_loc;
    if (word == NULL)
        return 0;
    cq_suggest sug;
    cq_suggest_init(&sug, word, strlen(word));
    const char *kw;
    for (size_t i = 0; (kw = cq_lex_keyword(i)) != NULL; i++)
        if (cq_lex_keyword_uses(i) & CQ_KW_STATEMENT)
            cq_suggest_offer(&sug, kw, strlen(kw));
    if (sug.n == 0)
        return 0;
    cq_buf buf;
    cq_buf_init(&buf, p->alloc);
    cq_buf_printf(&buf, "syntax error, unknown statement '%s'", word);
    cq_suggest_write(&sug, &buf, "; ", "'");
    if (buf.failed)
        p->nomem = 1;
    else
        cq_parse_fail(p, CONCORD_SYNTAX, loc, "%s", cq_buf_str(&buf));
    cq_buf_free(&buf);
    return 1;
}

static int yyreport_syntax_error(const yypcontext_t *ctx, yyscan_t scanner,
                                 cq_parser *p)
{
    (void)scanner;
    yysymbol_kind_t tok = yypcontext_token(ctx);
    const cq_loc *loc = yypcontext_location(ctx);
    const char *s = p->text + loc->start;
    int n = loc->end - loc->start;
    if (tok == YYSYMBOL_YYEOF)
        p->incomplete = 1;
    if (tok == YYSYMBOL_DOTTED) {
        if (n > CQ_YY_SHOW)
            n = CQ_YY_SHOW;
        cq_parse_fail(p, CONCORD_SYNTAX, loc,
                      "syntax error, unexpected clause number '%.*s' (a "
                      "clause needs its standard, as in 20000-1:%.*s)",
                      n, s, n, s);
        return 0;
    }

    /* A statement that starts with a word the parser took for a table
    ** name: when the word is close to a statement's keyword, that is the
    ** likelier slip (`corelate x`). */
    if (YY_ACCESSING_SYMBOL(ctx->yyssp[0]) == YYSYMBOL_IDENT &&
        YY_ACCESSING_SYMBOL(ctx->yyssp[-1]) == YYSYMBOL_skip &&
        cq_yy_unknown_statement(p, tok == YYSYMBOL_IDENT))
        return 0;

    yysymbol_kind_t expected[YYNTOKENS];
    int count = yypcontext_expected_tokens(ctx, expected, YYNTOKENS);
    if (count < 0)
        return count; /* YYENOMEM: reported as "memory exhausted" */

    /* The ranks to list, each once, in order. */
    char seen[YYNTOKENS];
    memset(seen, 0, sizeof seen);
    for (int i = 0; i < count; i++)
        seen[expected[i]] = 1;
    int value_ctx = cq_yy_value_context(ctx);
    char listed[CQ_YY_R_END + 1];
    memset(listed, 0, sizeof listed);
    int nlisted = 0;
    for (int i = 0; i < count; i++) {
        int r = cq_yy_rank(expected[i], seen, value_ctx);
        if (r != 0 && !listed[r]) {
            listed[r] = 1;
            nlisted++;
        }
    }
    if (listed[CQ_YY_R_COMMA] && nlisted > 1) {
        listed[CQ_YY_R_COMMA] = 0;
        nlisted--;
    }

    cq_buf buf;
    cq_buf_init(&buf, p->alloc);
    cq_buf_puts(&buf, "syntax error, unexpected ");
    if (tok == YYSYMBOL_YYEOF) {
        cq_buf_puts(&buf, "end of input");
    } else if (tok == YYSYMBOL_STRING) {
        cq_buf_puts(&buf, "string ");
        cq_yy_put_text(&buf, p, loc);
    } else {
        cq_buf_putc(&buf, '\'');
        cq_yy_put_text(&buf, p, loc);
        cq_buf_putc(&buf, '\'');
    }
    cq_suggest sug;
    int word = tok == YYSYMBOL_IDENT || tok == YYSYMBOL_WORD ||
               cq_yy_is_keyword(tok);
    cq_suggest_init(&sug, s, (size_t)n);
    int shown = 0;
    for (int r = 1; r <= CQ_YY_R_END; r++) {
        if (!listed[r])
            continue;
        if (shown == CQ_YY_MAX_EXPECTED) {
            cq_buf_puts(&buf, ", ...");
            break;
        }
        cq_buf_puts(&buf, shown == 0                ? ", expected "
                          : shown == nlisted - 1 ? " or "
                                                 : ", ");
        cq_yy_put_rank(&buf, r);
        shown++;
    }
    if (word && nlisted > 1) {
        /* every expected keyword, listed or cut, is a candidate */
        for (int r = CQ_YY_R_KEYWORD; r < CQ_YY_R_LPAREN; r++)
            if (listed[r]) {
                const char *kw = yysymbol_name(
                    (yysymbol_kind_t)(r - CQ_YY_R_KEYWORD));
                cq_suggest_offer(&sug, kw + 1, strlen(kw) - 2);
            }
        cq_suggest_write(&sug, &buf, "; ", "'");
    }
    if (buf.failed) {
        cq_buf_free(&buf);
        p->nomem = 1;
        return YYENOMEM;
    }
    cq_parse_fail(p, CONCORD_SYNTAX, loc, "%s", cq_buf_str(&buf));
    cq_buf_free(&buf);
    return 0;
}
