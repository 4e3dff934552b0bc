/*
** test_shapes.c -- the row shapes of the base statements against their
** slot enums (rowshape.h): every column and field name of every shape
** lands on the slot its enum names, the column arrays are as long and in
** the order the enums say, and no slot is left without a name.  A row is
** filled by slot name and read by column name; this is where the two
** meet.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "plan.h"

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* A field name and the slot its enum gives it. */
typedef struct named_slot {
    const char *name;
    int slot;
} named_slot;

typedef struct shape_case {
    const char *what;
    const cq_shape *shape;
    const named_slot *names; /* every slot in enum order, then aliases */
    int n_names;
    int n_columns; /* the enum's */
    int n_slots;
} shape_case;

static const named_slot show_slots[] = {
    {"role", CQ_SHOW_ROLE},         {"clause", CQ_SHOW_CLAUSE},
    {"title", CQ_SHOW_TITLE},       {"origin", CQ_SHOW_ORIGIN},
    {"annex", CQ_SHOW_ANNEX},       {"relation", CQ_SHOW_RELATION},
    {"strength", CQ_SHOW_STRENGTH}, {"confidence", CQ_SHOW_CONFIDENCE},
    {"high", CQ_SHOW_HIGH},         {"source", CQ_SHOW_SOURCE},
    {"note", CQ_SHOW_NOTE},         {"layer", CQ_SHOW_LAYER},
    {"kind", CQ_SHOW_KIND},
};

static const named_slot clauses_slots[] = {
    {"clause", CQ_CLAUSES_CLAUSE}, {"title", CQ_CLAUSES_TITLE},
    {"origin", CQ_CLAUSES_ORIGIN}, {"parent", CQ_CLAUSES_PARENT},
    {"depth", CQ_CLAUSES_DEPTH},   {"standard", CQ_CLAUSES_STANDARD},
    {"number", CQ_CLAUSES_NUMBER}, {"source", CQ_CLAUSES_SOURCE},
};

static const named_slot clauses_terms_slots[] = {
    {"clause", CQ_CLAUSES_TERMS_CLAUSE},
    {"title", CQ_CLAUSES_TERMS_TITLE},
    {"origin", CQ_CLAUSES_TERMS_ORIGIN},
    {"parent", CQ_CLAUSES_TERMS_PARENT},
    {"depth", CQ_CLAUSES_TERMS_DEPTH},
    {"matched", CQ_CLAUSES_TERMS_MATCHED},
    {"standard", CQ_CLAUSES_TERMS_STANDARD},
    {"number", CQ_CLAUSES_TERMS_NUMBER},
    {"source", CQ_CLAUSES_TERMS_SOURCE},
};

static const named_slot routes_slots[] = {
    {"from", CQ_ROUTES_FROM},
    {"from_title", CQ_ROUTES_FROM_TITLE},
    {"to", CQ_ROUTES_TO},
    {"to_title", CQ_ROUTES_TO_TITLE},
    {"relation", CQ_ROUTES_RELATION},
    {"strength", CQ_ROUTES_STRENGTH},
    {"confidence", CQ_ROUTES_CONFIDENCE},
    {"high", CQ_ROUTES_HIGH},
    {"kind", CQ_ROUTES_KIND},
    {"hops", CQ_ROUTES_HOPS},
    {"route", CQ_ROUTES_ROUTE},
    {"routes", CQ_ROUTES_ROUTES},
    {"best", CQ_ROUTES_BEST},
    {"to_standard", CQ_ROUTES_TO_STANDARD},
    {"from_standard", CQ_ROUTES_FROM_STANDARD},
    {"standard", CQ_ROUTES_TO_STANDARD}, /* alias */
    {"title", CQ_ROUTES_TO_TITLE},       /* alias */
};

