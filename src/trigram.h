/*
** trigram.h -- an index of the clause titles by their trigrams, so that
** `title ~ "text"` reads the few clauses whose titles can hold the text
** instead of every title.
**
** A trigram is three consecutive bytes of a title with A-Z folded to a-z
** (fold.h), as `~` compares them; bytes past ASCII are taken as they are,
** so UTF-8 text is indexed byte by byte, exactly as `~` matches it.  For
** every distinct trigram the index lists the clauses whose titles hold it,
** in increasing id order.  A title that contains a text of three or more
** bytes holds every trigram of the text, so the clauses on all of the
** text's lists are a superset of the answer, in clause order; the caller
** still tests each title (the trigrams need not be adjacent), which makes
** the rows exactly those of a scan.
**
** The index lives in the graph as three pointer-free arrays, stored in a
** compiled image as three sections (image.h):
**   tri_keys[n_tri]       the trigrams, (b0 << 16 | b1 << 8 | b2), strictly
**                         increasing (binary searched);
**   tri_start[n_tri + 1]  byte offsets into tri_lists: trigram k's list is
**                         tri_lists[tri_start[k], tri_start[k + 1]);
**   tri_lists             the lists, each a run of LEB128 varints: the
**                         first clause id, then each next id less the
**                         previous one, less one.
** Varints keep the index small (about 1.2 bytes a clause and trigram at a
** million edges, where plain ids would take 4).
**
** An image's index is trusted for its extent at open (the counts agree);
** every read of a list checks its offsets against the lists section and
** every id against the clauses, and a failed check is CONCORD_CORRUPT.
*/
#ifndef CQ_TRIGRAM_H
#define CQ_TRIGRAM_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "error.h"
#include "graph.h"

/* Texts shorter than this are never answered by the index. */
#define CQ_TRIGRAM_MIN 3

/*
** Make graph->tri_keys, tri_start, tri_lists (and their counts) from the
** clause titles, in graph->pool; working memory comes from the graph's
** allocator and is freed before it returns.  A graph whose lists would not
** fit 32-bit offsets is left without an index (titles are then scanned).
** Returns CONCORD_OK or CONCORD_NOMEM.
*/
int cq_trigram_build(cq_graph *graph);

/* The clauses a search must test: ids[0..n), sorted; the block holds
** cap ids. */
typedef struct cq_trigram_hits {
    cq_id *ids;
    uint32_t n;
    uint32_t cap;
} cq_trigram_hits;

/*
** The clauses whose titles may contain needle[0..n) (ASCII case folded):
** a sorted superset of those that do, in *hits (allocated with alloc; the
** caller frees it with cq_trigram_hits_free).  *answered is 0 when the
** index cannot answer -- no index, or a text under CQ_TRIGRAM_MIN bytes --
** and the caller scans.  Errors: CONCORD_NOMEM,
** CONCORD_CORRUPT (the index is damaged: an offset or an id outside its
** section).
*/
int cq_trigram_candidates(const cq_graph *graph, const char *needle, size_t n,
                          const cq_allocator *alloc, cq_trigram_hits *hits,
                          int *answered, cq_error *err);

void cq_trigram_hits_free(const cq_allocator *alloc, cq_trigram_hits *hits);

/*
** The whole index checked against the graph: keys strictly increasing and
** of three bytes, offsets increasing and inside the lists, every list
** well-formed with ids increasing and inside the clauses.  Reads every
** byte of the index; for the full check of an image.  Returns 0 when
** sound, else a message (static text) saying what is wrong.
*/
const char *cq_trigram_verify(const cq_graph *graph);

/* The bytes the index of graph takes (its three arrays). */
size_t cq_trigram_bytes(const cq_graph *graph);

#endif
