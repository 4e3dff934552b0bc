/*
** graph.c -- the read side of the compiled graph: names of enum values,
** the order of clause numbers, the key hash, lookups, and freeing.  The
** graph is built by graph_build.c or opened from an image by image.c; see
** graph.h for its layout.
*/
#include "graph.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "concord.h"
#include "strhash.h" /* cq_fold8 */

/* The names of the enums' values, in enum order (graph.h's lists). */
static const char *const origin_names[CQ_ORIGIN_COUNT] = {
    CQ_ORIGINS(CQ_ENUM_NAME_)};
static const char *const relation_names[CQ_REL_COUNT] = {
    CQ_RELATIONS(CQ_ENUM_NAME_)};
static const char *const confidence_names[CQ_CONF_COUNT] = {
    CQ_CONFIDENCES(CQ_ENUM_NAME_)};
static const char *const kind_names[CQ_KIND_COUNT] = {
    CQ_EDGE_KINDS(CQ_ENUM_NAME_)};
static const char *const term_relation_names[CQ_TREL_COUNT] = {
    CQ_TERM_RELATIONS(CQ_ENUM_NAME_)};

static const char *name_of(const char *const *names, int count, int value)
{
    return value >= 0 && value < count ? names[value] : NULL;
}

/* The index of s[0..n) among names (exact match), or -1. */
static int index_of(const char *const *names, int count, const char *s,
                    size_t n)
{
    for (int i = 0; i < count; i++)
        if (strlen(names[i]) == n && memcmp(names[i], s, n) == 0)
            return i;
    return -1;
}

const char *cq_origin_name(int origin)
{
    return name_of(origin_names, CQ_ORIGIN_COUNT, origin);
}

const char *cq_relation_name(int relation)
{
    return name_of(relation_names, CQ_REL_COUNT, relation);
}

const char *cq_confidence_name(int confidence)
{
    return name_of(confidence_names, CQ_CONF_COUNT, confidence);
}

const char *cq_term_relation_name(int relation)
{
    return name_of(term_relation_names, CQ_TREL_COUNT, relation);
}

const char *cq_kind_name(int kind)
{
    return name_of(kind_names, CQ_KIND_COUNT, kind);
}

int cq_kind_from_name(const char *s, size_t n)
{
    return index_of(kind_names, CQ_KIND_COUNT, s, n);
}

/* HLS and S are made from the high level structure (corpus/tools), T and
** TC are the published correspondence of two editions; every other label
** (B and C of TR 20000-7, a layer's own) is a judgement about content. */
int cq_kind_of_annex(const char *annex)
{
    if (strcmp(annex, "HLS") == 0 || strcmp(annex, "S") == 0)
        return CQ_KIND_STRUCTURE;
    if (strcmp(annex, "T") == 0 || strcmp(annex, "TC") == 0)
        return CQ_KIND_TRANSITION;
    return CQ_KIND_CONTENT;
}

int cq_origin_from_name(const char *s, size_t n)
{
    return index_of(origin_names, CQ_ORIGIN_COUNT, s, n);
}

int cq_relation_from_name(const char *s, size_t n)
{
    return index_of(relation_names, CQ_REL_COUNT, s, n);
}

int cq_confidence_from_name(const char *s, size_t n)
{
    return index_of(confidence_names, CQ_CONF_COUNT, s, n);
}

int cq_term_relation_from_name(const char *s, size_t n)
{
    return index_of(term_relation_names, CQ_TREL_COUNT, s, n);
}

int cq_relation_inverse(int relation)
{
    if (relation == CQ_REL_SUBSET)
        return CQ_REL_SUPERSET;
    if (relation == CQ_REL_SUPERSET)
        return CQ_REL_SUBSET;
    return relation;
}

static unsigned char fold(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* key[0..len) equals the NUL-terminated s, ASCII case folded. */
int cq_graph_key_equal(const char *s, const char *key, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] != key[i] && (s[i] == '\0' || fold((unsigned char)s[i]) !=
                                                   fold((unsigned char)key[i])))
            return 0;
    }
    return s[len] == '\0';
}

/*
** The key hash takes the key eight bytes at a time, as little-endian words
** with ASCII case folded (cq_fold8) and the last one zero padded: a
** multiply per word, where a byte-at-a-time hash is a dependent multiply
** per byte (and opening a large image hashes every clause key).  The words
** are read byte by byte, which compilers make one load on a little-endian
** host, so the hash is the same on every host.
*/
#define KEY_HASH_K 0x9e3779b97f4a7c15u

