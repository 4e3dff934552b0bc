/*
** test_alloc.h -- the allocator every unit test uses to check memory
** handling: it counts live blocks and bytes, checks that callers pass the
** right size back on free and realloc (the hook's contract), and can fail
** the n-th allocation, once or from then on.
**
** Header-only (static functions) so that each test stays one file.
*/
#ifndef TEST_ALLOC_H
#define TEST_ALLOC_H

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

typedef struct talloc {
    long calls;   /* allocations and reallocations asked for so far */
    long fail_at; /* fail this one (1-based); 0: never */
    int persist;  /* fail every one after fail_at as well */
    int failed;   /* an allocation was failed */
    long live;    /* blocks not yet freed */
    size_t bytes; /* bytes not yet freed */
} talloc;

typedef union theader {
    size_t size;
    max_align_t align;
} theader;

static void *talloc_fn(void *ud, void *ptr, size_t osize, size_t nsize)
{
    talloc *t = ud;
    theader *h = ptr ? (theader *)ptr - 1 : NULL;
    if (h)
        assert_int_equal(h->size, osize); /* the caller knows the size */
    if (nsize == 0) {
        if (h) {
            t->live--;
            t->bytes -= osize;
            free(h);
        }
        return NULL;
    }
    t->calls++;
    if (t->fail_at > 0 &&
        (t->calls == t->fail_at || (t->persist && t->calls > t->fail_at))) {
        t->failed = 1;
        return NULL;
    }
    theader *n = realloc(h, sizeof *n + nsize);
    if (n == NULL)
        return NULL;
    if (h == NULL)
        t->live++;
    t->bytes = t->bytes - (h ? osize : 0) + nsize;
    n->size = nsize;
    return n + 1;
}

/* Reset t to fail allocation fail_at (0: none) and return an allocator
** drawing on it. */
static inline cq_allocator talloc_make(talloc *t, long fail_at)
{
    memset(t, 0, sizeof *t);
    t->fail_at = fail_at;
    cq_allocator a = {talloc_fn, t};
    return a;
}

#endif
