/*
** output.c -- result tables rendered as text (aligned table, TSV, CSV, JSON,
** Markdown); see output.h for the rules each format follows.
**
** Every format builds its output a line at a time in one cq_buf and hands
** the buffer to the write callback whenever it holds a chunk (out.c) or
** more, and once at the end.  The first failure (the callback's or the
** allocator's) stops the output and is the result.
*/
#include "output.h"

#include "ctl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "export.h"
#include "formats.h"
#include "tick.h"
#include "width.h"

typedef cq_out out;

/* A line written is a step of the statement's run (cq_out's tick). */
static int line_tick(void *run)
{
    return cq_tick(run);
}

/* count copies of c. */
static void put_repeat(cq_buf *b, char c, size_t count)
{
    char run[64];
    memset(run, c, sizeof run);
    while (count > 0) {
        size_t n = count < sizeof run ? count : sizeof run;
        cq_buf_append(b, run, n);
        count -= n;
    }
}

static const char *col_name(const cq_table *t, int c)
{
    if (t->col_names == NULL || t->col_names[c] == NULL)
        return "";
    return t->col_names[c];
}

/* A column counts as numeric (right-aligned) when every non-null cell of
** the rows written is an integer or a real, and there is at least one. */
static int column_numeric(const cq_table *t, size_t first, int c)
{
    int seen = 0;
    for (size_t r = first; r < t->n_rows; r++) {
        int type = cq_table_row(t, r)[c].type;
        if (type == CONCORD_INTEGER || type == CONCORD_REAL)
            seen = 1;
        else if (type != CONCORD_NULL)
            return 0;
    }
    return seen;
}

/* ---- table ------------------------------------------------------------ */

/* Width of s as the table format shows it: terminal columns (width.h:
** CJK counts two, combining marks none), with \n \t \r shown as two. */
static size_t table_width(const char *s)
{
    size_t w = 0;
    const char *run = s;
    for (const char *p = s;; p++) {
        int ctl = *p ? cq_control_len(p) : 0;
        if (*p == '\n' || *p == '\t' || *p == '\r' || *p == '\0' || ctl) {
            w += cq_text_width(run, (size_t)(p - run));
            if (*p == '\0')
                break;
            if (*p == '\n' || *p == '\t' || *p == '\r') {
                w += 2;
            } else { /* \uXXXX */
                w += 6;
                p += ctl - 1;
            }
            run = p + 1;
        }
    }
    return w;
}

