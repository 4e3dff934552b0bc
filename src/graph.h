/*
** graph.h -- the compiled corpus: an immutable in-memory graph of
** standards, clauses, correlation edges, terms and term links.
**
** Layout choices, each made for a query:
**   - clauses are ordered by standard, then depth-first by clause number
**     (8.9 before 8.10), so every standard and every subtree is one
**     contiguous range [id, subtree_end): `8.5.*` is a range, not a search;
**   - edges are sorted by their `from` clause, so out_start[] indexes the
**     edge array directly (CSR); in_start[]/in_edges[] is the same for the
**     reverse direction, so an edge is found from both ends;
**   - for every pair of standards (a, b) with correlations between them,
**     the clauses of a that correlate with b (either direction), sorted:
**     gap and coverage read them instead of every clause's edges;
**   - an open-addressing hash maps "standard:number" keys (ASCII case
**     folded) to clause ids, and "vocabulary:entry" keys to term ids;
**   - the element structs (standard, clause, edge, term, link) hold no
**     pointers: ids are indexes and strings are byte offsets (cq_str) into
**     one string table, graph->strings, so the arrays mean the same
**     wherever they lie in memory (a compiled image can be mapped and used
**     as it is).  Each distinct string is stored once.
**
** A graph built from a corpus lives in one arena it owns; one opened from a
** compiled image (image.h) points into the image's bytes instead.  Either
** way nothing is written again once it exists, so a graph can be shared by
** many handles and threads.
*/
#ifndef CQ_GRAPH_H
#define CQ_GRAPH_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "error.h"

typedef uint32_t cq_id;
#define CQ_NONE ((cq_id)0xffffffffu) /* no clause / term / standard */

/* A string of the graph: a byte offset into graph->strings, read with
** cq_graph_str.  Offset 0 is always "". */
typedef uint32_t cq_str;

/* The most layers a corpus can be stacked from (cq_edge.layer is a byte). */
#define CQ_MAX_LAYERS 255

/*
** The graph's enums and the names of their values (as the corpus and the
** language spell them) come from one list each: X(ID, "name") in enum
** order, so a name table made with CQ_ENUM_NAME_ is in the enum's order
** by construction (graph.c; corpus.c lists the choices through graph.c).
*/
#define CQ_ENUM_NAME_(id, name) name,

/* How a clause relates to the high level structure. */
/* clang-format off */
#define CQ_ORIGINS(X)                                                       \
    X(HLS, "hls")                   /* the common text unchanged */         \
    X(HLS_MODIFIED, "hls-modified") /* common clause, changed */            \
    X(ADDED, "added")               /* discipline-specific */               \
    X(CONTROL, "control")           /* an Annex A entry */
/* clang-format on */
#define CQ_ORIGIN_ENUM_(id, name) CQ_ORIGIN_##id,
enum cq_origin { CQ_ORIGINS(CQ_ORIGIN_ENUM_) CQ_ORIGIN_COUNT };

/* Set-theory relation of an edge, read from -> to (NIST IR 8477). */
/* clang-format off */
#define CQ_RELATIONS(X)                                                     \
    X(EQUAL, "equal")                                                       \
    X(EQUIVALENT, "equivalent")                                             \
    X(SUBSET, "subset")       /* from is a subset of to */                  \
    X(SUPERSET, "superset")   /* from is a superset of to */                \
    X(INTERSECTS, "intersects")                                             \
    X(NONE, "none")           /* explicitly nothing corresponds */
/* clang-format on */
#define CQ_RELATION_ENUM_(id, name) CQ_REL_##id,
enum cq_relation { CQ_RELATIONS(CQ_RELATION_ENUM_) CQ_REL_COUNT };

/* How sure a correlation is, from the least. */
/* clang-format off */
#define CQ_CONFIDENCES(X)                                                   \
    X(LOW, "low")                                                           \
    X(MEDIUM, "medium")                                                     \
    X(HIGH, "high")
/* clang-format on */
#define CQ_CONFIDENCE_ENUM_(id, name) CQ_CONF_##id,
enum cq_confidence { CQ_CONFIDENCES(CQ_CONFIDENCE_ENUM_) CQ_CONF_COUNT };

/* What an edge says (graph->edge_kinds): a requirement-level judgement or
** table (content), two clauses filling the same slot of the high level
** structure (structure), or one clause's counterpart in another edition of
** its standard (transition).  Chains through a structure edge are never
** content claims (eval_paths.c composes them). */
/* clang-format off */
#define CQ_EDGE_KINDS(X)                                                    \
    X(CONTENT, "content")                                                   \
    X(STRUCTURE, "structure")                                               \
    X(TRANSITION, "transition")
