/*
** table.h -- the result of every statement: named columns and rows of
** values.
**
** Every statement yields a table, so formatting, the API's column calls and
** (later) pipelines and set operations work on one shape.  Text values
** borrow their bytes from the graph (immutable) or from the statement's
** arena; the table owns only its cell array.
*/
#ifndef CQ_TABLE_H
#define CQ_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "concord.h"

typedef struct cq_value {
    int type; /* CONCORD_TEXT, CONCORD_INTEGER, CONCORD_REAL, CONCORD_NULL */
    union {
        const char *text; /* NUL-terminated, borrowed */
        long long integer;
        double real;
    } u;
} cq_value;

/* A row held as ids -- a clause and one of its edges (a correlation), or
** a clause and its `none` edge or CQ_NONE (a gap) -- whose cells are made
** only when they are read (cq_table's id rows). */
typedef struct cq_id_row {
    uint32_t from;
    uint32_t edge;
} cq_id_row;

/* Makes cell col of an id row: slot slots[col] of the row the graph's ids
** name.  col -n (n >= 1) makes nothing but asks for the memory the cells
** of the n rows from row on will read, so that a reader a few rows behind
** finds it in cache: one call for a run of rows, not one a row. */
typedef cq_value (*cq_id_cell_fn)(const void *graph, const int *slots,
                                  const cq_id_row *row, int col);

/* How a column of id rows is read as text with no cell made (id_text.h
** reads them, the API's column calls use them): the string lies in the
** graph, found from the row's ids in a load or two.  A statement sets a
** column's kind when its cells are that string, whatever the row. */
enum cq_id_text {
    CQ_ID_TEXT_CELL,     /* none: made by id_cell */
    CQ_ID_TEXT_FROM_KEY, /* the key of clause `from` */
    CQ_ID_TEXT_TO_KEY,   /* the key of edge `edge`'s target, or for a
                            `none` edge its standard's id */
    CQ_ID_TEXT_RELATION  /* the name of edge `edge`'s relation */
};

/* The columns that can have a kind: the first few, which are the ones a
** row-at-a-time reader reads most. */
#define CQ_ID_TEXT_COLS 8

typedef struct cq_table {
    const cq_allocator *alloc;
    int n_cols;
    const char *const *col_names; /* borrowed (usually static) */
    cq_value *cells;              /* row-major, n_rows * n_cols */
    size_t n_rows;
    size_t cap_rows;
    /* Rows of ids.  A reader that makes cells as it reads them (the API's
    ** step and column calls) sets ids_ok; a statement may then put its rows
    ** in ids[0, n_rows) instead of cells, and id_cell (non-NULL while it
    ** does) makes their cells: a row costs 8 bytes, and a string no one
    ** reads is never looked up.  cq_table_materialise turns them into
    ** cells for any other reader. */
    int ids_ok;
    cq_id_cell_fn id_cell;
    const void *id_graph;
    const int *id_slots;
    cq_id_row *ids;
    size_t cap_ids;
    /* While id_cell is set: each column's enum cq_id_text, and the kind
    ** whose strings a reader a few rows behind asks for ahead (CELL: it
    ** asks id_cell).  All CELL otherwise, and past n_cols: a reader that
    ** finds a kind reads the row's text with no other check. */
    uint8_t id_text[CQ_ID_TEXT_COLS];
    uint8_t id_ahead;
    /* The run asked for the strings of every row as it made them (a short
    ** result, read soon after): a reader asks for none again.  0 while
    ** the table holds no id rows. */
    uint8_t id_asked_all;
} cq_table;

/* An empty table with the given columns.  The names must outlive it. */
void cq_table_init(cq_table *table, const cq_allocator *alloc,
                   const char *const *col_names, int n_cols);

/* An empty table as cq_table_init makes, on the cells k keeps from an
** earlier run (k must only ever hold cells of tables of n_cols columns). */
void cq_table_init_kept(cq_table *table, const cq_allocator *alloc,
                        const char *const *col_names, int n_cols,
                        const cq_keep *k);

/* Put the table's cells back in k (see cq_keep) instead of freeing them;
** the table is left empty, with no cells. */
void cq_table_keep(cq_table *table, cq_keep *k, cq_keep **list);

