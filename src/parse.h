/*
** parse.h -- from query text to one statement's syntax tree.
**
** The driver around the reentrant flex scanner (grammar/lexer.l) and the
** pure Bison parser (grammar/parser.y).  It parses exactly one statement,
** so a caller can walk a script statement by statement and report every
** location relative to the whole script.
*/
#ifndef CQ_PARSE_H
#define CQ_PARSE_H

#include <stdatomic.h>
#include <stddef.h>

#include "ast.h"
#include "error.h"

/* Limits on one statement, so hostile text cannot exhaust the stack. */
#define CQ_MAX_NESTING 256 /* parentheses in conditions */
/* Operators nested in one condition: the height of its tree, counting
** and / or / not and 1 for a predicate (`a = 1 and b = 2` is 2).  The
** parser refuses deeper trees with CONCORD_TOOBIG, so code that walks a
** condition recursively has a bounded depth. */
#define CQ_MAX_DEPTH 1000
/* Levels of union / intersect / except (and pipelines) in one query: a
** flat chain of N operands is N - 1 levels, as code that compiles, runs,
** prints or copies it recurses once a level.  Deeper is CONCORD_TOOBIG,
** "too many operands (limit N)". */
#define CQ_MAX_OPERANDS 256

/*
** Parse the statement that starts at text[start] (text is `len` bytes, the
** whole script; locations count from text[0]).
**
** On success returns CONCORD_OK, sets *out to the statement (NULL when only
** white space, comments or a lone ';' remain) and *tail to the offset just
** past the statement's ';' (or len).  Nodes are allocated in arena; each
** node's loc has first_line/first_column/start at its first byte and
** last_line/last_column/end just past its last byte.
**
** On failure returns CONCORD_SYNTAX (with err located at the offending
** token and saying what was expected), CONCORD_NOMEM or CONCORD_TOOBIG
** (nesting deeper than CQ_MAX_NESTING or CQ_MAX_DEPTH); *out is then NULL
** and *tail is left as it was.  *incomplete (when not NULL) is set
** to 1 when the only problem is that the text ended before the statement
** did, which is how the REPL knows to ask for another line.
*/
int cq_parse_statement(cq_arena *arena, const char *text, size_t len,
                       size_t start, cq_node **out, size_t *tail,
                       int *incomplete, cq_error *err);

/* As cq_parse_statement, with max_nesting levels of parentheses allowed
** (at most CQ_MAX_DEPTH; CQ_MAX_NESTING is the default). */
int cq_parse_statement_nesting(cq_arena *arena, const char *text, size_t len,
                               size_t start, cq_node **out, size_t *tail,
                               int *incomplete, cq_error *err, int max_nesting);

/* The i-th keyword of the language (lower case), or NULL past the last:
** for completion (complete.c). */
const char *cq_lex_keyword(size_t i);

/* What the i-th keyword is used for: an OR of CQ_KW_* (keywords.h); 0 past
** the last. */
int cq_lex_keyword_uses(size_t i);

/*
** A place in a text whose line and column are known: where the last
** statement parsed from it ended.  A caller that walks a script statement
** by statement keeps one, so each statement's line is counted from the
** end of the one before, not from the script's first byte (which made a
** script of N statements take O(N^2) time).  Zero-filled: nothing known.
*/
typedef struct cq_text_pos {
    const char *text; /* the text it is a place in, or NULL */
    size_t at;        /* byte offset */
    int line, column; /* of text[at] */
} cq_text_pos;

/* What may stop a parse before it ends: the handle's interrupted period
** (concord_interrupt) and the period the parse is in (api.c).  The text is
** read in chunks, and each chunk looks, so a statement near the length
** limit stops soon after Ctrl-C. */
typedef struct cq_parse_watch {
    atomic_uint *interrupt; /* NULL: nothing stops it */
    unsigned epoch;
} cq_parse_watch;

/* As cq_parse_statement_nesting; *pos (when not NULL) says where counting
** lines may start, when it is a place in text at or before start (a walk
** starting again at offset 0 forgets it), and is moved to the statement's
** tail on success.  watch (NULL: none) may stop it with CONCORD_INTERRUPT,
** "interrupted" (unlocated, as an interrupt while running is). */
int cq_parse_statement_at(cq_arena *arena, const char *text, size_t len,
                          size_t start, cq_node **out, size_t *tail,
                          int *incomplete, cq_error *err, int max_nesting,
                          cq_text_pos *pos, const cq_parse_watch *watch);

#endif