/* clang-format on */
#define CQ_EDGE_KIND_ENUM_(id, name) CQ_KIND_##id,
enum cq_edge_kind { CQ_EDGE_KINDS(CQ_EDGE_KIND_ENUM_) CQ_KIND_COUNT };

/* How a term in one vocabulary relates to one in another. */
/* clang-format off */
#define CQ_TERM_RELATIONS(X)                                                \
    X(SAME, "same")           /* the defining wording is the same */        \
    X(MODIFIED, "modified")   /* one side changed the common wording */     \
    X(DIFFERENT, "different") /* same or near name, different concept */    \
    X(ABSENT, "absent")       /* no counterpart in the other vocabulary */
/* clang-format on */
#define CQ_TERM_RELATION_ENUM_(id, name) CQ_TREL_##id,
enum cq_term_relation {
    CQ_TERM_RELATIONS(CQ_TERM_RELATION_ENUM_) CQ_TREL_COUNT
};

/* Names of enum values as they appear in the corpus and the language
** (NULL for a value out of range), and the reverse (exact, lower case; -1
** when unknown). */
const char *cq_origin_name(int origin);
const char *cq_relation_name(int relation);
const char *cq_confidence_name(int confidence);
const char *cq_term_relation_name(int relation);
const char *cq_kind_name(int kind);
int cq_kind_from_name(const char *s, size_t n);
int cq_origin_from_name(const char *s, size_t n);
int cq_relation_from_name(const char *s, size_t n);
int cq_confidence_from_name(const char *s, size_t n);
int cq_term_relation_from_name(const char *s, size_t n);

/* The kind of an edge whose corpus row gives none, from its annex label:
** the one place that says which annex is which kind (docs/corpus.md). */
int cq_kind_of_annex(const char *annex);

/* The relation read backwards: subset <-> superset, others unchanged. */
int cq_relation_inverse(int relation);

/*
** The element structs are fixed-size, pointer-free PODs with explicit-width
** fields, widest first, and their padding spelled out as zeroed `unused`
** bytes: so their layout is the same under every compiler of a platform
** and a later binary image can hold them byte for byte.  The sizes are
** asserted below.
*/
typedef struct cq_standard {
    cq_str id;          /* "20000-1", "27001@2022" */
    cq_str title;       /* full name */
    cq_str role;        /* "mss", "structure", "vocabulary", ... */
    cq_str notes;       /* "" when none */
    int32_t year;       /* 0 when unknown */
    cq_id first_clause; /* its clauses are [first_clause, end_clause) */
    cq_id end_clause;
    cq_id first_term; /* its terms are [first_term, end_term) */
    cq_id end_term;
} cq_standard;

typedef struct cq_clause {
    cq_str key;    /* "20000-1:8.5.1" */
    cq_str number; /* "8.5.1": inside key, after the ':' */
    cq_str title;
    cq_str source;     /* where the clause's facts come from */
    cq_id standard;    /* index into graph->standards */
    cq_id parent;      /* CQ_NONE for a top-level clause */
    cq_id subtree_end; /* [id, subtree_end) is the clause and descendants */
    uint16_t depth;    /* 1 for a top-level clause */
    uint8_t origin;    /* enum cq_origin */
    uint8_t unused[1]; /* zero */
} cq_clause;

typedef struct cq_edge {
    cq_id from;        /* clause */
    cq_id to;          /* clause, or CQ_NONE for a `none` row */
    cq_id to_standard; /* the standard of `to` (set for `none` rows too) */
    cq_str annex;      /* "A", "B", "C" or a corpus's own label; the same
                          offset as its entry in graph->annexes */
    cq_str source;
    cq_str note; /* rationale, "" when none */
    /* what the `to` column shows: the key of `to`, or the id of
    ** to_standard for a `none` row (version 9).  A row's target is then
    ** read with one load from the edge, not a clause's and then its key:
    ** the two cache misses of a scattered target become one. */
    cq_str to_key;
    uint8_t relation; /* enum cq_relation, read from -> to */
    uint8_t confidence;
    uint8_t strength; /* 0..10 */
    uint8_t layer;    /* the corpus layer it came from: index into
                         graph->layers (0 for a corpus of one folder) */
} cq_edge;

