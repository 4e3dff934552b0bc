/*
** table.c -- result tables: a row-major cell array grown geometrically
** through the handle's allocator, a stable merge sort and column lookup.
** See table.h for the ownership rules (the table owns its cells only).
*/
#include "table.h"

#include <stdint.h>
#include <string.h>

#include "concord.h"

#define TABLE_FIRST_ROWS 16

/* Cells allocated per row.  A table of no columns still counts rows and
** must hand add_row's caller a non-NULL pointer, so it keeps one (unused)
** cell per row; the stride used for indexing stays n_cols. */
static size_t row_slots(const cq_table *table)
{
    return table->n_cols > 0 ? (size_t)table->n_cols : 1;
}

/* Bytes of a cell array with room for rows rows, or 0 on overflow. */
static size_t cells_bytes(const cq_table *table, size_t rows)
{
    size_t slots = row_slots(table);
    if (rows > SIZE_MAX / slots / sizeof(cq_value))
        return 0;
    return rows * slots * sizeof(cq_value);
}

/* Every column back to CQ_ID_TEXT_CELL: the table holds no id rows. */
static void forget_id_text(cq_table *table)
{
    memset(table->id_text, CQ_ID_TEXT_CELL, sizeof table->id_text);
    table->id_ahead = CQ_ID_TEXT_CELL;
    table->id_asked_all = 0;
}

void cq_table_init(cq_table *table, const cq_allocator *alloc,
                   const char *const *col_names, int n_cols)
{
    table->alloc = alloc;
    table->n_cols = n_cols > 0 ? n_cols : 0;
    table->col_names = col_names;
    table->cells = NULL;
    table->n_rows = 0;
    table->cap_rows = 0;
    table->ids_ok = 0;
    table->id_cell = NULL;
    table->id_graph = NULL;
    table->id_slots = NULL;
    table->ids = NULL;
    table->cap_ids = 0;
    forget_id_text(table);
}

void cq_table_init_kept(cq_table *table, const cq_allocator *alloc,
                        const char *const *col_names, int n_cols,
                        const cq_keep *k)
{
    cq_table_init(table, alloc, col_names, n_cols);
    size_t row = cells_bytes(table, 1);
    if (k->data != NULL && row > 0) { /* a table of no columns keeps none */
        table->cells = k->data;
        table->cap_rows = k->size / row;
    }
}

void cq_table_keep(cq_table *table, cq_keep *k, cq_keep **list)
{
    cq_keep_put(k, list, table->cells, cells_bytes(table, table->cap_rows));
    table->cells = NULL;
    table->n_rows = 0;
    table->cap_rows = 0;
}

/* Room for cap rows: 0, or -1 on OOM (nothing changes then). */
static int set_capacity(cq_table *table, size_t cap)
{
    size_t bytes = cells_bytes(table, cap);
    if (bytes == 0)
        return -1;
    cq_value *cells = cq_realloc(table->alloc, table->cells,
                                 cells_bytes(table, table->cap_rows), bytes);
    if (cells == NULL)
        return -1;
    table->cells = cells;
    table->cap_rows = cap;
    return 0;
}

int cq_table_grow(cq_table *table)
{
    size_t cap = table->cap_rows ? table->cap_rows : TABLE_FIRST_ROWS;
    if (table->cap_rows) {
        if (cap > SIZE_MAX / 2)
            return -1;
        cap *= 2;
    }
    return set_capacity(table, cap);
}

int cq_table_reserve(cq_table *table, size_t rows)
{
    return rows <= table->cap_rows ? 0 : set_capacity(table, rows);
}

int cq_table_grow_ids(cq_table *table)
{
    size_t cap = table->cap_ids ? table->cap_ids : TABLE_FIRST_ROWS;
    if (table->cap_ids) {
        if (cap > SIZE_MAX / 2 / sizeof(cq_id_row))
            return -1;
        cap *= 2;
    }
    cq_id_row *ids =
        cq_realloc(table->alloc, table->ids, table->cap_ids * sizeof(cq_id_row),
                   cap * sizeof(cq_id_row));
    if (ids == NULL)
        return -1;
    table->ids = ids;
    table->cap_ids = cap;
    return 0;
}