/* s with \n \t \r (and \\ when backslash is set) written as escapes:
** a table row stays one line, and TSV can be split on tabs and lines.
** Other control characters are written \uXXXX (ctl.h), so a header or a
** cell cannot drive the terminal. */
static void put_escaped(cq_buf *b, const char *s, int backslash)
{
    /* The bytes that may need escaping, NUL (the end) included: a cell is
    ** mostly plain text, so runs of other bytes are skipped one table
    ** lookup a byte and appended whole. */
    static const unsigned char special[256] = {
        [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1,
        [0x06] = 1, [0x07] = 1, [0x08] = 1, [0x09] = 1, [0x0A] = 1, [0x0B] = 1,
        [0x0C] = 1, [0x0D] = 1, [0x0E] = 1, [0x0F] = 1, [0x10] = 1, [0x11] = 1,
        [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1,
        [0x18] = 1, [0x19] = 1, [0x1A] = 1, [0x1B] = 1, [0x1C] = 1, [0x1D] = 1,
        [0x1E] = 1, [0x1F] = 1, ['\\'] = 1, [0x7F] = 1, [0xC2] = 1,
    };
    const char *run = s;
    const char *p = s;
    for (;; p++) {
        while (!special[(unsigned char)*p])
            p++;
        if (*p == '\0')
            break;
        const char *esc = *p == '\n'                ? "\\n"
                          : *p == '\t'              ? "\\t"
                          : *p == '\r'              ? "\\r"
                          : *p == '\\' && backslash ? "\\\\"
                                                    : NULL;
        int ctl = esc ? 0 : cq_control_len(p);
        if (esc) {
            cq_buf_append(b, run, (size_t)(p - run));
            cq_buf_append(b, esc, 2);
            run = p + 1;
        } else if (ctl) {
            cq_buf_append(b, run, (size_t)(p - run));
            cq_buf_printf(b, "\\u%04X", cq_control_code(p));
            p += ctl - 1;
            run = p + 1;
        }
    }
    cq_buf_append(b, run, (size_t)(p - run));
}

static void table_put_text(cq_buf *b, const char *s)
{
    put_escaped(b, s, 0);
}

/* One cell padded to width, with the two-space gap before all but the
** first column. */
static void table_put_cell(cq_buf *b, int c, const char *s, size_t width,
                           int right)
{
    size_t pad = width - table_width(s);
    if (c > 0)
        cq_buf_append(b, "  ", 2);
    if (right)
        put_repeat(b, ' ', pad);
    table_put_text(b, s);
    if (!right)
        put_repeat(b, ' ', pad);
}

/* End the line begun at start: no trailing spaces, then a newline. */
static void table_end_line(cq_buf *b, size_t start)
{
    if (!b->failed && b->data) {
        while (b->len > start && b->data[b->len - 1] == ' ')
            b->len--;
        b->data[b->len] = '\0';
    }
    cq_buf_putc(b, '\n');
}

static int write_table(out *o, const cq_table *t, size_t first,
                       const cq_allocator *alloc)
{
    size_t n = (size_t)t->n_cols;
    size_t *width = cq_calloc(alloc, n, sizeof *width);
    unsigned char *right = cq_calloc(alloc, n, 1);
    if (width == NULL || right == NULL) {
        cq_free(alloc, width, n * sizeof *width);
        cq_free(alloc, right, n);
        return o->rc = CONCORD_NOMEM;
    }
    char num[32];
    for (int c = 0; c < t->n_cols; c++) {
        width[c] = table_width(col_name(t, c));
        right[c] = (unsigned char)column_numeric(t, first, c);
        for (size_t r = first; r < t->n_rows; r++) {
            size_t w = table_width(cq_value_text(&cq_table_row(t, r)[c], num));
            if (w > width[c])
                width[c] = w;
        }
    }

    cq_buf *b = &o->buf;
    size_t start = b->len;
    for (int c = 0; c < t->n_cols; c++)
        table_put_cell(b, c, col_name(t, c), width[c], right[c]);
    table_end_line(b, start);
    start = b->len;
    for (int c = 0; c < t->n_cols; c++) {
        if (c > 0)
            cq_buf_append(b, "  ", 2);
        put_repeat(b, '-', width[c]);
    }
    table_end_line(b, start);
    cq_out_line_done(o);
    for (size_t r = first; r < t->n_rows && o->rc == CONCORD_OK; r++) {
        const cq_value *row = cq_table_row(t, r);
        start = b->len;
        for (int c = 0; c < t->n_cols; c++)
            table_put_cell(b, c, cq_value_text(&row[c], num), width[c],
                           right[c]);
        table_end_line(b, start);
        cq_out_line_done(o);
    }
    if (o->rc == CONCORD_OK) {
        size_t count = t->n_rows > first ? t->n_rows - first : 0;
        cq_buf_printf(b, "(%zu %s)\n", count, count == 1 ? "row" : "rows");
        cq_out_line_done(o);
    }
    cq_free(alloc, width, n * sizeof *width);
    cq_free(alloc, right, n);
    return o->rc;
}

/* ---- tsv -------------------------------------------------------------- */

static void tsv_put(cq_buf *b, const char *s)
{
    put_escaped(b, s, 1);
}

static int write_tsv(out *o, const cq_table *t, size_t first)
{
    cq_buf *b = &o->buf;
    char num[32];
    for (int c = 0; c < t->n_cols; c++) {
        if (c > 0)
            cq_buf_putc(b, '\t');
        tsv_put(b, col_name(t, c));
    }
    cq_buf_putc(b, '\n');
    cq_out_line_done(o);
    for (size_t r = first; r < t->n_rows && o->rc == CONCORD_OK; r++) {
        const cq_value *row = cq_table_row(t, r);
        for (int c = 0; c < t->n_cols; c++) {
            if (c > 0)
                cq_buf_putc(b, '\t');
            tsv_put(b, cq_value_text(&row[c], num));
        }
        cq_buf_putc(b, '\n');
        cq_out_line_done(o);
    }
    return o->rc;
}

/* ---- csv -------------------------------------------------------------- */

static int write_csv(out *o, const cq_table *t, size_t first)
{
    cq_buf *b = &o->buf;
    char num[32];
    for (int c = 0; c < t->n_cols; c++) {
        if (c > 0)
            cq_buf_putc(b, ',');
        cq_out_csv_field(b, col_name(t, c));
    }
    cq_buf_append(b, "\r\n", 2);
    cq_out_line_done(o);
    for (size_t r = first; r < t->n_rows && o->rc == CONCORD_OK; r++) {
        const cq_value *row = cq_table_row(t, r);
        for (int c = 0; c < t->n_cols; c++) {
            if (c > 0)
                cq_buf_putc(b, ',');
            cq_out_csv_field(b, cq_value_text(&row[c], num));
        }
        cq_buf_append(b, "\r\n", 2);
        cq_out_line_done(o);
    }
    return o->rc;
}

/* ---- json ------------------------------------------------------------- */

static void json_put_value(cq_buf *b, const cq_value *v)
{
    char num[32];
    switch (v->type) {
    case CONCORD_INTEGER:
        cq_buf_printf(b, "%lld", v->u.integer);
        break;
    case CONCORD_REAL:
        /* JSON has no NaN or infinity. */
        if (isfinite(v->u.real))
            cq_buf_puts(b, cq_value_text(v, num));
        else
            cq_buf_puts(b, "null");
        break;
    case CONCORD_TEXT:
        cq_out_json_string(b, v->u.text ? v->u.text : "");
        break;
    default:
        cq_buf_puts(b, "null");
        break;
    }
}

/* Row r of t as a JSON object, keys in column order. */
static void json_put_row(cq_buf *b, const cq_table *t, size_t r)
{
    const cq_value *row = cq_table_row(t, r);
    cq_buf_putc(b, '{');
    for (int c = 0; c < t->n_cols; c++) {
        if (c > 0)
            cq_buf_putc(b, ',');
        cq_out_json_string(b, col_name(t, c));
        cq_buf_putc(b, ':');
        json_put_value(b, &row[c]);
    }
    cq_buf_putc(b, '}');
}

/* One object a row (JSON Lines), the same objects as write_json's. */
static int write_jsonl(out *o, const cq_table *t, size_t first)
{
    for (size_t r = first; r < t->n_rows && o->rc == CONCORD_OK; r++) {
        json_put_row(&o->buf, t, r);
        cq_buf_putc(&o->buf, '\n');
        cq_out_line_done(o);
    }
    return o->rc;
}

static int write_json(out *o, const cq_table *t, size_t first)
{
    cq_buf *b = &o->buf;
    if (first >= t->n_rows) {
        cq_buf_puts(b, "[]\n");
        return cq_out_line_done(o);
    }
    cq_buf_putc(b, '[');
    for (size_t r = first; r < t->n_rows && o->rc == CONCORD_OK; r++) {
        cq_buf_puts(b, r == first ? "\n" : ",\n");
        json_put_row(b, t, r);
        cq_out_line_done(o);
    }
    if (o->rc == CONCORD_OK) {
        cq_buf_puts(b, "\n]\n");
        cq_out_line_done(o);
    }
    return o->rc;
}

/* ---- markdown --------------------------------------------------------- */

/* A cell of a GitHub pipe table: | as \|, line breaks (LF, CR, CRLF) as
** <br>, so the row stays one line. */
static void md_put(cq_buf *b, const char *s)
{
    const char *run = s;
    const char *p = s;
    while (*p) {
        const char *esc = NULL;
        size_t skip = 1;
        if (*p == '|') {
            esc = "\\|";
        } else if (*p == '\n' || *p == '\r') {
            esc = "<br>";
            if (p[0] == '\r' && p[1] == '\n')
                skip = 2;
        } else if (cq_control_len(p)) {
            cq_buf_append(b, run, (size_t)(p - run));
            cq_buf_printf(b, "\\u%04X", cq_control_code(p));
            p += cq_control_len(p);
            run = p;
            continue;
        }
        if (esc) {
            cq_buf_append(b, run, (size_t)(p - run));
            cq_buf_puts(b, esc);
            run = p + skip;
        }
        p += skip;
    }
    cq_buf_puts(b, run);
}

static int write_markdown(out *o, const cq_table *t, size_t first)
{
    cq_buf *b = &o->buf;
    char num[32];
    cq_buf_putc(b, '|');
    for (int c = 0; c < t->n_cols; c++) {
        cq_buf_putc(b, ' ');
        md_put(b, col_name(t, c));
        cq_buf_puts(b, " |");
    }
    cq_buf_puts(b, "\n|");
    for (int c = 0; c < t->n_cols; c++)
        cq_buf_puts(b, column_numeric(t, first, c) ? "---:|" : "---|");
    cq_buf_putc(b, '\n');
    cq_out_line_done(o);
    for (size_t r = first; r < t->n_rows && o->rc == CONCORD_OK; r++) {
        const cq_value *row = cq_table_row(t, r);
        cq_buf_putc(b, '|');
        for (int c = 0; c < t->n_cols; c++) {
            cq_buf_putc(b, ' ');
            md_put(b, cq_value_text(&row[c], num));
            cq_buf_puts(b, " |");
        }
        cq_buf_putc(b, '\n');
        cq_out_line_done(o);
    }
    return o->rc;
}

/* ---- entry ------------------------------------------------------------ */

int cq_output_write(const cq_table *table, size_t first_row, int format,
                    concord_write_fn write, void *ctx,
                    const cq_allocator *alloc)
{
    if (cq_format_name(format) == NULL)
        return CONCORD_RANGE;
    if (alloc == NULL)
        return CONCORD_MISUSE;
    cq_error err; /* the message an export may write is dropped */
    cq_error_init(&err, alloc);
    int rc =
        cq_output_write_err(table, first_row, format, write, ctx, alloc, &err);
    cq_error_free(&err);
    return rc;
}

int cq_output_write_err(const cq_table *table, size_t first_row, int format,
                        concord_write_fn write, void *ctx,
                        const cq_allocator *alloc, cq_error *err)
{
    return cq_output_write_opts(table, first_row, format, NULL, write, ctx,
                                alloc, err);
}

int cq_output_write_opts(const cq_table *table, size_t first_row, int format,
                         const cq_export_opts *opts, concord_write_fn write,
                         void *ctx, const cq_allocator *alloc, cq_error *err)
{
    if (cq_format_name(format) == NULL)
        return CONCORD_RANGE;
    if (table == NULL || write == NULL || alloc == NULL || err == NULL)
        return CONCORD_MISUSE;
    if (table->n_cols <= 0)
        return CONCORD_OK; /* a statement that yields no table shows none */
    out o;
    cq_out_start(&o, write, ctx, alloc);
    o.tick = opts && opts->run ? line_tick : NULL;
    o.tick_ctx = opts ? opts->run : NULL;
    switch (format) {
    case CONCORD_FORMAT_TABLE:
        write_table(&o, table, first_row, alloc);
        break;
    case CONCORD_FORMAT_TSV:
        write_tsv(&o, table, first_row);
        break;
    case CONCORD_FORMAT_CSV:
        write_csv(&o, table, first_row);
        break;
    case CONCORD_FORMAT_JSON:
        write_json(&o, table, first_row);
        break;
    case CONCORD_FORMAT_MARKDOWN:
        write_markdown(&o, table, first_row);
        break;
    case CONCORD_FORMAT_JSONL:
        write_jsonl(&o, table, first_row);
        break;
    default:
        o.rc = cq_export_write(&o, table, first_row, format, opts, alloc, err);
        break;
    }
    int rc = cq_out_flush(&o);
    cq_buf_free(&o.buf);
    return rc;
}
