/*
** parse.c -- the driver around the reentrant scanner (grammar/lexer.l) and
** the pure parser (grammar/parser.y); see parse.h.
**
** One cq_parser on this file's stack holds everything a parse needs, so
** parses on several threads never meet.  Flex and Bison allocate through
** the arena's allocator, and every such block is linked into the parser's
** list: flex's YY_FATAL_ERROR (out of memory inside flex) must not return,
** so it longjmps back here, and the list is how the blocks of the
** abandoned scanner and parser stacks get freed.
**
** How a parse ends, and what the caller sees:
**   yyparse 0                      CONCORD_OK (result, tail)
**   nomem set (any way it ended)   CONCORD_NOMEM
**   an error recorded (p.code)     that code: SYNTAX, TOOBIG, INTERNAL
**   anything else                  CONCORD_INTERNAL (a bug)
*/
#include "parse.h"

#include <limits.h>
#include <stdalign.h>
#include <stdarg.h>
#include <string.h>

#include "lex.h"
#include "parser.h"
#include "lexer.h"

/* The header in front of every tracked block. */
struct cq_lex_block {
    cq_lex_block *prev; /* newer block, NULL for the list head */
    cq_lex_block *next; /* older block */
    size_t size;        /* bytes the caller asked for */
};

/* Header size, rounded so the caller's bytes stay aligned for anything. */
#define BLOCK_HEAD                                                             \
    ((sizeof(cq_lex_block) + alignof(max_align_t) - 1) &                       \
     ~(alignof(max_align_t) - 1))

static void *block_data(cq_lex_block *b)
{
    return (char *)b + BLOCK_HEAD;
}

static cq_lex_block *block_of(void *ptr)
{
    return (cq_lex_block *)(void *)((char *)ptr - BLOCK_HEAD);
}

void *cq_parse_block_alloc(cq_parser *p, size_t n)
{
    if (p == NULL)
        return NULL; /* LAC's stack, see parser.y */
    if (n > (size_t)-1 - BLOCK_HEAD) {
        p->nomem = 1;
        return NULL;
    }
    cq_lex_block *b = cq_malloc(p->alloc, BLOCK_HEAD + n);
    if (b == NULL) {
        p->nomem = 1;
        return NULL;
    }
    b->size = n;
    b->prev = NULL;
    b->next = p->blocks;
    if (p->blocks)
        p->blocks->prev = b;
    p->blocks = b;
    return block_data(b);
}

void *cq_parse_block_realloc(cq_parser *p, void *ptr, size_t n)
{
    if (ptr == NULL)
        return cq_parse_block_alloc(p, n);
    if (p == NULL || n > (size_t)-1 - BLOCK_HEAD) {
        if (p)
            p->nomem = 1;
        return NULL;
    }
    cq_lex_block *old = block_of(ptr);
    cq_lex_block *b =
        cq_realloc(p->alloc, old, BLOCK_HEAD + old->size, BLOCK_HEAD + n);
    if (b == NULL) {
        p->nomem = 1;
        return NULL;
    }
    b->size = n;
    if (b->prev)
        b->prev->next = b;
    else
        p->blocks = b;
    if (b->next)
        b->next->prev = b;
    return block_data(b);
}

void cq_parse_block_free(cq_parser *p, void *ptr)
{
    if (ptr == NULL || p == NULL)
        return;
    cq_lex_block *b = block_of(ptr);
    if (b->prev)
        b->prev->next = b->next;
    else
        p->blocks = b->next;
    if (b->next)
        b->next->prev = b->prev;
    cq_free(p->alloc, b, BLOCK_HEAD + b->size);
}

/* Free every block still tracked (after a longjmp, or left over). */
static void blocks_free_all(cq_parser *p)
{
    while (p->blocks) {
        cq_lex_block *b = p->blocks;
        p->blocks = b->next;
        cq_free(p->alloc, b, BLOCK_HEAD + b->size);
    }
}

void cq_parse_fail(cq_parser *p, int code, const cq_loc *loc, const char *fmt,
                   ...)
{
    if (p->code != CONCORD_OK || p->nomem)
        return; /* the first error stands */
    cq_buf msg;
    cq_buf_init(&msg, p->alloc);
    va_list ap;
    va_start(ap, fmt);
    cq_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    if (msg.failed) {
        p->nomem = 1;
    } else if (cq_error_set(p->err, code, loc, "%s", cq_buf_str(&msg)) ==
               CONCORD_NOMEM) {
        p->nomem = 1;
    } else {
        p->code = code;
    }
    cq_buf_free(&msg);
}

/* The scanner's buffer: a statement is read in chunks of this many bytes
** (a longer token grows the buffer).  Most statements are short and a
** script prepares one after another, so a small chunk keeps each
** statement's allocation small. */
#define LEX_CHUNK 512

