/*
** compose.c -- queries made of other queries' tables: `let` tables,
** union / intersect / except, and pipelines (| where, select, sort by,
** limit, group by, count).
**
** These work on whole result tables, so they are simple and the base
** statements stay streaming.  Rows compare by value (type and content;
** text exactly), which is what a set of rows means.
*/
#include <stdint.h>
#include <string.h>

#include "concord.h"
#include "fold.h"
#include "eval_core.h"
#include "session.h"
#include "strhash.h"
#include "value.h"

/* ---- values and rows ----------------------------------------------------- */

/* Short names inside this file (value.h). */
#define value_order cq_value_order
#define value_equal cq_value_equal

static uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ull;
    }
    return h;
}

/* A hash of the values of cols (all n columns when cols is NULL). */
static uint64_t row_hash(const cq_value *row, const int *cols, int n)
{
    uint64_t h = 1469598103934665603ull;
    for (int i = 0; i < n; i++) {
        const cq_value *v = &row[cols ? cols[i] : i];
        h = hash_bytes(h, &v->type, sizeof v->type);
        if (v->type == CONCORD_TEXT) /* 8 bytes at a time */
            h = (h ^ cq_strhash(v->u.text, strlen(v->u.text), h, 0)) *
                1099511628211ull;
        else if (v->type == CONCORD_INTEGER)
            h = hash_bytes(h, &v->u.integer, sizeof v->u.integer);
        else if (v->type == CONCORD_REAL)
            h = hash_bytes(h, &v->u.real, sizeof v->u.real);
    }
    return h;
}

static int row_equal(const cq_value *a, const int *acols, const cq_value *b,
                     const int *bcols, int n)
{
    for (int i = 0; i < n; i++)
        if (!value_equal(&a[acols ? acols[i] : i], &b[bcols ? bcols[i] : i]))
            return 0;
    return 1;
}

/*
** A set of rows of one table, keyed on some of its columns: open
** addressing over row indexes.  Used to drop duplicate rows and to group.
*/
typedef struct row_set {
    const cq_allocator *alloc;
    const cq_table *table; /* whose rows the slots index */
    const int *cols;       /* key columns (NULL: all) */
    int n_cols;
    size_t *slots; /* row index + 1; 0 is free */
    size_t cap;    /* slots used: a power of two */
    size_t bytes;  /* of the block slots points at */
} row_set;

/* A set with room for rows rows, in the block k keeps when it is big
** enough (k NULL: a block of its own). */
static int row_set_init(row_set *s, const cq_allocator *alloc,
                        const cq_table *table, const int *cols, int n_cols,
                        size_t rows, const cq_keep *k)
{
    s->alloc = alloc;
    s->table = table;
    s->cols = cols;
    s->n_cols = n_cols;
    s->cap = 16;
    while (s->cap < rows * 2 + 2)
        s->cap *= 2;
    s->bytes = s->cap * sizeof(size_t);
    if (k && k->data && k->size >= s->bytes) {
        s->slots = k->data;
        s->bytes = k->size;
        memset(s->slots, 0, s->cap * sizeof(size_t));
        return 0;
    }
    if (k && k->data)
        cq_free(alloc, k->data, k->size); /* too small: replaced */
    s->slots = cq_calloc(alloc, s->cap, sizeof(size_t));
    if (s->slots == NULL)
        s->bytes = 0;
    return s->slots ? 0 : -1;
}

/* Free the set's block, or put it back in k (when not NULL). */
static void row_set_free(row_set *s, cq_keep *k, cq_keep **list)
{
    if (k)
        cq_keep_put(k, list, s->slots, s->bytes);
    else
        cq_free(s->alloc, s->slots, s->bytes);
}

/* Find row (of any table with the same key columns) in the set: the index
** of the equal row there, or -1; when add is set and it is not there,
** record index as its place. */
static long row_set_find(row_set *s, const cq_value *row, const int *cols,
                         long add_index)
{
    size_t mask = s->cap - 1;
    for (size_t i = row_hash(row, cols, s->n_cols) & mask;;
         i = (i + 1) & mask) {
        if (s->slots[i] == 0) {
            if (add_index >= 0)
                s->slots[i] = (size_t)add_index + 1;
            return -1;
        }
        const cq_value *other = cq_table_row(s->table, s->slots[i] - 1);
        if (row_equal(other, s->cols, row, cols, s->n_cols))
            return (long)(s->slots[i] - 1);
    }
}

