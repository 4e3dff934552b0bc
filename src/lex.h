/*
** lex.h -- what the scanner (grammar/lexer.l), the parser
** (grammar/parser.y) and their driver (src/parse.c) share while one
** statement is parsed.  Internal: only those three include it.
**
** Everything the scanner and parser need lives in one cq_parser on the
** driver's stack, so two threads can parse at once.  Every block flex or
** Bison allocates is linked into cq_parser.blocks, so the driver can free
** them all after a longjmp out of flex's YY_FATAL_ERROR (which must not
** return) without calling yylex_destroy on a half-built scanner.
*/
#ifndef CQ_LEX_H
#define CQ_LEX_H

#include <setjmp.h>
#include <stdatomic.h>
#include <stddef.h>

#include "arena.h"
#include "ast.h"
#include "error.h"

typedef struct cq_lex_block cq_lex_block;

typedef struct cq_parser {
    cq_arena *arena;           /* nodes and strings of the statement */
    const cq_allocator *alloc; /* the arena's allocator, for flex/Bison */
    cq_error *err;             /* where errors are recorded */
    const char *text;          /* the whole script (locations count here) */
    size_t len;                /* bytes of text */
    size_t feed;               /* next byte of text to hand to flex */
    atomic_uint *interrupt;    /* looked at per chunk (cq_parse_watch) */
    unsigned epoch;
    /* The scanner's position: just past the last byte matched. */
    size_t pos;             /* byte offset from text[0] */
    int line;               /* 1-based */
    int column;             /* 1-based, in bytes */
    void *scanner;          /* the flex scanner (yyscan_t) */
    cq_lex_block *blocks;   /* live flex/Bison blocks, newest first */
    jmp_buf fatal;          /* where YY_FATAL_ERROR jumps */
    int code;               /* error recorded in err (CONCORD_OK: none) */
    int nomem;              /* an allocation failed */
    int nesting;            /* open parentheses in the condition */
    int max_nesting;        /* how many may be open (the handle's limit) */
    int nots;               /* 'not's whose operand is still being read */
    cq_node *result;        /* the statement, or NULL when there is none */
    size_t tail;            /* offset just past the statement */
    int incomplete;         /* the error is "unexpected end of input" */
    const char *last_ident; /* the latest identifier read, or NULL */
    cq_loc last_ident_loc;  /* ... and where it is */
    const char *prev_ident; /* the identifier read before that, or NULL */
    cq_loc prev_ident_loc;  /* ... and where it is */
} cq_parser;

/* A block of n bytes for flex or Bison, tracked in p->blocks; NULL (and
** p->nomem set) on failure.  p NULL always fails (see parser.y). */
void *cq_parse_block_alloc(cq_parser *p, size_t n);

/* Resize a tracked block (ptr NULL: allocate); NULL and p->nomem on
** failure, ptr then still valid. */
void *cq_parse_block_realloc(cq_parser *p, void *ptr, size_t n);

/* Free a tracked block; NULL is a no-op. */
void cq_parse_block_free(cq_parser *p, void *ptr);

/* Record a syntax error at loc (message as printf) in p->err and p->code.
** Used by the scanner and the parser.  Building the message can run out of
** memory; the code is then CONCORD_NOMEM. */
void cq_parse_fail(cq_parser *p, int code, const cq_loc *loc, const char *fmt,
                   ...) __attribute__((format(printf, 4, 5)));

#endif