/*
** What a row toward one standard reads of edge i, eight bytes beside its
** neighbours' (graph->edge_targets): its `to` text, as cq_edge.to_key,
** and its target's standard, as cq_edge.to_standard, with
** CQ_TARGET_NONE added for a `none` row.  A subtree's edges toward a
** standard are then picked from a quarter of the memory the edges
** themselves fill, and a subtree's rows read nothing else of them.
** Stored in an image (version 10) and made from the edges as it is
** written; a graph built from TSV files has none, and reads its edges.
*/
typedef struct cq_edge_target {
    cq_str key;      /* = edges[i].to_key */
    uint32_t toward; /* = edges[i].to_standard (+ CQ_TARGET_NONE) */
} cq_edge_target;

#define CQ_TARGET_NONE 0x80000000u

typedef struct cq_term {
    cq_str key;   /* "27000:3.3" */
    cq_str entry; /* "3.3": inside key, after the ':' */
    cq_str name;  /* "audit" */
    cq_str source;
    cq_id vocabulary;  /* index into graph->standards */
    uint8_t hls;       /* 1 for the HLS common terms */
    uint8_t unused[3]; /* zero */
} cq_term;

typedef struct cq_term_link {
    cq_id from;          /* term */
    cq_id to;            /* term, or CQ_NONE when relation is absent */
    cq_id to_vocabulary; /* vocabulary of `to` (set for absent too) */
    cq_str note;
    cq_str source;
    uint8_t relation;  /* enum cq_term_relation, read from -> to */
    uint8_t unused[3]; /* zero */
} cq_term_link;

/* The clauses of standard `standard` that have a correlation (not a `none`
** row), stored from them or toward them, with a clause of `other`: the
** distinct ids graph->pair_clauses[first, end), in increasing order. */
typedef struct cq_pair {
    cq_id standard;
    cq_id other;
    uint32_t first;
    uint32_t end;
} cq_pair;

/* The longest key a clause tag holds; longer keys are compared in the
** string table. */
#define CQ_TAG_KEY 23
#define CQ_TAG_LONG 0xffu /* cq_clause_tag.len of a longer key */

/* A slot of the clause hash, graph->clause_tags: the clause there, its key,
** folded, and where its edges start, so that finding a clause by its key
** reads one slot and neither the clause nor the string table (one cache
** miss on a large corpus, not three), and its edges can be asked for at
** once.  Every byte is set (cq_graph_clause_tag; a free slot is
** CQ_NONE and zeros), so that an image stores the slots as they are and
** checks them byte for byte. */
typedef struct cq_clause_tag {
    cq_id id;             /* CQ_NONE: a free slot */
    uint32_t out_first;   /* out_start[id] */
    uint8_t len;          /* the key's length, or CQ_TAG_LONG */
    char key[CQ_TAG_KEY]; /* the key, ASCII folded, zero padded; all zero
                             for a long key */
} cq_clause_tag;

/* Every field is 4-byte aligned and no compiler may add padding: a later
** image format relies on these sizes. */
_Static_assert(sizeof(cq_standard) == 36, "cq_standard is 36 bytes");
_Static_assert(sizeof(cq_clause) == 32, "cq_clause is 32 bytes");
_Static_assert(sizeof(cq_edge) == 32, "cq_edge is 32 bytes: two a cache line");
_Static_assert(sizeof(cq_term) == 24, "cq_term is 24 bytes");
_Static_assert(sizeof(cq_term_link) == 24, "cq_term_link is 24 bytes");
_Static_assert(sizeof(cq_pair) == 16, "cq_pair is 16 bytes");
_Static_assert(sizeof(cq_clause_tag) == 32, "a tag is half a cache line");

/* Where a graph's arrays live, which decides how cq_graph_free lets them
** go.  Readers never look: the arrays mean the same in every case. */
enum cq_graph_memory {
    CQ_GRAPH_POOL,    /* built from a corpus: all of it in pool */
    CQ_GRAPH_MAPPED,  /* an image file mapped by cq_image_open_file: the
                         graph unmaps it */
    CQ_GRAPH_BORROWED /* an image in memory someone else keeps alive (the
                         built-in image): nothing to free but the struct */
};