/* Append a copy of row to table, as one step of work within the rows
** limit.  Returns CONCORD_OK or the error (set on r). */
static int append_row(runner *r, cq_table *table, const cq_value *row)
{
    int rc = cq_tick(r->run);
    if (rc == CONCORD_OK)
        rc = cq_row_room(r->run, table);
    if (rc != CONCORD_OK)
        return rc;
    cq_value *to = cq_table_add_row(table);
    if (to == NULL)
        return cq_error_nomem(r->err);
    memcpy(to, row, sizeof(cq_value) * (size_t)table->n_cols);
    return CONCORD_OK;
}

/* Run plan into a new table on the cells k keeps (initialised here; put
** its cells back with cq_table_keep). */
static int run_into(cq_plan *plan, runner *r, cq_table *t, const cq_keep *k)
{
    cq_table_init_kept(t, r->run->alloc, plan->shape.columns,
                       plan->shape.n_columns, k);
    return r->run->execute(plan, r->run, t);
}

/* ---- tables -------------------------------------------------------------- */

int cq_run_table(runner *r)
{
    const cq_table *from = &r->plan->table->table;
    for (size_t i = 0; i < from->n_rows; i++) {
        int rc = append_row(r, r->table, cq_table_row(from, i));
        if (rc != CONCORD_OK)
            return rc;
    }
    return CONCORD_OK;
}

/* ---- set operations ------------------------------------------------------ */

/*
** union: the left's distinct rows, then the right's rows not seen yet;
** intersect: the left's distinct rows found on the right;
** except: the left's distinct rows not found on the right.
*/
int cq_run_setop(runner *r)
{
    cq_table left, right;
    cq_keep *keep = r->plan->keep;
    int rc = run_into(r->plan->left, r, &left, &keep[0]);
    if (rc == CONCORD_OK)
        rc = run_into(r->plan->right, r, &right, &keep[1]);
    else
        cq_table_init(&right, r->run->alloc, NULL, 0);
    int n = r->table->n_cols;
    row_set seen = {0}, other = {0};
    if (rc == CONCORD_OK &&
        (row_set_init(&seen, r->run->alloc, r->table, NULL, n,
                      left.n_rows + right.n_rows, NULL) ||
         row_set_init(&other, r->run->alloc, &right, NULL, n, right.n_rows,
                      NULL)))
        rc = cq_error_nomem(r->err);
    /* each row hashed or looked up is a step, so a long chain of set
    ** operations meets the steps limit and sees interrupts */
    for (size_t i = 0; rc == CONCORD_OK && i < right.n_rows; i++)
        if ((rc = cq_tick(r->run)) == CONCORD_OK)
            row_set_find(&other, cq_table_row(&right, i), NULL, (long)i);
    const int op = r->plan->setop;
    for (int side = 0; rc == CONCORD_OK && side < 2; side++) {
        const cq_table *t = side == 0 ? &left : &right;
        if (side == 1 && op != CQ_SET_UNION)
            break;
        for (size_t i = 0; rc == CONCORD_OK && i < t->n_rows; i++) {
            const cq_value *row = cq_table_row(t, i);
            if ((rc = cq_tick(r->run)) != CONCORD_OK)
                break;
            if (side == 0 && op != CQ_SET_UNION) {
                int found = row_set_find(&other, row, NULL, -1) >= 0;
                if (found != (op == CQ_SET_INTERSECT))
                    continue;
            }
            if (row_set_find(&seen, row, NULL, -1) >= 0)
                continue;
            rc = append_row(r, r->table, row);
            if (rc == CONCORD_OK)
                row_set_find(&seen, row, NULL, (long)r->table->n_rows - 1);
        }
    }
    if (seen.slots)
        row_set_free(&seen, NULL, NULL);
    if (other.slots)
        row_set_free(&other, NULL, NULL);
    cq_table_keep(&left, &keep[0], r->run->kept);
    if (right.cells)
        cq_table_keep(&right, &keep[1], r->run->kept);
    return rc;
}

/* ---- pipelines ----------------------------------------------------------- */

