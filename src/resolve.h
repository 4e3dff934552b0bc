/*
** resolve.h -- names as written (standards, clause references) to the
** graph's ids, with the errors and suggestions a person needs.
**
** Used when a statement compiles and again when it runs with values bound
** to its $parameters, so nothing here allocates except to write an error
** message.
*/
#ifndef CQ_RESOLVE_H
#define CQ_RESOLVE_H

#include <stddef.h>

#include "error.h"
#include "graph.h"
#include "plan.h"

/* The longest clause key a lookup builds ("standard:number"). */
#define CQ_MAX_KEY 256

/* The id of a standard as the corpus spells it (borrowed from the graph). */
const char *cq_standard_id(const cq_graph *graph, cq_id standard);

/* The standard called id; CONCORD_NOTFOUND at loc with the nearest ids. */
int cq_resolve_standard(const cq_graph *graph, const cq_loc *loc,
                        const char *id, cq_id *out, cq_error *err);

/*
** The clauses of a reference written as the corpus writes a clause key --
** `20000-1:8.5.1`, or `20000-1:8.5.*` for the subtree, the standard's id in
** any case -- found with one lookup of the key, no parsing: how programs
** bind clause parameters again and again.  With subtree, a key written
** without `.*` takes its subtree too (a parameter written `$k.*`).
** Returns 1 with *range set, or 0 when text is anything else (then
** cq_parse_ref_text and cq_resolve_ref say what it is, or what is wrong
** with it).
*/
int cq_resolve_key(const cq_graph *graph, const char *text, int subtree,
                   cq_range *range);

/*
** A value bound to a parameter, text[0..n) (strlen(text) == n), read as
** cq_resolve_key reads a clause key, or as a standard's id alone -- one
** lookup, no parsing or copying, what a program binding a value again and
** again pays.  Returns 1 with *range set and *standard the whole standard
** (CQ_NONE for a clause key), or 0 when text is anything else (then
** cq_parse_ref_text and cq_resolve_ref say what it is, or what is wrong).
** subtree as cq_resolve_key's (a standard is whole either way).
*/
int cq_resolve_bound(const cq_graph *graph, const char *text, size_t n,
                     int subtree, cq_range *range, cq_id *standard);

/*
** The clauses a reference names: std alone (number NULL) is the whole
** standard (*whole set to it, else CQ_NONE); std:number is that clause, or
** with subtree the clause and its descendants -- or, when the standard has
** no clause `number` but has clauses numbered `number.x` (27001:A.*),
** those.  Errors: CONCORD_NOTFOUND (with suggestions), CONCORD_TOOBIG (a
** key longer than CQ_MAX_KEY).
*/
int cq_resolve_ref(const cq_graph *graph, const cq_loc *loc, const char *std,
                   const char *number, int subtree, cq_range *range,
                   cq_id *whole, cq_error *err);

/* Does some vocabulary define a term called name (ASCII case folded)?
** CONCORD_NOTFOUND at loc with the nearest names when none does. */
int cq_resolve_term_name(const cq_graph *graph, const cq_loc *loc,
                         const char *name, cq_error *err);

/* Is standard a vocabulary with terms?  CONCORD_NOTFOUND at loc, listing
** the vocabularies that have terms, when it is not. */
int cq_resolve_vocabulary(const cq_graph *graph, const cq_loc *loc,
                          cq_id standard, cq_error *err);

/* Is term's name name, ASCII case folded? */
int cq_term_name_is(const cq_graph *graph, cq_id term, const char *name);

/* A reference written as text (a value bound to a $parameter), split into
** its parts in buf.  Returns 0, or -1 when text is not a reference. */
typedef struct cq_ref_parts {
    const char *std;    /* NUL-terminated, in buf */
    const char *number; /* NUL-terminated, in buf; NULL: a whole standard */
    int subtree;        /* written with .* or as std:* */
    char buf[CQ_MAX_KEY + 2];
} cq_ref_parts;

int cq_parse_ref_text(const char *text, cq_ref_parts *out);

/* Write "a, b and c" (or "a or b") for a list of names into buf. */
/* The i-th name of something of the graph (a standard's id, an annex). */
typedef const char *cq_name_fn(const cq_graph *g, uint32_t i);

/* Write n names as "a, b and c"; past a dozen, the first ten and "and N
** more (more)", more saying where the rest can be seen. */
void cq_write_names(cq_buf *buf, const cq_graph *g, cq_name_fn *name,
                    uint32_t n, const char *more);

void cq_write_list(cq_buf *buf, const char *const *names, int n,
                   const char *last_sep);

#endif
