/*
** output.h -- result tables rendered as text: aligned table, TSV, CSV,
** JSON and Markdown.
**
** Lives in the library (not the command-line program) so that embedders get
** the same escaping rules, and so the formats are tested without a process.
** Output goes through a write callback; the library never touches stdout.
*/
#ifndef CQ_OUTPUT_H
#define CQ_OUTPUT_H

#include "concord.h"
#include "table.h"

/*
** Write rows [first_row, n_rows) of table in format through write(ctx, ...).
** The header (or JSON's opening bracket) is written even when no row is.
** Returns CONCORD_OK, CONCORD_IOERR when write returned nonzero,
** CONCORD_NOMEM, or CONCORD_RANGE for an unknown format.
**
** The rules, fixed by tests:
**   table     columns padded to their widest cell (width counted in UTF-8
**             code points), a header and a rule line, numbers right-aligned,
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
*/
int cq_output_write(const cq_table *table, size_t first_row, int format,
                    concord_write_fn write, void *ctx,
                    const cq_allocator *alloc);

/* A non-text value as text, the way every output format and
** concord_column_text() show it: integers plainly, reals with one decimal
** place ("37.5", "100.0"), null as "".  Text values return their own text.
** buf must hold at least 32 bytes. */
const char *cq_value_text(const cq_value *value, char buf[32]);

#endif
