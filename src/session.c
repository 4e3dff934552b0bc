/*
** session.c -- `let` tables and `def` queries kept between statements;
** see session.h.
*/
#include "session.h"

#include <string.h>

#include "concord.h"
#include "fold.h"

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
    memset(s, 0, sizeof *s);
}

cq_let *cq_session_let(const cq_session *s, const char *name)
{
    for (cq_let *l = s->lets; l; l = l->next)
        if (cq_equal_fold(l->name, name))
            return l;
    return NULL;
}

cq_def *cq_session_def(const cq_session *s, const char *name)
{
    for (cq_def *d = s->defs; d; d = d->next)
        if (cq_equal_fold(d->name, name))
            return d;
    return NULL;
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

int cq_session_set_let(cq_session *s, const char *name, const cq_table *table,
                       const cq_shape *shape, cq_error *err)
{
    cq_let *let = cq_malloc(s->alloc, sizeof *let);
    if (let == NULL)
        return cq_error_nomem(err);
    memset(let, 0, sizeof *let);
    cq_arena_init(&let->arena, s->alloc);
    int ok = (let->name = cq_arena_strndup(&let->arena, name, strlen(name))) &&
             copy_shape(&let->arena, shape, &let->shape) == 0;
    cq_table_init(&let->table, s->alloc, let->shape.columns,
                  let->shape.n_columns);
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
    if (!ok) {
        let_free(s->alloc, let);
        return cq_error_nomem(err);
    }
    /* The old table of that name retires: earlier statements may read it. */
    for (cq_let **p = &s->lets; *p; p = &(*p)->next) {
        if (cq_equal_fold((*p)->name, name)) {
            cq_let *old = *p;
            *p = old->next;
            old->next = s->old_lets;
            s->old_lets = old;
            break;
        }
    }
    let->next = s->lets;
    s->lets = let;
    return CONCORD_OK;
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
    copy->a = def->a ? cq_node_copy(&d->arena, def->a) : NULL;
    copy->b = cq_node_copy(&d->arena, def->b);
    copy->text = cq_arena_strndup(&d->arena, def->text, strlen(def->text));
    if ((def->a && copy->a == NULL) || copy->b == NULL || copy->text == NULL) {
        def_free(s->alloc, d);
        return cq_error_nomem(err);
    }
    d->name = copy->text;
    d->params = copy->a;
    for (const cq_node *p = copy->a; p; p = p->next)
        d->n_params++;
    d->body = copy->b;
    d->node = copy;
    for (cq_def **p = &s->defs; *p; p = &(*p)->next) {
        if (cq_equal_fold((*p)->name, d->name)) {
            cq_def *old = *p;
            *p = old->next;
            old->next = s->old_defs;
            s->old_defs = old;
            break;
        }
    }
    d->next = s->defs;
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
