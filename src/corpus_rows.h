/*
** corpus_rows.h -- the rows of a validated corpus, as corpus.c hands them
** to graph_build.c.  Internal to those two files.
**
** Rows are in file order and refer to each other by row index (position in
** their array), already resolved: the builder checks nothing and can fail
** only for lack of memory.  Strings are NUL-terminated and owned by the
** loader's scratch memory; the builder copies what the graph keeps.
*/
#ifndef CQ_CORPUS_ROWS_H
#define CQ_CORPUS_ROWS_H

#include <stdint.h>

#include "error.h"
#include "graph.h"

typedef struct cq_row_standard {
    const char *id;
    const char *title;
    const char *role;
    const char *notes;
    int year; /* 0 when empty */
} cq_row_standard;

typedef struct cq_row_clause {
    const char *key;    /* "20000-1:8.5.1" (standard spelled as declared) */
    const char *number; /* points into key, after the ':' */
    const char *title;
    const char *source;
    uint32_t standard; /* standards row */
    uint32_t parent;   /* clauses row, or CQ_NONE at the top level */
    uint8_t origin;    /* enum cq_origin */
} cq_row_clause;

typedef struct cq_row_edge {
    uint32_t from;        /* clauses row */
    uint32_t to;          /* clauses row, or CQ_NONE (relation none) */
    uint32_t to_standard; /* standards row of to, or the bare standard */
    const char *annex;
    const char *source;
    const char *note;
    uint8_t relation; /* enum cq_relation */
    uint8_t confidence;
    uint8_t strength;
    uint8_t layer; /* index into cq_corpus_rows.layers */
    uint8_t kind;  /* 0: as its annex says (cq_kind_of_annex); else 1 + the
                      enum cq_edge_kind its row gives */
} cq_row_edge;

typedef struct cq_row_term {
    const char *key;   /* "27000:3.3" (vocabulary spelled as declared) */
    const char *entry; /* points into key, after the ':' */
    const char *name;
    const char *source;
    uint32_t vocabulary; /* standards row */
    uint8_t hls;
} cq_row_term;

typedef struct cq_row_link {
    uint32_t from;          /* terms row */
    uint32_t to;            /* terms row, or CQ_NONE (relation absent) */
    uint32_t to_vocabulary; /* standards row */
    uint8_t relation;       /* enum cq_term_relation */
    const char *note;
    const char *source;
} cq_row_link;

typedef struct cq_corpus_rows {
    cq_row_standard *standards;
    uint32_t n_standards;
    cq_row_clause *clauses;
    uint32_t n_clauses;
    cq_row_edge *edges;
    uint32_t n_edges;
    cq_row_term *terms;
    uint32_t n_terms;
    cq_row_link *links;
    uint32_t n_links;
    const char **layers; /* the layers' names, bottom first (see graph.h) */
    uint32_t n_layers;
} cq_corpus_rows;

/*
** Compile validated rows into a graph drawing on alloc.  On success *out
** is the graph (the caller frees it with cq_graph_free).  Errors:
** CONCORD_NOMEM only (also for strings past the 4 GiB a cq_str offset can
** reach); then nothing is left allocated and *out is NULL.
*/
int cq_graph_build(const cq_corpus_rows *rows, const cq_allocator *alloc,
                   cq_graph **out, cq_error *err);

/* As cq_graph_build, asking stop(ctx) between its passes and at the end
** whether to go on: a code other than CONCORD_OK (which stop has recorded
** in err, e.g. CONCORD_INTERRUPT) ends the build with that code and
** nothing left allocated.  stop NULL: never asked. */
int cq_graph_build_watched(const cq_corpus_rows *rows,
                           const cq_allocator *alloc, cq_graph **out,
                           cq_error *err, int (*stop)(void *ctx), void *ctx);

#endif
