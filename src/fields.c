/*
** fields.c -- the row shape of every statement and the test of a compiled
** condition against a row.
**
** Columns are what a statement shows; fields are what its `where` can
** test: every column, plus hidden ones (the target's standard, origin and
** depth for correlate) and aliases (`title` for `to_title`).  Keeping both
** in one table per statement means a new column is testable at once.
** The shape a plan starts with is the one its row of statements.h names
** (cq_shape_for), the status statements' among them.
*/
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#define CQ_AVX2 1 /* an AVX2 title search, chosen when the processor has it */
#include <immintrin.h>
#endif

#include "concord.h"
#include "cpu.h"
#include "fold.h"
#include "plan.h"

/*
** Every row that rests on an edge shows the edge's confidence, a `high`
** column that holds "*" when it is high (so the trustworthy rows stand out
** in a table; `| select` drops it), and the layer the edge came from.
*/

/* ---- show ---------------------------------------------------------------- */
static const char *const show_columns[] = {
    [CQ_SHOW_ROLE] = "role",         [CQ_SHOW_CLAUSE] = "clause",
    [CQ_SHOW_TITLE] = "title",       [CQ_SHOW_ORIGIN] = "origin",
    [CQ_SHOW_ANNEX] = "annex",       [CQ_SHOW_RELATION] = "relation",
    [CQ_SHOW_STRENGTH] = "strength", [CQ_SHOW_CONFIDENCE] = "confidence",
    [CQ_SHOW_HIGH] = "high",         [CQ_SHOW_SOURCE] = "source",
    [CQ_SHOW_NOTE] = "note",         [CQ_SHOW_LAYER] = "layer",
    [CQ_SHOW_KIND] = "kind",
};
static const cq_field show_fields[] = {
    {"role", CQ_F_TEXT, CQ_SHOW_ROLE},
    {"clause", CQ_F_TEXT, CQ_SHOW_CLAUSE},
    {"title", CQ_F_TEXT, CQ_SHOW_TITLE},
    {"origin", CQ_F_ORIGIN, CQ_SHOW_ORIGIN},
    {"annex", CQ_F_ANNEX, CQ_SHOW_ANNEX},
    {"relation", CQ_F_RELATION, CQ_SHOW_RELATION},
    {"strength", CQ_F_INT, CQ_SHOW_STRENGTH},
    {"confidence", CQ_F_CONFIDENCE, CQ_SHOW_CONFIDENCE},
    {"high", CQ_F_TEXT, CQ_SHOW_HIGH},
    {"source", CQ_F_TEXT, CQ_SHOW_SOURCE},
    {"note", CQ_F_TEXT, CQ_SHOW_NOTE},
    {"layer", CQ_F_TEXT, CQ_SHOW_LAYER},
    {"kind", CQ_F_KIND, CQ_SHOW_KIND},
};

/* ---- clauses ------------------------------------------------------------- */
static const char *const clauses_columns[] = {
    [CQ_CLAUSES_CLAUSE] = "clause", [CQ_CLAUSES_TITLE] = "title",
    [CQ_CLAUSES_ORIGIN] = "origin", [CQ_CLAUSES_PARENT] = "parent",
    [CQ_CLAUSES_DEPTH] = "depth",
};
static const cq_field clauses_fields[] = {
    {"clause", CQ_F_CLAUSE, CQ_CLAUSES_CLAUSE},
    {"title", CQ_F_TEXT, CQ_CLAUSES_TITLE},
    {"origin", CQ_F_ORIGIN, CQ_CLAUSES_ORIGIN},
    {"parent", CQ_F_CLAUSE, CQ_CLAUSES_PARENT},
    {"depth", CQ_F_INT, CQ_CLAUSES_DEPTH},
    {"standard", CQ_F_STANDARD, CQ_CLAUSES_STANDARD},
    {"number", CQ_F_TEXT, CQ_CLAUSES_NUMBER},
    {"source", CQ_F_TEXT, CQ_CLAUSES_SOURCE},
};

/* ---- clauses ... with terms ------------------------------------------------
 */
static const char *const clauses_terms_columns[] = {
    [CQ_CLAUSES_TERMS_CLAUSE] = "clause",
    [CQ_CLAUSES_TERMS_TITLE] = "title",
    [CQ_CLAUSES_TERMS_ORIGIN] = "origin",
    [CQ_CLAUSES_TERMS_PARENT] = "parent",
    [CQ_CLAUSES_TERMS_DEPTH] = "depth",
    [CQ_CLAUSES_TERMS_MATCHED] = "matched",
};
static const cq_field clauses_terms_fields[] = {
    {"clause", CQ_F_CLAUSE, CQ_CLAUSES_TERMS_CLAUSE},
    {"title", CQ_F_TEXT, CQ_CLAUSES_TERMS_TITLE},
    {"origin", CQ_F_ORIGIN, CQ_CLAUSES_TERMS_ORIGIN},
    {"parent", CQ_F_CLAUSE, CQ_CLAUSES_TERMS_PARENT},
    {"depth", CQ_F_INT, CQ_CLAUSES_TERMS_DEPTH},
    {"matched", CQ_F_TEXT, CQ_CLAUSES_TERMS_MATCHED},
    {"standard", CQ_F_STANDARD, CQ_CLAUSES_TERMS_STANDARD},
    {"number", CQ_F_TEXT, CQ_CLAUSES_TERMS_NUMBER},
    {"source", CQ_F_TEXT, CQ_CLAUSES_TERMS_SOURCE},
};

/* ---- correlate ... via A then B, via any ----------------------------------
 */
/* A row a route: what it claims composed (route.h), how many hops, the
** route spelled out, and how many routes join the same two clauses. */
static const char *const routes_columns[] = {
    [CQ_ROUTES_FROM] = "from",
    [CQ_ROUTES_FROM_TITLE] = "from_title",
    [CQ_ROUTES_TO] = "to",
    [CQ_ROUTES_TO_TITLE] = "to_title",
    [CQ_ROUTES_RELATION] = "relation",
    [CQ_ROUTES_STRENGTH] = "strength",
    [CQ_ROUTES_CONFIDENCE] = "confidence",
    [CQ_ROUTES_HIGH] = "high",
    [CQ_ROUTES_KIND] = "kind",
    [CQ_ROUTES_HOPS] = "hops",
    [CQ_ROUTES_ROUTE] = "route",
    [CQ_ROUTES_ROUTES] = "routes",
};
static const cq_field routes_fields[] = {
    {"from", CQ_F_CLAUSE, CQ_ROUTES_FROM},
    {"from_title", CQ_F_TEXT, CQ_ROUTES_FROM_TITLE},
    {"to", CQ_F_CLAUSE, CQ_ROUTES_TO},
    {"to_title", CQ_F_TEXT, CQ_ROUTES_TO_TITLE},
    {"relation", CQ_F_RELATION, CQ_ROUTES_RELATION},
    {"strength", CQ_F_INT, CQ_ROUTES_STRENGTH},
    {"confidence", CQ_F_CONFIDENCE, CQ_ROUTES_CONFIDENCE},
    {"high", CQ_F_TEXT, CQ_ROUTES_HIGH},
    {"kind", CQ_F_KIND, CQ_ROUTES_KIND},
    {"hops", CQ_F_INT, CQ_ROUTES_HOPS},
    {"route", CQ_F_TEXT, CQ_ROUTES_ROUTE},
    {"routes", CQ_F_INT, CQ_ROUTES_ROUTES},
    {"best", CQ_F_YESNO, CQ_ROUTES_BEST},
    {"standard", CQ_F_STANDARD, CQ_ROUTES_TO_STANDARD},
    {"to_standard", CQ_F_STANDARD, CQ_ROUTES_TO_STANDARD},
    {"from_standard", CQ_F_STANDARD, CQ_ROUTES_FROM_STANDARD},
    {"title", CQ_F_TEXT, CQ_ROUTES_TO_TITLE},
};