static const named_slot correlate_slots[] = {
    {"from", CQ_CORRELATE_FROM},
    {"from_title", CQ_CORRELATE_FROM_TITLE},
    {"to", CQ_CORRELATE_TO},
    {"to_title", CQ_CORRELATE_TO_TITLE},
    {"annex", CQ_CORRELATE_ANNEX},
    {"relation", CQ_CORRELATE_RELATION},
    {"strength", CQ_CORRELATE_STRENGTH},
    {"confidence", CQ_CORRELATE_CONFIDENCE},
    {"high", CQ_CORRELATE_HIGH},
    {"source", CQ_CORRELATE_SOURCE},
    {"note", CQ_CORRELATE_NOTE},
    {"layer", CQ_CORRELATE_LAYER},
    {"kind", CQ_CORRELATE_KIND},
    {"to_standard", CQ_CORRELATE_TO_STANDARD},
    {"to_origin", CQ_CORRELATE_TO_ORIGIN},
    {"to_depth", CQ_CORRELATE_TO_DEPTH},
    {"to_number", CQ_CORRELATE_TO_NUMBER},
    {"from_standard", CQ_CORRELATE_FROM_STANDARD},
    {"from_origin", CQ_CORRELATE_FROM_ORIGIN},
    {"from_depth", CQ_CORRELATE_FROM_DEPTH},
    {"from_number", CQ_CORRELATE_FROM_NUMBER},
    {"direction", CQ_CORRELATE_DIRECTION},
    {"standard", CQ_CORRELATE_TO_STANDARD}, /* alias */
    {"origin", CQ_CORRELATE_TO_ORIGIN},     /* alias */
    {"depth", CQ_CORRELATE_TO_DEPTH},       /* alias */
    {"title", CQ_CORRELATE_TO_TITLE},       /* alias */
    {"number", CQ_CORRELATE_TO_NUMBER},     /* alias */
};

static const named_slot gap_slots[] = {
    {"clause", CQ_GAP_CLAUSE},         {"title", CQ_GAP_TITLE},
    {"origin", CQ_GAP_ORIGIN},         {"status", CQ_GAP_STATUS},
    {"confidence", CQ_GAP_CONFIDENCE}, {"note", CQ_GAP_NOTE},
    {"depth", CQ_GAP_DEPTH},           {"standard", CQ_GAP_STANDARD},
    {"number", CQ_GAP_NUMBER},
};

static const named_slot gap_between_slots[] = {
    {"clause", CQ_GAP_BETWEEN_CLAUSE},
    {"title", CQ_GAP_BETWEEN_TITLE},
    {"origin", CQ_GAP_BETWEEN_ORIGIN},
    {"against", CQ_GAP_BETWEEN_AGAINST},
    {"status", CQ_GAP_BETWEEN_STATUS},
    {"confidence", CQ_GAP_BETWEEN_CONFIDENCE},
    {"note", CQ_GAP_BETWEEN_NOTE},
    {"depth", CQ_GAP_BETWEEN_DEPTH},
    {"standard", CQ_GAP_BETWEEN_STANDARD},
    {"number", CQ_GAP_BETWEEN_NUMBER},
};

static const named_slot coverage_slots[] = {
    {"standard", CQ_COVERAGE_STANDARD}, {"by", CQ_COVERAGE_BY},
    {"scope", CQ_COVERAGE_SCOPE},       {"covered", CQ_COVERAGE_COVERED},
    {"total", CQ_COVERAGE_TOTAL},       {"percent", CQ_COVERAGE_PERCENT},
};

static const named_slot terms_slots[] = {
    {"term", CQ_TERMS_TERM},   {"vocabulary", CQ_TERMS_VOCABULARY},
    {"entry", CQ_TERMS_ENTRY}, {"name", CQ_TERMS_NAME},
    {"hls", CQ_TERMS_HLS},     {"source", CQ_TERMS_SOURCE},
};

static const named_slot term_slots[] = {
    {"term", CQ_TERM_TERM},         {"vocabulary", CQ_TERM_VOCABULARY},
    {"name", CQ_TERM_NAME},         {"hls", CQ_TERM_HLS},
    {"linked", CQ_TERM_LINKED},     {"linked_name", CQ_TERM_LINKED_NAME},
    {"relation", CQ_TERM_RELATION}, {"note", CQ_TERM_NOTE},
};