void cq_table_hold_ids(cq_table *table, cq_id_cell_fn cell, const void *graph,
                       const int *slots)
{
    table->id_cell = cell;
    table->id_graph = graph;
    table->id_slots = slots;
    forget_id_text(table);
}

int cq_table_materialise(cq_table *table)
{
    if (table->id_cell == NULL)
        return 0;
    size_t n = table->n_rows;
    while (table->cap_rows < n)
        if (cq_table_grow(table) != 0)
            return -1;
    for (size_t r = 0; r < n; r++) {
        cq_value *row = cq_table_row(table, r);
        for (int c = 0; c < table->n_cols; c++)
            row[c] = table->id_cell(table->id_graph, table->id_slots,
                                    &table->ids[r], c);
    }
    table->id_cell = NULL;
    forget_id_text(table);
    return 0;
}

int cq_table_column(const cq_table *table, const char *name)
{
    if (name == NULL || table->col_names == NULL)
        return -1;
    for (int c = 0; c < table->n_cols; c++) {
        if (table->col_names[c] && strcmp(table->col_names[c], name) == 0)
            return c;
    }
    return -1;
}

typedef int (*row_cmp)(const cq_value *a, const cq_value *b, void *ctx);

/* Merge the sorted runs src[lo, mid) and src[mid, hi) (in rows of w cells)
** into dst[lo, hi).  Ties take the left run first, which keeps it stable. */
static void merge_runs(const cq_value *src, cq_value *dst, size_t w, size_t lo,
                       size_t mid, size_t hi, row_cmp cmp, void *ctx)
{
    size_t i = lo, j = mid, k = lo;
    while (i < mid && j < hi) {
        if (cmp(src + j * w, src + i * w, ctx) < 0)
            memcpy(dst + k++ * w, src + j++ * w, w * sizeof(cq_value));
        else
            memcpy(dst + k++ * w, src + i++ * w, w * sizeof(cq_value));
    }
    if (i < mid)
        memcpy(dst + k * w, src + i * w, (mid - i) * w * sizeof(cq_value));
    else if (j < hi)
        memcpy(dst + k * w, src + j * w, (hi - j) * w * sizeof(cq_value));
}

/*
** Bottom-up merge sort, passes alternating between the cells and one
** temporary array of the same size; the result is copied back when the
** last pass ended in the temporary.  Only the temporary is allocated, so
** an allocation failure leaves the table as it was.
*/
int cq_table_sort(cq_table *table, row_cmp cmp, void *ctx,
                  int (*tick)(void *ctx, size_t n))
{
    size_t n = table->n_rows;
    size_t w = (size_t)table->n_cols;
    if (n < 2 || w == 0)
        return 0; /* rows of no columns are all equal: already in order */
    size_t bytes = n * w * sizeof(cq_value); /* fits: the cells hold it */
    cq_value *tmp = cq_malloc(table->alloc, bytes);
    if (tmp == NULL)
        return -1;
    cq_value *src = table->cells, *dst = tmp;
    int stop = 0;
    for (size_t run = 1; run < n && !stop; run *= 2) { /* run < n */
        for (size_t lo = 0; lo < n && !stop; lo += 2 * run) {
            size_t mid = lo + run < n ? lo + run : n;
            size_t hi = mid + run < n ? mid + run : n;
            merge_runs(src, dst, w, lo, mid, hi, cmp, ctx);
            if (tick)
                stop = tick(ctx, hi - lo);
        }
        if (stop) /* src still holds every row: keep it */
            break;
        cq_value *t = src;
        src = dst;
        dst = t;
    }
    if (src != table->cells)
        memcpy(table->cells, src, bytes);
    cq_free(table->alloc, tmp, bytes);
    return stop;
}

void cq_table_clear(cq_table *table)
{
    table->n_rows = 0;
    table->id_cell = NULL;
    forget_id_text(table);
}

void cq_table_free(cq_table *table)
{
    cq_free(table->alloc, table->ids, table->cap_ids * sizeof(cq_id_row));
    table->ids = NULL;
    table->cap_ids = 0;
    table->id_cell = NULL;
    forget_id_text(table);
    cq_free(table->alloc, table->cells, cells_bytes(table, table->cap_rows));
    table->cells = NULL;
    table->n_rows = 0;
    table->cap_rows = 0;
}