/* ---- correlate ----------------------------------------------------------- */
static const char *const correlate_columns[] = {
    [CQ_CORRELATE_FROM] = "from",
    [CQ_CORRELATE_FROM_TITLE] = "from_title",
    [CQ_CORRELATE_TO] = "to",
    [CQ_CORRELATE_TO_TITLE] = "to_title",
    [CQ_CORRELATE_ANNEX] = "annex",
    [CQ_CORRELATE_RELATION] = "relation",
    [CQ_CORRELATE_STRENGTH] = "strength",
    [CQ_CORRELATE_CONFIDENCE] = "confidence",
    [CQ_CORRELATE_HIGH] = "high",
    [CQ_CORRELATE_SOURCE] = "source",
    [CQ_CORRELATE_NOTE] = "note",
    [CQ_CORRELATE_LAYER] = "layer",
    [CQ_CORRELATE_KIND] = "kind",
};
static const cq_field correlate_fields[] = {
    {"from", CQ_F_CLAUSE, CQ_CORRELATE_FROM},
    {"from_title", CQ_F_TEXT, CQ_CORRELATE_FROM_TITLE},
    {"to", CQ_F_CLAUSE, CQ_CORRELATE_TO},
    {"to_title", CQ_F_TEXT, CQ_CORRELATE_TO_TITLE},
    {"annex", CQ_F_ANNEX, CQ_CORRELATE_ANNEX},
    {"relation", CQ_F_RELATION, CQ_CORRELATE_RELATION},
    {"strength", CQ_F_INT, CQ_CORRELATE_STRENGTH},
    {"confidence", CQ_F_CONFIDENCE, CQ_CORRELATE_CONFIDENCE},
    {"high", CQ_F_TEXT, CQ_CORRELATE_HIGH},
    {"source", CQ_F_TEXT, CQ_CORRELATE_SOURCE},
    {"note", CQ_F_TEXT, CQ_CORRELATE_NOTE},
    {"layer", CQ_F_TEXT, CQ_CORRELATE_LAYER},
    {"kind", CQ_F_KIND, CQ_CORRELATE_KIND},
    {"standard", CQ_F_STANDARD, CQ_CORRELATE_TO_STANDARD},
    {"to_standard", CQ_F_STANDARD, CQ_CORRELATE_TO_STANDARD},
    {"origin", CQ_F_ORIGIN, CQ_CORRELATE_TO_ORIGIN},
    {"to_origin", CQ_F_ORIGIN, CQ_CORRELATE_TO_ORIGIN},
    {"depth", CQ_F_INT, CQ_CORRELATE_TO_DEPTH},
    {"to_depth", CQ_F_INT, CQ_CORRELATE_TO_DEPTH},
    {"title", CQ_F_TEXT, CQ_CORRELATE_TO_TITLE},
    {"number", CQ_F_TEXT, CQ_CORRELATE_TO_NUMBER},
    {"to_number", CQ_F_TEXT, CQ_CORRELATE_TO_NUMBER},
    {"from_standard", CQ_F_STANDARD, CQ_CORRELATE_FROM_STANDARD},
    {"from_origin", CQ_F_ORIGIN, CQ_CORRELATE_FROM_ORIGIN},
    {"from_depth", CQ_F_INT, CQ_CORRELATE_FROM_DEPTH},
    {"from_number", CQ_F_TEXT, CQ_CORRELATE_FROM_NUMBER},
    {"direction", CQ_F_DIRECTION, CQ_CORRELATE_DIRECTION},
};

/* ---- gap ----------------------------------------------------------------- */
static const char *const gap_columns[] = {
    [CQ_GAP_CLAUSE] = "clause",         [CQ_GAP_TITLE] = "title",
    [CQ_GAP_ORIGIN] = "origin",         [CQ_GAP_STATUS] = "status",
    [CQ_GAP_CONFIDENCE] = "confidence", [CQ_GAP_NOTE] = "note",
};
static const cq_field gap_fields[] = {
    {"clause", CQ_F_CLAUSE, CQ_GAP_CLAUSE},
    {"title", CQ_F_TEXT, CQ_GAP_TITLE},
    {"origin", CQ_F_ORIGIN, CQ_GAP_ORIGIN},
    {"status", CQ_F_TEXT, CQ_GAP_STATUS},
    {"confidence", CQ_F_CONFIDENCE, CQ_GAP_CONFIDENCE},
    {"note", CQ_F_TEXT, CQ_GAP_NOTE},
    {"depth", CQ_F_INT, CQ_GAP_DEPTH},
    {"standard", CQ_F_STANDARD, CQ_GAP_STANDARD},
    {"number", CQ_F_TEXT, CQ_GAP_NUMBER},
};

/* ---- coverage ------------------------------------------------------------ */
static const char *const coverage_columns[] = {
    [CQ_COVERAGE_STANDARD] = "standard", [CQ_COVERAGE_BY] = "by",
    [CQ_COVERAGE_SCOPE] = "scope",       [CQ_COVERAGE_COVERED] = "covered",
    [CQ_COVERAGE_TOTAL] = "total",       [CQ_COVERAGE_PERCENT] = "percent",
};
static const cq_field coverage_fields[] = {
    {"standard", CQ_F_TEXT, CQ_COVERAGE_STANDARD},
    {"by", CQ_F_TEXT, CQ_COVERAGE_BY},
    {"scope", CQ_F_TEXT, CQ_COVERAGE_SCOPE},
    {"covered", CQ_F_INT, CQ_COVERAGE_COVERED},
    {"total", CQ_F_INT, CQ_COVERAGE_TOTAL},
    {"percent", CQ_F_REAL, CQ_COVERAGE_PERCENT},
};

/* ---- terms --------------------------------------------------------------- */
static const char *const terms_columns[] = {
    [CQ_TERMS_TERM] = "term",   [CQ_TERMS_VOCABULARY] = "vocabulary",
    [CQ_TERMS_ENTRY] = "entry", [CQ_TERMS_NAME] = "name",
    [CQ_TERMS_HLS] = "hls",
};
static const cq_field terms_fields[] = {
    {"term", CQ_F_TEXT, CQ_TERMS_TERM},
    {"vocabulary", CQ_F_STANDARD, CQ_TERMS_VOCABULARY},
    {"entry", CQ_F_TEXT, CQ_TERMS_ENTRY},
    {"name", CQ_F_TEXT, CQ_TERMS_NAME},
    {"hls", CQ_F_YESNO, CQ_TERMS_HLS},
    {"source", CQ_F_TEXT, CQ_TERMS_SOURCE},
    {"relation", CQ_F_TERMREL, -1},
};