static const named_slot standards_slots[] = {
    {"standard", CQ_STANDARDS_STANDARD}, {"other", CQ_STANDARDS_OTHER},
    {"title", CQ_STANDARDS_TITLE},       {"year", CQ_STANDARDS_YEAR},
    {"role", CQ_STANDARDS_ROLE},         {"clauses", CQ_STANDARDS_CLAUSES},
    {"edges", CQ_STANDARDS_EDGES},       {"high", CQ_STANDARDS_HIGH},
    {"medium", CQ_STANDARDS_MEDIUM},     {"low", CQ_STANDARDS_LOW},
    {"terms", CQ_STANDARDS_TERMS},
};

static const named_slot via_slots[] = {
    {"from", CQ_VIA_FROM},
    {"from_title", CQ_VIA_FROM_TITLE},
    {"via", CQ_VIA_VIA},
    {"via_title", CQ_VIA_VIA_TITLE},
    {"to", CQ_VIA_TO},
    {"to_title", CQ_VIA_TO_TITLE},
    {"relation", CQ_VIA_RELATION},
    {"strength", CQ_VIA_STRENGTH},
    {"confidence", CQ_VIA_CONFIDENCE},
    {"high", CQ_VIA_HIGH},
    {"via_relation", CQ_VIA_VIA_RELATION},
    {"via_annex", CQ_VIA_VIA_ANNEX},
    {"via_confidence", CQ_VIA_VIA_CONFIDENCE},
    {"via_source", CQ_VIA_VIA_SOURCE},
    {"via_layer", CQ_VIA_VIA_LAYER},
    {"to_relation", CQ_VIA_TO_RELATION},
    {"to_annex", CQ_VIA_TO_ANNEX},
    {"to_confidence", CQ_VIA_TO_CONFIDENCE},
    {"to_source", CQ_VIA_TO_SOURCE},
    {"to_layer", CQ_VIA_TO_LAYER},
    {"kind", CQ_VIA_KIND},
    {"route", CQ_VIA_ROUTE},
    {"routes", CQ_VIA_ROUTES},
    {"to_standard", CQ_VIA_TO_STANDARD},
    {"to_origin", CQ_VIA_TO_ORIGIN},
    {"to_depth", CQ_VIA_TO_DEPTH},
    {"via_standard", CQ_VIA_VIA_STANDARD},
    {"from_standard", CQ_VIA_FROM_STANDARD},
    {"from_origin", CQ_VIA_FROM_ORIGIN},
    {"from_depth", CQ_VIA_FROM_DEPTH},
    {"via_direction", CQ_VIA_VIA_DIRECTION},
    {"to_direction", CQ_VIA_TO_DIRECTION},
    {"via_kind", CQ_VIA_VIA_KIND},
    {"to_kind", CQ_VIA_TO_KIND},
    {"best", CQ_VIA_BEST},
    {"standard", CQ_VIA_TO_STANDARD}, /* alias */
    {"origin", CQ_VIA_TO_ORIGIN},     /* alias */
    {"depth", CQ_VIA_TO_DEPTH},       /* alias */
    {"title", CQ_VIA_TO_TITLE},       /* alias */
};

static const named_slot path_slots[] = {
    {"path", CQ_PATH_PATH},
    {"hop", CQ_PATH_HOP},
    {"from", CQ_PATH_FROM},
    {"from_title", CQ_PATH_FROM_TITLE},
    {"to", CQ_PATH_TO},
    {"to_title", CQ_PATH_TO_TITLE},
    {"annex", CQ_PATH_ANNEX},
    {"relation", CQ_PATH_RELATION},
    {"strength", CQ_PATH_STRENGTH},
    {"confidence", CQ_PATH_CONFIDENCE},
    {"high", CQ_PATH_HIGH},
    {"source", CQ_PATH_SOURCE},
    {"layer", CQ_PATH_LAYER},
    {"kind", CQ_PATH_KIND},
};

