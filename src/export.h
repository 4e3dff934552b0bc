/*
** export.h -- result tables written in the formats other tools read:
** Graphviz DOT, OSCAL 1.2 mapping-collection JSON, the NIST OLIR set
** theory relationship mapping (STRM) CSV and SSSOM/TSV.  docs/formats.md
** is the user's description; import.h reads the last three back.
**
** Every export is deterministic: the same table gives the same bytes (no
** clock, no random UUIDs), so exports can be diffed and tested.
*/
#ifndef CQ_EXPORT_H
#define CQ_EXPORT_H

#include "output.h"

/*
** concord's own namespace in exports: OSCAL props, SSSOM extension slots
** and the IRIs of standards and clauses ("<CQ_NS>std/27001/A.12.1.2").  It
** is the project's address (src/concord.pc.in) and serves as a name, not
** necessarily as a page to fetch.
*/
#define CQ_NS "https://github.com/concord/ns/"

/* metadata.last-modified of every OSCAL export: a fixed instant, so that
** exporting the same result twice gives the same file (docs/formats.md). */
#define CQ_EXPORT_TIMESTAMP "1970-01-01T00:00:00Z"

/* The OSCAL version the mapping-collection conforms to: confidence-score
** became an assembly ({"category": "high"}) in 1.2.1; 1.2.2 is the newest
** release of the mapping model. */
#define CQ_OSCAL_VERSION "1.2.2"

/* How each relation is spelt in each format, read from -> to, and the
** strength an import gives it when the file has none. */
typedef struct cq_rel_spelling {
    const char *relation; /* concord: equal, equivalent, ..., none */
    const char *oscal;    /* OSCAL map relationship: equal-to, ... */
    const char *strm;     /* NIST IR 8477 / OLIR: equal, subset of, ... */
    const char *skos;     /* SSSOM predicate_id (none: see formats.md) */
    int strength;         /* default strength 0-10 on import */
} cq_rel_spelling;

#define CQ_N_REL_SPELLINGS 6
extern const cq_rel_spelling cq_rel_spellings[CQ_N_REL_SPELLINGS];

/* The entry for concord's relation word, or NULL. */
const cq_rel_spelling *cq_rel_spelling_find(const char *relation);

/* SSSOM confidence of each concord confidence (high 0.9, medium 0.6, low
** 0.3), or NULL for another word. */
const char *cq_confidence_number(const char *confidence);

/*
** Write rows [first, n_rows) of table as format (CONCORD_FORMAT_DOT, _OSCAL,
** _STRM or _SSSOM) through o.  The table is checked before anything is
** written: a table without the columns the format needs, or with a row it
** cannot express (an unknown relation, a from that is not a clause key),
** is CONCORD_ERROR with err saying what and where.  Returns o->rc after
** writing: CONCORD_OK, CONCORD_NOMEM or CONCORD_IOERR.
*/
int cq_export_write(cq_out *o, const cq_table *table, size_t first, int format,
                    const cq_allocator *alloc, cq_error *err);

#endif