/* ---- term ---------------------------------------------------------------- */
static const char *const term_columns[] = {
    [CQ_TERM_TERM] = "term",         [CQ_TERM_VOCABULARY] = "vocabulary",
    [CQ_TERM_NAME] = "name",         [CQ_TERM_HLS] = "hls",
    [CQ_TERM_LINKED] = "linked",     [CQ_TERM_LINKED_NAME] = "linked_name",
    [CQ_TERM_RELATION] = "relation", [CQ_TERM_NOTE] = "note",
};
static const cq_field term_fields[] = {
    {"term", CQ_F_TEXT, CQ_TERM_TERM},
    {"vocabulary", CQ_F_STANDARD, CQ_TERM_VOCABULARY},
    {"name", CQ_F_TEXT, CQ_TERM_NAME},
    {"hls", CQ_F_YESNO, CQ_TERM_HLS},
    {"linked", CQ_F_TEXT, CQ_TERM_LINKED},
    {"linked_name", CQ_F_TEXT, CQ_TERM_LINKED_NAME},
    {"relation", CQ_F_TEXT, CQ_TERM_RELATION},
    {"note", CQ_F_TEXT, CQ_TERM_NOTE},
};

/* ---- standards ----------------------------------------------------------- */
/* A row per standard, then a row per pair of standards that edges join
** (`other` set): how many edges, of which how many high, medium, low. */
static const char *const standards_columns[] = {
    [CQ_STANDARDS_STANDARD] = "standard", [CQ_STANDARDS_OTHER] = "other",
    [CQ_STANDARDS_TITLE] = "title",       [CQ_STANDARDS_YEAR] = "year",
    [CQ_STANDARDS_ROLE] = "role",         [CQ_STANDARDS_CLAUSES] = "clauses",
    [CQ_STANDARDS_EDGES] = "edges",       [CQ_STANDARDS_HIGH] = "high",
    [CQ_STANDARDS_MEDIUM] = "medium",     [CQ_STANDARDS_LOW] = "low",
    [CQ_STANDARDS_TERMS] = "terms",
};
static const cq_field standards_fields[] = {
    {"standard", CQ_F_STANDARD, CQ_STANDARDS_STANDARD},
    {"other", CQ_F_STANDARD, CQ_STANDARDS_OTHER},
    {"title", CQ_F_TEXT, CQ_STANDARDS_TITLE},
    {"year", CQ_F_INT, CQ_STANDARDS_YEAR},
    {"role", CQ_F_TEXT, CQ_STANDARDS_ROLE},
    {"clauses", CQ_F_INT, CQ_STANDARDS_CLAUSES},
    {"edges", CQ_F_INT, CQ_STANDARDS_EDGES},
    {"high", CQ_F_INT, CQ_STANDARDS_HIGH},
    {"medium", CQ_F_INT, CQ_STANDARDS_MEDIUM},
    {"low", CQ_F_INT, CQ_STANDARDS_LOW},
    {"terms", CQ_F_INT, CQ_STANDARDS_TERMS},
};

/* ---- correlate ... via --------------------------------------------------- */
/* The chain's relation, strength and confidence, then each hop's own:
** via_* the first (from -> via), to_* the second (via -> to). */
static const char *const via_columns[] = {
    [CQ_VIA_FROM] = "from",
    [CQ_VIA_FROM_TITLE] = "from_title",
    [CQ_VIA_VIA] = "via",
    [CQ_VIA_VIA_TITLE] = "via_title",
    [CQ_VIA_TO] = "to",
    [CQ_VIA_TO_TITLE] = "to_title",
    [CQ_VIA_RELATION] = "relation",
    [CQ_VIA_STRENGTH] = "strength",
    [CQ_VIA_CONFIDENCE] = "confidence",
    [CQ_VIA_HIGH] = "high",
    [CQ_VIA_VIA_RELATION] = "via_relation",
    [CQ_VIA_VIA_ANNEX] = "via_annex",
    [CQ_VIA_VIA_CONFIDENCE] = "via_confidence",
    [CQ_VIA_VIA_SOURCE] = "via_source",
    [CQ_VIA_VIA_LAYER] = "via_layer",
    [CQ_VIA_TO_RELATION] = "to_relation",
    [CQ_VIA_TO_ANNEX] = "to_annex",
    [CQ_VIA_TO_CONFIDENCE] = "to_confidence",
    [CQ_VIA_TO_SOURCE] = "to_source",
    [CQ_VIA_TO_LAYER] = "to_layer",
    [CQ_VIA_KIND] = "kind",
    [CQ_VIA_ROUTE] = "route",
    [CQ_VIA_ROUTES] = "routes",
};
static const cq_field via_fields[] = {
    {"from", CQ_F_CLAUSE, CQ_VIA_FROM},
    {"from_title", CQ_F_TEXT, CQ_VIA_FROM_TITLE},
    {"via", CQ_F_CLAUSE, CQ_VIA_VIA},
    {"via_title", CQ_F_TEXT, CQ_VIA_VIA_TITLE},
    {"to", CQ_F_CLAUSE, CQ_VIA_TO},
    {"to_title", CQ_F_TEXT, CQ_VIA_TO_TITLE},
    {"relation", CQ_F_RELATION, CQ_VIA_RELATION},
    {"strength", CQ_F_INT, CQ_VIA_STRENGTH},
    {"confidence", CQ_F_CONFIDENCE, CQ_VIA_CONFIDENCE},
    {"high", CQ_F_TEXT, CQ_VIA_HIGH},
    {"via_relation", CQ_F_RELATION, CQ_VIA_VIA_RELATION},
    {"via_annex", CQ_F_ANNEX, CQ_VIA_VIA_ANNEX},
    {"via_confidence", CQ_F_CONFIDENCE, CQ_VIA_VIA_CONFIDENCE},
    {"via_source", CQ_F_TEXT, CQ_VIA_VIA_SOURCE},
    {"via_layer", CQ_F_TEXT, CQ_VIA_VIA_LAYER},
    {"to_relation", CQ_F_RELATION, CQ_VIA_TO_RELATION},
    {"to_annex", CQ_F_ANNEX, CQ_VIA_TO_ANNEX},
    {"to_confidence", CQ_F_CONFIDENCE, CQ_VIA_TO_CONFIDENCE},
    {"to_source", CQ_F_TEXT, CQ_VIA_TO_SOURCE},
    {"to_layer", CQ_F_TEXT, CQ_VIA_TO_LAYER},
    {"kind", CQ_F_KIND, CQ_VIA_KIND},
    {"route", CQ_F_TEXT, CQ_VIA_ROUTE},
    {"routes", CQ_F_INT, CQ_VIA_ROUTES},
    {"standard", CQ_F_STANDARD, CQ_VIA_TO_STANDARD},
    {"to_standard", CQ_F_STANDARD, CQ_VIA_TO_STANDARD},
    {"origin", CQ_F_ORIGIN, CQ_VIA_TO_ORIGIN},
    {"to_origin", CQ_F_ORIGIN, CQ_VIA_TO_ORIGIN},
    {"depth", CQ_F_INT, CQ_VIA_TO_DEPTH},
    {"to_depth", CQ_F_INT, CQ_VIA_TO_DEPTH},
    {"title", CQ_F_TEXT, CQ_VIA_TO_TITLE},
    {"via_standard", CQ_F_STANDARD, CQ_VIA_VIA_STANDARD},
    {"from_standard", CQ_F_STANDARD, CQ_VIA_FROM_STANDARD},
    {"from_origin", CQ_F_ORIGIN, CQ_VIA_FROM_ORIGIN},
    {"from_depth", CQ_F_INT, CQ_VIA_FROM_DEPTH},
    {"via_direction", CQ_F_DIRECTION, CQ_VIA_VIA_DIRECTION},
    {"to_direction", CQ_F_DIRECTION, CQ_VIA_TO_DIRECTION},
    {"via_kind", CQ_F_KIND, CQ_VIA_VIA_KIND},
    {"to_kind", CQ_F_KIND, CQ_VIA_TO_KIND},
    {"best", CQ_F_YESNO, CQ_VIA_BEST},
};

