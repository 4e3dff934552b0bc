/*
** image.h -- the compiled graph as one position-independent binary image:
** written once (`concord compile`), then mapped and used in place, with no
** parsing and no pointer fix-ups.
**
** The element structs of graph.h hold no pointers (ids are indexes, strings
** are offsets into one table), so each array of a graph can be stored byte
** for byte and read back where it lies.  An image is:
**
**   offset  size  field (little-endian)
**        0     8  magic "CNCRDIMG"
**        8     4  format version, CQ_IMAGE_VERSION
**       12     4  header size: these 32 bytes and the section table
**       16     8  file size in bytes
**       24     8  checksum of bytes [32, file size): cq_image_checksum
**                  seeded with CQ_IMAGE_CHECKSUM_SEED
**       32   416  section table: CQ_IMAGE_SECTIONS entries of
**                   u64 offset, u32 element count, u32 element size
**      448     -  the sections, each 8-byte aligned, in table order,
**                 zero padding between them
**
** The sections, in order: strings, standards, clauses, edges, out_start,
** in_start, in_edges, terms, links, link_out_start, link_in_start,
** link_in, annexes, clause_tags, term_hash, pairs, pair_start,
** pair_clauses, layers (graph.h says what each holds), tri_keys,
** tri_start, tri_lists (the trigram index of the titles, trigram.h),
** linked (the link matrix of the standards, n_standards squared bits,
** empty past 4,096 standards), editions (graph.h) and standard_hash
** (the standards by id, graph.h: empty for up to CQ_STANDARD_SCAN
** standards, else the power of two of at least twice their count).
** An index's three sections are all empty or none is (tri_start then has
** one entry more than tri_keys, and its last is the size of tri_lists).
** The counts of the graph are the sections' element counts; a hash
** table's mask is its count minus one.
**
** The checksum covers everything after the fields it could not cover
** itself; those four (magic, version, header size, file size) are each
** checked exactly, so any damaged byte anywhere is caught -- by the full
** check (CQ_IMAGE_FULL: `concord check-image`, concord_check_image(),
** CONCORD_OPEN_CHECK_IMAGE, and `concord compile` on what it wrote).
**
** Opening without it (the default) trusts the image the way SQLite trusts
** a database file, and costs O(number of sections), not O(size): the
** header, version, section table, element sizes, alignment, the counts
** the sections must agree on, and the string table's first and last byte
** are checked, and nothing else is read (the mapping is not even faulted
** in; nothing is looped over but the section table).  Every id, offset
** and range a reader takes from the image is checked where it is read:
** the accessors of graph.h (an element's ids, with one compare each on
** the usual path; a standard's ranges of clauses and terms inside the
** clauses and terms, first <= end; the ranges of out_start, in_start,
** link_out_start, link_in_start and pair_start clamped into their
** sections; parents before their clause, so a walk up them ends),
** cq_graph_str for strings, the hash lookups of graph.c and the trigram
** reader of trigram.c.  A reader that meets damage reads a harmless stand-in,
** notes the section (cq_graph_damage), and the statement fails with
** CONCORD_CORRUPT naming it (cq_graph_damage_error); a damaged image
** may so give wrong rows in a statement that reads no damaged id, but
** never crashes, hangs or reads outside the mapping.  Stacking a layer on
** an image (which copies every row of it) first runs the full check
** (cq_image_verify).  A crafted image with a correct checksum is refused
** by the full check just as a damaged one is.  Every refusal is
** CONCORD_CORRUPT with a message that names the image and the problem.
**
** Images are little-endian; a big-endian host refuses to read or write
** them rather than misread them.
*/
#ifndef CQ_IMAGE_H
#define CQ_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "concord.h"
#include "error.h"
#include "graph.h"

/* The sections, in the order of the section table and of the file. */
enum cq_image_section {
    CQ_SEC_STRINGS,
    CQ_SEC_STANDARDS,
    CQ_SEC_CLAUSES,
    CQ_SEC_EDGES,
    CQ_SEC_OUT_START,
    CQ_SEC_IN_START,
    CQ_SEC_IN_EDGES,
    CQ_SEC_TERMS,
    CQ_SEC_LINKS,
    CQ_SEC_LINK_OUT_START,
    CQ_SEC_LINK_IN_START,
    CQ_SEC_LINK_IN,
    CQ_SEC_ANNEXES,
    CQ_SEC_CLAUSE_TAGS, /* version 5: was the clause hash's ids */
    CQ_SEC_TERM_HASH,
    CQ_SEC_PAIRS, /* version 2: the pairs of standards (graph.h) */
    CQ_SEC_PAIR_START,
    CQ_SEC_PAIR_CLAUSES,
    CQ_SEC_LAYERS,     /* version 3: the layer names (graph.h) */
    CQ_SEC_EDGE_KINDS, /* version 6: each edge's kind (graph.h) */
    /* version 7: the trigram index of the titles (trigram.h) */
    CQ_SEC_TRI_KEYS,
    CQ_SEC_TRI_START,
    CQ_SEC_TRI_LISTS,
    /* version 8: what opening made with one pass over the edges (graph.h) */
    CQ_SEC_LINKED,   /* the link matrix of the standards, or empty */
    CQ_SEC_EDITIONS, /* two ids a standard */
    /* version 9: the standards by id (graph.h), which opening made */
    CQ_SEC_STANDARD_HASH,
    CQ_SEC_EDGE_TARGETS, /* version 10: cq_edge_target, an edge each */
    CQ_SEC_COUNT
};

