/*
** graph.h -- the compiled corpus: an immutable in-memory graph of
** standards, clauses, correlation edges, terms and term links.
**
** Layout choices, each made for a query:
**   - clauses are ordered by standard, then depth-first by clause number
**     (8.9 before 8.10), so every standard and every subtree is one
**     contiguous range [id, subtree_end): `8.5.*` is a range, not a search;
**   - edges are sorted by their `from` clause, so out_start[] indexes the
**     edge array directly (CSR); in_start[]/in_edges[] is the same for the
**     reverse direction, so an edge is found from both ends;
**   - an open-addressing hash maps "standard:number" keys (ASCII case
**     folded) to clause ids, and "vocabulary:entry" keys to term ids.
**
** Everything lives in one arena owned by the graph; once built, nothing is
** written again, so a graph can be shared by many handles and threads.
*/
#ifndef CQ_GRAPH_H
#define CQ_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "error.h"

typedef uint32_t cq_id;
#define CQ_NONE ((cq_id)0xffffffffu) /* no clause / term / standard */

/* How a clause relates to the high level structure. */
enum cq_origin {
    CQ_ORIGIN_HLS,          /* "hls": the common text unchanged */
    CQ_ORIGIN_HLS_MODIFIED, /* "hls-modified": common clause, changed */
    CQ_ORIGIN_ADDED,        /* "added": discipline-specific */
    CQ_ORIGIN_CONTROL,      /* "control": an Annex A entry */
    CQ_ORIGIN_COUNT
};

/* Set-theory relation of an edge, read from -> to (NIST IR 8477). */
enum cq_relation {
    CQ_REL_EQUAL,
    CQ_REL_EQUIVALENT,
    CQ_REL_SUBSET,   /* from is a subset of to */
    CQ_REL_SUPERSET, /* from is a superset of to */
    CQ_REL_INTERSECTS,
    CQ_REL_NONE, /* explicitly nothing corresponds */
    CQ_REL_COUNT
};

enum cq_confidence { CQ_CONF_LOW, CQ_CONF_MEDIUM, CQ_CONF_HIGH, CQ_CONF_COUNT };

/* How a term in one vocabulary relates to one in another. */
enum cq_term_relation {
    CQ_TREL_SAME,      /* the defining wording is the same */
    CQ_TREL_MODIFIED,  /* one side changed the common wording */
    CQ_TREL_DIFFERENT, /* same or near name, different concept */
    CQ_TREL_ABSENT,    /* no counterpart in the other vocabulary */
    CQ_TREL_COUNT
};

/* Names of enum values as they appear in the corpus and the language
** (NULL for a value out of range), and the reverse (exact, lower case; -1
** when unknown). */
const char *cq_origin_name(int origin);
const char *cq_relation_name(int relation);
const char *cq_confidence_name(int confidence);
const char *cq_term_relation_name(int relation);
int cq_origin_from_name(const char *s, size_t n);
int cq_relation_from_name(const char *s, size_t n);
int cq_confidence_from_name(const char *s, size_t n);
int cq_term_relation_from_name(const char *s, size_t n);

/* The relation read backwards: subset <-> superset, others unchanged. */
int cq_relation_inverse(int relation);

typedef struct cq_standard {
    const char *id;     /* "20000-1", "27001@2022" */
    const char *title;  /* full name */
    const char *role;   /* "mss", "structure", "vocabulary", ... */
    const char *notes;  /* "" when none */
    int year;           /* 0 when unknown */
    cq_id first_clause; /* its clauses are [first_clause, end_clause) */
    cq_id end_clause;
    cq_id first_term; /* its terms are [first_term, end_term) */
    cq_id end_term;
} cq_standard;

typedef struct cq_clause {
    const char *key;    /* "20000-1:8.5.1" */
    const char *number; /* "8.5.1" (points into key) */
    const char *title;
    const char *source; /* where the clause's facts come from */
    cq_id standard;     /* index into graph->standards */
    cq_id parent;       /* CQ_NONE for a top-level clause */
    cq_id subtree_end;  /* [id, subtree_end) is the clause and descendants */
    uint16_t depth;     /* 1 for a top-level clause */
    uint8_t origin;     /* enum cq_origin */
} cq_clause;

