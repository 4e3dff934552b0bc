/*
** graph_build.c -- compiling validated corpus rows (corpus_rows.h) into the
** immutable graph of graph.h: clause order and subtree ranges, edge and
** link adjacency in both directions, annex labels, and the key hashes.
**
** Every array of the graph, and its one string table, is drawn from
** graph->pool; working arrays come from a scratch arena freed before
** returning, so a failure at any point frees everything with two calls.
**
** Strings are entered in the table as the elements are built (intern),
** which gives each its offset at once: the bytes are appended to a
** growing buffer, copied into the pool in one piece at the end
** (strings_finish).  Identical strings are stored once: `source` values
** and empty notes repeat a lot.
**
** Edges are placed by a counting sort on their `from` clause (the CSR
** index comes out of it), then each clause's few edges are sorted in
** place: linear in the edges, where one sort of them all is n log n.
*/
#include "corpus_rows.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "concord.h"
#include "strhash.h"
#include "trigram.h"

/* A distinct string entered in the table being built: its hash and its
** offset in the table (builder.text holds the bytes). */
typedef struct str_slot {
    uint32_t hash;
    cq_str at; /* 0: a free slot (offset 0 is "", never entered) */
} str_slot;

typedef struct builder {
    const cq_corpus_rows *rows;
    cq_graph *g;
    cq_arena scratch;       /* working arrays, freed at the end */
    cq_id *clause_of_row;   /* clauses row -> clause id */
    cq_str *key_of_row;     /* clauses row -> its clause's key */
    cq_id *term_of_row;     /* terms row -> term id */
    uint32_t *annex_of_row; /* edges row -> index into g->annexes */
    cq_str *source_of_row;  /* edges row -> its source in the table */
    cq_str *note_of_row;    /* edges row -> its note in the table */
    str_slot *strs;         /* open addressing over the distinct strings */
    uint32_t strs_mask;
    uint32_t strs_used;
    cq_buf text;            /* the table so far, NULs included */
    int strings_failed;     /* sticky: the table cannot be made */
    int (*stop)(void *ctx); /* asked between passes (go_on), or NULL */
    void *stop_ctx;
    int stopped; /* stop said to stop */
} builder;

/* A zero-filled array of count elements of size bytes, or NULL. */
static void *array_in(cq_arena *arena, size_t count, size_t size)
{
    if (size != 0 && count > (size_t)-1 / size)
        return NULL;
    return cq_arena_zalloc(arena, count * size);
}

/* ---- the string table --------------------------------------------------- */

/* The string table starts as "" alone, its hash small: it grows with the
** distinct strings, which a large corpus has far fewer of than rows. */
#define STRS_FIRST 1024

static int strings_init(builder *b)
{
    b->strs = array_in(&b->scratch, STRS_FIRST, sizeof(str_slot));
    if (b->strs == NULL || cq_buf_append(&b->text, "", 1) != 0)
        return CONCORD_NOMEM;
    b->strs_mask = STRS_FIRST - 1;
    return CONCORD_OK;
}

/* Twice the slots, when half are used.  Returns 0, or -1 for lack of
** memory or of 32-bit slot numbers. */
static int strings_grow(builder *b)
{
    size_t size = (size_t)b->strs_mask + 1;
    if (size > UINT32_MAX / 2)
        return -1;
    str_slot *strs = array_in(&b->scratch, size * 2, sizeof(str_slot));
    if (strs == NULL)
        return -1;
    uint32_t mask = (uint32_t)(size * 2 - 1);
    for (size_t i = 0; i < size; i++) {
        str_slot e = b->strs[i];
        if (e.at == 0)
            continue;
        uint32_t slot = e.hash & mask;
        while (strs[slot].at != 0)
            slot = (slot + 1) & mask;
        strs[slot] = e;
    }
    b->strs = strs; /* the old slots stay in the scratch arena */
    b->strs_mask = mask;
    return 0;
}

/* Append s[0..len) (len > 0) and its NUL to the table: its offset, or 0
** with strings_failed set when memory or 32-bit offsets run out. */
static cq_str append_bytes(builder *b, const char *s, size_t len)
{
    size_t at = b->text.len;
    if (len + 1 > (size_t)UINT32_MAX - at ||
        cq_buf_append(&b->text, s, len + 1) != 0) {
        b->strings_failed = 1;
        return 0;
    }
    return (cq_str)at;
}

