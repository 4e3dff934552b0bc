/*
** export.h -- result tables written in the formats other tools read:
** Graphviz DOT, OSCAL 1.2 mapping-collection JSON, the NIST OLIR set
** theory relationship mapping (STRM) CSV and SSSOM/TSV.  docs/formats.md
** is the user's description; mapping.h reads the last three back.
**
** Every export is deterministic given its options: the same table, namespace
** and time give the same bytes (UUIDs are made from the content), so
** exports can be diffed and tested.
*/
#ifndef CQ_EXPORT_H
#define CQ_EXPORT_H

#include "error.h"
#include "graph.h"
#include "out.h"

/*
** concord's namespace in exports when the user has set none: OSCAL props,
** SSSOM extension slots and the IRIs of standards and clauses
** ("<namespace>std/27001/A.12.1.2").  A UUID URN minted for concord (so it
** belongs to no one's domain), with a fragment under which the names are
** made; it names, it is not a page to fetch.  concord_set_namespace() and
** `concord --namespace URI` set another (docs/formats.md).
*/
#define CQ_NS_DEFAULT "urn:uuid:f2278518-8de2-4a8b-8f59-2ed9d6c313f3#"

/* The namespace concord 0.1.0 wrote (an address no one here controls);
** imports still read files that use it. */
#define CQ_NS_LEGACY "https://github.com/concord/ns/"

/* What an export takes besides the table: where its names live, when it
** was made, and what the corpus knows of its standards.  Every field may
** be left zero (cq_export_opts_init). */
typedef struct cq_export_opts {
    const char *ns; /* namespace IRI; NULL: CQ_NS_DEFAULT */
    long long time; /* last-modified and mapping_date, in seconds since
                       1970 (UTC); < 0: the clock when writing */
    /* gap: the set the result was measured against, as written ("27001"),
    ** for results without an `against` column; NULL: not known. */
    const char *against;
    /* The full title of standard id ("ISO/IEC 27001:2013 ..."), or NULL;
    ** NULL: titles are not known. */
    const char *(*std_title)(void *ctx, const char *id);
    void *ctx;
    /* The statement's run, whose steps limit and interrupts writing obeys
    ** (each line written a step); NULL: none (every format, not only the
    ** exports, takes it from here). */
    struct cq_run *run;
} cq_export_opts;

/* Defaults: CQ_NS_DEFAULT, the clock, nothing known of the corpus. */
void cq_export_opts_init(cq_export_opts *opts);

/* Is ns usable as a namespace: an absolute IRI (scheme ':' ...) of
** printable ASCII without spaces, quotes, '<', '>', '\' or '`', at most
** 512 bytes?  SSSOM and OSCAL both need that much of it. */
int cq_export_ns_valid(const char *ns);

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

/* Indexed by enum cq_relation (CQ_REL_NONE: "none"). */
extern const cq_rel_spelling cq_rel_spellings[CQ_REL_COUNT];

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
                    const cq_export_opts *opts, const cq_allocator *alloc,
                    cq_error *err);

#endif