static const named_slot link_slots[] = {
    {"relation", CQ_LINK_RELATION},
    {"strength", CQ_LINK_STRENGTH},
    {"confidence", CQ_LINK_CONFIDENCE},
    {"kind", CQ_LINK_KIND},
    {"hops", CQ_LINK_HOPS},
    {"annex", CQ_LINK_ANNEX},
};

static const named_slot check_slots[] = {
    {"check", CQ_CHECK_CHECK},
    {"subject", CQ_CHECK_SUBJECT},
    {"detail", CQ_CHECK_DETAIL},
};

static const named_slot status_of_slots[] = {
    {"clause", CQ_STATUS_OF_CLAUSE},
    {"title", CQ_STATUS_OF_TITLE},
    {"status", CQ_STATUS_OF_STATUS},
    {"from", CQ_STATUS_OF_FROM},
    {"via", CQ_STATUS_OF_VIA},
    {"from_status", CQ_STATUS_OF_FROM_STATUS},
    {"relation", CQ_STATUS_OF_RELATION},
    {"strength", CQ_STATUS_OF_STRENGTH},
    {"confidence", CQ_STATUS_OF_CONFIDENCE},
    {"evidence", CQ_STATUS_OF_EVIDENCE},
    {"owner", CQ_STATUS_OF_OWNER},
    {"reviewed", CQ_STATUS_OF_REVIEWED},
    {"justification", CQ_STATUS_OF_JUSTIFICATION},
};

static const named_slot readiness_slots[] = {
    {"standard", CQ_READINESS_STANDARD},
    {"from", CQ_READINESS_FROM},
    {"scope", CQ_READINESS_SCOPE},
    {"title", CQ_READINESS_TITLE},
    {"clauses", CQ_READINESS_CLAUSES},
    {"implemented", CQ_READINESS_IMPLEMENTED},
    {"derived", CQ_READINESS_DERIVED},
    {"partial", CQ_READINESS_PARTIAL},
    {"open", CQ_READINESS_OPEN},
    {"not_applicable", CQ_READINESS_NOT_APPLICABLE},
    {"percent", CQ_READINESS_PERCENT},
};

static const named_slot worklist_slots[] = {
    {"clause", CQ_WORKLIST_CLAUSE},
    {"title", CQ_WORKLIST_TITLE},
    {"status", CQ_WORKLIST_STATUS},
    {"best_match", CQ_WORKLIST_BEST_MATCH},
    {"best_title", CQ_WORKLIST_BEST_TITLE},
    {"best_status", CQ_WORKLIST_BEST_STATUS},
    {"relation", CQ_WORKLIST_RELATION},
    {"strength", CQ_WORKLIST_STRENGTH},
    {"evidence", CQ_WORKLIST_EVIDENCE},
};

static const named_slot soa_slots[] = {
    {"control", CQ_SOA_CONTROL},
    {"title", CQ_SOA_TITLE},
    {"applicable", CQ_SOA_APPLICABLE},
    {"status", CQ_SOA_STATUS},
    {"justification", CQ_SOA_JUSTIFICATION},
    {"evidence", CQ_SOA_EVIDENCE},
    {"owner", CQ_SOA_OWNER},
    {"reviewed", CQ_SOA_REVIEWED},
    {"serves", CQ_SOA_SERVES},
};

static const named_slot audit_slots[] = {
    {"hls", CQ_AUDIT_HLS},           {"title", CQ_AUDIT_TITLE},
    {"kind", CQ_AUDIT_KIND},         {"question", CQ_AUDIT_QUESTION},
    {"clauses", CQ_AUDIT_CLAUSES},   {"status", CQ_AUDIT_STATUS},
    {"evidence", CQ_AUDIT_EVIDENCE}, {"done", CQ_AUDIT_DONE},
};

static const named_slot status_link_slots[] = {
    {"from", CQ_STATUS_LINK_FROM},
    {"from_status", CQ_STATUS_LINK_FROM_STATUS},
    {"relation", CQ_STATUS_LINK_RELATION},
    {"strength", CQ_STATUS_LINK_STRENGTH},
    {"confidence", CQ_STATUS_LINK_CONFIDENCE},
    {"annex", CQ_STATUS_LINK_ANNEX},
    {"from_standard", CQ_STATUS_LINK_FROM_STANDARD},
    {"via", CQ_STATUS_LINK_VIA},
    {"layer", CQ_STATUS_LINK_LAYER},
};

