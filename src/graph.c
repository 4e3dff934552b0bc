/*
** graph.c -- the read side of the compiled graph: names of enum values,
** the order of clause numbers, the key hash, lookups, and freeing.  The
** graph is built by graph_build.c or opened from an image by image.c; see
** graph.h for its layout.
*/
#include "graph.h"

#include <string.h>
#include <sys/mman.h>

static const char *const origin_names[CQ_ORIGIN_COUNT] = {"hls", "hls-modified",
                                                          "added", "control"};
static const char *const relation_names[CQ_REL_COUNT] = {
    "equal", "equivalent", "subset", "superset", "intersects", "none"};
static const char *const confidence_names[CQ_CONF_COUNT] = {"low", "medium",
                                                            "high"};
static const char *const term_relation_names[CQ_TREL_COUNT] = {
    "same", "modified", "different", "absent"};

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
static int key_equal(const char *s, const char *key, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\0' ||
            fold((unsigned char)s[i]) != fold((unsigned char)key[i]))
            return 0;
    }
    return s[len] == '\0';
}

uint32_t cq_graph_key_hash(const char *key, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= fold((unsigned char)key[i]);
        h *= 16777619u;
    }
    return h;
}

cq_id cq_graph_find_standard(const cq_graph *graph, const char *id, size_t len)
{
    /* A corpus has a handful of standards: a scan beats a table. */
    for (uint32_t i = 0; i < graph->n_standards; i++)
        if (key_equal(cq_graph_str(graph, graph->standards[i].id), id, len))
            return i;
    return CQ_NONE;
}

cq_id cq_graph_find_clause(const cq_graph *graph, const char *key, size_t len)
{
    if (graph->clause_hash == NULL)
        return CQ_NONE;
    uint32_t mask = graph->clause_hash_mask;
    for (uint32_t slot = cq_graph_key_hash(key, len) & mask;;
         slot = (slot + 1) & mask) {
        cq_id id = graph->clause_hash[slot];
        if (id == CQ_NONE)
            return CQ_NONE;
        if (key_equal(cq_graph_str(graph, graph->clauses[id].key), key, len))
            return id;
    }
}

cq_id cq_graph_find_term(const cq_graph *graph, const char *key, size_t len)
{
    if (graph->term_hash == NULL)
        return CQ_NONE;
    uint32_t mask = graph->term_hash_mask;
    for (uint32_t slot = cq_graph_key_hash(key, len) & mask;;
         slot = (slot + 1) & mask) {
        cq_id id = graph->term_hash[slot];
        if (id == CQ_NONE)
            return CQ_NONE;
        if (key_equal(cq_graph_str(graph, graph->terms[id].key), key, len))
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