#define CQ_IMAGE_MAGIC "CNCRDIMG" /* 8 bytes, no NUL */
/* The format version.  2: the pairs of standards; 3: layers
** (cq_edge.layer, the layers section); 4: a word-at-a-time checksum; 5:
** the clause hash stored as its tags (opening made them, 16 MiB at a
** million edges, every time), keys hashed eight bytes at a time, the
** checksum in eight lanes; 6: edge kinds; 7: the trigram index of the
** titles (three sections, trigram.h); 8: the link matrix and the
** editions of the standards, which opening made with a pass over the
** edges (opening is now O(sections): see above); 9: the standards'
** hash, which opening made (O(standards)), and the standards' ranges
** checked where they are read, not at open; each edge's to_key (the
** text of its `to` column, graph.h); 10: the edges' targets, eight bytes
** an edge (cq_edge_target, graph.h). */
#define CQ_IMAGE_VERSION 10u
#define CQ_IMAGE_SECTIONS 27
#define CQ_IMAGE_HEADER_SIZE (32 + 16 * CQ_IMAGE_SECTIONS)

/* The built-in corpus as an image (generated by src/tools/embed.c from the
** output of src/tools/compile_image.c); 8-byte aligned. */
extern const unsigned char cq_builtin_image[];
extern const size_t cq_builtin_image_size;

/*
** Write g as an image through write(ctx, data, len), in order, in pieces.
** A graph opened from an image gets the full check first
** (cq_image_verify), so that a damaged image is never sealed again under
** a checksum of its own.  Errors: CONCORD_IOERR when write returns
** nonzero (the message says only that writing failed: the caller knows
** where it was writing), CONCORD_CORRUPT on a big-endian host or when g's
** image is damaged.
*/
int cq_image_write(const cq_graph *g, concord_write_fn write, void *ctx,
                   cq_error *err);

/*
** Write g as an image to the file path: into a new file beside it, then
** renamed over path, so a failure never leaves a partial image and a
** process that has the old image mapped keeps reading it intact.
** Errors: CONCORD_IOERR ("path: cannot write image: reason"),
** CONCORD_NOMEM, and those of cq_image_write.
*/
int cq_image_save(const cq_graph *g, const char *path,
                  const cq_allocator *alloc, cq_error *err);

/*
** For cq_image_open_memory: skip the checksum (and only it) for bytes that
** are part of the program itself -- the built-in image, which the build
** checked when it made it and which can be damaged no more than the code
** reading it.  The checksum reads every byte of the image, so it is a
** large part of the cost of opening; every other check still runs.
*/
#define CQ_IMAGE_BUILTIN 1u

/* For cq_image_open_memory and cq_image_open_file_flags: the full check,
** every byte: the checksum, and every section walked, the hash tables and
** the trigram index too (see above).  With CQ_IMAGE_BUILTIN too, the
** checksum is still skipped. */
#define CQ_IMAGE_FULL 2u

/*
** Check the image data[0..len) (8-byte aligned) and make *out a graph whose
** arrays point into it: nothing is copied, so data must outlive the graph,
** which frees only itself.  name is what messages call the image; flags is
** 0 or CQ_IMAGE_BUILTIN and CQ_IMAGE_FULL.  On failure *out is NULL.
** Errors: CONCORD_CORRUPT (the image is refused; see above),
** CONCORD_MISUSE (data not 8-byte aligned), CONCORD_NOMEM.
*/
int cq_image_open_memory(const void *data, size_t len, const char *name,
                         unsigned flags, const cq_allocator *alloc,
                         cq_graph **out, cq_error *err);

/*
** Map the image file at path (read-only, private) and open it as
** cq_image_open_memory does; the graph owns the mapping and unmaps it when
** freed.  A mapped file must not be cut short in place while in use (the
** pages past its new end would fault); cq_image_save never does that, it
** renames a new file over the old one.  Errors: CONCORD_IOERR (cannot open
** or map the file, or it is a folder), and those of cq_image_open_memory.
*/
int cq_image_open_file(const char *path, const cq_allocator *alloc,
                       cq_graph **out, cq_error *err);

/* cq_image_open_file with flags 0 or CQ_IMAGE_FULL (the full check). */
int cq_image_open_file_flags(const char *path, unsigned flags,
                             const cq_allocator *alloc, cq_graph **out,
                             cq_error *err);

/* The full check of the image g was opened from, once (a graph opened
** with it, built from a corpus, or checked before passes at once): for a
** reader that needs every id of the graph sound before it reads any, as
** stacking a layer on it does.  Errors: those of cq_image_open_memory. */
int cq_image_verify(const cq_graph *g, cq_error *err);

/* The full check of the image file at path (CQ_IMAGE_FULL), keeping
** nothing: CONCORD_OK when every byte of it is as written.  Errors: those
** of cq_image_open_file. */
int cq_image_check_file(const char *path, const cq_allocator *alloc,
                        cq_error *err);

/* The image checksum of data[0..len), seeded with seed (an image uses
** CQ_IMAGE_CHECKSUM_SEED): 8-byte words in eight lanes, at memory speed; a
** change confined to one 8-byte word always changes it.  Exposed for tests
** that craft images. */
#define CQ_IMAGE_CHECKSUM_SEED 0xcbf29ce484222325u
uint64_t cq_image_checksum(uint64_t seed, const void *data, size_t len);

#endif