typedef struct cq_graph {
    cq_allocator alloc; /* a copy of the allocator the graph was built with */
    atomic_int refs;    /* holders: handles, and statements compiled against
                           it; atomic because handles in several threads can
                           share the graph (concord_options.share_corpus) */
    cq_arena pool;      /* owns every array and string below (CQ_GRAPH_POOL) */
    int memory;         /* enum cq_graph_memory */
    void *mapping;      /* CQ_GRAPH_MAPPED: the mapping and its size in bytes */
    size_t mapping_size;
    const void *image;  /* opened from an image: its bytes, for the full */
    size_t image_size;  /* check later (cq_image_verify); else NULL */
    atomic_int checked; /* the image has had the full check (or is built in) */

    /* Every string, NUL-terminated, back to back; offset 0 is "".  The
    ** cq_str fields below are offsets into it. */
    const char *strings;
    uint32_t strings_size; /* bytes, the last NUL included */

    cq_standard *standards;
    uint32_t n_standards;

    cq_clause *clauses; /* ordered as described at the top */
    uint32_t n_clauses;

    cq_edge *edges; /* sorted by (from, to_standard, to, annex) */
    uint32_t n_edges;
    uint32_t *out_start; /* n_clauses+1: edges [out_start[c], out_start[c+1]) */
    uint32_t *in_start; /* n_clauses+1: in_edges [in_start[c], in_start[c+1]) */
    cq_id *in_edges;    /* edge ids ordered by (to, from) */
    uint32_t n_in_edges; /* in_start[n_clauses]: the edges with a target */

    cq_pair *pairs; /* sorted by (standard, other); lists back to back */
    uint32_t n_pairs;
    uint32_t *pair_start; /* n_standards+1: standard s's pairs are
                             pairs[pair_start[s], pair_start[s+1]) */
    cq_id *pair_clauses;  /* the pairs' clause lists */
    uint32_t n_pair_clauses;

    cq_term *terms; /* ordered by vocabulary, then entry number */
    uint32_t n_terms;
    cq_term_link *links; /* sorted by (from, to_vocabulary, to) */
    uint32_t n_links;
    uint32_t *link_out_start; /* n_terms+1, into links[] */
    uint32_t *link_in_start;  /* n_terms+1, into link_in[] */
    cq_id *link_in;           /* link ids ordered by (to, from) */
    uint32_t n_link_in;       /* link_in_start[n_terms] */

    uint8_t *edge_kinds; /* n_edges: enum cq_edge_kind of edges[i] */
    /* n_edges, from an image only (NULL for a graph built from TSV): what
    ** a row of edges[i] toward a standard reads (cq_edge_target) */
    cq_edge_target *edge_targets;

    cq_str *annexes; /* the distinct annex labels, sorted by strcmp */
    uint32_t n_annexes;

    /* The names of the layers the corpus was stacked from, bottom first:
    ** "corpus" for the base (the built-in corpus, or the folder it was
    ** opened with), then each layer's folder or mapping file as it was
    ** named.  cq_edge.layer indexes this.  At most CQ_MAX_LAYERS. */
    cq_str *layers;
    uint32_t n_layers;

    /* Standards by id, as the clause and term hashes are: made when the
    ** graph is built, and only for more than CQ_STANDARD_SCAN standards
    ** (NULL: find_standard scans); stored in images since version 9, so
    ** that opening one makes nothing (a slot is read as it is: an id past
    ** the standards is damage, cq_graph_find_standard). */
    cq_id *standard_hash;
    uint32_t standard_hash_mask;

    /* The clause hash: open addressing over tags (cq_clause_tag), a free
    ** slot's id CQ_NONE; built with the graph and stored in images. */
    cq_clause_tag *clause_tags;
    uint32_t clause_tag_mask;
    cq_id *term_hash;
    uint32_t term_hash_mask;

    /* The trigram index of the clause titles (trigram.h says how it is
    ** laid out); built with the graph and stored in images.  n_tri 0: no
    ** index, `title ~` scans. */
    uint32_t *tri_keys;
    uint32_t n_tri;
    uint32_t *tri_start; /* n_tri+1 byte offsets into tri_lists */
    uint8_t *tri_lists;
    uint32_t tri_lists_size;

    /* Which standards an edge joins, either way, `none` rows included: a
    ** bit matrix of n_standards squared, and for each standard s its
    ** editions: editions[2s] the first standard with the same id before
    ** any '@' (its base), editions[2s+1] the next one after s or CQ_NONE.
    ** Made with the standards' hash (cq_graph_index_standards) when the
    ** graph is built, one pass over the edges, and stored in images (since
    ** version 8: opening does not make them).  linked is NULL past 4,096
    ** standards (questions scan). */
    uint8_t *linked;
    cq_id *editions;

    /* The section a reader found damaged (an id, offset or range outside
    ** it), or NULL: an image is opened without reading its every byte
    ** (image.h), so a reader that cannot return an error clamps what it
    ** read, notes the section here and goes on; the statement then fails
    ** with CONCORD_CORRUPT (cq_graph_damage_error).  Atomic: handles in
    ** several threads share the graph.  Only ever set, never cleared. */
    _Atomic(const char *) damaged;
} cq_graph;