typedef struct sort_keys {
    const int *cols;
    const int *desc;
    int n;
    cq_run *run; /* counts the rows merged as steps */
    int rc;      /* why the sort stopped */
} sort_keys;

/* n rows merged: n steps, so a sort (or thousands of them) meets the steps
** limit and sees interrupts like any other loop. */
static int sort_tick(void *ctx, size_t n)
{
    sort_keys *k = ctx;
    for (size_t i = 0; i < n && k->rc == CONCORD_OK; i++)
        k->rc = cq_tick(k->run);
    return k->rc != CONCORD_OK;
}

static int sort_compare(const cq_value *a, const cq_value *b, void *ctx)
{
    const sort_keys *k = ctx;
    for (int i = 0; i < k->n; i++) {
        int c = value_order(&a[k->cols[i]], &b[k->cols[i]]);
        if (c != 0)
            return k->desc[i] ? -c : c;
    }
    return 0;
}

/* Keep the rows of t that satisfy cond (in place). */
static int stage_filter(runner *r, cq_stage *st, cq_table *t)
{
    int rc = cq_cond_prepare(st->cond, r->run);
    if (rc != CONCORD_OK)
        return rc;
    size_t kept = 0;
    for (size_t i = 0; i < t->n_rows; i++) {
        if ((rc = cq_tick(r->run)) != CONCORD_OK)
            return rc;
        const cq_value *row = cq_table_row(t, i);
        if (!cq_cond_test(st->cond, row, r->g, CQ_NONE))
            continue;
        if (kept != i)
            memmove(cq_table_row(t, kept), row,
                    sizeof(cq_value) * (size_t)t->n_cols);
        kept++;
    }
    t->n_rows = kept;
    return CONCORD_OK;
}

/* What narrowed is, past 0 and 1 (the input narrowed to a first `group
** by`'s key columns): narrowed to one key whose value no two rows share. */
#define PIPE_DISTINCT 2

/* Up to this many input rows are grouped by comparing each with the groups
** made so far: for the few rows of a point query that is cheaper than
** hashing each row twice. */
#define GROUP_SCAN_ROWS 16

/* A cheap digest of text that equal texts share: its length and its first
** and last eight bytes (keys of one standard differ near their ends). */
static uint64_t text_digest(const char *s)
{
    size_t n = strlen(s);
    uint64_t head = 0, tail = 0;
    if (n >= 8) {
        memcpy(&head, s, 8);
        memcpy(&tail, s + n - 8, 8);
    } else {
        for (size_t i = 0; i < n; i++)
            head = head << 8 | (unsigned char)s[i];
    }
    return (head * 0x9e3779b97f4a7c15u) ^ (tail * 0xc2b2ae3d27d4eb4fu) ^ n;
}

/* A hash of the key cols of row (0, 1, ... when cols is NULL) that equal
** keys (value_equal) share: text by text_digest, integers by value, reals
** by type alone (0.0 and -0.0 are equal; their bits are not).  Unequal
** keys may share one: it only spares most compares. */
static uint64_t key_hash(const cq_value *row, const int *cols, int n)
{
    const uint64_t k = 0x9e3779b97f4a7c15u;
    uint64_t h = (uint64_t)n;
    for (int i = 0; i < n; i++) {
        const cq_value *v = &row[cols ? cols[i] : i];
        uint64_t x = (uint64_t)v->type;
        if (v->type == CONCORD_TEXT)
            x ^= text_digest(v->u.text);
        else if (v->type == CONCORD_INTEGER)
            x ^= (uint64_t)v->u.integer * k;
        h = (h ^ x) * k;
        h ^= h >> 29;
    }
    return h;
}

/* The group of out's rows from base on (keys in their first n columns;
** the key_hash of the k-th in hashes[k], k < n_hashed) whose key is row's
** cols, whose key_hash is hash, or -1.  Rows of other keys are told apart
** by their hashes, nearly always without a compare of their text. */
static long group_scan(const cq_table *out, size_t base, const uint64_t *hashes,
                       size_t n_hashed, int n, const cq_value *row,
                       const int *cols, uint64_t hash)
{
    for (size_t k = 0; k < n_hashed; k++)
        if (hashes[k] == hash &&
            row_equal(cq_table_row(out, base + k), NULL, row, cols, n))
            return (long)(base + k);
    return -1;
}

