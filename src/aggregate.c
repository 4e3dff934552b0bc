/*
** aggregate.c -- the pipeline stages that rank and summarise rows:
** `group by KEYS | max COL | min COL | sum COL | avg COL` (the aggregates
** are columns of the group stage, after its count) and `top N by COL
** [asc|desc] [per KEYS]` (the best N rows of each group, in the input's
** order of groups).  "Best match per clause" is `top 1 by strength per
** from`.
**
** Both sort an index of the rows, not the rows, so the input table is
** read in place; groups come out in the order they first appear, as
** `group by` gives them.
*/
#include <stdlib.h>
#include <string.h>

#include "eval_core.h"
#include "value.h"

/* ---- ordering ------------------------------------------------------------ */

/* a before b by column type: confidence by rank (low < medium < high),
** others as `sort by` orders them (numbers by value, text naturally,
** nulls last). */
static int typed_order(int type, const cq_value *a, const cq_value *b)
{
    if (type == CQ_F_CONFIDENCE && a->type == CONCORD_TEXT &&
        b->type == CONCORD_TEXT) {
        int x = cq_confidence_from_name(a->u.text, strlen(a->u.text));
        int y = cq_confidence_from_name(b->u.text, strlen(b->u.text));
        return (x > y) - (x < y);
    }
    return cq_value_order(a, b);
}

/* The rows of a table by their key columns, then by position: what both
** stages sort their index by (qsort has no context: it is passed here). */
typedef struct by_keys {
    const cq_table *t;
    const int *cols;
    int n;
} by_keys;

static int key_compare(const by_keys *k, size_t x, size_t y)
{
    const cq_value *a = cq_table_row(k->t, x), *b = cq_table_row(k->t, y);
    for (int i = 0; i < k->n; i++) {
        int c = cq_value_order(&a[k->cols[i]], &b[k->cols[i]]);
        if (c != 0)
            return c;
    }
    return 0;
}

static int same_keys(const by_keys *k, size_t x, size_t y)
{
    const cq_value *a = cq_table_row(k->t, x), *b = cq_table_row(k->t, y);
    for (int i = 0; i < k->n; i++)
        if (!cq_value_equal(&a[k->cols[i]], &b[k->cols[i]]))
            return 0;
    return 1;
}

/* Merge sort of idx[0..n) (stable, so rows of a group keep their order)
** with tmp as room; less(ctx, x, y) < 0 when row x goes first. */
static void sort_index(size_t *idx, size_t *tmp, size_t n,
                       int (*cmp)(const void *, size_t, size_t),
                       const void *ctx)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    sort_index(idx, tmp, h, cmp, ctx);
    sort_index(idx + h, tmp, n - h, cmp, ctx);
    size_t i = 0, j = h, o = 0;
    while (i < h && j < n)
        tmp[o++] = cmp(ctx, idx[j], idx[i]) < 0 ? idx[j++] : idx[i++];
    while (i < h)
        tmp[o++] = idx[i++];
    while (j < n)
        tmp[o++] = idx[j++];
    memcpy(idx, tmp, n * sizeof *idx);
}

static int cmp_keys(const void *ctx, size_t x, size_t y)
{
    return key_compare(ctx, x, y);
}