static uint64_t hash_start(size_t len)
{
    return (0x636f6e636f726421u ^ len) * KEY_HASH_K;
}

/* A word already folded (cq_fold8 leaves a folded word as it is). */
static uint64_t hash_folded(uint64_t h, uint64_t folded)
{
    h = (h ^ folded) * KEY_HASH_K;
    return h ^ (h >> 29);
}

static uint64_t hash_word(uint64_t h, uint64_t word)
{
    return hash_folded(h, cq_fold8(word));
}

static uint32_t hash_end(uint64_t h)
{
    h ^= h >> 32;
    return (uint32_t)((h * KEY_HASH_K) >> 32);
}

/* A key's words are little-endian on every host (so that the bytes of a
** tag's key are the key's, in order): a load or store and, on a
** big-endian host, a byte swap. */
static inline uint64_t little(uint64_t w)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

/* Four bytes of p as a little-endian number. */
static inline uint64_t little4(const char *p)
{
    uint32_t w;
    memcpy(&w, p, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap32(w);
#endif
    return w;
}

/* The word of key[0..len) at i < len: whole, or the last, zero padded.
** The last is read in two overlapping loads (four to seven bytes) or three
** single bytes (one to three), never past the key: the bytes the loads
** share are the same, so or-ing them puts each byte once in its place. */
static inline uint64_t key_word(const char *key, size_t len, size_t i)
{
    uint64_t w = 0;
    size_t n = len - i;
    const char *p = key + i;
    if (n >= 8) {
        memcpy(&w, p, 8);
        return little(w);
    }
    if (n >= 4)
        return little4(p) | little4(p + n - 4) << (8 * (n - 4));
    return (uint64_t)(unsigned char)p[0] |
           (uint64_t)(unsigned char)p[n / 2] << (8 * (n / 2)) |
           (uint64_t)(unsigned char)p[n - 1] << (8 * (n - 1));
}

uint32_t cq_graph_key_hash(const char *key, size_t len)
{
    uint64_t h = hash_start(len);
    for (size_t i = 0; i < len; i += 8)
        h = hash_word(h, key_word(key, len, i));
    return hash_end(h);
}

static int make_linked(cq_graph *g);
static int make_editions(cq_graph *g);
static int hash_standards(cq_graph *graph);

int cq_graph_index_standards(cq_graph *graph)
{
    /* a graph made here (an image's are its sections' counts) */
    graph->n_in_edges = graph->in_start ? graph->in_start[graph->n_clauses] : 0;
    graph->n_link_in =
        graph->link_in_start ? graph->link_in_start[graph->n_terms] : 0;
    int rc = make_linked(graph);
    if (rc == CONCORD_OK)
        rc = make_editions(graph);
    return rc == CONCORD_OK ? hash_standards(graph) : rc;
}

uint32_t cq_graph_standard_hash_size(uint32_t n_standards)
{
    if (n_standards <= CQ_STANDARD_SCAN)
        return 0;
    uint64_t size = 2;
    while (size < (uint64_t)n_standards * 2)
        size *= 2;
    /* past 2^31 standards the image's count cannot hold it: no table */
    return size <= UINT32_MAX ? (uint32_t)size : 0;
}

/* The standards' hash of graph, drawn from its pool (see graph.h). */
static int hash_standards(cq_graph *graph)
{
    graph->standard_hash = NULL;
    size_t size = cq_graph_standard_hash_size(graph->n_standards);
    if (size == 0)
        return CONCORD_OK;
    cq_id *table = cq_arena_alloc(&graph->pool, size * sizeof(cq_id));
    if (table == NULL)
        return CONCORD_NOMEM;
    memset(table, 0xff, size * sizeof(cq_id)); /* every slot CQ_NONE */
    uint32_t mask = (uint32_t)(size - 1);
    for (uint32_t i = 0; i < graph->n_standards; i++) {
        const char *id = cq_graph_str(graph, cq_graph_standard(graph, i)->id);
        uint32_t slot = cq_graph_key_hash(id, strlen(id)) & mask;
        while (table[slot] != CQ_NONE)
            slot = (slot + 1) & mask;
        table[slot] = i;
    }
    graph->standard_hash = table;
    graph->standard_hash_mask = mask;
    return CONCORD_OK;
}

/* Is standard i of graph the id[0..len)?  Ids of one to seven bytes come
** with their one word, folded and zero padded, and mask, its len bytes and
** the NUL after them: a word compare when the string table holds eight
** bytes from the standard's id, the word cut after the id's len bytes and
** its NUL, so equal words mean equal folded bytes and the id ending there.
** Other ids (mask 0), and ids near the table's end, byte by byte. */
static inline int standard_is(const cq_graph *graph, cq_id i, const char *id,
                              size_t len, uint64_t folded, uint64_t mask)
{
    cq_str s = graph->standards[i].id;
    if (mask == 0 || (uint64_t)s + 8 > graph->strings_size)
        return cq_graph_key_equal(cq_graph_str(graph, s), id, len);
    uint64_t w;
    memcpy(&w, graph->strings + s, 8);
    w = little(w) & mask;
    return w == folded || cq_fold8(w) == folded;
}

cq_id cq_graph_find_standard(const cq_graph *graph, const char *id, size_t len)
{
    /* an id of one to seven bytes (what a statement bound again and again
    ** to a standard looks up) is folded once, for the hash (the same as
    ** cq_graph_key_hash's) and for every compare */
    uint64_t folded = 0, mask = 0;
    uint32_t hash;
    if (len - 1 < 7) {
        folded = cq_fold8(key_word(id, len, 0));
        mask = ~(~(uint64_t)0 << (8 * len) << 8); /* shifts under 64 */
        hash = hash_end(hash_folded(hash_start(len), folded));
    } else {
        hash = cq_graph_key_hash(id, len);
    }
    if (graph->standard_hash != NULL) {
        uint32_t slots = graph->standard_hash_mask, probes = 0;
        for (uint32_t slot = hash & slots;; slot = (slot + 1) & slots) {
            cq_id i = graph->standard_hash[slot];
            if (i == CQ_NONE)
                return CQ_NONE;
            /* an image's slots are read as they are (as for clause_tags):
            ** a standard past the standards, or a full table, is damage */
            if (__builtin_expect(i >= graph->n_standards || ++probes > slots,
                                 0)) {
                cq_graph_damage(graph, "standard_hash");
                return CQ_NONE;
            }
            if (standard_is(graph, i, id, len, folded, mask))
                return i;
        }
    }
    /* A corpus has a handful of standards: a scan beats a table. */
    for (uint32_t i = 0; i < graph->n_standards; i++)
        if (standard_is(graph, i, id, len, folded, mask))
            return i;
    return CQ_NONE;
}

/* Is the key in folded (ASCII folded, zero padded to CQ_TAG_KEY bytes, of
** length len <= CQ_TAG_KEY) the key of tag t?  A tag's key is zero padded
** too, so the whole of both compare, with no loop over bytes. */
static int tag_equal(const cq_clause_tag *t, const char *folded, size_t len)
{
    return t->len == len && memcmp(t->key, folded, CQ_TAG_KEY) == 0;
}

/* Edges of a clause just found that are asked for at once: eight cache
** lines, about the run of a subtree of ten clauses (the benchmark's
** median Q2); a point lookup's few edges are among them. */
#define FOUND_EDGES_AHEAD 16

/* Of a graph with target records (graph.h), the records asked for
** instead: twice as many edges' in half as many lines. */
#define FOUND_TARGETS_AHEAD 32
_Static_assert(sizeof(cq_edge_target) == 8, "eight target records a line");

/* Clause records after a clause just found that are asked for with it:
** its subtree's first, in the three lines after its own. */
#define FOUND_CLAUSES_AHEAD 8

/* Ask for what the caller of a clause just found reads next: its record
** (a subtree's end), where its edges end, and the first of its edges (a
** subtree's run of edges starts with the clause's own), so that their
** cache misses overlap each other and the caller's work instead of
** coming one after another. */
static inline void prefetch_found(const cq_graph *graph, cq_id id,
                                  uint32_t out_first)
{
    __builtin_prefetch(&graph->clauses[id]);
    __builtin_prefetch(&graph->out_start[id]);
    if (graph->n_clauses - id > FOUND_CLAUSES_AHEAD) {
        /* the records of the clauses after it: a subtree's, whose keys
        ** its rows show (four lines: the median Q2's subtree of seven) */
        const char *c = (const char *)&graph->clauses[id];
        __builtin_prefetch(c + 64);
        __builtin_prefetch(c + 128);
        __builtin_prefetch(c + 192);
    }
    if (out_first >= graph->n_edges)
        return;
    if (graph->edge_targets != NULL) {
        /* the target records, which a subtree's rows read, in place of the
        ** edges, which only a column of their own fields does (and then
        ** its run asks for them) */
        const cq_edge_target *t = &graph->edge_targets[out_first];
        if (graph->n_edges - out_first >= FOUND_TARGETS_AHEAD) {
            for (int i = 0; i < FOUND_TARGETS_AHEAD; i += 8) /* 8 a line */
                __builtin_prefetch(t + i);
            return;
        }
        for (uint32_t i = out_first; i < graph->n_edges; i += 8, t += 8)
            __builtin_prefetch(t);
        return;
    }
    const cq_edge *e = &graph->edges[out_first];
    if (graph->n_edges - out_first >= FOUND_EDGES_AHEAD) {
        /* (a constant count, unrolled: no compare an edge) */
        for (int i = 0; i < FOUND_EDGES_AHEAD; i += 2) /* two edges a line */
            __builtin_prefetch(e + i);
        return;
    }
    for (uint32_t i = out_first; i < graph->n_edges; i += 2, e += 2)
        __builtin_prefetch(e);
}

cq_id cq_graph_find_clause(const cq_graph *graph, const char *key, size_t len)
{
    if (graph->clause_tags == NULL)
        return CQ_NONE;
    uint32_t mask = graph->clause_tag_mask;
    /* the key as tags hold it, folded once for every slot it is tried on,
    ** and hashed from the same folded words (cq_graph_key_hash's hash) */
    uint64_t folded[(CQ_TAG_KEY + 8) / 8] = {0};
    uint64_t h = hash_start(len);
    if (len <= CQ_TAG_KEY) {
        for (size_t i = 0; i < len; i += 8) {
            uint64_t w = cq_fold8(key_word(key, len, i));
            h = hash_folded(h, w);
            folded[i / 8] = little(w);
        }
    } else {
        for (size_t i = 0; i < len; i += 8)
            h = hash_word(h, key_word(key, len, i));
    }
    uint32_t probes = 0;
    for (uint32_t slot = hash_end(h) & mask;; slot = (slot + 1) & mask) {
        const cq_clause_tag *t = &graph->clause_tags[slot];
        cq_id id = t->id;
        if (id == CQ_NONE)
            return CQ_NONE;
        /* an image's tags are read as they are (image.h): a full table
        ** or an id past the clauses is damage, not a clause */
        if (__builtin_expect(id >= graph->n_clauses || ++probes > mask, 0)) {
            cq_graph_damage(graph, "clause_tags");
            return CQ_NONE;
        }
        if (t->len != CQ_TAG_LONG) {
            if (!tag_equal(t, (const char *)folded, len))
                continue;
            prefetch_found(graph, id, t->out_first);
            return id;
        }
        if (len <= CQ_TAG_KEY)
            continue; /* a long key is not this short one */
        /* a clause looked up is about to have its edges read: begin that
        ** cache miss now, beside the key's */
        __builtin_prefetch(&graph->out_start[id]);
        if (cq_graph_key_equal(
                cq_graph_str(graph, cq_graph_clause(graph, id)->key), key,
                len)) {
            prefetch_found(graph, id, t->out_first);
            return id;
        }
    }
}

uint32_t cq_graph_clause_tag(cq_clause_tag *tag, cq_id id, uint32_t out_first,
                             const char *key, size_t len)
{
    memset(tag, 0, sizeof *tag);
    tag->id = id;
    tag->out_first = out_first;
    if (len > CQ_TAG_KEY) {
        tag->len = CQ_TAG_LONG;
        return cq_graph_key_hash(key, len);
    }
    /* the words the hash takes are the tag's key, folded */
    uint64_t h = hash_start(len);
    tag->len = (uint8_t)len;
    _Static_assert(CQ_TAG_KEY == 23, "a tag's key is three words but a byte");
    for (size_t i = 0; i < len; i += 8) {
        uint64_t w = key_word(key, len, i);
        h = hash_word(h, w);
        /* whole words, the zeros past the key and all, but for the byte
        ** past the tag in the last */
        uint64_t folded = little(cq_fold8(w));
        if (i < 16)
            memcpy(tag->key + i, &folded, 8);
        else
            memcpy(tag->key + i, &folded, 7);
    }
    return hash_end(h);
}

cq_id cq_graph_find_term(const cq_graph *graph, const char *key, size_t len)
{
    if (graph->term_hash == NULL)
        return CQ_NONE;
    uint32_t mask = graph->term_hash_mask, probes = 0;
    for (uint32_t slot = cq_graph_key_hash(key, len) & mask;;
         slot = (slot + 1) & mask) {
        cq_id id = graph->term_hash[slot];
        if (id == CQ_NONE)
            return CQ_NONE;
        if (__builtin_expect(id >= graph->n_terms || ++probes > mask, 0)) {
            cq_graph_damage(graph, "term_hash"); /* as for clause_tags */
            return CQ_NONE;
        }
        if (cq_graph_key_equal(
                cq_graph_str(graph, cq_graph_term(graph, id)->key), key, len))
            return id;
    }
}

/*
** Compare one dot-separated part, a[0..an) with b[0..bn).  Within a part,
** runs of digits compare as numbers and other runs as case-folded text, a
** digit run before a text run; so "9" < "10" < "A" and "A9" < "A10".  Two
** runs of equal value that differ only in leading zeros ("08", "8") tie
** here; *zeros records which has fewer, as a last resort for the caller.
*/
static int compare_part(const char *a, size_t an, const char *b, size_t bn,
                        int *zeros)
{
    size_t i = 0, j = 0;
    while (i < an && j < bn) {
        int da = is_digit((unsigned char)a[i]);
        int db = is_digit((unsigned char)b[j]);
        if (da != db)
            return da ? -1 : 1;
        if (da) {
            size_t si = i, sj = j;
            while (i < an && is_digit((unsigned char)a[i]))
                i++;
            while (j < bn && is_digit((unsigned char)b[j]))
                j++;
            size_t za = si, zb = sj; /* skip leading zeros, keep one digit */
            while (za + 1 < i && a[za] == '0')
                za++;
            while (zb + 1 < j && b[zb] == '0')
                zb++;
            size_t la = i - za, lb = j - zb;
            if (la != lb)
                return la < lb ? -1 : 1;
            int c = memcmp(a + za, b + zb, la);
            if (c != 0)
                return c < 0 ? -1 : 1;
            if (*zeros == 0 && i - si != j - sj)
                *zeros = i - si < j - sj ? -1 : 1;
        } else {
            while (i < an && j < bn && !is_digit((unsigned char)a[i]) &&
                   !is_digit((unsigned char)b[j])) {
                unsigned char ca = fold((unsigned char)a[i]);
                unsigned char cb = fold((unsigned char)b[j]);
                if (ca != cb)
                    return ca < cb ? -1 : 1;
                i++;
                j++;
            }
        }
    }
    if (i < an)
        return 1;
    if (j < bn)
        return -1;
    return 0;
}

int cq_clause_number_compare(const char *a, const char *b)
{
    int zeros = 0;
    for (;;) {
        size_t an = strcspn(a, ".");
        size_t bn = strcspn(b, ".");
        int c = compare_part(a, an, b, bn, &zeros);
        if (c != 0)
            return c;
        a += an;
        b += bn;
        if (*a == '\0' || *b == '\0') {
            if (*a != '\0')
                return 1; /* b is a prefix of a */
            if (*b != '\0')
                return -1;
            return zeros;
        }
        a++; /* past the dots */
        b++;
    }
}

const cq_pair *cq_graph_pair(const cq_graph *graph, cq_id standard, cq_id other)
{
    if (graph->pair_start == NULL || standard >= graph->n_standards)
        return NULL;
    /* [lo, hi) is clamped into the pairs, and the search only compares
    ** what it reads there: the pair it finds is the one checked */
    uint32_t lo = cq_graph_pair_first(graph, standard);
    uint32_t hi = cq_graph_pair_end(graph, standard), end = hi;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (graph->pairs[mid].other < other)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < end && graph->pairs[lo].other == other
               ? cq_graph_pair_at(graph, lo)
               : NULL;
}

/* The most standards the link matrix is made for (2 MiB of bits); past
** it a question scans the edges. */
#define LINKED_MAX_STANDARDS 4096u

static size_t linked_bytes(uint32_t ns)
{
    return ((size_t)ns * ns + 7) / 8;
}

size_t cq_graph_linked_bytes(uint32_t ns)
{
    return ns == 0 || ns > LINKED_MAX_STANDARDS ? 0 : linked_bytes(ns);
}

/* The link matrix of g's edges, drawn from g's pool; NULL when the
** graph has too many standards for it (the question then scans).
** Returns CONCORD_OK or CONCORD_NOMEM. */
static int make_linked(cq_graph *g)
{
    uint32_t ns = g->n_standards;
    g->linked = NULL;
    if (ns == 0 || ns > LINKED_MAX_STANDARDS)
        return CONCORD_OK;
    uint8_t *bits = cq_arena_alloc(&g->pool, linked_bytes(ns));
    if (bits == NULL)
        return CONCORD_NOMEM;
    memset(bits, 0, linked_bytes(ns));
    for (cq_id c = 0; c < g->n_clauses; c++) {
        size_t s = cq_graph_clause(g, c)->standard;
        for (uint32_t e = cq_graph_out_first(g, c); e < cq_graph_out_end(g, c);
             e++) {
            size_t t = cq_graph_edge(g, e)->to_standard;
            if (s >= ns || t >= ns)
                continue; /* a damaged image: no link is made of it */
            size_t st = s * ns + t, ts = t * ns + s;
            bits[st >> 3] |= (uint8_t)(1u << (st & 7));
            bits[ts >> 3] |= (uint8_t)(1u << (ts & 7));
        }
    }
    g->linked = bits;
    return CONCORD_OK;
}

int cq_graph_standards_linked(const cq_graph *graph, cq_id a, cq_id b)
{
    if (a == b || cq_graph_pair(graph, a, b) != NULL)
        return 1;
    uint32_t ns = graph->n_standards;
    if (a >= ns || b >= ns)
        return 0;
    const uint8_t *bits = graph->linked;
    if (bits != NULL) {
        size_t i = (size_t)a * ns + b;
        return bits[i >> 3] >> (i & 7) & 1;
    }
    /* `none` rows make no pair: look for one either way */
    for (int side = 0; side < 2; side++) {
        cq_id from = side ? b : a, to = side ? a : b;
        const cq_standard *s = cq_graph_standard(graph, from);
        for (cq_id c = s->first_clause; c < s->end_clause; c++)
            for (uint32_t i = cq_graph_out_first(graph, c);
                 i < cq_graph_out_end(graph, c); i++)
                if (cq_graph_edge(graph, i)->to_standard == to)
                    return 1;
    }
    return 0;
}

/* The length of an id before its edition ("27001" of "27001@2022"). */
static size_t base_length(const char *id)
{
    const char *at = strchr(id, '@');
    return at ? (size_t)(at - id) : strlen(id);
}

/* The first standard below `before` with standard s's base, or s. */
static cq_id scan_edition_base(const cq_graph *g, cq_id s, cq_id before)
{
    const char *x = cq_graph_str(g, cq_graph_standard(g, s)->id);
    size_t n = base_length(x);
    for (cq_id b = 0; b < before; b++) {
        const char *y = cq_graph_str(g, cq_graph_standard(g, b)->id);
        if (base_length(y) == n && memcmp(x, y, n) == 0)
            return b;
    }
    return s;
}

/* g->editions from the standards' ids, drawn from g's pool: quadratic in
** the standards (a few dozen).  Returns CONCORD_OK or CONCORD_NOMEM. */
static int make_editions(cq_graph *g)
{
    uint32_t ns = g->n_standards;
    g->editions = NULL;
    if (ns == 0)
        return CONCORD_OK;
    cq_id *ed = cq_arena_alloc(&g->pool, (size_t)ns * 2 * sizeof *ed);
    if (ed == NULL)
        return CONCORD_NOMEM;
    for (cq_id s = 0; s < ns; s++) {
        ed[2 * s] = scan_edition_base(g, s, s);
        ed[2 * s + 1] = CQ_NONE;
        if (ed[2 * s] != s) { /* the last of its base so far links to it */
            cq_id last = ed[2 * s];
            while (ed[2 * last + 1] != CQ_NONE)
                last = ed[2 * last + 1];
            ed[2 * last + 1] = s;
        }
    }
    g->editions = ed;
    return CONCORD_OK;
}

/* graph->editions is made with every graph of a standard or more
** (cq_graph_index_standards), so past the bound check it is there. */
cq_id cq_graph_edition_base(const cq_graph *graph, cq_id standard)
{
    if (standard >= graph->n_standards)
        return standard;
    /* an image's editions are read as they are: a base is at or before
    ** the standard */
    cq_id base = graph->editions[2 * standard];
    if (__builtin_expect(base <= standard, 1))
        return base;
    cq_graph_damage(graph, "editions");
    return standard;
}

cq_id cq_graph_next_edition(const cq_graph *graph, cq_id standard)
{
    if (standard >= graph->n_standards)
        return CQ_NONE;
    /* the next edition comes after it, so a walk of them ends */
    cq_id next = graph->editions[2 * standard + 1];
    if (__builtin_expect(next == CQ_NONE ||
                             (next > standard && next < graph->n_standards),
                         1))
        return next;
    cq_graph_damage(graph, "editions");
    return CQ_NONE;
}

/* A zero-filled array of count elements of size bytes, or NULL. */
static void *zeroed(cq_arena *arena, size_t count, size_t size)
{
    if (size != 0 && count > (size_t)-1 / size)
        return NULL;
    return cq_arena_zalloc(arena, count * size);
}

/* Call visit(other standard) for every correlation of clause c, both
** directions, `none` rows left out.  in_std[k] is the standard of the
** clause in_edges[k] comes from. */
#define FOR_EACH_OTHER(g, c, visit)                                            \
    do {                                                                       \
        for (uint32_t e_ = (g)->out_start[c]; e_ < (g)->out_start[(c) + 1];    \
             e_++)                                                             \
            if ((g)->edges[e_].to != CQ_NONE)                                  \
                visit((g)->edges[e_].to_standard);                             \
        for (uint32_t e_ = (g)->in_start[c]; e_ < (g)->in_start[(c) + 1];      \
             e_++)                                                             \
            visit(in_std[e_]);                                                 \
    } while (0)

static int compare_ids(const void *pa, const void *pb)
{
    cq_id a = *(const cq_id *)pa, b = *(const cq_id *)pb;
    return a < b ? -1 : a > b;
}

/*
** Standard by standard: one walk over its clauses' edges counts, for each
** other standard b, the distinct clauses with a correlation to b (a clause
** is counted once per b: last[b] remembers the last one counted); the
** second walk writes them.  Clauses are walked in order, so each list
** comes out sorted.  Work: the edges twice, plus the standards once per
** standard.  The standards the incoming edges come from are looked up
** once, first, in a loop of independent reads of one array (a cache miss
** each on a large graph, which the processor overlaps), not in both
** walks.
*/
int cq_graph_build_pairs(cq_graph *g, cq_arena *pool, cq_arena *scratch)
{
    uint32_t ns = g->n_standards;
    uint32_t *count = zeroed(scratch, ns, sizeof(uint32_t));
    cq_id *last = zeroed(scratch, ns, sizeof(cq_id));
    uint32_t *at = zeroed(scratch, ns, sizeof(uint32_t));
    cq_id *touched = zeroed(scratch, ns, sizeof(cq_id));
    g->pair_start = zeroed(pool, (size_t)ns + 1, sizeof(uint32_t));
    uint32_t n_in = g->in_start[g->n_clauses];
    cq_id *in_std = zeroed(scratch, n_in, sizeof(cq_id));
    if (!count || !last || !at || !touched || !g->pair_start ||
        (n_in && !in_std))
        return CONCORD_NOMEM;
    /* The standard of every edge's `from`, in one sequential walk of the
    ** clauses and their out ranges, so the gather below reads one array
    ** of 4-byte entries, not edges then clauses (two misses an edge). */
    cq_id *from_std = zeroed(scratch, g->n_edges, sizeof(cq_id));
    if (g->n_edges && !from_std)
        return CONCORD_NOMEM;
    for (cq_id c = 0; c < g->n_clauses; c++)
        for (uint32_t e = g->out_start[c]; e < g->out_start[c + 1]; e++)
            from_std[e] = g->clauses[c].standard;
    for (uint32_t k = 0; k < n_in; k++)
        in_std[k] = from_std[g->in_edges[k]];
    /* first: how many pairs and list entries in all */
    size_t n_pairs = 0, n_entries = 0;
    for (uint32_t b = 0; b < ns; b++)
        last[b] = CQ_NONE;
    for (uint32_t s = 0; s < ns; s++) {
        const cq_standard *std = &g->standards[s];
        size_t n_touched = 0;
        for (cq_id c = std->first_clause; c < std->end_clause; c++) {
#define COUNT_ONE(b)                                                           \
    do {                                                                       \
        cq_id b_ = (b);                                                        \
        if (last[b_] != c) {                                                   \
            if (count[b_]++ == 0)                                              \
                touched[n_touched++] = b_;                                     \
            last[b_] = c;                                                      \
        }                                                                      \
    } while (0)
            FOR_EACH_OTHER(g, c, COUNT_ONE);
        }
        n_pairs += n_touched;
        for (size_t k = 0; k < n_touched; k++) {
            n_entries += count[touched[k]];
            count[touched[k]] = 0;
            last[touched[k]] = CQ_NONE;
        }
    }
    if (n_pairs > UINT32_MAX || n_entries > UINT32_MAX)
        return CONCORD_NOMEM;
    g->pairs = zeroed(pool, n_pairs, sizeof(cq_pair));
    g->pair_clauses = zeroed(pool, n_entries, sizeof(cq_id));
    if ((n_pairs && !g->pairs) || (n_entries && !g->pair_clauses))
        return CONCORD_NOMEM;
    g->n_pairs = (uint32_t)n_pairs;
    g->n_pair_clauses = (uint32_t)n_entries;
    /* then each standard's pairs and lists */
    uint32_t pair = 0, entry = 0;
    for (uint32_t s = 0; s < ns; s++) {
        const cq_standard *std = &g->standards[s];
        size_t n_touched = 0;
        g->pair_start[s] = pair;
        for (cq_id c = std->first_clause; c < std->end_clause; c++)
            FOR_EACH_OTHER(g, c, COUNT_ONE);
        qsort(touched, n_touched, sizeof(cq_id), compare_ids);
        for (size_t k = 0; k < n_touched; k++) {
            cq_id b = touched[k];
            g->pairs[pair + k] = (cq_pair){s, b, entry, entry + count[b]};
            at[b] = entry;
            entry += count[b];
            last[b] = CQ_NONE;
        }
        for (cq_id c = std->first_clause; c < std->end_clause; c++) {
#define WRITE_ONE(b)                                                           \
    do {                                                                       \
        cq_id b_ = (b);                                                        \
        if (last[b_] != c) {                                                   \
            g->pair_clauses[at[b_]++] = c;                                     \
            last[b_] = c;                                                      \
        }                                                                      \
    } while (0)
            FOR_EACH_OTHER(g, c, WRITE_ONE);
        }
        for (size_t k = 0; k < n_touched; k++) {
            count[touched[k]] = 0;
            last[touched[k]] = CQ_NONE;
        }
        pair += (uint32_t)n_touched;
    }
    g->pair_start[ns] = pair;
    return CONCORD_OK;
#undef COUNT_ONE
#undef WRITE_ONE
}

/* The stand-ins the accessors of graph.h read for an id past its array:
** nothing in them leads anywhere (no target, no parent, empty ranges). */
const cq_standard cq_damaged_standard = {0};
const cq_clause cq_damaged_clause = {.parent = CQ_NONE};
const cq_edge cq_damaged_edge = {.to = CQ_NONE, .relation = CQ_REL_NONE};
const cq_term cq_damaged_term = {0};
const cq_term_link cq_damaged_link = {.to = CQ_NONE,
                                      .relation = CQ_TREL_ABSENT};
const cq_pair cq_damaged_pair = {0};

const void *cq_graph_damaged(const cq_graph *g, const char *section,
                             const void *stand_in)
{
    cq_graph_damage(g, section);
    return stand_in;
}

const char *cq_graph_damage(const cq_graph *g, const char *section)
{
    /* the first section found is the one reported */
    const char *none = NULL;
    atomic_compare_exchange_strong(&((cq_graph *)g)->damaged, &none, section);
    return "";
}

int cq_graph_damage_error(const cq_graph *g, cq_error *err)
{
    const char *section = g ? atomic_load(&g->damaged) : NULL;
    if (section == NULL || err == NULL)
        return section ? CONCORD_CORRUPT : CONCORD_OK;
    return cq_error_set(err, CONCORD_CORRUPT, NULL,
                        "damaged image: section %s holds an id or offset "
                        "outside it (run `concord check-image` on the image "
                        "file, and compile it again)",
                        section);
}

void cq_graph_free(cq_graph *graph)
{
    if (graph == NULL)
        return;
    /* The arena points at graph->alloc: keep a copy for the struct. */
    cq_allocator alloc = graph->alloc;
    cq_arena_free(&graph->pool); /* empty unless CQ_GRAPH_POOL */
    if (graph->memory == CQ_GRAPH_MAPPED && graph->mapping != NULL)
        munmap(graph->mapping, graph->mapping_size);
    cq_free(&alloc, graph, sizeof *graph);
}

/* A new holder needs no ordering: it already reaches the graph through a
** holder that keeps it alive.  The last release must see every other
** holder's reads done before it frees (release on every decrement, acquire
** on the last), the reference-counting pattern of C11 atomics. */
cq_graph *cq_graph_retain(cq_graph *graph)
{
    if (graph != NULL)
        atomic_fetch_add_explicit(&graph->refs, 1, memory_order_relaxed);
    return graph;
}

void cq_graph_release(cq_graph *graph)
{
    if (graph != NULL &&
        atomic_fetch_sub_explicit(&graph->refs, 1, memory_order_acq_rel) <= 1)
        cq_graph_free(graph);
}