/* The rows of `in`, keyed on its columns cols (st->cols, or NULL for 0, 1,
** ... when the input was narrowed to them), into out: one row per distinct key
** (first appearance first), with a count when st is a `group by`.  distinct:
** no two rows of `in` have one key (PIPE_DISTINCT), so each is a group of
** one, with no key hashed or compared. */
static int stage_project(runner *r, cq_stage *st, const int *cols,
                         const cq_table *in, cq_table *out, int distinct)
{
    int group = st->kind == CQ_N_GROUP;
    int scan = group && !distinct && in->n_rows <= GROUP_SCAN_ROWS;
    row_set groups = {0};
    if (group && !scan && !distinct) {
        int failed = row_set_init(&groups, r->run->alloc, out, NULL, st->n_cols,
                                  in->n_rows, &st->groups);
        cq_keep_put(&st->groups, r->run->kept, groups.slots, groups.bytes);
        if (failed)
            return cq_error_nomem(r->err);
    }
    int rc = CONCORD_OK;
    /* scan: the key hash of each group made, in the order of its row */
    uint64_t hashes[GROUP_SCAN_ROWS], hash = 0;
    size_t base = out->n_rows, n_hashed = 0;
    for (size_t i = 0; rc == CONCORD_OK && i < in->n_rows; i++) {
        const cq_value *row = cq_table_row(in, i);
        /* every row is a step, the ones that join a group too */
        if ((rc = cq_tick(r->run)) != CONCORD_OK)
            break;
        if (group && !distinct) {
            if (scan)
                hash = key_hash(row, cols, st->n_cols);
            long at = scan ? group_scan(out, base, hashes, n_hashed, st->n_cols,
                                        row, cols, hash)
                           : row_set_find(&groups, row, cols, -1);
            if (at >= 0) {
                cq_table_row(out, (size_t)at)[st->n_cols].u.integer++;
                continue;
            }
        }
        if ((rc = cq_row_room(r->run, out)) != CONCORD_OK)
            break;
        /* every cell is set below: the row is not cleared first */
        int cells = st->n_cols + group;
        cq_value *to = cells == out->n_cols ? cq_table_push_row(out)
                                            : cq_table_add_row(out);
        if (to == NULL) {
            rc = cq_error_nomem(r->err);
            break;
        }
        for (int k = 0; k < st->n_cols; k++)
            to[k] = row[cols ? cols[k] : k];
        if (group) {
            to[st->n_cols] = cq_int(1);
            if (scan)
                hashes[n_hashed++] = hash;
            else if (!distinct)
                row_set_find(&groups, to, NULL, (long)out->n_rows - 1);
        }
    }
    if (groups.slots)
        row_set_free(&groups, &st->groups, r->run->kept);
    return rc;
}

/* *t becomes out, whose cells the stage keeps; *t's go back to *owner. */
static void replace_table(runner *r, cq_stage *st, cq_table *t, cq_keep **owner,
                          cq_table *out)
{
    cq_table_keep(t, *owner, r->run->kept);
    *t = *out;
    *owner = &st->out;
}

