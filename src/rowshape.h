/*
** rowshape.h -- the slots of the row of every base statement, by name.
**
** A base statement makes its rows in an array of slots: its visible
** columns first, in the order they are shown, then the hidden fields its
** `where` may test.  One enum per row shape names each slot, so the code
** that fills a row, the tables that name its columns (fields.c,
** eval_status.c) and the code that reads a slot all say which field they
** mean; CQ_<SHAPE>_N_COLUMNS counts the visible columns and
** CQ_<SHAPE>_N_SLOTS every slot.  tests/unit/test_shapes.c checks that
** each column name of each shape lands on the slot its enum says.
** CQ_STATEMENT_SHAPE also defines the function the table of statements
** (statements.h) names for a statement's shape.
*/
#ifndef CQ_ROWSHAPE_H
#define CQ_ROWSHAPE_H

/*
** Define the cq_shape (plan.h) name_shape from name_columns and
** name_fields, checking them against the enum of PREFIX: as many columns
** as PREFIX_N_COLUMNS, and no more slots than a row has room for.
*/
#define CQ_SHAPE_DEFINE(name, PREFIX)                                          \
    _Static_assert(sizeof(name##_columns) / sizeof(name##_columns[0]) ==       \
                       PREFIX##_N_COLUMNS,                                     \
                   #name "_columns and its enum differ");                      \
    _Static_assert(PREFIX##_N_SLOTS <= CQ_MAX_SLOTS, #name " is too wide");    \
    static const cq_shape name##_shape = {                                     \
        name##_columns,                                                        \
        (int)(sizeof(name##_columns) / sizeof(name##_columns[0])),             \
        PREFIX##_N_SLOTS, name##_fields,                                       \
        (int)(sizeof(name##_fields) / sizeof(name##_fields[0]))}

/*
** CQ_SHAPE_DEFINE, and the function that statements.h's table names for
** the shape a statement's plan starts with: const cq_shape
** *cq_shape_name(void) (declared from the table in plan.h).  Written
** beside the statement's columns, so a new statement's shape is one place.
*/
#define CQ_STATEMENT_SHAPE(name, PREFIX)                                       \
    CQ_SHAPE_DEFINE(name, PREFIX);                                             \
    const cq_shape *cq_shape_##name(void)                                      \
    {                                                                          \
        return &name##_shape;                                                  \
    }                                                                          \
    _Static_assert(1, #name " needs a semicolon after it")

/* show CLAUSE | STANDARD: the clause, its parent and children, its
** correlations (each with its edge's columns). */
enum cq_show_slot {
    CQ_SHOW_ROLE,
    CQ_SHOW_CLAUSE,
    CQ_SHOW_TITLE,
    CQ_SHOW_ORIGIN,
    CQ_SHOW_ANNEX,
    CQ_SHOW_RELATION,
    CQ_SHOW_STRENGTH,
    CQ_SHOW_CONFIDENCE,
    CQ_SHOW_HIGH,
    CQ_SHOW_SOURCE,
    CQ_SHOW_NOTE,
    CQ_SHOW_LAYER,
    CQ_SHOW_KIND,
    CQ_SHOW_N_COLUMNS,
    CQ_SHOW_N_SLOTS = CQ_SHOW_N_COLUMNS
};

/* clauses */
enum cq_clauses_slot {
    CQ_CLAUSES_CLAUSE,
    CQ_CLAUSES_TITLE,
    CQ_CLAUSES_ORIGIN,
    CQ_CLAUSES_PARENT,
    CQ_CLAUSES_DEPTH,
    CQ_CLAUSES_N_COLUMNS,
    CQ_CLAUSES_STANDARD = CQ_CLAUSES_N_COLUMNS, /* hidden */
    CQ_CLAUSES_NUMBER,
    CQ_CLAUSES_SOURCE,
    CQ_CLAUSES_N_SLOTS
};

/* clauses ... with terms: the clauses' columns and `matched`. */
enum cq_clauses_terms_slot {
    CQ_CLAUSES_TERMS_CLAUSE,
    CQ_CLAUSES_TERMS_TITLE,
    CQ_CLAUSES_TERMS_ORIGIN,
    CQ_CLAUSES_TERMS_PARENT,
    CQ_CLAUSES_TERMS_DEPTH,
    CQ_CLAUSES_TERMS_MATCHED,
    CQ_CLAUSES_TERMS_N_COLUMNS,
    CQ_CLAUSES_TERMS_STANDARD = CQ_CLAUSES_TERMS_N_COLUMNS, /* hidden */
    CQ_CLAUSES_TERMS_NUMBER,
    CQ_CLAUSES_TERMS_SOURCE,
    CQ_CLAUSES_TERMS_N_SLOTS
};

/* correlate ... via A then B, via any: a row a route. */
enum cq_routes_slot {
    CQ_ROUTES_FROM,
    CQ_ROUTES_FROM_TITLE,
    CQ_ROUTES_TO,
    CQ_ROUTES_TO_TITLE,
    CQ_ROUTES_RELATION,
    CQ_ROUTES_STRENGTH,
    CQ_ROUTES_CONFIDENCE,
    CQ_ROUTES_HIGH,
    CQ_ROUTES_KIND,
    CQ_ROUTES_HOPS,
    CQ_ROUTES_ROUTE,
    CQ_ROUTES_ROUTES,
    CQ_ROUTES_N_COLUMNS,
    CQ_ROUTES_BEST = CQ_ROUTES_N_COLUMNS, /* hidden */
    CQ_ROUTES_TO_STANDARD,
    CQ_ROUTES_FROM_STANDARD,
    CQ_ROUTES_N_SLOTS
};

/* correlate */
enum cq_correlate_slot {
    CQ_CORRELATE_FROM,
    CQ_CORRELATE_FROM_TITLE,
    CQ_CORRELATE_TO,
    CQ_CORRELATE_TO_TITLE,
    CQ_CORRELATE_ANNEX,
    CQ_CORRELATE_RELATION,
    CQ_CORRELATE_STRENGTH,
    CQ_CORRELATE_CONFIDENCE,
    CQ_CORRELATE_HIGH,
    CQ_CORRELATE_SOURCE,
    CQ_CORRELATE_NOTE,
    CQ_CORRELATE_LAYER,
    CQ_CORRELATE_KIND,
    CQ_CORRELATE_N_COLUMNS,
    CQ_CORRELATE_TO_STANDARD = CQ_CORRELATE_N_COLUMNS, /* hidden */
    CQ_CORRELATE_TO_ORIGIN,
    CQ_CORRELATE_TO_DEPTH,
    CQ_CORRELATE_TO_NUMBER,
    CQ_CORRELATE_FROM_STANDARD,
    CQ_CORRELATE_FROM_ORIGIN,
    CQ_CORRELATE_FROM_DEPTH,
    CQ_CORRELATE_FROM_NUMBER,
    CQ_CORRELATE_DIRECTION,
    CQ_CORRELATE_N_SLOTS
};

/* gap */
enum cq_gap_slot {
    CQ_GAP_CLAUSE,
    CQ_GAP_TITLE,
    CQ_GAP_ORIGIN,
    CQ_GAP_STATUS,
    CQ_GAP_CONFIDENCE,
    CQ_GAP_NOTE,
    CQ_GAP_N_COLUMNS,
    CQ_GAP_DEPTH = CQ_GAP_N_COLUMNS, /* hidden */
    CQ_GAP_STANDARD,
    CQ_GAP_NUMBER,
    CQ_GAP_N_SLOTS
};

/* gap between A and B: gap's row with `against` after origin. */
enum cq_gap_between_slot {
    CQ_GAP_BETWEEN_CLAUSE,
    CQ_GAP_BETWEEN_TITLE,
    CQ_GAP_BETWEEN_ORIGIN,
    CQ_GAP_BETWEEN_AGAINST,
    CQ_GAP_BETWEEN_STATUS,
    CQ_GAP_BETWEEN_CONFIDENCE,
    CQ_GAP_BETWEEN_NOTE,
    CQ_GAP_BETWEEN_N_COLUMNS,
    CQ_GAP_BETWEEN_DEPTH = CQ_GAP_BETWEEN_N_COLUMNS, /* hidden */
    CQ_GAP_BETWEEN_STANDARD,
    CQ_GAP_BETWEEN_NUMBER,
    CQ_GAP_BETWEEN_N_SLOTS
};

/* The gap rows are made by one function for both shapes: before
** `against`, gap between's slots are gap's; past it, gap's moved one on. */
#define CQ_GAP_BETWEEN_SHIFT ((int)CQ_GAP_BETWEEN_STATUS - (int)CQ_GAP_STATUS)
#define CQ_GAP_SLOT_MOVED(name, by)                                            \
    ((int)CQ_GAP_BETWEEN_##name == (int)CQ_GAP_##name + (by))
_Static_assert(CQ_GAP_SLOT_MOVED(CLAUSE, 0) && CQ_GAP_SLOT_MOVED(TITLE, 0) &&
                   CQ_GAP_SLOT_MOVED(ORIGIN, 0) &&
                   (int)CQ_GAP_BETWEEN_AGAINST == (int)CQ_GAP_STATUS &&
                   CQ_GAP_BETWEEN_SHIFT == 1 &&
                   CQ_GAP_SLOT_MOVED(CONFIDENCE, 1) &&
                   CQ_GAP_SLOT_MOVED(NOTE, 1) && CQ_GAP_SLOT_MOVED(DEPTH, 1) &&
                   CQ_GAP_SLOT_MOVED(STANDARD, 1) &&
                   CQ_GAP_SLOT_MOVED(NUMBER, 1),
               "gap between is gap with one slot inserted at `against`");

/* coverage */
enum cq_coverage_slot {
    CQ_COVERAGE_STANDARD,
    CQ_COVERAGE_BY,
    CQ_COVERAGE_SCOPE,
    CQ_COVERAGE_COVERED,
    CQ_COVERAGE_TOTAL,
    CQ_COVERAGE_PERCENT,
    CQ_COVERAGE_N_COLUMNS,
    CQ_COVERAGE_N_SLOTS = CQ_COVERAGE_N_COLUMNS
};

/* terms (`relation(V)` is worked out, not a slot) */
enum cq_terms_slot {
    CQ_TERMS_TERM,
    CQ_TERMS_VOCABULARY,
    CQ_TERMS_ENTRY,
    CQ_TERMS_NAME,
    CQ_TERMS_HLS,
    CQ_TERMS_N_COLUMNS,
    CQ_TERMS_SOURCE = CQ_TERMS_N_COLUMNS, /* hidden */
    CQ_TERMS_N_SLOTS
};

/* term NAME: the term, then a row per link. */
enum cq_term_slot {
    CQ_TERM_TERM,
    CQ_TERM_VOCABULARY,
    CQ_TERM_NAME,
    CQ_TERM_HLS,
    CQ_TERM_LINKED,
    CQ_TERM_LINKED_NAME,
    CQ_TERM_RELATION,
    CQ_TERM_NOTE,
    CQ_TERM_N_COLUMNS,
    CQ_TERM_N_SLOTS = CQ_TERM_N_COLUMNS
};

/* standards: a row per standard, then per pair of standards. */
enum cq_standards_slot {
    CQ_STANDARDS_STANDARD,
    CQ_STANDARDS_OTHER,
    CQ_STANDARDS_TITLE,
    CQ_STANDARDS_YEAR,
    CQ_STANDARDS_ROLE,
    CQ_STANDARDS_CLAUSES,
    CQ_STANDARDS_EDGES,
    CQ_STANDARDS_HIGH,
    CQ_STANDARDS_MEDIUM,
    CQ_STANDARDS_LOW,
    CQ_STANDARDS_TERMS,
    CQ_STANDARDS_N_COLUMNS,
    CQ_STANDARDS_N_SLOTS = CQ_STANDARDS_N_COLUMNS
};

/* correlate ... via: the chain, then each hop's own (via_* the first,
** to_* the second). */
enum cq_via_slot {
    CQ_VIA_FROM,
    CQ_VIA_FROM_TITLE,
    CQ_VIA_VIA,
    CQ_VIA_VIA_TITLE,
    CQ_VIA_TO,
    CQ_VIA_TO_TITLE,
    CQ_VIA_RELATION,
    CQ_VIA_STRENGTH,
    CQ_VIA_CONFIDENCE,
    CQ_VIA_HIGH,
    CQ_VIA_VIA_RELATION,
    CQ_VIA_VIA_ANNEX,
    CQ_VIA_VIA_CONFIDENCE,
    CQ_VIA_VIA_SOURCE,
    CQ_VIA_VIA_LAYER,
    CQ_VIA_TO_RELATION,
    CQ_VIA_TO_ANNEX,
    CQ_VIA_TO_CONFIDENCE,
    CQ_VIA_TO_SOURCE,
    CQ_VIA_TO_LAYER,
    CQ_VIA_KIND,
    CQ_VIA_ROUTE,
    CQ_VIA_ROUTES,
    CQ_VIA_N_COLUMNS,
    CQ_VIA_TO_STANDARD = CQ_VIA_N_COLUMNS, /* hidden */
    CQ_VIA_TO_ORIGIN,
    CQ_VIA_TO_DEPTH,
    CQ_VIA_VIA_STANDARD,
    CQ_VIA_FROM_STANDARD,
    CQ_VIA_FROM_ORIGIN,
    CQ_VIA_FROM_DEPTH,
    CQ_VIA_VIA_DIRECTION,
    CQ_VIA_TO_DIRECTION,
    CQ_VIA_VIA_KIND,
    CQ_VIA_TO_KIND,
    CQ_VIA_BEST,
    CQ_VIA_N_SLOTS
};

/* path A to B: a row a hop of a path. */
enum cq_path_slot {
    CQ_PATH_PATH,
    CQ_PATH_HOP,
    CQ_PATH_FROM,
    CQ_PATH_FROM_TITLE,
    CQ_PATH_TO,
    CQ_PATH_TO_TITLE,
    CQ_PATH_ANNEX,
    CQ_PATH_RELATION,
    CQ_PATH_STRENGTH,
    CQ_PATH_CONFIDENCE,
    CQ_PATH_HIGH,
    CQ_PATH_SOURCE,
    CQ_PATH_LAYER,
    CQ_PATH_KIND,
    CQ_PATH_ROUTE, /* the whole path, as a route */
    CQ_PATH_ROUTE_RELATION,
    CQ_PATH_ROUTE_STRENGTH,
    CQ_PATH_ROUTE_CONFIDENCE,
    CQ_PATH_ROUTE_KIND,
    CQ_PATH_ROUTES, /* how many shortest paths */
    CQ_PATH_N_COLUMNS,
    CQ_PATH_N_SLOTS = CQ_PATH_N_COLUMNS
};

/* A composed correlation, as gap and coverage `with` test it (reach.h):
** annex is the last hop's. */
enum cq_link_slot {
    CQ_LINK_RELATION,
    CQ_LINK_STRENGTH,
    CQ_LINK_CONFIDENCE,
    CQ_LINK_KIND,
    CQ_LINK_HOPS,
    CQ_LINK_ANNEX,
    CQ_LINK_N_COLUMNS,
    CQ_LINK_N_SLOTS = CQ_LINK_N_COLUMNS
};

/* check */
enum cq_check_slot {
    CQ_CHECK_CHECK,
    CQ_CHECK_SUBJECT,
    CQ_CHECK_DETAIL,
    CQ_CHECK_N_COLUMNS,
    CQ_CHECK_N_SLOTS = CQ_CHECK_N_COLUMNS
};

/* ---- the status layer (eval_status.c) ------------------------------------ */

/* status of */
enum cq_status_of_slot {
    CQ_STATUS_OF_CLAUSE,
    CQ_STATUS_OF_TITLE,
    CQ_STATUS_OF_STATUS,
    CQ_STATUS_OF_FROM,
    CQ_STATUS_OF_VIA,
    CQ_STATUS_OF_FROM_STATUS,
    CQ_STATUS_OF_RELATION,
    CQ_STATUS_OF_STRENGTH,
    CQ_STATUS_OF_CONFIDENCE,
    CQ_STATUS_OF_EVIDENCE,
    CQ_STATUS_OF_OWNER,
    CQ_STATUS_OF_REVIEWED,
    CQ_STATUS_OF_JUSTIFICATION,
    CQ_STATUS_OF_N_COLUMNS,
    CQ_STATUS_OF_N_SLOTS = CQ_STATUS_OF_N_COLUMNS
};

/* readiness */
enum cq_readiness_slot {
    CQ_READINESS_STANDARD,
    CQ_READINESS_FROM,
    CQ_READINESS_SCOPE,
    CQ_READINESS_TITLE,
    CQ_READINESS_CLAUSES,
    CQ_READINESS_IMPLEMENTED,
    CQ_READINESS_DERIVED,
    CQ_READINESS_PARTIAL,
    CQ_READINESS_OPEN,
    CQ_READINESS_NOT_APPLICABLE,
    CQ_READINESS_PERCENT,
    CQ_READINESS_N_COLUMNS,
    CQ_READINESS_N_SLOTS = CQ_READINESS_N_COLUMNS
};

/* worklist */
enum cq_worklist_slot {
    CQ_WORKLIST_CLAUSE,
    CQ_WORKLIST_TITLE,
    CQ_WORKLIST_STATUS,
    CQ_WORKLIST_BEST_MATCH,
    CQ_WORKLIST_BEST_TITLE,
    CQ_WORKLIST_BEST_STATUS,
    CQ_WORKLIST_RELATION,
    CQ_WORKLIST_STRENGTH,
    CQ_WORKLIST_EVIDENCE,
    CQ_WORKLIST_N_COLUMNS,
    CQ_WORKLIST_N_SLOTS = CQ_WORKLIST_N_COLUMNS
};

/* soa */
enum cq_soa_slot {
    CQ_SOA_CONTROL,
    CQ_SOA_TITLE,
    CQ_SOA_APPLICABLE,
    CQ_SOA_STATUS,
    CQ_SOA_JUSTIFICATION,
    CQ_SOA_EVIDENCE,
    CQ_SOA_OWNER,
    CQ_SOA_REVIEWED,
    CQ_SOA_SERVES,
    CQ_SOA_N_COLUMNS,
    CQ_SOA_N_SLOTS = CQ_SOA_N_COLUMNS
};

/* audit plan */
enum cq_audit_slot {
    CQ_AUDIT_HLS,
    CQ_AUDIT_TITLE,
    CQ_AUDIT_KIND,
    CQ_AUDIT_QUESTION,
    CQ_AUDIT_CLAUSES,
    CQ_AUDIT_STATUS,
    CQ_AUDIT_EVIDENCE,
    CQ_AUDIT_DONE,
    CQ_AUDIT_N_COLUMNS,
    CQ_AUDIT_N_SLOTS = CQ_AUDIT_N_COLUMNS
};

/* What a status link condition (`status of ... where strength >= 6`)
** reads. */
enum cq_status_link_slot {
    CQ_STATUS_LINK_FROM,
    CQ_STATUS_LINK_FROM_STATUS,
    CQ_STATUS_LINK_RELATION,
    CQ_STATUS_LINK_STRENGTH,
    CQ_STATUS_LINK_CONFIDENCE,
    CQ_STATUS_LINK_ANNEX,
    CQ_STATUS_LINK_FROM_STANDARD,
    CQ_STATUS_LINK_VIA,
    CQ_STATUS_LINK_LAYER,
    CQ_STATUS_LINK_N_COLUMNS,
    CQ_STATUS_LINK_N_SLOTS = CQ_STATUS_LINK_N_COLUMNS
};

#endif