static const cq_field *field_named(const cq_shape *shape, const char *name)
{
    for (int f = 0; f < shape->n_fields; f++)
        if (strcmp(shape->fields[f].name, name) == 0)
            return &shape->fields[f];
    return NULL;
}

static const named_slot *slot_named(const shape_case *c, const char *name)
{
    for (int i = 0; i < c->n_names; i++)
        if (strcmp(c->names[i].name, name) == 0)
            return &c->names[i];
    return NULL;
}

static void check_case(const shape_case *c)
{
    const cq_shape *shape = c->shape;
    print_message("%s\n", c->what);
    assert_non_null(shape);
    assert_int_equal(shape->n_columns, c->n_columns);
    assert_int_equal(shape->n_slots, c->n_slots);
    assert_true(shape->n_slots <= CQ_MAX_SLOTS);
    /* the enum lists the slots in order, one each */
    assert_true(c->n_names >= c->n_slots);
    for (int i = 0; i < c->n_slots; i++)
        assert_int_equal(c->names[i].slot, i);
    /* column i is the enum's slot i, and the field of that name reads it */
    for (int i = 0; i < shape->n_columns; i++) {
        const char *col = shape->columns[i];
        assert_non_null(col);
        assert_string_equal(col, c->names[i].name);
        const cq_field *f = field_named(shape, col);
        assert_non_null(f);
        assert_int_equal(f->slot, i);
    }
    /* every name the enum gives (aliases too) is a field on its slot */
    for (int i = 0; i < c->n_names; i++) {
        const cq_field *f = field_named(shape, c->names[i].name);
        assert_non_null(f);
        assert_int_equal(f->slot, c->names[i].slot);
    }
    /* every field with a slot is named by the enum; every slot is read */
    unsigned long long read = 0;
    for (int f = 0; f < shape->n_fields; f++) {
        const cq_field *field = &shape->fields[f];
        if (field->slot < 0) { /* worked out, as relation(V) */
            assert_int_equal(field->type, CQ_F_TERMREL);
            continue;
        }
        assert_true(field->slot < shape->n_slots);
        const named_slot *n = slot_named(c, field->name);
        assert_non_null(n);
        assert_int_equal(n->slot, field->slot);
        read |= 1ull << field->slot;
    }
    assert_true(read ==
                (shape->n_slots == 64 ? ~0ull : (1ull << shape->n_slots) - 1));
}

