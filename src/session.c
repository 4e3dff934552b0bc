/*
** session.c -- `let` tables and `def` queries kept between statements;
** see session.h.
*/
#include "session.h"

#include <stdint.h>
#include <string.h>

#include "concord.h"
#include "fold.h"

typedef struct cq_name_slot {
    const char *name; /* NULL: empty */
    void *item;       /* the cq_let or cq_def */
} cq_name_slot;

static size_t name_hash(const char *name)
{
    uint64_t h = 1469598103934665603ull;
    for (; *name; name++)
        h = (h ^ (unsigned char)cq_fold((unsigned char)*name)) *
            1099511628211ull;
    return (size_t)(h ^ (h >> 29));
}

/* The slot of name in ix, or the empty slot where it would go. */
static cq_name_slot *index_slot(const cq_name_index *ix, const char *name)
{
    size_t mask = ix->cap - 1;
    for (size_t i = name_hash(name) & mask;; i = (i + 1) & mask) {
        cq_name_slot *slot = &ix->slots[i];
        if (slot->name == NULL || cq_equal_fold(slot->name, name))
            return slot;
    }
}

static void *index_find(const cq_name_index *ix, const char *name)
{
    return ix->cap ? index_slot(ix, name)->item : NULL;
}

/* Make name lead to item; *old is what it led to (or NULL).  Returns -1
** on OOM (nothing changed). */
static int index_put(cq_name_index *ix, const cq_allocator *alloc,
                     const char *name, void *item, void **old)
{
    if ((ix->n + 1) * 2 > ix->cap) { /* at most half full */
        size_t cap = ix->cap ? ix->cap * 2 : 16;
        cq_name_slot *slots = cq_calloc(alloc, cap, sizeof *slots);
        if (slots == NULL)
            return -1;
        cq_name_index grown = {slots, cap, ix->n};
        for (size_t i = 0; i < ix->cap; i++)
            if (ix->slots[i].name)
                *index_slot(&grown, ix->slots[i].name) = ix->slots[i];
        cq_free(alloc, ix->slots, ix->cap * sizeof *slots);
        *ix = grown;
    }
    cq_name_slot *slot = index_slot(ix, name);
    *old = slot->item;
    if (slot->name == NULL)
        ix->n++;
    slot->name = name;
    slot->item = item;
    return 0;
}

void cq_session_init(cq_session *s, const cq_allocator *alloc)
{
    memset(s, 0, sizeof *s);
    s->alloc = alloc;
    cq_status_init(&s->status, alloc);
}

static void let_free(const cq_allocator *alloc, cq_let *let)
{
    cq_table_free(&let->table);
    cq_arena arena = let->arena;
    cq_free(alloc, let, sizeof *let);
    cq_arena_free(&arena);
}

static void def_free(const cq_allocator *alloc, cq_def *def)
{
    cq_arena arena = def->arena;
    cq_free(alloc, def, sizeof *def);
    cq_arena_free(&arena);
}

void cq_session_free(cq_session *s)
{
    cq_status_free(&s->status);
    cq_let *lists[] = {s->lets, s->old_lets};
    for (int i = 0; i < 2; i++) {
        for (cq_let *l = lists[i]; l;) {
            cq_let *next = l->next;
            let_free(s->alloc, l);
            l = next;
        }
    }
    cq_def *defs[] = {s->defs, s->old_defs};
    for (int i = 0; i < 2; i++) {
        for (cq_def *d = defs[i]; d;) {
            cq_def *next = d->next;
            def_free(s->alloc, d);
            d = next;
        }
    }
    cq_free(s->alloc, s->source_path, s->source_size);
    cq_free(s->alloc, s->let_index.slots,
            s->let_index.cap * sizeof(cq_name_slot));
    cq_free(s->alloc, s->def_index.slots,
            s->def_index.cap * sizeof(cq_name_slot));
    memset(s, 0, sizeof *s);
}

cq_let *cq_session_let(const cq_session *s, const char *name)
{
    return index_find(&s->let_index, name);
}

cq_def *cq_session_def(const cq_session *s, const char *name)
{
    return index_find(&s->def_index, name);
}

/* Copy the column names and the type of each column (as a field whose
** slot is the column) into arena. */
static int copy_shape(cq_arena *arena, const cq_shape *from, cq_shape *to)
{
    int n = from->n_columns;
    const char **cols = cq_arena_alloc(arena, sizeof(char *) * (size_t)(n + 1));
    cq_field *fields =
        cq_arena_alloc(arena, sizeof(cq_field) * (size_t)(n + 1));
    if (cols == NULL || fields == NULL)
        return -1;
    for (int i = 0; i < n; i++) {
        cols[i] =
            cq_arena_strndup(arena, from->columns[i], strlen(from->columns[i]));
        if (cols[i] == NULL)
            return -1;
        fields[i].name = cols[i];
        fields[i].type = cq_shape_column_type(from, i);
        fields[i].slot = i;
    }
    to->columns = cols;
    to->n_columns = n;
    to->n_slots = n;
    to->fields = fields;
    to->n_fields = n;
    return 0;
}

