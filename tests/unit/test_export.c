/*
** test_export.c -- the export formats (dot, oscal, strm, sssom) byte for
** byte on a small table of mappings; escaping; OSCAL checked against the
** mapping model's required structure (by concord's JSON reader, and by
** Python when it is there); deterministic UUIDs; tables refused with a
** message and no output; a failing write; an allocation-failure sweep.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_alloc.h"

#include "export.h"
#include "json.h"
#include "output.h"
#include "unit.h"

/* ---- a write callback collecting the output --------------------------- */

typedef struct sink {
    char *data;
    size_t len;
    int calls;
    int fail_on; /* return nonzero from this call (1-based); 0: never */
} sink;

static int sink_write(void *ctx, const char *data, size_t len)
{
    sink *s = ctx;
    s->calls++;
    if (s->fail_on && s->calls >= s->fail_on)
        return 1;
    s->data = realloc(s->data, s->len + len + 1);
    assert_non_null(s->data);
    memcpy(s->data + s->len, data, len);
    s->len += len;
    s->data[s->len] = '\0';
    return 0;
}

static void sink_free(sink *s)
{
    free(s->data);
    memset(s, 0, sizeof *s);
}

/* ---- fixtures ---------------------------------------------------------- */

/* The columns of the correlate statement. */
static const char *const map_cols[] = {
    "from",     "from_title", "to",         "to_title", "annex",
    "relation", "strength",   "confidence", "source",   "note"};

/* Three mappings: a plain one, an equivalent one whose source and note
** need escaping, and a none. */
static void make_mappings(cq_table *t, const cq_allocator *a)
{
    static const char *const rows[3][10] = {
        {"20000-1:8.5.1", "Change management", "27001:A.12.1.2",
         "Change management", "C", "intersects", NULL, "low",
         "expert judgement", "Both control changes"},
        {"20000-1:8.5.1", "Change management", "9001:8.5.6",
         "Control of changes", "B", "equivalent", NULL, "medium",
         "a \"quoted\"; source, here",
         "note with *stars*, a comma\tand a \"quote\""},
        {"20000-1:8.4.1", "Budgeting", "9001", NULL, "B", "none", NULL, "low",
         "expert judgement", "9001 has no budgeting"}};
    static const int strength[3] = {6, 8, 0};
    cq_table_init(t, a, map_cols, 10);
    for (int r = 0; r < 3; r++) {
        cq_value *v = cq_table_add_row(t);
        assert_non_null(v);
        for (int c = 0; c < 10; c++)
            v[c] = c == 6       ? cq_int(strength[r])
                   : rows[r][c] ? cq_text(rows[r][c])
                                : cq_null();
    }
}

/* The namespace and time of the exact outputs below. */
#define TEST_NS "https://github.com/concord/ns/"
#define TEST_TIME 1767225600LL /* 2026-01-01T00:00:00Z */

/* Write t in format; returns the code, the output in *s. */
static int write_to(const cq_table *t, size_t first, int format, sink *s,
                    char *msg, size_t msg_size)
{
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_error err;
    cq_error_init(&err, &a);
    memset(s, 0, sizeof *s);
    /* A namespace and a time set, as concord_set_namespace and
    ** concord_set_export_time set them: the bytes are then fixed. */
    cq_export_opts opts;
    cq_export_opts_init(&opts);
    opts.ns = TEST_NS;
    opts.time = TEST_TIME;
    int rc =
        cq_output_write_opts(t, first, format, &opts, sink_write, s, &a, &err);
    if (msg)
        snprintf(msg, msg_size, "%s", cq_error_message(&err));
    cq_error_free(&err);
    assert_int_equal(ta.live, 0);
    return rc;
}

static void expect(int format, const char *want)
{
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_table t;
    make_mappings(&t, &a);
    sink s;
    assert_int_equal(write_to(&t, 0, format, &s, NULL, 0), CONCORD_OK);
    assert_string_equal(s.data ? s.data : "", want);
    sink_free(&s);
    cq_table_free(&t);
    assert_int_equal(ta.live, 0);
}

/* ---- exact output ------------------------------------------------------ */

static void test_dot(void **state)
{
    (void)state;
    expect(CONCORD_FORMAT_DOT,
           "digraph concord {\n"
           "  rankdir=LR;\n"
           "  node [shape=box];\n"
           "  subgraph \"cluster_20000-1\" {\n"
           "    label=\"20000-1\";\n"
           "    \"20000-1:8.5.1\" [label=\"20000-1:8.5.1\\nChange "
           "management\"];\n"
           "    \"20000-1:8.4.1\" [label=\"20000-1:8.4.1\\nBudgeting\"];\n"
           "  }\n"
           "  subgraph \"cluster_27001\" {\n"
           "    label=\"27001\";\n"
           "    \"27001:A.12.1.2\" [label=\"27001:A.12.1.2\\nChange "
           "management\"];\n"
           "  }\n"
           "  subgraph \"cluster_9001\" {\n"
           "    label=\"9001\";\n"
           "    \"9001:8.5.6\" [label=\"9001:8.5.6\\nControl of changes\"];\n"
           "    \"9001\" [shape=folder];\n"
           "  }\n"
           "  \"20000-1:8.5.1\" -> \"27001:A.12.1.2\" [label=\"intersects "
           "6\"];\n"
           "  \"20000-1:8.5.1\" -> \"9001:8.5.6\" [label=\"equivalent 8\"];\n"
           "  \"20000-1:8.4.1\" -> \"9001\" [label=\"none 0\", "
           "style=dashed];\n"
           "}\n");
}