/*
** The offset of s in the string table, entering it if it is new; "" is 0.
** Never fails on the spot, so callers need no checks: when memory runs
** out or the table would pass what a cq_str can address (4 GiB),
** strings_failed is set and strings_finish reports it.  Identity is
** decided by the exact bytes.
*/
static cq_str intern(builder *b, const char *s)
{
    size_t len = strlen(s);
    if (len == 0 || b->strings_failed)
        return 0;
    uint32_t h = cq_strhash(s, len, 0, 0);
    uint32_t slot = h & b->strs_mask;
    for (;; slot = (slot + 1) & b->strs_mask) {
        const str_slot *e = &b->strs[slot];
        if (e->at == 0)
            break;
        if (e->hash == h && e->at + len < b->text.len &&
            memcmp(b->text.data + e->at, s, len + 1) == 0)
            return e->at;
    }
    cq_str at = append_bytes(b, s, len);
    if (at == 0)
        return 0;
    b->strs[slot].hash = h;
    b->strs[slot].at = at;
    if (++b->strs_used > b->strs_mask / 2 && strings_grow(b) != 0)
        b->strings_failed = 1;
    return at;
}

/* The offset of s, appended without looking for it: for strings known to
** be distinct (clause keys), which would only fill the hash. */
static cq_str append_string(builder *b, const char *s)
{
    size_t len = strlen(s);
    return len == 0 || b->strings_failed ? 0 : append_bytes(b, s, len);
}

/* Copy the table into one block of the pool. */
static int strings_finish(builder *b)
{
    cq_graph *g = b->g;
    if (b->strings_failed)
        return CONCORD_NOMEM;
    char *table = cq_arena_alloc(&g->pool, b->text.len);
    if (table == NULL)
        return CONCORD_NOMEM;
    memcpy(table, b->text.data, b->text.len);
    g->strings = table;
    g->strings_size = (uint32_t)b->text.len;
    return CONCORD_OK;
}

/* ---- standards ---------------------------------------------------------- */

static int build_standards(builder *b)
{
    const cq_corpus_rows *rows = b->rows;
    cq_graph *g = b->g;
    g->standards = array_in(&g->pool, rows->n_standards, sizeof(cq_standard));
    if (g->standards == NULL)
        return CONCORD_NOMEM;
    g->n_standards = rows->n_standards;
    for (uint32_t i = 0; i < rows->n_standards; i++) {
        const cq_row_standard *r = &rows->standards[i];
        cq_standard *s = &g->standards[i];
        s->id = intern(b, r->id);
        s->title = intern(b, r->title);
        s->role = intern(b, r->role);
        s->notes = intern(b, r->notes);
        s->year = r->year;
    }
    return CONCORD_OK;
}

/* ---- clauses ------------------------------------------------------------ */

/* A clause row waiting to be placed among its siblings. */
typedef struct sibling {
    const char *number;
    uint32_t row;
} sibling;

static int compare_siblings(const void *pa, const void *pb)
{
    const sibling *a = pa, *b = pb;
    int c = cq_clause_number_compare(a->number, b->number);
    if (c != 0)
        return c;
    return a->row < b->row ? -1 : a->row > b->row;
}

typedef struct frame {
    uint32_t row;  /* the clause being walked */
    uint32_t next; /* its next child, as an index into sibs[] */
} frame;

