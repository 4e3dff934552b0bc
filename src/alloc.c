/*
** alloc.c -- thin wrappers over the allocator hook, so that callers never
** touch the hook's calling convention (or forget the size on free).
*/
#define _DEFAULT_SOURCE 1 /* madvise, MADV_POPULATE_WRITE */
#include "alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

void *cq_default_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    (void)ud;
    (void)osize;
    if (nsize == 0) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, nsize);
}

void *cq_malloc(const cq_allocator *a, size_t n)
{
    return a->fn(a->ud, NULL, 0, n ? n : 1);
}

void *cq_calloc(const cq_allocator *a, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    size_t n = count * size;
    void *p = cq_malloc(a, n);
    if (p && n > 0)
        memset(p, 0, n);
    return p;
}

void *cq_realloc(const cq_allocator *a, void *p, size_t old, size_t n)
{
    if (p == NULL)
        return cq_malloc(a, n);
    return a->fn(a->ud, p, old, n ? n : 1);
}

void cq_free(const cq_allocator *a, void *p, size_t n)
{
    if (p)
        a->fn(a->ud, p, n ? n : 1, 0);
}

void cq_keep_put(cq_keep *k, cq_keep **list, void *data, size_t size)
{
    k->data = data;
    k->size = data ? size : 0;
    if (!k->listed && data) {
        k->next = *list;
        *list = k;
        k->listed = 1;
    }
}

void cq_keep_release(cq_keep **list, const cq_allocator *a)
{
    for (cq_keep *k = *list, *next; k; k = next) {
        next = k->next;
        cq_free(a, k->data, k->size);
        k->data = NULL;
        k->size = 0;
        k->listed = 0;
        k->next = NULL;
    }
    *list = NULL;
}

char *cq_strndup(const cq_allocator *a, const char *s, size_t n)
{
    char *p = cq_malloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

/*
** Loading a large corpus writes some 300 MB of fresh memory, and each
** page of it, faulted in on its first write, costs a trap into the
** kernel (a good part of the load's time in a virtual machine).  Asked
** for a whole range, the kernel maps its pages in one call instead.
** Only for memory about to be written in full (resident memory is not
** raised), only where the system has the call (Linux 5.14), and only a
** hint: a failure changes nothing.
*/
void cq_prefault(void *p, size_t n)
{
#ifdef MADV_POPULATE_WRITE
    if (n < CQ_PREFAULT_MIN)
        return;
    long page = sysconf(_SC_PAGESIZE);
    if (page <= 0)
        return;
    uintptr_t first =
        ((uintptr_t)p + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
    uintptr_t end = ((uintptr_t)p + n) & ~((uintptr_t)page - 1);
    if (end > first)
        (void)madvise((void *)first, end - first, MADV_POPULATE_WRITE);
#else
    (void)p;
    (void)n;
#endif
}
