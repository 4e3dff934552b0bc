/*
** mapping.h -- mappings read from the files other tools write (OSCAL 1.2
** mapping-collection JSON, NIST OLIR/STRM CSV, SSSOM/TSV), as rows of
** edges.tsv ready to join the graph as an extra corpus layer.
**
** The reader checks what it can without a graph: the syntax of every key
** and label, the relation, strength and confidence words, and the bytes.
** Whether the clauses exist is for whoever adds the rows to a graph; the
** line and column kept on each row let it say where a bad one came from.
** docs/formats.md lists what each format carries and the defaults for
** what it does not.
*/
#ifndef CQ_MAPPING_H
#define CQ_MAPPING_H

#include <stddef.h>

#include "arena.h"
#include "error.h"

/* The most edges one OSCAL map may make: each of its sources joins each
** of its targets, so the product is bounded, not the lists. */
#define CQ_MAPPING_MAX_PAIRS 10000

/* One correlation: the columns of edges.tsv, in its order, as text that
** passes its syntax rules (docs/corpus.md), then two extras. */
typedef struct cq_mapping_row {
    const char *from;       /* clause key: "20000-1:8.5.1" */
    const char *to;         /* clause key, or a bare standard id for none */
    const char *annex;      /* a label without spaces; "import" if none */
    const char *relation;   /* equal, equivalent, subset, superset,
                               intersects or none */
    const char *strength;   /* "0" to "10" */
    const char *confidence; /* high, medium or low */
    const char *source;     /* "imported from NAME" if the file has none */
    const char *note;       /* "" if none */
    /* Not edges.tsv columns: the titles the file gave the two clauses (so
    ** a layer can create clauses that a new control set brings), or NULL. */
    const char *from_title;
    const char *to_title;
    int line;   /* where the row is: 1-based line of the file ... */
    int column; /* ... and column (bytes); for JSON, of the map object */
} cq_mapping_row;

typedef struct cq_mapping_result {
    cq_arena arena;       /* owns the rows and every string in them */
    const char *format;   /* "oscal", "strm" or "sssom" once read */
    cq_mapping_row *rows; /* in file order */
    size_t n_rows;
} cq_mapping_result;

/* Make out empty, drawing on alloc (which must outlive it). */
void cq_mapping_init(cq_mapping_result *out, const cq_allocator *alloc);

/*
** Read data[0..len), the contents of the file called name (used in
** messages and in the default source), into out (initialised with
** cq_mapping_init; rows read by an earlier call are dropped).  The format is
** found from the content: a JSON object with "mapping-collection" is OSCAL;
** a CSV whose header has the column Focal Document Element is STRM; a file
** starting with a '#' metadata block, or whose first line is a tab
** separated header with subject_id, is SSSOM.
**
** Errors (out then holds no rows): CONCORD_ERROR for a file that is not
** one of the three, or that breaks a rule, with a message
** "NAME:LINE:COLUMN: what" (JSON: "NAME:LINE:COLUMN: at
** mappings[2].maps[0]: what"), err->line and err->column set;
** CONCORD_TOOBIG (JSON nested too deep, or more than INT_MAX lines);
** CONCORD_NOMEM.
*/
int cq_mapping_read(const char *name, const char *data, size_t len,
                    cq_mapping_result *out, cq_error *err);

/* As cq_mapping_read, each row read a step of run (plan.h cq_tick;
** NULL: none): past its steps limit, or after concord_interrupt, reading
** stops with CONCORD_TOOBIG or CONCORD_INTERRUPT and a message
** "NAME:LINE:COLUMN: ..." at the row it reached. */
struct cq_run;
int cq_mapping_read_run(const char *name, const char *data, size_t len,
                        cq_mapping_result *out, cq_error *err,
                        struct cq_run *run);

/*
** Does data[0..len) look like one of the three formats, rather than a
** script?  (What `import "FILE"` asks before it reads a file as a layer.)
** OSCAL starts with '{'; STRM has a Focal Document Element header and
** SSSOM a tab-separated subject_id header within its first 50 lines.
*/
int cq_mapping_sniff(const char *data, size_t len);

/* Free the rows; out can be used again. */
void cq_mapping_free(cq_mapping_result *out);

#endif