/*
** Place the clauses: group rows by parent (top-level rows by standard),
** sort each group by clause number, then walk depth-first so that every
** subtree is one range of ids.  Groups 0..n-1 are the children of clause
** row g; group n+s holds the top-level clauses of standard s.
*/
static int build_clauses(builder *b)
{
    const cq_corpus_rows *rows = b->rows;
    cq_graph *g = b->g;
    uint32_t n = rows->n_clauses;
    size_t n_groups = (size_t)n + rows->n_standards;

    g->clauses = array_in(&g->pool, n, sizeof(cq_clause));
    b->clause_of_row = array_in(&b->scratch, n, sizeof(cq_id));
    b->key_of_row = array_in(&b->scratch, n, sizeof(cq_str));
    uint32_t *start = array_in(&b->scratch, n_groups + 1, sizeof(uint32_t));
    uint32_t *fill = array_in(&b->scratch, n_groups, sizeof(uint32_t));
    sibling *sibs = array_in(&b->scratch, n, sizeof(sibling));
    frame *stack = array_in(&b->scratch, n, sizeof(frame));
    if (!g->clauses || !b->clause_of_row || !b->key_of_row || !start || !fill ||
        !sibs || !stack)
        return CONCORD_NOMEM;
    g->n_clauses = n;

    for (uint32_t r = 0; r < n; r++) {
        const cq_row_clause *c = &rows->clauses[r];
        size_t grp = c->parent == CQ_NONE ? n + (size_t)c->standard : c->parent;
        start[grp + 1]++;
    }
    for (size_t i = 0; i < n_groups; i++)
        start[i + 1] += start[i];
    for (uint32_t r = 0; r < n; r++) {
        const cq_row_clause *c = &rows->clauses[r];
        size_t grp = c->parent == CQ_NONE ? n + (size_t)c->standard : c->parent;
        sibling *s = &sibs[start[grp] + fill[grp]++];
        s->number = c->number;
        s->row = r;
    }
    for (size_t i = 0; i < n_groups; i++)
        if (start[i + 1] - start[i] > 1)
            qsort(sibs + start[i], start[i + 1] - start[i], sizeof(sibling),
                  compare_siblings);

    cq_id next = 0;
    for (uint32_t s = 0; s < rows->n_standards; s++) {
        g->standards[s].first_clause = next;
        size_t grp = (size_t)n + s;
        for (uint32_t k = start[grp]; k < start[grp + 1]; k++) {
            uint32_t sp = 0;
            uint32_t row = sibs[k].row;
            for (;;) {
                if (row != CQ_NONE) {
                    /* Enter row: its id comes before its descendants'. */
                    const cq_row_clause *rc = &rows->clauses[row];
                    cq_clause *c = &g->clauses[next];
                    b->clause_of_row[row] = next++;
                    c->key = append_string(b, rc->key); /* unique */
                    b->key_of_row[row] = c->key;
                    c->number = c->key + (cq_str)(rc->number - rc->key);
                    c->standard = rc->standard;
                    c->parent = rc->parent == CQ_NONE
                                    ? CQ_NONE
                                    : b->clause_of_row[rc->parent];
                    c->depth = (uint16_t)(sp + 1);
                    c->origin = rc->origin;
                    stack[sp].row = row;
                    stack[sp].next = start[row];
                    sp++;
                }
                if (sp == 0)
                    break;
                frame *top = &stack[sp - 1];
                if (top->next < start[top->row + 1]) {
                    row = sibs[top->next++].row;
                } else {
                    g->clauses[b->clause_of_row[top->row]].subtree_end = next;
                    sp--;
                    row = CQ_NONE;
                }
            }
        }
        g->standards[s].end_clause = next;
    }
    /* The keys lie together, in clause order, and the titles after them:
    ** the rows of a subtree read its keys and their targets', scattered
    ** over the clauses, and packed four to a cache line (not one between
    ** two titles) more of them stay in cache.  The titles go in by row,
    ** the order the rows lie in memory, which is the clauses' order but
    ** for a corpus listed out of order. */
    for (uint32_t r = 0; r < n; r++) {
        const cq_row_clause *rc = &rows->clauses[r];
        cq_clause *c = &g->clauses[b->clause_of_row[r]];
        c->title = intern(b, rc->title);
        c->source = intern(b, rc->source);
    }
    return CONCORD_OK;
}

/* ---- annexes and edges -------------------------------------------------- */

/* A distinct annex label and its index in order of first use. */
typedef struct label {
    const char *s;
    uint32_t first; /* index in order of first use */
} label;

static int compare_labels(const void *pa, const void *pb)
{
    return strcmp(((const label *)pa)->s, ((const label *)pb)->s);
}

/* Room for twice as many labels, and their hash rebuilt (slots hold a
** label's index + 1; 0 is free).  Returns 0 or -1. */
static int labels_grow(builder *b, label **labels, uint32_t n, uint32_t **slots,
                       uint32_t *mask)
{
    size_t size = ((size_t)*mask + 1) * 2;
    label *grown = array_in(&b->scratch, size / 2, sizeof(label));
    uint32_t *table = array_in(&b->scratch, size, sizeof(uint32_t));
    if (grown == NULL || table == NULL)
        return -1;
    if (n > 0)
        memcpy(grown, *labels, (size_t)n * sizeof(label));
    for (uint32_t i = 0; i < n; i++) {
        uint32_t slot = cq_strhash(grown[i].s, strlen(grown[i].s), 0, 0);
        while (table[slot & (size - 1)] != 0)
            slot++;
        table[slot & (size - 1)] = i + 1;
    }
    *labels = grown;
    *slots = table;
    *mask = (uint32_t)(size - 1);
    return 0;
}

#define EDGE_LINE_AHEAD 8

/*
** The distinct annex labels, sorted; every edge refers to its label by the
** same offset.  A corpus has a handful of labels over a million edges, so
** each edge's label is found in a small hash, and only the distinct ones
** are sorted.  The same pass enters each edge's source and note in the
** string table (build_edges places them), while their line is cached.
*/

