/*
** suggest.h -- "did you mean": the nearest few names to a word that was
** not found.
**
** Distance is the Damerau-Levenshtein (optimal string alignment) distance
** with ASCII case folded, so transpositions ("9010" for "9001") count one.
** A candidate is offered only when it is close enough to be a plausible
** slip: distance at most max(1, len/3), or a case-insensitive prefix match.
*/
#ifndef CQ_SUGGEST_H
#define CQ_SUGGEST_H

#include <stddef.h>

#include "buf.h"

#define CQ_SUGGEST_MAX 3

typedef struct cq_suggest {
    const char *word; /* what was typed */
    size_t word_len;
    size_t limit;                     /* the largest distance accepted */
    const char *best[CQ_SUGGEST_MAX]; /* candidates, nearest first */
    size_t best_len[CQ_SUGGEST_MAX];  /* their lengths */
    size_t best_dist[CQ_SUGGEST_MAX]; /* their distances */
    int n;                            /* how many are held */
} cq_suggest;

void cq_suggest_init(cq_suggest *s, const char *word, size_t len);

/* Consider candidate (len bytes; the bytes must outlive s).  Ties keep the
** earlier candidate, so offering in corpus order gives stable answers. */
void cq_suggest_offer(cq_suggest *s, const char *candidate, size_t len);

/* Append "did you mean A, B or C?" to buf, with each candidate quoted by
** quote (e.g. "'" or ""); nothing when there is no candidate.  The prefix
** is written first when there is something to say.  Returns the number of
** candidates written. */
int cq_suggest_write(const cq_suggest *s, cq_buf *buf, const char *prefix,
                     const char *quote);

/* The OSA edit distance of a and b, ASCII case folded, capped at cap+1. */
size_t cq_edit_distance(const char *a, size_t alen, const char *b, size_t blen,
                        size_t cap);

#endif
