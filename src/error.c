/*
** error.c -- recording errors; see error.h.
*/
#define CQ_ERROR_IMPL /* error.h's analyzer macros are not for here */
#include "error.h"

#include <stdarg.h>
#include <string.h>

#include "concord.h"
#include "ctl.h"

/* Text echoed from the input (a name, a value) longer than this is cut in
** the middle, with "..." where the cut is: a 100 KB identifier is not
** worth a 100 KB message. */
#define ECHO_MAX 1000

/* The bytes of the control character at text[i] (n bytes in all). */
static int control_at(const char *text, size_t i, size_t n)
{
    if (i + 1 == n) /* the last byte: no second byte to look at */
        return (unsigned char)text[i] < 0x20 || text[i] == 0x7F;
    return cq_control_len(text + i);
}

/* Back p (inside text) to the first byte of its UTF-8 character. */
static size_t char_start(const char *text, size_t p)
{
    while (p > 0 && ((unsigned char)text[p] & 0xC0) == 0x80)
        p--;
    return p;
}

/*
** Make the text of b from byte from safe to show on a terminal: each
** control character (a newline too unless keep_newlines) becomes \uXXXX,
** as the language writes it, so an escape sequence in a query or a
** parameter cannot clear the screen or forge a line of a log; when cut,
** text longer than ECHO_MAX keeps its two ends.  On OOM a message being
** made (cut) fails as out of memory, as any message that cannot be built
** does; one being shown has its controls overwritten with '?' in place.
*/
static void make_safe(cq_buf *b, size_t from, int keep_newlines, int cut)
{
    if (b->failed || b->len <= from)
        return;
    const char *text = b->data + from;
    size_t n = b->len - from, head = n, tail = n;
    if (cut && n > ECHO_MAX) {
        head = char_start(text, ECHO_MAX / 2);
        tail = char_start(text, n - ECHO_MAX / 2);
    }
    size_t i = 0;
    for (; i < n; i++)
        if (control_at(text, i, n) && !(keep_newlines && text[i] == '\n'))
            break;
    if (i == n && head == n)
        return; /* nothing to change: the usual case */
    cq_buf out;
    cq_buf_init(&out, b->alloc);
    cq_buf_append(&out, b->data, from);
    for (i = 0; i < n;) {
        if (i == head) {
            cq_buf_puts(&out, "...");
            i = tail;
            continue;
        }
        int c = control_at(text, i, n);
        if (c == 0 || (keep_newlines && text[i] == '\n')) {
            cq_buf_putc(&out, text[i++]);
            continue;
        }
        cq_buf_printf(&out, "\\u%04X", cq_control_code(text + i));
        i += (size_t)c;
    }
    if (out.failed && cut) { /* a message being made: out of memory */
        cq_buf_free(&out);
        b->failed = 1;
        return;
    }
    if (out.failed) { /* one being shown: blank them where they are */
        cq_buf_free(&out);
        for (i = 0; i < n; i++)
            if (control_at(text, i, n) && !(keep_newlines && text[i] == '\n'))
                b->data[from + i] = '?';
        return;
    }
    cq_buf_free(b);
    *b = out;
}

void cq_error_make_safe(cq_error *err)
{
    make_safe(&err->msg, 0, 1, 0);
}

void cq_error_init(cq_error *err, const cq_allocator *alloc)
{
    err->code = CONCORD_OK;
    err->offset = -1;
    err->end = -1;
    err->line = 0;
    err->column = 0;
    cq_buf_init(&err->msg, alloc);
}

int cq_error_set(cq_error *err, int code, const cq_loc *loc, const char *fmt,
                 ...)
{
    if (code == CONCORD_NOMEM)
        return cq_error_nomem(err);
    cq_buf_clear(&err->msg);
    err->code = code;
    if (loc) {
        err->offset = loc->start;
        err->end = loc->end;
        err->line = loc->first_line;
        err->column = loc->first_column;
        cq_buf_printf(&err->msg, "%d:%d: ", loc->first_line, loc->first_column);
    } else {
        err->offset = -1;
        err->end = -1;
        err->line = 0;
        err->column = 0;
    }
    size_t from = err->msg.len;
    va_list ap;
    va_start(ap, fmt);
    cq_buf_vprintf(&err->msg, fmt, ap);
    va_end(ap);
    /* "%s" passes a message made before (already safe, its lines kept) */
    if (strcmp(fmt, "%s") != 0)
        make_safe(&err->msg, from, 0, 1);
    if (err->msg.failed)
        return cq_error_nomem(err);
    return code;
}

int cq_error_locate(cq_error *err, const cq_loc *loc)
{
    if (err->code == CONCORD_OK || err->offset >= 0 || loc == NULL)
        return err->code;
    cq_buf text; /* the message, while the located one is made in msg */
    cq_buf_init(&text, err->msg.alloc);
    cq_buf_append(&text, cq_buf_str(&err->msg), err->msg.len);
    int rc = text.failed
                 ? cq_error_nomem(err)
                 : cq_error_set(err, err->code, loc, "%s", cq_buf_str(&text));
    cq_buf_free(&text);
    return rc;
}

int cq_error_add(cq_error *err, int code, const char *fmt, ...)
{
    if (err->code == CONCORD_NOMEM)
        return err->code;
    if (err->code == CONCORD_OK) {
        cq_buf_clear(&err->msg);
        err->code = code;
        err->offset = -1;
        err->end = -1;
        err->line = err->column = 0;
    } else {
        cq_buf_putc(&err->msg, '\n');
    }
    size_t from = err->msg.len;
    va_list ap;
    va_start(ap, fmt);
    cq_buf_vprintf(&err->msg, fmt, ap);
    va_end(ap);
    make_safe(&err->msg, from, 0, 1);
    if (err->msg.failed)
        return cq_error_nomem(err);
    return err->code;
}

int cq_error_nomem(cq_error *err)
{
    err->code = CONCORD_NOMEM;
    err->offset = -1;
    err->end = -1;
    err->line = 0;
    err->column = 0;
    return CONCORD_NOMEM;
}

void cq_error_clear(cq_error *err)
{
    err->code = CONCORD_OK;
    err->offset = -1;
    err->end = -1;
    err->line = 0;
    err->column = 0;
    cq_buf_clear(&err->msg);
}

const char *cq_error_message(const cq_error *err)
{
    if (err->code == CONCORD_OK)
        return "not an error";
    if (err->code == CONCORD_NOMEM || err->msg.failed || err->msg.len == 0)
        return err->code == CONCORD_NOMEM ? "out of memory" : "unknown error";
    return cq_buf_str(&err->msg);
}

void cq_error_free(cq_error *err)
{
    cq_buf_free(&err->msg);
}
