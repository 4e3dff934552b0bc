/*
** output.h -- result tables rendered as text: aligned table, TSV, CSV,
** JSON and Markdown, and (through export.h) Graphviz, OSCAL, STRM, SSSOM.
**
** Lives in the library (not the command-line program) so that embedders get
** the same escaping rules, and so the formats are tested without a process.
** Output goes through a write callback; the library never touches stdout.
*/
#ifndef CQ_OUTPUT_H
#define CQ_OUTPUT_H

#include "buf.h"
#include "concord.h"
#include "error.h"
#include "table.h"

/*
** Write rows [first_row, n_rows) of table in format through write(ctx, ...).
** The header (or JSON's opening bracket) is written even when no row is.
** Returns CONCORD_OK, CONCORD_IOERR when write returned nonzero,
** CONCORD_NOMEM, or CONCORD_RANGE for an unknown format.
**
** The rules, fixed by tests:
**   table     columns padded to their widest cell (width counted in terminal
**             columns, width.h), a header and a rule line, numbers
*right-aligned,
**             then "(N rows)" / "(1 row)"; null shows as empty
**   tsv       header line, one line a row, tab separated; \t \n \r and \\
**             in values written as backslash escapes; null is empty
**   csv       header line; RFC 4180: fields with , " CR or LF quoted, "
**             doubled; lines end in CRLF; null is empty
**   json      one array of objects, one object a line, keys in column order;
**             integers and reals as JSON numbers, null as null; strings
**             escaped (\" \\ \b \f \n \r \t, other controls as \u00XX);
**             an empty result is []
**   markdown  a pipe table with a header separator; | escaped as \|,
**             newlines as <br>
**   dot, oscal, strm, sssom: see export.h; a table they cannot export is
**             CONCORD_ERROR here (cq_output_write_err says why)
*/
int cq_output_write(const cq_table *table, size_t first_row, int format,
                    concord_write_fn write, void *ctx,
                    const cq_allocator *alloc);

/*
** As cq_output_write, with err for the message when an export format
** (dot, oscal, strm, sssom; see export.h) refuses a table that does not
** have the columns it needs: then the result is CONCORD_ERROR, err says
** which columns are missing, and nothing has been written.
*/
int cq_output_write_err(const cq_table *table, size_t first_row, int format,
                        concord_write_fn write, void *ctx,
                        const cq_allocator *alloc, cq_error *err);

/* As cq_output_write_err, with the options of the export formats (the
** namespace, the time, what the corpus knows; see export.h); NULL: their
** defaults. */
struct cq_export_opts;
int cq_output_write_opts(const cq_table *table, size_t first_row, int format,
                         const struct cq_export_opts *opts,
                         concord_write_fn write, void *ctx,
                         const cq_allocator *alloc, cq_error *err);

/* Output under way: bytes not yet handed to the write callback, and the
** first failure (the callback's or the allocator's), which stops it. */
typedef struct cq_out {
    cq_buf buf;             /* bytes not yet written */
    concord_write_fn write; /* where they go */
    void *ctx;              /* write's first argument */
    int rc;                 /* the first failure, or CONCORD_OK */
    struct cq_run *run;     /* each line a step of it (cq_tick: the steps
                               limit, interrupts), or NULL */
} cq_out;

/* Hand everything buffered to the callback; returns o->rc. */
int cq_out_flush(cq_out *o);

/* Called after each line: stops at once on OOM, passes on full chunks,
** counts the line as a step of o->run (CONCORD_TOOBIG past the steps
** limit, CONCORD_INTERRUPT, with the run's error set, stop it too). */
int cq_out_line_done(cq_out *o);

/* s as one CSV field (RFC 4180, quoted when needed), as format csv writes
** it. */
void cq_out_csv_field(cq_buf *b, const char *s);

/* s as a JSON string (RFC 8259), as format json writes it: valid UTF-8
** whatever s holds. */
void cq_out_json_string(cq_buf *b, const char *s);

/* A non-text value as text, the way every output format and
** concord_column_text() show it: integers plainly, reals with one decimal
** place ("37.5", "100.0"), null as "".  Text values return their own text.
** buf must hold at least 32 bytes. */
const char *cq_value_text(const cq_value *value, char buf[32]);

#endif
