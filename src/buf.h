/*
** buf.h -- a growable byte string with a sticky failure flag.
**
** Formatting code appends many small pieces; checking each append is noise.
** After a failed allocation every later append is a no-op and `failed`
** stays set, so the caller checks once at the end.
*/
#ifndef CQ_BUF_H
#define CQ_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "alloc.h"

typedef struct cq_buf {
    const cq_allocator *alloc; /* where the bytes come from */
    char *data;                /* NUL-terminated when cap > 0 */
    size_t len;                /* bytes used, without the NUL */
    size_t cap;                /* bytes allocated */
    int failed;                /* an allocation failed; contents are partial */
    size_t first;              /* bytes of the first allocation; 0: a few */
} cq_buf;

void cq_buf_init(cq_buf *buf, const cq_allocator *alloc);

/* As cq_buf_init, for a caller that knows roughly how much it will write:
** the first append allocates first bytes at once, not a few bytes doubled
** again and again (nothing is allocated before it). */
void cq_buf_init_sized(cq_buf *buf, const cq_allocator *alloc, size_t first);

/* Append n bytes of s.  Returns 0, or -1 (and sets failed) on OOM. */
int cq_buf_append(cq_buf *buf, const char *s, size_t n);
int cq_buf_puts(cq_buf *buf, const char *s);
int cq_buf_putc(cq_buf *buf, char c);
int cq_buf_printf(cq_buf *buf, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int cq_buf_vprintf(cq_buf *buf, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Forget the contents but keep the memory (failed is cleared too). */
void cq_buf_clear(cq_buf *buf);

/* The contents as a C string ("" when empty). Valid until the next append. */
const char *cq_buf_str(const cq_buf *buf);

/* Release the memory. */
void cq_buf_free(cq_buf *buf);

#endif