static int build_annexes(builder *b)
{
    const cq_corpus_rows *rows = b->rows;
    cq_graph *g = b->g;
    uint32_t n = rows->n_edges;
    b->annex_of_row = array_in(&b->scratch, n, sizeof(uint32_t));
    b->source_of_row = array_in(&b->scratch, n, sizeof(cq_str));
    b->note_of_row = array_in(&b->scratch, n, sizeof(cq_str));
    label *labels = NULL;
    uint32_t *slots = NULL, mask = 7, distinct = 0;
    if (!b->annex_of_row || !b->source_of_row || !b->note_of_row ||
        labels_grow(b, &labels, 0, &slots, &mask) != 0)
        return CONCORD_NOMEM;
    for (uint32_t i = 0; i < n; i++) {
        /* A row's annex, source and note sit side by side in its line of
        ** the file: all three are read while that line is in the cache,
        ** and the line some rows ahead is asked for. */
        if (i + EDGE_LINE_AHEAD < n)
            __builtin_prefetch(rows->edges[i + EDGE_LINE_AHEAD].annex);
        b->source_of_row[i] = intern(b, rows->edges[i].source);
        b->note_of_row[i] = intern(b, rows->edges[i].note);
        const char *s = rows->edges[i].annex;
        uint32_t slot = cq_strhash(s, strlen(s), 0, 0) & mask;
        while (slots[slot] != 0 && strcmp(labels[slots[slot] - 1].s, s) != 0)
            slot = (slot + 1) & mask;
        if (slots[slot] == 0) {
            labels[distinct].s = s;
            labels[distinct].first = distinct;
            slots[slot] = ++distinct;
            if (distinct * 2 > mask &&
                labels_grow(b, &labels, distinct, &slots, &mask) != 0)
                return CONCORD_NOMEM;
            b->annex_of_row[i] = distinct - 1;
        } else {
            b->annex_of_row[i] = slots[slot] - 1;
        }
    }
    qsort(labels, distinct, sizeof(label), compare_labels);
    uint32_t *rank = array_in(&b->scratch, distinct, sizeof(uint32_t));
    g->annexes = array_in(&g->pool, distinct, sizeof(cq_str));
    if ((distinct > 0 && rank == NULL) || (distinct > 0 && g->annexes == NULL))
        return CONCORD_NOMEM;
    for (uint32_t i = 0; i < distinct; i++) {
        g->annexes[i] = intern(b, labels[i].s);
        rank[labels[i].first] = i;
    }
    g->n_annexes = distinct;
    for (uint32_t i = 0; i < n; i++)
        b->annex_of_row[i] = rank[b->annex_of_row[i]];
    return CONCORD_OK;
}

/* An edge with its annex's rank and its position, which breaks ties so the
** order does not depend on qsort.  The annexes are sorted, so ranks order
** as the labels do, and the strings are not needed until the end. */
typedef struct edge_item {
    cq_edge edge;
    uint32_t annex; /* index into g->annexes */
    uint32_t row;
} edge_item;

static int compare_edges(const void *pa, const void *pb)
{
    const edge_item *a = pa, *b = pb;
    if (a->edge.to_standard != b->edge.to_standard)
        return a->edge.to_standard < b->edge.to_standard ? -1 : 1;
    if (a->edge.to != b->edge.to) /* CQ_NONE is the largest: last */
        return a->edge.to < b->edge.to ? -1 : 1;
    if (a->annex != b->annex)
        return a->annex < b->annex ? -1 : 1;
    return a->row < b->row ? -1 : a->row > b->row;
}

/* Does edge a (annex rank ra) come before edge b among one clause's? */
static int edge_before(const cq_edge *a, uint32_t ra, const cq_edge *b,
                       uint32_t rb)
{
    if (a->to_standard != b->to_standard)
        return a->to_standard < b->to_standard;
    if (a->to != b->to)
        return a->to < b->to;
    return ra < rb;
}

/* Groups up to this size are sorted by insertion; larger ones by qsort. */
#define EDGE_INSERTION_MAX 32