/* Note that section (a string literal: "strings", "clause_tags", ...) of
** g was found damaged; returns "" so that a string reader can return it in
** place of the string it could not read.  The graph is logically const:
** only this field is ever written after the graph exists. */
const char *cq_graph_damage(const cq_graph *g, const char *section);

/* CONCORD_CORRUPT with a message naming the damaged section (in err, when
** not NULL), when a reader has found g damaged (cq_graph_damage);
** CONCORD_OK otherwise. */
int cq_graph_damage_error(const cq_graph *g, cq_error *err);

/* The text of a graph string: NUL-terminated, borrowed from the graph (it
** lives as long as the graph).  Every cq_str field is read through this,
** so the element structs never hold a pointer. */
static inline const char *cq_graph_str(const cq_graph *g, cq_str s)
{
    /* one compare: the table ends with a NUL (checked at open), so an
    ** offset inside it starts a string that ends inside it */
    if (__builtin_expect(s < g->strings_size, 1))
        return g->strings + s;
    return cq_graph_damage(g, "strings");
}

/*
** Reading the arrays of a graph opened from an image: opening checks the
** image's structure, not every id in it (image.h), so each id or offset
** read from the graph is bounds-checked where it is followed, by these
** accessors, with one compare on the usual path.  An id outside its array
** notes the damage (cq_graph_damage: the statement then fails with
** CONCORD_CORRUPT) and reads a zeroed stand-in element instead (its
** parent, target, ... CQ_NONE), so the reader goes on and ends.  A range
** read from an index (out_start, ...) is clamped into its section, first
** <= end, so a loop over it stays inside the section and ends.
*/
extern const cq_standard cq_damaged_standard;
extern const cq_clause cq_damaged_clause;
extern const cq_edge cq_damaged_edge;
extern const cq_term cq_damaged_term;
extern const cq_term_link cq_damaged_link;
extern const cq_pair cq_damaged_pair;

/* The stand-in for an element id of section that is not there. */
const void *cq_graph_damaged(const cq_graph *g, const char *section,
                             const void *stand_in);

/* A standard and its ranges: [first_clause, end_clause) within the
** clauses and [first_term, end_term) within the terms, so that a reader
** may loop over them, and index an array of end - first entries by the
** distance from first.  (Opening an image does not walk the standards;
** that the ranges follow each other and cover the clauses and terms, the
** full check sees to.)  The compares are made all together, one branch. */
static inline const cq_standard *cq_graph_standard(const cq_graph *g, cq_id id)
{
    if (__builtin_expect(id < g->n_standards, 1)) {
        const cq_standard *s = &g->standards[id];
        if (__builtin_expect((s->first_clause <= s->end_clause) &
                                 (s->end_clause <= g->n_clauses) &
                                 (s->first_term <= s->end_term) &
                                 (s->end_term <= g->n_terms),
                             1))
            return s;
    }
    return cq_graph_damaged(g, "standards", &cq_damaged_standard);
}

/* A clause and the ids in it a reader may index with: its standard is
** one, its origin one.  (Its parent and subtree end are read through
** cq_graph_parent and cq_graph_subtree_end, which check them against the
** clause; that the parent is of the same standard, and the subtree within
** the standard's, the full check sees to, and a reader that relies on it
** checks it.) */
static inline const cq_clause *cq_graph_clause(const cq_graph *g, cq_id id)
{
    if (__builtin_expect(id < g->n_clauses, 1)) {
        const cq_clause *c = &g->clauses[id];
        if (__builtin_expect((c->standard < g->n_standards) &
                                 (c->origin < CQ_ORIGIN_COUNT),
                             1))
            return c;
    }
    return cq_graph_damaged(g, "clauses", &cq_damaged_clause);
}

/* An edge's clauses and standard are there, its values in range. */
static inline const cq_edge *cq_graph_edge(const cq_graph *g, uint32_t id)
{
    if (__builtin_expect(id < g->n_edges, 1)) {
        const cq_edge *e = &g->edges[id];
        if (__builtin_expect((e->from < g->n_clauses) &
                                 ((e->to < g->n_clauses) | (e->to == CQ_NONE)) &
                                 (e->to_standard < g->n_standards) &
                                 (e->relation < CQ_REL_COUNT) &
                                 (e->confidence < CQ_CONF_COUNT),
                             1))
            return e;
    }
    return cq_graph_damaged(g, "edges", &cq_damaged_edge);
}

