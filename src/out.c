/*
** out.c -- output under way, and the text of values and fields that every
** format writes alike; see out.h.
*/
#include "out.h"

#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "text.h"

/* Bytes gathered before they are handed to the write callback: small, so
** a short result (most of a script's) takes one small allocation. */
#define OUT_CHUNK 1024

void cq_out_start(cq_out *o, concord_write_fn write, void *ctx,
                  const cq_allocator *alloc)
{
    cq_buf_init_sized(&o->buf, alloc, 2 * OUT_CHUNK);
    o->write = write;
    o->ctx = ctx;
    o->rc = CONCORD_OK;
    o->tick = NULL;
    o->tick_ctx = NULL;
}

int cq_out_flush(cq_out *o)
{
    if (o->rc != CONCORD_OK)
        return o->rc;
    if (o->buf.failed)
        return o->rc = CONCORD_NOMEM;
    if (o->buf.len > 0) {
        if (o->write(o->ctx, o->buf.data, o->buf.len) != 0)
            return o->rc = CONCORD_IOERR;
        cq_buf_clear(&o->buf);
    }
    return CONCORD_OK;
}

int cq_out_tick(cq_out *o)
{
    if (o->tick != NULL && o->rc == CONCORD_OK)
        o->rc = o->tick(o->tick_ctx);
    return o->rc;
}

int cq_out_line_done(cq_out *o)
{
    cq_out_tick(o);
    if (o->buf.failed || o->buf.len >= OUT_CHUNK)
        return cq_out_flush(o);
    return o->rc;
}

/* The decimal digits of v at the end of buf, as "%lld" writes them: an
** integer column is read a row at a time (concord_column_text, every
** export), and snprintf costs some 600 instructions a call for it. */
static const char *integer_text(long long v, char buf[32])
{
    char *p = buf + 31;
    *p = '\0';
    /* the magnitude as unsigned, so LLONG_MIN's has no overflow */
    unsigned long long m =
        v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        *--p = (char)('0' + m % 10);
        m /= 10;
    } while (m != 0);
    if (v < 0)
        *--p = '-';
    return p;
}

const char *cq_value_text(const cq_value *value, char buf[32])
{
    switch (value->type) {
    case CONCORD_TEXT:
        return value->u.text ? value->u.text : "";
    case CONCORD_INTEGER:
        return integer_text(value->u.integer, buf);
    case CONCORD_REAL: {
        double d = value->u.real;
        /* "%.1f" of a huge magnitude would not fit in 32 bytes. */
        if (d >= 1e21 || d <= -1e21)
            snprintf(buf, 32, "%.17g", d);
        else
            snprintf(buf, 32, "%.1f", d);
        return buf;
    }
    default:
        return "";
    }
}

/* RFC 4180: quote a field holding , " CR or LF, and one with a leading or
** trailing space (which some readers would trim); double every ". */
void cq_out_csv_field(cq_buf *b, const char *s)
{
    for (const char *p = s; *p; p++) {
        if (*p != '\r' && *p != '\n' && *p != '\t' && cq_control_len(p)) {
            /* a control character but a tab or a line break (which quoting
            ** carries): \uXXXX (ctl.h), then the rest */
            cq_buf tmp;
            cq_buf_init(&tmp, b->alloc);
            cq_buf_append(&tmp, s, (size_t)(p - s));
            for (; *p; p++) {
                int ctl = *p == '\r' || *p == '\n' || *p == '\t'
                              ? 0
                              : cq_control_len(p);
                if (ctl) {
                    cq_buf_printf(&tmp, "\\u%04X", cq_control_code(p));
                    p += ctl - 1;
                } else {
                    cq_buf_putc(&tmp, *p);
                }
            }
            if (tmp.failed)
                b->failed = 1;
            else
                cq_out_csv_field(b, cq_buf_str(&tmp));
            cq_buf_free(&tmp);
            return;
        }
    }
    size_t len = strlen(s);
    if (strpbrk(s, ",\"\r\n") == NULL &&
        (len == 0 || (s[0] != ' ' && s[len - 1] != ' '))) {
        cq_buf_append(b, s, len);
        return;
    }
    cq_buf_putc(b, '"');
    const char *run = s;
    for (const char *p = s; *p; p++) {
        if (*p == '"') {
            cq_buf_append(b, run, (size_t)(p - run) + 1);
            run = p; /* the quote again, doubling it */
        }
    }
    cq_buf_puts(b, run);
    cq_buf_putc(b, '"');
}

/* s as a JSON string (RFC 8259).  Valid UTF-8 passes through; each byte
** that does not start a well-formed sequence becomes U+FFFD, so the result
** is valid JSON whatever the input. */
void cq_out_json_string(cq_buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *run = p;
    cq_buf_putc(b, '"');
    while (*p) {
        unsigned c = *p;
        char esc[7];
        size_t esc_len = 0;
        size_t skip = 1;
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            esc_len = 2;
        } else if (c < 0x20) {
            const char *named = c == '\n'   ? "\\n"
                                : c == '\r' ? "\\r"
                                : c == '\t' ? "\\t"
                                : c == '\b' ? "\\b"
                                : c == '\f' ? "\\f"
                                            : NULL;
            if (named) {
                memcpy(esc, named, 2);
                esc_len = 2;
            } else {
                memcpy(esc, "\\u00", 4);
                esc[4] = hex[c >> 4];
                esc[5] = hex[c & 0xF];
                esc_len = 6;
            }
        } else if (c >= 0x80) {
            skip = cq_utf8_length(p, 4); /* stops at the NUL */
            if (skip == 0) {
                memcpy(esc, "\xEF\xBF\xBD", 3); /* U+FFFD */
                esc_len = 3;
                skip = 1;
            }
        }
        if (esc_len) {
            cq_buf_append(b, (const char *)run, (size_t)(p - run));
            cq_buf_append(b, esc, esc_len);
            run = p + skip;
        }
        p += skip;
    }
    cq_buf_append(b, (const char *)run, (size_t)(p - run));
    cq_buf_putc(b, '"');
}