/*
** Sort one clause's edges e[0..k) (annex ranks rank[0..k)), which are in
** file order, by (to_standard, to, annex), keeping file order among equals.
** tmp has room for k items when k > EDGE_INSERTION_MAX (NULL: insertion
** all the same, correct at any size).
*/
static void sort_clause_edges(cq_edge *e, uint32_t *rank, uint32_t k,
                              edge_item *tmp)
{
    if (k <= EDGE_INSERTION_MAX || tmp == NULL) {
        for (uint32_t i = 1; i < k; i++) {
            cq_edge x = e[i];
            uint32_t xr = rank[i], j = i;
            for (; j > 0 && edge_before(&x, xr, &e[j - 1], rank[j - 1]); j--) {
                e[j] = e[j - 1];
                rank[j] = rank[j - 1];
            }
            e[j] = x;
            rank[j] = xr;
        }
        return;
    }
    for (uint32_t i = 0; i < k; i++) {
        tmp[i].edge = e[i];
        tmp[i].annex = rank[i];
        tmp[i].row = i;
    }
    qsort(tmp, k, sizeof(edge_item), compare_edges);
    for (uint32_t i = 0; i < k; i++) {
        e[i] = tmp[i].edge;
        rank[i] = tmp[i].annex;
    }
}

/*
** Fill start[0..n_nodes] and list[] so that list[start[v]..start[v+1])
** holds the ids i (in increasing order) with targets[i] == v; targets
** equal to CQ_NONE are left out.  Used for the reverse direction of edges
** and of term links, which are already sorted by `from`, so each node's
** list comes out ordered by (to, from).
*/
static int build_reverse(cq_arena *pool, cq_arena *scratch, uint32_t n_nodes,
                         uint32_t n_items, const cq_id *targets,
                         uint32_t **start_out, cq_id **list_out)
{
    uint32_t *start = array_in(pool, (size_t)n_nodes + 1, sizeof(uint32_t));
    uint32_t *fill = array_in(scratch, n_nodes, sizeof(uint32_t));
    if (!start || !fill)
        return CONCORD_NOMEM;
    for (uint32_t i = 0; i < n_items; i++)
        if (targets[i] != CQ_NONE)
            start[targets[i] + 1]++;
    for (uint32_t v = 0; v < n_nodes; v++)
        start[v + 1] += start[v];
    cq_id *list = array_in(pool, start[n_nodes], sizeof(cq_id));
    if (!list)
        return CONCORD_NOMEM;
    for (uint32_t i = 0; i < n_items; i++) {
        cq_id to = targets[i];
        if (to != CQ_NONE)
            list[start[to] + fill[to]++] = i;
    }
    *start_out = start;
    *list_out = list;
    return CONCORD_OK;
}

/* How many rows ahead build_edges prefetches the places it writes. */
#define EDGE_PLACE_AHEAD 16

/*
** The edges, sorted by (from, to_standard, to, annex) with file order
** among equals: a counting sort on `from` places each edge row, in file
** order, at the next free place of its clause, then each clause's edges
** are sorted (sort_clause_edges).  The places are worked out first, so
** the writes to them, scattered over the whole array, are prefetched
** rows ahead and overlap instead of waiting one by one.
*/
static int build_edges(builder *b)
{
    const cq_corpus_rows *rows = b->rows;
    cq_graph *g = b->g;
    uint32_t n = rows->n_edges;
    uint32_t *fill = array_in(&b->scratch, g->n_clauses, sizeof(uint32_t));
    uint32_t *rank = array_in(&b->scratch, n, sizeof(uint32_t));
    uint32_t *place = array_in(&b->scratch, n, sizeof(uint32_t));
    g->edges = array_in(&g->pool, n, sizeof(cq_edge));
    g->out_start =
        array_in(&g->pool, (size_t)g->n_clauses + 1, sizeof(uint32_t));
    if (!fill || !rank || !place || !g->edges || !g->out_start)
        return CONCORD_NOMEM;
    for (uint32_t i = 0; i < n; i++)
        g->out_start[b->clause_of_row[rows->edges[i].from] + 1]++;
    uint32_t largest = 0;
    for (uint32_t c = 0; c < g->n_clauses; c++) {
        uint32_t k = g->out_start[c + 1];
        largest = k > largest ? k : largest;
        g->out_start[c + 1] += g->out_start[c];
    }
    for (uint32_t i = 0; i < n; i++) {
        cq_id from = b->clause_of_row[rows->edges[i].from];
        place[i] = g->out_start[from] + fill[from]++;
    }
    for (uint32_t i = 0; i < n; i++) {
        const cq_row_edge *r = &rows->edges[i];
        if (i + EDGE_PLACE_AHEAD < n) {
            uint32_t ahead = place[i + EDGE_PLACE_AHEAD];
            __builtin_prefetch(&g->edges[ahead], 1);
            __builtin_prefetch(&rank[ahead], 1);
            cq_id to = rows->edges[i + EDGE_PLACE_AHEAD].to;
            if (to != CQ_NONE) {
                __builtin_prefetch(&b->clause_of_row[to]);
                __builtin_prefetch(&b->key_of_row[to]);
            }
        }
        cq_id from = b->clause_of_row[r->from];
        uint32_t at = place[i];
        cq_edge *e = &g->edges[at];
        /* the kind rides in the rank's low bits through the sort: the
        ** annex still orders first, and the kind is read back after */
        rank[at] = b->annex_of_row[i] * CQ_KIND_COUNT +
                   (r->kind ? (uint32_t)r->kind - 1u
                            : (uint32_t)cq_kind_of_annex(r->annex));
        e->from = from;
        e->to = r->to == CQ_NONE ? CQ_NONE : b->clause_of_row[r->to];
        e->to_standard = r->to_standard;
        /* the key by row, not through g->clauses (7 MB at random) */
        e->to_key = e->to == CQ_NONE ? g->standards[e->to_standard].id
                                     : b->key_of_row[r->to];
        e->annex = g->annexes[b->annex_of_row[i]];
        e->source = b->source_of_row[i];
        e->note = b->note_of_row[i];
        e->relation = r->relation;
        e->confidence = r->confidence;
        e->strength = r->strength;
        e->layer = r->layer;
    }
    edge_item *tmp = NULL;
    if (largest > EDGE_INSERTION_MAX) {
        tmp = array_in(&b->scratch, largest, sizeof(edge_item));
        if (tmp == NULL)
            return CONCORD_NOMEM;
    }
    for (uint32_t c = 0; c < g->n_clauses; c++) {
        uint32_t first = g->out_start[c];
        sort_clause_edges(g->edges + first, rank + first,
                          g->out_start[c + 1] - first, tmp);
    }
    g->n_edges = n;
    g->edge_kinds = array_in(&g->pool, n, 1);
    if (g->edge_kinds == NULL && n > 0)
        return CONCORD_NOMEM;
    for (uint32_t i = 0; i < n; i++)
        g->edge_kinds[i] = (uint8_t)(rank[i] % CQ_KIND_COUNT);
    cq_id *targets = rank; /* the ranks are no longer needed */
    for (uint32_t i = 0; i < n; i++)
        targets[i] = g->edges[i].to;
    return build_reverse(&g->pool, &b->scratch, g->n_clauses, n, targets,
                         &g->in_start, &g->in_edges);
}