static inline const cq_term *cq_graph_term(const cq_graph *g, cq_id id)
{
    if (__builtin_expect(id < g->n_terms, 1)) {
        const cq_term *t = &g->terms[id];
        if (__builtin_expect(t->vocabulary < g->n_standards, 1))
            return t;
    }
    return cq_graph_damaged(g, "terms", &cq_damaged_term);
}

static inline const cq_term_link *cq_graph_link(const cq_graph *g, uint32_t id)
{
    if (__builtin_expect(id < g->n_links, 1)) {
        const cq_term_link *l = &g->links[id];
        if (__builtin_expect((l->from < g->n_terms) &
                                 ((l->to < g->n_terms) | (l->to == CQ_NONE)) &
                                 (l->to_vocabulary < g->n_standards) &
                                 (l->relation < CQ_TREL_COUNT),
                             1))
            return l;
    }
    return cq_graph_damaged(g, "links", &cq_damaged_link);
}

static inline const cq_pair *cq_graph_pair_at(const cq_graph *g, uint32_t id)
{
    if (__builtin_expect(id < g->n_pairs, 1)) {
        const cq_pair *p = &g->pairs[id];
        if (__builtin_expect(
                (p->standard < g->n_standards) & (p->other < g->n_standards) &
                    (p->first <= p->end) & (p->end <= g->n_pair_clauses),
                1))
            return p;
    }
    return cq_graph_damaged(g, "pairs", &cq_damaged_pair);
}

/* Entry i of a list of ids (in_edges, link_in, pair_clauses) of n
** entries, an id below limit; 0 (and the damage noted) when either is
** not, so that a reader may index with it. */
static inline cq_id cq_graph_list_id(const cq_graph *g, const cq_id *list,
                                     uint32_t n, uint32_t i, uint32_t limit,
                                     const char *section)
{
    if (__builtin_expect(i < n && list[i] < limit, 1))
        return list[i];
    cq_graph_damage(g, section);
    return 0;
}

/* The range [first, end) of node c in a CSR index start[0..n] into a
** section of total entries, clamped into it: first <= end <= total.  A
** loop tests its end at every step, so the end is the cheaper of the two:
** first is made from it. */
static inline uint32_t cq_graph_csr_end(const cq_graph *g,
                                        const uint32_t *start, uint32_t n,
                                        uint32_t total, uint32_t c,
                                        const char *section)
{
    if (__builtin_expect(c < n && start[c + 1] <= total, 1))
        return start[c + 1];
    if (c != n) /* (n's own range is empty: its first is the total) */
        cq_graph_damage(g, section);
    return total;
}

static inline uint32_t cq_graph_csr_first(const cq_graph *g,
                                          const uint32_t *start, uint32_t n,
                                          uint32_t total, uint32_t c,
                                          const char *section)
{
    uint32_t end = cq_graph_csr_end(g, start, n, total, c, section);
    if (__builtin_expect(c <= n && start[c] <= end, 1))
        return start[c];
    cq_graph_damage(g, section);
    return end;
}

/* Clause c's edges are [out_first, out_end); the edges toward it are
** in_edges [in_first, in_end). */
#define cq_graph_out_first(g, c)                                               \
    cq_graph_csr_first((g), (g)->out_start, (g)->n_clauses, (g)->n_edges, (c), \
                       "out_start")
#define cq_graph_out_end(g, c)                                                 \
    cq_graph_csr_end((g), (g)->out_start, (g)->n_clauses, (g)->n_edges, (c),   \
                     "out_start")
#define cq_graph_in_first(g, c)                                                \
    cq_graph_csr_first((g), (g)->in_start, (g)->n_clauses, (g)->n_in_edges,    \
                       (c), "in_start")
#define cq_graph_in_end(g, c)                                                  \
    cq_graph_csr_end((g), (g)->in_start, (g)->n_clauses, (g)->n_in_edges, (c), \
                     "in_start")
/* Term t's links are [link_out_first, link_out_end); the links toward it
** are link_in [link_in_first, link_in_end). */
#define cq_graph_link_out_first(g, t)                                          \
    cq_graph_csr_first((g), (g)->link_out_start, (g)->n_terms, (g)->n_links,   \
                       (t), "link_out_start")
#define cq_graph_link_out_end(g, t)                                            \
    cq_graph_csr_end((g), (g)->link_out_start, (g)->n_terms, (g)->n_links,     \
                     (t), "link_out_start")
#define cq_graph_link_in_first(g, t)                                           \
    cq_graph_csr_first((g), (g)->link_in_start, (g)->n_terms, (g)->n_link_in,  \
                       (t), "link_in_start")