static void test_strm(void **state)
{
    (void)state;
    expect(CONCORD_FORMAT_STRM,
           "Focal Document Element,Focal Document Element Description,"
           "Rationale,Relationship,Reference Document Element,Reference "
           "Document Element Description,Comments,Strength of Relationship,"
           "Focal Document,Reference Document\r\n"
           "8.5.1,Change management,semantic,intersects with,A.12.1.2,Change "
           "management,annex: C; confidence: low; source: expert judgement; "
           "note: Both control changes,6,20000-1,27001\r\n"
           "8.5.1,Change management,semantic,equal,8.5.6,Control of "
           "changes,\"relation: equivalent; annex: B; confidence: medium; "
           "source: a \"\"quoted\"\"\\; source, here; note: note with "
           "*stars*, a comma\tand a \"\"quote\"\"\",8,20000-1,9001\r\n"
           "8.4.1,Budgeting,semantic,not related to,,,annex: B; confidence: "
           "low; source: expert judgement; note: 9001 has no "
           "budgeting,0,20000-1,9001\r\n");
}

static void test_sssom(void **state)
{
    (void)state;
    expect(CONCORD_FORMAT_SSSOM,
           "#curie_map:\n"
           "#  concord: https://github.com/concord/ns/\n"
           "#  std20000-1: https://github.com/concord/ns/std/20000-1/\n"
           "#  std27001: https://github.com/concord/ns/std/27001/\n"
           "#  std9001: https://github.com/concord/ns/std/9001/\n"
           "#mapping_set_id: urn:uuid:5be676fb-17b8-58db-8458-4d147f39de68\n"
           "#mapping_set_title: concord correlations\n"
           "#license: https://w3id.org/sssom/license/unspecified\n"
           "#mapping_tool: concord\n"
           "#mapping_tool_version: " CONCORD_VERSION "\n"
           "#mapping_date: 2026-01-01\n"
           "#extension_definitions:\n"
           "#  - slot_name: concord_annex\n"
           "#    property: concord:annex\n"
           "#    type_hint: xsd:string\n"
           "#  - slot_name: concord_source\n"
           "#    property: concord:source\n"
           "#    type_hint: xsd:string\n"
           "#  - slot_name: concord_strength\n"
           "#    property: concord:strength\n"
           "#    type_hint: xsd:integer\n"
           "subject_id\tsubject_label\tpredicate_id\tobject_id\tobject_label\t"
           "mapping_justification\tobject_source\tconfidence\tcomment\t"
           "concord_annex\tconcord_source\tconcord_strength\n"
           "std20000-1:8.5.1\tChange management\tskos:relatedMatch\t"
           "std27001:A.12.1.2\tChange management\t"
           "semapv:ManualMappingCuration\t\t0.3\tBoth control changes\tC\t"
           "expert judgement\t6\n"
           "std20000-1:8.5.1\tChange management\tskos:closeMatch\t"
           "std9001:8.5.6\tControl of changes\tsemapv:ManualMappingCuration\t"
           "\t0.6\t\"note with *stars*, a comma\tand a \"\"quote\"\"\"\tB\t"
           "\"a \"\"quoted\"\"; source, here\"\t8\n"
           "std20000-1:8.4.1\tBudgeting\tskos:relatedMatch\t"
           "sssom:NoTermFound\t\tsemapv:ManualMappingCuration\t"
           "concord:std/9001\t0.3\t9001 has no budgeting\tB\texpert "
           "judgement\t0\n");
}