/* ---- terms and links ---------------------------------------------------- */

typedef struct term_item {
    const char *entry;
    uint32_t vocabulary;
    uint32_t row;
} term_item;

static int compare_terms(const void *pa, const void *pb)
{
    const term_item *a = pa, *b = pb;
    if (a->vocabulary != b->vocabulary)
        return a->vocabulary < b->vocabulary ? -1 : 1;
    int c = cq_clause_number_compare(a->entry, b->entry);
    if (c != 0)
        return c;
    return a->row < b->row ? -1 : a->row > b->row;
}

static int build_terms(builder *b)
{
    const cq_corpus_rows *rows = b->rows;
    cq_graph *g = b->g;
    uint32_t n = rows->n_terms;
    term_item *items = array_in(&b->scratch, n, sizeof(term_item));
    b->term_of_row = array_in(&b->scratch, n, sizeof(cq_id));
    g->terms = array_in(&g->pool, n, sizeof(cq_term));
    if (!items || !b->term_of_row || !g->terms)
        return CONCORD_NOMEM;
    for (uint32_t i = 0; i < n; i++) {
        items[i].entry = rows->terms[i].entry;
        items[i].vocabulary = rows->terms[i].vocabulary;
        items[i].row = i;
    }
    qsort(items, n, sizeof(term_item), compare_terms);
    for (uint32_t id = 0; id < n; id++) {
        const cq_row_term *r = &rows->terms[items[id].row];
        cq_term *t = &g->terms[id];
        b->term_of_row[items[id].row] = id;
        t->key = intern(b, r->key);
        t->name = intern(b, r->name);
        t->source = intern(b, r->source);
        t->entry = t->key + (cq_str)(r->entry - r->key);
        t->vocabulary = r->vocabulary;
        t->hls = r->hls;
    }
    g->n_terms = n;
    /* Terms are grouped by vocabulary in standards order. */
    uint32_t id = 0;
    for (uint32_t s = 0; s < g->n_standards; s++) {
        g->standards[s].first_term = id;
        while (id < n && g->terms[id].vocabulary == s)
            id++;
        g->standards[s].end_term = id;
    }
    return CONCORD_OK;
}

typedef struct link_item {
    cq_term_link link;
    uint32_t row;
} link_item;