/* An index of t's rows sorted (stably) by the key columns; NULL when
** memory ran out.  Free with cq_free(alloc, p, 2 * n * sizeof(size_t)). */
static size_t *sorted_index(const cq_allocator *alloc, const by_keys *k)
{
    size_t n = k->t->n_rows;
    size_t *idx = cq_malloc(alloc, 2 * (n ? n : 1) * sizeof(size_t));
    if (idx == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    sort_index(idx, idx + n, n, cmp_keys, k);
    return idx;
}

/* ---- group by ... | max COL ---------------------------------------------- */

/* A group: where its rows start in the sorted index, how many, and the
** row it first appears at (its place in the output). */
typedef struct group {
    size_t start, n, first;
} group;

static int group_first_order(const void *pa, const void *pb)
{
    const group *a = pa, *b = pb;
    return (a->first > b->first) - (a->first < b->first);
}

/* The aggregate of a group's rows (nulls left out; null when all are). */
static cq_value aggregate(const cq_aggregate *a, const cq_table *in,
                          const size_t *rows, size_t n)
{
    cq_value best = cq_null();
    double sum = 0;
    long long isum = 0, count = 0;
    int reals = 0;
    for (size_t i = 0; i < n; i++) {
        const cq_value *v = &cq_table_row(in, rows[i])[a->col];
        if (v->type == CONCORD_NULL)
            continue;
        count++;
        if (a->op == CQ_AGG_MAX || a->op == CQ_AGG_MIN) {
            int c =
                best.type == CONCORD_NULL ? 0 : typed_order(a->type, v, &best);
            if (best.type == CONCORD_NULL || (a->op == CQ_AGG_MAX && c > 0) ||
                (a->op == CQ_AGG_MIN && c < 0))
                best = *v;
        } else if (v->type == CONCORD_INTEGER) {
            isum += v->u.integer;
            sum += (double)v->u.integer;
        } else if (v->type == CONCORD_REAL) {
            reals = 1;
            sum += v->u.real;
        }
    }
    if (a->op == CQ_AGG_MAX || a->op == CQ_AGG_MIN || count == 0)
        return best;
    if (a->op == CQ_AGG_SUM)
        return reals ? cq_real(sum) : cq_int(isum);
    return cq_real(sum / (double)count);
}

int cq_stage_aggregate(runner *r, const cq_stage *st, const int *cols,
                       const cq_table *in, cq_table *out)
{
    const cq_allocator *alloc = r->run->alloc;
    by_keys k = {in, cols, st->n_cols};
    size_t n = in->n_rows;
    size_t *idx = sorted_index(alloc, &k);
    group *groups = cq_malloc(alloc, (n ? n : 1) * sizeof(group));
    int rc = CONCORD_OK;
    if (idx == NULL || groups == NULL) {
        rc = cq_error_nomem(r->err);
        goto done;
    }
    r->run->steps += (long long)n; /* a step a row, as group by counts */
    if ((rc = cq_tick(r->run)) != CONCORD_OK)
        goto done;
    size_t n_groups = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1, first = idx[i];
        for (; j < n && same_keys(&k, idx[i], idx[j]); j++)
            first = idx[j] < first ? idx[j] : first;
        groups[n_groups++] = (group){i, j - i, first};
        i = j;
    }
    if (st->n_cols == 0 && n_groups == 0) /* the whole table: one row */
        groups[n_groups++] = (group){0, 0, 0};
    qsort(groups, n_groups, sizeof(group), group_first_order);
    for (size_t g = 0; rc == CONCORD_OK && g < n_groups; g++) {
        if ((rc = cq_row_room(r->run, out)) != CONCORD_OK)
            break;
        cq_value *to = cq_table_add_row(out);
        if (to == NULL) {
            rc = cq_error_nomem(r->err);
            break;
        }
        const cq_value *row =
            groups[g].n ? cq_table_row(in, groups[g].first) : NULL;
        for (int c = 0; row != NULL && c < st->n_cols; c++)
            to[c] = row[cols[c]];
        to[st->n_cols] = cq_int((long long)groups[g].n);
        for (int a = 0; a < st->n_aggs; a++)
            to[st->n_cols + 1 + a] =
                aggregate(&st->aggs[a], in, idx + groups[g].start, groups[g].n);
    }
done:
    cq_free(alloc, idx, 2 * (n ? n : 1) * sizeof(size_t));
    cq_free(alloc, groups, (n ? n : 1) * sizeof(group));
    return rc;
}

/* ---- top N by COL per KEYS ----------------------------------------------- */

typedef struct by_rank {
    by_keys keys;
    int col, type, desc;
} by_rank;