static void test_oscal(void **state)
{
    (void)state;
    expect(
        CONCORD_FORMAT_OSCAL,
        "{\n"
        "  \"mapping-collection\": {\n"
        "    \"uuid\": \"622eb6f9-2c6b-5b50-97f3-5a6a366c88ad\",\n"
        "    \"metadata\": {\n"
        "      \"title\": \"concord correlations of 20000-1 with 27001; "
        "20000-1 with 9001\",\n"
        "      \"last-modified\": \"2026-01-01T00:00:00Z\",\n"
        "      \"version\": \"1\",\n"
        "      \"oscal-version\": \"1.2.2\"\n"
        "    },\n"
        "    \"provenance\": {\n"
        "      \"method\": \"human\",\n"
        "      \"matching-rationale\": \"semantic\",\n"
        "      \"status\": \"not-complete\",\n"
        "      \"mapping-description\": \"Correlations between management "
        "system standards, exported by concord 0.1.0 from a query result. Each "
        "relationship reads from source to target (NIST IR 8477). concord's "
        "own fields are props in the namespace https://github.com/concord/ns/: "
        "annex (the correlation table), strength (0 to 10), source (where the "
        "correlation comes from), title, route (the clauses a composed "
        "correlation went through, from source to target, separated by \\\" "
        "> \\\") and status (of a gap: none or unmapped); each map's remarks "
        "hold its note. A control id is the clause number, with "
        "\\\"clause-\\\" in front when the number starts with a digit.\"\n"
        "    },\n"
        "    \"mappings\": [\n"
        "      {\n"
        "        \"uuid\": \"cb3da7d9-9a6b-5839-b237-15dfb074bbac\",\n"
        "        \"source-resource\": {\"type\": \"catalog\", \"href\": "
        "\"#45d93361-e8ee-51a0-8efd-5346a11995dc\", \"props\": [{\"name\": "
        "\"standard\", \"ns\": \"https://github.com/concord/ns/\", \"value\": "
        "\"20000-1\"}]},\n"
        "        \"target-resource\": {\"type\": \"catalog\", \"href\": "
        "\"#6fd207a9-2440-5d9b-9662-6d317658a933\", \"props\": [{\"name\": "
        "\"standard\", \"ns\": \"https://github.com/concord/ns/\", \"value\": "
        "\"27001\"}]},\n"
        "        \"maps\": [\n"
        "          {\n"
        "            \"uuid\": \"87f68d6f-d956-5006-a096-c3de600c7a3c\",\n"
        "            \"relationship\": \"intersects-with\",\n"
        "            \"sources\": [{\"type\": \"control\", \"id-ref\": "
        "\"clause-8.5.1\", \"props\": [{\"name\": \"title\", \"ns\": "
        "\"https://github.com/concord/ns/\", \"value\": \"Change "
        "management\"}]}],\n"
        "            \"targets\": [{\"type\": \"control\", \"id-ref\": "
        "\"A.12.1.2\", \"props\": [{\"name\": \"title\", \"ns\": "
        "\"https://github.com/concord/ns/\", \"value\": \"Change "
        "management\"}]}],\n"
        "            \"confidence-score\": {\"category\": \"low\"},\n"
        "            \"props\": [{\"name\": \"annex\", \"ns\": "
        "\"https://github.com/concord/ns/\", \"value\": \"C\"}, {\"name\": "
        "\"strength\", \"ns\": \"https://github.com/concord/ns/\", \"value\": "
        "\"6\"}, {\"name\": \"source\", \"ns\": "
        "\"https://github.com/concord/ns/\", \"value\": \"expert "
        "judgement\"}],\n"
        "            \"remarks\": \"Both control changes\"\n"
        "          }\n"
        "        ]\n"
        "      },\n"
        "      {\n"
        "        \"uuid\": \"b55dbf5a-eed0-5d8b-b166-1d60c8c10b49\",\n"
        "        \"source-resource\": {\"type\": \"catalog\", \"href\": "
        "\"#45d93361-e8ee-51a0-8efd-5346a11995dc\", \"props\": [{\"name\": "
        "\"standard\", \"ns\": \"https://github.com/concord/ns/\", \"value\": "
        "\"20000-1\"}]},\n"
        "        \"target-resource\": {\"type\": \"catalog\", \"href\": "
        "\"#4827e8c3-67ad-5918-bb3f-4e75fdd4ae7e\", \"props\": [{\"name\": "
        "\"standard\", \"ns\": \"https://github.com/concord/ns/\", \"value\": "
        "\"9001\"}]},\n"
        "        \"maps\": [\n"
        "          {\n"
        "            \"uuid\": \"14468e6c-7f6d-558c-bf9a-e89cf0d1cd43\",\n"
        "            \"relationship\": \"equivalent-to\",\n"
        "            \"sources\": [{\"type\": \"control\", \"id-ref\": "
        "\"clause-8.5.1\", \"props\": [{\"name\": \"title\", \"ns\": "
        "\"https://github.com/concord/ns/\", \"value\": \"Change "
        "management\"}]}],\n"
        "            \"targets\": [{\"type\": \"control\", \"id-ref\": "
        "\"clause-8.5.6\", \"props\": [{\"name\": \"title\", \"ns\": "
        "\"https://github.com/concord/ns/\", \"value\": \"Control of "
        "changes\"}]}],\n"
        "            \"confidence-score\": {\"category\": \"medium\"},\n"
        "            \"props\": [{\"name\": \"annex\", \"ns\": "
        "\"https://github.com/concord/ns/\", \"value\": \"B\"}, {\"name\": "
        "\"strength\", \"ns\": \"https://github.com/concord/ns/\", \"value\": "
        "\"8\"}, {\"name\": \"source\", \"ns\": "
        "\"https://github.com/concord/ns/\", \"value\": \"a \\\"quoted\\\"; "
        "source, here\"}],\n"
        "            \"remarks\": \"note with \\\\*stars\\\\*, a comma\\tand a "
        "\\\"quote\\\"\"\n"
        "          },\n"
        "          {\n"
        "            \"uuid\": \"49e7e44e-b279-5bed-90c9-a7c3da905d20\",\n"
        "            \"relationship\": \"no-relationship\",\n"
        "            \"sources\": [{\"type\": \"control\", \"id-ref\": "
        "\"clause-8.4.1\", \"props\": [{\"name\": \"title\", \"ns\": "
        "\"https://github.com/concord/ns/\", \"value\": \"Budgeting\"}]}],\n"
        "            \"targets\": [{\"type\": \"control\", \"id-ref\": "
        "\"standard-9001\", \"props\": [{\"name\": \"scope\", \"ns\": "
        "\"https://github.com/concord/ns/\", \"value\": \"standard\"}]}],\n"
        "            \"confidence-score\": {\"category\": \"low\"},\n"
        "            \"props\": [{\"name\": \"annex\", \"ns\": "
        "\"https://github.com/concord/ns/\", \"value\": \"B\"}, {\"name\": "
        "\"strength\", \"ns\": \"https://github.com/concord/ns/\", \"value\": "
        "\"0\"}, {\"name\": \"source\", \"ns\": "
        "\"https://github.com/concord/ns/\", \"value\": \"expert "
        "judgement\"}],\n"
        "            \"remarks\": \"9001 has no budgeting\"\n"
        "          }\n"
        "        ]\n"
        "      }\n"
        "    ],\n"
        "    \"back-matter\": {\n"
        "      \"resources\": [\n"
        "        {\"uuid\": \"45d93361-e8ee-51a0-8efd-5346a11995dc\", "
        "\"title\": \"20000-1\", \"description\": \"The standard 20000-1 as "
        "concord's corpus holds it: each control id is one of its clause "
        "numbers.\", \"props\": [{\"name\": \"standard\", \"ns\": "
        "\"https://github.com/concord/ns/\", \"value\": \"20000-1\"}]},\n"
        "        {\"uuid\": \"6fd207a9-2440-5d9b-9662-6d317658a933\", "
        "\"title\": \"27001\", \"description\": \"The standard 27001 as "
        "concord's corpus holds it: each control id is one of its clause "
        "numbers.\", \"props\": [{\"name\": \"standard\", \"ns\": "
        "\"https://github.com/concord/ns/\", \"value\": \"27001\"}]},\n"
        "        {\"uuid\": \"4827e8c3-67ad-5918-bb3f-4e75fdd4ae7e\", "
        "\"title\": \"9001\", \"description\": \"The standard 9001 as "
        "concord's corpus holds it: each control id is one of its clause "
        "numbers.\", \"props\": [{\"name\": \"standard\", \"ns\": "
        "\"https://github.com/concord/ns/\", \"value\": \"9001\"}]}\n"
        "      ]\n"
        "    }\n"
        "  }\n"
        "}\n");
}

