/*
** trigram.c -- the trigram index of clause titles (trigram.h): built with
** the graph in two passes over the titles (count each list's bytes, then
** write the lists where they go), so no list of (trigram, clause) pairs is
** ever held; and read by intersecting the lists of a text's trigrams,
** rarest first.
*/
#include "trigram.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "concord.h"
#include "fold.h"

/* The trigram at p, folded as `~` folds. */
static inline uint32_t trigram_at(const unsigned char *p)
{
    return (uint32_t)cq_fold(p[0]) << 16 | (uint32_t)cq_fold(p[1]) << 8 |
           (uint32_t)cq_fold(p[2]);
}

static unsigned varint_len(uint32_t v)
{
    unsigned n = 1;
    for (; v >= 0x80; v >>= 7)
        n++;
    return n;
}

static uint8_t *varint_put(uint8_t *p, uint32_t v)
{
    for (; v >= 0x80; v >>= 7)
        *p++ = (uint8_t)(v | 0x80);
    *p++ = (uint8_t)v;
    return p;
}

/* The varint at *p, which must end before end: *p moves past it.  Returns
** 0 for a varint cut short by end or longer than 32 bits. */
static inline int varint_get(const uint8_t **p, const uint8_t *end, uint32_t *v)
{
    uint32_t x = 0;
    for (unsigned shift = 0; shift < 35; shift += 7) {
        if (*p == end)
            return 0;
        uint8_t b = *(*p)++;
        if (shift == 28 && b > 0x0f)
            return 0;
        x |= (uint32_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *v = x;
            return 1;
        }
    }
    return 0;
}

/* ---- building ----------------------------------------------------------- */

#define NO_CLAUSE 0xffffffffu

/* A trigram met while building: its list's size, then its place. */
typedef struct tri_slot {
    uint32_t key;   /* the trigram */
    uint32_t last;  /* the last clause added to its list, or NO_CLAUSE */
    uint64_t bytes; /* pass 1: the list's size; pass 2: where to write */
} tri_slot;

/* Blocks of the trigram table: one for each first two bytes met. */
#define TRI_TOP (1u << 16)
#define TRI_BLOCK 256u

/*
** The trigrams met so far, found without hashing: a trigram's first two
** (folded) bytes pick a block of the top array, its third the cell in
** the block, which holds 1 + the trigram's index in slots (0: not met).
** Titles are words, so few pairs of bytes begin a trigram and few blocks
** are made; each lookup is two loads, where a hash was a multiply and
** probing.  Blocks come from an arena, so they go in one call.
*/
typedef struct tri_table {
    uint32_t **top;  /* TRI_TOP blocks, NULL until one is needed */
    tri_slot *slots; /* the trigrams in the order met */
    uint32_t used;
    uint32_t cap;
    cq_arena blocks;
    const cq_allocator *alloc;
} tri_table;

static int table_init(tri_table *t, const cq_allocator *alloc)
{
    t->alloc = alloc;
    t->used = 0;
    t->cap = 1024;
    cq_arena_init(&t->blocks, alloc);
    t->top = cq_calloc(alloc, TRI_TOP, sizeof *t->top);
    t->slots = cq_malloc(alloc, sizeof(tri_slot) * t->cap);
    return t->top == NULL || t->slots == NULL ? CONCORD_NOMEM : CONCORD_OK;
}

static void table_free(tri_table *t)
{
    if (t->top != NULL)
        cq_free(t->alloc, t->top, sizeof *t->top * TRI_TOP);
    if (t->slots != NULL)
        cq_free(t->alloc, t->slots, sizeof(tri_slot) * t->cap);
    cq_arena_free(&t->blocks);
    t->top = NULL;
    t->slots = NULL;
}

/* The cell of key (24 bits) in its block, the block made if need be; NULL
** for lack of memory. */
static inline uint32_t *cell_of(tri_table *t, uint32_t key)
{
    uint32_t *block = t->top[key >> 8];
    if (block == NULL) {
        block = cq_arena_zalloc(&t->blocks, sizeof(uint32_t) * TRI_BLOCK);
        if (block == NULL)
            return NULL;
        t->top[key >> 8] = block;
    }
    return &block[key & (TRI_BLOCK - 1)];
}

