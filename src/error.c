/*
** error.c -- recording errors; see error.h.
*/
#define CQ_ERROR_IMPL /* error.h's analyzer macros are not for here */
#include "error.h"

#include <stdarg.h>

#include "concord.h"

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
    va_list ap;
    va_start(ap, fmt);
    cq_buf_vprintf(&err->msg, fmt, ap);
    va_end(ap);
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
    va_list ap;
    va_start(ap, fmt);
    cq_buf_vprintf(&err->msg, fmt, ap);
    va_end(ap);
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