/* About the bytes a let's arena keeps (its name, columns and text values,
** each allocation rounded up for alignment), so that the copy takes one
** chunk of the right size: a script may keep thousands of lets. */
static size_t let_bytes(const char *name, const cq_table *table,
                        const cq_shape *shape)
{
    const size_t slack = 16; /* an allocation's alignment, at most */
    size_t n = strlen(name) + 1 + slack;
    n += (sizeof(char *) + sizeof(cq_field)) * (size_t)(shape->n_columns + 1) +
         2 * slack;
    for (int i = 0; i < shape->n_columns; i++)
        n += strlen(shape->columns[i]) + 1 + slack;
    for (size_t r = 0; r < table->n_rows; r++) {
        const cq_value *row = cq_table_row(table, r);
        for (int c = 0; c < table->n_cols; c++)
            if (row[c].type == CONCORD_TEXT)
                n += strlen(row[c].u.text) + 1 + slack;
    }
    return n;
}

int cq_session_set_let(cq_session *s, const char *name, const cq_table *table,
                       const cq_shape *shape, cq_error *err)
{
    cq_let *let = cq_malloc(s->alloc, sizeof *let);
    if (let == NULL)
        return cq_error_nomem(err);
    memset(let, 0, sizeof *let);
    cq_arena_init_sized(&let->arena, s->alloc, let_bytes(name, table, shape));
    int ok = (let->name = cq_arena_strndup(&let->arena, name, strlen(name))) &&
             copy_shape(&let->arena, shape, &let->shape) == 0;
    cq_table_init(&let->table, s->alloc, let->shape.columns,
                  let->shape.n_columns);
    if (ok && table->n_rows > 0 && cq_table_reserve(&let->table, table->n_rows))
        ok = 0;
    for (size_t r = 0; ok && r < table->n_rows; r++) {
        cq_value *row = cq_table_add_row(&let->table);
        const cq_value *from = cq_table_row(table, r);
        if (row == NULL) {
            ok = 0;
            break;
        }
        for (int c = 0; c < table->n_cols; c++) {
            row[c] = from[c];
            if (from[c].type == CONCORD_TEXT) {
                row[c].u.text = cq_arena_strndup(&let->arena, from[c].u.text,
                                                 strlen(from[c].u.text));
                if (row[c].u.text == NULL) {
                    ok = 0;
                    break;
                }
            }
        }
    }
    void *replaced = NULL;
    if (!ok || index_put(&s->let_index, s->alloc, let->name, let, &replaced)) {
        let_free(s->alloc, let);
        return cq_error_nomem(err);
    }
    /* The old table of that name retires: earlier statements may read it. */
    cq_let *old = replaced;
    if (old) {
        if (old->prev)
            old->prev->next = old->next;
        else
            s->lets = old->next;
        if (old->next)
            old->next->prev = old->prev;
        old->prev = NULL;
        old->next = s->old_lets;
        s->old_lets = old;
    }
    let->next = s->lets;
    if (s->lets)
        s->lets->prev = let;
    s->lets = let;
    return CONCORD_OK;
}

void cq_def_from_node(cq_def *d, const cq_node *def)
{
    d->name = def->text;
    d->params = def->params;
    d->n_params = 0;
    for (const cq_node *p = def->params; p; p = p->next)
        d->n_params++;
    d->body = def->query;
    d->node = def;
}

int cq_session_set_def(cq_session *s, const cq_node *def, cq_error *err)
{
    cq_def *d = cq_malloc(s->alloc, sizeof *d);
    if (d == NULL)
        return cq_error_nomem(err);
    memset(d, 0, sizeof *d);
    cq_arena_init(&d->arena, s->alloc);
    cq_node *copy = cq_arena_alloc(&d->arena, sizeof *copy);
    if (copy == NULL) {
        def_free(s->alloc, d);
        return cq_error_nomem(err);
    }
    *copy = *def;
    copy->next = NULL;
    copy->params = def->params ? cq_node_copy(&d->arena, def->params) : NULL;
    copy->query = cq_node_copy(&d->arena, def->query);
    copy->text = cq_arena_strndup(&d->arena, def->text, strlen(def->text));
    if ((def->params && copy->params == NULL) || copy->query == NULL ||
        copy->text == NULL) {
        def_free(s->alloc, d);
        return cq_error_nomem(err);
    }
    cq_def_from_node(d, copy);
    void *replaced = NULL;
    if (index_put(&s->def_index, s->alloc, d->name, d, &replaced)) {
        def_free(s->alloc, d);
        return cq_error_nomem(err);
    }
    cq_def *old = replaced;
    if (old) {
        if (old->prev)
            old->prev->next = old->next;
        else
            s->defs = old->next;
        if (old->next)
            old->next->prev = old->prev;
        old->prev = NULL;
        old->next = s->old_defs;
        s->old_defs = old;
    }
    d->next = s->defs;
    if (s->defs)
        s->defs->prev = d;
    s->defs = d;
    return CONCORD_OK;
}

int cq_session_set_source(cq_session *s, const char *path, cq_error *err)
{
    char *copy = NULL;
    size_t size = 0;
    if (path != NULL) {
        size = strlen(path) + 1;
        copy = cq_strndup(s->alloc, path, size - 1);
        if (copy == NULL)
            return cq_error_nomem(err);
    }
    cq_free(s->alloc, s->source_path, s->source_size);
    s->source_path = copy;
    s->source_size = size;
    return CONCORD_OK;
}