/* ---- gap between --------------------------------------------------------- */
static const char *const gap2_columns[] = {
    [CQ_GAP_BETWEEN_CLAUSE] = "clause",
    [CQ_GAP_BETWEEN_TITLE] = "title",
    [CQ_GAP_BETWEEN_ORIGIN] = "origin",
    [CQ_GAP_BETWEEN_AGAINST] = "against",
    [CQ_GAP_BETWEEN_STATUS] = "status",
    [CQ_GAP_BETWEEN_CONFIDENCE] = "confidence",
    [CQ_GAP_BETWEEN_NOTE] = "note",
};
static const cq_field gap2_fields[] = {
    {"clause", CQ_F_CLAUSE, CQ_GAP_BETWEEN_CLAUSE},
    {"title", CQ_F_TEXT, CQ_GAP_BETWEEN_TITLE},
    {"origin", CQ_F_ORIGIN, CQ_GAP_BETWEEN_ORIGIN},
    {"against", CQ_F_STANDARD, CQ_GAP_BETWEEN_AGAINST},
    {"status", CQ_F_TEXT, CQ_GAP_BETWEEN_STATUS},
    {"confidence", CQ_F_CONFIDENCE, CQ_GAP_BETWEEN_CONFIDENCE},
    {"note", CQ_F_TEXT, CQ_GAP_BETWEEN_NOTE},
    {"depth", CQ_F_INT, CQ_GAP_BETWEEN_DEPTH},
    {"standard", CQ_F_STANDARD, CQ_GAP_BETWEEN_STANDARD},
    {"number", CQ_F_TEXT, CQ_GAP_BETWEEN_NUMBER},
};

/* ---- path ---------------------------------------------------------------- */
static const char *const path_columns[] = {
    [CQ_PATH_PATH] = "path",
    [CQ_PATH_HOP] = "hop",
    [CQ_PATH_FROM] = "from",
    [CQ_PATH_FROM_TITLE] = "from_title",
    [CQ_PATH_TO] = "to",
    [CQ_PATH_TO_TITLE] = "to_title",
    [CQ_PATH_ANNEX] = "annex",
    [CQ_PATH_RELATION] = "relation",
    [CQ_PATH_STRENGTH] = "strength",
    [CQ_PATH_CONFIDENCE] = "confidence",
    [CQ_PATH_HIGH] = "high",
    [CQ_PATH_SOURCE] = "source",
    [CQ_PATH_LAYER] = "layer",
    [CQ_PATH_KIND] = "kind",
    [CQ_PATH_ROUTE] = "route",
    [CQ_PATH_ROUTE_RELATION] = "route_relation",
    [CQ_PATH_ROUTE_STRENGTH] = "route_strength",
    [CQ_PATH_ROUTE_CONFIDENCE] = "route_confidence",
    [CQ_PATH_ROUTE_KIND] = "route_kind",
    [CQ_PATH_ROUTES] = "routes",
};
static const cq_field path_fields[] = {
    {"path", CQ_F_INT, CQ_PATH_PATH},
    {"hop", CQ_F_INT, CQ_PATH_HOP},
    {"from", CQ_F_CLAUSE, CQ_PATH_FROM},
    {"from_title", CQ_F_TEXT, CQ_PATH_FROM_TITLE},
    {"to", CQ_F_CLAUSE, CQ_PATH_TO},
    {"to_title", CQ_F_TEXT, CQ_PATH_TO_TITLE},
    {"annex", CQ_F_ANNEX, CQ_PATH_ANNEX},
    {"relation", CQ_F_RELATION, CQ_PATH_RELATION},
    {"strength", CQ_F_INT, CQ_PATH_STRENGTH},
    {"confidence", CQ_F_CONFIDENCE, CQ_PATH_CONFIDENCE},
    {"high", CQ_F_TEXT, CQ_PATH_HIGH},
    {"source", CQ_F_TEXT, CQ_PATH_SOURCE},
    {"layer", CQ_F_TEXT, CQ_PATH_LAYER},
    {"kind", CQ_F_KIND, CQ_PATH_KIND},
    {"route", CQ_F_TEXT, CQ_PATH_ROUTE},
    {"route_relation", CQ_F_RELATION, CQ_PATH_ROUTE_RELATION},
    {"route_strength", CQ_F_INT, CQ_PATH_ROUTE_STRENGTH},
    {"route_confidence", CQ_F_CONFIDENCE, CQ_PATH_ROUTE_CONFIDENCE},
    {"route_kind", CQ_F_KIND, CQ_PATH_ROUTE_KIND},
    {"routes", CQ_F_INT, CQ_PATH_ROUTES},
};

/* ---- a composed correlation (gap and coverage `with`) ----------------------
 */
static const char *const link_columns[] = {
    [CQ_LINK_RELATION] = "relation",
    [CQ_LINK_STRENGTH] = "strength",
    [CQ_LINK_CONFIDENCE] = "confidence",
    [CQ_LINK_KIND] = "kind",
    [CQ_LINK_HOPS] = "hops",
    [CQ_LINK_ANNEX] = "annex",
};
static const cq_field link_fields[] = {
    {"relation", CQ_F_RELATION, CQ_LINK_RELATION},
    {"strength", CQ_F_INT, CQ_LINK_STRENGTH},
    {"confidence", CQ_F_CONFIDENCE, CQ_LINK_CONFIDENCE},
    {"kind", CQ_F_KIND, CQ_LINK_KIND},
    {"hops", CQ_F_INT, CQ_LINK_HOPS},
    {"annex", CQ_F_ANNEX, CQ_LINK_ANNEX},
};

/* ---- check --------------------------------------------------------------- */
static const char *const check_columns[] = {
    [CQ_CHECK_CHECK] = "check",
    [CQ_CHECK_SUBJECT] = "subject",
    [CQ_CHECK_DETAIL] = "detail",
};
static const cq_field check_fields[] = {
    {"check", CQ_F_TEXT, CQ_CHECK_CHECK},
    {"subject", CQ_F_TEXT, CQ_CHECK_SUBJECT},
    {"detail", CQ_F_TEXT, CQ_CHECK_DETAIL},
};