/* Apply one stage to *t, replacing it when the stage makes a new table;
** *owner is the keep that t's cells go back to.  narrowed: t holds only
** the stage's key columns, in order (a `group by` the input was narrowed
** to; PIPE_DISTINCT: and no two rows share a key). */
static int run_stage(runner *r, cq_stage *st, cq_table *t, cq_keep **owner,
                     int narrowed)
{
    switch (st->kind) {
    case CQ_N_FILTER:
        return stage_filter(r, st, t);
    case CQ_N_SORT: {
        sort_keys keys = {st->cols, st->desc, st->n_cols, r->run, CONCORD_OK};
        int rc = cq_tick(r->run); /* a sort of no rows is a step too */
        if (rc == CONCORD_OK &&
            cq_table_sort(t, sort_compare, &keys, sort_tick) < 0)
            rc = cq_error_nomem(r->err);
        return rc != CONCORD_OK ? rc : keys.rc;
    }
    case CQ_N_LIMIT: {
        cq_cond one;
        memset(&one, 0, sizeof one);
        one.kind = CQ_C_CMP;
        one.lhs = st->limit;
        int rc = cq_cond_prepare(&one, r->run);
        if (rc != CONCORD_OK)
            return rc;
        long long n = one.lhs.value.u.integer;
        if (n < 0)
            return cq_error_set(r->err, CONCORD_ERROR, &st->limit.node->loc,
                                "limit takes a number of rows, 0 or more, "
                                "not %lld",
                                n);
        if ((unsigned long long)n < t->n_rows)
            t->n_rows = (size_t)n;
        return CONCORD_OK;
    }
    case CQ_N_COUNT: {
        if (st->passthrough)
            return CONCORD_OK;
        cq_table out;
        cq_table_init_kept(&out, r->run->alloc, st->shape.columns, 1, &st->out);
        cq_value *row = cq_table_add_row(&out);
        if (row == NULL) {
            cq_table_keep(&out, &st->out, r->run->kept);
            return cq_error_nomem(r->err);
        }
        row[0] = cq_int((long long)t->n_rows);
        replace_table(r, st, t, owner, &out);
        return CONCORD_OK;
    }
    case CQ_N_SELECT:
    case CQ_N_GROUP: {
        cq_table out;
        cq_table_init_kept(&out, r->run->alloc, st->shape.columns,
                           st->shape.n_columns, &st->out);
        /* narrowed: the key columns come first, in order (NULL: 0, 1, ...;
        ** a key may be named twice, so there can be more than CQ_MAX_SLOTS) */
        int rc = st->n_aggs ? cq_stage_aggregate(r, st, st->cols, t, &out)
                            : stage_project(r, st, narrowed ? NULL : st->cols,
                                            t, &out, narrowed == PIPE_DISTINCT);
        if (rc != CONCORD_OK) {
            cq_table_keep(&out, &st->out, r->run->kept);
            return rc;
        }
        replace_table(r, st, t, owner, &out);
        return CONCORD_OK;
    }
    case CQ_N_TOP:
        return cq_stage_top(r, st, t);
    default:
        return cq_error_set(r->err, CONCORD_INTERNAL, &st->node->loc,
                            "cannot run a %s stage",
                            cq_node_kind_name(st->kind));
    }
}

/* Can plan's rows be narrowed to a `select` as it makes them (cq_emit)?
** The base statements whose every row goes through cq_emit, and that read
** nothing back from their table. */
static int emits_rows(const cq_plan *plan)
{
    switch (plan->kind) {
    case CQ_N_CLAUSES:
    case CQ_N_CORRELATE:
    case CQ_N_GAP:
    case CQ_N_COVERAGE:
        return 1;
    default:
        return 0;
    }
}

/*
** `base | select ...`: the base statement makes the selected columns
** itself, filling only the fields the selection and its `where` read, so
** a row is made once instead of being made whole and copied by the stage.
** With nothing after the select it writes straight into the result; the
** steps the copies would have counted are counted all the same.
** `base | group by ...`: the base statement makes only the key columns,
** and the group stage reads them as they come (*narrowed); it runs, and
** counts its steps, as before.
*/
static int narrow_first_run(runner *r, int *first_stage, int *narrowed);

/* narrow_input's answers, kept in the pipe's plan after its first run:
** they and what it sets on the input depend on the plans alone. */
enum { NARROW_KNOWN = 1, NARROW_FIRST = 2, NARROW_GROUP = 4, NARROW_ALL = 8 };

static int narrow_input(runner *r, int *first_stage, int *narrowed)
{
    int as = r->plan->narrowed_as;
    if (!(as & NARROW_KNOWN)) {
        int all = narrow_first_run(r, first_stage, narrowed);
        r->plan->narrowed_as =
            NARROW_KNOWN | (*first_stage ? NARROW_FIRST : 0) |
            (*narrowed ? NARROW_GROUP : 0) | (all ? NARROW_ALL : 0);
        return all;
    }
    *first_stage = (as & NARROW_FIRST) != 0;
    *narrowed = (as & NARROW_GROUP) != 0;
    return (as & NARROW_ALL) != 0;
}