#define cq_graph_link_in_end(g, t)                                             \
    cq_graph_csr_end((g), (g)->link_in_start, (g)->n_terms, (g)->n_link_in,    \
                     (t), "link_in_start")
/* Standard s's pairs are pairs [pair_first, pair_end). */
#define cq_graph_pair_first(g, s)                                              \
    cq_graph_csr_first((g), (g)->pair_start, (g)->n_standards, (g)->n_pairs,   \
                       (s), "pair_start")
#define cq_graph_pair_end(g, s)                                                \
    cq_graph_csr_end((g), (g)->pair_start, (g)->n_standards, (g)->n_pairs,     \
                     (s), "pair_start")

/* Entry i of in_edges (an edge id), link_in (a link id), pair_clauses (a
** clause id). */
#define cq_graph_in_edge(g, i)                                                 \
    cq_graph_list_id((g), (g)->in_edges, (g)->n_in_edges, (i), (g)->n_edges,   \
                     "in_edges")
#define cq_graph_link_in(g, i)                                                 \
    cq_graph_list_id((g), (g)->link_in, (g)->n_link_in, (i), (g)->n_links,     \
                     "link_in")
#define cq_graph_pair_clause(g, i)                                             \
    cq_graph_list_id((g), (g)->pair_clauses, (g)->n_pair_clauses, (i),         \
                     (g)->n_clauses, "pair_clauses")

/* Ask for clause id ahead of reading it (nothing when it is not there:
** the read will say so).  Always inlined: gcc 12 at -O2 otherwise drops
** some calls, whose only effect is the prefetch (its IPA mod/ref pass). */
static inline __attribute__((always_inline)) void
cq_graph_prefetch_clause(const cq_graph *g, cq_id id)
{
    if (id < g->n_clauses)
        __builtin_prefetch(&g->clauses[id]);
}

/* Clause id's parent: CQ_NONE or a clause before it (clauses are in
** preorder), so that a walk up the parents ends whatever the image holds. */
static inline cq_id cq_graph_parent(const cq_graph *g, cq_id id)
{
    cq_id p = cq_graph_clause(g, id)->parent;
    if (__builtin_expect(p < id || p == CQ_NONE, 1))
        return p;
    cq_graph_damage(g, "clauses");
    return CQ_NONE;
}

/* The end of clause id's subtree: in (id, n_clauses], so that the subtree
** [id, end) is a range of clauses that is not empty and a walk from
** sibling to sibling ends (id + 1 for a damaged clause); n_clauses for an
** id past the clauses. */
static inline cq_id cq_graph_subtree_end(const cq_graph *g, cq_id id)
{
    if (__builtin_expect(id < g->n_clauses, 1)) {
        cq_id e = g->clauses[id].subtree_end;
        if (__builtin_expect(e > id && e <= g->n_clauses, 1))
            return e;
        cq_graph_damage(g, "clauses");
        return id + 1;
    }
    cq_graph_damage(g, "clauses");
    return g->n_clauses;
}

/* A layer's name (cq_edge.layer indexes graph->layers). */
static inline cq_str cq_graph_layer(const cq_graph *g, uint32_t layer)
{
    if (__builtin_expect(layer < g->n_layers, 1))
        return g->layers[layer];
    cq_graph_damage(g, "layers");
    return 0;
}

/* The kind of edge e of graph g (enum cq_edge_kind). */
static inline int cq_edge_kind_of(const cq_graph *g, const cq_edge *e)
{
    size_t i = ((uintptr_t)e - (uintptr_t)g->edges) / sizeof *e;
    if (__builtin_expect(i < g->n_edges && g->edge_kinds[i] < CQ_KIND_COUNT, 1))
        return g->edge_kinds[i];
    cq_graph_damage(g, "edge_kinds");
    return CQ_KIND_CONTENT;
}

/* The target record of edge e (cq_edge_target): what an image stores
** for it, and what the full check holds the stored one to. */
static inline cq_edge_target cq_edge_target_of(const cq_edge *e)
{
    cq_edge_target t;
    t.key = e->to_key;
    t.toward = e->to_standard + (e->to == CQ_NONE ? CQ_TARGET_NONE : 0);
    return t;
}

/* The `to` text of edge i (< n_edges): from its target record when the
** graph has them (beside its neighbours'), else from the edge. */
static inline cq_str cq_graph_to_key(const cq_graph *g, uint32_t i)
{
    return g->edge_targets ? g->edge_targets[i].key : g->edges[i].to_key;
}

/* The pair (standard, other), or NULL when no clause of standard
** correlates with one of other. */
const cq_pair *cq_graph_pair(const cq_graph *graph, cq_id standard,
                             cq_id other);