CQ_STATEMENT_SHAPE(show, CQ_SHOW);
CQ_STATEMENT_SHAPE(clauses, CQ_CLAUSES);
CQ_STATEMENT_SHAPE(correlate, CQ_CORRELATE);
CQ_STATEMENT_SHAPE(gap, CQ_GAP);
CQ_STATEMENT_SHAPE(coverage, CQ_COVERAGE);
CQ_SHAPE_DEFINE(via, CQ_VIA);
CQ_SHAPE_DEFINE(gap2, CQ_GAP_BETWEEN);
CQ_STATEMENT_SHAPE(path, CQ_PATH);
CQ_STATEMENT_SHAPE(check, CQ_CHECK);
CQ_SHAPE_DEFINE(link, CQ_LINK);
CQ_SHAPE_DEFINE(routes, CQ_ROUTES);
CQ_SHAPE_DEFINE(clauses_terms, CQ_CLAUSES_TERMS);
CQ_STATEMENT_SHAPE(terms, CQ_TERMS);
CQ_STATEMENT_SHAPE(term, CQ_TERM);
CQ_STATEMENT_SHAPE(standards, CQ_STANDARDS);

/* The status statements' shapes (their workers are in eval_status.c). */

static const char *const status_of_columns[] = {
    [CQ_STATUS_OF_CLAUSE] = "clause",
    [CQ_STATUS_OF_TITLE] = "title",
    [CQ_STATUS_OF_STATUS] = "status",
    [CQ_STATUS_OF_FROM] = "from",
    [CQ_STATUS_OF_VIA] = "via",
    [CQ_STATUS_OF_FROM_STATUS] = "from_status",
    [CQ_STATUS_OF_RELATION] = "relation",
    [CQ_STATUS_OF_STRENGTH] = "strength",
    [CQ_STATUS_OF_CONFIDENCE] = "confidence",
    [CQ_STATUS_OF_EVIDENCE] = "evidence",
    [CQ_STATUS_OF_OWNER] = "owner",
    [CQ_STATUS_OF_REVIEWED] = "reviewed",
    [CQ_STATUS_OF_JUSTIFICATION] = "justification",
};
static const cq_field status_of_fields[] = {
    {"clause", CQ_F_CLAUSE, CQ_STATUS_OF_CLAUSE},
    {"title", CQ_F_TEXT, CQ_STATUS_OF_TITLE},
    {"status", CQ_F_TEXT, CQ_STATUS_OF_STATUS},
    {"from", CQ_F_CLAUSE, CQ_STATUS_OF_FROM},
    {"via", CQ_F_CLAUSE, CQ_STATUS_OF_VIA},
    {"from_status", CQ_F_TEXT, CQ_STATUS_OF_FROM_STATUS},
    {"relation", CQ_F_RELATION, CQ_STATUS_OF_RELATION},
    {"strength", CQ_F_INT, CQ_STATUS_OF_STRENGTH},
    {"confidence", CQ_F_CONFIDENCE, CQ_STATUS_OF_CONFIDENCE},
    {"evidence", CQ_F_TEXT, CQ_STATUS_OF_EVIDENCE},
    {"owner", CQ_F_TEXT, CQ_STATUS_OF_OWNER},
    {"reviewed", CQ_F_TEXT, CQ_STATUS_OF_REVIEWED},
    {"justification", CQ_F_TEXT, CQ_STATUS_OF_JUSTIFICATION},
};

static const char *const readiness_columns[] = {
    [CQ_READINESS_STANDARD] = "standard",
    [CQ_READINESS_FROM] = "from",
    [CQ_READINESS_SCOPE] = "scope",
    [CQ_READINESS_TITLE] = "title",
    [CQ_READINESS_CLAUSES] = "clauses",
    [CQ_READINESS_IMPLEMENTED] = "implemented",
    [CQ_READINESS_DERIVED] = "derived",
    [CQ_READINESS_PARTIAL] = "partial",
    [CQ_READINESS_OPEN] = "open",
    [CQ_READINESS_NOT_APPLICABLE] = "not_applicable",
    [CQ_READINESS_PERCENT] = "percent",
};
static const cq_field readiness_fields[] = {
    {"standard", CQ_F_STANDARD, CQ_READINESS_STANDARD},
    {"from", CQ_F_TEXT, CQ_READINESS_FROM},
    {"scope", CQ_F_TEXT, CQ_READINESS_SCOPE},
    {"title", CQ_F_TEXT, CQ_READINESS_TITLE},
    {"clauses", CQ_F_INT, CQ_READINESS_CLAUSES},
    {"implemented", CQ_F_INT, CQ_READINESS_IMPLEMENTED},
    {"derived", CQ_F_INT, CQ_READINESS_DERIVED},
    {"partial", CQ_F_INT, CQ_READINESS_PARTIAL},
    {"open", CQ_F_INT, CQ_READINESS_OPEN},
    {"not_applicable", CQ_F_INT, CQ_READINESS_NOT_APPLICABLE},
    {"percent", CQ_F_REAL, CQ_READINESS_PERCENT},
};

static const char *const worklist_columns[] = {
    [CQ_WORKLIST_CLAUSE] = "clause",
    [CQ_WORKLIST_TITLE] = "title",
    [CQ_WORKLIST_STATUS] = "status",
    [CQ_WORKLIST_BEST_MATCH] = "best_match",
    [CQ_WORKLIST_BEST_TITLE] = "best_title",
    [CQ_WORKLIST_BEST_STATUS] = "best_status",
    [CQ_WORKLIST_RELATION] = "relation",
    [CQ_WORKLIST_STRENGTH] = "strength",
    [CQ_WORKLIST_EVIDENCE] = "evidence",
};
static const cq_field worklist_fields[] = {
    {"clause", CQ_F_CLAUSE, CQ_WORKLIST_CLAUSE},
    {"title", CQ_F_TEXT, CQ_WORKLIST_TITLE},
    {"status", CQ_F_TEXT, CQ_WORKLIST_STATUS},
    {"best_match", CQ_F_CLAUSE, CQ_WORKLIST_BEST_MATCH},
    {"best_title", CQ_F_TEXT, CQ_WORKLIST_BEST_TITLE},
    {"best_status", CQ_F_TEXT, CQ_WORKLIST_BEST_STATUS},
    {"relation", CQ_F_RELATION, CQ_WORKLIST_RELATION},
    {"strength", CQ_F_INT, CQ_WORKLIST_STRENGTH},
    {"evidence", CQ_F_TEXT, CQ_WORKLIST_EVIDENCE},
};

static const char *const soa_columns[] = {
    [CQ_SOA_CONTROL] = "control",
    [CQ_SOA_TITLE] = "title",
    [CQ_SOA_APPLICABLE] = "applicable",
    [CQ_SOA_STATUS] = "status",
    [CQ_SOA_JUSTIFICATION] = "justification",
    [CQ_SOA_EVIDENCE] = "evidence",
    [CQ_SOA_OWNER] = "owner",
    [CQ_SOA_REVIEWED] = "reviewed",
    [CQ_SOA_SERVES] = "serves",
};
static const cq_field soa_fields[] = {
    {"control", CQ_F_CLAUSE, CQ_SOA_CONTROL},
    {"title", CQ_F_TEXT, CQ_SOA_TITLE},
    {"applicable", CQ_F_TEXT, CQ_SOA_APPLICABLE},
    {"status", CQ_F_TEXT, CQ_SOA_STATUS},
    {"justification", CQ_F_TEXT, CQ_SOA_JUSTIFICATION},
    {"evidence", CQ_F_TEXT, CQ_SOA_EVIDENCE},
    {"owner", CQ_F_TEXT, CQ_SOA_OWNER},
    {"reviewed", CQ_F_TEXT, CQ_SOA_REVIEWED},
    {"serves", CQ_F_TEXT, CQ_SOA_SERVES},
};