static int compare_links(const void *pa, const void *pb)
{
    const link_item *a = pa, *b = pb;
    if (a->link.from != b->link.from)
        return a->link.from < b->link.from ? -1 : 1;
    if (a->link.to_vocabulary != b->link.to_vocabulary)
        return a->link.to_vocabulary < b->link.to_vocabulary ? -1 : 1;
    if (a->link.to != b->link.to)
        return a->link.to < b->link.to ? -1 : 1;
    return a->row < b->row ? -1 : a->row > b->row;
}

static int build_links(builder *b)
{
    const cq_corpus_rows *rows = b->rows;
    cq_graph *g = b->g;
    uint32_t n = rows->n_links;
    link_item *items = array_in(&b->scratch, n, sizeof(link_item));
    cq_id *targets = array_in(&b->scratch, n, sizeof(cq_id));
    g->links = array_in(&g->pool, n, sizeof(cq_term_link));
    g->link_out_start =
        array_in(&g->pool, (size_t)g->n_terms + 1, sizeof(uint32_t));
    if (!items || !targets || !g->links || !g->link_out_start)
        return CONCORD_NOMEM;
    for (uint32_t i = 0; i < n; i++) {
        const cq_row_link *r = &rows->links[i];
        cq_term_link *l = &items[i].link;
        items[i].row = i;
        l->from = b->term_of_row[r->from];
        l->to = r->to == CQ_NONE ? CQ_NONE : b->term_of_row[r->to];
        l->to_vocabulary = r->to_vocabulary;
        l->relation = r->relation;
        l->note = intern(b, r->note);
        l->source = intern(b, r->source);
    }
    qsort(items, n, sizeof(link_item), compare_links);
    for (uint32_t i = 0; i < n; i++) {
        g->links[i] = items[i].link;
        targets[i] = items[i].link.to;
        g->link_out_start[g->links[i].from + 1]++;
    }
    g->n_links = n;
    for (uint32_t t = 0; t < g->n_terms; t++)
        g->link_out_start[t + 1] += g->link_out_start[t];
    return build_reverse(&g->pool, &b->scratch, g->n_terms, n, targets,
                         &g->link_in_start, &g->link_in);
}

/* ---- layers ------------------------------------------------------------- */

static int build_layers(builder *b)
{
    const cq_corpus_rows *rows = b->rows;
    cq_graph *g = b->g;
    g->layers = array_in(&g->pool, rows->n_layers, sizeof(cq_str));
    if (g->layers == NULL && rows->n_layers > 0)
        return CONCORD_NOMEM;
    for (uint32_t i = 0; i < rows->n_layers; i++)
        g->layers[i] = intern(b, rows->layers[i]);
    g->n_layers = rows->n_layers;
    return CONCORD_OK;
}

/* ---- hashes ------------------------------------------------------------- */

/* An open-addressing table of the ids 0..n-1 whose keys are keys[id]; see
** cq_graph_key_hash for the size and probing rule the lookups expect. */
static int build_hash(cq_arena *pool, uint32_t n, const char *const *keys,
                      cq_id **table_out, uint32_t *mask_out)
{
    size_t size = 2;
    while (size < (size_t)n * 2)
        size *= 2;
    cq_id *table = array_in(pool, size, sizeof(cq_id));
    if (table == NULL)
        return CONCORD_NOMEM;
    memset(table, 0xff, size * sizeof(cq_id)); /* every slot CQ_NONE */
    uint32_t mask = (uint32_t)(size - 1);
    for (uint32_t id = 0; id < n; id++) {
        const char *key = keys[id];
        uint32_t slot = cq_graph_key_hash(key, strlen(key)) & mask;
        while (table[slot] != CQ_NONE)
            slot = (slot + 1) & mask;
        table[slot] = id;
    }
    *table_out = table;
    *mask_out = mask;
    return CONCORD_OK;
}

/* How many clauses ahead build_clause_tags makes a tag and prefetches
** its slot. */
#define TAG_AHEAD 8