static void test_shapes_match_their_enums(void **state)
{
    (void)state;
    const shape_case cases[] = {
        {"show", cq_shape_for(CQ_N_SHOW), show_slots, COUNT(show_slots),
         CQ_SHOW_N_COLUMNS, CQ_SHOW_N_SLOTS},
        {"clauses", cq_shape_for(CQ_N_CLAUSES), clauses_slots,
         COUNT(clauses_slots), CQ_CLAUSES_N_COLUMNS, CQ_CLAUSES_N_SLOTS},
        {"clauses_terms", cq_shape_clauses_terms(), clauses_terms_slots,
         COUNT(clauses_terms_slots), CQ_CLAUSES_TERMS_N_COLUMNS,
         CQ_CLAUSES_TERMS_N_SLOTS},
        {"routes", cq_shape_routes(), routes_slots, COUNT(routes_slots),
         CQ_ROUTES_N_COLUMNS, CQ_ROUTES_N_SLOTS},
        {"correlate", cq_shape_for(CQ_N_CORRELATE), correlate_slots,
         COUNT(correlate_slots), CQ_CORRELATE_N_COLUMNS, CQ_CORRELATE_N_SLOTS},
        {"gap", cq_shape_for(CQ_N_GAP), gap_slots, COUNT(gap_slots),
         CQ_GAP_N_COLUMNS, CQ_GAP_N_SLOTS},
        {"gap_between", cq_shape_gap_between(), gap_between_slots,
         COUNT(gap_between_slots), CQ_GAP_BETWEEN_N_COLUMNS,
         CQ_GAP_BETWEEN_N_SLOTS},
        {"coverage", cq_shape_for(CQ_N_COVERAGE), coverage_slots,
         COUNT(coverage_slots), CQ_COVERAGE_N_COLUMNS, CQ_COVERAGE_N_SLOTS},
        {"terms", cq_shape_for(CQ_N_TERMS), terms_slots, COUNT(terms_slots),
         CQ_TERMS_N_COLUMNS, CQ_TERMS_N_SLOTS},
        {"term", cq_shape_for(CQ_N_TERM), term_slots, COUNT(term_slots),
         CQ_TERM_N_COLUMNS, CQ_TERM_N_SLOTS},
        {"standards", cq_shape_for(CQ_N_STANDARDS), standards_slots,
         COUNT(standards_slots), CQ_STANDARDS_N_COLUMNS, CQ_STANDARDS_N_SLOTS},
        {"via", cq_shape_via(), via_slots, COUNT(via_slots), CQ_VIA_N_COLUMNS,
         CQ_VIA_N_SLOTS},
        {"path", cq_shape_for(CQ_N_PATH), path_slots, COUNT(path_slots),
         CQ_PATH_N_COLUMNS, CQ_PATH_N_SLOTS},
        {"link", cq_shape_link(), link_slots, COUNT(link_slots),
         CQ_LINK_N_COLUMNS, CQ_LINK_N_SLOTS},
        {"check", cq_shape_for(CQ_N_CHECK), check_slots, COUNT(check_slots),
         CQ_CHECK_N_COLUMNS, CQ_CHECK_N_SLOTS},
        {"status_of", cq_status_shape(CQ_N_STATUS_OF), status_of_slots,
         COUNT(status_of_slots), CQ_STATUS_OF_N_COLUMNS, CQ_STATUS_OF_N_SLOTS},
        {"readiness", cq_status_shape(CQ_N_READINESS), readiness_slots,
         COUNT(readiness_slots), CQ_READINESS_N_COLUMNS, CQ_READINESS_N_SLOTS},
        {"worklist", cq_status_shape(CQ_N_WORKLIST), worklist_slots,
         COUNT(worklist_slots), CQ_WORKLIST_N_COLUMNS, CQ_WORKLIST_N_SLOTS},
        {"soa", cq_status_shape(CQ_N_SOA), soa_slots, COUNT(soa_slots),
         CQ_SOA_N_COLUMNS, CQ_SOA_N_SLOTS},
        {"audit", cq_status_shape(CQ_N_AUDIT), audit_slots, COUNT(audit_slots),
         CQ_AUDIT_N_COLUMNS, CQ_AUDIT_N_SLOTS},
        {"status_link", cq_status_link_shape(), status_link_slots,
         COUNT(status_link_slots), CQ_STATUS_LINK_N_COLUMNS,
         CQ_STATUS_LINK_N_SLOTS},
    };
    for (int i = 0; i < COUNT(cases); i++)
        check_case(&cases[i]);
}

/* The gap row is made once for both gap shapes (eval.c): gap between's
** slots are gap's, moved past `against`. */
static void test_gap_between_is_gap_moved(void **state)
{
    (void)state;
    const cq_shape *gap = cq_shape_for(CQ_N_GAP);
    const cq_shape *between = cq_shape_gap_between();
    for (int f = 0; f < gap->n_fields; f++) {
        const cq_field *g = &gap->fields[f];
        const cq_field *b = field_named(between, g->name);
        assert_non_null(b);
        assert_int_equal(b->slot, g->slot < CQ_GAP_STATUS
                                      ? g->slot
                                      : g->slot + CQ_GAP_BETWEEN_SHIFT);
    }
    assert_string_equal(between->columns[CQ_GAP_BETWEEN_AGAINST], "against");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shapes_match_their_enums),
        cmocka_unit_test(test_gap_between_is_gap_moved),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
