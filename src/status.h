/*
** status.h -- what an organisation has done: the rows of its status files
** (one per clause or control: status, evidence, owner, review date,
** justification), kept by the handle's session and read by the
** statements of eval_status.c.
**
** A status file is checked whole before any of it is kept: a file with
** one bad row adds nothing.  Rows are kept in the order loaded; when
** several speak of one clause the later wins (cq_status_index), and
** `check` lists the ones that disagree (cq_status_conflicts).
*/
#ifndef CQ_STATUS_H
#define CQ_STATUS_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "arena.h"
#include "error.h"
#include "graph.h"

/* The statuses a row may give, best first (the order derivation ranks). */
enum cq_status_value {
    CQ_ST_IMPLEMENTED = 1,
    CQ_ST_PARTIAL,
    CQ_ST_PLANNED,
    CQ_ST_NOT_IMPLEMENTED,
    CQ_ST_NOT_APPLICABLE,
    CQ_ST_COUNT
};

/* One row of a status file; strings are NULL when the cell was empty. */
typedef struct cq_status_row {
    const char *key; /* the clause's key as the corpus spells it */
    const char *evidence;
    const char *owner;
    const char *reviewed; /* YYYY-MM-DD */
    const char *justification;
    const char *file; /* the file as it was named */
    int line;
    int status; /* enum cq_status_value */
} cq_status_row;

/* Every status row a handle has loaded, in order. */
typedef struct cq_status_set {
    const cq_allocator *alloc;
    cq_arena arena; /* every string of the rows */
    cq_status_row *rows;
    size_t n, cap;
} cq_status_set;

void cq_status_init(cq_status_set *set, const cq_allocator *alloc);
void cq_status_free(cq_status_set *set);

/* The name of a status ("not-applicable"), or NULL. */
const char *cq_status_name(int status);

/*
** Check the status file text (len bytes; TSV when its header line holds a
** tab, else CSV) against graph and, when every row is right, append its
** rows to set.  name is how messages call the file.  Every problem is one
** line "NAME:LINE:COLUMN: column: what is wrong (what is allowed)" of the
** error; none of the file is kept then.  Errors: CONCORD_CORRUPT (a bad
** row; at most CQ_STATUS_MAX_ERRORS are listed), CONCORD_NOMEM.
*/
#define CQ_STATUS_MAX_ERRORS 20
int cq_status_load_text(cq_status_set *set, const cq_graph *graph,
                        const char *name, const char *text, size_t len,
                        cq_error *err);

/* As cq_status_load_text, reading the file at path first.  Errors also
** CONCORD_IOERR (the message names the file and the reason). */
int cq_status_load_file(cq_status_set *set, const cq_graph *graph,
                        const char *path, cq_error *err);

/*
** The row that speaks last of each clause of graph: out[c] is its index
** in set->rows, or -1.  out has graph->n_clauses entries.  Keys the graph
** does not know (a status file loaded on another corpus) are skipped.
*/
void cq_status_index(const cq_status_set *set, const cq_graph *graph,
                     int32_t *out);

/* Called for each pair of rows on one clause that give different
** statuses, earlier row first; a nonzero return stops the walk and is
** returned. */
typedef int (*cq_status_conflict_fn)(void *ctx, const cq_status_row *earlier,
                                     const cq_status_row *later);

/* Walk the conflicts of set over graph; scratch comes from alloc.
** Returns 0, the callback's nonzero value, or -1 when memory ran out. */
int cq_status_conflicts(const cq_status_set *set, const cq_graph *graph,
                        cq_status_conflict_fn fn, void *ctx);

#endif