/* Does an edge join standards a and b, either way, a `none` row included
** (a == b counts as joined)?  O(1). */
int cq_graph_standards_linked(const cq_graph *graph, cq_id a, cq_id b);

/* The first standard of graph whose id, up to any '@', is standard's: two
** standards are editions of one standard when their bases are equal.
** O(1). */
cq_id cq_graph_edition_base(const cq_graph *graph, cq_id standard);

/* The next standard after standard with its base (an edition of the same
** standard), or CQ_NONE: from the base, this walks a standard's editions
** in increasing order.  O(1). */
cq_id cq_graph_next_edition(const cq_graph *graph, cq_id standard);

/*
** Make graph->pairs, pair_start and pair_clauses from the edges, in
** arrays drawn from pool (scratch: working arrays, freed by the caller).
** The builder makes them so, and opening an image makes them again to
** check the image's.  Returns CONCORD_OK or CONCORD_NOMEM.
*/
int cq_graph_build_pairs(cq_graph *graph, cq_arena *pool, cq_arena *scratch);

/* Free a graph and everything it owns.  NULL is a no-op. */
void cq_graph_free(cq_graph *graph);

/*
** Holding a graph: a handle holds its current graph, and each statement
** the graph it was compiled against, so that a handle can move to a new
** graph (a layer imported) while statements prepared before keep reading
** theirs.  A graph starts with no holder; cq_graph_release frees it when
** the last holder lets go.  Both are atomic: handles that share a graph
** (concord_options.share_corpus) hold and let go of it from their own
** threads, and whichever lets go last frees it, through the allocator the
** graph was built with.
*/
cq_graph *cq_graph_retain(cq_graph *graph);
void cq_graph_release(cq_graph *graph);

/* Up to this many standards, looking one up scans them. */
#define CQ_STANDARD_SCAN 8

/* Make graph->standard_hash in graph->pool (or leave it NULL for a few
** standards), and the link matrix and editions beside it, and set
** n_in_edges and n_link_in: the builder calls it last, and the full check
** of an image to compare what it makes with the image's.  Returns
** CONCORD_OK or CONCORD_NOMEM. */
int cq_graph_index_standards(cq_graph *graph);

/* The slots of the standards' hash of n standards: 0 (none: they are
** scanned) up to CQ_STANDARD_SCAN, else the power of two of at least 2n.
** An image's standard_hash section has exactly this many. */
uint32_t cq_graph_standard_hash_size(uint32_t n_standards);

/* The bytes of the link matrix of n standards (0 past LINKED_MAX: none). */
size_t cq_graph_linked_bytes(uint32_t n_standards);

/* *tag becomes the tag of clause id, whose key is key[0..len) and whose
** edges start at out_first: every byte of it, as the builder stores it and
** opening an image expects it.  Returns the key's hash (cq_graph_key_hash),
** which goes over the same folded bytes. */
uint32_t cq_graph_clause_tag(cq_clause_tag *tag, cq_id id, uint32_t out_first,
                             const char *key, size_t len);

/* The standard whose id is id[0..len) (ASCII case folded), or CQ_NONE. */
cq_id cq_graph_find_standard(const cq_graph *graph, const char *id, size_t len);

/* The clause "standard:number" of key[0..len) (ASCII case folded), or
** CQ_NONE. */
cq_id cq_graph_find_clause(const cq_graph *graph, const char *key, size_t len);

/* The term "vocabulary:entry" of key[0..len) (ASCII case folded), or
** CQ_NONE. */
cq_id cq_graph_find_term(const cq_graph *graph, const char *key, size_t len);

/*
** Order clause numbers as people read them: split at '.', compare numeric
** parts as numbers (8.9 < 8.10), numeric parts before alphabetic ones
** (10 < A), alphabetic parts by ASCII case-folded text, and a prefix first
** (8.5 < 8.5.1).  Returns <0, 0 or >0.
*/
int cq_clause_number_compare(const char *a, const char *b);

/*
** The hash of the lookup tables: key[0..len) with ASCII case folded, eight
** bytes at a time.  A table has a power-of-two size of at
** least twice its entries and probes linearly from hash & mask, so that the
** builder (graph_build.c) and the lookups above agree.  Images store the
** tables, so a change of it is a new image version (image.h).
*/
uint32_t cq_graph_key_hash(const char *key, size_t len);

/* Is the NUL-terminated s the key key[0..len), ASCII case folded? */
int cq_graph_key_equal(const char *s, const char *key, size_t len);

#endif