/* Start the scanner and run the parser.  Returns yyparse's result, or -1
** when flex's YY_FATAL_ERROR jumped back here (p->nomem or p->code says
** why).  The setjmp sits in this function of its own, so nothing local to
** it changes between setjmp and longjmp: all state is behind p. */
static int parse_protected(cq_parser *p)
{
    if (setjmp(p->fatal) != 0)
        return -1;
    yyscan_t scanner;
    if (cq_yylex_init_extra(p, &scanner) != 0) {
        p->nomem = 1; /* its only failure: allocating the scanner */
        return -1;
    }
    p->scanner = scanner;
    YY_BUFFER_STATE buffer = cq_yy_create_buffer(NULL, LEX_CHUNK, scanner);
    cq_yy_switch_to_buffer(buffer, scanner);
    return cq_yyparse(scanner, p);
}

/* The line and column of text[at], counting from from (a place in text at
** or before at; from->text NULL: text[0], line 1, column 1). */
static void position_of(const char *text, size_t at, const cq_text_pos *from,
                        int *line, int *column)
{
    int l = from->text ? from->line : 1;
    size_t first = from->text ? from->at : 0;
    size_t bol = first;
    int col0 = from->text ? from->column : 1; /* column of text[bol] */
    const char *s = text + first, *end = text + at, *nl;
    while ((nl = memchr(s, '\n', (size_t)(end - s))) != NULL) {
        l++;
        bol = (size_t)(nl + 1 - text);
        col0 = 1;
        s = nl + 1;
    }
    *line = l;
    *column = (int)(at - bol) + col0;
}

int cq_parse_statement(cq_arena *arena, const char *text, size_t len,
                       size_t start, cq_node **out, size_t *tail,
                       int *incomplete, cq_error *err)
{
    return cq_parse_statement_nesting(arena, text, len, start, out, tail,
                                      incomplete, err, CQ_MAX_NESTING);
}

int cq_parse_statement_nesting(cq_arena *arena, const char *text, size_t len,
                               size_t start, cq_node **out, size_t *tail,
                               int *incomplete, cq_error *err, int max_nesting)
{
    return cq_parse_statement_at(arena, text, len, start, out, tail, incomplete,
                                 err, max_nesting, NULL, NULL);
}

int cq_parse_statement_at(cq_arena *arena, const char *text, size_t len,
                          size_t start, cq_node **out, size_t *tail,
                          int *incomplete, cq_error *err, int max_nesting,
                          cq_text_pos *pos, const cq_parse_watch *watch)
{
    if (out)
        *out = NULL;
    if (incomplete)
        *incomplete = 0;
    if (len > INT_MAX)
        return cq_error_set(err, CONCORD_TOOBIG, NULL,
                            "query text too long (over %d bytes)", INT_MAX);
    if (text == NULL) {
        text = "";
        len = 0;
    }
    if (start > len)
        start = len;

    cq_parser p;
    memset(&p, 0, sizeof p);
    p.arena = arena;
    p.alloc = arena->alloc;
    p.max_nesting = max_nesting < 1              ? 1
                    : max_nesting > CQ_MAX_DEPTH ? CQ_MAX_DEPTH
                                                 : max_nesting;
    p.err = err;
    p.text = text;
    p.len = len;
    p.feed = start;
    p.pos = start;
    if (watch) {
        p.interrupt = watch->interrupt;
        p.epoch = watch->epoch;
    }
    cq_text_pos from = {NULL, 0, 1, 1};
    if (pos && pos->text == text && pos->at <= start && start > 0)
        from = *pos;
    position_of(text, start, &from, &p.line, &p.column);
    const int p0_line = p.line, p0_column = p.column;
    p.code = CONCORD_OK;

    int rc = parse_protected(&p);
    if (rc != -1 && p.scanner != NULL)
        cq_yylex_destroy(p.scanner);
    blocks_free_all(&p);

    if (p.nomem)
        return cq_error_nomem(err);
    if (p.code != CONCORD_OK) {
        if (incomplete && p.code == CONCORD_SYNTAX)
            *incomplete = p.incomplete;
        return p.code;
    }
    if (rc != 0)
        return cq_error_set(err, CONCORD_INTERNAL, NULL,
                            "internal error: the parser stopped without "
                            "saying why");
    if (out)
        *out = p.result;
    if (tail)
        *tail = p.tail;
    if (pos) { /* the next statement counts from here */
        cq_text_pos here = {text, start, p0_line, p0_column};
        int line, column;
        position_of(text, p.tail, &here, &line, &column);
        *pos = (cq_text_pos){text, p.tail, line, column};
    }
    return CONCORD_OK;
}