/* The clause hash, sized and probed as build_hash's tables are, with each
** clause's tag in its slot (graph.h). */
static int build_clause_tags(cq_graph *g)
{
    size_t size = 2;
    while (size < (size_t)g->n_clauses * 2)
        size *= 2;
    cq_clause_tag *tags = array_in(&g->pool, size, sizeof(cq_clause_tag));
    if (tags == NULL)
        return CONCORD_NOMEM;
    static const cq_clause_tag free_slot = {.id = CQ_NONE};
    for (size_t i = 0; i < size; i++)
        tags[i] = free_slot;
    uint32_t mask = (uint32_t)(size - 1);
    /* Each tag is made TAG_AHEAD clauses before it is placed, and its
    ** slot prefetched meanwhile: the slots are hit at random, and the
    ** misses overlap.  Tags are still placed in id order. */
    cq_clause_tag made[TAG_AHEAD];
    uint32_t made_slot[TAG_AHEAD];
    for (cq_id id = 0; id < g->n_clauses + TAG_AHEAD; id++) {
        uint32_t k = id % TAG_AHEAD;
        if (id >= TAG_AHEAD) {
            uint32_t slot = made_slot[k];
            while (tags[slot].id != CQ_NONE)
                slot = (slot + 1) & mask;
            tags[slot] = made[k];
        }
        if (id < g->n_clauses) {
            const char *key = cq_graph_str(g, g->clauses[id].key);
            made_slot[k] = cq_graph_clause_tag(&made[k], id, g->out_start[id],
                                               key, strlen(key)) &
                           mask;
            __builtin_prefetch(&tags[made_slot[k]], 1);
        }
    }
    g->clause_tags = tags;
    g->clause_tag_mask = mask;
    return CONCORD_OK;
}

/* ---- the whole graph ---------------------------------------------------- */

/* Go on after a pass?  CONCORD_OK, or the code b->stop gave. */
static int go_on(builder *b)
{
    int rc = b->stop ? b->stop(b->stop_ctx) : CONCORD_OK;
    b->stopped = rc != CONCORD_OK;
    return rc;
}

static int build_all(builder *b)
{
    cq_graph *g = b->g;
    int rc;
    if ((rc = strings_init(b)) != CONCORD_OK ||
        (rc = build_standards(b)) != CONCORD_OK ||
        (rc = build_clauses(b)) != CONCORD_OK ||
        (rc = go_on(b)) != CONCORD_OK ||
        (rc = build_annexes(b)) != CONCORD_OK ||
        (rc = build_edges(b)) != CONCORD_OK || (rc = go_on(b)) != CONCORD_OK ||
        (rc = build_terms(b)) != CONCORD_OK ||
        (rc = build_links(b)) != CONCORD_OK ||
        (rc = build_layers(b)) != CONCORD_OK ||
        (rc = strings_finish(b)) != CONCORD_OK || (rc = go_on(b)) != CONCORD_OK)
        return rc;
    rc = build_clause_tags(g);
    if (rc == CONCORD_OK)
        rc = go_on(b);
    if (rc == CONCORD_OK)
        rc = cq_graph_build_pairs(g, &g->pool, &b->scratch);
    if (rc == CONCORD_OK)
        rc = go_on(b);
    if (rc == CONCORD_OK)
        rc = cq_trigram_build(g);
    if (rc == CONCORD_OK)
        rc = go_on(b);
    if (rc != CONCORD_OK)
        return rc;
    const char **keys = array_in(&b->scratch, g->n_terms, sizeof(char *));
    if (keys == NULL)
        return CONCORD_NOMEM;
    for (uint32_t i = 0; i < g->n_terms; i++)
        keys[i] = cq_graph_str(g, g->terms[i].key);
    rc = build_hash(&g->pool, g->n_terms, keys, &g->term_hash,
                    &g->term_hash_mask);
    if (rc == CONCORD_OK)
        rc = cq_graph_index_standards(g);
    return rc == CONCORD_OK ? go_on(b) : rc;
}

int cq_graph_build(const cq_corpus_rows *rows, const cq_allocator *alloc,
                   cq_graph **out, cq_error *err)
{
    return cq_graph_build_watched(rows, alloc, out, err, NULL, NULL);
}

int cq_graph_build_watched(const cq_corpus_rows *rows,
                           const cq_allocator *alloc, cq_graph **out,
                           cq_error *err, int (*stop)(void *ctx), void *ctx)
{
    *out = NULL;
    cq_graph *g = cq_calloc(alloc, 1, sizeof *g);
    if (g == NULL)
        return cq_error_nomem(err);
    atomic_init(&g->refs, 0);
    g->alloc = *alloc;
    cq_arena_init(&g->pool, &g->alloc);

    builder b;
    memset(&b, 0, sizeof b);
    b.rows = rows;
    b.g = g;
    b.stop = stop;
    b.stop_ctx = ctx;
    cq_arena_init(&b.scratch, alloc);
    cq_buf_init(&b.text, alloc);
    int rc = build_all(&b);
    cq_buf_free(&b.text);
    cq_arena_free(&b.scratch);
    if (rc != CONCORD_OK) {
        cq_graph_free(g);
        /* a pass fails only for memory; stop's error stands */
        return b.stopped ? rc : cq_error_nomem(err);
    }
    *out = g;
    return CONCORD_OK;
}