/* The slot of key, which pass 1 met. */
static inline tri_slot *slot_of(const tri_table *t, uint32_t key)
{
    return &t->slots[t->top[key >> 8][key & (TRI_BLOCK - 1)] - 1];
}

/* A new slot for key, whose cell is *cell (0): CONCORD_OK or
** CONCORD_NOMEM. */
static int add_slot(tri_table *t, uint32_t *cell, uint32_t key)
{
    if (t->used == t->cap) {
        tri_slot *grown =
            cq_realloc(t->alloc, t->slots, sizeof(tri_slot) * t->cap,
                       sizeof(tri_slot) * t->cap * 2);
        if (grown == NULL)
            return CONCORD_NOMEM;
        t->slots = grown;
        t->cap *= 2;
    }
    t->slots[t->used] = (tri_slot){key, NO_CLAUSE, 0};
    *cell = ++t->used;
    return CONCORD_OK;
}

/* Pass 1: count the bytes of every trigram's list for the title of
** clause c.  The trigram is rolled along: each byte is folded once. */
static int count_title(tri_table *t, const unsigned char *s, cq_id c)
{
    if (!s[0] || !s[1])
        return CONCORD_OK;
    uint32_t key = (uint32_t)cq_fold(s[0]) << 8 | cq_fold(s[1]);
    for (s += 2; *s; s++) {
        key = (key << 8 | cq_fold(*s)) & 0xffffffu;
        uint32_t *cell = cell_of(t, key);
        if (cell == NULL || (*cell == 0 && add_slot(t, cell, key) != 0))
            return CONCORD_NOMEM;
        tri_slot *slot = &t->slots[*cell - 1];
        if (slot->last == c)
            continue; /* the title holds it twice */
        slot->bytes +=
            varint_len(slot->last == NO_CLAUSE ? c : c - slot->last - 1);
        slot->last = c;
    }
    return CONCORD_OK;
}

/* Pass 2: add clause c to the list of every trigram of its title. */
static void write_title(tri_table *t, const unsigned char *s, cq_id c,
                        uint8_t *lists)
{
    if (!s[0] || !s[1])
        return;
    uint32_t key = (uint32_t)cq_fold(s[0]) << 8 | cq_fold(s[1]);
    for (s += 2; *s; s++) {
        key = (key << 8 | cq_fold(*s)) & 0xffffffu;
        tri_slot *slot = slot_of(t, key);
        if (slot->last == c)
            continue;
        uint8_t *at = lists + slot->bytes;
        at = varint_put(at, slot->last == NO_CLAUSE ? c : c - slot->last - 1);
        slot->bytes = (uint64_t)(at - lists);
        slot->last = c;
    }
}

static int compare_u32(const void *pa, const void *pb)
{
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    return (a > b) - (a < b);
}

/* The index from the table of pass 1, in g->pool: keys sorted, offsets
** from the counted sizes, then pass 2 fills the lists. */
static int lay_out(cq_graph *g, tri_table *t)
{
    uint32_t n = t->used;
    uint32_t *keys = cq_arena_alloc(&g->pool, sizeof(uint32_t) * n);
    uint32_t *start = cq_arena_alloc(&g->pool, sizeof(uint32_t) * (n + 1));
    if (keys == NULL || start == NULL)
        return CONCORD_NOMEM;
    for (uint32_t k = 0; k < n; k++)
        keys[k] = t->slots[k].key;
    qsort(keys, n, sizeof *keys, compare_u32);
    uint64_t at = 0;
    for (uint32_t k = 0; k < n; k++) {
        tri_slot *slot = slot_of(t, keys[k]);
        start[k] = (uint32_t)at;
        at += slot->bytes;
        if (at > UINT32_MAX)
            return CONCORD_OK; /* too large to index: titles are scanned */
        slot->bytes = start[k];
        slot->last = NO_CLAUSE;
    }
    start[n] = (uint32_t)at;
    uint8_t *lists = cq_arena_alloc(&g->pool, at ? at : 1);
    if (lists == NULL)
        return CONCORD_NOMEM;
    for (cq_id c = 0; c < g->n_clauses; c++)
        write_title(t,
                    (const unsigned char *)cq_graph_str(
                        g, cq_graph_clause(g, c)->title),
                    c, lists);
    g->tri_keys = keys;
    g->n_tri = n;
    g->tri_start = start;
    g->tri_lists = lists;
    g->tri_lists_size = (uint32_t)at;
    return CONCORD_OK;
}