static const char *const audit_columns[] = {
    [CQ_AUDIT_HLS] = "hls",           [CQ_AUDIT_TITLE] = "title",
    [CQ_AUDIT_KIND] = "kind",         [CQ_AUDIT_QUESTION] = "question",
    [CQ_AUDIT_CLAUSES] = "clauses",   [CQ_AUDIT_STATUS] = "status",
    [CQ_AUDIT_EVIDENCE] = "evidence", [CQ_AUDIT_DONE] = "done",
};
static const cq_field audit_fields[] = {
    {"hls", CQ_F_TEXT, CQ_AUDIT_HLS},
    {"title", CQ_F_TEXT, CQ_AUDIT_TITLE},
    {"kind", CQ_F_TEXT, CQ_AUDIT_KIND},
    {"question", CQ_F_TEXT, CQ_AUDIT_QUESTION},
    {"clauses", CQ_F_TEXT, CQ_AUDIT_CLAUSES},
    {"status", CQ_F_TEXT, CQ_AUDIT_STATUS},
    {"evidence", CQ_F_TEXT, CQ_AUDIT_EVIDENCE},
    {"done", CQ_F_TEXT, CQ_AUDIT_DONE},
};

/* What a link condition (`status of ... where strength >= 6`) reads. */
static const char *const status_link_columns[] = {
    [CQ_STATUS_LINK_FROM] = "from",
    [CQ_STATUS_LINK_FROM_STATUS] = "from_status",
    [CQ_STATUS_LINK_RELATION] = "relation",
    [CQ_STATUS_LINK_STRENGTH] = "strength",
    [CQ_STATUS_LINK_CONFIDENCE] = "confidence",
    [CQ_STATUS_LINK_ANNEX] = "annex",
    [CQ_STATUS_LINK_FROM_STANDARD] = "from_standard",
    [CQ_STATUS_LINK_VIA] = "via",
    [CQ_STATUS_LINK_LAYER] = "layer",
};
static const cq_field status_link_fields[] = {
    {"from", CQ_F_CLAUSE, CQ_STATUS_LINK_FROM},
    {"from_status", CQ_F_TEXT, CQ_STATUS_LINK_FROM_STATUS},
    {"relation", CQ_F_RELATION, CQ_STATUS_LINK_RELATION},
    {"strength", CQ_F_INT, CQ_STATUS_LINK_STRENGTH},
    {"confidence", CQ_F_CONFIDENCE, CQ_STATUS_LINK_CONFIDENCE},
    {"annex", CQ_F_ANNEX, CQ_STATUS_LINK_ANNEX},
    {"from_standard", CQ_F_STANDARD, CQ_STATUS_LINK_FROM_STANDARD},
    {"via", CQ_F_CLAUSE, CQ_STATUS_LINK_VIA},
    {"layer", CQ_F_TEXT, CQ_STATUS_LINK_LAYER},
};

CQ_STATEMENT_SHAPE(status_of, CQ_STATUS_OF);
CQ_STATEMENT_SHAPE(readiness, CQ_READINESS);
CQ_STATEMENT_SHAPE(worklist, CQ_WORKLIST);
CQ_STATEMENT_SHAPE(soa, CQ_SOA);
CQ_STATEMENT_SHAPE(audit, CQ_AUDIT);
CQ_SHAPE_DEFINE(status_link, CQ_STATUS_LINK);

const cq_shape *cq_status_shape(cq_node_kind kind)
{
    static const cq_shape *const own[] = {&status_of_shape, &readiness_shape,
                                          &worklist_shape, &soa_shape,
                                          &audit_shape};
    const cq_shape *shape = cq_shape_for(kind);
    for (size_t i = 0; shape != NULL && i < sizeof own / sizeof own[0]; i++)
        if (own[i] == shape)
            return shape;
    return NULL;
}

const cq_shape *cq_status_link_shape(void)
{
    return &status_link_shape;
}

const cq_shape *cq_shape_none(void)
{
    return NULL;
}

/* The shape each statement's plan starts with, from statements.h. */
#define SHAPE_OF_(cls, kind, name, compile, run, shape) [CQ_N_##kind] = (shape),
static const cq_shape *(*const shape_of[CQ_N_STATEMENT_END])(void) = {
    CQ_STATEMENTS(SHAPE_OF_)};

const cq_shape *cq_shape_for(cq_node_kind kind)
{
    if (kind <= CQ_N_NONE || kind >= CQ_N_STATEMENT_END || !shape_of[kind])
        return NULL;
    return shape_of[kind]();
}

const cq_shape *cq_shape_via(void)
{
    return &via_shape;
}

const cq_shape *cq_shape_link(void)
{
    return &link_shape;
}

const cq_shape *cq_shape_routes(void)
{
    return &routes_shape;
}

const cq_shape *cq_shape_clauses_terms(void)
{
    return &clauses_terms_shape;
}

const cq_shape *cq_shape_gap_between(void)
{
    return &gap2_shape;
}

const char *cq_direction_name(int backward)
{
    return backward == 0 ? "forward" : backward == 1 ? "backward" : NULL;
}

int cq_shape_column_type(const cq_shape *shape, int i)
{
    for (int f = 0; f < shape->n_fields; f++)
        if (shape->fields[f].slot == i &&
            strcmp(shape->fields[f].name, shape->columns[i]) == 0)
            return shape->fields[f].type;
    return CQ_F_TEXT;
}

/* ---- sets ---------------------------------------------------------------- */

cq_id cq_set_one_standard(const cq_graph *g, const cq_set *set)
{
    if (set->n_ranges != 1 || set->n_standards != 1)
        return CQ_NONE;
    const cq_standard *s = cq_graph_standard(g, set->standards[0]);
    return set->ranges[0].first == s->first_clause &&
                   set->ranges[0].end == s->end_clause
               ? set->standards[0]
               : CQ_NONE;
}

int cq_set_has_standard(const cq_set *set, cq_id standard)
{
    for (int i = 0; i < set->n_standards; i++)
        if (set->standards[i] == standard)
            return 1;
    return 0;
}

/* ---- condition tests ----------------------------------------------------- */

/* Does text contain needle, ignoring ASCII case?  Bytes beyond ASCII
** compare exactly, as SQLite's LIKE does. */
static int text_contains(const char *text, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0)
        return 1;
    int first = cq_fold((unsigned char)needle[0]);
    for (; *text; text++) {
        if (cq_fold((unsigned char)*text) != first)
            continue;
        size_t i = 1;
        while (i < n && text[i] &&
               cq_fold((unsigned char)text[i]) ==
                   cq_fold((unsigned char)needle[i]))
            i++;
        if (i == n)
            return 1;
    }
    return 0;
}

int cq_text_contains(const char *text, const char *needle)
{
    return text_contains(text, needle);
}

