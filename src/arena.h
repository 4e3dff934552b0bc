/*
** arena.h -- bump allocation for things that die together.
**
** Every AST of a statement, every string made while evaluating it, and the
** graph's string pool live in arenas: nothing inside is freed on its own,
** so error paths cannot leak and teardown is one call.
*/
#ifndef CQ_ARENA_H
#define CQ_ARENA_H

#include <stddef.h>

#include "alloc.h"

typedef struct cq_arena_chunk cq_arena_chunk;

typedef struct cq_arena {
    const cq_allocator *alloc; /* where chunks come from */
    cq_arena_chunk *head;      /* newest chunk; older ones follow */
    size_t used;               /* bytes used in head */
    size_t total;              /* bytes of all chunks, headers included */
    size_t first;              /* bytes of the first chunk; 0: a default */
} cq_arena;

/* Start an empty arena drawing on alloc (which must outlive it). */
void cq_arena_init(cq_arena *arena, const cq_allocator *alloc);

/* Start an empty arena whose first chunk holds first bytes: for a caller
** that knows what it will keep, so that it takes one allocation of the
** right size (a session keeps thousands of small tables). */
void cq_arena_init_sized(cq_arena *arena, const cq_allocator *alloc,
                         size_t first);

/* n bytes aligned for any object, or NULL when the allocator fails.
** Owner: the arena. */
void *cq_arena_alloc(cq_arena *arena, size_t n);

/* Zero-filled variant of cq_arena_alloc. */
void *cq_arena_zalloc(cq_arena *arena, size_t n);

/* A NUL-terminated copy of s[0..n) in the arena, or NULL. */
char *cq_arena_strndup(cq_arena *arena, const char *s, size_t n);

/* Free every chunk; the arena is empty and can be used again. */
void cq_arena_free(cq_arena *arena);

#endif