/* ---- OSCAL: the structure the mapping model requires ------------------- */

static const cq_json *need(const cq_json *obj, const char *key,
                           cq_json_type type)
{
    const cq_json *m = cq_json_member(obj, key);
    if (m == NULL || m->type != type)
        fail_msg("missing or mistyped \"%s\"", key);
    return m;
}

/* A UUID as the metaschema's uuid type says: version 4 or 5, RFC variant. */
static void assert_uuid(const cq_json *v)
{
    assert_int_equal(v->type, CQ_JSON_STRING);
    assert_int_equal(v->len, 36);
    for (int i = 0; i < 36; i++) {
        char c = v->str[i];
        if (i == 8 || i == 13 || i == 18 || i == 23)
            assert_int_equal(c, '-');
        else
            assert_true((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }
    assert_int_equal(v->str[14], '5');
    assert_non_null(strchr("89ab", v->str[19]));
}

/* props: an array of at least one {name, ns, value}, no empty values. */
static void assert_props(const cq_json *holder)
{
    const cq_json *props = cq_json_member(holder, "props");
    if (props == NULL)
        return;
    assert_int_equal(props->type, CQ_JSON_ARRAY);
    assert_true(props->count >= 1);
    for (const cq_json *p = props->child; p; p = p->next) {
        assert_true(need(p, "name", CQ_JSON_STRING)->len > 0);
        assert_string_equal(need(p, "ns", CQ_JSON_STRING)->str, TEST_NS);
        const cq_json *v = need(p, "value", CQ_JSON_STRING);
        assert_true(v->len > 0 && v->str[0] != ' ' &&
                    v->str[v->len - 1] != ' ');
    }
}

static void assert_item(const cq_json *item)
{
    assert_string_equal(need(item, "type", CQ_JSON_STRING)->str, "control");
    assert_true(need(item, "id-ref", CQ_JSON_STRING)->len > 0);
    assert_props(item);
}

/* Check a mapping collection as oscal_mapping_metaschema.xml and
** oscal_mapping-common_metaschema.xml (1.2.2) require it. */
static void check_mapping_collection(const char *json, size_t want_maps)
{
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_arena arena;
    cq_arena_init(&arena, &a);
    cq_error err;
    cq_error_init(&err, &a);
    cq_json *root;
    assert_int_equal(
        cq_json_parse(&arena, json, strlen(json), "x", &root, &err),
        CONCORD_OK);
    assert_int_equal(root->count, 1);
    const cq_json *mc = need(root, "mapping-collection", CQ_JSON_OBJECT);
    assert_uuid(need(mc, "uuid", CQ_JSON_STRING));
    const cq_json *md = need(mc, "metadata", CQ_JSON_OBJECT);
    need(md, "title", CQ_JSON_STRING);
    need(md, "last-modified", CQ_JSON_STRING);
    need(md, "version", CQ_JSON_STRING);
    assert_string_equal(need(md, "oscal-version", CQ_JSON_STRING)->str,
                        CQ_OSCAL_VERSION);
    const cq_json *pv = need(mc, "provenance", CQ_JSON_OBJECT);
    assert_non_null(strstr("|human|automation|hybrid|",
                           need(pv, "method", CQ_JSON_STRING)->str));
    assert_non_null(
        strstr("|syntactic|semantic|functional|",
               need(pv, "matching-rationale", CQ_JSON_STRING)->str));
    assert_non_null(
        strstr("|complete|not-complete|draft|deprecated|superseded|",
               need(pv, "status", CQ_JSON_STRING)->str));
    need(pv, "mapping-description", CQ_JSON_STRING);
    const cq_json *mappings = need(mc, "mappings", CQ_JSON_ARRAY);
    assert_true(mappings->count >= 1);
    size_t maps_seen = 0;
    for (const cq_json *m = mappings->child; m; m = m->next) {
        assert_uuid(need(m, "uuid", CQ_JSON_STRING));
        const char *res[] = {"source-resource", "target-resource"};
        for (int i = 0; i < 2; i++) {
            const cq_json *r = need(m, res[i], CQ_JSON_OBJECT);
            assert_string_equal(need(r, "type", CQ_JSON_STRING)->str,
                                "catalog");
            const cq_json *href = need(r, "href", CQ_JSON_STRING);
            /* a bare fragment naming a back-matter resource */
            assert_int_equal(href->str[0], '#');
            int found = 0;
            const cq_json *bm = need(mc, "back-matter", CQ_JSON_OBJECT);
            for (const cq_json *x = need(bm, "resources", CQ_JSON_ARRAY)->child;
                 x; x = x->next)
                found |= strcmp(need(x, "uuid", CQ_JSON_STRING)->str,
                                href->str + 1) == 0;
            assert_true(found);
            assert_props(r);
        }
        const cq_json *maps = need(m, "maps", CQ_JSON_ARRAY);
        assert_true(maps->count >= 1);
        for (const cq_json *map = maps->child; map; map = map->next) {
            maps_seen++;
            assert_uuid(need(map, "uuid", CQ_JSON_STRING));
            assert_non_null(
                strstr("|equivalent-to|equal-to|subset-of|"
                       "superset-of|intersects-with|"
                       "no-relationship|",
                       need(map, "relationship", CQ_JSON_STRING)->str));
            const char *io[] = {"sources", "targets"};
            for (int i = 0; i < 2; i++) {
                const cq_json *items = need(map, io[i], CQ_JSON_ARRAY);
                assert_true(items->count >= 1);
                for (const cq_json *it = items->child; it; it = it->next)
                    assert_item(it);
            }
            const cq_json *cs = cq_json_member(map, "confidence-score");
            if (cs != NULL) /* the 1.2.1+ assembly: a category or a number */
                assert_true(cs->count == 1 &&
                            (cq_json_member(cs, "category") ||
                             cq_json_member(cs, "percentage")));
            assert_props(map);
            const cq_json *rm = cq_json_member(map, "remarks");
            if (rm != NULL)
                assert_int_equal(rm->type, CQ_JSON_STRING);
        }
    }
    assert_int_equal(maps_seen, want_maps);
    cq_arena_free(&arena);
    cq_error_free(&err);
    assert_int_equal(ta.live, 0);
}

/* The same checks by a parser that is not ours. */
static void python_check(const char *json)
{
    FILE *p =
        popen("python3 -c '\n"
              "import json, re, sys\n"
              "d = json.loads(sys.stdin.buffer.read().decode(\"utf-8\"))\n"
              "mc = d[\"mapping-collection\"]\n"
              "u = re.compile(\"^[0-9a-f]{8}-[0-9a-f]{4}-[45][0-9a-f]{3}-[89ab]"
              "[0-9a-f]{3}-[0-9a-f]{12}$\")\n"
              "assert u.match(mc[\"uuid\"])\n"
              "for k in (\"title\", \"last-modified\", \"version\", "
              "\"oscal-version\"): assert mc[\"metadata\"][k]\n"
              "for k in (\"method\", \"matching-rationale\", \"status\", "
              "\"mapping-description\"): assert mc[\"provenance\"][k]\n"
              "for m in mc[\"mappings\"]:\n"
              "    assert u.match(m[\"uuid\"])\n"
              "    assert m[\"source-resource\"][\"href\"]\n"
              "    for x in m[\"maps\"]:\n"
              "        assert u.match(x[\"uuid\"]) and x[\"sources\"] and "
              "x[\"targets\"]\n"
              "        for i in x[\"sources\"] + x[\"targets\"]: assert "
              "i[\"id-ref\"]\n"
              "'",
              "w");
    assert_non_null(p);
    fwrite(json, 1, strlen(json), p);
    assert_int_equal(pclose(p), 0);
}

static void test_oscal_structure(void **state)
{
    (void)state;
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_table t;
    make_mappings(&t, &a);
    sink s;
    assert_int_equal(write_to(&t, 0, CONCORD_FORMAT_OSCAL, &s, NULL, 0),
                     CONCORD_OK);
    check_mapping_collection(s.data, 3);
    if (unit_have_python())
        python_check(s.data);
    /* Deterministic: the same table gives the same bytes. */
    sink again;
    assert_int_equal(write_to(&t, 0, CONCORD_FORMAT_OSCAL, &again, NULL, 0),
                     CONCORD_OK);
    assert_string_equal(s.data, again.data);
    sink_free(&again);
    sink_free(&s);
    /* A repeated subject keeps both maps apart; a row the same as another
    ** in everything written is written once (issue 16). */
    cq_value *dup = cq_table_add_row(&t);
    memcpy(dup, cq_table_row(&t, 0), 10 * sizeof *dup);
    dup[6] = cq_int(5);
    cq_value *same = cq_table_add_row(&t);
    memcpy(same, cq_table_row(&t, 0), 10 * sizeof *same);
    assert_int_equal(write_to(&t, 0, CONCORD_FORMAT_OSCAL, &s, NULL, 0),
                     CONCORD_OK);
    check_mapping_collection(s.data, 4);
    talloc tb;
    cq_allocator b = talloc_make(&tb, 0);
    cq_arena arena;
    cq_arena_init(&arena, &b);
    cq_error err;
    cq_error_init(&err, &b);
    cq_json *root;
    assert_int_equal(cq_json_parse(&arena, s.data, s.len, "x", &root, &err),
                     CONCORD_OK);
    const cq_json *maps = cq_json_member(
        cq_json_member(cq_json_member(root, "mapping-collection"), "mappings")
            ->child,
        "maps");
    assert_int_equal(maps->count, 2);
    assert_string_not_equal(cq_json_member(maps->child, "uuid")->str,
                            cq_json_member(maps->child->next, "uuid")->str);
    cq_arena_free(&arena);
    cq_error_free(&err);
    sink_free(&s);
    cq_table_free(&t);
    assert_int_equal(ta.live, 0);
}

/* ---- escaping ----------------------------------------------------------- */

static void test_escaping(void **state)
{
    (void)state;
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_table t;
    cq_table_init(&t, &a, map_cols, 10);
    cq_value *v = cq_table_add_row(&t);
    v[0] = cq_text("x:1");
    v[1] = cq_text("say \"hi\"\\\nnow");
    v[2] = cq_text("y z:2");
    v[3] = cq_text("  padded  ");
    v[4] = cq_text("A");
    v[5] = cq_text("subset");
    v[6] = cq_int(7);
    v[7] = cq_text("high");
    v[8] = cq_text("");
    v[9] = cq_text("a <b> & [c]_d_ #e");
    sink s;
    assert_int_equal(write_to(&t, 0, CONCORD_FORMAT_DOT, &s, NULL, 0),
                     CONCORD_OK);
    assert_non_null(strstr(s.data, "\"x:1\" [label=\"x:1\\nsay \\\"hi\\\"\\\\"
                                   "\\nnow\"];\n"));
    assert_non_null(strstr(s.data, "subgraph \"cluster_y z\""));
    assert_non_null(
        strstr(s.data, "\"x:1\" -> \"y z:2\" [label=\"subset 7\"]"));
    sink_free(&s);
    /* A standard id with a space: percent-encoded in SSSOM's IRIs and
    ** CURIEs, and a prefix made of the id. */
    assert_int_equal(write_to(&t, 0, CONCORD_FORMAT_SSSOM, &s, NULL, 0),
                     CONCORD_OK);
    assert_non_null(strstr(s.data, "#  x: https://github.com/concord/ns/"
                                   "std/x/\n"));
    assert_non_null(strstr(s.data, "#  stdy_z: https://github.com/concord/ns/"
                                   "std/y%20z/\n"));
    assert_non_null(strstr(s.data, "x:1\t\"say \"\"hi\"\"\\\nnow\"\t"
                                   "skos:broadMatch\tstdy_z:2\t  padded  \t"));
    assert_null(strstr(s.data, "concord_source")); /* no row has one */
    sink_free(&s);
    /* OSCAL: Markdown characters of the note escaped, props trimmed, an
    ** empty source left out. */
    assert_int_equal(write_to(&t, 0, CONCORD_FORMAT_OSCAL, &s, NULL, 0),
                     CONCORD_OK);
    assert_non_null(strstr(s.data, "\"remarks\": \"a \\\\<b\\\\> \\\\& "
                                   "\\\\[c\\\\]\\\\_d\\\\_ \\\\#e\""));
    assert_non_null(strstr(s.data, "\"value\": \"padded\""));
    assert_non_null(strstr(s.data, "\"value\": \"say \\\"hi\\\"\\\\ now\""));
    assert_null(strstr(s.data, "\"name\": \"source\""));
    check_mapping_collection(s.data, 1);
    sink_free(&s);
    /* STRM: quotes doubled, the field quoted. */
    assert_int_equal(write_to(&t, 0, CONCORD_FORMAT_STRM, &s, NULL, 0),
                     CONCORD_OK);
    assert_non_null(strstr(s.data, "\r\n1,\"say \"\"hi\"\"\\\nnow\",semantic,"
                                   "subset of,2,\"  padded  \",annex: A; "
                                   "confidence: high; source: ; note: a <b> "
                                   "& [c]_d_ #e,7,x,y z\r\n"));
    sink_free(&s);
    cq_table_free(&t);
    assert_int_equal(ta.live, 0);
}

/* ---- what the formats refuse --------------------------------------------- */

static void expect_refused(const cq_table *t, int format, const char *want)
{
    sink s;
    char msg[512];
    assert_int_equal(write_to(t, 0, format, &s, msg, sizeof msg),
                     CONCORD_ERROR);
    assert_string_equal(msg, want);
    assert_int_equal(s.calls, 0);
    sink_free(&s);
}

static void test_refused(void **state)
{
    (void)state;
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    static const char *const clause_cols[] = {"clause", "title", "origin"};
    cq_table t;
    cq_table_init(&t, &a, clause_cols, 3);
    cq_value *v = cq_table_add_row(&t);
    v[0] = cq_text("20000-1:8.5.1");
    expect_refused(&t, CONCORD_FORMAT_OSCAL,
                   "format oscal exports mappings and needs the columns "
                   "from, to and relation; this result has no from, to or "
                   "relation (its columns: clause, title, origin)");
    expect_refused(&t, CONCORD_FORMAT_SSSOM,
                   "format sssom exports mappings and needs the columns "
                   "from, to and relation; this result has no from, to or "
                   "relation (its columns: clause, title, origin)");
    cq_table_free(&t);

    static const char *const via_cols[] = {"from", "via", "to"};
    cq_table_init(&t, &a, via_cols, 3);
    expect_refused(&t, CONCORD_FORMAT_STRM,
                   "format strm exports mappings and needs the columns "
                   "from, to and relation; this result has no relation (its "
                   "columns: from, via, to)");
    cq_table_free(&t);

    static const char *const other_cols[] = {"standard", "title"};
    cq_table_init(&t, &a, other_cols, 2);
    expect_refused(&t, CONCORD_FORMAT_DOT,
                   "format dot draws clauses and edges and needs the columns "
                   "from and to, or a clause column; this result has no "
                   "from, to or clause (its columns: standard, title)");
    cq_table_free(&t);

    make_mappings(&t, &a);
    cq_table_row(&t, 1)[5] = cq_text("related");
    expect_refused(&t, CONCORD_FORMAT_OSCAL,
                   "format oscal: row 2: relation is not one of equal, "
                   "equivalent, subset, superset, intersects or none: "
                   "'related'");
    cq_table_row(&t, 1)[5] = cq_text("equal");
    cq_table_row(&t, 2)[0] = cq_text("20000-1");
    expect_refused(&t, CONCORD_FORMAT_SSSOM,
                   "format sssom: row 3: from is not a clause key "
                   "(standard:number): '20000-1'");
    cq_table_row(&t, 2)[0] = cq_text("20000-1:8.4.1");
    cq_table_row(&t, 0)[2] = cq_text("27001");
    expect_refused(&t, CONCORD_FORMAT_STRM,
                   "format strm: row 1: to is not a clause key "
                   "(standard:number): '27001'");
    cq_table_clear(&t);
    expect_refused(&t, CONCORD_FORMAT_OSCAL,
                   "format oscal: the result has no rows, and an OSCAL "
                   "mapping-collection needs at least one mapping");
    cq_table_free(&t);
    assert_int_equal(ta.live, 0);
}

/* ---- other tables and edge cases ---------------------------------------- */

/* A table of clauses: nodes only, and edges to the parents. */
static void test_dot_clauses(void **state)
{
    (void)state;
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    static const char *const cols[] = {"clause", "title", "parent"};
    cq_table t;
    cq_table_init(&t, &a, cols, 3);
    const char *rows[2][3] = {{"9001:8.5", "Production", ""},
                              {"9001:8.5.6", "Control of changes", "9001:8.5"}};
    for (int r = 0; r < 2; r++) {
        cq_value *v = cq_table_add_row(&t);
        for (int c = 0; c < 3; c++)
            v[c] = cq_text(rows[r][c]);
    }
    sink s;
    assert_int_equal(write_to(&t, 0, CONCORD_FORMAT_DOT, &s, NULL, 0),
                     CONCORD_OK);
    assert_string_equal(s.data,
                        "digraph concord {\n"
                        "  rankdir=LR;\n"
                        "  node [shape=box];\n"
                        "  subgraph \"cluster_9001\" {\n"
                        "    label=\"9001\";\n"
                        "    \"9001:8.5\" [label=\"9001:8.5\\nProduction\"];\n"
                        "    \"9001:8.5.6\" [label=\"9001:8.5.6\\nControl of "
                        "changes\"];\n"
                        "  }\n"
                        "  \"9001:8.5.6\" -> \"9001:8.5\" [label=\"parent\", "
                        "style=dashed];\n"
                        "}\n");
    sink_free(&s);
    cq_table_free(&t);
    assert_int_equal(ta.live, 0);
}

/* Empty results: every format but OSCAL writes a valid empty document;
** first_row leaves the rows before it out. */
static void test_empty_and_first_row(void **state)
{
    (void)state;
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_table t;
    make_mappings(&t, &a);
    sink s;
    assert_int_equal(write_to(&t, 3, CONCORD_FORMAT_DOT, &s, NULL, 0),
                     CONCORD_OK);
    assert_string_equal(s.data, "digraph concord {\n  rankdir=LR;\n  node "
                                "[shape=box];\n}\n");
    sink_free(&s);
    assert_int_equal(write_to(&t, 3, CONCORD_FORMAT_STRM, &s, NULL, 0),
                     CONCORD_OK);
    assert_non_null(strstr(s.data, "Reference Document\r\n"));
    assert_null(strstr(s.data, "\r\n8"));
    sink_free(&s);
    assert_int_equal(write_to(&t, 3, CONCORD_FORMAT_SSSOM, &s, NULL, 0),
                     CONCORD_OK);
    assert_null(strstr(s.data, "curie_map"));
    assert_non_null(strstr(s.data, "\nsubject_id\tpredicate_id\tobject_id\t"
                                   "mapping_justification\n"));
    sink_free(&s);
    assert_int_equal(write_to(&t, 2, CONCORD_FORMAT_STRM, &s, NULL, 0),
                     CONCORD_OK);
    assert_null(strstr(s.data, "8.5.1"));
    assert_non_null(strstr(s.data, "8.4.1,Budgeting"));
    sink_free(&s);
    cq_table_free(&t);
    assert_int_equal(ta.live, 0);
}

static void test_write_fails(void **state)
{
    (void)state;
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_table t;
    make_mappings(&t, &a);
    static const int formats[] = {CONCORD_FORMAT_DOT, CONCORD_FORMAT_OSCAL,
                                  CONCORD_FORMAT_STRM, CONCORD_FORMAT_SSSOM};
    for (int f = 0; f < 4; f++) {
        sink s = {0};
        s.fail_on = 1;
        cq_error err;
        cq_error_init(&err, &a);
        assert_int_equal(
            cq_output_write_err(&t, 0, formats[f], sink_write, &s, &a, &err),
            CONCORD_IOERR);
        cq_error_free(&err);
        sink_free(&s);
    }
    cq_table_free(&t);
    assert_int_equal(ta.live, 0);
}

/* Every allocation failing in turn, in every export format: NOMEM, and
** every block freed. */
/* Write t in format with the n-th allocation failing, for every n until
** one run fails none: each failure is CONCORD_NOMEM and leaks nothing. */
static void sweep_alloc(const cq_table *t, int format)
{
    for (long fail = 1;; fail++) {
        talloc tw;
        cq_allocator w = talloc_make(&tw, fail);
        cq_error err;
        cq_error_init(&err, &w);
        sink out = {0};
        int rc = cq_output_write_err(t, 0, format, sink_write, &out, &w, &err);
        cq_error_free(&err);
        sink_free(&out);
        assert_int_equal(tw.live, 0);
        if (!tw.failed) {
            assert_int_equal(rc, CONCORD_OK);
            break;
        }
        assert_int_equal(rc, CONCORD_NOMEM);
    }
}

static void test_alloc_failures(void **state)
{
    (void)state;
    static const int formats[] = {CONCORD_FORMAT_DOT, CONCORD_FORMAT_OSCAL,
                                  CONCORD_FORMAT_STRM, CONCORD_FORMAT_SSSOM};
    talloc tt;
    cq_allocator ta = talloc_make(&tt, 0);
    cq_table t;
    make_mappings(&t, &ta);
    for (int f = 0; f < 4; f++)
        sweep_alloc(&t, formats[f]);
    cq_table_free(&t);
    assert_int_equal(tt.live, 0);
}

/* A result with a route column (multi-hop routes): the chain of each row
** is its keys from from to to, whether the route names the ends or only
** the pivots; a row the same as another in everything written is written
** once. */
static void test_route_column(void **state)
{
    (void)state;
    static const char *const cols[] = {"from", "to", "relation", "route"};
    static const char *const rows[][4] = {
        {"a:1", "c:3", "intersects", "a:1 > b:2 > c:3"},
        {"a:1", "c:3", "intersects", "b:9, b:8"},
        {"a:1", "c:3", "intersects", ""},
        {"a:12", "c:3", "intersects", "a:1 > c:3"},
        {"a:1", "c:3", "intersects", "a:1 > b:2 > c:3"}};
    talloc ta;
    cq_allocator a = talloc_make(&ta, 0);
    cq_table t;
    cq_table_init(&t, &a, cols, 4);
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        cq_value *v = cq_table_add_row(&t);
        assert_non_null(v);
        for (int c = 0; c < 4; c++)
            v[c] = cq_text(rows[r][c]);
    }
    sink s;
    assert_int_equal(write_to(&t, 0, CONCORD_FORMAT_SSSOM, &s, NULL, 0),
                     CONCORD_OK);
    assert_non_null(strstr(s.data, "\tsemapv:MappingChaining\ta:1 > b:2 > "
                                   "c:3\n"));
    assert_non_null(strstr(s.data, "\tsemapv:MappingChaining\ta:1 > b:9 > "
                                   "b:8 > c:3\n"));
    assert_non_null(strstr(s.data, "\tsemapv:ManualMappingCuration\t\n"));
    const char *first = strstr(s.data, "a:1 > b:2 > c:3\n");
    assert_null(strstr(first + 1, "a:1 > b:2 > c:3\n")); /* once */
    sink_free(&s);
    assert_int_equal(write_to(&t, 0, CONCORD_FORMAT_STRM, &s, NULL, 0),
                     CONCORD_OK);
    assert_non_null(strstr(s.data, "route: a:1 > b:9 > b:8 > c:3"));
    size_t lines = 0;
    for (const char *p = s.data; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 5); /* the header and four rows */
    assert_non_null(strstr(s.data, "route: a:12 > a:1 > c:3"));
    sink_free(&s);
    /* Every allocation of the chains and the duplicate check may fail. */
    static const int formats[] = {CONCORD_FORMAT_OSCAL, CONCORD_FORMAT_STRM,
                                  CONCORD_FORMAT_SSSOM};
    for (int f = 0; f < 3; f++)
        sweep_alloc(&t, formats[f]);
    cq_table_free(&t);
    assert_int_equal(ta.live, 0);
}

static void test_format_names(void **state)
{
    (void)state;
    static const char *const names[] = {"dot", "oscal", "strm", "sssom"};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(concord_format_from_name(names[i]),
                         CONCORD_FORMAT_DOT + i);
        assert_string_equal(concord_format_name(CONCORD_FORMAT_DOT + i),
                            names[i]);
    }
    assert_int_equal(concord_format_from_name("OSCAL"), CONCORD_FORMAT_OSCAL);
    assert_null(concord_format_name(CONCORD_FORMAT_JSONL + 1));
    assert_non_null(cq_rel_spelling_find("none"));
    assert_null(cq_rel_spelling_find("related"));
    assert_string_equal(cq_confidence_number("medium"), "0.6");
    assert_null(cq_confidence_number("sure"));
}