/* The relation of term to vocabulary, from the links of either end, or -1.
** Links read backwards keep their relation (same, modified and different
** are symmetric); `absent` only counts from the term's own side. */
static int term_relation(const cq_graph *graph, cq_id term, cq_id vocabulary)
{
    if (term == CQ_NONE)
        return -1;
    for (uint32_t i = cq_graph_link_out_first(graph, term);
         i < cq_graph_link_out_end(graph, term); i++)
        if (cq_graph_link(graph, i)->to_vocabulary == vocabulary)
            return cq_graph_link(graph, i)->relation;
    for (uint32_t i = cq_graph_link_in_first(graph, term);
         i < cq_graph_link_in_end(graph, term); i++) {
        const cq_term_link *link =
            cq_graph_link(graph, cq_graph_link_in(graph, i));
        if (cq_graph_term(graph, link->from)->vocabulary == vocabulary)
            return link->relation;
    }
    return -1;
}

/* The rank of an enum-typed text, so `confidence >= medium` works. */
static int rank_of(int type, const char *text)
{
    size_t n = strlen(text);
    switch (type) {
    case CQ_F_CONFIDENCE:
        return cq_confidence_from_name(text, n);
    case CQ_F_RELATION:
        return cq_relation_from_name(text, n);
    case CQ_F_ORIGIN:
        return cq_origin_from_name(text, n);
    case CQ_F_TERMREL:
        return cq_term_relation_from_name(text, n);
    case CQ_F_KIND:
        return cq_kind_from_name(text, n);
    default:
        return -1;
    }
}

static double number_of(const cq_value *v)
{
    return v->type == CONCORD_INTEGER ? (double)v->u.integer
           : v->type == CONCORD_REAL  ? v->u.real
                                      : 0;
}

/* Compare two values as type says: <0, 0, >0, or 2 for "cannot compare"
** (a null, or a number against text), which only != and not in accept. */
static int value_compare(int type, const cq_value *v, const cq_value *c)
{
    if (v->type == CONCORD_NULL || c->type == CONCORD_NULL)
        return 2;
    int vnum = v->type == CONCORD_INTEGER || v->type == CONCORD_REAL;
    int cnum = c->type == CONCORD_INTEGER || c->type == CONCORD_REAL;
    if (vnum || cnum) {
        if (!(vnum && cnum))
            return 2;
        double x = number_of(v), y = number_of(c);
        return x < y ? -1 : x > y ? 1 : 0;
    }
    if (type == CQ_F_CONFIDENCE) {
        int x = rank_of(type, v->u.text), y = rank_of(type, c->u.text);
        return x < y ? -1 : x > y ? 1 : 0;
    }
    int r = cq_compare_fold(v->u.text, c->u.text);
    return r < 0 ? -1 : r > 0 ? 1 : 0;
}

static int op_holds(int op, int cmp)
{
    if (cmp == 2)
        return op == CQ_OP_NE;
    switch (op) {
    case CQ_OP_EQ:
        return cmp == 0;
    case CQ_OP_NE:
        return cmp != 0;
    case CQ_OP_LT:
        return cmp < 0;
    case CQ_OP_LE:
        return cmp <= 0;
    case CQ_OP_GT:
        return cmp > 0;
    case CQ_OP_GE:
        return cmp >= 0;
    default:
        return 0;
    }
}

/* The value of an operand for this row. */
static cq_value operand_value(const cq_operand *o, const cq_value *slots,
                              const cq_graph *graph, cq_id term)
{
    if (o->kind != CQ_OPND_FIELD)
        return o->value;
    if (o->field->type == CQ_F_TERMREL) {
        int rel = term_relation(graph, term, o->arg);
        return rel < 0 ? cq_null() : cq_text(cq_term_relation_name(rel));
    }
    return slots ? slots[o->field->slot] : cq_null();
}

static uint64_t operand_slots(const cq_operand *o)
{
    if (o->kind != CQ_OPND_FIELD)
        return 0;
    if (o->field->type == CQ_F_TERMREL || o->field->slot < 0 ||
        o->field->slot >= 64)
        return ~UINT64_C(0);
    return UINT64_C(1) << o->field->slot;
}

uint64_t cq_cond_slots(const cq_cond *cond)
{
    if (cond == NULL)
        return 0;
    uint64_t bits = cq_cond_slots(cond->a) | cq_cond_slots(cond->b);
    if (cond->kind == CQ_C_CMP || cond->kind == CQ_C_IN ||
        cond->kind == CQ_C_MATCH) {
        bits |= operand_slots(&cond->lhs);
        for (int i = 0; i < cond->n_rhs; i++)
            bits |= operand_slots(&cond->rhs[i]);
    }
    return bits;
}

/* Does cond read the field at slot?  (correlate ... via keeps every route
** to a pair only when its `where` reads `best`.) */
int cq_cond_reads_slot(const cq_cond *cond, int slot)
{
    if (cond == NULL)
        return 0;
    if (cq_cond_reads_slot(cond->a, slot) || cq_cond_reads_slot(cond->b, slot))
        return 1;
    if (cond->kind == CQ_C_CMP || cond->kind == CQ_C_IN ||
        cond->kind == CQ_C_MATCH) {
        if (cond->lhs.kind == CQ_OPND_FIELD && cond->lhs.field->slot == slot)
            return 1;
        for (int i = 0; i < cond->n_rhs; i++)
            if (cond->rhs[i].kind == CQ_OPND_FIELD &&
                cond->rhs[i].field->slot == slot)
                return 1;
    }
    return 0;
}

int cq_cond_direction(const cq_cond *cond, int slot)
{
    if (cond == NULL || cond->kind != CQ_C_CMP || cond->op != CQ_OP_EQ ||
        cond->lhs.kind != CQ_OPND_FIELD || cond->lhs.field->slot != slot ||
        cond->lhs.field->type != CQ_F_DIRECTION ||
        cond->rhs[0].kind == CQ_OPND_FIELD ||
        cond->rhs[0].value.type != CONCORD_TEXT)
        return -1;
    /* compile_enum made the value that very name: the pointers tell */
    for (int d = 0; d < 2; d++)
        if (cond->rhs[0].value.u.text == cq_direction_name(d))
            return d;
    return -1;
}

const char *cq_cond_needle(const cq_cond *cond, int slot)
{
    if (cond == NULL)
        return NULL;
    if (cond->kind == CQ_C_AND) {
        const char *s = cq_cond_needle(cond->a, slot);
        return s ? s : cq_cond_needle(cond->b, slot);
    }
    if (cond->kind != CQ_C_MATCH || cond->negate ||
        cond->lhs.kind != CQ_OPND_FIELD || cond->lhs.field->slot != slot ||
        cond->rhs[0].kind == CQ_OPND_FIELD ||
        cond->rhs[0].value.type != CONCORD_TEXT)
        return NULL;
    return cond->rhs[0].value.u.text;
}

void cq_finder_init(cq_finder *f, const char *needle)
{
    f->n = strlen(needle);
    f->usable = f->n < sizeof f->folded;
    for (size_t i = 0; f->usable && i <= f->n; i++)
        f->folded[i] = (char)cq_fold((unsigned char)needle[i]);
#ifdef CQ_AVX2
    f->wide = cq_cpu_has_avx2();
#else
    f->wide = 0;
#endif
}

