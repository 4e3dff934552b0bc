/*
** arena.c -- chunked bump allocator.  Chunks grow geometrically so a large
** corpus needs few of them; a request bigger than a chunk gets its own.
*/
#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <string.h>

struct cq_arena_chunk {
    cq_arena_chunk *next; /* older chunk */
    size_t size;          /* bytes of data[] */
    alignas(max_align_t) unsigned char data[];
};

#define ARENA_ALIGN (alignof(max_align_t))
/* Most statements' tree and plan fit in a first chunk of this size (a
** script prepares thousands, one after another). */
#define ARENA_FIRST_CHUNK 3072

void cq_arena_init(cq_arena *arena, const cq_allocator *alloc)
{
    arena->alloc = alloc;
    arena->head = NULL;
    arena->used = 0;
    arena->total = 0;
    arena->first = 0;
}

void cq_arena_init_sized(cq_arena *arena, const cq_allocator *alloc,
                         size_t first)
{
    cq_arena_init(arena, alloc);
    arena->first = first; /* 0: the default */
}

void *cq_arena_alloc(cq_arena *arena, size_t n)
{
    if (n == 0)
        n = 1;
    if (n > SIZE_MAX / 2)
        return NULL;
    size_t at = (arena->used + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
    if (arena->head == NULL || at + n > arena->head->size) {
        size_t size = arena->head    ? arena->head->size * 2
                      : arena->first ? arena->first
                                     : ARENA_FIRST_CHUNK;
        if (size > (size_t)1 << 24)
            size = (size_t)1 << 24;
        if (size < n)
            size = n;
        cq_arena_chunk *chunk =
            cq_malloc(arena->alloc, sizeof(cq_arena_chunk) + size);
        if (chunk == NULL)
            return NULL;
        chunk->next = arena->head;
        chunk->size = size;
        arena->head = chunk;
        arena->total += sizeof(cq_arena_chunk) + size;
        at = 0;
    }
    arena->used = at + n;
    return arena->head->data + at;
}

void *cq_arena_zalloc(cq_arena *arena, size_t n)
{
    void *p = cq_arena_alloc(arena, n);
    if (p) {
        cq_prefault(p, n); /* the memset writes every page */
        memset(p, 0, n);
    }
    return p;
}

char *cq_arena_strndup(cq_arena *arena, const char *s, size_t n)
{
    char *p = cq_arena_alloc(arena, n + 1);
    if (p) {
        if (n)
            memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

void cq_arena_free(cq_arena *arena)
{
    cq_arena_chunk *chunk = arena->head;
    while (chunk) {
        cq_arena_chunk *next = chunk->next;
        cq_free(arena->alloc, chunk, sizeof(cq_arena_chunk) + chunk->size);
        chunk = next;
    }
    arena->head = NULL;
    arena->used = 0;
    arena->total = 0;
}