/* The spellings of each relation are indexed by its enum and name the
** relation graph.c names; confidences map to SSSOM's numbers by name. */
static void test_relation_spellings(void **state)
{
    (void)state;
    for (int r = 0; r < CQ_REL_COUNT; r++) {
        assert_string_equal(cq_rel_spellings[r].relation, cq_relation_name(r));
        assert_ptr_equal(cq_rel_spelling_find(cq_relation_name(r)),
                         &cq_rel_spellings[r]);
    }
    assert_string_equal(cq_rel_spellings[CQ_REL_NONE].oscal, "no-relationship");
    assert_null(cq_rel_spelling_find("nothing"));
    assert_null(cq_rel_spelling_find(NULL));
    assert_string_equal(cq_confidence_number("high"), "0.9");
    assert_string_equal(cq_confidence_number("medium"), "0.6");
    assert_string_equal(cq_confidence_number("low"), "0.3");
    assert_null(cq_confidence_number("sure"));
    assert_null(cq_confidence_number(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_relation_spellings),
        cmocka_unit_test(test_dot),
        cmocka_unit_test(test_strm),
        cmocka_unit_test(test_sssom),
        cmocka_unit_test(test_oscal),
        cmocka_unit_test(test_oscal_structure),
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_dot_clauses),
        cmocka_unit_test(test_empty_and_first_row),
        cmocka_unit_test(test_write_fails),
        cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_route_column),
        cmocka_unit_test(test_format_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