/* Does text[at..at+n) equal the folded needle, ignoring ASCII case? */
static int folded_at(const char *text, const char *folded, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (cq_fold((unsigned char)text[i]) != (unsigned char)folded[i])
            return 0;
    return 1;
}

#if defined(__SSE2__)
/* 16 bytes with A-Z folded to a-z (bytes past 0x7f are negative as signed
** and so never in the range). */
static __m128i fold16(__m128i v)
{
    __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('A' - 1)),
                                  _mm_cmplt_epi8(v, _mm_set1_epi8('Z' + 1)));
    return _mm_add_epi8(v, _mm_and_si128(upper, _mm_set1_epi8(0x20)));
}
#endif

/* Does text contain f's needle at i or after?  One start at a time. */
static int tail_has(const cq_finder *f, const char *text, size_t i)
{
    for (size_t len = i + strlen(text + i); i + f->n <= len; i++)
        if (folded_at(text + i, f->folded, f->n))
            return 1;
    return 0;
}

/* Does the graph string s contain f's needle?  first and last are the
** needle's first and last bytes in every lane (unused without SSE2). */
static inline int finder_in(const cq_finder *f, const cq_graph *g, cq_str s,
                            const void *first_lanes, const void *last_lanes)
{
    const char *text = cq_graph_str(g, s);
    size_t n = f->n, i = 0;
    if (n == 0)
        return 1;
#if defined(__SSE2__)
    /* Candidates are where the needle's first and last bytes both match
    ** (W. Mula's SIMD-friendly substring search), found 16 starts at a
    ** time, with the text's end found in the same pass.  The loads reach
    ** n + 15 bytes past the block's start, which must lie inside the
    ** string table; near its end the bytes are tried one by one. */
    const __m128i first = _mm_loadu_si128(first_lanes);
    const __m128i last = _mm_loadu_si128(last_lanes);
    const __m128i zero = _mm_setzero_si128();
    for (; (size_t)s + i + n + 16 <= g->strings_size; i += 16) {
        __m128i raw = _mm_loadu_si128((const __m128i *)(text + i));
        unsigned end = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(raw, zero));
        __m128i b =
            fold16(_mm_loadu_si128((const __m128i *)(text + i + n - 1)));
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_and_si128(
            _mm_cmpeq_epi8(fold16(raw), first), _mm_cmpeq_epi8(b, last)));
        if (end) { /* the text ends at i + z: starts up to z - n count */
            unsigned z = (unsigned)__builtin_ctz(end);
            mask = z < n ? 0 : mask & ((2u << (z - n)) - 1);
        }
        while (mask) {
            unsigned k = (unsigned)__builtin_ctz(mask);
            if (folded_at(text + i + k, f->folded, n))
                return 1;
            mask &= mask - 1;
        }
        if (end)
            return 0;
    }
#else
    (void)first_lanes;
    (void)last_lanes;
#endif
    return tail_has(f, text, i);
}

#ifdef CQ_AVX2
/* 32 bytes with A-Z folded to a-z, as fold16. */
__attribute__((target("avx2"))) static inline __m256i fold32(__m256i v)
{
    __m256i upper =
        _mm256_and_si256(_mm256_cmpgt_epi8(v, _mm256_set1_epi8('A' - 1)),
                         _mm256_cmpgt_epi8(_mm256_set1_epi8('Z' + 1), v));
    return _mm256_add_epi8(v, _mm256_and_si256(upper, _mm256_set1_epi8(0x20)));
}

/* cq_finder_next_title with finder_in's search 32 starts at a time: most
** titles are shorter than 32 bytes, so one step each. */
__attribute__((target("avx2"))) static cq_id
next_title_wide(const cq_finder *f, const cq_graph *g, cq_id first, cq_id end)
{
    size_t n = f->n;
    const __m256i lead = _mm256_set1_epi8(f->folded[0]);
    const __m256i tail = _mm256_set1_epi8(f->folded[n - 1]);
    const __m256i zero = _mm256_setzero_si256();
    for (cq_id c = first; c < end; c++) {
        cq_str s = cq_graph_clause(g, c)->title;
        const char *text = cq_graph_str(g, s);
        size_t i = 0;
        for (; (size_t)s + i + n + 32 <= g->strings_size; i += 32) {
            __m256i raw = _mm256_loadu_si256((const __m256i *)(text + i));
            unsigned stop =
                (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(raw, zero));
            __m256i b =
                fold32(_mm256_loadu_si256((const __m256i *)(text + i + n - 1)));
            unsigned mask = (unsigned)_mm256_movemask_epi8(
                _mm256_and_si256(_mm256_cmpeq_epi8(fold32(raw), lead),
                                 _mm256_cmpeq_epi8(b, tail)));
            if (stop) {
                unsigned z = (unsigned)__builtin_ctz(stop);
                mask = z < n ? 0 : mask & ((2u << (z - n)) - 1);
            }
            for (; mask; mask &= mask - 1)
                if (folded_at(text + i + (unsigned)__builtin_ctz(mask),
                              f->folded, n))
                    return c;
            if (stop)
                break;
        }
        if ((size_t)s + i + n + 32 > g->strings_size && tail_has(f, text, i))
            return c;
    }
    return end;
}
#endif

cq_id cq_finder_next_title(const cq_finder *f, const cq_graph *g, cq_id first,
                           cq_id end)
{
#ifdef CQ_AVX2
    if (f->wide && f->n > 0)
        return next_title_wide(f, g, first, end);
#endif
    char first_lanes[16], last_lanes[16];
    memset(first_lanes, f->n ? f->folded[0] : 0, sizeof first_lanes);
    memset(last_lanes, f->n ? f->folded[f->n - 1] : 0, sizeof last_lanes);
    for (cq_id c = first; c < end; c++)
        if (finder_in(f, g, cq_graph_clause(g, c)->title, first_lanes,
                      last_lanes))
            return c;
    return end;
}

int cq_cond_test(const cq_cond *cond, const cq_value *slots,
                 const cq_graph *graph, cq_id term)
{
    switch (cond->kind) {
    case CQ_C_AND:
        return cq_cond_test(cond->a, slots, graph, term) &&
               cq_cond_test(cond->b, slots, graph, term);
    case CQ_C_OR:
        return cq_cond_test(cond->a, slots, graph, term) ||
               cq_cond_test(cond->b, slots, graph, term);
    case CQ_C_NOT:
        return !cq_cond_test(cond->a, slots, graph, term);
    default:
        break;
    }
    cq_value v = operand_value(&cond->lhs, slots, graph, term);
    switch (cond->kind) {
    case CQ_C_CMP: {
        cq_value c = operand_value(&cond->rhs[0], slots, graph, term);
        return op_holds(cond->op, value_compare(cond->type, &v, &c));
    }
    case CQ_C_IN:
        for (int i = 0; i < cond->n_rhs; i++) {
            cq_value c = operand_value(&cond->rhs[i], slots, graph, term);
            if (value_compare(cond->type, &v, &c) == 0)
                return !cond->negate;
        }
        return cond->negate;
    case CQ_C_MATCH: {
        cq_value c = operand_value(&cond->rhs[0], slots, graph, term);
        int found = v.type == CONCORD_TEXT && c.type == CONCORD_TEXT &&
                    text_contains(v.u.text, c.u.text);
        return cond->negate ? !found : found;
    }
    default:
        return 0;
    }
}
