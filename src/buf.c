/*
** buf.c -- growable byte strings; see buf.h for the sticky-failure rule.
*/
#include "buf.h"

#include <stdio.h>
#include <string.h>

void cq_buf_init(cq_buf *buf, const cq_allocator *alloc)
{
    buf->alloc = alloc;
    buf->data = NULL;
    buf->len = 0;
    buf->cap = 0;
    buf->failed = 0;
    buf->first = 0;
}

void cq_buf_init_sized(cq_buf *buf, const cq_allocator *alloc, size_t first)
{
    cq_buf_init(buf, alloc);
    buf->first = first;
}

/* Make room for `extra` more bytes plus the NUL. */
static int buf_reserve(cq_buf *buf, size_t extra)
{
    if (buf->failed)
        return -1;
    if (buf->len + extra + 1 <= buf->cap)
        return 0;
    size_t cap = buf->cap ? buf->cap : buf->first ? buf->first : 64;
    while (cap < buf->len + extra + 1) {
        if (cap > ((size_t)-1) / 2) {
            buf->failed = 1;
            return -1;
        }
        cap *= 2;
    }
    char *data = cq_realloc(buf->alloc, buf->data, buf->cap, cap);
    if (data == NULL) {
        buf->failed = 1;
        return -1;
    }
    buf->data = data;
    buf->cap = cap;
    return 0;
}

int cq_buf_append(cq_buf *buf, const char *s, size_t n)
{
    if (buf_reserve(buf, n) != 0)
        return -1;
    if (n)
        memcpy(buf->data + buf->len, s, n);
    buf->len += n;
    buf->data[buf->len] = '\0';
    return 0;
}

int cq_buf_puts(cq_buf *buf, const char *s)
{
    return cq_buf_append(buf, s, strlen(s));
}

int cq_buf_putc(cq_buf *buf, char c)
{
    /* the common case, room for it and the NUL, without a call */
    if (!buf->failed && buf->len + 1 < buf->cap) {
        buf->data[buf->len++] = c;
        buf->data[buf->len] = '\0';
        return 0;
    }
    return cq_buf_append(buf, &c, 1);
}

int cq_buf_vprintf(cq_buf *buf, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0 || buf_reserve(buf, (size_t)n) != 0)
        return -1;
    vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap);
    buf->len += (size_t)n;
    return 0;
}

int cq_buf_printf(cq_buf *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = cq_buf_vprintf(buf, fmt, ap);
    va_end(ap);
    return rc;
}

void cq_buf_clear(cq_buf *buf)
{
    buf->len = 0;
    buf->failed = 0;
    if (buf->data)
        buf->data[0] = '\0';
}

const char *cq_buf_str(const cq_buf *buf)
{
    return buf->data ? buf->data : "";
}

void cq_buf_free(cq_buf *buf)
{
    cq_free(buf->alloc, buf->data, buf->cap);
    buf->data = NULL;
    buf->len = buf->cap = 0;
    buf->failed = 0;
}