/* The index of the column named name, or -1. */
int cq_table_column(const cq_table *table, const char *name);

/* Sort rows with cmp (stable: equal rows keep their order).  tick (when
** not NULL) is told of every n rows merged, so a long sort counts its work
** and can be stopped: when it returns nonzero the sort stops with the rows
** in some order and that value is returned.  Returns 0, or -1 on OOM (the
** table is unchanged then). */
int cq_table_sort(cq_table *table,
                  int (*cmp)(const cq_value *a, const cq_value *b, void *ctx),
                  void *ctx, int (*tick)(void *ctx, size_t n));

/* Drop every row, keeping the columns. */
void cq_table_clear(cq_table *table);

void cq_table_free(cq_table *table);

/* Value makers: inline, since a row is made of a score of them. */
static inline cq_value cq_text(const char *s)
{
    cq_value v;
    v.type = CONCORD_TEXT;
    v.u.text = s;
    return v;
}

static inline cq_value cq_int(long long i)
{
    cq_value v;
    v.type = CONCORD_INTEGER;
    v.u.integer = i;
    return v;
}

static inline cq_value cq_real(double d)
{
    cq_value v;
    v.type = CONCORD_REAL;
    v.u.real = d;
    return v;
}

static inline cq_value cq_null(void)
{
    cq_value v;
    v.type = CONCORD_NULL;
    v.u.integer = 0;
    return v;
}

/* Double the room for rows: 0, or -1 on OOM (nothing changes then). */
int cq_table_grow(cq_table *table);

/* Room for rows rows in all, at once (a copy of a table of known size):
** 0, or -1 on OOM (nothing changes then). */
int cq_table_reserve(cq_table *table, size_t rows);

/* Room for one more row, its cells not set: the caller sets every one
** before the table is read.  Returns the row's first cell, or NULL on
** OOM.  The pointer is valid until the next add.  Inline, as every row of
** every statement comes through here. */
static inline cq_value *cq_table_push_row(cq_table *table)
{
    if (table->n_rows == table->cap_rows && cq_table_grow(table) != 0)
        return NULL;
    return table->cells + table->n_rows++ * (size_t)table->n_cols;
}

/* Room for one more row, its cells set to NULL values; as
** cq_table_push_row otherwise. */
static inline cq_value *cq_table_add_row(cq_table *table)
{
    cq_value *row = cq_table_push_row(table);
    for (int c = 0; row != NULL && c < table->n_cols; c++)
        row[c] = cq_null();
    return row;
}

/* Hold the table's rows as ids from now on (it has none yet): cell makes
** their cells from graph and slots, every column's kind CQ_ID_TEXT_CELL
** until cq_table_id_text says otherwise. */
void cq_table_hold_ids(cq_table *table, cq_id_cell_fn cell, const void *graph,
                       const int *slots);

/* Column col of a table held as ids reads as kind (enum cq_id_text);
** nothing for a column past CQ_ID_TEXT_COLS or n_cols.  Inline: a
** statement of one row sets its columns' kinds at every run. */
static inline void cq_table_id_text(cq_table *table, int col, int kind)
{
    if (table->id_cell != NULL && col >= 0 && col < table->n_cols &&
        col < CQ_ID_TEXT_COLS)
        table->id_text[col] = (uint8_t)kind;
}

/* Double the room for id rows: 0, or -1 on OOM. */
int cq_table_grow_ids(cq_table *table);

/* Append an id row (the table is in id rows: id_cell set).  Returns 0, or
** -1 on OOM. */
static inline int cq_table_push_id(cq_table *table, uint32_t from,
                                   uint32_t edge)
{
    if (table->n_rows == table->cap_ids && cq_table_grow_ids(table) != 0)
        return -1;
    table->ids[table->n_rows].from = from;
    table->ids[table->n_rows++].edge = edge;
    return 0;
}

/* Make the cells of a table held in id rows, which then holds cells like
** any other (nothing to do for one that holds cells).  Returns 0, or -1 on
** OOM (the table is unchanged then). */
int cq_table_materialise(cq_table *table);

/* Row r's first cell. */
static inline cq_value *cq_table_row(const cq_table *table, size_t r)
{
    return table->cells + r * (size_t)table->n_cols;
}

#endif