int cq_trigram_build(cq_graph *g)
{
    tri_table t;
    int rc = table_init(&t, &g->alloc);
    for (cq_id c = 0; rc == CONCORD_OK && c < g->n_clauses; c++)
        rc = count_title(&t,
                         (const unsigned char *)cq_graph_str(
                             g, cq_graph_clause(g, c)->title),
                         c);
    if (rc == CONCORD_OK && t.used > 0)
        rc = lay_out(g, &t);
    table_free(&t);
    return rc;
}

/* ---- reading ------------------------------------------------------------ */

static int damaged(cq_error *err, const char *what)
{
    return cq_error_set(err, CONCORD_CORRUPT, NULL,
                        "the compiled image is damaged: its trigram index "
                        "(section %s) points outside itself; run `concord "
                        "check-image` on it, or compile it again",
                        what);
}

#define NO_KEY 0xffffffffu /* no trigram is this: they have 24 bits */

/* The index of key in g->tri_keys, or NO_KEY. */
static uint32_t find_key(const cq_graph *g, uint32_t key)
{
    uint32_t lo = 0, hi = g->n_tri;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (g->tri_keys[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < g->n_tri && g->tri_keys[lo] == key ? lo : NO_KEY;
}

/* One trigram's list: bytes [first, end) of g->tri_lists. */
typedef struct tri_list {
    uint32_t first, end;
} tri_list;

/* The next id of a list at *p (before end), after prev (NO_CLAUSE before
** the first); 0 when the list is malformed or the id is not a clause. */
static inline int next_id(const cq_graph *g, const uint8_t **p,
                          const uint8_t *end, uint32_t prev, uint32_t *id)
{
    uint32_t v;
    if (!varint_get(p, end, &v))
        return 0;
    uint64_t x = prev == NO_CLAUSE ? v : (uint64_t)prev + 1 + v;
    if (x >= g->n_clauses)
        return 0;
    *id = (uint32_t)x;
    return 1;
}

/* ids[0..*n) keeps the ids also on list l. */
static int intersect(const cq_graph *g, tri_list l, cq_id *ids, uint32_t *n)
{
    const uint8_t *p = g->tri_lists + l.first, *end = g->tri_lists + l.end;
    uint32_t w = 0, i = 0, id = NO_CLAUSE;
    while (i < *n && p < end) {
        if (!next_id(g, &p, end, id, &id))
            return 0;
        while (i < *n && ids[i] < id)
            i++;
        if (i < *n && ids[i] == id)
            ids[w++] = ids[i++];
    }
    *n = w;
    return 1;
}

/* The most trigrams of a text that are looked up: a subset still gives a
** superset of the answer. */
#define MAX_LISTS 32

/* An intersection stops when the next list is this many times longer (in
** bytes) than the candidates are many: testing those titles is cheaper
** than reading the list. */
#define READ_RATIO 16

int cq_trigram_candidates(const cq_graph *g, const char *needle, size_t n,
                          const cq_allocator *alloc, cq_trigram_hits *hits,
                          int *answered, cq_error *err)
{
    *hits = (cq_trigram_hits){NULL, 0, 0};
    *answered = 0;
    if (g->n_tri == 0 || n < CQ_TRIGRAM_MIN)
        return CONCORD_OK;
    tri_list lists[MAX_LISTS];
    int k = 0;
    for (size_t i = 0; i + 3 <= n && k < MAX_LISTS; i++) {
        uint32_t at =
            find_key(g, trigram_at((const unsigned char *)needle + i));
        if (at == NO_KEY) { /* no title holds it, so none holds the text */
            *answered = 1;
            return CONCORD_OK;
        }
        tri_list l = {g->tri_start[at], g->tri_start[at + 1]};
        if (l.first > l.end || l.end > g->tri_lists_size)
            return damaged(err, "tri_start");
        int j = 0;
        while (j < k && (lists[j].first != l.first || lists[j].end != l.end))
            j++;
        if (j < k)
            continue; /* the text holds this trigram twice */
        /* in order of size, the rarest first */
        for (j = k++;
             j > 0 && lists[j - 1].end - lists[j - 1].first > l.end - l.first;
             j--)
            lists[j] = lists[j - 1];
        lists[j] = l;
    }
    if (k == 0) /* (n >= 3 gives one list at least) */
        return CONCORD_OK;
    /* every entry takes a byte at least */
    uint32_t cap = lists[0].end - lists[0].first;
    cq_id *out = cap ? cq_malloc(alloc, sizeof(cq_id) * cap) : NULL;
    if (cap && out == NULL)
        return cq_error_nomem(err);
    uint32_t count = 0;
    const uint8_t *p = g->tri_lists + lists[0].first,
                  *end = g->tri_lists + lists[0].end;
    for (uint32_t id = NO_CLAUSE; out != NULL && p < end; out[count++] = id)
        if (!next_id(g, &p, end, id, &id)) {
            cq_free(alloc, out, sizeof(cq_id) * cap);
            return damaged(err, "tri_lists");
        }
    for (int j = 1; j < k && count > 0; j++) {
        if ((uint64_t)(lists[j].end - lists[j].first) >
            (uint64_t)count * READ_RATIO)
            break;
        if (!intersect(g, lists[j], out, &count)) {
            cq_free(alloc, out, sizeof(cq_id) * cap);
            return damaged(err, "tri_lists");
        }
    }
    hits->ids = out;
    hits->n = count;
    hits->cap = cap;
    *answered = 1;
    return CONCORD_OK;
}

void cq_trigram_hits_free(const cq_allocator *alloc, cq_trigram_hits *hits)
{
    if (hits->ids != NULL)
        cq_free(alloc, hits->ids, sizeof(cq_id) * hits->cap);
    *hits = (cq_trigram_hits){NULL, 0, 0};
}

const char *cq_trigram_verify(const cq_graph *g)
{
    if (g->n_tri == 0)
        return g->tri_lists_size == 0 ? NULL : "trigram lists without trigrams";
    if (g->tri_start[0] != 0 || g->tri_start[g->n_tri] != g->tri_lists_size)
        return "the trigram offsets do not span the lists";
    for (uint32_t k = 0; k < g->n_tri; k++) {
        if (g->tri_keys[k] > 0xffffffu ||
            (k > 0 && g->tri_keys[k] <= g->tri_keys[k - 1]))
            return "the trigrams are not three bytes in increasing order";
        uint32_t first = g->tri_start[k], end = g->tri_start[k + 1];
        if (first >= end || end > g->tri_lists_size)
            return "a trigram's list is empty or outside the lists";
        const uint8_t *p = g->tri_lists + first, *stop = g->tri_lists + end;
        for (uint32_t id = NO_CLAUSE; p < stop;)
            if (!next_id(g, &p, stop, id, &id))
                return "a trigram's list holds a malformed entry or an id "
                       "that is not a clause";
    }
    return NULL;
}

size_t cq_trigram_bytes(const cq_graph *g)
{
    return g->n_tri == 0 ? 0
                         : sizeof(uint32_t) * ((size_t)g->n_tri * 2 + 1) +
                               g->tri_lists_size;
}