/* Within a group (equal keys), the best first; groups by key. */
static int cmp_rank(const void *ctx, size_t x, size_t y)
{
    const by_rank *b = ctx;
    int c = key_compare(&b->keys, x, y);
    if (c != 0)
        return c;
    const cq_value *u = &cq_table_row(b->keys.t, x)[b->col],
                   *v = &cq_table_row(b->keys.t, y)[b->col];
    if (u->type == CONCORD_NULL || v->type == CONCORD_NULL)
        return (u->type == CONCORD_NULL) - (v->type == CONCORD_NULL);
    c = typed_order(b->type, u, v);
    return b->desc ? -c : c;
}

/* (group's first row, rank position) pairs, in that order. */
static int compare_pair(const void *pa, const void *pb)
{
    const size_t *a = pa, *b = pb;
    if (a[0] != b[0])
        return (a[0] > b[0]) - (a[0] < b[0]);
    return (a[1] > b[1]) - (a[1] < b[1]);
}

int cq_stage_top(runner *r, cq_stage *st, cq_table *t)
{
    long long most;
    int rc = cq_operand_int(r->run, &st->limit, &most);
    if (rc != CONCORD_OK)
        return rc;
    if (most < 0)
        return cq_error_set(r->err, CONCORD_ERROR, &st->limit.node->loc,
                            "top takes a number of rows, 0 or more, not %lld",
                            most);
    const cq_allocator *alloc = r->run->alloc;
    size_t n = t->n_rows;
    by_rank b = {{t, st->cols, st->n_cols},
                 st->top_col,
                 cq_shape_column_type(&st->shape, st->top_col),
                 st->top_desc};
    size_t *idx = cq_malloc(alloc, 2 * (n ? n : 1) * sizeof(size_t));
    if (idx == NULL)
        return cq_error_nomem(r->err);
    r->run->steps += (long long)n;
    if ((rc = cq_tick(r->run)) != CONCORD_OK) {
        cq_free(alloc, idx, 2 * (n ? n : 1) * sizeof(size_t));
        return rc;
    }
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    sort_index(idx, idx + n, n, cmp_rank, &b);
    /* the first `most` of each group, then back in the input's order, so
    ** a group's rows are ranked and the groups keep their order */
    size_t kept = 0;
    for (size_t i = 0, in_group = 0; i < n; i++) {
        in_group =
            i > 0 && same_keys(&b.keys, idx[i - 1], idx[i]) ? in_group + 1 : 0;
        if ((long long)in_group < most)
            idx[kept++] = idx[i];
    }
    /* rows stay in rank order within a group; groups in first-row order */
    size_t *first = idx + n; /* room: each kept row's group's first row */
    for (size_t i = 0; i < kept; i++)
        first[i] = i > 0 && same_keys(&b.keys, idx[i - 1], idx[i])
                       ? first[i - 1]
                       : idx[i];
    size_t *pairs = cq_malloc(alloc, 2 * (kept ? kept : 1) * sizeof(size_t));
    cq_value *cells = cq_malloc(alloc, (kept ? kept : 1) * (size_t)t->n_cols *
                                           sizeof(cq_value));
    if (pairs == NULL || cells == NULL) {
        rc = cq_error_nomem(r->err);
    } else {
        /* order: group's first input row, then rank; encode as one key */
        for (size_t i = 0; i < kept; i++)
            pairs[2 * i] = first[i], pairs[2 * i + 1] = i;
        qsort(pairs, kept, 2 * sizeof(size_t), compare_pair);
        for (size_t i = 0; i < kept; i++)
            memcpy(&cells[i * (size_t)t->n_cols],
                   cq_table_row(t, idx[pairs[2 * i + 1]]),
                   (size_t)t->n_cols * sizeof(cq_value));
        if (kept > 0) /* an empty table may have no cells at all */
            memcpy(t->cells, cells,
                   kept * (size_t)t->n_cols * sizeof(cq_value));
        t->n_rows = kept;
    }
    cq_free(alloc, pairs, 2 * (kept ? kept : 1) * sizeof(size_t));
    cq_free(alloc, cells,
            (kept ? kept : 1) * (size_t)t->n_cols * sizeof(cq_value));
    cq_free(alloc, idx, 2 * (n ? n : 1) * sizeof(size_t));
    return rc;
}