static int narrow_first_run(runner *r, int *first_stage, int *narrowed)
{
    cq_plan *input = r->plan->input;
    *first_stage = 0;
    *narrowed = 0;
    if (r->plan->n_stages == 0 || !emits_rows(input))
        return 0;
    const cq_stage *st = &r->plan->stages[0];
    if ((st->kind != CQ_N_SELECT && st->kind != CQ_N_GROUP) || st->n_aggs)
        return 0; /* aggregates read more than the keys */
    uint64_t used = input->where_slots;
    for (int i = 0; i < st->n_cols; i++)
        used |= st->cols[i] < 64 ? UINT64_C(1) << st->cols[i] : ~UINT64_C(0);
    input->project = st->cols;
    input->n_project = st->n_cols;
    input->skip = ~used;
    if (st->kind == CQ_N_GROUP) {
        input->extra_ticks = 0;
        *narrowed = 1;
        return 0;
    }
    input->extra_ticks = r->plan->n_stages == 1 ? 2 : 1;
    *first_stage = 1;
    return r->plan->n_stages == 1;
}

/* Can the last stage st make the pipeline's rows in its result table
** (project_into)?  A `select` or a `group by` without aggregates, when
** the result is empty and holds its rows as values. */
static int projects_into(const runner *r, const cq_stage *st)
{
    const cq_table *out = r->table;
    return (st->kind == CQ_N_SELECT || st->kind == CQ_N_GROUP) && !st->n_aggs &&
           out->n_rows == 0 && out->id_cell == NULL &&
           out->n_cols == st->shape.n_columns;
}

/* The last stage st made straight in the result, not in a table of its
** own copied there: the steps and the rows limit are counted as the copy
** would have counted them (a step a row, the limit met at the same row). */
static int project_into(runner *r, cq_stage *st, const cq_table *t,
                        int narrowed)
{
    int rc = stage_project(r, st, narrowed ? NULL : st->cols, t, r->table,
                           narrowed == PIPE_DISTINCT);
    for (size_t i = 0; rc == CONCORD_OK && i < r->table->n_rows; i++)
        rc = cq_tick(r->run);
    return rc;
}

/* The input's table and each stage's output live in blocks the plan keeps
** from run to run, so a prepared pipeline runs again without allocating. */
int cq_run_pipe(runner *r)
{
    cq_plan *input = r->plan->input;
    int first = 0, narrowed = 0;
    if (narrow_input(r, &first, &narrowed))
        return r->run->execute(input, r->run, r->table);
    cq_keep *owner = &r->plan->keep[0];
    cq_table t;
    if (first)
        cq_table_init_kept(&t, r->run->alloc, r->plan->stages[0].shape.columns,
                           r->plan->stages[0].shape.n_columns, owner);
    else if (narrowed) /* the group's key columns come first in its shape */
        cq_table_init_kept(&t, r->run->alloc, r->plan->stages[0].shape.columns,
                           r->plan->stages[0].n_cols, owner);
    else
        cq_table_init_kept(&t, r->run->alloc, input->shape.columns,
                           input->shape.n_columns, owner);
    int rc = r->run->execute(input, r->run, &t);
    /* a `group by` of the one key no two input rows share (a via's target,
    ** from one source): each row its own group */
    if (rc == CONCORD_OK && narrowed && r->plan->stages[0].kind == CQ_N_GROUP &&
        r->plan->stages[0].n_cols == 1 &&
        r->plan->stages[0].cols[0] == cq_via_distinct_slot(input))
        narrowed = PIPE_DISTINCT;
    /* each stage is a step, however few its rows */
    int last = r->plan->n_stages - 1;
    for (int i = first; rc == CONCORD_OK && i <= last; i++) {
        if ((rc = cq_tick(r->run)) != CONCORD_OK)
            break;
        if (i == last && projects_into(r, &r->plan->stages[i])) {
            rc =
                project_into(r, &r->plan->stages[i], &t, i == 0 ? narrowed : 0);
            t.n_rows = 0; /* its rows are in the result */
        } else {
            rc = run_stage(r, &r->plan->stages[i], &t, &owner,
                           i == 0 ? narrowed : 0);
        }
    }
    for (size_t i = 0; rc == CONCORD_OK && i < t.n_rows; i++)
        rc = append_row(r, r->table, cq_table_row(&t, i));
    cq_table_keep(&t, owner, r->run->kept);
    return rc;
}
