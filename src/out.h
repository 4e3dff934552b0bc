/*
** out.h -- output under way to a write callback (cq_out), and how a value
** and a text field are written in the formats every writer shares: a
** value as text, a CSV field, a JSON string.  Below output.c and export.c,
** which both write through it, so neither needs the other for it.
*/
#ifndef CQ_OUT_H
#define CQ_OUT_H

#include "buf.h"
#include "concord.h"
#include "table.h"

/* Output under way: bytes not yet handed to the write callback, and the
** first failure (the callback's or the allocator's), which stops it. */
typedef struct cq_out {
    cq_buf buf;             /* bytes not yet written */
    concord_write_fn write; /* where they go */
    void *ctx;              /* write's first argument */
    int rc;                 /* the first failure, or CONCORD_OK */
    /* Told of each line (cq_out_line_done), so that a long result counts
    ** its steps and sees interrupts: a nonzero return (an error code)
    ** stops the output.  NULL: nothing is told. */
    int (*tick)(void *tick_ctx);
    void *tick_ctx;
} cq_out;

/* Start o writing to write(ctx, ...), with no tick, its buffer made for a
** chunk and a line at its first append (one allocation, not six). */
void cq_out_start(cq_out *o, concord_write_fn write, void *ctx,
                  const cq_allocator *alloc);

/* Hand everything buffered to the callback; returns o->rc. */
int cq_out_flush(cq_out *o);

/* One step of the output's work, told to o->tick: a line written, or a
** row read by a pass before the lines (export.c).  Returns o->rc, which
** the tick's error (CONCORD_TOOBIG, CONCORD_INTERRUPT) becomes. */
int cq_out_tick(cq_out *o);

/* Called after each line: stops at once on OOM, passes on full chunks,
** tells o->tick (whose error, CONCORD_TOOBIG or CONCORD_INTERRUPT, stops
** it too). */
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
