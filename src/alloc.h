/*
** alloc.h -- the one path every allocation of the library takes.
**
** A handle carries a cq_allocator (Lua's lua_Alloc contract) so that tests
** can fail the n-th allocation and embedders can account for memory.  Frees
** pass the block's size because the hook's contract asks for it.
*/
#ifndef CQ_ALLOC_H
#define CQ_ALLOC_H

#include <stddef.h>

#include "concord.h"

typedef struct cq_allocator {
    concord_alloc_fn fn; /* the hook; never NULL */
    void *ud;            /* its opaque argument */
} cq_allocator;

/* The default hook: realloc/free from the C library. */
void *cq_default_alloc(void *ud, void *ptr, size_t osize, size_t nsize);

/* A new block of n bytes, or NULL.  Owner: the caller, freed with cq_free. */
void *cq_malloc(const cq_allocator *a, size_t n);

/* A zero-filled array of count*size bytes, or NULL (also on overflow). */
void *cq_calloc(const cq_allocator *a, size_t count, size_t size);

/* Resize p (of old bytes) to n bytes; NULL on failure with p untouched. */
void *cq_realloc(const cq_allocator *a, void *p, size_t old, size_t n);

/* Free p of n bytes.  NULL is a no-op. */
void cq_free(const cq_allocator *a, void *p, size_t n);

/* Smaller ranges are not worth a system call (cq_prefault). */
#define CQ_PREFAULT_MIN ((size_t)1 << 20)

/* Map the pages of p[0..n), memory about to be written in full, in one
** call rather than a fault each: a hint, for ranges of CQ_PREFAULT_MIN
** bytes or more (alloc.c says why). */
void cq_prefault(void *p, size_t n);

/* A NUL-terminated copy of s[0..n), or NULL.  Free with cq_free(a, p, n+1). */
char *cq_strndup(const cq_allocator *a, const char *s, size_t n);

/*
** A block that a prepared statement keeps from one run to the next -- a
** scratch array, the cells of an intermediate table -- so that running it
** again allocates nothing once the block has grown big enough.  The run
** borrows data (size bytes), may grow it with cq_realloc, and puts it back
** with cq_keep_put, on success and failure alike; the first put links the
** keep on its statement's list, which cq_keep_release frees.
*/
typedef struct cq_keep {
    struct cq_keep *next; /* on the statement's list */
    void *data;           /* NULL until first put */
    size_t size;          /* bytes of data */
    int listed;           /* on the list */
} cq_keep;

/* Put data (size bytes; may be NULL) back in k, linking k on *list the
** first time. */
void cq_keep_put(cq_keep *k, cq_keep **list, void *data, size_t size);

/* Free every block kept on *list and empty it. */
void cq_keep_release(cq_keep **list, const cq_allocator *a);

#endif