typedef struct cq_edge {
    cq_id from;        /* clause */
    cq_id to;          /* clause, or CQ_NONE for a `none` row */
    cq_id to_standard; /* the standard of `to` (set for `none` rows too) */
    const char *annex; /* "A", "B", "C" or a corpus's own label */
    const char *source;
    const char *note; /* rationale, "" when none */
    uint8_t relation; /* enum cq_relation, read from -> to */
    uint8_t confidence;
    uint8_t strength; /* 0..10 */
} cq_edge;

typedef struct cq_term {
    const char *key;   /* "27000:3.3" */
    const char *entry; /* "3.3" (points into key) */
    const char *name;  /* "audit" */
    const char *source;
    cq_id vocabulary; /* index into graph->standards */
    uint8_t hls;      /* 1 for the HLS common terms */
} cq_term;

typedef struct cq_term_link {
    cq_id from;          /* term */
    cq_id to;            /* term, or CQ_NONE when relation is absent */
    cq_id to_vocabulary; /* vocabulary of `to` (set for absent too) */
    uint8_t relation;    /* enum cq_term_relation, read from -> to */
    const char *note;
    const char *source;
} cq_term_link;

typedef struct cq_graph {
    cq_allocator alloc; /* a copy of the allocator the graph was built with */
    cq_arena pool;      /* owns every array and string below */

    cq_standard *standards;
    uint32_t n_standards;

    cq_clause *clauses; /* ordered as described at the top */
    uint32_t n_clauses;

    cq_edge *edges; /* sorted by (from, to_standard, to, annex) */
    uint32_t n_edges;
    uint32_t *out_start; /* n_clauses+1: edges [out_start[c], out_start[c+1]) */
    uint32_t *in_start; /* n_clauses+1: in_edges [in_start[c], in_start[c+1]) */
    cq_id *in_edges;    /* edge ids ordered by (to, from) */

    cq_term *terms; /* ordered by vocabulary, then entry number */
    uint32_t n_terms;
    cq_term_link *links; /* sorted by (from, to_vocabulary, to) */
    uint32_t n_links;
    uint32_t *link_out_start; /* n_terms+1, into links[] */
    uint32_t *link_in_start;  /* n_terms+1, into link_in[] */
    cq_id *link_in;           /* link ids ordered by (to, from) */

    const char **annexes; /* the distinct annex labels, sorted */
    uint32_t n_annexes;

    cq_id *clause_hash; /* open addressing; CQ_NONE marks a free slot */
    uint32_t clause_hash_mask;
    cq_id *term_hash;
    uint32_t term_hash_mask;
} cq_graph;

/* Free a graph and everything it owns.  NULL is a no-op. */
void cq_graph_free(cq_graph *graph);

/* The standard whose id is id[0..len) (ASCII case folded), or CQ_NONE. */
cq_id cq_graph_find_standard(const cq_graph *graph, const char *id, size_t len);

/* The clause "standard:number" of key[0..len) (ASCII case folded), or
** CQ_NONE. */
cq_id cq_graph_find_clause(const cq_graph *graph, const char *key, size_t len);

/* The term "vocabulary:entry" of key[0..len) (ASCII case folded), or
** CQ_NONE. */
cq_id cq_graph_find_term(const cq_graph *graph, const char *key, size_t len);

/*
** Order clause numbers as people read them: split at '.', compare numeric
** parts as numbers (8.9 < 8.10), numeric parts before alphabetic ones
** (10 < A), alphabetic parts by ASCII case-folded text, and a prefix first
** (8.5 < 8.5.1).  Returns <0, 0 or >0.
*/
int cq_clause_number_compare(const char *a, const char *b);

/*
** The hash of the lookup tables: FNV-1a (32 bit) over key[0..len) with
** ASCII case folded.  A table has a power-of-two size of at least twice
** its entries and probes linearly from hash & mask, so that the builder
** (graph_build.c) and the lookups above agree.
*/
uint32_t cq_graph_key_hash(const char *key, size_t len);

#endif
